//! The page text model: glyphs in drawing order, words, lines and blocks in
//! reading order (close to what `pdftotext` prints), a map from every byte of
//! the page text back to its glyph, and a reliability verdict.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::document::{Document, PageGeometry};
use crate::error::Result;
use crate::font::UnicodeSource;
use crate::geom::{Point, Quad, Rect};
use crate::interp::{Glyph, ImageDraw, MarkedContent, Report, Sink, StreamInfo, interpret_page};
use crate::layout::{LWord, layout};

/// Below this gap (in font sizes) two glyphs on a baseline are one word
/// (poppler's minWordBreakSpace is 0.1).
const WORD_BREAK_SPACE: f64 = 0.1;
/// A glyph starting this far (in font sizes) before the word's end starts a
/// new word (overlap: a new run of text, not the next letter; poppler's
/// minDupBreakOverlap).
const WORD_BREAK_OVERLAP: f64 = 0.2;
/// Max baseline difference inside a word, in points (poppler's rule).
const MAX_BASE_DELTA: f64 = 0.5;
/// Overprinted copies (fake bold, shadows) closer than this are dropped.
const DUP_DELTA: f64 = 0.1;

/// A glyph with its place in view coordinates.
#[derive(Clone, Debug, Serialize)]
pub struct TextGlyph {
    /// The glyph as the interpreter reported it (user-space quad, origin).
    #[serde(flatten)]
    pub glyph: Glyph,
    /// Its bounding box in view coordinates (origin top-left, y down,
    /// points; the coordinates of `pdftotext -bbox`).
    pub view: Rect,
    /// False when dropped from the reading-order text (overprinted
    /// duplicate, white space, empty ActualText continuation).
    pub in_text: bool,
    /// True when the glyph lies wholly outside the /BBox of a form (or
    /// annotation appearance) it is drawn in: the box clips the form
    /// (ISO 32000-1 8.10.1, 12.5.5), so no viewer shows the glyph, yet it
    /// is in the file and in the page text (pdftotext keeps it too). A
    /// finding on it is about hidden text, not text on screen; a redaction
    /// area over it still removes it.
    pub clipped: bool,
}

/// A word in reading order.
#[derive(Clone, Debug, Serialize)]
pub struct Word {
    /// Its text.
    pub text: String,
    /// Its box in view coordinates: the union of its glyphs' boxes, so
    /// that it covers every glyph whole, even rotated or skewed ones (what
    /// an area drawn over the word must cover).
    pub bbox: Rect,
    /// Its box as `pdftotext -bbox` reports it, in the same coordinates.
    /// Equal to `bbox` except for diagonal text, where poppler boxes each
    /// glyph as an axis-aligned band in its reading frame (from its origin
    /// to its end along the frame's x, ascent above and descent below its
    /// own baseline; TextWord::setInitialBounds and addChar) and a word as
    /// the union of its glyphs' bands, which leaves the rotated glyphs'
    /// corners out. Only for comparison with pdftotext (`disclose text
    /// --json` reports it); never for covering the word, which is `bbox`.
    pub band: Rect,
    /// Byte range of the word in [`PageText::text`].
    pub range: Range<usize>,
    /// Indices into [`PageText::glyphs`].
    pub glyphs: Vec<u32>,
}

/// How far the page's text can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The text layer reads cleanly.
    Ok,
    /// Some text may be wrong or missing; review the page by eye.
    Degraded,
    /// The page's text cannot be read (a scan, no text, unmappable fonts).
    Unreadable,
}

/// The verdict with its reasons in plain words.
#[derive(Clone, Debug, Serialize)]
pub struct Reliability {
    /// The verdict.
    pub verdict: Verdict,
    /// Why, in words a clerk can act on (empty when `Ok`).
    pub reasons: Vec<String>,
    /// Glyphs with no Unicode mapping.
    pub unmapped_glyphs: usize,
    /// Glyphs whose Unicode was guessed.
    pub guessed_glyphs: usize,
    /// All glyphs shown.
    pub total_glyphs: usize,
}

