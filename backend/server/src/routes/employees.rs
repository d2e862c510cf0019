//! The roster: employees, their weekly and date availability, overrides, and resolved availability.

use super::double_option;
use crate::audit::Change;
use crate::auth::Caller;
use crate::body::Body;
use crate::crypto::random_token;
use crate::error::{ApiError, ApiResult};
use crate::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::permissions::Permission;
use crate::query::Query;
use crate::state::AppState;
use crate::validation::{self, Checks};
use crate::wire::{DateRange, Hm};
use crate::workforce::{find_employee, require_self_or_manager};
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use kairos_domain::availability::{AvailabilityRecords, resolve_availability};
use kairos_store::entities::{
    availability_override, date_availability, employee, schedule, user, weekly_availability,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_employees)
        .service(create_employee)
        .service(get_employee)
        .service(update_employee)
        .service(delete_employee)
        .service(get_weekly)
        .service(put_weekly)
        .service(resolved_availability)
        .service(list_dates)
        .service(put_date)
        .service(delete_date)
        .service(list_overrides)
        .service(put_override)
        .service(delete_override);
}

/// An employee as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "E0001", "name": "Jordan Smith", "email": "jordan@example.com", "phone": "555-0101",
    "active": true, "hire_date": "2024-05-01", "termination_date": null, "skills": ["lead", "juicer"],
    "notes": null, "user_id": null, "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z"}))]
pub struct EmployeeOut {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub hire_date: Option<NaiveDate>,
    pub termination_date: Option<NaiveDate>,
    /// Skill names, e.g. `lead`, `specialist`, `juicer`, `supervisor`.
    pub skills: Vec<String>,
    pub notes: Option<String>,
    /// The linked user account, for self-service.
    pub user_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<employee::Model> for EmployeeOut {
    fn from(e: employee::Model) -> Self {
        EmployeeOut {
            skills: serde_json::from_value(e.skills).unwrap_or_default(),
            id: e.id,
            name: e.name,
            email: e.email,
            phone: e.phone,
            active: e.active,
            hire_date: e.hire_date,
            termination_date: e.termination_date,
            notes: e.notes,
            user_id: e.user_id,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// A new employee.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "E0001", "name": "Jordan Smith", "email": "jordan@example.com",
    "skills": ["lead", "juicer"], "hire_date": "2024-05-01"}))]
pub struct EmployeeIn {
    /// Letters, digits, `.`, `_`, `-`; generated when absent.
    #[schema(pattern = "^[A-Za-z0-9._-]{1,64}$")]
    pub id: Option<String>,
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: String,
    #[schema(format = Email)]
    pub email: Option<String>,
    #[schema(pattern = r"\S", max_length = 50)]
    pub phone: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    pub hire_date: Option<NaiveDate>,
    /// Not before `hire_date`.
    pub termination_date: Option<NaiveDate>,
    /// At most 50 skill names of at most 50 characters.
    #[serde(default)]
    #[schema(schema_with = skills_schema)]
    pub skills: Vec<String>,
    #[schema(pattern = r"\S", max_length = 5000)]
    pub notes: Option<String>,
    /// An existing user's id.
    pub user_id: Option<i32>,
}

fn yes() -> bool {
    true
}

/// Changes to an employee; absent fields stay, `null` clears a nullable one.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"skills": ["lead", "specialist"], "active": true}))]
pub struct EmployeePatch {
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, nullable, format = Email)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, nullable)]
    pub phone: Option<Option<String>>,
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>, nullable)]
    pub hire_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>, nullable)]
    pub termination_date: Option<Option<NaiveDate>>,
    /// At most 50 skill names of at most 50 characters.
    #[schema(schema_with = skills_or_null_schema)]
    pub skills: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, nullable)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>, nullable)]
    pub user_id: Option<Option<i32>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmployeeFilter {
    pub active: Option<bool>,
    /// Employees holding this skill.
    pub skill: Option<String>,
    /// Text in the id, name or e-mail (case-insensitive); no control characters.
    #[param(pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$")]
    pub q: Option<String>,
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

fn skills_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        validation::texts_schema(50, 50, false),
        "At most 50 skill names of at most 50 characters.",
    )
}

