//! Digital signatures: the key vault (PKCS#12 files sealed with the server's master key, in
//! the file store apart from documents' files, never returned), the administrators' key and
//! trust-anchor management, and the signing steps outgoing documents take — the competent
//! person's signature, then the organisation's after the number is stamped — each verified
//! against the trust anchors before it is recorded, the verification recorded as an event.
//!
//! Who may sign is decided before any key is touched: the process step and role
//! (`Outgoing::act`), then the key — always the caller's own (a person's key signs only for
//! that person; an organisation's key only for its clerks' documents).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chancery_domain::access::Action;
use chancery_domain::document::FileRef;
use chancery_domain::ids::{UnitId, UserId};
use chancery_domain::organisation::Organisation;
use chancery_domain::outgoing::{DocumentSigned, Outgoing, SignatureKind};
use chancery_domain::signing::{
    CertificateFacts, DocumentSignaturesVerified, Key, KeyOwner, KeyRing, SignatureCheck,
    SignaturesVerified, SigningKeyRegistered, TrustAnchorAdded,
};
use chancery_files::FileStore;
use chancery_signing::sealed::MasterKey;
use chancery_signing::{
    Appearance, IssueStamp, PdfRect, Pkcs12Signer, SignRequest, SignatureReport, SignerSummary,
    TrustStore,
};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::auth::{Guard, api};
use crate::documents::working;
use crate::organisation::parse_id;
use crate::{ApiContext, ApiError, ErrorCode};

/// Largest PKCS#12 file accepted.
const PKCS12_MAX_BYTES: usize = 64 * 1024;
/// Largest PEM accepted as a trust anchor.
const PEM_MAX_BYTES: usize = 16 * 1024;
/// The seal's diameter on the page, in points (about 35 mm).
const SEAL_DIAMETER: f32 = 99.0;

/// Holds the master key that seals and opens signing keys.
pub struct Vault {
    master: MasterKey,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

impl Vault {
    pub fn new(master: MasterKey) -> Self {
        Self { master }
    }

    /// Opens a PKCS#12 file, seals it with its password and stores the sealed blob; returns
    /// the registration to record. Nothing is recorded here.
    pub async fn import(
        &self,
        files: &FileStore,
        key_id: Uuid,
        owner: KeyOwner,
        pkcs12: &[u8],
        password: &str,
        image_sha256: Option<String>,
    ) -> Result<SigningKeyRegistered, ApiError> {
        if pkcs12.len() > PKCS12_MAX_BYTES {
            return Err(ApiError::invalid(
                "pkcs12Base64",
                "TOO_LARGE",
                "the PKCS#12 file is larger than 64 KB",
            ));
        }
        let signer = Pkcs12Signer::from_pkcs12(pkcs12, password).map_err(|e| {
            ApiError::invalid(
                "pkcs12Base64",
                "BAD_PKCS12",
                format!("the file does not open as PKCS#12 with this password: {e}"),
            )
        })?;
        let leaf = chancery_signing::Signer::certificate_chain(&signer)
            .first()
            .ok_or_else(|| ApiError::invalid("pkcs12Base64", "BAD_PKCS12", "no certificate"))?;
        let certificate = facts(SignerSummary::of(leaf));
        let sealed = chancery_signing::sealed::seal_pkcs12(
            &self.master,
            key_id.as_bytes(),
            pkcs12,
            password,
        );
        let sealed_sha256 = files
            .put_sealed(sealed.into())
            .await
            .map_err(ApiError::internal)?;
        Ok(SigningKeyRegistered {
            key_id,
            owner,
            sealed_sha256,
            image_sha256,
            certificate,
        })
    }

