//! The record of exports. The export step (with the redaction engine)
//! writes each file to a temporary name, verifies it and renames it; the
//! store records the export as `writing` first and as `verified` or
//! `failed` at the end, with every file's SHA-256. An export still
//! `writing` after its process ended was interrupted and must not be
//! handed over.

use rusqlite::{Row, TransactionBehavior, params};

use crate::{Store, StoreError};

/// An export as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    /// Database id.
    pub id: i64,
    /// The request.
    pub request_id: i64,
    /// The folder written to.
    pub out_dir: String,
    /// Who exported.
    pub clerk: String,
    /// When it started, RFC 3339 UTC.
    pub started_at: String,
    /// When it ended, if it did.
    pub finished_at: Option<String>,
    /// `writing`, `verified` or `failed`.
    pub status: String,
    /// JSON array of the files written: `[{name, sha256, bytes, document_id}]`.
    pub files: String,
    /// JSON of what the verifier checked and found, once finished.
    pub verification: Option<String>,
}

fn export_row(r: &Row<'_>) -> rusqlite::Result<ExportRow> {
    Ok(ExportRow {
        id: r.get(0)?,
        request_id: r.get(1)?,
        out_dir: r.get(2)?,
        clerk: r.get(3)?,
        started_at: r.get(4)?,
        finished_at: r.get(5)?,
        status: r.get(6)?,
        files: r.get(7)?,
        verification: r.get(8)?,
    })
}

impl Store {
    /// Records that an export of `request_id` into `out_dir` starts.
    pub fn begin_export(
        &mut self,
        request_id: i64,
        out_dir: &str,
        clerk: &str,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO exports (request_id, out_dir, clerk, started_at) VALUES (?1, ?2, ?3, ?4)",
            params![request_id, out_dir, clerk, crate::now()],
        )?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({ "export": id, "out_dir": out_dir });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "export.begin",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Records the end of an export: the files written (JSON), the
    /// verifier's findings (JSON) and whether it passed. An export can be
    /// finished once.
    pub fn finish_export(
        &mut self,
        request_id: i64,
        export_id: i64,
        files: &str,
        verification: &str,
        verified: bool,
        clerk: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let status = if verified { "verified" } else { "failed" };
        let n = tx.execute(
            "UPDATE exports SET status = ?1, files = ?2, verification = ?3, finished_at = ?4
             WHERE id = ?5 AND request_id = ?6 AND status = 'writing'",
            params![
                status,
                files,
                verification,
                crate::now(),
                export_id,
                request_id
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchExport(export_id));
        }
        // The file list with hashes goes into the chain: a later swap of an
        // exported file is provable.
        let files_value: serde_json::Value = serde_json::from_str(files)
            .map_err(|e| StoreError::Corrupt(format!("export files are not JSON: {e}")))?;
        let detail =
            serde_json::json!({ "export": export_id, "status": status, "files": files_value });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "export.finish",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The exports of a request, newest first.
    pub fn exports(&self, request_id: i64) -> Result<Vec<ExportRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, request_id, out_dir, clerk, started_at, finished_at, status, files,
                    verification
             FROM exports WHERE request_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([request_id], export_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
