//! Quantities a report gives for a fact: troops, money, casualties, counts and durations,
//! exact or approximate, bounded or a range, each in its unit.
//!
//! A quantity belongs to the attribution that gave it
//! ([`Attribution::with_quantity`](crate::Attribution::with_quantity)), so two reports'
//! numbers for one fact stay apart, each with its report; a merge keeps both, and
//! [`KnowledgeGraph::quantity_conflicts`](crate::KnowledgeGraph::quantity_conflicts) and
//! [`ConflictKind::Quantity`](crate::corpus::ConflictKind::Quantity) flag those that
//! cannot both be true.
//!
//! The text form ([`Amount`]'s `FromStr` and `Display`) is what JSON files, the CLI and
//! Cypher write: `29`, `about 1000` (`~1000`), `up to 150000` (`<=150000`), `less than 30`
//! (`<30`), `at least 100` (`>=100`), `more than 30` (`>30`), `27 to 29` (`27-29`).
//! Values are whole numbers from 0 to 10^15 (money in whole units of its currency);
//! thousands may be grouped with commas (`1,600`).

use std::fmt;
use std::str::FromStr;

/// The largest value a quantity may hold: 10^15, more than any troop count or budget, so
/// that sums over a corpus cannot overflow.
pub const MAX_VALUE: u64 = 1_000_000_000_000_000;

/// What a quantity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum QuantityKind {
    /// People taking part: troops, a contingent, a delegation, staff.
    Personnel,
    /// An amount of money, in a currency ([`Unit::Currency`]).
    Money,
    /// People killed.
    Killed,
    /// People wounded or injured.
    Wounded,
    /// A number of things or events: helicopters, rotations, "more than 30 events".
    Count,
    /// A length of time, in days, weeks, months or years.
    Duration,
}

impl QuantityKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [QuantityKind] = &[
        QuantityKind::Personnel,
        QuantityKind::Money,
        QuantityKind::Killed,
        QuantityKind::Wounded,
        QuantityKind::Count,
        QuantityKind::Duration,
    ];

    /// The stable serialized name: `personnel`, `money`, `killed`, `wounded`, `count`,
    /// `duration` (also the Cypher property names, `r.personnel`).
    pub const fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Personnel => "personnel",
            QuantityKind::Money => "money",
            QuantityKind::Killed => "killed",
            QuantityKind::Wounded => "wounded",
            QuantityKind::Count => "count",
            QuantityKind::Duration => "duration",
        }
    }

    pub(crate) const fn code(self) -> u8 {
        self as u8
    }

    pub(crate) fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(code as usize).copied()
    }
}

impl fmt::Display for QuantityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for QuantityKind {
    type Err = crate::error::UnknownName;

    /// Parses the serialized name (`casualties` is not a kind: write `killed` or
    /// `wounded`).
    ///
    /// ```
    /// use factgraph::QuantityKind;
    /// assert_eq!("personnel".parse::<QuantityKind>()?, QuantityKind::Personnel);
    /// assert!("troops".parse::<QuantityKind>().is_err());
    /// # Ok::<(), factgraph::UnknownName>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| crate::model::names_word(s, k.as_str()))
            .ok_or_else(|| crate::error::UnknownName {
                what: "quantity kind",
                value: s.to_owned(),
                expected: Self::ALL.iter().map(|k| k.as_str()).collect(),
            })
    }
}

/// A value as a report gives it: exact, approximate, bounded on one side, or a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Amount {
    /// Exactly this many: "29".
    Exact(u64),
    /// About this many: "about 1,000", "around 1,600", "nearly 400". Compared as within
    /// 10 % either side.
    About(u64),
    /// At most this many: "up to $150,000".
    UpTo(u64),
    /// Fewer than this many: "less than 30".
    LessThan(u64),
    /// At least this many: "at least 100".
    AtLeast(u64),
    /// More than this many: "more than 30 events".
    MoreThan(u64),
    /// From the first to the second, inclusive, the first smaller: "27 to 29".
    Range(u64, u64),
}

