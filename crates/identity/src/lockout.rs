//! The back-off schedule after consecutive failed logins.
//!
//! The first [`FREE_FAILURES`] failures in a row (typos) cost nothing. From the 5th on, every
//! failure locks the account for `min(30 s × 2^(n−5), 1 h)`, where `n` is the number of
//! consecutive failures so far:
//!
//! | failure `n` | 1–4 | 5    | 6    | 7     | 8     | 9     | 10     | 11     | 12 and later |
//! |-------------|-----|------|------|-------|-------|-------|--------|--------|--------------|
//! | locked for  | —   | 30 s | 60 s | 2 min | 4 min | 8 min | 16 min | 32 min | 1 h          |
//!
//! So 20 wrong passwords in a row lock the account, with back-off, for an hour after each
//! further attempt: once the lock reaches an hour, an online guesser gets 24 tries a day. A successful login or an
//! administrator's unlock resets the count. The lock is temporary on purpose: a permanent
//! lock would let anyone knowing a username lock its owner out.
//!
//! [`crate::CredentialStore::record_failure`] applies this schedule in SQL from the same
//! constants (one atomic UPDATE); the store tests check both agree.

use chrono::Duration;

/// Consecutive failures that do not lock the account.
pub const FREE_FAILURES: u32 = 4;
/// Lock duration at the first locking failure, in seconds.
pub const BASE_LOCK_SECONDS: i64 = 30;
/// Longest lock, in seconds.
pub const MAX_LOCK_SECONDS: i64 = 3_600;

/// How long the account is locked after its `consecutive_failures`-th failure in a row
/// (`None`: not locked).
pub fn lock_duration(consecutive_failures: u32) -> Option<Duration> {
    if consecutive_failures <= FREE_FAILURES {
        return None;
    }
    // 30 × 2^7 already exceeds an hour: cap the exponent so the shift cannot overflow.
    let exponent = (consecutive_failures - FREE_FAILURES - 1).min(20);
    let seconds = (BASE_LOCK_SECONDS << exponent).min(MAX_LOCK_SECONDS);
    Some(Duration::seconds(seconds))
}

/// [`lock_duration`] in SQL: the new `locked_until` after one more failure, for an UPDATE's
/// SET (or an upsert's `DO UPDATE SET`) where `{prefix}failed_count` and
/// `{prefix}locked_until` are the row's old values. Parameters: `$2` now, `$3`
/// [`FREE_FAILURES`], `$4` [`BASE_LOCK_SECONDS`], `$5` [`MAX_LOCK_SECONDS`]. A lock is
/// never shortened; the shift is capped so it cannot overflow.
pub(crate) fn locked_until_sql(prefix: &str) -> String {
    format!(
        "CASE WHEN {prefix}failed_count + 1 > $3 THEN GREATEST({prefix}locked_until, \
         $2::timestamptz + make_interval(secs => LEAST( \
         $4::bigint << LEAST({prefix}failed_count - $3, 20), $5::bigint)::double precision)) \
         ELSE {prefix}locked_until END"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule() {
        for n in 0..=4 {
            assert_eq!(lock_duration(n), None, "failure {n}");
        }
        let expected = [30, 60, 120, 240, 480, 960, 1920, 3600, 3600];
        for (i, seconds) in expected.into_iter().enumerate() {
            let n = 5 + i as u32;
            assert_eq!(
                lock_duration(n),
                Some(Duration::seconds(seconds)),
                "failure {n}"
            );
        }
        assert_eq!(lock_duration(u32::MAX), Some(Duration::hours(1)));
    }
}
