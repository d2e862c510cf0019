//! Property tests of the solver on small generated instances, against an independent verifier
//! and a brute-force optimum written here from docs/scheduling.md alone.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use kairos_domain::time::{ClockTime, LocalDateTime};
use kairos_domain::workforce::instance::{
    Assignment, AvailabilityOverride, Employee, Event, EventTypeRule, Horizon, Instance,
    RotationAssignment, Settings, TimeOff, TimeOffStatus, WeeklyAvailability,
};
use kairos_domain::workforce::rules::Checker;
use kairos_domain::workforce::solver::solve;
use proptest::prelude::*;

const MONDAY: (i32, u32, u32) = (2026, 3, 2);

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(MONDAY.0, MONDAY.1, MONDAY.2).unwrap()
}

fn hm(s: &str) -> ClockTime {
    s.parse().unwrap()
}

fn types() -> BTreeMap<String, EventTypeRule> {
    let rule =
        |skills: &[&str], starts: &[&str], minutes, cap, rotation: Option<&str>| EventTypeRule {
            skills_any: skills.iter().map(|s| (*s).to_owned()).collect(),
            start_times: starts.iter().map(|s| hm(s)).collect(),
            default_minutes: minutes,
            max_per_employee_per_day: cap,
            rotation: rotation.map(str::to_owned),
        };
    BTreeMap::from([
        (
            "Long".to_owned(),
            rule(
                &["lead", "specialist"],
                &["10:00", "11:00"],
                300,
                Some(1),
                None,
            ),
        ),
        (
            "Short".to_owned(),
            rule(&["lead"], &["10:00", "12:00", "15:00"], 60, None, None),
        ),
        (
            "Rota".to_owned(),
            rule(&[], &["09:00"], 120, None, Some("rota")),
        ),
    ])
}

/// Small instances: up to 3 employees, 6 events, 3 days, with every availability layer.
fn instance() -> impl Strategy<Value = Instance> {
    let employee = (0..3usize, any::<bool>(), 0..10u8);
    let event = (
        0..3usize,
        0..3i64,
        0..3i64,
        prop::option::of(prop::sample::select(vec![60u32, 120, 240])),
        0..12u8,
    );
    (
        prop::collection::vec(employee, 1..=3),
        prop::collection::vec(event, 1..=6),
        prop::option::of(300..900u32),
        0..4u8,
        any::<u64>(),
    )
        .prop_map(|(emps, evs, week_cap, extras, salt)| build(&emps, &evs, week_cap, extras, salt))
}

