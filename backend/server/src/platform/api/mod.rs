//! The platform's routes, one file per resource: health, docs, accounts, keys, audit, settings,
//! jobs, webhooks and notifications.

pub mod api_keys;
pub mod audit_logs;
pub mod auth;
pub mod deliveries;
pub mod docs;
pub mod health;
pub mod jobs;
pub mod notifications;
pub mod settings;
pub mod users;
pub mod webhooks;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the platform's routes (paths relative to `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    health::configure(cfg);
    docs::configure(cfg);
    auth::configure(cfg);
    users::configure(cfg);
    api_keys::configure(cfg);
    audit_logs::configure(cfg);
    settings::configure(cfg);
    jobs::configure(cfg);
    webhooks::configure(cfg);
    deliveries::configure(cfg);
    notifications::configure(cfg);
}

/// Deserialises a PATCH field that may be absent (`None`) or set, but not null: a field that
/// cannot be cleared answers 400 for `null` instead of quietly keeping its value.
pub fn not_null<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(de).map(Some)
}

/// Deserialises a field that may be absent (`None`), null (`Some(None)`) or set (`Some(Some(v))`),
/// so that PATCH bodies can clear nullable fields.
pub fn double_option<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(de).map(Some)
}
