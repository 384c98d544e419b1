//! Uploads: streamed to a temporary file with the size limit enforced as the chunks arrive,
//! recorded per person, attachable for the retention period, and removed by the cleanup
//! when nothing attached them — never bytes that something attached or that were stored
//! before their upload. The ledger runs on a real PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chancery_files::cleanup::{GRACE, sweep};
use chancery_files::{Bytes, FileError, FileStore, Limits, Uploads};
use chancery_test_support::TestDb;
use chrono::{DateTime, TimeZone as _, Utc};
use uuid::Uuid;

fn store(max_bytes: u64) -> (tempfile::TempDir, FileStore) {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        max_bytes,
        ..Limits::default()
    };
    let store = FileStore::local(dir.path(), limits).unwrap();
    (dir, store)
}

fn text(n: usize, tag: &str) -> Vec<u8> {
    let mut bytes = format!("{tag}\n").into_bytes();
    bytes.resize(n, b'a');
    bytes
}

/// `bytes` as a stream of `chunk`-byte chunks, counting how many were taken.
fn chunks(
    bytes: Vec<u8>,
    chunk: usize,
    taken: Arc<AtomicUsize>,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
    let parts: Vec<Bytes> = bytes.chunks(chunk).map(Bytes::copy_from_slice).collect();
    futures::stream::iter(parts.into_iter().map(move |part| {
        taken.fetch_add(1, Ordering::SeqCst);
        Ok(part)
    }))
}

#[tokio::test]
async fn an_upload_in_chunks_is_stored_like_the_same_bytes_put_at_once() {
    let (_dir, store) = store(1 << 20);
    let bytes = text(100_000, "ghi-chu");
    let taken = Arc::new(AtomicUsize::new(0));
    let first = store
        .upload("ghi-chu.txt", chunks(bytes.clone(), 4096, taken.clone()))
        .await
        .unwrap();
    assert!(first.created, "the first upload brings the bytes");
    assert_eq!(first.file.size, 100_000);
    assert_eq!(first.file.media_type, "text/plain");
    assert_eq!(store.get(&first.file.sha256).await.unwrap(), bytes);
    assert_eq!(taken.load(Ordering::SeqCst), 100_000usize.div_ceil(4096));
    let again = store
        .upload("copy.txt", chunks(bytes.clone(), 10_000, Arc::default()))
        .await
        .unwrap();
    assert_eq!(again.file.sha256, first.file.sha256);
    assert!(!again.created, "the bytes were already stored");
    let put = store.put("put.txt", bytes.into()).await.unwrap();
    assert_eq!(put.sha256, first.file.sha256);
}

#[tokio::test]
async fn an_over_large_upload_is_refused_at_its_first_byte_too_many() {
    let (_dir, store) = store(1000);
    let taken = Arc::new(AtomicUsize::new(0));
    // 100 chunks of 400 bytes: the third passes the limit, the rest are never read.
    let result = store
        .upload("big.txt", chunks(text(40_000, "big"), 400, taken.clone()))
        .await;
    assert!(matches!(
        result,
        Err(FileError::TooLarge {
            size: 1200,
            max: 1000
        })
    ));
    assert_eq!(taken.load(Ordering::SeqCst), 3);
    // Exactly the limit is accepted.
    let exact = store
        .upload(
            "exact.txt",
            chunks(text(1000, "exact"), 300, Arc::default()),
        )
        .await
        .unwrap();
    assert_eq!(exact.file.size, 1000);
}

#[tokio::test]
async fn a_broken_off_upload_stores_nothing() {
    let (_dir, store) = store(1 << 20);
    let parts = vec![
        Ok(Bytes::from_static(b"hello ")),
        Err(std::io::Error::other("connection reset")),
    ];
    let result = store.upload("x.txt", futures::stream::iter(parts)).await;
    assert!(matches!(result, Err(FileError::Interrupted(_))));
    let empty: Vec<Result<Bytes, std::io::Error>> = Vec::new();
    let result = store.upload("x.txt", futures::stream::iter(empty)).await;
    assert!(matches!(result, Err(FileError::Empty)));
}

const DAY: Duration = Duration::from_secs(24 * 3600);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap()
}

fn after(hours: i64, minutes: i64) -> DateTime<Utc> {
    t0() + chrono::Duration::hours(hours) + chrono::Duration::minutes(minutes)
}

struct World {
    _db: TestDb,
    _dir: tempfile::TempDir,
    store: FileStore,
    uploads: Uploads,
}

