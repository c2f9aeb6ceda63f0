//! A compiled jurisdiction pack: parsing, validation, merging, proposals.

use std::collections::BTreeMap;
use std::ops::Range;

use disclose_detect::Category;
use serde::{Deserialize, Serialize};
use time::{Date, Month, Weekday};
use toml::Spanned;

use crate::calendar::{self, Deadline, Holiday, HolidayRule, When, Years};
use crate::error::{Problem, RulesError};
use crate::raw::{Mode, RawCode, RawHoliday, RawPack, RawRecordType, RawRule, RuleKind};
use crate::template::{self, EXPLANATION_VARS, TEXT_VARS};

/// Most holiday rules a pack may hold. Keeps every year well supplied with
/// business days, so deadline counting always ends.
const MAX_HOLIDAYS: usize = 100;
/// Longest deadline a pack may set, in days.
const MAX_DEADLINE_DAYS: i64 = 366;

/// What a pack proposes for one finding. Serialized with a `kind` tag:
/// `{"kind":"exempt","code":"RCW 42.56.230(5)","citation":"...","explanation":"..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proposal {
    /// The law exempts the field: redact it under `code`.
    Exempt {
        /// The short label printed on the redaction box.
        code: String,
        /// The full citation for the log.
        citation: String,
        /// The brief explanation of how the exemption applies (RCW
        /// 42.56.210(3)), filled in for the category and document.
        explanation: String,
    },
    /// The law does not exempt the field: release it, and show the clerk why.
    NotExempt {
        /// Why the field is released.
        reason: String,
    },
    /// The answer depends on facts or is unverified: the clerk decides.
    Review {
        /// The test to apply (balancing test, condition to check).
        test: String,
        /// The code the clerk would most likely use, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// That code's citation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        citation: Option<String>,
    },
}

impl Proposal {
    /// `"exempt"`, `"not_exempt"` or `"review"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Proposal::Exempt { .. } => "exempt",
            Proposal::NotExempt { .. } => "not_exempt",
            Proposal::Review { .. } => "review",
        }
    }

    /// The code to print: the exemption's, or the suggested one for review.
    pub fn code(&self) -> Option<&str> {
        match self {
            Proposal::Exempt { code, .. } => Some(code),
            Proposal::Review { code, .. } => code.as_deref(),
            Proposal::NotExempt { .. } => None,
        }
    }
}

/// An exemption code of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Code {
    /// The short label printed on the redaction box ("RCW 42.56.230(5)", "(b)(6)").
    pub code: String,
    /// The full citation.
    pub citation: String,
    /// The explanation template (`{category}`, `{document}`, `{code}`,
    /// `{citation}`, `{jurisdiction}`).
    pub explanation: String,
}

/// A record type a document or request can carry (id and name, for pickers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordTypeInfo {
    /// The stable id ("utility_customer").
    pub id: String,
    /// The name shown to the clerk.
    pub name: String,
    /// What records it covers and which exemption it switches on.
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    Exempt {
        code: String,
        explanation: Option<String>,
    },
    NotExempt {
        reason: String,
    },
    Review {
        test: String,
        code: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RecordType {
    name: String,
    description: String,
    custom_code: Option<String>,
    categories: BTreeMap<Category, Rule>,
}

/// One jurisdiction's law as data: codes, proposals per category, record
/// types, deadline, holidays, notice and disclaimer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    id: String,
    name: String,
    disclaimer: String,
    notice: String,
    notes: Vec<String>,
    custom_code: String,
    codes: BTreeMap<String, Code>,
    categories: BTreeMap<Category, Rule>,
    record_types: BTreeMap<String, RecordType>,
    deadline: Deadline,
    holidays: BTreeMap<String, HolidayRule>,
    holiday_list: Vec<HolidayRule>,
}

impl Pack {
    /// Parses and validates a complete pack. `source_name` (a file name or
    /// built-in id) appears in error messages; every problem carries its
    /// line and column.
    pub fn parse(source_name: &str, text: &str) -> Result<Pack, RulesError> {
        let raw = parse_raw(source_name, text)?;
        Compiler::new(source_name, text).compile(raw, None)
    }

