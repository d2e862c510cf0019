//! Attendance's use case: record a schedule's check-in and check-out, in its own transaction,
//! audited.

use crate::modules::workforce::dto::schedules::AttendanceBody;
use crate::modules::workforce::service::{find_employee, require_self_or_manager};
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::http::lookup::find_or_404;
use crate::platform::state::AppState;
use chrono::Utc;
use kairos_store::entities::{attendance, schedule};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// Records the attendance of schedule `id` (the employee themself or a manager).
pub async fn record(
    state: &AppState,
    caller: &Caller,
    id: i32,
    b: AttendanceBody,
) -> ApiResult<AttendanceBody> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let s = find_or_404::<schedule::Entity, _, _>(&txn, "schedule", id).await?;
    let emp = find_employee(&txn, &s.employee_id).await?;
    require_self_or_manager(caller, &emp)?;
    let existing = attendance::Entity::find()
        .filter(attendance::Column::ScheduleId.eq(s.id))
        .one(&txn)
        .await?;
    let before = existing.clone().map(AttendanceBody::from);
    let mut row: attendance::ActiveModel = match existing {
        Some(m) => m.into(),
        None => attendance::ActiveModel {
            schedule_id: Set(s.id),
            employee_id: Set(s.employee_id.clone()),
            ..Default::default()
        },
    };
    row.status = Set(b.status);
    row.check_in_time = Set(b.check_in_time);
    row.check_out_time = Set(b.check_out_time);
    row.method = Set(b.method);
    row.notes = Set(b.notes);
    row.recorded_by = Set(Some(caller.audit_id()));
    row.recorded_at = Set(Some(Utc::now()));
    let saved = AttendanceBody::from(sea_orm::TryIntoModel::try_into_model(
        row.save(&txn).await?,
    )?);
    caller
        .audit(
            &txn,
            Change::new("update", "attendance", s.id)
                .after(&saved)
                .before_opt(before),
        )
        .await?;
    txn.commit().await?;
    Ok(saved)
}
