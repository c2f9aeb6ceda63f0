//! Throughput of a scan with every detector on, on one core.
//! `cargo bench -p disclose-detect --bench scan` prints MB/s for two corpora
//! of about 4 MB each: the labelled set's documents alone (dense with
//! personal data: the worst case) and those documents mixed one to three
//! with the prose of minutes and reports (closer to a real release).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use disclose_detect::{ScanOptions, Scanner};

const TARGET: usize = 4 << 20;

/// A deterministic pseudo-random sequence (xorshift), so every run scans
/// the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "the",
    "council",
    "approved",
    "motion",
    "to",
    "amend",
    "section",
    "of",
    "public",
    "works",
    "budget",
    "for",
    "fiscal",
    "year",
    "and",
    "staff",
    "recommended",
    "that",
    "permit",
    "applications",
    "be",
    "reviewed",
    "by",
    "planning",
    "commission",
    "before",
    "hearing",
    "residents",
    "testified",
    "regarding",
    "traffic",
    "on",
    "street",
    "improvements",
    "with",
    "a",
    "vote",
    "in",
    "favor",
    "officer",
    "responded",
    "report",
    "vehicle",
    "observed",
    "records",
    "request",
    "was",
    "received",
    "clerk",
    "responded",
    "within",
    "five",
    "days",
    "Mayor",
    "Olympia",
    "Thurston",
    "County",
    "Department",
    "Resolution",
    "account",
    "number",
];

fn prose(rng: &mut Rng, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 100);
    let mut col = 0;
    while s.len() < bytes {
        let w = match rng.next() % 40 {
            0 => format!(
                "${},{:03}.{:02}",
                rng.next() % 90 + 1,
                rng.next() % 1000,
                rng.next() % 100
            ),
            1 => format!("{:02}/{:02}/2024", rng.next() % 12 + 1, rng.next() % 28 + 1),
            2 => format!("{}", rng.next() % 10_000),
            3 => format!("RCW 42.56.{}", rng.next() % 100 + 200),
            _ => rng.pick(WORDS).to_string(),
        };
        s.push_str(&w);
        col += w.len() + 1;
        if col > 78 {
            s.push('\n');
            col = 0;
        } else {
            s.push(' ');
        }
    }
    s
}

fn documents() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/detect/docs");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.sort();
    names
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// CPU time of this thread so far, in seconds (Linux: utime + stime from
/// /proc/thread-self/stat, in clock ticks of 10 ms); None elsewhere. The
/// machine may be shared: CPU time is not inflated by waiting for a core.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesized command name; utime and stime are the
    // 14th and 15th fields of the whole line.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn measure(name: &str, scanner: &Scanner, text: &str) {
    // Warm up, then take the best and the median of several runs.
    let mut findings = 0;
    for _ in 0..2 {
        findings = black_box(scanner.scan(black_box(text))).len();
    }
    let mut rates = Vec::new();
    let cpu0 = cpu_seconds();
    for _ in 0..9 {
        let t = Instant::now();
        black_box(scanner.scan(black_box(text)));
        let secs = t.elapsed().as_secs_f64();
        rates.push(text.len() as f64 / 1e6 / secs);
    }
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => format!("{:>7.1}", 9.0 * text.len() as f64 / 1e6 / (b - a)),
        _ => "    n/a".to_string(),
    };
    rates.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{name:<26} {:>5.2} MB {:>6} findings  wall median {:>6.1} MB/s, best {:>6.1} MB/s; by CPU time {cpu} MB/s",
        text.len() as f64 / 1e6,
        findings,
        rates[rates.len() / 2],
        rates[rates.len() - 1]
    );
}

fn main() -> Result<(), disclose_detect::Error> {
    let docs = documents();
    if docs.is_empty() {
        eprintln!("no documents in fixtures/detect/docs: run fixtures/detect/generate.py");
        return Ok(());
    }
    let t = Instant::now();
    let scanner = Scanner::new(&ScanOptions {
        custom_terms: vec!["Jonathan Abernathy".into(), "2024-CV-0412".into()],
        ..ScanOptions::default()
    })?;
    println!("Scanner::new: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);

    let mut dense = String::new();
    while dense.len() < TARGET {
        for d in &docs {
            dense.push_str(d);
            dense.push('\n');
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut mixed = String::new();
    let mut i = 0;
    while mixed.len() < TARGET {
        let d = &docs[i % docs.len()];
        mixed.push_str(d);
        mixed.push('\n');
        mixed.push_str(&prose(&mut rng, d.len() * 3));
        mixed.push('\n');
        i += 1;
    }
    // DETECT_BENCH=mixed or =dense runs one corpus only (for profiling).
    let only = std::env::var("DETECT_BENCH").unwrap_or_default();
    if only != "mixed" {
        measure("labelled documents only", &scanner, &dense);
    }
    if only != "dense" {
        measure("documents + prose (1:3)", &scanner, &mixed);
    }
    Ok(())
}
