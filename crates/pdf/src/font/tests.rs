//! Tests of font loading and decoding on font dictionaries built in code,
//! plus a no-panic sweep over the qpdf test corpus.

use super::*;
use lopdf::{Stream, dictionary};

fn doc() -> Document {
    Document::with_version("1.7")
}

fn load(doc: &Document, dict: Dictionary) -> Font {
    Font::load(doc, &Object::Dictionary(dict))
}

fn text(codes: &[CharCode]) -> String {
    codes.iter().filter_map(|c| c.unicode.as_deref()).collect()
}

fn ints(v: &[i64]) -> Object {
    Object::Array(v.iter().map(|&i| Object::Integer(i)).collect())
}

fn names(v: &[&str]) -> Vec<Object> {
    v.iter()
        .map(|n| Object::Name(n.as_bytes().to_vec()))
        .collect()
}

fn stream(doc: &mut Document, data: &str) -> Object {
    Object::Reference(doc.add_object(Stream::new(dictionary! {}, data.as_bytes().to_vec())))
}

#[test]
fn winansi_truetype_with_widths() {
    let d = doc();
    let f = load(
        &d,
        dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Calibri",
            "Encoding" => "WinAnsiEncoding", "FirstChar" => 65, "LastChar" => 66,
            "Widths" => ints(&[579, 544]),
        },
    );
    assert_eq!(f.name(), "Calibri");
    assert_eq!(f.subtype(), "TrueType");
    let c = f.decode(b"AB \x80\x93");
    assert_eq!(c.len(), 5);
    assert_eq!((c[0].width, c[1].width), (579.0, 544.0));
    assert_eq!(text(&c), "AB €\u{201c}");
    assert!(c.iter().all(|c| c.source == UnicodeSource::Encoding));
    assert!(c[2].word_space && !c[0].word_space);
    assert_eq!(c[4].bytes, 4..5);
    // Out of /Widths range, no MissingWidth: Helvetica (substitute) by name.
    assert_eq!(c[2].width, 278.0);
    assert_eq!(f.matrix(), [0.001, 0.0, 0.0, 0.001, 0.0, 0.0]);
    assert!(!f.is_vertical());
}

#[test]
fn decode_each_matches_decode() {
    let mut d = doc();
    let tu = stream(
        &mut d,
        "beginbfrange <0001> <0005> <0061> endbfrange beginbfchar <0006> <F031> endbfchar",
    );
    let composite = load(
        &d,
        dictionary! { "Subtype" => "Type0", "Encoding" => "Identity-H", "ToUnicode" => tu,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! { "DW" => 500 })] },
    );
    let simple = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Times-Roman" },
    );
    for (font, bytes) in [
        (&composite, &[0u8, 1, 0, 5, 0, 6, 0, 9, 7][..]),
        (&simple, &b"Hello, World"[..]),
    ] {
        let mut each = Vec::new();
        font.decode_each(bytes, |c| each.push(c.to_owned_code()));
        assert_eq!(each, font.decode(bytes));
    }
    let c = composite.decode(&[0, 1, 0, 5, 0, 6, 0, 9]);
    assert_eq!(text(&c), "ae1");
    assert_eq!(c[2].source, UnicodeSource::Guessed);
    assert_eq!(c[3].source, UnicodeSource::None);
}

#[test]
fn missing_width_from_descriptor() {
    let mut d = doc();
    let desc = d.add_object(dictionary! {
        "Type" => "FontDescriptor", "Flags" => 32, "MissingWidth" => 333,
        "Ascent" => 891, "Descent" => -216,
    });
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "TrueType", "BaseFont" => "Foo", "Encoding" => "WinAnsiEncoding",
            "FirstChar" => 65, "Widths" => ints(&[600]), "FontDescriptor" => desc,
        },
    );
    let c = f.decode(b"AZ");
    assert_eq!((c[0].width, c[1].width), (600.0, 333.0));
    assert_eq!((f.ascent(), f.descent()), (891.0, -216.0));
}