/// A page's text: glyphs, reading-order text, words, and the char map.
#[derive(Clone, Debug, Serialize)]
pub struct PageText {
    /// Page boxes and rotation.
    pub geometry: PageGeometry,
    /// Every glyph in drawing order.
    pub glyphs: Vec<TextGlyph>,
    /// The content streams interpreted (what glyph origins refer to).
    pub streams: Vec<StreamInfo>,
    /// Images drawn.
    pub images: Vec<ImageDraw>,
    /// The page text in reading order: lines end with `\n`, blocks are
    /// separated by an empty line.
    pub text: String,
    /// Words in reading order.
    pub words: Vec<Word>,
    /// How far the text can be trusted.
    pub reliability: Reliability,
    /// What the interpreter met.
    pub report: Report,
    /// For each byte of `text`, the glyph it came from (`u32::MAX` for
    /// inserted spaces and newlines).
    #[serde(skip)]
    byte_glyph: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl PageText {
    /// The glyph that drew the byte at `offset` of [`PageText::text`], if
    /// any (inserted spaces and newlines have none).
    pub fn glyph_at(&self, offset: usize) -> Option<usize> {
        self.byte_glyph
            .get(offset)
            .copied()
            .filter(|&g| g != NONE)
            .map(|g| g as usize)
    }

    /// The glyphs behind a byte span of [`PageText::text`] (as a detector
    /// reports it), in reading order, without repeats. Glyphs sharing one
    /// ActualText span come together.
    pub fn glyphs_for_span(&self, span: Range<usize>) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let end = span.end.min(self.byte_glyph.len());
        for off in span.start.min(end)..end {
            if let Some(g) = self.glyph_at(off)
                && !out.contains(&g)
            {
                out.push(g);
                // the other glyphs of the same ActualText span
                if let Some(a) = self.glyphs.get(g).and_then(|t| t.glyph.actual_text) {
                    for (k, t) in self.glyphs.iter().enumerate() {
                        if t.glyph.actual_text == Some(a) && !out.contains(&k) {
                            out.push(k);
                        }
                    }
                }
            }
        }
        out
    }
}

/// Collects what the text model needs.
#[derive(Default)]
struct Collector {
    glyphs: Vec<Glyph>,
    images: Vec<ImageDraw>,
    actual: Vec<String>,
}

impl Sink for Collector {
    fn glyph(&mut self, glyph: Glyph) {
        self.glyphs.push(glyph);
    }
    fn image(&mut self, image: &ImageDraw) {
        self.images.push(image.clone());
    }
    fn begin_marked(&mut self, mc: &MarkedContent) {
        if let (Some(i), Some(t)) = (mc.actual_text_index, &mc.actual_text) {
            let i = i as usize;
            if self.actual.len() <= i {
                self.actual.resize(i + 1, String::new());
            }
            if let Some(slot) = self.actual.get_mut(i) {
                slot.clone_from(t);
            }
        }
    }
}

/// A glyph placed in its reading frame: rotated so the text runs left to
/// right, y down.
#[derive(Clone, Copy)]
struct Placed {
    idx: u32,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    base: f64,
    size: f64,
}

struct WordBuild {
    rot: u8,
    chars: Vec<Placed>,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    base: f64,
    size: f64,
}

impl WordBuild {
    fn new(rot: u8, p: Placed) -> Self {
        WordBuild {
            rot,
            chars: vec![p],
            x0: p.x0,
            x1: p.x1,
            y0: p.y0,
            y1: p.y1,
            base: p.base,
            size: p.size,
        }
    }
    fn push(&mut self, p: Placed) {
        self.x0 = self.x0.min(p.x0);
        self.x1 = self.x1.max(p.x1);
        self.y0 = self.y0.min(p.y0);
        self.y1 = self.y1.max(p.y1);
        self.chars.push(p);
    }
}

/// Maps a point of the reading frame of rotation `rot` back into view
/// coordinates (the inverse of [`to_frame`]).
fn from_frame(rot: u8, (x, y): (f64, f64)) -> Point {
    match rot {
        1 => Point { x: -y, y: x },
        2 => Point { x: -x, y: -y },
        3 => Point { x: y, y: -x },
        _ => Point { x, y },
    }
}

/// Maps a view point into the reading frame of rotation `rot`.
fn to_frame(rot: u8, p: Point) -> (f64, f64) {
    match rot {
        1 => (p.y, -p.x),
        2 => (-p.x, -p.y),
        3 => (-p.y, p.x),
        _ => (p.x, p.y),
    }
}

