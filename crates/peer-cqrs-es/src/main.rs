//! `peer-cqrs-es`: measures the single-event append throughput of a peer library,
//! [`cqrs-es`](https://crates.io/crates/cqrs-es) with its PostgreSQL backend
//! [`postgres-es`](https://crates.io/crates/postgres-es).
//!
//! This program exists only to measure that peer, so that Chancery's own event store can be
//! reported as a ratio against it on the same PostgreSQL server. It is not part of Chancery
//! and nothing in Chancery depends on it.
//!
//! The workload mirrors `chancery bench eventstore`'s `append_single_16`: N writer tasks, each
//! with its own aggregate, each repeatedly executing one command that yields exactly one
//! event (a ≈ 400-byte JSON payload plus actor/correlation metadata), appended with the
//! library's optimistic concurrency. No queries (projections) are attached, so only loading
//! the aggregate and appending the event is measured.
//!
//! cqrs-es loads the aggregate before every command. With the plain event store that is a
//! replay of every event the aggregate has, so the cost of a command grows with the stream;
//! a second figure is therefore measured with postgres-es's snapshot store as well.
//!
//! Usage:
//! `peer-cqrs-es --database-url postgresql://postgres@/peer?host=/tmp/pg&port=5432 [--seconds 5] [--writers 16]`
//!
//! Prints one JSON object on stdout; progress and diagnostics go to stderr.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};
use clap::Parser;
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, AggregateError, DomainEvent};
use postgres_es::{PostgresCqrs, postgres_cqrs, postgres_snapshot_cqrs};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

/// The peer as reported in the output; must match the versions pinned in Cargo.lock.
const PEER: &str = "cqrs-es 0.5.0 + postgres-es 0.5.0";

/// Command line.
#[derive(Debug, Parser)]
#[command(about = "Single-event append throughput of cqrs-es + postgres-es (a peer benchmark)")]
struct Args {
    /// PostgreSQL URL of a fresh database, e.g.
    /// `postgresql://postgres@/peer?host=/tmp/pg&port=5432` for a unix socket directory.
    #[arg(long)]
    database_url: String,
    /// Length of each measurement, in seconds.
    #[arg(long, default_value_t = 5.0)]
    seconds: f64,
    /// Concurrent writers, each on its own aggregate.
    #[arg(long, default_value_t = 16)]
    writers: usize,
    /// Events between two snapshots in the second measurement.
    #[arg(long, default_value_t = 100)]
    snapshot_size: usize,
    /// Skip the second measurement (snapshot store).
    #[arg(long)]
    no_snapshots: bool,
    /// Keep sqlx's default of pinging a pooled connection every time it is acquired
    /// (postgres-es acquires twice per command). Off by default: Chancery's pool does not
    /// ping either, so leaving it on would penalise the peer for a pool setting.
    #[arg(long)]
    pool_ping: bool,
}

// ---------------------------------------------------------------------------------------
// Domain: a minimal aggregate shaped like Chancery's incoming-document registration.
// ---------------------------------------------------------------------------------------

/// The aggregate. It keeps just enough state for a real invariant (arrival numbers only go
/// up), so that loading it before each command is not dead weight.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Document {
    registrations: u64,
    last_arrival_number: Option<u64>,
}

/// The one command.
#[derive(Debug, Clone)]
enum DocumentCommand {
    Register(Registration),
}

/// What a registration carries; also the event's payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Registration {
    document_id: Uuid,
    register_id: Uuid,
    arrival_number: u64,
    year: u16,
    issuing_body: String,
    number_notation: String,
    summary: String,
    urgency: String,
    confidentiality: String,
    page_count: u32,
}

/// The one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum DocumentEvent {
    DocumentRegistered(Registration),
}

impl DomainEvent for DocumentEvent {
    fn event_type(&self) -> String {
        match self {
            Self::DocumentRegistered(_) => "DocumentRegistered".to_owned(),
        }
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}

/// Rejections of the aggregate.
#[derive(Debug, thiserror::Error)]
enum DocumentError {
    #[error("arrival number {given} is not after the last one, {last}")]
    ArrivalNumberNotIncreasing { given: u64, last: u64 },
}

impl Aggregate for Document {
    const TYPE: &'static str = "Document";
    type Command = DocumentCommand;
    type Event = DocumentEvent;
    type Error = DocumentError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        match command {
            DocumentCommand::Register(registration) => {
                if let Some(last) = self.last_arrival_number
                    && registration.arrival_number <= last
                {
                    return Err(DocumentError::ArrivalNumberNotIncreasing {
                        given: registration.arrival_number,
                        last,
                    });
                }
                sink.write(DocumentEvent::DocumentRegistered(registration), self)
                    .await;
                Ok(())
            }
        }
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            DocumentEvent::DocumentRegistered(registration) => {
                self.registrations += 1;
                self.last_arrival_number = Some(registration.arrival_number);
            }
        }
    }
}

