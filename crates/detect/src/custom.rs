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

/// A chunk of text folded for matching, reused from chunk to chunk.
struct Folded {
    /// Lowercase words separated by single spaces.
    norm: Vec<u8>,
    /// For each byte of `norm`, the original byte range it came from.
    map: Vec<(usize, usize)>,
    /// End of the last match reported: overlapping chunks find it again.
    seen_until: usize,
}

/// The compiled custom terms.
#[derive(Debug, Clone)]
pub(crate) struct CustomTerms {
    ac: AhoCorasick,
    /// For each pattern, the normalized term it reports.
    values: Vec<String>,
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
        Ok(CustomTerms { ac, values })
    }

    /// Adds a [`Category::Custom`] finding for every whole-word occurrence.
    pub(crate) fn find(&self, text: &str, out: &mut Vec<Finding>) {
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
            let mut hi = (lo + CHUNK).min(b.len());
            while hi < b.len() && b.get(hi - 1) != Some(&b'\n') {
                hi += 1;
            }
            self.find_in(text, lo, hi, &mut buf, out);
            if hi >= b.len() {
                break;
            }
            // Next chunk: from a line start OVERLAP bytes back.
            let back = hi.saturating_sub(OVERLAP).max(lo + 1);
            lo = crate::text::line_start(b, back).max(lo + 1);
        }
    }

    /// Finds the terms in `text[lo..hi]`.
    fn find_in(&self, text: &str, lo: usize, hi: usize, buf: &mut Folded, out: &mut Vec<Finding>) {
        let Folded {
            norm,
            map,
            seen_until,
        } = buf;
        // The chunk folded to lowercase words separated by single spaces,
        // with hyphens at line ends removed, and for each folded byte the
        // original byte range it came from.
        let b = text.as_bytes();
        norm.clear();
        map.clear();
        let mut pending_space: Option<usize> = None;
        let mut i = lo;
        while i < hi
            && let Some(&c) = b.get(i)
        {
            // The character at i: ASCII inline, anything else decoded.
            let (alnum, len) = if c.is_ascii() {
                (c.is_ascii_alphanumeric(), 1)
            } else {
                let ch = text.get(i..).and_then(|r| r.chars().next());
                (
                    ch.is_some_and(char::is_alphanumeric),
                    ch.map_or(1, char::len_utf8),
                )
            };
            if alnum {
                if let Some(sp) = pending_space.take()
                    && !norm.is_empty()
                {
                    norm.push(b' ');
                    map.push((sp, sp + 1));
                }
                if c.is_ascii() {
                    norm.push(c.to_ascii_lowercase());
                    map.push((i, i + 1));
                } else if let Some(ch) = text.get(i..).and_then(|r| r.chars().next()) {
                    for lc in ch.to_lowercase() {
                        let mut buf = [0u8; 4];
                        let enc = lc.encode_utf8(&mut buf);
                        norm.extend_from_slice(enc.as_bytes());
                        map.extend(std::iter::repeat_n((i, i + len), enc.len()));
                    }
                }
                i += len;
            } else if c == b'-' && pending_space.is_none() && hyphen_at_line_end(text, i + 1) {
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
                i += len;
            }
        }
        let nb = norm.as_slice();
        for m in self.ac.find_iter(nb) {
            let (s, e) = (m.start(), m.end());
            // At a chunk's edges the neighbouring chunk decides.
            let before_ok = if s == 0 {
                lo == 0
            } else {
                nb.get(s - 1) == Some(&b' ')
            };
            let after_ok = if e >= nb.len() {
                hi >= b.len()
            } else {
                nb.get(e) == Some(&b' ')
            };
            if !before_ok || !after_ok {
                continue;
            }
            let (Some(&(os, _)), Some(&(_, oe))) = (map.get(s), map.get(e.saturating_sub(1)))
            else {
                continue;
            };
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

    fn find(terms: &[&str], text: &str) -> Vec<String> {
        let t = CustomTerms::new(&terms.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        let mut out = Vec::new();
        t.find(text, &mut out);
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
