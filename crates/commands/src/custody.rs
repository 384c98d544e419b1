//! Key custody: where a signing key is held and what using it demands. The signing use cases
//! obtain a [`chancery_signing::Signer`] only through a [`KeyCustody`], never from the vault
//! directly.
//!
//! One custody is implemented: [`ServerHeld`], PKCS#12 files sealed with the master key in
//! the file store ([`crate::signatures::Vault`]). It opens a key only for a [`Confirmed`] use:
//! the proof that the person asking confirmed with their signing PIN or a TOTP code just now
//! (`domain::confirmation`, checked by [`crate::signing::Confirmations`], the only maker of
//! a `Confirmed`). A USB token behind a local signing plugin, or a remote signing service,
//! would be other implementations: see ARCHITECTURE.md ("Key custody") for their two-phase
//! flow (the server prepares the digest, the holder's device signs it, the server embeds the
//! value) — not implemented yet.

use chancery_domain::confirmation::ConfirmedWith;
use chancery_domain::ids::UserId;
use chancery_domain::signing::Key;
use chancery_files::FileStore;
use chancery_signing::Signer;

use crate::CommandError;
use crate::signatures::Vault;

/// Proof that `person` confirmed the use of a server-held key just now (one document, or one
/// batch they reviewed). Only [`crate::signing::Confirmations::confirm`] makes one.
#[derive(Debug)]
pub struct Confirmed {
    person: UserId,
    with: ConfirmedWith,
}

impl Confirmed {
    pub(crate) fn new(person: UserId, with: ConfirmedWith) -> Self {
        Self { person, with }
    }

    /// Who confirmed.
    pub fn person(&self) -> UserId {
        self.person
    }

    /// How.
    pub fn with(&self) -> ConfirmedWith {
        self.with
    }
}

/// Where a key is held and how a signer of it is obtained.
#[async_trait::async_trait]
pub trait KeyCustody: Send + Sync {
    /// A signer of `key`, for the use `confirmed` vouches for. A custody that holds keys for
    /// people refuses a confirmation by anyone but the key's holder.
    async fn signer(
        &self,
        key: &Key,
        confirmed: &Confirmed,
    ) -> Result<Box<dyn Signer>, CommandError>;
}

/// Keys the server holds: PKCS#12 sealed with the master key.
#[derive(Clone, Copy)]
pub struct ServerHeld<'a> {
    pub vault: &'a Vault,
    pub files: &'a FileStore,
}

#[async_trait::async_trait]
impl KeyCustody for ServerHeld<'_> {
    async fn signer(
        &self,
        key: &Key,
        confirmed: &Confirmed,
    ) -> Result<Box<dyn Signer>, CommandError> {
        if let chancery_domain::signing::KeyOwner::Person(holder) = key.registered.owner
            && holder != confirmed.person
        {
            return Err(CommandError::Refused(
                chancery_domain::DomainError::forbidden(
                    "NOT_YOUR_KEY",
                    "a signature is made with one's own key only",
                ),
            ));
        }
        Ok(Box::new(self.vault.open(self.files, key).await?))
    }
}
