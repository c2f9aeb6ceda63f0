//! Redaction on PDFs built in code: the covered text is gone from our
//! extraction, from `pdftotext` and from the qdf bytes; every other glyph
//! keeps its place; `qpdf --check` passes.

use std::path::PathBuf;
use std::process::Command;

use lopdf::{Dictionary, Object, Stream, dictionary};

use super::*;
use crate::geom::{Point, Rect};

/// A one-font document; `pages` are (content, /Rotate); `form` is the
/// content of a Form XObject /Fm1 shared by every page.
fn build(pages: &[(&str, i64)], form: Option<&str>, info_title: Option<&str>) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut res = dictionary! { "Font" => dictionary! { "F1" => font } };
    if let Some(f) = form {
        let fm = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 400.into(), 100.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            },
            f.as_bytes().to_vec(),
        ));
        res.set("XObject", dictionary! { "Fm1" => fm });
    }
    let res_id = doc.add_object(res);
    let mut kids = Vec::new();
    for (content, rotate) in pages {
        let c = doc.add_object(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
        let p = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => c, "Resources" => res_id, "Rotate" => *rotate,
        });
        kids.push(Object::Reference(p));
    }
    let n = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => n }),
    );
    let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", cat);
    if let Some(t) = info_title {
        let info = doc.add_object(dictionary! { "Title" => Object::string_literal(t) });
        doc.trailer.set("Info", info);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// (text, origin) of every glyph of every page, in drawing order.
fn glyphs(doc: &Document) -> Vec<Vec<(String, Point)>> {
    (1..=doc.page_count())
        .map(|p| {
            doc.page_text(p)
                .unwrap()
                .glyphs
                .iter()
                .map(|g| {
                    (
                        g.glyph.text.clone().unwrap_or_default(),
                        g.glyph.origin_point,
                    )
                })
                .collect()
        })
        .collect()
}

/// Areas covering every word on `page` whose text contains `needle`.
fn areas_for(doc: &Document, page: u32, needle: &str, label: &str, value: &str) -> Vec<Area> {
    let t = doc.page_text(page).unwrap();
    let areas: Vec<Area> = t
        .words
        .iter()
        .filter(|w| w.text.contains(needle))
        .map(|w| {
            let r = w.bbox;
            let r = Rect::new(r.x_min - 0.5, r.y_min - 0.5, r.x_max + 0.5, r.y_max + 0.5);
            Area {
                page,
                quads: vec![Quad::from_rect(&r, &crate::geom::Matrix::IDENTITY)],
                label: label.into(),
                values_to_verify: if value.is_empty() {
                    vec![]
                } else {
                    vec![value.into()]
                },
            }
        })
        .collect();
    assert!(
        !areas.is_empty(),
        "no word {needle} on page {page}: {}",
        t.text
    );
    areas
}

fn test_opts() -> RedactOptions {
    RedactOptions {
        deterministic: true,
        compress: false,
        ..RedactOptions::default()
    }
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!("disclose-redact-{}-{name}.pdf", std::process::id()));
    std::fs::write(&p, bytes).unwrap();
    p
}

fn tool(cmd: &str, args: &[&str]) -> Option<(bool, Vec<u8>)> {
    let out = Command::new(cmd).args(args).output().ok()?;
    Some((out.status.success(), [out.stdout, out.stderr].concat()))
}

/// Checks with the outside tools: the value (folded) is in neither
/// `pdftotext` output nor the qdf bytes, and `qpdf --check` passes.
fn external_checks(name: &str, bytes: &[u8], gone: &[&str]) {
    let p = tmp(name, bytes);
    let path = p.to_str().unwrap();
    if let Some((ok, out)) = tool("qpdf", &["--check", path]) {
        assert!(ok, "qpdf --check failed: {}", String::from_utf8_lossy(&out));
        let qdf = p.with_extension("qdf");
        let (ok, _) = tool(
            "qpdf",
            &[
                "--qdf",
                "--object-streams=disable",
                path,
                qdf.to_str().unwrap(),
            ],
        )
        .unwrap();
        assert!(ok);
        let q = std::fs::read(&qdf).unwrap();
        let q: String = q.iter().map(|&c| char::from(c)).collect();
        for g in gone {
            assert!(!q.contains(g), "{g} in the qdf bytes of {name}");
        }
        let _ = std::fs::remove_file(qdf);
    } else {
        eprintln!("qpdf not installed: external checks skipped");
    }
    if let Some((ok, out)) = tool("pdftotext", &[path, "-"]) {
        assert!(ok);
        let t = String::from_utf8_lossy(&out).replace(char::is_whitespace, "");
        for g in gone {
            assert!(
                !t.contains(&g.replace(' ', "")),
                "{g} in pdftotext of {name}: {t}"
            );
        }
    }
    let _ = std::fs::remove_file(p);
}

