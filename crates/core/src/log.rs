//! The exemption log's content: one entry per redaction decided so far (an
//! accepted finding, a manual area), with its Bates number or document and
//! page, the code, the full citation, the brief explanation, the category,
//! who decided and when. It never holds a redacted value. CSV and JSON are
//! written here; the signed PDF report comes with the export step.

use std::collections::BTreeMap;

use disclose_detect::Category;
use disclose_rules::Proposal;
use disclose_store::ManualTarget;
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
const CSV_HEADER: [&str; 9] = [
    "bates",
    "document",
    "page",
    "code",
    "citation",
    "explanation",
    "category",
    "decided_by",
    "decided_at",
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
