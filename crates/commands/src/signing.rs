//! Commands on the installation's signing keys and trust anchors, the next-number preview
//! of a register, the record of a signature verification, and the confirmation a person
//! gives to use a server-held key ([`Confirmations`]).
//!
//! The key ring is one short stream ([`signing::KEYS_STREAM`]) kept in memory and caught up
//! before each decision, like the organisation. Sealing the private keys and signing are the
//! caller's (the API holds the master key and the file store); the commands record facts.

use chancery_domain::DomainError;
use chancery_domain::catalogue::AnyEvent;
use chancery_domain::ids::RegisterId;
use chancery_domain::register;
use chancery_domain::signing::{
    self, KeyEvent, KeyRing, SignaturesVerified, SigningKeyId, SigningKeyRegistered,
    SigningKeyRevoked, TrustAnchorAdded,
};
use chancery_event_store::{ReadDirection, ReadFrom, StoreError, StreamId};
use chancery_identity::{CredentialStore, PasswordWork, totp};
use std::sync::Arc;

use chancery_domain::confirmation::{self, Confirmation, Found, Holder, Judged};

use crate::caller::Caller;
use crate::custody::Confirmed;

use crate::{
    CONFLICT_RETRIES, Cached, CommandContext, CommandError, Commands, Outcome, StreamState,
};

impl StreamState for KeyRing {
    fn apply(&mut self, event: AnyEvent) {
        let event = match event {
            AnyEvent::SigningKeyRegistered(e) => KeyEvent::Registered(e),
            AnyEvent::SigningKeyRevoked(e) => KeyEvent::Revoked(e),
            AnyEvent::TrustAnchorAdded(e) => KeyEvent::AnchorAdded(e),
            _ => return,
        };
        self.evolve(&event);
    }
}

fn key_any(event: KeyEvent) -> AnyEvent {
    match event {
        KeyEvent::Registered(e) => e.into(),
        KeyEvent::Revoked(e) => e.into(),
        KeyEvent::AnchorAdded(e) => e.into(),
    }
}

impl Commands {
    /// The signing keys and trust anchors as of now.
    pub async fn key_ring(&self) -> Result<Arc<KeyRing>, CommandError> {
        let mut cached = self.keys.lock().await;
        self.catch_up(signing::KEYS_STREAM, &mut cached).await?;
        Ok(cached.state.clone())
    }

    async fn decide_keys(
        &self,
        context: &CommandContext,
        decide: impl Fn(&KeyRing) -> Result<Vec<KeyEvent>, CommandError>,
    ) -> Result<Outcome, CommandError> {
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision) = {
                let mut cached: tokio::sync::MutexGuard<'_, Cached<KeyRing>> =
                    self.keys.lock().await;
                self.catch_up(signing::KEYS_STREAM, &mut cached).await?;
                (cached.state.clone(), cached.next)
            };
            let events: Vec<AnyEvent> = decide(&state)?.into_iter().map(key_any).collect();
            match self
                .append(signing::KEYS_STREAM, revision, context, &events)
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CommandError::Contended)
    }

    /// Registers a key whose sealed PKCS#12 the caller stored.
    pub async fn register_signing_key(
        &self,
        context: &CommandContext,
        key: SigningKeyRegistered,
    ) -> Result<Outcome, CommandError> {
        self.decide_keys(context, |ring| {
            if ring.keys.contains_key(&key.key_id) {
                // A retried upload: already there.
                return Ok(Vec::new());
            }
            ring.check_new(key.owner, &key.certificate)?;
            Ok(vec![KeyEvent::Registered(key.clone())])
        })
        .await
    }

    /// Withdraws a key.
    pub async fn revoke_signing_key(
        &self,
        context: &CommandContext,
        key_id: SigningKeyId,
        reason: String,
    ) -> Result<Outcome, CommandError> {
        let reason = chancery_domain::text::TextRule::line("reason", 500).clean(&reason)?;
        self.decide_keys(context, |ring| {
            ring.check_revoke(key_id)?;
            Ok(vec![KeyEvent::Revoked(SigningKeyRevoked {
                key_id,
                reason: reason.clone(),
            })])
        })
        .await
    }

    /// Adds a trust anchor (once per certificate).
    pub async fn add_trust_anchor(
        &self,
        context: &CommandContext,
        anchor: TrustAnchorAdded,
    ) -> Result<Outcome, CommandError> {
        self.decide_keys(context, |ring| {
            if ring.anchors.contains_key(&anchor.certificate.fingerprint) {
                return Ok(Vec::new());
            }
            Ok(vec![KeyEvent::AnchorAdded(anchor.clone())])
        })
        .await
    }

    /// The number the next document numbered from `register`'s `year` would get (a preview:
    /// another clerk may take it first).
    pub async fn next_number(&self, register: RegisterId, year: i32) -> Result<u64, CommandError> {
        let stream = StreamId::new(register::stream(register, year))?;
        match self
            .store
            .read_stream(&stream, ReadDirection::Backwards, ReadFrom::End, 1)
            .await
        {
            Ok(events) => Ok(events.first().map_or(register::number_at(0), |e| {
                register::number_at(e.stream_revision + 1)
            })),
            Err(StoreError::StreamNotFound(_)) => Ok(register::number_at(0)),
            Err(e) => Err(e.into()),
        }
    }

    /// Records what verifying the signatures of one of an outgoing document's files found.
    pub async fn record_verification(
        &self,
        context: &CommandContext,
        verified: SignaturesVerified,
    ) -> Result<Outcome, CommandError> {
        check_signature_count(verified.signatures.len())?;
        self.record_outgoing_verification(context, verified).await
    }
}