/// Every glyph after redaction is a glyph from before, in the same order
/// and within 0.01 pt of its place; exactly `removed` are missing per page.
fn assert_kept(before: &[Vec<(String, Point)>], after: &[Vec<(String, Point)>], removed: &[usize]) {
    assert_eq!(before.len(), after.len());
    for (p, (b, a)) in before.iter().zip(after).enumerate() {
        // Mark labels are drawn last; they are not page glyphs from before.
        let mut k = 0;
        let mut matched = 0;
        for (t, pt) in a {
            while k < b.len()
                && !(b[k].0 == *t
                    && (b[k].1.x - pt.x).abs() < 0.01
                    && (b[k].1.y - pt.y).abs() < 0.01)
            {
                k += 1;
            }
            if k == b.len() {
                break;
            }
            matched += 1;
            k += 1;
        }
        assert_eq!(
            matched + removed[p],
            b.len(),
            "page {}: {matched} of {} glyphs kept their place, {} removed",
            p + 1,
            b.len(),
            removed[p]
        );
    }
}

fn page_text(doc: &Document, p: u32) -> String {
    doc.page_text(p).unwrap().text
}

fn run(pdf: &[u8], areas: &[Area]) -> (Document, Document, Redacted) {
    let before = Document::open(pdf).unwrap();
    let r = redact(&before, areas, &test_opts()).unwrap();
    let after = Document::open(&r.bytes).unwrap();
    (before, after, r)
}

fn removed_on(r: &Redacted, pages: u32) -> Vec<usize> {
    (1..=pages)
        .map(|p| {
            r.report
                .areas
                .iter()
                .filter(|a| a.page == p)
                .map(|a| a.glyphs_removed)
                .sum()
        })
        .collect()
}

