//! `disclose findings REQUEST [--json]`.

use clap::Args;

use crate::context::{Context, explain, print_json, say};
use crate::scan_file::proposal_words;

/// List a request's findings with their proposals and decisions.
#[derive(Args)]
pub struct FindingsArgs {
    /// The request number.
    request: String,
    /// Print JSON: {"request", "findings": [{id, document, page, text, value,
    /// category, proposal, quads, decision, ...}], "pages_to_review": [...]}.
    #[arg(long)]
    json: bool,
}

/// Runs `disclose findings`.
pub fn run(ctx: &Context, args: FindingsArgs) -> Result<(), String> {
    let ws = ctx.open()?;
    let findings = ws.findings(&args.request).map_err(explain)?;
    let pages = ws.pages_to_review(&args.request).map_err(explain)?;
    if args.json {
        return print_json(&serde_json::json!({
            "request": args.request,
            "findings": findings,
            "pages_to_review": pages,
        }));
    }
    if findings.is_empty() {
        say("no findings: import documents and run `disclose scan` first");
    }
    for f in &findings {
        let decision = match &f.decision {
            None => "undecided".to_string(),
            Some(d) => match &d.code {
                Some(c) => format!("{} {c} by {}", d.action, d.clerk),
                None => format!("{} by {}", d.action, d.clerk),
            },
        };
        say(&format!(
            "{}\t{} p.{}\t{}\t{}\t{}\t{}",
            f.id,
            f.document,
            f.page,
            f.category,
            f.text.replace('\n', " "),
            proposal_words(&f.proposal),
            decision
        ));
    }
    for p in &pages {
        say(&format!(
            "review by eye: {} page {} ({}): {}",
            p.document,
            p.page,
            p.verdict,
            p.reasons.join("; ")
        ));
    }
    Ok(())
}
