//! `disclose import REQUEST FILE...`.

use std::path::PathBuf;

use clap::Args;
use disclose_core::ImportOutcome;

use crate::context::{Context, explain, say};

/// Import PDFs into a request (the originals are only read).
#[derive(Args)]
pub struct ImportArgs {
    /// The request number.
    request: String,
    /// The PDF files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Runs `disclose import`: every file is tried; the command fails (exit 1)
/// when any file was refused, after reporting each one.
pub fn run(ctx: &Context, args: ImportArgs) -> Result<(), String> {
    let clerk = ctx.clerk()?;
    let mut ws = ctx.open()?;
    // An unknown request is one error, not one per file.
    ws.request(&args.request).map_err(explain)?;
    let mut refused = Vec::new();
    for file in &args.files {
        match ws.import(&args.request, file, &clerk) {
            Ok(ImportOutcome::Imported(d)) => say(&format!(
                "imported {} ({} pages, {} bytes)",
                d.name, d.pages, d.bytes
            )),
            Ok(ImportOutcome::Duplicate { name, existing }) => say(&format!(
                "skipped {name}: the same file is already in the request as {existing}"
            )),
            Err(e) => refused.push(explain(e)),
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(refused.join("\ndisclose: "))
    }
}
