//! The module contract: what a module hands the platform, and the registry built from them.
//!
//! A module is one plain [`ModuleSpec`]: its routes, OpenAPI tags, permission rows, known
//! settings, event types, audit resource names, jobs, its own state and its demo data. `app.rs`
//! lists the modules and installs the [`Registry`] once at start-up; the platform then reaches
//! what the modules brought only through it, so it never names a module.

use crate::platform::auth::people::UserLink;
use crate::platform::crypto::Keys;
use crate::platform::events::catalog::EventType;
use crate::platform::http::route_problem::RouteProblem;
use crate::platform::jobs::contract::Job;
use crate::platform::module_state::{ModuleState, ModuleStates};
use crate::platform::permissions::PermissionRow;
use crate::platform::settings::KnownSetting;
use futures_util::future::BoxFuture;
use sea_orm::{DatabaseConnection, DbErr};
use std::any::Any;
use std::sync::{Arc, OnceLock};
use utoipa_actix_web::service_config::ServiceConfig;

/// An OpenAPI tag: name and what its operations are about.
pub struct ApiTag {
    pub name: &'static str,
    pub description: &'static str,
}

/// A module's demo data (`serve --demo`): given the database and the keys, after the platform's
/// demo accounts exist.
pub type DemoSeed =
    for<'a> fn(&'a DatabaseConnection, &'a Keys) -> BoxFuture<'a, Result<(), DbErr>>;

/// A module's state, made once per application (caches and the like); handlers reach it with
/// `AppState::module`.
pub type StateFactory = fn() -> Arc<dyn ModuleState>;

/// Everything a module brings to the platform.
pub struct ModuleSpec {
    /// The module's name, as in data versions and logs (`"platform"` for the platform itself).
    pub name: &'static str,
    /// Mounts the module's routes under `/api/v1`.
    pub routes: fn(&mut ServiceConfig),
    pub tags: &'static [ApiTag],
    pub permissions: &'static [PermissionRow],
    pub settings: &'static [KnownSetting],
    pub event_types: &'static [EventType],
    /// The `resource_type` names its audit rows use.
    pub audit_resources: &'static [&'static str],
    pub jobs: &'static [&'static dyn Job],
    /// Errors its routes document in their own words (the OpenAPI document's examples).
    pub problems: &'static [RouteProblem],
    pub state: Option<StateFactory>,
    /// Its record for a user account (see [`UserLink`]).
    pub user_link: Option<UserLink>,
    pub demo: Option<DemoSeed>,
}

/// What the platform knows of every module, in the order `app.rs` lists them (the platform's
/// own spec first).
pub struct Registry {
    /// What the API is, for its OpenAPI document (the application's words).
    pub description: &'static str,
    pub modules: Vec<&'static ModuleSpec>,
}

static REGISTRY: OnceLock<Registry> = OnceLock::new();

/// Installs the registry (the first call wins; later ones with the same list change nothing).
/// Installs the registry and hands each part of the platform its share: the permission rows,
/// the known settings, the event catalog, the jobs. The first call wins; later ones with the same
/// list change nothing.
pub fn install(description: &'static str, modules: Vec<&'static ModuleSpec>) -> &'static Registry {
    REGISTRY.get_or_init(|| {
        let registry = Registry {
            description,
            modules,
        };
        crate::platform::permissions::install(registry.permissions().collect());
        crate::platform::settings::install(registry.settings().collect());
        crate::platform::events::catalog::install(registry.event_types().collect());
        crate::platform::jobs::install(registry.jobs().collect());
        crate::platform::auth::people::install_links(
            registry
                .modules
                .iter()
                .filter_map(|m| m.user_link)
                .collect(),
        );
        registry
    })
}

impl Registry {
    pub fn tags(&self) -> impl Iterator<Item = &'static ApiTag> + '_ {
        self.modules.iter().flat_map(|m| m.tags.iter())
    }

    pub fn permissions(&self) -> impl Iterator<Item = &'static PermissionRow> + '_ {
        self.modules.iter().flat_map(|m| m.permissions.iter())
    }

    pub fn settings(&self) -> impl Iterator<Item = &'static KnownSetting> + '_ {
        self.modules.iter().flat_map(|m| m.settings.iter())
    }

    pub fn event_types(&self) -> impl Iterator<Item = &'static EventType> + '_ {
        self.modules.iter().flat_map(|m| m.event_types.iter())
    }

    pub fn jobs(&self) -> impl Iterator<Item = &'static dyn Job> + '_ {
        self.modules.iter().flat_map(|m| m.jobs.iter().copied())
    }

    pub fn problems(&self) -> impl Iterator<Item = &'static RouteProblem> + '_ {
        self.modules.iter().flat_map(|m| m.problems.iter())
    }

    /// Every module's state, keyed by its type.
    pub fn states(&self) -> ModuleStates {
        ModuleStates::new(
            self.modules
                .iter()
                .filter_map(|m| m.state)
                .map(|make| {
                    let state = make();
                    let any: &dyn Any = &*state;
                    (any.type_id(), state)
                })
                .collect(),
        )
    }

    /// Mounts every module's routes.
    pub fn routes(&self, cfg: &mut ServiceConfig) {
        for m in &self.modules {
            (m.routes)(cfg);
        }
    }
}
