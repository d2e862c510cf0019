//! The JSON forms of docs/scheduling.md §5: a scheduling instance and the solver's answers.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::{ClockTime, LocalDateTime};

pub const INSTANCE_FORMAT: &str = "kairos-schedule-instance/1";

/// The only event condition the auto-scheduler picks up.
pub const UNSTAFFED: &str = "Unstaffed";

/// Everything the auto-scheduler and the rule checker read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    #[serde(default = "default_format")]
    pub format: String,
    pub horizon: Horizon,
    /// Missing settings mean "no cap", as in the reference checker.
    #[serde(default = "Settings::unlimited")]
    pub settings: Settings,
    pub event_types: BTreeMap<String, EventTypeRule>,
    pub employees: Vec<Employee>,
    #[serde(default)]
    pub weekly_availability: Vec<WeeklyAvailability>,
    #[serde(default)]
    pub availability: Vec<DateAvailability>,
    #[serde(default)]
    pub overrides: Vec<AvailabilityOverride>,
    #[serde(default)]
    pub time_off: Vec<TimeOff>,
    #[serde(default)]
    pub rotations: Vec<RotationAssignment>,
    pub events: Vec<Event>,
    /// Existing schedules: never moved, but they use up time and caps.
    #[serde(default)]
    pub fixed: Vec<Assignment>,
}

/// The longest horizon an instance may cover: a year (a run over the API covers at most 62 days).
pub const MAX_HORIZON_DAYS: i64 = 366;

impl Instance {
    /// What makes this instance unfit to solve, each as a sentence naming the field: a wrong
    /// `format`, a horizon that is reversed or longer than `MAX_HORIZON_DAYS`, an event type
    /// without start times or with a start at 24:00, duplicate event refs or employee ids,
    /// weekly rows with a weekday outside 0-6 or an end not after the start, events of a type
    /// the instance does not define, fixed schedules naming an unknown employee.
    /// Empty when the instance can be solved. (A missing `format` is read as the current one.)
    pub fn problems(&self) -> Vec<String> {
        use std::collections::HashSet;
        let mut out = Vec::new();
        if self.format != INSTANCE_FORMAT {
            out.push(format!(
                "format: {:?} is not {INSTANCE_FORMAT:?}",
                self.format
            ));
        }
        let days = (self.horizon.end - self.horizon.start).num_days() + 1;
        if days < 1 {
            out.push("horizon: end is before start".to_owned());
        } else if days > MAX_HORIZON_DAYS {
            out.push(format!(
                "horizon: {days} days is longer than {MAX_HORIZON_DAYS}"
            ));
        }
        for (name, rule) in &self.event_types {
            if rule.start_times.is_empty() {
                out.push(format!("event_types.{name}.start_times: must not be empty"));
            }
            if rule
                .start_times
                .iter()
                .any(|t| t.minutes() >= crate::time::DAY_MINUTES)
            {
                out.push(format!(
                    "event_types.{name}.start_times: 24:00 is not a start time"
                ));
            }
        }
        let mut refs = HashSet::new();
        for e in &self.events {
            if !refs.insert(e.event_ref) {
                out.push(format!("events: ref {} appears twice", e.event_ref));
            }
            if !self.event_types.contains_key(&e.event_type) {
                out.push(format!(
                    "events: ref {} has type {:?}, which event_types does not define",
                    e.event_ref, e.event_type
                ));
            }
        }
        let mut ids = HashSet::new();
        for e in &self.employees {
            if !ids.insert(e.id.as_str()) {
                out.push(format!("employees: id {:?} appears twice", e.id));
            }
        }
        for w in &self.weekly_availability {
            if w.day_of_week > 6 {
                out.push(format!(
                    "weekly_availability: day_of_week {} of {:?} is not 0 (Monday) to 6",
                    w.day_of_week, w.employee_id
                ));
            }
            if w.end_time <= w.start_time {
                out.push(format!(
                    "weekly_availability: {:?} on day {} ends at {} before it starts at {}",
                    w.employee_id, w.day_of_week, w.end_time, w.start_time
                ));
            }
        }
        // A fixed schedule may name an event outside `events` (docs/scheduling.md §5's own example
        // does), but not an employee outside `employees`.
        for f in &self.fixed {
            if !ids.contains(f.employee_id.as_str()) {
                out.push(format!(
                    "fixed: employee {:?} is not among employees",
                    f.employee_id
                ));
            }
        }
        out
    }
}

fn default_format() -> String {
    INSTANCE_FORMAT.to_owned()
}

/// Inclusive range of dates to schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Horizon {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Horizon {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Events of all types together, per employee and date.
    #[serde(default)]
    pub max_events_per_employee_per_day: Option<u32>,
    /// Per employee and ISO week (Monday–Sunday).
    #[serde(default)]
    pub max_minutes_per_week: Option<u32>,
}

