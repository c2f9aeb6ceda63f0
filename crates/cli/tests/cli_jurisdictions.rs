//! The same document under two jurisdictions (issue 5's bar): Washington
//! proposes the card and account numbers and releases the home address and
//! phone with a reason; Illinois proposes all of them, each with its code and
//! citation. Runs the real binary's one-shot `scan-file --json`.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// The utility bill's planted values (fixtures/manifest.toml).
const CARD: &str = "4111 1111 1111 1111";
const ACCOUNT: &str = "000123456789";
const ADDRESS: &str = "1427 Alder Crest Ln, Lakemont, WA 98516";
const PHONE: &str = "(360) 555-0142";

fn scan(jurisdiction: &str) -> Vec<Value> {
    let pdf = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/text/utility-bill-reportlab.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .arg("scan-file")
        .arg(&pdf)
        .args(["--jurisdiction", jurisdiction, "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["findings"].as_array().unwrap().clone()
}

/// The proposal of the finding whose printed text is `text`.
fn proposal<'a>(findings: &'a [Value], category: &str, text: &str) -> &'a Value {
    let digits = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    let f = findings
        .iter()
        .find(|f| f["category"] == category && digits(f["text"].as_str().unwrap()) == digits(text))
        .unwrap_or_else(|| panic!("no {category} finding for {text:?} in {findings:#?}"));
    assert!(
        !f["quads"].as_array().unwrap().is_empty(),
        "{text:?} has no quads"
    );
    &f["proposal"]
}

fn assert_exempt(p: &Value, code_prefix: &str) {
    assert_eq!(p["kind"], "exempt", "{p}");
    assert!(p["code"].as_str().unwrap().starts_with(code_prefix), "{p}");
    assert!(!p["citation"].as_str().unwrap().is_empty(), "{p}");
}

#[test]
fn washington_withholds_card_and_account_and_releases_address_and_phone() {
    let f = scan("wa");
    assert_exempt(proposal(&f, "card_number", CARD), "RCW 42.56.230(5)");
    assert_exempt(proposal(&f, "bank_account", ACCOUNT), "RCW 42.56.230(5)");
    for (cat, text) in [("address", ADDRESS), ("phone", PHONE)] {
        let p = proposal(&f, cat, text);
        assert_eq!(p["kind"], "not_exempt", "{cat}: {p}");
        assert!(
            p["reason"].as_str().unwrap().contains("released"),
            "{cat}: {p}"
        );
    }
}

#[test]
fn illinois_withholds_all_four_with_citations() {
    let f = scan("il");
    for (cat, text) in [
        ("card_number", CARD),
        ("bank_account", ACCOUNT),
        ("address", ADDRESS),
        ("phone", PHONE),
    ] {
        assert_exempt(proposal(&f, cat, text), "5 ILCS 140/7(1)");
    }
}
