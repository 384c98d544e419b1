//! Processes P1 and P2 end to end, through GraphQL over HTTP, logged in as the demo people
//! of `chancery serve --demo`: every row of the two tables, with the returns, refusals and
//! recalls, the three-unit fan-out with three arrival numbers, the inputs that must be
//! refused, races and double clicks, and the register book against a fresh rebuild.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_e2e::{Api, Server, Session, chancery, pdf};
use chancery_test_support::TestDb;
use serde_json::{Value, json};

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!, $key: ID) { receivePaperDocument(input: $input, idempotencyKey: $key) { document { id step files { sha256 url } } probableDuplicates { number } written { visible } } }";
const REGISTER: &str = "mutation($d: ID!, $r: ID!, $key: ID) { registerDocument(documentId: $d, registerId: $r, idempotencyKey: $key) { number document { step arrival { number year } } } }";
const ACT: &str = "mutation($input: DocumentActionInput!, $key: ID) { documentAction(input: $input, idempotencyKey: $key) { document { id step finished availableActions { action } unitsProgress { documentId unitName step arrivalNumber } workItems { kind state holder { positionId } } } written { visible } } }";
const ACTIONS: &str = "query($d: ID!) { availableActions(documentId: $d) { action } }";
const DOCUMENT: &str = "query($d: ID!) { document(id: $d) { id step finished unitName arrival { number } mainHandler { positionId } coHandlers { positionId } unitsProgress { documentId unitName step arrivalNumber } workItems { kind state holder { positionId } } } }";
const INBOX: &str = "query($box: InboxBox!) { inbox(box: $box, first: 100) { edges { node { documentId step kind state read } } } }";

struct World {
    api: Api,
    db: TestDb,
    _server: Server,
    files_dir: std::path::PathBuf,
}

async fn world() -> World {
    let db = TestDb::new().await;
    let files_dir =
        std::env::temp_dir().join(format!("chancery-e2e-files-{}", uuid::Uuid::now_v7()));
    let mut command = chancery(Some(&db.url()));
    command
        .env("CHANCERY__FILES__DIR", &files_dir)
        .env("CHANCERY__FILES__MAX_BYTES", "100000");
    let server = Server::start_with(command, &["--demo"]).await;
    server.wait_ready().await;
    World {
        api: Api::new(&server),
        db,
        _server: server,
        files_dir,
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.files_dir);
    }
}

fn metadata(notation: &str, summary: &str) -> Value {
    json!({
        "issuingBody": "Bộ Tài chính",
        "numberNotation": notation,
        "documentDate": "2026-01-05",
        "documentType": "cong-van",
        "summary": summary,
        "pageCount": 2,
        "urgency": "URGENT",
    })
}

async fn upload_scan(api: &Api, who: &Session, text: &str) -> String {
    let (status, stored) = api.upload(who, "scan.pdf", pdf(text)).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["mediaType"], "application/pdf");
    stored["sha256"].as_str().unwrap().to_owned()
}

