//! End-to-end PAdES tests: sign with this crate, check with this crate and with two independent
//! verifiers (poppler's pdfsig, pyHanko).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use chancery_signing::sample::{
    SIGNATURE_BOX, sample_pdf, sample_pdf_with_xref_stream, seal_png, signature_png,
};
use chancery_signing::{
    Appearance, CertificateStatus, CoverageStatus, IntegrityStatus, IssueFieldPlacement,
    IssueStamp, SignRequest, SignatureKind, SigningError, has_issue_fields, has_personal_signature,
    read_issue_stamp, sign_pdf, stamp_issue, verify_pdf,
};
use common::*;

fn personal_request(page: u32) -> SignRequest {
    let mut r = SignRequest::new(Appearance::Personal {
        page,
        rect: SIGNATURE_BOX,
        image_png: signature_png().unwrap(),
    });
    r.reason = Some("Ký ban hành".into());
    r.location = Some("Hà Nội".into());
    r.issue_fields = Some(IssueFieldPlacement::Decree30);
    r
}

fn seal_request() -> SignRequest {
    SignRequest::new(Appearance::OrganisationSeal {
        seal_png: seal_png().unwrap(),
        diameter: 99.0,
    })
}

/// Personal signature, issue stamp, organisation seal: three incremental updates.
async fn main_document() -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
    let original = sample_pdf(3, "Quyết định về việc ban hành quy chế").unwrap();
    let personal = sign_pdf(&original, &person(), &personal_request(3))
        .await
        .unwrap();
    let stamped = stamp_issue(
        &personal,
        &IssueStamp {
            number_notation: "05/QĐ-BNV".into(),
            issued_date: chrono::NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(),
            place: None,
        },
    )
    .unwrap();
    let sealed = sign_pdf(&stamped, &organisation(), &seal_request())
        .await
        .unwrap();
    (original, personal, stamped, sealed)
}

#[tokio::test]
async fn personal_then_organisation_signature_valid_for_every_verifier() {
    let (original, personal, stamped, sealed) = main_document().await;
    // Incremental updates: earlier bytes untouched.
    assert!(personal.starts_with(&original));
    assert!(stamped.starts_with(&personal));
    assert!(sealed.starts_with(&stamped));

    let reports = verify_pdf(&personal, &trust()).unwrap();
    assert_eq!(reports.len(), 1);
    assert!(reports[0].is_valid(), "{reports:?}");
    assert_eq!(reports[0].coverage, CoverageStatus::WholeFile);

    let reports = verify_pdf(&sealed, &trust()).unwrap();
    assert_eq!(reports.len(), 2, "{reports:?}");
    let (p, o) = (&reports[0], &reports[1]);
    assert_eq!(p.kind, SignatureKind::Personal);
    assert_eq!(o.kind, SignatureKind::Organisation);
    for r in &reports {
        assert_eq!(r.integrity, IntegrityStatus::Intact, "{r:?}");
        assert_eq!(r.certificate, CertificateStatus::Trusted, "{r:?}");
        assert!(r.is_valid());
        assert_eq!(r.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
        assert!(r.signing_time.is_some());
    }
    assert_eq!(p.coverage, CoverageStatus::SignaturesAndMetadataAppended);
    assert_eq!(o.coverage, CoverageStatus::WholeFile);
    assert_eq!(
        p.signer.as_ref().unwrap().common_name.as_deref(),
        Some("Nguyễn Văn An")
    );
    assert_eq!(o.signer.as_ref().unwrap().common_name.as_deref(), Some(ORG));
    // Who signed can be matched against the registered certificate.
    use chancery_signing::Signer as _;
    assert_eq!(
        p.signer.as_ref().unwrap().fingerprint_sha256,
        chancery_signing::certificate_fingerprint(&person().certificate_chain()[0])
    );
    assert_ne!(
        o.signer.as_ref().unwrap().fingerprint_sha256,
        p.signer.as_ref().unwrap().fingerprint_sha256
    );
    let stamp = read_issue_stamp(&sealed).unwrap().unwrap();
    assert_eq!(stamp.number_notation, "05/QĐ-BNV");

    let out = pdfsig("main-personal.pdf", &personal);
    assert_pdfsig_all_valid_trusted(&out, 1);
    assert!(out.contains("Total document signed"), "{out}");
    let out = pdfsig("main-sealed.pdf", &sealed);
    assert_pdfsig_all_valid_trusted(&out, 2);

    let out = pyhanko("main-personal.pdf", &personal);
    assert_pyhanko_all_intact_trusted(&out, 1);
    let out = pyhanko("main-sealed.pdf", &sealed);
    assert_pyhanko_all_intact_trusted(&out, 2);
}

#[tokio::test]
async fn attachment_signature_top_right_valid_for_every_verifier() {
    let original = sample_pdf(2, "Phụ lục kèm theo Quyết định").unwrap();
    let mut request = SignRequest::new(Appearance::OrganisationAttachment {
        organisation: ORG.into(),
        number_notation: "05/QĐ-BNV".into(),
    });
    // Also exercise the optional CMS signing-time attribute.
    request.cms_signing_time = true;
    request.signing_time = chrono::DateTime::parse_from_rfc3339(
        &request
            .signing_time
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    )
    .unwrap();
    // An attachment needs no personal signature.
    let signed = sign_pdf(&original, &organisation(), &request)
        .await
        .unwrap();
    assert!(signed.starts_with(&original));
    let reports = verify_pdf(&signed, &trust()).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].kind, SignatureKind::OrganisationAttachment);
    assert!(reports[0].is_valid(), "{reports:?}");
    assert_eq!(reports[0].signing_time, Some(request.signing_time));
    let fields = chancery_signing::existing_signatures(&signed).unwrap();
    let rect = fields[0].rect.unwrap();
    assert_eq!(fields[0].page, Some(1));
    assert!(
        rect.x > 595.0 / 2.0 && rect.y > 842.0 * 0.8,
        "top right: {rect:?}"
    );

    assert_pdfsig_all_valid_trusted(&pdfsig("attachment.pdf", &signed), 1);
    assert_pyhanko_all_intact_trusted(&pyhanko("attachment.pdf", &signed), 1);
}

