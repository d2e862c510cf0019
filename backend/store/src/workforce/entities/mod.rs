//! Workforce's tables: the roster, events, schedules, availability, time off, rotations,
//! attendance, paperwork, scheduler runs and their proposals.

pub mod attendance;
pub mod audit_finding;
pub mod availability_override;
pub mod calendar_feed_token;
pub mod date_availability;
pub mod employee;
pub mod event;
pub mod event_override;
pub mod paperwork_template;
pub mod pending_schedule;
pub mod rotation_assignment;
pub mod schedule;
pub mod schedule_exception;
pub mod scheduler_run;
pub mod time_off;
pub mod user_session;
pub mod weekly_availability;
