//! A request's documents: the list, importing files, and a kept copy's
//! bytes and page verdicts for the viewer.

use std::path::PathBuf;

use disclose_core::{DocumentSummary, ImportOutcome};
use serde::Serialize;
use tauri::ipc::{Channel, Response};
use tauri::{AppHandle, State};

use super::CommandError;
use crate::state::{AppState, off_main};

/// The documents of a request, in import order.
#[tauri::command(async)]
pub fn list_documents(
    state: State<'_, AppState>,
    number: String,
) -> Result<Vec<DocumentSummary>, CommandError> {
    state.with_workspace(|ws| Ok(ws.documents(&number)?))
}

/// One file's progress while importing.
#[derive(Clone, Serialize)]
pub struct ImportProgress {
    file: String,
    index: usize,
    files: usize,
    /// `copying`, `done`, `duplicate` or `failed`.
    state: &'static str,
    error: Option<String>,
}

/// A file given for import and what became of it.
#[derive(Serialize)]
pub struct ImportResult {
    file: String,
    outcome: Option<ImportOutcome>,
    error: Option<CommandError>,
}

/// Imports files into a request, one after the other, off the main thread.
/// A file that fails does not stop the others; each result says what
/// became of its file.
#[tauri::command]
pub async fn import_documents(
    state: State<'_, AppState>,
    number: String,
    paths: Vec<String>,
    on_progress: Channel<ImportProgress>,
) -> Result<Vec<ImportResult>, CommandError> {
    let mut job = state.start_job(&number)?;
    let work = move || {
        let (ws, cancel, clerk) = job.parts()?;
        let files = paths.len();
        let mut results = Vec::with_capacity(files);
        for (i, path) in paths.into_iter().enumerate() {
            let path = PathBuf::from(path.trim());
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            let report = |state, error: Option<String>| {
                // A window that went away cannot be told; the import goes on.
                let _ = on_progress.send(ImportProgress {
                    file: file.clone(),
                    index: i + 1,
                    files,
                    state,
                    error,
                });
            };
            if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            report("copying", None);
            match ws.import(&number, &path, clerk) {
                Ok(outcome) => {
                    report(
                        match outcome {
                            ImportOutcome::Imported(_) => "done",
                            ImportOutcome::Duplicate { .. } => "duplicate",
                        },
                        None,
                    );
                    results.push(ImportResult {
                        file,
                        outcome: Some(outcome),
                        error: None,
                    });
                }
                Err(e) => {
                    let e = CommandError::from(e);
                    report("failed", Some(e.message().to_string()));
                    results.push(ImportResult {
                        file,
                        outcome: None,
                        error: Some(e),
                    });
                }
            }
        }
        Ok(results)
    };
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| CommandError::internal("the import stopped unexpectedly"))?
}

/// The kept copy's bytes, for the page viewer (raw bytes, not JSON),
/// read and checked off the main thread.
#[tauri::command]
pub async fn document_bytes(app: AppHandle, document_id: i64) -> Result<Response, CommandError> {
    let bytes = off_main(app, move |ws, _| Ok(ws.document_bytes(document_id)?)).await?;
    Ok(Response::new(bytes))
}

/// A page's text reliability.
#[derive(Serialize)]
pub struct PageInfo {
    page: u32,
    verdict: String,
    reasons: Vec<String>,
}

/// Each page of a document with its text reliability verdict.
#[tauri::command(async)]
pub fn document_pages(
    state: State<'_, AppState>,
    document_id: i64,
) -> Result<Vec<PageInfo>, CommandError> {
    state.with_workspace(|ws| {
        Ok(ws
            .document_pages(document_id)?
            .into_iter()
            .map(|p| PageInfo {
                page: p.page,
                verdict: p.verdict,
                reasons: p.reasons,
            })
            .collect())
    })
}
