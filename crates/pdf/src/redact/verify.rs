//! Proving the output: read it back with our own interpreter and search
//! every string and decompressed stream for each redacted value.

use lopdf::Object;

use super::collect::{quads_meet, shrink};
use super::{Area, RedactOptions, RedactionReport};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::interp::decode_text_string;

/// How a value is searched for.
#[derive(Clone, Debug)]
pub(super) struct Needle {
    /// The value as given (for the masked message).
    original: String,
    /// Digits only (numbers) or lowercase without white space (words).
    folded: String,
    numeric: bool,
}

/// Numbers of at most this many digits count as found only where they
/// stand as a number of their own (see [`Needle::found_in_folded`]);
/// longer ones count anywhere inside a run of digits.
const WHOLE_NUMBER_DIGITS: usize = 6;

/// Characters that may sit between the digits of a number as written
/// ("4111 1111-1111", "(555) 123.4567").
fn is_number_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '\u{a0}' | '\t')
}

impl Needle {
    /// None for a value with nothing to search (blank, or under 2 folded
    /// characters: searching for it would fail every file).
    pub fn new(value: &str) -> Option<Needle> {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        let has_letters = value.chars().any(char::is_alphabetic);
        let (folded, numeric) = if digits.len() >= 4 && !has_letters {
            (digits, true)
        } else {
            (fold_words(value), false)
        };
        if folded.chars().count() < 2 {
            return None;
        }
        Some(Needle {
            original: value.to_string(),
            folded,
            numeric,
        })
    }

    /// Whether the value is too short to be searched for across the file:
    /// three folded characters or fewer ("826", "MD") occur by chance in
    /// almost any document, so such a value is proven gone only by its
    /// area (no glyph survives inside it), not by a file-wide search.
    pub fn is_short(&self) -> bool {
        self.folded.chars().count() < 4
    }

    /// Whether the value occurs in `hay`.
    pub fn found_in(&self, hay: &str) -> bool {
        self.found_in_folded(&Hay::new(hay))
    }

    /// Whether the value occurs in a haystack folded once for many needles.
    /// A short value ([`Needle::is_short`]) counts only where it stands as
    /// its own token: not next to a letter on a letter side or a digit on a
    /// digit side ("904" in "CVV 904" and "cvv904", not in "D:20240904"),
    /// so that scrubbing it does not blank dates, names and ids that merely
    /// contain its characters.
    pub fn found_in_folded(&self, hay: &Hay) -> bool {
        if self.is_short() {
            return short_token_in(&self.original, hay.raw);
        }
        if self.numeric {
            if self.folded.len() > WHOLE_NUMBER_DIGITS {
                return hay.digits.contains(&self.folded);
            }
            // A number of a few digits (an expiration "09/27", a ZIP) is
            // found where it stands as a number of its own, not inside a
            // longer one: "0927" sits by chance in a time stamp
            // (D:20261130190927) or an account number; what was drawn in
            // its place is proven gone by the area check.
            number_token_in(&self.folded, hay.raw)
        } else {
            hay.words.contains(&self.folded)
        }
    }

    /// The value masked for messages: all but the last four characters
    /// hidden.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.original.chars().collect();
        let keep = if chars.len() > 6 { 4 } else { 1 };
        let tail: String = chars[chars.len().saturating_sub(keep)..].iter().collect();
        format!("…{tail}")
    }
}

/// Whether the digits `want` occur in `hay` as a number of their own: not
/// preceded or followed by a digit, number separators allowed between them
/// ("98402" in "WA 98402 (253)", "0927" in "Exp 09/27").
fn number_token_in(want: &str, hay: &str) -> bool {
    let Some(first) = want.chars().next() else {
        return false;
    };
    // Walks the haystack in place, no copy of it: this runs for every value
    // against every string and stream of the file.
    let mut prev: Option<char> = None;
    for (i, c) in hay.char_indices() {
        let starts = c == first && !prev.is_some_and(|p| p.is_ascii_digit());
        prev = Some(c);
        if !starts {
            continue;
        }
        let mut rest = hay[i..].chars().peekable();
        let mut matched = true;
        for (k, w) in want.chars().enumerate() {
            if k > 0 {
                while rest.next_if(|&c| is_number_separator(c)).is_some() {}
            }
            if rest.next() != Some(w) {
                matched = false;
                break;
            }
        }
        if matched && !rest.peek().is_some_and(char::is_ascii_digit) {
            return true;
        }
    }
    false
}

