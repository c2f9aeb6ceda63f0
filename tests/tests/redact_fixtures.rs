//! True redaction over the fixtures' planted values: the leak matrix
//! (fixtures/leak, areas from the manifest's rects) and the real-producer
//! text fixtures (areas from our own text model, as the export does). For
//! every case: the call succeeds (its own verification passed), and the
//! value is absent from `pdftotext` output and from
//! `qpdf --qdf --object-streams=disable` bytes; `qpdf --check` passes;
//! released values that `pdftotext` showed before are still shown.

#![allow(clippy::unwrap_used)] // test helpers

use std::process::Command;

use disclose_pdf::{Area, Document, Quad, Rect, RedactOptions, redact};
use disclose_tests::{Fixture, Location, contains_value, load_manifest, pdftotext_text};

fn opts() -> RedactOptions {
    RedactOptions {
        deterministic: true,
        ..RedactOptions::default()
    }
}

/// A rect in default user space as a view quad, grown by half a point.
fn view_quad(doc: &Document, page: u32, r: [f64; 4]) -> Quad {
    let g = doc.page_geometry(page).unwrap();
    let q = Quad::from_rect(&Rect::new(r[0], r[1], r[2], r[3]), &g.to_view).bounds();
    let grown = Rect::new(q.x_min - 0.5, q.y_min - 0.5, q.x_max + 0.5, q.y_max + 0.5);
    Quad::from_rect(&grown, &disclose_pdf::Matrix::IDENTITY)
}

/// Byte spans of `text` that show `value` (letters and digits in order,
/// at most four other characters between neighbours, not inside a longer
/// word): the rule of `contains_value`, returning where.
fn find_spans(text: &str, value: &str) -> Vec<std::ops::Range<usize>> {
    let want: Vec<char> = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let hay: Vec<(usize, char)> = text
        .char_indices()
        .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    let mut out = Vec::new();
    let Some(&first) = want.first() else {
        return out;
    };
    'start: for i in 0..hay.len() {
        if hay[i].1 != first || (i > 0 && hay[i - 1].1.is_alphanumeric()) {
            continue;
        }
        let mut j = i + 1;
        for &c in &want[1..] {
            let mut skipped = 0;
            while j < hay.len() && !hay[j].1.is_alphanumeric() && skipped < 4 {
                j += 1;
                skipped += 1;
            }
            if j >= hay.len() || hay[j].1 != c {
                continue 'start;
            }
            j += 1;
        }
        if j < hay.len() && hay[j].1.is_alphanumeric() {
            continue;
        }
        let end = hay.get(j).map_or(text.len(), |h| h.0);
        out.push(hay[i].0..end);
    }
    out
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// The forms of `value` that a byte search of the qdf output looks for.
fn byte_forms(value: &str) -> Vec<String> {
    let mut forms = vec![value.to_string()];
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 6 && !value.chars().any(char::is_alphabetic) {
        forms.push(digits);
    }
    // UTF-16BE as Latin-1 characters
    forms.push(
        value
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .map(char::from)
            .collect(),
    );
    forms.push(value.bytes().map(|b| format!("{b:02x}")).collect());
    forms.push(value.bytes().map(|b| format!("{b:02X}")).collect());
    forms
}

struct Checked {
    leaks: Vec<String>,
}

