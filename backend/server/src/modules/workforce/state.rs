//! Workforce's state: the rules in force and the hot paths' caches.

use crate::platform::cache::{TtlCell, VersionedMap};
use crate::platform::module_state::ModuleState;
use crate::platform::state::AppState;
use kairos_domain::workforce::instance::RotationAssignment;
use kairos_store::workforce::{EmployeeWeek, RuleConfig};
use sea_orm::DbErr;
use std::sync::Arc;

pub struct WorkforceState {
    /// The workforce rules in force (settings), cleared when a setting changes.
    pub rules: TtlCell<RuleConfig>,
    /// The rules in force as read at a workforce data version (the hot paths' copy).
    pub versioned_rules: VersionedMap<(), Arc<RuleConfig>>,
    /// Pages of the event list (the JSON answered) by their query, at a data version.
    pub event_pages: VersionedMap<String, actix_web::web::Bytes>,
    /// What checking one employee's schedule reads, by employee and local day, at a data version.
    pub employee_weeks: VersionedMap<(String, chrono::NaiveDate), Arc<EmployeeWeek>>,
    /// The rotations of a week (by its Monday), at a data version.
    pub week_rotations: VersionedMap<chrono::NaiveDate, Arc<Vec<RotationAssignment>>>,
}

impl WorkforceState {
    pub fn make() -> Arc<dyn ModuleState> {
        Arc::new(WorkforceState {
            rules: TtlCell::default(),
            versioned_rules: VersionedMap::with_limit(1),
            // A page is up to about 60 KB of JSON; an employee's week a few KB.
            event_pages: VersionedMap::with_limit(512),
            employee_weeks: VersionedMap::with_limit(16_384),
            week_rotations: VersionedMap::with_limit(1_024),
        })
    }
}

impl ModuleState for WorkforceState {
    fn settings_changed(&self) {
        self.rules.clear();
    }
}

/// Workforce's reads through the application state.
// Only this crate implements and calls it, on one concrete type: no Send bound is needed.
#[allow(async_fn_in_trait)]
pub trait Caches {
    fn workforce(&self) -> &WorkforceState;
    /// The workforce rules in force.
    async fn rules(&self) -> Result<Arc<RuleConfig>, DbErr>;
    /// The workforce rules as of data version `version` (see `cache`): read again only when
    /// the version moves, so a setting changed by any process shows at once.
    async fn rules_at(&self, version: i64) -> Result<Arc<RuleConfig>, DbErr>;
}

impl Caches for AppState {
    fn workforce(&self) -> &WorkforceState {
        self.module::<WorkforceState>()
    }

    async fn rules(&self) -> Result<Arc<RuleConfig>, DbErr> {
        let wf = self.workforce();
        if let Some(r) = wf.rules.get() {
            return Ok(r);
        }
        let r = Arc::new(super::settings::rule_config(&self.db, &self.keys).await?);
        wf.rules.put(r.clone());
        Ok(r)
    }

    async fn rules_at(&self, version: i64) -> Result<Arc<RuleConfig>, DbErr> {
        self.workforce()
            .versioned_rules
            .get_or_load(version, (), async {
                Ok(Arc::new(
                    super::settings::rule_config(&self.db, &self.keys).await?,
                ))
            })
            .await
    }
}
