//! True redaction (issue 4): remove the covered glyphs from the content
//! streams, paint the mark, save as a full rewrite and prove the result by
//! reading it back.
//!
//! The flow for one document: [`redact`] interprets every page that has
//! areas, finds the glyphs whose (slightly shrunk) boxes meet an area, cuts
//! them out of their show operators token by token (everything else keeps
//! its original bytes), removes the vector paths that lie wholly inside an
//! area, their stroke's reach at joins and caps included (a path crossing
//! an area's edge stays, under the mark), and the shadings (`sh`) whose
//! clip and /BBox lie wholly inside one, blanks the
//! covered pixels of images (XObjects in a copy, inline images in place;
//! an image that cannot be decoded is removed whole and its place boxed),
//! copies every changed Form XObject, appends a `q`/`Q`-wrapped stream with
//! the marks, scrubs strings outside the page content that still carry a
//! redacted value (a form field that loses its value gets an empty
//! appearance), optionally strips everything [`RedactOptions::sanitize`]
//! lists, saves the whole file afresh (unencrypted unless
//! [`RedactOptions::encrypt_output`] asks), and verifies the saved bytes:
//! our extraction, every string and decompressed stream (content streams
//! also read without our lexer or fonts), and no glyph left inside an
//! area. Any value that survives anywhere fails the call
//! ([`crate::Error::RedactionLeak`]).
//!
//! The rewriting works on one content stream at a time. A page whose
//! /Contents parts divide an operator (ISO 32000-1 7.8.2 reads them as one
//! stream; [`crate::OpRef::split`]) is first joined into a single stream
//! that lexes into the same operators (`normalize`), and the document is
//! redacted again from the start; a page that cannot be joined so fails
//! with [`crate::Error::Redaction`]. Pages that divide nothing keep their
//! parts.

mod collect;
mod image;
mod mark;
mod normalize;
mod rewrite;
mod sanitize;
mod save;
mod scrub;
mod verify;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Object, ObjectId};
use serde::Serialize;

use crate::document::Document;
use crate::error::{Error, Result};
use crate::geom::Quad;
use crate::interp::{StreamKind, interpret_page};

use collect::Collector;
use rewrite::StreamEdit;

/// One redaction area: what a clerk confirmed on one page.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Area {
    /// The page number (1-based).
    pub page: u32,
    /// The covered region as quads in view coordinates: origin at the top
    /// left of the page as shown (after /Rotate), y down, points — the
    /// coordinates [`crate::TextGlyph::view`] and `pdftotext -bbox` use.
    pub quads: Vec<Quad>,
    /// The label printed on the mark, such as an exemption code
    /// (printable ASCII; other characters print as `?`). Empty for none.
    pub label: String,
    /// The values this area withholds, searched for in the saved file by
    /// the verification (digits only for numbers; case- and space-folded for
    /// words). Also scrubbed from strings outside the page content.
    pub values_to_verify: Vec<String>,
}

/// How to redact and save.
#[derive(Clone, Debug)]
pub struct RedactOptions {
    /// Fixed document ID and dates, so that the same input gives the same
    /// bytes (tests and snapshots).
    pub deterministic: bool,
    /// Compress the streams of the output with Flate (off only for tests
    /// that want to read the output by eye).
    pub compress: bool,
    /// Fraction of a glyph box's width and height kept by the shrink before
    /// the hit test (0.6 keeps the middle 60 %), so that a neighbour that
    /// merely touches an area's edge survives.
    pub glyph_shrink: f64,
    /// A text stamped at the bottom right of each page (index 0 is page 1),
    /// such as a Bates number; empty for none. Stamped before the save, so
    /// the verification reads the stamped file.
    pub page_stamps: Vec<String>,
    /// Strip, whatever they say, the places outside the page content where
    /// words can hide (for an office that wants nothing but the pages):
    ///
    /// - the document information dictionary (/Info: title, author, ...)
    ///   and every /Metadata entry on any object, so every XMP packet;
    /// - document-level JavaScript, the open action, every additional-
    ///   actions dictionary (/AA) on the catalog, pages, annotations and
    ///   fields, and every link action other than GoTo, URI and Named
    ///   (widgets keep no action at all);
    /// - embedded files (the /EmbeddedFiles name tree, and file attachment
    ///   annotations with every other non-link, non-widget annotation:
    ///   comments, sticky notes, popups, highlights, stamps, sounds);
    /// - page thumbnails (/Thumb);
    /// - the outline (bookmarks) as a whole: its titles are the author's
    ///   words, never checked against the page; /PageMode UseOutlines
    ///   becomes UseNone;
    /// - /Alt, /ActualText and /E of structure elements and of
    ///   marked-content property lists, inline in content streams or named
    ///   in /Properties resources (the structure tree itself stays, for
    ///   accessibility);
    /// - private application data (/PieceInfo) and an XFA form's data.
    ///
    /// Kept: page labels (they are still checked for the redacted values
    /// and blanked when they hold one), links and form fields with their
    /// values (a redacted field's value is scrubbed in any case), the
    /// structure tree, optional-content groups, and all page content
    /// outside the areas.
    pub sanitize: bool,
    /// Encrypt the output with these passwords, (user, owner): AES-256
    /// (ISO 32000-2 7.6.4, security handler revision 6) with every
    /// permission granted. None (the default) writes the output
    /// unencrypted, whatever the input was. The verification opens the
    /// output with the user password. Encrypted output is not
    /// byte-for-byte deterministic (the cipher's initialization vectors
    /// are random).
    pub encrypt_output: Option<(String, String)>,
}

