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
    /// The same file (by SHA-256) is already part of the request.
    #[error("this file is already in the request, as {existing}")]
    DuplicateDocument {
        /// The file name it was first imported under.
        existing: String,
    },
    /// The custom term is already on the request.
    #[error("the term is already on this request")]
    DuplicateTerm(String),
    /// No document with this id belongs to the request.
    #[error("document {0} is not part of this request")]
    NoSuchDocument(i64),
    /// No finding with this id belongs to the request.
    #[error("finding {0} is not part of this request")]
    NoSuchFinding(i64),
    /// No manual redaction in force with this id belongs to the request.
    #[error("manual redaction {0} is not part of this request")]
    NoSuchRedaction(i64),
    /// No export in progress with this id belongs to the request.
    #[error("export {0} is not an unfinished export of this request")]
    NoSuchExport(i64),
    /// The document was already scanned; its findings stay as they are.
    #[error("document {0} was already scanned")]
    AlreadyScanned(i64),
    /// An accept or change of code came without an exemption code.
    #[error("finding {0} needs an exemption code to be redacted")]
    CodeRequired(i64),
    /// A stored value cannot be read back (changed outside Disclose).
    #[error("the database holds an unreadable value: {0}")]
    Corrupt(String),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}
