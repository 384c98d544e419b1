//! Digital signatures in PDF for Chancery: PAdES signing, verification, PKCS#12 signers and a demo PKI.
//!
//! # Design
//!
//! * **Signing** ([`sign_pdf`]) never rewrites a document. Every signature is appended as an
//!   *incremental update*: the original bytes are copied unchanged, then the new and changed objects
//!   (signature dictionary, signature field/widget, appearance stream, images, font, the page's
//!   `/Annots`, the `/AcroForm`), then a cross-reference section (a classic table, or an
//!   cross-reference stream when the previous section was one) whose `/Prev` points at the previous
//!   one. Every earlier signature therefore still covers exactly the bytes it covered before.
//! * The signature is PAdES baseline B-B: `/SubFilter /ETSI.CAdES.detached`, a detached CMS
//!   `SignedData` over the `/ByteRange` (everything except the `/Contents` hex string), SHA-256, signed
//!   attributes content-type, message-digest and signing-certificate-v2 (ESS, the SHA-256 of the
//!   signer's certificate). The claimed signing time is the signature dictionary's `/M` (inside the
//!   signed byte range, as EN 319 142-1 asks of PAdES baseline signatures); the CMS `signing-time`
//!   attribute can be added as well ([`SignRequest::cms_signing_time`]).
//! * The `/Contents` placeholder is sized from the signer's certificate chain, the `/ByteRange` is a
//!   fixed-width placeholder patched in place after the layout is known, the digest is taken, the
//!   [`Signer`] signs the digest of the signed attributes, and the DER is written into the placeholder.
//! * Keys sit behind the [`Signer`] trait (async, object safe): it signs a digest and hands out its
//!   certificate chain, which is what a PKCS#11 token or a remote signing service can do too.
//!   [`Pkcs12Signer`] is the software implementation; [`sealed`] encrypts PKCS#12 files at rest with a
//!   server master key (AES-256-GCM).
//! * Appearances follow Decree 30 Appendix I: a personal signature shows the signer's PNG in a box;
//!   the organisation's signature on the main document shows the seal PNG covering about a third of
//!   the personal signature image on its left (and is refused while no personal signature exists);
//!   on a separate attachment it is a text box at the top right of page 1 with the number/notation and
//!   the signing time in ISO 8601, set in an embedded, subsetted DejaVu Serif (Vietnamese glyphs).
//!   [`stamp_issue`] writes the issued number/notation and date on page 1 where Decree 30 puts
//!   them ("Số: …" left, the place and date right, one line) by filling two read-only text fields
//!   that the personal signature added empty ([`SignRequest::issue_fields`], [`issue_fields`]),
//!   and into the document information dictionary, in one incremental update: filling existing
//!   form fields is the change PDF signature rules allow after a signature (pyHanko: form
//!   filling), while new page content would not be. Files signed without the fields get the
//!   information dictionary only.
//! * **Verification** ([`verify_pdf`]) checks every signature on its own: the byte range, the digest,
//!   the signature value, whether later revisions were appended and whether they only add signatures
//!   (and metadata: the information dictionary and the filling of the number and date fields), the signer's certificate, the chain to the given trust anchors and the validity
//!   of each certificate at the claimed signing time. Every outcome is a stable code (enums with
//!   `code()`), so callers can record them as events.
//! * [`demo_pki`] issues a demo root CA and person / organisation certificates as PKCS#12 (also an
//!   expired one and one from an untrusted CA, for tests); [`sample`] makes N-page PDFs and demo
//!   signature/seal images; [`bench`] measures signatures per second of a 10-page PDF.
//!
//! Everything is pure Rust (lopdf, RustCrypto `cms`/`x509-cert`/`rsa`, `p12-keystore`); no C library.

mod appearance;
pub mod bench;
mod cms_sig;
pub mod demo_pki;
pub mod detached;
mod error;
mod font;
pub mod issue_fields;
mod pdf;
pub mod sample;
pub mod sealed;
mod sign;
mod signer;
mod verify;

pub use error::{SignerError, SigningError};
pub use issue_fields::IssueFieldPlacement;
pub use sign::{
    Appearance, IssueStamp, PdfRect, SignRequest, SignatureField, SignatureKind,
    existing_signatures, has_issue_fields, has_personal_signature, page_count, read_issue_stamp,
    sign_pdf, stamp_issue,
};
pub use signer::{DigestAlgorithm, Pkcs12Signer, SignatureAlgorithm, Signer};
pub use verify::{
    CertificateStatus, CoverageStatus, IntegrityStatus, SignatureReport, SignerSummary, TrustStore,
    certificate_fingerprint, verify_pdf,
};

/// X.509 certificate type used throughout this crate (RustCrypto `x509-cert`).
pub use x509_cert::Certificate;
