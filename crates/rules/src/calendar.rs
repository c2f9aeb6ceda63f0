//! Legal holidays and response deadlines.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

use crate::RulesError;

/// Whether a deadline counts business days or calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    /// Monday to Friday, except the pack's legal holidays.
    Business,
    /// Every day.
    Calendar,
}

/// A pack's response deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// How many days.
    pub days: u32,
    /// Business or calendar days.
    pub unit: DayUnit,
    /// The statute that sets the deadline ("RCW 42.56.520(1)").
    pub citation: String,
    /// What must happen by then, in words for the clerk.
    pub description: String,
    /// For calendar-day deadlines: whether a last day that is a weekend or
    /// holiday moves to the next business day.
    pub roll_forward: bool,
}

/// When a holiday that falls on a weekend is observed instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Observed {
    /// On the day itself, even on a weekend.
    None,
    /// A Sunday holiday is observed the Monday after; a Saturday one is not moved.
    SundayToMonday,
    /// Saturday moves to the Friday before, Sunday to the Monday after.
    NearestWeekday,
}

/// Which years a holiday applies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Years {
    /// Every year.
    All,
    /// Even-numbered years (general election days).
    Even,
    /// Odd-numbered years.
    Odd,
}

/// The nominal date of a holiday in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum When {
    /// A fixed month and day (July 4).
    Fixed { month: Month, day: u8 },
    /// The nth (1..=4, or -1 for last) weekday of a month, then shifted by
    /// `offset` days (day after Thanksgiving: 4th Thursday of November + 1).
    Nth {
        month: Month,
        weekday: Weekday,
        nth: i8,
        offset: i8,
    },
    /// One date only (a day proclaimed by the governor).
    Once(Date),
}

/// One holiday rule of a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HolidayRule {
    pub name: String,
    pub when: When,
    pub observed: Observed,
    pub from_year: Option<i32>,
    pub until_year: Option<i32>,
    pub years: Years,
}

/// A holiday on a particular date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    /// The day offices are closed (the observed date); serialized as
    /// `YYYY-MM-DD`.
    #[serde(serialize_with = "iso_date")]
    pub date: Date,
    /// The holiday's name, "(observed)" added when moved off a weekend.
    pub name: String,
}

fn iso_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

impl HolidayRule {
    /// The observed date of this holiday for nominal year `year`, if it
    /// applies that year. The observed date can fall in the year before
    /// (New Year's Day on a Saturday is observed on December 31).
    pub(crate) fn observed_in(&self, year: i32) -> Option<(Date, bool)> {
        if self.from_year.is_some_and(|y| year < y) || self.until_year.is_some_and(|y| year > y) {
            return None;
        }
        match self.years {
            Years::All => {}
            Years::Even if year % 2 == 0 => {}
            Years::Odd if year % 2 != 0 => {}
            _ => return None,
        }
        let nominal = match &self.when {
            When::Fixed { month, day } => Date::from_calendar_date(year, *month, *day).ok()?,
            When::Nth {
                month,
                weekday,
                nth,
                offset,
            } => {
                let d = nth_weekday(year, *month, *weekday, *nth)?;
                d.checked_add(Duration::days(i64::from(*offset)))?
            }
            When::Once(d) if d.year() == year => *d,
            When::Once(_) => return None,
        };
        let moved = match (self.observed, nominal.weekday()) {
            (Observed::SundayToMonday | Observed::NearestWeekday, Weekday::Sunday) => {
                nominal.next_day()?
            }
            (Observed::NearestWeekday, Weekday::Saturday) => nominal.previous_day()?,
            _ => nominal,
        };
        Some((moved, moved != nominal))
    }
}

/// The `nth` `weekday` of `month` (`nth` = -1: the last one).
fn nth_weekday(year: i32, month: Month, weekday: Weekday, nth: i8) -> Option<Date> {
    if nth == -1 {
        let last = Date::from_calendar_date(year, month, month.length(year)).ok()?;
        let back =
            (last.weekday().number_days_from_monday() + 7 - weekday.number_days_from_monday()) % 7;
        return last.checked_sub(Duration::days(i64::from(back)));
    }
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let ahead =
        (weekday.number_days_from_monday() + 7 - first.weekday().number_days_from_monday()) % 7;
    let day = 1 + i64::from(ahead) + 7 * (i64::from(nth) - 1);
    let d = first.checked_add(Duration::days(day - 1))?;
    (d.month() == month).then_some(d)
}

/// The holidays of `rules` observed in calendar year `year`, sorted by date.
pub(crate) fn holidays_in(rules: &[HolidayRule], year: i32) -> Vec<Holiday> {
    let mut out = Vec::new();
    for rule in rules {
        for nominal_year in [year - 1, year, year + 1] {
            if let Some((date, moved)) = rule.observed_in(nominal_year)
                && date.year() == year
            {
                let name = if moved {
                    format!("{} (observed)", rule.name)
                } else {
                    rule.name.clone()
                };
                out.push(Holiday { date, name });
            }
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)));
    out
}