/// Saves `bytes`, runs the outside tools and returns what leaked.
fn external(name: &str, bytes: &[u8], values: &[String], released_before: &[String]) -> Checked {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    let mut leaks = Vec::new();
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    if !check.status.success() {
        leaks.push(format!(
            "{name}: qpdf --check failed: {}",
            String::from_utf8_lossy(&check.stdout)
        ));
    }
    let qdf = dir.path().join("out.qdf");
    let st = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&path)
        .arg(&qdf)
        .status()
        .unwrap();
    assert!(
        st.success() || st.code() == Some(3),
        "{name}: qpdf --qdf failed"
    );
    let q = latin1(&std::fs::read(&qdf).unwrap());
    let text = pdftotext_text(&path).unwrap_or_default();
    for v in values {
        // A value of three or four characters ("826", a CVV) occurs in
        // any file as some number; only the text check means anything.
        let alnum = v.chars().filter(|c| c.is_alphanumeric()).count();
        let forms = if alnum >= 5 {
            byte_forms(v)
        } else {
            Vec::new()
        };
        for f in forms {
            if q.contains(&f) {
                leaks.push(format!("{name}: {v:?} in the qdf bytes as {f:?}"));
            }
        }
        if contains_value(&text, v) {
            leaks.push(format!("{name}: {v:?} in pdftotext output"));
        }
    }
    for r in released_before {
        if !contains_value(&text, r) {
            leaks.push(format!(
                "{name}: released value {r:?} is gone from pdftotext output"
            ));
        }
    }
    Checked { leaks }
}

fn released_shown(f: &Fixture) -> Vec<String> {
    let text = pdftotext_text(&f.full_path()).unwrap_or_default();
    f.released
        .iter()
        .map(|r| r.value.clone())
        .filter(|v| contains_value(&text, v))
        .collect()
}

/// How many glyphs of `before` are found in `after` with the same text
/// within 0.01 pt of their place, in drawing order (glyphs only in `after`,
/// the marks' labels, are skipped); and how many `before` had.
fn kept_in_place(before: &Document, after: &Document) -> (usize, usize) {
    let mut kept = 0;
    let mut total = 0;
    for p in 1..=before.page_count() {
        let b = before.page_text(p).unwrap().glyphs;
        let a = after.page_text(p).unwrap().glyphs;
        total += b.len();
        let mut k = 0;
        for g in &a {
            let same = |h: &disclose_pdf::TextGlyph| {
                h.glyph.text == g.glyph.text
                    && (h.glyph.origin_point.x - g.glyph.origin_point.x).abs() < 0.01
                    && (h.glyph.origin_point.y - g.glyph.origin_point.y).abs() < 0.01
            };
            if let Some(off) = b.get(k..).and_then(|rest| rest.iter().position(same)) {
                k += off + 1;
                kept += 1;
            }
        }
    }
    (kept, total)
}

fn tools_available() -> bool {
    Command::new("qpdf").arg("--version").output().is_ok()
        && Command::new("pdftotext").arg("-v").output().is_ok()
}

