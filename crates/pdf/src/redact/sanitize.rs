//! The "sanitize" option: strip, regardless of what they say, the places
//! outside the page content where a document carries words its author did
//! not show (see [`super::RedactOptions::sanitize`] for the list).

use std::collections::HashSet;

use lopdf::{Dictionary, Object, ObjectId};

use super::RedactionReport;

/// Action types a kept link may still carry: moving inside the document,
/// opening a web address, and the viewer's named commands (12.6.4). Every
/// other action (JavaScript, Launch, SubmitForm, ImportData, GoToR, GoToE,
/// Rendition, ...) can run code, send data or reach other files.
const SAFE_ACTIONS: [&[u8]; 3] = [b"GoTo", b"URI", b"Named"];

/// Strips what [`super::RedactOptions::sanitize`] lists from `out`.
pub(super) fn sanitize(out: &mut lopdf::Document, report: &mut RedactionReport) {
    let mut done: Vec<String> = Vec::new();
    // The document information dictionary (14.3.3).
    if out.trailer.remove(b"Info").is_some() {
        done.push("the document information dictionary".into());
    }
    catalog(out, &mut done);
    let page_ids: Vec<ObjectId> = out.get_pages().into_values().collect();
    let mut removed_annots = 0usize;
    let mut thumbs = 0usize;
    for page_id in page_ids {
        let (n, t) = page(out, page_id);
        removed_annots += n;
        thumbs += t;
    }
    if removed_annots > 0 {
        done.push(format!(
            "{removed_annots} annotation(s) other than links and form widgets"
        ));
    }
    if thumbs > 0 {
        done.push(format!("{thumbs} page thumbnail(s)"));
    }
    // Every object: metadata streams, private application data, additional
    // actions, and the textual stand-ins of structure elements.
    let mut counts = [0usize; 4];
    let ids: Vec<ObjectId> = out.objects.keys().copied().collect();
    for id in ids {
        let Some(dict) = out.objects.get_mut(&id).and_then(|o| match o {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&mut s.dict),
            _ => None,
        }) else {
            continue;
        };
        strip_dict(dict, &mut counts);
    }
    let spans = strip_marked_content(out);
    if spans > 0 {
        done.push(format!(
            "/ActualText, /Alt and /E of {spans} marked-content span(s) in content streams"
        ));
    }
    let names = [
        "metadata stream reference(s) (/Metadata)",
        "private application data dictionaries (/PieceInfo)",
        "additional-actions dictionaries (/AA)",
        "structure-element /Alt, /ActualText and /E entries",
    ];
    for (n, what) in counts.iter().zip(names) {
        if *n > 0 {
            done.push(format!("{n} {what}"));
        }
    }
    for d in done {
        report.blanked.push(format!("sanitize: {d}"));
    }
}

/// Removes from one dictionary the keys that sanitize strips everywhere.
fn strip_dict(dict: &mut Dictionary, counts: &mut [usize; 4]) {
    // /Metadata may sit on any object (14.3.2); the XMP stream goes with
    // the reference, unreachable, at save.
    if dict.remove(b"Metadata").is_some() {
        counts[0] += 1;
    }
    // Page-piece dictionaries (14.5) keep an application's private data,
    // often a whole earlier copy of the content.
    if dict.remove(b"PieceInfo").is_some() {
        counts[1] += 1;
    }
    // Additional actions (12.6.3) on the catalog, pages, annotations and
    // fields: triggers for JavaScript and other actions.
    if dict.remove(b"AA").is_some() {
        counts[2] += 1;
    }
    let is_struct_elem = dict
        .get(b"Type")
        .ok()
        .and_then(|o| o.as_name().ok())
        .is_some_and(|n| n == b"StructElem")
        || (dict.has(b"S") && dict.has(b"P") && (dict.has(b"K") || dict.has(b"Pg")));
    // Property lists of marked content named in /Properties resources
    // (14.6.2) carry the same replacement texts as struct elements.
    let is_property_list = dict.has(b"MCID") || dict.has(b"ActualText");
    if is_struct_elem || is_property_list {
        let mut any = false;
        // Alternate descriptions, replacement text and expansions (14.9.3
        // to 14.9.5) are words that need not appear on the page.
        for key in [b"Alt".as_slice(), b"ActualText", b"E"] {
            any |= dict.remove(key).is_some();
        }
        if any {
            counts[3] += 1;
        }
    }
}

