//! The one hard-rule checker of docs/scheduling.md §2, shared by manual schedules and the solver.

pub(crate) mod checks;
pub(crate) mod workload;

use crate::workforce::availability::AvailabilityLayer;
use serde::{Deserialize, Serialize};

use crate::time::ClockTime;
use crate::workforce::instance::{Assignment, Instance};
use crate::workforce::problem::{Problem, date_of, day_of};
use checks::{Breach, Slot, all_breaches};
use workload::Workload;

/// A stable, machine-readable name for each hard rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleCode {
    UnknownEvent,
    UnknownEmployee,
    UnknownEventType,
    /// Only `Unstaffed` events are scheduled.
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
    OverlapsExisting,
    DailyLimit,
    TypeDailyLimit,
    WeeklyMinutes,
    EventAlreadyAssigned,
}

/// One broken rule: its code and a sentence naming the specifics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleViolation {
    pub code: RuleCode,
    pub message: String,
}

/// Checks proposals against an instance and what has been accepted so far.
///
/// Build it once and `accept` each proposal that passes, so checking a whole run costs one
/// compilation of the instance rather than one per proposal.
pub struct Checker<'a> {
    problem: Problem<'a>,
    workload: Workload,
}

impl<'a> Checker<'a> {
    /// A checker whose load holds the instance's fixed schedules.
    pub fn new(instance: &'a Instance) -> Self {
        let problem = Problem::new(instance);
        let workload = Workload::with_fixed(&problem);
        Self { problem, workload }
    }

    /// Every hard rule `proposed` breaks; empty when it may be saved.
    pub fn check(&self, proposed: &Assignment) -> Vec<RuleViolation> {
        let p = &self.problem;
        let event = p.event_index.get(&proposed.event_ref).copied();
        let employee = p.employee_index.get(proposed.employee_id.as_str()).copied();
        let slot = Slot {
            day: day_of(proposed.start.date()),
            start: proposed.start.clock().minutes(),
        };
        all_breaches(p, &self.workload, event, employee, slot)
            .into_iter()
            .map(|b| violation(p, b, proposed))
            .collect()
    }

    /// Adds an assignment to the load, whatever it breaks (a manager may have overridden the
    /// rules); an unknown event or employee, or an event already placed, is ignored.
    pub fn accept(&mut self, a: &Assignment) {
        let p = &self.problem;
        let (Some(&event), Some(&employee)) = (
            p.event_index.get(&a.event_ref),
            p.employee_index.get(a.employee_id.as_str()),
        ) else {
            return;
        };
        if self.workload.placement(event).is_none() {
            let day = day_of(a.start.date());
            self.workload
                .place(p, event, employee, day, a.start.clock().minutes(), false);
        }
    }
}

/// Every hard rule that `proposed` breaks, given the instance (its fixed schedules count) and
/// the assignments already `chosen` beside them (earlier proposals of the same run, or other
/// manual schedules).
pub fn check_assignment(
    instance: &Instance,
    chosen: &[Assignment],
    proposed: &Assignment,
) -> Vec<RuleViolation> {
    let mut checker = Checker::new(instance);
    for a in chosen {
        checker.accept(a);
    }
    checker.check(proposed)
}

impl Breach {
    pub(crate) fn code(self) -> RuleCode {
        match self {
            Breach::UnknownEvent => RuleCode::UnknownEvent,
            Breach::UnknownEmployee => RuleCode::UnknownEmployee,
            Breach::UnknownEventType => RuleCode::UnknownEventType,
            Breach::EventNotUnstaffed => RuleCode::EventNotUnstaffed,
            Breach::OutsideHorizon => RuleCode::OutsideHorizon,
            Breach::StartTimeNotAllowed => RuleCode::StartTimeNotAllowed,
            Breach::OutsideEventWindow => RuleCode::OutsideEventWindow,
            Breach::CrossesMidnight => RuleCode::CrossesMidnight,
            Breach::EmployeeInactive => RuleCode::EmployeeInactive,
            Breach::MissingSkill => RuleCode::MissingSkill,
            Breach::RequiredEmployee => RuleCode::RequiredEmployee,
            Breach::ExcludedEmployee => RuleCode::ExcludedEmployee,
            Breach::RotationNotHeld => RuleCode::RotationNotHeld,
            Breach::OutsideAvailability => RuleCode::OutsideAvailability,
            Breach::OverlapsExisting { .. } => RuleCode::OverlapsExisting,
            Breach::DailyLimit { .. } => RuleCode::DailyLimit,
            Breach::TypeDailyLimit { .. } => RuleCode::TypeDailyLimit,
            Breach::WeeklyMinutes { .. } => RuleCode::WeeklyMinutes,
            Breach::EventAlreadyAssigned => RuleCode::EventAlreadyAssigned,
        }
    }
}

fn violation(p: &Problem, breach: Breach, a: &Assignment) -> RuleViolation {
    RuleViolation {
        code: breach.code(),
        message: describe(p, breach, a),
    }
}

