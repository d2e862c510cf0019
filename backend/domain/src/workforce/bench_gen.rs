//! Synthetic instances for benchmarks, shaped like `schedref.py gen` (same profiles, types
//! and proportions) but drawn from this crate's own seeded generator, so not identical to it.

use chrono::{Duration, NaiveDate};

use crate::time::{ClockTime, LocalDateTime};
use crate::workforce::instance::{
    Assignment, AvailabilityOverride, DateAvailability, Employee, Event, Horizon, Instance,
    RotationAssignment, TimeOff, TimeOffStatus, WeeklyAvailability, default_settings,
};
use crate::workforce::rng::Rng;

/// How crowded an instance is, as in the reference generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The original business: windows of 3–14 days, 4–6 working days a week.
    Retail,
    /// More events than people can take: short windows, fewer working days, more leave.
    Dense,
    /// Long windows and staff to spare.
    Sparse,
}

struct Shape {
    window_days: (i64, i64),
    working_days: (usize, usize),
    leave_chance: f64,
    event_factor: f64,
}

fn shape(profile: Profile) -> Shape {
    match profile {
        Profile::Retail => Shape {
            window_days: (3, 14),
            working_days: (4, 6),
            leave_chance: 0.15,
            event_factor: 1.0,
        },
        Profile::Dense => Shape {
            window_days: (1, 4),
            working_days: (3, 5),
            leave_chance: 0.25,
            event_factor: 1.6,
        },
        Profile::Sparse => Shape {
            window_days: (5, 21),
            working_days: (5, 7),
            leave_chance: 0.05,
            event_factor: 0.6,
        },
    }
}

struct Draw(Rng);

impl Draw {
    fn chance(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.0.below(hi - lo + 1)
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.0.below(items.len())]
    }
}

fn clock(s: &str) -> ClockTime {
    s.parse().expect("generator clock times are valid")
}

