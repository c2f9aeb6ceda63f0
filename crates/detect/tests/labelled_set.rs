//! Runs the scanner over the labelled set in fixtures/detect (built by
//! fixtures/detect/generate.py), prints precision and recall per category,
//! and fails when recall for card numbers, bank accounts, routing numbers or
//! SSNs falls below 99.5%, or precision over the whole set below 99%.

use std::collections::BTreeMap;
use std::path::PathBuf;

use disclose_detect::{Category, Finding, ScanOptions, Scanner};
use serde::Deserialize;

#[derive(Deserialize)]
struct Span {
    #[serde(default)]
    category: String,
    #[serde(default)]
    kind: String,
    start: usize,
    end: usize,
    text: String,
}

#[derive(Deserialize)]
struct Doc {
    file: String,
    labels: Vec<Span>,
    decoys: Vec<Span>,
    #[serde(default)]
    custom_terms: Vec<String>,
}

/// The set's directory; DETECT_SET_DIR points elsewhere (a set generated
/// with another seed, to check that the detectors were not fitted to this one).
fn set_dir() -> PathBuf {
    match std::env::var_os("DETECT_SET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/detect"),
    }
}

fn overlaps(f: &Finding, s: &Span) -> bool {
    f.span.start < s.end && s.start < f.span.end
}

#[derive(Default)]
struct Tally {
    labels: usize,
    recalled: usize,
    findings: usize,
    correct: usize,
}

#[test]
fn labelled_set_precision_and_recall() {
    let dir = set_dir();
    let json = std::fs::read_to_string(dir.join("labels.json")).unwrap();
    let docs: Vec<Doc> = serde_json::from_str(&json).unwrap();
    let default_scanner = Scanner::new(&ScanOptions::default()).unwrap();
    let mut tally: BTreeMap<Category, Tally> = BTreeMap::new();
    let mut decoys_hit: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut problems = Vec::new();
    let (mut n_labels, mut n_decoys) = (0, 0);
    for doc in &docs {
        let text = std::fs::read_to_string(dir.join(&doc.file)).unwrap();
        let custom;
        let scanner = if doc.custom_terms.is_empty() {
            &default_scanner
        } else {
            custom = Scanner::new(&ScanOptions {
                custom_terms: doc.custom_terms.clone(),
                ..ScanOptions::default()
            })
            .unwrap();
            &custom
        };
        let found = scanner.scan(&text);
        for l in &doc.labels {
            assert_eq!(&text[l.start..l.end], l.text, "{}: label span", doc.file);
            let cat: Category = l.category.parse().unwrap();
            let t = tally.entry(cat).or_default();
            t.labels += 1;
            n_labels += 1;
            if found.iter().any(|f| f.category == cat && overlaps(f, l)) {
                t.recalled += 1;
            } else {
                problems.push(format!("MISS {} {} {:?}", doc.file, cat, l.text));
            }
        }
        for f in &found {
            let t = tally.entry(f.category).or_default();
            t.findings += 1;
            let right = doc
                .labels
                .iter()
                .any(|l| l.category == f.category.as_str() && overlaps(f, l));
            if right {
                t.correct += 1;
            } else {
                problems.push(format!(
                    "FALSE {} {} {:?} ({} {:?})",
                    doc.file,
                    f.category,
                    &text[f.span.clone()],
                    f.detector,
                    f.context
                ));
            }
        }
        for d in &doc.decoys {
            n_decoys += 1;
            let e = decoys_hit.entry(d.kind.clone()).or_default();
            e.0 += 1;
            if found.iter().any(|f| overlaps(f, d)) {
                e.1 += 1;
            }
        }
    }
    println!(
        "{} documents, {} labelled values, {} look-alikes",
        docs.len(),
        n_labels,
        n_decoys
    );
    println!(
        "{:<20} {:>7} {:>9} {:>7} {:>9} {:>8}",
        "category", "labels", "recall", "found", "precision", ""
    );
    let (mut all_found, mut all_correct) = (0, 0);
    for (cat, t) in &tally {
        let recall = if t.labels == 0 {
            1.0
        } else {
            t.recalled as f64 / t.labels as f64
        };
        let precision = if t.findings == 0 {
            1.0
        } else {
            t.correct as f64 / t.findings as f64
        };
        all_found += t.findings;
        all_correct += t.correct;
        println!(
            "{:<20} {:>7} {:>8.2}% {:>7} {:>8.2}%",
            cat.as_str(),
            t.labels,
            recall * 100.0,
            t.findings,
            precision * 100.0
        );
    }
    let precision = all_correct as f64 / all_found.max(1) as f64;
    println!(
        "overall precision {:.2}% ({} of {} findings)",
        precision * 100.0,
        all_correct,
        all_found
    );
    println!("look-alikes reported (kind: reported/total):");
    for (k, (n, hit)) in &decoys_hit {
        println!("  {k:<18} {hit}/{n}");
    }
    for p in problems.iter().take(400) {
        println!("{p}");
    }
    assert!(n_labels >= 300 && n_decoys >= 300, "the set is too small");
    for cat in [
        Category::CardNumber,
        Category::BankAccount,
        Category::RoutingNumber,
        Category::Ssn,
    ] {
        let t = tally.get(&cat).unwrap();
        let recall = t.recalled as f64 / t.labels as f64;
        assert!(
            recall >= 0.995,
            "recall for {cat} is {:.2}%",
            recall * 100.0
        );
    }
    assert!(precision >= 0.99, "precision is {:.2}%", precision * 100.0);
}
