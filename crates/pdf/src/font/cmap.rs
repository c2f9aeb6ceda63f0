//! CMaps (ISO 32000-1 9.7.5, 9.10.3): the embedded encoding CMaps of Type0
//! fonts (codespace ranges, cidchar/cidrange, usecmap) and ToUnicode CMaps
//! (bfchar, bfrange). One tolerant parser serves both: real-world CMaps miss
//! `end...` keywords, write hex strings of odd length, put names where
//! strings belong; whatever is readable is kept.
//!
//! Work is bounded: ranges are stored, never expanded (a bfrange of
//! <00000000> <FFFFFFFF> costs one entry), and the number of entries is
//! capped.

use super::glyph;

/// Most entries (chars + ranges) kept from one CMap; beyond that the rest is
/// dropped with a problem message. Real CMaps have at most tens of thousands.
const MAX_ENTRIES: usize = 1 << 20;

/// One codespace range: codes of `len` bytes whose every byte lies between
/// the corresponding bytes of `lo` and `hi` (9.7.6.2).
#[derive(Clone, Debug, PartialEq)]
struct CodeRange {
    len: usize,
    lo: [u8; 4],
    hi: [u8; 4],
}

/// The codespace ranges of a CMap: how string bytes split into codes.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct CodeSpace {
    ranges: Vec<CodeRange>,
}

impl CodeSpace {
    /// A codespace of fixed-length codes covering every byte value.
    pub(super) fn fixed(len: usize) -> CodeSpace {
        let len = len.clamp(1, 4);
        CodeSpace {
            ranges: vec![CodeRange {
                len,
                lo: [0; 4],
                hi: [0xFF; 4],
            }],
        }
    }

    /// Builds a codespace from (lo, hi) hex strings of equal length.
    pub(super) fn from_pairs(pairs: &[(&[u8], &[u8])]) -> CodeSpace {
        let mut cs = CodeSpace::default();
        for (lo, hi) in pairs {
            cs.add(lo, hi);
        }
        cs
    }

    fn add(&mut self, lo: &[u8], hi: &[u8]) {
        if lo.len() != hi.len() || lo.is_empty() || lo.len() > 4 {
            return;
        }
        let mut r = CodeRange {
            len: lo.len(),
            lo: [0; 4],
            hi: [0; 4],
        };
        for (i, (a, b)) in lo.iter().zip(hi).enumerate() {
            if let (Some(l), Some(h)) = (r.lo.get_mut(i), r.hi.get_mut(i)) {
                *l = *a.min(b);
                *h = *a.max(b);
            }
        }
        self.ranges.push(r);
    }

    /// True when no range was defined.
    pub(super) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Reads the next code from `bytes` (non-empty): returns the code value,
    /// its length in bytes, and whether it matched a codespace range. An
    /// unmatched sequence consumes as many bytes as the shortest range whose
    /// first byte matches (else the shortest range) so alignment survives
    /// (9.7.6.3).
    pub(super) fn next(&self, bytes: &[u8]) -> (u32, usize, bool) {
        let matches = |r: &CodeRange, n: usize| {
            (0..n).all(|i| match (bytes.get(i), r.lo.get(i), r.hi.get(i)) {
                (Some(b), Some(l), Some(h)) => l <= b && b <= h,
                _ => false,
            })
        };
        for n in 1..=4 {
            if self.ranges.iter().any(|r| r.len == n && matches(r, n)) {
                return (value(bytes.get(..n).unwrap_or(bytes)), n, true);
            }
        }
        let n = self
            .ranges
            .iter()
            .filter(|r| matches(r, 1))
            .map(|r| r.len)
            .min()
            .or_else(|| self.ranges.iter().map(|r| r.len).min())
            .unwrap_or(1)
            .min(bytes.len())
            .max(1);
        (value(bytes.get(..n).unwrap_or(bytes)), n, false)
    }
}

/// Big-endian value of up to 4 bytes (longer input keeps the last 4).
pub(super) fn value(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b))
}

/// The Unicode target of a ToUnicode range: the start string (its last
/// character is incremented along the range) or one string per code.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    Start(Box<str>),
    List(Vec<Box<str>>),
}

