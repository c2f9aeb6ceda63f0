//! Context words ("labels"): one precomputed case-insensitive matcher finds
//! every whole-word label of the page in a single pass; detectors then look
//! up the label that governs a candidate value.

use std::cell::Cell;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::error::Error;
use crate::text::is_word_byte;

/// What a context word announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Card,
    Exp,
    Cvv,
    Account,
    Routing,
    Check,
    Ssn,
    Itin,
    Ein,
    License,
    Dob,
    Password,
    /// A phone label that does not say whose phone ("Phone", "Tel").
    Phone,
    /// A phone label that says it is a person's ("Cell", "Home phone").
    PersonalPhone,
    /// An agency's lines and premises ("City Hall", "Fax", "Dept").
    Office,
    /// An agency's division ("Records", "Finance", "Customer Service"): a
    /// phone number right after it ("Questions to Finance at ...") is that
    /// division's line; further away it is only a word of prose.
    Division,
    /// Prose saying where someone lives ("resident of", "lives at"): a
    /// street address after it is a home even without city and ZIP.
    Residence,
    /// A field name that governs nothing of ours ("Address", "Name",
    /// "Date"): it stops a label further up from reaching the value.
    Field,
    /// A business ("LLC", "Inc.", "Remit to"): its phone and premises are
    /// not a person's.
    Business,
    /// An agency's name ("City of", "County"): in a letterhead, the
    /// address and phone under it are the agency's.
    Agency,
    /// A label of some other identifier (invoice, case, parcel, amount ...):
    /// the value it governs is not one of ours.
    Other,
}

