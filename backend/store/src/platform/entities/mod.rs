//! The platform's tables: accounts, sessions, keys, audit, settings, jobs, the outbox and
//! notifications.

pub mod api_key;
pub mod audit_log;
pub mod auth_session;
pub mod job;
pub mod job_run;
pub mod notification;
pub mod notification_setting;
pub mod outbox;
pub mod outbox_attempt;
pub mod refresh_token;
pub mod system_setting;
pub mod user;
pub mod webhook_endpoint;
