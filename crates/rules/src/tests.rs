//! Tests of the built-in packs, proposals, overrides, validation and
//! deadlines, through the public API.

use disclose_detect::Category;
use time::Date;
use time::macros::date;

use crate::{Pack, Problem, Proposal, Rules, RulesError};

const WA: &str = include_str!("../packs/wa.toml");

fn rules() -> Rules {
    Rules::builtin().unwrap()
}

fn exempt_code(p: &Proposal) -> &str {
    match p {
        Proposal::Exempt { code, .. } => code,
        other => panic!("expected exempt, got {other:?}"),
    }
}

// --- Built-in packs --------------------------------------------------------

#[test]
fn every_builtin_pack_validates_and_is_listed() {
    let r = rules();
    let ids: Vec<String> = r.list().into_iter().map(|p| p.id).collect();
    assert_eq!(ids, ["ca", "il", "mt", "us", "wa"]);
    let wa = r.get("wa").unwrap();
    assert_eq!(wa.name(), "Washington — Public Records Act, RCW 42.56");
    for info in r.list() {
        let pack = r.get(&info.id).unwrap();
        assert!(
            pack.disclaimer().contains("not legal advice"),
            "{}",
            info.id
        );
        assert!(!pack.notice().is_empty());
        assert!(!pack.notes().is_empty());
        assert!(pack.code(pack.custom_code()).is_some());
        // Every category has a rule of its own (never the fallback).
        for c in Category::ALL {
            let p = pack.propose(c, None, "doc.pdf").unwrap();
            if let Proposal::Review { test, .. } = &p {
                assert!(!test.contains("has no rule"), "{} lacks {c}", info.id);
            }
        }
        // And each built-in text re-parses on its own.
        let text = Rules::builtin_text(&info.id).unwrap();
        Pack::parse(&info.id, text).unwrap();
    }
    assert!(matches!(
        r.get("xx"),
        Err(RulesError::UnknownJurisdiction(j)) if j == "xx"
    ));
}

#[test]
fn washington_exempts_card_and_account_and_releases_address_and_phone() {
    let r = rules();
    for c in [
        Category::CardNumber,
        Category::BankAccount,
        Category::CardExpiration,
    ] {
        let p = r.propose("wa", c, None, "SCL-bill-0142.pdf").unwrap();
        let Proposal::Exempt {
            code,
            citation,
            explanation,
        } = &p
        else {
            panic!("{c}: {p:?}")
        };
        assert_eq!(code, "RCW 42.56.230(5)");
        assert!(citation.starts_with("RCW 42.56.230(5) ("));
        assert!(explanation.contains(c.label()), "{explanation}");
        assert!(explanation.contains("SCL-bill-0142.pdf"));
        assert!(!explanation.contains('{'));
    }
    for c in [Category::Address, Category::Phone, Category::Email] {
        match r.propose("wa", c, None, "d.pdf").unwrap() {
            Proposal::NotExempt { reason } => {
                assert!(reason.contains("released on purpose"), "{reason}")
            }
            other => panic!("{c}: {other:?}"),
        }
    }
    // Unverified or conditional: review, never exempt.
    for c in [
        Category::RoutingNumber,
        Category::Ssn,
        Category::CardSecurityCode,
    ] {
        assert_eq!(
            r.propose("wa", c, None, "d").unwrap().kind(),
            "review",
            "{c}"
        );
    }
}

#[test]
fn illinois_exempts_card_account_address_phone_email_each_with_citation() {
    let r = rules();
    for c in [
        Category::CardNumber,
        Category::BankAccount,
        Category::Address,
        Category::Phone,
        Category::Email,
        Category::Ssn,
        Category::DriversLicense,
        Category::Password,
    ] {
        let p = r.propose("il", c, None, "permit.pdf").unwrap();
        let Proposal::Exempt {
            code,
            citation,
            explanation,
        } = &p
        else {
            panic!("{c}: {p:?}")
        };
        assert_eq!(code, "5 ILCS 140/7(1)(b)");
        assert!(citation.contains("2(c-5)"));
        assert!(explanation.contains(c.label()) && explanation.contains("permit.pdf"));
    }
    // Each category's explanation names its own item of 2(c-5).
    let phone = r.propose("il", Category::Phone, None, "x").unwrap();
    let email = r.propose("il", Category::Email, None, "x").unwrap();
    assert_ne!(phone, email);
    let dob = r.propose("il", Category::DateOfBirth, None, "x").unwrap();
    assert_eq!(dob.kind(), "review");
    assert_eq!(dob.code(), Some("5 ILCS 140/7(1)(c)"));
}

