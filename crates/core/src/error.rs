use std::path::PathBuf;

/// Everything the workflow can fail with. Each message is written for the
/// clerk: it says what happened and, where there is one, what to do.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The store failed.
    #[error(transparent)]
    Store(disclose_store::StoreError),
    /// The built-in jurisdiction packs could not be loaded (a broken build).
    #[error("the jurisdiction packs cannot be loaded: {0}")]
    Rules(#[from] disclose_rules::RulesError),
    /// The jurisdiction is not one of the loaded packs.
    #[error("unknown jurisdiction '{given}': use one of {known}")]
    UnknownJurisdiction {
        /// What was given.
        given: String,
        /// The pack ids available, comma-separated.
        known: String,
    },
    /// A request with this number already exists.
    #[error(
        "a request numbered {0} already exists: choose another number, or work in that request"
    )]
    DuplicateRequest(String),
    /// No request has this number.
    #[error("there is no request numbered {0}: see `disclose request list`")]
    UnknownRequest(String),
    /// A required text field is empty or unusable.
    #[error("{field} {problem}")]
    InvalidInput {
        /// Which field.
        field: &'static str,
        /// What is wrong with it and what to do.
        problem: String,
    },
    /// A date is not in the form YYYY-MM-DD.
    #[error("'{0}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-02")]
    BadDate(String),
    /// The file to import does not exist.
    #[error("{} does not exist: check the path", .0.display())]
    FileMissing(PathBuf),
    /// The file exists but cannot be read, or the kept copy cannot be written.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// What was being done ("read", "copy", ...).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not a PDF.
    #[error("{} is not a PDF file: check that the right file was chosen", .0.display())]
    NotPdf(PathBuf),
    /// The PDF needs a password.
    #[error("{} is password-protected: ask the sender for an unprotected copy", .0.display())]
    Encrypted(PathBuf),
    /// The PDF is locked with an encryption method we cannot open.
    #[error("{} is locked with an encryption method Disclose cannot open: ask the sender for an unprotected copy", .0.display())]
    UnsupportedEncryption(PathBuf),
    /// The PDF is cut short (no end-of-file marker).
    #[error("{} is cut short (incomplete download or copy): ask the sender for a fresh copy", .0.display())]
    Truncated(PathBuf),
    /// The PDF is damaged beyond repair.
    #[error("{} is damaged and cannot be read ({reason}): ask the sender for a fresh copy", .path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What the reader found.
        reason: String,
    },
    /// No finding with this id belongs to the request.
    #[error("finding {0} is not part of this request: see `disclose findings`")]
    UnknownFinding(i64),
    /// A category id that does not exist.
    #[error("unknown category '{0}': use an id such as card_number, bank_account, ssn, address")]
    UnknownCategory(String),
    /// An exemption code the request's jurisdiction does not define.
    #[error("the {jurisdiction} pack has no exemption code '{code}'")]
    UnknownCode {
        /// The pack.
        jurisdiction: String,
        /// The code given.
        code: String,
    },
    /// Redacting a finding needs a code and none is proposed or given.
    #[error("finding {finding} ({category}) has no proposed exemption code: give one with --code")]
    CodeRequired {
        /// The finding.
        finding: i64,
        /// Its category.
        category: String,
    },
    /// A custom term the detector refuses (empty, too long, too many).
    #[error("the custom terms cannot be used: {0}")]
    Terms(#[from] disclose_detect::Error),
    /// Nothing to undo on this finding.
    #[error("finding {0} has no decision to undo")]
    NothingToUndo(i64),
    /// The request has no documents to export.
    #[error("request {0} has no documents to export: import some first")]
    NothingToExport(String),
    /// A document has not been scanned, so it cannot be exported yet.
    #[error(
        "{document} has not been scanned, so nothing was exported: run `disclose scan {request}` (Scan in the app) and review its findings first"
    )]
    NotScanned {
        /// The document's name.
        document: String,
        /// The request number.
        request: String,
    },
    /// The export was cancelled; nothing was handed over.
    #[error("the export was cancelled: no file was handed over")]
    Cancelled,
    /// A document could not be redacted or did not pass verification; the
    /// export failed closed and handed nothing over.
    #[error("{document} could not be redacted safely, so nothing was exported: {reason}")]
    RedactionFailed {
        /// The document's name.
        document: String,
        /// What the redaction engine or the verification found.
        reason: String,
    },
}

impl From<disclose_store::StoreError> for CoreError {
    fn from(e: disclose_store::StoreError) -> CoreError {
        match e {
            disclose_store::StoreError::DuplicateRequest(n) => CoreError::DuplicateRequest(n),
            disclose_store::StoreError::NoSuchFinding(id) => CoreError::UnknownFinding(id),
            other => CoreError::Store(other),
        }
    }
}
