//! Verifying every signature of a PDF: integrity, coverage, certificate chain and validity.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, TimeZone as _, Utc};
use der::{Decode as _, Encode as _};
use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;
use x509_cert::Certificate;

use crate::SigningError;
use crate::cms_sig::{self, CmsProblem};
use crate::pdf::{self, dict_get, name_of};
use crate::sign::{SignatureKind, common_name, signature_fields};

/// Trust anchors (root certificates) signatures are checked against.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<Certificate>,
}

impl TrustStore {
    /// A store with these anchors.
    pub fn new(anchors: Vec<Certificate>) -> Self {
        Self { anchors }
    }

    /// Adds an anchor.
    pub fn add(&mut self, cert: Certificate) {
        self.anchors.push(cert);
    }

    /// Adds every certificate of a PEM bundle.
    pub fn add_pem(&mut self, pem: &str) -> Result<usize, SigningError> {
        // x509-cert's `load_pem_chain` overflows (a panic in debug builds) on a bundle that
        // is empty once its trailing line ends are stripped.
        if pem.trim().is_empty() {
            return Err(SigningError::BadPdf(
                "trust anchors: no certificate".to_owned(),
            ));
        }
        let certs = Certificate::load_pem_chain(pem.as_bytes())
            .map_err(|e| SigningError::BadPdf(format!("trust anchors: {e}")))?;
        let n = certs.len();
        self.anchors.extend(certs);
        Ok(n)
    }

    /// The anchors.
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    fn contains(&self, cert: &Certificate) -> bool {
        self.anchors.iter().any(|a| a == cert)
    }
}

/// Whether the signed bytes are what was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IntegrityStatus {
    /// Digest and signature value check out.
    Intact,
    /// The bytes in the signed range changed after signing.
    DigestMismatch,
    /// The signature value does not verify with the signer's key.
    SignatureInvalid,
    /// The `/ByteRange` does not cover the file except exactly the `/Contents` string.
    ByteRangeInvalid,
    /// The CMS structure could not be read.
    Malformed,
    /// An algorithm this verifier does not implement.
    UnsupportedAlgorithm,
    /// The CMS does not carry the signer's certificate.
    SignerCertificateMissing,
}

/// What was appended to the file after this signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CoverageStatus {
    /// The signature covers the whole file.
    WholeFile,
    /// Later revisions only add signatures (fields, widgets, appearances).
    SignaturesAppended,
    /// Later revisions add signatures and write the issue number/date: the document information
    /// and the values and appearances of the number and date fields Chancery added with the
    /// personal signature (see [`crate::issue_fields`]).
    SignaturesAndMetadataAppended,
    /// Later revisions change the document otherwise.
    OtherChangesAppended,
    /// The revision could not be compared.
    Unknown,
}

/// The signer's certificate, judged at the claimed signing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CertificateStatus {
    /// Chains to a trust anchor and every certificate was valid at signing time.
    Trusted,
    /// No chain to any trust anchor.
    Untrusted,
    /// A certificate of the chain had expired at signing time.
    Expired,
    /// A certificate of the chain was not yet valid at signing time.
    NotYetValid,
    /// A certificate's signature in the chain does not verify (or uses an unsupported algorithm).
    ChainInvalid,
    /// No signer certificate to judge.
    Unknown,
}

macro_rules! codes {
    ($t:ty { $($v:ident => $c:literal),* $(,)? }) => {
        impl $t {
            /// Stable code.
            pub fn code(self) -> &'static str {
                match self { $(Self::$v => $c),* }
            }
        }
    };
}

