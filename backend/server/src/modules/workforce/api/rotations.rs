//! Daily rotations (`juicer`, `primary_lead`): who holds each per date, and generation from a weekly pattern.

use crate::modules::workforce::dto::rotations::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::rotations;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::Checks;
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, post, put, web};
use kairos_store::entities::rotation_assignment;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_rotations)
        .service(assign)
        .service(unassign)
        .service(generate);
}

const SORTING: Sorting<rotation_assignment::Column> = Sorting {
    fields: &[
        ("id", rotation_assignment::Column::Id),
        ("date", rotation_assignment::Column::Date),
    ],
    default: "date",
};
sort_param!(RotationSort, SORTING);

fn type_problem(t: &str) -> Option<String> {
    (!ROTATION_TYPES.contains(&t)).then(|| format!("must be one of {}", ROTATION_TYPES.join(", ")))
}

/// Lists rotation assignments.
#[utoipa::path(tag = "rotations", security(("bearer" = [])), params(PageQuery, RotationSort, RotationFilter), responses(
    (status = 200, description = "A page of assignments", body = Page<RotationOut>)))]
#[get("/rotations")]
async fn list_rotations(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<RotationFilter>,
) -> ApiResult<web::Json<Page<RotationOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let f = filter.into_inner();
    let mut select = rotation_assignment::Entity::find();
    if let Some(d) = f.from {
        select = select.filter(rotation_assignment::Column::Date.gte(d));
    }
    if let Some(d) = f.to {
        select = select.filter(rotation_assignment::Column::Date.lte(d));
    }
    if let Some(t) = f.rotation_type {
        select = select.filter(rotation_assignment::Column::RotationType.eq(t));
    }
    if let Some(e) = f.employee_id {
        select = select.filter(rotation_assignment::Column::EmployeeId.eq(e));
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(RotationOut::from)))
}

/// Gives a rotation on a date to an employee (replacing whoever held it).
#[utoipa::path(tag = "rotations", security(("bearer" = [])), request_body = RotationIn, responses(
    (status = 200, description = "Assigned", body = RotationOut), (status = 422, description = "Unknown type or employee")))]
#[put("/rotations")]
async fn assign(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<RotationIn>,
) -> ApiResult<web::Json<RotationOut>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b = body.into_inner();
    Checks::new()
        .check("rotation_type", type_problem(&b.rotation_type))
        .finish()?;
    let out = rotations::assign(&state, &caller, b).await?;
    Ok(web::Json(out))
}

/// Removes a rotation assignment.
#[utoipa::path(tag = "rotations", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The assignment's id")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such assignment")))]
#[delete("/rotations/{id}")]
async fn unassign(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    rotations::unassign(&state, &caller, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Fills a date range from a weekly pattern, leaving dates already set alone unless `overwrite`.
#[utoipa::path(tag = "rotations", security(("bearer" = [])), request_body = GenerateIn, responses(
    (status = 200, description = "What was generated", body = GenerateReport), (status = 422, description = "Invalid range, type, weekday or employee")))]
#[post("/rotations/generate")]
async fn generate(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<GenerateIn>,
) -> ApiResult<web::Json<GenerateReport>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b = body.into_inner();
    let mut checks = Checks::new();
    checks
        .check("rotation_type", type_problem(&b.rotation_type))
        .check(
            "to",
            (b.to < b.from).then(|| "must not be before from".to_owned()),
        )
        .check(
            "to",
            ((b.to - b.from).num_days() > 366).then(|| "the range spans at most a year".to_owned()),
        )
        .check(
            "pattern",
            b.pattern
                .keys()
                .any(|d| *d > 6)
                .then(|| "weekdays are 0 (Monday) to 6 (Sunday)".to_owned()),
        );
    let report = rotations::generate(&state, &caller, b, checks).await?;
    Ok(web::Json(report))
}
