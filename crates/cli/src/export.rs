//! `disclose export REQUEST --out DIR [--sanitize]`: every document redacted, verified
//! and Bates-stamped, and the exemption log (CSV, JSON, PDF).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use clap::Args;

use crate::context::{Context, explain, print_json, say};

/// Export a request: the redacted documents and the exemption log.
#[derive(Args)]
pub struct ExportArgs {
    /// The request number.
    request: String,
    /// The folder to write into (created when missing). Files:
    /// `<name>-redacted.pdf` (with a Bates prefix:
    /// `<PREFIX-000001>_<name>-redacted.pdf`) and
    /// `<REQUEST>-exemption-log.csv|json|pdf`.
    #[arg(long, value_name = "DIR", required_unless_present = "history")]
    out: Option<PathBuf>,
    /// Print the export report as JSON (or, with --history, the exports).
    #[arg(long)]
    json: bool,
    /// List the request's earlier exports and their state instead, checked
    /// against their folders: `verified` (every file there, as recorded),
    /// `writing` (still running), `failed`, `interrupted` (killed while
    /// writing, or verified but killed before the files got their final
    /// names) or
    /// `changed` (the folder no longer holds the files as exported). Hand
    /// over only a `verified` one.
    #[arg(long, conflicts_with = "out")]
    history: bool,
    /// Also strip from every document, whatever they hold, its metadata
    /// (Info, XMP), scripts and actions, attached files and comments,
    /// thumbnails, bookmarks, alternate texts and private application
    /// data: nothing but the pages (and links and form fields) is
    /// released. Recorded with the export.
    #[arg(long, conflicts_with = "history")]
    sanitize: bool,
}

/// Runs `disclose export`: a progress line on a terminal, quiet otherwise.
pub fn run(ctx: &Context, args: ExportArgs) -> Result<(), String> {
    if args.history {
        return history(ctx, &args);
    }
    let Some(out) = args.out.as_deref() else {
        return Err("give the folder to write into with --out DIR".into());
    };
    let clerk = ctx.clerk()?;
    let mut ws = ctx.open()?;
    let tty = std::io::stderr().is_terminal();
    let mut progress = |p: &disclose_core::ExportProgress| {
        if !tty {
            return;
        }
        let line = match p.stage.as_str() {
            "writing_log" => "writing the exemption log".to_string(),
            "done" => String::new(),
            stage => format!(
                "{stage} {}/{} {}",
                p.document_index, p.documents, p.document
            ),
        };
        let _ = write!(std::io::stderr(), "\r\x1b[K{line}");
    };
    let options = disclose_core::ExportOptions {
        sanitize: args.sanitize,
    };
    let result = ws.export_with(
        &args.request,
        out,
        &clerk,
        &mut progress,
        &AtomicBool::new(false),
        &options,
    );
    if tty {
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
    let report = result.map_err(explain)?;
    if args.json {
        return print_json(&report);
    }
    for d in &report.documents {
        let bates = match (&d.bates_first, &d.bates_last) {
            (Some(a), Some(b)) => format!(", Bates {a} to {b}"),
            _ => String::new(),
        };
        say(&format!(
            "{} -> {} ({} page(s), {} redaction(s){bates}), verified",
            d.document, d.file, d.pages, d.areas
        ));
        for w in &d.warnings {
            say(&format!("  warning: {w}"));
        }
    }
    for f in &report.log_files {
        say(&format!("exemption log: {f}"));
    }
    if report.sanitized {
        say(
            "sanitized: metadata, scripts, attachments, comments, bookmarks and alternate texts \
             stripped",
        );
    }
    say(&format!(
        "export {} verified: {} document(s) in {}",
        report.export_id,
        report.documents.len(),
        report.out_dir
    ));
    Ok(())
}

fn history(ctx: &Context, args: &ExportArgs) -> Result<(), String> {
    let ws = ctx.open()?;
    let exports = ws.exports(&args.request).map_err(explain)?;
    if args.json {
        return print_json(&serde_json::json!({ "exports": exports }));
    }
    if exports.is_empty() {
        say("no exports yet");
    }
    for e in &exports {
        say(&format!(
            "{}\t{}\t{}\t{}\t{}",
            e.id, e.status, e.started_at, e.clerk, e.out_dir
        ));
    }
    Ok(())
}
