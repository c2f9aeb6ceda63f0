//! Opening a document and the geometry of its pages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use lopdf::{Dictionary, Object, ObjectId};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::font::Font;
use crate::geom::{Matrix, Rect};

/// Count-based bounds on the work done for one document, so that nothing
/// hangs or exhausts memory on a hostile file.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Most bytes one stream may decompress to (also bounds a page's content
    /// streams together).
    pub max_stream_bytes: usize,
    /// Most operators interpreted for one page, across all its streams,
    /// forms and annotations.
    pub max_ops_per_page: usize,
    /// Deepest nesting of Form XObjects.
    pub max_form_depth: usize,
    /// Deepest `q` nesting kept (deeper `q` are counted, not stacked).
    pub max_save_depth: usize,
    /// Most glyphs reported for one page.
    pub max_glyphs_per_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_bytes: 64 * 1024 * 1024,
            max_ops_per_page: 2_000_000,
            max_form_depth: 16,
            max_save_depth: 256,
            max_glyphs_per_page: 1_000_000,
        }
    }
}

/// Where a page's box and rotation put its content on screen.
#[derive(Clone, Debug, Serialize)]
pub struct PageGeometry {
    /// The page number (1-based).
    pub number: u32,
    /// /MediaBox in default user space (inherited from the page tree,
    /// ISO 32000-1 7.7.3.4; US Letter when missing).
    pub media_box: Rect,
    /// /CropBox in default user space, clipped to the media box (defaults to
    /// the media box).
    pub crop_box: Rect,
    /// /Rotate normalised to 0, 90, 180 or 270 (clockwise on screen).
    pub rotation: u16,
    /// Width as a viewer shows the page (after rotation), in points.
    pub width: f64,
    /// Height as a viewer shows the page (after rotation), in points.
    pub height: f64,
    /// Maps default user space to view coordinates: origin at the top-left
    /// of the crop box as shown, y down, points — the coordinates of
    /// `pdftotext -bbox`.
    pub to_view: Matrix,
}

/// Cache key for loaded fonts.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FontKey {
    /// An indirect font object.
    Ref(ObjectId),
    /// A direct font dictionary, by its address inside the (immutable)
    /// loaded document.
    Direct(usize),
}

/// An open PDF document, ready to be read page by page.
pub struct Document {
    inner: lopdf::Document,
    pages: Vec<ObjectId>,
    limits: Limits,
    fonts: Mutex<HashMap<FontKey, Arc<Font>>>,
    /// Optional content groups hidden in the default configuration.
    hidden_ocgs: std::collections::HashSet<ObjectId>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("pages", &self.pages.len())
            .finish_non_exhaustive()
    }
}

impl Document {
    /// Opens a document from its bytes. Damaged cross-reference data is
    /// repaired where lopdf's lenient loading can; encrypted files that open
    /// with the empty user password are decrypted.
    pub fn open(bytes: &[u8]) -> Result<Document> {
        Self::open_with(bytes, None, Limits::default())
    }

    /// Opens an encrypted document with its password.
    pub fn open_with_password(bytes: &[u8], password: &str) -> Result<Document> {
        Self::open_with(bytes, Some(password), Limits::default())
    }

    /// Opens a document with an optional password and explicit limits.
    pub fn open_with(bytes: &[u8], password: Option<&str>, limits: Limits) -> Result<Document> {
        if !bytes.windows(5).any(|w| w == b"%PDF-") {
            return Err(Error::NotPdf("no %PDF- header".into()));
        }
        // Filter names abbreviated as for inline images (see
        // `expand_filter_abbreviations`): spelled out, the byte offsets
        // move, so the cross-reference table is rebuilt by scanning.
        let expanded = expand_filter_abbreviations(bytes);
        let options = lopdf::LoadOptions {
            password: password.map(str::to_string),
            max_decompressed_size: Some(limits.max_stream_bytes),
            force_reconstruct: expanded.is_some(),
            ..lopdf::LoadOptions::default()
        };
        let inner = match lopdf::Document::load_mem_with_options(
            expanded.as_deref().unwrap_or(bytes),
            options,
        ) {
            Ok(d) => d,
            Err(e) => return Err(map_load_error(e, password.is_some())),
        };
        // lopdf leaves an encrypted file it could not decrypt with its
        // /Encrypt entry and no objects.
        if inner.trailer.has(b"Encrypt") {
            return Err(if password.is_some() {
                Error::WrongPassword
            } else {
                Error::PasswordRequired
            });
        }
        let pages: Vec<ObjectId> = inner.get_pages().into_values().collect();
        if pages.is_empty() {
            return Err(Error::Damaged("no pages could be found".into()));
        }
        let hidden_ocgs = hidden_ocgs(&inner);
        Ok(Document {
            inner,
            pages,
            limits,
            fonts: Mutex::new(HashMap::new()),
            hidden_ocgs,
        })
    }

