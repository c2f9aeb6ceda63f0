//! qpdf and pdftoppm as independent referees for the redaction tests: the
//! fully decompressed bytes of a file (`qpdf --qdf --object-streams=disable`),
//! a search of bytes for a value in the forms a PDF stores text in, and a
//! grayscale rendering of a page to measure what is drawn in an area.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;

/// Runs a tool and returns its stdout; `None` when the tool is missing or
/// exits with an error (qpdf's exit code 3, "warnings", still counts as output).
fn run(tool: &str, args: &[&std::ffi::OsStr]) -> Option<Vec<u8>> {
    let out = match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == ErrorKind::NotFound => return None,
        Err(e) => {
            eprintln!("{tool} could not run: {e}");
            return None;
        }
    };
    let ok = out.status.success() || (tool == "qpdf" && out.status.code() == Some(3));
    if !ok {
        eprintln!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    Some(out.stdout)
}

/// The file rewritten by `qpdf --qdf --object-streams=disable` (every stream
/// qpdf can decode is decompressed, every object is outside object streams).
/// `None` when qpdf is missing or cannot read the file.
pub fn qpdf_qdf_bytes(path: &Path, password: Option<&str>) -> Option<Vec<u8>> {
    let pw = password.map(|p| format!("--password={p}"));
    let mut args: Vec<&std::ffi::OsStr> = Vec::new();
    if let Some(pw) = &pw {
        args.push(pw.as_ref());
    }
    args.extend(
        ["--qdf", "--object-streams=disable"]
            .iter()
            .map(|s| std::ffi::OsStr::new(*s)),
    );
    args.push(path.as_os_str());
    args.push(std::ffi::OsStr::new("-"));
    run("qpdf", &args)
}

/// Whether `qpdf --check` passes on the file (`None` when qpdf is missing).
pub fn qpdf_check(path: &Path) -> Option<bool> {
    match Command::new("qpdf").arg("--check").arg(path).output() {
        Ok(out) => Some(out.status.success()),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(_) => Some(false),
    }
}

/// Whether `hay` holds `value` in one of the forms a PDF writes text in:
/// Latin-1 bytes, a literal string with `(`, `)` and `\` escaped, UTF-16BE,
/// or the hex of Latin-1 or UTF-16BE (either case). A value split across
/// several strings (a TJ array) is not found by this: extract text for that.
pub fn bytes_contain_value(hay: &[u8], value: &str) -> bool {
    let mut forms: Vec<Vec<u8>> = Vec::new();
    let latin1: Option<Vec<u8>> = value
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect();
    let utf16: Vec<u8> = value.encode_utf16().flat_map(u16::to_be_bytes).collect();
    if let Some(l) = &latin1 {
        forms.push(l.clone());
        let mut escaped = Vec::with_capacity(l.len());
        for &b in l {
            if matches!(b, b'(' | b')' | b'\\') {
                escaped.push(b'\\');
            }
            escaped.push(b);
        }
        forms.push(escaped);
        forms.push(hex(l, false));
        forms.push(hex(l, true));
    }
    forms.push(hex(&utf16, false));
    forms.push(hex(&utf16, true));
    forms.push(utf16);
    forms
        .iter()
        .filter(|f| !f.is_empty())
        .any(|f| hay.windows(f.len()).any(|w| w == f.as_slice()))
}

fn hex(bytes: &[u8], upper: bool) -> Vec<u8> {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    bytes
        .iter()
        .flat_map(|&b| [digits[usize::from(b >> 4)], digits[usize::from(b & 15)]])
        .collect()
}

/// A page rendered to 8-bit gray by `pdftoppm -gray`.
#[derive(Debug, Clone)]
pub struct GrayPage {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Resolution the page was rendered at.
    pub dpi: f64,
    /// Row-major pixels, 0 black to 255 white, top row first.
    pub pixels: Vec<u8>,
}

impl GrayPage {
    /// The pixel at column `x`, row `y` (top left origin), if inside.
    pub fn get(&self, x: usize, y: usize) -> Option<u8> {
        if x >= self.width {
            return None;
        }
        self.pixels
            .get(y.checked_mul(self.width)?.checked_add(x)?)
            .copied()
    }

    /// Pixel rows and columns covered by `rect` = `[x0, y0, x1, y1]` in the
    /// page's default user space (points, origin bottom left), for a page
    /// whose MediaBox starts at the origin and that has no /Rotate. Returns
    /// `(col0, row0, col1, row1)`, end-exclusive, clamped to the image.
    pub fn pixel_box(&self, rect: [f64; 4]) -> (usize, usize, usize, usize) {
        let s = self.dpi / 72.0;
        let h_pt = self.height as f64 / s;
        let clamp = |v: f64, max: usize| -> usize {
            if v.is_nan() || v <= 0.0 {
                0
            } else {
                (v as usize).min(max)
            }
        };
        let c0 = clamp((rect[0] * s).floor(), self.width);
        let c1 = clamp((rect[2] * s).ceil(), self.width);
        let r0 = clamp(((h_pt - rect[3]) * s).floor(), self.height);
        let r1 = clamp(((h_pt - rect[1]) * s).ceil(), self.height);
        (c0, r0, c1.max(c0), r1.max(r0))
    }

