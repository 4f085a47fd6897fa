//! Dates with precision: a fact may be known to the day, the month, the year, as a range,
//! or not at all.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::error::DateError;

/// How precisely a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Precision {
    /// Known to the year.
    Year,
    /// Known to the month.
    Month,
    /// Known to the day.
    Day,
}

/// A calendar date known to the day, month or year (proleptic Gregorian, years 1 to 9999).
///
/// Construction validates: `PartialDate::day(2004, 2, 30)` is an error.
///
/// ```
/// use factgraph::{PartialDate, Precision};
/// let d: PartialDate = "2004-11".parse()?;
/// assert_eq!(d.precision(), Precision::Month);
/// assert!(d.contains(PartialDate::day(2004, 11, 19)?));
/// assert!(PartialDate::day(2004, 2, 30).is_err());
/// assert!(PartialDate::day(2004, 2, 29).is_ok()); // a leap year
/// # Ok::<(), factgraph::DateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
// `repr(C)`: the year's two bytes, then month and day, which on a little-endian machine
// is the packed form a snapshot stores (`FactDate::to_bits`), so a mapped snapshot's
// date columns are used in place.
#[repr(C)]
pub struct PartialDate {
    year: u16,
    /// 0 when unknown.
    month: u8,
    /// 0 when unknown; the two high bits hold the [`Qualifier`].
    day: u8,
}

/// EDTF's qualification of a date (level 1): as stated, uncertain (`?`: "possibly 2005"),
/// approximate (`~`: "about 2004"), or both (`%`).
///
/// Qualifiers do not move a date's bounds: `2004~` stands for the days of 2004 in
/// overlap, containment and window queries, and sorts just after a plain `2004`. They are
/// kept, printed and compared for equality, so an analyst can tell a hedged date from a
/// firm one ([`FactDate::is_qualified`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Qualifier {
    /// As stated.
    #[default]
    None,
    /// `?`: the source is not sure.
    Uncertain,
    /// `~`: an approximation ("about", "early 2005").
    Approximate,
    /// `%`: both.
    UncertainApproximate,
}

impl Qualifier {
    /// The EDTF suffix: ``, `?`, `~` or `%`.
    pub const fn suffix(self) -> &'static str {
        match self {
            Qualifier::None => "",
            Qualifier::Uncertain => "?",
            Qualifier::Approximate => "~",
            Qualifier::UncertainApproximate => "%",
        }
    }

    const fn bits(self) -> u8 {
        match self {
            Qualifier::None => 0,
            Qualifier::Uncertain => UNCERTAIN,
            Qualifier::Approximate => APPROXIMATE,
            Qualifier::UncertainApproximate => UNCERTAIN | APPROXIMATE,
        }
    }

    const fn from_bits(day: u8) -> Qualifier {
        match (day & UNCERTAIN != 0, day & APPROXIMATE != 0) {
            (false, false) => Qualifier::None,
            (true, false) => Qualifier::Uncertain,
            (false, true) => Qualifier::Approximate,
            (true, true) => Qualifier::UncertainApproximate,
        }
    }
}

const UNCERTAIN: u8 = 0x80;
const APPROXIMATE: u8 = 0x40;
const DAY: u8 = 0x3F;

impl PartialDate {
    /// A date known to the year.
    ///
    /// # Errors
    /// [`DateError::YearOutOfRange`] outside 1 to 9999.
    pub fn year(year: i32) -> Result<Self, DateError> {
        let year = check_year(year)?;
        Ok(PartialDate {
            year,
            month: 0,
            day: 0,
        })
    }

