//! Export: the redacted copy of every document of a request (Bates-stamped
//! when the request has a prefix) and the exemption log (CSV, JSON, PDF).
//!
//! Every file is written under a hidden temporary name in the output folder
//! and fsynced; the redaction engine verifies each document's saved bytes
//! (every redacted value searched for, fail closed) and the export reopens
//! them; only when every document passed is the export recorded `verified`
//! with each file's SHA-256, and only then are the files renamed to their
//! final names, and then recorded delivered. A failed, cancelled or killed
//! export leaves no file under a final name that the store does not record
//! as verified; the history checks each verified export's files in its
//! folder, so one killed before (or during) the renames reads as
//! `interrupted`, not `verified` ([`ExportRecord::status`]).
//!
//! An export holds a lock on its output folder while it runs: a second
//! export into the same folder is refused, and only the holder clears the
//! temporary files killed exports left there.
//!
//! Output names: `<stem>-redacted.pdf`, and with a Bates prefix the first
//! page's number in front, `<PREFIX-000001>_<stem>-redacted.pdf`, so that
//! a folder listing sorts in Bates order. The log is
//! `<request>-exemption-log.csv`, `.json` and `.pdf`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use disclose_detect::Category;
use disclose_pdf::{Area, Document, Point, Quad, Rect, RedactOptions, ReportBlock, ReportDocument};
use disclose_rules::Proposal;
use disclose_store::{DocumentRow, ManualTarget, RequestRow, ReviewTarget};
use serde::Serialize;
use std::io::Write;

use crate::import::sha256_hex;
use crate::scan::{ScanContext, Term, open_pdf, scan_document, term_key};
use crate::{CoreError, ExemptionLog, LogEntry, Workspace};

/// Where an export is, for a progress bar.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExportProgress {
    /// The document's name (empty while the log is written).
    pub document: String,
    /// Its position among the documents, from 1.
    pub document_index: usize,
    /// How many documents are exported.
    pub documents: usize,
    /// `redacting`, `verifying`, `writing_log` or `done`.
    pub stage: String,
}

/// One redacted document as exported.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExportedDocument {
    /// The document's (original) name.
    pub document: String,
    /// The output file's name in the output folder.
    pub file: String,
    /// SHA-256 of the output file, lowercase hex.
    pub sha256: String,
    /// Page count.
    pub pages: u32,
    /// Redaction areas applied.
    pub areas: usize,
    /// What was removed, in words (never the values).
    pub removed: Vec<String>,
    /// What needs a human's attention.
    pub warnings: Vec<String>,
    /// The first page's Bates number, when the request has a prefix.
    pub bates_first: Option<String>,
    /// The last page's Bates number.
    pub bates_last: Option<String>,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExportReport {
    /// The export's id in the store.
    pub export_id: i64,
    /// The folder written to.
    pub out_dir: String,
    /// The documents, in import order.
    pub documents: Vec<ExportedDocument>,
    /// The exemption log's files (CSV, JSON, PDF), full paths.
    pub log_files: Vec<String>,
    /// True when every document passed verification (an export that does
    /// not is an error, so a returned report is always verified).
    pub verified: bool,
    /// Whether the documents were sanitized ([`ExportOptions::sanitize`]).
    pub sanitized: bool,
}

/// How to export ([`Workspace::export_with`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExportOptions {
    /// Also strip, from every exported document, the places outside the
    /// page content where words can hide, whether or not they hold a
    /// redacted value: the document information and XMP metadata,
    /// JavaScript and actions, embedded files and comment-like
    /// annotations, thumbnails, the outline (bookmarks), /Alt, /ActualText
    /// and /E, private application data and XFA form data
    /// ([`disclose_pdf::RedactOptions::sanitize`] lists them).
    ///
    /// Off by default ([`Workspace::export`]): those parts are part of the
    /// record, and withholding them needs a reason the exemption log can
    /// give; a string there that holds a redacted value is blanked in any
    /// case, and the verification searches all of them. An office that
    /// releases nothing but the pages turns it on. The choice is recorded
    /// with the export (its verification and, per file, in the audit
    /// chain's file list).
    pub sanitize: bool,
}

/// An export as recorded in the store.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExportRecord {
    /// Its id.
    pub id: i64,
    /// The folder written to.
    pub out_dir: String,
    /// Who exported.
    pub clerk: String,
    /// When it started, RFC 3339 UTC.
    pub started_at: String,
    /// When it ended, if it did.
    pub finished_at: Option<String>,
    /// What the store says, checked against the folder now:
    /// - `writing`: still running (its process holds the folder's lock);
    /// - `failed`: not verified (or cancelled); nothing was handed over;
    /// - `verified`: verified, and every file is in the folder under its
    ///   final name with the recorded SHA-256;
    /// - `interrupted`: killed (recorded `writing`, but nothing holds the
    ///   folder's lock any more), or verified but killed before every file
    ///   was renamed to its final name: nothing was handed over, export
    ///   again;
    /// - `changed`: delivered, but the folder no longer holds every file as
    ///   exported (moved, edited, or replaced by a later export).
    pub status: String,
    /// True when the store records every file as verified, with its
    /// SHA-256 (`verified`, `interrupted` and `changed`).
    pub verified: bool,
    /// When the verified files were renamed to their final names.
    pub delivered_at: Option<String>,
    /// The files written: `[{name, sha256, bytes, document_id}]`, the
    /// redacted documents with `sanitized` too.
    pub files: serde_json::Value,
}

/// A manual term's occurrence, found at export time.
struct TermHit {
    manual_id: i64,
    code: String,
    clerk: String,
    at: String,
    page: u32,
    quads: Vec<[f64; 8]>,
    value: String,
}

/// One document's redaction plan.
struct Plan {
    areas: Vec<Area>,
    /// In words, one per area.
    removed: Vec<String>,
    warnings: Vec<String>,
}

/// A file name safe everywhere: letters, digits, `.`, `-`, `_`.
fn safe(name: &str) -> String {
    let s = crate::import::portable_chars(name)
        .trim_matches('.')
        .to_string();
    if s.is_empty() { "document".into() } else { s }
}

fn stem(name: &str) -> String {
    let n = safe(name);
    match n.rsplit_once('.') {
        Some((s, ext)) if ext.eq_ignore_ascii_case("pdf") && !s.is_empty() => s.to_string(),
        _ => n,
    }
}

/// The marker of this process's temporary files in an output folder.
const PARTIAL: &str = ".disclose-partial";

fn temp_name(file: &str) -> String {
    format!(".{file}.{}{PARTIAL}", std::process::id())
}

fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> CoreError + 'a {
    move |source| CoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` and fsyncs it.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    let mut f = std::fs::File::create(path).map_err(io_err("write", path))?;
    f.write_all(bytes).map_err(io_err("write", path))?;
    f.sync_all().map_err(io_err("write", path))
}

/// Files written under temporary names, removed unless handed over.
struct Staged {
    dir: PathBuf,
    /// (temporary name, final name).
    files: Vec<(String, String)>,
    done: bool,
}

impl Staged {
    fn new(dir: &Path) -> Staged {
        Staged {
            dir: dir.to_path_buf(),
            files: Vec::new(),
            done: false,
        }
    }

    fn add(&mut self, file: &str, bytes: &[u8]) -> Result<(), CoreError> {
        let tmp = temp_name(file);
        // Recorded first, so that a failed write is cleaned up too.
        self.files.push((tmp.clone(), file.to_string()));
        write_synced(&self.dir.join(&tmp), bytes)
    }

    /// Renames every file to its final name and fsyncs the folder.
    fn commit(mut self) -> Result<(), CoreError> {
        for (tmp, file) in &self.files {
            let to = self.dir.join(file);
            std::fs::rename(self.dir.join(tmp), &to).map_err(io_err("rename", &to))?;
        }
        self.done = true;
        // The renames must reach the disk (POSIX: fsync the folder).
        #[cfg(unix)]
        std::fs::File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err("write", &self.dir))?;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        for (tmp, _) in &self.files {
            let _ = std::fs::remove_file(self.dir.join(tmp));
        }
    }
}

/// The hidden file an export holds locked in its output folder.
const LOCK: &str = ".disclose-export.lock";

/// One export's exclusive hold on its output folder: an advisory lock
/// (`flock` on Unix, `LockFileEx` on Windows) on a hidden file, which the
/// operating system releases when the process ends, however it ends. A
/// second export into the same folder is refused instead of clearing the
/// first one's temporary files and racing it for the final names. The file
/// is removed when the export ends (one a killed export left is taken over).
struct FolderLock {
    path: PathBuf,
    /// Held open: the lock lasts as long as the handle.
    _file: std::fs::File,
}

impl FolderLock {
    fn take(dir: &Path) -> Result<FolderLock, CoreError> {
        let path = dir.join(LOCK);
        // A few tries: the holder may remove the file between our open and
        // our lock, and then the lock we got is on a file nobody else sees.
        for _ in 0..4 {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io_err("create", &path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Err(folder_busy(dir)),
                Err(std::fs::TryLockError::Error(e)) => return Err(io_err("lock", &path)(e)),
            }
            if still_at(&file, &path) {
                return Ok(FolderLock { path, _file: file });
            }
        }
        Err(folder_busy(dir))
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked; the handle (and lock) goes after.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// True when `path` still names the file `file` is open on.
#[cfg(unix)]
fn still_at(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere there is no inode to compare: the name must still exist (a
/// holder removes it only while it holds the lock, so a name that exists
/// after our lock is the one a next export will open too).
#[cfg(not(unix))]
fn still_at(_file: &std::fs::File, path: &Path) -> bool {
    path.exists()
}

/// True when an export is still running in `dir`: its lock file is there
/// and locked. A missing folder or lock file, or a lock we can take, means
/// the export recorded `writing` there ended without recording its end
/// (the operating system released its lock when its process died). The
/// lock is taken only for the test and released at once. Whatever cannot
/// be checked (e.g. the file cannot be opened) counts as alive: the
/// history then says `writing`, as the store does, and never calls a live
/// export interrupted.
fn writer_alive(dir: &Path) -> bool {
    let path = dir.join(LOCK);
    // Read access is enough for the lock (flock; LockFileEx wants read or
    // write) and works in a folder we may not write to.
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return false,
        Err(_) => return true,
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        // Held (`WouldBlock`), or the lock could not be tried.
        Err(_) => true,
    }
}

fn folder_busy(dir: &Path) -> CoreError {
    CoreError::InvalidInput {
        field: "the output folder",
        problem: format!(
            "{} is in use: another export is writing into this folder; wait for it to \
             finish, or choose another folder",
            dir.display()
        ),
    }
}

/// Removes temporary files an earlier, killed export left in `dir`. Only
/// called with the folder's lock held ([`FolderLock`]): no live export
/// is writing them.
fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(PARTIAL) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// True when every file of `files` (`[{name, sha256}]`) is in `dir` under
/// its name with that SHA-256, i.e. the folder holds what was recorded.
fn folder_holds(dir: &Path, files: &serde_json::Value) -> bool {
    let Some(files) = files.as_array() else {
        return false;
    };
    files.iter().all(|f| {
        let (Some(name), Some(sha)) = (f["name"].as_str(), f["sha256"].as_str()) else {
            return false;
        };
        // A recorded name is a bare file name; anything else is not ours.
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return false;
        }
        std::fs::read(dir.join(name)).is_ok_and(|b| sha256_hex(&b) == sha)
    })
}

/// A finding's user-space quads as view quads of its page.
fn view_quads(quads: &[[f64; 8]], to_view: &disclose_pdf::Matrix) -> Vec<Quad> {
    quads
        .iter()
        .map(|q| {
            Quad([
                Point { x: q[0], y: q[1] },
                Point { x: q[2], y: q[3] },
                Point { x: q[4], y: q[5] },
                Point { x: q[6], y: q[7] },
            ])
            .transform(to_view)
        })
        .collect()
}

/// The Bates number of page `n` (1-based across the request).
fn bates(prefix: Option<&str>, n: u32) -> Option<String> {
    prefix.map(|p| format!("{p}-{n:06}"))
}

fn progress_of(document: &str, index: usize, documents: usize, stage: &str) -> ExportProgress {
    ExportProgress {
        document: document.to_string(),
        document_index: index,
        documents,
        stage: stage.to_string(),
    }
}

impl Workspace {
    /// The manual terms of a document and their occurrences in it.
    fn term_hits(
        &self,
        req: &RequestRow,
        d: &DocumentRow,
        doc: &Document,
    ) -> Result<(Vec<TermHit>, Vec<String>), CoreError> {
        let terms: Vec<disclose_store::ManualRedactionRow> = self
            .store
            .manual_redactions(req.id)?
            .into_iter()
            .filter(|m| m.document_id == d.id && matches!(m.target, ManualTarget::Term(_)))
            .collect();
        if terms.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let scan_terms: Vec<Term> = terms
            .iter()
            .filter_map(|m| match &m.target {
                ManualTarget::Term(t) => Some(Term {
                    term: t.clone(),
                    code: Some(m.code.clone()),
                }),
                ManualTarget::Area { .. } => None,
            })
            .collect();
        let ctx = ScanContext {
            rules: &self.rules,
            jurisdiction: &req.jurisdiction,
            record_type: d.record_type.as_deref(),
            name: &d.original_name,
            terms: &scan_terms,
            terms_only: true,
        };
        let never = AtomicBool::new(false);
        let found = scan_document(doc, &ctx, &mut |_, _| {}, &never)?
            .map(|s| s.findings)
            .unwrap_or_default();
        let mut hits = Vec::new();
        let mut warnings = Vec::new();
        for m in &terms {
            let ManualTarget::Term(t) = &m.target else {
                continue;
            };
            let key = term_key(t);
            let mine: Vec<_> = found
                .iter()
                .filter(|f| f.category == Category::Custom && f.value == key)
                .collect();
            if mine.is_empty() {
                warnings.push(format!(
                    "the term marked by hand (no. {}) was not found in {}: check the spelling",
                    m.id, d.original_name
                ));
            }
            for f in mine {
                hits.push(TermHit {
                    manual_id: m.id,
                    code: m.code.clone(),
                    clerk: m.clerk.clone(),
                    at: m.at.clone(),
                    page: f.page,
                    quads: f.quads.clone(),
                    value: f.value.clone(),
                });
            }
        }
        Ok((hits, warnings))
    }

    /// The log entries of the manual terms' occurrences.
    fn term_entries(
        &self,
        req: &RequestRow,
        d: &DocumentRow,
        first_page: u32,
        hits: &[TermHit],
    ) -> Result<Vec<LogEntry>, CoreError> {
        let pack = self.rules.get(&req.jurisdiction)?;
        let reviews: BTreeMap<ReviewTarget, (String, Option<String>)> = self
            .store
            .reviews(req.id)?
            .into_iter()
            .map(|r| (r.target, (r.state, r.comment)))
            .collect();
        let mut out = Vec::new();
        for h in hits {
            let (citation, explanation) =
                match pack.exempt_under(&h.code, Category::Custom, &d.original_name)? {
                    Proposal::Exempt {
                        citation,
                        explanation,
                        ..
                    } => (citation, explanation),
                    _ => (String::new(), String::new()),
                };
            let (review, review_comment) = reviews
                .get(&ReviewTarget::Manual(h.manual_id))
                .cloned()
                .unwrap_or_else(|| ("pending".into(), None));
            out.push(LogEntry {
                bates: bates(
                    req.bates_prefix.as_deref(),
                    first_page.saturating_add(h.page.saturating_sub(1)),
                ),
                document: d.original_name.clone(),
                page: h.page,
                code: h.code.clone(),
                citation,
                explanation,
                category: "term marked by the clerk".into(),
                decided_by: h.clerk.clone(),
                decided_at: h.at.clone(),
                finding_id: None,
                manual_id: Some(h.manual_id),
                review,
                review_comment,
            });
        }
        Ok(out)
    }

    /// The whole log of a request: [`Workspace::exemption_log`] plus one
    /// entry per occurrence of each term marked by hand (found in the kept
    /// copies now), in page order across the request.
    pub fn full_exemption_log(&self, number: &str) -> Result<ExemptionLog, CoreError> {
        let req = self.request_row(number)?;
        let mut log = self.exemption_log(number)?;
        let docs = self.store.documents(req.id)?;
        let manual = self.store.manual_redactions(req.id)?;
        let has_terms = manual
            .iter()
            .any(|m| matches!(m.target, ManualTarget::Term(_)));
        if !has_terms {
            return Ok(log);
        }
        let mut first = 1u32;
        for d in &docs {
            let path = self.store.dir().join(&d.stored_path);
            let doc = crate::import::read_file(&path).and_then(|b| open_pdf(&path, &b))?;
            let (hits, _) = self.term_hits(&req, d, &doc)?;
            log.entries
                .extend(self.term_entries(&req, d, first, &hits)?);
            first = first.saturating_add(d.pages);
        }
        let finding_doc = self
            .store
            .findings(req.id)?
            .iter()
            .map(|f| (f.id, f.document_id))
            .collect();
        let manual_doc = manual.iter().map(|m| (m.id, m.document_id)).collect();
        sort_and_total(&mut log, &docs, &finding_doc, &manual_doc);
        Ok(log)
    }

    /// Writes `<number>-exemption-log.{csv,json,pdf}` into `out_dir`
    /// (temporary file, fsync, rename) and returns their paths.
    pub fn write_log(
        &self,
        number: &str,
        out_dir: &Path,
        clerk: &str,
    ) -> Result<Vec<PathBuf>, CoreError> {
        let log = self.full_exemption_log(number)?;
        std::fs::create_dir_all(out_dir).map_err(io_err("create", out_dir))?;
        let mut paths = Vec::new();
        for (name, bytes) in log_files(&log, clerk)? {
            let path = out_dir.join(&name);
            crate::import::write_atomically(&path, &bytes)?;
            paths.push(path);
        }
        Ok(paths)
    }

    /// The exports of request `number`, newest first. A verified export's
    /// files are checked in its folder (present under their final names,
    /// with the recorded SHA-256), so that the status says what the folder
    /// holds: see [`ExportRecord::status`].
    pub fn exports(&self, number: &str) -> Result<Vec<ExportRecord>, CoreError> {
        let req = self.request_row(number)?;
        Ok(self
            .store
            .exports(req.id)?
            .into_iter()
            .map(|e| {
                let files = serde_json::from_str(&e.files).unwrap_or(serde_json::Value::Null);
                let verified = e.status == "verified";
                let status = if e.status == "writing" && !writer_alive(Path::new(&e.out_dir)) {
                    "interrupted".to_string()
                } else if !verified {
                    e.status
                } else if folder_holds(Path::new(&e.out_dir), &files) {
                    "verified".to_string()
                } else if e.delivered_at.is_none() {
                    "interrupted".to_string()
                } else {
                    "changed".to_string()
                };
                ExportRecord {
                    id: e.id,
                    out_dir: e.out_dir,
                    clerk: e.clerk,
                    started_at: e.started_at,
                    finished_at: e.finished_at,
                    status,
                    verified,
                    delivered_at: e.delivered_at,
                    files,
                }
            })
            .collect())
    }

    /// Exports request `number` into `out_dir` as `clerk`: every document
    /// redacted (the findings whose decision in force redacts, the manual
    /// areas, every occurrence of the terms marked by hand), Bates-stamped
    /// when the request has a prefix, verified, and the exemption log. See
    /// the module documentation for the file names and the crash safety.
    /// `progress` is called at each stage; setting `cancel` stops before
    /// the next document, and nothing is handed over. With the default
    /// [`ExportOptions`] (no sanitizing); see [`Workspace::export_with`].
    pub fn export(
        &mut self,
        number: &str,
        out_dir: &Path,
        clerk: &str,
        progress: &mut dyn FnMut(&ExportProgress),
        cancel: &AtomicBool,
    ) -> Result<ExportReport, CoreError> {
        self.export_with(
            number,
            out_dir,
            clerk,
            progress,
            cancel,
            &ExportOptions::default(),
        )
    }

    /// [`Workspace::export`] with `options` (e.g. sanitizing every
    /// document, [`ExportOptions::sanitize`]).
    pub fn export_with(
        &mut self,
        number: &str,
        out_dir: &Path,
        clerk: &str,
        progress: &mut dyn FnMut(&ExportProgress),
        cancel: &AtomicBool,
        options: &ExportOptions,
    ) -> Result<ExportReport, CoreError> {
        let req = self.request_row(number)?;
        let docs = self.store.documents(req.id)?;
        if docs.is_empty() {
            return Err(CoreError::NothingToExport(number.to_string()));
        }
        if let Some(d) = docs.iter().find(|d| d.scan_status != "scanned") {
            // A document whose scan failed cannot be read, so it cannot be
            // redacted either: say so rather than "scan it".
            if let Some(why) = d
                .scan_error
                .as_deref()
                .filter(|_| d.scan_status == "failed")
            {
                return Err(CoreError::RedactionFailed {
                    document: d.original_name.clone(),
                    reason: format!("it could not be scanned ({why})"),
                });
            }
            return Err(CoreError::NotScanned {
                document: d.original_name.clone(),
                request: number.to_string(),
            });
        }
        std::fs::create_dir_all(out_dir).map_err(io_err("create", out_dir))?;
        // Held until the export returns, after the renames.
        let _lock = FolderLock::take(out_dir)?;
        remove_stale_partials(out_dir);
        let out_dir_text = out_dir.display().to_string();
        let export_id = self.store.begin_export(req.id, &out_dir_text, clerk)?;
        match self.export_files(
            &req, &docs, out_dir, export_id, clerk, progress, cancel, options,
        ) {
            Ok(report) => Ok(report),
            Err(e) => {
                let verification =
                    serde_json::json!({ "error": e.to_string(), "sanitize": options.sanitize });
                // The error the clerk must see is `e`; a store failure here
                // leaves the export `writing`, which reads as interrupted.
                let _ = self.store.finish_export(
                    req.id,
                    export_id,
                    "[]",
                    &verification.to_string(),
                    false,
                    clerk,
                );
                Err(e)
            }
        }
    }

    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn export_files(
        &mut self,
        req: &RequestRow,
        docs: &[DocumentRow],
        out_dir: &Path,
        export_id: i64,
        clerk: &str,
        progress: &mut dyn FnMut(&ExportProgress),
        cancel: &AtomicBool,
        options: &ExportOptions,
    ) -> Result<ExportReport, CoreError> {
        let count = docs.len();
        let findings = self.findings(&req.number)?;
        let manual = self.store.manual_redactions(req.id)?;
        let mut log = self.exemption_log(&req.number)?;
        let mut staged = Staged::new(out_dir);
        let mut exported = Vec::new();
        let mut files_json = Vec::new();
        let mut checks = Vec::new();
        let mut used_names: HashMap<String, usize> = HashMap::new();
        let mut first = 1u32;
        for (i, d) in docs.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(CoreError::Cancelled);
            }
            progress(&progress_of(&d.original_name, i + 1, count, "redacting"));
            let path = self.store.dir().join(&d.stored_path);
            let bytes = crate::import::read_file(&path)?;
            if sha256_hex(&bytes) != d.sha256 {
                return Err(CoreError::Damaged {
                    path,
                    reason: "the kept copy no longer matches the imported file".into(),
                });
            }
            let doc = open_pdf(&path, &bytes)?;
            let (hits, term_warnings) = self.term_hits(req, d, &doc)?;
            log.entries.extend(self.term_entries(req, d, first, &hits)?);
            let plan = plan(d, &doc, &findings, &manual, &hits, term_warnings)?;
            let pages = doc.page_count();
            let last = first.saturating_add(pages.saturating_sub(1));
            let prefix = req.bates_prefix.as_deref();
            let stamps: Vec<String> = match prefix {
                Some(_) => (first..=last).filter_map(|n| bates(prefix, n)).collect(),
                None => Vec::new(),
            };
            let opts = RedactOptions {
                page_stamps: stamps,
                sanitize: options.sanitize,
                ..RedactOptions::default()
            };
            let redacted = disclose_pdf::redact(&doc, &plan.areas, &opts)
                .map_err(|e| redaction_failed(&d.original_name, e))?;
            drop(doc);
            progress(&progress_of(&d.original_name, i + 1, count, "verifying"));
            // The engine has verified the saved bytes; reopen them as a
            // reader would, and check that no page went missing.
            let reopened =
                Document::open(&redacted.bytes).map_err(|e| CoreError::RedactionFailed {
                    document: d.original_name.clone(),
                    reason: format!("the redacted file cannot be read back: {e}"),
                })?;
            if reopened.page_count() != pages {
                return Err(CoreError::RedactionFailed {
                    document: d.original_name.clone(),
                    reason: format!(
                        "the redacted file has {} pages instead of {pages}",
                        reopened.page_count()
                    ),
                });
            }
            drop(reopened);
            let base = match bates(prefix, first) {
                Some(b) => format!("{b}_{}-redacted", stem(&d.original_name)),
                None => format!("{}-redacted", stem(&d.original_name)),
            };
            let seen = used_names.entry(base.clone()).or_insert(0);
            *seen += 1;
            let file = if *seen == 1 {
                format!("{base}.pdf")
            } else {
                format!("{base}-{seen}.pdf")
            };
            staged.add(&file, &redacted.bytes)?;
            let sha = sha256_hex(&redacted.bytes);
            files_json.push(serde_json::json!({
                "name": file,
                "sha256": sha,
                "bytes": redacted.bytes.len(),
                "document_id": d.id,
                "sanitized": options.sanitize,
            }));
            checks.push(serde_json::json!({
                "document": d.original_name,
                "areas": plan.areas.len(),
                "values_verified": redacted.report.values_verified,
                "warnings": redacted.report.warnings,
            }));
            let mut removed = plan.removed;
            removed.extend(redacted.report.blanked.iter().map(|b| removed_words(b)));
            let images: usize = redacted.report.areas.iter().map(|a| a.images_blanked).sum();
            if images > 0 {
                removed.push(format!("{images} image(s) blanked under redaction areas"));
            }
            let mut warnings = plan.warnings;
            warnings.extend(redacted.report.warnings.iter().cloned());
            exported.push(ExportedDocument {
                document: d.original_name.clone(),
                file,
                sha256: sha,
                pages,
                areas: plan.areas.len(),
                removed,
                warnings,
                bates_first: bates(prefix, first),
                bates_last: bates(prefix, last),
            });
            first = last.saturating_add(1);
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(CoreError::Cancelled);
        }
        progress(&progress_of("", count, count, "writing_log"));
        let finding_doc = findings.iter().map(|f| (f.id, f.document_id)).collect();
        let manual_doc = manual.iter().map(|m| (m.id, m.document_id)).collect();
        sort_and_total(&mut log, docs, &finding_doc, &manual_doc);
        let mut log_paths = Vec::new();
        for (name, bytes) in log_files(&log, clerk)? {
            staged.add(&name, &bytes)?;
            files_json.push(serde_json::json!({
                "name": name,
                "sha256": sha256_hex(&bytes),
                "bytes": bytes.len(),
                "document_id": null,
            }));
            log_paths.push(out_dir.join(&name).display().to_string());
        }
        let verification = serde_json::json!({ "documents": checks, "sanitize": options.sanitize });
        // Recorded verified (with every hash) before the renames: a file
        // under a final name is always one the store vouches for.
        self.store.finish_export(
            req.id,
            export_id,
            &serde_json::Value::Array(files_json).to_string(),
            &verification.to_string(),
            true,
            clerk,
        )?;
        staged.commit()?;
        // Only now do the files carry their final names: a kill before this
        // line leaves a verified export without `delivered_at`, which the
        // history reports as interrupted unless the folder holds its files.
        self.store.deliver_export(req.id, export_id, clerk)?;
        progress(&progress_of("", count, count, "done"));
        Ok(ExportReport {
            export_id,
            out_dir: out_dir.display().to_string(),
            documents: exported,
            log_files: log_paths,
            verified: true,
            sanitized: options.sanitize,
        })
    }
}

/// One thing the engine blanked or stripped, in the clerk's words: what
/// sanitizing strips says so, anything else held a redacted value.
fn removed_words(blanked: &str) -> String {
    match blanked.strip_prefix("sanitize: ") {
        Some(what) => format!("{what} (stripped: sanitize)"),
        None => format!("{blanked} (it held a redacted value)"),
    }
}

/// The engine's refusal in the clerk's words: a value still found means
/// it is printed somewhere else too, which nobody marked.
fn redaction_failed(document: &str, e: disclose_pdf::Error) -> CoreError {
    let hint = match &e {
        disclose_pdf::Error::RedactionLeak { .. } => {
            " (the value is printed in another place that is not marked: mark that place too, \
             by hand or as a term, or release the value)"
        }
        _ => "",
    };
    CoreError::RedactionFailed {
        document: document.to_string(),
        reason: format!("{e}{hint}"),
    }
}

/// The redaction areas of one document.
fn plan(
    d: &DocumentRow,
    doc: &Document,
    findings: &[crate::FindingView],
    manual: &[disclose_store::ManualRedactionRow],
    hits: &[TermHit],
    mut warnings: Vec<String>,
) -> Result<Plan, CoreError> {
    let mut areas = Vec::new();
    let mut removed = Vec::new();
    let mut geometry: HashMap<u32, disclose_pdf::Matrix> = HashMap::new();
    let mut to_view = |page: u32| -> Result<disclose_pdf::Matrix, CoreError> {
        if let Some(m) = geometry.get(&page) {
            return Ok(*m);
        }
        let g = doc
            .page_geometry(page)
            .map_err(|e| CoreError::RedactionFailed {
                document: d.original_name.clone(),
                reason: e.to_string(),
            })?;
        geometry.insert(page, g.to_view);
        Ok(g.to_view)
    };
    let mut undecided = 0usize;
    for f in findings.iter().filter(|f| f.document_id == d.id) {
        let Some(dec) = &f.decision else {
            undecided += 1;
            continue;
        };
        if dec.action != "accept" && dec.action != "change_code" {
            continue;
        }
        let code = dec.code.clone().unwrap_or_default();
        areas.push(Area {
            page: f.page,
            quads: view_quads(&f.quads, &to_view(f.page)?),
            label: code.clone(),
            values_to_verify: vec![f.value.clone()],
        });
        removed.push(format!(
            "{} on page {} ({code})",
            f.category.label(),
            f.page
        ));
    }
    for m in manual.iter().filter(|m| m.document_id == d.id) {
        let ManualTarget::Area { page, rect } = m.target else {
            continue;
        };
        let r = Rect::new(rect[0], rect[1], rect[2], rect[3]);
        areas.push(Area {
            page,
            quads: vec![Quad::from_rect(&r, &to_view(page)?)],
            label: m.code.clone(),
            values_to_verify: Vec::new(),
        });
        removed.push(format!(
            "area marked by the clerk on page {page} ({})",
            m.code
        ));
    }
    for h in hits {
        areas.push(Area {
            page: h.page,
            quads: view_quads(&h.quads, &to_view(h.page)?),
            label: h.code.clone(),
            values_to_verify: vec![h.value.clone()],
        });
        removed.push(format!(
            "term marked by the clerk on page {} ({})",
            h.page, h.code
        ));
    }
    if undecided > 0 {
        warnings.push(format!(
            "{undecided} finding(s) in {} are still undecided and were released as printed: \
             decide them and export again if they must be withheld",
            d.original_name
        ));
    }
    Ok(Plan {
        areas,
        removed,
        warnings,
    })
}

/// Puts the entries in page order across the request, as the Bates
/// numbers run (documents in import order, then pages), and counts them per
/// code again. An entry's document is found through the finding or manual
/// redaction behind it (`finding_doc`, `manual_doc`: id to document id):
/// two documents may have the same name, never the same id. The sort is
/// stable, so within a page the order of `log.entries` stays.
fn sort_and_total(
    log: &mut ExemptionLog,
    docs: &[DocumentRow],
    finding_doc: &HashMap<i64, i64>,
    manual_doc: &HashMap<i64, i64>,
) {
    let position: HashMap<i64, usize> = docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_name.entry(d.original_name.as_str()).or_insert(i);
    }
    log.entries.sort_by_key(|e| {
        let doc = e
            .finding_id
            .and_then(|f| finding_doc.get(&f))
            .or_else(|| e.manual_id.and_then(|m| manual_doc.get(&m)))
            .and_then(|d| position.get(d))
            .or_else(|| by_name.get(e.document.as_str()));
        (doc.copied().unwrap_or(usize::MAX), e.page)
    });
    log.totals.clear();
    for e in &log.entries {
        *log.totals.entry(e.code.clone()).or_insert(0) += 1;
    }
}

/// The log's three files: (name, bytes).
fn log_files(log: &ExemptionLog, clerk: &str) -> Result<Vec<(String, Vec<u8>)>, CoreError> {
    let base = format!("{}-exemption-log", safe(&log.request));
    let json = serde_json::to_vec_pretty(log).map_err(|e| CoreError::Io {
        action: "write",
        path: PathBuf::from(format!("{base}.json")),
        source: std::io::Error::other(e),
    })?;
    let pdf = disclose_pdf::write_report(&log_report(log, clerk)).map_err(|e| CoreError::Io {
        action: "write",
        path: PathBuf::from(format!("{base}.pdf")),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(vec![
        (format!("{base}.csv"), log.to_csv().into_bytes()),
        (format!("{base}.json"), json),
        (format!("{base}.pdf"), pdf),
    ])
}

/// An RFC 3339 UTC time as `YYYY-MM-DD HH:MM UTC` (the log's full time
/// stays in the CSV and JSON).
fn short_time(t: &str) -> String {
    match (t.get(..10), t.get(11..16)) {
        (Some(d), Some(hm)) if t.ends_with('Z') => format!("{d} {hm} UTC"),
        _ => t.to_string(),
    }
}

/// Today's date, UTC, YYYY-MM-DD.
fn today() -> String {
    crate::format_date(time::OffsetDateTime::now_utc().date())
}

/// The exemption log as a report an attorney signs: header, the table,
/// totals per exemption, the jurisdiction's notice, the disclaimer and a
/// signature block. Holds no redacted value (the log has none).
pub(crate) fn log_report(log: &ExemptionLog, clerk: &str) -> ReportDocument {
    use disclose_pdf::ReportColumn;
    let col = |heading: &str, weight: f64| ReportColumn {
        heading: heading.to_string(),
        weight,
    };
    let header = vec![
        ("Request".to_string(), log.request.clone()),
        ("Jurisdiction".to_string(), log.jurisdiction.clone()),
        ("Requester".to_string(), log.requester.clone()),
        ("Received".to_string(), log.received.clone()),
        (
            "Response due".to_string(),
            log.due.clone().unwrap_or_else(|| "not set".into()),
        ),
        ("Prepared by (clerk)".to_string(), clerk.to_string()),
        ("Export date".to_string(), today()),
        ("Redactions".to_string(), log.entries.len().to_string()),
    ];
    let rows: Vec<Vec<String>> = log
        .entries
        .iter()
        .map(|e| {
            let review = match &e.review_comment {
                Some(c) => format!("{}: {c}", e.review),
                None => e.review.clone(),
            };
            vec![
                e.bates
                    .clone()
                    .unwrap_or_else(|| format!("page {}", e.page)),
                format!("{}, page {}", e.document, e.page),
                e.code.clone(),
                e.citation.clone(),
                e.explanation.clone(),
                e.category.clone(),
                format!("{} {}", e.decided_by, short_time(&e.decided_at)),
                review,
            ]
        })
        .collect();
    let mut blocks = vec![
        ReportBlock::Fields(header),
        ReportBlock::Heading("Redactions".into()),
    ];
    if rows.is_empty() {
        blocks.push(ReportBlock::Paragraph(
            "Nothing was withheld from the records released.".into(),
        ));
    } else {
        blocks.push(ReportBlock::Table {
            columns: vec![
                col("Bates / page", 1.6),
                col("Document", 1.4),
                col("Code", 1.15),
                col("Citation", 1.5),
                col("Explanation", 2.55),
                col("Category", 1.2),
                col("Decided by, when", 1.3),
                col("Attorney review", 0.9),
            ],
            rows,
        });
    }
    blocks.push(ReportBlock::Heading("Totals per exemption".into()));
    if log.totals.is_empty() {
        blocks.push(ReportBlock::Paragraph("None.".into()));
    } else {
        let citation = |code: &str| {
            log.entries
                .iter()
                .find(|e| e.code == code)
                .map(|e| e.citation.clone())
                .unwrap_or_default()
        };
        blocks.push(ReportBlock::Table {
            columns: vec![
                col("Code", 1.0),
                col("Citation", 4.0),
                col("Redactions", 1.0),
            ],
            rows: log
                .totals
                .iter()
                .map(|(code, n)| vec![code.clone(), citation(code), n.to_string()])
                .collect(),
        });
    }
    if !log.notice.trim().is_empty() {
        blocks.push(ReportBlock::Heading("Notice to the requester".into()));
        for p in log.notice.split("\n\n") {
            blocks.push(ReportBlock::Paragraph(p.trim().to_string()));
        }
    }
    if !log.disclaimer.trim().is_empty() {
        blocks.push(ReportBlock::Heading("Disclaimer".into()));
        blocks.push(ReportBlock::Paragraph(log.disclaimer.trim().to_string()));
    }
    blocks.push(ReportBlock::Heading("Attorney review".into()));
    blocks.push(ReportBlock::Signatures(vec![
        "Attorney name (print)".into(),
        "Signature".into(),
        "Date".into(),
    ]));
    ReportDocument {
        title: format!("Exemption log - request {}", log.request),
        footer: format!("Exemption log, request {}", log.request),
        blocks,
    }
}

/// What `disclose redact` does to one file.
#[derive(Debug, Clone, Default)]
pub struct RedactFileOptions {
    /// Jurisdiction pack id.
    pub jurisdiction: String,
    /// Terms whose every occurrence is redacted (custom category).
    pub terms: Vec<String>,
    /// The code for the terms (default: the pack's custom code).
    pub term_code: Option<String>,
    /// Run the detectors (false: only the terms are redacted).
    pub detect: bool,
    /// Also redact the findings proposed for review that suggest a code.
    pub accept_review: bool,
    /// Who is recorded as deciding in the log.
    pub decided_by: String,
    /// Also strip metadata, scripts, attachments, comments, the outline
    /// and the rest [`ExportOptions::sanitize`] lists.
    pub sanitize: bool,
}

/// What `disclose redact` did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RedactFileReport {
    /// The redacted file written.
    pub output: String,
    /// The log written.
    pub log: String,
    /// SHA-256 of the output.
    pub sha256: String,
    /// Page count.
    pub pages: u32,
    /// Redaction areas applied (one log row each).
    pub areas: usize,
    /// Values verified absent from the output.
    pub values_verified: usize,
    /// What was removed, in words.
    pub removed: Vec<String>,
    /// Findings left as printed: proposed not exempt, or for review.
    pub released: usize,
    /// What needs a human's attention.
    pub warnings: Vec<String>,
    /// Whether the output was sanitized ([`RedactFileOptions::sanitize`]).
    pub sanitized: bool,
}

fn now_rfc3339() -> String {
    let t = time::OffsetDateTime::now_utc();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Redacts one PDF without a store (`disclose redact`): every finding the
/// pack proposes as exempt (and, with `accept_review`, those for review
/// that suggest a code), every occurrence of each term; verifies the
/// output, writes it to `output` and the log as CSV to `log` (each through
/// a temporary file, fsync and rename). The input is only read.
pub fn redact_file(
    input: &Path,
    output: &Path,
    log_path: &Path,
    opts: &RedactFileOptions,
) -> Result<RedactFileReport, CoreError> {
    let rules = disclose_rules::Rules::builtin()?;
    let jurisdiction = opts.jurisdiction.trim().to_lowercase();
    crate::check_jurisdiction(&rules, &jurisdiction)?;
    let pack = rules.get(&jurisdiction)?;
    if let Some(c) = &opts.term_code
        && pack.code(c).is_none()
    {
        return Err(CoreError::UnknownCode {
            jurisdiction: jurisdiction.clone(),
            code: c.clone(),
        });
    }
    if !opts.detect && opts.terms.iter().all(|t| t.trim().is_empty()) {
        return Err(CoreError::InvalidInput {
            field: "--no-detect",
            problem: "leaves nothing to redact: give the text to redact with --term".into(),
        });
    }
    for (what, p) in [("the output", output), ("the log", log_path)] {
        if same_file(input, p) {
            return Err(CoreError::InvalidInput {
                field: what,
                problem: format!(
                    "{} is the input file: choose another name, the original is never overwritten",
                    p.display()
                ),
            });
        }
    }
    if output == log_path {
        return Err(CoreError::InvalidInput {
            field: "the log",
            problem: "has the same name as the output: choose another name".into(),
        });
    }
    // A bare file name is in the current folder (its parent is "").
    let here = |p: &Path| -> PathBuf {
        match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => p.to_path_buf(),
            _ => Path::new(".").join(p),
        }
    };
    let (output, log_path) = (&here(output), &here(log_path));
    let bytes = crate::import::read_file(input)?;
    let doc = open_pdf(input, &bytes)?;
    let name = crate::import::file_name(input);
    let terms: Vec<Term> = opts
        .terms
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| Term {
            term: t.trim().to_string(),
            code: opts.term_code.clone(),
        })
        .collect();
    let ctx = ScanContext {
        rules: &rules,
        jurisdiction: &jurisdiction,
        record_type: None,
        name: &name,
        terms: &terms,
        terms_only: !opts.detect,
    };
    let never = AtomicBool::new(false);
    let scanned = scan_document(&doc, &ctx, &mut |_, _| {}, &never)?.unwrap_or_default();
    let mut warnings: Vec<String> = scanned
        .unreliable_pages()
        .map(|p| {
            format!(
                "page {} ({}): {}: review it by eye",
                p.page,
                p.verdict,
                p.reasons.join("; ")
            )
        })
        .collect();
    for t in &terms {
        let key = term_key(&t.term);
        if !scanned
            .findings
            .iter()
            .any(|f| f.category == Category::Custom && f.value == key)
        {
            warnings.push(format!("the term '{}' was not found in {name}", t.term));
        }
    }
    let decided_at = now_rfc3339();
    let mut areas = Vec::new();
    let mut entries = Vec::new();
    let mut removed = Vec::new();
    let mut released = 0usize;
    for f in &scanned.findings {
        let (code, citation, explanation) = match &f.proposal {
            Proposal::Exempt {
                code,
                citation,
                explanation,
            } => (code.clone(), citation.clone(), explanation.clone()),
            Proposal::Review {
                code: Some(code), ..
            } if opts.accept_review => match pack.exempt_under(code, f.category, &name)? {
                Proposal::Exempt {
                    code,
                    citation,
                    explanation,
                } => (code, citation, explanation),
                _ => {
                    released += 1;
                    continue;
                }
            },
            _ => {
                released += 1;
                continue;
            }
        };
        let to_view = doc
            .page_geometry(f.page)
            .map_err(|e| CoreError::RedactionFailed {
                document: name.clone(),
                reason: e.to_string(),
            })?
            .to_view;
        areas.push(Area {
            page: f.page,
            quads: view_quads(&f.quads, &to_view),
            label: code.clone(),
            values_to_verify: vec![f.value.clone()],
        });
        removed.push(format!(
            "{} on page {} ({code})",
            f.category.label(),
            f.page
        ));
        entries.push(LogEntry {
            bates: None,
            document: name.clone(),
            page: f.page,
            code,
            citation,
            explanation,
            category: f.category.label().to_string(),
            decided_by: opts.decided_by.clone(),
            decided_at: decided_at.clone(),
            finding_id: None,
            manual_id: None,
            review: "pending".into(),
            review_comment: None,
        });
    }
    let redact_opts = RedactOptions {
        sanitize: opts.sanitize,
        ..RedactOptions::default()
    };
    let redacted =
        disclose_pdf::redact(&doc, &areas, &redact_opts).map_err(|e| redaction_failed(&name, e))?;
    let pages = doc.page_count();
    drop(doc);
    let reopened = Document::open(&redacted.bytes).map_err(|e| CoreError::RedactionFailed {
        document: name.clone(),
        reason: format!("the redacted file cannot be read back: {e}"),
    })?;
    if reopened.page_count() != pages {
        return Err(CoreError::RedactionFailed {
            document: name.clone(),
            reason: "the redacted file lost pages".into(),
        });
    }
    drop(reopened);
    let mut totals = BTreeMap::new();
    for e in &entries {
        *totals.entry(e.code.clone()).or_insert(0) += 1;
    }
    let log = ExemptionLog {
        request: name.clone(),
        requester: String::new(),
        jurisdiction: pack.name().to_string(),
        received: String::new(),
        due: None,
        entries,
        totals,
        notice: pack.notice().to_string(),
        disclaimer: pack.disclaimer().to_string(),
    };
    warnings.extend(redacted.report.warnings.iter().cloned());
    removed.extend(redacted.report.blanked.iter().map(|b| removed_words(b)));
    // The output first: a log never describes a file that is not there.
    crate::import::write_atomically(output, &redacted.bytes)?;
    crate::import::write_atomically(log_path, log.to_csv().as_bytes())?;
    Ok(RedactFileReport {
        output: output.display().to_string(),
        log: log_path.display().to_string(),
        sha256: sha256_hex(&redacted.bytes),
        pages,
        areas: areas.len(),
        values_verified: redacted.report.values_verified,
        removed,
        released,
        warnings,
        sanitized: opts.sanitize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_keep_the_stem() {
        assert_eq!(stem("Bill (May).PDF"), "Bill__May_");
        assert_eq!(stem("..pdf"), "pdf");
        assert_eq!(stem("notes"), "notes");
        assert_eq!(term_key(" Jane  O'Roe"), "jane o roe");
        assert!(temp_name("a.pdf").starts_with(".a.pdf."));
        assert!(temp_name("a.pdf").ends_with(PARTIAL));
    }

    fn bill() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/text/utility-bill-reportlab.pdf")
    }

    fn workspace(dir: &Path, prefix: Option<&str>) -> (Workspace, i64) {
        let mut ws = Workspace::open(&dir.join("data")).unwrap();
        ws.create_request(
            &crate::NewRequest {
                number: "P-1".into(),
                requester: "Zoë Ångström 日本".into(),
                jurisdiction: "wa".into(),
                received: crate::parse_date("2026-11-02").unwrap(),
                bates_prefix: prefix.map(str::to_string),
            },
            "ana",
        )
        .unwrap();
        let id = match ws.import("P-1", &bill(), "ana").unwrap() {
            crate::ImportOutcome::Imported(d) => d.id,
            other => panic!("{other:?}"),
        };
        let never = AtomicBool::new(false);
        ws.scan("P-1", "ana", &mut |_| {}, &never).unwrap();
        ws.decide(
            "P-1",
            &crate::DecideTarget::AllProposedExempt,
            &crate::Verdict::Accept { code: None },
            None,
            "ana",
        )
        .unwrap();
        (ws, id)
    }

    #[test]
    fn manual_terms_are_redacted_everywhere_and_logged_once_each() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut ws, doc) = workspace(tmp.path(), None);
        let code = "RCW 42.56.230(5)";
        ws.add_manual_redaction(
            "P-1",
            doc,
            &ManualTarget::Term("Holloway".into()),
            code,
            "ana",
        )
        .unwrap();
        ws.add_manual_redaction(
            "P-1",
            doc,
            &ManualTarget::Term("Nowhere Street".into()),
            code,
            "ana",
        )
        .unwrap();
        let out = tmp.path().join("out");
        let mut stages = Vec::new();
        let report = ws
            .export(
                "P-1",
                &out,
                "ana",
                &mut |p| stages.push(p.stage.clone()),
                &AtomicBool::new(false),
            )
            .unwrap();
        assert!(report.verified);
        assert_eq!(stages.first().map(String::as_str), Some("redacting"));
        assert_eq!(stages.last().map(String::as_str), Some("done"));
        assert!(
            stages.iter().any(|s| s == "verifying") && stages.iter().any(|s| s == "writing_log")
        );
        let d = &report.documents[0];
        assert_eq!(d.file, "utility-bill-reportlab-redacted.pdf");
        assert_eq!(d.bates_first, None);
        assert!(
            d.warnings.iter().any(|w| w.contains("not found")),
            "{:?}",
            d.warnings
        );
        let terms = d
            .removed
            .iter()
            .filter(|r| r.starts_with("term marked"))
            .count();
        assert!(terms >= 2, "{:?}", d.removed);
        // The redacted file holds no Holloway, in any case.
        let bytes = std::fs::read(out.join(&d.file)).unwrap();
        let doc = Document::open(&bytes).unwrap();
        for n in 1..=doc.page_count() {
            assert!(
                !doc.page_text(n)
                    .unwrap()
                    .text
                    .to_lowercase()
                    .contains("holloway")
            );
        }
        // One log row per occurrence, in the file and in full_exemption_log.
        let log = ws.full_exemption_log("P-1").unwrap();
        let rows = log
            .entries
            .iter()
            .filter(|e| e.category == "term marked by the clerk")
            .count();
        assert_eq!(rows, terms);
        assert_eq!(log.entries.len(), d.areas);
        assert_eq!(log.totals.values().sum::<usize>(), d.areas);
        let csv = std::fs::read_to_string(out.join("P-1-exemption-log.csv")).unwrap();
        assert_eq!(csv.lines().count(), d.areas + 1);
        // write_log writes the same three files anew.
        let again = tmp.path().join("again");
        let paths = ws.write_log("P-1", &again, "ana").unwrap();
        assert_eq!(paths.len(), 3);
        assert_eq!(std::fs::read_to_string(&paths[0]).unwrap(), csv);
        let pdf = Document::open(&std::fs::read(&paths[2]).unwrap()).unwrap();
        let text = pdf.page_text(1).unwrap().text;
        assert!(text.contains("Zoë Ångström ??"), "{text}");
    }

    #[test]
    fn a_cancelled_export_hands_nothing_over_and_is_recorded_failed() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut ws, _) = workspace(tmp.path(), Some("SEA-1"));
        let out = tmp.path().join("out");
        let cancel = AtomicBool::new(true);
        let err = ws
            .export("P-1", &out, "ana", &mut |_| {}, &cancel)
            .unwrap_err();
        assert!(matches!(err, CoreError::Cancelled), "{err}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
        let exports = ws.exports("P-1").unwrap();
        assert_eq!(exports[0].status, "failed");
        // And a real one afterwards is verified, with Bates names.
        let report = ws
            .export("P-1", &out, "ana", &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        let d = &report.documents[0];
        assert_eq!(d.file, "SEA-1-000001_utility-bill-reportlab-redacted.pdf");
        assert_eq!(d.bates_last.as_deref(), Some("SEA-1-000002"));
        assert_eq!(ws.exports("P-1").unwrap()[0].status, "verified");
        assert!(ws.verify_audit("P-1").unwrap().first_break.is_none());
    }

    #[test]
    fn a_verified_export_whose_files_are_not_in_place_is_not_reported_verified() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut ws, _) = workspace(tmp.path(), None);
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        // The state a kill leaves between the verification and the
        // renames: recorded verified with the hashes, files temp-named.
        let req = ws.request_row("P-1").unwrap();
        let id = ws
            .store
            .begin_export(req.id, &out.display().to_string(), "ana")
            .unwrap();
        std::fs::write(out.join(temp_name("a-redacted.pdf")), b"pdf").unwrap();
        let files = serde_json::json!([{
            "name": "a-redacted.pdf",
            "sha256": sha256_hex(b"pdf"),
            "bytes": 3,
            "document_id": 1,
        }]);
        ws.store
            .finish_export(req.id, id, &files.to_string(), "{}", true, "ana")
            .unwrap();
        let e = &ws.exports("P-1").unwrap()[0];
        assert_eq!((e.status.as_str(), e.verified), ("interrupted", true));
        assert_eq!(e.delivered_at, None);
        // Renamed after all (killed after the renames, before the mark):
        // the folder holds the verified files, so it is verified.
        std::fs::rename(
            out.join(temp_name("a-redacted.pdf")),
            out.join("a-redacted.pdf"),
        )
        .unwrap();
        assert_eq!(ws.exports("P-1").unwrap()[0].status, "verified");

        // A whole export is delivered; a file edited afterwards shows.
        let report = ws
            .export("P-1", &out, "ana", &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        let e = &ws.exports("P-1").unwrap()[0];
        assert_eq!((e.id, e.status.as_str()), (report.export_id, "verified"));
        assert!(e.delivered_at.is_some());
        std::fs::write(out.join(&report.documents[0].file), b"edited").unwrap();
        assert_eq!(ws.exports("P-1").unwrap()[0].status, "changed");
        assert!(ws.verify_audit("P-1").unwrap().first_break.is_none());
    }

    #[test]
    fn a_writing_export_whose_process_is_gone_lists_as_interrupted() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut ws, _) = workspace(tmp.path(), None);
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let req = ws.request_row("P-1").unwrap();
        ws.store
            .begin_export(req.id, &out.display().to_string(), "ana")
            .unwrap();
        let status = |ws: &Workspace| ws.exports("P-1").unwrap()[0].status.clone();
        // The export is running: its lock is held.
        let live = FolderLock::take(&out).unwrap();
        assert_eq!(status(&ws), "writing");
        // Looking did not take the lock from it.
        assert!(writer_alive(&out));
        drop(live);
        // Killed: no lock file at all.
        assert_eq!(status(&ws), "interrupted");
        // Killed, leaving its lock file, now unlocked; looking leaves it
        // free for the next export.
        std::fs::write(out.join(LOCK), b"").unwrap();
        assert_eq!(status(&ws), "interrupted");
        drop(FolderLock::take(&out).unwrap());
        // Its folder is gone.
        std::fs::remove_dir_all(&out).unwrap();
        let e = &ws.exports("P-1").unwrap()[0];
        assert_eq!((e.status.as_str(), e.verified), ("interrupted", false));
    }

    #[test]
    fn a_second_export_into_a_folder_in_use_is_refused_and_leaves_its_files() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut ws, _) = workspace(tmp.path(), None);
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        // Another export is writing here: it holds the folder and has a
        // temporary file under way.
        let other = FolderLock::take(&out).unwrap();
        let theirs = out.join(".x-redacted.pdf.4242.disclose-partial");
        std::fs::write(&theirs, b"half").unwrap();
        let err = ws
            .export("P-1", &out, "ana", &mut |_| {}, &AtomicBool::new(false))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("another export is writing into this folder"),
            "{err}"
        );
        assert!(theirs.exists());
        // Once it is gone (killed: its partial is stale), an export runs,
        // clears the partial, and leaves no lock file behind.
        drop(other);
        ws.export("P-1", &out, "ana", &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        let hidden: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "{hidden:?}");
        // A lock file a killed export left (not locked) is taken over.
        std::fs::write(out.join(LOCK), b"").unwrap();
        ws.export("P-1", &out, "ana", &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        assert!(!out.join(LOCK).exists());
    }

    #[test]
    fn a_staged_file_is_removed_unless_committed() {
        let tmp = tempfile::tempdir().unwrap();
        {
            let mut s = Staged::new(tmp.path());
            s.add("x.pdf", b"data").unwrap();
        }
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
        let mut s = Staged::new(tmp.path());
        s.add("x.pdf", b"data").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(tmp.path().join("x.pdf")).unwrap(), b"data");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
