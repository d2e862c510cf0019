//! Workforce's routes, one file per resource.

pub mod attendance;
pub mod audit_notification_settings;
pub mod employees;
pub mod events;
pub mod exceptions;
pub mod exports;
pub mod findings;
pub mod paperwork;
pub mod problems;
pub mod rotations;
pub mod scheduler;
pub mod schedules;
pub mod sync;
pub mod time_off;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers workforce's routes (paths relative to `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    employees::configure(cfg);
    events::configure(cfg);
    schedules::configure(cfg);
    time_off::configure(cfg);
    rotations::configure(cfg);
    attendance::configure(cfg);
    exports::configure(cfg);
    paperwork::configure(cfg);
    exceptions::configure(cfg);
    audit_notification_settings::configure(cfg);
    scheduler::configure(cfg);
    sync::configure(cfg);
    findings::configure(cfg);
}