/// Whether `value` (trimmed, case-folded, inner white space free) occurs in
/// `hay` with a token boundary on both sides (see
/// [`Needle::found_in_folded`]).
fn short_token_in(value: &str, hay: &str) -> bool {
    let want: Vec<char> = value
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let (Some(&first), Some(&last)) = (want.first(), want.last()) else {
        return false;
    };
    let chars: Vec<char> = hay.chars().flat_map(char::to_lowercase).collect();
    let same_class = |a: char, b: char| {
        (a.is_alphabetic() && b.is_alphabetic()) || (a.is_ascii_digit() && b.is_ascii_digit())
    };
    'start: for i in 0..chars.len() {
        if chars[i] != first || (i > 0 && same_class(chars[i - 1], first)) {
            continue;
        }
        // Match, letting white space in the hay sit between characters.
        let mut j = i;
        for &c in &want {
            while chars.get(j).is_some_and(|h| h.is_whitespace()) && j > i {
                j += 1;
            }
            if chars.get(j) != Some(&c) {
                continue 'start;
            }
            j += 1;
        }
        if chars.get(j).is_some_and(|&next| same_class(last, next)) {
            continue;
        }
        return true;
    }
    false
}

/// A haystack folded both ways: the digits of each run of digits and
/// number separators (runs kept apart by `|`), and the words form; and
/// the text itself, for short values.
pub(super) struct Hay<'a> {
    raw: &'a str,
    digits: String,
    words: String,
}

impl<'a> Hay<'a> {
    pub fn new(hay: &'a str) -> Hay<'a> {
        let mut digits = String::new();
        let mut in_run = false;
        for c in hay.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                in_run = true;
            } else if is_number_separator(c) {
                continue;
            } else if in_run {
                digits.push('|');
                in_run = false;
            }
        }
        Hay {
            raw: hay,
            digits,
            words: fold_words(hay),
        }
    }
}

