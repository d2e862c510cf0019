//! Short-lived in-process caches for what nearly every request reads: the rules in force and the
//! caller behind a token. Local writes clear them at once; other processes see a change within the TTL.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a cached value is trusted without asking the database again.
pub const TTL: Duration = Duration::from_secs(2);

/// Past this many entries, a map drops what has expired.
const SWEEP_AT: usize = 10_000;

/// A map whose entries expire after `TTL`.
pub struct TtlMap<K, V> {
    entries: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash, V: Clone> Default for TtlMap<K, V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone> TtlMap<K, V> {
    pub fn get(&self, key: &K) -> Option<V> {
        let map = self.entries.lock().expect("cache lock");
        map.get(key)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: V) {
        let mut map = self.entries.lock().expect("cache lock");
        if map.len() > SWEEP_AT {
            map.retain(|_, (at, _)| at.elapsed() < TTL);
        }
        map.insert(key, (Instant::now(), value));
    }

    pub fn clear(&self) {
        self.entries.lock().expect("cache lock").clear();
    }
}

/// One value that expires after `TTL`.
pub struct TtlCell<T> {
    slot: Mutex<Option<(Instant, Arc<T>)>>,
}

impl<T> Default for TtlCell<T> {
    fn default() -> Self {
        Self {
            slot: Mutex::new(None),
        }
    }
}

impl<T> TtlCell<T> {
    pub fn get(&self) -> Option<Arc<T>> {
        let slot = self.slot.lock().expect("cache lock");
        slot.as_ref()
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, value: Arc<T>) {
        *self.slot.lock().expect("cache lock") = Some((Instant::now(), value));
    }

    pub fn clear(&self) {
        *self.slot.lock().expect("cache lock") = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_served_until_cleared() {
        let m: TtlMap<&str, u32> = TtlMap::default();
        m.put("a", 1);
        assert_eq!(m.get(&"a"), Some(1));
        m.clear();
        assert_eq!(m.get(&"a"), None);
        let c: TtlCell<u32> = TtlCell::default();
        c.put(Arc::new(7));
        assert_eq!(c.get().as_deref(), Some(&7));
        c.clear();
        assert!(c.get().is_none());
    }
}
