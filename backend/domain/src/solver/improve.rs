//! Raising the count past the greedy: augmenting chains, then ejection local search.

use crate::solver::rng::Rng;
use crate::solver::search::State;

/// Work limits, counted in moves rather than time so a run repeats exactly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Events one augmenting search may expand.
    pub chain: u32,
    /// Events one augmenting search inside a local-search move may expand.
    pub move_chain: u32,
    /// Ejection moves tried by the local search.
    pub moves: u32,
}

/// Tries an augmenting chain from every unplaced event, until a sweep places nothing more.
pub(crate) fn augment_all(state: &mut State, budget: Budget) {
    loop {
        let mut placed_any = false;
        for k in 0..state.todo.len() {
            let event = state.todo[k];
            if !state.is_placed(event) {
                let mut chain = budget.chain;
                placed_any |= state.augment(event, &mut chain);
            }
        }
        state.commit();
        if !placed_any {
            break;
        }
    }
}

/// Forces an unplaced event into a random candidate, ejecting what stands there, then lets
/// the ejected events look for room through augmenting chains. A move is kept when the count
/// does not drop, so the search also walks across equally good schedules, which is how it
/// reaches events no single chain can free. Stops early at `upper_bound`.
pub(crate) fn local_search(state: &mut State, rng: &mut Rng, budget: Budget, upper_bound: usize) {
    let mut open: Vec<u32> = state
        .todo
        .iter()
        .copied()
        .filter(|&i| !state.is_placed(i))
        .collect();
    let mut blockers = Vec::new();
    for _ in 0..budget.moves {
        open.retain(|&i| !state.is_placed(i));
        if open.is_empty() || state.w.assigned_count() >= upper_bound {
            break;
        }
        let k = rng.below(open.len());
        let event = open[k];
        let n = state.pair_count(event);
        if n == 0 {
            open.swap_remove(k);
            continue;
        }
        let (e, slot) = state.pair(event, rng.below(n));
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
        for &b in &ejected {
            let mut chain = budget.move_chain;
            state.augment(b, &mut chain);
        }
        if state.w.assigned_count() < before {
            state.rollback(mark);
            continue;
        }
        // The schedule changed shape: some other waiting event may now have a chain.
        let other = open[rng.below(open.len())];
        if !state.is_placed(other) {
            let mut chain = budget.move_chain;
            state.augment(other, &mut chain);
        }
        open.extend(ejected.iter().copied().filter(|&b| !state.is_placed(b)));
        open.sort_unstable();
        open.dedup();
        state.commit();
    }
    state.commit();
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}
