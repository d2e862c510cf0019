//! Wire types of paperwork: what its routes take and answer.

use chrono::NaiveDate;
use kairos_store::entities::paperwork_template;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// A paperwork template. `template_data` holds `{"items": ["…", …]}`: the checklist lines.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "name": "Opening checklist", "description": "Before the first event",
    "template_type": "daily", "template_data": {"items": ["Badge on", "Demo table set up", "Samples counted"]}, "active": true}))]
pub struct TemplateOut {
    pub id: i32,
    pub name: String,
    pub description: Option<String>,
    pub template_type: String,
    #[schema(value_type = Object)]
    pub template_data: Value,
    pub active: bool,
}

impl From<paperwork_template::Model> for TemplateOut {
    fn from(m: paperwork_template::Model) -> Self {
        TemplateOut {
            id: m.id,
            name: m.name,
            description: m.description,
            template_type: m.template_type,
            template_data: m.template_data,
            active: m.active,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Opening checklist", "template_type": "daily", "template_data": {"items": ["Badge on", "Samples counted"]}}))]
pub struct TemplateIn {
    pub name: String,
    pub description: Option<String>,
    /// `daily`, `event_specific`, `summary`.
    pub template_type: String,
    /// `{"items": [strings]}`.
    #[schema(value_type = Object)]
    pub template_data: Value,
    #[serde(default = "yes")]
    pub active: bool,
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"active": false}))]
pub struct TemplatePatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub template_type: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub template_data: Option<Value>,
    pub active: Option<bool>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateFilter {
    pub template_type: Option<String>,
    pub active: Option<bool>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DailyQuery {
    /// The local date.
    #[param(example = "2026-03-02")]
    pub date: NaiveDate,
}

pub fn yes() -> bool {
    true
}
