//! Findings and the clerk's decisions on them. Decisions are append-only:
//! the latest per finding is in force, and going back is one more decision.

use std::fmt;
use std::str::FromStr;

use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

use crate::{Store, StoreError};

/// A finding to store, its JSON fields already serialized.
#[derive(Debug, Clone)]
pub struct NewFinding {
    /// 1-based page.
    pub page: u32,
    /// Category id (`card_number`, ...).
    pub category: String,
    /// Detector that fired.
    pub detector: String,
    /// JSON array of quads, each `[x1,y1,x2,y2,x3,y3,x4,y4]` in user space.
    pub quads: String,
    /// The text as printed on the page.
    pub text: String,
    /// The normalized value.
    pub value: String,
    /// Detector confidence, 0 to 1.
    pub confidence: f64,
    /// JSON of the rules' proposal.
    pub proposal: String,
}

/// What a decision does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionAction {
    /// Redact under the decision's code.
    Accept,
    /// Release.
    Reject,
    /// Redact under another code than proposed.
    ChangeCode,
    /// Back to undecided (an undo of everything before).
    Clear,
}

impl DecisionAction {
    /// The stored id.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionAction::Accept => "accept",
            DecisionAction::Reject => "reject",
            DecisionAction::ChangeCode => "change_code",
            DecisionAction::Clear => "clear",
        }
    }

    /// True when the finding is to be redacted.
    pub fn redacts(self) -> bool {
        matches!(self, DecisionAction::Accept | DecisionAction::ChangeCode)
    }
}

impl fmt::Display for DecisionAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DecisionAction {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "accept" => DecisionAction::Accept,
            "reject" => DecisionAction::Reject,
            "change_code" => DecisionAction::ChangeCode,
            "clear" => DecisionAction::Clear,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "unknown decision action '{other}'"
                )));
            }
        })
    }
}

/// A decision to record.
#[derive(Debug, Clone)]
pub struct NewDecision {
    /// The finding.
    pub finding_id: i64,
    /// What to do.
    pub action: DecisionAction,
    /// The exemption code (required for accept and change of code).
    pub code: Option<String>,
    /// The clerk's note.
    pub note: Option<String>,
    /// For an undo: the decision it takes back.
    pub undoes: Option<i64>,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    /// Database id (later decisions have larger ids).
    pub id: i64,
    /// The finding.
    pub finding_id: i64,
    /// What was decided.
    pub action: DecisionAction,
    /// The exemption code, for accept and change of code.
    pub code: Option<String>,
    /// Who.
    pub clerk: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// The clerk's note.
    pub note: Option<String>,
    /// For an undo: the decision it takes back.
    pub undoes: Option<i64>,
}

/// A stored finding with the decision now in force.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    /// Database id.
    pub id: i64,
    /// The document.
    pub document_id: i64,
    /// The document's original file name.
    pub document_name: String,
    /// 1-based page.
    pub page: u32,
    /// Category id.
    pub category: String,
    /// Detector.
    pub detector: String,
    /// Quads JSON.
    pub quads: String,
    /// Text as printed.
    pub text: String,
    /// Normalized value.
    pub value: String,
    /// Confidence.
    pub confidence: f64,
    /// Proposal JSON.
    pub proposal: String,
    /// The latest decision, `None` when undecided (or cleared).
    pub decision: Option<DecisionRow>,
}

const FINDING_SELECT: &str = "SELECT f.id, f.document_id, doc.original_name, f.page, f.category,
        f.detector, f.quads, f.text, f.value, f.confidence, f.proposal,
        d.id, d.action, d.code, d.clerk, d.at, d.note, d.undoes
     FROM findings f
     JOIN documents doc ON doc.id = f.document_id
     LEFT JOIN decisions d
       ON d.id = (SELECT max(id) FROM decisions WHERE finding_id = f.id)";

fn finding_row(r: &Row<'_>) -> rusqlite::Result<(FindingRow, Option<String>)> {
    let decision_id: Option<i64> = r.get(11)?;
    let action: Option<String> = r.get(12)?;
    let mut row = FindingRow {
        id: r.get(0)?,
        document_id: r.get(1)?,
        document_name: r.get(2)?,
        page: r.get(3)?,
        category: r.get(4)?,
        detector: r.get(5)?,
        quads: r.get(6)?,
        text: r.get(7)?,
        value: r.get(8)?,
        confidence: r.get(9)?,
        proposal: r.get(10)?,
        decision: None,
    };
    if let Some(id) = decision_id {
        row.decision = Some(DecisionRow {
            id,
            finding_id: row.id,
            action: DecisionAction::Clear, // replaced below once parsed
            code: r.get(13)?,
            clerk: r.get(14)?,
            at: r.get(15)?,
            note: r.get(16)?,
            undoes: r.get(17)?,
        });
    }
    Ok((row, action))
}

