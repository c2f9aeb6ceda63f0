//! Scanning one opened PDF: page text from disclose-pdf, findings from
//! disclose-detect, a proposal for each from disclose-rules. Pure: no store,
//! no file system; the workspace and `disclose scan-file` both use it.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use disclose_detect::{Category, ScanOptions, Scanner};
use disclose_pdf::{Document, Verdict};
use disclose_rules::{Proposal, Rules};
use serde::Serialize;

use crate::CoreError;

/// One page's reliability, as the scan found it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScannedPage {
    /// 1-based page number.
    pub page: u32,
    /// `ok`, `degraded` or `unreadable`.
    pub verdict: String,
    /// Why, in plain words (empty when ok).
    pub reasons: Vec<String>,
}

/// One finding with its proposal and where it is drawn.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScanFinding {
    /// 1-based page.
    pub page: u32,
    /// The text as printed (may span a line break).
    pub text: String,
    /// The normalized value.
    pub value: String,
    /// The category.
    pub category: Category,
    /// The detector that fired.
    pub detector: String,
    /// The detector's confidence, 0 to 1.
    pub confidence: f32,
    /// What the jurisdiction's pack proposes.
    pub proposal: Proposal,
    /// The glyph quads, each `[x1,y1,x2,y2,x3,y3,x4,y4]` in default user
    /// space (points, origin bottom left), in reading order.
    pub quads: Vec<[f64; 8]>,
}

/// The result of scanning a document.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct ScannedDocument {
    /// Every page's reliability.
    pub pages: Vec<ScannedPage>,
    /// Every finding, by page and position.
    pub findings: Vec<ScanFinding>,
}

impl ScannedDocument {
    /// The pages whose text cannot be fully trusted: review them by eye.
    pub fn unreliable_pages(&self) -> impl Iterator<Item = &ScannedPage> {
        self.pages.iter().filter(|p| p.verdict != "ok")
    }
}

/// A custom term and the code it is redacted under (`None`: the pack's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as the clerk typed it.
    pub term: String,
    /// Its code, if not the pack's custom code.
    pub code: Option<String>,
}

/// What to scan with.
pub(crate) struct ScanContext<'a> {
    pub rules: &'a Rules,
    pub jurisdiction: &'a str,
    pub record_type: Option<&'a str>,
    /// The document's name, for the proposals' explanations.
    pub name: &'a str,
    pub terms: &'a [Term],
    /// Look for the custom terms only (a term added after the scan).
    pub terms_only: bool,
}