#[test]
fn tj_string_is_split_and_neighbours_stay() {
    let pdf = build(
        &[("BT /F1 12 Tf 72 700 Td (Account 12345678 closed) Tj ET", 0)],
        None,
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    let areas = areas_for(&doc, 1, "12345678", "b(6)", "12345678");
    let (before, after, r) = run(&pdf, &areas);
    assert_eq!(r.report.areas[0].glyphs_removed, 8);
    assert!(r.report.areas[0].label_printed);
    let text = page_text(&after, 1);
    assert!(!text.contains("12345678"), "{text}");
    assert!(
        text.contains("Account") && text.contains("closed"),
        "{text}"
    );
    // The label "b(6)" is the only new glyphs: 4 of them.
    let g = glyphs(&after);
    assert_eq!(g[0].len(), glyphs(&before)[0].len() - 8 + 4);
    assert_kept(&glyphs(&before), &g, &removed_on(&r, 1));
    external_checks("tj", &r.bytes, &["12345678"]);
}

#[test]
fn tj_array_with_kerning() {
    let pdf = build(
        &[(
            "BT /F1 12 Tf 72 680 Td [(Acc) -20 (ount 98) 15.5 (765432 ok) -300 (tail)] TJ ET",
            0,
        )],
        None,
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    let areas = areas_for(&doc, 1, "98765432", "", "98765432");
    let (before, after, r) = run(&pdf, &areas);
    assert_eq!(r.report.areas[0].glyphs_removed, 8);
    assert!(!r.report.areas[0].label_printed);
    let text = page_text(&after, 1);
    assert!(!text.contains("9876"), "{text}");
    assert!(text.contains("Account") && text.contains("ok") && text.contains("tail"));
    assert_kept(&glyphs(&before), &glyphs(&after), &removed_on(&r, 1));
    external_checks("tj-array", &r.bytes, &["98765432"]);
}

#[test]
fn word_and_char_spacing_and_scaling() {
    let pdf = build(
        &[(
            "BT /F1 12 Tf 2 Tc 5 Tw 120 Tz 72 660 Td (SSN 123 45 6789 end) Tj ET",
            0,
        )],
        None,
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    let mut areas = areas_for(&doc, 1, "123", "", "");
    areas.extend(areas_for(&doc, 1, "45", "", ""));
    areas.extend(areas_for(&doc, 1, "6789", "", "123-45-6789"));
    let (before, after, r) = run(&pdf, &areas);
    let total: usize = r.report.areas.iter().map(|a| a.glyphs_removed).sum();
    // nine digits; the spaces between them are outside the word boxes
    assert!(total >= 9, "{total}");
    let text = page_text(&after, 1);
    assert!(text.contains("SSN") && text.contains("end"), "{text}");
    assert_kept(&glyphs(&before), &glyphs(&after), &removed_on(&r, 1));
    external_checks("spacing", &r.bytes, &["6789", "123"]);
}

#[test]
fn quote_operators_keep_line_advance_and_spacing() {
    let pdf = build(
        &[(
            "BT /F1 12 Tf 14 TL 72 640 Td (line one) Tj (secret alpha here) ' \
             3 1 (secret beta here) \" (after all) ' ET",
            0,
        )],
        None,
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    let mut areas = areas_for(&doc, 1, "alpha", "X", "alpha");
    areas.extend(areas_for(&doc, 1, "beta", "X", "beta"));
    let (before, after, r) = run(&pdf, &areas);
    assert_eq!(r.report.areas[0].glyphs_removed, 5);
    assert_eq!(r.report.areas[1].glyphs_removed, 4);
    let text = page_text(&after, 1);
    assert!(!text.contains("alpha") && !text.contains("beta"), "{text}");
    assert!(text.contains("after all"), "{text}");
    assert_kept(&glyphs(&before), &glyphs(&after), &removed_on(&r, 1));
    external_checks("quotes", &r.bytes, &["alpha", "beta"]);
}

#[test]
fn rotated_page() {
    let pdf = build(
        &[("BT /F1 12 Tf 72 500 Td (Parcel 40001234 north) Tj ET", 90)],
        None,
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    let areas = areas_for(&doc, 1, "40001234", "b(3)", "40001234");
    let (before, after, r) = run(&pdf, &areas);
    assert_eq!(r.report.areas[0].glyphs_removed, 8);
    let text = page_text(&after, 1);
    assert!(text.contains("Parcel") && text.contains("north"), "{text}");
    assert_kept(&glyphs(&before), &glyphs(&after), &removed_on(&r, 1));
    external_checks("rotated", &r.bytes, &["40001234"]);
}

#[test]
fn invisible_text_is_removed_too() {
    let pdf = build(
        &[(
            "BT /F1 12 Tf 72 600 Td (Visible) Tj ET BT 3 Tr /F1 12 Tf 72 580 Td (hidden 11112222 ocr) Tj ET",
            0,
        )],
        None,
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    let areas = areas_for(&doc, 1, "11112222", "", "11112222");
    let (before, after, r) = run(&pdf, &areas);
    assert_eq!(r.report.areas[0].invisible_glyphs_removed, 8);
    assert!(page_text(&after, 1).contains("ocr"));
    assert_kept(&glyphs(&before), &glyphs(&after), &removed_on(&r, 1));
    external_checks("invisible", &r.bytes, &["11112222"]);
}

#[test]
fn shared_form_is_copied_before_it_changes() {
    let form = "BT /F1 10 Tf 0 10 Td (Form 55554444 x) Tj ET";
    let pdf = build(
        &[
            (
                "q 1 0 0 1 72 500 cm /Fm1 Do Q q 1 0 0 1 72 300 cm /Fm1 Do Q",
                0,
            ),
            ("q 1 0 0 1 72 400 cm /Fm1 Do Q", 0),
        ],
        Some(form),
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    // Only the upper instance on page 1 (view y is smaller for it).
    let mut areas = areas_for(&doc, 1, "55554444", "", "");
    areas.sort_by(|a, b| a.quads[0].0[0].y.total_cmp(&b.quads[0].0[0].y));
    areas.truncate(1);
    let (before, after, r) = run(&pdf, &areas);
    assert_eq!(r.report.areas[0].glyphs_removed, 8);
    assert_eq!(r.report.forms_copied, 1);
    let t1 = page_text(&after, 1);
    assert_eq!(t1.matches("55554444").count(), 1, "{t1}");
    assert!(page_text(&after, 2).contains("55554444"));
    assert_kept(&glyphs(&before), &glyphs(&after), &removed_on(&r, 2));

    // All three instances: the value is gone everywhere and verified.
    let mut all = areas_for(&doc, 1, "55554444", "", "55554444");
    all.extend(areas_for(&doc, 2, "55554444", "", "55554444"));
    let (before, after, r) = run(&pdf, &all);
    assert_eq!(r.report.values_verified, 1);
    assert_kept(&glyphs(&before), &glyphs(&after), &removed_on(&r, 2));
    external_checks("form", &r.bytes, &["55554444"]);
}

#[test]
fn a_value_outside_every_area_fails_closed() {
    let pdf = build(
        &[(
            "BT /F1 12 Tf 72 700 Td (Card 4111111111111111) Tj 0 -20 Td (again 4111 1111 1111 1111) Tj ET",
            0,
        )],
        None,
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    let mut areas = areas_for(&doc, 1, "4111111111111111", "", "4111 1111 1111 1111");
    areas.truncate(1);
    let err = redact(&doc, &areas, &test_opts()).unwrap_err();
    match &err {
        Error::RedactionLeak { value, page, .. } => {
            assert_eq!(value, "…1111");
            assert_eq!(*page, Some(1));
        }
        other => panic!("{other}"),
    }
    assert!(!err.to_string().contains("4111 1111 1111 1111"));
}

#[test]
fn info_strings_are_scrubbed_and_the_save_is_a_full_rewrite() {
    let pdf = build(
        &[("BT /F1 12 Tf 72 700 Td (Claimant Jane Roe) Tj ET", 0)],
        None,
        Some("Claim of Jane Roe"),
    );
    let doc = Document::open(&pdf).unwrap();
    let mut areas = areas_for(&doc, 1, "Jane", "", "");
    areas.extend(areas_for(&doc, 1, "Roe", "", "Jane Roe"));
    let (_, _after, r) = run(&pdf, &areas);
    assert!(
        r.report.blanked.iter().any(|b| b.contains("/Title")),
        "{:?}",
        r.report.blanked
    );
    let s: String = r.bytes.iter().map(|&c| char::from(c)).collect();
    assert!(!s.contains("/Prev"));
    assert!(s.contains("/ID"));
    // deterministic: same input, same bytes
    let again = redact(&doc, &areas, &test_opts()).unwrap();
    assert_eq!(again.bytes, r.bytes);
    external_checks("info", &r.bytes, &["Jane Roe", "Roe"]);
}

#[test]
fn compressed_output_verifies_too() {
    let pdf = build(
        &[("BT /F1 12 Tf 72 700 Td (Account 12345678 closed) Tj ET", 0)],
        None,
        None,
    );
    let doc = Document::open(&pdf).unwrap();
    let areas = areas_for(&doc, 1, "12345678", "b(6)", "12345678");
    let r = redact(&doc, &areas, &RedactOptions::default()).unwrap();
    let s: String = r.bytes.iter().map(|&c| char::from(c)).collect();
    assert!(s.contains("/FlateDecode"));
    external_checks("compressed", &r.bytes, &["12345678"]);
}

#[test]
fn bad_areas_are_typed_errors() {
    let pdf = build(&[("BT /F1 12 Tf 72 700 Td (x) Tj ET", 0)], None, None);
    let doc = Document::open(&pdf).unwrap();
    let a = Area {
        page: 3,
        ..Area::default()
    };
    assert!(matches!(
        redact(&doc, &[a], &test_opts()),
        Err(Error::NoSuchPage { page: 3, .. })
    ));
    let a = Area {
        page: 1,
        quads: vec![Quad(
            [Point {
                x: f64::NAN,
                y: 0.0,
            }; 4],
        )],
        ..Area::default()
    };
    assert!(matches!(
        redact(&doc, &[a], &test_opts()),
        Err(Error::BadArea { .. })
    ));
}

/// Saves `doc` as one Letter page drawing `content`, with image `img`
/// as /Im1 and `pages_id` (reserved by the caller) as its page tree.
fn one_page_with_image(
    mut doc: lopdf::Document,
    pages_id: ObjectId,
    img: ObjectId,
    content: &[u8],
) -> Vec<u8> {
    let c = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
    let p = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Contents" => c, "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => img } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![p.into()], "Count" => 1 },
        ),
    );
    let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", cat);
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).unwrap();
    pdf
}

/// The left half of a 20 x 10 image drawn by `200 0 0 100 100 600 cm`
/// (10 pt per pixel): view x 100..200, y 92..192 (y down from 792), which
/// is columns 0..10.
fn image_left_half() -> Area {
    Area {
        page: 1,
        quads: vec![Quad::from_rect(
            &Rect::new(100.0, 92.0, 200.0, 192.0),
            &crate::geom::Matrix::IDENTITY,
        )],
        label: String::new(),
        values_to_verify: vec![],
    }
}

#[test]
fn image_pixels_under_an_area_are_blanked_in_a_copy() {
    // A 20 x 10 white RGB image drawn twice on one page at 10 pt per pixel,
    // Flate-compressed; the area covers the first instance's left half.
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut img = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 20, "Height" => 10,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
        },
        vec![255u8; 20 * 10 * 3],
    );
    img.compress().unwrap();
    let img = doc.add_object(img);
    let pdf = one_page_with_image(
        doc,
        pages_id,
        img,
        b"q 200 0 0 100 100 600 cm /Im1 Do Q q 200 0 0 100 100 300 cm /Im1 Do Q",
    );

    let before = Document::open(&pdf).unwrap();
    // view: y down from 792; the first image spans view y 92..192, x 100..300
    let area = image_left_half();
    let r = redact(&before, &[area], &test_opts()).unwrap();
    assert_eq!(r.report.areas[0].images_blanked, 1);
    let out = Document::open(&r.bytes).unwrap();
    let imgs: Vec<Vec<u8>> = out
        .lopdf()
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|o| o.as_name()).ok() == Some(b"Image"))
        .map(|s| s.decompressed_content().unwrap())
        .collect();
    // the original (still drawn by the second instance) and the copy
    assert_eq!(imgs.len(), 2);
    let copy = imgs.iter().find(|d| d.contains(&0)).unwrap();
    let px = |x: usize, y: usize| copy[(y * 20 + x) * 3];
    // columns 0..10 covered (+1 pixel margin), the right part untouched
    for y in 0..10 {
        for x in 0..10 {
            assert_eq!(px(x, y), 0, "({x},{y})");
        }
        for x in 12..20 {
            assert_eq!(px(x, y), 255, "({x},{y})");
        }
    }
    assert!(imgs.iter().any(|d| d.iter().all(|&b| b == 255)));
    external_checks("image", &r.bytes, &[]);
}