impl Default for RedactOptions {
    fn default() -> Self {
        RedactOptions {
            deterministic: false,
            compress: true,
            glyph_shrink: 0.6,
            page_stamps: Vec::new(),
            sanitize: false,
            encrypt_output: None,
        }
    }
}

/// What happened for one area.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AreaResult {
    /// The page (1-based).
    pub page: u32,
    /// Index of the area in the call's `areas`.
    pub area: usize,
    /// Glyphs removed from the page content and forms.
    pub glyphs_removed: usize,
    /// Of those, glyphs in invisible text (render mode 3).
    pub invisible_glyphs_removed: usize,
    /// Images drawn under the area whose covered pixels were blanked (in a
    /// copy of the image).
    pub images_blanked: usize,
    /// Images drawn under the area that were removed whole (and their
    /// whole place boxed).
    pub images_removed: usize,
    /// Vector paths wholly inside the area that were removed.
    pub paths_removed: usize,
    /// Subpaths wholly inside the area removed from paths that reach
    /// outside it (the rest of those paths stays).
    pub subpaths_removed: usize,
    /// Shadings (`sh`, 8.7.4.3) whose whole extent lies inside the area,
    /// removed.
    pub shadings_removed: usize,
    /// Annotations removed because they meet the area.
    pub annotations_removed: usize,
    /// Whether the label was printed on the mark (false when it did not fit
    /// or was empty).
    pub label_printed: bool,
}

/// What a successful call did, for the exemption log and the clerk.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RedactionReport {
    /// One entry per area, in the order given.
    pub areas: Vec<AreaResult>,
    /// Form XObjects copied before they were changed (object ids of the
    /// originals).
    pub forms_copied: usize,
    /// Strings and streams outside the page content blanked because they
    /// held a redacted value, in plain words (`"info /Author"`, ...).
    pub blanked: Vec<String>,
    /// Everything that needs a human's attention.
    pub warnings: Vec<String>,
    /// Values verified absent from the output.
    pub values_verified: usize,
    /// Of those, values of three folded characters or fewer, proven gone
    /// by their areas alone (no glyph left inside) rather than by a
    /// file-wide search, which would find them by chance.
    pub values_verified_by_area_only: usize,
}

/// The redacted file and the account of what was done.
#[derive(Clone, Debug)]
pub struct Redacted {
    /// The saved, verified PDF.
    pub bytes: Vec<u8>,
    /// What was removed, blanked and warned about.
    pub report: RedactionReport,
}

/// Redacts `areas` from `doc`, saves the result as a full rewrite and
/// verifies it: the output is returned only when none of the areas'
/// `values_to_verify` can be found in it (in our own extraction, in any
/// string or decompressed stream of the file).
pub fn redact(doc: &Document, areas: &[Area], opts: &RedactOptions) -> Result<Redacted> {
    match redact_pass(doc, areas, opts, None)? {
        Pass::Done(r) => Ok(r),
        Pass::Split(pages) => {
            // Some pages have operators divided between /Contents parts:
            // join those pages' parts into one stream and start again.
            let joined = normalize::normalized(doc, &pages)?;
            match redact_pass(&joined, areas, opts, Some(&pages))? {
                Pass::Done(r) => Ok(r),
                Pass::Split(still) => Err(Error::Redaction {
                    page: still.first().copied().unwrap_or(0),
                    reason: "operators divided between parts of the page content remain after \
                             the parts were joined"
                        .into(),
                }),
            }
        }
    }
}

