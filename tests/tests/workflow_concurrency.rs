//! The app and the command line hold the same store open and record
//! decisions at the same time: every decision lands, the audit chain stays
//! one unbroken chain.

#![allow(clippy::unwrap_used)] // test helpers

use std::sync::atomic::AtomicBool;

use disclose_core::{DecideTarget, NewRequest, Verdict, Workspace, parse_date};

mod common;

#[test]
fn two_handles_deciding_at_once_keep_one_unbroken_chain() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(tmp.path()).unwrap();
    ws.create_request(
        &NewRequest {
            number: "P-1".into(),
            requester: "R".into(),
            jurisdiction: "wa".into(),
            received: parse_date("2026-11-02").unwrap(),
            bates_prefix: None,
        },
        "ana",
    )
    .unwrap();
    let fx = common::fixture("text/email-thread-chromium.pdf");
    ws.import("P-1", &fx.full_path(), "ana").unwrap();
    ws.scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let ids: Vec<i64> = ws.findings("P-1").unwrap().iter().map(|f| f.id).collect();
    assert!(ids.len() >= 5);
    drop(ws);

    const ROUNDS: usize = 20;
    let handles: Vec<_> = ["app", "cli"]
        .into_iter()
        .map(|clerk| {
            let dir = tmp.path().to_path_buf();
            let ids = ids.clone();
            std::thread::spawn(move || {
                let mut ws = Workspace::open(&dir).unwrap();
                for round in 0..ROUNDS {
                    for id in &ids {
                        let verdict = if round % 2 == 0 {
                            Verdict::Reject
                        } else {
                            Verdict::Accept {
                                code: Some("RCW 42.56.230(5)".into()),
                            }
                        };
                        ws.decide("P-1", &DecideTarget::Finding(*id), &verdict, None, clerk)
                            .unwrap();
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let ws = Workspace::open(tmp.path()).unwrap();
    let audit = ws.verify_audit("P-1").unwrap();
    assert_eq!(audit.first_break, None);
    // request, import, scan, then every decision of both handles.
    assert_eq!(audit.request_entries, 3 + 2 * ROUNDS * ids.len());
    // The last round of each handle accepts: every finding ends accepted.
    for f in ws.findings("P-1").unwrap() {
        let d = f.decision.unwrap();
        assert_eq!(d.code.as_deref(), Some("RCW 42.56.230(5)"));
        assert!(
            d.action == "accept" || d.action == "change_code",
            "{}",
            d.action
        );
    }
}
