//! Dates in running text: "November 19", "19 November 2004", "in 2003", "in March 2005",
//! "on Wednesday", "2003-2008", "from 2003 to 2008", read against the report's date.
//!
//! A day and month without a year take the year of the publication and are marked
//! `year_inferred`; a weekday ("on Wednesday") is the latest such day on or before the
//! publication date, also `year_inferred`. Cost: one pass over the sentence's words.

use super::span::Span;
use crate::model::date::{Bound, FactDate, PartialDate, Span as DateSpan};

/// A date found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// Where it is written.
    pub span: Span,
    /// What it says, as an EDTF date; `year_inferred` when the year came from the report.
    pub date: FactDate,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// One word of the sentence: its span and its text.
#[derive(Debug, Clone, Copy)]
struct Word<'t> {
    span: Span,
    text: &'t str,
}

fn words(text: &str, within: Span) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let Some(s) = text.get(within.start..within.end) else {
        return out;
    };
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(b) = start.take() {
            let span = Span::new(within.start + b, within.start + i);
            out.push(Word {
                span,
                text: span.text(text),
            });
        }
    }
    out
}

fn month_of(w: &str) -> Option<u32> {
    let l = w.to_lowercase();
    let i = MONTHS
        .iter()
        .position(|m| *m == l || (l.len() == 3 && m.starts_with(&l) && l != "may"))?;
    u32::try_from(i + 1).ok()
}

fn year_of(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        (1800..=2200).contains(&y).then_some(y)
    } else {
        None
    }
}

fn day_of(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty()
        || digits.len() > 2
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
    {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// The report's date as a year, month and day, where known.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context {
    pub(crate) year: Option<i32>,
    pub(crate) month: Option<u32>,
    pub(crate) day: Option<u32>,
}

impl Context {
    pub(crate) fn of(published: FactDate) -> Context {
        let d = match published.span() {
            DateSpan::On(d) | DateSpan::Between(d, _) => d,
            DateSpan::Interval(Bound::Date(d), _) => d,
            _ => return Context::default(),
        };
        Context {
            year: Some(d.year_value()),
            month: d.month_value(),
            day: d.day_value(),
        }
    }
}

/// The dates written in `within` of `text`, in text order and not overlapping, read
/// against the report's date `ctx`.
pub(crate) fn find_dates(text: &str, within: Span, ctx: Context) -> Vec<FoundDate> {
    let ws = words(text, within);
    let mut out: Vec<FoundDate> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let (found, used) = date_at(text, &ws, i, ctx);
        match found {
            Some(f) => {
                out.push(f);
                i += used.max(1);
            }
            None => i += 1,
        }
    }
    out
}

fn get<'a, 't>(ws: &'a [Word<'t>], i: usize) -> Option<&'a Word<'t>> {
    ws.get(i)
}

/// Whether only white space, commas or a dash lie between two words.
fn close(text: &str, a: &Word<'_>, b: &Word<'_>) -> bool {
    text.get(a.span.end..b.span.start)
        .is_some_and(|g| g.len() <= 3 && g.chars().all(|c| c.is_whitespace() || c == ','))
}

fn dash_between(text: &str, a: &Word<'_>, b: &Word<'_>) -> bool {
    text.get(a.span.end..b.span.start).is_some_and(|g| {
        let g = g.trim();
        matches!(g, "-" | "–" | "—")
    })
}

