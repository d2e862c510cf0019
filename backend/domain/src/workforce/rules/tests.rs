//! One test per hard rule: a proposal that breaks exactly that rule is refused with its code.

use super::*;
use crate::workforce::instance::{
    AvailabilityOverride, Employee, Event, Horizon, RotationAssignment, default_event_types,
    default_settings,
};

fn employee(id: &str, skills: &[&str]) -> Employee {
    Employee {
        id: id.into(),
        name: None,
        skills: skills.iter().map(|s| (*s).to_owned()).collect(),
        active: true,
    }
}

fn event(event_ref: i64, kind: &str, start: &str, due: &str) -> Event {
    Event {
        event_ref,
        name: None,
        event_type: kind.into(),
        start: start.parse().unwrap(),
        due: due.parse().unwrap(),
        minutes: None,
        condition: "Unstaffed".into(),
        required_employee_id: None,
        excluded_employee_ids: vec![],
        preferred_time: None,
    }
}

/// Two weeks from Monday 2026-03-02; everyone is available all day (no weekly rows).
fn shop() -> Instance {
    Instance {
        format: crate::workforce::instance::INSTANCE_FORMAT.into(),
        horizon: Horizon {
            start: "2026-03-02".parse().unwrap(),
            end: "2026-03-15".parse().unwrap(),
        },
        settings: default_settings(),
        event_types: default_event_types(),
        employees: vec![
            employee("LEAD", &["lead"]),
            employee("SPEC", &["specialist"]),
            employee("JUICE", &["juicer", "specialist"]),
        ],
        weekly_availability: vec![],
        availability: vec![],
        overrides: vec![],
        time_off: vec![],
        rotations: vec![],
        events: (1..=12)
            .map(|i| event(i, "Core", "2026-03-02T00:00", "2026-03-15T23:59"))
            .chain([
                event(20, "Setup", "2026-03-02T00:00", "2026-03-15T23:59"),
                event(21, "Juicer", "2026-03-02T00:00", "2026-03-15T23:59"),
                event(22, "Demo", "2026-03-02T00:00", "2026-03-15T23:59"),
                event(23, "Demo", "2026-03-02T00:00", "2026-03-15T23:59"),
                event(24, "Other", "2026-03-02T00:00", "2026-03-15T23:59"),
            ])
            .collect(),
        fixed: vec![],
    }
}

fn at(event_ref: i64, who: &str, start: &str) -> Assignment {
    Assignment {
        event_ref,
        employee_id: who.into(),
        start: start.parse().unwrap(),
    }
}

fn codes(instance: &Instance, chosen: &[Assignment], proposed: &Assignment) -> Vec<RuleCode> {
    check_assignment(instance, chosen, proposed)
        .into_iter()
        .map(|v| v.code)
        .collect()
}

#[test]
fn a_proposal_that_respects_every_rule_is_accepted() {
    assert!(codes(&shop(), &[], &at(1, "SPEC", "2026-03-02T10:15")).is_empty());
}

#[test]
fn a_start_outside_the_horizon_is_refused() {
    let mut inst = shop();
    inst.events[0].due = "2026-03-20T23:59".parse().unwrap();
    assert_eq!(
        codes(&inst, &[], &at(1, "SPEC", "2026-03-16T10:15")),
        vec![RuleCode::OutsideHorizon]
    );
}

