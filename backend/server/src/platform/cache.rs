//! In-process caches. Two kinds:
//! - short-lived ones for what nearly every request reads (the rules in force, the caller behind
//!   a token): local writes clear them at once, other processes' writes show within the TTL;
//! - versioned ones for a module's hot reads: a value is kept under the module's data version
//!   (moved by database triggers with every committed write, whoever writes) it was read at, and
//!   served only while the database still reports that version, so it is never stale.

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

/// Values read at a module's data version; see the module documentation.
pub struct VersionedMap<K, V> {
    inner: Mutex<(i64, HashMap<K, V>)>,
    /// Past this many entries, the map starts again empty.
    limit: usize,
}

impl<K: Eq + Hash, V: Clone> VersionedMap<K, V> {
    /// A map of at most `limit` entries.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            inner: Mutex::new((i64::MIN, HashMap::new())),
            limit,
        }
    }

    /// The value kept for `key`, if it was read at `version`.
    pub fn get(&self, version: i64, key: &K) -> Option<V> {
        let inner = self.inner.lock().expect("cache lock");
        if inner.0 != version {
            return None;
        }
        inner.1.get(key).cloned()
    }

    /// The value kept for `key` at `version`, or else what `load` reads, kept for the next
    /// caller (`load` is a future, so it runs only on a miss).
    pub async fn get_or_load<E>(
        &self,
        version: i64,
        key: K,
        load: impl Future<Output = Result<V, E>>,
    ) -> Result<V, E> {
        if let Some(value) = self.get(version, &key) {
            return Ok(value);
        }
        let value = load.await?;
        self.put(version, key, value.clone());
        Ok(value)
    }

    /// Keeps `value`, read at `version` or later. A newer version drops every older value; a
    /// value from an older version than the one kept is not kept.
    pub fn put(&self, version: i64, key: K, value: V) {
        let mut inner = self.inner.lock().expect("cache lock");
        if version > inner.0 {
            inner.0 = version;
            inner.1.clear();
        }
        if version == inner.0 {
            if inner.1.len() >= self.limit {
                inner.1.clear();
            }
            inner.1.insert(key, value);
        }
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

    #[test]
    fn versioned_values_are_served_only_at_their_version() {
        let m: VersionedMap<&str, u32> = VersionedMap::with_limit(2);
        m.put(5, "a", 1);
        assert_eq!(m.get(5, &"a"), Some(1));
        assert_eq!(
            m.get(6, &"a"),
            None,
            "a newer version must not see an older value"
        );
        assert_eq!(m.get(4, &"a"), None);
        m.put(6, "b", 2);
        assert_eq!(
            m.get(6, &"a"),
            None,
            "a newer version drops the older values"
        );
        assert_eq!(m.get(6, &"b"), Some(2));
        m.put(5, "c", 3);
        assert_eq!(
            m.get(5, &"c"),
            None,
            "a value read at an older version is not kept"
        );
        assert_eq!(m.get(6, &"c"), None);
        m.put(6, "d", 4);
        m.put(6, "e", 5);
        assert_eq!(m.get(6, &"e"), Some(5), "a full map starts again");
        assert_eq!(m.get(6, &"b"), None);
    }
}
