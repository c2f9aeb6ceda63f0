//! `disclose`: the command line, for headless and batch work and for tests.
//! Its subcommands, flags and JSON shapes are a contract (see the README).
//! Exit codes: 0 ok, 1 error, 2 usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod text;

/// Find, review and truly redact exempt fields in public records releases.
#[derive(Parser)]
#[command(name = "disclose", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    let result = match cli.command {
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
