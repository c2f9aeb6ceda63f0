//! Thin Tauri commands, one module per feature. Each delegates to
//! `disclose-core` and maps its errors to a message a clerk can act on.
//!
//! None runs on the main (window) thread: short ones are
//! `#[tauri::command(async)]`; work that takes seconds (import, scan,
//! export, the example) runs on a blocking thread with a workspace of its
//! own ([`crate::state::AppState::start_job`]) so that the window's reads
//! never wait for it, and reports progress over a channel.

pub mod documents;
pub mod example;
pub mod export;
pub mod log;
pub mod requests;
pub mod review;
pub mod scan;

use disclose_core::CoreError;
use disclose_store::StoreError;
use serde::Serialize;

/// An error as the front end receives it: a plain-words message and, where
/// there is one, what to do about it. Never a stack trace.
#[derive(Debug, Serialize)]
pub struct CommandError {
    message: String,
    action: Option<String>,
}

impl CommandError {
    pub fn new(message: impl Into<String>, action: Option<&str>) -> CommandError {
        CommandError {
            message: message.into(),
            action: action.map(str::to_string),
        }
    }

    /// The message, for progress reports.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn internal(what: &str) -> CommandError {
        CommandError::new(
            format!("Disclose hit an internal problem: {what}."),
            Some("Close and reopen Disclose; your saved decisions are kept."),
        )
    }
}

/// Sentence case for a core message (core writes them to follow a colon on
/// the command line: "cannot read ...").
fn sentence(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => {
            let mut out: String = first.to_uppercase().collect();
            out.push_str(chars.as_str());
            if !out.ends_with(['.', '!', '?']) {
                out.push('.');
            }
            out
        }
        None => s,
    }
}

const RESTART: &str = "Close and reopen Disclose; your saved decisions are kept. If it happens again, check that the disk is not full.";
const FRESH_COPY: &str = "Ask the sender for a fresh copy of the file, then add that one.";
const UNPROTECTED: &str = "Ask the sender for a copy without a password, then add that one.";
const RELOAD: &str =
    "Go back to the request and open it again: the list on screen was out of date.";

