//! The signing engine of outgoing and incoming documents: the key vault (PKCS#12 files sealed
//! with the server's master key, in the file store apart from documents' files, never
//! returned), the competent person's signature, then the organisation's after the number is
//! stamped — each verified against the trust anchors before it is recorded — and the
//! verification of what a received document carries.
//!
//! Who may sign is decided before any key is touched: the process step and role
//! (`Outgoing::act`), then the key — always the caller's own (a person's key signs only for
//! that person; an organisation's key only for its clerks' documents).

use chancery_domain::DomainError;
use chancery_domain::document::{ActedBy, FileRef};
use chancery_domain::ids::UnitId;
use chancery_domain::organisation::Organisation;
use chancery_domain::outgoing::{DocumentSigned, Outgoing, SignatureKind};
use chancery_domain::signing::{
    CertificateFacts, DocumentSignaturesVerified, Key, KeyOwner, KeyRing, SignatureCheck,
    SignaturesVerified, SigningKeyRegistered, TrustAnchorAdded,
};
use chancery_files::FileStore;
use chancery_signing::sealed::MasterKey;
use chancery_signing::{
    Appearance, IssueFieldPlacement, IssueStamp, PdfRect, Pkcs12Signer, SignRequest,
    SignatureReport, SignerSummary, TrustStore,
};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::caller::Caller;
use crate::custody::{Confirmed, KeyCustody as _, ServerHeld};
use crate::{CommandContext, CommandError, Commands};

fn invalid(field: &'static str, code: &'static str, detail: impl Into<String>) -> CommandError {
    CommandError::Refused(DomainError::validation(field, code, detail))
}

fn conflict(code: &'static str, detail: impl Into<String>) -> CommandError {
    CommandError::Refused(DomainError::conflict(code, detail))
}

fn forbidden(code: &'static str, detail: impl Into<String>) -> CommandError {
    CommandError::Refused(DomainError::forbidden(code, detail))
}

fn internal(cause: impl std::fmt::Display) -> CommandError {
    CommandError::Internal(cause.to_string())
}

/// What signing and verifying work with: the commands (the key ring, the records), the file
/// store and the vault.
#[derive(Clone, Copy)]
pub struct Signatures<'a> {
    pub commands: &'a Commands,
    pub files: &'a FileStore,
    pub vault: &'a Vault,
}

