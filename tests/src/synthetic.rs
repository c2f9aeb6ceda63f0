//! A deterministic, arbitrarily long text PDF for benches (1,000-page
//! extraction and redaction runs) and for tests that need many pages: a
//! payments register on Letter pages, each page holding five planted
//! sensitive values whose boxes are known.
//!
//! The file is written by hand (classic xref table, uncompressed content) with
//! the standard-14 fonts Helvetica (headings) and Courier (body). Courier's
//! fixed advance of 600/1000 em makes every value's box exact without a
//! metrics table.

/// A generated document and what was planted in it.
#[derive(Debug, Clone)]
pub struct SyntheticPdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: u32,
    /// Five values per page, in page order.
    pub planted: Vec<SyntheticValue>,
}

/// One planted value.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticValue {
    /// 1-based page.
    pub page: u32,
    /// The value as drawn.
    pub value: String,
    /// Its `disclose_detect::Category` id.
    pub category: &'static str,
    /// Its box `[x0, y0, x1, y1]` in default user space (points, origin
    /// bottom left): the glyphs' advance widths, from 0.25 em below the
    /// baseline to 0.8 em above it.
    pub rect: [f64; 4],
}

/// Body font size (Courier), line spacing, left margin and first baseline.
const SIZE: f64 = 8.5;
const LEADING: f64 = 12.5;
const LEFT: f64 = 40.0;
const TOP: f64 = 730.0;
const LINES: usize = 54;
/// Courier's advance: 600/1000 em.
const ADVANCE: f64 = 0.6 * SIZE;

/// A small linear congruential generator: reproducible across platforms.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs.get(self.below(xs.len() as u64) as usize)
            .copied()
            .unwrap_or("")
    }
}

/// The Luhn check digit that completes `body`.
fn luhn_digit(body: &str) -> char {
    let mut sum = 0u32;
    for (i, c) in body.chars().rev().enumerate() {
        let mut d = c.to_digit(10).unwrap_or(0);
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

const FIRST: &[&str] = &[
    "Avery", "Jordan", "Maria", "Wei", "Fatima", "Daniel", "Priya", "Tomas", "Grace", "Omar",
    "Lena", "Marcus", "Yuki", "Elena", "Samuel", "Aisha",
];
const LAST: &[&str] = &[
    "Holloway",
    "Nguyen",
    "Okafor",
    "Reyes",
    "Lindqvist",
    "Patel",
    "Moreau",
    "Brandt",
    "Castillo",
    "Haddad",
    "Kowalski",
    "Sato",
    "Whitaker",
    "Delgado",
    "Osei",
    "Brooks",
];
const STREETS: &[&str] = &[
    "Alder Crest Ln",
    "Juniper Hollow Rd",
    "Osprey Point Rd",
    "Heron Bay Dr",
    "Foxglove St",
    "Tamarack Loop",
    "Meadowlark Ln",
    "Quarry View Dr",
];
const REASONS: &[&str] = &[
    "Utility deposit refund",
    "Overpaid citation",
    "Permit fee refund",
    "Class cancelled",
    "Damage claim",
    "Bond release",
];

/// One planted value's text and category.
fn planted_value(rng: &mut Lcg, kind: u64) -> (String, &'static str) {
    match kind % 5 {
        0 => {
            let body = format!("4{}", rng.digits(14));
            let full = format!("{body}{}", luhn_digit(&body));
            let spaced = full
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" ");
            (spaced, "card_number")
        }
        1 => {
            // Areas 001-665 (never 000, 666 or 9xx), groups 01-99, serials 0001-9999.
            let area = 1 + rng.below(665);
            let group = 1 + rng.below(99);
            let serial = 1 + rng.below(9999);
            (format!("{area:03}-{group:02}-{serial:04}"), "ssn")
        }
        2 => (format!("(360) 555-01{:02}", rng.below(100)), "phone"),
        3 => (rng.digits(12), "bank_account"),
        _ => {
            let first = rng.pick(FIRST).to_lowercase();
            let last = rng.pick(LAST).to_lowercase();
            (
                format!("{first}.{last}{}@example.com", rng.below(100)),
                "email",
            )
        }
    }
}

/// Label placed before a planted value on its line.
fn label(category: &str) -> &'static str {
    match category {
        "card_number" => "card",
        "ssn" => "SSN",
        "phone" => "cell",
        "bank_account" => "Account",
        _ => "e-mail",
    }
}

/// A PDF literal string for ASCII text.
fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('(');
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => out.push('?'),
        }
    }
    out.push(')');
    out
}

