//! Scanning a request's documents into the store, reviewing the findings
//! (decisions, custom terms, manual redactions) and checking the audit
//! trail.

use std::sync::atomic::AtomicBool;

use disclose_detect::Category;
use disclose_rules::Proposal;
use disclose_store::{DecisionAction, NewDecision, NewFinding, PageRow};
use serde::Serialize;

pub use disclose_store::ManualTarget;

use crate::scan::{ScanContext, Term, open_pdf, scan_document};
use crate::{CoreError, Workspace};

/// Where a scan is, for a progress bar.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ScanProgress {
    /// The document's name.
    pub document: String,
    /// Its position among the documents to scan, from 1.
    pub document_index: usize,
    /// How many documents are being scanned.
    pub documents: usize,
    /// The page about to be read, from 1.
    pub page: u32,
    /// The document's page count.
    pub pages: u32,
}

/// A page whose text cannot be fully trusted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageNote {
    /// The document's name.
    pub document: String,
    /// 1-based page.
    pub page: u32,
    /// `degraded` or `unreadable`.
    pub verdict: String,
    /// Why, in plain words.
    pub reasons: Vec<String>,
}

/// What a scan did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct ScanReport {
    /// Documents scanned now.
    pub scanned: usize,
    /// Findings recorded now.
    pub findings: usize,
    /// Documents already scanned before, left as they were.
    pub already_scanned: usize,
    /// Documents that could not be scanned: (name, why).
    pub failed: Vec<(String, String)>,
    /// Pages scanned now whose text cannot be fully trusted: review by eye.
    pub pages_to_review: Vec<PageNote>,
    /// True when the scan was cancelled; documents finished before the
    /// cancellation are recorded, the rest stay pending.
    pub cancelled: bool,
}

/// A decision as shown beside its finding.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DecisionView {
    /// `accept`, `reject` or `change_code`.
    pub action: String,
    /// The exemption code, when redacted.
    pub code: Option<String>,
    /// Who decided.
    pub clerk: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// The clerk's note.
    pub note: Option<String>,
}

/// A finding as the app and `disclose findings --json` show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FindingView {
    /// Database id (what `decide --accept/--reject` take).
    pub id: i64,
    /// The document's id.
    pub document_id: i64,
    /// The document's name.
    pub document: String,
    /// 1-based page.
    pub page: u32,
    /// The text as printed.
    pub text: String,
    /// The normalized value.
    pub value: String,
    /// The category.
    pub category: Category,
    /// The detector that fired.
    pub detector: String,
    /// The detector's confidence.
    pub confidence: f64,
    /// What the jurisdiction's pack proposes.
    pub proposal: Proposal,
    /// Glyph quads, each `[x1,y1,...,x4,y4]` in default user space.
    pub quads: Vec<[f64; 8]>,
    /// The decision in force, `null` when undecided.
    pub decision: Option<DecisionView>,
}

/// What adding a custom term found in the documents already scanned.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct TermAdded {
    /// Occurrences found (stored as findings).
    pub found: usize,
    /// Documents that could not be searched: (name, why).
    pub not_searched: Vec<(String, String)>,
}

/// A manual redaction in force.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualRedaction {
    /// Its id.
    pub id: i64,
    /// The document.
    pub document_id: i64,
    /// The area or term.
    pub target: ManualTarget,
    /// The exemption code.
    pub code: String,
    /// Who added it.
    pub clerk: String,
    /// When.
    pub at: String,
}

/// Which findings a decision applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecideTarget {
    /// One finding.
    Finding(i64),
    /// Every finding of a category.
    Category(Category),
    /// Every undecided finding proposed as exempt (accept only).
    AllProposedExempt,
}

/// What to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Redact, under `code` or else the proposed code.
    Accept {
        /// A code other than the proposed one (a change of code).
        code: Option<String>,
    },
    /// Release.
    Reject,
}

/// The audit check's result for a request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuditSummary {
    /// Entries of the whole store checked.
    pub entries: u64,
    /// Entries about this request.
    pub request_entries: usize,
    /// The first break in the chain, if any.
    pub first_break: Option<BreakView>,
}

