//! Digital signatures in the schema: the administrators' signing keys and trust anchors, the
//! signature checks a document page shows, and where a personal signature goes
//! (`SignaturePlacementInput`). The vault and the signing itself are
//! `chancery_commands::signatures`; who may sign is decided there before any key is touched
//! (the process step and role, then the key — always the caller's own), and only with the
//! caller's fresh confirmation (`ConfirmationInput`: the signing PIN set with `setSigningPin`,
//! or a TOTP code; `domain::confirmation`), once per document or once for a reviewed batch
//! (`signOutgoingBatch`).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chancery_domain::access::Action;
use chancery_domain::ids::{UnitId, UserId};
use chancery_domain::outgoing::Outgoing;
use chancery_domain::signing::{CertificateFacts, Key, KeyOwner, SignatureCheck};
use chrono::{DateTime, Utc};

use crate::auth::api;
use crate::documents::working;
use crate::organisation::parse_id;
use crate::{ApiError, ErrorCode};

pub use chancery_commands::signatures::{
    PKCS12_MAX_BYTES, Vault, anchor_from_pem, checks, facts, trust_store,
};

/// Where the personal signature goes (PDF points, from the bottom left of the page).
#[derive(InputObject, Clone, Copy, Debug)]
pub struct SignaturePlacementInput {
    /// 1-based; by default the last page.
    pub page: Option<i32>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// How the caller confirms the use of a server-held key: their signing PIN or a current code
/// of their authenticator (one of them).
#[derive(InputObject, Clone, Default)]
pub struct ConfirmationInput {
    pub pin: Option<String>,
    pub totp: Option<String>,
}

/// The confirmation as the domain takes it (`ONE_CONFIRMATION` when both are given).
pub(crate) fn confirmation_of(
    input: Option<ConfirmationInput>,
) -> Result<Option<chancery_domain::confirmation::Confirmation>, ApiError> {
    let input = input.unwrap_or_default();
    Ok(chancery_domain::confirmation::Confirmation::from_input(
        input.pin, input.totp,
    )?)
}

/// What the caller confirms signatures with, and whether signing is locked.
#[derive(SimpleObject)]
pub struct SigningConfirmation {
    /// A signing PIN is set.
    pub pin_set: bool,
    /// An authenticator is enrolled (its codes confirm too).
    pub totp_enrolled: bool,
    /// After too many wrong confirmations, signing is refused until then.
    pub locked_until: Option<DateTime<Utc>>,
}

/// What signing one document of a batch did.
#[derive(SimpleObject)]
pub struct BatchSignedDocument {
    pub document_id: ID,
    pub signed: bool,
    /// Why it was not signed (a stable reason such as `STEP_MOVED`, `NOTHING_TO_SIGN`).
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(SimpleObject)]
pub struct BatchSigned {
    pub documents: Vec<BatchSignedDocument>,
    pub written: crate::Written,
}

impl From<SignaturePlacementInput> for chancery_commands::signatures::Placement {
    fn from(p: SignaturePlacementInput) -> Self {
        Self {
            page: p.page,
            x: p.x,
            y: p.y,
            width: p.width,
            height: p.height,
        }
    }
}

// ---------------------------------------------------------------------------------------
// GraphQL
// ---------------------------------------------------------------------------------------

#[derive(SimpleObject)]
pub struct Certificate {
    pub subject: String,
    pub common_name: Option<String>,
    pub issuer: String,
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub fingerprint: String,
}

impl From<&CertificateFacts> for Certificate {
    fn from(c: &CertificateFacts) -> Self {
        Self {
            subject: c.subject.clone(),
            common_name: c.common_name.clone(),
            issuer: c.issuer.clone(),
            serial: c.serial.clone(),
            not_before: c.not_before,
            not_after: c.not_after,
            fingerprint: c.fingerprint.clone(),
        }
    }
}

/// A registered signing key: its certificate and owner; the key itself is never returned.
#[derive(SimpleObject)]
pub struct SigningKey {
    pub id: ID,
    /// The person whose key it is…
    pub person_id: Option<ID>,
    /// …or the organisation (unit) whose seal it is.
    pub unit_id: Option<ID>,
    pub certificate: Certificate,
    pub has_image: bool,
    pub revoked: bool,
    /// Valid now and not revoked.
    pub usable: bool,
}

fn key_gql(key: &Key, now: DateTime<Utc>) -> SigningKey {
    let (person_id, unit_id) = match key.registered.owner {
        KeyOwner::Person(p) => (Some(ID(p.to_string())), None),
        KeyOwner::Organisation(u) => (None, Some(ID(u.to_string()))),
    };
    SigningKey {
        id: ID(key.registered.key_id.to_string()),
        person_id,
        unit_id,
        certificate: (&key.registered.certificate).into(),
        has_image: key.registered.image_sha256.is_some(),
        revoked: key.revoked,
        usable: !key.revoked && key.valid_at(now),
    }
}

/// One signature found on a file, as last verified.
#[derive(SimpleObject, Clone)]
#[graphql(name = "SignatureCheck")]
pub struct SignatureCheckGql {
    pub file_name: String,
    pub file_sha256: String,
    pub kind: String,
    pub signer_name: Option<String>,
    pub certificate_subject: Option<String>,
    pub serial: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
    /// `INTACT`, `MODIFIED`…
    pub integrity: String,
    pub coverage: String,
    /// `TRUSTED`, `UNTRUSTED`, `EXPIRED`…
    pub certificate: String,
    pub valid: bool,
    pub verified_at: DateTime<Utc>,
}

/// The recorded verifications of a document's current files.
/// The signatures of an incoming document's current files, as last verified.
pub(crate) fn incoming_signature_checks(
    state: &chancery_domain::document::Document,
) -> Vec<SignatureCheckGql> {
    let current: Vec<&str> = state.files.iter().map(|f| f.sha256.as_str()).collect();
    state
        .verifications
        .iter()
        .filter(|v| current.contains(&v.file_sha256.as_str()))
        .flat_map(|v| {
            v.signatures
                .iter()
                .map(move |s| check_gql(&v.file_name, &v.file_sha256, v.verified_at, s))
        })
        .collect()
}

fn check_gql(
    file_name: &str,
    file_sha256: &str,
    verified_at: DateTime<Utc>,
    s: &SignatureCheck,
) -> SignatureCheckGql {
    SignatureCheckGql {
        file_name: file_name.to_owned(),
        file_sha256: file_sha256.to_owned(),
        kind: s.kind.clone(),
        signer_name: s.signer_name.clone(),
        certificate_subject: s.signer_subject.clone(),
        serial: s.serial.clone(),
        signed_at: s.signing_time,
        integrity: s.integrity.clone(),
        coverage: s.coverage.clone(),
        certificate: s.certificate.clone(),
        valid: s.valid,
        verified_at,
    }
}

pub(crate) fn signature_checks(state: &Outgoing) -> Vec<SignatureCheckGql> {
    let current: Vec<&str> = state.files.iter().map(|f| f.sha256.as_str()).collect();
    state
        .verifications
        .iter()
        .filter(|v| current.contains(&v.file_sha256.as_str()))
        .flat_map(|v| {
            v.signatures
                .iter()
                .map(move |s| check_gql(&v.file_name, &v.file_sha256, v.verified_at, s))
        })
        .collect()
}

#[derive(InputObject)]
pub struct UploadSigningKeyInput {
    /// The person the key signs for…
    pub person_id: Option<ID>,
    /// …or the organisation (agency or unit) whose seal it is.
    pub unit_id: Option<ID>,
    /// The PKCS#12 (.p12/.pfx) file, base64.
    pub pkcs12_base64: String,
    pub password: String,
    /// The signature image (a person) or seal image (an organisation): a PNG uploaded to
    /// `/files` first.
    pub image_sha256: Option<String>,
}

#[derive(SimpleObject)]
pub struct TrustAnchor {
    pub certificate: Certificate,
    /// The certificate, PEM (public).
    pub pem: String,
}

#[derive(Default)]
pub struct SigningQuery;

#[Object]
impl SigningQuery {
    /// Signing keys: administrators see every key, others their own.
    async fn signing_keys(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<SigningKey>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let principal = guard.principal.as_ref().ok_or(ApiError::Unauthenticated)?;
        let admin = guard.check(&Action::ManageAccounts).is_ok();
        let ring = api.commands.key_ring().await.map_err(ApiError::from)?;
        let now = Utc::now();
        let keys = ring
            .keys
            .values()
            .filter(|k| admin || k.registered.owner == KeyOwner::Person(principal.person))
            .map(|k| key_gql(k, now))
            .collect();
        Ok(crate::paged(keys, first, after)?)
    }

