//! The job runner: periodic work backed by the `jobs` table so that several processes on one
//! database run each due job once.
//!
//! A process runs a job only after taking its lease in one conditional `UPDATE … WHERE
//! next_run_at <= now AND (lease_until IS NULL OR lease_until < now)`: the database lets exactly
//! one writer match the row. When the job ends the process moves `next_run_at` on and drops the
//! lease; a job that fails is retried sooner, with a back-off that doubles per failure; a process
//! that dies mid-run leaves a lease that lapses after [`LEASE`], and the job is run again.

use crate::state::AppState;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use kairos_store::entities::{job, job_run};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter,
};
use serde_json::Value;
use std::sync::OnceLock;

pub const EVENT_SYNC: &str = "event_sync";
pub const DELIVERIES: &str = "deliveries";
pub const DAILY_AUDIT: &str = "daily_audit";
pub const AUTO_SCHEDULER: &str = "auto_scheduler";
/// The trigger of a run started with "run now" (the runner's own are `"schedule"`).
pub const MANUAL: &str = "manual";

/// Every job: name and what it does.
pub const JOBS: &[(&str, &str)] = &[
    (
        EVENT_SYNC,
        "Pulls events from the configured source every `sync_interval_minutes`.",
    ),
    (
        DELIVERIES,
        "Delivers pending webhooks and e-mails, retrying failures with exponential back-off.",
    ),
    (
        DAILY_AUDIT,
        "Checks the coming days once a day at `audit_check_time` and notifies per the audit notification settings.",
    ),
    (
        AUTO_SCHEDULER,
        "Starts the daily automatic scheduler run when `auto_scheduler_enabled` is on.",
    ),
];

/// How long a lease holds before another process may take a job over.
pub const LEASE: Duration = Duration::minutes(10);
/// The longest back-off after repeated failures.
const MAX_BACKOFF_SECONDS: i64 = 3600;

/// What a run did: details worth a `job_runs` row, or nothing to do (no row is written).
pub enum Outcome {
    Done(Value),
    Idle,
}

/// This process's name in `lease_owner` and `job_runs.owner`.
pub fn owner() -> &'static str {
    static OWNER: OnceLock<String> = OnceLock::new();
    OWNER.get_or_init(|| {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "kairos".into());
        let nonce: [u8; 4] = crate::crypto::random_bytes();
        format!("{host}:{}:{}", std::process::id(), hex::encode(nonce))
    })
}

/// Inserts the row of every job that has none yet (at start-up; safe to race).
pub async fn ensure_jobs(state: &AppState) -> Result<(), DbErr> {
    for (name, _) in JOBS {
        if job::Entity::find_by_id(name.to_string())
            .one(&state.db)
            .await?
            .is_some()
        {
            continue;
        }
        let first = first_run(state, name, Utc::now()).await?;
        let inserted = job::ActiveModel {
            name: Set(name.to_string()),
            enabled: Set(true),
            next_run_at: Set(first),
            lease_owner: Set(None),
            lease_until: Set(None),
            last_started_at: Set(None),
            last_finished_at: Set(None),
            last_status: Set(None),
            last_error: Set(None),
            consecutive_failures: Set(0),
        }
        .insert(&state.db)
        .await;
        // Another process inserted it first: fine.
        if let Err(e) = inserted
            && job::Entity::find_by_id(name.to_string())
                .one(&state.db)
                .await?
                .is_none()
        {
            return Err(e);
        }
    }
    Ok(())
}

/// Runs every job that is due and whose lease this process wins. Returns the runs it recorded.
pub async fn tick(state: &AppState) -> Vec<job_run::Model> {
    let mut runs = Vec::new();
    for (name, _) in JOBS {
        match claim(state, name, false).await {
            Ok(true) => match execute(state, name, "schedule").await {
                Ok(Some(run)) => runs.push(run),
                Ok(None) => {}
                Err(e) => tracing::warn!(job = name, error = %e, "recording a job run failed"),
            },
            Ok(false) => {}
            Err(e) => tracing::warn!(job = name, error = %e, "claiming a job failed"),
        }
    }
    runs
}

