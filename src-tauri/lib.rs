//! The Disclose desktop shell: the Tauri builder, its plugins, the app state
//! and thin commands (one module per feature under `commands/`) that
//! delegate to `disclose-core`. No workflow logic lives here.

mod commands;
mod state;

use tauri::Manager;

/// Builds and runs the desktop app until its last window closes.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let dir = state::data_dir(app.handle())?;
            app.manage(state::AppState::new(dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::requests::list_requests,
            commands::requests::workspace_info,
            commands::requests::list_jurisdictions,
            commands::requests::create_request,
            commands::requests::get_request,
            commands::example::create_example_request,
            commands::documents::list_documents,
            commands::documents::import_documents,
            commands::documents::document_bytes,
            commands::documents::document_pages,
            commands::scan::scan_request,
            commands::scan::cancel_job,
            commands::review::list_findings,
            commands::review::decide,
            commands::review::undo,
            commands::review::add_manual_area,
            commands::review::add_term,
            commands::review::list_manual,
            commands::review::remove_manual,
            commands::review::list_codes,
            commands::log::exemption_log,
            commands::log::review_log_entry,
            commands::export::export_request,
            commands::export::list_exports,
            commands::export::save_log,
            commands::export::exported_file,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        // Nothing to recover: the window system or webview could not start.
        eprintln!("Disclose could not start: {err}");
        std::process::exit(1);
    }
}