codes!(IntegrityStatus {
    Intact => "INTACT",
    DigestMismatch => "DIGEST_MISMATCH",
    SignatureInvalid => "SIGNATURE_INVALID",
    ByteRangeInvalid => "BYTE_RANGE_INVALID",
    Malformed => "MALFORMED",
    UnsupportedAlgorithm => "UNSUPPORTED_ALGORITHM",
    SignerCertificateMissing => "SIGNER_CERTIFICATE_MISSING",
});
codes!(CoverageStatus {
    WholeFile => "WHOLE_FILE",
    SignaturesAppended => "SIGNATURES_APPENDED",
    SignaturesAndMetadataAppended => "SIGNATURES_AND_METADATA_APPENDED",
    OtherChangesAppended => "OTHER_CHANGES_APPENDED",
    Unknown => "UNKNOWN",
});
codes!(CertificateStatus {
    Trusted => "TRUSTED",
    Untrusted => "UNTRUSTED",
    Expired => "EXPIRED",
    NotYetValid => "NOT_YET_VALID",
    ChainInvalid => "CHAIN_INVALID",
    Unknown => "UNKNOWN",
});

/// Who signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerSummary {
    /// Subject distinguished name (RFC 4514).
    pub subject: String,
    /// Subject common name.
    pub common_name: Option<String>,
    /// Serial number, hex.
    pub serial_hex: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// SHA-256 of the certificate's DER, hex (to match against the key registered for a person
    /// or organisation: see [`certificate_fingerprint`]).
    pub fingerprint_sha256: String,
    /// Start of validity.
    pub not_before: DateTime<Utc>,
    /// End of validity.
    pub not_after: DateTime<Utc>,
}

impl SignerSummary {
    /// The public facts of a certificate.
    pub fn of(certificate: &Certificate) -> Self {
        let tbs = &certificate.tbs_certificate;
        Self {
            subject: tbs.subject.to_string(),
            common_name: common_name(certificate),
            serial_hex: tbs
                .serial_number
                .as_bytes()
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect(),
            issuer: tbs.issuer.to_string(),
            fingerprint_sha256: certificate_fingerprint(certificate),
            not_before: time_to_chrono(&tbs.validity.not_before).with_timezone(&Utc),
            not_after: time_to_chrono(&tbs.validity.not_after).with_timezone(&Utc),
        }
    }
}

/// The verdict on one signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    /// Field name.
    pub field_name: String,
    /// Personal / organisation / attachment (from the field name).
    pub kind: SignatureKind,
    /// `/SubFilter`.
    pub sub_filter: Option<String>,
    /// `/ByteRange`.
    pub byte_range: Vec<i64>,
    /// Digest and signature value.
    pub integrity: IntegrityStatus,
    /// Whole file, or what was appended later.
    pub coverage: CoverageStatus,
    /// Certificate chain and validity at signing time.
    pub certificate: CertificateStatus,
    /// The signer's certificate.
    pub signer: Option<SignerSummary>,
    /// Claimed signing time (CMS `signing-time`, else the signature dictionary's `/M`).
    pub signing_time: Option<DateTime<FixedOffset>>,
    /// Human-readable details of a failure.
    pub detail: Option<String>,
}

impl SignatureReport {
    /// Intact, trusted and followed at most by signatures and metadata.
    pub fn is_valid(&self) -> bool {
        self.integrity == IntegrityStatus::Intact
            && self.certificate == CertificateStatus::Trusted
            && matches!(
                self.coverage,
                CoverageStatus::WholeFile
                    | CoverageStatus::SignaturesAppended
                    | CoverageStatus::SignaturesAndMetadataAppended
            )
    }
}

