//! Audit (issue 14): a delegated act names the deputy who acted and the head on whose
//! behalf, in a document's history and in the audit log; the audit log is a filtered,
//! paged connection that auditors read whole, administrators in part and nobody else, and
//! that withholds the summaries of rows about documents the reader is not cleared for; an
//! outgoing document has a history like an incoming one; and a recall refused because the
//! recipient acted says so, naming who and when.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chancery_domain::catalogues::RegisterKind;
use serde_json::{Value, json};
use support::{App, data, error};

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!) { receivePaperDocument(input: $input) { document { id } } }";
const REGISTER: &str =
    "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }";
const ACT: &str = "mutation($input: DocumentActionInput!) { documentAction(input: $input) { document { step } } }";
const HISTORY: &str = "query($id: ID!) { documentHistory(documentId: $id, first: 100) { nodes { eventType action authority actor { personName } actedBy { personId name } onBehalfOfPerson { personId name } } } }";
const LOG: &str = "query($f: AuditLogFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) { pageInfo { hasNextPage } edges { cursor node { position eventType documentId documentKind summary withheld authority unitName actedBy { personId name } onBehalfOf { personId name } } } } }";
const DELEGATE: &str = "mutation($i: DelegationInput!) { grantDelegation(input: $i) { id } }";
const CREATE_DRAFT: &str =
    "mutation($i: CreateDraftInput!) { createDraft(input: $i) { document { id } } }";
const OUTGOING_ACT: &str =
    "mutation($i: OutgoingActionInput!) { outgoingAction(input: $i) { document { step } } }";
const ADD_VERSION: &str = "mutation($d: ID!, $files: [FileInput!]!) { addDraftVersion(documentId: $d, files: $files, note: \"v2\") { document { id } } }";
const CLEARANCE: &str = "mutation($id: ID!, $level: ConfidentialityLevel!) { updatePerson(id: $id, input: {fullName: \"Lê Thị Văn\", email: \"vanthu.bo@demo.chancery.vn\", clearance: $level}) { position } }";

fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

struct World {
    app: App,
    tokens: std::collections::HashMap<String, String>,
}

impl World {
    async fn new(people: &[&str]) -> Self {
        let app = App::start().await;
        let mut tokens = std::collections::HashMap::new();
        for who in people {
            tokens.insert((*who).to_owned(), app.login(who).await);
        }
        Self { app, tokens }
    }

    fn person(&self, who: &str) -> String {
        self.app.account(who).person_id.to_string()
    }

    fn position(&self, who: &str) -> String {
        self.app.account(who).position_id.to_string()
    }

    fn name(&self, who: &str) -> String {
        self.app.account(who).full_name.clone()
    }

    /// `who` acting in `position` (their own when `None`).
    async fn run_in(
        &self,
        who: &str,
        position: Option<&str>,
        query: &str,
        variables: Value,
    ) -> async_graphql::Response {
        self.app
            .run_as(Some(&self.tokens[who]), position, query, variables)
            .await
    }

    async fn ok(&self, who: &str, query: &str, variables: Value) -> Value {
        self.ok_in(who, None, query, variables).await
    }

