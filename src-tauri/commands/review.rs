//! Reviewing a request's findings: decisions, undo, custom terms, manual
//! redactions and the code picker's list.

use disclose_core::{
    Category, DecideTarget, FindingView, ManualRedaction, ManualTarget, TermAdded, Verdict,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

use super::CommandError;
use crate::state::{AppState, off_main};

/// Every finding of a request, with the decision in force.
#[tauri::command(async)]
pub fn list_findings(
    state: State<'_, AppState>,
    number: String,
) -> Result<Vec<FindingView>, CommandError> {
    state.with_workspace(|ws| Ok(ws.findings(&number)?))
}

/// Which findings a decision applies to, as the front end sends it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TargetArg {
    Finding(i64),
    Category(String),
    AllProposedExempt(bool),
}

/// What to decide, as the front end sends it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VerdictArg {
    Accept { code: Option<String> },
    Reject,
}

/// Records a decision; returns how many findings it changed.
#[tauri::command(async)]
pub fn decide(
    state: State<'_, AppState>,
    number: String,
    target: TargetArg,
    verdict: VerdictArg,
    note: Option<String>,
) -> Result<usize, CommandError> {
    let target = match target {
        TargetArg::Finding(id) => DecideTarget::Finding(id),
        TargetArg::Category(c) => DecideTarget::Category(
            c.parse::<Category>()
                .map_err(|_| disclose_core::CoreError::UnknownCategory(c))?,
        ),
        TargetArg::AllProposedExempt(true) => DecideTarget::AllProposedExempt,
        TargetArg::AllProposedExempt(false) => {
            return Err(CommandError::new(
                "No findings were chosen for this decision.",
                Some("Choose a finding or a category, then decide again."),
            ));
        }
    };
    let verdict = match verdict {
        VerdictArg::Accept { code } => Verdict::Accept {
            code: code.filter(|c| !c.trim().is_empty()),
        },
        VerdictArg::Reject => Verdict::Reject,
    };
    let note = note.filter(|n| !n.trim().is_empty());
    state.with_workspace(|ws| {
        Ok(ws.decide(&number, &target, &verdict, note.as_deref(), state.clerk())?)
    })
}

/// Takes back the latest decision on a finding.
#[tauri::command(async)]
pub fn undo(
    state: State<'_, AppState>,
    number: String,
    finding_id: i64,
) -> Result<(), CommandError> {
    state.with_workspace(|ws| Ok(ws.undo(&number, finding_id, state.clerk())?))
}

/// A manual redaction as the front end shows it.
#[derive(Serialize)]
pub struct ManualView {
    id: i64,
    document_id: i64,
    page: Option<u32>,
    rect: Option<[f64; 4]>,
    term: Option<String>,
    code: String,
    clerk: String,
    at: String,
}

impl From<ManualRedaction> for ManualView {
    fn from(m: ManualRedaction) -> ManualView {
        let (page, rect, term) = match m.target {
            ManualTarget::Area { page, rect } => (Some(page), Some(rect), None),
            ManualTarget::Term(t) => (None, None, Some(t)),
        };
        ManualView {
            id: m.id,
            document_id: m.document_id,
            page,
            rect,
            term,
            code: m.code,
            clerk: m.clerk,
            at: m.at,
        }
    }
}

/// Redacts an area the clerk drew on a page.
#[tauri::command(async)]
pub fn add_manual_area(
    state: State<'_, AppState>,
    number: String,
    document_id: i64,
    page: u32,
    rect: [f64; 4],
    code: String,
) -> Result<ManualView, CommandError> {
    state.with_workspace(|ws| {
        let target = ManualTarget::Area { page, rect };
        let id = ws.add_manual_redaction(&number, document_id, &target, &code, state.clerk())?;
        ws.manual_redactions(&number)?
            .into_iter()
            .find(|m| m.id == id)
            .map(ManualView::from)
            .ok_or_else(|| CommandError::internal("the new manual redaction was not found"))
    })
}

/// Adds a term and searches it in every scanned document of the request,
/// off the main thread (it reads every document again).
#[tauri::command]
pub async fn add_term(
    app: AppHandle,
    number: String,
    term: String,
    code: Option<String>,
) -> Result<TermAdded, CommandError> {
    let code = code.filter(|c| !c.trim().is_empty());
    off_main(app, move |ws, clerk| {
        Ok(ws.add_custom_term(&number, &term, code.as_deref(), clerk)?)
    })
    .await
}

/// The manual redactions in force.
#[tauri::command(async)]
pub fn list_manual(
    state: State<'_, AppState>,
    number: String,
) -> Result<Vec<ManualView>, CommandError> {
    state.with_workspace(|ws| {
        Ok(ws
            .manual_redactions(&number)?
            .into_iter()
            .map(ManualView::from)
            .collect())
    })
}

/// Removes a manual redaction.
#[tauri::command(async)]
pub fn remove_manual(
    state: State<'_, AppState>,
    number: String,
    id: i64,
) -> Result<(), CommandError> {
    state.with_workspace(|ws| Ok(ws.remove_manual_redaction(&number, id, state.clerk())?))
}

/// An exemption code for the picker.
#[derive(Serialize)]
pub struct CodeView {
    code: String,
    citation: String,
    explanation: String,
}

/// The exemption codes of the request's jurisdiction.
#[tauri::command(async)]
pub fn list_codes(
    state: State<'_, AppState>,
    number: String,
) -> Result<Vec<CodeView>, CommandError> {
    state.with_workspace(|ws| {
        Ok(ws
            .exemption_codes(&number)?
            .into_iter()
            .map(|c| CodeView {
                code: c.code,
                citation: c.citation,
                explanation: c.explanation,
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shapes ui/src/lib/api.ts sends (DecideTarget, Verdict).
    #[test]
    fn decide_arguments_parse_as_the_front_end_sends_them() {
        let t: TargetArg = serde_json::from_str(r#"{"finding": 7}"#).unwrap();
        assert!(matches!(t, TargetArg::Finding(7)));
        let t: TargetArg = serde_json::from_str(r#"{"category": "card_number"}"#).unwrap();
        assert!(matches!(t, TargetArg::Category(ref c) if c == "card_number"));
        let t: TargetArg = serde_json::from_str(r#"{"allProposedExempt": true}"#).unwrap();
        assert!(matches!(t, TargetArg::AllProposedExempt(true)));
        let v: VerdictArg = serde_json::from_str(r#"{"accept": {"code": null}}"#).unwrap();
        assert!(matches!(v, VerdictArg::Accept { code: None }));
        let v: VerdictArg = serde_json::from_str(r#"{"accept": {"code": "(b)(6)"}}"#).unwrap();
        assert!(matches!(v, VerdictArg::Accept { code: Some(ref c) } if c == "(b)(6)"));
        let v: VerdictArg = serde_json::from_str(r#""reject""#).unwrap();
        assert!(matches!(v, VerdictArg::Reject));
    }

    #[test]
    fn manual_views_flatten_areas_and_terms() {
        let area = serde_json::to_value(ManualView::from(ManualRedaction {
            id: 1,
            document_id: 2,
            target: ManualTarget::Area {
                page: 3,
                rect: [1.0, 2.0, 3.0, 4.0],
            },
            code: "X".into(),
            clerk: "ana".into(),
            at: "t".into(),
        }))
        .unwrap();
        assert_eq!(area["page"], 3);
        assert_eq!(area["rect"], serde_json::json!([1.0, 2.0, 3.0, 4.0]));
        assert!(area["term"].is_null());
    }
}
