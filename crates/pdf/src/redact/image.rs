//! Blanking the pixels of an image XObject under an area: decode (the
//! filters lopdf reads: Flate and LZW with predictors, RunLength, ASCII),
//! set the covered samples (and the soft mask's) to black, encode again
//! with Flate. What cannot be decoded is the caller's to remove whole.

use lopdf::{Dictionary, Object, Stream};

use crate::geom::{Matrix, Point, Quad};

/// Samples of one image, as stored (no colour conversion).
struct Raster {
    width: usize,
    height: usize,
    bpc: usize,
    comps: usize,
    data: Vec<u8>,
}

impl Raster {
    fn stride(&self) -> usize {
        (self.width * self.comps * self.bpc).div_ceil(8)
    }

    /// Sets the components of pixel (x, y) to `values` (one per
    /// component, already in range).
    fn set(&mut self, x: usize, y: usize, values: &[u16]) {
        if x >= self.width || y >= self.height {
            return;
        }
        let stride = self.stride();
        for (c, &value) in values.iter().enumerate().take(self.comps) {
            let bit = (x * self.comps + c) * self.bpc;
            let byte = y * stride + bit / 8;
            match self.bpc {
                16 => {
                    if let Some(s) = self.data.get_mut(byte..byte + 2) {
                        s.copy_from_slice(&value.to_be_bytes());
                    }
                }
                8 => {
                    if let Some(b) = self.data.get_mut(byte) {
                        *b = value as u8;
                    }
                }
                n => {
                    // 1, 2 or 4 bits, most significant first (8.9.3).
                    let shift = 8 - n - (bit % 8);
                    let mask = (((1u16 << n) - 1) as u8) << shift;
                    if let Some(b) = self.data.get_mut(byte) {
                        *b = (*b & !mask) | (((value as u8) << shift) & mask);
                    }
                }
            }
        }
    }
}

/// The sample that decodes to `target` through the image's /Decode pair
/// for one component (8.9.5.2: `Dmin + s * (Dmax - Dmin) / (2^bpc - 1)`),
/// clamped to the samples that exist.
fn sample_for(target: f64, decode: Option<(f64, f64)>, max: u16, default_max: f64) -> u16 {
    let (lo, hi) = decode.unwrap_or((0.0, default_max));
    let span = hi - lo;
    if !span.is_finite() || span.abs() < 1e-12 || !lo.is_finite() {
        return 0;
    }
    let s = ((target - lo) * f64::from(max) / span).round();
    s.clamp(0.0, f64::from(max)) as u16
}

/// The /Decode array as (Dmin, Dmax) pairs, one per component; None when
/// absent, an error when it is there but unusable.
fn decode_pairs(
    doc: &lopdf::Document,
    d: &Dictionary,
    comps: usize,
) -> Result<Option<Vec<(f64, f64)>>, Unblankable> {
    let Ok(o) = d.get(b"Decode") else {
        return Ok(None);
    };
    let a = doc
        .dereference(o)
        .ok()
        .and_then(|(_, o)| o.as_array().ok())
        .ok_or_else(|| "the image's /Decode is not an array".to_string())?;
    let nums: Vec<f64> = a
        .iter()
        .filter_map(|o| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        })
        .collect();
    if nums.len() < comps * 2 {
        return Err("the image's /Decode array is too short".into());
    }
    Ok(Some(
        nums.chunks(2)
            .take(comps)
            .map(|p| (p[0], p.get(1).copied().unwrap_or(p[0])))
            .collect(),
    ))
}

/// The palette index whose colour is darkest, for an /Indexed colour space
/// over Gray, RGB or CMYK (8.6.6.3): the value a blanked sample takes.
fn darkest_index(doc: &lopdf::Document, cs: Option<&Object>) -> Option<u16> {
    let a = doc.dereference(cs?).ok()?.1.as_array().ok()?;
    if a.first().and_then(|o| o.as_name().ok()) != Some(b"Indexed".as_slice()) {
        return None;
    }
    let (n, subtractive) = black_of(doc, a.get(1))?;
    let hival = usize::try_from(a.get(2)?.as_i64().ok()?).ok()?.min(255);
    let lookup: Vec<u8> = match doc.dereference(a.get(3)?).ok()?.1 {
        Object::String(s, _) => s.clone(),
        Object::Stream(st) => st.decompressed_content_with_limit(4096).ok()?,
        _ => return None,
    };
    let mut best: Option<(u32, u16)> = None;
    for i in 0..=hival {
        let entry = lookup.get(i * n..i * n + n)?;
        // Darkness: most ink for CMYK, least light otherwise.
        let light: u32 = if subtractive {
            255 * 4 - entry.iter().map(|&v| u32::from(v)).sum::<u32>()
        } else {
            entry.iter().map(|&v| u32::from(v)).sum()
        };
        if best.is_none_or(|(l, _)| light < l) {
            best = Some((light, i as u16));
        }
    }
    best.map(|(_, i)| i)
}

