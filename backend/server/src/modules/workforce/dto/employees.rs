//! Wire types of employees: what its routes take and answer.

use crate::platform::http::patch::double_option;
use crate::platform::http::validation;
use crate::platform::http::wire::Hm;
use chrono::{DateTime, NaiveDate, Utc};
use kairos_store::entities::{availability_override, date_availability, employee};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An employee as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "E0001", "name": "Jordan Smith", "email": "jordan@example.com", "phone": "555-0101",
    "active": true, "hire_date": "2024-05-01", "termination_date": null, "skills": ["lead", "juicer"],
    "notes": null, "user_id": null, "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z"}))]
pub struct EmployeeOut {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub hire_date: Option<NaiveDate>,
    pub termination_date: Option<NaiveDate>,
    /// Skill names, e.g. `lead`, `specialist`, `juicer`, `supervisor`.
    pub skills: Vec<String>,
    pub notes: Option<String>,
    /// The linked user account, for self-service.
    pub user_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<employee::Model> for EmployeeOut {
    fn from(e: employee::Model) -> Self {
        EmployeeOut {
            skills: serde_json::from_value(e.skills).unwrap_or_default(),
            id: e.id,
            name: e.name,
            email: e.email,
            phone: e.phone,
            active: e.active,
            hire_date: e.hire_date,
            termination_date: e.termination_date,
            notes: e.notes,
            user_id: e.user_id,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// A new employee.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "E0001", "name": "Jordan Smith", "email": "jordan@example.com",
    "skills": ["lead", "juicer"], "hire_date": "2024-05-01"}))]
pub struct EmployeeIn {
    /// Letters, digits, `.`, `_`, `-`; generated when absent.
    #[schema(pattern = "^[A-Za-z0-9._-]{1,64}$")]
    pub id: Option<String>,
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: String,
    #[schema(format = Email)]
    pub email: Option<String>,
    #[schema(pattern = r"\S", max_length = 50)]
    pub phone: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    pub hire_date: Option<NaiveDate>,
    /// Not before `hire_date`.
    pub termination_date: Option<NaiveDate>,
    /// At most 50 skill names of at most 50 characters.
    #[serde(default)]
    #[schema(schema_with = skills_schema)]
    pub skills: Vec<String>,
    #[schema(pattern = r"\S", max_length = 5000)]
    pub notes: Option<String>,
    /// An existing user's id.
    pub user_id: Option<i32>,
}

/// Changes to an employee; absent fields stay, `null` clears a nullable one.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"skills": ["lead", "specialist"], "active": true}))]
pub struct EmployeePatch {
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, nullable, format = Email)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, nullable)]
    pub phone: Option<Option<String>>,
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>, nullable)]
    pub hire_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>, nullable)]
    pub termination_date: Option<Option<NaiveDate>>,
    /// At most 50 skill names of at most 50 characters.
    #[schema(schema_with = skills_or_null_schema)]
    pub skills: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, nullable)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>, nullable)]
    pub user_id: Option<Option<i32>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmployeeFilter {
    pub active: Option<bool>,
    /// Employees holding this skill.
    pub skill: Option<String>,
    /// Text in the id, name or e-mail (case-insensitive); no control characters.
    #[param(pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$")]
    pub q: Option<String>,
}

/// One weekly availability window.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"day_of_week": 0, "start_time": "08:00", "end_time": "18:00", "effective_date": null}))]
pub struct WeeklyWindow {
    /// Monday = 0 … Sunday = 6.
    #[schema(minimum = 0, maximum = 6)]
    pub day_of_week: i32,
    pub start_time: Hm,
    pub end_time: Hm,
    /// The pattern applies from this date; null = always (the oldest pattern).
    pub effective_date: Option<NaiveDate>,
}

/// The whole weekly pattern of an employee.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"windows": [{"day_of_week": 0, "start_time": "08:00", "end_time": "18:00", "effective_date": null},
    {"day_of_week": 1, "start_time": "08:00", "end_time": "18:00", "effective_date": null}]}))]
pub struct WeeklyAvailabilityBody {
    /// At most 200; windows of one day (and effective date) may not overlap.
    #[schema(max_items = 200)]
    pub windows: Vec<WeeklyWindow>,
}

/// One resolved day.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"date": "2026-03-02", "available": true, "layer": "weekly_pattern",
    "windows": [{"start_time": "08:00", "end_time": "18:00"}]}))]
pub struct ResolvedDay {
    pub date: NaiveDate,
    pub available: bool,
    /// Which layer decided: `time_off`, `override`, `date_availability`, `weekly_pattern`, `default_all_day`.
    pub layer: String,
    /// Windows as `HH:MM`; `24:00` ends a window at midnight.
    #[schema(value_type = Vec<Object>)]
    pub windows: Vec<serde_json::Value>,
}

/// The resolved availability.
#[derive(Serialize, ToSchema)]
pub struct ResolvedAvailability {
    pub employee_id: String,
    pub days: Vec<ResolvedDay>,
}

/// Availability for one date.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-03-03", "available": true, "start_time": "11:00", "end_time": "19:00", "reason": "school run"}))]
pub struct DateAvailabilityBody {
    pub date: NaiveDate,
    pub available: bool,
    /// With `end_time`: the one window of the day; both absent = all day.
    pub start_time: Option<Hm>,
    /// After `start_time`.
    pub end_time: Option<Hm>,
    #[schema(pattern = r"\S", max_length = 1000)]
    pub reason: Option<String>,
}

impl From<date_availability::Model> for DateAvailabilityBody {
    fn from(m: date_availability::Model) -> Self {
        DateAvailabilityBody {
            date: m.date,
            available: m.available,
            start_time: m.start_time.map(Hm),
            end_time: m.end_time.map(Hm),
            reason: m.reason,
        }
    }
}

/// A whole-day availability override.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-03-04", "available": false, "reason": "covering another store"}))]
pub struct OverrideBody {
    /// Set by the server (needed to delete the override); ignored when sent.
    #[serde(default)]
    pub id: i32,
    pub date: NaiveDate,
    pub available: bool,
    #[schema(pattern = r"\S", max_length = 1000)]
    pub reason: Option<String>,
}

impl From<availability_override::Model> for OverrideBody {
    fn from(m: availability_override::Model) -> Self {
        OverrideBody {
            id: m.id,
            date: m.date,
            available: m.available,
            reason: m.reason,
        }
    }
}

pub fn yes() -> bool {
    true
}

pub fn skills_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        validation::texts_schema(50, 50, false),
        "At most 50 skill names of at most 50 characters.",
    )
}

pub fn skills_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        validation::texts_schema(50, 50, true),
        "At most 50 skill names of at most 50 characters.",
    )
}
