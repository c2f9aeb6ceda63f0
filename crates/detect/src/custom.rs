//! Per-request custom terms: whole-word, case-insensitive, across line
//! breaks, runs of spaces and end-of-line hyphenation.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::Category;
use crate::error::Error;
use crate::finding::{Finding, MAX_TERM_LEN, MAX_TERMS};

/// Bytes of text folded at a time.
const CHUNK: usize = 64 * 1024;
/// Overlap between chunks: longer than any term's span in the text.
const OVERLAP: usize = 4 * MAX_TERM_LEN;

/// Byte classes for folding: ASCII letters and digits map to their
/// lowercase form, other ASCII bytes to [`SEP`], '-' and non-ASCII bytes to
/// [`SLOW`] (looked at one by one).
const FOLD: [u8; 256] = {
    let mut t = [SLOW; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if c == b'-' {
            SLOW
        } else {
            SEP
        };
        i += 1;
    }
    t
};
const SEP: u8 = 1;
const SLOW: u8 = 2;

/// A chunk of text folded for matching, reused from chunk to chunk.
struct Folded {
    /// Lowercase words separated by single spaces.
    norm: Vec<u8>,
    /// For each byte of `norm`, where the character it came from starts,
    /// relative to the chunk's start.
    map: Vec<u32>,
    /// End of the last match reported: overlapping chunks find it again.
    seen_until: usize,
}

/// The compiled custom terms.
#[derive(Debug, Clone)]
pub(crate) struct CustomTerms {
    ac: AhoCorasick,
    /// For each pattern, the normalized term it reports.
    values: Vec<String>,
    /// Finds where a term may start in the raw text.
    pre: Option<AhoCorasick>,
    /// Bytes of raw text folded after a prefilter hit: enough for the
    /// longest term with runs of spaces and line breaks between its words.
    window: usize,
    /// Bytes of the longest folded pattern.
    longest: usize,
}

