//! When an employee can work on a date: the four availability layers of docs/scheduling.md §1.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::{ClockTime, Interval, weekday_index};
use crate::workforce::instance::{
    AvailabilityOverride, DateAvailability, Instance, TimeOff, TimeOffStatus, WeeklyAvailability,
};

/// Which layer decided an employee's day; the first that matches wins, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AvailabilityLayer {
    TimeOff,
    Override,
    DateAvailability,
    WeeklyPattern,
    /// No weekly rows at all: available all day, every day.
    DefaultAllDay,
}

/// The windows an employee may work in on one date (empty: unavailable), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayAvailability {
    /// Sorted; an assignment must lie inside one of them. Adjacent windows are not merged,
    /// because the rule asks for one window to hold the whole assignment.
    pub windows: Vec<Interval<ClockTime>>,
    pub layer: AvailabilityLayer,
}

impl DayAvailability {
    fn all_day(layer: AvailabilityLayer) -> Self {
        Self {
            windows: vec![Interval::new(ClockTime::MIDNIGHT, ClockTime::END_OF_DAY)],
            layer,
        }
    }

    fn unavailable(layer: AvailabilityLayer) -> Self {
        Self {
            windows: Vec::new(),
            layer,
        }
    }

    pub fn is_available(&self) -> bool {
        self.windows.iter().any(|w| !w.is_empty())
    }

    /// True when `[start, end)` lies inside one window.
    pub fn admits(&self, interval: Interval<ClockTime>) -> bool {
        self.windows.iter().any(|w| w.contains(&interval))
    }
}

/// One employee's availability records; the server maps database rows into these.
/// The records' `employee_id` fields are not read: callers pass one employee's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AvailabilityRecords {
    pub time_off: Vec<TimeOff>,
    pub overrides: Vec<AvailabilityOverride>,
    pub dates: Vec<DateAvailability>,
    pub weekly: Vec<WeeklyAvailability>,
}

impl AvailabilityRecords {
    /// The rows of `employee_id` in an instance.
    pub fn of_employee(instance: &Instance, employee_id: &str) -> Self {
        Self {
            time_off: filter(&instance.time_off, |r| r.employee_id == employee_id),
            overrides: filter(&instance.overrides, |r| r.employee_id == employee_id),
            dates: filter(&instance.availability, |r| r.employee_id == employee_id),
            weekly: filter(&instance.weekly_availability, |r| {
                r.employee_id == employee_id
            }),
        }
    }
}

fn filter<T: Clone>(rows: &[T], keep: impl Fn(&T) -> bool) -> Vec<T> {
    rows.iter().filter(|r| keep(r)).cloned().collect()
}

/// Resolves an employee's availability on `date`; the first matching layer wins:
/// approved time off, then an override, then a date availability row, then the weekly pattern.
pub fn resolve_availability(records: &AvailabilityRecords, date: NaiveDate) -> DayAvailability {
    // Pending and denied requests do not take anyone off the schedule.
    let on_leave = records
        .time_off
        .iter()
        .any(|t| t.status == TimeOffStatus::Approved && t.start_date <= date && date <= t.end_date);
    if on_leave {
        return DayAvailability::unavailable(AvailabilityLayer::TimeOff);
    }
    // Duplicate rows for a date: the last one wins, as in the reference checker.
    if let Some(o) = records.overrides.iter().rev().find(|o| o.date == date) {
        return if o.available {
            DayAvailability::all_day(AvailabilityLayer::Override)
        } else {
            DayAvailability::unavailable(AvailabilityLayer::Override)
        };
    }
    if let Some(a) = records.dates.iter().rev().find(|a| a.date == date) {
        return match (a.available, a.start_time, a.end_time) {
            (false, _, _) => DayAvailability::unavailable(AvailabilityLayer::DateAvailability),
            (true, Some(start), Some(end)) => DayAvailability {
                windows: vec![Interval::new(start, end)],
                layer: AvailabilityLayer::DateAvailability,
            },
            (true, _, _) => DayAvailability::all_day(AvailabilityLayer::DateAvailability),
        };
    }
    weekly_pattern(&records.weekly, date)
}

