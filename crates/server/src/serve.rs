//! `chancery serve`: the HTTP server and the projection runners, until SIGTERM or Ctrl-C.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::watch;

use crate::config::Config;
use crate::database::Database;
use crate::http::{AppState, router};
use crate::installation;

/// Keeps the process definitions up to date with the `processes` stream until shutdown.
fn spawn_process_refresh(
    workflows: Arc<chancery_commands::documents::Workflows>,
    commands: Arc<chancery_commands::Commands>,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(chancery_commands::processes::FRESHNESS);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = workflows.refresh(&commands).await {
                        tracing::warn!(error = %e, "the process definitions were not refreshed");
                    }
                }
                _ = shutdown.changed() => return,
            }
        }
    })
}

/// Serves until stopped; with `demo`, first creates the demo organisation if the database
/// has none.
pub async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let metrics = metrics_exporter_prometheus::PrometheusBuilder::new()
        .install_recorder()
        .ok();
    let db = Database::open(&config).await?;
    let store = db.event_store(&config).await?;
    installation::ensure_initialised(store.as_ref()).await?;
    let engine = db.engine(store.clone(), &config).await?;
    let credentials = db.credentials().await?;
    let commands = Arc::new(chancery_commands::Commands::new(store.clone()));
    let workflows = Arc::new(crate::database::workflows()?);
    // The versions administrators published, before anything looks a definition up.
    workflows.refresh(&commands).await?;
    let files = Arc::new(config.files.store()?);
    let vault = Arc::new(chancery_api::signing::Vault::new(
        config.signing.master_key(&config.files)?,
    ));
    let reactions = db
        .reactions(
            store.clone(),
            &engine,
            chancery_commands::reactions::all(&commands, &workflows, &files, &vault),
            &config,
        )
        .await?;
    chancery_commands::seed::ensure_defaults(&commands, chrono::Utc::now()).await?;
    let uploads = db.uploads(&config.files).await?;
    if demo {
        crate::demo::seed(&commands, &credentials, &files, &vault).await?;
    }

    let (stop, shutdown) = watch::channel(false);
    let mut runners = engine.spawn(shutdown.clone());
    runners.extend(reactions.spawn(shutdown.clone()));
    // What another server publishes or activates is seen here within `FRESHNESS`.
    runners.push(spawn_process_refresh(
        workflows.clone(),
        commands.clone(),
        shutdown.clone(),
    ));
    // The global chain follows `$all` beside the projections, never in the append path.
    let chain = db.chain(store.clone()).await?;
    let chain_runner = chain.clone().spawn(
        shutdown.clone(),
        Duration::from_secs(config.projections.lease_retry_seconds.max(1)),
    );
    let periodic = (config.history.checkpoint_every_minutes > 0).then(|| {
        crate::history::spawn_checkpoints(
            crate::history::Periodic {
                chain: chain.clone(),
                commands: commands.clone(),
                files: files.clone(),
                vault: vault.clone(),
                witnesses: config.history.witness_dirs.clone(),
                every: Duration::from_secs(config.history.checkpoint_every_minutes * 60),
            },
            shutdown.clone(),
        )
    });
    if demo {
        // The demo is ready when the address answers: let the read models take in the seed.
        let head = store.head_position().await?;
        let names = engine.names();
        engine
            .wait_for(head, &names, Duration::from_secs(120))
            .await
            .context("the read models did not catch up with the demo organisation")?;
    }
    let api = chancery_api::ApiContext {
        engine: engine.clone(),
        reactions: reactions.clone(),
        event_store: store.backend(),
        commands,
        credentials,
        pool: db.pool.clone(),
        settings: {
            let (throttle, work) = config.login.guards();
            chancery_api::ApiSettings {
                secure_cookies: config.http.secure_cookies,
                public_introspection: config.http.introspection,
                address_throttle: Arc::new(throttle),
                password_work: work,
                checkpoint_witnesses: config.history.witness_dirs.clone(),
            }
        },
        workflows,
        files,
        signing: vault,
        uploads,
    };
    let cleanup = crate::files::spawn_cleanup(
        api.files.clone(),
        api.uploads.clone(),
        config.files.cleanup_every(),
        stop.subscribe(),
    );
    let app = router(
        AppState {
            schema: chancery_api::schema(api.clone()),
            api,
            engine: engine.clone(),
            trusted_proxies: Arc::new(config.http.trusted_proxies.clone()),
            metrics,
            metrics_token: config
                .http
                .metrics_token
                .as_ref()
                .map(|t| t.expose().to_owned()),
            ready_max_lag: config.projections.ready_max_lag,
        },
        &config.http.web_dir,
        config.http.max_body_bytes,
    );
    let listener = tokio::net::TcpListener::bind(config.http.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.http.addr))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "listening");
    // Tests and scripts read this line to find the port.
    println!("chancery listening on http://{addr}");

    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("shutting down");
    let _ = stop.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(10), cleanup).await;
    let _ = tokio::time::timeout(Duration::from_secs(10), chain_runner).await;
    if let Some(periodic) = periodic {
        let _ = tokio::time::timeout(Duration::from_secs(10), periodic).await;
    }
    for runner in runners {
        let _ = tokio::time::timeout(Duration::from_secs(10), runner).await;
    }
    drop(engine);
    drop(store);
    db.close();
    Ok(())
}

async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