impl Settings {
    pub fn unlimited() -> Self {
        Self {
            max_events_per_employee_per_day: None,
            max_minutes_per_week: None,
        }
    }
}

/// What Kairos ships until an admin edits the settings: 2 events a day, 2400 minutes a week.
pub fn default_settings() -> Settings {
    Settings {
        max_events_per_employee_per_day: Some(2),
        max_minutes_per_week: Some(2400),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventTypeRule {
    /// The employee needs at least one of these; empty means anyone.
    #[serde(default)]
    pub skills_any: Vec<String>,
    pub start_times: Vec<ClockTime>,
    /// Used when an event's own `minutes` is null.
    #[serde(default = "default_minutes")]
    pub default_minutes: u32,
    #[serde(default)]
    pub max_per_employee_per_day: Option<u32>,
    /// Only the holder of this rotation on the date may take the event.
    #[serde(default)]
    pub rotation: Option<String>,
}

fn default_minutes() -> u32 {
    60
}

/// The event types of docs/scheduling.md §1, the table Kairos ships with.
pub fn default_event_types() -> BTreeMap<String, EventTypeRule> {
    let rule =
        |skills: &[&str], starts: &[&str], minutes, cap, rotation: Option<&str>| EventTypeRule {
            skills_any: skills.iter().map(|s| (*s).to_owned()).collect(),
            start_times: starts
                .iter()
                .map(|s| s.parse().expect("default start times are valid"))
                .collect(),
            default_minutes: minutes,
            max_per_employee_per_day: cap,
            rotation: rotation.map(str::to_owned),
        };
    BTreeMap::from([
        (
            "Core".to_owned(),
            rule(
                &["lead", "specialist", "juicer"],
                &["10:15", "10:45", "11:15", "11:45"],
                390,
                Some(1),
                None,
            ),
        ),
        (
            "Juicer".to_owned(),
            rule(&["juicer"], &["09:00"], 540, Some(1), Some("juicer")),
        ),
        (
            "Setup".to_owned(),
            rule(
                &["lead", "supervisor"],
                &["10:00", "10:15", "10:30", "10:45"],
                15,
                None,
                None,
            ),
        ),
        (
            "Demo".to_owned(),
            rule(
                &["lead", "specialist"],
                &["12:00", "13:00", "14:00"],
                120,
                None,
                None,
            ),
        ),
        (
            "Other".to_owned(),
            rule(&["supervisor", "lead"], &["12:00", "16:00"], 30, None, None),
        ),
    ])
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    pub id: String,
    /// How managers know the employee; when given, reasons and rule messages say
    /// "Name (id)" rather than the id alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

impl Employee {
    /// How a manager reads the employee: "Name (id)" when named, else the id.
    pub fn label(&self) -> String {
        match self.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => format!("{name} ({})", self.id),
            _ => self.id.clone(),
        }
    }
}

fn yes() -> bool {
    true
}

/// One row of a weekly pattern; rows sharing an `effective_date` form one pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyAvailability {
    pub employee_id: String,
    /// Monday = 0.
    pub day_of_week: u8,
    pub start_time: ClockTime,
    pub end_time: ClockTime,
    /// Null is older than any date.
    #[serde(default)]
    pub effective_date: Option<NaiveDate>,
}

/// Availability stated for one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateAvailability {
    pub employee_id: String,
    pub date: NaiveDate,
    pub available: bool,
    #[serde(default)]
    pub start_time: Option<ClockTime>,
    #[serde(default)]
    pub end_time: Option<ClockTime>,
}

