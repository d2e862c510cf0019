//! The roster: list, create, read, edit and remove employees.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::find_employee;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::crypto::random_token;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{NaiveDate, Utc};
use kairos_store::entities::{employee, schedule, user};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use serde_json::json;
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

fn skills_problem(skills: &[String]) -> Option<String> {
    (skills.len() > 50
        || skills
            .iter()
            .any(|s| s.trim().is_empty() || s.chars().count() > 50))
    .then(|| "must be at most 50 skill names of 1 to 50 characters".to_owned())
}

fn normalise_skills(skills: Vec<String>) -> serde_json::Value {
    let mut out: Vec<String> = skills
        .into_iter()
        .map(|s| s.trim().to_lowercase())
        .collect();
    out.sort();
    out.dedup();
    json!(out)
}

fn dates_problem(hire: Option<NaiveDate>, end: Option<NaiveDate>) -> Option<String> {
    match (hire, end) {
        (Some(h), Some(t)) if t < h => Some("must not be before hire_date".into()),
        _ => None,
    }
}

async fn check_user_link<C: ConnectionTrait>(
    conn: &C,
    user_id: Option<i32>,
    checks: &mut Checks,
) -> ApiResult<()> {
    if let Some(uid) = user_id
        && user::Entity::find_by_id(uid).one(conn).await?.is_none()
    {
        checks.check("user_id", Some(format!("no user has id {uid}")));
    }
    Ok(())
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
    let txn = kairos_store::begin_write(&state.db).await?;
    check_user_link(&txn, input.user_id, &mut checks).await?;
    checks.finish()?;
    if employee::Entity::find_by_id(id.clone())
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(format!(
            "an employee with id {id} exists"
        )));
    }
    let now = Utc::now();
    let created = employee::ActiveModel {
        id: Set(id),
        name: Set(input.name.trim().to_owned()),
        email: Set(input.email.map(|e| e.trim().to_lowercase())),
        phone: Set(input.phone),
        active: Set(input.active),
        hire_date: Set(input.hire_date),
        termination_date: Set(input.termination_date),
        skills: Set(normalise_skills(input.skills)),
        notes: Set(input.notes),
        user_id: Set(input.user_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let out = EmployeeOut::from(created);
    caller
        .audit(&txn, Change::new("create", "employee", &out.id).after(&out))
        .await?;
    txn.commit().await?;
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
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find_employee(&txn, &id).await?;
    let hire = p.hire_date.unwrap_or(before.hire_date);
    let end = p.termination_date.unwrap_or(before.termination_date);
    let mut checks = Checks::new();
    checks
        .check("name", validation::optional_text(p.name.as_deref(), 1, 200))
        .check(
            "email",
            p.email
                .clone()
                .flatten()
                .as_deref()
                .and_then(validation::email),
        )
        .check("skills", p.skills.as_deref().and_then(skills_problem))
        .check("termination_date", dates_problem(hire, end));
    check_user_link(&txn, p.user_id.flatten(), &mut checks).await?;
    checks.finish()?;
    let mut active: employee::ActiveModel = before.clone().into();
    if let Some(v) = p.name {
        active.name = Set(v.trim().to_owned());
    }
    if let Some(v) = p.email {
        active.email = Set(v.map(|e| e.trim().to_lowercase()));
    }
    if let Some(v) = p.phone {
        active.phone = Set(v);
    }
    if let Some(v) = p.active {
        active.active = Set(v);
    }
    active.hire_date = Set(hire);
    active.termination_date = Set(end);
    if let Some(v) = p.skills {
        active.skills = Set(normalise_skills(v));
    }
    if let Some(v) = p.notes {
        active.notes = Set(v);
    }
    if let Some(v) = p.user_id {
        active.user_id = Set(v);
    }
    active.updated_at = Set(Utc::now());
    let after = EmployeeOut::from(active.update(&txn).await?);
    caller
        .audit(
            &txn,
            Change::new("update", "employee", &after.id)
                .before(EmployeeOut::from(before))
                .after(&after),
        )
        .await?;
    txn.commit().await?;
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
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find_employee(&txn, &id).await?;
    let scheduled = schedule::Entity::find()
        .filter(schedule::Column::EmployeeId.eq(before.id.clone()))
        .count(&txn)
        .await?;
    if scheduled > 0 {
        return Err(ApiError::conflict(format!(
            "employee {} has {scheduled} schedules; deactivate them with PATCH {{\"active\": false}} to keep the history",
            before.id
        )));
    }
    employee::Entity::delete_by_id(before.id.clone())
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "employee", &before.id).before(EmployeeOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
