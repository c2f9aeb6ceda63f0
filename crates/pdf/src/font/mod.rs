//! Fonts of the PDF text model: splitting string operands into character
//! codes, mapping codes to Unicode, and glyph metrics (ISO 32000-1 clause 9).
//!
//! Everything here is crate-internal except [`UnicodeSource`]. A [`Font`] is
//! loaded once per font object and never fails: malformed input degrades to a
//! documented fallback and is recorded in [`Font::problems`].

// The interpreter that uses this module is written alongside it; until it
// lands some items are unused in non-test builds.
#![allow(dead_code)]

use lopdf::{Dictionary, Document, Object};

/// Fallback advance width, in thousandths of an em, when nothing better is known.
const FALLBACK_WIDTH: f64 = 500.0;

/// A loaded font, ready to split string operands into character codes.
pub(crate) struct Font {
    name: String,
    subtype: String,
    kind: Kind,
    matrix: [f64; 6],
    vertical: bool,
    ascent: f64,
    descent: f64,
    problems: Vec<String>,
}

/// How codes are read from string bytes.
enum Kind {
    /// One byte per code (Type1, MMType1, TrueType, Type3).
    Simple {
        widths: Box<[f64; 256]>,
        names: Box<[Option<&'static str>; 256]>,
    },
    /// Two bytes per code, code = CID (Identity-H / Identity-V).
    Identity { widths: CidWidths },
}

/// CIDFont widths from /W and /DW (ISO 32000-1 9.7.4.3).
struct CidWidths {
    default: f64,
    /// Sorted, non-overlapping (first, last, width) runs.
    ranges: Vec<(u32, u32, f64)>,
}

impl CidWidths {
    fn get(&self, cid: u32) -> f64 {
        match self.ranges.binary_search_by(|&(first, last, _)| {
            if last < cid {
                std::cmp::Ordering::Less
            } else if first > cid {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => self.ranges.get(i).map_or(self.default, |r| r.2),
            Err(_) => self.default,
        }
    }
}

/// One character code of a string operand.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CharCode {
    /// The code (1 to 4 bytes, big-endian).
    pub code: u32,
    /// Byte range of this code within the string operand passed to `decode`.
    pub bytes: std::ops::Range<usize>,
    /// Unicode text for the code; may be several chars. None when the font
    /// gives no way to know.
    pub unicode: Option<String>,
    /// Where `unicode` came from.
    pub source: UnicodeSource,
    /// Horizontal displacement w0 in glyph space (vertical fonts: w1).
    pub width: f64,
    /// True when this is the single-byte code 32 (ISO 32000-1 9.3.3).
    pub word_space: bool,
    /// Vertical fonts only: position vector v in glyph space (9.7.4.3).
    pub v: (f64, f64),
}

/// Where a glyph's Unicode came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnicodeSource {
    /// The font's ToUnicode CMap.
    ToUnicode,
    /// A known encoding and a glyph name the Adobe Glyph List (or uniXXXX /
    /// uXXXX[XX] names) maps.
    Encoding,
    /// A predefined CMap whose codes are Unicode (Uni*-UCS2-*, Uni*-UTF16-*).
    UnicodeCMap,
    /// A guess (symbolic font read as Latin, unnamed glyph); text may be wrong.
    Guessed,
    /// No mapping at all (`unicode` is None).
    None,
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn num(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

impl Font {
    /// Loads a font from the value found under /Font in a resource
    /// dictionary. Never fails: anything missing or malformed degrades to a
    /// fallback and is recorded in `problems()`.
    pub(crate) fn load(doc: &Document, font: &Object) -> Font {
        let mut problems = Vec::new();
        let empty = Dictionary::new();
        let dict = match deref(doc, font) {
            Some(Object::Dictionary(d)) => d,
            _ => {
                problems.push("font is not a dictionary: using helvetica metrics".to_string());
                &empty
            }
        };
        let name_of = |key: &[u8]| match get(doc, dict, key) {
            Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
            _ => String::new(),
        };
        let subtype = name_of(b"Subtype");
        let base = name_of(b"BaseFont");
        let name = match base.split_once('+') {
            Some((prefix, rest)) if prefix.len() == 6 => rest.to_string(),
            _ => base.clone(),
        };
        let kind = if subtype == "Type0" {
            let mut widths = CidWidths {
                default: 1000.0,
                ranges: Vec::new(),
            };
            if let Some(Object::Array(desc)) = get(doc, dict, b"DescendantFonts")
                && let Some(Object::Dictionary(cid)) = desc.first().and_then(|o| deref(doc, o))
            {
                if let Some(dw) = get(doc, cid, b"DW").and_then(num) {
                    widths.default = dw;
                }
                if let Some(Object::Array(w)) = get(doc, cid, b"W") {
                    widths.ranges = parse_w(doc, w);
                }
            }
            Kind::Identity { widths }
        } else {
            let mut widths = Box::new([FALLBACK_WIDTH; 256]);
            let first = get(doc, dict, b"FirstChar").and_then(num).unwrap_or(0.0);
            if let Some(Object::Array(w)) = get(doc, dict, b"Widths") {
                for (i, o) in w.iter().enumerate() {
                    let code = first + i as f64;
                    if (0.0..256.0).contains(&code)
                        && let Some(v) = deref(doc, o).and_then(num)
                    {
                        widths[code as usize] = v;
                    }
                }
            }
            let mut names: Box<[Option<&'static str>; 256]> = Box::new([None; 256]);
            for (code, slot) in names.iter_mut().enumerate() {
                *slot = win_ansi_char(code as u8);
            }
            Kind::Simple { widths, names }
        };
        Font {
            name,
            subtype,
            kind,
            matrix: [0.001, 0.0, 0.0, 0.001, 0.0, 0.0],
            vertical: false,
            ascent: 800.0,
            descent: -200.0,
            problems,
        }
    }

    /// Splits the bytes of one string operand into character codes, in order,
    /// per the font's encoding / CMap (ISO 32000-1 9.4.3, 9.7.6.2).
    pub(crate) fn decode(&self, bytes: &[u8]) -> Vec<CharCode> {
        match &self.kind {
            Kind::Simple { widths, names } => bytes
                .iter()
                .enumerate()
                .map(|(i, &b)| {
                    let unicode = names[b as usize].map(str::to_string);
                    CharCode {
                        code: u32::from(b),
                        bytes: i..i + 1,
                        source: if unicode.is_some() {
                            UnicodeSource::Encoding
                        } else {
                            UnicodeSource::None
                        },
                        unicode,
                        width: widths[b as usize],
                        word_space: b == 32,
                        v: (0.0, 0.0),
                    }
                })
                .collect(),
            Kind::Identity { widths } => bytes
                .chunks(2)
                .enumerate()
                .map(|(i, c)| {
                    let code = c.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b));
                    CharCode {
                        code,
                        bytes: i * 2..i * 2 + c.len(),
                        unicode: None,
                        source: UnicodeSource::None,
                        width: widths.get(code),
                        word_space: false,
                        v: (0.0, 0.0),
                    }
                })
                .collect(),
        }
    }

    /// FontMatrix: glyph space -> text space (ISO 32000-1 9.6.5).
    pub(crate) fn matrix(&self) -> [f64; 6] {
        self.matrix
    }

    /// Writing mode: true for vertical (Identity-V, CMaps with /WMode 1).
    pub(crate) fn is_vertical(&self) -> bool {
        self.vertical
    }

    /// Ascent in glyph space (positive).
    pub(crate) fn ascent(&self) -> f64 {
        self.ascent
    }

    /// Descent in glyph space (negative).
    pub(crate) fn descent(&self) -> f64 {
        self.descent
    }

    /// The BaseFont name without subset prefix.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Font subtype as written (Type1, TrueType, Type0, Type3, MMType1).
    pub(crate) fn subtype(&self) -> &str {
        &self.subtype
    }

    /// Problems met while loading (human-readable, lowercase).
    pub(crate) fn problems(&self) -> &[String] {
        &self.problems
    }
}

/// Parses a CIDFont /W array (ISO 32000-1 9.7.4.3) into sorted runs.
fn parse_w(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = w.get(i).and_then(|o| deref(doc, o)).and_then(num) else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate() {
                    if let Some(v) = deref(doc, o).and_then(num) {
                        let cid = first.saturating_add(k as u32);
                        out.push((cid, cid, v));
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                if let Some(v) = w.get(i + 2).and_then(|o| deref(doc, o)).and_then(num) {
                    out.push((first, last.max(first), v));
                }
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|r| r.0);
    out
}

/// WinAnsi code -> text (Latin-1 plus the 0x80-0x9F extras), minimal table.
fn win_ansi_char(b: u8) -> Option<&'static str> {
    const HIGH: [&str; 32] = [
        "€", "", "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", "", "Ž", "", "", "‘", "’",
        "“", "”", "•", "–", "—", "˜", "™", "š", "›", "œ", "", "ž", "Ÿ",
    ];
    const ASCII: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    const LATIN1: &str = "\u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ";
    match b {
        32..=126 => ASCII.get((b - 32) as usize..(b - 31) as usize),
        128..=159 => HIGH
            .get((b - 128) as usize)
            .copied()
            .filter(|s| !s.is_empty()),
        160..=255 => LATIN1.chars().nth((b - 160) as usize).and_then(|c| {
            let start = LATIN1.char_indices().nth((b - 160) as usize)?.0;
            LATIN1.get(start..start + c.len_utf8())
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn simple_widths_and_winansi() {
        let doc = Document::with_version("1.7");
        let font = Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Arial",
            "FirstChar" => 65, "Widths" => vec![Object::Integer(667), Object::Integer(600)],
        });
        let f = Font::load(&doc, &font);
        assert_eq!(f.name(), "Arial");
        let codes = f.decode(b"AB \xe9");
        assert_eq!(codes.len(), 4);
        assert_eq!(codes[0].width, 667.0);
        assert_eq!(codes[1].width, 600.0);
        assert_eq!(codes[3].unicode.as_deref(), Some("é"));
        assert!(codes[2].word_space);
    }

    #[test]
    fn identity_h_widths() {
        let mut doc = Document::with_version("1.7");
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 900,
            "W" => vec![Object::Integer(3), vec![Object::Integer(250), Object::Integer(260)].into(),
                        Object::Integer(10), Object::Integer(12), Object::Integer(400)],
        });
        let font = Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "X", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid)],
        });
        let f = Font::load(&doc, &font);
        let codes = f.decode(&[0, 3, 0, 4, 0, 11, 0, 20]);
        let w: Vec<f64> = codes.iter().map(|c| c.width).collect();
        assert_eq!(w, vec![250.0, 260.0, 400.0, 900.0]);
        assert_eq!(codes[2].bytes, 4..6);
    }
}
