//! `disclose scan-file INPUT.pdf --jurisdiction J [--json]`: one file, no store.

use std::path::PathBuf;

use clap::Args;

use crate::context::{explain, print_json, say};

/// Scan one PDF without a request and print what is found and proposed.
#[derive(Args)]
pub struct ScanFileArgs {
    /// The PDF.
    input: PathBuf,
    /// The jurisdiction's pack: wa, ca, il, mt or us.
    #[arg(long)]
    jurisdiction: String,
    /// Print JSON: {"findings": [{page, text, category, proposal, quads, ...}], "pages": [...]}.
    #[arg(long)]
    json: bool,
}

/// Runs `disclose scan-file`.
pub fn run(args: ScanFileArgs) -> Result<(), String> {
    let jurisdiction = args.jurisdiction.trim().to_lowercase();
    let doc = disclose_core::scan_file(&args.input, &jurisdiction).map_err(explain)?;
    if args.json {
        return print_json(&doc);
    }
    for f in &doc.findings {
        say(&format!(
            "page {}\t{}\t{}\t{}",
            f.page,
            f.category,
            f.text.replace('\n', " "),
            proposal_words(&f.proposal)
        ));
    }
    for p in doc.unreliable_pages() {
        say(&format!(
            "review by eye: page {} ({}): {}",
            p.page,
            p.verdict,
            p.reasons.join("; ")
        ));
    }
    Ok(())
}

/// A proposal in a few words: `exempt RCW 42.56.230(5)`, `not exempt`, `review`.
pub fn proposal_words(p: &disclose_core::Proposal) -> String {
    match p {
        disclose_core::Proposal::Exempt { code, .. } => format!("exempt {code}"),
        disclose_core::Proposal::NotExempt { .. } => "not exempt".into(),
        disclose_core::Proposal::Review { code, .. } => match code {
            Some(c) => format!("review (likely {c})"),
            None => "review".into(),
        },
    }
}
