//! Identity: logging in and out, passwords, the TOTP second factor, the caller's own
//! profile (`me`), the usage log, and the administrators' account mutations.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chancery_domain::access::Action;
use chancery_domain::catalogue::AnyEvent;
use chancery_domain::identity::{
    self as events, AccountLocked, AccountUnlocked, LoggedOut, LoginFailed, LoginFailure,
    LoginSucceeded, PasswordChange, PasswordChanged, SecondFactorChanged, SessionKind,
    SessionsRevoked,
};
use chancery_domain::ids::{SessionId, UserId};
use chancery_domain::organisation::OrgCommand;
use chancery_domain::reference::Confidentiality;
use chancery_identity::{IdentityError, NewSession, TokenKind, password, token, totp};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::auth::{self, Caller, ResponseCookies, SESSION_COOKIE, api, guard};
use crate::organisation::{Person, parse_id};
use crate::{ApiError, ErrorCode, Written};

/// How long a browser session lasts.
pub const BROWSER_SESSION_HOURS: i64 = 12;
/// How long an API bearer token lasts.
pub const BEARER_TOKEN_DAYS: i64 = 90;
const ISSUER: &str = "Chancery";

#[derive(Default)]
pub struct IdentityQuery;

#[derive(Default)]
pub struct IdentityMutation;

/// The result of a successful login.
#[derive(SimpleObject)]
pub struct LoginResult {
    pub person: Person,
    /// The bearer token, for API clients (`bearer: true`); browsers get an HttpOnly cookie
    /// instead and this is null.
    pub token: Option<String>,
    pub expires_at: DateTime<Utc>,
    /// Logged in with a one-time password: `changePassword` before anything else.
    pub must_change_password: bool,
}

#[derive(InputObject)]
pub struct LoginInput {
    pub username: String,
    pub password: String,
    /// The 6-digit code of the authenticator app, when the account has one.
    pub totp_code: Option<String>,
    /// Return a bearer token instead of setting a browser cookie.
    #[graphql(default)]
    pub bearer: bool,
}

/// A TOTP enrolment in progress: show the QR code of `otpauthUrl`, then confirm with a code.
#[derive(SimpleObject)]
pub struct TotpEnrolment {
    pub secret_base32: String,
    pub otpauth_url: String,
}

#[derive(InputObject)]
pub struct CreateAccountInput {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[graphql(default_with = "ConfidentialityLevel::Normal")]
    pub clearance: ConfidentialityLevel,
}

/// An account just created or reset: the one-time password is shown once, to the
/// administrator, who hands it to the person.
#[derive(SimpleObject)]
pub struct OneTimePassword {
    pub person_id: ID,
    pub username: String,
    pub one_time_password: String,
    pub written: Written,
}

/// Confidentiality levels (Decree 30): thường, mật, tối mật, tuyệt mật.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ConfidentialityLevel {
    Normal,
    Confidential,
    Secret,
    TopSecret,
}

impl From<ConfidentialityLevel> for Confidentiality {
    fn from(value: ConfidentialityLevel) -> Self {
        match value {
            ConfidentialityLevel::Normal => Self::Normal,
            ConfidentialityLevel::Confidential => Self::Confidential,
            ConfidentialityLevel::Secret => Self::Secret,
            ConfidentialityLevel::TopSecret => Self::TopSecret,
        }
    }
}

impl From<Confidentiality> for ConfidentialityLevel {
    fn from(value: Confidentiality) -> Self {
        match value {
            Confidentiality::Normal => Self::Normal,
            Confidentiality::Confidential => Self::Confidential,
            Confidentiality::Secret => Self::Secret,
            Confidentiality::TopSecret => Self::TopSecret,
        }
    }
}

/// One entry of the usage log.
#[derive(SimpleObject)]
pub struct UsageEntry {
    pub at: DateTime<Utc>,
    pub person_id: Option<ID>,
    pub username: Option<String>,
    /// The event type, e.g. `identity.login-succeeded`.
    pub kind: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub detail: async_graphql::Json<serde_json::Value>,
}