#[test]
fn montana_proposes_review_for_every_personal_field() {
    let r = rules();
    for c in Category::ALL {
        let p = r.propose("mt", c, None, "x").unwrap();
        if c == Category::Custom {
            assert_eq!(exempt_code(&p), "Mont. Const. Art. II, §9");
        } else {
            let Proposal::Review { test, .. } = &p else {
                panic!("{c}: {p:?}")
            };
            assert!(!test.is_empty());
        }
    }
}

#[test]
fn california_and_federal_decide_nothing_for_the_public() {
    let r = rules();
    for j in ["ca", "us"] {
        for c in Category::ALL.into_iter().filter(|c| *c != Category::Custom) {
            assert_eq!(
                r.propose(j, c, None, "x").unwrap().kind(),
                "review",
                "{j} {c}"
            );
        }
    }
    let p = r.propose("us", Category::Ssn, None, "x").unwrap();
    assert_eq!(p.code(), Some("(b)(6)"));
}

#[test]
fn record_types_change_the_answer() {
    let r = rules();
    // WA utility customer: the address moves from released to review under 330(2).
    let base = r
        .propose("wa", Category::Address, None, "bill.pdf")
        .unwrap();
    assert_eq!(base.kind(), "not_exempt");
    let util = r
        .propose(
            "wa",
            Category::Address,
            Some("utility_customer"),
            "bill.pdf",
        )
        .unwrap();
    let Proposal::Review {
        test,
        code,
        citation,
    } = &util
    else {
        panic!("{util:?}")
    };
    assert_eq!(code.as_deref(), Some("RCW 42.56.330(2)"));
    assert!(citation.as_deref().unwrap().contains("utility"));
    assert!(test.contains("unverified"));
    // Fields the record type does not mention keep the pack's answer.
    let card = r
        .propose("wa", Category::CardNumber, Some("utility_customer"), "b")
        .unwrap();
    assert_eq!(exempt_code(&card), "RCW 42.56.230(5)");
    // WA employee: home address exempt under 250(4).
    let emp = r
        .propose("wa", Category::Address, Some("employee"), "hr.pdf")
        .unwrap();
    assert_eq!(exempt_code(&emp), "RCW 42.56.250(4)");
    // CA employee: birth date exempt under 7928.300(a).
    let ca = r
        .propose("ca", Category::DateOfBirth, Some("employee"), "x")
        .unwrap();
    assert_eq!(exempt_code(&ca), "Gov. Code 7928.300(a)");
    // Federal law enforcement: (b)(7)(C) suggested, custom terms too.
    let le = r
        .propose("us", Category::Address, Some("law_enforcement"), "x")
        .unwrap();
    assert_eq!(le.code(), Some("(b)(7)(C)"));
    let le_custom = r
        .propose("us", Category::Custom, Some("law_enforcement"), "x")
        .unwrap();
    assert_eq!(exempt_code(&le_custom), "(b)(7)(C)");
    // Unknown record type is an error, not a silent default.
    assert!(matches!(
        r.propose("wa", Category::Address, Some("utility"), "x"),
        Err(RulesError::UnknownRecordType { .. })
    ));
    let names: Vec<String> = r
        .get("wa")
        .unwrap()
        .record_types()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(names, ["employee", "utility_customer"]);
}

