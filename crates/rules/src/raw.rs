//! The pack file as written (TOML), with the spans the validator needs to
//! name a line. Compiled into [`crate::Pack`] by `pack.rs`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::calendar::{DayUnit, Observed, Years};

/// A whole pack file. Top-level fields are optional here so that a merge
/// override may leave them out; `pack.rs` reports the ones a complete pack
/// lacks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPack {
    pub schema: Option<Spanned<i64>>,
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub mode: Option<Spanned<Mode>>,
    pub disclaimer: Option<Spanned<String>>,
    pub notice: Option<Spanned<String>>,
    #[serde(default)]
    pub notes: Vec<String>,
    pub custom_code: Option<Spanned<String>>,
    #[serde(default)]
    pub codes: BTreeMap<Spanned<String>, RawCode>,
    #[serde(default)]
    pub categories: BTreeMap<Spanned<String>, RawRule>,
    #[serde(default)]
    pub record_types: BTreeMap<Spanned<String>, RawRecordType>,
    pub deadline: Option<Spanned<RawDeadline>>,
    #[serde(default)]
    pub holidays: BTreeMap<Spanned<String>, RawHoliday>,
}

/// How an override file combines with the built-in pack of the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Mode {
    /// The file is a complete pack and replaces the built-in one.
    Replace,
    /// The file's entries replace or add to the built-in pack's entries.
    Merge,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCode {
    pub citation: Option<Spanned<String>>,
    pub explanation: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RuleKind {
    Exempt,
    NotExempt,
    Review,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub kind: Spanned<RuleKind>,
    pub code: Option<Spanned<String>>,
    pub reason: Option<Spanned<String>>,
    pub test: Option<Spanned<String>>,
    pub explanation: Option<Spanned<String>>,
    /// Why the pack chose this answer (for counsel; not shown per finding).
    #[serde(default)]
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRecordType {
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    pub description: String,
    pub custom_code: Option<Spanned<String>>,
    #[serde(default)]
    pub categories: BTreeMap<Spanned<String>, RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDeadline {
    pub days: Spanned<i64>,
    pub unit: Spanned<DayUnit>,
    pub citation: Option<Spanned<String>>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub roll_forward: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHoliday {
    pub name: Option<Spanned<String>>,
    pub month: Option<Spanned<i64>>,
    pub day: Option<Spanned<i64>>,
    pub weekday: Option<Spanned<String>>,
    pub nth: Option<Spanned<i64>>,
    pub offset: Option<Spanned<i64>>,
    pub date: Option<Spanned<toml::value::Datetime>>,
    pub observed: Option<Observed>,
    pub from_year: Option<Spanned<i64>>,
    pub until_year: Option<Spanned<i64>>,
    pub years: Option<Years>,
}
