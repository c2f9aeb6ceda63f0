//! Token-level rewriting of one content stream: only the operators that
//! change are rebuilt; every other byte is copied as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use lopdf::{Object, ObjectId, StringFormat};

use super::collect::Removal;
use crate::lexer::Lexer;

/// The changes to one stream.
#[derive(Default, Debug)]
pub(super) struct StreamEdit {
    /// Glyphs to cut, by operator index.
    glyphs: BTreeMap<usize, Vec<Removal>>,
    /// `Do` operators to point at a copied form, by operator index.
    renames: BTreeMap<usize, Vec<u8>>,
    /// Operators to delete (image draws under an area).
    drop: BTreeSet<usize>,
    /// Of those, the ones that must be a given operator (`sh`).
    expect: BTreeMap<usize, &'static str>,
    /// BDC operators to lose their /ActualText.
    strip_actual: BTreeSet<usize>,
    /// Operator runs to delete: last operator index -> (first operator
    /// index, whether the last one paints). A whole path ends with its
    /// painting operator; a subpath ends with a construction operator.
    paths: BTreeMap<usize, (usize, bool)>,
    /// Inline images to replace whole (BI ... EI), by operator index.
    inline: BTreeMap<usize, Vec<u8>>,
    /// XObject names this stream's resources must gain.
    pub xobjects: Vec<(Vec<u8>, ObjectId)>,
}

impl StreamEdit {
    pub fn add(&mut self, r: Removal) {
        self.glyphs.entry(r.op).or_default().push(r);
    }

    pub fn rename(&mut self, op: usize, name: Vec<u8>, id: ObjectId) {
        self.renames.insert(op, name.clone());
        self.xobjects.push((name, id));
    }

    pub fn drop_op(&mut self, op: usize) {
        self.drop.insert(op);
    }

    /// Deletes operator `op`, which must be `operator`.
    pub fn drop_named(&mut self, op: usize, operator: &'static str) {
        self.drop.insert(op);
        self.expect.insert(op, operator);
    }

    pub fn strip_actual_text(&mut self, op: usize) {
        self.strip_actual.insert(op);
    }

    /// Deletes the path built from operator `first` and painted by `op`.
    pub fn drop_path(&mut self, first: usize, op: usize) {
        if first <= op {
            self.paths.insert(op, (first, true));
        }
    }

    /// Deletes the construction operators `first..=last` of one subpath
    /// (the rest of its path and the painting operator stay).
    pub fn drop_subpath(&mut self, first: usize, last: usize) {
        if first <= last {
            self.paths.insert(last, (first, false));
        }
    }

    /// Replaces the inline image at `op` with `bytes` (a whole BI ... EI).
    pub fn replace_inline(&mut self, op: usize, bytes: Vec<u8>) {
        self.inline.insert(op, bytes);
    }

    /// Whether operator `i` lies in a path or subpath to delete: (whether
    /// it is the operator that ends it, whether that one paints).
    fn in_path(&self, i: usize) -> Option<(bool, bool)> {
        let (&last, &(first, paints)) = self.paths.range(i..).next()?;
        (first <= i).then_some((i == last, paints))
    }

    fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
            && self.renames.is_empty()
            && self.drop.is_empty()
            && self.strip_actual.is_empty()
            && self.paths.is_empty()
            && self.inline.is_empty()
    }

    fn len(&self) -> usize {
        let mut ops: BTreeSet<usize> = self.glyphs.keys().copied().collect();
        ops.extend(self.renames.keys());
        ops.extend(&self.drop);
        ops.extend(&self.strip_actual);
        ops.extend(self.paths.keys());
        ops.extend(self.inline.keys());
        ops.len()
    }
}