#[test]
fn a_start_time_the_type_does_not_list_is_refused() {
    let found = check_assignment(&shop(), &[], &at(1, "SPEC", "2026-03-02T10:00"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, RuleCode::StartTimeNotAllowed);
    assert!(found[0].message.contains("10:15, 10:45, 11:15, 11:45"));
}

#[test]
fn a_start_before_the_event_opens_is_refused() {
    let mut inst = shop();
    inst.events[0].start = "2026-03-03T00:00".parse().unwrap();
    assert_eq!(
        codes(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15")),
        vec![RuleCode::OutsideEventWindow]
    );
}

#[test]
fn an_end_after_the_due_time_is_refused() {
    let mut inst = shop();
    inst.events[0].due = "2026-03-02T16:00".parse().unwrap();
    assert_eq!(
        codes(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15")),
        vec![RuleCode::OutsideEventWindow]
    );
}

#[test]
fn an_event_running_past_midnight_is_refused() {
    let mut inst = shop();
    inst.events[0].minutes = Some(14 * 60);
    assert_eq!(
        codes(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15")),
        vec![RuleCode::CrossesMidnight, RuleCode::OutsideAvailability]
    );
}

#[test]
fn an_inactive_employee_gets_no_new_work() {
    let mut inst = shop();
    inst.employees[1].active = false;
    assert_eq!(
        codes(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15")),
        vec![RuleCode::EmployeeInactive]
    );
}

#[test]
fn an_employee_without_any_listed_skill_is_refused() {
    let found = check_assignment(&shop(), &[], &at(20, "SPEC", "2026-03-02T10:00"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, RuleCode::MissingSkill);
    assert!(found[0].message.contains("lead/supervisor"));
}

#[test]
fn only_the_required_employee_may_take_the_event() {
    let mut inst = shop();
    inst.events[0].required_employee_id = Some("LEAD".into());
    assert_eq!(
        codes(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15")),
        vec![RuleCode::RequiredEmployee]
    );
    assert!(codes(&inst, &[], &at(1, "LEAD", "2026-03-02T10:15")).is_empty());
}

#[test]
fn an_excluded_employee_is_refused() {
    let mut inst = shop();
    inst.events[0].excluded_employee_ids = vec!["SPEC".into()];
    assert_eq!(
        codes(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15")),
        vec![RuleCode::ExcludedEmployee]
    );
}

#[test]
fn a_rotation_event_goes_only_to_that_days_holder() {
    let mut inst = shop();
    inst.rotations.push(RotationAssignment {
        date: "2026-03-03".parse().unwrap(),
        rotation_type: "juicer".into(),
        employee_id: "JUICE".into(),
    });
    assert_eq!(
        codes(&inst, &[], &at(21, "JUICE", "2026-03-02T09:00")),
        vec![RuleCode::RotationNotHeld]
    );
    assert!(codes(&inst, &[], &at(21, "JUICE", "2026-03-03T09:00")).is_empty());
}

#[test]
fn an_assignment_must_lie_inside_one_availability_window() {
    let mut inst = shop();
    inst.overrides.push(AvailabilityOverride {
        employee_id: "SPEC".into(),
        date: "2026-03-02".parse().unwrap(),
        available: false,
    });
    let found = check_assignment(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15"));
    assert_eq!(found[0].code, RuleCode::OutsideAvailability);
    assert!(
        found[0]
            .message
            .contains("unavailable all day (a manager's override)"),
        "{}",
        found[0].message
    );
}

#[test]
fn overlapping_an_existing_booking_is_refused_but_touching_is_fine() {
    let inst = shop();
    let demo = at(22, "LEAD", "2026-03-02T12:00");
    let found = check_assignment(
        &inst,
        std::slice::from_ref(&demo),
        &at(1, "LEAD", "2026-03-02T10:15"),
    );
    assert_eq!(found[0].code, RuleCode::OverlapsExisting);
    assert!(found[0].message.contains("event 22"));
    // Setup 10:00–10:15 then Core from 10:15: back to back.
    let setup = at(20, "LEAD", "2026-03-02T10:00");
    assert!(codes(&inst, &[setup], &at(1, "LEAD", "2026-03-02T10:15")).is_empty());
}

#[test]
fn fixed_schedules_count_as_existing_bookings() {
    let mut inst = shop();
    inst.fixed.push(at(22, "LEAD", "2026-03-02T12:00"));
    assert_eq!(
        codes(&inst, &[], &at(1, "LEAD", "2026-03-02T10:15")),
        vec![RuleCode::OverlapsExisting]
    );
    assert_eq!(
        codes(&inst, &[], &at(22, "SPEC", "2026-03-03T12:00")),
        vec![RuleCode::EventAlreadyAssigned]
    );
}

#[test]
fn a_third_event_on_one_day_breaks_the_daily_limit() {
    let chosen = [
        at(22, "LEAD", "2026-03-02T12:00"),
        at(24, "LEAD", "2026-03-02T16:00"),
    ];
    assert_eq!(
        codes(&shop(), &chosen, &at(20, "LEAD", "2026-03-02T10:00")),
        vec![RuleCode::DailyLimit]
    );
}

#[test]
fn a_second_core_on_one_day_breaks_the_type_limit() {
    // Short Core events, so only the per-type cap stands in the way.
    let mut inst = shop();
    inst.events[0].minutes = Some(30);
    inst.events[1].minutes = Some(30);
    let chosen = [at(1, "SPEC", "2026-03-02T10:15")];
    assert_eq!(
        codes(&inst, &chosen, &at(2, "SPEC", "2026-03-02T11:15")),
        vec![RuleCode::TypeDailyLimit]
    );
}

#[test]
fn weekly_minutes_count_across_the_iso_week() {
    // Six Core days (2340 minutes) in the week of 2026-03-02; a seventh breaks 2400.
    let chosen: Vec<Assignment> = (0..6)
        .map(|d| at(1 + d, "SPEC", &format!("2026-03-0{}T10:15", 2 + d)))
        .collect();
    let found = check_assignment(&shop(), &chosen, &at(7, "SPEC", "2026-03-08T10:15"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, RuleCode::WeeklyMinutes);
    assert!(
        found[0]
            .message
            .contains("2730 minutes in the week of 2026-03-02")
    );
    // The next Monday opens a new week.
    assert!(codes(&shop(), &chosen, &at(7, "SPEC", "2026-03-09T10:15")).is_empty());
}

#[test]
fn an_event_is_assigned_at_most_once() {
    let chosen = [at(1, "SPEC", "2026-03-02T10:15")];
    assert_eq!(
        codes(&shop(), &chosen, &at(1, "LEAD", "2026-03-03T10:15")),
        vec![RuleCode::EventAlreadyAssigned]
    );
}

#[test]
fn unknown_references_are_named_rather_than_ignored() {
    assert_eq!(
        codes(&shop(), &[], &at(999, "SPEC", "2026-03-02T10:15")),
        vec![RuleCode::UnknownEvent]
    );
    assert_eq!(
        codes(&shop(), &[], &at(1, "NOBODY", "2026-03-02T10:15")),
        vec![RuleCode::UnknownEmployee]
    );
}

#[test]
fn only_unstaffed_events_are_schedulable() {
    let mut inst = shop();
    inst.events[0].condition = "Paused".into();
    assert_eq!(
        codes(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15")),
        vec![RuleCode::EventNotUnstaffed]
    );
}

#[test]
fn every_broken_rule_is_listed_not_just_the_first() {
    let mut inst = shop();
    inst.employees[1].active = false;
    let found = codes(&inst, &[], &at(20, "SPEC", "2026-03-02T09:00"));
    assert_eq!(
        found,
        vec![
            RuleCode::StartTimeNotAllowed,
            RuleCode::EmployeeInactive,
            RuleCode::MissingSkill
        ]
    );
}

#[test]
fn rule_codes_serialize_in_snake_case() {
    assert_eq!(
        serde_json::to_string(&RuleCode::StartTimeNotAllowed).unwrap(),
        "\"start_time_not_allowed\""
    );
}

#[test]
fn messages_name_employees_the_instance_names() {
    let mut inst = shop();
    inst.employees[1].name = Some("Dana Reyes".into());
    inst.overrides.push(AvailabilityOverride {
        employee_id: "SPEC".into(),
        date: "2026-03-02".parse().unwrap(),
        available: false,
    });
    inst.events[0].required_employee_id = Some("SPEC".into());
    // The availability and the skills are still looked up by id behind the label.
    let found = check_assignment(&inst, &[], &at(1, "SPEC", "2026-03-02T10:15"));
    assert_eq!(
        found[0].message,
        "Dana Reyes (SPEC) is unavailable all day (a manager's override) on 2026-03-02, \
         so 10:15–16:45 does not fit"
    );
    let other = check_assignment(&inst, &[], &at(1, "LEAD", "2026-03-03T10:15"));
    assert_eq!(
        other[0].message,
        "event 1 must go to Dana Reyes (SPEC), not LEAD"
    );
    // Named events are quoted beside their number, here and where one is in the way.
    inst.events[0].name = Some("Core Reset - Main St".into());
    let named = check_assignment(&inst, &[], &at(1, "LEAD", "2026-03-03T10:15"));
    assert_eq!(
        named[0].message,
        "event 1 “Core Reset - Main St” must go to Dana Reyes (SPEC), not LEAD"
    );
    let beside = [at(1, "SPEC", "2026-03-03T10:15")];
    let clash = check_assignment(&inst, &beside, &at(22, "SPEC", "2026-03-03T12:00"));
    assert!(
        clash.iter().any(|v| v.message
            == "Dana Reyes (SPEC) already has event 1 “Core Reset - Main St” overlapping 12:00–14:00 on 2026-03-03"),
        "{clash:?}"
    );
    let skills = check_assignment(&inst, &[], &at(20, "SPEC", "2026-03-03T10:00"));
    assert_eq!(
        skills[0].message,
        "Setup needs one of the skills lead/supervisor; Dana Reyes (SPEC) has specialist"
    );
    // A blank name reads as no name.
    inst.employees[1].name = Some("  ".into());
    let blank = check_assignment(&inst, &[], &at(20, "SPEC", "2026-03-03T10:00"));
    assert!(
        blank[0].message.ends_with("; SPEC has specialist"),
        "{}",
        blank[0].message
    );
}
