//! Time off: members request their own, managers approve or deny; only approved time off blocks.

use crate::modules::workforce::dto::time_off::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::time_off as requests;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use kairos_store::entities::time_off;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_time_off)
        .service(request_time_off)
        .service(approve)
        .service(deny)
        .service(withdraw);
}

const SORTING: Sorting<time_off::Column> = Sorting {
    fields: &[
        ("id", time_off::Column::Id),
        ("start_date", time_off::Column::StartDate),
        ("requested_at", time_off::Column::RequestedAt),
        ("employee_id", time_off::Column::EmployeeId),
    ],
    default: "start_date",
};
sort_param!(TimeOffSort, SORTING);

/// Lists time-off requests across employees.
#[utoipa::path(tag = "time-off", security(("bearer" = [])), params(PageQuery, TimeOffSort, TimeOffFilter), responses(
    (status = 200, description = "A page of requests", body = Page<TimeOffOut>)))]
#[get("/time-off")]
async fn list_time_off(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<TimeOffFilter>,
) -> ApiResult<web::Json<Page<TimeOffOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let f = filter.into_inner();
    let mut select = time_off::Entity::find();
    if let Some(e) = f.employee_id {
        select = select.filter(time_off::Column::EmployeeId.eq(e));
    }
    if let Some(s) = f.status {
        crate::platform::http::query::one_of("status", &s, &STATUSES)?;
        select = select.filter(time_off::Column::Status.eq(s));
    }
    if let Some(d) = f.from {
        select = select.filter(time_off::Column::EndDate.gte(d));
    }
    if let Some(d) = f.to {
        select = select.filter(time_off::Column::StartDate.lte(d));
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(TimeOffOut::from)))
}

/// Requests time off for an employee: a member for themself (pending until a manager decides); a
/// manager for anyone.
#[utoipa::path(tag = "time-off", security(("bearer" = [])), request_body = TimeOffIn,
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 201, description = "Requested (pending)", body = TimeOffOut), (status = 404, description = "No such employee"),
        (status = 422, description = "Invalid dates")))]
#[post("/employees/{id}/time-off")]
async fn request_time_off(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Body<TimeOffIn>,
) -> ApiResult<HttpResponse> {
    let b = body.into_inner();
    Checks::new()
        .check(
            "start_date",
            crate::platform::http::validation::plausible_date(b.start_date),
        )
        .check(
            "end_date",
            crate::platform::http::validation::plausible_date(b.end_date),
        )
        .check(
            "end_date",
            (b.end_date < b.start_date).then(|| "must not be before start_date".to_owned()),
        )
        .check(
            "end_date",
            ((b.end_date - b.start_date).num_days() > 366)
                .then(|| "a request spans at most a year".to_owned()),
        )
        .check(
            "reason",
            validation::optional_text(b.reason.as_deref(), 0, 200),
        )
        .check(
            "notes",
            validation::optional_text(b.notes.as_deref(), 0, 2000),
        )
        .finish()?;
    let out = requests::request(&state, &caller, &id, b).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Approves a pending request; from now on it blocks scheduling on those days.
#[utoipa::path(tag = "time-off", security(("bearer" = [])), request_body = Option<DecisionIn>,
    params(("id" = i32, Path, description = "The request's id")),
    responses((status = 200, description = "Approved", body = TimeOffOut), (status = 404, description = "No such request"),
        (status = 409, description = "Already decided")))]
#[post("/time-off/{id}/approve")]
async fn approve(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<DecisionIn>,
) -> ApiResult<web::Json<TimeOffOut>> {
    requests::decide(&state, &caller, *id, APPROVED, body.into_inner().notes)
        .await
        .map(web::Json)
}

/// Denies a pending request.
#[utoipa::path(tag = "time-off", security(("bearer" = [])), request_body = Option<DecisionIn>,
    params(("id" = i32, Path, description = "The request's id")),
    responses((status = 200, description = "Denied", body = TimeOffOut), (status = 404, description = "No such request"),
        (status = 409, description = "Already decided")))]
#[post("/time-off/{id}/deny")]
async fn deny(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<DecisionIn>,
) -> ApiResult<web::Json<TimeOffOut>> {
    requests::decide(&state, &caller, *id, DENIED, body.into_inner().notes)
        .await
        .map(web::Json)
}

/// Withdraws a request: the employee their own pending one, a manager any.
#[utoipa::path(tag = "time-off", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The request's id")),
    responses((status = 204, description = "Withdrawn"), (status = 404, description = "No such request"),
        (status = 409, description = "A member may only withdraw a pending request")))]
#[delete("/time-off/{id}")]
async fn withdraw(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    requests::withdraw(&state, &caller, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
