//! Periods (valid times) compared and combined: whether two reports' periods may be one
//! (what merging and conflicts ask), and the period they describe together (what merging
//! and the known-by views build). Below `corpus` and `query`, which both use it.

use crate::model::date::{Bound, FactDate, PartialDate, Span};

/// The two ends of a period: each a date's (first, last) days, or `None` for an open or
/// unknown end.
type Ends = (Option<(i32, i32)>, Option<(i32, i32)>);

/// The first and last date of a period (a single date is both), `None` for an open or
/// unknown end.
pub(crate) fn date_ends(p: &FactDate) -> (Option<PartialDate>, Option<PartialDate>) {
    let (_, a, b) = ends(p);
    (a, b)
}

fn ends(p: &FactDate) -> (Ends, Option<PartialDate>, Option<PartialDate>) {
    let days = |d: PartialDate| (d.first_day_number(), d.last_day_number());
    let (a, b) = match p.span() {
        Span::On(d) => (Some(d), Some(d)),
        Span::Between(a, b) => (Some(a), Some(b)),
        Span::Interval(a, b) => {
            let date = |x| match x {
                Bound::Date(d) => Some(d),
                _ => None,
            };
            (date(a), date(b))
        }
        _ => (None, None),
    };
    ((a.map(days), b.map(days)), a, b)
}

/// Whether two valid times may be the same period: their starts and their ends each
/// compatible (one contains the other), an open or unknown end compatible with any.
/// "Since August 2003" and "2003 to October 2008" may be one deployment; "since
/// August 2003" and "since September 2003" may not.
pub(crate) fn periods_compatible(a: &FactDate, b: &FactDate) -> bool {
    let ((a0, a1), ..) = ends(a);
    let ((b0, b1), ..) = ends(b);
    let fits = |x: Option<(i32, i32)>, y: Option<(i32, i32)>| match (x, y) {
        (Some((x0, x1)), Some((y0, y1))) => (x0 <= y0 && y1 <= x1) || (y0 <= x0 && x1 <= y1),
        _ => true,
    };
    fits(a0, b0) && fits(a1, b1)
}

/// The period two compatible valid times describe together: each end the more precise of
/// the two (a date over an open or unknown end).
pub(crate) fn combine_periods(a: &FactDate, b: &FactDate) -> FactDate {
    let (_, a0, a1) = ends(a);
    let (_, b0, b1) = ends(b);
    let narrower = |x: Option<PartialDate>, y: Option<PartialDate>| match (x, y) {
        (Some(x), Some(y)) => {
            let len = |d: PartialDate| d.last_day_number() - d.first_day_number();
            Some(if (len(y), y.to_string()) < (len(x), x.to_string()) {
                y
            } else {
                x
            })
        }
        (x, None) => x,
        (None, y) => y,
    };
    let end_kind = |p: &FactDate| match p.span() {
        Span::Interval(_, Bound::Open) => Bound::Open,
        _ => Bound::Unknown,
    };
    let start = narrower(a0, b0).map_or(Bound::Unknown, Bound::Date);
    let end = match narrower(a1, b1) {
        Some(d) => Bound::Date(d),
        // Neither gives an end: open if either says it goes on.
        None => match (end_kind(a), end_kind(b)) {
            (Bound::Open, _) | (_, Bound::Open) => Bound::Open,
            _ => Bound::Unknown,
        },
    };
    let out = match (start, end) {
        (Bound::Date(x), Bound::Date(y)) if x == y => FactDate::on(x),
        (s, e) => FactDate::interval(s, e).unwrap_or(*a),
    };
    // Keep an input as it is (with its inferred-year flag) when the union is that input.
    if out.span() == a.span() {
        *a
    } else if out.span() == b.span() {
        *b
    } else {
        out.with_year_inferred(a.year_inferred() || b.year_inferred())
    }
}