#[test]
fn standard14_metrics_and_aliases() {
    let d = doc();
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    let c = f.decode(b"Aa ");
    assert_eq!(
        c.iter().map(|c| c.width).collect::<Vec<_>>(),
        vec![667.0, 556.0, 278.0]
    );
    assert_eq!((f.ascent(), f.descent()), (718.0, -207.0));
    assert!(f.problems().is_empty(), "{:?}", f.problems());

    let f = load(
        &d,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "Arial,Bold" },
    );
    assert_eq!(f.decode(b"A")[0].width, 722.0); // Helvetica-Bold A

    let f = load(
        &d,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "TimesNewRomanPS-BoldItalicMT" },
    );
    assert_eq!(f.decode(b"A")[0].width, 667.0); // Times-BoldItalic A
    assert_eq!((f.ascent(), f.descent()), (683.0, -217.0));

    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "CourierNew,Italic" },
    );
    assert_eq!(f.decode(b"W")[0].width, 600.0);

    // StandardEncoding: 0x27 is quoteright, 0x60 quoteleft.
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Times-Roman" },
    );
    assert_eq!(text(&f.decode(b"\x27\x60")), "\u{2019}\u{2018}");
}

#[test]
fn symbol_and_dingbats_builtin_encodings() {
    let d = doc();
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Symbol" },
    );
    let c = f.decode(b"abp");
    assert_eq!(text(&c), "αβπ");
    assert_eq!(c[0].width, 631.0);
    assert_eq!(c[0].source, UnicodeSource::Encoding);
    assert_eq!((f.ascent(), f.descent()), (1010.0, -293.0));

    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "ZapfDingbats" },
    );
    let c = f.decode(b"4");
    assert_eq!(text(&c), "\u{2714}");
    assert_eq!(c[0].width, 846.0); // ZapfDingbats.afm: C 52 ; WX 846 ; N a20
}

#[test]
fn encoding_dictionary_with_differences() {
    let mut d = doc();
    let mut diffs = vec![Object::Integer(65)];
    diffs.extend(names(&[
        "eacute", "f_i", "uni20AC", "a.sc", "g123", "u1F600", "uniF031",
    ]));
    diffs.push(Object::Integer(200));
    diffs.extend(names(&["Zcaron"]));
    let enc = d.add_object(dictionary! {
        "Type" => "Encoding", "BaseEncoding" => "MacRomanEncoding", "Differences" => diffs,
    });
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "XYZABC+Minion", "Encoding" => enc },
    );
    let c = f.decode(b"ABCDEF\xC8\x8EG");
    assert_eq!(c[0].unicode.as_deref(), Some("é"));
    assert_eq!(c[1].unicode.as_deref(), Some("fi"));
    assert_eq!(c[2].unicode.as_deref(), Some("€"));
    assert_eq!(c[3].unicode.as_deref(), Some("a"));
    // g123 has no name identity: the code is guessed as WinAnsi 'E'.
    assert_eq!(c[4].unicode.as_deref(), Some("E"));
    assert_eq!(c[4].source, UnicodeSource::Guessed);
    assert_eq!(c[5].unicode.as_deref(), Some("😀"));
    assert_eq!(c[6].unicode.as_deref(), Some("Ž"));
    // MacRoman 0x8E is eacute.
    assert_eq!(c[7].unicode.as_deref(), Some("é"));
    assert_eq!(c[7].source, UnicodeSource::Encoding);
    // A symbol-font private-use name (0xF000 + code): read as '1', a guess.
    assert_eq!(c[8].unicode.as_deref(), Some("1"));
    assert_eq!(c[8].source, UnicodeSource::Guessed);
}

#[test]
fn hex_glyph_names() {
    let d = doc();
    let mut diffs = vec![Object::Integer(1)];
    diffs.extend(names(&["G41", "G4A", "G2F"]));
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type3", "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
        "FontBBox" => ints(&[0, -200, 1000, 800]), "FirstChar" => 1, "Widths" => ints(&[500, 500, 500]),
        "Encoding" => dictionary! { "Differences" => diffs } },
    );
    let c = f.decode(&[1, 2, 3]);
    assert_eq!(text(&c), "AJ/");
    assert!(c.iter().all(|c| c.source == UnicodeSource::Guessed));
}

#[test]
fn symbolic_truetype_without_encoding_is_guessed() {
    let mut d = doc();
    let desc = d.add_object(dictionary! { "Type" => "FontDescriptor", "Flags" => 4 });
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "TrueType", "BaseFont" => "Wingnut", "FontDescriptor" => desc,
            "FirstChar" => 32, "Widths" => ints(&[250; 96]),
        },
    );
    let c = f.decode(b"Hi\x05");
    assert_eq!(text(&c), "Hi");
    assert_eq!(c[0].source, UnicodeSource::Guessed);
    assert_eq!(c[2].source, UnicodeSource::None);
    assert_eq!(c[2].unicode, None);
}

