//! Authentication state that must not live in the immutable event log.
//!
//! The event log records facts (a login succeeded or failed, an account was locked, a password
//! was changed, TOTP was enrolled, a session was revoked); the callers append those events
//! themselves. What the log must never hold — password hashes, TOTP secrets, session-token
//! hashes, and the counters that change on every attempt — lives here, in the PostgreSQL
//! schema `identity`.
//!
//! - [`password`]: argon2id hashing and verification, the password policy, one-time passwords.
//! - [`totp`]: RFC 6238 time-based one-time codes with replay protection.
//! - [`token`]: browser-session and API bearer tokens (only their SHA-256 is stored).
//! - [`confirmation`]: the signing PIN and the count of wrong signing confirmations.
//! - [`lockout`]: the back-off schedule after consecutive failed logins.
//! - [`store`]: the `identity` tables and the [`CredentialStore`] over them (including the
//!   failure counters of names that are no account, so lockout does not reveal usernames).
//! - [`throttle`]: failed password attempts per client address (password spraying).
//! - [`work`]: the bound on concurrent password hashing.
//!
//! Nothing here reads the clock: every function where time matters takes `now` (or
//! `unix_seconds`) from the caller.

pub mod confirmation;
pub mod lockout;
pub mod password;
pub mod store;
pub mod throttle;
pub mod token;
pub mod totp;
pub mod work;

pub use confirmation::SigningGuard;
pub use password::PolicyViolation;
pub use store::{CredentialStore, Credentials, FailureOutcome, MIGRATIONS, NewSession, Session};
pub use throttle::{Throttle, ThrottleRule};
pub use token::TokenKind;
pub use work::{Busy, PasswordWork};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    /// Another account already uses this username (compared case-insensitively).
    #[error("the username is already taken")]
    UsernameTaken,
    /// Credentials for this account already exist.
    #[error("credentials for this account already exist")]
    AccountExists,
    /// No credentials are stored for this account.
    #[error("no credentials for this account")]
    UnknownAccount,
    /// The account is disabled (no new session can be opened for it).
    #[error("the account is disabled")]
    AccountDisabled,
    /// `confirm_totp` was called with no pending TOTP secret.
    #[error("no TOTP enrolment is pending for this account")]
    NoPendingTotp,
    /// A TOTP secret shorter than 128 bits (RFC 4226 §4) was refused.
    #[error("a TOTP secret must be at least 16 bytes long")]
    TotpSecretTooShort,
    /// A session with this id or this token hash already exists.
    #[error("a session with this id or token already exists")]
    SessionExists,
    /// Password hashing failed (invalid parameters or no system randomness).
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("identity migration failed: {0}")]
    Migration(#[from] chancery_pg::PgError),
    #[error(transparent)]
    Database(#[from] tokio_postgres::Error),
    #[error(transparent)]
    Pool(#[from] deadpool_postgres::PoolError),
}