#[test]
fn custom_terms_take_each_packs_code() {
    let r = rules();
    for (j, code) in [
        ("wa", "RCW 42.56.070(1)"),
        ("ca", "Gov. Code 7922.000"),
        ("il", "5 ILCS 140/7(1)(c)"),
        ("mt", "Mont. Const. Art. II, §9"),
        ("us", "(b)(6)"),
    ] {
        assert_eq!(r.get(j).unwrap().custom_code(), code);
        let p = r.propose(j, Category::Custom, None, "case.pdf").unwrap();
        assert_eq!(exempt_code(&p), code, "{j}");
    }
    // A clerk's chosen code (a --term-code, a change of code).
    let wa = r.get("wa").unwrap();
    let p = wa
        .exempt_under("RCW 42.56.230(5)", Category::Custom, "x")
        .unwrap();
    assert_eq!(exempt_code(&p), "RCW 42.56.230(5)");
    assert!(matches!(
        wa.exempt_under("(b)(6)", Category::Custom, "x"),
        Err(RulesError::UnknownCode { .. })
    ));
}

#[test]
fn proposals_serialize_with_a_kind_tag_and_batch_in_order() {
    let r = rules();
    let wa = r.get("wa").unwrap();
    let batch = wa
        .propose_all(
            &[Category::CardNumber, Category::Address, Category::Ssn],
            None,
            "a.pdf",
        )
        .unwrap();
    let json: Vec<serde_json::Value> = batch
        .iter()
        .map(|p| serde_json::to_value(p).unwrap())
        .collect();
    assert_eq!(json[0]["kind"], "exempt");
    assert_eq!(json[0]["code"], "RCW 42.56.230(5)");
    assert!(json[0]["citation"].as_str().unwrap().starts_with("RCW"));
    assert_eq!(json[1]["kind"], "not_exempt");
    assert!(json[1]["reason"].is_string());
    assert_eq!(json[2]["kind"], "review");
    assert!(json[2]["test"].is_string());
    assert!(json[2].get("code").is_none());
    let back: Proposal = serde_json::from_value(json[0].clone()).unwrap();
    assert_eq!(back, batch[0]);
}

// --- Validation ------------------------------------------------------------

/// The 1-based line of the first occurrence of `needle` in `text`.
/// A needle starting with a newline names the line after it.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let skip = usize::from(needle.starts_with('\n'));
    text[..at + skip].matches('\n').count() + 1
}

fn problems(text: &str) -> Vec<Problem> {
    match Pack::parse("broken.toml", text) {
        Err(RulesError::InvalidPack {
            source_name,
            problems,
        }) => {
            assert_eq!(source_name, "broken.toml");
            assert!(!problems.is_empty());
            problems
        }
        other => panic!("expected an invalid pack, got {other:?}"),
    }
}

/// Replaces the single occurrence of `from` in the WA pack.
fn wa_with(from: &str, to: &str) -> String {
    assert_eq!(WA.matches(from).count(), 1, "{from}");
    WA.replacen(from, to, 1)
}

#[test]
fn validator_names_the_line_of_an_unknown_category() {
    let text = wa_with("[categories.phone]", "[categories.phonee]");
    let p = problems(&text);
    assert_eq!(p[0].line, Some(line_of(&text, "[categories.phonee]")));
    assert!(
        p[0].message.contains("unknown category id 'phonee'"),
        "{}",
        p[0]
    );
}

#[test]
fn validator_names_the_line_of_an_undefined_code() {
    let text = wa_with(
        "[categories.card_number]\nkind = \"exempt\"\ncode = \"RCW 42.56.230(5)\"",
        "[categories.card_number]\nkind = \"exempt\"\ncode = \"RCW 42.56.230(9)\"",
    );
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].line, Some(line_of(&text, "\"RCW 42.56.230(9)\"")));
    assert!(p[0].message.contains("'RCW 42.56.230(9)' is not defined"));
    // The whole error reads with the source name and the line.
    let err = Pack::parse("wa-custom.toml", &text)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid jurisdiction pack wa-custom.toml: line "),
        "{err}"
    );
}

#[test]
fn validator_names_the_line_of_a_missing_citation() {
    let text = wa_with(
        "citation = \"RCW 42.56.420(4) (security passwords and access codes of public computer and telecommunications networks; unverified)\"\n",
        "",
    );
    let p = problems(&text);
    assert_eq!(
        p[0].line,
        Some(line_of(&text, "[codes.\"RCW 42.56.420(4)\"]"))
    );
    assert!(p[0].message.contains("citation"), "{}", p[0]);
}

