//! The tie-breaks of docs/scheduling.md §3, applied once the count is settled.
//!
//! Among schedules with equally many events the solver prefers, in this order:
//! 1. earlier `due_datetime` served first: an unplaced event takes the place of a placed one
//!    that is due later when nothing else gives way (the count does not change);
//! 2. the override's `preferred_time`: the start closest to it;
//! 3. balanced load: the smallest sum of squared weekly minutes over employees, which spreads
//!    minutes from the busiest weeks to the idlest (employees who can take the same events
//!    are the ones a move can trade between, so "comparable" comes for free);
//! 4. fewer working days: fewer employee-days with any booking.
//!
//! Each is a pass of single moves that never lowers the count nor worsens an earlier criterion.

use crate::workforce::rules::checks::Slot;
use crate::workforce::solver::search::State;

/// Lets unplaced events displace placed ones due later (criterion 1).
pub(crate) fn serve_earlier_due_first(state: &mut State) {
    let p = state.p;
    for k in 0..state.todo.len() {
        let event = state.todo[k];
        if state.is_placed(event) {
            continue;
        }
        let due = p.events[event as usize].due;
        let n = state.pair_count(event);
        'pairs: for i in 0..n {
            let Some((e, slot)) = state.pair(event, i) else {
                break;
            };
            let mut later: Vec<u32> = state
                .w
                .day(e, slot.day)
                .iter()
                .map(|b| b.event)
                .filter(|&b| {
                    state.w.placement(b).is_some_and(|at| !at.fixed)
                        && p.events[b as usize].due > due
                })
                .collect();
            // The latest-due one goes first: it is the one the criterion would rather drop.
            later.sort_by_key(|&b| std::cmp::Reverse((p.events[b as usize].due, b)));
            for b in later {
                let mark = state.mark();
                state.unplace(b);
                if state.fits(event, e, slot) {
                    state.place(event, e, slot);
                    let mut chain = 40;
                    state.augment(b, &mut chain);
                    state.commit();
                    break 'pairs;
                }
                state.rollback(mark);
            }
        }
    }
}

/// The cost of a placement under criteria 2–4 given the rest of the schedule, lowest best.
fn preference_cost(state: &State, event: u32, e: u32, slot: Slot) -> (u32, i64, i64) {
    let p = state.p;
    let ev = &p.events[event as usize];
    let pref = ev
        .preferred
        .map_or(0, |t| u32::from(t.abs_diff(slot.start)));
    let week = i64::from(state.w.week_minutes(e, slot.day));
    let m = i64::from(ev.minutes);
    // Growth of the sum of squares when this week takes the event.
    let balance = (week + m) * (week + m) - week * week;
    let new_day = i64::from(state.w.day(e, slot.day).is_empty());
    (pref, balance, new_day)
}

/// Moves each placed event to the candidate that best serves criteria 2–4, while any such
/// move helps; a bounded number of sweeps keeps the work predictable.
pub(crate) fn relocate_for_preferences(state: &mut State, sweeps: u32) {
    for _ in 0..sweeps {
        let mut moved = false;
        for k in 0..state.todo.len() {
            let event = state.todo[k];
            let Some(at) = state.w.placement(event) else {
                continue;
            };
            if at.fixed {
                continue;
            }
            state.ensure_pairs(event);
            let mark = state.mark();
            state.unplace(event);
            let here = Slot {
                day: at.day,
                start: at.start,
            };
            let current = preference_cost(state, event, at.employee, here);
            let mut best: Option<((u32, i64, i64), u32, Slot)> = None;
            state.for_each_fit(event, |e, slot| {
                let cost = preference_cost(state, event, e, slot);
                if cost < current && best.as_ref().is_none_or(|b| cost < b.0) {
                    best = Some((cost, e, slot));
                }
                true
            });
            match best {
                Some((_, e, slot)) => {
                    state.place(event, e, slot);
                    state.commit();
                    moved = true;
                }
                None => state.rollback(mark),
            }
        }
        if !moved {
            break;
        }
    }
}