/// SHA-256 of a certificate's DER encoding, lowercase hex (empty if it cannot be encoded).
pub fn certificate_fingerprint(cert: &Certificate) -> String {
    use sha2::Digest as _;
    cert.to_der()
        .map(|der| {
            sha2::Sha256::digest(der)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn time_to_chrono(t: &x509_cert::time::Time) -> DateTime<FixedOffset> {
    let secs = t.to_unix_duration().as_secs() as i64;
    Utc.timestamp_opt(secs, 0)
        .single()
        .unwrap_or_default()
        .fixed_offset()
}

/// Parses a PDF date `D:YYYYMMDDHHmmSSOHH'mm'` (trailing parts optional).
pub(crate) fn parse_pdf_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let num = |from: usize, len: usize, default: u32| -> u32 {
        digits
            .get(from..from + len)
            .and_then(|x| x.parse().ok())
            .unwrap_or(default)
    };
    let (year, month, day) = (num(0, 4, 0) as i32, num(4, 2, 1), num(6, 2, 1));
    let (hour, minute, second) = (num(8, 2, 0), num(10, 2, 0), num(12, 2, 0));
    let rest = &s[digits.len()..];
    let offset_secs = match rest.chars().next() {
        Some(c @ ('+' | '-')) => {
            let parts: Vec<i32> = rest[1..]
                .split('\'')
                .filter_map(|p| p.trim().parse().ok())
                .collect();
            let secs = parts.first().copied().unwrap_or(0) * 3600
                + parts.get(1).copied().unwrap_or(0) * 60;
            if c == '-' { -secs } else { secs }
        }
        _ => 0,
    };
    let offset = FixedOffset::east_opt(offset_secs)?;
    offset
        .with_ymd_and_hms(year, month, day, hour, minute, second)
        .single()
}

/// Verifies every signature of `pdf` against `trust`. Fails only when the PDF cannot be read.
pub fn verify_pdf(pdf: &[u8], trust: &TrustStore) -> Result<Vec<SignatureReport>, SigningError> {
    let doc = pdf::load(pdf)?;
    let mut reports = Vec::new();
    for field in signature_fields(&doc) {
        let Some(value_id) = field.value else {
            continue;
        };
        let Ok(sig) = doc.get_dictionary(value_id) else {
            continue;
        };
        reports.push(verify_one(pdf, &doc, &field.name, field.kind, sig, trust));
    }
    reports.sort_by_key(|r| {
        r.byte_range.get(2).copied().unwrap_or(0) + r.byte_range.get(3).copied().unwrap_or(0)
    });
    Ok(reports)
}

fn verify_one(
    bytes: &[u8],
    doc: &Document,
    field_name: &str,
    kind: SignatureKind,
    sig: &Dictionary,
    trust: &TrustStore,
) -> SignatureReport {
    let mut report = SignatureReport {
        field_name: field_name.to_string(),
        kind,
        sub_filter: name_of(doc, sig, b"SubFilter"),
        byte_range: Vec::new(),
        integrity: IntegrityStatus::Malformed,
        coverage: CoverageStatus::Unknown,
        certificate: CertificateStatus::Unknown,
        signer: None,
        signing_time: match dict_get(doc, sig, b"M") {
            Some(Object::String(s, _)) => parse_pdf_date(&String::from_utf8_lossy(s)),
            _ => None,
        },
        detail: None,
    };
    if let Some(Object::Array(a)) = dict_get(doc, sig, b"ByteRange") {
        report.byte_range = a.iter().filter_map(|x| x.as_i64().ok()).collect();
    }
    let Some(range) = check_byte_range(bytes, &report.byte_range) else {
        report.integrity = IntegrityStatus::ByteRangeInvalid;
        return report;
    };
    let Some(Object::String(contents, _)) = dict_get(doc, sig, b"Contents") else {
        report.detail = Some("no /Contents".into());
        return report;
    };
    let end = range[2] + range[3];
    report.coverage = if end == bytes.len() {
        CoverageStatus::WholeFile
    } else {
        later_changes(bytes, end, doc)
    };
    let parts = [
        &bytes[range[0]..range[0] + range[1]],
        &bytes[range[2]..range[2] + range[3]],
    ];
    let checked = match cms_sig::check(contents, &parts) {
        Ok(c) => c,
        Err(problem) => {
            let (status, detail) = match problem {
                CmsProblem::Malformed(d) => (IntegrityStatus::Malformed, d),
                CmsProblem::UnsupportedAlgorithm(d) => (IntegrityStatus::UnsupportedAlgorithm, d),
                CmsProblem::SignerCertificateMissing => (
                    IntegrityStatus::SignerCertificateMissing,
                    "signer certificate not in the CMS".into(),
                ),
            };
            report.integrity = status;
            report.detail = Some(detail);
            return report;
        }
    };
    if checked.signing_time.is_some() {
        report.signing_time = checked.signing_time;
    }
    report.integrity = if !checked.digest_matches {
        IntegrityStatus::DigestMismatch
    } else if !checked.signature_valid {
        IntegrityStatus::SignatureInvalid
    } else {
        IntegrityStatus::Intact
    };
    if let Some(signer) = &checked.signer {
        report.signer = Some(SignerSummary::of(signer));
        let at = report
            .signing_time
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(Utc::now);
        let (status, detail) = judge_certificate(signer, &checked.certificates, trust, at);
        report.certificate = status;
        if detail.is_some() {
            report.detail = detail;
        }
    }
    report
}

/// Validates `[a, b, c, d]`: starts at 0, the gap is exactly the `<…>` hex string, ends in the file.
fn check_byte_range(bytes: &[u8], r: &[i64]) -> Option<[usize; 4]> {
    if r.len() != 4 || r.iter().any(|v| *v < 0) {
        return None;
    }
    let r = [r[0] as usize, r[1] as usize, r[2] as usize, r[3] as usize];
    let gap_end = r[2];
    let end = r[2].checked_add(r[3])?;
    if r[0] != 0 || r[1] >= gap_end || end > bytes.len() || gap_end == 0 {
        return None;
    }
    let gap = &bytes[r[1]..gap_end];
    let ok = gap.first() == Some(&b'<')
        && gap.last() == Some(&b'>')
        && gap[1..gap.len() - 1].iter().all(u8::is_ascii_hexdigit);
    ok.then_some(r)
}

fn ids_of(doc: &Document, d: &Dictionary, key: &[u8]) -> Vec<Object> {
    match dict_get(doc, d, key) {
        Some(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    }
}

fn differs_only_in(a: &Dictionary, b: &Dictionary, allowed: &[&[u8]]) -> bool {
    let keys: HashSet<&[u8]> = a
        .iter()
        .chain(b.iter())
        .map(|(k, _)| k.as_slice())
        .collect();
    keys.into_iter()
        .filter(|k| !allowed.contains(k))
        .all(|k| a.get(k).ok() == b.get(k).ok())
}

fn is_signature_widget(doc: &Document, o: &Object) -> bool {
    let Object::Dictionary(d) = pdf::resolve(doc, o) else {
        return false;
    };
    let widget = matches!(d.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Widget");
    let ft_sig = |d: &Dictionary| matches!(d.get(b"FT"), Ok(Object::Name(n)) if n == b"Sig");
    let parent_sig = match d.get(b"Parent").map(|p| pdf::resolve(doc, p)) {
        Ok(Object::Dictionary(p)) => ft_sig(p),
        _ => false,
    };
    widget && (ft_sig(d) || parent_sig)
}

/// Classifies the revisions appended after `end` by comparing the objects of both revisions.
fn later_changes(bytes: &[u8], end: usize, new: &Document) -> CoverageStatus {
    let Ok(old) = Document::load_mem(&bytes[..end]) else {
        return CoverageStatus::Unknown;
    };
    let root = |d: &Document| d.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let (Some(old_root), Some(new_root)) = (root(&old), root(new)) else {
        return CoverageStatus::Unknown;
    };
    if old_root != new_root {
        return CoverageStatus::OtherChangesAppended;
    }
    let old_pages: HashSet<ObjectId> = old.get_pages().into_values().collect();
    let new_pages: HashSet<ObjectId> = new.get_pages().into_values().collect();
    if old_pages != new_pages {
        return CoverageStatus::OtherChangesAppended;
    }
    let form_id = old
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|f| f.as_reference().ok());
    let mut list_ids: HashSet<ObjectId> = HashSet::new();
    for pid in &old_pages {
        if let Ok(p) = old.get_dictionary(*pid)
            && let Ok(Object::Reference(a)) = p.get(b"Annots")
        {
            list_ids.insert(*a);
        }
    }
    if let Some(Ok(Object::Reference(f))) = form_id
        .and_then(|id| old.get_dictionary(id).ok())
        .map(|f| f.get(b"Fields"))
    {
        list_ids.insert(*f);
    }
    let old_info = old.trailer.get(b"Info").ok().cloned();
    let mut metadata = new.trailer.get(b"Info").ok().cloned() != old_info;
    let old_info_id = old_info.and_then(|i| i.as_reference().ok());

    let prefix_with_widgets = |old_list: &[Object], new_list: &[Object]| {
        new_list.len() >= old_list.len()
            && new_list[..old_list.len()] == *old_list
            && new_list[old_list.len()..]
                .iter()
                .all(|o| is_signature_widget(new, o))
    };
    for (id, old_obj) in &old.objects {
        let Some(new_obj) = new.objects.get(id) else {
            let kind = old_obj.as_dict().ok().and_then(|d| d.get(b"Type").ok());
            if matches!(kind, Some(Object::Name(n)) if n == b"XRef" || n == b"ObjStm") {
                continue;
            }
            return CoverageStatus::OtherChangesAppended;
        };
        if new_obj == old_obj {
            continue;
        }
        let ok = if *id == old_root {
            match (old_obj.as_dict(), new_obj.as_dict()) {
                (Ok(a), Ok(b)) => {
                    differs_only_in(a, b, &[b"AcroForm", b"DSS", b"Perms", b"Extensions"])
                        && match (a.get(b"AcroForm"), b.get(b"AcroForm")) {
                            (Ok(Object::Dictionary(fa)), Ok(Object::Dictionary(fb))) => {
                                form_ok(&old, new, fa, fb, &prefix_with_widgets)
                            }
                            _ => true,
                        }
                }
                _ => false,
            }
        } else if Some(*id) == form_id {
            match (old_obj.as_dict(), new_obj.as_dict()) {
                (Ok(a), Ok(b)) => form_ok(&old, new, a, b, &prefix_with_widgets),
                _ => false,
            }
        } else if old_pages.contains(id) {
            match (old_obj.as_dict(), new_obj.as_dict()) {
                (Ok(a), Ok(b)) => {
                    differs_only_in(a, b, &[b"Annots"])
                        && prefix_with_widgets(
                            &ids_of(&old, a, b"Annots"),
                            &ids_of(new, b, b"Annots"),
                        )
                }
                _ => false,
            }
        } else if list_ids.contains(id) {
            match (old_obj.as_array(), new_obj.as_array()) {
                (Ok(a), Ok(b)) => prefix_with_widgets(a, b),
                _ => false,
            }
        } else if Some(*id) == old_info_id {
            metadata = true;
            true
        } else if let (Ok(a), Ok(b)) = (old_obj.as_dict(), new_obj.as_dict())
            && issue_field_filled(a, b)
        {
            metadata = true;
            true
        } else {
            false
        };
        if !ok {
            return CoverageStatus::OtherChangesAppended;
        }
    }
    if metadata {
        CoverageStatus::SignaturesAndMetadataAppended
    } else {
        CoverageStatus::SignaturesAppended
    }
}

/// Whether `b` is `a`, one of the number and date fields Chancery adds with the personal
/// signature, with only its value (a text string) and appearance given: the filling at issuance
/// ([`crate::stamp_issue`]). Any other change of these fields (moved, renamed, made editable)
/// and any change of another field is not this.
fn issue_field_filled(a: &Dictionary, b: &Dictionary) -> bool {
    crate::issue_fields::is_issue_field(a)
        && crate::issue_fields::is_issue_field(b)
        && differs_only_in(a, b, &[b"V", b"AP"])
        && matches!(b.get(b"V"), Ok(Object::String(..)))
        && matches!(b.get(b"AP"), Ok(Object::Dictionary(ap)) if ap.has(b"N"))
}

fn form_ok(
    old: &Document,
    new: &Document,
    a: &Dictionary,
    b: &Dictionary,
    prefix_with_widgets: &dyn Fn(&[Object], &[Object]) -> bool,
) -> bool {
    differs_only_in(
        a,
        b,
        &[b"Fields", b"SigFlags", b"DR", b"DA", b"NeedAppearances"],
    ) && prefix_with_widgets(&ids_of(old, a, b"Fields"), &ids_of(new, b, b"Fields"))
}

fn verify_cert_signature(cert: &Certificate, issuer: &Certificate) -> bool {
    let Some(key) = crate::signer::rsa_public_key(issuer) else {
        return false;
    };
    let digest_oid = match cert.signature_algorithm.oid {
        cms_sig::ID_SHA256_WITH_RSA => ID_SHA256,
        cms_sig::ID_SHA384_WITH_RSA => ID_SHA384,
        cms_sig::ID_SHA512_WITH_RSA => ID_SHA512,
        _ => return false,
    };
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    let digest = match digest_oid {
        ID_SHA384 => {
            use sha2::Digest as _;
            sha2::Sha384::digest(&tbs).to_vec()
        }
        ID_SHA512 => {
            use sha2::Digest as _;
            sha2::Sha512::digest(&tbs).to_vec()
        }
        _ => {
            use sha2::Digest as _;
            sha2::Sha256::digest(&tbs).to_vec()
        }
    };
    let Some(sig) = cert.signature.as_bytes() else {
        return false;
    };
    cms_sig::rsa_verify(&key, &digest_oid, &digest, sig)
}

const ID_SHA256: der::asn1::ObjectIdentifier = cms_sig::ID_SHA256;
const ID_SHA384: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

fn is_ca(cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::BasicConstraints;
    const BC: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.29.19");
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == BC)
        .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|bc| bc.ca)
}

/// Builds a chain from `signer` to an anchor and checks validity at `at`.
fn judge_certificate(
    signer: &Certificate,
    pool: &[Certificate],
    trust: &TrustStore,
    at: DateTime<Utc>,
) -> (CertificateStatus, Option<String>) {
    let mut chain = vec![signer.clone()];
    let mut trusted = trust.contains(signer);
    let mut bad_signature = false;
    while !trusted && chain.len() < 10 {
        let Some(current) = chain.last().cloned() else {
            break;
        };
        if current.tbs_certificate.issuer == current.tbs_certificate.subject {
            break; // self-signed and not an anchor
        }
        let candidates = trust.anchors.iter().chain(pool.iter()).filter(|c| {
            c.tbs_certificate.subject == current.tbs_certificate.issuer && !chain.contains(c)
        });
        let mut next = None;
        for c in candidates {
            if verify_cert_signature(&current, c) && is_ca(c) {
                next = Some(c.clone());
                break;
            }
            bad_signature = true;
        }
        let Some(issuer) = next else { break };
        trusted = trust.contains(&issuer);
        chain.push(issuer);
    }
    if !trusted {
        return if bad_signature {
            (
                CertificateStatus::ChainInvalid,
                Some("a certificate's signature does not verify with its issuer's key".into()),
            )
        } else {
            (
                CertificateStatus::Untrusted,
                Some(format!(
                    "no chain to a trust anchor from {}",
                    signer.tbs_certificate.issuer
                )),
            )
        };
    }
    for c in &chain {
        let v = &c.tbs_certificate.validity;
        if at > time_to_chrono(&v.not_after) {
            return (
                CertificateStatus::Expired,
                Some(format!(
                    "{} expired {} (signing time {})",
                    c.tbs_certificate.subject,
                    time_to_chrono(&v.not_after),
                    at
                )),
            );
        }
        if at < time_to_chrono(&v.not_before) {
            return (
                CertificateStatus::NotYetValid,
                Some(format!(
                    "{} valid from {} (signing time {})",
                    c.tbs_certificate.subject,
                    time_to_chrono(&v.not_before),
                    at
                )),
            );
        }
    }
    (CertificateStatus::Trusted, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pdf_dates() {
        let t = parse_pdf_date("D:20250115102030+07'00'").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-01-15T10:20:30+07:00");
        let t = parse_pdf_date("D:20250115").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-01-15T00:00:00+00:00");
        assert!(parse_pdf_date("garbage").is_none());
    }

    use crate::demo_pki::{DemoCa, DemoSubject, Lifetime};
    use crate::issue_fields::{self, IssueFieldPlacement};
    use crate::pdf::Increment;
    use crate::{Appearance, IssueStamp, SignRequest, sample, sign_pdf, stamp_issue};

    /// A one-page sample signed personally (with the number and date fields), and the trust.
    async fn signed_personally() -> (Vec<u8>, TrustStore) {
        let ca = DemoCa::generate("Test Root", "Test").unwrap();
        let person = ca
            .issue(
                &DemoSubject::person("Nguyễn Văn An", "Test"),
                Lifetime::Current,
            )
            .unwrap()
            .signer()
            .unwrap();
        let pdf = sample::sample_pdf(1, "Quyết định").unwrap();
        let mut request = SignRequest::new(Appearance::Personal {
            page: 1,
            rect: sample::SIGNATURE_BOX,
            image_png: sample::signature_png().unwrap(),
        });
        request.issue_fields = Some(IssueFieldPlacement::Decree30);
        let signed = sign_pdf(&pdf, &person, &request).await.unwrap();
        (signed, TrustStore::new(vec![ca.certificate.clone()]))
    }

    /// Fills the fields as issuance does, then lets `also` change the update further.
    fn fill_and(pdf: &[u8], also: impl FnOnce(&Document, &mut Increment<'_>)) -> Vec<u8> {
        let doc = pdf::load(pdf).unwrap();
        let mut inc = Increment::new(pdf, &doc);
        assert!(
            issue_fields::fill(
                &mut inc,
                &doc,
                "Số: 12/QĐ-UBND",
                "ngày 07 tháng 12 năm 2026"
            )
            .unwrap()
        );
        also(&doc, &mut inc);
        inc.finish(None).unwrap().0
    }

    fn coverage(pdf: &[u8], trust: &TrustStore) -> CoverageStatus {
        let reports = verify_pdf(pdf, trust).unwrap();
        assert_eq!(reports.len(), 1, "{reports:?}");
        assert_eq!(reports[0].integrity, IntegrityStatus::Intact);
        reports[0].coverage
    }

    #[tokio::test]
    async fn filling_the_number_and_date_fields_is_the_only_field_change_allowed_after_a_signature()
    {
        let (signed, trust) = signed_personally().await;
        assert_eq!(coverage(&signed, &trust), CoverageStatus::WholeFile);

        // Issuance's own filling.
        let stamped = stamp_issue(
            &signed,
            &IssueStamp {
                number_notation: "12/QĐ-UBND".into(),
                issued_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                place: None,
            },
        )
        .unwrap();
        assert_eq!(
            coverage(&stamped, &trust),
            CoverageStatus::SignaturesAndMetadataAppended
        );
        assert_eq!(
            coverage(&fill_and(&signed, |_, _| {}), &trust),
            CoverageStatus::SignaturesAndMetadataAppended
        );

        // Filled, but the number field also moved: not a filling.
        let moved = fill_and(&signed, |doc, inc| {
            let (_, id) = issue_fields::find(doc)
                .into_iter()
                .find(|(n, _)| n == issue_fields::NUMBER_FIELD)
                .unwrap();
            let mut field = inc.get(id).unwrap().as_dict().unwrap().clone();
            field.set(
                "Rect",
                Object::Array(vec![0.into(), 0.into(), 100.into(), 20.into()]),
            );
            inc.set(id, Object::Dictionary(field));
        });
        assert_eq!(
            coverage(&moved, &trust),
            CoverageStatus::OtherChangesAppended
        );

        // Filled, but made editable: not a filling either.
        let editable = fill_and(&signed, |doc, inc| {
            let (_, id) = issue_fields::find(doc).into_iter().next().unwrap();
            let mut field = inc.get(id).unwrap().as_dict().unwrap().clone();
            field.set("Ff", Object::Integer(0));
            inc.set(id, Object::Dictionary(field));
        });
        assert_eq!(
            coverage(&editable, &trust),
            CoverageStatus::OtherChangesAppended
        );

        // Filled, and page 1's content changed: flagged.
        let forged = fill_and(&signed, |doc, inc| {
            let page_id = doc.get_pages()[&1];
            let page = doc.get_dictionary(page_id).unwrap();
            let content_id = page.get(b"Contents").unwrap().as_reference().unwrap();
            inc.set(
                content_id,
                Object::Stream(lopdf::Stream::new(
                    Dictionary::new(),
                    b"BT /F1 30 Tf 72 400 Td (FORGED) Tj ET".to_vec(),
                )),
            );
        });
        assert_eq!(
            coverage(&forged, &trust),
            CoverageStatus::OtherChangesAppended
        );
    }
}
