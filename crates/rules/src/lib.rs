//! Jurisdiction packs (data files with citations) and the mapping from a
//! finding's category to an exemption proposal. Knows nothing of regexes.
//!
//! Law lives in data: one TOML pack per jurisdiction in `packs/`, embedded
//! at build time and overridable by an agency's own file. A pack holds the
//! exemption codes (label on the box, citation, explanation template), a
//! proposal per category (exempt, not exempt with the reason, or review
//! with the test to apply), record types that change proposals, the
//! response deadline and the legal holidays, the notice for the exemption
//! log and the reference-not-legal-advice disclaimer. See `packs/README.md`
//! for the schema.
//!
//! ```
//! use disclose_detect::Category;
//! use disclose_rules::{Proposal, Rules};
//!
//! let rules = Rules::builtin()?;
//! let p = rules.propose("wa", Category::CardNumber, None, "invoice.pdf")?;
//! assert!(matches!(p, Proposal::Exempt { ref code, .. } if code == "RCW 42.56.230(5)"));
//! # Ok::<(), disclose_rules::RulesError>(())
//! ```

mod calendar;
mod error;
mod pack;
mod raw;
mod registry;
mod template;

pub use calendar::{DayUnit, Deadline, Holiday};
pub use error::{Problem, RulesError};
pub use pack::{Code, Pack, Proposal, RecordTypeInfo};
pub use registry::{PackInfo, Rules};

#[cfg(test)]
mod tests;
