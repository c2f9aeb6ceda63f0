//! A lenient content-stream lexer (ISO 32000-1 7.8.2, 7.2 lexical conventions).
//!
//! Unlike `lopdf::content::Content::decode` it keeps the byte range of every
//! operator (the redactor rewrites operators by those ranges), it skips a
//! garbage token instead of failing the whole stream, and it finds the end of
//! inline image data (BI ... ID ... EI, 8.9.7) robustly.

use std::ops::Range;

use lopdf::{Dictionary, Object, StringFormat};

/// Deepest array/dictionary nesting accepted inside an operand.
const MAX_NESTING: usize = 32;
/// Most operands kept for one operator (real operators take at most 6 but
/// `sc`/`scn` take a few more; anything past this is garbage).
const MAX_OPERANDS: usize = 64;

/// One operator with its operands.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operator, e.g. `Tj`, `cm`, `BI` (inline image, operands: the
    /// image dictionary and its data as a string).
    pub operator: String,
    /// Operands in order.
    pub operands: Vec<Object>,
    /// Byte range in the decoded stream from the first operand (or the
    /// operator when there is none) to the end of the operator (for inline
    /// images, to the end of `EI`).
    pub range: Range<usize>,
}

/// Splits a decoded content stream into operations.
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    garbage: usize,
    /// Offsets where one part of a page's /Contents array ends and the
    /// next begins, ascending (empty for a single stream).
    breaks: &'a [usize],
    /// Strings and comments that ran across a part boundary.
    crossings: usize,
}

