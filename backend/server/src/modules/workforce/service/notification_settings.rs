//! Audit notification settings' use cases: create, edit and remove one, each in its own
//! transaction, audited.

use crate::modules::workforce::dto::exceptions::*;
use crate::platform::audit::Change;
use crate::platform::audit::audited_update;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::http::lookup::find_or_404;
use crate::platform::state::AppState;
use kairos_store::entities::notification_setting;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

/// Creates a setting from checked fields.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    b: NotificationSettingIn,
) -> ApiResult<NotificationSettingOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let created = notification_setting::ActiveModel {
        event_type: Set(b.event_type.unwrap_or_default()),
        enabled: Set(b.enabled.unwrap_or(true)),
        notification_method: Set(b.notification_method.unwrap_or_default()),
        recipients: Set(serde_json::json!(b.recipients.unwrap_or_default())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let out = NotificationSettingOut::from(created);
    caller
        .audit(
            &txn,
            Change::new("create", "audit_notification_setting", out.id).after(&out),
        )
        .await?;
    txn.commit().await?;
    Ok(out)
}

/// Changes a setting's given fields.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: i32,
    b: NotificationSettingIn,
) -> ApiResult<NotificationSettingOut> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before =
        find_or_404::<notification_setting::Entity, _, _>(&txn, "notification setting", id).await?;
    let mut row: notification_setting::ActiveModel = before.clone().into();
    if let Some(v) = b.event_type {
        row.event_type = Set(v);
    }
    if let Some(v) = b.enabled {
        row.enabled = Set(v);
    }
    if let Some(v) = b.notification_method {
        row.notification_method = Set(v);
    }
    if let Some(v) = b.recipients {
        row.recipients = Set(serde_json::json!(v));
    }
    let after: NotificationSettingOut = audited_update(
        &txn,
        caller,
        ("update", "audit_notification_setting", before.id),
        before,
        row,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Removes a setting.
pub async fn delete(state: &AppState, caller: &Caller, id: i32) -> ApiResult<()> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let before =
        find_or_404::<notification_setting::Entity, _, _>(&txn, "notification setting", id).await?;
    notification_setting::Entity::delete_by_id(before.id)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "audit_notification_setting", before.id)
                .before(NotificationSettingOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