/// Rewrites `data` (a decoded content stream) with `edit`. Fails when an
/// operator to change is not where the interpreter saw it.
pub(super) fn apply(data: &[u8], edit: &StreamEdit) -> Result<Vec<u8>, String> {
    if edit.is_empty() {
        return Ok(data.to_vec());
    }
    let mut out = Vec::with_capacity(data.len() + 64);
    let mut pos = 0usize;
    let mut lexer = Lexer::new(data);
    let mut index = 0usize;
    let mut done = 0usize;
    let wanted = edit.len();
    while let Some(op) = lexer.next_op() {
        let i = index;
        index += 1;
        let in_path = edit.in_path(i);
        let path = in_path.map(|(last, _)| last);
        match in_path {
            // Not part of the path after all (a malformed stream): kept.
            Some((false, _)) if !is_path_op(&op.operator) => continue,
            Some((true, true)) if !is_paint_op(&op.operator) => {
                return Err(format!(
                    "operator {i} is {} where a path-painting operator was seen",
                    op.operator
                ));
            }
            Some((true, false)) if !is_path_op(&op.operator) || is_paint_op(&op.operator) => {
                return Err(format!(
                    "operator {i} is {} where a path-construction operator was seen",
                    op.operator
                ));
            }
            _ => {}
        }
        let replacement = if edit.drop.contains(&i) {
            if let Some(want) = edit.expect.get(&i)
                && op.operator != *want
            {
                return Err(format!(
                    "operator {i} is {} where {want} was seen",
                    op.operator
                ));
            }
            Some(Vec::new())
        } else if let Some(bytes) = edit.inline.get(&i) {
            if op.operator != "BI" {
                return Err(format!(
                    "operator {i} is {} where an inline image was seen",
                    op.operator
                ));
            }
            Some(bytes.clone())
        } else if path.is_some() {
            Some(Vec::new())
        } else if edit.strip_actual.contains(&i) {
            Some(strip_actual(&op.operator, &op.operands)?)
        } else if let Some(rs) = edit.glyphs.get(&i) {
            Some(rebuild_show(&op.operator, &op.operands, rs)?)
        } else if let Some(name) = edit.renames.get(&i) {
            if op.operator != "Do" {
                return Err(format!(
                    "operator {i} is {} where a Do was seen",
                    op.operator
                ));
            }
            let mut b = Vec::new();
            write_obj(&mut b, &Object::Name(name.clone()));
            b.extend_from_slice(b" Do");
            Some(b)
        } else {
            None
        };
        if let Some(bytes) = replacement {
            let Range { start, end } = op.range;
            let Some(before) = data.get(pos..start) else {
                return Err("operator ranges overlap".into());
            };
            out.extend_from_slice(before);
            // Delimit from whatever precedes and follows.
            out.push(b' ');
            out.extend_from_slice(&bytes);
            out.push(b' ');
            pos = end;
            if path == Some(false) {
                continue;
            }
            done += 1;
            if done == wanted {
                break;
            }
        }
    }
    if done != wanted {
        return Err(format!(
            "{} of {wanted} operators to change were not found again",
            wanted - done
        ));
    }
    out.extend_from_slice(data.get(pos..).unwrap_or_default());
    Ok(out)
}

/// Path construction, clipping and painting operators (8.5.2 to 8.5.4).
fn is_path_op(o: &str) -> bool {
    matches!(o, "m" | "l" | "c" | "v" | "y" | "re" | "h" | "W" | "W*") || is_paint_op(o)
}

/// Path-painting operators (8.5.3.1).
fn is_paint_op(o: &str) -> bool {
    matches!(
        o,
        "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n"
    )
}

/// A BDC operator rebuilt without /ActualText, /Alt and /E in its inline
/// dictionary.
fn strip_actual(operator: &str, operands: &[Object]) -> Result<Vec<u8>, String> {
    if operator != "BDC" {
        return Err(format!("operator {operator} found where a BDC was seen"));
    }
    let mut b = Vec::new();
    for o in operands {
        match o {
            Object::Dictionary(d) => {
                // The textual stand-ins of marked content (14.9.3-14.9.5).
                let mut d = d.clone();
                for key in [b"ActualText".as_slice(), b"Alt", b"E"] {
                    d.remove(key);
                }
                write_obj(&mut b, &Object::Dictionary(d));
            }
            other => write_obj(&mut b, other),
        }
        b.push(b' ');
    }
    b.extend_from_slice(b"BDC");
    Ok(b)
}

