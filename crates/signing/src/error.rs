//! Errors of this crate, each with a stable code.

/// Why a [`crate::Signer`] could not produce a signature or its chain.
#[derive(Debug, thiserror::Error)]
pub enum SignerError {
    /// The PKCS#12 file could not be opened (bad password, corrupt file).
    #[error("cannot open the PKCS#12 file: {0}")]
    Pkcs12(String),
    /// The sealed key file could not be opened.
    #[error(transparent)]
    Sealed(#[from] crate::sealed::SealError),
    /// The PKCS#12 file holds no private key with a certificate.
    #[error("the PKCS#12 file holds no private key with its certificate")]
    NoKey,
    /// The key type is not supported (only RSA for now).
    #[error("unsupported key: {0}")]
    UnsupportedKey(String),
    /// A certificate could not be parsed.
    #[error("bad certificate: {0}")]
    BadCertificate(String),
    /// The key refused to sign or the signing device/service failed.
    #[error("signing failed: {0}")]
    Failed(String),
}

impl SignerError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Pkcs12(_) => "PKCS12_UNREADABLE",
            Self::Sealed(e) => e.code(),
            Self::NoKey => "PKCS12_NO_KEY",
            Self::UnsupportedKey(_) => "UNSUPPORTED_KEY",
            Self::BadCertificate(_) => "BAD_CERTIFICATE",
            Self::Failed(_) => "SIGNER_FAILED",
        }
    }
}

/// Why a PDF could not be signed, stamped or generated.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    /// The input is not a PDF this crate can read.
    #[error("cannot read the PDF: {0}")]
    BadPdf(String),
    /// Encrypted PDFs are not signed.
    #[error("the PDF is encrypted")]
    Encrypted,
    /// The requested page does not exist.
    #[error("page {0} does not exist")]
    NoSuchPage(u32),
    /// An image is not a PNG this crate can decode.
    #[error("bad image: {0}")]
    BadImage(String),
    /// The organisation's signature on the main document needs the competent person's first
    /// (Decree 30 Art. 32.2.d).
    #[error("the organisation's signature needs a personal signature first")]
    PersonalSignatureMissing,
    /// The embedded font misses a glyph for a character of the text.
    #[error("the font has no glyph for {0:?}")]
    MissingGlyph(char),
    /// The signer failed.
    #[error(transparent)]
    Signer(#[from] SignerError),
    /// The signature did not fit the reserved space (should not happen: the space is computed from
    /// the certificate chain).
    #[error("the signature does not fit the reserved space")]
    SignatureTooLarge,
    /// Anything else that should not happen (encoding failures).
    #[error("internal error: {0}")]
    Internal(String),
}

impl SigningError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadPdf(_) => "BAD_PDF",
            Self::Encrypted => "PDF_ENCRYPTED",
            Self::NoSuchPage(_) => "NO_SUCH_PAGE",
            Self::BadImage(_) => "BAD_IMAGE",
            Self::PersonalSignatureMissing => "PERSONAL_SIGNATURE_MISSING",
            Self::MissingGlyph(_) => "MISSING_GLYPH",
            Self::Signer(e) => e.code(),
            Self::SignatureTooLarge => "SIGNATURE_TOO_LARGE",
            Self::Internal(_) => "INTERNAL",
        }
    }
}

impl From<lopdf::Error> for SigningError {
    fn from(e: lopdf::Error) -> Self {
        Self::BadPdf(e.to_string())
    }
}

impl From<der::Error> for SigningError {
    fn from(e: der::Error) -> Self {
        Self::Internal(format!("DER: {e}"))
    }
}