/// The outcome of one pass over the document.
enum Pass {
    /// Redacted and verified.
    Done(Redacted),
    /// These pages must be joined into one content stream first.
    Split(Vec<u32>),
}

/// One pass of [`redact`]. With `joined` None, pages whose operators are
/// divided between /Contents parts are only listed; with `joined` the
/// pages already joined (for the report), such a page fails.
fn redact_pass(
    doc: &Document,
    areas: &[Area],
    opts: &RedactOptions,
    joined: Option<&[u32]>,
) -> Result<Pass> {
    let count = doc.page_count();
    for (i, a) in areas.iter().enumerate() {
        if a.page == 0 || a.page > count {
            return Err(Error::NoSuchPage {
                page: a.page,
                count,
            });
        }
        let finite = a
            .quads
            .iter()
            .all(|q| q.0.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
        if !finite {
            return Err(Error::BadArea {
                page: a.page,
                area: i,
                reason: "a quad has a coordinate that is not a finite number".into(),
            });
        }
    }
    let mut out = doc.lopdf().clone();
    let mut report = RedactionReport {
        areas: areas
            .iter()
            .enumerate()
            .map(|(i, a)| AreaResult {
                page: a.page,
                area: i,
                ..AreaResult::default()
            })
            .collect(),
        ..RedactionReport::default()
    };
    let mut by_page: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, a) in areas.iter().enumerate() {
        by_page.entry(a.page).or_default().push(i);
    }
    if let Some(pages) = joined {
        for page in pages {
            report.warnings.push(format!(
                "page {page}: an operator was divided between two parts of the page content; \
                 the parts were joined into one stream before redacting"
            ));
        }
    }
    let mark_font = mark::add_font(&mut out);
    let mut split_pages = Vec::new();
    for (&page, idx) in &by_page {
        let outcome = redact_page(
            doc,
            &mut out,
            page,
            areas,
            idx,
            mark_font,
            opts,
            &mut report,
        )?;
        if outcome == PageOutcome::Split {
            split_pages.push(page);
        }
    }
    if !split_pages.is_empty() {
        return Ok(Pass::Split(split_pages));
    }
    let mut values: Vec<String> = areas
        .iter()
        .flat_map(|a| a.values_to_verify.iter().cloned())
        .filter(|v| !v.trim().is_empty())
        .collect();
    values.sort();
    values.dedup();
    scrub::scrub(&mut out, &values, &mut report);
    if !opts.page_stamps.is_empty() {
        crate::stamp::stamp_pages(doc, &mut out, &opts.page_stamps)?;
    }
    if opts.sanitize {
        sanitize::sanitize(&mut out, &mut report);
    }
    let bytes = save::save(&mut out, opts)?;
    verify::verify(&bytes, &values, areas, opts, &mut report)?;
    Ok(Pass::Done(Redacted { bytes, report }))
}

/// Whether a page was redacted into the output.
#[derive(Debug, PartialEq, Eq)]
enum PageOutcome {
    /// Its edits are in the output.
    Done,
    /// Nothing was changed: an operator of its content is divided between
    /// two /Contents parts, which the per-stream rewriter cannot rebuild.
    Split,
}

