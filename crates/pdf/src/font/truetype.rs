//! Just enough of the TrueType / OpenType format to recover Unicode for a
//! CIDFontType2 font that has no ToUnicode map: invert the font program's
//! Unicode 'cmap' subtable (GID -> code point). The result is a guess (a glyph
//! reached by several code points, or by none, as ligatures are, maps to the
//! lowest or to nothing), so callers mark it `UnicodeSource::Guessed`.
//!
//! Everything is bounds-checked: a malformed font program yields None.

/// Most glyph ids the inverse table covers (the TrueType maximum).
const MAX_GLYPHS: usize = 65536;
/// Most code points read from one cmap subtable.
const MAX_MAPPINGS: usize = 1 << 18;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([*b.first()?, *b.get(1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([
        *b.first()?,
        *b.get(1)?,
        *b.get(2)?,
        *b.get(3)?,
    ]))
}

/// The bytes of table `tag` from the table directory.
fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = usize::from(u16_at(font, 4)?);
    (0..count.min(512)).find_map(|i| {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4)? != tag {
            return None;
        }
        let off = usize::try_from(u32_at(font, rec + 8)?).ok()?;
        let len = usize::try_from(u32_at(font, rec + 12)?).ok()?;
        font.get(off..off.checked_add(len)?)
            .or_else(|| font.get(off..)) // lengths are often off by padding
    })
}

