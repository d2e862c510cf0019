//! The search state and its moves: greedy placement, augmenting ejection chains, undo.

use crate::workforce::problem::Problem;
use crate::workforce::rules::checks::{Load, Slot, load_allows};
use crate::workforce::rules::workload::{Placement, Workload};
use crate::workforce::solver::candidates::Candidates;

/// The cached candidates of one event on one employee-day: the same bookings decide for all
/// its starts, so the searches read the day once per run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run {
    pub employee: u32,
    pub day: crate::workforce::problem::Day,
    /// `Workload::day_key` and `Workload::week_key` of the employee-day.
    day_key: u32,
    week_key: u32,
    /// The run's pairs in the event's cached list.
    from: u32,
    to: u32,
}

/// One event's cached candidates (see `State::pair_cache`) and their employee-day runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cached {
    pub pairs: Vec<(u32, Slot)>,
    pub runs: Vec<Run>,
    /// Per day from the first run's on and per employee, one more than the index of the run
    /// there (0: none).
    run_at: Vec<u32>,
    employees: usize,
}

impl Cached {
    fn new(w: &Workload, employees: usize, mut pairs: Vec<(u32, Slot)>) -> Self {
        pairs.retain(|&(e, slot)| w.day_key(e, slot.day).is_some());
        pairs.sort_unstable_by_key(|&(e, slot)| (slot.day, e, slot.start));
        let mut runs: Vec<Run> = Vec::new();
        for (k, &(e, slot)) in pairs.iter().enumerate() {
            match runs.last_mut() {
                Some(run) if run.employee == e && run.day == slot.day => run.to = k as u32 + 1,
                _ => runs.push(Run {
                    employee: e,
                    day: slot.day,
                    day_key: w.day_key(e, slot.day).unwrap_or(0) as u32,
                    week_key: w.week_key(e, slot.day).unwrap_or(0) as u32,
                    from: k as u32,
                    to: k as u32 + 1,
                }),
            }
        }
        let mut run_at = Vec::new();
        if let (Some(first), Some(last)) = (runs.first(), runs.last()) {
            run_at = vec![0; (last.day - first.day + 1) as usize * employees];
            for (r, run) in runs.iter().enumerate() {
                run_at[(run.day - first.day) as usize * employees + run.employee as usize] =
                    r as u32 + 1;
            }
        }
        Self {
            pairs,
            runs,
            run_at,
            employees,
        }
    }

    /// The pairs of one run.
    pub fn of(&self, run: &Run) -> &[(u32, Slot)] {
        &self.pairs[run.from as usize..run.to as usize]
    }

    /// The run of the employee-day, if the event has candidates there.
    fn run(&self, e: u32, day: crate::workforce::problem::Day) -> Option<&Run> {
        let d = usize::try_from(day - self.runs.first()?.day).ok()?;
        let at = *self.run_at.get(d * self.employees + e as usize)?;
        (at > 0 && (e as usize) < self.employees).then(|| &self.runs[at as usize - 1])
    }
}

/// One reversible change, so a failed move can be rolled back without copying the workload.
#[derive(Clone, Copy)]
enum Change {
    Placed(u32),
    Removed(u32, Placement),
}

pub(crate) struct State<'p, 'a> {
    pub p: &'p Problem<'a>,
    pub w: Workload,
    /// Per event index; empty for events not to schedule.
    pub cands: Vec<Candidates>,
    /// Events to schedule, earliest due first.
    pub todo: Vec<u32>,
    /// How many events to schedule each employee could take by the employee rules: taking
    /// the least sought-after employee first keeps versatile staff free for others.
    pub demand: Vec<u32>,
    journal: Vec<Change>,
    stamp: Vec<u32>,
    generation: u32,
    /// Candidate pairs of the events the improvement stages touch, sorted (day, employee,
    /// start) so that each employee-day is one run. Filled on demand and dropped wholesale past
    /// `PAIR_CACHE_LIMIT`, which bounds memory on large instances.
    pair_cache: Vec<Option<Cached>>,
    cached_pairs: usize,
    /// The fixed schedules alone: a pair they block stays blocked, so it is never cached.
    fixed_only: Workload,
    /// Per employee-day (`employee * span_days + day - span_first`), the events to schedule
    /// with a cached candidate there, as bits (`words` per employee-day, laid out like
    /// `Workload::placed_bits`); empty until `build_day_index`.
    day_index: Vec<u64>,
    words: usize,
    /// Scratch bits for `fill_days`.
    union: Vec<u64>,
    /// The augmenting chains' stacks (see `augment_from`).
    chain: ChainStacks,
}

