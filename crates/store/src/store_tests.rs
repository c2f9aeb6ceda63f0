//! Tests of the store's tables working together.

use crate::*;

fn store_with_doc() -> (tempfile::TempDir, Store, i64, i64) {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = Store::open(tmp.path()).unwrap();
    let r = s
        .create_request(
            &NewRequest {
                number: "P-1".into(),
                requester: "R".into(),
                jurisdiction: "wa".into(),
                received: "2026-11-02".into(),
                due: Some("2026-11-09".into()),
                bates_prefix: None,
            },
            "ana",
        )
        .unwrap();
    let d = s
        .insert_document(
            &NewDocument {
                request_id: r,
                original_name: "a.pdf".into(),
                stored_path: "requests/1/a.pdf".into(),
                sha256: "ab".repeat(32),
                pages: 2,
                bytes: 100,
                record_type: None,
            },
            "ana",
        )
        .unwrap();
    (tmp, s, r, d)
}

fn finding(page: u32, category: &str) -> NewFinding {
    NewFinding {
        page,
        category: category.into(),
        detector: "card".into(),
        quads: "[]".into(),
        text: "4111 1111 1111 1111".into(),
        value: "4111111111111111".into(),
        confidence: 0.9,
        proposal: r#"{"kind":"exempt","code":"X","citation":"Y","explanation":"Z"}"#.into(),
    }
}

fn page(document_id: i64, page: u32, verdict: &str) -> PageRow {
    PageRow {
        document_id,
        page,
        verdict: verdict.into(),
        reasons: "[]".into(),
    }
}

#[test]
fn the_same_bytes_are_not_imported_twice() {
    let (_t, mut s, r, _d) = store_with_doc();
    let again = NewDocument {
        request_id: r,
        original_name: "copy of a.pdf".into(),
        stored_path: "x".into(),
        sha256: "ab".repeat(32),
        pages: 2,
        bytes: 100,
        record_type: None,
    };
    match s.insert_document(&again, "ana") {
        Err(StoreError::DuplicateDocument { existing }) => assert_eq!(existing, "a.pdf"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.documents(r).unwrap().len(), 1);
    assert!(s.document_by_hash(r, &"ab".repeat(32)).unwrap().is_some());
}

#[test]
fn a_scan_is_recorded_once_with_its_pages() {
    let (_t, mut s, r, d) = store_with_doc();
    s.record_scan(
        r,
        d,
        &[page(d, 1, "ok"), page(d, 2, "unreadable")],
        &[finding(1, "card_number"), finding(2, "ssn")],
        "ana",
    )
    .unwrap();
    assert!(matches!(
        s.record_scan(r, d, &[], &[], "ana"),
        Err(StoreError::AlreadyScanned(_))
    ));
    assert_eq!(s.findings(r).unwrap().len(), 2);
    let unreliable = s.unreliable_pages(r).unwrap();
    assert_eq!(unreliable.len(), 1);
    assert_eq!(unreliable[0].page, 2);
    assert_eq!(s.documents(r).unwrap()[0].scan_status, "scanned");
}

#[test]
fn the_latest_decision_wins_and_clear_undoes() {
    let (_t, mut s, r, d) = store_with_doc();
    s.record_scan(
        r,
        d,
        &[page(d, 1, "ok")],
        &[finding(1, "card_number")],
        "ana",
    )
    .unwrap();
    let f = s.findings(r).unwrap()[0].id;
    assert!(s.finding(r, f).unwrap().unwrap().decision.is_none());
    let accept = NewDecision {
        finding_id: f,
        action: DecisionAction::Accept,
        code: Some("X".into()),
        note: None,
        undoes: None,
    };
    s.record_decisions(r, std::slice::from_ref(&accept), "ana")
        .unwrap();
    s.record_decisions(
        r,
        &[NewDecision {
            finding_id: f,
            action: DecisionAction::Reject,
            code: None,
            note: Some("public figure".into()),
            undoes: None,
        }],
        "ben",
    )
    .unwrap();
    let now = s.finding(r, f).unwrap().unwrap().decision.unwrap();
    assert_eq!(now.action, DecisionAction::Reject);
    assert_eq!(now.clerk, "ben");
    assert_eq!(now.note.as_deref(), Some("public figure"));
    s.record_decisions(
        r,
        &[NewDecision {
            finding_id: f,
            action: DecisionAction::Clear,
            code: None,
            note: None,
            undoes: None,
        }],
        "ben",
    )
    .unwrap();
    assert!(s.finding(r, f).unwrap().unwrap().decision.is_none());
    assert_eq!(s.decision_history(f).unwrap().len(), 3);
    // Decisions cannot be rewritten in place.
    assert!(s.conn.execute("DELETE FROM decisions", []).is_err());
}

#[test]
fn decisions_are_all_or_nothing_and_need_a_code() {
    let (_t, mut s, r, d) = store_with_doc();
    s.record_scan(
        r,
        d,
        &[page(d, 1, "ok")],
        &[finding(1, "card_number")],
        "ana",
    )
    .unwrap();
    let f = s.findings(r).unwrap()[0].id;
    let good = NewDecision {
        finding_id: f,
        action: DecisionAction::Accept,
        code: Some("X".into()),
        note: None,
        undoes: None,
    };
    let bad = NewDecision {
        finding_id: f + 100,
        ..good.clone()
    };
    assert!(matches!(
        s.record_decisions(r, &[good.clone(), bad], "ana"),
        Err(StoreError::NoSuchFinding(_))
    ));
    assert!(s.decision_history(f).unwrap().is_empty());
    let no_code = NewDecision { code: None, ..good };
    assert!(matches!(
        s.record_decisions(r, &[no_code], "ana"),
        Err(StoreError::CodeRequired(_))
    ));
}

#[test]
fn the_audit_chain_is_intact_after_normal_work() {
    let (_t, mut s, r, d) = store_with_doc();
    s.add_custom_term(r, "Jane Roe", None, "ana").unwrap();
    assert!(matches!(
        s.add_custom_term(r, "Jane Roe", None, "ana"),
        Err(StoreError::DuplicateTerm(_))
    ));
    let m = s
        .add_manual_redaction(
            r,
            d,
            &ManualTarget::Area {
                page: 1,
                rect: [1.0, 2.0, 3.0, 4.0],
            },
            "X",
            "ana",
        )
        .unwrap();
    assert_eq!(s.manual_redactions(r).unwrap().len(), 1);
    s.remove_manual_redaction(r, m, "ana").unwrap();
    assert!(s.manual_redactions(r).unwrap().is_empty());
    let report = s.verify_audit().unwrap();
    assert_eq!(report.entries, 5);
    assert_eq!(report.first_break, None);
    let entries = s.audit_entries(r).unwrap();
    let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "request.create",
            "document.import",
            "term.add",
            "manual.add",
            "manual.remove"
        ]
    );
    // The term itself (a name) is not written into the audit trail.
    assert!(entries.iter().all(|e| !e.detail.contains("Jane")));
}

