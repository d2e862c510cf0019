//! An upper bound on the events that can be placed, from a maximum flow: when the search
//! reaches it, the count is proven optimal and the search stops.
//!
//! The flow relaxes the load rules into capacities on nested groups of candidates, each a
//! rule the real schedule must obey too, so no schedule places more than the flow carries:
//!
//! ```text
//! source -1-> event -1-> (employee, day, type) -> [clique of the day] -> (employee, day) -> (employee, week) -> sink
//! ```
//!
//! - (employee, day, type): the type's `max_per_employee_per_day`, less the fixed ones;
//! - clique: the types whose every candidate on that employee-day covers one common minute
//!   (a Core and a Juicer always overlap at noon): at most one of them that day;
//! - (employee, day): `max_events_per_employee_per_day`, less the fixed ones;
//! - (employee, week): as many of its candidate events as fit in the week's free minutes,
//!   shortest first.
//!
//! Candidates are the cached pairs (every static rule passed, room beside the fixed
//! schedules), so the rules themselves still come from `rules::checks` alone.

use crate::workforce::problem::Day;
use crate::workforce::solver::search::State;

const UNLIMITED: u32 = u32::MAX / 4;

/// A type's node on one employee-day: (type, node, latest start, earliest end of its candidates).
type TypeNode = (u16, u32, u32, u32);

/// Above this many candidate pairs the bound is not built (it would cost more than it saves).
pub(crate) const FLOW_PAIR_LIMIT: usize = 400_000;

/// The flow bound, fixed schedules included; `None` when the instance is too large.
pub(crate) fn flow_bound(state: &mut State) -> Option<usize> {
    if state.candidate_estimate() > FLOW_PAIR_LIMIT * 4 {
        return None;
    }
    let p = state.p;
    let todo = state.todo.clone();
    let kinds = p.types.len();
    let span = p.span_days as usize;
    let weeks = span.div_ceil(7);
    // Tables indexed by employee, day of the span and type (or employee and week).
    let day_of = |e: u32, day: Day| e as usize * span + (day - p.span_first) as usize;
    let week_of = |e: u32, day: Day| e as usize * weeks + (day - p.span_first) as usize / 7;
    let mut total = 0usize;
    // (employee, day, type) -> (node, latest start, earliest end) of its candidates.
    let mut edt: Vec<Option<(u32, u32, u32)>> = vec![None; p.employees.len() * span * kinds];
    // (employee, week) -> minutes of the distinct events with a candidate there.
    let mut week_minutes: Vec<Vec<u32>> = vec![Vec::new(); p.employees.len() * weeks];
    let mut g = Flow::new(2);
    let (source, sink) = (0u32, 1u32);
    let mut keys: Vec<usize> = Vec::new();
    let mut event_weeks: Vec<usize> = Vec::new();
    for &event in &todo {
        state.ensure_pairs(event);
        let Some(pairs) = state.cached_pairs_of(event) else {
            continue;
        };
        if pairs.is_empty() {
            continue;
        }
        total += pairs.len();
        if total > FLOW_PAIR_LIMIT {
            return None;
        }
        let ev = &p.events[event as usize];
        let Some(kind) = ev.kind else {
            continue;
        };
        let node = g.add_node();
        g.add_edge(source, node, 1);
        keys.clear();
        event_weeks.clear();
        for &(e, slot) in pairs {
            let iv = ev.interval(slot.start);
            let key = day_of(e, slot.day) * kinds + kind as usize;
            let entry = edt[key].get_or_insert_with(|| (g.add_node(), 0, u32::MAX));
            entry.1 = entry.1.max(iv.start);
            entry.2 = entry.2.min(iv.end);
            keys.push(key);
            event_weeks.push(week_of(e, slot.day));
        }
        keys.sort_unstable();
        keys.dedup();
        for &k in &keys {
            if let Some((to, _, _)) = edt[k] {
                g.add_edge(node, to, 1);
            }
        }
        event_weeks.sort_unstable();
        event_weeks.dedup();
        for &w in &event_weeks {
            week_minutes[w].push(ev.minutes);
        }
    }
    let fixed = state.fixed_only();
    let mut week_nodes: Vec<Option<u32>> = vec![None; p.employees.len() * weeks];
    let mut types: Vec<TypeNode> = Vec::new();
    for e in 0..p.employees.len() as u32 {
        for d in 0..span {
            let day = p.span_first + d as Day;
            let at = day_of(e, day) * kinds;
            types.clear();
            types.extend(
                edt[at..at + kinds]
                    .iter()
                    .enumerate()
                    .filter_map(|(k, n)| n.map(|(node, lo, hi)| (k as u16, node, lo, hi))),
            );
            if types.is_empty() {
                continue;
            }
            let booked = fixed.day(e, day);
            let day_node = g.add_node();
            // The minute covered by the most types' common spans: those types form a clique.
            let mut best: (usize, u32) = (0, 0);
            for &(_, _, lo, _) in &types {
                let n = types
                    .iter()
                    .filter(|&&(_, _, a, b)| a < b && a <= lo && lo < b)
                    .count();
                if n > best.0 {
                    best = (n, lo);
                }
            }
            let clique = (best.0 >= 2).then(|| {
                let c = g.add_node();
                g.add_edge(c, day_node, 1);
                c
            });
            for &(kind, node, lo, hi) in &types {
                let cap = p.types[kind as usize].cap_per_day.map_or(UNLIMITED, |c| {
                    let same = booked.iter().filter(|b| b.kind == Some(kind)).count() as u32;
                    c.saturating_sub(same)
                });
                match clique {
                    Some(c) if lo < hi && lo <= best.1 && best.1 < hi => {
                        g.add_edge(node, c, cap.min(1))
                    }
                    _ => g.add_edge(node, day_node, cap),
                }
            }
            let day_cap = p
                .max_per_day
                .map_or(UNLIMITED, |c| c.saturating_sub(booked.len() as u32));
            let week_node = *week_nodes[week_of(e, day)].get_or_insert_with(|| g.add_node());
            g.add_edge(day_node, week_node, day_cap);
        }
    }
    for (i, node) in week_nodes.iter().enumerate() {
        let Some(node) = *node else {
            continue;
        };
        let (e, week) = ((i / weeks) as u32, (i % weeks) as Day);
        let cap = match p.max_week_minutes {
            None => UNLIMITED,
            Some(limit) => {
                let monday = p.span_first + week * 7;
                let free = limit.saturating_sub(fixed.week_minutes(e, monday));
                let minutes = &mut week_minutes[i];
                minutes.sort_unstable();
                let mut used = 0u32;
                minutes
                    .iter()
                    .take_while(|&&m| {
                        used += m;
                        used <= free
                    })
                    .count() as u32
            }
        };
        g.add_edge(node, sink, cap);
    }
    Some(fixed.assigned_count() + g.max_flow(source, sink) as usize)
}

