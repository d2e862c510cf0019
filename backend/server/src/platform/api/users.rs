//! User administration (admins): create, list, read, edit role and profile, deactivate.

use crate::platform::audit::Change;
use crate::platform::auth::passwords::{self, password_problem};
use crate::platform::auth::{Caller, sessions};
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::http::lookup::find_or_404;
use crate::platform::http::pagination::{Page, PageQuery, Sorting, fetch_page, sort_param};
use crate::platform::http::patch::double_option;
use crate::platform::http::query::Query;
use crate::platform::http::validation::{self, Checks};
use crate::platform::permissions::{Permission, Role};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use kairos_store::entities::user;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user)
        .service(deactivate_user);
}

/// A user account, as answered (never with its password hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": 2, "email": "maria@example.com", "username": "maria", "name": "Maria Lopez",
    "role": "manager", "is_active": true, "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z"}))]
pub struct UserOut {
    pub id: i32,
    pub email: String,
    pub username: Option<String>,
    pub name: Option<String>,
    pub role: String,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<user::Model> for UserOut {
    fn from(u: user::Model) -> Self {
        UserOut {
            id: u.id,
            email: u.email,
            username: u.username,
            name: u.name,
            role: u.role,
            is_active: u.is_active,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// A new user.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "maria@example.com", "username": "maria", "name": "Maria Lopez",
    "role": "manager", "password": "a-long-password"}))]
pub struct UserIn {
    #[schema(format = Email)]
    pub email: String,
    /// 3 to 64 letters, digits, dots, dashes or underscores.
    #[schema(pattern = "^[A-Za-z0-9._-]{3,64}$")]
    pub username: Option<String>,
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: Option<String>,
    pub role: Role,
    /// 8 to 256 characters.
    #[schema(min_length = 8, max_length = 256)]
    pub password: String,
}

/// Changes to a user; absent fields stay as they are, `null` clears a nullable one.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "member", "is_active": false}))]
pub struct UserPatch {
    #[schema(format = Email)]
    pub email: Option<String>,
    /// 3 to 64 letters, digits, dots, dashes or underscores; null clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, nullable, pattern = "^[A-Za-z0-9._-]{3,64}$")]
    pub username: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, nullable, pattern = r"\S", max_length = 200)]
    pub name: Option<Option<String>>,
    pub role: Option<Role>,
    /// `false` deactivates the account and ends all its sessions at once.
    pub is_active: Option<bool>,
    /// 8 to 256 characters. Setting a password ends all the user's sessions.
    #[schema(min_length = 8, max_length = 256)]
    pub password: Option<String>,
}

/// Filters of the user list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<Role>,
    /// Only active (`true`) or deactivated (`false`) accounts.
    pub is_active: Option<bool>,
    /// Text found in the e-mail, username or name (case-insensitive); no control characters.
    #[param(pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$")]
    pub q: Option<String>,
}

const SORTING: Sorting<user::Column> = Sorting {
    fields: &[
        ("id", user::Column::Id),
        ("email", user::Column::Email),
        ("name", user::Column::Name),
        ("role", user::Column::Role),
        ("created_at", user::Column::CreatedAt),
    ],
    default: "id",
};
sort_param!(UserSort, SORTING);

fn check_profile(
    checks: &mut Checks,
    email: Option<&str>,
    username: Option<&str>,
    name: Option<&str>,
    password: Option<&str>,
) {
    checks
        .check("email", email.and_then(validation::email))
        .check("username", username.and_then(validation::username))
        .check("name", validation::optional_text(name, 1, 200))
        .check("password", password.and_then(password_problem));
}

/// Lists users.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(PageQuery, UserSort, UserFilter), responses(
    (status = 200, description = "A page of users", body = Page<UserOut>)
))]
#[get("/users")]
async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    page: Query<PageQuery>,
    filter: Query<UserFilter>,
) -> ApiResult<web::Json<Page<UserOut>>> {
    caller.require(Permission::MANAGE_USERS)?;
    let mut select = user::Entity::find();
    if let Some(role) = filter.role {
        select = select.filter(user::Column::Role.eq(role.as_str()));
    }
    if let Some(active) = filter.is_active {
        select = select.filter(user::Column::IsActive.eq(active));
    }
    if let Some(any) = crate::platform::http::query::text_search(
        filter.q.as_deref(),
        &[
            user::Column::Email,
            user::Column::Username,
            user::Column::Name,
        ],
    )? {
        select = select.filter(any);
    }
    let page = fetch_page(&state.db, select, &page, &SORTING).await?;
    Ok(web::Json(page.map(UserOut::from)))
}

/// Creates a user.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = UserIn, responses(
    (status = 201, description = "Created", body = UserOut),
    (status = 409, description = "The e-mail or username is taken"),
    (status = 422, description = "Invalid fields")
))]
#[post("/users")]
async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<UserIn>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::MANAGE_USERS)?;
    let input = body.into_inner();
    let mut checks = Checks::new();
    check_profile(
        &mut checks,
        Some(&input.email),
        input.username.as_deref(),
        input.name.as_deref(),
        Some(&input.password),
    );
    checks.finish()?;
    let hash = passwords::hash(&state, input.password).await?;
    let email = input.email.trim().to_lowercase();
    let txn = kairos_store::begin_write(&state.db).await?;
    ensure_unique(&txn, &email, input.username.as_deref(), None).await?;
    let now = Utc::now();
    let created = user::ActiveModel {
        email: Set(email),
        username: Set(input.username),
        name: Set(input.name.map(|n| n.trim().to_owned())),
        role: Set(input.role.as_str().to_owned()),
        is_active: Set(true),
        password_hash: Set(hash),
        profile_photo_url: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let out = UserOut::from(created);
    caller
        .audit(&txn, Change::new("create", "user", out.id).after(&out))
        .await?;
    txn.commit().await?;
    state.principals.clear();
    Ok(HttpResponse::Created().json(out))
}

