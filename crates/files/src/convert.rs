//! Converting a Word file (.docx) to PDF with LibreOffice in headless mode.
//!
//! A draft's main file may be written in Word: it is converted to the PDF that is signed and
//! issued, and the .docx is kept as the editable version. [`Converter::docx_to_pdf`] runs
//! `soffice --headless --convert-to pdf` in a private temporary folder, with its own
//! LibreOffice profile for every conversion (two conversions at once never share a profile,
//! which LibreOffice locks), in its own process group (killed whole when the conversion
//! outlasts the timeout), at most [`ConverterConfig::concurrent`] at once. The output is
//! accepted only when its bytes are a PDF without active content.
//!
//! `soffice` is the configured path, else the first of `soffice` on `PATH`,
//! `/usr/bin/soffice` and `/usr/lib/libreoffice/program/soffice` that exists. When none does
//! (or it cannot start) the conversion is refused with [`ConvertError::Unavailable`].

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::kind::Kind;
use crate::sniff::{Sniffed, sniff};

/// How conversions run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConverterConfig {
    /// The `soffice` program; by default looked up on `PATH` and in Debian's places.
    pub soffice: Option<PathBuf>,
    /// How long one conversion may take, in seconds.
    pub timeout_seconds: u64,
    /// How many conversions run at the same time.
    pub concurrent: usize,
    /// The largest file converted, in bytes.
    pub max_bytes: u64,
}

impl Default for ConverterConfig {
    /// `soffice` found on the machine, 120 seconds, 2 at once, 50 MiB.
    fn default() -> Self {
        Self {
            soffice: None,
            timeout_seconds: 120,
            concurrent: 2,
            max_bytes: crate::kind::Limits::DEFAULT_MAX_BYTES,
        }
    }
}

/// Why a conversion failed. [`ConvertError::code`] gives a stable code.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// LibreOffice is not installed or cannot start.
    #[error("the conversion to PDF is not available on this server: {0}")]
    Unavailable(String),
    /// LibreOffice could not convert the file (a damaged or unreadable document).
    #[error("the file could not be converted to PDF: {0}")]
    Failed(String),
    /// The conversion took longer than allowed.
    #[error("the conversion to PDF took longer than {0} seconds")]
    Timeout(u64),
    /// The file is larger than a conversion takes.
    #[error("only files of at most {max} bytes are converted")]
    TooLarge { max: u64 },
}

impl ConvertError {
    /// A stable code naming the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            ConvertError::Unavailable(_) => "CONVERSION_UNAVAILABLE",
            ConvertError::Failed(_) => "CONVERSION_FAILED",
            ConvertError::Timeout(_) => "CONVERSION_TIMEOUT",
            ConvertError::TooLarge { .. } => "TOO_LARGE",
        }
    }
}

/// Converts Word files to PDF with LibreOffice; cheap to clone (the limit of conversions at
/// once is shared by the clones).
#[derive(Debug, Clone)]
pub struct Converter {
    config: ConverterConfig,
    permits: Arc<Semaphore>,
}

impl Converter {
    pub fn new(config: ConverterConfig) -> Self {
        let permits = Arc::new(Semaphore::new(config.concurrent.max(1)));
        Self { config, permits }
    }

    /// The `soffice` program this converter runs, if one is found.
    pub fn soffice(&self) -> Option<PathBuf> {
        if let Some(p) = &self.config.soffice {
            return Some(p.clone());
        }
        let on_path = std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("soffice"))
                .find(|p| p.is_file())
        });
        on_path.or_else(|| {
            ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())
        })
    }

    /// The PDF LibreOffice makes of the .docx `bytes`.
    pub async fn docx_to_pdf(&self, bytes: &[u8]) -> Result<Bytes, ConvertError> {
        let max = self.config.max_bytes;
        if bytes.len() as u64 > max {
            return Err(ConvertError::TooLarge { max });
        }
        if !matches!(sniff(bytes, "document.docx"), Sniffed::Accepted(Kind::Docx)) {
            return Err(ConvertError::Failed(
                "not a Word document (.docx)".to_owned(),
            ));
        }
        let soffice = self.soffice().ok_or_else(|| {
            ConvertError::Unavailable("LibreOffice (soffice) is not installed".to_owned())
        })?;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ConvertError::Unavailable(e.to_string()))?;
        let work = tempfile::tempdir().map_err(|e| ConvertError::Unavailable(e.to_string()))?;
        let input = work.path().join("document.docx");
        let out = work.path().join("out");
        let profile = work.path().join("profile");
        for dir in [&out, &profile] {
            tokio::fs::create_dir(dir)
                .await
                .map_err(|e| ConvertError::Unavailable(e.to_string()))?;
        }
        tokio::fs::write(&input, bytes)
            .await
            .map_err(|e| ConvertError::Unavailable(e.to_string()))?;
        self.run(&soffice, work.path(), &input, &out, &profile)
            .await?;
        let pdf = tokio::fs::read(out.join("document.pdf"))
            .await
            .map_err(|_| ConvertError::Failed("LibreOffice made no PDF".to_owned()))?;
        if !matches!(sniff(&pdf, "document.pdf"), Sniffed::Accepted(Kind::Pdf)) {
            return Err(ConvertError::Failed(
                "LibreOffice's output is not a PDF".to_owned(),
            ));
        }
        Ok(Bytes::from(pdf))
    }

    async fn run(
        &self,
        soffice: &Path,
        home: &Path,
        input: &Path,
        out: &Path,
        profile: &Path,
    ) -> Result<(), ConvertError> {
        let mut command = tokio::process::Command::new(soffice);
        command
            .arg("--headless")
            .arg("--norestore")
            .arg("--nolockcheck")
            .arg("--nologo")
            .arg("--nodefault")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .arg("--convert-to")
            .arg("pdf")
            .arg("--outdir")
            .arg(out)
            .arg(input)
            .current_dir(home)
            .env("HOME", home)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .kill_on_drop(true);
        let child = command.spawn().map_err(|e| {
            ConvertError::Unavailable(format!("{} cannot start: {e}", soffice.display()))
        })?;
        let group = child.id();
        let seconds = self.config.timeout_seconds;
        match tokio::time::timeout(Duration::from_secs(seconds), child.wait_with_output()).await {
            Err(_) => {
                kill_group(group);
                Err(ConvertError::Timeout(seconds))
            }
            Ok(Err(e)) => {
                kill_group(group);
                Err(ConvertError::Unavailable(e.to_string()))
            }
            Ok(Ok(output)) => {
                // soffice may leave helpers behind; the group goes with the conversion.
                kill_group(group);
                if output.status.success() {
                    Ok(())
                } else {
                    Err(ConvertError::Failed(
                        String::from_utf8_lossy(&output.stderr).trim().to_owned(),
                    ))
                }
            }
        }
    }
}

fn kill_group(group: Option<u32>) {
    let Some(pid) = group.and_then(|g| i32::try_from(g).ok()) else {
        return;
    };
    // The group may be gone already: nothing to report then.
    let _ = nix::sys::signal::killpg(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    );
}
