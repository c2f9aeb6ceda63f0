//! The README's two commands, for Linux, macOS and Windows alike:
//!
//! - `cargo xtask app`:  set up whatever is missing, then launch the desktop app.
//! - `cargo xtask test`: set up whatever is missing, then run every check and
//!   test: rustfmt, clippy, the Rust tests, the front end's type check and
//!   unit tests, and the end-to-end tests that drive the built app.
//!
//! Why an xtask (docs/decisions.md): it needs nothing beyond the Rust
//! toolchain a contributor already has for this project, runs the same on
//! all three systems (no shell or PowerShell variants), and is plain Rust
//! that the team can read and test. It uses the standard library only, so
//! it compiles in seconds on a cold machine.

use std::env;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Debian packages the desktop app needs to build and run (Tauri's Linux prerequisites).
const APP_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "curl",
    "file",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
];

/// Debian packages the tests need on top: the WebKit WebDriver and a virtual
/// display and ImageMagick (screenshots) for the end-to-end tests, poppler and
/// qpdf as independent checkers.
const TEST_PACKAGES: &[&str] = &[
    "webkit2gtk-driver",
    "xvfb",
    "imagemagick",
    "poppler-utils",
    "qpdf",
];

/// The tauri-driver release the end-to-end tests are written against.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// Node.js version the front end's tooling (Vite 8) needs at least.
const MIN_NODE: (u32, u32) = (20, 19);

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("app") => app(),
        Some("test") => test(&args[1..]),
        Some("setup") => setup(true).map(|_| ()),
        Some("e2e") => e2e_only(),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n\
                 commands:\n  \
                 app     set up whatever is missing and launch the desktop app\n  \
                 test    set up whatever is missing and run every check and test\n          \
                 (--no-e2e skips the end-to-end tests, for a quick local loop)\n  \
                 e2e     build the app and run only the end-to-end tests\n  \
                 setup   only install what the app and the tests need"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("\nxtask: {msg}");
            ExitCode::FAILURE
        }
    }
}

type Result<T> = std::result::Result<T, String>;

fn root() -> PathBuf {
    // xtask/ sits at the repository root. `cargo run` sets CARGO_MANIFEST_DIR
    // at run time too; prefer it to the compile-time value, because Cargo
    // reuses a built xtask across checkouts of the same workspace (its
    // fingerprints hold workspace-relative paths).
    let manifest = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

fn ui_dir() -> PathBuf {
    root().join("ui")
}

/// `cargo xtask app`: set up, then `tauri dev` (Vite dev server + debug build).
fn app() -> Result<()> {
    setup(false)?;
    step("launching Disclose (tauri dev)");
    let status = Command::new(tauri_cli())
        .arg("dev")
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot start the Tauri CLI: {e}"))?;
    ok_or(status.success(), "the app exited with an error")
}

/// `cargo xtask test`: every check, continuing past a failure so that one
/// run reports everything; fails if any step failed.
fn test(args: &[String]) -> Result<()> {
    let e2e = !args.iter().any(|a| a == "--no-e2e");
    let started = Instant::now();
    setup(e2e)?;
    let root = root();
    let ui = ui_dir();
    let mut failed: Vec<&str> = Vec::new();
    let mut passed: Vec<&str> = Vec::new();
    let mut record = |name: &'static str, ok: bool| {
        if ok {
            passed.push(name)
        } else {
            failed.push(name)
        }
    };

    record(
        "rustfmt",
        run("cargo", &["fmt", "--all", "--", "--check"], &root),
    );
    record(
        "clippy",
        run(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--locked",
                "--",
                "-D",
                "warnings",
            ],
            &root,
        ),
    );
    record(
        "rust tests",
        run("cargo", &["test", "--workspace", "--locked"], &root),
    );
    record("front-end type check", run(npm(), &["run", "check"], &ui));
    record("front-end unit tests", run(npm(), &["test"], &ui));
    if e2e {
        match e2e_supported() {
            Ok(()) => {
                let built = build_app_for_e2e(&root);
                record("app build", built);
                if built {
                    record(
                        "end-to-end tests",
                        run_e2e(&root).unwrap_or_else(|e| {
                            eprintln!("xtask: {e}");
                            false
                        }),
                    );
                }
            }
            Err(why) => eprintln!("\nxtask: end-to-end tests skipped: {why}"),
        }
    }

    println!(
        "\nxtask test: {} passed, {} failed in {:.0?} ({})",
        passed.len(),
        failed.len(),
        started.elapsed(),
        if failed.is_empty() {
            "all green".to_string()
        } else {
            format!("failed: {}", failed.join(", "))
        }
    );
    ok_or(failed.is_empty(), "some checks failed (see above)")
}