/// The context words, lowercase. Apostrophes appear in both the ASCII and
/// the typographic form because PDF text carries either.
const WORDS: &[(&str, Kind)] = &[
    // cards
    ("card", Kind::Card),
    ("card number", Kind::Card),
    ("card no", Kind::Card),
    ("card #", Kind::Card),
    ("credit card", Kind::Card),
    ("debit card", Kind::Card),
    ("cc", Kind::Card),
    ("cc#", Kind::Card),
    ("visa", Kind::Card),
    ("mastercard", Kind::Card),
    ("amex", Kind::Card),
    ("american express", Kind::Card),
    ("discover", Kind::Card),
    ("pan", Kind::Card),
    // expiration
    ("exp", Kind::Exp),
    ("exp.", Kind::Exp),
    ("exp date", Kind::Exp),
    ("expires", Kind::Exp),
    ("expiration", Kind::Exp),
    ("expiration date", Kind::Exp),
    ("expiry", Kind::Exp),
    ("valid thru", Kind::Exp),
    ("valid through", Kind::Exp),
    ("good thru", Kind::Exp),
    ("good through", Kind::Exp),
    // security codes
    ("cvv", Kind::Cvv),
    ("cvv2", Kind::Cvv),
    ("cvc", Kind::Cvv),
    ("cvc2", Kind::Cvv),
    ("cid", Kind::Cvv),
    ("csc", Kind::Cvv),
    ("security code", Kind::Cvv),
    ("card code", Kind::Cvv),
    ("card verification", Kind::Cvv),
    ("verification code", Kind::Cvv),
    // accounts
    ("account", Kind::Account),
    ("account number", Kind::Account),
    ("account no", Kind::Account),
    ("acct", Kind::Account),
    ("acct.", Kind::Account),
    ("acct#", Kind::Account),
    ("a/c", Kind::Account),
    ("checking", Kind::Account),
    ("savings", Kind::Account),
    ("deposit", Kind::Account),
    ("direct deposit", Kind::Account),
    ("loan", Kind::Account),
    ("member number", Kind::Account),
    ("member no", Kind::Account),
    ("member #", Kind::Account),
    ("member id", Kind::Account),
    ("share", Kind::Account),
    ("brokerage", Kind::Account),
    ("iban", Kind::Account),
    // routing
    ("routing", Kind::Routing),
    ("routing number", Kind::Routing),
    ("routing no", Kind::Routing),
    ("aba", Kind::Routing),
    ("aba#", Kind::Routing),
    ("rtn", Kind::Routing),
    ("transit", Kind::Routing),
    ("routing/transit", Kind::Routing),
    // electronic checks
    ("check number", Kind::Check),
    ("check no", Kind::Check),
    ("check #", Kind::Check),
    ("check num", Kind::Check),
    ("e-check", Kind::Check),
    ("echeck", Kind::Check),
    ("electronic check", Kind::Check),
    ("ach", Kind::Check),
    ("ach trace", Kind::Check),
    // SSN, ITIN, EIN
    ("ssn", Kind::Ssn),
    ("ss#", Kind::Ssn),
    ("ss #", Kind::Ssn),
    ("ss no", Kind::Ssn),
    ("soc sec", Kind::Ssn),
    ("soc. sec.", Kind::Ssn),
    ("social security", Kind::Ssn),
    ("social security number", Kind::Ssn),
    ("social", Kind::Ssn),
    ("itin", Kind::Itin),
    ("individual taxpayer", Kind::Itin),
    ("ein", Kind::Ein),
    ("fein", Kind::Ein),
    ("employer identification", Kind::Ein),
    ("employer id", Kind::Ein),
    ("federal tax id", Kind::Ein),
    ("tax id", Kind::Ein),
    ("federal id", Kind::Ein),
    ("tin", Kind::Ein),
    ("tax identification", Kind::Ein),
    // driver's license and state ID
    ("driver's license", Kind::License),
    ("driver\u{2019}s license", Kind::License),
    ("drivers license", Kind::License),
    ("driver license", Kind::License),
    ("driver's lic", Kind::License),
    ("driver lic", Kind::License),
    ("drivers lic", Kind::License),
    ("dl", Kind::License),
    ("dl#", Kind::License),
    ("d.l.", Kind::License),
    ("dln", Kind::License),
    ("cdl", Kind::License),
    ("oln", Kind::License),
    ("lic", Kind::License),
    ("lic.", Kind::License),
    ("lic#", Kind::License),
    ("license", Kind::License),
    ("license no", Kind::License),
    ("license number", Kind::License),
    ("state id", Kind::License),
    ("id card", Kind::License),
    ("identification card", Kind::License),
    ("operator's license", Kind::License),
    ("permit no", Kind::Other),
    ("business license", Kind::Other),
    ("contractor license", Kind::Other),
    ("contractor's license", Kind::Other),
    ("liquor license", Kind::Other),
    ("marriage license", Kind::Other),
    ("dog license", Kind::Other),
    ("pet license", Kind::Other),
    ("license plate", Kind::Other),
    ("plate", Kind::Other),
    // date of birth
    ("dob", Kind::Dob),
    ("d.o.b.", Kind::Dob),
    ("d.o.b", Kind::Dob),
    ("date of birth", Kind::Dob),
    ("birth date", Kind::Dob),
    ("birthdate", Kind::Dob),
    ("birthday", Kind::Dob),
    ("born", Kind::Dob),
    // passwords and access codes
    ("password", Kind::Password),
    ("passwd", Kind::Password),
    ("pwd", Kind::Password),
    ("passcode", Kind::Password),
    ("pass code", Kind::Password),
    ("passphrase", Kind::Password),
    ("pin", Kind::Password),
    ("pin number", Kind::Password),
    ("pin #", Kind::Password),
    ("access code", Kind::Password),
    ("gate code", Kind::Password),
    ("door code", Kind::Password),
    ("alarm code", Kind::Password),
    ("lockbox code", Kind::Password),
    ("login code", Kind::Password),
    // phones
    ("phone", Kind::Phone),
    ("phone number", Kind::Phone),
    ("phone no", Kind::Phone),
    ("ph", Kind::Phone),
    ("tel", Kind::Phone),
    ("tel.", Kind::Phone),
    ("telephone", Kind::Phone),
    ("contact number", Kind::Phone),
    ("daytime phone", Kind::Phone),
    ("cell", Kind::PersonalPhone),
    ("cell phone", Kind::PersonalPhone),
    ("cellphone", Kind::PersonalPhone),
    ("mobile", Kind::PersonalPhone),
    ("home", Kind::PersonalPhone),
    ("home phone", Kind::PersonalPhone),
    ("personal phone", Kind::PersonalPhone),
    ("personal cell", Kind::PersonalPhone),
    ("text", Kind::PersonalPhone),
    ("call me", Kind::PersonalPhone),
    ("reach me", Kind::PersonalPhone),
    ("text me", Kind::PersonalPhone),
    ("contact me", Kind::PersonalPhone),
    ("my number", Kind::PersonalPhone),
    ("my phone", Kind::PersonalPhone),
    ("personal number", Kind::PersonalPhone),
    // an agency's own lines and premises
    ("office", Kind::Office),
    ("main line", Kind::Office),
    ("work", Kind::Office),
    ("work phone", Kind::Office),
    ("office phone", Kind::Office),
    ("desk phone", Kind::Office),
    ("main number", Kind::Office),
    ("main office", Kind::Office),
    ("city hall", Kind::Office),
    ("fax", Kind::Office),
    ("dept", Kind::Office),
    ("dept.", Kind::Office),
    ("department", Kind::Office),
    ("switchboard", Kind::Office),
    ("reception", Kind::Office),
    ("front desk", Kind::Office),
    ("tty", Kind::Office),
    ("tdd", Kind::Office),
    ("toll free", Kind::Office),
    ("toll-free", Kind::Office),
    ("hotline", Kind::Office),
    ("non-emergency", Kind::Office),
    ("ext", Kind::Office),
    ("ext.", Kind::Office),
    ("extension", Kind::Office),
    ("clerk's office", Kind::Office),
    ("records center", Kind::Office),
    ("public works", Kind::Office),
    ("police", Kind::Office),
    ("sheriff", Kind::Office),
    ("courthouse", Kind::Office),
    // an agency's own voice ("call us at ...")
    ("records officer", Kind::Office),
    ("records clerk", Kind::Office),
    ("city clerk", Kind::Office),
    ("permit center", Kind::Office),
    ("call us", Kind::Office),
    ("contact us", Kind::Office),
    ("reach us", Kind::Office),
    // other identifiers and amounts
    ("invoice", Kind::Other),
    ("inv", Kind::Other),
    ("inv.", Kind::Other),
    ("case", Kind::Other),
    ("case no", Kind::Other),
    ("cause no", Kind::Other),
    ("docket", Kind::Other),
    ("parcel", Kind::Other),
    ("apn", Kind::Other),
    ("ordinance", Kind::Other),
    ("ord.", Kind::Other),
    ("resolution", Kind::Other),
    ("tracking", Kind::Other),
    ("order", Kind::Other),
    ("order no", Kind::Other),
    ("purchase order", Kind::Other),
    ("po", Kind::Other),
    ("p.o.", Kind::Other),
    ("permit", Kind::Other),
    ("claim", Kind::Other),
    ("reference", Kind::Other),
    ("ref", Kind::Other),
    ("ref.", Kind::Other),
    ("receipt", Kind::Other),
    ("confirmation", Kind::Other),
    ("ticket", Kind::Other),
    ("citation", Kind::Other),
    ("request", Kind::Other),
    ("request no", Kind::Other),
    ("contract", Kind::Other),
    ("project", Kind::Other),
    ("policy", Kind::Other),
    ("policy no", Kind::Other),
    ("utility account", Kind::Other),
    ("customer account", Kind::Other),
    ("service account", Kind::Other),
    ("employee id", Kind::Other),
    ("employee no", Kind::Other),
    ("badge", Kind::Other),
    ("vin", Kind::Other),
    ("serial", Kind::Other),
    ("serial no", Kind::Other),
    ("model", Kind::Other),
    ("item", Kind::Other),
    ("sku", Kind::Other),
    ("batch", Kind::Other),
    ("amount", Kind::Other),
    ("total", Kind::Other),
    ("balance", Kind::Other),
    ("fee", Kind::Other),
    ("zip", Kind::Other),
    ("file no", Kind::Other),
    ("record no", Kind::Other),
    ("instrument", Kind::Other),
    ("recording no", Kind::Other),
    ("page", Kind::Other),
    // ledger accounts of the agency, not anyone's bank account
    ("gl account", Kind::Other),
    ("g/l account", Kind::Other),
    ("account code", Kind::Other),
    ("budget account", Kind::Other),
    ("expense account", Kind::Other),
    ("revenue account", Kind::Other),
    ("fund", Kind::Other),
    ("object code", Kind::Other),
    ("line item", Kind::Other),
    // businesses
    ("llc", Kind::Business),
    ("l.l.c.", Kind::Business),
    ("pllc", Kind::Business),
    ("inc", Kind::Business),
    ("inc.", Kind::Business),
    ("corp", Kind::Business),
    ("corp.", Kind::Business),
    ("corporation", Kind::Business),
    ("company", Kind::Business),
    ("ltd", Kind::Business),
    ("remit to", Kind::Business),
    ("vendor", Kind::Business),
    ("contractor", Kind::Business),
    ("business phone", Kind::Business),
    ("business address", Kind::Business),
    // agency names, for letterheads
    ("city of", Kind::Agency),
    ("town of", Kind::Agency),
    ("county of", Kind::Agency),
    ("state of", Kind::Agency),
    ("county", Kind::Agency),
    ("district", Kind::Agency),
    ("police department", Kind::Agency),
    ("fire department", Kind::Agency),
    ("public utility", Kind::Agency),
    // an agency's divisions, as words of prose too ("my records")
    ("records", Kind::Division),
    ("clerk", Kind::Division),
    ("finance", Kind::Division),
    ("purchasing", Kind::Division),
    ("payroll", Kind::Division),
    ("accounts payable", Kind::Division),
    ("customer service", Kind::Division),
    ("human resources", Kind::Division),
    ("treasurer", Kind::Division),
    // where someone lives
    ("resident", Kind::Residence),
    ("resident of", Kind::Residence),
    ("resides", Kind::Residence),
    ("resides at", Kind::Residence),
    ("reside at", Kind::Residence),
    ("lives at", Kind::Residence),
    ("lives on", Kind::Residence),
    ("live at", Kind::Residence),
    ("living at", Kind::Residence),
    ("moved to", Kind::Residence),
    ("my house", Kind::Residence),
    ("her house", Kind::Residence),
    ("his house", Kind::Residence),
    ("their house", Kind::Residence),
    // neutral field names
    ("address", Kind::Field),
    ("home address", Kind::Field),
    ("mailing address", Kind::Field),
    ("billing address", Kind::Field),
    ("street address", Kind::Field),
    ("residence", Kind::Field),
    ("name", Kind::Field),
    ("date", Kind::Field),
    ("state", Kind::Field),
    ("sex", Kind::Field),
    ("type", Kind::Field),
    ("bank name", Kind::Field),
    ("employee", Kind::Field),
    ("email", Kind::Field),
    ("e-mail", Kind::Field),
];

