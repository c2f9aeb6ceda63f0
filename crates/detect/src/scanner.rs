//! The scanner: one pass over the bytes finds runs of digit-bearing tokens
//! and '@' signs, each run is read against its governing context word, and
//! a few keyword-driven readers (passwords, spelled-out birth dates) and the
//! custom-term matcher add the rest.

use crate::Category;
use crate::address::{Address, parse_address};
use crate::custom::CustomTerms;
use crate::email::parse_email;
use crate::error::Error;
use crate::finding::{Finding, ScanOptions};
use crate::labels::{Governing, Kind, Label, LabelMatcher, Labels};
use crate::text::{alnum_upper, digits_of, skip_blanks, skip_space};
use crate::validate;
use crate::words::{parse_month_date, password_value};

/// Finds the fields of [`Category`] in page text. Build once, scan many
/// pages; scanning is read-only, so one scanner can serve several threads.
#[derive(Debug, Clone)]
pub struct Scanner {
    enabled: [bool; Category::ALL.len()],
    labels: LabelMatcher,
    custom: Option<CustomTerms>,
    min_confidence: f32,
}

/// How two digit-bearing tokens of a run are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Space,
    Dash,
    Dot,
    Slash,
    /// A line break, with any blanks (or an end-of-line hyphen) around it.
    Break,
    /// ")" or ") " after an area code in parentheses.
    Paren,
}

/// A token holding at least one digit.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    digits: usize,
    letters: usize,
    masked: bool,
}

impl Group {
    fn pure(&self) -> bool {
        self.letters == 0 && !self.masked
    }
}

const MAX_GROUPS: usize = 12;
/// How far after a card number a bare expiration date or security code is
/// still read as belonging to it.
const CARD_REACH: usize = 48;

fn cat_index(c: Category) -> usize {
    Category::ALL.iter().position(|&x| x == c).unwrap_or(0)
}

/// The first ASCII digit or '@' at or after `pos`. Looks at eight bytes at
/// a time: most of a page is letters and spaces.
fn next_digit_or_at(text: &[u8], mut pos: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = text.get(pos..pos + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Bytes 0x30..=0x39 become 0..=9; a byte below 10 sets its high bit
        // in (x - 10 * ONES) & !x (the "has less than" test). Bytes with the
        // high bit set (UTF-8) are excluded by !x only after the xor, so
        // also mask with !w.
        let x = w ^ (0x30 * ONES);
        let digit = x.wrapping_sub(10 * ONES) & !x & !w & HIGHS;
        let y = w ^ (0x40 * ONES);
        let at = y.wrapping_sub(ONES) & !y & HIGHS;
        if digit | at != 0 {
            break;
        }
        pos += 8;
    }
    text.get(pos..)?
        .iter()
        .position(|&b| b.is_ascii_digit() || b == b'@')
        .map(|off| pos + off)
}

/// Token bytes: letters, digits and '*' (a masking star is part of the
/// token it masks, so "****1234" is one masked token).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'*'
}

/// Is the token masked ("****1234", "XXXX5678", "XX-1234")?
fn masked_token(s: &[u8]) -> bool {
    if s.contains(&b'*') {
        return true;
    }
    s.windows(2)
        .any(|w| matches!(w, [b'X' | b'x', b'X' | b'x']))
}

/// Do masking characters stand just before `start` ("**** 1234",
/// "XXX-XX-1234", "•••• 1234")?
fn masked_before(text: &[u8], start: usize) -> bool {
    let mut p = start;
    let mut seps = 0;
    while p > 0 && seps < 2 {
        match text.get(p - 1) {
            Some(b' ' | b'-' | b'.') => {
                p -= 1;
                seps += 1;
            }
            _ => break,
        }
    }
    if p == 0 {
        return false;
    }
    match text.get(p - 1) {
        Some(b'*') => true,
        Some(b'X' | b'x') => p >= 2 && matches!(text.get(p - 2), Some(b'X' | b'x' | b'*')),
        // U+2022 bullet, U+25CF black circle, U+2217 asterisk operator.
        Some(0xA2 | 0x8F | 0x97) => p >= 3 && text.get(p - 3) == Some(&0xE2),
        _ => false,
    }
}

struct Ctx<'t, 'f> {
    text: &'t [u8],
    labels: Labels<'t>,
    groups: Vec<Group>,
    seps: Vec<Sep>,
    out: &'f mut Vec<Finding>,
    enabled: [bool; Category::ALL.len()],
    last_card_end: Option<usize>,
    /// End of the last address found: its ZIP is not read again.
    skip_until: usize,
    /// The digits of the phone numbers this page gave as an agency's or a
    /// business's line: the same number further down ("Questions? Call
    /// ...") is that line again.
    office_numbers: Vec<u64>,
}

impl Scanner {
    /// Builds a scanner for `options`. Fails only on unusable custom terms.
    pub fn new(options: &ScanOptions) -> Result<Scanner, Error> {
        let mut enabled = [false; Category::ALL.len()];
        for &c in &options.categories {
            enabled[cat_index(c)] = true;
        }
        let custom = if options.custom_terms.is_empty() {
            None
        } else {
            Some(CustomTerms::new(&options.custom_terms)?)
        };
        Ok(Scanner {
            enabled,
            labels: LabelMatcher::new()?,
            custom,
            min_confidence: options.min_confidence,
        })
    }

    /// Every finding of `text`, sorted by span start (then end, then
    /// category), without duplicates; overlapping findings of different
    /// categories are resolved to the stronger one (a card number is not also
    /// a bank account). Custom terms may overlap other findings.
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        self.collect(text, &mut out);
        out
    }

    /// Like [`Scanner::scan`], handing each finding to `sink` in order.
    pub fn scan_into(&self, text: &str, sink: &mut impl FnMut(Finding)) {
        let mut out = Vec::new();
        self.collect(text, &mut out);
        for f in out {
            sink(f);
        }
    }

    fn collect(&self, text: &str, out: &mut Vec<Finding>) {
        let bytes = text.as_bytes();
        let labels = Labels::new(self.labels.find_all(text), text);
        let mut cx = Ctx {
            text: bytes,
            labels,
            groups: Vec::with_capacity(MAX_GROUPS),
            seps: Vec::with_capacity(MAX_GROUPS),
            out,
            enabled: self.enabled,
            last_card_end: None,
            skip_until: 0,
            office_numbers: Vec::new(),
        };
        cx.main_pass();
        cx.keyword_pass();
        if let Some(custom) = &self.custom
            && cx.on(Category::Custom)
        {
            custom.find(text, cx.out);
        }
        let min = self.min_confidence;
        out.retain(|f| f.confidence >= min);
        resolve(out);
    }
}

/// Sort, drop exact duplicates, and resolve overlaps between categories.
fn resolve(out: &mut Vec<Finding>) {
    let by_span = |a: &Finding, b: &Finding| {
        (a.span.start, a.span.end, a.category).cmp(&(b.span.start, b.span.end, b.category))
    };
    out.sort_by(by_span);
    out.dedup_by(|b, a| a.span == b.span && a.category == b.category);
    let (custom, others): (Vec<Finding>, Vec<Finding>) =
        out.drain(..).partition(|f| f.category == Category::Custom);
    // Kept findings never overlap and arrive sorted by start, so a new one
    // can only overlap the last kept one.
    let mut kept: Vec<Finding> = Vec::with_capacity(others.len() + custom.len());
    for f in others {
        match kept.last() {
            Some(k) if f.span.start < k.span.end => {
                if strength(&f) > strength(k) {
                    kept.pop();
                    kept.push(f);
                }
            }
            _ => kept.push(f),
        }
    }
    kept.extend(custom);
    kept.sort_by(by_span);
    *out = kept;
}

/// Which of two overlapping findings wins: the more specific category, then
/// the more confident, then the longer.
fn strength(f: &Finding) -> (u8, u32, usize) {
    let rank = match f.category {
        Category::CardNumber => 10,
        Category::Ssn | Category::Itin => 9,
        Category::RoutingNumber | Category::Ein => 8,
        Category::BankAccount | Category::DriversLicense | Category::Email => 7,
        Category::Phone | Category::Password => 6,
        Category::CardExpiration
        | Category::CardSecurityCode
        | Category::DateOfBirth
        | Category::ElectronicCheck => 5,
        Category::Address => 4,
        Category::Custom => 0,
    };
    (rank, (f.confidence * 1000.0) as u32, f.span.len())
}

impl Ctx<'_, '_> {
    fn on(&self, c: Category) -> bool {
        self.enabled.get(cat_index(c)).copied().unwrap_or(false)
    }

    fn slice(&self, s: usize, e: usize) -> &[u8] {
        self.text.get(s..e).unwrap_or(&[])
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        category: Category,
        start: usize,
        end: usize,
        value: String,
        confidence: f32,
        detector: &'static str,
        context: &[Label],
    ) {
        if !self.on(category) {
            return;
        }
        let context = context.iter().map(|l| self.labels.word(l)).collect();
        self.out.push(Finding {
            category,
            span: start..end,
            value,
            confidence,
            detector,
            context,
        });
    }

