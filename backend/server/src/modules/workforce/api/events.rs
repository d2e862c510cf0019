//! Events to staff: list with filters, create, edit, delete, bulk import (JSON or CSV), and the
//! per-event scheduling override.

use crate::modules::workforce::dto::events::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::event_changes::{self as changes, find, override_of};
use crate::modules::workforce::service::{check_candidates, events as ev, violations_json};
use crate::modules::workforce::state::Caches as _;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::Duration;
use futures_util::StreamExt;
use kairos_store::entities::event;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

pub use ev::{EventIn, EventOut, EventPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_events)
        .service(create_event)
        .service(import_events)
        .service(get_event)
        .service(event_candidates)
        .service(update_event)
        .service(delete_event)
        .service(get_override)
        .service(put_override)
        .service(delete_override);
}

const SORTING: Sorting<event::Column> = Sorting {
    fields: &[
        ("id", event::Column::Id),
        ("project_ref_num", event::Column::ProjectRefNum),
        ("start_datetime", event::Column::StartDatetime),
        ("due_datetime", event::Column::DueDatetime),
        ("project_name", event::Column::ProjectName),
        ("store_number", event::Column::StoreNumber),
        ("condition", event::Column::Condition),
        ("event_type", event::Column::EventType),
    ],
    default: "start_datetime",
};
sort_param!(EventSort, SORTING);

/// Lists events.
#[utoipa::path(tag = "events", security(("bearer" = [])), params(PageQuery, EventSort, EventFilter), responses(
    (status = 200, description = "A page of events", body = Page<EventOut>)))]
#[get("/events")]
async fn list_events(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<EventFilter>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::READ_WORKFORCE)?;
    let f = filter.into_inner();
    if let Some(c) = &f.condition {
        crate::platform::http::query::one_of(
            "condition",
            c,
            crate::modules::workforce::service::CONDITIONS,
        )?;
    }
    // A page depends on the events and the settings only, so it is kept under the data version
    // it was read at and answered again while that version holds (see `cache`).
    let version = kairos_store::workforce::workforce_version(&state.db).await?;
    if let Some(t) = &f.event_type {
        let cfg = state.rules_at(version).await?;
        let types: Vec<&String> = cfg.event_types.keys().collect();
        crate::platform::http::query::one_of("event_type", t, &types)?;
    }
    let key = format!("{f:?}|{:?}", page.0);
    let body = state
        .workforce()
        .event_pages
        .get_or_load(version, key, read_event_page(&state, f, &page, version))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(body))
}

/// One page of the event list as the JSON answered, read at data version `version` or later.
async fn read_event_page(
    state: &AppState,
    f: EventFilter,
    page: &PageQuery,
    version: i64,
) -> ApiResult<web::Bytes> {
    let mut select = event::Entity::find();
    if let Some(c) = f.condition {
        select = select.filter(event::Column::Condition.eq(c));
    }
    if let Some(t) = f.event_type {
        select = select.filter(event::Column::EventType.eq(t));
    }
    if let Some(n) = f.store_number {
        select = select.filter(event::Column::StoreNumber.eq(n));
    }
    if let (Some(from), Some(to)) = (f.from, f.to) {
        crate::platform::http::wire::DateRange::ordered(from, to)?;
    }
    if f.from.is_some() || f.to.is_some() {
        let cfg = state.rules_at(version).await?;
        if let Some(from) = f.from {
            // No event starts earlier than the longest window before `from`: an exact bound
            // that lets the start index read only the weeks that can match.
            let start = cfg.day_start(from);
            select = select.filter(event::Column::DueDatetime.gte(start)).filter(
                kairos_store::workforce::starts_within_longest_window_before(
                    state.db.get_database_backend(),
                    start,
                    Duration::days(ev::MAX_WINDOW_DAYS + 1),
                ),
            );
        }
        if let Some(to) = f.to {
            select = select
                .filter(event::Column::StartDatetime.lt(cfg.day_start(to + Duration::days(1))));
        }
    }
    if let Some(mut any) = crate::platform::http::query::text_search(
        f.q.as_deref(),
        &[event::Column::ProjectName, event::Column::StoreName],
    )? {
        if let Ok(r) = f.q.as_deref().unwrap_or_default().trim().parse::<i64>() {
            any = any.add(event::Column::ProjectRefNum.eq(r));
        }
        select = select.filter(any);
    }
    let page = fetch_page(&state.db, select, page, &SORTING).await?;
    Ok(web::Bytes::from(
        serde_json::to_vec(&page.map(EventOut::from)).map_err(ApiError::internal)?,
    ))
}