/// One context word found in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// The precomputed matcher.
#[derive(Debug, Clone)]
pub(crate) struct LabelMatcher {
    ac: AhoCorasick,
}

impl LabelMatcher {
    pub(crate) fn new() -> Result<Self, Error> {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(WORDS.iter().map(|(w, _)| w))
            .map_err(|e| Error::Matcher(e.to_string()))?;
        Ok(LabelMatcher { ac })
    }

    /// Every whole-word label of `text`, in order. Whole word: the bytes on
    /// either side are not letters or digits, so "lic" never fires inside
    /// "public" nor "pin" inside "spinach".
    pub(crate) fn find_all(&self, text: &str) -> Vec<Label> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let before_ok = s == 0 || bytes.get(s - 1).is_none_or(|&b| !is_word_byte(b));
            let last_is_word = bytes
                .get(e.wrapping_sub(1))
                .is_some_and(|&b| is_word_byte(b));
            let after_ok = !last_is_word || bytes.get(e).is_none_or(|&b| !is_word_byte(b));
            // Inside a path ("/usr/share/icons") or a hyphenated compound
            // ("policy-to-pin-pre"): a piece of a name, not a word.
            let at = |i: usize| bytes.get(i).copied();
            let in_path = s > 0 && at(s - 1) == Some(b'/') && at(e) == Some(b'/');
            let alpha = |i: usize| at(i).is_some_and(|b| b.is_ascii_alphabetic());
            // A word joined by a hyphen to a word after it modifies that
            // word ("CID-keyed fonts", "card-holder"); one joined on both
            // sides is a piece of a longer name.
            let in_compound = at(e) == Some(b'-') && alpha(e + 1);
            if before_ok
                && after_ok
                && !in_path
                && !in_compound
                && let Some(&(_, kind)) = WORDS.get(m.pattern().as_usize())
            {
                out.push(Label {
                    start: s,
                    end: e,
                    kind,
                });
            }
        }
        out
    }
}