/// Removes /ActualText, /Alt and /E from the inline property lists of
/// BDC operators (14.6.2, 14.9) in every page content stream and Form
/// XObject; returns how many spans changed. A stream that cannot be
/// decoded is left as it is (the verification still reads what it can).
fn strip_marked_content(out: &mut lopdf::Document) -> usize {
    let mut ids: Vec<ObjectId> = Vec::new();
    for page in out.get_pages().into_values() {
        ids.extend(out.get_page_contents(page));
    }
    for (id, obj) in &out.objects {
        if let Object::Stream(st) = obj
            && st.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Form")
        {
            ids.push(*id);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut changed = 0;
    for id in ids {
        let Some(data) = out
            .get_object(id)
            .ok()
            .and_then(|o| o.as_stream().ok())
            .and_then(|st| st.decompressed_content_with_limit(MAX_STREAM).ok())
        else {
            continue;
        };
        if !data.windows(3).any(|w| w == b"BDC") {
            continue;
        }
        let mut edit = super::rewrite::StreamEdit::default();
        let mut lexer = crate::lexer::Lexer::new(&data);
        let mut index = 0usize;
        let mut n = 0;
        while let Some(op) = lexer.next_op() {
            if op.operator == "BDC"
                && op.operands.iter().any(|o| {
                    o.as_dict()
                        .is_ok_and(|d| d.has(b"ActualText") || d.has(b"Alt") || d.has(b"E"))
                })
            {
                edit.strip_actual_text(index);
                n += 1;
            }
            index += 1;
        }
        if n == 0 {
            continue;
        }
        let Ok(new) = super::rewrite::apply(&data, &edit) else {
            continue;
        };
        if let Ok(Object::Stream(st)) = out.get_object_mut(id) {
            st.dict.remove(b"Filter");
            st.dict.remove(b"DecodeParms");
            st.set_content(new);
            changed += n;
        }
    }
    changed
}

/// Largest decoded content stream sanitize rewrites.
const MAX_STREAM: usize = 256 << 20;

/// The catalog's document-level items.
fn catalog(out: &mut lopdf::Document, done: &mut Vec<String>) {
    let Ok(root) = out.trailer.get(b"Root").and_then(|o| o.as_reference()) else {
        return;
    };
    let names_ref = out
        .get_object(root)
        .ok()
        .and_then(|o| o.as_dict().ok())
        .and_then(|c| c.get(b"Names").ok())
        .and_then(|o| o.as_reference().ok());
    let acro_ref = out
        .get_object(root)
        .ok()
        .and_then(|o| o.as_dict().ok())
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|o| o.as_reference().ok());
    let Ok(cat) = out.get_object_mut(root).and_then(|o| o.as_dict_mut()) else {
        return;
    };
    // An action run when the document opens (12.3.2).
    if cat.remove(b"OpenAction").is_some() {
        done.push("the document's open action".into());
    }
    // Outlines (12.3.3): their titles are the author's words, often names
    // and case numbers, not checked against the page; a cautious office
    // loses the navigation rather than risk them. The page content and its
    // order are untouched.
    if cat.remove(b"Outlines").is_some() {
        done.push("the document outline (bookmarks)".into());
        if cat
            .get(b"PageMode")
            .ok()
            .and_then(|o| o.as_name().ok())
            .is_some_and(|n| n == b"UseOutlines")
        {
            cat.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    if let Ok(Object::Dictionary(names)) = cat.get_mut(b"Names") {
        strip_names(names, done);
    }
    if let Ok(Object::Dictionary(form)) = cat.get_mut(b"AcroForm") {
        strip_form(form, done);
    }
    if let Some(id) = names_ref
        && let Ok(names) = out.get_object_mut(id).and_then(|o| o.as_dict_mut())
    {
        strip_names(names, done);
    }
    if let Some(id) = acro_ref
        && let Ok(form) = out.get_object_mut(id).and_then(|o| o.as_dict_mut())
    {
        strip_form(form, done);
    }
}

/// The name trees of document-level JavaScript and embedded files (7.7.4).
fn strip_names(names: &mut Dictionary, done: &mut Vec<String>) {
    if names.remove(b"JavaScript").is_some() {
        done.push("document-level JavaScript".into());
    }
    if names.remove(b"EmbeddedFiles").is_some() {
        done.push("embedded files".into());
    }
}

/// An XFA form (12.7.8) carries its own copy of the data as XML.
fn strip_form(form: &mut Dictionary, done: &mut Vec<String>) {
    if form.remove(b"XFA").is_some() {
        done.push("the XFA form data".into());
    }
}

/// One page: its thumbnail, and every annotation that is not a link or a
/// form widget (comments, attachments, sounds, popups, ...); the kept ones
/// lose actions other than the safe ones. Returns (annotations removed,
/// thumbnails removed).
fn page(out: &mut lopdf::Document, page_id: ObjectId) -> (usize, usize) {
    let mut thumbs = 0;
    let annots: Vec<Object> = {
        let Ok(page) = out.get_object_mut(page_id).and_then(|o| o.as_dict_mut()) else {
            return (0, 0);
        };
        if page.remove(b"Thumb").is_some() {
            thumbs += 1;
        }
        match page.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(id)) => {
                let id = *id;
                out.get_object(id)
                    .ok()
                    .and_then(|o| o.as_array().ok())
                    .cloned()
                    .unwrap_or_default()
            }
            _ => return (0, thumbs),
        }
    };
    let mut kept = Vec::new();
    let mut removed = 0;
    let mut seen: HashSet<ObjectId> = HashSet::new();
    for a in annots {
        let subtype = match &a {
            Object::Reference(id) => out
                .get_object(*id)
                .ok()
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| d.get(b"Subtype").ok())
                .and_then(|o| o.as_name().ok())
                .map(<[u8]>::to_vec),
            Object::Dictionary(d) => d
                .get(b"Subtype")
                .ok()
                .and_then(|o| o.as_name().ok())
                .map(<[u8]>::to_vec),
            _ => None,
        };
        let keep = matches!(subtype.as_deref(), Some(b"Link" | b"Widget"));
        if !keep {
            removed += 1;
            continue;
        }
        let mut a = a;
        match &mut a {
            Object::Reference(r) => {
                if seen.insert(*r)
                    && let Ok(d) = out.get_object_mut(*r).and_then(|o| o.as_dict_mut())
                {
                    strip_action(d, subtype.as_deref() == Some(b"Link"));
                }
            }
            Object::Dictionary(d) => strip_action(d, subtype.as_deref() == Some(b"Link")),
            _ => {}
        }
        kept.push(a);
    }
    if let Ok(page) = out.get_object_mut(page_id).and_then(|o| o.as_dict_mut()) {
        page.set("Annots", Object::Array(kept));
    }
    (removed, thumbs)
}

/// A link keeps a safe action (without a /Next chain, which may lead to
/// an unsafe one); a widget keeps none (a button's action can submit the
/// form or run JavaScript).
fn strip_action(annot: &mut Dictionary, link: bool) {
    annot.remove(b"AA");
    let safe = link
        && match annot.get_mut(b"A") {
            Ok(Object::Dictionary(action)) => {
                let ok = action
                    .get(b"S")
                    .ok()
                    .and_then(|o| o.as_name().ok())
                    .is_some_and(|s| SAFE_ACTIONS.contains(&s));
                action.remove(b"Next");
                ok
            }
            _ => false,
        };
    if !safe {
        annot.remove(b"A");
    }
}
