//! Webhook endpoints for integrators, their delivery log with each attempt, a "send test"
//! action; the log of every outbound message (webhooks and e-mails); in-app notifications; the
//! daily audit's findings.

use crate::audit::Change;
use crate::auth::Caller;
use crate::body::Body;
use crate::error::{ApiError, ApiResult};
use crate::integrations::outbox::{self, EVENT_TYPES};
use crate::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::permissions::Permission;
use crate::query::Query;
use crate::state::AppState;
use crate::validation::Checks;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::{
    audit_finding, notification, outbox as outbox_row, outbox_attempt, webhook_endpoint,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(webhook_deliveries)
        .service(test_webhook)
        .service(list_deliveries)
        .service(list_notifications)
        .service(read_notification)
        .service(read_all_notifications)
        .service(list_findings);
}

/// A webhook endpoint (its secret is shown only when created).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "name": "Payroll", "url": "https://payroll.example.com/hooks/kairos",
    "event_types": ["schedule.created", "schedule.deleted"], "active": true,
    "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z", "secret": null}))]
pub struct WebhookOut {
    pub id: i32,
    pub name: String,
    pub url: String,
    pub event_types: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The signing secret, in the answer to the creation only. Verify each delivery by computing
    /// HMAC-SHA256 with it over `"{Kairos-Timestamp}.{body}"` and comparing with the hex after
    /// `v1=` in `Kairos-Signature`.
    pub secret: Option<String>,
}

impl From<webhook_endpoint::Model> for WebhookOut {
    fn from(m: webhook_endpoint::Model) -> Self {
        WebhookOut {
            id: m.id,
            name: m.name,
            url: m.url,
            event_types: serde_json::from_value(m.event_types).unwrap_or_default(),
            active: m.active,
            created_at: m.created_at,
            updated_at: m.updated_at,
            secret: None,
        }
    }
}

/// A new endpoint.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Payroll", "url": "https://payroll.example.com/hooks/kairos",
    "event_types": ["schedule.created", "schedule.updated", "schedule.deleted"]}))]
pub struct WebhookIn {
    #[schema(required, nullable = false, pattern = r"\S", max_length = 100)]
    pub name: Option<String>,
    /// `http://` or `https://`, with a host; at most 2,000 characters.
    #[schema(
        required,
        nullable = false,
        pattern = "^https?://([A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*(:[0-9]{1,4})?([/?#]\\S*)?$",
        max_length = 2000
    )]
    pub url: Option<String>,
    /// Any of `schedule.created`, `schedule.updated`, `schedule.deleted`, `scheduler_run.completed`,
    /// `time_off.requested`, `time_off.approved`, `time_off.denied`, `schedule_exception.created`,
    /// or `*` for all.
    #[schema(required, schema_with = event_types_schema)]
    pub event_types: Option<Vec<String>>,
    /// 16 to 200 characters; generated when left out.
    #[schema(min_length = 16, max_length = 200)]
    pub secret: Option<String>,
    pub active: Option<bool>,
}

/// Changes to a webhook endpoint (as `WebhookIn`, every field optional).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"active": false}))]
pub struct WebhookPatch {
    #[schema(pattern = r"\S", max_length = 100)]
    pub name: Option<String>,
    /// `http://` or `https://`, with a host; at most 2,000 characters.
    #[schema(
        pattern = "^https?://([A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*(:[0-9]{1,4})?([/?#]\\S*)?$",
        max_length = 2000
    )]
    pub url: Option<String>,
    /// As `WebhookIn.event_types`.
    #[schema(schema_with = event_types_or_null_schema)]
    pub event_types: Option<Vec<String>>,
    /// 16 to 200 characters.
    #[schema(min_length = 16, max_length = 200)]
    pub secret: Option<String>,
    pub active: Option<bool>,
}

impl From<WebhookPatch> for WebhookIn {
    fn from(p: WebhookPatch) -> Self {
        WebhookIn {
            name: p.name,
            url: p.url,
            event_types: p.event_types,
            secret: p.secret,
            active: p.active,
        }
    }
}

/// The event types a webhook may subscribe to, and `*` for all.
fn subscribable() -> Vec<&'static str> {
    EVENT_TYPES.iter().copied().chain(["*"]).collect()
}

fn event_types_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_list_schema(&subscribable(), 1, false),
        "At least one of the event types, or `*` for all.",
    )
}

fn event_types_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_list_schema(&subscribable(), 1, true),
        "At least one of the event types, or `*` for all.",
    )
}