/// How far back a label on the value's own line still governs it.
const SAME_LINE_REACH: usize = 80;
/// How many lines above the value a label (form label over its field, or a
/// table's column header over its rows) may stand; a blank line ends the
/// search.
const LINES_UP: usize = 12;
/// Bytes above the value searched for such a label.
const UP_REACH: usize = 1200;
/// The longest field name of a label block ("Driver license no.").
const BLOCK_LABEL_LEN: usize = 48;
/// The longest value line of a label block.
const BLOCK_VALUE_LEN: usize = 80;
/// The most lines of a label block's run of values or labels.
const BLOCK_MAX: usize = 16;
/// How far a column header's start may stand from its value's start.
const COLUMN_SLACK: usize = 3;

/// Is this the rest of a line after a label, holding only punctuation and
/// at most two filler words ("Acct # is", "account number was")?
fn ends_with_filler(rest: &[u8]) -> bool {
    const FILLER: &[&[u8]] = &[
        b"is", b"was", b"number", b"no", b"num", b"of", b"my", b"the", b"are",
    ];
    let mut words = 0;
    for w in rest.split(|b| !b.is_ascii_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        words += 1;
        if words > 2 || !FILLER.iter().any(|f| f.eq_ignore_ascii_case(w)) {
            return false;
        }
    }
    rest.iter()
        .all(|b| b.is_ascii_alphanumeric() || b" \t\r:#.-".contains(b))
}

/// The labels of a page, with lookups.
pub(crate) struct Labels<'a> {
    pub list: Vec<Label>,
    text: &'a [u8],
    /// Start of every line.
    lines: Vec<usize>,
    /// For line i, how many of lines 0..i are blank.
    blanks_before: Vec<u32>,
    /// For each label, its line and the index of the first label on it.
    label_lines: Vec<(usize, usize)>,
    /// The last answers of the lookups, where the next one usually is.
    label_hint: Cell<usize>,
    line_hint: Cell<usize>,
    /// Lines of the last run of values found to have no label block.
    dense_fail: Cell<(usize, usize)>,
}

/// The label that governs a value, and how near it stands.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Governing {
    pub label: Label,
    /// True when the label is on the value's own line.
    pub same_line: bool,
}

impl<'a> Labels<'a> {
    pub(crate) fn new(list: Vec<Label>, text: &'a str) -> Self {
        let text = text.as_bytes();
        let mut lines = vec![0];
        let mut blanks_before = vec![0u32];
        let mut blanks = 0u32;
        for nl in memchr::memchr_iter(b'\n', text) {
            let start = lines.last().copied().unwrap_or(0);
            let blank = text
                .get(start..nl)
                .is_none_or(|l| l.iter().all(u8::is_ascii_whitespace));
            if blank {
                blanks += 1;
            }
            lines.push(nl + 1);
            blanks_before.push(blanks);
        }
        let mut label_lines = Vec::with_capacity(list.len());
        let mut line = 0;
        let mut first = 0;
        for (i, l) in list.iter().enumerate() {
            let before = line;
            while lines.get(line + 1).is_some_and(|&s| s <= l.start) {
                line += 1;
            }
            if line != before || i == 0 {
                first = i;
            }
            label_lines.push((line, first));
        }
        Labels {
            list,
            text,
            lines,
            blanks_before,
            label_lines,
            label_hint: Cell::new(0),
            line_hint: Cell::new(0),
            dense_fail: Cell::new((1, 0)),
        }
    }

    /// Index of the first label that ends after `pos`. Lookups mostly come
    /// in text order, so a few steps from the last answer usually find it.
    fn first_ending_after(&self, pos: usize) -> usize {
        let list = &self.list;
        let mut h = self.label_hint.get().min(list.len());
        let behind_ok = h == 0 || list.get(h - 1).is_some_and(|l| l.end <= pos);
        if behind_ok {
            let mut steps = 0;
            while list.get(h).is_some_and(|l| l.end <= pos) && steps < 16 {
                h += 1;
                steps += 1;
            }
            if list.get(h).is_some_and(|l| l.end <= pos) {
                h = list.partition_point(|l| l.end <= pos);
            }
        } else {
            h = list.partition_point(|l| l.end <= pos);
        }
        self.label_hint.set(h);
        h
    }

