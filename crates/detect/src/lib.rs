//! Text in, findings out: the detectors and validators for the fields the
//! law lets or makes an agency withhold. Knows nothing of PDF or law.
//!
//! Build a [`Scanner`] once from [`ScanOptions`] (which categories, custom
//! terms) and scan page after page: each [`Finding`] has its [`Category`],
//! a byte span into the page text, a normalized value, a confidence, the
//! detector's name and the context words that fired it.
//!
//! ```
//! use disclose_detect::{Category, ScanOptions, Scanner};
//!
//! let scanner = Scanner::new(&ScanOptions::default()).unwrap();
//! let text = "Card: 4111 1111\n1111 1111  Exp 09/27\nAcct # 004417823";
//! let found = scanner.scan(text);
//! assert_eq!(found[0].category, Category::CardNumber);
//! assert_eq!(found[0].value, "4111111111111111");
//! assert!(found.iter().any(|f| f.category == Category::BankAccount));
//! ```
//!
//! How it works, in a few passes over the page:
//!
//! 1. One case-insensitive automaton finds every context word ("Acct",
//!    "Routing", "DOB", "City Hall", "Invoice" ...) that stands as a whole
//!    word ("lic" never fires inside "public").
//! 2. One byte scan finds runs of digit-bearing tokens, joined across
//!    spaces, dashes, parentheses and line breaks (so "4111 1111" at a line
//!    end and "1111 1111" on the next line are one run), and each '@'.
//! 3. Each run is read against the context word that governs it: the nearest
//!    one before it on its line, or a table header above its column, or a
//!    form label ending the line above, or its field name in a label block
//!    (a text extractor's reading order of a form: LibreOffice's column of
//!    field names, a blank line, then the column of values; Chromium's grid
//!    with every cell a paragraph, a row's names before its values; the
//!    n-th value takes the n-th name, and counts that do not line up give
//!    no label). A number the page already gave as an agency's line stays
//!    the agency's. Checksums (Luhn, ABA, mod-97) and
//!    issuer, SSA and IRS number ranges decide what the form alone cannot.
//!    Labels of other identifiers (invoice, case, parcel, GL account ...) and
//!    of an agency's or a business's lines and premises suppress findings.
//! 4. Passwords and spelled-out birth dates are read after their labels;
//!    custom terms are matched on a folded copy of the text around the
//!    places a term may start.
//!
//! Limits: a value whose label stands neither on its line, nor over its
//! column, nor in a label block above (with as many values as names) is
//! found only when a checksum or its own form identifies it; a field name
//! that holds no context word ("Owner of record") gives its value no label;
//! driver's license formats other than WA, CA, IL and MT are read by a
//! generic pattern at lower confidence; addresses need a street suffix or a
//! city, state and ZIP, and a street address without city or ZIP is taken
//! only under an address label or after "resident of", "lives at" and the
//! like.

mod address;
mod category;
mod custom;
mod email;
mod error;
mod finding;
mod labels;
mod scanner;
mod text;
mod validate;
mod words;

pub use category::{Category, UnknownCategory};
pub use error::Error;
pub use finding::{Finding, MAX_TERM_LEN, MAX_TERMS, ScanOptions};
pub use scanner::Scanner;