#[tokio::test]
async fn xref_stream_input_signed_twice_valid_for_every_verifier() {
    let original = sample_pdf_with_xref_stream(2, "Công văn").unwrap();
    let personal = sign_pdf(&original, &person(), &personal_request(2))
        .await
        .unwrap();
    let sealed = sign_pdf(&personal, &organisation(), &seal_request())
        .await
        .unwrap();
    let reports = verify_pdf(&sealed, &trust()).unwrap();
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| r.is_valid()), "{reports:?}");
    assert_eq!(reports[0].coverage, CoverageStatus::SignaturesAppended);
    assert_pdfsig_all_valid_trusted(&pdfsig("xref-stream-sealed.pdf", &sealed), 2);
    assert_pyhanko_all_intact_trusted(&pyhanko("xref-stream-sealed.pdf", &sealed), 2);
}

#[tokio::test]
async fn one_changed_byte_is_reported_modified_by_every_verifier() {
    let (_, _, _, sealed) = main_document().await;
    let mut tampered = sealed.clone();
    let at = tampered
        .windows(7)
        .position(|w| w == b"Line 3:")
        .expect("sample text");
    tampered[at + 5] = b'8';
    assert_ne!(tampered, sealed);

    let reports = verify_pdf(&tampered, &trust()).unwrap();
    assert_eq!(reports.len(), 2);
    for r in &reports {
        assert_eq!(r.integrity, IntegrityStatus::DigestMismatch, "{r:?}");
        assert!(!r.is_valid());
    }

    let out = pdfsig("tampered.pdf", &tampered);
    let blocks = pdfsig_blocks(&out);
    assert_eq!(blocks.len(), 2, "{out}");
    for b in &blocks {
        assert!(
            b.contains("Signature Validation: Digest Mismatch."),
            "pdfsig: {b}"
        );
    }

    let out = pyhanko("tampered.pdf", &tampered);
    let lines = pyhanko_lines(&out);
    assert_eq!(lines.len(), 2, "{out}");
    for l in &lines {
        assert!(l.contains("intact=False"), "pyHanko: {l}");
    }
}

