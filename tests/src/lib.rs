//! Cross-crate integration tests for Disclose. The tests live in `tests/`
//! beside this file; this library holds helpers they share: where the
//! repository, its fixtures and the qpdf corpus are; the fixture manifest
//! (`fixtures/manifest.toml`); poppler's `pdftotext` as a reference
//! extractor (plain text and `-bbox` word boxes); and a character similarity
//! measure for holding our extraction against poppler's; and a generator of
//! arbitrarily long text PDFs with known planted values for benches
//! ([`synthetic_text_pdf`]); and qpdf/pdftoppm referees for redaction tests
//! ([`qpdf_qdf_bytes`], [`bytes_contain_value`], [`pdftoppm_gray`]).
//!
//! The poppler helpers return `None` when `pdftotext` is not installed (or
//! cannot read the file), so that a test can skip with a message instead of
//! failing on a machine without poppler.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Deserialize;

mod synthetic;
mod tools;

pub use synthetic::{SyntheticPdf, SyntheticValue, synthetic_text_pdf};
pub use tools::{
    GrayPage, bytes_contain_value, parse_pgm, pdftoppm_gray, qpdf_check, qpdf_qdf_bytes,
};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The project's fixtures folder.
pub fn fixtures_dir() -> PathBuf {
    repo_root().join("fixtures")
}

/// The qpdf test-suite corpus beside the repository (`../shared/corpus/qpdf-qtest`),
/// when present. Tests that need it skip with a message when it is absent.
pub fn qpdf_corpus() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/corpus/qpdf-qtest");
    dir.is_dir().then_some(dir)
}

// ---------------------------------------------------------------------------
// The fixture manifest
// ---------------------------------------------------------------------------

/// `fixtures/manifest.toml`: every generated fixture with what it exercises
/// and the values planted in it (see `fixtures/README.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Schema version of the manifest (currently 1).
    pub schema: u32,
    /// The fixtures, sorted by path.
    #[serde(rename = "fixture", default)]
    pub fixtures: Vec<Fixture>,
}

/// One fixture PDF.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Path relative to `fixtures/`, e.g. `text/utility-bill-reportlab.pdf`.
    pub path: String,
    /// The file's `/Producer`, as `pdfinfo` prints it.
    pub producer: String,
    /// The script (relative to `fixtures/`) that made it.
    pub generator: String,
    /// Number of pages.
    pub pages: u32,
    /// What the file exercises: `rotated-90`, `tj-kerning`, `form-xobject`,
    /// `two-column`, `small-table`, `identity-h`, `object-streams`,
    /// `split-across-lines`, `leak:info`, ...
    pub tags: Vec<String>,
    /// One sentence on what the document is.
    pub description: String,
    /// The user password needed to open the file, when it is encrypted with one.
    #[serde(default)]
    pub user_password: Option<String>,
    /// Sensitive values planted in the file.
    #[serde(default)]
    pub planted: Vec<Planted>,
    /// Values that look like candidates but must be released.
    #[serde(default)]
    pub released: Vec<Released>,
}

impl Fixture {
    /// The fixture's absolute path.
    pub fn full_path(&self) -> PathBuf {
        fixtures_dir().join(&self.path)
    }

    /// Whether the fixture carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// The fixture's file name without folder, for messages.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// Where a planted value lives in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Location {
    /// Drawn, visible page text.
    PageText,
    /// Invisible text (render mode 3), as an OCR layer over a scan.
    HiddenText,
    /// The document information dictionary.
    Info,
    /// The XMP metadata stream.
    Xmp,
    /// An annotation's `/Contents` (e.g. a sticky note).
    Annotation,
    /// An AcroForm field's value and appearance.
    FormField,
    /// An outline (bookmark) title.
    Outline,
    /// `/ActualText` of a marked-content span.
    ActualText,
    /// Pixels of an image XObject.
    Image,
    /// An embedded file.
    EmbeddedFile,
    /// A page label.
    PageLabel,
    /// An earlier revision, superseded by an incremental update.
    EarlierRevision,
    /// Content in an optional-content group that is off by default.
    OptionalContentOff,
    /// A structure element's `/Alt` or `/E` (tagged PDF).
    StructureAlt,
    /// Document JavaScript (name tree or `/OpenAction`).
    Javascript,
    /// A page thumbnail image (`/Thumb`).
    Thumbnail,
}

