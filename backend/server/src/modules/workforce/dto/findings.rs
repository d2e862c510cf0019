//! Wire types of findings: what its routes take and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// A finding of the daily audit check.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 5, "kind": "audit.unstaffed_event", "subject_key": "event:606034",
    "message": "Core Reset - Aisle 5 (606034) is due Tue 24 Nov 23:59 and nobody is scheduled",
    "details": {"event_ref_num": 606034}, "found_at": "2026-11-23T06:00:00Z", "last_seen_at": "2026-11-23T06:00:00Z", "resolved_at": null}))]
pub struct FindingOut {
    pub id: i32,
    /// `audit.unstaffed_event`, `audit.schedule_rule_broken`, `audit.rotation_gap` or `audit.attendance_missing`.
    pub kind: String,
    pub subject_key: String,
    pub message: String,
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
    pub found_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// When a later check no longer saw it.
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingFilter {
    /// Only open (true) or only resolved (false) findings.
    pub open: Option<bool>,
    pub kind: Option<String>,
}
