//! The detached CMS `SignedData` of a PAdES signature: building it and checking it.

use chrono::{DateTime, FixedOffset, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode as _, Encode as _, Sequence};
use sha2::{Digest as _, Sha256};
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use crate::signer::{DigestAlgorithm, SignatureAlgorithm, Signer};
use crate::{SignerError, SigningError};

pub(crate) const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SIGNED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub(crate) const ID_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
pub(crate) const ID_RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const ID_SHA256_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
pub(crate) const ID_SHA384_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
pub(crate) const ID_SHA512_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");

/// ESS `IssuerSerial`.
#[derive(Clone, Debug, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// ESS `ESSCertIDv2` with the default hash algorithm (SHA-256), so `hashAlgorithm` is absent.
#[derive(Clone, Debug, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

/// ESS `SigningCertificateV2` (no policies).
#[derive(Clone, Debug, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, der::Error> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value])?,
    })
}

fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    }
}

/// Builds the DER `ContentInfo` of a detached CMS signature over `content_digest` (SHA-256).
pub(crate) async fn build(
    signer: &dyn Signer,
    content_digest: &[u8],
    signing_time: Option<DateTime<FixedOffset>>,
) -> Result<Vec<u8>, SigningError> {
    let chain = signer.certificate_chain();
    let leaf = chain
        .first()
        .ok_or_else(|| SignerError::BadCertificate("empty certificate chain".into()))?;
    let leaf_der = leaf.to_der()?;

    let mut attrs = vec![
        attribute(ID_CONTENT_TYPE, Any::encode_from(&ID_DATA)?)?,
        attribute(
            ID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(content_digest.to_vec())?)?,
        )?,
        attribute(
            ID_SIGNING_CERTIFICATE_V2,
            Any::encode_from(&SigningCertificateV2 {
                certs: vec![EssCertIdV2 {
                    cert_hash: OctetString::new(Sha256::digest(&leaf_der).to_vec())?,
                    issuer_serial: IssuerSerial {
                        issuer: vec![GeneralName::DirectoryName(
                            leaf.tbs_certificate.issuer.clone(),
                        )],
                        serial_number: leaf.tbs_certificate.serial_number.clone(),
                    },
                }],
            })?,
        )?,
    ];
    if let Some(t) = signing_time {
        let system: std::time::SystemTime = t.with_timezone(&Utc).into();
        let time = x509_cert::time::Time::try_from(system)?;
        attrs.push(attribute(ID_SIGNING_TIME, Any::encode_from(&time)?)?);
    }
    let signed_attrs = SetOfVec::try_from(attrs)?;
    let to_sign = Sha256::digest(signed_attrs.to_der()?);
    let signature = signer
        .sign_digest(DigestAlgorithm::Sha256, &to_sign)
        .await?;
    let signature_algorithm = match signer.signature_algorithm() {
        SignatureAlgorithm::RsaPkcs1v15 => AlgorithmIdentifierOwned {
            oid: ID_RSA_ENCRYPTION,
            parameters: Some(Any::null()),
        },
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: leaf.tbs_certificate.issuer.clone(),
            serial_number: leaf.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256_alg(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(signature)?,
        unsigned_attrs: None,
    };
    let certs = chain
        .iter()
        .cloned()
        .map(CertificateChoices::Certificate)
        .collect::<Vec<_>>();
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256_alg()])?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certs)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info])?),
    };
    let content_info = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data)?,
    };
    Ok(content_info.to_der()?)
}

/// What checking a CMS signature found (before looking at certificate trust).
pub(crate) struct Checked {
    pub digest_matches: bool,
    pub signature_valid: bool,
    pub signer: Option<Certificate>,
    pub certificates: Vec<Certificate>,
    pub signing_time: Option<DateTime<FixedOffset>>,
}

/// Problems that make a CMS blob uncheckable.
pub(crate) enum CmsProblem {
    Malformed(String),
    UnsupportedAlgorithm(String),
    SignerCertificateMissing,
}

/// Parses the DER at the start of `contents` (trailing zero padding allowed).
fn parse_content_info(contents: &[u8]) -> Result<SignedData, CmsProblem> {
    let mut reader =
        der::SliceReader::new(contents).map_err(|e| CmsProblem::Malformed(e.to_string()))?;
    let ci: ContentInfo = der::Decode::decode(&mut reader)
        .map_err(|e: der::Error| CmsProblem::Malformed(e.to_string()))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(CmsProblem::Malformed("not a SignedData".into()));
    }
    ci.content
        .decode_as::<SignedData>()
        .map_err(|e| CmsProblem::Malformed(e.to_string()))
}

