//! The exemption log's content: one entry per redaction decided so far (an
//! accepted finding, a manual area), with its Bates number or document and
//! page, the code, the full citation, the brief explanation, the category,
//! who decided and when. It never holds a redacted value. CSV and JSON are
//! written here; the signed PDF report comes with the export step.

use std::collections::BTreeMap;

use disclose_detect::Category;
use disclose_rules::Proposal;
use disclose_store::{ManualTarget, ReviewTarget};
use serde::Serialize;

use crate::{CoreError, Workspace};

/// One line of the exemption log.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LogEntry {
    /// The page's Bates number (`PREFIX-000001`, pages numbered across the
    /// request's documents in import order) when the request has a prefix.
    pub bates: Option<String>,
    /// The document's name.
    pub document: String,
    /// 1-based page in the document.
    pub page: u32,
    /// The exemption code printed on the box.
    pub code: String,
    /// The full citation.
    pub citation: String,
    /// The brief explanation of how the exemption applies.
    pub explanation: String,
    /// What was withheld, in words ("credit or debit card number",
    /// "area marked by the clerk").
    pub category: String,
    /// Who decided.
    pub decided_by: String,
    /// When, RFC 3339 UTC.
    pub decided_at: String,
    /// The finding behind the entry, if it is one.
    pub finding_id: Option<i64>,
    /// The manual redaction behind the entry, if it is one.
    pub manual_id: Option<i64>,
    /// The attorney's review: `pending`, `approved` or `returned`.
    pub review: String,
    /// The attorney's comment, when returned.
    pub review_comment: Option<String>,
}

/// An attorney's review of a log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// Back to pending.
    Pending,
    /// Approved.
    Approved,
    /// Returned to the clerk, with the attorney's comment.
    Returned(String),
}

/// The exemption log of a request as it stands.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExemptionLog {
    /// The request number.
    pub request: String,
    /// The requester.
    pub requester: String,
    /// The jurisdiction's name.
    pub jurisdiction: String,
    /// Date received.
    pub received: String,
    /// Response due date.
    pub due: Option<String>,
    /// The entries, by document, page and decision.
    pub entries: Vec<LogEntry>,
    /// Entries per exemption code.
    pub totals: BTreeMap<String, usize>,
    /// The jurisdiction's notice (e.g. the right to review).
    pub notice: String,
    /// Reference-not-legal-advice disclaimer of the pack.
    pub disclaimer: String,
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 11] = [
    "bates",
    "document",
    "page",
    "code",
    "citation",
    "explanation",
    "category",
    "decided_by",
    "decided_at",
    "review",
    "review_comment",
];

/// RFC 4180 quoting: a field with a comma, quote or line break is quoted
/// and its quotes doubled. A leading `=`, `+`, `-` or `@` is prefixed with
/// `'` so that a spreadsheet never runs a field as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl ExemptionLog {
    /// The log as CSV (header line, one line per entry, CRLF line ends).
    pub fn to_csv(&self) -> String {
        let mut out = CSV_HEADER.join(",");
        out.push_str("\r\n");
        for e in &self.entries {
            let page = e.page.to_string();
            let row = [
                e.bates.as_deref().unwrap_or(""),
                &e.document,
                &page,
                &e.code,
                &e.citation,
                &e.explanation,
                &e.category,
                &e.decided_by,
                &e.decided_at,
                &e.review,
                e.review_comment.as_deref().unwrap_or(""),
            ];
            out.push_str(&row.map(csv_field).join(","));
            out.push_str("\r\n");
        }
        out
    }
}

