//! The roster: list, create, read, edit and remove employees.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::employees::{
    self as roster, dates_problem, skills_problem,
};
use crate::modules::workforce::service::find_employee;
use crate::platform::auth::Caller;
use crate::platform::crypto::random_token;
use crate::platform::http::body::Body;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use kairos_store::entities::employee;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_employees)
        .service(create_employee)
        .service(get_employee)
        .service(update_employee)
        .service(delete_employee);
}

const SORTING: Sorting<employee::Column> = Sorting {
    fields: &[
        ("id", employee::Column::Id),
        ("name", employee::Column::Name),
        ("hire_date", employee::Column::HireDate),
        ("created_at", employee::Column::CreatedAt),
    ],
    default: "name",
};
sort_param!(EmployeeSort, SORTING);

fn employee_id_problem(id: &str) -> Option<String> {
    let ok = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    (!ok).then(|| "must be 1 to 64 letters, digits, dots, dashes or underscores".to_owned())
}

/// Lists employees.
#[utoipa::path(tag = "employees", security(("bearer" = [])), params(PageQuery, EmployeeSort, EmployeeFilter), responses(
    (status = 200, description = "A page of employees", body = Page<EmployeeOut>)))]
#[get("/employees")]
async fn list_employees(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<EmployeeFilter>,
) -> ApiResult<web::Json<Page<EmployeeOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let mut select = employee::Entity::find();
    if let Some(a) = filter.active {
        select = select.filter(employee::Column::Active.eq(a));
    }
    if let Some(skill) = filter
        .skill
        .as_deref()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
    {
        // skills is a JSON array of strings; match the quoted name in its text form.
        let needle = format!("%\"{}\"%", skill.replace(['%', '"'], ""));
        select = select.filter(Expr::cust("CAST(skills AS TEXT)").like(needle));
    }
    if let Some(any) = crate::platform::http::query::text_search(
        filter.q.as_deref(),
        &[
            employee::Column::Id,
            employee::Column::Name,
            employee::Column::Email,
        ],
    )? {
        select = select.filter(any);
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(EmployeeOut::from)))
}

/// Adds an employee.
#[utoipa::path(tag = "employees", security(("bearer" = [])), request_body = EmployeeIn, responses(
    (status = 201, description = "Created", body = EmployeeOut),
    (status = 409, description = "The id, e-mail or user link is taken"),
    (status = 422, description = "Invalid fields")))]
#[post("/employees")]
async fn create_employee(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<EmployeeIn>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let input = body.into_inner();
    let id = input
        .id
        .clone()
        .map(|i| i.trim().to_owned())
        .unwrap_or_else(|| {
            format!(
                "E{}",
                random_token(6).replace(['-', '_'], "x").to_uppercase()
            )
        });
    let mut checks = Checks::new();
    checks
        .check("id", employee_id_problem(&id))
        .check("name", validation::text(&input.name, 1, 200))
        .check("email", input.email.as_deref().and_then(validation::email))
        .check(
            "phone",
            validation::optional_text(input.phone.as_deref(), 1, 50),
        )
        .check("skills", skills_problem(&input.skills))
        .check(
            "termination_date",
            dates_problem(input.hire_date, input.termination_date),
        )
        .check(
            "notes",
            validation::optional_text(input.notes.as_deref(), 0, 5000),
        );
    let out = roster::create(&state, &caller, input, id, checks).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Reads one employee.
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 200, description = "The employee", body = EmployeeOut), (status = 404, description = "No such employee")))]
#[get("/employees/{id}")]
async fn get_employee(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<EmployeeOut>> {
    caller.require(permissions::READ_WORKFORCE)?;
    Ok(web::Json(find_employee(&state.db, &id).await?.into()))
}

/// Edits an employee.
#[utoipa::path(tag = "employees", security(("bearer" = [])), request_body = EmployeePatch,
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 200, description = "The updated employee", body = EmployeeOut),
        (status = 404, description = "No such employee"), (status = 409, description = "The e-mail or user link is taken"),
        (status = 422, description = "Invalid fields")))]
#[patch("/employees/{id}")]
async fn update_employee(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Body<EmployeePatch>,
) -> ApiResult<web::Json<EmployeeOut>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let p = body.into_inner();
    let after = roster::update(&state, &caller, &id, p).await?;
    Ok(web::Json(after))
}

/// Removes an employee who has never been scheduled; otherwise set `active: false` instead.
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such employee"),
        (status = 409, description = "The employee has schedules; deactivate instead")))]
#[delete("/employees/{id}")]
async fn delete_employee(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    roster::delete(&state, &caller, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