#[test]
fn validator_rejects_bad_holiday_rules_with_their_lines() {
    let cases = [
        (
            "nth = 4\noffset = 1",
            "nth = 6\noffset = 1",
            "\nnth = 6",
            "nth must be",
        ),
        (
            "name = \"Labor Day\"\nmonth = 9",
            "name = \"Labor Day\"\nmonth = 13",
            "month = 13",
            "month must be 1 to 12",
        ),
        (
            "name = \"Presidents' Day\"\nmonth = 2\nweekday = \"monday\"",
            "name = \"Presidents' Day\"\nmonth = 2\nweekday = \"funday\"",
            "\"funday\"",
            "not a weekday name",
        ),
        (
            "name = \"Juneteenth\"\nmonth = 6\nday = 19",
            "name = \"Juneteenth\"\nmonth = 6\nday = 31",
            "day = 31",
            "not a day of June",
        ),
        (
            "[holidays.memorial]\nname = \"Memorial Day\"\nmonth = 5\nweekday = \"monday\"\nnth = -1",
            "[holidays.memorial]\nname = \"Memorial Day\"\nmonth = 5\nday = 25\nweekday = \"monday\"\nnth = -1",
            "[holidays.memorial]",
            "give either month and day",
        ),
    ];
    let text = format!("{WA}\n[holidays.bad]\nname = \"x\"\ndate = 2026-12-24T10:00:00\n");
    let p = problems(&text);
    assert_eq!(p[0].line, Some(line_of(&text, "date = 2026-12-24T")));
    for (from, to, at, message) in cases {
        let text = wa_with(from, to);
        let p = problems(&text);
        assert_eq!(p[0].line, Some(line_of(&text, at)), "{to}: {p:?}");
        assert!(p[0].message.contains(message), "{to}: {}", p[0]);
    }
}

#[test]
fn validator_reports_syntax_schema_and_template_errors_with_lines() {
    // TOML syntax.
    let text = wa_with("[deadline]\ndays = 5", "[deadline]\ndays = = 5");
    let p = problems(&text);
    assert_eq!(p[0].line, Some(line_of(&text, "days = = 5")));
    // A misspelt key.
    let text = wa_with(
        "[codes.\"RCW 42.56.230(5)\"]\ncitation",
        "[codes.\"RCW 42.56.230(5)\"]\ncitaton",
    );
    let p = problems(&text);
    assert_eq!(p[0].line, Some(line_of(&text, "citaton")));
    assert!(p[0].message.contains("citaton"), "{}", p[0]);
    // A bad proposal kind.
    let text = wa_with(
        "[categories.email]\nkind = \"not_exempt\"",
        "[categories.email]\nkind = \"maybe\"",
    );
    let p = problems(&text);
    assert_eq!(p[0].line, Some(line_of(&text, "\"maybe\"")));
    // An unknown placeholder.
    let text = wa_with(
        "explanation = \"The {category} in {document} was redacted. RCW 42.56.230(5)",
        "explanation = \"The {categroy} in {document} was redacted. RCW 42.56.230(5)",
    );
    let p = problems(&text);
    assert!(p[0].message.contains("'{categroy}'"), "{}", p[0]);
    assert_eq!(p[0].line, Some(line_of(&text, "{categroy}")));
    // An exempt proposal without a code, and a not_exempt with a code.
    let text = wa_with(
        "[categories.card_expiration]\nkind = \"exempt\"\ncode = \"RCW 42.56.230(5)\"",
        "[categories.card_expiration]\nkind = \"exempt\"",
    );
    let p = problems(&text);
    assert!(p[0].message.contains("needs a code"), "{}", p[0]);
    // Deadline out of range and an undefined custom code: both reported.
    let text = wa_with("days = 5\n", "days = 0\n").replacen(
        "custom_code = \"RCW 42.56.070(1)\"",
        "custom_code = \"RCW 1\"",
        1,
    );
    let p = problems(&text);
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(p[0].line, Some(line_of(&text, "custom_code")));
    assert_eq!(p[1].line, Some(line_of(&text, "days = 0")));
    // A custom entry in categories.
    let text =
        format!("{WA}\n[categories.custom]\nkind = \"exempt\"\ncode = \"RCW 42.56.230(5)\"\n");
    let p = problems(&text);
    assert!(p[0].message.contains("custom_code"), "{}", p[0]);
    // Missing top-level keys have no line but say which key.
    let p = problems("id = \"x\"\n");
    assert!(
        p.iter()
            .any(|p| p.message.contains("'name'") && p.line.is_none())
    );
    assert!(p.iter().any(|p| p.message.contains("[deadline]")));
}

