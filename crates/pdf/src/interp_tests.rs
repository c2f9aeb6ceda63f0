//! Precise interpreter cases on tiny PDFs built in code.

use lopdf::{Object, Stream, dictionary};

use crate::geom::{Point, Rect};
use crate::interp::{ImageDraw, PathDraw, Sink, StreamKind, interpret_page};
use crate::{Document, Glyph, Verdict};

/// A font whose every glyph is 500/1000 em wide except the space (250),
/// with ascent 800 and descent -200, so positions are easy to predict.
fn test_font(doc: &mut lopdf::Document) -> lopdf::ObjectId {
    let widths: Vec<Object> = (32..=126)
        .map(|c| Object::Integer(if c == 32 { 250 } else { 500 }))
        .collect();
    let fd = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "Test", "Flags" => 32,
        "Ascent" => 800, "Descent" => -200, "CapHeight" => 700, "ItalicAngle" => 0, "StemV" => 80,
        "FontBBox" => vec![0.into(), (-200).into(), 1000.into(), 800.into()],
    });
    doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Test",
        "FirstChar" => 32, "LastChar" => 126, "Widths" => widths,
        "Encoding" => "WinAnsiEncoding", "FontDescriptor" => fd,
    })
}

struct Built {
    bytes: Vec<u8>,
}

/// Builds a one-page PDF: `content` as the page contents, extra resources
/// added by `extra`, page dictionary entries by `page_extra`.
fn build(
    content: &[u8],
    extra: impl FnOnce(&mut lopdf::Document, &mut lopdf::Dictionary),
    page_extra: impl FnOnce(&mut lopdf::Document, &mut lopdf::Dictionary),
) -> Built {
    let mut doc = lopdf::Document::with_version("1.7");
    let pages = doc.new_object_id();
    let font = test_font(&mut doc);
    let mut res = dictionary! { "Font" => dictionary! { "F1" => font } };
    extra(&mut doc, &mut res);
    let contents = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let mut page = dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => contents, "Resources" => res,
    };
    page_extra(&mut doc, &mut page);
    let page = doc.add_object(page);
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
        }),
    );
    let cat = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages});
    doc.trailer.set("Root", cat);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    Built { bytes }
}

fn simple(content: &[u8]) -> Built {
    build(content, |_, _| {}, |_, _| {})
}

#[derive(Default)]
struct All {
    glyphs: Vec<Glyph>,
    images: Vec<ImageDraw>,
    paths: Vec<PathDraw>,
}

impl Sink for All {
    fn glyph(&mut self, g: Glyph) {
        self.glyphs.push(g);
    }
    fn image(&mut self, i: &ImageDraw) {
        self.images.push(i.clone());
    }
    fn path(&mut self, p: &PathDraw) {
        self.paths.push(p.clone());
    }
}

