//! `chancery bench workflow`: the document workflow on a fresh private PostgreSQL with the
//! demo organisation (plus 16 bench units, each with a clerk, a head and a deputy, two
//! departments of a head and three specialists, and its own incoming register), through the
//! command layer (the loads and rates) and through the GraphQL schema (the lists people
//! open, `first_page_*`).
//!
//! - `register_numbers`: registrations per second into ONE register by 16 concurrent clerks
//!   (each registration reads the register's last number and appends the next, expecting
//!   that revision; losers retry).
//! - `p2_processes`: complete P2 runs per second by 16 concurrent simulated users: receive,
//!   register, submit to the leader, direct to a department, forward to a specialist, finish.
//!   P2 is a unit's process, so the users are spread over 4 units, 4 to a unit and its
//!   register; `p2_processes_one_unit` is the same with all 16 in one unit, where every
//!   registration also races for the one register (as in `register_numbers`).
//! - `reaction_lag_p50/p99/max_ms`: under the P2 load, for every command, the time from its
//!   commit until the reaction following document actions (`document_effects`) has passed it.
//! - `projection_lag_p99_ms`: during each load, for every command of every user, the time
//!   from the command's return (its events are committed) to the moment the inbox runner of
//!   this process has committed that position (it announces each batch at once); the 99th
//!   percentile of all those samples, with the events per second appended and taken in by
//!   the inbox meanwhile. Those loads run flat out, so when the inbox takes in less than is
//!   appended the lag only tells how long the load ran; `…_paced` is the same at a steady
//!   40 runs per second, the lag of the pipeline itself, and `…_at_target` the same at 300
//!   runs per second (the target throughput).
//! - `inbox_p99_ms`, `search_p99_ms`: then 100,000 documents are put into the system — their
//!   events decided by the domain as the people act (received, registered with gap-free
//!   numbers in their unit's register, then moved along P2 to a leader, a department, a
//!   specialist, or finished) and appended straight through the event store, many appends at
//!   once (group commit), over the demo unit and the bench units. Once every projection has
//!   caught up and the tables are analysed, the 99th percentile of first-page (50 rows)
//!   pending-box queries through `inbox::inbox` for six people (a clerk's pool, a unit head,
//!   department heads, specialists), and the same with a two-word unaccented search ("van
//!   ban" finds "văn bản"). Each person's box sizes, the documents and events in the system
//!   and how long each projection took to catch up are reported too.
//! - `first_page_p99_ms`, `first_page_p50_ms`: then every box and list a person opens, as the
//!   web client asks for it — through the GraphQL schema with the person's session, so
//!   access, the principal and the mapping are measured too: the pending, processed and
//!   for-information boxes, the pending box with a search, document search, and the
//!   outgoing lists (to do, my drafts, issued, processed, all with a search) for a clerk, a
//!   leader, a department head and a specialist of the demo ministry. Each first page's
//!   p99/p50 is reported per list (`first_page_rows`: the rows it had;
//!   `first_page_queries_each`: runs per person; `first_page_people`: who).
//! - `outgoing_{todo,drafts,issued,processed,search,awaiting}_p50/p99_ms`: with them, one
//!   outgoing document for every four incoming ones runs P4 in the same offices (most issued,
//!   the newest still in review; `bench_volume_outgoing`), and the first page of each
//!   outgoing work list is timed for drafters, a department head, leaders and clerks (search:
//!   the list of all with the same words; awaiting issuance: the clerks); each person's list
//!   sizes (`outgoing_people`, counted up to 1,000) are reported too.
//!
//! `CHANCERY_BENCH_DOCUMENTS=N` puts N documents in instead of 100,000 (0: none; quick runs
//! only: the figures are not the benchmark's then). `CHANCERY_BENCH_PG_STATS=1` loads
//! `pg_stat_statements` into the private cluster and prints, on stderr, the statements that
//! took the most server time in each phase. `CHANCERY_BENCH_BATCH_TARGET_MS` sets the
//! projection engine's batch target (how long a read-model batch should take).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chancery_commands::documents::{Registration, Workflows};
use chancery_commands::{CommandContext, Commands};
use chancery_domain::catalogue::{AnyEvent, encode_any};
use chancery_domain::catalogues::{CatalogueCommand, RegisterKind};
use chancery_domain::document::{
    ActedBy, ActionInput, Actor, Channel, Document, DocumentEvent, Metadata, ReceiveInput,
    Recipients,
};
use chancery_domain::ids::{PositionId, RegisterId, UnitId, UserId};
use chancery_domain::organisation::{BUILT_IN_ROLES, OrgCommand, UnitKind};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_domain::register::{self, BookEntry, NumberTaken};
use chancery_domain::workflow::Definition;
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{
    EventMetadata, EventStore, ExpectedRevision, GlobalPosition, NewEvent, ReadDirection, ReadFrom,
    StoreError, StreamId,
};
use chancery_pg::{ClusterOptions, PoolOptions, PrivateCluster};
use chancery_projector::{EngineOptions, ProjectionEngine};
use chancery_read_models::inbox::{self, InboxBox, InboxQuery};
use chrono::{Datelike as _, NaiveDate, Utc};
use futures::StreamExt as _;
use serde_json::json;
use tokio::sync::{mpsc, watch};
use uuid::Uuid;

#[path = "bench_volume_outgoing.rs"]
mod outgoing_volume;

const USERS: usize = 16;
/// Units the P2 users are spread over (4 users in each, registering into its register).
const P2_UNITS: usize = 4;
/// P2 runs per second of the paced load (well within what the inbox takes in), to see the
/// lag of the pipeline itself apart from the inbox's capacity.
const PACED: f64 = 40.0;
/// P2 runs per second of the load at the target throughput (the issue's `p2_processes`
/// target): the lag the inbox shows while the system does what it must, short of flat out.
const AT_TARGET: f64 = 300.0;
/// Connections: as many as `chancery serve` has by default.
const POOL: usize = 32;
/// Documents in the system when inbox and search queries are timed.
const DOCUMENTS: usize = 100_000;
/// Rows of a first page.
const PAGE: i64 = 50;
/// Timed queries of each kind (after `WARMUP` untimed ones).
const QUERIES: usize = 400;
const WARMUP: usize = 20;
/// Appends in flight while loading (the group committer gathers up to 128 per commit).
const LOADERS: usize = 256;
/// Units added to the demo organisation for the load, each with a clerk, a head, a deputy
/// and `DEPARTMENTS` departments of a head and `SPECIALISTS` specialists.
const BENCH_UNITS: usize = 16;
const DEPARTMENTS: usize = 2;
const SPECIALISTS: usize = 3;
/// Two-word searches, unaccented (the summaries are written with accents).
const SEARCHES: &[&str] = &["van ban", "nghi dinh", "tien luong", "bien che"];
/// Longest wait for the projections to apply the load.
const CATCH_UP: Duration = Duration::from_secs(3_600);

/// The engine's defaults, or `CHANCERY_BENCH_BATCH_TARGET_MS` as the batch target (to
/// compare settings of the pipeline under the same load).
fn engine_options() -> EngineOptions {
    let mut options = EngineOptions::default();
    if let Some(ms) = std::env::var("CHANCERY_BENCH_BATCH_TARGET_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        options.batch_target = Duration::from_millis(ms.max(1));
    }
    options
}

/// Options of `bench workflow`.
#[derive(Debug, Clone)]
pub struct Options {
    pub seconds: f64,
    pub json: bool,
}

struct Cast {
    unit: UnitId,
    register: RegisterId,
    clerk: Actor,
    leader: Actor,
    head: Actor,
    specialist: Actor,
}

fn actor(a: &chancery_commands::seed::DemoAccount, today: NaiveDate) -> Actor {
    Actor {
        by: ActedBy {
            person: a.person_id,
            position: a.position_id,
        },
        role: a.role.clone(),
        today,
    }
}

fn metadata(n: u64) -> Metadata {
    Metadata {
        issuing_body: "Bộ Tài chính".to_owned(),
        number_notation: format!("{n}/BTC-VP"),
        document_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
        document_type: "cong-van".to_owned(),
        summary: "Về việc triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư"
            .to_owned(),
        language: "vi".to_owned(),
        page_count: 3,
        signer_name: None,
        signer_position: None,
        urgency: Urgency::Urgent,
        confidentiality: Confidentiality::Normal,
        recipients: None,
        deadline: None,
        notes: None,
    }
}

