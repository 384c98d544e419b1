//! `chancery`: the one binary. `serve` runs the HTTP server and the projection runners;
//! the other subcommands are the operator's tools (migrations, projections, verification of
//! stored history, benchmarks).

mod bench;
mod bench_api;
mod bench_outgoing;
mod bench_stats;
mod bench_workflow;
mod config;
mod database;
mod demo;
mod export;
mod files;
mod history;
mod http;
mod installation;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::database::Database;

#[derive(Debug, Parser)]
#[command(
    name = "chancery",
    version,
    about = "Chancery: the electronic office for government agencies"
)]
struct Cli {
    /// Configuration file (default: ./chancery.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (HTTP API, web client, projection runners).
    Serve {
        /// When the database has no organisation yet, create the demo ministry first.
        #[arg(long)]
        demo: bool,
    },
    /// Create or update the database schema, then exit.
    Migrate,
    /// Read models.
    #[command(subcommand)]
    Projections(ProjectionsCommand),
    /// Stored history.
    #[command(subcommand)]
    Events(EventsCommand),
    /// The demo organisation.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Installation administration.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Benchmarks; figures are printed, never asserted.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
enum ProjectionsCommand {
    /// Rebuild a projection (or all) from position 0 into fresh tables and swap them in.
    Rebuild { name: Option<String> },
    /// Apply everything up to the head for a projection (or all) and exit.
    CatchUp { name: Option<String> },
    /// Position, head and lag of every projection.
    Status,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// On an installation with no people yet: create the first agency and its system
    /// administrator, and print the administrator's one-time password (changed at first
    /// login). Everything else is then done in the application.
    Bootstrap {
        /// The agency's name, e.g. "Sở Nội vụ tỉnh Ninh Bình".
        #[arg(long)]
        agency_name: String,
        /// A short machine code, e.g. "snv.nb".
        #[arg(long)]
        agency_code: String,
        /// The abbreviation used in document notations, e.g. "SNV".
        #[arg(long)]
        agency_abbreviation: String,
        /// The national identifier code (QCVN 102), e.g. "000.00.37.H43".
        #[arg(long)]
        identifier_code: Option<String>,
        #[arg(long, default_value = "admin")]
        username: String,
        #[arg(long, default_value = "Quản trị hệ thống")]
        full_name: String,
    },
}

#[derive(Debug, Subcommand)]
enum DemoCommand {
    /// Create the demo ministry, province agency, accounts, registers and calendars (only
    /// into a database with no organisation yet) and print the accounts.
    Seed,
}

#[derive(Debug, Subcommand)]
enum EventsCommand {
    /// Check every stream's revisions and hash chain, the global chain over all events and
    /// the latest signed checkpoint; exit 1 if history was tampered with.
    Verify,
    /// Chain every stored event and sign the chain's head with the organisation's seal key
    /// (into the file store and every witness folder); exit 1 if no key can sign yet.
    Checkpoint,
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Event-store and projection throughput on a fresh private PostgreSQL.
    Eventstore {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Seconds per timed measurement.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        /// Also run a peer's benchmark binary (build `crates/peer-cqrs-es`) on the same
        /// cluster and report our single-event append rate against it.
        #[arg(long)]
        peer_bin: Option<PathBuf>,
    },
    /// Outgoing documents (complete P4 runs with two signatures and numbering, issuances
    /// from one register, PAdES signatures of a 10-page PDF) on a fresh private PostgreSQL
    /// with the demo organisation and its demo PKI.
    Outgoing {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Seconds per timed measurement.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
    },
    /// Document workflow throughput (registrations, complete P2 runs, inbox lag) on a fresh
    /// private PostgreSQL with the demo organisation.
    Workflow {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Seconds per timed measurement.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("chancery: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("chancery: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("chancery: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&config.log.filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log.format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve { demo } => serve::serve(config, demo).await.map(|()| ExitCode::SUCCESS),
        Command::Bench(BenchCommand::Eventstore {
            json,
            seconds,
            peer_bin,
        }) => {
            bench::eventstore(bench::Options {
                seconds,
                json,
                peer_bin,
            })
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(BenchCommand::Outgoing { json, seconds }) => {
            bench_outgoing::outgoing(bench_outgoing::Options { seconds, json }).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(BenchCommand::Workflow { json, seconds }) => {
            bench_workflow::workflow(bench_workflow::Options { seconds, json }).await?;
            Ok(ExitCode::SUCCESS)
        }
        command => {
            let db = Database::open(&config).await?;
            let result = admin(command, &config, &db).await;
            db.close();
            result
        }
    }
}

async fn admin(command: Command, config: &Config, db: &Database) -> anyhow::Result<ExitCode> {
    let store = db.event_store(config).await?;
    match command {
        Command::Migrate => {
            installation::ensure_initialised(store.as_ref()).await?;
            db.chain(store.clone()).await?;
            db.engine(store, config).await?;
            db.uploads(&config.files).await?;
            println!("migrations applied");
        }
        Command::Projections(ProjectionsCommand::Rebuild { name }) => {
            let engine = db.engine(store, config).await?;
            for name in selected(&engine.names(), name)? {
                let started = std::time::Instant::now();
                let applied = engine.rebuild(&name).await?;
                println!(
                    "{name}: rebuilt from {applied} events in {:.2} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Command::Projections(ProjectionsCommand::CatchUp { name }) => {
            let engine = db.engine(store, config).await?;
            for name in selected(&engine.names(), name)? {
                let applied = engine.catch_up(&name).await?;
                println!("{name}: applied {applied} events");
            }
        }
        Command::Projections(ProjectionsCommand::Status) => {
            let engine = db.engine(store.clone(), config).await?;
            let commands = Arc::new(chancery_commands::Commands::new(store.clone()));
            let reactions = db
                .reactions(
                    store,
                    &engine,
                    chancery_commands::reactions::all(
                        &commands,
                        &Arc::new(database::workflows()?),
                        &Arc::new(config.files.store()?),
                        // Status reacts to nothing: no stored key is opened (none is read).
                        &Arc::new(chancery_api::signing::Vault::new(
                            chancery_signing::sealed::MasterKey::generate(),
                        )),
                    ),
                    config,
                )
                .await?;
            let status = serde_json::json!({
                "projections": engine.status().await?,
                "reactions": reactions.status().await?,
            });
            println!("{}", serde_json::to_string_pretty(&status)?);
        }
        Command::Events(EventsCommand::Verify) => {
            let chain = db.chain(store.clone()).await?;
            let commands = chancery_commands::Commands::new(store.clone());
            let files = config.files.store()?;
            let checkpoints = chancery_commands::checkpoints::Checkpoints {
                commands: &commands,
                files: &files,
                witnesses: &config.history.witness_dirs,
            };
            return history::verify(store.as_ref(), &chain, checkpoints).await;
        }
        Command::Events(EventsCommand::Checkpoint) => {
            let chain = db.chain(store.clone()).await?;
            let commands = chancery_commands::Commands::new(store.clone());
            let files = config.files.store()?;
            let vault =
                chancery_api::signing::Vault::new(config.signing.master_key(&config.files)?);
            let checkpoints = chancery_commands::checkpoints::Checkpoints {
                commands: &commands,
                files: &files,
                witnesses: &config.history.witness_dirs,
            };
            return history::checkpoint(&chain, checkpoints, &vault).await;
        }
        Command::Demo(DemoCommand::Seed) => {
            installation::ensure_initialised(store.as_ref()).await?;
            let engine = db.engine(store.clone(), config).await?;
            let credentials = db.credentials().await?;
            let commands = chancery_commands::Commands::new(store);
            chancery_commands::seed::ensure_defaults(&commands, chrono::Utc::now()).await?;
            let files = config.files.store()?;
            let vault =
                chancery_api::signing::Vault::new(config.signing.master_key(&config.files)?);
            demo::seed(&commands, &credentials, &files, &vault).await?;
            for name in engine.names() {
                engine.catch_up(name).await?;
            }
        }
        Command::Admin(AdminCommand::Bootstrap {
            agency_name,
            agency_code,
            agency_abbreviation,
            identifier_code,
            username,
            full_name,
        }) => {
            installation::ensure_initialised(store.as_ref()).await?;
            let engine = db.engine(store.clone(), config).await?;
            let credentials = db.credentials().await?;
            let commands = chancery_commands::Commands::new(store);
            let input = chancery_commands::seed::Bootstrap {
                agency_name,
                agency_code,
                agency_abbreviation,
                identifier_code,
                username: username.clone(),
                full_name,
            };
            match chancery_commands::seed::bootstrap(
                &commands,
                &credentials,
                input,
                chrono::Utc::now(),
            )
            .await?
            {
                Some(one_time) => {
                    println!("administrator {username} created; one-time password: {one_time}");
                    println!("log in and change it at once");
                }
                None => {
                    println!("the organisation already has people; nothing created");
                    return Ok(ExitCode::from(1));
                }
            }
            for name in engine.names() {
                engine.catch_up(name).await?;
            }
        }
        Command::Serve { .. } | Command::Bench(_) => unreachable_command()?,
    }
    Ok(ExitCode::SUCCESS)
}

fn unreachable_command() -> anyhow::Result<()> {
    anyhow::bail!("this command is handled elsewhere")
}

fn selected(names: &[&'static str], name: Option<String>) -> anyhow::Result<Vec<String>> {
    match name {
        None => Ok(names.iter().map(|n| (*n).to_owned()).collect()),
        Some(name) if names.contains(&name.as_str()) => Ok(vec![name]),
        Some(name) => anyhow::bail!("unknown projection {name:?}; known: {}", names.join(", ")),
    }
}
