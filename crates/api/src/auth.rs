//! Who is calling: the server turns each HTTP request into a [`RequestInfo`] (token, acting
//! position, client address, language); [`ApiContext::authenticate`] checks the token
//! against the session store and yields the request's [`Caller`]. Resolvers then ask
//! [`guard`] for permission to do one [`Action`]; the decision is
//! `chancery_domain::access::authorize`, never the resolver's.

use std::sync::Arc;

use async_graphql::Context;
use chancery_commands::CommandContext;
use chancery_domain::access::{self, Action, Principal};
use chancery_domain::identity::{Client, SessionKind};
use chancery_domain::ids::{PositionId, SessionId, UserId};
use chancery_domain::organisation::Organisation;
use chancery_domain::reference::Lang;
use chancery_event_store::{Actor, OnBehalfOf};
use chrono::{DateTime, Utc};

use crate::{ApiContext, ApiError};

/// What the HTTP layer knows about a request.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    /// A session or bearer token, from the cookie or the `Authorization` header.
    pub token: Option<String>,
    /// The acting position the client asked for (`X-Chancery-Position`).
    pub position: Option<String>,
    pub client: Client,
    /// From `Accept-Language`, when given.
    pub lang: Option<Lang>,
    /// Browsers get a cookie from `login`; API clients get the token in the response.
    pub wants_cookie: bool,
}

/// An authenticated session.
#[derive(Debug, Clone)]
pub struct AuthSession {
    pub person: UserId,
    pub session: SessionId,
    pub kind: SessionKind,
    /// Logged in with a one-time password: only the own account may be used until the
    /// password is changed.
    pub must_change_password: bool,
}

/// The caller of one request.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub info: RequestInfo,
    pub session: Option<AuthSession>,
}

impl Caller {
    pub fn anonymous(info: RequestInfo) -> Self {
        Self {
            info,
            session: None,
        }
    }
}

/// Cookies and headers a resolver wants on the HTTP response (login sets a cookie, logout
/// clears it). The server copies them onto the response.
#[derive(Debug, Clone, Default)]
pub struct ResponseCookies(pub Arc<std::sync::Mutex<Vec<String>>>);

impl ResponseCookies {
    pub fn push(&self, cookie: String) {
        if let Ok(mut cookies) = self.0.lock() {
            cookies.push(cookie);
        }
    }

    pub fn take(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut c| std::mem::take(&mut *c))
            .unwrap_or_default()
    }
}

/// The name of the browser session cookie.
pub const SESSION_COOKIE: &str = "chancery_session";

impl ApiContext {
    /// Resolves the request's token to a session (an unknown, expired or revoked token is
    /// treated as no token: the request is anonymous).
    pub async fn authenticate(&self, info: RequestInfo) -> Result<Caller, ApiError> {
        let Some(token) = info.token.as_deref() else {
            return Ok(Caller::anonymous(info));
        };
        let now = Utc::now();
        let hash = chancery_identity::token::hash_token(token);
        let Some(session) = self
            .credentials
            .session_by_token(&hash, now)
            .await
            .map_err(ApiError::internal)?
        else {
            return Ok(Caller::anonymous(info));
        };
        let must_change = self
            .credentials
            .by_account(session.account_id)
            .await
            .map_err(ApiError::internal)?
            .is_some_and(|c| c.must_change);
        Ok(Caller {
            session: Some(AuthSession {
                person: UserId(session.account_id),
                session: SessionId(session.session_id),
                kind: match session.kind {
                    chancery_identity::TokenKind::Browser => SessionKind::Browser,
                    chancery_identity::TokenKind::Bearer => SessionKind::Bearer,
                },
                must_change_password: must_change,
            }),
            info,
        })
    }
}

/// Permission to act, and what a resolver needs to act: the principal and the organisation
/// the decision was made on.
pub struct Guard {
    pub principal: Option<Principal>,
    pub organisation: Arc<Organisation>,
    pub session: Option<AuthSession>,
    pub client: Client,
    pub now: DateTime<Utc>,
}

