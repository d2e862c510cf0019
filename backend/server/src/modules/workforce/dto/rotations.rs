//! Wire types of rotations: what its routes take and answer.

use chrono::{DateTime, NaiveDate, Utc};
use kairos_store::entities::rotation_assignment;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// Who holds a rotation on a date.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "date": "2026-03-02", "rotation_type": "juicer", "employee_id": "E0003", "assigned_at": "2026-02-25T12:00:00Z"}))]
pub struct RotationOut {
    pub id: i32,
    pub date: NaiveDate,
    pub rotation_type: String,
    pub employee_id: String,
    pub assigned_at: Option<DateTime<Utc>>,
}

impl From<rotation_assignment::Model> for RotationOut {
    fn from(m: rotation_assignment::Model) -> Self {
        RotationOut {
            id: m.id,
            date: m.date,
            rotation_type: m.rotation_type,
            employee_id: m.employee_id,
            assigned_at: m.assigned_at,
        }
    }
}

/// An assignment of a rotation for one date (replaces whoever held it).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-03-02", "rotation_type": "juicer", "employee_id": "E0003"}))]
pub struct RotationIn {
    pub date: NaiveDate,
    /// `juicer` or `primary_lead`.
    #[schema(schema_with = type_schema)]
    pub rotation_type: String,
    pub employee_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RotationFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub rotation_type: Option<String>,
    pub employee_id: Option<String>,
}

/// A weekly pattern to fill a date range with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from": "2026-03-02", "to": "2026-03-29", "rotation_type": "juicer",
    "pattern": {"0": "E0003", "1": "E0003", "2": "E0005", "3": "E0005", "4": "E0003"}, "overwrite": false}))]
pub struct GenerateIn {
    pub from: NaiveDate,
    /// Inclusive; not before `from`, and at most 366 days after it.
    pub to: NaiveDate,
    #[schema(schema_with = type_schema)]
    pub rotation_type: String,
    /// Weekday (Monday = 0 … Sunday = 6) → employee id; weekdays left out stay empty.
    #[schema(schema_with = pattern_schema)]
    pub pattern: BTreeMap<u8, String>,
    /// Replace dates that already have a holder (default: keep them).
    #[serde(default)]
    pub overwrite: bool,
}

/// What generation did.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"created": 18, "replaced": 0, "kept": 2, "assignments": []}))]
pub struct GenerateReport {
    pub created: usize,
    pub replaced: usize,
    /// Dates that already had a holder and were left as they were.
    pub kept: usize,
    pub assignments: Vec<RotationOut>,
}

/// Weekdays 0 to 6 → employee ids.
pub fn pattern_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let schema = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[0-6]$")),
        ))
        .additional_properties(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build();
    crate::platform::http::validation::described(
        schema,
        "Weekday (Monday = 0 … Sunday = 6) → employee id; weekdays left out stay empty.",
    )
}

pub fn type_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        crate::platform::http::validation::one_of_schema(ROTATION_TYPES),
        "`juicer` or `primary_lead`.",
    )
}

pub const ROTATION_TYPES: &[&str] = &["juicer", "primary_lead"];