/// A parsed CMap: everything the two uses need.
#[derive(Clone, Debug, Default)]
pub(super) struct CMap {
    /// Codespace ranges (empty if the CMap declared none).
    pub codespace: CodeSpace,
    /// Writing mode from /WMode (1 = vertical).
    pub vertical: bool,
    /// Name given to `usecmap`, if any.
    pub usecmap: Option<String>,
    /// cidchar/cidrange entries: (first code, last code, first CID), sorted.
    cids: Vec<(u32, u32, u32)>,
    /// bfchar entries, sorted by code.
    chars: Vec<(u32, Box<str>)>,
    /// bfrange entries, sorted by first code.
    ranges: Vec<(u32, u32, Target)>,
}

impl CMap {
    /// Parses CMap bytes. Never fails; problems are pushed to `problems`.
    pub(super) fn parse(data: &[u8], what: &str, problems: &mut Vec<String>) -> CMap {
        let mut cmap = CMap::default();
        let mut lex = Lexer { data, pos: 0 };
        let mut entries = 0usize;
        let mut truncated = false;
        let mut prev: Option<Token> = None;
        let mut prev2: Option<Token> = None;
        while let Some(tok) = lex.next() {
            if let Token::Word(w) = &tok {
                match w.as_slice() {
                    b"begincodespacerange" => {
                        while let Some(lo) = lex.next_hex() {
                            let Some(hi) = lex.next_hex() else { break };
                            cmap.codespace.add(&lo, &hi);
                        }
                    }
                    b"begincidchar" => {
                        while let Some(src) = lex.next_hex() {
                            let Some(cid) = lex.next_int() else { break };
                            if entries < MAX_ENTRIES {
                                let c = value(&src);
                                cmap.cids.push((c, c, cid));
                                entries += 1;
                            } else {
                                truncated = true;
                            }
                        }
                    }
                    b"begincidrange" => {
                        while let Some(lo) = lex.next_hex() {
                            let Some(hi) = lex.next_hex() else { break };
                            let Some(cid) = lex.next_int() else { break };
                            let (lo, hi) = (value(&lo), value(&hi));
                            if lo <= hi && entries < MAX_ENTRIES {
                                cmap.cids.push((lo, hi, cid));
                                entries += 1;
                            } else if lo <= hi {
                                truncated = true;
                            }
                        }
                    }
                    b"beginbfchar" => {
                        while let Some(src) = lex.next_hex() {
                            let save = lex.pos;
                            let Some(dst) = lex.next() else { break };
                            let Some(text) = target_text(&dst) else {
                                if matches!(dst, Token::Word(_)) {
                                    // Missing target: let the outer loop
                                    // see the keyword.
                                    lex.pos = save;
                                    break;
                                }
                                continue;
                            };
                            if entries < MAX_ENTRIES {
                                cmap.chars.push((value(&src), text));
                                entries += 1;
                            } else {
                                truncated = true;
                            }
                        }
                    }
                    b"beginbfrange" => {
                        while let Some(lo) = lex.next_hex() {
                            let Some(hi) = lex.next_hex() else { break };
                            let (lo, hi) = (value(&lo), value(&hi));
                            let save = lex.pos;
                            let target = match lex.next() {
                                Some(Token::ArrayOpen) => {
                                    let mut list = Vec::new();
                                    while let Some(t) = lex.next() {
                                        if t == Token::ArrayClose {
                                            break;
                                        }
                                        // Only as many targets as codes.
                                        if (list.len() as u64) <= u64::from(hi.saturating_sub(lo)) {
                                            list.push(target_text(&t).unwrap_or_default());
                                        }
                                    }
                                    Target::List(list)
                                }
                                Some(t) => match target_text(&t) {
                                    Some(s) => Target::Start(s),
                                    None => {
                                        lex.pos = save;
                                        break;
                                    }
                                },
                                None => break,
                            };
                            if lo > hi {
                                continue;
                            }
                            if entries < MAX_ENTRIES {
                                cmap.ranges.push((lo, hi, target));
                                entries += 1;
                            } else {
                                truncated = true;
                            }
                        }
                    }
                    b"usecmap" => {
                        if let Some(Token::Name(n)) = &prev {
                            cmap.usecmap = Some(String::from_utf8_lossy(n).into_owned());
                        }
                    }
                    b"def" => {
                        if let (Some(Token::Name(n)), Some(Token::Word(v))) = (&prev2, &prev)
                            && n == b"WMode"
                        {
                            cmap.vertical = v.as_slice() == b"1";
                        }
                    }
                    _ => {}
                }
            }
            prev2 = prev.take();
            prev = Some(tok);
        }
        if truncated {
            problems.push(format!(
                "{what} has more than {MAX_ENTRIES} entries: the rest is ignored"
            ));
        }
        // Stable sorts: where entries overlap, binary search finds one of them.
        cmap.cids.sort_by_key(|e| e.0);
        cmap.chars.sort_by_key(|e| e.0);
        cmap.ranges.sort_by_key(|e| e.0);
        cmap
    }