#[test]
fn the_audit_check_reports_the_first_tampered_entry() {
    let (_t, mut s, r, _d) = store_with_doc();
    s.add_custom_term(r, "a", None, "ana").unwrap();
    s.add_custom_term(r, "b", None, "ana").unwrap();
    // Someone with sqlite3 drops the guard and edits entry 2.
    s.conn
        .execute_batch(
            "DROP TRIGGER audit_append_only_u; DROP TRIGGER audit_append_only_d;
             UPDATE audit SET clerk = 'mallory' WHERE id = 2;",
        )
        .unwrap();
    let report = s.verify_audit().unwrap();
    let b = report.first_break.unwrap();
    assert_eq!(b.id, 2);
    assert!(b.reason.contains("changed"), "{}", b.reason);
}

#[test]
fn the_audit_check_reports_a_removed_entry() {
    let (_t, mut s, r, _d) = store_with_doc();
    s.add_custom_term(r, "a", None, "ana").unwrap();
    s.add_custom_term(r, "b", None, "ana").unwrap();
    s.conn
        .execute_batch("DROP TRIGGER audit_append_only_d; DELETE FROM audit WHERE id = 3;")
        .unwrap();
    let b = s.verify_audit().unwrap().first_break.unwrap();
    assert_eq!(b.id, 3);
    assert!(b.reason.contains("missing"), "{}", b.reason);
}

#[test]
fn an_export_is_recorded_from_start_to_end_once() {
    let (_t, mut s, r, _d) = store_with_doc();
    let e = s.begin_export(r, "/out", "ana").unwrap();
    let rows = s.exports(r).unwrap();
    assert_eq!(rows[0].status, "writing");
    assert_eq!(rows[0].finished_at, None);
    let files = r#"[{"name":"a.pdf","sha256":"00","bytes":1,"document_id":1}]"#;
    s.finish_export(r, e, files, r#"{"values_found":0}"#, true, "ana")
        .unwrap();
    let rows = s.exports(r).unwrap();
    assert_eq!(rows[0].status, "verified");
    assert_eq!(rows[0].files, files);
    assert!(rows[0].finished_at.is_some());
    assert!(matches!(
        s.finish_export(r, e, "[]", "{}", false, "ana"),
        Err(StoreError::NoSuchExport(_))
    ));
    let entries = s.audit_entries(r).unwrap();
    assert!(entries.last().unwrap().detail.contains("a.pdf"));
    assert_eq!(s.verify_audit().unwrap().first_break, None);
}

#[test]
fn the_latest_review_of_a_log_entry_is_in_force() {
    let (_t, mut s, r, d) = store_with_doc();
    s.record_scan(
        r,
        d,
        &[page(d, 1, "ok")],
        &[finding(1, "card_number")],
        "ana",
    )
    .unwrap();
    let f = s.findings(r).unwrap()[0].id;
    let t = ReviewTarget::Finding(f);
    s.record_review(r, t, "returned", Some("cite the subsection"), "lee")
        .unwrap();
    s.record_review(r, t, "approved", None, "lee").unwrap();
    let m = s
        .add_manual_redaction(r, d, &ManualTarget::Term("x".into()), "X", "ana")
        .unwrap();
    s.record_review(r, ReviewTarget::Manual(m), "returned", Some("why?"), "lee")
        .unwrap();
    let reviews = s.reviews(r).unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0].target, t);
    assert_eq!(reviews[0].state, "approved");
    assert_eq!(reviews[1].comment.as_deref(), Some("why?"));
    assert!(matches!(
        s.record_review(r, ReviewTarget::Finding(f + 9), "approved", None, "lee"),
        Err(StoreError::NoSuchFinding(_))
    ));
    assert!(s.record_review(r, t, "maybe", None, "lee").is_err());
}