/// Turns the raw row into the finding with its parsed decision; a `clear`
/// decision means undecided.
fn finish(raw: (FindingRow, Option<String>)) -> Result<FindingRow, StoreError> {
    let (mut row, action) = raw;
    if let (Some(d), Some(a)) = (row.decision.as_mut(), action) {
        d.action = a.parse()?;
    }
    if row
        .decision
        .as_ref()
        .is_some_and(|d| d.action == DecisionAction::Clear)
    {
        row.decision = None;
    }
    Ok(row)
}

impl Store {
    /// Every finding of a request with its decision in force, by document,
    /// page and position of discovery.
    pub fn findings(&self, request_id: i64) -> Result<Vec<FindingRow>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "{FINDING_SELECT} WHERE doc.request_id = ?1 ORDER BY f.document_id, f.page, f.id"
        ))?;
        let rows = stmt.query_map([request_id], finding_row)?;
        rows.map(|r| finish(r?)).collect()
    }

    /// One finding of a request, if it exists and belongs to that request.
    pub fn finding(&self, request_id: i64, id: i64) -> Result<Option<FindingRow>, StoreError> {
        self.conn
            .query_row(
                &format!("{FINDING_SELECT} WHERE doc.request_id = ?1 AND f.id = ?2"),
                params![request_id, id],
                finding_row,
            )
            .optional()?
            .map(finish)
            .transpose()
    }

    /// Records decisions on findings of `request_id`, all or none, each with
    /// an audit entry, and commits before returning (with synchronous=FULL
    /// the decisions survive a crash or power cut from then on). A finding
    /// of another request, or an accept without a code, is refused.
    pub fn record_decisions(
        &mut self,
        request_id: i64,
        decisions: &[NewDecision],
        clerk: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(decisions.len());
        let at = crate::now();
        for d in decisions {
            let belongs: Option<i64> = tx
                .query_row(
                    "SELECT f.id FROM findings f JOIN documents doc ON doc.id = f.document_id
                     WHERE f.id = ?1 AND doc.request_id = ?2",
                    params![d.finding_id, request_id],
                    |r| r.get(0),
                )
                .optional()?;
            if belongs.is_none() {
                return Err(StoreError::NoSuchFinding(d.finding_id));
            }
            if d.action.redacts() && d.code.as_deref().is_none_or(str::is_empty) {
                return Err(StoreError::CodeRequired(d.finding_id));
            }
            tx.execute(
                "INSERT INTO decisions (finding_id, action, code, clerk, at, note, undoes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    d.finding_id,
                    d.action.as_str(),
                    d.code,
                    clerk,
                    at,
                    d.note,
                    d.undoes
                ],
            )?;
            let id = tx.last_insert_rowid();
            let detail = serde_json::json!({
                "decision": id,
                "finding": d.finding_id,
                "action": d.action.as_str(),
                "code": d.code,
                "note": d.note,
                "undoes": d.undoes,
            });
            crate::audit::append(
                &tx,
                Some(request_id),
                clerk,
                "decision",
                &detail.to_string(),
            )?;
            ids.push(id);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Every decision on a finding, oldest first.
    pub fn decision_history(&self, finding_id: i64) -> Result<Vec<DecisionRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, finding_id, action, code, clerk, at, note, undoes FROM decisions
             WHERE finding_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([finding_id], |r| {
            Ok((
                DecisionRow {
                    id: r.get(0)?,
                    finding_id: r.get(1)?,
                    action: DecisionAction::Clear,
                    code: r.get(3)?,
                    clerk: r.get(4)?,
                    at: r.get(5)?,
                    note: r.get(6)?,
                    undoes: r.get(7)?,
                },
                r.get::<_, String>(2)?,
            ))
        })?;
        rows.map(|r| {
            let (mut d, a) = r?;
            d.action = a.parse()?;
            Ok(d)
        })
        .collect()
    }
}
