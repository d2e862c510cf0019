//! Raising the count past the greedy: augmenting chains, then ejection local search.

use crate::workforce::rng::Rng;
use crate::workforce::solver::search::State;

/// Work limits, counted in moves rather than time so a run repeats exactly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Events one augmenting search may expand.
    pub chain: u32,
    /// Events all the augmenting searches of `augment_all` may expand together.
    pub chain_total: u32,
    /// Events one augmenting search inside a local-search move may expand.
    pub move_chain: u32,
    /// Ejection moves tried by the local search.
    pub moves: u32,
    /// When below `moves`: the search goes on past this many moves only if they placed at
    /// least `TRIAL_GAIN` more events (see `local_search`).
    pub trial: u32,
    /// Candidates drawn per forced insertion; the lightest to eject is taken.
    pub tournament: u32,
    /// Share of moves, in thousandths, that exchange two proposals.
    pub swap_per_mille: usize,
    /// Share of moves, in thousandths, that ruin and recreate a block of days.
    pub ruin_per_mille: usize,
}

/// Tries an augmenting chain from every unplaced event, until a sweep places nothing more.
pub(crate) fn augment_all(state: &mut State, budget: Budget) {
    let mut total = budget.chain_total;
    loop {
        let mut placed_any = false;
        let mut generation = state.new_generation();
        for k in 0..state.todo.len() {
            let event = state.todo[k];
            if !state.is_placed(event) {
                let granted = budget.chain.min(total);
                let mut chain = granted;
                if state.augment_within(event, generation, &mut chain) {
                    placed_any = true;
                    generation = state.new_generation();
                }
                total -= granted - chain;
            }
        }
        state.commit();
        if !placed_any {
            break;
        }
    }
}

