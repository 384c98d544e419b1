//! The `identity` tables in PostgreSQL and [`CredentialStore`] over them.
//!
//! Every statement that must hold under concurrency is one atomic statement: a failed login
//! increments the counter and sets the lock in one `UPDATE … RETURNING` (concurrent failures
//! are all counted), and accepting a TOTP step is a conditional `UPDATE` that only one request
//! can win. The store never reads the clock: callers pass `now`.

use chancery_pg::Migration;
use chrono::{DateTime, Utc};
use deadpool_postgres::{Object, Pool};
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;
use uuid::Uuid;

use crate::IdentityError;
use crate::lockout::{BASE_LOCK_SECONDS, FREE_FAILURES, MAX_LOCK_SECONDS};
use crate::token::TokenKind;
use crate::totp::MIN_SECRET_BYTES;

/// The `identity` schema.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "identity/0001_identity",
        sql: include_str!("../migrations/0001_identity.sql"),
    },
    Migration {
        name: "identity/0002_unknown_logins",
        sql: include_str!("../migrations/0002_unknown_logins.sql"),
    },
    Migration {
        name: "identity/0003_signing_confirmation",
        sql: include_str!("../migrations/0003_signing_confirmation.sql"),
    },
];

/// Failure counters of names that are no account are forgotten this long after their last
/// failure, once their lock has run out (the table stays bounded).
pub const UNKNOWN_NAME_MEMORY_HOURS: i64 = 24;

/// The key under which failures of a name that is no account are counted: SHA-256 of the
/// lower-cased name (what someone typed is never stored).
pub fn unknown_name_key(username: &str) -> [u8; 32] {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"chancery-unknown-login\0");
    hasher.update(username.to_lowercase().as_bytes());
    hasher.finalize().into()
}

/// `last_seen_at` is written at most this often per session (seconds), so that every request
/// does not cost a write.
pub const LAST_SEEN_RESOLUTION_SECONDS: i64 = 60;

const CREDENTIAL_COLUMNS: &str = "account_id, username, password_hash, must_change, \
     failed_count, locked_until, totp_secret, totp_pending, totp_last_step, disabled, updated_at";
const SESSION_COLUMNS: &str = "session_id, account_id, kind, label, created_at, expires_at, \
     last_seen_at, revoked_at, ip, user_agent";

/// Everything stored about one account's credentials. `Debug` redacts the password hash and
/// the TOTP secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub account_id: Uuid,
    pub username: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// The password was set by an administrator and must be changed at the next login.
    pub must_change: bool,
    /// Consecutive failed logins since the last success or unlock.
    pub failed_count: u32,
    /// Logins are refused until then.
    pub locked_until: Option<DateTime<Utc>>,
    /// The enrolled TOTP secret.
    pub totp_secret: Option<Vec<u8>>,
    /// A TOTP secret shown to the user, waiting for a first code to confirm it.
    pub totp_pending: Option<Vec<u8>>,
    /// The last TOTP time step accepted.
    pub totp_last_step: Option<i64>,
    pub disabled: bool,
    pub updated_at: DateTime<Utc>,
}

impl Credentials {
    /// Whether logins are refused at `now` because of failed attempts.
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }

    /// Whether TOTP is enrolled (a second factor is required).
    pub fn totp_enabled(&self) -> bool {
        self.totp_secret.is_some()
    }

    /// Whether replacing the second factor (starting or confirming a new TOTP enrolment) needs
    /// the current password: when one is already active, so that a stolen session cannot
    /// swap the owner's authenticator for the thief's. (Turning it off always needs it.)
    pub fn second_factor_change_needs_password(&self) -> bool {
        self.totp_enabled()
    }

    fn from_row(row: &Row) -> Self {
        let failed_count: i32 = row.get("failed_count");
        Self {
            account_id: row.get("account_id"),
            username: row.get("username"),
            password_hash: row.get("password_hash"),
            must_change: row.get("must_change"),
            // A CHECK constraint keeps the column non-negative.
            failed_count: u32::try_from(failed_count).unwrap_or(0),
            locked_until: row.get("locked_until"),
            totp_secret: row.get("totp_secret"),
            totp_pending: row.get("totp_pending"),
            totp_last_step: row.get("totp_last_step"),
            disabled: row.get("disabled"),
            updated_at: row.get("updated_at"),
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn redacted<T>(value: &Option<T>) -> &'static str {
            if value.is_some() {
                "<redacted>"
            } else {
                "None"
            }
        }
        f.debug_struct("Credentials")
            .field("account_id", &self.account_id)
            .field("username", &self.username)
            .field("password_hash", &"<redacted>")
            .field("must_change", &self.must_change)
            .field("failed_count", &self.failed_count)
            .field("locked_until", &self.locked_until)
            .field("totp_secret", &redacted(&self.totp_secret))
            .field("totp_pending", &redacted(&self.totp_pending))
            .field("totp_last_step", &self.totp_last_step)
            .field("disabled", &self.disabled)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// The state after a failed login was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureOutcome {
    /// Consecutive failures, this one included.
    pub failed_count: u32,
    /// Set when this failure locked the account (see [`crate::lockout`]).
    pub locked_until: Option<DateTime<Utc>>,
}

