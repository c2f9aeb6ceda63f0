//! Residential street addresses, found from their house number: house
//! number, optional direction, street name, suffix, optional direction and
//! unit, then optionally city, state and ZIP (on the same or the next line).

use crate::text::skip_blanks;

/// A street address found from its house number.
#[derive(Debug)]
pub(crate) struct Address {
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub confidence: f32,
    /// Whether a city and state (and maybe a ZIP) end it.
    pub tail: bool,
}

const SUFFIXES: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "av",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "drive",
    "dr",
    "lane",
    "ln",
    "way",
    "court",
    "ct",
    "place",
    "pl",
    "terrace",
    "ter",
    "circle",
    "cir",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "loop",
    "trail",
    "trl",
    "square",
    "sq",
    "alley",
    "aly",
    "crescent",
    "pike",
    "path",
    "plaza",
    "plz",
    "crossing",
    "xing",
    "cove",
    "cv",
    "heights",
    "hts",
    "point",
    "pt",
    "ridge",
    "run",
    "walk",
    "row",
    "close",
    "landing",
    "ldg",
    "glen",
    "creek",
    "view",
    "vw",
];

const DIRECTIONS: &[&str] = &[
    "n",
    "s",
    "e",
    "w",
    "ne",
    "nw",
    "se",
    "sw",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

const UNITS: &[&str] = &[
    "apt",
    "apartment",
    "unit",
    "spc",
    "space",
    "lot",
    "rm",
    "room",
    "bldg",
    "trlr",
    "no",
];

/// Words that, just before a number, say it is not a house number.
const NOT_BEFORE: &[&str] = &[
    "box",
    "suite",
    "ste",
    "unit",
    "apt",
    "room",
    "rm",
    "page",
    "pages",
    "section",
    "chapter",
    "item",
    "line",
    "lot",
    "no",
    "number",
    "floor",
    "exhibit",
    "step",
    "phase",
    "week",
    "day",
    "hwy",
    "highway",
    "route",
    "rte",
    "ordinance",
    "resolution",
    "case",
    "invoice",
    "order",
    "parcel",
    "permit",
    "table",
    "figure",
    "appendix",
    "attachment",
    "version",
    "tracking",
];

const STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY",
];

const STATE_NAMES: &[&str] = &[
    "washington",
    "california",
    "illinois",
    "montana",
    "oregon",
    "idaho",
    "nevada",
    "arizona",
    "texas",
    "colorado",
];

/// A word on the line: ASCII letters, digits, apostrophes and an inner or
/// trailing period; returns (start, end) with a trailing '.' or ',' excluded.
fn word_at(t: &[u8], p: usize) -> Option<(usize, usize)> {
    let s = skip_blanks(t, p);
    let mut e = s;
    while t
        .get(e)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'\'')
    {
        e += 1;
    }
    (e > s).then_some((s, e))
}

fn lower(t: &[u8], s: usize, e: usize) -> String {
    String::from_utf8_lossy(t.get(s..e).unwrap_or(&[])).to_ascii_lowercase()
}

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

fn is_ordinal(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits <= 3 && matches!(w.get(digits..), Some("st" | "nd" | "rd" | "th"))
}

fn capitalized(t: &[u8], s: usize) -> bool {
    t.get(s).is_some_and(u8::is_ascii_uppercase)
}

/// After a word ending at `e`, skip a period that abbreviates it.
fn skip_dot(t: &[u8], e: usize) -> usize {
    if t.get(e) == Some(&b'.') { e + 1 } else { e }
}

