//! The auto-scheduler: places as many events as the hard rules allow, then the §3 preferences.
//!
//! The rules come from `rules::checks` and nowhere else: candidates are the events' slots and
//! employees that pass the static rules, and every placement is tested with the load rules.
//!
//! Stages: an upper bound from a maximum flow (see `bound`); earliest-due-first greedy;
//! augmenting ejection chains from each unplaced event (up to 4,000 events expanded each; what a
//! failed chain visited stays visited until one succeeds, as in Kuhn's matching algorithm); an
//! ejection local search that also walks across equally good schedules, stopping as soon as
//! the count meets the bound (then it is proven optimal); a polish for the tie-breaks of §3
//! (see `polish`; skipped when the local search is, on very large instances).
//! Budgets count moves, never time, and the random choices come from a fixed seed, so the same
//! instance always gives the same answer. BENCHMARKS.md beside Cargo.toml has the figures.

mod bound;
mod candidates;
mod explain;
mod improve;
mod polish;
mod search;

use crate::time::{ClockTime, LocalDateTime};
use crate::workforce::instance::{
    Assignment, ExplainedAssignment, ExplainedSolution, ExplainedUnassigned, Instance, Solution,
    Unassigned,
};
use crate::workforce::problem::{Problem, date_of};
use crate::workforce::rules::checks::load_allows;
use crate::workforce::rules::workload::Workload;
use improve::{Budget, augment_all, local_search};
use search::State;

/// How much work the solver does; `solve` and `solve_explained` use `Default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolverOptions {
    /// Local-search moves per event to schedule: the search's whole budget, so the answer
    /// depends on the input and these options only, never on the machine's speed.
    pub moves_per_event: u32,
    /// Upper limit on the local-search moves, whatever the size; instances that are not
    /// crowded (see `CROWDED`) get a sixteenth of it: large instances spend their time in the
    /// greedy and the chains, and a move costs more there.
    pub max_moves: u32,
    /// Seed of the search's random choices.
    pub seed: u64,
    /// Stop after the earliest-due-first greedy (the baseline the benchmarks compare with).
    pub greedy_only: bool,
}

impl Default for SolverOptions {
    fn default() -> Self {
        Self {
            moves_per_event: 100,
            max_moves: 400_000,
            seed: 0x6b61_6972_6f73,
            greedy_only: false,
        }
    }
}

/// Assignments that maximise the number of events placed, and a reason per unplaced event.
pub fn solve(instance: &Instance) -> Solution {
    solve_with(instance, SolverOptions::default())
}

/// `solve` with an explicit work budget and seed.
pub fn solve_with(instance: &Instance, options: SolverOptions) -> Solution {
    let p = Problem::new(instance);
    let state = run(&p, options);
    let fixed_only = Workload::with_fixed(&p);
    let mut solution = Solution::default();
    for &event in &state.todo {
        let event_ref = p.events[event as usize].event_ref;
        match state.w.placement(event) {
            Some(at) => solution.assignments.push(Assignment {
                event_ref,
                employee_id: p.employee_id(at.employee).to_owned(),
                start: local(at.day, at.start),
            }),
            None => solution.unassigned.push(Unassigned {
                event_ref,
                reason: explain::unassigned(&state, &fixed_only, event).1,
            }),
        }
    }
    solution.assignments.sort();
    solution.unassigned.sort_by_key(|u| u.event_ref);
    solution
}

/// `solve`, with a confidence score and a reason per assignment and an exception type per
/// unplaced event; see `explain` for the score's meaning.
pub fn solve_explained(instance: &Instance) -> ExplainedSolution {
    solve_explained_with(instance, SolverOptions::default())
}

/// `solve_explained` with an explicit work budget and seed.
pub fn solve_explained_with(instance: &Instance, options: SolverOptions) -> ExplainedSolution {
    let p = Problem::new(instance);
    let mut state = run(&p, options);
    let fixed_only = Workload::with_fixed(&p);
    let mut out = ExplainedSolution::default();
    for k in 0..state.todo.len() {
        let event = state.todo[k];
        let event_ref = p.events[event as usize].event_ref;
        match state.w.placement(event) {
            Some(at) => {
                let (confidence_score, reason) = explain::assigned(&mut state, event, at);
                out.assignments.push(ExplainedAssignment {
                    event_ref,
                    employee_id: p.employee_id(at.employee).to_owned(),
                    start: local(at.day, at.start),
                    confidence_score,
                    reason,
                });
            }
            None => {
                let (exception_type, reason) = explain::unassigned(&state, &fixed_only, event);
                out.unassigned.push(ExplainedUnassigned {
                    event_ref,
                    reason,
                    exception_type,
                });
            }
        }
    }
    out.assignments.sort_by_key(|a| a.event_ref);
    out.unassigned.sort_by_key(|u| u.event_ref);
    out
}

fn local(day: crate::workforce::problem::Day, start: u16) -> LocalDateTime {
    LocalDateTime::new(
        date_of(day),
        ClockTime::from_minutes(start).unwrap_or(ClockTime::MIDNIGHT),
    )
}