#[test]
fn to_unicode_wins_and_falls_back() {
    let mut d = doc();
    let tu = stream(
        &mut d,
        "begincmap 1 begincodespacerange <00> <FF> endcodespacerange
         2 beginbfchar <41> <0058> <42> <F041> endbfchar
         1 beginbfrange <61> <62> <00660069> endbfrange endcmap",
    );
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
            "ToUnicode" => tu,
        },
    );
    let c = f.decode(b"ABCab");
    assert_eq!(c[0].unicode.as_deref(), Some("X"));
    assert_eq!(c[0].source, UnicodeSource::ToUnicode);
    // U+F041 (symbol-font PUA) is read back as 'A' and marked a guess.
    assert_eq!(c[1].unicode.as_deref(), Some("A"));
    assert_eq!(c[1].source, UnicodeSource::Guessed);
    assert_eq!(c[2].unicode.as_deref(), Some("C"));
    assert_eq!(c[2].source, UnicodeSource::Encoding);
    // bfrange with start value: last char incremented, multi-char kept.
    assert_eq!(c[3].unicode.as_deref(), Some("fi"));
    assert_eq!(c[4].unicode.as_deref(), Some("fj"));
}

#[test]
fn type0_identity_h_with_w_and_tounicode() {
    let mut d = doc();
    let cid = d.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Arial", "DW" => 900,
        "W" => vec![
            Object::Integer(3), ints(&[250, 260]),
            Object::Integer(10), Object::Integer(12), Object::Integer(400),
        ],
    });
    let tu = stream(
        &mut d,
        "1 begincodespacerange <0000> <FFFF> endcodespacerange
         1 beginbfchar <0003> <D835DC00> endbfchar
         1 beginbfrange <000A> <000C> [<0031> <0032> <00330034>] endbfrange",
    );
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type0", "BaseFont" => "ABCDEF+Arial", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid)], "ToUnicode" => tu,
        },
    );
    let c = f.decode(&[0, 3, 0, 4, 0, 11, 0, 12, 0, 20, 7]);
    assert_eq!(
        c.iter().map(|c| c.width).collect::<Vec<_>>(),
        vec![250.0, 260.0, 400.0, 400.0, 900.0, 900.0]
    );
    assert_eq!(c[0].unicode.as_deref(), Some("𝐀"));
    assert_eq!(c[1].unicode, None);
    assert_eq!(c[1].source, UnicodeSource::None);
    assert_eq!(c[2].unicode.as_deref(), Some("2"));
    assert_eq!(c[3].unicode.as_deref(), Some("34"));
    assert_eq!(c[2].bytes, 4..6);
    // A trailing odd byte is one short code.
    assert_eq!(c[5].bytes, 10..11);
    assert!(c.iter().all(|c| !c.word_space));
    assert_eq!(f.name(), "Arial");
}

#[test]
fn type0_identity_without_tounicode_reports_problem() {
    let d = doc();
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type0", "BaseFont" => "X", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Subtype" => "CIDFontType0", "DW" => 1000,
            })],
        },
    );
    assert!(f.problems().iter().any(|p| p.contains("no tounicode")));
    let c = f.decode(&[0x12, 0x34]);
    assert_eq!((c[0].code, c[0].unicode.clone()), (0x1234, None));
}

#[test]
fn type0_truetype_cmap_fallback() {
    let mut d = doc();
    let program = super::truetype::tests::tiny_font(&[(0x41, 3), (0x42, 4)]);
    let ff = d.add_object(Stream::new(dictionary! {}, program));
    let desc = d.add_object(dictionary! { "Type" => "FontDescriptor", "FontFile2" => ff });
    // CIDToGIDMap: CID 1 -> GID 4, CID 2 -> GID 3.
    let map = d.add_object(Stream::new(dictionary! {}, vec![0, 0, 0, 4, 0, 3]));
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type0", "BaseFont" => "Foo", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Subtype" => "CIDFontType2", "FontDescriptor" => desc, "CIDToGIDMap" => map,
        })] },
    );
    let c = f.decode(&[0, 1, 0, 2, 0, 3]);
    assert_eq!(text(&c), "BA");
    assert_eq!(c[0].source, UnicodeSource::Guessed);
    assert_eq!(c[2].source, UnicodeSource::None);
    assert!(
        f.problems()
            .iter()
            .any(|p| p.contains("guessed from the embedded"))
    );
}