fn skills_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        validation::texts_schema(50, 50, true),
        "At most 50 skill names of at most 50 characters.",
    )
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
    caller.require(Permission::ReadWorkforce)?;
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
    if let Some(any) = crate::query::text_search(
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
    caller.require(Permission::ManageWorkforce)?;
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
            input
                .phone
                .as_deref()
                .and_then(|p| validation::text(p, 1, 50)),
        )
        .check("skills", skills_problem(&input.skills))
        .check(
            "termination_date",
            dates_problem(input.hire_date, input.termination_date),
        )
        .check(
            "notes",
            input
                .notes
                .as_deref()
                .and_then(|n| validation::text(n, 0, 5000)),
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
    caller.require(Permission::ReadWorkforce)?;
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
    caller.require(Permission::ManageWorkforce)?;
    let p = body.into_inner();
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find_employee(&txn, &id).await?;
    let hire = p.hire_date.unwrap_or(before.hire_date);
    let end = p.termination_date.unwrap_or(before.termination_date);
    let mut checks = Checks::new();
    checks
        .check(
            "name",
            p.name.as_deref().and_then(|n| validation::text(n, 1, 200)),
        )
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
    caller.require(Permission::ManageWorkforce)?;
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

/// One weekly availability window.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"day_of_week": 0, "start_time": "08:00", "end_time": "18:00", "effective_date": null}))]
pub struct WeeklyWindow {
    /// Monday = 0 … Sunday = 6.
    #[schema(minimum = 0, maximum = 6)]
    pub day_of_week: i32,
    pub start_time: Hm,
    pub end_time: Hm,
    /// The pattern applies from this date; null = always (the oldest pattern).
    pub effective_date: Option<NaiveDate>,
}

/// The whole weekly pattern of an employee.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"windows": [{"day_of_week": 0, "start_time": "08:00", "end_time": "18:00", "effective_date": null},
    {"day_of_week": 1, "start_time": "08:00", "end_time": "18:00", "effective_date": null}]}))]
pub struct WeeklyAvailabilityBody {
    /// At most 200; windows of one day (and effective date) may not overlap.
    #[schema(max_items = 200)]
    pub windows: Vec<WeeklyWindow>,
}

/// The employee's weekly availability windows.
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 200, description = "The windows", body = WeeklyAvailabilityBody), (status = 404, description = "No such employee")))]
#[get("/employees/{id}/weekly-availability")]
async fn get_weekly(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<web::Json<WeeklyAvailabilityBody>> {
    caller.require(Permission::ReadWorkforce)?;
    let e = find_employee(&state.db, &id).await?;
    Ok(web::Json(WeeklyAvailabilityBody {
        windows: weekly_of(&state.db, &e.id).await?,
    }))
}

async fn weekly_of<C: ConnectionTrait>(conn: &C, id: &str) -> ApiResult<Vec<WeeklyWindow>> {
    Ok(weekly_availability::Entity::find()
        .filter(weekly_availability::Column::EmployeeId.eq(id))
        .order_by_asc(weekly_availability::Column::EffectiveDate)
        .order_by_asc(weekly_availability::Column::DayOfWeek)
        .order_by_asc(weekly_availability::Column::StartTime)
        .all(conn)
        .await?
        .into_iter()
        .map(|w| WeeklyWindow {
            day_of_week: w.day_of_week,
            start_time: w.start_time.into(),
            end_time: w.end_time.into(),
            effective_date: w.effective_date,
        })
        .collect())
}

/// Replaces the employee's whole weekly pattern. An empty list means "available all day, every day".
#[utoipa::path(tag = "employees", security(("bearer" = [])), request_body = WeeklyAvailabilityBody,
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 200, description = "The windows now in force", body = WeeklyAvailabilityBody),
        (status = 404, description = "No such employee"), (status = 422, description = "A window is invalid or overlaps another")))]
