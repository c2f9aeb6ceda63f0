//! A plain printed report as a PDF: a title, then blocks (headings,
//! paragraphs, label/value fields, tables whose header repeats on every
//! page, signature lines), on landscape US Letter pages numbered in the
//! footer. The content comes from the caller; this module only lays it out.
//!
//! The text uses the standard 14 fonts Helvetica and Helvetica-Bold with
//! /WinAnsiEncoding (ISO 32000-1 9.6.2.2 and Annex D), unembedded, so any
//! reader extracts it; characters outside WinAnsi are replaced by a close
//! ASCII spelling or `?`.

use lopdf::{Dictionary, Object, Stream, StringFormat, dictionary};

use crate::error::{Error, Result};
use crate::font::Font;

/// Page size (landscape US Letter) and margins, in points.
const PAGE_W: f64 = 792.0;
const PAGE_H: f64 = 612.0;
const MARGIN: f64 = 40.0;
/// Room kept at the bottom for the footer.
const FOOTER: f64 = 22.0;
/// Body and table text sizes and leading.
const BODY: f64 = 9.0;
const BODY_LEAD: f64 = 11.5;
const CELL: f64 = 7.5;
const CELL_LEAD: f64 = 9.2;
const CELL_PAD: f64 = 3.0;
const HEADING: f64 = 11.0;
const TITLE: f64 = 15.0;

/// One part of a report, laid out in order.
#[derive(Clone, Debug)]
pub enum ReportBlock {
    /// A bold heading, kept with what follows it.
    Heading(String),
    /// A paragraph, wrapped to the page width.
    Paragraph(String),
    /// Label and value pairs, one per line (the value wraps).
    Fields(Vec<(String, String)>),
    /// A table: its header row repeats at the top of every page it spans;
    /// long cells wrap within their column.
    Table {
        /// The columns, left to right.
        columns: Vec<ReportColumn>,
        /// The rows; a row shorter than `columns` leaves the rest empty.
        rows: Vec<Vec<String>>,
    },
    /// Signature lines, each a rule with its label (e.g. "Signature")
    /// printed below; kept together on one page.
    Signatures(Vec<String>),
}

/// A table column.
#[derive(Clone, Debug)]
pub struct ReportColumn {
    /// The header text.
    pub heading: String,
    /// Relative width (the columns share the page width in proportion).
    pub weight: f64,
}

/// A whole report.
#[derive(Clone, Debug)]
pub struct ReportDocument {
    /// The title at the top of the first page, also the document's /Title.
    pub title: String,
    /// Printed at the bottom left of every page, beside "Page N of M".
    pub footer: String,
    /// The blocks, in order.
    pub blocks: Vec<ReportBlock>,
}

/// Unicode to WinAnsi (ISO 32000-1 Annex D.2): ASCII and Latin-1 map to
/// themselves, the typographic characters of 0x80..0x9F to their codes,
/// common others to an ASCII spelling, the rest to `?`. Control characters
/// become spaces.
pub(crate) fn win_ansi(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let code = u32::from(c);
        let b: &[u8] = match c {
            '\t' | '\n' | '\r' => b" ",
            _ if code < 0x20 || code == 0x7F => b" ",
            _ if code < 0x7F => {
                out.push(code as u8);
                continue;
            }
            _ if (0xA0..=0xFF).contains(&code) => {
                out.push(code as u8);
                continue;
            }
            '€' => b"\x80",
            '‚' => b"\x82",
            'ƒ' => b"\x83",
            '„' => b"\x84",
            '…' => b"\x85",
            '†' => b"\x86",
            '‡' => b"\x87",
            'ˆ' => b"\x88",
            '‰' => b"\x89",
            'Š' => b"\x8A",
            '‹' => b"\x8B",
            'Œ' => b"\x8C",
            'Ž' => b"\x8E",
            '‘' => b"\x91",
            '’' => b"\x92",
            '“' => b"\x93",
            '”' => b"\x94",
            '•' => b"\x95",
            '–' => b"\x96",
            '—' => b"\x97",
            '˜' => b"\x98",
            '™' => b"\x99",
            'š' => b"\x9A",
            '›' => b"\x9B",
            'œ' => b"\x9C",
            'ž' => b"\x9E",
            'Ÿ' => b"\x9F",
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => b"-",
            '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => b" ",
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => b"",
            '≤' => b"<=",
            '≥' => b">=",
            '≠' => b"!=",
            '→' => b"->",
            '←' => b"<-",
            '′' => b"'",
            '″' => b"\"",
            '✓' | '✔' => b"x",
            _ => b"?",
        };
        out.extend_from_slice(b);
    }
    out
}