/// The grey level (0 black) at view point (x, y) of page 1 rendered by
/// `pdftoppm` at 72 dpi, when pdftoppm is installed.
fn rendered_grey(bytes: &[u8], points: &[(f64, f64)]) -> Option<Vec<u8>> {
    let p = tmp("render", bytes);
    let prefix = p.with_extension("");
    let (ok, _) = tool(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            p.to_str()?,
            prefix.to_str()?,
        ],
    )?;
    assert!(ok);
    let pgm_path = prefix.with_extension("pgm");
    let pgm = std::fs::read(&pgm_path).ok()?;
    let _ = std::fs::remove_file(&pgm_path);
    let _ = std::fs::remove_file(&p);
    // P5 header: magic, width, height, maxval, then one byte per pixel.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[s..i]).into_owned());
    }
    let w: usize = fields[1].parse().unwrap();
    let data = &pgm[i + 1..];
    Some(
        points
            .iter()
            .map(|&(x, y)| data[y as usize * w + x as usize])
            .collect(),
    )
}

#[test]
fn rendering_is_black_inside_the_areas_and_unchanged_outside() {
    for rotate in [0, 90] {
        let pdf = build(
            &[(
                "BT /F1 12 Tf 72 500 Td (Parcel 40001234 north) Tj ET",
                rotate,
            )],
            None,
            None,
        );
        let doc = Document::open(&pdf).unwrap();
        let areas = areas_for(&doc, 1, "40001234", "b(3)", "40001234");
        let r = redact(&doc, &areas, &test_opts()).unwrap();
        let b = areas[0].quads[0].bounds();
        // inside: near the area's corners (the label is in its middle);
        // outside: a blank spot well away from the text
        let inside = [
            (b.x_min + 1.5, b.y_min + 1.5),
            (b.x_max - 1.5, b.y_max - 1.5),
        ];
        let Some(grey) = rendered_grey(&r.bytes, &inside) else {
            eprintln!("pdftoppm not installed: skipped");
            return;
        };
        assert!(grey.iter().all(|&g| g < 40), "rotate {rotate}: {grey:?}");
        // ... and it is the mark that made them black
        let orig = rendered_grey(&pdf, &inside).unwrap();
        assert!(orig.iter().any(|&g| g > 200), "rotate {rotate}: {orig:?}");
        let outside = [(10.0, 10.0)];
        let after = rendered_grey(&r.bytes, &outside).unwrap();
        let before = rendered_grey(&pdf, &outside).unwrap();
        assert_eq!(after, before);
    }
}

