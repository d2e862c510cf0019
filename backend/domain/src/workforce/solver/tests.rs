//! Behaviour of the solver's answers: exceptions, explanations, confidence and tie-breaks.

use super::*;
use crate::workforce::instance::{
    AvailabilityOverride, Employee, Event, ExceptionType, Horizon, default_event_types,
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
        start: format!("{start}T00:00").parse().unwrap(),
        due: format!("{due}T23:59").parse().unwrap(),
        minutes: None,
        condition: "Unstaffed".into(),
        required_employee_id: None,
        excluded_employee_ids: vec![],
        preferred_time: None,
    }
}

/// Monday 2026-03-02 to Sunday 2026-03-08, everyone available all day.
fn week(employees: Vec<Employee>, events: Vec<Event>) -> Instance {
    Instance {
        format: crate::workforce::instance::INSTANCE_FORMAT.into(),
        horizon: Horizon {
            start: "2026-03-02".parse().unwrap(),
            end: "2026-03-08".parse().unwrap(),
        },
        settings: default_settings(),
        event_types: default_event_types(),
        employees,
        weekly_availability: vec![],
        availability: vec![],
        overrides: vec![],
        time_off: vec![],
        rotations: vec![],
        events,
        fixed: vec![],
    }
}

fn away(id: &str, date: &str) -> AvailabilityOverride {
    AvailabilityOverride {
        employee_id: id.into(),
        date: date.parse().unwrap(),
        available: false,
    }
}

#[test]
fn an_event_nobody_has_the_skill_for_is_a_skill_mismatch() {
    let inst = week(
        vec![employee("SPEC", &["specialist"])],
        vec![event(1, "Setup", "2026-03-02", "2026-03-04")],
    );
    let out = solve_explained(&inst);
    assert_eq!(
        out.unassigned[0].exception_type,
        ExceptionType::SkillMismatch
    );
    assert!(out.unassigned[0].reason.contains("lead/supervisor"));
}

#[test]
fn an_event_whose_skilled_staff_are_away_names_skill_and_dates() {
    let mut inst = week(
        vec![
            employee("LEAD", &["lead"]),
            employee("SPEC", &["specialist"]),
        ],
        vec![event(1, "Setup", "2026-03-02", "2026-03-04")],
    );
    inst.overrides = ["2026-03-02", "2026-03-03", "2026-03-04"]
        .iter()
        .map(|d| away("LEAD", d))
        .collect();
    let out = solve_explained(&inst);
    assert_eq!(
        out.unassigned[0].exception_type,
        ExceptionType::Availability
    );
    assert!(
        out.unassigned[0].reason.starts_with(
            "no employee with skill lead/supervisor is available between 2026-03-02 and 2026-03-04"
        ),
        "{}",
        out.unassigned[0].reason
    );
}

#[test]
fn an_event_longer_than_any_shift_says_so() {
    // Other starts at 12:00 or 16:00; the lead works 08:00-20:00 on Monday and Tuesday, so
    // 600 minutes from either start runs past the end of the shift.
    let mut e = event(1, "Other", "2026-03-02", "2026-03-03");
    e.minutes = Some(600);
    let mut inst = week(vec![employee("LEAD", &["lead"])], vec![e]);
    inst.weekly_availability = (0..2)
        .map(
            |day_of_week| crate::workforce::instance::WeeklyAvailability {
                employee_id: "LEAD".into(),
                day_of_week,
                start_time: "08:00".parse().unwrap(),
                end_time: "20:00".parse().unwrap(),
                effective_date: None,
            },
        )
        .collect();
    let out = solve_explained(&inst);
    assert_eq!(
        out.unassigned[0].exception_type,
        ExceptionType::Availability
    );
    let reason = &out.unassigned[0].reason;
    assert!(
        reason.starts_with(
            "no employee with skill supervisor/lead is free for the event's 600 minutes from an allowed start between 2026-03-02 and 2026-03-03"
        ) && reason.contains("1 working, but not for 600 minutes from an allowed start"),
        "{reason}"
    );
}

