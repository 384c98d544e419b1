//! Attaching files by their hash, as the demo people through GraphQL: knowing a hash is not
//! enough (issue 13, item 3). A clerk of another unit who learnt the hash of a ministry
//! clerk's scan (it is in every download address) cannot receive a document "with" it; a
//! file is attached by the person who uploaded it, or again to a document that already
//! carries it by someone who may read that document.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use serde_json::{Value, json};
use support::{App, data, errors};

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!) { receivePaperDocument(input: $input) { document { id files { sha256 name } } } }";
const CREATE_DRAFT: &str =
    "mutation($i: CreateDraftInput!) { createDraft(input: $i) { document { id } } }";
const ACT: &str =
    "mutation($i: OutgoingActionInput!) { outgoingAction(input: $i) { document { step } } }";
const ADD_VERSION: &str = "mutation($d: ID!, $files: [FileInput!]!) { addDraftVersion(documentId: $d, files: $files, note: \"v2\") { document { id } } }";

/// A small PDF whose bytes differ by `text`.
fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

fn received(notation: &str, files: Value) -> Value {
    json!({"input": {
        "metadata": {
            "issuingBody": "Bộ Tài chính",
            "numberNotation": notation,
            "documentDate": "2026-01-05",
            "documentType": "cong-van",
            "summary": "Về việc kiểm tra tệp đính kèm",
        },
        "files": files,
    }})
}

struct World {
    app: App,
    tokens: std::collections::HashMap<&'static str, String>,
}

