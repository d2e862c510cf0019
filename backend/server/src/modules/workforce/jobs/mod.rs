//! Workforce's background jobs: the event sync, the daily audit and the automatic scheduler run.

pub mod daily_audit;

use crate::modules::workforce::service::{runs, sync};
use crate::modules::workforce::settings::{AUDIT_CHECK_TIME, SYNC_INTERVAL_MINUTES};
use crate::modules::workforce::state::Caches as _;
use crate::platform::jobs::{Job, Outcome};
use crate::platform::settings;
use crate::platform::state::AppState;
use chrono::{DateTime, Duration, Utc};
use futures_util::future::BoxFuture;
use sea_orm::DbErr;

pub use crate::modules::workforce::service::sync::EVENT_SYNC;
pub const DAILY_AUDIT: &str = "daily_audit";
pub const AUTO_SCHEDULER: &str = "auto_scheduler";

pub const JOBS: &[&dyn Job] = &[&EventSync, &DailyAudit, &AutoScheduler];

/// Pulls events from the configured source.
pub struct EventSync;

impl Job for EventSync {
    fn name(&self) -> &'static str {
        EVENT_SYNC
    }

    fn description(&self) -> &'static str {
        "Pulls events from the configured source every `sync_interval_minutes`."
    }

    fn next_run<'a>(
        &'a self,
        state: &'a AppState,
        finished: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<DateTime<Utc>, DbErr>> {
        Box::pin(async move {
            // 0 turns the periodic sync off; look again in a minute in case that changes.
            let minutes = settings::int(&state.db, &state.keys, SYNC_INTERVAL_MINUTES).await?;
            Ok(finished + Duration::minutes(if minutes > 0 { minutes } else { 1 }))
        })
    }

    fn run<'a>(
        &'a self,
        state: &'a AppState,
        _manual: bool,
    ) -> BoxFuture<'a, Result<Outcome, String>> {
        Box::pin(sync::run_configured(state))
    }
}

/// Checks the coming days once a day and notifies per the audit notification settings.
pub struct DailyAudit;

impl DailyAudit {
    /// The next `audit_check_time` (business local time) after `now`.
    async fn next_check(state: &AppState, now: DateTime<Utc>) -> Result<DateTime<Utc>, DbErr> {
        let cfg = state.rules().await?;
        let at = settings::time_of_day(&state.db, &state.keys, AUDIT_CHECK_TIME).await?;
        let local = cfg.local(now);
        let mut day = local.date();
        if local.time() >= at {
            day += Duration::days(1);
        }
        Ok(cfg.instant(day.and_time(at)))
    }
}

impl Job for DailyAudit {
    fn name(&self) -> &'static str {
        DAILY_AUDIT
    }

    fn description(&self) -> &'static str {
        "Checks the coming days once a day at `audit_check_time` and notifies per the audit notification settings."
    }

    fn first_run<'a>(
        &'a self,
        state: &'a AppState,
        now: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<DateTime<Utc>, DbErr>> {
        Box::pin(Self::next_check(state, now))
    }

    fn next_run<'a>(
        &'a self,
        state: &'a AppState,
        finished: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<DateTime<Utc>, DbErr>> {
        Box::pin(Self::next_check(state, finished))
    }

    fn run<'a>(
        &'a self,
        state: &'a AppState,
        _manual: bool,
    ) -> BoxFuture<'a, Result<Outcome, String>> {
        Box::pin(daily_audit::run(state))
    }
}

/// Starts the daily automatic scheduler run when it is switched on.
pub struct AutoScheduler;

impl Job for AutoScheduler {
    fn name(&self) -> &'static str {
        AUTO_SCHEDULER
    }

    fn description(&self) -> &'static str {
        "Starts the daily automatic scheduler run when `auto_scheduler_enabled` is on."
    }

    fn next_run<'a>(
        &'a self,
        _state: &'a AppState,
        finished: DateTime<Utc>,
    ) -> BoxFuture<'a, Result<DateTime<Utc>, DbErr>> {
        Box::pin(async move { Ok(finished + Duration::minutes(1)) })
    }

    fn run<'a>(
        &'a self,
        state: &'a AppState,
        manual: bool,
    ) -> BoxFuture<'a, Result<Outcome, String>> {
        Box::pin(async move {
            runs::automatic_tick(state, manual)
                .await
                .map(|started| match started {
                    Some(id) => Outcome::Done(serde_json::json!({"scheduler_run_id": id})),
                    None => Outcome::Idle,
                })
                .map_err(|e| e.to_string())
        })
    }
}