    /// The single pass over the bytes.
    fn main_pass(&mut self) {
        let text = self.text;
        let mut pos = 0;
        let want_email = self.on(Category::Email);
        while pos < text.len() {
            let Some(at) = next_digit_or_at(text, pos) else {
                break;
            };
            if text.get(at) == Some(&b'@') {
                if want_email && let Some(m) = parse_email(text, at) {
                    self.push(
                        Category::Email,
                        m.start,
                        m.end,
                        m.value,
                        m.confidence,
                        "email",
                        &[],
                    );
                    pos = m.end.max(at + 1);
                    continue;
                }
                pos = at + 1;
                continue;
            }
            // Back to the start of the token holding this digit.
            let mut start = at;
            while start > pos && text.get(start - 1).is_some_and(|&b| is_token_byte(b)) {
                start -= 1;
            }
            if start < self.skip_until {
                pos = self.skip_until.max(at + 1);
                continue;
            }
            let end = self.build_run(start);
            self.read_run();
            pos = end.max(at + 1).max(self.skip_until);
        }
    }

    /// Collects the run of digit-bearing tokens starting at `start` into
    /// `groups`/`seps`; returns the end of the run.
    fn build_run(&mut self, start: usize) -> usize {
        let text = self.text;
        self.groups.clear();
        self.seps.clear();
        let mut s = start;
        loop {
            let mut e = s;
            let (mut digits, mut letters) = (0, 0);
            while let Some(&b) = text.get(e) {
                if b.is_ascii_digit() {
                    digits += 1;
                } else if b.is_ascii_alphabetic() {
                    letters += 1;
                } else if b != b'*' {
                    break;
                }
                e += 1;
            }
            let masked = masked_token(self.slice(s, e));
            self.groups.push(Group {
                start: s,
                end: e,
                digits,
                letters,
                masked,
            });
            if self.groups.len() >= MAX_GROUPS {
                return e;
            }
            let Some((sep, next)) = self.separator(e) else {
                return e;
            };
            // The next token must hold a digit to join the run.
            let ne = next
                + text
                    .get(next..)
                    .map_or(0, |r| r.iter().take_while(|&&b| is_token_byte(b)).count());
            if !self.slice(next, ne).iter().any(u8::is_ascii_digit) {
                return e;
            }
            self.seps.push(sep);
            s = next;
        }
    }

    /// The separator after a token ending at `e`, and where the next token
    /// starts.
    fn separator(&self, e: usize) -> Option<(Sep, usize)> {
        let t = self.text;
        let is_tok = |p: usize| t.get(p).is_some_and(|&b| is_token_byte(b));
        match t.get(e)? {
            b' ' if is_tok(e + 1) => Some((Sep::Space, e + 1)),
            b'-' if is_tok(e + 1) => Some((Sep::Dash, e + 1)),
            b'.' if t.get(e + 1).is_some_and(u8::is_ascii_digit) => Some((Sep::Dot, e + 1)),
            b'/' if t.get(e + 1).is_some_and(u8::is_ascii_digit) => Some((Sep::Slash, e + 1)),
            b')' => {
                // ")555", ") 555", or the area code ending a line and the
                // number opening the next ("(253)\n555-0178").
                let mut n = skip_blanks(t, e + 1);
                if n > e + 2 {
                    return None;
                }
                if t.get(n) == Some(&b'\n') {
                    n = skip_blanks(t, n + 1);
                }
                is_tok(n).then_some((Sep::Paren, n))
            }
            b' ' | b'\t' | b'\r' | b'\n' | b'-' => {
                // Blanks, then optionally a line break (possibly after an
                // end-of-line hyphen), then blanks.
                let mut p = e;
                if t.get(p) == Some(&b'-') {
                    p += 1;
                }
                let q = skip_blanks(t, p);
                if t.get(q) == Some(&b' ') {
                    return None;
                }
                if t.get(q) == Some(&b'\n') {
                    // Blanks and e-mail quote marks ("> ") open the next line.
                    let mut r = skip_blanks(t, q + 1);
                    while t.get(r) == Some(&b'>') {
                        r = skip_blanks(t, r + 1);
                    }
                    if is_tok(r) {
                        return Some((Sep::Break, r));
                    }
                } else if t.get(e) == Some(&b' ')
                    && t.get(e + 1) == Some(&b'-')
                    && t.get(e + 2) == Some(&b' ')
                    && is_tok(e + 3)
                {
                    return Some((Sep::Dash, e + 3));
                }
                None
            }
            _ => None,
        }
    }

    fn seps_ok(&self, from: usize, to: usize, ok: &[Sep]) -> bool {
        // Separators between groups from..=to.
        (from..to).all(|k| self.seps.get(k).is_some_and(|s| ok.contains(s)))
    }

    /// End of the value that starts at group `i`: its dash-joined groups.
    fn run_end(&self, i: usize) -> usize {
        let k = self.dashed(i);
        self.group(k).map_or(0, |g| g.end)
    }

    fn group(&self, i: usize) -> Option<Group> {
        self.groups.get(i).copied()
    }

    fn digits(&self, from: usize, to: usize) -> String {
        let s = self.group(from).map_or(0, |g| g.start);
        let e = self.group(to).map_or(0, |g| g.end);
        digits_of(self.slice(s, e))
    }

    /// The number a short pure group spells (0 when not a short number).
    fn group_value(&self, k: usize) -> u32 {
        let Some(g) = self.group(k) else {
            return 0;
        };
        let s = self.slice(g.start, g.end);
        if s.len() > 9 {
            return 0;
        }
        s.iter()
            .filter(|b| b.is_ascii_digit())
            .fold(0u32, |v, &b| v * 10 + u32::from(b - b'0'))
    }

    /// Digit counts of the `N` pure groups from `from`.
    fn lens<const N: usize>(&self, from: usize) -> Option<[usize; N]> {
        let mut out = [0; N];
        for (k, slot) in out.iter_mut().enumerate() {
            *slot = self.group(from + k).filter(Group::pure)?.digits;
        }
        Some(out)
    }

    /// Reads the run in `groups`.
    fn read_run(&mut self) {
        let Some(first) = self.group(0) else {
            return;
        };
        let masked_run = masked_before(self.text, first.start);
        let mut i = 0;
        while i < self.groups.len() {
            let used = if masked_run && i == 0 {
                // "**** **** **** 1234": nothing here is a whole number.
                self.groups.len()
            } else {
                self.read_at(i).unwrap_or(0)
            };
            i += used.max(1);
        }
    }

    /// Tries every reading at group `i`; returns how many groups it used.
    fn read_at(&mut self, i: usize) -> Option<usize> {
        let g = self.group(i)?;
        // A token glued to what came before by a dash or dot ("2023-1234")
        // is the tail of some other identifier.
        let glued = i > 0
            && matches!(
                self.seps.get(i - 1),
                Some(Sep::Dash | Sep::Dot | Sep::Slash)
            );
        if glued {
            return None;
        }
        if g.letters >= 2
            && g.digits >= 2
            && let Some(n) = self.try_iban(i)
        {
            return Some(n);
        }
        // A lone number of one or two digits ("5 days") can only open an
        // address, or be the day of a birth date written with its month's
        // name that opens a line under a label block; skip the label lookup.
        if g.pure() && g.digits <= 2 && self.groups.len() == i + 1 {
            if let Some(n) = self.try_month_dob(i) {
                return Some(n);
            }
            return self.try_address(i);
        }
        let gov = self.labels.governing(g.start, self.run_end(i));
        let kind = gov.map(|x| x.label.kind);
        if g.pure() {
            if let Some(n) = self.try_card(i, gov) {
                return Some(n);
            }
            if let Some(n) = self.try_date(i, gov) {
                return Some(n);
            }
            if let Some(n) = self.try_ssn(i, gov) {
                return Some(n);
            }
            if let Some(n) = self.try_phone(i, gov) {
                return Some(n);
            }
            if kind == Some(Kind::Ein)
                && let Some(n) = self.try_ein_dashed(i, gov)
            {
                return Some(n);
            }
        }
        if let Some(n) = self.try_labelled(i, gov) {
            return Some(n);
        }
        self.try_address(i)
    }