/// A manager's override for one date: available all day or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityOverride {
    pub employee_id: String,
    pub date: NaiveDate,
    pub available: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeOff {
    pub employee_id: String,
    pub start_date: NaiveDate,
    /// Inclusive.
    pub end_date: NaiveDate,
    #[serde(default)]
    pub status: TimeOffStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeOffStatus {
    /// A request without a status is taken as granted, as in the reference checker.
    #[default]
    Approved,
    Pending,
    Denied,
    #[serde(other)]
    Other,
}

impl TimeOffStatus {
    /// The statuses a request can be given (`Other` stands for anything else read).
    pub const KNOWN: [TimeOffStatus; 3] = [
        TimeOffStatus::Pending,
        TimeOffStatus::Approved,
        TimeOffStatus::Denied,
    ];

    /// The stored name (seed 000's `time_off_requests.status`).
    pub const fn as_str(self) -> &'static str {
        match self {
            TimeOffStatus::Approved => "approved",
            TimeOffStatus::Pending => "pending",
            TimeOffStatus::Denied => "denied",
            TimeOffStatus::Other => "other",
        }
    }

    /// The status a stored name stands for (`Other` for a name that is none of them).
    pub fn parse(name: &str) -> TimeOffStatus {
        TimeOffStatus::KNOWN
            .into_iter()
            .find(|s| s.as_str() == name)
            .unwrap_or(TimeOffStatus::Other)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotationAssignment {
    pub date: NaiveDate,
    pub rotation_type: String,
    pub employee_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The event's `project_ref_num`.
    #[serde(rename = "ref")]
    pub event_ref: i64,
    /// How managers know the event; when given, rule messages quote it beside the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub event_type: String,
    /// Earliest start.
    pub start: LocalDateTime,
    /// Latest end.
    pub due: LocalDateTime,
    /// Null: the type's `default_minutes`.
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default = "unstaffed")]
    pub condition: String,
    #[serde(default)]
    pub required_employee_id: Option<String>,
    #[serde(default)]
    pub excluded_employee_ids: Vec<String>,
    #[serde(default)]
    pub preferred_time: Option<ClockTime>,
}

impl Event {
    /// How a manager reads the event: `event 606007 “Core Reset - Main St”` when named, else
    /// `event 606007`.
    pub fn label(&self) -> String {
        match self.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => format!("event {} “{name}”", self.event_ref),
            _ => format!("event {}", self.event_ref),
        }
    }
}

fn unstaffed() -> String {
    UNSTAFFED.to_owned()
}

/// (event, employee, local start): a proposal, a fixed schedule or a manual one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Assignment {
    pub event_ref: i64,
    pub employee_id: String,
    pub start: LocalDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unassigned {
    pub event_ref: i64,
    pub reason: String,
}

/// The solver's answer: assignments and unassigned events, each sorted by event ref.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Solution {
    pub assignments: Vec<Assignment>,
    /// Optional when reading, so other solvers' answers (CP-SAT's) can be checked too.
    #[serde(default)]
    pub unassigned: Vec<Unassigned>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainedAssignment {
    pub event_ref: i64,
    pub employee_id: String,
    pub start: LocalDateTime,
    /// See `solver::explain` for its meaning.
    pub confidence_score: f64,
    pub reason: String,
}

/// The category of a `ScheduleException`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionType {
    /// Someone has the skills, but nobody is free (availability, time off, rotation) in the window.
    Availability,
    /// Nobody active has the skills (or the required employee is not allowed).
    SkillMismatch,
    /// Every candidate is blocked by existing (fixed) schedules.
    Conflict,
    /// Candidates exist but are taken by other proposals: not enough staff for the demand.
    Coverage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainedUnassigned {
    pub event_ref: i64,
    pub reason: String,
    pub exception_type: ExceptionType,
}

/// The solution with a confidence and a reason per assignment and a category per failure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExplainedSolution {
    pub assignments: Vec<ExplainedAssignment>,
    pub unassigned: Vec<ExplainedUnassigned>,
}

