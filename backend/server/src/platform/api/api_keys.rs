//! API keys for integrations (admins): issue (shown once), list, revoke.

use crate::platform::audit::Change;
use crate::platform::auth::Caller;
use crate::platform::auth::caller::API_KEY_PREFIX;
use crate::platform::crypto::{random_token, token_hash};
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::permissions::{Permission, Role};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::api_key;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_keys)
        .service(create_key)
        .service(revoke_key);
}

/// An API key, without its secret.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "name": "payroll export", "prefix": "Xy3kP0aQ", "role": "viewer",
    "created_by": 1, "created_at": "2026-11-23T10:00:00Z", "expires_at": null, "last_used_at": null, "revoked_at": null}))]
pub struct ApiKeyOut {
    pub id: i32,
    pub name: String,
    /// The public part of the key, shown in lists so that a key can be recognised.
    pub prefix: String,
    pub role: String,
    pub created_by: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<api_key::Model> for ApiKeyOut {
    fn from(k: api_key::Model) -> Self {
        ApiKeyOut {
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            role: k.role,
            created_by: k.created_by,
            created_at: k.created_at,
            expires_at: k.expires_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        }
    }
}

/// A newly issued key: `key` is shown this once and cannot be read again.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"key": "kairos_Xy3kP0aQ_Jx0…", "api_key": {"id": 1, "name": "payroll export",
    "prefix": "Xy3kP0aQ", "role": "viewer", "created_by": 1, "created_at": "2026-11-23T10:00:00Z",
    "expires_at": null, "last_used_at": null, "revoked_at": null}}))]
pub struct ApiKeyCreated {
    /// Use as `Authorization: Bearer <key>`.
    pub key: String,
    pub api_key: ApiKeyOut,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "payroll export", "role": "viewer", "expires_at": "2027-11-23T00:00:00Z"}))]
pub struct ApiKeyIn {
    #[schema(pattern = r"\S", max_length = 100)]
    pub name: String,
    /// At most the caller's own role.
    pub role: Role,
    /// When the key stops working (in the future); never when absent.
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiKeyFilter {
    /// `true`: only keys not revoked; `false`: only revoked keys.
    pub active: Option<bool>,
}

const SORTING: Sorting<api_key::Column> = Sorting {
    fields: &[
        ("id", api_key::Column::Id),
        ("name", api_key::Column::Name),
        ("created_at", api_key::Column::CreatedAt),
        ("last_used_at", api_key::Column::LastUsedAt),
    ],
    default: "-id",
};
sort_param!(KeySort, SORTING);

/// Lists API keys (never their secrets).
#[utoipa::path(tag = "api-keys", security(("bearer" = [])), params(PageQuery, KeySort, ApiKeyFilter), responses(
    (status = 200, description = "A page of keys", body = Page<ApiKeyOut>)
))]
#[get("/api-keys")]
async fn list_keys(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<ApiKeyFilter>,
) -> ApiResult<web::Json<Page<ApiKeyOut>>> {
    caller.require(Permission::MANAGE_API_KEYS)?;
    let mut select = api_key::Entity::find();
    match filter.active {
        Some(true) => select = select.filter(api_key::Column::RevokedAt.is_null()),
        Some(false) => select = select.filter(api_key::Column::RevokedAt.is_not_null()),
        None => {}
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(ApiKeyOut::from)))
}

/// Issues an API key. The answer holds the key itself, once; only its hash is stored.
#[utoipa::path(tag = "api-keys", security(("bearer" = [])), request_body = ApiKeyIn, responses(
    (status = 201, description = "Issued", body = ApiKeyCreated),
    (status = 422, description = "Invalid fields")
))]
#[post("/api-keys")]
async fn create_key(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<ApiKeyIn>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::MANAGE_API_KEYS)?;
    let input = body.into_inner();
    Checks::new()
        .check("name", validation::text(&input.name, 1, 100))
        .check(
            "expires_at",
            input
                .expires_at
                .filter(|e| *e <= Utc::now())
                .map(|_| "must be in the future".to_owned()),
        )
        .check(
            "role",
            (input.role > caller.role).then(|| "may not exceed your own role".to_owned()),
        )
        .finish()?;
    // The prefix is an id-like public part; the secret part carries 256 bits of entropy.
    let prefix: String = random_token(12)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let key = format!("{API_KEY_PREFIX}{prefix}_{}", random_token(32));
    let txn = kairos_store::begin_write(&state.db).await?;
    let created = api_key::ActiveModel {
        name: Set(input.name.trim().to_owned()),
        prefix: Set(prefix),
        key_hash: Set(token_hash(&key)),
        role: Set(input.role.as_str().to_owned()),
        created_by: Set(caller.user_id()),
        created_at: Set(Utc::now()),
        expires_at: Set(input.expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let out = ApiKeyOut::from(created);
    caller
        .audit(&txn, Change::new("create", "api_key", out.id).after(&out))
        .await?;
    txn.commit().await?;
    state.principals.clear();
    Ok(HttpResponse::Created().json(ApiKeyCreated { key, api_key: out }))
}

/// Revokes an API key; it stops working at once.
#[utoipa::path(tag = "api-keys", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The key's id")),
    responses(
        (status = 200, description = "The revoked key", body = ApiKeyOut),
        (status = 404, description = "No such key"),
        (status = 409, description = "The key was already revoked")
    ))]
#[delete("/api-keys/{id}")]
async fn revoke_key(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<ApiKeyOut>> {
    caller.require(Permission::MANAGE_API_KEYS)?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find_or_404::<api_key::Entity, _, _>(&txn, "API key", *id).await?;
    if before.revoked_at.is_some() {
        return Err(ApiError::conflict("this API key was already revoked"));
    }
    let mut active: api_key::ActiveModel = before.clone().into();
    active.revoked_at = Set(Some(Utc::now()));
    let after = ApiKeyOut::from(active.update(&txn).await?);
    caller
        .audit(
            &txn,
            Change::new("revoke", "api_key", after.id)
                .before(ApiKeyOut::from(before))
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    state.principals.clear();
    Ok(web::Json(after))
}
