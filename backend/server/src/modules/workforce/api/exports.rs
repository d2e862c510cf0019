//! Exports of schedules (CSV, XLSX, iCalendar) and each employee's subscribable calendar feed.

use crate::modules::workforce::dto::exports::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::feeds;
use crate::modules::workforce::service::lines::{ScheduleLine, schedule_lines};
use crate::modules::workforce::service::{find_employee, require_self_or_manager};
use crate::modules::workforce::state::Caches as _;
use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::crypto::{random_token, token_hash};
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::query::Query;
use crate::platform::http::wire::DateRange;
use crate::platform::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{Duration, Utc};
use kairos_documents::{csv, ical, xlsx};
use kairos_store::entities::calendar_feed_token;
use kairos_store::workforce::RuleConfig;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export_schedules)
        .service(create_feed)
        .service(revoke_feed)
        .service(feed);
}

const HEADER: [&str; 12] = [
    "Schedule ID",
    "Date",
    "Start",
    "End",
    "Minutes",
    "Employee ID",
    "Employee",
    "Event Ref",
    "Event",
    "Type",
    "Store",
    "Status",
];

fn csv_of(lines: &[ScheduleLine], cfg: &RuleConfig) -> Vec<u8> {
    let mut w = csv::CsvWriter::with_utf8_bom();
    w.write_text_row(&HEADER);
    for l in lines {
        let start = cfg.local(l.schedule.schedule_datetime);
        let end = cfg.local(l.end);
        w.write_row(&[
            csv::Cell::Integer(i64::from(l.schedule.id)),
            start.format("%Y-%m-%d").to_string().into(),
            start.format("%H:%M").to_string().into(),
            end.format("%H:%M").to_string().into(),
            csv::Cell::Integer(l.minutes()),
            l.schedule.employee_id.clone().into(),
            l.employee_name.clone().into(),
            csv::Cell::Integer(l.event.project_ref_num),
            l.event.project_name.clone().into(),
            l.event.event_type.clone().into(),
            l.store().into(),
            l.schedule.status.clone().into(),
        ]);
    }
    w.to_bytes()
}

fn xlsx_of(lines: &[ScheduleLine], cfg: &RuleConfig) -> ApiResult<Vec<u8>> {
    let mut header: Vec<xlsx::Cell> = HEADER
        .iter()
        .map(|h| xlsx::Cell::Text((*h).to_owned()))
        .collect();
    // Durations are hours in a spreadsheet ([h]:mm), which sum past a day.
    header[4] = xlsx::Cell::Text("Hours".to_owned());
    let mut rows: Vec<Vec<xlsx::Cell>> = vec![header];
    for l in lines {
        let start = cfg.local(l.schedule.schedule_datetime);
        let end = cfg.local(l.end);
        rows.push(vec![
            xlsx::Cell::Number(f64::from(l.schedule.id)),
            xlsx::Cell::Date(start.date()),
            xlsx::Cell::DateTime(start),
            xlsx::Cell::DateTime(end),
            xlsx::Cell::Minutes(l.minutes()),
            xlsx::Cell::Text(l.schedule.employee_id.clone()),
            xlsx::Cell::Text(l.employee_name.clone()),
            xlsx::Cell::Number(l.event.project_ref_num as f64),
            xlsx::Cell::Text(l.event.project_name.clone()),
            xlsx::Cell::Text(l.event.event_type.clone()),
            xlsx::Cell::Text(l.store()),
            xlsx::Cell::Text(l.schedule.status.clone()),
        ]);
    }
    let mut book = xlsx::Workbook::new();
    book.add_sheet("Schedules", rows)
        .bold_header(true)
        .totals(&[
            (3, xlsx::Total::Label("Total".to_owned())),
            (4, xlsx::Total::Sum),
        ]);
    book.to_bytes().map_err(|e| {
        ApiError::payload_too_large(format!("{e}; export a shorter period, or as CSV"))
    })
}

fn ics_of(lines: &[ScheduleLine], name: &str, time_zone: Option<chrono_tz::Tz>) -> Vec<u8> {
    let now = Utc::now();
    ical::Calendar {
        name: name.to_owned(),
        time_zone,
        events: lines
            .iter()
            .map(|l| ical::CalendarEvent {
                uid: format!("schedule-{}@kairos", l.schedule.id),
                summary: format!("{} — {}", l.event.event_type, l.event.project_name),
                description: Some(format!(
                    "Employee: {} ({})\nEvent ref: {}\nStatus: {}",
                    l.employee_name,
                    l.schedule.employee_id,
                    l.event.project_ref_num,
                    l.schedule.status
                )),
                location: Some(l.store()).filter(|s| !s.is_empty()),
                start: l.schedule.schedule_datetime,
                end: l.end,
                dtstamp: now,
                last_modified: l.schedule.modified_at.or(Some(l.schedule.created_at)),
                status: if l.schedule.status
                    == kairos_domain::workforce::status::ScheduleStatus::Pending.as_str()
                {
                    ical::EventStatus::Tentative
                } else {
                    ical::EventStatus::Confirmed
                },
            })
            .collect(),
    }
    .to_bytes()
}

