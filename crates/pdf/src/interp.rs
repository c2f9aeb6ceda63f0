//! The content-stream interpreter (ISO 32000-1 clauses 8 and 9) and the sink
//! it pushes what it meets into: glyphs, images, paths, marked content.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use lopdf::{Dictionary, Object, ObjectId};
use serde::Serialize;

use crate::document::{Document, PageGeometry, number_of};
use crate::error::{Error, Result};
use crate::font::{Font, UnicodeSource};
use crate::geom::{Matrix, Point, Quad, Rect};
use crate::lexer::Lexer;

/// What kind of content stream an operator came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StreamKind {
    /// One of the page's /Contents streams (`part` indexes the array; 0 for
    /// a single stream).
    PageContent {
        /// Index in the /Contents array.
        part: usize,
    },
    /// A Form XObject drawn by a `Do` operator.
    Form {
        /// The resource name it was drawn under.
        name: String,
    },
    /// The normal appearance stream (/AP /N) of an annotation.
    Annotation {
        /// Index in the page's /Annots array.
        index: usize,
        /// The annotation dictionary's object id, when indirect.
        annotation: Option<ObjectId>,
    },
}

/// One content stream as interpreted on a page. A Form XObject drawn twice
/// gets two entries (two instances), so that origins tell them apart.
#[derive(Clone, Debug, Serialize)]
pub struct StreamInfo {
    /// Index of this stream in the page's stream table (what origins refer to).
    pub index: usize,
    /// What it is.
    pub kind: StreamKind,
    /// The stream object's id, when it is an indirect object.
    pub object: Option<ObjectId>,
    /// The operator that drew it (a `Do` in another stream), for forms.
    pub parent: Option<OpRef>,
    /// Nth time this object was drawn on the page (0 for the first).
    pub instance: u32,
    /// Current transformation at the stream's start (form /Matrix applied),
    /// from the stream's space to default user space.
    pub matrix: Matrix,
    /// The form's /BBox in its own space, when it has one.
    pub bbox: Option<Rect>,
}

/// An operator's place: which stream, which operator, which bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpRef {
    /// Index in the page's stream table.
    pub stream: usize,
    /// Index of the operator in that stream (0-based, in lexing order).
    pub index: usize,
    /// Byte range of operands and operator in the decoded stream.
    pub range: Range<usize>,
    /// True when this page-content operator cannot be rewritten from its
    /// own part of the /Contents array: its operands begin in an earlier
    /// part (ISO 32000-1 7.8.2 reads the parts as one stream, so that is
    /// allowed; `range` then starts at the beginning of this part), or a
    /// string or comment ran across a part boundary into this part, so that
    /// lexing the part alone would not meet the same operators; for a
    /// path-painting operator, also when its path began in an earlier part.
    /// A redactor that rewrites one part at a time must refuse to change it.
    pub split: bool,
}

/// Where a glyph came from, exactly enough to remove it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GlyphOrigin {
    /// The show operator (`Tj`, `TJ`, `'`, `"`).
    pub op: OpRef,
    /// Which operand string: for `TJ` the element index inside its array;
    /// for `Tj`, `'` and `"` the index of the string in the operator's
    /// operand list (0 for `Tj` and `'`, 2 for `"` in a well-formed stream).
    pub operand: usize,
    /// Byte range of the character code inside that (decoded) string.
    pub bytes: Range<usize>,
}

/// A number operand as the content stream wrote it. The lexer keeps reals
/// as `f32` (lopdf's `Object::Real`), which moves a six-digit matrix entry
/// such as `.866025` by a few parts in ten million; the shortest decimal
/// that gives back the same `f32` is the number as written whenever it had
/// seven significant digits or fewer. It is read as poppler's lexer reads
/// it (the integer part, then each fraction digit times a running power of
/// 0.1), so that positions agree with pdftotext's to the last bit and glyphs
/// drawn end to end touch, or overlap, exactly as they do there.
pub(crate) fn written_number(o: &Object) -> Option<f64> {
    let Object::Real(r) = o else {
        return number_of(o);
    };
    if !r.is_finite() {
        return None;
    }
    let text = r.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut v = int.parse::<f64>().ok()?;
    let mut scale = 0.1;
    for d in frac.bytes() {
        if !d.is_ascii_digit() {
            return number_of(o);
        }
        v += scale * f64::from(d - b'0');
        scale *= 0.1;
    }
    Some(if r.is_sign_negative() { -v } else { v })
}

/// One glyph as drawn.
#[derive(Clone, Debug, Serialize)]
pub struct Glyph {
    /// Unicode text, None when the font gives no way to know.
    pub text: Option<String>,
    /// Where the text came from.
    pub source: UnicodeSource,
    /// The character code.
    pub code: u32,
    /// The glyph box in default user space (PDF coordinates): advance width
    /// by ascent–descent, through the text rendering matrix and the CTM.
    pub quad: Quad,
    /// The glyph origin on the baseline, in default user space.
    pub origin_point: Point,
    /// Text rendering mode (Tr, 0–7; 3 is invisible).
    pub render_mode: u8,
    /// Font name (subset prefix removed).
    pub font: Arc<str>,
    /// Tf size.
    pub font_size: f64,
    /// Font size after the text and current transformation matrices (the
    /// height of an em on the page, in points).
    pub effective_size: f64,
    /// Horizontal scaling Th (Tz / 100).
    pub h_scale: f64,
    /// The displacement after this glyph in unscaled text space (tx of
    /// ISO 32000-1 9.4.4, including Tc and Tw), for writing TJ adjustments:
    /// `-advance * 1000 / (font_size * h_scale)`. For vertical fonts, ty.
    pub advance: f64,
    /// True when word spacing applied (single-byte code 32).
    pub word_space: bool,
    /// The advance without Tc and Tw, through the text matrix and the CTM,
    /// in default user space (a vector): the glyph's extent along its
    /// baseline, computed in the order pdftotext computes it, so that
    /// boxes that meet end to end meet exactly as they do there.
    #[serde(skip)]
    pub extent: Point,
    /// True for a vertical-writing font.
    pub vertical: bool,
    /// The innermost marked-content span carrying /ActualText, if any
    /// (an index into the order the spans were opened on the page).
    pub actual_text: Option<u32>,
    /// True inside optional content (/OC) marked content.
    pub optional_content: bool,
    /// True inside optional content that the document's default
    /// configuration hides: the glyph is in the file but not on screen.
    pub hidden_layer: bool,
    /// Where it came from.
    pub origin: GlyphOrigin,
}

