//! The account use cases: logging in ([`Accounts::login`]) and out, changing one's password
//! and second factor, ending sessions, and the administrators' account actions.
//!
//! Each use case runs one decision sequence over the credential store (password hashes,
//! TOTP secrets, sessions, lockout counters: `chancery_identity`), the bound on concurrent
//! password hashing, the per-address failure budget, and the event log (the usage log: every
//! login attempt that reached the password check, every lock, change and revocation). The
//! clock comes in with the command context (`context.now`); nothing here reads it. What is
//! transport stays in the API: cookies, the client address (from trusted proxies), headers,
//! and "one login per GraphQL request".
//!
//! The rules applied here, and where each is decided:
//! - when an account locks: [`chancery_identity::lockout`] (applied in SQL by the store);
//! - when an address's budget refuses: [`chancery_identity::Throttle`];
//! - how many password hashes run at once: [`chancery_identity::PasswordWork`];
//! - what a second-factor change requires:
//!   [`chancery_identity::Credentials::second_factor_change_needs_password`];
//! - who may act on whose account: `domain::access` (through [`Caller::check`]).

mod admin;
mod login;
mod own;
mod signing_pin;

pub use admin::{NewAccount, OneTimePassword};
pub use login::{LoggedIn, LoginRequest, login_name, session_expiry};
pub use own::{TotpEnrolment, sessions_owner};

use chancery_domain::DomainError;
use chancery_domain::access::Denied;
use chancery_domain::catalogue::AnyEvent;
use chancery_domain::identity::{self as events, AccountLocked, Client};
use chancery_domain::ids::UserId;
use chancery_identity::{CredentialStore, Credentials, IdentityError, PasswordWork, Throttle};
use chrono::{DateTime, Utc};

use crate::caller::Caller;
use crate::{CommandContext, CommandError, Commands, Outcome};

/// How long a browser session lasts.
pub const BROWSER_SESSION_HOURS: i64 = 12;
/// How long an API bearer token lasts.
pub const BEARER_TOKEN_DAYS: i64 = 90;
/// The issuer an authenticator app shows next to the account.
pub const TOTP_ISSUER: &str = "Chancery";
/// Usernames are looked up by at most this many characters.
pub const MAX_USERNAME_CHARS: usize = 64;

/// Why an account use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Wrong username, password or code: one answer for all three (and for unknown names,
    /// disabled accounts and a missing code), so it never tells which was wrong.
    #[error("wrong username, password or code")]
    InvalidCredentials,
    /// The account (or the name) is locked after failed attempts.
    #[error("too many failed logins; try again after {until}")]
    Locked {
        until: DateTime<Utc>,
        /// Seconds until trying again makes sense (at least 1).
        retry_after_seconds: i64,
    },
    /// The client address used up its budget of failed password attempts.
    #[error("too many failed password attempts from this address; try again later")]
    TooManyAttempts { retry_after_seconds: i64 },
    /// Too many password hashes were queued for too long.
    #[error("too many password checks at once; try again shortly")]
    Busy,
    /// What the caller named does not exist (`"person"`, `"session"`).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A refusal of the input or the state, or a failure of the event log.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// The credential store failed.
    #[error(transparent)]
    Identity(#[from] IdentityError),
}

impl From<DomainError> for AccountError {
    fn from(error: DomainError) -> Self {
        Self::Command(CommandError::Refused(error))
    }
}

impl From<Denied> for AccountError {
    fn from(denied: Denied) -> Self {
        Self::Command(CommandError::Denied(denied))
    }
}

impl From<chancery_identity::Busy> for AccountError {
    fn from(_: chancery_identity::Busy) -> Self {
        Self::Busy
    }
}

impl AccountError {
    /// Locked until `until`, as answered at `now`.
    pub fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        Self::Locked {
            until,
            retry_after_seconds: (until - now).num_seconds().max(1),
        }
    }
}

/// What the account use cases work with. Cheap to build per request (references only).
#[derive(Clone, Copy)]
pub struct Accounts<'a> {
    /// The event log (the usage log is in each account's stream).
    pub commands: &'a Commands,
    pub credentials: &'a CredentialStore,
    /// The bound on concurrent password hashing.
    pub work: &'a PasswordWork,
    /// Failed password attempts per client address.
    pub address_throttle: &'a Throttle,
}