/// The manager-facing sentence for a breach.
fn describe(p: &Problem, breach: Breach, a: &Assignment) -> String {
    let who = p.label_of(&a.employee_id);
    let ev = p
        .event_index
        .get(&a.event_ref)
        .map(|&i| &p.instance.events[i as usize]);
    let facts = p
        .event_index
        .get(&a.event_ref)
        .map(|&i| &p.events[i as usize]);
    let what = ev.map_or_else(|| format!("event {}", a.event_ref), |e| e.label());
    let type_name = ev.map_or("?", |e| e.event_type.as_str());
    let rule = ev.and_then(|e| p.instance.event_types.get(&e.event_type));
    let minutes = facts.map_or(0, |f| f.minutes);
    let start = a.start;
    let end_minutes = u32::from(start.clock().minutes()) + minutes;
    let span = format!(
        "{}–{:02}:{:02}",
        start.clock(),
        end_minutes / 60,
        end_minutes % 60
    );
    let date = start.date();
    match breach {
        Breach::UnknownEvent => format!("event {} is not in the schedule data", a.event_ref),
        Breach::UnknownEmployee => format!("employee {who} is not in the schedule data"),
        Breach::UnknownEventType => {
            format!("{what} has type {type_name}, which has no scheduling rule")
        }
        Breach::EventNotUnstaffed => format!(
            "{what} is {}, not Unstaffed",
            ev.map_or("?", |e| e.condition.as_str())
        ),
        Breach::OutsideHorizon => format!(
            "{date} is outside the scheduling range {} to {}",
            p.instance.horizon.start, p.instance.horizon.end
        ),
        Breach::StartTimeNotAllowed => format!(
            "{type_name} events may start only at {}, not {}",
            rule.map_or(String::new(), |r| join_times(&r.start_times)),
            start.clock()
        ),
        Breach::OutsideEventWindow => format!(
            "{what} must start at or after {} and end by {}; {start} for {minutes} minutes does not",
            ev.map_or(String::new(), |e| e.start.to_string()),
            ev.map_or(String::new(), |e| e.due.to_string()),
        ),
        Breach::CrossesMidnight => {
            format!("{what} would run {span}, past midnight; it must end the same day")
        }
        Breach::EmployeeInactive => format!("employee {who} is inactive"),
        Breach::MissingSkill => format!(
            "{type_name} needs one of the skills {}; {who} has {}",
            rule.map_or(String::new(), |r| r.skills_any.join("/")),
            p.employee_index
                .get(a.employee_id.as_str())
                .map(|&e| p.instance.employees[e as usize].skills.join("/"))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "none".to_owned())
        ),
        Breach::RequiredEmployee => format!(
            "{what} must go to {}, not {who}",
            ev.and_then(|e| e.required_employee_id.as_deref())
                .map_or_else(|| "?".to_owned(), |id| p.label_of(id))
        ),
        Breach::ExcludedEmployee => {
            format!("{who} is excluded from {what}")
        }
        Breach::RotationNotHeld => format!(
            "{type_name} events go to the {} rotation holder of {date}, and {who} does not hold it",
            rule.and_then(|r| r.rotation.as_deref()).unwrap_or("?")
        ),
        Breach::OutsideAvailability => {
            let windows = p
                .employee_index
                .get(a.employee_id.as_str())
                .map(|&e| p.availability(e, day_of(date)))
                .map(|d| {
                    if d.windows.is_empty() {
                        let why = match d.layer {
                            AvailabilityLayer::TimeOff => " (approved time off)",
                            AvailabilityLayer::Override => " (a manager's override)",
                            AvailabilityLayer::DateAvailability => " (stated for that date)",
                            AvailabilityLayer::WeeklyPattern => " (no hours that weekday)",
                            AvailabilityLayer::DefaultAllDay => "",
                        };
                        format!("unavailable all day{why}")
                    } else {
                        let list: Vec<String> = d
                            .windows
                            .iter()
                            .map(|w| format!("{}–{}", w.start, w.end))
                            .collect();
                        format!("available {}", list.join(", "))
                    }
                })
                .unwrap_or_default();
            format!("{who} is {windows} on {date}, so {span} does not fit")
        }
        Breach::OverlapsExisting { other } => {
            let other = p.instance.events[other as usize].label();
            format!("{who} already has {other} overlapping {span} on {date}")
        }
        Breach::DailyLimit { count, limit } => {
            format!("{who} would have {count} events on {date}; the limit is {limit} a day")
        }
        Breach::TypeDailyLimit { count, limit } => format!(
            "{who} would have {count} {type_name} events on {date}; the limit is {limit} a day"
        ),
        Breach::WeeklyMinutes { total, limit } => {
            let monday = date_of(day_of(date) - (day_of(date) - 1).rem_euclid(7));
            format!(
                "{who} would work {total} minutes in the week of {monday}; the limit is {limit}"
            )
        }
        Breach::EventAlreadyAssigned => {
            format!("{what} is already scheduled")
        }
    }
}

fn join_times(times: &[ClockTime]) -> String {
    let list: Vec<String> = times.iter().map(ToString::to_string).collect();
    list.join(", ")
}

#[cfg(test)]
mod tests;
