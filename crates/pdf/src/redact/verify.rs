//! Proving the output: read it back with our own interpreter and search
//! every string and decompressed stream for each redacted value.

use lopdf::Object;

use super::RedactionReport;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::interp::decode_text_string;
use crate::lexer::Lexer;

/// How a value is searched for.
#[derive(Clone, Debug)]
pub(super) struct Needle {
    /// The value as given (for the masked message).
    original: String,
    /// Digits only (numbers) or lowercase without white space (words).
    folded: String,
    numeric: bool,
}

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

    /// Whether the value occurs in `hay`.
    pub fn found_in(&self, hay: &str) -> bool {
        self.found_in_folded(&Hay::new(hay))
    }

    /// Whether the value occurs in a haystack folded once for many needles.
    pub fn found_in_folded(&self, hay: &Hay) -> bool {
        if self.numeric {
            hay.digits.contains(&self.folded)
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

/// A haystack folded both ways: the digits of each run of digits and
/// number separators (runs kept apart by `|`), and the words form.
pub(super) struct Hay {
    digits: String,
    words: String,
}

impl Hay {
    pub fn new(hay: &str) -> Hay {
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

/// The text of a content stream's string operands, in order, joined.
fn content_strings(data: &[u8]) -> String {
    let mut out = Vec::new();
    let mut lexer = Lexer::new(data);
    while let Some(op) = lexer.next_op() {
        for o in &op.operands {
            collect_strings(o, &mut out, 0);
        }
    }
    latin1(&out)
}

fn collect_strings(o: &Object, out: &mut Vec<u8>, depth: usize) {
    if depth > 8 {
        return;
    }
    match o {
        Object::String(s, _) => out.extend_from_slice(s),
        Object::Array(a) => a.iter().for_each(|x| collect_strings(x, out, depth + 1)),
        Object::Dictionary(d) => d
            .iter()
            .for_each(|(_, v)| collect_strings(v, out, depth + 1)),
        _ => {}
    }
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

/// Reloads `bytes` and fails on the first value found anywhere.
pub(super) fn verify(bytes: &[u8], values: &[String], report: &mut RedactionReport) -> Result<()> {
    let needles: Vec<Needle> = values.iter().filter_map(|v| Needle::new(v)).collect();
    let skipped = values.len() - needles.len();
    if skipped > 0 {
        report.warnings.push(format!(
            "{skipped} value(s) too short to verify (fewer than two characters to search)"
        ));
    }
    let doc = Document::open(bytes)
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
    }
    // 2. Every object: its strings, and its stream decompressed.
    let inner = doc.lopdf();
    let limit = doc.limits().max_stream_bytes;
    let font_data = font_streams(inner);
    for (id, obj) in &inner.objects {
        let mut strings = Vec::new();
        strings_of(obj, "", &mut strings, 0);
        for (path, s) in &strings {
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
        let hay = if is_content {
            content_strings(&data)
        } else {
            latin1(&data)
        };
        let hay = Hay::new(&hay);
        let raw = if is_content {
            latin1(&data).to_lowercase()
        } else {
            String::new()
        };
        for n in &needles {
            if n.found_in_folded(&hay) || (is_content && raw_strict(n, &raw)) {
                return Err(leak(n, None, format!("object {} {} stream", id.0, id.1)));
            }
        }
    }
    report.values_verified = needles.len();
    Ok(())
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
    fn words_fold_case_and_space() {
        let n = Needle::new("John Q. Smith").unwrap();
        assert!(n.found_in("Name: JOHN  Q.SMITH, Jr."));
        assert!(!n.found_in("John Smith"));
        assert!(Needle::new(" ").is_none());
    }
}