    /// How many pages the document has.
    pub fn page_count(&self) -> u32 {
        u32::try_from(self.pages.len()).unwrap_or(u32::MAX)
    }

    /// The underlying lopdf document (for the redactor and sanitizer).
    pub fn lopdf(&self) -> &lopdf::Document {
        &self.inner
    }

    /// Gives the underlying lopdf document up, e.g. to rewrite it.
    pub fn into_lopdf(self) -> lopdf::Document {
        self.inner
    }

    /// The same document with its objects replaced by `inner`, which must
    /// hold the same pages (the redactor's copy with some pages' /Contents
    /// joined into one stream). Fonts are read afresh.
    pub(crate) fn with_objects(&self, inner: lopdf::Document) -> Document {
        let pages: Vec<ObjectId> = inner.get_pages().into_values().collect();
        let hidden_ocgs = hidden_ocgs(&inner);
        Document {
            inner,
            pages,
            limits: self.limits.clone(),
            fonts: Mutex::new(HashMap::new()),
            hidden_ocgs,
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The object id of page `number` (1-based).
    pub fn page_id(&self, number: u32) -> Result<ObjectId> {
        number
            .checked_sub(1)
            .and_then(|i| self.pages.get(i as usize))
            .copied()
            .ok_or(Error::NoSuchPage {
                page: number,
                count: self.page_count(),
            })
    }

    pub(crate) fn page_dict(&self, number: u32) -> Result<&Dictionary> {
        let id = self.page_id(number)?;
        self.inner
            .get_object(id)
            .ok()
            .and_then(|o| o.as_dict().ok())
            .ok_or_else(|| Error::BadPage {
                page: number,
                reason: format!("object {} {} is not a page dictionary", id.0, id.1),
            })
    }

    /// An attribute of the page or, when missing, of its nearest ancestor
    /// in the page tree (ISO 32000-1 7.7.3.4).
    pub(crate) fn inherited<'a>(&'a self, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let mut node = page;
        for _ in 0..64 {
            if let Ok(v) = node.get(key) {
                return self.deref(v);
            }
            node = node
                .get(b"Parent")
                .ok()
                .and_then(|p| self.deref(p))
                .and_then(|p| p.as_dict().ok())?;
        }
        None
    }

    pub(crate) fn deref<'a>(&'a self, o: &'a Object) -> Option<&'a Object> {
        self.inner.dereference(o).ok().map(|(_, o)| o)
    }

    /// The boxes and rotation of page `number` (1-based).
    pub fn page_geometry(&self, number: u32) -> Result<PageGeometry> {
        let page = self.page_dict(number)?;
        let media = self
            .inherited(page, b"MediaBox")
            .and_then(|o| self.rect(o))
            .unwrap_or(Rect::new(0.0, 0.0, 612.0, 792.0));
        let mut crop = self
            .inherited(page, b"CropBox")
            .and_then(|o| self.rect(o))
            .unwrap_or(media);
        crop.x_min = crop.x_min.max(media.x_min);
        crop.y_min = crop.y_min.max(media.y_min);
        crop.x_max = crop.x_max.min(media.x_max);
        crop.y_max = crop.y_max.min(media.y_max);
        if crop.is_empty() || crop.width() < 1e-6 || crop.height() < 1e-6 {
            crop = media;
        }
        let rotate = self
            .inherited(page, b"Rotate")
            .and_then(number_of)
            .unwrap_or(0.0);
        let rotation = ((((rotate / 90.0).round() as i64) % 4 + 4) % 4 * 90) as u16;
        let (w, h) = (crop.width(), crop.height());
        let base = Matrix::translate(-crop.x_min, -crop.y_min);
        // From crop-relative user space (y up) to the view (y down, origin
        // top-left), for a page turned clockwise by /Rotate.
        let turn = match rotation {
            90 => Matrix([0.0, 1.0, 1.0, 0.0, 0.0, 0.0]),
            180 => Matrix([-1.0, 0.0, 0.0, 1.0, w, 0.0]),
            270 => Matrix([0.0, -1.0, -1.0, 0.0, h, w]),
            _ => Matrix([1.0, 0.0, 0.0, -1.0, 0.0, h]),
        };
        let (width, height) = if rotation % 180 == 90 { (h, w) } else { (w, h) };
        Ok(PageGeometry {
            number,
            media_box: media,
            crop_box: crop,
            rotation,
            width,
            height,
            to_view: base.then(&turn),
        })
    }

    pub(crate) fn rect(&self, o: &Object) -> Option<Rect> {
        let a = self.deref(o)?.as_array().ok()?;
        if a.len() != 4 {
            return None;
        }
        let v: Vec<f64> = a
            .iter()
            .filter_map(|x| self.deref(x).and_then(number_of))
            .collect();
        match v.as_slice() {
            [a, b, c, d] if [a, b, c, d].iter().all(|x| x.is_finite()) => {
                Some(Rect::new(*a, *b, *c, *d))
            }
            _ => None,
        }
    }

    /// True when `id` names an optional content group, or a membership
    /// dictionary of groups, that the default configuration turns off
    /// (ISO 32000-1 8.11.4.3; a membership dictionary with the default
    /// /AnyOn policy is off when all its groups are).
    pub(crate) fn oc_hidden(&self, id: ObjectId) -> bool {
        if self.hidden_ocgs.contains(&id) {
            return true;
        }
        let Ok(dict) = self.inner.get_dictionary(id) else {
            return false;
        };
        if dict.get(b"Type").ok().and_then(|o| o.as_name().ok()) != Some(b"OCMD") {
            return false;
        }
        let groups: Vec<ObjectId> = match dict.get(b"OCGs") {
            Ok(Object::Reference(r)) => vec![*r],
            Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
            _ => Vec::new(),
        };
        !groups.is_empty() && groups.iter().all(|g| self.hidden_ocgs.contains(g))
    }

    /// The font behind a resource value, loaded once per document.
    pub(crate) fn font(&self, value: &Object) -> Arc<Font> {
        let key = match value {
            Object::Reference(id) => FontKey::Ref(*id),
            other => FontKey::Direct(std::ptr::from_ref(other) as usize),
        };
        let mut cache = self.fonts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = cache.get(&key) {
            return Arc::clone(f);
        }
        let font = Arc::new(Font::load(&self.inner, value));
        cache.insert(key, Arc::clone(&font));
        font
    }
}

/// The groups the default optional-content configuration turns off: its
/// /OFF list, or with /BaseState /OFF every group not in its /ON list.
fn hidden_ocgs(doc: &lopdf::Document) -> std::collections::HashSet<ObjectId> {
    let mut out = std::collections::HashSet::new();
    let deref = |o: &Object| doc.dereference(o).ok().map(|(_, o)| o.clone());
    let Some(props) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"OCProperties").ok())
        .and_then(&deref)
        .and_then(|o| o.as_dict().ok().cloned())
    else {
        return out;
    };
    let Some(d) = props
        .get(b"D")
        .ok()
        .and_then(&deref)
        .and_then(|o| o.as_dict().ok().cloned())
    else {
        return out;
    };
    let refs = |key: &[u8]| -> Vec<ObjectId> {
        d.get(key)
            .ok()
            .and_then(&deref)
            .and_then(|o| o.as_array().ok().cloned())
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_reference().ok())
                    .take(10_000)
                    .collect()
            })
            .unwrap_or_default()
    };
    let base_off = d.get(b"BaseState").ok().and_then(|o| o.as_name().ok()) == Some(b"OFF");
    if base_off {
        let on = refs(b"ON");
        let all: Vec<ObjectId> = props
            .get(b"OCGs")
            .ok()
            .and_then(&deref)
            .and_then(|o| o.as_array().ok().cloned())
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_reference().ok())
                    .take(10_000)
                    .collect()
            })
            .unwrap_or_default();
        out.extend(all.into_iter().filter(|g| !on.contains(g)));
    } else {
        out.extend(refs(b"OFF"));
    }
    out
}

