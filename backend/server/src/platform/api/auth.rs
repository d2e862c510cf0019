//! Login, token refresh with rotation, logout, the caller's own account, password change.

use crate::platform::api::users::UserOut;
use crate::platform::audit::{self, Change};
use crate::platform::auth::passwords::{self, password_problem};
use crate::platform::auth::sessions::{self, IssuedTokens, Refresh};
use crate::platform::auth::{Caller, ClientInfo, Principal, caller::Subject};
use crate::platform::http::body::Body;
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::permissions::{Permission, Role};
use crate::platform::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use kairos_store::entities::user;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(change_password);
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "admin@example.com", "password": "kairos-admin"}))]
pub struct LoginIn {
    pub email: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "rt_3q2-7wEj…"}))]
pub struct RefreshIn {
    pub refresh_token: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "old-password", "new_password": "a-much-better-one"}))]
pub struct PasswordChangeIn {
    pub current_password: String,
    /// 8 to 256 characters.
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

/// Tokens for a session.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "access_token": "eyJhbGciOiJIUzI1NiJ9…",
    "refresh_token": "rt_3q2-7wEj…",
    "token_type": "Bearer",
    "expires_in": 900,
    "user": {"id": 1, "email": "admin@example.com", "username": null, "name": "Admin",
             "role": "admin", "is_active": true,
             "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z"}
}))]
pub struct TokenOut {
    pub access_token: String,
    /// Present it once to `/auth/refresh`; it is then replaced. Presenting it again ends the session.
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: UserOut,
}

impl TokenOut {
    fn new(tokens: IssuedTokens, user: user::Model) -> Self {
        TokenOut {
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            token_type: "Bearer",
            expires_in: tokens.expires_in,
            user: user.into(),
        }
    }
}

/// The API key a request was made with.
#[derive(Serialize, ToSchema)]
pub struct ApiKeyRef {
    pub id: i32,
    pub name: String,
}

/// Who is calling.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"role": "admin", "user": {"id": 1, "email": "admin@example.com", "username": null,
    "name": "Admin", "role": "admin", "is_active": true, "created_at": "2026-11-23T10:00:00Z",
    "updated_at": "2026-11-23T10:00:00Z"}, "api_key": null, "employee_id": "E0001",
    "timezone": "America/Indiana/Indianapolis"}))]
pub struct MeOut {
    pub role: Role,
    /// The user, when a user is calling.
    pub user: Option<UserOut>,
    /// The employee record linked to this user (`employees.user_id`), if any: a member's own
    /// schedule, availability and time off are that employee's.
    pub employee_id: Option<String>,
    /// The key, when an API key is calling.
    pub api_key: Option<ApiKeyRef>,
    /// The business time zone (IANA name) in which dates and day-based rules are meant.
    pub timezone: String,
}

fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Logs in with e-mail and password.
///
/// Rate limited on failed attempts, per client IP and per account: past the limit the answer is
/// 429 with `Retry-After`. Successful logins do not count.
#[utoipa::path(tag = "auth", request_body = LoginIn, responses(
    (status = 200, description = "Logged in", body = TokenOut),
    (status = 401, description = "Wrong e-mail or password, or the account is deactivated"),
    (status = 429, description = "Too many attempts from this address or for this account")
))]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    client: ClientInfo,
    body: Body<LoginIn>,
) -> ApiResult<web::Json<TokenOut>> {
    let LoginIn { email, password } = body.into_inner();
    let email = normalise_email(&email);
    let ip = client.ip.clone().unwrap_or_default();
    state
        .login_limiter
        .check(&ip, &email, Instant::now())
        .map_err(ApiError::rate_limited)?;
    if password.len() > passwords::MAX_PASSWORD_LEN * 4 {
        return Err(ApiError::unauthorized("wrong e-mail or password"));
    }
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(&state.db)
        .await?;
    let ok = passwords::verify(
        &state,
        password,
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let user = match found {
        Some(u) if ok && u.is_active => u,
        Some(u) if ok => {
            tracing::info!(user_id = u.id, "login refused: account deactivated");
            return Err(ApiError::unauthorized("this account is deactivated"));
        }
        _ => {
            state
                .login_limiter
                .record_failure(&ip, &email, Instant::now());
            return Err(ApiError::unauthorized("wrong e-mail or password"));
        }
    };
    state.login_limiter.record_success(&email);
    let txn = kairos_store::begin_write(&state.db).await?;
    let tokens = sessions::start(&txn, &state, user.id, &client).await?;
    audit::record(
        &txn,
        Some(user.id.to_string()),
        &client,
        Change::new("login", "session", &tokens.session_id),
    )
    .await?;
    txn.commit().await?;
    state.principals.clear();
    Ok(web::Json(TokenOut::new(tokens, user)))
}

/// Exchanges a refresh token for new tokens.
///
/// Refresh tokens rotate: each works once. Presenting one that was already used revokes the whole
/// session (all its tokens), since it means the token was copied.
#[utoipa::path(tag = "auth", request_body = RefreshIn, responses(
    (status = 200, description = "New tokens; the presented refresh token is now used", body = TokenOut),
    (status = 401, description = "Unknown, expired, revoked or reused refresh token")
))]
#[post("/auth/refresh")]
async fn refresh(
    state: web::Data<AppState>,
    client: ClientInfo,
    body: Body<RefreshIn>,
) -> ApiResult<web::Json<TokenOut>> {
    let txn = kairos_store::begin_write(&state.db).await?;
    let outcome = sessions::rotate(&txn, &state, body.refresh_token.trim()).await?;
    let result = match outcome {
        Refresh::Rotated { user_id, tokens } => {
            let user = user::Entity::find_by_id(user_id).one(&txn).await?;
            match user {
                Some(u) if u.is_active => {
                    audit::record(
                        &txn,
                        Some(u.id.to_string()),
                        &client,
                        Change::new("refresh", "session", &tokens.session_id),
                    )
                    .await?;
                    Ok(TokenOut::new(tokens, u))
                }
                _ => Err(ApiError::unauthorized("the account is deactivated or gone")),
            }
        }
        Refresh::Reused {
            user_id,
            session_id,
        } => {
            tracing::warn!(
                user_id,
                session_id,
                "refresh token reuse detected; session revoked"
            );
            audit::record(
                &txn,
                Some(user_id.to_string()),
                &client,
                Change::new("revoke", "session", &session_id)
                    .after(serde_json::json!({"reason": "refresh token reused"})),
            )
            .await?;
            Err(ApiError::unauthorized(
                "this refresh token was already used; the session has been ended, log in again",
            ))
        }
        Refresh::Ended => Err(ApiError::unauthorized(
            "the session has ended; log in again",
        )),
        Refresh::Unknown => Err(ApiError::unauthorized("the refresh token is not valid")),
    };
    // Commit in every case: a detected reuse must stay revoked.
    txn.commit().await?;
    state.principals.clear();
    result.map(web::Json)
}