#[put("/employees/{id}/weekly-availability")]
async fn put_weekly(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Body<WeeklyAvailabilityBody>,
) -> ApiResult<web::Json<WeeklyAvailabilityBody>> {
    let windows = body.into_inner().windows;
    let mut checks = Checks::new();
    for (i, w) in windows.iter().enumerate() {
        checks.check(
            &format!("windows[{i}].day_of_week"),
            (!(0..=6).contains(&w.day_of_week))
                .then(|| "must be 0 (Monday) to 6 (Sunday)".to_owned()),
        );
        checks.check(
            &format!("windows[{i}].end_time"),
            (w.end_time <= w.start_time).then(|| "must be after start_time".to_owned()),
        );
        let overlaps = windows.iter().enumerate().any(|(j, o)| {
            j < i
                && o.day_of_week == w.day_of_week
                && o.effective_date == w.effective_date
                && o.start_time < w.end_time
                && w.start_time < o.end_time
        });
        checks.check(
            &format!("windows[{i}]"),
            overlaps.then(|| "overlaps another window of the same day".to_owned()),
        );
    }
    checks.check(
        "windows",
        (windows.len() > 200).then(|| "at most 200 windows".to_owned()),
    );
    checks.finish()?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, &id).await?;
    require_self_or_manager(&caller, &e)?;
    let before = weekly_of(&txn, &e.id).await?;
    weekly_availability::Entity::delete_many()
        .filter(weekly_availability::Column::EmployeeId.eq(e.id.clone()))
        .exec(&txn)
        .await?;
    for w in &windows {
        weekly_availability::ActiveModel {
            employee_id: Set(e.id.clone()),
            day_of_week: Set(w.day_of_week),
            start_time: Set(w.start_time.0),
            end_time: Set(w.end_time.0),
            effective_date: Set(w.effective_date),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let after = weekly_of(&txn, &e.id).await?;
    caller
        .audit(
            &txn,
            Change::new("update", "weekly_availability", &e.id)
                .before(&before)
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(WeeklyAvailabilityBody { windows: after }))
}

/// One resolved day.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"date": "2026-03-02", "available": true, "layer": "weekly_pattern",
    "windows": [{"start_time": "08:00", "end_time": "18:00"}]}))]
pub struct ResolvedDay {
    pub date: NaiveDate,
    pub available: bool,
    /// Which layer decided: `time_off`, `override`, `date_availability`, `weekly_pattern`, `default_all_day`.
    pub layer: String,
    /// Windows as `HH:MM`; `24:00` ends a window at midnight.
    #[schema(value_type = Vec<Object>)]
    pub windows: Vec<serde_json::Value>,
}

/// The resolved availability.
#[derive(Serialize, ToSchema)]
pub struct ResolvedAvailability {
    pub employee_id: String,
    pub days: Vec<ResolvedDay>,
}

/// The availability in force each day of a range (at most 92 days), with the layer that decided it
/// (SCHEDULING.md §1: approved time off, then override, then date availability, then the weekly pattern).
#[utoipa::path(tag = "employees", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id"), DateRange),
    responses((status = 200, description = "Each day's windows", body = ResolvedAvailability), (status = 404, description = "No such employee"),
        (status = 400, description = "`to` before `from`, or a range over 92 days")))]
#[get("/employees/{id}/availability")]
async fn resolved_availability(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    range: Query<DateRange>,
) -> ApiResult<web::Json<ResolvedAvailability>> {
    caller.require(Permission::ReadWorkforce)?;
    let (from, to) = range.checked(92)?;
    let e = find_employee(&state.db, &id).await?;
    let rows = kairos_store::workforce::availability_rows(
        &state.db,
        std::slice::from_ref(&e.id),
        from,
        to,
    )
    .await?;
    let records = AvailabilityRecords {
        time_off: rows.time_off,
        overrides: rows.overrides,
        dates: rows.dates,
        weekly: rows.weekly,
    };
    let days = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|date| {
            let day = resolve_availability(&records, date);
            ResolvedDay {
                date,
                available: day.is_available(),
                layer: serde_json::to_value(day.layer).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                windows: day
                    .windows
                    .iter()
                    .map(|w| json!({"start_time": w.start.to_string(), "end_time": w.end.to_string()}))
                    .collect(),
            }
        })
        .collect();
    Ok(web::Json(ResolvedAvailability {
        employee_id: e.id,
        days,
    }))
}

/// Availability for one date.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-03-03", "available": true, "start_time": "11:00", "end_time": "19:00", "reason": "school run"}))]
pub struct DateAvailabilityBody {
    pub date: NaiveDate,
    pub available: bool,
    /// With `end_time`: the one window of the day; both absent = all day.
    pub start_time: Option<Hm>,
    /// After `start_time`.
    pub end_time: Option<Hm>,
    #[schema(pattern = r"\S", max_length = 1000)]
    pub reason: Option<String>,
}

