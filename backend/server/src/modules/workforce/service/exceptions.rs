//! Schedule exceptions' use case: resolve one by hand, in its own transaction, audited.

use crate::modules::workforce::dto::exceptions::*;
use crate::platform::audit::audited_update;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::state::AppState;
use chrono::Utc;
use kairos_store::entities::schedule_exception;
use sea_orm::ActiveValue::Set;

/// Marks an exception resolved by the caller.
pub async fn resolve(state: &AppState, caller: &Caller, id: i32) -> ApiResult<ExceptionOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before =
        find_or_404::<schedule_exception::Entity, _, _>(&txn, "schedule exception", id).await?;
    if before.resolved {
        return Err(ApiError::conflict("this exception is already resolved"));
    }
    let mut row: schedule_exception::ActiveModel = before.clone().into();
    row.resolved = Set(true);
    row.resolved_at = Set(Some(Utc::now()));
    row.resolved_by = Set(Some(caller.audit_id()));
    let after: ExceptionOut = audited_update(
        &txn,
        caller,
        ("resolve", "schedule_exception", before.id),
        before,
        row,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
