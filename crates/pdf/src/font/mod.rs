//! Fonts of the PDF text model: splitting string operands into character
//! codes, mapping codes to Unicode, and glyph metrics (ISO 32000-1 clause 9).
//!
//! Everything here is crate-internal except [`UnicodeSource`]. A [`Font`] is
//! loaded once per font object and never fails: malformed input degrades to a
//! documented fallback and is recorded in [`Font::problems`].
//!
//! Ascent and descent follow poppler (GfxFont::readFontDescriptor and the
//! built-in font table), because pdftotext -bbox is our yardstick: the
//! descriptor's values are used when non-zero and smaller than 3 em (sign
//! fixed); a standard-14 font that is not embedded uses its AFM values even
//! when a descriptor says otherwise; anything else falls back to the
//! standard-14 values when the font is a standard one, else to poppler's
//! defaults 0.95 / -0.35 em (not 0.8 / -0.2: those would make our boxes
//! shorter than poppler's). poppler ignores the FontBBox here, so do we,
//! except for Type3 fonts (see `type3_ascent_descent`).

// The interpreter that uses this module is written alongside it; until it
// lands some items are unused in non-test builds.
#![allow(dead_code)]

mod cff;
mod cmap;
mod glyph;
mod std14;
mod tables;
mod truetype;

use cmap::{CMap, CodeSpace};
use glyph::BaseEncoding;
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;
use std14::Std14;

/// Fallback advance width, in thousandths of an em, when nothing better is known.
const FALLBACK_WIDTH: f64 = 500.0;
/// poppler's default ascent / descent (GfxFont), thousandths of an em.
const DEFAULT_ASCENT: f64 = 950.0;
const DEFAULT_DESCENT: f64 = -350.0;
/// Largest decoded font-related stream (CMap, font program header) we read.
const MAX_STREAM: usize = 32 << 20;
/// Most /W or /W2 entries kept (a run or a single width each).
const MAX_WIDTH_ENTRIES: usize = 1 << 20;
/// Deepest usecmap chain followed.
const MAX_USECMAP_DEPTH: usize = 4;

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

/// How codes are read and mapped.
enum Kind {
    /// One byte per code (Type1, MMType1, TrueType, Type3).
    Simple(Box<SimpleFont>),
    /// Type0: codes of 1-4 bytes per the CMap, widths per CID.
    Composite(Box<CompositeFont>),
}

/// Per-code tables of a simple font, computed at load time.
struct SimpleFont {
    widths: [f64; 256],
    text: Vec<Option<Box<str>>>,
    source: [UnicodeSource; 256],
    /// Type3 only: each code's glyph box from its glyph procedure's `d1`
    /// operator (llx, lly, urx, ury in glyph space); empty otherwise.
    boxes: Vec<Option<[f64; 4]>>,
}

/// A Type0 font with its CIDFont.
struct CompositeFont {
    /// How bytes split into codes.
    split: Split,
    /// Code -> CID.
    cids: CidMap,
    /// Horizontal widths.
    widths: CidWidths,
    /// Vertical metrics (W2 / DW2), for vertical fonts.
    vmetrics: VerticalMetrics,
    /// The ToUnicode CMap, if any.
    to_unicode: Option<CMap>,
    /// When the codes themselves are Unicode (predefined Uni* CMaps, or a
    /// ToUnicode named Identity-H): how to read them, and the source to report.
    code_unicode: Option<(CodeUnicode, UnicodeSource)>,
    /// Last resort for CIDFontType2 fonts without ToUnicode: CID -> GID
    /// (CIDToGIDMap) -> Unicode from the embedded TrueType cmap (a guess).
    gid_unicode: Option<GidUnicode>,
}

/// CID -> GID -> Unicode through an embedded TrueType program.
struct GidUnicode {
    /// CIDToGIDMap stream (2 bytes per CID); None for Identity.
    cid_to_gid: Option<Vec<u8>>,
    /// GID -> Unicode.
    unicode: Vec<Option<char>>,
}

impl GidUnicode {
    fn get(&self, cid: u32) -> Option<char> {
        let gid = match &self.cid_to_gid {
            None => usize::try_from(cid).ok()?,
            Some(map) => {
                let at = usize::try_from(cid).ok()?.checked_mul(2)?;
                usize::from(u16::from_be_bytes([*map.get(at)?, *map.get(at + 1)?]))
            }
        };
        self.unicode.get(gid).copied().flatten()
    }
}

/// How bytes split into codes for a composite font.
enum Split {
    /// Codespace ranges (Identity-H is a fixed 2-byte codespace).
    CodeSpace(CodeSpace),
    /// UTF-16BE: 2 bytes, 4 for a surrogate pair.
    Utf16,
    /// UTF-8: 1-4 bytes by the lead byte.
    Utf8,
}

/// Code -> CID.
enum CidMap {
    /// CID = code.
    Identity,
    /// An embedded CMap's cidchar/cidrange (codes it does not map: CID 0, or
    /// the code itself when the CMap uses Identity).
    Embedded { cmap: CMap, identity_base: bool },
    /// A predefined CMap we do not carry: CIDs unknown (width /DW).
    Unknown,
}

/// How a code that is itself Unicode is read.
#[derive(Clone, Copy)]
enum CodeUnicode {
    Ucs2,
    Utf16,
    Utf8,
    Utf32,
}

/// CIDFont widths from /W and /DW (ISO 32000-1 9.7.4.3).
struct CidWidths {
    default: f64,
    /// Sorted (first, last, width) runs.
    runs: Vec<(u32, u32, f64)>,
}

/// Vertical metrics from /W2 and /DW2 (9.7.4.3): (w1y, vx, vy) per CID.
struct VerticalMetrics {
    /// DW2: (vy of the position vector, w1y).
    default: (f64, f64),
    runs: Vec<(u32, u32, (f64, f64, f64))>,
}

fn find_run<T: Copy>(runs: &[(u32, u32, T)], cid: u32) -> Option<T> {
    let i = runs.partition_point(|r| r.0 <= cid);
    runs.get(i.saturating_sub(4)..i)?
        .iter()
        .rev()
        .find(|r| r.0 <= cid && cid <= r.1)
        .map(|r| r.2)
}

/// One character code of a string operand.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CharCode {
    /// The code (1 to 4 bytes, big-endian).
    pub code: u32,
    /// Byte range of this code within the string operand passed to `decode`.
    pub bytes: std::ops::Range<usize>,
    /// Unicode text for the code; may be several chars (ligatures, multi-char
    /// ToUnicode targets kept whole). None when the font gives no way to know.
    pub unicode: Option<String>,
    /// Where `unicode` came from, so the page verdict can tell mapped from
    /// guessed text.
    pub source: UnicodeSource,
    /// Horizontal displacement w0 in glyph space (thousandths of an em except
    /// Type3). For vertical fonts: w1 (the vertical displacement, normally
    /// negative, from /W2 and /DW2).
    pub width: f64,
    /// True when this is the single-byte code 32: word spacing Tw applies
    /// (ISO 32000-1 9.3.3).
    pub word_space: bool,
    /// Vertical fonts only: position vector v (vx, vy) in glyph space
    /// (9.7.4.3); (0,0) otherwise.
    pub v: (f64, f64),
}

