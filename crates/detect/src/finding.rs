//! What a scan returns and how it is configured.

use std::ops::Range;

use serde::Serialize;

use crate::Category;

/// One field found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind of field it is.
    pub category: Category,
    /// Byte range into the scanned `&str`, always on `char` boundaries. It may
    /// cover line breaks when the value was split across lines.
    pub span: Range<usize>,
    /// The value, normalized: digits only for numbers, uppercase letters and
    /// digits for IBANs and license numbers, lowercase for e-mail addresses,
    /// one line with single spaces and uppercase for addresses, `YYYY-MM-DD`
    /// for dates of birth, `MM/YY` or `MM/YYYY` for card expirations, the
    /// exact characters for passwords, words lowercased and joined by one
    /// space for custom terms.
    pub value: String,
    /// How sure the detector is, from 0 to 1.
    pub confidence: f32,
    /// The detector that fired (`"card_visa"`, `"ssn"`, `"iban"`,
    /// `"drivers_license_wa"`, `"address"`, ...).
    pub detector: &'static str,
    /// The context words (lowercased, as they appear) that fired or
    /// supported the finding; empty when the value's own form sufficed.
    pub context: Vec<String>,
}

/// Longest custom term accepted, in bytes.
pub const MAX_TERM_LEN: usize = 256;
/// Most custom terms accepted by one scanner.
pub const MAX_TERMS: usize = 10_000;

/// What to look for. Build a [`Scanner`](crate::Scanner) from it once and
/// scan many pages.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanOptions {
    /// The categories to report. Default: all of [`Category::ALL`].
    pub categories: Vec<Category>,
    /// Per-request terms (a name, a case number), matched whole-word,
    /// case-insensitively, across line breaks and end-of-line hyphenation.
    /// Reported as [`Category::Custom`].
    pub custom_terms: Vec<String>,
    /// Findings below this confidence are not reported. Default 0.
    pub min_confidence: f32,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            categories: Category::ALL.to_vec(),
            custom_terms: Vec::new(),
            min_confidence: 0.0,
        }
    }
}
