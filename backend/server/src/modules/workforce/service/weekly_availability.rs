//! An employee's weekly availability: the use case that replaces the set, in its own
//! transaction, audited.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::service::{find_employee, require_self_or_manager};
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::state::AppState;
use kairos_store::entities::weekly_availability;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

/// Replaces employee `id`'s weekly windows with `windows` (checked already).
pub async fn replace(
    state: &AppState,
    caller: &Caller,
    id: &str,
    windows: Vec<WeeklyWindow>,
) -> ApiResult<Vec<WeeklyWindow>> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, id).await?;
    require_self_or_manager(caller, &e)?;
    let before = weekly_of(&txn, &e.id).await?;
    weekly_availability::Entity::delete_many()
        .filter(weekly_availability::Column::EmployeeId.eq(e.id.clone()))
        .exec(&txn)
        .await?;
    for w in &windows {
        weekly_availability::ActiveModel {
            employee_id: Set(e.id.clone()),
            day_of_week: Set(w.day_of_week),
            start_time: Set(w.start_time.0),
            end_time: Set(w.end_time.0),
            effective_date: Set(w.effective_date),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let after = weekly_of(&txn, &e.id).await?;
    caller
        .audit(
            &txn,
            Change::new("update", "weekly_availability", &e.id)
                .before(&before)
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn weekly_of<C: ConnectionTrait>(conn: &C, id: &str) -> ApiResult<Vec<WeeklyWindow>> {
    Ok(weekly_availability::Entity::find()
        .filter(weekly_availability::Column::EmployeeId.eq(id))
        .order_by_asc(weekly_availability::Column::EffectiveDate)
        .order_by_asc(weekly_availability::Column::DayOfWeek)
        .order_by_asc(weekly_availability::Column::StartTime)
        .all(conn)
        .await?
        .into_iter()
        .map(|w| WeeklyWindow {
            day_of_week: w.day_of_week,
            start_time: w.start_time.into(),
            end_time: w.end_time.into(),
            effective_date: w.effective_date,
        })
        .collect())
}
