//! History that proves itself, through the real binary: `events checkpoint` refused while no
//! organisation key exists, then signed into the file store and a witness folder; `events
//! verify` clean on intact history, and naming an altered checkpoint signature and the last
//! event of a stream deleted with the triggers off (which the per-stream chains cannot see).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::path::{Path, PathBuf};

use chancery_e2e::{append_events, chancery, store};
use chancery_test_support::TestDb;

struct Dirs {
    root: PathBuf,
}

impl Dirs {
    fn new() -> Self {
        let root =
            std::env::temp_dir().join(format!("chancery-e2e-history-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&root).unwrap();
        Self { root }
    }
    fn files(&self) -> PathBuf {
        self.root.join("files")
    }
    fn witness(&self) -> PathBuf {
        self.root.join("witness")
    }
}

impl Drop for Dirs {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

async fn run(url: &str, dirs: &Dirs, args: &[&str]) -> (Option<i32>, String) {
    let out = chancery(Some(url))
        .args(args)
        .env("CHANCERY__FILES__DIR", dirs.files())
        .env(
            "CHANCERY__HISTORY__WITNESS_DIRS",
            format!("[\"{}\"]", dirs.witness().display()),
        )
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn checkpoint_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkpoints_are_signed_and_verify_names_what_was_altered() {
    let db = TestDb::new().await;
    let url = db.url();
    let dirs = Dirs::new();
    append_events(&store(&db).await, 3, 3).await;

    // No organisation key yet: refused, saying why.
    let (code, text) = run(&url, &dirs, &["events", "checkpoint"]).await;
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("NO_SIGNING_KEY"), "{text}");

    let (code, text) = run(&url, &dirs, &["demo", "seed"]).await;
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(&url, &dirs, &["events", "checkpoint"]).await;
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("checkpoint"), "{text}");
    let stored = checkpoint_files(&dirs.files().join("records/checkpoints"));
    assert_eq!(stored.len(), 1, "one file per checkpoint in the file store");
    let witnessed = checkpoint_files(&dirs.witness());
    assert_eq!(witnessed.len(), 1, "and a copy in the witness folder");
    assert_eq!(
        std::fs::read(&stored[0]).unwrap(),
        std::fs::read(&witnessed[0]).unwrap()
    );

    let (code, text) = run(&url, &dirs, &["events", "verify"]).await;
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("signature valid"), "{text}");
    assert!(text.contains("intact"), "{text}");

    // A checkpoint's signature altered (in the file store and the witness alike).
    let original = std::fs::read_to_string(&stored[0]).unwrap();
    let mut checkpoint: serde_json::Value = serde_json::from_str(&original).unwrap();
    let signature = checkpoint["signature"].as_str().unwrap().to_owned();
    let flipped = if signature.starts_with('0') { "1" } else { "0" };
    checkpoint["signature"] = format!("{flipped}{}", &signature[1..]).into();
    for file in [&stored[0], &witnessed[0]] {
        std::fs::write(file, checkpoint.to_string()).unwrap();
    }
    let (code, text) = run(&url, &dirs, &["events", "verify"]).await;
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("TAMPERED: checkpoint") && l.contains("signature")),
        "{text}"
    );
    for file in [&stored[0], &witnessed[0]] {
        std::fs::write(file, &original).unwrap();
    }

    // The last event of a stream deleted, as an attacker with database access would.
    let client = db.connect().await;
    let row = client
        .query_one(
            "SELECT stream_id, stream_revision, global_position FROM events \
             WHERE stream_id LIKE 'document-%' ORDER BY global_position DESC LIMIT 1",
            &[],
        )
        .await
        .unwrap();
    let (stream, revision, position): (String, i64, i64) = (row.get(0), row.get(1), row.get(2));
    client
        .batch_execute(&format!(
            "SET session_replication_role = replica; \
             DELETE FROM events WHERE global_position = {position}"
        ))
        .await
        .unwrap();
    let (code, text) = run(&url, &dirs, &["events", "verify"]).await;
    assert_eq!(code, Some(1), "{text}");
    let tampered: Vec<&str> = text.lines().filter(|l| l.starts_with("TAMPERED")).collect();
    assert!(
        tampered
            .iter()
            .any(|l| l.contains(&format!("position {position}:"))
                && l.contains(&stream)
                && l.contains(&format!("revision {revision}"))
                && l.contains("missing")),
        "{text}"
    );
    assert!(text.contains("HISTORY WAS ALTERED"), "{text}");
}
