//! A demo certificate authority: a root CA and person / organisation certificates with RSA keys,
//! exported as PKCS#12. For `chancery demo seed` and tests; not for production keys.
//!
//! ```no_run
//! use chancery_signing::demo_pki::{DemoCa, DemoSubject, Lifetime};
//! let ca = DemoCa::generate("Chancery Demo Root CA", "Chancery Demo")?;
//! let person = ca.issue(&DemoSubject::person("Nguyễn Văn A", "Bộ Nội vụ"), Lifetime::Current)?;
//! let p12 = person.to_pkcs12("secret")?;
//! # Ok::<(), chancery_signing::demo_pki::DemoPkiError>(())
//! ```

use std::str::FromStr as _;
use std::time::{Duration, SystemTime};

use der::Encode as _;
use der::EncodePem as _;
use rsa::RsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;
use x509_cert::builder::{Builder as _, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use crate::Pkcs12Signer;

/// Why a demo certificate could not be made.
#[derive(Debug, thiserror::Error)]
#[error("demo PKI: {0}")]
pub struct DemoPkiError(String);

fn err(e: impl std::fmt::Display) -> DemoPkiError {
    DemoPkiError(e.to_string())
}

/// RSA key size of demo keys.
pub const KEY_BITS: usize = 2048;

/// Who a demo certificate is for.
#[derive(Debug, Clone)]
pub struct DemoSubject {
    /// Common name (the person's or organisation's name).
    pub common_name: String,
    /// Organisation (O).
    pub organisation: String,
    /// Organisational unit (OU), if any.
    pub unit: Option<String>,
}

impl DemoSubject {
    /// A person of an organisation.
    pub fn person(name: &str, organisation: &str) -> Self {
        Self {
            common_name: name.into(),
            organisation: organisation.into(),
            unit: None,
        }
    }

    /// An organisation (its seal certificate).
    pub fn organisation(name: &str) -> Self {
        Self {
            common_name: name.into(),
            organisation: name.into(),
            unit: None,
        }
    }

    fn name(&self) -> Result<Name, DemoPkiError> {
        let mut dn = format!("CN={}", escape(&self.common_name));
        if let Some(unit) = &self.unit {
            dn.push_str(&format!(",OU={}", escape(unit)));
        }
        dn.push_str(&format!(",O={},C=VN", escape(&self.organisation)));
        Name::from_str(&dn).map_err(err)
    }
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
            || (i == 0 && matches!(c, '#' | ' '))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// When a demo certificate is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// From a day ago for two years.
    Current,
    /// Expired: from two years ago to a year ago.
    Expired,
    /// Not yet valid: from in a year for a year.
    NotYetValid,
}

fn validity(l: Lifetime, years: u64) -> Result<Validity, DemoPkiError> {
    const DAY: u64 = 86_400;
    const YEAR: u64 = 365 * DAY;
    let now = SystemTime::now();
    let (from, to) = match l {
        Lifetime::Current => (
            now - Duration::from_secs(DAY),
            now + Duration::from_secs(years * YEAR),
        ),
        Lifetime::Expired => (
            now - Duration::from_secs(2 * YEAR),
            now - Duration::from_secs(YEAR),
        ),
        Lifetime::NotYetValid => (
            now + Duration::from_secs(YEAR),
            now + Duration::from_secs(2 * YEAR),
        ),
    };
    Ok(Validity {
        not_before: Time::try_from(from).map_err(err)?,
        not_after: Time::try_from(to).map_err(err)?,
    })
}

fn serial() -> Result<SerialNumber, DemoPkiError> {
    use rand::RngCore as _;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    SerialNumber::new(&bytes).map_err(err)
}

fn spki_of(key: &RsaPrivateKey) -> Result<SubjectPublicKeyInfoOwned, DemoPkiError> {
    let der = key.to_public_key().to_public_key_der().map_err(err)?;
    SubjectPublicKeyInfoOwned::try_from(der.as_bytes()).map_err(err)
}

/// A demo root certificate authority.
pub struct DemoCa {
    /// The self-signed root certificate (the trust anchor).
    pub certificate: Certificate,
    key: RsaPrivateKey,
}

impl std::fmt::Debug for DemoCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoCa")
            .field(
                "subject",
                &self.certificate.tbs_certificate.subject.to_string(),
            )
            .finish_non_exhaustive()
    }
}