/// A number for a content stream: no exponent, at most 3 decimals.
pub(crate) fn num(n: f64) -> String {
    if !n.is_finite() {
        return "0".into();
    }
    let s = format!("{n:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.into()
    }
}

/// WinAnsi bytes as a PDF literal string (7.3.4.2): `\`, `(`, `)` escaped,
/// bytes outside printable ASCII written in octal.
pub(crate) fn literal(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    s.push('(');
    for &b in bytes {
        match b {
            b'\\' | b'(' | b')' => {
                s.push('\\');
                s.push(char::from(b));
            }
            0x20..=0x7E => s.push(char::from(b)),
            _ => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s.push(')');
    s
}

/// A standard 14 font with WinAnsiEncoding, as a font dictionary.
pub(crate) fn std_font_dict(base: &str) -> Dictionary {
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => Object::Name(base.as_bytes().to_vec()),
        "Encoding" => "WinAnsiEncoding",
    }
}

/// Measures WinAnsi text in a standard 14 font (its AFM widths).
pub(crate) struct Metrics {
    font: Font,
}

impl Metrics {
    /// The metrics of the standard 14 font `base`.
    pub(crate) fn new(base: &str) -> Metrics {
        Metrics {
            font: Font::load(
                &lopdf::Document::new(),
                &Object::Dictionary(std_font_dict(base)),
            ),
        }
    }

    /// The width of `bytes` at `size` points.
    pub(crate) fn width(&self, bytes: &[u8], size: f64) -> f64 {
        self.font
            .decode(bytes)
            .iter()
            .map(|c| c.width / 1000.0)
            .sum::<f64>()
            * size
    }
}

/// Wraps WinAnsi `text` into lines no wider than `max` at `size`: breaks at
/// spaces, and inside a word only when the word alone is too wide.
fn wrap(m: &Metrics, text: &[u8], size: f64, max: f64) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in text.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        let mut candidate = line.clone();
        if !candidate.is_empty() {
            candidate.push(b' ');
        }
        candidate.extend_from_slice(word);
        if m.width(&candidate, size) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if m.width(word, size) <= max {
            line = word.to_vec();
            continue;
        }
        // A word wider than the column: cut it where it no longer fits.
        for &b in word {
            line.push(b);
            if m.width(&line, size) > max && line.len() > 1 {
                let last = line.pop().unwrap_or(b' ');
                lines.push(std::mem::take(&mut line));
                line.push(last);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The two fonts' resource names.
const REGULAR: &str = "/F1";
const BOLD: &str = "/F2";

/// Pages under construction: a content stream per page and the cursor.
struct Layout {
    regular: Metrics,
    bold: Metrics,
    pages: Vec<String>,
    /// Distance from the top of the page to the next line's top.
    y: f64,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            regular: Metrics::new("Helvetica"),
            bold: Metrics::new("Helvetica-Bold"),
            pages: vec![String::new()],
            y: MARGIN,
        }
    }

    fn bottom() -> f64 {
        PAGE_H - MARGIN - FOOTER
    }

    fn room(&self) -> f64 {
        Self::bottom() - self.y
    }

    fn new_page(&mut self) {
        self.pages.push(String::new());
        self.y = MARGIN;
    }

    /// Ensures `h` points of room, on a new page when needed (unless the
    /// page is still empty).
    fn need(&mut self, h: f64) {
        if self.room() < h && self.y > MARGIN + 0.5 {
            self.new_page();
        }
    }

    fn out(&mut self) -> &mut String {
        if self.pages.is_empty() {
            self.pages.push(String::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Draws one line of text with its top at the cursor (`top` from the
    /// page top), at `x`.
    fn text(&mut self, font: &str, size: f64, x: f64, top: f64, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        // Baseline about 0.8 em below the line's top.
        let baseline = PAGE_H - top - size * 0.8;
        let line = format!(
            "BT {font} {} Tf 1 0 0 1 {} {} Tm {} Tj ET\n",
            num(size),
            num(x),
            num(baseline),
            literal(bytes)
        );
        self.out().push_str(&line);
    }

    fn rule(&mut self, x0: f64, x1: f64, top: f64, width: f64) {
        let y = PAGE_H - top;
        let line = format!(
            "{} w {} {} m {} {} l S\n",
            num(width),
            num(x0),
            num(y),
            num(x1),
            num(y)
        );
        self.out().push_str(&line);
    }

    fn title(&mut self, title: &str) {
        let lines = wrap(&self.bold, &win_ansi(title), TITLE, PAGE_W - 2.0 * MARGIN);
        for l in lines {
            self.need(TITLE * 1.3);
            let y = self.y;
            self.text(BOLD, TITLE, MARGIN, y, &l);
            self.y += TITLE * 1.3;
        }
        self.y += 6.0;
    }

    fn heading(&mut self, h: &str) {
        let lines = wrap(&self.bold, &win_ansi(h), HEADING, PAGE_W - 2.0 * MARGIN);
        // Keep the heading with at least three lines of what follows.
        self.need(HEADING * 1.4 * lines.len() as f64 + 8.0 + 3.0 * BODY_LEAD);
        self.y += 6.0;
        for l in lines {
            let y = self.y;
            self.text(BOLD, HEADING, MARGIN, y, &l);
            self.y += HEADING * 1.4;
        }
    }

    fn paragraph(&mut self, p: &str) {
        let lines = wrap(&self.regular, &win_ansi(p), BODY, PAGE_W - 2.0 * MARGIN);
        for l in lines {
            self.need(BODY_LEAD);
            let y = self.y;
            self.text(REGULAR, BODY, MARGIN, y, &l);
            self.y += BODY_LEAD;
        }
        self.y += BODY_LEAD * 0.5;
    }

    fn fields(&mut self, fields: &[(String, String)]) {
        let label_w = 150.0;
        let value_x = MARGIN + label_w;
        let value_w = PAGE_W - MARGIN - value_x;
        for (label, value) in fields {
            let lines = wrap(&self.regular, &win_ansi(value), BODY, value_w);
            self.need(BODY_LEAD);
            let y = self.y;
            self.text(BOLD, BODY, MARGIN, y, &win_ansi(label));
            for l in lines {
                self.need(BODY_LEAD);
                let y = self.y;
                self.text(REGULAR, BODY, value_x, y, &l);
                self.y += BODY_LEAD;
            }
        }
        self.y += BODY_LEAD * 0.5;
    }

    fn table(&mut self, columns: &[ReportColumn], rows: &[Vec<String>]) {
        if columns.is_empty() {
            return;
        }
        let total: f64 = columns.iter().map(|c| c.weight.max(0.1)).sum();
        let usable = PAGE_W - 2.0 * MARGIN;
        let widths: Vec<f64> = columns
            .iter()
            .map(|c| usable * c.weight.max(0.1) / total)
            .collect();
        let xs: Vec<f64> = widths
            .iter()
            .scan(MARGIN, |x, w| {
                let at = *x;
                *x += w;
                Some(at)
            })
            .collect();
        let inner = |w: f64| (w - 2.0 * CELL_PAD).max(4.0);
        let header: Vec<Vec<Vec<u8>>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(&self.bold, &win_ansi(&c.heading), CELL, inner(*w)))
            .collect();
        let header_h =
            header.iter().map(Vec::len).max().unwrap_or(1) as f64 * CELL_LEAD + 2.0 * CELL_PAD;
        let draw_header = |l: &mut Layout| {
            let top = l.y;
            let bottom = PAGE_H - top - header_h;
            let fill = format!(
                "0.88 g {} {} {} {} re f 0 g\n",
                num(MARGIN),
                num(bottom),
                num(usable),
                num(header_h)
            );
            l.out().push_str(&fill);
            for (k, lines) in header.iter().enumerate() {
                for (i, line) in lines.iter().enumerate() {
                    let y = top + CELL_PAD + i as f64 * CELL_LEAD;
                    l.text(BOLD, CELL, xs[k] + CELL_PAD, y, line);
                }
            }
            l.y += header_h;
            l.rule(MARGIN, MARGIN + usable, l.y, 0.8);
        };
        self.need(header_h + CELL_LEAD + 2.0 * CELL_PAD);
        draw_header(self);
        for row in rows {
            let mut cells: Vec<Vec<Vec<u8>>> = widths
                .iter()
                .enumerate()
                .map(|(k, w)| {
                    let text = row.get(k).map(String::as_str).unwrap_or("");
                    wrap(&self.regular, &win_ansi(text), CELL, inner(*w))
                })
                .collect();
            // A row taller than the room left goes on in the next page
            // (under a repeated header), line by line.
            let mut fresh = false;
            loop {
                let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                let mut fits = ((self.room() - 2.0 * CELL_PAD) / CELL_LEAD)
                    .floor()
                    .max(0.0) as usize;
                if fresh {
                    // A header as tall as the page: go on regardless rather
                    // than start page after page.
                    fits = fits.max(1);
                } else if fits == 0 || (fits < lines && fits < 2) {
                    self.new_page();
                    draw_header(self);
                    fresh = true;
                    continue;
                }
                let take = lines.min(fits);
                let top = self.y;
                for (k, cell) in cells.iter_mut().enumerate() {
                    let n = take.min(cell.len());
                    for (i, line) in cell.drain(..n).enumerate() {
                        let y = top + CELL_PAD + i as f64 * CELL_LEAD;
                        self.text(REGULAR, CELL, xs[k] + CELL_PAD, y, &line);
                    }
                }
                self.y += take as f64 * CELL_LEAD + 2.0 * CELL_PAD;
                let y = self.y;
                self.out().push_str("0.6 G\n");
                self.rule(MARGIN, MARGIN + usable, y, 0.3);
                self.out().push_str("0 G\n");
                if cells.iter().all(Vec::is_empty) {
                    break;
                }
                self.new_page();
                draw_header(self);
                fresh = true;
            }
        }
        self.y += BODY_LEAD;
    }

    fn signatures(&mut self, labels: &[String]) {
        let each = 34.0;
        self.need(each * labels.len() as f64 + 10.0);
        for label in labels {
            self.y += 22.0;
            let y = self.y;
            self.rule(MARGIN, MARGIN + 320.0, y, 0.6);
            self.text(REGULAR, CELL, MARGIN, y + 2.0, &win_ansi(label));
            self.y += 12.0;
        }
    }

    fn footers(&mut self, footer: &str) {
        let count = self.pages.len();
        let footer = win_ansi(footer);
        let top = PAGE_H - MARGIN - FOOTER + 10.0;
        for i in 0..count {
            let page = format!("Page {} of {count}", i + 1).into_bytes();
            let w = self.regular.width(&page, CELL);
            let mut s = std::mem::take(&mut self.pages[i]);
            for (x, text) in [(MARGIN, footer.as_slice()), (PAGE_W - MARGIN - w, &page)] {
                if text.is_empty() {
                    continue;
                }
                s.push_str(&format!(
                    "BT {REGULAR} {} Tf 1 0 0 1 {} {} Tm {} Tj ET\n",
                    num(CELL),
                    num(x),
                    num(PAGE_H - top - CELL * 0.8),
                    literal(text)
                ));
            }
            self.pages[i] = s;
        }
    }
}

/// Lays out `report` and writes it as a PDF file (compressed streams, no
/// dates: the same report gives the same bytes).
pub fn write_report(report: &ReportDocument) -> Result<Vec<u8>> {
    let mut l = Layout::new();
    l.title(&report.title);
    for block in &report.blocks {
        match block {
            ReportBlock::Heading(h) => l.heading(h),
            ReportBlock::Paragraph(p) => l.paragraph(p),
            ReportBlock::Fields(f) => l.fields(f),
            ReportBlock::Table { columns, rows } => l.table(columns, rows),
            ReportBlock::Signatures(s) => l.signatures(s),
        }
    }
    l.footers(&report.footer);

    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let f1 = doc.add_object(std_font_dict("Helvetica"));
    let f2 = doc.add_object(std_font_dict("Helvetica-Bold"));
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => f1, "F2" => f2 },
    });
    let mut kids = Vec::with_capacity(l.pages.len());
    for content in std::mem::take(&mut l.pages) {
        let c = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
            "Resources" => resources,
            "Contents" => c,
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info = doc.add_object(dictionary! {
        "Title" => Object::String(win_ansi(&report.title), StringFormat::Literal),
        "Producer" => Object::string_literal("Disclose"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::Save(format!("writing the report failed: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn win_ansi_keeps_latin1_and_spells_the_rest() {
        assert_eq!(win_ansi("§ 42.56"), b"\xA7 42.56");
        assert_eq!(win_ansi("a – b “c”"), b"a \x96 b \x93c\x94");
        assert_eq!(win_ansi("x ≥ 1\u{2011}2 日"), b"x >= 1-2 ?");
        assert_eq!(win_ansi("tab\there"), b"tab here");
    }

    #[test]
    fn literals_escape_and_octal() {
        assert_eq!(literal(b"a(b)\\"), "(a\\(b\\)\\\\)");
        assert_eq!(literal(b"\xA7"), "(\\247)");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_inside_long_words() {
        let m = Metrics::new("Helvetica");
        let lines = wrap(&m, b"one two three four five six", 10.0, 60.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(m.width(l, 10.0) <= 60.0, "{:?}", String::from_utf8_lossy(l));
        }
        let long = wrap(&m, &[b'W'; 40], 10.0, 50.0);
        assert!(long.len() > 4);
        assert_eq!(long.iter().map(Vec::len).sum::<usize>(), 40);
        assert_eq!(wrap(&m, b"", 10.0, 50.0), vec![Vec::<u8>::new()]);
    }

    #[test]
    fn a_header_taller_than_the_page_still_ends() {
        let columns: Vec<ReportColumn> = (0..60)
            .map(|i| ReportColumn {
                heading: format!("column {i} {}", "long heading ".repeat(8)),
                weight: if i == 0 { 100.0 } else { 0.1 },
            })
            .collect();
        let report = ReportDocument {
            title: String::new(),
            footer: String::new(),
            blocks: vec![ReportBlock::Table {
                columns,
                rows: vec![vec!["x".into(); 60]; 3],
            }],
        };
        let bytes = write_report(&report).unwrap();
        assert!(crate::Document::open(&bytes).unwrap().page_count() < 20);
    }

    #[test]
    fn a_long_table_spans_pages_with_its_header_repeated() {
        let rows: Vec<Vec<String>> = (0..200)
            .map(|i| {
                vec![
                    format!("row {i}"),
                    "a long explanation that has to wrap over several lines of its narrow column \
                     because it is long"
                        .into(),
                ]
            })
            .collect();
        let report = ReportDocument {
            title: "Test report".into(),
            footer: "footer".into(),
            blocks: vec![
                ReportBlock::Fields(vec![("Request".into(), "P-1".into())]),
                ReportBlock::Table {
                    columns: vec![
                        ReportColumn {
                            heading: "Row".into(),
                            weight: 1.0,
                        },
                        ReportColumn {
                            heading: "Explanation".into(),
                            weight: 1.0,
                        },
                    ],
                    rows,
                },
                ReportBlock::Signatures(vec!["Signature".into(), "Date".into()]),
            ],
        };
        let bytes = write_report(&report).unwrap();
        let doc = crate::Document::open(&bytes).unwrap();
        assert!(doc.page_count() > 3);
        for n in 1..=doc.page_count() {
            let text = doc.page_text(n).unwrap().text;
            assert!(text.contains("Explanation"), "page {n}: {text}");
            assert!(text.contains(&format!("Page {n} of")), "page {n}");
        }
        let last = doc.page_text(doc.page_count()).unwrap().text;
        assert!(last.contains("row 199") && last.contains("Signature"));
        // The same report gives the same bytes.
        assert_eq!(write_report(&report).unwrap(), bytes);
    }
}