/// How many colour components a colour space has and the sample value of
/// black in it, when known without a lookup (8.6).
fn black_of(doc: &lopdf::Document, cs: Option<&Object>) -> Option<(usize, bool)> {
    let cs = match cs {
        Some(o) => doc.dereference(o).ok().map(|(_, o)| o)?,
        None => return None,
    };
    match cs {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => Some((1, false)),
            b"DeviceRGB" | b"RGB" | b"CalRGB" => Some((3, false)),
            b"DeviceCMYK" | b"CMYK" => Some((4, true)),
            _ => None,
        },
        Object::Array(a) => {
            let family = a.first().and_then(|o| o.as_name().ok())?;
            match family {
                b"CalGray" => Some((1, false)),
                b"CalRGB" => Some((3, false)),
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok())
                        .and_then(|s| s.dict.get(b"N").ok())
                        .and_then(|o| o.as_i64().ok())?;
                    match n {
                        1 => Some((1, false)),
                        3 => Some((3, false)),
                        4 => Some((4, true)),
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The pixel rectangle (x0, y0, x1, y1), end exclusive, that holds the
/// area quads mapped into the image, given the image's unit square on the
/// page as a quad in view coordinates.
fn covered(
    image_view: &Quad,
    areas: &[Quad],
    w: usize,
    h: usize,
) -> Vec<(usize, usize, usize, usize)> {
    let [q0, q1, _, q3] = image_view.0;
    // unit square -> view: (u, v) -> q0 + u (q1 - q0) + v (q3 - q0)
    let m = Matrix([
        q1.x - q0.x,
        q1.y - q0.y,
        q3.x - q0.x,
        q3.y - q0.y,
        q0.x,
        q0.y,
    ]);
    let Some(inv) = m.invert() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in areas {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in a.0 {
            let Point { x: u, y: v } = inv.apply(p);
            // Sample rows run from the top of the unit square (8.9.5).
            let (px, py) = (u * w as f64, (1.0 - v) * h as f64);
            x0 = x0.min(px);
            x1 = x1.max(px);
            y0 = y0.min(py);
            y1 = y1.max(py);
        }
        if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
            continue;
        }
        // One pixel more on each side: a sample partly covered goes too.
        let clamp = |v: f64, max: usize| v.max(0.0).min(max as f64) as usize;
        let r = (
            clamp(x0.floor() - 1.0, w),
            clamp(y0.floor() - 1.0, h),
            clamp(x1.ceil() + 1.0, w),
            clamp(y1.ceil() + 1.0, h),
        );
        if r.0 < r.2 && r.1 < r.3 {
            out.push(r);
        }
    }
    out
}

/// Decodes a baseline or progressive JPEG (DCTDecode, 7.4.8) of one,
/// three or four components to the 8-bit samples the DCT filter gives a
/// PDF reader. jpeg-decoder hands four-component images out inverted
/// (it assumes Adobe's inverted CMYK and undoes it; for YCCK it returns
/// RGB and an inverted K), while the DCT filter's output is what the file
/// holds after the YCCK to CMYK step: 255 minus each of jpeg-decoder's
/// values in both cases. An Adobe-inverted image in a PDF carries
/// `/Decode [1 0 1 0 1 0 1 0]` for that reason, which the caller honours.
fn decode_jpeg(
    bytes: &[u8],
    w: usize,
    h: usize,
    comps: usize,
    limit: usize,
) -> Result<Vec<u8>, Unblankable> {
    let mut dec = jpeg_decoder::Decoder::new(bytes);
    dec.set_max_decoding_buffer_size(limit);
    let mut pixels = dec
        .decode()
        .map_err(|e| format!("the JPEG image cannot be decoded ({e})"))?;
    let info = dec
        .info()
        .ok_or_else(|| "the JPEG image has no header".to_string())?;
    let n = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => 1,
        jpeg_decoder::PixelFormat::RGB24 => 3,
        jpeg_decoder::PixelFormat::CMYK32 => {
            for v in &mut pixels {
                *v = 255 - *v;
            }
            4
        }
        jpeg_decoder::PixelFormat::L16 => {
            return Err("16-bit JPEG images are not blanked".into());
        }
    };
    if n != comps || usize::from(info.width) != w || usize::from(info.height) != h {
        return Err("the JPEG image does not match its dictionary".into());
    }
    Ok(pixels)
}

/// Why an image could not be blanked.
pub(super) type Unblankable = String;

/// A copy of the image `stream` with the pixels under `areas` black (and
/// transparent in its soft mask, which is copied too). `image_view` is the
/// image's unit square in view coordinates. Returns the new stream and how
/// many pixels changed.
pub(super) fn blank(
    doc: &mut lopdf::Document,
    stream: &Stream,
    image_view: &Quad,
    areas: &[Quad],
    limit: usize,
) -> Result<(Stream, usize), Unblankable> {
    let d = &stream.dict;
    let int = |k: &[u8]| d.get(k).ok().and_then(|o| o.as_i64().ok());
    let (Some(w), Some(h)) = (int(b"Width"), int(b"Height")) else {
        return Err("the image has no size".into());
    };
    let (w, h) = (
        usize::try_from(w).unwrap_or(0),
        usize::try_from(h).unwrap_or(0),
    );
    if w == 0 || h == 0 {
        return Err("the image has no size".into());
    }
    let stencil = d.get(b"ImageMask").ok().and_then(|o| o.as_bool().ok()) == Some(true);
    let bpc = if stencil {
        1
    } else {
        int(b"BitsPerComponent").unwrap_or(8)
    };
    let bpc = match bpc {
        1 | 2 | 4 | 8 | 16 => bpc as usize,
        _ => return Err(format!("{bpc} bits per component")),
    };
    let cs = d.get(b"ColorSpace").ok();
    let max = ((1u32 << bpc) - 1) as u16;
    // The samples a covered pixel takes: black through the /Decode array
    // (8.9.5.2), or for a stencil mask (8.9.6.2) the value that paints
    // nothing (the mark covers the place).
    let (comps, black): (usize, Vec<u16>) = if stencil {
        let pairs = decode_pairs(doc, d, 1)?;
        // Sample 0 paints with the default [0 1]; "unpainted" decodes to 1.
        (
            1,
            vec![sample_for(
                1.0,
                pairs.and_then(|p| p.first().copied()),
                max,
                1.0,
            )],
        )
    } else {
        match (black_of(doc, cs), darkest_index(doc, cs)) {
            (Some((c, subtractive)), _) => {
                let pairs = decode_pairs(doc, d, c)?;
                let target = if subtractive { 1.0 } else { 0.0 };
                let v = (0..c)
                    .map(|k| {
                        sample_for(
                            target,
                            pairs.as_ref().and_then(|p| p.get(k).copied()),
                            max,
                            1.0,
                        )
                    })
                    .collect();
                (c, v)
            }
            (None, Some(i)) if i <= max => {
                let pairs = decode_pairs(doc, d, 1)?;
                let v = sample_for(
                    f64::from(i),
                    pairs.and_then(|p| p.first().copied()),
                    max,
                    f64::from(max),
                );
                (1, vec![v])
            }
            _ => {
                return Err(
                    "the image's colour space is not blanked yet (separation, devicen, lab)".into(),
                );
            }
        }
    };
    let filters: Vec<String> = stream
        .filters()
        .map(|f| {
            f.iter()
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let data = if !stencil && bpc == 8 && is_plain_jpeg(&filters) {
        decode_jpeg(&stream.content, w, h, comps, limit)?
    } else {
        if let Some(f) = undecoded_codec(&filters) {
            return Err(format!("{f} images are not decoded yet"));
        }
        stream
            .decompressed_content_with_limit(limit)
            .map_err(|e| format!("the image cannot be decoded ({e})"))?
    };
    let mut r = Raster {
        width: w,
        height: h,
        bpc,
        comps,
        data,
    };
    if r.data.len() < r.stride().saturating_mul(h) {
        return Err("the image data is shorter than its size says".into());
    }
    let rects = covered(image_view, areas, w, h);
    let mut changed = 0usize;
    for &(x0, y0, x1, y1) in &rects {
        for y in y0..y1 {
            for x in x0..x1 {
                r.set(x, y, &black);
                changed += 1;
            }
        }
    }
    let mut dict: Dictionary = d.clone();
    dict.remove(b"Filter");
    dict.remove(b"DecodeParms");
    dict.remove(b"Length");
    // An explicit mask (8.9.6.3) is a stencil mask of its own that holds
    // the shapes: its covered samples stop painting, in a copy.
    if let Ok(Object::Reference(m)) = d.get(b"Mask").cloned()
        && let Some(mask) = doc
            .get_object(m)
            .ok()
            .and_then(|o| o.as_stream().ok())
            .cloned()
    {
        let mut mask = mask;
        mask.dict.set("ImageMask", Object::Boolean(true));
        let (copy, _) = blank(doc, &mask, image_view, areas, limit)
            .map_err(|e| format!("the image's explicit mask cannot be blanked: {e}"))?;
        let id = doc.add_object(copy);
        dict.set("Mask", Object::Reference(id));
    }
    // The soft mask carries the shapes too (11.6.5.2).
    if let Ok(Object::Reference(sm)) = d.get(b"SMask").cloned()
        && let Some(smask) = doc
            .get_object(sm)
            .ok()
            .and_then(|o| o.as_stream().ok())
            .cloned()
    {
        let sdict = &smask.dict;
        let sint = |k: &[u8]| sdict.get(k).ok().and_then(|o| o.as_i64().ok());
        let (sw, sh) = (
            usize::try_from(sint(b"Width").unwrap_or(0)).unwrap_or(0),
            usize::try_from(sint(b"Height").unwrap_or(0)).unwrap_or(0),
        );
        let sbpc = sint(b"BitsPerComponent").unwrap_or(8);
        if sw == 0 || sh == 0 || !matches!(sbpc, 1 | 2 | 4 | 8 | 16) {
            return Err("the image's soft mask cannot be blanked".into());
        }
        // A covered sample takes the value that decodes to 0, no shape
        // (11.6.5.3: the mask's samples go through its /Decode, 8.9.5.2).
        let smax = ((1u32 << sbpc) - 1) as u16;
        let spairs = decode_pairs(doc, sdict, 1)
            .map_err(|e| format!("the image's soft mask cannot be blanked: {e}"))?;
        let clear = sample_for(0.0, spairs.and_then(|p| p.first().copied()), smax, 1.0);
        let sfilters: Vec<String> = smask
            .filters()
            .map(|f| {
                f.iter()
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .collect()
            })
            .unwrap_or_default();
        // A soft mask may be a JPEG of one component (DCTDecode); it is
        // stored decoded, like the image.
        let sdata = if sbpc == 8 && is_plain_jpeg(&sfilters) {
            decode_jpeg(&smask.content, sw, sh, 1, limit)
                .map_err(|e| format!("the image's soft mask cannot be decoded ({e})"))?
        } else {
            if let Some(f) = undecoded_codec(&sfilters) {
                return Err(format!("the image's soft mask is {f}, not decoded yet"));
            }
            smask
                .decompressed_content_with_limit(limit)
                .map_err(|e| format!("the image's soft mask cannot be decoded ({e})"))?
        };
        let mut s = Raster {
            width: sw,
            height: sh,
            bpc: sbpc as usize,
            comps: 1,
            data: sdata,
        };
        if s.data.len() < s.stride().saturating_mul(sh) {
            return Err("the soft mask data is shorter than its size says".into());
        }
        for (x0, y0, x1, y1) in covered(image_view, areas, sw, sh) {
            for y in y0..y1 {
                for x in x0..x1 {
                    s.set(x, y, &[clear]);
                }
            }
        }
        let mut sd = sdict.clone();
        sd.remove(b"Filter");
        sd.remove(b"DecodeParms");
        sd.remove(b"Length");
        let id = doc.add_object(Stream::new(sd, s.data));
        dict.set("SMask", Object::Reference(id));
    }
    Ok((Stream::new(dict, r.data), changed))
}

/// The full key for an inline image's abbreviated one (8.9.7, table 93).
fn inline_key(k: &[u8]) -> &[u8] {
    match k {
        b"BPC" => b"BitsPerComponent",
        b"CS" => b"ColorSpace",
        b"D" => b"Decode",
        b"DP" => b"DecodeParms",
        b"F" => b"Filter",
        b"H" => b"Height",
        b"IM" => b"ImageMask",
        b"I" => b"Interpolate",
        b"W" => b"Width",
        b"L" => b"Length",
        other => other,
    }
}

/// The full name for an abbreviated filter or colour space (table 94).
fn inline_name(n: &[u8]) -> &[u8] {
    match n {
        b"AHx" => b"ASCIIHexDecode",
        b"A85" => b"ASCII85Decode",
        b"LZW" => b"LZWDecode",
        b"Fl" => b"FlateDecode",
        b"RL" => b"RunLengthDecode",
        b"CCF" => b"CCITTFaxDecode",
        b"DCT" => b"DCTDecode",
        b"G" => b"DeviceGray",
        b"RGB" => b"DeviceRGB",
        b"CMYK" => b"DeviceCMYK",
        b"I" => b"Indexed",
        other => other,
    }
}

fn expand_inline(o: &Object) -> Object {
    match o {
        Object::Name(n) => Object::Name(inline_name(n).to_vec()),
        Object::Array(a) => Object::Array(a.iter().map(expand_inline).collect()),
        other => other.clone(),
    }
}

/// An inline image (its BI dictionary and data) as an image XObject
/// stream that [`blank`] can read: keys and names unabbreviated, and a
/// colour space named in the resources (`colour_spaces`, the /ColorSpace
/// resource dictionary) looked up.
pub(super) fn inline_to_stream(
    doc: &lopdf::Document,
    dict: &Dictionary,
    data: &[u8],
    colour_spaces: Option<&Dictionary>,
) -> Stream {
    let mut d = Dictionary::new();
    for (k, v) in dict.iter() {
        let key = inline_key(k);
        let mut v = expand_inline(v);
        if key == b"ColorSpace"
            && let Object::Name(n) = &v
            && !matches!(
                n.as_slice(),
                b"DeviceGray" | b"DeviceRGB" | b"DeviceCMYK" | b"Indexed"
            )
            && let Some(found) = colour_spaces.and_then(|c| c.get(n).ok())
        {
            v = doc
                .dereference(found)
                .map(|(_, o)| o.clone())
                .unwrap_or_else(|_| found.clone());
        }
        d.set(key.to_vec(), v);
    }
    d.set("Subtype", Object::Name(b"Image".to_vec()));
    let mut st = Stream::new(d, data.to_vec());
    st.allows_compression = false;
    st
}

/// A whole inline image operator (`BI ... ID ... EI`) drawing `samples`
/// with the original dictionary's other entries: the data Flate-compressed
/// and then written as ASCII hex (7.4.2), so that no byte sequence in it
/// can be taken for `EI`.
pub(super) fn inline_bytes(original: &Dictionary, samples: &[u8]) -> Vec<u8> {
    let mut st = Stream::new(Dictionary::new(), samples.to_vec());
    let compressed = st.compress().is_ok() && st.dict.has(b"Filter");
    let mut out = b"BI".to_vec();
    for (k, v) in original.iter() {
        if matches!(
            k.as_slice(),
            b"F" | b"Filter" | b"DP" | b"DecodeParms" | b"L" | b"Length"
        ) {
            continue;
        }
        out.push(b' ');
        super::rewrite::write_obj(&mut out, &Object::Name(k.clone()));
        out.push(b' ');
        super::rewrite::write_obj(&mut out, v);
    }
    out.extend_from_slice(if compressed {
        b" /F [/AHx /Fl] ID\n".as_slice()
    } else {
        b" /F /AHx ID\n".as_slice()
    });
    let body = if compressed { &st.content } else { samples };
    for (i, b) in body.iter().enumerate() {
        if i > 0 && i % 64 == 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(format!("{b:02X}").as_bytes());
    }
    out.extend_from_slice(b">\nEI");
    out
}

/// Whether samples are a JPEG alone (DCTDecode and no other filter,
/// 7.4.8), which, at 8 bits a component, is decoded here rather than
/// through lopdf's filters.
fn is_plain_jpeg(filters: &[String]) -> bool {
    filters.len() == 1 && matches!(filters[0].as_str(), "DCTDecode" | "DCT")
}

/// The first filter whose codec is not decoded here (JPEG other than
/// [`is_plain_jpeg`], JPEG 2000, JBIG2, CCITT fax): such samples are not
/// blanked, their image goes whole.
fn undecoded_codec(filters: &[String]) -> Option<&String> {
    filters.iter().find(|f| {
        matches!(
            f.as_str(),
            "DCTDecode" | "JPXDecode" | "JBIG2Decode" | "CCITTFaxDecode" | "DCT" | "CCF"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Rect;

    #[test]
    fn darkest_palette_entry() {
        let doc = lopdf::Document::new();
        let cs = Object::Array(vec![
            Object::Name(b"Indexed".to_vec()),
            Object::Name(b"DeviceRGB".to_vec()),
            Object::Integer(2),
            Object::String(
                vec![255, 255, 255, 0, 0, 10, 40, 40, 40],
                lopdf::StringFormat::Hexadecimal,
            ),
        ]);
        assert_eq!(darkest_index(&doc, Some(&cs)), Some(1));
        // a lookup shorter than hival says: not trusted
        let short = Object::Array(vec![
            Object::Name(b"Indexed".to_vec()),
            Object::Name(b"DeviceRGB".to_vec()),
            Object::Integer(5),
            Object::String(vec![0, 0, 0], lopdf::StringFormat::Hexadecimal),
        ]);
        assert_eq!(darkest_index(&doc, Some(&short)), None);
    }

    #[test]
    fn black_through_decode_arrays() {
        // gray, default decode: 0 is black; inverted [1 0]: 255 is black
        assert_eq!(sample_for(0.0, None, 255, 1.0), 0);
        assert_eq!(sample_for(0.0, Some((1.0, 0.0)), 255, 1.0), 255);
        // CMYK full ink through an Adobe-inverted [1 0]: sample 0
        assert_eq!(sample_for(1.0, Some((1.0, 0.0)), 255, 1.0), 0);
        // a stencil mask paints nothing at 1 ([0 1]) or at 0 ([1 0])
        assert_eq!(sample_for(1.0, None, 1, 1.0), 1);
        assert_eq!(sample_for(1.0, Some((1.0, 0.0)), 1, 1.0), 0);
        // indexed, palette entry 3 of 4 bits with the default [0 15]
        assert_eq!(sample_for(3.0, None, 15, 15.0), 3);
        // a degenerate range gives 0 rather than a division by zero
        assert_eq!(sample_for(0.0, Some((0.5, 0.5)), 255, 1.0), 0);
    }

    #[test]
    fn inline_image_rewritten_reads_back_whole() {
        // samples that hold "EI" and white space: hex keeps them apart
        let samples: Vec<u8> = b" EI \n EI\x00".iter().copied().cycle().take(600).collect();
        let mut dict = Dictionary::new();
        dict.set("W", 20);
        dict.set("H", 30);
        dict.set("BPC", 8);
        dict.set("CS", Object::Name(b"G".to_vec()));
        dict.set("F", Object::Name(b"DCT".to_vec()));
        let mut op = inline_bytes(&dict, &samples);
        op.extend_from_slice(b" Q (after) Tj");
        let ops: Vec<_> = std::iter::from_fn({
            let mut lexer = crate::lexer::Lexer::new(&op);
            move || lexer.next_op()
        })
        .collect();
        let names: Vec<&str> = ops.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, ["BI", "Q", "Tj"]);
        let (Some(Object::Dictionary(d)), Some(Object::String(data, _))) =
            (ops[0].operands.first(), ops[0].operands.get(1))
        else {
            panic!("no inline image")
        };
        let doc = lopdf::Document::new();
        let st = inline_to_stream(&doc, d, data, None);
        assert_eq!(st.dict.get(b"Width").unwrap(), &Object::Integer(20));
        assert_eq!(
            st.dict.get(b"ColorSpace").unwrap(),
            &Object::Name(b"DeviceGray".to_vec())
        );
        assert_eq!(
            st.decompressed_content_with_limit(1 << 20).unwrap(),
            samples
        );
    }

    #[test]
    fn sub_byte_samples() {
        let mut r = Raster {
            width: 4,
            height: 1,
            bpc: 2,
            comps: 1,
            data: vec![0xff],
        };
        r.set(1, 0, &[0]);
        assert_eq!(r.data, vec![0b1100_1111]);
    }

    #[test]
    fn covered_pixels_in_a_flipped_view() {
        // a 100 x 50 image on the view's (0,0)-(100,50), the image's top row
        // at the top of the view (y down): unit (0,0) is the view's (0,50)
        let img = Quad([
            Point { x: 0.0, y: 50.0 },
            Point { x: 100.0, y: 50.0 },
            Point { x: 100.0, y: 0.0 },
            Point { x: 0.0, y: 0.0 },
        ]);
        let area = Quad::from_rect(&Rect::new(10.0, 5.0, 20.0, 15.0), &Matrix::IDENTITY);
        let c = covered(&img, &[area], 100, 50);
        assert_eq!(c.len(), 1);
        let (x0, y0, x1, y1) = c[0];
        // the covered pixels and one more on each side (rounding may add one)
        assert!((8..=9).contains(&x0) && (3..=4).contains(&y0), "{c:?}");
        assert!((21..=22).contains(&x1) && (16..=17).contains(&y1), "{c:?}");
    }
}