/// A sensitive value planted in a fixture.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Planted {
    /// The value as written, e.g. `4111 1111 1111 1111`.
    pub value: String,
    /// A `disclose_detect::Category` id, e.g. `card_number`.
    pub category: String,
    /// 1-based pages the value is on.
    pub pages: Vec<u32>,
    /// Where in the file it lives.
    #[serde(rename = "where")]
    pub location: Location,
    /// Whether `pdftotext` shows it in the text of exactly `pages`.
    pub in_page_text: bool,
    /// Whether its characters occur in `qpdf --qdf --object-streams=disable`
    /// output (Latin-1, UTF-16BE or hex); absent when not checked.
    #[serde(default)]
    pub in_qdf_bytes: Option<bool>,
    /// Whether the raw file bytes hold it; absent when not checked.
    #[serde(default)]
    pub in_raw_bytes: Option<bool>,
    /// Where the value is drawn on its pages: `[x0, y0, x1, y1]` in default
    /// user space (points, origin bottom left), when the generator knows it;
    /// for a form field the widget's /Rect, for an annotation its /Rect.
    #[serde(default)]
    pub rect: Option<[f64; 4]>,
    /// A remark, e.g. how the value is split or encoded.
    #[serde(default)]
    pub note: Option<String>,
}

impl Planted {
    /// The value's ASCII digits only (how redaction verification searches numbers).
    pub fn digits(&self) -> String {
        self.value.chars().filter(char::is_ascii_digit).collect()
    }
}

/// A value that must be released (not withheld), e.g. a city office phone.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Released {
    /// The value as written.
    pub value: String,
    /// What it is, e.g. `city utilities office phone`.
    pub label: String,
    /// 1-based pages it is on.
    pub pages: Vec<u32>,
}

impl Manifest {
    /// The fixture at `path` (relative to `fixtures/`), if listed.
    pub fn get(&self, path: &str) -> Option<&Fixture> {
        self.fixtures.iter().find(|f| f.path == path)
    }

    /// The fixtures carrying `tag`.
    pub fn with_tag<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Fixture> + 'a {
        self.fixtures.iter().filter(move |f| f.has_tag(tag))
    }

    /// The fixtures under a folder of `fixtures/`, e.g. `text` or `leak`.
    pub fn under<'a>(&'a self, folder: &'a str) -> impl Iterator<Item = &'a Fixture> + 'a {
        self.fixtures.iter().filter(move |f| {
            f.path
                .strip_prefix(folder)
                .is_some_and(|r| r.starts_with('/'))
        })
    }
}

