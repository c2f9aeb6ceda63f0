//! `disclose audit verify REQUEST`.

use clap::{Args, Subcommand};

use crate::context::{Context, explain, say};

/// Check the audit trail.
#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check that no entry of the audit trail was changed, removed or
    /// reordered (each entry carries the hash of the one before).
    Verify {
        /// The request number.
        request: String,
    },
}

/// Runs `disclose audit ...`: exit 1 when the chain is broken.
pub fn run(ctx: &Context, args: AuditArgs) -> Result<(), String> {
    match args.command {
        AuditCommand::Verify { request } => {
            let ws = ctx.open()?;
            let s = ws.verify_audit(&request).map_err(explain)?;
            match s.first_break {
                None => {
                    say(&format!(
                        "audit trail intact: {} entries checked, {} about request {request}",
                        s.entries, s.request_entries
                    ));
                    Ok(())
                }
                Some(b) => Err(format!(
                    "the audit trail is broken at entry {}: {}. Keep a copy of the data folder and tell your administrator",
                    b.id, b.reason
                )),
            }
        }
    }
}
