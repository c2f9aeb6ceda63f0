//! The example request a newcomer is offered on first start: three real
//! documents from the project's fixtures, from three different PDF
//! producers, imported and scanned under Washington's pack.

use std::sync::atomic::AtomicBool;

use disclose_core::{CoreError, NewRequest, RequestSummary, Workspace};
use tauri::State;

use super::CommandError;
use crate::state::AppState;

/// The example request's number.
pub const EXAMPLE_NUMBER: &str = "EXAMPLE-0001";

/// The bundled documents: a utility bill (ReportLab), an incident report
/// (Chromium's Skia) and an invoice receipt (fpdf2), each with card, bank
/// and contact details planted (see fixtures/manifest.toml).
const DOCUMENTS: [(&str, &[u8]); 3] = [
    (
        "utility-bill.pdf",
        include_bytes!("../../fixtures/text/utility-bill-reportlab.pdf"),
    ),
    (
        "incident-report.pdf",
        include_bytes!("../../fixtures/text/incident-report-chromium.pdf"),
    ),
    (
        "invoice-receipt.pdf",
        include_bytes!("../../fixtures/text/invoice-receipt-fpdf2.pdf"),
    ),
];

/// Builds the example request (or finishes building it, when an earlier
/// attempt stopped half way) and returns it. Opening it again changes
/// nothing.
#[tauri::command]
pub async fn create_example_request(
    state: State<'_, AppState>,
) -> Result<RequestSummary, CommandError> {
    let mut job = state.start_job(EXAMPLE_NUMBER)?;
    let work = move || {
        let (ws, cancel, clerk) = job.parts()?;
        let today = time::OffsetDateTime::now_utc().date();
        Ok(build_example(ws, clerk, today, cancel)?)
    };
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| CommandError::internal("building the example stopped unexpectedly"))?
}

/// Creates the example request received `today` if missing, imports the
/// bundled documents it lacks and scans what is not scanned yet.
fn build_example(
    ws: &mut Workspace,
    clerk: &str,
    today: time::Date,
    cancel: &AtomicBool,
) -> Result<RequestSummary, CoreError> {
    let request = match ws.request(EXAMPLE_NUMBER) {
        Ok(r) => r,
        Err(CoreError::UnknownRequest(_)) => ws.create_request(
            &NewRequest {
                number: EXAMPLE_NUMBER.into(),
                requester: "Example: Pat Doe, Lakemont Herald".into(),
                jurisdiction: "wa".into(),
                received: today,
                bates_prefix: Some("EXAMPLE".into()),
            },
            clerk,
        )?,
        Err(e) => return Err(e),
    };
    let have = ws.documents(EXAMPLE_NUMBER)?;
    if DOCUMENTS
        .iter()
        .any(|(name, _)| !have.iter().any(|d| d.name == *name))
    {
        // Import reads from a path: write the bundled files to a private
        // temporary folder first.
        let tmp = std::env::temp_dir().join(format!("disclose-example-{}", std::process::id()));
        let io = |source| CoreError::Io {
            action: "write",
            path: tmp.clone(),
            source,
        };
        std::fs::create_dir_all(&tmp).map_err(io)?;
        let imported = (|| {
            for (name, bytes) in DOCUMENTS {
                if have.iter().any(|d| d.name == name) {
                    continue;
                }
                let path = tmp.join(name);
                std::fs::write(&path, bytes).map_err(io)?;
                ws.import(EXAMPLE_NUMBER, &path, clerk)?;
            }
            Ok::<_, CoreError>(())
        })();
        // Best effort: the copies are in the store now.
        let _ = std::fs::remove_dir_all(&tmp);
        imported?;
    }
    ws.scan(EXAMPLE_NUMBER, clerk, &mut |_| {}, cancel)?;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_has_three_scanned_documents_with_findings_and_is_built_once() {
        let dir =
            std::env::temp_dir().join(format!("disclose-example-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut ws = Workspace::open(&dir).unwrap();
        let day = disclose_core::parse_date("2026-11-02").unwrap();
        let never = AtomicBool::new(false);
        let r = build_example(&mut ws, "ana", day, &never).unwrap();
        assert_eq!(r.number, EXAMPLE_NUMBER);
        assert_eq!(r.jurisdiction, "wa");
        let docs = ws.documents(EXAMPLE_NUMBER).unwrap();
        assert_eq!(docs.len(), 3);
        assert!(docs.iter().all(|d| d.scan_status == "scanned"), "{docs:?}");
        let findings = ws.findings(EXAMPLE_NUMBER).unwrap();
        for d in &docs {
            assert!(
                findings.iter().any(|f| f.document_id == d.id
                    && matches!(f.proposal, disclose_core::Proposal::Exempt { .. })),
                "{} has a finding proposed exempt",
                d.name
            );
        }
        // Asking again changes nothing.
        let again = build_example(&mut ws, "ana", day, &never).unwrap();
        assert_eq!(again, r);
        assert_eq!(ws.documents(EXAMPLE_NUMBER).unwrap(), docs);
        assert_eq!(ws.findings(EXAMPLE_NUMBER).unwrap().len(), findings.len());
        assert_eq!(ws.list_requests().unwrap().len(), 1);
        drop(ws);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
