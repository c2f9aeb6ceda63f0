//! Requests: the list on the start screen.

use disclose_core::RequestSummary;
use serde::Serialize;
use tauri::State;

use super::CommandError;
use crate::state::AppState;

/// Every request in the open store, most recent first.
#[tauri::command]
pub fn list_requests(state: State<'_, AppState>) -> Result<Vec<RequestSummary>, CommandError> {
    state.with_workspace(|ws| Ok(ws.list_requests()?))
}

/// Where the app keeps its data, shown in the empty state and the About box.
#[derive(Serialize)]
pub struct WorkspaceInfo {
    data_dir: String,
}

/// The data folder in use.
#[tauri::command]
pub fn workspace_info(state: State<'_, AppState>) -> WorkspaceInfo {
    WorkspaceInfo {
        data_dir: state.dir().display().to_string(),
    }
}