    /// Adds the entries of a base CMap named by `usecmap` (the CMap's own
    /// entries come first and win where both define a code).
    pub(super) fn merge_base(&mut self, base: CMap) {
        if self.codespace.is_empty() {
            self.codespace = base.codespace;
        } else {
            self.codespace.ranges.extend(base.codespace.ranges);
        }
        self.cids.extend(base.cids);
        self.chars.extend(base.chars);
        self.ranges.extend(base.ranges);
        self.cids.sort_by_key(|e| e.0);
        self.chars.sort_by_key(|e| e.0);
        self.ranges.sort_by_key(|e| e.0);
    }

    /// True when the CMap maps nothing to Unicode.
    pub(super) fn has_unicode(&self) -> bool {
        !self.chars.is_empty() || !self.ranges.is_empty()
    }

    /// True when the CMap maps codes to CIDs.
    pub(super) fn has_cids(&self) -> bool {
        !self.cids.is_empty()
    }

    /// The CID of a code from cidchar/cidrange.
    pub(super) fn cid(&self, code: u32) -> Option<u32> {
        let i = self.cids.partition_point(|e| e.0 <= code);
        // Look back over a few entries in case ranges overlap.
        self.cids
            .get(i.saturating_sub(8)..i)?
            .iter()
            .rev()
            .find(|e| e.0 <= code && code <= e.1)
            .map(|e| e.2.saturating_add(code - e.0))
    }

    /// The Unicode text of a code from bfchar/bfrange.
    pub(super) fn unicode(&self, code: u32) -> Option<String> {
        let mut out = String::new();
        self.unicode_into(code, &mut out).then_some(out)
    }

    /// Writes the Unicode text of a code into `out` (cleared first); false
    /// (and `out` empty) when the CMap does not map the code to any text.
    pub(super) fn unicode_into(&self, code: u32, out: &mut String) -> bool {
        out.clear();
        if let Ok(i) = self.chars.binary_search_by_key(&code, |e| e.0) {
            if let Some(e) = self.chars.get(i) {
                out.push_str(&e.1);
            }
            return !out.is_empty();
        }
        let i = self.ranges.partition_point(|e| e.0 <= code);
        let Some((lo, _, target)) = self
            .ranges
            .get(i.saturating_sub(8)..i)
            .and_then(|r| r.iter().rev().find(|e| e.0 <= code && code <= e.1))
        else {
            return false;
        };
        let offset = code - lo;
        match target {
            Target::List(list) => {
                if let Some(s) = usize::try_from(offset).ok().and_then(|o| list.get(o)) {
                    out.push_str(s);
                }
            }
            Target::Start(start) => {
                // 9.10.3: the last byte of the destination is incremented;
                // readers (pdf.js, poppler) carry into the preceding unit, so
                // we increment the last character as a whole code point.
                out.push_str(start);
                let next = out
                    .pop()
                    .and_then(|last| u32::from(last).checked_add(offset))
                    .and_then(char::from_u32);
                match next {
                    Some(c) => out.push(c),
                    None => out.clear(),
                }
            }
        }
        !out.is_empty()
    }
}