fn verdict_id(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "ok",
        Verdict::Degraded => "degraded",
        Verdict::Unreadable => "unreadable",
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Words lowercased and joined by one space: how the detector reports a
/// custom term's value, so a finding can be matched back to its term.
pub(crate) fn term_key(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Scans every page of `doc`. `progress(page, pages)` is called before each
/// page; when `cancel` is set the scan stops and returns `Ok(None)`. A page
/// whose text cannot be read is recorded as unreadable with the reason,
/// never skipped silently.
pub(crate) fn scan_document(
    doc: &Document,
    ctx: &ScanContext<'_>,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<Option<ScannedDocument>, CoreError> {
    let pack = ctx.rules.get(ctx.jurisdiction)?;
    let mut options = ScanOptions {
        custom_terms: ctx.terms.iter().map(|t| t.term.clone()).collect(),
        ..ScanOptions::default()
    };
    if ctx.terms_only {
        options.categories = vec![Category::Custom];
    }
    let scanner = Scanner::new(&options)?;
    let term_codes: Vec<(String, Option<&str>)> = ctx
        .terms
        .iter()
        .map(|t| (term_key(&t.term), t.code.as_deref()))
        .collect();
    let pages = doc.page_count();
    let mut out = ScannedDocument::default();
    for n in 1..=pages {
        if cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        progress(n, pages);
        let page = match doc.page_text(n) {
            Ok(p) => p,
            Err(e) => {
                out.pages.push(ScannedPage {
                    page: n,
                    verdict: "unreadable".into(),
                    reasons: vec![format!(
                        "the page could not be read ({e}): review it by eye"
                    )],
                });
                continue;
            }
        };
        out.pages.push(ScannedPage {
            page: n,
            verdict: verdict_id(page.reliability.verdict).into(),
            reasons: page.reliability.reasons.clone(),
        });
        for f in scanner.scan(&page.text) {
            let custom_code = if f.category == Category::Custom {
                term_codes
                    .iter()
                    .find(|(k, _)| *k == f.value)
                    .and_then(|(_, c)| *c)
            } else {
                None
            };
            let proposal = match custom_code {
                Some(code) => pack.exempt_under(code, f.category, ctx.name)?,
                None => pack.propose(f.category, ctx.record_type, ctx.name)?,
            };
            let quads = page
                .glyphs_for_span(f.span.clone())
                .into_iter()
                .filter_map(|g| page.glyphs.get(g))
                .map(|g| {
                    let q = &g.glyph.quad.0;
                    [
                        round2(q[0].x),
                        round2(q[0].y),
                        round2(q[1].x),
                        round2(q[1].y),
                        round2(q[2].x),
                        round2(q[2].y),
                        round2(q[3].x),
                        round2(q[3].y),
                    ]
                })
                .collect();
            out.findings.push(ScanFinding {
                page: n,
                text: page
                    .text
                    .get(f.span.clone())
                    .unwrap_or_default()
                    .to_string(),
                value: f.value,
                category: f.category,
                detector: f.detector.to_string(),
                confidence: f.confidence,
                proposal,
                quads,
            });
        }
    }
    Ok(Some(out))
}

/// Opens a PDF's bytes, mapping the reader's errors to the clerk's words
/// about `path`; a file without an end-of-file marker is refused as cut
/// short even when a lenient reader could open part of it.
pub(crate) fn open_pdf(path: &Path, bytes: &[u8]) -> Result<Document, CoreError> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(CoreError::NotPdf(path.to_path_buf()));
    }
    // ISO 32000-1 7.5.5: the last line of the file holds %%EOF. Allow
    // trailing junk some producers append, but not a missing marker.
    let tail = bytes
        .get(bytes.len().saturating_sub(2048)..)
        .unwrap_or_default();
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(CoreError::Truncated(path.to_path_buf()));
    }
    let doc = Document::open(bytes).map_err(|e| pdf_error(path, e))?;
    if doc.page_count() == 0 {
        return Err(CoreError::Damaged {
            path: path.to_path_buf(),
            reason: "it has no pages".into(),
        });
    }
    Ok(doc)
}

fn pdf_error(path: &Path, e: disclose_pdf::Error) -> CoreError {
    let path = path.to_path_buf();
    match e {
        disclose_pdf::Error::NotPdf(_) => CoreError::NotPdf(path),
        disclose_pdf::Error::PasswordRequired | disclose_pdf::Error::WrongPassword => {
            CoreError::Encrypted(path)
        }
        disclose_pdf::Error::UnsupportedEncryption(_) => CoreError::UnsupportedEncryption(path),
        other => CoreError::Damaged {
            path,
            reason: other.to_string(),
        },
    }
}

/// Scans one PDF file without a store (`disclose scan-file`): every page,
/// every finding with the proposal of `jurisdiction`'s pack.
pub fn scan_file(path: &Path, jurisdiction: &str) -> Result<ScannedDocument, CoreError> {
    let rules = Rules::builtin()?;
    crate::check_jurisdiction(&rules, jurisdiction)?;
    let bytes = crate::import::read_file(path)?;
    let doc = open_pdf(path, &bytes)?;
    let name = crate::import::file_name(path);
    let ctx = ScanContext {
        rules: &rules,
        jurisdiction,
        record_type: None,
        name: &name,
        terms: &[],
        terms_only: false,
    };
    let never = AtomicBool::new(false);
    scan_document(&doc, &ctx, &mut |_, _| {}, &never)?.ok_or_else(|| CoreError::InvalidInput {
        field: "scan",
        problem: "was cancelled".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_keys_match_the_detector_normalization() {
        assert_eq!(term_key("  Jane  O'Roe "), "jane o roe");
        assert_eq!(term_key("CASE-24-117"), "case 24 117");
    }

    #[test]
    fn not_a_pdf_and_cut_short_files_are_named() {
        let p = Path::new("x.pdf");
        assert!(matches!(
            open_pdf(p, b"hello world"),
            Err(CoreError::NotPdf(_))
        ));
        assert!(matches!(
            open_pdf(p, b"%PDF-1.7\n1 0 obj\n<<"),
            Err(CoreError::Truncated(_))
        ));
    }
}
