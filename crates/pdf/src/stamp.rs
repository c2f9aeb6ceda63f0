//! Page stamps: a short text (a Bates number) printed at the bottom right of
//! each page as a viewer shows it, done inside the redaction before the file
//! is saved, so that the verification reads the stamped bytes.
//!
//! Each stamped page's /Contents becomes `q`, the original parts, `Q`, the
//! stamp (so a content stream that leaves the graphics state changed cannot
//! move or scale the stamp, ISO 32000-1 8.4.2), and its /Resources gets a
//! Helvetica font (standard 14, WinAnsiEncoding) under an unused name.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::geom::Point;
use crate::report::{Metrics, literal, num, std_font_dict, win_ansi};

/// Stamp text size, and its distance from the right and bottom edges of
/// the page as shown, in points.
const SIZE: f64 = 9.0;
const RIGHT: f64 = 24.0;
const BOTTOM: f64 = 12.0;

/// Stamps page `n` with `stamps[n - 1]` (pages past the list, or with an
/// empty text, are left alone).
pub(crate) fn stamp_pages(
    doc: &Document,
    out: &mut lopdf::Document,
    stamps: &[String],
) -> Result<()> {
    let font = out.add_object(std_font_dict("Helvetica"));
    let metrics = Metrics::new("Helvetica");
    for (i, text) in stamps.iter().enumerate() {
        let Ok(n) = u32::try_from(i + 1) else { break };
        if n > doc.page_count() {
            break;
        }
        let bytes = win_ansi(text.trim());
        if bytes.is_empty() {
            continue;
        }
        stamp_page(doc, out, n, &bytes, font, &metrics)?;
    }
    Ok(())
}

fn stamp_page(
    doc: &Document,
    out: &mut lopdf::Document,
    n: u32,
    text: &[u8],
    font: ObjectId,
    metrics: &Metrics,
) -> Result<()> {
    let geometry = doc.page_geometry(n)?;
    let page_id = doc.page_id(n)?;
    let bad = |reason: &str| Error::BadPage {
        page: n,
        reason: reason.to_string(),
    };
    let from_view = geometry
        .to_view
        .invert()
        .ok_or_else(|| bad("its boxes cannot be mapped to the screen"))?;
    // Bottom right of the page as shown, in view space (y down).
    let w = metrics.width(text, SIZE);
    let start = Point {
        x: (geometry.width - RIGHT - w).max(2.0),
        y: geometry.height - BOTTOM,
    };
    let origin = from_view.apply(start);
    let [a, b, c, d, _, _] = from_view.0;
    // Text x runs along the view's x; text "up" is the view's -y.
    let stamp = format!(
        "q BT 0 g 0 Tr 0 Tc 0 Tw 100 Tz 0 Ts /{} {} Tf {} {} {} {} {} {} Tm {} Tj ET Q\n",
        "DcBates",
        num(SIZE),
        num(a),
        num(b),
        num(-c),
        num(-d),
        num(origin.x),
        num(origin.y),
        literal(text)
    );
    // The page's resources as an owned dictionary: its own, else inherited.
    let page = out
        .get_object(page_id)
        .ok()
        .and_then(|o| o.as_dict().ok())
        .ok_or_else(|| bad("the page dictionary cannot be read"))?;
    let mut res: Dictionary = match page.get(b"Resources") {
        Ok(r) => out
            .dereference(r)
            .ok()
            .and_then(|(_, o)| o.as_dict().ok())
            .cloned()
            .unwrap_or_default(),
        Err(_) => doc
            .page_dict(n)
            .ok()
            .and_then(|p| doc.inherited(p, b"Resources"))
            .and_then(|r| doc.deref(r))
            .and_then(|r| r.as_dict().ok())
            .cloned()
            .unwrap_or_default(),
    };
    let mut fonts = res
        .get(b"Font")
        .ok()
        .and_then(|o| out.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .cloned()
        .unwrap_or_default();
    fonts.set("DcBates", Object::Reference(font));
    res.set("Font", Object::Dictionary(fonts));
    let parts = crate::redact::content_parts(out, page_id);
    let open = out.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
    let close = out.add_object(Stream::new(Dictionary::new(), b"\nQ\n".to_vec()));
    let stamp_id = out.add_object(Stream::new(Dictionary::new(), stamp.into_bytes()));
    let mut contents = Vec::with_capacity(parts.len() + 3);
    contents.push(Object::Reference(open));
    contents.extend(parts);
    contents.push(Object::Reference(close));
    contents.push(Object::Reference(stamp_id));
    let page = out
        .get_object_mut(page_id)
        .ok()
        .and_then(|o| o.as_dict_mut().ok())
        .ok_or_else(|| bad("the page dictionary cannot be changed"))?;
    page.set("Contents", Object::Array(contents));
    page.set("Resources", Object::Dictionary(res));
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Document, RedactOptions, redact};

    /// Every page of a fixture gets its stamp, upright at the bottom right
    /// of the page as shown, rotated pages included.
    #[test]
    fn stamps_sit_bottom_right_as_shown_on_rotated_pages_too() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/text/inspection-log-rotated-reportlab.pdf");
        let doc = Document::open(&std::fs::read(path).unwrap()).unwrap();
        let stamps: Vec<String> = (1..=doc.page_count())
            .map(|n| format!("BATES-{n:06}"))
            .collect();
        let opts = RedactOptions {
            page_stamps: stamps.clone(),
            deterministic: true,
            ..RedactOptions::default()
        };
        let out = redact(&doc, &[], &opts).unwrap();
        let stamped = Document::open(&out.bytes).unwrap();
        let mut rotations = std::collections::BTreeSet::new();
        for n in 1..=stamped.page_count() {
            let g = stamped.page_geometry(n).unwrap();
            rotations.insert(g.rotation);
            let text = stamped.page_text(n).unwrap();
            let word = text
                .words
                .iter()
                .find(|w| w.text == stamps[n as usize - 1])
                .unwrap_or_else(|| panic!("page {n}: no stamp in {:?}", text.text));
            // Upright (wider than tall), near the right and bottom edges.
            assert!(word.bbox.width() > word.bbox.height(), "page {n}");
            assert!(
                word.bbox.x_max > g.width - 40.0,
                "page {n}: {:?}",
                word.bbox
            );
            assert!(
                word.bbox.y_max > g.height - 20.0,
                "page {n}: {:?}",
                word.bbox
            );
        }
        assert!(
            rotations.len() > 1 || !rotations.contains(&0),
            "{rotations:?}"
        );
    }
}
