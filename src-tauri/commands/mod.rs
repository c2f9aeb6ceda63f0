//! Thin Tauri commands, one module per feature. Each delegates to
//! `disclose-core` and maps its errors to a message a clerk can act on.

pub mod requests;

use serde::Serialize;

/// An error as the front end receives it: a plain-words message and, where
/// there is one, what to do about it. Never a stack trace.
#[derive(Debug, Serialize)]
pub struct CommandError {
    message: String,
    action: Option<String>,
}

impl CommandError {
    pub fn internal(what: &str) -> CommandError {
        CommandError {
            message: format!("Disclose hit an internal problem: {what}."),
            action: Some("Close and reopen Disclose; your saved decisions are kept.".into()),
        }
    }
}

impl From<disclose_core::CoreError> for CommandError {
    fn from(err: disclose_core::CoreError) -> CommandError {
        CommandError {
            message: err.to_string(),
            action: None,
        }
    }
}
