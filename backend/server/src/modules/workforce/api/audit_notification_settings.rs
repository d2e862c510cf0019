//! Audit notification settings: who hears of which event or finding, by e-mail or webhook.

//! Schedule exceptions (events the scheduler could not place, rule breaks found later) and the
//! audit notification settings that say who hears about them.

use crate::modules::workforce::dto::exceptions::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::notification_settings as settings;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::Checks;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use kairos_store::entities::notification_setting;
use sea_orm::EntityTrait;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_notifications)
        .service(create_notification)
        .service(update_notification)
        .service(delete_notification);
}

fn check_notification(b: &NotificationSettingIn, creating: bool) -> ApiResult<()> {
    let mut c = Checks::new();
    c.check(
        "event_type",
        match &b.event_type {
            None if creating => Some("is required".to_owned()),
            Some(t) => crate::platform::http::validation::text(t, 1, 100),
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
    caller.require(permissions::MANAGE_WORKFORCE)?;
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
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b = body.into_inner();
    check_notification(&b, true)?;
    let out = settings::create(&state, &caller, b).await?;
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
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b: NotificationSettingIn = body.into_inner().into();
    check_notification(&b, false)?;
    let after = settings::update(&state, &caller, *id, b).await?;
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
    caller.require(permissions::MANAGE_WORKFORCE)?;
    settings::delete(&state, &caller, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
