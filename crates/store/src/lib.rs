//! Persistence for Disclose: one SQLite database (bundled SQLite, WAL) per
//! data folder, with versioned migrations: requests, documents and their
//! pages, findings, the clerk's decisions (append-only, the latest wins),
//! custom terms, manual redactions, exports (table designed, written by the
//! export step) and a hash-chained audit trail.
//!
//! Every write runs in one IMMEDIATE transaction together with its audit
//! entry and is committed before the method returns.
//!
//! Only this crate, the command line and the desktop shell touch the file
//! system or the database; everything else is pure.

mod audit;
mod documents;
mod error;
mod exports;
mod findings;
mod manual;
mod migrate;
mod requests;
mod reviews;
#[cfg(test)]
mod store_tests;

use std::path::{Path, PathBuf};

pub use audit::{AuditBreak, AuditEntry, AuditReport};
pub use documents::{DocumentRow, NewDocument, PageRow};
pub use error::StoreError;
pub use exports::ExportRow;
pub use findings::{DecisionAction, DecisionRow, FindingRow, NewDecision, NewFinding};
pub use manual::{CustomTermRow, ManualRedactionRow, ManualTarget};
pub use requests::{NewRequest, RequestRow};
pub use reviews::{ReviewRow, ReviewTarget};

/// The time now, RFC 3339 UTC with milliseconds (what every row records).
pub(crate) fn now() -> String {
    let t = time::OffsetDateTime::now_utc();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// The environment variable that overrides the data folder for both the
/// desktop app and the command line.
pub const DATA_ENV: &str = "DISCLOSE_DATA";

/// The application identifier; the default data folder is named after it so
/// that the desktop app (Tauri's app-data folder) and the command line agree.
pub const APP_IDENTIFIER: &str = "app.disclose.desktop";

/// File name of the database inside a data folder.
const DB_FILE: &str = "disclose.sqlite3";

/// The data folder to use: `DISCLOSE_DATA` when set and not empty, otherwise
/// the platform's application-data folder (`~/.local/share` on Linux,
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows) joined
/// with [`APP_IDENTIFIER`]. `None` only when the platform has no such folder.
pub fn default_data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join(APP_IDENTIFIER)),
    }
}

/// An open store: the database of one data folder.
pub struct Store {
    conn: rusqlite::Connection,
    dir: PathBuf,
}

impl Store {
    /// Opens (creating when missing) the store in `dir`, and brings its
    /// schema up to date. Several processes may hold the same store open at
    /// once (the app and the command line): WAL mode lets readers and one
    /// writer proceed together, and a busy timeout waits out short locks.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DB_FILE);
        let mut conn = rusqlite::Connection::open(&path).map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL keeps committed transactions durable across a crash and lets
        // the app and the CLI share the file. synchronous=FULL: a decision
        // the clerk saw saved must survive a power cut, not only a crash.
        conn.pragma_update(None, "journal_mode", "wal")?;
        conn.pragma_update(None, "synchronous", "full")?;
        conn.pragma_update(None, "foreign_keys", "on")?;
        migrate::run(&mut conn)?;
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
        })
    }

    /// The data folder this store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The schema version now in force (the number of migrations applied).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrate::current_version(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_folder_and_migrates() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested").join("data");
        let store = Store::open(&dir).unwrap();
        assert!(dir.join(DB_FILE).exists());
        assert_eq!(store.schema_version().unwrap(), migrate::latest_version());
        drop(store);
        // Reopening is idempotent.
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrate::latest_version());
    }

    #[test]
    fn two_handles_share_one_store() {
        let tmp = tempfile::tempdir().unwrap();
        let mut a = Store::open(tmp.path()).unwrap();
        let b = Store::open(tmp.path()).unwrap();
        a.create_request(
            &NewRequest {
                number: "P-1".into(),
                requester: "R".into(),
                jurisdiction: "wa".into(),
                received: "2026-11-02".into(),
                due: None,
                bates_prefix: None,
            },
            "clerk",
        )
        .unwrap();
        assert_eq!(b.list_requests().unwrap().len(), 1);
    }
}
