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
    /// The record type of these documents (a pack record type id such as
    /// `employee`), which changes what is proposed for them.
    #[arg(long)]
    record_type: Option<String>,
}

/// Runs `disclose import`: every file is tried; the command fails (exit 1)
/// when any file was refused, after reporting each one.
pub fn run(ctx: &Context, args: ImportArgs) -> Result<(), String> {
    let clerk = ctx.clerk()?;
    let mut ws = ctx.open()?;
    // An unknown request is one error, not one per file.
    let req = ws.request(&args.request).map_err(explain)?;
    // A wrong record type is refused before any file is imported.
    if let Some(rt) = args.record_type.as_deref() {
        let known: Vec<String> = ws
            .rules()
            .get(&req.jurisdiction)
            .map_err(|e| e.to_string())?
            .record_types()
            .into_iter()
            .map(|t| t.id)
            .collect();
        if !known.iter().any(|k| k == rt) {
            return Err(format!(
                "'{rt}' is not a record type of the {} pack: use one of {}",
                req.jurisdiction,
                known.join(", ")
            ));
        }
    }
    let mut refused = Vec::new();
    for file in &args.files {
        match ws.import(&args.request, file, &clerk) {
            Ok(ImportOutcome::Imported(d)) => {
                if let Some(rt) = args.record_type.as_deref()
                    && let Err(e) = ws.set_record_type(&args.request, d.id, Some(rt), &clerk)
                {
                    refused.push(format!("{}: {}", d.name, explain(e)));
                }
                say(&format!(
                    "imported {} ({} pages, {} bytes)",
                    d.name, d.pages, d.bytes
                ))
            }
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