/// Reads and parses `fixtures/manifest.toml`.
pub fn try_load_manifest() -> Result<Manifest, String> {
    let path = fixtures_dir().join("manifest.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))
}

/// Reads and parses `fixtures/manifest.toml`; panics with the reason when it
/// is missing or malformed (a broken manifest is a broken test setup).
pub fn load_manifest() -> Manifest {
    match try_load_manifest() {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

// ---------------------------------------------------------------------------
// poppler's pdftotext
// ---------------------------------------------------------------------------

/// Runs `pdftotext` with `args` then `path` and `-`; `None` when the tool is
/// missing or fails on the file.
fn run_pdftotext(args: &[&str], path: &Path) -> Option<String> {
    let out = match Command::new("pdftotext")
        .args(args)
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == ErrorKind::NotFound => return None,
        Err(e) => {
            eprintln!("pdftotext could not run on {}: {e}", path.display());
            return None;
        }
    };
    if !out.status.success() {
        eprintln!(
            "pdftotext failed on {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `pdftotext` can be run.
pub fn pdftotext_available() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

/// The text `pdftotext` (default reading-order mode, UTF-8) gives for the
/// whole file, pages separated by form feeds. `None` when pdftotext is
/// missing or cannot read the file.
pub fn pdftotext_text(path: &Path) -> Option<String> {
    pdftotext_text_with_password(path, None)
}

/// [`pdftotext_text`] for a file encrypted with a user password.
pub fn pdftotext_text_with_password(path: &Path, user_password: Option<&str>) -> Option<String> {
    let mut args = vec!["-q", "-enc", "UTF-8"];
    if let Some(pw) = user_password {
        args.extend(["-upw", pw]);
    }
    run_pdftotext(&args, path)
}

/// The text of each page as `pdftotext` gives it (split at its form feeds).
pub fn pdftotext_pages(path: &Path) -> Option<Vec<String>> {
    pdftotext_pages_with_password(path, None)
}

/// [`pdftotext_pages`] for a file encrypted with a user password.
pub fn pdftotext_pages_with_password(
    path: &Path,
    user_password: Option<&str>,
) -> Option<Vec<String>> {
    let text = pdftotext_text_with_password(path, user_password)?;
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    // pdftotext ends every page with a form feed, so the last piece is empty.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// One page of `pdftotext -bbox` output.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page width in points, as displayed (after /Rotate).
    pub width: f64,
    /// Page height in points, as displayed.
    pub height: f64,
    /// The words in pdftotext's order.
    pub words: Vec<Word>,
}

/// A word and its box: points, origin at the top left of the displayed page.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The word's text, entities decoded.
    pub text: String,
    /// Left edge.
    pub x_min: f64,
    /// Top edge.
    pub y_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_max: f64,
}

/// Words and boxes from `pdftotext -bbox`. `None` when pdftotext is missing,
/// cannot read the file, or its output is not the expected XHTML.
pub fn pdftotext_words(path: &Path) -> Option<Vec<Page>> {
    let xhtml = run_pdftotext(&["-q", "-enc", "UTF-8", "-bbox"], path)?;
    parse_bbox_xhtml(&xhtml)
}

/// Parses the XHTML that `pdftotext -bbox` writes: `<page width=.. height=..>`
/// elements holding `<word xMin=.. yMin=.. xMax=.. yMax=..>text</word>`.
/// `None` when a tag is malformed.
pub fn parse_bbox_xhtml(xhtml: &str) -> Option<Vec<Page>> {
    let mut pages: Vec<Page> = Vec::new();
    let mut rest = xhtml;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let gt = rest.find('>')?;
        let tag = &rest[..gt];
        rest = &rest[gt + 1..];
        let (name, attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        match name {
            "page" => pages.push(Page {
                width: attr_f64(attrs, "width")?,
                height: attr_f64(attrs, "height")?,
                words: Vec::new(),
            }),
            "word" => {
                let end = rest.find("</word>")?;
                let word = Word {
                    text: decode_entities(&rest[..end]),
                    x_min: attr_f64(attrs, "xMin")?,
                    y_min: attr_f64(attrs, "yMin")?,
                    x_max: attr_f64(attrs, "xMax")?,
                    y_max: attr_f64(attrs, "yMax")?,
                };
                rest = &rest[end + "</word>".len()..];
                pages.last_mut()?.words.push(word);
            }
            _ => {}
        }
    }
    Some(pages)
}

/// The value of `name="..."` in a tag's attribute text, as a number.
fn attr_f64(attrs: &str, name: &str) -> Option<f64> {
    let mut search = attrs;
    loop {
        let at = search.find(name)?;
        let before_ok = at == 0
            || search[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace);
        let after = &search[at + name.len()..];
        if before_ok && let Some(v) = after.strip_prefix("=\"") {
            let end = v.find('"')?;
            return v[..end].trim().parse().ok();
        }
        search = after;
    }
}

/// Decodes the entities poppler writes (`&amp; &lt; &gt; &quot; &apos;`) and
/// numeric character references; anything else is kept as written.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &rest[1..semi];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let code = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32)
                }
            };
            ch.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------
// Text comparison
// ---------------------------------------------------------------------------

/// `s` with every run of whitespace made one space, trimmed.
pub fn normalize_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How long the diff in [`char_similarity`] may search for the shortest edit
/// script before settling for a longer one.
const DIFF_DEADLINE: Duration = Duration::from_secs(5);

/// Character similarity of two texts after whitespace normalization:
/// `1 - distance / max(len_a, len_b)` in characters, 1.0 for two empty texts.
///
/// The distance is that of the edit script Myers' diff finds (each deleted or
/// inserted run counts its length; a replaced run counts the longer side),
/// which is never below the Levenshtein distance, so the similarity is a lower
/// bound of `1 - Levenshtein / max len`. Myers runs in O((N+M)·D), so 100 KB
/// texts that mostly agree compare in milliseconds; texts that differ wildly
/// are cut off after a deadline with a (still valid, longer) edit script.
pub fn char_similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = normalize_whitespace(a).chars().collect();
    let b: Vec<char> = normalize_whitespace(b).chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let distance = edit_distance(&a, &b);
    1.0 - distance as f64 / longest as f64
}

/// The edit-script distance between two char slices (see [`char_similarity`]).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let deadline = Instant::now().checked_add(DIFF_DEADLINE);
    let ops = similar::capture_diff_slices_deadline(similar::Algorithm::Myers, a, b, deadline);
    ops.iter()
        .map(|op| match *op {
            similar::DiffOp::Equal { .. } => 0,
            similar::DiffOp::Delete { old_len, .. } => old_len,
            similar::DiffOp::Insert { new_len, .. } => new_len,
            similar::DiffOp::Replace {
                old_len, new_len, ..
            } => old_len.max(new_len),
        })
        .sum()
}

