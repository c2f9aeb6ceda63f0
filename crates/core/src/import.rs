//! Importing a PDF into a request: checked, hashed, copied into the
//! request's folder safely (temporary file, fsync, rename), recorded once.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{CoreError, Workspace};

/// A document of a request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocumentSummary {
    /// Database id.
    pub id: i64,
    /// The original's file name.
    pub name: String,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// Page count.
    pub pages: u32,
    /// Size in bytes.
    pub bytes: u64,
    /// When it was imported.
    pub imported_at: String,
    /// `pending`, `scanned` or `failed`.
    pub scan_status: String,
    /// Why the scan failed, when it did.
    pub scan_error: Option<String>,
}

impl From<disclose_store::DocumentRow> for DocumentSummary {
    fn from(d: disclose_store::DocumentRow) -> Self {
        DocumentSummary {
            id: d.id,
            name: d.original_name,
            sha256: d.sha256,
            pages: d.pages,
            bytes: d.bytes,
            imported_at: d.imported_at,
            scan_status: d.scan_status,
            scan_error: d.scan_error,
        }
    }
}

/// What importing one file did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportOutcome {
    /// The file is now part of the request.
    Imported(DocumentSummary),
    /// The same bytes are already in the request; nothing was added.
    Duplicate {
        /// The file given.
        name: String,
        /// The name the identical file was imported under.
        existing: String,
    },
}

pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, CoreError> {
    match std::fs::read(path) {
        Ok(b) => Ok(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(CoreError::FileMissing(path.to_path_buf()))
        }
        Err(source) => Err(CoreError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        }),
    }
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `name` in characters safe in a file name on every platform: letters,
/// digits, `.`, `-`, `_`; anything else becomes `_`; at most 80 characters.
pub(crate) fn portable_chars(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect()
}

/// A kept copy's file name: [`portable_chars`], never hidden.
fn safe_name(name: &str) -> String {
    let s = portable_chars(name).trim_start_matches('.').to_string();
    if s.is_empty() {
        "document.pdf".into()
    } else {
        s
    }
}

/// Writes `bytes` to `dest` so that a crash leaves either no file or the
/// whole file: a temporary file beside it, fsync, rename, fsync the folder.
pub(crate) fn write_atomically(dest: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    let io = |source| CoreError::Io {
        action: "write",
        path: dest.to_path_buf(),
        source,
    };
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        dest.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, dest)?;
        // The rename itself must reach the disk (POSIX: fsync the folder).
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

impl Workspace {
    /// Imports one PDF into request `number`, as done by `clerk`. The
    /// original is only read; a copy is kept in the request's folder. The
    /// same bytes twice are reported as [`ImportOutcome::Duplicate`].
    /// Not a PDF, password-protected, cut short, damaged or missing files
    /// are refused with an error naming the file and what to do.
    pub fn import(
        &mut self,
        number: &str,
        path: &Path,
        clerk: &str,
    ) -> Result<ImportOutcome, CoreError> {
        let req = self.request_row(number)?;
        let bytes = read_file(path)?;
        let name = file_name(path);
        let sha = sha256_hex(&bytes);
        if let Some(existing) = self.store.document_by_hash(req.id, &sha)? {
            return Ok(ImportOutcome::Duplicate {
                name,
                existing: existing.original_name,
            });
        }
        let doc = crate::scan::open_pdf(path, &bytes)?;
        let sha_prefix = sha.get(..16).unwrap_or(&sha);
        let rel: PathBuf = ["requests", &req.id.to_string(), "documents"]
            .iter()
            .collect::<PathBuf>()
            .join(format!("{sha_prefix}-{}", safe_name(&name)));
        write_atomically(&self.store.dir().join(&rel), &bytes)?;
        let new = disclose_store::NewDocument {
            request_id: req.id,
            original_name: name.clone(),
            stored_path: rel.to_string_lossy().into_owned(),
            sha256: sha.clone(),
            pages: doc.page_count(),
            bytes: bytes.len() as u64,
            record_type: None,
        };
        match self.store.insert_document(&new, clerk) {
            Ok(_) => {}
            // Another process imported the same bytes in the meantime.
            Err(disclose_store::StoreError::DuplicateDocument { existing }) => {
                return Ok(ImportOutcome::Duplicate { name, existing });
            }
            Err(e) => return Err(e.into()),
        }
        let row = self
            .store
            .document_by_hash(req.id, &sha)?
            .ok_or_else(|| CoreError::UnknownRequest(number.to_string()))?;
        Ok(ImportOutcome::Imported(row.into()))
    }