fn digest_with(oid: &ObjectIdentifier, data: &[&[u8]]) -> Option<Vec<u8>> {
    use sha2::{Sha384, Sha512};
    fn run<D: sha2::Digest>(data: &[&[u8]]) -> Vec<u8> {
        let mut h = D::new();
        for d in data {
            h.update(d);
        }
        h.finalize().to_vec()
    }
    match *oid {
        ID_SHA256 => Some(run::<Sha256>(data)),
        ID_SHA384 => Some(run::<Sha384>(data)),
        ID_SHA512 => Some(run::<Sha512>(data)),
        _ => None,
    }
}

/// Verifies an RSA PKCS#1 v1.5 signature of a digest made with `digest_oid`.
pub(crate) fn rsa_verify(
    key: &rsa::RsaPublicKey,
    digest_oid: &ObjectIdentifier,
    digest: &[u8],
    signature: &[u8],
) -> bool {
    let scheme = match *digest_oid {
        ID_SHA256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
        ID_SHA384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
        ID_SHA512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        _ => return false,
    };
    key.verify(scheme, digest, signature).is_ok()
}

/// Checks a detached CMS signature against the signed bytes (given as parts).
pub(crate) fn check(contents: &[u8], signed_parts: &[&[u8]]) -> Result<Checked, CmsProblem> {
    let sd = parse_content_info(contents)?;
    let certificates: Vec<Certificate> = sd
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let si = sd
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| CmsProblem::Malformed("no SignerInfo".into()))?;
    let signer = certificates
        .iter()
        .find(|c| match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                c.tbs_certificate.issuer == isn.issuer
                    && c.tbs_certificate.serial_number == isn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                subject_key_id(c).is_some_and(|k| k.as_slice() == ski.0.as_bytes())
            }
        })
        .cloned();
    let digest_oid = si.digest_alg.oid;
    let content_digest = digest_with(&digest_oid, signed_parts)
        .ok_or_else(|| CmsProblem::UnsupportedAlgorithm(digest_oid.to_string()))?;

    let mut signing_time = None;
    let (digest_matches, to_verify) = match &si.signed_attrs {
        Some(attrs) => {
            let mut md = None;
            for a in attrs.iter() {
                if a.oid == ID_MESSAGE_DIGEST {
                    md = a
                        .values
                        .iter()
                        .next()
                        .and_then(|v| v.decode_as::<OctetString>().ok())
                        .map(|o| o.as_bytes().to_vec());
                } else if a.oid == ID_SIGNING_TIME {
                    signing_time = a
                        .values
                        .iter()
                        .next()
                        .and_then(|v| v.to_der().ok())
                        .and_then(|d| x509_cert::time::Time::from_der(&d).ok())
                        .map(|t| crate::verify::time_to_chrono(&t));
                }
            }
            let der = attrs
                .to_der()
                .map_err(|e| CmsProblem::Malformed(e.to_string()))?;
            let attrs_digest = digest_with(&digest_oid, &[&der])
                .ok_or_else(|| CmsProblem::UnsupportedAlgorithm(digest_oid.to_string()))?;
            (
                md.as_deref() == Some(content_digest.as_slice()),
                attrs_digest,
            )
        }
        None => (true, content_digest),
    };
    let signature_valid = match &signer {
        None => return Err(CmsProblem::SignerCertificateMissing),
        Some(cert) => match si.signature_algorithm.oid {
            ID_RSA_ENCRYPTION | ID_SHA256_WITH_RSA | ID_SHA384_WITH_RSA | ID_SHA512_WITH_RSA => {
                let key = crate::signer::rsa_public_key(cert).ok_or_else(|| {
                    CmsProblem::UnsupportedAlgorithm("signer key is not RSA".into())
                })?;
                rsa_verify(&key, &digest_oid, &to_verify, si.signature.as_bytes())
            }
            other => return Err(CmsProblem::UnsupportedAlgorithm(other.to_string())),
        },
    };
    Ok(Checked {
        digest_matches,
        signature_valid,
        signer,
        certificates,
        signing_time,
    })
}

pub(crate) fn subject_key_id(cert: &Certificate) -> Option<Vec<u8>> {
    use x509_cert::ext::pkix::SubjectKeyIdentifier;
    let exts = cert.tbs_certificate.extensions.as_ref()?;
    let ext = exts.iter().find(|e| e.extn_id == const_oid_ski())?;
    SubjectKeyIdentifier::from_der(ext.extn_value.as_bytes())
        .ok()
        .map(|s| s.0.as_bytes().to_vec())
}

fn const_oid_ski() -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap("2.5.29.14")
}
