//! Paperwork: the templates (checklists) and the daily PDF of who works where.

use crate::modules::workforce::dto::paperwork::*;
use crate::modules::workforce::permissions;
use crate::modules::workforce::service::lines::schedule_lines;
use crate::modules::workforce::service::paperwork as templates;
use crate::modules::workforce::state::Caches as _;
use crate::platform::auth::Caller;
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{Duration, Utc};
use kairos_documents::pdf;
use kairos_store::entities::{employee, paperwork_template};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_templates)
        .service(create_template)
        .service(get_template)
        .service(update_template)
        .service(delete_template)
        .service(daily);
}

fn items_of(data: &Value) -> Vec<String> {
    data.get("items")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn check_template(c: &mut Checks, name: Option<&str>, kind: Option<&str>, data: Option<&Value>) {
    c.check("name", validation::optional_text(name, 1, 200))
        .check(
            "template_type",
            kind.filter(|k| !TEMPLATE_TYPES.contains(k))
                .map(|_| format!("must be one of {}", TEMPLATE_TYPES.join(", "))),
        )
        .check(
            "template_data",
            data.filter(|d| {
                !d.is_object()
                    || d.get("items").is_some_and(|i| {
                        !i.as_array().is_some_and(|a| {
                            a.len() <= 200
                                && a.iter()
                                    .all(|x| x.as_str().is_some_and(|s| s.chars().count() <= 500))
                        })
                    })
            })
            .map(|_| {
                "must be an object; its `items`, when present, a list of at most 200 strings"
                    .to_owned()
            }),
        );
}

const SORTING: Sorting<paperwork_template::Column> = Sorting {
    fields: &[
        ("id", paperwork_template::Column::Id),
        ("name", paperwork_template::Column::Name),
    ],
    default: "name",
};
sort_param!(TemplateSort, SORTING);

/// Lists paperwork templates.
#[utoipa::path(tag = "paperwork", security(("bearer" = [])), params(PageQuery, TemplateSort, TemplateFilter), responses(
    (status = 200, description = "A page of templates", body = Page<TemplateOut>)))]
#[get("/paperwork-templates")]
async fn list_templates(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    f: Query<TemplateFilter>,
) -> ApiResult<web::Json<Page<TemplateOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let mut select = paperwork_template::Entity::find();
    if let Some(t) = f.template_type.clone() {
        select = select.filter(paperwork_template::Column::TemplateType.eq(t));
    }
    if let Some(a) = f.active {
        select = select.filter(paperwork_template::Column::Active.eq(a));
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(TemplateOut::from)))
}

/// Creates a paperwork template.
#[utoipa::path(tag = "paperwork", security(("bearer" = [])), request_body = TemplateIn, responses(
    (status = 201, description = "Created", body = TemplateOut), (status = 422, description = "Invalid fields")))]
#[post("/paperwork-templates")]
async fn create_template(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<TemplateIn>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let b = body.into_inner();
    let mut c = Checks::new();
    check_template(
        &mut c,
        Some(&b.name),
        Some(&b.template_type),
        Some(&b.template_data),
    );
    c.finish()?;
    let out = templates::create(&state, &caller, b).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Reads a paperwork template.
#[utoipa::path(tag = "paperwork", security(("bearer" = [])), params(("id" = i32, Path, description = "The template's id")),
    responses((status = 200, description = "The template", body = TemplateOut), (status = 404, description = "No such template")))]
#[get("/paperwork-templates/{id}")]
async fn get_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<TemplateOut>> {
    caller.require(permissions::READ_WORKFORCE)?;
    Ok(web::Json(templates::find(&state.db, *id).await?.into()))
}

/// Edits a paperwork template.
#[utoipa::path(tag = "paperwork", security(("bearer" = [])), request_body = TemplatePatch, params(("id" = i32, Path, description = "The template's id")),
    responses((status = 200, description = "Updated", body = TemplateOut), (status = 404, description = "No such template"), (status = 422, description = "Invalid fields")))]
#[patch("/paperwork-templates/{id}")]
async fn update_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<TemplatePatch>,
) -> ApiResult<web::Json<TemplateOut>> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    let p = body.into_inner();
    let mut c = Checks::new();
    check_template(
        &mut c,
        p.name.as_deref(),
        p.template_type.as_deref(),
        p.template_data.as_ref(),
    );
    c.finish()?;
    let after = templates::update(&state, &caller, *id, p).await?;
    Ok(web::Json(after))
}

/// Deletes a paperwork template.
#[utoipa::path(tag = "paperwork", security(("bearer" = [])), params(("id" = i32, Path, description = "The template's id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such template")))]
#[delete("/paperwork-templates/{id}")]
async fn delete_template(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::MANAGE_WORKFORCE)?;
    templates::delete(&state, &caller, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The day's paperwork as one PDF: each employee's schedule (times, store, event, duration), then
/// the active daily templates as checklists.
#[utoipa::path(tag = "paperwork", security(("bearer" = [])), params(DailyQuery), responses(
    (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>)))]
#[get("/paperwork/daily")]
async fn daily(
    state: web::Data<AppState>,
    caller: Caller,
    q: Query<DailyQuery>,
) -> ApiResult<HttpResponse> {
    caller.require(permissions::READ_WORKFORCE)?;
    let cfg = state.rules().await?;
    let date = q.date;
    let lines = schedule_lines(
        &state.db,
        &cfg,
        cfg.day_start(date),
        cfg.day_start(date + Duration::days(1)),
        None,
    )
    .await?;
    let mut by_employee: BTreeMap<(String, String), Vec<pdf::DayAssignment>> = BTreeMap::new();
    for l in &lines {
        by_employee
            .entry((l.employee_name.clone(), l.schedule.employee_id.clone()))
            .or_default()
            .push(pdf::DayAssignment {
                start: cfg
                    .local(l.schedule.schedule_datetime)
                    .format("%H:%M")
                    .to_string(),
                end: cfg.local(l.end).format("%H:%M").to_string(),
                store: l.store(),
                event: format!("{} ({})", l.event.project_name, l.event.project_ref_num),
                event_type: l.event.event_type.clone(),
                duration_minutes: l.minutes(),
            });
    }
    // Everyone active appears, so that a day off is visible on paper too.
    let active = employee::Entity::find()
        .filter(employee::Column::Active.eq(true))
        .order_by_asc(employee::Column::Name)
        .all(&state.db)
        .await?;
    for e in active {
        by_employee
            .entry((e.name.clone(), e.id.clone()))
            .or_default();
    }
    let templates = paperwork_template::Entity::find()
        .filter(paperwork_template::Column::Active.eq(true))
        .filter(paperwork_template::Column::TemplateType.eq("daily"))
        .order_by_asc(paperwork_template::Column::Name)
        .all(&state.db)
        .await?;
    let doc = pdf::DailyPaperwork {
        title: "Daily paperwork".to_owned(),
        date,
        timezone: cfg.tz.name().to_owned(),
        generated_at: cfg.local(Utc::now()).format("%Y-%m-%d %H:%M").to_string(),
        paper: crate::platform::settings::paper_size(&state.db, &state.keys).await?,
        employees: by_employee
            .into_iter()
            .map(|((name, _), assignments)| pdf::EmployeeDay { name, assignments })
            .collect(),
        checklists: templates
            .into_iter()
            .map(|t| pdf::Checklist {
                items: items_of(&t.template_data),
                name: t.name,
                description: t.description,
            })
            .collect(),
    };
    let bytes = pdf::daily_paperwork(&doc).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"kairos-paperwork-{date}.pdf\""),
        ))
        .body(bytes))
}
