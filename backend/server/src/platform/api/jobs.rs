//! Background work over the API: the jobs with their last runs, switching one off, running one
//! now.

use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::jobs::{self, find_job};
use crate::platform::permissions::Permission;
use crate::platform::state::AppState;
use actix_web::{get, patch, post, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::{job, job_run};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_jobs)
        .service(update_job)
        .service(job_runs)
        .service(run_job);
}

/// A periodic job and how it last went.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"name": "event_sync", "description": "Pulls events from the configured source every `sync_interval_minutes`.",
    "enabled": true, "running": false, "lease_owner": null, "next_run_at": "2026-11-23T11:00:00Z",
    "last_started_at": "2026-11-23T10:00:00Z", "last_finished_at": "2026-11-23T10:00:02Z", "last_status": "failed",
    "last_error": "the source answered 503 Service Unavailable for page 1", "consecutive_failures": 1}))]
pub struct JobOut {
    pub name: String,
    pub description: String,
    pub enabled: bool,
    /// True while a process holds the job's lease.
    pub running: bool,
    pub lease_owner: Option<String>,
    pub next_run_at: DateTime<Utc>,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    /// `succeeded` or `failed`.
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    /// Failures in a row; each doubles the wait before the retry (30 s up to 1 h).
    pub consecutive_failures: i32,
}

impl From<job::Model> for JobOut {
    fn from(j: job::Model) -> Self {
        let now = Utc::now();
        JobOut {
            description: jobs::find(&j.name)
                .map(|job| job.description().to_owned())
                .unwrap_or_default(),
            running: j.lease_until.is_some_and(|t| t > now),
            lease_owner: j
                .lease_owner
                .filter(|_| j.lease_until.is_some_and(|t| t > now)),
            name: j.name,
            enabled: j.enabled,
            next_run_at: j.next_run_at,
            last_started_at: j.last_started_at,
            last_finished_at: j.last_finished_at,
            last_status: j.last_status,
            last_error: j.last_error,
            consecutive_failures: j.consecutive_failures,
        }
    }
}

/// One run of a job.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 7, "job_name": "event_sync", "owner": "web-1:4242:9f3a01bc", "trigger": "manual",
    "started_at": "2026-11-23T10:00:00Z", "finished_at": "2026-11-23T10:00:02Z", "status": "succeeded", "error": null,
    "details": {"source": "generic", "fetched": 120, "created": 3, "updated": 2, "unchanged": 115, "rejected": 0, "rejected_rows": []}}))]
pub struct JobRunOut {
    pub id: i32,
    pub job_name: String,
    /// The process that ran it.
    pub owner: String,
    /// `schedule` or `manual`.
    pub trigger: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// `succeeded` or `failed`.
    pub status: String,
    pub error: Option<String>,
    /// What the run did (the sync's report, the audit's counts …).
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

impl From<job_run::Model> for JobRunOut {
    fn from(r: job_run::Model) -> Self {
        JobRunOut {
            id: r.id,
            job_name: r.job_name,
            owner: r.owner,
            trigger: r.trigger,
            started_at: r.started_at,
            finished_at: r.finished_at,
            status: r.status,
            error: r.error,
            details: r.details,
        }
    }
}

/// Lists the periodic jobs.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), responses(
    (status = 200, description = "Every job", body = Vec<JobOut>)))]
#[get("/jobs")]
async fn list_jobs(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<JobOut>>> {
    caller.require(Permission::OPERATE_INTEGRATIONS)?;
    let rows = job::Entity::find()
        .order_by_asc(job::Column::Name)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(JobOut::from).collect()))
}

/// Switching a job on or off.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": false}))]
pub struct JobPatch {
    pub enabled: bool,
}

/// Switches a job on or off (admins).
#[utoipa::path(tag = "jobs", security(("bearer" = [])), request_body = JobPatch,
    params(("name" = String, Path, description = "The job's name", example = "event_sync")),
    responses((status = 200, description = "The job", body = JobOut), (status = 404, description = "No such job")))]
#[patch("/jobs/{name}")]
async fn update_job(
    state: web::Data<AppState>,
    caller: Caller,
    name: web::Path<String>,
    body: Body<JobPatch>,
) -> ApiResult<web::Json<JobOut>> {
    caller.require(Permission::MANAGE_INTEGRATIONS)?;
    let before = find_job(&state, &name).await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let mut row: job::ActiveModel = before.clone().into();
    row.enabled = Set(body.enabled);
    let after = row.update(&txn).await?;
    caller
        .audit(
            &txn,
            crate::platform::audit::Change::new("update", "job", &after.name)
                .before(json!({"enabled": before.enabled}))
                .after(json!({"enabled": after.enabled})),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(after.into()))
}

const RUN_SORTING: Sorting<job_run::Column> = Sorting {
    fields: &[
        ("id", job_run::Column::Id),
        ("started_at", job_run::Column::StartedAt),
    ],
    default: "-started_at",
};
sort_param!(RunSort, RUN_SORTING);

/// Lists a job's runs, newest first.
#[utoipa::path(tag = "jobs", security(("bearer" = [])),
    params(("name" = String, Path, description = "The job's name", example = "event_sync"), PageQuery, RunSort),
    responses((status = 200, description = "A page of runs", body = Page<JobRunOut>), (status = 404, description = "No such job")))]
#[get("/jobs/{name}/runs")]
async fn job_runs(
    state: web::Data<AppState>,
    caller: Caller,
    name: web::Path<String>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<JobRunOut>>> {
    caller.require(Permission::OPERATE_INTEGRATIONS)?;
    find_job(&state, &name).await?;
    let select = job_run::Entity::find().filter(job_run::Column::JobName.eq(name.as_str()));
    let page = fetch_page(&state.db, select, &page, &RUN_SORTING).await?;
    Ok(web::Json(page.map(JobRunOut::from)))
}

/// What running a job now did.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"job": "daily_audit", "run": {"id": 8, "job_name": "daily_audit", "owner": "web-1:4242:9f3a01bc",
    "trigger": "manual", "started_at": "2026-11-23T10:00:00Z", "finished_at": "2026-11-23T10:00:01Z", "status": "succeeded",
    "error": null, "details": {"unstaffed_events": 2, "schedules_breaking_rules": 0, "rotation_gaps": 1, "attendance_missing": 0, "new": 3, "resolved": 0}}}))]
pub struct RunNowOut {
    pub job: String,
    /// The recorded run; null when the job had nothing to do.
    pub run: Option<JobRunOut>,
}

/// Runs a job now, whatever its schedule, and answers when it ends (409 while it runs elsewhere).
#[utoipa::path(tag = "jobs", security(("bearer" = [])),
    params(("name" = String, Path, description = "The job's name", example = "daily_audit")),
    responses((status = 200, description = "The run", body = RunNowOut), (status = 404, description = "No such job"),
        (status = 409, description = "The job is running already, or switched off")))]
#[post("/jobs/{name}/run")]
async fn run_job(
    state: web::Data<AppState>,
    caller: Caller,
    name: web::Path<String>,
) -> ApiResult<web::Json<RunNowOut>> {
    caller.require(Permission::OPERATE_INTEGRATIONS)?;
    find_job(&state, &name).await?;
    let run = jobs::run_now(&state, &name).await?;
    Ok(web::Json(RunNowOut {
        job: name.into_inner(),
        run: run.map(JobRunOut::from),
    }))
}