impl Guard {
    /// The authenticated person (after a successful check of any non-public action).
    pub fn person(&self) -> Result<UserId, ApiError> {
        self.session
            .as_ref()
            .map(|s| s.person)
            .ok_or(ApiError::Unauthenticated)
    }

    /// Checks one more action with the same principal.
    pub fn check(&self, action: &Action<'_>) -> Result<(), ApiError> {
        access::authorize(self.principal.as_ref(), &self.organisation, action)?;
        Ok(())
    }

    /// The caller of a use case: this principal, the organisation, and the command the use
    /// case issues (its id derived from `key`, the request's idempotency key).
    pub fn caller(
        &self,
        key: Option<&async_graphql::ID>,
    ) -> Result<chancery_commands::caller::Caller, ApiError> {
        Ok(chancery_commands::caller::Caller {
            principal: self.principal.clone().ok_or(ApiError::Unauthenticated)?,
            organisation: self.organisation.clone(),
            context: crate::documents::command_context(self, key)?,
        })
    }

    /// The metadata of a command issued by this caller: who, in which position, and on
    /// whose behalf when the position is delegated.
    pub fn command(&self) -> CommandContext {
        let actor = self.session.as_ref().map(|s| Actor {
            user_id: s.person.0,
            position_id: self
                .principal
                .as_ref()
                .and_then(|p| p.acting.as_ref())
                .map(|a| a.position.0),
            unit_id: self
                .principal
                .as_ref()
                .and_then(|p| p.acting.as_ref())
                .map(|a| a.unit.0),
        });
        let mut context = CommandContext::new(actor, self.now);
        context.on_behalf_of = self
            .principal
            .as_ref()
            .and_then(|p| p.acting.as_ref())
            .and_then(|a| {
                a.delegation.as_ref().map(|d| OnBehalfOf {
                    user_id: d.holder.0,
                    position_id: Some(a.position.0),
                    authority: d.authority.prefix().to_owned(),
                })
            });
        context
    }
}

/// Loads the caller's principal and checks `action`. Every resolver starts here.
pub async fn guard(ctx: &Context<'_>, action: &Action<'_>) -> Result<Guard, ApiError> {
    let guard = load(ctx).await?;
    guard.check(action)?;
    Ok(guard)
}

/// Loads the caller's principal without checking anything yet (for actions that need the
/// organisation to be described, such as delegating a given position).
pub async fn load(ctx: &Context<'_>) -> Result<Guard, ApiError> {
    let api = api(ctx)?;
    let caller = ctx.data_opt::<Caller>().cloned().unwrap_or_default();
    api.load(caller).await
}

impl ApiContext {
    /// The guard of a caller outside GraphQL (file downloads and uploads).
    pub async fn load(&self, caller: Caller) -> Result<Guard, ApiError> {
        load_for(self, caller).await
    }
}

async fn load_for(api: &ApiContext, caller: Caller) -> Result<Guard, ApiError> {
    let organisation = api.commands.organisation().await?;
    let now = Utc::now();
    let principal = match &caller.session {
        None => None,
        Some(session) => {
            let requested = match caller.info.position.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(text) => Some(text.parse::<PositionId>().map_err(|_| {
                    ApiError::invalid(
                        "X-Chancery-Position",
                        "INVALID_ID",
                        "the acting position is not an id",
                    )
                })?),
            };
            let mut principal = Principal::resolve(&organisation, session.person, requested, now)?;
            principal.password_change_pending = session.must_change_password;
            Some(principal)
        }
    };
    Ok(Guard {
        principal,
        organisation,
        session: caller.session,
        client: caller.info.client,
        now,
    })
}

pub fn api<'a>(ctx: &Context<'a>) -> Result<&'a ApiContext, ApiError> {
    ctx.data::<ApiContext>()
        .map_err(|_| ApiError::internal("the API context is missing"))
}

/// The request's language: the header's, else Vietnamese.
pub fn lang(ctx: &Context<'_>) -> Lang {
    ctx.data_opt::<Caller>()
        .and_then(|c| c.info.lang)
        .unwrap_or(Lang::Vi)
}