/// Reads one user.
#[utoipa::path(tag = "users", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The user's id")),
    responses((status = 200, description = "The user", body = UserOut), (status = 404, description = "No such user")))]
#[get("/users/{id}")]
async fn get_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<UserOut>> {
    caller.require(Permission::MANAGE_USERS)?;
    let found = find(&state.db, *id).await?;
    Ok(web::Json(found.into()))
}

/// Edits a user: profile, role, activation, password.
///
/// Deactivating a user or setting their password ends all their sessions at once. The last active
/// admin cannot be demoted or deactivated.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = UserPatch,
    params(("id" = i32, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The updated user", body = UserOut),
        (status = 404, description = "No such user"),
        (status = 409, description = "The e-mail or username is taken, or this would leave no active admin"),
        (status = 422, description = "Invalid fields")
    ))]
#[patch("/users/{id}")]
async fn update_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    body: Body<UserPatch>,
) -> ApiResult<web::Json<UserOut>> {
    apply_patch(&state, &caller, *id, body.into_inner())
        .await
        .map(web::Json)
}

async fn apply_patch(
    state: &AppState,
    caller: &Caller,
    id: i32,
    patch: UserPatch,
) -> ApiResult<UserOut> {
    caller.require(Permission::MANAGE_USERS)?;
    let mut checks = Checks::new();
    check_profile(
        &mut checks,
        patch.email.as_deref(),
        patch.username.clone().flatten().as_deref(),
        patch.name.clone().flatten().as_deref(),
        patch.password.as_deref(),
    );
    checks.finish()?;
    let new_hash = match patch.password.clone() {
        Some(p) => Some(passwords::hash(state, p).await?),
        None => None,
    };
    let txn = kairos_store::begin_write(&state.db).await?;
    let before = find(&txn, id).await?;
    let email = patch.email.as_deref().map(|e| e.trim().to_lowercase());
    ensure_unique(
        &txn,
        email.as_deref().unwrap_or(""),
        patch.username.clone().flatten().as_deref(),
        Some(before.id),
    )
    .await?;
    let demotes_admin = before.role == Role::Admin.as_str()
        && (patch.role.is_some_and(|r| r != Role::Admin) || patch.is_active == Some(false));
    if demotes_admin && before.is_active && active_admins(&txn).await? <= 1 {
        return Err(ApiError::conflict(
            "this is the last active admin; make another admin first",
        ));
    }
    let mut active: user::ActiveModel = before.clone().into();
    if let Some(e) = email {
        active.email = Set(e);
    }
    if let Some(u) = patch.username {
        active.username = Set(u);
    }
    if let Some(n) = patch.name {
        active.name = Set(n.map(|n| n.trim().to_owned()));
    }
    if let Some(r) = patch.role {
        active.role = Set(r.as_str().to_owned());
    }
    if let Some(a) = patch.is_active {
        active.is_active = Set(a);
    }
    if let Some(h) = new_hash {
        active.password_hash = Set(h);
    }
    active.updated_at = Set(Utc::now());
    let after = active.update(&txn).await?;
    if patch.is_active == Some(false) || patch.password.is_some() {
        let reason = if patch.is_active == Some(false) {
            "account deactivated"
        } else {
            "password set by an admin"
        };
        sessions::revoke_all(&txn, after.id, reason, None).await?;
    }
    let (before, after) = (UserOut::from(before), UserOut::from(after));
    caller
        .audit(
            &txn,
            Change::new("update", "user", after.id)
                .before(&before)
                .after(&after),
        )
        .await?;
    txn.commit().await?;
    state.principals.clear();
    Ok(after)
}

/// Deactivates a user (accounts are never deleted, so the audit trail keeps its names).
#[utoipa::path(tag = "users", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The deactivated user", body = UserOut),
        (status = 404, description = "No such user"),
        (status = 409, description = "This is the last active admin")
    ))]
#[delete("/users/{id}")]
async fn deactivate_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<UserOut>> {
    let patch = UserPatch {
        is_active: Some(false),
        ..Default::default()
    };
    apply_patch(&state, &caller, *id, patch)
        .await
        .map(web::Json)
}

async fn find<C: ConnectionTrait>(conn: &C, id: i32) -> ApiResult<user::Model> {
    find_or_404::<user::Entity, _, _>(conn, "user", id).await
}

async fn active_admins<C: ConnectionTrait>(conn: &C) -> ApiResult<u64> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::IsActive.eq(true))
        .count(conn)
        .await?)
}

/// 409 naming the field when the e-mail or username belongs to another user.
async fn ensure_unique<C: ConnectionTrait>(
    conn: &C,
    email: &str,
    username: Option<&str>,
    except: Option<i32>,
) -> ApiResult<()> {
    let taken = |column: user::Column, value: &str| {
        let mut q = user::Entity::find().filter(column.eq(value.to_owned()));
        if let Some(id) = except {
            q = q.filter(user::Column::Id.ne(id));
        }
        q
    };
    if !email.is_empty() && taken(user::Column::Email, email).count(conn).await? > 0 {
        return Err(ApiError::conflict(format!(
            "the e-mail {email} is already in use"
        )));
    }
    if let Some(u) = username
        && taken(user::Column::Username, u).count(conn).await? > 0
    {
        return Err(ApiError::conflict(format!(
            "the username {u} is already in use"
        )));
    }
    Ok(())
}