/// Forces an unplaced event into a candidate, ejecting what stands there, then lets the
/// ejected events look for room (short augmenting chains) and waiting events fill the days
/// that changed. Some moves are swaps or ruin-and-recreate of a block of days instead.
///
/// A move is kept when the count rises, or stays level while the events left out weigh no
/// more than before. Each failed attempt makes its event heavier (a breakout scheme), so the
/// search walks across equally good schedules towards ones that take the hard events and
/// leave out events that are easy to place elsewhere, which is how it reaches placements no
/// single chain can free. Stops early at `upper_bound`, and after `budget.trial` moves when
/// they placed fewer than `TRIAL_GAIN` events: a search that has found so little room by then
/// is working on a schedule whose bottleneck its moves do not reach (on retail and dense
/// seeds, none that gained less in its trial gained more than one event afterwards).
pub(crate) fn local_search(state: &mut State, rng: &mut Rng, budget: Budget, upper_bound: usize) {
    let start_count = state.w.assigned_count();
    let mut open: Vec<u32> = state
        .todo
        .iter()
        .copied()
        .filter(|&i| !state.is_placed(i))
        .collect();
    let mut weight = vec![1u32; state.p.events.len()];
    let mut blockers = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    let mut days = Vec::new();
    let mut waiting = Vec::new();
    let mut scratch = Vec::new();
    let mut homeless = Vec::new();
    for moved in 0..budget.moves {
        if moved == budget.trial && state.w.assigned_count() < start_count + TRIAL_GAIN {
            break;
        }
        open.retain(|&i| !state.is_placed(i));
        if open.is_empty() || state.w.assigned_count() >= upper_bound {
            break;
        }
        if rng.below(1000) < budget.swap_per_mille {
            swap(state, rng, &open, &mut days, &mut waiting, &mut scratch);
            continue;
        }
        if rng.below(1000) < budget.ruin_per_mille {
            ruin_and_recreate(state, rng, &mut open);
            continue;
        }
        let k = rng.below(open.len());
        let event = open[k];
        let n = state.pair_count(event);
        if n == 0 {
            open.swap_remove(k);
            continue;
        }
        // Of a few random candidates, the one whose day holds the lightest proposals: a blind
        // pick mostly lands on full weeks whose ejections the move then has to undo.
        let Some(mut pick) = state.pair(event, rng.below(n)) else {
            continue;
        };
        let mut pick_cost = ejection_cost(state, &weight, event, pick.0, pick.1);
        for _ in 1..budget.tournament {
            let Some(other) = state.pair(event, rng.below(n)) else {
                continue;
            };
            let cost = ejection_cost(state, &weight, event, other.0, other.1);
            if cost < pick_cost {
                (pick, pick_cost) = (other, cost);
            }
        }
        let (e, slot) = pick;
        let before = state.w.assigned_count();
        let mark = state.mark();
        state.blockers(event, e, slot, &mut blockers);
        shuffle(&mut blockers, rng);
        let mut ejected = Vec::new();
        for &b in &blockers {
            if state.fits(event, e, slot) {
                break;
            }
            state.unplace(b);
            ejected.push(b);
        }
        if !state.fits(event, e, slot) {
            state.rollback(mark);
            continue;
        }
        state.place(event, e, slot);
        // Without chains nothing is taken out after an ejected event finds no room, so there
        // is still none for it anywhere: the fill below need not try it again.
        homeless.clear();
        for &b in &ejected {
            let mut chain = budget.move_chain;
            if !state.augment(b, &mut chain) && budget.move_chain == 0 {
                homeless.push(b);
            }
        }
        // The schedule changed shape: waiting events may fit where things moved (two Demos
        // where one Core stood).
        state.touched_days(mark, &mut days);
        touched.clear();
        if !state.fill_days(&days, &homeless, &mut touched, &mut scratch) {
            for &w in &open {
                if w != event && !state.is_placed(w) && state.fit_into(w, &days) {
                    touched.push(w);
                }
            }
        }
        touched.push(event);
        touched.extend_from_slice(&ejected);
        touched.sort_unstable();
        touched.dedup();
        let after = state.w.assigned_count();
        // Weight of events newly placed minus weight of events newly left out.
        let gain: i64 = touched
            .iter()
            .map(|&t| {
                let was_placed = ejected.contains(&t);
                match (was_placed, state.is_placed(t)) {
                    (false, true) => i64::from(weight[t as usize]),
                    (true, false) => -i64::from(weight[t as usize]),
                    _ => 0,
                }
            })
            .sum();
        // Level moves must not leave out heavier events.
        if after < before || (after == before && gain < 0) {
            state.rollback(mark);
            weight[event as usize] += 1;
            continue;
        }
        open.extend(ejected.iter().copied().filter(|&b| !state.is_placed(b)));
        open.sort_unstable();
        open.dedup();
        state.commit();
    }
    state.commit();
}

/// Events a trial must place for the search to go on past it.
const TRIAL_GAIN: usize = 1;

/// Exchanges two proposals: a random one moves onto a candidate held by another, which takes
/// the first one's employee-day (or any place that fits). The count stays, but minutes and
/// days shift between employees, so a full week can take a short event where a long one
/// stood; waiting events then try the changed days.
fn swap(
    state: &mut State,
    rng: &mut Rng,
    open: &[u32],
    days: &mut Vec<(u32, crate::workforce::problem::Day)>,
    waiting: &mut Vec<u32>,
    scratch: &mut Vec<(u32, crate::workforce::problem::Day, usize)>,
) {
    let a = state.todo[rng.below(state.todo.len())];
    let Some(at) = state.w.placement(a) else {
        return;
    };
    if at.fixed {
        return;
    }
    let n = state.pair_count(a);
    if n == 0 {
        return;
    }
    let Some((e, slot)) = state.pair(a, rng.below(n)) else {
        return;
    };
    if e == at.employee {
        return;
    }
    let others: Vec<u32> = state
        .w
        .day(e, slot.day)
        .iter()
        .map(|b| b.event)
        .filter(|&b| state.w.placement(b).is_some_and(|p| !p.fixed))
        .collect();
    if others.is_empty() {
        return;
    }
    let b = others[rng.below(others.len())];
    let before = state.w.assigned_count();
    let mark = state.mark();
    state.unplace(a);
    state.unplace(b);
    if !state.fits(a, e, slot) {
        state.rollback(mark);
        return;
    }
    state.place(a, e, slot);
    if !state.fit_into(b, &[(at.employee, at.day)]) {
        match state.best_fit(b) {
            Some((e2, s2)) => state.place(b, e2, s2),
            None => {
                state.rollback(mark);
                return;
            }
        }
    }
    state.touched_days(mark, days);
    waiting.clear();
    if !state.fill_days(days, &[], waiting, scratch) {
        for &w in open {
            if !state.is_placed(w) {
                state.fit_into(w, days);
            }
        }
    }
    if state.w.assigned_count() < before {
        state.rollback(mark);
    } else {
        state.commit();
    }
}

