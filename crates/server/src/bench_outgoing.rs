//! `chancery bench outgoing`: outgoing documents on a fresh private PostgreSQL with the demo
//! organisation and its demo PKI, through the GraphQL schema in process (the whole API path
//! but HTTP: authentication, access checks, the domain, PDF signing and verification, the
//! event store, read-your-writes waits on the projections that run beside it).
//!
//! - `p4_processes`: complete P4 runs per second by 16 concurrent simulated users, each
//!   running the chain of one unit (TCCB) as its drafter, leader and clerk: create the draft
//!   (a one-page PDF), submit it to the leader, the leader signs (personal signature), the
//!   clerk accepts the format and issues it from the unit's one outgoing register (number,
//!   stamp, organisation signature, a copy into the recipient unit's queue).
//! - `issue_numbers`: issuances per second from that one register by 16 concurrent clerks,
//!   of documents made ready beforehand (signed, format accepted); each takes the next
//!   number, stamps it and applies the organisation's signature.
//! - `sign_per_s`: PAdES signatures per second of a 10-page PDF by one task, in memory
//!   (`chancery_signing::bench`), with the same key size as the demo keys.
//!
//! `CHANCERY_BENCH_PG_STATS=1` loads `pg_stat_statements` into the private cluster and prints,
//! on stderr, the statements each operation of a P4 run costs (five runs one after the other,
//! after the warm-up, each operation counted once the projections and reactions have passed
//! it) and each phase costs per completed P4 run or issuance (`crate::bench_stats`); the
//! timed figures are then not the benchmark's.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chancery_api::{ApiContext, ApiSettings, ChancerySchema};
use chancery_commands::Commands;
use chancery_commands::seed::{self, DEMO_SIGNING_PIN};
use chancery_identity::CredentialStore;
use serde_json::{Value, json};

const USERS: usize = 16;
/// Documents made ready per clerk for `issue_numbers`.
const READY_PER_CLERK: usize = 6;

/// Options of `bench outgoing`.
#[derive(Debug, Clone)]
pub struct Options {
    pub seconds: f64,
    pub json: bool,
}