impl Amount {
    /// The value a chart plots: the value itself, a bound, or a range's midpoint
    /// (rounded down). A bound is not an estimate: [`is_exact`](Self::is_exact) and the
    /// amount's text say which it is.
    pub const fn value(self) -> u64 {
        match self {
            Amount::Exact(v)
            | Amount::About(v)
            | Amount::UpTo(v)
            | Amount::LessThan(v)
            | Amount::AtLeast(v)
            | Amount::MoreThan(v) => v,
            Amount::Range(a, b) => a + (b - a) / 2,
        }
    }

    /// The numbers the report gives, placed as the lower and upper end of what it allows:
    /// both the value for an exact or approximate amount (read [`qualifier`](Self::qualifier)
    /// to tell them apart), only the upper end for `up to` / `less than`, only the lower for
    /// `at least` / `more than`, both ends of a range. The exports' `low` and `high`
    /// columns; unlike [`bounds`](Self::bounds) nothing is widened or made inclusive.
    ///
    /// ```
    /// use factgraph::Amount;
    /// assert_eq!(Amount::About(1000).ends(), (Some(1000), Some(1000)));
    /// assert_eq!(Amount::UpTo(150_000).ends(), (None, Some(150_000)));
    /// assert_eq!(Amount::MoreThan(30).ends(), (Some(30), None));
    /// assert_eq!(Amount::Range(27, 29).ends(), (Some(27), Some(29)));
    /// ```
    pub const fn ends(self) -> (Option<u64>, Option<u64>) {
        match self {
            Amount::Exact(v) | Amount::About(v) => (Some(v), Some(v)),
            Amount::UpTo(v) | Amount::LessThan(v) => (None, Some(v)),
            Amount::AtLeast(v) | Amount::MoreThan(v) => (Some(v), None),
            Amount::Range(a, b) => (Some(a), Some(b)),
        }
    }

    /// Whether the report gives the number exactly.
    pub const fn is_exact(self) -> bool {
        matches!(self, Amount::Exact(_))
    }

    /// The smallest and largest values the amount allows, inclusive (`about` is taken as
    /// within 10 % either side, rounded outwards; open bounds go to [`MAX_VALUE`]).
    ///
    /// ```
    /// use factgraph::Amount;
    /// assert_eq!("about 30".parse::<Amount>()?.bounds(), (27, 33));
    /// assert_eq!("more than 30".parse::<Amount>()?.bounds(), (31, factgraph::model::quantity::MAX_VALUE));
    /// # Ok::<(), factgraph::QuantityError>(())
    /// ```
    pub const fn bounds(self) -> (u64, u64) {
        match self {
            Amount::Exact(v) => (v, v),
            Amount::About(v) => (v - v / 10, v + v.div_ceil(10)),
            Amount::UpTo(v) => (0, v),
            Amount::LessThan(v) => (0, v.saturating_sub(1)),
            Amount::AtLeast(v) => (v, MAX_VALUE),
            Amount::MoreThan(v) => (v + 1, MAX_VALUE),
            Amount::Range(a, b) => (a, b),
        }
    }

    /// Whether two amounts may both be true (their bounds overlap).
    pub const fn agrees_with(self, other: Amount) -> bool {
        let (a, b) = self.bounds();
        let (c, d) = other.bounds();
        a <= d && c <= b
    }

    /// The qualifier's stable name: `exact`, `about`, `up_to`, `less_than`, `at_least`,
    /// `more_than`, `range` (a column of the exports).
    pub const fn qualifier(self) -> &'static str {
        match self {
            Amount::Exact(_) => "exact",
            Amount::About(_) => "about",
            Amount::UpTo(_) => "up_to",
            Amount::LessThan(_) => "less_than",
            Amount::AtLeast(_) => "at_least",
            Amount::MoreThan(_) => "more_than",
            Amount::Range(..) => "range",
        }
    }

    /// Checks a value (or both ends of a range) against [`MAX_VALUE`] and order.
    pub(crate) fn check(self) -> Result<Self, QuantityError> {
        let hi = match self {
            Amount::Range(_, b) => b,
            other => other.value(),
        };
        if hi > MAX_VALUE {
            return Err(QuantityError::TooLarge { value: hi });
        }
        if let Amount::Range(a, b) = self {
            if a >= b {
                return Err(QuantityError::ReversedRange { low: a, high: b });
            }
        }
        if let Amount::LessThan(0) = self {
            return Err(QuantityError::Empty);
        }
        Ok(self)
    }

    pub(crate) fn code(self) -> (u8, u64, u64) {
        match self {
            Amount::Exact(v) => (0, v, 0),
            Amount::About(v) => (1, v, 0),
            Amount::UpTo(v) => (2, v, 0),
            Amount::LessThan(v) => (3, v, 0),
            Amount::AtLeast(v) => (4, v, 0),
            Amount::MoreThan(v) => (5, v, 0),
            Amount::Range(a, b) => (6, a, b),
        }
    }

    pub(crate) fn from_code(tag: u8, a: u64, b: u64) -> Option<Self> {
        let amount = match tag {
            0 => Amount::Exact(a),
            1 => Amount::About(a),
            2 => Amount::UpTo(a),
            3 => Amount::LessThan(a),
            4 => Amount::AtLeast(a),
            5 => Amount::MoreThan(a),
            6 => Amount::Range(a, b),
            _ => return None,
        };
        amount.check().ok()
    }
}

