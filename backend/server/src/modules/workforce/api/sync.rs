//! The event sync over the API: run it now, and how it stands.

use crate::modules::workforce::dto::sync::*;
use crate::modules::workforce::jobs::EVENT_SYNC;
use crate::modules::workforce::service::sync;
use crate::platform::api::jobs::JobRunOut;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::jobs::{RunStatus, run_now};
use crate::platform::permissions::Permission;
use crate::platform::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web};
use chrono::Utc;
use kairos_store::entities::{job, job_run, user_session};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(run_sync).service(sync_status);
}

/// Pulls events from the configured source now and answers its report. When the source fails,
/// nothing changes, the failure is recorded, and the answer is 502 with the reason.
#[utoipa::path(tag = "sync", security(("bearer" = [])), responses(
    (status = 200, description = "The sync ran; `details` is its report", body = JobRunOut),
    (status = 409, description = "No source is configured, or a sync is running"),
    (status = 502, description = "The source failed; nothing was changed")))]
#[post("/sync/run")]
async fn run_sync(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<JobRunOut>> {
    caller.require(Permission::OPERATE_INTEGRATIONS)?;
    let src = sync::source(&state).await.map_err(ApiError::internal)?;
    if src.url.is_empty() {
        return Err(ApiError::conflict(
            "no event source is configured: set sync_source_url (and sync_source_token)",
        ));
    }
    let run = run_now(&state, EVENT_SYNC)
        .await?
        .ok_or_else(|| ApiError::internal("the sync recorded no run"))?;
    if run.status == RunStatus::Failed.as_str() {
        return Err(ApiError::new(
            StatusCode::BAD_GATEWAY,
            "sync_failed",
            format!(
                "the sync failed and changed nothing: {}",
                run.error.unwrap_or_default()
            ),
        ));
    }
    Ok(web::Json(run.into()))
}

/// The event sync's status: last success, last error, counts.
#[utoipa::path(tag = "sync", security(("bearer" = [])), responses(
    (status = 200, description = "The status", body = SyncStatus)))]
#[get("/sync/status")]
async fn sync_status(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<SyncStatus>> {
    caller.require(Permission::OPERATE_INTEGRATIONS)?;
    let src = sync::source(&state).await.map_err(ApiError::internal)?;
    let j = job::Entity::find_by_id(EVENT_SYNC.to_owned())
        .one(&state.db)
        .await?;
    let last = |status: RunStatus| {
        job_run::Entity::find()
            .filter(job_run::Column::JobName.eq(EVENT_SYNC))
            .filter(job_run::Column::Status.eq(status.as_str()))
            .order_by_desc(job_run::Column::Id)
            .one(&state.db)
    };
    let ok = last(RunStatus::Succeeded).await?;
    let failed = last(RunStatus::Failed).await?;
    let session = user_session::Entity::find()
        .filter(user_session::Column::Active.eq(true))
        .order_by_desc(user_session::Column::Id)
        .one(&state.db)
        .await?
        .map(|s| json!({"active": s.active, "expires_at": s.expires_at, "last_refreshed": s.last_refreshed}));
    let interval = crate::platform::settings::int(
        &state.db,
        &state.keys,
        crate::modules::workforce::settings::SYNC_INTERVAL_MINUTES,
    )
    .await?;
    let now = Utc::now();
    Ok(web::Json(SyncStatus {
        configured: !src.url.is_empty(),
        source: if src.kind.is_empty() {
            sync::GENERIC.into()
        } else {
            src.kind
        },
        url: src.url,
        interval_minutes: interval,
        running: j
            .as_ref()
            .is_some_and(|j| j.lease_until.is_some_and(|t| t > now)),
        next_run_at: j.as_ref().map(|j| j.next_run_at),
        consecutive_failures: j.as_ref().map_or(0, |j| j.consecutive_failures),
        last_success_at: ok.as_ref().and_then(|r| r.finished_at),
        last_counts: ok.and_then(|r| r.details).map(|mut d| {
            if let Some(o) = d.as_object_mut() {
                o.remove("rejected_rows");
            }
            d
        }),
        last_error_at: failed.as_ref().and_then(|r| r.finished_at),
        last_error: failed.and_then(|r| r.error),
        session,
    }))
}
