//! The auto-scheduler over HTTP: runs, and the review of their proposals (edit, approve, reject).

use crate::audit::Change;
use crate::auth::Caller;
use crate::body::Body;
use crate::error::{ApiError, ApiResult};
use crate::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::permissions::Permission;
use crate::query::Query;
use crate::routes::events::{
    CandidateOut, CandidateQuery, SchedulingOverride, candidate_list, override_of, store_override,
};
use crate::state::AppState;
use crate::workforce::events::find_by_ref;
use crate::workforce::runs::{self, Approval, MAX_RANGE_DAYS, RulesOut};
use crate::workforce::{
    check_proposal, check_proposal_candidates, proposal_context, rules_broken, violations_json,
};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use kairos_store::entities::{employee, event, pending_schedule, scheduler_run};
use kairos_store::workforce::domain_employee;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
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

/// A run as answered.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 3, "run_at": "2026-03-01T06:00:00Z", "status": "completed", "date_range_start": "2026-03-02",
    "date_range_end": "2026-03-15", "events_processed": 120, "events_assigned": 117, "events_failed": 3,
    "execution_time_seconds": 0.021, "settings_snapshot": {}, "error_log": null, "started_by": "2", "finished_at": "2026-03-01T06:00:01Z"}))]
pub struct RunOut {
    pub id: i32,
    pub run_at: DateTime<Utc>,
    /// `running`, `completed`, `failed`.
    pub status: String,
    pub date_range_start: Option<NaiveDate>,
    pub date_range_end: Option<NaiveDate>,
    /// Events considered; `events_assigned + events_failed` when completed.
    pub events_processed: Option<i32>,
    pub events_assigned: Option<i32>,
    pub events_failed: Option<i32>,
    pub execution_time_seconds: Option<f64>,
    /// The rules in force for this run.
    #[schema(value_type = Option<Object>)]
    pub settings_snapshot: Option<Value>,
    pub error_log: Option<String>,
    /// A user id, or `auto` for the daily automatic run.
    pub started_by: Option<String>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<scheduler_run::Model> for RunOut {
    fn from(m: scheduler_run::Model) -> Self {
        RunOut {
            id: m.id,
            run_at: m.run_at,
            status: m.status,
            date_range_start: m.date_range_start,
            date_range_end: m.date_range_end,
            events_processed: m.events_processed,
            events_assigned: m.events_assigned,
            events_failed: m.events_failed,
            execution_time_seconds: m.execution_time_seconds,
            settings_snapshot: m.settings_snapshot,
            error_log: m.error_log,
            started_by: m.started_by,
            finished_at: m.finished_at,
        }
    }
}

fn run_end_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::plausible_date_schema(),
        "Inclusive; not before the start, and at most 61 days after it (a run covers at most 62 days).",
    )
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date_range_start": "2026-03-02", "date_range_end": "2026-03-15"}))]
pub struct RunIn {
    #[schema(schema_with = crate::validation::plausible_date_schema)]
    pub date_range_start: NaiveDate,
    /// Inclusive; not before the start, and at most 61 days after it (a run covers at most 62
    /// days).
    #[schema(schema_with = run_end_schema)]
    pub date_range_end: NaiveDate,
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
    caller.require(Permission::ReadWorkforce)?;
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
    caller.require(Permission::ManageWorkforce)?;
    let b = body.into_inner();
    crate::validation::Checks::new()
        .check(
            "date_range_start",
            crate::validation::plausible_date(b.date_range_start),
        )
        .check(
            "date_range_end",
            crate::validation::plausible_date(b.date_range_end),
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunFilter {
    /// `running`, `completed` or `failed`.
    #[param(schema_with = run_status_schema)]
    pub status: Option<String>,
}

const RUN_STATUSES: [&str; 3] = [
    crate::workforce::runs::RUNNING,
    crate::workforce::runs::COMPLETED,
    crate::workforce::runs::FAILED,
];

fn run_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_schema(&RUN_STATUSES),
        "`running`, `completed` or `failed`.",
    )
}

const RUN_SORTING: Sorting<scheduler_run::Column> = Sorting {
    fields: &[
        ("id", scheduler_run::Column::Id),
        ("run_at", scheduler_run::Column::RunAt),
    ],
    default: "-id",
};
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
    caller.require(Permission::ReadWorkforce)?;
    let mut select = scheduler_run::Entity::find();
    if let Some(s) = f.into_inner().status {
        crate::query::one_of("status", &s, &RUN_STATUSES)?;
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
    caller.require(Permission::ReadWorkforce)?;
    let run = scheduler_run::Entity::find_by_id(*id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("scheduler run {id}")))?;
    Ok(web::Json(run.into()))
}

/// A proposal as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 11, "run_id": 3, "event_ref_num": 606034, "employee_id": "E0001", "schedule_datetime": "2026-03-02T15:15:00Z",
    "confidence_score": 0.82, "reason": "Aisha Johnson (E0004) on 2026-03-02 at 10:15: 4 of 12 employees could take this Core event (6 lack skill lead/specialist/juicer, 2 unavailable); 2 others could still take it as scheduled", "created_at": "2026-03-01T06:00:01Z",
    "reviewed": false, "approved": null}))]