/// Dinic's maximum flow on a small graph.
struct Flow {
    /// Per node, its edge indices.
    adj: Vec<Vec<u32>>,
    to: Vec<u32>,
    cap: Vec<u32>,
    level: Vec<i32>,
    next: Vec<usize>,
}

impl Flow {
    fn new(nodes: usize) -> Self {
        Self {
            adj: vec![Vec::new(); nodes],
            to: Vec::new(),
            cap: Vec::new(),
            level: Vec::new(),
            next: Vec::new(),
        }
    }

    fn add_node(&mut self) -> u32 {
        self.adj.push(Vec::new());
        (self.adj.len() - 1) as u32
    }

    fn add_edge(&mut self, a: u32, b: u32, cap: u32) {
        if cap == 0 {
            return;
        }
        self.adj[a as usize].push(self.to.len() as u32);
        self.to.push(b);
        self.cap.push(cap);
        self.adj[b as usize].push(self.to.len() as u32);
        self.to.push(a);
        self.cap.push(0);
    }

    fn bfs(&mut self, s: u32, t: u32) -> bool {
        self.level.clear();
        self.level.resize(self.adj.len(), -1);
        self.level[s as usize] = 0;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            for &edge in &self.adj[u as usize] {
                let v = self.to[edge as usize];
                if self.cap[edge as usize] > 0 && self.level[v as usize] < 0 {
                    self.level[v as usize] = self.level[u as usize] + 1;
                    queue.push_back(v);
                }
            }
        }
        self.level[t as usize] >= 0
    }

    fn dfs(&mut self, u: u32, t: u32, pushed: u32) -> u32 {
        if u == t {
            return pushed;
        }
        while self.next[u as usize] < self.adj[u as usize].len() {
            let edge = self.adj[u as usize][self.next[u as usize]] as usize;
            let v = self.to[edge];
            if self.cap[edge] > 0 && self.level[v as usize] == self.level[u as usize] + 1 {
                let got = self.dfs(v, t, pushed.min(self.cap[edge]));
                if got > 0 {
                    self.cap[edge] -= got;
                    self.cap[edge ^ 1] += got;
                    return got;
                }
            }
            self.next[u as usize] += 1;
        }
        0
    }

    fn max_flow(&mut self, s: u32, t: u32) -> u64 {
        let mut flow = 0u64;
        while self.bfs(s, t) {
            self.next.clear();
            self.next.resize(self.adj.len(), 0);
            loop {
                let got = self.dfs(s, t, UNLIMITED);
                if got == 0 {
                    break;
                }
                flow += u64::from(got);
            }
        }
        flow
    }
}
