//! Setting or changing one's signing PIN: the secret that confirms the use of one's
//! server-held signing key (`domain::confirmation`), distinct from the password. Needs the
//! current password, with the same guards as changing the password (a wrong one counts as a
//! failed login).

use chancery_domain::DomainError;
use chancery_domain::access::Action;
use chancery_domain::identity::Client;
use chancery_identity::confirmation::check_pin;

use super::{AccountError, Accounts};
use crate::caller::Caller;

impl Accounts<'_> {
    /// Sets the caller's signing PIN (`WRONG_PASSWORD` on `password`; on `pin`: the PIN
    /// rule's code, or `SAME_AS_PASSWORD`). The count of wrong confirmations starts again.
    pub async fn set_signing_pin(
        &self,
        caller: &Caller,
        client: &Client,
        password: String,
        pin: String,
    ) -> Result<(), AccountError> {
        caller.check(&Action::ManageOwnAccount)?;
        let person = caller.principal.person;
        let credentials = self.own_credentials(caller).await?;
        self.confirm_password(caller, client, &credentials, password, "password")
            .await?;
        check_pin(&pin).map_err(|code| {
            DomainError::validation(
                "pin",
                code,
                format!(
                    "a signing PIN has {} to {} characters",
                    chancery_identity::confirmation::PIN_MIN_LENGTH,
                    chancery_identity::confirmation::PIN_MAX_LENGTH
                ),
            )
        })?;
        if self
            .verify_password(Some(credentials.password_hash.clone()), pin.clone())
            .await?
        {
            return Err(DomainError::validation(
                "pin",
                "SAME_AS_PASSWORD",
                "the signing PIN must differ from the password",
            )
            .into());
        }
        let hash = self.hash_password(pin).await?;
        self.credentials
            .set_signing_pin(person.0, &hash, caller.now())
            .await?;
        Ok(())
    }
}
