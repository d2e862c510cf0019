//! Schedules: create (checked against every hard rule), dry-run validation, list, edit, delete,
//! and the attendance of each schedule.

use crate::audit::Change;
use crate::auth::Caller;
use crate::body::Body;
use crate::error::{ApiError, ApiResult};
use crate::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::permissions::Permission;
use crate::query::Query;
use crate::state::AppState;
use crate::validation::{self, Checks};
use crate::workforce::{
    SCHEDULED, UNSTAFFED, check_schedule, check_schedule_cached, find_employee,
    require_self_or_manager, rules_broken, violations_json,
};
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use kairos_domain::rules::{RuleCode, RuleViolation};
use kairos_store::entities::{attendance, employee, event, schedule};
use kairos_store::workforce::CANCELLED;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_schedules)
        .service(create_schedule)
        .service(validate_schedule)
        .service(get_schedule)
        .service(update_schedule)
        .service(delete_schedule)
        .service(get_attendance)
        .service(put_attendance);
}

/// Schedule statuses (seed 000).
pub const STATUSES: &[&str] = &["pending", "confirmed", "completed", "cancelled"];

fn status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_schema(STATUSES),
        "`pending`, `confirmed`, `completed` or `cancelled`.",
    )
}

fn status_or_null_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_or_null_schema(STATUSES),
        "`pending`, `confirmed`, `completed` or `cancelled`; `cancelled` frees the event (it becomes `Unstaffed` again).",
    )
}

/// A new schedule's statuses: any but `cancelled`.
fn new_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    let new: Vec<&str> = STATUSES
        .iter()
        .copied()
        .filter(|s| *s != CANCELLED)
        .collect();
    crate::validation::described(
        crate::validation::one_of_or_null_schema(&new),
        "`pending`, `confirmed` (default) or `completed`.",
    )
}

/// A schedule as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 7, "event_ref_num": 606034, "employee_id": "E0001", "schedule_datetime": "2026-03-02T15:15:00Z",
    "created_at": "2026-11-23T10:00:00Z", "created_by": "2", "modified_at": null, "status": "confirmed", "notes": null, "override_reason": null}))]
pub struct ScheduleOut {
    pub id: i32,
    pub event_ref_num: i64,
    pub employee_id: String,
    pub schedule_datetime: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<String>,
    pub modified_at: Option<DateTime<Utc>>,
    pub status: String,
    pub notes: Option<String>,
    /// Set when a manager saved it despite broken rules.
    pub override_reason: Option<String>,
}

impl From<schedule::Model> for ScheduleOut {
    fn from(s: schedule::Model) -> Self {
        ScheduleOut {
            id: s.id,
            event_ref_num: s.event_ref_num,
            employee_id: s.employee_id,
            schedule_datetime: s.schedule_datetime,
            created_at: s.created_at,
            created_by: s.created_by,
            modified_at: s.modified_at,
            status: s.status,
            notes: s.notes,
            override_reason: s.override_reason,
        }
    }
}

/// A schedule to create, or to check with `/schedules/validate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"event_ref_num": 606034, "employee_id": "E0001", "schedule_datetime": "2026-03-02T10:15:00-05:00"}))]
pub struct ScheduleIn {
    pub event_ref_num: i64,
    pub employee_id: String,
    /// The start, an RFC 3339 instant; its local time (business time zone) must be one of the type's start times.
    pub schedule_datetime: DateTime<Utc>,
    /// `pending`, `confirmed` (default), `completed`.
    #[schema(schema_with = new_status_schema)]
    pub status: Option<String>,
    #[schema(pattern = r"\S", max_length = 5000)]
    pub notes: Option<String>,
    /// A manager's reason to save despite broken rules (audited). One schedule per event still holds.
    #[schema(pattern = r"\S", max_length = 1000)]
    pub override_reason: Option<String>,
}

