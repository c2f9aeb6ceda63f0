//! Detection on the text our PDF reader extracts from the real-producer
//! fixtures (fixtures/text, and the page text of fixtures/leak), scanned by
//! the default scanner:
//!
//! - recall: every planted value that pdftotext shows on a page must be
//!   found there, as a finding of its category whose span of the page text
//!   spells the value (ignoring spaces, punctuation and case). Asserted at
//!   100% for every category (the fixtures hold no value our reader shows
//!   that a detector could not read; see `UNREADABLE` for the exceptions).
//! - precision: no finding may touch a value the manifest lists as released
//!   (an agency's phone, a case or receipt number, a business address), and
//!   every finding must lie on a planted value: the fixtures' pages label
//!   every personal value they hold.
//!
//! Both over our reader's page text and over pdftotext's, plain and
//! `-layout` (when installed), whose reading orders differ. Prints a
//! per-category table, then every miss and stray finding with its text.
//! `DETECT_FIXTURES_DUMP=dir` writes each page text read to `dir` for a
//! closer look.

use std::collections::BTreeMap;
use std::ops::Range;

use disclose_detect::{Category, Finding, ScanOptions, Scanner};
use disclose_pdf::Document;
use disclose_tests::{Fixture, load_manifest};

/// Planted values our reader's page text shows but no detector is expected
/// to find, as (fixture, value, why). None at present.
const UNREADABLE: &[(&str, &str, &str)] = &[];

/// Letters and digits of `s`, upper-cased, with the byte offset in `s` of
/// each: how a value and the page text compare.
fn fold_map(s: &str) -> (String, Vec<usize>) {
    let mut folded = String::new();
    let mut at = Vec::new();
    for (i, c) in s.char_indices() {
        if c.is_ascii_alphanumeric() {
            folded.push(c.to_ascii_uppercase());
            at.push(i);
        }
    }
    (folded, at)
}

fn fold(s: &str) -> String {
    fold_map(s).0
}

/// Every span of `text` that spells `value` (folded).
fn occurrences(text: &str, value: &str) -> Vec<Range<usize>> {
    let (folded, at) = fold_map(text);
    let want = fold(value);
    if want.is_empty() {
        return Vec::new();
    }
    folded
        .match_indices(&want)
        .filter_map(|(i, m)| {
            let s = *at.get(i)?;
            let last = *at.get(i + m.len() - 1)?;
            let e = last + text.get(last..)?.chars().next()?.len_utf8();
            Some(s..e)
        })
        .collect()
}

struct Page {
    text: String,
    found: Vec<Finding>,
    /// Spans of the planted values on this page.
    planted: Vec<Range<usize>>,
}

/// The pages of `fixture` that hold planted or released values, scanned;
/// `read` gives a page's text (our reader's, or pdftotext's).
fn pages_of(
    fixture: &Fixture,
    scanner: &Scanner,
    read: &dyn Fn(&Fixture, u32) -> String,
) -> BTreeMap<u32, Page> {
    let mut wanted: Vec<u32> = fixture
        .planted
        .iter()
        .filter(|p| p.in_page_text)
        .flat_map(|p| p.pages.iter().copied())
        .chain(
            fixture
                .released
                .iter()
                .flat_map(|r| r.pages.iter().copied()),
        )
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut pages = BTreeMap::new();
    for n in wanted {
        let text = read(fixture, n);
        let found = scanner.scan(&text);
        // Any value planted in the file counts, wherever the manifest puts
        // it: our reader may show more than pdftotext does (optional
        // content that is off, say), and what it shows must be found.
        let planted = fixture
            .planted
            .iter()
            .flat_map(|p| occurrences(&text, &p.value))
            .collect();
        pages.insert(
            n,
            Page {
                text,
                found,
                planted,
            },
        );
    }
    pages
}

/// Our PDF reader's text of page `n`.
fn our_page_text(fixture: &Fixture, n: u32) -> String {
    let bytes = std::fs::read(fixture.full_path()).unwrap();
    let doc =
        Document::open(&bytes).unwrap_or_else(|e| panic!("{}: cannot open: {e}", fixture.path));
    doc.page_text(n)
        .unwrap_or_else(|e| panic!("{} page {n}: {e}", fixture.path))
        .text
}

/// pdftotext's text of page `n`, in its reading order or (`-layout`) with
/// each value in its column far right of its field name.
fn pdftotext_page_text(fixture: &Fixture, n: u32, layout: bool) -> String {
    let page = n.to_string();
    let mut cmd = std::process::Command::new("pdftotext");
    cmd.args(["-q", "-enc", "UTF-8", "-f", &page, "-l", &page]);
    if layout {
        cmd.arg("-layout");
    }
    if let Some(pw) = &fixture.user_password {
        cmd.args(["-upw", pw]);
    }
    let out = cmd
        .arg(fixture.full_path())
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext {}: {e}", fixture.path));
    String::from_utf8_lossy(&out.stdout).replace('\u{c}', "")
}

#[test]
fn planted_values_in_page_text_are_found_and_nothing_else() {
    evaluate("our page text", false, &our_page_text);
}

/// The same bar on another extractor's reading orders: what the detectors
/// find must not depend on our reader's choices.
#[test]
fn pdftotext_text_is_read_as_well() {
    if !disclose_tests::pdftotext_available() {
        println!("pdftotext missing: skipped");
        return;
    }
    evaluate("pdftotext", true, &|f, n| pdftotext_page_text(f, n, false));
    evaluate("pdftotext -layout", true, &|f, n| {
        pdftotext_page_text(f, n, true)
    });
}

