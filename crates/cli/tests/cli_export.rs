//! `disclose export` and `disclose redact` end to end: a request over
//! fixtures from several producers (ReportLab, LibreOffice, Chromium,
//! fpdf2, Ghostscript, pikepdf) is imported, scanned, accepted and
//! exported; every output is read back with pdftotext (poppler) and
//! checked with qpdf: every accepted value is gone, every released value
//! and the page's Bates number are there, the log has one row per
//! redaction, the audit trail is intact. Then the one-shot `redact`, and
//! bad input for both.

#![allow(clippy::unwrap_used)] // test helpers

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod support;
use support::{fails, fixture, ok, run, sha256_file};

fn pdftotext_pages(path: &Path) -> Vec<String> {
    disclose_tests::pdftotext_pages(path)
        .unwrap_or_else(|| panic!("pdftotext (poppler-utils) cannot read {}", path.display()))
}

/// RFC 4180 records of a CSV text (quoted fields may hold commas, quotes
/// and line breaks).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// The fixtures of the end-to-end export, one or more per producer.
const FIXTURES: [&str; 6] = [
    "text/cash-receipt-per-glyph-reportlab.pdf",
    "text/finance-memo-libreoffice.pdf",
    "text/incident-report-chromium.pdf",
    "text/invoice-receipt-fpdf2.pdf",
    "text/vendor-registration-ghostscript.pdf",
    "text/payments-register-objstm-pikepdf.pdf",
];

