//! Random and adversarial text never panics, and every finding's span is a
//! valid, sorted slice of the input.

use disclose_detect::{Category, ScanOptions, Scanner};

/// Deterministic xorshift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const PIECES: &[&str] = &[
    "0",
    "1",
    "4",
    "9",
    "4111",
    "1111",
    "-",
    " ",
    "  ",
    "\n",
    "-\n",
    "/",
    ".",
    "(",
    ")",
    "@",
    "*",
    "X",
    "#",
    "a",
    "Z",
    "é",
    "•",
    "’",
    "\u{1F600}",
    "Card ",
    "Acct ",
    "SSN ",
    "DOB: ",
    "Routing ",
    "PIN: ",
    "Password ",
    "Cell ",
    "City Hall ",
    "DL ",
    "Exp ",
    "CVV ",
    "St ",
    "Ave ",
    ", WA 98501",
    "Maple ",
    "gmail.com",
    "IBAN DE89 ",
    "ext ",
    "> ",
    "\t",
    "\r\n",
    "Jane",
    "Roe",
    "Jo-\nnathan",
    "2024-CV-0412",
    // label blocks, prose cues, wrapped ZIPs and split area codes
    "Date of birth\n",
    "\n\n",
    "SEX / RACE\n",
    "Records ",
    "(253)\n",
    "password it gave me was\n",
    "WA\n98502",
    "lives at ",
    "March ",
    "09/27\n",
    "parks.reservations@city.example.org",
];

fn check(scanner: &Scanner, text: &str) {
    let found = scanner.scan(text);
    let mut last_start = 0;
    for f in &found {
        assert!(
            text.get(f.span.clone()).is_some(),
            "span {:?} of {text:?}",
            f.span
        );
        assert!(f.span.start < f.span.end, "empty span in {text:?}");
        assert!(f.span.start >= last_start, "unsorted in {text:?}");
        assert!((0.0..=1.0).contains(&f.confidence));
        assert!(!f.value.is_empty(), "empty value in {text:?}");
        last_start = f.span.start;
    }
    // Non-custom findings never overlap.
    let plain: Vec<_> = found
        .iter()
        .filter(|f| f.category != Category::Custom)
        .collect();
    for w in plain.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "overlap in {text:?}: {w:?}"
        );
    }
}

#[test]
fn random_text_never_panics() {
    let scanner = Scanner::new(&ScanOptions {
        custom_terms: vec![
            "Jane Roe".into(),
            "Jonathan".into(),
            "2024-CV-0412".into(),
            "é".into(),
        ],
        ..ScanOptions::default()
    })
    .unwrap();
    let ascii_only = Scanner::new(&ScanOptions {
        custom_terms: vec!["Jane Roe".into()],
        ..ScanOptions::default()
    })
    .unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..3000 {
        let n = (rng.next() % 60) as usize;
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
        }
        check(&scanner, &text);
        check(&ascii_only, &text);
    }
}

#[test]
fn pathological_inputs_finish() {
    let scanner = Scanner::new(&ScanOptions {
        custom_terms: vec!["aaaa".into()],
        ..ScanOptions::default()
    })
    .unwrap();
    for text in [
        "1".repeat(100_000),
        "1 ".repeat(50_000),
        "1-".repeat(50_000),
        "1\n".repeat(50_000),
        "a".repeat(200_000),
        "aaaa ".repeat(40_000),
        "@".repeat(50_000),
        "x@y.".repeat(20_000),
        "Account ".repeat(20_000),
        "é".repeat(70_000),
        "12 Main St ".repeat(10_000),
    ] {
        check(&scanner, &text);
    }
}
