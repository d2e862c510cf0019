//! An instance compiled into dense indices, the form the rule checker and the solver read.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::time::{DAY_MINUTES, Interval};
use crate::workforce::availability::{AvailabilityRecords, DayAvailability, resolve_availability};
use crate::workforce::instance::{Instance, UNSTAFFED};

/// A date as its day number (days since 0001-01-01 counting that day as 1): cheap to index by.
pub(crate) type Day = i32;

pub(crate) fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

pub(crate) fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

/// Minutes since 0001-01-01T00:00 of a day and a minute of that day.
pub(crate) fn absolute(day: Day, minute: u16) -> i64 {
    i64::from(day) * i64::from(DAY_MINUTES) + i64::from(minute)
}

pub(crate) struct EmployeeFacts {
    pub active: bool,
}

pub(crate) struct TypeFacts {
    pub name: String,
    pub skills_any: Vec<String>,
    /// Sorted and deduplicated minutes of the day.
    pub start_times: Vec<u16>,
    pub cap_per_day: Option<u32>,
    pub rotation: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Requirement {
    Anyone,
    Employee(u32),
    /// The required employee is not in the instance: nobody may take the event.
    Unknown,
}

pub(crate) struct EventFacts {
    pub event_ref: i64,
    /// `None` when the event's type has no rule.
    pub kind: Option<u16>,
    pub earliest: i64,
    pub due: i64,
    pub minutes: u32,
    pub required: Requirement,
    pub excluded: Vec<u32>,
    pub preferred: Option<u16>,
    /// Unstaffed and not among the fixed schedules.
    pub to_schedule: bool,
}

impl EventFacts {
    /// The event's interval when it starts at `start` (may run past midnight; rules reject that).
    pub fn interval(&self, start: u16) -> Interval<u32> {
        let s = u32::from(start);
        Interval::new(s, s + self.minutes)
    }
}

pub(crate) struct Problem<'a> {
    pub instance: &'a Instance,
    pub horizon_first: Day,
    pub horizon_last: Day,
    /// The span of whole ISO weeks around the horizon: the days whose bookings can matter.
    pub span_first: Day,
    pub span_days: u32,
    pub employees: Vec<EmployeeFacts>,
    pub employee_index: BTreeMap<&'a str, u32>,
    /// `skilled[kind * employees + e]`: the employee has one of the type's skills.
    pub skilled: Vec<bool>,
    pub types: Vec<TypeFacts>,
    pub events: Vec<EventFacts>,
    pub event_index: BTreeMap<i64, u32>,
    records: Vec<AvailabilityRecords>,
    /// `windows[e * horizon_days + d]`, in minutes of the day.
    windows: Vec<Vec<Interval<u32>>>,
    /// Sorted (day, rotation, employee) triples.
    rotations: Vec<(Day, &'a str, u32)>,
    pub max_per_day: Option<u32>,
    pub max_week_minutes: Option<u32>,
}

impl<'a> Problem<'a> {
    pub fn new(instance: &'a Instance) -> Self {
        let horizon_first = day_of(instance.horizon.start);
        let horizon_last = day_of(instance.horizon.end).max(horizon_first - 1);
        let span_first = horizon_first - (horizon_first - 1).rem_euclid(7);
        let span_last = horizon_last + (6 - (horizon_last - 1).rem_euclid(7));
        let span_days = u32::try_from(span_last - span_first + 1).unwrap_or(0);

        let mut employee_index = BTreeMap::new();
        let employees: Vec<EmployeeFacts> = instance
            .employees
            .iter()
            .enumerate()
            .map(|(i, e)| {
                employee_index.entry(e.id.as_str()).or_insert(i as u32);
                EmployeeFacts { active: e.active }
            })
            .collect();

        let type_index: BTreeMap<&str, u16> = instance
            .event_types
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i as u16))
            .collect();
        let types: Vec<TypeFacts> = instance
            .event_types
            .iter()
            .map(|(name, rule)| {
                let mut start_times: Vec<u16> =
                    rule.start_times.iter().map(|t| t.minutes()).collect();
                start_times.sort_unstable();
                start_times.dedup();
                TypeFacts {
                    name: name.clone(),
                    skills_any: rule.skills_any.clone(),
                    start_times,
                    cap_per_day: rule.max_per_employee_per_day,
                    rotation: rule.rotation.clone(),
                }
            })
            .collect();
        let skilled = types
            .iter()
            .flat_map(|t| {
                instance.employees.iter().map(move |e| {
                    t.skills_any.is_empty() || e.skills.iter().any(|s| t.skills_any.contains(s))
                })
            })
            .collect();

