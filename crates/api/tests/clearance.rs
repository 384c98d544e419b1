//! The clearance dimension of the permission matrix: every way of reading a document — open
//! it, its actions, history and replay, search, the register book and its export, probable
//! duplicates, the inbox and its badge, supervision — for documents at each of the four
//! Decree 30 levels, by people cleared or not, routed (through a pool) or not, keepers,
//! leaders, auditors and other units' clerks. The expected answer of each cell is written
//! down here, not computed from the rules under test: a document is readable by exactly the
//! people `MAY_READ` names, and every list shows it to exactly them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;

use chancery_domain::catalogues::RegisterKind;
use chrono::Datelike;
use serde_json::{Value, json};
use support::{App, data, errors};

const LEVELS: [&str; 4] = ["NORMAL", "CONFIDENTIAL", "SECRET", "TOP_SECRET"];

/// The people of the matrix and their situation (demo clearances).
const PEOPLE: [&str; 8] = [
    "vanthu.bo",   // the ministry's register keeper, Secret
    "auditor",     // auditor, Secret
    "thu.truong1", // a leader of the ministry, Secret, routed nothing
    "tonghop.cv1", // General Affairs officer, Normal, holds the pool of N and C
    "tonghop.cv2", // General Affairs officer, Confidential, holds the pool of N and C
    "tonghop.ld",  // General Affairs' leader, Secret, not of that pool
    "quyche.cv",   // regulation officer, Normal, supervises the agency
    "vanthu.tccb", // another unit's clerk, Normal
];

/// Who may read the document at each level (N and C wait in General Affairs' pool; S and T
/// at the clerk's step).
fn may_read(who: &str, level: &str) -> bool {
    matches!(
        (who, level),
        (
            "vanthu.bo" | "auditor",
            "NORMAL" | "CONFIDENTIAL" | "SECRET"
        ) | ("thu.truong1" | "tonghop.cv1", "NORMAL")
            | ("tonghop.cv2", "NORMAL" | "CONFIDENTIAL")
    )
}

/// Who is cleared for a level (demo clearances).
fn cleared(who: &str, level: &str) -> bool {
    let clearance = match who {
        "vanthu.bo" | "auditor" | "thu.truong1" | "tonghop.ld" => 2,
        "tonghop.cv2" => 1,
        _ => 0,
    };
    LEVELS.iter().position(|l| *l == level).unwrap() <= clearance
}

struct Matrix {
    app: App,
    tokens: std::collections::HashMap<String, String>,
    /// (level, document id)
    documents: Vec<(&'static str, String)>,
    register: String,
}

impl Matrix {
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

