//! Shared fixtures: one demo PKI per test binary, and the independent verifiers (poppler's
//! `pdfsig` with an NSS trust database, pyHanko). Missing verifiers fail the tests: run
//! `crates/signing/install-verifiers.sh`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chancery_signing::demo_pki::{DemoCa, DemoIdentity, DemoSubject, Lifetime};
use chancery_signing::{Pkcs12Signer, TrustStore};

pub const PASSWORD: &str = "demo-password";
pub const ORG: &str = "Bộ Nội vụ";

pub struct Pki {
    pub ca: DemoCa,
    pub root_pem: String,
    pub person_p12: Vec<u8>,
    pub organisation_p12: Vec<u8>,
    pub expired: DemoIdentity,
    pub not_yet_valid: DemoIdentity,
    pub untrusted_ca: DemoCa,
    pub untrusted: DemoIdentity,
    pub dir: tempfile::TempDir,
    pub root_pem_path: PathBuf,
    pub nss_dir: PathBuf,
}

pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let ca = DemoCa::generate("Chancery Demo Root CA", "Chancery Demo").unwrap();
        let person = ca
            .issue(
                &DemoSubject::person("Nguyễn Văn An", ORG),
                Lifetime::Current,
            )
            .unwrap();
        let organisation = ca
            .issue(&DemoSubject::organisation(ORG), Lifetime::Current)
            .unwrap();
        let expired = ca
            .issue(
                &DemoSubject::person("Trần Thị Hết Hạn", ORG),
                Lifetime::Expired,
            )
            .unwrap();
        let not_yet_valid = ca
            .issue(
                &DemoSubject::person("Lê Văn Chưa", ORG),
                Lifetime::NotYetValid,
            )
            .unwrap();
        let untrusted_ca = DemoCa::generate("Untrusted Root CA", "Elsewhere").unwrap();
        let untrusted = untrusted_ca
            .issue(
                &DemoSubject::person("Phạm Văn Lạ", "Elsewhere"),
                Lifetime::Current,
            )
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root_pem = ca.certificate_pem().unwrap();
        let root_pem_path = dir.path().join("root.pem");
        std::fs::write(&root_pem_path, &root_pem).unwrap();
        let nss_dir = dir.path().join("nss");
        std::fs::create_dir_all(&nss_dir).unwrap();
        if which("certutil") {
            let db = format!("sql:{}", nss_dir.display());
            run(Command::new("certutil").args(["-N", "-d", &db, "--empty-password"]));
            run(Command::new("certutil")
                .args([
                    "-A",
                    "-d",
                    &db,
                    "-n",
                    "Chancery Demo Root",
                    "-t",
                    "CT,C,C",
                    "-a",
                    "-i",
                ])
                .arg(&root_pem_path));
        }
        Pki {
            person_p12: person.to_pkcs12(PASSWORD).unwrap(),
            organisation_p12: organisation.to_pkcs12(PASSWORD).unwrap(),
            ca,
            root_pem,
            expired,
            not_yet_valid,
            untrusted_ca,
            untrusted,
            dir,
            root_pem_path,
            nss_dir,
        }
    })
}

pub fn person() -> Pkcs12Signer {
    Pkcs12Signer::from_pkcs12(&pki().person_p12, PASSWORD).unwrap()
}

pub fn organisation() -> Pkcs12Signer {
    Pkcs12Signer::from_pkcs12(&pki().organisation_p12, PASSWORD).unwrap()
}

pub fn trust() -> TrustStore {
    TrustStore::new(vec![pki().ca.certificate.clone()])
}

fn which(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Keeps a copy of a produced PDF under the target dir (for a look by hand) and returns its path.
pub fn keep(name: &str, pdf: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chancery-signing");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// Runs poppler's pdfsig with the demo root trusted; fails the test when pdfsig is missing.
pub fn pdfsig(name: &str, pdf: &[u8]) -> String {
    assert!(
        which("pdfsig") && which("certutil"),
        "poppler's pdfsig and NSS certutil are required: run crates/signing/install-verifiers.sh \
         (apt-get install poppler-utils libnss3-tools)"
    );
    let path = keep(name, pdf);
    let nss = format!("sql:{}", pki().nss_dir.display());
    let out = Command::new("pdfsig")
        .arg("-nssdir")
        .arg(&nss)
        .arg(&path)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("--- pdfsig {name}\n{text}");
    text
}

/// Runs pyHanko's validator with the demo root as trust anchor; fails the test when missing.
pub fn pyhanko(name: &str, pdf: &[u8]) -> String {
    let ok = Command::new("python3")
        .args([
            "-c",
            "import pyhanko.sign.validation, pyhanko_certvalidator",
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "pyHanko is required: run crates/signing/install-verifiers.sh (pip install pyhanko pyhanko-certvalidator)"
    );
    let path = keep(name, pdf);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pyhanko_validate.py");
    let text = run(Command::new("python3")
        .arg(script)
        .arg(&pki().root_pem_path)
        .arg(&path));
    println!("--- pyHanko {name}\n{text}");
    text
}

/// pdfsig's blocks, one per signature.
pub fn pdfsig_blocks(out: &str) -> Vec<String> {
    out.split("Signature #")
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// pyHanko's `SIG` lines.
pub fn pyhanko_lines(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with("SIG "))
        .map(str::to_string)
        .collect()
}

pub fn assert_pdfsig_all_valid_trusted(out: &str, expected: usize) {
    let blocks = pdfsig_blocks(out);
    assert_eq!(blocks.len(), expected, "pdfsig signatures: {out}");
    for b in &blocks {
        assert!(
            b.contains("Signature Validation: Signature is Valid."),
            "pdfsig: {b}"
        );
        assert!(
            b.contains("Certificate Validation: Certificate is Trusted."),
            "pdfsig: {b}"
        );
    }
}

pub fn assert_pyhanko_all_intact_trusted(out: &str, expected: usize) {
    let lines = pyhanko_lines(out);
    assert_eq!(lines.len(), expected, "pyHanko signatures: {out}");
    for l in &lines {
        assert!(
            l.contains("intact=True valid=True trusted=True"),
            "pyHanko: {l}"
        );
        assert!(l.contains("docmdp_ok=True"), "pyHanko: {l}");
    }
}