fn run(b: &Built) -> (All, crate::Report, Vec<crate::StreamInfo>) {
    let doc = Document::open(&b.bytes).unwrap();
    let mut all = All::default();
    let (_, report, streams) = interpret_page(&doc, 1, &mut all).unwrap();
    (all, report, streams)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn bl(g: &Glyph) -> Point {
    g.quad.0[0]
}

#[test]
fn tj_positions_and_origins() {
    let content = b"BT /F1 10 Tf 100 700 Td (Hi!) Tj ET";
    let (all, report, streams) = run(&simple(content));
    assert_eq!(report.glyphs, 3);
    let g = &all.glyphs;
    assert_eq!(g[0].text.as_deref(), Some("H"));
    assert!(
        close(bl(&g[0]).x, 100.0) && close(bl(&g[0]).y, 698.0),
        "{:?}",
        g[0].quad
    );
    assert!(close(g[0].quad.0[2].y, 708.0));
    assert!(close(bl(&g[1]).x, 105.0));
    assert!(close(bl(&g[2]).x, 110.0));
    // origin: the Tj operator's bytes and the code's byte inside the string
    let o = &g[1].origin;
    assert_eq!(&content[o.op.range.clone()], b"(Hi!) Tj");
    assert_eq!(o.op.index, 3);
    assert_eq!(o.operand, 0);
    assert_eq!(o.bytes, 1..2);
    assert_eq!(streams.len(), 1);
    assert_eq!(streams[0].kind, StreamKind::PageContent { part: 0 });
}

#[test]
fn char_word_spacing_and_horizontal_scaling() {
    // Tc 1, Tw 5: 'a' advances 5+1, the space 2.5+1+5, so 'b' is at 14.5
    let (all, _, _) = run(&simple(b"BT /F1 10 Tf 1 Tc 5 Tw 0 0 Td (a b) Tj ET"));
    let x: Vec<f64> = all.glyphs.iter().map(|g| bl(g).x).collect();
    assert!(close(x[1], 6.0) && close(x[2], 14.5), "{x:?}");
    assert!(all.glyphs[1].word_space);
    // Tz 50 halves every horizontal advance and the glyph widths
    let (all, _, _) = run(&simple(b"BT /F1 10 Tf 1 Tc 5 Tw 50 Tz 0 0 Td (a b) Tj ET"));
    let x: Vec<f64> = all.glyphs.iter().map(|g| bl(g).x).collect();
    assert!(close(x[1], 3.0) && close(x[2], 7.25), "{x:?}");
    assert!(close(all.glyphs[0].quad.0[1].x, 2.5));
    // Tw does not apply to a two-byte code 32 (only single-byte 32), and
    // not to other characters
    let (all, _, _) = run(&simple(b"BT /F1 10 Tf 5 Tw 0 0 Td (ab) Tj ET"));
    assert!(close(bl(&all.glyphs[1]).x, 5.0));
}

#[test]
fn tj_kerning_rise_and_leading() {
    let (all, _, _) = run(&simple(
        b"BT /F1 10 Tf 0 0 Td [(A) -1000 (B) 500 (C)] TJ ET",
    ));
    let x: Vec<f64> = all.glyphs.iter().map(|g| bl(g).x).collect();
    assert!(close(x[1], 15.0) && close(x[2], 15.0), "{x:?}");
    assert_eq!(all.glyphs[1].origin.operand, 2);
    assert_eq!(all.glyphs[2].origin.operand, 4);
    // rise lifts the glyph box
    let (all, _, _) = run(&simple(b"BT /F1 10 Tf 3 Ts 0 100 Td (A) Tj ET"));
    assert!(close(bl(&all.glyphs[0]).y, 101.0));
    // T* and ' move down by TL; " sets Tw and Tc
    let (all, _, _) = run(&simple(
        b"BT /F1 10 Tf 12 TL 0 100 Td (A) Tj T* (B) Tj (C) ' 2 1 (D E) \" ET",
    ));
    let y: Vec<f64> = all.glyphs.iter().map(|g| g.origin_point.y).collect();
    assert!(
        close(y[0], 100.0) && close(y[1], 88.0) && close(y[2], 76.0) && close(y[3], 64.0),
        "{y:?}"
    );
    // D at 0, advance 5 + Tc 1; space 2.5 + 1 + Tw 2
    assert!(close(bl(&all.glyphs[4]).x, 6.0));
    assert!(close(bl(&all.glyphs[5]).x, 11.5));
    assert_eq!(all.glyphs[3].origin.operand, 2);
}

#[test]
fn rotated_text_through_tm() {
    // 90 degrees counter-clockwise: the baseline runs up the page
    let b = simple(b"BT /F1 10 Tf 0 1 -1 0 300 100 Tm (AB) Tj ET");
    let (all, _, _) = run(&b);
    let g = &all.glyphs;
    assert!(close(g[0].origin_point.x, 300.0) && close(g[0].origin_point.y, 100.0));
    assert!(close(g[1].origin_point.x, 300.0) && close(g[1].origin_point.y, 105.0));
    // the box spans descent..ascent to the left/right of the baseline
    let r = g[0].quad.bounds();
    assert!(close(r.x_min, 292.0) && close(r.x_max, 302.0), "{r:?}");
    let doc = Document::open(&b.bytes).unwrap();
    let t = doc.page_text(1).unwrap();
    assert_eq!(t.text.trim(), "AB");
    assert_eq!(t.words.len(), 1);
}

#[test]
fn page_rotation_and_crop_box_in_view_coordinates() {
    for rot in [0i64, 90, 180, 270] {
        let b = build(
            b"BT /F1 10 Tf 110 220 Td (AB) Tj ET",
            |_, _| {},
            |_, p| {
                p.set(
                    "CropBox",
                    vec![100.into(), 200.into(), 400.into(), 600.into()],
                );
                p.set("Rotate", rot);
            },
        );
        let doc = Document::open(&b.bytes).unwrap();
        let t = doc.page_text(1).unwrap();
        let w = &t.words[0];
        assert_eq!(w.text, "AB");
        // crop-relative box: x 10..20, y 18..28 (descent 2, ascent 8)
        let want = match rot {
            0 => Rect::new(10.0, 372.0, 20.0, 382.0),
            90 => Rect::new(18.0, 10.0, 28.0, 20.0),
            180 => Rect::new(280.0, 18.0, 290.0, 28.0),
            _ => Rect::new(372.0, 280.0, 382.0, 290.0),
        };
        let got = w.bbox;
        let ok = close(got.x_min, want.x_min)
            && close(got.y_min, want.y_min)
            && close(got.x_max, want.x_max)
            && close(got.y_max, want.y_max);
        assert!(ok, "rotate {rot}: {got:?} want {want:?}");
        let (vw, vh) = if rot % 180 == 0 {
            (300.0, 400.0)
        } else {
            (400.0, 300.0)
        };
        assert!(close(t.geometry.width, vw) && close(t.geometry.height, vh));
        assert_eq!(t.reliability.verdict, Verdict::Ok);
    }
}

#[test]
fn nested_forms_with_matrices_and_instances() {
    let b = build(
        b"q 1 0 0 1 100 100 cm /Outer Do Q /Outer Do",
        |doc, res| {
            let font = match res.get(b"Font").unwrap() {
                Object::Dictionary(d) => d.get(b"F1").unwrap().clone(),
                _ => unreachable!(),
            };
            let inner = doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                    "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 10.into(), 0.into()],
                    "Resources" => dictionary! { "Font" => dictionary! { "F9" => font } },
                },
                b"BT /F9 10 Tf 0 0 Td (X) Tj ET".to_vec(),
            ));
            let outer = doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                    "Matrix" => vec![2.into(), 0.into(), 0.into(), 2.into(), 0.into(), 0.into()],
                    "Resources" => dictionary! { "XObject" => dictionary! { "Inner" => inner } },
                },
                b"/Inner Do".to_vec(),
            ));
            res.set("XObject", dictionary! { "Outer" => outer });
        },
        |_, _| {},
    );
    let (all, report, streams) = run(&b);
    assert_eq!(all.glyphs.len(), 2, "{report:?}");
    // inner translate 10, outer scale 2, page translate 100: x = (0+10)*2+100
    let g0 = &all.glyphs[0];
    assert!(close(g0.origin_point.x, 120.0) && close(g0.origin_point.y, 100.0));
    assert!(close(g0.effective_size, 20.0));
    assert!(close(all.glyphs[1].origin_point.x, 20.0));
    // streams: page, outer#0, inner#0, outer#1, inner#1
    assert_eq!(streams.len(), 5);
    assert_eq!(streams[2].instance, 0);
    assert_eq!(streams[4].instance, 1);
    assert_eq!(streams[2].parent.as_ref().unwrap().stream, 1);
    assert_eq!(g0.origin.op.stream, 2);
    assert!(matches!(&streams[1].kind, StreamKind::Form { name } if name == "Outer"));
}

