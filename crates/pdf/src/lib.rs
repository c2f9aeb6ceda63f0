//! PDF in and out, on lopdf: the content-stream interpreter, fonts and glyph
//! geometry, and (later) the true-redaction rewrite, sanitizing, saving and
//! verification. Knows nothing of detection or law.
//!
//! Open a [`Document`], then either read a page's [`PageText`] (glyphs in
//! drawing order, text in reading order, a map back from text to glyphs and
//! a reliability verdict), or drive the interpreter with your own [`Sink`]
//! through [`interpret_page`].

mod document;
mod error;
mod font;
mod geom;
mod interp;
#[cfg(test)]
mod interp_tests;
mod layout;
mod lexer;
mod redact;
mod report;
mod stamp;
mod text;

pub use document::{Document, Limits, PageGeometry};
pub use error::{Error, Result};
pub use font::UnicodeSource;
pub use geom::{Matrix, Point, Quad, Rect};
pub use interp::{
    FontUse, Glyph, GlyphOrigin, ImageDraw, MarkedContent, OpRef, PathDraw, Report, ShadingDraw,
    Sink, StreamInfo, StreamKind, SubPath, interpret_page,
};
pub use lexer::{Lexer, Operation};
pub use redact::{Area, AreaResult, RedactOptions, Redacted, RedactionReport, redact};
pub use report::{ReportBlock, ReportColumn, ReportDocument, write_report};
pub use text::{PageText, Reliability, TextGlyph, Verdict, Word};