    /// "August 23, 1944" opening its line, the day at group `i`, read as a
    /// birth date when a birth-date label governs the line (a label block's
    /// "Date of birth" over its column of values).
    fn try_month_dob(&mut self, i: usize) -> Option<usize> {
        let g = self.group(i)?;
        if !self.on(Category::DateOfBirth) {
            return None;
        }
        // The month word just before the day, opening its line.
        let t = self.text;
        let mut p = g.start;
        while p > 0 && matches!(t.get(p - 1), Some(b' ' | b'.')) {
            p -= 1;
        }
        let word_end = p;
        while p > 0 && t.get(p - 1).is_some_and(u8::is_ascii_alphabetic) {
            p -= 1;
        }
        if word_end - p < 3 || g.start - p > 12 {
            return None;
        }
        let mut q = p;
        while q > 0 && matches!(t.get(q - 1), Some(b' ' | b'\t' | b'>')) {
            q -= 1;
        }
        if q > 0 && t.get(q - 1) != Some(&b'\n') {
            return None;
        }
        let (e, v) = parse_month_date(t, p)?;
        let gov = self.labels.governing(p, e)?;
        if gov.label.kind != Kind::Dob || gov.same_line {
            return None;
        }
        self.push(
            Category::DateOfBirth,
            p,
            e,
            v,
            0.85,
            "date_of_birth",
            &[gov.label],
        );
        Some(1)
    }

    fn try_address(&mut self, i: usize) -> Option<usize> {
        let g = self.group(i)?;
        if g.pure()
            && (1..=6).contains(&g.digits)
            && self.on(Category::Address)
            && let Some(a) = parse_address(self.text, g.start, g.end)
            && self.address_ok(&a)
        {
            let value = a.value.clone();
            self.push(
                Category::Address,
                a.start,
                a.end,
                value,
                a.confidence,
                "address",
                &[],
            );
            self.skip_until = self.skip_until.max(a.end);
            // Skip every group inside the address (its ZIP).
            let n = self
                .groups
                .iter()
                .skip(i)
                .take_while(|x| x.start < a.end)
                .count();
            return Some(n.max(1));
        }
        None
    }

    fn try_iban(&mut self, i: usize) -> Option<usize> {
        let g = self.group(i)?;
        let t = self.text;
        let head = self.slice(g.start, g.end);
        let ok_head = head.len() >= 4
            && head.iter().take(2).all(u8::is_ascii_uppercase)
            && head.iter().skip(2).take(2).all(u8::is_ascii_digit);
        if !ok_head {
            return None;
        }
        // The IBAN's blocks: the first token, then blocks of up to four
        // capitals or digits after single spaces; candidate ends after each.
        let mut ends = vec![g.end];
        let mut len = head.len();
        let mut p = g.end;
        while t.get(p) == Some(&b' ') {
            let n = t.get(p + 1..).map_or(0, |r| {
                r.iter()
                    .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    .count()
            });
            let next_is_word = t.get(p + 1 + n).is_some_and(|&b| b.is_ascii_alphanumeric());
            if n == 0 || n > 4 || next_is_word || len + n > 34 {
                break;
            }
            len += n;
            p += 1 + n;
            ends.push(p);
        }
        for &e in ends.iter().rev() {
            let v = alnum_upper(self.slice(g.start, e));
            if validate::iban(v.as_bytes()) {
                self.push(Category::BankAccount, g.start, e, v, 0.97, "iban", &[]);
                let n = self
                    .groups
                    .iter()
                    .skip(i)
                    .take_while(|x| x.start < e)
                    .count();
                return Some(n.max(1));
            }
        }
        None
    }

    fn try_card(&mut self, i: usize, gov: Option<Governing>) -> Option<usize> {
        let card_seps = [Sep::Space, Sep::Dash, Sep::Break];
        // (group index, total digits) where the total is 13 to 19.
        let mut ends = [(0usize, 0usize); MAX_GROUPS];
        let mut n_ends = 0;
        let mut total = 0;
        for k in i..self.groups.len() {
            let g = self.group(k)?;
            if !g.pure() || (k > i && !self.seps_ok(k - 1, k, &card_seps)) {
                break;
            }
            total += g.digits;
            if total > 19 {
                break;
            }
            if total >= 13
                && let Some(slot) = ends.get_mut(n_ends)
            {
                *slot = (k, total);
                n_ends += 1;
            }
        }
        let ends = ends.get(..n_ends).unwrap_or(&[]);
        if ends.is_empty() {
            return None;
        }
        let first = self.group(i)?;
        for want in [16, 15, 19, 13, 14, 17, 18] {
            let Some(&(k, _)) = ends.iter().find(|(_, t)| *t == want) else {
                continue;
            };
            // Spaced groups: the first holds 4 digits (Amex and Diners 4-6-5
            // and 4-6-4 too), so "12 4111 ..." is not read as one number.
            if k > i && first.digits != 4 {
                continue;
            }
            let d = self.digits(i, k);
            let Some(issuer) = validate::card(d.as_bytes()) else {
                continue;
            };
            if gov.is_some_and(|x| x.label.kind == Kind::Other && x.same_line) {
                return Some(k - i + 1);
            }
            // An unbroken number under a bank-account label ("checking
            // account 4104584136400470") is that account, even when it
            // passes as a card; cards are printed in groups.
            if k == i && gov.is_some_and(|x| x.label.kind == Kind::Account) {
                return None;
            }
            let end = self.group(k)?.end;
            let (conf, ctx): (f32, Vec<Label>) = match gov {
                Some(x) if x.label.kind == Kind::Card => (0.99, vec![x.label]),
                _ => (0.95, vec![]),
            };
            self.push(
                Category::CardNumber,
                first.start,
                end,
                d,
                conf,
                issuer.detector(),
                &ctx,
            );
            self.last_card_end = Some(end);
            return Some(k - i + 1);
        }
        None
    }

    fn try_ssn(&mut self, i: usize, gov: Option<Governing>) -> Option<usize> {
        if self.lens::<3>(i)? != [3, 2, 4] {
            return None;
        }
        let (s1, s2) = (*self.seps.get(i)?, *self.seps.get(i + 1)?);
        let spaced = match (s1, s2) {
            (Sep::Dash, Sep::Dash) | (Sep::Dash, Sep::Break) | (Sep::Break, Sep::Dash) => false,
            (Sep::Space, Sep::Space) | (Sep::Space, Sep::Break) | (Sep::Break, Sep::Space) => true,
            _ => return None,
        };
        // "123-45-6789-01" is some longer identifier.
        if matches!(self.seps.get(i + 2), Some(Sep::Dash)) {
            return Some(3);
        }
        let d = self.digits(i, i + 2);
        let start = self.group(i)?.start;
        let end = self.group(i + 2)?.end;
        let kind = gov.map(|x| x.label.kind);
        if matches!(kind, Some(Kind::Other | Kind::Office)) && gov.is_some_and(|x| x.same_line) {
            return Some(3);
        }
        let ctx: Vec<Label> = gov
            .filter(|x| matches!(x.label.kind, Kind::Ssn | Kind::Itin | Kind::Ein))
            .map(|x| x.label)
            .into_iter()
            .collect();
        let labelled = !ctx.is_empty();
        if spaced && !labelled {
            // "123 45 6789" without a label is too often a table of counts.
            return None;
        }
        if validate::itin(d.as_bytes()) {
            let conf = if labelled { 0.97 } else { 0.85 };
            self.push(Category::Itin, start, end, d, conf, "itin", &ctx);
        } else if validate::ssn(d.as_bytes()) {
            let conf = if labelled { 0.99 } else { 0.9 };
            self.push(Category::Ssn, start, end, d, conf, "ssn", &ctx);
        }
        Some(3)
    }

    fn try_phone(&mut self, i: usize, gov: Option<Governing>) -> Option<usize> {
        let t = self.text;
        let phone_seps = [Sep::Dash, Sep::Dot, Sep::Space, Sep::Paren, Sep::Break];
        let (from, n) = match (self.lens::<4>(i), self.lens::<3>(i)) {
            (Some(l), _) if l == [1, 3, 3, 4] && self.digits(i, i) == "1" => (i, 4),
            (_, Some([3, 3, 4])) => (i, 3),
            _ => return None,
        };
        if !self.seps_ok(from, from + n - 1, &phone_seps) {
            return None;
        }
        // Paren only right after "(NNN".
        let first_digits = from + n - 3;
        for k in from..from + n - 1 {
            if self.seps.get(k) == Some(&Sep::Paren) {
                let ok = k == first_digits && {
                    let gs = self.group(k)?.start;
                    gs > 0 && t.get(gs - 1) == Some(&b'(')
                };
                if !ok {
                    return None;
                }
            }
        }
        if matches!(self.seps.get(from + n - 1), Some(Sep::Dash)) {
            return Some(n);
        }
        let d = self.digits(first_digits, from + n - 1);
        if !validate::nanp(d.as_bytes()) {
            return None;
        }
        let mut start = self.group(from)?.start;
        if start > 0 && t.get(start - 1) == Some(&b'(') {
            start -= 1;
        }
        if start > 0 && t.get(start - 1) == Some(&b'+') {
            start -= 1;
        }
        let end = self.group(from + n - 1)?.end;
        self.phone(start, end, d, gov);
        Some(n)
    }

