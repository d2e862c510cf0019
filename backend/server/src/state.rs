//! What every handler can reach: the database, the configuration, the keys, the limiters.

use crate::auth::Principal;
use crate::cache::{TtlCell, TtlMap};
use crate::config::Config;
use crate::crypto::Keys;
use crate::rate_limit::LoginLimiter;
use kairos_store::workforce::RuleConfig;
use sea_orm::{DatabaseConnection, DbErr};
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
    /// The workforce rules in force (settings), cleared when a setting changes.
    pub rules: Arc<TtlCell<RuleConfig>>,
    /// Callers by session id or API-key hash, cleared when an account, session or key changes.
    pub principals: Arc<TtlMap<String, Principal>>,
}

impl AppState {
    /// The workforce rules in force.
    pub async fn rules(&self) -> Result<Arc<RuleConfig>, DbErr> {
        if let Some(r) = self.rules.get() {
            return Ok(r);
        }
        let r = Arc::new(crate::workforce::rule_config(&self.db, &self.keys).await?);
        self.rules.put(r.clone());
        Ok(r)
    }
}
