//! The one notification path: what happened is published once, in the transaction that made it
//! happen, and becomes outbox rows (signed webhooks for registered endpoints, e-mails and
//! webhooks per the audit notification settings) and in-app notifications. The delivery job then
//! sends the outbox with retries and an exponential back-off, one `outbox_attempts` row per try.

use super::jobs::Outcome;
use super::smtp;
use crate::state::AppState;
use chrono::{Duration, Utc};
use hmac::{Hmac, KeyInit, Mac};
use kairos_store::entities::{
    employee, notification, notification_setting, outbox, outbox_attempt, user, webhook_endpoint,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::OnceLock;

/// The event types integrators can subscribe to.
pub const EVENT_TYPES: &[&str] = &[
    "schedule.created",
    "schedule.updated",
    "schedule.deleted",
    "scheduler_run.completed",
    "time_off.requested",
    "time_off.approved",
    "time_off.denied",
    "schedule_exception.created",
];

/// The daily audit's findings, which notification settings can also name.
pub const FINDING_TYPES: &[&str] = &[
    "audit.summary",
    "audit.unstaffed_event",
    "audit.schedule_rule_broken",
    "audit.rotation_gap",
    "audit.attendance_missing",
];

pub const WEBHOOK: &str = "webhook";
pub const EMAIL: &str = "email";
pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";
/// The event type of a test delivery (`POST /webhooks/{id}/test`).
pub const TEST_EVENT: &str = "webhook.test";

/// The webhook event an audited change stands for, if any.
pub fn event_for_change(action: &str, resource_type: &str) -> Option<&'static str> {
    Some(match (resource_type, action) {
        ("schedule", "create") => "schedule.created",
        ("schedule", "update") => "schedule.updated",
        ("schedule", "delete") => "schedule.deleted",
        ("time_off", "create") => "time_off.requested",
        ("time_off", "approve") => "time_off.approved",
        ("time_off", "deny") => "time_off.denied",
        _ => return None,
    })
}

