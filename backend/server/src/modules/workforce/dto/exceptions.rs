//! Wire types of exceptions: what its routes take and answer.

use crate::platform::http::pagination::Sorting;
use chrono::{DateTime, Utc};
use kairos_store::entities::{notification_setting, schedule_exception};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 4, "run_id": 2, "schedule_id": null, "event_ref_num": 606035, "exception_type": "skill_mismatch",
    "event_name": "Demo Table Setup - Main St", "event_id": 57, "severity": "warning", "message": "no employee with skill lead/supervisor is available between 2026-03-02 and 2026-03-04",
    "detected_at": "2026-03-01T06:00:00Z", "resolved": false, "resolved_at": null, "resolved_by": null}))]
pub struct ExceptionOut {
    pub id: i32,
    pub run_id: Option<i32>,
    pub schedule_id: Option<i32>,
    pub event_ref_num: Option<i64>,
    /// The event's `project_name`, in lists (left out elsewhere, and when the event is gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
    /// The event's id (for `/events/{id}`), in lists, as `event_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<i32>,
    /// `availability`, `skill_mismatch`, `conflict`, `coverage`.
    pub exception_type: String,
    /// `info`, `warning`, `error`, `critical`.
    pub severity: String,
    pub message: String,
    pub detected_at: DateTime<Utc>,
    pub resolved: bool,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<String>,
}

impl From<schedule_exception::Model> for ExceptionOut {
    fn from(m: schedule_exception::Model) -> Self {
        ExceptionOut {
            id: m.id,
            run_id: m.run_id,
            schedule_id: m.schedule_id,
            event_ref_num: m.event_ref_num,
            event_name: None,
            event_id: None,
            exception_type: m.exception_type,
            severity: m.severity,
            message: m.message,
            detected_at: m.detected_at,
            resolved: m.resolved,
            resolved_at: m.resolved_at,
            resolved_by: m.resolved_by,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExceptionFilter {
    pub resolved: Option<bool>,
    pub run_id: Option<i32>,
    pub event_ref_num: Option<i64>,
    /// `availability`, `skill_mismatch`, `conflict` or `coverage`.
    #[param(example = "availability", schema_with = exception_type_schema)]
    pub exception_type: Option<String>,
    /// `error` (the event is due within the run's range) or `warning`.
    #[param(example = "error", schema_with = severity_schema)]
    pub severity: Option<String>,
}

/// Who hears about which audit findings, and how.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "event_type": "unstaffed_event", "enabled": true, "notification_method": "email", "recipients": ["manager@example.com"]}))]
pub struct NotificationSettingOut {
    pub id: i32,
    /// What triggers it, e.g. `unstaffed_event`, `rule_break`, `rotation_gap`, `attendance_missing`.
    pub event_type: String,
    pub enabled: bool,
    /// `email`, `sms`, `webhook`.
    pub notification_method: String,
    pub recipients: Vec<String>,
}

impl From<notification_setting::Model> for NotificationSettingOut {
    fn from(m: notification_setting::Model) -> Self {
        NotificationSettingOut {
            id: m.id,
            event_type: m.event_type,
            enabled: m.enabled,
            notification_method: m.notification_method,
            recipients: serde_json::from_value(m.recipients).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"event_type": "unstaffed_event", "notification_method": "email", "recipients": ["manager@example.com"]}))]
pub struct NotificationSettingIn {
    #[schema(required, nullable = false, pattern = r"\S", max_length = 100)]
    pub event_type: Option<String>,
    pub enabled: Option<bool>,
    /// `email`, `sms` or `webhook`.
    #[schema(required, nullable = false, schema_with = method_schema)]
    pub notification_method: Option<String>,
    /// At most 100, each at most 500 characters.
    #[schema(schema_with = recipients_schema)]
    pub recipients: Option<Vec<String>>,
}

pub fn exception_type_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(&EXCEPTION_TYPES),
        "`availability`, `skill_mismatch`, `conflict` or `coverage`.",
    )
}

pub fn severity_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(&SEVERITIES),
        "`error` (the event is due within the run’s range) or `warning`.",
    )
}

/// Changes to an audit notification setting (as `NotificationSettingIn`, every field optional).
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": false}))]
pub struct NotificationSettingPatch {
    #[schema(pattern = r"\S", max_length = 100)]
    pub event_type: Option<String>,
    pub enabled: Option<bool>,
    /// `email`, `sms` or `webhook`.
    #[schema(schema_with = method_or_null_schema)]
    pub notification_method: Option<String>,
    /// At most 100, each at most 500 characters.
    #[schema(schema_with = recipients_schema)]
    pub recipients: Option<Vec<String>>,
}

impl From<NotificationSettingPatch> for NotificationSettingIn {
    fn from(p: NotificationSettingPatch) -> Self {
        NotificationSettingIn {
            event_type: p.event_type,
            enabled: p.enabled,
            notification_method: p.notification_method,
            recipients: p.recipients,
        }
    }
}

pub fn method_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(METHODS),
        "`email`, `sms` or `webhook`.",
    )
}

pub fn method_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_or_null_schema(METHODS),
        "`email`, `sms` or `webhook`.",
    )
}

pub fn recipients_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::texts_schema(100, 500, true),
        "At most 100, each at most 500 characters.",
    )
}

pub const NOTIFICATION_SORTING: Sorting<notification_setting::Column> = Sorting {
    fields: &[
        ("id", notification_setting::Column::Id),
        ("event_type", notification_setting::Column::EventType),
    ],
    default: "id",
};

/// The values `exception_type` and `severity` take (docs/scheduling.md §4).
pub const EXCEPTION_TYPES: [&str; 4] = ["availability", "skill_mismatch", "conflict", "coverage"];

pub const SEVERITIES: [&str; 2] = kairos_domain::workforce::status::Severity::NAMES;

pub const METHODS: &[&str] = &["email", "sms", "webhook"];