/// What each expansion of an augmenting chain keeps while deeper ones run.
#[derive(Default)]
struct ChainStacks {
    pairs: Vec<(u32, Slot)>,
    runs: Vec<Run>,
    blockers: Vec<u32>,
}

pub(crate) const PAIR_CACHE_LIMIT: usize = 16_000_000;

/// The day index is not built past this many words (32 MB): only instances too large for the
/// local search come near it.
const DAY_INDEX_WORDS: usize = 4_000_000;

/// Calls `f` with the position of each set bit of `bits`, lowest first.
fn for_each_bit(mut bits: u64, mut f: impl FnMut(usize)) {
    while bits != 0 {
        f(bits.trailing_zeros() as usize);
        bits &= bits - 1;
    }
}

impl<'p, 'a> State<'p, 'a> {
    pub fn new(p: &'p Problem<'a>) -> Self {
        let w = Workload::with_fixed(p);
        let fixed_only = w.clone();
        let mut cands = vec![Candidates::default(); p.events.len()];
        let mut todo = Vec::new();
        let mut demand = vec![0u32; p.employees.len()];
        for (i, ev) in p.events.iter().enumerate() {
            if !ev.to_schedule {
                continue;
            }
            let c = Candidates::of(p, i as u32);
            for &e in &c.employees {
                demand[e as usize] += 1;
            }
            cands[i] = c;
            todo.push(i as u32);
        }
        todo.sort_by_key(|&i| {
            let ev = &p.events[i as usize];
            let c = &cands[i as usize];
            (ev.due, c.slots.len() * c.employees.len(), ev.event_ref)
        });
        let n = p.events.len();
        Self {
            p,
            w,
            cands,
            todo,
            demand,
            journal: Vec::new(),
            stamp: vec![0; n],
            generation: 0,
            pair_cache: vec![None; n],
            cached_pairs: 0,
            fixed_only,
            day_index: Vec::new(),
            words: n.div_ceil(64),
            union: Vec::new(),
            chain: ChainStacks::default(),
        }
    }

    /// An upper estimate of all candidate pairs: slots times employees, summed over events.
    pub fn candidate_estimate(&self) -> usize {
        self.todo
            .iter()
            .map(|&i| {
                let c = &self.cands[i as usize];
                c.slots.len() * c.employees.len()
            })
            .sum()
    }

    pub fn is_placed(&self, event: u32) -> bool {
        self.w.placement(event).is_some()
    }

    pub fn place(&mut self, event: u32, e: u32, slot: Slot) {
        self.w.place(self.p, event, e, slot.day, slot.start, false);
        self.journal.push(Change::Placed(event));
    }

    pub fn unplace(&mut self, event: u32) -> Option<Placement> {
        let old = self.w.remove(self.p, event)?;
        self.journal.push(Change::Removed(event, old));
        Some(old)
    }

    /// A position in the journal to roll back to.
    pub fn mark(&self) -> usize {
        self.journal.len()
    }

    /// The employee-days whose bookings changed since `mark`, each once, in first-change order.
    pub fn touched_days(&self, mark: usize, out: &mut Vec<(u32, crate::workforce::problem::Day)>) {
        out.clear();
        for change in &self.journal[mark.min(self.journal.len())..] {
            let at = match *change {
                Change::Placed(event) => self.w.placement(event),
                Change::Removed(_, old) => Some(old),
            };
            if let Some(at) = at
                && !out.contains(&(at.employee, at.day))
            {
                out.push((at.employee, at.day));
            }
        }
    }

    /// Indexes the cached candidates by employee-day, when every event to schedule has its
    /// pairs cached (small and medium instances); the moves then find the waiting events that
    /// could use a changed day without scanning them all.
    pub fn build_day_index(&mut self) {
        let days = self.p.employees.len() * self.p.span_days as usize;
        if days.saturating_mul(self.words) > DAY_INDEX_WORDS {
            return;
        }
        let mut index = vec![0u64; days * self.words];
        for &event in &self.todo {
            let Some(cached) = self.pair_cache[event as usize].as_ref() else {
                return;
            };
            for run in &cached.runs {
                index[run.day_key as usize * self.words + event as usize / 64] |= 1 << (event % 64);
            }
        }
        self.day_index = index;
    }