/// Where the chain breaks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BreakView {
    /// The entry.
    pub id: i64,
    /// Why.
    pub reason: String,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::Store(disclose_store::StoreError::Corrupt(format!("{what}: {e}")))
}

fn to_store(findings: &[crate::ScanFinding]) -> Result<Vec<NewFinding>, CoreError> {
    findings
        .iter()
        .map(|f| {
            Ok(NewFinding {
                page: f.page,
                category: f.category.as_str().to_string(),
                detector: f.detector.clone(),
                quads: serde_json::to_string(&f.quads).map_err(|e| corrupt("quads", e))?,
                text: f.text.clone(),
                value: f.value.clone(),
                confidence: f64::from(f.confidence),
                proposal: serde_json::to_string(&f.proposal).map_err(|e| corrupt("proposal", e))?,
            })
        })
        .collect()
}

fn view(row: disclose_store::FindingRow) -> Result<FindingView, CoreError> {
    let category: Category = row
        .category
        .parse()
        .map_err(|e| corrupt(&format!("finding {}", row.id), e))?;
    let proposal: Proposal = serde_json::from_str(&row.proposal)
        .map_err(|e| corrupt(&format!("finding {} proposal", row.id), e))?;
    let quads: Vec<[f64; 8]> = serde_json::from_str(&row.quads)
        .map_err(|e| corrupt(&format!("finding {} quads", row.id), e))?;
    Ok(FindingView {
        id: row.id,
        document_id: row.document_id,
        document: row.document_name,
        page: row.page,
        text: row.text,
        value: row.value,
        category,
        detector: row.detector,
        confidence: row.confidence,
        proposal,
        quads,
        decision: row.decision.map(|d| DecisionView {
            action: d.action.as_str().to_string(),
            code: d.code,
            clerk: d.clerk,
            at: d.at,
            note: d.note,
        }),
    })
}

impl Workspace {
    /// Scans every document of request `number` not scanned yet. Each
    /// document's pages and findings are stored in one transaction, so a
    /// crash or cancellation loses at most the document in progress (it
    /// stays pending). `progress` is called before each page; setting
    /// `cancel` stops before the next page.
    pub fn scan(
        &mut self,
        number: &str,
        clerk: &str,
        progress: &mut dyn FnMut(&ScanProgress),
        cancel: &AtomicBool,
    ) -> Result<ScanReport, CoreError> {
        let req = self.request_row(number)?;
        let terms: Vec<Term> = self
            .store
            .custom_terms(req.id)?
            .into_iter()
            .map(|t| Term {
                term: t.term,
                code: t.code,
            })
            .collect();
        let docs = self.store.documents(req.id)?;
        let mut report = ScanReport::default();
        let todo: Vec<_> = docs
            .into_iter()
            .filter(|d| {
                let done = d.scan_status == "scanned";
                report.already_scanned += usize::from(done);
                !done
            })
            .collect();
        let count = todo.len();
        for (i, d) in todo.into_iter().enumerate() {
            let path = self.store.dir().join(&d.stored_path);
            let opened = crate::import::read_file(&path).and_then(|bytes| {
                if crate::import::sha256_hex(&bytes) != d.sha256 {
                    return Err(CoreError::Damaged {
                        path: path.clone(),
                        reason: "the kept copy no longer matches the imported file".into(),
                    });
                }
                open_pdf(&path, &bytes)
            });
            let doc = match opened {
                Ok(doc) => doc,
                Err(e) => {
                    let why = e.to_string();
                    self.store.record_scan_failure(req.id, d.id, &why, clerk)?;
                    report.failed.push((d.original_name, why));
                    continue;
                }
            };
            let ctx = ScanContext {
                rules: &self.rules,
                jurisdiction: &req.jurisdiction,
                record_type: d.record_type.as_deref(),
                name: &d.original_name,
                terms: &terms,
                terms_only: false,
            };
            let mut page_progress = |page, pages| {
                progress(&ScanProgress {
                    document: d.original_name.clone(),
                    document_index: i + 1,
                    documents: count,
                    page,
                    pages,
                });
            };
            let Some(scanned) = scan_document(&doc, &ctx, &mut page_progress, cancel)? else {
                report.cancelled = true;
                return Ok(report);
            };
            let pages: Vec<PageRow> = scanned
                .pages
                .iter()
                .map(|p| PageRow {
                    document_id: d.id,
                    page: p.page,
                    verdict: p.verdict.clone(),
                    reasons: serde_json::to_string(&p.reasons).unwrap_or_else(|_| "[]".into()),
                })
                .collect();
            let findings = to_store(&scanned.findings)?;
            self.store
                .record_scan(req.id, d.id, &pages, &findings, clerk)?;
            report.scanned += 1;
            report.findings += findings.len();
            report
                .pages_to_review
                .extend(scanned.unreliable_pages().map(|p| PageNote {
                    document: d.original_name.clone(),
                    page: p.page,
                    verdict: p.verdict.clone(),
                    reasons: p.reasons.clone(),
                }));
        }
        Ok(report)
    }

