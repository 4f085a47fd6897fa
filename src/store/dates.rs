//! The date index: dated facts by first day, split into classes by span length so that a
//! window query looks back only as far as the longest span of each class, not of the whole
//! graph (one multi-year range must not make every one-day query scan years of facts).

use crate::model::date::DateRange;
use crate::model::ids::FactId;

/// Upper bounds (inclusive, in days) of the span classes: a day, a month, a year, longer.
const CLASS_LIMITS: [i32; 4] = [0, 30, 365, i32::MAX];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateEntry {
    pub(crate) first: i32,
    pub(crate) last: i32,
    pub(crate) fact: FactId,
}

#[derive(Debug, Clone, Default)]
struct Class {
    entries: Vec<DateEntry>,
    unsorted: usize,
    longest: i32,
}

/// How a date must relate to a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    Overlaps,
    Within,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DateIndex {
    classes: [Class; 4],
}

impl DateIndex {
    pub(crate) fn add(&mut self, first: i32, last: i32, fact: FactId) {
        let span = last - first;
        let c = CLASS_LIMITS.iter().position(|l| span <= *l).unwrap_or(3);
        if let Some(class) = self.classes.get_mut(c) {
            class.entries.push(DateEntry { first, last, fact });
            class.unsorted += 1;
            class.longest = class.longest.max(span);
        }
    }

    /// Restores order after a commit.
    pub(crate) fn settle(&mut self) {
        for class in &mut self.classes {
            let new = std::mem::take(&mut class.unsorted);
            if new == 0 {
                continue;
            }
            let key = |e: &DateEntry| (e.first, e.fact);
            let n = class.entries.len();
            if new <= 8 {
                for k in (n - new)..n {
                    let e = class.entries[k];
                    let pos = class.entries[..k].partition_point(|x| key(x) <= key(&e));
                    class.entries[pos..=k].rotate_right(1);
                }
            } else {
                class.entries.sort_unstable_by_key(key);
            }
        }
    }

    /// The entries that match `range`, class by class (each class in first-day order).
    pub(crate) fn matching(
        &self,
        range: DateRange,
        how: Match,
    ) -> impl Iterator<Item = &DateEntry> + '_ {
        let (first, last) = range.bounds();
        self.classes.iter().flat_map(move |class| {
            // A fact overlapping the window starts at most `longest` days before it.
            let from = match how {
                Match::Overlaps => first.saturating_sub(class.longest),
                Match::Within => first,
            };
            let lo = class.entries.partition_point(|e| e.first < from);
            let hi = class.entries.partition_point(|e| e.first <= last);
            class.entries[lo..hi.max(lo)]
                .iter()
                .filter(move |e| match how {
                    Match::Overlaps => e.last >= first,
                    Match::Within => e.last <= last,
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::PartialDate;

    fn range(a: &str, b: &str) -> DateRange {
        let p = |s: &str| s.parse::<PartialDate>().unwrap_or_else(|e| panic!("{e}"));
        DateRange::new(p(a), p(b)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn matches_like_a_scan() {
        let mut idx = DateIndex::default();
        // Made-up spans: days, months, a year, a decade.
        let spans = [
            (100, 100),
            (90, 120),
            (0, 365),
            (-3000, 4000),
            (130, 130),
            (101, 101),
        ];
        for (i, (a, b)) in spans.iter().enumerate() {
            idx.add(*a, *b, FactId(i as u32));
        }
        idx.settle();
        let window = range("1970-04-11", "1970-04-30"); // days 100..=119
        let (f, l) = window.bounds();
        for how in [Match::Overlaps, Match::Within] {
            let mut got: Vec<u32> = idx.matching(window, how).map(|e| e.fact.0).collect();
            got.sort_unstable();
            let want: Vec<u32> = spans
                .iter()
                .enumerate()
                .filter(|(_, (a, b))| match how {
                    Match::Overlaps => *a <= l && *b >= f,
                    Match::Within => *a >= f && *b <= l,
                })
                .map(|(i, _)| i as u32)
                .collect();
            assert_eq!(got, want, "{how:?}");
        }
    }
}
