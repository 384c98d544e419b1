//! PKCS#12 signers, sealed key files and the demo PKI.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use chancery_signing::sealed::{MasterKey, SealError, open, seal};
use chancery_signing::{Pkcs12Signer, Signer, SignerError};
use common::*;

#[test]
fn pkcs12_opens_with_its_password_only_and_orders_the_chain() {
    let signer = Pkcs12Signer::from_pkcs12(&pki().person_p12, PASSWORD).unwrap();
    let chain = signer.certificate_chain();
    assert_eq!(chain.len(), 2);
    assert_eq!(chain[1], pki().ca.certificate);
    assert!(
        chain[0]
            .tbs_certificate
            .subject
            .to_string()
            .contains("Nguyễn Văn An")
    );
    let err = Pkcs12Signer::from_pkcs12(&pki().person_p12, "wrong").unwrap_err();
    assert!(matches!(err, SignerError::Pkcs12(_)), "{err:?}");
    assert_eq!(err.code(), "PKCS12_UNREADABLE");
}

#[test]
fn openssl_reads_the_demo_pkcs12() {
    // An independent reader of the PKCS#12 files (openssl is on every Debian machine).
    let path = keep("person.p12", &pki().person_p12);
    let out = std::process::Command::new("openssl")
        .args(["pkcs12", "-info", "-nokeys", "-passin"])
        .arg(format!("pass:{PASSWORD}"))
        .arg("-in")
        .arg(&path)
        .output()
        .expect("openssl");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("BEGIN CERTIFICATE"), "{text}");
}

#[test]
fn sealed_pkcs12_round_trip() {
    let key = MasterKey::generate();
    let sealed = seal(&key, b"person:42", &pki().person_p12);
    assert!(
        !sealed
            .windows(16)
            .any(|w| pki().person_p12.windows(16).next() == Some(w))
    );
    let opened = open(&key, b"person:42", &sealed).unwrap();
    assert!(Pkcs12Signer::from_pkcs12(&opened, PASSWORD).is_ok());
    assert_eq!(
        open(&key, b"person:43", &sealed),
        Err(SealError::Unauthentic)
    );
}

#[test]
fn demo_issue_makes_a_root_and_one_pkcs12_per_person() {
    let (_ca, set) =
        chancery_signing::demo_pki::issue("Sở Nội vụ", &["Nguyễn Văn An", "Trần Thị Bình"], "pw")
            .unwrap();
    let mut trust = chancery_signing::TrustStore::default();
    assert_eq!(trust.add_pem(&set.root_pem).unwrap(), 1);
    assert_eq!(set.people_p12.len(), 2);
    let org = Pkcs12Signer::from_pkcs12(&set.organisation_p12, "pw").unwrap();
    assert!(
        org.certificate_chain()[0]
            .tbs_certificate
            .subject
            .to_string()
            .contains("Sở Nội vụ")
    );
    for (name, p12) in &set.people_p12 {
        let s = Pkcs12Signer::from_pkcs12(p12, "pw").unwrap();
        assert!(
            s.certificate_chain()[0]
                .tbs_certificate
                .subject
                .to_string()
                .contains(name.as_str())
        );
    }
}
