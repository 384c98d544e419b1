//! Plain signatures over a byte string (RSASSA-PKCS1-v1_5 with SHA-256), for records that are
//! not PDFs: the signed checkpoints of stored history. Verifying one needs only the signer's
//! certificate (`openssl dgst -sha256 -verify <public key> -signature <sig> <message>` does the
//! same).

use der::{Decode as _, Encode as _};
use sha2::{Digest as _, Sha256};
use x509_cert::Certificate;

use crate::{DigestAlgorithm, SignerError};

/// Signs `message` with the signer's key.
pub async fn sign_message(
    signer: &dyn crate::Signer,
    message: &[u8],
) -> Result<Vec<u8>, SignerError> {
    let digest = Sha256::digest(message);
    signer.sign_digest(DigestAlgorithm::Sha256, &digest).await
}

/// Whether `signature` is the certificate's key's signature of `message`.
pub fn verify_message(certificate: &Certificate, message: &[u8], signature: &[u8]) -> bool {
    let Some(key) = crate::signer::rsa_public_key(certificate) else {
        return false;
    };
    let digest = Sha256::digest(message);
    key.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &digest, signature)
        .is_ok()
}

/// The certificate's DER.
pub fn certificate_der(certificate: &Certificate) -> Option<Vec<u8>> {
    certificate.to_der().ok()
}

/// A certificate from its DER.
pub fn certificate_from_der(der: &[u8]) -> Option<Certificate> {
    Certificate::from_der(der).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::Signer as _;

    #[tokio::test]
    async fn a_signature_verifies_with_the_certificate_alone_and_only_for_its_message() {
        let ca = crate::demo_pki::DemoCa::generate("Demo Root", "Bộ Nội vụ").unwrap();
        let signer = ca
            .issue(
                &crate::demo_pki::DemoSubject::organisation("Bộ Nội vụ"),
                crate::demo_pki::Lifetime::Current,
            )
            .unwrap()
            .signer()
            .unwrap();
        let signature = sign_message(&signer, b"head 42").await.unwrap();
        let der = certificate_der(&signer.certificate_chain()[0]).unwrap();
        let certificate = certificate_from_der(&der).unwrap();
        assert!(verify_message(&certificate, b"head 42", &signature));
        assert!(!verify_message(&certificate, b"head 43", &signature));
        let mut altered = signature.clone();
        altered[10] ^= 1;
        assert!(!verify_message(&certificate, b"head 42", &altered));
    }
}
