//! Two `chancery serve` processes on one database: both serve, each projection and each
//! reaction runs in exactly one of them, and when that one stops the other takes over.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_e2e::{PATIENCE, Server, append_events, audit_digest, chancery, store, wait_audit};
use chancery_test_support::TestDb;
use serde_json::Value;

/// The lease lock class of projection runners ("CHPR").
const LEASE_CLASS: i64 = 0x4348_5052;

async fn leases(client: &tokio_postgres::Client) -> i64 {
    client
        .query_one(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
             WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = $1 \
               AND d.datname = current_database()",
            &[&LEASE_CLASS],
        )
        .await
        .unwrap()
        .get(0)
}

/// The projections this server runs.
async fn running_here(server: &Server) -> Vec<String> {
    runners_here(server, "projections").await
}

/// The runners of `kind` (`projections`, `reactions`) this server runs.
async fn runners_here(server: &Server, kind: &str) -> Vec<String> {
    let (code, body) = server.get("/readyz").await;
    assert!(code == 200 || code == 503, "{code} {body}");
    let status: Value = serde_json::from_str(&body).unwrap();
    status[kind]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["running_here"] == true)
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn runs_audit_log(server: &Server) -> bool {
    running_here(server).await.iter().any(|p| p == "audit_log")
}

async fn events(client: &tokio_postgres::Client) -> i64 {
    client
        .query_one("SELECT count(*) FROM events", &[])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_a_database_and_run_each_projection_once() {
    let db = TestDb::new().await;
    let url = db.url();
    let a = Server::start(chancery(Some(&url))).await;
    let b = Server::start(chancery(Some(&url))).await;
    let client = db.connect().await;

    let store = store(&db).await;
    let head = append_events(&store, 50, 20).await;
    wait_audit(&client, head.0).await;
    // Ready once every projection has caught up (the audit log may finish before the others).
    for server in [&a, &b] {
        assert_eq!(server.get("/healthz").await, (200, "ok".to_owned()));
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let (code, body) = server.get("/readyz").await;
            if code == 200 {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "{code} {body}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    // Each projection runs in exactly one of the two servers.
    let mut all = running_here(&a).await;
    all.extend(running_here(&b).await);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(all.len(), unique.len(), "a projection runs twice: {all:?}");
    assert!(all.len() >= 3, "{all:?}");
    assert_eq!(
        leases(&client).await,
        i64::try_from(all.len()).unwrap(),
        "one lease per projection, across both servers"
    );
    // Each reaction, likewise, in exactly one (they take their leases after start-up).
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let reactions = loop {
        let mut all = runners_here(&a, "reactions").await;
        all.extend(runners_here(&b, "reactions").await);
        if all.len() >= 3 {
            break all;
        }
        assert!(tokio::time::Instant::now() < deadline, "{all:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let mut unique = reactions.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        reactions.len(),
        unique.len(),
        "a reaction runs twice: {reactions:?}"
    );
    let runners = [runs_audit_log(&a).await, runs_audit_log(&b).await];
    assert_eq!(runners.iter().filter(|r| **r).count(), 1, "{runners:?}");
    // Every event (the 1000 appended here and the installation's own), applied once.
    assert_eq!(audit_digest(&client).await.0, events(&client).await);
    let (code, metrics) = a.get("/metrics").await;
    assert_eq!(code, 200);
    assert!(
        metrics.contains("chancery_projection_lag_events"),
        "{metrics}"
    );

    // The runner stops; the other server takes over and keeps the read model current.
    let (leader, standby) = if runners[0] { (a, b) } else { (b, a) };
    assert!(leader.stop().await.success());
    let head = append_events(&store, 10, 10).await;
    wait_audit(&client, head.0).await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !runs_audit_log(&standby).await {
        assert!(tokio::time::Instant::now() < deadline);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(audit_digest(&client).await.0, events(&client).await);
    assert!(standby.stop().await.success());
}
