//! The workspace as the app and the CLI open it.

use disclose_core::Workspace;

#[test]
fn app_and_cli_can_open_the_same_data_folder_together() {
    let tmp = tempfile::tempdir().unwrap();
    let app = Workspace::open(tmp.path()).unwrap();
    let cli = Workspace::open(tmp.path()).unwrap();
    assert!(app.list_requests().unwrap().is_empty());
    assert!(cli.list_requests().unwrap().is_empty());
}
