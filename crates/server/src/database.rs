//! Opens the database: the configured server, or a private cluster under the data folder.

use std::sync::Arc;

use anyhow::Context as _;
use chancery_event_store::EventStore;
use chancery_event_store::postgres::PgEventStore;
use chancery_pg::{ClusterOptions, PoolOptions, PrivateCluster};
use chancery_projector::{EngineOptions, ProjectionEngine};
use deadpool_postgres::Pool;

use crate::config::{Backend, Config};

/// The name of the database inside a private cluster.
pub const PRIVATE_DATABASE: &str = "chancery";

/// An open database, keeping the private cluster (if any) alive.
pub struct Database {
    pub pool: Pool,
    pub config: tokio_postgres::Config,
    cluster: Option<PrivateCluster>,
}

impl Database {
    pub async fn open(config: &Config) -> anyhow::Result<Self> {
        let (pg_config, cluster) = match &config.database.url {
            Some(url) => {
                let pg: tokio_postgres::Config = url
                    .expose()
                    .parse()
                    .context("DATABASE_URL is not a valid PostgreSQL connection string")?;
                (pg, None)
            }
            None => {
                let options = ClusterOptions::durable(&config.database.data_dir);
                let cluster = tokio::task::spawn_blocking(move || PrivateCluster::start(&options))
                    .await
                    .context("starting the private PostgreSQL")??;
                cluster.ensure_database(PRIVATE_DATABASE).await?;
                (cluster.config(PRIVATE_DATABASE), Some(cluster))
            }
        };
        let pool = chancery_pg::connect_pool(
            pg_config.clone(),
            &PoolOptions {
                max_size: config.database.pool_size,
                application_name: "chancery".to_owned(),
            },
        )?;
        // Fail early, with the server's own words, if it cannot be reached.
        drop(pool.get().await.context("connecting to PostgreSQL")?);
        Ok(Self {
            pool,
            config: pg_config,
            cluster,
        })
    }

    /// Stops the private cluster if this process started it.
    pub fn close(mut self) {
        // Close pooled connections first, so none of them sees the server go away.
        self.pool.close();
        if let Some(mut cluster) = self.cluster.take() {
            cluster.stop();
        }
    }

    /// The event store chosen by the configuration. Migrates the PostgreSQL store.
    pub async fn event_store(&self, config: &Config) -> anyhow::Result<Arc<dyn EventStore>> {
        match config.event_store.backend {
            Backend::Postgres => {
                let store = PgEventStore::new(self.pool.clone(), self.config.clone());
                store.migrate().await?;
                Ok(Arc::new(store))
            }
            Backend::Kurrentdb => kurrentdb_store(config).await,
        }
    }

    /// The global hash chain over `$all` (its table in this database), migrated.
    pub async fn chain(
        &self,
        store: Arc<dyn EventStore>,
    ) -> anyhow::Result<Arc<chancery_event_store::chain::GlobalChain>> {
        let chain = chancery_event_store::chain::GlobalChain::new(
            store,
            self.pool.clone(),
            self.config.clone(),
        );
        chain.migrate().await?;
        Ok(Arc::new(chain))
    }

    /// The credential store (password hashes, second factors, sessions), migrated.
    pub async fn credentials(&self) -> anyhow::Result<chancery_identity::CredentialStore> {
        let credentials = chancery_identity::CredentialStore::new(self.pool.clone());
        credentials.migrate().await?;
        Ok(credentials)
    }

    /// The uploads ledger (who uploaded which file, which files are attached), migrated.
    pub async fn uploads(
        &self,
        files: &crate::config::FilesConfig,
    ) -> anyhow::Result<chancery_files::Uploads> {
        let uploads = chancery_files::Uploads::new(self.pool.clone(), files.retention());
        uploads.migrate().await?;
        Ok(uploads)
    }

    /// The projection engine over every read model of this build, migrated.
    pub async fn engine(
        &self,
        store: Arc<dyn EventStore>,
        config: &Config,
    ) -> anyhow::Result<Arc<ProjectionEngine>> {
        let engine = ProjectionEngine::new(
            store,
            self.pool.clone(),
            self.config.clone(),
            chancery_read_models::all(),
            EngineOptions {
                batch_size: config.projections.batch_size.max(1),
                lease_retry: std::time::Duration::from_secs(
                    config.projections.lease_retry_seconds.max(1),
                ),
                ..EngineOptions::default()
            },
        )?;
        engine.migrate().await?;
        Ok(Arc::new(engine))
    }
}

/// The process definitions this installation runs (the shipped ones, checked).
pub fn workflows() -> anyhow::Result<chancery_commands::documents::Workflows> {
    let roles = chancery_domain::organisation::BUILT_IN_ROLES
        .iter()
        .map(|r| r.0.to_owned())
        .collect();
    chancery_commands::documents::Workflows::shipped(&roles).map_err(|problems| {
        anyhow::anyhow!(
            "the process definitions do not load: {}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}

impl Database {
    /// The reaction runners of `list` (`chancery_commands::reactions::all`), their checkpoints created (at the
    /// head of `$all` for a reaction new to this database), reading `$all` with
    /// `projections`: call before any command.
    pub async fn reactions(
        &self,
        store: Arc<dyn EventStore>,
        projections: &chancery_projector::ProjectionEngine,
        list: Vec<Arc<dyn chancery_projector::Reaction>>,
        config: &Config,
    ) -> anyhow::Result<Arc<chancery_projector::ReactionEngine>> {
        let reactions = chancery_projector::ReactionEngine::new(
            store,
            self.pool.clone(),
            self.config.clone(),
            list,
            chancery_projector::ReactionOptions {
                lease_retry: std::time::Duration::from_secs(
                    config.projections.lease_retry_seconds.max(1),
                ),
                ..chancery_projector::ReactionOptions::default()
            },
        )?
        .reading_with(projections);
        reactions.migrate().await?;
        Ok(Arc::new(reactions))
    }
}

#[cfg(feature = "kurrentdb")]
async fn kurrentdb_store(config: &Config) -> anyhow::Result<Arc<dyn EventStore>> {
    let url = config.event_store.kurrentdb_url.as_ref().context(
        "event_store.backend = \"kurrentdb\" needs KURRENTDB_URL (or event_store.kurrentdb_url)",
    )?;
    let store = chancery_event_store::kurrent::KurrentEventStore::connect(url.expose())?;
    Ok(Arc::new(store))
}

#[cfg(not(feature = "kurrentdb"))]
async fn kurrentdb_store(_config: &Config) -> anyhow::Result<Arc<dyn EventStore>> {
    anyhow::bail!(
        "this chancery was built without KurrentDB support; rebuild with `--features kurrentdb`"
    )
}