    /// Index of the line holding `pos`. Values are looked up in text
    /// order, so the answer is usually at or a few lines after the last one.
    fn line_of(&self, pos: usize) -> usize {
        let lines = &self.lines;
        let holds = |i: usize| {
            lines.get(i).is_some_and(|&s| s <= pos) && lines.get(i + 1).is_none_or(|&s| s > pos)
        };
        let mut i = self.line_hint.get();
        let mut steps = 0;
        while !holds(i) && steps < 8 && lines.get(i + 1).is_some_and(|&s| s <= pos) {
            i += 1;
            steps += 1;
        }
        if !holds(i) {
            i = lines.partition_point(|&s| s <= pos).saturating_sub(1);
        }
        self.line_hint.set(i);
        i
    }

    fn line_start(&self, line: usize) -> usize {
        self.lines.get(line).copied().unwrap_or(0)
    }

    /// The label that governs a value at `pos..end`: the nearest one before
    /// it on its own line; else, on the nearest line above that has labels
    /// (no blank line between), the column header standing over the value,
    /// or a form label ending the line just above a value that opens its
    /// own line. Prose gets no label from a line above unless the columns
    /// line up.
    pub(crate) fn governing(&self, pos: usize, end: usize) -> Option<Governing> {
        let near = self.governing_near(pos, end);
        // A business's or an agency's name ending the line above ("Deck &
        // Fence LLC") is a value of a label block, not a field name.
        let weak = near
            .is_none_or(|g| !g.same_line && matches!(g.label.kind, Kind::Business | Kind::Agency));
        if weak && let Some(label) = self.block_label(pos) {
            return Some(Governing {
                label,
                same_line: false,
            });
        }
        near
    }

    /// [`Labels::governing`] without the label blocks.
    fn governing_near(&self, pos: usize, end: usize) -> Option<Governing> {
        let idx = self.first_ending_after(pos);
        let prev = idx.checked_sub(1).and_then(|i| self.list.get(i))?;
        let li = self.line_of(pos);
        let ls = self.line_start(li);
        if prev.start >= ls {
            // A label on the line governs when near, or across any run of
            // blanks (a layout-preserving extractor puts the value in its
            // column far to the right); one too far away behind other
            // words governs nothing, and nothing above does either.
            let near = pos.saturating_sub(prev.end) <= SAME_LINE_REACH
                || self
                    .text
                    .get(prev.end..pos)
                    .is_some_and(|gap| gap.iter().all(|b| b" \t:#.-(".contains(b)));
            return near.then_some(Governing {
                label: *prev,
                same_line: true,
            });
        }
        if pos - prev.end > UP_REACH {
            return None;
        }
        let (pj, first_on_line) = self.label_lines.get(idx - 1).copied().unwrap_or((0, 0));
        if li - pj > LINES_UP {
            return None;
        }
        // A blank line between the label's line and the value's ends the
        // search (lines pj+1 ..= li-1).
        let blanks = |i: usize| self.blanks_before.get(i).copied().unwrap_or(0);
        if blanks(li) != blanks(pj + 1) {
            return None;
        }
        let above_start = self.line_start(pj);
        let line_end = self.line_start(pj + 1); // just after the label line's '\n'
        let col = pos - ls;
        let col_end = col + end.saturating_sub(pos).max(1);
        let on_line = self.list.get(first_on_line..idx).unwrap_or(&[]);
        let last = on_line.last()?;
        // A table header: a line of several labels and no digits, with a
        // label starting in the value's column.
        let header_line = on_line.len() >= 2
            && self
                .text
                .get(above_start..line_end)
                .is_some_and(|l| !l.iter().any(u8::is_ascii_digit));
        if header_line {
            let header = on_line
                .iter()
                .filter(|l| l.start - above_start <= col_end)
                .min_by_key(|l| (l.start - above_start).abs_diff(col));
            if let Some(l) = header
                && (l.start - above_start).abs_diff(col) <= COLUMN_SLACK
            {
                return Some(Governing {
                    label: *l,
                    same_line: false,
                });
            }
        }
        // A form label over its field, or prose wrapped after the label:
        // the label ends the line just above and the value opens its own
        // (after e-mail quote marks, if any).
        let ends_line = self
            .text
            .get(last.end..line_end.saturating_sub(1))
            .is_some_and(ends_with_filler);
        let opens_line = self
            .text
            .get(ls..pos)
            .is_some_and(|r| r.iter().all(|b| b" \t>|(".contains(b)));
        if !opens_line {
            return None;
        }
        // Stacked cells (a text extractor's column of labels, then its
        // column of values): the n-th value line under a stack of
        // label-only lines takes the n-th label of the stack.
        if let Some(label) = self.stacked(pj, li) {
            return Some(Governing {
                label,
                same_line: false,
            });
        }
        if ends_line && pj + 1 == li {
            return Some(Governing {
                label: *last,
                same_line: false,
            });
        }
        None
    }

