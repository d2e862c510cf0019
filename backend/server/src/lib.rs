//! The Kairos HTTP server: configuration, auth, routes, OpenAPI, and the application itself.

pub mod app;
pub mod audit;
pub mod auth;
pub mod body;
pub mod bootstrap;
pub mod cache;
pub mod config;
pub mod crypto;
pub mod demo;
pub mod error;
pub mod integrations;
pub mod loadgen;
pub mod openapi;
pub mod pagination;
pub mod permissions;
pub mod query;
pub mod rate_limit;
pub mod routes;
pub mod settings;
pub mod spa;
pub mod state;
pub mod telemetry;
pub mod validation;
pub mod wire;
pub mod workforce;

pub use app::Application;
pub use config::Config;
