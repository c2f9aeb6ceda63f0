//! The app's shared state: the data folder and the open workspace.

use std::path::PathBuf;
use std::sync::Mutex;

use disclose_core::Workspace;
use tauri::Manager;

use crate::commands::CommandError;

/// What every command can reach.
pub struct AppState {
    dir: PathBuf,
    // Opened lazily on first use so that a broken data folder becomes a
    // message in the window, not an app that fails to start.
    workspace: Mutex<Option<Workspace>>,
}

impl AppState {
    pub fn new(dir: PathBuf) -> AppState {
        AppState {
            dir,
            workspace: Mutex::new(None),
        }
    }

    /// The data folder in use.
    pub fn dir(&self) -> &PathBuf {
        &self.dir
    }

    /// Runs `f` with the open workspace, opening it on first use.
    pub fn with_workspace<T>(
        &self,
        f: impl FnOnce(&mut Workspace) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let mut guard = self
            .workspace
            .lock()
            .map_err(|_| CommandError::internal("the workspace lock was poisoned"))?;
        if guard.is_none() {
            *guard = Some(Workspace::open(&self.dir)?);
        }
        match guard.as_mut() {
            Some(ws) => f(ws),
            None => Err(CommandError::internal("the workspace is not open")),
        }
    }
}

/// The data folder: `DISCLOSE_DATA` when set, else the platform's app-data
/// folder for this app's identifier (the same one the command line uses).
pub fn data_dir(app: &tauri::AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = std::env::var_os(disclose_core::DATA_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}