/// A date starting at word `i`, and how many words it takes.
fn date_at(text: &str, ws: &[Word<'_>], i: usize, ctx: Context) -> (Option<FoundDate>, usize) {
    let Some(w) = get(ws, i) else {
        return (None, 0);
    };
    // Month Day[, Year] / Month Year / Month
    if let Some(m) = month_of(w.text) {
        // "May" is also a verb: only with a day or year beside it.
        let next = get(ws, i + 1).filter(|n| close(text, w, n));
        if let Some(n) = next {
            if let Some(d) = day_of(n.text) {
                let year = get(ws, i + 2)
                    .filter(|y| close(text, n, y))
                    .and_then(|y| year_of(y.text).map(|v| (v, y.span.end)));
                // "November 17-19": a range of days.
                let range_end = get(ws, i + 2)
                    .filter(|e| dash_between(text, n, e))
                    .and_then(|e| day_of(e.text).map(|v| (v, e.span.end)));
                return day_date((w.span.start, n.span.end), m, d, year, range_end, ctx);
            }
            if let Some(y) = year_of(n.text) {
                let date = FactDate::month(y, m).ok();
                return (
                    date.map(|date| FoundDate {
                        span: Span::new(w.span.start, n.span.end),
                        date,
                    }),
                    2,
                );
            }
        }
        if w.text.to_lowercase() != "may" && preceded_by(text, w, &["in", "since", "until", "by"]) {
            if let Some(y) = ctx.year {
                let date = FactDate::month(y, m)
                    .ok()
                    .map(|d| d.with_year_inferred(true));
                return (date.map(|date| FoundDate { span: w.span, date }), 1);
            }
        }
        return (None, 1);
    }
    // Day Month [Year]
    if let Some(d) = day_of(w.text)
        && let Some(n) = get(ws, i + 1).filter(|n| close(text, w, n))
        && let Some(m) = month_of(n.text)
    {
        let year = get(ws, i + 2)
            .filter(|y| close(text, n, y))
            .and_then(|y| year_of(y.text).map(|v| (v, y.span.end)));
        let (found, used) = day_date((w.span.start, n.span.end), m, d, year, None, ctx);
        return (found, used);
    }
    // Year, or a range of years "2003-2008" / "from 2003 to 2008" / "between 2003 and 2008".
    if let Some(y) = year_of(w.text) {
        if !preceded_by(
            text,
            w,
            &[
                "in", "since", "from", "until", "by", "of", "between", "during", "for",
            ],
        ) && !followed_by_dash_year(text, ws, i)
        {
            return (None, 1);
        }
        let end = get(ws, i + 2).filter(|e| {
            get(ws, i + 1).is_some_and(|m| {
                close(text, w, m) && matches!(m.text, "to" | "and" | "until" | "through")
            }) && year_of(e.text).is_some()
        });
        let dashed =
            get(ws, i + 1).filter(|e| dash_between(text, w, e) && year_of(e.text).is_some());
        if let Some(e) = dashed.or(end) {
            let y2 = year_of(e.text).unwrap_or(y);
            let used = if dashed.is_some() { 2 } else { 3 };
            let date = range(y, y2);
            return (
                date.map(|date| FoundDate {
                    span: Span::new(w.span.start, e.span.end),
                    date,
                }),
                used,
            );
        }
        let since = preceded_by(text, w, &["since"]);
        let date = if since {
            PartialDate::year(y)
                .ok()
                .and_then(|p| FactDate::interval(Bound::Date(p), Bound::Open).ok())
        } else {
            FactDate::year(y).ok()
        };
        return (date.map(|date| FoundDate { span: w.span, date }), 1);
    }
    // on Wednesday
    if let Some(wd) = WEEKDAYS.iter().position(|d| *d == w.text.to_lowercase())
        && preceded_by(text, w, &["on", "last"])
    {
        return (weekday(w.span, wd, ctx), 1);
    }
    (None, 1)
}

fn followed_by_dash_year(text: &str, ws: &[Word<'_>], i: usize) -> bool {
    match (get(ws, i), get(ws, i + 1)) {
        (Some(a), Some(b)) => dash_between(text, a, b) && year_of(b.text).is_some(),
        _ => false,
    }
}

fn range(a: i32, b: i32) -> Option<FactDate> {
    if b < a {
        return None;
    }
    let (pa, pb) = (PartialDate::year(a).ok()?, PartialDate::year(b).ok()?);
    FactDate::between(pa, pb).ok()
}

fn day_date(
    (start, base_end): (usize, usize),
    m: u32,
    d: u32,
    year: Option<(i32, usize)>,
    range_end: Option<(u32, usize)>,
    ctx: Context,
) -> (Option<FoundDate>, usize) {
    let (y, inferred, mut end, mut used) = match year {
        Some((y, end)) => (Some(y), false, end, 3),
        None => (ctx.year, true, 0, 2),
    };
    let Some(y) = y else {
        return (None, used);
    };
    let first = PartialDate::day(y, m, d).ok();
    let date = match (first, range_end) {
        (Some(a), Some((d2, e))) => {
            end = e;
            used = 3;
            PartialDate::day(y, m, d2)
                .ok()
                .and_then(|b| FactDate::between(a, b).ok())
                .filter(|_| d2 > d)
        }
        (Some(a), None) => Some(FactDate::on(a)),
        _ => None,
    };
    let Some(date) = date else {
        return (None, used);
    };
    if end == 0 {
        // Without a year the date ends at its day (or month).
        end = base_end;
    }
    (
        Some(FoundDate {
            span: Span::new(start, end.max(start)),
            date: date.with_year_inferred(inferred),
        }),
        used,
    )
}

fn preceded_by(text: &str, w: &Word<'_>, list: &[&str]) -> bool {
    let before = text.get(..w.span.start).unwrap_or("").trim_end();
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    list.contains(&last.as_str())
}

/// Day of the week of a date, Monday = 0 (Zeller's congruence).
fn day_of_week(y: i32, m: u32, d: u32) -> usize {
    let (y, m) = if m < 3 { (y - 1, m + 12) } else { (y, m) };
    let k = y.rem_euclid(100);
    let j = y.div_euclid(100);
    let h = (i64::from(d)
        + (13 * (i64::from(m) + 1)) / 5
        + i64::from(k)
        + i64::from(k / 4)
        + i64::from(j / 4)
        + 5 * i64::from(j))
    .rem_euclid(7);
    // h: 0 = Saturday, 1 = Sunday, 2 = Monday ...
    usize::try_from((h + 5).rem_euclid(7)).unwrap_or(0)
}

fn weekday(span: Span, wd: usize, ctx: Context) -> Option<FoundDate> {
    let (y, m, d) = (ctx.year?, ctx.month?, ctx.day?);
    let today = day_of_week(y, m, d);
    let back = u32::try_from((today + 7 - wd) % 7).ok()?;
    let (mut y2, mut m2, mut d2) = (y, m, d);
    for _ in 0..back {
        if d2 > 1 {
            d2 -= 1;
        } else {
            if m2 > 1 {
                m2 -= 1;
            } else {
                m2 = 12;
                y2 -= 1;
            }
            d2 = (28..=31)
                .rev()
                .find(|&x| PartialDate::day(y2, m2, x).is_ok())
                .unwrap_or(28);
        }
    }
    let date = FactDate::day(y2, m2, d2).ok()?.with_year_inferred(true);
    Some(FoundDate { span, date })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(t: &str, published: &str) -> Vec<String> {
        let ctx = Context::of(published.parse().unwrap());
        find_dates(t, Span::new(0, t.len()), ctx)
            .iter()
            .map(|f| {
                format!(
                    "{}={}{}",
                    f.span.text(t),
                    f.date,
                    if f.date.year_inferred() { "*" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn forms() {
        assert_eq!(
            dates("met on November 19 in Astana", "2004-11"),
            ["November 19=2004-11-19*"]
        );
        assert_eq!(
            dates("on 5 May 2013 and in 2003", "2020"),
            ["5 May 2013=2013-05-05", "2003=2003"]
        );
        assert_eq!(dates("the 2003-2008 plan", "2010"), ["2003-2008=2003/2008"]);
        assert_eq!(
            dates("from 2003 to 2008", "2010"),
            ["2003 to 2008=2003/2008"]
        );
        assert_eq!(
            dates("Steppe Eagle 2004 began", "2004"),
            Vec::<String>::new()
        );
        assert_eq!(
            dates("held November 17-19", "2004-11-30"),
            ["November 17-19=2004-11-17/2004-11-19*"]
        );
        // 2004-11-23 was a Tuesday: "on Wednesday" is the 17th.
        assert_eq!(
            dates("said on Wednesday", "2004-11-23"),
            ["Wednesday=2004-11-17*"]
        );
        assert_eq!(dates("since 2016", "2020"), ["2016=2016/.."]);
    }

    #[test]
    fn weekdays() {
        assert_eq!(day_of_week(2004, 11, 23), 1);
        assert_eq!(day_of_week(2000, 1, 1), 5);
    }
}
