//! The clerk's workflow, shared by the desktop app and the command line:
//! requests today; import, scan, review, export and the exemption log as
//! the engine crates arrive. Joins pdf, detect, rules and store; holds no
//! user interface.

mod error;

use std::path::Path;

use serde::Serialize;

pub use disclose_store::{DATA_ENV, default_data_dir};
pub use error::CoreError;

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

/// An open workspace: one data folder and its store.
pub struct Workspace {
    store: disclose_store::Store,
}

impl Workspace {
    /// Opens the workspace in `dir`, creating it when missing.
    pub fn open(dir: &Path) -> Result<Workspace, CoreError> {
        Ok(Workspace {
            store: disclose_store::Store::open(dir)?,
        })
    }

    /// The data folder in use.
    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// Every request, most recently received first.
    pub fn list_requests(&self) -> Result<Vec<RequestSummary>, CoreError> {
        Ok(self
            .store
            .list_requests()?
            .into_iter()
            .map(|r| RequestSummary {
                id: r.id,
                number: r.number,
                requester: r.requester,
                jurisdiction: r.jurisdiction,
                received: r.received,
                due: r.due,
                status: r.status,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_workspace_has_no_requests() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = Workspace::open(tmp.path()).unwrap();
        assert!(ws.list_requests().unwrap().is_empty());
        assert_eq!(ws.dir(), tmp.path());
    }
}
