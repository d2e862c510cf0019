//! The review of a run's proposals: edit one (re-checked) or reject one, each in its own
//! transaction, audited.

use crate::modules::workforce::dto::events::SchedulingOverride;
use crate::modules::workforce::dto::scheduler::*;
use crate::modules::workforce::service::event_changes::{override_of, store_override};
use crate::modules::workforce::service::events::find_by_ref;
use crate::modules::workforce::service::runs::{self};
use crate::modules::workforce::service::{check_proposal, proposal_context, rules_broken};
use crate::platform::audit::audited_update;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::state::AppState;
use kairos_store::entities::{employee, event, pending_schedule};
use kairos_store::workforce::RuleConfig;
use kairos_store::workforce::domain_employee;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

/// Edits an open proposal; the change is checked against every rule first.
pub async fn edit(
    state: &AppState,
    caller: &Caller,
    cfg: &RuleConfig,
    id: i32,
    p: PendingPatch,
) -> ApiResult<PendingOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find_pending(&txn, id).await?;
    if before.reviewed {
        return Err(ApiError::conflict("this proposal was already reviewed"));
    }
    let employee_id = p.employee_id.unwrap_or_else(|| before.employee_id.clone());
    let at = p.schedule_datetime.unwrap_or(before.schedule_datetime);
    if employee_id == before.employee_id && at == before.schedule_datetime {
        // Nothing changes: answered as it is, neither re-worded nor audited.
        return Ok(PendingOut::from(before));
    }
    let Some(new_employee) = employee::Entity::find_by_id(employee_id.clone())
        .one(&txn)
        .await?
    else {
        return Err(ApiError::invalid(
            "employee_id",
            format!("no employee has id {employee_id}"),
        ));
    };
    let ev = proposal_event(&txn, &before).await?;
    // Within the run's range, and beside the run's other open proposals for that employee.
    let context = proposal_context(&txn, &before, Some(&employee_id)).await?;
    let violations = check_proposal(&txn, cfg, &ev, &employee_id, at, &context).await?;
    if !violations.is_empty() {
        return Err(rules_broken("the changed proposal", &violations));
    }
    let mut row: pending_schedule::ActiveModel = before.clone().into();
    let local = cfg.local(at);
    // The solver's reason and confidence spoke of its own choice; the manager's replaces them.
    let was = employee::Entity::find_by_id(before.employee_id.clone())
        .one(&txn)
        .await?;
    row.reason = Set(Some(format!(
        "Edited by a manager: {} on {} at {}, every hard rule checked (was {} at {}).",
        domain_employee(&new_employee).label(),
        local.format("%Y-%m-%d"),
        local.format("%H:%M"),
        was.as_ref().map_or_else(
            || before.employee_id.clone(),
            |e| domain_employee(e).label()
        ),
        cfg.local(before.schedule_datetime).format("%Y-%m-%d %H:%M"),
    )));
    row.confidence_score = Set(None);
    row.employee_id = Set(employee_id);
    row.schedule_datetime = Set(at);
    let after: PendingOut = audited_update(
        &txn,
        caller,
        ("update", "pending_schedule", before.id),
        before,
        row,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Rejects an open proposal, optionally keeping its employee off the event.
pub async fn reject(
    state: &AppState,
    caller: &Caller,
    id: i32,
    query: RejectQuery,
) -> ApiResult<PendingOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let first = find_pending(&txn, id).await?;
    if let Some(run) = first.run_id {
        runs::lock_run(&txn, run).await?;
    }
    let p = find_pending(&txn, id).await?;
    if p.reviewed {
        return Err(ApiError::conflict("this proposal was already reviewed"));
    }
    if query.exclude_employee {
        keep_off(&txn, caller, &p).await?;
    }
    let mut row: pending_schedule::ActiveModel = p.clone().into();
    row.reviewed = Set(true);
    row.approved = Set(Some(false));
    let after: PendingOut =
        audited_update(&txn, caller, ("reject", "pending_schedule", p.id), p, row).await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn find_pending<C: ConnectionTrait>(
    conn: &C,
    id: i32,
) -> ApiResult<pending_schedule::Model> {
    find_or_404::<pending_schedule::Entity, _, _>(conn, "proposal", id).await
}

/// The event a proposal is for.
pub async fn proposal_event<C: ConnectionTrait>(
    conn: &C,
    p: &pending_schedule::Model,
) -> ApiResult<event::Model> {
    find_by_ref(conn, p.event_ref_num)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("event {}", p.event_ref_num)))
}

/// Adds the proposal's employee to its event's excluded employees (creating the override when
/// the event has none).
pub async fn keep_off<C: ConnectionTrait>(
    txn: &C,
    caller: &Caller,
    p: &pending_schedule::Model,
) -> ApiResult<()> {
    let mut next = override_of(txn, p.event_ref_num)
        .await?
        .map(SchedulingOverride::from)
        .unwrap_or_default();
    if next.required_employee_id.as_deref() == Some(p.employee_id.as_str()) {
        return Err(ApiError::conflict(format!(
            "event {} requires {} in its scheduling override; change the override instead",
            p.event_ref_num, p.employee_id
        )));
    }
    if !next.excluded_employee_ids.contains(&p.employee_id) {
        next.excluded_employee_ids.push(p.employee_id.clone());
        // Where the exclusion came from, for whoever reads the override later.
        let why = format!(
            "{} kept off when a manager rejected proposal {}",
            p.employee_id, p.id
        );
        next.notes = Some(match next.notes.take().filter(|n| !n.trim().is_empty()) {
            Some(n) => format!("{n}\n{why}"),
            None => why,
        });
        store_override(txn, caller, p.event_ref_num, &next).await?;
    }
    Ok(())
}
