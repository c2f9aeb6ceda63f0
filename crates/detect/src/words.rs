//! Readers driven by a context word: the value after "Password:" and a
//! birth date written with its month's name.

use crate::text::{skip_blanks, skip_space};

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1-12) named by a word: full name or a 3-letter abbreviation
/// ("Sept" too).
fn month(w: &str) -> Option<u32> {
    let w = w.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() <= 4 && m.starts_with(&w)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn alpha_word(t: &[u8], p: usize) -> Option<(usize, &str)> {
    let n = t
        .get(p..)?
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let s = std::str::from_utf8(t.get(p..p + n)?).ok()?;
    (n > 0).then_some((p + n, s))
}

fn number(t: &[u8], p: usize, max: usize) -> Option<(usize, u32)> {
    let n = t
        .get(p..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0
        || n > max
        || t.get(p + n).is_some_and(u8::is_ascii_alphanumeric) && !is_ordinal_tail(t, p + n)
    {
        return None;
    }
    let v = std::str::from_utf8(t.get(p..p + n)?).ok()?.parse().ok()?;
    Some((p + n, v))
}

fn is_ordinal_tail(t: &[u8], p: usize) -> bool {
    matches!(t.get(p..p + 2), Some(b"st" | b"nd" | b"rd" | b"th"))
}

/// "March 4, 1987", "Mar. 4 1987", "4 March 1987", "4th of March, 1987":
/// returns the end and the date as YYYY-MM-DD.
pub(crate) fn parse_month_date(t: &[u8], p: usize) -> Option<(usize, String)> {
    let (m, d, after_day) = if let Some((e, w)) = alpha_word(t, p) {
        let m = month(w)?;
        let e = if t.get(e) == Some(&b'.') { e + 1 } else { e };
        let (de, d) = number(t, skip_blanks(t, e), 2)?;
        let de = if is_ordinal_tail(t, de) { de + 2 } else { de };
        (m, d, de)
    } else {
        let (de, d) = number(t, p, 2)?;
        let de = if is_ordinal_tail(t, de) { de + 2 } else { de };
        let q = skip_blanks(t, de);
        let q = if t.get(q..q + 3) == Some(b"of ") {
            q + 3
        } else {
            q
        };
        let (me, w) = alpha_word(t, q)?;
        let m = month(w)?;
        let me = if t.get(me) == Some(&b'.') { me + 1 } else { me };
        (m, d, me)
    };
    let mut q = after_day;
    if t.get(q) == Some(&b',') {
        q += 1;
    }
    let (ye, y) = number(t, skip_blanks(t, q), 4)?;
    if !(1900..=2100).contains(&y) || !(1..=31).contains(&d) {
        return None;
    }
    Some((ye, format!("{y:04}-{m:02}-{d:02}")))
}

/// Words that follow "password" in prose without being one.
const NOT_VALUES: &[&str] = &[
    "is",
    "was",
    "the",
    "a",
    "an",
    "and",
    "or",
    "to",
    "for",
    "of",
    "on",
    "in",
    "reset",
    "resets",
    "changed",
    "change",
    "required",
    "protected",
    "policy",
    "policies",
    "expired",
    "incorrect",
    "invalid",
    "field",
    "manager",
    "number",
    "no",
    "none",
    "n/a",
    "na",
    "not",
    "provided",
    "redacted",
    "withheld",
    "will",
    "must",
    "should",
    "has",
    "have",
    "had",
    "be",
    "been",
    "that",
    "this",
    "it",
    "you",
    "your",
    "his",
    "her",
    "their",
    "our",
    "new",
    "old",
    "temporary",
    "same",
    "blank",
    "unknown",
    "pending",
    "below",
    "above",
    "sent",
    "via",
    "valid",
    "correct",
    "wrong",
    "strong",
    "weak",
    "optional",
    "stored",
    "hashed",
    "encrypted",
    "needed",
    "shown",
    "hidden",
    "empty",
    "case-sensitive",
];

/// Words that may stand between "password" and its "is"/"was" in prose
/// ("the password it gave me was ...", "my PIN for the portal is ...").
/// Only these: "password policy is 12 characters" or "password length was
/// 128" name a property of passwords, not one.
const BRIDGE: &[&str] = &[
    "it",
    "they",
    "he",
    "she",
    "we",
    "you",
    "i",
    "gave",
    "give",
    "gives",
    "given",
    "me",
    "him",
    "her",
    "us",
    "them",
    "sent",
    "emailed",
    "texted",
    "issued",
    "assigned",
    "set",
    "chose",
    "picked",
    "used",
    "uses",
    "use",
    "for",
    "the",
    "my",
    "his",
    "their",
    "our",
    "your",
    "to",
    "that",
    "account",
    "portal",
    "site",
    "login",
    "system",
    "app",
    "door",
    "gate",
    "wifi",
    "wi-fi",
    "then",
    "now",
    "still",
    "currently",
    "always",
];

/// After a label, the start of the value in prose: "is ", "was ", "of ",
/// "is: ", or up to four [`BRIDGE`] words and then "is"/"was" (the value
/// may open the next line).
fn prose_cue(t: &[u8], q: usize) -> Option<usize> {
    let verb = |p: usize| -> Option<usize> {
        for w in [&b"is: "[..], b"is ", b"was ", b"of ", b"is\n", b"was\n"] {
            if t.get(p..p + w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w))
            {
                return Some(skip_space(t, p + w.len() - 1, 1));
            }
        }
        None
    };
    if let Some(v) = verb(q) {
        return Some(v);
    }
    let mut p = q;
    for _ in 0..4 {
        let n = t
            .get(p..)?
            .iter()
            .take_while(|b| b.is_ascii_alphabetic() || **b == b'-')
            .count();
        let w = std::str::from_utf8(t.get(p..p + n)?).ok()?;
        if n == 0 || !BRIDGE.iter().any(|b| b.eq_ignore_ascii_case(w)) {
            return None;
        }
        if t.get(p + n) != Some(&b' ') {
            return None;
        }
        p = skip_blanks(t, p + n);
        if let Some(v) = verb(p) {
            return Some(v);
        }
    }
    None
}

/// The value after a password, PIN or access-code label ending at `p`, as
/// (start, end). With a ':' or '=' after the label, any token is taken; after
/// "is"/"was", a token holding a digit or a symbol; with nothing between, a
/// token holding a digit ("PIN 4821").
pub(crate) fn password_value(t: &[u8], p: usize) -> Option<(usize, usize)> {
    let mut q = skip_blanks(t, p);
    // "Password (temporary):"
    if t.get(q) == Some(&b'(')
        && let Some(close) = t
            .get(q..)
            .and_then(|r| r.iter().take(24).position(|&b| b == b')'))
    {
        q = skip_blanks(t, q + close + 1);
    }
    let mut strong = false;
    let mut prose = false;
    if matches!(t.get(q), Some(b':' | b'=')) {
        strong = true;
        q = skip_space(t, q + 1, 1);
    } else if matches!(t.get(q), Some(b'-' | b'#')) && t.get(q + 1) == Some(&b' ') {
        strong = true;
        q = skip_blanks(t, q + 1);
    } else if let Some(v) = prose_cue(t, q) {
        prose = true;
        q = v;
    }
    // Quoted value.
    let quoted = matches!(t.get(q), Some(b'"' | b'\''));
    let s = if quoted { q + 1 } else { q };
    let mut e = s;
    while let Some(&b) = t.get(e) {
        if (b.is_ascii_whitespace() && !(quoted && b == b' '))
            || (quoted && (b == b'"' || b == b'\''))
            || e - s >= 64
        {
            break;
        }
        e += 1;
    }
    // Sentence punctuation after the value.
    while e > s && matches!(t.get(e - 1), Some(b'.' | b',' | b';' | b')' | b'"' | b'\'')) {
        e -= 1;
    }
    // Never end inside a multi-byte character.
    while e > s && t.get(e).is_some_and(|&b| (0x80..0xC0).contains(&b)) {
        e -= 1;
    }
    let v = t.get(s..e)?;
    if v.len() < 3
        || v.iter()
            .all(|b| matches!(b, b'_' | b'*' | b'X' | b'x' | b'-' | b'.'))
    {
        return None;
    }
    let lower = String::from_utf8_lossy(v).to_ascii_lowercase();
    // The word itself, without quotes or marks around it ("valid\&", " and ").
    let core = lower.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if NOT_VALUES.contains(&lower.as_str())
        || NOT_VALUES.contains(&core)
        || lower.starts_with('[')
        || lower.starts_with('(')
        || lower.starts_with(' ')
        || lower.starts_with('\\')
    {
        return None;
    }
    let has_digit = v.iter().any(u8::is_ascii_digit);
    let has_symbol = v.iter().any(|b| !b.is_ascii_alphanumeric());
    let mixed = v.iter().any(u8::is_ascii_uppercase) && v.iter().any(u8::is_ascii_lowercase);
    let ok = if strong {
        true
    } else if prose {
        has_digit || has_symbol || mixed
    } else {
        has_digit && v.len() <= 16
    };
    ok.then_some((s, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(t: &str) -> Option<&str> {
        password_value(t.as_bytes(), 0).map(|(s, e)| &t[s..e])
    }

    #[test]
    fn password_values() {
        assert_eq!(pw(": Tr0ub4dor&3\n"), Some("Tr0ub4dor&3"));
        assert_eq!(pw(" is BlueHorse77."), Some("BlueHorse77"));
        assert_eq!(pw(" 4821 on file"), Some("4821"));
        assert_eq!(pw(" reset requests"), None);
        assert_eq!(pw(" is required"), None);
        assert_eq!(pw(": ________"), None);
        assert_eq!(pw(" policy applies"), None);
        assert_eq!(pw(" (temporary): Rain-77"), Some("Rain-77"));
        assert_eq!(pw(" = \"open sesame\""), Some("open sesame"));
        // Words between the label and its verb, the value on the next line.
        assert_eq!(
            pw(" it gave me was\nTidewater#5521 but"),
            Some("Tidewater#5521")
        );
        assert_eq!(pw(" for the portal is Bl4ck-Cat!"), Some("Bl4ck-Cat!"));
        assert_eq!(pw(" policy is 12 characters"), None);
        assert_eq!(pw(" length was 128 bits"), None);
        assert_eq!(pw(" it gave me was wrong"), None);
        assert_eq!(pw(" reset link was sent"), None);
        assert_eq!(pw(" is valid\\&. When"), None);
        assert_eq!(pw(":\" and \"group:\" lines"), None);
    }

    #[test]
    fn month_dates() {
        let d = |t: &str| parse_month_date(t.as_bytes(), 0).map(|(e, v)| (t[..e].to_string(), v));
        assert_eq!(
            d("March 4, 1987 x"),
            Some(("March 4, 1987".into(), "1987-03-04".into()))
        );
        assert_eq!(
            d("Sept. 30 2001"),
            Some(("Sept. 30 2001".into(), "2001-09-30".into()))
        );
        assert_eq!(
            d("4th of July, 1976"),
            Some(("4th of July, 1976".into(), "1976-07-04".into()))
        );
        assert_eq!(d("May be late"), None);
        assert_eq!(d("March 40, 1987"), None);
    }
}
