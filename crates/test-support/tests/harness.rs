//! The harness gives each test its own database on one shared private cluster.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_test_support::TestDb;

#[tokio::test]
async fn each_test_database_is_isolated() {
    let a = TestDb::new().await;
    let b = TestDb::new().await;
    assert_ne!(a.name, b.name);
    let ca = a.pool.get().await.unwrap();
    ca.batch_execute("CREATE TABLE only_in_a (x int)")
        .await
        .unwrap();
    let cb = b.pool.get().await.unwrap();
    let found: i64 = cb
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(found, 0);
    let version: String = ca
        .query_one("SHOW server_version", &[])
        .await
        .unwrap()
        .get(0);
    assert!(
        version.starts_with("15") || version.starts_with("16") || version.starts_with("17"),
        "{version}"
    );
}