    /// What the caller confirms signatures with, and whether signing is locked for them.
    async fn signing_confirmation(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<SigningConfirmation> {
        let guard = crate::auth::guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let holder = api
            .confirmations()
            .holder(&guard.caller(None)?)
            .await
            .map_err(ApiError::from)?;
        Ok(SigningConfirmation {
            pin_set: holder.pin_set,
            totp_enrolled: holder.totp_enrolled,
            locked_until: holder.locked_until.filter(|u| *u > guard.now),
        })
    }

    /// The root certificates signatures are checked against.
    async fn trust_anchors(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<TrustAnchor>> {
        let _guard = working(ctx).await?;
        let api = api(ctx)?;
        let ring = api.commands.key_ring().await.map_err(ApiError::from)?;
        let anchors = ring
            .anchors
            .values()
            .map(|a| TrustAnchor {
                certificate: (&a.certificate).into(),
                pem: a.pem.clone(),
            })
            .collect();
        Ok(crate::paged(anchors, first, after)?)
    }
}

#[derive(Default)]
pub struct SigningMutation;

#[Object]
impl SigningMutation {
    /// Registers a person's or an organisation's signing key from a PKCS#12 file
    /// (administrators). The file is sealed at rest and never returned.
    async fn upload_signing_key(
        &self,
        ctx: &Context<'_>,
        input: UploadSigningKeyInput,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<SigningKey> {
        let guard = working(ctx).await?;
        guard.check(&Action::ManageAccounts)?;
        let api = api(ctx)?;
        let owner = match (&input.person_id, &input.unit_id) {
            (Some(p), None) => {
                let person = UserId(parse_id(p, "personId")?);
                if !guard.organisation.people.contains_key(&person) {
                    return Err(ApiError::invalid("personId", "NOT_FOUND", "no such person").into());
                }
                KeyOwner::Person(person)
            }
            (None, Some(u)) => {
                let unit = UnitId(parse_id(u, "unitId")?);
                if guard
                    .organisation
                    .units
                    .get(&unit)
                    .is_none_or(|u| u.dissolved)
                {
                    return Err(ApiError::invalid("unitId", "UNKNOWN_UNIT", "no such unit").into());
                }
                KeyOwner::Organisation(unit)
            }
            _ => {
                return Err(ApiError::invalid(
                    "personId",
                    "ONE_OF_PERSON_OR_UNIT",
                    "a key belongs to a person or to an organisation",
                )
                .into());
            }
        };
        if input.pkcs12_base64.len() > PKCS12_MAX_BYTES * 4 / 3 + 8 {
            return Err(ApiError::invalid(
                "pkcs12Base64",
                "TOO_LARGE",
                "the PKCS#12 file is larger than 64 KB",
            )
            .into());
        }
        let pkcs12 = base64_decode(input.pkcs12_base64.trim())
            .ok_or_else(|| ApiError::invalid("pkcs12Base64", "BAD_BASE64", "not base64"))?;
        if let Some(sha) = &input.image_sha256 {
            // Like any file attached by its hash: the administrator's own upload.
            let image = crate::documents::resolve_files(
                api,
                &guard,
                None,
                vec![crate::documents::FileInput {
                    sha256: sha.clone(),
                    name: "image.png".to_owned(),
                }],
            )
            .await
            .map_err(|e| match e {
                ApiError::Refused {
                    code: ErrorCode::Validation,
                    reason: "FILE_NOT_UPLOADED",
                    ..
                } => ApiError::invalid(
                    "imageSha256",
                    "NOT_FOUND",
                    "upload the image to /files first",
                ),
                other => other,
            })?;
            if image.first().map(|f| f.media_type.as_str()) != Some("image/png") {
                return Err(ApiError::invalid(
                    "imageSha256",
                    "NOT_A_PNG",
                    "the image must be a PNG",
                )
                .into());
            }
        }
        let context = crate::documents::command_context(&guard, idempotency_key.as_ref())?;
        let key_id = chancery_event_store::derive_event_id(context.command_id, 0x5160);
        let registered = api
            .signing
            .import(
                &api.files,
                key_id,
                owner,
                &pkcs12,
                &input.password,
                input.image_sha256.clone(),
            )
            .await
            .map_err(ApiError::from)?;
        api.commands
            .register_signing_key(&context, registered)
            .await
            .map_err(ApiError::from)?;
        let ring = api.commands.key_ring().await.map_err(ApiError::from)?;
        let key = ring
            .keys
            .get(&key_id)
            .ok_or_else(|| ApiError::internal("a registered key is missing"))?;
        Ok(key_gql(key, Utc::now()))
    }

    /// Sets or changes the caller's signing PIN (6 to 32 characters, not the password): what
    /// confirms the use of their server-held signing key. Needs the current password
    /// (`WRONG_PASSWORD`, counted like a failed login).
    async fn set_signing_pin(
        &self,
        ctx: &Context<'_>,
        password: String,
        pin: String,
    ) -> async_graphql::Result<SigningConfirmation> {
        let guard = crate::auth::guard(ctx, &Action::ManageOwnAccount).await?;
        let api = api(ctx)?;
        let caller = guard.caller(None)?;
        chancery_commands::accounts::Accounts {
            commands: &api.commands,
            credentials: &api.credentials,
            work: &api.settings.password_work,
            address_throttle: &api.settings.address_throttle,
        }
        .set_signing_pin(&caller, &guard.client, password, pin)
        .await
        .map_err(ApiError::from)?;
        let holder = api
            .confirmations()
            .holder(&caller)
            .await
            .map_err(ApiError::from)?;
        Ok(SigningConfirmation {
            pin_set: holder.pin_set,
            totp_enrolled: holder.totp_enrolled,
            locked_until: holder.locked_until.filter(|u| *u > guard.now),
        })
    }

    /// Signs the documents the caller reviewed with their own key, after one confirmation
    /// (PIN or TOTP code): each by the signing action its step offers them. A wrong or
    /// missing confirmation refuses the batch (`CONFIRMATION_REQUIRED`, `WRONG_CONFIRMATION`,
    /// `SIGNING_LOCKED`, `NO_SIGNING_PIN`); a document that cannot be signed is reported and
    /// the others are signed.
    async fn sign_outgoing_batch(
        &self,
        ctx: &Context<'_>,
        document_ids: Vec<ID>,
        confirmation: Option<ConfirmationInput>,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<BatchSigned> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let ids = document_ids
            .iter()
            .map(|d| parse_id(d, "documentIds"))
            .collect::<Result<Vec<_>, _>>()?;
        let confirmation = confirmation_of(confirmation)?;
        let caller = guard.caller(idempotency_key.as_ref())?;
        let done = api
            .outgoing()
            .sign_batch(&caller, &ids, confirmation)
            .await
            .map_err(ApiError::from)?;
        let mut position = None;
        let mut documents = Vec::with_capacity(done.len());
        for item in done {
            let (signed, reason, message) = match item.result {
                Ok(acted) => {
                    position = position.max(acted.position);
                    (true, None, None)
                }
                Err(e) => {
                    let e = ApiError::from(e);
                    let reason = match &e {
                        ApiError::Refused { reason, .. } => Some((*reason).to_owned()),
                        ApiError::Explained { refusal, .. } => match &**refusal {
                            ApiError::Refused { reason, .. } => Some((*reason).to_owned()),
                            _ => None,
                        },
                        other => Some(other.code().as_str().to_owned()),
                    };
                    (false, reason, Some(e.message()))
                }
            };
            documents.push(BatchSignedDocument {
                document_id: ID(item.document.to_string()),
                signed,
                reason,
                message,
            });
        }
        let written = api
            .settled(position, crate::outgoing::OUTGOING_PROJECTIONS)
            .await;
        Ok(BatchSigned { documents, written })
    }

    /// Withdraws a signing key (administrators): it signs nothing more.
    async fn revoke_signing_key(
        &self,
        ctx: &Context<'_>,
        key_id: ID,
        reason: String,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<SigningKey> {
        let guard = working(ctx).await?;
        guard.check(&Action::ManageAccounts)?;
        let api = api(ctx)?;
        let id = parse_id(&key_id, "keyId")?;
        let context = crate::documents::command_context(&guard, idempotency_key.as_ref())?;
        api.commands
            .revoke_signing_key(&context, id, reason)
            .await
            .map_err(ApiError::from)?;
        let ring = api.commands.key_ring().await.map_err(ApiError::from)?;
        let key = ring
            .keys
            .get(&id)
            .ok_or_else(|| ApiError::internal("a revoked key is missing"))?;
        Ok(key_gql(key, Utc::now()))
    }

    /// Adds a root certificate signatures may chain to (administrators).
    async fn add_trust_anchor(
        &self,
        ctx: &Context<'_>,
        pem: String,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<TrustAnchor> {
        let guard = working(ctx).await?;
        guard.check(&Action::ManageAccounts)?;
        let api = api(ctx)?;
        let anchor = anchor_from_pem(&pem).map_err(ApiError::from)?;
        let context = crate::documents::command_context(&guard, idempotency_key.as_ref())?;
        api.commands
            .add_trust_anchor(&context, anchor.clone())
            .await
            .map_err(ApiError::from)?;
        Ok(TrustAnchor {
            certificate: (&anchor.certificate).into(),
            pem: anchor.pem,
        })
    }
}

/// Standard base64 (padding optional); `None` if it is not.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let body = bytes
        .strip_suffix(b"==")
        .or_else(|| bytes.strip_suffix(b"="))
        .unwrap_or(&bytes);
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= value(*c)? << (18 - 6 * i);
        }
        let [_, a, b, c] = acc.to_be_bytes();
        out.push(a);
        if chunk.len() > 2 {
            out.push(b);
        }
        if chunk.len() > 3 {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn base64_decodes_with_and_without_padding_and_refuses_garbage() {
        assert_eq!(base64_decode("TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(base64_decode("TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(base64_decode("TQ==").as_deref(), Some(&b"M"[..]));
        assert_eq!(base64_decode("TQ").as_deref(), Some(&b"M"[..]));
        assert_eq!(base64_decode("T").as_deref(), None);
        assert_eq!(base64_decode("TW!u").as_deref(), None);
    }
}
