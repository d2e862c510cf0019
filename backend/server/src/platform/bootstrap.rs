//! Accounts made at start-up: the first admin from the environment, and the demo accounts.

use crate::platform::auth::passwords::{hash_blocking, password_problem};
use crate::platform::http::validation;
use crate::platform::permissions::Role;
use chrono::Utc;
use kairos_store::entities::user;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter,
};

/// The demo accounts `serve --demo` creates: (e-mail, name, role). All share [`DEMO_PASSWORD`].
pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin@example.com", "Ada Admin", Role::Admin),
    ("manager@example.com", "Maria Manager", Role::Manager),
    ("member@example.com", "Marcus Chen", Role::Member),
    ("viewer@example.com", "Vic Viewer", Role::Viewer),
];
pub const DEMO_PASSWORD: &str = "kairos-demo";

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("password hashing failed: {0}")]
    Hash(String),
}

/// Creates or updates `email` as an active admin with `password`. Returns whether it was created.
pub async fn upsert_admin<C: ConnectionTrait>(
    conn: &C,
    email: &str,
    password: &str,
    name: Option<&str>,
) -> Result<bool, BootstrapError> {
    upsert_user(conn, email, password, name, Role::Admin).await
}

async fn upsert_user<C: ConnectionTrait>(
    conn: &C,
    email: &str,
    password: &str,
    name: Option<&str>,
    role: Role,
) -> Result<bool, BootstrapError> {
    let email = email.trim().to_lowercase();
    if let Some(message) = validation::email(&email) {
        return Err(BootstrapError::Invalid {
            field: "email",
            message,
        });
    }
    if let Some(message) = password_problem(password) {
        return Err(BootstrapError::Invalid {
            field: "password",
            message,
        });
    }
    let pw = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_blocking(&pw))
        .await
        .map_err(|e| BootstrapError::Hash(e.to_string()))?
        .map_err(BootstrapError::Hash)?;
    let now = Utc::now();
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(conn)
        .await?;
    match existing {
        Some(u) => {
            let mut active: user::ActiveModel = u.into();
            active.role = Set(role.as_str().to_owned());
            active.is_active = Set(true);
            active.password_hash = Set(hash);
            active.updated_at = Set(now);
            active.update(conn).await?;
            Ok(false)
        }
        None => {
            user::ActiveModel {
                email: Set(email),
                username: Set(None),
                name: Set(name.map(str::to_owned)),
                role: Set(role.as_str().to_owned()),
                is_active: Set(true),
                password_hash: Set(hash),
                profile_photo_url: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await?;
            Ok(true)
        }
    }
}

/// Creates the first admin from the configuration when there is no user at all.
pub async fn first_admin<C: ConnectionTrait>(
    conn: &C,
    email: Option<&str>,
    password: Option<&str>,
) -> Result<(), BootstrapError> {
    if user::Entity::find().count(conn).await? > 0 {
        return Ok(());
    }
    match (email, password) {
        (Some(e), Some(p)) => {
            upsert_admin(conn, e, p, Some("Administrator")).await?;
            tracing::info!(email = e, "created the first admin from KAIROS_ADMIN_EMAIL");
        }
        _ => tracing::warn!(
            "no user exists: set KAIROS_ADMIN_EMAIL and KAIROS_ADMIN_PASSWORD, or run `kairos create-admin`"
        ),
    }
    Ok(())
}

/// Creates each demo account that does not exist yet (existing ones are left as they are).
pub async fn demo_users<C: ConnectionTrait>(conn: &C) -> Result<(), BootstrapError> {
    for (email, name, role) in DEMO_USERS {
        let exists = user::Entity::find()
            .filter(user::Column::Email.eq(*email))
            .count(conn)
            .await?
            > 0;
        if !exists {
            upsert_user(conn, email, DEMO_PASSWORD, Some(name), *role).await?;
        }
    }
    Ok(())
}