impl fmt::Display for Amount {
    /// The word form, which [`FromStr`] reads back: `29`, `about 1000`, `up to 150000`,
    /// `less than 30`, `at least 100`, `more than 30`, `27 to 29`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Exact(v) => write!(f, "{v}"),
            Amount::About(v) => write!(f, "about {v}"),
            Amount::UpTo(v) => write!(f, "up to {v}"),
            Amount::LessThan(v) => write!(f, "less than {v}"),
            Amount::AtLeast(v) => write!(f, "at least {v}"),
            Amount::MoreThan(v) => write!(f, "more than {v}"),
            Amount::Range(a, b) => write!(f, "{a} to {b}"),
        }
    }
}

/// The longest amount text read: longer input is refused before it is looked at.
const MAX_AMOUNT_TEXT: usize = 64;

/// Reads a whole number: digits, optionally grouped by commas in threes (`1,600`).
fn number(s: &str) -> Result<u64, QuantityError> {
    let bad = || QuantityError::BadNumber { text: s.to_owned() };
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(bad());
    }
    if s.contains(',') {
        let mut groups = s.split(',');
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || !groups.all(|g| g.len() == 3) {
            return Err(bad());
        }
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let v: u64 = digits
        .parse()
        .map_err(|_| QuantityError::TooLarge { value: u64::MAX })?;
    if v > MAX_VALUE {
        return Err(QuantityError::TooLarge { value: v });
    }
    Ok(v)
}

impl FromStr for Amount {
    type Err = QuantityError;

    /// Reads the word or symbol form (see the [module documentation](self)).
    ///
    /// ```
    /// use factgraph::Amount;
    /// assert_eq!("about 1,000".parse::<Amount>()?, Amount::About(1000));
    /// assert_eq!("<=150000".parse::<Amount>()?, Amount::UpTo(150_000));
    /// assert_eq!("27-29".parse::<Amount>()?, Amount::Range(27, 29));
    /// assert!("29 troops".parse::<Amount>().is_err());
    /// # Ok::<(), factgraph::QuantityError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() > MAX_AMOUNT_TEXT {
            return Err(QuantityError::BadNumber {
                text: s.chars().take(MAX_AMOUNT_TEXT).collect(),
            });
        }
        let t = s.trim();
        type Make = fn(u64) -> Amount;
        const PREFIXES: [(&str, Make); 10] = [
            ("about ", Amount::About),
            ("~", Amount::About),
            ("up to ", Amount::UpTo),
            ("<=", Amount::UpTo),
            ("less than ", Amount::LessThan),
            ("<", Amount::LessThan),
            ("at least ", Amount::AtLeast),
            (">=", Amount::AtLeast),
            ("more than ", Amount::MoreThan),
            (">", Amount::MoreThan),
        ];
        for (prefix, make) in PREFIXES {
            if let Some(rest) = t.strip_prefix(prefix) {
                return make(number(rest)?).check();
            }
        }
        for sep in [" to ", "-"] {
            if let Some((a, b)) = t.split_once(sep) {
                return Amount::Range(number(a)?, number(b)?).check();
            }
        }
        Amount::Exact(number(t)?).check()
    }
}