enum Token {
    Obj(Object),
    Op(String),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    Garbage,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0c | 0)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    /// A lexer over a decoded content stream.
    pub fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            garbage: 0,
            breaks: &[],
            crossings: 0,
        }
    }

    /// A lexer over the concatenation of a page's /Contents parts, `breaks`
    /// holding the offsets where each part after the first begins (ascending).
    ///
    /// ISO 32000-1 7.8.2 reads the parts as one stream whose division "may
    /// occur only at the boundaries between lexical tokens", so operands in
    /// one part may belong to an operator in the next. A writer that breaks
    /// a token anyway is read the way poppler reads it: a number, name or
    /// operator ends at the boundary (as if white space were there), while
    /// a string or comment runs on into the next part.
    pub fn with_breaks(data: &'a [u8], breaks: &'a [usize]) -> Self {
        Lexer {
            data,
            pos: 0,
            garbage: 0,
            breaks,
            crossings: 0,
        }
    }

    /// The end of a regular token (number, name, operator) starting at
    /// `start`: the end of the data or the next part boundary.
    fn word_limit(&self, start: usize) -> usize {
        let k = self.breaks.partition_point(|&b| b <= start);
        self.breaks
            .get(k)
            .copied()
            .unwrap_or(self.data.len())
            .min(self.data.len())
    }

    /// How many garbage tokens were skipped so far.
    pub fn garbage(&self) -> usize {
        self.garbage
    }

    /// How many strings or comments so far began in one part of a
    /// /Contents array and ended in a later one (a writer's error: 7.8.2
    /// divides parts only between tokens). Lexing each part alone reads
    /// such a part differently from the concatenation.
    pub fn crossings(&self) -> usize {
        self.crossings
    }

    /// Counts a string or comment spanning `start..self.pos` that crossed a
    /// part boundary.
    fn note_crossing(&mut self, start: usize) {
        if !self.breaks.is_empty() && self.word_limit(start) < self.pos {
            self.crossings += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
                self.note_crossing(start);
            } else {
                break;
            }
        }
    }

    fn token(&mut self) -> Option<Token> {
        self.skip_white();
        let b = self.peek()?;
        let start = self.pos;
        match b {
            b'(' => {
                let s = self.literal_string();
                self.note_crossing(start);
                Some(Token::Obj(s))
            }
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    Some(Token::DictStart)
                } else {
                    let s = self.hex_string();
                    self.note_crossing(start);
                    Some(Token::Obj(s))
                }
            }
            b'>' => {
                if self.data.get(self.pos + 1) == Some(&b'>') {
                    self.pos += 2;
                    Some(Token::DictEnd)
                } else {
                    self.pos += 1;
                    Some(Token::Garbage)
                }
            }
            b'[' => {
                self.pos += 1;
                Some(Token::ArrayStart)
            }
            b']' => {
                self.pos += 1;
                Some(Token::ArrayEnd)
            }
            b'/' => Some(Token::Obj(self.name())),
            b')' | b'{' | b'}' => {
                self.pos += 1;
                Some(Token::Garbage)
            }
            _ => {
                let limit = self.word_limit(start);
                while let Some(c) = self.peek() {
                    if !is_regular(c) || self.pos >= limit {
                        break;
                    }
                    self.pos += 1;
                }
                let word = self.data.get(start..self.pos).unwrap_or_default();
                Some(classify(word))
            }
        }
    }

    fn name(&mut self) -> Object {
        let limit = self.word_limit(self.pos);
        self.pos += 1; // '/'
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if !is_regular(c) || self.pos >= limit {
                break;
            }
            self.pos += 1;
            if c == b'#'
                && self.pos + 2 <= limit
                && let (Some(h), Some(l)) = (
                    self.data.get(self.pos).copied().and_then(hex_val),
                    self.data.get(self.pos + 1).copied().and_then(hex_val),
                )
            {
                out.push(h * 16 + l);
                self.pos += 2;
                continue;
            }
            out.push(c);
        }
        Object::Name(out)
    }

    fn literal_string(&mut self) -> Object {
        self.pos += 1; // '('
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            // line continuation (7.3.4.2)
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        Object::String(out, StringFormat::Literal)
    }

    fn hex_string(&mut self) -> Object {
        self.pos += 1; // '<'
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex_val(c) {
                match high.take() {
                    Some(h) => out.push(h * 16 + v),
                    None => high = Some(v),
                }
            }
            // anything else (white space, junk) is skipped
        }
        if let Some(h) = high {
            // an odd final digit is followed by an implied 0 (7.3.4.3)
            out.push(h * 16);
        }
        Object::String(out, StringFormat::Hexadecimal)
    }

    /// Reads one complete object starting with `first`; `None` when the
    /// token is not an object (an operator, a stray closing bracket).
    fn object_from(&mut self, first: Token, depth: usize) -> Option<Object> {
        match first {
            Token::Obj(o) => Some(o),
            Token::ArrayStart => {
                let mut items = Vec::new();
                loop {
                    let save = self.pos;
                    let Some(t) = self.token() else { break };
                    match t {
                        Token::ArrayEnd => break,
                        Token::Op(_) | Token::DictEnd | Token::Garbage => {
                            // an operator inside an array: the array was not
                            // closed; stop before the operator
                            if matches!(t, Token::Op(_)) {
                                self.pos = save;
                                self.garbage += 1;
                                break;
                            }
                            self.garbage += 1;
                        }
                        other => {
                            if depth >= MAX_NESTING {
                                self.garbage += 1;
                                continue;
                            }
                            if let Some(o) = self.object_from(other, depth + 1) {
                                items.push(o);
                            }
                        }
                    }
                }
                Some(Object::Array(items))
            }
            Token::DictStart => Some(Object::Dictionary(self.dict_body(depth, false))),
            _ => None,
        }
    }

    /// Reads dictionary entries up to `>>` (or, for inline images, up to the
    /// `ID` operator, which is left unconsumed... consumed: we stop right
    /// after it).
    fn dict_body(&mut self, depth: usize, inline_image: bool) -> Dictionary {
        let mut dict = Dictionary::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            let save = self.pos;
            let Some(t) = self.token() else { break };
            match t {
                Token::DictEnd if !inline_image => break,
                Token::Op(ref op) if inline_image && op == "ID" => break,
                Token::Op(_) => {
                    if inline_image {
                        // abbreviations like /F /AHx are names, so a bare
                        // word is a value keyword (true/false) or junk
                        self.garbage += 1;
                        key = None;
                        continue;
                    }
                    self.pos = save;
                    self.garbage += 1;
                    break;
                }
                Token::Obj(Object::Name(n)) if key.is_none() => key = Some(n),
                other => {
                    if depth >= MAX_NESTING {
                        self.garbage += 1;
                        continue;
                    }
                    match (self.object_from(other, depth + 1), key.take()) {
                        (Some(v), Some(k)) => dict.set(k, v),
                        _ => self.garbage += 1,
                    }
                }
            }
        }
        dict
    }

    /// Finds the end of inline image data starting at `self.pos`; returns
    /// the data range and moves past `EI`.
    fn inline_image_data(&mut self, dict: &Dictionary) -> Range<usize> {
        // One white-space byte separates ID from the data (8.9.7).
        if self.peek().is_some_and(is_white) {
            self.pos += 1;
        }
        let start = self.pos;
        // A declared length (/L or /Length, PDF 2.0) is trusted when EI
        // follows it.
        let declared = dict
            .get(b"L")
            .or_else(|_| dict.get(b"Length"))
            .ok()
            .and_then(|o| o.as_i64().ok())
            .and_then(|l| usize::try_from(l).ok());
        if let Some(len) = declared {
            let end = start.saturating_add(len);
            let mut p = end;
            while self.data.get(p).copied().is_some_and(is_white) {
                p += 1;
            }
            if self.data.get(p..p + 2) == Some(b"EI")
                && self.data.get(p + 2).is_none_or(|&c| !is_regular(c))
            {
                self.pos = p + 2;
                return start..end.min(self.data.len());
            }
        }
        // Otherwise: white space, "EI", then white space or the end, and
        // what follows must look like content (printable ASCII up to the
        // next few tokens), so that "EI" inside binary data is not taken.
        let mut p = start;
        while p + 2 <= self.data.len() {
            let Some(off) = self.data[p..].windows(2).position(|w| w == b"EI") else {
                break;
            };
            let at = p + off;
            let before_ok = at == start || self.data.get(at - 1).copied().is_some_and(is_white);
            let after = self.data.get(at + 2).copied();
            let after_ok = after.is_none_or(is_white);
            if before_ok
                && after_ok
                && looks_like_content(self.data.get(at + 2..).unwrap_or_default())
            {
                self.pos = at + 2;
                let mut end = at;
                if end > start && self.data.get(end - 1).copied().is_some_and(is_white) {
                    end -= 1;
                }
                return start..end;
            }
            p = at + 1;
        }
        // No end found: the rest of the stream is image data.
        self.garbage += 1;
        self.pos = self.data.len();
        start..self.data.len()
    }

    /// The next operation, or `None` at the end of the stream. Operands
    /// with no operator at the end of the stream are dropped (and counted
    /// as garbage).
    pub fn next_op(&mut self) -> Option<Operation> {
        let mut operands: Vec<Object> = Vec::new();
        let mut start: Option<usize> = None;
        loop {
            self.skip_white();
            let tok_start = self.pos;
            let Some(t) = self.token() else {
                if !operands.is_empty() {
                    self.garbage += 1;
                }
                return None;
            };
            match t {
                Token::Op(op) => {
                    let begin = start.unwrap_or(tok_start);
                    if op == "BI" {
                        let dict = self.dict_body(0, true);
                        let data = self.inline_image_data(&dict);
                        let bytes = self.data.get(data).unwrap_or_default().to_vec();
                        return Some(Operation {
                            operator: op,
                            operands: vec![
                                Object::Dictionary(dict),
                                Object::String(bytes, StringFormat::Literal),
                            ],
                            range: begin..self.pos,
                        });
                    }
                    return Some(Operation {
                        operator: op,
                        operands,
                        range: begin..self.pos,
                    });
                }
                Token::Garbage | Token::ArrayEnd | Token::DictEnd => {
                    self.garbage += 1;
                }
                other => {
                    if let Some(o) = self.object_from(other, 0) {
                        if operands.len() < MAX_OPERANDS {
                            if start.is_none() {
                                start = Some(tok_start);
                            }
                            operands.push(o);
                        } else {
                            self.garbage += 1;
                        }
                    }
                }
            }
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Operation;
    fn next(&mut self) -> Option<Operation> {
        self.next_op()
    }
}

fn classify(word: &[u8]) -> Token {
    match word {
        b"true" => return Token::Obj(Object::Boolean(true)),
        b"false" => return Token::Obj(Object::Boolean(false)),
        b"null" => return Token::Obj(Object::Null),
        _ => {}
    }
    if let Some(n) = parse_number(word) {
        return Token::Obj(n);
    }
    // Operators are short runs of letters, digits and * ' " (Table A.1).
    let plausible = !word.is_empty()
        && word.len() <= 3
        && word
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'*' | b'\'' | b'"'))
        && !word.first().is_some_and(|c| c.is_ascii_digit());
    if plausible {
        Token::Op(String::from_utf8_lossy(word).into_owned())
    } else {
        Token::Garbage
    }
}

