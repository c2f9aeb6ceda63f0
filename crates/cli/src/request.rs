//! `disclose request new|list`.

use clap::{Args, Subcommand};
use disclose_core::{NewRequest, parse_date};

use crate::context::{Context, explain, print_json, say};

/// Open a request or list them.
#[derive(Args)]
pub struct RequestArgs {
    #[command(subcommand)]
    command: RequestCommand,
}

#[derive(Subcommand)]
enum RequestCommand {
    /// Open a new request; its response due date is computed from the
    /// jurisdiction's deadline (business days less legal holidays).
    New {
        /// The agency's request number, unique in the data folder.
        #[arg(long)]
        number: String,
        /// The jurisdiction's pack: wa, ca, il, mt or us.
        #[arg(long)]
        jurisdiction: String,
        /// Who asked.
        #[arg(long)]
        requester: String,
        /// Date received, YYYY-MM-DD (default: today).
        #[arg(long)]
        received: Option<String>,
        /// Bates number prefix for the exported pages, e.g. SEA-2026-0142.
        #[arg(long)]
        bates_prefix: Option<String>,
    },
    /// List the requests, most recently received first.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `disclose request ...`.
pub fn run(ctx: &Context, args: RequestArgs) -> Result<(), String> {
    match args.command {
        RequestCommand::New {
            number,
            jurisdiction,
            requester,
            received,
            bates_prefix,
        } => {
            let received = match received {
                Some(r) => parse_date(&r).map_err(explain)?,
                // The clerk's local date (a request received in the
                // evening in California is not received tomorrow); UTC
                // only when the local offset cannot be known.
                None => time::OffsetDateTime::now_local()
                    .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
                    .date(),
            };
            let clerk = ctx.clerk()?;
            let mut ws = ctx.open()?;
            let r = ws
                .create_request(
                    &NewRequest {
                        number,
                        requester,
                        jurisdiction,
                        received,
                        bates_prefix,
                    },
                    &clerk,
                )
                .map_err(explain)?;
            say(&format!(
                "request {} opened ({}), received {}, response due {}",
                r.number,
                r.jurisdiction,
                r.received,
                r.due.as_deref().unwrap_or("unknown")
            ));
            Ok(())
        }
        RequestCommand::List { json } => {
            let ws = ctx.open()?;
            let list = ws.list_requests().map_err(explain)?;
            if json {
                return print_json(&serde_json::json!({ "requests": list }));
            }
            if list.is_empty() {
                say("no requests yet: open one with `disclose request new`");
            }
            for r in list {
                say(&format!(
                    "{}\t{}\t{}\treceived {}\tdue {}\t{}",
                    r.number,
                    r.jurisdiction,
                    r.requester,
                    r.received,
                    r.due.as_deref().unwrap_or("-"),
                    r.status
                ));
            }
            Ok(())
        }
    }
}
