//! What a person confirms the use of their server-held signing key with: the signing PIN
//! (hashed like a password, [`crate::password`]) and the count of wrong confirmations, which
//! locks signing with the login back-off ([`crate::lockout`]) but apart from logins.
//!
//! Whether a confirmation is needed and what its answer is are decided in
//! `chancery_domain::confirmation`; this module stores the secrets and counters behind it.
//! The TOTP secret and its replay guard are the login's ([`crate::Credentials::totp_secret`],
//! [`crate::CredentialStore::set_totp_last_step`]): a code accepted once, for a login or a
//! signature, is never accepted again.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::IdentityError;
use crate::lockout::{BASE_LOCK_SECONDS, FREE_FAILURES, MAX_LOCK_SECONDS};
use crate::store::{CredentialStore, FailureOutcome};

/// Shortest signing PIN.
pub const PIN_MIN_LENGTH: usize = 6;
/// Longest signing PIN.
pub const PIN_MAX_LENGTH: usize = 32;

/// Why a signing PIN is refused (the password's other checks do not apply: a PIN is short on
/// purpose and guarded by the lockout). Stable codes.
pub fn check_pin(pin: &str) -> Result<(), &'static str> {
    let length = pin.chars().count();
    if length < PIN_MIN_LENGTH {
        return Err("TOO_SHORT");
    }
    if length > PIN_MAX_LENGTH {
        return Err("TOO_LONG");
    }
    if pin.chars().any(char::is_control) {
        return Err("CONTROL_CHARACTERS");
    }
    Ok(())
}

/// A person's signing confirmation state (no row: no PIN, no failures).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SigningGuard {
    /// Argon2id PHC string of the signing PIN.
    pub pin_hash: Option<String>,
    /// Consecutive wrong confirmations.
    pub failed_count: u32,
    /// Signing is refused until then.
    pub locked_until: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for SigningGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningGuard")
            .field("pin_set", &self.pin_hash.is_some())
            .field("failed_count", &self.failed_count)
            .field("locked_until", &self.locked_until)
            .finish()
    }
}

impl CredentialStore {
    /// The signing confirmation state of an account.
    pub async fn signing_guard(&self, account_id: Uuid) -> Result<SigningGuard, IdentityError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT pin_hash, failed_count, locked_until \
                 FROM identity.signing_confirmation WHERE account_id = $1",
                &[&account_id],
            )
            .await?;
        Ok(row.map_or_else(SigningGuard::default, |row| {
            let failed: i32 = row.get("failed_count");
            SigningGuard {
                pin_hash: row.get("pin_hash"),
                failed_count: u32::try_from(failed).unwrap_or(0),
                locked_until: row.get("locked_until"),
            }
        }))
    }

    /// Sets or replaces the signing PIN's hash; the count of wrong confirmations starts
    /// again (a lock in place stays until it runs out).
    pub async fn set_signing_pin(
        &self,
        account_id: Uuid,
        pin_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO identity.signing_confirmation (account_id, pin_hash, updated_at) \
                 VALUES ($1, $2, $3) \
                 ON CONFLICT (account_id) DO UPDATE SET pin_hash = $2, failed_count = 0, \
                     updated_at = $3",
                &[&account_id, &pin_hash, &now],
            )
            .await
            .map_err(|e| {
                if e.as_db_error().is_some_and(|d| {
                    *d.code() == tokio_postgres::error::SqlState::FOREIGN_KEY_VIOLATION
                }) {
                    IdentityError::UnknownAccount
                } else {
                    e.into()
                }
            })?;
        Ok(())
    }

    /// Records a wrong signing confirmation: one atomic upsert increments the count and, past
    /// [`FREE_FAILURES`], locks signing per [`crate::lockout::lock_duration`] (never shortening
    /// a lock in place), exactly as [`CredentialStore::record_failure`] does for logins.
    pub async fn record_signing_failure(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<FailureOutcome, IdentityError> {
        let free = i32::try_from(FREE_FAILURES).unwrap_or(i32::MAX);
        let row = self
            .client()
            .await?
            .query_one(
                &format!(
                    "INSERT INTO identity.signing_confirmation AS c \
                     (account_id, failed_count, locked_until, updated_at) \
                 VALUES ($1, 1, CASE WHEN 1 > $3 THEN $2::timestamptz \
                     + make_interval(secs => $4::bigint::double precision) END, $2) \
                 ON CONFLICT (account_id) DO UPDATE SET \
                     failed_count = c.failed_count + 1, \
                     locked_until = {locked_until}, \
                     updated_at = $2 \
                 RETURNING failed_count, locked_until",
                    locked_until = crate::lockout::locked_until_sql("c."),
                ),
                &[
                    &account_id,
                    &now,
                    &free,
                    &BASE_LOCK_SECONDS,
                    &MAX_LOCK_SECONDS,
                ],
            )
            .await?;
        let failed_count: i32 = row.get("failed_count");
        Ok(FailureOutcome {
            failed_count: u32::try_from(failed_count).unwrap_or(0),
            locked_until: row.get("locked_until"),
        })
    }

    /// A right confirmation: the count of wrong ones starts again.
    pub async fn record_signing_success(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        self.client()
            .await?
            .execute(
                "UPDATE identity.signing_confirmation \
                 SET failed_count = 0, locked_until = NULL, updated_at = $2 \
                 WHERE account_id = $1 AND (failed_count > 0 OR locked_until IS NOT NULL)",
                &[&account_id, &now],
            )
            .await?;
        Ok(())
    }
}
