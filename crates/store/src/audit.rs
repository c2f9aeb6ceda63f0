//! The append-only audit trail. Every entry carries the SHA-256 of the entry
//! before it, so that changing, deleting or reordering any entry but the
//! last breaks the chain at that entry; [`Store::verify_audit`] finds the
//! first break.

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use crate::{Store, StoreError};

/// The `prev_hash` of the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub id: i64,
    /// The request it concerns, if any.
    pub request_id: Option<i64>,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who.
    pub clerk: String,
    /// What (`request.create`, `document.import`, `decision`, ...).
    pub action: String,
    /// Details as JSON text; never a withheld value.
    pub detail: String,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditBreak {
    /// The first entry that does not check out.
    pub id: i64,
    /// Why, in plain words.
    pub reason: String,
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// Entries checked.
    pub entries: u64,
    /// The first break, `None` when the chain is intact.
    pub first_break: Option<AuditBreak>,
}

/// The hash of an entry: SHA-256 over the previous hash and each field,
/// every field length-prefixed so that no two entries hash alike by moving
/// bytes from one field to the next.
fn entry_hash(prev: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    let request = e.request_id.map(|r| r.to_string()).unwrap_or_default();
    let id = e.id.to_string();
    for field in [
        prev,
        id.as_str(),
        request.as_str(),
        e.at.as_str(),
        e.clerk.as_str(),
        e.action.as_str(),
        e.detail.as_str(),
    ] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    hex(&h.finalize())
}

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Appends an entry inside `tx`. The caller's transaction must be
/// IMMEDIATE (it holds the write lock), so that two processes never read the
/// same last hash.
pub(crate) fn append(
    tx: &Transaction<'_>,
    request_id: Option<i64>,
    clerk: &str,
    action: &str,
    detail: &str,
) -> Result<(), StoreError> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (prev_id, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
    let entry = AuditEntry {
        id: prev_id.checked_add(1).ok_or(StoreError::Corrupt(
            "the audit trail has run out of entry numbers".into(),
        ))?,
        request_id,
        at: crate::now(),
        clerk: clerk.to_string(),
        action: action.to_string(),
        detail: detail.to_string(),
    };
    let hash = entry_hash(&prev_hash, &entry);
    tx.execute(
        "INSERT INTO audit (id, request_id, at, clerk, action, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry.id,
            entry.request_id,
            entry.at,
            entry.clerk,
            entry.action,
            entry.detail,
            prev_hash,
            hash
        ],
    )?;
    Ok(())
}

impl Store {
    /// Checks the whole audit chain from its first entry and reports the
    /// first entry that was changed, removed or reordered. (Removing only
    /// the very last entries cannot be seen from the chain alone.)
    pub fn verify_audit(&self) -> Result<AuditReport, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, request_id, at, clerk, action, detail, prev_hash, hash
             FROM audit ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut expected_prev = GENESIS.to_string();
        let mut expected_id = 1i64;
        let mut entries = 0u64;
        while let Some(r) = rows.next()? {
            entries += 1;
            let e = AuditEntry {
                id: r.get(0)?,
                request_id: r.get(1)?,
                at: r.get(2)?,
                clerk: r.get(3)?,
                action: r.get(4)?,
                detail: r.get(5)?,
            };
            let prev: String = r.get(6)?;
            let hash: String = r.get(7)?;
            let reason = if e.id != expected_id {
                Some(format!(
                    "entry {expected_id} is missing (the next one is {})",
                    e.id
                ))
            } else if prev != expected_prev {
                Some(format!(
                    "entry {} does not follow the entry before it (removed or changed)",
                    e.id
                ))
            } else if entry_hash(&prev, &e) != hash {
                Some(format!("entry {} was changed after it was written", e.id))
            } else {
                None
            };
            if let Some(reason) = reason {
                return Ok(AuditReport {
                    entries,
                    first_break: Some(AuditBreak {
                        id: e.id.min(expected_id),
                        reason,
                    }),
                });
            }
            expected_prev = hash;
            expected_id = e.id.saturating_add(1);
        }
        Ok(AuditReport {
            entries,
            first_break: None,
        })
    }

    /// The audit entries of one request, oldest first.
    pub fn audit_entries(&self, request_id: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, request_id, at, clerk, action, detail FROM audit
             WHERE request_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([request_id], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                request_id: r.get(1)?,
                at: r.get(2)?,
                clerk: r.get(3)?,
                action: r.get(4)?,
                detail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
