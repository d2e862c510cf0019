//! An employee's weekly availability: the repeating windows per weekday (PUT replaces the set).

//! The roster: employees, their weekly and date availability, overrides, and resolved availability.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::find_employee;
use crate::modules::workforce::service::weekly_availability::{self as weekly, weekly_of};
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::ApiResult;
use crate::platform::http::validation::Checks;
use crate::platform::state::AppState;
use actix_web::{get, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_weekly).service(put_weekly);
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
    caller.require(permissions::READ_WORKFORCE)?;
    let e = find_employee(&state.db, &id).await?;
    Ok(web::Json(WeeklyAvailabilityBody {
        windows: weekly_of(&state.db, &e.id).await?,
    }))
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
    let after = weekly::replace(&state, &caller, &id, windows).await?;
    Ok(web::Json(WeeklyAvailabilityBody { windows: after }))
}