    /// The events with a cached candidate on the employee-day with this key, as bits.
    fn day_bits(&self, key: usize) -> &[u64] {
        &self.day_index[key * self.words..(key + 1) * self.words]
    }

    /// Appends the unplaced events with a candidate on the employee-day to `out` (unsorted,
    /// possibly repeating what it holds); false when there is no index.
    pub fn extend_waiting(
        &self,
        e: u32,
        day: crate::workforce::problem::Day,
        out: &mut Vec<u32>,
    ) -> bool {
        if self.day_index.is_empty() {
            return false;
        }
        if let Some(i) = self.w.day_key(e, day) {
            let placed = self.w.placed_bits();
            for (k, &bits) in self.day_bits(i).iter().enumerate() {
                for_each_bit(bits & !placed[k], |b| out.push((k * 64 + b) as u32));
            }
        }
        true
    }

    /// Lets unplaced events (but `skip`) take room on `days`, each trying only the days where
    /// it has a candidate, in event-index order; pushes the ones placed onto `placed`. False
    /// when there is no day index (nothing is done then).
    pub fn fill_days(
        &mut self,
        days: &[(u32, crate::workforce::problem::Day)],
        skip: &[u32],
        placed: &mut Vec<u32>,
        open_days: &mut Vec<(u32, crate::workforce::problem::Day, usize)>,
    ) -> bool {
        if self.day_index.is_empty() {
            return false;
        }
        // The days with room, and every unplaced event with a candidate on one of them.
        open_days.clear();
        let mut union = std::mem::take(&mut self.union);
        union.clear();
        union.resize(self.words, 0);
        for &(e, day) in days {
            if crate::workforce::rules::checks::day_is_full(self.p, &self.w, e, day) {
                continue;
            }
            if let Some(i) = self.w.day_key(e, day) {
                open_days.push((e, day, i));
                for (u, &bits) in union.iter_mut().zip(self.day_bits(i)) {
                    *u |= bits;
                }
            }
        }
        for (u, &p) in union.iter_mut().zip(self.w.placed_bits()) {
            *u &= !p;
        }
        for &s in skip {
            union[s as usize / 64] &= !(1 << (s % 64));
        }
        // Each in event-index order tries its days in the order given.
        for (k, &bits) in union.iter().enumerate() {
            for_each_bit(bits, |b| {
                let w = (k * 64 + b) as u32;
                for &(e, day, i) in open_days.iter() {
                    if self.day_index[i * self.words + k] & (1 << b) == 0 {
                        continue;
                    }
                    if let Some(slot) = self.first_fit_on(w, e, day) {
                        self.place(w, e, slot);
                        placed.push(w);
                        break;
                    }
                }
            });
        }
        self.union = union;
        true
    }

    /// The first cached start of `event` on the employee-day that fits now; `None` also when
    /// its list is not cached.
    fn first_fit_on(
        &self,
        event: u32,
        e: u32,
        day: crate::workforce::problem::Day,
    ) -> Option<Slot> {
        let cached = self.pair_cache[event as usize].as_ref()?;
        let run = cached.run(e, day)?;
        self.first_fit_of(event, cached, run)
    }

    fn first_fit_of(&self, event: u32, cached: &Cached, run: &Run) -> Option<Slot> {
        let load = Load::at(
            &self.w,
            self.is_placed(event),
            run.day_key as usize,
            run.week_key as usize,
        );
        let pairs = cached.of(run);
        // The day rules decide for every start of the run at once.
        if !load.day_allows(self.p, event, pairs.first()?.1) {
            return None;
        }
        pairs
            .iter()
            .map(|&(_, slot)| slot)
            .find(|&slot| load.start_allows(self.p, event, slot))
    }

    /// True when the employee may take the event on `day` by the static rules (ignoring load).
    pub fn could_take(&self, event: u32, e: u32, day: crate::workforce::problem::Day) -> bool {
        if let Some(cached) = self.pair_cache[event as usize].as_ref() {
            return cached.run(e, day).is_some();
        }
        let c = &self.cands[event as usize];
        if c.employees.binary_search(&e).is_err() {
            return false;
        }
        let ev = &self.p.events[event as usize];
        let from = c.slots.partition_point(|s| s.day < day);
        c.slots[from..]
            .iter()
            .take_while(|s| s.day == day)
            .any(|&slot| crate::workforce::rules::checks::pair_allows(self.p, ev, e, slot))
    }

