//! The workflow through disclose-core on real-producer fixtures: a request,
//! import (with duplicates and bad files), scan, findings, decisions, undo,
//! custom terms and the audit check.

#![allow(clippy::unwrap_used)] // test helpers

use std::sync::atomic::AtomicBool;

use disclose_core::{
    Category, CoreError, DecideTarget, ImportOutcome, NewRequest, Proposal, Verdict, Workspace,
    parse_date,
};

mod common;
use common::fixture;

fn request(ws: &mut Workspace, number: &str) {
    ws.create_request(
        &NewRequest {
            number: number.into(),
            requester: "Pat Doe".into(),
            jurisdiction: "wa".into(),
            received: parse_date("2026-11-02").unwrap(),
            bates_prefix: Some("SEA-2026-0142".into()),
        },
        "ana",
    )
    .unwrap();
}

#[test]
fn import_scan_review_on_a_chromium_email_thread() {
    let fx = fixture("text/email-thread-chromium.pdf");
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(tmp.path()).unwrap();
    request(&mut ws, "P-1");

    let original = std::fs::read(fx.full_path()).unwrap();
    let out = ws.import("P-1", &fx.full_path(), "ana").unwrap();
    let ImportOutcome::Imported(doc) = out else {
        panic!("{out:?}")
    };
    assert_eq!(doc.pages, fx.pages);
    // The original is untouched; a copy with the same bytes is kept.
    assert_eq!(std::fs::read(fx.full_path()).unwrap(), original);
    let kept: Vec<_> = walk(&tmp.path().join("requests"));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0]).unwrap(), original);
    // The same bytes again are noticed, not imported twice.
    let again = ws.import("P-1", &fx.full_path(), "ben").unwrap();
    assert!(
        matches!(again, ImportOutcome::Duplicate { ref existing, .. } if existing == &doc.name)
    );
    assert_eq!(ws.documents("P-1").unwrap().len(), 1);

    let mut calls = 0;
    let report = ws
        .scan("P-1", "ana", &mut |_| calls += 1, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.scanned, 1);
    assert_eq!(calls, fx.pages as usize);
    let findings = ws.findings("P-1").unwrap();
    assert_eq!(findings.len(), report.findings);
    // Every value planted in this fixture's page text is found (the bank
    // account wrapped across two lines, the password and the address in the
    // e-mail's prose included).
    let expected: Vec<_> = fx.planted.iter().filter(|p| p.in_page_text).collect();
    assert!(expected.len() >= 8, "{expected:?}");
    for p in expected {
        let hit = findings.iter().find(|f| {
            f.category.as_str() == p.category && common::is_planted(&f.text, &f.value, &p.value)
        });
        let hit = hit.unwrap_or_else(|| panic!("{} ({}) not found", p.value, p.category));
        assert!(!hit.quads.is_empty());
        match p.category.as_str() {
            "card_number" | "bank_account" => {
                assert!(
                    matches!(hit.proposal, Proposal::Exempt { ref code, .. } if code == "RCW 42.56.230(5)")
                )
            }
            "email" => assert!(matches!(hit.proposal, Proposal::NotExempt { .. })),
            _ => {}
        }
    }
    // A second scan leaves the scanned document alone.
    let again = ws
        .scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!((again.scanned, again.already_scanned), (0, 1));
    assert_eq!(ws.findings("P-1").unwrap().len(), findings.len());

    // Accept every proposed exemption, then release one card number.
    let exempt = findings
        .iter()
        .filter(|f| matches!(f.proposal, Proposal::Exempt { .. }))
        .count();
    let n = ws
        .decide(
            "P-1",
            &DecideTarget::AllProposedExempt,
            &Verdict::Accept { code: None },
            None,
            "ana",
        )
        .unwrap();
    assert_eq!(n, exempt);
    // Already decided: nothing more to accept.
    let n = ws
        .decide(
            "P-1",
            &DecideTarget::AllProposedExempt,
            &Verdict::Accept { code: None },
            None,
            "ana",
        )
        .unwrap();
    assert_eq!(n, 0);
    let card = findings
        .iter()
        .find(|f| f.category == Category::CardNumber)
        .unwrap();
    ws.decide(
        "P-1",
        &DecideTarget::Finding(card.id),
        &Verdict::Reject,
        Some("requester's own card"),
        "ben",
    )
    .unwrap();
    let now = ws.findings("P-1").unwrap();
    let d = now
        .iter()
        .find(|f| f.id == card.id)
        .unwrap()
        .decision
        .clone()
        .unwrap();
    assert_eq!((d.action.as_str(), d.clerk.as_str()), ("reject", "ben"));
    // Undo brings the accept back.
    ws.undo("P-1", card.id, "ben").unwrap();
    let d = ws
        .findings("P-1")
        .unwrap()
        .into_iter()
        .find(|f| f.id == card.id)
        .unwrap()
        .decision
        .unwrap();
    assert_eq!(d.action, "accept");

    // A personal e-mail address is not exempt in Washington: accepting it
    // needs a code.
    let address = now.iter().find(|f| f.category == Category::Email).unwrap();
    let err = ws
        .decide(
            "P-1",
            &DecideTarget::Finding(address.id),
            &Verdict::Accept { code: None },
            None,
            "ana",
        )
        .unwrap_err();
    assert!(matches!(err, CoreError::CodeRequired { .. }), "{err}");
    let err = ws
        .decide(
            "P-1",
            &DecideTarget::Finding(address.id),
            &Verdict::Accept {
                code: Some("RCW 1.2.3".into()),
            },
            None,
            "ana",
        )
        .unwrap_err();
    assert!(matches!(err, CoreError::UnknownCode { .. }), "{err}");
    ws.decide(
        "P-1",
        &DecideTarget::Finding(address.id),
        &Verdict::Accept {
            code: Some("RCW 42.56.250(4)".into()),
        },
        Some("employee's home"),
        "ana",
    )
    .unwrap();
    let d = ws
        .findings("P-1")
        .unwrap()
        .into_iter()
        .find(|f| f.id == address.id)
        .unwrap()
        .decision
        .unwrap();
    assert_eq!(d.action, "change_code");

    let audit = ws.verify_audit("P-1").unwrap();
    assert!(audit.first_break.is_none());
    assert!(audit.request_entries >= 3 + exempt);
}

