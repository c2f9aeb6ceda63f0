//! Extraction speed: a generated 1,000-page text document, read by our
//! interpreter and text model, and by `pdftotext -bbox` on the same file.
//! Prints pages per second for both and the ratio; asserts nothing.
//!
//! Run: `cargo bench -p disclose-pdf --bench extract`

// A bench binary, like a test, stops loudly on a setup failure.
#![allow(clippy::expect_used)]

use std::time::Instant;

use disclose_pdf::Document;
use lopdf::{Object, Stream, dictionary};

const PAGES: usize = 1000;
const LINES: usize = 40;

const WORDS: &[&str] = &[
    "the",
    "records",
    "request",
    "was",
    "received",
    "by",
    "the",
    "city",
    "clerk",
    "on",
    "March",
    "and",
    "forwarded",
    "to",
    "department",
    "for",
    "review",
    "of",
    "responsive",
    "documents",
    "including",
    "invoices",
    "payments",
    "correspondence",
    "between",
    "vendors",
    "staff",
    "members",
    "council",
    "exemption",
    "withheld",
    "released",
    "pursuant",
    "statute",
    "2024",
    "account",
    "balance",
    "$1,250.00",
    "Lakemont",
    "Avenue",
    "permit",
    "inspection",
    "(360)",
    "555-0142",
    "summary",
    "report",
    "agenda",
    "minutes",
    "public",
    "hearing",
];

/// A deterministic pseudo-random sequence (no dependency, same file every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

fn generate() -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let fonts = ["Helvetica", "Times-Roman", "Courier", "Helvetica-Bold"];
    let mut font_dict = lopdf::Dictionary::new();
    for (i, base) in fonts.iter().enumerate() {
        let id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => *base, "Encoding" => "WinAnsiEncoding",
        });
        font_dict.set(format!("F{}", i + 1), id);
    }
    let resources = doc.add_object(dictionary! { "Font" => font_dict });
    let mut rng = Lcg(42);
    let mut kids = Vec::with_capacity(PAGES);
    for p in 0..PAGES {
        let mut content = String::with_capacity(8 * 1024);
        content.push_str(&format!(
            "BT /F4 14 Tf 72 740 Td (Monthly report page {}) Tj ET\n",
            p + 1
        ));
        content.push_str("BT /F1 10 Tf 12 TL 72 710 Td\n");
        for line in 0..LINES {
            let font = 1 + rng.next() % 3;
            if line % 10 == 0 {
                content.push_str(&format!("/F{font} 10 Tf\n"));
            }
            let mut text = String::new();
            let n = 8 + rng.next() % 6;
            for k in 0..n {
                if k > 0 {
                    text.push(' ');
                }
                text.push_str(WORDS[rng.next() % WORDS.len()]);
            }
            if line % 3 == 0 {
                // a kerned line, as many producers write them
                let (a, b) = text.split_at(text.len() / 2);
                content.push_str(&format!("[({}) -120 ({})] TJ T*\n", escape(a), escape(b)));
            } else {
                content.push_str(&format!("({}) Tj T*\n", escape(&text)));
            }
        }
        content.push_str("ET\n");
        let stream = Stream::new(dictionary! {}, content.into_bytes()).with_compression(true);
        let mut stream = stream;
        let _ = stream.compress();
        let contents = doc.add_object(stream);
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => contents, "Resources" => resources,
        });
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => PAGES as i64,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("write the generated PDF");
    bytes
}

fn main() {
    let bytes = generate();
    let dir = std::env::temp_dir().join(format!("disclose-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("thousand-pages.pdf");
    std::fs::write(&path, &bytes).expect("write temp file");
    println!(
        "generated {} pages, {} KiB, at {}",
        PAGES,
        bytes.len() / 1024,
        path.display()
    );

    // ours: open from the file's bytes and read every page's text model
    let mut best = f64::MAX;
    let mut chars = 0usize;
    let mut words = 0usize;
    for _ in 0..3 {
        let start = Instant::now();
        let data = std::fs::read(&path).expect("read back");
        let doc = Document::open(&data).expect("open");
        chars = 0;
        words = 0;
        for n in 1..=doc.page_count() {
            let t = doc.page_text(n).expect("page text");
            chars += t.text.len();
            words += t.words.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let ours = PAGES as f64 / best;
    println!("disclose-pdf: {best:.3} s, {ours:.0} pages/s ({words} words, {chars} bytes of text)");

    // poppler on the same file
    let out = dir.join("out.txt");
    let mut pbest = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let status = std::process::Command::new("pdftotext")
            .arg("-bbox")
            .arg(&path)
            .arg(&out)
            .status();
        match status {
            Ok(s) if s.success() => pbest = pbest.min(start.elapsed().as_secs_f64()),
            _ => {
                println!("pdftotext -bbox could not run: no comparison");
                let _ = std::fs::remove_dir_all(&dir);
                return;
            }
        }
    }
    let theirs = PAGES as f64 / pbest;
    println!("pdftotext -bbox: {pbest:.3} s, {theirs:.0} pages/s");
    println!(
        "ratio (ours / poppler, pages per second): {:.2}x",
        ours / theirs
    );
    let _ = std::fs::remove_dir_all(&dir);
}
