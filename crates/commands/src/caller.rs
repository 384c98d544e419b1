//! Who asks for a use case: the principal `domain::access` decides on, the organisation it
//! was resolved against, and the metadata of the command the use case issues. The GraphQL
//! API builds one per request (after resolving the session); use cases take it and decide
//! everything else themselves.

use std::sync::Arc;

use chancery_domain::access::{self, Acting, Action, Principal};
use chancery_domain::document::{ActedBy, Actor};
use chancery_domain::organisation::Organisation;
use chrono::{DateTime, NaiveDate, Utc};

use crate::{CommandContext, CommandError};

/// Vietnam and Laos both keep UTC+7: "today" for deadlines, document dates and registers.
pub fn local_today(now: DateTime<Utc>) -> NaiveDate {
    (now + chrono::Duration::hours(7)).date_naive()
}

/// The caller of a use case.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    pub organisation: Arc<Organisation>,
    /// The command the use case issues first (its id derives from the request's idempotency
    /// key, so a repeated request is the same command).
    pub context: CommandContext,
}

impl Caller {
    /// Asks `domain::access` about `action`.
    pub fn check(&self, action: &Action<'_>) -> Result<(), CommandError> {
        access::authorize(Some(&self.principal), &self.organisation, action)?;
        Ok(())
    }

    /// The position the caller acts in (every document use case needs one).
    pub fn acting(&self) -> Result<&Acting, CommandError> {
        self.principal
            .acting
            .as_ref()
            .ok_or(CommandError::Denied(access::Denied::Forbidden(
                "NO_POSITION",
            )))
    }

    /// The caller as a document's events record them.
    pub fn actor(&self) -> Result<Actor, CommandError> {
        let acting = self.acting()?;
        Ok(Actor {
            by: ActedBy {
                person: self.principal.person,
                position: acting.position,
            },
            role: acting.role.clone(),
            today: self.today(),
        })
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.context.now
    }

    pub fn today(&self) -> NaiveDate {
        local_today(self.context.now)
    }
}
