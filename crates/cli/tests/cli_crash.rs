//! Crash safety: `disclose scan` killed with SIGKILL in the middle of a
//! long document loses no earlier decision, leaves the store consistent
//! (the document in progress is still pending, with no findings) and a new
//! scan finishes the work.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // test helpers

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

mod support;
use support::{cmd, ok};

#[path = "../../../tests/tests/common/mod.rs"]
mod common;

fn findings(data: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&ok(data, &["findings", "P-1", "--json"])).unwrap();
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn sigkill_during_scan_loses_no_decision() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    ok(
        &data,
        &[
            "request",
            "new",
            "--number",
            "P-1",
            "--jurisdiction",
            "wa",
            "--requester",
            "R",
            "--received",
            "2026-11-02",
        ],
    );
    // A first document, scanned and decided.
    let small = common::fixture("text/email-thread-chromium.pdf").full_path();
    ok(&data, &["import", "P-1", small.to_str().unwrap()]);
    ok(&data, &["scan", "P-1"]);
    ok(&data, &["decide", "P-1", "--accept-proposed"]);
    let first = findings(&data);
    let id = first[0]["id"].as_i64().unwrap().to_string();
    ok(
        &data,
        &["decide", "P-1", "--reject", &id, "--note", "released"],
    );
    let before = findings(&data);
    assert!(before.iter().filter(|f| !f["decision"].is_null()).count() >= 2);

    // A long second document, killed while it is being scanned.
    let long = disclose_tests::synthetic_text_pdf(120, 7);
    let long_path = tmp.path().join("register.pdf");
    std::fs::write(&long_path, &long.bytes).unwrap();
    ok(&data, &["import", "P-1", long_path.to_str().unwrap()]);
    let started = Instant::now();
    let mut child = cmd(&data)
        .args(["scan", "P-1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL on unix
    let status = child.wait().unwrap();
    assert!(
        still_running,
        "the scan finished in {:?}, before it could be killed: make the document longer",
        started.elapsed()
    );
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(9));

    // Every earlier decision is intact, nothing of the killed scan is stored.
    assert_eq!(findings(&data), before);
    assert!(ok(&data, &["audit", "verify", "P-1"]).contains("intact"));
    let docs: Value = serde_json::from_str(&ok(&data, &["documents", "P-1", "--json"])).unwrap();
    assert_eq!(docs["documents"][0]["scan_status"], "scanned");
    assert_eq!(docs["documents"][1]["scan_status"], "pending");

    // Scanning again finishes the long document.
    let out = ok(&data, &["scan", "P-1"]);
    assert!(out.contains("scanned 1 document(s)"), "{out}");
    let after = findings(&data);
    let register: Vec<_> = after
        .iter()
        .filter(|f| f["document"] == "register.pdf")
        .collect();
    assert!(
        register.len() >= long.planted.len() / 2,
        "{}",
        register.len()
    );
    // The first document's decisions are still in force.
    for f in &before {
        let same = after.iter().find(|g| g["id"] == f["id"]).unwrap();
        assert_eq!(same["decision"], f["decision"]);
    }
}
