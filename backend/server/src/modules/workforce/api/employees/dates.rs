//! An employee's availability on particular dates (a day off, other hours).

//! The roster: employees, their weekly and date availability, overrides, and resolved availability.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::date_availability as dates;
use crate::modules::workforce::service::date_availability_remove as removal;
use crate::modules::workforce::service::find_employee;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::ApiResult;
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::http::wire::DateRange;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::NaiveDate;
use kairos_store::entities::date_availability;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_dates)
        .service(put_date)
        .service(delete_date);
}

/// The employee's date-specific availability rows in a range (at most 400 days).
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id"), DateRange),
    responses((status = 200, description = "The rows", body = Vec<DateAvailabilityBody>), (status = 404, description = "No such employee"),
        (status = 400, description = "`to` before `from`, or a range over 400 days")))]
#[get("/employees/{id}/availability/dates")]
async fn list_dates(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    range: Query<DateRange>,
) -> ApiResult<web::Json<Vec<DateAvailabilityBody>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let (from, to) = range.checked(400)?;
    let e = find_employee(&state.db, &id).await?;
    let rows = date_availability::Entity::find()
        .filter(date_availability::Column::EmployeeId.eq(e.id))
        .filter(date_availability::Column::Date.between(from, to))
        .order_by_asc(date_availability::Column::Date)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Sets the availability for one date (replacing any row for that date).
#[utoipa::path(tag = "employees", security(("bearer" = [])), request_body = DateAvailabilityBody,
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 200, description = "Stored", body = DateAvailabilityBody), (status = 404, description = "No such employee"),
        (status = 422, description = "Invalid times")))]
#[post("/employees/{id}/availability")]
async fn put_date(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Body<DateAvailabilityBody>,
) -> ApiResult<web::Json<DateAvailabilityBody>> {
    let b = body.into_inner();
    let mut checks = Checks::new();
    checks.check(
        "end_time",
        match (b.start_time, b.end_time) {
            (Some(s), Some(e)) if e <= s => Some("must be after start_time".to_owned()),
            (Some(_), None) | (None, Some(_)) => {
                Some("start_time and end_time go together".to_owned())
            }
            _ => None,
        },
    );
    checks.check(
        "reason",
        validation::optional_text(b.reason.as_deref(), 0, 1000),
    );
    checks.finish()?;
    let saved = dates::put(&state, &caller, &id, b).await?;
    Ok(web::Json(saved))
}

/// Removes the availability row of one date (the weekly pattern applies again).
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id"), ("date" = NaiveDate, Path, description = "The date")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such employee or row")))]
#[delete("/employees/{id}/availability/{date}")]
async fn delete_date(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, NaiveDate)>,
) -> ApiResult<HttpResponse> {
    let (id, date) = path.into_inner();
    removal::remove(&state, &caller, &id, date).await?;
    Ok(HttpResponse::NoContent().finish())
}