/// Changes to a schedule; moving it (employee or time) is checked again.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"employee_id": "E0002"}))]
pub struct SchedulePatch {
    pub employee_id: Option<String>,
    pub schedule_datetime: Option<DateTime<Utc>>,
    /// `cancelled` frees the event (it becomes `Unstaffed` again).
    #[schema(schema_with = status_or_null_schema)]
    pub status: Option<String>,
    #[schema(pattern = r"\S", max_length = 5000)]
    pub notes: Option<String>,
    pub override_reason: Option<String>,
}

/// The rule checker's verdict.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"valid": false, "violations": [{"code": "outside_availability",
    "message": "Jordan Smith (E0001) is available 12:00–20:00 on 2026-03-02, so 10:15–16:45 does not fit"}]}))]
pub struct Verdict {
    pub valid: bool,
    /// `[{code, message}]`, one per broken rule.
    #[schema(value_type = Vec<Object>)]
    pub violations: Value,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleFilter {
    /// From this local date.
    pub from: Option<NaiveDate>,
    /// To this local date (inclusive).
    pub to: Option<NaiveDate>,
    pub employee_id: Option<String>,
    pub event_ref_num: Option<i64>,
    /// `pending`, `confirmed`, `completed` or `cancelled`.
    #[param(schema_with = status_schema)]
    pub status: Option<String>,
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
    caller.require(Permission::ReadWorkforce)?;
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
        crate::query::one_of("status", &s, STATUSES)?;
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
/// Every hard rule of SCHEDULING.md §2 is checked against the data as it is; a 409 names each
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
    caller.require(Permission::ManageWorkforce)?;
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
    crate::workforce::clear_cancelled_slot(
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
    caller
        .audit(&txn, Change::new("create", "schedule", out.id).after(after))
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
            input
                .notes
                .as_deref()
                .and_then(|n| validation::text(n, 0, 5000)),
        )
        .check(
            "override_reason",
            input
                .override_reason
                .as_deref()
                .and_then(|n| validation::text(n, 1, 1000)),
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
    caller.require(Permission::ReadWorkforce)?;
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
    schedule::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("schedule {id}")))
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
    caller.require(Permission::ReadWorkforce)?;
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
    caller.require(Permission::ManageWorkforce)?;
    let p = body.into_inner();
    Checks::new()
        .check("status", status_problem(p.status.as_deref()))
        .check(
            "notes",
            p.notes
                .as_deref()
                .and_then(|n| validation::text(n, 0, 5000)),
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
        crate::workforce::clear_cancelled_slot(&txn, &caller, ev.project_ref_num, start).await?;
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
    caller
        .audit(
            &txn,
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
    caller.require(Permission::ManageWorkforce)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, *id).await?;
    let ev = event_by_ref(&txn, before.event_ref_num, true).await?;
    schedule::Entity::delete_by_id(before.id).exec(&txn).await?;
    sync_condition(&txn, &ev).await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "schedule", before.id).before(ScheduleOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Attendance statuses and methods (seed 000).
pub const ATTENDANCE_STATUSES: &[&str] = &["present", "absent", "excused", "unreported"];
pub const ATTENDANCE_METHODS: &[&str] = &["qr_code", "manual", "auto"];

fn attendance_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_schema(ATTENDANCE_STATUSES),
        "`present`, `absent`, `excused` or `unreported`.",
    )
}

fn attendance_method_schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    crate::validation::described(
        crate::validation::one_of_or_null_schema(ATTENDANCE_METHODS),
        "`qr_code`, `manual` or `auto`.",
    )
}

/// Attendance of one schedule.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "present", "check_in_time": "2026-03-02T15:12:00Z", "check_out_time": "2026-03-02T21:40:00Z",
    "method": "manual", "notes": null}))]
pub struct AttendanceBody {
    /// `present`, `absent`, `excused`, `unreported`.
    #[schema(schema_with = attendance_status_schema)]
    pub status: String,
    pub check_in_time: Option<DateTime<Utc>>,
    /// After `check_in_time`.
    pub check_out_time: Option<DateTime<Utc>>,
    /// `qr_code`, `manual`, `auto`.
    #[schema(schema_with = attendance_method_schema)]
    pub method: Option<String>,
    #[schema(pattern = r"\S", max_length = 2000)]
    pub notes: Option<String>,
    /// Who recorded it; set by the server, ignored when sent.
    #[serde(default)]
    pub recorded_by: Option<String>,
    /// When it was recorded; set by the server, ignored when sent.
    #[serde(default)]
    pub recorded_at: Option<DateTime<Utc>>,
}