/// One character code, borrowed: what [`Font::decode_each`] hands out
/// without allocating. Same fields as [`CharCode`], with `unicode` borrowed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CharRef<'a> {
    /// The code (1 to 4 bytes, big-endian).
    pub code: u32,
    /// Byte range of this code within the string operand.
    pub bytes: std::ops::Range<usize>,
    /// Unicode text for the code (see [`CharCode::unicode`]).
    pub unicode: Option<&'a str>,
    /// Where `unicode` came from.
    pub source: UnicodeSource,
    /// Displacement in glyph space (see [`CharCode::width`]).
    pub width: f64,
    /// True for the single-byte code 32 (word spacing applies).
    pub word_space: bool,
    /// Vertical fonts only: position vector v in glyph space.
    pub v: (f64, f64),
}

impl CharRef<'_> {
    /// The owned form.
    pub(crate) fn to_owned_code(&self) -> CharCode {
        CharCode {
            code: self.code,
            bytes: self.bytes.clone(),
            unicode: self.unicode.map(String::from),
            source: self.source,
            width: self.width,
            word_space: self.word_space,
            v: self.v,
        }
    }
}

/// Where a glyph's Unicode came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnicodeSource {
    /// The font's ToUnicode CMap.
    ToUnicode,
    /// A known encoding (Standard/WinAnsi/MacRoman/PDFDoc/Symbol/ZapfDingbats/
    /// Differences) and a glyph name the Adobe Glyph List (or uniXXXX /
    /// uXXXX[XX] names) maps.
    Encoding,
    /// A predefined CMap whose codes are Unicode (Uni*-UCS2-*, Uni*-UTF16-*).
    UnicodeCMap,
    /// A guess: a symbolic TrueType font read as WinAnsi, an unnamed glyph
    /// "g123", an unknown glyph name. Text may be wrong; the page verdict says so.
    Guessed,
    /// No mapping at all (`unicode` is None).
    None,
}

// ---------------------------------------------------------------------------
// Small object helpers: everything tolerates wrong types and missing objects.

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn num(obj: &Object) -> Option<f64> {
    let v = match obj {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

fn get_num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, dict, key).and_then(num)
}

fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key) {
        Some(Object::Name(n)) => Some(n),
        _ => None,
    }
}

fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, dict, key) {
        Some(Object::Dictionary(d)) => Some(d),
        Some(Object::Stream(s)) => Some(&s.dict),
        _ => None,
    }
}

fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key) {
        Some(Object::Array(a)) => Some(a),
        _ => None,
    }
}

/// Decoded bytes of a stream object, bounded.
fn stream_bytes(
    doc: &Document,
    obj: &Object,
    what: &str,
    problems: &mut Vec<String>,
) -> Option<Vec<u8>> {
    match deref(doc, obj) {
        Some(Object::Stream(s)) => match s.get_plain_content_with_limit(MAX_STREAM) {
            Ok(data) => Some(data),
            Err(e) => {
                problems.push(format!("{what} cannot be decoded ({e}): ignored"));
                None
            }
        },
        Some(_) => {
            problems.push(format!("{what} is not a stream: ignored"));
            None
        }
        None => {
            problems.push(format!("{what} refers to a missing object: ignored"));
            None
        }
    }
}

fn lossy(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// "ABCDEF+Arial" -> "Arial" (9.6.4: six uppercase letters and '+').
fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => name,
    }
}

/// Ascent and descent from a font descriptor, poppler's sanity rules: sign
/// fixed, zero and |v| >= 3 em rejected.
fn descriptor_ascent_descent(
    doc: &Document,
    desc: Option<&Dictionary>,
) -> (Option<f64>, Option<f64>) {
    let Some(desc) = desc else {
        return (None, None);
    };
    let ascent = get_num(doc, desc, b"Ascent")
        .map(f64::abs)
        .filter(|&a| a != 0.0 && a < 3000.0);
    let descent = get_num(doc, desc, b"Descent")
        .map(|d| -d.abs())
        .filter(|&d| d != 0.0 && d > -3000.0);
    (ascent, descent)
}

/// Chooses ascent/descent for a non-Type3 font (see the module doc).
fn choose_ascent_descent(
    doc: &Document,
    desc: Option<&Dictionary>,
    std: Option<Std14>,
    embedded: bool,
    problems: &mut Vec<String>,
) -> (f64, f64) {
    let (a, d) = descriptor_ascent_descent(doc, desc);
    if let Some(s) = std {
        let (sa, sd) = s.ascent_descent();
        if !embedded {
            return (sa, sd);
        }
        return (a.unwrap_or(sa), d.unwrap_or(sd));
    }
    if desc.is_some() && (a.is_none() || d.is_none()) {
        problems
            .push("font descriptor has no usable ascent/descent: using 0.95/-0.35 em".to_string());
    }
    (a.unwrap_or(DEFAULT_ASCENT), d.unwrap_or(DEFAULT_DESCENT))
}

impl Font {
    /// Loads a font from the value found under /Font in a resource dictionary
    /// (a dictionary or a reference to one). Never fails: anything missing or
    /// malformed degrades to a documented fallback (Helvetica metrics, width
    /// 0.5 em, WinAnsi guesses) and is recorded in `problems()`. Cheap enough
    /// to call once per font object per document (callers cache by ObjectId).
    pub(crate) fn load(doc: &Document, font: &Object) -> Font {
        let mut problems = Vec::new();
        let empty = Dictionary::new();
        let dict = match deref(doc, font) {
            Some(Object::Dictionary(d)) => d,
            Some(Object::Stream(s)) => &s.dict,
            Some(_) => {
                problems.push("font is not a dictionary: using helvetica metrics".to_string());
                &empty
            }
            None => {
                problems.push("font refers to a missing object: using helvetica metrics".into());
                &empty
            }
        };
        let subtype = get_name(doc, dict, b"Subtype")
            .map(lossy)
            .unwrap_or_default();
        let base = get_name(doc, dict, b"BaseFont")
            .map(lossy)
            .unwrap_or_default();
        let name = strip_subset(&base).to_string();
        let mut font = Font {
            name,
            subtype,
            kind: Kind::Simple(Box::new(SimpleFont {
                widths: [FALLBACK_WIDTH; 256],
                text: vec![None; 256],
                source: [UnicodeSource::None; 256],
                boxes: Vec::new(),
            })),
            matrix: [0.001, 0.0, 0.0, 0.001, 0.0, 0.0],
            vertical: false,
            ascent: DEFAULT_ASCENT,
            descent: DEFAULT_DESCENT,
            problems: Vec::new(),
        };
        match font.subtype.as_str() {
            "Type0" => font.load_composite(doc, dict, &mut problems),
            "CIDFontType0" | "CIDFontType2" => {
                // A CIDFont used directly (invalid): read it as the
                // descendant of an Identity-H Type0 font.
                problems.push(format!(
                    "/{} used as a font: read as identity-h",
                    font.subtype
                ));
                font.load_composite(doc, dict, &mut problems)
            }
            "Type1" | "MMType1" | "TrueType" | "Type3" => {
                font.load_simple(doc, dict, &mut problems)
            }
            other => {
                if !dict.is_empty() {
                    problems.push(if other.is_empty() {
                        "font has no /Subtype: read as a simple font".to_string()
                    } else {
                        format!("unknown font subtype /{other}: read as a simple font")
                    });
                }
                font.load_simple(doc, dict, &mut problems)
            }
        }
        font.problems = problems;
        font
    }