pub(crate) fn number_of(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

/// The abbreviated filter names of ISO 32000-1 Table 94, with their full
/// names.
const FILTER_ABBREVIATIONS: &[(&[u8], &[u8])] = &[
    (b"AHx", b"ASCIIHexDecode"),
    (b"A85", b"ASCII85Decode"),
    (b"LZW", b"LZWDecode"),
    (b"Fl", b"FlateDecode"),
    (b"RL", b"RunLengthDecode"),
    (b"CCF", b"CCITTFaxDecode"),
    (b"DCT", b"DCTDecode"),
];

/// Most bytes of a file searched for abbreviated filter names.
const MAX_EXPAND_BYTES: usize = 256 << 20;

/// The file with every abbreviated filter name in a `/Filter` entry spelled
/// out, or None when there is none. ISO 32000-1 8.9.7 (Table 94) allows the
/// abbreviations only in inline image dictionaries, but some writers use
/// them for streams (xref and object streams included) and poppler reads
/// them; lopdf does not, so a file using them would not open at all.
fn expand_filter_abbreviations(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() > MAX_EXPAND_BYTES {
        return None;
    }
    let key = b"/Filter";
    let mut out: Vec<u8> = Vec::new();
    let mut copied = 0usize;
    let mut pos = 0usize;
    let is_end = |c: u8| {
        matches!(
            c,
            b' ' | b'\t'
                | b'\r'
                | b'\n'
                | 0x0c
                | 0
                | b'/'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'('
                | b')'
                | b'%'
        )
    };
    let find = |from: usize, what: &[u8]| {
        bytes
            .get(from..)?
            .windows(what.len())
            .position(|w| w == what)
            .map(|o| from + o)
    };
    // The next `stream` keyword (followed by an end of line, 7.3.8.1):
    // stream data is skipped whole, so that an inline image's /Filter in
    // an uncompressed content stream is left alone (its /Length holds).
    let next_stream = |from: usize| {
        let mut at = from;
        while let Some(k) = find(at, b"stream") {
            let after = bytes.get(k + 6).copied();
            let ended = k >= 3 && bytes.get(k - 3..k) == Some(b"end");
            if !ended && matches!(after, Some(b'\r' | b'\n')) {
                return Some(k);
            }
            at = k + 6;
        }
        None
    };
    let mut stream_at = next_stream(0);
    while let Some(at) = find(pos, key) {
        if let Some(k) = stream_at
            && k < at
        {
            pos = find(k + 6, b"endstream").map_or(bytes.len(), |e| e + 9);
            stream_at = next_stream(pos);
            continue;
        }
        let off = at - pos;
        let mut p = pos + off + key.len();
        // the entry's value: a name or an array of names
        let mut in_array = false;
        loop {
            while bytes.get(p).is_some_and(|c| c.is_ascii_whitespace()) {
                p += 1;
            }
            match bytes.get(p) {
                Some(b'[') if !in_array => {
                    in_array = true;
                    p += 1;
                }
                Some(b'/') => {
                    let start = p + 1;
                    let mut end = start;
                    while bytes.get(end).is_some_and(|&c| !is_end(c)) {
                        end += 1;
                    }
                    let name = bytes.get(start..end).unwrap_or_default();
                    if let Some((_, full)) = FILTER_ABBREVIATIONS.iter().find(|(a, _)| *a == name) {
                        out.extend_from_slice(bytes.get(copied..start).unwrap_or_default());
                        out.extend_from_slice(full);
                        copied = end;
                    }
                    p = end;
                    if !in_array {
                        break;
                    }
                }
                _ => break,
            }
        }
        pos = p.max(pos + off + key.len());
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(bytes.get(copied..).unwrap_or_default());
    Some(out)
}

fn map_load_error(e: lopdf::Error, had_password: bool) -> Error {
    use lopdf::Error as L;
    match e {
        L::InvalidPassword => {
            if had_password {
                Error::WrongPassword
            } else {
                Error::PasswordRequired
            }
        }
        L::Decryption(d) => {
            if had_password {
                Error::WrongPassword
            } else {
                Error::UnsupportedEncryption(d.to_string())
            }
        }
        L::UnsupportedSecurityHandler(h) => {
            Error::UnsupportedEncryption(String::from_utf8_lossy(&h).into_owned())
        }
        L::Parse(lopdf::ParseError::InvalidFileHeader) => {
            Error::NotPdf("the file header cannot be read".into())
        }
        L::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            Error::Damaged(format!("a stream decompresses to more than {limit} bytes"))
        }
        L::Unimplemented(_) => {
            Error::Damaged("it uses an unusual stream filter that cannot be read".into())
        }
        other => Error::Damaged(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Point;
    use lopdf::dictionary;

    #[test]
    fn view_transform_per_rotation() {
        // crop box offset from the origin: (10,20)-(110,220), 100 x 200
        let crop = Rect::new(10.0, 20.0, 110.0, 220.0);
        let bl = Point { x: 10.0, y: 20.0 };
        let tl = Point { x: 10.0, y: 220.0 };
        for (rot, want_bl, want_tl) in [
            (0u16, (0.0, 200.0), (0.0, 0.0)),
            (90, (0.0, 0.0), (200.0, 0.0)),
            (180, (100.0, 0.0), (100.0, 200.0)),
            (270, (200.0, 100.0), (0.0, 100.0)),
        ] {
            let g = geometry_for(crop, rot);
            let p = g.to_view.apply(bl);
            let q = g.to_view.apply(tl);
            assert!(
                (p.x - want_bl.0).abs() < 1e-9 && (p.y - want_bl.1).abs() < 1e-9,
                "{rot}: {p:?}"
            );
            assert!(
                (q.x - want_tl.0).abs() < 1e-9 && (q.y - want_tl.1).abs() < 1e-9,
                "{rot}: {q:?}"
            );
        }
    }

    fn geometry_for(crop: Rect, rotation: u16) -> PageGeometry {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages,
            "MediaBox" => vec![0.into(), 0.into(), 300.into(), 300.into()],
            "CropBox" => vec![crop.x_min.into(), crop.y_min.into(), crop.x_max.into(), crop.y_max.into()],
            "Rotate" => i64::from(rotation),
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1},
            ),
        );
        let cat = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages});
        doc.trailer.set("Root", cat);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        Document::open(&bytes).unwrap().page_geometry(1).unwrap()
    }

    #[test]
    fn not_a_pdf() {
        assert!(matches!(
            Document::open(b"hello world"),
            Err(Error::NotPdf(_))
        ));
        assert!(Document::open(b"%PDF-1.4\n garbage").is_err());
    }

    #[test]
    fn filter_abbreviations_are_spelled_out() {
        let src =
            b"<< /Filter /Fl /Length 3 >> << /Filter [/AHx /Fl] >> << /Filter /FlateDecode >> \
                    << /Filter\n/DCT>> << /F /Fl /Filter /Flx >>";
        let out = expand_filter_abbreviations(src).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<< /Filter /FlateDecode /Length 3 >> << /Filter [/ASCIIHexDecode /FlateDecode] >> \
             << /Filter /FlateDecode >> << /Filter\n/DCTDecode>> << /F /Fl /Filter /Flx >>"
        );
        assert!(expand_filter_abbreviations(b"<< /Filter /FlateDecode >>").is_none());
        // an inline image in an uncompressed content stream keeps its bytes
        let src = b"<< /Length 30 >>\nstream\nBI /Filter /Fl ID x EI\nendstream << /Filter /AHx >>";
        let out = expand_filter_abbreviations(src).unwrap();
        assert!(out.starts_with(b"<< /Length 30 >>\nstream\nBI /Filter /Fl ID x EI\nendstream"));
        assert!(out.ends_with(b"/Filter /ASCIIHexDecode >>"));
    }
}
