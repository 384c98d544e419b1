//! Durable reactions: the server is killed (`kill -9`) again and again while 16 clients
//! approve wide fan-outs (15 units each) or issue documents to three units, and a unit
//! refuses its copies; after the last restart every action a client was told was done has
//! all its effects, exactly once — each unit's copy of each approved document, each
//! recipient's copy of each issued document, and the parent re-opened once per refusal.
//!
//! Clients behave as the web client does: every mutation carries an idempotency key, and a
//! call that got no answer (the server died) is sent again with the same key until it is
//! answered. An answer is an acknowledgement; what it acknowledged must survive.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

/// The demo accounts' signing PIN (`chancery_commands::seed::DEMO_SIGNING_PIN`).
const DEMO_SIGNING_PIN: &str = "246810";

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use chancery_e2e::{Api, PATIENCE, Server, Session, chancery, nix_kill, pdf};
use chancery_test_support::TestDb;
use serde_json::{Value, json};
use tokio::sync::RwLock;

const KILLS: usize = 20;
const CLIENTS: usize = 16;
const WIDE: usize = 15;

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!, $key: ID) { receivePaperDocument(input: $input, idempotencyKey: $key) { document { id } } }";
const REGISTER: &str = "mutation($d: ID!, $r: ID!, $key: ID) { registerDocument(documentId: $d, registerId: $r, idempotencyKey: $key) { number } }";
const CREATE: &str = "mutation($input: CreateDraftInput!, $key: ID) { createDraft(input: $input, idempotencyKey: $key) { document { id } } }";
const OUTGOING_ACT: &str = "mutation($input: OutgoingActionInput!, $key: ID) { outgoingAction(input: $input, idempotencyKey: $key) { document { id step } } }";
/// Clients issuing outgoing documents (the others approve fan-outs).
const ISSUERS: usize = 4;
const ACT: &str = "mutation($input: DocumentActionInput!, $key: ID) { documentAction(input: $input, idempotencyKey: $key) { document { id step } } }";