impl Workspace {
    /// The exemption log of request `number` from the decisions in force:
    /// every accepted finding and every manual area. (Manual terms get
    /// their entries once the export has found their occurrences.)
    pub fn exemption_log(&self, number: &str) -> Result<ExemptionLog, CoreError> {
        let req = self.request_row(number)?;
        let pack = self.rules.get(&req.jurisdiction)?;
        // Pages are numbered across documents in import order for Bates.
        let mut first_page: BTreeMap<i64, u32> = BTreeMap::new();
        let mut names: BTreeMap<i64, String> = BTreeMap::new();
        let mut next = 1u32;
        for d in self.store.documents(req.id)? {
            first_page.insert(d.id, next);
            next = next.saturating_add(d.pages);
            names.insert(d.id, d.original_name);
        }
        // The page's number across the request (its Bates number).
        let global = |doc: i64, page: u32| -> u32 {
            first_page
                .get(&doc)
                .copied()
                .unwrap_or(u32::MAX)
                .saturating_add(page.saturating_sub(1))
        };
        let bates = |n: u32| -> Option<String> {
            let prefix = req.bates_prefix.as_deref()?;
            Some(format!("{prefix}-{n:06}"))
        };
        let reviews: BTreeMap<ReviewTarget, (String, Option<String>)> = self
            .store
            .reviews(req.id)?
            .into_iter()
            .map(|r| (r.target, (r.state, r.comment)))
            .collect();
        let review = |t: ReviewTarget| {
            reviews
                .get(&t)
                .cloned()
                .unwrap_or_else(|| ("pending".to_string(), None))
        };
        let mut entries = Vec::new();
        for f in self.findings(number)? {
            let Some(d) = &f.decision else { continue };
            if d.action != "accept" && d.action != "change_code" {
                continue;
            }
            let Some(code) = d.code.as_deref() else {
                continue;
            };
            let (citation, explanation) = match &f.proposal {
                Proposal::Exempt {
                    code: c,
                    citation,
                    explanation,
                } if c == code => (citation.clone(), explanation.clone()),
                _ => match pack.exempt_under(code, f.category, &f.document)? {
                    Proposal::Exempt {
                        citation,
                        explanation,
                        ..
                    } => (citation, explanation),
                    _ => (String::new(), String::new()),
                },
            };
            let n = global(f.document_id, f.page);
            let (state, comment) = review(ReviewTarget::Finding(f.id));
            entries.push((
                n,
                LogEntry {
                    bates: bates(n),
                    document: f.document.clone(),
                    page: f.page,
                    code: code.to_string(),
                    citation,
                    explanation,
                    category: f.category.label().to_string(),
                    decided_by: d.clerk.clone(),
                    decided_at: d.at.clone(),
                    finding_id: Some(f.id),
                    manual_id: None,
                    review: state,
                    review_comment: comment,
                },
            ));
        }
        for m in self.store.manual_redactions(req.id)? {
            let ManualTarget::Area { page, .. } = m.target else {
                continue;
            };
            let document = names.get(&m.document_id).cloned().unwrap_or_default();
            let (citation, explanation) =
                match pack.exempt_under(&m.code, Category::Custom, &document)? {
                    Proposal::Exempt {
                        citation,
                        explanation,
                        ..
                    } => (citation, explanation),
                    _ => (String::new(), String::new()),
                };
            let n = global(m.document_id, page);
            let (state, comment) = review(ReviewTarget::Manual(m.id));
            entries.push((
                n,
                LogEntry {
                    bates: bates(n),
                    document,
                    page,
                    code: m.code,
                    citation,
                    explanation,
                    category: "area marked by the clerk".into(),
                    decided_by: m.clerk,
                    decided_at: m.at,
                    finding_id: None,
                    manual_id: Some(m.id),
                    review: state,
                    review_comment: comment,
                },
            ));
        }
        // Stable: within a page, findings in reading order, then areas.
        entries.sort_by_key(|(n, _)| *n);
        let entries: Vec<LogEntry> = entries.into_iter().map(|(_, e)| e).collect();
        let mut totals = BTreeMap::new();
        for e in &entries {
            *totals.entry(e.code.clone()).or_insert(0) += 1;
        }
        Ok(ExemptionLog {
            request: req.number,
            requester: req.requester,
            jurisdiction: pack.name().to_string(),
            received: req.received,
            due: req.due,
            entries,
            totals,
            notice: pack.notice().to_string(),
            disclaimer: pack.disclaimer().to_string(),
        })
    }
}

impl Workspace {
    /// Records an attorney's review of one exemption-log entry of request
    /// `number` (the entry of an accepted finding or a manual redaction).
    /// Returning an entry needs a comment.
    pub fn review_log_entry(
        &mut self,
        number: &str,
        target: ReviewTarget,
        review: &Review,
        reviewer: &str,
    ) -> Result<(), CoreError> {
        let req = self.request_row(number)?;
        let (state, comment) = match review {
            Review::Pending => ("pending", None),
            Review::Approved => ("approved", None),
            Review::Returned(c) if c.trim().is_empty() => {
                return Err(CoreError::InvalidInput {
                    field: "the comment",
                    problem: "is empty: say why the entry is returned".into(),
                });
            }
            Review::Returned(c) => ("returned", Some(c.trim())),
        };
        Ok(self
            .store
            .record_review(req.id, target, state, comment, reviewer)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    }
}