    /// Simple fonts: Type1, MMType1, TrueType, Type3 (9.6).
    fn load_simple(&mut self, doc: &Document, dict: &Dictionary, problems: &mut Vec<String>) {
        let type3 = self.subtype == "Type3";
        let truetype = self.subtype == "TrueType";
        let std = if type3 {
            None
        } else {
            Std14::from_name(&self.name)
        };
        let desc = get_dict(doc, dict, b"FontDescriptor");
        let embedded = desc.is_some_and(|d| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| d.has(k))
        });
        let flags = desc
            .and_then(|d| get_num(doc, d, b"Flags"))
            .map(|f| f as i64 as u32)
            .or_else(|| std.and_then(|s| s.metrics()).map(|m| m.flags))
            .unwrap_or(32);
        let symbolic = flags & 4 != 0;
        let nonsymbolic = flags & 32 != 0;

        // --- Encoding (9.6.6) ---------------------------------------------
        let mut base: Option<BaseEncoding> = None;
        let mut differences: Vec<Option<String>> = vec![None; 256];
        match dict.get(b"Encoding").ok().map(|o| (o, deref(doc, o))) {
            None => {}
            Some((_, Some(Object::Name(n)))) => {
                base = BaseEncoding::from_name(n);
                if base.is_none() {
                    problems.push(format!("unknown encoding /{}: ignored", lossy(n)));
                }
            }
            Some((_, Some(Object::Dictionary(ed)))) => {
                if let Some(n) = get_name(doc, ed, b"BaseEncoding") {
                    base = BaseEncoding::from_name(n);
                    if base.is_none() {
                        problems.push(format!("unknown base encoding /{}: ignored", lossy(n)));
                    }
                }
                if let Some(diffs) = get_array(doc, ed, b"Differences") {
                    read_differences(doc, diffs, &mut differences, problems);
                }
            }
            Some((_, Some(_))) => problems.push("font /Encoding has a wrong type: ignored".into()),
            Some((_, None)) => {
                problems.push("font /Encoding refers to a missing object: ignored".into())
            }
        }
        // The base encoding when none is given, and whether names read
        // through it are trustworthy (9.6.6.2-9.6.6.4).
        let mut guessed_base = false;
        let mut builtin: Option<Vec<Option<String>>> = None;
        if base.is_none() {
            if let Some(b) = std.and_then(Std14::builtin_encoding) {
                base = Some(b);
            } else if !type3
                && !truetype
                && let Some(names) = desc.and_then(|d| type1_builtin_encoding(doc, d, problems))
            {
                builtin = Some(names);
            } else if truetype && (symbolic || !nonsymbolic) {
                // A symbolic TrueType font maps codes through its (3,0) cmap
                // at 0xF000 + code or its (1,0) cmap: no glyph names. Most
                // such fonts are ordinary text fonts flagged symbolic, so
                // read the codes as WinAnsi and say it is a guess.
                base = Some(if self.name.contains("Symbol") {
                    BaseEncoding::Symbol
                } else {
                    BaseEncoding::WinAnsi
                });
                guessed_base = true;
            } else if type3 {
                // Type3 fonts have no built-in encoding: codes the
                // Differences leave undefined are read as WinAnsi, a guess.
                if !dict.has(b"Encoding") {
                    problems.push("type3 font has no /Encoding: codes read as winansi".into());
                }
                base = Some(BaseEncoding::WinAnsi);
                guessed_base = true;
            } else {
                // Type1 without an encoding: its built-in encoding, which for
                // a font we do not parse is assumed to be StandardEncoding.
                base = Some(BaseEncoding::Standard);
                guessed_base = symbolic && embedded;
            }
        }

        let to_unicode = self.read_to_unicode(doc, dict, problems);
        let symbol_like = self.name.contains("Symbol");
        let dingbats_like = self.name.contains("Dingbats");
        let wingdings_like = self.name.contains("Wingding") || self.name.contains("Webding");

        // --- Widths (9.6.2.1, 9.6.5) ----------------------------------------
        let first = get_num(doc, dict, b"FirstChar").unwrap_or(0.0);
        let widths_arr = get_array(doc, dict, b"Widths");
        let missing = desc.and_then(|d| get_num(doc, d, b"MissingWidth"));
        let substitute = std.unwrap_or_else(|| Std14::substitute(flags, &self.name));
        if widths_arr.is_none() && std.is_none() {
            problems.push(format!(
                "font has no /Widths: using {} metrics",
                substitute.metrics().map_or("helvetica", |m| m.name)
            ));
        }
        if !(0.0..=255.0).contains(&first) {
            problems.push("font /FirstChar is out of range: widths may be off".into());
        }

        // poppler's hex-name heuristic: once one unknown name reads as
        // "Axx"/"xx" with a hex letter, all such names give their code.
        let hex_names = differences.iter().flatten().any(|n| {
            glyph::to_unicode(n).is_none() && glyph::hex_name(n).is_some_and(|(_, letter)| letter)
        });

        let mut simple = SimpleFont {
            widths: [FALLBACK_WIDTH; 256],
            text: vec![None; 256],
            source: [UnicodeSource::None; 256],
            boxes: Vec::new(),
        };
        let char_procs = if type3 {
            get_dict(doc, dict, b"CharProcs")
        } else {
            None
        };
        let mut proc_boxes: HashMap<String, Option<[f64; 4]>> = HashMap::new();
        for code in 0..=255u8 {
            let i = usize::from(code);
            let explicit: Option<&str> = differences
                .get(i)
                .and_then(|d| d.as_deref())
                .or_else(|| builtin.as_ref().and_then(|b| b.get(i)?.as_deref()));
            let name = explicit.or_else(|| base.and_then(|b| b.name(code)));
            let guessed_name = explicit.is_none() && guessed_base;
            if let (Some(procs), Some(n)) = (char_procs, name) {
                let b = *proc_boxes
                    .entry(n.to_string())
                    .or_insert_with(|| type3_glyph_box(doc, procs, n));
                if b.is_some() {
                    simple.boxes.resize(256, None);
                    if let Some(slot) = simple.boxes.get_mut(i) {
                        *slot = b;
                    }
                }
            }

            // Width.
            let from_array = widths_arr.and_then(|w| {
                let idx = f64::from(code) - first;
                if idx < 0.0 || idx.fract() != 0.0 {
                    return None;
                }
                w.get(idx as usize)
                    .and_then(|o| deref(doc, o))
                    .and_then(num)
            });
            simple.widths[i] = match from_array {
                Some(w) => w,
                None if type3 => missing.unwrap_or(0.0),
                None => match (widths_arr.is_some(), missing, std) {
                    (true, Some(m), _) => m,
                    (_, _, Some(s)) => match name {
                        Some(n) => s.width(n).unwrap_or(s.default_width()),
                        // Like poppler: files that leave code 32 undefined
                        // still expect a space there.
                        None if code == 32 => s.width("space").unwrap_or(250.0),
                        None => 0.0,
                    },
                    (_, Some(m), None) => m,
                    _ => name
                        .and_then(|n| substitute.width(n))
                        .unwrap_or(substitute.default_width()),
                },
            };

            // Unicode: ToUnicode wins when it maps the code (9.10.2).
            let (text, source) = match to_unicode.as_ref().and_then(|c| c.unicode(u32::from(code)))
            {
                Some(t) if !t.is_empty() => {
                    pua_guess(t, symbol_like, dingbats_like || wingdings_like)
                }
                _ => {
                    let mapped = name.and_then(|n| glyph::to_unicode_in(n, dingbats_like));
                    match mapped {
                        Some(t) => match pua_guess(t, symbol_like, dingbats_like || wingdings_like)
                        {
                            (t, UnicodeSource::ToUnicode) if !guessed_name => {
                                (t, UnicodeSource::Encoding)
                            }
                            (t, _) => (t, UnicodeSource::Guessed),
                        },
                        None => match name.and_then(glyph::hex_name) {
                            Some((v, _)) if hex_names => guess_code(v, symbol_like, dingbats_like),
                            _ => guess_code(code, symbol_like, dingbats_like),
                        },
                    }
                }
            };
            simple.text[i] = text.map(String::into_boxed_str);
            simple.source[i] = source;
        }

        if type3 {
            self.matrix = type3_matrix(doc, dict, problems);
            let bbox = get_array(doc, dict, b"FontBBox");
            (self.ascent, self.descent) =
                type3_ascent_descent(doc, bbox, desc, &self.matrix, problems);
        } else {
            (self.ascent, self.descent) = choose_ascent_descent(doc, desc, std, embedded, problems);
        }
        self.kind = Kind::Simple(Box::new(simple));
    }

    /// Reads /ToUnicode when it is a stream (a name, e.g. Identity-H, is
    /// handled by the composite loader).
    fn read_to_unicode(
        &self,
        doc: &Document,
        dict: &Dictionary,
        problems: &mut Vec<String>,
    ) -> Option<CMap> {
        let obj = dict.get(b"ToUnicode").ok()?;
        if matches!(deref(doc, obj), Some(Object::Name(_))) {
            return None;
        }
        let data = stream_bytes(doc, obj, "tounicode cmap", problems)?;
        let mut cmap = CMap::parse(&data, "tounicode cmap", problems);
        if let Some(Object::Stream(s)) = deref(doc, obj)
            && let Ok(base) = s.dict.get(b"UseCMap")
            && let Some(Object::Stream(_)) = deref(doc, base)
            && let Some(bytes) = stream_bytes(doc, base, "tounicode usecmap", problems)
        {
            cmap.merge_base(CMap::parse(&bytes, "tounicode usecmap", problems));
        }
        if !cmap.has_unicode() {
            problems.push("tounicode cmap maps no codes: ignored".into());
            return None;
        }
        Some(cmap)
    }

    /// Type0 fonts (9.7).
    fn load_composite(&mut self, doc: &Document, dict: &Dictionary, problems: &mut Vec<String>) {
        // Descendant CIDFont: an array of one dictionary (a bare dictionary
        // is tolerated).
        let cid_font: Option<&Dictionary> = match get(doc, dict, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().and_then(|o| match deref(doc, o) {
                Some(Object::Dictionary(d)) => Some(d),
                _ => None,
            }),
            Some(Object::Dictionary(d)) => Some(d),
            _ if self.subtype.starts_with("CIDFontType") => Some(dict),
            _ => None,
        };
        if cid_font.is_none() {
            problems.push("type0 font has no usable /DescendantFonts: widths use 1000".into());
        }
        let empty = Dictionary::new();
        let cid_dict = cid_font.unwrap_or(&empty);

        // --- Encoding: CMap name or stream (9.7.5) -------------------------
        let mut split = Split::CodeSpace(CodeSpace::fixed(2));
        let mut cids = CidMap::Identity;
        let mut code_unicode: Option<(CodeUnicode, UnicodeSource)> = None;
        match dict.get(b"Encoding").ok().map(|o| (o, deref(doc, o))) {
            Some((_, Some(Object::Name(n)))) => {
                let name = lossy(n);
                self.vertical = name.ends_with("-V");
                if name == "Identity-H" || name == "Identity-V" {
                    // Defaults already set.
                } else if let Some(kind) = unicode_cmap_kind(&name) {
                    code_unicode = Some((kind, UnicodeSource::UnicodeCMap));
                    split = match kind {
                        CodeUnicode::Ucs2 => Split::CodeSpace(CodeSpace::fixed(2)),
                        CodeUnicode::Utf16 => Split::Utf16,
                        CodeUnicode::Utf8 => Split::Utf8,
                        CodeUnicode::Utf32 => Split::CodeSpace(CodeSpace::fixed(4)),
                    };
                    cids = CidMap::Unknown;
                    problems.push(format!(
                        "predefined cmap /{name} is not embedded: cids unknown, widths use /DW"
                    ));
                } else {
                    split = Split::CodeSpace(predefined_codespace(&name));
                    cids = CidMap::Unknown;
                    problems.push(format!(
                        "predefined cmap /{name} is not available: codes split by its \
                         codespace, cids unknown, unicode only from tounicode"
                    ));
                }
            }
            Some((obj, Some(Object::Stream(_)))) => {
                let mut seen = Vec::new();
                if let Some(cmap) = load_embedded_cmap(doc, obj, 0, &mut seen, problems) {
                    self.vertical = cmap.0.vertical;
                    let (cmap, identity_base) = cmap;
                    split = Split::CodeSpace(if cmap.codespace.is_empty() {
                        CodeSpace::fixed(2)
                    } else {
                        cmap.codespace.clone()
                    });
                    cids = if cmap.has_cids() {
                        CidMap::Embedded {
                            cmap,
                            identity_base,
                        }
                    } else {
                        CidMap::Identity
                    };
                }
            }
            Some((_, _)) => {
                problems.push("type0 /Encoding is unusable: read as identity-h".into());
            }
            None if self.subtype != "Type0" => {}
            None => problems.push("type0 font has no /Encoding: read as identity-h".into()),
        }

        // --- ToUnicode ------------------------------------------------------
        let to_unicode = self.read_to_unicode(doc, dict, problems);
        if to_unicode.is_none()
            && let Some(Object::Name(n)) = get(doc, dict, b"ToUnicode")
        {
            if n.starts_with(b"Identity") {
                // Not valid, but pdf.js and others read it as "codes are UCS-2".
                code_unicode = Some((CodeUnicode::Ucs2, UnicodeSource::Guessed));
            } else if let Some(kind) = unicode_cmap_kind(&lossy(n)) {
                code_unicode = Some((kind, UnicodeSource::UnicodeCMap));
            }
        }
        let mut gid_unicode = None;
        if to_unicode.is_none() && code_unicode.is_none() {
            gid_unicode = truetype_unicode(doc, cid_dict, problems);
        }
        if to_unicode.is_none() && code_unicode.is_none() && gid_unicode.is_some() {
            problems
                .push("no tounicode map: unicode guessed from the embedded truetype cmap".into());
        } else if to_unicode.is_none() && code_unicode.is_none() {
            problems.push(format!(
                "no tounicode map and {} encoding: text cannot be mapped to unicode",
                match &cids {
                    CidMap::Identity => "identity",
                    CidMap::Embedded { .. } => "an embedded cmap",
                    CidMap::Unknown => "a predefined cmap",
                }
            ));
        }

        // --- Widths (9.7.4.3) -----------------------------------------------
        let widths = CidWidths {
            default: get_num(doc, cid_dict, b"DW").unwrap_or(1000.0),
            runs: get_array(doc, cid_dict, b"W")
                .map(|w| parse_w(doc, w, 1, problems))
                .unwrap_or_default()
                .into_iter()
                .map(|(a, b, v)| (a, b, v[0]))
                .collect(),
        };
        let dw2 = get_array(doc, cid_dict, b"DW2");
        let dw2 = (
            dw2.and_then(|a| a.first())
                .and_then(|o| deref(doc, o))
                .and_then(num)
                .unwrap_or(880.0),
            dw2.and_then(|a| a.get(1))
                .and_then(|o| deref(doc, o))
                .and_then(num)
                .unwrap_or(-1000.0),
        );
        let vmetrics = VerticalMetrics {
            default: dw2,
            runs: if self.vertical {
                get_array(doc, cid_dict, b"W2")
                    .map(|w| parse_w(doc, w, 3, problems))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(a, b, v)| (a, b, (v[0], v[1], v[2])))
                    .collect()
            } else {
                Vec::new()
            },
        };

        let desc = get_dict(doc, cid_dict, b"FontDescriptor");
        let embedded = desc.is_some_and(|d| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| d.has(k))
        });
        (self.ascent, self.descent) = choose_ascent_descent(doc, desc, None, embedded, problems);
        self.kind = Kind::Composite(Box::new(CompositeFont {
            split,
            cids,
            widths,
            vmetrics,
            to_unicode,
            code_unicode,
            gid_unicode,
        }));
    }

    /// Splits the bytes of one string operand into character codes, in order,
    /// per the font's encoding / CMap (ISO 32000-1 9.4.3, 9.7.6.2 for CMaps
    /// with codespace ranges of 1-4 bytes).
    pub(crate) fn decode(&self, bytes: &[u8]) -> Vec<CharCode> {
        let mut out = Vec::with_capacity(match &self.kind {
            Kind::Simple(_) => bytes.len(),
            Kind::Composite(_) => bytes.len() / 2 + 1,
        });
        self.decode_each(bytes, |c| out.push(c.to_owned_code()));
        out
    }

    /// Like [`Font::decode`], but hands each code to `f` with its text
    /// borrowed: no allocation per code (the hot path of text extraction).
    pub(crate) fn decode_each(&self, bytes: &[u8], mut f: impl FnMut(CharRef<'_>)) {
        match &self.kind {
            Kind::Simple(s) => {
                for (i, &b) in bytes.iter().enumerate() {
                    let c = usize::from(b);
                    f(CharRef {
                        code: u32::from(b),
                        bytes: i..i + 1,
                        unicode: s.text.get(c).and_then(|t| t.as_deref()),
                        source: s.source.get(c).copied().unwrap_or(UnicodeSource::None),
                        width: s.widths.get(c).copied().unwrap_or(0.0),
                        word_space: b == 32,
                        v: (0.0, 0.0),
                    });
                }
            }
            Kind::Composite(font) => self.decode_composite(font, bytes, f),
        }
    }

    fn decode_composite(&self, f: &CompositeFont, bytes: &[u8], mut sink: impl FnMut(CharRef<'_>)) {
        // One text buffer reused for every code.
        let mut buf = String::new();
        let mut pos = 0;
        while let Some(rest) = bytes.get(pos..).filter(|r| !r.is_empty()) {
            let (code, len) = match &f.split {
                Split::CodeSpace(cs) => {
                    let (c, n, _) = cs.next(rest);
                    (c, n)
                }
                Split::Utf16 => {
                    let n = if rest.len() >= 4 && (0xD8..=0xDB).contains(&rest[0]) {
                        4
                    } else {
                        2.min(rest.len())
                    };
                    (cmap::value(rest.get(..n).unwrap_or(rest)), n)
                }
                Split::Utf8 => {
                    let n = match rest[0] {
                        0xF0..=0xF7 => 4,
                        0xE0..=0xEF => 3,
                        0xC0..=0xDF => 2,
                        _ => 1,
                    }
                    .min(rest.len());
                    (cmap::value(rest.get(..n).unwrap_or(rest)), n)
                }
            };
            let len = len.max(1);
            let cid = match &f.cids {
                CidMap::Identity => code,
                CidMap::Embedded {
                    cmap,
                    identity_base,
                } => cmap
                    .cid(code)
                    .unwrap_or(if *identity_base { code } else { 0 }),
                CidMap::Unknown => u32::MAX,
            };
            buf.clear();
            let source = if f
                .to_unicode
                .as_ref()
                .is_some_and(|t| t.unicode_into(code, &mut buf))
            {
                pua_guess_in_place(&mut buf)
            } else if let Some((kind, src)) = f.code_unicode {
                if code_to_unicode(kind, code, len, &mut buf) {
                    src
                } else {
                    UnicodeSource::None
                }
            } else if let Some(c) = f.gid_unicode.as_ref().and_then(|g| g.get(cid)) {
                buf.push(c);
                UnicodeSource::Guessed
            } else {
                UnicodeSource::None
            };
            let w0 = if cid == u32::MAX {
                f.widths.default
            } else {
                find_run(&f.widths.runs, cid).unwrap_or(f.widths.default)
            };
            let (width, v) = if self.vertical {
                match find_run(&f.vmetrics.runs, cid) {
                    Some((w1, vx, vy)) => (w1, (vx, vy)),
                    None => (f.vmetrics.default.1, (w0 / 2.0, f.vmetrics.default.0)),
                }
            } else {
                (w0, (0.0, 0.0))
            };
            sink(CharRef {
                code,
                bytes: pos..pos + len,
                unicode: (source != UnicodeSource::None).then_some(buf.as_str()),
                source,
                width,
                word_space: len == 1 && code == 32,
                v,
            });
            pos += len;
        }
    }

    /// FontMatrix: glyph space -> text space. [0.001,0,0,0.001,0,0] except
    /// Type3 (9.6.5).
    pub(crate) fn matrix(&self) -> [f64; 6] {
        self.matrix
    }

    /// Writing mode: true for vertical (Identity-V, CMaps with /WMode 1).
    pub(crate) fn is_vertical(&self) -> bool {
        self.vertical
    }

    /// A Type3 glyph's box in glyph space (llx, lly, urx, ury) from the
    /// `d1` operator of its glyph procedure; None for other fonts, for
    /// `d0` glyphs and for codes without a procedure.
    pub(crate) fn glyph_box(&self, code: u32) -> Option<[f64; 4]> {
        match &self.kind {
            Kind::Simple(s) => s.boxes.get(usize::try_from(code).ok()?).copied().flatten(),
            Kind::Composite(_) => None,
        }
    }

    /// Ascent in glyph space (thousandths of an em for all but Type3, where
    /// it is in the Type3 glyph space that `matrix()` maps). Positive.
    pub(crate) fn ascent(&self) -> f64 {
        self.ascent
    }

    /// Descent in glyph space, negative (see `ascent`).
    pub(crate) fn descent(&self) -> f64 {
        self.descent
    }

    /// The BaseFont name, subset prefix removed ("ABCDEF+Arial" -> "Arial").
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

/// A ToUnicode result in U+F020..U+F0FF follows the symbol-font convention of
/// the (3,0) cmap (0xF000 + code): read the low byte through the font's
/// likely encoding and call it a guess. Dingbat-like fonts keep the PUA char.
fn pua_guess(t: String, symbol_like: bool, keep: bool) -> (Option<String>, UnicodeSource) {
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && (0xF020..=0xF0FF).contains(&u32::from(c))
        && !keep
    {
        let code = (u32::from(c) & 0xFF) as u8;
        let g = guess_code(code, symbol_like, false);
        if g.0.is_some() {
            return g;
        }
    }
    (Some(t), UnicodeSource::ToUnicode)
}

/// [`pua_guess`] for a ToUnicode result held in a reusable buffer (composite
/// fonts): returns the source and rewrites `buf` when the guess applies.
fn pua_guess_in_place(buf: &mut String) -> UnicodeSource {
    let mut chars = buf.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && (0xF020..=0xF0FF).contains(&u32::from(c))
        && let (Some(g), src) = guess_code((u32::from(c) & 0xFF) as u8, false, false)
    {
        buf.clear();
        buf.push_str(&g);
        return src;
    }
    UnicodeSource::ToUnicode
}

/// Reads a code with no usable glyph name as WinAnsi (or the Symbol /
/// ZapfDingbats table for such fonts); codes below 0x20 stay unmapped.
fn guess_code(code: u8, symbol_like: bool, dingbats_like: bool) -> (Option<String>, UnicodeSource) {
    if code < 0x20 {
        return (None, UnicodeSource::None);
    }
    let enc = if symbol_like {
        BaseEncoding::Symbol
    } else if dingbats_like {
        BaseEncoding::ZapfDingbats
    } else {
        BaseEncoding::WinAnsi
    };
    match enc
        .name(code)
        .and_then(|n| glyph::to_unicode_in(n, dingbats_like))
    {
        Some(t) => (Some(t), UnicodeSource::Guessed),
        None => (None, UnicodeSource::None),
    }
}

/// Applies a /Differences array (9.6.6.1): a code, then names for
/// consecutive codes.
fn read_differences(
    doc: &Document,
    diffs: &[Object],
    names: &mut [Option<String>],
    problems: &mut Vec<String>,
) {
    let mut code: Option<i64> = None;
    let mut bad = false;
    for item in diffs {
        match deref(doc, item) {
            Some(Object::Integer(i)) => code = Some(*i),
            Some(Object::Real(r)) if r.fract() == 0.0 => code = Some(*r as i64),
            Some(Object::Name(n)) => {
                if let Some(c) = code {
                    if let Some(slot) = usize::try_from(c).ok().and_then(|c| names.get_mut(c)) {
                        *slot = Some(lossy(n));
                    } else {
                        bad = true;
                    }
                    code = Some(c.saturating_add(1));
                } else {
                    bad = true;
                }
            }
            _ => bad = true,
        }
    }
    if bad {
        problems.push("/Differences has malformed entries: they are skipped".into());
    }
}

/// The built-in encoding of an embedded Type1 font program: for FontFile the
/// "dup <code> /<name> put" lines of its clear-text part (Type 1 Font Format,
/// 2.3), for FontFile3 /Type1C the CFF Encoding and charset. None when the
/// font uses StandardEncoding or cannot be read.
fn type1_builtin_encoding(
    doc: &Document,
    desc: &Dictionary,
    problems: &mut Vec<String>,
) -> Option<Vec<Option<String>>> {
    let Ok(obj) = desc.get(b"FontFile") else {
        // A CFF program (FontFile3 /Subtype /Type1C) has its own tables.
        let obj = desc.get(b"FontFile3").ok()?;
        if let Some(Object::Stream(s)) = deref(doc, obj)
            && get_name(doc, &s.dict, b"Subtype") == Some(&b"Type1C"[..])
        {
            let data = stream_bytes(doc, obj, "type1c font program", problems)?;
            return cff::builtin_encoding(&data);
        }
        return None;
    };
    let data = stream_bytes(doc, obj, "type1 font program", problems)?;
    // The clear-text part ends at "eexec"; only look there.
    let end = data
        .windows(5)
        .position(|w| w == b"eexec")
        .unwrap_or(data.len().min(65536));
    let head = data.get(..end)?;
    let start = head.windows(9).position(|w| w == b"/Encoding")?;
    let enc = head.get(start + 9..)?;
    let mut names: Vec<Option<String>> = vec![None; 256];
    let mut found = false;
    let words: Vec<&[u8]> = enc
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .take(256 * 8)
        .collect();
    if words.first() == Some(&&b"StandardEncoding"[..]) {
        return None;
    }
    for (i, w) in words.iter().enumerate() {
        if *w == b"dup"
            && let (Some(code), Some(name)) = (words.get(i + 1), words.get(i + 2))
            && let Some(code) = std::str::from_utf8(code)
                .ok()
                .and_then(|s| s.parse::<usize>().ok())
            && let Some(name) = name.strip_prefix(b"/")
            && let Some(slot) = names.get_mut(code)
        {
            *slot = Some(lossy(name));
            found = true;
        }
        if *w == b"readonly" || (*w == b"def" && found) {
            break;
        }
    }
    found.then_some(names)
}

/// Most bytes of a Type3 glyph procedure read to find its `d0`/`d1`.
const MAX_CHAR_PROC: usize = 1 << 20;

/// The glyph box a Type3 glyph procedure declares (9.6.5, Table 113): its
/// first operator must be `d0` (no box: a coloured glyph) or `d1` (wx wy
/// llx lly urx ury), whose box encloses everything the glyph paints.
fn type3_glyph_box(doc: &Document, procs: &Dictionary, name: &str) -> Option<[f64; 4]> {
    let obj = procs.get(name.as_bytes()).ok()?;
    let Some(Object::Stream(s)) = deref(doc, obj) else {
        return None;
    };
    let data = s.get_plain_content_with_limit(MAX_CHAR_PROC).ok()?;
    let op = crate::lexer::Lexer::new(&data).next_op()?;
    if op.operator != "d1" {
        return None;
    }
    let from = op.operands.len().checked_sub(4)?;
    let v: Vec<f64> = op.operands.get(from..)?.iter().filter_map(num).collect();
    let [a, b, c, d] = <[f64; 4]>::try_from(v.as_slice()).ok()?;
    let r = [a.min(c), b.min(d), a.max(c), b.max(d)];
    // A box of zero area says nothing (a space); absurd ones are ignored.
    (r.iter().all(|x| x.is_finite() && x.abs() < 1e7) && r[2] > r[0] && r[3] > r[1]).then_some(r)
}

/// Validated Type3 FontMatrix (9.6.5): six finite numbers with a non-zero
/// determinant, else 0.001 scaling.
fn type3_matrix(doc: &Document, dict: &Dictionary, problems: &mut Vec<String>) -> [f64; 6] {
    let fallback = [0.001, 0.0, 0.0, 0.001, 0.0, 0.0];
    let Some(arr) = get_array(doc, dict, b"FontMatrix") else {
        problems.push("type3 font has no /FontMatrix: using 0.001".into());
        return fallback;
    };
    let vals: Vec<f64> = arr
        .iter()
        .filter_map(|o| deref(doc, o).and_then(num))
        .collect();
    let Ok(m) = <[f64; 6]>::try_from(vals.as_slice()) else {
        problems.push("type3 /FontMatrix is not six numbers: using 0.001".into());
        return fallback;
    };
    let det = m[0] * m[3] - m[1] * m[2];
    if !det.is_finite() || det.abs() < 1e-12 || m.iter().any(|v| v.abs() > 1e6) {
        problems.push("type3 /FontMatrix is degenerate: using 0.001".into());
        return fallback;
    }
    m
}

/// Type3 ascent/descent in glyph space: the FontBBox when it spans a
/// plausible height (0.05 to 20 em), else the descriptor's values (in
/// thousandths of an em, converted), else 0.95 / -0.35 em. Note poppler
/// always uses 0.95 / -0.35 em for Type3 text boxes and rescales the font
/// size by the width of 'm'; the interpreter decides what to do with this.
fn type3_ascent_descent(
    doc: &Document,
    bbox: Option<&[Object]>,
    desc: Option<&Dictionary>,
    m: &[f64; 6],
    problems: &mut Vec<String>,
) -> (f64, f64) {
    // Glyph-space units per em along y.
    let y_scale = (m[2] * m[2] + m[3] * m[3]).sqrt();
    let per_em = if y_scale > 0.0 { 1.0 / y_scale } else { 1000.0 };
    if let Some(b) = bbox {
        let v: Vec<f64> = b
            .iter()
            .filter_map(|o| deref(doc, o).and_then(num))
            .collect();
        if let [_, lly, _, ury] = v.as_slice() {
            let (lo, hi) = (lly.min(*ury), lly.max(*ury));
            let h = (hi - lo) / per_em;
            if (0.05..=20.0).contains(&h) {
                // The bbox may sit entirely above the baseline; descent <= 0.
                return (hi.max(0.0), lo.min(0.0));
            }
        }
    }
    let (a, d) = descriptor_ascent_descent(doc, desc);
    if let (Some(a), Some(d)) = (a, d) {
        return (a / 1000.0 * per_em, d / 1000.0 * per_em);
    }
    problems.push("type3 font has no usable /FontBBox: ascent 0.95 em, descent -0.35 em".into());
    (0.95 * per_em, -0.35 * per_em)
}

/// Parses a CIDFont /W (n = 1) or /W2 (n = 3) array (9.7.4.3): entries
/// `c [v ...]` (groups of n per CID) and `cfirst clast v...`. Returns sorted
/// (first, last, values) runs; bounded.
fn parse_w(
    doc: &Document,
    w: &[Object],
    n: usize,
    problems: &mut Vec<String>,
) -> Vec<(u32, u32, [f64; 3])> {
    let mut out: Vec<(u32, u32, [f64; 3])> = Vec::new();
    let group_of = |g: &[f64]| {
        let v = |i: usize| g.get(i).copied().unwrap_or(0.0);
        [v(0), v(1), v(2)]
    };
    let cid_of =
        |v: f64| -> Option<u32> { (v >= 0.0 && v <= f64::from(u32::MAX)).then_some(v as u32) };
    let mut i = 0;
    let mut bad = false;
    while i < w.len() {
        if out.len() >= MAX_WIDTH_ENTRIES {
            problems.push("cidfont width array is too long: the rest is ignored".into());
            break;
        }
        let Some(first) = w
            .get(i)
            .and_then(|o| deref(doc, o))
            .and_then(num)
            .and_then(cid_of)
        else {
            bad = true;
            i += 1;
            continue;
        };
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                let vals: Vec<f64> = list
                    .iter()
                    .map(|o| deref(doc, o).and_then(num).unwrap_or(0.0))
                    .collect();
                for (k, group) in vals.chunks_exact(n).enumerate() {
                    if out.len() >= MAX_WIDTH_ENTRIES {
                        break;
                    }
                    let cid = first.saturating_add(u32::try_from(k).unwrap_or(u32::MAX));
                    out.push((cid, cid, group_of(group)));
                }
                i += 2;
            }
            Some(o) => {
                let Some(last) = num(o).and_then(cid_of) else {
                    bad = true;
                    i += 2;
                    continue;
                };
                let vals: Vec<f64> = (0..n)
                    .filter_map(|k| w.get(i + 2 + k).and_then(|o| deref(doc, o)).and_then(num))
                    .collect();
                if vals.len() == n && last >= first {
                    out.push((first, last, group_of(&vals)));
                } else {
                    bad = true;
                }
                i += 2 + n;
            }
            None => {
                bad = true;
                break;
            }
        }
    }
    if bad {
        problems.push("cidfont width array has malformed entries: they are skipped".into());
    }
    out.sort_by_key(|r| r.0);
    out
}

