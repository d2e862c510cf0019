//! The Kairos HTTP server: a platform (accounts, auth, audit, settings, jobs, events, the HTTP
//! plumbing) and the modules that plug into it.

pub mod app;
pub mod platform;

pub use app::modules;

pub use app::Application;
pub use platform::config::Config;