impl Document {
    /// Reads page `number` (1-based): glyphs, reading-order text, words and
    /// the reliability verdict.
    pub fn page_text(&self, number: u32) -> Result<PageText> {
        let mut c = Collector::default();
        let (geometry, report, streams) = interpret_page(self, number, &mut c)?;
        Ok(build(geometry, report, streams, c))
    }
}

/// The box pdftotext gives a word holding diagonal glyphs: the union of
/// the glyphs' poppler-style bands (see [`Word::band`]) in the first
/// diagonal glyph's reading frame, back in view coordinates, and of the
/// view boxes of any glyphs in it that are not diagonal. Each band climbs
/// with its own baseline, so the union reaches from the first glyph's
/// descent to the last one's ascent, as pdftotext's box does. None when the
/// word has no diagonal glyph (its `bbox` is then already what pdftotext
/// gives).
fn word_band(chars: &[u32], diagonal: &[Option<(u8, Rect)>], glyphs: &[TextGlyph]) -> Option<Rect> {
    let band = |gi: u32| diagonal.get(gi as usize).copied().flatten();
    let (rot, _) = chars.iter().find_map(|&gi| band(gi))?;
    let mut out = Rect::EMPTY;
    for &gi in chars {
        match band(gi) {
            Some((r, b)) if r == rot => {
                out.add_point(from_frame(rot, (b.x_min, b.y_min)));
                out.add_point(from_frame(rot, (b.x_max, b.y_max)));
            }
            _ => {
                if let Some(g) = glyphs.get(gi as usize) {
                    out.union(&g.view);
                }
            }
        }
    }
    Some(out)
}

fn is_space(t: &str) -> bool {
    !t.is_empty() && t.chars().all(char::is_whitespace)
}

