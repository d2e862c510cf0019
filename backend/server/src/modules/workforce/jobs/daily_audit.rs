//! The daily audit check: what needs a manager's eye in the coming days. It finds
//! - events due within `audit_unstaffed_days` that are still unstaffed;
//! - future schedules that now break a rule (time off approved after scheduling, an employee
//!   deactivated, availability changed …), re-checked with the one rule checker;
//! - days of the coming week with nobody on a rotation that the event types use;
//! - past schedules of the last week without attendance.
//!
//! Findings are stored (one open row per kind and subject; a finding no longer seen is resolved),
//! each new one is published (notification settings may name its kind), and managers get one
//! in-app summary.

use crate::modules::workforce::service::{UNSTAFFED, check_schedule};
use crate::modules::workforce::state::Caches as _;
use crate::platform::events::outbox::publish;
use crate::platform::jobs::Outcome;
use crate::platform::state::AppState;
use chrono::{Duration, Utc};
use kairos_store::entities::{attendance, audit_finding, event, rotation_assignment, schedule};
use kairos_store::workforce::{CANCELLED, events_by_ref};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap, HashSet};

pub const UNSTAFFED_EVENT: &str = "audit.unstaffed_event";
pub const RULE_BROKEN: &str = "audit.schedule_rule_broken";
pub const ROTATION_GAP: &str = "audit.rotation_gap";
pub const ATTENDANCE_MISSING: &str = "audit.attendance_missing";

struct Finding {
    kind: &'static str,
    subject: String,
    message: String,
    details: Value,
}

pub async fn run(state: &AppState) -> Result<Outcome, String> {
    check(state)
        .await
        .map(Outcome::Done)
        .map_err(|e| e.to_string())
}

async fn check(state: &AppState) -> Result<Value, DbErr> {
    let cfg = state.rules().await?;
    let now = Utc::now();
    let days = crate::platform::settings::int(
        &state.db,
        &state.keys,
        crate::modules::workforce::settings::AUDIT_UNSTAFFED_DAYS,
    )
    .await?
    .clamp(1, 60);
    let mut found = Vec::new();

    let due_soon = event::Entity::find()
        .filter(event::Column::Condition.eq(UNSTAFFED))
        .filter(event::Column::DueDatetime.gte(now))
        .filter(event::Column::DueDatetime.lt(now + Duration::days(days)))
        .all(&state.db)
        .await?;
    for e in due_soon {
        found.push(Finding {
            kind: UNSTAFFED_EVENT,
            subject: format!("event:{}", e.project_ref_num),
            message: format!(
                "{} ({}) is due {} and nobody is scheduled",
                e.project_name,
                e.project_ref_num,
                cfg.local(e.due_datetime).format("%a %d %b %H:%M")
            ),
            details: json!({"event_ref_num": e.project_ref_num, "due_datetime": e.due_datetime}),
        });
    }

    let upcoming = schedule::Entity::find()
        .filter(schedule::Column::ScheduleDatetime.gte(now))
        .filter(schedule::Column::ScheduleDatetime.lt(now + Duration::days(14)))
        .filter(schedule::Column::Status.ne(CANCELLED))
        .all(&state.db)
        .await?;
    let events = events_by_ref(&state.db, upcoming.iter().map(|s| s.event_ref_num)).await?;
    for s in &upcoming {
        let Some(ev) = events.get(&s.event_ref_num) else {
            continue;
        };
        let broken = check_schedule(
            &state.db,
            &cfg,
            ev,
            &s.employee_id,
            s.schedule_datetime,
            Some(s.id),
        )
        .await?;
        if broken.is_empty() {
            continue;
        }
        let rules: Vec<&str> = broken.iter().map(|v| v.message.as_str()).collect();
        found.push(Finding {
            kind: RULE_BROKEN,
            subject: format!("schedule:{}", s.id),
            message: format!(
                "The schedule of {} for {} on {} now breaks a rule: {}",
                s.employee_id,
                ev.project_name,
                cfg.local(s.schedule_datetime).format("%a %d %b %H:%M"),
                rules.join("; ")
            ),
            details: json!({"schedule_id": s.id, "employee_id": s.employee_id,
                "violations": crate::modules::workforce::service::violations_json(&broken)}),
        });
    }

    let rotation_types: BTreeSet<String> = cfg
        .event_types
        .values()
        .filter_map(|r| r.rotation.clone())
        .collect();
    let today = cfg.local(now).date();
    let week: Vec<_> = (0..7).map(|d| today + Duration::days(d)).collect();
    let held: HashSet<(String, chrono::NaiveDate)> = rotation_assignment::Entity::find()
        .filter(rotation_assignment::Column::Date.between(week[0], week[6]))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|r| (r.rotation_type, r.date))
        .collect();
    for t in &rotation_types {
        for d in &week {
            if !held.contains(&(t.clone(), *d)) {
                found.push(Finding {
                    kind: ROTATION_GAP,
                    subject: format!("rotation:{t}:{d}"),
                    message: format!("Nobody holds the {t} rotation on {}", d.format("%a %d %b")),
                    details: json!({"rotation_type": t, "date": d}),
                });
            }
        }
    }

    let past = schedule::Entity::find()
        .filter(schedule::Column::ScheduleDatetime.gte(now - Duration::days(7)))
        .filter(schedule::Column::ScheduleDatetime.lt(now - Duration::hours(12)))
        .filter(schedule::Column::Status.ne(CANCELLED))
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = past.iter().map(|s| s.id).collect();
    let recorded: HashSet<i32> = attendance::Entity::find()
        .filter(attendance::Column::ScheduleId.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|a| a.schedule_id)
        .collect();
    for s in past.iter().filter(|s| !recorded.contains(&s.id)) {
        found.push(Finding {
            kind: ATTENDANCE_MISSING,
            subject: format!("schedule:{}", s.id),
            message: format!(
                "No attendance recorded for {} on {} (event {})",
                s.employee_id,
                cfg.local(s.schedule_datetime).format("%a %d %b"),
                s.event_ref_num
            ),
            details: json!({"schedule_id": s.id, "employee_id": s.employee_id}),
        });
    }

    store(state, found).await
}

