//! The account administrators' use cases: creating a person with an account and a
//! one-time password, resetting a password, lifting a lockout, ending all of a person's
//! sessions.

use chancery_domain::DomainError;
use chancery_domain::access::Action;
use chancery_domain::catalogue::AnyEvent;
use chancery_domain::identity::{
    self as events, AccountUnlocked, PasswordChange, PasswordChanged, SessionsRevoked,
};
use chancery_domain::ids::UserId;
use chancery_domain::organisation::{OrgCommand, clean_username};
use chancery_domain::reference::Confidentiality;
use chancery_event_store::GlobalPosition;
use chancery_identity::{IdentityError, password};
use uuid::Uuid;

use super::{AccountError, Accounts};
use crate::Outcome;
use crate::caller::Caller;

/// An account just created or reset: the one-time password is shown once, to the
/// administrator, who hands it to the person.
#[derive(Debug, Clone)]
pub struct OneTimePassword {
    pub person: UserId,
    pub username: String,
    pub one_time_password: String,
    /// Where the write landed (for read-your-writes waits).
    pub position: Option<GlobalPosition>,
}

/// A new person with an account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub clearance: Confidentiality,
}

impl Accounts<'_> {
    /// Creates a person with an account and a one-time password that must be changed at the
    /// first login (account administrators who may also manage the organisation). A refused
    /// registration leaves no credential behind (`USERNAME_TAKEN` on `username` when another
    /// account has the name in any case).
    pub async fn create_account(
        &self,
        caller: &Caller,
        account: NewAccount,
    ) -> Result<OneTimePassword, AccountError> {
        caller.check(&Action::ManageAccounts)?;
        caller.check(&Action::ManageOrganisation)?;
        let username = clean_username(&account.username)?;
        let person = UserId(Uuid::now_v7());
        let command = OrgCommand::RegisterPerson {
            person_id: person,
            username: username.clone(),
            full_name: account.full_name,
            email: account.email,
            phone: account.phone,
            clearance: account.clearance,
        };
        // Check everything before storing a credential, so a refused command leaves nothing.
        caller.organisation.decide(command.clone())?;
        let one_time = password::one_time_password_for(&username);
        let hash = self.hash_password(one_time.clone()).await?;
        self.credentials
            .create(person.0, &username, &hash, true, caller.now())
            .await
            .map_err(|error| match error {
                IdentityError::UsernameTaken => AccountError::from(DomainError::conflict_on(
                    "username",
                    "USERNAME_TAKEN",
                    "the username is taken",
                )),
                other => other.into(),
            })?;
        let outcome = match self
            .commands
            .organisation_command(&caller.context, command)
            .await
        {
            Ok(outcome) => outcome,
            Err(error) => {
                // The person was not recorded: withdraw the credential so the username is free.
                if let Err(e) = self.credentials.delete_unregistered(person.0).await {
                    tracing::error!(error = %e, "could not withdraw an orphan credential");
                }
                return Err(error.into());
            }
        };
        let event = PasswordChanged {
            person_id: person,
            how: PasswordChange::Initial,
            must_change: true,
        };
        self.commands
            .record(
                &events::account_stream(person),
                &caller.context.follow_up(),
                &[event.into()],
            )
            .await?;
        Ok(OneTimePassword {
            person,
            username,
            one_time_password: one_time,
            position: outcome.position,
        })
    }

    /// Resets an active person's password to a new one-time password (to be changed at the
    /// next login) and ends their sessions.
    pub async fn reset_password(
        &self,
        caller: &Caller,
        person: UserId,
    ) -> Result<OneTimePassword, AccountError> {
        caller.check(&Action::ManageAccounts)?;
        let username = caller
            .organisation
            .active_person(person, "personId")?
            .username
            .clone();
        let now = caller.now();
        let one_time = password::one_time_password_for(&username);
        let hash = self.hash_password(one_time.clone()).await?;
        self.credentials
            .set_password(person.0, &hash, true, now)
            .await?;
        let revoked = self.credentials.revoke_all(person.0, now).await?;
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
        let outcome = self
            .record_usage(&caller.context, person, &recorded)
            .await?;
        Ok(OneTimePassword {
            person,
            username,
            one_time_password: one_time,
            position: outcome.position,
        })
    }

    /// Lifts an active person's lockout (their failure count starts again from zero).
    pub async fn unlock_account(
        &self,
        caller: &Caller,
        person: UserId,
    ) -> Result<Outcome, AccountError> {
        caller.check(&Action::ManageAccounts)?;
        caller.organisation.active_person(person, "personId")?;
        self.credentials.unlock(person.0, caller.now()).await?;
        self.record_usage(
            &caller.context,
            person,
            &[AccountUnlocked { person_id: person }.into()],
        )
        .await
    }

    /// Ends every open session of a person of the organisation; returns how many.
    pub async fn revoke_sessions(
        &self,
        caller: &Caller,
        person: UserId,
    ) -> Result<u64, AccountError> {
        caller.check(&Action::ManageAccounts)?;
        if !caller.organisation.people.contains_key(&person) {
            return Err(AccountError::NotFound("person"));
        }
        let count = self.credentials.revoke_all(person.0, caller.now()).await?;
        let revoked = SessionsRevoked {
            person_id: person,
            count,
        };
        self.record_usage(&caller.context, person, &[revoked.into()])
            .await?;
        Ok(count)
    }
}