    /// A date known to the month.
    ///
    /// # Errors
    /// [`DateError::YearOutOfRange`] or [`DateError::MonthOutOfRange`].
    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        let year = check_year(year)?;
        if !(1..=12).contains(&month) {
            return Err(DateError::MonthOutOfRange { month });
        }
        Ok(PartialDate {
            year,
            month: month as u8,
            day: 0,
        })
    }

    /// A date known to the day.
    ///
    /// # Errors
    /// [`DateError::YearOutOfRange`], [`DateError::MonthOutOfRange`] or
    /// [`DateError::DayOutOfRange`] (a day the month does not have).
    pub fn day(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        let PartialDate { year, month, .. } = PartialDate::month(year, month)?;
        let last = days_in_month(year, month);
        if day == 0 || day > u32::from(last) {
            return Err(DateError::DayOutOfRange {
                year: i32::from(year),
                month: u32::from(month),
                day,
            });
        }
        Ok(PartialDate {
            year,
            month,
            day: day as u8,
        })
    }

    /// The year.
    pub fn year_value(self) -> i32 {
        i32::from(self.year)
    }

    /// The month (1 to 12), if known.
    pub fn month_value(self) -> Option<u32> {
        (self.month != 0).then_some(u32::from(self.month))
    }

    /// The day of the month, if known.
    pub fn day_value(self) -> Option<u32> {
        let day = self.day & DAY;
        (day != 0).then_some(u32::from(day))
    }

    /// The EDTF qualifier (`?`, `~`, `%`), if any.
    pub fn qualifier(self) -> Qualifier {
        Qualifier::from_bits(self.day)
    }

    /// The same date with this qualifier.
    ///
    /// ```
    /// use factgraph::{PartialDate, Qualifier};
    /// let d = PartialDate::year(2004)?.with_qualifier(Qualifier::Approximate);
    /// assert_eq!(d.to_string(), "2004~");
    /// assert_eq!("2004~".parse::<PartialDate>()?, d);
    /// # Ok::<(), factgraph::DateError>(())
    /// ```
    pub fn with_qualifier(self, q: Qualifier) -> PartialDate {
        PartialDate {
            day: (self.day & DAY) | q.bits(),
            ..self
        }
    }

    /// The date without its qualifier.
    fn plain(self) -> PartialDate {
        PartialDate {
            day: self.day & DAY,
            ..self
        }
    }

    /// How precisely the date is known.
    pub fn precision(self) -> Precision {
        match (self.month, self.day & DAY) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The first day this date may stand for, as a day-precision date.
    pub fn first_day(self) -> PartialDate {
        PartialDate {
            year: self.year,
            month: self.month.max(1),
            day: (self.day & DAY).max(1),
        }
    }

    /// The last day this date may stand for, as a day-precision date.
    pub fn last_day(self) -> PartialDate {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day & DAY == 0 {
            days_in_month(self.year, month)
        } else {
            self.day & DAY
        };
        PartialDate {
            year: self.year,
            month,
            day,
        }
    }

    /// Whether every day of `other` falls within this date (`2004-11` contains `2004-11-19`).
    pub fn contains(self, other: PartialDate) -> bool {
        self.first_day_number() <= other.first_day_number()
            && other.last_day_number() <= self.last_day_number()
    }

    /// Days since 1970-01-01 of [`first_day`](Self::first_day).
    pub fn first_day_number(self) -> i32 {
        let d = self.first_day();
        days_from_civil(d.year, d.month, d.day)
    }

    /// Days since 1970-01-01 of [`last_day`](Self::last_day).
    pub fn last_day_number(self) -> i32 {
        let d = self.last_day();
        days_from_civil(d.year, d.month, d.day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day & DAY != 0 {
            write!(f, "-{:02}", self.day & DAY)?;
        }
        f.write_str(self.qualifier().suffix())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally followed by an EDTF
    /// qualifier `?`, `~` or `%`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        plain_digits(text).unwrap_or_else(|| parse_partial(text))
    }
}

/// The general parser of a partial date (see `PartialDate::from_str`).
fn parse_partial(text: &str) -> Result<PartialDate, DateError> {
    let bad = || DateError::Syntax { value: clip(text) };
    if text.contains('T') && text.len() > 10 {
        return Err(DateError::TimeOfDay { value: clip(text) });
    }
    let (s, qualifier) = match text.as_bytes().last() {
        Some(b'?') => (&text[..text.len() - 1], Qualifier::Uncertain),
        Some(b'~') => (&text[..text.len() - 1], Qualifier::Approximate),
        Some(b'%') => (&text[..text.len() - 1], Qualifier::UncertainApproximate),
        _ => (text, Qualifier::None),
    };
    let mut parts = s.split('-');
    let number = |p: Option<&str>, len: usize| -> Result<Option<u32>, DateError> {
        match p {
            None => Ok(None),
            Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().map(Some).map_err(|_| bad())
            }
            Some(_) => Err(bad()),
        }
    };
    let year = number(parts.next(), 4)?.ok_or_else(bad)?;
    let month = number(parts.next(), 2)?;
    let day = number(parts.next(), 2)?;
    if parts.next().is_some() {
        return Err(bad());
    }
    // At most 9999: four digits.
    let year = year as i32;
    let date = match (month, day) {
        (None, _) => PartialDate::year(year),
        (Some(m), None) => PartialDate::month(year, m),
        (Some(m), Some(d)) => PartialDate::day(year, m, d),
    }?;
    Ok(date.with_qualifier(qualifier))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` in ASCII digits, without a qualifier: nearly every
/// date of a document, read here without splitting the text (a bulk load reads four
/// dates a fact). `None` for any other text, which the general parser reads; the answer,
/// error included, is the one the general parser gives.
fn plain_digits(text: &str) -> Option<Result<PartialDate, DateError>> {
    let b = text.as_bytes();
    let digit = |i: usize| -> Option<u32> {
        let d = b.get(i)?.wrapping_sub(b'0');
        (d < 10).then_some(u32::from(d))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let year = (two(0)? * 100 + two(2)?) as i32;
    Some(match b.len() {
        4 => PartialDate::year(year),
        7 if b.get(4) == Some(&b'-') => PartialDate::month(year, two(5)?),
        10 if b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') => {
            PartialDate::day(year, two(5)?, two(8)?)
        }
        _ => return None,
    })
}

/// A rejected value as quoted in an error: at most 64 characters.
fn clip(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

fn check_year(year: i32) -> Result<u16, DateError> {
    if (1..=9999).contains(&year) {
        Ok(year as u16)
    } else {
        Err(DateError::YearOutOfRange { year })
    }
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Year, month and day of a day number since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(n: i32) -> (i32, u32, u32) {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i32::from(m <= 2), m as u32, d as u32)
}

/// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: u16, month: u8, day: u8) -> i32 {
    let (m, d) = (i32::from(month), i32::from(day));
    let y = i32::from(year) - i32::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The time span of a fact: unknown, one partial date, a range between two, or an
/// interval with an open or unknown end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Span {
    /// The text gives no date.
    Unknown,
    /// One date at some precision.
    On(PartialDate),
    /// From the first date to the second, both inclusive (the start is not after the end).
    Between(PartialDate, PartialDate),
    /// An interval with at least one end that is not a date: open (`2003/..`, "since
    /// 2003") or unknown (`2003/`, it ended at a time the text does not give).
    Interval(Bound, Bound),
}

/// One end of an EDTF interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Bound {
    /// A date.
    Date(PartialDate),
    /// Open (`..`): the interval goes on indefinitely on this side ("since 2003", "until
    /// 2007" with no start).
    Open,
    /// Unknown (empty in EDTF): the interval ends on this side at a time not given.
    Unknown,
}

/// The first and last day numbers that stand for an unbounded side: 0001-01-01 and
/// 9999-12-31.
const MIN_DAY: i32 = -719_162;
const MAX_DAY: i32 = 2_932_896;

/// Year values that mark an interval end that is not a date.
const OPEN: u16 = 0xFFFF;
const UNKNOWN_END: u16 = 0xFFFE;

/// The date of a fact or a report: a [`Span`] and whether its year was inferred.
///
/// `year_inferred` records that the text gave day and month only ("November 19") and the
/// year comes from the publication's context (a 2004 issue).
///
/// Ordering puts earlier first days first, then earlier last days (so `2004` comes before
/// `2004-11-17`, which comes before `2004-11-19`), then the more precise (`2004-01/2004-12`
/// before `2004`), and unknown dates last.
///
/// ```
/// use factgraph::{DateRange, FactDate, PartialDate};
/// let plan: FactDate = "2003/2008".parse()?;
/// let meeting = FactDate::parse_inferred("2004-11-19")?;
/// assert!(meeting.year_inferred());
/// assert!(plan < meeting);
/// let nov_2004 = DateRange::new(PartialDate::month(2004, 11)?, PartialDate::month(2004, 11)?)?;
/// assert!(meeting.within(&nov_2004));
/// assert!(plan.overlaps(&nov_2004) && !plan.within(&nov_2004));
/// assert!("2004-02-30".parse::<FactDate>().is_err());
/// # Ok::<(), factgraph::DateError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct FactDate {
    // Packed into 8 bytes, since every fact and every attribution carries one:
    // `start.year == 0` means unknown; `end.year == 0` means a single date; a year of
    // `OPEN` or `UNKNOWN_END` marks an open or unknown interval end; the high bit of
    // `start.month` is the inferred-year flag; qualifiers live in the days' high bits.
    // Equal meaning ⇔ equal bits.
    start: PartialDate,
    end: PartialDate,
}

