//! Scanning a request's documents, and cancelling a long job.

use disclose_core::{ScanProgress, ScanReport};
use tauri::State;
use tauri::ipc::Channel;

use super::CommandError;
use crate::state::AppState;

/// Scans the request's documents not scanned yet, off the main thread and
/// on a workspace of its own, reporting each page as it goes.
#[tauri::command]
pub async fn scan_request(
    state: State<'_, AppState>,
    number: String,
    on_progress: Channel<ScanProgress>,
) -> Result<ScanReport, CommandError> {
    let mut job = state.start_job(&number)?;
    let work = move || {
        let (ws, cancel, clerk) = job.parts()?;
        // A window that went away cannot be told; the scan goes on.
        let mut progress = |p: &ScanProgress| {
            let _ = on_progress.send(p.clone());
        };
        Ok(ws.scan(&number, clerk, &mut progress, cancel)?)
    };
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| CommandError::internal("the scan stopped unexpectedly"))?
}

/// Asks a running import, scan or export of the request to stop; it stops
/// after the current file or page, keeping what was finished.
#[tauri::command(async)]
pub fn cancel_job(state: State<'_, AppState>, number: String) -> Result<(), CommandError> {
    state.cancel(&number)
}
