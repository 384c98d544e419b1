//! The usage log (nhật ký sử dụng) as events: logins, failures, lockouts, logouts, password
//! and second-factor changes, session revocations, and the interface language the person
//! chose (kept with the account, so it follows them to every device). One stream per account
//! ([`account_stream`]); failures for usernames that do not exist go to [`UNKNOWN_STREAM`].
//!
//! Secrets never appear here: password hashes, TOTP secrets and session tokens live in the
//! identity crate's tables. These events record that something happened, by whom, from where.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::events::DomainEvent;
use crate::ids::{SessionId, UserId};
use crate::reference::Lang;

/// The stream of one account's usage log.
pub fn account_stream(person: UserId) -> String {
    format!("account-{person}")
}

/// Failed logins naming no existing account.
pub const UNKNOWN_STREAM: &str = "account-unknown";

/// Where a request came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// How a session was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Browser,
    Bearer,
}

/// Someone logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginSucceeded {
    pub person_id: UserId,
    pub session_id: SessionId,
    pub kind: SessionKind,
    /// A second factor (TOTP) was checked.
    pub second_factor: bool,
    pub client: Client,
}

impl DomainEvent for LoginSucceeded {
    const EVENT_TYPE: &'static str = "identity.login-succeeded";
    const SCHEMA_VERSION: u32 = 1;
}

/// Why a login failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LoginFailure {
    UnknownUser,
    WrongPassword,
    WrongSecondFactor,
    Locked,
    Disabled,
}

/// A login attempt failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginFailed {
    /// The account, when the username named one.
    pub person_id: Option<UserId>,
    /// The username typed (cut to 64 characters).
    pub username: String,
    pub reason: LoginFailure,
    /// Consecutive failures so far.
    pub failed_count: u32,
    pub client: Client,
}

impl DomainEvent for LoginFailed {
    const EVENT_TYPE: &'static str = "identity.login-failed";
    const SCHEMA_VERSION: u32 = 1;
}

/// Too many failures: the account is locked until a time (back-off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountLocked {
    pub person_id: UserId,
    pub until: DateTime<Utc>,
    pub failed_count: u32,
    pub client: Client,
}

impl DomainEvent for AccountLocked {
    const EVENT_TYPE: &'static str = "identity.account-locked";
    const SCHEMA_VERSION: u32 = 1;
}

/// An administrator unlocked an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountUnlocked {
    pub person_id: UserId,
}

impl DomainEvent for AccountUnlocked {
    const EVENT_TYPE: &'static str = "identity.account-unlocked";
    const SCHEMA_VERSION: u32 = 1;
}

/// A session ended at the user's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoggedOut {
    pub person_id: UserId,
    pub session_id: SessionId,
    pub client: Client,
}

impl DomainEvent for LoggedOut {
    const EVENT_TYPE: &'static str = "identity.logged-out";
    const SCHEMA_VERSION: u32 = 1;
}

/// Every session of an account was revoked (by an administrator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionsRevoked {
    pub person_id: UserId,
    pub count: u64,
}

impl DomainEvent for SessionsRevoked {
    const EVENT_TYPE: &'static str = "identity.sessions-revoked";
    const SCHEMA_VERSION: u32 = 1;
}

/// How a password came to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PasswordChange {
    /// The account was created with a one-time password (to change at first login).
    Initial,
    /// The user changed it.
    ByUser,
    /// An administrator reset it to a one-time password.
    Reset,
}

/// A password was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChanged {
    pub person_id: UserId,
    pub how: PasswordChange,
    /// Must be changed at the next login.
    pub must_change: bool,
}

impl DomainEvent for PasswordChanged {
    const EVENT_TYPE: &'static str = "identity.password-changed";
    const SCHEMA_VERSION: u32 = 1;
}

/// The user turned a TOTP second factor on (`enabled`) or it was turned off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondFactorChanged {
    pub person_id: UserId,
    pub enabled: bool,
}

impl DomainEvent for SecondFactorChanged {
    const EVENT_TYPE: &'static str = "identity.second-factor-changed";
    const SCHEMA_VERSION: u32 = 1;
}

/// The person chose the interface language of their account (applied at every login).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageChosen {
    pub person_id: UserId,
    pub language: Lang,
}

impl DomainEvent for LanguageChosen {
    const EVENT_TYPE: &'static str = "identity.language-chosen";
    const SCHEMA_VERSION: u32 = 1;
}