#[test]
fn type0_identity_v_vertical_metrics() {
    let d = doc();
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type0", "BaseFont" => "MS-Mincho", "Encoding" => "Identity-V",
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Subtype" => "CIDFontType2", "DW" => 1000, "W" => vec![Object::Integer(5), ints(&[500])],
                "DW2" => ints(&[880, -1000]),
                "W2" => vec![Object::Integer(7), ints(&[-500, 250, 772]),
                             Object::Integer(8), Object::Integer(9), Object::Integer(-600),
                             Object::Integer(300), Object::Integer(800)],
            })],
        },
    );
    assert!(f.is_vertical());
    let c = f.decode(&[0, 5, 0, 7, 0, 9]);
    assert_eq!((c[0].width, c[0].v), (-1000.0, (250.0, 880.0)));
    assert_eq!((c[1].width, c[1].v), (-500.0, (250.0, 772.0)));
    assert_eq!((c[2].width, c[2].v), (-600.0, (300.0, 800.0)));
}

#[test]
fn type0_embedded_cmap_with_mixed_lengths() {
    let mut d = doc();
    let enc = stream(
        &mut d,
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
         /CMapName /Test-H def
         2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
         1 begincidrange <20> <7E> 1 endcidrange
         1 begincidchar <8140> 633 endcidchar
         endcmap",
    );
    let tu = stream(
        &mut d,
        "beginbfrange <20> <7E> <0020> endbfrange beginbfchar <8140> <3000> endbfchar",
    );
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type0", "BaseFont" => "Foo", "Encoding" => enc, "ToUnicode" => tu,
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Subtype" => "CIDFontType0", "DW" => 1000,
                "W" => vec![Object::Integer(1), Object::Integer(95), Object::Integer(500)],
            })],
        },
    );
    let c = f.decode(b"A \x81\x40B");
    assert_eq!(
        c.iter()
            .map(|c| (c.code, c.bytes.clone()))
            .collect::<Vec<_>>(),
        vec![(0x41, 0..1), (0x20, 1..2), (0x8140, 2..4), (0x42, 4..5)]
    );
    assert_eq!(text(&c), "A \u{3000}B");
    assert_eq!(c[0].width, 500.0);
    assert_eq!(c[2].width, 1000.0);
    assert!(c[1].word_space);
    assert!(!f.is_vertical());
}

#[test]
fn type0_embedded_cmap_usecmap_identity_and_cycle() {
    let mut d = doc();
    let enc_id = d.new_object_id();
    // A CMap whose /UseCMap points at itself: the cycle is cut.
    d.objects.insert(
        enc_id,
        Object::Stream(Stream::new(
            dictionary! { "UseCMap" => Object::Reference(enc_id), "WMode" => 1 },
            b"begincidchar <0001> 50 endcidchar".to_vec(),
        )),
    );
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type0", "BaseFont" => "Foo", "Encoding" => Object::Reference(enc_id),
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Subtype" => "CIDFontType0", "W" => vec![Object::Integer(50), ints(&[123])],
            })],
        },
    );
    assert!(f.problems().iter().any(|p| p.contains("cycle")));
    assert!(f.is_vertical());
    let c = f.decode(&[0, 1]);
    assert_eq!(c.len(), 1);

    let enc = stream(
        &mut d,
        "/Identity-H usecmap begincodespacerange <0000> <FFFF> endcodespacerange
         begincidchar <0001> 50 endcidchar",
    );
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type0", "BaseFont" => "Foo", "Encoding" => enc,
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Subtype" => "CIDFontType0", "DW" => 700, "W" => vec![Object::Integer(50), ints(&[123]), Object::Integer(2), ints(&[456])],
            })],
        },
    );
    let c = f.decode(&[0, 1, 0, 2, 0, 3]);
    // 1 -> CID 50, 2 -> CID 2 through Identity, 3 -> CID 3 (DW).
    assert_eq!(
        c.iter().map(|c| c.width).collect::<Vec<_>>(),
        vec![123.0, 456.0, 700.0]
    );
}

