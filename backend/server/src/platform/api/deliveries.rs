//! The log of every outbound message (webhooks and e-mails), each with its attempts.

use crate::platform::auth::Caller;
use crate::platform::events::outbox;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::permissions::Permission;
use crate::platform::state::AppState;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::{outbox as outbox_row, outbox_attempt};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_deliveries);
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

pub async fn with_attempts(
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

pub async fn deliveries_page(
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
        crate::platform::http::query::one_of("status", &s, &DELIVERY_STATUSES)?;
        select = select.filter(outbox_row::Column::Status.eq(s));
    }
    if let Some(c) = filter.channel {
        crate::platform::http::query::one_of("channel", &c, &CHANNELS)?;
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

sort_param!(DeliverySort, DELIVERY_SORTING);

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
    caller.require(Permission::OPERATE_INTEGRATIONS)?;
    Ok(web::Json(
        deliveries_page(&state, None, filter.into_inner(), &page).await?,
    ))
}

const DELIVERY_STATUSES: [&str; 3] = [outbox::PENDING, outbox::DELIVERED, outbox::FAILED];

const CHANNELS: [&str; 2] = [outbox::WEBHOOK, outbox::EMAIL];

fn delivery_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(&DELIVERY_STATUSES),
        "`pending`, `delivered` or `failed`.",
    )
}

fn channel_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(&CHANNELS),
        "`webhook` or `email`.",
    )
}