fn check_webhook(b: &WebhookIn, creating: bool) -> ApiResult<()> {
    Checks::new()
        .check(
            "name",
            match &b.name {
                None if creating => Some("is required".into()),
                Some(n) if n.trim().is_empty() || n.chars().count() > 100 => {
                    Some("must be 1 to 100 characters".into())
                }
                _ => None,
            },
        )
        .check(
            "url",
            match &b.url {
                None if creating => Some("is required".into()),
                Some(u) => {
                    let ok = (u.starts_with("http://") || u.starts_with("https://"))
                        && u.chars().count() <= 2000
                        && reqwest::Url::parse(u).is_ok_and(|p| p.host_str().is_some());
                    (!ok).then(|| "must be an http:// or https:// URL".into())
                }
                None => None,
            },
        )
        .check(
            "event_types",
            match &b.event_types {
                None if creating => Some("is required".into()),
                Some(t) if t.is_empty() => Some("must name at least one event type".into()),
                Some(t) => t
                    .iter()
                    .find(|x| *x != "*" && !EVENT_TYPES.contains(&x.as_str()))
                    .map(|x| format!("{x:?} is not one of {}, *", EVENT_TYPES.join(", "))),
                None => None,
            },
        )
        .check(
            "secret",
            b.secret
                .as_ref()
                .filter(|s| !(16..=200).contains(&s.chars().count()))
                .map(|_| "must be 16 to 200 characters".into()),
        )
        .finish()
}

async fn find(state: &AppState, id: i32) -> ApiResult<webhook_endpoint::Model> {
    webhook_endpoint::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("webhook {id}")))
}

/// Lists webhook endpoints.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), responses(
    (status = 200, description = "Every endpoint", body = Vec<WebhookOut>)))]
#[get("/webhooks")]
async fn list_webhooks(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<WebhookOut>>> {
    caller.require(Permission::ManageIntegrations)?;
    let rows = webhook_endpoint::Entity::find()
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(WebhookOut::from).collect()))
}

/// Registers a webhook endpoint; the answer carries the signing secret, once.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), request_body = WebhookIn, responses(
    (status = 201, description = "Registered; `secret` is shown this once", body = WebhookOut),
    (status = 422, description = "Invalid fields")))]
#[post("/webhooks")]
async fn create_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<WebhookIn>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::ManageIntegrations)?;
    let b = body.into_inner();
    check_webhook(&b, true)?;
    let secret = b
        .secret
        .clone()
        .unwrap_or_else(|| format!("whsec_{}", hex::encode(crate::crypto::random_bytes::<24>())));
    let now = Utc::now();
    let txn = kairos_store::begin_write(&state.db).await?;
    let created = webhook_endpoint::ActiveModel {
        name: Set(b.name.unwrap_or_default().trim().to_owned()),
        url: Set(b.url.unwrap_or_default()),
        secret_sealed: Set(state.keys.seal(&secret)),
        event_types: Set(json!(b.event_types.unwrap_or_default())),
        active: Set(b.active.unwrap_or(true)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut out = WebhookOut::from(created);
    caller
        .audit(&txn, Change::new("create", "webhook", out.id).after(&out))
        .await?;
    txn.commit().await?;
    out.secret = Some(secret);
    Ok(HttpResponse::Created().json(out))
}

/// Reads one endpoint.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The endpoint's id")),
    responses((status = 200, description = "The endpoint", body = WebhookOut), (status = 404, description = "No such endpoint")))]
#[get("/webhooks/{id}")]
async fn get_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<WebhookOut>> {
    caller.require(Permission::ManageIntegrations)?;
    Ok(web::Json(find(&state, *id).await?.into()))
}

/// Changes an endpoint (a new `secret` replaces the old one at once).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), request_body = WebhookPatch,
    params(("id" = i32, Path, description = "The endpoint's id")),
    responses((status = 200, description = "The endpoint", body = WebhookOut), (status = 404, description = "No such endpoint"),
        (status = 422, description = "Invalid fields")))]