/// Creates an event.
#[utoipa::path(tag = "events", security(("bearer" = [])), request_body = EventIn, responses(
    (status = 201, description = "Created", body = EventOut),
    (status = 409, description = "An event with this project_ref_num exists"),
    (status = 422, description = "Invalid fields")))]
#[post("/events")]
async fn create_event(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<EventIn>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let cfg = state.rules().await?;
    let input = body.into_inner();
    ev::validate(&input, &cfg).map_err(ApiError::validation)?;
    let out = changes::create(&state, &caller, input).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Largest accepted import file.
const IMPORT_LIMIT: usize = 20 * 1024 * 1024;

/// Imports events, upserting by `project_ref_num`.
///
/// Send a JSON array of events (the fields of `EventIn`) with `Content-Type: application/json`, or
/// the external system's CSV export with `Content-Type: text/csv` and the headers
/// `Project Name, Project Reference Number, Location MVID, Store Number, Store Name, Start Date/Time,
/// Due Date/Time, Estimated Time` (an optional `Event Type` column; otherwise the type is read from
/// the project name: Juicer, Setup, Demo, Core, else Other). CSV times are local to the business time
/// zone, as `MM/DD/YYYY HH:MM[:SS] [AM|PM]`, `YYYY-MM-DD HH:MM[:SS]` or RFC 3339. Each row is reported
/// as created, updated, unchanged or rejected (with why); a bad row never blocks the good ones, and
/// importing the same file twice changes nothing the second time.
#[utoipa::path(tag = "events", security(("bearer" = [])),
    request_body(description = "A JSON array whose rows are read as `EventIn` one by one, or the CSV export; a row that does not fit (a wrong type, a missing field, an unknown event type) is reported as rejected in the answer, not refused with the request.", content(
        (Vec<serde_json::Value> = "application/json"),
        (String = "text/csv", example = "Project Name,Project Reference Number,Location MVID,Store Number,Store Name,Start Date/Time,Due Date/Time,Estimated Time\nCore Reset - Aisle 5,606034,MV1001,1234,Main St,03/02/2026 00:00,03/09/2026 23:59,390\n")
    )),
    responses(
        (status = 200, description = "The per-row report", body = ImportReport),
        (status = 415, description = "Neither JSON nor CSV")))]
#[post("/events/import")]
async fn import_events(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    mut payload: web::Payload,
) -> ApiResult<web::Json<ImportReport>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request(format!("the body could not be read: {e}")))?;
        if bytes.len() + chunk.len() > IMPORT_LIMIT {
            return Err(ApiError::payload_too_large(format!(
                "imports are limited to {IMPORT_LIMIT} bytes"
            )));
        }
        bytes.extend_from_slice(&chunk);
    }
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let cfg = state.rules().await?;
    let parsed = if content_type.starts_with("application/json") {
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| ApiError::bad_request("the file is not UTF-8 text"))?;
        ev::parse_json_rows(&text)?
    } else if content_type.starts_with("text/csv") || content_type.starts_with("application/csv") {
        ev::parse_csv_rows(&bytes, &cfg)?
    } else {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send a JSON array (application/json) or the CSV export (text/csv)",
        ));
    };
    let report = ev::import(
        &state.db,
        &cfg,
        &crate::platform::audit::Actor::Caller(&caller),
        parsed,
        None,
    )
    .await?;
    Ok(web::Json(report))
}

/// Reads one event.
#[utoipa::path(tag = "events", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The event's id")),
    responses((status = 200, description = "The event", body = EventOut), (status = 404, description = "No such event")))]