/// An image drawn on the page.
#[derive(Clone, Debug, Serialize)]
pub struct ImageDraw {
    /// The `Do` or inline-image (`BI`) operator.
    pub op: OpRef,
    /// The unit square through the CTM, in default user space.
    pub quad: Quad,
    /// The image XObject, when not inline.
    pub object: Option<ObjectId>,
    /// True for an inline image.
    pub inline: bool,
    /// True for an image mask (stencil).
    pub mask: bool,
}

/// A painted (or clipping) path.
#[derive(Clone, Debug, Serialize)]
pub struct PathDraw {
    /// The painting operator (`S`, `f`, `B`, `n`, ...).
    pub op: OpRef,
    /// Index of the first path construction operator in the same stream.
    pub first_op: usize,
    /// Byte offset where the path construction starts.
    pub start: usize,
    /// Bounding box of the path's points, in default user space.
    pub bbox: Rect,
    /// True when filled.
    pub fill: bool,
    /// True when stroked.
    pub stroke: bool,
    /// True when the path also sets the clip (W / W*).
    pub clip: bool,
    /// The stroke's line width in default user space: the current line
    /// width (`w`, or /LW of an ExtGState; 8.4.3.2) times the CTM's largest
    /// scale; 0 when the path is not stroked. The stroke reaches half of it
    /// beyond the path's points (8.5.3.2).
    pub line_width: f64,
    /// The path's subpaths in order (8.5.2.1: each `m` or `re` begins
    /// one), so that a caller can remove some and keep the rest.
    pub subpaths: Vec<SubPath>,
    /// The line join style (`j`, or /LJ; 8.4.3.4): 0 miter, 1 round,
    /// 2 bevel.
    pub line_join: u8,
    /// The line cap style (`J`, or /LC; 8.4.3.3): 0 butt, 1 round,
    /// 2 projecting square.
    pub line_cap: u8,
    /// The miter limit (`M`, or /ML; 8.4.3.5): a miter join reaches at
    /// most this many half line widths from its corner.
    pub miter_limit: f64,
}

/// A shading painted with the `sh` operator (8.7.4.3): it fills the
/// current clip, limited by the shading's /BBox.
#[derive(Clone, Debug, Serialize)]
pub struct ShadingDraw {
    /// The `sh` operator.
    pub op: OpRef,
    /// The most it can paint, in default user space: the bounds of the
    /// clip in force (the page's media box at the start) met with the
    /// shading's /BBox; `None` when nothing bounds it.
    pub extent: Option<Rect>,
}

/// One subpath of a painted path: the operators that build it.
#[derive(Clone, Debug, Serialize)]
pub struct SubPath {
    /// Index of its first construction operator in the stream.
    pub first_op: usize,
    /// Index of its last construction operator (an `h` that closes it
    /// included).
    pub last_op: usize,
    /// Whether it begins with `m` or `re`; one that begins otherwise
    /// continues from the previous subpath's current point and cannot
    /// stand without it.
    pub explicit_start: bool,
    /// Bounding box of its points, in default user space.
    pub bbox: Rect,
    /// Its segments, the closing one (`h`) included; `re` makes four.
    /// With fewer than two there is no corner to join (8.4.3.4).
    pub segments: u32,
}

/// A marked-content span opened by BMC or BDC.
#[derive(Clone, Debug, Serialize)]
pub struct MarkedContent {
    /// The tag.
    pub tag: String,
    /// /ActualText, decoded, when present.
    pub actual_text: Option<String>,
    /// Index of this ActualText span on the page, when it has one.
    pub actual_text_index: Option<u32>,
    /// /MCID when present.
    pub mcid: Option<i64>,
    /// True for optional content (`/OC`).
    pub optional_content: bool,
    /// True for optional content hidden by the default configuration.
    pub hidden: bool,
    /// The BMC/BDC operator.
    pub op: OpRef,
}

/// Receives what the interpreter meets, in drawing order. Every method has
/// an empty default, so a sink implements only what it needs.
pub trait Sink {
    /// A content stream begins (page part, form instance, appearance).
    fn begin_stream(&mut self, _stream: &StreamInfo) {}
    /// The stream with that index ends.
    fn end_stream(&mut self, _stream: usize) {}
    /// A glyph was shown.
    fn glyph(&mut self, _glyph: Glyph) {}
    /// An image was drawn.
    fn image(&mut self, _image: &ImageDraw) {}
    /// A path was painted or set as clip.
    fn path(&mut self, _path: &PathDraw) {}
    /// A shading was painted by `sh`.
    fn shading(&mut self, _shading: &ShadingDraw) {}
    /// A marked-content span begins.
    fn begin_marked(&mut self, _mc: &MarkedContent) {}
    /// The innermost marked-content span ends.
    fn end_marked(&mut self) {}
}

/// A sink that ignores everything.
impl Sink for () {}

/// A font used on a page and what is wrong with it.
#[derive(Clone, Debug, Serialize)]
pub struct FontUse {
    /// The font's name.
    pub name: String,
    /// Its subtype.
    pub subtype: String,
    /// Problems found loading it.
    pub problems: Vec<String>,
    /// Glyphs shown with it on the page.
    pub glyphs: usize,
}

/// What went wrong or was bounded while interpreting a page (nothing here
/// stops the page; the verdict weighs it).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Operators interpreted.
    pub ops: usize,
    /// Garbage tokens skipped by the lexer.
    pub garbage_tokens: usize,
    /// Operators with wrong operands (ignored).
    pub bad_operands: usize,
    /// Unknown operators (ignored, as ISO 32000-1 7.8.2 allows inside BX/EX).
    pub unknown_ops: usize,
    /// True when the per-page operator or glyph bound stopped the page early.
    pub truncated: bool,
    /// Plain-words notes: missing resources, cycles, depth limits, streams
    /// that would not decode.
    pub warnings: Vec<String>,
    /// Fonts used (each once).
    pub fonts: Vec<FontUse>,
    /// Glyphs shown.
    pub glyphs: usize,
    /// Images drawn (XObject and inline).
    pub images: usize,
    /// Area of the images' bounding boxes, in square points, summed.
    pub image_area: f64,
}

impl Report {
    fn warn(&mut self, w: String) {
        // a hostile file could repeat the same problem a million times
        if self.warnings.len() < 50 && !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }
}

#[derive(Clone)]
struct TextState {
    char_space: f64,
    word_space: f64,
    h_scale: f64,
    leading: f64,
    font: Option<(Arc<Font>, usize)>,
    size: f64,
    rise: f64,
    render: u8,
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    text: TextState,
    /// The line width in user space (8.4.3.2; 1.0 at the start, Table 52).
    line_width: f64,
    /// Line join (0 miter at the start, Table 52).
    line_join: u8,
    /// Line cap (0 butt at the start).
    line_cap: u8,
    /// Miter limit (10.0 at the start).
    miter_limit: f64,
    /// Bounds of the clipping path in default user space (8.5.4); `None`
    /// when nothing clips.
    clip: Option<Rect>,
}

