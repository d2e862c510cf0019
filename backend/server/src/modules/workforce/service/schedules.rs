//! Schedules' use cases: create, edit and remove a schedule, each in its own transaction, checked
//! against every hard rule (docs/scheduling.md §2) and audited and published beside the change.

use crate::modules::workforce::dto::schedules::{ScheduleIn, ScheduleOut, SchedulePatch};
use crate::modules::workforce::events::{Event, audit_and_publish};
use crate::modules::workforce::service::{
    SCHEDULED, UNSTAFFED, check_schedule, clear_cancelled_slot, rules_broken, violations_json,
};
use crate::modules::workforce::state::Caches as _;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::state::AppState;
use chrono::Utc;
use kairos_domain::workforce::rules::{RuleCode, RuleViolation};
use kairos_domain::workforce::status::ScheduleStatus;
use kairos_store::entities::{employee, event, schedule};
use kairos_store::workforce::CANCELLED;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::json;

async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> ApiResult<schedule::Model> {
    find_or_404::<schedule::Entity, _, _>(conn, "schedule", id).await
}

/// Creates a schedule: 409 naming the broken rules unless the manager gave a reason to override.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: ScheduleIn,
) -> ApiResult<ScheduleOut> {
    let reason = input
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let cfg = state.rules().await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let emp = lock_employee(&txn, &input.employee_id).await?;
    let ev = event_by_ref(&txn, input.event_ref_num, true).await?;
    let violations =
        check_schedule(&txn, &cfg, &ev, &emp.id, input.schedule_datetime, None).await?;
    judge(&violations, reason.as_deref())?;
    clear_cancelled_slot(&txn, caller, ev.project_ref_num, input.schedule_datetime).await?;
    let now = Utc::now();
    let created = schedule::ActiveModel {
        event_ref_num: Set(ev.project_ref_num),
        employee_id: Set(emp.id.clone()),
        schedule_datetime: Set(input.schedule_datetime),
        created_at: Set(now),
        created_by: Set(Some(caller.audit_id())),
        modified_at: Set(None),
        status: Set(input
            .status
            .unwrap_or_else(|| ScheduleStatus::Confirmed.as_str().to_owned())),
        notes: Set(input.notes),
        override_reason: Set(if violations.is_empty() { None } else { reason }),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    sync_condition(&txn, &ev).await?;
    let out = ScheduleOut::from(created);
    let mut after = json!(out);
    if !violations.is_empty() {
        after["overridden_violations"] = violations_json(&violations);
    }
    audit_and_publish(
        &txn,
        caller,
        Event::ScheduleCreated,
        Change::new("create", "schedule", out.id).after(after),
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}

/// Edits a schedule; a new employee or time is checked against every hard rule again.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: i32,
    p: SchedulePatch,
) -> ApiResult<ScheduleOut> {
    let reason = p
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let cfg = state.rules().await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    let employee_id = p
        .employee_id
        .clone()
        .unwrap_or_else(|| before.employee_id.clone());
    let start = p.schedule_datetime.unwrap_or(before.schedule_datetime);
    let status = p.status.clone().unwrap_or_else(|| before.status.clone());
    let moved = employee_id != before.employee_id || start != before.schedule_datetime;
    let reviving = before.status == CANCELLED && status != CANCELLED;
    let ev = event_by_ref(&txn, before.event_ref_num, true).await?;
    let mut violations = vec![];
    if (moved || reviving) && status != CANCELLED {
        lock_employee(&txn, &employee_id).await?;
        violations = check_schedule(&txn, &cfg, &ev, &employee_id, start, Some(before.id)).await?;
        judge(&violations, reason.as_deref())?;
    }
    if start != before.schedule_datetime {
        // Another schedule of this event, cancelled at the new time, gives way (see there).
        clear_cancelled_slot(&txn, caller, ev.project_ref_num, start).await?;
    }
    let mut row: schedule::ActiveModel = before.clone().into();
    row.employee_id = Set(employee_id);
    row.schedule_datetime = Set(start);
    row.status = Set(status);
    if let Some(n) = p.notes {
        row.notes = Set(Some(n));
    }
    if !violations.is_empty() {
        row.override_reason = Set(reason);
    }
    row.modified_at = Set(Some(Utc::now()));
    let after = ScheduleOut::from(row.update(&txn).await?);
    sync_condition(&txn, &ev).await?;
    let mut after_json = json!(after);
    if !violations.is_empty() {
        after_json["overridden_violations"] = violations_json(&violations);
    }
    audit_and_publish(
        &txn,
        caller,
        Event::ScheduleUpdated,
        Change::new("update", "schedule", after.id)
            .before(ScheduleOut::from(before))
            .after(after_json),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Removes a schedule; an event left with none is unstaffed again.
pub async fn delete(state: &AppState, caller: &Caller, id: i32) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    let ev = event_by_ref(&txn, before.event_ref_num, true).await?;
    schedule::Entity::delete_by_id(before.id).exec(&txn).await?;
    sync_condition(&txn, &ev).await?;
    audit_and_publish(
        &txn,
        caller,
        Event::ScheduleDeleted,
        Change::new("delete", "schedule", before.id).before(ScheduleOut::from(before)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn event_by_ref<C: ConnectionTrait>(conn: &C, r: i64, lock: bool) -> ApiResult<event::Model> {
    let mut q = event::Entity::find().filter(event::Column::ProjectRefNum.eq(r));
    if lock {
        q = kairos_store::for_update(q, conn);
    }
    q.one(conn).await?.ok_or_else(|| {
        ApiError::invalid("event_ref_num", format!("no event has project_ref_num {r}"))
    })
}

/// Locks the employee's row (PostgreSQL) so that concurrent schedules of one employee are checked
/// one after another; SQLite's write transactions are already serial.
async fn lock_employee(txn: &DatabaseTransaction, id: &str) -> ApiResult<employee::Model> {
    kairos_store::for_update(employee::Entity::find_by_id(id.to_owned()), txn)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::invalid("employee_id", format!("no employee has id {id}")))
}

/// 409 naming every broken rule, unless a manager overrides with a reason (never for rule 9).
fn judge(violations: &[RuleViolation], override_reason: Option<&str>) -> ApiResult<()> {
    if violations.is_empty() {
        return Ok(());
    }
    let double = violations
        .iter()
        .any(|v| v.code == RuleCode::EventAlreadyAssigned);
    if override_reason.is_some() && !double {
        return Ok(());
    }
    Err(rules_broken("the schedule", violations))
}

/// Sets the event's condition to match whether it has an active schedule.
async fn sync_condition<C: ConnectionTrait>(conn: &C, event: &event::Model) -> ApiResult<()> {
    let held = schedule::Entity::find()
        .filter(schedule::Column::EventRefNum.eq(event.project_ref_num))
        .filter(schedule::Column::Status.ne(CANCELLED))
        .count(conn)
        .await?
        > 0;
    let target = match (held, event.condition.as_str()) {
        (true, UNSTAFFED) => SCHEDULED,
        (false, SCHEDULED) => UNSTAFFED,
        _ => return Ok(()),
    };
    event::Entity::update_many()
        .col_expr(event::Column::Condition, Expr::value(target))
        .col_expr(event::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(event::Column::Id.eq(event.id))
        .exec(conn)
        .await?;
    Ok(())
}