#[test]
fn custom_terms_are_found_by_the_next_scan() {
    let fx = fixture("text/email-thread-chromium.pdf");
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(tmp.path()).unwrap();
    request(&mut ws, "P-1");
    ws.add_custom_term("P-1", "PK-24-00562", None, "ana")
        .unwrap();
    assert!(ws.add_custom_term("P-1", "   ", None, "ana").is_err());
    ws.import("P-1", &fx.full_path(), "ana").unwrap();
    ws.scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let custom: Vec<_> = ws
        .findings("P-1")
        .unwrap()
        .into_iter()
        .filter(|f| f.category == Category::Custom)
        .collect();
    assert!(!custom.is_empty());
    assert!(
        custom
            .iter()
            .all(|f| common::is_planted(&f.text, &f.value, "PK-24-00562"))
    );
    assert!(matches!(custom[0].proposal, Proposal::Exempt { .. }));
}

#[test]
fn a_cancelled_scan_records_nothing_for_the_document_in_progress() {
    let fx = fixture("text/email-thread-chromium.pdf");
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(tmp.path()).unwrap();
    request(&mut ws, "P-1");
    ws.import("P-1", &fx.full_path(), "ana").unwrap();
    let cancel = AtomicBool::new(false);
    let report = ws
        .scan(
            "P-1",
            "ana",
            &mut |p| {
                if p.page == 2 {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed)
                }
            },
            &cancel,
        )
        .unwrap();
    assert!(report.cancelled);
    assert!(ws.findings("P-1").unwrap().is_empty());
    assert_eq!(ws.documents("P-1").unwrap()[0].scan_status, "pending");
    let report = ws
        .scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.scanned, 1);
    assert!(!ws.findings("P-1").unwrap().is_empty());
}