#[allow(clippy::too_many_lines)]
fn build(
    geometry: PageGeometry,
    report: Report,
    streams: Vec<StreamInfo>,
    c: Collector,
) -> PageText {
    let to_view = geometry.to_view;
    let clips = form_clips(&streams);
    let mut glyphs: Vec<TextGlyph> = c
        .glyphs
        .into_iter()
        .map(|g| {
            let view = g.quad.transform(&to_view).bounds();
            let clipped = clips
                .get(g.origin.op.stream)
                .is_some_and(|qs| qs.iter().any(|q| g.quad.apart_from(q, CLIP_SLACK)));
            TextGlyph {
                glyph: g,
                view,
                in_text: true,
                clipped,
            }
        })
        .collect();
    // The text each glyph contributes: ActualText goes to the first glyph of
    // its span, the others contribute nothing (but stay mapped).
    let mut seen_actual: Vec<bool> = vec![false; c.actual.len()];
    let mut texts: Vec<Option<&str>> = Vec::with_capacity(glyphs.len());
    for g in &glyphs {
        let t = match g.glyph.actual_text {
            Some(a) => {
                let a = a as usize;
                if seen_actual.get(a).copied().unwrap_or(true) {
                    Some("")
                } else {
                    if let Some(s) = seen_actual.get_mut(a) {
                        *s = true;
                    }
                    c.actual.get(a).map(String::as_str)
                }
            }
            None => Some(g.glyph.text.as_deref().unwrap_or("\u{fffd}")),
        };
        texts.push(t);
    }

    // Place glyphs in reading frames and build words in drawing order.
    let mut words: Vec<WordBuild> = Vec::new();
    let mut cur: Option<WordBuild> = None;
    let mut pending_space = false;
    let mut in_text = vec![true; glyphs.len()];
    // For each diagonal glyph, its reading frame and its poppler-style box
    // in that frame (for the word's `band`).
    let mut diagonal: Vec<Option<(u8, Rect)>> = vec![None; glyphs.len()];
    for (i, g) in glyphs.iter().enumerate() {
        let text = texts.get(i).copied().flatten().unwrap_or("");
        let v = g.glyph.quad.transform(&to_view);
        let [bl, br, _, tl] = v.0;
        let (dx, dy) = (br.x - bl.x, br.y - bl.y);
        // direction of the baseline, or of "up" for zero-width glyphs
        let rot: u8 = if dx.abs() + dy.abs() > 1e-9 {
            if dx.abs() >= dy.abs() {
                if dx >= 0.0 { 0 } else { 2 }
            } else if dy >= 0.0 {
                1
            } else {
                3
            }
        } else {
            let (ux, uy) = (tl.x - bl.x, tl.y - bl.y);
            if uy.abs() >= ux.abs() {
                if uy <= 0.0 { 0 } else { 2 }
            } else if ux >= 0.0 {
                3
            } else {
                1
            }
        };
        if is_space(text) {
            in_text[i] = false;
            pending_space = true;
            if let Some(w) = cur.take() {
                words.push(w);
            }
            continue;
        }
        if text.is_empty() && g.glyph.actual_text.is_none() {
            in_text[i] = false;
            continue;
        }
        let origin = to_view.apply(g.glyph.origin_point);
        let (_, base) = to_frame(rot, origin);
        let mut r = Rect::EMPTY;
        let fr: Vec<(f64, f64)> = v.0.iter().map(|p| to_frame(rot, *p)).collect();
        for (x, y) in &fr {
            r.add_point(Point { x: *x, y: *y });
        }
        // Diagonal text: poppler measures a glyph as an axis-aligned box from
        // its origin along the dominant axis, ascent above and descent below
        // the origin's baseline; grouping it the same way keeps our words
        // like pdftotext's (the glyph's own quad is kept for redaction).
        if let [p0, p1, _, p3] = fr.as_slice() {
            let (dx, dy) = (p1.0 - p0.0, p1.1 - p0.1);
            if dy.abs() > 0.05 * dx.abs() {
                let (ox, oy) = to_frame(rot, origin);
                let up = ((p3.0 - ox).powi(2) + (p3.1 - oy).powi(2)).sqrt();
                let down = ((p0.0 - ox).powi(2) + (p0.1 - oy).powi(2)).sqrt();
                // the far end as poppler finds it: the origin plus the
                // advance (less Tc and Tw) through Tm, the CTM and the page
                // transform, so that glyphs drawn end to end touch or
                // overlap exactly where pdftotext says they do (that
                // decides which of them share a block)
                let ext = g.glyph.extent;
                let [va, vb, vc, vd, _, _] = to_view.0;
                let end = Point {
                    x: origin.x + (va * ext.x + vc * ext.y),
                    y: origin.y + (vb * ext.x + vd * ext.y),
                };
                let (ex, _) = to_frame(rot, end);
                let ex = if ex.is_finite() { ex } else { ox + dx };
                r = Rect::new(ox, oy - up, ex, oy + down);
                if let Some(d) = diagonal.get_mut(i) {
                    *d = Some((rot, r));
                }
            }
        }
        let size = g.glyph.effective_size.max(0.1);
        let p = Placed {
            idx: i as u32,
            x0: r.x_min,
            x1: r.x_max,
            y0: r.y_min,
            y1: r.y_max,
            base,
            size,
        };
        if let Some(w) = cur.as_mut() {
            // poppler's word rules: same baseline within half a point, same
            // font size, a gap under 0.1 em, an overlap under 0.2 em
            let same_line = w.rot == rot && (base - w.base).abs() <= MAX_BASE_DELTA;
            // overprinted duplicate of the previous glyph: drop (fake bold)
            if same_line
                && let Some(last) = w.chars.last()
                && (last.x0 - p.x0).abs() < DUP_DELTA * size
                && (last.base - p.base).abs() < DUP_DELTA * 2.0 * size
                && texts.get(last.idx as usize) == texts.get(i)
            {
                in_text[i] = false;
                continue;
            }
            let gap = p.x0 - w.x1;
            let size_ok = (w.size - size).abs() <= 1e-3 * w.size.max(size);
            if same_line
                && size_ok
                && !pending_space
                && gap <= WORD_BREAK_SPACE * size
                && gap >= -WORD_BREAK_OVERLAP * size
            {
                w.push(p);
                continue;
            }
        }
        if let Some(w) = cur.take() {
            words.push(w);
        }
        cur = Some(WordBuild::new(rot, p));
        pending_space = false;
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    // Drop words that repeat an earlier word at the same place (text drawn
    // twice, e.g. a shadow or a fake-bold pass over a whole line).
    let mut keep = vec![true; words.len()];
    {
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by(|&a, &b| words[a].x0.total_cmp(&words[b].x0));
        for (k, &a) in order.iter().enumerate() {
            if !keep[a] {
                continue;
            }
            for &b in order.iter().skip(k + 1) {
                let (wa, wb) = (&words[a], &words[b]);
                if wb.x0 - wa.x0 > DUP_DELTA * wa.size {
                    break;
                }
                if keep[b]
                    && wa.rot == wb.rot
                    && (wa.base - wb.base).abs() < 2.0 * DUP_DELTA * wa.size
                    && (wa.x1 - wb.x1).abs() < DUP_DELTA * wa.size
                    && wa.chars.len() == wb.chars.len()
                    && wa
                        .chars
                        .iter()
                        .zip(&wb.chars)
                        .all(|(x, y)| texts.get(x.idx as usize) == texts.get(y.idx as usize))
                {
                    let drop = a.max(b);
                    keep[drop] = false;
                    for ch in &words[drop].chars {
                        if let Some(f) = in_text.get_mut(ch.idx as usize) {
                            *f = false;
                        }
                    }
                }
            }
        }
    }
    // Fonts by name, for merging word pieces drawn in the same font.
    let mut font_ids: HashMap<&str, usize> = HashMap::new();
    let mut per_rot: [Vec<LWord>; 4] = Default::default();
    for (i, w) in words.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        let font = w
            .chars
            .first()
            .and_then(|c| glyphs.get(c.idx as usize))
            .map_or(0, |g| {
                let n = font_ids.len();
                *font_ids.entry(&g.glyph.font).or_insert(n)
            });
        if let Some(v) = per_rot.get_mut(w.rot as usize) {
            v.push(LWord {
                chars: w.chars.iter().map(|c| c.idx).collect(),
                font,
                x0: w.x0,
                x1: w.x1,
                y0: w.y0,
                y1: w.y1,
                base: w.base,
                size: w.size,
            });
        }
    }
    // The rotation with the most characters is read first (poppler's
    // primary rotation), then the others.
    let count = |v: &Vec<LWord>| v.iter().map(|w| w.chars.len()).sum::<usize>();
    let primary = (0..4)
        .max_by_key(|&r| (count(&per_rot[r]), std::cmp::Reverse(r)))
        .unwrap_or(0);
    let flows = layout(per_rot, primary);

    // Emit text with the byte map: a line ends with a newline, a flow with
    // an empty line, as pdftotext prints them.
    let mut text = String::new();
    let mut map: Vec<u32> = Vec::new();
    let mut out_words: Vec<Word> = Vec::new();
    let push = |text: &mut String, map: &mut Vec<u32>, s: &str, g: u32| {
        text.push_str(s);
        map.resize(text.len(), g);
    };
    for flow in &flows {
        for block in flow {
            for line in &block.lines {
                for ow in line {
                    let start = text.len();
                    let mut bbox = Rect::EMPTY;
                    for &gi in &ow.word.chars {
                        let s = texts.get(gi as usize).copied().flatten().unwrap_or("");
                        push(&mut text, &mut map, s, gi);
                        if let Some(g) = glyphs.get(gi as usize) {
                            bbox.union(&g.view);
                        }
                    }
                    let band = word_band(&ow.word.chars, &diagonal, &glyphs).unwrap_or(bbox);
                    out_words.push(Word {
                        text: text.get(start..).unwrap_or_default().to_string(),
                        bbox,
                        band,
                        range: start..text.len(),
                        glyphs: ow.word.chars.clone(),
                    });
                    if ow.space_after {
                        push(&mut text, &mut map, " ", NONE);
                    }
                }
                push(&mut text, &mut map, "\n", NONE);
            }
        }
        push(&mut text, &mut map, "\n", NONE);
    }
    for (g, f) in glyphs.iter_mut().zip(in_text) {
        g.in_text = f;
    }
    let reliability = verdict(&glyphs, &report, &c.images, &geometry, &text);
    PageText {
        geometry,
        glyphs,
        streams,
        images: c.images,
        text,
        words: out_words,
        reliability,
        report,
        byte_glyph: map,
    }
}

