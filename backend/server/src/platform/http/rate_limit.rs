//! Login rate limiting on failed attempts, per client IP and per account. Successful logins do
//! not count: a store whose staff share one address signs in many times a day, and a right
//! password is not what a guessing client sends.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sliding-window counters kept in memory; each `kairos serve` process limits on its own.
pub struct LoginLimiter {
    window: Duration,
    ip_limit: u32,
    account_limit: u32,
    by_ip: Mutex<HashMap<String, VecDeque<Instant>>>,
    by_account: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Past this many tracked keys, a sweep drops the ones whose window has passed.
const SWEEP_AT: usize = 10_000;

impl LoginLimiter {
    pub fn new(window: Duration, ip_limit: u32, account_limit: u32) -> Self {
        Self {
            window,
            ip_limit,
            account_limit,
            by_ip: Mutex::default(),
            by_account: Mutex::default(),
        }
    }

    /// `Err(seconds to wait)` when `ip` or `account` has used up its failed attempts.
    pub fn check(&self, ip: &str, account: &str, now: Instant) -> Result<(), u64> {
        if let Some(wait) = self.wait_for(&self.by_account, account, self.account_limit, now) {
            return Err(wait);
        }
        match self.wait_for(&self.by_ip, ip, self.ip_limit, now) {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    /// Counts a failed attempt against the address and the account.
    pub fn record_failure(&self, ip: &str, account: &str, now: Instant) {
        for (map, key) in [(&self.by_ip, ip), (&self.by_account, account)] {
            let mut map = map.lock().expect("limiter lock");
            sweep(&mut map, self.window, now);
            map.entry(key.to_owned()).or_default().push_back(now);
        }
    }

    pub fn record_success(&self, account: &str) {
        self.by_account
            .lock()
            .expect("limiter lock")
            .remove(account);
    }

    fn wait_for(
        &self,
        map: &Mutex<HashMap<String, VecDeque<Instant>>>,
        key: &str,
        limit: u32,
        now: Instant,
    ) -> Option<u64> {
        let mut map = map.lock().expect("limiter lock");
        let hits = map.get_mut(key)?;
        prune(hits, self.window, now);
        (hits.len() >= limit as usize).then(|| self.retry_after(hits, now))
    }

    fn retry_after(&self, hits: &VecDeque<Instant>, now: Instant) -> u64 {
        let oldest = hits.front().copied().unwrap_or(now);
        let free_at = oldest + self.window;
        free_at.saturating_duration_since(now).as_secs().max(1)
    }
}

fn prune(hits: &mut VecDeque<Instant>, window: Duration, now: Instant) {
    while hits
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= window)
    {
        hits.pop_front();
    }
}

fn sweep(map: &mut HashMap<String, VecDeque<Instant>>, window: Duration, now: Instant) {
    if map.len() > SWEEP_AT {
        map.retain(|_, hits| {
            prune(hits, window, now);
            !hits.is_empty()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_locked_after_its_failed_attempts_until_the_window_passes() {
        let limiter = LoginLimiter::new(Duration::from_secs(60), 100, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check("1.1.1.1", "a@x", t0).is_ok());
            limiter.record_failure("1.1.1.1", "a@x", t0);
        }
        let wait = limiter.check("2.2.2.2", "a@x", t0).unwrap_err();
        assert_eq!(wait, 60);
        assert!(limiter.check("2.2.2.2", "b@x", t0).is_ok());
        assert!(
            limiter
                .check("2.2.2.2", "a@x", t0 + Duration::from_secs(61))
                .is_ok()
        );
    }

    #[test]
    fn an_ip_is_limited_on_its_failed_attempts_only() {
        let limiter = LoginLimiter::new(Duration::from_secs(10), 2, 100);
        let t0 = Instant::now();
        // Any number of successful logins from one address.
        for _ in 0..10 {
            assert!(limiter.check("ip", "a", t0).is_ok());
        }
        limiter.record_failure("ip", "a", t0);
        assert!(limiter.check("ip", "b", t0).is_ok());
        limiter.record_failure("ip", "b", t0);
        assert!(limiter.check("ip", "c", t0).is_err());
        assert!(limiter.check("other", "c", t0).is_ok());
        assert!(
            limiter
                .check("ip", "c", t0 + Duration::from_secs(11))
                .is_ok()
        );
    }

    #[test]
    fn success_clears_the_failures() {
        let limiter = LoginLimiter::new(Duration::from_secs(60), 100, 2);
        let t0 = Instant::now();
        limiter.record_failure("ip", "a", t0);
        limiter.record_success("a");
        limiter.record_failure("ip", "a", t0);
        assert!(limiter.check("ip", "a", t0).is_ok());
    }
}
