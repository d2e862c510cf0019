//! Wire types of time off: what its routes take and answer.

use chrono::{DateTime, NaiveDate, Utc};
use kairos_domain::workforce::instance::TimeOffStatus;
use kairos_store::entities::time_off;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A time-off request as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 3, "employee_id": "E0001", "start_date": "2026-03-05", "end_date": "2026-03-06", "reason": "Vacation",
    "status": "approved", "requested_at": "2026-02-20T14:00:00Z", "approved_by": "2", "approved_at": "2026-02-21T09:00:00Z", "notes": null}))]
pub struct TimeOffOut {
    pub id: i32,
    pub employee_id: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub reason: Option<String>,
    /// `pending`, `approved`, `denied`.
    pub status: String,
    pub requested_at: Option<DateTime<Utc>>,
    /// Who approved or denied it.
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
}

impl From<time_off::Model> for TimeOffOut {
    fn from(m: time_off::Model) -> Self {
        TimeOffOut {
            id: m.id,
            employee_id: m.employee_id,
            start_date: m.start_date,
            end_date: m.end_date,
            reason: m.reason,
            status: m.status,
            requested_at: m.requested_at,
            approved_by: m.approved_by,
            approved_at: m.approved_at,
            notes: m.notes,
        }
    }
}

/// A time-off request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"start_date": "2026-03-05", "end_date": "2026-03-06", "reason": "Vacation"}))]
pub struct TimeOffIn {
    #[schema(schema_with = crate::platform::http::validation::plausible_date_schema)]
    pub start_date: NaiveDate,
    /// Inclusive; not before `start_date`, and at most 366 days after it.
    #[schema(schema_with = end_date_schema)]
    pub end_date: NaiveDate,
    /// Vacation, Sick, Personal, …
    #[schema(pattern = r"\S", max_length = 200)]
    pub reason: Option<String>,
    #[schema(pattern = r"\S", max_length = 2000)]
    pub notes: Option<String>,
}

/// A manager's decision.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"notes": "enjoy!"}))]
pub struct DecisionIn {
    pub notes: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimeOffFilter {
    pub employee_id: Option<String>,
    /// `pending`, `approved`, `denied`.
    #[param(schema_with = status_schema)]
    pub status: Option<String>,
    /// Requests reaching this date or later.
    pub from: Option<NaiveDate>,
    /// Requests starting on this date or earlier.
    pub to: Option<NaiveDate>,
}

/// The statuses of a request (the domain's `TimeOffStatus`).
pub const PENDING: &str = TimeOffStatus::Pending.as_str();
pub const APPROVED: &str = TimeOffStatus::Approved.as_str();
pub const DENIED: &str = TimeOffStatus::Denied.as_str();

pub fn end_date_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::plausible_date_schema(),
        "Inclusive; not before `start_date`, and at most 366 days after it.",
    )
}

/// The statuses of a request.
pub const STATUSES: [&str; 3] = [PENDING, APPROVED, DENIED];

pub fn status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(&STATUSES),
        "`pending`, `approved` or `denied`.",
    )
}
