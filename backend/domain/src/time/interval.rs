//! Half-open intervals and their overlap groups: the one algebra of windows that availability,
//! appointment overlaps and booking conflicts share.

use serde::{Deserialize, Serialize};

/// A half-open interval `[start, end)`: touching ends do not overlap, and an empty interval
/// (`end <= start`) overlaps nothing and lies inside nothing.
///
/// Generic so the same semantics serve clock windows within a day (`Interval<ClockTime>`),
/// solver minutes (`Interval<u16>`) and bookings on the calendar (`Interval<LocalDateTime>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Interval<T> {
    pub start: T,
    pub end: T,
}

impl<T: Ord + Copy> Interval<T> {
    pub fn new(start: T, end: T) -> Self {
        Self { start, end }
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two share at least one instant; back-to-back intervals do not.
    pub fn overlaps(&self, other: &Self) -> bool {
        !self.is_empty() && !other.is_empty() && self.start < other.end && other.start < self.end
    }

    /// True when `inner` lies entirely within `self`.
    pub fn contains(&self, inner: &Self) -> bool {
        !inner.is_empty() && self.start <= inner.start && inner.end <= self.end
    }

    pub fn contains_instant(&self, t: T) -> bool {
        self.start <= t && t < self.end
    }

    /// True when one ends exactly where the other starts.
    pub fn touches(&self, other: &Self) -> bool {
        self.end == other.start || other.end == self.start
    }
}

/// Groups intervals into connected components of overlap (the calendar's side-by-side columns).
///
/// Returns indices into `intervals`, each group in start order and the groups in start order.
/// A sweep keeps the running maximum end of the current group, so a chain `A` overlaps `B`
/// overlaps `C` is one group even when `A` and `C` do not meet; back-to-back intervals start a
/// new group. Empty intervals form groups of their own and do not break a chain they lie in.
pub fn overlap_groups<T: Ord + Copy>(intervals: &[Interval<T>]) -> Vec<Vec<usize>> {
    let key = |i: usize| (intervals[i].start, intervals[i].end, i);
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    order.sort_by_key(|&i| key(i));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut empties: Vec<Vec<usize>> = Vec::new();
    let mut running_end: Option<T> = None;
    for i in order {
        let iv = intervals[i];
        if iv.is_empty() {
            // Alone, and without breaking the chain it lies inside.
            empties.push(vec![i]);
            continue;
        }
        match (groups.last_mut(), running_end) {
            (Some(group), Some(end)) if iv.start < end => {
                group.push(i);
                running_end = Some(end.max(iv.end));
            }
            _ => {
                groups.push(vec![i]);
                running_end = Some(iv.end);
            }
        }
    }
    if !empties.is_empty() {
        groups.append(&mut empties);
        groups.sort_by_key(|g| key(g[0]));
    }
    groups
}

impl<T: Ord + Copy> Interval<T> {
    /// The instants both share, if any.
    pub fn intersection(&self, other: &Self) -> Option<Self> {
        self.overlaps(other)
            .then(|| Interval::new(self.start.max(other.start), self.end.min(other.end)))
    }
}

/// The union of `windows` as sorted, disjoint intervals; touching ones merge (`[9,12)` and
/// `[12,17)` are one window `[9,17)`), empty ones vanish.
pub fn merge<T: Ord + Copy>(windows: &[Interval<T>]) -> Vec<Interval<T>> {
    let mut sorted: Vec<Interval<T>> = windows.iter().copied().filter(|w| !w.is_empty()).collect();
    sorted.sort();
    let mut out: Vec<Interval<T>> = Vec::with_capacity(sorted.len());
    for w in sorted {
        match out.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => out.push(w),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(a: u16, b: u16) -> Interval<u16> {
        Interval::new(a, b)
    }

    #[test]
    fn touching_intervals_do_not_overlap() {
        assert!(!iv(600, 615).overlaps(&iv(615, 1005)));
        assert!(iv(600, 615).touches(&iv(615, 1005)));
        assert!(iv(600, 616).overlaps(&iv(615, 1005)));
    }

    #[test]
    fn an_empty_interval_overlaps_nothing_and_fits_nowhere() {
        assert!(!iv(700, 700).overlaps(&iv(600, 800)));
        assert!(!iv(600, 800).contains(&iv(700, 700)));
    }

    #[test]
    fn containment_allows_shared_ends() {
        assert!(iv(480, 1080).contains(&iv(480, 1080)));
        assert!(iv(480, 1080).contains(&iv(615, 1005)));
        assert!(!iv(480, 1000).contains(&iv(615, 1005)));
        assert!(iv(480, 1080).contains_instant(480));
        assert!(!iv(480, 1080).contains_instant(1080));
    }

    #[test]
    fn overlap_groups_chain_through_a_running_maximum_end() {
        // A long interval swallows two later ones that do not meet each other.
        let groups = overlap_groups(&[iv(0, 100), iv(10, 20), iv(50, 60), iv(100, 120)]);
        assert_eq!(groups, vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn back_to_back_bookings_form_separate_groups() {
        let groups = overlap_groups(&[iv(60, 120), iv(0, 60), iv(120, 180)]);
        assert_eq!(groups, vec![vec![1], vec![0], vec![2]]);
    }

    #[test]
    fn intersections_are_what_both_share() {
        assert_eq!(iv(0, 100).intersection(&iv(50, 150)), Some(iv(50, 100)));
        assert_eq!(iv(0, 100).intersection(&iv(100, 150)), None);
        assert_eq!(iv(0, 100).intersection(&iv(10, 20)), Some(iv(10, 20)));
    }

    #[test]
    fn merged_windows_are_sorted_disjoint_and_join_touching_ones() {
        assert_eq!(
            merge(&[
                iv(720, 1020),
                iv(540, 720),
                iv(600, 660),
                iv(1100, 1100),
                iv(1200, 1260)
            ]),
            vec![iv(540, 1020), iv(1200, 1260)]
        );
    }

    /// The groups by brute force: connected components of "overlaps", by repeated merging.
    fn components(ivs: &[Interval<u16>]) -> Vec<Vec<usize>> {
        let mut label: Vec<usize> = (0..ivs.len()).collect();
        loop {
            let mut changed = false;
            for i in 0..ivs.len() {
                for j in 0..ivs.len() {
                    if ivs[i].overlaps(&ivs[j]) && label[j] > label[i] {
                        label[j] = label[i];
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, l) in label.iter().enumerate() {
            groups.entry(*l).or_default().push(i);
        }
        let mut out: Vec<Vec<usize>> = groups.into_values().collect();
        for g in &mut out {
            g.sort_unstable();
        }
        out.sort();
        out
    }

    #[test]
    fn overlap_groups_are_the_connected_components_of_overlap() {
        // A small deterministic generator: many dense and sparse random sets.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        for case in 0..500 {
            let n = 1 + next(30) as usize;
            let span = if case % 2 == 0 { 200 } else { 2000 };
            let ivs: Vec<Interval<u16>> = (0..n)
                .map(|_| {
                    let a = next(span) as u16;
                    let len = next(120) as u16;
                    iv(a, a + len)
                })
                .collect();
            let mut got: Vec<Vec<usize>> = overlap_groups(&ivs)
                .into_iter()
                .map(|mut g| {
                    g.sort_unstable();
                    g
                })
                .collect();
            got.sort();
            assert_eq!(got, components(&ivs), "case {case}: {ivs:?}");
        }
    }
}