/// Parses an address whose house number is the digits at `start..num_end`.
pub(crate) fn parse_address(t: &[u8], start: usize, num_end: usize) -> Option<Address> {
    if !matches!(t.get(num_end), Some(b' ')) {
        // "12A Main St" and "12-B" are rarer than "12 sheets"; require a space.
        return None;
    }
    if start > 0
        && matches!(
            t.get(start - 1),
            Some(b'$' | b'#' | b'.' | b',' | b'/' | b'-')
        )
    {
        return None;
    }
    // The word before the number.
    let mut b = start;
    while b > 0 && matches!(t.get(b - 1), Some(b' ' | b'\t')) {
        b -= 1;
    }
    let mut a = b;
    while a > 0 && t.get(a - 1).is_some_and(u8::is_ascii_alphabetic) {
        a -= 1;
    }
    if a < b && in_list(NOT_BEFORE, &lower(t, a, b)) {
        return None;
    }

    let mut p = num_end;
    let mut names = 0;
    let mut suffix_end = None;
    for k in 0..6 {
        let Some((ws, we)) = word_at(t, p) else {
            break;
        };
        if t.get(p..ws).is_some_and(|g| g.contains(&b'\n')) {
            break;
        }
        let w = lower(t, ws, we);
        if names >= 1 && in_list(SUFFIXES, &w) && capitalized(t, ws) {
            p = skip_dot(t, we);
            // "Maple Ridge Dr": the first suffix-like word was the name.
            while let Some((ns, ne)) = word_at(t, p) {
                let same_line = !t.get(p..ns).is_some_and(|g| g.contains(&b'\n'));
                if same_line && capitalized(t, ns) && in_list(SUFFIXES, &lower(t, ns, ne)) {
                    p = skip_dot(t, ne);
                } else {
                    break;
                }
            }
            suffix_end = Some(p);
            break;
        }
        let is_dir = k == 0 && in_list(DIRECTIONS, &w) && capitalized(t, ws);
        if is_dir {
            p = skip_dot(t, we);
            continue;
        }
        if capitalized(t, ws) || is_ordinal(&w) {
            names += 1;
            p = we;
            if names > 4 {
                break;
            }
            continue;
        }
        break;
    }
    let mut end = suffix_end.unwrap_or(p);
    if suffix_end.is_some() {
        // Post-direction.
        if let Some((ws, we)) = word_at(t, end) {
            let w = lower(t, ws, we);
            if ws == end + 1 && in_list(DIRECTIONS, &w) && capitalized(t, ws) && we - ws <= 2 {
                end = skip_dot(t, we);
            }
        }
        // Unit.
        let q = if t.get(end) == Some(&b',') {
            end + 1
        } else {
            end
        };
        let q2 = skip_blanks(t, q);
        if t.get(q2) == Some(&b'#') {
            let ue = q2
                + 1
                + t.get(q2 + 1..).map_or(0, |r| {
                    r.iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                        .count()
                });
            if ue > q2 + 1 {
                end = ue;
            }
        } else if let Some((ws, we)) = word_at(t, q) {
            let w = lower(t, ws, we);
            if w == "suite" || w == "ste" {
                // A suite is an office, not a home.
                return None;
            }
            if in_list(UNITS, &w) && !t.get(q..ws).is_some_and(|g| g.contains(&b'\n')) {
                let us = skip_blanks(t, skip_dot(t, we));
                let us = if t.get(us) == Some(&b'#') { us + 1 } else { us };
                let ue = us
                    + t.get(us..).map_or(0, |r| {
                        r.iter()
                            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                            .count()
                    });
                if ue > us && ue - us <= 8 {
                    end = ue;
                }
            }
        }
    }
    // Without a ZIP, city and state close an address only after a street
    // suffix ("4410 Heron Bay Dr, Lakemont WA").
    let tail = parse_tail(t, end)
        .filter(|&(_, zip)| zip || suffix_end.is_some())
        .map(|(e, _)| e);
    if suffix_end.is_none() && (tail.is_none() || names == 0) {
        return None;
    }
    let (end, confidence) = match (suffix_end.is_some(), tail) {
        (true, Some(e)) => (e, 0.9),
        (true, None) => (end, 0.7),
        (false, Some(e)) => (e, 0.8),
        (false, None) => return None,
    };
    let mut value = String::new();
    let mut space = false;
    for &c in t.get(start..end)? {
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space && !value.is_empty() {
                value.push(' ');
            }
            space = false;
            value.push(c.to_ascii_uppercase() as char);
        }
    }
    Some(Address {
        start,
        end,
        value,
        confidence,
        tail: tail.is_some(),
    })
}