pub async fn workflow(options: Options) -> anyhow::Result<()> {
    let seconds = Duration::from_secs_f64(options.seconds.max(0.5));
    let documents = match std::env::var("CHANCERY_BENCH_DOCUMENTS") {
        Ok(n) => n
            .parse::<usize>()
            .context("CHANCERY_BENCH_DOCUMENTS must be a number")?,
        Err(_) => DOCUMENTS,
    };
    let pg_stats = std::env::var("CHANCERY_BENCH_PG_STATS").is_ok_and(|v| v == "1");
    let dir = std::env::temp_dir().join(format!("chancery-bench-wf-{}", std::process::id()));
    let result = run(&options, seconds, documents, pg_stats, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    let result = result?;
    if options.json {
        println!("{result}");
    } else {
        println!("{}", serde_json::to_string_pretty(&result)?);
    }
    Ok(())
}

async fn start_cluster(
    dir: &std::path::Path,
    pg_stats: bool,
) -> anyhow::Result<(PrivateCluster, tokio_postgres::Config)> {
    let start = |dir: std::path::PathBuf| async move {
        let cluster_options = ClusterOptions::durable(dir.join("data"));
        tokio::task::spawn_blocking(move || PrivateCluster::start(&cluster_options))
            .await
            .context("starting the benchmark's PostgreSQL")?
            .map_err(anyhow::Error::from)
    };
    let mut cluster = start(dir.to_owned()).await?;
    cluster.ensure_database("bench").await?;
    let config = cluster.config("bench");
    if pg_stats {
        // Preloading needs a restart; the statements inside `chancery_append` count too.
        let (client, driver) = chancery_pg::pool::connect_single(&config).await?;
        client
            .batch_execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
            .await?;
        drop(client);
        let _ = driver.await;
        tokio::task::spawn_blocking(move || cluster.stop()).await?;
        cluster = start(dir.to_owned()).await?;
        let (client, driver) = chancery_pg::pool::connect_single(&config).await?;
        for statement in [
            "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
            "ALTER SYSTEM SET pg_stat_statements.track = 'all'",
            "ALTER SYSTEM SET pg_stat_statements.track_planning = on",
            "SELECT pg_reload_conf()",
        ] {
            client.batch_execute(statement).await?;
        }
        drop(client);
        let _ = driver.await;
    }
    Ok((cluster, config))
}

/// Prints the statements that took the most server time since the last call, then resets
/// the counters (when `pg_stat_statements` is loaded).
async fn pg_stats_report(
    pool: &deadpool_postgres::Pool,
    enabled: bool,
    phase: &str,
) -> anyhow::Result<()> {
    if !enabled {
        return Ok(());
    }
    let client = pool.get().await?;
    // Top-level statements only in the total (nested ones are inside their caller's time).
    let (total, planning): (f64, f64) = {
        let row = client
            .query_one(
                "SELECT coalesce(sum(total_exec_time) FILTER (WHERE toplevel), 0)::float8, \
                        coalesce(sum(total_plan_time) FILTER (WHERE toplevel), 0)::float8 \
                 FROM pg_stat_statements",
                &[],
            )
            .await?;
        (row.get(0), row.get(1))
    };
    let rows = client
        .query(
            "SELECT calls, (total_exec_time + total_plan_time)::float8, \
                    mean_exec_time::float8, mean_plan_time::float8, rows, toplevel, \
                    left(regexp_replace(query, '\\s+', ' ', 'g'), 140) \
             FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 30",
            &[],
        )
        .await?;
    eprintln!(
        "pg_stat_statements, {phase}: {total:.0} ms executing and {planning:.0} ms planning \
         top-level statements (* nested)"
    );
    eprintln!(
        "{:>9} {:>9} {:>5} {:>8} {:>8} {:>9}  query",
        "calls", "total ms", "%", "exec ms", "plan ms", "rows"
    );
    for r in rows {
        let calls: i64 = r.get(0);
        let total_ms: f64 = r.get(1);
        let exec: f64 = r.get(2);
        let plan: f64 = r.get(3);
        let rows: i64 = r.get(4);
        let nested = if r.get::<_, bool>(5) { ' ' } else { '*' };
        let query: String = r.get(6);
        eprintln!(
            "{calls:>9} {total_ms:>9.0} {:>5.1} {exec:>8.3} {plan:>8.3} {rows:>9} {nested}{query}",
            100.0 * total_ms / (total + planning).max(1.0)
        );
    }
    client
        .batch_execute("SELECT pg_stat_statements_reset()")
        .await?;
    Ok(())
}

/// The `p`-quantile (nearest rank) of sorted `values`, in ms with one decimal.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    (sorted[rank - 1] * 10.0).round() / 10.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run(
    options: &Options,
    seconds: Duration,
    documents: usize,
    pg_stats: bool,
    dir: &std::path::Path,
) -> anyhow::Result<serde_json::Value> {
    let stack = Stack::start(dir, pg_stats).await?;
    let progress = |what: &str| {
        if !options.json {
            eprintln!("bench: {what}…");
        }
    };
    let mut stack = stack;
    let result = measure(&progress, seconds, documents, pg_stats, &mut stack).await;
    stack.stop().await;
    result
}

/// A benchmark's private cluster with a migrated event store and the projections running.
pub(crate) struct Stack {
    cluster: PrivateCluster,
    pub pool: deadpool_postgres::Pool,
    pub store: Arc<dyn EventStore>,
    pub engine: Arc<ProjectionEngine>,
    config: tokio_postgres::Config,
    stop: watch::Sender<bool>,
    runners: Vec<tokio::task::JoinHandle<()>>,
}

impl Stack {
    pub(crate) async fn start(dir: &std::path::Path, pg_stats: bool) -> anyhow::Result<Self> {
        let (cluster, config) = start_cluster(dir, pg_stats).await?;
        let pool = chancery_pg::connect_pool(
            config.clone(),
            &PoolOptions {
                max_size: POOL,
                application_name: "chancery-bench".to_owned(),
            },
        )?;
        let pg = PgEventStore::new(pool.clone(), config.clone());
        pg.migrate().await?;
        let store: Arc<dyn EventStore> = Arc::new(pg);
        let engine = Arc::new(ProjectionEngine::new(
            store.clone(),
            pool.clone(),
            config.clone(),
            chancery_read_models::all(),
            engine_options(),
        )?);
        engine.migrate().await?;
        let (stop, shutdown) = watch::channel(false);
        let runners = engine.spawn(shutdown);
        Ok(Self {
            cluster,
            pool,
            store,
            engine,
            config,
            stop,
            runners,
        })
    }

    /// Runs `reactions` beside the projections (their checkpoints at the head of `$all`
    /// now), as the server does.
    pub(crate) async fn react(
        &mut self,
        reactions: Vec<Arc<dyn chancery_projector::Reaction>>,
    ) -> anyhow::Result<Arc<chancery_projector::ReactionEngine>> {
        let engine = Arc::new(
            chancery_projector::ReactionEngine::new(
                self.store.clone(),
                self.pool.clone(),
                self.config.clone(),
                reactions,
                chancery_projector::ReactionOptions::default(),
            )?
            .reading_with(&self.engine),
        );
        engine.migrate().await?;
        self.runners.extend(engine.spawn(self.stop.subscribe()));
        Ok(engine)
    }

    /// Stops the runners, closes the pool and stops the cluster.
    pub(crate) async fn stop(self) {
        let _ = self.stop.send(true);
        for r in self.runners {
            let _ = tokio::time::timeout(Duration::from_secs(10), r).await;
        }
        drop(self.engine);
        drop(self.store);
        self.pool.close();
        drop(self.cluster);
    }
}

