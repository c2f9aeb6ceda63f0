//! Beyond the page content: annotations that meet an area, and strings
//! anywhere in the file (Info, outline titles, annotation /Contents, form
//! field values, /Alt, /ActualText, page labels) or metadata and embedded
//! file streams that still carry a redacted value.

use std::collections::{BTreeMap, HashSet};

use lopdf::{Object, ObjectId, StringFormat, dictionary};

use super::RedactionReport;
use super::collect::quads_meet;
use super::verify::{Hay, Needle, strings_of};
use crate::document::Document;
use crate::geom::{Matrix, Quad};

/// Annotations of `page` whose /Rect meets an area: annotation index →
/// area index.
pub(super) fn annotations_meeting(
    doc: &Document,
    page: u32,
    to_view: &Matrix,
    areas: &[(usize, Quad)],
) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    let Ok(dict) = doc.page_dict(page) else {
        return out;
    };
    let Some(annots) = dict
        .get(b"Annots")
        .ok()
        .and_then(|o| doc.deref(o))
        .and_then(|o| o.as_array().ok())
    else {
        return out;
    };
    for (i, a) in annots.iter().enumerate() {
        let Some(rect) = doc
            .deref(a)
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"Rect").ok())
            .and_then(|r| doc.rect(r))
        else {
            continue;
        };
        let q = Quad::from_rect(&rect, to_view);
        if let Some((area, _)) = areas.iter().find(|(_, aq)| quads_meet(&q, aq)) {
            out.insert(i, *area);
        }
    }
    out
}

/// Removes the annotations at `indices` from the page's /Annots (with the
/// popups that belong to them, and the widgets from the form's field
/// tree). Returns how many were removed.
pub(super) fn remove_annotations(
    out: &mut lopdf::Document,
    page_id: ObjectId,
    indices: &BTreeMap<usize, usize>,
) -> usize {
    if indices.is_empty() {
        return 0;
    }
    let annots: Vec<Object> = {
        let Some(page) = out.get_object(page_id).ok().and_then(|o| o.as_dict().ok()) else {
            return 0;
        };
        match page.get(b"Annots") {
            Ok(Object::Reference(id)) => out
                .get_object(*id)
                .ok()
                .and_then(|o| o.as_array().ok())
                .cloned()
                .unwrap_or_default(),
            Ok(Object::Array(a)) => a.clone(),
            _ => return 0,
        }
    };
    let removed_ids: HashSet<ObjectId> = annots
        .iter()
        .enumerate()
        .filter(|(i, _)| indices.contains_key(i))
        .filter_map(|(_, a)| a.as_reference().ok())
        .collect();
    let mut kept = Vec::new();
    let mut removed = 0;
    for (i, a) in annots.into_iter().enumerate() {
        if indices.contains_key(&i) {
            removed += 1;
            continue;
        }
        // A popup goes with its parent (12.5.6.14).
        let parent = a
            .as_reference()
            .ok()
            .and_then(|id| out.get_object(id).ok())
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"Parent").ok())
            .and_then(|p| p.as_reference().ok());
        if parent.is_some_and(|p| removed_ids.contains(&p)) {
            removed += 1;
            continue;
        }
        kept.push(a);
    }
    if let Ok(page) = out.get_object_mut(page_id).and_then(|o| o.as_dict_mut()) {
        page.set("Annots", Object::Array(kept));
    }
    if !removed_ids.is_empty() {
        remove_from_fields(out, &removed_ids);
    }
    removed
}