/// `cargo xtask e2e`: build the app and run only the end-to-end tests.
fn e2e_only() -> Result<()> {
    setup(true)?;
    e2e_supported()?;
    let root = root();
    ok_or(build_app_for_e2e(&root), "the app build failed")?;
    ok_or(run_e2e(&root)?, "end-to-end tests failed")
}

// ---------------------------------------------------------------------------
// Set-up: system packages, Node, npm packages, tauri-driver.

fn setup(for_tests: bool) -> Result<()> {
    if cfg!(target_os = "linux") {
        let mut wanted: Vec<&str> = APP_PACKAGES.to_vec();
        if for_tests {
            wanted.extend_from_slice(TEST_PACKAGES);
        }
        ensure_debian_packages(&wanted)?;
    }
    check_node()?;
    ensure_npm_packages()?;
    if for_tests && e2e_supported().is_ok() {
        ensure_tauri_driver()?;
    }
    Ok(())
}

fn ensure_debian_packages(wanted: &[&str]) -> Result<()> {
    if !Path::new("/etc/debian_version").exists() || which("dpkg-query").is_none() {
        eprintln!(
            "xtask: not a Debian-family system; make sure the equivalents of these are installed: {}",
            wanted.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|p| !deb_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!(
        "installing Debian packages: {}",
        missing.join(" ")
    ));
    let root_user = output("id", &["-u"])
        .map(|s| s.trim() == "0")
        .unwrap_or(false);
    let (program, prefix): (&str, Vec<&str>) = if root_user {
        ("apt-get", vec![])
    } else if which("sudo").is_some() {
        ("sudo", vec!["apt-get"])
    } else {
        return Err(format!(
            "these Debian packages are missing and there is no sudo to install them: {}\n\
             install them as root: apt-get install {}",
            missing.join(" "),
            missing.join(" ")
        ));
    };
    let mut update: Vec<&str> = prefix.clone();
    update.extend(["update", "-qq"]);
    let mut install: Vec<&str> = prefix;
    install.extend(["install", "-y", "-qq", "--no-install-recommends"]);
    install.extend(missing.iter().copied());
    for args in [update, install] {
        let status = Command::new(program)
            .args(&args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run {program}: {e}"))?;
        ok_or(
            status.success(),
            &format!("`{program} {}` failed", args.join(" ")),
        )?;
    }
    Ok(())
}

fn deb_installed(package: &str) -> bool {
    output("dpkg-query", &["-W", "-f=${Status}", package])
        .map(|s| s.contains("install ok installed"))
        .unwrap_or(false)
}

fn check_node() -> Result<()> {
    let version = output("node", &["--version"]).ok_or_else(|| {
        format!(
            "Node.js is missing: install Node.js {}.{} or newer (with npm) from your package \
             manager or nodejs.org, then run this command again",
            MIN_NODE.0, MIN_NODE.1
        )
    })?;
    let mut parts = version.trim().trim_start_matches('v').split('.');
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    ok_or(
        (major, minor) >= MIN_NODE,
        &format!(
            "Node.js {} is too old: the front end needs {}.{} or newer",
            version.trim(),
            MIN_NODE.0,
            MIN_NODE.1
        ),
    )
}

/// `npm ci` when node_modules is missing or older than the lock file.
fn ensure_npm_packages() -> Result<()> {
    let ui = ui_dir();
    let lock = ui.join("package-lock.json");
    let marker = ui.join("node_modules/.package-lock.json");
    let fresh = match (modified(&lock), modified(&marker)) {
        (Some(l), Some(m)) => m >= l,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    step("installing the front end's npm packages (npm ci)");
    ok_or(
        run(npm(), &["ci", "--no-audit", "--no-fund"], &ui),
        "npm ci failed: check the network access to the npm registry",
    )
}

/// Cargo's target folder: CARGO_TARGET_DIR when set (relative to the
/// repository root), else `target/`.
fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

fn tools_dir() -> PathBuf {
    target_dir().join("tools")
}

fn tauri_driver() -> Option<PathBuf> {
    let local = tools_dir().join("bin").join(exe("tauri-driver"));
    if local.exists() {
        Some(local)
    } else {
        which("tauri-driver")
    }
}

fn ensure_tauri_driver() -> Result<()> {
    if tauri_driver().is_some() {
        return Ok(());
    }
    step(&format!(
        "installing tauri-driver {TAURI_DRIVER_VERSION} into target/tools"
    ));
    let tools = tools_dir();
    let ok = run(
        "cargo",
        &[
            "install",
            "tauri-driver",
            "--version",
            TAURI_DRIVER_VERSION,
            "--locked",
            "--root",
            &tools.to_string_lossy(),
        ],
        &root(),
    );
    ok_or(ok, "cargo install tauri-driver failed")
}

// ---------------------------------------------------------------------------
// End-to-end tests: build the app, give it a display, drive it.

fn e2e_supported() -> Result<()> {
    if cfg!(target_os = "macos") {
        return Err(
            "macOS has no WebDriver for its WKWebView (tauri-driver supports Linux and Windows)"
                .into(),
        );
    }
    if cfg!(windows) && which("msedgedriver").is_none() {
        return Err(
            "put msedgedriver.exe matching your Edge version on PATH to run them on Windows".into(),
        );
    }
    Ok(())
}

fn build_app_for_e2e(root: &Path) -> bool {
    step("building the app for the end-to-end tests (tauri build --debug --no-bundle)");
    run(tauri_cli(), &["build", "--debug", "--no-bundle"], root)
}

fn run_e2e(root: &Path) -> Result<bool> {
    let app = target_dir().join("debug").join(exe("disclose-desktop"));
    ok_or(
        app.exists(),
        &format!("the built app is missing at {}", app.display()),
    )?;
    let driver = tauri_driver().ok_or("tauri-driver is not installed")?;
    let artifacts = target_dir().join("e2e-artifacts");
    std::fs::create_dir_all(&artifacts)
        .map_err(|e| format!("cannot create {}: {e}", artifacts.display()))?;

    // A display: the session's own when there is one (and this is not CI),
    // otherwise a private Xvfb.
    let mut xvfb: Option<Child> = None;
    let mut display = env::var("DISPLAY").ok().filter(|d| !d.is_empty());
    if cfg!(target_os = "linux") && (display.is_none() || env::var_os("CI").is_some()) {
        let (child, name) = start_xvfb()?;
        xvfb = Some(child);
        display = Some(name);
    }

    step("running the end-to-end tests");
    let mut cmd = Command::new(npm());
    cmd.args(["run", "e2e"])
        .current_dir(ui_dir())
        .env("DISCLOSE_APP", &app)
        .env("TAURI_DRIVER", &driver)
        .env("DISCLOSE_E2E_ARTIFACTS", &artifacts)
        .env("DISCLOSE_FIXTURES", root.join("fixtures"))
        // Under Xvfb WebKit's compositing leaves the window blank, and the
        // accessibility bus is absent.
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .env("NO_AT_BRIDGE", "1");
    if let Some(d) = &display {
        cmd.env("DISPLAY", d);
    }
    let ok = cmd.status().map(|s| s.success()).unwrap_or(false);
    if let Some(mut child) = xvfb {
        let _ = child.kill();
        let _ = child.wait();
    }
    println!(
        "xtask: end-to-end screenshots are in {}",
        artifacts.display()
    );
    Ok(ok)
}

fn start_xvfb() -> Result<(Child, String)> {
    which("Xvfb").ok_or("Xvfb is missing (Debian package xvfb)")?;
    for n in 90..120 {
        let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        if lock.exists() || socket.exists() {
            continue;
        }
        let name = format!(":{n}");
        let mut child = Command::new("Xvfb")
            .args([
                name.as_str(),
                "-screen",
                "0",
                "1366x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Xvfb: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if socket.exists() {
                return Ok((child, name));
            }
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
    }
    Err("could not start Xvfb on any display from :90 to :119".into())
}

// ---------------------------------------------------------------------------
// Small helpers.

fn tauri_cli() -> PathBuf {
    ui_dir()
        .join("node_modules")
        .join(".bin")
        .join(if cfg!(windows) { "tauri.cmd" } else { "tauri" })
}

fn npm() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}

fn exe(name: &str) -> String {
    format!("{name}{}", env::consts::EXE_SUFFIX)
}

fn step(what: &str) {
    println!("\n==> {what}");
}

fn run(program: impl AsRef<OsStr>, args: &[&str], dir: &Path) -> bool {
    let program = program.as_ref();
    step(&format!("{} {}", program.to_string_lossy(), args.join(" ")));
    match Command::new(program).args(args).current_dir(dir).status() {
        Ok(status) => status.success(),
        Err(e) => {
            eprintln!("xtask: cannot run {}: {e}", program.to_string_lossy());
            false
        }
    }
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn which(program: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(exe(program)))
        .find(|candidate| candidate.is_file())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn ok_or(ok: bool, msg: &str) -> Result<()> {
    if ok { Ok(()) } else { Err(msg.to_string()) }
}