/// An open session of a person (browser sign-in or API token).
#[derive(SimpleObject)]
pub struct SessionView {
    pub id: ID,
    /// `BROWSER` (a cookie) or `BEARER` (an API client's token).
    pub kind: SessionKindGql,
    pub label: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Updated at most once a minute.
    pub last_seen_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session this request came with.
    pub current: bool,
}

/// How a session was obtained.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum SessionKindGql {
    Browser,
    Bearer,
}

/// Whose sessions the caller asks about: their own, or (administrators) anyone's.
fn sessions_owner(g: &auth::Guard, person_id: Option<&ID>) -> Result<UserId, ApiError> {
    let me = g.person()?;
    let of = match person_id {
        Some(id) => UserId(parse_id(id, "personId")?),
        None => me,
    };
    if of != me {
        g.check(&Action::ManageAccounts)?;
        if !g.organisation.people.contains_key(&of) {
            return Err(ApiError::NotFound("person".to_owned()));
        }
    }
    Ok(of)
}

fn identity_error(error: IdentityError) -> ApiError {
    match error {
        IdentityError::UsernameTaken => ApiError::Refused {
            code: ErrorCode::Conflict,
            reason: "USERNAME_TAKEN",
            field: Some("username".to_owned()),
            message: "the username is taken".to_owned(),
            retry_after_seconds: None,
        },
        other => ApiError::internal(other),
    }
}

fn cut(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

fn check_password_policy(new_password: &str, username: &str) -> Result<(), ApiError> {
    password::check_policy(new_password, username).map_err(|violations| {
        let codes: Vec<&str> = violations.iter().map(|v| v.code()).collect();
        ApiError::Refused {
            code: ErrorCode::Validation,
            reason: violations.first().map_or("WEAK_PASSWORD", |v| v.code()),
            field: Some("newPassword".to_owned()),
            message: format!(
                "the password does not meet the policy: {}",
                codes.join(", ")
            ),
            retry_after_seconds: None,
        }
    })
}

fn busy() -> ApiError {
    ApiError::Refused {
        code: ErrorCode::RateLimited,
        reason: "BUSY",
        field: None,
        message: "too many password checks at once; try again shortly".to_owned(),
        retry_after_seconds: Some(1),
    }
}

fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    ApiError::Refused {
        code: ErrorCode::RateLimited,
        reason: "ACCOUNT_LOCKED",
        field: None,
        message: format!("too many failed logins; try again after {until}"),
        retry_after_seconds: Some((until - now).num_seconds().max(1)),
    }
}

/// Refuses a password attempt from an address whose failures used up its budget
/// (`RATE_LIMITED`, reason `TOO_MANY_ATTEMPTS`): password spraying across usernames.
fn check_address(
    api: &crate::ApiContext,
    client: &chancery_domain::identity::Client,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(ip) = client.ip.as_deref() else {
        return Ok(());
    };
    api.settings
        .address_throttle
        .check(ip, now)
        .map_err(|wait| ApiError::Refused {
            code: ErrorCode::RateLimited,
            reason: "TOO_MANY_ATTEMPTS",
            field: None,
            message: "too many failed password attempts from this address; try again later"
                .to_owned(),
            retry_after_seconds: Some(wait.num_seconds().max(1)),
        })
}

/// Counts a failed password attempt against the caller's address.
fn address_failed(
    api: &crate::ApiContext,
    client: &chancery_domain::identity::Client,
    now: DateTime<Utc>,
) {
    if let Some(ip) = client.ip.as_deref() {
        api.settings.address_throttle.record_failure(ip, now);
    }
}

async fn hash_password(api: &crate::ApiContext, secret: String) -> Result<String, ApiError> {
    api.settings
        .password_work
        .hash(secret)
        .await
        .map_err(|_| busy())?
        .map_err(ApiError::internal)
}

/// Verifies through the bound on concurrent hashing; `None` spends the same work and fails.
async fn verify_password(
    api: &crate::ApiContext,
    phc: Option<String>,
    secret: String,
) -> Result<bool, ApiError> {
    api.settings
        .password_work
        .verify(phc, secret)
        .await
        .map_err(|_| busy())
}