/// Drops removed widgets from the AcroForm field tree (12.7.3.1), so that
/// the field with its value does not stay reachable.
fn remove_from_fields(out: &mut lopdf::Document, gone: &HashSet<ObjectId>) {
    let acroform = out
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .cloned();
    let form_id = match acroform {
        Some(Object::Reference(id)) => Some(id),
        _ => None,
    };
    let fields_holder: Option<&mut lopdf::Dictionary> = match form_id {
        Some(id) => out
            .get_object_mut(id)
            .ok()
            .and_then(|o| o.as_dict_mut().ok()),
        None => out
            .catalog_mut()
            .ok()
            .and_then(|c| c.get_mut(b"AcroForm").ok())
            .and_then(|o| o.as_dict_mut().ok()),
    };
    let Some(holder) = fields_holder else { return };
    let Ok(Object::Array(fields)) = holder.get_mut(b"Fields") else {
        return;
    };
    fields.retain(|f| !f.as_reference().is_ok_and(|id| gone.contains(&id)));
    // Kids of non-terminal fields.
    let ids: Vec<ObjectId> = out.objects.keys().copied().collect();
    for id in ids {
        if let Ok(d) = out.get_object_mut(id).and_then(|o| o.as_dict_mut())
            && let Ok(Object::Array(kids)) = d.get_mut(b"Kids")
        {
            // Page-tree /Kids never hold annotations, so filtering every
            // /Kids array by the removed annotations is safe.
            kids.retain(|f| !f.as_reference().is_ok_and(|id| gone.contains(&id)));
        }
    }
}

/// Blanks every string outside the page content, and every metadata or
/// embedded-file stream, that still holds one of `values`.
pub(super) fn scrub(out: &mut lopdf::Document, values: &[String], report: &mut RedactionReport) {
    let needles: Vec<Needle> = values.iter().filter_map(|v| Needle::new(v)).collect();
    if needles.is_empty() {
        return;
    }
    let hit = |s: &str| {
        let hay = Hay::new(s);
        needles.iter().any(|n| n.found_in_folded(&hay))
    };
    let (scripts, xfa) = script_and_xfa_streams(out);
    let mut drop_xfa = false;
    // The trailer's Info is an object like any other; walk all objects.
    let ids: Vec<ObjectId> = out.objects.keys().copied().collect();
    let mut fields_blanked: Vec<ObjectId> = Vec::new();
    for id in ids {
        let Some(obj) = out.objects.get_mut(&id) else {
            continue;
        };
        let mut found = Vec::new();
        strings_of(obj, "", &mut found, 0);
        if found.iter().any(|(_, s)| hit(s)) {
            let mut paths = Vec::new();
            blank_strings(obj, "", &hit, &mut paths, 0);
            // A field whose value, default value or options lost a string
            // (12.7.4) shows the old value in its widgets' appearances.
            if paths
                .iter()
                .any(|p| p == "/V" || p == "/DV" || p.starts_with("/Opt"))
            {
                fields_blanked.push(id);
            }
            for p in paths {
                report
                    .blanked
                    .push(format!("object {} {} string {p}", id.0, id.1));
            }
        }
        let Object::Stream(st) = obj else { continue };
        let kind = st
            .dict
            .get(b"Type")
            .ok()
            .and_then(|o| o.as_name().ok())
            .map(<[u8]>::to_vec);
        let is_metadata = kind.as_deref() == Some(b"Metadata".as_slice());
        let is_file = kind.as_deref() == Some(b"EmbeddedFile".as_slice());
        let is_script = scripts.contains(&id);
        let is_xfa = xfa.contains(&id);
        if !(is_metadata || is_file || is_script || is_xfa) {
            continue;
        }
        let data = st
            .decompressed_content_with_limit(64 << 20)
            .unwrap_or_else(|_| st.content.clone());
        let text: String = data.iter().map(|&c| char::from(c)).collect();
        let utf8 = String::from_utf8_lossy(&data);
        if hit(&text) || hit(&utf8) {
            st.dict.remove(b"Filter");
            st.dict.remove(b"DecodeParms");
            if is_xfa {
                // The XFA packets repeat the form's data as XML (12.7.8);
                // without them a reader uses the AcroForm fields, which
                // are scrubbed like any other string.
                drop_xfa = true;
                report
                    .blanked
                    .push(format!("xfa form data (object {} {})", id.0, id.1));
            } else if is_script {
                // A JavaScript action's script held as a stream (12.6.4.17).
                st.set_content(Vec::new());
                report
                    .blanked
                    .push(format!("javascript stream (object {} {})", id.0, id.1));
            } else if is_metadata {
                // An empty packet keeps readers that expect XMP happy.
                st.set_content(EMPTY_XMP.to_vec());
                report
                    .blanked
                    .push(format!("xmp metadata (object {} {})", id.0, id.1));
            } else {
                st.set_content(Vec::new());
                report
                    .blanked
                    .push(format!("embedded file (object {} {})", id.0, id.1));
                report.warnings.push(format!(
                    "an embedded file held a redacted value and was emptied (object {} {})",
                    id.0, id.1
                ));
            }
        }
    }
    if drop_xfa {
        remove_xfa(out);
    }
    rebuild_appearances(out, &fields_blanked, &hit, report);
}