fn parse_number(word: &[u8]) -> Option<Object> {
    let first = *word.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let s = std::str::from_utf8(word).ok()?;
    if !s.contains('.')
        && let Ok(i) = s.parse::<i64>()
    {
        return Some(Object::Integer(i));
    }
    // Lenient: "--5", "5.3.2" and "-" occur in broken files; take the
    // longest numeric prefix, as viewers do.
    let t = s.trim_start_matches(['+', '-']);
    let neg = s.len() - t.len() > 0 && s.starts_with('-');
    let mut end = 0;
    let mut dot = false;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() {
            end = i + 1;
        } else if c == '.' && !dot {
            dot = true;
            end = i + 1;
        } else {
            break;
        }
    }
    let body = t.get(..end)?;
    let v: f64 = if body == "." || body.is_empty() {
        0.0
    } else {
        body.parse().ok()?
    };
    let v = if neg { -v } else { v };
    Some(Object::Real(v as f32))
}

/// True when `rest` (the bytes after a candidate `EI`) reads like content
/// operators: the next 32 bytes are printable ASCII or white space.
fn looks_like_content(rest: &[u8]) -> bool {
    rest.iter()
        .take(32)
        .all(|&c| is_white(c) || (0x20..0x7f).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &[u8]) -> (Vec<Operation>, usize) {
        let mut l = Lexer::new(s);
        let v: Vec<_> = (&mut l).collect();
        (v, l.garbage())
    }

    #[test]
    fn operators_operands_and_ranges() {
        let src = b"BT /F1 12 Tf 10 20 Td (Hi \\(x\\)) Tj [(A) -120 (B)] TJ ET";
        let (v, g) = ops(src);
        assert_eq!(g, 0);
        let names: Vec<_> = v.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Td", "Tj", "TJ", "ET"]);
        assert_eq!(&src[v[1].range.clone()], b"/F1 12 Tf");
        assert_eq!(&src[v[3].range.clone()], b"(Hi \\(x\\)) Tj");
        assert_eq!(
            v[3].operands[0],
            Object::String(b"Hi (x)".to_vec(), StringFormat::Literal)
        );
        let Object::Array(a) = &v[4].operands[0] else {
            panic!()
        };
        assert_eq!(a.len(), 3);
        assert_eq!(a[1], Object::Integer(-120));
    }

    #[test]
    fn garbage_is_skipped_and_counted() {
        let src = b"q ) } 1 0 0 1 5 5 cm >> Q 12.5.3 w";
        let (v, g) = ops(src);
        let names: Vec<_> = v.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, ["q", "cm", "Q", "w"]);
        assert_eq!(g, 3);
        assert_eq!(v[1].operands.len(), 6);
        assert_eq!(v[3].operands[0], Object::Real(12.5));
    }

    #[test]
    fn strings_hex_octal_names() {
        let src = b"<48 65 6C6C6F7> Tj (\\101\\12x) Tj /A#20B Do";
        let (v, _) = ops(src);
        assert_eq!(
            v[0].operands[0],
            Object::String(b"Hello\x70".to_vec(), StringFormat::Hexadecimal)
        );
        assert_eq!(
            v[1].operands[0],
            Object::String(b"A\nx".to_vec(), StringFormat::Literal)
        );
        assert_eq!(v[2].operands[0], Object::Name(b"A B".to_vec()));
    }

    #[test]
    fn inline_image_with_ei_inside_data() {
        let mut src = b"q BI /W 2 /H 2 /BPC 8 /CS /G ID ".to_vec();
        src.extend_from_slice(b"\x00EI\xff\x10");
        src.extend_from_slice(b" EI\x80\x81\x82 EI Q (t) Tj");
        let (v, _) = ops(&src);
        let names: Vec<_> = v.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q", "Tj"]);
        let Object::String(data, _) = &v[1].operands[1] else {
            panic!()
        };
        assert_eq!(data.as_slice(), b"\x00EI\xff\x10 EI\x80\x81\x82");
        let Object::Dictionary(d) = &v[1].operands[0] else {
            panic!()
        };
        assert_eq!(d.get(b"W").unwrap(), &Object::Integer(2));
        assert!(src[v[1].range.clone()].starts_with(b"BI"));
        assert!(src[v[1].range.clone()].ends_with(b"EI"));
    }

    #[test]
    fn unterminated_things_end() {
        for src in [
            &b"(abc"[..],
            b"<414",
            b"[1 2 (x",
            b"<< /A [",
            b"BI /W 1 ID \x00\x01",
        ] {
            let (_v, _g) = ops(src);
        }
        let (v, _) = ops(b"[(a) 3 Tj");
        assert_eq!(v[0].operator, "Tj");
    }

    #[test]
    fn part_boundaries_end_words_but_not_strings() {
        // parts: "BT 12" | "0 Td (Hel" | "lo) T" | "j ET"
        let src = b"BT 120 Td (Hello) Tj ET";
        let breaks = [5, 13, 19];
        let mut l = Lexer::with_breaks(src, &breaks);
        let v: Vec<_> = (&mut l).collect();
        let names: Vec<_> = v.iter().map(|o| o.operator.as_str()).collect();
        // "12" and "0" are two numbers; "T" and "j" two (unknown) operators
        assert_eq!(names, ["BT", "Td", "T", "j", "ET"]);
        assert_eq!(v[1].operands, vec![Object::Integer(12), Object::Integer(0)]);
        assert_eq!(
            v[2].operands,
            vec![Object::String(b"Hello".to_vec(), StringFormat::Literal)]
        );
        assert_eq!(l.crossings(), 1);
        // operands in one part, operator in the next: one operation
        let src = b"BT (Hi) Tj ET";
        let mut l = Lexer::with_breaks(src, &[8]);
        let v: Vec<_> = (&mut l).collect();
        assert_eq!(v[1].operator, "Tj");
        assert_eq!(v[1].range, 3..10);
        assert_eq!(l.crossings(), 0);
    }
}
