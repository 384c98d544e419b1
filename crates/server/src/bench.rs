//! `chancery bench eventstore`: throughput of the PostgreSQL event store and the projection
//! engine on a fresh private cluster (fsync and synchronous commit on), compared with the
//! ceiling measured in the same run — plain single-row INSERTs into an ordinary table.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    Actor, EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, StreamId,
};
use chancery_pg::{ClusterOptions, PoolOptions, PrivateCluster};
use chancery_projector::{EngineOptions, ProjectionEngine};
use serde_json::{Value, json};
use uuid::Uuid;

/// Options of `bench eventstore`.
#[derive(Debug, Clone)]
pub struct Options {
    pub seconds: f64,
    pub json: bool,
    /// A peer's benchmark binary (`crates/peer-cqrs-es`), run against a fresh database of the
    /// same cluster right after our own single-event appends.
    pub peer_bin: Option<std::path::PathBuf>,
}

const WRITERS: usize = 16;
const BATCH: usize = 100;
const BATCH_WRITERS: usize = 8;

/// A payload shaped like a registered incoming document (≈ 400 bytes of JSON).
fn payload(n: u64) -> Value {
    json!({
        "document_id": Uuid::now_v7(),
        "register_id": "0193a1b2-0000-7000-8000-000000000001",
        "arrival_number": n,
        "year": 2026,
        "issuing_body": "Bộ Nội vụ",
        "number_notation": format!("{n}/BNV-VP"),
        "summary": "Về việc triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư trong các cơ quan, tổ chức",
        "urgency": "khan",
        "confidentiality": "thuong",
        "page_count": 3,
    })
}

fn metadata(actor: Uuid) -> EventMetadata {
    EventMetadata::for_command(
        Uuid::now_v7(),
        Some(Actor {
            user_id: actor,
            position_id: Some(actor),
            unit_id: Some(actor),
        }),
        chrono::Utc::now(),
    )
}

pub async fn eventstore(options: Options) -> anyhow::Result<()> {
    let seconds = Duration::from_secs_f64(options.seconds.max(0.5));
    let dir = std::env::temp_dir().join(format!("chancery-bench-{}", std::process::id()));
    let cluster_options = ClusterOptions::durable(dir.join("data"));
    let cluster = tokio::task::spawn_blocking(move || PrivateCluster::start(&cluster_options))
        .await
        .context("starting the benchmark's PostgreSQL")??;
    cluster.ensure_database("bench").await?;
    let config = cluster.config("bench");
    let pool = chancery_pg::connect_pool(
        config.clone(),
        &PoolOptions {
            max_size: WRITERS + 4,
            application_name: "chancery-bench".to_owned(),
        },
    )?;
    let progress = |what: &str| {
        if !options.json {
            eprintln!("bench: {what}…");
        }
    };

    progress("raw_insert_16");
    let raw_insert_16 = raw_insert(&pool, seconds).await?;

    let store = Arc::new(PgEventStore::new(pool.clone(), config.clone()));
    store.migrate().await?;
    progress("append_single_16");
    let commits_before = commits(&pool).await?;
    let (append_single_16, appends) = append_single(store.clone(), seconds).await?;
    let append_single_commits = commits(&pool).await? - commits_before;
    let peer = match &options.peer_bin {
        Some(bin) => {
            progress("peer (cqrs-es + postgres-es)");
            cluster.ensure_database("peer").await?;
            Some(run_peer(bin, &cluster.url("peer"), seconds).await?)
        }
        None => None,
    };
    progress("append_batch_events");
    let append_batch_events = append_batch(store.clone(), seconds).await?;

    progress("read_all_events");
    let started = Instant::now();
    let mut read = 0u64;
    let mut position = GlobalPosition::START;
    loop {
        let page = store.read_all(position, 1_000).await?;
        let Some(last) = page.last() else { break };
        position = last.global_position;
        read += page.len() as u64;
    }
    let read_all_events = read as f64 / started.elapsed().as_secs_f64();

    progress("projection_catchup_events");
    let engine = ProjectionEngine::new(
        store.clone(),
        pool.clone(),
        config.clone(),
        chancery_read_models::all(),
        EngineOptions::default(),
    )?;
    engine.migrate().await?;
    let started = Instant::now();
    let applied = engine
        .catch_up(chancery_read_models::audit_log::NAME)
        .await?;
    let projection_catchup_events = applied as f64 / started.elapsed().as_secs_f64();

    let mut result = json!({
        "raw_insert_16": raw_insert_16.round(),
        "append_single_16": append_single_16.round(),
        "append_single_16_ratio": round3(append_single_16 / raw_insert_16),
        "append_single_16_appends_per_commit": round3(appends as f64 / append_single_commits.max(1) as f64),
        "append_batch_events": append_batch_events.round(),
        "append_batch_size": BATCH,
        "append_batch_writers": BATCH_WRITERS,
        "read_all_events": read_all_events.round(),
        "events_in_store": read,
        "projection_catchup_events": projection_catchup_events.round(),
        "projection_events_applied": applied,
        "seconds_per_measurement": seconds.as_secs_f64(),
        "synchronous_commit": true,
    });
    if let Some(peer) = peer {
        let peer_rate = peer
            .get("appends_per_second")
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        result["peer"] = peer;
        result["append_single_16_vs_peer"] = json!(round3(append_single_16 / peer_rate.max(1.0)));
    }
    drop(engine);
    drop(store);
    drop(pool);
    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);
    if options.json {
        println!("{result}");
    } else {
        println!("{}", serde_json::to_string_pretty(&result)?);
    }
    Ok(())
}