impl From<attendance::Model> for AttendanceBody {
    fn from(m: attendance::Model) -> Self {
        AttendanceBody {
            status: m.status,
            check_in_time: m.check_in_time,
            check_out_time: m.check_out_time,
            method: m.method,
            notes: m.notes,
            recorded_by: m.recorded_by,
            recorded_at: m.recorded_at,
        }
    }
}

/// The schedule's attendance.
#[utoipa::path(tag = "attendance", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The schedule's id")),
    responses((status = 200, description = "The attendance", body = AttendanceBody), (status = 404, description = "No such schedule, or nothing recorded")))]
#[get("/schedules/{id}/attendance")]
async fn get_attendance(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<AttendanceBody>> {
    caller.require(Permission::ReadWorkforce)?;
    let s = find(&state.db, *id).await?;
    let a = attendance::Entity::find()
        .filter(attendance::Column::ScheduleId.eq(s.id))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("attendance for schedule {id}")))?;
    Ok(web::Json(a.into()))
}

/// Records the schedule's attendance (replacing what was recorded). A member may record their own
/// check-in and check-out; managers record anyone's.
#[utoipa::path(tag = "attendance", security(("bearer" = [])), request_body = AttendanceBody,
    params(("id" = i32, Path, description = "The schedule's id")),
    responses((status = 200, description = "Recorded", body = AttendanceBody), (status = 404, description = "No such schedule"),
        (status = 422, description = "Invalid fields")))]
#[put("/schedules/{id}/attendance")]
async fn put_attendance(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<AttendanceBody>,
) -> ApiResult<web::Json<AttendanceBody>> {
    let b = body.into_inner();
    Checks::new()
        .check(
            "status",
            (!ATTENDANCE_STATUSES.contains(&b.status.as_str()))
                .then(|| format!("must be one of {}", ATTENDANCE_STATUSES.join(", "))),
        )
        .check(
            "method",
            b.method
                .as_deref()
                .filter(|m| !ATTENDANCE_METHODS.contains(m))
                .map(|_| format!("must be one of {}", ATTENDANCE_METHODS.join(", "))),
        )
        .check(
            "check_out_time",
            match (b.check_in_time, b.check_out_time) {
                (Some(i), Some(o)) if o <= i => Some("must be after check_in_time".to_owned()),
                _ => None,
            },
        )
        .check(
            "notes",
            b.notes
                .as_deref()
                .and_then(|n| validation::text(n, 0, 2000)),
        )
        .finish()?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let s = find(&txn, *id).await?;
    let emp = find_employee(&txn, &s.employee_id).await?;
    require_self_or_manager(&caller, &emp)?;
    let existing = attendance::Entity::find()
        .filter(attendance::Column::ScheduleId.eq(s.id))
        .one(&txn)
        .await?;
    let before = existing.clone().map(AttendanceBody::from);
    let mut row: attendance::ActiveModel = match existing {
        Some(m) => m.into(),
        None => attendance::ActiveModel {
            schedule_id: Set(s.id),
            employee_id: Set(s.employee_id.clone()),
            ..Default::default()
        },
    };
    row.status = Set(b.status);
    row.check_in_time = Set(b.check_in_time);
    row.check_out_time = Set(b.check_out_time);
    row.method = Set(b.method);
    row.notes = Set(b.notes);
    row.recorded_by = Set(Some(caller.audit_id()));
    row.recorded_at = Set(Some(Utc::now()));
    let saved = AttendanceBody::from(sea_orm::TryIntoModel::try_into_model(
        row.save(&txn).await?,
    )?);
    caller
        .audit(
            &txn,
            Change::new("update", "attendance", s.id)
                .after(&saved)
                .before_opt(before),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}
