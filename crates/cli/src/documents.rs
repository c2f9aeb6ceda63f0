//! `disclose documents REQUEST [--json]`.

use clap::Args;

use crate::context::{Context, explain, print_json, say};

/// List a request's documents and their scan status.
#[derive(Args)]
pub struct DocumentsArgs {
    /// The request number.
    request: String,
    /// Print JSON: {"documents": [{id, name, sha256, pages, bytes, imported_at, scan_status, scan_error}]}.
    #[arg(long)]
    json: bool,
}

/// Runs `disclose documents`.
pub fn run(ctx: &Context, args: DocumentsArgs) -> Result<(), String> {
    let ws = ctx.open()?;
    let docs = ws.documents(&args.request).map_err(explain)?;
    if args.json {
        return print_json(&serde_json::json!({ "documents": docs }));
    }
    if docs.is_empty() {
        say("no documents: add some with `disclose import`");
    }
    for d in docs {
        let status = match &d.scan_error {
            Some(e) => format!("{}: {e}", d.scan_status),
            None => d.scan_status.clone(),
        };
        say(&format!(
            "{}\t{}\t{} pages\t{}\tsha256 {}",
            d.id, d.name, d.pages, status, d.sha256
        ));
    }
    Ok(())
}