/// The GID -> Unicode fallback of a CIDFontType2 with an embedded TrueType
/// program (FontFile2) and an Identity or stream CIDToGIDMap (9.7.4.2).
fn truetype_unicode(
    doc: &Document,
    cid_dict: &Dictionary,
    problems: &mut Vec<String>,
) -> Option<GidUnicode> {
    if get_name(doc, cid_dict, b"Subtype") != Some(&b"CIDFontType2"[..]) {
        return None;
    }
    let desc = get_dict(doc, cid_dict, b"FontDescriptor")?;
    let program = stream_bytes(
        doc,
        desc.get(b"FontFile2").ok()?,
        "truetype font program",
        problems,
    )?;
    let unicode = truetype::gid_to_unicode(&program)?;
    let cid_to_gid = match cid_dict.get(b"CIDToGIDMap").ok() {
        None => None,
        Some(o) => match deref(doc, o) {
            Some(Object::Stream(_)) => Some(stream_bytes(doc, o, "cidtogidmap", problems)?),
            _ => None,
        },
    };
    Some(GidUnicode {
        cid_to_gid,
        unicode,
    })
}

/// Which predefined Unicode CMaps have codes that are Unicode (9.7.5.2,
/// Table 118: Uni*-UCS2-H/V, Uni*-UTF16-H/V; also the UTF8/UTF32 ones Adobe
/// publishes).
fn unicode_cmap_kind(name: &str) -> Option<CodeUnicode> {
    if !name.starts_with("Uni") {
        return None;
    }
    if name.contains("-UCS2-") {
        Some(CodeUnicode::Ucs2)
    } else if name.contains("-UTF16-") {
        Some(CodeUnicode::Utf16)
    } else if name.contains("-UTF8-") {
        Some(CodeUnicode::Utf8)
    } else if name.contains("-UTF32-") {
        Some(CodeUnicode::Utf32)
    } else {
        None
    }
}

