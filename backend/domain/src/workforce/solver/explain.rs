//! Why each event was placed where it was, or not at all: reasons, confidence, exception types.
//!
//! # Confidence score
//!
//! `confidence_score = preference_fit × (0.5 + 0.5 × min(alternatives, 3) / 3)`, in `[0.25, 1]`:
//!
//! - `alternatives` is how many *other* employees could take the event as the rest of the
//!   proposal stands (every hard rule checked, nothing else moved). Zero means the proposal is
//!   the only way to staff the event: approve it or the event stays open (score 0.5); three or
//!   more means a manager can swap it freely if they disagree (score 1).
//! - `preference_fit` is 1 when the event has no `preferred_time` or starts exactly at it, and
//!   otherwise `0.5 + 0.5 × max(0, 1 − |start − preferred| / 240 min)`: a missed preference
//!   halves the score at worst.
//!
//! It reads only the final schedule, so the same input gives the same score.

use crate::workforce::instance::ExceptionType;
use crate::workforce::problem::{Problem, Requirement, date_of};
use crate::workforce::rules::checks::{
    Breach, EMPLOYEE_RULES, LOAD_RULES, PAIR_RULES, Slot, load_allows,
};
use crate::workforce::rules::workload::{Placement, Workload};
use crate::workforce::solver::search::State;

/// The score above; exposed to the tests through `ExplainedAssignment`.
pub(crate) fn confidence(alternatives: usize, preferred: Option<u16>, start: u16) -> f64 {
    let preference_fit = match preferred {
        None => 1.0,
        Some(t) => {
            let gap = f64::from(t.abs_diff(start));
            0.5 + 0.5 * (1.0 - gap / 240.0).max(0.0)
        }
    };
    let backup = alternatives.min(3) as f64 / 3.0;
    let score = preference_fit * (0.5 + 0.5 * backup);
    // Two decimals: the score is read by people, and rounding keeps the JSON stable.
    (score * 100.0).round() / 100.0
}

/// Why each employee could not take an event on an empty schedule, counted per rule.
struct Screening {
    able: Vec<u32>,
    inactive: usize,
    unskilled: usize,
    required_or_excluded: usize,
    no_rotation: usize,
    unavailable: usize,
    /// Working on a day of the window, but no shift covers the event's minutes from any
    /// allowed start.
    short_shift: usize,
}

fn screen(state: &State, event: u32) -> Screening {
    let p = state.p;
    let ev = &p.events[event as usize];
    let slots = &state.cands[event as usize].slots;
    let mut s = Screening {
        able: Vec::new(),
        inactive: 0,
        unskilled: 0,
        required_or_excluded: 0,
        no_rotation: 0,
        unavailable: 0,
        short_shift: 0,
    };
    for e in 0..p.employees.len() as u32 {
        match EMPLOYEE_RULES.iter().find_map(|rule| rule(p, ev, e)) {
            Some(Breach::EmployeeInactive) => s.inactive += 1,
            Some(Breach::MissingSkill) => s.unskilled += 1,
            Some(_) => s.required_or_excluded += 1,
            None => {
                let breaches: Vec<Option<Breach>> = slots
                    .iter()
                    .map(|&slot| PAIR_RULES.iter().find_map(|rule| rule(p, ev, e, slot)))
                    .collect();
                if breaches.iter().any(Option::is_none) {
                    s.able.push(e);
                } else if !breaches.is_empty()
                    && breaches.iter().all(|b| *b == Some(Breach::RotationNotHeld))
                {
                    s.no_rotation += 1;
                } else if slots.iter().any(|slot| !p.windows(e, slot.day).is_empty()) {
                    s.short_shift += 1;
                } else {
                    s.unavailable += 1;
                }
            }
        }
    }
    s
}

fn skills_of(p: &Problem, event: u32) -> String {
    let kind = p.events[event as usize].kind;
    let skills = kind.map(|k| p.types[k as usize].skills_any.join("/"));
    match skills {
        Some(s) if !s.is_empty() => format!("with skill {s}"),
        _ => "at all".to_owned(),
    }
}