/// Every measurement, on a migrated store whose projections run.
async fn measure(
    progress: &impl Fn(&str),
    seconds: Duration,
    documents: usize,
    pg_stats: bool,
    stack: &mut Stack,
) -> anyhow::Result<serde_json::Value> {
    let pool = &stack.pool.clone();
    let store = &stack.store.clone();
    let engine = &stack.engine.clone();
    let credentials = chancery_identity::CredentialStore::new(pool.clone());
    credentials.migrate().await?;
    let commands = Arc::new(Commands::new(store.clone()));
    progress("demo organisation");
    let accounts =
        chancery_commands::seed::demo(&commands, &credentials, chrono::Utc::now()).await?;
    let roles = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    let workflows = Arc::new(
        Workflows::shipped(&roles).map_err(|p| anyhow::anyhow!("definitions: {}", p.len()))?,
    );
    // The reactions run as in the server: what the load's events call for is carried out
    // beside it (and its lag measured).
    let files = Arc::new(chancery_files::FileStore::local(
        &std::env::temp_dir().join(format!("chancery-bench-files-{}", uuid::Uuid::now_v7())),
        chancery_files::Limits::default(),
    )?);
    // No document of this load is issued: a vault of its own for the reactions.
    let vault = Arc::new(chancery_api::signing::Vault::new(
        chancery_signing::sealed::MasterKey::generate(),
    ));
    let reactions = stack
        .react(chancery_commands::reactions::all(
            &commands, &workflows, &files, &vault,
        ))
        .await?;
    // The API the volume's queries go through, as people use it.
    let uploads =
        chancery_files::Uploads::new(pool.clone(), chancery_files::uploads::DEFAULT_RETENTION);
    uploads.migrate().await?;
    let api = chancery_api::ApiContext {
        engine: engine.clone(),
        reactions: reactions.clone(),
        event_store: "postgres",
        commands: commands.clone(),
        credentials: credentials.clone(),
        pool: pool.clone(),
        settings: chancery_api::ApiSettings::default(),
        workflows: workflows.clone(),
        files: files.clone(),
        signing: vault.clone(),
        uploads,
    };
    let schema = chancery_api::schema(api.clone());
    let today = chrono::Utc::now().date_naive();
    let find = |username: &str| {
        accounts
            .iter()
            .find(|a| a.username == username)
            .with_context(|| format!("no demo account {username}"))
    };
    let catalogues = commands.catalogues().await?;
    let tccb = find("vanthu.tccb")?;
    let organisation = commands.organisation().await?;
    let unit_of = |position: PositionId| {
        organisation
            .positions
            .get(&position)
            .map(|p| p.unit)
            .context("a demo position's unit")
    };
    let unit = unit_of(tccb.position_id)?;
    let register_of = |unit: UnitId| {
        catalogues
            .registers
            .values()
            .find(|r| r.owner_unit_id == unit && r.kind == RegisterKind::Incoming)
            .map(|r| r.register_id)
            .context("the unit's incoming register")
    };
    let register = register_of(unit)?;
    let p2 = workflows.latest("p2-incoming-unit")?.clone();

    // The demo's unit (its real people) and bench units, each running P2 with its own
    // register.
    progress("bench units");
    let member = |username: &str| -> anyhow::Result<Member> {
        let account = find(username)?;
        Ok(Member {
            actor: actor(account, today),
            unit: unit_of(account.position_id)?,
        })
    };
    let mut offices = vec![Office {
        unit,
        abbreviation: "TCCB".to_owned(),
        register,
        clerk: member("vanthu.tccb")?,
        leaders: vec![member("ld.tccb")?, member("pho.tccb")?],
        departments: vec![
            Department {
                head: member("tp.congchuc")?,
                specialists: vec![member("cv.congchuc1")?, member("cv.congchuc2")?],
            },
            Department {
                head: member("tp.tienluong")?,
                specialists: vec![member("cv.tienluong1")?],
            },
        ],
    }];
    let parent = organisation
        .units
        .get(&unit)
        .and_then(|u| u.parent)
        .context("the ministry")?;
    for n in 1..=BENCH_UNITS {
        offices.push(bench_office(&commands, parent, n, today).await?);
    }
    let offices = Arc::new(offices);
    pg_stats_report(pool, pg_stats, "setup").await?;

    progress("register_numbers");
    let register_numbers = register_numbers(&commands, &offices[0], seconds).await?;
    pg_stats_report(pool, pg_stats, "register_numbers").await?;

    let load = |units, pace| P2Load {
        units,
        pace,
        seconds,
    };
    progress("p2_processes");
    let (p2_spread, lags, rates) = p2_processes(
        &commands,
        &workflows,
        (engine, &reactions),
        &offices,
        &p2,
        load(P2_UNITS, None),
    )
    .await?;
    pg_stats_report(pool, pg_stats, "p2_processes").await?;

    progress("p2_processes in one unit");
    let (p2_one_unit, lags_one_unit, rates_one_unit) = p2_processes(
        &commands,
        &workflows,
        (engine, &reactions),
        &offices,
        &p2,
        load(1, None),
    )
    .await?;
    pg_stats_report(pool, pg_stats, "p2_processes in one unit").await?;

    progress("p2 at a steady pace");
    let (p2_paced, lags_paced, rates_paced) = p2_processes(
        &commands,
        &workflows,
        (engine, &reactions),
        &offices,
        &p2,
        load(P2_UNITS, Some(PACED)),
    )
    .await?;
    pg_stats_report(pool, pg_stats, "p2 at a steady pace").await?;

    progress("p2 at the target rate");
    let (p2_at_target, lags_at_target, rates_at_target) = p2_processes(
        &commands,
        &workflows,
        (engine, &reactions),
        &offices,
        &p2,
        load(P2_UNITS, Some(AT_TARGET)),
    )
    .await?;
    pg_stats_report(pool, pg_stats, "p2 at the target rate").await?;

    let mut result = json!({
        "register_numbers": register_numbers.round(),
        "register_numbers_clerks": USERS,
        "p2_processes": (p2_spread * 10.0).round() / 10.0,
        "p2_users": USERS,
        "p2_units": P2_UNITS,
        "projection_lag_p50_ms": quantile(&lags, 0.50),
        "projection_lag_p99_ms": quantile(&lags, 0.99),
        "projection_lag_max_ms": quantile(&lags, 1.0),
        "projection_lag_samples": lags.len(),
        "reaction_lag_p50_ms": quantile(&rates.reaction_lags, 0.50),
        "reaction_lag_p99_ms": quantile(&rates.reaction_lags, 0.99),
        "reaction_lag_max_ms": quantile(&rates.reaction_lags, 1.0),
        "p2_events_per_second": rates.appended.round(),
        "p2_inbox_events_per_second": rates.inbox.round(),
        "p2_processes_one_unit": (p2_one_unit * 10.0).round() / 10.0,
        "projection_lag_p99_ms_one_unit": quantile(&lags_one_unit, 0.99),
        "p2_events_per_second_one_unit": rates_one_unit.appended.round(),
        "p2_inbox_events_per_second_one_unit": rates_one_unit.inbox.round(),
        "p2_paced_processes": (p2_paced * 10.0).round() / 10.0,
        "projection_lag_p50_ms_paced": quantile(&lags_paced, 0.50),
        "projection_lag_p99_ms_paced": quantile(&lags_paced, 0.99),
        "projection_lag_samples_paced": lags_paced.len(),
        "p2_events_per_second_paced": rates_paced.appended.round(),
        "p2_at_target_rate": AT_TARGET,
        "p2_at_target_processes": (p2_at_target * 10.0).round() / 10.0,
        "projection_lag_p50_ms_at_target": quantile(&lags_at_target, 0.50),
        "projection_lag_p99_ms_at_target": quantile(&lags_at_target, 0.99),
        "projection_lag_samples_at_target": lags_at_target.len(),
        "p2_events_per_second_at_target": rates_at_target.appended.round(),
        "p2_inbox_events_per_second_at_target": rates_at_target.inbox.round(),
        "seconds_per_measurement": seconds.as_secs_f64(),
        "through": "the loads through the command layer and the event store; first_page_* through the GraphQL schema",
    });
    if documents > 0 {
        let volume = volume(
            progress,
            documents,
            pg_stats,
            (&schema, &api),
            pool,
            store,
            engine,
            &offices,
            &p2,
            today,
            rates.documents
                + rates_one_unit.documents
                + rates_paced.documents
                + rates_at_target.documents,
            (&files, &reactions),
        )
        .await?;
        if let (Some(result), serde_json::Value::Object(volume)) = (result.as_object_mut(), volume)
        {
            result.extend(volume);
        }
    }
    Ok(result)
}

