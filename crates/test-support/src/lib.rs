//! Test harness: one private PostgreSQL cluster per test process (started on first use, stopped
//! when the process exits) and an isolated, freshly created database per test.
//!
//! Tests never depend on a server someone started by hand: the cluster is created with the
//! installed `initdb` in a temporary folder. Folders left behind by earlier runs whose process
//! is gone are removed on start.
#![allow(clippy::expect_used)] // a harness that cannot start PostgreSQL has nothing better to do than panic

use std::path::PathBuf;
use std::sync::OnceLock;

use chancery_pg::{ClusterOptions, PoolOptions, PrivateCluster};
use deadpool_postgres::Pool;

static CLUSTER: OnceLock<PrivateCluster> = OnceLock::new();

/// The process-wide private cluster, started on first call.
pub fn cluster() -> &'static PrivateCluster {
    CLUSTER.get_or_init(|| {
        let base = std::env::temp_dir();
        remove_stale_folders(&base);
        let dir = base.join(format!("chancery-test-{}", std::process::id()));
        let options = ClusterOptions::throwaway(dir.join("data"));
        PrivateCluster::start(&options).expect("start the private PostgreSQL test cluster")
    })
}

/// An isolated database for one test.
#[derive(Debug)]
pub struct TestDb {
    pub name: String,
    pub config: tokio_postgres::Config,
    pub pool: Pool,
}

impl TestDb {
    /// Creates a fresh, empty database with a pool of up to 16 connections.
    pub async fn new() -> Self {
        Self::with_pool_size(16).await
    }

    pub async fn with_pool_size(max_size: usize) -> Self {
        let cluster = cluster();
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        cluster
            .ensure_database(&name)
            .await
            .expect("create the test database");
        let config = cluster.config(&name);
        let pool = chancery_pg::connect_pool(
            config.clone(),
            &PoolOptions {
                max_size,
                application_name: "chancery-test".to_owned(),
            },
        )
        .expect("build the test pool");
        Self { name, config, pool }
    }

    /// A URL for child processes (the `chancery` binary) to reach this database.
    pub fn url(&self) -> String {
        cluster().url(&self.name)
    }

    /// One new connection outside the pool, driven on a spawned task.
    pub async fn connect(&self) -> tokio_postgres::Client {
        let (client, _handle) = chancery_pg::pool::connect_single(&self.config)
            .await
            .expect("connect to the test database");
        client
    }
}

fn remove_stale_folders(base: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("chancery-test-"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = PathBuf::from(format!("/proc/{pid}")).exists();
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