/// Reads a code of a Unicode CMap as text into `buf`; false when it is not
/// a valid (non-control) character.
fn code_to_unicode(kind: CodeUnicode, code: u32, len: usize, buf: &mut String) -> bool {
    let c = match kind {
        CodeUnicode::Ucs2 | CodeUnicode::Utf32 => char::from_u32(code),
        CodeUnicode::Utf16 if len == 4 => {
            char::decode_utf16([(code >> 16) as u16, (code & 0xFFFF) as u16])
                .next()
                .and_then(Result::ok)
        }
        CodeUnicode::Utf16 => char::from_u32(code),
        CodeUnicode::Utf8 => {
            let bytes = code.to_be_bytes();
            let start = 4usize.saturating_sub(len);
            bytes
                .get(start..)
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|s| {
                    let mut it = s.chars();
                    it.next().filter(|_| it.next().is_none())
                })
        }
    };
    match c {
        Some(c) if !c.is_control() => {
            buf.push(c);
            true
        }
        _ => false,
    }
}

/// Codespace ranges of the predefined CJK CMaps we do not carry, by the
/// encoding scheme in the name (Adobe's CMap resources; ISO 32000-1 Table 118).
fn predefined_codespace(name: &str) -> CodeSpace {
    let pairs: &[(&[u8], &[u8])] = if name.contains("RKSJ") {
        &[
            (b"\x00", b"\x80"),
            (b"\xA0", b"\xDF"),
            (b"\x81\x40", b"\x9F\xFC"),
            (b"\xE0\x40", b"\xFC\xFC"),
        ]
    } else if name.contains("EUC") {
        &[
            (b"\x00", b"\x80"),
            (b"\x8E\xA0", b"\x8E\xDF"),
            (b"\xA1\xA1", b"\xFE\xFE"),
            (b"\x8F\xA1\xA1", b"\x8F\xFE\xFE"),
        ]
    } else if name.contains("GBK") || name.contains("GBpc") {
        &[(b"\x00", b"\x80"), (b"\x81\x40", b"\xFE\xFE")]
    } else if name.contains("B5") || name.contains("HKscs") || name.contains("ETen") {
        &[(b"\x00", b"\x80"), (b"\xA1\x40", b"\xFE\xFE")]
    } else if name.contains("UHC") || name.contains("KSC") {
        &[(b"\x00", b"\x80"), (b"\x81\x41", b"\xFE\xFE")]
    } else {
        return CodeSpace::fixed(2);
    };
    CodeSpace::from_pairs(pairs)
}

