//! Corrections after receiving, end to end through GraphQL over HTTP as the demo people:
//! a document received twice is pointed out before the second is created, the one received
//! by mistake is cancelled by its office's clerk (not by another office's clerk, and never
//! once registered), it leaves the pending box and its history says who cancelled it and
//! why; a corrected metadata field is named in the history; the external agencies directory
//! understands the usual abbreviations.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_e2e::{Api, Server, Session, chancery, pdf};
use chancery_test_support::TestDb;
use serde_json::{Value, json};

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!, $key: ID) { receivePaperDocument(input: $input, idempotencyKey: $key) { document { id step mayCancel mayUpdateMetadata } probableDuplicates { documentId number } } }";
const CANCEL: &str = "mutation($d: ID!, $note: String!, $key: ID) { cancelDocument(documentId: $d, note: $note, idempotencyKey: $key) { document { id step stepTitle finished mayCancel availableActions { action } } } }";
const PENDING: &str = "{ inbox(box: PENDING, first: 100) { edges { node { documentId } } } }";

async fn server(db: &TestDb, files: &std::path::Path) -> Server {
    let mut command = chancery(Some(&db.url()));
    command.env("CHANCERY__FILES__DIR", files);
    let server = Server::start_with(command, &["--demo"]).await;
    server.wait_ready().await;
    server
}

fn metadata(summary: &str) -> Value {
    json!({
        "issuingBody": "Ủy ban nhân dân tỉnh Ninh Bình",
        "numberNotation": "1235/UBND-NC",
        "documentDate": "2026-01-05",
        "documentType": "cong-van",
        "summary": summary,
    })
}

async fn receive(api: &Api, clerk: &Session, summary: &str, key: &str) -> Value {
    let (status, stored) = api.upload(clerk, "scan.pdf", pdf(summary)).await;
    assert_eq!(status, 201, "{stored}");
    api.ok(
        clerk,
        RECEIVE,
        json!({"input": {"metadata": metadata(summary), "files": [{"sha256": stored["sha256"], "name": "scan.pdf"}]}, "key": key}),
    )
    .await["receivePaperDocument"]
        .clone()
}

