//! Glyph names and simple-font encodings: glyph name -> Unicode (Adobe Glyph
//! List plus the AGL specification's `uniXXXX` / `uXXXX` forms) and the
//! predefined code -> glyph name tables of ISO 32000-1 Annex D.

use super::tables;

/// A predefined simple-font encoding (ISO 32000-1 9.6.6.1, Annex D) or a
/// built-in encoding of a standard font.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BaseEncoding {
    /// StandardEncoding (Adobe standard Latin).
    Standard,
    /// WinAnsiEncoding (Windows code page 1252).
    WinAnsi,
    /// MacRomanEncoding.
    MacRoman,
    /// MacExpertEncoding.
    MacExpert,
    /// PDFDocEncoding: not a font encoding by the standard, but written as
    /// one by some producers.
    PdfDoc,
    /// The built-in encoding of the Symbol font.
    Symbol,
    /// The built-in encoding of the ZapfDingbats font.
    ZapfDingbats,
}

impl BaseEncoding {
    /// Parses an /Encoding or /BaseEncoding name.
    pub(super) fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        Some(match name {
            b"StandardEncoding" => BaseEncoding::Standard,
            b"WinAnsiEncoding" => BaseEncoding::WinAnsi,
            b"MacRomanEncoding" => BaseEncoding::MacRoman,
            b"MacExpertEncoding" => BaseEncoding::MacExpert,
            b"PDFDocEncoding" => BaseEncoding::PdfDoc,
            // Not valid PDF, but seen in the wild.
            b"SymbolEncoding" | b"SymbolSetEncoding" => BaseEncoding::Symbol,
            b"ZapfDingbatsEncoding" => BaseEncoding::ZapfDingbats,
            _ => return None,
        })
    }

    /// The code -> glyph name table ("" for undefined codes).
    pub(super) fn table(self) -> &'static [&'static str; 256] {
        match self {
            BaseEncoding::Standard => &tables::STANDARD,
            BaseEncoding::WinAnsi => &tables::WIN_ANSI,
            BaseEncoding::MacRoman => &tables::MAC_ROMAN,
            BaseEncoding::MacExpert => &tables::MAC_EXPERT,
            BaseEncoding::PdfDoc => &tables::PDF_DOC,
            BaseEncoding::Symbol => &tables::SYMBOL,
            BaseEncoding::ZapfDingbats => &tables::ZAPF_DINGBATS,
        }
    }

    /// The glyph name of `code`, if the encoding defines one.
    pub(super) fn name(self, code: u8) -> Option<&'static str> {
        self.table()
            .get(usize::from(code))
            .copied()
            .filter(|n| !n.is_empty())
    }
}

/// Looks a name up in the generated Adobe Glyph List (plus ZapfDingbats names).
fn agl(name: &str) -> Option<&'static str> {
    tables::GLYPH_LIST
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .and_then(|i| tables::GLYPH_LIST.get(i))
        .map(|(_, u)| *u)
}

/// Glyph names whose AGL value lies in the private use area although a plain
/// character exists (Symbol's serif and sans-serif variants).
fn symbol_variant(name: &str) -> Option<&'static str> {
    Some(match name {
        "registerserif" | "registersans" => "\u{ae}",
        "copyrightserif" | "copyrightsans" => "\u{a9}",
        "trademarkserif" | "trademarksans" => "\u{2122}",
        _ => return None,
    })
}

/// True for names that carry no character identity: "g123", "G12", "cid123",
/// "glyph12", "index12", "gid12" (glyph or CID numbers written by subsetters),
/// "a65" (outside ZapfDingbats).
pub(super) fn is_unnamed(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    ["glyph", "index", "gid", "cid", "g", "G", "a"]
        .iter()
        .any(|p| name.strip_prefix(p).is_some_and(digits))
}

/// The two hex digits of a name of the form "Axx" or "xx" ('A' any letter),
/// with their value. Some Type3 and converted fonts name glyphs by code in
/// hex ("G41", "2F"); poppler reads such names once the font shows one with
/// a hex letter among the digits (so "a10" alone stays ambiguous).
pub(super) fn hex_name(name: &str) -> Option<(u8, bool)> {
    let b = name.as_bytes();
    let digits = match b {
        [l, h1, h2] if l.is_ascii_alphabetic() => [*h1, *h2],
        [h1, h2] => [*h1, *h2],
        _ => return None,
    };
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let letter = if b.len() == 2 {
        digits[1].is_ascii_alphabetic()
    } else {
        digits.iter().any(u8::is_ascii_alphabetic)
    };
    let s = std::str::from_utf8(&digits).ok()?;
    u8::from_str_radix(s, 16).ok().map(|v| (v, letter))
}

/// Parses `len`-digit hexadecimal groups into a Unicode scalar value.
fn hex_scalar(s: &str) -> Option<char> {
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok().and_then(char::from_u32)
}

/// The AGL specification's "uniXXXX[XXXX...]" form: groups of four hex
/// digits, each a BMP value outside the surrogate range.
fn uni_form(rest: &str) -> Option<String> {
    if rest.is_empty() || !rest.len().is_multiple_of(4) || !rest.is_ascii() {
        return None;
    }
    let mut out = String::new();
    for i in (0..rest.len()).step_by(4) {
        out.push(hex_scalar(rest.get(i..i + 4)?)?);
    }
    Some(out)
}

