//! Tauri's build-time helpers. The app package's manifest is the root
//! Cargo.toml (beside tauri.conf.json), so capability files are found under
//! src-tauri/ explicitly.

fn main() {
    let attrs =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    if let Err(err) = tauri_build::try_build(attrs) {
        // A build script reports failure by panicking; say why first.
        eprintln!("tauri-build failed: {err:#}");
        std::process::exit(1);
    }
}