/// Redacts the areas `idx` of one page into `out`.
#[allow(clippy::too_many_arguments, clippy::too_many_lines)]
fn redact_page(
    doc: &Document,
    out: &mut lopdf::Document,
    page: u32,
    areas: &[Area],
    idx: &[usize],
    mark_font: ObjectId,
    opts: &RedactOptions,
    report: &mut RedactionReport,
) -> Result<PageOutcome> {
    let geometry = doc.page_geometry(page)?;
    let page_id = doc.page_id(page)?;
    let quads: Vec<(usize, Quad)> = idx
        .iter()
        .filter_map(|&i| areas.get(i).map(|a| (i, a)))
        .flat_map(|(i, a)| a.quads.iter().map(move |q| (i, *q)))
        .collect();
    let needles: Vec<verify::Needle> = areas
        .iter()
        .flat_map(|a| a.values_to_verify.iter())
        .filter_map(|v| verify::Needle::new(v))
        .collect();
    let mut collector = Collector::new(
        geometry.to_view,
        quads.clone(),
        opts.glyph_shrink,
        needles.clone(),
    );
    let (_, interp_report, streams) = interpret_page(doc, page, &mut collector)?;
    // An operator divided between /Contents parts (7.8.2), or a string run
    // on from one part into the next, cannot be rewritten part by part:
    // the page is left alone and joined into one stream by the caller.
    let crossing = interp_report
        .warnings
        .iter()
        .any(|w| w.contains("runs across two parts"));
    if collector.split_seen || crossing {
        return Ok(PageOutcome::Split);
    }
    let marked_with_values = marked_content_hits(doc, &streams, &needles);
    if interp_report.truncated {
        return Err(Error::Redaction {
            page,
            reason: "the page has more content than the interpreter's limits allow, so it \
                     cannot be searched completely"
                .into(),
        });
    }
    // What cannot be decoded cannot be searched: a stream of this page we
    // could not read may hold text under an area, so fail closed.
    if let Some(w) = interp_report
        .warnings
        .iter()
        .find(|w| w.contains("could not be decoded"))
    {
        return Err(Error::Redaction {
            page,
            reason: format!(
                "part of the page cannot be read, so it cannot be redacted safely ({w})"
            ),
        });
    }
    for w in &interp_report.warnings {
        report.warnings.push(w.clone());
    }
    // Glyph counts per area.
    for r in &collector.removals {
        if let Some(a) = report.areas.get_mut(r.area) {
            a.glyphs_removed += 1;
            if r.invisible {
                a.invisible_glyphs_removed += 1;
            }
        }
    }
    // Which annotations go: those whose appearance lost a glyph, and
    // those whose /Rect meets an area (12.5.2).
    let mut drop_annots: BTreeMap<usize, usize> =
        scrub::annotations_meeting(doc, page, &geometry.to_view, &quads);
    // Group removals by stream.
    let mut edits: BTreeMap<usize, StreamEdit> = BTreeMap::new();
    let removed_spans: std::collections::BTreeSet<u32> = collector
        .removals
        .iter()
        .filter_map(|r| r.actual_text)
        .collect();
    let removals = std::mem::take(&mut collector.removals);
    for r in removals {
        let root = root_of(&streams, r.stream);
        if let Some(StreamKind::Annotation { index, .. }) = streams.get(root).map(|s| &s.kind) {
            drop_annots.entry(*index).or_insert(r.area);
            continue;
        }
        edits.entry(r.stream).or_default().add(r);
    }
    let mut page_xobjects: Vec<(Vec<u8>, ObjectId)> = Vec::new();
    // Images removed whole: their whole place is boxed too.
    let mut boxes: Vec<Quad> = Vec::new();
    let mut inline_cache = InlineCache::new();
    let area_quads: Vec<Quad> = quads.iter().map(|(_, q)| *q).collect();
    for hit in &collector.images {
        let root = root_of(&streams, hit.stream);
        if let Some(StreamKind::Annotation { index, .. }) = streams.get(root).map(|s| &s.kind) {
            drop_annots.entry(*index).or_insert(hit.area);
            continue;
        }
        if hit.inline {
            // An inline image lives in the content stream itself: its
            // data is rewritten in place (8.9.7).
            match blank_inline(
                doc,
                out,
                &streams,
                hit,
                &area_quads,
                page,
                &mut inline_cache,
            ) {
                Ok(bytes) => {
                    edits
                        .entry(hit.stream)
                        .or_default()
                        .replace_inline(hit.op, bytes);
                    if let Some(a) = report.areas.get_mut(hit.area) {
                        a.images_blanked += 1;
                    }
                }
                Err(why) => {
                    removed_whole(report, hit, page, &why, &mut boxes);
                    edits.entry(hit.stream).or_default().drop_op(hit.op);
                }
            }
            continue;
        }
        // Blank the covered pixels in a copy (the image may be drawn
        // elsewhere too); remove the draw when that cannot be done.
        let source = hit
            .object
            .and_then(|id| out.get_object(id).ok())
            .and_then(|o| o.as_stream().ok())
            .cloned();
        let blanked = match source {
            Some(st) => image::blank(
                out,
                &st,
                &hit.view,
                &area_quads,
                doc.limits().max_stream_bytes,
            ),
            None => Err("the image cannot be found".to_string()),
        };
        match blanked {
            Ok((copy, _pixels)) => {
                let id = out.add_object(copy);
                let name = format!("RdI{}_{}", id.0, id.1).into_bytes();
                if parent_is_page(&streams, hit.stream) {
                    page_xobjects.push((name.clone(), id));
                }
                edits
                    .entry(hit.stream)
                    .or_default()
                    .rename(hit.op, name, id);
                if let Some(a) = report.areas.get_mut(hit.area) {
                    a.images_blanked += 1;
                }
            }
            Err(why) => {
                removed_whole(report, hit, page, &why, &mut boxes);
                edits.entry(hit.stream).or_default().drop_op(hit.op);
            }
        }
    }
    // Vector paths wholly inside an area (signatures, hand-drawn marks):
    // their construction and painting operators go. Paths that cross an
    // area's edge stay; the mark covers their inside part.
    for hit in &collector.paths {
        if drawn_in_annotation(&streams, hit.stream) {
            continue;
        }
        edits
            .entry(hit.stream)
            .or_default()
            .drop_path(hit.first_op, hit.op);
        if let Some(a) = report.areas.get_mut(hit.area) {
            a.paths_removed += 1;
        }
    }
    for hit in &collector.subpaths {
        if drawn_in_annotation(&streams, hit.stream) {
            continue;
        }
        edits
            .entry(hit.stream)
            .or_default()
            .drop_subpath(hit.first_op, hit.last_op);
        if let Some(a) = report.areas.get_mut(hit.area) {
            a.subpaths_removed += 1;
        }
    }
    // Shadings painted wholly inside an area go; one that reaches outside
    // stays and the mark covers it.
    for hit in &collector.shadings {
        if drawn_in_annotation(&streams, hit.stream) {
            continue;
        }
        edits
            .entry(hit.stream)
            .or_default()
            .drop_named(hit.op, "sh");
        if let Some(a) = hit.area.and_then(|i| report.areas.get_mut(i)) {
            a.shadings_removed += 1;
        }
    }
    // ActualText spans that lost a glyph or hold a value lose their
    // /ActualText (14.9.4), which would otherwise still spell the value.
    let mut strip: Vec<(usize, usize)> = collector
        .actual_hits
        .iter()
        .map(|h| (h.stream, h.op))
        .chain(marked_with_values)
        .collect();
    for i in &removed_spans {
        if let Some(&span) = collector.actual_spans.get(*i as usize)
            && span.0 != usize::MAX
        {
            strip.push(span);
        }
    }
    strip.sort_unstable();
    strip.dedup();
    for (stream, op) in strip {
        if drawn_in_annotation(&streams, stream) {
            continue;
        }
        edits.entry(stream).or_default().strip_actual_text(op);
    }
    for (&annot, &area) in &drop_annots {
        if let Some(a) = report.areas.get_mut(area) {
            a.annotations_removed += 1;
        }
        let _ = annot;
    }
    // Children before parents: a changed form is copied under a new name,
    // which changes the `Do` that drew it.
    let mut page_parts: HashMap<usize, ObjectId> = HashMap::new();
    // Parents have smaller indices than the forms they draw, so taking the
    // largest index first meets every child before its parent.
    while let Some((s, edit)) = edits.pop_last() {
        let Some(info) = streams.get(s) else { continue };
        let original = match info.object {
            Some(id) => out.get_object(id).ok().and_then(|o| o.as_stream().ok()),
            None => None,
        };
        let Some(original) = original.cloned() else {
            return Err(Error::Redaction {
                page,
                reason: format!("content stream {s} holds redacted text but cannot be found again"),
            });
        };
        let data = original
            .decompressed_content_with_limit(doc.limits().max_stream_bytes)
            .map_err(|e| Error::Redaction {
                page,
                reason: format!("a content stream holding redacted text cannot be decoded: {e}"),
            })?;
        let new_data =
            rewrite::apply(&data, &edit).map_err(|reason| Error::Redaction { page, reason })?;
        let mut dict = original.dict.clone();
        dict.remove(b"Filter");
        dict.remove(b"DecodeParms");
        dict.remove(b"Length");
        match &info.kind {
            StreamKind::PageContent { part } => {
                let id = out.add_object(lopdf::Stream::new(dict, new_data));
                page_parts.insert(*part, id);
            }
            StreamKind::Form { .. } => {
                if !edit.xobjects.is_empty() {
                    let mut res = effective_resources(doc, &streams, s, page);
                    add_xobjects(out, &mut res, &edit.xobjects);
                    keep_used_xobjects(out, &mut res, &[new_data.as_slice()]);
                    dict.set("Resources", Object::Dictionary(res));
                }
                let id = out.add_object(lopdf::Stream::new(dict, new_data));
                report.forms_copied += 1;
                let Some(parent) = info.parent.clone() else {
                    continue;
                };
                let name = format!("RdX{}_{}", id.0, id.1).into_bytes();
                if parent_is_page(&streams, parent.stream) {
                    page_xobjects.push((name.clone(), id));
                }
                edits
                    .entry(parent.stream)
                    .or_default()
                    .rename(parent.index, name, id);
            }
            StreamKind::Annotation { .. } => {}
        }
    }
    // The page itself: new /Contents, its own /Resources with the copies
    // and the mark font, the mark.
    let mut res = page_resources(doc, page);
    add_xobjects(out, &mut res, &page_xobjects);
    let font_name = mark::font_name(out, &res);
    let fonts = res
        .get(b"Font")
        .ok()
        .and_then(|o| deref(out, o))
        .and_then(|o| o.as_dict().ok())
        .cloned();
    let mut fonts = fonts.unwrap_or_default();
    fonts.set(font_name.clone(), Object::Reference(mark_font));
    res.set("Font", Object::Dictionary(fonts));

    let boxed = Area {
        page,
        quads: boxes,
        ..Area::default()
    };
    let mut page_areas: Vec<&Area> = idx.iter().filter_map(|&i| areas.get(i)).collect();
    if !boxed.quads.is_empty() {
        page_areas.push(&boxed);
    }
    let (mark_bytes, printed) = mark::content(&geometry.to_view, &page_areas, &font_name);
    for (k, &i) in idx.iter().enumerate() {
        if let (Some(a), Some(p)) = (report.areas.get_mut(i), printed.get(k)) {
            a.label_printed = *p;
        }
    }
    let parts = content_parts(out, page_id);
    let mut contents: Vec<Object> = Vec::new();
    contents.push(Object::Reference(
        out.add_object(lopdf::Stream::new(Dictionary::new(), b"q\n".to_vec())),
    ));
    for (k, part) in parts.into_iter().enumerate() {
        match page_parts.get(&k) {
            Some(id) => contents.push(Object::Reference(*id)),
            None => contents.push(part),
        }
    }
    contents.push(Object::Reference(
        out.add_object(lopdf::Stream::new(Dictionary::new(), b"\nQ\n".to_vec())),
    ));
    contents.push(Object::Reference(
        out.add_object(lopdf::Stream::new(Dictionary::new(), mark_bytes)),
    ));
    // A form replaced by its copy everywhere on the page must not stay
    // reachable through the page's resources (it still holds the text).
    if !page_xobjects.is_empty() {
        let mut datas = Vec::new();
        // Forms without their own /Resources draw with the page's names,
        // so their `Do`s count as uses too.
        let forms: Vec<Object> = streams
            .iter()
            .filter(|s| matches!(s.kind, StreamKind::Form { .. }))
            .filter_map(|s| s.object.map(Object::Reference))
            .collect();
        for c in contents.iter().chain(&forms) {
            if let Some(st) = deref(out, c).and_then(|o| o.as_stream().ok()) {
                let d = st
                    .decompressed_content_with_limit(doc.limits().max_stream_bytes)
                    .map_err(|e| Error::Redaction {
                        page,
                        reason: format!("a content stream cannot be decoded again: {e}"),
                    })?;
                datas.push(d);
            }
        }
        let refs: Vec<&[u8]> = datas.iter().map(Vec::as_slice).collect();
        keep_used_xobjects(out, &mut res, &refs);
    }
    let removed_annots = scrub::remove_annotations(out, page_id, &drop_annots);
    if removed_annots > 0 {
        report.warnings.push(format!(
            "page {page}: {removed_annots} annotation(s) meeting a redaction area were removed"
        ));
    }
    let page_dict = out
        .get_object_mut(page_id)
        .ok()
        .and_then(|o| o.as_dict_mut().ok())
        .ok_or_else(|| Error::BadPage {
            page,
            reason: "the page dictionary cannot be changed".into(),
        })?;
    page_dict.set("Contents", Object::Array(contents));
    page_dict.set("Resources", Object::Dictionary(res));
    // A thumbnail (12.3.4) is a picture of the page before redaction.
    if page_dict.remove(b"Thumb").is_some() {
        report.blanked.push(format!("page {page} thumbnail"));
    }
    Ok(PageOutcome::Done)
}