impl From<CoreError> for CommandError {
    fn from(err: CoreError) -> CommandError {
        // Several core messages name command-line options; the window says
        // what to do in its own terms instead.
        let (message, action): (String, Option<&str>) = match err {
            CoreError::Store(StoreError::DataDir { path, source }) => (
                format!(
                    "Disclose cannot use its data folder {}: {source}.",
                    path.display()
                ),
                Some(
                    "Check that the folder exists and that you may write to it, or set DISCLOSE_DATA to another folder.",
                ),
            ),
            e @ CoreError::Store(StoreError::TooNew { .. }) => (
                sentence(e.to_string()),
                Some("Update Disclose to the version that last used this data folder."),
            ),
            CoreError::Store(StoreError::DuplicateTerm(term)) => (
                format!("'{term}' is already a custom term of this request."),
                None,
            ),
            CoreError::Store(StoreError::NoSuchDocument(_)) => (
                "That document is not part of this request any more.".into(),
                Some(RELOAD),
            ),
            CoreError::Store(StoreError::NoSuchRedaction(_)) => (
                "That manual redaction was already removed.".into(),
                Some(RELOAD),
            ),
            CoreError::UnknownJurisdiction { given, .. } => (
                format!("'{given}' is not a jurisdiction Disclose knows."),
                Some("Pick a jurisdiction from the list."),
            ),
            CoreError::DuplicateRequest(n) => (
                format!("A request numbered {n} already exists."),
                Some("Choose another number, or open that request from the list."),
            ),
            CoreError::UnknownRequest(n) => (
                format!("There is no request numbered {n}."),
                Some("Go back to the list of requests and open it from there."),
            ),
            e @ CoreError::InvalidInput { .. } => {
                (sentence(e.to_string()), Some("Correct it and try again."))
            }
            e @ CoreError::BadDate(_) => (
                sentence(e.to_string()),
                Some("Correct the date and try again."),
            ),
            e @ CoreError::FileMissing(_) => (
                sentence(e.to_string()),
                Some("Check that the file was not moved or renamed, then add it again."),
            ),
            e @ CoreError::Io { .. } => (
                sentence(e.to_string()),
                Some(
                    "Check that you may read the file and write to the folder, and that the disk is not full.",
                ),
            ),
            CoreError::NotPdf(p) => (
                format!("{} is not a PDF file.", p.display()),
                Some("Choose a PDF, or print the document to PDF first and add that file."),
            ),
            e @ (CoreError::Encrypted(_) | CoreError::UnsupportedEncryption(_)) => {
                (sentence(e.to_string()), Some(UNPROTECTED))
            }
            e @ (CoreError::Truncated(_) | CoreError::Damaged { .. }) => {
                (sentence(e.to_string()), Some(FRESH_COPY))
            }
            CoreError::UnknownFinding(_) => (
                "That finding is not part of this request any more.".into(),
                Some(RELOAD),
            ),
            CoreError::UnknownCategory(c) => (
                format!("'{c}' is not a category Disclose knows."),
                Some(RELOAD),
            ),
            CoreError::UnknownCode { jurisdiction, code } => (
                format!(
                    "The {} pack has no exemption code '{code}'.",
                    jurisdiction.to_uppercase()
                ),
                Some("Pick a code from the list."),
            ),
            CoreError::CodeRequired { category, .. } => (
                format!(
                    "Nothing proposes an exemption code for this {} finding.",
                    category.replace('_', " ")
                ),
                Some("Choose the code to redact it under (press c), or release it."),
            ),
            e @ CoreError::Terms(_) => (
                sentence(e.to_string()),
                Some("Change the term and try again."),
            ),
            CoreError::NothingToUndo(_) => {
                ("There is no decision to undo on this finding.".into(), None)
            }
            CoreError::NothingToExport(_) => (
                "This request has no documents to export yet.".into(),
                Some("Add the documents that answer it first."),
            ),
            CoreError::NotScanned { document, .. } => (
                format!("{document} has not been scanned, so nothing was exported."),
                Some("Scan it from the request screen and review its findings, then export again."),
            ),
            CoreError::Cancelled => (
                "The export was stopped: no file was handed over.".into(),
                Some("Export again when you are ready."),
            ),
            CoreError::RedactionFailed { document, reason } => (
                format!(
                    "{document} could not be redacted safely, so nothing was exported: {}.",
                    reason.trim_end_matches('.')
                ),
                Some(
                    "Nothing was released. Check the document in the review (or replace it with a fresh copy), then export again; if it keeps failing, report the problem with this message.",
                ),
            ),
            // The store's and the packs' own failures, and whatever later
            // variants core grows: its message, and the safe generic step.
            other => (sentence(other.to_string()), Some(RESTART)),
        };
        CommandError {
            message,
            action: action.map(str::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reaches_the_window_in_sentences_with_a_step_to_take() {
        let e = CommandError::from(CoreError::NotPdf("/x/notes.txt".into()));
        assert_eq!(e.message, "/x/notes.txt is not a PDF file.");
        assert!(e.action.unwrap().contains("Choose a PDF"));
        let e = CommandError::from(CoreError::CodeRequired {
            finding: 3,
            category: "custom_term".into(),
        });
        // No command-line option leaks into the window.
        assert!(!e.message.contains("--code"), "{}", e.message);
        assert!(e.message.contains("custom term"));
        let e = CommandError::from(CoreError::UnknownRequest("P-9".into()));
        assert!(!e.message.contains("disclose request list"));
        let e = CommandError::from(CoreError::BadDate("11/02/2026".into()));
        assert!(e.message.starts_with('\''), "{}", e.message);
        assert!(e.message.ends_with('.'));
        assert!(e.action.is_some());
        let json = serde_json::to_value(CommandError::from(CoreError::Cancelled)).unwrap();
        assert_eq!(
            json["message"],
            "The export was stopped: no file was handed over."
        );
        assert!(json["action"].is_string());
    }

    #[test]
    fn sentences_start_upper_case_and_end_with_a_stop() {
        assert_eq!(sentence("cannot read x".into()), "Cannot read x.");
        assert_eq!(sentence("done!".into()), "Done!");
        assert_eq!(sentence(String::new()), "");
    }
}