impl GState {
    fn new(ctm: Matrix, clip: Option<Rect>) -> Self {
        GState {
            ctm,
            line_width: 1.0,
            line_join: 0,
            line_cap: 0,
            miter_limit: 10.0,
            clip,
            text: TextState {
                char_space: 0.0,
                word_space: 0.0,
                h_scale: 1.0,
                leading: 0.0,
                font: None,
                size: 0.0,
                rise: 0.0,
                render: 0,
            },
        }
    }

    /// Narrows the clip to `r` (its bounds: the clip is at most that).
    fn clip_to(&mut self, r: &Rect) {
        self.clip = Some(match self.clip {
            Some(c) => meet(&c, r),
            None => *r,
        });
    }
}

/// The intersection of two rectangles (empty when they do not meet).
fn meet(a: &Rect, b: &Rect) -> Rect {
    if a.is_empty() || b.is_empty() {
        return Rect::EMPTY;
    }
    let r = Rect {
        x_min: a.x_min.max(b.x_min),
        y_min: a.y_min.max(b.y_min),
        x_max: a.x_max.min(b.x_max),
        y_max: a.y_max.min(b.y_max),
    };
    if r.is_empty() { Rect::EMPTY } else { r }
}

/// Resources in force for a stream.
type Res<'a> = Option<&'a Dictionary>;

/// Where one stream's bytes begin in the data `run` lexes (a form is one
/// segment; a page's /Contents parts are one segment each).
struct Segment {
    start: usize,
    stream: usize,
}

struct Interp<'d, 's, S: Sink> {
    doc: &'d Document,
    sink: &'s mut S,
    page: u32,
    report: Report,
    streams: Vec<StreamInfo>,
    instances: HashMap<ObjectId, u32>,
    font_index: HashMap<usize, usize>,
    form_path: Vec<ObjectId>,
    marked: Vec<(Option<u32>, bool, bool)>,
    oc_depth: usize,
    hidden_depth: usize,
    actual_count: u32,
    bytes_budget: usize,
    stop: bool,
}

/// Interprets page `number` (1-based) of `doc`: its content streams, then
/// its annotations' appearance streams, pushing everything into `sink`.
/// Returns the page geometry and what was met on the way.
pub fn interpret_page<S: Sink>(
    doc: &Document,
    number: u32,
    sink: &mut S,
) -> Result<(PageGeometry, Report, Vec<StreamInfo>)> {
    let geometry = doc.page_geometry(number)?;
    let page = doc.page_dict(number)?;
    let mut it = Interp {
        doc,
        sink,
        page: number,
        report: Report::default(),
        streams: Vec::new(),
        instances: HashMap::new(),
        font_index: HashMap::new(),
        form_path: Vec::new(),
        marked: Vec::new(),
        oc_depth: 0,
        hidden_depth: 0,
        actual_count: 0,
        bytes_budget: doc.limits().max_stream_bytes,
        stop: false,
    };
    let resources = doc
        .inherited(page, b"Resources")
        .and_then(|r| r.as_dict().ok());
    // Nothing is painted outside the media box (8.3.2.2): it is the clip
    // the page begins with.
    let mut gs = GState::new(Matrix::IDENTITY, Some(geometry.media_box));
    // The /Contents parts form one stream logically (7.8.2); the graphics
    // state carries across parts, byte ranges are per part.
    let parts: Vec<(Option<ObjectId>, &Object)> = match page.get(b"Contents") {
        Ok(Object::Reference(id)) => match doc.lopdf().get_object(*id) {
            Ok(Object::Array(a)) => a.iter().map(|o| (o.as_reference().ok(), o)).collect(),
            Ok(o) => vec![(Some(*id), o)],
            Err(_) => Vec::new(),
        },
        Ok(Object::Array(a)) => a.iter().map(|o| (o.as_reference().ok(), o)).collect(),
        Ok(o) => vec![(None, o)],
        Err(_) => Vec::new(),
    };
    let mut save_stack: Vec<GState> = Vec::new();
    // Decode every part, then lex them as one (7.8.2): operands may sit in
    // one part and their operator in the next.
    let mut data: Vec<u8> = Vec::new();
    let mut segments: Vec<Segment> = Vec::new();
    for (part, (id, obj)) in parts.into_iter().enumerate() {
        let Some(stream) = doc.deref(obj).and_then(|o| o.as_stream().ok()) else {
            it.report.warn(format!(
                "page {number}: content part {part} is not a stream"
            ));
            continue;
        };
        let part_data = match it.decode(stream) {
            Ok(d) => d,
            Err(e) => {
                if let Error::TooLarge { .. } = e {
                    return Err(e);
                }
                continue;
            }
        };
        let index = it.open_stream(StreamKind::PageContent { part }, id, None, 0, gs.ctm, None);
        segments.push(Segment {
            start: data.len(),
            stream: index,
        });
        if data.is_empty() {
            data = part_data;
        } else {
            data.extend_from_slice(&part_data);
        }
    }
    it.run(&data, &segments, resources, &mut gs, &mut save_stack);
    for s in &segments {
        it.sink.end_stream(s.stream);
    }
    // Annotation appearances (12.5.5), drawn over the page content.
    it.annotations(page);
    let Interp {
        report, streams, ..
    } = it;
    Ok((geometry, report, streams))
}