    /// Parses a pack from bytes (UTF-8, an optional byte-order mark).
    pub fn parse_bytes(source_name: &str, bytes: &[u8]) -> Result<Pack, RulesError> {
        Pack::parse(source_name, bytes_to_text(source_name, bytes)?)
    }

    /// The jurisdiction id ("wa").
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The display name ("Washington — Public Records Act, RCW 42.56").
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The reference-not-legal-advice disclaimer for the log footer.
    pub fn disclaimer(&self) -> &str {
        &self.disclaimer
    }

    /// The notice the exemption log must carry (review rights, ...).
    pub fn notice(&self) -> &str {
        &self.notice
    }

    /// The pack's notes: sources, and what is unverified and why.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The default code for the clerk's custom terms and manual redactions.
    pub fn custom_code(&self) -> &str {
        &self.custom_code
    }

    /// Every exemption code, by label.
    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.codes.values()
    }

    /// The code with this label.
    pub fn code(&self, label: &str) -> Option<&Code> {
        self.codes.get(label)
    }

    /// The record types, sorted by id.
    pub fn record_types(&self) -> Vec<RecordTypeInfo> {
        self.record_types
            .iter()
            .map(|(id, rt)| RecordTypeInfo {
                id: id.clone(),
                name: rt.name.clone(),
                description: rt.description.clone(),
            })
            .collect()
    }

    /// The response deadline.
    pub fn deadline(&self) -> &Deadline {
        &self.deadline
    }

    /// The last day to respond to a request received on `received` (see
    /// [`Deadline`]; the day of receipt does not count).
    pub fn due_date(&self, received: Date) -> Result<Date, RulesError> {
        calendar::due_date(&self.deadline, &self.holiday_list, received)
    }

    /// Whether offices count `date` as a business day (Monday to Friday,
    /// not a legal holiday of this pack).
    pub fn is_business_day(&self, date: Date) -> bool {
        calendar::is_business_day(&self.holiday_list, date)
    }

    /// The legal holidays observed in `year`, by date.
    pub fn holidays(&self, year: i32) -> Vec<Holiday> {
        calendar::holidays_in(&self.holiday_list, year)
    }

    /// What the law says about one finding of `category` in the document
    /// named `document`, under `record_type` if the document or request
    /// carries one. Custom terms are proposed as exempt under the record
    /// type's or the pack's custom code.
    pub fn propose(
        &self,
        category: Category,
        record_type: Option<&str>,
        document: &str,
    ) -> Result<Proposal, RulesError> {
        let rt =
            match record_type {
                None => None,
                Some(id) => Some(self.record_types.get(id).ok_or_else(|| {
                    RulesError::UnknownRecordType {
                        jurisdiction: self.id.clone(),
                        record_type: id.to_string(),
                    }
                })?),
            };
        if category == Category::Custom {
            let code = rt
                .and_then(|r| r.custom_code.as_deref())
                .unwrap_or(&self.custom_code);
            return self.exempt_under(code, category, document);
        }
        let rule = rt
            .and_then(|r| r.categories.get(&category))
            .or_else(|| self.categories.get(&category));
        let vars = [
            ("category", category.label()),
            ("document", document),
            ("jurisdiction", self.name.as_str()),
        ];
        Ok(match rule {
            Some(Rule::Exempt { code, explanation }) => {
                let c = self.lookup(code)?;
                self.exempt(c, explanation.as_deref(), category, document)
            }
            Some(Rule::NotExempt { reason }) => Proposal::NotExempt {
                reason: template::fill(reason, &vars),
            },
            Some(Rule::Review { test, code }) => {
                let c = code.as_deref().map(|c| self.lookup(c)).transpose()?;
                Proposal::Review {
                    test: template::fill(test, &vars),
                    code: c.map(|c| c.code.clone()),
                    citation: c.map(|c| c.citation.clone()),
                }
            }
            // A category this pack predates: never decide, ask.
            None => Proposal::Review {
                test: format!(
                    "This jurisdiction pack has no rule for a {}; decide under {} \
                     whether an exemption applies.",
                    category.label(),
                    self.name
                ),
                code: None,
                citation: None,
            },
        })
    }

    /// Proposals for a batch of findings' categories, in the same order.
    pub fn propose_all(
        &self,
        categories: &[Category],
        record_type: Option<&str>,
        document: &str,
    ) -> Result<Vec<Proposal>, RulesError> {
        categories
            .iter()
            .map(|c| self.propose(*c, record_type, document))
            .collect()
    }

    /// An exempt proposal under the code labelled `code`, chosen by the
    /// clerk (a change of code, a `--term-code`).
    pub fn exempt_under(
        &self,
        code: &str,
        category: Category,
        document: &str,
    ) -> Result<Proposal, RulesError> {
        let c = self.lookup(code)?;
        Ok(self.exempt(c, None, category, document))
    }

    fn lookup(&self, code: &str) -> Result<&Code, RulesError> {
        self.codes.get(code).ok_or_else(|| RulesError::UnknownCode {
            jurisdiction: self.id.clone(),
            code: code.to_string(),
        })
    }

    fn exempt(
        &self,
        c: &Code,
        explanation: Option<&str>,
        category: Category,
        document: &str,
    ) -> Proposal {
        let vars = [
            ("category", category.label()),
            ("document", document),
            ("jurisdiction", self.name.as_str()),
            ("code", c.code.as_str()),
            ("citation", c.citation.as_str()),
        ];
        Proposal::Exempt {
            code: c.code.clone(),
            citation: c.citation.clone(),
            explanation: template::fill(explanation.unwrap_or(&c.explanation), &vars),
        }
    }

    /// Applies an override pack's text on top of this pack: `mode = "merge"`
    /// replaces or adds entries one by one; otherwise the file is a
    /// complete pack of its own.
    pub(crate) fn apply_override(
        base: Option<&Pack>,
        source_name: &str,
        text: &str,
    ) -> Result<Pack, RulesError> {
        let raw = parse_raw(source_name, text)?;
        let mode = raw.mode.as_ref().map(|m| *m.get_ref());
        let compiler = Compiler::new(source_name, text);
        match (mode, base) {
            (Some(Mode::Merge), Some(base)) => compiler.compile(raw, Some(base)),
            (Some(Mode::Merge), None) => {
                let mut c = compiler;
                let span = raw.id.as_ref().map(Spanned::span);
                let id = raw.id.as_ref().map(|i| i.get_ref().as_str()).unwrap_or("");
                c.problem(
                    span,
                    format!("id: mode = \"merge\" needs a built-in pack to merge into, and '{id}' is not one"),
                );
                Err(c.into_error())
            }
            _ => compiler.compile(raw, None),
        }
    }

    /// Reads only the `id` key of an override (to find the pack it targets).
    pub(crate) fn peek_id(source_name: &str, text: &str) -> Result<String, RulesError> {
        let raw = parse_raw(source_name, text)?;
        match raw.id {
            Some(id) => Ok(id.into_inner()),
            None => {
                let mut c = Compiler::new(source_name, text);
                c.problem(None, "missing top-level key 'id'".to_string());
                Err(c.into_error())
            }
        }
    }
}