    /// Every finding of request `number` with its proposal and the decision
    /// in force.
    pub fn findings(&self, number: &str) -> Result<Vec<FindingView>, CoreError> {
        let req = self.request_row(number)?;
        self.store.findings(req.id)?.into_iter().map(view).collect()
    }

    /// The pages of request `number` whose text cannot be fully trusted.
    pub fn pages_to_review(&self, number: &str) -> Result<Vec<PageNote>, CoreError> {
        let req = self.request_row(number)?;
        let names: std::collections::HashMap<i64, String> = self
            .store
            .documents(req.id)?
            .into_iter()
            .map(|d| (d.id, d.original_name))
            .collect();
        self.store
            .unreliable_pages(req.id)?
            .into_iter()
            .map(|p| {
                Ok(PageNote {
                    document: names.get(&p.document_id).cloned().unwrap_or_default(),
                    page: p.page,
                    verdict: p.verdict,
                    reasons: serde_json::from_str(&p.reasons)
                        .map_err(|e| corrupt("page reasons", e))?,
                })
            })
            .collect()
    }

    /// Records `verdict` on the findings of request `number` that `target`
    /// names, as `clerk`, all at once, and returns how many were decided.
    /// Accepting needs a code: the one given (checked against the pack, a
    /// change of code when it differs from the proposal) or the proposed
    /// one. Committed before returning.
    pub fn decide(
        &mut self,
        number: &str,
        target: &DecideTarget,
        verdict: &Verdict,
        note: Option<&str>,
        clerk: &str,
    ) -> Result<usize, CoreError> {
        let req = self.request_row(number)?;
        if let Verdict::Accept { code: Some(code) } = verdict {
            let pack = self.rules.get(&req.jurisdiction)?;
            if pack.code(code).is_none() {
                return Err(CoreError::UnknownCode {
                    jurisdiction: req.jurisdiction.clone(),
                    code: code.clone(),
                });
            }
        }
        // One finding is looked up alone: the app decides one per click.
        let all = match target {
            DecideTarget::Finding(id) => vec![view(
                self.store
                    .finding(req.id, *id)?
                    .ok_or(CoreError::UnknownFinding(*id))?,
            )?],
            _ => self.findings(number)?,
        };
        let chosen: Vec<&FindingView> = match target {
            DecideTarget::Finding(_) => all.iter().collect(),
            DecideTarget::Category(c) => all.iter().filter(|f| f.category == *c).collect(),
            DecideTarget::AllProposedExempt => all
                .iter()
                .filter(|f| f.decision.is_none() && matches!(f.proposal, Proposal::Exempt { .. }))
                .collect(),
        };
        let mut decisions = Vec::with_capacity(chosen.len());
        for f in chosen {
            let (action, code) = match verdict {
                Verdict::Reject => (DecisionAction::Reject, None),
                Verdict::Accept { code } => {
                    let proposed = f.proposal.code();
                    let code = match (code.as_deref(), proposed) {
                        (Some(c), _) => c,
                        (None, Some(p)) => p,
                        (None, None) => {
                            return Err(CoreError::CodeRequired {
                                finding: f.id,
                                category: f.category.as_str().to_string(),
                            });
                        }
                    };
                    let action = if proposed == Some(code) {
                        DecisionAction::Accept
                    } else {
                        DecisionAction::ChangeCode
                    };
                    (action, Some(code.to_string()))
                }
            };
            decisions.push(NewDecision {
                finding_id: f.id,
                action,
                code,
                note: note.map(str::to_string),
                undoes: None,
            });
        }
        self.store.record_decisions(req.id, &decisions, clerk)?;
        Ok(decisions.len())
    }

