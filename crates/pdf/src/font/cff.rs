//! Just enough of the Compact Font Format (Adobe Technical Note 5176) to read
//! the built-in encoding of an embedded Type1C font program (FontFile3 with
//! /Subtype /Type1C): code -> glyph name through the Encoding and charset
//! tables. Poppler and pdf.js do the same; without it a subset font that
//! relies on its built-in encoding reads as StandardEncoding, i.e. garbage.
//!
//! Everything is bounds-checked: a malformed program yields None.

use super::tables::CFF_STANDARD_STRINGS;

/// Most glyphs considered.
const MAX_GLYPHS: usize = 65536;

fn u8_at(d: &[u8], at: usize) -> Option<usize> {
    d.get(at).map(|&b| usize::from(b))
}

fn u16_at(d: &[u8], at: usize) -> Option<usize> {
    Some((u8_at(d, at)? << 8) | u8_at(d, at + 1)?)
}

/// Big-endian offset of 1-4 bytes.
fn offset_at(d: &[u8], at: usize, size: usize) -> Option<usize> {
    (0..size).try_fold(0usize, |acc, i| Some((acc << 8) | u8_at(d, at + i)?))
}

/// A CFF INDEX: its items as byte ranges of `d`, and the end offset.
fn index(d: &[u8], at: usize) -> Option<(Vec<std::ops::Range<usize>>, usize)> {
    let count = u16_at(d, at)?;
    if count == 0 {
        return Some((Vec::new(), at + 2));
    }
    let off_size = u8_at(d, at + 2)?;
    if !(1..=4).contains(&off_size) {
        return None;
    }
    let offsets_at = at + 3;
    let data_base = offsets_at + (count + 1) * off_size - 1;
    let mut items = Vec::with_capacity(count.min(MAX_GLYPHS));
    let mut prev = offset_at(d, offsets_at, off_size)?;
    for i in 1..=count {
        let next = offset_at(d, offsets_at + i * off_size, off_size)?;
        if next < prev {
            return None;
        }
        items.push(data_base + prev..data_base + next);
        prev = next;
    }
    let end = data_base + prev;
    (end <= d.len()).then_some((items, end))
}

/// The operands of the Top DICT operators we need: charset (15), Encoding
/// (16), CharStrings (17), and whether it is a CIDFont (12 30, ROS).
fn top_dict(d: &[u8]) -> Option<(usize, usize, usize, bool)> {
    let (mut charset, mut encoding, mut charstrings, mut cid) = (0usize, 0usize, None, false);
    let mut operands: Vec<f64> = Vec::new();
    let mut i = 0;
    while let Some(&b) = d.get(i) {
        match b {
            0..=21 => {
                let op = if b == 12 {
                    i += 1;
                    1200 + u16::from(*d.get(i)?)
                } else {
                    u16::from(b)
                };
                let last = operands.last().copied().unwrap_or(0.0);
                let off = if (0.0..1e9).contains(&last) {
                    last as usize
                } else {
                    0
                };
                match op {
                    15 => charset = off,
                    16 => encoding = off,
                    17 => charstrings = Some(off),
                    1230 => cid = true,
                    _ => {}
                }
                operands.clear();
                i += 1;
            }
            28 => {
                let v = i16::from_be_bytes([*d.get(i + 1)?, *d.get(i + 2)?]);
                operands.push(f64::from(v));
                i += 3;
            }
            29 => {
                let v = i32::from_be_bytes([
                    *d.get(i + 1)?,
                    *d.get(i + 2)?,
                    *d.get(i + 3)?,
                    *d.get(i + 4)?,
                ]);
                operands.push(f64::from(v));
                i += 5;
            }
            30 => {
                // Real number: nibbles until 0xf; its value never matters here.
                i += 1;
                while let Some(&n) = d.get(i) {
                    i += 1;
                    if n & 0x0F == 0x0F || n >> 4 == 0x0F {
                        break;
                    }
                }
                operands.push(0.0);
            }
            32..=246 => {
                operands.push(f64::from(i32::from(b) - 139));
                i += 1;
            }
            247..=250 => {
                let v = (i32::from(b) - 247) * 256 + i32::from(*d.get(i + 1)?) + 108;
                operands.push(f64::from(v));
                i += 2;
            }
            251..=254 => {
                let v = -(i32::from(b) - 251) * 256 - i32::from(*d.get(i + 1)?) - 108;
                operands.push(f64::from(v));
                i += 2;
            }
            _ => i += 1,
        }
        if operands.len() > 48 {
            return None;
        }
    }
    Some((charset, encoding, charstrings?, cid))
}

