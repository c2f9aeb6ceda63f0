//! Crash safety of `disclose export`: the CLI is killed with SIGKILL at
//! several points of an export of a long document (fractions of the time
//! a whole export takes). After each kill the store still holds every
//! decision, the audit trail is intact, the interrupted export is recorded
//! as not verified (`writing`), and every file under a final name in the
//! output folder is one that a verified export recorded with its SHA-256.
//! A last export runs to the end and leaves no temporary file behind.

#![cfg(unix)]
#![allow(clippy::unwrap_used)] // test helpers

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use serde_json::Value;

mod support;
use support::{cmd, ok, sha256_file};

fn json(data: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(data, args)).unwrap()
}

/// The (name, sha256) pairs every verified export recorded.
fn vouched(data: &Path) -> BTreeSet<(String, String)> {
    let h = json(data, &["export", "P-1", "--history", "--json"]);
    h["exports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["verified"] == true)
        .flat_map(|e| e["files"].as_array().unwrap().clone())
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn final_files(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn sigkill_during_export_leaves_no_unverified_final_file() {
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
            "--bates-prefix",
            "CRASH-1",
        ],
    );
    let long = disclose_tests::synthetic_text_pdf(40, 11);
    let long_path = tmp.path().join("register.pdf");
    std::fs::write(&long_path, &long.bytes).unwrap();
    let small = disclose_tests::fixtures_dir().join("text/utility-bill-reportlab.pdf");
    ok(
        &data,
        &[
            "import",
            "P-1",
            long_path.to_str().unwrap(),
            small.to_str().unwrap(),
        ],
    );
    ok(&data, &["scan", "P-1"]);
    ok(&data, &["decide", "P-1", "--accept-proposed"]);
    let findings = json(&data, &["findings", "P-1", "--json"]);
    assert!(
        findings["findings"].as_array().unwrap().len() > 100,
        "the long document yields findings"
    );

    // How long a whole export takes here.
    let started = Instant::now();
    ok(
        &data,
        &[
            "export",
            "P-1",
            "--out",
            tmp.path().join("timing").to_str().unwrap(),
        ],
    );
    let whole = started.elapsed();

    let out = tmp.path().join("out");
    let mut killed_while_running = 0;
    let mut interrupted = 0;
    for tenth in [1u32, 3, 5, 7, 9] {
        let mut child = cmd(&data)
            .args(["export", "P-1", "--out", out.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * tenth / 10);
        let running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        killed_while_running += usize::from(running);

        // Every decision is intact and the trail unbroken.
        assert_eq!(json(&data, &["findings", "P-1", "--json"]), findings);
        assert!(ok(&data, &["audit", "verify", "P-1"]).contains("intact"));
        let history = json(&data, &["export", "P-1", "--history", "--json"]);
        let newest = &history["exports"][0];
        if running {
            assert_ne!(newest["status"], "failed", "{newest}");
        }
        // Every file under a final name is one a verified export vouches
        // for, byte for byte.
        let vouched = vouched(&data);
        for name in final_files(&out) {
            let sha = sha256_file(&out.join(&name));
            assert!(
                vouched.contains(&(name.clone(), sha)),
                "{name} lies in the output folder but no verified export recorded it \
                 (killed at {tenth}/10 of {whole:?})"
            );
        }
        // What the history calls verified is in the folder, as recorded:
        // a kill between the verification and the renames reads as
        // interrupted, not verified.
        for e in history["exports"].as_array().unwrap() {
            if e["status"] == "verified" {
                for f in e["files"].as_array().unwrap() {
                    let path =
                        Path::new(e["out_dir"].as_str().unwrap()).join(f["name"].as_str().unwrap());
                    assert!(path.exists(), "{e}");
                    assert_eq!(sha256_file(&path), f["sha256"].as_str().unwrap(), "{e}");
                }
            } else if e["status"] == "interrupted" {
                // Killed before its renames (verified, never delivered), or
                // while writing (its process gone, nothing vouched for).
                assert!(e["delivered_at"].is_null(), "{e}");
                if e["verified"] != true {
                    assert_eq!(e["files"], serde_json::json!([]), "{e}");
                }
            }
        }
        // The export the kill hit reads as interrupted (its writer is gone,
        // so nobody holds its folder lock), never as verified or writing.
        if running {
            assert_ne!(newest["status"], "writing", "{newest}");
        }
        if newest["status"] == "interrupted" {
            interrupted += 1;
        }
    }
    assert!(
        killed_while_running >= 3,
        "only {killed_while_running} kill(s) hit a running export (a whole one takes {whole:?})"
    );

    assert!(interrupted >= 1, "no kill left an export interrupted");

    // A last export finishes, clears the temporary files a killed one left,
    // and its files are the ones recorded.
    ok(&data, &["export", "P-1", "--out", out.to_str().unwrap()]);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    assert_eq!(names.len(), 2 + 3, "{names:?}");
    let vouched = vouched(&data);
    for name in names {
        let sha = sha256_file(&out.join(&name));
        assert!(vouched.contains(&(name, sha)));
    }
}