/// A verification records at most 100 signatures of one file.
pub(crate) fn check_signature_count(count: usize) -> Result<(), CommandError> {
    if count > 100 {
        return Err(DomainError::validation(
            "file",
            "TOO_MANY_SIGNATURES",
            "more than 100 signatures in one file",
        )
        .into());
    }
    Ok(())
}

/// Checks a person's confirmation of the use of a server-held key (`domain::confirmation`)
/// against their signing PIN's hash and their TOTP secret, and counts wrong ones. The only
/// maker of a [`Confirmed`].
#[derive(Clone, Copy)]
pub struct Confirmations<'a> {
    pub credentials: &'a CredentialStore,
    /// The bound on concurrent password (and PIN) hashing.
    pub work: &'a PasswordWork,
}

fn identity_failure(e: chancery_identity::IdentityError) -> CommandError {
    CommandError::Internal(e.to_string())
}

impl Confirmations<'_> {
    /// Where the caller's confirmation stands: what they set up and until when signing is
    /// locked.
    pub async fn holder(&self, caller: &Caller) -> Result<Holder, CommandError> {
        Ok(self.secrets(caller).await?.0)
    }

    /// The holder, with the PIN's hash and the TOTP secret to verify against.
    async fn secrets(
        &self,
        caller: &Caller,
    ) -> Result<(Holder, Option<String>, Option<Vec<u8>>), CommandError> {
        let person = caller.principal.person;
        let credentials = self
            .credentials
            .by_account(person.0)
            .await
            .map_err(identity_failure)?
            .ok_or(chancery_domain::access::Denied::Unauthenticated)?;
        let guard = self
            .credentials
            .signing_guard(person.0)
            .await
            .map_err(identity_failure)?;
        let holder = Holder {
            pin_set: guard.pin_hash.is_some(),
            totp_enrolled: credentials.totp_secret.is_some(),
            totp_last_step: credentials.totp_last_step,
            locked_until: guard.locked_until,
        };
        Ok((holder, guard.pin_hash, credentials.totp_secret))
    }

    /// Verifies `offered` for the caller: `CONFIRMATION_REQUIRED`, `NO_SIGNING_PIN`,
    /// `NO_TOTP`, `SIGNING_LOCKED` before anything is verified; `WRONG_CONFIRMATION` (counted;
    /// `SIGNING_LOCKED` when the count locks signing) when wrong or a TOTP code already used.
    pub async fn confirm(
        &self,
        caller: &Caller,
        offered: Option<Confirmation>,
    ) -> Result<Confirmed, CommandError> {
        let person = caller.principal.person;
        let now = caller.now();
        let (holder, pin_hash, totp_secret) = self.secrets(caller).await?;
        confirmation::check(&holder, offered.as_ref(), now)?;
        let Some(offered) = offered else {
            return Err(CommandError::Internal(
                "a confirmation passed unchecked".into(),
            ));
        };
        let found = match &offered {
            Confirmation::Pin(pin) => {
                let matches = self.work.verify(pin_hash, pin.clone()).await.map_err(|_| {
                    DomainError::conflict("BUSY", "too many checks at once; try again shortly")
                })?;
                if matches {
                    Found::PinMatches
                } else {
                    Found::Wrong
                }
            }
            Confirmation::Totp(code) => {
                // Any step the code is of: whether it was used is the domain's question.
                match totp_secret.and_then(|s| totp::verify(&s, code, now.timestamp(), None)) {
                    Some(step) => Found::TotpStep(step),
                    None => Found::Wrong,
                }
            }
        };
        let accepted = match confirmation::judge(&holder, found) {
            Judged::Accepted {
                with,
                use_step: Some(step),
            } => self
                .credentials
                .set_totp_last_step(person.0, step, now)
                .await
                .map_err(identity_failure)?
                .then_some(with),
            Judged::Accepted {
                with,
                use_step: None,
            } => Some(with),
            Judged::Refused => None,
        };
        match accepted {
            Some(with) => {
                self.credentials
                    .record_signing_success(person.0, now)
                    .await
                    .map_err(identity_failure)?;
                Ok(Confirmed::new(person, with))
            }
            None => {
                let outcome = self
                    .credentials
                    .record_signing_failure(person.0, now)
                    .await
                    .map_err(identity_failure)?;
                Err(confirmation::after_failure(
                    &offered,
                    outcome.failed_count,
                    outcome.locked_until,
                    now,
                )
                .into())
            }
        }
    }
}
