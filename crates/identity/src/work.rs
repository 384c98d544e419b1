//! A bound on concurrent password hashing.
//!
//! One argon2id hash takes 19 MiB and tens of milliseconds of a core by design; without a
//! bound, a burst of logins (or a request asking for many) occupies every core and the
//! blocking pool, and everyone's requests slow down. [`PasswordWork`] lets at most `permits`
//! hashes run at once (twice the cores by default); further callers queue, and one that
//! waits longer than `wait` is refused with [`Busy`] (the API answers `RATE_LIMITED`).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::password;

/// The queue for password hashing was full for too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks at once; try again shortly")]
pub struct Busy;

/// Runs password hashing on the blocking pool, at most `permits` at once.
#[derive(Debug, Clone)]
pub struct PasswordWork {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl Default for PasswordWork {
    /// Twice the available cores, waiting at most 10 seconds.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self::new(cores * 2, Duration::from_secs(10))
    }
}

impl PasswordWork {
    pub fn new(permits: usize, wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            wait,
        }
    }

    /// Permits free now (for tests and metrics).
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// Runs `work` on the blocking pool once a permit is free.
    pub async fn run<T, F>(&self, work: F) -> Result<T, Busy>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        let result = tokio::task::spawn_blocking(move || {
            let result = work();
            drop(permit);
            result
        })
        .await;
        // A panic in the hashing task is a bug, not a refusal; it surfaces as Busy only so
        // that the caller answers instead of crashing.
        result.map_err(|_| Busy)
    }

    /// [`password::verify`], or [`password::verify_dummy`] when there is no hash.
    pub async fn verify(&self, phc: Option<String>, secret: String) -> Result<bool, Busy> {
        self.run(move || match phc {
            Some(phc) => password::verify(&phc, &secret),
            None => password::verify_dummy(&secret),
        })
        .await
    }

    /// [`password::hash`].
    pub async fn hash(&self, secret: String) -> Result<Result<String, crate::IdentityError>, Busy> {
        self.run(move || password::hash(&secret)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn given_every_permit_held_when_another_caller_waits_too_long_then_it_is_busy() {
        let work = PasswordWork::new(1, Duration::from_millis(50));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let busy_work = work.clone();
        let holder = tokio::spawn(async move {
            busy_work
                .run(move || {
                    let _ = hold.recv();
                })
                .await
        });
        // Wait until the holder has its permit.
        while work.available() > 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(work.run(|| 1).await, Err(Busy));
        release.send(()).ok();
        assert_eq!(holder.await.ok(), Some(Ok(())));
        assert_eq!(work.run(|| 2).await, Ok(2));
    }
}
