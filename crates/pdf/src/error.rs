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
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