/// The streams that JavaScript actions (/JS) point at, and the XFA
/// streams of the AcroForm (a stream, or the streams of its packet array).
fn script_and_xfa_streams(out: &lopdf::Document) -> (HashSet<ObjectId>, HashSet<ObjectId>) {
    let mut scripts = HashSet::new();
    for obj in out.objects.values() {
        if let Object::Dictionary(d) = obj
            && let Ok(Object::Reference(id)) = d.get(b"JS")
        {
            scripts.insert(*id);
        }
    }
    let mut xfa = HashSet::new();
    let form = out
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|o| out.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    if let Some(x) = form.and_then(|f| f.get(b"XFA").ok()) {
        let items: Vec<&Object> = match out.dereference(x) {
            Ok((_, Object::Array(a))) => a.iter().collect(),
            _ => vec![x],
        };
        for it in items {
            if let Object::Reference(id) = it {
                xfa.insert(*id);
            }
        }
    }
    (scripts, xfa)
}

/// Removes /XFA from the AcroForm dictionary (direct or referenced).
fn remove_xfa(out: &mut lopdf::Document) {
    let form_ref = out
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|o| o.as_reference().ok());
    let form = match form_ref {
        Some(id) => out
            .get_object_mut(id)
            .ok()
            .and_then(|o| o.as_dict_mut().ok()),
        None => out
            .catalog_mut()
            .ok()
            .and_then(|c| c.get_mut(b"AcroForm").ok())
            .and_then(|o| o.as_dict_mut().ok()),
    };
    if let Some(f) = form {
        f.remove(b"XFA");
    }
}

