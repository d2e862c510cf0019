//! The hard rules of docs/scheduling.md §2, one small function each, grouped by what they read.
//!
//! The tables below are the only statement of the rules: the checker runs every entry to list
//! all breaches, the solver runs them to the first breach, and nothing else re-implements them.

use crate::time::DAY_MINUTES;
use crate::workforce::problem::{Day, EventFacts, Problem, Requirement, absolute};
use crate::workforce::rules::workload::Workload;

/// A proposed start: a date and a minute of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Slot {
    pub day: Day,
    pub start: u16,
}

/// A broken rule with the numbers its message needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Breach {
    UnknownEvent,
    UnknownEmployee,
    UnknownEventType,
    EventNotUnstaffed,
    OutsideHorizon,
    StartTimeNotAllowed,
    OutsideEventWindow,
    CrossesMidnight,
    EmployeeInactive,
    MissingSkill,
    RequiredEmployee,
    ExcludedEmployee,
    RotationNotHeld,
    OutsideAvailability,
    OverlapsExisting { other: u32 },
    DailyLimit { count: u32, limit: u32 },
    TypeDailyLimit { count: u32, limit: u32 },
    WeeklyMinutes { total: u32, limit: u32 },
    EventAlreadyAssigned,
}

type SlotRule = fn(&Problem, &EventFacts, Slot) -> Option<Breach>;
type EmployeeRule = fn(&Problem, &EventFacts, u32) -> Option<Breach>;
type PairRule = fn(&Problem, &EventFacts, u32, Slot) -> Option<Breach>;
type LoadRule = fn(&Problem, &Load, u32, Slot) -> Option<Breach>;

/// What one employee carries on one day and its week: read once per check, because the load
/// rules all look at the same bookings and the solver checks millions of candidates.
pub(crate) struct Load<'w> {
    pub day: &'w [crate::workforce::rules::workload::Booking],
    pub week_minutes: u32,
    pub event_placed: bool,
}

impl<'w> Load<'w> {
    pub fn of(w: &'w Workload, event: u32, e: u32, slot: Slot) -> Self {
        Self {
            day: w.day(e, slot.day),
            week_minutes: w.week_minutes(e, slot.day),
            event_placed: w.placement(event).is_some(),
        }
    }

    /// `of` for an employee-day and week given by their workload keys.
    #[inline]
    pub fn at(w: &'w Workload, event_placed: bool, day_key: usize, week_key: usize) -> Self {
        Self {
            day: w.day_at(day_key),
            week_minutes: w.week_at(week_key),
            event_placed,
        }
    }

    /// True when every load rule passes for `slot` (the rules of `load_allows`).
    #[inline]
    pub fn allows(&self, p: &Problem, event: u32, slot: Slot) -> bool {
        self.day_allows(p, event, slot) && self.start_allows(p, event, slot)
    }

    /// True when the rules that look at the day as a whole (all but the overlap) pass.
    #[inline]
    pub fn day_allows(&self, p: &Problem, event: u32, slot: Slot) -> bool {
        DAY_LOAD_RULES
            .iter()
            .all(|rule| rule(p, self, event, slot).is_none())
    }

    /// True when `slot` collides with no booking (the rest of the day already passed).
    #[inline]
    pub fn start_allows(&self, p: &Problem, event: u32, slot: Slot) -> bool {
        START_LOAD_RULES
            .iter()
            .all(|rule| rule(p, self, event, slot).is_none())
    }
}

/// Rules 1–2: where and when the event may start, whoever takes it.
pub(crate) const SLOT_RULES: [SlotRule; 4] = [
    outside_horizon,
    start_time_not_allowed,
    outside_event_window,
    crosses_midnight,
];

/// Rule 3: who may take the event, whenever it is.
pub(crate) const EMPLOYEE_RULES: [EmployeeRule; 4] = [
    employee_inactive,
    missing_skill,
    required_employee,
    excluded_employee,
];

/// Rules 4–5: this employee at this start, on an empty schedule.
pub(crate) const PAIR_RULES: [PairRule; 2] = [rotation_not_held, outside_availability];

