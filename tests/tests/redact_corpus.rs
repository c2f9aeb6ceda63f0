//! Redacting a fixed area on page 1 of every qpdf corpus file our text
//! model can read either succeeds (and its output verifies and passes
//! `qpdf --check`) or fails with a typed error: never a panic or a hang.
//! Prints the counts.

#![allow(clippy::unwrap_used)] // test helpers

use std::process::Command;
use std::time::{Duration, Instant};

use disclose_pdf::{Area, Document, Matrix, Quad, Rect, RedactOptions, redact};

#[test]
fn every_readable_corpus_file_redacts_or_gives_a_typed_error() {
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
    let qpdf = Command::new("qpdf").arg("--version").output().is_ok();
    let tmp = tempfile::tempdir().unwrap();
    let (mut readable, mut ok, mut errors, mut check_failed) = (0, 0, 0, Vec::new());
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    let mut slowest = (Duration::ZERO, String::new());
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let Ok(doc) = Document::open(&bytes) else {
            continue;
        };
        if doc.page_text(1).is_err() {
            continue;
        }
        readable += 1;
        let area = Area {
            page: 1,
            quads: vec![Quad::from_rect(
                &Rect::new(36.0, 36.0, 300.0, 160.0),
                &Matrix::IDENTITY,
            )],
            label: "b(6)".into(),
            values_to_verify: vec![],
        };
        let start = Instant::now();
        let result = redact(&doc, &[area], &RedactOptions::default());
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, name.clone());
        }
        match result {
            Ok(r) => {
                ok += 1;
                if qpdf {
                    let out = tmp.path().join("out.pdf");
                    std::fs::write(&out, &r.bytes).unwrap();
                    let c = Command::new("qpdf")
                        .arg("--check")
                        .arg(&out)
                        .output()
                        .unwrap();
                    // exit 3 is "warnings only"
                    // Damage carried over from the input does not count.
                    let input = Command::new("qpdf")
                        .arg("--check")
                        .arg(path)
                        .output()
                        .unwrap();
                    let passes =
                        |o: &std::process::Output| o.status.success() || o.status.code() == Some(3);
                    if !passes(&c) && passes(&input) {
                        check_failed.push(name.clone());
                    }
                }
            }
            Err(e) => {
                errors += 1;
                let kind = format!("{e:?}");
                let kind = kind.split([' ', '(', '{']).next().unwrap_or("").to_string();
                *kinds.entry(kind).or_default() += 1;
                eprintln!("{name}: {e}");
            }
        }
    }
    eprintln!(
        "{} files, {readable} readable: {ok} redacted and verified, {errors} typed errors {kinds:?}; \
         qpdf --check failed on {} outputs {check_failed:?}; slowest {:?} ({})",
        files.len(),
        check_failed.len(),
        slowest.0,
        slowest.1
    );
    assert!(readable > 100, "only {readable} corpus files were readable");
    assert!(
        check_failed.is_empty(),
        "qpdf --check failed: {check_failed:?}"
    );
}