#[test]
fn form_cycles_and_depth_are_bounded() {
    let b = build(
        b"/Loop Do BT /F1 10 Tf (ok) Tj ET",
        |doc, res| {
            let id = doc.new_object_id();
            doc.objects.insert(
                id,
                Object::Stream(Stream::new(
                    dictionary! {
                        "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                        "Resources" => dictionary! { "XObject" => dictionary! { "Loop" => id } },
                    },
                    b"/Loop Do /Loop Do".to_vec(),
                )),
            );
            res.set("XObject", dictionary! { "Loop" => id });
        },
        |_, _| {},
    );
    let (all, report, _) = run(&b);
    assert_eq!(all.glyphs.len(), 2);
    assert!(
        report.warnings.iter().any(|w| w.contains("cycle")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn images_inline_and_paths() {
    let mut content = b"q 100 0 0 50 10 20 cm BI /W 2 /H 1 /BPC 8 /CS /G ID ".to_vec();
    content.extend_from_slice(
        b"\x00\xff EI Q 5 5 m 10 40 l 30 10 l S 0 0 10 10 re W n BT /F1 10 Tf (A) Tj ET",
    );
    let b = build(
        &content,
        |doc, res| {
            let img = doc.add_object(Stream::new(
                dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8},
                vec![0],
            ));
            res.set("XObject", dictionary! { "Im1" => img });
        },
        |_, _| {},
    );
    let (all, report, _) = run(&b);
    assert_eq!(all.images.len(), 1);
    let q = all.images[0].quad.bounds();
    assert!(
        close(q.x_min, 10.0)
            && close(q.y_min, 20.0)
            && close(q.x_max, 110.0)
            && close(q.y_max, 70.0)
    );
    assert!(all.images[0].inline);
    assert_eq!(all.paths.len(), 2);
    let p = &all.paths[0];
    assert!(p.stroke && !p.fill);
    assert_eq!(p.bbox, Rect::new(5.0, 5.0, 30.0, 40.0));
    assert!(all.paths[1].clip);
    assert_eq!(all.glyphs.len(), 1);
    assert_eq!(report.images, 1);
    // an image XObject placed by Do
    let (all, _, _) = run(&build(
        b"q 200 0 0 100 0 0 cm /Im1 Do Q",
        |doc, res| {
            let img = doc.add_object(Stream::new(
                dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8},
                vec![0],
            ));
            res.set("XObject", dictionary! { "Im1" => img });
        },
        |_, _| {},
    ));
    assert_eq!(all.images.len(), 1);
    assert!(!all.images[0].inline && all.images[0].object.is_some());
}

#[test]
fn garbage_tokens_do_not_stop_the_page() {
    let (all, report, _) = run(&simple(
        b"BT } /F1 10 Tf ) 0 0 Td {{ (A) Tj ]] 12.3.4 foo#bar (B) Tj ET",
    ));
    assert_eq!(all.glyphs.len(), 2);
    assert!(report.garbage_tokens >= 4, "{report:?}");
}

#[test]
fn unbalanced_q_and_missing_font() {
    let (all, report, _) = run(&simple(b"Q Q q q q BT /F7 10 Tf (A) Tj ET Q"));
    assert_eq!(all.glyphs.len(), 1);
    assert!(report.warnings.iter().any(|w| w.contains("/F7")));
}

#[test]
fn char_map_turns_a_span_into_glyphs() {
    let b = simple(b"BT /F1 10 Tf 0 700 Td (SSN 123) Tj 0 -20 Td [(45) -200 (6)] TJ ET");
    let doc = Document::open(&b.bytes).unwrap();
    let t = doc.page_text(1).unwrap();
    let at = t.text.find("123").unwrap();
    let gs = t.glyphs_for_span(at..at + 3);
    assert_eq!(gs.len(), 3);
    let texts: Vec<_> = gs
        .iter()
        .map(|&g| t.glyphs[g].glyph.text.clone().unwrap())
        .collect();
    assert_eq!(texts, ["1", "2", "3"]);
    // the inserted space and newline map to no glyph
    let sp = t.text.find(' ').unwrap();
    assert_eq!(t.glyph_at(sp), None);
    assert_eq!(t.glyph_at(t.text.find('\n').unwrap()), None);
}

#[test]
fn actual_text_replaces_the_glyphs_it_covers() {
    let b = simple(b"BT /F1 10 Tf 0 700 Td /Span <</ActualText (fi)>> BDC (xy) Tj EMC (z) Tj ET");
    let doc = Document::open(&b.bytes).unwrap();
    let t = doc.page_text(1).unwrap();
    assert_eq!(t.text.trim(), "fiz");
    let at = t.text.find("fi").unwrap();
    assert_eq!(t.glyphs_for_span(at..at + 1).len(), 2);
}

#[test]
fn annotation_appearance_is_placed_on_its_rect() {
    let b = build(
        b"",
        |_, _| {},
        |doc, page| {
            let font = test_font(doc);
            let ap = doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 50.into(), 20.into()],
                    "Resources" => dictionary! { "Font" => dictionary! { "Helv" => font } },
                },
                b"BT /Helv 10 Tf 2 5 Td (Note) Tj ET".to_vec(),
            ));
            let annot = doc.add_object(dictionary! {
                "Type" => "Annot", "Subtype" => "FreeText",
                "Rect" => vec![100.into(), 100.into(), 200.into(), 140.into()],
                "AP" => dictionary! { "N" => ap },
            });
            page.set("Annots", vec![annot.into()]);
        },
    );
    let (all, _, streams) = run(&b);
    assert_eq!(all.glyphs.len(), 4);
    // BBox 50x20 is stretched onto the 100x40 Rect: scale 2
    assert!(
        close(all.glyphs[0].origin_point.x, 104.0) && close(all.glyphs[0].origin_point.y, 110.0)
    );
    assert!(matches!(
        streams[1].kind,
        StreamKind::Annotation { index: 0, .. }
    ));
}