fn build(
    emps: &[(usize, bool, u8)],
    evs: &[(usize, i64, i64, Option<u32>, u8)],
    week_cap: Option<u32>,
    extras: u8,
    salt: u64,
) -> Instance {
    let skills = [vec!["lead"], vec!["specialist"], vec!["lead", "specialist"]];
    let employees: Vec<Employee> = emps
        .iter()
        .enumerate()
        .map(|(i, (s, _, flags))| Employee {
            id: format!("E{i}"),
            name: None,
            skills: skills[*s].iter().map(|s| (*s).to_owned()).collect(),
            active: *flags != 0,
        })
        .collect();
    let mut weekly = Vec::new();
    let mut overrides = Vec::new();
    let mut time_off = Vec::new();
    for (i, (_, has_pattern, flags)) in emps.iter().enumerate() {
        let id = format!("E{i}");
        if *has_pattern {
            // Mondays and Wednesdays late, Tuesdays early: some events will not fit.
            for (day, start, end) in [
                (0u8, "09:00", "17:00"),
                (1, "08:00", "13:00"),
                (2, "10:00", "22:00"),
            ] {
                if (flags >> day) & 1 == 0 || day == 2 {
                    weekly.push(WeeklyAvailability {
                        employee_id: id.clone(),
                        day_of_week: day,
                        start_time: hm(start),
                        end_time: hm(end),
                        effective_date: None,
                    });
                }
            }
        }
        if flags % 5 == 1 {
            overrides.push(AvailabilityOverride {
                employee_id: id.clone(),
                date: monday() + Duration::days(1),
                available: flags % 2 == 0,
            });
        }
        if flags % 7 == 3 {
            time_off.push(TimeOff {
                employee_id: id.clone(),
                start_date: monday() + Duration::days(2),
                end_date: monday() + Duration::days(2),
                status: if flags % 2 == 0 {
                    TimeOffStatus::Approved
                } else {
                    TimeOffStatus::Pending
                },
            });
        }
    }
    let kinds = ["Long", "Short", "Rota"];
    let events: Vec<Event> = evs
        .iter()
        .enumerate()
        .map(|(i, (kind, from, span, minutes, flags))| {
            let start = monday() + Duration::days(*from);
            let due = start + Duration::days(*span);
            Event {
                event_ref: 100 + i as i64,
                name: None,
                event_type: kinds[*kind].into(),
                start: LocalDateTime::new(start, ClockTime::MIDNIGHT),
                due: LocalDateTime::new(due, hm("23:59")),
                minutes: *minutes,
                condition: if *flags == 11 { "Paused" } else { "Unstaffed" }.into(),
                required_employee_id: (*flags == 1).then(|| "E0".to_owned()),
                excluded_employee_ids: if *flags == 2 {
                    vec!["E1".to_owned()]
                } else {
                    vec![]
                },
                preferred_time: (*flags == 3).then(|| hm("11:00")),
            }
        })
        .collect();
    let rotations = (0..3)
        .filter(|d| (salt >> d) & 1 == 1)
        .map(|d| RotationAssignment {
            date: monday() + Duration::days(d),
            rotation_type: "rota".into(),
            employee_id: format!("E{}", (salt >> (4 + d)) as usize % employees.len()),
        })
        .collect();
    let fixed = if extras == 0 && events.len() > 1 {
        vec![Assignment {
            event_ref: events[0].event_ref,
            employee_id: "E0".into(),
            start: LocalDateTime::new(monday(), hm("12:00")),
        }]
    } else {
        vec![]
    };
    Instance {
        format: kairos_domain::workforce::instance::INSTANCE_FORMAT.into(),
        horizon: Horizon {
            start: monday(),
            end: monday() + Duration::days(2),
        },
        settings: Settings {
            max_events_per_employee_per_day: (extras != 3).then_some(2),
            max_minutes_per_week: week_cap,
        },
        event_types: types(),
        employees,
        weekly_availability: weekly,
        availability: vec![],
        overrides,
        time_off,
        rotations,
        events,
        fixed,
    }
}

/// The independent reading of the rules: (employee, date, start, end, type, fixed?) rows.
type Row = (String, NaiveDate, u32, u32, String, bool);

fn minutes_of(inst: &Instance, ev: &Event) -> u32 {
    ev.minutes
        .unwrap_or_else(|| inst.event_types[&ev.event_type].default_minutes)
}

/// Availability windows written straight from §1 for the layers the generator uses.
fn windows(inst: &Instance, emp: &str, date: NaiveDate) -> Vec<(u32, u32)> {
    let off = inst.time_off.iter().any(|t| {
        t.employee_id == emp
            && t.status == TimeOffStatus::Approved
            && t.start_date <= date
            && date <= t.end_date
    });
    if off {
        return vec![];
    }
    if let Some(o) = inst
        .overrides
        .iter()
        .rev()
        .find(|o| o.employee_id == emp && o.date == date)
    {
        return if o.available { vec![(0, 1440)] } else { vec![] };
    }
    let rows: Vec<_> = inst
        .weekly_availability
        .iter()
        .filter(|r| r.employee_id == emp)
        .collect();
    if rows.is_empty() {
        return vec![(0, 1440)];
    }
    let weekday = date.weekday().num_days_from_monday() as u8;
    rows.iter()
        .filter(|r| r.day_of_week == weekday)
        .map(|r| {
            (
                u32::from(r.start_time.minutes()),
                u32::from(r.end_time.minutes()),
            )
        })
        .collect()
}

