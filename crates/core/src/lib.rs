//! The clerk's workflow, shared by the desktop app and the command line:
//! requests, import, scan, review (decisions, undo, custom terms, manual
//! redactions, record types), the exemption log's content (CSV, JSON) with
//! the attorney's review, and the audit check. Joins pdf, detect, rules and
//! store; holds no user interface.
//!
//! Every method that records something a clerk did takes the clerk's name
//! and has committed it to the store before it returns.
//!
//! # Export
//!
//! [`Workspace::export`] (in `export.rs`):
//!
//! 1. `Store::begin_export` records the export as `writing`.
//! 2. For each document: the redaction areas are the quads of the findings
//!    whose decision in force redacts (accept, change of code), the manual
//!    areas, and the occurrences of the manual terms; the engine rewrites
//!    the kept copy, stamps Bates numbers when the request has a prefix
//!    (numbered across documents in import order, as in
//!    [`Workspace::exemption_log`]), and the verifier re-extracts the output
//!    and searches it for every redacted value.
//! 3. Each output is written to a hidden temporary file and fsynced; the
//!    exemption log (CSV, JSON from [`ExemptionLog`], and the PDF report)
//!    too. When every document passed, `Store::finish_export` records every
//!    file's SHA-256 as `verified` in the exports table and the audit
//!    chain, and only then are the files renamed to their final names, so a
//!    killed export leaves no finished-looking file the store does not
//!    vouch for. A failure records the export `failed` and removes the
//!    temporary files.

mod error;
mod export;
mod import;
mod log;
mod scan;
mod workflow;

use std::path::Path;

use disclose_rules::Rules;
use serde::Serialize;
use time::Date;

pub use disclose_detect::Category;
pub use disclose_rules::Proposal;
pub use disclose_store::ReviewTarget;
pub use disclose_store::{AuditBreak, DATA_ENV, default_data_dir};
pub use error::CoreError;
pub use export::{
    ExportOptions, ExportProgress, ExportRecord, ExportReport, ExportedDocument, RedactFileOptions,
    RedactFileReport, redact_file,
};
pub use import::{DocumentSummary, ImportOutcome};
pub use log::{ExemptionLog, LogEntry, Review};
pub use scan::{ScanFinding, ScannedDocument, ScannedPage, Term, scan_file};
pub use workflow::{
    AuditSummary, BreakView, DecideTarget, DecisionView, FindingView, ManualRedaction,
    ManualTarget, PageNote, ScanProgress, ScanReport, TermAdded, Verdict,
};

/// A request as the app's list and the CLI show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestSummary {
    /// Database id.
    pub id: i64,
    /// The agency's request number.
    pub number: String,
    /// Who asked.
    pub requester: String,
    /// Jurisdiction pack id.
    pub jurisdiction: String,
    /// Date received, ISO 8601.
    pub received: String,
    /// Response due date, ISO 8601, when known.
    pub due: Option<String>,
    /// Workflow status.
    pub status: String,
}

impl From<disclose_store::RequestRow> for RequestSummary {
    fn from(r: disclose_store::RequestRow) -> Self {
        RequestSummary {
            id: r.id,
            number: r.number,
            requester: r.requester,
            jurisdiction: r.jurisdiction,
            received: r.received,
            due: r.due,
            status: r.status,
        }
    }
}

/// What it takes to open a request.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// The agency's request number (unique).
    pub number: String,
    /// Who asked.
    pub requester: String,
    /// Jurisdiction pack id (`wa`, `ca`, `il`, `mt`, `us`).
    pub jurisdiction: String,
    /// Date received.
    pub received: Date,
    /// Bates number prefix for exported pages, e.g. `SEA-2026-0142`.
    pub bates_prefix: Option<String>,
}

/// Parses a date written YYYY-MM-DD.
pub fn parse_date(s: &str) -> Result<Date, CoreError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &format).map_err(|_| CoreError::BadDate(s.to_string()))
}

fn format_date(d: Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    d.format(&format).unwrap_or_else(|_| d.to_string())
}

