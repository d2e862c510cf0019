//! An employee's availability overrides over a range of days.

//! The roster: employees, their weekly and date availability, overrides, and resolved availability.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::availability_override_remove as removal;
use crate::modules::workforce::service::availability_overrides as overrides;
use crate::modules::workforce::service::find_employee;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::ApiResult;
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::http::wire::DateRange;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use kairos_store::entities::availability_override;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_overrides)
        .service(put_override)
        .service(delete_override);
}

/// The employee's availability overrides in a range (at most 400 days).
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id"), DateRange),
    responses((status = 200, description = "The overrides", body = Vec<OverrideBody>), (status = 404, description = "No such employee"),
        (status = 400, description = "`to` before `from`, or a range over 400 days")))]
#[get("/employees/{id}/availability-overrides")]
async fn list_overrides(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    range: Query<DateRange>,
) -> ApiResult<web::Json<Vec<OverrideBody>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let (from, to) = range.checked(400)?;
    let e = find_employee(&state.db, &id).await?;
    let rows = availability_override::Entity::find()
        .filter(availability_override::Column::EmployeeId.eq(e.id))
        .filter(availability_override::Column::Date.between(from, to))
        .order_by_asc(availability_override::Column::Date)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Sets a whole-day override for one date (replacing any for that date). Managers only: it
/// outranks what the employee said about that date.
#[utoipa::path(tag = "employees", security(("bearer" = [])), request_body = OverrideBody,
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 200, description = "Stored", body = OverrideBody), (status = 404, description = "No such employee"),
        (status = 422, description = "Invalid fields")))]
#[post("/employees/{id}/availability-overrides")]
async fn put_override(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Body<OverrideBody>,
) -> ApiResult<web::Json<OverrideBody>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b = body.into_inner();
    Checks::new()
        .check(
            "reason",
            validation::optional_text(b.reason.as_deref(), 0, 1000),
        )
        .finish()?;
    let saved = overrides::put(&state, &caller, &id, b).await?;
    Ok(web::Json(saved))
}

/// Removes an availability override.
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id"), ("override_id" = i32, Path, description = "The override's id")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such override")))]
#[delete("/employees/{id}/availability-overrides/{override_id}")]
async fn delete_override(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i32)>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let (id, oid) = path.into_inner();
    removal::remove(&state, &caller, &id, oid).await?;
    Ok(HttpResponse::NoContent().finish())
}
