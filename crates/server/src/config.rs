//! Typed, layered configuration: defaults → `chancery.toml` (or `--config FILE`) →
//! `CHANCERY__SECTION__KEY` environment variables, with `DATABASE_URL` and `KURRENTDB_URL`
//! honoured as the conventional names. Secrets are wrapped so they never print.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format as _, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A value that must not appear in logs or debug output.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub http: HttpConfig,
    pub login: LoginConfig,
    pub database: DatabaseConfig,
    pub event_store: EventStoreConfig,
    pub projections: ProjectionsConfig,
    pub files: FilesConfig,
    pub log: LogConfig,
    pub signing: SigningConfig,
    pub history: HistoryConfig,
}

/// Signed checkpoints of stored history (`chancery_commands::checkpoints`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryConfig {
    /// Minutes between signed checkpoints while new events arrive; 0: only on demand
    /// (`chancery events checkpoint`).
    pub checkpoint_every_minutes: u64,
    /// Folders every checkpoint is also written to (copy them off the machine).
    pub witness_dirs: Vec<PathBuf>,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        Self {
            checkpoint_every_minutes: 10,
            witness_dirs: Vec::new(),
        }
    }
}

/// Where the master key that seals signing keys comes from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SigningConfig {
    /// The key itself, 64 hexadecimal digits (e.g. from `CHANCERY__SIGNING__MASTER_KEY`).
    pub master_key: Option<Secret>,
    /// A file holding it; created (mode 0600) with a new random key when missing. Default:
    /// `master.key` beside the files folder. Back it up apart from the database: without it
    /// the stored signing keys cannot be opened.
    pub master_key_file: Option<PathBuf>,
}

impl SigningConfig {
    /// The master key: the configured one, or the key file's (made on first use).
    pub fn master_key(
        &self,
        files: &FilesConfig,
    ) -> anyhow::Result<chancery_signing::sealed::MasterKey> {
        use anyhow::Context as _;
        use chancery_signing::sealed::MasterKey;
        if let Some(hex) = &self.master_key {
            return MasterKey::from_hex(hex.expose().trim())
                .map_err(|e| anyhow::anyhow!("signing.master_key: {e}"));
        }
        let path = self.master_key_file.clone().unwrap_or_else(|| {
            files
                .dir
                .parent()
                .map_or_else(|| PathBuf::from("master.key"), |p| p.join("master.key"))
        });
        if !path.exists() {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            let bytes: Vec<u8> = uuid::Uuid::new_v4()
                .as_bytes()
                .iter()
                .chain(uuid::Uuid::new_v4().as_bytes())
                .copied()
                .collect();
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(mut file) => {
                    std::io::Write::write_all(&mut file, hex.as_bytes())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    tracing::warn!(
                        path = %path.display(),
                        "created a new master key for signing keys: back it up"
                    );
                }
                // Another process made it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()));
                }
            }
        }
        let mut text = String::new();
        for _ in 0..50 {
            text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if text.trim().len() == 64 {
                break;
            }
            // Being written by the process that created it.
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        MasterKey::from_hex(text.trim()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }
}

/// Where attachments are stored and what is accepted.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilesConfig {
    /// The folder of the local content-addressed store.
    pub dir: PathBuf,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
    /// How long an upload may wait to be attached, in hours; its bytes are removed (an hour
    /// later) if nothing attached them.
    pub retention_hours: u64,
    /// How often unattached uploads are looked for, in minutes.
    pub cleanup_every_minutes: u64,
    /// Converting a draft's Word file (.docx) to PDF with LibreOffice: the `soffice` program
    /// (found on the machine by default), the timeout and how many run at once.
    pub conversion: chancery_files::ConverterConfig,
}

impl Default for FilesConfig {
    fn default() -> Self {
        Self {
            dir: PathBuf::from(".chancery/files"),
            max_bytes: chancery_files::Limits::DEFAULT_MAX_BYTES,
            retention_hours: 24,
            cleanup_every_minutes: 60,
            conversion: chancery_files::ConverterConfig::default(),
        }
    }
}

impl FilesConfig {
    /// How long an upload may wait to be attached (at least an hour).
    pub fn retention(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.retention_hours.max(1).saturating_mul(3600))
    }

    /// How often unattached uploads are looked for (at least once a minute).
    pub fn cleanup_every(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.cleanup_every_minutes.max(1).saturating_mul(60))
    }

    /// The store this configuration describes.
    pub fn store(&self) -> anyhow::Result<chancery_files::FileStore> {
        let limits = chancery_files::Limits {
            max_bytes: self.max_bytes,
            ..chancery_files::Limits::default()
        };
        let conversion = chancery_files::ConverterConfig {
            max_bytes: self.max_bytes,
            ..self.conversion.clone()
        };
        Ok(chancery_files::FileStore::local(&self.dir, limits)?.with_converter(conversion))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Where `chancery serve` listens.
    pub addr: SocketAddr,
    /// The built web client, served at `/`.
    pub web_dir: PathBuf,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Mark the session cookie `Secure`: set when users reach the server over HTTPS (a
    /// TLS-terminating proxy in front of it).
    pub secure_cookies: bool,
    /// The proxies in front of the server (their addresses as the server sees them): only
    /// from these is `X-Forwarded-For` believed for the client's address (rate limits, the
    /// usage log). None by default: the peer's address is the client's.
    pub trusted_proxies: Vec<IpAddr>,
    /// Describe the GraphQL schema (introspection) to anonymous callers too. Off by
    /// default: logged-in callers (and GraphiQL in their browser) may always introspect.
    pub introspection: bool,
    /// A bearer token that opens `/metrics` from other machines (otherwise it answers
    /// loopback only).
    pub metrics_token: Option<Secret>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            web_dir: PathBuf::from("web/dist"),
            max_body_bytes: 2 * 1024 * 1024,
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            introspection: false,
            metrics_token: None,
        }
    }
}