#[test]
fn bad_files_are_refused_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&tmp.path().join("data")).unwrap();
    request(&mut ws, "P-1");

    let text = tmp.path().join("notes.pdf");
    std::fs::write(&text, "these are not PDF bytes").unwrap();
    let e = ws.import("P-1", &text, "ana").unwrap_err();
    assert!(matches!(e, CoreError::NotPdf(_)), "{e}");
    assert!(e.to_string().contains("notes.pdf"));

    let enc = fixture("text/encrypted-aes256-userpw-qpdf.pdf");
    let e = ws.import("P-1", &enc.full_path(), "ana").unwrap_err();
    assert!(matches!(e, CoreError::Encrypted(_)), "{e}");
    assert!(e.to_string().contains("unprotected copy"));

    let good = std::fs::read(fixture("text/invoice-receipt-fpdf2.pdf").full_path()).unwrap();
    let cut = tmp.path().join("cut.pdf");
    std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
    let e = ws.import("P-1", &cut, "ana").unwrap_err();
    assert!(matches!(e, CoreError::Truncated(_)), "{e}");

    let e = ws
        .import("P-1", &tmp.path().join("nowhere.pdf"), "ana")
        .unwrap_err();
    assert!(matches!(e, CoreError::FileMissing(_)), "{e}");

    let e = ws.import("P-404", &cut, "ana").unwrap_err();
    assert!(matches!(e, CoreError::UnknownRequest(_)), "{e}");
    assert!(ws.documents("P-1").unwrap().is_empty());
    // Nothing was copied for refused files.
    assert!(walk(&tmp.path().join("data").join("requests")).is_empty());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_record_type_changes_the_proposals_and_is_set_before_the_scan() {
    let fx = fixture("text/incident-report-chromium.pdf");
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(tmp.path()).unwrap();
    request(&mut ws, "P-1");
    let ImportOutcome::Imported(doc) = ws.import("P-1", &fx.full_path(), "ana").unwrap() else {
        panic!()
    };
    let e = ws
        .set_record_type("P-1", doc.id, Some("spaceship"), "ana")
        .unwrap_err();
    assert!(e.to_string().contains("employee"), "{e}");
    // Washington: an employee's home address is exempt (RCW 42.56.250(4)).
    ws.set_record_type("P-1", doc.id, Some("employee"), "ana")
        .unwrap();
    ws.scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let address = ws
        .findings("P-1")
        .unwrap()
        .into_iter()
        .find(|f| f.category == Category::Address)
        .unwrap();
    assert!(
        matches!(address.proposal, Proposal::Exempt { ref code, .. } if code == "RCW 42.56.250(4)"),
        "{:?}",
        address.proposal
    );
    assert!(ws.set_record_type("P-1", doc.id, None, "ana").is_err());
}

#[test]
fn the_exemption_log_lists_each_redaction_without_its_value() {
    let first = fixture("text/email-thread-chromium.pdf");
    let second = fixture("text/cash-receipt-per-glyph-reportlab.pdf");
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(tmp.path()).unwrap();
    request(&mut ws, "P-1");
    ws.import("P-1", &first.full_path(), "ana").unwrap();
    let ImportOutcome::Imported(receipt) = ws.import("P-1", &second.full_path(), "ana").unwrap()
    else {
        panic!()
    };
    ws.scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let accepted = ws
        .decide(
            "P-1",
            &DecideTarget::AllProposedExempt,
            &Verdict::Accept { code: None },
            None,
            "ana",
        )
        .unwrap();
    ws.add_manual_redaction(
        "P-1",
        receipt.id,
        &disclose_core::ManualTarget::Area {
            page: 1,
            rect: [10.0, 10.0, 50.0, 30.0],
        },
        "RCW 42.56.230(5)",
        "ben",
    )
    .unwrap();
    let log = ws.exemption_log("P-1").unwrap();
    assert_eq!(log.entries.len(), accepted + 1);
    assert_eq!(log.totals.values().sum::<usize>(), log.entries.len());
    assert!(log.notice.len() > 20);
    // Bates numbers run across documents: the receipt's page 1 follows the
    // e-mail thread's pages.
    let receipt_bates = format!("SEA-2026-0142-{:06}", first.pages + 1);
    let manual = log.entries.last().unwrap();
    assert_eq!(manual.bates.as_deref(), Some(receipt_bates.as_str()));
    assert_eq!(manual.decided_by, "ben");
    assert_eq!(
        log.entries[0].bates.as_deref(),
        Some("SEA-2026-0142-000001")
    );
    for e in &log.entries {
        assert!(!e.citation.is_empty() && !e.explanation.is_empty(), "{e:?}");
        assert_eq!(e.review, "pending");
    }
    // The attorney returns one entry and approves the manual one.
    let first_id = log.entries[0].finding_id.unwrap();
    let returned = disclose_core::Review::Returned("cite the subsection".into());
    ws.review_log_entry(
        "P-1",
        disclose_core::ReviewTarget::Finding(first_id),
        &returned,
        "lee",
    )
    .unwrap();
    let empty = disclose_core::Review::Returned(" ".into());
    assert!(
        ws.review_log_entry(
            "P-1",
            disclose_core::ReviewTarget::Finding(first_id),
            &empty,
            "lee"
        )
        .is_err()
    );
    let manual_id = log.entries.last().unwrap().manual_id.unwrap();
    ws.review_log_entry(
        "P-1",
        disclose_core::ReviewTarget::Manual(manual_id),
        &disclose_core::Review::Approved,
        "lee",
    )
    .unwrap();
    let log = ws.exemption_log("P-1").unwrap();
    assert_eq!(log.entries[0].review, "returned");
    assert_eq!(
        log.entries[0].review_comment.as_deref(),
        Some("cite the subsection")
    );
    assert_eq!(log.entries.last().unwrap().review, "approved");
    assert!(
        log.entries[1..log.entries.len() - 1]
            .iter()
            .all(|e| e.review == "pending")
    );
    // Never the values themselves, in any form.
    let csv = log.to_csv();
    let json = serde_json::to_string(&log).unwrap();
    assert_eq!(csv.lines().count(), log.entries.len() + 1);
    for p in first.planted.iter().chain(&second.planted) {
        let digits: String = p.value.chars().filter(char::is_ascii_digit).collect();
        if p.category == "card_number" {
            assert!(!csv.contains(&p.value) && !json.contains(&p.value));
            assert!(!csv.contains(&digits) && !json.contains(&digits));
        }
    }
}

