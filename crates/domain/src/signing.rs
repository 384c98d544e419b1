//! Signing keys and trust anchors: which certificate signs for which person or organisation,
//! and which root certificates signatures must chain to.
//!
//! The private keys themselves never enter the event log: an administrator's PKCS#12 upload is
//! sealed (encrypted with the server's master key) and stored as an opaque blob in the file
//! store; the event records the blob's hash and the certificate's public facts. One stream for
//! the installation ([`KEYS_STREAM`]); it is short (a key per signer and organisation, renewed
//! every year or two), so deciders read it whole.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};
use crate::events::DomainEvent;
use crate::ids::{UnitId, UserId};
use crate::outgoing::OutgoingId;

/// The stream of the installation's signing keys and trust anchors.
pub const KEYS_STREAM: &str = "signing-keys";

/// A signing key's id.
pub type SigningKeyId = uuid::Uuid;

/// Whose key it is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum KeyOwner {
    /// A person's own signature (the competent person signing).
    Person(UserId),
    /// An organisation's (an agency's or a unit's seal), applied by its clerks.
    Organisation(UnitId),
}

/// The public facts of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateFacts {
    pub subject: String,
    pub common_name: Option<String>,
    pub issuer: String,
    /// Serial number, hexadecimal.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// SHA-256 of the certificate's DER, hexadecimal.
    pub fingerprint: String,
}

/// A key was registered (from an administrator's PKCS#12 upload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SigningKeyRegistered {
    pub key_id: SigningKeyId,
    pub owner: KeyOwner,
    /// The sealed PKCS#12 in the file store (opaque, encrypted).
    pub sealed_sha256: String,
    /// The signature image (a person) or the seal image (an organisation), PNG.
    pub image_sha256: Option<String>,
    pub certificate: CertificateFacts,
}

impl DomainEvent for SigningKeyRegistered {
    const EVENT_TYPE: &'static str = "signing.key-registered";
    const SCHEMA_VERSION: u32 = 1;
}

/// A key was withdrawn: it signs nothing more (signatures already made stay valid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SigningKeyRevoked {
    pub key_id: SigningKeyId,
    pub reason: String,
}

impl DomainEvent for SigningKeyRevoked {
    const EVENT_TYPE: &'static str = "signing.key-revoked";
    const SCHEMA_VERSION: u32 = 1;
}

/// A root certificate signatures may chain to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustAnchorAdded {
    pub certificate: CertificateFacts,
    /// The certificate, PEM.
    pub pem: String,
}

impl DomainEvent for TrustAnchorAdded {
    const EVENT_TYPE: &'static str = "signing.trust-anchor-added";
    const SCHEMA_VERSION: u32 = 1;
}

/// What verifying one signature found; codes are the verifier's stable codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureCheck {
    /// The signature field's name in the PDF.
    pub field: String,
    /// `personal`, `organisation_seal`, `organisation_attachment`, `unknown`…
    pub kind: String,
    pub signer_subject: Option<String>,
    pub signer_name: Option<String>,
    pub serial: Option<String>,
    pub signing_time: Option<DateTime<Utc>>,
    /// `INTACT`, `MODIFIED`, …
    pub integrity: String,
    /// `WHOLE_DOCUMENT`, `ONLY_SIGNATURES_ADDED`, `MODIFIED_AFTER`, …
    pub coverage: String,
    /// `TRUSTED`, `UNTRUSTED`, `EXPIRED`, …
    pub certificate: String,
    pub valid: bool,
}

/// The signatures of a file of an outgoing document were verified (after each signature
/// Chancery adds, and on request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignaturesVerified {
    pub document_id: OutgoingId,
    pub file_sha256: String,
    pub file_name: String,
    pub signatures: Vec<SignatureCheck>,
    pub verified_at: DateTime<Utc>,
}

impl DomainEvent for SignaturesVerified {
    const EVENT_TYPE: &'static str = "outgoing.signatures-verified";
    const SCHEMA_VERSION: u32 = 1;
}

/// The signatures of a file of an incoming document were verified (when it arrived, and on
/// request): what the sender's signatures are worth, recorded on the document's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentSignaturesVerified {
    pub document_id: crate::document::DocumentId,
    pub file_sha256: String,
    pub file_name: String,
    pub signatures: Vec<SignatureCheck>,
    pub verified_at: DateTime<Utc>,
}

impl DomainEvent for DocumentSignaturesVerified {
    const EVENT_TYPE: &'static str = "document.signatures-verified";
    const SCHEMA_VERSION: u32 = 1;
}

/// Every event of the keys stream.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyEvent {
    Registered(SigningKeyRegistered),
    Revoked(SigningKeyRevoked),
    AnchorAdded(TrustAnchorAdded),
}

/// A registered key and whether it still signs.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub registered: SigningKeyRegistered,
    pub revoked: bool,
}

impl Key {
    /// The certificate is valid at `at`.
    pub fn valid_at(&self, at: DateTime<Utc>) -> bool {
        self.registered.certificate.not_before <= at && at <= self.registered.certificate.not_after
    }
}

/// The installation's keys and trust anchors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyRing {
    pub keys: BTreeMap<SigningKeyId, Key>,
    /// By fingerprint.
    pub anchors: BTreeMap<String, TrustAnchorAdded>,
}

impl KeyRing {
    pub fn evolve(&mut self, event: &KeyEvent) {
        match event {
            KeyEvent::Registered(e) => {
                self.keys.insert(
                    e.key_id,
                    Key {
                        registered: e.clone(),
                        revoked: false,
                    },
                );
            }
            KeyEvent::Revoked(e) => {
                if let Some(k) = self.keys.get_mut(&e.key_id) {
                    k.revoked = true;
                }
            }
            KeyEvent::AnchorAdded(e) => {
                self.anchors
                    .insert(e.certificate.fingerprint.clone(), e.clone());
            }
        }
    }

