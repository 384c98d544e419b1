//! Logging in: find the account → address budget and lockout → verify the password (bounded
//! hashing) → the second factor → open a session → record the attempt in the usage log.
//!
//! Every failure that reached the password check is answered alike
//! ([`AccountError::InvalidCredentials`]): a wrong password, an unknown or inactive name, a
//! disabled account, a missing or wrong or replayed authenticator code. A name that is no
//! account gets what an account would — the same argon2 work, the same failure counter and
//! lock (kept under a hash of the name) — so neither the answers nor the lockout tell which
//! usernames exist.

use chancery_domain::DomainError;
use chancery_domain::catalogue::AnyEvent;
use chancery_domain::identity::{
    self as events, AccountLocked, Client, LoginFailed, LoginFailure, LoginSucceeded, SessionKind,
};
use chancery_domain::ids::{SessionId, UserId};
use chancery_domain::organisation::Organisation;
use chancery_identity::{NewSession, TokenKind, password, token, totp};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{AccountError, Accounts, BEARER_TOKEN_DAYS, BROWSER_SESSION_HOURS, MAX_USERNAME_CHARS};
use crate::CommandContext;

/// What a login attempt brings.
#[derive(Debug, Clone)]
pub struct LoginRequest {
    /// As typed: trimmed, cut and lower-cased here.
    pub username: String,
    pub password: String,
    /// The authenticator app's code, for accounts with a second factor.
    pub totp_code: Option<String>,
    /// A browser session (the API sets a cookie) or a bearer token (returned to the client).
    pub kind: TokenKind,
    /// Where the attempt comes from (the address counts against its failure budget).
    pub client: Client,
}

/// A session just opened.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub person: UserId,
    pub session_id: SessionId,
    pub kind: TokenKind,
    /// The token text: only its hash is stored, it is never shown again.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// Logged in with a one-time password: it must be changed before anything else.
    pub must_change_password: bool,
}

/// How long a session of `kind` opened at `now` lasts.
pub fn session_expiry(kind: TokenKind, now: DateTime<Utc>) -> DateTime<Utc> {
    match kind {
        TokenKind::Browser => now + Duration::hours(BROWSER_SESSION_HOURS),
        TokenKind::Bearer => now + Duration::days(BEARER_TOKEN_DAYS),
    }
}

/// The username a login looks up: trimmed, without control characters, at most
/// [`MAX_USERNAME_CHARS`] characters, lower-cased.
pub fn login_name(typed: &str) -> String {
    typed
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_USERNAME_CHARS)
        .collect::<String>()
        .to_lowercase()
}

fn session_kind(kind: TokenKind) -> SessionKind {
    match kind {
        TokenKind::Browser => SessionKind::Browser,
        TokenKind::Bearer => SessionKind::Bearer,
    }
}