impl Accounts<'_> {
    /// Refuses a password attempt from an address whose failures used up its budget
    /// (password spraying across usernames). No address, no budget.
    fn check_address(&self, client: &Client, now: DateTime<Utc>) -> Result<(), AccountError> {
        let Some(ip) = client.ip.as_deref() else {
            return Ok(());
        };
        self.address_throttle
            .check(ip, now)
            .map_err(|wait| AccountError::TooManyAttempts {
                retry_after_seconds: wait.num_seconds().max(1),
            })
    }

    /// Counts a failed password attempt against the client's address.
    fn address_failed(&self, client: &Client, now: DateTime<Utc>) {
        if let Some(ip) = client.ip.as_deref() {
            self.address_throttle.record_failure(ip, now);
        }
    }

    /// Hashes through the bound on concurrent hashing.
    async fn hash_password(&self, secret: String) -> Result<String, AccountError> {
        Ok(self.work.hash(secret).await??)
    }

    /// Verifies through the bound on concurrent hashing; `None` spends the same work and
    /// fails.
    async fn verify_password(
        &self,
        phc: Option<String>,
        secret: String,
    ) -> Result<bool, AccountError> {
        Ok(self.work.verify(phc, secret).await?)
    }

    /// Records usage-log events in `person`'s account stream.
    async fn record_usage(
        &self,
        context: &CommandContext,
        person: UserId,
        recorded: &[AnyEvent],
    ) -> Result<Outcome, AccountError> {
        Ok(self
            .commands
            .record(&events::account_stream(person), context, recorded)
            .await?)
    }

    /// The caller's own credentials (none: the session's account is gone).
    async fn own_credentials(&self, caller: &Caller) -> Result<Credentials, AccountError> {
        self.credentials
            .by_account(caller.principal.person.0)
            .await?
            .ok_or(AccountError::from(Denied::Unauthenticated))
    }

    /// A logged-in caller proves they know the password again (to change it or the second
    /// factor). The same guards as a login: a locked account is refused, the address budget
    /// applies, and a wrong password counts as a failed attempt of the account (it may lock
    /// it) and of the address — so a stolen session cannot guess the password here either.
    /// `WRONG_PASSWORD` on `field` when wrong.
    async fn confirm_password(
        &self,
        caller: &Caller,
        client: &Client,
        credentials: &Credentials,
        password: String,
        field: &'static str,
    ) -> Result<(), AccountError> {
        let now = caller.now();
        if let Some(until) = credentials.locked_until.filter(|u| *u > now) {
            return Err(AccountError::locked(until, now));
        }
        self.check_address(client, now)?;
        if self
            .verify_password(Some(credentials.password_hash.clone()), password)
            .await?
        {
            return Ok(());
        }
        self.address_failed(client, now);
        let person = UserId(credentials.account_id);
        let outcome = self.credentials.record_failure(person.0, now).await?;
        if let Some(until) = outcome.locked_until.filter(|u| *u > now) {
            let event = AccountLocked {
                person_id: person,
                until,
                failed_count: outcome.failed_count,
                client: client.clone(),
            };
            self.record_usage(&caller.context, person, &[event.into()])
                .await?;
            return Err(AccountError::locked(until, now));
        }
        Err(DomainError::validation(field, "WRONG_PASSWORD", "the password is wrong").into())
    }

    /// Replacing the second factor while one is active needs the current password
    /// ([`Credentials::second_factor_change_needs_password`]): `PASSWORD_REQUIRED` without
    /// it, `WRONG_PASSWORD` when wrong (counted as a failed attempt).
    async fn confirm_second_factor_change(
        &self,
        caller: &Caller,
        client: &Client,
        credentials: &Credentials,
        password: Option<String>,
    ) -> Result<(), AccountError> {
        if !credentials.second_factor_change_needs_password() {
            return Ok(());
        }
        let Some(password) = password.filter(|p| !p.is_empty()) else {
            return Err(DomainError::validation(
                "password",
                "PASSWORD_REQUIRED",
                "a second factor is active: enter the current password to replace it",
            )
            .into());
        };
        self.confirm_password(caller, client, credentials, password, "password")
            .await
    }
}
