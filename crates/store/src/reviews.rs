//! The attorney's review of exemption-log entries: pending, approved, or
//! returned with a comment. Append-only; the latest per entry is in force.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::{Store, StoreError};

/// Which log entry a review concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReviewTarget {
    /// The entry of an accepted finding.
    Finding(i64),
    /// The entry of a manual redaction.
    Manual(i64),
}

/// A review in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    /// The entry.
    pub target: ReviewTarget,
    /// `pending`, `approved` or `returned`.
    pub state: String,
    /// The attorney's comment (required when returned).
    pub comment: Option<String>,
    /// Who reviewed.
    pub reviewer: String,
    /// When.
    pub at: String,
}

impl Store {
    /// Records an attorney's review of a log entry of `request_id`.
    pub fn record_review(
        &mut self,
        request_id: i64,
        target: ReviewTarget,
        state: &str,
        comment: Option<&str>,
        reviewer: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (finding, manual) = match target {
            ReviewTarget::Finding(id) => (Some(id), None),
            ReviewTarget::Manual(id) => (None, Some(id)),
        };
        let belongs: Option<i64> = match target {
            ReviewTarget::Finding(id) => tx
                .query_row(
                    "SELECT f.id FROM findings f JOIN documents d ON d.id = f.document_id
                     WHERE f.id = ?1 AND d.request_id = ?2",
                    params![id, request_id],
                    |r| r.get(0),
                )
                .optional()?,
            ReviewTarget::Manual(id) => tx
                .query_row(
                    "SELECT m.id FROM manual_redactions m JOIN documents d ON d.id = m.document_id
                     WHERE m.id = ?1 AND d.request_id = ?2",
                    params![id, request_id],
                    |r| r.get(0),
                )
                .optional()?,
        };
        if belongs.is_none() {
            return Err(match target {
                ReviewTarget::Finding(id) => StoreError::NoSuchFinding(id),
                ReviewTarget::Manual(id) => StoreError::NoSuchRedaction(id),
            });
        }
        tx.execute(
            "INSERT INTO log_reviews (request_id, finding_id, manual_id, state, comment, reviewer, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![request_id, finding, manual, state, comment, reviewer, crate::now()],
        )?;
        let detail = serde_json::json!({
            "finding": finding, "manual": manual, "state": state, "comment": comment,
        });
        crate::audit::append(
            &tx,
            Some(request_id),
            reviewer,
            "log.review",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The reviews in force on a request's log entries.
    pub fn reviews(&self, request_id: i64) -> Result<Vec<ReviewRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT finding_id, manual_id, state, comment, reviewer, at FROM log_reviews r
             WHERE request_id = ?1 AND id = (
                SELECT max(id) FROM log_reviews x
                WHERE x.finding_id IS r.finding_id AND x.manual_id IS r.manual_id)
             ORDER BY id",
        )?;
        let mut rows = stmt.query([request_id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let finding: Option<i64> = r.get(0)?;
            let manual: Option<i64> = r.get(1)?;
            let target = match (finding, manual) {
                (Some(f), None) => ReviewTarget::Finding(f),
                (None, Some(m)) => ReviewTarget::Manual(m),
                _ => return Err(StoreError::Corrupt("a review names no log entry".into())),
            };
            out.push(ReviewRow {
                target,
                state: r.get(2)?,
                comment: r.get(3)?,
                reviewer: r.get(4)?,
                at: r.get(5)?,
            });
        }
        Ok(out)
    }
}
