//! What every handler can reach: the database, the configuration, the keys, the limiters.

use crate::auth::Principal;
use crate::cache::{TtlCell, TtlMap, VersionedMap};
use crate::config::Config;
use crate::crypto::Keys;
use crate::rate_limit::LoginLimiter;
use kairos_domain::instance::RotationAssignment;
use kairos_store::workforce::{EmployeeWeek, RuleConfig};
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
    /// The rules in force as read at a workforce data version (the hot paths' copy).
    pub versioned_rules: Arc<VersionedMap<(), Arc<RuleConfig>>>,
    /// Pages of the event list (the JSON answered) by their query, at a data version.
    pub event_pages: Arc<VersionedMap<String, actix_web::web::Bytes>>,
    /// What checking one employee's schedule reads, by employee and local day, at a data version.
    pub employee_weeks: Arc<VersionedMap<(String, chrono::NaiveDate), Arc<EmployeeWeek>>>,
    /// The rotations of a week (by its Monday), at a data version.
    pub week_rotations: Arc<VersionedMap<chrono::NaiveDate, Arc<Vec<RotationAssignment>>>>,
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

    /// The workforce rules as of data version `version` (see `cache`): read again only when
    /// the version moves, so a setting changed by any process shows at once.
    pub async fn rules_at(&self, version: i64) -> Result<Arc<RuleConfig>, DbErr> {
        self.versioned_rules
            .get_or_load(version, (), async {
                Ok(Arc::new(
                    crate::workforce::rule_config(&self.db, &self.keys).await?,
                ))
            })
            .await
    }
}