/// Largest PKCS#12 file accepted.
pub const PKCS12_MAX_BYTES: usize = 64 * 1024;
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
    ) -> Result<SigningKeyRegistered, CommandError> {
        if pkcs12.len() > PKCS12_MAX_BYTES {
            return Err(invalid(
                "pkcs12Base64",
                "TOO_LARGE",
                "the PKCS#12 file is larger than 64 KB",
            ));
        }
        let signer = Pkcs12Signer::from_pkcs12(pkcs12, password).map_err(|e| {
            invalid(
                "pkcs12Base64",
                "BAD_PKCS12",
                format!("the file does not open as PKCS#12 with this password: {e}"),
            )
        })?;
        let leaf = chancery_signing::Signer::certificate_chain(&signer)
            .first()
            .ok_or_else(|| invalid("pkcs12Base64", "BAD_PKCS12", "no certificate"))?;
        let certificate = facts(SignerSummary::of(leaf));
        let sealed = chancery_signing::sealed::seal_pkcs12(
            &self.master,
            key_id.as_bytes(),
            pkcs12,
            password,
        );
        let sealed_sha256 = files.put_sealed(sealed.into()).await.map_err(internal)?;
        Ok(SigningKeyRegistered {
            key_id,
            owner,
            sealed_sha256,
            image_sha256,
            certificate,
        })
    }

    /// Opens a registered key. Only for [`crate::custody::ServerHeld`] (a person's confirmed
    /// use), the `Issuance` reaction's seal (confirmed by the clerk in the issuance request)
    /// and the history checkpoints (no person's act).
    pub(crate) async fn open(
        &self,
        files: &FileStore,
        key: &Key,
    ) -> Result<Pkcs12Signer, CommandError> {
        let sealed = files
            .get_sealed(&key.registered.sealed_sha256)
            .await
            .map_err(internal)?;
        let key_id = key.registered.key_id;
        let master = self.master.clone();
        tokio::task::spawn_blocking(move || {
            Pkcs12Signer::from_sealed(&master, key_id.as_bytes(), &sealed)
        })
        .await
        .map_err(internal)?
        .map_err(|e| {
            conflict(
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
pub fn anchor_from_pem(pem: &str) -> Result<TrustAnchorAdded, CommandError> {
    if pem.len() > PEM_MAX_BYTES {
        return Err(invalid("pem", "TOO_LARGE", "at most 16 KB"));
    }
    let mut store = TrustStore::new(Vec::new());
    store
        .add_pem(pem)
        .map_err(|e| invalid("pem", "BAD_CERTIFICATE", e.to_string()))?;
    let [certificate] = store.anchors() else {
        return Err(invalid(
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
#[derive(Clone, Copy, Debug)]
pub struct Placement {
    /// 1-based; by default the last page.
    pub page: Option<i32>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A signature added to a document, with the verification of the signed file.
pub struct Signed {
    pub signed: DocumentSigned,
    pub verified: SignaturesVerified,
}

/// Refuses a signature whose certificate the trust anchors do not vouch for (the
/// signature's own report, the last one of the file).
fn check_new_signature(reports: &[SignatureReport]) -> Result<(), CommandError> {
    let Some(last) = reports.last() else {
        return Err(internal("a signed file shows no signature"));
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
    Err(conflict(reason, message))
}

async fn load_pdf(files: &FileStore, file: &FileRef) -> Result<Vec<u8>, CommandError> {
    if file.media_type != "application/pdf" {
        return Err(conflict(
            "NOT_A_PDF",
            "only a PDF main file can be signed digitally",
        ));
    }
    Ok(files.get(&file.sha256).await.map_err(internal)?.to_vec())
}

async fn store_pdf(files: &FileStore, name: &str, bytes: Vec<u8>) -> Result<FileRef, CommandError> {
    let stored = files.put(name, bytes.into()).await.map_err(internal)?;
    Ok(FileRef {
        sha256: stored.sha256,
        name: stored.name,
        media_type: stored.media_type,
        size: stored.size,
    })
}

fn signing_error(e: chancery_signing::SigningError) -> CommandError {
    use chancery_signing::SigningError as E;
    match e {
        E::PersonalSignatureMissing => conflict(
            "NOT_SIGNED",
            "the competent person has not signed the document yet",
        ),
        E::BadPdf(m) => conflict("BAD_PDF", format!("the file cannot be signed: {m}")),
        E::Encrypted => conflict("ENCRYPTED_PDF", "an encrypted PDF cannot be signed"),
        E::NoSuchPage(p) => invalid(
            "signaturePlacement",
            "NO_SUCH_PAGE",
            format!("the document has no page {p}"),
        ),
        other => internal(other),
    }
}

/// The key that signs for `owner` now, or the named one if it is the owner's.
fn key_for(
    ring: &KeyRing,
    owner: KeyOwner,
    named: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Key, CommandError> {
    if let Some(id) = named {
        let key = ring
            .keys
            .get(&id)
            .ok_or_else(|| invalid("signingKeyId", "NOT_FOUND", "no such signing key"))?;
        if key.registered.owner != owner {
            return Err(forbidden(
                "NOT_YOUR_KEY",
                "a signature is made with one's own key only",
            ));
        }
        if key.revoked {
            return Err(conflict("KEY_REVOKED", "this signing key was revoked"));
        }
        if now > key.registered.certificate.not_after {
            return Err(conflict(
                "CERTIFICATE_EXPIRED",
                "the signing certificate has expired",
            ));
        }
        return Ok(key.clone());
    }
    Ok(ring.current(owner, now)?.clone())
}

async fn image_of(files: &FileStore, key: &Key) -> Result<Option<Vec<u8>>, CommandError> {
    match &key.registered.image_sha256 {
        Some(sha) => Ok(Some(files.get(sha).await.map_err(internal)?.to_vec())),
        None => Ok(None),
    }
}

async fn verify(
    pdf: Vec<u8>,
    trust: TrustStore,
) -> Result<(Vec<u8>, Vec<SignatureReport>), CommandError> {
    tokio::task::spawn_blocking(move || {
        let reports = chancery_signing::verify_pdf(&pdf, &trust);
        reports.map(|r| (pdf, r))
    })
    .await
    .map_err(internal)?
    .map_err(signing_error)
}

fn organisation_key(
    ring: &KeyRing,
    organisation: &Organisation,
    office: UnitId,
    now: DateTime<Utc>,
) -> Result<(UnitId, Key), CommandError> {
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
            conflict(
                "NO_SIGNING_KEY",
                "the organisation has no signing key; ask an administrator",
            )
        },
        CommandError::from,
    ))
}

impl Signatures<'_> {
    /// The competent person's signature on the current main file, with their own key.
    /// `confirmed`: the caller's confirmation of this use (`domain::confirmation`); the key
    /// is obtained through its custody ([`crate::custody::KeyCustody`]).
    pub async fn sign_personal(
        &self,
        caller: &Caller,
        confirmed: &Confirmed,
        state: &Outgoing,
        named_key: Option<Uuid>,
        placement: Option<Placement>,
    ) -> Result<Signed, CommandError> {
        let by = caller.actor()?.by;
        let now = Utc::now();
        let ring = self.commands.key_ring().await?;
        let key = key_for(
            &ring,
            KeyOwner::Person(caller.principal.person),
            named_key,
            now,
        )?;
        let main = state
            .files
            .first()
            .ok_or_else(|| conflict("NO_FILE", "the draft has no file"))?
            .clone();
        let pdf = load_pdf(self.files, &main).await?;
        let pages = chancery_signing::page_count(&pdf).map_err(signing_error)?;
        let (page, rect) = match placement {
            Some(p) => {
                let page = match p.page {
                    Some(n) => u32::try_from(n).map_err(|_| {
                        invalid("signaturePlacement", "NO_SUCH_PAGE", "bad page number")
                    })?,
                    None => pages,
                };
                let sane = |v: f64| v.is_finite() && (0.0..=14_400.0).contains(&v);
                if !(sane(p.x) && sane(p.y) && sane(p.width) && sane(p.height))
                    || p.width < 20.0
                    || p.height < 10.0
                {
                    return Err(invalid(
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
        let image_png = match image_of(self.files, &key).await? {
            Some(png) => png,
            None => chancery_signing::sample::signature_png().map_err(signing_error)?,
        };
        let custody = ServerHeld {
            vault: self.vault,
            files: self.files,
        };
        let signer = custody.signer(&key, confirmed).await?;
        let signer = &*signer;
        let mut request = SignRequest::new(Appearance::Personal {
            page,
            rect,
            image_png,
        });
        request.reason = Some("Ký duyệt".to_owned());
        // The empty number and date fields issuance fills, covered by this signature.
        request.issue_fields = Some(IssueFieldPlacement::Decree30);
        let signed_pdf = chancery_signing::sign_pdf(&pdf, signer, &request)
            .await
            .map_err(signing_error)?;
        let trust = trust_store(&ring);
        let (signed_pdf, reports) = verify(signed_pdf, trust).await?;
        check_new_signature(&reports)?;
        let file = store_pdf(self.files, &main.name, signed_pdf).await?;
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

    /// Whether the document's office (or the nearest unit above it) has a current seal at
    /// `now`: checked before a number is taken for issuing (the seal itself is put on by
    /// `crate::reactions::Issuance`).
    pub async fn may_seal(
        &self,
        organisation: &Organisation,
        state: &Outgoing,
        now: DateTime<Utc>,
    ) -> Result<(), CommandError> {
        let office = state
            .office
            .ok_or_else(|| internal("an outgoing document without an office"))?;
        let ring = self.commands.key_ring().await?;
        organisation_key(&ring, organisation, office, now).map(|_| ())
    }

    /// The organisation key that signs for documents kept by `office`: the nearest unit at or
    /// above it with a key.
    /// The organisation's signature, applied by the clerk at issuance: the number and issue date
    /// are stamped into the main file (on page 1, in the fields the personal signature added,
    /// and in its metadata), which then gets the seal over the personal signature;
    /// every PDF attachment gets the organisation's signature at the top right of its first page.
    pub async fn sign_organisation(
        &self,
        by: ActedBy,
        organisation: &Organisation,
        state: &Outgoing,
        number_notation: &str,
        issue_date: NaiveDate,
    ) -> Result<Signed, CommandError> {
        let now = Utc::now();
        let office = state
            .office
            .ok_or_else(|| internal("an outgoing document without an office"))?;
        let ring = self.commands.key_ring().await?;
        let (owner_unit, key) = organisation_key(&ring, organisation, office, now)?;
        let organisation_name = organisation
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
        .ok_or_else(|| conflict("NO_FILE", "no file"))?;
        let pdf = load_pdf(self.files, &main).await?;
        if !chancery_signing::has_personal_signature(&pdf).map_err(signing_error)? {
            return Err(conflict(
                "NOT_SIGNED",
                "the competent person has not signed the document yet",
            ));
        }
        if !chancery_signing::has_issue_fields(&pdf).map_err(signing_error)? {
            // Signed before the number and date fields existed: the number goes into the
            // document information only.
            tracing::info!(
                document = %state.id.unwrap_or_default(),
                "no number and date fields on the signed file: the number is written in its metadata only"
            );
        }
        // The organisation model has no place name yet: the date line goes without one.
        let stamped = chancery_signing::stamp_issue(
            &pdf,
            &IssueStamp {
                number_notation: number_notation.to_owned(),
                issued_date: issue_date,
                place: None,
            },
        )
        .map_err(signing_error)?;
        let seal_png = match image_of(self.files, &key).await? {
            Some(png) => png,
            None => chancery_signing::sample::seal_png().map_err(signing_error)?,
        };
        // The clerk confirmed this use in the issuance request, before the number was taken
        // (`OutgoingCases::act`); the reaction checks nothing interactive.
        let signer = self.vault.open(self.files, &key).await?;
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
        let file = store_pdf(self.files, &main.name, signed_pdf).await?;
        // The attachments as the drafter gave them (issued again, they are sealed afresh, not
        // sealed over the recalled issuance's seal).
        let unsealed = state.versions.last().map_or(&state.files, |v| &v.files);
        let mut attachments = Vec::new();
        for attachment in unsealed.iter().skip(1) {
            if attachment.media_type != "application/pdf" {
                continue;
            }
            let bytes = load_pdf(self.files, attachment).await?;
            let request = SignRequest::new(Appearance::OrganisationAttachment {
                organisation: organisation_name.clone(),
                number_notation: number_notation.to_owned(),
            });
            let signed = chancery_signing::sign_pdf(&bytes, &signer, &request)
                .await
                .map_err(signing_error)?;
            attachments.push(store_pdf(self.files, &attachment.name, signed).await?);
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
}

/// Verifying what a document carries needs no key: the commands (the trust anchors, the
/// records) and the file store.
#[derive(Clone, Copy)]
pub struct Verifier<'a> {
    pub commands: &'a Commands,
    pub files: &'a FileStore,
}

impl Signatures<'_> {
    /// The verifier over the same commands and files.
    pub fn verifier(&self) -> Verifier<'_> {
        Verifier {
            commands: self.commands,
            files: self.files,
        }
    }
}

impl Verifier<'_> {
    /// Verifies the signatures of every PDF of an incoming document against the trust anchors
    /// and records what it found on the document's stream (files without a signature, or that
    /// are not readable PDFs, have nothing to record). Command ids derive from `context`'s, so a
    /// repeated request records each once. Returns the position of the last record.
    pub async fn verify_incoming(
        &self,
        context: &CommandContext,
        document: Uuid,
        files: &[FileRef],
    ) -> Result<Option<chancery_event_store::GlobalPosition>, CommandError> {
        let found = self.verify_files(files).await?;
        self.record_incoming(context, document, &found).await
    }

    /// What verifying each signed PDF of `files` found (unsigned or unreadable files left out).
    pub async fn verify_files(
        &self,
        files: &[FileRef],
    ) -> Result<Vec<(FileRef, Vec<SignatureCheck>)>, CommandError> {
        let ring = self.commands.key_ring().await?;
        let mut found = Vec::new();
        for file in files {
            if file.media_type != "application/pdf" {
                continue;
            }
            let bytes = self
                .files
                .get(&file.sha256)
                .await
                .map_err(internal)?
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
    pub async fn record_incoming(
        &self,
        context: &CommandContext,
        document: Uuid,
        found: &[(FileRef, Vec<SignatureCheck>)],
    ) -> Result<Option<chancery_event_store::GlobalPosition>, CommandError> {
        let mut position = None;
        for (index, (file, signatures)) in (0u32..).zip(found) {
            let mut recording = context.follow_up();
            recording.command_id =
                chancery_event_store::derive_event_id(context.command_id, 0x5E00_0000 | index);
            let outcome = self
                .commands
                .record_document_verification(
                    &recording,
                    DocumentSignaturesVerified {
                        document_id: document,
                        file_sha256: file.sha256.clone(),
                        file_name: file.name.clone(),
                        signatures: signatures.clone(),
                        verified_at: context.now,
                    },
                )
                .await?;
            position = outcome.position.or(position);
        }
        Ok(position)
    }
}