/// Random candidates a recreated event draws before it scans all of its list.
const RUIN_DRAWS: usize = 4;

/// Clears a random block of employee-days (a day or two, for about half the staff) and
/// refills it from the cleared events and the waiting ones in a random order; kept unless the
/// count drops. Large reshuffles like this find the re-pairings of a crowded week that chains
/// of single moves miss.
fn ruin_and_recreate(state: &mut State, rng: &mut Rng, open: &mut Vec<u32>) {
    let p = state.p;
    let span = 1 + rng.below(2) as i32;
    let days = (p.horizon_last - p.horizon_first + 1).max(1);
    let first = p.horizon_first + rng.below(days as usize) as i32;
    let staff: Vec<u32> = (0..p.employees.len() as u32)
        .filter(|_| rng.below(2) == 0)
        .collect();
    let before = state.w.assigned_count();
    let mark = state.mark();
    let mut pool: Vec<u32> = Vec::new();
    for &e in &staff {
        for day in first..(first + span).min(p.horizon_last + 1) {
            // The day's proposals, first to last (fixed schedules stay).
            let mut i = 0;
            while let Some(b) = state.w.day(e, day).get(i).map(|b| b.event) {
                if state.w.placement(b).is_some_and(|at| !at.fixed) {
                    state.unplace(b);
                    pool.push(b);
                } else {
                    i += 1;
                }
            }
            if !state.extend_waiting(e, day, &mut pool) {
                pool.extend(
                    open.iter()
                        .copied()
                        .filter(|&w| !state.is_placed(w) && state.could_take(w, e, day)),
                );
            }
        }
    }
    pool.sort_unstable();
    pool.dedup();
    shuffle(&mut pool, rng);
    let mut fitting = Vec::new();
    for &w in &pool {
        if state.is_placed(w) {
            continue;
        }
        // A random fitting candidate, not the greedy's favourite: recreating the same
        // shape would undo the ruin.
        // A few random draws first (most lists have many fitting pairs), then the full scan.
        let n = state.pair_count(w);
        let drawn = (0..RUIN_DRAWS.min(n))
            .filter_map(|_| state.pair(w, rng.below(n)))
            .find(|&(e, slot)| state.fits(w, e, slot));
        if let Some((e, slot)) = drawn {
            state.place(w, e, slot);
            continue;
        }
        fitting.clear();
        state.for_each_fit(w, |e, slot| {
            fitting.push((e, slot));
            true
        });
        if !fitting.is_empty() {
            let (e, slot) = fitting[rng.below(fitting.len())];
            state.place(w, e, slot);
        }
    }
    if state.w.assigned_count() < before {
        state.rollback(mark);
        return;
    }
    open.extend(pool.iter().copied().filter(|&w| !state.is_placed(w)));
    open.sort_unstable();
    open.dedup();
    state.commit();
}

/// The weight of what a candidate would eject at most (its day's proposals, and its week's
/// when the week is full).
fn ejection_cost(
    state: &State,
    weight: &[u32],
    event: u32,
    e: u32,
    slot: crate::workforce::rules::checks::Slot,
) -> u64 {
    let mut cost = 0;
    state.for_each_blocker(event, e, slot, |b| cost += u64::from(weight[b as usize]));
    cost
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}
