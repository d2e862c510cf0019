//! Auto-scheduler runs: start one (one at a time), solve in the background, write proposals and
//! exceptions (docs/scheduling.md §4), and approve proposals after re-checking every rule.

use super::{SCHEDULED, UNSTAFFED, check_schedule};
use crate::modules::workforce::state::Caches as _;
use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::state::AppState;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Timelike, Utc};
use kairos_domain::time::LocalDateTime;
use kairos_domain::workforce::instance::{Horizon, INSTANCE_FORMAT, Instance};
use kairos_domain::workforce::rules::RuleViolation;
use kairos_domain::workforce::solver::solve_explained;
use kairos_domain::workforce::status::Severity;
use kairos_store::entities::{
    employee, event, pending_schedule, schedule, schedule_exception, scheduler_run,
};
use kairos_store::for_update;
use kairos_store::workforce::{CANCELLED, RuleConfig, load_instance};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

pub use crate::modules::workforce::dto::scheduler::{COMPLETED, FAILED, RUNNING};
/// The longest range one run may cover.
pub const MAX_RANGE_DAYS: i64 = 62;

/// The scheduling rules in force: what a run records as its `settings_snapshot` and
/// `GET /scheduling-rules` answers.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(example = json!({"timezone": "America/Indiana/Indianapolis",
    "settings": {"max_events_per_employee_per_day": 2, "max_minutes_per_week": 2400},
    "event_types": {"Core": {"skills_any": ["lead", "specialist", "juicer"], "start_times": ["10:15", "10:45", "11:15", "11:45"],
        "default_minutes": 390, "max_per_employee_per_day": 1, "rotation": null},
        "Juicer": {"skills_any": ["juicer"], "start_times": ["09:00"], "default_minutes": 540,
        "max_per_employee_per_day": 1, "rotation": "juicer"}}}))]
pub struct RulesOut {
    /// The business time zone (IANA name); the day-based rules apply in it.
    pub timezone: String,
    /// `max_events_per_employee_per_day` and `max_minutes_per_week` (per ISO week); null is
    /// no limit.
    #[schema(value_type = Object)]
    pub settings: Value,
    /// Per event type: the skills that qualify (any one), the allowed start times, the minutes
    /// when an event gives none, the per-employee daily limit and the rotation whose holder
    /// alone may take it.
    #[schema(value_type = Object)]
    pub event_types: Value,
}

impl From<&RuleConfig> for RulesOut {
    fn from(cfg: &RuleConfig) -> Self {
        RulesOut {
            timezone: cfg.tz.name().to_owned(),
            settings: json!(cfg.settings),
            event_types: json!(cfg.event_types),
        }
    }
}