/// Rules 1–5 for one assignment.
fn static_ok(inst: &Instance, a: &Assignment) -> bool {
    let Some(ev) = inst.events.iter().find(|e| e.event_ref == a.event_ref) else {
        return false;
    };
    let Some(emp) = inst.employees.iter().find(|e| e.id == a.employee_id) else {
        return false;
    };
    let rule = &inst.event_types[&ev.event_type];
    let m = minutes_of(inst, ev);
    let date = a.start.date();
    let s = u32::from(a.start.clock().minutes());
    let start_abs = a.start.0;
    let end_abs = start_abs + Duration::minutes(i64::from(m));
    inst.horizon.start <= date
        && date <= inst.horizon.end
        && rule.start_times.contains(&a.start.clock())
        && start_abs >= ev.start.0
        && end_abs <= ev.due.0
        && s + m <= 1440
        && emp.active
        && (rule.skills_any.is_empty() || emp.skills.iter().any(|k| rule.skills_any.contains(k)))
        && ev
            .required_employee_id
            .as_ref()
            .is_none_or(|r| *r == emp.id)
        && !ev.excluded_employee_ids.contains(&emp.id)
        && rule.rotation.as_ref().is_none_or(|rot| {
            inst.rotations
                .iter()
                .any(|r| r.date == date && r.rotation_type == *rot && r.employee_id == emp.id)
        })
        && windows(inst, &emp.id, date)
            .iter()
            .any(|&(a, b)| a <= s && s + m <= b)
}

fn rows_of(inst: &Instance, assignments: &[Assignment], fixed: bool) -> Vec<Row> {
    assignments
        .iter()
        .map(|a| {
            let ev = inst
                .events
                .iter()
                .find(|e| e.event_ref == a.event_ref)
                .unwrap();
            let s = u32::from(a.start.clock().minutes());
            (
                a.employee_id.clone(),
                a.start.date(),
                s,
                s + minutes_of(inst, ev),
                ev.event_type.clone(),
                fixed,
            )
        })
        .collect()
}

/// Rules 6–9 over a whole answer, fixed schedules included.
fn load_ok(inst: &Instance, assignments: &[Assignment]) -> bool {
    let mut refs: Vec<i64> = assignments.iter().map(|a| a.event_ref).collect();
    refs.extend(inst.fixed.iter().map(|f| f.event_ref));
    let n = refs.len();
    refs.sort_unstable();
    refs.dedup();
    if refs.len() != n {
        return false;
    }
    let mut rows = rows_of(inst, &inst.fixed, true);
    rows.extend(rows_of(inst, assignments, false));
    for (i, x) in rows.iter().enumerate() {
        for y in &rows[i + 1..] {
            if x.0 == y.0 && x.1 == y.1 && x.2 < y.3 && y.2 < x.3 && !(x.5 && y.5) {
                return false;
            }
        }
        let same_day: Vec<&Row> = rows.iter().filter(|r| r.0 == x.0 && r.1 == x.1).collect();
        if let Some(cap) = inst.settings.max_events_per_employee_per_day
            && same_day.len() > cap as usize
        {
            return false;
        }
        if let Some(cap) = inst.event_types[&x.4].max_per_employee_per_day
            && same_day.iter().filter(|r| r.4 == x.4).count() > cap as usize
        {
            return false;
        }
        if let Some(cap) = inst.settings.max_minutes_per_week {
            let week = x.1.iso_week();
            let total: u32 = rows
                .iter()
                .filter(|r| r.0 == x.0 && r.1.iso_week() == week)
                .map(|r| r.3 - r.2)
                .sum();
            if total > cap {
                return false;
            }
        }
    }
    true
}

fn to_schedule(inst: &Instance) -> Vec<&Event> {
    inst.events
        .iter()
        .filter(|e| {
            e.condition == "Unstaffed" && !inst.fixed.iter().any(|f| f.event_ref == e.event_ref)
        })
        .collect()
}