#[test]
fn scan_pages_and_empty_pages_are_flagged() {
    let b = build(
        b"q 600 0 0 800 0 0 cm /Im1 Do Q",
        |doc, res| {
            let img = doc.add_object(Stream::new(
                dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8},
                vec![0],
            ));
            res.set("XObject", dictionary! { "Im1" => img });
        },
        |_, _| {},
    );
    let doc = Document::open(&b.bytes).unwrap();
    let t = doc.page_text(1).unwrap();
    assert_eq!(t.reliability.verdict, Verdict::Unreadable);
    assert!(t.reliability.reasons[0].contains("scanned"));
    // an OCR layer: invisible text over a full-page image
    let b = build(
        b"q 600 0 0 800 0 0 cm /Im1 Do Q BT 3 Tr /F1 10 Tf 10 10 Td (Hello) Tj ET",
        |doc, res| {
            let img = doc.add_object(Stream::new(
                dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8},
                vec![0],
            ));
            res.set("XObject", dictionary! { "Im1" => img });
        },
        |_, _| {},
    );
    let doc = Document::open(&b.bytes).unwrap();
    let t = doc.page_text(1).unwrap();
    assert_eq!(t.text.trim(), "Hello");
    assert_eq!(t.reliability.verdict, Verdict::Degraded);
    let t = Document::open(&simple(b"").bytes)
        .unwrap()
        .page_text(1)
        .unwrap();
    assert_eq!(t.reliability.verdict, Verdict::Unreadable);
    assert!(t.reliability.reasons[0].contains("no text"));
}