pub async fn outgoing(options: Options) -> anyhow::Result<()> {
    let seconds = Duration::from_secs_f64(options.seconds.max(0.5));
    let dir = std::env::temp_dir().join(format!("chancery-bench-out-{}", std::process::id()));
    let result = run(&options, seconds, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    let result = result?;
    if options.json {
        println!("{result}");
    } else {
        println!("{}", serde_json::to_string_pretty(&result)?);
    }
    Ok(())
}

/// The schema and a logged-in session per demo person it needs.
struct Bench {
    schema: ChancerySchema,
    api: ApiContext,
    drafter: String,
    /// The drafter's person, who uploads the drafts' files.
    drafter_person: chancery_domain::ids::UserId,
    leader: String,
    clerk: String,
    recipient_unit: String,
    register: String,
}

impl Bench {
    async fn call(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> anyhow::Result<Value> {
        crate::bench_api::call(&self.schema, &self.api, token, query, variables).await
    }

    async fn act(&self, token: &str, input: Value) -> anyhow::Result<Value> {
        let data = self
            .call(
                Some(token),
                "mutation($i: OutgoingActionInput!) { outgoingAction(input: $i) { document { step } written { visible } } }",
                json!({"i": input}),
            )
            .await?;
        Ok(data["outgoingAction"]["document"].clone())
    }

    /// A new draft through submission, signature and format check: ready to issue.
    async fn ready(&self, n: usize) -> anyhow::Result<String> {
        let id = self.draft(n).await?;
        for (token, action) in self.chain() {
            // Signing uses the leader's server-held key: confirmed with the demo PIN.
            let confirmation = (action == "sign").then(|| json!({"pin": DEMO_SIGNING_PIN}));
            self.act(
                token,
                json!({"documentId": id, "action": action, "confirmation": confirmation}),
            )
            .await?;
        }
        Ok(id)
    }

    /// Who takes which action between the draft and its issuance.
    fn chain(&self) -> [(&str, &'static str); 3] {
        [
            (&self.drafter, "submit_to_leader"),
            (&self.leader, "sign"),
            (&self.clerk, "accept"),
        ]
    }

    /// A new draft (its file uploaded first): its id.
    async fn draft(&self, n: usize) -> anyhow::Result<String> {
        let pdf = chancery_signing::sample::sample_pdf(1, &format!("Công văn số {n}"))?;
        let stored = chancery_commands::files::upload(
            &self.api.files,
            &self.api.uploads,
            self.drafter_person,
            "du-thao.pdf",
            futures::stream::iter([Ok::<_, std::io::Error>(chancery_files::Bytes::from(pdf))]),
            chrono::Utc::now(),
        )
        .await?;
        let created = self
            .call(
                Some(&self.drafter),
                "mutation($i: CreateDraftInput!) { createDraft(input: $i) { document { id } } }",
                json!({"i": {
                    "process": "p4-outgoing-unit",
                    "fields": {
                        "documentType": "cong-van",
                        "summary": format!("Về việc báo cáo số liệu biên chế, văn bản đo số {n}"),
                        "urgency": "NORMAL",
                        "confidentiality": "NORMAL",
                        "recipients": [{"unitId": self.recipient_unit, "delivery": "ELECTRONIC_ONLY"}],
                    },
                    "files": [{"sha256": stored.sha256, "name": "du-thao.pdf"}],
                }}),
            )
            .await?;
        Ok(created["createDraft"]["document"]["id"]
            .as_str()
            .context("a draft without an id")?
            .to_owned())
    }

    async fn issue(&self, id: &str) -> anyhow::Result<()> {
        let done = self
            .act(
                &self.clerk,
                json!({"documentId": id, "action": "issue", "registerId": self.register, "confirmation": {"pin": DEMO_SIGNING_PIN}}),
            )
            .await?;
        anyhow::ensure!(done["step"] == "issued", "not issued: {done}");
        Ok(())
    }
}

async fn run(options: &Options, seconds: Duration, dir: &std::path::Path) -> anyhow::Result<Value> {
    let progress = |what: &str| {
        if !options.json {
            eprintln!("bench: {what}…");
        }
    };
    progress("starting PostgreSQL");
    let pg_stats = std::env::var("CHANCERY_BENCH_PG_STATS").is_ok_and(|v| v == "1");
    let mut stack = crate::bench_workflow::Stack::start(dir, pg_stats).await?;
    let result = measure(&progress, seconds, dir, pg_stats, &mut stack).await;
    stack.stop().await;
    result
}

async fn measure(
    progress: &impl Fn(&str),
    seconds: Duration,
    dir: &std::path::Path,
    pg_stats: bool,
    stack: &mut crate::bench_workflow::Stack,
) -> anyhow::Result<Value> {
    let pool = &stack.pool.clone();
    let store = &stack.store.clone();
    let engine = &stack.engine.clone();
    progress("seeding the demo organisation and its keys");
    let credentials = CredentialStore::new(pool.clone());
    credentials.migrate().await?;
    let uploads =
        chancery_files::Uploads::new(pool.clone(), chancery_files::uploads::DEFAULT_RETENTION);
    uploads.migrate().await?;
    let commands = Arc::new(Commands::new(store.clone()));
    chancery_commands::seed::ensure_defaults(&commands, chrono::Utc::now()).await?;
    let accounts = seed::demo(&commands, &credentials, chrono::Utc::now()).await?;
    let drafter_person = accounts
        .iter()
        .find(|a| a.username == "cv.congchuc1")
        .map(|a| a.person_id)
        .context("the demo drafter")?;
    let files =
        chancery_files::FileStore::local(&dir.join("files"), chancery_files::Limits::default())?;
    let vault = Arc::new(chancery_api::signing::Vault::new(
        chancery_signing::sealed::MasterKey::generate(),
    ));
    crate::demo::seed_keys(&commands, &files, &vault).await?;
    let roles = chancery_domain::organisation::BUILT_IN_ROLES
        .iter()
        .map(|r| r.0.to_owned())
        .collect();
    let workflows = Arc::new(
        chancery_commands::documents::Workflows::shipped(&roles)
            .map_err(|p| anyhow::anyhow!("process definitions: {p:?}"))?,
    );
    let files = Arc::new(files);
    let reactions = stack
        .react(chancery_commands::reactions::all(
            &commands, &workflows, &files, &vault,
        ))
        .await?;
    let api = ApiContext {
        engine: engine.clone(),
        reactions,
        event_store: "postgres",
        commands,
        credentials,
        pool: pool.clone(),
        settings: ApiSettings::default(),
        workflows,
        files,
        signing: vault,
        uploads,
    };
    let schema = chancery_api::schema(api.clone());
    let mut bench = Bench {
        schema,
        api,
        drafter: String::new(),
        drafter_person,
        leader: String::new(),
        clerk: String::new(),
        recipient_unit: String::new(),
        register: String::new(),
    };
    // Logins wait for the directory projection (the seed's accounts).
    let login =
        |username: &'static str| crate::bench_api::login(&bench.schema, &bench.api, username);
    let drafter = login("cv.congchuc1").await?;
    let leader = login("ld.tccb").await?;
    let clerk = login("vanthu.tccb").await?;
    let recipient = login("vanthu.khtc").await?;
    let unit_of = |data: &Value| {
        data["me"]["positions"][0]["unitId"]
            .as_str()
            .map(str::to_owned)
    };
    let me = "{ me { positions { unitId } } }";
    let clerk_unit =
        unit_of(&bench.call(Some(&clerk), me, json!({})).await?).context("the clerk's unit")?;
    let recipient_unit = unit_of(&bench.call(Some(&recipient), me, json!({})).await?)
        .context("the recipient's unit")?;
    let registers = bench
        .call(
            Some(&clerk),
            "{ registers { edges { node { id kind ownerUnitId } } } }",
            json!({}),
        )
        .await?;
    let register = registers["registers"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| &e["node"])
        .find(|r| r["kind"] == "outgoing" && r["ownerUnitId"] == clerk_unit.as_str())
        .and_then(|r| r["id"].as_str())
        .context("the unit's outgoing register")?
        .to_owned();
    bench.drafter = drafter;
    bench.leader = leader;
    bench.clerk = clerk;
    bench.recipient_unit = recipient_unit;
    bench.register = register;
    let bench = Arc::new(bench);

    // Warm up every path once.
    let first = bench.ready(0).await?;
    bench.issue(&first).await?;
    if pg_stats {
        progress("statements per operation (5 P4 runs, one after the other)");
        profile(&bench, store.as_ref()).await?;
    }

    progress("p4_processes (16 users, complete P4 runs)");
    let started = Instant::now();
    let mut users = Vec::new();
    for user in 0..USERS {
        let bench = bench.clone();
        users.push(tokio::spawn(async move {
            let mut runs = 0u64;
            let mut n = 1_000 * (user + 1);
            while started.elapsed() < seconds {
                let id = bench.ready(n).await?;
                bench.issue(&id).await?;
                runs += 1;
                n += 1;
            }
            Ok::<_, anyhow::Error>(runs)
        }));
    }
    let mut p4_runs = 0;
    for u in users {
        p4_runs += u.await??;
    }
    let p4_seconds = started.elapsed().as_secs_f64();
    if pg_stats {
        crate::bench_stats::settle(store.as_ref(), &bench.api.engine, &bench.api.reactions).await?;
        crate::bench_stats::take(pool)
            .await?
            .print("p4_processes", p4_runs as f64, "P4 run", 40);
    }

    progress("issue_numbers (documents made ready first)");
    let mut ready = Vec::new();
    for chunk in 0..READY_PER_CLERK {
        let made = (0..USERS).map(|i| {
            let bench = bench.clone();
            async move { bench.ready(100_000 + chunk * USERS + i).await }
        });
        for id in futures::future::join_all(made).await {
            ready.push(id?);
        }
    }
    if pg_stats {
        crate::bench_stats::settle(store.as_ref(), &bench.api.engine, &bench.api.reactions).await?;
        crate::bench_stats::take(pool).await?.print(
            "issue_numbers, documents made ready",
            ready.len() as f64,
            "document",
            25,
        );
    }
    let started = Instant::now();
    let mut clerks = Vec::new();
    for batch in ready.chunks(READY_PER_CLERK) {
        let bench = bench.clone();
        let batch = batch.to_vec();
        clerks.push(tokio::spawn(async move {
            for id in &batch {
                bench.issue(id).await?;
            }
            Ok::<_, anyhow::Error>(batch.len())
        }));
    }
    let mut issued = 0;
    for c in clerks {
        issued += c.await??;
    }
    let issue_seconds = started.elapsed().as_secs_f64();
    if pg_stats {
        crate::bench_stats::settle(store.as_ref(), &bench.api.engine, &bench.api.reactions).await?;
        crate::bench_stats::take(pool).await?.print(
            "issue_numbers, issuances",
            issued as f64,
            "issuance",
            25,
        );
    }

    progress("sign_per_s (10-page PDF)");
    let sign = chancery_signing::bench::bench_sign(seconds).await?;

    Ok(json!({
        "p4_processes": p4_runs as f64 / p4_seconds,
        "p4_runs": p4_runs,
        "p4_seconds": p4_seconds,
        "users": USERS,
        "issue_numbers": issued as f64 / issue_seconds,
        "issued": issued,
        "issue_clerks": USERS,
        "sign_per_s": sign.sign_per_s,
        "sign_pages": sign.pages,
        "sign_key_bits": sign.key_bits,
        "signed_bytes": sign.signed_bytes,
    }))
}

/// Runs P4 five times, one operation at a time, and prints what each operation cost the
/// database per run (statements and rows, with the background work it caused) and how long
/// it took alone.
async fn profile(
    bench: &Bench,
    store: &dyn chancery_event_store::EventStore,
) -> anyhow::Result<()> {
    use crate::bench_stats::{Counts, settle, take};
    const RUNS: usize = 5;
    let api = &bench.api;
    settle(store, &api.engine, &api.reactions).await?;
    take(&api.pool).await?;
    let operations = [
        "create_draft",
        "submit_to_leader",
        "sign",
        "accept",
        "issue",
    ];
    let mut counts: Vec<Counts> = vec![Counts::default(); operations.len()];
    let mut took = vec![Duration::ZERO; operations.len()];
    let mut total = Counts::default();
    for run in 0..RUNS {
        let mut started = Instant::now();
        let id = bench.draft(900_000 + run).await?;
        for i in 0..operations.len() {
            if let Some((token, action)) =
                i.checked_sub(1).and_then(|a| bench.chain().get(a).copied())
            {
                started = Instant::now();
                bench
                    .act(token, json!({"documentId": id, "action": action}))
                    .await?;
            } else if i > 0 {
                started = Instant::now();
                bench.issue(&id).await?;
            }
            took[i] += started.elapsed();
            settle(store, &api.engine, &api.reactions).await?;
            let c = take(&api.pool).await?;
            total.add(&c);
            counts[i].add(&c);
        }
    }
    total.print("one P4 run, all operations", RUNS as f64, "P4 run", 40);
    for (i, operation) in operations.iter().enumerate() {
        eprintln!(
            "{operation}: {:.1} ms alone (the upload included for create_draft)",
            took[i].as_secs_f64() * 1000.0 / RUNS as f64
        );
        counts[i].print(operation, RUNS as f64, "run", 25);
    }
    Ok(())
}
