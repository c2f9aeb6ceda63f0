//! Requests: the list on the start screen, creating one, opening one.

use disclose_core::RequestSummary;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::CommandError;
use crate::state::AppState;

/// Every request in the open store, most recent first.
#[tauri::command(async)]
pub fn list_requests(state: State<'_, AppState>) -> Result<Vec<RequestSummary>, CommandError> {
    state.with_workspace(|ws| Ok(ws.list_requests()?))
}

/// Where the app keeps its data, and who is signed in.
#[derive(Serialize)]
pub struct WorkspaceInfo {
    data_dir: String,
    clerk: String,
}

/// The data folder in use and the clerk's name.
#[tauri::command]
pub fn workspace_info(state: State<'_, AppState>) -> WorkspaceInfo {
    WorkspaceInfo {
        data_dir: state.dir().display().to_string(),
        clerk: state.clerk().to_string(),
    }
}

/// A jurisdiction pack's id and name, for the picker.
#[derive(Serialize)]
pub struct Jurisdiction {
    id: String,
    name: String,
}

/// The jurisdiction packs, by id.
#[tauri::command(async)]
pub fn list_jurisdictions(state: State<'_, AppState>) -> Result<Vec<Jurisdiction>, CommandError> {
    state.with_workspace(|ws| {
        Ok(ws
            .rules()
            .list()
            .into_iter()
            .map(|p| Jurisdiction {
                id: p.id,
                name: p.name,
            })
            .collect())
    })
}

/// What the "New request" form sends.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRequestForm {
    number: String,
    requester: String,
    jurisdiction: String,
    /// YYYY-MM-DD; today (UTC) when absent.
    received: Option<String>,
    bates_prefix: Option<String>,
}

/// Opens a request.
#[tauri::command(async)]
pub fn create_request(
    state: State<'_, AppState>,
    request: NewRequestForm,
) -> Result<RequestSummary, CommandError> {
    let received = match request.received.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => disclose_core::parse_date(d)?,
        _ => time::OffsetDateTime::now_utc().date(),
    };
    let new = disclose_core::NewRequest {
        number: request.number,
        requester: request.requester,
        jurisdiction: request.jurisdiction,
        received,
        bates_prefix: request.bates_prefix.filter(|p| !p.trim().is_empty()),
    };
    state.with_workspace(|ws| Ok(ws.create_request(&new, state.clerk())?))
}

/// One request by its number.
#[tauri::command(async)]
pub fn get_request(
    state: State<'_, AppState>,
    number: String,
) -> Result<RequestSummary, CommandError> {
    state.with_workspace(|ws| Ok(ws.request(&number)?))
}
