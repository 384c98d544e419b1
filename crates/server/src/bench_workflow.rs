//! `chancery bench workflow`: the document workflow's throughput on a fresh private
//! PostgreSQL with the demo organisation, through the command layer (the GraphQL surface for
//! documents comes next; its overhead is not measured here yet).
//!
//! - `register_numbers`: registrations per second into ONE register by 16 concurrent clerks
//!   (each registration reads the register's last number and appends the next, expecting
//!   that revision; losers retry).
//! - `p2_processes`: complete P2 runs per second by 16 concurrent simulated users: receive,
//!   register, submit to the leader, direct to a department, forward to a specialist, finish.
//! - `projection_lag_p99_ms`: after the P2 load, the 99th percentile of "action committed →
//!   visible in the inbox read model" over sampled actions, measured while the load runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chancery_commands::documents::{Registration, Workflows};
use chancery_commands::{CommandContext, Commands};
use chancery_domain::document::{
    ActedBy, ActionInput, Actor, Channel, Metadata, ReceiveInput, Recipients,
};
use chancery_domain::ids::{RegisterId, UnitId};
use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::EventStore;
use chancery_event_store::postgres::PgEventStore;
use chancery_pg::{ClusterOptions, PoolOptions, PrivateCluster};
use chancery_projector::{EngineOptions, ProjectionEngine};
use serde_json::json;
use uuid::Uuid;

const USERS: usize = 16;

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

fn actor(a: &chancery_commands::seed::DemoAccount, today: chrono::NaiveDate) -> Actor {
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
        document_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
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
    let dir = std::env::temp_dir().join(format!("chancery-bench-wf-{}", std::process::id()));
    let cluster_options = ClusterOptions::durable(dir.join("data"));
    let cluster = tokio::task::spawn_blocking(move || PrivateCluster::start(&cluster_options))
        .await
        .context("starting the benchmark's PostgreSQL")??;
    cluster.ensure_database("bench").await?;
    let config = cluster.config("bench");
    let pool = chancery_pg::connect_pool(
        config.clone(),
        &PoolOptions {
            max_size: USERS + 8,
            application_name: "chancery-bench".to_owned(),
        },
    )?;
    let progress = |what: &str| {
        if !options.json {
            eprintln!("bench: {what}…");
        }
    };
    let pg = PgEventStore::new(pool.clone(), config.clone());
    pg.migrate().await?;
    let store: Arc<dyn EventStore> = Arc::new(pg);
    let engine = Arc::new(ProjectionEngine::new(
        store.clone(),
        pool.clone(),
        config.clone(),
        chancery_read_models::all(),
        EngineOptions::default(),
    )?);
    engine.migrate().await?;
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let runners = engine.spawn(shutdown);
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
    let unit = organisation
        .positions
        .get(&tccb.position_id)
        .map(|p| p.unit)
        .context("the clerk's unit")?;
    let register = catalogues
        .registers
        .values()
        .find(|r| {
            r.owner_unit_id == unit && r.kind == chancery_domain::catalogues::RegisterKind::Incoming
        })
        .map(|r| r.register_id)
        .context("the unit's incoming register")?;
    let cast = Arc::new(Cast {
        unit,
        register,
        clerk: actor(tccb, today),
        leader: actor(find("ld.tccb")?, today),
        head: actor(find("tp.congchuc")?, today),
        specialist: actor(find("cv.congchuc1")?, today),
    });
    let p2 = workflows.latest("p2-incoming-unit")?.clone();

    progress("register_numbers");
    let numbers = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + seconds;
    let mut tasks = Vec::new();
    let number_register = RegisterId(Uuid::now_v7());
    for _ in 0..USERS {
        let commands = commands.clone();
        let numbers = numbers.clone();
        let cast = cast.clone();
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let taken = chancery_domain::register::NumberTaken {
                    register_id: number_register,
                    year: 2026,
                    number: 0,
                    document_id: Uuid::now_v7(),
                    unit_id: cast.unit,
                    clerk: cast.clerk.by.person,
                    entry: chancery_domain::register::BookEntry {
                        arrived_at: chrono::Utc::now(),
                        issuing_body: "Bộ Tài chính".to_owned(),
                        number_notation: "1/BTC".to_owned(),
                        document_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
                            .unwrap_or_default(),
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
    let register_numbers = numbers.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();

    progress("p2_processes");
    let done = Arc::new(AtomicU64::new(0));
    let lags = Arc::new(tokio::sync::Mutex::new(Vec::<f64>::new()));
    let started = Instant::now();
    let deadline = started + seconds;
    let mut tasks = Vec::new();
    for user in 0..USERS {
        let commands = commands.clone();
        let workflows = workflows.clone();
        let cast = cast.clone();
        let done = done.clone();
        let p2 = p2.clone();
        let engine = engine.clone();
        let lags = lags.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                let id = Uuid::now_v7();
                let c = || CommandContext::new(None, chrono::Utc::now());
                commands
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
                commands
                    .register_document(
                        &c(),
                        &workflows,
                        &cast.clerk,
                        id,
                        Registration {
                            register_id: cast.register,
                            year: 2026,
                            arrived_at: chrono::Utc::now(),
                        },
                    )
                    .await?;
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
                commands
                    .act_on_document(
                        &c(),
                        &workflows,
                        &cast.clerk,
                        id,
                        to(&cast.leader, "submit_to_leader", None, false),
                    )
                    .await?;
                commands
                    .act_on_document(
                        &c(),
                        &workflows,
                        &cast.leader,
                        id,
                        to(&cast.head, "forward_to_department", Some("Chủ trì"), true),
                    )
                    .await?;
                let forwarded = commands
                    .act_on_document(
                        &c(),
                        &workflows,
                        &cast.head,
                        id,
                        to(&cast.specialist, "forward_to_specialist", None, true),
                    )
                    .await?;
                if user == 0
                    && let Some(position) = forwarded.position
                {
                    let t = Instant::now();
                    if engine
                        .wait_for(position, &["inbox"], Duration::from_secs(10))
                        .await
                        .is_ok()
                    {
                        lags.lock().await.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                }
                commands
                    .act_on_document(
                        &c(),
                        &workflows,
                        &cast.specialist,
                        id,
                        ActionInput {
                            action: "finish".to_owned(),
                            note: Some("Đã xử lý".to_owned()),
                            ..ActionInput::default()
                        },
                    )
                    .await?;
                done.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let p2_processes = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    let mut lags = lags.lock().await.clone();
    lags.sort_by(f64::total_cmp);
    let p99 = lags
        .get(((lags.len() as f64) * 0.99).floor() as usize)
        .or(lags.last())
        .copied()
        .unwrap_or(f64::NAN);

    let _ = stop.send(true);
    for r in runners {
        let _ = tokio::time::timeout(Duration::from_secs(10), r).await;
    }
    drop(engine);
    drop(commands);
    drop(store);
    pool.close();
    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);
    let result = json!({
        "register_numbers": register_numbers.round(),
        "register_numbers_clerks": USERS,
        "p2_processes": (p2_processes * 10.0).round() / 10.0,
        "p2_users": USERS,
        "projection_lag_p99_ms": (p99 * 10.0).round() / 10.0,
        "projection_lag_samples": lags.len(),
        "seconds_per_measurement": seconds.as_secs_f64(),
        "through": "command layer (no GraphQL yet)",
    });
    if options.json {
        println!("{result}");
    } else {
        println!("{}", serde_json::to_string_pretty(&result)?);
    }
    Ok(())
}