    /// The last label of line `x` when the line holds only labels
    /// ("Bank Routing Number" holds "routing number" and a plain word is
    /// allowed before it).
    fn label_only_line(&self, x: usize) -> Option<Label> {
        let (s, e) = (self.line_start(x), self.lines.get(x + 1).copied()?);
        let lo = self.list.partition_point(|l| l.start < s);
        let hi = self.list.partition_point(|l| l.start < e);
        let on_line = self.list.get(lo..hi)?;
        let last = *on_line.last()?;
        // Before the last label: at most one plain word ("Bank"); after it,
        // filler only ("Number", ":").
        let mut words = 0;
        let mut p = s;
        for l in on_line {
            let gap = self.text.get(p..l.start).unwrap_or(&[]);
            words += gap
                .split(|b| !b.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .count();
            p = l.end.max(p);
        }
        let tail_ok = self.text.get(last.end..e - 1).is_some_and(ends_with_filler);
        if !tail_ok {
            return None;
        }
        (words <= 1).then_some(last)
    }

    /// Is line `x` neither blank nor made of labels?
    fn value_line(&self, x: usize) -> bool {
        let s = self.line_start(x);
        let e = self.lines.get(x + 1).copied().unwrap_or(self.text.len());
        let blank = self
            .text
            .get(s..e)
            .is_none_or(|r| r.iter().all(u8::is_ascii_whitespace));
        !blank && self.label_only_line(x).is_none()
    }

    /// The label for a value opening line `li` when line `pj` ends a stack
    /// of label-only lines and the lines between are value lines.
    fn stacked(&self, pj: usize, li: usize) -> Option<Label> {
        let n = li - pj - 1;
        if !(pj + 1..li).all(|x| self.value_line(x)) {
            return None;
        }
        // The stack's height: label-only lines ending at pj.
        let mut top = pj;
        while top > 0 && pj - top < 8 && self.label_only_line(top - 1).is_some() {
            top -= 1;
        }
        self.label_only_line(pj)?;
        let m = pj - top + 1;
        if n >= m || (m == 1 && n == 0) {
            // One label over one value is the plain form case.
            return None;
        }
        self.label_only_line(top + n)
    }

    /// Line `x` without its line break, and with the blanks and e-mail
    /// quote marks that open it and the blanks that end it trimmed.
    fn content(&self, x: usize) -> &'a [u8] {
        let s = self.line_start(x);
        let e = self
            .lines
            .get(x + 1)
            .map_or(self.text.len(), |&n| n.saturating_sub(1));
        let mut r = self.text.get(s..e).unwrap_or(&[]);
        while let [b' ' | b'\t' | b'\r' | b'>' | b'|', rest @ ..] = r {
            r = rest;
        }
        while let [rest @ .., b' ' | b'\t' | b'\r'] = r {
            r = rest;
        }
        r
    }

    /// The labels standing on line `x`.
    fn labels_on(&self, x: usize) -> &[Label] {
        let (s, e) = (self.line_start(x), self.line_start(x + 1));
        let e = if e <= s { self.text.len() } else { e };
        let lo = self.list.partition_point(|l| l.start < s);
        let hi = self.list.partition_point(|l| l.start < e);
        self.list.get(lo..hi).unwrap_or(&[])
    }

    /// Is line `x` shaped like a field name: short, without digits or '@'?
    fn label_shaped(&self, x: usize) -> bool {
        let c = self.content(x);
        !c.is_empty()
            && c.len() <= BLOCK_LABEL_LEN
            && !c.iter().any(|b| b.is_ascii_digit() || *b == b'@')
    }

    /// Is line `x` a form's field name or a table's header cell: shaped
    /// like one and holding a context word?
    fn label_cell(&self, x: usize) -> bool {
        self.label_shaped(x) && !self.labels_on(x).is_empty()
    }

    /// What a label cell announces: its first label that is not a neutral
    /// field name ("DRIVER LICENSE / STATE" announces a license), else its
    /// last one.
    fn cell_label(&self, x: usize) -> Option<Label> {
        let on = self.labels_on(x);
        on.iter()
            .find(|l| l.kind != Kind::Field)
            .or_else(|| on.last())
            .copied()
    }

    fn blank(&self, x: usize) -> bool {
        self.content(x).is_empty()
    }

    /// Is line `x` a ZIP code wrapped from an address on the line before
    /// ("Lakemont, WA" / "98513")? It continues that value.
    fn zip_continuation(&self, x: usize) -> bool {
        let c = self.content(x);
        let c = c.strip_suffix(b".").unwrap_or(c);
        let zip = (c.len() == 5 || (c.len() == 10 && c.get(5) == Some(&b'-')))
            && c.iter()
                .enumerate()
                .all(|(i, b)| i == 5 || b.is_ascii_digit());
        zip && x > 0 && {
            let prev = self.content(x - 1);
            // Ends in a state's two capitals after a space or comma.
            let n = prev.len();
            n >= 3
                && prev
                    .get(n - 2..)
                    .is_some_and(|s| s.iter().all(u8::is_ascii_uppercase))
                && matches!(prev.get(n - 3), Some(b' ' | b','))
        }
    }

