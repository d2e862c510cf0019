//! Time off: members request their own, managers approve or deny; only approved time off blocks.

use crate::modules::workforce::permissions;
use crate::modules::workforce::service::{find_employee, require_self_or_manager};
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use kairos_store::entities::time_off;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_time_off)
        .service(request_time_off)
        .service(approve)
        .service(deny)
        .service(withdraw);
}

pub const PENDING: &str = "pending";
pub const APPROVED: &str = "approved";
pub const DENIED: &str = "denied";

/// A time-off request as answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 3, "employee_id": "E0001", "start_date": "2026-03-05", "end_date": "2026-03-06", "reason": "Vacation",
    "status": "approved", "requested_at": "2026-02-20T14:00:00Z", "approved_by": "2", "approved_at": "2026-02-21T09:00:00Z", "notes": null}))]
pub struct TimeOffOut {
    pub id: i32,
    pub employee_id: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub reason: Option<String>,
    /// `pending`, `approved`, `denied`.
    pub status: String,
    pub requested_at: Option<DateTime<Utc>>,
    /// Who approved or denied it.
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
}

impl From<time_off::Model> for TimeOffOut {
    fn from(m: time_off::Model) -> Self {
        TimeOffOut {
            id: m.id,
            employee_id: m.employee_id,
            start_date: m.start_date,
            end_date: m.end_date,
            reason: m.reason,
            status: m.status,
            requested_at: m.requested_at,
            approved_by: m.approved_by,
            approved_at: m.approved_at,
            notes: m.notes,
        }
    }
}

/// A time-off request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"start_date": "2026-03-05", "end_date": "2026-03-06", "reason": "Vacation"}))]
pub struct TimeOffIn {
    pub start_date: NaiveDate,
    /// Inclusive.
    pub end_date: NaiveDate,
    /// Vacation, Sick, Personal, …
    pub reason: Option<String>,
    pub notes: Option<String>,
}

/// A manager's decision.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"notes": "enjoy!"}))]
pub struct DecisionIn {
    pub notes: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimeOffFilter {
    pub employee_id: Option<String>,
    /// `pending`, `approved`, `denied`.
    pub status: Option<String>,
    /// Requests reaching this date or later.
    pub from: Option<NaiveDate>,
    /// Requests starting on this date or earlier.
    pub to: Option<NaiveDate>,
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

/// Lists time-off requests across employees.
#[utoipa::path(tag = "time-off", security(("bearer" = [])), params(PageQuery, TimeOffFilter), responses(
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
        crate::platform::http::query::one_of("status", &s, &[PENDING, APPROVED, DENIED])?;
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
            b.reason
                .as_deref()
                .and_then(|r| validation::text(r, 0, 200)),
        )
        .check(
            "notes",
            b.notes
                .as_deref()
                .and_then(|r| validation::text(r, 0, 2000)),
        )
        .finish()?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, &id).await?;
    require_self_or_manager(&caller, &e)?;
    let created = time_off::ActiveModel {
        employee_id: Set(e.id.clone()),
        start_date: Set(b.start_date),
        end_date: Set(b.end_date),
        reason: Set(b.reason),
        status: Set(PENDING.to_owned()),
        requested_at: Set(Some(Utc::now())),
        approved_by: Set(None),
        approved_at: Set(None),
        notes: Set(b.notes),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let out = TimeOffOut::from(created);
    crate::modules::workforce::events::audit_and_publish(
        &txn,
        &caller,
        crate::modules::workforce::events::Event::TimeOffRequested,
        Change::new("create", "time_off", out.id).after(&out),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(out))
}

async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> ApiResult<time_off::Model> {
    time_off::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("time-off request {id}")))
}

async fn decide(
    state: &AppState,
    caller: &Caller,
    id: i32,
    status: &str,
    notes: Option<String>,
) -> ApiResult<TimeOffOut> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    if before.status != PENDING {
        return Err(ApiError::conflict(format!(
            "this request is already {}",
            before.status
        )));
    }
    let mut row: time_off::ActiveModel = before.clone().into();
    row.status = Set(status.to_owned());
    row.approved_by = Set(Some(caller.audit_id()));
    row.approved_at = Set(Some(Utc::now()));
    if let Some(n) = notes {
        row.notes = Set(Some(n));
    }
    let after = TimeOffOut::from(row.update(&txn).await?);
    let (action, event) = if status == APPROVED {
        (
            "approve",
            crate::modules::workforce::events::Event::TimeOffApproved,
        )
    } else {
        (
            "deny",
            crate::modules::workforce::events::Event::TimeOffDenied,
        )
    };
    crate::modules::workforce::events::audit_and_publish(
        &txn,
        caller,
        event,
        Change::new(action, "time_off", id)
            .before(TimeOffOut::from(before))
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Approves a pending request; from now on it blocks scheduling on those days.
#[utoipa::path(tag = "time-off", security(("bearer" = [])), request_body = DecisionIn,
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
    decide(&state, &caller, *id, APPROVED, body.into_inner().notes)
        .await
        .map(web::Json)
}

/// Denies a pending request.
#[utoipa::path(tag = "time-off", security(("bearer" = [])), request_body = DecisionIn,
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
    decide(&state, &caller, *id, DENIED, body.into_inner().notes)
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
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, *id).await?;
    let e = find_employee(&txn, &before.employee_id).await?;
    require_self_or_manager(&caller, &e)?;
    if caller.require(permissions::MANAGE_WORKFORCE).is_err() && before.status != PENDING {
        return Err(ApiError::conflict(
            "only a pending request can be withdrawn; ask a manager",
        ));
    }
    time_off::Entity::delete_by_id(before.id).exec(&txn).await?;
    caller
        .audit(
            &txn,
            Change::new("delete", "time_off", before.id).before(TimeOffOut::from(before)),
        )
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