/// A logged-in caller proves they know the password again (to change it or the second
/// factor). The same guards as a login: a locked account is refused, the address budget
/// applies, and a wrong password counts as a failed attempt of the account (it may lock it)
/// and of the address — so a stolen session cannot guess the password here either.
async fn confirm_password(
    api: &crate::ApiContext,
    g: &auth::Guard,
    credentials: &chancery_identity::Credentials,
    password: String,
    field: &str,
) -> Result<(), ApiError> {
    let now = g.now;
    if let Some(until) = credentials.locked_until.filter(|u| *u > now) {
        return Err(locked(until, now));
    }
    check_address(api, &g.client, now)?;
    if verify_password(api, Some(credentials.password_hash.clone()), password).await? {
        return Ok(());
    }
    address_failed(api, &g.client, now);
    let person = UserId(credentials.account_id);
    let outcome = api
        .credentials
        .record_failure(person.0, now)
        .await
        .map_err(ApiError::internal)?;
    if let Some(until) = outcome.locked_until.filter(|u| *u > now) {
        let event = AccountLocked {
            person_id: person,
            until,
            failed_count: outcome.failed_count,
            client: g.client.clone(),
        };
        record_usage(api, g, person, &[event.into()]).await?;
        return Err(locked(until, now));
    }
    Err(ApiError::invalid(
        field,
        "WRONG_PASSWORD",
        "the password is wrong",
    ))
}

/// Replacing the second factor while one is active needs the current password
/// ([`chancery_identity::Credentials::second_factor_change_needs_password`]):
/// `PASSWORD_REQUIRED` without it, `WRONG_PASSWORD` when wrong.
async fn confirm_second_factor_change(
    api: &crate::ApiContext,
    g: &auth::Guard,
    credentials: &chancery_identity::Credentials,
    password: Option<String>,
) -> Result<(), ApiError> {
    if !credentials.second_factor_change_needs_password() {
        return Ok(());
    }
    let Some(password) = password.filter(|p| !p.is_empty()) else {
        return Err(ApiError::invalid(
            "password",
            "PASSWORD_REQUIRED",
            "a second factor is active: enter the current password to replace it",
        ));
    };
    confirm_password(api, g, credentials, password, "password").await
}

/// The caller's own credentials.
async fn own_credentials(
    api: &crate::ApiContext,
    person: UserId,
) -> Result<chancery_identity::Credentials, ApiError> {
    api.credentials
        .by_account(person.0)
        .await
        .map_err(ApiError::internal)?
        .ok_or(ApiError::Unauthenticated)
}

/// Records usage-log events in `person`'s account stream, as the caller.
async fn record_usage(
    api: &crate::ApiContext,
    g: &auth::Guard,
    person: UserId,
    events: &[AnyEvent],
) -> Result<chancery_commands::Outcome, ApiError> {
    api.commands
        .record(&events::account_stream(person), &g.command(), events)
        .await
        .map_err(ApiError::from)
}

