//! Removing one of an employee's availability overrides, in its own transaction, audited.

use crate::modules::workforce::dto::employees::*;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::state::AppState;
use kairos_store::entities::availability_override;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Removes override `oid` of employee `id`.
pub async fn remove(state: &AppState, caller: &Caller, id: &str, oid: i32) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let row = availability_override::Entity::find_by_id(oid)
        .filter(availability_override::Column::EmployeeId.eq(id))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("override {oid} of employee {id}")))?;
    availability_override::Entity::delete_by_id(oid)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "availability_override", oid).before(OverrideBody::from(row)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