async fn pending(api: &Api, who: &Session) -> Vec<String> {
    api.ok(who, PENDING, json!({})).await["inbox"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["documentId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_received_twice_is_pointed_out_and_the_mistaken_one_cancelled() {
    let db = TestDb::new().await;
    let files = std::env::temp_dir().join(format!("chancery-e2e-files-{}", uuid::Uuid::now_v7()));
    let server = server(&db, &files).await;
    let api = &Api::new(&server);
    let clerk = api.login("vanthu.tccb").await;
    let other_clerk = api.login("vanthu.khtc").await;

    // The same form sent three times (one key): one document.
    let key = uuid::Uuid::now_v7().to_string();
    let first = receive(api, &clerk, "Báo cáo tình hình", &key).await;
    let first_id = first["document"]["id"].as_str().unwrap().to_owned();
    for _ in 0..2 {
        let again = receive(api, &clerk, "Báo cáo tình hình", &key).await;
        assert_eq!(again["document"]["id"], first_id.as_str());
    }
    assert_eq!(first["document"]["mayCancel"], true, "{first}");
    assert_eq!(first["document"]["mayUpdateMetadata"], true, "{first}");

    // Typed in again under another key: the first, not yet registered, is pointed out.
    let another = uuid::Uuid::now_v7().to_string();
    let second = receive(api, &clerk, "Báo cáo tình hình (lần hai)", &another).await;
    let second_id = second["document"]["id"].as_str().unwrap().to_owned();
    assert_ne!(second_id, first_id);
    assert_eq!(
        second["probableDuplicates"],
        json!([{"documentId": first_id, "number": null}]),
        "{second}"
    );
    assert!(pending(api, &clerk).await.contains(&second_id));

    // Another office's clerk may not cancel it; its own clerk must say why.
    let (code, _) = api
        .refused(
            &other_clerk,
            CANCEL,
            json!({"d": second_id, "note": "nhầm"}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let (code, reason) = api
        .refused(&clerk, CANCEL, json!({"d": second_id, "note": "  "}))
        .await;
    assert_eq!((code.as_str(), reason.as_str()), ("VALIDATION", "REQUIRED"));

    // Cancelled (twice with one key: once); it leaves the pending box and offers nothing.
    let cancel =
        json!({"d": second_id, "note": "Tiếp nhận trùng", "key": uuid::Uuid::now_v7().to_string()});
    let cancelled =
        api.ok(&clerk, CANCEL, cancel.clone()).await["cancelDocument"]["document"].clone();
    api.ok(&clerk, CANCEL, cancel).await;
    assert_eq!(cancelled["step"], "cancelled", "{cancelled}");
    assert_eq!(cancelled["finished"], true);
    assert_eq!(cancelled["mayCancel"], false);
    assert_eq!(cancelled["availableActions"], json!([]));
    assert!(!pending(api, &clerk).await.contains(&second_id));
    let history = api
        .ok(
            &clerk,
            "query($d: ID!) { documentHistory(documentId: $d) { nodes { eventType note actedBy { name } } } }",
            json!({"d": second_id}),
        )
        .await;
    let lines: Vec<&Value> = history["documentHistory"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["eventType"] == "document.cancelled")
        .collect();
    assert_eq!(lines.len(), 1, "{history}");
    assert_eq!(lines[0]["note"], "Tiếp nhận trùng");
    assert_eq!(lines[0]["actedBy"]["name"], "Văn thư Vụ Tổ chức cán bộ");
    // Cancelled, it is no longer a probable duplicate; the first still is, however its
    // issuing body is written.
    let alike = api
        .ok(
            &clerk,
            "{ probableDuplicates(issuingBody: \"UBND tỉnh Ninh Bình\", numberNotation: \"1235/ubnd-nc\") { nodes { documentId } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        alike["probableDuplicates"]["nodes"],
        json!([{"documentId": first_id}]),
        "{alike}"
    );

    // The first is registered: never cancelled. Corrected, its history names the change.
    let registers = api
        .ok(
            &clerk,
            "{ registers(kind: INCOMING) { nodes { id ownerUnitId code } } }",
            json!({}),
        )
        .await;
    let document = api
        .ok(
            &clerk,
            "query($d: ID!) { document(id: $d) { unitId } }",
            json!({"d": first_id}),
        )
        .await;
    let register = registers["registers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ownerUnitId"] == document["document"]["unitId"])
        .unwrap()["id"]
        .clone();
    api.ok(
        &clerk,
        "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }",
        json!({"d": first_id, "r": register}),
    )
    .await;
    let (code, reason) = api
        .refused(&clerk, CANCEL, json!({"d": first_id, "note": "nhầm"}))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "REGISTERED_NOT_CANCELLABLE")
    );
    let mut corrected = metadata("Báo cáo tình hình quý I");
    corrected["pageCount"] = json!(3);
    api.ok(
        &clerk,
        "mutation($d: ID!, $m: DocumentMetadataInput!) { updateDocumentMetadata(documentId: $d, metadata: $m) { document { id } } }",
        json!({"d": first_id, "m": corrected}),
    )
    .await;
    let history = api
        .ok(
            &clerk,
            "query($d: ID!) { documentHistory(documentId: $d) { nodes { eventType note } } }",
            json!({"d": first_id}),
        )
        .await;
    let correction = history["documentHistory"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["eventType"] == "document.metadata-updated")
        .unwrap_or_else(|| panic!("{history}"))
        .clone();
    assert_eq!(
        correction["note"],
        "Trích yếu: «Báo cáo tình hình» → «Báo cáo tình hình quý I»; Số trang: «1» → «3»"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&files);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agencies_directory_understands_the_usual_abbreviations() {
    let db = TestDb::new().await;
    let files = std::env::temp_dir().join(format!("chancery-e2e-files-{}", uuid::Uuid::now_v7()));
    let server = server(&db, &files).await;
    let api = &Api::new(&server);
    let clerk = api.login("vanthu.tccb").await;
    let search = |text: &'static str| {
        let clerk = &clerk;
        async move {
            let found = api
                .ok(
                    clerk,
                    "query($s: String) { externalAgencies(search: $s, first: 20) { nodes { name } } }",
                    json!({"s": text}),
                )
                .await;
            let mut names: Vec<String> = found["externalAgencies"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["name"].as_str().unwrap().to_owned())
                .collect();
            names.sort();
            names
        }
    };
    assert_eq!(
        search("UBND tỉnh Ninh Bình").await,
        ["Ủy ban nhân dân tỉnh Ninh Bình"]
    );
    assert_eq!(
        search("ubnd ninh binh").await,
        ["Ủy ban nhân dân tỉnh Ninh Bình"]
    );
    assert_eq!(search("VPCP").await, ["Văn phòng Chính phủ"]);
    assert_eq!(search("BTC").await, ["Bộ Tài chính"]);
    assert_eq!(
        search("Ninh Bình").await,
        ["Ủy ban nhân dân tỉnh Ninh Bình"]
    );
    assert!(search("HĐND tỉnh Ninh Bình").await.is_empty());
    drop(server);
    let _ = std::fs::remove_dir_all(&files);
}
