//! Recurrence: a fact that happens again and again ("held annually since 2003", "every
//! two years"), and the ordinal of one edition of a series ("the eighth annual").
//!
//! A recurring fact's [`date`](crate::Fact::date) is the span over which the series runs
//! (`2003/..`: since 2003 and still running; `2003/2019`: from 2003 to 2019), and its
//! [`Recurrence`] says how often it comes back. That span is not a continuous period: the
//! series *runs* on every day of it, and *occurs* in the years (or months) the recurrence
//! gives, counted from the span's start. An edition (an exercise `part_of` its series) may
//! carry its ordinal ([`Fact::edition`](crate::Fact::edition)), which the coder writes when
//! the report gives it ("the 11th annual"); otherwise
//! [`KnowledgeGraph::edition_of`](crate::KnowledgeGraph::edition_of) counts it from the
//! series' recurrence.

use std::fmt;
use std::num::NonZeroU16;
use std::str::FromStr;

use super::date::{Bound, FactDate, PartialDate, Span};
use super::quantity::QuantityError;

/// The step of a recurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RecurrenceUnit {
    /// Years.
    Year,
    /// Months.
    Month,
}

impl RecurrenceUnit {
    /// The stable name: `year` or `month` (a column of the exports).
    pub const fn as_str(self) -> &'static str {
        match self {
            RecurrenceUnit::Year => "year",
            RecurrenceUnit::Month => "month",
        }
    }
}

/// How often a fact comes back: every `n` years or months.
///
/// The text form is `yearly` (also `annually`, `annual`), `monthly`, `every N years`,
/// `every N months` (N from 1 to 100); `Display` writes `yearly`, `monthly` or the
/// `every` form.
///
/// ```
/// use factgraph::{FactDate, PartialDate, Recurrence};
/// let r: Recurrence = "yearly".parse()?;
/// let since: FactDate = "2003/..".parse()?;
/// // The 2010 edition of a yearly series that began in 2003 is the eighth.
/// assert_eq!(r.ordinal(since, PartialDate::year(2010)?), Some(8));
/// let biennial: Recurrence = "every 2 years".parse()?;
/// assert_eq!(biennial.ordinal(since, PartialDate::year(2010)?), None);
/// assert_eq!(biennial.to_string(), "every 2 years");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Recurrence {
    every: NonZeroU16,
    unit: RecurrenceUnit,
}

/// The largest step accepted: a century.
const MAX_STEP: u16 = 100;

impl Recurrence {
    /// Once a year.
    pub const YEARLY: Recurrence = Recurrence {
        every: NonZeroU16::MIN,
        unit: RecurrenceUnit::Year,
    };

    /// Every `n` units, `n` from 1 to 100.
    ///
    /// # Errors
    ///
    /// [`QuantityError::BadRecurrence`] for 0 or more than 100.
    pub fn every(n: u16, unit: RecurrenceUnit) -> Result<Self, QuantityError> {
        match NonZeroU16::new(n) {
            Some(every) if n <= MAX_STEP => Ok(Recurrence { every, unit }),
            _ => Err(QuantityError::BadRecurrence {
                text: format!("every {n}"),
            }),
        }
    }

    /// The step, in [`unit`](Self::unit)s.
    pub fn step(&self) -> u16 {
        self.every.get()
    }

    /// Years or months.
    pub fn unit(&self) -> RecurrenceUnit {
        self.unit
    }

    /// The first date of a series' span (its first occurrence), if the span has one.
    pub fn start_of(span: FactDate) -> Option<PartialDate> {
        match span.span() {
            Span::On(d) | Span::Between(d, _) | Span::Interval(Bound::Date(d), _) => Some(d),
            _ => None,
        }
    }

    /// Whether the series runs on some day of `date`: its span overlaps it.
    pub fn runs_in(span: FactDate, date: PartialDate) -> bool {
        span.day_bounds()
            .is_some_and(|(a, b)| a <= date.last_day_number() && date.first_day_number() <= b)
    }

    /// The ordinal (1 for the first) of the occurrence in `date`'s year (or month, for a
    /// monthly series) of a series over `span`: `None` when the series does not run then or
    /// does not come back in that year (a biennial series in its off year), or when the
    /// span has no start.
    pub fn ordinal(&self, span: FactDate, date: PartialDate) -> Option<u32> {
        let start = Self::start_of(span)?;
        if !Self::runs_in(span, date) {
            return None;
        }
        let steps = match self.unit {
            RecurrenceUnit::Year => i64::from(date.year_value()) - i64::from(start.year_value()),
            RecurrenceUnit::Month => {
                let month = |d: PartialDate| {
                    i64::from(d.year_value()) * 12 + i64::from(d.month_value().unwrap_or(1))
                };
                if self.unit == RecurrenceUnit::Month && date.month_value().is_none() {
                    return None;
                }
                month(date) - month(start)
            }
        };
        let every = i64::from(self.every.get());
        if steps < 0 || steps % every != 0 {
            return None;
        }
        u32::try_from(steps / every + 1).ok()
    }