#[get("/events/{id}")]
async fn get_event(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<EventOut>> {
    caller.require(permissions::READ_WORKFORCE)?;
    Ok(web::Json(find(&state.db, *id).await?.into()))
}

/// Who could take an event: every active employee with the rule checker's verdict for the
/// event at `schedule_datetime` (the same verdict `POST /schedules/validate` gives), eligible
/// employees first, then by name.
#[utoipa::path(tag = "events", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The event's id"), CandidateQuery),
    responses((status = 200, description = "Every active employee with a verdict", body = Vec<CandidateOut>),
        (status = 404, description = "No such event")))]
#[get("/events/{id}/candidates")]
async fn event_candidates(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    query: Query<CandidateQuery>,
) -> ApiResult<web::Json<Vec<CandidateOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let event = find(&state.db, *id).await?;
    let cfg = state.rules().await?;
    let start = query.schedule_datetime.unwrap_or(event.start_datetime);
    let verdicts = check_candidates(&state.db, &cfg, &event, start).await?;
    Ok(web::Json(candidate_list(verdicts)))
}

/// The verdicts as answered: eligible employees first, then by name.
pub(crate) fn candidate_list(
    verdicts: Vec<crate::modules::workforce::service::EmployeeVerdict>,
) -> Vec<CandidateOut> {
    let mut out: Vec<CandidateOut> = verdicts
        .into_iter()
        .map(|(employee_id, employee_name, violations)| CandidateOut {
            eligible: violations.is_empty(),
            violations: violations_json(&violations),
            employee_id,
            employee_name,
        })
        .collect();
    out.sort_by(|a, b| {
        (!a.eligible, &a.employee_name, &a.employee_id).cmp(&(
            !b.eligible,
            &b.employee_name,
            &b.employee_id,
        ))
    });
    out
}

/// Edits an event.
#[utoipa::path(tag = "events", security(("bearer" = [])), request_body = EventPatch,
    params(("id" = i32, Path, description = "The event's id")),
    responses((status = 200, description = "The updated event", body = EventOut), (status = 404, description = "No such event"),
        (status = 409, description = "The new project_ref_num is taken"), (status = 422, description = "Invalid fields")))]
#[patch("/events/{id}")]
async fn update_event(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<EventPatch>,
) -> ApiResult<web::Json<EventOut>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let cfg = state.rules().await?;
    let after = changes::update(&state, &caller, &cfg, *id, body.into_inner()).await?;
    Ok(web::Json(after))
}

/// Deletes an event that has no schedule.
#[utoipa::path(tag = "events", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The event's id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such event"),
        (status = 409, description = "The event has schedules")))]
#[delete("/events/{id}")]
async fn delete_event(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    changes::delete(&state, &caller, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The event's scheduling override.
#[utoipa::path(tag = "events", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The event's id")),
    responses((status = 200, description = "The override", body = SchedulingOverride), (status = 404, description = "No such event or no override")))]
#[get("/events/{id}/scheduling-override")]
async fn get_override(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<SchedulingOverride>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let e = find(&state.db, *id).await?;
    let o = override_of(&state.db, e.project_ref_num)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("a scheduling override for event {id}")))?;
    Ok(web::Json(o.into()))
}

/// Sets the event's scheduling override (replacing any).
#[utoipa::path(tag = "events", operation_id = "put_scheduling_override", security(("bearer" = [])), request_body = SchedulingOverride,
    params(("id" = i32, Path, description = "The event's id")),
    responses((status = 200, description = "Stored", body = SchedulingOverride), (status = 404, description = "No such event"),
        (status = 422, description = "Unknown employees")))]
#[put("/events/{id}/scheduling-override")]
async fn put_override(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<SchedulingOverride>,
) -> ApiResult<web::Json<SchedulingOverride>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b = body.into_inner();
    let b = changes::put_override(&state, &caller, *id, b).await?;
    Ok(web::Json(b))
}

/// Removes the event's scheduling override.
#[utoipa::path(tag = "events", operation_id = "delete_scheduling_override", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The event's id")),
    responses((status = 204, description = "Removed"), (status = 404, description = "No such event or no override")))]
#[delete("/events/{id}/scheduling-override")]
async fn delete_override(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    changes::delete_override(&state, &caller, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