#[test]
fn bytes_must_be_utf8_and_may_carry_a_bom() {
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(WA.as_bytes());
    assert_eq!(Pack::parse_bytes("wa.toml", &with_bom).unwrap().id(), "wa");
    let bad = b"id = \"wa\"\nname = \"\xFF\"\n";
    let p = match Pack::parse_bytes("bad.toml", bad) {
        Err(RulesError::InvalidPack { problems, .. }) => problems,
        other => panic!("{other:?}"),
    };
    assert_eq!(p[0].line, Some(2));
    assert!(p[0].message.contains("UTF-8"));
}

// --- Overrides -------------------------------------------------------------

#[test]
fn merge_override_replaces_and_adds_entries() {
    let mut r = rules();
    let text = r#"
id = "wa"
mode = "merge"
custom_code = "RCW 42.56.240(1)"
notes = ["City of Example: investigative records default."]

[codes."RCW 42.56.240(1)"]
citation = "RCW 42.56.240(1) (specific intelligence and investigative records)"
explanation = "The {category} in {document} was redacted under {code}."

[categories.phone]
kind = "review"
test = "Our counsel reviews every phone number."

[holidays.indigenous_peoples]
name = "Indigenous Peoples' Day"
month = 10
weekday = "monday"
nth = 2

[holidays.proclaimed]
name = "Christmas Eve (proclaimed)"
date = 2026-12-24
"#;
    let pack = r.load_override("example.toml", text).unwrap();
    assert_eq!(pack.custom_code(), "RCW 42.56.240(1)");
    assert_eq!(
        pack.notes().last().unwrap(),
        "City of Example: investigative records default."
    );
    assert!(pack.notes().len() > 1, "base notes kept");
    assert!(!pack.is_business_day(date!(2026 - 10 - 12)));
    assert!(!pack.is_business_day(date!(2026 - 12 - 24)));
    assert!(pack.is_business_day(date!(2027 - 12 - 23)));
    // Received Tuesday Dec 22: Wed 23 (1), Thu 24 proclaimed, Fri 25
    // Christmas, Mon 28 (2), Tue (3), Wed (4), Thu 31 (5).
    assert_eq!(
        pack.due_date(date!(2026 - 12 - 22)).unwrap(),
        date!(2026 - 12 - 31)
    );
    assert_eq!(
        r.propose("wa", Category::Phone, None, "x").unwrap().kind(),
        "review"
    );
    // Untouched entries keep the built-in answer.
    let card = r.propose("wa", Category::CardNumber, None, "x").unwrap();
    assert_eq!(exempt_code(&card), "RCW 42.56.230(5)");
    let custom = r.propose("wa", Category::Custom, None, "memo.pdf").unwrap();
    let Proposal::Exempt { explanation, .. } = custom else {
        panic!()
    };
    assert_eq!(
        explanation,
        "The custom term in memo.pdf was redacted under RCW 42.56.240(1)."
    );
}

