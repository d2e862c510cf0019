//! Schedule exceptions (events the scheduler could not place, rule breaks found later) and the
//! audit notification settings that say who hears about them.

use crate::modules::workforce::dto::exceptions::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::exceptions;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::state::AppState;
use actix_web::{get, post, web};
use kairos_store::entities::schedule_exception;
use kairos_store::workforce::events_by_ref;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_exceptions).service(resolve_exception);
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
    caller.require(permissions::READ_WORKFORCE)?;
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
        crate::platform::http::query::one_of("exception_type", &v, &EXCEPTION_TYPES)?;
        select = select.filter(schedule_exception::Column::ExceptionType.eq(v));
    }
    if let Some(v) = f.severity {
        crate::platform::http::query::one_of("severity", &v, &SEVERITIES)?;
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
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let after = exceptions::resolve(&state, &caller, *id).await?;
    Ok(web::Json(after))
}