#[test]
fn op_limit_stops_the_page() {
    let mut content = Vec::new();
    for _ in 0..5000 {
        content.extend_from_slice(b"q Q ");
    }
    let b = simple(&content);
    let limits = crate::Limits {
        max_ops_per_page: 1000,
        ..crate::Limits::default()
    };
    let doc = Document::open_with(&b.bytes, None, limits).unwrap();
    let t = doc.page_text(1).unwrap();
    assert!(t.report.truncated);
    assert!(t.report.ops <= 1001);
}

#[test]
fn encrypted_without_and_with_password() {
    let b = simple(b"BT /F1 10 Tf 0 700 Td (Secret) Tj ET");
    let dir = std::env::temp_dir().join(format!("disclose-pdf-enc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plain = dir.join("plain.pdf");
    let enc = dir.join("enc.pdf");
    std::fs::write(&plain, &b.bytes).unwrap();
    let ok = std::process::Command::new("qpdf")
        .args(["--encrypt", "user", "owner", "256", "--"])
        .arg(&plain)
        .arg(&enc)
        .status();
    if !ok.is_ok_and(|s| s.success()) {
        eprintln!("qpdf not available: skipping");
        return;
    }
    let bytes = std::fs::read(&enc).unwrap();
    assert!(matches!(
        Document::open(&bytes),
        Err(crate::Error::PasswordRequired)
    ));
    assert!(matches!(
        Document::open_with_password(&bytes, "nope"),
        Err(crate::Error::WrongPassword)
    ));
    let doc = Document::open_with_password(&bytes, "user").unwrap();
    assert_eq!(doc.page_text(1).unwrap().text.trim(), "Secret");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn many_scattered_blocks_stay_bounded() {
    // 25 x 24 cells far apart: every word its own block, a table-like grid
    let mut content = String::from("BT /F1 6 Tf\n");
    for row in 0..25 {
        for col in 0..24 {
            content.push_str(&format!(
                "1 0 0 1 {} {} Tm (c{row}x{col}) Tj\n",
                10 + col * 24,
                780 - row * 30
            ));
        }
    }
    content.push_str("ET");
    let doc = Document::open(&simple(content.as_bytes()).bytes).unwrap();
    let t = doc.page_text(1).unwrap();
    assert_eq!(t.words.len(), 600);
    // read row by row, as pdftotext reads a table
    let first: Vec<&str> = t.words.iter().take(3).map(|w| w.text.as_str()).collect();
    assert_eq!(first, ["c0x0", "c0x1", "c0x2"]);
}

#[test]
fn huge_and_absurd_coordinates_do_not_panic() {
    let (_, _, _) = run(&simple(
        b"BT /F1 10 Tf 1e300 1e300 Td (A) Tj 0 0 0 0 0 0 Tm (B) Tj -1e38 5 Td (C) Tj ET",
    ));
    let b = simple(b"BT /F1 1e30 Tf 1 0 0 1 9e18 -9e18 Tm (ABC) Tj /F1 0 Tf (D) Tj ET");
    let doc = Document::open(&b.bytes).unwrap();
    let _ = doc.page_text(1).unwrap();
}

/// Token soup: random operators and operands (well-formed, broken and
/// hostile) must never panic the lexer, the interpreter or the text model.
#[test]
fn random_token_soup_never_panics() {
    const TOKENS: &[&str] = &[
        "BT",
        "ET",
        "Tj",
        "TJ",
        "'",
        "\"",
        "Td",
        "TD",
        "Tm",
        "T*",
        "Tc",
        "Tw",
        "Tz",
        "TL",
        "Tf",
        "Ts",
        "Tr",
        "q",
        "Q",
        "cm",
        "Do",
        "BI",
        "ID",
        "EI",
        "BDC",
        "BMC",
        "EMC",
        "m",
        "l",
        "c",
        "re",
        "h",
        "f",
        "S",
        "W",
        "n",
        "/F1",
        "/Im1",
        "/Form",
        "/Nope",
        "(abc)",
        "(\\101\\)x)",
        "<4142>",
        "<>",
        "[(a) -50 (b)]",
        "[",
        "]",
        "<<",
        ">>",
        "/ActualText",
        "(x y)",
        "1",
        "0",
        "-1",
        "12",
        "1e308",
        "-0.5",
        "3.5.5",
        "NaN",
        "}",
        "{",
        ")",
        "%c\n",
        "/OC",
        "/P",
        "<</MCID 3>>",
        "999999999999999999999",
        "0 0 0 0 0 0",
        "1 0 0 1 5 5",
        "\x00\x7f",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..2000 {
        let n = 1 + next() % 120;
        let mut content = Vec::new();
        for _ in 0..n {
            content.extend_from_slice(TOKENS[next() % TOKENS.len()].as_bytes());
            content.push(b' ');
        }
        let b = build(
            &content,
            |doc, res| {
                let font = match res.get(b"Font").unwrap() {
                    Object::Dictionary(d) => d.get(b"F1").unwrap().clone(),
                    _ => unreachable!(),
                };
                let form = doc.new_object_id();
                doc.objects.insert(
                    form,
                    Object::Stream(Stream::new(
                        dictionary! {
                            "Type" => "XObject", "Subtype" => "Form",
                            "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                            "Resources" => dictionary! {
                                "XObject" => dictionary! { "Form" => form },
                                "Font" => dictionary! { "F1" => font },
                            },
                        },
                        b"BT /F1 5 Tf (in form) Tj ET /Form Do".to_vec(),
                    )),
                );
                res.set("XObject", dictionary! { "Form" => form });
            },
            |_, _| {},
        );
        let doc = Document::open(&b.bytes).unwrap();
        let t = doc.page_text(1).unwrap();
        for w in &t.words {
            assert_eq!(&t.text[w.range.clone()], w.text);
        }
    }
}

#[test]
fn documents_and_page_text_cross_threads() {
    // the app keeps an open document in shared state and reads pages on a
    // worker thread
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Document>();
    send_sync::<crate::PageText>();
}

#[test]
fn text_in_a_hidden_layer_is_kept_and_flagged() {
    let b = build(
        b"BT /F1 10 Tf 0 700 Td (shown) Tj /OC /L1 BDC ( secret) Tj EMC /OC /L2 BDC ( also) Tj EMC ET",
        |doc, res| {
            let off = doc.add_object(dictionary! { "Type" => "OCG", "Name" => "Draft" });
            let on = doc.add_object(dictionary! { "Type" => "OCG", "Name" => "Final" });
            res.set("Properties", dictionary! { "L1" => off, "L2" => on });
        },
        |_, _| {},
    );
    // turn the first group off in the default configuration
    let mut doc = lopdf::Document::load_mem(&b.bytes).unwrap();
    let ocgs: Vec<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Type").ok() == Some(&Object::Name(b"OCG".to_vec())))
        })
        .map(|(id, _)| *id)
        .collect();
    let off = *ocgs
        .iter()
        .find(|id| {
            doc.get_dictionary(**id).unwrap().get(b"Name").unwrap()
                == &Object::Name(b"Draft".to_vec())
        })
        .unwrap();
    let refs: Vec<Object> = ocgs.iter().map(|id| Object::Reference(*id)).collect();
    doc.catalog_mut().unwrap().set(
        "OCProperties",
        dictionary! { "OCGs" => refs, "D" => dictionary! { "OFF" => vec![Object::Reference(off)] } },
    );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let doc = Document::open(&bytes).unwrap();
    let t = doc.page_text(1).unwrap();
    assert!(
        t.text.contains("secret"),
        "hidden text stays in the page text for detection"
    );
    let hidden: String = t
        .glyphs
        .iter()
        .filter(|g| g.glyph.hidden_layer)
        .filter_map(|g| g.glyph.text.clone())
        .collect();
    assert_eq!(hidden, " secret");
    assert!(t.glyphs.iter().filter(|g| g.glyph.optional_content).count() > hidden.len());
    assert_eq!(t.reliability.verdict, Verdict::Degraded);
    assert!(
        t.reliability
            .reasons
            .iter()
            .any(|r| r.contains("turned off"))
    );
}

#[test]
fn paths_report_their_subpaths() {
    // m..h, re, then an l that continues from re's start point, painted
    let b = build(
        b"10 10 m 20 20 l h 30 30 5 5 re 50 50 l f 1 1 m 2 2 l S",
        |_, _| {},
        |_, _| {},
    );
    let (all, _, _) = run(&b);
    assert_eq!(all.paths.len(), 2);
    let s = &all.paths[0].subpaths;
    assert_eq!(s.len(), 3, "{s:?}");
    assert_eq!(
        (s[0].first_op, s[0].last_op, s[0].explicit_start),
        (0, 2, true)
    );
    assert_eq!(s[0].bbox, Rect::new(10.0, 10.0, 20.0, 20.0));
    assert_eq!(
        (s[1].first_op, s[1].last_op, s[1].explicit_start),
        (3, 3, true)
    );
    assert_eq!(s[1].bbox, Rect::new(30.0, 30.0, 35.0, 35.0));
    assert_eq!(
        (s[2].first_op, s[2].last_op, s[2].explicit_start),
        (4, 4, false)
    );
    assert_eq!(s[2].bbox, Rect::new(30.0, 30.0, 50.0, 50.0));
    let t = &all.paths[1].subpaths;
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].first_op, t[0].last_op), (6, 7));
}