impl<'d, S: Sink> Interp<'d, '_, S> {
    fn open_stream(
        &mut self,
        kind: StreamKind,
        object: Option<ObjectId>,
        parent: Option<OpRef>,
        instance: u32,
        matrix: Matrix,
        bbox: Option<Rect>,
    ) -> usize {
        let index = self.streams.len();
        let info = StreamInfo {
            index,
            kind,
            object,
            parent,
            instance,
            matrix,
            bbox,
        };
        self.sink.begin_stream(&info);
        self.streams.push(info);
        index
    }

    fn decode(&mut self, stream: &lopdf::Stream) -> Result<Vec<u8>> {
        match stream.decompressed_content_with_limit(self.bytes_budget) {
            Ok(d) => {
                self.bytes_budget = self.bytes_budget.saturating_sub(d.len());
                Ok(d)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => Err(Error::TooLarge {
                page: self.page,
                limit: self.doc.limits().max_stream_bytes,
            }),
            Err(e) => {
                // Viewers show what decodes; a truncated Flate stream still
                // yields its decodable prefix in most viewers, but lopdf
                // gives nothing, so say so.
                self.report.warn(format!(
                    "page {}: a content stream could not be decoded ({e})",
                    self.page
                ));
                Err(Error::Damaged(e.to_string()))
            }
        }
    }

    fn font_use(&mut self, font: &Arc<Font>) -> usize {
        let key = Arc::as_ptr(font) as usize;
        if let Some(&i) = self.font_index.get(&key) {
            return i;
        }
        let i = self.report.fonts.len();
        self.report.fonts.push(FontUse {
            name: font.name().to_string(),
            subtype: font.subtype().to_string(),
            problems: font.problems().to_vec(),
            glyphs: 0,
        });
        self.font_index.insert(key, i);
        i
    }

    fn resource<'r>(&self, res: Res<'r>, category: &[u8], name: &[u8]) -> Option<&'r Object>
    where
        'd: 'r,
    {
        let cat = res?.get(category).ok()?;
        let cat = self.doc.deref(cat)?.as_dict().ok()?;
        cat.get(name).ok()
    }

    /// Interprets one decoded stream.
    #[allow(clippy::too_many_lines)]
    fn run(
        &mut self,
        data: &[u8],
        segments: &[Segment],
        res: Res<'d>,
        gs: &mut GState,
        stack: &mut Vec<GState>,
    ) {
        let limits = self.doc.limits().clone();
        let base_depth = stack.len();
        let breaks: Vec<usize> = segments.iter().skip(1).map(|s| s.start).collect();
        let mut lexer = Lexer::with_breaks(data, &breaks);
        // The segment holding the current operator (where it ends), that
        // segment's start, whether a string or comment ran into it.
        let mut seg = 0usize;
        let mut seg_start = 0usize;
        let mut stream = segments.first().map_or(0, |s| s.stream);
        let mut tainted = false;
        let mut crossings = 0usize;
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut path = Rect::EMPTY;
        let mut path_start: Option<(usize, usize)> = None;
        // A path begun in an earlier /Contents part than its painting
        // operator: its operator indices span two parts.
        let mut path_split = false;
        let mut subpaths: Vec<SubPath> = Vec::new();
        // Whether the last subpath is still open to `l`, `c`, `v`, `y`.
        let mut sub_open = false;
        let mut clip = false;
        let mut cur = Point::default();
        let mut marked_here = 0usize;
        let mut index = 0usize;
        while let Some(op) = lexer.next_op() {
            if self.stop {
                break;
            }
            self.report.ops += 1;
            if self.report.ops > limits.max_ops_per_page
                || self.report.glyphs > limits.max_glyphs_per_page
            {
                self.report.truncated = true;
                self.stop = true;
                break;
            }
            let last = op.range.end.saturating_sub(1);
            while let Some(next) = segments.get(seg + 1)
                && next.start <= last
            {
                seg += 1;
                seg_start = next.start;
                stream = next.stream;
                index = 0;
                tainted = false;
                path_split |= path_start.is_some();
            }
            if lexer.crossings() > crossings {
                crossings = lexer.crossings();
                tainted = true;
                self.report.warn(format!(
                    "page {}: a string or comment runs across two parts of the page content",
                    self.page
                ));
            }
            let split = tainted || op.range.start < seg_start;
            let i = index;
            index += 1;
            let range = op.range.start.max(seg_start) - seg_start..op.range.end - seg_start;
            let opref = || OpRef {
                stream,
                index: i,
                range: range.clone(),
                split,
            };
            // Matrices and text positions: the number as written (see
            // `written_number`); other operands as stored.
            let exact = matches!(op.operator.as_str(), "cm" | "Tm" | "Td" | "TD");
            let nums = |n: usize| -> Option<Vec<f64>> {
                if op.operands.len() < n {
                    return None;
                }
                let from = op.operands.len() - n;
                let f = if exact { written_number } else { number_of };
                op.operands[from..].iter().map(f).collect()
            };
            match op.operator.as_str() {
                "q" => {
                    if stack.len() < limits.max_save_depth {
                        stack.push(gs.clone());
                    } else {
                        self.report.warn(format!(
                            "page {}: graphics state nesting too deep",
                            self.page
                        ));
                    }
                }
                "Q" => {
                    // A stream may not restore what its caller saved (8.4.2).
                    if stack.len() > base_depth
                        && let Some(s) = stack.pop()
                    {
                        *gs = s;
                    }
                }
                "cm" => match nums(6) {
                    Some(v) => {
                        let m = Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]);
                        if m.is_finite() {
                            gs.ctm = m.then(&gs.ctm);
                        }
                    }
                    None => self.report.bad_operands += 1,
                },
                "w" => match nums(1) {
                    Some(v) => gs.line_width = v[0],
                    None => self.report.bad_operands += 1,
                },
                "J" => match nums(1) {
                    Some(v) => gs.line_cap = v[0].clamp(0.0, 2.0) as u8,
                    None => self.report.bad_operands += 1,
                },
                "j" => match nums(1) {
                    Some(v) => gs.line_join = v[0].clamp(0.0, 2.0) as u8,
                    None => self.report.bad_operands += 1,
                },
                "M" => match nums(1) {
                    Some(v) => gs.miter_limit = v[0],
                    None => self.report.bad_operands += 1,
                },
                // An ExtGState may set the line width, cap, join and miter
                // limit too (/LW, /LC, /LJ, /ML; 8.4.5).
                "gs" => {
                    let dict = op
                        .operands
                        .last()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| {
                            let ext = res?
                                .get(b"ExtGState")
                                .ok()
                                .and_then(|d| self.doc.deref(d))?;
                            let g = ext
                                .as_dict()
                                .ok()?
                                .get(n)
                                .ok()
                                .and_then(|g| self.doc.deref(g))?;
                            g.as_dict().ok()
                        });
                    let num = |key: &[u8]| {
                        dict.and_then(|d| d.get(key).ok())
                            .and_then(|o| self.doc.deref(o))
                            .and_then(crate::document::number_of)
                    };
                    if let Some(lw) = num(b"LW") {
                        gs.line_width = lw;
                    }
                    if let Some(lc) = num(b"LC") {
                        gs.line_cap = lc.clamp(0.0, 2.0) as u8;
                    }
                    if let Some(lj) = num(b"LJ") {
                        gs.line_join = lj.clamp(0.0, 2.0) as u8;
                    }
                    if let Some(ml) = num(b"ML") {
                        gs.miter_limit = ml;
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "ET" => {}
                "Tc" => match nums(1) {
                    Some(v) => gs.text.char_space = v[0],
                    None => self.report.bad_operands += 1,
                },
                "Tw" => match nums(1) {
                    Some(v) => gs.text.word_space = v[0],
                    None => self.report.bad_operands += 1,
                },
                "Tz" => match nums(1) {
                    Some(v) => gs.text.h_scale = v[0] / 100.0,
                    None => self.report.bad_operands += 1,
                },
                "TL" => match nums(1) {
                    Some(v) => gs.text.leading = v[0],
                    None => self.report.bad_operands += 1,
                },
                "Ts" => match nums(1) {
                    Some(v) => gs.text.rise = v[0],
                    None => self.report.bad_operands += 1,
                },
                "Tr" => match nums(1) {
                    Some(v) => gs.text.render = (v[0].clamp(0.0, 7.0)) as u8,
                    None => self.report.bad_operands += 1,
                },
                "Tf" => {
                    let size = nums(1).map(|v| v[0]);
                    let name = op
                        .operands
                        .len()
                        .checked_sub(2)
                        .and_then(|k| op.operands.get(k))
                        .and_then(|o| o.as_name().ok());
                    match (name, size) {
                        (Some(name), Some(size)) => {
                            gs.text.size = size;
                            let font = match self.resource(res, b"Font", name) {
                                Some(v) => self.doc.font(v),
                                None => {
                                    self.report.warn(format!(
                                        "page {}: font /{} is missing from the resources",
                                        self.page,
                                        String::from_utf8_lossy(name)
                                    ));
                                    self.doc.font(&Object::Null)
                                }
                            };
                            let fi = self.font_use(&font);
                            gs.text.font = Some((font, fi));
                        }
                        _ => self.report.bad_operands += 1,
                    }
                }
                "Td" | "TD" => match nums(2) {
                    Some(v) => {
                        if op.operator == "TD" {
                            gs.text.leading = -v[1];
                        }
                        tlm = Matrix::translate(v[0], v[1]).then(&tlm);
                        tm = tlm;
                    }
                    None => self.report.bad_operands += 1,
                },
                "Tm" => match nums(6) {
                    Some(v) => {
                        let m = Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]);
                        if m.is_finite() {
                            tlm = m;
                            tm = m;
                        }
                    }
                    None => self.report.bad_operands += 1,
                },
                "T*" => {
                    tlm = Matrix::translate(0.0, -gs.text.leading).then(&tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    // Operands are taken from the end, as a stack machine
                    // would: stray leading operands are garbage.
                    let operand = op.operands.len().saturating_sub(1);
                    if op.operator == "\"" {
                        let n = op.operands.len();
                        if let Some(v) = n
                            .checked_sub(3)
                            .and_then(|k| op.operands.get(k))
                            .and_then(number_of)
                        {
                            gs.text.word_space = v;
                        }
                        if let Some(v) = n
                            .checked_sub(2)
                            .and_then(|k| op.operands.get(k))
                            .and_then(number_of)
                        {
                            gs.text.char_space = v;
                        }
                    }
                    if op.operator != "Tj" {
                        tlm = Matrix::translate(0.0, -gs.text.leading).then(&tlm);
                        tm = tlm;
                    }
                    match op.operands.get(operand) {
                        Some(Object::String(s, _)) => {
                            self.show(s, gs, &mut tm, &opref(), operand);
                        }
                        _ => self.report.bad_operands += 1,
                    }
                }
                "TJ" => match op.operands.last() {
                    Some(Object::Array(items)) => {
                        let r = opref();
                        for (k, item) in items.iter().enumerate() {
                            match item {
                                Object::String(s, _) => self.show(s, gs, &mut tm, &r, k),
                                other => {
                                    if let Some(n) = number_of(other) {
                                        let t = &gs.text;
                                        let vertical =
                                            t.font.as_ref().is_some_and(|(f, _)| f.is_vertical());
                                        let d = -n / 1000.0 * t.size;
                                        tm = if vertical {
                                            Matrix::translate(0.0, d).then(&tm)
                                        } else {
                                            Matrix::translate(d * t.h_scale, 0.0).then(&tm)
                                        };
                                    }
                                }
                            }
                        }
                    }
                    _ => self.report.bad_operands += 1,
                },
                // Path construction (8.5.2): points go to user space now,
                // since cm cannot occur inside a path.
                "m" | "l" => match nums(2) {
                    Some(v) => {
                        if path_start.is_none() {
                            path_start = Some((i, range.start));
                        }
                        let from = cur;
                        cur = gs.ctm.apply(Point { x: v[0], y: v[1] });
                        path.add_point(cur);
                        if op.operator == "m" || !sub_open {
                            let mut bbox = Rect::EMPTY;
                            if op.operator != "m" {
                                bbox.add_point(from);
                            }
                            subpaths.push(SubPath {
                                first_op: i,
                                last_op: i,
                                explicit_start: op.operator == "m",
                                bbox,
                                segments: 0,
                            });
                            sub_open = true;
                        }
                        if let Some(sp) = subpaths.last_mut() {
                            sp.last_op = i;
                            sp.bbox.add_point(cur);
                            if op.operator == "l" {
                                sp.segments = sp.segments.saturating_add(1);
                            }
                        }
                    }
                    None => self.report.bad_operands += 1,
                },
                "c" | "v" | "y" => {
                    let n = if op.operator == "c" { 6 } else { 4 };
                    match nums(n) {
                        Some(v) => {
                            if path_start.is_none() {
                                path_start = Some((i, range.start));
                                path.add_point(cur);
                            }
                            if !sub_open {
                                let mut bbox = Rect::EMPTY;
                                bbox.add_point(cur);
                                subpaths.push(SubPath {
                                    first_op: i,
                                    last_op: i,
                                    explicit_start: false,
                                    bbox,
                                    segments: 0,
                                });
                                sub_open = true;
                            }
                            for p in v.chunks(2) {
                                if let [x, y] = p {
                                    cur = gs.ctm.apply(Point { x: *x, y: *y });
                                    path.add_point(cur);
                                    if let Some(sp) = subpaths.last_mut() {
                                        sp.bbox.add_point(cur);
                                    }
                                }
                            }
                            if let Some(sp) = subpaths.last_mut() {
                                sp.last_op = i;
                                sp.segments = sp.segments.saturating_add(1);
                            }
                        }
                        None => self.report.bad_operands += 1,
                    }
                }
                "re" => match nums(4) {
                    Some(v) => {
                        if path_start.is_none() {
                            path_start = Some((i, range.start));
                        }
                        let q = Quad::from_rect(
                            &Rect::new(v[0], v[1], v[0] + v[2], v[1] + v[3]),
                            &gs.ctm,
                        );
                        path.union(&q.bounds());
                        cur = gs.ctm.apply(Point { x: v[0], y: v[1] });
                        subpaths.push(SubPath {
                            first_op: i,
                            last_op: i,
                            explicit_start: true,
                            bbox: q.bounds(),
                            segments: 4,
                        });
                        // What follows `re` starts a new subpath at (x, y).
                        sub_open = false;
                    }
                    None => self.report.bad_operands += 1,
                },
                "h" => {
                    // Closing ends the subpath; what follows without `m`
                    // starts a new one at its first point (8.5.2.1).
                    if let Some(sp) = subpaths.last_mut()
                        && path_start.is_some()
                    {
                        sp.last_op = i;
                        if sub_open {
                            sp.segments = sp.segments.saturating_add(1);
                        }
                    }
                    sub_open = false;
                }
                "W" | "W*" => clip = true,
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => {
                    let o = op.operator.as_str();
                    let fill = !matches!(o, "S" | "s" | "n");
                    let stroke = matches!(o, "S" | "s" | "B" | "B*" | "b" | "b*");
                    if let Some((first_op, start)) = path_start
                        && !path.is_empty()
                    {
                        let mut op = opref();
                        op.split |= path_split;
                        let draw = PathDraw {
                            op,
                            first_op,
                            start,
                            bbox: path,
                            fill,
                            stroke,
                            clip,
                            line_width: if stroke {
                                gs.line_width.abs() * max_scale(&gs.ctm)
                            } else {
                                0.0
                            },
                            subpaths: std::mem::take(&mut subpaths),
                            line_join: gs.line_join,
                            line_cap: gs.line_cap,
                            miter_limit: gs.miter_limit,
                        };
                        self.sink.path(&draw);
                    }
                    // The clip changes after the path is painted (8.5.4);
                    // its bounds hold all it lets through.
                    if clip {
                        gs.clip_to(&path);
                    }
                    path = Rect::EMPTY;
                    path_start = None;
                    path_split = false;
                    subpaths.clear();
                    sub_open = false;
                    clip = false;
                }
                // A shading fills the clip, within its /BBox given in the
                // user space in force (8.7.4.3, 8.7.4.5.1).
                "sh" => {
                    let bbox = op
                        .operands
                        .last()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| self.resource(res, b"Shading", n))
                        .and_then(|o| self.doc.deref(o))
                        .and_then(|o| match o {
                            Object::Dictionary(d) => Some(d),
                            Object::Stream(s) => Some(&s.dict),
                            _ => None,
                        })
                        .and_then(|d| d.get(b"BBox").ok())
                        .and_then(|o| self.doc.rect(o))
                        .map(|r| Quad::from_rect(&r, &gs.ctm).bounds());
                    let extent = match (gs.clip, bbox) {
                        (Some(c), Some(b)) => Some(meet(&c, &b)),
                        (c, b) => c.or(b),
                    };
                    self.sink.shading(&ShadingDraw {
                        op: opref(),
                        extent,
                    });
                }
                "Do" => {
                    if let Some(name) = op.operands.last().and_then(|o| o.as_name().ok()) {
                        let r = opref();
                        self.do_xobject(name, res, gs, stack, r);
                    } else {
                        self.report.bad_operands += 1;
                    }
                }
                "BI" => {
                    let mask = match op.operands.first() {
                        Some(Object::Dictionary(d)) => d
                            .get(b"IM")
                            .or_else(|_| d.get(b"ImageMask"))
                            .ok()
                            .and_then(|o| o.as_bool().ok())
                            .unwrap_or(false),
                        _ => false,
                    };
                    let quad = Quad::from_rect(&Rect::new(0.0, 0.0, 1.0, 1.0), &gs.ctm);
                    self.image(ImageDraw {
                        op: opref(),
                        quad,
                        object: None,
                        inline: true,
                        mask,
                    });
                }
                "BMC" | "BDC" => {
                    let tag = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .unwrap_or_default();
                    let props: Option<&Dictionary> = match op.operands.get(1) {
                        Some(Object::Dictionary(d)) => Some(d),
                        Some(Object::Name(n)) => self
                            .resource(res, b"Properties", n)
                            .and_then(|o| self.doc.deref(o))
                            .and_then(|o| o.as_dict().ok()),
                        _ => None,
                    };
                    let actual_text = props
                        .and_then(|p| p.get(b"ActualText").ok())
                        .and_then(|o| self.doc.deref(o))
                        .and_then(|o| match o {
                            Object::String(b, _) => Some(decode_text_string(b)),
                            _ => None,
                        });
                    let optional_content = tag == "OC";
                    let hidden = optional_content
                        && match op.operands.get(1) {
                            Some(Object::Name(n)) => self
                                .resource(res, b"Properties", n)
                                .and_then(|o| o.as_reference().ok())
                                .is_some_and(|id| self.doc.oc_hidden(id)),
                            _ => false,
                        };
                    let actual_text_index = actual_text.as_ref().map(|_| {
                        self.actual_count += 1;
                        self.actual_count - 1
                    });
                    let mc = MarkedContent {
                        tag,
                        actual_text,
                        actual_text_index,
                        mcid: props
                            .and_then(|p| p.get(b"MCID").ok())
                            .and_then(|o| o.as_i64().ok()),
                        optional_content,
                        hidden,
                        op: opref(),
                    };
                    if self.marked.len() < 256 {
                        self.marked
                            .push((actual_text_index, optional_content, hidden));
                        if optional_content {
                            self.oc_depth += 1;
                        }
                        if hidden {
                            self.hidden_depth += 1;
                        }
                        marked_here += 1;
                        self.sink.begin_marked(&mc);
                    }
                }
                "EMC" => {
                    // A stream closes only the spans it opened (14.6).
                    if marked_here > 0 {
                        marked_here -= 1;
                        self.pop_marked();
                    }
                }
                "BX" | "EX" | "MP" | "DP" | "d0" | "d1" | "d" | "ri" | "i" | "CS" | "cs" | "SC"
                | "SCN" | "sc" | "scn" | "G" | "g" | "RG" | "rg" | "K" | "k" | "ID" | "EI" => {}
                _ => self.report.unknown_ops += 1,
            }
        }
        self.report.garbage_tokens += lexer.garbage();
        while marked_here > 0 {
            marked_here -= 1;
            self.pop_marked();
        }
        // Restore what the stream left saved (unbalanced q).
        while stack.len() > base_depth {
            if let Some(s) = stack.pop() {
                *gs = s;
            }
        }
    }

    fn pop_marked(&mut self) {
        if let Some((_, oc, hidden)) = self.marked.pop() {
            if oc {
                self.oc_depth = self.oc_depth.saturating_sub(1);
            }
            if hidden {
                self.hidden_depth = self.hidden_depth.saturating_sub(1);
            }
        }
        self.sink.end_marked();
    }

    fn image(&mut self, img: ImageDraw) {
        self.report.images += 1;
        let b = img.quad.bounds();
        if b.width().is_finite() && b.height().is_finite() {
            self.report.image_area += b.width() * b.height();
        }
        self.sink.image(&img);
    }

    /// Shows one string operand (ISO 32000-1 9.4.4).
    fn show(&mut self, bytes: &[u8], gs: &GState, tm: &mut Matrix, op: &OpRef, operand: usize) {
        let (font, fi) = match &gs.text.font {
            Some((f, i)) => (Arc::clone(f), *i),
            None => {
                self.report.warn(format!(
                    "page {}: text shown before any font was set",
                    self.page
                ));
                let f = self.doc.font(&Object::Null);
                let i = self.font_use(&f);
                (f, i)
            }
        };
        let t = &gs.text;
        let fm = font.matrix();
        let vertical = font.is_vertical();
        let name: Arc<str> = Arc::from(font.name());
        let ascent = font.ascent();
        let descent = font.descent();
        // Text rendering matrix without Tm (9.4.2): [Tfs*Th 0 0 Tfs 0 Trise].
        let scale = Matrix([t.size * t.h_scale, 0.0, 0.0, t.size, 0.0, t.rise]);
        let actual_text = self.marked.iter().rev().find_map(|m| m.0);
        let optional_content = self.oc_depth > 0;
        let hidden_layer = self.hidden_depth > 0;
        for cc in font.decode(bytes) {
            let trm = scale.then(tm).then(&gs.ctm);
            // glyph space -> text space via the FontMatrix (9.2.4)
            let gm = Matrix(fm);
            let (quad, advance, extent);
            if vertical {
                let w1 = cc.width * fm[3];
                let (vx, vy) = (cc.v.0 * fm[0], cc.v.1 * fm[3]);
                let half = if vx > 0.0 { vx } else { 0.5 };
                let r = Rect::new(-half, -vy + descent * fm[3], half, -vy + ascent * fm[3]);
                quad = Quad::from_rect(&r, &trm);
                let ty =
                    w1 * t.size + t.char_space + if cc.word_space { t.word_space } else { 0.0 };
                advance = ty;
                let [_, _, tc, td, _, _] = tm.0;
                let [ca, cb, cc2, cd, _, _] = gs.ctm.0;
                let (dx, dy) = (tc * ty, td * ty);
                extent = Point {
                    x: ca * dx + cc2 * dy,
                    y: cb * dx + cd * dy,
                };
                *tm = Matrix::translate(0.0, ty).then(tm);
            } else {
                let w0 =
                    gm.apply(Point {
                        x: cc.width,
                        y: 0.0,
                    })
                    .x - gm.0[4];
                let lo = descent * fm[3];
                let hi = ascent * fm[3];
                let mut r = Rect::new(0.0, lo, w0, hi);
                // A Type3 glyph paints inside its d1 box (9.6.5), which may
                // reach past the advance or the font's ascent: the glyph's
                // box covers both, so an area over the ink finds the glyph.
                if let Some([x0, y0, x1, y1]) = font.glyph_box(cc.code) {
                    r.union(&Quad::from_rect(&Rect::new(x0, y0, x1, y1), &gm).bounds());
                }
                quad = Quad::from_rect(&r, &trm);
                let tx =
                    (w0 * t.size + t.char_space + if cc.word_space { t.word_space } else { 0.0 })
                        * t.h_scale;
                advance = tx;
                // tx through Tm, less Tc and Tw through Tm (9.4.4), then
                // through the CTM, each step as a separate product so the
                // rounding matches poppler's TextPage::addChar
                let sp = t.char_space + if cc.code == 32 { t.word_space } else { 0.0 };
                let [ta, tb, tc, td, _, _] = tm.0;
                let (tdx, tdy) = (ta * tx + tc * 0.0, tb * tx + td * 0.0);
                let (sx, sy) = (
                    ta * (sp * t.h_scale) + tc * 0.0,
                    tb * (sp * t.h_scale) + td * 0.0,
                );
                let (dx, dy) = (tdx - sx, tdy - sy);
                let [ca, cb, cc2, cd, _, _] = gs.ctm.0;
                extent = Point {
                    x: ca * dx + cc2 * dy,
                    y: cb * dx + cd * dy,
                };
                *tm = Matrix::translate(tx, 0.0).then(tm);
            }
            let origin_point = trm.apply(Point::default());
            let em = trm.apply(Point { x: 0.0, y: 1.0 });
            let effective_size =
                ((em.x - origin_point.x).powi(2) + (em.y - origin_point.y).powi(2)).sqrt();
            self.report.glyphs += 1;
            if let Some(f) = self.report.fonts.get_mut(fi) {
                f.glyphs += 1;
            }
            if !quad.0.iter().all(|p| p.x.is_finite() && p.y.is_finite()) {
                continue;
            }
            self.sink.glyph(Glyph {
                text: cc.unicode,
                source: cc.source,
                code: cc.code,
                quad,
                origin_point,
                render_mode: t.render,
                font: Arc::clone(&name),
                font_size: t.size,
                effective_size,
                h_scale: t.h_scale,
                advance,
                word_space: cc.word_space,
                extent,
                vertical,
                actual_text,
                optional_content,
                hidden_layer,
                origin: GlyphOrigin {
                    op: op.clone(),
                    operand,
                    bytes: cc.bytes,
                },
            });
        }
    }

    fn do_xobject(
        &mut self,
        name: &[u8],
        res: Res<'d>,
        gs: &mut GState,
        stack: &mut Vec<GState>,
        op: OpRef,
    ) {
        let Some(value) = self.resource(res, b"XObject", name) else {
            self.report.warn(format!(
                "page {}: image or form /{} is missing from the resources",
                self.page,
                String::from_utf8_lossy(name)
            ));
            return;
        };
        let id = value.as_reference().ok();
        let Some(stream) = self.doc.deref(value).and_then(|o| o.as_stream().ok()) else {
            return;
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| o.as_name().ok());
        match subtype {
            Some(b"Image") => {
                let mask = stream
                    .dict
                    .get(b"ImageMask")
                    .ok()
                    .and_then(|o| o.as_bool().ok())
                    .unwrap_or(false);
                let quad = Quad::from_rect(&Rect::new(0.0, 0.0, 1.0, 1.0), &gs.ctm);
                self.image(ImageDraw {
                    op,
                    quad,
                    object: id,
                    inline: false,
                    mask,
                });
            }
            Some(b"Form") => {
                let matrix = form_matrix(self.doc, &stream.dict);
                let ctm = matrix.then(&gs.ctm);
                let name = String::from_utf8_lossy(name).into_owned();
                self.form(
                    stream,
                    id,
                    StreamKind::Form { name },
                    Some(op),
                    ctm,
                    res,
                    gs,
                    stack,
                );
            }
            _ => {}
        }
    }

    /// Runs a form stream (Form XObject or appearance) with `ctm` in force.
    #[allow(clippy::too_many_arguments)]
    fn form(
        &mut self,
        stream: &'d lopdf::Stream,
        id: Option<ObjectId>,
        kind: StreamKind,
        parent: Option<OpRef>,
        ctm: Matrix,
        res: Res<'d>,
        gs: &mut GState,
        stack: &mut Vec<GState>,
    ) {
        if let Some(id) = id
            && self.form_path.contains(&id)
        {
            self.report.warn(format!(
                "page {}: form {} {} draws itself (a cycle); skipped",
                self.page, id.0, id.1
            ));
            return;
        }
        if self.form_path.len() >= self.doc.limits().max_form_depth {
            self.report.warn(format!(
                "page {}: forms nested too deeply; the deepest were skipped",
                self.page
            ));
            return;
        }
        let data = match self.decode(stream) {
            Ok(d) => d,
            Err(_) => return,
        };
        let form_res = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| self.doc.deref(o))
            .and_then(|o| o.as_dict().ok())
            .or(res);
        let bbox = stream.dict.get(b"BBox").ok().and_then(|o| self.doc.rect(o));
        let instance = match id {
            Some(id) => {
                let n = self.instances.entry(id).or_insert(0);
                *n += 1;
                *n - 1
            }
            None => 0,
        };
        let index = self.open_stream(kind, id, parent, instance, ctm, bbox);
        if let Some(id) = id {
            self.form_path.push(id);
        }
        // 8.10.1: the form runs in a saved graphics state with its matrix
        // concatenated; the text state is inherited.
        let saved = gs.clone();
        gs.ctm = ctm;
        // The form is clipped to its /BBox (8.10.1).
        if let Some(b) = bbox {
            gs.clip_to(&Quad::from_rect(&b, &ctm).bounds());
        }
        self.run(
            &data,
            &[Segment {
                start: 0,
                stream: index,
            }],
            form_res,
            gs,
            stack,
        );
        *gs = saved;
        if id.is_some() {
            self.form_path.pop();
        }
        self.sink.end_stream(index);
    }

    fn annotations(&mut self, page: &'d Dictionary) {
        let Some(annots) = page
            .get(b"Annots")
            .ok()
            .and_then(|o| self.doc.deref(o))
            .and_then(|o| o.as_array().ok())
        else {
            return;
        };
        for (index, a) in annots.iter().enumerate() {
            if self.stop {
                break;
            }
            let annotation = a.as_reference().ok();
            let Some(dict) = self.doc.deref(a).and_then(|o| o.as_dict().ok()) else {
                continue;
            };
            // Hidden (bit 2) and NoView (bit 6) annotations are not shown (12.5.3).
            let flags = dict
                .get(b"F")
                .ok()
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(0);
            if flags & 2 != 0 || flags & 32 != 0 {
                continue;
            }
            if dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Popup") {
                continue;
            }
            let Some(rect) = dict.get(b"Rect").ok().and_then(|o| self.doc.rect(o)) else {
                continue;
            };
            let Some(n) = dict
                .get(b"AP")
                .ok()
                .and_then(|o| self.doc.deref(o))
                .and_then(|o| o.as_dict().ok())
                .and_then(|ap| ap.get(b"N").ok())
            else {
                continue;
            };
            // /N is a stream, or a dictionary of states chosen by /AS.
            let (value, id) = match self.doc.deref(n) {
                Some(Object::Stream(_)) => (n, n.as_reference().ok()),
                Some(Object::Dictionary(states)) => {
                    let Some(state) = dict.get(b"AS").ok().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    match states.get(state) {
                        Ok(v) => (v, v.as_reference().ok()),
                        Err(_) => continue,
                    }
                }
                _ => continue,
            };
            let Some(stream) = self.doc.deref(value).and_then(|o| o.as_stream().ok()) else {
                continue;
            };
            let matrix = form_matrix(self.doc, &stream.dict);
            let bbox = stream
                .dict
                .get(b"BBox")
                .ok()
                .and_then(|o| self.doc.rect(o))
                .unwrap_or(rect);
            // 12.5.5: transform the BBox by Matrix, fit the result to Rect
            // with A; the appearance runs with Matrix × A.
            let tb = Quad::from_rect(&bbox, &matrix).bounds();
            if tb.width().abs() < 1e-9 || tb.height().abs() < 1e-9 {
                continue;
            }
            let a = Matrix::translate(-tb.x_min, -tb.y_min)
                .then(&Matrix([
                    rect.width() / tb.width(),
                    0.0,
                    0.0,
                    rect.height() / tb.height(),
                    0.0,
                    0.0,
                ]))
                .then(&Matrix::translate(rect.x_min, rect.y_min));
            let ctm = matrix.then(&a);
            let res = None;
            let mut gs = GState::new(ctm, None);
            let mut stack = Vec::new();
            self.form(
                stream,
                id,
                StreamKind::Annotation { index, annotation },
                None,
                ctm,
                res,
                &mut gs,
                &mut stack,
            );
        }
    }
}