#[test]
fn an_explicit_mask_under_an_area_stops_painting_there() {
    // A 20 x 10 gray image with an explicit 1-bit mask that paints
    // everywhere (0 paints, 8.9.6.3), drawn at 10 pt per pixel.
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mask = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 20, "Height" => 10,
            "ImageMask" => true, "BitsPerComponent" => 1,
        },
        vec![0u8; 3 * 10],
    ));
    let img = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 20, "Height" => 10,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Mask" => mask,
        },
        vec![200u8; 20 * 10],
    ));
    let pdf = one_page_with_image(doc, pages_id, img, b"q 200 0 0 100 100 600 cm /Im1 Do Q");
    let before = Document::open(&pdf).unwrap();
    let area = image_left_half();
    let r = redact(&before, &[area], &test_opts()).unwrap();
    assert_eq!(r.report.areas[0].images_blanked, 1);
    let out = Document::open(&r.bytes).unwrap();
    let masks: Vec<Vec<u8>> = out
        .lopdf()
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"ImageMask").and_then(|o| o.as_bool()).ok() == Some(true))
        .map(|s| s.decompressed_content().unwrap())
        .collect();
    // only the copy is reachable: left columns (and a pixel of margin)
    // no longer paint, the right ones still do
    assert_eq!(masks.len(), 1);
    let row = &masks[0][..3];
    assert_eq!(row[0], 0xff, "{row:?}");
    assert_eq!(row[2] & 0x0f, 0, "{row:?}");
}

#[test]
fn subpaths_inside_an_area_go_and_the_rest_of_their_path_stays() {
    // Page 1: one stroked path, a long line (outside) then a short tick
    // (inside the area). Page 2: a rectangle inside the area followed by
    // an `l` that continues from it and reaches outside: the rectangle
    // cannot go without breaking the `l`, so both stay.
    let pdf = build(
        &[
            ("100 100 m 500 100 l 303.5 503.5 m 311.5 511.5 l S", 0),
            ("301.25 501.25 9 9 re 401.75 401.75 l S", 0),
        ],
        None,
        None,
    );
    let before = Document::open(&pdf).unwrap();
    // default user space (290, 490)-(330, 530) is view (290, 262)-(330, 302)
    let area = |page| Area {
        page,
        quads: vec![Quad::from_rect(
            &Rect::new(290.0, 262.0, 330.0, 302.0),
            &crate::geom::Matrix::IDENTITY,
        )],
        label: String::new(),
        values_to_verify: vec![],
    };
    let r = redact(&before, &[area(1), area(2)], &test_opts()).unwrap();
    assert_eq!(r.report.areas[0].subpaths_removed, 1);
    assert_eq!(r.report.areas[0].paths_removed, 0);
    assert_eq!(r.report.areas[1].subpaths_removed, 0);
    let out = Document::open(&r.bytes).unwrap();
    let content = |p: u32| {
        let id = out.page_id(p).unwrap();
        String::from_utf8_lossy(&out.lopdf().get_page_content(id)).into_owned()
    };
    let one = content(1);
    assert!(one.contains("100 100 m 500 100 l"), "{one}");
    assert!(!one.contains("311.5 511.5"), "{one}");
    assert!(!one.contains("303.5 503.5"), "{one}");
    let two = content(2);
    assert!(
        two.contains("301.25 501.25 9 9 re 401.75 401.75 l S"),
        "{two}"
    );
    external_checks("subpaths", &r.bytes, &[]);
}

