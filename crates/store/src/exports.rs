//! The record of exports. The export step (with the redaction engine)
//! writes each file to a temporary name, verifies it and renames it; the
//! store records the export as `writing` first and as `verified` or
//! `failed` at the end, with every file's SHA-256. An export still
//! `writing` after its process ended was interrupted and must not be
//! handed over. Once the verified files carry their final names the export
//! is marked delivered (`delivered_at`); a verified export without it was
//! killed between the verification and the renames.

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
    /// When the verified files were renamed to their final names.
    pub delivered_at: Option<String>,
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
        delivered_at: r.get(9)?,
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

    /// Records that a verified export's files now carry their final names
    /// (after the renames and the folder's fsync). Only a verified export
    /// can be delivered, once.
    pub fn deliver_export(
        &mut self,
        request_id: i64,
        export_id: i64,
        clerk: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE exports SET delivered_at = ?1
             WHERE id = ?2 AND request_id = ?3 AND status = 'verified' AND delivered_at IS NULL",
            params![crate::now(), export_id, request_id],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchExport(export_id));
        }
        let detail = serde_json::json!({ "export": export_id });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "export.delivered",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The exports of a request, newest first.
    pub fn exports(&self, request_id: i64) -> Result<Vec<ExportRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, request_id, out_dir, clerk, started_at, finished_at, status, files,
                    verification, delivered_at
             FROM exports WHERE request_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([request_id], export_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::{NewRequest, Store, StoreError};

    #[test]
    fn only_a_verified_export_is_delivered_and_once() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = Store::open(tmp.path()).unwrap();
        let r = s
            .create_request(
                &NewRequest {
                    number: "P-1".into(),
                    requester: "R".into(),
                    jurisdiction: "wa".into(),
                    received: "2026-11-02".into(),
                    due: None,
                    bates_prefix: None,
                },
                "ana",
            )
            .unwrap();
        let e = s.begin_export(r, "/out", "ana").unwrap();
        // Still writing: not deliverable.
        assert!(matches!(
            s.deliver_export(r, e, "ana"),
            Err(StoreError::NoSuchExport(_))
        ));
        s.finish_export(r, e, "[]", "{}", true, "ana").unwrap();
        assert_eq!(s.exports(r).unwrap()[0].delivered_at, None);
        s.deliver_export(r, e, "ana").unwrap();
        assert!(s.exports(r).unwrap()[0].delivered_at.is_some());
        assert!(matches!(
            s.deliver_export(r, e, "ana"),
            Err(StoreError::NoSuchExport(_))
        ));
        let failed = s.begin_export(r, "/out", "ana").unwrap();
        s.finish_export(r, failed, "[]", "{}", false, "ana")
            .unwrap();
        assert!(s.deliver_export(r, failed, "ana").is_err());
        assert_eq!(s.verify_audit().unwrap().first_break, None);
    }
}
