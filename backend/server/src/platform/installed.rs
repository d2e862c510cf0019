//! A table the module registry hands one part of the platform at start-up: set once, then read
//! by every request (permission rows, known settings, the event catalog, jobs, user links).

use std::sync::OnceLock;

pub struct Installed<T: 'static>(OnceLock<Vec<T>>);

impl<T> Installed<T> {
    pub const fn new() -> Self {
        Installed(OnceLock::new())
    }

    /// Installs the table; the first call wins (the registry installs it once).
    pub fn install(&self, items: Vec<T>) {
        let _ = self.0.set(items);
    }

    /// The installed table, or `before` until it is installed.
    pub fn get_or<'a>(&'a self, before: &'a [T]) -> &'a [T] {
        self.0.get().map_or(before, Vec::as_slice)
    }
}

impl<T> Default for Installed<T> {
    fn default() -> Self {
        Installed::new()
    }
}
