//! Pages whose /Contents parts divide an operator: joined into one content
//! stream before they are rewritten.
//!
//! ISO 32000-1 7.8.2 reads a page's /Contents array as one stream, so an
//! operator's operands may lie in one part and the operator in the next,
//! and writers that break a token anyway are read as poppler reads them
//! (the interpreter's [`Lexer::with_breaks`]): a number, name or operator
//! ends at a part boundary, a string or comment runs on. The rewriter
//! works on one stream at a time and can rebuild only operators that lie
//! wholly in it, so such a page's parts are first concatenated, with one
//! space where the reading ended a token at a boundary and nothing where a
//! string ran on, and the result is checked to lex into exactly the
//! operators the parts gave.

use lopdf::{Dictionary, Object};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::lexer::Lexer;

/// How many boundaries between two regular characters are examined one by
/// one when the first guess fails (each costs a lexing of the page).
const MAX_EXAMINED: usize = 256;

/// `doc` with the /Contents of each page in `pages` replaced by one
/// stream that reads as the parts did.
pub(super) fn normalized(doc: &Document, pages: &[u32]) -> Result<Document> {
    let mut inner = doc.lopdf().clone();
    for &page in pages {
        let page_id = doc.page_id(page)?;
        let parts = part_data(doc, page)?;
        let joined = join(&parts).map_err(|reason| Error::Redaction { page, reason })?;
        let id = inner.add_object(lopdf::Stream::new(Dictionary::new(), joined));
        let dict = inner
            .get_object_mut(page_id)
            .ok()
            .and_then(|o| o.as_dict_mut().ok())
            .ok_or_else(|| Error::BadPage {
                page,
                reason: "the page dictionary cannot be changed".into(),
            })?;
        dict.set("Contents", Object::Reference(id));
    }
    Ok(doc.with_objects(inner))
}

/// The decoded /Contents parts of a page, in order (parts that are not
/// streams are left out, as the interpreter leaves them out).
fn part_data(doc: &Document, page: u32) -> Result<Vec<Vec<u8>>> {
    let dict = doc.page_dict(page)?;
    let parts: Vec<&Object> = match dict.get(b"Contents") {
        Ok(Object::Reference(id)) => match doc.lopdf().get_object(*id) {
            Ok(Object::Array(a)) => a.iter().collect(),
            Ok(o) => vec![o],
            Err(_) => Vec::new(),
        },
        Ok(Object::Array(a)) => a.iter().collect(),
        Ok(o) => vec![o],
        Err(_) => Vec::new(),
    };
    let mut out = Vec::with_capacity(parts.len());
    for o in parts {
        let Some(st) = doc.deref(o).and_then(|o| o.as_stream().ok()) else {
            continue;
        };
        let data = st
            .decompressed_content_with_limit(doc.limits().max_stream_bytes)
            .map_err(|e| Error::Redaction {
                page,
                reason: format!("a part of the page content cannot be decoded: {e}"),
            })?;
        out.push(data);
    }
    Ok(out)
}

/// White space and delimiters (7.2.2, 7.2.3); everything else is regular.
fn is_regular(b: u8) -> bool {
    !matches!(
        b,
        0 | 9
            | 10
            | 12
            | 13
            | 32
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

/// What a lexer reads: operators with their operands.
type Reading = Vec<(String, Vec<Object>)>;

fn read(lexer: Lexer<'_>) -> Reading {
    lexer.map(|op| (op.operator, op.operands)).collect()
}

/// `raw` with one space inserted before each offset in `at` (ascending).
fn with_spaces(raw: &[u8], at: &[usize]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + at.len());
    let mut pos = 0;
    for &b in at {
        out.extend_from_slice(raw.get(pos..b).unwrap_or_default());
        out.push(b' ');
        pos = b;
    }
    out.extend_from_slice(raw.get(pos..).unwrap_or_default());
    out
}

/// Joins decoded parts into one stream that lexes into the same operators
/// as the parts read as one; an error when no such joining is found.
pub(super) fn join(parts: &[Vec<u8>]) -> std::result::Result<Vec<u8>, String> {
    let mut raw = Vec::new();
    let mut breaks = Vec::new();
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            breaks.push(raw.len());
        }
        raw.extend_from_slice(p);
    }
    let reference = read(Lexer::with_breaks(&raw, &breaks));
    // Only a boundary between a regular character (or the / that begins
    // a name) and a regular character can matter: there the reading
    // either ended a token (a space must stand in for the boundary) or was
    // inside a string or comment (nothing may be added).
    let mut ambiguous: Vec<usize> = breaks
        .iter()
        .copied()
        .filter(|&b| {
            b > 0
                && raw.get(b - 1).is_some_and(|&c| is_regular(c) || c == b'/')
                && raw.get(b).is_some_and(|&c| is_regular(c))
        })
        .collect();
    ambiguous.dedup();
    // First guess: a space at every one (right unless a string runs on
    // across one).
    let guess = with_spaces(&raw, &ambiguous);
    if read(Lexer::new(&guess)) == reference {
        return Ok(guess);
    }
    if ambiguous.len() > MAX_EXAMINED {
        return Err(format!(
            "the page content is divided into parts inside {} tokens, too many to join safely",
            ambiguous.len()
        ));
    }
    // Then boundary by boundary: a space is needed where the reading
    // changes when that boundary alone is taken away.
    let mut needed = Vec::new();
    for &b in &ambiguous {
        let others: Vec<usize> = breaks.iter().copied().filter(|&x| x != b).collect();
        if read(Lexer::with_breaks(&raw, &others)) != reference {
            needed.push(b);
        }
    }
    let joined = with_spaces(&raw, &needed);
    if read(Lexer::new(&joined)) == reference {
        Ok(joined)
    } else {
        Err(
            "the parts of the page content cannot be joined into one stream that reads as \
             they do, so operators divided between them cannot be rewritten"
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(p: &[&[u8]]) -> Vec<Vec<u8>> {
        p.iter().map(|x| x.to_vec()).collect()
    }

    #[test]
    fn words_end_at_boundaries_and_strings_run_on() {
        // "(SSN: 531-72" | "-4408) Tj ET" | "BT": the string runs on, ET
        // and BT are two operators.
        let j = join(&parts(&[
            b"BT /F1 11 Tf (SSN: 531-72",
            b"-4408) Tj ET",
            b"BT (x) Tj ET",
        ]))
        .unwrap();
        assert_eq!(j, b"BT /F1 11 Tf (SSN: 531-72-4408) Tj ET BT (x) Tj ET");
        // operands in one part, the operator in the next
        let j = join(&parts(&[b"BT [(a) -20 (b)] ", b"TJ ET"])).unwrap();
        assert_eq!(j, b"BT [(a) -20 (b)] TJ ET");
        // a number and a name broken by a boundary stay broken
        let j = join(&parts(&[b"1 2", b"3 m /F", b"1 Tf"])).unwrap();
        assert_eq!(j, b"1 2 3 m /F 1 Tf");
        let j = join(&parts(&[b"q /", b"F1 Tf"])).unwrap();
        assert_eq!(
            read(Lexer::new(&j)),
            read(Lexer::with_breaks(b"q /F1 Tf", &[3]))
        );
    }

    #[test]
    fn a_word_and_a_string_in_one_operator() {
        // "5" | "0 Td" ends a number; "(ab" | "cd) Tj" runs on: both in
        // the same stretch, which the first guess gets wrong.
        let j = join(&parts(&[b"BT 1 5", b"0 Td (ab", b"cd) Tj ET"])).unwrap();
        assert_eq!(j, b"BT 1 5 0 Td (abcd) Tj ET");
    }
}