const INFERRED: u8 = 0x80;
const NO_DATE: PartialDate = PartialDate {
    year: 0,
    month: 0,
    day: 0,
};

impl fmt::Debug for FactDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FactDate")
            .field("span", &self.span())
            .field("year_inferred", &self.year_inferred())
            .finish()
    }
}

impl Default for FactDate {
    fn default() -> Self {
        FactDate::UNKNOWN
    }
}

impl FactDate {
    /// No date.
    pub const UNKNOWN: FactDate = FactDate {
        start: NO_DATE,
        end: NO_DATE,
    };

    /// One date, year stated in the text.
    pub fn on(date: PartialDate) -> Self {
        FactDate {
            start: date,
            end: NO_DATE,
        }
    }

    /// A range from the first day of `start` to the last day of `end`; an error if that is
    /// empty (`start` begins after `end` ends). `2004-11-17/2004-11` is the rest of November.
    ///
    /// # Errors
    /// [`DateError::RangeReversed`] when `start` begins after `end` ends.
    pub fn between(start: PartialDate, end: PartialDate) -> Result<Self, DateError> {
        if start.first_day_number() > end.last_day_number() {
            return Err(DateError::RangeReversed {
                start: start.to_string(),
                end: end.to_string(),
            });
        }
        Ok(FactDate { start, end })
    }

    /// An interval with ends that may be open or unknown (`2003/..`, `../2007`, `2003/`).
    /// Two dates make the same as [`between`](Self::between); two ends that are not
    /// dates are an error.
    ///
    /// # Errors
    /// [`DateError::RangeReversed`] for dates in the wrong order, [`DateError::Syntax`]
    /// when neither end is a date.
    ///
    /// ```
    /// use factgraph::{Bound, FactDate, PartialDate};
    /// let since = FactDate::interval(Bound::Date(PartialDate::year(2003)?), Bound::Open)?;
    /// assert_eq!(since.to_string(), "2003/..");
    /// assert_eq!("2003/..".parse::<FactDate>()?, since);
    /// # Ok::<(), factgraph::DateError>(())
    /// ```
    pub fn interval(start: Bound, end: Bound) -> Result<Self, DateError> {
        let marker = |year| PartialDate {
            year,
            month: 0,
            day: 0,
        };
        match (start, end) {
            (Bound::Date(a), Bound::Date(b)) => FactDate::between(a, b),
            (Bound::Date(a), Bound::Open) => Ok(FactDate {
                start: a,
                end: marker(OPEN),
            }),
            (Bound::Date(a), Bound::Unknown) => Ok(FactDate {
                start: a,
                end: marker(UNKNOWN_END),
            }),
            (Bound::Open, Bound::Date(b)) => Ok(FactDate {
                start: marker(OPEN),
                end: b,
            }),
            (Bound::Unknown, Bound::Date(b)) => Ok(FactDate {
                start: marker(UNKNOWN_END),
                end: b,
            }),
            _ => Err(DateError::Syntax {
                value: format!("{}/{}", bound_text(start), bound_text(end)),
            }),
        }
    }

