//! Wire types of paperwork: what its routes take and answer.

use crate::platform::http::validation;
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
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: String,
    pub description: Option<String>,
    /// `daily`, `event_specific`, `summary`.
    #[schema(schema_with = template_type_schema)]
    pub template_type: String,
    /// `{"items": [strings]}`: at most 200 items of at most 500 characters.
    #[schema(schema_with = template_data_schema)]
    pub template_data: Value,
    #[serde(default = "yes")]
    pub active: bool,
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"active": false}))]
pub struct TemplatePatch {
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: Option<String>,
    pub description: Option<String>,
    #[schema(schema_with = template_type_or_null_schema)]
    pub template_type: Option<String>,
    /// As `TemplateIn.template_data`.
    #[schema(schema_with = template_data_or_null_schema)]
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

pub fn template_data_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        template_data(true),
        "`{items: [text]}`: at most 200 items of at most 500 characters.",
    )
}

pub fn template_data_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        template_data(false),
        "`{items: [text]}`: at most 200 items of at most 500 characters.",
    )
}

pub fn template_type_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        validation::one_of_or_null_schema(TEMPLATE_TYPES),
        "`daily`, `event_specific` or `summary`.",
    )
}

pub fn template_type_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::platform::http::validation::described(
        validation::one_of_schema(TEMPLATE_TYPES),
        "`daily`, `event_specific` or `summary`.",
    )
}

pub const TEMPLATE_TYPES: &[&str] = &["daily", "event_specific", "summary"];

/// An object whose `items`, if present, are at most 200 texts of at most 500 characters.
pub fn template_data(nullable: bool) -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
    let items = ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(500)),
        )
        .max_items(Some(200));
    let t = if nullable {
        SchemaType::from_iter([Type::Object, Type::Null])
    } else {
        SchemaType::new(Type::Object)
    };
    ObjectBuilder::new()
        .schema_type(t)
        .property("items", items)
        .build()
}