pub(crate) fn bytes_to_text<'a>(source_name: &str, bytes: &'a [u8]) -> Result<&'a str, RulesError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let text = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let mut c = Compiler::new(source_name, &text);
        c.problem(
            Some(e.valid_up_to()..e.valid_up_to()),
            "the file is not UTF-8 text".to_string(),
        );
        c.into_error()
    })
}

fn parse_raw(source_name: &str, text: &str) -> Result<RawPack, RulesError> {
    toml::from_str::<RawPack>(text).map_err(|e| {
        let mut c = Compiler::new(source_name, text);
        c.problem(e.span(), e.message().trim().to_string());
        c.into_error()
    })
}

/// Turns a parsed pack into a [`Pack`], collecting every problem with its
/// place in the text.
struct Compiler<'a> {
    source_name: &'a str,
    text: &'a str,
    problems: Vec<(usize, Problem)>,
}

impl<'a> Compiler<'a> {
    fn new(source_name: &'a str, text: &'a str) -> Self {
        Compiler {
            source_name,
            text,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, span: Option<Range<usize>>, message: String) {
        let (order, line, column) = match span {
            Some(s) => {
                let (l, c) = line_col(self.text, s.start);
                (s.start, Some(l), Some(c))
            }
            None => (usize::MAX, None, None),
        };
        self.problems.push((
            order,
            Problem {
                line,
                column,
                message,
            },
        ));
    }

    fn into_error(mut self) -> RulesError {
        self.problems.sort_by_key(|(order, _)| *order);
        RulesError::InvalidPack {
            source_name: self.source_name.to_string(),
            problems: self.problems.into_iter().map(|(_, p)| p).collect(),
        }
    }

    fn template(&mut self, key: &str, text: &Spanned<String>, allowed: &[&str]) -> String {
        if let Err(msg) = template::check(text.get_ref(), allowed) {
            self.problem(Some(text.span()), format!("{key}: {msg}"));
        }
        text.get_ref().clone()
    }

    /// A required text; reports `what` missing at `at` when absent.
    fn required(
        &mut self,
        value: Option<&Spanned<String>>,
        fallback: Option<&str>,
        key: &str,
        at: Option<Range<usize>>,
        allowed: &[&str],
    ) -> String {
        match value {
            Some(v) if v.get_ref().trim().is_empty() => {
                self.problem(Some(v.span()), format!("{key} is empty"));
                String::new()
            }
            Some(v) => self.template(key, v, allowed),
            None => match fallback {
                Some(f) => f.to_string(),
                None => {
                    let where_ = if at.is_none() {
                        "missing top-level key"
                    } else {
                        "missing"
                    };
                    self.problem(at, format!("{where_} '{key}'"));
                    String::new()
                }
            },
        }
    }

    fn compile(mut self, raw: RawPack, base: Option<&Pack>) -> Result<Pack, RulesError> {
        if let Some(schema) = &raw.schema
            && *schema.get_ref() != 1
        {
            self.problem(
                Some(schema.span()),
                format!(
                    "schema {} is not supported (this version reads schema 1)",
                    schema.get_ref()
                ),
            );
        }
        let id = match &raw.id {
            Some(id) => {
                let ok = !id.get_ref().is_empty()
                    && id.get_ref().bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
                    });
                if !ok {
                    self.problem(
                        Some(id.span()),
                        format!(
                            "id '{}' must be lowercase letters, digits, '_' or '-'",
                            id.get_ref()
                        ),
                    );
                }
                id.get_ref().clone()
            }
            None => {
                self.problem(None, "missing top-level key 'id'".to_string());
                String::new()
            }
        };
        let name = self.required(
            raw.name.as_ref(),
            base.map(|b| b.name.as_str()),
            "name",
            None,
            &[],
        );
        let disclaimer = self.required(
            raw.disclaimer.as_ref(),
            base.map(|b| b.disclaimer.as_str()),
            "disclaimer",
            None,
            &[],
        );
        let notice = self.required(
            raw.notice.as_ref(),
            base.map(|b| b.notice.as_str()),
            "notice",
            None,
            &[],
        );
        let mut notes = base.map(|b| b.notes.clone()).unwrap_or_default();
        notes.extend(raw.notes);

