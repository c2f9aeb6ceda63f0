//! The crate's one error type.

/// Why a [`Scanner`](crate::Scanner) could not be built. Scanning itself
/// never fails: any text yields findings (possibly none).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A custom term has no letters or digits, so it could match nothing
    /// (or everything).
    #[error("custom term {index} has no letters or digits")]
    EmptyCustomTerm {
        /// Position of the term in [`ScanOptions::custom_terms`](crate::ScanOptions::custom_terms).
        index: usize,
    },
    /// A custom term is longer than [`MAX_TERM_LEN`](crate::MAX_TERM_LEN) bytes.
    #[error("custom term {index} is {len} bytes long, longer than the limit of {max}")]
    CustomTermTooLong {
        /// Position of the term in the options.
        index: usize,
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// More custom terms than [`MAX_TERMS`](crate::MAX_TERMS).
    #[error("{count} custom terms given, more than the limit of {max}")]
    TooManyCustomTerms {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The keyword matcher could not be built (a limit of the automaton).
    #[error("keyword matcher could not be built: {0}")]
    Matcher(String),
}
