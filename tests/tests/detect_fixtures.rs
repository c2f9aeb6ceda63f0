//! Detection recall on the text our PDF reader extracts from the
//! real-producer fixtures (fixtures/text): every planted value that
//! pdftotext shows on a page must be found there by the default scanner, as
//! a finding of its category whose span of the page text spells the value
//! (ignoring spaces, punctuation and case).
//!
//! Prints a per-category recall table; asserts full recall for the
//! categories whose detectors need no far-away label (card, routing, SSN,
//! bank account) and only prints the others.

use std::collections::BTreeMap;

use disclose_detect::{Category, ScanOptions, Scanner};
use disclose_pdf::Document;
use disclose_tests::load_manifest;

/// Categories whose recall on these fixtures must be 100%.
const MUST_FIND: &[Category] = &[
    Category::CardNumber,
    Category::RoutingNumber,
    Category::Ssn,
    Category::BankAccount,
];

/// Letters and digits only, upper-cased: how a value and a span compare.
fn fold(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[test]
fn planted_values_in_page_text_are_found() {
    let manifest = load_manifest();
    let scanner = Scanner::new(&ScanOptions::default()).unwrap();
    // category -> (found, planted)
    let mut table: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    let mut checked_files = 0;
    for fixture in &manifest.fixtures {
        if !fixture.path.starts_with("text/") || fixture.user_password.is_some() {
            continue;
        }
        let bytes = std::fs::read(fixture.full_path()).unwrap();
        let doc =
            Document::open(&bytes).unwrap_or_else(|e| panic!("{}: cannot open: {e}", fixture.path));
        checked_files += 1;
        let mut pages: BTreeMap<u32, (String, Vec<disclose_detect::Finding>)> = BTreeMap::new();
        for planted in fixture.planted.iter().filter(|p| p.in_page_text) {
            let want = fold(&planted.value);
            for &n in &planted.pages {
                let (text, found) = pages.entry(n).or_insert_with(|| {
                    let pt = doc
                        .page_text(n)
                        .unwrap_or_else(|e| panic!("{} page {n}: {e}", fixture.path));
                    let found = scanner.scan(&pt.text);
                    (pt.text, found)
                });
                let hit = found.iter().any(|f| {
                    f.category.as_str() == planted.category
                        && text.get(f.span.clone()).is_some_and(|s| fold(s) == want)
                });
                let row = table.entry(planted.category.clone()).or_insert((0, 0));
                row.1 += 1;
                if hit {
                    row.0 += 1;
                } else {
                    misses.push(format!(
                        "{} p{n}: {} {:?}",
                        fixture.name(),
                        planted.category,
                        planted.value
                    ));
                    if let Some(dir) = std::env::var_os("DETECT_FIXTURES_DUMP") {
                        let path =
                            std::path::Path::new(&dir).join(format!("{}-p{n}.txt", fixture.name()));
                        std::fs::write(path, text.as_bytes()).unwrap();
                    }
                }
            }
        }
    }
    assert!(
        checked_files >= 10,
        "only {checked_files} text fixtures read"
    );

    println!(
        "{:<22} {:>6} {:>8} {:>8}",
        "category", "found", "planted", "recall"
    );
    for (cat, (found, planted)) in &table {
        let pct = 100.0 * *found as f64 / (*planted).max(1) as f64;
        println!("{cat:<22} {found:>6} {planted:>8} {pct:>7.1}%");
    }
    for m in &misses {
        println!("missed: {m}");
    }

    let mut failures = Vec::new();
    for cat in MUST_FIND {
        let (found, planted) = table.get(cat.as_str()).copied().unwrap_or((0, 0));
        assert!(planted > 0, "no planted {cat} values in page text");
        if found < planted {
            failures.push(format!("{cat}: {found} of {planted}"));
        }
    }
    assert!(
        failures.is_empty(),
        "recall below 100%: {failures:?}\nmisses: {misses:#?}"
    );
}
