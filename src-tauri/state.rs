//! The app's shared state: the data folder, the clerk, the open workspace
//! and the cancel flags of running jobs.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use disclose_core::Workspace;
use tauri::Manager;

use crate::commands::CommandError;

type Jobs = Arc<Mutex<HashMap<String, Arc<AtomicBool>>>>;

/// What every command can reach.
pub struct AppState {
    dir: PathBuf,
    clerk: String,
    // Opened lazily on first use so that a broken data folder becomes a
    // message in the window, not an app that fails to start.
    workspace: Mutex<Option<Workspace>>,
    // One cancel flag per request with a long job (import, scan, export)
    // running; the job removes it when it ends.
    jobs: Jobs,
}

impl AppState {
    pub fn new(dir: PathBuf) -> AppState {
        AppState {
            dir,
            clerk: clerk_name(),
            workspace: Mutex::new(None),
            jobs: Arc::default(),
        }
    }

    /// The data folder in use.
    pub fn dir(&self) -> &PathBuf {
        &self.dir
    }

    /// The name decisions are recorded under.
    pub fn clerk(&self) -> &str {
        &self.clerk
    }

    /// Runs `f` with the open workspace, opening it on first use. Only for
    /// short work: the long jobs use [`AppState::start_job`]'s own
    /// workspace, so that reads from the window never wait for a scan.
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

    /// Registers a long job on request `number` and opens a workspace of
    /// its own for it (a second connection to the store: WAL lets it write
    /// while the window's connection reads). One job per request at a time.
    pub fn start_job(&self, number: &str) -> Result<Job, CommandError> {
        let cancel = Arc::new(AtomicBool::new(false));
        {
            let mut jobs = self
                .jobs
                .lock()
                .map_err(|_| CommandError::internal("the job list lock was poisoned"))?;
            if jobs.contains_key(number) {
                return Err(CommandError::new(
                    format!("Disclose is already working on request {number}."),
                    Some("Wait for the running import, scan or export to finish, or cancel it."),
                ));
            }
            jobs.insert(number.to_string(), Arc::clone(&cancel));
        }
        // Built before the workspace opens, so that a failure to open it
        // unregisters the job on the way out.
        let mut job = Job {
            number: number.to_string(),
            cancel,
            jobs: Arc::clone(&self.jobs),
            clerk: self.clerk.clone(),
            workspace: None,
        };
        job.workspace = Some(Workspace::open(&self.dir)?);
        Ok(job)
    }

    /// Asks the running job of request `number`, if any, to stop.
    pub fn cancel(&self, number: &str) -> Result<(), CommandError> {
        let jobs = self
            .jobs
            .lock()
            .map_err(|_| CommandError::internal("the job list lock was poisoned"))?;
        if let Some(flag) = jobs.get(number) {
            flag.store(true, Ordering::Relaxed);
        }
        Ok(())
    }
}

/// A long job in progress: its own workspace and its cancel flag. Dropping
/// it unregisters the job, however the job ended.
pub struct Job {
    number: String,
    cancel: Arc<AtomicBool>,
    jobs: Jobs,
    clerk: String,
    workspace: Option<Workspace>,
}

impl Job {
    /// The job's workspace and cancel flag, and the clerk it acts for.
    pub fn parts(&mut self) -> Result<(&mut Workspace, &AtomicBool, &str), CommandError> {
        match self.workspace.as_mut() {
            Some(ws) => Ok((ws, &self.cancel, &self.clerk)),
            None => Err(CommandError::internal("the job's workspace is not open")),
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.remove(&self.number);
        }
    }
}

/// Runs `f` with the shared workspace and the clerk's name on a blocking
/// thread, for work that may take seconds (a log with its PDF, a term
/// searched in every document): the window's main thread never waits.
pub async fn off_main<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&mut Workspace, &str) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    let work = move || {
        let state = app.state::<AppState>();
        state.with_workspace(|ws| f(ws, state.clerk()))
    };
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| CommandError::internal("a background task stopped unexpectedly"))?
}

/// The signed-in user's name, under which decisions are recorded.
fn clerk_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "clerk".to_string())
}

/// The data folder: `DISCLOSE_DATA` when set, else the platform's app-data
/// folder for this app's identifier (the same one the command line uses).
pub fn data_dir(app: &tauri::AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = std::env::var_os(disclose_core::DATA_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}