/// A currency, by its ISO 4217 alphabetic code (three capital letters: `USD`, `KZT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// The code, e.g. `"USD"`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl FromStr for Currency {
    type Err = QuantityError;

    /// Reads an ISO 4217 code. Only the form is checked (three capital letters), not the
    /// list of codes in use; lower case is refused with the code meant (`usd` → `USD`), as
    /// factgraph does not change what it is given.
    ///
    /// ```
    /// use factgraph::Currency;
    /// assert_eq!("USD".parse::<Currency>()?.as_str(), "USD");
    /// assert!("usd".parse::<Currency>().is_err());
    /// # Ok::<(), factgraph::QuantityError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        match b {
            [x, y, z] if b.iter().all(u8::is_ascii_uppercase) => Ok(Currency([*x, *y, *z])),
            _ => Err(QuantityError::BadCurrency {
                text: s.chars().take(16).collect(),
                meant: (b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic))
                    .then(|| s.to_ascii_uppercase()),
            }),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unit of a quantity: a currency for money, a unit of time for a duration. People
/// and counts have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Unit {
    /// Money, in this currency.
    Currency(Currency),
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
}

impl Unit {
    /// The serialized form: the currency code, or `day`, `week`, `month`, `year`.
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Currency(c) => c.as_str(),
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }

    /// The unit's identifier in the QUDT units vocabulary (`http://qudt.org/vocab/unit/`),
    /// used by the RDF export; a currency's is its ISO 4217 code in
    /// `http://qudt.org/vocab/currency/`.
    pub fn qudt(&self) -> String {
        match self {
            Unit::Currency(c) => format!("http://qudt.org/vocab/currency/{c}"),
            Unit::Day => "http://qudt.org/vocab/unit/DAY".to_owned(),
            Unit::Week => "http://qudt.org/vocab/unit/WK".to_owned(),
            Unit::Month => "http://qudt.org/vocab/unit/MO".to_owned(),
            Unit::Year => "http://qudt.org/vocab/unit/YR".to_owned(),
        }
    }

    /// Reads a unit for `kind`: a currency code for money, a unit of time (singular or
    /// plural) for a duration.
    ///
    /// # Errors
    ///
    /// [`QuantityError::BadCurrency`] or [`QuantityError::BadUnit`].
    pub fn parse_for(kind: QuantityKind, s: &str) -> Result<Unit, QuantityError> {
        match kind {
            QuantityKind::Money => Ok(Unit::Currency(s.parse()?)),
            QuantityKind::Duration => match s {
                "day" | "days" => Ok(Unit::Day),
                "week" | "weeks" => Ok(Unit::Week),
                "month" | "months" => Ok(Unit::Month),
                "year" | "years" => Ok(Unit::Year),
                _ => Err(QuantityError::BadUnit {
                    kind,
                    unit: s.chars().take(32).collect(),
                }),
            },
            _ => Err(QuantityError::BadUnit {
                kind,
                unit: s.chars().take(32).collect(),
            }),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The longest `of` text kept (in bytes): a few words saying what is counted.
pub const MAX_OF_LEN: usize = 80;

/// A number a report gives for a fact: what it measures, the amount, its unit, and
/// optionally what exactly is counted (`of`: "officers", "events in the plan").
///
/// Built with [`Quantity::new`], which checks the unit against the kind.
///
/// ```
/// use factgraph::{Amount, Quantity, QuantityKind, Unit};
/// let troops = Quantity::new(QuantityKind::Personnel, "about 1,000".parse()?, None)?;
/// assert_eq!(troops.to_string(), "personnel: about 1000");
/// let cost = Quantity::new(QuantityKind::Money, Amount::UpTo(98_000), Some(Unit::Currency("USD".parse()?)))?;
/// assert_eq!(cost.to_string(), "money: up to 98000 USD");
/// let officers = Quantity::new(QuantityKind::Personnel, Amount::Exact(8), None)?.of("officers")?;
/// assert_eq!(officers.what(), Some("officers"));
/// assert!(Quantity::new(QuantityKind::Money, Amount::Exact(5), None).is_err());
/// # Ok::<(), factgraph::QuantityError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quantity {
    kind: QuantityKind,
    amount: Amount,
    unit: Option<Unit>,
    of: Option<Box<str>>,
}

impl Quantity {
    /// A quantity of `kind`: money needs a currency, a duration a unit of time, and the
    /// other kinds take none.
    ///
    /// # Errors
    ///
    /// [`QuantityError::MissingUnit`], [`QuantityError::BadUnit`], or the amount's own
    /// errors (too large, a reversed range).
    pub fn new(
        kind: QuantityKind,
        amount: Amount,
        unit: Option<Unit>,
    ) -> Result<Self, QuantityError> {
        let amount = amount.check()?;
        let fits = match (kind, unit) {
            (QuantityKind::Money, Some(Unit::Currency(_))) => true,
            (QuantityKind::Duration, Some(u)) => !matches!(u, Unit::Currency(_)),
            (QuantityKind::Money | QuantityKind::Duration, None) => {
                return Err(QuantityError::MissingUnit { kind });
            }
            (_, None) => true,
            (_, Some(_)) => false,
        };
        match (fits, unit) {
            (false, Some(u)) => Err(QuantityError::BadUnit {
                kind,
                unit: u.to_string(),
            }),
            _ => Ok(Quantity {
                kind,
                amount,
                unit,
                of: None,
            }),
        }
    }

    /// Says what exactly is counted ("officers", "sappers", "events in the plan"): a few
    /// words, at most [`MAX_OF_LEN`] bytes, not empty.
    ///
    /// # Errors
    ///
    /// [`QuantityError::BadOf`] when empty or too long.
    pub fn of(mut self, what: impl Into<String>) -> Result<Self, QuantityError> {
        let what: String = what.into();
        if what.trim().is_empty() || what.len() > MAX_OF_LEN {
            return Err(QuantityError::BadOf { len: what.len() });
        }
        self.of = Some(what.into_boxed_str());
        Ok(self)
    }

    /// What it measures.
    pub fn kind(&self) -> QuantityKind {
        self.kind
    }

    /// The amount.
    pub fn amount(&self) -> Amount {
        self.amount
    }

    /// The currency or unit of time, if the kind has one.
    pub fn unit(&self) -> Option<Unit> {
        self.unit
    }

    /// What exactly is counted, if the coder said.
    pub fn what(&self) -> Option<&str> {
        self.of.as_deref()
    }

    /// Whether two quantities measure the same thing (kind, unit and `of`), so that their
    /// amounts can be compared.
    pub fn measures_same_as(&self, other: &Quantity) -> bool {
        self.kind == other.kind && self.unit == other.unit && self.of == other.of
    }
}

impl fmt::Display for Quantity {
    /// `personnel: about 1000`, `money: up to 98000 USD`, `personnel (officers): 8`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(of) = &self.of {
            write!(f, " ({of})")?;
        }
        write!(f, ": {}", self.amount)?;
        if let Some(u) = self.unit {
            write!(f, " {u}")?;
        }
        Ok(())
    }
}

