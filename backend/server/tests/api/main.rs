//! The one integration-test binary: each test starts the real app on a free port, once against a
//! fresh SQLite file and once against a fresh PostgreSQL database that it creates and drops.

mod helpers;

mod api_keys;
mod audit;
mod auth;
mod documents;
mod errors;
mod health;
mod integrations;
mod jobs;
mod mail;
mod migrations;
mod openapi;
mod permissions;
mod scheduler;
mod settings;
mod users;
mod workforce;
