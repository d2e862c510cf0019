//! The job runner: periodic work backed by the `jobs` table so that several processes on one
//! database run each due job once. It knows jobs only through the [`Job`] trait and the
//! registry of the modules' jobs.
//!
//! A process runs a job only after taking its lease in one conditional `UPDATE … WHERE
//! next_run_at <= now AND (lease_until IS NULL OR lease_until < now)`: the database lets exactly
//! one writer match the row. While the job runs the process renews the lease every third of its
//! length, so a job that outlives one lease is never taken over; the job is stopped and counted
//! failed after its timeout. When it ends the process moves `next_run_at` on and drops the lease,
//! both only if it still holds the lease; a job that fails is retried sooner, with a back-off
//! that doubles per failure; a process that dies mid-run leaves a lease that lapses, and the job
//! is run again.

pub mod contract;

pub use contract::{Job, Outcome, RunStatus};

use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::installed::Installed;
use crate::platform::state::AppState;
use chrono::{DateTime, Duration, Utc};
use kairos_store::entities::{job, job_run};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DbErr, EntityTrait, QueryFilter,
};

use std::sync::OnceLock;

/// The trigger of a run started with "run now" (the runner's own are `"schedule"`).
pub const MANUAL: &str = "manual";

/// The longest back-off after repeated failures.
const MAX_BACKOFF_SECONDS: i64 = 3600;

static INSTALLED: Installed<&'static dyn Job> = Installed::new();

/// Installs every module's jobs (the platform's too); the first call wins.
pub fn install(jobs: Vec<&'static dyn Job>) {
    INSTALLED.install(jobs);
}

/// Every job there is (none before they are installed).
pub fn all() -> &'static [&'static dyn Job] {
    INSTALLED.get_or(&[])
}

/// The job called `name`, if any module has one.
pub fn find(name: &str) -> Option<&'static dyn Job> {
    all().iter().copied().find(|j| j.name() == name)
}

fn lease(state: &AppState) -> Duration {
    Duration::seconds(state.config.job_lease_seconds.max(1) as i64)
}

/// This process's name in `lease_owner` and `job_runs.owner`.
pub fn owner() -> &'static str {
    static OWNER: OnceLock<String> = OnceLock::new();
    OWNER.get_or_init(|| {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "kairos".into());
        let nonce: [u8; 4] = crate::platform::crypto::random_bytes();
        format!("{host}:{}:{}", std::process::id(), hex::encode(nonce))
    })
}

