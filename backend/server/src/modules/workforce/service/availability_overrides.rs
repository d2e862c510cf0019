//! An employee's availability overrides: the use case that stores one, in its own transaction,
//! audited.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::service::find_employee;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::state::AppState;
use chrono::Utc;
use kairos_store::entities::availability_override;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// Stores an override of employee `id`'s availability on `b.date`.
pub async fn put(
    state: &AppState,
    caller: &Caller,
    id: &str,
    b: OverrideBody,
) -> ApiResult<OverrideBody> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, id).await?;
    let existing = availability_override::Entity::find()
        .filter(availability_override::Column::EmployeeId.eq(e.id.clone()))
        .filter(availability_override::Column::Date.eq(b.date))
        .one(&txn)
        .await?;
    let before = existing.clone().map(OverrideBody::from);
    let mut row: availability_override::ActiveModel = match existing {
        Some(m) => m.into(),
        None => availability_override::ActiveModel {
            employee_id: Set(e.id.clone()),
            date: Set(b.date),
            ..Default::default()
        },
    };
    row.available = Set(b.available);
    row.reason = Set(b.reason);
    row.created_at = Set(Some(Utc::now()));
    let saved = OverrideBody::from(sea_orm::TryIntoModel::try_into_model(
        row.save(&txn).await?,
    )?);
    caller
        .audit(
            &txn,
            Change::new("update", "availability_override", saved.id)
                .after(&saved)
                .before_opt(before),
        )
        .await?;
    txn.commit().await?;
    Ok(saved)
}