/// Runs the peer's benchmark binary and returns the JSON object it prints.
async fn run_peer(bin: &std::path::Path, url: &str, seconds: Duration) -> anyhow::Result<Value> {
    let output = tokio::process::Command::new(bin)
        .args(["--database-url", url, "--writers", &WRITERS.to_string()])
        .args(["--seconds", &seconds.as_secs_f64().to_string()])
        .output()
        .await
        .with_context(|| format!("running {}", bin.display()))?;
    anyhow::ensure!(
        output.status.success(),
        "{} failed: {}",
        bin.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .unwrap_or("{}");
    Ok(serde_json::from_str(line)?)
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Single-row INSERT transactions per second into a plain table, 16 connections.
async fn raw_insert(pool: &deadpool_postgres::Pool, duration: Duration) -> anyhow::Result<f64> {
    pool.get()
        .await?
        .batch_execute(
            "CREATE TABLE raw_insert (id bigserial PRIMARY KEY, stream text NOT NULL, data json NOT NULL, \
             created timestamptz NOT NULL DEFAULT now())",
        )
        .await?;
    let count = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let pool = pool.clone();
        let count = count.clone();
        tasks.push(tokio::spawn(async move {
            let client = pool.get().await?;
            let statement = client
                .prepare("INSERT INTO raw_insert (stream, data) VALUES ($1, $2)")
                .await?;
            let stream = format!("writer-{w}");
            let mut n = 0u64;
            while Instant::now() < deadline {
                client.execute(&statement, &[&stream, &payload(n)]).await?;
                n += 1;
            }
            count.fetch_add(n, Ordering::Relaxed);
            anyhow::Ok(())
        }));
    }
    let started = Instant::now();
    for t in tasks {
        t.await??;
    }
    Ok(count.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

/// Transactions committed in the database so far.
async fn commits(pool: &deadpool_postgres::Pool) -> anyhow::Result<i64> {
    let client = pool.get().await?;
    // Statistics are cached per transaction; drop the cache to see the current figure.
    client
        .batch_execute("SELECT pg_stat_clear_snapshot()")
        .await?;
    Ok(client
        .query_one(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
            &[],
        )
        .await?
        .get(0))
}

/// Single-event appends per second (and how many), 16 writers, each to its own stream.
async fn append_single(store: Arc<PgEventStore>, duration: Duration) -> anyhow::Result<(f64, u64)> {
    let count = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for _ in 0..WRITERS {
        let store = store.clone();
        let count = count.clone();
        tasks.push(tokio::spawn(async move {
            let actor = Uuid::new_v4();
            let stream = StreamId::new(format!("document-{}", Uuid::now_v7()))?;
            let mut expected = ExpectedRevision::NoStream;
            let mut n = 0u64;
            while Instant::now() < deadline {
                let event = NewEvent::new(0, "document.registered", 1, payload(n), metadata(actor));
                let outcome = store.append(&stream, expected, vec![event]).await?;
                expected = ExpectedRevision::Exact(outcome.stream_revision);
                n += 1;
            }
            count.fetch_add(n, Ordering::Relaxed);
            anyhow::Ok(())
        }));
    }
    let started = Instant::now();
    for t in tasks {
        t.await??;
    }
    let n = count.load(Ordering::Relaxed);
    Ok((n as f64 / started.elapsed().as_secs_f64(), n))
}

/// Events per second appended in batches of 100 (one stream per batch), by `BATCH_WRITERS` concurrent writers.
async fn append_batch(store: Arc<PgEventStore>, duration: Duration) -> anyhow::Result<f64> {
    let count = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for _ in 0..BATCH_WRITERS {
        let store = store.clone();
        let count = count.clone();
        tasks.push(tokio::spawn(async move {
            let actor = Uuid::new_v4();
            let mut n = 0u64;
            while Instant::now() < deadline {
                let stream = StreamId::new(format!("register-{}", Uuid::now_v7()))?;
                let meta = metadata(actor);
                let events = (0..BATCH)
                    .map(|i| {
                        NewEvent::new(
                            i as u32,
                            "document.registered",
                            1,
                            payload(n + i as u64),
                            meta.clone(),
                        )
                    })
                    .collect();
                store
                    .append(&stream, ExpectedRevision::NoStream, events)
                    .await?;
                n += BATCH as u64;
            }
            count.fetch_add(n, Ordering::Relaxed);
            anyhow::Ok(())
        }));
    }
    let started = Instant::now();
    for t in tasks {
        t.await??;
    }
    Ok(count.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}