/// A term's words, lowercased, joined by one space.
fn normalize_term(term: &str) -> String {
    let mut out = String::new();
    for w in term
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

impl CustomTerms {
    pub(crate) fn new(terms: &[String]) -> Result<Self, Error> {
        if terms.len() > MAX_TERMS {
            return Err(Error::TooManyCustomTerms {
                count: terms.len(),
                max: MAX_TERMS,
            });
        }
        let mut patterns = Vec::new();
        let mut values = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            if term.len() > MAX_TERM_LEN {
                return Err(Error::CustomTermTooLong {
                    index,
                    len: term.len(),
                    max: MAX_TERM_LEN,
                });
            }
            let norm = normalize_term(term);
            if norm.is_empty() {
                return Err(Error::EmptyCustomTerm { index });
            }
            patterns.push(norm.clone());
            values.push(norm.clone());
            // "Smith-Jones" broken as "Smith-\nJones" reads "smithjones" once
            // the line-end hyphen is taken out.
            if term.contains('-') {
                let joined: String = term
                    .split('-')
                    .map(normalize_term)
                    .collect::<Vec<_>>()
                    .join("");
                if !joined.is_empty() && joined != norm {
                    patterns.push(joined);
                    values.push(norm);
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| Error::Matcher(e.to_string()))?;
        // The prefilter: each pattern's first word as it stands in the raw
        // text, whole ("jonathan") or cut by a line-end hyphen ("jona-").
        // Only when every first word is ASCII, whose case the raw matcher can
        // fold; otherwise the whole text is folded.
        let firsts: Vec<&str> = patterns
            .iter()
            .map(|p| p.split(' ').next().unwrap_or(""))
            .collect();
        let pre = if firsts.iter().all(|w| w.is_ascii() && !w.is_empty()) {
            let mut pieces = Vec::new();
            for w in &firsts {
                pieces.push(w.to_string());
                for k in 2..w.len().saturating_sub(1) {
                    if let Some(head) = w.get(..k) {
                        pieces.push(format!("{head}-"));
                    }
                }
            }
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .build(&pieces)
                    .map_err(|e| Error::Matcher(e.to_string()))?,
            )
        } else {
            None
        };
        let longest = patterns.iter().map(String::len).max().unwrap_or(0);
        Ok(CustomTerms {
            ac,
            values,
            pre,
            window: 4 * longest + 64,
            longest,
        })
    }

    /// Adds a [`Category::Custom`] finding for every whole-word occurrence.
    pub(crate) fn find(&self, text: &str, out: &mut Vec<Finding>) {
        let Some(pre) = &self.pre else {
            self.find_everywhere(text, out);
            return;
        };
        // Fold only a window after each place a term may start.
        let b = text.as_bytes();
        let mut buf = Folded {
            norm: Vec::with_capacity(self.window),
            map: Vec::with_capacity(self.window),
            seen_until: 0,
        };
        for m in pre.find_iter(text) {
            let lo = m.start();
            if lo < buf.seen_until || !word_start(b, lo) {
                continue;
            }
            let mut hi = (lo + self.window).min(b.len());
            while !text.is_char_boundary(hi) {
                hi += 1;
            }
            self.find_in(text, lo, hi, Some(self.longest + 1), &mut buf, out);
        }
    }

    /// Folds the whole text, a chunk at a time.
    fn find_everywhere(&self, text: &str, out: &mut Vec<Finding>) {
        // The text is folded a chunk at a time, so that the folded copy and
        // its map stay small; chunks overlap by OVERLAP bytes so that a term
        // cut by one chunk's end is whole in the next.
        let b = text.as_bytes();
        let mut buf = Folded {
            norm: Vec::with_capacity(CHUNK + OVERLAP),
            map: Vec::with_capacity(CHUNK + OVERLAP),
            seen_until: 0,
        };
        let mut lo = 0;
        while lo < b.len() {
            // End the chunk at a line end, or (text without line breaks) at a
            // character boundary after twice the chunk size.
            let mut hi = (lo + CHUNK).min(b.len());
            while hi < b.len() && b.get(hi - 1) != Some(&b'\n') && hi < lo + 2 * CHUNK {
                hi += 1;
            }
            while !text.is_char_boundary(hi) {
                hi += 1;
            }
            self.find_in(text, lo, hi, None, &mut buf, out);
            if hi >= b.len() {
                break;
            }
            // Next chunk: OVERLAP bytes back, from a line start if one is
            // near, else from a character boundary.
            let mut back = hi - OVERLAP.min(hi - lo - 1);
            let floor = back.saturating_sub(OVERLAP).max(lo + 1);
            if let Some(nl) = b.get(floor..back).and_then(|r| memchr::memrchr(b'\n', r)) {
                back = floor + nl + 1;
            }
            while !text.is_char_boundary(back) {
                back += 1;
            }
            lo = back;
        }
    }

    /// Finds the terms in `text[lo..hi]`.
    /// `at_start`: a word starts at `lo` and only a match there is wanted,
    /// so folding may stop after that many bytes; None: a chunk, where a
    /// match at `lo` is left to the chunk before unless `lo` is 0.
    fn find_in(
        &self,
        text: &str,
        lo: usize,
        hi: usize,
        at_start: Option<usize>,
        buf: &mut Folded,
        out: &mut Vec<Finding>,
    ) {
        let Folded {
            norm,
            map,
            seen_until,
        } = buf;
        // The chunk folded to lowercase words separated by single spaces,
        // with hyphens at line ends removed, and for each folded byte the
        // original byte range it came from.
        let b = text.as_bytes();
        // Chunks are at most 2 * CHUNK + 3 bytes long, so offsets fit u32.
        let rel = |p: usize| u32::try_from(p - lo).unwrap_or(u32::MAX);
        norm.clear();
        map.clear();
        let lo_is_start = at_start.is_some() || lo == 0;
        let fold_limit = at_start.unwrap_or(usize::MAX);
        let mut pending_space: Option<usize> = None;
        let mut i = lo;
        while i < hi
            && norm.len() <= fold_limit
            && let Some(&c) = b.get(i)
        {
            let f = FOLD[usize::from(c)];
            if f >= b'0' {
                // An ASCII letter or digit, folded.
                if let Some(sp) = pending_space.take()
                    && !norm.is_empty()
                {
                    norm.push(b' ');
                    map.push(rel(sp));
                }
                norm.push(f);
                map.push(rel(i));
                i += 1;
                continue;
            }
            if f == SEP {
                if pending_space.is_none() {
                    pending_space = Some(i);
                }
                i += 1;
                continue;
            }
            if c == b'-' {
                if pending_space.is_none() && hyphen_at_line_end(text, i + 1) {
                    // Skip the hyphen and the line break: the word continues.
                    let mut j = i + 1;
                    while matches!(b.get(j), Some(b' ' | b'\t' | b'\r')) {
                        j += 1;
                    }
                    if b.get(j) == Some(&b'\n') {
                        j += 1;
                    }
                    while matches!(b.get(j), Some(b' ' | b'\t')) {
                        j += 1;
                    }
                    i = j;
                } else {
                    if pending_space.is_none() {
                        pending_space = Some(i);
                    }
                    i += 1;
                }
                continue;
            }
            // A non-ASCII character: decode it.
            let ch = text.get(i..).and_then(|r| r.chars().next());
            let len = ch.map_or(1, char::len_utf8);
            match ch {
                Some(ch) if ch.is_alphanumeric() => {
                    if let Some(sp) = pending_space.take()
                        && !norm.is_empty()
                    {
                        norm.push(b' ');
                        map.push(rel(sp));
                    }
                    for lc in ch.to_lowercase() {
                        let mut buf = [0u8; 4];
                        let enc = lc.encode_utf8(&mut buf);
                        norm.extend_from_slice(enc.as_bytes());
                        map.extend(std::iter::repeat_n(rel(i), enc.len()));
                    }
                }
                _ => {
                    if pending_space.is_none() {
                        pending_space = Some(i);
                    }
                }
            }
            i += len;
        }
        let nb = norm.as_slice();
        for m in self.ac.find_iter(nb) {
            let (s, e) = (m.start(), m.end());
            // At a chunk's edges the neighbouring chunk decides.
            let before_ok = if s == 0 {
                lo_is_start
            } else {
                nb.get(s - 1) == Some(&b' ')
            };
            if at_start.is_some() && s != 0 {
                continue;
            }
            let after_ok = if e >= nb.len() {
                i >= b.len()
            } else {
                nb.get(e) == Some(&b' ')
            };
            if !before_ok || !after_ok {
                continue;
            }
            let (Some(&os), Some(&last)) = (map.get(s), map.get(e.saturating_sub(1))) else {
                continue;
            };
            let os = lo + os as usize;
            let last = lo + last as usize;
            // End of the last character matched.
            let oe = last
                + text
                    .get(last..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8);
            if os < *seen_until {
                continue;
            }
            *seen_until = oe;
            let value = self
                .values
                .get(m.pattern().as_usize())
                .cloned()
                .unwrap_or_default();
            out.push(Finding {
                category: Category::Custom,
                span: os..oe,
                value,
                confidence: 1.0,
                detector: "custom",
                context: Vec::new(),
            });
        }
    }
}

/// Does a word start at `p`: not after a letter or digit, nor after a word
/// hyphenated at the end of the line before?
fn word_start(b: &[u8], p: usize) -> bool {
    if p == 0 {
        return true;
    }
    let prev = b.get(p - 1).copied().unwrap_or(b' ');
    if prev.is_ascii_alphanumeric() || prev >= 0x80 {
        return false;
    }
    // "Jona-\n  than": the word began on the line before.
    let mut q = p;
    while q > 0 && matches!(b.get(q - 1), Some(b' ' | b'\t')) {
        q -= 1;
    }
    if q > 0 && b.get(q - 1) == Some(&b'\n') {
        let mut r = q - 1;
        while r > 0 && matches!(b.get(r - 1), Some(b' ' | b'\t' | b'\r')) {
            r -= 1;
        }
        if r >= 2
            && b.get(r - 1) == Some(&b'-')
            && b.get(r - 2).is_some_and(u8::is_ascii_alphanumeric)
        {
            return false;
        }
    }
    true
}

/// Is the '-' just before `p` at a line end (only blanks, then '\n', then a
/// letter or digit)?
fn hyphen_at_line_end(text: &str, p: usize) -> bool {
    let b = text.as_bytes();
    let mut j = p;
    while matches!(b.get(j), Some(b' ' | b'\t' | b'\r')) {
        j += 1;
    }
    if b.get(j) != Some(&b'\n') {
        return false;
    }
    // Only when the hyphen follows a letter or digit.
    p >= 2 && b.get(p - 2).is_some_and(u8::is_ascii_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finds with the prefilter and by folding everything; both must agree.
    fn find(terms: &[&str], text: &str) -> Vec<String> {
        let t = CustomTerms::new(&terms.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        let mut out = Vec::new();
        t.find(text, &mut out);
        let mut all = Vec::new();
        t.find_everywhere(text, &mut all);
        assert_eq!(out, all, "prefiltered and full scans differ");
        out.into_iter().map(|f| text[f.span].to_string()).collect()
    }

    #[test]
    fn whole_word_case_insensitive() {
        assert_eq!(
            find(&["Jane Roe"], "JANE ROE and jane roes"),
            vec!["JANE ROE"]
        );
        assert_eq!(find(&["lee"], "Ashlee Lee"), vec!["Lee"]);
    }

    #[test]
    fn across_lines_and_hyphenation() {
        assert_eq!(find(&["Jane Roe"], "Jane\n   Roe"), vec!["Jane\n   Roe"]);
        assert_eq!(find(&["Jonathan"], "Jona-\nthan said"), vec!["Jona-\nthan"]);
        assert_eq!(
            find(&["Smith-Jones"], "Ms. Smith-\nJones"),
            vec!["Smith-\nJones"]
        );
        assert_eq!(
            find(&["Smith-Jones"], "Ms. Smith-Jones."),
            vec!["Smith-Jones"]
        );
        assert_eq!(
            find(&["2023-CV-0412"], "Case 2023-cv-0412:"),
            vec!["2023-cv-0412"]
        );
        assert_eq!(find(&["Zoë"], "ZOË x"), vec!["ZOË"]);
        // A name of two words, hyphenated at a line end and in another
        // case: found whole; not inside longer words.
        assert_eq!(
            find(
                &["Jonathan Smith"],
                "per JONA-\nthan smith, and Jona-\n  than\nSmith."
            ),
            vec!["JONA-\nthan smith", "Jona-\n  than\nSmith"]
        );
        assert!(find(&["Jonathan Smith"], "Jona-\nthan Smithers").is_empty());
        assert!(find(&["Jonathan Smith"], "Jonathan-\nSmith").is_empty());
    }

    #[test]
    fn terms_across_chunk_edges_are_found_once() {
        // Put the term across the first chunk's end, and near the second
        // chunk's start.
        for at in [CHUNK - 6, CHUNK - 2, CHUNK + 3, CHUNK - OVERLAP + 1] {
            let mut text = String::new();
            while text.len() < at {
                text.push_str("lorem ipsum\n");
            }
            text.truncate(at);
            text.push_str(" Jane\nRoe said\n");
            while text.len() < 2 * CHUNK + 100 {
                text.push_str("dolor sit\n");
            }
            let found = find(&["Jane Roe"], &text);
            assert_eq!(found, vec!["Jane\nRoe"], "term at {at}");
        }
    }

    #[test]
    fn bad_terms_are_errors() {
        assert_eq!(
            CustomTerms::new(&["--".to_string()]).err(),
            Some(Error::EmptyCustomTerm { index: 0 })
        );
        assert!(CustomTerms::new(&["x".repeat(300)]).is_err());
    }
}