/// Schedules of a period (at most 367 days) as CSV, XLSX or iCalendar (a download).
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(ExportQuery), responses(
    (status = 200, description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (String = "text/calendar"))),
    (status = 400, description = "`to` before `from`, or a range over 367 days"),
    (status = 413, description = "The XLSX would break Excel's limits (1,048,576 rows, 32,767 characters in a cell)")))]
#[get("/exports/schedules")]
async fn export_schedules(
    state: web::Data<AppState>,
    caller: Caller,
    q: Query<ExportQuery>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::READ_WORKFORCE)?;
    let (from, to) = DateRange {
        from: q.from,
        to: q.to,
    }
    .checked(367)?;
    let cfg = state.rules().await?;
    let lines = schedule_lines(
        &state.db,
        &cfg,
        cfg.day_start(from),
        cfg.day_start(to + Duration::days(1)),
        q.employee_id.as_deref(),
    )
    .await?;
    let stem = format!("kairos-schedules-{from}-to-{to}");
    let (body, mime, ext) = match q.format {
        Format::Csv => (csv_of(&lines, &cfg), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            xlsx_of(&lines, &cfg)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        Format::Ics => (
            ics_of(&lines, "Kairos schedules", None),
            "text/calendar; charset=utf-8",
            "ics",
        ),
    };
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{stem}.{ext}\""),
        ))
        .body(body))
}

/// Creates a subscribable iCalendar feed URL for an employee's schedule (the employee themself or a manager).
#[utoipa::path(tag = "exports", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 201, description = "The feed URL (shown once)", body = FeedOut), (status = 404, description = "No such employee")))]
#[post("/employees/{id}/calendar-feed")]
async fn create_feed(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let e = find_employee(&txn, &id).await?;
    require_self_or_manager(&caller, &e)?;
    let token = random_token(24);
    let row = calendar_feed_token::ActiveModel {
        employee_id: Set(e.id.clone()),
        token_hash: Set(token_hash(&token)),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    caller
        .audit(
            &txn,
            Change::new("create", "calendar_feed", row.id)
                .after(serde_json::json!({"employee_id": e.id})),
        )
        .await?;
    txn.commit().await?;
    let info = req.connection_info();
    let url = format!(
        "{}://{}/api/v1/feeds/{token}.ics",
        info.scheme(),
        info.host()
    );
    Ok(HttpResponse::Created().json(FeedOut { url, token }))
}

/// Revokes every calendar feed of an employee.
#[utoipa::path(tag = "exports", security(("bearer" = [])),
    params(("id" = String, Path, description = "The employee's id")),
    responses((status = 204, description = "Revoked"), (status = 404, description = "No such employee")))]
#[delete("/employees/{id}/calendar-feed")]
async fn revoke_feed(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    feeds::revoke(&state, &caller, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// An employee's schedule as iCalendar, from 30 days back to 180 days ahead. The token in the URL is
/// the credential (calendar apps cannot send headers); revoked tokens answer 404.
#[utoipa::path(tag = "exports",
    params(("token" = String, Path, description = "The feed token, with `.ics`")),
    responses((status = 200, description = "The calendar", content_type = "text/calendar", body = String),
        (status = 404, description = "Unknown or revoked feed")))]
#[get("/feeds/{token}")]
async fn feed(state: web::Data<AppState>, token: web::Path<String>) -> ApiResult<HttpResponse> {
    let token = token.trim_end_matches(".ics");
    let row = calendar_feed_token::Entity::find()
        .filter(calendar_feed_token::Column::TokenHash.eq(token_hash(token)))
        .filter(calendar_feed_token::Column::RevokedAt.is_null())
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("this calendar feed"))?;
    let e = find_employee(&state.db, &row.employee_id).await?;
    let cfg = state.rules().await?;
    let now = Utc::now();
    let lines = schedule_lines(
        &state.db,
        &cfg,
        now - Duration::days(30),
        now + Duration::days(180),
        Some(&e.id),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(ics_of(
            &lines,
            &format!("Kairos — {}", e.name),
            Some(cfg.tz),
        )))
}