/// Gives an empty appearance (12.5.5) to the widgets of the fields in
/// `fields` and to every annotation whose appearance streams still spell
/// a value: the field now has no value to show, and the other fields keep
/// their own appearances, so the form still shows what remains.
fn rebuild_appearances(
    out: &mut lopdf::Document,
    fields: &[ObjectId],
    hit: &dyn Fn(&str) -> bool,
    report: &mut RedactionReport,
) {
    let mut widgets: Vec<ObjectId> = Vec::new();
    for &f in fields {
        widgets_of(out, f, &mut widgets, 0);
    }
    // Any annotation whose appearance still holds a value.
    for (&id, obj) in &out.objects {
        let Object::Dictionary(d) = obj else { continue };
        let Ok(ap) = d.get(b"AP") else { continue };
        if !d.has(b"Rect") {
            continue;
        }
        let mut streams = Vec::new();
        appearance_streams(out, ap, &mut streams, 0);
        let spelled = streams.iter().any(|st| {
            let data = st
                .decompressed_content_with_limit(16 << 20)
                .unwrap_or_else(|_| st.content.clone());
            let (latin, wide) = super::verify::content_strings(&data);
            hit(&latin) || hit(&wide)
        });
        if spelled {
            widgets.push(id);
        }
    }
    widgets.sort_unstable();
    widgets.dedup();
    for id in widgets {
        let rect = out
            .get_object(id)
            .ok()
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"Rect").ok())
            .and_then(|r| r.as_array().ok())
            .map(|a| {
                a.iter()
                    .map(|v| match v {
                        Object::Integer(i) => *i as f64,
                        Object::Real(r) => f64::from(*r),
                        _ => 0.0,
                    })
                    .collect::<Vec<f64>>()
            })
            .unwrap_or_default();
        let (w, h) = match rect.as_slice() {
            [x0, y0, x1, y1] => ((x1 - x0).abs(), (y1 - y0).abs()),
            _ => (0.0, 0.0),
        };
        let form = lopdf::Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)],
                "Resources" => lopdf::Dictionary::new(),
            },
            Vec::new(),
        );
        let form_id = out.add_object(form);
        if let Ok(d) = out.get_object_mut(id).and_then(|o| o.as_dict_mut()) {
            let mut ap = lopdf::Dictionary::new();
            ap.set("N", Object::Reference(form_id));
            d.set("AP", Object::Dictionary(ap));
            // A check box or radio button keeps its state name; a blank
            // /N without states shows nothing for any of them.
            d.remove(b"AS");
            report.blanked.push(format!(
                "annotation appearance (object {} {}) replaced by an empty one",
                id.0, id.1
            ));
        }
    }
}

/// The widget annotations of a field: itself when it is one (a field
/// merged with its widget, 12.7.3.1), and those among its descendants.
fn widgets_of(out: &lopdf::Document, id: ObjectId, acc: &mut Vec<ObjectId>, depth: usize) {
    if depth > 16 {
        return;
    }
    let Some(d) = out.get_object(id).ok().and_then(|o| o.as_dict().ok()) else {
        return;
    };
    if d.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Widget".as_slice()) {
        acc.push(id);
    }
    if let Ok(Object::Array(kids)) = d.get(b"Kids") {
        for k in kids {
            if let Ok(kid) = k.as_reference() {
                widgets_of(out, kid, acc, depth + 1);
            }
        }
    }
}

/// The streams of an appearance dictionary (/N, /R, /D, each a stream or
/// a dictionary of state streams).
fn appearance_streams<'a>(
    out: &'a lopdf::Document,
    o: &'a Object,
    acc: &mut Vec<&'a lopdf::Stream>,
    depth: usize,
) {
    if depth > 3 {
        return;
    }
    let Ok((_, o)) = out.dereference(o) else {
        return;
    };
    match o {
        Object::Stream(st) => acc.push(st),
        Object::Dictionary(d) => {
            for (_, v) in d.iter() {
                appearance_streams(out, v, acc, depth + 1);
            }
        }
        _ => {}
    }
}

const EMPTY_XMP: &[u8] = b"<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></x:xmpmeta>\n<?xpacket end=\"w\"?>";

fn blank_strings(
    o: &mut Object,
    path: &str,
    hit: &dyn Fn(&str) -> bool,
    paths: &mut Vec<String>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    match o {
        Object::String(s, _) if hit(&crate::interp::decode_text_string(s)) => {
            *o = Object::String(Vec::new(), StringFormat::Literal);
            paths.push(path.to_string());
        }
        Object::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                blank_strings(x, &format!("{path}[{i}]"), hit, paths, depth + 1);
            }
        }
        Object::Dictionary(d) => {
            for (k, v) in d.iter_mut() {
                let p = format!("{path}/{}", String::from_utf8_lossy(k));
                blank_strings(v, &p, hit, paths, depth + 1);
            }
        }
        Object::Stream(s) => {
            for (k, v) in s.dict.iter_mut() {
                let p = format!("{path}/{}", String::from_utf8_lossy(k));
                blank_strings(v, &p, hit, paths, depth + 1);
            }
        }
        _ => {}
    }
}