/// Builds a `pages`-page payments register; the same `seed` gives the same bytes.
pub fn synthetic_text_pdf(pages: u32, seed: u64) -> SyntheticPdf {
    let mut rng = Lcg(seed ^ 0x5DEE_CE66_D1CE_5EED);
    let pages = pages.max(1);
    let mut planted = Vec::new();
    let mut contents: Vec<String> = Vec::new();
    for page in 1..=pages {
        let mut s = String::new();
        s.push_str("BT /F1 13 Tf 40 756 Td ");
        s.push_str(&literal(&format!(
            "City of Lakemont - Refunds and Claims Register - page {page}"
        )));
        s.push_str(" Tj ET\n");
        // Five distinct lines get a planted value.
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < 5 {
            let l = rng.below(LINES as u64) as usize;
            if !chosen.contains(&l) {
                chosen.push(l);
            }
        }
        s.push_str(&format!("BT /F2 {SIZE} Tf {LEADING} TL {LEFT} {TOP} Td\n"));
        for line in 0..LINES {
            let date = format!("{:02}/{:02}/2024", 1 + rng.below(12), 1 + rng.below(28));
            let payee = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            let id = format!("RF-{:06}", u64::from(page) * 100 + line as u64);
            let amount = format!("{}.{:02}", 10 + rng.below(900), rng.below(100));
            let mut text = format!("{date} {id} {payee:<18} {amount:>7} ");
            if let Some(k) = chosen.iter().position(|&c| c == line) {
                let kind = (u64::from(page) + k as u64) % 5;
                let (value, category) = planted_value(&mut rng, kind);
                text.push_str(label(category));
                text.push(' ');
                let col = text.chars().count();
                text.push_str(&value);
                let y = TOP - LEADING * line as f64;
                let x0 = LEFT + ADVANCE * col as f64;
                let x1 = x0 + ADVANCE * value.chars().count() as f64;
                planted.push(SyntheticValue {
                    page,
                    value,
                    category,
                    rect: [x0, y - 0.25 * SIZE, x1, y + 0.8 * SIZE],
                });
            } else {
                let number = 1 + rng.below(9000);
                text.push_str(&format!(
                    "{number} {} - {}",
                    rng.pick(STREETS),
                    rng.pick(REASONS)
                ));
            }
            s.push_str(&literal(&text));
            s.push_str(if line == 0 { " Tj\n" } else { " '\n" });
        }
        s.push_str("ET\n");
        contents.push(s);
    }
    SyntheticPdf {
        bytes: write_pdf(&contents),
        pages,
        planted,
    }
}

/// Writes pages with the given content streams as a classic-xref PDF.
fn write_pdf(contents: &[String]) -> Vec<u8> {
    // Objects: 1 catalog, 2 pages, 3 Helvetica, 4 Courier, 5 info, then per
    // page its page object and its content stream.
    let n = contents.len();
    let mut objects: Vec<Vec<u8>> = Vec::with_capacity(5 + 2 * n);
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>".to_vec(),
    );
    objects.push(
        b"<< /Producer (disclose-tests synthetic_text_pdf) /CreationDate (D:20240301120000Z) >>"
            .to_vec(),
    );
    for (i, content) in contents.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                7 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R \
             /ID [<53594E5448455449435044460000001A> <53594E5448455449435044460000001A>] >>\n\
             startxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{contains_value, pdftotext_pages, pdftotext_words};

    #[test]
    fn luhn_digits_make_valid_numbers() {
        assert_eq!(luhn_digit("411111111111111"), '1');
        assert_eq!(luhn_digit("555555555555444"), '4');
        assert_eq!(luhn_digit("601111111111111"), '7');
    }

    #[test]
    fn same_seed_same_bytes_and_five_values_per_page() {
        let a = synthetic_text_pdf(4, 7);
        let b = synthetic_text_pdf(4, 7);
        let c = synthetic_text_pdf(4, 8);
        assert_eq!(a.bytes, b.bytes);
        assert_ne!(a.bytes, c.bytes);
        assert_eq!(a.planted.len(), 20);
        for p in 1..=4 {
            assert_eq!(a.planted.iter().filter(|v| v.page == p).count(), 5);
        }
        let cats: std::collections::BTreeSet<_> = a.planted.iter().map(|v| v.category).collect();
        assert_eq!(cats.len(), 5, "{cats:?}");
    }

    #[test]
    fn poppler_reads_values_where_the_rects_say() {
        let doc = synthetic_text_pdf(3, 42);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synthetic.pdf");
        std::fs::write(&path, &doc.bytes).unwrap();
        if let Ok(out) = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
        {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        let (Some(pages), Some(words)) = (pdftotext_pages(&path), pdftotext_words(&path)) else {
            eprintln!("pdftotext not installed; skipping");
            return;
        };
        assert_eq!(pages.len(), 3);
        for v in &doc.planted {
            let i = v.page as usize - 1;
            assert!(contains_value(&pages[i], &v.value), "{v:?}");
            // The value's last word lies inside its rect (top-left origin in pdftotext).
            let last = v.value.split(' ').next_back().unwrap();
            let page = &words[i];
            let hit = page.words.iter().any(|w| {
                w.text == last
                    && w.x_min >= v.rect[0] - 1.0
                    && w.x_max <= v.rect[2] + 1.0
                    && page.height - w.y_max >= v.rect[1] - 1.0
                    && page.height - w.y_min <= v.rect[3] + 1.0
            });
            assert!(hit, "{v:?} not boxed as planted");
        }
    }
}