fn weekly_pattern(rows: &[WeeklyAvailability], date: NaiveDate) -> DayAvailability {
    if rows.is_empty() {
        return DayAvailability::all_day(AvailabilityLayer::DefaultAllDay);
    }
    // `None < Some(_)`, so a null effective date is the oldest pattern, as the contract says.
    let in_force = rows
        .iter()
        .map(|r| r.effective_date)
        .filter(|eff| eff.is_none_or(|d| d <= date))
        .max();
    let Some(pattern) = in_force else {
        // Only patterns that start later exist: nothing is in force yet.
        return DayAvailability::unavailable(AvailabilityLayer::WeeklyPattern);
    };
    let weekday = weekday_index(date);
    let mut windows: Vec<_> = rows
        .iter()
        .filter(|r| r.effective_date == pattern && r.day_of_week == weekday)
        .map(|r| Interval::new(r.start_time, r.end_time))
        .collect();
    windows.sort();
    DayAvailability {
        windows,
        layer: AvailabilityLayer::WeeklyPattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn hm(s: &str) -> ClockTime {
        s.parse().unwrap()
    }

    fn weekly(day: u8, start: &str, end: &str, eff: Option<&str>) -> WeeklyAvailability {
        WeeklyAvailability {
            employee_id: "E1".into(),
            day_of_week: day,
            start_time: hm(start),
            end_time: hm(end),
            effective_date: eff.map(date),
        }
    }

    fn time_off(start: &str, end: &str, status: TimeOffStatus) -> TimeOff {
        TimeOff {
            employee_id: "E1".into(),
            start_date: date(start),
            end_date: date(end),
            status,
        }
    }

    fn override_on(d: &str, available: bool) -> AvailabilityOverride {
        AvailabilityOverride {
            employee_id: "E1".into(),
            date: date(d),
            available,
        }
    }

    fn date_row(d: &str, available: bool, window: Option<(&str, &str)>) -> DateAvailability {
        DateAvailability {
            employee_id: "E1".into(),
            date: date(d),
            available,
            start_time: window.map(|w| hm(w.0)),
            end_time: window.map(|w| hm(w.1)),
        }
    }

    fn window(a: &str, b: &str) -> Interval<ClockTime> {
        Interval::new(hm(a), hm(b))
    }

    // 2026-03-02 is a Monday.
    const MONDAY: &str = "2026-03-02";

    #[test]
    fn approved_time_off_beats_every_other_layer() {
        let records = AvailabilityRecords {
            time_off: vec![time_off("2026-03-01", MONDAY, TimeOffStatus::Approved)],
            overrides: vec![override_on(MONDAY, true)],
            ..Default::default()
        };
        let day = resolve_availability(&records, date(MONDAY));
        assert_eq!(day.layer, AvailabilityLayer::TimeOff);
        assert!(!day.is_available());
    }

    #[test]
    fn pending_and_denied_time_off_do_not_count() {
        let records = AvailabilityRecords {
            time_off: vec![
                time_off(MONDAY, MONDAY, TimeOffStatus::Pending),
                time_off(MONDAY, MONDAY, TimeOffStatus::Denied),
            ],
            ..Default::default()
        };
        let day = resolve_availability(&records, date(MONDAY));
        assert_eq!(day.layer, AvailabilityLayer::DefaultAllDay);
        assert!(day.is_available());
    }

    #[test]
    fn time_off_covers_its_end_date_inclusive() {
        let records = AvailabilityRecords {
            time_off: vec![time_off("2026-02-27", MONDAY, TimeOffStatus::Approved)],
            ..Default::default()
        };
        assert!(!resolve_availability(&records, date(MONDAY)).is_available());
        assert!(resolve_availability(&records, date("2026-03-03")).is_available());
    }

    #[test]
    fn an_override_makes_the_whole_day_available_or_not() {
        let records = AvailabilityRecords {
            overrides: vec![override_on(MONDAY, true), override_on("2026-03-03", false)],
            dates: vec![date_row(MONDAY, false, None)],
            weekly: vec![weekly(0, "08:00", "12:00", None)],
            ..Default::default()
        };
        let monday = resolve_availability(&records, date(MONDAY));
        assert_eq!(monday.layer, AvailabilityLayer::Override);
        assert_eq!(monday.windows, vec![window("00:00", "24:00")]);
        let tuesday = resolve_availability(&records, date("2026-03-03"));
        assert_eq!(tuesday.layer, AvailabilityLayer::Override);
        assert!(!tuesday.is_available());
    }

    #[test]
    fn a_date_row_gives_its_window_or_the_whole_day() {
        let records = AvailabilityRecords {
            dates: vec![
                date_row(MONDAY, true, Some(("11:00", "19:00"))),
                date_row("2026-03-03", true, None),
                date_row("2026-03-04", false, Some(("11:00", "19:00"))),
            ],
            weekly: vec![weekly(0, "08:00", "12:00", None)],
            ..Default::default()
        };
        let monday = resolve_availability(&records, date(MONDAY));
        assert_eq!(monday.layer, AvailabilityLayer::DateAvailability);
        assert_eq!(monday.windows, vec![window("11:00", "19:00")]);
        let tuesday = resolve_availability(&records, date("2026-03-03"));
        assert_eq!(tuesday.windows, vec![window("00:00", "24:00")]);
        assert!(!resolve_availability(&records, date("2026-03-04")).is_available());
    }

    #[test]
    fn no_weekly_rows_at_all_means_available_all_day() {
        let day = resolve_availability(&AvailabilityRecords::default(), date(MONDAY));
        assert_eq!(day.layer, AvailabilityLayer::DefaultAllDay);
        assert!(day.admits(window("00:00", "24:00")));
    }

    #[test]
    fn a_weekday_missing_from_the_pattern_in_force_is_unavailable() {
        let records = AvailabilityRecords {
            weekly: vec![weekly(1, "08:00", "18:00", None)],
            ..Default::default()
        };
        let day = resolve_availability(&records, date(MONDAY));
        assert_eq!(day.layer, AvailabilityLayer::WeeklyPattern);
        assert!(!day.is_available());
    }

    #[test]
    fn the_latest_effective_pattern_replaces_older_ones_wholesale() {
        let records = AvailabilityRecords {
            weekly: vec![
                weekly(0, "08:00", "18:00", None),
                weekly(1, "08:00", "18:00", None),
                weekly(1, "12:00", "20:00", Some("2026-03-03")),
            ],
            ..Default::default()
        };
        // Before the new pattern: the null-dated one holds, Monday included.
        let monday = resolve_availability(&records, date(MONDAY));
        assert_eq!(monday.windows, vec![window("08:00", "18:00")]);
        // From its effective date on, the new pattern rules alone: Monday has no row any more.
        let tuesday = resolve_availability(&records, date("2026-03-03"));
        assert_eq!(tuesday.windows, vec![window("12:00", "20:00")]);
        assert!(!resolve_availability(&records, date("2026-03-09")).is_available());
    }

    #[test]
    fn only_future_patterns_leave_the_employee_unavailable_until_they_start() {
        let records = AvailabilityRecords {
            weekly: vec![weekly(0, "08:00", "18:00", Some("2026-03-09"))],
            ..Default::default()
        };
        assert!(!resolve_availability(&records, date(MONDAY)).is_available());
        assert!(resolve_availability(&records, date("2026-03-09")).is_available());
    }

    #[test]
    fn split_shifts_give_separate_windows_and_an_event_must_fit_one() {
        let records = AvailabilityRecords {
            weekly: vec![
                weekly(0, "13:00", "18:00", None),
                weekly(0, "08:00", "12:00", None),
            ],
            ..Default::default()
        };
        let day = resolve_availability(&records, date(MONDAY));
        assert_eq!(
            day.windows,
            vec![window("08:00", "12:00"), window("13:00", "18:00")]
        );
        assert!(day.admits(window("09:00", "11:00")));
        assert!(!day.admits(window("11:00", "14:00")));
    }

    #[test]
    fn layers_serialize_in_snake_case() {
        assert_eq!(
            serde_json::to_string(&AvailabilityLayer::DefaultAllDay).unwrap(),
            "\"default_all_day\""
        );
        assert_eq!(
            serde_json::to_string(&AvailabilityLayer::DateAvailability).unwrap(),
            "\"date_availability\""
        );
    }
}