async fn receive(api: &Api, clerk: &Session, notation: &str, summary: &str) -> String {
    let sha = upload_scan(api, clerk, notation).await;
    let data = api
        .ok(
            clerk,
            RECEIVE,
            json!({"input": {"metadata": metadata(notation, summary), "files": [{"sha256": sha, "name": "scan.pdf"}]}}),
        )
        .await;
    data["receivePaperDocument"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn incoming_register(api: &Api, who: &Session, unit: &str) -> String {
    let data = api
        .ok(
            who,
            "{ registers { edges { node { id kind ownerUnitId code } } } }",
            json!({}),
        )
        .await;
    data["registers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|r| r["ownerUnitId"] == unit && r["kind"] == "incoming" && r["code"] == "den")
        .unwrap_or_else(|| panic!("no incoming register of {unit}: {data}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn act(api: &Api, who: &Session, input: Value) -> Value {
    api.ok(who, ACT, json!({"input": input})).await["documentAction"]["document"].clone()
}

async fn actions(api: &Api, who: &Session, document: &str) -> Vec<String> {
    let data = api.ok(who, ACTIONS, json!({"d": document})).await;
    let mut list: Vec<String> = data["availableActions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect();
    list.sort();
    list
}

async fn pending(api: &Api, who: &Session) -> Vec<String> {
    let data = api.ok(who, INBOX, json!({"box": "PENDING"})).await;
    data["inbox"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["documentId"].as_str().unwrap().to_owned())
        .collect()
}

fn deadline_in(days: i64) -> String {
    // A weekday well ahead: deadlines on weekends or holidays are refused.
    let mut day = chrono::Utc::now().date_naive() + chrono::Duration::days(days);
    use chrono::Datelike as _;
    while matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
        day += chrono::Duration::days(1);
    }
    day.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p1_and_p2_walk_every_row_with_returns_refusals_and_recalls() {
    let w = world().await;
    let api = &w.api;
    let clerk = api.login("vanthu.bo").await;
    let ga1 = api.login("tonghop.cv1").await;
    let ga2 = api.login("tonghop.cv2").await;
    let ga_lead = api.login("tonghop.ld").await;
    let tccb_clerk = api.login("vanthu.tccb").await;
    let khtc_clerk = api.login("vanthu.khtc").await;
    let vtlt_clerk = api.login("vanthu.vtlt").await;
    let tccb_lead = api.login("ld.tccb").await;
    let head = api.login("tp.congchuc").await;
    let specialist = api.login("cv.congchuc1").await;
    let co_specialist = api.login("cv.congchuc2").await;
    let other_agency = api.login("cv.tcbc").await;
    let units = |s: &Session| s.unit.clone();

    // --- P1 step 1: receive a paper document; a second click makes no second one.
    let sha = upload_scan(api, &clerk, "01").await;
    let key = uuid::Uuid::now_v7().to_string();
    let input = json!({"metadata": metadata("125/BTC-VP", "Về việc hướng dẫn quyết toán ngân sách năm 2026"), "files": [{"sha256": sha, "name": "scan.pdf"}]});
    let first = api
        .ok(&clerk, RECEIVE, json!({"input": input, "key": key}))
        .await;
    let again = api
        .ok(&clerk, RECEIVE, json!({"input": input, "key": key}))
        .await;
    let doc = first["receivePaperDocument"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        again["receivePaperDocument"]["document"]["id"],
        doc.as_str()
    );
    assert_eq!(first["receivePaperDocument"]["document"]["step"], "receive");
    assert!(
        first["receivePaperDocument"]["written"]["visible"]
            .as_bool()
            .unwrap()
    );
    assert_eq!(actions(api, &clerk, &doc).await, ["refuse", "register"]);
    // The clerk sits in the ministry's administration department and keeps the ministry's
    // registers: the document is the ministry's.
    let ministry = api
        .ok(
            &clerk,
            "query($d: ID!) { document(id: $d) { unitId } }",
            json!({"d": doc}),
        )
        .await["document"]["unitId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(ministry, clerk.unit);
    assert!(pending(api, &clerk).await.contains(&doc));
    // The scan downloads for the clerk, not for someone it was never routed to.
    let url = first["receivePaperDocument"]["document"]["files"][0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let download = api
        .http
        .get(format!("{}{url}", api.base))
        .bearer_auth(&clerk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf("01"));
    let denied = api
        .http
        .get(format!("{}{url}", api.base))
        .bearer_auth(&specialist.token)
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status().as_u16(), 403);
    let anonymous = api
        .http
        .get(format!("{}{url}", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);

    // Someone not holding the step's role, and an action the step does not have.
    let (code, reason) = api
        .refused(
            &ga1,
            ACT,
            json!({"input": {"documentId": doc, "action": "register"}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_YOUR_STEP")
    );
    let (code, reason) = api
        .refused(
            &clerk,
            ACT,
            json!({"input": {"documentId": doc, "action": "finish", "note": "x"}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "ACTION_NOT_ALLOWED")
    );

    // --- Step 2: register. Two racing clicks with different keys take ONE number.
    let register = incoming_register(api, &clerk, &ministry).await;
    let (a, b) = tokio::join!(
        api.call(Some(&clerk), REGISTER, json!({"d": doc, "r": register})),
        api.call(Some(&clerk), REGISTER, json!({"d": doc, "r": register})),
    );
    let numbers: Vec<&Value> = [&a, &b]
        .iter()
        .map(|x| &x["data"]["registerDocument"]["number"])
        .filter(|n| !n.is_null())
        .collect();
    assert_eq!(numbers, [&json!(1)], "{a} {b}");
    let loser = if a["errors"].is_null() { &b } else { &a };
    assert_eq!(
        loser["errors"][0]["extensions"]["code"], "CONFLICT",
        "{loser}"
    );
    // A probable duplicate is pointed out when the same document comes in again.
    let sha2 = upload_scan(api, &clerk, "dup").await;
    let dup = api
        .ok(&clerk, RECEIVE, json!({"input": {"metadata": metadata(" 125/btc-vp ", "Bản trùng"), "files": [{"sha256": sha2, "name": "scan.pdf"}]}}))
        .await;
    assert_eq!(
        dup["receivePaperDocument"]["probableDuplicates"][0]["number"], 1,
        "{dup}"
    );
    // Before receiving it a third time, the form's warning names both: the registered one
    // and the one received and not registered yet (the same paper typed in twice).
    let dup_id = dup["receivePaperDocument"]["document"]["id"].clone();
    let alike = api
        .ok(
            &clerk,
            "query { probableDuplicates(issuingBody: \"bộ tài chính\", numberNotation: \"125/BTC-VP\") { nodes { documentId number } } }",
            json!({}),
        )
        .await;
    let nodes = &alike["probableDuplicates"]["nodes"];
    assert_eq!(nodes.as_array().map(Vec::len), Some(2), "{alike}");
    assert!(
        nodes
            .as_array()
            .into_iter()
            .flatten()
            .any(|n| n["documentId"] == dup_id && n["number"].is_null()),
        "{alike}"
    );

    // --- Step 3: forward to General Affairs; the clerk recalls it before anyone acts, and
    // forwards it again.
    let d = act(api, &clerk, json!({"documentId": doc, "action": "forward_to_general_affairs", "expectedStep": "update", "note": "Kính chuyển Phòng Tổng hợp"})).await;
    assert_eq!(d["step"], "propose");
    assert!(pending(api, &ga1).await.contains(&doc));
    assert!(
        actions(api, &clerk, &doc)
            .await
            .contains(&"recall".to_owned())
    );
    let d = act(api, &clerk, json!({"documentId": doc, "action": "recall"})).await;
    assert_eq!(d["step"], "update");
    assert!(!pending(api, &ga1).await.contains(&doc));
    act(
        api,
        &clerk,
        json!({"documentId": doc, "action": "forward_to_general_affairs", "note": "Chuyển lại"}),
    )
    .await;

    // General Affairs finds it misdirected and sends it back to the clerk; the clerk
    // forwards it again.
    let d = act(
        api,
        &ga1,
        json!({"documentId": doc, "action": "recall_to_clerk", "note": "Chuyển nhầm"}),
    )
    .await;
    assert_eq!(d["step"], "update");
    act(api, &clerk, json!({"documentId": doc, "action": "forward_to_general_affairs", "note": "Đã kiểm tra lại"})).await;

    // Two officers propose at once: one wins, the other is told the step moved on.
    let three = json!([units(&tccb_clerk), units(&khtc_clerk), units(&vtlt_clerk)]);
    let proposal = json!({"input": {"documentId": doc, "action": "propose_assignment", "expectedStep": "propose", "units": three}});
    let (x, y) = tokio::join!(
        api.call(Some(&ga1), ACT, proposal.clone()),
        api.call(Some(&ga2), ACT, proposal.clone())
    );
    let wins = [&x, &y].iter().filter(|r| r["errors"].is_null()).count();
    assert_eq!(wins, 1, "{x} {y}");
    let lost = if x["errors"].is_null() { &y } else { &x };
    assert_eq!(
        lost["errors"][0]["extensions"]["code"], "CONFLICT",
        "{lost}"
    );

    // --- The leader of General Affairs sends the proposal back; it is proposed again and
    // approved: one document per unit, each with its own P2.
    let d = act(
        api,
        &ga_lead,
        json!({"documentId": doc, "action": "send_back", "note": "Bổ sung Cục Văn thư"}),
    )
    .await;
    assert_eq!(d["step"], "propose");
    act(
        api,
        &ga1,
        json!({"documentId": doc, "action": "propose_assignment", "units": three}),
    )
    .await;
    // Units of another agency are refused.
    let (code, reason) = api
        .refused(&ga_lead, ACT, json!({"input": {"documentId": doc, "action": "approve_assignment", "units": [units(&other_agency)]}}))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "OUTSIDE_THE_AGENCY")
    );
    let key = uuid::Uuid::now_v7().to_string();
    let approve = json!({"input": {"documentId": doc, "action": "approve_assignment", "units": three}, "key": key});
    let d = api.ok(&ga_lead, ACT, approve.clone()).await["documentAction"]["document"].clone();
    // Double click: acts once.
    api.ok(&ga_lead, ACT, approve).await;
    assert_eq!(d["step"], "routed");
    assert!(d["finished"].as_bool().unwrap());
    assert_eq!(d["unitsProgress"].as_array().unwrap().len(), 3, "{d}");

    // --- Each unit registers its copy with its own arrival number.
    let tccb_doc = progress_child(api, &tccb_clerk, &pending(api, &tccb_clerk).await, &doc).await;
    let khtc_doc = progress_child(api, &khtc_clerk, &pending(api, &khtc_clerk).await, &doc).await;
    let vtlt_doc = progress_child(api, &vtlt_clerk, &pending(api, &vtlt_clerk).await, &doc).await;
    let mut arrival = Vec::new();
    for (who, copy) in [
        (&tccb_clerk, &tccb_doc),
        (&khtc_clerk, &khtc_doc),
        (&vtlt_clerk, &vtlt_doc),
    ] {
        let register = incoming_register(api, who, &unit_of(api, who, copy).await).await;
        let data = api
            .ok(who, REGISTER, json!({"d": copy, "r": register}))
            .await;
        arrival.push((
            register,
            data["registerDocument"]["number"].as_i64().unwrap(),
        ));
    }
    assert_eq!(arrival.iter().map(|a| a.1).collect::<Vec<_>>(), [1, 1, 1]);
    assert_eq!(
        arrival
            .iter()
            .map(|a| &a.0)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        3,
        "three registers"
    );
    // The ministry sees every unit's progress.
    let parent = api.ok(&ga_lead, DOCUMENT, json!({"d": doc})).await;
    let numbers: Vec<i64> = parent["document"]["unitsProgress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["arrivalNumber"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 1, 1], "{parent}");

    // --- P2 in the personnel department: to the leader, who returns it to the clerk.
    let d = act(
        api,
        &tccb_clerk,
        json!({"documentId": tccb_doc, "action": "submit_to_leader", "main": tccb_lead.position}),
    )
    .await;
    assert_eq!(d["step"], "direct");
    let d = act(api, &tccb_lead, json!({"documentId": tccb_doc, "action": "return_to_clerk", "note": "Đề nghị bổ sung hồ sơ"})).await;
    assert_eq!(d["step"], "update");
    act(
        api,
        &tccb_clerk,
        json!({"documentId": tccb_doc, "action": "submit_to_leader", "main": tccb_lead.position}),
    )
    .await;
    // The leader's direction: a deadline in the past and a recipient of another agency are
    // refused; then to the department.
    let (code, reason) = api
        .refused(&tccb_lead, ACT, json!({"input": {"documentId": tccb_doc, "action": "forward_to_department", "main": head.position, "note": "x", "deadline": "2020-01-06"}}))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "IN_THE_PAST")
    );
    let (code, reason) = api
        .refused(&tccb_lead, ACT, json!({"input": {"documentId": tccb_doc, "action": "forward_to_department", "main": other_agency.position, "note": "x", "deadlineInWorkingDays": 5}}))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "OUTSIDE_THE_AGENCY")
    );
    let d = act(api, &tccb_lead, json!({"documentId": tccb_doc, "action": "forward_to_department", "main": head.position, "note": "Giao Phòng Công chức chủ trì", "deadlineInWorkingDays": 5})).await;
    assert_eq!(d["step"], "department");
    // The head forwards to a specialist with a co-handler, recalls it before they act,
    // and forwards again.
    let forward = json!({"documentId": tccb_doc, "action": "forward_to_specialist", "main": specialist.position, "co": [co_specialist.position], "deadline": deadline_in(10)});
    act(api, &head, forward.clone()).await;
    assert!(pending(api, &specialist).await.contains(&tccb_doc));
    assert!(pending(api, &co_specialist).await.contains(&tccb_doc));
    let d = act(
        api,
        &head,
        json!({"documentId": tccb_doc, "action": "recall"}),
    )
    .await;
    assert_eq!(d["step"], "department");
    assert!(!pending(api, &specialist).await.contains(&tccb_doc));
    act(api, &head, forward).await;
    // Once the specialist has acted, the recall is refused: the recipient acted.
    act(
        api,
        &specialist,
        json!({"documentId": tccb_doc, "action": "file"}),
    )
    .await;
    assert!(
        !actions(api, &head, &tccb_doc)
            .await
            .contains(&"recall".to_owned())
    );
    let (code, reason) = api
        .refused(
            &head,
            ACT,
            json!({"input": {"documentId": tccb_doc, "action": "recall"}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "RECIPIENT_ACTED")
    );
    // The co-handler works beside the main handler: they complete their part, but do not
    // end the document for everyone.
    let theirs = actions(api, &co_specialist, &tccb_doc).await;
    assert!(
        theirs.contains(&"complete_part".to_owned()) && !theirs.contains(&"finish".to_owned()),
        "{theirs:?}"
    );
    let (code, reason) = api
        .refused(
            &co_specialist,
            ACT,
            json!({"input": {"documentId": tccb_doc, "action": "finish", "note": "x"}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_THE_MAIN_HANDLER")
    );
    let d = act(
        api,
        &co_specialist,
        json!({"documentId": tccb_doc, "action": "complete_part", "note": "Đã có ý kiến phối hợp"}),
    )
    .await;
    assert_eq!(
        d["step"], "handle",
        "the document stays with its main handler"
    );
    assert!(!pending(api, &co_specialist).await.contains(&tccb_doc));
    let done = api
        .ok(&co_specialist, INBOX, json!({"box": "PROCESSED"}))
        .await;
    assert!(done.to_string().contains(&tccb_doc));
    assert!(
        !actions(api, &co_specialist, &tccb_doc)
            .await
            .contains(&"complete_part".to_owned())
    );
    let d = act(
        api,
        &specialist,
        json!({"documentId": tccb_doc, "action": "finish", "note": "Đã tham mưu văn bản trả lời"}),
    )
    .await;
    assert_eq!(d["step"], "finished");
    assert!(d["finished"].as_bool().unwrap());
    assert!(!pending(api, &specialist).await.contains(&tccb_doc));
    let processed = api
        .ok(&specialist, INBOX, json!({"box": "PROCESSED"}))
        .await;
    assert!(processed.to_string().contains(&tccb_doc));

    // --- A unit refuses a wrong assignment back to General Affairs (second document).
    let doc2 = receive(api, &clerk, "77/BTC-NSNN", "Về việc không thuộc lĩnh vực").await;
    api.ok(&clerk, REGISTER, json!({"d": doc2, "r": register}))
        .await;
    act(
        api,
        &clerk,
        json!({"documentId": doc2, "action": "forward_to_general_affairs", "note": "Chuyển"}),
    )
    .await;
    act(
        api,
        &ga1,
        json!({"documentId": doc2, "action": "propose_assignment", "units": [units(&khtc_clerk)]}),
    )
    .await;
    let d = act(
        api,
        &ga_lead,
        json!({"documentId": doc2, "action": "approve_assignment", "units": [units(&khtc_clerk)]}),
    )
    .await;
    let khtc_copy = d["unitsProgress"][0]["documentId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        actions(api, &khtc_clerk, &khtc_copy)
            .await
            .contains(&"refuse_assignment".to_owned())
    );
    let d = act(api, &khtc_clerk, json!({"documentId": khtc_copy, "action": "refuse_assignment", "note": "Không thuộc chức năng của Vụ"})).await;
    assert_eq!(d["step"], "refused");
    let parent = api.ok(&ga1, DOCUMENT, json!({"d": doc2})).await;
    assert_eq!(parent["document"]["step"], "propose", "{parent}");
    assert!(!parent["document"]["finished"].as_bool().unwrap());
    assert!(pending(api, &ga1).await.contains(&doc2));

    // --- A department head finishes a document the unit's clerk sent straight to them.
    let doc3 = receive(
        api,
        &tccb_clerk,
        "12/UBND-VP",
        "Về việc cử cán bộ tham dự tập huấn",
    )
    .await;
    let tccb_register =
        incoming_register(api, &tccb_clerk, &unit_of(api, &tccb_clerk, &doc3).await).await;
    let n = api
        .ok(
            &tccb_clerk,
            REGISTER,
            json!({"d": doc3, "r": tccb_register}),
        )
        .await;
    assert_eq!(n["registerDocument"]["number"], 2);
    act(api, &tccb_clerk, json!({"documentId": doc3, "action": "forward_to_department", "main": head.position, "deadlineInWorkingDays": 3})).await;
    let d = act(
        api,
        &head,
        json!({"documentId": doc3, "action": "finish", "note": "Đã cử đồng chí Minh"}),
    )
    .await;
    assert_eq!(d["step"], "finished");

    // --- Refusal at registration (an electronic document from another agency).
    let admin = api.login("admin").await;
    let agencies = api
        .ok(
            &admin,
            "{ externalAgencies { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let agency = agencies["externalAgencies"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sha = upload_scan(api, &admin, "e1").await;
    let sent = api
        .ok(&admin, "mutation($i: SimulateElectronicDocumentInput!) { simulateElectronicDocument(input: $i) { document { id channel step } } }",
            json!({"i": {"senderAgencyId": agency, "unitId": ministry, "metadata": metadata("9/UBND-KT", "Gửi nhầm"), "files": [{"sha256": sha, "name": "vb.pdf"}]}}))
        .await;
    let e_doc = sent["simulateElectronicDocument"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        sent["simulateElectronicDocument"]["document"]["channel"],
        "electronic"
    );
    assert!(pending(api, &clerk).await.contains(&e_doc));
    let queue = "{ awaitingRegistration(first: 10) { edges { node { documentId senderAgency numberNotation } } } }";
    let waiting = api.ok(&clerk, queue, json!({})).await;
    assert_eq!(
        waiting["awaitingRegistration"]["edges"][0]["node"]["documentId"],
        e_doc.as_str(),
        "{waiting}"
    );
    assert!(waiting["awaitingRegistration"]["edges"][0]["node"]["senderAgency"].is_string());
    // Another office's clerk has their own queue, without it; a specialist has none.
    let theirs = api.ok(&tccb_clerk, queue, json!({})).await;
    assert!(!theirs.to_string().contains(&e_doc), "{theirs}");
    let (code, _) = api.refused(&specialist, queue, json!({})).await;
    assert_eq!(code, "FORBIDDEN");
    let (code, reason) = api
        .refused(
            &clerk,
            ACT,
            json!({"input": {"documentId": e_doc, "action": "refuse"}}),
        )
        .await;
    assert_eq!((code.as_str(), reason.as_str()), ("VALIDATION", "REQUIRED"));
    let d = act(
        api,
        &clerk,
        json!({"documentId": e_doc, "action": "refuse", "note": "Không đúng thẩm quyền"}),
    )
    .await;
    assert_eq!(d["step"], "refused");
    assert!(!pending(api, &clerk).await.contains(&e_doc));
    let waiting = api.ok(&clerk, queue, json!({})).await;
    assert!(
        !waiting.to_string().contains(&e_doc),
        "refused: no longer waiting"
    );
    // The sender's queue was told.
    let client = w.db.connect().await;
    let notices: i64 = client
        .query_one("SELECT count(*) FROM events WHERE event_type = 'exchange.status-sent' AND payload::jsonb->>'status' = 'refused' AND payload::jsonb->>'document_id' = $1", &[&e_doc])
        .await
        .unwrap()
        .get(0);
    assert_eq!(notices, 1);

    // --- Rejected inputs: an over-long summary, a file over the limit or of a forbidden type.
    let sha = upload_scan(api, &clerk, "long").await;
    let (code, reason) = api
        .refused(&clerk, RECEIVE, json!({"input": {"metadata": metadata("1/X", &"v".repeat(501)), "files": [{"sha256": sha, "name": "scan.pdf"}]}}))
        .await;
    assert_eq!((code.as_str(), reason.as_str()), ("VALIDATION", "TOO_LONG"));
    // One byte over the limit is refused by the store with its reason; far over it, the
    // request is cut off (413) before it is read.
    let over = [pdf("x"), vec![b' '; 100_001]].concat()[..100_001].to_vec();
    let (status, answer) = api.upload(&clerk, "big.pdf", over).await;
    assert_eq!(
        (status, answer["reason"].as_str()),
        (422, Some("TOO_LARGE")),
        "{answer}"
    );
    // (Its own client: the server closes this connection, which must not be reused.)
    let cut = reqwest::Client::new()
        .post(format!("{}/files", api.base))
        .bearer_auth(&clerk.token)
        .body([pdf("x"), vec![b' '; 1_000_000]].concat())
        .send()
        .await;
    match cut {
        Ok(response) => assert_eq!(response.status().as_u16(), 413),
        // Still writing when the server answered and closed.
        Err(error) => assert!(error.is_request(), "{error}"),
    }
    let (status, answer) = api
        .upload(
            &clerk,
            "scan.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00 program".to_vec(),
        )
        .await;
    assert_eq!(
        (status, answer["reason"].as_str()),
        (422, Some("FORBIDDEN_TYPE")),
        "{answer}"
    );
    // Worded in the caller's language (Vietnamese by default), the English kept as detail.
    let forbidden_type = chancery_domain::reason::Reason::from_code("FORBIDDEN_TYPE").unwrap();
    assert_eq!(
        answer["message"].as_str(),
        Some(forbidden_type.text(chancery_domain::reference::Lang::Vi)),
        "{answer}"
    );
    assert!(
        answer["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{answer}"
    );

    // --- The auditor replays the document as it stood in the past and verifies its chain.
    let auditor = api.login("auditor").await;
    let history = api
        .ok(&auditor, "query($d: ID!) { documentHistory(documentId: $d, first: 500) { nodes { recordedAt eventType action toStep actor { positionId } note } } }", json!({"d": tccb_doc}))
        .await;
    let entries = history["documentHistory"]["nodes"].as_array().unwrap();
    let returned = entries
        .iter()
        .find(|e| e["action"] == "return_to_clerk")
        .unwrap();
    assert_eq!(returned["actor"]["positionId"], tccb_lead.position.as_str());
    assert_eq!(returned["note"], "Đề nghị bổ sung hồ sơ");
    let as_of = "query($d: ID!, $at: DateTime!) { documentAsOf(id: $d, at: $at) { existed step finished arrivalNumber mainHandler { positionId } } }";
    let then = api
        .ok(
            &auditor,
            as_of,
            json!({"d": tccb_doc, "at": returned["recordedAt"]}),
        )
        .await;
    assert_eq!(then["documentAsOf"]["step"], "update", "{then}");
    assert!(!then["documentAsOf"]["finished"].as_bool().unwrap());
    let now = api
        .ok(
            &auditor,
            as_of,
            json!({"d": tccb_doc, "at": chrono::Utc::now().to_rfc3339()}),
        )
        .await;
    assert_eq!(now["documentAsOf"]["step"], "finished");
    let before = api
        .ok(
            &auditor,
            as_of,
            json!({"d": tccb_doc, "at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    assert!(!before["documentAsOf"]["existed"].as_bool().unwrap());
    let verified = api
        .ok(
            &auditor,
            "query($d: ID!) { verifyDocumentHistory(id: $d) { intact eventsChecked problems } }",
            json!({"d": tccb_doc}),
        )
        .await;
    assert!(
        verified["verifyDocumentHistory"]["intact"]
            .as_bool()
            .unwrap(),
        "{verified}"
    );
    assert!(
        verified["verifyDocumentHistory"]["eventsChecked"]
            .as_i64()
            .unwrap()
            >= entries.len() as i64
    );

    // --- The register book equals, row for row, a fresh rebuild of its projection.
    let book = "query($r: ID!, $y: Int!) { registerBook(registerId: $r, year: $y) { edges { node { number arrivedAt issuingBody numberNotation documentDate documentType summary forwardedTo { positionId } forwardedAt notes documentId } } } }";
    let year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
    let before = api
        .ok(&clerk, book, json!({"r": register, "y": year}))
        .await;
    assert_eq!(
        before["registerBook"]["edges"].as_array().unwrap().len(),
        2,
        "{before}"
    );
    // Exported to Excel for those who may read the book, and to nobody else.
    let xlsx = format!("{}/registers/{register}/{year}/book.xlsx", api.base);
    let exported = api
        .http
        .get(&xlsx)
        .bearer_auth(&clerk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(exported.status().as_u16(), 200);
    assert_eq!(
        exported.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = exported.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04") && bytes.len() > 1000);
    let refused = api
        .http
        .get(&xlsx)
        .bearer_auth(&specialist.token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    let rebuild = chancery(Some(&w.db.url()))
        .args(["projections", "rebuild", "register_book"])
        .output()
        .await
        .unwrap();
    assert!(
        rebuild.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuild.stderr)
    );
    let after = api
        .ok(&clerk, book, json!({"r": register, "y": year}))
        .await;
    assert_eq!(before, after);
}

/// The unit a document belongs to.
async fn unit_of(api: &Api, who: &Session, document: &str) -> String {
    api.ok(
        who,
        "query($d: ID!) { document(id: $d) { unitId } }",
        json!({"d": document}),
    )
    .await["document"]["unitId"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The copy of `parent` in `clerk`'s pending box.
async fn progress_child(api: &Api, clerk: &Session, pending: &[String], parent: &str) -> String {
    for id in pending {
        let data = api
            .ok(
                clerk,
                "query($d: ID!) { document(id: $d) { parentId } }",
                json!({"d": id}),
            )
            .await;
        if data["document"]["parentId"] == parent {
            return id.clone();
        }
    }
    panic!("{} has no copy of {parent} pending", clerk.username);
}

/// 64 clerks' registrations at once, half through each of two server processes, into one
/// register: numbers 1..64, each given once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_registrations_through_two_servers_take_numbers_one_to_sixty_four() {
    let db = TestDb::new().await;
    let files_dir =
        std::env::temp_dir().join(format!("chancery-e2e-files-{}", uuid::Uuid::now_v7()));
    let start = |demo: bool| {
        let mut command = chancery(Some(&db.url()));
        command.env("CHANCERY__FILES__DIR", &files_dir);
        async move {
            if demo {
                Server::start_with(command, &["--demo"]).await
            } else {
                Server::start(command).await
            }
        }
    };
    let first = start(true).await;
    first.wait_ready().await;
    let second = start(false).await;
    second.wait_ready().await;
    let (a, b) = (Api::new(&first), Api::new(&second));
    let clerk_a = a.login("vanthu.tccb").await;
    let clerk_b = b.login("vanthu.tccb").await;

    let mut documents = Vec::new();
    for i in 0..64 {
        documents.push(
            receive(
                &a,
                &clerk_a,
                &format!("{i}/UBND-VP"),
                "Về việc đăng ký đồng thời",
            )
            .await,
        );
    }
    let unit = unit_of(&a, &clerk_a, &documents[0]).await;
    let register = incoming_register(&a, &clerk_a, &unit).await;
    let calls = documents.iter().enumerate().map(|(i, d)| {
        let (api, who) = if i % 2 == 0 {
            (&a, &clerk_a)
        } else {
            (&b, &clerk_b)
        };
        let variables = json!({"d": d, "r": register});
        async move { api.ok(who, REGISTER, variables).await }
    });
    let answers = futures::future::join_all(calls).await;
    let mut numbers: Vec<i64> = answers
        .iter()
        .map(|x| x["registerDocument"]["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=64).collect::<Vec<_>>());
    // The book shows each once, whichever server is asked.
    let book = "query($r: ID!, $y: Int!) { registerBook(registerId: $r, year: $y, first: 100) { edges { node { number documentId } } } }";
    let year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
    let rows = b
        .ok(&clerk_b, book, json!({"r": register, "y": year}))
        .await;
    let listed: Vec<i64> = rows["registerBook"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["number"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, (1..=64).collect::<Vec<_>>());
    let _ = std::fs::remove_dir_all(&files_dir);
}

/// Issue 13, item 3, over HTTP: a clerk of another unit, refused the download of a ministry
/// clerk's scan, cannot receive a document "with" it by naming its hash (it is in the
/// download address) to download it through their own document; a PDF that runs JavaScript
/// when opened is refused at upload; an upload of one's own is attached and served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_is_not_taken_through_ones_own_document_by_naming_its_hash() {
    let w = world().await;
    let api = &w.api;
    let bo = api.login("vanthu.bo").await;
    let khtc = api.login("vanthu.khtc").await;
    let sha = upload_scan(api, &bo, "ho so nhan su").await;
    let theirs = api
        .ok(
            &bo,
            RECEIVE,
            json!({"input": {"metadata": metadata("9/BCA", "Hồ sơ nhân sự"), "files": [{"sha256": sha, "name": "scan.pdf"}]}}),
        )
        .await["receivePaperDocument"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = api
        .http
        .get(format!("{}/documents/{theirs}/files/{sha}", api.base))
        .bearer_auth(&khtc.token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);

    let (code, reason) = api
        .refused(
            &khtc,
            RECEIVE,
            json!({"input": {"metadata": metadata("10/X", "Lấy tệp"), "files": [{"sha256": sha, "name": "x.pdf"}]}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "FILE_NOT_YOURS")
    );

    let active = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let (status, answer) = api.upload(&khtc, "x.pdf", active.to_vec()).await;
    assert_eq!(
        (status, answer["reason"].as_str()),
        (422, Some("ACTIVE_PDF_CONTENT")),
        "{answer}"
    );

    let own = upload_scan(api, &khtc, "cua minh").await;
    let mine = api
        .ok(
            &khtc,
            RECEIVE,
            json!({"input": {"metadata": metadata("11/X", "Tệp của mình"), "files": [{"sha256": own, "name": "scan.pdf"}]}}),
        )
        .await["receivePaperDocument"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(api.download(&khtc, &mine, &own).await, pdf("cua minh"));
}
