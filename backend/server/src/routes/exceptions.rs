//! Schedule exceptions (events the scheduler could not place, rule breaks found later) and the
//! audit notification settings that say who hears about them.

use crate::audit::Change;
use crate::auth::Caller;
use crate::body::Body;
use crate::error::{ApiError, ApiResult};
use crate::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::permissions::Permission;
use crate::query::Query;
use crate::state::AppState;
use crate::validation::Checks;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::{notification_setting, schedule_exception};
use kairos_store::workforce::events_by_ref;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_exceptions)
        .service(resolve_exception)
        .service(list_notifications)
        .service(create_notification)
        .service(update_notification)
        .service(delete_notification);
}

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

/// The values `exception_type` and `severity` take (SCHEDULING.md §4).
const EXCEPTION_TYPES: [&str; 4] = ["availability", "skill_mismatch", "conflict", "coverage"];
const SEVERITIES: [&str; 2] = ["error", "warning"];

fn exception_type_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_schema(&EXCEPTION_TYPES),
        "`availability`, `skill_mismatch`, `conflict` or `coverage`.",
    )
}

fn severity_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_schema(&SEVERITIES),
        "`error` (the event is due within the run’s range) or `warning`.",
    )
}

const SORTING: Sorting<schedule_exception::Column> = Sorting {
    fields: &[
        ("id", schedule_exception::Column::Id),
        ("detected_at", schedule_exception::Column::DetectedAt),
    ],
    default: "-id",
};
sort_param!(ExceptionSort, SORTING);

/// Lists schedule exceptions.
#[utoipa::path(tag = "schedule-exceptions", security(("bearer" = [])), params(PageQuery, ExceptionSort, ExceptionFilter), responses(
    (status = 200, description = "A page of exceptions", body = Page<ExceptionOut>)))]
#[get("/schedule-exceptions")]
async fn list_exceptions(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    f: Query<ExceptionFilter>,
) -> ApiResult<web::Json<Page<ExceptionOut>>> {
    caller.require(Permission::ReadWorkforce)?;
    let f = f.into_inner();
    let mut select = schedule_exception::Entity::find();
    if let Some(v) = f.resolved {
        select = select.filter(schedule_exception::Column::Resolved.eq(v));
    }
    if let Some(v) = f.run_id {
        select = select.filter(schedule_exception::Column::RunId.eq(v));
    }
    if let Some(v) = f.event_ref_num {
        select = select.filter(schedule_exception::Column::EventRefNum.eq(v));
    }
    if let Some(v) = f.exception_type {
        crate::query::one_of("exception_type", &v, &EXCEPTION_TYPES)?;
        select = select.filter(schedule_exception::Column::ExceptionType.eq(v));
    }
    if let Some(v) = f.severity {
        crate::query::one_of("severity", &v, &SEVERITIES)?;
        select = select.filter(schedule_exception::Column::Severity.eq(v));
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    let events =
        events_by_ref(&state.db, page.items.iter().filter_map(|x| x.event_ref_num)).await?;
    Ok(web::Json(page.map(|m| {
        let event = m.event_ref_num.and_then(|r| events.get(&r));
        ExceptionOut {
            event_name: event.map(|e| e.project_name.clone()),
            event_id: event.map(|e| e.id),
            ..ExceptionOut::from(m)
        }
    })))
}

/// Marks an exception resolved.
#[utoipa::path(tag = "schedule-exceptions", security(("bearer" = [])), params(("id" = i32, Path, description = "The exception's id")),
    responses((status = 200, description = "Resolved", body = ExceptionOut), (status = 404, description = "No such exception"),
        (status = 409, description = "Already resolved")))]
#[post("/schedule-exceptions/{id}/resolve")]
async fn resolve_exception(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<ExceptionOut>> {
    caller.require(Permission::ManageWorkforce)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = schedule_exception::Entity::find_by_id(*id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("schedule exception {id}")))?;
    if before.resolved {
        return Err(ApiError::conflict("this exception is already resolved"));
    }
    let mut row: schedule_exception::ActiveModel = before.clone().into();
    row.resolved = Set(true);
    row.resolved_at = Set(Some(Utc::now()));
    row.resolved_by = Set(Some(caller.audit_id()));
    let after = ExceptionOut::from(row.update(&txn).await?);
    caller
        .audit(
            &txn,
            Change::new("resolve", "schedule_exception", after.id)
                .before(ExceptionOut::from(before))
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(after))
}

pub const METHODS: &[&str] = &["email", "sms", "webhook"];

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

fn method_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_schema(METHODS),
        "`email`, `sms` or `webhook`.",
    )
}

fn method_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_or_null_schema(METHODS),
        "`email`, `sms` or `webhook`.",
    )
}

fn recipients_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::texts_schema(100, 500, true),
        "At most 100, each at most 500 characters.",
    )
}

