//! `disclose term add|list`: a request's custom terms (a name, a case
//! number), searched by every later scan and redacted under the pack's
//! custom code or --code.

use clap::{Args, Subcommand};

use crate::context::{Context, explain, say};

/// Add or list a request's custom terms.
#[derive(Args)]
pub struct TermArgs {
    #[command(subcommand)]
    command: TermCommand,
}

#[derive(Subcommand)]
enum TermCommand {
    /// Add a term; documents scanned from now on are searched for it.
    Add {
        /// The request number.
        request: String,
        /// The term, matched whole-word and case-insensitively.
        term: String,
        /// The exemption code (default: the pack's code for custom terms).
        #[arg(long)]
        code: Option<String>,
    },
    /// List the terms.
    List {
        /// The request number.
        request: String,
    },
}

/// Runs `disclose term ...`.
pub fn run(ctx: &Context, args: TermArgs) -> Result<(), String> {
    match args.command {
        TermCommand::Add {
            request,
            term,
            code,
        } => {
            let clerk = ctx.clerk()?;
            let mut ws = ctx.open()?;
            let added = ws
                .add_custom_term(&request, &term, code.as_deref(), &clerk)
                .map_err(explain)?;
            let pending = ws
                .documents(&request)
                .map_err(explain)?
                .iter()
                .filter(|d| d.scan_status != "scanned")
                .count();
            say(&format!(
                "term added: {} occurrence(s) found in the documents already scanned; \
                 {pending} document(s) not yet scanned will be searched by `disclose scan`",
                added.found
            ));
            if !added.not_searched.is_empty() {
                return Err(added
                    .not_searched
                    .iter()
                    .map(|(n, why)| format!("{n} could not be searched for the term: {why}"))
                    .collect::<Vec<_>>()
                    .join("\ndisclose: "));
            }
            Ok(())
        }
        TermCommand::List { request } => {
            let ws = ctx.open()?;
            for t in ws.custom_terms(&request).map_err(explain)? {
                match t.code {
                    Some(c) => say(&format!("{}\t{c}", t.term)),
                    None => say(&t.term),
                }
            }
            Ok(())
        }
    }
}