/// Rules 7–9: what the employee already carries that day and week, whatever the start
/// (cheapest first: the solver only asks whether all pass).
pub(crate) const DAY_LOAD_RULES: [LoadRule; 4] = [
    event_already_assigned,
    weekly_minutes,
    daily_limit,
    type_daily_limit,
];

/// Rule 6: the bookings the start collides with.
pub(crate) const START_LOAD_RULES: [LoadRule; 1] = [overlaps_existing];

/// Rules 6–9 together. Split in two above so the solver reads an employee-day once and then
/// tries each start against the overlap rule alone.
pub(crate) const LOAD_RULES: [LoadRule; 5] = [
    overlaps_existing,
    daily_limit,
    type_daily_limit,
    weekly_minutes,
    event_already_assigned,
];

fn outside_horizon(p: &Problem, _: &EventFacts, slot: Slot) -> Option<Breach> {
    (!p.in_horizon(slot.day)).then_some(Breach::OutsideHorizon)
}

fn start_time_not_allowed(p: &Problem, ev: &EventFacts, slot: Slot) -> Option<Breach> {
    let kind = ev.kind?;
    (!p.types[kind as usize].start_times.contains(&slot.start))
        .then_some(Breach::StartTimeNotAllowed)
}

fn outside_event_window(_: &Problem, ev: &EventFacts, slot: Slot) -> Option<Breach> {
    let start = absolute(slot.day, slot.start);
    (start < ev.earliest || start + i64::from(ev.minutes) > ev.due)
        .then_some(Breach::OutsideEventWindow)
}

fn crosses_midnight(_: &Problem, ev: &EventFacts, slot: Slot) -> Option<Breach> {
    (ev.interval(slot.start).end > u32::from(DAY_MINUTES)).then_some(Breach::CrossesMidnight)
}

fn employee_inactive(p: &Problem, _: &EventFacts, e: u32) -> Option<Breach> {
    (!p.employees[e as usize].active).then_some(Breach::EmployeeInactive)
}

fn missing_skill(p: &Problem, ev: &EventFacts, e: u32) -> Option<Breach> {
    (!p.is_skilled(ev.kind?, e)).then_some(Breach::MissingSkill)
}

fn required_employee(_: &Problem, ev: &EventFacts, e: u32) -> Option<Breach> {
    match ev.required {
        Requirement::Anyone => None,
        Requirement::Employee(r) if r == e => None,
        _ => Some(Breach::RequiredEmployee),
    }
}

fn excluded_employee(_: &Problem, ev: &EventFacts, e: u32) -> Option<Breach> {
    ev.excluded.contains(&e).then_some(Breach::ExcludedEmployee)
}

fn rotation_not_held(p: &Problem, ev: &EventFacts, e: u32, slot: Slot) -> Option<Breach> {
    let rotation = p.types[ev.kind? as usize].rotation.as_deref()?;
    (!p.holds_rotation(e, slot.day, rotation)).then_some(Breach::RotationNotHeld)
}

fn outside_availability(p: &Problem, ev: &EventFacts, e: u32, slot: Slot) -> Option<Breach> {
    let iv = ev.interval(slot.start);
    (!p.windows(e, slot.day).iter().any(|w| w.contains(&iv))).then_some(Breach::OutsideAvailability)
}

fn event_already_assigned(_: &Problem, load: &Load, _: u32, _: Slot) -> Option<Breach> {
    load.event_placed.then_some(Breach::EventAlreadyAssigned)
}

fn overlaps_existing(p: &Problem, load: &Load, event: u32, slot: Slot) -> Option<Breach> {
    let iv = p.events[event as usize].interval(slot.start);
    load.day
        .iter()
        .find(|b| b.event != event && crate::time::Interval::new(b.start, b.end).overlaps(&iv))
        .map(|b| Breach::OverlapsExisting { other: b.event })
}

