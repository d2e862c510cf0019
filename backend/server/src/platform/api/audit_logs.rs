//! Reading the audit trail (managers and admins).

use crate::platform::auth::Caller;
use crate::platform::http::error::ApiResult;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::permissions::Permission;
use crate::platform::state::AppState;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_audit_logs);
}

/// One recorded change.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 42, "timestamp": "2026-11-23T10:15:00Z", "user_id": "1", "action": "update",
    "resource_type": "user", "resource_id": "2",
    "changes": {"before": {"role": "member"}, "after": {"role": "manager"}},
    "ip_address": "127.0.0.1", "user_agent": "curl/8.5.0"}))]
pub struct AuditLogOut {
    pub id: i64,
    pub timestamp: DateTime<Utc>,
    /// The user's id, or `api_key:<id>` for an API key.
    pub user_id: Option<String>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<String>,
    /// `{"before": …, "after": …}`.
    #[schema(value_type = Option<Object>)]
    pub changes: Option<serde_json::Value>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
}

impl From<audit_log::Model> for AuditLogOut {
    fn from(m: audit_log::Model) -> Self {
        AuditLogOut {
            id: m.id,
            timestamp: m.timestamp,
            user_id: m.user_id,
            action: m.action,
            resource_type: m.resource_type,
            resource_id: m.resource_id,
            changes: m.changes,
            ip_address: m.ip_address,
            user_agent: m.user_agent,
        }
    }
}

/// Filters of the audit trail.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// e.g. `user`, `setting`, `api_key`, `session`.
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    /// A user id, or `api_key:<id>`.
    pub user_id: Option<String>,
    /// e.g. `create`, `update`, `delete`, `login`.
    pub action: Option<String>,
    /// From this instant on (inclusive, RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (exclusive, RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

const SORTING: Sorting<audit_log::Column> = Sorting {
    fields: &[
        ("id", audit_log::Column::Id),
        ("timestamp", audit_log::Column::Timestamp),
    ],
    default: "-id",
};
sort_param!(AuditSort, SORTING);

/// Lists audit rows, newest first by default.
#[utoipa::path(tag = "audit", security(("bearer" = [])), params(PageQuery, AuditSort, AuditFilter), responses(
    (status = 200, description = "A page of audit rows", body = Page<AuditLogOut>)
))]
#[get("/audit-logs")]
async fn list_audit_logs(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<AuditFilter>,
) -> ApiResult<web::Json<Page<AuditLogOut>>> {
    caller.require(Permission::READ_AUDIT_LOG)?;
    let f = filter.into_inner();
    let mut select = audit_log::Entity::find();
    if let Some(v) = f.resource_type {
        select = select.filter(audit_log::Column::ResourceType.eq(v));
    }
    if let Some(v) = f.resource_id {
        select = select.filter(audit_log::Column::ResourceId.eq(v));
    }
    if let Some(v) = f.user_id {
        select = select.filter(audit_log::Column::UserId.eq(v));
    }
    if let Some(v) = f.action {
        select = select.filter(audit_log::Column::Action.eq(v));
    }
    if let Some(v) = f.from {
        select = select.filter(audit_log::Column::Timestamp.gte(v));
    }
    if let Some(v) = f.to {
        select = select.filter(audit_log::Column::Timestamp.lt(v));
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(AuditLogOut::from)))
}