#[test]
fn an_event_blocked_only_by_fixed_schedules_is_a_conflict() {
    let mut inst = week(
        vec![employee("SPEC", &["specialist"])],
        vec![
            event(1, "Core", "2026-03-02", "2026-03-02"),
            event(2, "Core", "2026-03-02", "2026-03-02"),
        ],
    );
    inst.fixed.push(Assignment {
        event_ref: 2,
        employee_id: "SPEC".into(),
        start: "2026-03-02T10:15".parse().unwrap(),
    });
    let out = solve_explained(&inst);
    assert!(out.assignments.is_empty());
    assert_eq!(out.unassigned[0].exception_type, ExceptionType::Conflict);
    assert_eq!(
        out.unassigned[0].reason,
        "the one employee who could take it on 2026-03-02, SPEC, is blocked by existing schedules (event 2)"
    );
}

#[test]
fn demand_beyond_what_the_staff_can_take_is_a_coverage_exception() {
    let inst = week(
        vec![employee("SPEC", &["specialist"])],
        vec![
            event(1, "Core", "2026-03-02", "2026-03-02"),
            event(2, "Core", "2026-03-02", "2026-03-02"),
        ],
    );
    let out = solve_explained(&inst);
    assert_eq!(out.assignments.len(), 1);
    assert_eq!(out.unassigned[0].exception_type, ExceptionType::Coverage);
    assert!(
        out.unassigned[0]
            .reason
            .contains("taken by other proposals")
    );
}

#[test]
fn when_only_one_of_two_fits_the_earlier_due_is_served() {
    // One employee, one Monday: both Cores could go there, the one due Monday must win.
    let mut inst = week(
        vec![employee("SPEC", &["specialist"])],
        vec![
            event(1, "Core", "2026-03-02", "2026-03-05"),
            event(2, "Core", "2026-03-02", "2026-03-02"),
        ],
    );
    inst.overrides = ["2026-03-03", "2026-03-04", "2026-03-05"]
        .iter()
        .map(|d| away("SPEC", d))
        .collect();
    let sol = solve(&inst);
    assert_eq!(sol.assignments.len(), 1);
    assert_eq!(sol.assignments[0].event_ref, 2);
}

#[test]
fn the_preferred_time_is_honoured_when_the_rules_allow_it() {
    let mut demo = event(1, "Demo", "2026-03-02", "2026-03-02");
    demo.preferred_time = Some("14:00".parse().unwrap());
    let inst = week(vec![employee("SPEC", &["specialist"])], vec![demo]);
    let sol = solve(&inst);
    assert_eq!(sol.assignments[0].start.to_string(), "2026-03-02T14:00");
}

#[test]
fn work_is_spread_between_employees_who_can_take_it() {
    let events = (1..=4)
        .map(|i| event(i, "Core", "2026-03-02", "2026-03-08"))
        .collect();
    let inst = week(
        vec![
            employee("A", &["specialist"]),
            employee("B", &["specialist"]),
        ],
        events,
    );
    let sol = solve(&inst);
    let a = sol
        .assignments
        .iter()
        .filter(|x| x.employee_id == "A")
        .count();
    assert_eq!(sol.assignments.len(), 4);
    assert_eq!(a, 2, "{sol:?}");
}

#[test]
fn an_only_possible_taker_gives_half_confidence_and_backups_raise_it() {
    let lone = week(
        vec![employee("SPEC", &["specialist"])],
        vec![event(1, "Core", "2026-03-02", "2026-03-02")],
    );
    let crowd = week(
        (0..4)
            .map(|i| employee(&format!("S{i}"), &["specialist"]))
            .collect(),
        vec![event(1, "Core", "2026-03-02", "2026-03-02")],
    );
    assert_eq!(solve_explained(&lone).assignments[0].confidence_score, 0.5);
    assert_eq!(solve_explained(&crowd).assignments[0].confidence_score, 1.0);
}

#[test]
fn a_missed_preferred_time_lowers_confidence() {
    assert_eq!(explain::confidence(3, None, 615), 1.0);
    assert_eq!(explain::confidence(3, Some(615), 615), 1.0);
    assert_eq!(explain::confidence(3, Some(615), 735), 0.75);
    assert_eq!(explain::confidence(3, Some(0), 900), 0.5);
    assert_eq!(explain::confidence(0, Some(0), 900), 0.25);
    assert_eq!(explain::confidence(1, None, 0), 0.67);
}

#[test]
fn the_reason_says_who_could_have_taken_the_event() {
    let inst = week(
        vec![
            employee("LEAD", &["lead"]),
            employee("SPEC", &["specialist"]),
            employee("SUP", &["supervisor"]),
        ],
        vec![event(1, "Demo", "2026-03-02", "2026-03-02")],
    );
    let out = solve_explained(&inst);
    let reason = &out.assignments[0].reason;
    assert!(
        reason.contains("2 of 3 employees could take this Demo event"),
        "{reason}"
    );
    assert!(reason.contains("1 lack skill lead/specialist"), "{reason}");
    assert!(reason.contains("1 other could still take it"), "{reason}");
}