#[test]
fn type0_predefined_unicode_cmaps() {
    let d = doc();
    let mk = |enc: &str| {
        load(
            &d,
            dictionary! {
                "Subtype" => "Type0", "BaseFont" => "Foo", "Encoding" => enc,
                "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                    "Subtype" => "CIDFontType0", "DW" => 1000,
                })],
            },
        )
    };
    let f = mk("UniJIS-UCS2-H");
    let c = f.decode(&[0x30, 0x42, 0x00, 0x41]);
    assert_eq!(text(&c), "あA");
    assert_eq!(c[0].source, UnicodeSource::UnicodeCMap);
    assert_eq!(c[1].bytes, 2..4);

    let f = mk("UniGB-UTF16-V");
    assert!(f.is_vertical());
    let c = f.decode(&[0xD8, 0x3D, 0xDE, 0x00, 0x4E, 0x2D]);
    assert_eq!(text(&c), "😀中");
    assert_eq!(c[0].bytes, 0..4);
    assert_eq!(c[0].width, -1000.0);

    // A CJK CMap we do not carry: codes split by its codespace, unmapped.
    let f = mk("90ms-RKSJ-H");
    let c = f.decode(b"A\x82\xa0B");
    assert_eq!(c.len(), 3);
    assert_eq!(c[1].code, 0x82a0);
    assert!(c.iter().all(|c| c.unicode.is_none()));
    assert!(f.problems().iter().any(|p| p.contains("90ms-RKSJ-H")));
}

#[test]
fn type3_font() {
    let mut d = doc();
    let mut diffs = vec![Object::Integer(1)];
    diffs.extend(names(&["H", "i", "glyph7"]));
    diffs.push(Object::Integer(65));
    diffs.extend(names(&["a65"]));
    let enc = d.add_object(dictionary! { "Type" => "Encoding", "Differences" => diffs });
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type3", "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
            "FontBBox" => ints(&[0, -20, 80, 75]), "FirstChar" => 1, "LastChar" => 3,
            "Widths" => ints(&[70, 30, 50]), "Encoding" => enc,
            "CharProcs" => dictionary! {}, "Resources" => dictionary! {},
        },
    );
    assert_eq!(f.matrix()[0], 0.01f32 as f64);
    let c = f.decode(&[1, 2, 3]);
    assert_eq!(text(&c[..2]), "Hi");
    assert_eq!(c[0].source, UnicodeSource::Encoding);
    // "glyph7" carries no identity and code 3 is a control code.
    assert_eq!(c[2].unicode, None);
    assert_eq!((c[0].width, c[1].width), (70.0, 30.0));
    // "a65" is a ZapfDingbats name only in ZapfDingbats: here the code is
    // read as WinAnsi, a guess.
    let c = f.decode(b"A");
    assert_eq!(c[0].unicode.as_deref(), Some("A"));
    assert_eq!(c[0].source, UnicodeSource::Guessed);
    assert_eq!((f.ascent(), f.descent()), (75.0, -20.0));

    // Degenerate matrix and an empty bbox: fallbacks.
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type3", "FontMatrix" => ints(&[0, 0, 0, 0, 0, 0]),
            "FontBBox" => ints(&[0, 0, 0, 0]), "Encoding" => enc,
        },
    );
    assert_eq!(f.matrix(), [0.001, 0.0, 0.0, 0.001, 0.0, 0.0]);
    assert!((f.ascent() - 950.0).abs() < 1e-6);
    assert!(f.problems().len() >= 2);
}

#[test]
fn ascent_descent_sanity() {
    let mut d = doc();
    let bad = d.add_object(dictionary! {
        "Type" => "FontDescriptor", "Ascent" => 32768, "Descent" => 0, "Flags" => 32,
    });
    let f = load(
        &d,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "Foo", "FontDescriptor" => bad,
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "Widths" => ints(&[250]) },
    );
    assert_eq!((f.ascent(), f.descent()), (950.0, -350.0));
    // Sign fixes: negative ascent, positive descent.
    let odd = d.add_object(dictionary! {
        "Type" => "FontDescriptor", "Ascent" => -700, "Descent" => 200, "Flags" => 32,
    });
    let f = load(
        &d,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "Foo", "FontDescriptor" => odd },
    );
    assert_eq!((f.ascent(), f.descent()), (700.0, -200.0));
    // A non-embedded standard font ignores the descriptor (as poppler does).
    let f = load(
        &d,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "Arial", "FontDescriptor" => odd },
    );
    assert_eq!((f.ascent(), f.descent()), (718.0, -207.0));
}