impl World {
    async fn new() -> World {
        let db = TestDb::new().await;
        let uploads = Uploads::new(db.pool.clone(), DAY);
        uploads.migrate().await.unwrap();
        let (dir, store) = store(1 << 20);
        World {
            _db: db,
            _dir: dir,
            store,
            uploads,
        }
    }

    /// `person` uploads `bytes` at `at`, as `POST /files` does; returns the hash.
    async fn upload(&self, person: Uuid, bytes: Vec<u8>, at: DateTime<Utc>) -> String {
        let stream = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
        let uploaded = self.store.upload("f.txt", stream).await.unwrap();
        self.uploads
            .record(person, &uploaded.file.sha256, uploaded.created, at)
            .await
            .unwrap();
        uploaded.file.sha256
    }

    async fn stored(&self, sha256: &str) -> bool {
        self.store.exists(sha256).await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_is_attachable_by_its_uploader_for_the_retention_period() {
    let w = World::new().await;
    let (anh, binh) = (Uuid::new_v4(), Uuid::new_v4());
    let sha = w.upload(anh, text(100, "scan"), t0()).await;
    assert!(
        w.uploads
            .uploaded_by(anh, &sha, after(23, 59))
            .await
            .unwrap()
    );
    assert!(
        !w.uploads
            .uploaded_by(binh, &sha, after(0, 1))
            .await
            .unwrap()
    );
    assert!(
        !w.uploads
            .uploaded_by(anh, &sha, after(24, 1))
            .await
            .unwrap()
    );
    // Uploading again opens the window again.
    w.upload(anh, text(100, "scan"), after(30, 0)).await;
    assert!(
        w.uploads
            .uploaded_by(anh, &sha, after(31, 0))
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cleanup_removes_only_uploads_nothing_attached_after_retention_and_grace() {
    let w = World::new().await;
    let people: Vec<Uuid> = (0..5).map(|_| Uuid::new_v4()).collect();
    // Never attached: removed.
    let forgotten = w.upload(people[0], text(100, "forgotten"), t0()).await;
    // Attached: kept.
    let attached = w.upload(people[1], text(100, "attached"), t0()).await;
    w.uploads
        .mark_attached(std::slice::from_ref(&attached), after(1, 0))
        .await
        .unwrap();
    // Stored by the server before anyone uploaded the same bytes (a signed PDF someone
    // downloaded and uploads again): kept.
    let server_made = w
        .store
        .put("signed.txt", text(100, "server-made").into())
        .await
        .unwrap()
        .sha256;
    assert_eq!(
        w.upload(people[2], text(100, "server-made"), t0()).await,
        server_made
    );
    // Uploaded by one person, then again by another 20 hours later: kept until the second
    // upload's retention has passed too.
    let shared = w.upload(people[3], text(100, "shared"), t0()).await;
    w.upload(people[4], text(100, "shared"), after(20, 0)).await;

    // Within the grace after the retention period: nothing goes.
    let within_grace =
        after(24, 0) + chrono::Duration::from_std(GRACE).unwrap() - chrono::Duration::minutes(1);
    assert_eq!(sweep(&w.store, &w.uploads, within_grace).await.unwrap(), 0);
    assert!(w.stored(&forgotten).await);

    assert_eq!(sweep(&w.store, &w.uploads, after(25, 1)).await.unwrap(), 1);
    assert!(!w.stored(&forgotten).await);
    assert!(w.stored(&attached).await);
    assert!(w.stored(&server_made).await);
    assert!(w.stored(&shared).await);
    assert!(
        !w.uploads
            .uploaded_by(people[0], &forgotten, after(1, 0))
            .await
            .unwrap()
    );

    assert_eq!(sweep(&w.store, &w.uploads, after(45, 1)).await.unwrap(), 1);
    assert!(!w.stored(&shared).await);
    // Years later, what was attached or made by the server is still there.
    assert_eq!(
        sweep(&w.store, &w.uploads, after(24 * 1000, 0))
            .await
            .unwrap(),
        0
    );
    assert!(w.stored(&attached).await);
    assert!(w.stored(&server_made).await);
    // Removed bytes uploaded again are stored again, and attachable.
    let back = w
        .upload(people[0], text(100, "forgotten"), after(50, 0))
        .await;
    assert_eq!(back, forgotten);
    assert!(w.stored(&forgotten).await);
    assert!(
        w.uploads
            .uploaded_by(people[0], &forgotten, after(51, 0))
            .await
            .unwrap()
    );
}