/// Ends the caller's session: its access and refresh tokens stop working at once.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 204, description = "Logged out"),
    (status = 400, description = "An API key has no session; revoke the key instead")
))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let Some(session_id) = caller.session_id.clone() else {
        return Err(ApiError::bad_request(
            "an API key has no session to end; revoke the key with DELETE /api/v1/api-keys/{id}",
        ));
    };
    let txn = kairos_store::begin_write(&state.db).await?;
    sessions::revoke(&txn, &session_id, "logout").await?;
    caller
        .audit(&txn, Change::new("logout", "session", &session_id))
        .await?;
    txn.commit().await?;
    state.principals.clear();
    Ok(HttpResponse::NoContent().finish())
}

/// The caller: a user's account, or the API key in use.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "The caller", body = MeOut)
))]
#[get("/auth/me")]
async fn me(state: web::Data<AppState>, principal: Principal) -> ApiResult<web::Json<MeOut>> {
    principal.require(Permission::READ_OWN_ACCOUNT)?;
    let timezone = crate::platform::settings::business_time_zone(&state.db, &state.keys)
        .await?
        .name()
        .to_owned();
    let out = match &principal.subject {
        Subject::User { id, .. } => {
            let user = user::Entity::find_by_id(*id)
                .one(&state.db)
                .await?
                .ok_or_else(|| ApiError::unauthorized("the account is gone"))?;
            let employee_id =
                crate::platform::auth::people::linked_record(&state.db, user.id).await?;
            MeOut {
                role: principal.role,
                user: Some(user.into()),
                api_key: None,
                employee_id,
                timezone,
            }
        }
        Subject::ApiKey { id, name } => MeOut {
            role: principal.role,
            user: None,
            employee_id: None,
            timezone,
            api_key: Some(ApiKeyRef {
                id: *id,
                name: name.clone(),
            }),
        },
    };
    Ok(web::Json(out))
}

/// Changes the caller's own password; every other session of the account ends.
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = PasswordChangeIn, responses(
    (status = 204, description = "Password changed"),
    (status = 400, description = "An API key has no password"),
    (status = 422, description = "The current password is wrong or the new one too short or long")
))]
#[post("/auth/password")]
async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<PasswordChangeIn>,
) -> ApiResult<HttpResponse> {
    let Some(user_id) = caller.user_id() else {
        return Err(ApiError::bad_request("an API key has no password"));
    };
    let PasswordChangeIn {
        current_password,
        new_password,
    } = body.into_inner();
    if let Some(problem) = password_problem(&new_password) {
        return Err(ApiError::invalid("new_password", problem));
    }
    let user = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::unauthorized("the account is gone"))?;
    if !passwords::verify(&state, current_password, Some(user.password_hash.clone())).await? {
        return Err(ApiError::invalid(
            "current_password",
            "is not the current password",
        ));
    }
    let hash = passwords::hash(&state, new_password).await?;
    let txn = kairos_store::begin_write(&state.db).await?;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(chrono::Utc::now());
    active.update(&txn).await?;
    let ended = sessions::revoke_all(
        &txn,
        user_id,
        "password changed",
        caller.session_id.as_deref(),
    )
    .await?;
    caller
        .audit(
            &txn,
            Change::new("change_password", "user", user_id)
                .after(serde_json::json!({"other_sessions_ended": ended})),
        )
        .await?;
    txn.commit().await?;
    state.principals.clear();
    Ok(HttpResponse::NoContent().finish())
}