pub struct PendingOut {
    pub id: i32,
    pub run_id: Option<i32>,
    pub event_ref_num: i64,
    pub employee_id: String,
    pub schedule_datetime: DateTime<Utc>,
    /// In [0.25, 1], two decimals: how freely a manager could change this choice.
    /// `(0.5 + 0.5 × min(alternatives, 3) / 3) × preference_fit`, where `alternatives` is how
    /// many other employees could take the event beside the rest of the run's proposals (0:
    /// this is the only way to staff it, score 0.5; 3 or more: 1.0), and `preference_fit` is 1
    /// at the override's `preferred_time` (or without one), falling to 0.5 at four hours or
    /// more from it. Null once a manager has edited the proposal (the choice is theirs).
    #[schema(example = 0.83)]
    pub confidence_score: Option<f64>,
    pub reason: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub reviewed: bool,
    /// null until reviewed; then approved (true) or rejected (false).
    pub approved: Option<bool>,
}

impl From<pending_schedule::Model> for PendingOut {
    fn from(m: pending_schedule::Model) -> Self {
        PendingOut {
            id: m.id,
            run_id: m.run_id,
            event_ref_num: m.event_ref_num,
            employee_id: m.employee_id,
            schedule_datetime: m.schedule_datetime,
            confidence_score: m.confidence_score,
            reason: m.reason,
            created_at: m.created_at,
            reviewed: m.reviewed,
            approved: m.approved,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PendingFilter {
    pub run_id: Option<i32>,
    pub reviewed: Option<bool>,
    pub approved: Option<bool>,
    pub employee_id: Option<String>,
}

const PENDING_SORTING: Sorting<pending_schedule::Column> = Sorting {
    fields: &[
        ("id", pending_schedule::Column::Id),
        (
            "schedule_datetime",
            pending_schedule::Column::ScheduleDatetime,
        ),
        (
            "confidence_score",
            pending_schedule::Column::ConfidenceScore,
        ),
    ],
    default: "schedule_datetime",
};
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
    caller.require(Permission::ReadWorkforce)?;
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

async fn find_pending<C: ConnectionTrait>(conn: &C, id: i32) -> ApiResult<pending_schedule::Model> {
    pending_schedule::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("proposal {id}")))
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
    caller.require(Permission::ReadWorkforce)?;
    Ok(web::Json(find_pending(&state.db, *id).await?.into()))
}

/// The event a proposal is for.
async fn proposal_event<C: ConnectionTrait>(
    conn: &C,
    p: &pending_schedule::Model,
) -> ApiResult<event::Model> {
    find_by_ref(conn, p.event_ref_num)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("event {}", p.event_ref_num)))
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"employee_id": "E0004", "schedule_datetime": "2026-03-02T15:45:00Z"}))]
pub struct PendingPatch {
    pub employee_id: Option<String>,
    pub schedule_datetime: Option<DateTime<Utc>>,
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
    caller.require(Permission::ManageWorkforce)?;
    let p = body.into_inner();
    let cfg = state.rules().await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find_pending(&txn, *id).await?;
    if before.reviewed {
        return Err(ApiError::conflict("this proposal was already reviewed"));
    }
    let employee_id = p.employee_id.unwrap_or_else(|| before.employee_id.clone());
    let at = p.schedule_datetime.unwrap_or(before.schedule_datetime);
    if employee_id == before.employee_id && at == before.schedule_datetime {
        // Nothing changes: answered as it is, neither re-worded nor audited.
        return Ok(web::Json(PendingOut::from(before)));
    }
    let Some(new_employee) = employee::Entity::find_by_id(employee_id.clone())
        .one(&txn)
        .await?
    else {
        return Err(ApiError::invalid(
            "employee_id",
            format!("no employee has id {employee_id}"),
        ));
    };
    let ev = proposal_event(&txn, &before).await?;
    // Within the run's range, and beside the run's other open proposals for that employee.
    let context = proposal_context(&txn, &before, Some(&employee_id)).await?;
    let violations = check_proposal(&txn, &cfg, &ev, &employee_id, at, &context).await?;
    if !violations.is_empty() {
        return Err(rules_broken("the changed proposal", &violations));
    }
    let mut row: pending_schedule::ActiveModel = before.clone().into();
    let local = cfg.local(at);
    // The solver's reason and confidence spoke of its own choice; the manager's replaces them.
    let was = employee::Entity::find_by_id(before.employee_id.clone())
        .one(&txn)
        .await?;
    row.reason = Set(Some(format!(
        "Edited by a manager: {} on {} at {}, every hard rule checked (was {} at {}).",
        domain_employee(&new_employee).label(),
        local.format("%Y-%m-%d"),
        local.format("%H:%M"),
        was.as_ref().map_or_else(
            || before.employee_id.clone(),
            |e| domain_employee(e).label()
        ),
        cfg.local(before.schedule_datetime).format("%Y-%m-%d %H:%M"),
    )));
    row.confidence_score = Set(None);
    row.employee_id = Set(employee_id);
    row.schedule_datetime = Set(at);
    let after = PendingOut::from(row.update(&txn).await?);
    caller
        .audit(
            &txn,
            Change::new("update", "pending_schedule", after.id)
                .before(PendingOut::from(before))
                .after(&after),
        )
        .await?;
    txn.commit().await?;
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
    caller.require(Permission::ReadWorkforce)?;
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

/// What an approval did.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"approved": [{"proposal_id": 11, "schedule_id": 40}], "refused": [{"proposal_id": 12,
    "event_ref_num": 606035, "violations": [{"code": "outside_availability", "message": "Aisha Johnson (E0004) is unavailable all day (approved time off) on 2026-03-03, so 10:15–16:45 does not fit"}]}]}))]