#[tokio::test]
async fn organisation_seal_refused_before_a_personal_signature() {
    let original = sample_pdf(1, "Tờ trình").unwrap();
    assert!(!has_personal_signature(&original).unwrap());
    let err = sign_pdf(&original, &organisation(), &seal_request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, SigningError::PersonalSignatureMissing),
        "{err:?}"
    );
    assert_eq!(err.code(), "PERSONAL_SIGNATURE_MISSING");
    // An attachment-style organisation signature does not count as a personal one.
    let attachment = sign_pdf(
        &original,
        &organisation(),
        &SignRequest::new(Appearance::OrganisationAttachment {
            organisation: ORG.into(),
            number_notation: "01/TTr-VP".into(),
        }),
    )
    .await
    .unwrap();
    assert!(!has_personal_signature(&attachment).unwrap());
    assert!(
        sign_pdf(&attachment, &organisation(), &seal_request())
            .await
            .is_err()
    );

    let personal = sign_pdf(&original, &person(), &personal_request(1))
        .await
        .unwrap();
    assert!(has_personal_signature(&personal).unwrap());
    assert!(
        sign_pdf(&personal, &organisation(), &seal_request())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn expired_not_yet_valid_and_untrusted_certificates_are_reported() {
    let original = sample_pdf(1, "Báo cáo").unwrap();
    let cases = [
        (&pki().expired, CertificateStatus::Expired, "EXPIRED"),
        (
            &pki().not_yet_valid,
            CertificateStatus::NotYetValid,
            "NOT_YET_VALID",
        ),
        (&pki().untrusted, CertificateStatus::Untrusted, "UNTRUSTED"),
    ];
    for (identity, expected, code) in cases {
        let signer = identity.signer().unwrap();
        let signed = sign_pdf(&original, &signer, &personal_request(1))
            .await
            .unwrap();
        let reports = verify_pdf(&signed, &trust()).unwrap();
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!(r.integrity, IntegrityStatus::Intact, "{r:?}");
        assert_eq!(r.certificate, expected, "{r:?}");
        assert_eq!(r.certificate.code(), code);
        assert!(!r.is_valid());
        assert!(r.detail.is_some());
    }
    // With the other CA as anchor, the untrusted one becomes trusted.
    let signer = pki().untrusted.signer().unwrap();
    let signed = sign_pdf(&original, &signer, &personal_request(1))
        .await
        .unwrap();
    let other = chancery_signing::TrustStore::new(vec![pki().untrusted_ca.certificate.clone()]);
    assert!(verify_pdf(&signed, &other).unwrap()[0].is_valid());
}

#[tokio::test]
async fn a_signature_after_a_non_signature_change_is_flagged_for_the_earlier_one() {
    // Append an update that rewrites page 1's content: the earlier signature must say so.
    let original = sample_pdf(1, "Giấy mời").unwrap();
    let personal = sign_pdf(&original, &person(), &personal_request(1))
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&personal);
    let content_id: u32 = {
        // The sample writes "/Contents N 0 R" in the page dictionary.
        let at = text.find("/Contents ").unwrap() + "/Contents ".len();
        text[at..].split(' ').next().unwrap().parse().unwrap()
    };
    let startxref = text.rfind("startxref").unwrap();
    let prev: usize = text[startxref + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut changed = personal.clone();
    let obj_at = changed.len();
    let body = b"BT /F1 30 Tf 72 400 Td (FORGED) Tj ET";
    changed.extend_from_slice(
        format!("{content_id} 0 obj\n<</Length {}>>\nstream\n", body.len()).as_bytes(),
    );
    changed.extend_from_slice(body);
    changed.extend_from_slice(b"\nendstream\nendobj\n");
    let xref_at = changed.len();
    let root = text[text.rfind("/Root ").unwrap() + 6..]
        .split(" R")
        .next()
        .unwrap()
        .to_string();
    changed.extend_from_slice(
        format!("xref\n{content_id} 1\n{obj_at:010} 00000 n\r\ntrailer\n<</Size 999/Root {root} R/Prev {prev}>>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
    );
    let reports = verify_pdf(&changed, &trust()).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].integrity, IntegrityStatus::Intact);
    assert_eq!(
        reports[0].coverage,
        CoverageStatus::OtherChangesAppended,
        "{reports:?}"
    );
    assert!(!reports[0].is_valid());
}

#[test]
fn unsigned_and_unreadable_inputs() {
    let original = sample_pdf(1, "Thông báo").unwrap();
    assert!(verify_pdf(&original, &trust()).unwrap().is_empty());
    let err = verify_pdf(b"not a pdf", &trust()).unwrap_err();
    assert_eq!(err.code(), "BAD_PDF");
}

