//! The caller's in-app notifications: list, read one, read all.

use crate::platform::auth::Caller;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::permissions::Permission;
use crate::platform::state::AppState;
use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::notification;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_notifications)
        .service(read_notification)
        .service(read_all_notifications);
}

/// An in-app notification.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 3, "kind": "time_off.requested", "title": "Time off requested",
    "body": "Marcus Chen (E0003) asks for time off from Tue 1 Dec 2026 to Thu 3 Dec 2026.", "data": {}, "created_at": "2026-11-23T10:00:00Z", "read_at": null}))]
pub struct NotificationOut {
    pub id: i32,
    pub kind: String,
    pub title: String,
    pub body: String,
    #[schema(value_type = Option<Object>)]
    pub data: Option<Value>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl From<notification::Model> for NotificationOut {
    fn from(n: notification::Model) -> Self {
        NotificationOut {
            id: n.id,
            kind: n.kind,
            title: n.title,
            body: n.body,
            data: n.data,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationFilter {
    /// Only unread ones.
    pub unread: Option<bool>,
}

const NOTIFICATION_SORTING: Sorting<notification::Column> = Sorting {
    fields: &[("id", notification::Column::Id)],
    default: "-id",
};

fn own_user(caller: &Caller) -> ApiResult<i32> {
    caller.require(Permission::READ_OWN_ACCOUNT)?;
    caller
        .user_id()
        .ok_or_else(|| ApiError::bad_request("an API key has no notifications; log in as a user"))
}

sort_param!(NotificationSort, NOTIFICATION_SORTING);

/// The caller's own notifications, newest first.
#[utoipa::path(tag = "notifications", operation_id = "list_my_notifications", security(("bearer" = [])), params(NotificationFilter, PageQuery, NotificationSort),
    responses((status = 200, description = "A page of notifications", body = Page<NotificationOut>),
        (status = 400, description = "API keys have no notifications")))]
#[get("/notifications")]
async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    filter: Query<NotificationFilter>,
    page: Query<PageQuery>,
) -> ApiResult<web::Json<Page<NotificationOut>>> {
    let me = own_user(&caller)?;
    let mut select = notification::Entity::find().filter(notification::Column::UserId.eq(me));
    if filter.unread == Some(true) {
        select = select.filter(notification::Column::ReadAt.is_null());
    }
    let p = fetch_page(&state.db, select, &page, &NOTIFICATION_SORTING).await?;
    Ok(web::Json(p.map(NotificationOut::from)))
}

/// Marks one of the caller's notifications read.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The notification's id")),
    responses((status = 200, description = "The notification", body = NotificationOut),
        (status = 400, description = "API keys have no notifications"),
        (status = 404, description = "No such notification of the caller's")))]
#[post("/notifications/{id}/read")]
async fn read_notification(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<NotificationOut>> {
    let me = own_user(&caller)?;
    let n = notification::Entity::find_by_id(*id)
        .filter(notification::Column::UserId.eq(me))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("notification {id}")))?;
    if n.read_at.is_some() {
        return Ok(web::Json(n.into()));
    }
    let mut row: notification::ActiveModel = n.into();
    row.read_at = Set(Some(Utc::now()));
    Ok(web::Json(row.update(&state.db).await?.into()))
}

/// Marks all the caller's notifications read.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "How many were marked", body = Object, example = json!({"marked": 4})),
        (status = 400, description = "API keys have no notifications")))]
#[post("/notifications/read-all")]
async fn read_all_notifications(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Value>> {
    let me = own_user(&caller)?;
    let r = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&state.db)
        .await?;
    Ok(web::Json(json!({"marked": r.rows_affected})))
}