/// Every assignment passing rules 1–5, per event to schedule.
fn candidates(inst: &Instance) -> Vec<Vec<Assignment>> {
    let mut dates = Vec::new();
    let mut d = inst.horizon.start;
    while d <= inst.horizon.end {
        dates.push(d);
        d += Duration::days(1);
    }
    to_schedule(inst)
        .iter()
        .map(|ev| {
            let rule = &inst.event_types[&ev.event_type];
            let mut out = Vec::new();
            for &date in &dates {
                for &t in &rule.start_times {
                    for emp in &inst.employees {
                        let a = Assignment {
                            event_ref: ev.event_ref,
                            employee_id: emp.id.clone(),
                            start: LocalDateTime::new(date, t),
                        };
                        if static_ok(inst, &a) {
                            out.push(a);
                        }
                    }
                }
            }
            out
        })
        .collect()
}

/// The largest number of events any valid answer assigns, by exhaustive search.
fn brute_force_optimum(inst: &Instance) -> usize {
    fn go(
        inst: &Instance,
        cands: &[Vec<Assignment>],
        k: usize,
        chosen: &mut Vec<Assignment>,
        best: &mut usize,
    ) {
        if chosen.len() + (cands.len() - k) <= *best {
            return;
        }
        if k == cands.len() {
            *best = chosen.len();
            return;
        }
        for a in &cands[k] {
            chosen.push(a.clone());
            if load_ok(inst, chosen) {
                go(inst, cands, k + 1, chosen, best);
            }
            chosen.pop();
        }
        go(inst, cands, k + 1, chosen, best);
    }
    let cands = candidates(inst);
    let mut best = 0;
    go(inst, &cands, 0, &mut Vec::new(), &mut best);
    best
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_answer_respects_every_hard_rule(inst in instance()) {
        let sol = solve(&inst);
        let mut checker = Checker::new(&inst);
        for a in &sol.assignments {
            let broken = checker.check(a);
            prop_assert!(broken.is_empty(), "{a:?} breaks {broken:?}");
            checker.accept(a);
            prop_assert!(static_ok(&inst, a), "independent verifier refuses {a:?}");
        }
        prop_assert!(load_ok(&inst, &sol.assignments), "independent verifier refuses the load");
    }

    #[test]
    fn every_event_to_schedule_is_answered_exactly_once(inst in instance()) {
        let sol = solve(&inst);
        let mut answered: Vec<i64> = sol.assignments.iter().map(|a| a.event_ref)
            .chain(sol.unassigned.iter().map(|u| u.event_ref)).collect();
        answered.sort_unstable();
        let mut expected: Vec<i64> = to_schedule(&inst).iter().map(|e| e.event_ref).collect();
        expected.sort_unstable();
        prop_assert_eq!(answered, expected);
    }

    #[test]
    fn the_solver_reaches_the_brute_force_optimum(inst in instance()) {
        let sol = solve(&inst);
        prop_assert_eq!(sol.assignments.len(), brute_force_optimum(&inst));
    }

    #[test]
    fn solving_twice_gives_the_same_answer(inst in instance()) {
        let a = serde_json::to_string(&solve(&inst)).unwrap();
        let b = serde_json::to_string(&solve(&inst)).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn adding_an_employee_never_lowers_the_count(inst in instance(), skills in 0..3usize) {
        let before = solve(&inst).assignments.len();
        let mut more = inst.clone();
        more.employees.push(Employee {
            id: "NEW".into(),
            name: None,
            skills: [vec!["lead"], vec!["specialist"], vec!["lead", "specialist"]][skills]
                .iter().map(|s| (*s).to_owned()).collect(),
            active: true,
        });
        prop_assert!(solve(&more).assignments.len() >= before);
    }
}

/// Guards the generator itself: the properties above mean little on trivial instances.
#[test]
fn generated_instances_are_neither_trivial_nor_hopeless() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut busy, mut partial) = (0, 0);
    for _ in 0..200 {
        let inst = instance().new_tree(&mut runner).unwrap().current();
        let optimum = brute_force_optimum(&inst);
        busy += usize::from(optimum >= 3);
        partial += usize::from(optimum > 0 && optimum < to_schedule(&inst).len());
    }
    assert!(
        busy >= 30,
        "only {busy} instances place three events or more"
    );
    assert!(
        partial >= 30,
        "only {partial} instances leave some events out"
    );
}
