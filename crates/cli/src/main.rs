//! `disclose`: the command line, for headless and batch work and for tests.
//! Its subcommands, flags and JSON shapes are a contract (see the README).
//! Exit codes: 0 ok, 1 error, 2 usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod audit;
mod context;
mod decide;
mod documents;
mod export;
mod findings;
mod import;
mod log;
mod manual;
mod redact;
mod request;
mod scan;
mod scan_file;
mod term;
mod text;

/// Find, review and truly redact exempt fields in public records releases.
#[derive(Parser)]
#[command(name = "disclose", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The data folder (default: $DISCLOSE_DATA, else the desktop app's
    /// application-data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Who is working, recorded with every decision (default: $USER or
    /// $USERNAME).
    #[arg(long, global = true, value_name = "NAME")]
    clerk: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Open a request (`request new`) or list them (`request list`).
    Request(request::RequestArgs),
    /// Import PDFs into a request; the originals are only read, a copy is
    /// kept, the same file twice is noticed.
    Import(import::ImportArgs),
    /// List a request's documents and their scan status.
    Documents(documents::DocumentsArgs),
    /// Add or list a request's custom terms (`term add`, `term list`).
    Term(term::TermArgs),
    /// Scan a request's new documents: page text, findings, proposals.
    Scan(scan::ScanArgs),
    /// List a request's findings with proposals and decisions.
    Findings(findings::FindingsArgs),
    /// Accept or reject findings (saved at once, with who and when).
    Decide(decide::DecideArgs),
    /// Check the audit trail (`audit verify REQUEST`).
    Audit(audit::AuditArgs),
    /// Show the exemption log as it stands (`log show`) or record an
    /// attorney's review of an entry (`log review`).
    Log(log::LogArgs),
    /// Mark areas or terms for redaction by hand (`manual add|list|remove`).
    Manual(manual::ManualArgs),
    /// Write the redacted, verified (and Bates-stamped) documents and the
    /// exemption log (CSV, JSON, PDF) into a folder.
    Export(export::ExportArgs),
    /// Scan one PDF without a request and print the findings and proposals.
    ScanFile(scan_file::ScanFileArgs),
    /// Redact one PDF without a request: every finding proposed as exempt
    /// and every --term, verified, with the log as CSV.
    Redact(redact::RedactArgs),
    /// Print each page's text in reading order (pages separated by form
    /// feeds, like pdftotext), or with --json its words, their boxes and
    /// the page's reliability verdict.
    Text {
        /// The PDF to read.
        input: PathBuf,
        /// Print JSON: pages with size, rotation, reliability, text and
        /// words with boxes in pdftotext -bbox coordinates (points, origin
        /// top left).
        #[arg(long)]
        json: bool,
        /// The password of a protected PDF.
        #[arg(long)]
        password: Option<String>,
    },
}

fn main() -> ExitCode {
    // clap exits with 2 on a usage error, as the contract requires.
    let cli = Cli::parse();
    let ctx = context::Context {
        data: cli.data,
        clerk: cli.clerk,
    };
    let result = match cli.command {
        Command::Request(a) => request::run(&ctx, a),
        Command::Import(a) => import::run(&ctx, a),
        Command::Documents(a) => documents::run(&ctx, a),
        Command::Term(a) => term::run(&ctx, a),
        Command::Scan(a) => scan::run(&ctx, a),
        Command::Findings(a) => findings::run(&ctx, a),
        Command::Decide(a) => decide::run(&ctx, a),
        Command::Audit(a) => audit::run(&ctx, a),
        Command::Log(a) => log::run(&ctx, a),
        Command::Manual(a) => manual::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::ScanFile(a) => scan_file::run(a),
        Command::Redact(a) => redact::run(&ctx, a),
        Command::Text {
            input,
            json,
            password,
        } => text::run(&input, json, password.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "disclose: {message}");
            ExitCode::from(1)
        }
    }
}
