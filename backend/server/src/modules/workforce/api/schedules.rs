//! Schedules: create (checked against every hard rule), dry-run validation, list, edit, delete,
//! and the attendance of each schedule.

use crate::modules::workforce::dto::schedules::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::{
    SCHEDULED, UNSTAFFED, check_schedule, check_schedule_cached, rules_broken, violations_json,
};
use crate::modules::workforce::state::Caches as _;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{Duration, Utc};
use kairos_domain::workforce::rules::{RuleCode, RuleViolation};
use kairos_store::entities::{employee, event, schedule};
use kairos_store::workforce::CANCELLED;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::json;
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

async fn event_by_ref<C: ConnectionTrait>(conn: &C, r: i64, lock: bool) -> ApiResult<event::Model> {
    let mut q = event::Entity::find().filter(event::Column::ProjectRefNum.eq(r));
    if lock {
        q = kairos_store::for_update(q, conn);
    }
    q.one(conn).await?.ok_or_else(|| {
        ApiError::invalid("event_ref_num", format!("no event has project_ref_num {r}"))
    })
}

/// Locks the employee's row (PostgreSQL) so that concurrent schedules of one employee are checked
/// one after another; SQLite's write transactions are already serial.
async fn lock_employee(txn: &DatabaseTransaction, id: &str) -> ApiResult<employee::Model> {
    kairos_store::for_update(employee::Entity::find_by_id(id.to_owned()), txn)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::invalid("employee_id", format!("no employee has id {id}")))
}

fn status_problem(s: Option<&str>) -> Option<String> {
    s.filter(|s| !STATUSES.contains(s))
        .map(|_| format!("must be one of {}", STATUSES.join(", ")))
}

/// 409 naming every broken rule, unless a manager overrides with a reason (never for rule 9).
fn judge(violations: &[RuleViolation], override_reason: Option<&str>) -> ApiResult<()> {
    if violations.is_empty() {
        return Ok(());
    }
    let double = violations
        .iter()
        .any(|v| v.code == RuleCode::EventAlreadyAssigned);
    if override_reason.is_some() && !double {
        return Ok(());
    }
    Err(rules_broken("the schedule", violations))
}

/// Sets the event's condition to match whether it has an active schedule.
async fn sync_condition<C: ConnectionTrait>(conn: &C, event: &event::Model) -> ApiResult<()> {
    let held = schedule::Entity::find()
        .filter(schedule::Column::EventRefNum.eq(event.project_ref_num))
        .filter(schedule::Column::Status.ne(CANCELLED))
        .count(conn)
        .await?
        > 0;
    let target = match (held, event.condition.as_str()) {
        (true, UNSTAFFED) => SCHEDULED,
        (false, SCHEDULED) => UNSTAFFED,
        _ => return Ok(()),
    };
    event::Entity::update_many()
        .col_expr(event::Column::Condition, Expr::value(target))
        .col_expr(event::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(event::Column::Id.eq(event.id))
        .exec(conn)
        .await?;
    Ok(())
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
    let reason = input
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    check_fields(&input)?;
    let cfg = state.rules().await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let emp = lock_employee(&txn, &input.employee_id).await?;
    let ev = event_by_ref(&txn, input.event_ref_num, true).await?;
    let violations =
        check_schedule(&txn, &cfg, &ev, &emp.id, input.schedule_datetime, None).await?;
    judge(&violations, reason.as_deref())?;
    crate::modules::workforce::service::clear_cancelled_slot(
        &txn,
        &caller,
        ev.project_ref_num,
        input.schedule_datetime,
    )
    .await?;
    let now = Utc::now();
    let created = schedule::ActiveModel {
        event_ref_num: Set(ev.project_ref_num),
        employee_id: Set(emp.id.clone()),
        schedule_datetime: Set(input.schedule_datetime),
        created_at: Set(now),
        created_by: Set(Some(caller.audit_id())),
        modified_at: Set(None),
        status: Set(input.status.unwrap_or_else(|| "confirmed".to_owned())),
        notes: Set(input.notes),
        override_reason: Set(if violations.is_empty() { None } else { reason }),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    sync_condition(&txn, &ev).await?;
    let out = ScheduleOut::from(created);
    let mut after = json!(out);
    if !violations.is_empty() {
        after["overridden_violations"] = violations_json(&violations);
    }
    crate::modules::workforce::events::audit_and_publish(
        &txn,
        &caller,
        crate::modules::workforce::events::Event::ScheduleCreated,
        Change::new("create", "schedule", out.id).after(after),
    )
    .await?;
    txn.commit().await?;
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
    let reason = p
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let cfg = state.rules().await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, *id).await?;
    let employee_id = p
        .employee_id
        .clone()
        .unwrap_or_else(|| before.employee_id.clone());
    let start = p.schedule_datetime.unwrap_or(before.schedule_datetime);
    let status = p.status.clone().unwrap_or_else(|| before.status.clone());
    let moved = employee_id != before.employee_id || start != before.schedule_datetime;
    let reviving = before.status == CANCELLED && status != CANCELLED;
    let ev = event_by_ref(&txn, before.event_ref_num, true).await?;
    let mut violations = vec![];
    if (moved || reviving) && status != CANCELLED {
        lock_employee(&txn, &employee_id).await?;
        violations = check_schedule(&txn, &cfg, &ev, &employee_id, start, Some(before.id)).await?;
        judge(&violations, reason.as_deref())?;
    }
    if start != before.schedule_datetime {
        // Another schedule of this event, cancelled at the new time, gives way (see there).
        crate::modules::workforce::service::clear_cancelled_slot(
            &txn,
            &caller,
            ev.project_ref_num,
            start,
        )
        .await?;
    }
    let mut row: schedule::ActiveModel = before.clone().into();
    row.employee_id = Set(employee_id);
    row.schedule_datetime = Set(start);
    row.status = Set(status);
    if let Some(n) = p.notes {
        row.notes = Set(Some(n));
    }
    if !violations.is_empty() {
        row.override_reason = Set(reason);
    }
    row.modified_at = Set(Some(Utc::now()));
    let after = ScheduleOut::from(row.update(&txn).await?);
    sync_condition(&txn, &ev).await?;
    let mut after_json = json!(after);
    if !violations.is_empty() {
        after_json["overridden_violations"] = violations_json(&violations);
    }
    crate::modules::workforce::events::audit_and_publish(
        &txn,
        &caller,
        crate::modules::workforce::events::Event::ScheduleUpdated,
        Change::new("update", "schedule", after.id)
            .before(ScheduleOut::from(before))
            .after(after_json),
    )
    .await?;
    txn.commit().await?;
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
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, *id).await?;
    let ev = event_by_ref(&txn, before.event_ref_num, true).await?;
    schedule::Entity::delete_by_id(before.id).exec(&txn).await?;
    sync_condition(&txn, &ev).await?;
    crate::modules::workforce::events::audit_and_publish(
        &txn,
        &caller,
        crate::modules::workforce::events::Event::ScheduleDeleted,
        Change::new("delete", "schedule", before.id).before(ScheduleOut::from(before)),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
