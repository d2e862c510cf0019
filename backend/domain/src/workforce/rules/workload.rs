//! What employees already carry (fixed schedules and chosen proposals), per day and ISO week.

use crate::workforce::problem::{Day, Problem};

/// One event on an employee's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Booking {
    pub event: u32,
    /// `None` when the event's type has no rule: it still takes time and counts toward the day.
    pub kind: Option<u16>,
    pub start: u32,
    pub end: u32,
}

/// Where an event sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placement {
    pub employee: u32,
    pub day: Day,
    pub start: u16,
    pub fixed: bool,
}

/// Bookings over the whole ISO weeks around the horizon; anything farther away cannot affect a
/// proposal inside the horizon, so it is not kept.
#[derive(Clone)]
pub(crate) struct Workload {
    span_first: Day,
    span_days: u32,
    bookings: Vec<Vec<Booking>>,
    week_minutes: Vec<u32>,
    placements: Vec<Option<Placement>>,
    /// The same as bits, one per event: sets of events are read a word at a time.
    placed: Vec<u64>,
    assigned: usize,
}

impl Workload {
    pub fn new(problem: &Problem) -> Self {
        let employees = problem.employees.len();
        let days = problem.span_days as usize;
        Self {
            span_first: problem.span_first,
            span_days: problem.span_days,
            bookings: vec![Vec::new(); employees * days],
            week_minutes: vec![0; employees * days.div_ceil(7)],
            placements: vec![None; problem.events.len()],
            placed: vec![0; problem.events.len().div_ceil(64)],
            assigned: 0,
        }
    }

    /// The workload of the instance's fixed schedules (unknown events or employees are skipped).
    pub fn with_fixed(problem: &Problem) -> Self {
        let mut w = Self::new(problem);
        for f in &problem.instance.fixed {
            let (Some(&event), Some(&employee)) = (
                problem.event_index.get(&f.event_ref),
                problem.employee_index.get(f.employee_id.as_str()),
            ) else {
                continue;
            };
            if w.placement(event).is_none() {
                let day = crate::workforce::problem::day_of(f.start.date());
                w.place(
                    problem,
                    event,
                    employee,
                    day,
                    f.start.clock().minutes(),
                    true,
                );
            }
        }
        w
    }

    /// The bookings of the employee-day with this `day_key`.
    pub fn day_at(&self, key: usize) -> &[Booking] {
        &self.bookings[key]
    }

    /// The minutes booked in the employee-week with this `week_key`.
    pub fn week_at(&self, key: usize) -> u32 {
        self.week_minutes[key]
    }

    /// The index of the employee-day among the tracked ones (for `day_at`).
    pub fn day_key(&self, employee: u32, day: Day) -> Option<usize> {
        let d = u32::try_from(day - self.span_first).ok()?;
        (d < self.span_days).then(|| employee as usize * self.span_days as usize + d as usize)
    }

    /// The index of the employee's ISO week of `day` among the tracked ones (for `week_at`).
    pub fn week_key(&self, employee: u32, day: Day) -> Option<usize> {
        let d = u32::try_from(day - self.span_first).ok()?;
        let weeks = self.span_days.div_ceil(7) as usize;
        (d < self.span_days).then(|| employee as usize * weeks + (d / 7) as usize)
    }

    /// The employee's bookings on `day` (empty outside the tracked weeks).
    pub fn day(&self, employee: u32, day: Day) -> &[Booking] {
        self.day_key(employee, day)
            .map_or(&[], |i| self.bookings[i].as_slice())
    }

    /// Minutes booked in the ISO week of `day`.
    pub fn week_minutes(&self, employee: u32, day: Day) -> u32 {
        self.week_key(employee, day)
            .map_or(0, |i| self.week_minutes[i])
    }

    pub fn placement(&self, event: u32) -> Option<Placement> {
        self.placements[event as usize]
    }

    /// The placed events as bits (event `i` is bit `i % 64` of word `i / 64`).
    pub fn placed_bits(&self) -> &[u64] {
        &self.placed
    }

    /// Events placed (fixed ones included).
    pub fn assigned_count(&self) -> usize {
        self.assigned
    }

    /// Records an event; the caller has checked the rules (fixed schedules are taken as they are).
    pub fn place(
        &mut self,
        problem: &Problem,
        event: u32,
        employee: u32,
        day: Day,
        start: u16,
        fixed: bool,
    ) {
        let facts = &problem.events[event as usize];
        let iv = facts.interval(start);
        if let Some(i) = self.day_key(employee, day) {
            let list = &mut self.bookings[i];
            let at = list.partition_point(|b| b.start <= iv.start);
            list.insert(
                at,
                Booking {
                    event,
                    kind: facts.kind,
                    start: iv.start,
                    end: iv.end,
                },
            );
        }
        if let Some(i) = self.week_key(employee, day) {
            self.week_minutes[i] += facts.minutes;
        }
        self.placed[event as usize / 64] |= 1 << (event % 64);
        self.placements[event as usize] = Some(Placement {
            employee,
            day,
            start,
            fixed,
        });
        self.assigned += 1;
    }

    /// Takes an event off its employee's day; returns where it was.
    pub fn remove(&mut self, problem: &Problem, event: u32) -> Option<Placement> {
        let p = self.placements[event as usize].take()?;
        self.placed[event as usize / 64] &= !(1 << (event % 64));
        if let Some(i) = self.day_key(p.employee, p.day) {
            self.bookings[i].retain(|b| b.event != event);
        }
        if let Some(i) = self.week_key(p.employee, p.day) {
            self.week_minutes[i] -= problem.events[event as usize].minutes;
        }
        self.assigned -= 1;
        Some(p)
    }
}