/// A glyph this far (points) outside a form's box still counts as inside:
/// producers draw boxes snug around their text, and rounding or a glyph's
/// side bearing must not hide it.
const CLIP_SLACK: f64 = 0.5;

/// For each stream of the page, the boxes that clip what it draws, in
/// default user space: its own /BBox and those of the forms that draw it
/// (8.10.1: a form's BBox clips everything it paints, nested forms inside
/// their parents' boxes). Clipping paths (W, W*) are not followed.
fn form_clips(streams: &[StreamInfo]) -> Vec<Vec<Quad>> {
    let mut out: Vec<Vec<Quad>> = Vec::with_capacity(streams.len());
    for s in streams {
        // A parent always comes before the streams it draws.
        let mut v = s
            .parent
            .as_ref()
            .and_then(|p| out.get(p.stream))
            .cloned()
            .unwrap_or_default();
        if let Some(b) = s.bbox
            && b.width() > 0.0
            && b.height() > 0.0
            && s.matrix.is_finite()
        {
            v.push(Quad::from_rect(&b, &s.matrix));
        }
        out.push(v);
    }
    out
}

/// Weighs the page's text layer (ISO 32000-1 9.10 on text extraction).
fn verdict(
    glyphs: &[TextGlyph],
    report: &Report,
    images: &[ImageDraw],
    geometry: &PageGeometry,
    text: &str,
) -> Reliability {
    let total = glyphs.len();
    let unmapped = glyphs
        .iter()
        .filter(|g| g.glyph.text.is_none() && g.glyph.actual_text.is_none())
        .count();
    let guessed = glyphs
        .iter()
        .filter(|g| g.glyph.source == UnicodeSource::Guessed && g.glyph.actual_text.is_none())
        .count();
    let visible = glyphs
        .iter()
        .filter(|g| g.glyph.render_mode != 3 && g.glyph.render_mode != 7)
        .count();
    let mut reasons = Vec::new();
    let mut verdict = Verdict::Ok;
    let page_area = (geometry.crop_box.width() * geometry.crop_box.height()).max(1.0);
    let crop = geometry.crop_box;
    let image_cover: f64 = images
        .iter()
        .map(|i| {
            let b = i.quad.bounds();
            let w = (b.x_max.min(crop.x_max) - b.x_min.max(crop.x_min)).max(0.0);
            let h = (b.y_max.min(crop.y_max) - b.y_min.max(crop.y_min)).max(0.0);
            w * h
        })
        .sum::<f64>()
        / page_area;
    let has_text = text.chars().any(|c| !c.is_whitespace());
    if !has_text {
        verdict = Verdict::Unreadable;
        if !images.is_empty() {
            reasons.push("the page is a scanned image with no text layer: it must be read by eye or run through OCR".into());
        } else if total > 0 {
            reasons.push("the page's text cannot be turned into characters".into());
        } else {
            reasons.push("the page has no text".into());
        }
    } else {
        if total > 0 && visible == 0 && image_cover > 0.5 {
            verdict = Verdict::Degraded;
            reasons.push(
                "the page is a scanned image with an invisible OCR text layer: the text may not match the image".into(),
            );
        }
        let frac = |n: usize| n as f64 / total.max(1) as f64;
        if unmapped > 0 {
            let f = frac(unmapped);
            if f > 0.5 {
                verdict = Verdict::Unreadable;
            } else {
                verdict = verdict_max(verdict, Verdict::Degraded);
            }
            reasons.push(format!(
                "{unmapped} of {total} characters ({:.0}%) use fonts that give no way to know which letters they are",
                f * 100.0
            ));
        }
        if guessed > 0 {
            let f = frac(guessed);
            verdict = verdict_max(verdict, if f > 0.5 { Verdict::Degraded } else { verdict });
            if f > 0.02 {
                verdict = verdict_max(verdict, Verdict::Degraded);
            }
            reasons.push(format!(
                "{guessed} of {total} characters ({:.0}%) were read through a guessed font mapping and may be wrong",
                f * 100.0
            ));
        }
    }
    let clipped = glyphs.iter().filter(|g| g.clipped).count();
    if clipped > 0 {
        verdict = verdict_max(verdict, Verdict::Degraded);
        reasons.push(format!(
            "{clipped} characters lie outside the box of the form that draws them: they do not show on screen but are in the file"
        ));
    }
    let hidden = glyphs.iter().filter(|g| g.glyph.hidden_layer).count();
    if hidden > 0 {
        verdict = verdict_max(verdict, Verdict::Degraded);
        reasons.push(format!(
            "{hidden} characters are in a layer that is turned off: they do not show on screen but are in the file"
        ));
    }
    // When the text is in doubt, say which fonts are behind it.
    if verdict != Verdict::Ok {
        for f in report.fonts.iter().filter(|f| f.glyphs > 0) {
            for p in f.problems.iter().take(2) {
                if reasons.len() < 8 {
                    reasons.push(format!("font {}: {p}", f.name));
                }
            }
        }
    }
    if report.truncated {
        verdict = verdict_max(verdict, Verdict::Degraded);
        reasons.push("the page is too complex to read completely: reading stopped early".into());
    }
    for w in &report.warnings {
        if w.contains("could not be decoded") {
            verdict = verdict_max(verdict, Verdict::Degraded);
            reasons.push("part of the page's content is damaged and could not be read".into());
            break;
        }
    }
    Reliability {
        verdict,
        reasons,
        unmapped_glyphs: unmapped,
        guessed_glyphs: guessed,
        total_glyphs: total,
    }
}

