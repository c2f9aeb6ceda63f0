//! Exporting a request: redacted documents, verified, and the exemption
//! log, written into a folder the clerk chose.

use std::path::PathBuf;

use disclose_core::{ExportOptions, ExportProgress, ExportRecord, ExportReport};
use tauri::ipc::{Channel, Response};
use tauri::{AppHandle, State};

use super::CommandError;
use crate::state::{AppState, off_main};

fn folder(out_dir: &str) -> Result<PathBuf, CommandError> {
    let out_dir = out_dir.trim();
    if out_dir.is_empty() {
        return Err(CommandError::new(
            "No folder was chosen.",
            Some("Choose the folder to write the files into."),
        ));
    }
    Ok(PathBuf::from(out_dir))
}

/// Exports the request into `out_dir`, off the main thread and on a
/// workspace of its own, reporting each stage of each document.
#[tauri::command]
pub async fn export_request(
    state: State<'_, AppState>,
    number: String,
    out_dir: String,
    sanitize: bool,
    on_progress: Channel<ExportProgress>,
) -> Result<ExportReport, CommandError> {
    let out_dir = folder(&out_dir)?;
    let mut job = state.start_job(&number)?;
    let work = move || {
        let (ws, cancel, clerk) = job.parts()?;
        // A window that went away cannot be told; the export goes on.
        let mut progress = |p: &ExportProgress| {
            let _ = on_progress.send(p.clone());
        };
        let options = ExportOptions { sanitize };
        Ok(ws.export_with(&number, &out_dir, clerk, &mut progress, cancel, &options)?)
    };
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| CommandError::internal("the export stopped unexpectedly"))?
}

/// The request's exports, newest first, each checked against its folder
/// now (off the main thread: the check hashes every file).
#[tauri::command]
pub async fn list_exports(
    app: AppHandle,
    number: String,
) -> Result<Vec<ExportRecord>, CommandError> {
    off_main(app, move |ws, _| Ok(ws.exports(&number)?)).await
}

/// Writes the exemption log's CSV, JSON and PDF into `out_dir`; returns
/// their paths.
#[tauri::command]
pub async fn save_log(
    app: AppHandle,
    number: String,
    out_dir: String,
) -> Result<Vec<String>, CommandError> {
    let out_dir = folder(&out_dir)?;
    off_main(app, move |ws, clerk| {
        Ok(ws
            .write_log(&number, &out_dir, clerk)?
            .into_iter()
            .map(|p| p.display().to_string())
            .collect())
    })
    .await
}

/// An exported PDF's bytes, for the preview on the export screen. Only a
/// plain PDF file name inside the export folder is read.
#[tauri::command]
pub async fn exported_file(out_dir: String, file: String) -> Result<Response, CommandError> {
    let plain = !file.is_empty()
        && !file.contains(['/', '\\'])
        && file != ".."
        && file.to_ascii_lowercase().ends_with(".pdf");
    if !plain {
        return Err(CommandError::new(
            format!("'{file}' is not a PDF written by the export."),
            Some("Export again, then preview one of the files listed."),
        ));
    }
    let path = folder(&out_dir)?.join(&file);
    let read = move || {
        std::fs::read(&path).map_err(|source| {
            CommandError::from(disclose_core::CoreError::Io {
                action: "read",
                path,
                source,
            })
        })
    };
    let bytes = tauri::async_runtime::spawn_blocking(read)
        .await
        .map_err(|_| CommandError::internal("reading the exported file stopped unexpectedly"))??;
    Ok(Response::new(bytes))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The field names of the TypeScript interface `name` in `source`.
    fn ts_fields(source: &str, name: &str) -> BTreeSet<String> {
        let start = source.find(&format!("export interface {name} {{")).unwrap();
        let body = &source[start..];
        let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
        body.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("/*") && !l.starts_with('*'))
            .map(|l| l[..l.find(':').unwrap()].trim_end_matches('?').to_string())
            .collect()
    }

    // What list_exports returns is what ui/src/lib/api.ts reads: the same
    // field names, none missing on either side.
    #[test]
    fn export_records_serialize_as_the_front_end_reads_them() {
        let record = ExportRecord {
            id: 3,
            out_dir: "/out".into(),
            clerk: "ana".into(),
            started_at: "2026-11-03T09:00:00Z".into(),
            finished_at: None,
            status: "interrupted".into(),
            verified: false,
            delivered_at: None,
            files: serde_json::json!([]),
        };
        let json = serde_json::to_value(&record).unwrap();
        let keys: BTreeSet<String> = json.as_object().unwrap().keys().cloned().collect();
        let api = include_str!("../../ui/src/lib/api.ts");
        assert_eq!(keys, ts_fields(api, "ExportRecord"));
        assert_eq!(json["finished_at"], serde_json::Value::Null);
        assert_eq!(json["status"], "interrupted");
    }
}