/// Saves the findings, resolves the open ones not seen again, publishes the new ones.
async fn store(state: &AppState, found: Vec<Finding>) -> Result<Value, DbErr> {
    let now = Utc::now();
    let txn = kairos_store::begin_write(&state.db).await?;
    let open: HashMap<(String, String), audit_finding::Model> = audit_finding::Entity::find()
        .filter(audit_finding::Column::ResolvedAt.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .map(|f| ((f.kind.clone(), f.subject_key.clone()), f))
        .collect();
    let mut seen = HashSet::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut new = 0;
    for f in found {
        *counts.entry(f.kind).or_default() += 1;
        let key = (f.kind.to_owned(), f.subject.clone());
        if let Some(existing) = open.get(&key) {
            let mut row: audit_finding::ActiveModel = existing.clone().into();
            row.last_seen_at = Set(now);
            row.message = Set(f.message);
            row.details = Set(Some(f.details));
            row.update(&txn).await?;
        } else if seen.insert(key.clone()) {
            let row = audit_finding::ActiveModel {
                kind: Set(f.kind.to_owned()),
                subject_key: Set(f.subject.clone()),
                message: Set(f.message.clone()),
                details: Set(Some(f.details.clone())),
                found_at: Set(now),
                last_seen_at: Set(now),
                resolved_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            publish(
                &txn,
                f.kind,
                json!({"finding_id": row.id, "subject": f.subject, "message": f.message, "details": f.details}),
            )
            .await?;
            new += 1;
        }
        seen.insert(key);
    }
    let mut resolved = 0;
    for (key, f) in &open {
        if !seen.contains(key) {
            let mut row: audit_finding::ActiveModel = f.clone().into();
            row.resolved_at = Set(Some(now));
            row.update(&txn).await?;
            resolved += 1;
        }
    }
    let summary = json!({
        "unstaffed_events": counts.get(UNSTAFFED_EVENT).copied().unwrap_or(0),
        "schedules_breaking_rules": counts.get(RULE_BROKEN).copied().unwrap_or(0),
        "rotation_gaps": counts.get(ROTATION_GAP).copied().unwrap_or(0),
        "attendance_missing": counts.get(ATTENDANCE_MISSING).copied().unwrap_or(0),
        "new": new,
        "resolved": resolved,
    });
    if new > 0 {
        publish(
            &txn,
            "audit.summary",
            json!({"message": format!("The daily audit found {new} new issue(s) to look at."), "summary": summary}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(summary)
}
