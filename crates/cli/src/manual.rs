//! `disclose manual add|list|remove`: redactions the clerk marks by hand,
//! an area of a page or every occurrence of a term in a document.

use clap::{ArgGroup, Args, Subcommand};
use disclose_core::ManualTarget;

use crate::context::{Context, explain, say};

/// Add, list or remove manual redactions.
#[derive(Args)]
pub struct ManualArgs {
    #[command(subcommand)]
    command: ManualCommand,
}

#[derive(Subcommand)]
enum ManualCommand {
    /// Mark an area of a page (--page and --area) or a term (--term) of a
    /// document for redaction under --code.
    #[command(group(ArgGroup::new("what").required(true).args(["area", "term"])))]
    Add {
        /// The request number.
        request: String,
        /// The document id (see `disclose documents`).
        #[arg(long)]
        document: i64,
        /// The page, from 1 (with --area).
        #[arg(long, requires = "area")]
        page: Option<u32>,
        /// The rectangle x0,y0,x1,y1 in PDF points, origin bottom left.
        #[arg(long, requires = "page", value_name = "X0,Y0,X1,Y1")]
        area: Option<String>,
        /// A term: every occurrence in the document.
        #[arg(long)]
        term: Option<String>,
        /// The exemption code printed on the box.
        #[arg(long)]
        code: String,
    },
    /// List the manual redactions in force.
    List {
        /// The request number.
        request: String,
    },
    /// Withdraw a manual redaction (it stays on record).
    Remove {
        /// The request number.
        request: String,
        /// The manual redaction's id.
        id: i64,
    },
}

fn parse_area(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("'{s}' is not an area: write four numbers x0,y0,x1,y1"))?;
    <[f64; 4]>::try_from(v)
        .map_err(|_| format!("'{s}' is not an area: write four numbers x0,y0,x1,y1"))
}

/// Runs `disclose manual ...`.
pub fn run(ctx: &Context, args: ManualArgs) -> Result<(), String> {
    match args.command {
        ManualCommand::Add {
            request,
            document,
            page,
            area,
            term,
            code,
        } => {
            let target = match (page, area, term) {
                (Some(page), Some(area), _) => ManualTarget::Area {
                    page,
                    rect: parse_area(&area)?,
                },
                (_, _, Some(term)) => ManualTarget::Term(term),
                _ => return Err("give --page with --area, or --term".into()),
            };
            let clerk = ctx.clerk()?;
            let mut ws = ctx.open()?;
            let id = ws
                .add_manual_redaction(&request, document, &target, &code, &clerk)
                .map_err(explain)?;
            say(&format!("manual redaction {id} added"));
            Ok(())
        }
        ManualCommand::List { request } => {
            let ws = ctx.open()?;
            for m in ws.manual_redactions(&request).map_err(explain)? {
                let what = match &m.target {
                    ManualTarget::Area { page, rect } => format!(
                        "page {page} area {},{},{},{}",
                        rect[0], rect[1], rect[2], rect[3]
                    ),
                    ManualTarget::Term(t) => format!("term {t}"),
                };
                say(&format!(
                    "{}\tdocument {}\t{what}\t{}\tby {}",
                    m.id, m.document_id, m.code, m.clerk
                ));
            }
            Ok(())
        }
        ManualCommand::Remove { request, id } => {
            let clerk = ctx.clerk()?;
            let mut ws = ctx.open()?;
            ws.remove_manual_redaction(&request, id, &clerk)
                .map_err(explain)?;
            say(&format!("manual redaction {id} removed"));
            Ok(())
        }
    }
}