/// An instance with the default event types and settings, starting Monday 2026-03-02.
pub fn generate(
    seed: u64,
    employees: usize,
    events: usize,
    days: usize,
    profile: Profile,
) -> Instance {
    let mut r = Draw(Rng::new(seed));
    let s = shape(profile);
    let first = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");
    let last = first + Duration::days(days.max(1) as i64 - 1);
    let day = |k: usize| first + Duration::days(k as i64);

    let staff: Vec<Employee> = (0..employees)
        .map(|i| {
            let x = r.chance();
            let skills: &[&str] = if x < 0.08 {
                &["supervisor", "lead"]
            } else if x < 0.3 {
                &["lead"]
            } else if x < 0.45 {
                &["juicer", "specialist"]
            } else {
                &["specialist"]
            };
            Employee {
                id: format!("E{:04}", i + 1),
                name: None,
                skills: skills.iter().map(|k| (*k).to_owned()).collect(),
                active: r.chance() > 0.03,
            }
        })
        .collect();

    let mut weekly = Vec::new();
    let mut dated = Vec::new();
    let mut overrides = Vec::new();
    let mut leave = Vec::new();
    for e in &staff {
        if r.chance() < 0.1 {
            continue; // no weekly rows: available every day
        }
        let late = r.chance() < 0.2;
        let working = r.between(s.working_days.0, s.working_days.1);
        let mut weekdays: Vec<u8> = (0..7).collect();
        for i in (1..7).rev() {
            weekdays.swap(i, r.0.below(i + 1));
        }
        for &d in &weekdays[..working] {
            let opens = if late {
                "12:00"
            } else {
                *r.pick::<&str>(&["08:00", "09:00", "10:00"])
            };
            let closes = *r.pick::<&str>(&["17:00", "18:30", "20:00", "22:00"]);
            weekly.push(WeeklyAvailability {
                employee_id: e.id.clone(),
                day_of_week: d,
                start_time: clock(opens),
                end_time: clock(closes),
                effective_date: None,
            });
        }
        if r.chance() < s.leave_chance {
            let start = day(r.between(0, days.max(1) - 1));
            leave.push(TimeOff {
                employee_id: e.id.clone(),
                start_date: start,
                end_date: start + Duration::days(r.between(0, 4) as i64),
                status: *r.pick(&[
                    TimeOffStatus::Approved,
                    TimeOffStatus::Approved,
                    TimeOffStatus::Pending,
                    TimeOffStatus::Denied,
                ]),
            });
        }
        for _ in 0..r.between(0, 2) {
            let date = day(r.between(0, days.max(1) - 1));
            if r.chance() < 0.5 {
                let window = r.chance() < 0.5;
                dated.push(DateAvailability {
                    employee_id: e.id.clone(),
                    date,
                    available: r.chance() < 0.5,
                    start_time: window.then(|| clock("11:00")),
                    end_time: window.then(|| clock("19:00")),
                });
            } else {
                overrides.push(AvailabilityOverride {
                    employee_id: e.id.clone(),
                    date,
                    available: r.chance() < 0.5,
                });
            }
        }
    }

    let juicers: Vec<&Employee> = staff
        .iter()
        .filter(|e| e.active && e.skills.iter().any(|k| k == "juicer"))
        .collect();
    let mut rotations = Vec::new();
    for k in 0..days {
        if !juicers.is_empty() && r.chance() < 0.7 {
            rotations.push(RotationAssignment {
                date: day(k),
                rotation_type: "juicer".into(),
                employee_id: r.pick(&juicers).id.clone(),
            });
        }
    }

    let weights = [
        ("Core", 0.55),
        ("Juicer", 0.08),
        ("Setup", 0.12),
        ("Demo", 0.15),
        ("Other", 0.10),
    ];
    let count = (events as f64 * s.event_factor) as usize;
    let demand: Vec<Event> = (0..count)
        .map(|i| {
            let x = r.chance();
            let mut acc = 0.0;
            let kind = weights
                .iter()
                .find(|(_, w)| {
                    acc += w;
                    x <= acc
                })
                .map_or("Other", |(k, _)| k);
            let open = day(r.between(0, days.max(1) - 1));
            let span = r.between(s.window_days.0 as usize, s.window_days.1 as usize) as i64;
            Event {
                event_ref: 600_000 + i as i64,
                name: None,
                event_type: kind.into(),
                start: LocalDateTime::new(open, ClockTime::MIDNIGHT),
                due: LocalDateTime::new(open + Duration::days(span), clock("23:59")),
                minutes: (r.chance() < 0.1).then(|| *r.pick(&[60, 120, 240, 390, 480])),
                condition: "Unstaffed".into(),
                required_employee_id: (r.chance() < 0.03).then(|| r.pick(&staff).id.clone()),
                excluded_employee_ids: if r.chance() < 0.05 {
                    (0..3).map(|_| r.pick(&staff).id.clone()).collect()
                } else {
                    vec![]
                },
                preferred_time: None,
            }
        })
        .collect();

    Instance {
        format: crate::workforce::instance::INSTANCE_FORMAT.into(),
        horizon: Horizon {
            start: first,
            end: last,
        },
        settings: default_settings(),
        event_types: crate::workforce::instance::default_event_types(),
        employees: staff,
        weekly_availability: weekly,
        availability: dated,
        overrides,
        time_off: leave,
        rotations,
        events: demand,
        fixed: Vec::<Assignment>::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_instance() {
        let a = generate(7, 12, 150, 14, Profile::Retail);
        let b = generate(7, 12, 150, 14, Profile::Retail);
        assert_eq!(a, b);
        assert_ne!(a, generate(8, 12, 150, 14, Profile::Retail));
    }

    #[test]
    fn the_dense_profile_brings_more_events_than_requested() {
        let inst = generate(1, 12, 150, 14, Profile::Dense);
        assert_eq!(inst.events.len(), 240);
        assert_eq!(inst.employees.len(), 12);
        assert_eq!(inst.horizon.end.to_string(), "2026-03-15");
    }
}
