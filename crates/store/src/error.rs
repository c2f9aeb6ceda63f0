use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data folder could not be created or read.
    #[error("cannot use the data folder {path}: {source}")]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The database file could not be opened.
    #[error("cannot open the database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// The underlying SQLite error.
        source: rusqlite::Error,
    },
    /// The database was written by a newer Disclose than this one.
    #[error(
        "the database is from a newer version of Disclose (schema {found}, this version knows {known}): update Disclose"
    )]
    TooNew {
        /// Schema version found in the file.
        found: u32,
        /// Latest schema version this build knows.
        known: u32,
    },
    /// A request with this number already exists.
    #[error("a request numbered {0} already exists")]
    DuplicateRequest(String),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}
