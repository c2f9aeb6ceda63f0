//! Prints the findings of the text on standard input, one per line.
//! `cargo run -p disclose-detect --example scan < page.txt`

use std::io::Read;

use disclose_detect::{ScanOptions, Scanner};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let options = ScanOptions {
        custom_terms: std::env::args().skip(1).collect(),
        ..ScanOptions::default()
    };
    let scanner = Scanner::new(&options)?;
    for f in scanner.scan(&text) {
        println!(
            "{:>6}..{:<6} {:<18} {:<24} {:.2} {:<22} {:?} {:?}",
            f.span.start,
            f.span.end,
            f.category.as_str(),
            f.value,
            f.confidence,
            f.detector,
            f.context,
            &text[f.span.clone()]
        );
    }
    Ok(())
}