    /// The owner's key that signs now: the newest registered, not revoked, valid at `at`
    /// (an expired one is reported as such when it is the only one).
    pub fn current(&self, owner: KeyOwner, at: DateTime<Utc>) -> DomainResult<&Key> {
        let mine: Vec<&Key> = self
            .keys
            .values()
            .filter(|k| k.registered.owner == owner && !k.revoked)
            .collect();
        if let Some(k) = mine
            .iter()
            .filter(|k| k.valid_at(at))
            .max_by_key(|k| k.registered.certificate.not_before)
        {
            return Ok(k);
        }
        if mine.is_empty() {
            return Err(DomainError::conflict(
                "NO_SIGNING_KEY",
                match owner {
                    KeyOwner::Person(_) => "you have no signing key; ask an administrator",
                    KeyOwner::Organisation(_) => {
                        "the organisation has no signing key; ask an administrator"
                    }
                },
            ));
        }
        if mine
            .iter()
            .all(|k| k.registered.certificate.not_before > at)
        {
            return Err(DomainError::conflict(
                "CERTIFICATE_NOT_YET_VALID",
                "the signing certificate is not valid yet",
            ));
        }
        Err(DomainError::conflict(
            "CERTIFICATE_EXPIRED",
            "the signing certificate has expired; ask an administrator for a new one",
        ))
    }

    /// Checks a new key before it is registered.
    pub fn check_new(&self, owner: KeyOwner, certificate: &CertificateFacts) -> DomainResult<()> {
        if self.keys.values().any(|k| {
            !k.revoked
                && k.registered.owner == owner
                && k.registered.certificate.fingerprint == certificate.fingerprint
        }) {
            return Err(DomainError::conflict(
                "KEY_ALREADY_REGISTERED",
                "this certificate is already registered for this owner",
            ));
        }
        if certificate.not_after < certificate.not_before {
            return Err(DomainError::validation(
                "file",
                "BAD_CERTIFICATE",
                "the certificate's validity period is empty",
            ));
        }
        Ok(())
    }

    /// Checks a revocation.
    pub fn check_revoke(&self, key: SigningKeyId) -> DomainResult<()> {
        match self.keys.get(&key) {
            None => Err(DomainError::not_found("keyId", "no such signing key")),
            Some(k) if k.revoked => Err(DomainError::conflict(
                "ALREADY_REVOKED",
                "the key is already revoked",
            )),
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn facts(fingerprint: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> CertificateFacts {
        CertificateFacts {
            subject: "CN=Nguyễn Văn A".into(),
            common_name: Some("Nguyễn Văn A".into()),
            issuer: "CN=Demo Root".into(),
            serial: "01".into(),
            not_before: from,
            not_after: to,
            fingerprint: fingerprint.into(),
        }
    }

    fn registered(id: u128, owner: KeyOwner, c: CertificateFacts) -> KeyEvent {
        KeyEvent::Registered(SigningKeyRegistered {
            key_id: uuid::Uuid::from_u128(id),
            owner,
            sealed_sha256: "00".repeat(32),
            image_sha256: None,
            certificate: c,
        })
    }

    #[test]
    fn the_newest_valid_key_signs_and_expired_or_missing_keys_are_named() {
        let now = Utc::now();
        let person = KeyOwner::Person(UserId(uuid::Uuid::from_u128(7)));
        let mut ring = KeyRing::default();
        assert_eq!(
            ring.current(person, now).map_err(|e| e.code).err(),
            Some("NO_SIGNING_KEY")
        );
        ring.evolve(&registered(
            1,
            person,
            facts("aa", now - Duration::days(800), now - Duration::days(10)),
        ));
        assert_eq!(
            ring.current(person, now).map_err(|e| e.code).err(),
            Some("CERTIFICATE_EXPIRED")
        );
        ring.evolve(&registered(
            2,
            person,
            facts("bb", now - Duration::days(5), now + Duration::days(700)),
        ));
        assert_eq!(
            ring.current(person, now).map(|k| k.registered.key_id).ok(),
            Some(uuid::Uuid::from_u128(2))
        );
        ring.evolve(&KeyEvent::Revoked(SigningKeyRevoked {
            key_id: uuid::Uuid::from_u128(2),
            reason: "lost token".into(),
        }));
        assert_eq!(
            ring.current(person, now).map_err(|e| e.code).err(),
            Some("CERTIFICATE_EXPIRED")
        );
        let other = KeyOwner::Person(UserId(uuid::Uuid::from_u128(8)));
        assert_eq!(
            ring.current(other, now).map_err(|e| e.code).err(),
            Some("NO_SIGNING_KEY")
        );
    }

    #[test]
    fn a_certificate_is_registered_once_per_owner() {
        let now = Utc::now();
        let org = KeyOwner::Organisation(UnitId(uuid::Uuid::from_u128(3)));
        let c = facts("cc", now, now + Duration::days(1));
        let mut ring = KeyRing::default();
        assert!(ring.check_new(org, &c).is_ok());
        ring.evolve(&registered(5, org, c.clone()));
        assert_eq!(
            ring.check_new(org, &c).map_err(|e| e.code).err(),
            Some("KEY_ALREADY_REGISTERED")
        );
        assert_eq!(
            ring.check_revoke(uuid::Uuid::from_u128(9))
                .map_err(|e| e.code)
                .err(),
            Some("NOT_FOUND")
        );
    }
}