/// Maps one name component (no '.' suffix, no '_' ligature joiner).
fn component(name: &str) -> Option<String> {
    if let Some(u) = symbol_variant(name).or_else(|| agl(name)) {
        return Some(u.to_string());
    }
    if let Some(rest) = name.strip_prefix("uni")
        && let Some(s) = uni_form(rest)
    {
        return Some(s);
    }
    if let Some(rest) = name.strip_prefix('u')
        && (4..=6).contains(&rest.len())
    {
        return hex_scalar(rest).map(String::from);
    }
    None
}

/// True for the ZapfDingbats glyph names "a1".."a191" (and any "a<digits>"),
/// which mean a dingbat only in a ZapfDingbats font: Type3 and subset fonts
/// use "a65" style names for plain characters (poppler likewise maps them
/// only for fonts named ZapfDingbats).
fn is_dingbat_name(name: &str) -> bool {
    name.strip_prefix('a')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Glyph name -> Unicode text for a font that is not ZapfDingbats:
/// [`to_unicode_in`] with dingbat names excluded.
pub(super) fn to_unicode(name: &str) -> Option<String> {
    to_unicode_in(name, false)
}

/// Glyph name -> Unicode text by the Adobe Glyph List specification: the AGL
/// itself, "uniXXXX" (possibly several groups), "uXXXX".."uXXXXXX", a
/// ".suffix" stripped ("a.sc" -> "a") and '_' ligatures mapped component by
/// component ("f_i" -> "fi"). Unnamed glyphs ("g12", "cid3") give None; so do
/// ZapfDingbats names ("a20") unless `dingbats` is set.
pub(super) fn to_unicode_in(name: &str, dingbats: bool) -> Option<String> {
    if !dingbats && is_dingbat_name(name) {
        return None;
    }
    if let Some(s) = component(name) {
        return Some(s);
    }
    let base = match name.find('.') {
        Some(0) | None => name,
        Some(i) => name.get(..i)?,
    };
    if base.is_empty() || base.starts_with('.') {
        return None;
    }
    if base != name
        && let Some(s) = component(base)
    {
        return Some(s);
    }
    if base.contains('_') {
        let mut out = String::new();
        for part in base.split('_') {
            out.push_str(&component(part)?);
        }
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agl_names() {
        assert_eq!(to_unicode("A").as_deref(), Some("A"));
        assert_eq!(to_unicode("eacute").as_deref(), Some("é"));
        assert_eq!(to_unicode("quotedblleft").as_deref(), Some("\u{201c}"));
        assert_eq!(to_unicode("fi").as_deref(), Some("\u{fb01}"));
        assert_eq!(to_unicode("Euro").as_deref(), Some("€"));
        assert_eq!(to_unicode_in("a20", true).as_deref(), Some("\u{2714}"));
        assert_eq!(to_unicode("a20"), None);
        assert!(is_unnamed("a65"));
        assert_eq!(to_unicode("registerserif").as_deref(), Some("®"));
        assert_eq!(to_unicode("nosuchglyph"), None);
    }

    #[test]
    fn agl_spec_forms() {
        assert_eq!(to_unicode("uni0041").as_deref(), Some("A"));
        assert_eq!(to_unicode("uni00410042").as_deref(), Some("AB"));
        assert_eq!(to_unicode("uniD800"), None);
        assert_eq!(to_unicode("uni004"), None);
        assert_eq!(to_unicode("u1F600").as_deref(), Some("😀"));
        assert_eq!(to_unicode("u0041").as_deref(), Some("A"));
        assert_eq!(to_unicode("u110000"), None);
        assert_eq!(to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(to_unicode("f_i").as_deref(), Some("fi"));
        assert_eq!(to_unicode("f_f_i.liga").as_deref(), Some("ffi"));
        assert_eq!(to_unicode("uni0041.alt").as_deref(), Some("A"));
        assert_eq!(to_unicode(".notdef"), None);
        assert_eq!(to_unicode("g123"), None);
        assert!(is_unnamed("g123"));
        assert!(is_unnamed("cid77"));
        assert!(is_unnamed("glyph12"));
        assert!(!is_unnamed("g"));
        assert!(!is_unnamed("gacute"));
        assert_eq!(hex_name("G4A"), Some((0x4A, true)));
        assert_eq!(hex_name("G41"), Some((0x41, false)));
        assert_eq!(hex_name("2F"), Some((0x2F, true)));
        assert_eq!(hex_name("a1"), Some((0xA1, false)));
        assert_eq!(hex_name("a123"), None);
        assert_eq!(hex_name("Gxx"), None);
    }

    #[test]
    fn encodings() {
        assert_eq!(BaseEncoding::WinAnsi.name(0x80), Some("Euro"));
        assert_eq!(BaseEncoding::WinAnsi.name(0xAD), Some("hyphen"));
        assert_eq!(BaseEncoding::Standard.name(0x27), Some("quoteright"));
        assert_eq!(BaseEncoding::Standard.name(0xE9), Some("Oslash"));
        assert_eq!(BaseEncoding::MacRoman.name(0x8E), Some("eacute"));
        assert_eq!(BaseEncoding::Symbol.name(0x61), Some("alpha"));
        assert_eq!(BaseEncoding::ZapfDingbats.name(0x34), Some("a20"));
        assert_eq!(BaseEncoding::Standard.name(0x05), None);
        assert_eq!(
            BaseEncoding::from_name(b"MacExpertEncoding"),
            Some(BaseEncoding::MacExpert)
        );
        assert_eq!(BaseEncoding::from_name(b"Foo"), None);
    }

    #[test]
    fn glyph_list_is_sorted() {
        assert!(
            tables::GLYPH_LIST
                .windows(2)
                .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes())
        );
        assert!(tables::GLYPH_LIST.len() > 4400);
    }
}
