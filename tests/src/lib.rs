//! Cross-crate integration tests for Disclose. The tests live in `tests/`
//! beside this file; this library holds helpers they share: where the
//! repository, its fixtures and the qpdf corpus are.

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The project's fixtures folder.
pub fn fixtures_dir() -> PathBuf {
    repo_root().join("fixtures")
}

/// The qpdf test-suite corpus beside the repository (`../shared/corpus/qpdf-qtest`),
/// when present. Tests that need it skip with a message when it is absent.
pub fn qpdf_corpus() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/corpus/qpdf-qtest");
    dir.is_dir().then_some(dir)
}
