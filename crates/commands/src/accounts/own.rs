//! A person's own account: logging out, changing the password, the TOTP second factor, the
//! interface language, and ending sessions (one's own; anyone's for account administrators).
//!
//! Changing the password or turning the second factor off needs the current password;
//! replacing an active second factor does too (a stolen session must not swap the owner's
//! authenticator for the thief's). A wrong password there counts like a failed login.

use chancery_domain::DomainError;
use chancery_domain::access::Action;
use chancery_domain::identity::{
    Client, LanguageChosen, LoggedOut, PasswordChange, PasswordChanged, SecondFactorChanged,
    SessionsRevoked,
};
use chancery_domain::ids::{SessionId, UserId};
use chancery_domain::reference::Lang;
use chancery_identity::{password, totp};
use uuid::Uuid;

use super::{AccountError, Accounts, TOTP_ISSUER};
use crate::caller::Caller;

/// A TOTP enrolment in progress: the secret to show (as text and as a QR code of the URL).
#[derive(Debug, Clone)]
pub struct TotpEnrolment {
    pub secret_base32: String,
    pub otpauth_url: String,
}

/// Whose sessions the caller asks about: their own (`None` or themselves), or — for account
/// administrators — anyone's in the organisation (`NotFound("person")` otherwise).
pub fn sessions_owner(caller: &Caller, person: Option<UserId>) -> Result<UserId, AccountError> {
    caller.check(&Action::ManageOwnAccount)?;
    let me = caller.principal.person;
    let of = person.unwrap_or(me);
    if of != me {
        caller.check(&Action::ManageAccounts)?;
        if !caller.organisation.people.contains_key(&of) {
            return Err(AccountError::NotFound("person"));
        }
    }
    Ok(of)
}

