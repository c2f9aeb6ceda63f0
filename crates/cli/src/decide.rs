//! `disclose decide REQUEST (--accept-proposed | --accept CATEGORY|FINDING_ID |
//! --reject FINDING_ID|CATEGORY | --undo FINDING_ID)`.

use clap::{ArgGroup, Args};
use disclose_core::{CoreError, DecideTarget, Verdict};

use crate::context::{Context, explain, say};

/// Record the clerk's decisions on findings.
#[derive(Args)]
#[command(group(ArgGroup::new("what").required(true).args(["accept_proposed", "accept", "reject", "undo"])))]
pub struct DecideArgs {
    /// The request number.
    request: String,
    /// Accept every undecided finding proposed as exempt, under its code.
    #[arg(long)]
    accept_proposed: bool,
    /// Redact one finding (by id) or every finding of a category (e.g.
    /// card_number), under the proposed code or --code.
    #[arg(long, value_name = "CATEGORY|FINDING_ID")]
    accept: Option<String>,
    /// Release one finding (by id) or every finding of a category.
    #[arg(long, value_name = "FINDING_ID|CATEGORY")]
    reject: Option<String>,
    /// Undo the decision in force on one finding (the one before it
    /// returns; recorded as a new decision).
    #[arg(long, value_name = "FINDING_ID")]
    undo: Option<i64>,
    /// The exemption code to use instead of the proposed one (with --accept).
    #[arg(long, requires = "accept")]
    code: Option<String>,
    /// A note kept with the decision.
    #[arg(long)]
    note: Option<String>,
}

fn target(s: &str) -> Result<DecideTarget, String> {
    if let Ok(id) = s.trim().parse::<i64>() {
        return Ok(DecideTarget::Finding(id));
    }
    s.trim()
        .parse()
        .map(DecideTarget::Category)
        .map_err(|_| explain(CoreError::UnknownCategory(s.to_string())))
}

/// Runs `disclose decide`.
pub fn run(ctx: &Context, args: DecideArgs) -> Result<(), String> {
    if let Some(id) = args.undo {
        let clerk = ctx.clerk()?;
        let mut ws = ctx.open()?;
        ws.undo(&args.request, id, &clerk).map_err(explain)?;
        say(&format!("finding {id}: last decision undone"));
        return Ok(());
    }
    let (target, verdict) = if args.accept_proposed {
        (
            DecideTarget::AllProposedExempt,
            Verdict::Accept { code: None },
        )
    } else if let Some(a) = &args.accept {
        (
            target(a)?,
            Verdict::Accept {
                code: args.code.clone(),
            },
        )
    } else if let Some(r) = &args.reject {
        (target(r)?, Verdict::Reject)
    } else {
        return Err("say what to decide: --accept-proposed, --accept or --reject".into());
    };
    let clerk = ctx.clerk()?;
    let mut ws = ctx.open()?;
    let n = ws
        .decide(
            &args.request,
            &target,
            &verdict,
            args.note.as_deref(),
            &clerk,
        )
        .map_err(explain)?;
    let what = match verdict {
        Verdict::Accept { .. } => "to redact",
        Verdict::Reject => "to release",
    };
    say(&format!("{n} finding(s) decided {what}"));
    Ok(())
}