/// ", City, ST 98501" or "\nCity ST 98501-1234": returns the end of the ZIP
/// (or of the state, when no ZIP follows it on its line).
/// With whether a ZIP ends it.
fn parse_tail(t: &[u8], from: usize) -> Option<(usize, bool)> {
    let mut p = from;
    if t.get(p) == Some(&b',') {
        p += 1;
    }
    let p0 = skip_blanks(t, p);
    let p = if t.get(p0) == Some(&b'\n') {
        skip_blanks(t, p0 + 1)
    } else {
        p0
    };
    // City: 1-3 capitalized words.
    let mut q = p;
    let mut city = 0;
    while city < 3 {
        let Some((ws, we)) = word_at(t, q) else { break };
        if t.get(q..ws).is_some_and(|g| g.contains(&b'\n')) || !capitalized(t, ws) {
            break;
        }
        let w = String::from_utf8_lossy(t.get(ws..we)?).into_owned();
        if city > 0
            && (STATES.contains(&w.as_str())
                || STATE_NAMES.contains(&w.to_ascii_lowercase().as_str()))
        {
            break;
        }
        city += 1;
        q = we;
        if t.get(q) == Some(&b',') {
            break;
        }
    }
    if city == 0 {
        return None;
    }
    if t.get(q) == Some(&b',') {
        q += 1;
    }
    let (ws, we) = word_at(t, q)?;
    let w = String::from_utf8_lossy(t.get(ws..we)?).into_owned();
    if !(STATES.contains(&w.as_str()) || STATE_NAMES.contains(&w.to_ascii_lowercase().as_str())) {
        return None;
    }
    let z = skip_blanks(t, skip_dot(t, we));
    // A ZIP wrapped to the start of the next line ("Lakemont, WA\n98502.").
    let z = if t.get(z) == Some(&b'\n') {
        skip_blanks(t, z + 1)
    } else {
        z
    };
    let zd = t
        .get(z..)
        .map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
    if zd != 5 {
        // "Lakemont WA" ending its line or sentence: city and state
        // without a ZIP.
        let after = skip_blanks(t, skip_dot(t, we));
        let ends = matches!(t.get(after), None | Some(b'\n' | b',' | b';' | b')'))
            || t.get(we) == Some(&b'.');
        return ends.then_some((we, false));
    }
    let mut e = z + 5;
    if t.get(e) == Some(&b'-')
        && t.get(e + 1..e + 5)
            .is_some_and(|r| r.len() == 4 && r.iter().all(u8::is_ascii_digit))
    {
        e += 5;
    }
    if t.get(e).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some((e, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(t: &str) -> Option<String> {
        let s = t.find(|c: char| c.is_ascii_digit())?;
        let e = s + t[s..].find(|c: char| !c.is_ascii_digit())?;
        parse_address(t.as_bytes(), s, e).map(|a| t[a.start..a.end].to_string())
    }

    #[test]
    fn street_suffix_unit_city_state_zip() {
        assert_eq!(
            addr("at 1423 NE Maple Ridge Dr. Apt 4B, Olympia, WA 98506 today").as_deref(),
            Some("1423 NE Maple Ridge Dr. Apt 4B, Olympia, WA 98506")
        );
        assert_eq!(
            addr("Home: 88 W 3rd Street #12\nSpokane WA 99201-1234").as_deref(),
            Some("88 W 3rd Street #12\nSpokane WA 99201-1234")
        );
        assert_eq!(addr("812 Oak Ave").as_deref(), Some("812 Oak Ave"));
        assert_eq!(
            addr("1420 Broadway, Helena, MT 59601").as_deref(),
            Some("1420 Broadway, Helena, MT 59601")
        );
        // The ZIP wrapped to the next line, and a unit in prose.
        assert_eq!(
            addr("is 88 Quarry View Dr, Lakemont, WA\n98516.\nTraining").as_deref(),
            Some("88 Quarry View Dr, Lakemont, WA\n98516")
        );
        assert_eq!(
            addr("I live at 1420 Elm Street, Apt 3, Tacoma, WA 98402").as_deref(),
            Some("1420 Elm Street, Apt 3, Tacoma, WA 98402")
        );
        // A number on the next line that is not five digits is no ZIP.
        assert_eq!(
            addr("812 Oak Ave, Lakemont, WA\n2024 budget").as_deref(),
            Some("812 Oak Ave, Lakemont, WA")
        );
        assert_eq!(
            addr("4410 Heron Bay Dr, Lakemont WA\nDOB").as_deref(),
            Some("4410 Heron Bay Dr, Lakemont WA")
        );
        assert_eq!(
            addr("812 Oak Ave, Lakemont, WA 2024 budget").as_deref(),
            Some("812 Oak Ave")
        );
    }

    #[test]
    fn not_addresses() {
        assert_eq!(addr("In 2019 City Council approved the plan"), None);
        assert_eq!(addr("3 bedrooms and 2 baths"), None);
        assert_eq!(addr("PO Box 1234 Olympia"), None);
        assert_eq!(addr("Suite 200 Main St"), None);
        assert_eq!(addr("100 Main St Suite 200"), None);
        assert_eq!(addr("$1200 Main Street"), None);
    }
}
