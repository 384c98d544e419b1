//! `sign_per_s`: PAdES signatures per second of a 10-page PDF (for `chancery bench outgoing`).

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::demo_pki::{DemoCa, DemoSubject, Lifetime};
use crate::sample::{SIGNATURE_BOX, sample_pdf, signature_png};
use crate::{Appearance, Pkcs12Signer, SignRequest, SigningError, sign_pdf};

/// Figures of one [`bench_sign`] run.
#[derive(Debug, Clone, Serialize)]
pub struct SignBenchFigures {
    /// Signatures made.
    pub signatures: u64,
    /// Wall time spent signing, in seconds.
    pub seconds: f64,
    /// Signatures per second.
    pub sign_per_s: f64,
    /// Pages of the signed PDF.
    pub pages: usize,
    /// Size of the input PDF in bytes.
    pub input_bytes: usize,
    /// Size of a signed PDF in bytes.
    pub signed_bytes: usize,
    /// RSA key size.
    pub key_bits: usize,
}

/// Signs a 10-page PDF with a visible personal signature (demo RSA-2048 key loaded from
/// PKCS#12) again and again for about `duration` (at least one signature), on the calling task.
/// Key generation and the input PDF are made before the clock starts.
pub async fn bench_sign(duration: Duration) -> Result<SignBenchFigures, SigningError> {
    let internal = |e: crate::demo_pki::DemoPkiError| SigningError::Internal(e.to_string());
    let ca = DemoCa::generate("Bench Root CA", "Chancery Bench").map_err(internal)?;
    let person = ca
        .issue(
            &DemoSubject::person("Nguyễn Văn An", "Chancery Bench"),
            Lifetime::Current,
        )
        .map_err(internal)?;
    let p12 = person.to_pkcs12("bench").map_err(internal)?;
    let signer = Pkcs12Signer::from_pkcs12(&p12, "bench")?;
    let pages = 10;
    let pdf = sample_pdf(pages, "Văn bản đo hiệu năng")?;
    let request = SignRequest::new(Appearance::Personal {
        page: pages as u32,
        rect: SIGNATURE_BOX,
        image_png: signature_png()?,
    });
    let start = Instant::now();
    let mut signatures = 0u64;
    let mut signed_bytes = 0;
    while signatures == 0 || start.elapsed() < duration {
        let signed = sign_pdf(&pdf, &signer, &request).await?;
        signed_bytes = signed.len();
        signatures += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    Ok(SignBenchFigures {
        signatures,
        seconds,
        sign_per_s: signatures as f64 / seconds.max(1e-9),
        pages,
        input_bytes: pdf.len(),
        signed_bytes,
        key_bits: crate::demo_pki::KEY_BITS,
    })
}