#[test]
#[allow(clippy::too_many_lines)]
fn export_redacts_verifies_stamps_and_logs_every_document() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out_dir = tmp.path().join("out");
    ok(
        &data,
        &[
            "request",
            "new",
            "--number",
            "P-2026-0142",
            "--jurisdiction",
            "wa",
            "--requester",
            "Pat Doe",
            "--received",
            "2026-11-02",
            "--bates-prefix",
            "SEA-2026-0142",
        ],
    );
    let manifest = disclose_tests::load_manifest();
    let paths: Vec<String> = FIXTURES
        .iter()
        .map(|f| fixture(f).display().to_string())
        .collect();
    let mut args = vec!["import", "P-2026-0142"];
    args.extend(paths.iter().map(String::as_str));
    ok(&data, &args);
    ok(&data, &["scan", "P-2026-0142"]);
    ok(&data, &["decide", "P-2026-0142", "--accept-proposed"]);
    // A manual area and a manual term on the first document.
    let docs: Value =
        serde_json::from_str(&ok(&data, &["documents", "P-2026-0142", "--json"])).unwrap();
    let first_id = docs["documents"][0]["id"].as_i64().unwrap().to_string();
    ok(
        &data,
        &[
            "manual",
            "add",
            "P-2026-0142",
            "--document",
            &first_id,
            "--page",
            "1",
            "--area",
            "500,20,560,40",
            "--code",
            "RCW 42.56.230(5)",
        ],
    );
    let findings: Value =
        serde_json::from_str(&ok(&data, &["findings", "P-2026-0142", "--json"])).unwrap();
    let findings = findings["findings"].as_array().unwrap().clone();
    let accepted: Vec<&Value> = findings
        .iter()
        .filter(|f| f["decision"]["action"] == "accept")
        .collect();
    assert!(accepted.len() >= FIXTURES.len(), "{}", accepted.len());

    let report: Value = serde_json::from_str(&ok(
        &data,
        &[
            "export",
            "P-2026-0142",
            "--out",
            out_dir.to_str().unwrap(),
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(report["verified"], true);
    let exported = report["documents"].as_array().unwrap();
    assert_eq!(exported.len(), FIXTURES.len());

    // Bates numbers run across the documents in import order.
    let mut next = 1u32;
    for (k, d) in exported.iter().enumerate() {
        let fx = manifest.get(FIXTURES[k]).unwrap();
        assert_eq!(d["pages"], fx.pages);
        assert_eq!(d["bates_first"], format!("SEA-2026-0142-{next:06}"));
        let last = next + fx.pages - 1;
        assert_eq!(d["bates_last"], format!("SEA-2026-0142-{last:06}"));
        let file = d["file"].as_str().unwrap();
        assert!(
            file.starts_with(&format!("SEA-2026-0142-{next:06}_"))
                && file.ends_with("-redacted.pdf"),
            "{file}"
        );
        let path = out_dir.join(file);
        assert_eq!(d["sha256"], sha256_file(&path));
        assert_eq!(
            disclose_tests::qpdf_check(&path),
            Some(true),
            "qpdf --check fails on {file}"
        );
        let pages = pdftotext_pages(&path);
        let name = fx.name();
        for (i, text) in pages.iter().enumerate() {
            let bates = format!("SEA-2026-0142-{:06}", next + i as u32);
            assert!(text.contains(&bates), "{file} page {}: no {bates}", i + 1);
        }
        let all = pages.join("\n");
        let mine: Vec<&&Value> = accepted.iter().filter(|f| f["document"] == name).collect();
        assert!(d["areas"].as_u64().unwrap() as usize >= mine.len());
        for f in &mine {
            let value = f["text"].as_str().unwrap();
            assert!(
                !disclose_tests::contains_value(&all, value),
                "{file}: the accepted value {value} is still there"
            );
        }
        for r in &fx.released {
            // A released value that is also a withheld one cannot be shown.
            let clash = mine.iter().any(|f| {
                let t = f["text"].as_str().unwrap();
                disclose_tests::contains_value(t, &r.value)
                    || disclose_tests::contains_value(&r.value, t)
            });
            if clash {
                continue;
            }
            assert!(
                disclose_tests::contains_value(&all, &r.value),
                "{file}: the released {} ({}) is missing",
                r.label,
                r.value
            );
        }
        next = last + 1;
    }

    // The log: one row per redaction (accepted findings + the manual area),
    // in CSV, JSON and PDF, with no redacted value in any.
    let csv_path = out_dir.join("P-2026-0142-exemption-log.csv");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let rows = csv_records(&csv);
    assert_eq!(rows[0][0], "bates");
    assert_eq!(rows.len() - 1, accepted.len() + 1, "{csv}");
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("P-2026-0142-exemption-log.json")).unwrap(),
    )
    .unwrap();
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), rows.len() - 1);
    let mut want: BTreeMap<(String, u64, String), usize> = BTreeMap::new();
    for f in &accepted {
        *want
            .entry((
                f["document"].as_str().unwrap().to_string(),
                f["page"].as_u64().unwrap(),
                f["decision"]["code"].as_str().unwrap().to_string(),
            ))
            .or_default() += 1;
    }
    *want
        .entry((
            exported[0]["document"].as_str().unwrap().to_string(),
            1,
            "RCW 42.56.230(5)".to_string(),
        ))
        .or_default() += 1;
    let mut got: BTreeMap<(String, u64, String), usize> = BTreeMap::new();
    for e in entries {
        *got.entry((
            e["document"].as_str().unwrap().to_string(),
            e["page"].as_u64().unwrap(),
            e["code"].as_str().unwrap().to_string(),
        ))
        .or_default() += 1;
        assert!(e["bates"].as_str().unwrap().starts_with("SEA-2026-0142-"));
    }
    assert_eq!(got, want);
    let log_pdf = out_dir.join("P-2026-0142-exemption-log.pdf");
    assert_eq!(disclose_tests::qpdf_check(&log_pdf), Some(true));
    let log_text = pdftotext_pages(&log_pdf).join("\n");
    for needle in [
        "P-2026-0142",
        "Pat Doe",
        "2026-11-02",
        "Totals per exemption",
        "Signature",
        "SEA-2026-0142-000001",
        "RCW 42.56.230(5)",
    ] {
        assert!(log_text.contains(needle), "the log PDF lacks {needle}");
    }
    for f in &accepted {
        let value = f["text"].as_str().unwrap();
        assert!(!disclose_tests::contains_value(&log_text, value), "{value}");
        assert!(!disclose_tests::contains_value(&csv, value), "{value}");
    }
    // No temporary file is left, the export is recorded verified, the
    // audit trail is intact.
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), FIXTURES.len() + 3, "{names:?}");
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    let history: Value = serde_json::from_str(&ok(
        &data,
        &["export", "P-2026-0142", "--history", "--json"],
    ))
    .unwrap();
    assert_eq!(history["exports"][0]["status"], "verified");
    assert_eq!(
        history["exports"][0]["files"].as_array().unwrap().len(),
        FIXTURES.len() + 3
    );
    assert!(ok(&data, &["audit", "verify", "P-2026-0142"]).contains("intact"));

    // The plain summary names each file and says verified.
    let out = ok(
        &data,
        &[
            "export",
            "P-2026-0142",
            "--out",
            tmp.path().join("again").to_str().unwrap(),
        ],
    );
    assert!(out.contains("verified"), "{out}");
    assert!(out.contains("exemption log:"), "{out}");
}