/// One element of a rebuilt TJ array.
enum Piece {
    Str(Vec<u8>, StringFormat),
    Num(f64),
    Orig(Object),
}

/// Rebuilds a show operator without the removed glyphs, as a TJ whose
/// numbers stand in for the removed glyphs' advances (ISO 32000-1 9.4.3:
/// a TJ number moves the next glyph by `-n/1000 * Tfs * Th`).
fn rebuild_show(operator: &str, operands: &[Object], rs: &[Removal]) -> Result<Vec<u8>, String> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut prefix: Vec<u8> = Vec::new();
    match operator {
        "Tj" | "'" | "\"" => {
            let k = operands.len().saturating_sub(1);
            let Some(Object::String(s, f)) = operands.get(k) else {
                return Err(format!("the {operator} operator has no string operand"));
            };
            if operator == "\"" {
                // " is: aw Tw, ac Tc, then ' (9.4.3).
                let n = operands.len();
                for (back, op) in [(3usize, "Tw"), (2, "Tc")] {
                    if let Some(v) = n.checked_sub(back).and_then(|j| operands.get(j)) {
                        write_obj(&mut prefix, v);
                        prefix.push(b' ');
                        prefix.extend_from_slice(op.as_bytes());
                        prefix.push(b' ');
                    }
                }
            }
            if operator != "Tj" {
                prefix.extend_from_slice(b"T* ");
            }
            let mine: Vec<&Removal> = rs.iter().filter(|r| r.operand == k).collect();
            split(s, *f, &mine, &mut pieces)?;
        }
        "TJ" => {
            let Some(Object::Array(items)) = operands.last() else {
                return Err("the TJ operator has no array operand".into());
            };
            for (k, item) in items.iter().enumerate() {
                match item {
                    Object::String(s, f) => {
                        let mine: Vec<&Removal> = rs.iter().filter(|r| r.operand == k).collect();
                        split(s, *f, &mine, &mut pieces)?;
                    }
                    other => pieces.push(Piece::Orig(other.clone())),
                }
            }
        }
        other => return Err(format!("glyphs were seen on a {other} operator")),
    }
    let mut b = prefix;
    b.push(b'[');
    let mut first = true;
    for p in &pieces {
        if !first {
            b.push(b' ');
        }
        first = false;
        match p {
            Piece::Str(s, f) => write_obj(&mut b, &Object::String(s.clone(), *f)),
            Piece::Num(n) => b.extend_from_slice(fmt_num(*n).as_bytes()),
            Piece::Orig(o) => write_obj(&mut b, o),
        }
    }
    b.extend_from_slice(b"] TJ");
    Ok(b)
}

/// Splits one string into kept pieces and adjustments for the removed runs.
fn split(
    s: &[u8],
    format: StringFormat,
    removed: &[&Removal],
    out: &mut Vec<Piece>,
) -> Result<(), String> {
    if removed.is_empty() {
        out.push(Piece::Str(s.to_vec(), format));
        return Ok(());
    }
    let mut rs: Vec<&Removal> = removed.to_vec();
    rs.sort_by_key(|r| r.bytes.start);
    let mut pos = 0usize;
    let mut pending = 0.0f64;
    for r in rs {
        if r.bytes.start < pos || r.bytes.end > s.len() || r.bytes.start > r.bytes.end {
            return Err("a glyph's bytes do not lie in its string".into());
        }
        if r.bytes.start > pos {
            if pending != 0.0 {
                out.push(Piece::Num(pending));
                pending = 0.0;
            }
            out.push(Piece::Str(
                s.get(pos..r.bytes.start).unwrap_or_default().to_vec(),
                format,
            ));
        }
        pending += adjustment(r)?;
        pos = r.bytes.end;
    }
    if pending != 0.0 {
        out.push(Piece::Num(pending));
    }
    if pos < s.len() {
        out.push(Piece::Str(
            s.get(pos..).unwrap_or_default().to_vec(),
            format,
        ));
    }
    Ok(())
}