    /// The label of a value opening line `li` in a label block: a text
    /// extractor's reading order for a form or a table row that puts the
    /// field names first and their values after them.
    ///
    /// - Dense (LibreOffice): a run of label lines, a blank line, then a run
    ///   of as many value lines (a ZIP wrapped from an address line counts
    ///   with it); the n-th value takes the n-th label, counting the label
    ///   run from its bottom so a section heading above it is left out.
    /// - Sparse (Chromium): every cell a paragraph of its own; a run of
    ///   label cells followed by at least as many value cells, the n-th
    ///   value taking the n-th label.
    ///
    /// Label lines hold no digits, so a value line is never read as one.
    fn block_label(&self, pos: usize) -> Option<Label> {
        let li = self.line_of(pos);
        let ls = self.line_start(li);
        let opens = self
            .text
            .get(ls..pos)
            .is_some_and(|r| r.iter().all(|b| b" \t>|(".contains(b)));
        if !opens {
            return None;
        }
        // The nearest label before the value must stand within a block's
        // reach above it.
        let idx = self.first_ending_after(pos);
        let (pj, _) = self.label_lines.get(idx.checked_sub(1)?).copied()?;
        if li - pj > 2 * BLOCK_MAX + 2
            || self.content(li).len() > BLOCK_VALUE_LEN
            || self.zip_continuation(li)
        {
            return None;
        }
        if li > 0 && !self.blank(li - 1) {
            self.dense_block(li)
        } else {
            self.dense_block(li).or_else(|| self.sparse_block(li))
        }
    }

    fn dense_block(&self, li: usize) -> Option<Label> {
        // Values of one block are looked up one after another: a block
        // already found to have no label run answers at once.
        let (f0, f1) = self.dense_fail.get();
        if (f0..=f1).contains(&li) {
            return None;
        }
        let label = self.dense_block_uncached(li);
        if label.is_none()
            && let Some(run) = self.value_run(li)
        {
            self.dense_fail.set(run);
        }
        label
    }

    /// The lines `vb0..=vb1` of the run of non-blank lines holding `li`
    /// (at most `BLOCK_MAX` each way).
    fn value_run(&self, li: usize) -> Option<(usize, usize)> {
        let mut vb0 = li;
        while vb0 > 0 && li - vb0 < BLOCK_MAX && !self.blank(vb0 - 1) {
            vb0 -= 1;
        }
        let last = self.lines.len().saturating_sub(1);
        let mut vb1 = li;
        while vb1 < last && vb1 - li < BLOCK_MAX && !self.blank(vb1 + 1) {
            vb1 += 1;
        }
        Some((vb0, vb1))
    }

    fn dense_block_uncached(&self, li: usize) -> Option<Label> {
        // The run of value lines holding li: from vb0 to vb1.
        let (vb0, vb1) = self.value_run(li)?;
        // Values, with wrapped ZIPs merged into their address line.
        let mut index = None;
        let mut count = 0;
        for x in vb0..=vb1 {
            if self.content(x).len() > BLOCK_VALUE_LEN {
                return None;
            }
            if x > vb0 && self.zip_continuation(x) {
                continue;
            }
            if x == li {
                index = Some(count);
            }
            count += 1;
        }
        let j = index?;
        if count < 2 || vb0 < 2 {
            return None;
        }
        // One or two blank lines, then the run of label lines ending at a1.
        if !self.blank(vb0 - 1) {
            return None;
        }
        let mut a1 = vb0 - 2;
        if self.blank(a1) && a1 > 0 {
            a1 -= 1;
        }
        if self.blank(a1) {
            return None;
        }
        let a0 = a1.checked_sub(count - 1)?;
        let run = a0..=a1;
        // Every line of the run is label-shaped (short, no digits), most
        // hold a context word, and none is blank.
        let mut with_label = 0;
        for x in run.clone() {
            let c = self.content(x);
            if c.is_empty()
                || c.len() > BLOCK_LABEL_LEN
                || c.iter().any(|b| b.is_ascii_digit() || *b == b'@')
            {
                return None;
            }
            if !self.labels_on(x).is_empty() {
                with_label += 1;
            }
        }
        if 2 * with_label < count {
            return None;
        }
        let x = a0 + j;
        if self.labels_on(x).is_empty() {
            return None;
        }
        self.cell_label(x)
    }

    fn sparse_block(&self, li: usize) -> Option<Label> {
        // The non-blank lines above li, each after a blank line, nearest
        // first.
        let mut cells = Vec::with_capacity(BLOCK_MAX);
        let mut x = li;
        while cells.len() < 2 * BLOCK_MAX {
            // One blank line before each cell.
            if x < 2 || !self.blank(x - 1) || self.blank(x - 2) {
                break;
            }
            x -= 2;
            cells.push(x);
        }
        // Value cells above li, then the run of label cells.
        let j = cells.iter().take_while(|&&c| !self.label_cell(c)).count();
        // A cell shaped like a label but holding no context word ("OFFICER")
        // belongs to the run when label cells stand on both sides of it.
        let mut m = 0;
        while let Some(&c) = cells.get(j + m) {
            let inner = m > 0
                && self.label_shaped(c)
                && cells.get(j + m + 1).is_some_and(|&up| self.label_cell(up));
            if !(self.label_cell(c) || inner) {
                break;
            }
            m += 1;
        }
        if m < 2 || j >= m {
            return None;
        }
        for &c in cells.iter().take(j) {
            if self.content(c).len() > BLOCK_VALUE_LEN {
                return None;
            }
        }
        // At least m values: the ones after li too, each a paragraph.
        let mut y = li;
        for _ in j + 1..m {
            let next = y + 2;
            if !self.blank(y + 1)
                || next >= self.lines.len()
                || self.blank(next)
                || self.label_cell(next)
                || self.content(next).len() > BLOCK_VALUE_LEN
            {
                return None;
            }
            y = next;
        }
        // The label run read top down: cells[j + m - 1] is its first.
        let cell = *cells.get(m - 1)?;
        self.cell_label(cell)
    }

