//! What the workflow and CLI tests need from fixtures/manifest.toml, read
//! leniently (only path, pages and the planted values' value, category and
//! in_page_text) so that new manifest keys never break these tests.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;

/// A fixture's planted value.
#[derive(Debug, Clone)]
pub struct Planted {
    pub value: String,
    pub category: String,
    pub in_page_text: bool,
}

/// A fixture as these tests see it.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub path: String,
    pub pages: u32,
    pub planted: Vec<Planted>,
}

impl Fixture {
    pub fn full_path(&self) -> PathBuf {
        disclose_tests::fixtures_dir().join(&self.path)
    }
}

/// The fixture at `path` (relative to fixtures/).
pub fn fixture(path: &str) -> Fixture {
    let text =
        std::fs::read_to_string(disclose_tests::fixtures_dir().join("manifest.toml")).unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    let fx = doc["fixture"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str() == Some(path))
        .unwrap_or_else(|| panic!("{path} is not in the manifest"));
    Fixture {
        path: path.to_string(),
        pages: u32::try_from(fx["pages"].as_integer().unwrap()).unwrap(),
        planted: fx
            .get("planted")
            .and_then(|p| p.as_array())
            .map(|a| {
                a.iter()
                    .map(|p| Planted {
                        value: p["value"].as_str().unwrap().to_string(),
                        category: p["category"].as_str().unwrap().to_string(),
                        in_page_text: p["in_page_text"].as_bool().unwrap_or(false),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when a finding (its text as printed and its normalized value) is
/// the planted `value`: same digits for numbers, same words otherwise (a
/// value may wrap onto the next line).
pub fn is_planted(text: &str, normalized: &str, value: &str) -> bool {
    let d = digits(value);
    let mostly_digits = d.len() * 2 > value.chars().filter(|c| !c.is_whitespace()).count();
    if mostly_digits {
        digits(text) == d || digits(normalized) == d
    } else {
        words(text).contains(&words(value))
    }
}
