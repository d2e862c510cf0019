//! One sea-orm entity per table; behaviour lives in the server's use cases, not here.

pub mod api_key;
pub mod attendance;
pub mod audit_log;
pub mod auth_session;
pub mod availability_override;
pub mod calendar_feed_token;
pub mod date_availability;
pub mod employee;
pub mod event;
pub mod event_override;
pub mod notification_setting;
pub mod paperwork_template;
pub mod pending_schedule;
pub mod refresh_token;
pub mod rotation_assignment;
pub mod schedule;
pub mod schedule_exception;
pub mod scheduler_run;
pub mod system_setting;
pub mod time_off;
pub mod user;
pub mod user_session;
pub mod weekly_availability;