/// Calls the server until it answers (its answer, errors included): a call that fails
/// because the server is down is sent again, same key, to wherever it listens now.
async fn call(base: &RwLock<String>, who: &Session, query: &str, variables: Value) -> Value {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let deadline = tokio::time::Instant::now() + PATIENCE * 4;
    loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never answered: {query}"
        );
        let url = format!("{}/graphql", base.read().await);
        let sent = http
            .post(url)
            .bearer_auth(&who.token)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await;
        if let Ok(response) = sent
            && response.status().is_success()
            && let Ok(answer) = response.json::<Value>().await
        {
            // An answer from a server shutting down mid-request is no answer.
            let code = answer["errors"][0]["extensions"]["code"].as_str();
            if !matches!(code, Some("UNAVAILABLE" | "INTERNAL")) {
                return answer;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn ok(base: &RwLock<String>, who: &Session, query: &str, variables: Value) -> Value {
    let answer = call(base, who, query, variables).await;
    assert!(
        answer["errors"].is_null(),
        "{} ran {query}: {answer}",
        who.username
    );
    answer["data"].clone()
}

async fn upload(base: &RwLock<String>, who: &Session, bytes: Vec<u8>) -> String {
    let http = reqwest::Client::new();
    loop {
        let url = format!("{}/files", base.read().await);
        let sent = http
            .post(url)
            .query(&[("name", "scan.pdf")])
            .bearer_auth(&who.token)
            .body(bytes.clone())
            .send()
            .await;
        if let Ok(response) = sent
            && response.status().as_u16() == 201
            && let Ok(stored) = response.json::<Value>().await
        {
            return stored["sha256"].as_str().unwrap().to_owned();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn key() -> String {
    uuid::Uuid::now_v7().to_string()
}

struct People {
    clerk: Session,
    officer: Session,
    leader: Session,
    unit_clerk: Session,
    register: String,
    units: Vec<String>,
    drafter: Session,
    signer: Session,
    issuing_clerk: Session,
    outgoing_register: String,
    recipients: Vec<String>,
}

/// One issuing round: a P4 draft to three units, submitted, signed, accepted and issued;
/// the issuance's answer is the acknowledgement. Answers the outgoing document.
async fn issuing_round(base: &RwLock<String>, p: &People, n: usize) -> String {
    let sha = upload(
        base,
        &p.drafter,
        chancery_signing::sample::sample_pdf(1, &format!("issue {n}")).unwrap(),
    )
    .await;
    let recipients: Vec<Value> = p
        .recipients
        .iter()
        .map(|u| json!({"unitId": u, "delivery": "ELECTRONIC_ONLY"}))
        .collect();
    let fields = json!({
        "documentType": "cong-van",
        "summary": format!("Công văn thử nghiệm số {n}"),
        "urgency": "NORMAL",
        "confidentiality": "NORMAL",
        "recipients": recipients,
    });
    let data = ok(
        base,
        &p.drafter,
        CREATE,
        json!({"input": {"process": "p4-outgoing-unit", "fields": fields, "files": [{"sha256": sha, "name": "du-thao.pdf"}]}, "key": key()}),
    )
    .await;
    let doc = data["createDraft"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let steps = [
        (
            &p.drafter,
            json!({"documentId": doc, "action": "submit_to_leader"}),
        ),
        (
            &p.signer,
            json!({"documentId": doc, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
        ),
        (
            &p.issuing_clerk,
            json!({"documentId": doc, "action": "accept"}),
        ),
        (
            &p.issuing_clerk,
            json!({"documentId": doc, "action": "issue", "confirmation": {"pin": DEMO_SIGNING_PIN}, "registerId": p.outgoing_register}),
        ),
    ];
    for (who, input) in steps {
        ok(
            base,
            who,
            OUTGOING_ACT,
            json!({"input": input, "key": key()}),
        )
        .await;
    }
    doc
}

/// One client's round: a document received, registered, forwarded, proposed for 15 units
/// and approved; the approval's answer is the acknowledgement. Answers the document.
async fn round(base: &RwLock<String>, p: &People, n: usize) -> String {
    let sha = upload(base, &p.clerk, pdf(&format!("crash {n}"))).await;
    let metadata = json!({
        "issuingBody": "Bộ Tài chính",
        "numberNotation": format!("{n}/BTC-VP"),
        "documentDate": "2026-01-05",
        "documentType": "cong-van",
        "summary": format!("Văn bản thử nghiệm số {n}"),
        "pageCount": 1,
    });
    let data = ok(
        base,
        &p.clerk,
        RECEIVE,
        json!({"input": {"metadata": metadata, "files": [{"sha256": sha, "name": "scan.pdf"}]}, "key": key()}),
    )
    .await;
    let doc = data["receivePaperDocument"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        base,
        &p.clerk,
        REGISTER,
        json!({"d": doc, "r": p.register, "key": key()}),
    )
    .await;
    let steps = [
        (
            &p.clerk,
            json!({"documentId": doc, "action": "forward_to_general_affairs", "note": "Kính chuyển"}),
        ),
        (
            &p.officer,
            json!({"documentId": doc, "action": "propose_assignment", "units": p.units}),
        ),
        (
            &p.leader,
            json!({"documentId": doc, "action": "approve_assignment", "units": p.units}),
        ),
    ];
    for (who, input) in steps {
        ok(base, who, ACT, json!({"input": input, "key": key()})).await;
    }
    doc
}

async fn restart(db: &TestDb, files: &std::path::Path, addr: &str) -> Server {
    let mut command = chancery(Some(&db.url()));
    command
        .env("CHANCERY__FILES__DIR", files)
        .env("CHANCERY__FILES__MAX_BYTES", "100000");
    Server::start_on(command, &["--demo"], addr).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_fan_outs_issuances_and_refusals_survive_kill_9_exactly_once() {
    let db = TestDb::new().await;
    let files = std::env::temp_dir().join(format!("chancery-crash-files-{}", uuid::Uuid::now_v7()));
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().to_string()
    };
    let mut server = restart(&db, &files, &addr).await;
    server.wait_ready().await;
    let base = Arc::new(RwLock::new(server.base.clone()));
    let api = Api::new(&server);

    // Fifteen units: fourteen new ones and the archives department, whose clerk refuses.
    let admin = api.login("admin").await;
    let clerk = api.login("vanthu.bo").await;
    let unit_clerk = api.login("vanthu.vtlt").await;
    // The ministry (the office whose clerk vanthu.bo is) and its incoming register.
    let registers = api
        .ok(
            &clerk,
            "{ registers { edges { node { id kind ownerUnitId code } } } }",
            json!({}),
        )
        .await;
    let mut found = None;
    for r in registers["registers"]["edges"].as_array().unwrap() {
        let r = &r["node"];
        if r["kind"] != "incoming" || r["code"] != "den" {
            continue;
        }
        let owner = r["ownerUnitId"].as_str().unwrap();
        let unit = api
            .ok(
                &admin,
                "query($u: ID!) { unit(id: $u) { kind abbreviation } }",
                json!({"u": owner}),
            )
            .await;
        if unit["unit"]["abbreviation"] == "BNV" {
            found = Some((owner.to_owned(), r["id"].as_str().unwrap().to_owned()));
        }
    }
    let (agency, register) = found.expect("the ministry's incoming register");
    let mut units = vec![unit_clerk.unit.clone()];
    for n in 1..WIDE {
        let created = api
            .ok(
                &admin,
                "mutation($i: UnitInput!) { createUnit(input: $i) { id } }",
                json!({"i": {"parentId": agency, "kind": "UNIT", "code": format!("crash{n}"), "abbreviation": format!("C{n}"), "name": format!("Đơn vị thử nghiệm {n}")}}),
            )
            .await;
        units.push(created["createUnit"]["id"].as_str().unwrap().to_owned());
    }
    let issuing_clerk = api.login("vanthu.tccb").await;
    let outgoing_register = registers["registers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|r| r["ownerUnitId"] == issuing_clerk.unit && r["kind"] == "outgoing")
        .expect("the personnel department's outgoing register")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let recipients = vec![
        unit_clerk.unit.clone(),
        api.login("vanthu.khtc").await.unit,
        agency.clone(),
    ];
    let people = Arc::new(People {
        clerk,
        officer: api.login("tonghop.cv1").await,
        leader: api.login("tonghop.ld").await,
        unit_clerk,
        register,
        units,
        drafter: api.login("cv.congchuc1").await,
        signer: api.login("ld.tccb").await,
        issuing_clerk,
        outgoing_register,
        recipients,
    });

    // The clients: rounds until the killer is done.
    let killing = Arc::new(AtomicBool::new(true));
    let started = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let (base, people, killing, started) = (
            base.clone(),
            people.clone(),
            killing.clone(),
            started.clone(),
        );
        clients.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            let mut i = 0;
            let issuer = c < ISSUERS;
            while killing.load(Ordering::SeqCst) || i == 0 {
                started.fetch_add(1, Ordering::SeqCst);
                let n = c * 1000 + i;
                let doc = if issuer {
                    issuing_round(&base, &people, n).await
                } else {
                    round(&base, &people, n).await
                };
                acknowledged.push((issuer, doc));
                i += 1;
            }
            acknowledged
        }));
    }
    // The refuser: the archives' clerk refuses the copies of the documents it finds, each
    // refusal acknowledged by its answer.
    let refuser = {
        let (base, people, killing) = (base.clone(), people.clone(), killing.clone());
        let client = db.connect().await;
        tokio::spawn(async move {
            let mut refused: Vec<(String, String)> = Vec::new();
            let mut seen = BTreeSet::new();
            while killing.load(Ordering::SeqCst) {
                let rows = client
                    .query(
                        "SELECT payload->>'document_id', payload->>'parent_id' FROM events \
                         WHERE event_type = 'document.received' AND payload->>'unit_id' = $1 \
                           AND payload->>'parent_id' IS NOT NULL",
                        &[&people.unit_clerk.unit],
                    )
                    .await
                    .unwrap();
                for row in rows {
                    let (child, parent): (String, String) = (row.get(0), row.get(1));
                    if !seen.insert(child.clone()) || seen.len() % 3 != 0 {
                        continue;
                    }
                    let answer = call(
                        &base,
                        &people.unit_clerk,
                        ACT,
                        json!({"input": {"documentId": child, "action": "refuse_assignment", "note": "Không thuộc chức năng"}, "key": key()}),
                    )
                    .await;
                    if answer["errors"].is_null() {
                        refused.push((child, parent));
                    }
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            refused
        })
    };

    // The killer: twenty times, once the clients are busy, kill -9 and start again.
    for kill in 0..KILLS {
        let wait = 600 + (kill * 397) % 1_400;
        tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        nix_kill(server.child.id().unwrap(), libc::SIGKILL);
        let _ = server.child.wait().await;
        server = restart(&db, &files, &addr).await;
        *base.write().await = server.base.clone();
    }
    killing.store(false, Ordering::SeqCst);
    let mut acknowledged = Vec::new();
    let mut issued = Vec::new();
    for client in clients {
        for (issuer, doc) in client.await.unwrap() {
            if issuer {
                issued.push(doc);
            } else {
                acknowledged.push(doc);
            }
        }
    }
    let refused = refuser.await.unwrap();
    // Everything recorded is carried out: the reactions catch up with the head.
    tokio::time::timeout(PATIENCE, async {
        loop {
            let (_, body) = server.get("/readyz").await;
            let ready: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            if ready["reactions"]
                .as_array()
                .is_some_and(|r| !r.is_empty() && r.iter().all(|r| r["lag"] == 0))
                // (A server without reactions — before they existed — once it is ready.)
                || (ready["reactions"].is_null() && ready["status"] == "ready")
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the reactions catch up");

    let client = db.connect().await;
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in client
        .query(
            "SELECT payload->>'parent_id', payload->>'unit_id' FROM events \
             WHERE event_type = 'document.received' AND payload->>'parent_id' IS NOT NULL",
            &[],
        )
        .await
        .unwrap()
    {
        children.entry(row.get(0)).or_default().push(row.get(1));
    }
    let wanted: BTreeSet<&String> = people.units.iter().collect();
    let mut incomplete = Vec::new();
    for doc in &acknowledged {
        let made = children.get(doc).cloned().unwrap_or_default();
        let distinct: BTreeSet<&String> = made.iter().collect();
        if made.len() != WIDE || distinct != wanted {
            incomplete.push((doc.clone(), made.len()));
        }
    }
    assert!(
        incomplete.is_empty(),
        "{} of {} acknowledged approvals lack or repeat unit copies (document, copies): {incomplete:?}",
        incomplete.len(),
        acknowledged.len()
    );
    // Every acknowledged issuance: one copy per recipient unit, each received once.
    let mut received: BTreeMap<String, usize> = BTreeMap::new();
    for row in client
        .query(
            "SELECT payload->>'document_id' FROM events WHERE event_type = 'document.received'",
            &[],
        )
        .await
        .unwrap()
    {
        *received.entry(row.get(0)).or_default() += 1;
    }
    let mut undelivered = Vec::new();
    for doc in &issued {
        let rows = client
            .query(
                "SELECT payload FROM events WHERE event_type = 'outgoing.issued' \
                 AND payload->>'document_id' = $1",
                &[doc],
            )
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "{doc} issued once");
        let payload: Value = rows[0].get(0);
        let copies: Vec<String> = payload["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["copy_id"].as_str().map(str::to_owned))
            .collect();
        let delivered = copies
            .iter()
            .filter(|c| received.get(*c) == Some(&1))
            .count();
        if copies.len() != people.recipients.len() || delivered != copies.len() {
            undelivered.push((doc.clone(), delivered));
        }
    }
    assert!(
        undelivered.is_empty(),
        "{} of {} acknowledged issuances lack recipient copies (document, copies made): {undelivered:?}",
        undelivered.len(),
        issued.len()
    );
    let mut reopened: BTreeMap<String, usize> = BTreeMap::new();
    for row in client
        .query(
            "SELECT payload->>'child_id' FROM events WHERE event_type = 'document.reopened'",
            &[],
        )
        .await
        .unwrap()
    {
        *reopened.entry(row.get(0)).or_default() += 1;
    }
    let wrong: Vec<_> = refused
        .iter()
        .filter(|(child, _)| reopened.get(child) != Some(&1))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} acknowledged refusals did not re-open their parent exactly once: {wrong:?}",
        wrong.len(),
        refused.len()
    );
    assert!(
        acknowledged.len() >= CLIENTS - ISSUERS && issued.len() >= ISSUERS && !refused.is_empty(),
        "the load ran: {} approvals, {} issuances, {} refusals, {} rounds started",
        acknowledged.len(),
        issued.len(),
        refused.len(),
        started.load(Ordering::SeqCst)
    );
    eprintln!(
        "{KILLS} kills: {} approvals of {WIDE} units, {} issuances to {} units and {} refusals acknowledged, every effect exactly once",
        acknowledged.len(),
        issued.len(),
        people.recipients.len(),
        refused.len()
    );
    let _ = std::fs::remove_dir_all(&files);
}