    pub(crate) fn code(&self) -> (u16, u8) {
        (
            self.every.get(),
            match self.unit {
                RecurrenceUnit::Year => 0,
                RecurrenceUnit::Month => 1,
            },
        )
    }

    pub(crate) fn from_code(every: u16, unit: u8) -> Option<Self> {
        let unit = match unit {
            0 => RecurrenceUnit::Year,
            1 => RecurrenceUnit::Month,
            _ => return None,
        };
        Recurrence::every(every, unit).ok()
    }
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.every.get(), self.unit) {
            (1, RecurrenceUnit::Year) => f.write_str("yearly"),
            (1, RecurrenceUnit::Month) => f.write_str("monthly"),
            (n, RecurrenceUnit::Year) => write!(f, "every {n} years"),
            (n, RecurrenceUnit::Month) => write!(f, "every {n} months"),
        }
    }
}

impl FromStr for Recurrence {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || QuantityError::BadRecurrence {
            text: s.chars().take(40).collect(),
        };
        if s.len() > 40 {
            return Err(bad());
        }
        match s.trim() {
            "yearly" | "annually" | "annual" => return Ok(Recurrence::YEARLY),
            "monthly" => return Recurrence::every(1, RecurrenceUnit::Month),
            _ => {}
        }
        let rest = s.trim().strip_prefix("every ").ok_or_else(bad)?;
        let (n, unit) = rest.split_once(' ').ok_or_else(bad)?;
        let n: u16 = n.parse().map_err(|_| bad())?;
        let unit = match unit {
            "year" | "years" => RecurrenceUnit::Year,
            "month" | "months" => RecurrenceUnit::Month,
            _ => return Err(bad()),
        };
        Recurrence::every(n, unit).map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> FactDate {
        s.parse().unwrap_or(FactDate::UNKNOWN)
    }

    #[test]
    fn runs_and_counts() {
        let y = |n| PartialDate::year(n).ok();
        let r = Recurrence::YEARLY;
        assert_eq!(y(2010).and_then(|p| r.ordinal(d("2003/.."), p)), Some(8));
        assert_eq!(y(2003).and_then(|p| r.ordinal(d("2003/.."), p)), Some(1));
        assert_eq!(y(2002).and_then(|p| r.ordinal(d("2003/.."), p)), None);
        assert_eq!(y(2020).and_then(|p| r.ordinal(d("2003/2019"), p)), None);
        assert!(y(2010).is_some_and(|p| Recurrence::runs_in(d("2003/.."), p)));
        assert!(!y(2002).is_some_and(|p| Recurrence::runs_in(d("2003/.."), p)));
        assert_eq!(y(2010).and_then(|p| r.ordinal(d("/2019"), p)), None);
        let m = Recurrence::every(3, RecurrenceUnit::Month).ok();
        let apr = PartialDate::month(2004, 4).ok();
        assert_eq!(
            m.zip(apr).and_then(|(m, p)| m.ordinal(d("2004-01/.."), p)),
            Some(2)
        );
    }

    #[test]
    fn text_forms() {
        for (text, back) in [
            ("yearly", "yearly"),
            ("annually", "yearly"),
            ("every 2 years", "every 2 years"),
            ("every 1 year", "yearly"),
            ("monthly", "monthly"),
            ("every 6 months", "every 6 months"),
        ] {
            assert_eq!(
                text.parse::<Recurrence>().map(|r| r.to_string()),
                Ok(back.to_owned())
            );
        }
        for bad in [
            "",
            "every",
            "every 0 years",
            "every 101 years",
            "every two years",
            "weekly",
        ] {
            assert!(bad.parse::<Recurrence>().is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn printed_forms_read_back(n in 1u16..=100, monthly in any::<bool>()) {
            let unit = if monthly { RecurrenceUnit::Month } else { RecurrenceUnit::Year };
            let r = Recurrence::every(n, unit);
            prop_assert!(r.is_ok());
            if let Ok(r) = r {
                prop_assert_eq!(r.to_string().parse::<Recurrence>(), Ok(r));
            }
        }

        #[test]
        fn any_text_is_read_or_refused(s in "\\PC{0,50}") {
            if let Ok(r) = s.parse::<Recurrence>() {
                prop_assert_eq!(r.to_string().parse::<Recurrence>(), Ok(r));
            }
        }
    }
}