    /// The signer of a registered key.
    pub async fn signer(&self, files: &FileStore, key: &Key) -> Result<Pkcs12Signer, ApiError> {
        let sealed = files
            .get_sealed(&key.registered.sealed_sha256)
            .await
            .map_err(ApiError::internal)?;
        let key_id = key.registered.key_id;
        let master = self.master.clone();
        tokio::task::spawn_blocking(move || {
            Pkcs12Signer::from_sealed(&master, key_id.as_bytes(), &sealed)
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| {
            ApiError::refused(
                ErrorCode::Conflict,
                "KEY_UNREADABLE",
                format!("the signing key cannot be opened ({e}); ask an administrator"),
            )
        })
    }
}

/// The public facts of a certificate as events record them.
pub fn facts(s: SignerSummary) -> CertificateFacts {
    CertificateFacts {
        subject: s.subject,
        common_name: s.common_name,
        issuer: s.issuer,
        serial: s.serial_hex,
        not_before: s.not_before,
        not_after: s.not_after,
        fingerprint: s.fingerprint_sha256,
    }
}

/// A trust anchor from a PEM certificate.
pub fn anchor_from_pem(pem: &str) -> Result<TrustAnchorAdded, ApiError> {
    if pem.len() > PEM_MAX_BYTES {
        return Err(ApiError::invalid("pem", "TOO_LARGE", "at most 16 KB"));
    }
    let mut store = TrustStore::new(Vec::new());
    store
        .add_pem(pem)
        .map_err(|e| ApiError::invalid("pem", "BAD_CERTIFICATE", e.to_string()))?;
    let [certificate] = store.anchors() else {
        return Err(ApiError::invalid(
            "pem",
            "ONE_CERTIFICATE",
            "give exactly one certificate",
        ));
    };
    Ok(TrustAnchorAdded {
        certificate: facts(SignerSummary::of(certificate)),
        pem: pem.trim().to_owned(),
    })
}

/// The trust store the recorded anchors make.
pub fn trust_store(ring: &KeyRing) -> TrustStore {
    let mut store = TrustStore::new(Vec::new());
    for anchor in ring.anchors.values() {
        if let Err(e) = store.add_pem(&anchor.pem) {
            tracing::warn!(error = %e, "a recorded trust anchor does not parse");
        }
    }
    store
}

/// What a verification found, as events record it.
pub fn checks(reports: &[SignatureReport]) -> Vec<SignatureCheck> {
    reports
        .iter()
        .map(|r| SignatureCheck {
            field: r.field_name.clone(),
            kind: r.kind.code().to_ascii_lowercase(),
            signer_subject: r.signer.as_ref().map(|s| s.subject.clone()),
            signer_name: r.signer.as_ref().and_then(|s| s.common_name.clone()),
            serial: r.signer.as_ref().map(|s| s.serial_hex.clone()),
            signing_time: r.signing_time.map(|t| t.with_timezone(&Utc)),
            integrity: r.integrity.code().to_owned(),
            coverage: r.coverage.code().to_owned(),
            certificate: r.certificate.code().to_owned(),
            valid: r.is_valid(),
        })
        .collect()
}

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

/// A signature added to a document, with the verification of the signed file.
pub(crate) struct Signed {
    pub signed: DocumentSigned,
    pub verified: SignaturesVerified,
}

/// Refuses a signature whose certificate the trust anchors do not vouch for (the
/// signature's own report, the last one of the file).
fn check_new_signature(reports: &[SignatureReport]) -> Result<(), ApiError> {
    let Some(last) = reports.last() else {
        return Err(ApiError::internal("a signed file shows no signature"));
    };
    use chancery_signing::CertificateStatus as C;
    let (reason, message) = match last.certificate {
        C::Trusted => return Ok(()),
        C::Expired => (
            "CERTIFICATE_EXPIRED",
            "the signing certificate had expired at signing time",
        ),
        C::NotYetValid => (
            "CERTIFICATE_NOT_YET_VALID",
            "the signing certificate is not valid yet",
        ),
        C::Untrusted | C::ChainInvalid | C::Unknown => (
            "CERTIFICATE_UNTRUSTED",
            "the signing certificate does not chain to a trusted root",
        ),
    };
    Err(ApiError::refused(ErrorCode::Conflict, reason, message))
}

async fn load_pdf(files: &FileStore, file: &FileRef) -> Result<Vec<u8>, ApiError> {
    if file.media_type != "application/pdf" {
        return Err(ApiError::refused(
            ErrorCode::Conflict,
            "NOT_A_PDF",
            "only a PDF main file can be signed digitally",
        ));
    }
    Ok(files
        .get(&file.sha256)
        .await
        .map_err(ApiError::internal)?
        .to_vec())
}

async fn store_pdf(files: &FileStore, name: &str, bytes: Vec<u8>) -> Result<FileRef, ApiError> {
    let stored = files
        .put(name, bytes.into())
        .await
        .map_err(ApiError::internal)?;
    Ok(FileRef {
        sha256: stored.sha256,
        name: stored.name,
        media_type: stored.media_type,
        size: stored.size,
    })
}

fn signing_error(e: chancery_signing::SigningError) -> ApiError {
    use chancery_signing::SigningError as E;
    match e {
        E::PersonalSignatureMissing => ApiError::refused(
            ErrorCode::Conflict,
            "NOT_SIGNED",
            "the competent person has not signed the document yet",
        ),
        E::BadPdf(m) => ApiError::refused(
            ErrorCode::Conflict,
            "BAD_PDF",
            format!("the file cannot be signed: {m}"),
        ),
        E::Encrypted => ApiError::refused(
            ErrorCode::Conflict,
            "ENCRYPTED_PDF",
            "an encrypted PDF cannot be signed",
        ),
        E::NoSuchPage(p) => ApiError::invalid(
            "signaturePlacement",
            "NO_SUCH_PAGE",
            format!("the document has no page {p}"),
        ),
        other => ApiError::internal(other),
    }
}

/// The key that signs for `owner` now, or the named one if it is the owner's.
fn key_for(
    ring: &KeyRing,
    owner: KeyOwner,
    named: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Key, ApiError> {
    if let Some(id) = named {
        let key = ring
            .keys
            .get(&id)
            .ok_or_else(|| ApiError::invalid("signingKeyId", "NOT_FOUND", "no such signing key"))?;
        if key.registered.owner != owner {
            return Err(ApiError::refused(
                ErrorCode::Forbidden,
                "NOT_YOUR_KEY",
                "a signature is made with one's own key only",
            ));
        }
        if key.revoked {
            return Err(ApiError::refused(
                ErrorCode::Conflict,
                "KEY_REVOKED",
                "this signing key was revoked",
            ));
        }
        if now > key.registered.certificate.not_after {
            return Err(ApiError::refused(
                ErrorCode::Conflict,
                "CERTIFICATE_EXPIRED",
                "the signing certificate has expired",
            ));
        }
        return Ok(key.clone());
    }
    Ok(ring.current(owner, now).map_err(ApiError::from)?.clone())
}

async fn image_of(api: &ApiContext, key: &Key) -> Result<Option<Vec<u8>>, ApiError> {
    match &key.registered.image_sha256 {
        Some(sha) => Ok(Some(
            api.files
                .get(sha)
                .await
                .map_err(ApiError::internal)?
                .to_vec(),
        )),
        None => Ok(None),
    }
}

async fn verify(
    pdf: Vec<u8>,
    trust: TrustStore,
) -> Result<(Vec<u8>, Vec<SignatureReport>), ApiError> {
    tokio::task::spawn_blocking(move || {
        let reports = chancery_signing::verify_pdf(&pdf, &trust);
        reports.map(|r| (pdf, r))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(signing_error)
}

/// The competent person's signature on the current main file, with their own key.
pub(crate) async fn sign_personal(
    api: &ApiContext,
    guard: &Guard,
    state: &Outgoing,
    named_key: Option<Uuid>,
    placement: Option<SignaturePlacementInput>,
) -> Result<Signed, ApiError> {
    let principal = guard.principal.as_ref().ok_or(ApiError::Unauthenticated)?;
    let by = crate::documents::actor(guard)?.by;
    let now = Utc::now();
    let ring = api.commands.key_ring().await.map_err(ApiError::from)?;
    let key = key_for(&ring, KeyOwner::Person(principal.person), named_key, now)?;
    let main = state
        .files
        .first()
        .ok_or_else(|| ApiError::refused(ErrorCode::Conflict, "NO_FILE", "the draft has no file"))?
        .clone();
    let pdf = load_pdf(&api.files, &main).await?;
    let pages = chancery_signing::page_count(&pdf).map_err(signing_error)?;
    let (page, rect) = match placement {
        Some(p) => {
            let page = match p.page {
                Some(n) => u32::try_from(n).map_err(|_| {
                    ApiError::invalid("signaturePlacement", "NO_SUCH_PAGE", "bad page number")
                })?,
                None => pages,
            };
            let sane = |v: f64| v.is_finite() && (0.0..=14_400.0).contains(&v);
            if !(sane(p.x) && sane(p.y) && sane(p.width) && sane(p.height))
                || p.width < 20.0
                || p.height < 10.0
            {
                return Err(ApiError::invalid(
                    "signaturePlacement",
                    "BAD_BOX",
                    "the signature box is outside the page or too small",
                ));
            }
            #[allow(clippy::cast_possible_truncation)]
            let rect = PdfRect {
                x: p.x as f32,
                y: p.y as f32,
                width: p.width as f32,
                height: p.height as f32,
            };
            (page, rect)
        }
        None => (pages, chancery_signing::sample::SIGNATURE_BOX),
    };
    let image_png = match image_of(api, &key).await? {
        Some(png) => png,
        None => chancery_signing::sample::signature_png().map_err(signing_error)?,
    };
    let signer = api.signing.signer(&api.files, &key).await?;
    let mut request = SignRequest::new(Appearance::Personal {
        page,
        rect,
        image_png,
    });
    request.reason = Some("Ký duyệt".to_owned());
    let signed_pdf = chancery_signing::sign_pdf(&pdf, &signer, &request)
        .await
        .map_err(signing_error)?;
    let trust = trust_store(&ring);
    let (signed_pdf, reports) = verify(signed_pdf, trust).await?;
    check_new_signature(&reports)?;
    let file = store_pdf(&api.files, &main.name, signed_pdf).await?;
    let certificate = &key.registered.certificate;
    let signer_name = certificate
        .common_name
        .clone()
        .unwrap_or_else(|| certificate.subject.clone());
    Ok(Signed {
        verified: SignaturesVerified {
            document_id: state.id.unwrap_or_default(),
            file_sha256: file.sha256.clone(),
            file_name: file.name.clone(),
            signatures: checks(&reports),
            verified_at: Utc::now(),
        },
        signed: DocumentSigned {
            document_id: state.id.unwrap_or_default(),
            kind: SignatureKind::Personal,
            signed_from: main.sha256.clone(),
            file,
            attachments: Vec::new(),
            signer_name,
            certificate_subject: certificate.subject.clone(),
            certificate_serial: certificate.serial.clone(),
            signing_authority: state.fields.as_ref().and_then(|f| f.signing_authority),
            signed_at: now,
            by,
        },
    })
}

/// The organisation key that signs for documents kept by `office`: the nearest unit at or
/// above it with a key.
fn organisation_key(
    ring: &KeyRing,
    organisation: &Organisation,
    office: UnitId,
    now: DateTime<Utc>,
) -> Result<(UnitId, Key), ApiError> {
    let mut cursor = Some(office);
    let mut first_error = None;
    let mut depth = 0;
    while let Some(unit) = cursor {
        match ring.current(KeyOwner::Organisation(unit), now) {
            Ok(key) => return Ok((unit, key.clone())),
            Err(e) if e.code != "NO_SIGNING_KEY" && first_error.is_none() => {
                first_error = Some(e);
            }
            Err(_) => {}
        }
        cursor = organisation.units.get(&unit).and_then(|u| u.parent);
        depth += 1;
        if depth > 64 {
            break;
        }
    }
    Err(first_error.map_or_else(
        || {
            ApiError::refused(
                ErrorCode::Conflict,
                "NO_SIGNING_KEY",
                "the organisation has no signing key; ask an administrator",
            )
        },
        ApiError::from,
    ))
}

/// The organisation's signature, applied by the clerk at issuance: the number and issue date
/// are stamped into the main file, which then gets the seal over the personal signature;
/// every PDF attachment gets the organisation's signature at the top right of its first page.
pub(crate) async fn sign_organisation(
    api: &ApiContext,
    guard: &Guard,
    state: &Outgoing,
    number_notation: &str,
    issue_date: NaiveDate,
) -> Result<Signed, ApiError> {
    let by = crate::documents::actor(guard)?.by;
    let now = Utc::now();
    let office = state
        .office
        .ok_or_else(|| ApiError::internal("an outgoing document without an office"))?;
    let ring = api.commands.key_ring().await.map_err(ApiError::from)?;
    let (owner_unit, key) = organisation_key(&ring, &guard.organisation, office, now)?;
    let organisation_name = guard
        .organisation
        .units
        .get(&owner_unit)
        .map(|u| u.name.clone())
        .unwrap_or_default();
    // Issued again after a recall: the seal goes on the personally signed file again, not
    // over the recalled issuance's seal.
    let main = match state.signatures.last() {
        Some(last) if last.kind == SignatureKind::Organisation => state
            .signatures
            .iter()
            .rev()
            .find(|s| s.kind == SignatureKind::Personal)
            .map(|s| s.file.clone()),
        _ => state.files.first().cloned(),
    }
    .ok_or_else(|| ApiError::refused(ErrorCode::Conflict, "NO_FILE", "no file"))?;
    let pdf = load_pdf(&api.files, &main).await?;
    if !chancery_signing::has_personal_signature(&pdf).map_err(signing_error)? {
        return Err(ApiError::refused(
            ErrorCode::Conflict,
            "NOT_SIGNED",
            "the competent person has not signed the document yet",
        ));
    }
    let stamped = chancery_signing::stamp_issue(
        &pdf,
        &IssueStamp {
            number_notation: number_notation.to_owned(),
            issued_date: issue_date,
        },
    )
    .map_err(signing_error)?;
    let seal_png = match image_of(api, &key).await? {
        Some(png) => png,
        None => chancery_signing::sample::seal_png().map_err(signing_error)?,
    };
    let signer = api.signing.signer(&api.files, &key).await?;
    let mut request = SignRequest::new(Appearance::OrganisationSeal {
        seal_png,
        diameter: SEAL_DIAMETER,
    });
    request.reason = Some(format!("Ban hành {number_notation}"));
    let signed_pdf = chancery_signing::sign_pdf(&stamped, &signer, &request)
        .await
        .map_err(signing_error)?;
    let trust = trust_store(&ring);
    let (signed_pdf, reports) = verify(signed_pdf, trust.clone()).await?;
    check_new_signature(&reports)?;
    let file = store_pdf(&api.files, &main.name, signed_pdf).await?;
    // The attachments as the drafter gave them (issued again, they are sealed afresh, not
    // sealed over the recalled issuance's seal).
    let unsealed = state.versions.last().map_or(&state.files, |v| &v.files);
    let mut attachments = Vec::new();
    for attachment in unsealed.iter().skip(1) {
        if attachment.media_type != "application/pdf" {
            continue;
        }
        let bytes = load_pdf(&api.files, attachment).await?;
        let request = SignRequest::new(Appearance::OrganisationAttachment {
            organisation: organisation_name.clone(),
            number_notation: number_notation.to_owned(),
        });
        let signed = chancery_signing::sign_pdf(&bytes, &signer, &request)
            .await
            .map_err(signing_error)?;
        attachments.push(store_pdf(&api.files, &attachment.name, signed).await?);
    }
    let certificate = &key.registered.certificate;
    Ok(Signed {
        verified: SignaturesVerified {
            document_id: state.id.unwrap_or_default(),
            file_sha256: file.sha256.clone(),
            file_name: file.name.clone(),
            signatures: checks(&reports),
            verified_at: Utc::now(),
        },
        signed: DocumentSigned {
            document_id: state.id.unwrap_or_default(),
            kind: SignatureKind::Organisation,
            signed_from: main.sha256.clone(),
            file,
            attachments,
            signer_name: certificate
                .common_name
                .clone()
                .unwrap_or_else(|| organisation_name.clone()),
            certificate_subject: certificate.subject.clone(),
            certificate_serial: certificate.serial.clone(),
            signing_authority: None,
            signed_at: now,
            by,
        },
    })
}

// ---------------------------------------------------------------------------------------
// GraphQL
// ---------------------------------------------------------------------------------------

#[derive(SimpleObject)]
pub struct CertificateGql {
    pub subject: String,
    pub common_name: Option<String>,
    pub issuer: String,
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub fingerprint: String,
}

impl From<&CertificateFacts> for CertificateGql {
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
pub struct SigningKeyGql {
    pub id: ID,
    /// The person whose key it is…
    pub person_id: Option<ID>,
    /// …or the organisation (unit) whose seal it is.
    pub unit_id: Option<ID>,
    pub certificate: CertificateGql,
    pub has_image: bool,
    pub revoked: bool,
    /// Valid now and not revoked.
    pub usable: bool,
}

fn key_gql(key: &Key, now: DateTime<Utc>) -> SigningKeyGql {
    let (person_id, unit_id) = match key.registered.owner {
        KeyOwner::Person(p) => (Some(ID(p.to_string())), None),
        KeyOwner::Organisation(u) => (None, Some(ID(u.to_string()))),
    };
    SigningKeyGql {
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
/// Verifies the signatures of every PDF of an incoming document against the trust anchors
/// and records what it found on the document's stream (files without a signature, or that
/// are not readable PDFs, have nothing to record). Command ids derive from `context`'s, so a
/// repeated request records each once. Returns the position of the last record.
pub(crate) async fn verify_incoming(
    api: &ApiContext,
    context: &chancery_commands::CommandContext,
    document: Uuid,
    files: &[FileRef],
) -> Result<Option<chancery_event_store::GlobalPosition>, ApiError> {
    let found = verify_files(api, files).await?;
    record_incoming(api, context, document, &found).await
}

/// What verifying each signed PDF of `files` found (unsigned or unreadable files left out).
pub(crate) async fn verify_files(
    api: &ApiContext,
    files: &[FileRef],
) -> Result<Vec<(FileRef, Vec<SignatureCheck>)>, ApiError> {
    let ring = api.commands.key_ring().await.map_err(ApiError::from)?;
    let mut found = Vec::new();
    for file in files {
        if file.media_type != "application/pdf" {
            continue;
        }
        let bytes = api
            .files
            .get(&file.sha256)
            .await
            .map_err(ApiError::internal)?
            .to_vec();
        let Ok((_, reports)) = verify(bytes, trust_store(&ring)).await else {
            continue;
        };
        if !reports.is_empty() {
            found.push((file.clone(), checks(&reports)));
        }
    }
    Ok(found)
}

/// Records verifications (from [`verify_files`]) on an incoming document's stream, one
/// command per file with its id derived from `context`'s.
pub(crate) async fn record_incoming(
    api: &ApiContext,
    context: &chancery_commands::CommandContext,
    document: Uuid,
    found: &[(FileRef, Vec<SignatureCheck>)],
) -> Result<Option<chancery_event_store::GlobalPosition>, ApiError> {
    let mut position = None;
    for (index, (file, signatures)) in (0u32..).zip(found) {
        let mut recording = context.follow_up();
        recording.command_id =
            chancery_event_store::derive_event_id(context.command_id, 0x5E00_0000 | index);
        let outcome = api
            .commands
            .record_document_verification(
                &recording,
                DocumentSignaturesVerified {
                    document_id: document,
                    file_sha256: file.sha256.clone(),
                    file_name: file.name.clone(),
                    signatures: signatures.clone(),
                    verified_at: Utc::now(),
                },
            )
            .await
            .map_err(ApiError::from)?;
        position = outcome.position.or(position);
    }
    Ok(position)
}

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
pub struct TrustAnchorGql {
    pub certificate: CertificateGql,
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
    ) -> async_graphql::Result<crate::ListConnection<SigningKeyGql>> {
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

    /// The root certificates signatures are checked against.
    async fn trust_anchors(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<TrustAnchorGql>> {
        let _guard = working(ctx).await?;
        let api = api(ctx)?;
        let ring = api.commands.key_ring().await.map_err(ApiError::from)?;
        let anchors = ring
            .anchors
            .values()
            .map(|a| TrustAnchorGql {
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
    ) -> async_graphql::Result<SigningKeyGql> {
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
            .await?;
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

    /// Withdraws a signing key (administrators): it signs nothing more.
    async fn revoke_signing_key(
        &self,
        ctx: &Context<'_>,
        key_id: ID,
        reason: String,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<SigningKeyGql> {
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
    ) -> async_graphql::Result<TrustAnchorGql> {
        let guard = working(ctx).await?;
        guard.check(&Action::ManageAccounts)?;
        let api = api(ctx)?;
        let anchor = anchor_from_pem(&pem)?;
        let context = crate::documents::command_context(&guard, idempotency_key.as_ref())?;
        api.commands
            .add_trust_anchor(&context, anchor.clone())
            .await
            .map_err(ApiError::from)?;
        Ok(TrustAnchorGql {
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