    /// Tries to place `event` directly on one of `days` (employee-days), best start first.
    pub fn fit_into(&mut self, event: u32, days: &[(u32, crate::workforce::problem::Day)]) -> bool {
        if self.pair_cache[event as usize].is_some() {
            for &(e, day) in days {
                if let Some(slot) = self.first_fit_on(event, e, day) {
                    self.place(event, e, slot);
                    return true;
                }
            }
            return false;
        }
        let ev = &self.p.events[event as usize];
        let c = &self.cands[event as usize];
        let (Some(first), Some(last)) = (c.slots.first(), c.slots.last()) else {
            return false;
        };
        for &(e, day) in days {
            if day < first.day || day > last.day || c.employees.binary_search(&e).is_err() {
                continue;
            }
            let from = c.slots.partition_point(|s| s.day < day);
            let found = c.slots[from..]
                .iter()
                .take_while(|s| s.day == day)
                .copied()
                .find(|&slot| {
                    crate::workforce::rules::checks::pair_allows(self.p, ev, e, slot)
                        && self.fits(event, e, slot)
                });
            if let Some(slot) = found {
                self.place(event, e, slot);
                return true;
            }
        }
        false
    }

    pub fn rollback(&mut self, mark: usize) {
        while self.journal.len() > mark {
            match self.journal.pop() {
                Some(Change::Placed(event)) => {
                    self.w.remove(self.p, event);
                }
                Some(Change::Removed(event, old)) => {
                    self.w
                        .place(self.p, event, old.employee, old.day, old.start, old.fixed);
                }
                None => break,
            }
        }
    }

    /// Forget the journal once a move is kept for good.
    pub fn commit(&mut self) {
        self.journal.clear();
    }

    pub fn fits(&self, event: u32, e: u32, slot: Slot) -> bool {
        load_allows(self.p, &self.w, event, e, slot)
    }

    /// How much a candidate costs against the §3 preferences, lowest best, for the greedy:
    /// preferred time first, then the least sought-after employee, then the lighter week.
    fn greedy_key(&self, event: u32, e: u32, slot: Slot) -> (u32, u32, u32, u16, u32) {
        let pref = self.p.events[event as usize]
            .preferred
            .map_or(0, |t| u32::from(t.abs_diff(slot.start)));
        (
            pref,
            self.demand[e as usize],
            self.w.week_minutes(e, slot.day),
            slot.start,
            e,
        )
    }

