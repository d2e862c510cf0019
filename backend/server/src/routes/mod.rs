//! One routes file per resource; `configure` mounts them all under `/api/v1`.

pub mod api_keys;
pub mod attendance;
pub mod audit_logs;
pub mod auth;
pub mod docs;
pub mod employees;
pub mod events;
pub mod exceptions;
pub mod exports;
pub mod health;
pub mod jobs;
pub mod paperwork;
pub mod rotations;
pub mod scheduler;
pub mod schedules;
pub mod settings;
pub mod time_off;
pub mod users;
pub mod webhooks;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every API route (paths relative to `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    health::configure(cfg);
    docs::configure(cfg);
    auth::configure(cfg);
    employees::configure(cfg);
    events::configure(cfg);
    schedules::configure(cfg);
    time_off::configure(cfg);
    rotations::configure(cfg);
    attendance::configure(cfg);
    exports::configure(cfg);
    paperwork::configure(cfg);
    exceptions::configure(cfg);
    scheduler::configure(cfg);
    users::configure(cfg);
    api_keys::configure(cfg);
    audit_logs::configure(cfg);
    settings::configure(cfg);
    jobs::configure(cfg);
    webhooks::configure(cfg);
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
