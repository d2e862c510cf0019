//! Wire types of schedules: what its routes take and answer.

use chrono::{DateTime, NaiveDate, Utc};
use kairos_store::entities::{attendance, schedule};
use kairos_store::workforce::CANCELLED;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// A schedule as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 7, "event_ref_num": 606034, "employee_id": "E0001", "schedule_datetime": "2026-03-02T15:15:00Z",
    "created_at": "2026-11-23T10:00:00Z", "created_by": "2", "modified_at": null, "status": "confirmed", "notes": null, "override_reason": null}))]
pub struct ScheduleOut {
    pub id: i32,
    pub event_ref_num: i64,
    pub employee_id: String,
    pub schedule_datetime: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<String>,
    pub modified_at: Option<DateTime<Utc>>,
    pub status: String,
    pub notes: Option<String>,
    /// Set when a manager saved it despite broken rules.
    pub override_reason: Option<String>,
}

impl From<schedule::Model> for ScheduleOut {
    fn from(s: schedule::Model) -> Self {
        ScheduleOut {
            id: s.id,
            event_ref_num: s.event_ref_num,
            employee_id: s.employee_id,
            schedule_datetime: s.schedule_datetime,
            created_at: s.created_at,
            created_by: s.created_by,
            modified_at: s.modified_at,
            status: s.status,
            notes: s.notes,
            override_reason: s.override_reason,
        }
    }
}

/// A schedule to create, or to check with `/schedules/validate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"event_ref_num": 606034, "employee_id": "E0001", "schedule_datetime": "2026-03-02T10:15:00-05:00"}))]
pub struct ScheduleIn {
    pub event_ref_num: i64,
    pub employee_id: String,
    /// The start, an RFC 3339 instant; its local time (business time zone) must be one of the type's start times.
    pub schedule_datetime: DateTime<Utc>,
    /// `pending`, `confirmed` (default), `completed`.
    #[schema(schema_with = new_status_schema)]
    pub status: Option<String>,
    #[schema(pattern = r"\S", max_length = 5000)]
    pub notes: Option<String>,
    /// A manager's reason to save despite broken rules (audited). One schedule per event still holds.
    #[schema(pattern = r"\S", max_length = 1000)]
    pub override_reason: Option<String>,
}

/// Changes to a schedule; moving it (employee or time) is checked again.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"employee_id": "E0002"}))]
pub struct SchedulePatch {
    pub employee_id: Option<String>,
    pub schedule_datetime: Option<DateTime<Utc>>,
    /// `cancelled` frees the event (it becomes `Unstaffed` again).
    #[schema(schema_with = status_or_null_schema)]
    pub status: Option<String>,
    #[schema(pattern = r"\S", max_length = 5000)]
    pub notes: Option<String>,
    pub override_reason: Option<String>,
}

/// The rule checker's verdict.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"valid": false, "violations": [{"code": "outside_availability",
    "message": "Jordan Smith (E0001) is available 12:00–20:00 on 2026-03-02, so 10:15–16:45 does not fit"}]}))]
pub struct Verdict {
    pub valid: bool,
    /// `[{code, message}]`, one per broken rule.
    #[schema(value_type = Vec<Object>)]
    pub violations: Value,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleFilter {
    /// From this local date.
    pub from: Option<NaiveDate>,
    /// To this local date (inclusive).
    pub to: Option<NaiveDate>,
    pub employee_id: Option<String>,
    pub event_ref_num: Option<i64>,
    /// `pending`, `confirmed`, `completed` or `cancelled`.
    #[param(schema_with = status_schema)]
    pub status: Option<String>,
}

/// Attendance of one schedule.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "present", "check_in_time": "2026-03-02T15:12:00Z", "check_out_time": "2026-03-02T21:40:00Z",
    "method": "manual", "notes": null}))]
pub struct AttendanceBody {
    /// `present`, `absent`, `excused`, `unreported`.
    #[schema(schema_with = attendance_status_schema)]
    pub status: String,
    pub check_in_time: Option<DateTime<Utc>>,
    /// After `check_in_time`.
    pub check_out_time: Option<DateTime<Utc>>,
    /// `qr_code`, `manual`, `auto`.
    #[schema(schema_with = attendance_method_schema)]
    pub method: Option<String>,
    #[schema(pattern = r"\S", max_length = 2000)]
    pub notes: Option<String>,
    /// Who recorded it; set by the server, ignored when sent.
    #[serde(default)]
    pub recorded_by: Option<String>,
    /// When it was recorded; set by the server, ignored when sent.
    #[serde(default)]
    pub recorded_at: Option<DateTime<Utc>>,
}

impl From<attendance::Model> for AttendanceBody {
    fn from(m: attendance::Model) -> Self {
        AttendanceBody {
            status: m.status,
            check_in_time: m.check_in_time,
            check_out_time: m.check_out_time,
            method: m.method,
            notes: m.notes,
            recorded_by: m.recorded_by,
            recorded_at: m.recorded_at,
        }
    }
}

pub fn status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(STATUSES),
        "`pending`, `confirmed`, `completed` or `cancelled`.",
    )
}

pub fn status_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_or_null_schema(STATUSES),
        "`pending`, `confirmed`, `completed` or `cancelled`; `cancelled` frees the event (it becomes `Unstaffed` again).",
    )
}

/// A new schedule's statuses: any but `cancelled`.
pub fn new_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    let new: Vec<&str> = STATUSES
        .iter()
        .copied()
        .filter(|s| *s != CANCELLED)
        .collect();
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_or_null_schema(&new),
        "`pending`, `confirmed` (default) or `completed`.",
    )
}

/// Attendance statuses and methods (seed 000).
pub const ATTENDANCE_STATUSES: &[&str] = &kairos_domain::workforce::status::AttendanceStatus::NAMES;

pub const ATTENDANCE_METHODS: &[&str] = &["qr_code", "manual", "auto"];

pub fn attendance_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(ATTENDANCE_STATUSES),
        "`present`, `absent`, `excused` or `unreported`.",
    )
}

pub fn attendance_method_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_or_null_schema(ATTENDANCE_METHODS),
        "`qr_code`, `manual` or `auto`.",
    )
}

/// Schedule statuses (seed 000).
pub const STATUSES: &[&str] = &kairos_domain::workforce::status::ScheduleStatus::NAMES;
