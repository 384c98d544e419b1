//! Helpers for end-to-end tests: run the `chancery` binary as a child process against a
//! test database, find its HTTP address, stop it with a signal.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test support: failing loudly is the point

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::{Child, Command};

/// Long enough for anything honest; reaching it is a failure.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The `chancery` binary built alongside this test (`target/<profile>/chancery`), or
/// `CHANCERY_BIN`.
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("CHANCERY_BIN") {
        return path.into();
    }
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path = profile_dir.join("chancery");
    assert!(
        path.is_file(),
        "{} is missing: build it first (`cargo build -p chancery`), or set CHANCERY_BIN",
        path.display()
    );
    path
}

/// A `chancery` command with a clean environment pointing at `database_url`.
pub fn chancery(database_url: Option<&str>) -> Command {
    let mut command = Command::new(binary());
    command
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("CHANCERY__") {
            command.env_remove(key);
        }
    }
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    // The master key that seals signing keys: given, so no test writes a key file (and two
    // servers of one test open each other's keys).
    command.env("CHANCERY__SIGNING__MASTER_KEY", TEST_MASTER_KEY);
    command
}

/// The signing keys' master key of every server the tests start (a test value, never a
/// real installation's).
pub const TEST_MASTER_KEY: &str =
    "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// A running `chancery serve`.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// Starts `chancery serve` on a free port and waits for its "listening" line.
    pub async fn start(command: Command) -> Self {
        Self::start_with(command, &[]).await
    }

    /// Like [`start`](Self::start), with extra arguments to `serve` (e.g. `--demo`).
    pub async fn start_with(command: Command, args: &[&str]) -> Self {
        Self::start_on(command, args, "127.0.0.1:0").await
    }

    /// Like [`start_with`](Self::start_with), listening on `addr` (a server restarted at
    /// the same address, for clients that keep calling it).
    pub async fn start_on(mut command: Command, args: &[&str], addr: &str) -> Self {
        command
            .arg("serve")
            .args(args)
            .env("CHANCERY__HTTP__ADDR", addr)
            .env("CHANCERY__PROJECTIONS__LEASE_RETRY_SECONDS", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = command.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let base = tokio::time::timeout(PATIENCE, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("chancery listening on ") {
                    return url.to_owned();
                }
            }
            panic!("chancery serve exited before listening");
        })
        .await
        .expect("chancery serve starts listening");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self { child, base }
    }

    /// Waits until `/readyz` says every read model has caught up.
    pub async fn wait_ready(&self) {
        tokio::time::timeout(PATIENCE, async {
            loop {
                if self.get("/readyz").await.0 == 200 {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        })
        .await
        .expect("the read models catch up");
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("{}{path}", self.base)).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// SIGTERM, then wait for a clean exit.
    pub async fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().unwrap();
        nix_kill(pid, libc::SIGTERM);
        tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .unwrap()
            .unwrap()
    }
}

/// Sends `signal` to `pid`.
pub fn nix_kill(pid: u32, signal: i32) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Appends `streams × per_stream` events in batches (one append per stream) and returns the
/// last position.
pub async fn append_events(
    store: &chancery_event_store::postgres::PgEventStore,
    streams: usize,
    per_stream: usize,
) -> chancery_event_store::GlobalPosition {
    use chancery_event_store::{
        EventMetadata, EventStore as _, ExpectedRevision, NewEvent, StreamId,
    };
    let mut last = chancery_event_store::GlobalPosition::START;
    for _ in 0..streams {
        let stream = StreamId::new(format!("document-{}", uuid::Uuid::now_v7())).unwrap();
        let metadata = EventMetadata::for_command(uuid::Uuid::now_v7(), None, chrono::Utc::now());
        let events = (0..per_stream)
            .map(|i| {
                NewEvent::new(
                    i as u32,
                    "test.step-taken",
                    1,
                    serde_json::json!({"i": i, "note": "Văn bản đến — ເອກະສານ"}),
                    metadata.clone(),
                )
            })
            .collect();
        last = store
            .append(&stream, ExpectedRevision::NoStream, events)
            .await
            .unwrap()
            .last_position;
    }
    last
}

/// The event store of a test database, migrated.
pub async fn store(
    db: &chancery_test_support::TestDb,
) -> chancery_event_store::postgres::PgEventStore {
    let store =
        chancery_event_store::postgres::PgEventStore::new(db.pool.clone(), db.config.clone());
    store.migrate().await.unwrap();
    store
}

