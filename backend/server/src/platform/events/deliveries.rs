//! The delivery job: sends every due outbox message (signed webhooks and e-mails), with retries
//! and an exponential back-off, one `outbox_attempts` row per try.

use super::mail as smtp;
use super::outbox::{DELIVERED, EMAIL, FAILED, PENDING, TEST_EVENT, WEBHOOK};
use crate::platform::http_client::{describe_http_error, http};
use crate::platform::jobs::{Job, Outcome};
use crate::platform::state::AppState;
use chrono::{DateTime, Duration, Utc};
use futures_util::future::BoxFuture;
use hmac::{Hmac, KeyInit, Mac};
use kairos_store::entities::{outbox, outbox_attempt, webhook_endpoint};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use sha2::Sha256;

pub const DELIVERIES: &str = "deliveries";

/// The delivery job.
pub struct Deliveries;

impl Job for Deliveries {
    fn name(&self) -> &'static str {
        DELIVERIES
    }

    fn description(&self) -> &'static str {
        "Delivers pending webhooks and e-mails, retrying failures with exponential back-off."
    }

    fn next_run<'a>(
        &'a self,
        _state: &'a AppState,
        finished: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<DateTime<Utc>, DbErr>> {
        Box::pin(async move { Ok(finished + Duration::seconds(1)) })
    }

    fn run<'a>(
        &'a self,
        state: &'a AppState,
        _manual: bool,
    ) -> BoxFuture<'a, Result<Outcome, String>> {
        Box::pin(deliver_due(state))
    }
}

/// `v1=<hex>`: HMAC-SHA256 under the endpoint's secret over `"{timestamp}.{body}"`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Delivery settings, read once per batch.
pub struct RetryPolicy {
    /// The first retry's delay in seconds; it doubles after each failure.
    base_seconds: i64,
    /// The attempts after which a message is given up.
    max_attempts: i32,
}

pub async fn retry_policy(state: &AppState) -> Result<RetryPolicy, DbErr> {
    let base =
        crate::platform::settings::value_of(&state.db, &state.keys, "delivery_retry_base_seconds")
            .await?
            .as_i64()
            .unwrap_or(10)
            .max(1);
    let max = crate::platform::settings::value_of(&state.db, &state.keys, "delivery_max_attempts")
        .await?
        .as_i64()
        .unwrap_or(8)
        .clamp(1, 30) as i32;
    Ok(RetryPolicy {
        base_seconds: base,
        max_attempts: max,
    })
}

/// The delivery job: sends every message that is due.
pub async fn deliver_due(state: &AppState) -> Result<Outcome, String> {
    let due = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(PENDING))
        .filter(outbox::Column::NextAttemptAt.lte(Utc::now()))
        .order_by_asc(outbox::Column::Id)
        .limit(100)
        .all(&state.db)
        .await
        .map_err(|e| e.to_string())?;
    if due.is_empty() {
        return Ok(Outcome::Idle);
    }
    let policy = retry_policy(state).await.map_err(|e| e.to_string())?;
    let (mut delivered, mut retrying, mut failed) = (0, 0, 0);
    for m in due {
        match attempt(state, m, &policy)
            .await
            .map_err(|e| e.to_string())?
            .status
            .as_str()
        {
            DELIVERED => delivered += 1,
            FAILED => failed += 1,
            _ => retrying += 1,
        }
    }
    Ok(Outcome::Done(
        json!({"delivered": delivered, "retrying": retrying, "failed": failed}),
    ))
}

