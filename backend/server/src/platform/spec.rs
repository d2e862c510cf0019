//! The platform's own part of the registry: its routes, tags, permissions, settings and jobs,
//! listed as a module's would be.

use crate::platform::events::deliveries::Deliveries;
use crate::platform::http::route_problem::{RouteProblem, problem};
use crate::platform::module::{ApiTag, ModuleSpec};
use crate::platform::{api, permissions, settings};

pub static SPEC: ModuleSpec = ModuleSpec {
    name: "platform",
    routes: api::configure,
    tags: &[
        ApiTag {
            name: "health",
            description: "Liveness and readiness",
        },
        ApiTag {
            name: "auth",
            description: "Login, token refresh, logout, the caller's account",
        },
        ApiTag {
            name: "users",
            description: "User administration (admins)",
        },
        ApiTag {
            name: "api-keys",
            description: "API keys for integrations (admins)",
        },
        ApiTag {
            name: "audit",
            description: "The audit trail (managers and admins)",
        },
        ApiTag {
            name: "settings",
            description: "Typed system settings (admins)",
        },
        ApiTag {
            name: "jobs",
            description: "Periodic background jobs, their runs, and the daily audit's findings",
        },
        ApiTag {
            name: "webhooks",
            description: "Signed webhooks for integrators and the log of every outbound message",
        },
        ApiTag {
            name: "notifications",
            description: "The caller's in-app notifications",
        },
    ],
    permissions: permissions::TABLE,
    settings: settings::KNOWN,
    event_types: &[],
    audit_resources: &["api_key", "job", "session", "setting", "user", "webhook"],
    problems: &PROBLEMS,
    jobs: &[&Deliveries],
    state: None,
    user_link: None,
    demo: None,
};

const SMTP_TEST: &str = "/api/v1/settings/smtp/test";

/// The platform's errors documented in their own words.
const PROBLEMS: [RouteProblem; 3] = [
    problem("post", SMTP_TEST, 409, "smtp_host is not set"),
    problem(
        "post",
        SMTP_TEST,
        422,
        "to: not an e-mail address: \"ops at store\"",
    ),
    problem(
        "post",
        SMTP_TEST,
        502,
        "smtp.office365.com:587 (starttls): permanent error (535): 5.7.3 Authentication unsuccessful",
    ),
];
