//! The auto-scheduler over HTTP: runs, and the review of their proposals (edit, approve, reject).

use crate::modules::workforce::api::events::candidate_list;
use crate::modules::workforce::dto::events::{CandidateOut, CandidateQuery};
use crate::modules::workforce::dto::scheduler::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::review::{self as review, find_pending, proposal_event};
use crate::modules::workforce::service::review_all;
use crate::modules::workforce::service::runs::{self, Approval, MAX_RANGE_DAYS, RulesOut};
use crate::modules::workforce::service::{
    check_proposal_candidates, proposal_context, violations_json,
};
use crate::modules::workforce::state::Caches as _;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::pagination::{Page, PageQuery, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use kairos_store::entities::{pending_schedule, scheduler_run};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(scheduling_rules)
        .service(start_run)
        .service(list_runs)
        .service(get_run)
        .service(approve_all)
        .service(reject_all)
        .service(list_pending)
        .service(get_pending)
        .service(edit_pending)
        .service(pending_candidates)
        .service(approve_pending)
        .service(reject_pending);
}

/// The scheduling rules in force (the hard rules' settings and the event-type table), for every
/// role: what the rule checker and the next run apply. Admins change them through `/settings`.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), responses(
    (status = 200, description = "The rules in force", body = RulesOut)))]
#[get("/scheduling-rules")]
async fn scheduling_rules(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<RulesOut>> {
    caller.require(permissions::READ_WORKFORCE)?;
    Ok(web::Json(RulesOut::from(state.rules().await?.as_ref())))
}

/// Starts an auto-scheduler run in the background. It writes proposals and exceptions only;
/// nothing is scheduled until a manager approves. Earlier proposals for the events it plans,
/// reviewed or not, are replaced (there is one proposal per event); the audit log keeps each
/// replaced one (action `supersede`). A run never proposes a start that has already passed
/// when it starts: today's earlier start times are not offered, and events whose due time
/// has passed are not considered (they are not counted in `events_processed`).
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), request_body = RunIn, responses(
    (status = 202, description = "Started; poll GET /scheduler/runs/{id}", body = RunOut),
    (status = 409, description = "A run is in progress"),
    (status = 422, description = "Invalid range")))]
#[post("/scheduler/runs")]
async fn start_run(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<RunIn>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b = body.into_inner();
    crate::platform::http::validation::Checks::new()
        .check(
            "date_range_start",
            crate::platform::http::validation::plausible_date(b.date_range_start),
        )
        .check(
            "date_range_end",
            crate::platform::http::validation::plausible_date(b.date_range_end),
        )
        .check(
            "date_range_end",
            (b.date_range_end < b.date_range_start)
                .then(|| "must not be before date_range_start".to_owned()),
        )
        .check(
            "date_range_end",
            ((b.date_range_end - b.date_range_start).num_days() >= MAX_RANGE_DAYS)
                .then(|| format!("a run covers at most {MAX_RANGE_DAYS} days")),
        )
        .finish()?;
    let run = runs::start(
        &state,
        &caller.audit_id(),
        b.date_range_start,
        b.date_range_end,
    )
    .await?;
    Ok(HttpResponse::Accepted().json(RunOut::from(run)))
}

sort_param!(RunSort, RUN_SORTING);
/// Lists runs, newest first.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), params(PageQuery, RunSort, RunFilter), responses(
    (status = 200, description = "A page of runs", body = Page<RunOut>)))]
#[get("/scheduler/runs")]
async fn list_runs(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    f: Query<RunFilter>,
) -> ApiResult<web::Json<Page<RunOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let mut select = scheduler_run::Entity::find();
    if let Some(s) = f.into_inner().status {
        crate::platform::http::query::one_of("status", &s, &RUN_STATUSES)?;
        select = select.filter(scheduler_run::Column::Status.eq(s));
    }
    let page = fetch_page(&state.db, select, &page, &RUN_SORTING).await?;
    Ok(web::Json(page.map(RunOut::from)))
}