    /// Shorthand for a day-precision date.
    ///
    /// # Errors
    /// [`DateError::YearOutOfRange`], [`DateError::MonthOutOfRange`] or
    /// [`DateError::DayOutOfRange`] (a day the month does not have).
    pub fn day(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        PartialDate::day(year, month, day).map(FactDate::on)
    }

    /// Shorthand for a month-precision date.
    ///
    /// # Errors
    /// [`DateError::YearOutOfRange`] or [`DateError::MonthOutOfRange`].
    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        PartialDate::month(year, month).map(FactDate::on)
    }

    /// Shorthand for a year-precision date.
    ///
    /// # Errors
    /// [`DateError::YearOutOfRange`] outside 1 to 9999.
    pub fn year(year: i32) -> Result<Self, DateError> {
        PartialDate::year(year).map(FactDate::on)
    }

    /// Parses like [`FromStr`] and marks the year as inferred from context.
    ///
    /// # Errors
    /// As [`FromStr`]: [`DateError`] saying what is wrong with the text.
    pub fn parse_inferred(s: &str) -> Result<Self, DateError> {
        s.parse::<FactDate>().map(|d| d.with_year_inferred(true))
    }

    /// The same date with `year_inferred` set as given (ignored for an unknown date).
    pub fn with_year_inferred(self, inferred: bool) -> Self {
        let mut out = self;
        if inferred && !self.is_unknown() {
            out.start.month |= INFERRED;
        } else {
            out.start.month &= !INFERRED;
        }
        out
    }

    /// The packed form, for binary snapshots: start year (16 bits), month, day (8 bits
    /// each, with their flags), then the same for the end.
    pub(crate) fn to_bits(self) -> u64 {
        let d =
            |p: PartialDate| u64::from(p.year) | u64::from(p.month) << 16 | u64::from(p.day) << 24;
        d(self.start) | d(self.end) << 32
    }

    /// The value whose packed form is `bits`, not checked: a snapshot reader checks it
    /// with [`from_bits`](Self::from_bits) before anything reads it as a date.
    pub(crate) fn from_bits_unchecked(bits: u64) -> FactDate {
        let d = |b: u64| PartialDate {
            year: (b & 0xFFFF) as u16,
            month: ((b >> 16) & 0xFF) as u8,
            day: ((b >> 24) & 0xFF) as u8,
        };
        FactDate {
            start: d(bits),
            end: d(bits >> 32),
        }
    }

    /// The date whose packed form is `bits`, if `bits` is one a valid date packs to: the
    /// date is rebuilt through the checked constructors and must pack to the same bits, so
    /// no invalid day, month, flag or interval gets in.
    pub(crate) fn from_bits(bits: u64) -> Option<FactDate> {
        let raw = FactDate::from_bits_unchecked(bits);
        let checked = |p: PartialDate| -> Option<PartialDate> {
            let year = p.year_value();
            let plain = match (p.month_value(), p.day_value()) {
                (None, None) => PartialDate::year(year),
                (Some(m), None) => PartialDate::month(year, m),
                (Some(m), Some(day)) => PartialDate::day(year, m, day),
                (None, Some(_)) => return None,
            };
            let q = plain.ok()?.with_qualifier(p.qualifier());
            (q == p).then_some(q)
        };
        let bound = |b: Bound| -> Option<Bound> {
            match b {
                Bound::Date(p) => checked(p).map(Bound::Date),
                other => Some(other),
            }
        };
        let rebuilt = match raw.span() {
            Span::Unknown => FactDate::UNKNOWN,
            Span::On(p) => FactDate::on(checked(p)?),
            Span::Between(a, b) => FactDate::between(checked(a)?, checked(b)?).ok()?,
            Span::Interval(a, b) => FactDate::interval(bound(a)?, bound(b)?).ok()?,
        }
        .with_year_inferred(raw.year_inferred());
        (rebuilt == raw).then_some(rebuilt)
    }

    /// The span.
    pub fn span(&self) -> Span {
        let start = PartialDate {
            month: self.start.month & !INFERRED,
            ..self.start
        };
        let bound = |d: PartialDate| match d.year {
            OPEN => Bound::Open,
            UNKNOWN_END => Bound::Unknown,
            _ => Bound::Date(d),
        };
        match (self.start.year, self.end.year) {
            (0, _) => Span::Unknown,
            (OPEN | UNKNOWN_END, _) | (_, OPEN | UNKNOWN_END) => {
                Span::Interval(bound(start), bound(self.end))
            }
            (_, 0) => Span::On(start),
            _ => Span::Between(start, self.end),
        }
    }

    /// Whether any date in it carries an EDTF qualifier (`?`, `~`, `%`).
    pub fn is_qualified(&self) -> bool {
        match self.span() {
            Span::On(d) => d.qualifier() != Qualifier::None,
            Span::Between(a, b) => {
                a.qualifier() != Qualifier::None || b.qualifier() != Qualifier::None
            }
            Span::Interval(a, b) => [a, b]
                .iter()
                .any(|x| matches!(x, Bound::Date(d) if d.qualifier() != Qualifier::None)),
            _ => false,
        }
    }

    /// Whether it is an interval with an open or unknown end.
    pub fn is_open_ended(&self) -> bool {
        matches!(self.span(), Span::Interval(..))
    }

    /// Whether the year was inferred from the publication rather than stated.
    pub fn year_inferred(&self) -> bool {
        self.start.month & INFERRED != 0
    }

    /// Whether the date is unknown.
    pub fn is_unknown(&self) -> bool {
        self.start.year == 0
    }

    /// The precision of a single date; for a range, the coarser of its ends; `None` if unknown.
    pub fn precision(&self) -> Option<Precision> {
        match self.span() {
            Span::Unknown => None,
            Span::On(d) => Some(d.precision()),
            Span::Between(a, b) => Some(a.precision().min(b.precision())),
            Span::Interval(Bound::Date(d), _) | Span::Interval(_, Bound::Date(d)) => {
                Some(d.precision())
            }
            Span::Interval(..) => None,
        }
    }

    /// First and last day (as day numbers since 1970-01-01) the date may stand for.
    /// An open or unknown end stands for every day on its side (to 0001-01-01 or
    /// 9999-12-31): "since 2003" may hold on any later day.
    pub(crate) fn day_bounds(&self) -> Option<(i32, i32)> {
        match self.span() {
            Span::Unknown => None,
            Span::On(d) => Some((d.first_day_number(), d.last_day_number())),
            Span::Between(a, b) => Some((a.first_day_number(), b.last_day_number())),
            Span::Interval(a, b) => {
                let first = match a {
                    Bound::Date(d) => d.first_day_number(),
                    _ => MIN_DAY,
                };
                let last = match b {
                    Bound::Date(d) => d.last_day_number(),
                    _ => MAX_DAY,
                };
                Some((first, last))
            }
        }
    }

    /// Whether the two dates may describe the same thing at different precision: one
    /// contains the other (`2004` and `2004-11-19`), or either is unknown. `2003-08` and
    /// `2003-09` are not compatible; neither are ranges that overlap without one
    /// containing the other.
    ///
    /// ```
    /// use factgraph::FactDate;
    /// let y = FactDate::year(2004)?;
    /// let d = FactDate::day(2004, 11, 19)?;
    /// assert!(y.compatible(&d) && d.compatible(&y));
    /// assert!(!FactDate::month(2003, 8)?.compatible(&FactDate::month(2003, 9)?));
    /// assert!(FactDate::UNKNOWN.compatible(&d));
    /// # Ok::<(), factgraph::DateError>(())
    /// ```
    pub fn compatible(&self, other: &FactDate) -> bool {
        match (self.day_bounds(), other.day_bounds()) {
            (Some((a0, a1)), Some((b0, b1))) => (a0 <= b0 && b1 <= a1) || (b0 <= a0 && a1 <= b1),
            _ => true,
        }
    }

    /// The number of days the date may stand for (1 for a day); `None` when unknown.
    pub(crate) fn days(&self) -> Option<i64> {
        self.day_bounds()
            .map(|(a, b)| i64::from(b) - i64::from(a) + 1)
    }

    /// The earliest day the date may stand for.
    pub fn earliest(&self) -> Option<PartialDate> {
        match self.span() {
            Span::On(d) | Span::Between(d, _) | Span::Interval(Bound::Date(d), _) => {
                Some(d.first_day())
            }
            _ => None,
        }
    }

    /// The latest day the date may stand for.
    pub fn latest(&self) -> Option<PartialDate> {
        match self.span() {
            Span::On(d) | Span::Between(_, d) | Span::Interval(_, Bound::Date(d)) => {
                Some(d.last_day())
            }
            _ => None,
        }
    }

    /// Whether the date may fall in `range`: some day it stands for is in the range.
    /// An unknown date overlaps nothing.
    pub fn overlaps(&self, range: &DateRange) -> bool {
        self.day_bounds()
            .is_some_and(|(a, b)| a <= range.last && range.first <= b)
    }

    /// Whether the date certainly falls in `range`: every day it stands for is in the range.
    pub fn within(&self, range: &DateRange) -> bool {
        self.day_bounds()
            .is_some_and(|(a, b)| range.first <= a && b <= range.last)
    }
}

