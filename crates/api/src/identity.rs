//! Identity: logging in and out, passwords, the TOTP second factor, the caller's own
//! profile (`me`), the usage log, and the administrators' account mutations.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chancery_commands::accounts::{self, AccountError, Accounts, LoginRequest, NewAccount};
use chancery_domain::access::Action;
use chancery_domain::ids::UserId;
use chancery_domain::reference::{Confidentiality, Lang};
use chancery_identity::TokenKind;
use chrono::{DateTime, Utc};

use crate::auth::{self, Caller, ResponseCookies, SESSION_COOKIE, api, guard};
use crate::organisation::{Person, parse_id};
use crate::{ApiError, ErrorCode, Written};

pub use chancery_commands::accounts::{BEARER_TOKEN_DAYS, BROWSER_SESSION_HOURS};

#[derive(Default)]
pub struct IdentityQuery;

/// An interface language.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "Language")]
pub enum LanguageGql {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
    /// ພາສາລາວ.
    Lo,
}

impl From<LanguageGql> for Lang {
    fn from(value: LanguageGql) -> Self {
        match value {
            LanguageGql::Vi => Lang::Vi,
            LanguageGql::En => Lang::En,
            LanguageGql::Lo => Lang::Lo,
        }
    }
}

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
    pub kind: SessionKind,
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
pub enum SessionKind {
    Browser,
    Bearer,
}

/// Whose sessions the caller asks about: their own, or (administrators) anyone's.
fn sessions_owner(g: &auth::Guard, person_id: Option<&ID>) -> Result<UserId, ApiError> {
    let person = person_id
        .map(|id| parse_id(id, "personId").map(UserId))
        .transpose()?;
    Ok(accounts::sessions_owner(&g.caller(None)?, person)?)
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> Self {
        let message = error.to_string();
        match error {
            AccountError::InvalidCredentials => {
                Self::refused(ErrorCode::Unauthenticated, "INVALID_CREDENTIALS", message)
            }
            AccountError::Locked {
                retry_after_seconds,
                ..
            } => Self::rate_limited("ACCOUNT_LOCKED", message, retry_after_seconds),
            AccountError::TooManyAttempts {
                retry_after_seconds,
            } => Self::rate_limited("TOO_MANY_ATTEMPTS", message, retry_after_seconds),
            AccountError::Busy => Self::rate_limited("BUSY", message, 1),
            AccountError::NotFound(what) => Self::NotFound(what.to_owned()),
            AccountError::Command(error) => error.into(),
            AccountError::Identity(error) => Self::internal(error),
        }
    }
}

impl ApiError {
    fn rate_limited(reason: &'static str, message: String, retry_after_seconds: i64) -> Self {
        Self::Refused {
            code: ErrorCode::RateLimited,
            reason,
            field: None,
            message,
            retry_after_seconds: Some(retry_after_seconds),
        }
    }
}