/// `(count, md5)` of the audit log read model.
pub async fn audit_digest(client: &tokio_postgres::Client) -> (i64, String) {
    let row = client
        .query_one(
            "SELECT count(*), coalesce(md5(string_agg(e::text, '|' ORDER BY global_position)), '') \
             FROM audit_log.entries e",
            &[],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

/// The audit log's checkpoint (0 when absent).
pub async fn audit_checkpoint(client: &tokio_postgres::Client) -> i64 {
    client
        .query_opt(
            "SELECT position FROM projection_checkpoints WHERE name = 'audit_log'",
            &[],
        )
        .await
        .unwrap()
        .map_or(0, |r| r.get(0))
}

/// Waits until the audit log's checkpoint reaches `position` (polling the checkpoint table,
/// since the runner is in another process).
pub async fn wait_audit(client: &tokio_postgres::Client, position: u64) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while (audit_checkpoint(client).await as u64) < position {
        assert!(
            tokio::time::Instant::now() < deadline,
            "audit_log never reached {position}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The demo accounts' password.
pub const DEMO_PASSWORD: &str = "Chancery@2026";

/// A GraphQL client of a running server, logged in as demo people with bearer tokens.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
}

/// One logged-in person.
#[derive(Clone, Debug)]
pub struct Session {
    pub username: String,
    pub token: String,
    /// Their first position.
    pub position: String,
    pub unit: String,
}

impl Api {
    pub fn new(server: &Server) -> Self {
        Self {
            base: server.base.clone(),
            http: reqwest::Client::new(),
        }
    }

    /// Runs `query` as `who` (anonymous when `None`); returns the whole answer.
    pub async fn call(
        &self,
        who: Option<&Session>,
        query: &str,
        variables: serde_json::Value,
    ) -> serde_json::Value {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.base))
            .json(&serde_json::json!({"query": query, "variables": variables}));
        if let Some(who) = who {
            request = request.bearer_auth(&who.token);
        }
        request.send().await.unwrap().json().await.unwrap()
    }

    /// Runs `query` and returns its data, failing on any error.
    pub async fn ok(
        &self,
        who: &Session,
        query: &str,
        variables: serde_json::Value,
    ) -> serde_json::Value {
        let answer = self.call(Some(who), query, variables).await;
        assert!(
            answer["errors"].is_null(),
            "{} ran {query}: {answer}",
            who.username
        );
        answer["data"].clone()
    }

    /// Runs `query` expecting a refusal; returns `(code, reason)` of the first error.
    pub async fn refused(
        &self,
        who: &Session,
        query: &str,
        variables: serde_json::Value,
    ) -> (String, String) {
        let answer = self.call(Some(who), query, variables).await;
        let error = &answer["errors"][0];
        assert!(
            !error.is_null(),
            "{} ran {query}: expected a refusal, got {answer}",
            who.username
        );
        (
            error["extensions"]["code"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
            error["extensions"]["reason"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
        )
    }

    /// Logs `username` in (bearer token) and finds their first position.
    pub async fn login(&self, username: &str) -> Session {
        let answer = self
            .call(
                None,
                "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p, bearer: true}) { token } }",
                serde_json::json!({"u": username, "p": DEMO_PASSWORD}),
            )
            .await;
        let token = answer["data"]["login"]["token"]
            .as_str()
            .unwrap_or_else(|| panic!("{username} logs in: {answer}"))
            .to_owned();
        let mut session = Session {
            username: username.to_owned(),
            token,
            position: String::new(),
            unit: String::new(),
        };
        let me = self
            .ok(
                &session,
                "{ me { positions { positionId unitId } } }",
                serde_json::json!({}),
            )
            .await;
        session.position = me["me"]["positions"][0]["positionId"]
            .as_str()
            .unwrap()
            .to_owned();
        session.unit = me["me"]["positions"][0]["unitId"]
            .as_str()
            .unwrap()
            .to_owned();
        session
    }

    /// Downloads a document's file as `who`; fails unless it is served.
    pub async fn download(&self, who: &Session, document: &str, sha256: &str) -> Vec<u8> {
        let response = self
            .http
            .get(format!("{}/documents/{document}/files/{sha256}", self.base))
            .bearer_auth(&who.token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status().as_u16(),
            200,
            "download {document}/{sha256}"
        );
        response.bytes().await.unwrap().to_vec()
    }

    /// Uploads `bytes` as `name`; returns the answer's status and JSON.
    pub async fn upload(
        &self,
        who: &Session,
        name: &str,
        bytes: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        let response = self
            .http
            .post(format!("{}/files", self.base))
            .query(&[("name", name)])
            .bearer_auth(&who.token)
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (
            status,
            response.json().await.unwrap_or(serde_json::Value::Null),
        )
    }
}

/// A small valid PDF (a scan stand-in).
pub fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}