/// Accounts for an image under an area that is removed whole: a warning,
/// the count, and its whole place added to the page's marks.
fn removed_whole(
    report: &mut RedactionReport,
    hit: &collect::ImageHit,
    page: u32,
    why: &str,
    boxes: &mut Vec<Quad>,
) {
    if let Some(a) = report.areas.get_mut(hit.area) {
        a.images_removed += 1;
    }
    report.warnings.push(format!(
        "page {page}: an image under a redaction area was removed whole and its place boxed \
         because its pixels could not be blanked: {why}"
    ));
    boxes.push(hit.view);
}

/// The inline images of each stream met so far (stream index -> operator
/// index -> dictionary and data), so that a stream is decoded and lexed
/// once however many of its images meet an area.
type InlineCache = HashMap<usize, HashMap<usize, (Dictionary, Vec<u8>)>>;

/// The inline image of `hit` with the covered pixels blanked, as the
/// bytes of a whole new `BI ... EI` operator.
fn blank_inline(
    doc: &Document,
    out: &mut lopdf::Document,
    streams: &[crate::interp::StreamInfo],
    hit: &collect::ImageHit,
    areas: &[Quad],
    page: u32,
    cache: &mut InlineCache,
) -> std::result::Result<Vec<u8>, String> {
    let limit = doc.limits().max_stream_bytes;
    let images = match cache.entry(hit.stream) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(v) => {
            let data = streams
                .get(hit.stream)
                .and_then(|s| s.object)
                .and_then(|id| doc.lopdf().get_object(id).ok())
                .and_then(|o| o.as_stream().ok())
                .and_then(|st| st.decompressed_content_with_limit(limit).ok())
                .ok_or_else(|| {
                    "the content stream holding the inline image cannot be read".to_string()
                })?;
            let mut images = HashMap::new();
            let mut lexer = crate::lexer::Lexer::new(&data);
            let mut index = 0usize;
            while let Some(op) = lexer.next_op() {
                if op.operator == "BI"
                    && let (Some(Object::Dictionary(d)), Some(Object::String(samples, _))) =
                        (op.operands.first(), op.operands.get(1))
                {
                    images.insert(index, (d.clone(), samples.clone()));
                }
                index += 1;
            }
            v.insert(images)
        }
    };
    let Some((dict, samples)) = images.get(&hit.op) else {
        return Err("the inline image is not where the interpreter saw it".into());
    };
    let res = effective_resources(doc, streams, hit.stream, page);
    let spaces = res
        .get(b"ColorSpace")
        .ok()
        .and_then(|o| doc.deref(o))
        .and_then(|o| o.as_dict().ok());
    let st = image::inline_to_stream(doc.lopdf(), dict, samples, spaces);
    let (blanked, _) = image::blank(out, &st, &hit.view, areas, limit)?;
    Ok(image::inline_bytes(dict, &blanked.content))
}