/// Guards of password checking (logins, password and second-factor changes).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoginConfig {
    /// Failed password attempts one client address may make in a row (across all
    /// usernames) before it must wait; 0 turns the address throttle off.
    pub address_failures: u32,
    /// After that, one more attempt per this many seconds.
    pub address_refill_seconds: u32,
    /// Password hashes computed at once (argon2id, 19 MiB each); default twice the cores.
    pub hashing_permits: Option<usize>,
    /// How long a login may queue for hashing before it is refused (`RATE_LIMITED`).
    pub hashing_wait_seconds: u64,
}

impl Default for LoginConfig {
    fn default() -> Self {
        let rule = chancery_identity::ThrottleRule::default();
        Self {
            address_failures: rule.burst,
            address_refill_seconds: u32::try_from(rule.every.num_seconds()).unwrap_or(30),
            hashing_permits: None,
            hashing_wait_seconds: 10,
        }
    }
}

impl LoginConfig {
    /// The API's guards as configured.
    pub fn guards(&self) -> (chancery_identity::Throttle, chancery_identity::PasswordWork) {
        let throttle = chancery_identity::Throttle::new(chancery_identity::ThrottleRule {
            burst: self.address_failures,
            every: chrono::Duration::seconds(i64::from(self.address_refill_seconds.max(1))),
            ..chancery_identity::ThrottleRule::default()
        });
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let work = chancery_identity::PasswordWork::new(
            self.hashing_permits.unwrap_or(cores * 2),
            std::time::Duration::from_secs(self.hashing_wait_seconds),
        );
        (throttle, work)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `postgresql://…` of an existing server. Unset: a private cluster under `data_dir`.
    pub url: Option<Secret>,
    /// Data folder of the private cluster.
    pub data_dir: PathBuf,
    pub pool_size: usize,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: None,
            data_dir: PathBuf::from(".chancery/pgdata"),
            pool_size: 32,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Postgres,
    Kurrentdb,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventStoreConfig {
    pub backend: Backend,
    /// `kurrentdb://host:2113?tls=…` when `backend = "kurrentdb"`.
    pub kurrentdb_url: Option<Secret>,
}

impl Default for EventStoreConfig {
    fn default() -> Self {
        Self {
            backend: Backend::Postgres,
            kurrentdb_url: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectionsConfig {
    /// Events per read-model transaction.
    pub batch_size: usize,
    /// `/readyz` answers 503 while a projection is further behind than this.
    pub ready_max_lag: u64,
    /// Seconds a standby waits between attempts to take over a projection.
    pub lease_retry_seconds: u64,
}

impl Default for ProjectionsConfig {
    fn default() -> Self {
        Self {
            batch_size: 1_000,
            ready_max_lag: 1_000,
            lease_retry_seconds: 2,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `tracing` filter, e.g. `info,chancery_projector=debug`. `RUST_LOG` wins when set.
    pub filter: String,
    /// `text` or `json`.
    pub format: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            filter: "info".to_owned(),
            format: "text".to_owned(),
        }
    }
}

impl Config {
    /// Loads the layers. `file`: an explicit file (must exist); otherwise `chancery.toml` in
    /// the working directory if present.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None => figment = figment.merge(Toml::file("chancery.toml")),
        }
        figment = figment.merge(Env::prefixed("CHANCERY__").split("__"));
        if let Ok(url) = std::env::var("DATABASE_URL") {
            figment = figment.merge(("database.url", url));
        }
        if let Ok(url) = std::env::var("KURRENTDB_URL") {
            figment = figment.merge(("event_store.kurrentdb_url", url));
        }
        figment.extract().map_err(Box::new)
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail API fixes the error type
mod tests {
    use super::*;

    #[test]
    fn defaults_then_file_then_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "chancery.toml",
                "[http]\naddr = \"0.0.0.0:9000\"\n[projections]\nbatch_size = 10\n",
            )?;
            jail.set_env("CHANCERY__PROJECTIONS__BATCH_SIZE", "20");
            jail.set_env("DATABASE_URL", "postgresql://u:pw@db/chancery");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(config.http.addr.port(), 9000);
            assert_eq!(config.projections.batch_size, 20);
            assert_eq!(config.projections.ready_max_lag, 1_000);
            let url = config.database.url.clone().ok_or("url")?;
            assert_eq!(url.expose(), "postgresql://u:pw@db/chancery");
            assert!(
                !format!("{config:?}").contains("pw@"),
                "secrets never print"
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_are_refused() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("chancery.toml", "[http]\nadress = \"0.0.0.0:9000\"\n")?;
            assert!(Config::load(None).is_err());
            Ok(())
        });
    }
}