#[test]
fn a_kept_copy_changed_on_disk_is_not_scanned_but_reported() {
    let fx = fixture("text/invoice-receipt-fpdf2.pdf");
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(tmp.path()).unwrap();
    request(&mut ws, "P-1");
    ws.import("P-1", &fx.full_path(), "ana").unwrap();
    let kept = walk(&tmp.path().join("requests"));
    assert_eq!(kept.len(), 1);
    std::fs::write(&kept[0], b"%PDF-1.4 something else %%EOF").unwrap();
    let report = ws
        .scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.scanned, 0);
    assert_eq!(report.failed.len(), 1);
    assert!(
        report.failed[0].1.contains("no longer matches"),
        "{:?}",
        report.failed
    );
    let docs = ws.documents("P-1").unwrap();
    assert_eq!(docs[0].scan_status, "failed");
    assert!(ws.findings("P-1").unwrap().is_empty());
    // Putting the right bytes back lets the next scan succeed.
    std::fs::copy(fx.full_path(), &kept[0]).unwrap();
    let report = ws
        .scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(report.scanned, 1);
    assert_eq!(ws.documents("P-1").unwrap()[0].scan_status, "scanned");
    assert!(ws.verify_audit("P-1").unwrap().first_break.is_none());
}

#[test]
fn a_term_added_after_the_scan_is_searched_in_scanned_documents() {
    let fx = fixture("text/email-thread-chromium.pdf");
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(tmp.path()).unwrap();
    request(&mut ws, "P-1");
    ws.import("P-1", &fx.full_path(), "ana").unwrap();
    ws.scan("P-1", "ana", &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let before = ws.findings("P-1").unwrap();
    assert!(before.iter().all(|f| f.category != Category::Custom));
    let added = ws
        .add_custom_term("P-1", "PK-24-00562", None, "ana")
        .unwrap();
    assert!(added.found >= 1, "{added:?}");
    assert!(added.not_searched.is_empty());
    let after = ws.findings("P-1").unwrap();
    let custom: Vec<_> = after
        .iter()
        .filter(|f| f.category == Category::Custom)
        .collect();
    assert_eq!(custom.len(), added.found);
    assert_eq!(after.len(), before.len() + added.found);
    assert!(!custom[0].quads.is_empty());
    // A term that does not occur finds nothing and adds nothing.
    let none = ws
        .add_custom_term("P-1", "Zanzibar Quokka", None, "ana")
        .unwrap();
    assert_eq!(none.found, 0);
    assert_eq!(ws.findings("P-1").unwrap().len(), after.len());
    assert!(ws.verify_audit("P-1").unwrap().first_break.is_none());
}