impl ExplainedSolution {
    /// The plain form, dropping the explanations.
    pub fn to_solution(&self) -> Solution {
        Solution {
            assignments: self
                .assignments
                .iter()
                .map(|a| Assignment {
                    event_ref: a.event_ref,
                    employee_id: a.employee_id.clone(),
                    start: a.start,
                })
                .collect(),
            unassigned: self
                .unassigned
                .iter()
                .map(|u| Unassigned {
                    event_ref: u.event_ref,
                    reason: u.reason.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_EXAMPLE: &str = r#"{"format": "kairos-schedule-instance/1",
 "horizon": {"start": "2026-03-02", "end": "2026-03-15"},
 "settings": {"max_events_per_employee_per_day": 2, "max_minutes_per_week": 2400},
 "event_types": {"Core": {"skills_any": ["lead", "specialist"], "start_times": ["10:15", "10:45"],
                          "default_minutes": 390, "max_per_employee_per_day": 1},
                 "Juicer": {"skills_any": ["juicer"], "start_times": ["09:00"], "default_minutes": 540,
                            "rotation": "juicer"}},
 "employees": [{"id": "E0001", "skills": ["lead"], "active": true}],
 "weekly_availability": [{"employee_id": "E0001", "day_of_week": 0, "start_time": "08:00",
                          "end_time": "18:00", "effective_date": null}],
 "availability": [{"employee_id": "E0001", "date": "2026-03-03", "available": true,
                   "start_time": "11:00", "end_time": "19:00"}],
 "overrides": [{"employee_id": "E0001", "date": "2026-03-04", "available": false}],
 "time_off": [{"employee_id": "E0001", "start_date": "2026-03-05", "end_date": "2026-03-06",
               "status": "approved"}],
 "rotations": [{"date": "2026-03-03", "rotation_type": "juicer", "employee_id": "E0002"}],
 "events": [{"ref": 606034, "type": "Core", "start": "2026-03-02T00:00", "due": "2026-03-09T23:59",
             "minutes": null, "condition": "Unstaffed", "required_employee_id": null,
             "excluded_employee_ids": [], "preferred_time": null}],
 "fixed": [{"event_ref": 606001, "employee_id": "E0001", "start": "2026-03-02T10:15"}]}"#;

    #[test]
    fn the_specification_example_parses() {
        let inst: Instance = serde_json::from_str(SPEC_EXAMPLE).unwrap();
        assert_eq!(inst.events[0].event_ref, 606034);
        assert_eq!(inst.event_types["Core"].start_times[1].to_string(), "10:45");
        assert_eq!(
            inst.event_types["Juicer"].rotation.as_deref(),
            Some("juicer")
        );
        assert_eq!(inst.fixed[0].start.to_string(), "2026-03-02T10:15");
        assert_eq!(inst.time_off[0].status, TimeOffStatus::Approved);
    }

    #[test]
    fn an_instance_survives_a_json_round_trip() {
        let inst: Instance = serde_json::from_str(SPEC_EXAMPLE).unwrap();
        let again: Instance = serde_json::from_str(&serde_json::to_string(&inst).unwrap()).unwrap();
        assert_eq!(inst, again);
    }

    #[test]
    fn missing_optional_fields_take_the_reference_defaults() {
        let inst: Instance = serde_json::from_str(
            r#"{"horizon": {"start": "2026-03-02", "end": "2026-03-02"},
                "event_types": {"Demo": {"start_times": ["12:00"]}},
                "employees": [{"id": "E1"}],
                "events": [{"ref": 1, "type": "Demo", "start": "2026-03-02T00:00",
                            "due": "2026-03-02T23:59"}]}"#,
        )
        .unwrap();
        assert_eq!(inst.settings, Settings::unlimited());
        assert_eq!(inst.event_types["Demo"].default_minutes, 60);
        assert!(inst.employees[0].active);
        assert_eq!(inst.events[0].condition, UNSTAFFED);
    }

    #[test]
    fn solutions_serialize_to_the_specified_shape() {
        let sol = Solution {
            assignments: vec![Assignment {
                event_ref: 606034,
                employee_id: "E0001".into(),
                start: "2026-03-02T10:15".parse().unwrap(),
            }],
            unassigned: vec![Unassigned {
                event_ref: 606035,
                reason: "x".into(),
            }],
        };
        assert_eq!(
            serde_json::to_string(&sol).unwrap(),
            r#"{"assignments":[{"event_ref":606034,"employee_id":"E0001","start":"2026-03-02T10:15"}],"unassigned":[{"event_ref":606035,"reason":"x"}]}"#
        );
    }

    #[test]
    fn the_shipped_event_types_match_the_specification_table() {
        let types = default_event_types();
        assert_eq!(types.len(), 5);
        assert_eq!(types["Core"].default_minutes, 390);
        assert_eq!(types["Core"].max_per_employee_per_day, Some(1));
        assert_eq!(types["Juicer"].rotation.as_deref(), Some("juicer"));
        assert_eq!(types["Juicer"].max_per_employee_per_day, Some(1));
        assert_eq!(types["Setup"].start_times.len(), 4);
        assert_eq!(types["Other"].skills_any, vec!["supervisor", "lead"]);
        assert_eq!(default_settings().max_minutes_per_week, Some(2400));
    }

    #[test]
    fn problems_name_what_cannot_be_solved() {
        let good: Instance = serde_json::from_str(SPEC_EXAMPLE).unwrap();
        assert_eq!(good.problems(), Vec::<String>::new());
        let mut bad = good.clone();
        bad.format = "xyz/9".into();
        bad.horizon.end = bad.horizon.start + chrono::Duration::days(400);
        bad.events.push(bad.events[0].clone());
        bad.events[1].event_type = "Nope".into();
        bad.employees.push(bad.employees[0].clone());
        bad.weekly_availability[0].day_of_week = 9;
        bad.event_types.get_mut("Core").unwrap().start_times.clear();
        bad.fixed[0].employee_id = "ghost".into();
        let found = bad.problems().join("\n");
        for part in [
            "format:",
            "horizon: 401 days",
            "start_times: must not be empty",
            "appears twice",
            "\"Nope\"",
            "day_of_week 9",
            "fixed: employee \"ghost\"",
        ] {
            assert!(found.contains(part), "{part} missing from:\n{found}");
        }
    }
}