/// Inserts the row of every job that has none yet (at start-up; safe to race).
pub async fn ensure_jobs(state: &AppState) -> Result<(), DbErr> {
    for &job in all() {
        let name = job.name();
        if job::Entity::find_by_id(name.to_owned())
            .one(&state.db)
            .await?
            .is_some()
        {
            continue;
        }
        let first = job.first_run(state, Utc::now()).await?;
        let inserted = job::ActiveModel {
            name: Set(name.to_owned()),
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
            && job::Entity::find_by_id(name.to_owned())
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
    for job in all().iter().copied() {
        let name = job.name();
        match claim(state, name, false).await {
            Ok(true) => match execute(state, job, "schedule").await {
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
        .col_expr(job::Column::LeaseUntil, Expr::value(at + lease(state)))
        .col_expr(job::Column::LastStartedAt, Expr::value(at))
        .filter(cond)
        .exec(&state.db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The condition "this process holds the lease of `name`".
fn held_by_us(name: &str) -> Condition {
    Condition::all()
        .add(job::Column::Name.eq(name))
        .add(job::Column::LeaseOwner.eq(owner()))
}

/// Moves the lease of `name` on by one length, if this process still holds it. False when it
/// does not (another process took the job over, or the job was deleted).
pub async fn renew(state: &AppState, name: &str) -> Result<bool, DbErr> {
    let result = job::Entity::update_many()
        .col_expr(
            job::Column::LeaseUntil,
            Expr::value(Utc::now() + lease(state)),
        )
        .filter(held_by_us(name))
        .exec(&state.db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Runs `job`, whose lease this process holds, renewing the lease while it runs and stopping it
/// at its timeout; then records the outcome and drops the lease, if this process still holds
/// it. A panic in the job counts as a failure.
pub async fn execute(
    state: &AppState,
    job: &'static dyn Job,
    trigger: &str,
) -> Result<Option<job_run::Model>, DbErr> {
    let name = job.name();
    let started = Utc::now();
    let outcome = run_guarded(state, job, trigger == MANUAL).await;
    let finished = Utc::now();
    let current = job::Entity::find_by_id(name.to_owned())
        .one(&state.db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("job {name}")))?;
    let regular = job.next_run(state, finished).await?;
    let mut update = job::Entity::update_many()
        .col_expr(job::Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(
            job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(job::Column::LastFinishedAt, Expr::value(finished));
    let recorded = match outcome {
        Ok(Outcome::Idle) => {
            update = update.col_expr(job::Column::NextRunAt, Expr::value(regular));
            None
        }
        Ok(Outcome::Done(details)) => {
            update = update
                .col_expr(job::Column::NextRunAt, Expr::value(regular))
                .col_expr(
                    job::Column::LastStatus,
                    Expr::value(RunStatus::Succeeded.as_str()),
                )
                .col_expr(job::Column::LastError, Expr::value(Option::<String>::None))
                .col_expr(job::Column::ConsecutiveFailures, Expr::value(0));
            Some((RunStatus::Succeeded, None, Some(details)))
        }
        Err(error) => {
            tracing::warn!(job = name, %error, "job failed");
            let failures = current.consecutive_failures + 1;
            let backoff = retry_after(failures);
            update = update
                .col_expr(
                    job::Column::NextRunAt,
                    Expr::value(regular.min(finished + backoff)),
                )
                .col_expr(
                    job::Column::LastStatus,
                    Expr::value(RunStatus::Failed.as_str()),
                )
                .col_expr(job::Column::LastError, Expr::value(error.clone()))
                .col_expr(job::Column::ConsecutiveFailures, Expr::value(failures));
            Some((RunStatus::Failed, Some(error), None))
        }
    };
    let released = update.filter(held_by_us(name)).exec(&state.db).await?;
    if released.rows_affected == 0 {
        // Another process took the job over (this one stalled past its lease): its schedule
        // and lease are that process's now.
        tracing::warn!(
            job = name,
            "the job's lease was lost while it ran; its row is left as the new holder set it"
        );
    }
    let Some((status, error, details)) = recorded else {
        return Ok(None);
    };
    let run = job_run::ActiveModel {
        job_name: Set(name.to_owned()),
        owner: Set(owner().to_owned()),
        trigger: Set(trigger.to_owned()),
        started_at: Set(started),
        finished_at: Set(Some(finished)),
        status: Set(status.as_str().to_owned()),
        error: Set(error),
        details: Set(details),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(Some(run))
}

/// The job's run on its own task (a panic is a failure, not a dead runner), with the lease
/// renewed beside it and the timeout applied. The job is stopped — and awaited, so that nothing
/// of it runs on once the lease is released — at its timeout, when another process took its
/// lease, or when renewing has failed for so long that the lease may have lapsed.
async fn run_guarded(
    state: &AppState,
    job: &'static dyn Job,
    manual: bool,
) -> Result<Outcome, String> {
    let name = job.name();
    let cap = std::time::Duration::from_secs(state.config.job_timeout_seconds.max(1));
    let limit = job.timeout().map_or(cap, |t| t.min(cap));
    let lease = std::time::Duration::from_millis(state.config.job_lease_seconds.max(1) * 1000);
    let bg = state.clone();
    let mut task = tokio::spawn(async move { job.run(&bg, manual).await });
    let (lost_tx, mut lost_rx) = tokio::sync::oneshot::channel::<&'static str>();
    let renewer = {
        let state = state.clone();
        let every = (lease / 3).max(std::time::Duration::from_millis(100));
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(every);
            interval.tick().await;
            let mut renewed = std::time::Instant::now();
            loop {
                interval.tick().await;
                match renew(&state, name).await {
                    Ok(true) => renewed = std::time::Instant::now(),
                    Ok(false) => {
                        let _ = lost_tx.send("another process took it over");
                        return;
                    }
                    Err(e) => {
                        tracing::warn!(job = name, error = %e, "renewing a job's lease failed");
                        // Two thirds of a lease without a renewal: stop before it can lapse.
                        if renewed.elapsed() >= lease * 2 / 3 {
                            let _ = lost_tx.send("its lease could not be renewed");
                            return;
                        }
                    }
                }
            }
        })
    };
    let stopped = tokio::select! {
        joined = &mut task => Ok(joined),
        _ = tokio::time::sleep(limit) => Err(format!(
            "the job was stopped after its timeout of {} s",
            limit.as_secs()
        )),
        Ok(why) = &mut lost_rx => Err(format!("the job was stopped: {why}")),
    };
    renewer.abort();
    match stopped {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) => Err(format!("the job stopped unexpectedly: {e}")),
        Err(why) => {
            tracing::warn!(job = name, %why, "stopping a job");
            task.abort();
            let _ = task.await;
            Err(why)
        }
    }
}

/// The row of job `name` (404 naming the jobs there are).
pub async fn find_job(state: &AppState, name: &str) -> ApiResult<job::Model> {
    job::Entity::find_by_id(name.to_owned())
        .one(&state.db)
        .await?
        .ok_or_else(|| {
            let names: Vec<&str> = all().iter().map(|j| j.name()).collect();
            ApiError::not_found(format!("job {name} (jobs: {})", names.join(", ")))
        })
}

/// Runs job `name` now, whatever its schedule, and gives its recorded run (409 while it runs
/// elsewhere or when it is switched off).
pub async fn run_now(state: &AppState, name: &str) -> ApiResult<Option<job_run::Model>> {
    let job = find(name).ok_or_else(|| ApiError::not_found(format!("job {name}")))?;
    if !claim(state, name, true).await? {
        let j = find_job(state, name).await?;
        if !j.enabled {
            return Err(ApiError::conflict(format!("job {name} is switched off")));
        }
        return Err(ApiError::conflict(format!(
            "job {name} is running (in {}); try again when it ends",
            j.lease_owner.unwrap_or_default()
        )));
    }
    Ok(execute(state, job, MANUAL).await?)
}

/// The wait before retrying after `failures` failures in a row: 30 s, 1 min, 2 min … 1 h.
pub fn retry_after(failures: i32) -> Duration {
    let exp = failures.clamp(1, 16) - 1;
    Duration::seconds((30_i64 << exp).min(MAX_BACKOFF_SECONDS))
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