/// Tries to send one message now and records the attempt; gives the message as it is after.
pub async fn attempt(
    state: &AppState,
    m: outbox::Model,
    policy: &RetryPolicy,
) -> Result<outbox::Model, DbErr> {
    let started = std::time::Instant::now();
    let result = send(state, &m).await;
    let elapsed = started.elapsed().as_millis().min(i32::MAX as u128) as i32;
    let now = Utc::now();
    let (status_code, error, give_up) = match &result {
        Ok(code) => (*code, None, false),
        Err(f) => (f.code, Some(f.error.clone()), f.give_up),
    };
    outbox_attempt::ActiveModel {
        outbox_id: Set(m.id),
        attempted_at: Set(now),
        status_code: Set(status_code),
        error: Set(error.clone()),
        duration_ms: Set(elapsed),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let attempts = m.attempts + 1;
    let mut row: outbox::ActiveModel = m.into();
    row.attempts = Set(attempts);
    row.last_status_code = Set(status_code);
    row.last_error = Set(error.clone());
    if error.is_none() {
        row.status = Set(DELIVERED.to_owned());
        row.delivered_at = Set(Some(now));
        row.next_attempt_at = Set(None);
    } else if give_up || attempts >= policy.max_attempts {
        row.status = Set(FAILED.to_owned());
        row.next_attempt_at = Set(None);
    } else {
        let delay = policy
            .base_seconds
            .saturating_mul(1_i64 << (attempts - 1).min(20));
        row.next_attempt_at = Set(Some(now + Duration::seconds(delay)));
    }
    row.update(&state.db).await
}

/// A failed attempt: the receiver's status code if it answered, what went wrong, and whether
/// trying again is pointless (the endpoint was deleted or deactivated).
struct Failure {
    code: Option<i32>,
    error: String,
    give_up: bool,
}

impl Failure {
    fn retry(code: Option<i32>, error: impl Into<String>) -> Self {
        Self {
            code,
            error: error.into(),
            give_up: false,
        }
    }

    fn final_(error: impl Into<String>) -> Self {
        Self {
            code: None,
            error: error.into(),
            give_up: true,
        }
    }
}

type SendResult = Result<Option<i32>, Failure>;

async fn send(state: &AppState, m: &outbox::Model) -> SendResult {
    match m.channel.as_str() {
        WEBHOOK => send_webhook(state, m).await,
        EMAIL => send_email(state, m).await,
        other => Err(Failure::final_(format!("unknown channel {other}"))),
    }
}

async fn send_webhook(state: &AppState, m: &outbox::Model) -> SendResult {
    let timestamp = Utc::now().timestamp();
    let mut req = http()
        .post(&m.target)
        .timeout(std::time::Duration::from_secs(15))
        .header("content-type", "application/json")
        .header("kairos-event", &m.event_type)
        .header("kairos-delivery", m.id.to_string())
        .header("kairos-timestamp", timestamp.to_string());
    if let Some(id) = m.endpoint_id {
        let endpoint = webhook_endpoint::Entity::find_by_id(id)
            .one(&state.db)
            .await
            .map_err(|e| Failure::retry(None, e.to_string()))?
            .ok_or_else(|| Failure::final_("the endpoint was deleted"))?;
        // A deactivated endpoint gets nothing more, retries included; its test delivery,
        // which a manager asks for by hand, still goes.
        if !endpoint.active && m.event_type != TEST_EVENT {
            return Err(Failure::final_(
                "the endpoint was deactivated; nothing more is sent to it",
            ));
        }
        let secret = state
            .keys
            .open(&endpoint.secret_sealed)
            .ok_or_else(|| Failure::retry(None, "the endpoint's secret cannot be opened"))?;
        req = req.header(
            "kairos-signature",
            signature(&secret, timestamp, &m.payload),
        );
    }
    let res = req
        .body(m.payload.clone())
        .send()
        .await
        .map_err(|e| Failure::retry(None, describe_http_error(&e)))?;
    let code = i32::from(res.status().as_u16());
    if res.status().is_success() {
        Ok(Some(code))
    } else {
        Err(Failure::retry(
            Some(code),
            format!("the receiver answered {}", res.status()),
        ))
    }
}

/// Sends one e-mail; a failure (no server, refused login, rejected recipient) is retried like a
/// webhook's, with the server's reply code as the attempt's status code.
async fn send_email(state: &AppState, m: &outbox::Model) -> SendResult {
    let cfg = smtp::config(&state.db, &state.keys)
        .await
        .map_err(|e| Failure::retry(None, e.to_string()))?;
    let to: Vec<String> = m.target.split(',').map(|t| t.trim().to_owned()).collect();
    let mail = smtp::Mail {
        to: &to,
        subject: m.subject.as_deref().unwrap_or("Kairos"),
        body: &m.payload,
    };
    match smtp::send(&cfg, &mail).await {
        Ok(accepted) => Ok(Some(i32::from(accepted.code))),
        Err(smtp::MailError::Failed { code, message }) => {
            Err(Failure::retry(code.map(i32::from), message))
        }
        Err(e) => Err(Failure::retry(None, e.to_string())),
    }
}