/// Checks recall and precision over the text `read` gives; `other` for
/// pdftotext's, which can also open the encrypted fixture.
fn evaluate(source: &str, other: bool, read: &dyn Fn(&Fixture, u32) -> String) {
    println!("== {source}");
    let manifest = load_manifest();
    let scanner = Scanner::new(&ScanOptions::default()).unwrap();
    let dump = std::env::var_os("DETECT_FIXTURES_DUMP");
    // category -> (found, planted)
    let mut table: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    let mut not_shown: Vec<String> = Vec::new();
    let mut released_hit: Vec<String> = Vec::new();
    let mut stray: Vec<String> = Vec::new();
    let (mut checked_files, mut released_checked) = (0, 0);
    for fixture in &manifest.fixtures {
        let text_fixture = fixture.path.starts_with("text/");
        if !(text_fixture || fixture.path.starts_with("leak/"))
            || (fixture.user_password.is_some() && !other)
        {
            continue;
        }
        checked_files += 1;
        let pages = pages_of(fixture, &scanner, read);
        for planted in fixture.planted.iter().filter(|p| p.in_page_text) {
            let want = fold(&planted.value);
            for n in &planted.pages {
                let page = &pages[n];
                if !fold(&page.text).contains(&want) {
                    // Our reader does not show it here (e.g. a form field's
                    // appearance): the pdf crate's tests cover that, not us.
                    not_shown.push(format!("{} p{n}: {:?}", fixture.name(), planted.value));
                    continue;
                }
                let excused = UNREADABLE
                    .iter()
                    .any(|(f, v, _)| *f == fixture.name() && *v == planted.value);
                if excused {
                    continue;
                }
                let hit = page.found.iter().any(|f| {
                    f.category.as_str() == planted.category
                        && page
                            .text
                            .get(f.span.clone())
                            .is_some_and(|s| fold(s) == want)
                });
                let row = table.entry(planted.category.clone()).or_insert((0, 0));
                row.1 += 1;
                if hit {
                    row.0 += 1;
                } else {
                    misses.push(format!(
                        "{} p{n}: {} {:?}",
                        fixture.name(),
                        planted.category,
                        planted.value
                    ));
                }
            }
        }
        for released in &fixture.released {
            for n in &released.pages {
                let page = &pages[n];
                for span in occurrences(&page.text, &released.value) {
                    released_checked += 1;
                    for f in page.found.iter().filter(|f| {
                        f.category != Category::Custom
                            && f.span.start < span.end
                            && span.start < f.span.end
                    }) {
                        released_hit.push(format!(
                            "{} p{n}: released {} {:?} reported as {} {:?}",
                            fixture.name(),
                            released.label,
                            released.value,
                            f.category,
                            &page.text[f.span.clone()]
                        ));
                    }
                }
            }
        }
        for (n, page) in &pages {
            if let Some(dir) = &dump {
                let tag = source.replace(' ', "");
                let path =
                    std::path::Path::new(dir).join(format!("{}-p{n}{tag}.txt", fixture.name()));
                std::fs::write(path, page.text.as_bytes()).unwrap();
            }
            for f in &page.found {
                // On a planted value, or a part of one that the text breaks
                // up ("88 Quarry View Dr" of an address whose city a layout
                // extractor put lines away).
                let part = fold(&page.text[f.span.clone()]);
                let on_planted = page
                    .planted
                    .iter()
                    .any(|p| f.span.start < p.end && p.start < f.span.end)
                    || fixture
                        .planted
                        .iter()
                        .any(|p| part.len() >= 6 && fold(&p.value).contains(&part));
                if !on_planted {
                    stray.push(format!(
                        "{} p{n}: {} {:?}",
                        fixture.name(),
                        f.category,
                        &page.text[f.span.clone()]
                    ));
                }
            }
        }
        // Our reader must show every value pdftotext shows; pdftotext's
        // layout mode may interleave two text columns line by line, so that
        // a value wrapped inside one column is no longer one string.
        assert!(
            !text_fixture || other || not_shown.is_empty(),
            "page text lacks planted values: {not_shown:?}"
        );
    }
    assert!(checked_files >= 25, "only {checked_files} fixtures read");
    assert!(
        released_checked >= 30,
        "only {released_checked} released values seen in page text"
    );

    println!(
        "{:<22} {:>6} {:>8} {:>8}",
        "category", "found", "planted", "recall"
    );
    for (cat, (found, planted)) in &table {
        let pct = 100.0 * *found as f64 / (*planted).max(1) as f64;
        println!("{cat:<22} {found:>6} {planted:>8} {pct:>7.1}%");
    }
    println!("released values checked: {released_checked}");
    for m in &misses {
        println!("missed: {m}");
    }
    for m in &not_shown {
        println!("not in this page text: {m}");
    }
    for m in &released_hit {
        println!("released but reported: {m}");
    }
    for m in &stray {
        println!("stray finding: {m}");
    }

    for cat in Category::ALL {
        if matches!(cat, Category::Custom) {
            continue;
        }
        let (found, planted) = table.get(cat.as_str()).copied().unwrap_or((0, 0));
        assert_eq!(found, planted, "{cat}: recall {found} of {planted}");
    }
    for cat in [
        Category::CardNumber,
        Category::RoutingNumber,
        Category::Ssn,
        Category::BankAccount,
        Category::Phone,
        Category::Address,
    ] {
        assert!(
            table.get(cat.as_str()).is_some_and(|r| r.1 > 0),
            "no planted {cat} values in page text"
        );
    }
    assert!(
        released_hit.is_empty(),
        "released values reported: {released_hit:#?}"
    );
    assert!(stray.is_empty(), "findings on no planted value: {stray:#?}");
}