    /// Mean gray level inside `rect` (see [`GrayPage::pixel_box`]); 255.0
    /// for an empty box.
    pub fn mean_in(&self, rect: [f64; 4]) -> f64 {
        let (c0, r0, c1, r1) = self.pixel_box(rect);
        let mut sum = 0u64;
        let mut n = 0u64;
        for y in r0..r1 {
            for x in c0..c1 {
                if let Some(v) = self.get(x, y) {
                    sum += u64::from(v);
                    n += 1;
                }
            }
        }
        if n == 0 { 255.0 } else { sum as f64 / n as f64 }
    }
}

/// Renders 1-based `page` of the file to gray at `dpi` with pdftoppm.
/// `None` when pdftoppm is missing, fails, or writes an unexpected image.
pub fn pdftoppm_gray(path: &Path, page: u32, dpi: u32) -> Option<GrayPage> {
    let page_s = page.to_string();
    let dpi_s = dpi.to_string();
    let args: Vec<&std::ffi::OsStr> = [
        "-gray",
        "-r",
        &dpi_s,
        "-f",
        &page_s,
        "-l",
        &page_s,
        "-singlefile",
    ]
    .iter()
    .map(|s| std::ffi::OsStr::new(*s))
    .chain([path.as_os_str()])
    .collect();
    // Without an output root pdftoppm writes the image to stdout.
    let pgm = run("pdftoppm", &args)?;
    parse_pgm(&pgm, f64::from(dpi))
}

/// Parses a binary PGM (P5, maxval 255) as pdftoppm writes it.
pub fn parse_pgm(data: &[u8], dpi: f64) -> Option<GrayPage> {
    let mut fields: Vec<usize> = Vec::with_capacity(3);
    let mut i = 2;
    if data.get(..2)? != b"P5" {
        return None;
    }
    while fields.len() < 3 {
        // Skip whitespace and comments.
        loop {
            match data.get(i)? {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'#' => {
                    while *data.get(i)? != b'\n' {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        let start = i;
        while data.get(i)?.is_ascii_digit() {
            i += 1;
        }
        fields.push(
            std::str::from_utf8(data.get(start..i)?)
                .ok()?
                .parse()
                .ok()?,
        );
    }
    // Exactly one whitespace byte separates the header from the pixels.
    i += 1;
    let (width, height, maxval) = (fields[0], fields[1], fields[2]);
    if maxval != 255 {
        return None;
    }
    let pixels = data
        .get(i..i.checked_add(width.checked_mul(height)?)?)?
        .to_vec();
    Some(GrayPage {
        width,
        height,
        dpi,
        pixels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fixtures_dir, load_manifest};

    #[test]
    fn byte_forms_are_found() {
        assert!(bytes_contain_value(
            b"xx (Call \\(360\\) 555) yy",
            "(360) 555"
        ));
        assert!(bytes_contain_value(b"<FEFF0034003100310031>", "4111"));
        assert!(bytes_contain_value(b"<feff0034003100310031>", "4111"));
        assert!(bytes_contain_value(b"<34313131>", "4111"));
        assert!(!bytes_contain_value(b"(41) 20 (11) TJ", "4111"));
        assert!(!bytes_contain_value(b"", "4111"));
    }

    #[test]
    fn qdf_bytes_match_the_manifest_for_leak_fixtures() {
        let m = load_manifest();
        let mut checked = 0;
        for f in m.under("leak") {
            let Some(qdf) = qpdf_qdf_bytes(&f.full_path(), f.user_password.as_deref()) else {
                eprintln!("qpdf not installed; skipping");
                return;
            };
            let raw = std::fs::read(f.full_path()).unwrap();
            for p in &f.planted {
                if let Some(want) = p.in_qdf_bytes {
                    assert_eq!(
                        bytes_contain_value(&qdf, &p.value),
                        want,
                        "{} {}",
                        f.path,
                        p.value
                    );
                    checked += 1;
                }
                if let Some(want) = p.in_raw_bytes {
                    assert_eq!(
                        bytes_contain_value(&raw, &p.value),
                        want,
                        "{} {}",
                        f.path,
                        p.value
                    );
                    checked += 1;
                }
            }
            assert_eq!(qpdf_check(&f.full_path()), Some(true), "{}", f.path);
        }
        assert!(checked >= 15, "{checked}");
    }

    #[test]
    fn rendering_shows_image_digits_inside_their_rects() {
        let m = load_manifest();
        let f = m.get("leak/image-variants.pdf").unwrap();
        let path = fixtures_dir().join(&f.path);
        for p in &f.planted {
            let rect = p.rect.unwrap();
            let Some(img) = pdftoppm_gray(&path, p.pages[0], 72) else {
                eprintln!("pdftoppm not installed; skipping");
                return;
            };
            assert_eq!((img.width, img.height), (612, 792));
            // Digits are dark on white: the rect is clearly darker than the
            // white margin beside the image, which is pure white.
            let inside = img.mean_in(rect);
            let margin = img.mean_in([560.0, rect[1], 600.0, rect[3]]);
            assert!(
                inside < 220.0 && margin > 250.0,
                "{}: {inside} {margin}",
                p.value
            );
        }
    }

    #[test]
    fn pgm_parser_rejects_garbage() {
        assert!(parse_pgm(b"P6 1 1 255\n\0\0\0", 72.0).is_none());
        assert!(parse_pgm(b"P5 2 2 255\n\0\0\0", 72.0).is_none());
        let img = parse_pgm(b"P5\n# c\n2 1\n255\n\x00\xff", 72.0).unwrap();
        assert_eq!((img.width, img.height, img.get(1, 0)), (2, 1, Some(255)));
        assert_eq!(img.get(2, 0), None);
    }
}