        // Codes first: proposals refer to them.
        let mut codes = base.map(|b| b.codes.clone()).unwrap_or_default();
        for (label, code) in &raw.codes {
            if let Some(c) = self.code(label, code) {
                codes.insert(c.code.clone(), c);
            }
        }

        let custom_code = match &raw.custom_code {
            Some(c) => {
                self.code_ref("custom_code", c, &codes);
                c.get_ref().clone()
            }
            None => match base {
                Some(b) => b.custom_code.clone(),
                None => {
                    self.problem(None, "missing top-level key 'custom_code'".to_string());
                    String::new()
                }
            },
        };

        let mut categories = base.map(|b| b.categories.clone()).unwrap_or_default();
        for (key, rule) in &raw.categories {
            if let Some((cat, rule)) = self.rule("categories", key, rule, &codes) {
                categories.insert(cat, rule);
            }
        }

        let mut record_types = base.map(|b| b.record_types.clone()).unwrap_or_default();
        for (key, rt) in &raw.record_types {
            if let Some(rt) = self.record_type(key, rt, &codes) {
                record_types.insert(key.get_ref().clone(), rt);
            }
        }

        let deadline = match &raw.deadline {
            Some(d) => self.deadline(d),
            None => match base {
                Some(b) => Some(b.deadline.clone()),
                None => {
                    self.problem(None, "missing table [deadline]".to_string());
                    None
                }
            },
        };