#[test]
fn type1_builtin_encoding_from_font_program() {
    let mut d = doc();
    let program = b"%!PS-AdobeFont-1.0: Foo\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 65 /Alpha put\ndup 66 /bullet put\nreadonly def\ncurrentfile eexec\n\x80\x81garbage";
    let mut s = Stream::new(dictionary! { "Length1" => 100 }, program.to_vec());
    s.allows_compression = false;
    let ff = d.add_object(s);
    let desc = d.add_object(dictionary! {
        "Type" => "FontDescriptor", "Flags" => 4, "FontFile" => ff,
    });
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Foo", "FontDescriptor" => desc,
        "FirstChar" => 65, "Widths" => ints(&[600, 600]) },
    );
    let c = f.decode(b"AB");
    assert_eq!(text(&c), "Α•");
    assert_eq!(c[0].source, UnicodeSource::Encoding);
}

#[test]
fn type1c_builtin_encoding_from_font_program() {
    let mut d = doc();
    let ff = d.add_object(Stream::new(
        dictionary! { "Subtype" => "Type1C" },
        super::cff::tests::tiny_cff(),
    ));
    let desc = d.add_object(dictionary! {
        "Type" => "FontDescriptor", "Flags" => 4, "FontFile3" => ff,
    });
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "ABCDEF+Tiny", "FontDescriptor" => desc,
        "FirstChar" => 1, "Widths" => ints(&[600, 600, 600, 600]) },
    );
    let c = f.decode(&[1, 3, 4, 2]);
    assert_eq!(text(&c[..3]), "AB•");
    assert_eq!(c[0].source, UnicodeSource::Encoding);
    // "Foo" is no glyph name the AGL knows: guessed from the code (a control
    // code here, so nothing).
    assert_eq!(c[3].unicode, None);
}

#[test]
fn malformed_fonts_degrade() {
    let mut d = doc();
    // Not a dictionary.
    let f = Font::load(&d, &Object::Integer(3));
    assert!(!f.problems().is_empty());
    assert_eq!(f.decode(b"a").len(), 1);
    // Missing reference.
    let f = Font::load(&d, &Object::Reference((999, 0)));
    assert!(!f.problems().is_empty());
    // Wrong types everywhere.
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "TrueType", "BaseFont" => 12, "Encoding" => ints(&[1]),
            "FirstChar" => "x", "Widths" => "nope", "ToUnicode" => 5,
            "FontDescriptor" => Object::Reference((77, 0)),
        },
    );
    assert!(f.problems().len() >= 2);
    assert_eq!(text(&f.decode(b"ok")), "ok");
    // Type0 with a descendant that is itself a Type0, a broken /W, a
    // reference cycle in DescendantFonts.
    let a = d.new_object_id();
    let b = d.new_object_id();
    d.objects.insert(a, Object::Reference(b));
    d.objects.insert(b, Object::Reference(a));
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type0", "Encoding" => "Identity-H",
        "DescendantFonts" => Object::Reference(a) },
    );
    assert!(!f.problems().is_empty());
    assert_eq!(f.decode(&[0, 1])[0].width, 1000.0);
    // The same cycle as a simple font's /Encoding and /ToUnicode.
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => Object::Reference(a), "ToUnicode" => Object::Reference(b) },
    );
    assert!(f.problems().iter().any(|p| p.contains("/Encoding")));
    assert!(f.problems().iter().any(|p| p.contains("tounicode")));
    assert_eq!(text(&f.decode(b"Hi")), "Hi");
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type0", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Subtype" => "Type0",
            "W" => vec![Object::Integer(-5), "x".into(), Object::Integer(1), Object::Integer(0)],
        })] },
    );
    assert!(f.problems().iter().any(|p| p.contains("width array")));
    // A huge /W: a million single entries is bounded and fast.
    let big: Vec<Object> = (0..200_000).map(Object::Integer).collect();
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type0", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "W" => vec![Object::Integer(0), Object::Array(big)],
        })] },
    );
    assert_eq!(f.decode(&[0, 9])[0].width, 9.0);
    // Differences with junk.
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => dictionary! { "Differences" => vec![
            Object::Name(b"A".to_vec()), Object::Integer(300), Object::Name(b"B".to_vec()),
            Object::Integer(-1), Object::Name(b"C".to_vec()), Object::Real(66.0),
            Object::Name(b"Z".to_vec()),
        ]}},
    );
    assert!(f.problems().iter().any(|p| p.contains("Differences")));
    assert_eq!(text(&f.decode(b"B")), "Z");
    // Empty string.
    assert!(f.decode(b"").is_empty());
    // A CIDFont used directly as a font.
    let f = load(
        &d,
        dictionary! { "Subtype" => "CIDFontType2", "BaseFont" => "Foo", "DW" => 800,
        "W" => vec![Object::Integer(5), ints(&[321])] },
    );
    let c = f.decode(&[0, 5, 0, 6]);
    assert_eq!((c.len(), c[0].width, c[1].width), (2, 321.0, 800.0));
    assert_eq!(f.problems().len(), 2, "{:?}", f.problems());
}