/// A session to open. The token text is never given to the store, only its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub session_id: Uuid,
    pub account_id: Uuid,
    pub token_hash: [u8; 32],
    pub kind: TokenKind,
    /// A name the user gave (for bearer tokens: "CI pipeline").
    pub label: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A stored session (without its token hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub session_id: Uuid,
    pub account_id: Uuid,
    pub kind: TokenKind,
    pub label: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Updated by [`CredentialStore::session_by_token`], at most once a minute.
    pub last_seen_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Session {
    fn from_row(row: &Row) -> Self {
        let kind: &str = row.get("kind");
        Self {
            session_id: row.get("session_id"),
            account_id: row.get("account_id"),
            // A CHECK constraint allows only 'browser' and 'bearer'.
            kind: TokenKind::parse(kind).unwrap_or(TokenKind::Browser),
            label: row.get("label"),
            created_at: row.get("created_at"),
            expires_at: row.get("expires_at"),
            last_seen_at: row.get("last_seen_at"),
            revoked_at: row.get("revoked_at"),
            ip: row.get("ip"),
            user_agent: row.get("user_agent"),
        }
    }
}

/// Credentials and sessions in PostgreSQL. Clones share the pool.
#[derive(Clone)]
pub struct CredentialStore {
    pool: Pool,
}

impl std::fmt::Debug for CredentialStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialStore").finish_non_exhaustive()
    }
}

/// The name of the unique constraint or index a unique violation hit.
fn unique_violation(error: &tokio_postgres::Error) -> Option<&str> {
    let db = error.as_db_error()?;
    (*db.code() == SqlState::UNIQUE_VIOLATION).then(|| db.constraint().unwrap_or_default())
}

impl CredentialStore {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Creates or updates the `identity` tables.
    pub async fn migrate(&self) -> Result<(), IdentityError> {
        let mut client = self.client().await?;
        chancery_pg::Migrator::new()
            .with(MIGRATIONS)
            .run(&mut client)
            .await?;
        Ok(())
    }

    pub(crate) async fn client(&self) -> Result<Object, IdentityError> {
        Ok(self.pool.get().await?)
    }

