//! The [`Signer`] port and its PKCS#12 (software key) implementation.

use der::{Decode as _, Encode as _};
use rsa::RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::traits::PublicKeyParts as _;
use x509_cert::Certificate;

use crate::SignerError;

/// Digest algorithms a [`Signer`] may be asked to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    /// SHA-256 (the only one used for now).
    Sha256,
}

/// What a [`Signer`]'s signature value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5: the signer wraps the digest in a DigestInfo itself (as PKCS#11
    /// `CKM_RSA_PKCS` callers and remote-signing services that take a hash do).
    RsaPkcs1v15,
}

/// Something that holds a private key: signs digests and hands out its certificate chain.
///
/// Object safe and async so that a PKCS#11 token or a remote signing service (which may wait for the
/// holder to confirm on a phone) can implement it as well as [`Pkcs12Signer`].
#[async_trait::async_trait]
pub trait Signer: Send + Sync {
    /// The signer's certificate first, then its issuers (the root may be left out).
    fn certificate_chain(&self) -> &[Certificate];

    /// The kind of signature value [`Signer::sign_digest`] returns.
    fn signature_algorithm(&self) -> SignatureAlgorithm;

    /// Upper bound of the signature value's length in bytes (the RSA modulus length).
    fn max_signature_len(&self) -> usize {
        512
    }

    /// Signs a precomputed digest (here: of the CMS signed attributes).
    async fn sign_digest(
        &self,
        algorithm: DigestAlgorithm,
        digest: &[u8],
    ) -> Result<Vec<u8>, SignerError>;
}

/// A software key loaded from a PKCS#12 (.p12/.pfx) file. RSA keys.
pub struct Pkcs12Signer {
    key: RsaPrivateKey,
    chain: Vec<Certificate>,
}

impl std::fmt::Debug for Pkcs12Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs12Signer")
            .field(
                "subject",
                &self
                    .chain
                    .first()
                    .map(|c| c.tbs_certificate.subject.to_string()),
            )
            .finish_non_exhaustive()
    }
}

impl Pkcs12Signer {
    /// Opens a PKCS#12 file with its password. The chain is ordered signer first.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, SignerError> {
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password)
            .map_err(|e| SignerError::Pkcs12(e.to_string()))?;
        let (_, chain) = store.private_key_chain().ok_or(SignerError::NoKey)?;
        let key = RsaPrivateKey::from_pkcs8_der(chain.key())
            .map_err(|e| SignerError::UnsupportedKey(e.to_string()))?;
        let certs = chain
            .chain()
            .iter()
            .map(|c| {
                Certificate::from_der(c.as_der())
                    .map_err(|e| SignerError::BadCertificate(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(key, certs)
    }

    /// Opens a blob made by [`crate::sealed::seal_pkcs12`] and loads the PKCS#12 in it.
    pub fn from_sealed(
        key: &crate::sealed::MasterKey,
        context: &[u8],
        sealed: &[u8],
    ) -> Result<Self, SignerError> {
        let (p12, password) = crate::sealed::open_pkcs12(key, context, sealed)?;
        Self::from_pkcs12(&p12, &password)
    }

    /// A signer from a key and its chain (any order; the key's certificate is put first).
    pub fn new(key: RsaPrivateKey, certs: Vec<Certificate>) -> Result<Self, SignerError> {
        let public = rsa::RsaPublicKey::from(&key);
        let mut leaf = None;
        let mut rest = Vec::new();
        for c in certs {
            let matches = leaf.is_none()
                && rsa_public_key(&c).is_some_and(|p| p.n() == public.n() && p.e() == public.e());
            if matches {
                leaf = Some(c);
            } else {
                rest.push(c);
            }
        }
        let leaf = leaf.ok_or(SignerError::NoKey)?;
        // Order the issuers by following the issuer names from the leaf.
        let mut chain = vec![leaf];
        while let Some(pos) = rest.iter().position(|c| {
            chain.last().is_some_and(|last| {
                c.tbs_certificate.subject == last.tbs_certificate.issuer
                    && last.tbs_certificate.subject != last.tbs_certificate.issuer
            })
        }) {
            chain.push(rest.remove(pos));
        }
        chain.extend(rest);
        Ok(Self { key, chain })
    }
}

pub(crate) fn rsa_public_key(cert: &Certificate) -> Option<rsa::RsaPublicKey> {
    use rsa::pkcs8::DecodePublicKey as _;
    let der = cert.tbs_certificate.subject_public_key_info.to_der().ok()?;
    rsa::RsaPublicKey::from_public_key_der(&der).ok()
}

#[async_trait::async_trait]
impl Signer for Pkcs12Signer {
    fn certificate_chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn signature_algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::RsaPkcs1v15
    }

    fn max_signature_len(&self) -> usize {
        self.key.size()
    }

    async fn sign_digest(
        &self,
        algorithm: DigestAlgorithm,
        digest: &[u8],
    ) -> Result<Vec<u8>, SignerError> {
        match algorithm {
            DigestAlgorithm::Sha256 => self
                .key
                .sign(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), digest)
                .map_err(|e| SignerError::Failed(e.to_string())),
        }
    }
}