/// Marked-content operators (BDC, DP) whose inline property list holds a
/// value in a string (/ActualText, /Alt, /E; 14.9), by (stream, operator).
fn marked_content_hits(
    doc: &Document,
    streams: &[crate::interp::StreamInfo],
    needles: &[verify::Needle],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if needles.is_empty() {
        return out;
    }
    for info in streams {
        let Some(data) = info
            .object
            .and_then(|id| doc.lopdf().get_object(id).ok())
            .and_then(|o| o.as_stream().ok())
            .and_then(|st| {
                st.decompressed_content_with_limit(doc.limits().max_stream_bytes)
                    .ok()
            })
        else {
            continue;
        };
        let mut lexer = crate::lexer::Lexer::new(&data);
        let mut index = 0usize;
        while let Some(op) = lexer.next_op() {
            let i = index;
            index += 1;
            if op.operator != "BDC" {
                continue;
            }
            let mut strings = Vec::new();
            for o in &op.operands {
                verify::strings_of(o, "", &mut strings, 0);
            }
            if strings
                .iter()
                .any(|(_, s)| needles.iter().any(|n| n.found_in(s)))
            {
                out.push((info.index, i));
            }
        }
    }
    out
}

/// The top stream a stream was drawn from (itself for page parts and
/// annotation appearances).
fn root_of(streams: &[crate::interp::StreamInfo], mut s: usize) -> usize {
    for _ in 0..=streams.len() {
        match streams.get(s).and_then(|i| i.parent.as_ref()) {
            Some(p) if p.stream < s => s = p.stream,
            _ => return s,
        }
    }
    s
}

