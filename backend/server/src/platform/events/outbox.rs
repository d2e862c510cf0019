//! The one notification path: what happened is published once, in the transaction that made it
//! happen, and becomes outbox rows (signed webhooks for registered endpoints, e-mails and
//! webhooks per the audit notification settings) and in-app notifications. The delivery job then
//! sends the outbox with retries and an exponential back-off, one `outbox_attempts` row per try
//! (see `deliveries`).

use crate::platform::audit::Change;
use crate::platform::events::catalog::Message;
use chrono::Utc;
use kairos_store::entities::{notification, notification_setting, outbox, webhook_endpoint};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter,
};
use serde_json::{Value, json};

pub const WEBHOOK: &str = "webhook";
pub const EMAIL: &str = "email";
pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";
/// The event type of a test delivery (`POST /webhooks/{id}/test`).
pub const TEST_EVENT: &str = "webhook.test";

/// The data of an event that stands for an audited change: the row before and after, and its id
/// (what the audit row records, for integrators).
pub fn change_data(change: &Change<'_>) -> Value {
    let mut data = json!({"before": change.before, "after": change.after});
    data["resource_id"] = json!(change.resource_id);
    data
}

/// Publishes the event `event_type` that the audited `change` stands for (call it beside the
/// audit, in the same transaction).
pub async fn publish_change(
    txn: &DatabaseTransaction,
    event_type: &str,
    change: &Change<'_>,
) -> Result<(), DbErr> {
    publish(txn, event_type, change_data(change)).await
}

/// Publishes `event_type` with `data`: queues a signed delivery for every active endpoint that
/// subscribes to it, an e-mail or webhook per enabled notification setting for it, and in-app
/// notifications for the people it concerns. Call it inside the transaction of the change.
pub async fn publish(
    conn: &DatabaseTransaction,
    event_type: &str,
    data: Value,
) -> Result<(), DbErr> {
    let kind = crate::platform::events::catalog::find(event_type)
        .ok_or_else(|| DbErr::Custom(format!("{event_type} is not in the event catalog")))?;
    let now = Utc::now();
    let envelope = json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "type": event_type,
        "created_at": now,
        "data": data,
    });
    let payload = envelope.to_string();
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Active.eq(true))
        .all(conn)
        .await?;
    for e in endpoints
        .iter()
        .filter(|e| subscribes(&e.event_types, event_type))
    {
        queue(
            conn,
            WEBHOOK,
            Some(e.id),
            &e.url,
            event_type,
            None,
            &payload,
        )
        .await?;
    }
    let Message { title, body } = (kind.describe)(conn, &data).await?;
    let settings = notification_setting::Entity::find()
        .filter(notification_setting::Column::EventType.eq(event_type))
        .filter(notification_setting::Column::Enabled.eq(true))
        .all(conn)
        .await?;
    for s in settings {
        let recipients: Vec<String> = s
            .recipients
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        if recipients.is_empty() {
            continue;
        }
        match s.notification_method.as_str() {
            EMAIL => {
                let text = format!("{body}\n\n-- \nKairos ({event_type})\n");
                queue(
                    conn,
                    EMAIL,
                    None,
                    &recipients.join(","),
                    event_type,
                    Some(&title),
                    &text,
                )
                .await?;
            }
            WEBHOOK => {
                for url in recipients {
                    queue(conn, WEBHOOK, None, &url, event_type, None, &payload).await?;
                }
            }
            // SMS needs a provider account; the setting is kept but nothing is sent.
            _ => {}
        }
    }
    for user_id in (kind.concerns)(conn, &data).await? {
        notification::ActiveModel {
            user_id: Set(user_id),
            kind: Set(event_type.to_owned()),
            title: Set(title.clone()),
            body: Set(body.clone()),
            data: Set(Some(data.clone())),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

fn subscribes(types: &Value, event_type: &str) -> bool {
    types
        .as_array()
        .is_some_and(|a| a.iter().any(|t| t == event_type || t == "*"))
}

#[allow(clippy::too_many_arguments)]
async fn queue<C: ConnectionTrait>(
    conn: &C,
    channel: &str,
    endpoint_id: Option<i32>,
    target: &str,
    event_type: &str,
    subject: Option<&str>,
    payload: &str,
) -> Result<outbox::Model, DbErr> {
    outbox::ActiveModel {
        channel: Set(channel.to_owned()),
        endpoint_id: Set(endpoint_id),
        target: Set(target.to_owned()),
        event_type: Set(event_type.to_owned()),
        subject: Set(subject.map(str::to_owned)),
        payload: Set(payload.to_owned()),
        status: Set(PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(Some(Utc::now())),
        last_status_code: Set(None),
        last_error: Set(None),
        created_at: Set(Utc::now()),
        delivered_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await
}

/// Queues a test delivery to one endpoint (`webhook.test`), to be sent at once.
pub async fn queue_test<C: ConnectionTrait>(
    conn: &C,
    endpoint: &webhook_endpoint::Model,
) -> Result<outbox::Model, DbErr> {
    let payload = json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "type": TEST_EVENT,
        "created_at": Utc::now(),
        "data": {"endpoint_id": endpoint.id, "message": "A test delivery from Kairos."},
    })
    .to_string();
    queue(
        conn,
        WEBHOOK,
        Some(endpoint.id),
        &endpoint.url,
        TEST_EVENT,
        None,
        &payload,
    )
    .await
}