impl Ord for FactDate {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.day_bounds(), other.day_bounds()) {
            (None, None) => self.year_inferred().cmp(&other.year_inferred()),
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => a
                .cmp(&b)
                .then_with(|| other.precision().cmp(&self.precision()))
                .then_with(|| self.structure().cmp(&other.structure()))
                .then_with(|| self.year_inferred().cmp(&other.year_inferred())),
        }
    }
}

impl FactDate {
    /// A total tie-break between dates with equal bounds and precision, consistent with
    /// `Eq`: the span's variant and fields.
    fn structure(&self) -> (u8, [u16; 3], [u16; 3]) {
        let parts = |d: PartialDate| [d.year, u16::from(d.month), u16::from(d.day)];
        let bound = |b: Bound| match b {
            Bound::Date(d) => parts(d),
            Bound::Open => [OPEN, 0, 0],
            Bound::Unknown => [UNKNOWN_END, 0, 0],
        };
        match self.span() {
            Span::Unknown => (0, [0; 3], [0; 3]),
            Span::On(d) => (1, parts(d), [0; 3]),
            Span::Between(a, b) => (2, parts(a), parts(b)),
            Span::Interval(a, b) => (3, bound(a), bound(b)),
        }
    }
}

impl PartialOrd for FactDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for FactDate {
    /// The serialized form, in EDTF: `2004-11-19`, `2004-11`, `2004`, `2003/2008`,
    /// `2003/..`, `../2007`, `2003/`, `2005-03?`, `2004~`; `unknown` for no date. The
    /// inferred-year flag is not part of this string; see [`FactDate::describe`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span() {
            Span::Unknown => f.write_str("unknown"),
            Span::On(d) => write!(f, "{d}"),
            Span::Between(a, b) => write!(f, "{a}/{b}"),
            Span::Interval(a, b) => write!(f, "{}/{}", bound_text(a), bound_text(b)),
        }
    }
}