/// Reads one run: status and counts.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), params(("id" = i32, Path, description = "The run's id")),
    responses((status = 200, description = "The run", body = RunOut), (status = 404, description = "No such run")))]
#[get("/scheduler/runs/{id}")]
async fn get_run(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<RunOut>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let run = find_or_404::<scheduler_run::Entity, _, _>(&state.db, "scheduler run", *id).await?;
    Ok(web::Json(run.into()))
}

sort_param!(PendingSort, PENDING_SORTING);
/// Lists proposals.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), params(PageQuery, PendingSort, PendingFilter), responses(
    (status = 200, description = "A page of proposals", body = Page<PendingOut>)))]
#[get("/pending-schedules")]
async fn list_pending(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    f: Query<PendingFilter>,
) -> ApiResult<web::Json<Page<PendingOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let f = f.into_inner();
    let mut select = pending_schedule::Entity::find();
    if let Some(v) = f.run_id {
        select = select.filter(pending_schedule::Column::RunId.eq(v));
    }
    if let Some(v) = f.reviewed {
        select = select.filter(pending_schedule::Column::Reviewed.eq(v));
    }
    if let Some(v) = f.approved {
        select = select.filter(pending_schedule::Column::Approved.eq(v));
    }
    if let Some(v) = f.employee_id {
        select = select.filter(pending_schedule::Column::EmployeeId.eq(v));
    }
    let page = fetch_page(&state.db, select, &page, &PENDING_SORTING).await?;
    Ok(web::Json(page.map(PendingOut::from)))
}

/// Reads one proposal.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), params(("id" = i32, Path, description = "The proposal's id")),
    responses((status = 200, description = "The proposal", body = PendingOut), (status = 404, description = "No such proposal")))]
#[get("/pending-schedules/{id}")]
async fn get_pending(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<PendingOut>> {
    caller.require(permissions::READ_WORKFORCE)?;
    Ok(web::Json(find_pending(&state.db, *id).await?.into()))
}

/// Changes a proposal's employee or time. The change is checked against every hard rule, with
/// the run's range as the horizon and the run's other open proposals counted as approved (a
/// clash with one of them is refused, as approving the run would refuse it).
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), request_body = PendingPatch,
    params(("id" = i32, Path, description = "The proposal's id")),
    responses((status = 200, description = "Updated", body = PendingOut), (status = 404, description = "No such proposal"),
        (status = 409, description = "Already reviewed, or the change breaks rules (listed in `violations`)"),
        (status = 422, description = "`employee_id` names no employee")))]
#[patch("/pending-schedules/{id}")]
async fn edit_pending(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<PendingPatch>,
) -> ApiResult<web::Json<PendingOut>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let p = body.into_inner();
    let cfg = state.rules().await?;
    let after = review::edit(&state, &caller, &cfg, *id, p).await?;
    Ok(web::Json(after))
}

/// Whom a manager could move a proposal to: every active employee with the verdict that
/// `PATCH /pending-schedules/{id}` would give for them at `schedule_datetime` (the run's range
/// as the horizon, the run's other open proposals counted as approved), eligible employees
/// first, then by name. The proposal's own employee at its own time is eligible while the
/// proposal still fits.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The proposal's id"), CandidateQuery),
    responses((status = 200, description = "Every active employee with a verdict", body = Vec<CandidateOut>),
        (status = 404, description = "No such proposal"), (status = 409, description = "Already reviewed")))]
#[get("/pending-schedules/{id}/candidates")]
async fn pending_candidates(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    query: Query<CandidateQuery>,
) -> ApiResult<web::Json<Vec<CandidateOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let p = find_pending(&state.db, *id).await?;
    if p.reviewed {
        // Nobody can move it any more, so nobody is eligible.
        return Err(ApiError::conflict("this proposal was already reviewed"));
    }
    let ev = proposal_event(&state.db, &p).await?;
    let cfg = state.rules().await?;
    let start = query.schedule_datetime.unwrap_or(p.schedule_datetime);
    let context = proposal_context(&state.db, &p, None).await?;
    let verdicts = check_proposal_candidates(&state.db, &cfg, &ev, start, &context).await?;
    Ok(web::Json(candidate_list(verdicts)))
}

