//! Dates with precision: a fact may be known to the day, the month, the year, as a range,
//! or not at all.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::error::DateError;

/// How precisely a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
pub struct PartialDate {
    year: u16,
    /// 0 when unknown.
    month: u8,
    /// 0 when unknown.
    day: u8,
}

impl PartialDate {
    /// A date known to the year.
    pub fn year(year: i32) -> Result<Self, DateError> {
        let year = check_year(year)?;
        Ok(PartialDate {
            year,
            month: 0,
            day: 0,
        })
    }

    /// A date known to the month.
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
        (self.day != 0).then_some(u32::from(self.day))
    }

    /// How precisely the date is known.
    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
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
            day: self.day.max(1),
        }
    }

    /// The last day this date may stand for, as a day-precision date.
    pub fn last_day(self) -> PartialDate {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 {
            days_in_month(self.year, month)
        } else {
            self.day
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
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DateError::Syntax {
            value: s.to_owned(),
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
        match (month, day) {
            (None, _) => PartialDate::year(year),
            (Some(m), None) => PartialDate::month(year, m),
            (Some(m), Some(d)) => PartialDate::day(year, m, d),
        }
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

/// The time span of a fact: unknown, one partial date, or a range between two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    /// The text gives no date.
    Unknown,
    /// One date at some precision.
    On(PartialDate),
    /// From the first date to the second, both inclusive (the start is not after the end).
    Between(PartialDate, PartialDate),
}

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
pub struct FactDate {
    // Packed into 8 bytes, since every fact and every attribution carries one:
    // `start.year == 0` means unknown; `end.year == 0` means a single date; the high bit of
    // `start.month` is the inferred-year flag. Equal meaning ⇔ equal bits.
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
    pub fn between(start: PartialDate, end: PartialDate) -> Result<Self, DateError> {
        if start.first_day_number() > end.last_day_number() {
            return Err(DateError::RangeReversed {
                start: start.to_string(),
                end: end.to_string(),
            });
        }
        Ok(FactDate { start, end })
    }

    /// Shorthand for a day-precision date.
    pub fn day(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        PartialDate::day(year, month, day).map(FactDate::on)
    }

    /// Shorthand for a month-precision date.
    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        PartialDate::month(year, month).map(FactDate::on)
    }

    /// Shorthand for a year-precision date.
    pub fn year(year: i32) -> Result<Self, DateError> {
        PartialDate::year(year).map(FactDate::on)
    }

    /// Parses like [`FromStr`] and marks the year as inferred from context.
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

    /// The span.
    pub fn span(&self) -> Span {
        let start = PartialDate {
            month: self.start.month & !INFERRED,
            ..self.start
        };
        match (self.start.year, self.end.year) {
            (0, _) => Span::Unknown,
            (_, 0) => Span::On(start),
            _ => Span::Between(start, self.end),
        }
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
        }
    }

    /// First and last day (as day numbers since 1970-01-01) the date may stand for.
    pub(crate) fn day_bounds(&self) -> Option<(i32, i32)> {
        match self.span() {
            Span::Unknown => None,
            Span::On(d) => Some((d.first_day_number(), d.last_day_number())),
            Span::Between(a, b) => Some((a.first_day_number(), b.last_day_number())),
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
            Span::Unknown => None,
            Span::On(d) | Span::Between(d, _) => Some(d.first_day()),
        }
    }

    /// The latest day the date may stand for.
    pub fn latest(&self) -> Option<PartialDate> {
        match self.span() {
            Span::Unknown => None,
            Span::On(d) | Span::Between(_, d) => Some(d.last_day()),
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
        match self.span() {
            Span::Unknown => (0, [0; 3], [0; 3]),
            Span::On(d) => (1, parts(d), [0; 3]),
            Span::Between(a, b) => (2, parts(a), parts(b)),
        }
    }
}

impl PartialOrd for FactDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for FactDate {
    /// The serialized form: `2004-11-19`, `2004-11`, `2004`, `2003/2008` or `unknown`.
    /// The inferred-year flag is not part of this string; see [`FactDate::describe`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span() {
            Span::Unknown => f.write_str("unknown"),
            Span::On(d) => write!(f, "{d}"),
            Span::Between(a, b) => write!(f, "{a}/{b}"),
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

impl FromStr for FactDate {
    type Err = DateError;

    /// Parses `unknown`, a partial date, or `start/end`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() || s == "unknown" {
            return Ok(FactDate::UNKNOWN);
        }
        match s.split_once('/') {
            Some((a, b)) => FactDate::between(a.parse()?, b.parse()?),
            None => Ok(FactDate::on(s.parse()?)),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> FactDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
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
        ] {
            assert_eq!(d(s).to_string(), s);
        }
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
            "2004/",
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

    #[test]
    fn day_numbers() {
        let epoch = PartialDate::day(1970, 1, 1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(epoch.first_day_number(), 0);
        let y2004 = PartialDate::year(2004).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(y2004.last_day_number() - y2004.first_day_number(), 365);
    }
}