/// Lowercase, white space removed.
pub(super) fn fold_words(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Latin-1 reading of bytes (every byte a char), for searching streams.
fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// The string operands of a content stream, found without our lexer or
/// fonts: every literal `( ... )` (escapes and balanced parentheses,
/// 7.3.4.2) and hex `< ... >` string (7.3.4.3) in the bytes, in order.
/// This is the verification's independent path: it does not depend on
/// the interpreter's tokenizer, font encodings or ToUnicode maps, so a
/// mapping mistake there cannot hide a value that the bytes still spell.
fn raw_string_operands(data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0usize;
    while let Some(&c) = data.get(i) {
        match c {
            b'%' => {
                while data.get(i).is_some_and(|&b| b != b'\n' && b != b'\r') {
                    i += 1;
                }
            }
            b'(' => {
                let mut s = Vec::new();
                let mut depth = 1usize;
                i += 1;
                while let Some(&b) = data.get(i) {
                    i += 1;
                    match b {
                        b'\\' => {
                            let Some(&e) = data.get(i) else { break };
                            i += 1;
                            match e {
                                b'n' => s.push(b'\n'),
                                b'r' => s.push(b'\r'),
                                b't' => s.push(b'\t'),
                                b'b' => s.push(8),
                                b'f' => s.push(12),
                                b'0'..=b'7' => {
                                    let mut v = u32::from(e - b'0');
                                    for _ in 0..2 {
                                        match data.get(i) {
                                            Some(&d @ b'0'..=b'7') => {
                                                v = v * 8 + u32::from(d - b'0');
                                                i += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    s.push((v & 0xff) as u8);
                                }
                                b'\r' | b'\n' => {
                                    if e == b'\r' && data.get(i) == Some(&b'\n') {
                                        i += 1;
                                    }
                                }
                                other => s.push(other),
                            }
                        }
                        b'(' => {
                            depth += 1;
                            s.push(b);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            s.push(b);
                        }
                        _ => s.push(b),
                    }
                }
                out.push(s);
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => {
                let mut s = Vec::new();
                let mut hi: Option<u8> = None;
                i += 1;
                while let Some(&b) = data.get(i) {
                    i += 1;
                    let v = match b {
                        b'0'..=b'9' => b - b'0',
                        b'a'..=b'f' => b - b'a' + 10,
                        b'A'..=b'F' => b - b'A' + 10,
                        b'>' => break,
                        _ => continue,
                    };
                    match hi.take() {
                        Some(h) => s.push(h << 4 | v),
                        None => hi = Some(v),
                    }
                }
                if let Some(h) = hi {
                    s.push(h << 4);
                }
                out.push(s);
            }
            _ => i += 1,
        }
    }
    out
}

/// The string operands of a content stream read the two simplest ways,
/// each joined in order: every byte as a Latin-1 character (single-byte
/// fonts with a standard or WinAnsi encoding), and every pair of bytes as
/// UTF-16BE (two-byte fonts whose codes are Unicode).
pub(super) fn content_strings(data: &[u8]) -> (String, String) {
    let strings = raw_string_operands(data);
    let mut latin = String::new();
    let mut wide = String::new();
    for s in &strings {
        latin.extend(s.iter().map(|&c| char::from(c)));
        if s.len() % 2 == 0 {
            let units = s.chunks(2).map(|p| u16::from_be_bytes([p[0], p[1]]));
            wide.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')));
        }
    }
    (latin, wide)
}

/// Every string in an object (not following references), decoded as a text
/// string, with its key path.
pub(super) fn strings_of(o: &Object, path: &str, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > 32 {
        return;
    }
    match o {
        Object::String(s, _) => out.push((path.to_string(), decode_text_string(s))),
        Object::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                strings_of(x, &format!("{path}[{i}]"), out, depth + 1);
            }
        }
        Object::Dictionary(d) => {
            for (k, v) in d.iter() {
                strings_of(
                    v,
                    &format!("{path}/{}", String::from_utf8_lossy(k)),
                    out,
                    depth + 1,
                );
            }
        }
        Object::Stream(s) => {
            for (k, v) in s.dict.iter() {
                strings_of(
                    v,
                    &format!("{path}/{}", String::from_utf8_lossy(k)),
                    out,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

/// Reloads `bytes` and fails on the first value found anywhere, or on
/// the first glyph (other than a mark's label) that still lies inside an
/// area.
///
/// Three checks: (1) our own text extraction of every page; (2) every
/// string of every object and every decompressed stream, content streams
/// through an independent reading of their string operands (Latin-1 and
/// UTF-16BE, no font involved); (3) per area, that no glyph's shrunk box
/// still meets it. Values of four or more folded characters go through
/// (1) and (2); shorter ones ("826", a CVV) would be found by chance in
/// nearly every file, so they rest on (3), which proves what was drawn in
/// their place is gone, and on the scrub of strings outside the content.
pub(super) fn verify(
    bytes: &[u8],
    values: &[String],
    areas: &[Area],
    opts: &RedactOptions,
    report: &mut RedactionReport,
) -> Result<()> {
    let all: Vec<Needle> = values.iter().filter_map(|v| Needle::new(v)).collect();
    let skipped = values.len() - all.len();
    let (short, needles): (Vec<Needle>, Vec<Needle>) = all.into_iter().partition(Needle::is_short);
    if skipped > 0 {
        report.warnings.push(format!(
            "{skipped} value(s) too short to verify (fewer than two characters to search)"
        ));
    }
    let doc = match &opts.encrypt_output {
        Some((user, _)) => Document::open_with_password(bytes, user),
        None => Document::open(bytes),
    }
    .map_err(|e| Error::Save(format!("the saved file cannot be read back: {e}")))?;
    let leak = |n: &Needle, page: Option<u32>, place: String| Error::RedactionLeak {
        value: n.masked(),
        page,
        place,
    };
    // 1. Our own extraction, page by page.
    let mut content_objects = std::collections::HashSet::new();
    for p in 1..=doc.page_count() {
        let text = doc.page_text(p)?;
        for s in &text.streams {
            if let Some(id) = s.object {
                content_objects.insert(id);
            }
        }
        let hay = Hay::new(&text.text);
        for n in &needles {
            if n.found_in_folded(&hay) {
                return Err(leak(n, Some(p), "the extracted page text".into()));
            }
        }
        // 3. No glyph left inside an area. The marks' labels are the only
        // glyphs that may sit there; their streams open with MARK_TAG.
        let quads: Vec<(usize, &crate::geom::Quad)> = areas
            .iter()
            .enumerate()
            .filter(|(_, a)| a.page == p)
            .flat_map(|(i, a)| a.quads.iter().map(move |q| (i, q)))
            .collect();
        if quads.is_empty() {
            continue;
        }
        // The page part that holds the marks, found (from the last part
        // back) only when a glyph sits inside an area. That part and any
        // after it (a Bates stamp) are this call's own drawing.
        let mut mark_part: Option<Option<usize>> = None;
        for g in &text.glyphs {
            let q = shrink(
                &g.glyph.quad.transform(&text.geometry.to_view),
                opts.glyph_shrink,
            );
            let Some(&(area, _)) = quads.iter().find(|(_, a)| quads_meet(&q, a)) else {
                continue;
            };
            let marks = *mark_part.get_or_insert_with(|| find_mark_part(&doc, &text.streams));
            let part = match text.streams.get(g.glyph.origin.op.stream).map(|s| &s.kind) {
                Some(crate::interp::StreamKind::PageContent { part }) => Some(*part),
                _ => None,
            };
            let ours = matches!((part, marks), (Some(part), Some(m)) if part >= m);
            if !ours {
                return Err(Error::RedactionLeak {
                    value: "drawn in an area".into(),
                    page: Some(p),
                    place: format!("a glyph still lies inside redaction area {area}"),
                });
            }
        }
    }
    // 2. Every object: its strings, and its stream decompressed.
    let inner = doc.lopdf();
    let limit = doc.limits().max_stream_bytes;
    let font_data = font_streams(inner);
    // The save wrote the Info dictionary's /ModDate from the clock: its
    // digits are ours, not the input's, and a value may match them by chance.
    let info = match inner.trailer.get(b"Info") {
        Ok(Object::Reference(r)) => Some(*r),
        _ => None,
    };
    for (id, obj) in &inner.objects {
        let mut strings = Vec::new();
        strings_of(obj, "", &mut strings, 0);
        for (path, s) in &strings {
            if Some(*id) == info && path == "/ModDate" {
                continue;
            }
            let hay = Hay::new(s);
            for n in &needles {
                if n.found_in_folded(&hay) {
                    return Err(leak(
                        n,
                        None,
                        format!("object {} {} string {path}", id.0, id.1),
                    ));
                }
            }
        }
        let Object::Stream(st) = obj else { continue };
        let subtype = st.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok());
        // Pixels and font programs are binary: a digit search there finds
        // noise, and the text they draw is checked through the extraction.
        if subtype == Some(b"Image".as_slice()) || font_data.contains(id) {
            continue;
        }
        let data = match st.decompressed_content_with_limit(limit) {
            Ok(d) => d,
            Err(_) if st.filters().map(|f| f.is_empty()).unwrap_or(true) => st.content.clone(),
            Err(e) => {
                report.warnings.push(format!(
                    "object {} {}: a stream could not be decompressed to be searched ({e})",
                    id.0, id.1
                ));
                // Unreadable to us is not proof of absence: search the raw bytes.
                st.content.clone()
            }
        };
        let is_content = content_objects.contains(id) || subtype == Some(b"Form".as_slice());
        let (latin, wide) = if is_content {
            let (latin, wide) = content_strings(&data);
            (latin, Some(wide))
        } else {
            (latin1(&data), None)
        };
        let hay = Hay::new(&latin);
        let wide = wide.as_deref().map(Hay::new);
        let raw = if is_content {
            latin1(&data).to_lowercase()
        } else {
            String::new()
        };
        for n in &needles {
            if n.found_in_folded(&hay)
                || wide.as_ref().is_some_and(|w| n.found_in_folded(w))
                || (is_content && raw_strict(n, &raw))
            {
                return Err(leak(n, None, format!("object {} {} stream", id.0, id.1)));
            }
        }
    }
    report.values_verified = needles.len() + short.len();
    report.values_verified_by_area_only = short.len();
    Ok(())
}

/// The index of the page content part that opens with the mark tag, the
/// last such part when several do (a page redacted twice).
fn find_mark_part(doc: &Document, streams: &[crate::interp::StreamInfo]) -> Option<usize> {
    let mut parts: Vec<(usize, Option<lopdf::ObjectId>)> = streams
        .iter()
        .filter_map(|s| match s.kind {
            crate::interp::StreamKind::PageContent { part } => Some((part, s.object)),
            _ => None,
        })
        .collect();
    parts.sort_by_key(|(part, _)| std::cmp::Reverse(*part));
    parts.into_iter().find_map(|(part, id)| {
        id.and_then(|id| doc.lopdf().get_object(id).ok())
            .and_then(|o| o.as_stream().ok())
            .and_then(|st| st.decompressed_content_with_limit(1 << 20).ok())
            .is_some_and(|d| d.starts_with(super::mark::MARK_TAG))
            .then_some(part)
    })
}

/// Streams that hold font programs, CMaps or glyph maps (9.6 to 9.10).
fn font_streams(doc: &lopdf::Document) -> std::collections::HashSet<lopdf::ObjectId> {
    let mut out = std::collections::HashSet::new();
    for obj in doc.objects.values() {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        for key in [
            b"FontFile".as_slice(),
            b"FontFile2",
            b"FontFile3",
            b"ToUnicode",
            b"CIDToGIDMap",
            b"CIDSet",
            b"Encoding",
            b"UseCMap",
        ] {
            if let Ok(Object::Reference(id)) = dict.get(key) {
                out.insert(*id);
            }
        }
    }
    out
}

/// The value's exact characters anywhere in the raw bytes (for content
/// streams, whose numbers would make the folded search useless).
fn raw_strict(n: &Needle, hay: &str) -> bool {
    let trimmed = n.original.trim();
    if trimmed.len() < 4 {
        return false;
    }
    hay.contains(&trimmed.to_lowercase()) || (n.numeric && hay.contains(&n.folded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_fold_to_digits_within_runs() {
        let n = Needle::new("4111-1111-1111-1111").unwrap();
        assert!(n.found_in("card 4111 1111 1111 1111 exp"));
        assert!(n.found_in("x4111111111111111y"));
        assert!(!n.found_in("4111 1111 1111 111"));
        // digits in different runs (words between) do not join
        assert!(!n.found_in("4111 1111 page 1111 1111"));
        assert_eq!(n.masked(), "…1111");
    }

    #[test]
    fn a_few_digits_count_only_as_a_number_of_their_own() {
        let exp = Needle::new("09/27").unwrap();
        assert!(exp.found_in("Exp 09/27 CVV"));
        assert!(exp.found_in("exp0927"));
        assert!(!exp.found_in("D:20261130190927+00'00'"));
        assert!(!exp.found_in("account 1209270044"));
        let zip = Needle::new("98402").unwrap();
        assert!(zip.found_in("Tacoma, WA 98402 (253) 555-0178"));
        assert!(zip.found_in("WA 98402-1234"));
        let long = Needle::new("1209270").unwrap();
        assert!(long.found_in("account 1209270044"));
    }

    #[test]
    fn words_fold_case_and_space() {
        let n = Needle::new("John Q. Smith").unwrap();
        assert!(n.found_in("Name: JOHN  Q.SMITH, Jr."));
        assert!(!n.found_in("John Smith"));
        assert!(Needle::new(" ").is_none());
        assert!(Needle::new("826").unwrap().is_short());
        let cvv = Needle::new("904").unwrap();
        assert!(cvv.found_in("exp 03/27, CVV 904 - keep"));
        assert!(cvv.found_in("cvv904"));
        assert!(!cvv.found_in("D:20240904120000Z"));
        assert!(!cvv.found_in("9045 Elm"));
        assert!(
            Needle::new("MD")
                .unwrap()
                .found_in("Silver Spring, MD 20910")
        );
        assert!(!Needle::new("MD").unwrap().found_in("AMDX"));
        assert!(!Needle::new("4111").unwrap().is_short());
    }

    #[test]
    fn raw_strings_without_the_lexer() {
        let data = b"BT [(Jo\\150n) -250 (Sm\\(i\\)th)] TJ <00 41 0042> Tj % (not)\n(a(b)c) Tj ET";
        let s = raw_string_operands(data);
        assert_eq!(s[0], b"John");
        assert_eq!(s[1], b"Sm(i)th");
        assert_eq!(s[2], [0u8, 0x41, 0, 0x42]);
        assert_eq!(s[3], b"a(b)c");
        let (latin, wide) = content_strings(data);
        assert!(latin.contains("JohnSm(i)th"));
        assert!(wide.contains("AB"));
    }
}