/// GID -> Unicode scalar from the font's Unicode cmap, or None when the
/// program has no usable Unicode subtable.
pub(super) fn gid_to_unicode(font: &[u8]) -> Option<Vec<Option<char>>> {
    let cmap = table(font, b"cmap")?;
    let n = usize::from(u16_at(cmap, 2)?);
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n.min(64) {
        let rec = 4 + 8 * i;
        let (pid, eid) = (u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?);
        let off = usize::try_from(u32_at(cmap, rec + 4)?).ok()?;
        // Preference: full-repertoire Windows, BMP Windows, Unicode platform.
        let rank = match (pid, eid) {
            (3, 10) => 3,
            (3, 1) => 2,
            (0, _) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, off));
        }
    }
    let sub = cmap.get(best?.1..)?;
    // (code point, gid) pairs, in table order, bounded.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    // Returns false once the bound is reached, so loops stop.
    let put = |pairs: &mut Vec<(u32, u32)>, code: u32, gid: u32| {
        let room = pairs.len() < MAX_MAPPINGS;
        if room {
            pairs.push((code, gid));
        }
        room
    };
    match u16_at(sub, 0)? {
        0 => {
            for code in 0..256u32 {
                put(&mut pairs, code, u32::from(*sub.get(6 + code as usize)?));
            }
        }
        4 => {
            let segs = usize::from(u16_at(sub, 6)? / 2);
            let ends = 14;
            let starts = ends + 2 * segs + 2;
            let deltas = starts + 2 * segs;
            let ranges = deltas + 2 * segs;
            for s in 0..segs {
                let end = u32::from(u16_at(sub, ends + 2 * s)?);
                let start = u32::from(u16_at(sub, starts + 2 * s)?);
                let delta = u32::from(u16_at(sub, deltas + 2 * s)?);
                let ro_at = ranges + 2 * s;
                let ro = usize::from(u16_at(sub, ro_at)?);
                for code in start..=end.min(0xFFFE) {
                    let gid = if ro == 0 {
                        (code + delta) & 0xFFFF
                    } else {
                        let at = ro_at + ro + 2 * (code - start) as usize;
                        match u16_at(sub, at) {
                            Some(0) | None => continue,
                            Some(g) => (u32::from(g) + delta) & 0xFFFF,
                        }
                    };
                    if !put(&mut pairs, code, gid) {
                        break;
                    }
                }
            }
        }
        6 => {
            let first = u32::from(u16_at(sub, 6)?);
            let n = u32::from(u16_at(sub, 8)?);
            for k in 0..n {
                put(
                    &mut pairs,
                    first + k,
                    u32::from(u16_at(sub, 10 + 2 * k as usize)?),
                );
            }
        }
        12 => {
            let groups = usize::try_from(u32_at(sub, 12)?).ok()?;
            for k in 0..groups.min(MAX_MAPPINGS) {
                let at = 16 + 12 * k;
                let (start, end, gid) =
                    (u32_at(sub, at)?, u32_at(sub, at + 4)?, u32_at(sub, at + 8)?);
                for code in start..=end.min(0x10FFFF) {
                    if !put(&mut pairs, code, gid.saturating_add(code - start)) {
                        break;
                    }
                }
            }
        }
        _ => return None,
    }
    let mut out: Vec<Option<char>> = Vec::new();
    for (code, gid) in pairs {
        let (Ok(g), Some(c)) = (usize::try_from(gid), char::from_u32(code)) else {
            continue;
        };
        if g == 0 || g >= MAX_GLYPHS || c.is_control() {
            continue;
        }
        if out.len() <= g {
            out.resize(g + 1, None);
        }
        if let Some(slot) = out.get_mut(g)
            && slot.is_none()
        {
            *slot = Some(c);
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A minimal font program: table directory with one 'cmap' table holding
    /// a (3,1) format 4 subtable.
    pub(in crate::font) fn tiny_font(map: &[(u16, u16)]) -> Vec<u8> {
        // Format 4 with one segment per mapping plus the 0xFFFF end segment.
        let segs = map.len() + 1;
        let mut sub = Vec::new();
        let push = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
        push(&mut sub, 4);
        push(&mut sub, 0); // length, patched below
        push(&mut sub, 0);
        push(&mut sub, (segs * 2) as u16);
        push(&mut sub, 0);
        push(&mut sub, 0);
        push(&mut sub, 0);
        for (c, _) in map {
            push(&mut sub, *c);
        }
        push(&mut sub, 0xFFFF);
        push(&mut sub, 0);
        for (c, _) in map {
            push(&mut sub, *c);
        }
        push(&mut sub, 0xFFFF);
        for (c, g) in map {
            push(&mut sub, g.wrapping_sub(*c));
        }
        push(&mut sub, 1);
        for _ in 0..segs {
            push(&mut sub, 0);
        }
        let len = sub.len() as u16;
        sub[2..4].copy_from_slice(&len.to_be_bytes());
        let mut cmap = Vec::new();
        push(&mut cmap, 0);
        push(&mut cmap, 1);
        push(&mut cmap, 3);
        push(&mut cmap, 1);
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        let mut font = vec![0, 1, 0, 0];
        push(&mut font, 1);
        font.extend_from_slice(&[0; 6]);
        font.extend_from_slice(b"cmap");
        font.extend_from_slice(&[0; 4]);
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        font.extend_from_slice(&cmap);
        font
    }

    #[test]
    fn inverts_format4() {
        let font = tiny_font(&[(0x41, 3), (0x42, 4), (0xA0, 5), (0x20, 5)]);
        let inv = gid_to_unicode(&font).unwrap();
        assert_eq!(inv.get(3).copied().flatten(), Some('A'));
        assert_eq!(inv.get(4).copied().flatten(), Some('B'));
        // Two code points on one glyph: the first seen wins (ascending here
        // by segment order: 0xA0 came first in this table).
        assert_eq!(inv.get(5).copied().flatten(), Some('\u{a0}'));
        assert_eq!(inv.get(1).copied().flatten(), None);
    }

    #[test]
    fn garbage_is_none() {
        assert!(gid_to_unicode(b"").is_none());
        assert!(gid_to_unicode(&[0, 1, 0, 0, 0xFF, 0xFF]).is_none());
        let mut font = tiny_font(&[(0x41, 3)]);
        font.truncate(40);
        assert!(gid_to_unicode(&font).is_none());
    }
}