impl Accounts<'_> {
    /// Logs in at `context.now` (the command context of an anonymous caller, usually):
    /// `organisation` says whether the account's person is active. See the module doc.
    pub async fn login(
        &self,
        organisation: &Organisation,
        context: &CommandContext,
        request: LoginRequest,
    ) -> Result<LoggedIn, AccountError> {
        let now = context.now;
        let LoginRequest {
            username,
            password,
            totp_code,
            kind,
            client,
        } = request;
        let username = login_name(&username);
        if password.chars().count() > password::MAX_LENGTH * 4 {
            return Err(DomainError::validation(
                "password",
                "TOO_LONG",
                "the password is too long",
            )
            .into());
        }
        // Before anything is looked up: an address that failed too often waits.
        self.check_address(&client, now)?;
        let credentials = self.credentials.by_username(&username).await?;
        let person = credentials
            .as_ref()
            .map(|c| UserId(c.account_id))
            .filter(|id| organisation.people.get(id).is_some_and(|p| p.active));
        let (Some(credentials), Some(person)) = (credentials, person) else {
            return Err(self.unknown_name(context, username, password, client).await);
        };
        let stream = events::account_stream(person);
        if let Some(until) = credentials.locked_until.filter(|u| *u > now) {
            let failed = LoginFailed {
                person_id: Some(person),
                username,
                reason: LoginFailure::Locked,
                failed_count: credentials.failed_count,
                client,
            };
            self.commands
                .record(&stream, context, &[failed.into()])
                .await?;
            return Err(AccountError::locked(until, now));
        }
        let password_ok = self
            .verify_password(Some(credentials.password_hash.clone()), password)
            .await?;
        let mut second_factor = false;
        // A disabled account fails like a wrong password (same work, counter and answer).
        let mut failure = if credentials.disabled {
            Some(LoginFailure::Disabled)
        } else {
            (!password_ok).then_some(LoginFailure::WrongPassword)
        };
        // With a second factor, the code comes with the password; a missing, wrong or
        // already used code is answered exactly as a wrong password, so the answer never
        // confirms a password.
        if failure.is_none()
            && let Some(secret) = &credentials.totp_secret
        {
            let step = totp_code
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .and_then(|code| {
                    totp::verify(secret, code, now.timestamp(), credentials.totp_last_step)
                });
            let won = match step {
                Some(step) => {
                    self.credentials
                        .set_totp_last_step(person.0, step, now)
                        .await?
                }
                None => false,
            };
            if won {
                second_factor = true;
            } else {
                failure = Some(LoginFailure::WrongSecondFactor);
            }
        }
        if let Some(reason) = failure {
            self.address_failed(&client, now);
            let outcome = self.credentials.record_failure(person.0, now).await?;
            let mut recorded: Vec<AnyEvent> = vec![
                LoginFailed {
                    person_id: Some(person),
                    username,
                    reason,
                    failed_count: outcome.failed_count,
                    client: client.clone(),
                }
                .into(),
            ];
            let locked_until = outcome.locked_until.filter(|u| *u > now);
            if let Some(until) = locked_until {
                recorded.push(
                    AccountLocked {
                        person_id: person,
                        until,
                        failed_count: outcome.failed_count,
                        client,
                    }
                    .into(),
                );
            }
            self.commands.record(&stream, context, &recorded).await?;
            return Err(match locked_until {
                Some(until) => AccountError::locked(until, now),
                None => AccountError::InvalidCredentials,
            });
        }
        self.credentials.record_success(person.0, now).await?;
        let expires_at = session_expiry(kind, now);
        let (token_text, token_hash) = token::new_token(kind);
        let session_id = Uuid::now_v7();
        self.credentials
            .create_session(
                NewSession {
                    session_id,
                    account_id: person.0,
                    token_hash,
                    kind,
                    label: None,
                    expires_at,
                    ip: client.ip.clone(),
                    user_agent: client.user_agent.clone(),
                },
                now,
            )
            .await?;
        let succeeded = LoginSucceeded {
            person_id: person,
            session_id: SessionId(session_id),
            kind: session_kind(kind),
            second_factor,
            client,
        };
        // The success is the person's own act.
        let mut context = context.clone();
        context.actor = Some(chancery_event_store::Actor {
            user_id: person.0,
            position_id: None,
            unit_id: None,
        });
        self.commands
            .record(&stream, &context, &[succeeded.into()])
            .await?;
        Ok(LoggedIn {
            person,
            session_id: SessionId(session_id),
            kind,
            token: token_text,
            expires_at,
            must_change_password: credentials.must_change,
        })
    }

    /// A name that is no (active) account: the same work, counter, lock and answers as an
    /// account's. Returns the refusal to answer with.
    async fn unknown_name(
        &self,
        context: &CommandContext,
        username: String,
        password: String,
        client: Client,
    ) -> AccountError {
        match self
            .unknown_name_attempt(context, username, password, client)
            .await
        {
            Ok(refusal) | Err(refusal) => refusal,
        }
    }

    async fn unknown_name_attempt(
        &self,
        context: &CommandContext,
        username: String,
        password: String,
        client: Client,
    ) -> Result<AccountError, AccountError> {
        let now = context.now;
        let (failed_count, locked_until) = self.credentials.unknown_name_state(&username).await?;
        let is_locked = locked_until.is_some_and(|u| u > now);
        let outcome = if is_locked {
            None
        } else {
            self.verify_password(None, password).await?;
            self.address_failed(&client, now);
            Some(
                self.credentials
                    .record_unknown_failure(&username, now)
                    .await?,
            )
        };
        let failed = LoginFailed {
            person_id: None,
            username,
            reason: if is_locked {
                LoginFailure::Locked
            } else {
                LoginFailure::UnknownUser
            },
            failed_count: outcome.map_or(failed_count, |o| o.failed_count),
            client,
        };
        self.commands
            .record(events::UNKNOWN_STREAM, context, &[failed.into()])
            .await?;
        let until = outcome.map_or(locked_until, |o| o.locked_until);
        Ok(match until.filter(|u| *u > now) {
            Some(until) => AccountError::locked(until, now),
            None => AccountError::InvalidCredentials,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_a_typed_name_when_looked_up_then_it_is_trimmed_cut_and_lower_cased() {
        assert_eq!(login_name("  Admin\u{0}\n "), "admin");
        assert_eq!(login_name(&"A".repeat(100)).len(), MAX_USERNAME_CHARS);
    }

    #[test]
    fn given_a_session_kind_when_opened_then_browsers_last_hours_and_tokens_days() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(
            session_expiry(TokenKind::Browser, now) - now,
            Duration::hours(12)
        );
        assert_eq!(
            session_expiry(TokenKind::Bearer, now) - now,
            Duration::days(90)
        );
    }
}