pub(crate) fn check_jurisdiction(rules: &Rules, id: &str) -> Result<(), CoreError> {
    if rules.get(id).is_ok() {
        return Ok(());
    }
    Err(CoreError::UnknownJurisdiction {
        given: id.to_string(),
        known: rules
            .list()
            .into_iter()
            .map(|p| p.id)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// An open workspace: one data folder, its store and the jurisdiction packs.
pub struct Workspace {
    store: disclose_store::Store,
    rules: Rules,
}

impl Workspace {
    /// Opens the workspace in `dir`, creating it when missing.
    pub fn open(dir: &Path) -> Result<Workspace, CoreError> {
        Ok(Workspace {
            store: disclose_store::Store::open(dir)?,
            rules: Rules::builtin()?,
        })
    }

    /// The data folder in use.
    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// The jurisdiction packs in use.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Every request, most recently received first.
    pub fn list_requests(&self) -> Result<Vec<RequestSummary>, CoreError> {
        Ok(self
            .store
            .list_requests()?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// The request numbered `number`.
    pub fn request(&self, number: &str) -> Result<RequestSummary, CoreError> {
        Ok(self.request_row(number)?.into())
    }

    pub(crate) fn request_row(
        &self,
        number: &str,
    ) -> Result<disclose_store::RequestRow, CoreError> {
        self.store
            .request_by_number(number)?
            .ok_or_else(|| CoreError::UnknownRequest(number.to_string()))
    }

    /// Opens a request, as done by `clerk`: checks the jurisdiction against
    /// the packs and computes the response due date from its deadline
    /// (business days less its legal holidays). A number in use is
    /// [`CoreError::DuplicateRequest`].
    pub fn create_request(
        &mut self,
        new: &NewRequest,
        clerk: &str,
    ) -> Result<RequestSummary, CoreError> {
        let number = new.number.trim();
        if number.is_empty() {
            return Err(CoreError::InvalidInput {
                field: "the request number",
                problem: "is empty: give the agency's number, e.g. P-2026-0142".into(),
            });
        }
        let requester = new.requester.trim();
        if requester.is_empty() {
            return Err(CoreError::InvalidInput {
                field: "the requester",
                problem: "is empty: give the requester's name".into(),
            });
        }
        let prefix = new.bates_prefix.as_deref().map(str::trim);
        if let Some(p) = prefix
            && (p.is_empty()
                || p.len() > 32
                || !p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return Err(CoreError::InvalidInput {
                field: "the Bates prefix",
                problem: format!(
                    "'{p}' cannot be used: use up to 32 letters, digits, '-', '_' or '.', e.g. SEA-2026-0142"
                ),
            });
        }
        let jurisdiction = new.jurisdiction.trim().to_lowercase();
        check_jurisdiction(&self.rules, &jurisdiction)?;
        let due = self.rules.due_date(&jurisdiction, new.received)?;
        self.store.create_request(
            &disclose_store::NewRequest {
                number: number.to_string(),
                requester: requester.to_string(),
                jurisdiction,
                received: format_date(new.received),
                due: Some(format_date(due)),
                bates_prefix: prefix.map(str::to_string),
            },
            clerk,
        )?;
        self.request(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(number: &str, jurisdiction: &str, received: &str) -> NewRequest {
        NewRequest {
            number: number.into(),
            requester: "Pat Doe".into(),
            jurisdiction: jurisdiction.into(),
            received: parse_date(received).unwrap(),
            bates_prefix: None,
        }
    }

    #[test]
    fn a_workspace_can_move_between_threads() {
        // The desktop app keeps it in a Mutex in its shared state.
        fn send<T: Send>() {}
        send::<Workspace>();
    }

    #[test]
    fn a_new_workspace_has_no_requests() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = Workspace::open(tmp.path()).unwrap();
        assert!(ws.list_requests().unwrap().is_empty());
        assert_eq!(ws.dir(), tmp.path());
    }

    #[test]
    fn due_dates_come_from_the_pack() {
        let tmp = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(tmp.path()).unwrap();
        // Washington: five business days, the day of receipt not counted.
        // Received Monday 2026-11-02: Tue..Fri is 4, Veterans Day (Wed 11th)
        // lies later, so the fifth is Monday 2026-11-09.
        let r = ws
            .create_request(&new("P-1", "wa", "2026-11-02"), "ana")
            .unwrap();
        let expected = ws
            .rules()
            .due_date("wa", parse_date("2026-11-02").unwrap())
            .unwrap();
        assert_eq!(r.due.as_deref(), Some(format_date(expected).as_str()));
        assert_eq!(r.due.as_deref(), Some("2026-11-09"));
        // Federal FOIA: twenty business days.
        let us = ws
            .create_request(&new("F-1", "US", "2026-11-02"), "ana")
            .unwrap();
        assert_eq!(us.jurisdiction, "us");
        assert!(us.due.unwrap() > r.due.unwrap());
    }

    #[test]
    fn bad_requests_are_refused_clearly() {
        let tmp = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(tmp.path()).unwrap();
        ws.create_request(&new("P-1", "wa", "2026-11-02"), "ana")
            .unwrap();
        let dup = ws
            .create_request(&new("P-1", "ca", "2026-11-03"), "ana")
            .unwrap_err();
        assert!(matches!(dup, CoreError::DuplicateRequest(ref n) if n == "P-1"));
        let unknown = ws
            .create_request(&new("P-2", "tx", "2026-11-02"), "ana")
            .unwrap_err();
        assert!(unknown.to_string().contains("wa"), "{unknown}");
        assert!(matches!(
            parse_date("11/02/2026"),
            Err(CoreError::BadDate(_))
        ));
        assert_eq!(ws.list_requests().unwrap().len(), 1);
    }
}
