//! A private PostgreSQL cluster, created with the installed `initdb` and run as a child
//! process on a Unix socket inside its data folder (no TCP port is opened).
//!
//! The postmaster is started by a dedicated keeper thread with a parent-death signal, so the
//! cluster stops when the process that started it ends, however it ends (a test binary that
//! exits, a `chancery serve` that is killed). A cluster that is already running in the same
//! data folder (another `chancery serve` started it) is reused and left running.
//!
//! PostgreSQL refuses to run as root; when this process is root the data folder is given to
//! the `postgres` system user and the server binaries run as that user.

use std::fs;
use std::io::Read as _;
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::{Gid, Pid, Uid, User};

use crate::PgError;

/// The port number only names the socket file (`.s.PGSQL.<port>`); nothing listens on TCP.
const SOCKET_PORT: u16 = 5432;
/// The database superuser created by `initdb`.
pub const SUPERUSER: &str = "postgres";

/// How to run the cluster.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    pub data_dir: PathBuf,
    /// `true`: fsync and synchronous commit on, as in production (serve, bench).
    /// `false`: fsync off, for throw-away test clusters.
    pub durable: bool,
    pub max_connections: u32,
    pub shared_buffers: String,
}

impl ClusterOptions {
    pub fn durable(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            durable: true,
            max_connections: 200,
            shared_buffers: "256MB".to_owned(),
        }
    }

    pub fn throwaway(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            durable: false,
            max_connections: 400,
            shared_buffers: "128MB".to_owned(),
        }
    }
}

/// A running private cluster. Dropping it stops the server if this value started it.
#[derive(Debug)]
pub struct PrivateCluster {
    data_dir: PathBuf,
    postmaster: Option<Pid>,
    keeper: Option<JoinHandle<()>>,
}

/// Where the server binaries live, and who runs them.
#[derive(Debug)]
struct Binaries {
    initdb: PathBuf,
    postgres: PathBuf,
}

/// Uid and gid to run the server as when this process is root.
#[derive(Debug, Clone, Copy)]
struct RunAs {
    uid: Uid,
    gid: Gid,
}

impl PrivateCluster {
    /// Creates the cluster if the folder is empty, then starts it, or reuses the server that
    /// already runs there. Blocking: call it from `spawn_blocking` inside a runtime.
    pub fn start(options: &ClusterOptions) -> Result<Self, PgError> {
        let data_dir = absolute(&options.data_dir)?;
        if let Some(pid) = running_postmaster(&data_dir) {
            tracing::info!(data_dir = %data_dir.display(), %pid, "reusing the running private PostgreSQL");
            return Ok(Self {
                data_dir,
                postmaster: None,
                keeper: None,
            });
        }
        let binaries = find_binaries()?;
        let run_as = run_as()?;
        prepare_data_dir(&data_dir, run_as)?;
        if !data_dir.join("PG_VERSION").exists() {
            initdb(&binaries, &data_dir, options, run_as)?;
        }
        let log_path = data_dir.with_extension("log");
        let (pid, keeper) = spawn_postmaster(&binaries, &data_dir, &log_path, options, run_as)?;
        let cluster = Self {
            data_dir,
            postmaster: Some(pid),
            keeper: Some(keeper),
        };
        cluster.wait_ready(&log_path)?;
        tracing::info!(data_dir = %cluster.data_dir.display(), %pid, "started private PostgreSQL");
        Ok(cluster)
    }