/// The command for the `n`-th registration of a writer; the same fields and sizes as the
/// payload of Chancery's benchmark (≈ 400 bytes of JSON).
fn register_command(register_id: Uuid, n: u64) -> DocumentCommand {
    DocumentCommand::Register(Registration {
        document_id: Uuid::now_v7(),
        register_id,
        arrival_number: n + 1,
        year: 2026,
        issuing_body: "Bộ Nội vụ".to_owned(),
        number_notation: format!("{}/BNV-VP", n + 1),
        summary: "Về việc triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư \
                  trong các cơ quan, tổ chức"
            .to_owned(),
        urgency: "khan".to_owned(),
        confidentiality: "thuong".to_owned(),
        page_count: 3,
    })
}

/// Per-command metadata comparable with Chancery's (actor ids, correlation/command id, time).
fn command_metadata(actor: Uuid) -> HashMap<String, String> {
    let command_id = Uuid::now_v7().to_string();
    let recorded_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or_default();
    HashMap::from([
        ("user_id".to_owned(), actor.to_string()),
        ("position_id".to_owned(), actor.to_string()),
        ("unit_id".to_owned(), actor.to_string()),
        ("correlation_id".to_owned(), command_id.clone()),
        ("command_id".to_owned(), command_id),
        ("recorded_at_micros".to_owned(), recorded_at.to_string()),
    ])
}

// ---------------------------------------------------------------------------------------
// Schema and measurement.
// ---------------------------------------------------------------------------------------

/// The tables postgres-es 0.5 reads and writes under its default names, as in its
/// `db/init.sql` (the example view table and test rows left out).
const SCHEMA: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS events (
        aggregate_type text                         NOT NULL,
        aggregate_id   text                         NOT NULL,
        sequence       bigint CHECK (sequence >= 0) NOT NULL,
        event_type     text                         NOT NULL,
        event_version  text                         NOT NULL,
        payload        json                         NOT NULL,
        metadata       json                         NOT NULL,
        PRIMARY KEY (aggregate_type, aggregate_id, sequence)
    )",
    "CREATE TABLE IF NOT EXISTS snapshots (
        aggregate_type   text                                 NOT NULL,
        aggregate_id     text                                 NOT NULL,
        last_sequence    bigint CHECK (last_sequence >= 0)    NOT NULL,
        current_snapshot bigint CHECK (current_snapshot >= 0) NOT NULL,
        payload          json                                 NOT NULL,
        PRIMARY KEY (aggregate_type, aggregate_id, last_sequence)
    )",
];

/// The line printed on stdout (fields in this order).
#[derive(Debug, Serialize)]
struct Report {
    peer: &'static str,
    writers: usize,
    seconds: f64,
    appends_per_second: f64,
    /// `null` when the snapshot measurement was skipped.
    appends_per_second_snapshots: Option<f64>,
}

/// What one measurement found.
struct Measurement {
    appends_per_second: f64,
    appends: u64,
    conflicts: u64,
}

