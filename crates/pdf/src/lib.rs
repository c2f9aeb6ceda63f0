//! PDF in and out, on lopdf: the content-stream interpreter, fonts and glyph
//! geometry, and (later) the true-redaction rewrite, sanitizing, saving and
//! verification. Knows nothing of detection or law.

mod font;