/// Whether stream `s` is drawn, directly or through forms, by an
/// annotation's appearance: such content is not rewritten, the annotation
/// meeting an area goes whole.
fn drawn_in_annotation(streams: &[crate::interp::StreamInfo], s: usize) -> bool {
    matches!(
        streams.get(root_of(streams, s)).map(|i| &i.kind),
        Some(StreamKind::Annotation { .. })
    )
}

fn parent_is_page(streams: &[crate::interp::StreamInfo], s: usize) -> bool {
    matches!(
        streams.get(s).map(|i| &i.kind),
        Some(StreamKind::PageContent { .. })
    )
}

fn deref<'a>(doc: &'a lopdf::Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// The page's resources as one owned dictionary (inherited ones resolved).
fn page_resources(doc: &Document, page: u32) -> Dictionary {
    doc.page_dict(page)
        .ok()
        .and_then(|p| doc.inherited(p, b"Resources"))
        .and_then(|r| r.as_dict().ok())
        .cloned()
        .unwrap_or_default()
}

/// The resources a stream runs with (a form's own, else its parent's).
fn effective_resources(
    doc: &Document,
    streams: &[crate::interp::StreamInfo],
    s: usize,
    page: u32,
) -> Dictionary {
    let mut cur = s;
    for _ in 0..=streams.len() {
        let Some(info) = streams.get(cur) else { break };
        if let StreamKind::Form { .. } = info.kind
            && let Some(id) = info.object
            && let Some(r) = doc
                .lopdf()
                .get_object(id)
                .ok()
                .and_then(|o| o.as_stream().ok())
                .and_then(|st| st.dict.get(b"Resources").ok())
                .and_then(|r| doc.deref(r))
                .and_then(|r| r.as_dict().ok())
        {
            return r.clone();
        }
        match &info.parent {
            Some(p) if p.stream < cur => cur = p.stream,
            _ => break,
        }
    }
    page_resources(doc, page)
}

