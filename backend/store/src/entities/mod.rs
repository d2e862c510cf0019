//! One sea-orm entity per table; behaviour lives in the server's use cases, not here.

pub mod api_key;
pub mod audit_log;
pub mod auth_session;
pub mod refresh_token;
pub mod system_setting;
pub mod user;