/// The TJ number that moves as far as the removed glyph did.
fn adjustment(r: &Removal) -> Result<f64, String> {
    let scale = if r.vertical {
        r.font_size
    } else {
        r.font_size * r.h_scale
    };
    if r.advance == 0.0 {
        return Ok(0.0);
    }
    if scale.abs() < 1e-9 || !scale.is_finite() || !r.advance.is_finite() {
        return Err(
            "a removed glyph moved the text with a zero font size or scaling, which a TJ \
             adjustment cannot reproduce"
                .into(),
        );
    }
    Ok(-r.advance * 1000.0 / scale)
}

/// A number as a content stream writes it: integers plainly, reals with up
/// to six decimals and no exponent (7.3.3).
pub(super) fn fmt_num(n: f64) -> String {
    if !n.is_finite() {
        return "0".into();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let s = format!("{n:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Serializes an operand (7.3).
pub(super) fn write_obj(b: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => b.extend_from_slice(b"null"),
        Object::Boolean(v) => b.extend_from_slice(if *v { b"true" } else { b"false" }),
        Object::Integer(i) => b.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => b.extend_from_slice(fmt_num(f64::from(*r)).as_bytes()),
        Object::Name(n) => {
            b.push(b'/');
            for &c in n {
                if c.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&c) {
                    b.push(c);
                } else {
                    let _ = write!(HexSink(b), "#{c:02X}");
                }
            }
        }
        Object::String(s, StringFormat::Hexadecimal) => {
            b.push(b'<');
            for c in s {
                let _ = write!(HexSink(b), "{c:02X}");
            }
            b.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => {
            b.push(b'(');
            for &c in s {
                match c {
                    b'(' | b')' | b'\\' => {
                        b.push(b'\\');
                        b.push(c);
                    }
                    b'\r' => b.extend_from_slice(b"\\r"),
                    b'\n' => b.extend_from_slice(b"\\n"),
                    _ => b.push(c),
                }
            }
            b.push(b')');
        }
        Object::Array(a) => {
            b.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    b.push(b' ');
                }
                write_obj(b, x);
            }
            b.push(b']');
        }
        Object::Dictionary(d) => {
            b.extend_from_slice(b"<<");
            for (k, v) in d.iter() {
                write_obj(b, &Object::Name(k.clone()));
                b.push(b' ');
                write_obj(b, v);
                b.push(b' ');
            }
            b.extend_from_slice(b">>");
        }
        Object::Reference(id) => {
            let _ = write!(HexSink(b), "{} {} R", id.0, id.1);
        }
        Object::Stream(_) => b.extend_from_slice(b"null"),
    }
}

/// `fmt::Write` into a byte vector.
struct HexSink<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for HexSink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(-2.5), "-2.5");
        assert_eq!(fmt_num(0.1234567), "0.123457");
        assert_eq!(fmt_num(-0.0000001), "0");
    }

    #[test]
    fn strings_round_trip_through_the_lexer() {
        let mut b = Vec::new();
        write_obj(
            &mut b,
            &Object::Array(vec![
                Object::String(b"a(b)\\c\r\n".to_vec(), StringFormat::Literal),
                Object::String(vec![0, 255], StringFormat::Hexadecimal),
                Object::Name(b"A B#".to_vec()),
            ]),
        );
        b.extend_from_slice(b" TJ");
        let op = Lexer::new(&b).next_op().unwrap();
        let Object::Array(a) = &op.operands[0] else {
            panic!()
        };
        assert_eq!(a[0].as_str().unwrap(), b"a(b)\\c\r\n");
        assert_eq!(a[1].as_str().unwrap(), &[0u8, 255]);
        assert_eq!(a[2].as_name().unwrap(), b"A B#");
    }
}
