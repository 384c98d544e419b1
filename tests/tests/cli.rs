//! The operator's commands: `events verify` on intact and tampered history, `serve` with
//! its own private PostgreSQL, configuration errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_e2e::{Server, append_events, chancery, store};
use chancery_test_support::TestDb;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_verify_passes_intact_history_and_names_each_tampering() {
    let db = TestDb::new().await;
    let url = db.url();
    let store = store(&db).await;
    append_events(&store, 5, 4).await;
    let out = chancery(Some(&url))
        .args(["events", "verify"])
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("intact"), "{text}");

    let client = db.connect().await;
    let streams: Vec<String> = client
        .query(
            "SELECT DISTINCT stream_id FROM events WHERE stream_id LIKE 'document-%' ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    client
        .batch_execute("ALTER TABLE events DISABLE TRIGGER USER")
        .await
        .unwrap();
    client
        .execute("UPDATE events SET payload = '{\"i\": 99}' WHERE stream_id = $1 AND stream_revision = 2", &[&streams[0]])
        .await
        .unwrap();
    client
        .execute(
            "DELETE FROM events WHERE stream_id = $1 AND stream_revision = 1",
            &[&streams[1]],
        )
        .await
        .unwrap();
    client
        .execute("UPDATE events SET stream_revision = stream_revision + 100 WHERE stream_id = $1 AND stream_revision IN (0, 1)", &[&streams[2]])
        .await
        .unwrap();
    client
        .execute("UPDATE events SET stream_revision = 101 - stream_revision WHERE stream_id = $1 AND stream_revision IN (100, 101)", &[&streams[2]])
        .await
        .unwrap();

    let out = chancery(Some(&url))
        .args(["events", "verify"])
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}");
    let tampered: Vec<&str> = text.lines().filter(|l| l.starts_with("TAMPERED")).collect();
    assert!(
        tampered
            .iter()
            .any(|l| l.contains(&streams[0]) && l.contains("hash mismatch")),
        "{text}"
    );
    assert!(
        tampered
            .iter()
            .any(|l| l.contains(&streams[1]) && l.contains("deleted or reordered")),
        "{text}"
    );
    assert!(tampered.iter().any(|l| l.contains(&streams[2])), "{text}");
    assert!(
        !tampered
            .iter()
            .any(|l| l.contains(&streams[3]) || l.contains(&streams[4])),
        "{text}"
    );
    assert!(text.contains("HISTORY WAS ALTERED"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_without_a_database_url_runs_its_own_postgresql_and_stops_it() {
    let dir = std::env::temp_dir().join(format!(
        "chancery-e2e-serve-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut command = chancery(None);
    command.current_dir(&dir);
    let server = Server::start(command).await;
    assert_eq!(server.get("/healthz").await.0, 200);
    let (code, body) = server.get("/").await;
    assert_eq!(code, 200);
    assert!(body.contains("Chancery"), "{body}");
    let pid_file = dir.join(".chancery/pgdata/postmaster.pid");
    assert!(
        pid_file.is_file(),
        "the private cluster lives under the working directory"
    );
    let status = server.stop().await;
    assert!(status.success(), "{status:?}");
    assert!(!pid_file.exists(), "PostgreSQL was stopped on exit");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_bad_configuration_is_refused_with_a_clear_message() {
    let out = chancery(None)
        .args(["migrate"])
        .env("CHANCERY__HTTP__ADDR", "not-an-address")
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("configuration error"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_bootstrap_creates_the_first_administrator_once() {
    let db = TestDb::new().await;
    let url = db.url();
    let bootstrap = || {
        let mut command = chancery(Some(&url));
        command.args([
            "admin",
            "bootstrap",
            "--agency-name",
            "Sở Nội vụ tỉnh Ninh Bình",
            "--agency-code",
            "snv.nb",
            "--agency-abbreviation",
            "SNV",
            "--identifier-code",
            "000.00.37.H43",
            "--username",
            "quantri",
        ]);
        command
    };
    let out = bootstrap().output().await.unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    let one_time = text
        .lines()
        .find_map(|l| {
            l.split_once("one-time password: ")
                .map(|(_, p)| p.trim().to_owned())
        })
        .expect("the one-time password is printed");
    let again = bootstrap().output().await.unwrap();
    assert_eq!(again.status.code(), Some(1));

    let server = Server::start(chancery(Some(&url))).await;
    let response: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/graphql", server.base))
        .json(&serde_json::json!({
            "query": "mutation($p: String!) { login(input: {username: \"quantri\", password: $p, bearer: true}) { mustChangePassword } }",
            "variables": {"p": one_time}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        response["data"]["login"]["mustChangePassword"], true,
        "{response}"
    );
    server.stop().await;
}
