//! What a job is to the runner: the [`Job`] trait, how a run ended and what it did.

use crate::platform::state::AppState;
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use sea_orm::DbErr;
use serde_json::Value;

/// How a recorded run ended (`job_runs.status`, `jobs.last_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    Succeeded,
    Failed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
        }
    }
}

/// What a run did: details worth a `job_runs` row, or nothing to do (no row is written).
pub enum Outcome {
    Done(Value),
    Idle,
}

/// A periodic job. Modules list theirs in their spec; the runner knows nothing else of them.
pub trait Job: Send + Sync {
    /// The job's name: its row in `jobs`, its path in `/jobs/{name}`.
    fn name(&self) -> &'static str;
    /// What it does, for people.
    fn description(&self) -> &'static str;
    /// How long one run may take before it is stopped, if less than `job_timeout_seconds`
    /// (the configured limit applies when `None`).
    fn timeout(&self) -> Option<std::time::Duration> {
        None
    }
    /// When a new job is first due (at once, unless it waits for a time of day).
    fn first_run<'a>(
        &'a self,
        state: &'a AppState,
        now: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<DateTime<Utc>, DbErr>> {
        let _ = state;
        Box::pin(async move { Ok(now) })
    }
    /// When it is next due after a run that ended at `finished`.
    fn next_run<'a>(
        &'a self,
        state: &'a AppState,
        finished: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<DateTime<Utc>, DbErr>>;
    /// One run. `manual`: started with "run now", so a job that waits for its time of day runs
    /// at once.
    fn run<'a>(
        &'a self,
        state: &'a AppState,
        manual: bool,
    ) -> BoxFuture<'a, Result<Outcome, String>>;
}