/// The largest factor by which `m` stretches a length (its largest
/// singular value).
fn max_scale(m: &Matrix) -> f64 {
    let [a, b, c, d, _, _] = m.0;
    let s = a * a + b * b + c * c + d * d;
    let det = a * d - b * c;
    let v = ((s + (s * s - 4.0 * det * det).max(0.0).sqrt()) / 2.0).sqrt();
    if v.is_finite() { v } else { 0.0 }
}

fn form_matrix(doc: &Document, dict: &Dictionary) -> Matrix {
    let m = dict
        .get(b"Matrix")
        .ok()
        .and_then(|o| doc.deref(o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| {
            a.iter()
                .map(|x| doc.deref(x).and_then(number_of))
                .collect::<Option<Vec<f64>>>()
        });
    match m.as_deref() {
        Some([a, b, c, d, e, f]) => {
            let m = Matrix([*a, *b, *c, *d, *e, *f]);
            if m.is_finite() { m } else { Matrix::IDENTITY }
        }
        _ => Matrix::IDENTITY,
    }
}

/// Decodes a PDF text string (7.9.2.2): UTF-16BE with a BOM, UTF-8 with a
/// BOM (PDF 2.0), else PDFDocEncoding (read as Latin-1 here, which agrees
/// on letters and digits).
pub(crate) fn decode_text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                u16::from_be_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ])
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    b.iter().map(|&c| char::from(c)).collect()
}
