//! E-mail addresses, found from their '@'.

/// An e-mail address found around an '@'.
pub(crate) struct EmailMatch {
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub confidence: f32,
}

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// Mailboxes of an organization rather than a person.
const ROLE_MAILBOXES: &[&str] = &[
    "records",
    "publicrecords",
    "public.records",
    "clerk",
    "cityclerk",
    "info",
    "noreply",
    "no-reply",
    "donotreply",
    "admin",
    "support",
    "webmaster",
    "contact",
    "help",
    "office",
    "permits",
    "utilities",
    "billing",
    "service",
    "customerservice",
    "accounts",
    "payments",
    "hr",
    "press",
    "media",
    "council",
    "mayor",
    "foia",
    "pra",
    "dispatch",
    "parks",
    "recreation",
    "reservations",
    "finance",
    "purchasing",
    "payroll",
    "planning",
    "building",
    "police",
    "fire",
    "water",
    "public",
    "city",
    "licensing",
];

/// Domain labels that name a local government ("city.example.org",
/// "cityoflacey.org", "co.thurston.wa.us" is caught by ".us").
fn government_label(l: &str) -> bool {
    matches!(l, "city" | "county" | "town" | "village" | "ci" | "co")
        || l.starts_with("cityof")
        || l.starts_with("townof")
        || l.starts_with("countyof")
}

/// Parses the e-mail address whose '@' is at `at`. Government domains (.gov,
/// .mil, state .us domains) and role mailboxes (records@, info@) are an
/// agency's or a business's, not a person's, and are not returned.
pub(crate) fn parse_email(text: &[u8], at: usize) -> Option<EmailMatch> {
    let mut s = at;
    while s > 0 && at - s < 64 && text.get(s - 1).is_some_and(|&b| is_local(b)) {
        s -= 1;
    }
    // The local part starts and ends with a letter or digit.
    while s < at && !text.get(s).is_some_and(u8::is_ascii_alphanumeric) {
        s += 1;
    }
    if s == at || !text.get(at - 1).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut e = at + 1;
    while e - at < 255 && text.get(e).is_some_and(|&b| is_domain(b)) {
        e += 1;
    }
    // Trailing dots and dashes belong to the sentence.
    while e > at + 1 && matches!(text.get(e - 1), Some(b'.' | b'-')) {
        e -= 1;
    }
    let domain = text.get(at + 1..e)?;
    let labels: Vec<&[u8]> = domain.split(|&b| b == b'.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    let tld = labels.last()?;
    if tld.len() < 2 || tld.len() > 24 || !tld.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let value = String::from_utf8_lossy(text.get(s..e)?).to_lowercase();
    let dom = value.rsplit('@').next().unwrap_or("");
    if dom.ends_with(".gov") || dom.ends_with(".mil") || dom.ends_with(".us") {
        return None;
    }
    let mut dom_labels: Vec<&str> = dom.split('.').collect();
    dom_labels.pop();
    if dom_labels.iter().any(|l| government_label(l)) {
        return None;
    }
    // A mailbox made only of role words ("records", "parks.reservations").
    let local = value.split('@').next().unwrap_or("");
    if ROLE_MAILBOXES.contains(&local)
        || local
            .split(['.', '_', '-'])
            .all(|w| ROLE_MAILBOXES.contains(&w))
    {
        return None;
    }
    Some(EmailMatch {
        start: s,
        end: e,
        value,
        confidence: 0.9,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(t: &str) -> Option<String> {
        let at = t.find('@')?;
        parse_email(t.as_bytes(), at).map(|m| t[m.start..m.end].to_string())
    }

    #[test]
    fn finds_and_trims() {
        assert_eq!(
            find("mail J.Smith42@Gmail.com.").as_deref(),
            Some("J.Smith42@Gmail.com")
        );
        assert_eq!(
            find("<ann-lee@comcast.net>").as_deref(),
            Some("ann-lee@comcast.net")
        );
        assert_eq!(find("a @ b"), None);
        assert_eq!(find("x@localhost"), None);
        assert_eq!(find("@handle"), None);
    }

    #[test]
    fn agency_mailboxes_are_not_personal() {
        assert_eq!(find("records@cityofolympia.org"), None);
        assert_eq!(find("jdoe@ci.olympia.wa.us"), None);
        assert_eq!(find("jdoe@seattle.gov"), None);
        assert_eq!(find("parks.reservations@example.org"), None);
        assert_eq!(find("ann.lee@city.example.org"), None);
        assert_eq!(find("jlee@cityoflacey.org"), None);
        // A person's name with a role word in it is still a person's.
        assert_eq!(
            find("john.parks@gmail.com").as_deref(),
            Some("john.parks@gmail.com")
        );
        assert_eq!(
            find("cityfan88@yahoo.com").as_deref(),
            Some("cityfan88@yahoo.com")
        );
    }
}