/// Whether `date` is an observed holiday under `rules`.
pub(crate) fn is_holiday(rules: &[HolidayRule], date: Date) -> bool {
    let y = date.year();
    rules.iter().any(|rule| {
        [y - 1, y, y + 1]
            .into_iter()
            .any(|ny| rule.observed_in(ny).is_some_and(|(d, _)| d == date))
    })
}

/// Monday to Friday and not a holiday.
pub(crate) fn is_business_day(rules: &[HolidayRule], date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !is_holiday(rules, date)
}

/// The last day to respond to a request received on `received`.
///
/// The day of receipt is not counted: counting starts the day after, as
/// the general rules on computing time say (RCW 1.12.040, Cal. Gov. Code
/// 6800, 5 ILCS 70/1.11, MCA 1-1-306, and for FOIA the 20 days run "after
/// the receipt", 5 U.S.C. 552(a)(6)(A)(i)). A request received on a weekend
/// or holiday therefore has its first counted business day on the next
/// business day.
pub(crate) fn due_date(
    deadline: &Deadline,
    rules: &[HolidayRule],
    received: Date,
) -> Result<Date, RulesError> {
    let out_of_range = || RulesError::DateOutOfRange(received);
    match deadline.unit {
        DayUnit::Business => {
            let mut d = received;
            let mut counted = 0;
            // Terminates: validation caps `days` and the number of holiday
            // rules, so every year has business days left.
            while counted < deadline.days {
                d = d.next_day().ok_or_else(out_of_range)?;
                if is_business_day(rules, d) {
                    counted += 1;
                }
            }
            Ok(d)
        }
        DayUnit::Calendar => {
            let mut d = received
                .checked_add(Duration::days(i64::from(deadline.days)))
                .ok_or_else(out_of_range)?;
            if deadline.roll_forward {
                while !is_business_day(rules, d) {
                    d = d.next_day().ok_or_else(out_of_range)?;
                }
            }
            Ok(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rule(when: When, observed: Observed) -> HolidayRule {
        HolidayRule {
            name: "h".into(),
            when,
            observed,
            from_year: None,
            until_year: None,
            years: Years::All,
        }
    }

    #[test]
    fn nth_and_last_weekdays() {
        // Thanksgiving 2026: 4th Thursday of November = Nov 26.
        assert_eq!(
            nth_weekday(2026, Month::November, Weekday::Thursday, 4),
            Some(date!(2026 - 11 - 26))
        );
        // Memorial Day 2026: last Monday of May = May 25.
        assert_eq!(
            nth_weekday(2026, Month::May, Weekday::Monday, -1),
            Some(date!(2026 - 05 - 25))
        );
        // Labor Day 2026: first Monday of September = Sep 7.
        assert_eq!(
            nth_weekday(2026, Month::September, Weekday::Monday, 1),
            Some(date!(2026 - 09 - 07))
        );
        // There is no 5th Monday of February 2026.
        assert_eq!(nth_weekday(2026, Month::February, Weekday::Monday, 5), None);
    }

    #[test]
    fn weekend_observance_crosses_years() {
        // January 1, 2028 is a Saturday: observed Friday December 31, 2027.
        let ny = rule(
            When::Fixed {
                month: Month::January,
                day: 1,
            },
            Observed::NearestWeekday,
        );
        assert_eq!(ny.observed_in(2028), Some((date!(2027 - 12 - 31), true)));
        assert!(is_holiday(std::slice::from_ref(&ny), date!(2027 - 12 - 31)));
        let in_2027 = holidays_in(std::slice::from_ref(&ny), 2027);
        assert_eq!(in_2027.len(), 2, "{in_2027:?}");
        assert_eq!(in_2027[1].name, "h (observed)");
        assert!(holidays_in(std::slice::from_ref(&ny), 2028).is_empty());
        // Sunday-only rule leaves a Saturday holiday on Saturday.
        let sun = rule(
            When::Fixed {
                month: Month::January,
                day: 1,
            },
            Observed::SundayToMonday,
        );
        assert_eq!(sun.observed_in(2028), Some((date!(2028 - 01 - 01), false)));
        assert_eq!(sun.observed_in(2023), Some((date!(2023 - 01 - 02), true)));
    }

    #[test]
    fn deadlines_near_the_end_of_the_calendar_are_errors() {
        let d = Deadline {
            days: 5,
            unit: DayUnit::Business,
            citation: String::new(),
            description: String::new(),
            roll_forward: false,
        };
        assert!(matches!(
            due_date(&d, &[], date!(9999 - 12 - 30)),
            Err(RulesError::DateOutOfRange(_))
        ));
        let c = Deadline {
            unit: DayUnit::Calendar,
            ..d
        };
        assert!(due_date(&c, &[], date!(9999 - 12 - 30)).is_err());
    }
}
