//! Each event's static candidates: the starts and the employees that pass the load-free rules.

use crate::time::DAY_MINUTES;
use crate::workforce::problem::{Problem, absolute};
use crate::workforce::rules::checks::{Slot, employee_breach, pair_allows, slot_allows};

/// The starts (slot rules passed) and employees (employee rules passed) of one event; a pair of
/// them is a candidate when the pair rules (rotation, availability) pass too.
///
/// Kept factored rather than as a list of pairs: on large instances the pairs run to tens of
/// thousands per event, and the pair rules are cheap enough to rerun.
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidates {
    /// Sorted by (day, start).
    pub slots: Vec<Slot>,
    pub employees: Vec<u32>,
}

impl Candidates {
    pub fn of(p: &Problem, event: u32) -> Self {
        let ev = &p.events[event as usize];
        let Some(kind) = ev.kind else {
            return Self::default();
        };
        let day_len = i64::from(DAY_MINUTES);
        let first = (ev.earliest.div_euclid(day_len) as i32).max(p.horizon_first);
        let last = (ev.due.div_euclid(day_len) as i32).min(p.horizon_last);
        let starts = &p.types[kind as usize].start_times;
        let slots = (first..=last)
            .flat_map(|day| starts.iter().map(move |&start| Slot { day, start }))
            .filter(|&slot| absolute(slot.day, slot.start) >= ev.earliest)
            .filter(|&slot| slot_allows(p, ev, slot))
            .collect();
        let employees = (0..p.employees.len() as u32)
            .filter(|&e| employee_breach(p, ev, e).is_none())
            .collect();
        Self { slots, employees }
    }

    /// Every (employee, slot) pair that passes all rules but the load rules, slot-major.
    pub fn pairs<'c>(
        &'c self,
        p: &'c Problem,
        event: u32,
    ) -> impl Iterator<Item = (u32, Slot)> + 'c {
        let ev = &p.events[event as usize];
        self.slots.iter().flat_map(move |&slot| {
            self.employees
                .iter()
                .filter(move |&&e| pair_allows(p, ev, e, slot))
                .map(move |&e| (e, slot))
        })
    }
}
