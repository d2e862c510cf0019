//! Attendance: each schedule's check-in and check-out, and across schedules per date or
//! employee, with on-time and no-show rates.

use crate::modules::workforce::dto::attendance::*;
use crate::modules::workforce::dto::schedules::{
    ATTENDANCE_METHODS, ATTENDANCE_STATUSES, AttendanceBody,
};
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::attendance as attendance_uc;
use crate::modules::workforce::state::Caches as _;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use actix_web::{get, put, web};
use chrono::Duration;
use kairos_domain::workforce::status::AttendanceStatus;
use kairos_store::entities::{attendance, schedule};
use kairos_store::workforce::CANCELLED;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_attendance)
        .service(get_attendance)
        .service(put_attendance);
}

/// A check-in up to this many minutes after the start still counts as on time.
pub const ON_TIME_GRACE_MINUTES: i64 = 5;

/// Attendance of the schedules in a period (at most 366 days), with on-time and no-show rates. A
/// check-in within 5 minutes after the start counts as on time.
#[utoipa::path(tag = "attendance", security(("bearer" = [])), params(AttendanceFilter), responses(
    (status = 200, description = "Lines and summary", body = AttendanceReport),
    (status = 400, description = "No date or range, or a range over 366 days")))]
#[get("/attendance")]
async fn list_attendance(
    state: web::Data<AppState>,
    caller: Caller,
    filter: Query<AttendanceFilter>,
) -> ApiResult<web::Json<AttendanceReport>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let f = filter.into_inner();
    let (from, to) = match (f.date, f.from, f.to) {
        (Some(d), _, _) => (d, d),
        (None, Some(a), Some(b)) => {
            crate::platform::http::wire::DateRange { from: a, to: b }.checked(366)?
        }
        _ => {
            return Err(crate::platform::http::error::ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                "invalid_query",
                "give `date`, or `from` and `to`",
            ));
        }
    };
    let cfg = state.rules().await?;
    let mut q = schedule::Entity::find()
        .filter(schedule::Column::Status.ne(CANCELLED))
        .filter(schedule::Column::ScheduleDatetime.gte(cfg.day_start(from)))
        .filter(schedule::Column::ScheduleDatetime.lt(cfg.day_start(to + Duration::days(1))));
    if let Some(e) = f.employee_id {
        q = q.filter(schedule::Column::EmployeeId.eq(e));
    }
    let schedules = q
        .order_by_asc(schedule::Column::ScheduleDatetime)
        .all(&state.db)
        .await?;
    let ids: Vec<i32> = schedules.iter().map(|s| s.id).collect();
    let recorded: HashMap<i32, attendance::Model> = attendance::Entity::find()
        .filter(attendance::Column::ScheduleId.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|a| (a.schedule_id, a))
        .collect();
    let mut summary = AttendanceSummary {
        scheduled: schedules.len(),
        ..Default::default()
    };
    let items: Vec<AttendanceLine> = schedules
        .into_iter()
        .map(|s| {
            let a = recorded.get(&s.id);
            let stored = a.map_or(AttendanceStatus::Unreported.as_str().to_owned(), |a| {
                a.status.clone()
            });
            let status = AttendanceStatus::parse(&stored);
            let on_time = a
                .filter(|_| status == AttendanceStatus::Present)
                .and_then(|a| a.check_in_time)
                .map(|t| t <= s.schedule_datetime + Duration::minutes(ON_TIME_GRACE_MINUTES));
            match status {
                AttendanceStatus::Present => summary.present += 1,
                AttendanceStatus::Absent => summary.absent += 1,
                AttendanceStatus::Excused => summary.excused += 1,
                AttendanceStatus::Unreported => summary.unreported += 1,
            }
            if on_time == Some(true) {
                summary.on_time += 1;
            }
            AttendanceLine {
                schedule_id: s.id,
                employee_id: s.employee_id,
                event_ref_num: s.event_ref_num,
                schedule_datetime: s.schedule_datetime,
                status: stored,
                check_in_time: a.and_then(|a| a.check_in_time),
                check_out_time: a.and_then(|a| a.check_out_time),
                method: a.and_then(|a| a.method.clone()),
                notes: a.and_then(|a| a.notes.clone()),
                on_time,
            }
        })
        .collect();
    summary.on_time_rate =
        (summary.present > 0).then(|| summary.on_time as f64 / summary.present as f64);
    summary.no_show_rate =
        (summary.scheduled > 0).then(|| summary.absent as f64 / summary.scheduled as f64);
    Ok(web::Json(AttendanceReport { items, summary }))
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
    caller.require(permissions::READ_WORKFORCE)?;
    let s = find_or_404::<schedule::Entity, _, _>(&state.db, "schedule", *id).await?;
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
            validation::optional_text(b.notes.as_deref(), 0, 2000),
        )
        .finish()?;
    let saved = attendance_uc::record(&state, &caller, *id, b).await?;
    Ok(web::Json(saved))
}