/// Why a quantity, an amount, a unit or a recurrence was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuantityError {
    /// Not a whole number in the accepted forms.
    #[error(
        "`{text}` is not an amount: write a whole number (commas in threes allowed), optionally after `about`, `up to`, `less than`, `at least` or `more than`, or a range `27 to 29`"
    )]
    BadNumber {
        /// The text read.
        text: String,
    },
    /// Larger than [`MAX_VALUE`].
    #[error("{value} is larger than the largest quantity, 10^15")]
    TooLarge {
        /// The value.
        value: u64,
    },
    /// A range whose first end is not below its second.
    #[error("range {low} to {high}: the first end must be smaller than the second")]
    ReversedRange {
        /// First end.
        low: u64,
        /// Second end.
        high: u64,
    },
    /// `less than 0`, which no count satisfies.
    #[error("`less than 0` allows no value")]
    Empty,
    /// Not an ISO 4217 code.
    #[error("`{text}` is not an ISO 4217 currency code (three capital letters){}", meant.as_ref().map(|m| format!("; did you mean `{m}`?")).unwrap_or_default())]
    BadCurrency {
        /// The text read.
        text: String,
        /// The code probably meant.
        meant: Option<String>,
    },
    /// A unit the kind does not take.
    #[error(
        "a {kind} quantity does not take the unit `{unit}` (money takes an ISO 4217 code, a duration day, week, month or year, the others none)"
    )]
    BadUnit {
        /// The kind.
        kind: QuantityKind,
        /// The unit given.
        unit: String,
    },
    /// Money or a duration without its unit.
    #[error(
        "a {kind} quantity needs a unit (money: an ISO 4217 code such as USD; duration: day, week, month or year)"
    )]
    MissingUnit {
        /// The kind.
        kind: QuantityKind,
    },
    /// An empty or overlong `of`.
    #[error("`of` must be a few words (1 to 80 bytes), not {len} bytes")]
    BadOf {
        /// Its length.
        len: usize,
    },
    /// A kind not among [`QuantityKind::ALL`].
    #[error(
        "`{text}` is not a quantity kind: expected personnel, money, killed, wounded, count or duration"
    )]
    BadKind {
        /// The text read.
        text: String,
    },
    /// A recurrence not in the accepted forms.
    #[error(
        "`{text}` is not a recurrence: write `yearly`, `monthly`, `every N years` or `every N months` (N from 1 to 100)"
    )]
    BadRecurrence {
        /// The text read.
        text: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn forms_read_and_print() {
        for (text, want, back) in [
            ("29", Amount::Exact(29), "29"),
            ("~1,000", Amount::About(1000), "about 1000"),
            ("up to 150,000", Amount::UpTo(150_000), "up to 150000"),
            ("<30", Amount::LessThan(30), "less than 30"),
            (">= 100", Amount::AtLeast(100), "at least 100"),
            ("more than 30", Amount::MoreThan(30), "more than 30"),
            ("27 to 29", Amount::Range(27, 29), "27 to 29"),
            ("27-29", Amount::Range(27, 29), "27 to 29"),
        ] {
            assert_eq!(text.parse::<Amount>(), Ok(want), "{text}");
            assert_eq!(want.to_string(), back);
        }
        for bad in [
            "",
            "1,00",
            "12,3456",
            "-3",
            "29 troops",
            "30-27",
            "less than 0",
            "9999999999999999999999",
            "about",
        ] {
            assert!(bad.parse::<Amount>().is_err(), "{bad}");
        }
    }

    #[test]
    fn bounds_and_agreement() {
        assert!(Amount::About(30).agrees_with(Amount::Exact(27)));
        assert!(!Amount::Exact(25).agrees_with(Amount::Exact(29)));
        assert!(Amount::MoreThan(1000).agrees_with(Amount::About(1600)));
        assert!(!Amount::UpTo(98_000).agrees_with(Amount::MoreThan(98_000)));
        assert_eq!(Amount::Range(27, 29).value(), 28);
    }

    #[test]
    fn units_follow_the_kind() {
        let usd = Unit::parse_for(QuantityKind::Money, "USD").ok();
        assert!(Quantity::new(QuantityKind::Money, Amount::Exact(1), usd).is_ok());
        assert!(Quantity::new(QuantityKind::Personnel, Amount::Exact(1), usd).is_err());
        assert!(Quantity::new(QuantityKind::Duration, Amount::Exact(6), Some(Unit::Month)).is_ok());
        assert!(Quantity::new(QuantityKind::Duration, Amount::Exact(6), usd).is_err());
        assert!(matches!(
            "usd".parse::<Currency>(),
            Err(QuantityError::BadCurrency { meant: Some(m), .. }) if m == "USD"
        ));
    }

    proptest! {
        #[test]
        fn printed_amounts_read_back(tag in 0u8..7, a in 0u64..=MAX_VALUE, b in 0u64..=MAX_VALUE) {
            let (lo, hi) = (a.min(b), a.max(b));
            if let Some(amount) = Amount::from_code(tag, lo, hi) {
                prop_assert_eq!(amount.to_string().parse::<Amount>(), Ok(amount));
                let (x, y) = amount.bounds();
                prop_assert!(x <= y);
                prop_assert!(amount.agrees_with(amount));
            }
        }

        #[test]
        fn any_text_is_read_or_refused(s in "\\PC{0,80}") {
            if let Ok(a) = s.parse::<Amount>() {
                prop_assert_eq!(a.to_string().parse::<Amount>(), Ok(a));
            }
        }
    }
}
