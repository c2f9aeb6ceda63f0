//! Every file of the qpdf test corpus either extracts or gives a typed
//! error: no panic, no hang, bounded work per file. Prints the counts.

use std::time::{Duration, Instant};

use disclose_pdf::{Document, Error, Verdict};

#[test]
fn every_qpdf_corpus_file_extracts_or_gives_a_typed_error() {
    let Some(dir) = disclose_tests::qpdf_corpus() else {
        eprintln!("qpdf corpus not found beside the repository: skipping");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    files.sort();
    assert!(
        files.len() > 100,
        "the corpus looks incomplete: {} files",
        files.len()
    );

    let mut opened = 0usize;
    let mut open_errors: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let mut pages = 0usize;
    let mut page_errors = 0usize;
    let mut verdicts = [0usize; 3];
    let mut truncated = 0usize;
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let start = Instant::now();
        match Document::open(&bytes) {
            Ok(doc) => {
                opened += 1;
                // bound: at most 50 pages per file, so the walk stays quick
                for n in 1..=doc.page_count().min(50) {
                    match doc.page_text(n) {
                        Ok(t) => {
                            pages += 1;
                            truncated += usize::from(t.report.truncated);
                            verdicts[match t.reliability.verdict {
                                Verdict::Ok => 0,
                                Verdict::Degraded => 1,
                                Verdict::Unreadable => 2,
                            }] += 1;
                            // the char map covers the text exactly
                            for w in &t.words {
                                assert_eq!(&t.text[w.range.clone()], w.text, "{name} page {n}");
                            }
                        }
                        Err(e) => {
                            page_errors += 1;
                            assert!(!e.to_string().is_empty());
                        }
                    }
                }
            }
            Err(e) => {
                let kind = match e {
                    Error::NotPdf(_) => "not a pdf",
                    Error::Damaged(_) => "damaged",
                    Error::PasswordRequired => "password required",
                    Error::WrongPassword => "wrong password",
                    Error::UnsupportedEncryption(_) => "unsupported encryption",
                    _ => "other",
                };
                *open_errors.entry(kind).or_default() += 1;
            }
        }
        let took = start.elapsed();
        slowest.push((took, name));
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!(
        "qpdf corpus: {} files, {opened} opened, {pages} pages read, {page_errors} page errors, {truncated} pages stopped by the work bound",
        files.len()
    );
    println!("open errors: {open_errors:?}");
    println!(
        "verdicts: {} ok, {} degraded, {} unreadable",
        verdicts[0], verdicts[1], verdicts[2]
    );
    for (d, n) in slowest.iter().take(5) {
        println!("slowest: {n} {:.0} ms", d.as_secs_f64() * 1000.0);
    }
    // "a few seconds per file" even in a debug build
    if let Some((d, n)) = slowest.first() {
        assert!(d.as_secs() < 20, "{n} took {d:?}");
    }
}
