//! The redaction speed figure (issue 4): a 1,000-page document with five
//! redactions per page — apply, save and verify — timed and printed, side
//! by side with PyMuPDF (add_redact_annot, apply_redactions, save with
//! garbage collection and deflate) on the same file and areas when the
//! `pymupdf` Python package is installed. Prints figures, asserts nothing
//! about time. Run it in release mode:
//!
//! `cargo test --release -p disclose-tests --test redact_bench -- --ignored --nocapture`

#![allow(clippy::unwrap_used)] // test helpers

use std::process::Command;
use std::time::Instant;

use disclose_pdf::{Area, Document, Quad, Rect, RedactOptions, redact};
use disclose_tests::synthetic_text_pdf;

const PAGES: u32 = 1000;
// DISCLOSE_BENCH_PAGES overrides the page count (for a quick look).
fn pages() -> u32 {
    std::env::var("DISCLOSE_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(PAGES)
}

#[test]
#[ignore = "a bench: run with --release -- --ignored --nocapture"]
fn redact_1000_pages_five_areas_each() {
    let pages = pages();
    let pdf = synthetic_text_pdf(pages, 7);
    let doc = Document::open(&pdf.bytes).unwrap();
    let mut areas = Vec::new();
    for v in &pdf.planted {
        let g = doc.page_geometry(v.page).unwrap();
        let r = v.rect;
        let q = Quad::from_rect(&Rect::new(r[0], r[1], r[2], r[3]), &g.to_view);
        areas.push(Area {
            page: v.page,
            quads: vec![q],
            label: "b(6)".into(),
            values_to_verify: vec![v.value.clone()],
        });
    }
    let start = Instant::now();
    let r = redact(&doc, &areas, &RedactOptions::default()).unwrap();
    let ours = start.elapsed().as_secs_f64();
    let glyphs: usize = r.report.areas.iter().map(|a| a.glyphs_removed).sum();
    println!(
        "disclose: {pages} pages, {} areas, {glyphs} glyphs removed, {} values verified: \
         {ours:.2} s (apply + save + verify), {} -> {} bytes",
        areas.len(),
        r.report.values_verified,
        pdf.bytes.len(),
        r.bytes.len()
    );

    // PyMuPDF on the same file and rects (user space, y up -> its y down).
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, &pdf.bytes).unwrap();
    let rects: Vec<String> = pdf
        .planted
        .iter()
        .map(|v| {
            format!(
                "[{},{},{},{},{}]",
                v.page, v.rect[0], v.rect[1], v.rect[2], v.rect[3]
            )
        })
        .collect();
    let rects_path = dir.path().join("rects.json");
    std::fs::write(&rects_path, format!("[{}]", rects.join(","))).unwrap();
    let script = r#"
import json, sys, time
import pymupdf
rects = json.load(open(sys.argv[2]))
t = time.perf_counter()
doc = pymupdf.open(sys.argv[1])
for p, x0, y0, x1, y1 in rects:
    page = doc[p - 1]
    h = page.rect.height
    page.add_redact_annot(pymupdf.Rect(x0, h - y1, x1, h - y0), text="b(6)", fill=(0, 0, 0))
for page in doc:
    page.apply_redactions()
doc.save(sys.argv[3], garbage=4, deflate=True)
print(time.perf_counter() - t)
"#;
    let out = dir.path().join("mupdf.pdf");
    match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&input)
        .arg(&rects_path)
        .arg(&out)
        .output()
    {
        Ok(o) if o.status.success() => {
            let theirs: f64 = String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse()
                .unwrap_or(f64::NAN);
            println!(
                "pymupdf: {theirs:.2} s (apply + save, no verification); disclose / pymupdf = {:.2}",
                ours / theirs
            );
        }
        Ok(o) => println!(
            "pymupdf not run: {}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ),
        Err(e) => println!("pymupdf not run: {e}"),
    }
}
