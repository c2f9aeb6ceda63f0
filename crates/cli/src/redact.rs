//! `disclose redact INPUT.pdf --jurisdiction J -o OUTPUT.pdf --log LOG.csv`:
//! one file, no store. Accepts every finding proposed as exempt, redacts
//! every occurrence of each --term, verifies the output and writes the log.

use std::path::PathBuf;

use clap::Args;
use disclose_core::RedactFileOptions;

use crate::context::{Context, explain, print_json, say};

/// Redact one PDF without a request.
#[derive(Args)]
pub struct RedactArgs {
    /// The PDF to redact (only read).
    input: PathBuf,
    /// The jurisdiction's pack: wa, ca, il, mt or us.
    #[arg(long)]
    jurisdiction: String,
    /// The redacted PDF to write.
    #[arg(short = 'o', long = "output", value_name = "OUTPUT.pdf")]
    output: PathBuf,
    /// The exemption log to write (CSV).
    #[arg(long, value_name = "LOG.csv")]
    log: PathBuf,
    /// Also redact every occurrence of this text (a name, a case number),
    /// under the custom category; repeat for more.
    #[arg(long, value_name = "TEXT")]
    term: Vec<String>,
    /// The exemption code for the terms (default: the pack's custom code).
    #[arg(long, value_name = "CODE")]
    term_code: Option<String>,
    /// Do not detect anything: redact only the --term texts.
    #[arg(long)]
    no_detect: bool,
    /// Also redact the findings proposed for review (under the code they
    /// suggest); by default only those proposed as exempt are.
    #[arg(long)]
    accept_review: bool,
    /// Also strip, whatever they hold, the document's metadata (Info,
    /// XMP), scripts and actions, attached files and comments, thumbnails,
    /// bookmarks, alternate texts and private application data: nothing
    /// but the pages (and links and form fields) is released.
    #[arg(long)]
    sanitize: bool,
    /// Print what was done as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `disclose redact`.
pub fn run(ctx: &Context, args: RedactArgs) -> Result<(), String> {
    let opts = RedactFileOptions {
        jurisdiction: args.jurisdiction,
        terms: args.term,
        term_code: args.term_code,
        detect: !args.no_detect,
        accept_review: args.accept_review,
        sanitize: args.sanitize,
        decided_by: ctx
            .clerk()
            .unwrap_or_else(|_| "disclose redact (automatic)".into()),
    };
    let report =
        disclose_core::redact_file(&args.input, &args.output, &args.log, &opts).map_err(explain)?;
    if args.json {
        return print_json(&report);
    }
    say(&format!(
        "{} -> {}: {} redaction(s) on {} page(s), verified; {} finding(s) released as printed",
        args.input.display(),
        report.output,
        report.areas,
        report.pages,
        report.released
    ));
    if report.sanitized {
        say(
            "sanitized: metadata, scripts, attachments, comments, bookmarks and alternate texts stripped",
        );
    }
    for w in &report.warnings {
        say(&format!("warning: {w}"));
    }
    say(&format!("exemption log: {}", report.log));
    Ok(())
}
