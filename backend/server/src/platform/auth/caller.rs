//! Who is calling: the `Principal` behind a bearer token or API key, and the client's address.

pub use super::principal::{Principal, Subject};
use crate::platform::crypto::{constant_time_eq, token_hash};
use crate::platform::http::error::{ApiError, ApiResult};
use crate::platform::permissions::Role;
use crate::platform::state::AppState;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use chrono::Utc;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use kairos_store::entities::{api_key, auth_session, user};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::tokens::{TokenRejection, verify_access};

/// Prefix of every API key: `kairos_<8-char id>_<secret>`.
pub const API_KEY_PREFIX: &str = "kairos_";

/// What authenticated the caller.
/// The client's address and user agent, recorded with audit rows.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl ClientInfo {
    pub fn of(req: &HttpRequest) -> ClientInfo {
        // The peer address, not X-Forwarded-For: a client could forge that to dodge rate limits.
        let ip = req.peer_addr().map(|a| a.ip().to_string());
        let user_agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(512).collect());
        ClientInfo { ip, user_agent }
    }
}

impl FromRequest for ClientInfo {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ClientInfo::of(req)))
    }
}

/// An authenticated principal together with its client information: what writes need.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    pub client: ClientInfo,
}

impl std::ops::Deref for Caller {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.principal
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let client = ClientInfo::of(req);
        let principal = Principal::from_request(req, payload);
        Box::pin(async move {
            Ok(Caller {
                principal: principal.await?,
                client,
            })
        })
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let header = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .map(|v| v.to_str().map(str::to_owned));
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("AppState is not registered"))?;
            let token = match header {
                None => {
                    return Err(ApiError::unauthorized(
                        "missing Authorization: Bearer token",
                    ));
                }
                Some(Err(_)) => {
                    return Err(ApiError::unauthorized("malformed Authorization header"));
                }
                Some(Ok(v)) => match v.split_once(' ') {
                    Some((scheme, t))
                        if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() =>
                    {
                        t.trim().to_owned()
                    }
                    _ => {
                        return Err(ApiError::unauthorized(
                            "the Authorization header must be `Bearer <token>`",
                        ));
                    }
                },
            };
            if token.starts_with(API_KEY_PREFIX) {
                authenticate_api_key(&state, &token).await
            } else {
                authenticate_access_token(&state, &token).await
            }
        })
    }
}

async fn authenticate_access_token(state: &AppState, token: &str) -> ApiResult<Principal> {
    let claims = verify_access(&state.keys, token).map_err(|r| match r {
        TokenRejection::Expired => {
            ApiError::unauthorized("the access token has expired; refresh it")
        }
        TokenRejection::Invalid => ApiError::unauthorized("the access token is not valid"),
    })?;
    let user_id: i32 = claims
        .sub
        .parse()
        .map_err(|_| ApiError::unauthorized("the access token is not valid"))?;
    let cache_key = format!("s:{}:{user_id}", claims.sid);
    if let Some(p) = state.principals.get(&cache_key) {
        return Ok(p);
    }
    let session = auth_session::Entity::find_by_id(claims.sid.clone())
        .one(&state.db)
        .await?;
    let session_live = session.as_ref().is_some_and(|s| {
        s.user_id == user_id && s.revoked_at.is_none() && s.expires_at > Utc::now()
    });
    if !session_live {
        return Err(ApiError::unauthorized(
            "the session has ended; log in again",
        ));
    }
    let user = user::Entity::find_by_id(user_id).one(&state.db).await?;
    let user = match user {
        Some(u) if u.is_active => u,
        _ => return Err(ApiError::unauthorized("the account is deactivated or gone")),
    };
    let role =
        Role::parse(&user.role).ok_or_else(|| ApiError::internal("user has an unknown role"))?;
    let principal = Principal {
        subject: Subject::User {
            id: user.id,
            email: user.email,
        },
        role,
        session_id: Some(claims.sid),
    };
    state.principals.put(cache_key, principal.clone());
    Ok(principal)
}

async fn authenticate_api_key(state: &AppState, token: &str) -> ApiResult<Principal> {
    let invalid = || ApiError::unauthorized("the API key is not valid");
    let hash = token_hash(token);
    let cache_key = format!("k:{hash}");
    if let Some(p) = state.principals.get(&cache_key) {
        return Ok(p);
    }
    let rest = &token[API_KEY_PREFIX.len()..];
    let (prefix, _) = rest.split_once('_').ok_or_else(invalid)?;
    let key = api_key::Entity::find()
        .filter(api_key::Column::Prefix.eq(prefix))
        .one(&state.db)
        .await?
        .ok_or_else(invalid)?;
    if !constant_time_eq(&key.key_hash, &hash) {
        return Err(invalid());
    }
    let now = Utc::now();
    if key.revoked_at.is_some() {
        return Err(ApiError::unauthorized("the API key has been revoked"));
    }
    if key.expires_at.is_some_and(|e| e <= now) {
        return Err(ApiError::unauthorized("the API key has expired"));
    }
    // Touch last_used_at at most once a minute, so that reads do not each become a write.
    if key
        .last_used_at
        .is_none_or(|t| now.signed_duration_since(t).num_seconds() >= 60)
    {
        let touch = api_key::ActiveModel {
            id: Set(key.id),
            last_used_at: Set(Some(now)),
            ..Default::default()
        };
        if let Err(e) = touch.update(&state.db).await {
            tracing::warn!(error = %e, "could not record API key use");
        }
    }
    let role =
        Role::parse(&key.role).ok_or_else(|| ApiError::internal("API key has an unknown role"))?;
    let principal = Principal {
        subject: Subject::ApiKey {
            id: key.id,
            name: key.name,
        },
        role,
        session_id: None,
    };
    state.principals.put(cache_key, principal.clone());
    Ok(principal)
}
