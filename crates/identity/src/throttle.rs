//! Throttling failed password attempts per key (a client address), in memory.
//!
//! Each key has a budget of [`ThrottleRule::burst`] failures; every further failure is
//! allowed only once [`ThrottleRule::every`] has passed since the budget ran out (the
//! generic cell rate algorithm: each failure pushes the key's "theoretical arrival time"
//! one interval later; a key is refused while that time lies more than `burst − 1`
//! intervals ahead). Only failures count, so an office of hundreds behind one address
//! logging in every morning is never slowed, while spraying one guess across every username
//! from one address is: it is the failures of *all* usernames from that address that count.
//!
//! The throttle is bounded: keys whose budget is whole again are forgotten, and when
//! [`ThrottleRule::max_keys`] keys are tracked the one closest to recovering is dropped. It
//! lives in one process (each server of a cluster keeps its own); the per-account lockout
//! in [`crate::store`] is shared through PostgreSQL. Nothing here reads the clock.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// How many failures a key may have, and how fast it earns more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRule {
    /// Failures allowed in a row before the key is refused.
    pub burst: u32,
    /// One more failure is allowed per this much time.
    pub every: Duration,
    /// Most keys tracked at once.
    pub max_keys: usize,
}

impl Default for ThrottleRule {
    /// 20 failures, then one every 30 seconds (at most 120 an hour) per address.
    fn default() -> Self {
        Self {
            burst: 20,
            every: Duration::seconds(30),
            max_keys: 100_000,
        }
    }
}

/// Failed attempts per key. See the module documentation.
#[derive(Debug)]
pub struct Throttle {
    rule: ThrottleRule,
    /// Each key's theoretical arrival time: the budget is whole again at that moment.
    keys: Mutex<HashMap<String, DateTime<Utc>>>,
}

impl Throttle {
    pub fn new(rule: ThrottleRule) -> Self {
        Self {
            rule,
            keys: Mutex::new(HashMap::new()),
        }
    }

    pub fn rule(&self) -> ThrottleRule {
        self.rule
    }

    /// How much of the budget may lie ahead of `now` while attempts are still allowed.
    fn allowance(&self) -> Duration {
        self.rule.every * i32::try_from(self.rule.burst.saturating_sub(1)).unwrap_or(i32::MAX)
    }

    /// `Err(wait)` when `key` may not try now: its failures used the budget up, and the next
    /// attempt is allowed after `wait`.
    pub fn check(&self, key: &str, now: DateTime<Utc>) -> Result<(), Duration> {
        if self.rule.burst == 0 {
            return Ok(());
        }
        let Ok(keys) = self.keys.lock() else {
            return Ok(());
        };
        match keys.get(key) {
            Some(tat) if *tat - now > self.allowance() => Err(*tat - now - self.allowance()),
            _ => Ok(()),
        }
    }

    /// Counts one failure of `key` at `now`.
    pub fn record_failure(&self, key: &str, now: DateTime<Utc>) {
        if self.rule.burst == 0 {
            return;
        }
        let Ok(mut keys) = self.keys.lock() else {
            return;
        };
        if !keys.contains_key(key) && keys.len() >= self.rule.max_keys {
            keys.retain(|_, tat| *tat > now);
            if keys.len() >= self.rule.max_keys
                && let Some(oldest) = keys
                    .iter()
                    .min_by_key(|(_, tat)| **tat)
                    .map(|(k, _)| k.clone())
            {
                keys.remove(&oldest);
            }
        }
        let tat = keys.entry(key.to_owned()).or_insert(now);
        *tat = (*tat).max(now) + self.rule.every;
    }

    /// How many keys are tracked (for tests and metrics).
    pub fn tracked(&self) -> usize {
        self.keys.lock().map(|k| k.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    fn throttle(burst: u32, every: i64, max_keys: usize) -> Throttle {
        Throttle::new(ThrottleRule {
            burst,
            every: Duration::seconds(every),
            max_keys,
        })
    }

    #[test]
    fn given_a_fresh_key_when_it_fails_burst_times_then_the_next_attempt_waits_one_interval() {
        let t = throttle(3, 30, 10);
        for _ in 0..3 {
            assert_eq!(t.check("a", at(0)), Ok(()));
            t.record_failure("a", at(0));
        }
        assert_eq!(t.check("a", at(0)), Err(Duration::seconds(30)));
        assert_eq!(t.check("a", at(29)), Err(Duration::seconds(1)));
        assert_eq!(t.check("a", at(30)), Ok(()));
        // One more failure uses the interval earned: refused again for a whole interval.
        t.record_failure("a", at(30));
        assert_eq!(t.check("a", at(30)), Err(Duration::seconds(30)));
    }

    #[test]
    fn given_one_key_used_up_when_another_key_tries_then_it_is_not_affected() {
        let t = throttle(2, 60, 10);
        t.record_failure("a", at(0));
        t.record_failure("a", at(0));
        assert!(t.check("a", at(1)).is_err());
        assert_eq!(t.check("b", at(1)), Ok(()));
    }

    #[test]
    fn given_slow_failures_when_they_come_no_faster_than_the_rate_then_they_are_never_refused() {
        let t = throttle(2, 60, 10);
        for minute in 0..100 {
            assert_eq!(t.check("a", at(minute * 60)), Ok(()), "minute {minute}");
            t.record_failure("a", at(minute * 60));
        }
    }

    #[test]
    fn given_the_table_is_full_when_a_new_key_fails_then_recovered_keys_are_dropped_first() {
        let t = throttle(5, 10, 2);
        t.record_failure("old", at(0));
        t.record_failure("busy", at(100));
        t.record_failure("busy", at(100));
        // "old" recovered at 10 s: it goes, "busy" stays.
        t.record_failure("new", at(105));
        assert_eq!(t.tracked(), 2);
        t.record_failure("newer", at(105));
        assert_eq!(t.tracked(), 2, "bounded even when nobody recovered");
    }

    #[test]
    fn given_a_zero_burst_then_the_throttle_is_off() {
        let t = throttle(0, 10, 2);
        t.record_failure("a", at(0));
        assert_eq!(t.check("a", at(0)), Ok(()));
        assert_eq!(t.tracked(), 0);
    }
}