    /// Connection settings for database `dbname` on this cluster.
    pub fn config(&self, dbname: &str) -> tokio_postgres::Config {
        let mut config = tokio_postgres::Config::new();
        config
            .host_path(&self.data_dir)
            .port(SOCKET_PORT)
            .user(SUPERUSER)
            .dbname(dbname);
        config
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// A `postgres://` URL other processes can use to reach this cluster.
    pub fn url(&self, dbname: &str) -> String {
        format!(
            "postgresql://{SUPERUSER}@/{dbname}?host={}&port={SOCKET_PORT}",
            self.data_dir.display()
        )
    }

    /// Creates `dbname` unless it exists.
    pub async fn ensure_database(&self, dbname: &str) -> Result<(), PgError> {
        ensure_database(&self.config("postgres"), dbname).await
    }

    fn wait_ready(&self, log_path: &Path) -> Result<(), PgError> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let pid_file = self.data_dir.join("postmaster.pid");
        loop {
            if let Ok(text) = fs::read_to_string(&pid_file) {
                // Line 8 of postmaster.pid is the server status since PostgreSQL 10.
                if text.lines().nth(7).is_some_and(|s| s.trim() == "ready") {
                    return Ok(());
                }
            }
            if self.keeper.as_ref().is_some_and(JoinHandle::is_finished) {
                return Err(PgError::NotReady(format!(
                    "postgres exited; see {}: {}",
                    log_path.display(),
                    tail(log_path)
                )));
            }
            if Instant::now() > deadline {
                return Err(PgError::NotReady(format!(
                    "timed out; see {}",
                    log_path.display()
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Fast shutdown (SIGINT) and wait for the server to exit. Does nothing for a reused cluster.
    pub fn stop(&mut self) {
        if let Some(pid) = self.postmaster.take() {
            let _ = kill(pid, Signal::SIGINT);
        }
        if let Some(keeper) = self.keeper.take() {
            let _ = keeper.join();
        }
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Creates `dbname` on the server reached by `admin` (a config for an existing database).
pub async fn ensure_database(admin: &tokio_postgres::Config, dbname: &str) -> Result<(), PgError> {
    if !dbname
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(PgError::Config(format!(
            "unsupported database name {dbname:?}"
        )));
    }
    let (client, handle) = crate::pool::connect_single(admin).await?;
    let exists = client
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&dbname])
        .await?
        .is_some();
    if !exists {
        match client
            .batch_execute(&format!("CREATE DATABASE \"{dbname}\""))
            .await
        {
            Ok(()) => {}
            Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::DUPLICATE_DATABASE) => {}
            Err(e) => return Err(e.into()),
        }
    }
    drop(client);
    let _ = handle.await;
    Ok(())
}

fn absolute(path: &Path) -> Result<PathBuf, PgError> {
    Ok(if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()?.join(path)
    })
}

/// The pid of a live postmaster serving `data_dir`, if there is one.
fn running_postmaster(data_dir: &Path) -> Option<Pid> {
    let text = fs::read_to_string(data_dir.join("postmaster.pid")).ok()?;
    let pid: i32 = text.lines().next()?.trim().parse().ok()?;
    let ready = text.lines().nth(7).is_some_and(|s| s.trim() == "ready");
    let pid = Pid::from_raw(pid);
    (ready && kill(pid, None).is_ok()).then_some(pid)
}

fn find_binaries() -> Result<Binaries, PgError> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Ok(entries) = fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .collect();
        versions.sort();
        versions.reverse();
        dirs.extend(versions);
    }
    for dir in dirs {
        let initdb = dir.join("initdb");
        let postgres = dir.join("postgres");
        if initdb.is_file() && postgres.is_file() {
            return Ok(Binaries { initdb, postgres });
        }
    }
    Err(PgError::BinariesMissing {
        missing: "initdb and postgres are on neither PATH nor /usr/lib/postgresql/*/bin".to_owned(),
    })
}

fn run_as() -> Result<Option<RunAs>, PgError> {
    if !Uid::effective().is_root() {
        return Ok(None);
    }
    let user = User::from_name(SUPERUSER)
        .map_err(|e| PgError::Config(format!("looking up user {SUPERUSER}: {e}")))?
        .ok_or_else(|| PgError::BinariesMissing {
            missing: format!(
                "this process is root and PostgreSQL refuses to run as root, but there is no \
                 `{SUPERUSER}` system user to run it as"
            ),
        })?;
    Ok(Some(RunAs {
        uid: user.uid,
        gid: user.gid,
    }))
}

fn prepare_data_dir(data_dir: &Path, run_as: Option<RunAs>) -> Result<(), PgError> {
    let err = |reason: String| PgError::DataDir {
        path: data_dir.display().to_string(),
        reason,
    };
    if let Some(parent) = data_dir.parent() {
        fs::create_dir_all(parent).map_err(|e| err(e.to_string()))?;
    }
    if !data_dir.exists() {
        fs::create_dir(data_dir).map_err(|e| err(e.to_string()))?;
    }
    fs::set_permissions(data_dir, fs::Permissions::from_mode(0o700))
        .map_err(|e| err(e.to_string()))?;
    if let Some(run_as) = run_as {
        nix::unistd::chown(data_dir, Some(run_as.uid), Some(run_as.gid))
            .map_err(|e| err(format!("chown to {SUPERUSER}: {e}")))?;
    }
    Ok(())
}

fn command_as(program: &Path, run_as: Option<RunAs>) -> Command {
    let mut command = Command::new(program);
    if let Some(run_as) = run_as {
        command.uid(run_as.uid.as_raw()).gid(run_as.gid.as_raw());
        // The server looks for its home only for ~/.psqlrc-like files; keep it off /root.
        command.env("HOME", "/tmp");
    }
    command.env_remove("PGDATA").env("LC_ALL", "C.UTF-8");
    command
}

fn initdb(
    binaries: &Binaries,
    data_dir: &Path,
    options: &ClusterOptions,
    run_as: Option<RunAs>,
) -> Result<(), PgError> {
    let mut command = command_as(&binaries.initdb, run_as);
    command
        .arg("-D")
        .arg(data_dir)
        .args([
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ])
        .arg("--no-instructions");
    if !options.durable {
        command.arg("--no-sync");
    }
    let output = command.output()?;
    if !output.status.success() {
        return Err(PgError::Command {
            command: format!("{} -D {}", binaries.initdb.display(), data_dir.display()),
            output: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    Ok(())
}

fn spawn_postmaster(
    binaries: &Binaries,
    data_dir: &Path,
    log_path: &Path,
    options: &ClusterOptions,
    run_as: Option<RunAs>,
) -> Result<(Pid, JoinHandle<()>), PgError> {
    let log = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path)?;
    let mut command = command_as(&binaries.postgres, run_as);
    command
        .arg("-D")
        .arg(data_dir)
        .arg("-k")
        .arg(data_dir)
        .args(["-p", &SOCKET_PORT.to_string()])
        .args(["-c", "listen_addresses="])
        .args(["-c", "unix_socket_permissions=0700"])
        .args([
            "-c",
            &format!("max_connections={}", options.max_connections),
        ])
        .args(["-c", &format!("shared_buffers={}", options.shared_buffers)])
        .args(["-c", "max_wal_size=4GB"])
        .args(["-c", "checkpoint_timeout=15min"])
        .args(["-c", "max_locks_per_transaction=256"]);
    if !options.durable {
        command.args([
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
        ]);
    }
    command
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    set_parent_death_signal(&mut command);

    // The parent-death signal fires when the *thread* that forked the child ends, so the
    // child is forked from a thread that lives exactly as long as the server does.
    let (tx, rx) = mpsc::channel();
    let keeper = std::thread::Builder::new()
        .name("postgres-keeper".to_owned())
        .spawn(move || match command.spawn() {
            Ok(mut child) => {
                let _ = tx.send(Ok(child.id()));
                let _ = child.wait();
            }
            Err(e) => {
                let _ = tx.send(Err(e));
            }
        })?;
    let pid = rx
        .recv()
        .map_err(|_| PgError::NotReady("the postgres keeper thread ended".to_owned()))??;
    let pid =
        i32::try_from(pid).map_err(|_| PgError::NotReady(format!("pid {pid} out of range")))?;
    Ok((Pid::from_raw(pid), keeper))
}

/// Makes the postmaster receive SIGQUIT (immediate shutdown) when its parent thread dies.
#[allow(unsafe_code)]
fn set_parent_death_signal(command: &mut Command) {
    // SAFETY: the closure runs in the forked child before exec and only calls prctl(2), which
    // is async-signal-safe; it allocates nothing and touches no shared state.
    unsafe {
        command.pre_exec(|| {
            nix::sys::prctl::set_pdeathsig(Signal::SIGQUIT).map_err(std::io::Error::from)
        });
    }
}

fn tail(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = fs::File::open(path) {
        let _ = file.read_to_string(&mut text);
    }
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}
