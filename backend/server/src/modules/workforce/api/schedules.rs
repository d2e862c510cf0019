//! Schedules: create (checked against every hard rule), dry-run validation, list, edit, delete,
//! and the attendance of each schedule.

use crate::modules::workforce::dto::schedules::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::schedules;
use crate::modules::workforce::service::{check_schedule_cached, violations_json};
use crate::modules::workforce::state::Caches as _;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::Duration;
use kairos_domain::workforce::rules::RuleCode;
use kairos_store::entities::schedule;
use kairos_store::workforce::CANCELLED;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_schedules)
        .service(create_schedule)
        .service(validate_schedule)
        .service(get_schedule)
        .service(update_schedule)
        .service(delete_schedule);
}

const SORTING: Sorting<schedule::Column> = Sorting {
    fields: &[
        ("id", schedule::Column::Id),
        ("schedule_datetime", schedule::Column::ScheduleDatetime),
        ("employee_id", schedule::Column::EmployeeId),
        ("event_ref_num", schedule::Column::EventRefNum),
        ("created_at", schedule::Column::CreatedAt),
    ],
    default: "schedule_datetime",
};
sort_param!(ScheduleSort, SORTING);

/// Lists schedules.
#[utoipa::path(tag = "schedules", security(("bearer" = [])), params(PageQuery, ScheduleSort, ScheduleFilter), responses(
    (status = 200, description = "A page of schedules", body = Page<ScheduleOut>)))]
#[get("/schedules")]
async fn list_schedules(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<ScheduleFilter>,
) -> ApiResult<web::Json<Page<ScheduleOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let f = filter.into_inner();
    let mut select = schedule::Entity::find();
    if f.from.is_some() || f.to.is_some() {
        let cfg = state.rules().await?;
        if let Some(d) = f.from {
            select = select.filter(schedule::Column::ScheduleDatetime.gte(cfg.day_start(d)));
        }
        if let Some(d) = f.to {
            select = select.filter(
                schedule::Column::ScheduleDatetime.lt(cfg.day_start(d + Duration::days(1))),
            );
        }
    }
    if let Some(e) = f.employee_id {
        select = select.filter(schedule::Column::EmployeeId.eq(e));
    }
    if let Some(r) = f.event_ref_num {
        select = select.filter(schedule::Column::EventRefNum.eq(r));
    }
    if let Some(s) = f.status {
        crate::platform::http::query::one_of("status", &s, STATUSES)?;
        select = select.filter(schedule::Column::Status.eq(s));
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(ScheduleOut::from)))
}

fn status_problem(s: Option<&str>) -> Option<String> {
    s.filter(|s| !STATUSES.contains(s))
        .map(|_| format!("must be one of {}", STATUSES.join(", ")))
}

/// Schedules an employee on an event.
///
/// Every hard rule of docs/scheduling.md §2 is checked against the data as it is; a 409 names each
/// broken one (`violations`). A manager may save anyway with `override_reason` (audited), except
/// that an event is never staffed twice. The event becomes `Scheduled`.
#[utoipa::path(tag = "schedules", security(("bearer" = [])), request_body = ScheduleIn, responses(
    (status = 201, description = "Created", body = ScheduleOut),
    (status = 409, description = "Broken rules (listed in `violations`), or the event is already staffed"),
    (status = 422, description = "Invalid fields, unknown event or employee")))]
#[post("/schedules")]
async fn create_schedule(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<ScheduleIn>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let input = body.into_inner();
    check_fields(&input)?;
    let out = schedules::create(&state, &caller, input).await?;
    Ok(HttpResponse::Created().json(out))
}

/// The field checks of a new schedule (also made by `/schedules/validate`).
fn check_fields(input: &ScheduleIn) -> ApiResult<()> {
    Checks::new()
        .check("status", status_problem(input.status.as_deref()))
        .check(
            "status",
            (input.status.as_deref() == Some(CANCELLED))
                .then(|| "a new schedule cannot be cancelled".to_owned()),
        )
        .check(
            "notes",
            validation::optional_text(input.notes.as_deref(), 0, 5000),
        )
        .check(
            "override_reason",
            validation::optional_text(input.override_reason.as_deref(), 1, 1000),
        )
        .finish()
}

/// Checks a schedule without saving it: the same verdict `POST /schedules` would give.
#[utoipa::path(tag = "schedules", security(("bearer" = [])), request_body = ScheduleIn, responses(
    (status = 200, description = "The verdict", body = Verdict),
    (status = 422, description = "Invalid fields, or an unknown event or employee")))]
#[post("/schedules/validate")]
async fn validate_schedule(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<ScheduleIn>,
) -> ApiResult<web::Json<Verdict>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let input = body.into_inner();
    check_fields(&input)?;
    let violations = check_schedule_cached(
        &state,
        input.event_ref_num,
        &input.employee_id,
        input.schedule_datetime,
    )
    .await?
    .ok_or_else(|| {
        ApiError::invalid(
            "event_ref_num",
            format!("no event has project_ref_num {}", input.event_ref_num),
        )
    })?;
    // The check loads the employee; one it could not find is a bad reference, not a broken rule.
    if violations
        .iter()
        .any(|v| v.code == RuleCode::UnknownEmployee)
    {
        return Err(ApiError::invalid(
            "employee_id",
            format!("no employee has id {}", input.employee_id),
        ));
    }
    Ok(web::Json(Verdict {
        valid: violations.is_empty(),
        violations: violations_json(&violations),
    }))
}

async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> ApiResult<schedule::Model> {
    find_or_404::<schedule::Entity, _, _>(conn, "schedule", id).await
}

/// Reads one schedule.
#[utoipa::path(tag = "schedules", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The schedule's id")),
    responses((status = 200, description = "The schedule", body = ScheduleOut), (status = 404, description = "No such schedule")))]
#[get("/schedules/{id}")]
async fn get_schedule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<ScheduleOut>> {
    caller.require(permissions::READ_WORKFORCE)?;
    Ok(web::Json(find(&state.db, *id).await?.into()))
}

/// Edits a schedule. A new employee or time is checked against every hard rule again.
#[utoipa::path(tag = "schedules", security(("bearer" = [])), request_body = SchedulePatch,
    params(("id" = i32, Path, description = "The schedule's id")),
    responses((status = 200, description = "The updated schedule", body = ScheduleOut), (status = 404, description = "No such schedule"),
        (status = 409, description = "Broken rules (listed in `violations`)"), (status = 422, description = "Invalid fields")))]
#[patch("/schedules/{id}")]
async fn update_schedule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<SchedulePatch>,
) -> ApiResult<web::Json<ScheduleOut>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let p = body.into_inner();
    Checks::new()
        .check("status", status_problem(p.status.as_deref()))
        .check(
            "notes",
            validation::optional_text(p.notes.as_deref(), 0, 5000),
        )
        .finish()?;
    let after = schedules::update(&state, &caller, *id, p).await?;
    Ok(web::Json(after))
}

/// Deletes a schedule; the event becomes `Unstaffed` when no other schedule holds it.
#[utoipa::path(tag = "schedules", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The schedule's id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such schedule")))]
#[delete("/schedules/{id}")]
async fn delete_schedule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    schedules::delete(&state, &caller, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