/// Takes the lease of `name`: when `now` is false only if the job is due. True when this
/// process won it.
pub async fn claim(state: &AppState, name: &str, now: bool) -> Result<bool, DbErr> {
    let at = Utc::now();
    let free = Condition::any()
        .add(job::Column::LeaseUntil.is_null())
        .add(job::Column::LeaseUntil.lt(at));
    let mut cond = Condition::all()
        .add(job::Column::Name.eq(name))
        .add(job::Column::Enabled.eq(true))
        .add(free);
    if !now {
        cond = cond.add(job::Column::NextRunAt.lte(at));
    }
    let result = job::Entity::update_many()
        .col_expr(job::Column::LeaseOwner, Expr::value(owner()))
        .col_expr(job::Column::LeaseUntil, Expr::value(at + LEASE))
        .col_expr(job::Column::LastStartedAt, Expr::value(at))
        .filter(cond)
        .exec(&state.db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Runs `name`, whose lease this process holds, then records the outcome and drops the lease.
/// A panic in the job counts as a failure.
pub async fn execute(
    state: &AppState,
    name: &str,
    trigger: &str,
) -> Result<Option<job_run::Model>, DbErr> {
    let started = Utc::now();
    let bg = state.clone();
    let job_name = name.to_owned();
    let manual = trigger == MANUAL;
    let outcome = tokio::spawn(async move { run(&bg, &job_name, manual).await })
        .await
        .unwrap_or_else(|e| Err(format!("the job stopped unexpectedly: {e}")));
    let finished = Utc::now();
    let current = job::Entity::find_by_id(name.to_owned())
        .one(&state.db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("job {name}")))?;
    let mut row: job::ActiveModel = current.clone().into();
    row.lease_owner = Set(None);
    row.lease_until = Set(None);
    row.last_finished_at = Set(Some(finished));
    let regular = next_run(state, name, finished).await?;
    let recorded = match outcome {
        Ok(Outcome::Idle) => {
            row.next_run_at = Set(regular);
            None
        }
        Ok(Outcome::Done(details)) => {
            row.next_run_at = Set(regular);
            row.last_status = Set(Some("succeeded".into()));
            row.last_error = Set(None);
            row.consecutive_failures = Set(0);
            Some(("succeeded", None, Some(details)))
        }
        Err(error) => {
            tracing::warn!(job = name, %error, "job failed");
            let failures = current.consecutive_failures + 1;
            let backoff = retry_after(failures);
            row.next_run_at = Set(regular.min(finished + backoff));
            row.last_status = Set(Some("failed".into()));
            row.last_error = Set(Some(error.clone()));
            row.consecutive_failures = Set(failures);
            Some(("failed", Some(error), None))
        }
    };
    row.update(&state.db).await?;
    let Some((status, error, details)) = recorded else {
        return Ok(None);
    };
    let run = job_run::ActiveModel {
        job_name: Set(name.to_owned()),
        owner: Set(owner().to_owned()),
        trigger: Set(trigger.to_owned()),
        started_at: Set(started),
        finished_at: Set(Some(finished)),
        status: Set(status.to_owned()),
        error: Set(error),
        details: Set(details),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(Some(run))
}

/// The wait before retrying after `failures` failures in a row: 30 s, 1 min, 2 min … 1 h.
pub fn retry_after(failures: i32) -> Duration {
    let exp = failures.clamp(1, 16) - 1;
    Duration::seconds((30_i64 << exp).min(MAX_BACKOFF_SECONDS))
}

/// `manual`: started with "run now", so a job that waits for its time of day runs at once.
async fn run(state: &AppState, name: &str, manual: bool) -> Result<Outcome, String> {
    match name {
        EVENT_SYNC => super::sync::run_configured(state).await,
        DELIVERIES => super::outbox::deliver_due(state).await,
        DAILY_AUDIT => super::findings::run(state).await,
        AUTO_SCHEDULER => crate::workforce::runs::automatic_tick(state, manual)
            .await
            .map(|started| match started {
                Some(id) => Outcome::Done(serde_json::json!({"scheduler_run_id": id})),
                None => Outcome::Idle,
            })
            .map_err(|e| e.to_string()),
        other => Err(format!("no job is called {other}")),
    }
}

async fn first_run(
    state: &AppState,
    name: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DbErr> {
    match name {
        DAILY_AUDIT => next_run(state, name, now).await,
        _ => Ok(now),
    }
}

/// When `name` is next due after a run that ended at `now`.
async fn next_run(
    state: &AppState,
    name: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DbErr> {
    let setting = |key: &'static str| crate::settings::value_of(&state.db, &state.keys, key);
    Ok(match name {
        EVENT_SYNC => {
            // 0 turns the periodic sync off; look again in a minute in case that changes.
            let minutes = setting("sync_interval_minutes")
                .await?
                .as_i64()
                .unwrap_or(60);
            now + Duration::minutes(if minutes > 0 { minutes } else { 1 })
        }
        DELIVERIES => now + Duration::seconds(1),
        AUTO_SCHEDULER => now + Duration::minutes(1),
        DAILY_AUDIT => {
            let cfg = state.rules().await?;
            let at = setting("audit_check_time").await?;
            let at = at
                .as_str()
                .and_then(|s| NaiveTime::parse_from_str(s, "%H:%M").ok())
                .unwrap_or(NaiveTime::from_hms_opt(6, 0, 0).unwrap_or(NaiveTime::MIN));
            let local = cfg.local(now);
            let mut day = local.date();
            if local.time() >= at {
                day += Duration::days(1);
            }
            cfg.instant(day.and_time(at))
        }
        _ => now + Duration::hours(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_and_is_capped() {
        assert_eq!(retry_after(1), Duration::seconds(30));
        assert_eq!(retry_after(2), Duration::seconds(60));
        assert_eq!(retry_after(3), Duration::seconds(120));
        assert_eq!(retry_after(8), Duration::seconds(3600));
        assert_eq!(retry_after(100), Duration::seconds(3600));
    }
}