    /// Undoes the decision in force on a finding: the one before it comes
    /// back in force (or none). Recorded as a new decision.
    pub fn undo(&mut self, number: &str, finding: i64, clerk: &str) -> Result<(), CoreError> {
        let req = self.request_row(number)?;
        if self.store.finding(req.id, finding)?.is_none() {
            return Err(CoreError::UnknownFinding(finding));
        }
        // Replay the history as a stack: a decision pushes, an undo pops
        // the decision it takes back. The top is in force.
        let history = self.store.decision_history(finding)?;
        let mut stack: Vec<&disclose_store::DecisionRow> = Vec::new();
        for d in &history {
            match d.undoes {
                Some(undone) => {
                    if let Some(pos) = stack.iter().rposition(|s| s.id == undone) {
                        stack.truncate(pos);
                    }
                }
                None => stack.push(d),
            }
        }
        let Some(top) = stack.pop() else {
            return Err(CoreError::NothingToUndo(finding));
        };
        // A clear in force is "undecided": undoing it is allowed (it brings
        // back what was cleared), but there must be a decision to take back.
        let (action, code) = stack
            .last()
            .map(|d| (d.action, d.code.clone()))
            .unwrap_or((DecisionAction::Clear, None));
        self.store.record_decisions(
            req.id,
            &[NewDecision {
                finding_id: finding,
                action,
                code,
                note: Some("undo".into()),
                undoes: Some(top.id),
            }],
            clerk,
        )?;
        Ok(())
    }

    /// Adds a custom term to request `number`, under `code` or the pack's
    /// custom code: documents already scanned are searched for it at once,
    /// pending ones by their scan.
    pub fn add_custom_term(
        &mut self,
        number: &str,
        term: &str,
        code: Option<&str>,
        clerk: &str,
    ) -> Result<TermAdded, CoreError> {
        let req = self.request_row(number)?;
        // Let the detector judge the term now, not at the next scan.
        disclose_detect::Scanner::new(&disclose_detect::ScanOptions {
            custom_terms: vec![term.to_string()],
            ..Default::default()
        })?;
        if let Some(c) = code
            && self.rules.get(&req.jurisdiction)?.code(c).is_none()
        {
            return Err(CoreError::UnknownCode {
                jurisdiction: req.jurisdiction.clone(),
                code: c.to_string(),
            });
        }
        let term = term.trim();
        self.store.add_custom_term(req.id, term, code, clerk)?;
        // Documents scanned before the term was added are searched for it
        // now (pending ones will be by their scan). Returns how many
        // occurrences were found in them.
        let terms = [Term {
            term: term.to_string(),
            code: code.map(str::to_string),
        }];
        let mut added = TermAdded::default();
        for d in self.store.documents(req.id)? {
            if d.scan_status != "scanned" {
                continue;
            }
            let path = self.store.dir().join(&d.stored_path);
            let opened = crate::import::read_file(&path).and_then(|b| open_pdf(&path, &b));
            let doc = match opened {
                Ok(doc) => doc,
                Err(e) => {
                    added.not_searched.push((d.original_name, e.to_string()));
                    continue;
                }
            };
            let ctx = ScanContext {
                rules: &self.rules,
                jurisdiction: &req.jurisdiction,
                record_type: d.record_type.as_deref(),
                name: &d.original_name,
                terms: &terms,
                terms_only: true,
            };
            let never = AtomicBool::new(false);
            let Some(scanned) = scan_document(&doc, &ctx, &mut |_, _| {}, &never)? else {
                continue;
            };
            if scanned.findings.is_empty() {
                continue;
            }
            added.found += scanned.findings.len();
            self.store
                .add_findings(req.id, d.id, &to_store(&scanned.findings)?, clerk)?;
        }
        Ok(added)
    }