/// The built-in encoding of a CFF font program: glyph name per code (None
/// where the code is unmapped). None when the program uses the predefined
/// Standard or Expert encoding, is a CIDFont, or cannot be read.
pub(super) fn builtin_encoding(d: &[u8]) -> Option<Vec<Option<String>>> {
    let hdr_size = u8_at(d, 2)?;
    let (_names, after_names) = index(d, hdr_size)?;
    let (tops, after_tops) = index(d, after_names)?;
    let (strings, _) = index(d, after_tops)?;
    let top = tops.first()?;
    let (charset_off, encoding_off, charstrings_off, cid) = top_dict(d.get(top.clone())?)?;
    if cid || encoding_off <= 1 {
        return None;
    }
    let (glyphs, _) = index(d, charstrings_off)?;
    let n_glyphs = glyphs.len().min(MAX_GLYPHS);

    // charset: GID -> SID (GID 0 is .notdef).
    let mut sids = vec![0usize; n_glyphs];
    match charset_off {
        0 => sids.iter_mut().enumerate().for_each(|(g, s)| *s = g), // ISOAdobe
        1 | 2 => return None,                                       // Expert sets
        off => {
            let format = u8_at(d, off)?;
            let mut gid = 1;
            let mut at = off + 1;
            while gid < n_glyphs {
                match format {
                    0 => {
                        *sids.get_mut(gid)? = u16_at(d, at)?;
                        gid += 1;
                        at += 2;
                    }
                    1 | 2 => {
                        let first = u16_at(d, at)?;
                        let left = if format == 1 {
                            u8_at(d, at + 2)?
                        } else {
                            u16_at(d, at + 2)?
                        };
                        at += if format == 1 { 3 } else { 4 };
                        for k in 0..=left {
                            if let Some(s) = sids.get_mut(gid) {
                                *s = first + k;
                            }
                            gid += 1;
                        }
                    }
                    _ => return None,
                }
            }
        }
    }
    let name_of = |sid: usize| -> Option<String> {
        match CFF_STANDARD_STRINGS.get(sid) {
            Some(s) => Some((*s).to_string()),
            None => {
                let r = strings.get(sid - CFF_STANDARD_STRINGS.len())?;
                Some(String::from_utf8_lossy(d.get(r.clone())?).into_owned())
            }
        }
    };

    // Encoding: code -> GID, then supplements code -> SID.
    let mut names: Vec<Option<String>> = vec![None; 256];
    let format = u8_at(d, encoding_off)?;
    let mut at = encoding_off + 1;
    match format & 0x7F {
        0 => {
            let n = u8_at(d, at)?;
            for gid in 1..=n {
                let code = u8_at(d, at + gid)?;
                if let (Some(slot), Some(&sid)) = (names.get_mut(code), sids.get(gid)) {
                    *slot = name_of(sid);
                }
            }
            at += 1 + n;
        }
        1 => {
            let n = u8_at(d, at)?;
            let mut gid = 1;
            for r in 0..n {
                let first = u8_at(d, at + 1 + 2 * r)?;
                let left = u8_at(d, at + 2 + 2 * r)?;
                for code in first..=first + left {
                    if let (Some(slot), Some(&sid)) = (names.get_mut(code), sids.get(gid)) {
                        *slot = name_of(sid);
                    }
                    gid += 1;
                }
            }
            at += 1 + 2 * n;
        }
        _ => return None,
    }
    if format & 0x80 != 0 {
        let n = u8_at(d, at)?;
        for k in 0..n {
            let code = u8_at(d, at + 1 + 3 * k)?;
            let sid = u16_at(d, at + 2 + 3 * k)?;
            if let Some(slot) = names.get_mut(code) {
                *slot = name_of(sid);
            }
        }
    }
    names.iter().any(Option::is_some).then_some(names)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn index_bytes(items: &[&[u8]]) -> Vec<u8> {
        let mut out = (items.len() as u16).to_be_bytes().to_vec();
        if items.is_empty() {
            return out;
        }
        out.push(2); // offSize
        let mut off = 1u16;
        out.extend_from_slice(&off.to_be_bytes());
        for it in items {
            off += it.len() as u16;
            out.extend_from_slice(&off.to_be_bytes());
        }
        for it in items {
            out.extend_from_slice(it);
        }
        out
    }

    /// A minimal Type1C program: 4 glyphs (.notdef, "A" by SID 34, a custom
    /// string "Foo", "B"), charset format 0, encoding format 0 with codes
    /// 1, 2, 3 and a supplement mapping code 4 to "bullet" (SID 116).
    pub(in crate::font) fn tiny_cff() -> Vec<u8> {
        let header = [1u8, 0, 4, 2];
        let names = index_bytes(&[b"Tiny"]);
        let strings = index_bytes(&[b"Foo"]);
        let gsubrs = index_bytes(&[]);
        let charstrings = index_bytes(&[b"\x0e", b"\x0e", b"\x0e", b"\x0e"]);
        let charset: Vec<u8> = vec![0, 0, 34, 1, 135, 0, 35]; // A, Foo (391), B
        let encoding: Vec<u8> = vec![0x80, 3, 1, 2, 3, 1, 4, 0, 116];
        // Top DICT with 29-encoded (5-byte) offsets so its size is fixed.
        let top_len = 3 * 6;
        let top_index_len = 2 + 1 + 2 * 2 + top_len;
        let base = header.len() + names.len() + top_index_len + strings.len() + gsubrs.len();
        let cs_off = base;
        let charset_off = cs_off + charstrings.len();
        let enc_off = charset_off + charset.len();
        let mut top = Vec::new();
        for (v, op) in [(charset_off, 15u8), (enc_off, 16), (cs_off, 17)] {
            top.push(29);
            top.extend_from_slice(&(v as i32).to_be_bytes());
            top.push(op);
        }
        let mut out = header.to_vec();
        out.extend(names);
        out.extend(index_bytes(&[&top]));
        out.extend(strings);
        out.extend(gsubrs);
        assert_eq!(out.len(), base);
        out.extend(charstrings);
        out.extend(charset);
        out.extend(encoding);
        out
    }

    #[test]
    fn reads_builtin_encoding() {
        let names = builtin_encoding(&tiny_cff()).unwrap();
        assert_eq!(names[1].as_deref(), Some("A"));
        assert_eq!(names[2].as_deref(), Some("Foo"));
        assert_eq!(names[3].as_deref(), Some("B"));
        assert_eq!(names[4].as_deref(), Some("bullet"));
        assert_eq!(names[5], None);
    }

    #[test]
    fn garbage_is_none() {
        assert!(builtin_encoding(b"").is_none());
        assert!(builtin_encoding(&[1, 0, 4, 2, 0xFF, 0xFF, 4]).is_none());
        let mut t = tiny_cff();
        t.truncate(t.len() - 6);
        let _ = builtin_encoding(&t); // no panic
    }
}