impl FactDate {
    /// The date for prose, with a note when the year was inferred:
    /// `"2004-11-19 (year inferred)"`.
    pub fn describe(&self) -> String {
        if self.year_inferred() {
            format!("{self} (year inferred)")
        } else {
            self.to_string()
        }
    }
}

fn bound_text(b: Bound) -> String {
    match b {
        Bound::Date(d) => d.to_string(),
        Bound::Open => "..".to_owned(),
        Bound::Unknown => String::new(),
    }
}

impl FromStr for FactDate {
    type Err = DateError;

    /// Parses the EDTF forms factgraph uses (see `docs/FORMAT.md`, Dates): a date
    /// (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) with an optional qualifier (`?`, `~`, `%`); an
    /// interval `START/END` whose ends are dates, `..` (open) or empty (unknown), not both
    /// non-dates; or `unknown` / the empty string for no date.
    ///
    /// Errors say what is wrong; a shorthand range such as `2004-11-17/19` is refused with
    /// the EDTF form to use instead (`2004-11-17/2004-11-19`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() || s == "unknown" {
            return Ok(FactDate::UNKNOWN);
        }
        let Some((a, b)) = s.split_once('/') else {
            return Ok(FactDate::on(s.parse()?));
        };
        let bound = |t: &str| -> Result<Bound, DateError> {
            match t {
                "" => Ok(Bound::Unknown),
                ".." => Ok(Bound::Open),
                t => t.parse().map(Bound::Date),
            }
        };
        let start = bound(a)?;
        if let Bound::Date(d) = start {
            if let Some(suggestion) = shorthand_end(d, b) {
                return Err(DateError::Shorthand {
                    value: clip(s),
                    suggestion,
                });
            }
        }
        FactDate::interval(start, bound(b)?)
    }
}

/// The full end of a shorthand range (`2004-11-17/19`, `2004-11-17/12-02`, `2004-11/12`):
/// the start's missing leading parts put back, if `end` is such a shorthand.
fn shorthand_end(start: PartialDate, end: &str) -> Option<String> {
    let digits = |t: &str| !t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = end.split('-').collect();
    let (y, m) = (start.year, start.month);
    match (start.precision(), parts.as_slice()) {
        (Precision::Day, [d]) if digits(d) => Some(format!("{y:04}-{m:02}-{d:0>2}")),
        (Precision::Day, [mm, d]) if digits(mm) && digits(d) => {
            Some(format!("{y:04}-{mm:0>2}-{d:0>2}"))
        }
        (Precision::Month, [mm]) if digits(mm) => Some(format!("{y:04}-{mm:0>2}")),
        _ => None,
    }
    .map(|end| format!("{}/{end}", start.plain()))
}

/// An inclusive window of days for date filters, from the first day of one partial date to
/// the last day of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    first: i32,
    last: i32,
}

impl DateRange {
    /// From the first day of `from` to the last day of `to`; an error if reversed.
    ///
    /// # Errors
    /// [`DateError::RangeReversed`] when `from` begins after `to` ends.
    pub fn new(from: PartialDate, to: PartialDate) -> Result<Self, DateError> {
        let (first, last) = (from.first_day_number(), to.last_day_number());
        if first > last {
            return Err(DateError::RangeReversed {
                start: from.to_string(),
                end: to.to_string(),
            });
        }
        Ok(DateRange { first, last })
    }

    /// Every day of one partial date (`DateRange::of(PartialDate::year(2004)?)`).
    pub fn of(date: PartialDate) -> Self {
        DateRange {
            first: date.first_day_number(),
            last: date.last_day_number(),
        }
    }

