//! The mark: a filled black rectangle over each area, with its label in
//! white Helvetica when it fits.

use lopdf::{Dictionary, Object, ObjectId, StringFormat, dictionary};

use super::Area;
use super::rewrite::{fmt_num, write_obj};
use crate::font::Font;
use crate::geom::{Matrix, Rect};

/// The comment that opens every mark stream (7.2.4: readers ignore it),
/// so that the verification can tell the marks' labels, the only glyphs
/// allowed inside an area, from everything else.
pub(super) const MARK_TAG: &[u8] = b"%disclose-redaction-mark\n";

/// Largest label size, in points.
const MAX_LABEL_SIZE: f64 = 10.0;
/// Below this size a label is left out.
const MIN_LABEL_SIZE: f64 = 4.0;
/// Helvetica's cap height (AFM), in em.
const CAP_HEIGHT: f64 = 0.718;

fn font_dict() -> Dictionary {
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    }
}

/// Adds the (unembedded, standard 14) label font to `out`.
pub(super) fn add_font(out: &mut lopdf::Document) -> ObjectId {
    out.add_object(font_dict())
}

/// A font resource name not used in `res` (`RdF0`, `RdF1`, ...).
pub(super) fn font_name(out: &lopdf::Document, res: &Dictionary) -> Vec<u8> {
    let fonts = res
        .get(b"Font")
        .ok()
        .and_then(|o| out.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    for i in 0u32.. {
        let name = format!("RdF{i}").into_bytes();
        if !fonts.is_some_and(|f| f.has(&name)) {
            return name;
        }
    }
    b"RdF".to_vec()
}

/// The label as WinAnsi bytes: printable ASCII kept, anything else `?`.
fn label_bytes(label: &str) -> Vec<u8> {
    label
        .trim()
        .chars()
        .map(|c| {
            if c == ' ' || c.is_ascii_graphic() {
                c as u8
            } else {
                b'?'
            }
        })
        .collect()
}

/// Width of `text` in Helvetica at size 1.
fn width_1pt(font: &Font, text: &[u8]) -> f64 {
    font.decode(text).iter().map(|c| c.width / 1000.0).sum()
}

/// The mark stream for one page's areas; the flags say which area's label
/// was printed.
pub(super) fn content(to_view: &Matrix, areas: &[&Area], font_name: &[u8]) -> (Vec<u8>, Vec<bool>) {
    let font = Font::load(&lopdf::Document::new(), &Object::Dictionary(font_dict()));
    let mut b: Vec<u8> = Vec::new();
    let mut printed = Vec::new();
    b.extend_from_slice(MARK_TAG);
    b.extend_from_slice(b"q\n");
    // Draw in view coordinates: from view space back to default user space.
    let Some(from_view) = to_view.invert() else {
        return (b"q Q\n".to_vec(), vec![false; areas.len()]);
    };
    for v in from_view.0 {
        b.extend_from_slice(fmt_num(v).as_bytes());
        b.push(b' ');
    }
    b.extend_from_slice(b"cm\n0 g\n");
    for a in areas {
        for q in &a.quads {
            let [p0, p1, p2, p3] = q.0;
            let line = format!(
                "{} {} m {} {} l {} {} l {} {} l h f\n",
                fmt_num(p0.x),
                fmt_num(p0.y),
                fmt_num(p1.x),
                fmt_num(p1.y),
                fmt_num(p2.x),
                fmt_num(p2.y),
                fmt_num(p3.x),
                fmt_num(p3.y)
            );
            b.extend_from_slice(line.as_bytes());
        }
    }
    for a in areas {
        let text = label_bytes(&a.label);
        // The label goes in the widest quad's bounding box.
        let target: Option<Rect> = a
            .quads
            .iter()
            .map(|q| q.bounds())
            .filter(|r| !r.is_empty())
            .max_by(|x, y| x.width().total_cmp(&y.width()));
        let (Some(r), false) = (target, text.is_empty()) else {
            printed.push(false);
            continue;
        };
        let w1 = width_1pt(&font, &text);
        let pad = 1.0;
        let mut size = (r.height() * 0.7).min(MAX_LABEL_SIZE);
        if w1 > 0.0 && size * w1 > r.width() - 2.0 * pad {
            size = (r.width() - 2.0 * pad) / w1;
        }
        if !size.is_finite() || size < MIN_LABEL_SIZE || size * CAP_HEIGHT > r.height() {
            printed.push(false);
            continue;
        }
        let x = r.x_min + (r.width() - size * w1) / 2.0;
        // Cap height centred; the view is y down, so flip the text.
        let y = r.y_min + (r.height() + size * CAP_HEIGHT) / 2.0;
        b.extend_from_slice(b"BT 1 g ");
        write_obj(&mut b, &Object::Name(font_name.to_vec()));
        b.extend_from_slice(
            format!(" {} Tf 0 Tc 0 Tw 100 Tz 0 Ts 0 Tr ", fmt_num(size)).as_bytes(),
        );
        b.extend_from_slice(format!("1 0 0 -1 {} {} Tm ", fmt_num(x), fmt_num(y)).as_bytes());
        write_obj(&mut b, &Object::String(text, StringFormat::Literal));
        b.extend_from_slice(b" Tj ET\n");
        printed.push(true);
    }
    b.extend_from_slice(b"Q\n");
    (b, printed)
}