/// Page 1's text as poppler's pdftotext reads it (form field appearances included).
fn page_one_text(name: &str, pdf: &[u8]) -> String {
    let path = keep(name, pdf);
    let out = std::process::Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", "-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_issued_number_and_date_are_on_page_one_and_both_signatures_stay_valid() {
    let original = sample_pdf(2, "Quyết định về việc ban hành quy chế").unwrap();
    let personal = sign_pdf(&original, &person(), &personal_request(2))
        .await
        .unwrap();
    assert!(has_issue_fields(&personal).unwrap());
    // Signed, the number and date lines are still blank.
    let text = page_one_text("issue-personal.pdf", &personal);
    assert!(!text.contains("Số:"), "{text}");
    assert!(!text.contains("tháng"), "{text}");

    let stamped = stamp_issue(
        &personal,
        &IssueStamp {
            number_notation: "12/QĐ-UBND".into(),
            issued_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            place: Some("Hà Nội".into()),
        },
    )
    .unwrap();
    let sealed = sign_pdf(&stamped, &organisation(), &seal_request())
        .await
        .unwrap();
    assert!(sealed.starts_with(&stamped) && stamped.starts_with(&personal));

    // On the page, on one line: the number left, the place and date right.
    let text = page_one_text("issue-sealed.pdf", &sealed);
    let line = text
        .lines()
        .find(|l| l.contains("Số: 12/QĐ-UBND"))
        .unwrap_or_else(|| panic!("no number line: {text}"));
    assert!(
        line.contains("Hà Nội, ngày 07 tháng 12 năm 2026"),
        "number and date not on one line: {text}"
    );
    let number_at = line.find("Số:").unwrap();
    let date_at = line.find("Hà Nội").unwrap();
    assert!(number_at < date_at, "{line}");
    // Under the issuing body's name and the motto, above the title.
    let row = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap();
    assert!(row("BỘ NỘI VỤ") < row("Số: 12/QĐ-UBND"), "{text}");
    assert!(row("Độc lập") < row("Số: 12/QĐ-UBND"), "{text}");
    assert!(row("Số: 12/QĐ-UBND") < row("Quyết định về việc"), "{text}");
    let stamp = read_issue_stamp(&sealed).unwrap().unwrap();
    assert_eq!(stamp.number_notation, "12/QĐ-UBND");
    assert_eq!(stamp.place.as_deref(), Some("Hà Nội"));

    // This crate: the filling is an allowed later change of the personal signature.
    let reports = verify_pdf(&sealed, &trust()).unwrap();
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(reports.iter().all(|r| r.is_valid()), "{reports:?}");
    assert_eq!(
        reports[0].coverage,
        CoverageStatus::SignaturesAndMetadataAppended
    );
    assert_eq!(reports[1].coverage, CoverageStatus::WholeFile);

    // poppler and pyHanko: both valid; the personal signature saw at most form filling.
    assert_pdfsig_all_valid_trusted(&pdfsig("issue-sealed.pdf", &sealed), 2);
    let out = pyhanko("issue-sealed.pdf", &sealed);
    assert_pyhanko_all_intact_trusted(&out, 2);
    let lines = pyhanko_lines(&out);
    let personal_line = lines
        .iter()
        .find(|l| l.starts_with("SIG ChanceryPersonal"))
        .unwrap();
    assert!(
        [
            "modification=FORM_FILLING",
            "modification=LTA_UPDATES",
            "modification=NONE"
        ]
        .iter()
        .any(|m| personal_line.contains(m)),
        "{personal_line}"
    );
}

#[tokio::test]
async fn a_document_signed_without_the_fields_is_still_issued_with_the_number_in_its_metadata() {
    let original = sample_pdf(1, "Công văn").unwrap();
    let mut request = personal_request(1);
    request.issue_fields = None;
    let personal = sign_pdf(&original, &person(), &request).await.unwrap();
    assert!(!has_issue_fields(&personal).unwrap());
    // A second personal signature does not add them after the first one either.
    let twice = sign_pdf(&personal, &person(), &personal_request(1))
        .await
        .unwrap();
    assert!(!has_issue_fields(&twice).unwrap());
    let reports = verify_pdf(&twice, &trust()).unwrap();
    assert_eq!(reports[0].coverage, CoverageStatus::SignaturesAppended);
    let stamp = IssueStamp {
        number_notation: "13/UBND-VP".into(),
        issued_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        place: None,
    };
    let stamped = stamp_issue(&personal, &stamp).unwrap();
    let sealed = sign_pdf(&stamped, &organisation(), &seal_request())
        .await
        .unwrap();
    assert_eq!(read_issue_stamp(&sealed).unwrap(), Some(stamp));
    assert!(!page_one_text("issue-old.pdf", &sealed).contains("13/UBND-VP"));
    let reports = verify_pdf(&sealed, &trust()).unwrap();
    assert!(reports.iter().all(|r| r.is_valid()), "{reports:?}");
    assert_pdfsig_all_valid_trusted(&pdfsig("issue-old.pdf", &sealed), 2);
}