/// Puts `documents` documents into the system, waits for the projections, and times inbox
/// and search queries.
#[allow(clippy::too_many_arguments)]
async fn volume(
    progress: &impl Fn(&str),
    documents: usize,
    pg_stats: bool,
    (schema, api): (&chancery_api::ChancerySchema, &chancery_api::ApiContext),
    pool: &deadpool_postgres::Pool,
    store: &Arc<dyn EventStore>,
    engine: &Arc<ProjectionEngine>,
    offices: &[Office],
    p2: &Definition,
    today: NaiveDate,
    documents_before: u64,
    (files, reactions): (
        &chancery_files::FileStore,
        &chancery_projector::ReactionEngine,
    ),
) -> anyhow::Result<serde_json::Value> {
    progress(&format!("{documents} documents"));
    let events_before = count_events(store, 0, store.committed_position().await?.0).await?;
    let started = Instant::now();
    let load = load_documents(store, offices, p2, documents, today).await?;
    let load_seconds = started.elapsed().as_secs_f64();
    progress("outgoing documents");
    let outgoing = outgoing_volume::load(store, files, offices, documents, today).await?;
    pg_stats_report(pool, pg_stats, "document load (appends)").await?;
    progress("projections catching up");
    let target = store.committed_position().await?;
    let slowest = engine
        .status()
        .await?
        .iter()
        .map(|s| s.position)
        .min()
        .unwrap_or(0);
    let behind = count_events(store, slowest, target.0).await?;
    let started = Instant::now();
    let mut each = Vec::new();
    for name in engine.names() {
        let engine = engine.clone();
        each.push(tokio::spawn(async move {
            engine.wait_for(target, &[name], CATCH_UP).await?;
            anyhow::Ok((name, started.elapsed().as_secs_f64()))
        }));
    }
    let mut by_projection = serde_json::Map::new();
    for done in each {
        let (name, seconds) = done
            .await?
            .context("projections catching up with the load")?;
        by_projection.insert(name.to_owned(), json!((seconds * 10.0).round() / 10.0));
    }
    let catch_up_seconds = started.elapsed().as_secs_f64();
    pg_stats_report(pool, pg_stats, "projections catching up").await?;

    progress("outgoing lists");
    let outgoing = outgoing_volume::queries(pool, store, reactions, offices, &outgoing).await?;
    progress("inbox and search queries");
    let volume = queries(pool, offices, documents >= DOCUMENTS).await?;
    pg_stats_report(pool, pg_stats, "inbox and search queries").await?;
    progress("every box and list through the API");
    let lists = api_lists(schema, api).await?;
    pg_stats_report(pool, pg_stats, "every box and list through the API").await?;
    let mut result = json!({
        "inbox_p50_ms": volume.inbox_p50,
        "inbox_p99_ms": volume.inbox_p99,
        "inbox_queries": volume.inbox_queries,
        "inbox_processed_box_p99_ms": volume.processed_p99,
        "search_p50_ms": volume.search_p50,
        "search_p99_ms": volume.search_p99,
        "search_queries": volume.search_queries,
        "search_rows_per_query": volume.search_rows,
        "inbox_people": volume.people,
        "page_rows": PAGE,
        "documents": documents_before + load.documents as u64,
        "documents_loaded": load.documents,
        "events": events_before + load.events as u64,
        "events_loaded": load.events,
        "load_events_per_second": (load.events as f64 / load_seconds).round(),
        "catch_up_seconds": (catch_up_seconds * 10.0).round() / 10.0,
        "catch_up_seconds_by_projection": by_projection,
        "catch_up_events": behind,
        "catch_up_events_per_second": (behind as f64 / catch_up_seconds.max(0.001)).round(),
        "first_page_p99_ms": lists.p99,
        "first_page_p50_ms": lists.p50,
        "first_page_rows": lists.rows,
        "first_page_queries_each": QUERIES,
        "first_page_people": lists.people,
    });
    if let (Some(result), serde_json::Value::Object(outgoing)) = (result.as_object_mut(), outgoing)
    {
        result.extend(outgoing);
    }
    Ok(result)
}

