//! Text in, findings out: the detectors and validators for the fields the
//! law lets or makes an agency withhold. Knows nothing of PDF or law.
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
