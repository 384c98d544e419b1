//! Killing the projector in the middle of catching up, then restarting it, leaves the read
//! model exactly equal to a rebuild from scratch: read-model writes and the checkpoint commit
//! together, so a crash neither loses nor double-applies an event.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_e2e::{
    PATIENCE, append_events, audit_checkpoint, audit_digest, chancery, nix_kill, store,
};
use chancery_test_support::TestDb;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projector_killed_mid_catch_up_resumes_to_the_same_model_as_a_rebuild() {
    let db = TestDb::new().await;
    let url = db.url();
    let store = store(&db).await;
    let head = append_events(&store, 400, 100).await;
    let client = db.connect().await;
    let migrate = chancery(Some(&url)).arg("migrate").output().await.unwrap();
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );

    let mut projector = chancery(Some(&url))
        .args(["projections", "catch-up", "audit_log"])
        .env("CHANCERY__PROJECTIONS__BATCH_SIZE", "100")
        .spawn()
        .unwrap();
    // Wait until it is part-way through, then kill it without warning.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let position = audit_checkpoint(&client).await as u64;
        if position >= head.0 / 10 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the projector never progressed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    nix_kill(projector.id().unwrap(), libc::SIGKILL);
    let status = projector.wait().await.unwrap();
    assert!(!status.success(), "it was killed, not finished");
    let at_kill = audit_checkpoint(&client).await as u64;
    assert!(
        at_kill < head.0,
        "killed in the middle ({at_kill} of {})",
        head.0
    );
    let (rows_at_kill, _) = audit_digest(&client).await;
    assert!(rows_at_kill > 0);

    // Restart to completion.
    let output = chancery(Some(&url))
        .args(["projections", "catch-up", "audit_log"])
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let head = chancery_event_store::EventStore::head_position(&store)
        .await
        .unwrap();
    assert_eq!(audit_checkpoint(&client).await as u64, head.0);
    let resumed = audit_digest(&client).await;
    assert_eq!(
        resumed.0, 40_001,
        "every event exactly once (and the installation event)"
    );

    // A rebuild from scratch gives exactly the same table.
    let output = chancery(Some(&url))
        .args(["projections", "rebuild", "audit_log"])
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(audit_digest(&client).await, resumed);
}