/// Approves one proposal after re-checking every hard rule against the data as it is now.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), params(("id" = i32, Path, description = "The proposal's id")),
    responses((status = 200, description = "Approved: the schedule was created", body = ApprovalReport), (status = 404, description = "No such proposal"),
        (status = 409, description = "Already reviewed, or it no longer fits (the broken rules are in `violations`)")))]
#[post("/pending-schedules/{id}/approve")]
async fn approve_pending(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<ApprovalReport>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let cfg = state.rules().await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let first = find_pending(&txn, *id).await?;
    if let Some(run) = first.run_id {
        runs::lock_run(&txn, run).await?;
    }
    let p = find_pending(&txn, *id).await?;
    if p.reviewed {
        return Err(ApiError::conflict("this proposal was already reviewed"));
    }
    match runs::approve_one(&txn, &cfg, &caller, &p).await? {
        Approval::Approved(s) => {
            txn.commit().await?;
            Ok(web::Json(ApprovalReport {
                approved: vec![Approved {
                    proposal_id: p.id,
                    schedule_id: s.id,
                }],
                refused: vec![],
            }))
        }
        Approval::Refused(v) => Err(ApiError::conflict(format!(
            "the proposal no longer fits: {}",
            v.iter()
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        ))
        .with_violations(violations_json(&v))),
    }
}

/// Rejects one proposal; the event stays as it was. A plain rejection is not remembered: a
/// later run may propose the same again. `exclude_employee=true` keeps the employee off the
/// event for good (until a manager edits its override).
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), params(("id" = i32, Path, description = "The proposal's id"), RejectQuery),
    responses((status = 200, description = "Rejected", body = PendingOut), (status = 404, description = "No such proposal"),
        (status = 409, description = "Already reviewed, or the event's override requires this employee")))]
#[post("/pending-schedules/{id}/reject")]
async fn reject_pending(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    query: Query<RejectQuery>,
) -> ApiResult<web::Json<PendingOut>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let after = review::reject(&state, &caller, *id, query.into_inner()).await?;
    Ok(web::Json(after))
}

/// Approves every open proposal of a run in one transaction, each re-checked against the data as it
/// is then (earlier approvals of the same call count). Those that no longer fit are reported and stay pending.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), params(("id" = i32, Path, description = "The run's id")),
    responses((status = 200, description = "What was approved and what was refused", body = ApprovalReport), (status = 404, description = "No such run"),
        (status = 409, description = "The run is still in progress")))]
#[post("/scheduler/runs/{id}/approve-all")]
async fn approve_all(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<ApprovalReport>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let cfg = state.rules().await?;
    let report = review_all::approve_all(&state, &caller, &cfg, *id).await?;
    Ok(web::Json(report))
}

/// Rejects every open proposal of a run; no event changes.
#[utoipa::path(tag = "scheduler", security(("bearer" = [])), params(("id" = i32, Path, description = "The run's id")),
    responses((status = 200, description = "How many were rejected", body = Rejected), (status = 404, description = "No such run"),
        (status = 409, description = "The run is still in progress")))]
#[post("/scheduler/runs/{id}/reject-all")]
async fn reject_all(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<Rejected>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    runs::lock_finished_run(&txn, *id).await?;
    let res = pending_schedule::Entity::update_many()
        .col_expr(pending_schedule::Column::Reviewed, Expr::value(true))
        .col_expr(pending_schedule::Column::Approved, Expr::value(false))
        .filter(pending_schedule::Column::RunId.eq(*id))
        .filter(pending_schedule::Column::Reviewed.eq(false))
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("reject_all", "scheduler_run", *id)
                .after(json!({"rejected": res.rows_affected})),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(Rejected {
        rejected: res.rows_affected,
    }))
}