impl Accounts<'_> {
    /// Ends the caller's `session`.
    pub async fn logout(
        &self,
        caller: &Caller,
        client: &Client,
        session: SessionId,
    ) -> Result<(), AccountError> {
        caller.check(&Action::ManageOwnAccount)?;
        let person = caller.principal.person;
        self.credentials
            .revoke_session(session.0, caller.now())
            .await?;
        let event = LoggedOut {
            person_id: person,
            session_id: session,
            client: client.clone(),
        };
        self.record_usage(&caller.context, person, &[event.into()])
            .await?;
        Ok(())
    }

    /// Changes the caller's password: the current one must be right (`WRONG_PASSWORD` on
    /// `currentPassword`, counted as a failed attempt), the new one must meet the policy
    /// (its first violation's code on `newPassword`) and differ (`SAME_PASSWORD`).
    pub async fn change_password(
        &self,
        caller: &Caller,
        client: &Client,
        current_password: String,
        new_password: String,
    ) -> Result<(), AccountError> {
        caller.check(&Action::ManageOwnAccount)?;
        let person = caller.principal.person;
        let credentials = self.own_credentials(caller).await?;
        self.confirm_password(
            caller,
            client,
            &credentials,
            current_password.clone(),
            "currentPassword",
        )
        .await?;
        password::check_policy(&new_password, &credentials.username).map_err(|violations| {
            let codes: Vec<&str> = violations.iter().map(|v| v.code()).collect();
            DomainError::validation(
                "newPassword",
                violations.first().map_or("WEAK_PASSWORD", |v| v.code()),
                format!(
                    "the password does not meet the policy: {}",
                    codes.join(", ")
                ),
            )
        })?;
        if new_password == current_password {
            return Err(DomainError::validation(
                "newPassword",
                "SAME_PASSWORD",
                "the new password must differ from the current one",
            )
            .into());
        }
        let hash = self.hash_password(new_password).await?;
        self.credentials
            .set_password(person.0, &hash, false, caller.now())
            .await?;
        let event = PasswordChanged {
            person_id: person,
            how: PasswordChange::ByUser,
            must_change: false,
        };
        self.record_usage(&caller.context, person, &[event.into()])
            .await?;
        Ok(())
    }

    /// Starts enrolling a TOTP second factor (a new pending secret); [`Self::confirm_totp`]
    /// with a code finishes it. While a second factor is active, this needs the current
    /// `password` (`PASSWORD_REQUIRED`, `WRONG_PASSWORD`).
    pub async fn enrol_totp(
        &self,
        caller: &Caller,
        client: &Client,
        password: Option<String>,
    ) -> Result<TotpEnrolment, AccountError> {
        caller.check(&Action::ManageOwnAccount)?;
        let person = caller.principal.person;
        let credentials = self.own_credentials(caller).await?;
        self.confirm_second_factor_change(caller, client, &credentials, password)
            .await?;
        let username = caller
            .organisation
            .people
            .get(&person)
            .map(|p| p.username.clone())
            .unwrap_or_default();
        let secret = totp::new_secret();
        self.credentials
            .set_totp_pending(person.0, &secret, caller.now())
            .await?;
        Ok(TotpEnrolment {
            secret_base32: totp::secret_base32(&secret),
            otpauth_url: totp::otpauth_url(TOTP_ISSUER, &username, &secret),
        })
    }

    /// Confirms the pending TOTP enrolment with a current `code` (`NO_PENDING_ENROLMENT`
    /// without one, `WRONG_CODE` on `code`); the code's time step counts as used. While a
    /// second factor is active, this needs the current `password` too.
    pub async fn confirm_totp(
        &self,
        caller: &Caller,
        client: &Client,
        code: &str,
        password: Option<String>,
    ) -> Result<(), AccountError> {
        caller.check(&Action::ManageOwnAccount)?;
        let person = caller.principal.person;
        let now = caller.now();
        let credentials = self.own_credentials(caller).await?;
        self.confirm_second_factor_change(caller, client, &credentials, password)
            .await?;
        let Some(pending) = credentials.totp_pending else {
            return Err(
                DomainError::conflict("NO_PENDING_ENROLMENT", "start the enrolment first").into(),
            );
        };
        let Some(step) = totp::verify(&pending, code, now.timestamp(), None) else {
            return Err(DomainError::validation("code", "WRONG_CODE", "the code is wrong").into());
        };
        self.credentials.confirm_totp(person.0, now).await?;
        self.credentials
            .set_totp_last_step(person.0, step, now)
            .await?;
        let event = SecondFactorChanged {
            person_id: person,
            enabled: true,
        };
        self.record_usage(&caller.context, person, &[event.into()])
            .await?;
        Ok(())
    }

    /// Records the interface language the caller chose for their account (on their
    /// account's stream; the server applies it at their next login on any device). Returns
    /// where it was written, for a read-your-writes wait.
    pub async fn choose_language(
        &self,
        caller: &Caller,
        language: Lang,
    ) -> Result<crate::Outcome, AccountError> {
        caller.check(&Action::ManageOwnAccount)?;
        let person = caller.principal.person;
        let event = LanguageChosen {
            person_id: person,
            language,
        };
        self.record_usage(&caller.context, person, &[event.into()])
            .await
    }

    /// Turns the caller's second factor off: always needs the current password.
    pub async fn disable_totp(
        &self,
        caller: &Caller,
        client: &Client,
        password: String,
    ) -> Result<(), AccountError> {
        caller.check(&Action::ManageOwnAccount)?;
        let person = caller.principal.person;
        let credentials = self.own_credentials(caller).await?;
        self.confirm_password(caller, client, &credentials, password, "password")
            .await?;
        self.credentials
            .disable_totp(person.0, caller.now())
            .await?;
        let event = SecondFactorChanged {
            person_id: person,
            enabled: false,
        };
        self.record_usage(&caller.context, person, &[event.into()])
            .await?;
        Ok(())
    }

    /// Ends one open session of `person` (see [`sessions_owner`]). Returns whether it was
    /// open until now; another person's session or one already ended is `NotFound`.
    pub async fn revoke_session(
        &self,
        caller: &Caller,
        person: Option<UserId>,
        session: Uuid,
    ) -> Result<bool, AccountError> {
        let of = sessions_owner(caller, person)?;
        let now = caller.now();
        let open = self.credentials.sessions_of(of.0, now).await?;
        if !open.iter().any(|s| s.session_id == session) {
            return Err(AccountError::NotFound("session"));
        }
        let revoked = self.credentials.revoke_session(session, now).await?;
        if revoked {
            let event = SessionsRevoked {
                person_id: of,
                count: 1,
            };
            self.record_usage(&caller.context, of, &[event.into()])
                .await?;
        }
        Ok(revoked)
    }
}
