//! Running the real `disclose` binary from the CLI's integration tests:
//! one place for how it is started (no DISCLOSE_DATA or user name leaking in
//! from the environment, clerk `ana`) and for what success and a clerk-facing
//! failure look like.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary, with nothing taken from the caller's environment that would
/// change which store it opens or who it records.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_disclose"));
    c.env_remove("DISCLOSE_DATA")
        .env_remove("USER")
        .env_remove("USERNAME");
    c
}

/// `disclose --data DATA --clerk ana`, ready for more arguments.
pub fn cmd(data: &Path) -> Command {
    let mut c = bin();
    c.arg("--data").arg(data).args(["--clerk", "ana"]);
    c
}

/// Runs `disclose --data DATA --clerk ana ARGS...` to the end.
pub fn run(data: &Path, args: &[&str]) -> Output {
    cmd(data).args(args).output().unwrap()
}

/// Runs and expects success; returns stdout.
pub fn ok(data: &Path, args: &[&str]) -> String {
    let out = run(data, args);
    assert!(
        out.status.success(),
        "disclose {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs and expects a clerk-facing error (exit 1, `disclose: ...`, no
/// panic); returns stderr.
pub fn fails(data: &Path, args: &[&str]) -> String {
    let out = run(data, args);
    assert_eq!(out.status.code(), Some(1), "disclose {args:?}: {out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("disclose: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// A file of the project's fixtures folder.
pub fn fixture(path: &str) -> PathBuf {
    disclose_tests::fixtures_dir().join(path)
}

/// A file's SHA-256, lowercase hex, as `sha256sum` (coreutils) gives it:
/// an independent check of the hashes the export records.
pub fn sha256_file(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}