fn check_notification(b: &NotificationSettingIn, creating: bool) -> ApiResult<()> {
    let mut c = Checks::new();
    c.check(
        "event_type",
        match &b.event_type {
            None if creating => Some("is required".to_owned()),
            Some(t) => crate::validation::text(t, 1, 100),
            None => None,
        },
    )
    .check(
        "notification_method",
        match &b.notification_method {
            None if creating => Some("is required".to_owned()),
            Some(m) if !METHODS.contains(&m.as_str()) => {
                Some(format!("must be one of {}", METHODS.join(", ")))
            }
            _ => None,
        },
    )
    .check(
        "recipients",
        b.recipients
            .as_ref()
            .filter(|r| {
                r.len() > 100
                    || r.iter()
                        .any(|x| x.trim().is_empty() || x.chars().count() > 500)
            })
            .map(|_| "at most 100 non-empty recipients".to_owned()),
    );
    c.finish()
}

const NOTIFICATION_SORTING: Sorting<notification_setting::Column> = Sorting {
    fields: &[
        ("id", notification_setting::Column::Id),
        ("event_type", notification_setting::Column::EventType),
    ],
    default: "id",
};
sort_param!(NotificationSort, NOTIFICATION_SORTING);

/// Lists audit notification settings.
#[utoipa::path(tag = "schedule-exceptions", security(("bearer" = [])), params(PageQuery, NotificationSort), responses(
    (status = 200, description = "A page of settings", body = Page<NotificationSettingOut>)))]
#[get("/audit-notification-settings")]
async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<NotificationSettingOut>>> {
    caller.require(Permission::ManageWorkforce)?;
    let page = fetch_page(
        &state.db,
        notification_setting::Entity::find(),
        &page,
        &NOTIFICATION_SORTING,
    )
    .await?;
    Ok(web::Json(page.map(NotificationSettingOut::from)))
}

/// Adds an audit notification setting.
#[utoipa::path(tag = "schedule-exceptions", security(("bearer" = [])), request_body = NotificationSettingIn, responses(
    (status = 201, description = "Created", body = NotificationSettingOut), (status = 422, description = "Invalid fields")))]
#[post("/audit-notification-settings")]
async fn create_notification(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<NotificationSettingIn>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::ManageWorkforce)?;
    let b = body.into_inner();
    check_notification(&b, true)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let created = notification_setting::ActiveModel {
        event_type: Set(b.event_type.unwrap_or_default()),
        enabled: Set(b.enabled.unwrap_or(true)),
        notification_method: Set(b.notification_method.unwrap_or_default()),
        recipients: Set(serde_json::json!(b.recipients.unwrap_or_default())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let out = NotificationSettingOut::from(created);
    caller
        .audit(
            &txn,
            Change::new("create", "audit_notification_setting", out.id).after(&out),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(out))
}

/// Edits an audit notification setting.
#[utoipa::path(tag = "schedule-exceptions", security(("bearer" = [])), request_body = NotificationSettingPatch,
    params(("id" = i32, Path, description = "The setting's id")),
    responses((status = 200, description = "Updated", body = NotificationSettingOut), (status = 404, description = "No such setting"),
        (status = 422, description = "Invalid fields")))]
#[patch("/audit-notification-settings/{id}")]
async fn update_notification(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<NotificationSettingPatch>,
) -> ApiResult<web::Json<NotificationSettingOut>> {
    caller.require(Permission::ManageWorkforce)?;
    let b: NotificationSettingIn = body.into_inner().into();
    check_notification(&b, false)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = notification_setting::Entity::find_by_id(*id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("notification setting {id}")))?;
    let mut row: notification_setting::ActiveModel = before.clone().into();
    if let Some(v) = b.event_type {
        row.event_type = Set(v);
    }
    if let Some(v) = b.enabled {
        row.enabled = Set(v);
    }
    if let Some(v) = b.notification_method {
        row.notification_method = Set(v);
    }
    if let Some(v) = b.recipients {
        row.recipients = Set(serde_json::json!(v));
    }
    let after = NotificationSettingOut::from(row.update(&txn).await?);
    caller
        .audit(
            &txn,
            Change::new("update", "audit_notification_setting", after.id)
                .before(NotificationSettingOut::from(before))
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(after))
}

/// Deletes an audit notification setting.
#[utoipa::path(tag = "schedule-exceptions", security(("bearer" = [])), params(("id" = i32, Path, description = "The setting's id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such setting")))]
#[delete("/audit-notification-settings/{id}")]
async fn delete_notification(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::ManageWorkforce)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = notification_setting::Entity::find_by_id(*id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("notification setting {id}")))?;
    notification_setting::Entity::delete_by_id(before.id)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "audit_notification_setting", before.id)
                .before(NotificationSettingOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
