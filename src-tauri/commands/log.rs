//! The exemption log and the attorney's review of it.

use disclose_core::{ExemptionLog, Review, ReviewTarget};
use serde::Deserialize;
use tauri::{AppHandle, State};

use super::CommandError;
use crate::state::{AppState, off_main};

/// The exemption log of a request as it stands (off the main thread: it
/// searches the documents for the terms redacted by hand).
#[tauri::command]
pub async fn exemption_log(app: AppHandle, number: String) -> Result<ExemptionLog, CommandError> {
    off_main(app, move |ws, _| Ok(ws.exemption_log(&number)?)).await
}

/// Which log entry is reviewed: an accepted finding's or a manual one's.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryArg {
    finding_id: Option<i64>,
    manual_id: Option<i64>,
}

/// The attorney's review, as the front end sends it.
#[derive(Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReviewArg {
    Pending,
    Approved,
    Returned { comment: String },
}

/// Records the attorney's review of one log entry.
#[tauri::command(async)]
pub fn review_log_entry(
    state: State<'_, AppState>,
    number: String,
    entry: EntryArg,
    review: ReviewArg,
) -> Result<(), CommandError> {
    let target = match (entry.finding_id, entry.manual_id) {
        (Some(id), None) => ReviewTarget::Finding(id),
        (None, Some(id)) => ReviewTarget::Manual(id),
        _ => {
            return Err(CommandError::new(
                "Disclose could not tell which log entry to review.",
                Some("Reopen the exemption log and try again."),
            ));
        }
    };
    let review = match review {
        ReviewArg::Pending => Review::Pending,
        ReviewArg::Approved => Review::Approved,
        ReviewArg::Returned { comment } => Review::Returned(comment),
    };
    state.with_workspace(|ws| Ok(ws.review_log_entry(&number, target, &review, state.clerk())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shapes ui/src/lib/api.ts sends (the entry and LogReview).
    #[test]
    fn review_arguments_parse_as_the_front_end_sends_them() {
        let e: EntryArg = serde_json::from_str(r#"{"findingId": 4, "manualId": null}"#).unwrap();
        assert_eq!((e.finding_id, e.manual_id), (Some(4), None));
        let r: ReviewArg = serde_json::from_str(r#"{"state": "approved"}"#).unwrap();
        assert!(matches!(r, ReviewArg::Approved));
        let r: ReviewArg =
            serde_json::from_str(r#"{"state": "returned", "comment": "cite it"}"#).unwrap();
        assert!(matches!(r, ReviewArg::Returned { ref comment } if comment == "cite it"));
        let r: ReviewArg = serde_json::from_str(r#"{"state": "pending"}"#).unwrap();
        assert!(matches!(r, ReviewArg::Pending));
    }
}