fn cookie(value: &str, max_age: i64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

#[Object]
impl IdentityMutation {
    /// Logs in. Wrong credentials, unknown usernames and a missing or wrong authenticator
    /// code (accounts with a second factor send it with the password) get the same answer
    /// (`UNAUTHENTICATED`, reason `INVALID_CREDENTIALS`); from the 5th failure in a row the
    /// name is locked with a growing back-off (`RATE_LIMITED`, reason `ACCOUNT_LOCKED`,
    /// `retryAfterSeconds`), whether it is an account or not. An address with too many
    /// failures waits (`RATE_LIMITED`, reason `TOO_MANY_ATTEMPTS`). One login per request.
    /// Every attempt that reached the password check is in the usage log.
    async fn login(
        &self,
        ctx: &Context<'_>,
        input: LoginInput,
    ) -> async_graphql::Result<LoginResult> {
        let g = guard(ctx, &Action::LogIn).await?;
        let api = api(ctx)?;
        let now = g.now;
        let client = g.client.clone();
        let username = cut(input.username.trim(), 64).to_lowercase();
        if input.password.chars().count() > password::MAX_LENGTH * 4 {
            return Err(
                ApiError::invalid("password", "TOO_LONG", "the password is too long").into(),
            );
        }
        // Before anything is looked up: an address that failed too often waits.
        check_address(api, &client, now)?;
        let credentials = api
            .credentials
            .by_username(&username)
            .await
            .map_err(ApiError::internal)?;
        let person = credentials
            .as_ref()
            .map(|c| UserId(c.account_id))
            .filter(|id| g.organisation.people.get(id).is_some_and(|p| p.active));
        let context = g.command();
        let invalid = || {
            ApiError::refused(
                ErrorCode::Unauthenticated,
                "INVALID_CREDENTIALS",
                "wrong username, password or code",
            )
        };
        let (Some(credentials), Some(person)) = (credentials, person) else {
            // A name that is no account gets what an account would: the same argon2 work,
            // the same failure counter and lock (kept under a hash of the name), the same
            // answers — so neither answers nor lockout tell which usernames exist.
            let (failed_count, locked_until) = api
                .credentials
                .unknown_name_state(&username)
                .await
                .map_err(ApiError::internal)?;
            let is_locked = locked_until.is_some_and(|u| u > now);
            let reason = if is_locked {
                LoginFailure::Locked
            } else {
                LoginFailure::UnknownUser
            };
            let outcome = if is_locked {
                None
            } else {
                verify_password(api, None, input.password).await?;
                address_failed(api, &client, now);
                Some(
                    api.credentials
                        .record_unknown_failure(&username, now)
                        .await
                        .map_err(ApiError::internal)?,
                )
            };
            let failed = LoginFailed {
                person_id: None,
                username,
                reason,
                failed_count: outcome.map_or(failed_count, |o| o.failed_count),
                client,
            };
            api.commands
                .record(events::UNKNOWN_STREAM, &context, &[failed.into()])
                .await
                .map_err(ApiError::from)?;
            let until = outcome.map_or(locked_until, |o| o.locked_until);
            return Err(match until.filter(|u| *u > now) {
                Some(until) => locked(until, now),
                None => invalid(),
            }
            .into());
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
            api.commands
                .record(&stream, &context, &[failed.into()])
                .await
                .map_err(ApiError::from)?;
            return Err(locked(until, now).into());
        }
        let password_ok =
            verify_password(api, Some(credentials.password_hash.clone()), input.password).await?;
        let mut second_factor = false;
        // A disabled account fails like a wrong password (same work, counter and answer).
        let mut failure = if credentials.disabled {
            Some(LoginFailure::Disabled)
        } else {
            (!password_ok).then_some(LoginFailure::WrongPassword)
        };
        // With a second factor, the code comes with the password; a missing or wrong code
        // is answered exactly as a wrong password, so the answer never confirms a password.
        if failure.is_none()
            && let Some(secret) = &credentials.totp_secret
        {
            let step = input
                .totp_code
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .and_then(|code| {
                    totp::verify(secret, code, now.timestamp(), credentials.totp_last_step)
                });
            match step {
                Some(step)
                    if api
                        .credentials
                        .set_totp_last_step(person.0, step, now)
                        .await
                        .map_err(ApiError::internal)? =>
                {
                    second_factor = true;
                }
                _ => failure = Some(LoginFailure::WrongSecondFactor),
            }
        }
        if let Some(reason) = failure {
            address_failed(api, &client, now);
            let outcome = api
                .credentials
                .record_failure(person.0, now)
                .await
                .map_err(ApiError::internal)?;
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
            if let Some(until) = outcome.locked_until.filter(|u| *u > now) {
                recorded.push(
                    AccountLocked {
                        person_id: person,
                        until,
                        failed_count: outcome.failed_count,
                        client,
                    }
                    .into(),
                );
                api.commands
                    .record(&stream, &context, &recorded)
                    .await
                    .map_err(ApiError::from)?;
                return Err(locked(until, now).into());
            }
            api.commands
                .record(&stream, &context, &recorded)
                .await
                .map_err(ApiError::from)?;
            return Err(invalid().into());
        }
        api.credentials
            .record_success(person.0, now)
            .await
            .map_err(ApiError::internal)?;
        let wants_cookie = !input.bearer
            && ctx
                .data_opt::<Caller>()
                .is_some_and(|c| c.info.wants_cookie);
        let kind = if wants_cookie {
            TokenKind::Browser
        } else {
            TokenKind::Bearer
        };
        let expires_at = if wants_cookie {
            now + Duration::hours(BROWSER_SESSION_HOURS)
        } else {
            now + Duration::days(BEARER_TOKEN_DAYS)
        };
        let (token_text, token_hash) = token::new_token(kind);
        let session_id = Uuid::now_v7();
        api.credentials
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
            .await
            .map_err(ApiError::internal)?;
        let succeeded = LoginSucceeded {
            person_id: person,
            session_id: SessionId(session_id),
            kind: if wants_cookie {
                SessionKind::Browser
            } else {
                SessionKind::Bearer
            },
            second_factor,
            client,
        };
        let mut context = context;
        context.actor = Some(chancery_event_store::Actor {
            user_id: person.0,
            position_id: None,
            unit_id: None,
        });
        api.commands
            .record(&stream, &context, &[succeeded.into()])
            .await
            .map_err(ApiError::from)?;
        let token = if wants_cookie {
            if let Some(cookies) = ctx.data_opt::<ResponseCookies>() {
                cookies.push(cookie(
                    &token_text,
                    BROWSER_SESSION_HOURS * 3600,
                    api.settings.secure_cookies,
                ));
            }
            None
        } else {
            Some(token_text)
        };
        let person = Person::load(api, person.0).await?;
        Ok(LoginResult {
            person,
            token,
            expires_at,
            must_change_password: credentials.must_change,
        })
    }

    /// Ends the caller's session (and clears the browser cookie).
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let session = g.session.clone().ok_or(ApiError::Unauthenticated)?;
        api.credentials
            .revoke_session(session.session.0, g.now)
            .await
            .map_err(ApiError::internal)?;
        let event = LoggedOut {
            person_id: session.person,
            session_id: session.session,
            client: g.client.clone(),
        };
        record_usage(api, &g, session.person, &[event.into()]).await?;
        if let Some(cookies) = ctx.data_opt::<ResponseCookies>() {
            cookies.push(cookie("", 0, api.settings.secure_cookies));
        }
        Ok(true)
    }

    /// Changes the caller's password (required after logging in with a one-time password).
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> async_graphql::Result<bool> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let person = g.person()?;
        let credentials = own_credentials(api, person).await?;
        confirm_password(
            api,
            &g,
            &credentials,
            current_password.clone(),
            "currentPassword",
        )
        .await?;
        check_password_policy(&new_password, &credentials.username)?;
        if new_password == current_password {
            return Err(ApiError::invalid(
                "newPassword",
                "SAME_PASSWORD",
                "the new password must differ from the current one",
            )
            .into());
        }
        let hash = hash_password(api, new_password).await?;
        api.credentials
            .set_password(person.0, &hash, false, g.now)
            .await
            .map_err(ApiError::internal)?;
        let event = PasswordChanged {
            person_id: person,
            how: PasswordChange::ByUser,
            must_change: false,
        };
        record_usage(api, &g, person, &[event.into()]).await?;
        Ok(true)
    }

    /// Starts enrolling a TOTP second factor; `confirmTotp` with a code finishes it. While
    /// a second factor is active, replacing it needs the current `password`
    /// (`PASSWORD_REQUIRED`, `WRONG_PASSWORD`).
    async fn enrol_totp(
        &self,
        ctx: &Context<'_>,
        password: Option<String>,
    ) -> async_graphql::Result<TotpEnrolment> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let person = g.person()?;
        let credentials = own_credentials(api, person).await?;
        confirm_second_factor_change(api, &g, &credentials, password).await?;
        let username = g
            .organisation
            .people
            .get(&person)
            .map(|p| p.username.clone())
            .unwrap_or_default();
        let secret = totp::new_secret();
        api.credentials
            .set_totp_pending(person.0, &secret, g.now)
            .await
            .map_err(ApiError::internal)?;
        Ok(TotpEnrolment {
            secret_base32: totp::secret_base32(&secret),
            otpauth_url: totp::otpauth_url(ISSUER, &username, &secret),
        })
    }

    /// Confirms the pending TOTP enrolment with a current code. While a second factor is
    /// active, replacing it needs the current `password` (as `enrolTotp`).
    async fn confirm_totp(
        &self,
        ctx: &Context<'_>,
        code: String,
        password: Option<String>,
    ) -> async_graphql::Result<bool> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let person = g.person()?;
        let credentials = own_credentials(api, person).await?;
        confirm_second_factor_change(api, &g, &credentials, password).await?;
        let Some(pending) = credentials.totp_pending else {
            return Err(ApiError::refused(
                ErrorCode::Conflict,
                "NO_PENDING_ENROLMENT",
                "start the enrolment first",
            )
            .into());
        };
        let Some(step) = totp::verify(&pending, &code, g.now.timestamp(), None) else {
            return Err(ApiError::invalid("code", "WRONG_CODE", "the code is wrong").into());
        };
        api.credentials
            .confirm_totp(person.0, g.now)
            .await
            .map_err(ApiError::internal)?;
        api.credentials
            .set_totp_last_step(person.0, step, g.now)
            .await
            .map_err(ApiError::internal)?;
        let event = SecondFactorChanged {
            person_id: person,
            enabled: true,
        };
        record_usage(api, &g, person, &[event.into()]).await?;
        Ok(true)
    }

    /// Turns the caller's second factor off (needs the password).
    async fn disable_totp(
        &self,
        ctx: &Context<'_>,
        password: String,
    ) -> async_graphql::Result<bool> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let person = g.person()?;
        let credentials = own_credentials(api, person).await?;
        confirm_password(api, &g, &credentials, password, "password").await?;
        api.credentials
            .disable_totp(person.0, g.now)
            .await
            .map_err(ApiError::internal)?;
        let event = SecondFactorChanged {
            person_id: person,
            enabled: false,
        };
        record_usage(api, &g, person, &[event.into()]).await?;
        Ok(true)
    }

    /// Creates a person with an account and a one-time password (administrators).
    async fn create_account(
        &self,
        ctx: &Context<'_>,
        input: CreateAccountInput,
    ) -> async_graphql::Result<OneTimePassword> {
        let g = guard(ctx, &Action::ManageAccounts).await?;
        g.check(&Action::ManageOrganisation)?;
        let api = api(ctx)?;
        let username = chancery_domain::organisation::clean_username(&input.username)
            .map_err(ApiError::from)?;
        let person_id = UserId(Uuid::now_v7());
        let command = OrgCommand::RegisterPerson {
            person_id,
            username: username.clone(),
            full_name: input.full_name,
            email: input.email,
            phone: input.phone,
            clearance: input.clearance.into(),
        };
        // Check everything before storing a credential, so a refused command leaves nothing.
        g.organisation
            .decide(command.clone())
            .map_err(ApiError::from)?;
        let one_time = password::one_time_password_for(&username);
        let hash = hash_password(api, one_time.clone()).await?;
        api.credentials
            .create(person_id.0, &username, &hash, true, g.now)
            .await
            .map_err(identity_error)?;
        let context = g.command();
        let outcome = match api.commands.organisation_command(&context, command).await {
            Ok(outcome) => outcome,
            Err(error) => {
                // The person was not recorded: withdraw the credential so the username is free.
                if let Err(e) = api.credentials.delete_unregistered(person_id.0).await {
                    tracing::error!(error = %e, "could not withdraw an orphan credential");
                }
                return Err(ApiError::from(error).into());
            }
        };
        let event = PasswordChanged {
            person_id,
            how: PasswordChange::Initial,
            must_change: true,
        };
        api.commands
            .record(
                &events::account_stream(person_id),
                &context.follow_up(),
                &[event.into()],
            )
            .await
            .map_err(ApiError::from)?;
        let written = api.written(outcome.position).await?;
        Ok(OneTimePassword {
            person_id: ID(person_id.to_string()),
            username,
            one_time_password: one_time,
            written,
        })
    }

    /// Resets a person's password to a new one-time password and ends their sessions.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
    ) -> async_graphql::Result<OneTimePassword> {
        let g = guard(ctx, &Action::ManageAccounts).await?;
        let api = api(ctx)?;
        let person = UserId(parse_id(&person_id, "personId")?);
        let someone = g
            .organisation
            .active_person(person, "personId")
            .map_err(ApiError::from)?;
        let username = someone.username.clone();
        let one_time = password::one_time_password_for(&username);
        let hash = hash_password(api, one_time.clone()).await?;
        api.credentials
            .set_password(person.0, &hash, true, g.now)
            .await
            .map_err(ApiError::internal)?;
        let revoked = api
            .credentials
            .revoke_all(person.0, g.now)
            .await
            .map_err(ApiError::internal)?;
        let recorded: Vec<AnyEvent> = vec![
            PasswordChanged {
                person_id: person,
                how: PasswordChange::Reset,
                must_change: true,
            }
            .into(),
            SessionsRevoked {
                person_id: person,
                count: revoked,
            }
            .into(),
        ];
        let outcome = record_usage(api, &g, person, &recorded).await?;
        Ok(OneTimePassword {
            person_id,
            username,
            one_time_password: one_time,
            written: api.written(outcome.position).await?,
        })
    }

    /// Lifts a lockout.
    async fn unlock_account(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageAccounts).await?;
        let api = api(ctx)?;
        let person = UserId(parse_id(&person_id, "personId")?);
        g.organisation
            .active_person(person, "personId")
            .map_err(ApiError::from)?;
        api.credentials
            .unlock(person.0, g.now)
            .await
            .map_err(ApiError::internal)?;
        let outcome = record_usage(
            api,
            &g,
            person,
            &[AccountUnlocked { person_id: person }.into()],
        )
        .await?;
        Ok(api.written(outcome.position).await?)
    }

    /// Ends one session of a person: one's own (a browser left signed in elsewhere), or
    /// anyone's for account administrators. Returns whether it was open until now.
    async fn revoke_session(
        &self,
        ctx: &Context<'_>,
        person_id: Option<ID>,
        session_id: ID,
    ) -> async_graphql::Result<bool> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let of = sessions_owner(&g, person_id.as_ref())?;
        let api = api(ctx)?;
        let session = parse_id(&session_id, "sessionId")?;
        let open = api
            .credentials
            .sessions_of(of.0, g.now)
            .await
            .map_err(ApiError::internal)?;
        if !open.iter().any(|s| s.session_id == session) {
            // Another person's session, or one already ended: nothing to revoke here.
            return Err(ApiError::NotFound("session".to_owned()).into());
        }
        let revoked = api
            .credentials
            .revoke_session(session, g.now)
            .await
            .map_err(ApiError::internal)?;
        if revoked {
            let event = SessionsRevoked {
                person_id: of,
                count: 1,
            };
            record_usage(api, &g, of, &[event.into()]).await?;
        }
        Ok(revoked)
    }

    /// Ends every session of a person.
    async fn revoke_sessions(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
    ) -> async_graphql::Result<i32> {
        let g = guard(ctx, &Action::ManageAccounts).await?;
        let api = api(ctx)?;
        let person = UserId(parse_id(&person_id, "personId")?);
        if !g.organisation.people.contains_key(&person) {
            return Err(ApiError::NotFound("person".to_owned()).into());
        }
        let count = api
            .credentials
            .revoke_all(person.0, g.now)
            .await
            .map_err(ApiError::internal)?;
        let revoked = SessionsRevoked {
            person_id: person,
            count,
        };
        record_usage(api, &g, person, &[revoked.into()]).await?;
        Ok(i32::try_from(count).unwrap_or(i32::MAX))
    }
}