#[test]
fn names_are_listed_as_a_sentence_would() {
    let names = |n: usize| explain::listed((1..=n).map(|i| format!("E{i}")));
    assert_eq!(names(0), "");
    assert_eq!(names(1), "E1");
    assert_eq!(names(2), "E1 and E2");
    assert_eq!(names(3), "E1, E2 and E3");
    assert_eq!(names(7), "E1, E2, E3, E4, E5 and 2 more");
}

#[test]
fn reasons_name_employees_the_instance_names() {
    let mut named = employee("LEAD", &["lead"]);
    named.name = Some("Ana Ruiz".into());
    let inst = week(
        vec![named, employee("SUP", &["supervisor"])],
        vec![
            event(1, "Demo", "2026-03-02", "2026-03-02"),
            event(2, "Core", "2026-03-02", "2026-03-02"),
        ],
    );
    let out = solve_explained(&inst);
    assert_eq!(out.assignments.len(), 1, "{out:?}");
    let reason = &out.assignments[0].reason;
    assert!(
        reason.starts_with("Ana Ruiz (LEAD) on 2026-03-02 at "),
        "{reason}"
    );
    // The event left out names who could have taken it and what blocks them.
    let left = &out.unassigned[0].reason;
    assert!(
        left.starts_with("the one employee who could take it on 2026-03-02, Ana Ruiz (LEAD), is taken by other proposals"),
        "{left}"
    );
}

#[test]
fn the_plain_and_explained_answers_agree() {
    let events = (1..=6)
        .map(|i| event(i, "Demo", "2026-03-02", "2026-03-03"))
        .collect();
    let inst = week(vec![employee("SPEC", &["specialist"])], events);
    assert_eq!(solve(&inst), solve_explained(&inst).to_solution());
}

#[test]
fn the_flow_bound_counts_a_core_and_a_juicer_of_one_day_as_one() {
    let mut inst = week(
        vec![employee("JUICER", &["juicer"])],
        vec![
            event(1, "Core", "2026-03-02", "2026-03-02"),
            event(2, "Juicer", "2026-03-02", "2026-03-02"),
        ],
    );
    inst.rotations
        .push(crate::workforce::instance::RotationAssignment {
            date: "2026-03-02".parse().unwrap(),
            rotation_type: "juicer".into(),
            employee_id: "JUICER".into(),
        });
    let p = Problem::new(&inst);
    let mut state = State::new(&p);
    // Both have a candidate, so the old bound says 2; they always overlap, so 1 is the most.
    assert_eq!(upper_bound(&state), 2);
    assert_eq!(bound::flow_bound(&mut state), Some(1));
    assert_eq!(solve(&inst).assignments.len(), 1);
}

#[test]
fn the_flow_bound_is_never_below_what_the_solver_places() {
    use crate::workforce::bench_gen::{Profile, generate};
    for seed in 1..=3 {
        for profile in [Profile::Retail, Profile::Dense] {
            let inst = generate(seed, 5, 40, 7, profile);
            let p = Problem::new(&inst);
            let mut state = State::new(&p);
            let bound = bound::flow_bound(&mut state).expect("small instance");
            let placed = solve(&inst).assignments.len() + state.w.assigned_count();
            assert!(
                placed <= bound,
                "seed {seed}: {placed} placed, bound {bound}"
            );
        }
    }
}

#[test]
fn days_of_choice_averages_the_days_an_event_has_a_candidate_on() {
    let mut inst = week(
        vec![employee("LEAD", &["lead"])],
        vec![
            // Monday only; Monday to Wednesday, but the lead is away on Tuesday; nobody has
            // the skill for the third, so it does not count.
            event(1, "Core", "2026-03-02", "2026-03-02"),
            event(2, "Core", "2026-03-02", "2026-03-04"),
            event(3, "Juicer", "2026-03-02", "2026-03-08"),
        ],
    );
    inst.overrides.push(away("LEAD", "2026-03-03"));
    let p = Problem::new(&inst);
    let mut state = State::new(&p);
    assert_eq!(days_of_choice(&mut state), 1.5);
}