        let fixed_refs: std::collections::BTreeSet<i64> =
            instance.fixed.iter().map(|f| f.event_ref).collect();
        let mut event_index = BTreeMap::new();
        let events = instance
            .events
            .iter()
            .enumerate()
            .map(|(i, ev)| {
                // A repeated ref is one event: only its first row is scheduled.
                let first = *event_index.entry(ev.event_ref).or_insert(i as u32) == i as u32;
                let kind = type_index.get(ev.event_type.as_str()).copied();
                let default_minutes = instance
                    .event_types
                    .get(&ev.event_type)
                    .map_or(60, |t| t.default_minutes);
                let required = match &ev.required_employee_id {
                    None => Requirement::Anyone,
                    Some(id) => employee_index
                        .get(id.as_str())
                        .map_or(Requirement::Unknown, |&e| Requirement::Employee(e)),
                };
                EventFacts {
                    event_ref: ev.event_ref,
                    kind,
                    earliest: ev.start.absolute_minutes(),
                    due: ev.due.absolute_minutes(),
                    minutes: ev.minutes.unwrap_or(default_minutes),
                    required,
                    excluded: ev
                        .excluded_employee_ids
                        .iter()
                        .filter_map(|id| employee_index.get(id.as_str()).copied())
                        .collect(),
                    preferred: ev.preferred_time.map(|t| t.minutes()),
                    to_schedule: first
                        && ev.condition == UNSTAFFED
                        && !fixed_refs.contains(&ev.event_ref),
                }
            })
            .collect();

        let records: Vec<AvailabilityRecords> = group_records(instance, &employee_index);
        let horizon_days = (horizon_last - horizon_first + 1).max(0);
        let windows = records
            .iter()
            .flat_map(|r| {
                (0..horizon_days).map(move |d| {
                    minute_windows(&resolve_availability(r, date_of(horizon_first + d)))
                })
            })
            .collect();

        let mut rotations: Vec<(Day, &str, u32)> = instance
            .rotations
            .iter()
            .filter_map(|r| {
                let e = *employee_index.get(r.employee_id.as_str())?;
                Some((day_of(r.date), r.rotation_type.as_str(), e))
            })
            .collect();
        rotations.sort_unstable();
        rotations.dedup();

        Self {
            instance,
            horizon_first,
            horizon_last,
            span_first,
            span_days,
            employees,
            employee_index,
            skilled,
            types,
            events,
            event_index,
            records,
            windows,
            rotations,
            max_per_day: instance.settings.max_events_per_employee_per_day,
            max_week_minutes: instance.settings.max_minutes_per_week,
        }
    }

    pub fn horizon_days(&self) -> u32 {
        u32::try_from(self.horizon_last - self.horizon_first + 1).unwrap_or(0)
    }

    pub fn in_horizon(&self, day: Day) -> bool {
        self.horizon_first <= day && day <= self.horizon_last
    }

    pub fn is_skilled(&self, kind: u16, employee: u32) -> bool {
        self.skilled[kind as usize * self.employees.len() + employee as usize]
    }

    /// The employee's availability windows on `day`, in minutes of the day.
    pub fn windows(&self, employee: u32, day: Day) -> std::borrow::Cow<'_, [Interval<u32>]> {
        if self.in_horizon(day) {
            let i = employee as usize * self.horizon_days() as usize
                + (day - self.horizon_first) as usize;
            std::borrow::Cow::Borrowed(&self.windows[i])
        } else {
            std::borrow::Cow::Owned(minute_windows(&self.availability(employee, day)))
        }
    }

    pub fn availability(&self, employee: u32, day: Day) -> DayAvailability {
        resolve_availability(&self.records[employee as usize], date_of(day))
    }

    pub fn holds_rotation(&self, employee: u32, day: Day, rotation: &str) -> bool {
        self.rotations
            .binary_search(&(day, rotation, employee))
            .is_ok()
    }

    pub fn employee_id(&self, employee: u32) -> &'a str {
        &self.instance.employees[employee as usize].id
    }

    /// How a manager reads an employee: "Name (id)" when the instance names them, else the id.
    pub fn employee_label(&self, employee: u32) -> String {
        self.instance.employees[employee as usize].label()
    }

    /// [`Problem::employee_label`] by id; an id the instance does not know stays as it is.
    pub fn label_of(&self, id: &str) -> String {
        self.employee_index
            .get(id)
            .map_or_else(|| id.to_owned(), |&e| self.employee_label(e))
    }
}

fn minute_windows(day: &DayAvailability) -> Vec<Interval<u32>> {
    day.windows
        .iter()
        .map(|w| Interval::new(u32::from(w.start.minutes()), u32::from(w.end.minutes())))
        .collect()
}

/// Each employee's availability rows, in one pass over the instance.
fn group_records(instance: &Instance, index: &BTreeMap<&str, u32>) -> Vec<AvailabilityRecords> {
    let mut records = vec![AvailabilityRecords::default(); instance.employees.len()];
    let slot = |id: &str| index.get(id).map(|&e| e as usize);
    for r in &instance.time_off {
        if let Some(e) = slot(&r.employee_id) {
            records[e].time_off.push(r.clone());
        }
    }
    for r in &instance.overrides {
        if let Some(e) = slot(&r.employee_id) {
            records[e].overrides.push(r.clone());
        }
    }
    for r in &instance.availability {
        if let Some(e) = slot(&r.employee_id) {
            records[e].dates.push(r.clone());
        }
    }
    for r in &instance.weekly_availability {
        if let Some(e) = slot(&r.employee_id) {
            records[e].weekly.push(r.clone());
        }
    }
    records
}
