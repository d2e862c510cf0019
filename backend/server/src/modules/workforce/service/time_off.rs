//! Time off's use cases: a request, its decision and its withdrawal, each in its own transaction,
//! audited and published beside the change.

use crate::modules::workforce::dto::time_off::{APPROVED, PENDING, TimeOffIn, TimeOffOut};
use crate::modules::workforce::events::{Event, audit_and_publish};
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::{find_employee, require_self_or_manager};
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::state::AppState;
use chrono::Utc;
use kairos_store::entities::time_off;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> ApiResult<time_off::Model> {
    find_or_404::<time_off::Entity, _, _>(conn, "time-off request", id).await
}

/// Requests time off for employee `employee_id` (the employee themself or a manager).
pub async fn request(
    state: &AppState,
    caller: &Caller,
    employee_id: &str,
    b: TimeOffIn,
) -> ApiResult<TimeOffOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, employee_id).await?;
    require_self_or_manager(caller, &e)?;
    let created = time_off::ActiveModel {
        employee_id: Set(e.id.clone()),
        start_date: Set(b.start_date),
        end_date: Set(b.end_date),
        reason: Set(b.reason),
        status: Set(PENDING.to_owned()),
        requested_at: Set(Some(Utc::now())),
        approved_by: Set(None),
        approved_at: Set(None),
        notes: Set(b.notes),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let out = TimeOffOut::from(created);
    audit_and_publish(
        &txn,
        caller,
        Event::TimeOffRequested,
        Change::new("create", "time_off", out.id).after(&out),
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}

/// Approves or denies a pending request (`status` is the decision).
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    id: i32,
    status: &str,
    notes: Option<String>,
) -> ApiResult<TimeOffOut> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    if before.status != PENDING {
        return Err(ApiError::conflict(format!(
            "this request is already {}",
            before.status
        )));
    }
    let mut row: time_off::ActiveModel = before.clone().into();
    row.status = Set(status.to_owned());
    row.approved_by = Set(Some(caller.audit_id()));
    row.approved_at = Set(Some(Utc::now()));
    if let Some(n) = notes {
        row.notes = Set(Some(n));
    }
    let after = TimeOffOut::from(row.update(&txn).await?);
    let (action, event) = if status == APPROVED {
        ("approve", Event::TimeOffApproved)
    } else {
        ("deny", Event::TimeOffDenied)
    };
    audit_and_publish(
        &txn,
        caller,
        event,
        Change::new(action, "time_off", id)
            .before(TimeOffOut::from(before))
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Withdraws a request: the employee their own pending one, a manager any.
pub async fn withdraw(state: &AppState, caller: &Caller, id: i32) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    let e = find_employee(&txn, &before.employee_id).await?;
    require_self_or_manager(caller, &e)?;
    if caller.require(permissions::MANAGE_WORKFORCE).is_err() && before.status != PENDING {
        return Err(ApiError::conflict(
            "only a pending request can be withdrawn; ask a manager",
        ));
    }
    time_off::Entity::delete_by_id(before.id).exec(&txn).await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "time_off", before.id).before(TimeOffOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
