//! Removing an employee's availability on a date (the weekly pattern applies again), in its own
//! transaction, audited.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::service::{find_employee, require_self_or_manager};
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::state::AppState;
use chrono::NaiveDate;
use kairos_store::entities::date_availability;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Removes employee `id`'s availability row of `date`.
pub async fn remove(state: &AppState, caller: &Caller, id: &str, date: NaiveDate) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, id).await?;
    require_self_or_manager(caller, &e)?;
    let row = date_availability::Entity::find()
        .filter(date_availability::Column::EmployeeId.eq(e.id.clone()))
        .filter(date_availability::Column::Date.eq(date))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("availability of {id} on {date}")))?;
    date_availability::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "date_availability", format!("{id}:{date}"))
                .before(DateAvailabilityBody::from(row)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