/// `pdf` with the /Contents of page `page` replaced by an array of
/// `parts`, one stream each.
fn with_parts(pdf: &[u8], page: u32, parts: &[&str]) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let ids: Vec<Object> = parts
        .iter()
        .map(|p| {
            Object::Reference(doc.add_object(Stream::new(Dictionary::new(), p.as_bytes().to_vec())))
        })
        .collect();
    let page_id = doc.get_pages()[&page];
    doc.get_object_mut(page_id)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("Contents", Object::Array(ids));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn operators_divided_between_contents_parts_are_joined_then_redacted() {
    // Page 1: a path built in one part and painted in the next (inside
    // the area), and a Tj whose string runs from one part into the next
    // with the ET of one part touching the BT of the next. Page 2: two
    // parts that divide nothing, left as they are.
    let pdf = build(&[("", 0), ("", 0)], None, None);
    let pdf = with_parts(
        &pdf,
        1,
        &[
            "q 1 w 300 500 m 320 520 l",
            " S Q BT /F1 12 Tf 72 700 Td (Keep SECRET",
            "VALUE here) Tj ET",
            "BT /F1 12 Tf 72 680 Td (Also kept) Tj ET",
        ],
    );
    let pdf = with_parts(
        &pdf,
        2,
        &[
            "BT /F1 12 Tf 72 700 Td (SECRETVALUE) Tj ET\n",
            "BT /F1 12 Tf 72 680 Td (Also kept) Tj ET\n",
        ],
    );
    let before = Document::open(&pdf).unwrap();
    let mut areas = areas_for(&before, 1, "SECRETVALUE", "b(6)", "SECRETVALUE");
    areas.extend(areas_for(&before, 2, "SECRETVALUE", "b(6)", "SECRETVALUE"));
    assert_eq!(areas.len(), 2, "{areas:?}");
    // the path's box, (300, 500)-(320, 520), in view coordinates
    areas[0].quads.push(Quad::from_rect(
        &Rect::new(295.0, 267.0, 325.0, 297.0),
        &crate::geom::Matrix::IDENTITY,
    ));
    let r = redact(&before, &areas, &test_opts()).unwrap();
    assert_eq!(removed_on(&r, 2), vec![11, 11]);
    assert_eq!(r.report.areas[0].paths_removed, 1);
    assert!(
        r.report
            .warnings
            .iter()
            .any(|w| w.starts_with("page 1:") && w.contains("joined into one stream")),
        "{:?}",
        r.report.warnings
    );
    assert!(
        !r.report.warnings.iter().any(|w| w.starts_with("page 2:")),
        "{:?}",
        r.report.warnings
    );
    let after = Document::open(&r.bytes).unwrap();
    for p in 1..=2 {
        let text = page_text(&after, p);
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("Also kept"), "{text}");
    }
    assert!(page_text(&after, 1).contains("Keep"));
    let before_glyphs = glyphs(&before);
    assert_kept(&before_glyphs, &glyphs(&after), &removed_on(&r, 2));
    let content = |p: u32| {
        let id = after.page_id(p).unwrap();
        String::from_utf8_lossy(&after.lopdf().get_page_content(id)).into_owned()
    };
    let one = content(1);
    assert!(!one.contains("320 520"), "{one}");
    assert!(one.contains("ET BT"), "{one}");
    // Page 2: q, its two parts, Q, the marks; the second part as it was.
    let parts = |p: u32| {
        let id = after.page_id(p).unwrap();
        after.lopdf().get_page_contents(id).len()
    };
    assert_eq!(parts(1), 4);
    assert_eq!(parts(2), 5);
    assert!(content(2).contains("BT /F1 12 Tf 72 680 Td (Also kept) Tj ET"));
    external_checks("split-parts", &r.bytes, &["SECRETVALUE"]);
}

