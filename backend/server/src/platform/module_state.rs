//! A module's own state (its caches) and the set of them the application holds.

use std::any::{Any, TypeId};
use std::sync::Arc;

/// A module's state: its caches, told when a setting changes.
pub trait ModuleState: Any + Send + Sync {
    /// A setting was changed through the API: drop what was read from settings.
    fn settings_changed(&self) {}
}

/// The modules' states, one per type.
#[derive(Clone, Default)]
pub struct ModuleStates(Vec<(TypeId, Arc<dyn ModuleState>)>);

impl ModuleStates {
    /// The states, each under its type.
    pub fn new(states: Vec<(TypeId, Arc<dyn ModuleState>)>) -> Self {
        ModuleStates(states)
    }

    pub fn get<T: ModuleState>(&self) -> Option<&T> {
        self.0
            .iter()
            .find(|(id, _)| *id == TypeId::of::<T>())
            .and_then(|(_, s)| {
                let any: &dyn Any = &**s;
                any.downcast_ref::<T>()
            })
    }

    pub fn each(&self, mut f: impl FnMut(&dyn ModuleState)) {
        for (_, s) in &self.0 {
            f(&**s);
        }
    }
}