#[patch("/webhooks/{id}")]
async fn update_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<WebhookPatch>,
) -> ApiResult<web::Json<WebhookOut>> {
    caller.require(Permission::ManageIntegrations)?;
    let b: WebhookIn = body.into_inner().into();
    check_webhook(&b, false)?;
    let before = find(&state, *id).await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let mut row: webhook_endpoint::ActiveModel = before.clone().into();
    if let Some(n) = b.name {
        row.name = Set(n.trim().to_owned());
    }
    if let Some(u) = b.url {
        row.url = Set(u);
    }
    if let Some(t) = b.event_types {
        row.event_types = Set(json!(t));
    }
    if let Some(s) = &b.secret {
        row.secret_sealed = Set(state.keys.seal(s));
    }
    if let Some(a) = b.active {
        row.active = Set(a);
    }
    row.updated_at = Set(Utc::now());
    let after = WebhookOut::from(row.update(&txn).await?);
    let mut change = Change::new("update", "webhook", after.id)
        .before(WebhookOut::from(before))
        .after(&after);
    if b.secret.is_some() {
        change = change.after(json!({"endpoint": &after, "secret": "replaced"}));
    }
    caller.audit(&txn, change).await?;
    txn.commit().await?;
    Ok(web::Json(after))
}

/// Removes an endpoint and its delivery log.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The endpoint's id")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such endpoint")))]
#[delete("/webhooks/{id}")]
async fn delete_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::ManageIntegrations)?;
    let before = find(&state, *id).await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    webhook_endpoint::Entity::delete_by_id(before.id)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "webhook", before.id).before(WebhookOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One outbound message and its attempts.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 12, "channel": "webhook", "endpoint_id": 1, "target": "https://payroll.example.com/hooks/kairos",
    "event_type": "schedule.created", "status": "pending", "attempts": 2, "next_attempt_at": "2026-11-23T10:00:40Z",
    "last_status_code": 503, "last_error": "the receiver answered 503 Service Unavailable", "created_at": "2026-11-23T10:00:00Z",
    "delivered_at": null, "payload": "{\"id\":\"…\",\"type\":\"schedule.created\",\"created_at\":\"…\",\"data\":{}}",
    "attempt_log": [{"attempted_at": "2026-11-23T10:00:01Z", "status_code": 503, "error": "the receiver answered 503 Service Unavailable", "duration_ms": 12}]}))]
pub struct DeliveryOut {
    pub id: i32,
    /// `webhook` or `email`.
    pub channel: String,
    pub endpoint_id: Option<i32>,
    /// The URL, or the e-mail recipients.
    pub target: String,
    pub event_type: String,
    /// `pending`, `delivered` or `failed` (given up after `delivery_max_attempts`).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The exact body sent.
    pub payload: String,
    pub attempt_log: Vec<AttemptOut>,
}

#[derive(Serialize, ToSchema)]
pub struct AttemptOut {
    pub attempted_at: DateTime<Utc>,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i32,
}

async fn with_attempts(
    state: &AppState,
    rows: Vec<outbox_row::Model>,
) -> ApiResult<Vec<DeliveryOut>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut attempts: std::collections::HashMap<i32, Vec<AttemptOut>> = Default::default();
    for a in outbox_attempt::Entity::find()
        .filter(outbox_attempt::Column::OutboxId.is_in(ids))
        .order_by_asc(outbox_attempt::Column::Id)
        .all(&state.db)
        .await?
    {
        attempts.entry(a.outbox_id).or_default().push(AttemptOut {
            attempted_at: a.attempted_at,
            status_code: a.status_code,
            error: a.error,
            duration_ms: a.duration_ms,
        });
    }
    Ok(rows
        .into_iter()
        .map(|m| DeliveryOut {
            attempt_log: attempts.remove(&m.id).unwrap_or_default(),
            id: m.id,
            channel: m.channel,
            endpoint_id: m.endpoint_id,
            target: m.target,
            event_type: m.event_type,
            status: m.status,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_status_code: m.last_status_code,
            last_error: m.last_error,
            created_at: m.created_at,
            delivered_at: m.delivered_at,
            payload: m.payload,
        })
        .collect())
}

const DELIVERY_STATUSES: [&str; 3] = [outbox::PENDING, outbox::DELIVERED, outbox::FAILED];
const CHANNELS: [&str; 2] = [outbox::WEBHOOK, outbox::EMAIL];

fn delivery_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_schema(&DELIVERY_STATUSES),
        "`pending`, `delivered` or `failed`.",
    )
}

fn channel_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_schema(&CHANNELS),
        "`webhook` or `email`.",
    )
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryFilter {
    /// `pending`, `delivered` or `failed`.
    #[param(schema_with = delivery_status_schema)]
    pub status: Option<String>,
    /// `webhook` or `email`.
    #[param(schema_with = channel_schema)]
    pub channel: Option<String>,
    pub event_type: Option<String>,
}

