//! Byte-level helpers over UTF-8 page text. Every helper works on bytes and
//! only ever returns positions at ASCII bytes or the text's ends, so the
//! spans built from them are always on `char` boundaries.

/// ASCII letter or digit: the bytes a word is made of.
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Skip spaces and tabs (not line breaks) from `pos`.
pub(crate) fn skip_blanks(text: &[u8], mut pos: usize) -> usize {
    while matches!(text.get(pos), Some(b' ' | b'\t' | b'\r')) {
        pos += 1;
    }
    pos
}

/// Skip spaces, tabs and at most `lines` line breaks from `pos`.
pub(crate) fn skip_space(text: &[u8], mut pos: usize, lines: usize) -> usize {
    let mut seen = 0;
    loop {
        match text.get(pos) {
            Some(b' ' | b'\t' | b'\r') => pos += 1,
            Some(b'\n') if seen < lines => {
                seen += 1;
                pos += 1;
            }
            _ => return pos,
        }
    }
}

/// The digits of `s`, as a String.
pub(crate) fn digits_of(s: &[u8]) -> String {
    s.iter()
        .filter(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect()
}

/// The letters and digits of `s`, uppercased.
pub(crate) fn alnum_upper(s: &[u8]) -> String {
    s.iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|&b| b.to_ascii_uppercase() as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_skips() {
        let t = b"ab\ncd  \n  ef";
        assert_eq!(skip_space(t, 5, 1), 10);
        assert_eq!(skip_space(t, 5, 0), 7);
        assert_eq!(skip_blanks(t, 5), 7);
        assert_eq!(digits_of(b"41-11 x"), "4111");
        assert_eq!(alnum_upper(b"wdl-1a"), "WDL1A");
    }
}