/// The account use cases over this server's stores and guards.
fn accounts(api: &crate::ApiContext) -> Accounts<'_> {
    Accounts {
        commands: &api.commands,
        credentials: &api.credentials,
        work: &api.settings.password_work,
        address_throttle: &api.settings.address_throttle,
    }
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
        // Browsers (the server saw no bearer client) get a cookie unless they ask for a token.
        let wants_cookie = !input.bearer
            && ctx
                .data_opt::<Caller>()
                .is_some_and(|c| c.info.wants_cookie);
        let request = LoginRequest {
            username: input.username,
            password: input.password,
            totp_code: input.totp_code,
            kind: if wants_cookie {
                TokenKind::Browser
            } else {
                TokenKind::Bearer
            },
            client: g.client.clone(),
        };
        let logged_in = accounts(api)
            .login(&g.organisation, &g.command(), request)
            .await
            .map_err(ApiError::from)?;
        let token = if wants_cookie {
            if let Some(cookies) = ctx.data_opt::<ResponseCookies>() {
                cookies.push(cookie(
                    &logged_in.token,
                    BROWSER_SESSION_HOURS * 3600,
                    api.settings.secure_cookies,
                ));
            }
            None
        } else {
            Some(logged_in.token)
        };
        Ok(LoginResult {
            person: Person::load(api, logged_in.person.0).await?,
            token,
            expires_at: logged_in.expires_at,
            must_change_password: logged_in.must_change_password,
        })
    }

    /// Ends the caller's session (and clears the browser cookie).
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let session = g.session.as_ref().ok_or(ApiError::Unauthenticated)?.session;
        accounts(api)
            .logout(&g.caller(None)?, &g.client, session)
            .await
            .map_err(ApiError::from)?;
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
        accounts(api(ctx)?)
            .change_password(&g.caller(None)?, &g.client, current_password, new_password)
            .await
            .map_err(ApiError::from)?;
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
        let enrolment = accounts(api(ctx)?)
            .enrol_totp(&g.caller(None)?, &g.client, password)
            .await
            .map_err(ApiError::from)?;
        Ok(TotpEnrolment {
            secret_base32: enrolment.secret_base32,
            otpauth_url: enrolment.otpauth_url,
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
        accounts(api(ctx)?)
            .confirm_totp(&g.caller(None)?, &g.client, &code, password)
            .await
            .map_err(ApiError::from)?;
        Ok(true)
    }

    /// Keeps the interface language with the caller's account (recorded on their account's
    /// stream): `me.preferredLanguage` gives it back, so it follows them to every device.
    async fn choose_language(
        &self,
        ctx: &Context<'_>,
        language: LanguageGql,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let outcome = accounts(api)
            .choose_language(&g.caller(None)?, language.into())
            .await
            .map_err(ApiError::from)?;
        Ok(api.written(outcome.position).await?)
    }

    /// Turns the caller's second factor off (needs the password).
    async fn disable_totp(
        &self,
        ctx: &Context<'_>,
        password: String,
    ) -> async_graphql::Result<bool> {
        let g = guard(ctx, &Action::ManageOwnAccount).await?;
        accounts(api(ctx)?)
            .disable_totp(&g.caller(None)?, &g.client, password)
            .await
            .map_err(ApiError::from)?;
        Ok(true)
    }

    /// Creates a person with an account and a one-time password (administrators).
    async fn create_account(
        &self,
        ctx: &Context<'_>,
        input: CreateAccountInput,
    ) -> async_graphql::Result<OneTimePassword> {
        let g = guard(ctx, &Action::ManageAccounts).await?;
        let api = api(ctx)?;
        let account = NewAccount {
            username: input.username,
            full_name: input.full_name,
            email: input.email,
            phone: input.phone,
            clearance: input.clearance.into(),
        };
        let created = accounts(api)
            .create_account(&g.caller(None)?, account)
            .await
            .map_err(ApiError::from)?;
        Ok(OneTimePassword {
            person_id: ID(created.person.to_string()),
            username: created.username,
            one_time_password: created.one_time_password,
            written: api.written(created.position).await?,
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
        let reset = accounts(api)
            .reset_password(&g.caller(None)?, person)
            .await
            .map_err(ApiError::from)?;
        Ok(OneTimePassword {
            person_id,
            username: reset.username,
            one_time_password: reset.one_time_password,
            written: api.written(reset.position).await?,
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
        let outcome = accounts(api)
            .unlock_account(&g.caller(None)?, person)
            .await
            .map_err(ApiError::from)?;
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
        let person = person_id
            .as_ref()
            .map(|id| parse_id(id, "personId").map(UserId))
            .transpose()?;
        let session = parse_id(&session_id, "sessionId")?;
        Ok(accounts(api(ctx)?)
            .revoke_session(&g.caller(None)?, person, session)
            .await
            .map_err(ApiError::from)?)
    }

    /// Ends every session of a person.
    async fn revoke_sessions(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
    ) -> async_graphql::Result<i32> {
        let g = guard(ctx, &Action::ManageAccounts).await?;
        let person = UserId(parse_id(&person_id, "personId")?);
        let count = accounts(api(ctx)?)
            .revoke_sessions(&g.caller(None)?, person)
            .await
            .map_err(ApiError::from)?;
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
                    TokenKind::Browser => SessionKind::Browser,
                    TokenKind::Bearer => SessionKind::Bearer,
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
            preferred_language: chancery_read_models::usage_log::language_of(
                &**api.read_client().await?,
                person.0,
            )
            .await
            .map_err(ApiError::internal)?,
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
    /// The interface language the person keeps with their account (`chooseLanguage`):
    /// `vi`, `en` or `lo`; null until they choose one.
    pub preferred_language: Option<String>,
}
