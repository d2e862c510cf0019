//! An employee's resolved availability per day, with the layer that decided each day.

//! The roster: employees, their weekly and date availability, overrides, and resolved availability.

use crate::modules::workforce::dto::employees::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::find_employee;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::http::query::Query;
use crate::platform::http::wire::DateRange;
use crate::platform::state::AppState;
use actix_web::{get, web};
use kairos_domain::workforce::availability::{AvailabilityRecords, resolve_availability};
use serde_json::json;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(resolved_availability);
}

/// The availability in force each day of a range (at most 92 days), with the layer that decided it
/// (docs/scheduling.md §1: approved time off, then override, then date availability, then the weekly pattern).
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
    caller.require(permissions::READ_WORKFORCE)?;
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