    /// Is `pos` in a page's letterhead: within its first four lines, under
    /// an agency's name in its first two?
    pub(crate) fn in_letterhead(&self, pos: usize) -> bool {
        let li = self.line_of(pos);
        if li > 3 {
            return false;
        }
        // A table's header row above the value ends the letterhead: the
        // rows under it are the table's.
        let header_above = (1..li).any(|x| {
            self.labels_on(x).len() >= 2 && !self.content(x).iter().any(u8::is_ascii_digit)
        });
        if header_above {
            return false;
        }
        let top_end = self.line_start(2).max(if self.lines.len() <= 2 {
            self.text.len()
        } else {
            0
        });
        self.list
            .iter()
            .take_while(|l| l.start < top_end)
            .any(|l| l.kind == Kind::Agency)
    }

    /// The nearest label of one of `kinds` ending at most `reach` bytes
    /// before `pos`.
    pub(crate) fn near_before(&self, pos: usize, reach: usize, kinds: &[Kind]) -> Option<Label> {
        let idx = self.first_ending_after(pos);
        self.list
            .get(..idx)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take_while(|l| pos - l.end <= reach)
            .find(|l| kinds.contains(&l.kind))
            .copied()
    }

    /// The nearest label of one of `kinds` starting at most `reach` bytes
    /// after `end` on the same line.
    pub(crate) fn near_after_on_line(
        &self,
        end: usize,
        reach: usize,
        kinds: &[Kind],
    ) -> Option<Label> {
        let idx = self.list.partition_point(|l| l.start < end);
        self.list
            .get(idx..)
            .unwrap_or(&[])
            .iter()
            .take_while(|l| {
                l.start - end <= reach
                    && !self
                        .text
                        .get(end..l.start)
                        .is_some_and(|g| g.contains(&b'\n'))
            })
            .find(|l| kinds.contains(&l.kind))
            .copied()
    }

    /// The label text as it appears, lowercased, for a finding's context.
    pub(crate) fn word(&self, l: &Label) -> String {
        let s = self.text.get(l.start..l.end).unwrap_or(&[]);
        String::from_utf8_lossy(s).to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, Kind)> {
        let m = LabelMatcher::new().unwrap();
        m.find_all(text)
            .into_iter()
            .map(|l| (text[l.start..l.end].to_lowercase(), l.kind))
            .collect()
    }

    #[test]
    fn whole_words_only() {
        assert!(kinds("the public library").is_empty());
        assert!(kinds("spinach and accountant").is_empty());
        assert_eq!(kinds("Lic. no"), vec![("lic.".into(), Kind::License)]);
        assert_eq!(kinds("ACCT# 5"), vec![("acct#".into(), Kind::Account)]);
        assert_eq!(kinds("PIN: 1"), vec![("pin".into(), Kind::Password)]);
        assert!(kinds("/usr/share/icons").is_empty());
        assert!(kinds("abi-to-pin-pre.patch").is_empty());
        assert!(kinds("CID-Keyed Fonts").is_empty());
        assert_eq!(kinds("SSN-123"), vec![("ssn".into(), Kind::Ssn)]);
        assert_eq!(kinds("e-check 1"), vec![("e-check".into(), Kind::Check)]);
        assert_eq!(kinds("A/C 1"), vec![("a/c".into(), Kind::Account)]);
    }

    #[test]
    fn longest_label_wins() {
        assert_eq!(
            kinds("Business License 12"),
            vec![("business license".into(), Kind::Other)]
        );
        assert_eq!(
            kinds("Utility Account"),
            vec![("utility account".into(), Kind::Other)]
        );
        assert_eq!(
            kinds("Driver's License"),
            vec![("driver's license".into(), Kind::License)]
        );
    }

    #[test]
    fn governing_label_same_line_and_table_header() {
        let text = "Name        Account       Routing\nJ. Smith    0012345678    121000358\n";
        let m = LabelMatcher::new().unwrap();
        let labels = Labels::new(m.find_all(text), text);
        let acc = text.find("0012345678").unwrap();
        let rt = text.find("121000358").unwrap();
        assert_eq!(
            labels.governing(acc, acc + 10).unwrap().label.kind,
            Kind::Account
        );
        assert_eq!(
            labels.governing(rt, rt + 9).unwrap().label.kind,
            Kind::Routing
        );
        let text2 = "Invoice 12345678 for account services";
        let labels2 = Labels::new(m.find_all(text2), text2);
        assert_eq!(labels2.governing(8, 16).unwrap().label.kind, Kind::Other);
    }
}