#[test]
fn export_refuses_what_it_cannot_hand_over() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    let out_s = out.to_str().unwrap();
    ok(
        &data,
        &[
            "request",
            "new",
            "--number",
            "P-1",
            "--jurisdiction",
            "wa",
            "--requester",
            "R",
        ],
    );
    let err = fails(&data, &["export", "P-404", "--out", out_s]);
    assert!(err.contains("no request numbered P-404"), "{err}");
    let err = fails(&data, &["export", "P-1", "--out", out_s]);
    assert!(err.contains("no documents"), "{err}");
    let bill = fixture("text/utility-bill-reportlab.pdf");
    ok(&data, &["import", "P-1", bill.to_str().unwrap()]);
    let err = fails(&data, &["export", "P-1", "--out", out_s]);
    assert!(
        err.contains("has not been scanned") && err.contains("disclose scan P-1"),
        "{err}"
    );
    // Usage: --out is required.
    assert_eq!(run(&data, &["export", "P-1"]).status.code(), Some(2));
    // Nothing was written, no export was begun.
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().count() == 0);
    let history = ok(&data, &["export", "P-1", "--history"]);
    assert!(history.contains("no exports"), "{history}");
}

#[test]
fn redact_with_terms_only_removes_every_occurrence_and_logs_each() {
    let tmp = tempfile::tempdir().unwrap();
    let input = fixture("text/utility-bill-reportlab.pdf");
    let output = tmp.path().join("bill-redacted.pdf");
    let log = tmp.path().join("bill-log.csv");
    // The detector matches terms case-insensitively on word boundaries
    // (m.holloway@example.com holds one too).
    let before = pdftotext_pages(&input).join("\n").to_lowercase();
    let occurrences = before.matches("holloway").count();
    assert!(occurrences >= 1);
    let out = ok(
        tmp.path(),
        &[
            "redact",
            input.to_str().unwrap(),
            "--jurisdiction",
            "wa",
            "-o",
            output.to_str().unwrap(),
            "--log",
            log.to_str().unwrap(),
            "--no-detect",
            "--term",
            "Holloway",
            "--term",
            "Alder Crest",
        ],
    );
    assert!(out.contains("verified"), "{out}");
    let after = pdftotext_pages(&output).join("\n");
    assert!(!after.to_lowercase().contains("holloway"), "{after}");
    assert!(!after.contains("Alder Crest"), "{after}");
    // Without detection nothing else goes: the phone and card stay.
    assert!(after.contains("(360) 555-0142"), "{after}");
    assert!(after.contains("ST-2024-021587"), "{after}");
    assert_eq!(disclose_tests::qpdf_check(&output), Some(true));
    let rows = csv_records(&std::fs::read_to_string(&log).unwrap());
    let expected = occurrences + before.matches("alder crest").count();
    assert_eq!(rows.len() - 1, expected, "{rows:?}");
    let custom = rows[1][3].clone();
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[3] == custom && r[6].contains("custom"))
    );

    // With detection and a code for the terms.
    let output2 = tmp.path().join("bill-2.pdf");
    let log2 = tmp.path().join("bill-2.csv");
    let out: Value = serde_json::from_str(&ok(
        tmp.path(),
        &[
            "redact",
            input.to_str().unwrap(),
            "--jurisdiction",
            "wa",
            "-o",
            output2.to_str().unwrap(),
            "--log",
            log2.to_str().unwrap(),
            "--term",
            "Holloway",
            "--term-code",
            "RCW 42.56.230(5)",
            "--json",
        ],
    ))
    .unwrap();
    assert!(out["areas"].as_u64().unwrap() as usize > occurrences);
    let after = pdftotext_pages(&output2).join("\n");
    assert!(!after.contains("Holloway"));
    let rows = csv_records(&std::fs::read_to_string(&log2).unwrap());
    assert_eq!(rows.len() - 1, out["areas"].as_u64().unwrap() as usize);
    assert!(
        rows[1..]
            .iter()
            .any(|r| r[3] == "RCW 42.56.230(5)" && r[6].contains("custom"))
    );

    // --accept-review also redacts the findings left for review that
    // suggest a code; by default they are released as printed.
    let scan: Value = serde_json::from_str(&ok(
        tmp.path(),
        &[
            "scan-file",
            input.to_str().unwrap(),
            "--jurisdiction",
            "wa",
            "--json",
        ],
    ))
    .unwrap();
    let review = scan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["proposal"]["kind"] == "review" && f["proposal"]["code"].is_string())
        .count();
    let output3 = tmp.path().join("bill-3.pdf");
    let log3 = tmp.path().join("bill-3.csv");
    let out3: Value = serde_json::from_str(&ok(
        tmp.path(),
        &[
            "redact",
            input.to_str().unwrap(),
            "--jurisdiction",
            "wa",
            "-o",
            output3.to_str().unwrap(),
            "--log",
            log3.to_str().unwrap(),
            "--term",
            "Holloway",
            "--term-code",
            "RCW 42.56.230(5)",
            "--accept-review",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(
        out3["areas"].as_u64().unwrap(),
        out["areas"].as_u64().unwrap() + review as u64
    );
}

#[test]
fn redact_answers_bad_input_in_plain_words() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = dir.join("out.pdf");
    let log = dir.join("log.csv");
    let redact = |input: &Path, extra: &[&str]| {
        let mut args = vec![
            "redact",
            input.to_str().unwrap(),
            "--jurisdiction",
            "wa",
            "-o",
            out.to_str().unwrap(),
            "--log",
            log.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        fails(dir, &args)
    };
    let not_pdf = dir.join("minutes.pdf");
    std::fs::write(&not_pdf, "Minutes of the meeting\n").unwrap();
    assert!(redact(&not_pdf, &[]).contains("minutes.pdf is not a PDF file"));
    let enc = fixture("text/encrypted-aes256-userpw-qpdf.pdf");
    assert!(redact(&enc, &[]).contains("password-protected"));
    let good = std::fs::read(fixture("text/utility-bill-reportlab.pdf")).unwrap();
    let cut = dir.join("bill.pdf");
    std::fs::write(&cut, &good[..good.len() * 2 / 3]).unwrap();
    assert!(redact(&cut, &[]).contains("cut short"));
    assert!(redact(&dir.join("gone.pdf"), &[]).contains("does not exist"));
    let bill = fixture("text/utility-bill-reportlab.pdf");
    let err = redact(&bill, &["--no-detect"]);
    assert!(err.contains("--term"), "{err}");
    let err = redact(&bill, &["--term", "Holloway", "--term-code", "b(99)"]);
    assert!(err.contains("no exemption code 'b(99)'"), "{err}");
    let err = fails(
        dir,
        &[
            "redact",
            bill.to_str().unwrap(),
            "--jurisdiction",
            "tx",
            "-o",
            out.to_str().unwrap(),
            "--log",
            log.to_str().unwrap(),
        ],
    );
    assert!(err.contains("unknown jurisdiction 'tx'"), "{err}");
    // The original is never overwritten.
    let copy = dir.join("copy.pdf");
    std::fs::write(&copy, &good).unwrap();
    let err = fails(
        dir,
        &[
            "redact",
            copy.to_str().unwrap(),
            "--jurisdiction",
            "wa",
            "-o",
            copy.to_str().unwrap(),
            "--log",
            log.to_str().unwrap(),
        ],
    );
    assert!(err.contains("is the input file"), "{err}");
    assert_eq!(std::fs::read(&copy).unwrap(), good);
    // Nothing was written by any refusal.
    assert!(!out.exists() && !log.exists());
    // Usage errors exit 2.
    for args in [
        &["redact", bill.to_str().unwrap()][..],
        &["redact", bill.to_str().unwrap(), "--jurisdiction", "wa"],
    ] {
        assert_eq!(run(dir, args).status.code(), Some(2), "{args:?}");
    }
}

/// Every hiding place of the leak matrix (form fields, /ActualText, embedded
/// files, annotations, hidden layers, metadata, outlines, page labels,
/// thumbnails, earlier revisions, ...) exported under Illinois, whose pack
/// withholds the planted values: none of the accepted values survives in
/// the text poppler extracts or in the bytes qpdf decompresses.
#[test]
fn export_of_the_leak_matrix_leaves_no_accepted_value() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out_dir = tmp.path().join("out");
    ok(
        &data,
        &[
            "request",
            "new",
            "--number",
            "L-1",
            "--jurisdiction",
            "il",
            "--requester",
            "R",
            "--bates-prefix",
            "LEAK",
        ],
    );
    let mut leak: Vec<PathBuf> = std::fs::read_dir(disclose_tests::fixtures_dir().join("leak"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    leak.sort();
    let names: Vec<String> = leak.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["import", "L-1"];
    args.extend(names.iter().map(String::as_str));
    ok(&data, &args);
    ok(&data, &["scan", "L-1"]);
    ok(&data, &["decide", "L-1", "--accept-proposed"]);
    let report: Value = serde_json::from_str(&ok(
        &data,
        &[
            "export",
            "L-1",
            "--out",
            out_dir.to_str().unwrap(),
            "--json",
        ],
    ))
    .unwrap();
    let files: BTreeMap<String, String> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["document"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(files.len(), leak.len());
    let findings: Value = serde_json::from_str(&ok(&data, &["findings", "L-1", "--json"])).unwrap();
    let mut checked = 0;
    for f in findings["findings"].as_array().unwrap() {
        if f["decision"]["action"] != "accept" {
            continue;
        }
        let value = f["text"].as_str().unwrap();
        let out = out_dir.join(&files[f["document"].as_str().unwrap()]);
        let text = pdftotext_pages(&out).join("\n");
        assert!(
            !disclose_tests::contains_value(&text, value),
            "{}: {value} is in the text",
            out.display()
        );
        if let Some(bytes) = disclose_tests::qpdf_qdf_bytes(&out, None) {
            assert!(
                !disclose_tests::bytes_contain_value(&bytes, value),
                "{}: {value} is in the bytes",
                out.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} accepted values");
}

/// Words of sanitize-everything.pdf that live only outside the page
/// content (Info, XMP, outline, attachment, comment, script, /Alt,
/// /PieceInfo): fixtures/generate/gen_leak.py, SANITIZE_MARKERS.
const OUTSIDE_WORDS: [&str; 6] = [
    "Cornelius Thornbury",
    "Penelope Oyelaran",
    "this.print",
    "Featherstonehaugh",
    "PrivateEditorStateOfLeopoldine",
    "Wilhelmina",
];

/// What of the sanitized parts is still in a file (qpdf --qdf bytes).
fn unsanitized(path: &Path) -> Vec<String> {
    let bytes = disclose_tests::qpdf_qdf_bytes(path, None).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut left: Vec<String> = [
        "/Metadata",
        "/Outlines",
        "/EmbeddedFiles",
        "/JavaScript",
        "/PieceInfo",
    ]
    .iter()
    .filter(|k| text.contains(*k))
    .map(|k| k.to_string())
    .collect();
    left.extend(
        OUTSIDE_WORDS
            .iter()
            .filter(|w| text.contains(*w))
            .map(|w| w.to_string()),
    );
    left
}

#[test]
fn sanitize_strips_metadata_outline_and_files_in_export_and_redact() {
    if disclose_tests::qpdf_qdf_bytes(&fixture("leak/sanitize-everything.pdf"), None).is_none() {
        eprintln!("qpdf missing: skipped");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let input = fixture("leak/sanitize-everything.pdf");
    // The fixture has them all to begin with.
    assert_eq!(unsanitized(&input).len(), 5 + OUTSIDE_WORDS.len());
    ok(
        &data,
        &[
            "request",
            "new",
            "--number",
            "S-1",
            "--jurisdiction",
            "wa",
            "--requester",
            "R",
        ],
    );
    ok(&data, &["import", "S-1", input.to_str().unwrap()]);
    ok(&data, &["scan", "S-1"]);
    ok(&data, &["decide", "S-1", "--accept-proposed"]);
    // Without --sanitize they stay (they hold no redacted value) ...
    let plain_dir = tmp.path().join("plain");
    let plain: Value = serde_json::from_str(&ok(
        &data,
        &[
            "export",
            "S-1",
            "--out",
            plain_dir.to_str().unwrap(),
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(plain["sanitized"], false);
    let file = plain["documents"][0]["file"].as_str().unwrap().to_string();
    assert!(!unsanitized(&plain_dir.join(&file)).is_empty());
    // ... with it they go, the export still verifies, and the choice is
    // recorded with the export's files.
    let out_dir = tmp.path().join("sanitized");
    let text = ok(
        &data,
        &[
            "export",
            "S-1",
            "--out",
            out_dir.to_str().unwrap(),
            "--sanitize",
        ],
    );
    assert!(text.contains("sanitized:"), "{text}");
    assert!(text.contains("verified"), "{text}");
    let out = out_dir.join(&file);
    assert_eq!(unsanitized(&out), Vec::<String>::new());
    assert_eq!(disclose_tests::qpdf_check(&out), Some(true));
    assert!(!pdftotext_pages(&out).join("\n").trim().is_empty());
    let history: Value =
        serde_json::from_str(&ok(&data, &["export", "S-1", "--history", "--json"])).unwrap();
    let newest = &history["exports"][0];
    assert_eq!(newest["status"], "verified");
    assert_eq!(newest["files"][0]["sanitized"], true);
    assert_eq!(history["exports"][1]["files"][0]["sanitized"], false);

    // `disclose redact --sanitize` too.
    let output = tmp.path().join("one.pdf");
    let log = tmp.path().join("one.csv");
    let report: Value = serde_json::from_str(&ok(
        &data,
        &[
            "redact",
            input.to_str().unwrap(),
            "--jurisdiction",
            "wa",
            "-o",
            output.to_str().unwrap(),
            "--log",
            log.to_str().unwrap(),
            "--sanitize",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(report["sanitized"], true);
    assert!(
        report["removed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().ends_with("(stripped: sanitize)")),
        "{report}"
    );
    assert_eq!(unsanitized(&output), Vec::<String>::new());
    assert_eq!(disclose_tests::qpdf_check(&output), Some(true));
}

/// The Bates numbers (`B-000001`) in a text, in order.
fn bates_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("B-") {
        let digits: String = rest[i + 2..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.len() == 6 {
            out.push(format!("B-{digits}"));
        }
        rest = &rest[i + 2..];
    }
    out
}

#[test]
fn a_folder_in_use_is_refused_and_same_named_documents_log_in_bates_order() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    let out_s = out.to_str().unwrap();
    ok(
        &data,
        &[
            "request",
            "new",
            "--number",
            "P-1",
            "--jurisdiction",
            "wa",
            "--requester",
            "R",
            "--received",
            "2026-11-02",
            "--bates-prefix",
            "B",
        ],
    );
    // Two documents with the same name, each with findings on every page.
    let mut paths = Vec::new();
    for (folder, seed) in [("a", 3u64), ("b", 4)] {
        let dir = tmp.path().join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("records.pdf");
        std::fs::write(&path, disclose_tests::synthetic_text_pdf(3, seed).bytes).unwrap();
        paths.push(path);
    }
    ok(
        &data,
        &[
            "import",
            "P-1",
            paths[0].to_str().unwrap(),
            paths[1].to_str().unwrap(),
        ],
    );
    ok(&data, &["scan", "P-1"]);
    ok(&data, &["decide", "P-1", "--accept-proposed"]);

    // Another export holds the folder: refused, its temporary file kept.
    std::fs::create_dir_all(&out).unwrap();
    let lock = std::fs::File::create(out.join(".disclose-export.lock")).unwrap();
    lock.try_lock().unwrap();
    let theirs = out.join(".records-redacted.pdf.4242.disclose-partial");
    std::fs::write(&theirs, b"half").unwrap();
    let err = fails(&data, &["export", "P-1", "--out", out_s]);
    assert!(
        err.contains("another export is writing into this folder"),
        "{err}"
    );
    assert!(theirs.exists());
    drop(lock);

    // Free again: the export runs, and the log runs as the Bates numbers
    // do: the first document's pages, then the second's.
    ok(&data, &["export", "P-1", "--out", out_s]);
    assert!(!theirs.exists());
    let csv = std::fs::read_to_string(out.join("P-1-exemption-log.csv")).unwrap();
    let rows = csv_records(&csv);
    let csv_bates: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
    assert!(csv_bates.len() >= 4, "{csv}");
    let mut sorted = csv_bates.clone();
    sorted.sort();
    assert_eq!(csv_bates, sorted, "the log is not in Bates order");
    assert!(csv_bates.first().unwrap().as_str() <= "B-000003");
    assert!(csv_bates.last().unwrap().as_str() >= "B-000004");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("P-1-exemption-log.json")).unwrap())
            .unwrap();
    let json_bates: Vec<String> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["bates"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(json_bates, csv_bates);
    let pdf_text = pdftotext_pages(&out.join("P-1-exemption-log.pdf")).join("\n");
    let mut pdf_bates = bates_in(&pdf_text);
    pdf_bates.dedup();
    let mut csv_distinct = csv_bates.clone();
    csv_distinct.dedup();
    assert_eq!(pdf_bates, csv_distinct, "{pdf_text}");
}