    /// From day number `first` to `last` (since 1970-01-01), both inclusive; the caller
    /// keeps `first <= last`.
    pub(crate) fn from_days(first: i32, last: i32) -> Self {
        DateRange { first, last }
    }

    /// First and last day as day numbers since 1970-01-01.
    pub(crate) fn bounds(&self) -> (i32, i32) {
        (self.first, self.last)
    }

    /// Every day.
    pub const ALL: DateRange = DateRange {
        first: i32::MIN,
        last: i32::MAX,
    };
}

impl fmt::Display for DateRange {
    /// The window as an EDTF interval of days, `2004-11-01/2004-11-30`; a side that no
    /// date of years 1 to 9999 bounds (as in [`DateRange::ALL`]) is open, `..`.
    ///
    /// ```
    /// use factgraph::{DateRange, PartialDate};
    /// let nov = DateRange::of(PartialDate::month(2004, 11)?);
    /// assert_eq!(nov.to_string(), "2004-11-01/2004-11-30");
    /// assert_eq!(DateRange::ALL.to_string(), "../..");
    /// # Ok::<(), factgraph::DateError>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |f: &mut fmt::Formatter<'_>, n: i32| {
            if (MIN_DAY..=MAX_DAY).contains(&n) {
                let (y, m, d) = civil_from_days(n);
                write!(f, "{y:04}-{m:02}-{d:02}")
            } else {
                f.write_str("..")
            }
        };
        side(f, self.first)?;
        f.write_str("/")?;
        side(f, self.last)
    }
}

impl FromStr for DateRange {
    type Err = DateError;