const DELIVERY_SORTING: Sorting<outbox_row::Column> = Sorting {
    fields: &[
        ("id", outbox_row::Column::Id),
        ("created_at", outbox_row::Column::CreatedAt),
    ],
    default: "-id",
};
sort_param!(DeliverySort, DELIVERY_SORTING);

async fn deliveries_page(
    state: &AppState,
    endpoint: Option<i32>,
    filter: DeliveryFilter,
    page: &PageQuery,
) -> ApiResult<Page<DeliveryOut>> {
    let mut select = outbox_row::Entity::find();
    if let Some(id) = endpoint {
        select = select.filter(outbox_row::Column::EndpointId.eq(id));
    }
    if let Some(s) = filter.status {
        crate::query::one_of("status", &s, &DELIVERY_STATUSES)?;
        select = select.filter(outbox_row::Column::Status.eq(s));
    }
    if let Some(c) = filter.channel {
        crate::query::one_of("channel", &c, &CHANNELS)?;
        select = select.filter(outbox_row::Column::Channel.eq(c));
    }
    if let Some(t) = filter.event_type {
        select = select.filter(outbox_row::Column::EventType.eq(t));
    }
    let p = fetch_page(&state.db, select, page, &DELIVERY_SORTING).await?;
    let items = with_attempts(state, p.items).await?;
    Ok(Page {
        items,
        page: p.page,
        per_page: p.per_page,
        total: p.total,
    })
}

/// An endpoint's delivery log, newest first, each with its attempts.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The endpoint's id"), DeliveryFilter, PageQuery, DeliverySort),
    responses((status = 200, description = "A page of deliveries", body = Page<DeliveryOut>), (status = 404, description = "No such endpoint")))]
#[get("/webhooks/{id}/deliveries")]
async fn webhook_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    filter: Query<DeliveryFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<DeliveryOut>>> {
    caller.require(Permission::ManageIntegrations)?;
    find(&state, *id).await?;
    Ok(web::Json(
        deliveries_page(&state, Some(*id), filter.into_inner(), &page).await?,
    ))
}

/// Sends a signed `webhook.test` delivery to the endpoint now and answers how it went (later
/// retries, if it failed, follow the usual back-off).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The endpoint's id")),
    responses((status = 200, description = "The test delivery after its first attempt", body = DeliveryOut),
        (status = 404, description = "No such endpoint")))]
#[post("/webhooks/{id}/test")]
async fn test_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<DeliveryOut>> {
    caller.require(Permission::ManageIntegrations)?;
    let endpoint = find(&state, *id).await?;
    let queued = outbox::queue_test(&state.db, &endpoint).await?;
    let policy = outbox::retry_policy(&state).await?;
    let after = outbox::attempt(&state, queued, &policy).await?;
    let mut out = with_attempts(&state, vec![after]).await?;
    out.pop()
        .map(web::Json)
        .ok_or_else(|| ApiError::internal("the test delivery vanished"))
}

/// Every outbound message (webhooks and e-mails), newest first.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(DeliveryFilter, PageQuery, DeliverySort),
    responses((status = 200, description = "A page of deliveries", body = Page<DeliveryOut>)))]
#[get("/deliveries")]
async fn list_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    filter: Query<DeliveryFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<DeliveryOut>>> {
    caller.require(Permission::OperateIntegrations)?;
    Ok(web::Json(
        deliveries_page(&state, None, filter.into_inner(), &page).await?,
    ))
}

/// An in-app notification.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 3, "kind": "time_off.requested", "title": "Time off requested",
    "body": "Marcus Chen (E0003) asks for time off from Tue 1 Dec 2026 to Thu 3 Dec 2026.", "data": {}, "created_at": "2026-11-23T10:00:00Z", "read_at": null}))]
