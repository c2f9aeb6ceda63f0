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

    /// Sets every component of pixel (x, y) to `value` (already in range).
    fn set(&mut self, x: usize, y: usize, value: u16) {
        if x >= self.width || y >= self.height {
            return;
        }
        let stride = self.stride();
        for c in 0..self.comps {
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

/// Decodes a baseline or progressive JPEG (DCTDecode, 7.4.8) of one or
/// three components to 8-bit samples. Four-component (CMYK) JPEGs are
/// left alone: Adobe's inverted variant cannot be told apart reliably.
fn decode_jpeg(
    bytes: &[u8],
    w: usize,
    h: usize,
    comps: usize,
    limit: usize,
) -> Result<Vec<u8>, Unblankable> {
    let mut dec = jpeg_decoder::Decoder::new(bytes);
    dec.set_max_decoding_buffer_size(limit);
    let pixels = dec
        .decode()
        .map_err(|e| format!("the JPEG image cannot be decoded ({e})"))?;
    let info = dec
        .info()
        .ok_or_else(|| "the JPEG image has no header".to_string())?;
    let n = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => 1,
        jpeg_decoder::PixelFormat::RGB24 => 3,
        _ => return Err("CMYK and 16-bit JPEG images are not blanked yet".into()),
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
    if d.has(b"Decode") || d.get(b"ImageMask").ok().and_then(|o| o.as_bool().ok()) == Some(true) {
        return Err("image masks and /Decode arrays are not blanked yet".into());
    }
    let bpc = int(b"BitsPerComponent").unwrap_or(8);
    let bpc = match bpc {
        1 | 2 | 4 | 8 | 16 => bpc as usize,
        _ => return Err(format!("{bpc} bits per component")),
    };
    let cs = d.get(b"ColorSpace").ok();
    let max = ((1u32 << bpc) - 1) as u16;
    let (comps, black) = match (black_of(doc, cs), darkest_index(doc, cs)) {
        (Some((c, true)), _) => (c, max),
        (Some((c, false)), _) => (c, 0),
        (None, Some(i)) if i <= max => (1, i),
        _ => {
            return Err(
                "the image's colour space is not blanked yet (separation, devicen, lab)".into(),
            );
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
    let data =
        if bpc == 8 && filters.len() == 1 && matches!(filters[0].as_str(), "DCTDecode" | "DCT") {
            decode_jpeg(&stream.content, w, h, comps, limit)?
        } else {
            if let Some(f) = filters.iter().find(|f| {
                matches!(
                    f.as_str(),
                    "DCTDecode" | "JPXDecode" | "JBIG2Decode" | "CCITTFaxDecode" | "DCT" | "CCF"
                )
            }) {
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
                r.set(x, y, black);
                changed += 1;
            }
        }
    }
    let mut dict: Dictionary = d.clone();
    dict.remove(b"Filter");
    dict.remove(b"DecodeParms");
    dict.remove(b"Length");
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
        if sw == 0 || sh == 0 || !matches!(sbpc, 1 | 2 | 4 | 8 | 16) || sdict.has(b"Decode") {
            return Err("the image's soft mask cannot be blanked".into());
        }
        let sdata = smask
            .decompressed_content_with_limit(limit)
            .map_err(|e| format!("the image's soft mask cannot be decoded ({e})"))?;
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
                    s.set(x, y, 0);
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
    fn sub_byte_samples() {
        let mut r = Raster {
            width: 4,
            height: 1,
            bpc: 2,
            comps: 1,
            data: vec![0xff],
        };
        r.set(1, 0, 0);
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