    /// The best candidate that fits now, taking the earliest day that has one: an event
    /// placed early in its window leaves later days to events due later.
    pub fn best_fit(&self, event: u32) -> Option<(u32, Slot)> {
        type Key = (u32, u32, u32, u16, u32);
        let mut best: Option<(Key, u32, Slot)> = None;
        let best_day = std::cell::Cell::new(None);
        // A later day than one with a fit is of no interest.
        let past_best =
            |day: crate::workforce::problem::Day| best_day.get().is_some_and(|d| d < day);
        let mut consider = |e: u32, slot: Slot, known_fit: bool| -> bool {
            // Returns false once a later day is reached with a fit already found.
            if past_best(slot.day) {
                return false;
            }
            if known_fit || self.fits(event, e, slot) {
                let key = self.greedy_key(event, e, slot);
                if best.as_ref().is_none_or(|b| key < b.0) {
                    best = Some((key, e, slot));
                    best_day.set(Some(slot.day));
                }
            }
            true
        };
        if self.pair_cache[event as usize].is_some() {
            self.for_each_fit_until(event, past_best, |e, slot| consider(e, slot, true));
        } else {
            let c = &self.cands[event as usize];
            let ev = &self.p.events[event as usize];
            'slots: for &slot in &c.slots {
                for &e in &c.employees {
                    if crate::workforce::rules::checks::pair_allows(self.p, ev, e, slot)
                        && !consider(e, slot, false)
                    {
                        break 'slots;
                    }
                }
            }
        }
        best.map(|(_, e, slot)| (e, slot))
    }

    /// Calls `f` on each cached pair of `event` that fits now, in cache order, until `f`
    /// returns false; false when the event's list is not cached. Reads each employee-day
    /// once: the day rules decide for all its starts together.
    pub fn for_each_fit(&self, event: u32, f: impl FnMut(u32, Slot) -> bool) -> bool {
        self.for_each_fit_until(event, |_| false, f)
    }

    /// `for_each_fit`, stopping also at the first run on a day for which `stop` is true.
    pub fn for_each_fit_until(
        &self,
        event: u32,
        stop: impl Fn(crate::workforce::problem::Day) -> bool,
        mut f: impl FnMut(u32, Slot) -> bool,
    ) -> bool {
        let Some(cached) = self.pair_cache[event as usize].as_ref() else {
            return false;
        };
        let placed = self.is_placed(event);
        for run in &cached.runs {
            if stop(run.day) {
                return true;
            }
            let load = Load::at(&self.w, placed, run.day_key as usize, run.week_key as usize);
            let first = cached.pairs[run.from as usize].1;
            if !load.day_allows(self.p, event, first) {
                continue;
            }
            for &(e, slot) in cached.of(run) {
                if load.start_allows(self.p, event, slot) && !f(e, slot) {
                    return true;
                }
            }
        }
        true
    }

    /// Fills the pair cache of `event` (see `pair_cache`): the candidates that pass every
    /// static rule and fit beside the fixed schedules.
    pub fn ensure_pairs(&mut self, event: u32) {
        if self.pair_cache[event as usize].is_some() {
            return;
        }
        let pairs: Vec<(u32, Slot)> = self.cands[event as usize]
            .pairs(self.p, event)
            .filter(|&(e, slot)| load_allows(self.p, &self.fixed_only, event, e, slot))
            .collect();
        if self.cached_pairs + pairs.len() > PAIR_CACHE_LIMIT {
            self.pair_cache.iter_mut().for_each(|c| *c = None);
            self.cached_pairs = 0;
        }
        self.cached_pairs += pairs.len();
        self.pair_cache[event as usize] = Some(Cached::new(&self.w, self.p.employees.len(), pairs));
    }

    /// The fixed schedules alone.
    pub fn fixed_only(&self) -> &Workload {
        &self.fixed_only
    }

    pub fn cached_pairs_of(&self, event: u32) -> Option<&[(u32, Slot)]> {
        self.pair_cache[event as usize]
            .as_ref()
            .map(|c| c.pairs.as_slice())
    }

    pub fn pair_count(&mut self, event: u32) -> usize {
        self.ensure_pairs(event);
        self.pair_cache[event as usize]
            .as_ref()
            .map_or(0, |c| c.pairs.len())
    }

    /// The `i`-th cached pair of `event`; `None` when its list is not cached (any call that
    /// fills the cache may drop every list, so callers fetch right after `pair_count`).
    pub fn pair(&self, event: u32, i: usize) -> Option<(u32, Slot)> {
        self.pair_cache[event as usize]
            .as_ref()
            .and_then(|c| c.pairs.get(i).copied())
    }

    pub fn greedy(&mut self) {
        for k in 0..self.todo.len() {
            let event = self.todo[k];
            if let Some((e, slot)) = self.best_fit(event) {
                self.place(event, e, slot);
            }
        }
        self.commit();
    }

    pub fn new_generation(&mut self) -> u32 {
        self.generation += 1;
        if self.generation == u32::MAX {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.generation
    }

    /// Tries to place `event`, moving other proposals along a chain of single ejections (an
    /// augmenting path, as in bipartite matching): each event on the chain is taken out of the
    /// way of the previous one and must find room elsewhere. `budget` caps the events expanded.
    /// On failure the state is as before.
    pub fn augment(&mut self, event: u32, budget: &mut u32) -> bool {
        let generation = self.new_generation();
        self.augment_within(event, generation, budget)
    }

    /// `augment` among the events not yet stamped with `generation`: a caller that keeps one
    /// generation over several failed searches skips the events they already found no room
    /// for (a failed search leaves the schedule as it was, so they would fail again, as in
    /// Kuhn's matching algorithm), and takes a new one after a success.
    pub fn augment_within(&mut self, event: u32, generation: u32, budget: &mut u32) -> bool {
        let mark = self.mark();
        self.stamp[event as usize] = generation;
        if self.augment_from(event, generation, budget) {
            true
        } else {
            self.rollback(mark);
            false
        }
    }

    fn augment_from(&mut self, event: u32, generation: u32, budget: &mut u32) -> bool {
        self.ensure_pairs(event);
        if let Some((e, slot)) = self.best_fit(event) {
            self.place(event, e, slot);
            return true;
        }
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        // The event's candidates go on the chain's stacks (deeper expansions push above them
        // and pop before returning): a deeper `ensure_pairs` may drop the cache on large
        // instances, and the stacks save an allocation per expansion.
        let (pair_base, run_base, blocker_base) = (
            self.chain.pairs.len(),
            self.chain.runs.len(),
            self.chain.blockers.len(),
        );
        if let Some(cached) = self.pair_cache[event as usize].as_ref() {
            self.chain.pairs.extend_from_slice(&cached.pairs);
            self.chain.runs.extend_from_slice(&cached.runs);
        }
        let found = self.augment_runs(event, generation, budget, pair_base, run_base);
        self.chain.pairs.truncate(pair_base);
        self.chain.runs.truncate(run_base);
        self.chain.blockers.truncate(blocker_base);
        found
    }

    /// The body of `augment_from` over the runs it pushed at `pair_base` and `run_base`.
    fn augment_runs(
        &mut self,
        event: u32,
        generation: u32,
        budget: &mut u32,
        pair_base: usize,
        run_base: usize,
    ) -> bool {
        for r in run_base..self.chain.runs.len() {
            // One run per employee-day: the same bookings block each of its starts.
            let run = self.chain.runs[r];
            let (e, from, to) = (
                run.employee,
                pair_base + run.from as usize,
                pair_base + run.to as usize,
            );
            let first = self.chain.pairs[from].1;
            let base = self.chain.blockers.len();
            let mut stack = std::mem::take(&mut self.chain.blockers);
            self.for_each_blocker(event, e, first, |b| stack.push(b));
            self.chain.blockers = stack;
            let singles = self.chain.blockers.len() - base;
            // Eject one proposal, or when the day holds several, all of them (a Core needs the
            // whole day when two Demos sit in it); every ejected event must find room again.
            for b in self.w.day(e, first.day) {
                if self.chain.blockers[base..base + singles].contains(&b.event) {
                    self.chain.blockers.push(b.event);
                }
            }
            let whole = self.chain.blockers.len() - base - singles;
            let options = singles + usize::from(whole > 1);
            for k in 0..options {
                let (lo, hi) = if k < singles {
                    (base + k, base + k + 1)
                } else {
                    (base + singles, base + singles + whole)
                };
                if (lo..hi).any(|i| self.stamp[self.chain.blockers[i] as usize] == generation) {
                    continue;
                }
                let mark = self.mark();
                for i in lo..hi {
                    self.unplace(self.chain.blockers[i]);
                }
                let Some(slot) = (from..to)
                    .map(|i| self.chain.pairs[i].1)
                    .find(|&s| self.fits(event, e, s))
                else {
                    self.rollback(mark);
                    continue;
                };
                self.place(event, e, slot);
                for i in lo..hi {
                    self.stamp[self.chain.blockers[i] as usize] = generation;
                }
                let mut all = true;
                for i in lo..hi {
                    let o = self.chain.blockers[i];
                    if !(self.is_placed(o) || self.augment_from(o, generation, budget)) {
                        all = false;
                        break;
                    }
                }
                if all {
                    return true;
                }
                self.rollback(mark);
                if *budget == 0 {
                    return false;
                }
            }
            self.chain.blockers.truncate(base);
        }
        false
    }

    /// Proposals (not fixed) whose removal could make room for a candidate: those on its day,
    /// and when the week is full, those of its week.
    pub fn blockers(&self, event: u32, e: u32, slot: Slot, out: &mut Vec<u32>) {
        out.clear();
        self.for_each_blocker(event, e, slot, |b| out.push(b));
    }

    /// Calls `f` on each of `blockers`, in the same order, without gathering them.
    pub fn for_each_blocker(&self, event: u32, e: u32, slot: Slot, mut f: impl FnMut(u32)) {
        let mut own_on = |day| {
            for b in self.w.day(e, day) {
                if self.w.placement(b.event).is_some_and(|p| !p.fixed) {
                    f(b.event);
                }
            }
        };
        own_on(slot.day);
        if let Some(limit) = self.p.max_week_minutes
            && self.w.week_minutes(e, slot.day) + self.p.events[event as usize].minutes > limit
        {
            let monday = slot.day - (slot.day - 1).rem_euclid(7);
            for d in monday..monday + 7 {
                if d != slot.day {
                    own_on(d);
                }
            }
        }
    }
}
