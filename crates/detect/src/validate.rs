//! Check-digit and format validators. Each takes ASCII digits (or, for the
//! IBAN, ASCII letters and digits) and never panics on any input.

/// Card issuer networks with a published prefix range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Issuer {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Jcb,
    Diners,
    UnionPay,
}

impl Issuer {
    /// The card detector's name for this network, used as a finding's
    /// `detector`.
    pub(crate) fn detector(self) -> &'static str {
        match self {
            Issuer::Visa => "card_visa",
            Issuer::Mastercard => "card_mastercard",
            Issuer::Amex => "card_amex",
            Issuer::Discover => "card_discover",
            Issuer::Jcb => "card_jcb",
            Issuer::Diners => "card_diners",
            Issuer::UnionPay => "card_unionpay",
        }
    }
}

/// The numeric value of the first `n` digits (n <= 8), or None when shorter.
fn prefix(d: &[u8], n: usize) -> Option<u32> {
    let head = d.get(..n)?;
    let mut v = 0u32;
    for &b in head {
        v = v * 10 + u32::from(b.wrapping_sub(b'0') % 10);
    }
    Some(v)
}

/// Luhn (mod 10) check over ASCII digits.
pub(crate) fn luhn(d: &[u8]) -> bool {
    if d.is_empty() || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &b) in d.iter().rev().enumerate() {
        let mut v = u32::from(b - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// The issuer whose published prefix and length both fit the digits.
pub(crate) fn card_issuer(d: &[u8]) -> Option<Issuer> {
    let len = d.len();
    let p1 = prefix(d, 1)?;
    let p2 = prefix(d, 2)?;
    let p3 = prefix(d, 3)?;
    let p4 = prefix(d, 4)?;
    let p6 = prefix(d, 6)?;
    if p1 == 4 && matches!(len, 13 | 16 | 19) {
        return Some(Issuer::Visa);
    }
    if ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16 {
        return Some(Issuer::Mastercard);
    }
    if (p2 == 34 || p2 == 37) && len == 15 {
        return Some(Issuer::Amex);
    }
    if (p4 == 6011 || p2 == 65 || (644..=649).contains(&p3) || (622126..=622925).contains(&p6))
        && (16..=19).contains(&len)
    {
        return Some(Issuer::Discover);
    }
    if (3528..=3589).contains(&p4) && (16..=19).contains(&len) {
        return Some(Issuer::Jcb);
    }
    if ((300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39) && (14..=19).contains(&len) {
        return Some(Issuer::Diners);
    }
    if p2 == 62 && (16..=19).contains(&len) {
        return Some(Issuer::UnionPay);
    }
    None
}

/// A card number: issuer prefix and length, and the Luhn check.
pub(crate) fn card(d: &[u8]) -> Option<Issuer> {
    let issuer = card_issuer(d)?;
    // All-same or sequential filler ("4444 4444 ...") passes Luhn now and
    // then; real PANs never repeat one digit throughout.
    if d.iter().all(|&b| Some(&b) == d.first()) {
        return None;
    }
    luhn(d).then_some(issuer)
}

/// ABA routing transit number: 9 digits, a Federal Reserve prefix and the
/// 3-7-1 weighted checksum.
pub(crate) fn aba(d: &[u8]) -> bool {
    if d.len() != 9 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let Some(p2) = prefix(d, 2) else {
        return false;
    };
    // 00 (US government), 01-12 (Federal Reserve districts), 21-32 (thrifts),
    // 61-72 (electronic), 80 (traveler's checks).
    if !(p2 <= 12 || (21..=32).contains(&p2) || (61..=72).contains(&p2) || p2 == 80) {
        return false;
    }
    if d.iter().all(|&b| b == b'0') {
        return false;
    }
    let v: Vec<u32> = d.iter().map(|&b| u32::from(b - b'0')).collect();
    let mut sum = 0u32;
    for (i, x) in v.iter().enumerate() {
        sum += x * [3, 7, 1][i % 3];
    }
    sum.is_multiple_of(10)
}

/// Area, group and serial of a 9-digit SSN-shaped number.
fn ssn_parts(d: &[u8]) -> Option<(u32, u32, u32)> {
    if d.len() != 9 || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let area = prefix(d, 3)?;
    let group = prefix(d.get(3..)?, 2)?;
    let serial = prefix(d.get(5..)?, 4)?;
    Some((area, group, serial))
}

/// A Social Security number as the SSA issues them: area not 000, 666 or
/// 900-999; group not 00; serial not 0000 (SSA, "SSN randomization", 2011).
pub(crate) fn ssn(d: &[u8]) -> bool {
    match ssn_parts(d) {
        Some((area, group, serial)) => {
            area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
        }
        None => false,
    }
}

/// An ITIN: area 9xx and group 50-65, 70-88, 90-92 or 94-99 (IRS).
pub(crate) fn itin(d: &[u8]) -> bool {
    match ssn_parts(d) {
        Some((area, group, serial)) => {
            (900..=999).contains(&area)
                && ((50..=65).contains(&group)
                    || (70..=88).contains(&group)
                    || (90..=92).contains(&group)
                    || (94..=99).contains(&group))
                && serial != 0
        }
        None => false,
    }
}

/// An EIN: 9 digits whose two-digit prefix the IRS assigns.
pub(crate) fn ein(d: &[u8]) -> bool {
    if d.len() != 9 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    match prefix(d, 2) {
        Some(p) => !matches!(
            p,
            0 | 7 | 8 | 9 | 17 | 18 | 19 | 28 | 29 | 49 | 69 | 70 | 78 | 79 | 89 | 96 | 97
        ),
        None => false,
    }
}

/// IBAN lengths by country for the countries a US clerk is likely to meet
/// (ISO 13616 registry). Unknown countries are accepted when 15-34 long.
fn iban_length(country: &[u8]) -> Option<usize> {
    Some(match country {
        b"DE" => 22,
        b"GB" => 22,
        b"FR" => 27,
        b"ES" => 24,
        b"IT" => 27,
        b"NL" => 18,
        b"BE" => 16,
        b"CH" => 21,
        b"AT" => 20,
        b"IE" => 22,
        b"MX" => 18,
        b"SE" => 24,
        b"NO" => 15,
        b"DK" => 18,
        b"PL" => 28,
        b"PT" => 25,
        _ => return None,
    })
}

/// IBAN: two letters, two check digits, up to 30 letters or digits, and the
/// ISO 7064 mod-97 check equal to 1.
pub(crate) fn iban(s: &[u8]) -> bool {
    if s.len() < 15 || s.len() > 34 {
        return false;
    }
    let (Some(country), Some(check)) = (s.get(..2), s.get(2..4)) else {
        return false;
    };
    if !country.iter().all(u8::is_ascii_uppercase) || !check.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if let Some(n) = iban_length(country)
        && n != s.len()
    {
        return false;
    }
    let mut rem = 0u32;
    let rotated = s.iter().skip(4).chain(s.iter().take(4));
    for &b in rotated {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// North American Numbering Plan: area and exchange start with 2-9, and the
/// area code is not an N11 service code.
pub(crate) fn nanp(d: &[u8]) -> bool {
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (a0, a1, a2, e0) = match (d.first(), d.get(1), d.get(2), d.get(3)) {
        (Some(&a0), Some(&a1), Some(&a2), Some(&e0)) => (a0, a1, a2, e0),
        _ => return false,
    };
    a0 >= b'2' && e0 >= b'2' && !(a1 == b'1' && a2 == b'1')
}

/// Toll-free area codes: an agency's lines, not a person's.
pub(crate) fn toll_free(d: &[u8]) -> bool {
    matches!(
        d.get(..3),
        Some(b"800" | b"833" | b"844" | b"855" | b"866" | b"877" | b"888")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_issuers() {
        assert_eq!(card(b"4111111111111111"), Some(Issuer::Visa));
        assert_eq!(card(b"5555555555554444"), Some(Issuer::Mastercard));
        assert_eq!(card(b"2223003122003222"), Some(Issuer::Mastercard));
        assert_eq!(card(b"378282246310005"), Some(Issuer::Amex));
        assert_eq!(card(b"6011111111111117"), Some(Issuer::Discover));
        assert_eq!(card(b"3530111333300000"), Some(Issuer::Jcb));
        assert_eq!(card(b"36227206271667"), Some(Issuer::Diners));
        assert_eq!(card(b"6200000000000005"), Some(Issuer::UnionPay));
        // Luhn-failing.
        assert_eq!(card(b"4111111111111112"), None);
        // Luhn-valid but no issuer starts with 9 or 1.
        assert_eq!(card(b"9111111111111113"), None);
        // Amex prefix with 16 digits is not Amex.
        assert_eq!(card_issuer(b"3782822463100051"), None);
        // Mastercard 2-series bounds.
        assert!(card_issuer(b"2220000000000000").is_none());
        assert!(card_issuer(b"2721000000000000").is_none());
        assert!(card_issuer(b"2720990000000000").is_some());
        assert!(!luhn(b""));
        assert!(!luhn(b"12a4"));
    }

    #[test]
    fn aba_checksum() {
        assert!(aba(b"121000358"));
        assert!(aba(b"026009593"));
        assert!(aba(b"011000015"));
        assert!(!aba(b"121000359"));
        assert!(!aba(b"123456789")); // checksum fails
        assert!(!aba(b"991000358")); // prefix 99 is not assigned
        assert!(!aba(b"12100035"));
    }

    #[test]
    fn ssn_invalid_areas_groups_serials() {
        assert!(ssn(b"123456789"));
        assert!(ssn(b"078051120"));
        assert!(!ssn(b"000123456"));
        assert!(!ssn(b"666123456"));
        assert!(!ssn(b"900123456"));
        assert!(!ssn(b"999123456"));
        assert!(!ssn(b"123006789"));
        assert!(!ssn(b"123450000"));
        assert!(ssn(b"899991234"));
        assert!(!ssn(b"12345678"));
    }

    #[test]
    fn itin_and_ein() {
        assert!(itin(b"912701234"));
        assert!(itin(b"900501234"));
        assert!(!itin(b"912931234")); // group 93 unassigned
        assert!(!itin(b"912401234"));
        assert!(!itin(b"812701234"));
        assert!(ein(b"123456789"));
        assert!(!ein(b"071234567"));
        assert!(!ein(b"001234567"));
    }

    #[test]
    fn iban_mod97() {
        assert!(iban(b"DE89370400440532013000"));
        assert!(iban(b"GB82WEST12345698765432"));
        assert!(!iban(b"DE89370400440532013001"));
        assert!(!iban(b"DE8937040044053201300")); // wrong length for DE
        assert!(!iban(b"de89370400440532013000"));
    }

    #[test]
    fn nanp_rules() {
        assert!(nanp(b"3605550142"));
        assert!(!nanp(b"1605550142"));
        assert!(!nanp(b"3601550142"));
        assert!(!nanp(b"4115550142"));
        assert!(toll_free(b"8005550142"));
    }
}