    /// Reports a phone number unless its context says it is an agency's line.
    fn phone(&mut self, start: usize, end: usize, d: String, gov: Option<Governing>) {
        // Ten digits fit a u64: compared as one number, not as strings.
        let key = d.bytes().fold(0u64, |v, b| {
            v.wrapping_mul(10)
                .wrapping_add(u64::from(b.wrapping_sub(b'0')))
        });
        if self.office_numbers.contains(&key) {
            return;
        }
        if self.office_line(start, end, &d, gov) {
            if self.office_numbers.len() < 64 {
                self.office_numbers.push(key);
            }
            return;
        }
        let (conf, ctx) = match gov {
            Some(x) if x.label.kind == Kind::PersonalPhone => (0.9, vec![x.label]),
            Some(x) if x.label.kind == Kind::Phone => (0.75, vec![x.label]),
            _ => (0.6, vec![]),
        };
        self.push(Category::Phone, start, end, d, conf, "phone", &ctx);
    }

    /// Is the number at `start..end` an agency's or a business's line:
    /// toll-free, in a letterhead, under an office or business label, or
    /// with an office word just before or after it?
    fn office_line(&self, start: usize, end: usize, d: &str, gov: Option<Governing>) -> bool {
        let personal_label =
            gov.is_some_and(|x| x.same_line && x.label.kind == Kind::PersonalPhone);
        if validate::toll_free(d.as_bytes())
            || (self.labels.in_letterhead(start) && !personal_label)
        {
            return true;
        }
        let kind = gov.map(|x| x.label.kind);
        if matches!(kind, Some(Kind::Office | Kind::Other | Kind::Business)) {
            return true;
        }
        // A division's name just before the number, with at most "at" or
        // punctuation between ("Records (360) ...", "to Finance at ...").
        if let Some(g) = gov
            && g.same_line
            && g.label.kind == Kind::Division
        {
            let gap = self.slice(g.label.end, start);
            let words = gap
                .split(|b| !b.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>();
            if gap.len() <= 12
                && (words.is_empty()
                    || words == [b"at".as_slice()]
                    || words == [b"line".as_slice()])
            {
                return true;
            }
        }
        // An agency word on the same line after the number ("x204", "(main
        // line)"), or shortly before it with no personal label nearer.
        let t = self.text;
        let after = skip_blanks(t, end);
        if matches!(t.get(after), Some(b'x' | b'X'))
            && t.get(after + 1).is_some_and(u8::is_ascii_digit)
        {
            return true;
        }
        const AGENCY: &[Kind] = &[Kind::Office, Kind::Business];
        if let Some(office) = self.labels.near_before(start, 100, AGENCY) {
            // On the number's line or the line above, with no personal label
            // nearer to the number.
            let lines_between = self
                .slice(office.end, start)
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            // A person's e-mail just before the number on its line ("attn.
            // Dr. Lee\nlee@example.com · (360) 555-0108") makes the number
            // that person's too.
            let personal_email = self.out.last().is_some_and(|f| {
                f.category == Category::Email
                    && f.span.start > office.end
                    && f.span.end <= start
                    && !self.slice(f.span.end, start).contains(&b'\n')
            });
            let personal_nearer = personal_email
                || gov.is_some_and(|x| {
                    x.label.kind == Kind::PersonalPhone && x.label.start > office.start
                });
            if lines_between <= 1 && !personal_nearer {
                return true;
            }
        }
        // Right after it: "360-753-8000 (main line)", "..., Fax".
        self.labels.near_after_on_line(end, 3, AGENCY).is_some()
    }

    fn try_ein_dashed(&mut self, i: usize, gov: Option<Governing>) -> Option<usize> {
        if self.lens::<2>(i)? != [2, 7] || self.seps.get(i) != Some(&Sep::Dash) {
            return None;
        }
        let d = self.digits(i, i + 1);
        if !validate::ein(d.as_bytes()) {
            return Some(2);
        }
        let (s, e) = (self.group(i)?.start, self.group(i + 1)?.end);
        let ctx: Vec<Label> = gov.map(|x| x.label).into_iter().collect();
        self.push(Category::Ein, s, e, d, 0.95, "ein", &ctx);
        Some(2)
    }

    /// Dates: birth dates under a birth-date label, card expirations under an
    /// expiration label or just after a card number. Any other date is
    /// consumed so that its parts are not read as something else.
    fn try_date(&mut self, i: usize, gov: Option<Governing>) -> Option<usize> {
        let l3 = self.lens::<3>(i);
        let l2 = self.lens::<2>(i);
        let date_seps = [Sep::Slash, Sep::Dash, Sep::Dot];
        let start = self.group(i)?.start;
        let kind = gov.map(|x| x.label.kind);
        let ctx: Vec<Label> = gov.map(|x| x.label).into_iter().collect();
        if let Some(l) = l3
            && self.seps_ok(i, i + 2, &date_seps)
            && self.seps.get(i) == self.seps.get(i + 1)
        {
            let parts: Vec<u32> = (i..i + 3).map(|k| self.group_value(k)).collect();
            let ymd = match (l, parts.as_slice()) {
                ([4, 1..=2, 1..=2], &[y, m, d]) => Some((y, m, d)),
                ([1..=2, 1..=2, 4], &[m, d, y]) => Some((y, m, d)),
                ([1..=2, 1..=2, 2], &[m, d, y]) => {
                    Some((if y > 30 { 1900 + y } else { 2000 + y }, m, d))
                }
                _ => None,
            };
            if let Some((y, m, d)) = ymd
                && (1..=12).contains(&m)
                && (1..=31).contains(&d)
                && (1900..=2100).contains(&y)
            {
                let end = self.group(i + 2)?.end;
                if kind == Some(Kind::Dob) {
                    let v = format!("{y:04}-{m:02}-{d:02}");
                    self.push(
                        Category::DateOfBirth,
                        start,
                        end,
                        v,
                        0.9,
                        "date_of_birth",
                        &ctx,
                    );
                }
                return Some(3);
            }
            return None;
        }
        if let Some(l) = l2 {
            let sep = self.seps.get(i).copied();
            if matches!(sep, Some(Sep::Slash | Sep::Dash)) && matches!(l, [1..=2, 2] | [1..=2, 4]) {
                // Not the head of a longer date or number.
                if matches!(
                    self.seps.get(i + 1),
                    Some(Sep::Slash | Sep::Dash | Sep::Dot)
                ) {
                    return None;
                }
                let m = self.group_value(i);
                let y = self.digits(i + 1, i + 1);
                if !(1..=12).contains(&m) {
                    return None;
                }
                let end = self.group(i + 1)?.end;
                let near_card = self.near_card(start);
                let exp_label = kind == Some(Kind::Exp);
                if exp_label || (near_card && !matches!(kind, Some(Kind::Other | Kind::Dob))) {
                    let yy = y.parse::<u32>().unwrap_or(0);
                    let plausible = if y.len() == 2 {
                        yy <= 60
                    } else {
                        (2000..=2060).contains(&yy)
                    };
                    if plausible {
                        let v = format!("{m:02}/{y}");
                        let conf = if exp_label { 0.95 } else { 0.8 };
                        let ctx = if exp_label { ctx } else { vec![] };
                        self.push(
                            Category::CardExpiration,
                            start,
                            end,
                            v,
                            conf,
                            "card_expiration",
                            &ctx,
                        );
                        return Some(2);
                    }
                }
                if sep == Some(Sep::Slash) {
                    return Some(2);
                }
            }
        }
        None
    }

    /// Readings that need a label: routing, undashed SSN/ITIN/EIN, bank
    /// account, driver's license, check number, security code, bare phone.
    fn try_labelled(&mut self, i: usize, gov: Option<Governing>) -> Option<usize> {
        let g = self.group(i)?;
        // A bare code right after a card on its line, ending its run.
        let near_card = self.near_card(g.start) && i + 1 == self.groups.len();
        let Some(gv) = gov else {
            if near_card && g.pure() && (3..=4).contains(&g.digits) && self.is_lone(i) {
                let d = self.digits(i, i);
                self.push(
                    Category::CardSecurityCode,
                    g.start,
                    g.end,
                    d,
                    0.7,
                    "card_security_code",
                    &[],
                );
                self.last_card_end = None;
                return Some(1);
            }
            return None;
        };
        let label = gv.label;
        let ctx = [label];
        // A pure group's text is its digits: no copy until a finding.
        let text = self.text;
        let db = text.get(g.start..g.end).unwrap_or(&[]);
        let conf = if gv.same_line { 0.95 } else { 0.85 };
        match label.kind {
            Kind::Routing if g.pure() && g.digits == 9 && self.is_lone(i) => {
                if validate::aba(db) {
                    self.push(
                        Category::RoutingNumber,
                        g.start,
                        g.end,
                        digits_of(db),
                        conf,
                        "routing",
                        &ctx,
                    );
                }
                Some(1)
            }
            // Nine digits dashed some other way right after the label
            // ("ITIN 91278-4521": an extractor took the "912-" that ended a
            // line for a soft hyphen and dropped it).
            Kind::Ssn | Kind::Itin if gv.same_line && self.odd_dashed_nine(i) => {
                let k = self.dashed(i);
                let (s, e) = (g.start, self.group(k)?.end);
                let d = self.digits(i, k);
                if validate::itin(d.as_bytes()) {
                    self.push(Category::Itin, s, e, d, 0.9, "itin", &ctx);
                } else if label.kind == Kind::Ssn && validate::ssn(d.as_bytes()) {
                    self.push(Category::Ssn, s, e, d, 0.9, "ssn", &ctx);
                }
                Some(k - i + 1)
            }
            Kind::Ssn if g.pure() && g.digits == 9 && self.is_lone(i) => {
                if validate::itin(db) {
                    self.push(
                        Category::Itin,
                        g.start,
                        g.end,
                        digits_of(db),
                        conf,
                        "itin",
                        &ctx,
                    );
                } else if validate::ssn(db) {
                    self.push(
                        Category::Ssn,
                        g.start,
                        g.end,
                        digits_of(db),
                        conf,
                        "ssn",
                        &ctx,
                    );
                }
                Some(1)
            }
            Kind::Itin if g.pure() && g.digits == 9 && self.is_lone(i) => {
                if validate::itin(db) {
                    self.push(
                        Category::Itin,
                        g.start,
                        g.end,
                        digits_of(db),
                        conf,
                        "itin",
                        &ctx,
                    );
                }
                Some(1)
            }
            Kind::Ein if g.pure() && g.digits == 9 && self.is_lone(i) => {
                if validate::ein(db) {
                    self.push(
                        Category::Ein,
                        g.start,
                        g.end,
                        digits_of(db),
                        conf,
                        "ein",
                        &ctx,
                    );
                }
                Some(1)
            }
            Kind::Account => self.try_account(i, gv),
            Kind::License => self.try_license(i, gv),
            Kind::Check if g.pure() && (3..=12).contains(&g.digits) && self.is_lone(i) => {
                self.push(
                    Category::ElectronicCheck,
                    g.start,
                    g.end,
                    digits_of(db),
                    conf,
                    "electronic_check",
                    &ctx,
                );
                Some(1)
            }
            Kind::Cvv if g.pure() && (3..=4).contains(&g.digits) && self.is_lone(i) => {
                self.push(
                    Category::CardSecurityCode,
                    g.start,
                    g.end,
                    digits_of(db),
                    conf,
                    "card_security_code",
                    &ctx,
                );
                Some(1)
            }
            Kind::Card | Kind::Exp
                if near_card && g.pure() && (3..=4).contains(&g.digits) && self.is_lone(i) =>
            {
                self.push(
                    Category::CardSecurityCode,
                    g.start,
                    g.end,
                    digits_of(db),
                    0.7,
                    "card_security_code",
                    &[],
                );
                self.last_card_end = None;
                Some(1)
            }
            Kind::Phone | Kind::PersonalPhone if g.pure() && self.is_lone(i) => {
                let d10 = match g.digits {
                    10 => Some(digits_of(db)),
                    11 if db.first() == Some(&b'1') => db.get(1..).map(digits_of),
                    _ => None,
                };
                match d10 {
                    Some(d10) if validate::nanp(d10.as_bytes()) => {
                        self.phone(g.start, g.end, d10, gov);
                        Some(1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Does `start` follow a card number closely: on the card's line, or
    /// alone on one of the two lines under it ("4111 ... 1111\n09/27\n123",
    /// a form's cells read one per line)?
    fn near_card(&self, start: usize) -> bool {
        let Some(c) = self.last_card_end else {
            return false;
        };
        if c > start || start - c > CARD_REACH {
            return false;
        }
        let between = self.slice(c, start);
        let breaks = between.iter().filter(|&&b| b == b'\n').count();
        if breaks == 0 {
            return true;
        }
        // Below the card: the value opens its line and ends it, and the
        // line between (if any) is a short cell too (the expiration date).
        let t = self.text;
        let opens = between
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .all(|&b| b == b' ' || b == b'\t');
        let mut e = start;
        while t.get(e).is_some_and(|&b| is_token_byte(b) || b == b'/') {
            e += 1;
        }
        let ends = matches!(t.get(skip_blanks(t, e)), None | Some(b'\n'));
        // A line strictly between the card's and the value's holds the
        // card's expiration date ("09/27") and no more.
        let parts: Vec<&[u8]> = between.split(|&b| b == b'\n').collect();
        let middle = parts.get(1..parts.len().saturating_sub(1)).unwrap_or(&[]);
        let cells_ok = middle.iter().all(|l| {
            l.len() <= 12
                && l.contains(&b'/')
                && l.iter()
                    .all(|&b| b.is_ascii_digit() || b"/ \t".contains(&b))
        });
        breaks <= 2 && opens && ends && cells_ok
    }

    /// Do the groups from `i`, joined by dashes, spell nine digits in two or
    /// more pure groups other than the usual 3-2-4 (read by `try_ssn`)?
    fn odd_dashed_nine(&self, i: usize) -> bool {
        let k = self.dashed(i);
        if k == i || k - i > 2 {
            return false;
        }
        let gs: Vec<Group> = (i..=k).filter_map(|x| self.group(x)).collect();
        let lens: Vec<usize> = gs.iter().map(|g| g.digits).collect();
        gs.iter().all(Group::pure) && lens.iter().sum::<usize>() == 9 && lens != [3, 2, 4]
    }

    /// Is group `i` a whole value: not joined by a dash or dot to the next?
    fn is_lone(&self, i: usize) -> bool {
        !matches!(self.seps.get(i), Some(Sep::Dash | Sep::Dot | Sep::Slash))
    }

    /// The groups from `i` joined by dashes, as one token.
    fn dashed(&self, i: usize) -> usize {
        let mut k = i;
        while k + 1 < self.groups.len() && self.seps.get(k) == Some(&Sep::Dash) {
            k += 1;
        }
        k
    }

    fn try_account(&mut self, i: usize, gv: Governing) -> Option<usize> {
        let k = self.spaced_account(i).unwrap_or_else(|| self.dashed(i));
        // "DS-24-0919", "INV-2024-00817": the tail of an identifier whose
        // letters stand before a dash, not an account number.
        let gs0 = self.group(i)?.start;
        if gs0 >= 2
            && self.text.get(gs0 - 1) == Some(&b'-')
            && self
                .text
                .get(gs0 - 2)
                .is_some_and(u8::is_ascii_alphanumeric)
        {
            return Some(k - i + 1);
        }
        let gs: Vec<Group> = (i..=k).filter_map(|x| self.group(x)).collect();
        let digits: usize = gs.iter().map(|g| g.digits).sum();
        let letters: usize = gs.iter().map(|g| g.letters).sum();
        let used = k - i + 1;
        if gs.iter().any(|g| g.masked) || !(6..=17).contains(&digits) || letters > 4 {
            return None;
        }
        let (s, e) = (gs.first()?.start, gs.last()?.end);
        let v = alnum_upper(self.slice(s, e));
        let vb = v.as_bytes();
        if vb.iter().all(|&b| Some(&b) == vb.first()) {
            return Some(used);
        }
        let conf = if gv.same_line { 0.92 } else { 0.85 };
        self.push(
            Category::BankAccount,
            s,
            e,
            v,
            conf,
            "bank_account",
            &[gv.label],
        );
        Some(used)
    }

    /// The last group of an account number printed in spaced groups from
    /// group `i` ("9104 5527 3086", "3308 6612\n0947"): two or more pure
    /// groups of three or four digits, joined by single spaces or a line
    /// break, each as long as the first but the last, 8 to 17 digits in all.
    /// Not a phone's 3-3-4 shape, and not the head of a dashed or dotted
    /// identifier. Cards were tried before, so a Luhn-valid issuer run
    /// stays a card.
    fn spaced_account(&self, i: usize) -> Option<usize> {
        let first = self.group(i)?;
        if !first.pure() || !(3..=4).contains(&first.digits) {
            return None;
        }
        // The tail of a spaced number that began before ("12 3456 7890").
        if i > 0 && matches!(self.seps.get(i - 1), Some(Sep::Space | Sep::Break)) {
            return None;
        }
        let mut k = i;
        let mut lens = vec![first.digits];
        let mut total = first.digits;
        while let Some(g) = self.group(k + 1) {
            let joined = matches!(self.seps.get(k), Some(Sep::Space | Sep::Break));
            // Every group before this one must be as long as the first.
            let prev_full = lens.last() == Some(&first.digits);
            if !joined || !g.pure() || !(3..=4).contains(&g.digits) || !prev_full {
                break;
            }
            if total + g.digits > 17 {
                return None;
            }
            total += g.digits;
            lens.push(g.digits);
            k += 1;
        }
        let tail_glued = matches!(self.seps.get(k), Some(Sep::Dash | Sep::Dot | Sep::Slash));
        if k == i || total < 8 || tail_glued || lens == [3, 3, 4] {
            return None;
        }
        Some(k)
    }

    fn try_license(&mut self, i: usize, gv: Governing) -> Option<usize> {
        let k = self.dashed(i);
        let (s, e) = (self.group(i)?.start, self.group(k)?.end);
        // A state ID may start with letters that are a separate token only
        // by a dash ("WDL-...") — the run starts at the first digit token.
        let v = self
            .slice(s, e)
            .iter()
            .filter(|&&b| b != b'-')
            .map(|&b| b.to_ascii_uppercase() as char)
            .collect::<String>();
        let (conf, det) = license_format(v.as_bytes())?;
        let conf = if gv.same_line { conf } else { conf - 0.1 };
        self.push(Category::DriversLicense, s, e, v, conf, det, &[gv.label]);
        Some(k - i + 1)
    }

    fn address_ok(&self, a: &Address) -> bool {
        // In a letterhead, unless a field label ("Home:") stands before it.
        let gov = self.labels.governing(a.start, a.end);
        let personal = gov
            .filter(|g| g.same_line && matches!(g.label.kind, Kind::Field | Kind::PersonalPhone))
            .map(|g| g.label);
        if self.labels.in_letterhead(a.start) && personal.is_none() {
            return false;
        }
        // An agency's or a business's premises: "City Hall", "Dept.",
        // "LLC" just before the address, on its line or the line above
        // (unless a personal label such as "at home:" stands nearer), or
        // after it on its line.
        const AGENCY: &[Kind] = &[Kind::Office, Kind::Business];
        if let Some(office) = self.labels.near_before(a.start, 80, AGENCY)
            && personal.is_none_or(|p| p.start < office.start)
            && self
                .slice(office.end, a.start)
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                <= 1
        {
            return false;
        }
        if self.labels.near_after_on_line(a.end, 40, AGENCY).is_some() {
            return false;
        }
        // A street address with neither city nor ZIP ("Alarm response,
        // 2207 Harbor Ave") is a home only when something says so: a field
        // label over it or "resident of", "lives at" just before it.
        if !a.tail {
            let cued = gov.is_some_and(|g| {
                matches!(
                    g.label.kind,
                    Kind::Field | Kind::PersonalPhone | Kind::Residence
                )
            }) || self
                .labels
                .near_before(a.start, 40, &[Kind::Residence])
                .is_some();
            if !cued {
                return false;
            }
        }
        !matches!(gov, Some(g) if g.same_line && g.label.kind == Kind::Other && a.start - g.label.end <= 12)
    }

    /// Readers driven by a context word: passwords and access codes, and
    /// birth dates written with the month's name.
    fn keyword_pass(&mut self) {
        let list: Vec<Label> = self
            .labels
            .list
            .iter()
            .filter(|l| matches!(l.kind, Kind::Password | Kind::Dob))
            .copied()
            .collect();
        for l in list {
            match l.kind {
                Kind::Password if self.on(Category::Password) => {
                    if let Some((s, e)) = password_value(self.text, l.end) {
                        let v = String::from_utf8_lossy(self.slice(s, e)).into_owned();
                        self.push(Category::Password, s, e, v, 0.85, "password", &[l]);
                    }
                }
                Kind::Dob if self.on(Category::DateOfBirth) => {
                    let p = skip_space(self.text, l.end, 1);
                    let p = if matches!(self.text.get(p), Some(b':' | b'-')) {
                        skip_space(self.text, p + 1, 1)
                    } else {
                        p
                    };
                    let p = if matches!(self.slice(p, p + 3), b"on " | b"On ") {
                        p + 3
                    } else {
                        p
                    };
                    if let Some((e, v)) = parse_month_date(self.text, p) {
                        self.push(Category::DateOfBirth, p, e, v, 0.9, "date_of_birth", &[l]);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Driver's license and state ID formats, read only under a license label:
/// Washington (WDL + 9, or the older 12-character name code), California
/// (a letter and 7 digits), Illinois (a letter and 11 digits), Montana (13
/// or 9 digits, or a letter and 8), and a generic letters-and-digits form
/// at lower confidence.
pub(crate) fn license_format(v: &[u8]) -> Option<(f32, &'static str)> {
    let n = v.len();
    let digits = v.iter().filter(|b| b.is_ascii_digit()).count();
    let alnum = v.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'*');
    if !alnum || digits == 0 {
        return None;
    }
    let first_letter = v.first().is_some_and(u8::is_ascii_uppercase);
    let rest_digits = |k: usize| {
        v.get(1..)
            .is_some_and(|r| r.len() == k && r.iter().all(u8::is_ascii_digit))
    };
    if n == 12 && v.starts_with(b"WDL") {
        return Some((0.95, "drivers_license_wa"));
    }
    if n == 12
        && v.get(..7)
            .is_some_and(|h| h.iter().all(|b| b.is_ascii_uppercase() || *b == b'*'))
        && v.get(7..)
            .is_some_and(|t| t.iter().all(u8::is_ascii_alphanumeric))
    {
        return Some((0.9, "drivers_license_wa"));
    }
    if v.contains(&b'*') {
        return None;
    }
    if first_letter && rest_digits(7) {
        return Some((0.92, "drivers_license_ca"));
    }
    if first_letter && rest_digits(11) {
        return Some((0.95, "drivers_license_il"));
    }
    if (n == 13 || n == 9) && digits == n {
        return Some((0.9, "drivers_license_mt"));
    }
    if first_letter && rest_digits(8) {
        return Some((0.85, "drivers_license_mt"));
    }
    let letters = n - digits;
    if (6..=16).contains(&n) && digits >= 4 && letters <= 4 {
        return Some((0.75, "drivers_license"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<(Category, String, String)> {
        Scanner::new(&ScanOptions::default())
            .unwrap()
            .scan(text)
            .into_iter()
            .map(|f| (f.category, text[f.span].to_string(), f.value))
            .collect()
    }

    fn cats(text: &str) -> Vec<Category> {
        scan(text).into_iter().map(|(c, _, _)| c).collect()
    }

    #[test]
    fn digit_search_finds_every_position() {
        let text = b"abcdefgh ijklmnop qrstuvw5 xyz@ \xc3\xa9\xc3\xa9\xc3\xa99";
        let mut all = Vec::new();
        let mut p = 0;
        while let Some(at) = next_digit_or_at(text, p) {
            all.push(at);
            p = at + 1;
        }
        let want: Vec<usize> = text
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_digit() || **b == b'@')
            .map(|(i, _)| i)
            .collect();
        assert_eq!(all, want);
    }

    #[test]
    fn cards_in_every_grouping_and_split_across_lines() {
        for t in [
            "Card 4111 1111 1111 1111.",
            "card no 4111-1111-1111-1111",
            "4111111111111111",
            "charged to 4111 1111\n1111 1111 yesterday",
            "> card 4111 1111\n> 1111 1111 thanks",
            "Amex 3782 822463 10005",
        ] {
            let found = scan(t);
            assert_eq!(found.len(), 1, "{t}: {found:?}");
            assert_eq!(found[0].0, Category::CardNumber, "{t}");
        }
        let (_, span, value) = &scan("x 4111 1111\n1111 1111 y")[0];
        assert_eq!(span, "4111 1111\n1111 1111");
        assert_eq!(value, "4111111111111111");
    }

    #[test]
    fn masked_and_luhn_failing_cards_are_not_findings() {
        for t in [
            "Card **** **** **** 1234",
            "card XXXX-XXXX-XXXX-1234",
            "Card ending in 1234",
            "Visa xxxx1234",
            "Card 4111 1111 1111 1112",
            "Invoice 4111111111111111",
        ] {
            assert!(cats(t).is_empty(), "{t}: {:?}", scan(t));
        }
    }

    #[test]
    fn expiration_and_code_by_label_and_by_nearness() {
        assert_eq!(
            cats("Card: 4111 1111 1111 1111 09/27 123"),
            vec![
                Category::CardNumber,
                Category::CardExpiration,
                Category::CardSecurityCode
            ]
        );
        assert_eq!(cats("valid thru 9/2027"), vec![Category::CardExpiration]);
        assert_eq!(cats("CVC: 4821"), vec![Category::CardSecurityCode]);
        // A bare date far from any card is nothing.
        assert!(cats("Meeting moved to 09/27.").is_empty());
    }

    #[test]
    fn ssn_forms_and_invalid_areas() {
        assert_eq!(cats("SSN 123-45-6789"), vec![Category::Ssn]);
        assert_eq!(cats("born, 123-45-6789 is"), vec![Category::Ssn]);
        assert_eq!(cats("Social Security No. 123456789"), vec![Category::Ssn]);
        assert_eq!(cats("SS# 123 45 6789"), vec![Category::Ssn]);
        // Undashed without a label, and spaced without a label: not SSNs.
        assert!(cats("ref 123456789").is_empty());
        assert!(cats("counts 123 45 6789").is_empty());
        for bad in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "123-00-4567",
            "123-45-0000",
        ] {
            assert!(cats(&format!("SSN {bad}")).is_empty(), "{bad}");
        }
        assert_eq!(cats("ITIN 912-70-1234"), vec![Category::Itin]);
        // A line-end hyphen taken for a soft one: "912-\n78-4521".
        assert_eq!(cats("W-9 is ITIN 91278-4521."), vec![Category::Itin]);
        assert_eq!(cats("SSN: 12345-6789"), vec![Category::Ssn]);
        assert!(cats("Zip 98501-1234").is_empty());
        assert!(cats("Case 12345-6789").is_empty());
        assert_eq!(cats("EIN: 12-3456789"), vec![Category::Ein]);
        assert!(cats("Case 12-3456789").is_empty());
    }

    /// The bank accounts found in `text`, as (value, span text).
    fn accounts(text: &str) -> Vec<(String, String)> {
        scan(text)
            .into_iter()
            .filter(|(c, _, _)| *c == Category::BankAccount)
            .map(|(_, s, v)| (v, s))
            .collect()
    }

    #[test]
    fn accounts_in_spaced_groups_after_an_account_label() {
        let one = |v: &str, s: &str| vec![(v.to_string(), s.to_string())];
        assert_eq!(
            accounts("Account number: 9104 5527 3086 Type: Checking"),
            one("910455273086", "9104 5527 3086")
        );
        assert_eq!(
            accounts("ACH acct 6023 1187 4410"),
            one("602311874410", "6023 1187 4410")
        );
        let text = "Card 4111 1111\n1111 1111 exp 12/25; checking\naccount 5521 0048 3317 (routing\n026009593).";
        assert_eq!(
            cats(text),
            vec![
                Category::CardNumber,
                Category::CardExpiration,
                Category::BankAccount,
                Category::RoutingNumber
            ]
        );
        assert_eq!(accounts(text), one("552100483317", "5521 0048 3317"));
        let text = "my checking account number is 3308 6612\n0947 at routing number 121000358.";
        assert_eq!(
            cats(text),
            vec![Category::BankAccount, Category::RoutingNumber]
        );
        assert_eq!(accounts(text), one("330866120947", "3308 6612\n0947"));
        assert_eq!(
            accounts(
                "drawn on routing number 121000358, account no. 7781 0023 4457.\nReceipt no. FR-2024-03391."
            ),
            one("778100234457", "7781 0023 4457")
        );
        assert_eq!(
            accounts("Bank account 7781 0023 4457"),
            one("778100234457", "7781 0023 4457")
        );
        // Grouped and Luhn-valid with an issuer prefix: still a card.
        assert_eq!(
            cats("Account: 5555 5555 5555 4444"),
            vec![Category::CardNumber]
        );
    }

    #[test]
    fn spaced_look_alikes_are_not_accounts() {
        for t in [
            "Invoice 9104 5527 3086",
            "Parcel 6023 1187 4410",
            "Tracking 9400 1000 0000",
            "Case no. 2024 0193 3317",
            "Account balance 1 250 00",
            "account balance $1 250.00",
            "account opened 2019 03 14",
            "account 1234 567",
            "account 12 3456 7890",
            "account 4410 118 7744",
        ] {
            assert!(accounts(t).is_empty(), "{t}: {:?}", scan(t));
        }
        // A phone after "account" is a phone (or nothing), never an account.
        for t in ["account (360) 555 0108", "account 360 555 0108"] {
            assert!(accounts(t).is_empty(), "{t}: {:?}", scan(t));
        }
    }

    #[test]
    fn accounts_and_routing_need_context_and_checksums() {
        assert_eq!(cats("Acct # 004417823"), vec![Category::BankAccount]);
        assert_eq!(
            cats("and my acct # is\n0044178-23 and"),
            vec![Category::BankAccount]
        );
        assert!(cats("the account was closed\n0044178-23").is_empty());
        // Stacked cells: a column of labels, then a column of values.
        let stacked = "Name\nJ. Doe\nAccount Number\nRouting Number\n0012345678\n121000358\n";
        assert_eq!(
            cats(stacked),
            vec![Category::BankAccount, Category::RoutingNumber]
        );
        // Luhn-valid with a Visa prefix, but unbroken under an account label.
        assert_eq!(
            cats("checking account 4111111111111111"),
            vec![Category::BankAccount]
        );
        assert_eq!(
            cats("Account: 4111 1111 1111 1111"),
            vec![Category::CardNumber]
        );
        assert_eq!(cats("Routing: 121000358"), vec![Category::RoutingNumber]);
        assert!(cats("Routing: 121000359").is_empty());
        assert!(cats("Order 004417823").is_empty());
        // "lic" inside "public" and "account" inside "accountant" are not
        // context words.
        assert!(cats("public 004417823").is_empty());
        assert!(cats("accountant 004417823").is_empty());
        assert_eq!(
            cats("IBAN DE89 3704 0044 0532 0130 00"),
            vec![Category::BankAccount]
        );
        assert_eq!(cats("Check No. 10442"), vec![Category::ElectronicCheck]);
    }

    #[test]
    fn licenses_only_with_context() {
        assert_eq!(
            cats("Driver's License: WDL12345678X"),
            vec![Category::DriversLicense]
        );
        assert_eq!(cats("DL# A1234567"), vec![Category::DriversLicense]);
        assert_eq!(
            cats("IL DL: S123-4567-8901"),
            vec![Category::DriversLicense]
        );
        assert_eq!(cats("Lic. 0123456789012"), vec![Category::DriversLicense]);
        assert!(cats("WDL12345678X").is_empty());
        assert!(cats("A1234567").is_empty());
        assert!(cats("Business License 604123456").is_empty());
        assert!(cats("License: ABCDEFGHIJKL").is_empty());
        assert!(cats("republic 0123456789012").is_empty());
    }

    #[test]
    fn phones_personal_and_office() {
        assert_eq!(cats("Cell: (360) 555-0142"), vec![Category::Phone]);
        assert_eq!(cats("call me at 360.555.0142"), vec![Category::Phone]);
        assert!(cats("City Hall main line 360-753-8000").is_empty());
        assert!(cats("Fax: 360-753-8087").is_empty());
        assert!(cats("Office\n360-753-8087").is_empty());
        assert!(cats("call 1-800-555-0142").is_empty());
        assert!(cats("Phone 360-753-8000 x204").is_empty());
    }

    #[test]
    fn dates_of_birth_and_passwords() {
        let found = scan("DOB: 03/14/1985  Date of birth March 4, 1987");
        let values: Vec<&str> = found.iter().map(|(_, _, v)| v.as_str()).collect();
        assert_eq!(values, vec!["1985-03-14", "1987-03-04"]);
        assert!(cats("Date: 03/14/1985").is_empty());
        assert_eq!(scan("PIN: 4821")[0].1, "4821");
        assert_eq!(scan("password is Bl4ck-Cat!")[0].1, "Bl4ck-Cat!");
        assert!(cats("password reset requests").is_empty());
    }

    #[test]
    fn addresses_emails_and_agency_premises() {
        assert_eq!(
            scan("lives at 412 W Maple St Apt 3, Olympia, WA 98501 now")[0].2,
            "412 W MAPLE ST APT 3, OLYMPIA, WA 98501"
        );
        assert!(cats("City Hall, 601 4th Ave E, Olympia, WA 98501").is_empty());
        assert_eq!(cats("from Jane.Roe@Gmail.com"), vec![Category::Email]);
        assert_eq!(scan("from Jane.Roe@Gmail.com")[0].2, "jane.roe@gmail.com");
        assert!(cats("records@olympiawa.gov").is_empty());
    }

    #[test]
    fn letterheads_and_ledger_accounts_are_the_agency_s() {
        let page = "CITY OF LACEY\n420 College St SE, Lacey, WA 98503 (360) 491-3214\n\nJune 3, 2024\n\nAnn Lee\n12 Oak Ave, Lacey, WA 98503\n(360) 555-0142\n";
        let found = scan(page);
        let texts: Vec<&str> = found.iter().map(|(_, t, _)| t.as_str()).collect();
        assert_eq!(texts, vec!["12 Oak Ave, Lacey, WA 98503", "(360) 555-0142"]);
        assert!(cats("GL Account 101-5310-4100").is_empty());
        // A form under a header is not a letterhead.
        let form = "OLYMPIA POLICE DEPARTMENT\nCase 24-012345\nName: J. Doe\nHome: 12 Oak Ave, Lacey, WA 98503\nWork: 360-753-8000\n";
        assert_eq!(cats(form), vec![Category::Address]);
        let two = "Phone: 360-555-0142 (home)  Work: 360-753-8000 (main line)";
        assert_eq!(scan(two).len(), 1);
        assert_eq!(scan(two)[0].1, "360-555-0142");
        assert!(cats("Budget account 101-531041").is_empty());
        // A table under the agency's name: its rows are not the letterhead.
        let register = "CITY OF LAKEMONT - REFUNDS REGISTER\nPrepared by Finance (360) 753-8200.\nDate   Payee   Payee address   Method / account\n02/01/2024   G. Nakamura   915 Willow Bend Dr, Lakemont, WA 98516   ACH\n";
        let got: Vec<(Category, String)> =
            scan(register).into_iter().map(|(c, s, _)| (c, s)).collect();
        assert_eq!(
            got,
            vec![(
                Category::Address,
                "915 Willow Bend Dr, Lakemont, WA 98516".to_string()
            )]
        );
    }

    /// (category, span text) of every finding.
    fn found(text: &str) -> Vec<(Category, String)> {
        scan(text).into_iter().map(|(c, s, _)| (c, s)).collect()
    }

    #[test]
    fn label_blocks_dense_and_sparse() {
        // LibreOffice: the column of field names, a blank line, the column
        // of values; the address's ZIP wrapped to its own line.
        let dense = "Section A - Applicant\nApplicant name\nHome address\nCell phone\nDate of birth\nDriver license no.\nOwner of record\nParcel no.\nDate signed\n\nSam Whitaker\n5816 Larchmont Ct SE, Lakemont, WA\n98513\n(360) 555-0124\n11/02/1974\nWDLK3P9T5X2Z\nSam and Ellen Whitaker\n78450-112-004\n03/04/2024\n";
        let got = found(dense);
        let want = [
            (
                Category::Address,
                "5816 Larchmont Ct SE, Lakemont, WA\n98513",
            ),
            (Category::Phone, "(360) 555-0124"),
            (Category::DateOfBirth, "11/02/1974"),
            (Category::DriversLicense, "WDLK3P9T5X2Z"),
        ];
        let want: Vec<(Category, String)> =
            want.iter().map(|(c, s)| (*c, (*s).to_string())).collect();
        assert_eq!(got, want);
        // Card fields: the expiration and code under their names, and a
        // business's phone under "Business phone" is not a person's.
        let card = "Card type\nCard number\nExpiration\nSecurity code\nBilling ZIP\n\nDiscover\n6011 1111 1111 1117\n04/27\n319\n98513\n";
        assert_eq!(
            cats(card),
            vec![
                Category::CardNumber,
                Category::CardExpiration,
                Category::CardSecurityCode
            ]
        );
        let business = "Contractor\nFederal EIN\nBusiness phone\n\nDeck & Fence LLC\n47-2958136\n(360) 753-4410\n";
        assert_eq!(cats(business), vec![Category::Ein]);
        // Chromium: every cell a paragraph, a row's header cells first.
        let sparse = "Records (360) 753-8422\n\nVICTIM NAME\n\nDATE OF BIRTH\n\nSEX / RACE\n\nRosa Price\n\nSeptember 30, 1986\n\nF/H\n\nDRIVER LICENSE / STATE\n\nOFFICER\n\nCASE NO.\n\nWDLN4B7Q2M8J / WA\n\nK. Brandt #417\n\n360-555-0193\n\nOFFENSE\n";
        let got = found(sparse);
        assert_eq!(
            got,
            vec![
                (Category::DateOfBirth, "September 30, 1986".to_string()),
                (Category::DriversLicense, "WDLN4B7Q2M8J".to_string()),
            ]
        );
        // Counts that do not line up give no label: a date is not a birth
        // date because some label above it once said so.
        let uneven = "Date of birth\nName\n\n11/02/1974\n03/04/2024\nJ. Doe\n";
        assert!(cats(uneven).is_empty(), "{:?}", scan(uneven));
        let prose = "Date of birth\nName\n\nThe meeting was held in the council chambers on the evening of\n03/04/2024\n";
        assert!(cats(prose).is_empty(), "{:?}", scan(prose));
    }

    #[test]
    fn prose_of_real_mail() {
        let mail = "I reset it and the temporary password it gave me was\nTidewater#5521 but that did not work either.\nYou can reach me on my cell at (360) 555-0157 or at home: 3104 Bayview Terrace NW, Lakemont, WA\n98502.\n";
        assert_eq!(
            found(mail),
            vec![
                (Category::Password, "Tidewater#5521".to_string()),
                (Category::Phone, "(360) 555-0157".to_string()),
                (
                    Category::Address,
                    "3104 Bayview Terrace NW, Lakemont, WA\n98502".to_string()
                ),
            ]
        );
        assert_eq!(
            found("I live at 1420 Elm Street, Apt 3, Tacoma, WA 98402."),
            vec![(
                Category::Address,
                "1420 Elm Street, Apt 3, Tacoma, WA 98402".to_string()
            )]
        );
        assert_eq!(
            found("her personal number (253)\n555-0178 be used"),
            vec![(Category::Phone, "(253)\n555-0178".to_string())]
        );
        for t in [
            "The password reset link was sent to me.",
            "The password policy is 12 characters.",
            "We walked down Elm Street to the park.",
            "Alarm response, 2207 Harbor Ave (3rd in 12 mo.)",
            "Deposit slip DS-24-0919",
            "If you do not see it by March 15, call us at (360) 753-8275.",
            "Questions to Finance at (360) 753-8240.",
            "Records (360) 753-8422",
            "To: Parks <parks.reservations@city.example.org>",
            "Case 253-555-0178 was opened.",
        ] {
            assert!(cats(t).is_empty(), "{t}: {:?}", scan(t));
        }
        // A division's name far before a number in prose is just a word.
        assert_eq!(
            cats("Medical records were sent to Jane Roe, 360-555-0142."),
            vec![Category::Phone]
        );
        // A street address without city is a home when the prose says so.
        assert_eq!(
            cats("Testimony by a resident of 98 Lakeview Ct Unit C."),
            vec![Category::Address]
        );
    }

    #[test]
    fn expiration_and_code_in_cells_under_the_card() {
        assert_eq!(
            cats("Card: 4111 1111 1111 1111\n09/27\n123\nCardholder J. Doe\n"),
            vec![
                Category::CardNumber,
                Category::CardExpiration,
                Category::CardSecurityCode
            ]
        );
        for t in [
            "Visa 4111 1111 1111 1111\nQty\n250\n",
            "Visa 4111 1111 1111 1111\n\n250\n",
            "Visa 4111 1111 1111 1111\n250 units shipped\n",
            "Visa 4111 1111 1111 1111\nMeeting 09/27 at noon\n",
        ] {
            assert_eq!(cats(t), vec![Category::CardNumber], "{t}: {:?}", scan(t));
        }
    }

    #[test]
    fn a_number_given_as_an_office_line_stays_one() {
        let page = "CITY OF LAKEMONT - UTILITY BILLING\n410 Harbor Ave E, Lakemont, WA 98516 Customer Service (360) 753-8300\n\nStatement for March\nService period 30 days\nAccount holder Jane Roe, (360) 555-0142\nQuestions? Call (360) 753-8300.\n";
        assert_eq!(
            found(page),
            vec![(Category::Phone, "(360) 555-0142".to_string())]
        );
        // A business's line above, but a person's e-mail beside the number.
        let attn = "Harbor Light Dental PLLC, attn. Dr. Anika Sorensen\nanika.sorensen@example.com (360) 555-0108\n";
        assert_eq!(cats(attn), vec![Category::Email, Category::Phone]);
    }

    #[test]
    fn findings_are_sorted_unique_and_non_overlapping() {
        let text = "SSN 123-45-6789 Card 4111 1111 1111 1111 Acct 004417823 SSN 123-45-6789";
        let f = Scanner::new(&ScanOptions::default()).unwrap().scan(text);
        for w in f.windows(2) {
            assert!(w[0].span.end <= w[1].span.start, "{w:?}");
        }
        assert_eq!(f.len(), 4);
    }

    #[test]
    fn categories_can_be_switched_off_and_custom_terms_found() {
        let opts = ScanOptions {
            categories: vec![Category::Ssn, Category::Custom],
            custom_terms: vec!["Jane Roe".into()],
            ..ScanOptions::default()
        };
        let s = Scanner::new(&opts).unwrap();
        let f = s.scan("Jane\nRoe, SSN 123-45-6789, card 4111 1111 1111 1111");
        let c: Vec<Category> = f.iter().map(|f| f.category).collect();
        assert_eq!(c, vec![Category::Custom, Category::Ssn]);
        assert!(
            Scanner::new(&ScanOptions {
                custom_terms: vec!["  ".into()],
                ..ScanOptions::default()
            })
            .is_err()
        );
        let mut pushed = Vec::new();
        s.scan_into("SSN 123-45-6789", &mut |f| pushed.push(f));
        assert_eq!(pushed.len(), 1);
    }

    #[test]
    fn odd_input_never_panics() {
        let s = Scanner::new(&ScanOptions {
            custom_terms: vec!["é".into()],
            ..ScanOptions::default()
        })
        .unwrap();
        for t in [
            "",
            "@",
            "9",
            "-\n",
            "(",
            "4111 1111 1111 111\u{e9}",
            "é@é.é 12345678901234567890123456789 ****",
            "Password:",
            "DOB: 99/99/9999",
            "acct 1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6",
            "\u{2022}\u{2022}\u{2022}\u{2022} 1234",
        ] {
            let _ = s.scan(t);
        }
        let long: String = "1 ".repeat(5000) + &"9".repeat(5000);
        let _ = s.scan(&long);
    }
}
