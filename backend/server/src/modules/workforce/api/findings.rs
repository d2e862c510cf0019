//! What the daily audit check found.

use crate::modules::workforce::dto::findings::*;
use crate::modules::workforce::permissions;
use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::state::AppState;
use actix_web::{get, web};
use kairos_store::entities::audit_finding;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_findings);
}

const FINDING_SORTING: Sorting<audit_finding::Column> = Sorting {
    fields: &[
        ("id", audit_finding::Column::Id),
        ("found_at", audit_finding::Column::FoundAt),
        ("kind", audit_finding::Column::Kind),
    ],
    default: "-id",
};

sort_param!(FindingSort, FINDING_SORTING);

/// The daily audit's findings (run it now with `POST /jobs/daily_audit/run`).
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(FindingFilter, PageQuery, FindingSort),
    responses((status = 200, description = "A page of findings", body = Page<FindingOut>)))]
#[get("/audit-findings")]
async fn list_findings(
    state: web::Data<AppState>,
    caller: Caller,
    filter: Query<FindingFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<FindingOut>>> {
    caller.require(permissions::READ_WORKFORCE)?;
    let mut select = audit_finding::Entity::find();
    match filter.open {
        Some(true) => select = select.filter(audit_finding::Column::ResolvedAt.is_null()),
        Some(false) => select = select.filter(audit_finding::Column::ResolvedAt.is_not_null()),
        None => {}
    }
    if let Some(k) = &filter.kind {
        select = select.filter(audit_finding::Column::Kind.eq(k.as_str()));
    }
    let p = fetch_page(&state.db, select, &page, &FINDING_SORTING).await?;
    Ok(web::Json(p.map(|f| FindingOut {
        id: f.id,
        kind: f.kind,
        subject_key: f.subject_key,
        message: f.message,
        details: f.details,
        found_at: f.found_at,
        last_seen_at: f.last_seen_at,
        resolved_at: f.resolved_at,
    })))
}