/// Records a new run (409 when one is in progress) and starts it in the background.
pub async fn start(
    state: &AppState,
    started_by: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<scheduler_run::Model> {
    let cfg = state.rules().await?;
    let snapshot = json!(RulesOut::from(cfg.as_ref()));
    let txn = kairos_store::begin_write(&state.db).await?;
    let running = scheduler_run::Entity::find()
        .filter(scheduler_run::Column::Status.eq(RUNNING))
        .count(&txn)
        .await?;
    if running > 0 {
        return Err(ApiError::conflict(
            "a scheduler run is in progress; wait for it to finish",
        ));
    }
    let run = scheduler_run::ActiveModel {
        run_at: Set(Utc::now()),
        date_range_start: Set(Some(from)),
        date_range_end: Set(Some(to)),
        events_processed: Set(None),
        events_assigned: Set(None),
        events_failed: Set(None),
        execution_time_seconds: Set(None),
        settings_snapshot: Set(Some(snapshot)),
        error_log: Set(None),
        status: Set(RUNNING.to_owned()),
        started_by: Set(Some(started_by.to_owned())),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match ApiError::from(e) {
        // The partial unique index lost a race with another start.
        e if e.status() == actix_web::http::StatusCode::CONFLICT => {
            ApiError::conflict("a scheduler run is in progress; wait for it to finish")
        }
        e => e,
    })?;
    crate::platform::audit::record(
        &txn,
        Some(started_by.to_owned()),
        &Default::default(),
        crate::platform::audit::Change::new("create", "scheduler_run", run.id)
            .after(json!({"date_range_start": from, "date_range_end": to})),
    )
    .await?;
    txn.commit().await?;
    let bg = state.clone();
    let id = run.id;
    tokio::spawn(async move {
        if let Err(e) = execute(&bg, id, &cfg, from, to).await {
            tracing::error!(run = id, error = %e, "scheduler run failed");
            let _ = scheduler_run::Entity::update_many()
                .col_expr(scheduler_run::Column::Status, Expr::value(FAILED))
                .col_expr(scheduler_run::Column::ErrorLog, Expr::value(e.to_string()))
                .col_expr(scheduler_run::Column::FinishedAt, Expr::value(Utc::now()))
                .filter(scheduler_run::Column::Id.eq(id))
                .exec(&bg.db)
                .await;
        }
    });
    Ok(run)
}

/// The events a run considers: unstaffed, no active schedule, window reaching into the range.
async fn candidates<C: ConnectionTrait>(
    conn: &C,
    cfg: &RuleConfig,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<event::Model>, DbErr> {
    let events = event::Entity::find()
        .filter(event::Column::Condition.eq(UNSTAFFED))
        // An event whose due time has passed can no longer be staffed by a proposal.
        .filter(event::Column::DueDatetime.gte(cfg.day_start(from).max(now)))
        .filter(event::Column::StartDatetime.lt(cfg.day_start(to + Duration::days(1))))
        .all(conn)
        .await?;
    let refs: Vec<i64> = events.iter().map(|e| e.project_ref_num).collect();
    let held: HashSet<i64> = schedule::Entity::find()
        .filter(schedule::Column::EventRefNum.is_in(refs))
        .filter(schedule::Column::Status.ne(CANCELLED))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.event_ref_num)
        .collect();
    Ok(events
        .into_iter()
        .filter(|e| !held.contains(&e.project_ref_num))
        .collect())
}

/// No proposal starts before `earliest` (the run's start, in the business time zone): an
/// event whose window opened earlier is offered from then on.
fn not_before(instance: &mut Instance, earliest: LocalDateTime) {
    for e in &mut instance.events {
        e.start = e.start.max(earliest);
    }
}

/// The first whole minute at or after `t`.
fn next_minute(t: NaiveDateTime) -> LocalDateTime {
    let floor = t
        .with_second(0)
        .and_then(|f| f.with_nanosecond(0))
        .unwrap_or(t);
    LocalDateTime::from(if floor < t {
        floor + Duration::minutes(1)
    } else {
        floor
    })
}

async fn execute(
    state: &AppState,
    run_id: i32,
    cfg: &RuleConfig,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(), DbErr> {
    let t0 = std::time::Instant::now();
    let now = state.config.clock.now();
    let targets = candidates(&state.db, cfg, from, to, now).await?;
    let mut instance = load_instance(
        &state.db,
        cfg,
        Horizon {
            start: from,
            end: to,
        },
        None,
        &targets,
    )
    .await?;
    instance.format = INSTANCE_FORMAT.to_owned();
    not_before(&mut instance, next_minute(cfg.local(now)));
    let solution = tokio::task::spawn_blocking(move || solve_explained(&instance))
        .await
        .map_err(|e| DbErr::Custom(format!("the solver stopped: {e}")))?;
    let by_ref: std::collections::HashMap<i64, &event::Model> =
        targets.iter().map(|e| (e.project_ref_num, e)).collect();
    let txn = kairos_store::begin_write(&state.db).await?;
    // How the run appears in the audit log and in what it resolves.
    let actor = format!("scheduler_run:{run_id}");
    // Earlier proposals for these events give way to this run's: the table holds one proposal
    // per event. What each one was (a manager's edit included) is kept in the audit log.
    let superseded = pending_schedule::Entity::find()
        .filter(
            pending_schedule::Column::EventRefNum.is_in(by_ref.keys().copied().collect::<Vec<_>>()),
        )
        .all(&txn)
        .await?;
    if !superseded.is_empty() {
        pending_schedule::Entity::delete_many()
            .filter(
                pending_schedule::Column::Id
                    .is_in(superseded.iter().map(|p| p.id).collect::<Vec<_>>()),
            )
            .exec(&txn)
            .await?;
        crate::platform::audit::record(
            &txn,
            Some(actor.clone()),
            &Default::default(),
            crate::platform::audit::Change::new("supersede", "pending_schedule", run_id)
                .before(json!(
                    superseded
                        .into_iter()
                        .map(crate::modules::workforce::dto::scheduler::PendingOut::from)
                        .collect::<Vec<_>>()
                ))
                .after(json!({"replaced_by_run": run_id})),
        )
        .await?;
    }
    let now = Utc::now();
    for a in &solution.assignments {
        pending_schedule::ActiveModel {
            run_id: Set(Some(run_id)),
            event_ref_num: Set(a.event_ref),
            employee_id: Set(a.employee_id.clone()),
            schedule_datetime: Set(cfg.instant(a.start.0)),
            confidence_score: Set(Some(a.confidence_score)),
            reason: Set(Some(a.reason.clone())),
            created_at: Set(Some(now)),
            reviewed: Set(false),
            approved: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // One open exception per event: an earlier run's that is still open takes this run's
    // verdict (and keeps its id and when it was first detected); those of events this run
    // placed are resolved by it. Only new ones are announced, so a daily run does not repeat
    // the same alert.
    let mut earlier: HashMap<i64, schedule_exception::Model> = HashMap::new();
    let mut resolved: Vec<i32> = Vec::new();
    for x in schedule_exception::Entity::find()
        .filter(
            schedule_exception::Column::EventRefNum
                .is_in(by_ref.keys().copied().collect::<Vec<_>>()),
        )
        .filter(schedule_exception::Column::RunId.is_not_null())
        .filter(schedule_exception::Column::Resolved.eq(false))
        .order_by_desc(schedule_exception::Column::Id)
        .all(&txn)
        .await?
    {
        match x.event_ref_num {
            Some(event_ref) if !earlier.contains_key(&event_ref) => {
                earlier.insert(event_ref, x);
            }
            _ => resolved.push(x.id),
        }
    }
    for u in &solution.unassigned {
        let exception_type = serde_json::to_value(u.exception_type)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "coverage".into());
        let severity = if by_ref
            .get(&u.event_ref)
            .is_some_and(|e| e.due_datetime < cfg.day_start(to + Duration::days(1)))
        {
            Severity::Error.as_str()
        } else {
            Severity::Warning.as_str()
        };
        if let Some(old) = earlier.remove(&u.event_ref) {
            let mut row: schedule_exception::ActiveModel = old.into();
            row.run_id = Set(Some(run_id));
            row.exception_type = Set(exception_type);
            row.severity = Set(severity.to_owned());
            row.message = Set(u.reason.clone());
            row.update(&txn).await?;
            continue;
        }
        let exception = schedule_exception::ActiveModel {
            run_id: Set(Some(run_id)),
            schedule_id: Set(None),
            event_ref_num: Set(Some(u.event_ref)),
            exception_type: Set(exception_type),
            severity: Set(severity.to_owned()),
            message: Set(u.reason.clone()),
            detected_at: Set(now),
            resolved: Set(false),
            resolved_at: Set(None),
            resolved_by: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        crate::modules::workforce::events::publish(
            &txn,
            crate::modules::workforce::events::Event::ScheduleExceptionCreated,
            json!({"id": exception.id, "run_id": run_id, "event_ref_num": u.event_ref,
                "exception_type": exception.exception_type, "severity": exception.severity,
                "message": exception.message}),
        )
        .await?;
    }
    resolved.extend(earlier.into_values().map(|x| x.id));
    if !resolved.is_empty() {
        resolved.sort_unstable();
        schedule_exception::Entity::update_many()
            .col_expr(schedule_exception::Column::Resolved, Expr::value(true))
            .col_expr(schedule_exception::Column::ResolvedAt, Expr::value(now))
            .col_expr(
                schedule_exception::Column::ResolvedBy,
                Expr::value(actor.clone()),
            )
            .filter(schedule_exception::Column::Id.is_in(resolved.clone()))
            .exec(&txn)
            .await?;
        crate::platform::audit::record(
            &txn,
            Some(actor),
            &Default::default(),
            crate::platform::audit::Change::new("resolve", "schedule_exception", run_id)
                .after(json!({"resolved_ids": resolved, "resolved_by_run": run_id})),
        )
        .await?;
    }
    let processed = targets.len() as i32;
    crate::modules::workforce::events::publish(
        &txn,
        crate::modules::workforce::events::Event::SchedulerRunCompleted,
        json!({"run_id": run_id, "date_range_start": from, "date_range_end": to,
            "events_processed": processed, "events_assigned": solution.assignments.len(),
            "events_failed": solution.unassigned.len()}),
    )
    .await?;
    scheduler_run::Entity::update_many()
        .col_expr(scheduler_run::Column::Status, Expr::value(COMPLETED))
        .col_expr(
            scheduler_run::Column::EventsProcessed,
            Expr::value(processed),
        )
        .col_expr(
            scheduler_run::Column::EventsAssigned,
            Expr::value(solution.assignments.len() as i32),
        )
        .col_expr(
            scheduler_run::Column::EventsFailed,
            Expr::value(solution.unassigned.len() as i32),
        )
        .col_expr(
            scheduler_run::Column::ExecutionTimeSeconds,
            Expr::value(t0.elapsed().as_secs_f64()),
        )
        .col_expr(scheduler_run::Column::FinishedAt, Expr::value(Utc::now()))
        .filter(scheduler_run::Column::Id.eq(run_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(
        run = run_id,
        processed,
        assigned = solution.assignments.len(),
        "scheduler run completed"
    );
    Ok(())
}

/// What approving a proposal led to.
pub enum Approval {
    Approved(schedule::Model),
    Refused(Vec<RuleViolation>),
}

/// Locks a run's row so that approvals of one run happen one after another (PostgreSQL; SQLite
/// write transactions are serial already).
pub async fn lock_run(txn: &DatabaseTransaction, run_id: i32) -> ApiResult<scheduler_run::Model> {
    for_update(scheduler_run::Entity::find_by_id(run_id), txn)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("scheduler run {run_id}")))
}

/// [`lock_run`], refusing a run still in progress: its proposals are not all written, so
/// approving or rejecting "all" of them would quietly leave out the rest.
pub async fn lock_finished_run(
    txn: &DatabaseTransaction,
    run_id: i32,
) -> ApiResult<scheduler_run::Model> {
    let run = lock_run(txn, run_id).await?;
    if run.status == RUNNING {
        return Err(ApiError::conflict(format!(
            "scheduler run {run_id} is still in progress; its proposals are not all written yet"
        )));
    }
    Ok(run)
}

/// Re-checks one unreviewed proposal against the data as it is now and, when it still fits,
/// creates its schedule and marks it approved. A refused proposal stays pending.
pub async fn approve_one(
    txn: &DatabaseTransaction,
    cfg: &RuleConfig,
    caller: &Caller,
    p: &pending_schedule::Model,
) -> ApiResult<Approval> {
    let eq = for_update(
        event::Entity::find().filter(event::Column::ProjectRefNum.eq(p.event_ref_num)),
        txn,
    );
    let emq = for_update(employee::Entity::find_by_id(p.employee_id.clone()), txn);
    let ev = eq
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("event {}", p.event_ref_num)))?;
    emq.one(txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("employee {}", p.employee_id)))?;
    let violations =
        check_schedule(txn, cfg, &ev, &p.employee_id, p.schedule_datetime, None).await?;
    if !violations.is_empty() {
        return Ok(Approval::Refused(violations));
    }
    super::clear_cancelled_slot(txn, caller, p.event_ref_num, p.schedule_datetime).await?;
    let created = schedule::ActiveModel {
        event_ref_num: Set(p.event_ref_num),
        employee_id: Set(p.employee_id.clone()),
        schedule_datetime: Set(p.schedule_datetime),
        created_at: Set(Utc::now()),
        created_by: Set(Some(caller.audit_id())),
        modified_at: Set(None),
        status: Set(kairos_domain::workforce::status::ScheduleStatus::Confirmed
            .as_str()
            .into()),
        notes: Set(p
            .reason
            .clone()
            .map(|r| format!("Proposed by the auto-scheduler: {r}"))),
        override_reason: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    event::Entity::update_many()
        .col_expr(event::Column::Condition, Expr::value(SCHEDULED))
        .col_expr(event::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(event::Column::Id.eq(ev.id))
        .exec(txn)
        .await?;
    pending_schedule::Entity::update_many()
        .col_expr(pending_schedule::Column::Reviewed, Expr::value(true))
        .col_expr(pending_schedule::Column::Approved, Expr::value(true))
        .filter(pending_schedule::Column::Id.eq(p.id))
        .exec(txn)
        .await?;
    caller
        .audit(
            txn,
            crate::platform::audit::Change::new("approve", "pending_schedule", p.id)
                .after(json!({"schedule_id": created.id})),
        )
        .await?;
    crate::modules::workforce::events::audit_and_publish(
        txn,
        caller,
        crate::modules::workforce::events::Event::ScheduleCreated,
        crate::platform::audit::Change::new("create", "schedule", created.id).after(json!({"event_ref_num": created.event_ref_num,
            "employee_id": created.employee_id, "schedule_datetime": created.schedule_datetime, "from_proposal": p.id})),
    )
    .await?;
    Ok(Approval::Approved(created))
}

/// The unreviewed proposals of a run, locked (PostgreSQL), in start order.
pub async fn open_proposals(
    txn: &DatabaseTransaction,
    run_id: i32,
) -> Result<Vec<pending_schedule::Model>, DbErr> {
    let q = pending_schedule::Entity::find()
        .filter(pending_schedule::Column::RunId.eq(run_id))
        .filter(pending_schedule::Column::Reviewed.eq(false))
        .order_by_asc(pending_schedule::Column::ScheduleDatetime)
        .order_by_asc(pending_schedule::Column::Id);
    for_update(q, txn).all(txn).await
}

/// The daily automatic run: when enabled and the local time has passed the configured time, one
/// run per local day for the configured window (proposals only; never schedules). `forced`
/// (the job's "run now") starts it whatever the time and however many ran today. Gives the id
/// of the run it started.
pub async fn automatic_tick(state: &AppState, forced: bool) -> Result<Option<i32>, DbErr> {
    let enabled = crate::platform::settings::flag(
        &state.db,
        &state.keys,
        crate::modules::workforce::settings::AUTO_SCHEDULER_ENABLED,
    )
    .await?;
    if !enabled {
        return Ok(None);
    }
    let cfg = state.rules().await?;
    let at = crate::platform::settings::time_of_day(
        &state.db,
        &state.keys,
        crate::modules::workforce::settings::AUTO_SCHEDULER_TIME,
    )
    .await?;
    let window = crate::platform::settings::int(
        &state.db,
        &state.keys,
        crate::modules::workforce::settings::AUTO_SCHEDULER_WINDOW_DAYS,
    )
    .await?;
    let now = cfg.local(Utc::now());
    if !forced && now.time() < at {
        return Ok(None);
    }
    let today = now.date();
    let done_today = scheduler_run::Entity::find()
        .filter(scheduler_run::Column::StartedBy.eq(AUTOMATIC))
        .filter(scheduler_run::Column::RunAt.gte(cfg.day_start(today)))
        .count(&state.db)
        .await?
        > 0;
    if done_today && !forced {
        return Ok(None);
    }
    let from = today + Duration::days(1);
    match start(state, AUTOMATIC, from, from + Duration::days(window - 1)).await {
        Ok(run) => {
            tracing::info!(run = run.id, "automatic scheduler run started");
            Ok(Some(run.id))
        }
        Err(e) => {
            tracing::info!(error = %e, "automatic scheduler run not started");
            Ok(None)
        }
    }
}

/// How automatic runs are named in `started_by`.
pub const AUTOMATIC: &str = "auto";