/// Publishes `event_type` with `data`: queues a signed delivery for every active endpoint that
/// subscribes to it, an e-mail or webhook per enabled notification setting for it, and in-app
/// notifications for the people it concerns. Call it inside the transaction of the change.
pub async fn publish<C: ConnectionTrait>(
    conn: &C,
    event_type: &str,
    data: Value,
) -> Result<(), DbErr> {
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
    let names = Names::of(conn, &data).await?;
    let (title, body) = describe(event_type, &data, &names);
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
    for user_id in concerned_users(conn, event_type, &data).await? {
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

/// How people read the employee and the event a change speaks of ("Aisha Johnson (E0004)",
/// "event 606007 “Core Reset - Main St”"); `None` when the data has none or they are gone.
#[derive(Default)]
pub struct Names {
    pub employee: Option<String>,
    pub event: Option<String>,
}

impl Names {
    async fn of<C: ConnectionTrait>(conn: &C, data: &Value) -> Result<Names, DbErr> {
        let row = changed_row(data);
        let employee = match row.and_then(|a| a["employee_id"].as_str()) {
            Some(id) => employee::Entity::find_by_id(id.to_owned())
                .one(conn)
                .await?
                .map(|e| format!("{} ({id})", e.name)),
            None => None,
        };
        let event = match row.and_then(|a| a["event_ref_num"].as_i64()) {
            Some(r) => crate::workforce::events::find_by_ref(conn, r)
                .await?
                .map(|e| format!("event {r} “{}”", e.project_name)),
            None => None,
        };
        Ok(Names { employee, event })
    }
}

/// The row a change's data describes: as it is after, or as it was before a deletion.
fn changed_row(data: &Value) -> Option<&Value> {
    data.get("after")
        .filter(|v| !v.is_null())
        .or(data.get("before"))
}

/// A date as people read it ("Tue 8 Dec 2026"), or the text as it came.
fn readable_date(text: &str) -> String {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(
        |_| text.to_owned(),
        |d| d.format("%a %-d %b %Y").to_string(),
    )
}

/// A title and a sentence for people (e-mail subject and in-app notification).
pub fn describe(event_type: &str, data: &Value, names: &Names) -> (String, String) {
    let after = changed_row(data);
    let field = |k: &str| {
        let text = after
            .and_then(|a| a.get(k))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .unwrap_or_else(|| "?".into());
        match k {
            "employee_id" => names.employee.clone().unwrap_or(text),
            "event_ref_num" => names.event.clone().unwrap_or(format!("event {text}")),
            "start_date" | "end_date" => readable_date(&text),
            _ => text,
        }
    };
    let days = || {
        let (from, to) = (field("start_date"), field("end_date"));
        if from == to {
            format!("on {from}")
        } else {
            format!("from {from} to {to}")
        }
    };
    match event_type {
        "schedule.created" => (
            "New schedule".into(),
            format!(
                "{} is scheduled for {} at {}.",
                field("employee_id"),
                field("event_ref_num"),
                field("schedule_datetime")
            ),
        ),
        "schedule.updated" => (
            "Schedule changed".into(),
            format!(
                "The schedule of {} for {} now starts at {}.",
                field("employee_id"),
                field("event_ref_num"),
                field("schedule_datetime")
            ),
        ),
        "schedule.deleted" => (
            "Schedule removed".into(),
            format!(
                "{} is no longer scheduled for {}.",
                field("employee_id"),
                field("event_ref_num")
            ),
        ),
        "time_off.requested" => (
            "Time off requested".into(),
            format!("{} asks for time off {}.", field("employee_id"), days()),
        ),
        "time_off.approved" | "time_off.denied" => (
            if event_type.ends_with("approved") {
                "Time off approved".into()
            } else {
                "Time off denied".into()
            },
            format!(
                "The time off of {} {} was {}.",
                field("employee_id"),
                days(),
                field("status")
            ),
        ),
        "scheduler_run.completed" => (
            "Scheduler run completed".into(),
            format!(
                "Run {} proposed {} of {} events; {} could not be placed. Proposals wait for review.",
                data["run_id"],
                data["events_assigned"],
                data["events_processed"],
                data["events_failed"]
            ),
        ),
        "schedule_exception.created" => (
            "Event could not be scheduled".into(),
            data["message"]
                .as_str()
                .unwrap_or("An event could not be placed.")
                .to_owned(),
        ),
        t if t.starts_with("audit.") => (
            "Daily audit".into(),
            data["message"].as_str().unwrap_or(t).to_owned(),
        ),
        other => (other.to_owned(), data.to_string()),
    }
}

/// Who gets an in-app notification: the employee's own account for their schedules and time-off
/// decisions; managers and admins for requests, completed runs and audit findings.
async fn concerned_users<C: ConnectionTrait>(
    conn: &C,
    event_type: &str,
    data: &Value,
) -> Result<Vec<i32>, DbErr> {
    match event_type {
        "schedule.created" | "schedule.updated" | "schedule.deleted" | "time_off.approved"
        | "time_off.denied" => {
            let employee_id = ["after", "before"]
                .iter()
                .find_map(|k| data[k]["employee_id"].as_str().map(str::to_owned));
            let Some(id) = employee_id else {
                return Ok(vec![]);
            };
            Ok(employee::Entity::find_by_id(id)
                .one(conn)
                .await?
                .and_then(|e| e.user_id)
                .into_iter()
                .collect())
        }
        // Findings reach managers as one summary per daily check, not one each.
        "time_off.requested" | "scheduler_run.completed" | "audit.summary" => managers(conn).await,
        _ => Ok(vec![]),
    }
}

async fn managers<C: ConnectionTrait>(conn: &C) -> Result<Vec<i32>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::IsActive.eq(true))
        .filter(user::Column::Role.is_in(["manager", "admin"]))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

/// Makes rustls use the ring provider for HTTPS; call it before building any HTTP client. A
/// provider installed earlier stays.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The HTTP client for webhooks and the event source (connection pool shared by all jobs).
pub fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        install_tls_provider();
        reqwest::Client::builder()
            .user_agent(concat!("Kairos/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client builds")
    })
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
    let base = crate::settings::value_of(&state.db, &state.keys, "delivery_retry_base_seconds")
        .await?
        .as_i64()
        .unwrap_or(10)
        .max(1);
    let max = crate::settings::value_of(&state.db, &state.keys, "delivery_max_attempts")
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
        EMAIL => send_email(state, m)
            .await
            .map(|()| None)
            .map_err(|e| Failure::retry(None, e)),
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

/// The error and its causes ("could not connect: … : invalid peer certificate: UnknownIssuer").
pub fn describe_http_error(e: &reqwest::Error) -> String {
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    let head = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    if causes.is_empty() {
        format!("{head}: {e}")
    } else {
        format!("{head}: {}", causes.join(": "))
    }
}

async fn send_email(state: &AppState, m: &outbox::Model) -> Result<(), String> {
    let s = |k: &'static str| crate::settings::value_of(&state.db, &state.keys, k);
    let host = s("smtp_host").await.map_err(|e| e.to_string())?;
    let host = host
        .as_str()
        .filter(|h| !h.is_empty())
        .ok_or("smtp_host is not set")?;
    let port = s("smtp_port")
        .await
        .map_err(|e| e.to_string())?
        .as_u64()
        .unwrap_or(25) as u16;
    let from = s("smtp_from").await.map_err(|e| e.to_string())?;
    let from = from.as_str().unwrap_or("kairos@localhost").to_owned();
    let to: Vec<String> = m.target.split(',').map(|t| t.trim().to_owned()).collect();
    let mail = smtp::Mail {
        from: &from,
        to: &to,
        subject: m.subject.as_deref().unwrap_or("Kairos"),
        body: &m.payload,
    };
    smtp::send(host, port, &mail).await
}
