//! Workforce: the roster, events, schedules, time off, rotations, attendance, paperwork and the
//! auto-scheduler, staffed from an external event source.

pub mod api;
pub mod demo;
pub mod dto;
pub mod events;
pub mod jobs;
pub mod loadgen;
pub mod permissions;
pub mod service;
pub mod settings;
pub mod state;

use crate::platform::module::{ApiTag, ModuleSpec};

/// Workforce's name (its data version, its logs).
pub const NAME: &str = "workforce";

/// What workforce brings to the platform.
pub static SPEC: ModuleSpec = ModuleSpec {
    name: NAME,
    routes: api::configure,
    tags: &[
        ApiTag {
            name: "employees",
            description: "The roster and each employee's availability",
        },
        ApiTag {
            name: "time-off",
            description: "Time-off requests and decisions",
        },
        ApiTag {
            name: "events",
            description: "Events to staff, their import and scheduling overrides",
        },
        ApiTag {
            name: "schedules",
            description: "Schedules, checked against the hard rules",
        },
        ApiTag {
            name: "attendance",
            description: "Attendance per schedule, rates per period",
        },
        ApiTag {
            name: "rotations",
            description: "Daily rotations and their generation",
        },
        ApiTag {
            name: "exports",
            description: "CSV/XLSX/iCalendar exports and calendar feeds",
        },
        ApiTag {
            name: "paperwork",
            description: "Paperwork templates and the daily PDF",
        },
        ApiTag {
            name: "schedule-exceptions",
            description: "Exceptions and audit notification settings",
        },
        ApiTag {
            name: "scheduler",
            description: "Auto-scheduler runs and the review of their proposals",
        },
        ApiTag {
            name: "sync",
            description: "Event sync from the external planning system",
        },
    ],
    permissions: permissions::TABLE,
    settings: settings::KNOWN,
    event_types: events::CATALOG,
    audit_resources: &[
        "attendance",
        "audit_notification_setting",
        "availability_override",
        "calendar_feed",
        "date_availability",
        "employee",
        "event",
        "paperwork_template",
        "pending_schedule",
        "rotation",
        "schedule",
        "schedule_exception",
        "scheduler_run",
        "scheduling_override",
        "time_off",
        "weekly_availability",
    ],
    problems: api::problems::PROBLEMS,
    jobs: jobs::JOBS,
    state: Some(state::WorkforceState::make),
    user_link: Some(|db, user_id| Box::pin(service::employee_of_user(db, user_id))),
    demo: Some(|db, keys| Box::pin(async move { demo::seed(db, keys).await.map(|_| ()) })),
};
