//! An employee's availability on a date: the use case that stores it, in its own transaction,
//! audited.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::service::{find_employee, require_self_or_manager};
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::state::AppState;
use kairos_store::entities::date_availability;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// Stores employee `id`'s availability on `b.date` (replacing what was there).
pub async fn put(
    state: &AppState,
    caller: &Caller,
    id: &str,
    b: DateAvailabilityBody,
) -> ApiResult<DateAvailabilityBody> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, id).await?;
    require_self_or_manager(caller, &e)?;
    let existing = date_availability::Entity::find()
        .filter(date_availability::Column::EmployeeId.eq(e.id.clone()))
        .filter(date_availability::Column::Date.eq(b.date))
        .one(&txn)
        .await?;
    let before = existing.clone().map(DateAvailabilityBody::from);
    let mut row: date_availability::ActiveModel = match existing {
        Some(m) => m.into(),
        None => date_availability::ActiveModel {
            employee_id: Set(e.id.clone()),
            date: Set(b.date),
            ..Default::default()
        },
    };
    row.available = Set(b.available);
    row.start_time = Set(b.start_time.map(|t| t.0));
    row.end_time = Set(b.end_time.map(|t| t.0));
    row.reason = Set(b.reason);
    let saved = DateAvailabilityBody::from(sea_orm::TryIntoModel::try_into_model(
        row.save(&txn).await?,
    )?);
    caller
        .audit(
            &txn,
            Change::new(
                "update",
                "date_availability",
                format!("{}:{}", e.id, saved.date),
            )
            .after(&saved)
            .before_opt(before),
        )
        .await?;
    txn.commit().await?;
    Ok(saved)
}
