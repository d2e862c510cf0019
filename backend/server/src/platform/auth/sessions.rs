//! Login sessions and their rotating refresh tokens, with reuse detection.

use super::ClientInfo;
use super::tokens::issue_access;
use crate::platform::crypto::{random_token, token_hash};
use crate::platform::state::AppState;
use chrono::{Duration, Utc};
use kairos_store::entities::{auth_session, refresh_token};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

/// A fresh pair of tokens.
#[derive(Debug)]
pub struct IssuedTokens {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub session_id: String,
}

/// Starts a session for `user_id` and issues its first tokens.
pub async fn start<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    user_id: i32,
    client: &ClientInfo,
) -> Result<IssuedTokens, DbErr> {
    let now = Utc::now();
    let session_id = uuid::Uuid::new_v4().to_string();
    auth_session::ActiveModel {
        id: Set(session_id.clone()),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + Duration::seconds(state.config.refresh_token_ttl_seconds)),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        ip_address: Set(client.ip.clone()),
        user_agent: Set(client.user_agent.clone()),
    }
    .insert(conn)
    .await?;
    issue(conn, state, user_id, &session_id).await
}

async fn issue<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    user_id: i32,
    session_id: &str,
) -> Result<IssuedTokens, DbErr> {
    let now = Utc::now();
    let refresh = format!("rt_{}", random_token(32));
    refresh_token::ActiveModel {
        session_id: Set(session_id.to_owned()),
        token_hash: Set(token_hash(&refresh)),
        created_at: Set(now),
        expires_at: Set(now + Duration::seconds(state.config.refresh_token_ttl_seconds)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let ttl = state.config.access_token_ttl_seconds;
    Ok(IssuedTokens {
        access_token: issue_access(&state.keys, user_id, session_id, ttl),
        refresh_token: refresh,
        expires_in: ttl,
        session_id: session_id.to_owned(),
    })
}

/// What presenting a refresh token led to.
#[derive(Debug)]
pub enum Refresh {
    /// The token was current: it is now used, and these replace it.
    Rotated { user_id: i32, tokens: IssuedTokens },
    /// The token had already been used: the whole session is now revoked.
    Reused { user_id: i32, session_id: String },
    /// The token or its session has expired or was revoked.
    Ended,
    /// No such token.
    Unknown,
}

/// Rotates `presented`. Run inside a transaction; commit it whatever the outcome, so that a
/// detected reuse stays revoked.
pub async fn rotate<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    presented: &str,
) -> Result<Refresh, DbErr> {
    let now = Utc::now();
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash(presented)))
        .one(conn)
        .await?
    else {
        return Ok(Refresh::Unknown);
    };
    let Some(session) = auth_session::Entity::find_by_id(token.session_id.clone())
        .one(conn)
        .await?
    else {
        return Ok(Refresh::Unknown);
    };
    if session.revoked_at.is_some() || session.expires_at <= now || token.expires_at <= now {
        return Ok(Refresh::Ended);
    }
    if token.used_at.is_some() {
        revoke(conn, &session.id, "refresh token reused").await?;
        return Ok(Refresh::Reused {
            user_id: session.user_id,
            session_id: session.id,
        });
    }
    // Claim the token atomically: of two concurrent presentations, one wins and the other is reuse.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    if claimed.rows_affected != 1 {
        revoke(conn, &session.id, "refresh token reused").await?;
        return Ok(Refresh::Reused {
            user_id: session.user_id,
            session_id: session.id,
        });
    }
    let tokens = issue(conn, state, session.user_id, &session.id).await?;
    Ok(Refresh::Rotated {
        user_id: session.user_id,
        tokens,
    })
}

/// Ends one session: its access and refresh tokens stop working at once.
pub async fn revoke<C: ConnectionTrait>(
    conn: &C,
    session_id: &str,
    reason: &str,
) -> Result<(), DbErr> {
    auth_session::Entity::update_many()
        .col_expr(auth_session::Column::RevokedAt, Expr::value(Utc::now()))
        .col_expr(auth_session::Column::RevokedReason, Expr::value(reason))
        .filter(auth_session::Column::Id.eq(session_id))
        .filter(auth_session::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user but `except` (deactivation, password change).
pub async fn revoke_all<C: ConnectionTrait>(
    conn: &C,
    user_id: i32,
    reason: &str,
    except: Option<&str>,
) -> Result<u64, DbErr> {
    let mut update = auth_session::Entity::update_many()
        .col_expr(auth_session::Column::RevokedAt, Expr::value(Utc::now()))
        .col_expr(auth_session::Column::RevokedReason, Expr::value(reason))
        .filter(auth_session::Column::UserId.eq(user_id))
        .filter(auth_session::Column::RevokedAt.is_null());
    if let Some(keep) = except {
        update = update.filter(auth_session::Column::Id.ne(keep));
    }
    Ok(update.exec(conn).await?.rows_affected)
}

/// The session a refresh token belongs to, if the token is known.
pub async fn session_of<C: ConnectionTrait>(
    conn: &C,
    presented: &str,
) -> Result<Option<String>, DbErr> {
    Ok(refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash(presented)))
        .one(conn)
        .await?
        .map(|t| t.session_id))
}
