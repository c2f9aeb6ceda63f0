//! What every store-backed subcommand shares: the data folder, the clerk's
//! name, and turning core errors into words.

use std::path::{Path, PathBuf};

use disclose_core::Workspace;

/// The data folder and clerk chosen on the command line.
pub struct Context {
    /// `--data`, if given.
    pub data: Option<PathBuf>,
    /// `--clerk`, if given.
    pub clerk: Option<String>,
}

impl Context {
    /// Opens the workspace: `--data`, else DISCLOSE_DATA, else the desktop
    /// app's data folder.
    pub fn open(&self) -> Result<Workspace, String> {
        let dir = match &self.data {
            Some(d) => d.clone(),
            None => disclose_core::default_data_dir().ok_or_else(|| {
                "cannot find the application data folder: give one with --data DIR".to_string()
            })?,
        };
        open_at(&dir)
    }

    /// The clerk's name: `--clerk`, else $USER, else $USERNAME.
    pub fn clerk(&self) -> Result<String, String> {
        let from_env = || {
            ["USER", "USERNAME"]
                .iter()
                .filter_map(std::env::var_os)
                .map(|v| v.to_string_lossy().trim().to_string())
                .find(|v| !v.is_empty())
        };
        self.clerk
            .clone()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .or_else(from_env)
            .ok_or_else(|| {
                "cannot tell who is working: give your name with --clerk NAME".to_string()
            })
    }
}

fn open_at(dir: &Path) -> Result<Workspace, String> {
    Workspace::open(dir).map_err(|e| format!("cannot open the data folder {}: {e}", dir.display()))
}

/// A core error in words (core's messages already say what to do).
pub fn explain(e: disclose_core::CoreError) -> String {
    e.to_string()
}

/// Writes JSON to stdout, followed by a newline.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| format!("cannot write the JSON: {e}"))?;
    writeln!(out).map_err(|e| format!("cannot write the JSON: {e}"))
}

/// Prints a line to stdout; a closed pipe is not an error worth a message.
pub fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}
