//! `disclose text`: exit codes, messages and the JSON shape.

use std::process::Command;

fn disclose() -> Command {
    Command::new(env!("CARGO_BIN_EXE_disclose"))
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/text")
        .join(name)
}

#[test]
fn text_prints_pages_separated_by_form_feeds() {
    let path = fixture("utility-bill-reportlab.pdf");
    if !path.exists() {
        eprintln!("fixture missing: skipping");
        return;
    }
    let out = disclose().arg("text").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Margaret A. Holloway"));
    assert!(text.ends_with('\u{c}'));
}

#[test]
fn json_has_the_contracted_shape() {
    let path = fixture("utility-bill-reportlab.pdf");
    if !path.exists() {
        return;
    }
    let out = disclose()
        .args(["text", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let page = &v["pages"][0];
    assert_eq!(page["number"], 1);
    assert!(page["width"].as_f64().unwrap() > 0.0);
    assert!(page["rotation"].is_u64());
    assert_eq!(page["reliability"]["verdict"], "ok");
    assert!(page["reliability"]["reasons"].is_array());
    assert!(page["text"].as_str().unwrap().contains("UTILITY BILLING"));
    let w = &page["words"][0];
    for key in ["text", "x_min", "y_min", "x_max", "y_max"] {
        assert!(!w[key].is_null(), "missing {key}");
    }
}

#[test]
fn errors_are_plain_words_with_exit_code_1() {
    let dir = std::env::temp_dir().join(format!("disclose-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let not_pdf = dir.join("letter.pdf");
    std::fs::write(&not_pdf, "Dear clerk, this is not a PDF").unwrap();
    let out = disclose().arg("text").arg(&not_pdf).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(msg.contains("is not a PDF file"), "{msg}");

    let locked = fixture("encrypted-aes256-userpw-qpdf.pdf");
    if locked.exists() {
        let out = disclose().arg("text").arg(&locked).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(msg.contains("password-protected"), "{msg}");
    }
    let out = disclose()
        .arg("text")
        .arg(dir.join("missing.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_with_2() {
    let out = disclose().arg("text").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = disclose()
        .args(["text", "--bogus", "x.pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
