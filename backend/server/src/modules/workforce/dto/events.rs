//! Wire types of events: what its routes take and answer.

use crate::platform::http::wire::Hm;
use chrono::{NaiveDate, Utc};
use kairos_store::entities::event_override;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventFilter {
    /// `Unstaffed`, `Scheduled`, `Submitted`, `Paused` or `Reissued` (another value answers 400).
    #[param(schema_with = condition_schema)]
    pub condition: Option<String>,
    /// `Core`, `Juicer`, `Setup`, `Demo`, `Other`, or another configured type (another
    /// value answers 400).
    pub event_type: Option<String>,
    /// Events whose window (start to due) reaches this local date or later.
    pub from: Option<NaiveDate>,
    /// Events whose window starts on this local date or earlier.
    pub to: Option<NaiveDate>,
    pub store_number: Option<i32>,
    /// Text in the project name or store name, or the reference number; no control characters.
    #[param(pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$")]
    pub q: Option<String>,
}

/// One row of an import report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRow {
    /// 1-based position among the data rows (a CSV's header is row 0).
    pub row: usize,
    pub project_ref_num: Option<i64>,
    /// `created`, `updated`, `unchanged` or `rejected`.
    pub status: &'static str,
    /// Why a row was rejected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::platform::http::error::FieldError>,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"created": 2, "updated": 1, "unchanged": 0, "rejected": 1, "rows": [
    {"row": 1, "project_ref_num": 606034, "status": "created"},
    {"row": 2, "project_ref_num": null, "status": "rejected", "errors": [{"field": "Project Reference Number", "message": "must be a positive whole number"}]}]}))]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub rows: Vec<ImportRow>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateQuery {
    /// When the schedule would start (RFC 3339). Left out: the event's start, or for a
    /// proposal its proposed time.
    pub schedule_datetime: Option<chrono::DateTime<Utc>>,
}

/// One employee's verdict for an event.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"employee_id": "E0003", "employee_name": "Marcus Chen", "eligible": false,
    "violations": [{"code": "outside_availability", "message": "Marcus Chen (E0003) is available 12:00–20:00 on 2026-03-02, so 10:15–16:45 does not fit"}]}))]
pub struct CandidateOut {
    pub employee_id: String,
    pub employee_name: String,
    /// True when the rule checker allows this employee to take the event at that time.
    pub eligible: bool,
    /// `[{code, message}]`, one per broken rule (empty when eligible).
    #[schema(value_type = Vec<Object>)]
    pub violations: serde_json::Value,
}

/// A manager's constraints on one event.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"required_employee_id": null, "excluded_employee_ids": ["E0007"], "preferred_time": "10:45", "notes": "store asked for an early start"}))]
pub struct SchedulingOverride {
    /// Only this employee may take the event.
    pub required_employee_id: Option<String>,
    /// These employees may not.
    #[serde(default)]
    pub excluded_employee_ids: Vec<String>,
    /// The preferred start, among the type's start times (a preference, not a rule).
    pub preferred_time: Option<Hm>,
    pub notes: Option<String>,
}

impl From<event_override::Model> for SchedulingOverride {
    fn from(m: event_override::Model) -> Self {
        SchedulingOverride {
            required_employee_id: m.required_employee_id,
            excluded_employee_ids: serde_json::from_value(m.excluded_employee_ids)
                .unwrap_or_default(),
            preferred_time: m.preferred_time.map(Hm),
            notes: m.notes,
        }
    }
}

pub fn condition_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(
            crate::modules::workforce::service::CONDITIONS,
        ),
        "`Unstaffed`, `Scheduled`, `Submitted`, `Paused` or `Reissued`.",
    )
}