#[test]
fn huge_tounicode_is_bounded() {
    let mut d = doc();
    let tu = stream(
        &mut d,
        "1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange
         1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange",
    );
    let f = load(
        &d,
        dictionary! { "Subtype" => "Type0", "Encoding" => "Identity-H", "ToUnicode" => tu,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {})] },
    );
    let c = f.decode(&[0, 1]);
    assert_eq!(c[0].unicode.as_deref(), Some("B"));
}

/// Loads every font of every PDF of the qpdf test corpus and decodes a
/// sample string with each: no panic, bounded time. Prints counts.
#[test]
fn qpdf_corpus_fonts() {
    let dir = std::path::Path::new("/work/shared/corpus/qpdf-qtest");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let start = std::time::Instant::now();
    let (mut files, mut opened, mut fonts, mut with_problems, mut codes) = (0, 0, 0, 0, 0usize);
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let sample: Vec<u8> = (0..=255u8).chain([0, 65, 0, 66, 0x81, 0x40]).collect();
    for path in paths {
        if path.extension().and_then(|e| e.to_str()) != Some("pdf") {
            continue;
        }
        files += 1;
        let Ok(data) = std::fs::read(&path) else {
            continue;
        };
        let Ok(doc) = Document::load_mem(&data) else {
            continue;
        };
        opened += 1;
        for (id, obj) in &doc.objects {
            let is_font = match obj {
                Object::Dictionary(d) => {
                    d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(&b"Font"[..])
                        && d.get(b"Subtype")
                            .ok()
                            .and_then(|t| t.as_name().ok())
                            .is_some_and(|s| s != b"CIDFontType0" && s != b"CIDFontType2")
                }
                _ => false,
            };
            if !is_font {
                continue;
            }
            fonts += 1;
            let f = Font::load(&doc, &Object::Reference(*id));
            if !f.problems().is_empty() {
                with_problems += 1;
                if std::env::var_os("FONT_CORPUS_VERBOSE").is_some() {
                    println!(
                        "{}: {} {}: {:?}",
                        path.display(),
                        f.subtype(),
                        f.name(),
                        f.problems()
                    );
                }
            }
            codes += f.decode(&sample).len();
            let _ = (
                f.ascent(),
                f.descent(),
                f.matrix(),
                f.name(),
                f.is_vertical(),
            );
        }
    }
    println!(
        "qpdf corpus: {files} pdf files, {opened} opened by lopdf, {fonts} fonts, \
         {with_problems} with problems, {codes} codes decoded, {:?}",
        start.elapsed()
    );
}

