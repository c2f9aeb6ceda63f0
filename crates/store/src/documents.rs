//! Documents of a request, their pages' reliability, and the recording of a
//! document's scan (pages and findings in one transaction).

use rusqlite::{ErrorCode, OptionalExtension, Row, TransactionBehavior, params};

use crate::findings::NewFinding;
use crate::{Store, StoreError};

/// A document as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    /// Database id.
    pub id: i64,
    /// The request it belongs to.
    pub request_id: i64,
    /// The original's file name.
    pub original_name: String,
    /// The kept copy, relative to the data folder.
    pub stored_path: String,
    /// SHA-256 of the original's bytes, lowercase hex.
    pub sha256: String,
    /// Page count.
    pub pages: u32,
    /// Size in bytes.
    pub bytes: u64,
    /// When it was imported, RFC 3339 UTC.
    pub imported_at: String,
    /// The pack record type set on it, if any.
    pub record_type: Option<String>,
    /// `pending`, `scanned` or `failed`.
    pub scan_status: String,
    /// Why the scan failed, when it did.
    pub scan_error: Option<String>,
}

/// What it takes to record an imported document.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// The request.
    pub request_id: i64,
    /// The original's file name.
    pub original_name: String,
    /// The kept copy, relative to the data folder.
    pub stored_path: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// Page count.
    pub pages: u32,
    /// Size in bytes.
    pub bytes: u64,
    /// Record type, if any.
    pub record_type: Option<String>,
}

/// One page's reliability verdict, as the scan found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRow {
    /// The document.
    pub document_id: i64,
    /// 1-based page number.
    pub page: u32,
    /// `ok`, `degraded` or `unreadable`.
    pub verdict: String,
    /// The reasons, as a JSON array of strings.
    pub reasons: String,
}

const DOC_COLUMNS: &str = "id, request_id, original_name, stored_path, sha256, pages, bytes, \
     imported_at, record_type, scan_status, scan_error";

fn doc_row(r: &Row<'_>) -> rusqlite::Result<DocumentRow> {
    Ok(DocumentRow {
        id: r.get(0)?,
        request_id: r.get(1)?,
        original_name: r.get(2)?,
        stored_path: r.get(3)?,
        sha256: r.get(4)?,
        pages: r.get(5)?,
        bytes: u64::try_from(r.get::<_, i64>(6)?).unwrap_or(0),
        imported_at: r.get(7)?,
        record_type: r.get(8)?,
        scan_status: r.get(9)?,
        scan_error: r.get(10)?,
    })
}