        let mut holidays = base.map(|b| b.holidays.clone()).unwrap_or_default();
        for (key, h) in &raw.holidays {
            if let Some(rule) = self.holiday(key, h) {
                holidays.insert(key.get_ref().clone(), rule);
            }
        }
        if holidays.len() > MAX_HOLIDAYS {
            let span = raw.holidays.keys().next_back().map(Spanned::span);
            self.problem(span, format!("more than {MAX_HOLIDAYS} holidays"));
        }

        match deadline {
            Some(deadline) if self.problems.is_empty() => {
                let holiday_list = holidays.values().cloned().collect();
                Ok(Pack {
                    id,
                    name,
                    disclaimer,
                    notice,
                    notes,
                    custom_code,
                    codes,
                    categories,
                    record_types,
                    deadline,
                    holidays,
                    holiday_list,
                })
            }
            _ => Err(self.into_error()),
        }
    }

    fn code(&mut self, label: &Spanned<String>, raw: &RawCode) -> Option<Code> {
        let key = format!("codes.\"{}\"", label.get_ref());
        if label.get_ref().trim().is_empty() {
            self.problem(
                Some(label.span()),
                "codes: an exemption code label is empty".to_string(),
            );
            return None;
        }
        let citation = self.required(
            raw.citation.as_ref(),
            None,
            &format!("{key}.citation"),
            Some(label.span()),
            &[],
        );
        let explanation = self.required(
            raw.explanation.as_ref(),
            None,
            &format!("{key}.explanation"),
            Some(label.span()),
            EXPLANATION_VARS,
        );
        Some(Code {
            code: label.get_ref().clone(),
            citation,
            explanation,
        })
    }

    fn code_ref(&mut self, key: &str, code: &Spanned<String>, codes: &BTreeMap<String, Code>) {
        if !codes.contains_key(code.get_ref()) {
            self.problem(
                Some(code.span()),
                format!(
                    "{key}: code '{}' is not defined under [codes]",
                    code.get_ref()
                ),
            );
        }
    }

    fn rule(
        &mut self,
        table: &str,
        key: &Spanned<String>,
        raw: &RawRule,
        codes: &BTreeMap<String, Code>,
    ) -> Option<(Category, Rule)> {
        let at = format!("{table}.{}", key.get_ref());
        let category = match key.get_ref().parse::<Category>() {
            Ok(Category::Custom) => {
                self.problem(
                    Some(key.span()),
                    format!("{at}: custom terms take the custom_code; remove this entry"),
                );
                return None;
            }
            Ok(c) => c,
            Err(_) => {
                let known: Vec<&str> = Category::ALL
                    .iter()
                    .filter(|c| **c != Category::Custom)
                    .map(|c| c.as_str())
                    .collect();
                self.problem(
                    Some(key.span()),
                    format!(
                        "{table}: unknown category id '{}' (known: {})",
                        key.get_ref(),
                        known.join(", ")
                    ),
                );
                return None;
            }
        };
        let kind = *raw.kind.get_ref();
        let stray = |s: &mut Self, field: Option<&Spanned<String>>, name: &str| {
            if let Some(f) = field {
                let kind_name = match kind {
                    RuleKind::Exempt => "exempt",
                    RuleKind::NotExempt => "not_exempt",
                    RuleKind::Review => "review",
                };
                s.problem(
                    Some(f.span()),
                    format!("{at}.{name}: a {kind_name} proposal takes no {name}"),
                );
            }
        };
        let rule = match kind {
            RuleKind::Exempt => {
                stray(self, raw.reason.as_ref(), "reason");
                stray(self, raw.test.as_ref(), "test");
                let Some(code) = &raw.code else {
                    self.problem(
                        Some(raw.kind.span()),
                        format!("{at}: an exempt proposal needs a code"),
                    );
                    return None;
                };
                self.code_ref(&format!("{at}.code"), code, codes);
                let explanation = raw
                    .explanation
                    .as_ref()
                    .map(|e| self.template(&format!("{at}.explanation"), e, EXPLANATION_VARS));
                Rule::Exempt {
                    code: code.get_ref().clone(),
                    explanation,
                }
            }
            RuleKind::NotExempt => {
                stray(self, raw.code.as_ref(), "code");
                stray(self, raw.test.as_ref(), "test");
                stray(self, raw.explanation.as_ref(), "explanation");
                let reason = self.required(
                    raw.reason.as_ref(),
                    None,
                    &format!("{at}.reason"),
                    Some(raw.kind.span()),
                    TEXT_VARS,
                );
                Rule::NotExempt { reason }
            }
            RuleKind::Review => {
                stray(self, raw.reason.as_ref(), "reason");
                stray(self, raw.explanation.as_ref(), "explanation");
                let test = self.required(
                    raw.test.as_ref(),
                    None,
                    &format!("{at}.test"),
                    Some(raw.kind.span()),
                    TEXT_VARS,
                );
                if let Some(code) = &raw.code {
                    self.code_ref(&format!("{at}.code"), code, codes);
                }
                Rule::Review {
                    test,
                    code: raw.code.as_ref().map(|c| c.get_ref().clone()),
                }
            }
        };
        Some((category, rule))
    }

    fn record_type(
        &mut self,
        key: &Spanned<String>,
        raw: &RawRecordType,
        codes: &BTreeMap<String, Code>,
    ) -> Option<RecordType> {
        let at = format!("record_types.{}", key.get_ref());
        let name = self.required(
            raw.name.as_ref(),
            None,
            &format!("{at}.name"),
            Some(key.span()),
            &[],
        );
        if let Some(c) = &raw.custom_code {
            self.code_ref(&format!("{at}.custom_code"), c, codes);
        }
        let mut categories = BTreeMap::new();
        for (k, rule) in &raw.categories {
            if let Some((cat, rule)) = self.rule(&format!("{at}.categories"), k, rule, codes) {
                categories.insert(cat, rule);
            }
        }
        Some(RecordType {
            name,
            description: raw.description.clone(),
            custom_code: raw.custom_code.as_ref().map(|c| c.get_ref().clone()),
            categories,
        })
    }

    fn deadline(&mut self, raw: &Spanned<crate::raw::RawDeadline>) -> Option<Deadline> {
        let d = raw.get_ref();
        let days = *d.days.get_ref();
        let ok = (1..=MAX_DEADLINE_DAYS).contains(&days);
        if !ok {
            self.problem(
                Some(d.days.span()),
                format!("deadline.days must be 1 to {MAX_DEADLINE_DAYS}, not {days}"),
            );
        }
        let citation = self.required(
            d.citation.as_ref(),
            None,
            "deadline.citation",
            Some(raw.span()),
            &[],
        );
        let days = u32::try_from(days).ok().filter(|_| ok)?;
        Some(Deadline {
            days,
            unit: *d.unit.get_ref(),
            citation,
            description: d.description.clone(),
            roll_forward: d.roll_forward,
        })
    }

    fn holiday(&mut self, key: &Spanned<String>, h: &RawHoliday) -> Option<HolidayRule> {
        let at = format!("holidays.{}", key.get_ref());
        let problems_before = self.problems.len();
        let name = self.required(
            h.name.as_ref(),
            None,
            &format!("{at}.name"),
            Some(key.span()),
            &[],
        );
        let month = h.month.as_ref().and_then(|m| {
            let month = u8::try_from(*m.get_ref())
                .ok()
                .and_then(|n| Month::try_from(n).ok());
            if month.is_none() {
                self.problem(
                    Some(m.span()),
                    format!("{at}.month must be 1 to 12, not {}", m.get_ref()),
                );
            }
            month
        });
        let when = match (&h.day, &h.weekday, &h.nth, &h.date) {
            (Some(day), None, None, None) => {
                let month = month.or_else(|| {
                    if h.month.is_none() {
                        self.problem(
                            Some(key.span()),
                            format!("{at}: a fixed date needs a month"),
                        );
                    }
                    None
                })?;
                let d = *day.get_ref();
                // February 29 is left out: it is not a date every year.
                let valid = u8::try_from(d)
                    .ok()
                    .filter(|d| *d >= 1 && *d <= month.length(2027))
                    .is_some();
                if !valid {
                    self.problem(
                        Some(day.span()),
                        format!("{at}.day {d} is not a day of {month} in every year"),
                    );
                    return None;
                }
                if h.offset.is_some() {
                    self.problem(
                        Some(key.span()),
                        format!("{at}: offset is only for weekday rules"),
                    );
                }
                When::Fixed {
                    month,
                    day: u8::try_from(d).ok()?,
                }
            }
            (None, Some(weekday), Some(nth), None) => {
                let month = month.or_else(|| {
                    if h.month.is_none() {
                        self.problem(
                            Some(key.span()),
                            format!("{at}: a weekday rule needs a month"),
                        );
                    }
                    None
                });
                let wd = parse_weekday(weekday.get_ref());
                if wd.is_none() {
                    self.problem(
                        Some(weekday.span()),
                        format!(
                            "{at}.weekday '{}' is not a weekday name (monday ... sunday)",
                            weekday.get_ref()
                        ),
                    );
                }
                let n = *nth.get_ref();
                if !matches!(n, 1..=4 | -1) {
                    self.problem(
                        Some(nth.span()),
                        format!("{at}.nth must be 1 to 4, or -1 for the last, not {n}"),
                    );
                }
                let offset = match &h.offset {
                    Some(o) if (-7..=7).contains(o.get_ref()) => *o.get_ref(),
                    Some(o) => {
                        self.problem(
                            Some(o.span()),
                            format!("{at}.offset must be -7 to 7 days, not {}", o.get_ref()),
                        );
                        0
                    }
                    None => 0,
                };
                When::Nth {
                    month: month?,
                    weekday: wd?,
                    nth: i8::try_from(n).ok().filter(|n| matches!(n, 1..=4 | -1))?,
                    offset: i8::try_from(offset).ok()?,
                }
            }
            (None, None, None, Some(date)) => {
                let parsed = date.get_ref().date.and_then(|d| {
                    Month::try_from(d.month)
                        .ok()
                        .and_then(|m| Date::from_calendar_date(i32::from(d.year), m, d.day).ok())
                });
                let valid = parsed.is_some() && date.get_ref().time.is_none();
                match parsed {
                    Some(d) if valid && h.month.is_none() => When::Once(d),
                    _ => {
                        self.problem(
                            Some(date.span()),
                            format!("{at}.date must be a plain date (2026-12-24) and stand without month"),
                        );
                        return None;
                    }
                }
            }
            _ => {
                self.problem(
                    Some(key.span()),
                    format!(
                        "{at}: give either month and day, or month, weekday and nth \
                         (with an optional offset), or a single date"
                    ),
                );
                return None;
            }
        };
        let year = |s: &mut Self, y: Option<&Spanned<i64>>, what: &str| -> Option<i32> {
            let y = y?;
            match i32::try_from(*y.get_ref())
                .ok()
                .filter(|v| (1..=9999).contains(v))
            {
                Some(v) => Some(v),
                None => {
                    s.problem(
                        Some(y.span()),
                        format!("{at}.{what} {} is not a year", y.get_ref()),
                    );
                    None
                }
            }
        };
        let from_year = year(self, h.from_year.as_ref(), "from_year");
        let until_year = year(self, h.until_year.as_ref(), "until_year");
        if let (Some(f), Some(u)) = (from_year, until_year)
            && f > u
        {
            self.problem(
                h.until_year.as_ref().map(Spanned::span),
                format!("{at}: until_year {u} is before from_year {f}"),
            );
        }
        if self.problems.len() != problems_before {
            return None;
        }
        Some(HolidayRule {
            name,
            when,
            observed: h.observed.unwrap_or(calendar::Observed::None),
            from_year,
            until_year,
            years: h.years.unwrap_or(Years::All),
        })
    }
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for (i, ch) in text.char_indices() {
        if i >= at {
            break;
        }
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "a\nb—c\nd";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 2), (2, 1));
        // After the em dash (3 bytes) 'c' is the third character.
        assert_eq!(line_col(t, 6), (2, 3));
        assert_eq!(line_col(t, 999), (3, 2));
    }
}