impl World {
    async fn new(who: &[&'static str]) -> World {
        let app = App::start().await;
        let mut tokens = std::collections::HashMap::new();
        for w in who {
            tokens.insert(*w, app.login(w).await);
        }
        World { app, tokens }
    }

    async fn run(&self, who: &str, query: &str, variables: Value) -> async_graphql::Response {
        self.app
            .run(Some(&self.tokens[who]), query, variables)
            .await
    }

    async fn ok(&self, who: &str, query: &str, variables: Value) -> Value {
        let response = self.run(who, query, variables).await;
        assert!(response.errors.is_empty(), "{who}: {:?}", response.errors);
        data(&response)
    }

    /// The refusal's `(code, reason)`.
    async fn refused(&self, who: &str, query: &str, variables: Value) -> (String, String) {
        let response = self.run(who, query, variables).await;
        let errors = errors(&response);
        assert_eq!(errors.len(), 1, "{who}: expected one refusal");
        (errors[0].0.clone(), errors[0].1.clone().unwrap_or_default())
    }
}

fn forbidden() -> (String, String) {
    ("FORBIDDEN".to_owned(), "FILE_NOT_YOURS".to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hash_learnt_from_another_units_document_does_not_attach_its_file() {
    let w = World::new(&["vanthu.bo", "vanthu.khtc"]).await;
    // The ministry's clerk uploads a scan and receives a document with it.
    let scan = w.app.upload("vanthu.bo", "scan.pdf", pdf("mat")).await;
    let theirs = w
        .ok(
            "vanthu.bo",
            RECEIVE,
            received(
                "1/BTC",
                json!([{"sha256": scan.sha256, "name": "scan.pdf"}]),
            ),
        )
        .await;
    assert_eq!(
        theirs["receivePaperDocument"]["document"]["files"][0]["sha256"],
        scan.sha256.as_str()
    );

    // The attack: another unit's clerk names the hash without uploading the bytes.
    assert_eq!(
        w.refused(
            "vanthu.khtc",
            RECEIVE,
            received("2/BTC", json!([{"sha256": scan.sha256, "name": "x.pdf"}])),
        )
        .await,
        forbidden()
    );
    // In upper case, with spaces: the same hash, the same refusal.
    assert_eq!(
        w.refused(
            "vanthu.khtc",
            RECEIVE,
            received(
                "2/BTC",
                json!([{"sha256": format!(" {} ", scan.sha256.to_uppercase()), "name": "x.pdf"}])
            ),
        )
        .await,
        forbidden()
    );
    // A hash of nothing stored gets the same answer: no telling which files exist.
    assert_eq!(
        w.refused(
            "vanthu.khtc",
            RECEIVE,
            received(
                "3/BTC",
                json!([{"sha256": "ab".repeat(32), "name": "x.pdf"}])
            ),
        )
        .await,
        forbidden()
    );
    // A text that is no hash at all is bad input.
    assert_eq!(
        w.refused(
            "vanthu.khtc",
            RECEIVE,
            received(
                "3/BTC",
                json!([{"sha256": "../../etc/passwd", "name": "x.pdf"}])
            ),
        )
        .await,
        ("VALIDATION".to_owned(), "BAD_HASH".to_owned())
    );

    // The normal path: upload, then attach. The same paper arriving at both offices, each
    // clerk uploading their own scan of it, attaches the same bytes.
    let own = w.app.upload("vanthu.khtc", "scan.pdf", pdf("khtc")).await;
    w.ok(
        "vanthu.khtc",
        RECEIVE,
        received("4/BTC", json!([{"sha256": own.sha256, "name": "scan.pdf"}])),
    )
    .await;
    let same = w.app.upload("vanthu.khtc", "ban-sao.pdf", pdf("mat")).await;
    assert_eq!(same.sha256, scan.sha256);
    w.ok(
        "vanthu.khtc",
        RECEIVE,
        received(
            "5/BTC",
            json!([{"sha256": same.sha256, "name": "ban-sao.pdf"}]),
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_version_keeps_the_previous_versions_file_but_takes_no_stranger_file() {
    let w = World::new(&["cv.congchuc1", "ld.tccb", "vanthu.khtc", "vanthu.bo"]).await;
    let units = w
        .ok("vanthu.khtc", "{ me { positions { unitId } } }", json!({}))
        .await;
    let recipient_unit = units["me"]["positions"][0]["unitId"]
        .as_str()
        .unwrap()
        .to_owned();

    let draft = w
        .app
        .upload("cv.congchuc1", "du-thao.pdf", pdf("du thao"))
        .await;
    let created = w
        .ok(
            "cv.congchuc1",
            CREATE_DRAFT,
            json!({"i": {
                "process": "p4-outgoing-unit",
                "fields": {
                    "documentType": "cong-van",
                    "summary": "Về việc báo cáo biên chế năm 2026",
                    "urgency": "NORMAL",
                    "confidentiality": "NORMAL",
                    "recipients": [{"unitId": recipient_unit, "delivery": "ELECTRONIC_ONLY"}],
                },
                "files": [{"sha256": draft.sha256, "name": "du-thao.pdf"}],
            }}),
        )
        .await;
    let id = created["createDraft"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    w.ok(
        "cv.congchuc1",
        ACT,
        json!({"i": {"documentId": id, "action": "submit_to_leader"}}),
    )
    .await;

    // The leader, who never uploaded the draft, keeps it in a new version with an
    // attachment of their own.
    let annex = w.app.upload("ld.tccb", "phu-luc.pdf", pdf("phu luc")).await;
    w.ok(
        "ld.tccb",
        ADD_VERSION,
        json!({"d": id, "files": [
            {"sha256": draft.sha256, "name": "du-thao-v2.pdf"},
            {"sha256": annex.sha256, "name": "phu-luc.pdf"},
        ]}),
    )
    .await;

    // A file of a document the leader never saw, named by its hash: refused.
    let scan = w.app.upload("vanthu.bo", "scan.pdf", pdf("cua bo")).await;
    assert_eq!(
        w.refused(
            "ld.tccb",
            ADD_VERSION,
            json!({"d": id, "files": [{"sha256": scan.sha256, "name": "x.pdf"}]}),
        )
        .await,
        forbidden()
    );
    // Nor can a new draft start from the leader's draft file by someone else who never
    // uploaded it and has no document carrying it.
    assert_eq!(
        w.refused(
            "vanthu.khtc",
            RECEIVE,
            received("6/BTC", json!([{"sha256": draft.sha256, "name": "x.pdf"}])),
        )
        .await,
        forbidden()
    );
}