#[test]
fn a_stroke_poking_out_of_the_area_crosses_it() {
    // The same diagonal, its points inside the area (290, 490)-(330, 530)
    // by 5 pt: a thin stroke is inside and goes; a 12 pt stroke reaches 6
    // pt beyond the points (8.5.3.2), out of the area, and stays; so does a
    // 6 pt stroke drawn at twice the scale (12 pt on the page).
    let pdf = build(
        &[
            ("1 w 295 495 m 325 525 l S", 0),
            ("12 w 295 495 m 325 525 l S", 0),
            ("q 2 0 0 2 0 0 cm 6 w 147.5 247.5 m 162.5 262.5 l S Q", 0),
            ("q 2 0 0 2 0 0 cm 2 w 147.5 247.5 m 162.5 262.5 l S Q", 0),
        ],
        None,
        None,
    );
    let before = Document::open(&pdf).unwrap();
    let area = |page| Area {
        page,
        quads: vec![Quad::from_rect(
            &Rect::new(290.0, 262.0, 330.0, 302.0),
            &crate::geom::Matrix::IDENTITY,
        )],
        label: String::new(),
        values_to_verify: vec![],
    };
    let r = redact(&before, &[area(1), area(2), area(3), area(4)], &test_opts()).unwrap();
    let removed: Vec<usize> = r.report.areas.iter().map(|a| a.paths_removed).collect();
    assert_eq!(removed, vec![1, 0, 0, 1]);
    external_checks("stroke-width", &r.bytes, &[]);
}