    /// Sets the record type (a pack record type id such as `employee`) of a
    /// document not scanned yet, or clears it with `None`. It changes what
    /// the pack proposes for the document's findings.
    pub fn set_record_type(
        &mut self,
        number: &str,
        document_id: i64,
        record_type: Option<&str>,
        clerk: &str,
    ) -> Result<(), CoreError> {
        let req = self.request_row(number)?;
        if let Some(rt) = record_type {
            let pack = self.rules.get(&req.jurisdiction)?;
            if !pack.record_types().iter().any(|t| t.id == rt) {
                return Err(CoreError::InvalidInput {
                    field: "the record type",
                    problem: format!(
                        "'{rt}' is not one of the {} pack's: use one of {}",
                        req.jurisdiction,
                        pack.record_types()
                            .into_iter()
                            .map(|t| t.id)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
        }
        Ok(self
            .store
            .set_record_type(req.id, document_id, record_type, clerk)?)
    }

    /// The documents of request `number`, in import order.
    pub fn documents(&self, number: &str) -> Result<Vec<DocumentSummary>, CoreError> {
        let req = self.request_row(number)?;
        Ok(self
            .store
            .documents(req.id)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The document with id `document_id`, whichever request holds it, and
    /// where its kept copy lies (the desktop viewer asks by id alone).
    pub(crate) fn document_file(&self, document_id: i64) -> Result<DocumentFile, CoreError> {
        for req in self.store.list_requests()? {
            if let Some(d) = self
                .store
                .documents(req.id)?
                .into_iter()
                .find(|d| d.id == document_id)
            {
                return Ok(DocumentFile {
                    request: req.number,
                    path: self.store.dir().join(&d.stored_path),
                    summary: d.into(),
                });
            }
        }
        Err(CoreError::Store(
            disclose_store::StoreError::NoSuchDocument(document_id),
        ))
    }

    /// The kept copy's bytes, checked against the hash recorded at import
    /// so that the viewer never shows a file that changed on disk.
    pub fn document_bytes(&self, document_id: i64) -> Result<Vec<u8>, CoreError> {
        let doc = self.document_file(document_id)?;
        let bytes = read_file(&doc.path)?;
        if sha256_hex(&bytes) != doc.summary.sha256 {
            return Err(CoreError::Damaged {
                path: doc.path,
                reason: "the kept copy no longer matches the imported file".into(),
            });
        }
        Ok(bytes)
    }

    /// Every page of a document with its text reliability: `ok`,
    /// `degraded` or `unreadable` once scanned, `not_scanned` before.
    pub fn document_pages(&self, document_id: i64) -> Result<Vec<crate::PageNote>, CoreError> {
        let doc = self.document_file(document_id)?;
        let req = self.request_row(&doc.request)?;
        let scanned = doc.summary.scan_status == "scanned";
        let mut notes: std::collections::HashMap<u32, disclose_store::PageRow> = self
            .store
            .unreliable_pages(req.id)?
            .into_iter()
            .filter(|p| p.document_id == document_id)
            .map(|p| (p.page, p))
            .collect();
        (1..=doc.summary.pages)
            .map(|page| {
                let (verdict, reasons) = match notes.remove(&page) {
                    Some(p) => (
                        p.verdict,
                        serde_json::from_str(&p.reasons).map_err(|e| {
                            CoreError::Store(disclose_store::StoreError::Corrupt(format!(
                                "page reasons: {e}"
                            )))
                        })?,
                    ),
                    None if scanned => ("ok".to_string(), Vec::new()),
                    None => (
                        "not_scanned".to_string(),
                        vec!["the document has not been scanned yet".to_string()],
                    ),
                };
                Ok(crate::PageNote {
                    document: doc.summary.name.clone(),
                    page,
                    verdict,
                    reasons,
                })
            })
            .collect()
    }
}

/// A document found by its id alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocumentFile {
    /// The number of the request that holds it.
    pub request: String,
    /// The document.
    pub summary: DocumentSummary,
    /// The kept copy, inside the data folder.
    pub path: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_found_by_id_with_its_bytes_and_pages() {
        let tmp = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(&tmp.path().join("data")).unwrap();
        ws.create_request(
            &crate::NewRequest {
                number: "P-1".into(),
                requester: "Pat".into(),
                jurisdiction: "wa".into(),
                received: crate::parse_date("2026-11-02").unwrap(),
                bates_prefix: None,
            },
            "ana",
        )
        .unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/text/utility-bill-reportlab.pdf");
        let ImportOutcome::Imported(doc) = ws.import("P-1", &fixture, "ana").unwrap() else {
            panic!("imported");
        };
        assert_eq!(
            ws.document_bytes(doc.id).unwrap(),
            std::fs::read(&fixture).unwrap()
        );
        let pages = ws.document_pages(doc.id).unwrap();
        assert_eq!(pages.len(), doc.pages as usize);
        assert!(pages.iter().all(|p| p.verdict == "not_scanned"));
        let never = std::sync::atomic::AtomicBool::new(false);
        ws.scan("P-1", "ana", &mut |_| {}, &never).unwrap();
        let pages = ws.document_pages(doc.id).unwrap();
        assert!(pages.iter().all(|p| p.verdict == "ok"), "{pages:?}");
        assert!(matches!(
            ws.document_bytes(doc.id + 100),
            Err(CoreError::Store(
                disclose_store::StoreError::NoSuchDocument(_)
            ))
        ));
        // A kept copy changed on disk is refused, not shown.
        let kept = ws.document_file(doc.id).unwrap().path;
        std::fs::write(&kept, b"%PDF-1.7 changed").unwrap();
        assert!(matches!(
            ws.document_bytes(doc.id),
            Err(CoreError::Damaged { .. })
        ));
        let codes = ws.exemption_codes("P-1").unwrap();
        assert!(!codes.is_empty());
    }

    #[test]
    fn safe_names_keep_only_portable_characters() {
        assert_eq!(
            safe_name("Invoice 12 (final).pdf"),
            "Invoice_12__final_.pdf"
        );
        assert_eq!(safe_name("..\\..\\etc"), "_.._etc");
        assert_eq!(safe_name(""), "document.pdf");
    }

    #[test]
    fn atomic_writes_leave_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("a").join("b.pdf");
        write_atomically(&dest, b"%PDF-1.7").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"%PDF-1.7");
        let names: Vec<_> = std::fs::read_dir(dest.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }
}
