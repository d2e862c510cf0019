//! What every handler can reach: the database, the configuration, the keys, the limiters.

use crate::config::Config;
use crate::crypto::Keys;
use crate::rate_limit::LoginLimiter;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Shared application state, cloned cheaply into each worker.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub keys: Keys,
    pub login_limiter: Arc<LoginLimiter>,
    /// Bounds concurrent argon2 work (about 19 MiB each) on the blocking pool.
    pub hashing: Arc<Semaphore>,
}
