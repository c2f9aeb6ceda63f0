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

// ---- the second round of issue 4: paths, image kinds, sanitize, form
// fields, encrypted input ----------------------------------------------

/// One redacted leak fixture, with what the common checks found wrong.
struct Case {
    before: Document,
    after: Document,
    areas: Vec<Area>,
    out: disclose_pdf::Redacted,
    qdf: String,
    failures: Vec<String>,
}

/// Redacts `name` (areas from its planted rects, no label so that the
/// mark is all black), then runs the common checks: the call verified;
/// values absent from pdftotext, the qdf bytes and our extraction;
/// `qpdf --check` clean; released values still shown; glyphs outside the
/// areas kept within 0.01 pt (annotation appearances too unless
/// `skip_annots`); pdftoppm black inside every area.
fn redact_case(name: &str, opts: &RedactOptions, skip_annots: bool) -> Option<Case> {
    if !tools_available() {
        eprintln!("qpdf or pdftotext missing: skipped");
        return None;
    }
    let manifest = load_manifest();
    let f = manifest.get(&format!("leak/{name}")).unwrap();
    let bytes = std::fs::read(f.full_path()).unwrap();
    let before = Document::open(&bytes).unwrap();
    let mut areas: Vec<Area> = Vec::new();
    for p in &f.planted {
        let Some(r) = p.rect else { continue };
        for &page in &p.pages {
            areas.push(Area {
                page,
                quads: vec![view_quad(&before, page, r)],
                label: String::new(),
                values_to_verify: vec![p.value.clone()],
            });
        }
    }
    let values: Vec<String> = f.planted.iter().map(|p| p.value.clone()).collect();
    for v in &values {
        if !areas[0].values_to_verify.contains(v) {
            areas[0].values_to_verify.push(v.clone());
        }
    }
    let released = released_shown(f);
    let out = redact(&before, &areas, opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    // To look at the outputs: REDACT_OUT_DIR=/some/dir cargo test ...
    if let Ok(dir) = std::env::var("REDACT_OUT_DIR") {
        let suffix = if opts.sanitize { "-sanitized" } else { "" };
        std::fs::write(format!("{dir}/{name}{suffix}.pdf"), &out.bytes).unwrap();
    }
    let mut failures = external(name, &out.bytes, &values, &released).leaks;
    let after = Document::open(&out.bytes).unwrap();
    // Our own extraction.
    for p in 1..=after.page_count() {
        let text = after.page_text(p).unwrap().text;
        for v in &values {
            if contains_value(&text, v) {
                failures.push(format!("{name}: {v:?} in our extraction of page {p}"));
            }
        }
    }
    failures.extend(outside_glyphs_kept(
        name,
        &before,
        &after,
        &areas,
        skip_annots,
    ));
    failures.extend(black_inside(name, &out.bytes, &areas));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, &out.bytes).unwrap();
    let qdf = latin1(&disclose_tests::qpdf_qdf_bytes(&path, None).unwrap());
    eprintln!(
        "{name}: areas {:?}; blanked {:?}; warnings {:?}",
        out.report.areas, out.report.blanked, out.report.warnings
    );
    Some(Case {
        before,
        after,
        areas,
        out,
        qdf,
        failures,
    })
}

/// Every glyph of `before` whose box does not come near an area is in
/// `after` with the same text within 0.01 pt.
fn outside_glyphs_kept(
    name: &str,
    before: &Document,
    after: &Document,
    areas: &[Area],
    skip_annots: bool,
) -> Vec<String> {
    let mut failures = Vec::new();
    for p in 1..=before.page_count() {
        let b = before.page_text(p).unwrap();
        let a = after.page_text(p).unwrap();
        let near: Vec<Rect> = areas
            .iter()
            .filter(|x| x.page == p)
            .flat_map(|x| x.quads.iter().map(|q| q.bounds()))
            .map(|r| Rect::new(r.x_min - 1.0, r.y_min - 1.0, r.x_max + 1.0, r.y_max + 1.0))
            .collect();
        for g in &b.glyphs {
            if near.iter().any(|r| r.intersects(&g.view)) {
                continue;
            }
            let annot = matches!(
                b.streams.get(g.glyph.origin.op.stream).map(|s| &s.kind),
                Some(disclose_pdf::StreamKind::Annotation { .. })
            );
            if skip_annots && annot {
                continue;
            }
            let kept = a.glyphs.iter().any(|h| {
                h.glyph.text == g.glyph.text
                    && (h.glyph.origin_point.x - g.glyph.origin_point.x).abs() < 0.01
                    && (h.glyph.origin_point.y - g.glyph.origin_point.y).abs() < 0.01
            });
            if !kept {
                failures.push(format!(
                    "{name}: page {p}: glyph {:?} at {:?} outside the areas moved or went",
                    g.glyph.text, g.glyph.origin_point
                ));
            }
        }
    }
    failures
}