    /// Runs an UPDATE of one account's row; no row means no such account.
    async fn update_account(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<(), IdentityError> {
        let updated = self.client().await?.execute(sql, params).await?;
        if updated == 0 {
            return Err(IdentityError::UnknownAccount);
        }
        Ok(())
    }

    async fn account_exists(&self, account_id: Uuid) -> Result<bool, IdentityError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT 1 FROM identity.credentials WHERE account_id = $1",
                &[&account_id],
            )
            .await?;
        Ok(row.is_some())
    }

    /// Stores the credentials of a new account. Errors: [`IdentityError::UsernameTaken`] when
    /// another account has the username in any case, [`IdentityError::AccountExists`] when this
    /// account already has credentials.
    pub async fn create(
        &self,
        account_id: Uuid,
        username: &str,
        password_hash: &str,
        must_change: bool,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        let result = self
            .client()
            .await?
            .execute(
                "INSERT INTO identity.credentials \
                     (account_id, username, password_hash, must_change, updated_at) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[&account_id, &username, &password_hash, &must_change, &now],
            )
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => Err(match unique_violation(&error) {
                Some("credentials_pkey") => IdentityError::AccountExists,
                Some("credentials_username_key") => IdentityError::UsernameTaken,
                _ => error.into(),
            }),
        }
    }

    /// The credentials of a username, compared case-insensitively.
    pub async fn by_username(&self, username: &str) -> Result<Option<Credentials>, IdentityError> {
        // PostgreSQL refuses NUL in text; no username holds one.
        if username.contains('\0') {
            return Ok(None);
        }
        let row = self
            .client()
            .await?
            .query_opt(
                &format!(
                    "SELECT {CREDENTIAL_COLUMNS} FROM identity.credentials \
                     WHERE lower(username) = lower($1)"
                ),
                &[&username],
            )
            .await?;
        Ok(row.as_ref().map(Credentials::from_row))
    }

    /// The lock state of a name that is no account: `(failed_count, locked_until)`, as
    /// [`Credentials`] would have them for an account (zero and none for a name never tried).
    pub async fn unknown_name_state(
        &self,
        username: &str,
    ) -> Result<(u32, Option<DateTime<Utc>>), IdentityError> {
        let key = unknown_name_key(username);
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT failed_count, locked_until FROM identity.unknown_logins \
                 WHERE name_hash = $1",
                &[&&key[..]],
            )
            .await?;
        Ok(row.map_or((0, None), |row| {
            let failed_count: i32 = row.get("failed_count");
            (
                u32::try_from(failed_count).unwrap_or(0),
                row.get("locked_until"),
            )
        }))
    }

    /// Counts a failed login for a name that is no account, with the same schedule as
    /// [`Self::record_failure`] (one atomic upsert), so the answers for unknown names are those
    /// for real ones. Also forgets counters idle for [`UNKNOWN_NAME_MEMORY_HOURS`] and unlocked.
    pub async fn record_unknown_failure(
        &self,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<FailureOutcome, IdentityError> {
        let key = unknown_name_key(username);
        let free = i32::try_from(FREE_FAILURES).unwrap_or(i32::MAX);
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM identity.unknown_logins \
                 WHERE updated_at < $1::timestamptz - make_interval(hours => $2::int) \
                   AND (locked_until IS NULL OR locked_until < $1) AND name_hash <> $3",
                &[
                    &now,
                    &i32::try_from(UNKNOWN_NAME_MEMORY_HOURS).unwrap_or(24),
                    &&key[..],
                ],
            )
            .await?;
        // The same expressions as `record_failure`, where `u.failed_count` is the old count.
        let row = client
            .query_one(
                &format!(
                    "INSERT INTO identity.unknown_logins AS u \
                     (name_hash, failed_count, locked_until, updated_at) \
                 VALUES ($1, 1, CASE WHEN 1 > $3 THEN $2::timestamptz \
                     + make_interval(secs => $4::bigint::double precision) END, $2) \
                 ON CONFLICT (name_hash) DO UPDATE SET \
                     failed_count = u.failed_count + 1, \
                     locked_until = {locked_until}, \
                     updated_at = $2 \
                 RETURNING failed_count, locked_until",
                    locked_until = crate::lockout::locked_until_sql("u."),
                ),
                &[
                    &&key[..],
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

    /// The credentials of an account.
    pub async fn by_account(&self, account_id: Uuid) -> Result<Option<Credentials>, IdentityError> {
        let row = self
            .client()
            .await?
            .query_opt(
                &format!(
                    "SELECT {CREDENTIAL_COLUMNS} FROM identity.credentials WHERE account_id = $1"
                ),
                &[&account_id],
            )
            .await?;
        Ok(row.as_ref().map(Credentials::from_row))
    }

    /// Records a failed login: one atomic UPDATE increments the counter and, from the 5th
    /// consecutive failure, locks the account per [`crate::lockout::lock_duration`] (never
    /// shortening a lock already in place). Concurrent failures are all counted: each UPDATE
    /// waits for the row lock and re-reads the counter.
    pub async fn record_failure(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<FailureOutcome, IdentityError> {
        let free = i32::try_from(FREE_FAILURES).unwrap_or(i32::MAX);
        // In SET, `failed_count` is the old value: the new count n is failed_count + 1, and the
        // exponent n - FREE_FAILURES - 1 is failed_count - FREE_FAILURES (capped, like
        // `lock_duration`, so the shift cannot overflow).
        let row = self
            .client()
            .await?
            .query_opt(
                &format!(
                    "UPDATE identity.credentials SET \
                     failed_count = failed_count + 1, \
                     locked_until = {locked_until}, \
                     updated_at = $2 \
                 WHERE account_id = $1 \
                 RETURNING failed_count, locked_until",
                    locked_until = crate::lockout::locked_until_sql(""),
                ),
                &[
                    &account_id,
                    &now,
                    &free,
                    &BASE_LOCK_SECONDS,
                    &MAX_LOCK_SECONDS,
                ],
            )
            .await?
            .ok_or(IdentityError::UnknownAccount)?;
        let failed_count: i32 = row.get("failed_count");
        Ok(FailureOutcome {
            failed_count: u32::try_from(failed_count).unwrap_or(0),
            locked_until: row.get("locked_until"),
        })
    }

    /// Records a successful login: resets the failure count and any lock.
    pub async fn record_success(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        self.reset_failures(account_id, now).await
    }

    /// An administrator lifts a lock: resets the failure count and any lock.
    pub async fn unlock(&self, account_id: Uuid, now: DateTime<Utc>) -> Result<(), IdentityError> {
        self.reset_failures(account_id, now).await
    }

    async fn reset_failures(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        self.update_account(
            "UPDATE identity.credentials \
             SET failed_count = 0, locked_until = NULL, updated_at = $2 \
             WHERE account_id = $1",
            &[&account_id, &now],
        )
        .await
    }

    /// Replaces the password hash. `must_change`: the user must choose a new password at the
    /// next login (an administrator's reset).
    pub async fn set_password(
        &self,
        account_id: Uuid,
        new_hash: &str,
        must_change: bool,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        self.update_account(
            "UPDATE identity.credentials \
             SET password_hash = $2, must_change = $3, updated_at = $4 \
             WHERE account_id = $1",
            &[&account_id, &new_hash, &must_change, &now],
        )
        .await
    }

    /// Stores a TOTP secret shown to the user, to be confirmed with [`Self::confirm_totp`]
    /// once they typed a valid code. Replaces any earlier pending secret; an enrolled secret
    /// stays in force until then.
    pub async fn set_totp_pending(
        &self,
        account_id: Uuid,
        secret: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(IdentityError::TotpSecretTooShort);
        }
        self.update_account(
            "UPDATE identity.credentials SET totp_pending = $2, updated_at = $3 \
             WHERE account_id = $1",
            &[&account_id, &secret, &now],
        )
        .await
    }

    /// Makes the pending TOTP secret the enrolled one. [`IdentityError::NoPendingTotp`] when
    /// there is none. The last accepted step is kept, so the code that confirmed the enrolment
    /// (recorded with [`Self::set_totp_last_step`]) cannot be used again to log in.
    pub async fn confirm_totp(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        let updated = self
            .client()
            .await?
            .execute(
                "UPDATE identity.credentials \
                 SET totp_secret = totp_pending, totp_pending = NULL, updated_at = $2 \
                 WHERE account_id = $1 AND totp_pending IS NOT NULL",
                &[&account_id, &now],
            )
            .await?;
        if updated == 1 {
            Ok(())
        } else if self.account_exists(account_id).await? {
            Err(IdentityError::NoPendingTotp)
        } else {
            Err(IdentityError::UnknownAccount)
        }
    }

    /// Removes the enrolled and any pending TOTP secret.
    pub async fn disable_totp(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        self.update_account(
            "UPDATE identity.credentials \
             SET totp_secret = NULL, totp_pending = NULL, updated_at = $2 \
             WHERE account_id = $1",
            &[&account_id, &now],
        )
        .await
    }

    /// Records that the code of time `step` was accepted, only if no later or equal step was
    /// accepted before. Returns whether this call won: `false` means the code was already used
    /// (possibly by a concurrent request) and the login must be refused — or that the account
    /// does not exist.
    pub async fn set_totp_last_step(
        &self,
        account_id: Uuid,
        step: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, IdentityError> {
        let updated = self
            .client()
            .await?
            .execute(
                "UPDATE identity.credentials SET totp_last_step = $2, updated_at = $3 \
                 WHERE account_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
                &[&account_id, &step, &now],
            )
            .await?;
        Ok(updated == 1)
    }

    /// Disables or re-enables an account. A disabled account's sessions stop working at once
    /// (see [`Self::session_by_token`]) but are not revoked: re-enabling brings them back
    /// unless the caller also calls [`Self::revoke_all`].
    pub async fn set_disabled(
        &self,
        account_id: Uuid,
        disabled: bool,
        now: DateTime<Utc>,
    ) -> Result<(), IdentityError> {
        self.update_account(
            "UPDATE identity.credentials SET disabled = $2, updated_at = $3 \
             WHERE account_id = $1",
            &[&account_id, &disabled, &now],
        )
        .await
    }

    /// Opens a session. Errors: [`IdentityError::UnknownAccount`],
    /// [`IdentityError::AccountDisabled`], [`IdentityError::SessionExists`] (same session id
    /// or token hash).
    pub async fn create_session(
        &self,
        session: NewSession,
        now: DateTime<Utc>,
    ) -> Result<Session, IdentityError> {
        let result = self
            .client()
            .await?
            .query_opt(
                &format!(
                    "INSERT INTO identity.sessions (session_id, account_id, token_hash, kind, \
                         label, created_at, expires_at, last_seen_at, ip, user_agent) \
                     SELECT $1, c.account_id, $3, $4, $5, $6, $7, $6, $8, $9 \
                     FROM identity.credentials c \
                     WHERE c.account_id = $2 AND NOT c.disabled \
                     RETURNING {SESSION_COLUMNS}"
                ),
                &[
                    &session.session_id,
                    &session.account_id,
                    &&session.token_hash[..],
                    &session.kind.as_str(),
                    &session.label,
                    &now,
                    &session.expires_at,
                    &session.ip,
                    &session.user_agent,
                ],
            )
            .await;
        match result {
            Ok(Some(row)) => Ok(Session::from_row(&row)),
            Ok(None) => Err(if self.account_exists(session.account_id).await? {
                IdentityError::AccountDisabled
            } else {
                IdentityError::UnknownAccount
            }),
            Err(error) => Err(match unique_violation(&error) {
                Some(_) => IdentityError::SessionExists,
                None if error.as_db_error().map(|db| db.code())
                    == Some(&SqlState::FOREIGN_KEY_VIOLATION) =>
                {
                    // The account was deleted between the SELECT and the INSERT's check.
                    IdentityError::UnknownAccount
                }
                None => error.into(),
            }),
        }
    }

    /// The session a token opens at `now`: not revoked, not expired, and its account not
    /// disabled. Updates `last_seen_at` when it is more than a minute old (one statement).
    /// A locked account's sessions still work: the lock only stops password attempts.
    pub async fn session_by_token(
        &self,
        token_hash: &[u8; 32],
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, IdentityError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "WITH found AS ( \
                     SELECT s.* FROM identity.sessions s \
                     JOIN identity.credentials c ON c.account_id = s.account_id \
                     WHERE s.token_hash = $1 AND s.revoked_at IS NULL \
                       AND s.expires_at > $2 AND NOT c.disabled \
                 ), touched AS ( \
                     UPDATE identity.sessions s SET last_seen_at = $2 \
                     FROM found f \
                     WHERE s.session_id = f.session_id \
                       AND s.last_seen_at <= $2 - $3::bigint * interval '1 second' \
                     RETURNING s.session_id, s.last_seen_at \
                 ) \
                 SELECT f.session_id, f.account_id, f.kind, f.label, f.created_at, \
                     f.expires_at, COALESCE(t.last_seen_at, f.last_seen_at) AS last_seen_at, \
                     f.revoked_at, f.ip, f.user_agent \
                 FROM found f LEFT JOIN touched t ON t.session_id = f.session_id",
                &[&&token_hash[..], &now, &LAST_SEEN_RESOLUTION_SECONDS],
            )
            .await?;
        Ok(row.as_ref().map(Session::from_row))
    }

    /// Revokes one session. Returns whether it was active until now (`false`: unknown or
    /// already revoked).
    pub async fn revoke_session(
        &self,
        session_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<bool, IdentityError> {
        let updated = self
            .client()
            .await?
            .execute(
                "UPDATE identity.sessions SET revoked_at = $2 \
                 WHERE session_id = $1 AND revoked_at IS NULL",
                &[&session_id, &now],
            )
            .await?;
        Ok(updated == 1)
    }

    /// Revokes every session of an account that has not expired yet (logout everywhere, after
    /// a password change or an account compromise). Returns how many were revoked.
    pub async fn revoke_all(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<u64, IdentityError> {
        Ok(self
            .client()
            .await?
            .execute(
                "UPDATE identity.sessions SET revoked_at = $2 \
                 WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2",
                &[&account_id, &now],
            )
            .await?)
    }

    /// The account's active sessions at `now` (neither revoked nor expired), newest first.
    pub async fn sessions_of(
        &self,
        account_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<Session>, IdentityError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "SELECT {SESSION_COLUMNS} FROM identity.sessions \
                     WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 \
                     ORDER BY created_at DESC, session_id"
                ),
                &[&account_id, &now],
            )
            .await?;
        Ok(rows.iter().map(Session::from_row).collect())
    }

    /// Withdraws the credentials of an account whose registration was refused after they
    /// were stored (the username becomes free again). Only for an account with no session.
    pub async fn delete_unregistered(&self, account_id: Uuid) -> Result<bool, IdentityError> {
        let deleted = self
            .client()
            .await?
            .execute(
                "DELETE FROM identity.credentials c WHERE c.account_id = $1 \
                 AND NOT EXISTS (SELECT 1 FROM identity.sessions s WHERE s.account_id = c.account_id)",
                &[&account_id],
            )
            .await?;
        Ok(deleted > 0)
    }
}