async fn register_numbers(
    commands: &Arc<Commands>,
    office: &Office,
    seconds: Duration,
) -> anyhow::Result<f64> {
    let (unit, clerk) = (office.unit, office.clerk.actor.by.person);
    let numbers = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + seconds;
    let mut tasks = Vec::new();
    let number_register = RegisterId(Uuid::now_v7());
    for _ in 0..USERS {
        let commands = commands.clone();
        let numbers = numbers.clone();
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let taken = NumberTaken {
                    register_id: number_register,
                    year: 2026,
                    number: 0,
                    document_id: Uuid::now_v7(),
                    unit_id: unit,
                    clerk,
                    entry: BookEntry {
                        arrived_at: chrono::Utc::now(),
                        issuing_body: "Bộ Tài chính".to_owned(),
                        number_notation: "1/BTC".to_owned(),
                        document_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
                        document_type: "cong-van".to_owned(),
                        summary: "Trích yếu".to_owned(),
                        urgency: Urgency::Normal,
                        confidentiality: Confidentiality::Normal,
                    },
                };
                commands
                    .take_number(&CommandContext::new(None, chrono::Utc::now()), taken)
                    .await?;
                numbers.fetch_add(1, Ordering::Relaxed);
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok(numbers.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

/// Collects "committed at" samples and, each time the inbox runner announces a committed
/// position, turns those at or below it into lags (ms). Ends once `samples` is closed and
/// every sample is visible (or `patience` has passed since it closed; stragglers are
/// counted as seen at that moment, so a stuck projection cannot hide behind missing
/// samples).
async fn lag_sampler(
    mut applied: watch::Receiver<u64>,
    mut samples: mpsc::UnboundedReceiver<(u64, Instant)>,
    patience: Duration,
) -> Vec<f64> {
    let mut waiting: BinaryHeap<Reverse<(u64, Instant)>> = BinaryHeap::new();
    let mut lags = Vec::new();
    let mut closed_at: Option<tokio::time::Instant> = None;
    let mut engine_gone = false;
    loop {
        let at = *applied.borrow_and_update();
        let now = Instant::now();
        while let Some(Reverse((position, committed))) = waiting.peek().copied() {
            if position > at {
                break;
            }
            waiting.pop();
            lags.push(ms(now.saturating_duration_since(committed)));
        }
        if let Some(closed) = closed_at {
            if waiting.is_empty() {
                break;
            }
            if engine_gone || tokio::time::Instant::now() >= closed + patience {
                lags.extend(
                    waiting
                        .drain()
                        .map(|Reverse((_, t))| ms(now.saturating_duration_since(t))),
                );
                break;
            }
        }
        let give_up = closed_at.map_or_else(
            || tokio::time::Instant::now() + patience,
            |closed| closed + patience,
        );
        tokio::select! {
            sample = samples.recv(), if closed_at.is_none() => match sample {
                Some(sample) => waiting.push(Reverse(sample)),
                None => closed_at = Some(tokio::time::Instant::now()),
            },
            changed = applied.changed(), if !engine_gone => {
                if changed.is_err() {
                    engine_gone = true;
                }
            }
            () = tokio::time::sleep_until(give_up) => {}
        }
    }
    lags.sort_by(f64::total_cmp);
    lags
}

/// Complete P2 runs per second by `USERS` users spread over the first `units` offices (each
/// acting as its clerk, leader, department head and specialist in turn), and the inbox lag
/// of every command (sorted, ms).
async fn p2_processes(
    commands: &Arc<Commands>,
    workflows: &Arc<Workflows>,
    (engine, reactions): (
        &Arc<ProjectionEngine>,
        &Arc<chancery_projector::ReactionEngine>,
    ),
    offices: &[Office],
    p2: &Definition,
    load: P2Load,
) -> anyhow::Result<(f64, Vec<f64>, Rates)> {
    let P2Load {
        units,
        pace,
        seconds,
    } = load;
    // Each load starts with every projection caught up (the one before may have left work).
    engine
        .wait_for(
            commands.store().committed_position().await?,
            &engine.names(),
            CATCH_UP,
        )
        .await?;
    reactions
        .wait_for(commands.store().committed_position().await?, CATCH_UP)
        .await?;
    let (sample, samples) = mpsc::unbounded_channel::<(u64, Instant)>();
    let sampler = tokio::spawn(lag_sampler(
        engine.watch(inbox::NAME)?,
        samples,
        Duration::from_secs(60),
    ));
    // The same samples, until the fan-outs' and notices' reaction has passed them.
    let (reaction_sample, reaction_samples) = mpsc::unbounded_channel::<(u64, Instant)>();
    let reaction_sampler = tokio::spawn(lag_sampler(
        reactions.watch("document_effects")?,
        reaction_samples,
        Duration::from_secs(60),
    ));
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + seconds;
    let applied = engine.watch(inbox::NAME)?;
    let inbox_before = *applied.borrow();
    let committed_before = commands.store().committed_position().await?.0;
    let mut tasks = Vec::new();
    for user in 0..USERS {
        let commands = commands.clone();
        let workflows = workflows.clone();
        let office = &offices[user % units.clamp(1, offices.len())];
        let cast = Cast {
            unit: office.unit,
            register: office.register,
            clerk: office.clerk.actor.clone(),
            leader: office.leaders[0].actor.clone(),
            head: office.departments[0].head.actor.clone(),
            specialist: office.departments[0].specialists[0].actor.clone(),
        };
        let done = done.clone();
        let p2 = p2.clone();
        let sample = sample.clone();
        let reaction_sample = reaction_sample.clone();
        tasks.push(tokio::spawn(async move {
            let committed = |position: Option<GlobalPosition>| {
                if let Some(p) = position {
                    let now = Instant::now();
                    let _ = sample.send((p.0, now));
                    let _ = reaction_sample.send((p.0, now));
                }
            };
            let mut n = 0u64;
            while Instant::now() < deadline {
                if let Some(rate) = pace {
                    // Run k of user u starts at (k * USERS + u) / rate seconds.
                    let slot = (n as f64 * USERS as f64 + user as f64) / rate;
                    let at = started + Duration::from_secs_f64(slot);
                    if at >= deadline {
                        break;
                    }
                    tokio::time::sleep_until(at.into()).await;
                }
                let id = Uuid::now_v7();
                let c = || CommandContext::new(None, chrono::Utc::now());
                let received = commands
                    .receive_document(
                        &c(),
                        &p2,
                        &cast.clerk,
                        ReceiveInput {
                            document_id: id,
                            unit_id: cast.unit,
                            parent_id: None,
                            channel: Channel::Electronic,
                            sender_agency: None,
                            metadata: metadata(n),
                            files: vec![],
                        },
                    )
                    .await?;
                committed(received.position);
                let (_, registered) = commands
                    .register_document(
                        &c(),
                        &workflows,
                        &cast.clerk,
                        id,
                        Registration {
                            register_id: cast.register,
                            year: cast.clerk.today.year(),
                            arrived_at: chrono::Utc::now(),
                        },
                    )
                    .await?;
                committed(registered.position);
                let to =
                    |who: &Actor, action: &str, note: Option<&str>, deadline: bool| ActionInput {
                        action: action.to_owned(),
                        note: note.map(str::to_owned),
                        deadline: deadline.then(|| cast.clerk.today + chrono::Duration::days(7)),
                        recipients: Recipients {
                            main: Some(who.by.position),
                            ..Recipients::default()
                        },
                        ..ActionInput::default()
                    };
                for (who, input) in [
                    (
                        &cast.clerk,
                        to(&cast.leader, "submit_to_leader", None, false),
                    ),
                    (
                        &cast.leader,
                        to(&cast.head, "forward_to_department", Some("Chủ trì"), true),
                    ),
                    (
                        &cast.head,
                        to(&cast.specialist, "forward_to_specialist", None, true),
                    ),
                    (
                        &cast.specialist,
                        ActionInput {
                            action: "finish".to_owned(),
                            note: Some("Đã xử lý".to_owned()),
                            ..ActionInput::default()
                        },
                    ),
                ] {
                    let outcome = commands
                        .act_on_document(&c(), &workflows, who, id, input)
                        .await?;
                    committed(outcome.position);
                }
                done.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
            anyhow::Ok(())
        }));
    }
    drop(sample);
    drop(reaction_sample);
    for t in tasks {
        t.await??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let p2_processes = done.load(Ordering::Relaxed) as f64 / elapsed;
    // How fast events came, and how fast the inbox took them in meanwhile.
    let committed_after = commands.store().committed_position().await?.0;
    let inbox_after = *applied.borrow();
    let lags = sampler.await?;
    let reaction_lags = reaction_sampler.await?;
    let rates = Rates {
        appended: count_events(commands.store(), committed_before, committed_after).await? as f64
            / elapsed,
        inbox: count_events(commands.store(), inbox_before, inbox_after).await? as f64 / elapsed,
        documents: done.load(Ordering::Relaxed),
        reaction_lags,
    };
    Ok((p2_processes, lags, rates))
}

/// A P2 load: `USERS` users spread over the first `units` offices, each starting runs as
/// soon as the last one ends or, with `pace`, at that many runs per second in all.
#[derive(Clone, Copy)]
struct P2Load {
    units: usize,
    pace: Option<f64>,
    seconds: Duration,
}

/// Events per second during a load: appended, and applied by the inbox.
struct Rates {
    appended: f64,
    inbox: f64,
    /// Documents the load created (one per complete run).
    documents: u64,
    /// For every command of the load, "committed → passed by the fan-out and notices
    /// reaction" (ms).
    reaction_lags: Vec<f64>,
}

/// Someone acting in the load, and the unit of their position.
#[derive(Clone)]
struct Member {
    actor: Actor,
    unit: UnitId,
}

struct Department {
    head: Member,
    specialists: Vec<Member>,
}

/// A unit running P2 with its own register.
struct Office {
    unit: UnitId,
    abbreviation: String,
    register: RegisterId,
    clerk: Member,
    leaders: Vec<Member>,
    departments: Vec<Department>,
}

/// A unit under `parent` with a clerk, a head and a deputy, departments of a head and
/// specialists, and an incoming register — through the organisation and catalogue commands.
async fn bench_office(
    commands: &Commands,
    parent: UnitId,
    n: usize,
    today: NaiveDate,
) -> anyhow::Result<Office> {
    let context = || CommandContext::new(None, chrono::Utc::now());
    let unit = |parent: UnitId, kind: UnitKind, code: String, name: String| async move {
        let unit_id = UnitId(Uuid::now_v7());
        commands
            .organisation_command(
                &context(),
                OrgCommand::CreateUnit {
                    unit_id,
                    parent_id: Some(parent),
                    kind,
                    code: code.clone(),
                    abbreviation: code.to_uppercase().replace('.', ""),
                    name,
                    identifier_code: None,
                    country: None,
                },
            )
            .await?;
        anyhow::Ok(unit_id)
    };
    let person = |unit: UnitId, username: String, role: &'static str| async move {
        let person_id = UserId(Uuid::now_v7());
        commands
            .organisation_command(
                &context(),
                OrgCommand::RegisterPerson {
                    person_id,
                    username: username.clone(),
                    full_name: format!("Cán bộ {username}"),
                    email: None,
                    phone: None,
                    clearance: Confidentiality::Normal,
                },
            )
            .await?;
        let position_id = PositionId(Uuid::now_v7());
        commands
            .organisation_command(
                &context(),
                OrgCommand::AssignPosition {
                    position_id,
                    person_id,
                    unit_id: unit,
                    role: role.to_owned(),
                    title: None,
                    serves: None,
                },
            )
            .await?;
        anyhow::Ok(Member {
            actor: Actor {
                by: ActedBy {
                    person: person_id,
                    position: position_id,
                },
                role: role.to_owned(),
                today,
            },
            unit,
        })
    };
    let code = format!("bench{n:02}");
    let office = unit(parent, UnitKind::Unit, code.clone(), format!("Vụ thử {n}")).await?;
    let clerk = person(office, format!("vanthu.{code}"), "unit_clerk").await?;
    let leaders = vec![
        person(office, format!("ld.{code}"), "unit_head").await?,
        person(office, format!("pho.{code}"), "unit_deputy").await?,
    ];
    let mut departments = Vec::new();
    for d in 1..=DEPARTMENTS {
        let department = unit(
            office,
            UnitKind::Department,
            format!("{code}.p{d}"),
            format!("Phòng {d}, Vụ thử {n}"),
        )
        .await?;
        let head = person(department, format!("tp.{code}.p{d}"), "department_head").await?;
        let mut specialists = Vec::new();
        for s in 1..=SPECIALISTS {
            specialists
                .push(person(department, format!("cv.{code}.p{d}.{s}"), "specialist").await?);
        }
        departments.push(Department { head, specialists });
    }
    let register = RegisterId(Uuid::now_v7());
    commands
        .catalogue_command(
            &context(),
            CatalogueCommand::DefineRegister {
                register_id: register,
                kind: RegisterKind::Incoming,
                owner_unit_id: office,
                code: "den".to_owned(),
                name: format!("Sổ văn bản đến, Vụ thử {n}"),
                document_types: std::collections::BTreeSet::new(),
                max_confidentiality: Confidentiality::Normal,
                active: true,
            },
        )
        .await?;
    Ok(Office {
        unit: office,
        abbreviation: code.to_uppercase(),
        register,
        clerk,
        leaders,
        departments,
    })
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How far a loaded document went along P2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Received,
    Registered,
    AtLeader,
    AtDepartment,
    AtSpecialist,
    Finished,
}

/// Everything about loaded document `i` that is decided before building its events.
struct Plan {
    id: Uuid,
    office: usize,
    stage: Stage,
    /// Its day (documents arrive over the past year, oldest first) and minute of that day.
    day: NaiveDate,
    minute: u32,
    metadata: Metadata,
    leader: usize,
    department: usize,
    specialist: usize,
    /// A co-handling specialist of the same department, sometimes.
    co: Option<usize>,
    /// The other leader is kept informed, sometimes.
    inform_other_leader: bool,
}

const LEADS: &[&str] = &[
    "Về việc",
    "V/v",
    "Hướng dẫn",
    "Đề nghị",
    "Báo cáo",
    "Thông báo",
    "Kế hoạch",
];
const TOPICS: &[&str] = &[
    "triển khai thực hiện Nghị định số {n}/2024/NĐ-CP",
    "công tác văn thư, lưu trữ",
    "chế độ tiền lương đối với cán bộ, công chức",
    "tinh giản biên chế giai đoạn 2026-2030",
    "tuyển dụng công chức",
    "đánh giá, xếp loại chất lượng cán bộ",
    "cải cách hành chính",
    "quản lý văn bản điện tử",
    "kiểm tra công tác thi đua, khen thưởng",
    "bồi dưỡng nghiệp vụ cho công chức cấp xã",
    "sắp xếp tổ chức bộ máy",
    "thực hiện Thông tư số {n}/2025/TT-BNV",
    "chuyển đổi số trong cơ quan nhà nước",
    "phòng, chống tham nhũng, tiêu cực",
    "góp ý dự thảo Luật Cán bộ, công chức (sửa đổi)",
    "cử cán bộ tham dự hội nghị",
];
const TAILS: &[&str] = &[
    "",
    " tại các đơn vị trực thuộc",
    " của Bộ Nội vụ",
    " trên địa bàn tỉnh",
    " năm 2026",
    " (lần 2)",
];
const ISSUERS: &[(&str, &str)] = &[
    ("Văn phòng Chính phủ", "VPCP"),
    ("Bộ Tài chính", "BTC"),
    ("Ủy ban nhân dân tỉnh Ninh Bình", "UBND"),
    ("Bộ Kế hoạch và Đầu tư", "BKHĐT"),
    ("Sở Nội vụ thành phố Hà Nội", "SNV"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT"),
];

fn plan(i: usize, n: usize, offices: &[Office], today: NaiveDate) -> Plan {
    let r = splitmix(i as u64);
    let pick = |shift: u32, len: usize| ((r >> shift) as usize) % len.max(1);
    let office_index = i % offices.len();
    let office = &offices[office_index];
    let stage = match r % 100 {
        0..2 => Stage::Received,
        2..5 => Stage::Registered,
        5..10 => Stage::AtLeader,
        10..18 => Stage::AtDepartment,
        18..33 => Stage::AtSpecialist,
        _ => Stage::Finished,
    };
    let age = 365 - (i * 365 / n.max(1)) as i64;
    let day = today - chrono::Duration::days(age.max(0));
    let department = pick(20, office.departments.len());
    let specialists = office.departments[department].specialists.len();
    let specialist = pick(28, specialists);
    let co = (specialists > 1 && pick(36, 5) == 0).then(|| (specialist + 1) % specialists);
    let (issuer, issuer_code) = ISSUERS[pick(44, ISSUERS.len())];
    let topic = TOPICS[pick(8, TOPICS.len())].replace("{n}", &(10 + pick(50, 190)).to_string());
    let summary = format!(
        "{} {}{}",
        LEADS[pick(12, LEADS.len())],
        topic,
        TAILS[pick(16, TAILS.len())]
    );
    let urgency = match pick(56, 20) {
        0 => Urgency::Flash,
        1..3 => Urgency::VeryUrgent,
        3..8 => Urgency::Urgent,
        _ => Urgency::Normal,
    };
    Plan {
        id: uuid::Builder::from_random_bytes(
            (u128::from(r) << 64 | u128::from(splitmix(r ^ i as u64))).to_be_bytes(),
        )
        .into_uuid(),
        office: office_index,
        stage,
        day,
        minute: (i % 600) as u32,
        metadata: Metadata {
            issuing_body: issuer.to_owned(),
            number_notation: format!("{}/{issuer_code}-{}", 1 + i / 7, office.abbreviation),
            document_date: day - chrono::Duration::days(1 + pick(60, 4) as i64),
            document_type: "cong-van".to_owned(),
            summary,
            language: "vi".to_owned(),
            page_count: 1 + pick(4, 6) as u32,
            signer_name: None,
            signer_position: None,
            urgency,
            confidentiality: Confidentiality::Normal,
            recipients: None,
            deadline: None,
            notes: None,
        },
        leader: pick(24, office.leaders.len()),
        department,
        specialist,
        co,
        inform_other_leader: pick(40, 10) == 0,
    }
}

fn plan_time(plan: &Plan, step: u32) -> chrono::DateTime<Utc> {
    let minutes = i64::from(plan.minute) + 60 * 7 + i64::from(step);
    plan.day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() + chrono::Duration::minutes(minutes)
}

fn new_event(event: AnyEvent, by: &Member, at: chrono::DateTime<Utc>) -> anyhow::Result<NewEvent> {
    let shape = encode_any(&event)?;
    let metadata = EventMetadata::for_command(
        Uuid::now_v7(),
        Some(chancery_event_store::Actor {
            user_id: by.actor.by.person.0,
            position_id: Some(by.actor.by.position.0),
            unit_id: Some(by.unit.0),
        }),
        at,
    );
    Ok(NewEvent::new(
        0,
        shape.event_type,
        shape.schema_version,
        shape.payload,
        metadata,
    ))
}

fn any(event: DocumentEvent) -> AnyEvent {
    match event {
        DocumentEvent::Received(e) => e.into(),
        DocumentEvent::Registered(e) => e.into(),
        DocumentEvent::MetadataUpdated(e) => e.into(),
        DocumentEvent::ActionTaken(e) => e.into(),
        DocumentEvent::Read(e) => e.into(),
        DocumentEvent::Reopened(e) => e.into(),
        DocumentEvent::PartCompleted(e) => e.into(),
        DocumentEvent::Cancelled(e) => e.into(),
    }
}

/// The events of loaded document `plan`, decided by the domain as the people act.
fn document_events(
    plan: &Plan,
    offices: &[Office],
    p2: &Definition,
    number: Option<(i32, u64)>,
) -> anyhow::Result<Vec<NewEvent>> {
    let office = &offices[plan.office];
    let on_the_day = |m: &Member| Member {
        actor: Actor {
            today: plan.day,
            ..m.actor.clone()
        },
        unit: m.unit,
    };
    let clerk = on_the_day(&office.clerk);
    let leader = on_the_day(&office.leaders[plan.leader]);
    let department = &office.departments[plan.department];
    let head = on_the_day(&department.head);
    let specialist = on_the_day(&department.specialists[plan.specialist]);
    let mut state = Document::default();
    let mut out: Vec<NewEvent> = Vec::new();
    let record =
        |state: &mut Document, out: &mut Vec<NewEvent>, events: Vec<DocumentEvent>, by: &Member| {
            for e in events {
                state.evolve(&e);
                let step = u32::try_from(out.len()).unwrap_or(u32::MAX);
                out.push(new_event(any(e), by, plan_time(plan, step))?);
            }
            anyhow::Ok(())
        };
    let received = state.receive(
        p2,
        &clerk.actor,
        ReceiveInput {
            document_id: plan.id,
            unit_id: office.unit,
            parent_id: None,
            channel: Channel::Electronic,
            sender_agency: None,
            metadata: plan.metadata.clone(),
            files: vec![],
        },
    )?;
    record(
        &mut state,
        &mut out,
        vec![DocumentEvent::Received(received)],
        &clerk,
    )?;
    let Some((year, number)) = number else {
        return Ok(out);
    };
    let registered = state.register(p2, &clerk.actor, office.register, year, number)?;
    record(&mut state, &mut out, registered, &clerk)?;
    let deadline = |days: i64| Some(plan.day + chrono::Duration::days(days));
    let mut moves: Vec<(&Member, ActionInput)> = Vec::new();
    if plan.stage >= Stage::AtLeader {
        moves.push((
            &clerk,
            ActionInput {
                action: "submit_to_leader".to_owned(),
                recipients: Recipients {
                    main: Some(leader.actor.by.position),
                    ..Recipients::default()
                },
                ..ActionInput::default()
            },
        ));
    }
    let other_leader = office
        .leaders
        .iter()
        .find(|l| l.actor.by.position != leader.actor.by.position);
    if plan.stage >= Stage::AtDepartment {
        moves.push((
            &leader,
            ActionInput {
                action: "forward_to_department".to_owned(),
                note: Some("Giao phòng chủ trì, tham mưu".to_owned()),
                deadline: deadline(10),
                recipients: Recipients {
                    main: Some(head.actor.by.position),
                    info: other_leader
                        .filter(|_| plan.inform_other_leader)
                        .map(|l| l.actor.by.position)
                        .into_iter()
                        .collect(),
                    ..Recipients::default()
                },
                ..ActionInput::default()
            },
        ));
    }
    if plan.stage >= Stage::AtSpecialist {
        moves.push((
            &head,
            ActionInput {
                action: "forward_to_specialist".to_owned(),
                deadline: deadline(7),
                recipients: Recipients {
                    main: Some(specialist.actor.by.position),
                    co: plan
                        .co
                        .map(|c| department.specialists[c].actor.by.position)
                        .into_iter()
                        .collect(),
                    ..Recipients::default()
                },
                ..ActionInput::default()
            },
        ));
    }
    if plan.stage >= Stage::Finished {
        moves.push((
            &specialist,
            ActionInput {
                action: "finish".to_owned(),
                note: Some("Đã xử lý, báo cáo lãnh đạo".to_owned()),
                ..ActionInput::default()
            },
        ));
    }
    for (by, input) in moves {
        let taken = state.act(p2, &by.actor, input)?;
        record(
            &mut state,
            &mut out,
            vec![DocumentEvent::ActionTaken(taken)],
            by,
        )?;
    }
    Ok(out)
}

struct Load {
    documents: usize,
    events: usize,
}

/// The last revision of `stream` (`None`: no stream yet).
async fn last_revision(
    store: &Arc<dyn EventStore>,
    stream: &StreamId,
) -> anyhow::Result<Option<u64>> {
    match store
        .read_stream(stream, ReadDirection::Backwards, ReadFrom::End, 1)
        .await
    {
        Ok(events) => Ok(events.first().map(|e| e.stream_revision)),
        Err(StoreError::StreamNotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Puts `n` documents into the system: first every register's numbers (gap-free, in
/// arrival order, appended in large chunks), then every document's own stream (one append
/// per document, `LOADERS` at once, which the event store commits in groups).
async fn load_documents(
    store: &Arc<dyn EventStore>,
    offices: &[Office],
    p2: &Definition,
    n: usize,
    today: NaiveDate,
) -> anyhow::Result<Load> {
    // Numbers, per register and year, in arrival order, after those already taken.
    let mut next: HashMap<(usize, i32), u64> = HashMap::new();
    let mut numbers: Vec<Option<(i32, u64)>> = Vec::with_capacity(n);
    let mut books: HashMap<(usize, i32), Vec<NumberTaken>> = HashMap::new();
    for i in 0..n {
        let plan = plan(i, n, offices, today);
        if plan.stage == Stage::Received {
            numbers.push(None);
            continue;
        }
        let year = plan.day.year();
        let key = (plan.office, year);
        let office = &offices[plan.office];
        let revision = match next.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let stream = StreamId::new(register::stream(office.register, year))?;
                let last = last_revision(store, &stream).await?;
                e.insert(last.map_or(0, |r| r + 1))
            }
        };
        let number = register::number_at(*revision);
        *revision += 1;
        numbers.push(Some((year, number)));
        let m = &plan.metadata;
        books.entry(key).or_default().push(NumberTaken {
            register_id: office.register,
            year,
            number,
            document_id: plan.id,
            unit_id: office.unit,
            clerk: office.clerk.actor.by.person,
            entry: BookEntry {
                arrived_at: plan_time(&plan, 1),
                issuing_body: m.issuing_body.clone(),
                number_notation: m.number_notation.clone(),
                document_date: m.document_date,
                document_type: m.document_type.clone(),
                summary: m.summary.clone(),
                urgency: m.urgency,
                confidentiality: m.confidentiality,
            },
        });
    }
    let mut events = 0;
    for ((office, year), book) in books {
        let office = &offices[office];
        let stream = StreamId::new(register::stream(office.register, year))?;
        for chunk in book.chunks(5_000) {
            let first = chunk.first().map_or(1, |t| t.number);
            let expected = match first {
                1 => ExpectedRevision::NoStream,
                n => ExpectedRevision::Exact(n - 2),
            };
            let new = chunk
                .iter()
                .map(|t| new_event(t.clone().into(), &office.clerk, t.entry.arrived_at))
                .collect::<anyhow::Result<Vec<_>>>()?;
            events += new.len();
            store.append(&stream, expected, new).await?;
        }
    }
    let appended = append_streams(store, n, |i| {
        let plan = plan(i, n, offices, today);
        let new = document_events(&plan, offices, p2, numbers[i])?;
        Ok((
            StreamId::new(chancery_domain::document::stream(plan.id))?,
            new,
        ))
    })
    .await?;
    Ok(Load {
        documents: n,
        events: events + appended,
    })
}

/// Appends `n` new streams, stream `i` and its events made by `make(i)`, [`LOADERS`]
/// appends at once (which the event store commits in groups). Answers the events appended.
pub(crate) async fn append_streams(
    store: &Arc<dyn EventStore>,
    n: usize,
    make: impl Fn(usize) -> anyhow::Result<(StreamId, Vec<chancery_event_store::NewEvent>)> + Sync,
) -> anyhow::Result<usize> {
    let make = &make;
    futures::stream::iter(0..n)
        .map(|i| async move {
            let (stream, new) = make(i)?;
            let count = new.len();
            store
                .append(&stream, ExpectedRevision::NoStream, new)
                .await?;
            anyhow::Ok(count)
        })
        .buffer_unordered(LOADERS)
        .fold(
            anyhow::Ok(0usize),
            |total: anyhow::Result<usize>, appended| async move { Ok(total? + appended?) },
        )
        .await
}

/// The first pages every box and list people open, as they open them (through the API).
struct Lists {
    /// p50 and p99 of each box or list, over its people and queries, in milliseconds.
    p50: serde_json::Value,
    p99: serde_json::Value,
    /// Rows on the first page, per box or list and person (a page is full where the list
    /// holds a page).
    rows: serde_json::Value,
    people: Vec<&'static str>,
}

/// People of the demo unit who sign in (the bench units' people have no accounts): its
/// clerk, its head, a department head and a specialist.
const API_PEOPLE: &[&str] = &["vanthu.tccb", "ld.tccb", "tp.congchuc", "cv.congchuc1"];

/// Each box and list, first page of 50 through the GraphQL API as the demo unit's people: the
/// incoming boxes (pending, processed, for information, and pending with a two-word search),
/// the search page, and the outgoing lists (to do, my drafts, issued, processed, search).
/// `WARMUP` untimed then `QUERIES` timed queries each, people in turn.
async fn api_lists(
    schema: &chancery_api::ChancerySchema,
    api: &chancery_api::ApiContext,
) -> anyhow::Result<Lists> {
    let mut tokens = Vec::new();
    for username in API_PEOPLE {
        tokens.push(crate::bench_api::login(schema, api, username).await?);
    }
    let inbox = "query($b: InboxBox!, $t: String) { inbox(box: $b, first: 50, filter: {text: $t}) { edges { node { documentId summary deadline read } } } }";
    let search = "query($t: String) { searchDocuments(text: $t, first: 50) { edges { node { documentId summary } } } }";
    let outgoing = "query($l: OutgoingList!, $t: String) { outgoingWork(list: $l, text: $t, first: 50) { edges { node { documentId summary } } } }";
    let lists: Vec<(&str, &str, serde_json::Value, &str)> = vec![
        ("inbox_pending", inbox, json!({"b": "PENDING"}), "inbox"),
        ("inbox_processed", inbox, json!({"b": "PROCESSED"}), "inbox"),
        ("inbox_info", inbox, json!({"b": "INFO"}), "inbox"),
        (
            "inbox_pending_search",
            inbox,
            json!({"b": "PENDING", "t": "van ban"}),
            "inbox",
        ),
        ("search", search, json!({"t": "van ban"}), "searchDocuments"),
        (
            "search_rare",
            search,
            json!({"t": "tinh gian bien che"}),
            "searchDocuments",
        ),
        (
            "outgoing_to_do",
            outgoing,
            json!({"l": "TO_DO"}),
            "outgoingWork",
        ),
        (
            "outgoing_my_drafts",
            outgoing,
            json!({"l": "MY_DRAFTS"}),
            "outgoingWork",
        ),
        (
            "outgoing_issued",
            outgoing,
            json!({"l": "ISSUED"}),
            "outgoingWork",
        ),
        (
            "outgoing_processed",
            outgoing,
            json!({"l": "PROCESSED"}),
            "outgoingWork",
        ),
        (
            "outgoing_search",
            outgoing,
            json!({"l": "ALL", "t": "van ban"}),
            "outgoingWork",
        ),
    ];
    let (mut p50, mut p99, mut rows) = (
        serde_json::Map::new(),
        serde_json::Map::new(),
        serde_json::Map::new(),
    );
    for (name, query, variables, field) in lists {
        let mut took = Vec::new();
        let mut sizes = vec![0usize; tokens.len()];
        for k in 0..WARMUP + QUERIES {
            let who = k % tokens.len();
            let started = Instant::now();
            let data =
                crate::bench_api::call(schema, api, Some(&tokens[who]), query, variables.clone())
                    .await?;
            let elapsed = ms(started.elapsed());
            sizes[who] = data[field]["edges"].as_array().map_or(0, Vec::len);
            if k >= WARMUP {
                took.push(elapsed);
            }
        }
        took.sort_by(f64::total_cmp);
        p50.insert(name.to_owned(), json!(quantile(&took, 0.5)));
        p99.insert(name.to_owned(), json!(quantile(&took, 0.99)));
        rows.insert(name.to_owned(), json!(sizes));
    }
    Ok(Lists {
        p50: p50.into(),
        p99: p99.into(),
        rows: rows.into(),
        people: API_PEOPLE.to_vec(),
    })
}

struct Volume {
    inbox_p50: f64,
    inbox_p99: f64,
    inbox_queries: usize,
    processed_p99: f64,
    search_p50: f64,
    search_p99: f64,
    search_queries: usize,
    search_rows: f64,
    people: serde_json::Value,
}

/// Times first-page queries of the pending box for several people, plain and with a
/// two-word search, after `ANALYZE`.
async fn queries(
    pool: &deadpool_postgres::Pool,
    offices: &[Office],
    full_size: bool,
) -> anyhow::Result<Volume> {
    let client = pool.get().await?;
    client.batch_execute("ANALYZE").await?;
    let tccb = &offices[0];
    let bench = offices.get(1).unwrap_or(tccb);
    let people: Vec<(&str, &Member)> = vec![
        ("clerk (pool), demo unit", &tccb.clerk),
        ("unit head, demo unit", &tccb.leaders[0]),
        ("department head, demo unit", &tccb.departments[0].head),
        ("specialist, demo unit", &tccb.departments[0].specialists[0]),
        ("department head, bench unit", &bench.departments[0].head),
        (
            "specialist, bench unit",
            &bench.departments[0].specialists[0],
        ),
    ];
    let query = |m: &Member, r#box: InboxBox, text: Option<&str>| InboxQuery {
        positions: vec![(m.actor.by.position.0, m.unit.0, m.actor.role.clone())],
        r#box,
        text: text.map(str::to_owned),
        limit: PAGE,
        ..InboxQuery::default()
    };
    let mut described = Vec::new();
    for (who, m) in &people {
        let positions = [(m.actor.by.position.0, m.unit.0, m.actor.role.clone())];
        let (_, unread, info_unread) = inbox::unread_counts(
            &**client,
            &positions,
            chancery_domain::reference::Confidentiality::Normal,
        )
        .await?;
        let mut sizes = Vec::new();
        for r#box in [InboxBox::Pending, InboxBox::Processed, InboxBox::Info] {
            sizes.push(box_size(&client, &positions, r#box).await?);
        }
        let first_page = inbox::inbox(&**client, &query(m, InboxBox::Pending, None))
            .await?
            .len();
        if full_size && i64::try_from(first_page).unwrap_or(0) < PAGE {
            anyhow::bail!("{who} has {first_page} pending documents, less than a page");
        }
        described.push(json!({
            "who": who,
            "pending": sizes[0],
            "processed": sizes[1],
            "info": sizes[2],
            "pending_unread": unread,
            "info_unread": info_unread,
        }));
    }
    let timed = |r#box: InboxBox| {
        let client = &client;
        let people = &people;
        async move {
            let mut took = Vec::new();
            for k in 0..WARMUP + QUERIES {
                let (_, m) = people[k % people.len()];
                let q = query(m, r#box, None);
                let started = Instant::now();
                let rows = inbox::inbox(&***client, &q).await?;
                let elapsed = ms(started.elapsed());
                std::hint::black_box(rows);
                if k >= WARMUP {
                    took.push(elapsed);
                }
            }
            took.sort_by(f64::total_cmp);
            anyhow::Ok(took)
        }
    };
    let inbox_ms = timed(InboxBox::Pending).await?;
    let processed_ms = timed(InboxBox::Processed).await?;
    let mut search_ms = Vec::new();
    let mut found = 0usize;
    for k in 0..WARMUP + QUERIES {
        let (_, m) = people[k % people.len()];
        let text = SEARCHES[(k / people.len()) % SEARCHES.len()];
        let q = query(m, InboxBox::Pending, Some(text));
        let started = Instant::now();
        let rows = inbox::inbox(&**client, &q).await?;
        let took = ms(started.elapsed());
        if k >= WARMUP {
            search_ms.push(took);
            found += rows.len();
        }
    }
    if found == 0 {
        anyhow::bail!("the searches found nothing");
    }
    search_ms.sort_by(f64::total_cmp);
    Ok(Volume {
        inbox_p50: quantile(&inbox_ms, 0.5),
        inbox_p99: quantile(&inbox_ms, 0.99),
        inbox_queries: inbox_ms.len(),
        processed_p99: quantile(&processed_ms, 0.99),
        search_p50: quantile(&search_ms, 0.5),
        search_p99: quantile(&search_ms, 0.99),
        search_queries: search_ms.len(),
        search_rows: (found as f64 / search_ms.len() as f64 * 10.0).round() / 10.0,
        people: serde_json::Value::Array(described),
    })
}

/// How many documents a box holds, paging through it as a screen would.
async fn box_size(
    client: &deadpool_postgres::Object,
    positions: &[(Uuid, Uuid, String)],
    r#box: InboxBox,
) -> anyhow::Result<usize> {
    let mut total = 0;
    let mut after = None;
    loop {
        let page = inbox::inbox(
            &***client,
            &InboxQuery {
                positions: positions.to_vec(),
                r#box,
                after,
                limit: inbox::MAX_PAGE,
                ..InboxQuery::default()
            },
        )
        .await?;
        total += page.len();
        match page.last() {
            Some(last) if i64::try_from(page.len()).unwrap_or(0) == inbox::MAX_PAGE => {
                after = Some(last.cursor());
            }
            _ => return Ok(total),
        }
    }
}

/// Events in `(after, upto]`, counted through the event store (it may wait a moment for
/// events still held back by a write in flight).
async fn count_events(store: &Arc<dyn EventStore>, after: u64, upto: u64) -> anyhow::Result<u64> {
    let mut at = GlobalPosition(after);
    let mut count = 0;
    while at.0 < upto {
        let events = store.read_all(at, 10_000).await?;
        let Some(last) = events.last() else {
            store.wait_for_events(at, Duration::from_millis(100)).await;
            continue;
        };
        at = last.global_position;
        count += events
            .iter()
            .filter(|e| e.global_position.0 <= upto)
            .count() as u64;
    }
    Ok(count)
}