fn verdict_max(a: Verdict, b: Verdict) -> Verdict {
    let rank = |v: Verdict| match v {
        Verdict::Ok => 0,
        Verdict::Degraded => 1,
        Verdict::Unreadable => 2,
    };
    if rank(b) > rank(a) { b } else { a }
}

#[cfg(test)]
mod tests {
    use lopdf::Object;

    use crate::interp::written_number;

    #[test]
    fn matrix_numbers_are_read_as_written() {
        // `.866025` kept as f32 is 0.86602497...; as written, and read digit
        // by digit as pdftotext reads it, it is 0.8660250000000002.
        let v = written_number(&Object::Real(0.866_025)).unwrap();
        assert_ne!(v, f64::from(0.866_025_f32));
        assert_eq!(v, 0.866_025_000_000_000_2);
        assert_eq!(written_number(&Object::Real(-0.5)), Some(-0.5));
        assert_eq!(written_number(&Object::Real(12.5)), Some(12.5));
        assert_eq!(written_number(&Object::Integer(300)), Some(300.0));
        assert_eq!(written_number(&Object::Real(f32::NAN)), None);
        assert_eq!(written_number(&Object::Null), None);
    }

    /// A word's `band` (pdftotext's box) differs from its `bbox` only for
    /// diagonal text, and the `bbox` still covers every glyph of the word
    /// whole, rotated corners included, for areas drawn over it.
    #[test]
    fn diagonal_words_have_a_poppler_band_and_a_covering_bbox() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/text/received-stamp-diagonal-reportlab.pdf");
        let doc = crate::Document::open(&std::fs::read(path).unwrap()).unwrap();
        let page = doc.page_text(1).unwrap();
        let (mut diagonal, mut straight) = (0, 0);
        for w in &page.words {
            for &gi in &w.glyphs {
                let v = page.glyphs[gi as usize].view;
                assert!(
                    w.bbox.x_min <= v.x_min
                        && w.bbox.y_min <= v.y_min
                        && w.bbox.x_max >= v.x_max
                        && w.bbox.y_max >= v.y_max,
                    "{:?}: {:?} does not cover {v:?}",
                    w.text,
                    w.bbox
                );
            }
            let same = [
                (w.band.x_min, w.bbox.x_min),
                (w.band.y_min, w.bbox.y_min),
                (w.band.x_max, w.bbox.x_max),
                (w.band.y_max, w.bbox.y_max),
            ]
            .iter()
            .all(|(a, b)| (a - b).abs() < 1e-9);
            if same {
                straight += 1;
            } else {
                diagonal += 1;
                // the band is a strip along the text, not a different place
                assert!(
                    w.band.x_min < w.bbox.x_max && w.bbox.x_min < w.band.x_max,
                    "{:?}",
                    w.text
                );
            }
        }
        assert!(diagonal >= 10 && straight >= 10, "{diagonal} {straight}");
    }
}