/// Whether `text` shows `value`, tolerating what extraction does to it: the
/// value's letters and digits must appear in order (case-insensitively) with
/// at most four non-alphanumeric characters between neighbours (spaces, a
/// line break, a hyphen), and the match may not start or end inside a longer
/// word or number. This is how `fixtures/generate/verify.py` checks the manifest.
pub fn contains_value(text: &str, value: &str) -> bool {
    let want: Vec<char> = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let Some(&first) = want.first() else {
        return false;
    };
    let hay: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    'start: for i in 0..hay.len() {
        if hay[i] != first || (i > 0 && hay[i - 1].is_alphanumeric()) {
            continue;
        }
        let mut j = i + 1;
        for &c in &want[1..] {
            let mut skipped = 0;
            while j < hay.len() && !hay[j].is_alphanumeric() && skipped < 4 {
                j += 1;
                skipped += 1;
            }
            if j >= hay.len() || hay[j] != c {
                continue 'start;
            }
            j += 1;
        }
        if j >= hay.len() || !hay[j].is_alphanumeric() {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bill() -> PathBuf {
        fixtures_dir().join("text/utility-bill-reportlab.pdf")
    }

    #[test]
    fn manifest_loads_and_lists_existing_files() {
        let m = load_manifest();
        assert_eq!(m.schema, 1);
        assert!(m.fixtures.len() >= 10, "{} fixtures", m.fixtures.len());
        for f in &m.fixtures {
            assert!(f.full_path().is_file(), "{} is missing", f.path);
            assert!(f.pages >= 1);
            for p in &f.planted {
                assert!(
                    p.pages.iter().all(|&n| n >= 1 && n <= f.pages),
                    "{}: {} on pages {:?}",
                    f.path,
                    p.value,
                    p.pages
                );
            }
        }
        let producers: std::collections::BTreeSet<_> = m
            .under("text")
            .map(|f| f.producer.split_whitespace().next().unwrap_or(""))
            .collect();
        assert!(producers.len() >= 5, "producers: {producers:?}");
        assert!(m.get("text/utility-bill-reportlab.pdf").is_some());
        assert!(m.with_tag("object-streams").count() >= 1);
    }

    #[test]
    fn manifest_categories_are_detect_categories() {
        let known: Vec<&str> = disclose_detect::Category::ALL
            .iter()
            .map(|c| c.as_str())
            .collect();
        for f in &load_manifest().fixtures {
            for p in &f.planted {
                assert!(
                    known.contains(&p.category.as_str()),
                    "{}: unknown category {}",
                    f.path,
                    p.category
                );
            }
        }
    }

    #[test]
    fn planted_and_released_values_show_in_pdftotext_pages() {
        // The Rust twin of fixtures/generate/verify.py's page-text check, so
        // that CI (which does not run the generators) holds the manifest true.
        if !pdftotext_available() {
            eprintln!("pdftotext not installed; skipping");
            return;
        }
        let m = load_manifest();
        let mut checked = 0;
        for f in &m.fixtures {
            let pages =
                pdftotext_pages_with_password(&f.full_path(), f.user_password.as_deref()).unwrap();
            if f.user_password.is_some() {
                assert!(
                    pdftotext_pages(&f.full_path()).is_none(),
                    "{} opens without password",
                    f.path
                );
            }
            assert_eq!(pages.len() as u32, f.pages, "{}", f.path);
            // A second copy of a visible value (in Info, in JavaScript
            // digits-only, ...) may of course show: compare letters and digits.
            let norm = |v: &str| -> String {
                v.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            };
            let visible: Vec<String> = f
                .planted
                .iter()
                .filter(|p| p.in_page_text)
                .map(|p| norm(&p.value))
                .collect();
            for p in &f.planted {
                for (i, text) in pages.iter().enumerate() {
                    let shown = contains_value(text, &p.value);
                    if p.in_page_text {
                        let listed = p.pages.contains(&(i as u32 + 1));
                        assert_eq!(shown, listed, "{}: {} page {}", f.path, p.value, i + 1);
                    } else if !visible.contains(&norm(&p.value)) {
                        assert!(
                            !shown,
                            "{}: hidden {} shows on page {}",
                            f.path,
                            p.value,
                            i + 1
                        );
                    }
                }
                checked += 1;
            }
            for r in &f.released {
                for &n in &r.pages {
                    let text = &pages[n as usize - 1];
                    assert!(
                        contains_value(text, &r.value),
                        "{}: {} page {n}",
                        f.path,
                        r.value
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked} values checked");
    }

    #[test]
    fn leak_fixtures_cover_the_redaction_matrix() {
        let m = load_manifest();
        for loc in [
            Location::EarlierRevision,
            Location::Info,
            Location::Xmp,
            Location::Annotation,
            Location::FormField,
            Location::Outline,
            Location::ActualText,
            Location::HiddenText,
            Location::Image,
            Location::OptionalContentOff,
            Location::EmbeddedFile,
            Location::PageLabel,
            Location::StructureAlt,
            Location::Javascript,
            Location::Thumbnail,
        ] {
            assert!(
                m.under("leak")
                    .any(|f| f.planted.iter().any(|p| p.location == loc)),
                "no leak fixture with {loc:?}"
            );
        }
        assert!(m.with_tag("leak:form-xobject-two-pages").count() == 1);
    }

    #[test]
    fn pdftotext_words_parses_real_output() {
        let Some(pages) = pdftotext_words(&bill()) else {
            eprintln!("pdftotext not installed; skipping");
            return;
        };
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[0].width, pages[0].height), (612.0, 792.0));
        let w = pages[0]
            .words
            .iter()
            .find(|w| w.text == "Statement")
            .unwrap();
        // ReportLab drew "Billing Statement" in 12 pt Helvetica-Bold with its
        // baseline 120 pt below the top: the top-left-origin box straddles it.
        assert!(
            w.y_min < 120.0 && w.y_max > 120.0 && w.y_max < 124.0,
            "{w:?}"
        );
        assert!(w.x_min > 54.0 && w.x_max > w.x_min);
        // The 6.5 pt table on page 2 gives short boxes.
        let small = pages[1].words.iter().find(|w| w.text == "Meter").unwrap();
        assert!(small.y_max - small.y_min < 8.0, "{small:?}");
        // Entities are decoded (the e-mail address has none, the '&' test is below).
        assert!(
            pages[0]
                .words
                .iter()
                .any(|w| w.text == "m.holloway@example.com")
        );
    }

    #[test]
    fn bbox_parser_decodes_entities_and_rejects_broken_tags() {
        let x = r#"<html><head><title>t</title></head><body><doc>
  <page width="612.000000" height="792.000000">
    <word xMin="1.5" yMin="2" xMax="3" yMax="4">A&amp;B&lt;&#65;&#x42;&quot;</word>
    <word xMin="5" yMin="6" xMax="7" yMax="8">x</word>
  </page>
  <page width="792" height="612">
  </page>
</doc></body></html>"#;
        let pages = parse_bbox_xhtml(x).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].words[0].text, "A&B<AB\"");
        assert_eq!(pages[0].words[0].x_min, 1.5);
        assert_eq!(pages[0].words[1].y_max, 8.0);
        assert_eq!(pages[1].width, 792.0);
        assert!(
            parse_bbox_xhtml(r#"<page width="1" height="2"><word xMin="1">x</word>"#).is_none()
        );
        assert!(
            parse_bbox_xhtml(r#"<word xMin="1" yMin="1" xMax="1" yMax="1">x</word>"#).is_none()
        );
        assert_eq!(
            decode_entities("a & b &bogus; &#xZZ;"),
            "a & b &bogus; &#xZZ;"
        );
    }

    #[test]
    fn pdftotext_text_reads_a_fixture() {
        let Some(text) = pdftotext_text(&bill()) else {
            eprintln!("pdftotext not installed; skipping");
            return;
        };
        assert!(text.contains("Billing Statement"));
        assert!(pdftotext_text(Path::new("/nonexistent/file.pdf")).is_none());
    }

    #[test]
    fn similarity_basics() {
        assert_eq!(char_similarity("", ""), 1.0);
        assert_eq!(char_similarity("abc", "abc"), 1.0);
        assert_eq!(char_similarity("a  b\n c", "a b c"), 1.0);
        assert_eq!(char_similarity("abc", ""), 0.0);
        // One substitution in ten characters.
        assert!((char_similarity("0123456789", "0123X56789") - 0.9).abs() < 1e-9);
        // kitten -> sitting: Levenshtein 3 over 7.
        assert!((char_similarity("kitten", "sitting") - (1.0 - 3.0 / 7.0)).abs() < 1e-9);
        assert!(char_similarity("abcdef", "uvwxyz") < 0.01);
    }

    #[test]
    fn similarity_of_large_texts_is_fast_and_sensitive() {
        // ~100 KB of pseudo-random words, then a few scattered edits.
        let mut seed = 12345u64;
        let mut words = Vec::new();
        for _ in 0..25_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 2 + (seed >> 60) as usize % 6;
            let w: String = (0..len)
                .map(|k| (b'a' + ((seed >> (k * 5)) % 26) as u8) as char)
                .collect();
            words.push(w);
        }
        let a = words.join(" ");
        assert!(a.len() > 100_000);
        let mut b = a.clone();
        for at in [1_000, 30_000, 60_000, 90_000] {
            b.replace_range(at..at + 10, "##########");
        }
        let start = Instant::now();
        let s = char_similarity(&a, &b);
        let took = start.elapsed();
        eprintln!("char_similarity on {} chars: {s:.5} in {took:?}", a.len());
        assert!(s < 1.0 && s > 0.999, "{s}");
    }

    #[test]
    fn contains_value_tolerates_breaks_not_neighbours() {
        assert!(contains_value(
            "card 4111 1111\n1111 1111 exp",
            "4111 1111 1111 1111"
        ));
        assert!(contains_value("ITIN 91278-4521 new", "912-78-4521"));
        assert!(contains_value("Call (360) 555-0142.", "(360) 555-0142"));
        assert!(!contains_value("code 3319", "319"));
        assert!(!contains_value("code 3190", "319"));
        assert!(contains_value("code 319.", "319"));
        assert!(!contains_value("4111 1111 1111", "4111 1111 1111 1111"));
        assert!(!contains_value("anything", ""));
    }
}
