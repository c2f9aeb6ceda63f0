//! The `disclose redact` figure (issue 6): the one-shot command on a
//! 1,000-page document, end to end (process start, read, detect, propose,
//! redact, save, verify, write the PDF and the log), its wall time and its
//! peak memory (maximum resident set size, from `/usr/bin/time -v` when it
//! is installed, else the child's VmHWM polled from /proc). Prints figures,
//! asserts nothing about time. Run it in release mode:
//!
//! `cargo test --release -p disclose-cli --test redact_bench -- --ignored --nocapture`
//!
//! DISCLOSE_BENCH_PAGES overrides the page count (for a quick look).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)] // test helpers

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn pages() -> u32 {
    std::env::var("DISCLOSE_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

/// VmHWM of a running process, in kB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// What one run measured.
struct Run {
    wall: Duration,
    /// Peak RSS, kB.
    rss: Option<u64>,
    /// User + system CPU seconds (less sensitive than wall time to other
    /// work on the machine), when /usr/bin/time reports them.
    cpu: Option<f64>,
    how: &'static str,
    stdout: String,
}

/// Runs `disclose ARGS`.
fn measure(args: &[&str]) -> Run {
    let bin = env!("CARGO_BIN_EXE_disclose");
    let time = Path::new("/usr/bin/time");
    if time.exists() {
        let start = Instant::now();
        let out = Command::new(time)
            .arg("-v")
            .arg(bin)
            .args(args)
            .output()
            .unwrap();
        let wall = start.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let field = |name: &str| -> Option<f64> {
            stderr
                .lines()
                .find(|l| l.contains(name))
                .and_then(|l| l.rsplit(':').next())
                .and_then(|v| v.trim().parse().ok())
        };
        let cpu = field("User time (seconds)")
            .zip(field("System time (seconds)"))
            .map(|(u, s)| u + s);
        return Run {
            wall,
            rss: field("Maximum resident set size").map(|kb| kb as u64),
            cpu,
            how: "/usr/bin/time -v",
            stdout: String::from_utf8(out.stdout).unwrap(),
        };
    }
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut peak = None;
    while child.try_wait().unwrap().is_none() {
        if let Some(kb) = vm_hwm(child.id()) {
            peak = Some(peak.unwrap_or(0).max(kb));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = start.elapsed();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Run {
        wall,
        rss: peak,
        cpu: None,
        how: "VmHWM polled every 5 ms (a lower bound)",
        stdout: String::from_utf8(out.stdout).unwrap(),
    }
}

#[test]
#[ignore = "a bench: run with --release -- --ignored --nocapture"]
fn redact_1000_pages_end_to_end() {
    let pages = pages();
    let pdf = disclose_tests::synthetic_text_pdf(pages, 7);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("register.pdf");
    std::fs::write(&input, &pdf.bytes).unwrap();
    let input_s = input.to_str().unwrap();
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "disclose redact ({profile} build): {pages} pages, {} planted values, {} bytes in",
        pdf.planted.len(),
        pdf.bytes.len()
    );
    let runs: [(&str, Vec<&str>); 2] = [
        ("detect + propose + redact", vec![]),
        (
            "--no-detect, one --term",
            vec!["--no-detect", "--term", "Lakemont"],
        ),
    ];
    for (label, extra) in runs {
        let out = dir.path().join("out.pdf");
        let log = dir.path().join("log.csv");
        let mut args = vec![
            "redact",
            input_s,
            "--jurisdiction",
            "wa",
            "-o",
            out.to_str().unwrap(),
            "--log",
            log.to_str().unwrap(),
            "--json",
        ];
        args.extend(extra);
        let run = measure(&args);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let rss = run.rss.map_or("unknown".into(), |kb| {
            format!("{:.1} MiB", kb as f64 / 1024.0)
        });
        let cpu = run.cpu.map_or("unknown".into(), |c| format!("{c:.2} s"));
        println!(
            "  {label}: {} areas, {} values verified, {:.2} s wall, {cpu} CPU, peak RSS {rss} \
             ({}), {} bytes out",
            report["areas"],
            report["values_verified"],
            run.wall.as_secs_f64(),
            run.how,
            std::fs::metadata(&out).unwrap().len()
        );
    }
}

/// `disclose export` of a request holding the same 1,000-page document,
/// scanned and every proposal accepted: the export step alone (redact,
/// Bates-stamp, verify, write, the log in three forms), wall time and peak
/// memory.
#[test]
#[ignore = "a bench: run with --release -- --ignored --nocapture"]
fn export_1000_pages_end_to_end() {
    let pages = pages();
    let pdf = disclose_tests::synthetic_text_pdf(pages, 7);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("register.pdf");
    std::fs::write(&input, &pdf.bytes).unwrap();
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    let setup: [&[&str]; 4] = [
        &[
            "request",
            "new",
            "--number",
            "B-1",
            "--jurisdiction",
            "wa",
            "--requester",
            "R",
            "--bates-prefix",
            "BENCH",
        ],
        &["import", "B-1", input.to_str().unwrap()],
        &["scan", "B-1"],
        &["decide", "B-1", "--accept-proposed"],
    ];
    for args in setup {
        let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
            .args(["--data", data_s, "--clerk", "bench"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out_dir = dir.path().join("out");
    let run = measure(&[
        "--data",
        data_s,
        "--clerk",
        "bench",
        "export",
        "B-1",
        "--out",
        out_dir.to_str().unwrap(),
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rss = run.rss.map_or("unknown".into(), |kb| {
        format!("{:.1} MiB", kb as f64 / 1024.0)
    });
    let cpu = run.cpu.map_or("unknown".into(), |c| format!("{c:.2} s"));
    println!(
        "disclose export: {pages} pages, {} areas, Bates {} to {}: {:.2} s wall, {cpu} CPU, \
         peak RSS {rss} ({})",
        report["documents"][0]["areas"],
        report["documents"][0]["bates_first"],
        report["documents"][0]["bates_last"],
        run.wall.as_secs_f64(),
        run.how
    );
}