    /// Reads `START/END`, each end a partial date (`2004`, `2004-11`, `2004-11-19`) or
    /// `..` for open, or one partial date for all its days; the form [`Display`](fmt::Display)
    /// writes reads back as the same window.
    ///
    /// # Errors
    /// [`DateError`] for an end that is not a date, or [`DateError::RangeReversed`] when the
    /// start comes after the end.
    ///
    /// ```
    /// use factgraph::{DateRange, PartialDate};
    /// let r: DateRange = "2004/2005-06".parse()?;
    /// assert_eq!(r.to_string(), "2004-01-01/2005-06-30");
    /// assert_eq!("2004".parse::<DateRange>()?, DateRange::of(PartialDate::year(2004)?));
    /// assert_eq!("../..".parse::<DateRange>()?, DateRange::ALL);
    /// assert!("2005/2004".parse::<DateRange>().is_err());
    /// # Ok::<(), factgraph::DateError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let Some((a, b)) = s.split_once('/') else {
            return Ok(DateRange::of(s.parse()?));
        };
        let first = match a.trim() {
            ".." => i32::MIN,
            a => a.parse::<PartialDate>()?.first_day_number(),
        };
        let last = match b.trim() {
            ".." => i32::MAX,
            b => b.parse::<PartialDate>()?.last_day_number(),
        };
        if first > last {
            return Err(DateError::RangeReversed {
                start: clip(a),
                end: clip(b),
            });
        }
        Ok(DateRange { first, last })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> FactDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn plain_dates_read_as_the_general_parser_reads_them() {
        let mut texts: Vec<String> = Vec::new();
        for year in ["0000", "0001", "1900", "2000", "2023", "2024", "9999"] {
            texts.push(year.to_owned());
            for month in ["00", "01", "02", "04", "12", "13", "99"] {
                texts.push(format!("{year}-{month}"));
                for day in ["00", "01", "28", "29", "30", "31", "32"] {
                    texts.push(format!("{year}-{month}-{day}"));
                }
            }
        }
        texts.extend(
            [
                "202",
                "20245",
                "2024-1",
                "2024-01-1",
                "2024/01/01",
                "2024-01-01?",
            ]
            .map(String::from),
        );
        texts.extend(["２０２４", "2024-0a", "-2024", "2024-01-01T", "+123"].map(String::from));
        for t in &texts {
            assert_eq!(t.parse::<PartialDate>(), parse_partial(t), "{t}");
        }
    }

    #[test]
    fn parse_and_print_round_trip() {
        for s in [
            "2004-11-19",
            "2004-11",
            "2004",
            "2003/2008",
            "2004-11-17/2004-11-19",
            "2004-11-17/2004-11",
            "unknown",
            "0001-01-01",
            "9999-12-31",
            "2003/..",
            "../2007",
            "2003/",
            "/2007-05",
            "2005-03?",
            "2004~",
            "2004-11-19%",
            "2003~/2008?",
            "2012-11/..",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
    }

    #[test]
    fn shorthand_ranges_get_their_edtf_form() {
        for (s, want) in [
            ("2004-11-17/19", "2004-11-17/2004-11-19"),
            ("2004-11-30/12-02", "2004-11-30/2004-12-02"),
            ("2004-11/12", "2004-11/2004-12"),
        ] {
            match s.parse::<FactDate>() {
                Err(DateError::Shorthand { suggestion, .. }) => assert_eq!(suggestion, want),
                other => panic!("{s}: {other:?}"),
            }
            assert!(want.parse::<FactDate>().is_ok());
        }
        assert!(matches!(
            "2004-11-17T10:00".parse::<FactDate>(),
            Err(DateError::TimeOfDay { .. })
        ));
    }

    #[test]
    fn open_and_unknown_ends_are_unbounded() {
        let since = d("2003/..");
        let far = DateRange::of(PartialDate::year(2090).unwrap_or_else(|e| panic!("{e}")));
        let before = DateRange::of(PartialDate::year(2002).unwrap_or_else(|e| panic!("{e}")));
        assert!(since.overlaps(&far) && !since.overlaps(&before));
        assert!(!since.within(&far));
        assert!(d("2003/").overlaps(&far));
        assert!(d("../2007").overlaps(&before));
        assert_eq!(
            since.earliest(),
            PartialDate::year(2003).ok().map(|p| p.first_day())
        );
        assert_eq!(since.latest(), None);
        // Qualifiers keep the bounds.
        assert_eq!(d("2004~").day_bounds(), d("2004").day_bounds());
        assert!(d("2004") < d("2004~"));
        assert!(d("2004~").is_qualified() && !d("2004").is_qualified());
    }

    #[test]
    fn rejects_invalid() {
        for s in [
            "2004-02-30",
            "2003-02-29",
            "2004-13",
            "2004-00",
            "2004-11-00",
            "0000",
            "04-11-19",
            "2004-1-19",
            "2004-11-19-1",
            "2004/2003",
            "x",
            "/",
            "../..",
            "/..",
            "2004??",
            "?2004",
            "2004-11-17T10:00:00",
            "+2004",
            "２００４",
        ] {
            assert!(s.parse::<FactDate>().is_err(), "{s} accepted");
        }
        assert!(d("2000-02-29").precision() == Some(Precision::Day));
        assert!("1900-02-29".parse::<FactDate>().is_err());
    }

    #[test]
    fn ordering_respects_precision() {
        let mut v = [
            d("unknown"),
            d("2004-11-19"),
            d("2004"),
            d("2004-11"),
            d("2003"),
            d("2004-11-17"),
            d("2003/2008"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            s,
            [
                "2003",
                "2003/2008",
                "2004",
                "2004-11",
                "2004-11-17",
                "2004-11-19",
                "unknown"
            ]
        );
    }

    #[test]
    fn overlap_and_within() {
        let nov17 = DateRange::of(PartialDate::day(2004, 11, 17).unwrap_or_else(|e| panic!("{e}")));
        assert!(d("2004-11-17").within(&nov17));
        assert!(d("2004-11").overlaps(&nov17));
        assert!(!d("2004-11").within(&nov17));
        assert!(!d("2004-11-19").overlaps(&nov17));
        assert!(!d("unknown").overlaps(&DateRange::ALL));
        assert!(d("2003/2008").overlaps(&nov17));
    }

    #[test]
    fn packed_dates_keep_their_meaning() {
        assert_eq!(std::mem::size_of::<FactDate>(), 8);
        for s in [
            "2004-11-19",
            "2004-11",
            "2004",
            "2003/2008",
            "unknown",
            "2004-12-31/2005",
        ] {
            let plain = d(s);
            let inferred = plain.with_year_inferred(true);
            assert_eq!(inferred.span(), plain.span(), "{s}");
            assert_eq!(inferred.year_inferred(), !plain.is_unknown(), "{s}");
            assert!(!inferred.with_year_inferred(false).year_inferred());
            assert_eq!(inferred.with_year_inferred(false), plain);
            assert_eq!(inferred.to_string(), s);
            assert_eq!(inferred.day_bounds(), plain.day_bounds());
        }
    }

    /// Every date packs to bits that unpack to it; bits no valid date packs to are refused.
    #[test]
    fn packed_bits_round_trip_and_refuse_invalid() {
        for text in [
            "2004",
            "2004-11",
            "2004-11-17",
            "2004~",
            "2004-11?",
            "2004-11-17%",
            "2003/2008",
            "2003/..",
            "../2007",
            "2003/",
            "/2007",
            "2004-11-17/2004-11",
            "0001",
            "9999-12-31",
        ] {
            let d = text
                .parse::<FactDate>()
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            for d in [d, d.with_year_inferred(true)] {
                assert_eq!(FactDate::from_bits(d.to_bits()), Some(d), "{text}");
            }
        }
        assert_eq!(FactDate::from_bits(0), Some(FactDate::UNKNOWN));
        let good = "2004-11-17"
            .parse::<FactDate>()
            .unwrap_or_else(|e| panic!("{e}"))
            .to_bits();
        // Month 13, day 31 of November, a day without a month, an end month without a year.
        for bad in [
            (good & !0xFF_0000) | 13 << 16,
            (good & !0x3F00_0000) | 31 << 24,
            good & !0xFF_0000,
            good | 1 << 48,
        ] {
            assert_eq!(FactDate::from_bits(bad), None, "{bad:#x}");
        }
    }

    #[test]
    fn day_numbers() {
        let epoch = PartialDate::day(1970, 1, 1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(epoch.first_day_number(), 0);
        let y2004 = PartialDate::year(2004).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(y2004.last_day_number() - y2004.first_day_number(), 365);
    }
}