#[test]
fn leak_matrix_is_redacted_and_verified() {
    if !tools_available() {
        eprintln!("qpdf or pdftotext missing: skipped");
        return;
    }
    let manifest = load_manifest();
    let mut failures = Vec::new();
    let mut done = 0;
    for f in manifest.under("leak") {
        let bytes = std::fs::read(f.full_path()).unwrap();
        let doc = Document::open(&bytes).unwrap();
        let mut areas: Vec<Area> = Vec::new();
        for p in &f.planted {
            let Some(r) = p.rect else { continue };
            for &page in &p.pages {
                areas.push(Area {
                    page,
                    quads: vec![view_quad(&doc, page, r)],
                    label: "b(6)".into(),
                    values_to_verify: vec![p.value.clone()],
                });
            }
        }
        // Values with no place on a page (Info, XMP, outline, an earlier
        // revision) ride on the first area.
        let values: Vec<String> = f.planted.iter().map(|p| p.value.clone()).collect();
        let Some(first) = areas.first_mut() else {
            failures.push(format!("{}: no rect to redact", f.name()));
            continue;
        };
        for v in &values {
            if !first.values_to_verify.contains(v) {
                first.values_to_verify.push(v.clone());
            }
        }
        let released = released_shown(f);
        match redact(&doc, &areas, &opts()) {
            Ok(r) => {
                done += 1;
                let c = external(f.name(), &r.bytes, &values, &released);
                failures.extend(c.leaks);
                let sum = |k: fn(&disclose_pdf::AreaResult) -> usize| {
                    r.report.areas.iter().map(k).sum::<usize>()
                };
                eprintln!(
                    "{}: ok, glyphs removed {}, images blanked {} / removed {}, annotations \
                     removed {}; blanked {:?}; warnings {:?}",
                    f.name(),
                    sum(|a| a.glyphs_removed),
                    sum(|a| a.images_blanked),
                    sum(|a| a.images_removed),
                    sum(|a| a.annotations_removed),
                    r.report.blanked,
                    r.report.warnings
                );
            }
            Err(e) => failures.push(format!("{}: {e}", f.name())),
        }
    }
    eprintln!("{done} leak fixtures redacted and verified");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn text_fixtures_values_found_by_our_text_model_are_redacted() {
    if !tools_available() {
        eprintln!("qpdf or pdftotext missing: skipped");
        return;
    }
    let manifest = load_manifest();
    let mut failures = Vec::new();
    let mut done = 0;
    for f in manifest.under("text") {
        let bytes = std::fs::read(f.full_path()).unwrap();
        let doc = match &f.user_password {
            Some(pw) => Document::open_with_password(&bytes, pw).unwrap(),
            None => match Document::open(&bytes) {
                Ok(d) => d,
                Err(e) => {
                    failures.push(format!("{}: {e}", f.name()));
                    continue;
                }
            },
        };
        let mut areas = Vec::new();
        let mut values = Vec::new();
        for p in f
            .planted
            .iter()
            .filter(|p| p.location == Location::PageText)
        {
            let mut found = false;
            for &page in &p.pages {
                let text = doc.page_text(page).unwrap();
                for span in find_spans(&text.text, &p.value) {
                    let quads: Vec<Quad> = text
                        .glyphs_for_span(span)
                        .into_iter()
                        .filter_map(|g| text.glyphs.get(g))
                        .map(|g| {
                            let r = g.view;
                            Quad::from_rect(
                                &Rect::new(
                                    r.x_min - 0.3,
                                    r.y_min - 0.3,
                                    r.x_max + 0.3,
                                    r.y_max + 0.3,
                                ),
                                &disclose_pdf::Matrix::IDENTITY,
                            )
                        })
                        .collect();
                    if quads.is_empty() {
                        continue;
                    }
                    found = true;
                    areas.push(Area {
                        page,
                        quads,
                        label: "RCW 42.56.230".into(),
                        values_to_verify: vec![p.value.clone()],
                    });
                }
            }
            if found {
                values.push(p.value.clone());
            }
        }
        if areas.is_empty() {
            eprintln!(
                "{}: no planted page-text value found by our text model",
                f.name()
            );
            continue;
        }
        let released = if f.user_password.is_some() {
            Vec::new()
        } else {
            released_shown(f)
        };
        match redact(&doc, &areas, &opts()) {
            Ok(r) => {
                done += 1;
                let c = external(f.name(), &r.bytes, &values, &released);
                failures.extend(c.leaks);
                let removed: usize = r.report.areas.iter().map(|a| a.glyphs_removed).sum();
                let after = Document::open(&r.bytes).unwrap();
                let (kept, total) = kept_in_place(&doc, &after);
                if kept + removed != total {
                    failures.push(format!(
                        "{}: {kept} of {total} glyphs kept their place within 0.01 pt, \
                         {removed} removed",
                        f.name()
                    ));
                }
                eprintln!(
                    "{}: ok, {} values, {} glyphs removed, warnings {:?}",
                    f.name(),
                    values.len(),
                    r.report
                        .areas
                        .iter()
                        .map(|a| a.glyphs_removed)
                        .sum::<usize>(),
                    r.report.warnings
                );
            }
            Err(e) => failures.push(format!("{}: {e}", f.name())),
        }
    }
    eprintln!("{done} text fixtures redacted and verified");
    assert!(done >= 10, "only {done} text fixtures were redacted");
    assert!(failures.is_empty(), "{failures:#?}");
}
