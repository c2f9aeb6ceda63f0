//! The clerk's own additions: custom terms of a request and manual
//! redactions (an area of a page, or a term in a document).

use rusqlite::{ErrorCode, TransactionBehavior, params};

use crate::{Store, StoreError};

/// A custom term of a request (a name, a case number), searched on every
/// scan and redacted under `code` or the pack's custom code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomTermRow {
    /// Database id.
    pub id: i64,
    /// The term.
    pub term: String,
    /// The code, `None` for the pack's custom code.
    pub code: Option<String>,
    /// Who added it.
    pub clerk: String,
    /// When.
    pub at: String,
}

/// What a manual redaction covers.
#[derive(Debug, Clone, PartialEq)]
pub enum ManualTarget {
    /// A rectangle `[x0, y0, x1, y1]` of a page, in default user space.
    Area {
        /// 1-based page.
        page: u32,
        /// The rectangle.
        rect: [f64; 4],
    },
    /// Every occurrence of a term in the document.
    Term(String),
}

/// A manual redaction as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualRedactionRow {
    /// Database id.
    pub id: i64,
    /// The document.
    pub document_id: i64,
    /// What it covers.
    pub target: ManualTarget,
    /// The exemption code.
    pub code: String,
    /// Who.
    pub clerk: String,
    /// When.
    pub at: String,
}

impl Store {
    /// Adds a custom term to a request; the same term twice is
    /// [`StoreError::DuplicateTerm`].
    pub fn add_custom_term(
        &mut self,
        request_id: i64,
        term: &str,
        code: Option<&str>,
        clerk: &str,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let res = tx.execute(
            "INSERT INTO custom_terms (request_id, term, code, clerk, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![request_id, term, code, clerk, crate::now()],
        );
        let id = match res {
            Ok(_) => tx.last_insert_rowid(),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                return Err(StoreError::DuplicateTerm(term.to_string()));
            }
            Err(e) => return Err(e.into()),
        };
        // The term itself is sensitive (a name): the audit names its id only.
        let detail = serde_json::json!({ "term": id, "code": code });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "term.add",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The custom terms of a request, in the order added.
    pub fn custom_terms(&self, request_id: i64) -> Result<Vec<CustomTermRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, term, code, clerk, at FROM custom_terms WHERE request_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([request_id], |r| {
            Ok(CustomTermRow {
                id: r.get(0)?,
                term: r.get(1)?,
                code: r.get(2)?,
                clerk: r.get(3)?,
                at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds a manual redaction to a document of `request_id`.
    pub fn add_manual_redaction(
        &mut self,
        request_id: i64,
        document_id: i64,
        target: &ManualTarget,
        code: &str,
        clerk: &str,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let owner: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
            "SELECT request_id FROM documents WHERE id = ?1",
            [document_id],
            |r| r.get(0),
        ))?;
        if owner != Some(request_id) {
            return Err(StoreError::NoSuchDocument(document_id));
        }
        let (kind, page, area, term) = match target {
            ManualTarget::Area { page, rect } => (
                "area",
                Some(*page),
                Some(serde_json::json!(rect).to_string()),
                None,
            ),
            ManualTarget::Term(t) => ("term", None, None, Some(t.as_str())),
        };
        tx.execute(
            "INSERT INTO manual_redactions (document_id, page, kind, area, term, code, clerk, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                document_id,
                page,
                kind,
                area,
                term,
                code,
                clerk,
                crate::now()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let detail = serde_json::json!({
            "redaction": id, "document": document_id, "kind": kind, "page": page, "code": code,
        });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "manual.add",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Withdraws a manual redaction (kept in the table, marked removed).
    pub fn remove_manual_redaction(
        &mut self,
        request_id: i64,
        id: i64,
        clerk: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE manual_redactions SET removed_at = ?1
             WHERE id = ?2 AND removed_at IS NULL
               AND document_id IN (SELECT id FROM documents WHERE request_id = ?3)",
            params![crate::now(), id, request_id],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchRedaction(id));
        }
        let detail = serde_json::json!({ "redaction": id });
        crate::audit::append(
            &tx,
            Some(request_id),
            clerk,
            "manual.remove",
            &detail.to_string(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The manual redactions in force on a request's documents.
    pub fn manual_redactions(
        &self,
        request_id: i64,
    ) -> Result<Vec<ManualRedactionRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT m.id, m.document_id, m.kind, m.page, m.area, m.term, m.code, m.clerk, m.at
             FROM manual_redactions m JOIN documents d ON d.id = m.document_id
             WHERE d.request_id = ?1 AND m.removed_at IS NULL ORDER BY m.id",
        )?;
        let mut rows = stmt.query([request_id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let kind: String = r.get(2)?;
            let target = if kind == "area" {
                let page: u32 = r.get(3)?;
                let area: String = r.get(4)?;
                let rect: [f64; 4] = serde_json::from_str(&area).map_err(|e| {
                    StoreError::Corrupt(format!("manual redaction {id} has a bad area: {e}"))
                })?;
                ManualTarget::Area { page, rect }
            } else {
                ManualTarget::Term(r.get(5)?)
            };
            out.push(ManualRedactionRow {
                id,
                document_id: r.get(1)?,
                target,
                code: r.get(6)?,
                clerk: r.get(7)?,
                at: r.get(8)?,
            });
        }
        Ok(out)
    }
}
