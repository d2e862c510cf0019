//! Calendar feeds' use case: revoke an employee's feeds, in its own transaction, audited.

use crate::modules::workforce::service::{find_employee, require_self_or_manager};
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::state::AppState;
use chrono::Utc;
use kairos_store::entities::calendar_feed_token;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Revokes every feed of employee `id` (the employee themself or a manager).
pub async fn revoke(state: &AppState, caller: &Caller, id: &str) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, id).await?;
    require_self_or_manager(caller, &e)?;
    let res = calendar_feed_token::Entity::update_many()
        .col_expr(
            calendar_feed_token::Column::RevokedAt,
            Expr::value(Utc::now()),
        )
        .filter(calendar_feed_token::Column::EmployeeId.eq(e.id.clone()))
        .filter(calendar_feed_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("revoke", "calendar_feed", &e.id)
                .after(serde_json::json!({"revoked": res.rows_affected})),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