/// pdftoppm at 72 dpi shows black everywhere inside each area (a point in
/// from its edges, for anti-aliasing).
fn black_inside(name: &str, bytes: &[u8], areas: &[Area]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    let mut failures = Vec::new();
    for a in areas {
        let Some(img) = disclose_tests::pdftoppm_gray(&path, a.page, 72) else {
            return failures;
        };
        for q in &a.quads {
            let r = q.bounds();
            let (x0, x1) = ((r.x_min + 1.5) as usize, (r.x_max - 1.5) as usize);
            let (y0, y1) = ((r.y_min + 1.5) as usize, (r.y_max - 1.5) as usize);
            let mut light = 0;
            for y in y0..y1 {
                for x in x0..x1 {
                    if img.get(x, y).is_some_and(|g| g > 40) {
                        light += 1;
                    }
                }
            }
            if light > 0 {
                failures.push(format!(
                    "{name}: page {}: {light} light pixels inside an area",
                    a.page
                ));
            }
        }
    }
    failures
}

#[test]
fn vector_signature_paths_inside_the_area_are_removed() {
    let Some(c) = redact_case("vector-signature.pdf", &opts(), false) else {
        return;
    };
    let mut failures = c.failures;
    let removed: usize = c.out.report.areas.iter().map(|a| a.paths_removed).sum();
    // two strokes, the tick and the filled dot
    if removed != 4 {
        failures.push(format!("{removed} paths removed, 4 expected"));
    }
    for gone in [
        "141.37 603.11",
        "211.09 626.83",
        "259.19 603.53",
        "268.31 624.19",
        "281.47 623.39",
    ] {
        if c.qdf.contains(gone) {
            failures.push(format!("signature coordinates {gone} still in the file"));
        }
    }
    // The signing line crosses the area and the grey box lies outside it.
    let sub: usize = c.out.report.areas.iter().map(|a| a.subpaths_removed).sum();
    if sub != 1 {
        failures.push(format!("{sub} subpaths removed, 1 expected (the initials)"));
    }
    for kept in [
        "120.5 592.5 m 430.5 592.5 l S",
        "440 540 120 90 re f",
        "100 645 400 20 re",
    ] {
        if !c.qdf.contains(kept) {
            failures.push(format!("{kept:?} is gone"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Mean and largest grey difference between two renderings of a page,
/// outside the areas (grown by two points).
fn diff_outside(before: &[u8], after: &[u8], page: u32, areas: &[Area]) -> Option<(f64, u8)> {
    let dir = tempfile::tempdir().unwrap();
    let (pb, pa) = (dir.path().join("b.pdf"), dir.path().join("a.pdf"));
    std::fs::write(&pb, before).unwrap();
    std::fs::write(&pa, after).unwrap();
    let b = disclose_tests::pdftoppm_gray(&pb, page, 72)?;
    let a = disclose_tests::pdftoppm_gray(&pa, page, 72)?;
    let near: Vec<Rect> = areas
        .iter()
        .filter(|x| x.page == page)
        .flat_map(|x| x.quads.iter().map(|q| q.bounds()))
        .collect();
    let (mut sum, mut n, mut max) = (0u64, 0u64, 0u8);
    for y in 0..b.height.min(a.height) {
        for x in 0..b.width.min(a.width) {
            let (fx, fy) = (x as f64, y as f64);
            if near.iter().any(|r| {
                fx >= r.x_min - 2.0
                    && fx <= r.x_max + 2.0
                    && fy >= r.y_min - 2.0
                    && fy <= r.y_max + 2.0
            }) {
                continue;
            }
            let d = b.get(x, y)?.abs_diff(a.get(x, y)?);
            sum += u64::from(d);
            n += 1;
            max = max.max(d);
        }
    }
    Some((sum as f64 / n.max(1) as f64, max))
}

/// Redacts the leak fixture `file` and checks that exactly `expected`
/// images were blanked, none removed whole, and that each page renders as
/// before outside the areas (a JPEG is decoded by a different IDCT than
/// poppler's, so a few levels are allowed).
fn images_blanked_in_place(file: &str, expected: usize) {
    let Some(c) = redact_case(file, &opts(), false) else {
        return;
    };
    let mut failures = c.failures;
    let blanked: usize = c.out.report.areas.iter().map(|a| a.images_blanked).sum();
    let removed: usize = c.out.report.areas.iter().map(|a| a.images_removed).sum();
    if blanked != expected || removed != 0 {
        failures.push(format!(
            "{blanked} images blanked, {removed} removed; {expected} and 0 expected"
        ));
    }
    let src = std::fs::read(
        load_manifest()
            .get(&format!("leak/{file}"))
            .unwrap()
            .full_path(),
    )
    .unwrap();
    for page in 1..=c.before.page_count() {
        if let Some((mean, max)) = diff_outside(&src, &c.out.bytes, page, &c.areas) {
            eprintln!("page {page}: outside the areas mean diff {mean:.3}, max {max}");
            if mean > 0.5 || max > 24 {
                failures.push(format!(
                    "page {page}: rendering outside the areas changed (mean {mean:.3}, max {max})"
                ));
            }
        }
    }
    let _ = (&c.after, &c.qdf);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn inline_mask_decode_and_cmyk_jpeg_images_are_blanked_not_removed() {
    images_blanked_in_place("image-kinds.pdf", 5);
}

#[test]
fn soft_masks_with_a_decode_array_or_a_jpeg_are_blanked_not_removed() {
    images_blanked_in_place("image-soft-masks.pdf", 2);
}

/// The words the sanitize fixture hides outside the page content
/// (fixtures/generate/gen_leak.py, SANITIZE_MARKERS).
const SANITIZE_MARKERS: [&str; 11] = [
    "Cornelius Thornbury",
    "Penelope Oyelaran",
    "Thaddeus Okonkwo",
    "Welcome Quillan",
    "this.print",
    "Marisol Vantongeren",
    "Benedikt Szymanska",
    "Ingrid Halvorsen",
    "Featherstonehaugh",
    "PrivateEditorStateOfLeopoldine",
    "Wilhelmina",
];

#[test]
fn sanitize_strips_metadata_scripts_files_outline_comments_alt_and_private_data() {
    let path = load_manifest()
        .get("leak/sanitize-everything.pdf")
        .unwrap()
        .full_path();
    let src = latin1(&disclose_tests::qpdf_qdf_bytes(&path, None).unwrap_or_default());
    // Without sanitize the words stay (they are no redacted value) ...
    let Some(plain) = redact_case("sanitize-everything.pdf", &opts(), false) else {
        return;
    };
    let mut failures = plain.failures;
    for m in SANITIZE_MARKERS {
        assert!(src.contains(m), "the fixture lacks {m:?}");
        if !plain.qdf.contains(m) {
            failures.push(format!("{m:?} went without sanitize"));
        }
    }
    // ... with it they go, and the page and its URI link stay.
    let sanitizing = RedactOptions {
        sanitize: true,
        ..opts()
    };
    let c = redact_case("sanitize-everything.pdf", &sanitizing, false).unwrap();
    failures.extend(c.failures);
    for m in SANITIZE_MARKERS {
        if c.qdf.contains(m) {
            failures.push(format!("{m:?} survived sanitize"));
        }
    }
    if !c.qdf.contains("https://example.org/complaints") {
        failures.push("the URI link went".into());
    }
    for gone in [
        "/JavaScript",
        "/OpenAction",
        "/EmbeddedFiles",
        "/Outlines",
        "/PieceInfo",
        "/Metadata",
    ] {
        if c.qdf.contains(gone) {
            failures.push(format!("{gone} survived sanitize"));
        }
    }
    if !c.qdf.contains("/StructTreeRoot") {
        failures.push("the structure tree went".into());
    }
    assert!(
        c.out
            .report
            .blanked
            .iter()
            .any(|b| b.starts_with("sanitize:")),
        "{:?}",
        c.out.report.blanked
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_scrubbed_field_loses_its_appearance_and_the_others_keep_theirs() {
    let Some(c) = redact_case("form-fields-kept.pdf", &opts(), true) else {
        return;
    };
    let mut failures = c.failures;
    // The name field still shows its value (our extraction reads widget
    // appearances; pdftotext's is checked through the released values).
    let text = c.after.page_text(1).unwrap().text;
    if !contains_value(&text, "Maria L. Ortega") {
        failures.push("the name field's appearance went".into());
    }
    if !c.qdf.contains("(Passport)") || !c.qdf.contains("/T (applicant_ssn)") {
        failures.push("the other options or the scrubbed field itself went".into());
    }
    let rebuilt = c
        .out
        .report
        .blanked
        .iter()
        .filter(|b| b.starts_with("annotation appearance"))
        .count();
    if rebuilt != 2 {
        failures.push(format!("{rebuilt} appearances rebuilt, 2 expected"));
    }
    // The XFA copy of the data goes (the AcroForm fields stay), and the
    // script held as a stream is emptied.
    if c.qdf.contains("/XFA") {
        failures.push("/XFA survived".into());
    }
    for what in ["xfa form data", "javascript stream"] {
        if !c.out.report.blanked.iter().any(|b| b.starts_with(what)) {
            failures.push(format!("no {what} blanked: {:?}", c.out.report.blanked));
        }
    }
    let _ = (&c.before, &c.areas);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn encrypted_input_opens_with_its_password_and_is_written_unencrypted() {
    if !tools_available() {
        eprintln!("qpdf or pdftotext missing: skipped");
        return;
    }
    let manifest = load_manifest();
    let f = manifest.get("leak/vector-signature.pdf").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let enc = dir.path().join("enc.pdf");
    let st = Command::new("qpdf")
        .args(["--encrypt", "s3cret-user", "s3cret-owner", "256", "--"])
        .arg(f.full_path())
        .arg(&enc)
        .status()
        .unwrap();
    assert!(st.success());
    let bytes = std::fs::read(&enc).unwrap();
    assert!(
        Document::open(&bytes).is_err(),
        "opened without its password"
    );
    let doc = Document::open_with_password(&bytes, "s3cret-user").unwrap();
    let p = &f.planted[0];
    let areas = vec![Area {
        page: 1,
        quads: vec![view_quad(&doc, 1, p.rect.unwrap())],
        label: "b(6)".into(),
        values_to_verify: vec![p.value.clone()],
    }];
    let out = redact(&doc, &areas, &opts()).unwrap();
    let c = external(f.name(), &out.bytes, std::slice::from_ref(&p.value), &[]);
    assert!(c.leaks.is_empty(), "{:#?}", c.leaks);
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, &out.bytes).unwrap();
    let show = Command::new("qpdf")
        .arg("--show-encryption")
        .arg(&path)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&show.stdout);
    assert!(shown.contains("File is not encrypted"), "{shown}");
    // Readable without any password, released text intact.
    let again = Document::open(&out.bytes).unwrap();
    assert!(contains_value(&again.page_text(1).unwrap().text, "PS-2231"));
}

#[test]
fn output_can_be_encrypted_with_aes256_on_request() {
    if !tools_available() {
        eprintln!("qpdf or pdftotext missing: skipped");
        return;
    }
    let manifest = load_manifest();
    let f = manifest.get("leak/sticky-note.pdf").unwrap();
    let doc = Document::open(&std::fs::read(f.full_path()).unwrap()).unwrap();
    let p = &f.planted[0];
    let areas = vec![Area {
        page: 1,
        quads: vec![view_quad(&doc, 1, p.rect.unwrap())],
        label: "b(6)".into(),
        values_to_verify: vec![p.value.clone()],
    }];
    let o = RedactOptions {
        encrypt_output: Some(("open-me".into(), "own-me".into())),
        ..opts()
    };
    let out = redact(&doc, &areas, &o).unwrap();
    assert!(
        Document::open(&out.bytes).is_err(),
        "opened without a password"
    );
    let again = Document::open_with_password(&out.bytes, "open-me").unwrap();
    let text = again.page_text(1).unwrap().text;
    assert!(!contains_value(&text, &p.value));
    assert!(contains_value(&text, "PD-24-0112"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, &out.bytes).unwrap();
    let show = Command::new("qpdf")
        .args(["--password=open-me", "--show-encryption"])
        .arg(&path)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&show.stdout);
    assert!(shown.contains("AESv3"), "{shown}");
    let check = Command::new("qpdf")
        .args(["--password=open-me", "--check"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let qdf = dir.path().join("out.qdf");
    let st = Command::new("qpdf")
        .args([
            "--password=open-me",
            "--decrypt",
            "--qdf",
            "--object-streams=disable",
        ])
        .arg(&path)
        .arg(&qdf)
        .status()
        .unwrap();
    assert!(st.success() || st.code() == Some(3));
    let q = latin1(&std::fs::read(&qdf).unwrap());
    for form in byte_forms(&p.value) {
        assert!(!q.contains(&form), "{form:?} in the decrypted bytes");
    }
    let t = disclose_tests::pdftotext_text_with_password(&path, Some("open-me")).unwrap();
    assert!(!contains_value(&t, &p.value));
    assert!(contains_value(&t, "PD-24-0112"), "{t}");
}

#[test]
fn a_bates_stamp_inside_an_area_is_not_taken_for_a_surviving_glyph() {
    let manifest = load_manifest();
    let f = manifest.get("leak/sticky-note.pdf").unwrap();
    let doc = Document::open(&std::fs::read(f.full_path()).unwrap()).unwrap();
    // The lower right corner of the page as shown, where the stamp goes.
    let corner = Quad::from_rect(
        &Rect::new(400.0, 740.0, 612.0, 792.0),
        &disclose_pdf::Matrix::IDENTITY,
    );
    let areas = vec![Area {
        page: 1,
        quads: vec![corner],
        label: "b(6)".into(),
        values_to_verify: vec![],
    }];
    let o = RedactOptions {
        page_stamps: vec!["LAKEMONT-000001".into()],
        ..opts()
    };
    let out = redact(&doc, &areas, &o).unwrap();
    let after = Document::open(&out.bytes).unwrap();
    assert!(after.page_text(1).unwrap().text.contains("LAKEMONT-000001"));
}

#[test]
fn show_operators_divided_between_contents_parts_are_redacted() {
    // The SSN's string runs from one /Contents part into the next and the
    // phone number's TJ has its operands in one part, the operator in the
    // next (ISO 32000-1 7.8.2): the page is joined into one stream first.
    let Some(c) = redact_case("split-contents.pdf", &opts(), false) else {
        return;
    };
    let mut failures = c.failures;
    let removed: usize = c.out.report.areas.iter().map(|a| a.glyphs_removed).sum();
    // "531-72-4408" and "(360) 555-0199"
    if removed != 11 + 14 {
        failures.push(format!("{removed} glyphs removed, 25 expected"));
    }
    if !c
        .out
        .report
        .warnings
        .iter()
        .any(|w| w.contains("joined into one stream"))
    {
        failures.push(format!(
            "no warning says the parts were joined: {:?}",
            c.out.report.warnings
        ));
    }
    for digits in ["4408", "531-72", "555-0199"] {
        if c.qdf.contains(digits) {
            failures.push(format!("{digits:?} is still in the file"));
        }
    }
    for kept in [
        "on file",
        "evenings only",
        "Counter clerk: desk 4",
        "IR-24-0311",
    ] {
        if !c.qdf.contains(kept) {
            failures.push(format!("{kept:?} is gone"));
        }
    }
    let (kept, total) = kept_in_place(&c.before, &c.after);
    eprintln!("split-contents: {kept} of {total} glyphs kept in place");
    if kept + 25 != total {
        failures.push(format!(
            "{kept} of {total} glyphs kept in place, {} expected",
            total - 25
        ));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