/// `pdf` (from [`build`]) with shadings, a shading pattern and an
/// ExtGState added to the shared resources: /Sh1 an axial shading with no
/// /BBox, /Sh2 the same bounded by (295, 495)-(325, 525), /P1 a shading
/// pattern of /Sh1, /GS1 setting a miter join with limit 10.
fn with_paint_resources(pdf: &[u8]) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let func = dictionary! {
        "FunctionType" => 2, "Domain" => vec![0.into(), 1.into()],
        "C0" => vec![1.into(), 0.into(), 0.into()],
        "C1" => vec![0.into(), 0.into(), 1.into()], "N" => 1,
    };
    let axial = |bbox: Option<[i64; 4]>| {
        let mut d = dictionary! {
            "ShadingType" => 2, "ColorSpace" => "DeviceRGB",
            "Coords" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Function" => func.clone(),
        };
        if let Some(b) = bbox {
            d.set("BBox", b.iter().map(|&v| v.into()).collect::<Vec<Object>>());
        }
        d
    };
    let sh1 = doc.add_object(axial(None));
    let sh2 = doc.add_object(axial(Some([295, 495, 325, 525])));
    let p1 = doc.add_object(dictionary! {
        "Type" => "Pattern", "PatternType" => 2, "Shading" => sh1,
    });
    let gs1 = doc.add_object(dictionary! { "Type" => "ExtGState", "LJ" => 0, "ML" => 10 });
    let page = doc.get_pages()[&1];
    let res = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Resources")
        .unwrap()
        .as_reference()
        .unwrap();
    let res = doc.get_dictionary_mut(res).unwrap();
    res.set("Shading", dictionary! { "Sh1" => sh1, "Sh2" => sh2 });
    res.set("Pattern", dictionary! { "P1" => p1 });
    res.set("ExtGState", dictionary! { "GS1" => gs1 });
    // The form's own resources get the shadings too.
    for o in doc.objects.values_mut() {
        if let Object::Stream(st) = o
            && st.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Form")
            && let Ok(Object::Dictionary(r)) = st.dict.get_mut(b"Resources")
        {
            r.set("Shading", dictionary! { "Sh1" => sh1, "Sh2" => sh2 });
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The area (290, 490)-(330, 530) in default user space, on `page`.
fn square_area(page: u32) -> Area {
    // default user space (290, 490)-(330, 530) is view (290, 262)-(330, 302)
    Area {
        page,
        quads: vec![Quad::from_rect(
            &Rect::new(290.0, 262.0, 330.0, 302.0),
            &crate::geom::Matrix::IDENTITY,
        )],
        label: String::new(),
        values_to_verify: vec![],
    }
}

fn page_content(doc: &Document, p: u32) -> String {
    let id = doc.page_id(p).unwrap();
    String::from_utf8_lossy(&doc.lopdf().get_page_content(id)).into_owned()
}

#[test]
fn a_shading_painted_wholly_inside_an_area_goes() {
    // 8.7.4.3: `sh` fills the clip, within the shading's /BBox. Page 1:
    // clipped to a square inside the area; page 2: clipped to a square
    // that crosses it; page 3: bounded by its /BBox, inside; page 4:
    // unbounded, the whole page; page 5: clipped inside the area under a
    // translated CTM; pages 6 and 7: a shading pattern filling a path
    // inside and across the area follows the path rules; pages 8 and 9:
    // in a form clipped to its /BBox (8.10.1), scaled to 20 x 20 pt inside
    // the area, then at full size across it.
    let pdf = with_paint_resources(&build(
        &[
            ("q 295 495 30 30 re W n /Sh1 sh Q", 0),
            ("q 250 450 100 100 re W n /Sh1 sh Q", 0),
            ("/Sh2 sh", 0),
            ("/Sh1 sh", 0),
            ("q 1 0 0 1 291 491 cm 0 0 30 30 re W n /Sh1 sh Q", 0),
            ("/Pattern cs /P1 scn 295 495 30 30 re f", 0),
            ("/Pattern cs /P1 scn 250 450 100 100 re f", 0),
            ("q 0.05 0 0 0.2 292 492 cm /Fm1 Do Q", 0),
            ("q 1 0 0 1 200 450 cm /Fm1 Do Q", 0),
        ],
        Some("/Sh1 sh"),
        None,
    ));
    let before = Document::open(&pdf).unwrap();
    let areas: Vec<Area> = (1..=9).map(square_area).collect();
    let r = redact(&before, &areas, &test_opts()).unwrap();
    let shadings: Vec<usize> = r.report.areas.iter().map(|a| a.shadings_removed).collect();
    assert_eq!(shadings, vec![1, 0, 1, 0, 1, 0, 0, 1, 0]);
    let paths: Vec<usize> = r.report.areas.iter().map(|a| a.paths_removed).collect();
    assert_eq!(paths, vec![0, 0, 0, 0, 0, 1, 0, 0, 0]);
    assert_eq!(r.report.forms_copied, 1);
    let out = Document::open(&r.bytes).unwrap();
    assert!(
        !page_content(&out, 1).contains("sh"),
        "{}",
        page_content(&out, 1)
    );
    assert!(page_content(&out, 2).contains("/Sh1 sh"));
    assert!(!page_content(&out, 3).contains("/Sh2 sh"));
    assert!(page_content(&out, 4).contains("/Sh1 sh"));
    assert!(!page_content(&out, 5).contains("/Sh1 sh"));
    assert!(!page_content(&out, 6).contains("re f"));
    assert!(page_content(&out, 7).contains("250 450 100 100 re f"));
    external_checks("shading", &r.bytes, &[]);
}

#[test]
fn miter_joins_and_square_caps_reach_further_than_half_the_width() {
    // Every path's points are 5 pt inside the area (290, 490)-(330, 530).
    // Page 1: a sharp corner with a miter join (the default, limit 10):
    // its tip may reach 10 half widths (10 pt) from the corner, out of
    // the area: kept. Page 2: the same with a round join: within 1 pt,
    // goes. Page 3: miter limit 2 (2 pt): goes. Page 4: the ExtGState sets
    // the miter join and limit 10 again: kept. Page 5: a single segment
    // has no join: goes. Page 6: square caps reach √2 half widths (5.66
    // pt with an 8 pt line): kept. Page 7: round caps, 4 pt: goes.
    let corner = "2 w 305 495 m 310 525 l 315 495 l S";
    let pages = [
        corner.to_string(),
        format!("1 j {corner}"),
        format!("2 M {corner}"),
        format!("1 j 2 M /GS1 gs {corner}"),
        "2 w 295 495 m 325 525 l S".to_string(),
        "2 J 8 w 295 495 m 325 525 l S".to_string(),
        "1 J 8 w 295 495 m 325 525 l S".to_string(),
    ];
    let pages: Vec<(&str, i64)> = pages.iter().map(|p| (p.as_str(), 0)).collect();
    let pdf = with_paint_resources(&build(&pages, None, None));
    let before = Document::open(&pdf).unwrap();
    let areas: Vec<Area> = (1..=7).map(square_area).collect();
    let r = redact(&before, &areas, &test_opts()).unwrap();
    let removed: Vec<usize> = r.report.areas.iter().map(|a| a.paths_removed).collect();
    assert_eq!(removed, vec![0, 1, 1, 0, 1, 0, 1]);
    external_checks("miter", &r.bytes, &[]);
}

#[test]
fn a_soft_mask_with_a_decode_array_is_blanked_through_it() {
    // A 20 x 10 gray image with an 8-bit soft mask whose /Decode [1 0]
    // inverts it (11.6.5.3): sample 0 is fully opaque, 255 transparent.
    // Under the area its samples become 255 (no shape), in a copy; the
    // image stays, blanked, instead of being removed whole.
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let smask = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 20, "Height" => 10,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            "Decode" => vec![1.into(), 0.into()],
        },
        vec![0u8; 20 * 10],
    ));
    let img = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 20, "Height" => 10,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "SMask" => smask,
        },
        vec![200u8; 20 * 10],
    ));
    let pdf = one_page_with_image(doc, pages_id, img, b"q 200 0 0 100 100 600 cm /Im1 Do Q");
    let before = Document::open(&pdf).unwrap();
    let area = image_left_half();
    let r = redact(&before, &[area], &test_opts()).unwrap();
    assert_eq!(r.report.areas[0].images_blanked, 1);
    assert_eq!(r.report.areas[0].images_removed, 0);
    let out = Document::open(&r.bytes).unwrap();
    let soft: Vec<Vec<u8>> = out
        .lopdf()
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.has(b"Decode"))
        .map(|s| s.decompressed_content().unwrap())
        .collect();
    assert_eq!(soft.len(), 1);
    let row = &soft[0][..20];
    assert_eq!(row[0], 255, "{row:?}");
    assert_eq!(row[19], 0, "{row:?}");
    external_checks("smask-decode", &r.bytes, &[]);
}