impl Store {
    /// Records an imported document (its copy already safely on disk) and
    /// audits it. The same bytes twice in one request is
    /// [`StoreError::DuplicateDocument`].
    pub fn insert_document(&mut self, new: &NewDocument, clerk: &str) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let res = tx.execute(
            "INSERT INTO documents (request_id, original_name, stored_path, sha256, pages, bytes,
                                    imported_at, record_type)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                new.request_id,
                new.original_name,
                new.stored_path,
                new.sha256,
                new.pages,
                i64::try_from(new.bytes).unwrap_or(i64::MAX),
                crate::now(),
                new.record_type
            ],
        );
        let id = match res {
            Ok(_) => tx.last_insert_rowid(),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                let existing: String = tx.query_row(
                    "SELECT original_name FROM documents WHERE request_id = ?1 AND sha256 = ?2",
                    params![new.request_id, new.sha256],
                    |r| r.get(0),
                )?;
                return Err(StoreError::DuplicateDocument { existing });
            }
            Err(e) => return Err(e.into()),
        };
        let detail = serde_json::json!({
            "document": id,
            "name": new.original_name,
            "sha256": new.sha256,
            "pages": new.pages,
            "bytes": new.bytes,
        });
        crate::audit::append(
            &tx,
            Some(new.request_id),
            clerk,
            "document.import",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The document of `request_id` with these bytes' hash, if imported.
    pub fn document_by_hash(
        &self,
        request_id: i64,
        sha256: &str,
    ) -> Result<Option<DocumentRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {DOC_COLUMNS} FROM documents WHERE request_id = ?1 AND sha256 = ?2"
                ),
                params![request_id, sha256],
                doc_row,
            )
            .optional()?)
    }

    /// The documents of a request, in import order.
    pub fn documents(&self, request_id: i64) -> Result<Vec<DocumentRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE request_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([request_id], doc_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a finished scan of one document in one transaction: its
    /// pages' verdicts, its findings, its status `scanned`, and an audit
    /// entry. A crash before the commit leaves the document `pending` with
    /// no findings, ready to scan again.
    pub fn record_scan(
        &mut self,
        request_id: i64,
        document_id: i64,
        pages: &[PageRow],
        findings: &[NewFinding],
        clerk: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let status = scan_status(&tx, request_id, document_id)?;
        match status.as_deref() {
            None => return Err(StoreError::NoSuchDocument(document_id)),
            Some("scanned") => return Err(StoreError::AlreadyScanned(document_id)),
            Some(_) => {}
        }
        {
            let mut page_stmt = tx.prepare(
                "INSERT OR REPLACE INTO pages (document_id, page, verdict, reasons)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for p in pages {
                page_stmt.execute(params![document_id, p.page, p.verdict, p.reasons])?;
            }
            insert_findings(&tx, document_id, findings)?;
        }
        tx.execute(
            "UPDATE documents SET scan_status = 'scanned', scan_error = NULL WHERE id = ?1",
            [document_id],
        )?;
        let unreliable = pages.iter().filter(|p| p.verdict != "ok").count();
        let detail = serde_json::json!({
            "document": document_id,
            "pages": pages.len(),
            "findings": findings.len(),
            "pages_to_review": unreliable,
        });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "document.scan",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Adds findings to a document already scanned (a custom term added
    /// after the scan), in one transaction with an audit entry.
    pub fn add_findings(
        &mut self,
        request_id: i64,
        document_id: i64,
        findings: &[NewFinding],
        clerk: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let status = scan_status(&tx, request_id, document_id)?;
        if status.as_deref() != Some("scanned") {
            return Err(StoreError::NoSuchDocument(document_id));
        }
        insert_findings(&tx, document_id, findings)?;
        let detail = serde_json::json!({ "document": document_id, "findings": findings.len() });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "document.add_findings",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that a document could not be scanned, and why.
    pub fn record_scan_failure(
        &mut self,
        request_id: i64,
        document_id: i64,
        error: &str,
        clerk: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE documents SET scan_status = 'failed', scan_error = ?1
             WHERE id = ?2 AND request_id = ?3 AND scan_status != 'scanned'",
            params![error, document_id, request_id],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchDocument(document_id));
        }
        let detail = serde_json::json!({ "document": document_id, "error": error });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "document.scan_failed",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Sets (or clears) the record type of a document not scanned yet (the
    /// record type changes the proposals, so it must be set before the scan).
    pub fn set_record_type(
        &mut self,
        request_id: i64,
        document_id: i64,
        record_type: Option<&str>,
        clerk: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let status = scan_status(&tx, request_id, document_id)?;
        match status.as_deref() {
            None => return Err(StoreError::NoSuchDocument(document_id)),
            Some("scanned") => return Err(StoreError::AlreadyScanned(document_id)),
            Some(_) => {}
        }
        tx.execute(
            "UPDATE documents SET record_type = ?1 WHERE id = ?2",
            params![record_type, document_id],
        )?;
        let detail = serde_json::json!({ "document": document_id, "record_type": record_type });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "document.record_type",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The pages of a request's documents whose text is not fully reliable.
    pub fn unreliable_pages(&self, request_id: i64) -> Result<Vec<PageRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT p.document_id, p.page, p.verdict, p.reasons FROM pages p
             JOIN documents d ON d.id = p.document_id
             WHERE d.request_id = ?1 AND p.verdict != 'ok' ORDER BY p.document_id, p.page",
        )?;
        let rows = stmt.query_map([request_id], |r| {
            Ok(PageRow {
                document_id: r.get(0)?,
                page: r.get(1)?,
                verdict: r.get(2)?,
                reasons: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Inserts a document's findings inside the caller's transaction (the
/// scan's, or a later custom term's), so they commit with its audit entry.
fn insert_findings(
    tx: &rusqlite::Transaction<'_>,
    document_id: i64,
    findings: &[NewFinding],
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare(
        "INSERT INTO findings (document_id, page, category, detector, quads, text, value,
                               confidence, proposal)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for f in findings {
        stmt.execute(params![
            document_id,
            f.page,
            f.category,
            f.detector,
            f.quads,
            f.text,
            f.value,
            f.confidence,
            f.proposal
        ])?;
    }
    Ok(())
}

/// A document's scan status, None when the request has no such document.
fn scan_status(
    tx: &rusqlite::Transaction<'_>,
    request_id: i64,
    document_id: i64,
) -> Result<Option<String>, StoreError> {
    Ok(tx
        .query_row(
            "SELECT scan_status FROM documents WHERE id = ?1 AND request_id = ?2",
            params![document_id, request_id],
            |r| r.get(0),
        )
        .optional()?)
}