fn daily_limit(p: &Problem, load: &Load, event: u32, _: Slot) -> Option<Breach> {
    let limit = p.max_per_day?;
    // An event placed nowhere is on no day, so every booking counts.
    let others = if load.event_placed {
        load.day.iter().filter(|b| b.event != event).count()
    } else {
        load.day.len()
    };
    let count = 1 + others as u32;
    (count > limit).then_some(Breach::DailyLimit { count, limit })
}

fn type_daily_limit(p: &Problem, load: &Load, event: u32, _: Slot) -> Option<Breach> {
    let kind = p.events[event as usize].kind?;
    let limit = p.types[kind as usize].cap_per_day?;
    let same = load
        .day
        .iter()
        .filter(|b| b.event != event && b.kind == Some(kind))
        .count() as u32;
    (same + 1 > limit).then_some(Breach::TypeDailyLimit {
        count: same + 1,
        limit,
    })
}

fn weekly_minutes(p: &Problem, load: &Load, event: u32, _: Slot) -> Option<Breach> {
    let limit = p.max_week_minutes?;
    let total = load.week_minutes + p.events[event as usize].minutes;
    (total > limit).then_some(Breach::WeeklyMinutes { total, limit })
}

/// True when the employee may take the event at `slot` on an empty schedule, given that the
/// slot already passes `SLOT_RULES` and the employee `EMPLOYEE_RULES` (the solver's candidates).
pub(crate) fn pair_allows(p: &Problem, ev: &EventFacts, e: u32, slot: Slot) -> bool {
    PAIR_RULES.iter().all(|rule| rule(p, ev, e, slot).is_none())
}

/// True when the employee's current load leaves room for the event at `slot`.
pub(crate) fn load_allows(p: &Problem, w: &Workload, event: u32, e: u32, slot: Slot) -> bool {
    Load::of(w, event, e, slot).allows(p, event, slot)
}

/// True when rule 7's daily count leaves no room for any further event on the employee's day
/// (a shortcut the solver uses to skip full days; `daily_limit` is the rule itself).
pub(crate) fn day_is_full(p: &Problem, w: &Workload, e: u32, day: Day) -> bool {
    p.max_per_day
        .is_some_and(|limit| w.day(e, day).len() as u32 >= limit)
}

/// True when no slot rule rejects `slot` for the event.
pub(crate) fn slot_allows(p: &Problem, ev: &EventFacts, slot: Slot) -> bool {
    SLOT_RULES.iter().all(|rule| rule(p, ev, slot).is_none())
}

/// The first employee rule the employee breaks for the event, if any.
pub(crate) fn employee_breach(p: &Problem, ev: &EventFacts, e: u32) -> Option<Breach> {
    EMPLOYEE_RULES.iter().find_map(|rule| rule(p, ev, e))
}

/// Every rule a proposal breaks, in the order of docs/scheduling.md §2.
pub(crate) fn all_breaches(
    p: &Problem,
    w: &Workload,
    event: Option<u32>,
    employee: Option<u32>,
    slot: Slot,
) -> Vec<Breach> {
    let Some(event) = event else {
        return vec![Breach::UnknownEvent];
    };
    let ev = &p.events[event as usize];
    let mut out = Vec::new();
    if ev.kind.is_none() {
        out.push(Breach::UnknownEventType);
    }
    if p.instance.events[event as usize].condition != crate::workforce::instance::UNSTAFFED {
        out.push(Breach::EventNotUnstaffed);
    }
    out.extend(SLOT_RULES.iter().filter_map(|rule| rule(p, ev, slot)));
    let Some(e) = employee else {
        out.push(Breach::UnknownEmployee);
        out.extend(w.placement(event).map(|_| Breach::EventAlreadyAssigned));
        return out;
    };
    out.extend(EMPLOYEE_RULES.iter().filter_map(|rule| rule(p, ev, e)));
    out.extend(PAIR_RULES.iter().filter_map(|rule| rule(p, ev, e, slot)));
    let load = Load::of(w, event, e, slot);
    out.extend(
        LOAD_RULES
            .iter()
            .filter_map(|rule| rule(p, &load, event, slot)),
    );
    out
}
