//! `disclose scan REQUEST`.

use std::io::{IsTerminal, Write};
use std::sync::atomic::AtomicBool;

use clap::Args;

use crate::context::{Context, explain, say};

/// Scan the request's documents not scanned yet.
#[derive(Args)]
pub struct ScanArgs {
    /// The request number.
    request: String,
}

/// Runs `disclose scan`: a progress line on a terminal, quiet otherwise.
pub fn run(ctx: &Context, args: ScanArgs) -> Result<(), String> {
    let clerk = ctx.clerk()?;
    let mut ws = ctx.open()?;
    let tty = std::io::stderr().is_terminal();
    let mut progress = |p: &disclose_core::ScanProgress| {
        if tty {
            let _ = write!(
                std::io::stderr(),
                "\r\x1b[Kscanning {}/{} {}: page {}/{}",
                p.document_index,
                p.documents,
                p.document,
                p.page,
                p.pages
            );
        }
    };
    let report = ws
        .scan(
            &args.request,
            &clerk,
            &mut progress,
            &AtomicBool::new(false),
        )
        .map_err(explain)?;
    if tty {
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
    say(&format!(
        "scanned {} document(s), {} finding(s); {} already scanned",
        report.scanned, report.findings, report.already_scanned
    ));
    for p in &report.pages_to_review {
        say(&format!(
            "review by eye: {} page {} ({}): {}",
            p.document,
            p.page,
            p.verdict,
            p.reasons.join("; ")
        ));
    }
    if report.failed.is_empty() {
        return Ok(());
    }
    Err(report
        .failed
        .iter()
        .map(|(name, why)| format!("{name} could not be scanned: {why}"))
        .collect::<Vec<_>>()
        .join("\ndisclose: "))
}