impl From<date_availability::Model> for DateAvailabilityBody {
    fn from(m: date_availability::Model) -> Self {
        DateAvailabilityBody {
            date: m.date,
            available: m.available,
            start_time: m.start_time.map(Hm),
            end_time: m.end_time.map(Hm),
            reason: m.reason,
        }
    }
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
    caller.require(Permission::ReadWorkforce)?;
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
        b.reason
            .as_deref()
            .and_then(|r| validation::text(r, 0, 1000)),
    );
    checks.finish()?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, &id).await?;
    require_self_or_manager(&caller, &e)?;
    let existing = date_availability::Entity::find()
        .filter(date_availability::Column::EmployeeId.eq(e.id.clone()))
        .filter(date_availability::Column::Date.eq(b.date))
        .one(&txn)
        .await?;
    let before = existing.clone().map(DateAvailabilityBody::from);
    let mut row: date_availability::ActiveModel = match existing {
        Some(m) => m.into(),
        None => date_availability::ActiveModel {
            employee_id: Set(e.id.clone()),
            date: Set(b.date),
            ..Default::default()
        },
    };
    row.available = Set(b.available);
    row.start_time = Set(b.start_time.map(|t| t.0));
    row.end_time = Set(b.end_time.map(|t| t.0));
    row.reason = Set(b.reason);
    let saved = DateAvailabilityBody::from(sea_orm::TryIntoModel::try_into_model(
        row.save(&txn).await?,
    )?);
    caller
        .audit(
            &txn,
            Change::new(
                "update",
                "date_availability",
                format!("{}:{}", e.id, saved.date),
            )
            .after(&saved)
            .before_opt(before),
        )
        .await?;
    txn.commit().await?;
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
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, &id).await?;
    require_self_or_manager(&caller, &e)?;
    let row = date_availability::Entity::find()
        .filter(date_availability::Column::EmployeeId.eq(e.id.clone()))
        .filter(date_availability::Column::Date.eq(date))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("availability of {id} on {date}")))?;
    date_availability::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "date_availability", format!("{id}:{date}"))
                .before(DateAvailabilityBody::from(row)),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A whole-day availability override.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-03-04", "available": false, "reason": "covering another store"}))]
pub struct OverrideBody {
    /// Set by the server (needed to delete the override); ignored when sent.
    #[serde(default)]
    pub id: i32,
    pub date: NaiveDate,
    pub available: bool,
    #[schema(pattern = r"\S", max_length = 1000)]
    pub reason: Option<String>,
}

impl From<availability_override::Model> for OverrideBody {
    fn from(m: availability_override::Model) -> Self {
        OverrideBody {
            id: m.id,
            date: m.date,
            available: m.available,
            reason: m.reason,
        }
    }
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
    caller.require(Permission::ReadWorkforce)?;
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
    caller.require(Permission::ManageWorkforce)?;
    let b = body.into_inner();
    Checks::new()
        .check(
            "reason",
            b.reason
                .as_deref()
                .and_then(|r| validation::text(r, 0, 1000)),
        )
        .finish()?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, &id).await?;
    let existing = availability_override::Entity::find()
        .filter(availability_override::Column::EmployeeId.eq(e.id.clone()))
        .filter(availability_override::Column::Date.eq(b.date))
        .one(&txn)
        .await?;
    let before = existing.clone().map(OverrideBody::from);
    let mut row: availability_override::ActiveModel = match existing {
        Some(m) => m.into(),
        None => availability_override::ActiveModel {
            employee_id: Set(e.id.clone()),
            date: Set(b.date),
            ..Default::default()
        },
    };
    row.available = Set(b.available);
    row.reason = Set(b.reason);
    row.created_at = Set(Some(Utc::now()));
    let saved = OverrideBody::from(sea_orm::TryIntoModel::try_into_model(
        row.save(&txn).await?,
    )?);
    caller
        .audit(
            &txn,
            Change::new("update", "availability_override", saved.id)
                .after(&saved)
                .before_opt(before),
        )
        .await?;
    txn.commit().await?;
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
    caller.require(Permission::ManageWorkforce)?;
    let (id, oid) = path.into_inner();
    let txn = kairos_store::begin_write(&state.db).await?;
    let row = availability_override::Entity::find_by_id(oid)
        .filter(availability_override::Column::EmployeeId.eq(id.clone()))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("override {oid} of employee {id}")))?;
    availability_override::Entity::delete_by_id(oid)
        .exec(&txn)
        .await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "availability_override", oid).before(OverrideBody::from(row)),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
