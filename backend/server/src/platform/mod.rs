//! What every module stands on: HTTP plumbing, accounts and auth, roles and permissions, the
//! audit hook, settings, the job runner, events and their deliveries. It names no module.

pub mod api;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod cache;
pub mod config;
pub mod crypto;
pub mod events;
pub mod http;
pub mod http_client;
pub mod installed;
pub mod jobs;
pub mod module;
pub mod module_state;
pub mod permissions;
pub mod settings;
pub mod spec;
pub mod state;
pub mod telemetry;
