//! `disclose log show|review`: the exemption log as it stands (before
//! export) and the attorney's review of its entries.

use std::io::Write;

use clap::{ArgGroup, Args, Subcommand};
use disclose_core::{Review, ReviewTarget};

use crate::context::{Context, explain, print_json, say};

/// Show the exemption log or record an attorney's review of an entry.
#[derive(Args)]
pub struct LogArgs {
    #[command(subcommand)]
    command: LogCommand,
}

#[derive(Subcommand)]
enum LogCommand {
    /// Print the log from the decisions in force: CSV, or JSON with --json.
    /// It never contains the redacted values.
    Show {
        /// The request number.
        request: String,
        /// Print JSON (header fields, entries, totals per code, notice).
        #[arg(long)]
        json: bool,
    },
    /// Record an attorney's review of one entry.
    #[command(group(ArgGroup::new("entry").required(true).args(["finding", "manual"])))]
    #[command(group(ArgGroup::new("state").required(true).args(["approve", "return_with", "pending"])))]
    Review {
        /// The request number.
        request: String,
        /// The entry of this finding.
        #[arg(long, value_name = "FINDING_ID")]
        finding: Option<i64>,
        /// The entry of this manual redaction.
        #[arg(long, value_name = "REDACTION_ID")]
        manual: Option<i64>,
        /// Approve the entry.
        #[arg(long)]
        approve: bool,
        /// Return the entry to the clerk with a comment.
        #[arg(long = "return", value_name = "COMMENT")]
        return_with: Option<String>,
        /// Set the entry back to pending.
        #[arg(long)]
        pending: bool,
    },
}

/// Runs `disclose log ...`.
pub fn run(ctx: &Context, args: LogArgs) -> Result<(), String> {
    match args.command {
        LogCommand::Show { request, json } => {
            let ws = ctx.open()?;
            let log = ws.full_exemption_log(&request).map_err(explain)?;
            if json {
                return print_json(&log);
            }
            std::io::stdout()
                .lock()
                .write_all(log.to_csv().as_bytes())
                .map_err(|e| format!("cannot write the log: {e}"))
        }
        LogCommand::Review {
            request,
            finding,
            manual,
            approve,
            return_with,
            pending: _,
        } => {
            let target = match (finding, manual) {
                (Some(f), _) => ReviewTarget::Finding(f),
                (None, Some(m)) => ReviewTarget::Manual(m),
                (None, None) => return Err("say which entry: --finding or --manual".into()),
            };
            let review = match (approve, return_with) {
                (true, _) => Review::Approved,
                (false, Some(c)) => Review::Returned(c),
                (false, None) => Review::Pending,
            };
            let reviewer = ctx.clerk()?;
            let mut ws = ctx.open()?;
            ws.review_log_entry(&request, target, &review, &reviewer)
                .map_err(explain)?;
            say("review recorded");
            Ok(())
        }
    }
}