/// Loads an embedded CMap stream with its usecmap chain (a /UseCMap stream or
/// name in the dictionary, or `usecmap` in the text). Returns the merged
/// CMap and whether it rests on Identity-H/V. Cycles and deep chains stop.
fn load_embedded_cmap(
    doc: &Document,
    obj: &Object,
    depth: usize,
    seen: &mut Vec<lopdf::ObjectId>,
    problems: &mut Vec<String>,
) -> Option<(CMap, bool)> {
    if depth > MAX_USECMAP_DEPTH {
        problems.push("encoding cmap usecmap chain is too deep: cut".into());
        return None;
    }
    if let Ok(id) = obj.as_reference() {
        if seen.contains(&id) {
            problems.push("encoding cmap usecmap chain has a cycle: cut".into());
            return None;
        }
        seen.push(id);
    }
    let data = stream_bytes(doc, obj, "encoding cmap", problems)?;
    let mut cmap = CMap::parse(&data, "encoding cmap", problems);
    let dict = match deref(doc, obj) {
        Some(Object::Stream(s)) => Some(&s.dict),
        _ => None,
    };
    if let Some(d) = dict
        && get_num(doc, d, b"WMode") == Some(1.0)
    {
        cmap.vertical = true;
    }
    let mut identity = false;
    match dict.and_then(|d| d.get(b"UseCMap").ok()) {
        Some(base) => match deref(doc, base) {
            Some(Object::Name(n)) => identity = n.starts_with(b"Identity"),
            Some(Object::Stream(_)) => {
                if let Some((b, id)) = load_embedded_cmap(doc, base, depth + 1, seen, problems) {
                    cmap.merge_base(b);
                    identity = id;
                }
            }
            _ => problems.push("encoding cmap /UseCMap is unusable: ignored".into()),
        },
        None => {
            if let Some(name) = &cmap.usecmap {
                identity = name.starts_with("Identity");
                if !identity && cmap.codespace.is_empty() {
                    cmap.codespace = predefined_codespace(name);
                }
            }
        }
    }
    Some((cmap, identity))
}

#[cfg(test)]
mod tests;