#[test]
fn override_errors_name_the_override_line_and_change_nothing() {
    let mut r = rules();
    let text = "id = \"wa\"\nmode = \"merge\"\n\n[categories.address]\nkind = \"exempt\"\ncode = \"RCW 42.56.999\"\n";
    let err = r.load_override("city.toml", text).unwrap_err();
    let RulesError::InvalidPack {
        source_name,
        problems,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(source_name, "city.toml");
    assert_eq!(problems[0].line, Some(6));
    assert_eq!(
        r.propose("wa", Category::Address, None, "x")
            .unwrap()
            .kind(),
        "not_exempt"
    );
    // Merging into a pack that is not loaded.
    let err = r
        .load_override("x.toml", "id = \"zz\"\nmode = \"merge\"\n")
        .unwrap_err();
    assert!(err.to_string().contains("'zz'"), "{err}");
    assert!(r.get("zz").is_err());
}

#[test]
fn replace_override_adds_or_replaces_a_whole_pack() {
    let mut r = rules();
    let seattle = WA
        .replacen("id = \"wa\"", "id = \"wa-seattle\"", 1)
        .replacen(
            "name = \"Washington — Public Records Act, RCW 42.56\"",
            "name = \"Seattle — Public Records Act\"",
            1,
        );
    r.load_override_bytes("seattle.toml", seattle.as_bytes())
        .unwrap();
    assert_eq!(r.list().len(), 6);
    assert_eq!(
        r.get("wa-seattle").unwrap().name(),
        "Seattle — Public Records Act"
    );
    // A replacement must be complete: it does not inherit from the built-in.
    let err = r
        .load_override("partial.toml", "id = \"wa\"\nname = \"Partial\"\n")
        .unwrap_err();
    assert!(err.to_string().contains("custom_code"), "{err}");
    assert_eq!(
        r.get("wa").unwrap().name(),
        "Washington — Public Records Act, RCW 42.56"
    );
}

#[test]
fn override_file_is_read_from_the_given_path_only() {
    let mut r = rules();
    let missing = std::path::Path::new("/nonexistent/disclose/pack.toml");
    assert!(matches!(
        r.load_override_file(missing),
        Err(RulesError::Read { .. })
    ));
    let path = std::env::temp_dir().join(format!("disclose-rules-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "id = \"il\"\nmode = \"merge\"\ncustom_code = \"5 ILCS 140/7(1)(b)\"\n",
    )
    .unwrap();
    let code = r
        .load_override_file(&path)
        .unwrap()
        .custom_code()
        .to_string();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(code, "5 ILCS 140/7(1)(b)");
}

// --- Deadlines and holidays ------------------------------------------------

fn due(j: &str, received: Date) -> Date {
    rules().due_date(j, received).unwrap()
}

#[test]
fn washington_deadline_skips_thanksgiving_friday_and_weekends() {
    // Wed 11-25 received; Thu 11-26 Thanksgiving and Fri 11-27 Native
    // American Heritage Day; weekend; Mon 11-30 is day 1 -> Fri 12-04.
    assert_eq!(due("wa", date!(2026 - 11 - 25)), date!(2026 - 12 - 04));
    // July 4, 2026 is a Saturday: observed Friday July 3.
    assert_eq!(due("wa", date!(2026 - 07 - 02)), date!(2026 - 07 - 10));
    // An ordinary week: Monday -> next Monday.
    assert_eq!(due("wa", date!(2026 - 03 - 02)), date!(2026 - 03 - 09));
    // Received on a Saturday: Monday is day 1.
    assert_eq!(due("wa", date!(2026 - 03 - 07)), date!(2026 - 03 - 13));
    let wa = rules();
    let wa = wa.get("wa").unwrap();
    // Juneteenth 2022 fell on a Sunday: observed Monday June 20.
    assert!(!wa.is_business_day(date!(2022 - 06 - 20)));
    // Juneteenth is a WA holiday only from 2022.
    assert!(wa.is_business_day(date!(2021 - 06 - 18)));
    let h = wa.holidays(2026);
    assert_eq!(h.len(), 11);
    assert!(
        h.iter()
            .any(|h| h.date == date!(2026 - 07 - 03) && h.name == "Independence Day (observed)")
    );
    assert_eq!(wa.deadline().citation, "RCW 42.56.520(1)");
}

#[test]
fn federal_deadline_counts_twenty_working_days_over_observed_holidays() {
    // Christmas 2026 is a Friday.
    assert_eq!(due("us", date!(2026 - 12 - 01)), date!(2026 - 12 - 30));
    // Christmas 2027 and New Year's Day 2028 fall on Saturdays: observed
    // Friday 12-24 and Friday 12-31-2027; MLK Day is 2028-01-17.
    assert_eq!(due("us", date!(2027 - 12 - 22)), date!(2028 - 01 - 24));
    let us = rules();
    let us = us.get("us").unwrap();
    // Juneteenth 2021 (Saturday) observed Friday June 18.
    assert!(!us.is_business_day(date!(2021 - 06 - 18)));
    // Christmas 2022 (Sunday) observed Monday December 26.
    assert!(!us.is_business_day(date!(2022 - 12 - 26)));
    assert!(
        us.holidays(2027)
            .iter()
            .any(|h| h.date == date!(2027 - 12 - 31) && h.name == "New Year's Day (observed)")
    );
}

#[test]
fn illinois_and_montana_skip_general_election_day_in_even_years() {
    // Nov 3, 2026 (Tuesday after the first Monday) is General Election Day.
    assert_eq!(due("il", date!(2026 - 11 - 02)), date!(2026 - 11 - 10));
    // Montana: received Friday Oct 30; Tue Nov 3 skipped -> Mon Nov 9.
    assert_eq!(due("mt", date!(2026 - 10 - 30)), date!(2026 - 11 - 09));
    let r = rules();
    for j in ["il", "mt"] {
        let p = r.get(j).unwrap();
        assert!(!p.is_business_day(date!(2026 - 11 - 03)), "{j}");
        // 2027 is odd: no general election holiday.
        assert!(p.is_business_day(date!(2027 - 11 - 02)), "{j}");
    }
    // Montana: Christmas 2027 (Saturday) observed Friday Dec 24.
    assert!(!r.get("mt").unwrap().is_business_day(date!(2027 - 12 - 24)));
    // Illinois: the day after Thanksgiving is a State holiday; WA too, MT not.
    assert!(!r.get("il").unwrap().is_business_day(date!(2026 - 11 - 27)));
    assert!(r.get("mt").unwrap().is_business_day(date!(2026 - 11 - 27)));
    // Illinois Lincoln's Birthday: Feb 12, 2023 was a Sunday -> Monday 13.
    assert!(!r.get("il").unwrap().is_business_day(date!(2023 - 02 - 13)));
}

#[test]
fn california_counts_calendar_days_and_rolls_forward_only_when_told() {
    // 10 calendar days from Monday Nov 16 is Thanksgiving: not moved.
    assert_eq!(due("ca", date!(2026 - 11 - 16)), date!(2026 - 11 - 26));
    assert_eq!(due("ca", date!(2026 - 12 - 15)), date!(2026 - 12 - 25));
    let mut r = rules();
    r.load_override(
        "ca-roll.toml",
        "id = \"ca\"\nmode = \"merge\"\n[deadline]\ndays = 10\nunit = \"calendar\"\nroll_forward = true\ncitation = \"Gov. Code 7922.535(a); Gov. Code 6707\"\n",
    )
    .unwrap();
    // Thanksgiving -> Friday (not a Gov. Code 6700 holiday).
    assert_eq!(
        r.due_date("ca", date!(2026 - 11 - 16)).unwrap(),
        date!(2026 - 11 - 27)
    );
    // Christmas Friday -> weekend -> Monday Dec 28.
    assert_eq!(
        r.due_date("ca", date!(2026 - 12 - 15)).unwrap(),
        date!(2026 - 12 - 28)
    );
    // California moves a Saturday Nov 11 to Friday but leaves a Saturday
    // July 4 alone (Gov. Code 6701): 2026-07-03 is a business day.
    let ca = r.get("ca").unwrap();
    assert!(ca.is_business_day(date!(2026 - 07 - 03)));
    assert!(!ca.is_business_day(date!(2023 - 11 - 10)));
}

#[test]
fn holidays_serialize_with_iso_dates() {
    let r = rules();
    let h = r.get("us").unwrap().holidays(2026);
    let json = serde_json::to_value(&h[0]).unwrap();
    assert_eq!(json["date"], "2026-01-01");
    assert_eq!(json["name"], "New Year's Day");
}
