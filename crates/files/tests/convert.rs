//! Converting a .docx to PDF with the real LibreOffice (`soffice` headless): the text comes
//! through, a damaged file is refused, two conversions at once each get their own profile.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::path::PathBuf;

use chancery_files::{Converter, ConverterConfig, Kind, Sniffed, sniff};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_docx_becomes_a_pdf_with_its_vietnamese_text() {
    let converter = Converter::new(ConverterConfig::default());
    let pdf = converter
        .docx_to_pdf(&fixture("bao-cao.docx"))
        .await
        .unwrap();
    assert_eq!(sniff(&pdf, "x.pdf"), Sniffed::Accepted(Kind::Pdf));
    assert!(text_of(&pdf).contains("Về việc báo cáo biên chế"));
}

#[tokio::test]
async fn a_damaged_docx_is_refused() {
    let converter = Converter::new(ConverterConfig::default());
    let err = converter
        .docx_to_pdf(&fixture("corrupt.docx"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "CONVERSION_FAILED", "{err}");
    let err = converter
        .docx_to_pdf(b"not a zip at all")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "CONVERSION_FAILED", "{err}");
}

#[tokio::test]
async fn two_conversions_at_once_both_succeed() {
    let converter = Converter::new(ConverterConfig::default());
    let bytes = fixture("bao-cao.docx");
    let (a, b) = tokio::join!(converter.docx_to_pdf(&bytes), converter.docx_to_pdf(&bytes));
    for pdf in [a.unwrap(), b.unwrap()] {
        assert!(text_of(&pdf).contains("Về việc báo cáo biên chế"));
    }
}

#[tokio::test]
async fn without_libreoffice_the_conversion_is_unavailable() {
    let converter = Converter::new(ConverterConfig {
        soffice: Some(PathBuf::from("/nonexistent/soffice")),
        ..ConverterConfig::default()
    });
    let err = converter
        .docx_to_pdf(&fixture("bao-cao.docx"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "CONVERSION_UNAVAILABLE", "{err}");
}

#[tokio::test]
async fn a_file_over_the_limit_is_not_converted() {
    let converter = Converter::new(ConverterConfig {
        max_bytes: 100,
        ..ConverterConfig::default()
    });
    let err = converter
        .docx_to_pdf(&fixture("bao-cao.docx"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "TOO_LARGE");
}

/// Whether process `pid` is gone (or a zombie nobody reaped yet).
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/status")) {
        Err(_) => true,
        Ok(status) => status
            .lines()
            .any(|l| l.starts_with("State:") && l.contains('Z')),
    }
}

/// A conversion that never ends is stopped at the timeout, with every process it started:
/// a stand-in for `soffice` that starts a helper and waits forever.
#[tokio::test]
async fn a_conversion_past_its_timeout_is_killed_with_its_helpers() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("helper.pid");
    let program = dir.path().join("soffice");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nsleep 600 &\necho $! > {}\nwait\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let converter = Converter::new(ConverterConfig {
        soffice: Some(program),
        timeout_seconds: 1,
        ..ConverterConfig::default()
    });
    let err = converter
        .docx_to_pdf(&fixture("bao-cao.docx"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "CONVERSION_TIMEOUT", "{err}");
    let helper = std::fs::read_to_string(&pid_file).unwrap();
    let helper = helper.trim();
    // The signal is delivered at once; the kernel takes a moment to tear the process down.
    for _ in 0..100 {
        if gone(helper) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the helper {helper} outlived the conversion");
}