pub struct NotificationOut {
    pub id: i32,
    pub kind: String,
    pub title: String,
    pub body: String,
    #[schema(value_type = Option<Object>)]
    pub data: Option<Value>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl From<notification::Model> for NotificationOut {
    fn from(n: notification::Model) -> Self {
        NotificationOut {
            id: n.id,
            kind: n.kind,
            title: n.title,
            body: n.body,
            data: n.data,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationFilter {
    /// Only unread ones.
    pub unread: Option<bool>,
}

const NOTIFICATION_SORTING: Sorting<notification::Column> = Sorting {
    fields: &[("id", notification::Column::Id)],
    default: "-id",
};
sort_param!(NotificationSort, NOTIFICATION_SORTING);

fn own_user(caller: &Caller) -> ApiResult<i32> {
    caller.require(Permission::ReadOwnAccount)?;
    caller
        .user_id()
        .ok_or_else(|| ApiError::bad_request("an API key has no notifications; log in as a user"))
}

/// The caller's own notifications, newest first.
#[utoipa::path(tag = "notifications", operation_id = "list_my_notifications", security(("bearer" = [])), params(NotificationFilter, PageQuery, NotificationSort),
    responses((status = 200, description = "A page of notifications", body = Page<NotificationOut>),
        (status = 400, description = "API keys have no notifications")))]
#[get("/notifications")]
async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    filter: Query<NotificationFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<NotificationOut>>> {
    let me = own_user(&caller)?;
    let mut select = notification::Entity::find().filter(notification::Column::UserId.eq(me));
    if filter.unread == Some(true) {
        select = select.filter(notification::Column::ReadAt.is_null());
    }
    let p = fetch_page(&state.db, select, &page, &NOTIFICATION_SORTING).await?;
    Ok(web::Json(p.map(NotificationOut::from)))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The notification's id")),
    responses((status = 200, description = "The notification", body = NotificationOut),
        (status = 400, description = "API keys have no notifications"),
        (status = 404, description = "No such notification of the caller's")))]
#[post("/notifications/{id}/read")]
async fn read_notification(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<NotificationOut>> {
    let me = own_user(&caller)?;
    let n = notification::Entity::find_by_id(*id)
        .filter(notification::Column::UserId.eq(me))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("notification {id}")))?;
    if n.read_at.is_some() {
        return Ok(web::Json(n.into()));
    }
    let mut row: notification::ActiveModel = n.into();
    row.read_at = Set(Some(Utc::now()));
    Ok(web::Json(row.update(&state.db).await?.into()))
}

/// Marks all the caller's notifications read.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "How many were marked", body = Object, example = json!({"marked": 4})),
        (status = 400, description = "API keys have no notifications")))]
#[post("/notifications/read-all")]
async fn read_all_notifications(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Value>> {
    let me = own_user(&caller)?;
    let r = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&state.db)
        .await?;
    Ok(web::Json(json!({"marked": r.rows_affected})))
}

/// A finding of the daily audit check.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 5, "kind": "audit.unstaffed_event", "subject_key": "event:606034",
    "message": "Core Reset - Aisle 5 (606034) is due Tue 24 Nov 23:59 and nobody is scheduled",
    "details": {"event_ref_num": 606034}, "found_at": "2026-11-23T06:00:00Z", "last_seen_at": "2026-11-23T06:00:00Z", "resolved_at": null}))]
pub struct FindingOut {
    pub id: i32,
    /// `audit.unstaffed_event`, `audit.schedule_rule_broken`, `audit.rotation_gap` or `audit.attendance_missing`.
    pub kind: String,
    pub subject_key: String,
    pub message: String,
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
    pub found_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// When a later check no longer saw it.
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingFilter {
    /// Only open (true) or only resolved (false) findings.
    pub open: Option<bool>,
    pub kind: Option<String>,
}

const FINDING_SORTING: Sorting<audit_finding::Column> = Sorting {
    fields: &[
        ("id", audit_finding::Column::Id),
        ("found_at", audit_finding::Column::FoundAt),
        ("kind", audit_finding::Column::Kind),
    ],
    default: "-id",
};
sort_param!(FindingSort, FINDING_SORTING);

/// The daily audit's findings (run it now with `POST /jobs/daily_audit/run`).
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(FindingFilter, PageQuery, FindingSort),
    responses((status = 200, description = "A page of findings", body = Page<FindingOut>)))]
#[get("/audit-findings")]
async fn list_findings(
    state: web::Data<AppState>,
    caller: Caller,
    filter: Query<FindingFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<FindingOut>>> {
    caller.require(Permission::ReadWorkforce)?;
    let mut select = audit_finding::Entity::find();
    match filter.open {
        Some(true) => select = select.filter(audit_finding::Column::ResolvedAt.is_null()),
        Some(false) => select = select.filter(audit_finding::Column::ResolvedAt.is_not_null()),
        None => {}
    }
    if let Some(k) = &filter.kind {
        select = select.filter(audit_finding::Column::Kind.eq(k.as_str()));
    }
    let p = fetch_page(&state.db, select, &page, &FINDING_SORTING).await?;
    Ok(web::Json(p.map(|f| FindingOut {
        id: f.id,
        kind: f.kind,
        subject_key: f.subject_key,
        message: f.message,
        details: f.details,
        found_at: f.found_at,
        last_seen_at: f.last_seen_at,
        resolved_at: f.resolved_at,
    })))
}
