//! The one error type of this crate.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with a jurisdiction pack, located in its TOML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the pack's text, when the problem has a place.
    pub line: Option<usize>,
    /// 1-based column (in characters) in that line.
    pub column: Option<usize>,
    /// What is wrong, in lowercase words that name the key.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            (Some(line), None) => write!(f, "line {line}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// A pack's text is not valid TOML, does not fit the pack schema, or
    /// fails validation (unknown category, undefined code, bad holiday rule,
    /// ...). Every problem found is listed, each with its line and column.
    #[error("invalid jurisdiction pack {source_name}: {}", join_problems(.problems))]
    InvalidPack {
        /// The name the pack was loaded under (file name or built-in id).
        source_name: String,
        /// The problems, in the order of the text where they have a place.
        problems: Vec<Problem>,
    },
    /// An agency override file could not be read from disk.
    #[error("cannot read jurisdiction pack file {}: {source}", .path.display())]
    Read {
        /// The file asked for.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// No loaded pack has this id.
    #[error("unknown jurisdiction '{0}'")]
    UnknownJurisdiction(String),
    /// The pack has no record type with this id.
    #[error("jurisdiction '{jurisdiction}' has no record type '{record_type}'")]
    UnknownRecordType {
        /// The pack asked.
        jurisdiction: String,
        /// The record type asked for.
        record_type: String,
    },
    /// The pack defines no exemption code with this label.
    #[error("jurisdiction '{jurisdiction}' has no exemption code '{code}'")]
    UnknownCode {
        /// The pack asked.
        jurisdiction: String,
        /// The code label asked for.
        code: String,
    },
    /// A deadline would fall outside the dates the calendar supports
    /// (years -9999 to 9999).
    #[error("the deadline for a request received {0} falls outside the supported calendar")]
    DateOutOfRange(time::Date),
}

fn join_problems(problems: &[Problem]) -> String {
    let parts: Vec<String> = problems.iter().map(Problem::to_string).collect();
    parts.join("; ")
}