impl DemoCa {
    /// Generates a root CA valid for ten years.
    pub fn generate(common_name: &str, organisation: &str) -> Result<Self, DemoPkiError> {
        let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS).map_err(err)?;
        let subject = DemoSubject {
            common_name: common_name.into(),
            organisation: organisation.into(),
            unit: None,
        }
        .name()?;
        let signing_key = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key.clone());
        let builder = CertificateBuilder::new(
            Profile::Root,
            serial()?,
            validity(Lifetime::Current, 10)?,
            subject,
            spki_of(&key)?,
            &signing_key,
        )
        .map_err(err)?;
        let certificate = builder.build::<rsa::pkcs1v15::Signature>().map_err(err)?;
        Ok(Self { certificate, key })
    }

    /// The root certificate in PEM.
    pub fn certificate_pem(&self) -> Result<String, DemoPkiError> {
        self.certificate
            .to_pem(der::pem::LineEnding::LF)
            .map_err(err)
    }

    /// The root certificate in DER.
    pub fn certificate_der(&self) -> Result<Vec<u8>, DemoPkiError> {
        self.certificate.to_der().map_err(err)
    }

    /// Issues a signing certificate (digitalSignature + nonRepudiation) with a fresh RSA key.
    pub fn issue(
        &self,
        subject: &DemoSubject,
        lifetime: Lifetime,
    ) -> Result<DemoIdentity, DemoPkiError> {
        let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS).map_err(err)?;
        let signing_key = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(self.key.clone());
        let builder = CertificateBuilder::new(
            Profile::Leaf {
                issuer: self.certificate.tbs_certificate.subject.clone(),
                enable_key_agreement: false,
                enable_key_encipherment: false,
            },
            serial()?,
            validity(lifetime, 2)?,
            subject.name()?,
            spki_of(&key)?,
            &signing_key,
        )
        .map_err(err)?;
        let certificate = builder.build::<rsa::pkcs1v15::Signature>().map_err(err)?;
        Ok(DemoIdentity {
            chain: vec![certificate.clone(), self.certificate.clone()],
            certificate,
            key,
        })
    }
}

/// A demo certificate with its key and chain (certificate, root).
pub struct DemoIdentity {
    /// The signing certificate.
    pub certificate: Certificate,
    /// The certificate then the root.
    pub chain: Vec<Certificate>,
    key: RsaPrivateKey,
}

impl std::fmt::Debug for DemoIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoIdentity")
            .field(
                "subject",
                &self.certificate.tbs_certificate.subject.to_string(),
            )
            .finish_non_exhaustive()
    }
}

impl DemoIdentity {
    /// The key and chain as a PKCS#12 file (PBES2 AES-256, HMAC-SHA256) protected by `password`.
    pub fn to_pkcs12(&self, password: &str) -> Result<Vec<u8>, DemoPkiError> {
        let key_der = self.key.to_pkcs8_der().map_err(err)?;
        let certs = self
            .chain
            .iter()
            .map(|c| {
                let der = c.to_der().map_err(err)?;
                p12_keystore::Certificate::from_der(&der).map_err(err)
            })
            .collect::<Result<Vec<_>, _>>()?;
        use sha2::Digest as _;
        let local_key_id =
            sha2::Sha256::digest(self.certificate.to_der().map_err(err)?)[..20].to_vec();
        let chain = p12_keystore::PrivateKeyChain::new(key_der.as_bytes(), local_key_id, certs);
        let mut store = p12_keystore::KeyStore::new();
        let alias = crate::sign::common_name(&self.certificate).unwrap_or_else(|| "key".into());
        store.add_entry(&alias, p12_keystore::KeyStoreEntry::PrivateKeyChain(chain));
        store.writer(password).write().map_err(err)
    }

    /// A signer using this identity directly.
    pub fn signer(&self) -> Result<Pkcs12Signer, DemoPkiError> {
        Pkcs12Signer::new(self.key.clone(), self.chain.clone()).map_err(err)
    }
}

/// The demo PKI of one organisation, as `chancery demo seed` stores it.
#[derive(Debug)]
pub struct DemoPkiSet {
    /// The root CA certificate (PEM): the trust anchor to configure.
    pub root_pem: String,
    /// The organisation's PKCS#12 (seal key).
    pub organisation_p12: Vec<u8>,
    /// Each person's name and PKCS#12.
    pub people_p12: Vec<(String, Vec<u8>)>,
}

/// Generates a root CA, the organisation's certificate and one per person, all PKCS#12 files
/// protected by `password`.
pub fn issue(
    organisation: &str,
    people: &[&str],
    password: &str,
) -> Result<(DemoCa, DemoPkiSet), DemoPkiError> {
    let ca = DemoCa::generate(&format!("{organisation} Demo Root CA"), organisation)?;
    let org = ca.issue(&DemoSubject::organisation(organisation), Lifetime::Current)?;
    let people_p12 = people
        .iter()
        .map(|name| {
            let id = ca.issue(&DemoSubject::person(name, organisation), Lifetime::Current)?;
            Ok((name.to_string(), id.to_pkcs12(password)?))
        })
        .collect::<Result<Vec<_>, DemoPkiError>>()?;
    let set = DemoPkiSet {
        root_pem: ca.certificate_pem()?,
        organisation_p12: org.to_pkcs12(password)?,
        people_p12,
    };
    Ok((ca, set))
}
