//! What every handler can reach: the database, the configuration, the keys, the limiters, and
//! each module's own state.

use crate::platform::auth::principal::Principal;
use crate::platform::cache::TtlMap;
use crate::platform::config::Config;
use crate::platform::crypto::Keys;
use crate::platform::http::rate_limit::LoginLimiter;
use crate::platform::module_state::{ModuleState, ModuleStates};
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
    /// Callers by session id or API-key hash, cleared when an account, session or key changes.
    pub principals: Arc<TtlMap<String, Principal>>,
    /// Each module's state, made at start-up from its spec's `state`.
    pub modules: ModuleStates,
}

impl AppState {
    /// The state of the module whose state type is `T`. Every module's state is made at start-up,
    /// so a missing one is a programming error.
    pub fn module<T: ModuleState>(&self) -> &T {
        self.modules
            .get::<T>()
            .expect("every module's state is made at start-up")
    }

    /// Tells every module that a setting changed.
    pub fn settings_changed(&self) {
        self.modules.each(|s| s.settings_changed());
    }
}
