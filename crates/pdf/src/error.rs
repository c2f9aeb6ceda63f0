//! The crate's one error type.

/// Everything that can stop a PDF from being opened or a page from being read.
///
/// Messages are lowercase and name the page or object; the application turns
/// them into words a clerk can act on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not a PDF at all (no `%PDF-` header and nothing that
    /// looks like PDF objects).
    #[error("not a pdf file: {0}")]
    NotPdf(String),
    /// The file is a PDF but damaged beyond what lenient loading can repair
    /// (cut short, no readable cross-reference data, no page tree).
    #[error("the pdf is damaged beyond repair: {0}")]
    Damaged(String),
    /// The file is encrypted and opening it needs a password that was not given.
    #[error("the pdf is password-protected and no password was given")]
    PasswordRequired,
    /// The password given does not open the file.
    #[error("the password does not open this pdf")]
    WrongPassword,
    /// The file uses an encryption scheme we cannot decrypt.
    #[error("the pdf uses an encryption method that cannot be opened: {0}")]
    UnsupportedEncryption(String),
    /// A page number outside `1..=page_count` was asked for.
    #[error("page {page} does not exist (the document has {count} pages)")]
    NoSuchPage {
        /// The page number asked for (1-based).
        page: u32,
        /// How many pages the document has.
        count: u32,
    },
    /// A page object could not be read (missing, not a dictionary).
    #[error("page {page} cannot be read: {reason}")]
    BadPage {
        /// The page number (1-based).
        page: u32,
        /// What is wrong with it.
        reason: String,
    },
    /// A stream decompressed to more than the configured cap (a possible
    /// decompression bomb).
    #[error("a stream of page {page} decompresses to more than {limit} bytes")]
    TooLarge {
        /// The page number (1-based).
        page: u32,
        /// The cap in bytes.
        limit: usize,
    },
    /// A redaction area is unusable (no page, coordinates not finite).
    #[error("redaction area {area} on page {page} is unusable: {reason}")]
    BadArea {
        /// The page number (1-based).
        page: u32,
        /// Index of the area in the call's list.
        area: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A page could not be redacted safely (content beyond the limits, a
    /// stream that cannot be decoded or rewritten); nothing was saved.
    #[error("page {page} cannot be redacted safely: {reason}")]
    Redaction {
        /// The page number (1-based).
        page: u32,
        /// Why.
        reason: String,
    },
    /// Verification found a redacted value in the output; nothing is
    /// handed over. The value is masked (only its last characters shown).
    #[error("the redacted value {value} is still in the output{}: {place}", on_page(*.page))]
    RedactionLeak {
        /// The value, masked, e.g. `…6789`.
        value: String,
        /// The page where it was found, when it was found in page text.
        page: Option<u32>,
        /// Where: `the extracted page text`, `object 12 0 stream`, ...
        place: String,
    },
    /// The redacted document could not be written or read back.
    #[error("the redacted pdf cannot be saved: {0}")]
    Save(String),
}

fn on_page(page: Option<u32>) -> String {
    page.map(|p| format!(" on page {p}")).unwrap_or_default()
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