#[Object]
impl IdentityQuery {
    /// A person's open sessions (one's own, or anyone's for account administrators),
    /// newest first.
    async fn sessions(
        &self,
        ctx: &Context<'_>,
        person_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<SessionView>> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let of = sessions_owner(&g, person_id.as_ref())?;
        let api = api(ctx)?;
        let current = g.session.as_ref().map(|s| s.session.0);
        let sessions = api
            .credentials
            .sessions_of(of.0, g.now)
            .await
            .map_err(ApiError::internal)?
            .into_iter()
            .map(|s| SessionView {
                id: ID(s.session_id.to_string()),
                kind: match s.kind {
                    TokenKind::Browser => SessionKindGql::Browser,
                    TokenKind::Bearer => SessionKindGql::Bearer,
                },
                label: s.label,
                created_at: s.created_at,
                expires_at: s.expires_at,
                last_seen_at: s.last_seen_at,
                ip: s.ip,
                user_agent: s.user_agent,
                current: current == Some(s.session_id),
            })
            .collect();
        Ok(crate::paged(sessions, first, after)?)
    }

    /// The caller: profile, positions they may act in (own and delegated), delegations.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Me> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let person = g.person()?;
        let credentials = api
            .credentials
            .by_account(person.0)
            .await
            .map_err(ApiError::internal)?;
        Ok(Me {
            person: Person::load(api, person.0).await?,
            acting_position_id: g
                .principal
                .as_ref()
                .and_then(|p| p.acting.as_ref())
                .map(|a| ID(a.position.to_string())),
            positions: g
                .principal
                .as_ref()
                .map(|p| {
                    p.positions
                        .iter()
                        .map(|a| crate::organisation::ActingPosition::new(a, &g.organisation))
                        .collect()
                })
                .unwrap_or_default(),
            must_change_password: credentials.as_ref().is_some_and(|c| c.must_change),
            totp_enabled: credentials.as_ref().is_some_and(|c| c.totp_enabled()),
            language: auth::lang(ctx).code().to_owned(),
        })
    }

    /// The usage log of a person (one's own, or anyone's for those who may view usage
    /// logs), newest first.
    async fn usage_log(
        &self,
        ctx: &Context<'_>,
        person_id: Option<ID>,
        #[graphql(
            default,
            desc = "Everyone's entries, including failed logins naming no account (for those who may view usage logs)."
        )]
        everyone: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, UsageEntry, EmptyFields, EmptyFields>> {
        let g = auth::load(ctx).await?;
        let me = g.person()?;
        let of = match &person_id {
            Some(id) => Some(UserId(parse_id(id, "personId")?)),
            None if everyone => None,
            None => Some(me),
        };
        match of {
            Some(of) => g.check(&Action::ViewUsageLog { of })?,
            None => g.check(&Action::ViewAllUsageLogs)?,
        }
        let api = api(ctx)?;
        let limit = i64::from(first.unwrap_or(50).clamp(1, 200));
        let before = match after.as_deref() {
            None => None,
            Some(c) => Some(c.parse::<i64>().map_err(|_| {
                ApiError::invalid("after", "INVALID_CURSOR", "the cursor is not valid")
            })?),
        };
        let client = api.read_client().await?;
        let rows =
            chancery_read_models::usage_log::entries(&**client, of.map(|p| p.0), before, limit + 1)
                .await
                .map_err(ApiError::internal)?;
        let has_next = rows.len() as i64 > limit;
        let mut connection = Connection::new(after.is_some(), has_next);
        for row in rows.into_iter().take(usize::try_from(limit).unwrap_or(50)) {
            connection.edges.push(Edge::new(
                row.global_position.to_string(),
                UsageEntry {
                    at: row.recorded_at,
                    person_id: row.person_id.map(|p| ID(p.to_string())),
                    username: row.username,
                    kind: row.event_type,
                    ip: row.ip,
                    user_agent: row.user_agent,
                    detail: async_graphql::Json(row.detail),
                },
            ));
        }
        Ok(connection)
    }
}

/// The caller.
#[derive(SimpleObject)]
pub struct Me {
    pub person: Person,
    /// The position this request acts in (`X-Chancery-Position`, else the first).
    pub acting_position_id: Option<ID>,
    pub positions: Vec<crate::organisation::ActingPosition>,
    pub must_change_password: bool,
    pub totp_enabled: bool,
    /// The interface language of this request: `vi`, `en` or `lo`.
    pub language: String,
}
