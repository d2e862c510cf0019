//! Wire types of attendance: what its routes take and answer.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttendanceFilter {
    /// One local date (or use from/to).
    pub date: Option<NaiveDate>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub employee_id: Option<String>,
}

/// One schedule with what was recorded for it (`unreported` when nothing was).
#[derive(Serialize, ToSchema)]
pub struct AttendanceLine {
    pub schedule_id: i32,
    pub employee_id: String,
    pub event_ref_num: i64,
    pub schedule_datetime: DateTime<Utc>,
    pub status: String,
    pub check_in_time: Option<DateTime<Utc>>,
    pub check_out_time: Option<DateTime<Utc>>,
    pub method: Option<String>,
    pub notes: Option<String>,
    /// Checked in no later than the start plus the grace period.
    pub on_time: Option<bool>,
}

/// Counts and rates over the listed schedules.
#[derive(Serialize, ToSchema, Default)]
#[schema(example = json!({"scheduled": 10, "present": 8, "absent": 1, "excused": 0, "unreported": 1, "on_time": 7,
    "on_time_rate": 0.875, "no_show_rate": 0.1}))]
pub struct AttendanceSummary {
    pub scheduled: usize,
    pub present: usize,
    pub absent: usize,
    pub excused: usize,
    pub unreported: usize,
    pub on_time: usize,
    /// On-time check-ins among those present (null when nobody was present).
    pub on_time_rate: Option<f64>,
    /// Absent among all scheduled (null when nothing was scheduled).
    pub no_show_rate: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceReport {
    pub items: Vec<AttendanceLine>,
    pub summary: AttendanceSummary,
}