    async fn ok_in(
        &self,
        who: &str,
        position: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Value {
        let response = self.run_in(who, position, query, variables).await;
        assert!(response.errors.is_empty(), "{who}: {:?}", response.errors);
        data(&response)
    }

    async fn refused(&self, who: &str, query: &str, variables: Value) -> (String, String) {
        let (code, reason, _) = error(&self.run_in(who, None, query, variables).await);
        (code, reason.unwrap_or_default())
    }

    async fn register_id(&self, clerk: &str, code: &str) -> String {
        let organisation = self.app.api.commands.organisation().await.unwrap();
        let unit = organisation.positions[&self.app.account(clerk).position_id].unit;
        let office = organisation.office_of(unit).unwrap();
        let catalogues = self.app.api.commands.catalogues().await.unwrap();
        catalogues
            .registers
            .values()
            .find(|r| {
                r.owner_unit_id == office && r.kind == RegisterKind::Incoming && r.code == code
            })
            .unwrap()
            .register_id
            .0
            .to_string()
    }

    /// Received and registered by `clerk` in their office's register `register`.
    async fn registered(&self, clerk: &str, register: &str, notation: &str, level: &str) -> String {
        let stored = self.app.upload(clerk, "scan.pdf", pdf(notation)).await;
        let received = self
            .ok(
                clerk,
                RECEIVE,
                json!({"input": {
                    "metadata": {
                        "issuingBody": "Bộ Tài chính",
                        "numberNotation": notation,
                        "documentDate": "2026-01-05",
                        "documentType": "cong-van",
                        "summary": format!("Văn bản {notation}"),
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
        let register = self.register_id(clerk, register).await;
        self.ok(clerk, REGISTER, json!({"d": id, "r": register}))
            .await;
        id
    }

    async fn log(&self, who: &str, filter: Value) -> Vec<Value> {
        let page = self.ok(who, LOG, json!({"f": filter, "first": 200})).await;
        page["auditLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect()
    }
}

/// The history's line of `action`.
fn line<'a>(history: &'a Value, action: &str) -> &'a Value {
    history["documentHistory"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["action"] == action)
        .unwrap_or_else(|| panic!("no {action} in {history}"))
}

/// An extension of the one error, as a string.
fn extension(response: &async_graphql::Response, key: &str) -> Option<String> {
    let extensions = response.errors.first()?.extensions.as_ref()?;
    match extensions.get(key)? {
        async_graphql::Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegated_act_names_the_deputy_and_the_head_and_a_late_recall_names_who_acted() {
    let w = World::new(&[
        "admin",
        "vanthu.tccb",
        "ld.tccb",
        "pho.tccb",
        "tp.congchuc",
        "auditor",
    ])
    .await;
    // The head of TCCB is away: the administrator delegates the head's position to the
    // deputy.
    let now = chrono::Utc::now();
    w.ok(
        "admin",
        DELEGATE,
        json!({"i": {
            "positionId": w.position("ld.tccb"),
            "delegateId": w.person("pho.tccb"),
            "scope": "POSITION", "authority": "KT",
            "startsAt": (now - chrono::Duration::minutes(1)).to_rfc3339(),
            "endsAt": (now + chrono::Duration::days(1)).to_rfc3339()
        }}),
    )
    .await;
    let head = w.position("ld.tccb");
    let id = w
        .registered("vanthu.tccb", "den", "71/BTC-TCCB", "NORMAL")
        .await;
    w.ok(
        "vanthu.tccb",
        ACT,
        json!({"input": {"documentId": id, "action": "submit_to_leader", "main": head}}),
    )
    .await;
    // The deputy, acting in the head's position, sends it to the department.
    w.ok_in(
        "pho.tccb",
        Some(&head),
        ACT,
        json!({"input": {"documentId": id, "action": "forward_to_department", "main": w.position("tp.congchuc"), "note": "Phòng Công chức chủ trì", "deadlineInWorkingDays": 3}}),
    )
    .await;

    // The history says the deputy acted, on the head's behalf, with the authority.
    for reader in ["ld.tccb", "auditor"] {
        let history = w.ok(reader, HISTORY, json!({"id": id})).await;
        let forwarded = line(&history, "forward_to_department");
        assert_eq!(forwarded["actedBy"]["personId"], w.person("pho.tccb"));
        assert_eq!(forwarded["actedBy"]["name"], w.name("pho.tccb"));
        assert_eq!(
            forwarded["onBehalfOfPerson"]["personId"],
            w.person("ld.tccb")
        );
        assert_eq!(forwarded["onBehalfOfPerson"]["name"], w.name("ld.tccb"));
        assert_eq!(forwarded["actor"]["personName"], w.name("ld.tccb"));
        assert_eq!(forwarded["authority"], "KT.");
        // The clerk acted in their own position: nobody on whose behalf.
        let submitted = line(&history, "submit_to_leader");
        assert_eq!(submitted["actedBy"]["name"], w.name("vanthu.tccb"));
        assert!(submitted["onBehalfOfPerson"].is_null());
    }
    // So does the audit log, found by the deputy and by the head.
    for person in ["pho.tccb", "ld.tccb"] {
        let rows = w
            .log(
                "auditor",
                json!({"personId": w.person(person), "documentId": id}),
            )
            .await;
        let acted = rows
            .iter()
            .find(|r| r["eventType"] == "document.action-taken")
            .unwrap_or_else(|| panic!("{person}: {rows:?}"));
        assert_eq!(acted["actedBy"]["name"], w.name("pho.tccb"));
        assert_eq!(acted["onBehalfOf"]["name"], w.name("ld.tccb"));
        assert_eq!(acted["authority"], "KT.");
        assert_eq!(acted["documentKind"], "INCOMING");
    }

    // The department head files a note on it; the deputy's recall is refused, saying the
    // recipient acted — who and when — not that the step is not theirs.
    w.ok(
        "tp.congchuc",
        ACT,
        json!({"input": {"documentId": id, "action": "file"}}),
    )
    .await;
    let recall = w
        .run_in(
            "pho.tccb",
            Some(&head),
            ACT,
            json!({"input": {"documentId": id, "action": "recall"}}),
        )
        .await;
    let (code, reason, _) = error(&recall);
    assert_eq!(
        (code.as_str(), reason.as_deref()),
        ("CONFLICT", Some("RECIPIENT_ACTED"))
    );
    assert_eq!(extension(&recall, "actedBy"), Some(w.person("tp.congchuc")));
    assert_eq!(
        extension(&recall, "actedByName"),
        Some(w.name("tp.congchuc"))
    );
    let at = extension(&recall, "actedAt").expect("when");
    let at = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
    assert!(at >= now - chrono::Duration::minutes(1) && at <= chrono::Utc::now());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_filters_pages_and_withholds_summaries_above_the_readers_clearance() {
    let w = World::new(&["admin", "vanthu.bo", "auditor", "ld.tccb"]).await;
    // The ministry's clerk, cleared for Top secret for the occasion, receives a Top secret
    // document and a normal one.
    let clerk = w.person("vanthu.bo");
    w.ok(
        "admin",
        CLEARANCE,
        json!({"id": clerk, "level": "TOP_SECRET"}),
    )
    .await;
    let secret = w
        .registered("vanthu.bo", "den-mat", "9/BQP-TM", "TOP_SECRET")
        .await;
    let normal = w.registered("vanthu.bo", "den", "8/BQP-TH", "NORMAL").await;
    w.ok("admin", CLEARANCE, json!({"id": clerk, "level": "SECRET"}))
        .await;

    // The auditor (cleared for Secret) sees the Top secret document's rows — who, when,
    // what — but not their summary; the normal document's rows with it.
    let rows = w.log("auditor", json!({"documentId": secret})).await;
    assert!(rows.len() >= 2, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r["withheld"] == true && r["summary"].is_null()),
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| r["actedBy"]["personId"] == clerk));
    let rows = w.log("auditor", json!({"documentId": normal})).await;
    let received = rows
        .iter()
        .find(|r| r["eventType"] == "document.received")
        .unwrap();
    assert!(received["summary"].as_str().unwrap().contains("8/BQP-TH"));
    assert_eq!(received["withheld"], false);
    // No other filter leaks it either.
    let everything = w.log("auditor", json!({})).await;
    assert!(
        everything
            .iter()
            .all(|r| !r["summary"].as_str().unwrap_or("").contains("9/BQP-TM")),
    );

    // Filters: event type, area, person, unit, period.
    let registered = w
        .log(
            "auditor",
            json!({"eventType": "document.registered", "personId": clerk}),
        )
        .await;
    assert!(registered.len() >= 2, "{registered:?}");
    assert!(
        registered
            .iter()
            .all(|r| r["eventType"] == "document.registered" && r["actedBy"]["personId"] == clerk)
    );
    let documents = w.log("auditor", json!({"category": "document"})).await;
    assert!(!documents.is_empty());
    assert!(
        documents
            .iter()
            .all(|r| r["eventType"].as_str().unwrap().starts_with("document."))
    );
    let organisation = w.app.api.commands.organisation().await.unwrap();
    let clerk_unit = organisation.positions[&w.app.account("vanthu.bo").position_id].unit;
    let agency = organisation.agency_of(clerk_unit).unwrap().id;
    let in_agency = w
        .log(
            "auditor",
            json!({"unitId": agency.0.to_string(), "documentId": normal}),
        )
        .await;
    assert_eq!(
        in_agency.len(),
        rows.len(),
        "a unit's filter covers its sub-units"
    );
    let tccb = organisation.positions[&w.app.account("ld.tccb").position_id].unit;
    let elsewhere = w
        .log(
            "auditor",
            json!({"unitId": tccb.0.to_string(), "documentId": normal}),
        )
        .await;
    assert!(elsewhere.is_empty());
    let later = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    assert!(w.log("auditor", json!({"from": later})).await.is_empty());
    let earlier = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    assert_eq!(
        w.refused("auditor", LOG, json!({"f": {"from": later, "to": earlier}}),)
            .await,
        ("VALIDATION".to_owned(), "END_BEFORE_START".to_owned())
    );

    // Paging: newest first, one row a page, the next page after the cursor.
    let first = w
        .ok(
            "auditor",
            LOG,
            json!({"f": {"documentId": normal}, "first": 1}),
        )
        .await;
    assert_eq!(first["auditLog"]["pageInfo"]["hasNextPage"], true);
    let edge = &first["auditLog"]["edges"][0];
    let second = w
        .ok(
            "auditor",
            LOG,
            json!({"f": {"documentId": normal}, "first": 1, "after": edge["cursor"]}),
        )
        .await;
    let next = &second["auditLog"]["edges"][0]["node"];
    let position = |v: &Value| v["position"].as_str().unwrap().parse::<i64>().unwrap();
    assert!(position(next) < position(&edge["node"]));

    // The administrator reads the rows about no document (the clearance change, say), not
    // a document's; a leader reads none.
    assert!(
        w.log("admin", json!({"documentId": normal}))
            .await
            .is_empty()
    );
    let admin_rows = w.log("admin", json!({})).await;
    assert!(
        admin_rows
            .iter()
            .any(|r| r["eventType"] == "organisation.person-updated")
    );
    assert!(admin_rows.iter().all(|r| r["documentId"].is_null()));
    assert_eq!(
        w.refused("ld.tccb", LOG, json!({})).await,
        ("FORBIDDEN".to_owned(), "NOT_AN_AUDITOR".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outgoing_document_has_its_history_and_a_late_recall_names_who_acted() {
    let w = World::new(&["cv.congchuc1", "ld.tccb", "vanthu.khtc", "auditor"]).await;
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
        OUTGOING_ACT,
        json!({"i": {"documentId": id, "action": "submit_to_leader"}}),
    )
    .await;

    // Its history, for the drafter, the leader whose pool holds it and the auditor.
    for reader in ["cv.congchuc1", "ld.tccb", "auditor"] {
        let history = w.ok(reader, HISTORY, json!({"id": id})).await;
        let nodes = history["documentHistory"]["nodes"].as_array().unwrap();
        let types: Vec<&str> = nodes
            .iter()
            .map(|n| n["eventType"].as_str().unwrap())
            .collect();
        assert_eq!(
            types,
            ["outgoing.draft-created", "outgoing.action-taken"],
            "{reader}"
        );
        assert_eq!(nodes[1]["action"], "submit_to_leader");
        assert_eq!(nodes[1]["actedBy"]["name"], w.name("cv.congchuc1"));
    }
    // Someone who may not open it gets no history.
    let (code, _) = w.refused("vanthu.khtc", HISTORY, json!({"id": id})).await;
    assert!(code == "FORBIDDEN" || code == "NOT_FOUND", "{code}");

    // The leader keeps it in a new version: the drafter can no longer recall it, and is
    // told who acted and when.
    w.ok(
        "ld.tccb",
        ADD_VERSION,
        json!({"d": id, "files": [{"sha256": draft.sha256, "name": "du-thao-v2.pdf"}]}),
    )
    .await;
    let recall = w
        .run_in(
            "cv.congchuc1",
            None,
            OUTGOING_ACT,
            json!({"i": {"documentId": id, "action": "recall"}}),
        )
        .await;
    let (code, reason, _) = error(&recall);
    assert_eq!(
        (code.as_str(), reason.as_deref()),
        ("CONFLICT", Some("RECIPIENT_ACTED"))
    );
    assert_eq!(extension(&recall, "actedBy"), Some(w.person("ld.tccb")));
    assert_eq!(extension(&recall, "actedByName"), Some(w.name("ld.tccb")));
    assert!(extension(&recall, "actedAt").is_some());
    // The new version is in the history too.
    let history = w.ok("auditor", HISTORY, json!({"id": id})).await;
    assert!(
        history["documentHistory"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["eventType"] == "outgoing.version-added"
                && n["actedBy"]["name"] == w.name("ld.tccb"))
    );
}