pub struct ApprovalReport {
    pub approved: Vec<Approved>,
    /// Proposals that no longer fit the data; they stay pending.
    pub refused: Vec<Refused>,
}

/// A proposal turned into a schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct Approved {
    pub proposal_id: i32,
    /// The schedule created from it.
    pub schedule_id: i32,
}

/// A proposal that no longer fits, with the rules it now breaks.
#[derive(Debug, Serialize, ToSchema)]
pub struct Refused {
    pub proposal_id: i32,
    pub event_ref_num: i64,
    pub violations: Vec<crate::workforce::Violation>,
}

/// How many proposals `reject-all` rejected.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"rejected": 12}))]
pub struct Rejected {
    pub rejected: u64,
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
    caller.require(Permission::ManageWorkforce)?;
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RejectQuery {
    /// Also keep the proposal's employee off this event in later runs (the daily automatic run
    /// included): adds them to the event's scheduling override (`excluded_employee_ids`),
    /// audited. Refused (409) when the override requires that employee.
    #[serde(default)]
    pub exclude_employee: bool,
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
    caller.require(Permission::ManageWorkforce)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let first = find_pending(&txn, *id).await?;
    if let Some(run) = first.run_id {
        runs::lock_run(&txn, run).await?;
    }
    let p = find_pending(&txn, *id).await?;
    if p.reviewed {
        return Err(ApiError::conflict("this proposal was already reviewed"));
    }
    if query.exclude_employee {
        keep_off(&txn, &caller, &p).await?;
    }
    let mut row: pending_schedule::ActiveModel = p.clone().into();
    row.reviewed = Set(true);
    row.approved = Set(Some(false));
    let after = PendingOut::from(row.update(&txn).await?);
    caller
        .audit(
            &txn,
            Change::new("reject", "pending_schedule", after.id)
                .before(PendingOut::from(p))
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(after))
}

/// Adds the proposal's employee to its event's excluded employees (creating the override when
/// the event has none).
async fn keep_off<C: ConnectionTrait>(
    txn: &C,
    caller: &Caller,
    p: &pending_schedule::Model,
) -> ApiResult<()> {
    let mut next = override_of(txn, p.event_ref_num)
        .await?
        .map(SchedulingOverride::from)
        .unwrap_or_default();
    if next.required_employee_id.as_deref() == Some(p.employee_id.as_str()) {
        return Err(ApiError::conflict(format!(
            "event {} requires {} in its scheduling override; change the override instead",
            p.event_ref_num, p.employee_id
        )));
    }
    if !next.excluded_employee_ids.contains(&p.employee_id) {
        next.excluded_employee_ids.push(p.employee_id.clone());
        // Where the exclusion came from, for whoever reads the override later.
        let why = format!(
            "{} kept off when a manager rejected proposal {}",
            p.employee_id, p.id
        );
        next.notes = Some(match next.notes.take().filter(|n| !n.trim().is_empty()) {
            Some(n) => format!("{n}\n{why}"),
            None => why,
        });
        store_override(txn, caller, p.event_ref_num, &next).await?;
    }
    Ok(())
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
    caller.require(Permission::ManageWorkforce)?;
    let cfg = state.rules().await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    runs::lock_finished_run(&txn, *id).await?;
    let mut report = ApprovalReport {
        approved: vec![],
        refused: vec![],
    };
    for p in runs::open_proposals(&txn, *id).await? {
        match runs::approve_one(&txn, &cfg, &caller, &p).await? {
            Approval::Approved(s) => report.approved.push(Approved {
                proposal_id: p.id,
                schedule_id: s.id,
            }),
            Approval::Refused(v) => report.refused.push(Refused {
                proposal_id: p.id,
                event_ref_num: p.event_ref_num,
                violations: crate::workforce::violations(&v),
            }),
        }
    }
    txn.commit().await?;
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
    caller.require(Permission::ManageWorkforce)?;
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