    /// The document ids a list answer holds (an error: none), at `path`.
    async fn listed(
        &self,
        who: &str,
        query: &str,
        variables: Value,
        path: &[&str],
    ) -> BTreeSet<String> {
        let response = self.run(who, query, variables).await;
        if !response.errors.is_empty() {
            for (code, _, _) in errors(&response) {
                assert_eq!(code, "FORBIDDEN", "{who}: {:?}", response.errors);
            }
            return BTreeSet::new();
        }
        let mut at = data(&response);
        for p in path {
            at = at[*p].clone();
        }
        at["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["node"]["documentId"].as_str().map(str::to_owned))
            .collect()
    }

    fn ids(&self, keep: impl Fn(&str) -> bool) -> BTreeSet<String> {
        self.documents
            .iter()
            .filter(|(level, _)| keep(level))
            .map(|(_, id)| id.clone())
            .collect()
    }
}

async fn matrix() -> Matrix {
    let app = App::start().await;
    let mut tokens = std::collections::HashMap::new();
    for who in PEOPLE.iter().chain(["admin"].iter()) {
        tokens.insert((*who).to_owned(), app.login(who).await);
    }
    let organisation = app.api.commands.organisation().await.unwrap();
    let unit = organisation.positions[&app.account("vanthu.bo").position_id].unit;
    let office = organisation.office_of(unit).unwrap();
    let register = app
        .api
        .commands
        .catalogues()
        .await
        .unwrap()
        .registers
        .values()
        .find(|r| {
            r.owner_unit_id == office && r.kind == RegisterKind::Incoming && r.code == "den-mat"
        })
        .unwrap()
        .register_id
        .0
        .to_string();
    let mut m = Matrix {
        app,
        tokens,
        documents: Vec::new(),
        register,
    };
    let clerk = m.app.account("vanthu.bo").person_id.0.to_string();
    let set_clearance = |level: &'static str| json!({"id": clerk, "level": level});
    const CLEARANCE: &str = "mutation($id: ID!, $level: ConfidentialityLevel!) { updatePerson(id: $id, input: {fullName: \"Lê Thị Văn\", email: \"vanthu.bo@demo.chancery.vn\", clearance: $level}) { position } }";
    // The clerk is cleared for Top secret while receiving (only someone cleared may classify).
    m.ok("admin", CLEARANCE, set_clearance("TOP_SECRET")).await;
    for level in LEVELS {
        let stored = m
            .app
            .upload(
                "vanthu.bo",
                "scan.pdf",
                format!(
                    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {level}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
                )
                .into_bytes(),
            )
            .await;
        let received = m
            .ok(
                "vanthu.bo",
                "mutation($input: ReceivePaperDocumentInput!) { receivePaperDocument(input: $input) { document { id } } }",
                json!({"input": {
                    "metadata": {
                        "issuingBody": "Bộ Quốc phòng",
                        "numberNotation": format!("1/BQP-{level}"),
                        "documentDate": "2026-01-05",
                        "documentType": "cong-van",
                        "summary": format!("Tài liệu kiểm thử MTRX{level}"),
                        "confidentiality": level,
                    },
                    "files": [{"sha256": stored.sha256, "name": "scan.pdf"}],
                }}),
            )
            .await;
        let id = received["receivePaperDocument"]["document"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        m.ok(
            "vanthu.bo",
            "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }",
            json!({"d": id, "r": m.register}),
        )
        .await;
        m.documents.push((level, id));
    }
    m.ok("admin", CLEARANCE, set_clearance("SECRET")).await;
    // N and C go to General Affairs' pool, with a deadline (supervision lists them).
    for (level, id) in m.documents.clone() {
        if matches!(level, "NORMAL" | "CONFIDENTIAL") {
            m.ok(
                "vanthu.bo",
                "mutation($input: DocumentActionInput!) { documentAction(input: $input) { document { step } } }",
                json!({"input": {"documentId": id, "action": "forward_to_general_affairs", "note": "Chuyển", "deadlineInWorkingDays": 2}}),
            )
            .await;
        }
    }
    m
}

#[tokio::test]
async fn every_read_of_a_document_at_every_level_follows_clearance_and_routing() {
    let m = matrix().await;
    let year = chrono::Utc::now().year();
    let at = chrono::Utc::now().to_rfc3339();
    let mut cells = 0;
    for who in PEOPLE {
        let readable = m.ids(|level| may_read(who, level));

        // One document: open it, its actions, its history, its replay.
        for (level, id) in &m.documents {
            for (what, query, variables) in [
                (
                    "document",
                    "query($id: ID!) { document(id: $id) { id metadata { summary } } }",
                    json!({"id": id}),
                ),
                (
                    "availableActions",
                    "query($id: ID!) { availableActions(documentId: $id) { action } }",
                    json!({"id": id}),
                ),
                (
                    "documentHistory",
                    "query($id: ID!) { documentHistory(documentId: $id) { edges { node { eventType } } } }",
                    json!({"id": id}),
                ),
                (
                    "documentAsOf",
                    "query($id: ID!, $at: DateTime!) { documentAsOf(id: $id, at: $at) { existed metadata { summary } } }",
                    json!({"id": id, "at": at}),
                ),
            ] {
                let response = m.run(who, query, variables).await;
                let allowed = response.errors.is_empty();
                assert_eq!(
                    allowed,
                    may_read(who, level),
                    "{what} of a {level} document by {who}: {:?}",
                    response.errors
                );
                if !allowed {
                    let (code, _, _) = errors(&response)[0].clone();
                    assert!(
                        code == "FORBIDDEN" || code == "NOT_FOUND",
                        "{what} by {who}: {code}"
                    );
                    let text = format!("{:?}", response.errors);
                    assert!(!text.contains("MTRX"), "a refusal reveals nothing: {text}");
                }
                cells += 1;
            }
        }

        // Lists: search, the register book and its export, probable duplicates.
        let found = m
            .listed(
                who,
                "{ searchDocuments(text: \"MTRX\", first: 50) { edges { node { documentId } } } }",
                json!({}),
                &["searchDocuments"],
            )
            .await;
        assert_eq!(found, readable, "search by {who}");
        let book = m
            .listed(
                who,
                "query($r: ID!, $y: Int!) { registerBook(registerId: $r, year: $y, first: 100) { edges { node { documentId } } } }",
                json!({"r": m.register, "y": year}),
                &["registerBook"],
            )
            .await;
        // Its keepers, the ministry's leaders and auditors open the book; nobody else.
        let opens_book = matches!(who, "vanthu.bo" | "auditor" | "thu.truong1");
        let shown = if opens_book {
            readable.clone()
        } else {
            BTreeSet::new()
        };
        assert_eq!(book, shown, "register book by {who}");
        let exported = export(&m, who, year).await;
        let expected: BTreeSet<String> = m
            .documents
            .iter()
            .filter(|(level, _)| opens_book && may_read(who, level))
            .map(|(level, _)| format!("MTRX{level}"))
            .collect();
        assert_eq!(exported, expected, "book export by {who}");
        for (level, _) in &m.documents {
            let duplicates = m
                .run(
                    who,
                    "query($b: String!, $n: String!) { probableDuplicates(issuingBody: $b, numberNotation: $n) { edges { node { documentId summary } } } }",
                    json!({"b": "Bộ Quốc phòng", "n": format!("1/BQP-{level}")}),
                )
                .await;
            let listed = duplicates.errors.is_empty()
                && !data(&duplicates)["probableDuplicates"]["edges"]
                    .as_array()
                    .unwrap()
                    .is_empty();
            assert!(
                !listed || may_read(who, level),
                "probable duplicates show a {level} document to {who}"
            );
            cells += 1;
        }

        // The inbox and its badge: the pool's documents, to the pool's cleared holders (N and
        // C in General Affairs' pool, S and T still at the ministry clerks' step).
        let pooled = |level: &str| {
            let holds = match level {
                "NORMAL" | "CONFIDENTIAL" => matches!(who, "tonghop.cv1" | "tonghop.cv2"),
                _ => who == "vanthu.bo",
            };
            holds && cleared(who, level)
        };
        let inbox = m
            .listed(
                who,
                "{ inbox(first: 100) { edges { node { documentId } } } }",
                json!({}),
                &["inbox"],
            )
            .await;
        let in_pool = m.ids(pooled);
        assert_eq!(
            inbox
                .intersection(&m.ids(|_| true))
                .cloned()
                .collect::<BTreeSet<_>>(),
            in_pool,
            "inbox of {who}"
        );
        let badge =
            m.ok(who, "{ inboxCounts { pending } }", json!({})).await["inboxCounts"]["pending"]
                .as_i64()
                .unwrap();
        assert_eq!(badge, i64::try_from(inbox.len()).unwrap(), "badge of {who}");

        // Supervision: work on a document above the supervisor's clearance is neither listed
        // nor counted; summary and number only when they may read it.
        let items = m
            .run(
                who,
                "{ overdueItems(dueWithinWorkingDays: 10, first: 100) { edges { node { documentId summary numberNotation summaryHidden } } } }",
                json!({}),
            )
            .await;
        if items.errors.is_empty() {
            let nodes: Vec<Value> = data(&items)["overdueItems"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"].clone())
                .collect();
            for (level, id) in &m.documents {
                let node = nodes.iter().find(|n| n["documentId"] == id.as_str());
                let waiting = matches!(*level, "NORMAL" | "CONFIDENTIAL");
                assert_eq!(
                    node.is_some(),
                    waiting && cleared(who, level),
                    "overdue items of {who}: the {level} document"
                );
                if let Some(node) = node {
                    let shown = may_read(who, level);
                    assert_eq!(node["summaryHidden"], !shown, "{who}, {level}");
                    assert_eq!(node["summary"].as_str().unwrap().contains("MTRX"), shown);
                    assert_eq!(
                        node["numberNotation"].as_str().unwrap().contains("BQP"),
                        shown
                    );
                }
                cells += 1;
            }
        }
        cells += 6;
    }
    assert!(cells > 200, "the matrix ran {cells} cells");
}

/// The MTRX words of the XLSX export of the confidential book, as `who` downloads it
/// (refused: none).
async fn export(m: &Matrix, who: &str, year: i32) -> BTreeSet<String> {
    m.app
        .exported_book(&m.tokens[who], &m.register, year)
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|line| {
            line.split_whitespace()
                .find(|w| w.starts_with("MTRX"))
                .map(str::to_owned)
        })
        .collect()
}