/// Runs `writers` tasks for `duration` against `cqrs`, each on a fresh aggregate.
async fn measure(
    label: &str,
    pool: &PgPool,
    cqrs: Arc<PostgresCqrs<Document>>,
    writers: usize,
    duration: Duration,
) -> anyhow::Result<Measurement> {
    let appends = Arc::new(AtomicU64::new(0));
    let conflicts = Arc::new(AtomicU64::new(0));
    let aggregate_ids: Vec<String> = (0..writers)
        .map(|_| format!("document-{}", Uuid::now_v7()))
        .collect();
    let deadline = Instant::now() + duration;
    let started = Instant::now();

    // Appends per second, second by second: shows how replay slows the plain event store.
    let sampler = {
        let appends = appends.clone();
        let label = label.to_owned();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_secs(1));
            ticker.tick().await;
            let mut previous = 0;
            let mut second = 0;
            while Instant::now() + Duration::from_millis(500) < deadline {
                ticker.tick().await;
                second += 1;
                let now = appends.load(Ordering::Relaxed);
                eprintln!(
                    "peer-cqrs-es: {label}: second {second}: {} appends",
                    now - previous
                );
                previous = now;
            }
        })
    };

    let mut tasks = Vec::with_capacity(writers);
    for aggregate_id in &aggregate_ids {
        let aggregate_id = aggregate_id.clone();
        let cqrs = cqrs.clone();
        let appends = appends.clone();
        let conflicts = conflicts.clone();
        tasks.push(tokio::spawn(async move {
            let actor = Uuid::new_v4();
            let register_id = Uuid::new_v4();
            let mut n = 0u64;
            while Instant::now() < deadline {
                let result = cqrs
                    .execute_with_metadata(
                        &aggregate_id,
                        register_command(register_id, n),
                        command_metadata(actor),
                    )
                    .await;
                match result {
                    Ok(()) => {
                        n += 1;
                        appends.fetch_add(1, Ordering::Relaxed);
                    }
                    // One writer per aggregate, so this should not happen; retried if it does.
                    Err(AggregateError::AggregateConflict) => {
                        conflicts.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        return Err(anyhow::Error::new(e)
                            .context(format!("executing a command on {aggregate_id}")));
                    }
                }
            }
            anyhow::Ok(n)
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await.context("a writer task panicked")??;
    }
    let elapsed = started.elapsed();
    sampler.abort();

    // Sanity check: every counted append is in the table, and each aggregate's sequence
    // numbers are gapless (unique and within 1..=last, so count = last for each aggregate).
    let (stored_events, last_sequences): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(sum(n), 0)::bigint, COALESCE(sum(last_sequence), 0)::bigint FROM (
             SELECT count(*) AS n, max(sequence) AS last_sequence FROM events
              WHERE aggregate_type = $1 AND aggregate_id = ANY($2)
              GROUP BY aggregate_id) AS per_aggregate",
    )
    .bind(Document::TYPE)
    .bind(&aggregate_ids)
    .fetch_one(pool)
    .await
    .context("counting the stored events")?;
    let expected = i64::try_from(total).context("append count overflow")?;
    if stored_events != expected || last_sequences != expected {
        bail!(
            "{label}: counted {total} appends but the table holds {stored_events} events \
             (sum of last sequences {last_sequences})"
        );
    }

    let measurement = Measurement {
        appends_per_second: total as f64 / elapsed.as_secs_f64(),
        appends: total,
        conflicts: conflicts.load(Ordering::Relaxed),
    };
    eprintln!(
        "peer-cqrs-es: {label}: {} appends in {:.2} s = {:.1}/s, {:.0} events per aggregate at \
         the end, {} conflicts",
        measurement.appends,
        elapsed.as_secs_f64(),
        measurement.appends_per_second,
        measurement.appends as f64 / writers as f64,
        measurement.conflicts,
    );
    Ok(measurement)
}

/// Opens `writers` connections at once before the clock starts, so that connection set-up
/// is not measured.
async fn warm_up(pool: &PgPool, writers: usize) -> anyhow::Result<()> {
    let mut held = Vec::with_capacity(writers);
    for _ in 0..writers {
        held.push(
            pool.acquire()
                .await
                .context("opening the pool's connections")?,
        );
    }
    drop(held);
    Ok(())
}

/// Rewrites a libpq-style URL whose host is empty but which names a user, such as
/// `postgresql://postgres@/peer?host=/run/pg`, into a form sqlx 0.8 parses: its URL parser
/// rejects credentials without a host ("empty host"), so the user and password move into
/// the query string (`postgresql:///peer?host=/run/pg&user=postgres`), where sqlx reads them
/// as libpq does. Any other URL is returned unchanged.
fn sqlx_compatible_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    if !host.is_empty() {
        return url.to_owned();
    }
    // The userinfo is already percent-encoded; only `+`, which a query string would read
    // as a space, needs escaping on the move.
    let (user, password) = match userinfo.split_once(':') {
        Some((user, password)) => (user, Some(password)),
        None => (userinfo, None),
    };
    let mut parameters = Vec::new();
    if !user.is_empty() {
        parameters.push(format!("user={}", user.replace('+', "%2B")));
    }
    if let Some(password) = password {
        parameters.push(format!("password={}", password.replace('+', "%2B")));
    }
    let (before_fragment, fragment) = match tail.find('#') {
        Some(i) => tail.split_at(i),
        None => (tail, ""),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (before_fragment, None),
    };
    let mut query = query.map(str::to_owned).unwrap_or_default();
    for parameter in parameters {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&parameter);
    }
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{scheme}://{path}{query}{fragment}")
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.writers == 0 {
        bail!("--writers must be at least 1");
    }
    if !(args.seconds.is_finite() && args.seconds > 0.0) {
        bail!("--seconds must be a positive number");
    }
    if args.snapshot_size == 0 {
        bail!("--snapshot-size must be at least 1");
    }
    let duration = Duration::from_secs_f64(args.seconds);

    let connect_options: PgConnectOptions = sqlx_compatible_url(&args.database_url)
        .parse()
        .context("parsing --database-url")?;
    // Every writer holds a connection while it appends; a few spare for the checks.
    let pool = PgPoolOptions::new()
        .max_connections(u32::try_from(args.writers + 4).context("too many writers")?)
        .test_before_acquire(args.pool_ping)
        .connect_with(connect_options)
        .await
        .context("connecting to the database")?;
    for statement in SCHEMA {
        sqlx::query(statement)
            .execute(&pool)
            .await
            .context("creating the postgres-es tables")?;
    }
    warm_up(&pool, args.writers).await?;

    // 1. The plain event store (cqrs-es's default): every command replays the aggregate.
    let cqrs = Arc::new(postgres_cqrs::<Document>(pool.clone(), Vec::new(), ()));
    let plain = measure("event store", &pool, cqrs, args.writers, duration).await?;

    // 2. The snapshot store: a command loads the snapshot and the events after it.
    let snapshots = if args.no_snapshots {
        None
    } else {
        let cqrs = Arc::new(postgres_snapshot_cqrs::<Document>(
            pool.clone(),
            Vec::new(),
            args.snapshot_size,
            (),
        ));
        Some(measure("snapshot store", &pool, cqrs, args.writers, duration).await?)
    };
    pool.close().await;

    let report = Report {
        peer: PEER,
        writers: args.writers,
        seconds: args.seconds,
        appends_per_second: round1(plain.appends_per_second),
        appends_per_second_snapshots: snapshots.map(|m| round1(m.appends_per_second)),
    };
    let result = serde_json::to_string(&report)?;
    println!("{result}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_url_with_a_user_but_no_host_is_rewritten() {
        assert_eq!(
            sqlx_compatible_url("postgresql://postgres@/peer?host=/tmp/x/data&port=5432"),
            "postgresql:///peer?host=/tmp/x/data&port=5432&user=postgres"
        );
        assert_eq!(
            sqlx_compatible_url("postgres://u%40x:p+w@/db"),
            "postgres:///db?user=u%40x&password=p%2Bw"
        );
        assert_eq!(sqlx_compatible_url("postgres://u@"), "postgres://?user=u");
    }

    #[test]
    fn other_urls_are_left_alone() {
        for url in [
            "postgresql://postgres@localhost:5432/peer",
            "postgresql:///peer?host=/tmp/x",
            "postgresql://%2Ftmp%2Fx/peer",
            "not a url",
        ] {
            assert_eq!(sqlx_compatible_url(url), url);
        }
    }

    #[test]
    fn the_rewritten_socket_url_is_accepted_by_sqlx() -> Result<(), sqlx::Error> {
        let options: PgConnectOptions =
            sqlx_compatible_url("postgresql://postgres@/peer?host=/tmp/x/data&port=5433")
                .parse()?;
        assert_eq!(
            options.get_socket(),
            Some(&std::path::PathBuf::from("/tmp/x/data"))
        );
        assert_eq!(options.get_port(), 5433);
        assert_eq!(options.get_username(), "postgres");
        assert_eq!(options.get_database(), Some("peer"));
        Ok(())
    }

    #[test]
    fn the_event_payload_is_about_400_bytes() -> Result<(), serde_json::Error> {
        let DocumentCommand::Register(registration) = register_command(Uuid::new_v4(), 41);
        let event = DocumentEvent::DocumentRegistered(registration);
        let size = serde_json::to_vec(&event)?.len();
        assert!((350..=450).contains(&size), "payload is {size} bytes");
        Ok(())
    }
}