/// Adds `/XObject` entries to an owned resource dictionary.
fn add_xobjects(out: &lopdf::Document, res: &mut Dictionary, add: &[(Vec<u8>, ObjectId)]) {
    if add.is_empty() {
        return;
    }
    let mut xo = res
        .get(b"XObject")
        .ok()
        .and_then(|o| deref(out, o))
        .and_then(|o| o.as_dict().ok())
        .cloned()
        .unwrap_or_default();
    for (name, id) in add {
        xo.set(name.clone(), Object::Reference(*id));
    }
    res.set("XObject", Object::Dictionary(xo));
}

/// Drops from `res` the XObjects that no `Do` in `contents` draws.
fn keep_used_xobjects(out: &lopdf::Document, res: &mut Dictionary, contents: &[&[u8]]) {
    let mut used: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
    for data in contents {
        let mut lexer = crate::lexer::Lexer::new(data);
        while let Some(op) = lexer.next_op() {
            if op.operator == "Do"
                && let Some(Object::Name(n)) = op.operands.last()
            {
                used.insert(n.clone());
            }
        }
    }
    let Some(mut xo) = res
        .get(b"XObject")
        .ok()
        .and_then(|o| deref(out, o))
        .and_then(|o| o.as_dict().ok())
        .cloned()
    else {
        return;
    };
    let names: Vec<Vec<u8>> = xo.iter().map(|(k, _)| k.clone()).collect();
    for n in names {
        if !used.contains(&n) {
            xo.remove(&n);
        }
    }
    res.set("XObject", Object::Dictionary(xo));
}

/// The page's /Contents as a list of (usually reference) objects.
pub(crate) fn content_parts(out: &lopdf::Document, page_id: ObjectId) -> Vec<Object> {
    let Some(page) = out.get_object(page_id).ok().and_then(|o| o.as_dict().ok()) else {
        return Vec::new();
    };
    match page.get(b"Contents") {
        Ok(Object::Reference(id)) => match out.get_object(*id) {
            Ok(Object::Array(a)) => a.clone(),
            Ok(_) => vec![Object::Reference(*id)],
            Err(_) => Vec::new(),
        },
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    }
}