fn window_text(state: &State, event: u32) -> String {
    let slots = &state.cands[event as usize].slots;
    match (slots.first(), slots.last()) {
        (Some(a), Some(b)) if a.day == b.day => format!("on {}", date_of(a.day)),
        (Some(a), Some(b)) => format!("between {} and {}", date_of(a.day), date_of(b.day)),
        _ => String::new(),
    }
}

fn screening_text(s: &Screening, p: &Problem, event: u32) -> String {
    let mut parts = Vec::new();
    let kind = p.events[event as usize].kind;
    if s.unskilled > 0 {
        let skills = kind.map_or(String::new(), |k| p.types[k as usize].skills_any.join("/"));
        parts.push(format!("{} lack skill {skills}", s.unskilled));
    }
    if s.inactive > 0 {
        parts.push(format!("{} inactive", s.inactive));
    }
    if s.required_or_excluded > 0 {
        parts.push(format!(
            "{} ruled out by the event's override",
            s.required_or_excluded
        ));
    }
    if s.no_rotation > 0 {
        parts.push(format!("{} without the rotation", s.no_rotation));
    }
    if s.unavailable > 0 {
        parts.push(format!("{} unavailable", s.unavailable));
    }
    if s.short_shift > 0 {
        parts.push(format!(
            "{} working, but not for {} minutes from an allowed start",
            s.short_shift, p.events[event as usize].minutes
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// The reason and category for an event left unassigned.
pub(crate) fn unassigned(
    state: &State,
    fixed_only: &Workload,
    event: u32,
) -> (ExceptionType, String) {
    let p = state.p;
    let ev = &p.events[event as usize];
    let facts = &p.instance.events[event as usize];
    let Some(kind) = ev.kind else {
        return (
            ExceptionType::SkillMismatch,
            format!("event type {} has no scheduling rule", facts.event_type),
        );
    };
    let c = &state.cands[event as usize];
    if c.slots.is_empty() {
        return (
            ExceptionType::Availability,
            format!(
                "no allowed {} start fits the event's window {} {} to {} {} inside the horizon",
                p.types[kind as usize].name,
                facts.start.date(),
                facts.start.clock(),
                facts.due.date(),
                facts.due.clock()
            ),
        );
    }
    let window = window_text(state, event);
    let s = screen(state, event);
    if c.employees.is_empty() {
        let text = match ev.required {
            Requirement::Employee(r) => format!(
                "the required employee {} cannot take {} events{}",
                p.employee_label(r),
                p.types[kind as usize].name,
                screening_text(&s, p, event)
            ),
            Requirement::Unknown => format!(
                "the required employee {} is not in the schedule data",
                facts.required_employee_id.as_deref().unwrap_or("?")
            ),
            Requirement::Anyone => format!(
                "no active employee {} may take it{}",
                skills_of(p, event),
                screening_text(&s, p, event)
            ),
        };
        return (ExceptionType::SkillMismatch, text);
    }
    if s.able.is_empty() {
        let rotation = p.types[kind as usize].rotation.as_deref();
        let text = match rotation {
            Some(r) if s.no_rotation > 0 => format!(
                "no employee holding the {r} rotation is available {window}{}",
                screening_text(&s, p, event)
            ),
            _ if s.unavailable == 0 && s.short_shift > 0 => format!(
                "no employee {} is free for the event's {} minutes from an allowed start {window}{}",
                skills_of(p, event),
                ev.minutes,
                screening_text(&s, p, event)
            ),
            _ => format!(
                "no employee {} is available {window}{}",
                skills_of(p, event),
                screening_text(&s, p, event)
            ),
        };
        return (ExceptionType::Availability, text);
    }
    let pairs: Vec<(u32, Slot)> = c.pairs(p, event).collect();
    if !pairs
        .iter()
        .any(|&(e, slot)| load_allows(p, fixed_only, event, e, slot))
    {
        // Who, and the schedules in their way on the candidate days.
        let mut blocking: Vec<(i64, usize)> = pairs
            .iter()
            .flat_map(|&(e, slot)| fixed_only.day(e, slot.day))
            .map(|b| (p.events[b.event as usize].event_ref, b.event as usize))
            .collect();
        blocking.sort_unstable();
        blocking.dedup_by_key(|b| b.0);
        let who = listed(s.able.iter().map(|&e| p.employee_label(e)));
        let by = if blocking.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                listed(blocking.iter().map(|&(_, i)| p.instance.events[i].label()))
            )
        };
        return (
            ExceptionType::Conflict,
            format!(
                "{} who could take it {window}, {who}, {} blocked by existing schedules{by}",
                everyone(s.able.len()),
                if s.able.len() == 1 { "is" } else { "are" },
            ),
        );
    }
    let who = listed(s.able.iter().map(|&e| p.employee_label(e)));
    (
        ExceptionType::Coverage,
        format!(
            "{} who could take it {window}, {who}, {} taken by other proposals ({})",
            everyone(s.able.len()),
            if s.able.len() == 1 { "is" } else { "are" },
            binding_load_rule(state, event, &pairs)
        ),
    )
}

/// Up to five names as a list ("A", "A and B", "A, B and C"), then how many more.
pub(crate) fn listed(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    let shown = names.len().min(5);
    let mut parts: Vec<String> = names[..shown].to_vec();
    if names.len() > shown {
        parts.push(format!("{} more", names.len() - shown));
    }
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The load rule that blocks most candidates in the final schedule, in words.
fn binding_load_rule(state: &State, event: u32, pairs: &[(u32, Slot)]) -> &'static str {
    let mut counts = [0usize; 4];
    for &(e, slot) in pairs {
        let load = crate::workforce::rules::checks::Load::of(&state.w, event, e, slot);
        match LOAD_RULES
            .iter()
            .find_map(|rule| rule(state.p, &load, event, slot))
        {
            Some(Breach::OverlapsExisting { .. }) => counts[0] += 1,
            Some(Breach::DailyLimit { .. }) => counts[1] += 1,
            Some(Breach::TypeDailyLimit { .. }) => counts[2] += 1,
            Some(Breach::WeeklyMinutes { .. }) => counts[3] += 1,
            _ => {}
        }
    }
    let names = [
        "overlapping bookings",
        "the daily event limit",
        "the per-type daily limit",
        "the weekly minutes limit",
    ];
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    names[best]
}

/// The confidence and the sentence for a placed event.
pub(crate) fn assigned(state: &mut State, event: u32, at: Placement) -> (f64, String) {
    let p = state.p;
    let ev = &p.events[event as usize];
    let s = screen(state, event);
    // Look at the others with this event taken out, then put it back exactly.
    state.w.remove(p, event);
    let slots = state.cands[event as usize].slots.clone();
    let alternatives = s
        .able
        .iter()
        .filter(|&&e| e != at.employee)
        .filter(|&&e| {
            slots.iter().any(|&slot| {
                PAIR_RULES.iter().all(|rule| rule(p, ev, e, slot).is_none())
                    && load_allows(p, &state.w, event, e, slot)
            })
        })
        .count();
    state
        .w
        .place(p, event, at.employee, at.day, at.start, at.fixed);
    let score = confidence(alternatives, ev.preferred, at.start);
    let preference = match ev.preferred {
        None => String::new(),
        Some(t) if t == at.start => "; preferred time met".to_owned(),
        Some(t) => format!("; preferred time {:02}:{:02} not possible", t / 60, t % 60),
    };
    let kind_name = ev.kind.map_or("?", |k| p.types[k as usize].name.as_str());
    let text = format!(
        "{} on {} at {:02}:{:02}: {} of {} employees could take this {kind_name} event{}; \
         {alternatives} other{} could still take it as scheduled{preference}",
        p.employee_label(at.employee),
        date_of(at.day),
        at.start / 60,
        at.start % 60,
        s.able.len(),
        p.employees.len(),
        screening_text(&s, p, event),
        if alternatives == 1 { "" } else { "s" },
    );
    (score, text)
}

/// "the one employee", "both employees" or "all 3 employees".
fn everyone(n: usize) -> String {
    match n {
        1 => "the one employee".to_owned(),
        2 => "both employees".to_owned(),
        _ => format!("all {n} employees"),
    }
}