    /// The custom terms of request `number`.
    pub fn custom_terms(&self, number: &str) -> Result<Vec<Term>, CoreError> {
        let req = self.request_row(number)?;
        Ok(self
            .store
            .custom_terms(req.id)?
            .into_iter()
            .map(|t| Term {
                term: t.term,
                code: t.code,
            })
            .collect())
    }

    /// Adds a manual redaction (an area of a page, or a term) to a document
    /// of request `number`, under `code`. Returns its id.
    pub fn add_manual_redaction(
        &mut self,
        number: &str,
        document_id: i64,
        target: &ManualTarget,
        code: &str,
        clerk: &str,
    ) -> Result<i64, CoreError> {
        let req = self.request_row(number)?;
        if self.rules.get(&req.jurisdiction)?.code(code).is_none() {
            return Err(CoreError::UnknownCode {
                jurisdiction: req.jurisdiction.clone(),
                code: code.to_string(),
            });
        }
        let doc = self
            .store
            .documents(req.id)?
            .into_iter()
            .find(|d| d.id == document_id)
            .ok_or(CoreError::Store(
                disclose_store::StoreError::NoSuchDocument(document_id),
            ))?;
        match target {
            ManualTarget::Area { page, rect } => {
                if *page == 0 || *page > doc.pages {
                    return Err(CoreError::InvalidInput {
                        field: "the page",
                        problem: format!(
                            "{page} does not exist: {} has {} pages",
                            doc.original_name, doc.pages
                        ),
                    });
                }
                if !rect.iter().all(|v| v.is_finite()) || rect[0] >= rect[2] || rect[1] >= rect[3] {
                    return Err(CoreError::InvalidInput {
                        field: "the area",
                        problem: "is empty or not a rectangle: give x0 < x1 and y0 < y1".into(),
                    });
                }
            }
            ManualTarget::Term(t) if t.trim().is_empty() => {
                return Err(CoreError::InvalidInput {
                    field: "the term",
                    problem: "is empty".into(),
                });
            }
            ManualTarget::Term(_) => {}
        }
        Ok(self
            .store
            .add_manual_redaction(req.id, document_id, target, code, clerk)?)
    }

    /// The manual redactions in force on request `number`'s documents.
    pub fn manual_redactions(&self, number: &str) -> Result<Vec<ManualRedaction>, CoreError> {
        let req = self.request_row(number)?;
        Ok(self
            .store
            .manual_redactions(req.id)?
            .into_iter()
            .map(|m| ManualRedaction {
                id: m.id,
                document_id: m.document_id,
                target: m.target,
                code: m.code,
                clerk: m.clerk,
                at: m.at,
            })
            .collect())
    }

    /// Withdraws a manual redaction of request `number` (kept on record,
    /// marked removed, audited).
    pub fn remove_manual_redaction(
        &mut self,
        number: &str,
        id: i64,
        clerk: &str,
    ) -> Result<(), CoreError> {
        let req = self.request_row(number)?;
        Ok(self.store.remove_manual_redaction(req.id, id, clerk)?)
    }

    /// The exemption codes of request `number`'s jurisdiction, in the
    /// pack's order, for the code picker.
    pub fn exemption_codes(&self, number: &str) -> Result<Vec<disclose_rules::Code>, CoreError> {
        let req = self.request_row(number)?;
        Ok(self
            .rules
            .get(&req.jurisdiction)?
            .codes()
            .cloned()
            .collect())
    }

    /// Checks the audit trail (the whole chain of the store) for request
    /// `number`.
    pub fn verify_audit(&self, number: &str) -> Result<AuditSummary, CoreError> {
        let req = self.request_row(number)?;
        let report = self.store.verify_audit()?;
        Ok(AuditSummary {
            entries: report.entries,
            request_entries: self.store.audit_entries(req.id)?.len(),
            first_break: report.first_break.map(|b| BreakView {
                id: b.id,
                reason: b.reason,
            }),
        })
    }
}