fn run<'p, 'a>(p: &'p Problem<'a>, options: SolverOptions) -> State<'p, 'a> {
    let mut state = State::new(p);
    if options.greedy_only {
        state.greedy();
        return state;
    }
    let simple = upper_bound(&state);
    let bound = bound::flow_bound(&mut state).map_or(simple, |b| b.min(simple));
    state.build_day_index();
    state.greedy();
    // The local search lives on cached candidate lists; when those would not fit in the cache
    // it would spend its time rebuilding them, so very large instances stop after the chains.
    let per_event = if state.candidate_estimate() > search::PAIR_CACHE_LIMIT {
        0
    } else {
        options
            .moves_per_event
            .saturating_mul(state.todo.len() as u32)
    };
    let mut budget = Budget {
        chain: 4000,
        chain_total: 400_000,
        move_chain: 0,
        moves: 0,
        trial: u32::MAX,
        swap_per_mille: 300,
        tournament: 3,
        ruin_per_mille: 100,
    };
    augment_all(&mut state, budget);
    // Crowded instances (many events still waiting for room after the chains) get a budget
    // that grows with the waiting events rather than with all of them.
    let todo = state.todo.clone();
    let waiting = todo
        .iter()
        .filter(|&&event| !state.is_placed(event) && state.pair_count(event) > 0)
        .count() as u32;
    let todo = todo.len() as u32;
    // Elsewhere a share of the limit: on large instances a move costs more, and the greedy
    // and the chains have done most of the work.
    let uncrowded = per_event.min(options.max_moves / UNCROWDED_SHARE);
    budget.moves = if per_event == 0 {
        0
    } else if waiting.saturating_mul(CROWDED) > todo
        && (todo > SMALL_EVENTS || days_of_choice(&mut state) < NARROW_DAYS)
    {
        // The larger budget is a second stage, granted only to a search that keeps finding
        // room: one that placed almost nothing in the uncrowded budget stops there.
        budget.trial = uncrowded;
        options
            .moves_per_event
            .saturating_mul(todo.max(WAITING_WEIGHT.saturating_mul(waiting)))
            .min(options.max_moves)
    } else {
        uncrowded
    };
    let mut rng = crate::workforce::rng::Rng::new(options.seed);
    local_search(&mut state, &mut rng, budget, bound);
    if per_event > 0 {
        polish::serve_earlier_due_first(&mut state);
        polish::relocate_for_preferences(&mut state, 3);
    }
    state
}

/// An instance is crowded when more than one event to schedule in `CROWDED` still waits
/// (with a candidate) after the chains; then each waiting event counts for `WAITING_WEIGHT`
/// events in the search budget, unless the instance is small and its events have room to
/// choose (see `SMALL_EVENTS`).
const CROWDED: u32 = 4;
const WAITING_WEIGHT: u32 = 36;
/// A crowded instance with at most this many events to schedule, whose events can go on at
/// least `NARROW_DAYS` days on average (see `days_of_choice`), keeps the uncrowded budget.
/// There the ejections reach the re-pairings quickly: of 1,100 retail seeds (12 employees,
/// about 140 events, open 3-14 days, so 5-7 days of choice), the 15 crowded ones made their
/// last gain within 7,842 moves of the uncrowded budget's ~14,000, and the larger budget only
/// cost time (up to 130 ms where the target is 20 ms). Elsewhere gains come late: where events
/// have a day or three (the dense profile, 2.6-3.3 days) a third of the seeds gain after
/// 20,000 moves, one after 175,000; with 250-300 events to the same staff (retail windows,
/// 226-286 to schedule) a third gain after 20,000 moves, one after 366,000.
const SMALL_EVENTS: u32 = 200;
const NARROW_DAYS: f64 = 4.0;
/// Instances that are not crowded get at most this fraction of `max_moves`.
const UNCROWDED_SHARE: u32 = 16;

/// The mean number of days an event to schedule has a candidate on, over the events with one.
fn days_of_choice(state: &mut State) -> f64 {
    let (mut days, mut events) = (0usize, 0usize);
    let mut seen: Vec<crate::workforce::problem::Day> = Vec::new();
    for k in 0..state.todo.len() {
        let event = state.todo[k];
        let n = state.pair_count(event);
        seen.clear();
        seen.extend(
            (0..n)
                .filter_map(|i| state.pair(event, i))
                .map(|(_, slot)| slot.day),
        );
        seen.sort_unstable();
        seen.dedup();
        if !seen.is_empty() {
            days += seen.len();
            events += 1;
        }
    }
    days as f64 / events.max(1) as f64
}

/// Placed events can never exceed the fixed ones plus the events that have a candidate
/// fitting beside the fixed schedules alone; reaching it ends the search early.
fn upper_bound(state: &State) -> usize {
    let fixed = state.w.assigned_count();
    let open = state
        .todo
        .iter()
        .filter(|&&event| {
            state.cands[event as usize]
                .pairs(state.p, event)
                .any(|(e, slot)| load_allows(state.p, &state.w, event, e, slot))
        })
        .count();
    fixed + open
}

#[cfg(test)]
mod tests;