/// Destination of a bfchar/bfrange: UTF-16BE hex string, a literal string
/// read the same way, or (broken but common) a glyph name.
fn target_text(tok: &Token) -> Option<Box<str>> {
    match tok {
        Token::Hex(b) | Token::Str(b) => Some(utf16be(b).into_boxed_str()),
        Token::Name(n) => {
            let name = std::str::from_utf8(n).ok()?;
            Some(glyph::to_unicode(name).unwrap_or_default().into_boxed_str())
        }
        _ => None,
    }
}

/// Decodes UTF-16BE; a single byte is taken as one code unit, an odd
/// trailing byte is dropped, unpaired surrogates become U+FFFD.
fn utf16be(b: &[u8]) -> String {
    if b.len() == 1 {
        return b
            .first()
            .map(|&c| char::from(c).to_string())
            .unwrap_or_default();
    }
    let units = b.chunks_exact(2).map(|c| {
        u16::from_be_bytes([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ])
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Word(Vec<u8>),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
}

/// PostScript-style tokenizer, as far as CMaps need it.
struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() || b == 0 {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next(&mut self) -> Option<Token> {
        self.skip_space();
        let b = self.peek()?;
        self.pos += 1;
        Some(match b {
            b'<' if self.peek() == Some(b'<') => {
                self.pos += 1;
                Token::DictOpen
            }
            b'<' => {
                let mut digits = Vec::new();
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'>' {
                        break;
                    }
                    if let Some(d) = (c as char).to_digit(16) {
                        digits.push(d as u8);
                    }
                }
                // Odd digit counts: read as a number (left-padded), the way
                // poppler reads codes; "<020>" is 0x0020.
                if digits.len() % 2 == 1 {
                    digits.insert(0, 0);
                }
                Token::Hex(
                    digits
                        .chunks_exact(2)
                        .map(|p| {
                            (p.first().copied().unwrap_or(0) << 4) | p.get(1).copied().unwrap_or(0)
                        })
                        .collect(),
                )
            }
            b'>' if self.peek() == Some(b'>') => {
                self.pos += 1;
                Token::DictClose
            }
            b'[' => Token::ArrayOpen,
            b']' => Token::ArrayClose,
            b'(' => {
                let mut out = Vec::new();
                let mut depth = 1usize;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    match c {
                        b'\\' => {
                            if let Some(e) = self.peek() {
                                self.pos += 1;
                                out.push(match e {
                                    b'n' => b'\n',
                                    b'r' => b'\r',
                                    b't' => b'\t',
                                    b'0'..=b'7' => {
                                        let mut v = u32::from(e - b'0');
                                        for _ in 0..2 {
                                            match self.peek() {
                                                Some(d @ b'0'..=b'7') => {
                                                    self.pos += 1;
                                                    v = v * 8 + u32::from(d - b'0');
                                                }
                                                _ => break,
                                            }
                                        }
                                        (v & 0xFF) as u8
                                    }
                                    other => other,
                                });
                            }
                        }
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
                        _ => out.push(c),
                    }
                }
                Token::Str(out)
            }
            b'/' => Token::Name(self.word()),
            _ => {
                self.pos -= 1;
                let w = self.word();
                if w.is_empty() {
                    // A stray delimiter (')', '>', '{', '}'): skip it.
                    self.pos += 1;
                    return self.next();
                }
                Token::Word(w)
            }
        })
    }

    fn word(&mut self) -> Vec<u8> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() || c == 0 || is_delim(c) {
                break;
            }
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default().to_vec()
    }

    /// The next token if it is a hex string (else it is left unread).
    fn next_hex(&mut self) -> Option<Vec<u8>> {
        let save = self.pos;
        match self.next() {
            Some(Token::Hex(h)) => Some(h),
            _ => {
                self.pos = save;
                None
            }
        }
    }

    /// The next token if it is a non-negative integer (else left unread).
    fn next_int(&mut self) -> Option<u32> {
        let save = self.pos;
        if let Some(Token::Word(w)) = self.next()
            && let Some(v) = std::str::from_utf8(&w)
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
        {
            return Some(v);
        }
        self.pos = save;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> (CMap, Vec<String>) {
        let mut p = Vec::new();
        let c = CMap::parse(s.as_bytes(), "test cmap", &mut p);
        (c, p)
    }

    #[test]
    fn bfchar_and_bfrange() {
        let (c, p) = parse(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
             1 begincodespacerange <0000> <FFFF> endcodespacerange
             % a comment <0001> <0058>
             3 beginbfchar <0001> <0041> <0002> <00660069> <0003> <D83DDE00> endbfchar
             2 beginbfrange <0010> <0012> <0061> <0020> <0022> [<0058> <0059> <005A005A>]
             <00FE> <0101> <00FF> endbfrange endcmap",
        );
        assert!(p.is_empty());
        assert_eq!(c.unicode(1).as_deref(), Some("A"));
        assert_eq!(c.unicode(2).as_deref(), Some("fi"));
        assert_eq!(c.unicode(3).as_deref(), Some("😀"));
        assert_eq!(c.unicode(0x11).as_deref(), Some("b"));
        assert_eq!(c.unicode(0x12).as_deref(), Some("c"));
        assert_eq!(c.unicode(0x13), None);
        assert_eq!(c.unicode(0x22).as_deref(), Some("ZZ"));
        // Increment carries past 0xFF into the next unit.
        assert_eq!(c.unicode(0x0101).as_deref(), Some("\u{102}"));
        assert_eq!(c.codespace.next(&[0x12, 0x34, 0x56]), (0x1234, 2, true));
    }

    #[test]
    fn broken_cmaps() {
        // Missing endbfchar, odd-length hex, a name target, junk tokens.
        let (c, _) = parse(
            "beginbfchar <01> <41> <2> <0042> <003> /eacute <04> (C)
             beginbfrange <10> <1F> <0061>",
        );
        assert_eq!(c.unicode(1).as_deref(), Some("A"));
        assert_eq!(c.unicode(2).as_deref(), Some("B"));
        assert_eq!(c.unicode(3).as_deref(), Some("é"));
        assert_eq!(c.unicode(4).as_deref(), Some("C"));
        assert_eq!(c.unicode(0x1F).as_deref(), Some("p"));
        // Garbage never panics.
        let (c, _) = parse("<<< ]] (( <zz> beginbfrange <00> endbfrange >> )");
        assert!(!c.has_unicode());
        let (c, _) = parse("");
        assert!(!c.has_unicode());
    }

    #[test]
    fn huge_range_is_not_expanded() {
        let (c, _) = parse("beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(c.unicode(0).as_deref(), Some("A"));
        assert_eq!(c.unicode(1).as_deref(), Some("B"));
        // Past the last valid code point: no text, no panic.
        assert_eq!(c.unicode(0xFFFF_FFFF), None);
        let (c, _) = parse("beginbfrange <0000> <FFFF> [<0041> <0042>] endbfrange");
        assert_eq!(c.unicode(1).as_deref(), Some("B"));
        assert_eq!(c.unicode(2), None);
    }

    #[test]
    fn cid_entries_codespace_and_usecmap() {
        let (c, _) = parse(
            "/CMapName /Test def /WMode 1 def /Identity-H usecmap
             2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
             1 begincidrange <8140> <817E> 633 endcidrange
             1 begincidchar <20> 1 endcidchar",
        );
        assert!(c.vertical);
        assert_eq!(c.usecmap.as_deref(), Some("Identity-H"));
        assert_eq!(c.cid(0x8141), Some(634));
        assert_eq!(c.cid(0x20), Some(1));
        assert_eq!(c.cid(0x21), None);
        let cs = &c.codespace;
        assert_eq!(cs.next(b"A\x81\x40"), (0x41, 1, true));
        assert_eq!(cs.next(b"\x81\x40"), (0x8140, 2, true));
        // 0x81 0x20: no 2-byte match; consumes the 2 bytes of the range
        // whose first byte matches.
        assert_eq!(cs.next(b"\x81\x20"), (0x8120, 2, false));
        assert_eq!(cs.next(b"\xff"), (0xff, 1, false));
    }

    #[test]
    fn many_entries_are_capped() {
        let mut s = String::from("beginbfchar\n");
        for i in 0..(MAX_ENTRIES + 10) {
            s.push_str(&format!("<{:06X}> <0041>\n", i));
        }
        let (c, p) = parse(&s);
        assert_eq!(p.len(), 1);
        assert_eq!(c.unicode(5).as_deref(), Some("A"));
    }
}