/// Prints decode throughput (run with `--release -- --ignored --nocapture`);
/// a figure, not an assertion.
#[test]
#[ignore]
fn decode_throughput() {
    let mut d = doc();
    let simple = load(
        &d,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "Arial", "Encoding" => "WinAnsiEncoding",
        "FirstChar" => 32, "Widths" => ints(&[278; 224]) },
    );
    let tu = stream(
        &mut d,
        "1 begincodespacerange <0000> <FFFF> endcodespacerange
         1 beginbfrange <0000> <00FF> <0000> endbfrange",
    );
    let composite = load(
        &d,
        dictionary! { "Subtype" => "Type0", "Encoding" => "Identity-H", "ToUnicode" => tu,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "W" => vec![Object::Integer(0), Object::Array((0..256).map(|i| Object::Integer(400 + i)).collect())],
        })] },
    );
    let line: Vec<u8> = b"The quick brown fox jumps over the lazy dog 0123456789. "
        .iter()
        .copied()
        .cycle()
        .take(80)
        .collect();
    let line2: Vec<u8> = line.iter().flat_map(|&b| [0, b]).collect();
    for (label, font, bytes) in [("simple", &simple, &line), ("type0", &composite, &line2)] {
        let n = 200_000;
        let start = std::time::Instant::now();
        let mut total = 0usize;
        for _ in 0..n {
            total += std::hint::black_box(font.decode(bytes)).len();
        }
        let el = start.elapsed();
        println!(
            "decode {label}: {total} codes in {el:?}: {:.1} ns/code",
            el.as_nanos() as f64 / total as f64
        );
        let start = std::time::Instant::now();
        let mut total = 0usize;
        for _ in 0..n {
            font.decode_each(bytes, |c| {
                total += c.unicode.map_or(0, str::len);
            });
        }
        let el = start.elapsed();
        println!(
            "decode_each {label}: {total} text bytes in {el:?}: {:.1} ns/code",
            el.as_nanos() as f64 / (n * bytes.len() / if label == "type0" { 2 } else { 1 }) as f64
        );
    }
}

/// Deterministic pseudo-random bytes (xorshift), for the no-panic sweeps.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Random and mutated inputs to the CMap, CFF and TrueType readers never
/// panic (they may give nothing).
#[test]
fn parsers_survive_noise() {
    let cmap_text = b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <01> <0041> \
        <02> <00660069> endbfchar 1 beginbfrange <10> <20> [<41> <42>] endbfrange \
        begincidrange <00> <FF> 5 endcidrange /Identity-H usecmap";
    let cff = super::cff::tests::tiny_cff();
    let ttf = super::truetype::tests::tiny_font(&[(0x41, 3), (0x42, 4)]);
    let mut problems = Vec::new();
    for seed in 0..3000u64 {
        let junk = noise(seed, (seed as usize % 300) + 1);
        // Mutate a few bytes of each valid input.
        let mutate = |base: &[u8]| {
            let mut v = base.to_vec();
            for (k, b) in junk.iter().take(4).enumerate() {
                let at = (usize::from(*b) * 7 + k * 131 + seed as usize) % v.len();
                v[at] = junk[(k + 5) % junk.len()];
            }
            v.truncate(v.len() - (seed as usize % 7).min(v.len() - 1));
            v
        };
        let c = CMap::parse(&junk, "noise", &mut problems);
        let _ = (c.unicode(1), c.cid(1), c.codespace.next(&junk));
        let c = CMap::parse(&mutate(cmap_text), "noise", &mut problems);
        let _ = (c.unicode(0x11), c.cid(7), c.codespace.next(b"\x01\x02"));
        let _ = super::cff::builtin_encoding(&junk);
        let _ = super::cff::builtin_encoding(&mutate(&cff));
        let _ = super::truetype::gid_to_unicode(&junk);
        let _ = super::truetype::gid_to_unicode(&mutate(&ttf));
    }
}

#[test]
fn type3_glyph_boxes_come_from_d1() {
    let mut d = doc();
    let mut diffs = vec![Object::Integer(1)];
    diffs.extend(names(&["wide", "colour", "flat", "none"]));
    let enc = d.add_object(dictionary! { "Type" => "Encoding", "Differences" => diffs });
    let wide = stream(&mut d, "100 0 -10 -30 140 90 d1 0 0 m 130 80 l S");
    let colour = stream(&mut d, "100 0 d0 1 0 0 rg 0 0 100 100 re f");
    let flat = stream(&mut d, "0 0 0 0 0 0 d1");
    let f = load(
        &d,
        dictionary! {
            "Subtype" => "Type3", "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
            "FontBBox" => ints(&[0, -20, 80, 75]), "FirstChar" => 1, "LastChar" => 4,
            "Widths" => ints(&[100, 100, 0, 50]), "Encoding" => enc,
            "CharProcs" => dictionary! { "wide" => wide, "colour" => colour, "flat" => flat },
        },
    );
    assert_eq!(f.glyph_box(1), Some([-10.0, -30.0, 140.0, 90.0]));
    // d0: no box; an empty d1 box says nothing; no procedure at all
    assert_eq!(f.glyph_box(2), None);
    assert_eq!(f.glyph_box(3), None);
    assert_eq!(f.glyph_box(4), None);
    assert_eq!(f.glyph_box(300), None);
}
