//! Text in, findings out: the detectors and validators for the fields the
//! law lets or makes an agency withhold. Knows nothing of PDF or law.

mod category;

pub use category::{Category, UnknownCategory};
