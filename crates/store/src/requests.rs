use rusqlite::{ErrorCode, OptionalExtension, TransactionBehavior, params};

use crate::{Store, StoreError};

/// A request as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    /// Database id.
    pub id: i64,
    /// The agency's request number, unique in the store (e.g. "P-2026-0142").
    pub number: String,
    /// Who asked.
    pub requester: String,
    /// Jurisdiction pack id ("wa", "ca", "il", "mt", "us").
    pub jurisdiction: String,
    /// Date received, ISO 8601.
    pub received: String,
    /// Response due date, ISO 8601, when computed.
    pub due: Option<String>,
    /// Bates number prefix for exported pages, if any.
    pub bates_prefix: Option<String>,
    /// Workflow status ("open", "exported", "closed").
    pub status: String,
}

/// What it takes to create a request.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// The agency's request number.
    pub number: String,
    /// Who asked.
    pub requester: String,
    /// Jurisdiction pack id.
    pub jurisdiction: String,
    /// Date received, ISO 8601.
    pub received: String,
    /// Response due date, ISO 8601.
    pub due: Option<String>,
    /// Bates number prefix.
    pub bates_prefix: Option<String>,
}

impl Store {
    /// Every request, most recently received first.
    pub fn list_requests(&self) -> Result<Vec<RequestRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, number, requester, jurisdiction, received, due, bates_prefix, status
             FROM requests ORDER BY received DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RequestRow {
                id: r.get(0)?,
                number: r.get(1)?,
                requester: r.get(2)?,
                jurisdiction: r.get(3)?,
                received: r.get(4)?,
                due: r.get(5)?,
                bates_prefix: r.get(6)?,
                status: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The request numbered `number`, if there is one.
    pub fn request_by_number(&self, number: &str) -> Result<Option<RequestRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, number, requester, jurisdiction, received, due, bates_prefix, status
                 FROM requests WHERE number = ?1",
                [number],
                |r| {
                    Ok(RequestRow {
                        id: r.get(0)?,
                        number: r.get(1)?,
                        requester: r.get(2)?,
                        jurisdiction: r.get(3)?,
                        received: r.get(4)?,
                        due: r.get(5)?,
                        bates_prefix: r.get(6)?,
                        status: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    /// Creates a request, records it in the audit trail as done by `clerk`,
    /// and returns its id. A number already in use is
    /// [`StoreError::DuplicateRequest`].
    pub fn create_request(&mut self, new: &NewRequest, clerk: &str) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let res = tx.execute(
            "INSERT INTO requests (number, requester, jurisdiction, received, due, bates_prefix)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.number,
                new.requester,
                new.jurisdiction,
                new.received,
                new.due,
                new.bates_prefix
            ],
        );
        let id = match res {
            Ok(_) => tx.last_insert_rowid(),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                return Err(StoreError::DuplicateRequest(new.number.clone()));
            }
            Err(e) => return Err(e.into()),
        };
        let detail = serde_json::json!({
            "number": new.number,
            "requester": new.requester,
            "jurisdiction": new.jurisdiction,
            "received": new.received,
            "due": new.due,
            "bates_prefix": new.bates_prefix,
        });
        crate::audit::append(&tx, Some(id), clerk, "request.create", &detail.to_string())?;
        tx.commit()?;
        Ok(id)
    }
}
