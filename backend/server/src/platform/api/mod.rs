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
