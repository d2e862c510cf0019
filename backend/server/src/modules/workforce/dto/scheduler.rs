//! Wire types of scheduler: what its routes take and answer.

use crate::platform::http::pagination::Sorting;
use chrono::{DateTime, NaiveDate, Utc};
use kairos_store::entities::{pending_schedule, scheduler_run};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date_range_start": "2026-03-02", "date_range_end": "2026-03-15"}))]
pub struct RunIn {
    #[schema(schema_with = crate::platform::http::validation::plausible_date_schema)]
    pub date_range_start: NaiveDate,
    /// Inclusive; not before the start, and at most 61 days after it (a run covers at most 62
    /// days).
    #[schema(schema_with = run_end_schema)]
    pub date_range_end: NaiveDate,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunFilter {
    /// `running`, `completed` or `failed`.
    #[param(schema_with = run_status_schema)]
    pub status: Option<String>,
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

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"employee_id": "E0004", "schedule_datetime": "2026-03-02T15:45:00Z"}))]
pub struct PendingPatch {
    pub employee_id: Option<String>,
    pub schedule_datetime: Option<DateTime<Utc>>,
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
    pub violations: Vec<crate::modules::workforce::service::Violation>,
}

/// How many proposals `reject-all` rejected.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"rejected": 12}))]
pub struct Rejected {
    pub rejected: u64,
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

pub fn run_end_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::plausible_date_schema(),
        "Inclusive; not before the start, and at most 61 days after it (a run covers at most 62 days).",
    )
}

pub const RUN_STATUSES: [&str; 3] = [RUNNING, COMPLETED, FAILED];

pub fn run_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(&RUN_STATUSES),
        "`running`, `completed` or `failed`.",
    )
}

pub const RUN_SORTING: Sorting<scheduler_run::Column> = Sorting {
    fields: &[
        ("id", scheduler_run::Column::Id),
        ("run_at", scheduler_run::Column::RunAt),
    ],
    default: "-id",
};

pub const PENDING_SORTING: Sorting<pending_schedule::Column> = Sorting {
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

/// A run's states.
pub const RUNNING: &str = "running";
pub const COMPLETED: &str = "completed";
pub const FAILED: &str = "failed";
