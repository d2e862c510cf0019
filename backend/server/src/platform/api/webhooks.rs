//! Webhook endpoints for integrators, their delivery log with each attempt, a "send test"
//! action.

use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::events::catalog::webhook_types;
use crate::platform::events::{deliveries, outbox};
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::pagination::{Page, PageQuery};
use crate::platform::http::query::Query;
use crate::platform::http::validation::Checks;
use crate::platform::permissions::Permission;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::webhook_endpoint;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryOrder};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::platform::api::deliveries::{
    DeliveryFilter, DeliveryOut, DeliverySort, deliveries_page, with_attempts,
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(webhook_deliveries)
        .service(test_webhook);
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
    webhook_types().into_iter().chain(["*"]).collect()
}

fn event_types_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_list_schema(&subscribable(), 1, false),
        "At least one of the event types, or `*` for all.",
    )
}

fn event_types_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_list_schema(&subscribable(), 1, true),
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
                Some(t) => {
                    let known = webhook_types();
                    t.iter()
                        .find(|x| *x != "*" && !known.contains(&x.as_str()))
                        .map(|x| format!("{x:?} is not one of {}, *", known.join(", ")))
                }
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
    find_or_404::<webhook_endpoint::Entity, _, _>(&state.db, "webhook", id).await
}

/// Lists webhook endpoints.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), responses(
    (status = 200, description = "Every endpoint", body = Vec<WebhookOut>)))]
#[get("/webhooks")]
async fn list_webhooks(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<WebhookOut>>> {
    caller.require(Permission::MANAGE_INTEGRATIONS)?;
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
    caller.require(Permission::MANAGE_INTEGRATIONS)?;
    let b = body.into_inner();
    check_webhook(&b, true)?;
    let secret = b.secret.clone().unwrap_or_else(|| {
        format!(
            "whsec_{}",
            hex::encode(crate::platform::crypto::random_bytes::<24>())
        )
    });
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
    caller.require(Permission::MANAGE_INTEGRATIONS)?;
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
    caller.require(Permission::MANAGE_INTEGRATIONS)?;
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
    caller.require(Permission::MANAGE_INTEGRATIONS)?;
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
    caller.require(Permission::MANAGE_INTEGRATIONS)?;
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
    caller.require(Permission::MANAGE_INTEGRATIONS)?;
    let endpoint = find(&state, *id).await?;
    let queued = outbox::queue_test(&state.db, &endpoint).await?;
    let policy = deliveries::retry_policy(&state).await?;
    let after = deliveries::attempt(&state, queued, &policy).await?;
    let mut out = with_attempts(&state, vec![after]).await?;
    out.pop()
        .map(web::Json)
        .ok_or_else(|| ApiError::internal("the test delivery vanished"))
}
