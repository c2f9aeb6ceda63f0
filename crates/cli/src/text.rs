//! `disclose text`: the page text as our interpreter reads it.

use std::io::Write;
use std::path::Path;

use disclose_pdf::{Document, Error, PageText};
use serde::Serialize;

#[derive(Serialize)]
struct JsonDoc {
    pages: Vec<JsonPage>,
}

#[derive(Serialize)]
struct JsonPage {
    number: u32,
    width: f64,
    height: f64,
    rotation: u16,
    reliability: JsonReliability,
    text: String,
    words: Vec<JsonWord>,
}

#[derive(Serialize)]
struct JsonReliability {
    verdict: disclose_pdf::Verdict,
    reasons: Vec<String>,
}

/// A word with the box `pdftotext -bbox` would give it (the word's `band`,
/// not its covering `bbox`: they differ only for diagonal text), so that
/// the output can be held against poppler's word for word.
#[derive(Serialize)]
struct JsonWord {
    text: String,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
}

/// Rounds to hundredths of a point, enough for any comparison and stable.
fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Turns an error into words a clerk can act on.
pub fn explain(path: &Path, e: &Error) -> String {
    let name = path.display();
    match e {
        Error::PasswordRequired => {
            format!(
                "{name} is password-protected: enter the password (--password) or ask the sender for an unprotected copy"
            )
        }
        Error::WrongPassword => {
            format!("the password does not open {name}: check it with the sender")
        }
        Error::NotPdf(_) => {
            format!("{name} is not a PDF file: check that the right file was chosen")
        }
        Error::Damaged(why) => {
            format!("{name} is damaged and cannot be read ({why}): ask the sender for a fresh copy")
        }
        Error::UnsupportedEncryption(_) => {
            format!(
                "{name} is locked with an encryption method Disclose cannot open: ask the sender for an unprotected copy"
            )
        }
        other => format!("{name}: {other}"),
    }
}

pub fn run(path: &Path, json: bool, password: Option<&str>) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let doc = match password {
        Some(p) => Document::open_with_password(&bytes, p),
        None => Document::open(&bytes),
    }
    .map_err(|e| explain(path, &e))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut pages = Vec::new();
    for n in 1..=doc.page_count() {
        let page: PageText = doc.page_text(n).map_err(|e| explain(path, &e))?;
        if json {
            pages.push(JsonPage {
                number: n,
                width: r2(page.geometry.width),
                height: r2(page.geometry.height),
                rotation: page.geometry.rotation,
                reliability: JsonReliability {
                    verdict: page.reliability.verdict,
                    reasons: page.reliability.reasons.clone(),
                },
                words: page
                    .words
                    .iter()
                    .map(|w| JsonWord {
                        text: w.text.clone(),
                        x_min: r2(w.band.x_min),
                        y_min: r2(w.band.y_min),
                        x_max: r2(w.band.x_max),
                        y_max: r2(w.band.y_max),
                    })
                    .collect(),
                text: page.text,
            });
        } else {
            let written = out
                .write_all(page.text.as_bytes())
                .and_then(|()| out.write_all(b"\x0c"));
            if let Err(e) = written {
                return quiet_pipe(e, "text");
            }
        }
    }
    if json {
        let written = serde_json::to_writer_pretty(&mut out, &JsonDoc { pages })
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
        if let Err(e) = written {
            return quiet_pipe(e, "JSON");
        }
    }
    match out.flush() {
        Ok(()) => Ok(()),
        Err(e) => quiet_pipe(e, "text"),
    }
}

/// A reader that stopped reading (`disclose text x.pdf | head`) is not an
/// error; anything else is.
fn quiet_pipe(e: std::io::Error, what: &str) -> Result<(), String> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(format!("cannot write the {what}: {e}"))
    }
}
