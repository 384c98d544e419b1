//! Outgoing documents (P4) and submissions (P3) through GraphQL over HTTP, logged in as the
//! demo people of `chancery serve --demo`: drafting, who sees the draft at each step (named
//! holders, or the step's pool in its scope), recalls, returns with marks, new versions,
//! opinions, deletion by the author only, the consultation of other leaders, and the
//! refusals; the leader's signature with their own key only, the clerk's numbering and
//! issuance with the organisation's signature (the issued PDF checked by poppler's `pdfsig`
//! and pyHanko), the recipient's copy, recall after issuance and re-issue, and the recall
//! refused once the recipient registered the copy.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

/// The demo accounts' signing PIN (`chancery_commands::seed::DEMO_SIGNING_PIN`).
const DEMO_SIGNING_PIN: &str = "246810";

use chancery_e2e::{Api, Server, Session, chancery};
use chancery_test_support::TestDb;
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateDraftInput!, $key: ID) { createDraft(input: $input, idempotencyKey: $key) { document { id step versions { number } availableActions { action } } written { visible } } }";
const ACT: &str = "mutation($input: OutgoingActionInput!, $key: ID) { outgoingAction(input: $input, idempotencyKey: $key) { document { id step finished mainHandler { positionId } availableActions { action } opinions { asked { positionId } answeredAt opinion } } written { visible queued } } }";
const DOCUMENT: &str = "query($d: ID!) { outgoingDocument(id: $d) { id step finished numberNotation issueDate files { sha256 } versions { number note files { sha256 } } mainHandler { positionId } drafter { positionId } availableActions { action } opinions { requestId asked { positionId } answeredAt opinion } recipients { kind id name delivery status copyId } mayChangeRecipients signatures { kind valid certificate integrity } } }";
const WORK: &str = "query($list: OutgoingList!) { outgoingWork(list: $list, first: 200) { totalCount nodes { documentId step } } }";

struct World {
    api: Api,
    _db: TestDb,
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
        _db: db,
        _server: server,
        files_dir,
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.files_dir);
    }
}

async fn upload(api: &Api, who: &Session, text: &str) -> Value {
    let (status, stored) = api.upload(who, "du-thao.pdf", signable_pdf(text)).await;
    assert_eq!(status, 201, "{stored}");
    json!({"sha256": stored["sha256"], "name": "du-thao.pdf"})
}

fn fields(summary: &str, recipient_unit: &str) -> Value {
    json!({
        "documentType": "cong-van",
        "summary": summary,
        "urgency": "URGENT",
        "confidentiality": "NORMAL",
        "recipients": [{"unitId": recipient_unit, "delivery": "ELECTRONIC_ONLY"}],
    })
}

async fn create(api: &Api, who: &Session, process: &str, summary: &str, to_unit: &str) -> String {
    let file = upload(api, who, summary).await;
    let data = api
        .ok(
            who,
            CREATE,
            json!({"input": {"process": process, "fields": fields(summary, to_unit), "files": [file]}}),
        )
        .await;
    let document = &data["createDraft"]["document"];
    assert_eq!(document["step"], "draft");
    document["id"].as_str().unwrap().to_owned()
}

/// A one-page A4 PDF with room for the signature box (what drafters upload).
fn signable_pdf(text: &str) -> Vec<u8> {
    chancery_signing::sample::sample_pdf(1, text).unwrap()
}

async fn person_of(api: &Api, who: &Session) -> String {
    api.ok(who, "{ me { person { id } } }", json!({})).await["me"]["person"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The register of `kind` (`incoming` / `outgoing`) that `unit` keeps.
async fn register_of(api: &Api, who: &Session, unit: &str, kind: &str) -> String {
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
        .find(|r| r["ownerUnitId"] == unit && r["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} register of {unit}: {data}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The documents awaiting registration in `who`'s office.
async fn awaiting(api: &Api, who: &Session) -> Vec<String> {
    let data = api
        .ok(
            who,
            "{ awaitingRegistration(first: 50) { edges { node { documentId } } } }",
            json!({}),
        )
        .await;
    data["awaitingRegistration"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["documentId"].as_str().unwrap().to_owned())
        .collect()
}

/// poppler's pdfsig and pyHanko, trusting the installation's root (installed by
/// `crates/signing/install-verifiers.sh`, which CI runs; missing tools fail the test).
struct Verifiers {
    dir: std::path::PathBuf,
}

impl Verifiers {
    fn new(root_pem: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("chancery-e2e-pki-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(dir.join("nss")).unwrap();
        std::fs::write(dir.join("root.pem"), root_pem).unwrap();
        let db = format!("sql:{}", dir.join("nss").display());
        run(std::process::Command::new("certutil").args(["-N", "-d", &db, "--empty-password"]));
        run(std::process::Command::new("certutil")
            .args([
                "-A",
                "-d",
                &db,
                "-n",
                "Chancery root",
                "-t",
                "CT,C,C",
                "-a",
                "-i",
            ])
            .arg(dir.join("root.pem")));
        Self { dir }
    }

    fn pdfsig(&self, pdf: &[u8]) -> String {
        let path = self.dir.join(format!("{}.pdf", uuid::Uuid::now_v7()));
        std::fs::write(&path, pdf).unwrap();
        let db = format!("sql:{}", self.dir.join("nss").display());
        let out = std::process::Command::new("pdfsig")
            .arg("-nssdir")
            .arg(&db)
            .arg(&path)
            .output()
            .expect("pdfsig (poppler-utils) is installed");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }

    /// Page 1's text as poppler's pdftotext lays it out (filled form fields included).
    fn page_one_text(&self, pdf: &[u8]) -> String {
        let path = self.dir.join(format!("{}.pdf", uuid::Uuid::now_v7()));
        std::fs::write(&path, pdf).unwrap();
        run(std::process::Command::new("pdftotext")
            .args(["-f", "1", "-l", "1", "-layout"])
            .arg(&path)
            .arg("-"))
    }

    fn pyhanko(&self, pdf: &[u8]) -> String {
        let path = self.dir.join(format!("{}.pdf", uuid::Uuid::now_v7()));
        std::fs::write(&path, pdf).unwrap();
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/signing/tests/pyhanko_validate.py");
        run(std::process::Command::new("python3")
            .arg(script)
            .arg(self.dir.join("root.pem"))
            .arg(&path))
    }
}

impl Drop for Verifiers {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run(command: &mut std::process::Command) -> String {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e} (run crates/signing/install-verifiers.sh)"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{command:?}: {text}");
    text
}

async fn act(api: &Api, who: &Session, input: Value) -> Value {
    api.ok(who, ACT, json!({"input": input})).await["outgoingAction"]["document"].clone()
}

async fn document(api: &Api, who: &Session, id: &str) -> Value {
    api.ok(who, DOCUMENT, json!({"d": id})).await["outgoingDocument"].clone()
}

async fn actions(api: &Api, who: &Session, id: &str) -> Vec<String> {
    let mut list: Vec<String> = document(api, who, id).await["availableActions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect();
    list.sort();
    list
}

async fn to_do(api: &Api, who: &Session) -> Vec<String> {
    let data = api.ok(who, WORK, json!({"list": "TO_DO"})).await;
    data["outgoingWork"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["documentId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn p4_review_chain_with_recalls_returns_versions_opinions_and_deletion() {
    let w = world().await;
    let api = &w.api;
    let drafter = api.login("cv.congchuc1").await;
    let colleague = api.login("cv.congchuc2").await;
    let head = api.login("tp.congchuc").await;
    let other_head = api.login("tp.tienluong").await;
    let leader = api.login("ld.tccb").await;
    let deputy = api.login("pho.tccb").await;
    let other_leader = api.login("ld.khtc").await;
    let khtc = api.login("vanthu.khtc").await.unit;

    // Rejected inputs: a summary over 500 characters, an unknown type, no file.
    let file = upload(api, &drafter, "x").await;
    let long = "a".repeat(501);
    let (code, _) = api
        .refused(
            &drafter,
            CREATE,
            json!({"input": {"process": "p4-outgoing-unit", "fields": fields(&long, &khtc), "files": [file.clone()]}}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let mut unknown = fields("S", &khtc);
    unknown["documentType"] = json!("no-such-type");
    let (_, reason) = api
        .refused(
            &drafter,
            CREATE,
            json!({"input": {"process": "p4-outgoing-unit", "fields": unknown, "files": [file.clone()]}}),
        )
        .await;
    assert_eq!(reason, "UNKNOWN_DOCUMENT_TYPE");
    let (_, reason) = api
        .refused(
            &drafter,
            CREATE,
            json!({"input": {"process": "p4-outgoing-unit", "fields": fields("S", &khtc), "files": []}}),
        )
        .await;
    assert_eq!(reason, "REQUIRED");
    // A leader does not draft in P4.
    let (code, reason) = api
        .refused(
            &leader,
            CREATE,
            json!({"input": {"process": "p4-outgoing-unit", "fields": fields("S", &khtc), "files": [file.clone()]}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_YOUR_STEP")
    );

    // Step 1: the specialist drafts; the same request twice makes one draft.
    let key = uuid::Uuid::now_v7().to_string();
    let input = json!({"process": "p4-outgoing-unit", "fields": fields("Về việc báo cáo biên chế năm 2026", &khtc), "files": [file.clone()]});
    let first = api
        .ok(&drafter, CREATE, json!({"input": input, "key": key}))
        .await;
    let again = api
        .ok(&drafter, CREATE, json!({"input": input, "key": key}))
        .await;
    let id = first["createDraft"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(again["createDraft"]["document"]["id"], id.as_str());
    let mine = api.ok(&drafter, WORK, json!({"list": "MY_DRAFTS"})).await;
    assert_eq!(mine["outgoingWork"]["totalCount"], 1);
    assert_eq!(
        actions(api, &drafter, &id).await,
        ["delete", "submit_to_department", "submit_to_leader"]
    );
    // Nobody else holds the draft.
    assert!(to_do(api, &head).await.is_empty());
    let (code, _) = api
        .refused(
            &head,
            ACT,
            json!({"input": {"documentId": id, "action": "delete", "note": "x"}}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");

    // To the department head: the pool of department heads of the drafter's department.
    let sent = act(
        api,
        &drafter,
        json!({"documentId": id, "action": "submit_to_department", "expectedStep": "draft"}),
    )
    .await;
    assert_eq!(sent["step"], "department_review");
    assert_eq!(to_do(api, &head).await, [id.as_str()]);
    // The head's home page counts it as work waiting for them, and the badge counts it.
    let counts = api
        .ok(
            &head,
            "{ workCounts { pending outgoingToDo badge } }",
            json!({}),
        )
        .await["workCounts"]
        .clone();
    assert_eq!(counts["outgoingToDo"], 1, "{counts}");
    assert_eq!(
        counts["badge"].as_i64().unwrap(),
        counts["pending"].as_i64().unwrap() + 1,
        "{counts}"
    );
    assert!(to_do(api, &other_head).await.is_empty());
    assert!(to_do(api, &colleague).await.is_empty());
    // The drafter recalls it before the head acted, then sends it again.
    assert!(
        actions(api, &drafter, &id)
            .await
            .contains(&"recall".to_owned())
    );
    let back = act(api, &drafter, json!({"documentId": id, "action": "recall"})).await;
    assert_eq!(back["step"], "draft");
    assert!(to_do(api, &head).await.is_empty());
    act(
        api,
        &drafter,
        json!({"documentId": id, "action": "submit_to_department"}),
    )
    .await;

    // The head asks a colleague's opinion; the colleague answers; the asker sees it.
    let asked = api
        .ok(
            &head,
            "mutation($d: ID!, $p: ID!) { requestOpinions(documentId: $d, asked: [$p], question: \"Góp ý đoạn 2\", deadline: \"2031-01-06\") { document { opinions { requestId answeredAt } } } }",
            json!({"d": id, "p": colleague.position}),
        )
        .await;
    let request = asked["requestOpinions"]["document"]["opinions"][0]["requestId"]
        .as_str()
        .unwrap()
        .to_owned();
    let waiting = api
        .ok(
            &colleague,
            "{ opinionsAskedOfMe { nodes { requestId question } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        waiting["opinionsAskedOfMe"]["nodes"][0]["requestId"],
        request.as_str()
    );
    api.ok(
        &colleague,
        "mutation($d: ID!, $r: ID!) { giveOpinion(documentId: $d, requestId: $r, opinion: \"Nhất trí\") { written { visible } } }",
        json!({"d": id, "r": request}),
    )
    .await;
    let (code, reason) = api
        .refused(
            &colleague,
            "mutation($d: ID!, $r: ID!) { giveOpinion(documentId: $d, requestId: $r, opinion: \"Lần hai\") { written { visible } } }",
            json!({"d": id, "r": request}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "ALREADY_ANSWERED")
    );
    let seen = document(api, &head, &id).await;
    assert_eq!(seen["opinions"][0]["opinion"], "Nhất trí");
    // The drafter cannot recall any more: the head acted.
    assert!(
        !actions(api, &drafter, &id)
            .await
            .contains(&"recall".to_owned())
    );

    // The head returns it with marks; it goes back to the drafter (and only to them).
    let (_, reason) = api
        .refused(
            &head,
            ACT,
            json!({"input": {"documentId": id, "action": "return"}}),
        )
        .await;
    assert_eq!(reason, "REQUIRED");
    let returned = act(
        api,
        &head,
        json!({"documentId": id, "action": "return", "note": "Đoạn 2 chưa đúng thể thức"}),
    )
    .await;
    assert_eq!(returned["step"], "draft");
    assert_eq!(
        returned["mainHandler"]["positionId"],
        drafter.position.as_str()
    );
    assert_eq!(to_do(api, &drafter).await, [id.as_str()]);

    // The drafter uploads version 2 and submits straight to the unit's leadership.
    let v2 = upload(api, &drafter, "version 2").await;
    let (status, annex) = api
        .upload(&drafter, "phu-luc.pdf", signable_pdf("Phụ lục"))
        .await;
    assert_eq!(status, 201, "{annex}");
    let annex = json!({"sha256": annex["sha256"], "name": "phu-luc.pdf"});
    let versioned = api
        .ok(
            &drafter,
            "mutation($d: ID!, $f: [FileInput!]!) { addDraftVersion(documentId: $d, files: $f, note: \"Sửa đoạn 2\") { document { versions { number note } } } }",
            json!({"d": id, "f": [v2, annex]}),
        )
        .await;
    assert_eq!(
        versioned["addDraftVersion"]["document"]["versions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    act(
        api,
        &drafter,
        json!({"documentId": id, "action": "submit_to_leader"}),
    )
    .await;
    assert_eq!(to_do(api, &leader).await, [id.as_str()]);
    assert_eq!(to_do(api, &deputy).await, [id.as_str()]);
    assert!(to_do(api, &other_leader).await.is_empty());
    // Another unit's leader cannot act on it, nor read it.
    let (code, _) = api.refused(&other_leader, DOCUMENT, json!({"d": id})).await;
    assert_eq!(code, "FORBIDDEN");

    // Two leaders act at once: one wins, the other is told the step moved.
    let (a, b) = tokio::join!(
        api.call(Some(&leader), ACT, json!({"input": {"documentId": id, "action": "return_to_department", "expectedStep": "leader_review", "note": "Phòng xem lại số liệu"}})),
        api.call(Some(&deputy), ACT, json!({"input": {"documentId": id, "action": "return_to_creator", "expectedStep": "leader_review", "note": "Trả lại"}})),
    );
    let failures: Vec<&Value> = [&a, &b]
        .into_iter()
        .filter(|r| !r["errors"].is_null())
        .collect();
    assert_eq!(failures.len(), 1, "{a} {b}");
    assert_eq!(failures[0]["errors"][0]["extensions"]["code"], "CONFLICT");

    // Back up to the leadership through whoever holds it now.
    let state = document(api, &drafter, &id).await;
    if state["step"] == "department_review" {
        act(
            api,
            &head,
            json!({"documentId": id, "action": "submit_to_leader"}),
        )
        .await;
    } else {
        assert_eq!(state["step"], "draft");
        act(
            api,
            &drafter,
            json!({"documentId": id, "action": "submit_to_leader"}),
        )
        .await;
    }
    // Step 3: the leader signs (ký duyệt), with their own key only.
    assert!(
        actions(api, &leader, &id)
            .await
            .contains(&"sign".to_owned())
    );
    let admin = api.login("admin").await;
    let deputy_person = person_of(api, &deputy).await;
    let keys = api
        .ok(
            &admin,
            "{ signingKeys { nodes { id personId usable } } }",
            json!({}),
        )
        .await;
    let deputy_key = keys["signingKeys"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["personId"] == deputy_person.as_str())
        .unwrap_or_else(|| panic!("the deputy has a demo key: {keys}"))["id"]
        .clone();
    let (code, reason) = api
        .refused(
            &leader,
            ACT,
            json!({"input": {"documentId": id, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}, "signingKeyId": deputy_key}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_YOUR_KEY")
    );
    // The leader sees only their own key.
    let own = api
        .ok(&leader, "{ signingKeys { nodes { personId } } }", json!({}))
        .await;
    let leader_person = person_of(api, &leader).await;
    assert!(
        own["signingKeys"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["personId"] == leader_person.as_str()),
        "{own}"
    );
    let signed = act(
        api,
        &leader,
        json!({"documentId": id, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}, "expectedStep": "leader_review"}),
    )
    .await;
    assert_eq!(signed["step"], "format_check");
    let state = document(api, &leader, &id).await;
    let checks = state["signatures"].as_array().unwrap();
    assert_eq!(checks.len(), 1, "{state}");
    assert_eq!(checks[0]["valid"], true, "{state}");
    assert_eq!(checks[0]["certificate"], "TRUSTED", "{state}");
    assert_eq!(state["recipients"][0]["status"], Value::Null);

    // Steps 4–5: the unit clerk checks the format, then numbers and issues.
    let clerk = api.login("vanthu.tccb").await;
    assert_eq!(to_do(api, &clerk).await, [id.as_str()]);
    act(api, &clerk, json!({"documentId": id, "action": "accept"})).await;
    let outgoing_register = register_of(api, &clerk, &clerk.unit, "outgoing").await;
    let incoming_register = register_of(api, &clerk, &clerk.unit, "incoming").await;
    let preview = api
        .ok(
            &clerk,
            "query($d: ID!, $r: ID!) { nextOutgoingNumber(documentId: $d, registerId: $r) { number numberNotation alreadyNumbered } }",
            json!({"d": id, "r": outgoing_register}),
        )
        .await;
    assert_eq!(preview["nextOutgoingNumber"]["number"], 1, "{preview}");
    assert_eq!(preview["nextOutgoingNumber"]["alreadyNumbered"], false);
    let notation = preview["nextOutgoingNumber"]["numberNotation"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(notation.starts_with("01/"), "{notation}");
    let (code, reason) = api
        .refused(
            &clerk,
            ACT,
            json!({"input": {"documentId": id, "action": "issue", "confirmation": {"pin": DEMO_SIGNING_PIN}}}),
        )
        .await;
    assert_eq!((code.as_str(), reason.as_str()), ("VALIDATION", "REQUIRED"));
    let (_, reason) = api
        .refused(
            &clerk,
            ACT,
            json!({"input": {"documentId": id, "action": "issue", "confirmation": {"pin": DEMO_SIGNING_PIN}, "registerId": incoming_register}}),
        )
        .await;
    assert_eq!(reason, "NOT_AN_OUTGOING_REGISTER");
    let issue = json!({"input": {"documentId": id, "action": "issue", "confirmation": {"pin": DEMO_SIGNING_PIN}, "registerId": outgoing_register}, "key": uuid::Uuid::now_v7().to_string()});
    let issued = api.ok(&clerk, ACT, issue.clone()).await;
    assert_eq!(issued["outgoingAction"]["document"]["step"], "issued");
    // A second click answers the same and issues nothing more.
    let twice = api.ok(&clerk, ACT, issue).await;
    assert_eq!(twice["outgoingAction"]["document"]["step"], "issued");
    let state = document(api, &clerk, &id).await;
    assert_eq!(state["numberNotation"], notation.as_str(), "{state}");
    assert_eq!(state["recipients"][0]["status"], "01", "{state}");
    let checks = state["signatures"].as_array().unwrap();
    assert_eq!(checks.len(), 2, "{state}");
    assert!(checks.iter().all(|c| c["valid"] == true), "{state}");
    assert_eq!(checks[1]["kind"], "organisation", "{state}");

    // The issued file: both signatures accepted by independent verifiers, and a changed
    // byte is reported.
    let main = state["files"][0]["sha256"].as_str().unwrap();
    let issued_pdf = api.download(&clerk, &id, main).await;
    let anchors = api
        .ok(&clerk, "{ trustAnchors { nodes { pem } } }", json!({}))
        .await;
    let root = anchors["trustAnchors"]["nodes"][0]["pem"].as_str().unwrap();
    let verifiers = Verifiers::new(root);
    // The number and the date on page 1 (Decree 30: "Số: …" left, the date right, one line).
    let page_one = verifiers.page_one_text(&issued_pdf);
    let issue_date =
        chrono::NaiveDate::parse_from_str(state["issueDate"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
    let date_line = chancery_signing::issue_fields::date_line(None, issue_date);
    let number_line = page_one
        .lines()
        .find(|l| l.contains(&format!("Số: {notation}")))
        .unwrap_or_else(|| panic!("no \"Số: {notation}\" on page 1: {page_one}"));
    assert!(
        number_line.contains(&date_line),
        "{date_line} not beside the number: {page_one}"
    );
    let report = verifiers.pdfsig(&issued_pdf);
    assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
    assert_eq!(
        report.matches("Certificate is Trusted.").count(),
        2,
        "{report}"
    );
    let report = verifiers.pyhanko(&issued_pdf);
    assert_eq!(
        report
            .matches("intact=True valid=True trusted=True")
            .count(),
        2,
        "{report}"
    );
    // After the leader signed, only the number and date fields were filled.
    let personal = report
        .lines()
        .find(|l| l.starts_with("SIG ChanceryPersonal"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(personal.contains("modification=FORM_FILLING"), "{personal}");
    // One byte of the original document's first stream (covered by both signatures; a byte
    // inside a signature's own /Contents would be covered by the later one only).
    let mut tampered = issued_pdf.clone();
    let at = tampered
        .windows(7)
        .position(|w| w == b"stream\n" || w == b"stream\r")
        .map_or(20, |p| p + 12);
    tampered[at] ^= 0x01;
    let report = verifiers.pdfsig(&tampered);
    assert!(!report.contains("Signature is Valid."), "{report}");

    // The recipient unit's clerk finds the copy awaiting registration.
    let recipient_clerk = api.login("vanthu.khtc").await;
    let copy = state["recipients"][0]["copyId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(awaiting(api, &recipient_clerk).await.contains(&copy));
    // The copy arrives with its signatures checked: the leader's and the organisation's on
    // the main file, the organisation's on the annex.
    let received = api
        .ok(
            &recipient_clerk,
            "query($d: ID!) { document(id: $d) { signatures { kind valid certificate integrity } } }",
            json!({"d": copy}),
        )
        .await;
    let checks = received["document"]["signatures"].as_array().unwrap();
    let kinds: Vec<&str> = checks.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["personal", "organisation", "organisation_attachment"],
        "{received}"
    );
    assert!(
        checks
            .iter()
            .all(|c| c["valid"] == true && c["certificate"] == "TRUSTED"),
        "{received}"
    );
    // Another agency sends the same signed file electronically: checked on arrival; the
    // auditor checks it again on request. A copy with a changed byte is found modified.
    let agencies = api
        .ok(
            &admin,
            "{ externalAgencies { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let agency = agencies["externalAgencies"]["edges"][0]["node"]["id"].clone();
    let mut sent = Vec::new();
    for (name, bytes) in [("signed.pdf", &issued_pdf), ("tampered.pdf", &tampered)] {
        let (status, stored) = api.upload(&admin, name, bytes.clone()).await;
        assert_eq!(status, 201, "{stored}");
        let arrived = api
            .ok(
                &admin,
                "mutation($i: SimulateElectronicDocumentInput!) { simulateElectronicDocument(input: $i) { document { id signatures { valid integrity } } } }",
                json!({"i": {
                    "senderAgencyId": agency,
                    "unitId": recipient_clerk.unit,
                    "metadata": {"issuingBody": "Sở Nội vụ", "numberNotation": format!("{name}/SNV"), "documentDate": "2026-01-05", "documentType": "cong-van", "summary": "Văn bản điện tử có chữ ký số"},
                    "files": [{"sha256": stored["sha256"], "name": name}],
                }}),
            )
            .await;
        sent.push(arrived["simulateElectronicDocument"]["document"].clone());
    }
    let signatures = |d: &Value| d["signatures"].as_array().unwrap().clone();
    assert_eq!(signatures(&sent[0]).len(), 2, "{}", sent[0]);
    assert!(
        signatures(&sent[0]).iter().all(|c| c["valid"] == true),
        "{}",
        sent[0]
    );
    assert!(
        signatures(&sent[1]).iter().any(|c| c["valid"] == false),
        "{}",
        sent[1]
    );
    let auditor = api.login("auditor").await;
    let again = api
        .ok(
            &auditor,
            "mutation($d: ID!) { verifyDocumentSignatures(documentId: $d) { document { signatures { valid } } written { visible } } }",
            json!({"d": sent[0]["id"]}),
        )
        .await;
    assert_eq!(
        signatures(&again["verifyDocumentSignatures"]["document"]).len(),
        2,
        "{again}"
    );

    // Recall after issuance while nobody acted: the copy is withdrawn; then issued again,
    // keeping its number.
    let recalled = act(
        api,
        &clerk,
        json!({"documentId": id, "action": "recall_issue", "note": "Sai nơi nhận"}),
    )
    .await;
    assert_eq!(recalled["step"], "issuing");
    let state = document(api, &clerk, &id).await;
    assert_eq!(state["recipients"][0]["status"], "withdrawn", "{state}");
    assert!(!awaiting(api, &recipient_clerk).await.contains(&copy));
    // Recalled "to add a recipient": the clerk holding it adds the archives unit (the drafter
    // may not); the history records it; the issuance goes to both.
    let vtlt_clerk = api.login("vanthu.vtlt").await;
    const CHANGE: &str = "mutation($d: ID!, $r: [RecipientInput!]!, $n: String) { changeRecipients(documentId: $d, recipients: $r, note: $n) { document { id mayChangeRecipients } } }";
    let both = json!([
        {"unitId": recipient_clerk.unit, "delivery": "ELECTRONIC_ONLY"},
        {"unitId": vtlt_clerk.unit, "delivery": "ELECTRONIC_AND_PAPER"},
    ]);
    assert_eq!(
        document(api, &clerk, &id).await["mayChangeRecipients"],
        true
    );
    assert_eq!(
        document(api, &drafter, &id).await["mayChangeRecipients"],
        false
    );
    let (code, reason) = api
        .refused(&drafter, CHANGE, json!({"d": id, "r": both, "n": "x"}))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_A_HANDLER")
    );
    let (code, reason) = api
        .refused(
            &clerk,
            CHANGE,
            json!({"d": id, "r": [{"unitId": uuid::Uuid::now_v7().to_string(), "delivery": "ELECTRONIC_ONLY"}]}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "UNKNOWN_UNIT")
    );
    api.ok(
        &clerk,
        CHANGE,
        json!({"d": id, "r": both, "n": "Bổ sung nơi nhận"}),
    )
    .await;
    let history = api
        .ok(
            &clerk,
            "query($d: ID!) { documentHistory(documentId: $d, first: 200) { nodes { eventType note } } }",
            json!({"d": id}),
        )
        .await;
    assert!(
        history["documentHistory"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["eventType"] == "outgoing.recipients-changed"
                && e["note"] == "Bổ sung nơi nhận"),
        "{history}"
    );
    let again = act(
        api,
        &clerk,
        json!({"documentId": id, "action": "issue", "confirmation": {"pin": DEMO_SIGNING_PIN}, "registerId": outgoing_register}),
    )
    .await;
    assert_eq!(again["step"], "issued");
    let state = document(api, &clerk, &id).await;
    assert_eq!(state["numberNotation"], notation.as_str(), "{state}");
    assert_eq!(
        state["mayChangeRecipients"], false,
        "issued: recall it first"
    );
    let vtlt_copy = state["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == vtlt_clerk.unit.as_str())
        .and_then(|r| r["copyId"].as_str())
        .unwrap_or_else(|| panic!("no copy for the added recipient: {state}"))
        .to_owned();
    assert!(awaiting(api, &vtlt_clerk).await.contains(&vtlt_copy));
    // Issued again: the main file carries the leader's signature and one seal, the annex
    // one organisation signature — sealed afresh, not over the recalled issuance's.
    let main = state["files"][0]["sha256"].as_str().unwrap();
    let report = verifiers.pdfsig(&api.download(&clerk, &id, main).await);
    assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
    let annex = state["files"][1]["sha256"].as_str().unwrap();
    let report = verifiers.pdfsig(&api.download(&clerk, &id, annex).await);
    assert_eq!(report.matches("Signature #").count(), 1, "{report}");
    assert_eq!(
        report.matches("Certificate is Trusted.").count(),
        1,
        "{report}"
    );
    let copy = state["recipients"][0]["copyId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(awaiting(api, &recipient_clerk).await.contains(&copy));

    // Once the recipient registered it, the issuer can no longer recall it.
    let their_register =
        register_of(api, &recipient_clerk, &recipient_clerk.unit, "incoming").await;
    api.ok(
        &recipient_clerk,
        "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }",
        json!({"d": copy, "r": their_register}),
    )
    .await;
    let (code, reason) = api
        .refused(
            &clerk,
            ACT,
            json!({"input": {"documentId": id, "action": "recall_issue", "note": "Muộn"}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "RECIPIENT_ACTED")
    );
    let state = document(api, &clerk, &id).await;
    assert_eq!(state["recipients"][0]["status"], "03", "{state}");
    // The outgoing register book lists it.
    let book = api
        .ok(
            &clerk,
            "query($r: ID!, $y: Int!) { outgoingRegisterBook(registerId: $r, year: $y) { nodes { number numberNotation } } }",
            json!({"r": outgoing_register, "y": chrono::Datelike::year(&chrono::Utc::now())}),
        )
        .await;
    assert_eq!(
        book["outgoingRegisterBook"]["nodes"][0]["numberNotation"],
        notation.as_str(),
        "{book}"
    );
    // Exported to Excel (Appendix IV columns) for the clerk keeping it, and nobody else.
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let xlsx = format!(
        "{}/registers/{outgoing_register}/{year}/book.xlsx",
        api.base
    );
    let exported = api
        .http
        .get(&xlsx)
        .bearer_auth(&clerk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(exported.status().as_u16(), 200);
    let bytes = exported.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04") && bytes.len() > 1000);
    let refused = api
        .http
        .get(&xlsx)
        .bearer_auth(&drafter.token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);

    // A second draft, deleted: by its author only; it leaves the author's drafts.
    let other = create(
        api,
        &drafter,
        "p4-outgoing-unit",
        "Dự thảo không ban hành",
        &khtc,
    )
    .await;
    let (code, _) = api
        .refused(
            &colleague,
            ACT,
            json!({"input": {"documentId": other, "action": "delete", "note": "x"}}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let deleted = act(
        api,
        &drafter,
        json!({"documentId": other, "action": "delete", "note": "Không ban hành"}),
    )
    .await;
    assert_eq!(deleted["finished"], true);
    let mine = api.ok(&drafter, WORK, json!({"list": "MY_DRAFTS"})).await;
    let ids: Vec<&str> = mine["outgoingWork"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["documentId"].as_str().unwrap())
        .collect();
    // Neither the deleted draft nor the issued document is a draft in progress.
    assert!(ids.is_empty(), "{mine}");
    // Its history stays: the author still reads it.
    assert_eq!(document(api, &drafter, &other).await["step"], "deleted");

    // Finding one's work afterwards: the drafter finds the issued document under "issued",
    // the leader who signed it under "processed" (never their own drafts), and searching
    // outgoing documents finds it by a word of its summary (accents ignored), for those
    // whose lists hold it only.
    let listed = |data: Value| -> Vec<String> {
        data["outgoingWork"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["documentId"].as_str().unwrap().to_owned())
            .collect()
    };
    let issued = listed(api.ok(&drafter, WORK, json!({"list": "ISSUED"})).await);
    assert!(issued.contains(&id), "{issued:?}");
    let processed = listed(api.ok(&leader, WORK, json!({"list": "PROCESSED"})).await);
    assert!(processed.contains(&id), "{processed:?}");
    let processed = listed(api.ok(&drafter, WORK, json!({"list": "PROCESSED"})).await);
    assert!(!processed.contains(&id), "{processed:?}");
    const SEARCH: &str = "query($t: String) { outgoingWork(list: ALL, text: $t, first: 50) { totalCount nodes { documentId } } }";
    let found = listed(api.ok(&leader, SEARCH, json!({"t": "bien che"})).await);
    assert!(found.contains(&id), "{found:?}");
    let found = listed(
        api.ok(&leader, SEARCH, json!({"t": "khong co tu nay"}))
            .await,
    );
    assert!(found.is_empty(), "{found:?}");
    let found = listed(
        api.ok(&other_leader, SEARCH, json!({"t": "bien che"}))
            .await,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn p3_submission_to_the_ministry_leadership_with_a_consultation_and_not_signing() {
    let w = world().await;
    let api = &w.api;
    let specialist = api.login("cv.congchuc1").await;
    let head = api.login("tp.congchuc").await;
    let leader = api.login("ld.tccb").await;
    let unit_clerk = api.login("vanthu.tccb").await;
    let other_clerk = api.login("vanthu.khtc").await;
    let secretary = api.login("thuky1").await;
    let deputy_minister = api.login("thu.truong1").await;
    let consulted = api.login("thu.truong2").await;
    let khtc = other_clerk.unit.clone();

    let id = create(
        api,
        &specialist,
        "p3-submission-ministry",
        "Tờ trình về đề án vị trí việc làm",
        &khtc,
    )
    .await;
    act(
        api,
        &specialist,
        json!({"documentId": id, "action": "submit"}),
    )
    .await;
    act(
        api,
        &head,
        json!({"documentId": id, "action": "submit_to_unit_leader"}),
    )
    .await;
    act(
        api,
        &leader,
        json!({"documentId": id, "action": "direct_to_clerk"}),
    )
    .await;
    // The format check is the unit's clerk's, not another unit's.
    assert_eq!(to_do(api, &unit_clerk).await, [id.as_str()]);
    assert!(to_do(api, &other_clerk).await.is_empty());
    // The clerk forwards to the leader's secretary, by name.
    let (_, reason) = api
        .refused(
            &unit_clerk,
            ACT,
            json!({"input": {"documentId": id, "action": "forward_to_secretary"}}),
        )
        .await;
    assert_eq!(reason, "REQUIRED");
    act(
        api,
        &unit_clerk,
        json!({"documentId": id, "action": "forward_to_secretary", "main": secretary.position}),
    )
    .await;
    assert_eq!(to_do(api, &secretary).await, [id.as_str()]);
    act(
        api,
        &secretary,
        json!({"documentId": id, "action": "submit_to_leader"}),
    )
    .await;
    assert_eq!(to_do(api, &deputy_minister).await, [id.as_str()]);

    // Step 6a: the leader consults another leader; the secretary collects the opinion.
    let consulting = act(
        api,
        &deputy_minister,
        json!({"documentId": id, "action": "consult", "main": consulted.position, "deadline": "2031-01-06", "note": "Xin ý kiến Thứ trưởng"}),
    )
    .await;
    assert_eq!(consulting["step"], "consultation");
    assert_eq!(
        consulting["opinions"][0]["asked"]["positionId"],
        consulted.position.as_str()
    );
    let asked = api
        .ok(
            &consulted,
            "{ opinionsAskedOfMe { nodes { requestId } } }",
            json!({}),
        )
        .await;
    let request = asked["opinionsAskedOfMe"]["nodes"][0]["requestId"]
        .as_str()
        .unwrap()
        .to_owned();
    api.ok(
        &consulted,
        "mutation($d: ID!, $r: ID!) { giveOpinion(documentId: $d, requestId: $r, opinion: \"Đồng ý\") { written { visible } } }",
        json!({"d": id, "r": request}),
    )
    .await;
    assert_eq!(to_do(api, &secretary).await, [id.as_str()]);
    act(
        api,
        &secretary,
        json!({"documentId": id, "action": "return_opinions", "note": "Thứ trưởng Hai đồng ý"}),
    )
    .await;

    // Step 6b: the leader does not sign: back through the secretary to the unit clerk.
    let not_signed = act(
        api,
        &deputy_minister,
        json!({"documentId": id, "action": "not_sign", "note": "Chưa đủ cơ sở"}),
    )
    .await;
    assert_eq!(not_signed["step"], "secretary_return");
    act(
        api,
        &secretary,
        json!({"documentId": id, "action": "send_back_unsigned", "note": "Lãnh đạo Bộ chưa ký"}),
    )
    .await;
    assert_eq!(
        document(api, &unit_clerk, &id).await["step"],
        "format_check"
    );
    assert_eq!(to_do(api, &unit_clerk).await, [id.as_str()]);
}

/// Drafts `summary` for the recipient unit and takes it through P4 to the clerk's issuing
/// step: submitted to the leadership, signed by the leader, format accepted by the clerk.
async fn ready_to_issue(
    api: &Api,
    drafter: &Session,
    leader: &Session,
    clerk: &Session,
    summary: &str,
    to_unit: &str,
) -> String {
    let id = create(api, drafter, "p4-outgoing-unit", summary, to_unit).await;
    act(
        api,
        drafter,
        json!({"documentId": id, "action": "submit_to_leader"}),
    )
    .await;
    let signed = act(
        api,
        leader,
        json!({"documentId": id, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    assert_eq!(signed["step"], "format_check");
    let accepted = act(api, clerk, json!({"documentId": id, "action": "accept"})).await;
    assert_eq!(accepted["step"], "issuing");
    id
}

/// 64 clerks' issuances at once through two server processes on one database, into one
/// outgoing register: numbers 1..64, each once, and the register book lists them so.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_issuances_through_two_servers_take_numbers_one_to_sixty_four() {
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
    let drafter = a.login("cv.congchuc1").await;
    let leader = a.login("ld.tccb").await;
    let clerk_a = a.login("vanthu.tccb").await;
    let clerk_b = b.login("vanthu.tccb").await;
    let khtc = a.login("vanthu.khtc").await.unit;

    let mut documents = Vec::new();
    for chunk in 0..8 {
        let made = (0..8).map(|i| {
            let summary = format!("Công văn số {} phát hành đồng thời", chunk * 8 + i);
            let (drafter, leader, clerk, khtc) = (&drafter, &leader, &clerk_a, &khtc);
            let a = &a;
            async move { ready_to_issue(a, drafter, leader, clerk, &summary, khtc).await }
        });
        documents.extend(futures::future::join_all(made).await);
    }
    // Signed and checked: all 64 wait in the clerks' awaiting-issuance list, not in the
    // drafter's (who keeps no register).
    let awaiting = "{ outgoingWork(list: AWAITING_ISSUANCE, first: 1) { totalCount } }";
    assert_eq!(
        b.ok(&clerk_b, awaiting, json!({})).await["outgoingWork"]["totalCount"],
        64
    );
    let (code, _) = a.refused(&drafter, awaiting, json!({})).await;
    assert_eq!(code, "FORBIDDEN");
    let register = register_of(&a, &clerk_a, &clerk_a.unit, "outgoing").await;
    let calls = documents.iter().enumerate().map(|(i, d)| {
        let (api, who) = if i % 2 == 0 {
            (&a, &clerk_a)
        } else {
            (&b, &clerk_b)
        };
        let variables =
            json!({"input": {"documentId": d, "action": "issue", "confirmation": {"pin": DEMO_SIGNING_PIN}, "registerId": register}});
        async move { api.ok(who, ACT, variables).await }
    });
    let answers = futures::future::join_all(calls).await;
    // Each clerk is answered issued, or told that the issuance (the seal, made by the
    // Issuance reaction on one of the two servers) is queued: 64 seals at once can outlast
    // the bounded wait. Either way every request took its number, and the queued ones are
    // issued soon after.
    let queued = answers
        .iter()
        .filter(|x| x["outgoingAction"]["written"]["queued"] == true)
        .count();
    assert!(answers.iter().all(|x| {
        x["outgoingAction"]["document"]["step"] == "issued"
            || x["outgoingAction"]["written"]["queued"] == true
    }));
    eprintln!("64 issuances at once: {queued} answered queued");
    let mut waited = 0;
    while b.ok(&clerk_b, awaiting, json!({})).await["outgoingWork"]["totalCount"] != 0 {
        waited += 1;
        assert!(
            waited < 240,
            "queued issuances not carried out within a minute"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let mut numbers = Vec::new();
    for d in &documents {
        let state = document(&b, &clerk_b, d).await;
        let notation = state["numberNotation"].as_str().unwrap().to_owned();
        let number: i64 = notation.split('/').next().unwrap().parse().unwrap();
        numbers.push(number);
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=64).collect::<Vec<_>>());
    // Issued: none waits any more.
    assert_eq!(
        b.ok(&clerk_b, awaiting, json!({})).await["outgoingWork"]["totalCount"],
        0
    );
    // The book, read in pages of 10 by its cursors: every number once, in order.
    let mut listed: Vec<i64> = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let page = b
            .ok(
                &clerk_b,
                "query($r: ID!, $y: Int!, $after: String) { outgoingRegisterBook(registerId: $r, year: $y, first: 10, after: $after) { edges { cursor node { number } } pageInfo { hasNextPage endCursor } } }",
                json!({"r": register, "y": chrono::Datelike::year(&chrono::Utc::now()), "after": after}),
            )
            .await;
        let book = &page["outgoingRegisterBook"];
        listed.extend(
            book["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["number"].as_i64().unwrap()),
        );
        if book["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = book["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(listed, (1..=64).collect::<Vec<_>>());
    // The book filtered on the server: "SỐ 63" (any case, no accents needed) finds the
    // document whose summary says so, and number 63 (its notation starts with it).
    let found = b
        .ok(
            &clerk_b,
            "query($r: ID!, $y: Int!) { outgoingRegisterBook(registerId: $r, year: $y, text: \"SO 63\") { nodes { number summary } } }",
            json!({"r": register, "y": chrono::Datelike::year(&chrono::Utc::now())}),
        )
        .await;
    let rows = found["outgoingRegisterBook"]["nodes"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["summary"] == "Công văn số 63 phát hành đồng thời"),
        "{found}"
    );
    assert!(
        rows.iter()
            .all(|r| r["number"] == 63 || r["summary"].as_str().unwrap().contains("số 63")),
        "{found}"
    );
    // The office's issued list, in pages of 7 (keyset, newest first): each document once,
    // and the count is the whole list's on every page.
    let mut issued: Vec<String> = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let page = b
            .ok(
                &clerk_b,
                "query($after: String) { outgoingWork(list: ISSUED, first: 7, after: $after) { totalCount edges { node { documentId } } pageInfo { hasNextPage endCursor } } }",
                json!({"after": after}),
            )
            .await;
        let work = &page["outgoingWork"];
        assert_eq!(work["totalCount"], 64, "{work}");
        issued.extend(
            work["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["documentId"].as_str().unwrap().to_owned()),
        );
        if work["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = work["pageInfo"]["endCursor"].clone();
    }
    issued.sort_unstable();
    let mut expected = documents.clone();
    expected.sort_unstable();
    assert_eq!(issued, expected);
    // A forged cursor is a validation error on `after`, not a failure.
    let (code, _) = b
        .refused(
            &clerk_b,
            "{ outgoingWork(list: ISSUED, after: \"not-a-cursor\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let _ = std::fs::remove_dir_all(&files_dir);
}

/// Walks a submission through P3 steps 1–5 (specialist, department head, unit leader, unit
/// clerk, the ministry leader's secretary) to the ministry leader's decision.
async fn p3_to_leader(api: &Api, people: &[&Session; 5], summary: &str, to_unit: &str) -> String {
    let [specialist, head, leader, unit_clerk, secretary] = *people;
    let id = create(api, specialist, "p3-submission-ministry", summary, to_unit).await;
    act(
        api,
        specialist,
        json!({"documentId": id, "action": "submit"}),
    )
    .await;
    act(
        api,
        head,
        json!({"documentId": id, "action": "submit_to_unit_leader"}),
    )
    .await;
    act(
        api,
        leader,
        json!({"documentId": id, "action": "direct_to_clerk"}),
    )
    .await;
    act(
        api,
        unit_clerk,
        json!({"documentId": id, "action": "forward_to_secretary", "main": secretary.position}),
    )
    .await;
    let at = act(
        api,
        secretary,
        json!({"documentId": id, "action": "submit_to_leader"}),
    )
    .await;
    assert_eq!(at["step"], "leader_decision");
    id
}

/// The outgoing register `clerk` numbers from: the one `nextOutgoingNumber` accepts for
/// `document` (another office's is refused with `NOT_YOUR_REGISTER`).
async fn numbering_register(api: &Api, clerk: &Session, document: &str) -> String {
    let data = api
        .ok(
            clerk,
            "{ registers { edges { node { id kind } } } }",
            json!({}),
        )
        .await;
    let mut refused = Vec::new();
    for edge in data["registers"]["edges"].as_array().unwrap() {
        if edge["node"]["kind"] != "outgoing" {
            continue;
        }
        let register = edge["node"]["id"].as_str().unwrap();
        let answer = api
            .call(
                Some(clerk),
                "query($d: ID!, $r: ID!) { nextOutgoingNumber(documentId: $d, registerId: $r) { number } }",
                json!({"d": document, "r": register}),
            )
            .await;
        if answer["errors"].is_null() {
            return register.to_owned();
        }
        refused.push(answer["errors"][0]["extensions"]["reason"].clone());
    }
    assert!(
        refused.iter().all(|r| r == "NOT_YOUR_REGISTER"),
        "{refused:?}"
    );
    panic!(
        "no outgoing register numbers {document} for {}",
        clerk.username
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn p3_signing_branches_the_minister_refusing_and_approving_and_issuance_by_the_ministry() {
    let w = world().await;
    let api = &w.api;
    let specialist = api.login("cv.congchuc1").await;
    let head = api.login("tp.congchuc").await;
    let leader = api.login("ld.tccb").await;
    let unit_clerk = api.login("vanthu.tccb").await;
    let secretary = api.login("thuky1").await;
    let deputy_minister = api.login("thu.truong1").await;
    let other_leader = api.login("thu.truong2").await;
    let minister = api.login("bo.truong").await;
    let ministry_clerk = api.login("vanthu.bo").await;
    let khtc = api.login("vanthu.khtc").await.unit;
    let people = [&specialist, &head, &leader, &unit_clerk, &secretary];

    // A returned submission the specialist ends (step 2 → 1 → end).
    let ended = create(
        api,
        &specialist,
        "p3-submission-ministry",
        "Tờ trình không tiếp tục",
        &khtc,
    )
    .await;
    act(
        api,
        &specialist,
        json!({"documentId": ended, "action": "submit"}),
    )
    .await;
    act(
        api,
        &head,
        json!({"documentId": ended, "action": "return", "note": "Không cần trình"}),
    )
    .await;
    let closed = act(
        api,
        &specialist,
        json!({"documentId": ended, "action": "end_submission", "note": "Dừng theo ý kiến trưởng phòng"}),
    )
    .await;
    assert_eq!(closed["step"], "ended");
    assert_eq!(closed["finished"], true);

    // Step 3: the unit leader returns to the department head, then to the specialist.
    let returned = create(
        api,
        &specialist,
        "p3-submission-ministry",
        "Tờ trình trả lại",
        &khtc,
    )
    .await;
    act(
        api,
        &specialist,
        json!({"documentId": returned, "action": "submit"}),
    )
    .await;
    act(
        api,
        &head,
        json!({"documentId": returned, "action": "submit_to_unit_leader"}),
    )
    .await;
    let to_head = act(
        api,
        &leader,
        json!({"documentId": returned, "action": "return_to_department", "note": "Bổ sung số liệu"}),
    )
    .await;
    assert_eq!(to_head["step"], "department_review");
    act(
        api,
        &head,
        json!({"documentId": returned, "action": "submit_to_unit_leader"}),
    )
    .await;
    let to_creator = act(
        api,
        &leader,
        json!({"documentId": returned, "action": "return_to_creator", "note": "Viết lại"}),
    )
    .await;
    assert_eq!(to_creator["step"], "draft");
    assert_eq!(
        to_creator["mainHandler"]["positionId"],
        specialist.position.as_str()
    );

    // Consulting two other leaders at once: both are asked, each answers.
    let a = p3_to_leader(api, &people, "Tờ trình xin ý kiến hai lãnh đạo", &khtc).await;
    let consulting = act(
        api,
        &deputy_minister,
        json!({"documentId": a, "action": "consult", "main": other_leader.position, "co": [minister.position], "deadline": "2031-01-06", "note": "Xin ý kiến"}),
    )
    .await;
    assert_eq!(consulting["step"], "consultation");
    let mut asked: Vec<&str> = consulting["opinions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["asked"]["positionId"].as_str().unwrap())
        .collect();
    asked.sort_unstable();
    let mut expected = [other_leader.position.as_str(), minister.position.as_str()];
    expected.sort_unstable();
    assert_eq!(asked, expected);
    for who in [&other_leader, &minister] {
        let mine = api
            .ok(
                who,
                "{ opinionsAskedOfMe { nodes { requestId documentId } } }",
                json!({}),
            )
            .await;
        let request = mine["opinionsAskedOfMe"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["documentId"] == a.as_str())
            .unwrap()["requestId"]
            .clone();
        api.ok(
            who,
            "mutation($d: ID!, $r: ID!) { giveOpinion(documentId: $d, requestId: $r, opinion: \"Đồng ý\") { written { visible } } }",
            json!({"d": a, "r": request}),
        )
        .await;
    }
    let seen = document(api, &deputy_minister, &a).await;
    assert!(
        seen["opinions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["opinion"] == "Đồng ý"),
        "{seen}"
    );
    act(
        api,
        &secretary,
        json!({"documentId": a, "action": "return_opinions", "note": "Hai lãnh đạo đồng ý"}),
    )
    .await;

    // The leader signs for the minister; the minister refuses: back through the secretary
    // to the unit clerk, with the leader's signature kept on the file.
    let signed = act(
        api,
        &deputy_minister,
        json!({"documentId": a, "action": "sign_for_minister", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    assert_eq!(signed["step"], "secretary_to_minister");
    act(
        api,
        &secretary,
        json!({"documentId": a, "action": "submit_to_minister"}),
    )
    .await;
    assert_eq!(to_do(api, &minister).await, [a.as_str()]);
    let refused = act(
        api,
        &minister,
        json!({"documentId": a, "action": "refuse", "note": "Chưa phù hợp"}),
    )
    .await;
    assert_eq!(refused["step"], "secretary_return");
    act(
        api,
        &secretary,
        json!({"documentId": a, "action": "send_back_unsigned", "note": "Bộ trưởng không phê duyệt"}),
    )
    .await;
    assert_eq!(document(api, &unit_clerk, &a).await["step"], "format_check");

    // The minister approves (and signs) another: two personal signatures, then the
    // ministry clerk numbers it from the ministry's register and issues it with the
    // organisation's signature.
    let b = p3_to_leader(api, &people, "Tờ trình đề án được phê duyệt", &khtc).await;
    act(
        api,
        &deputy_minister,
        json!({"documentId": b, "action": "sign_for_minister", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    act(
        api,
        &secretary,
        json!({"documentId": b, "action": "submit_to_minister"}),
    )
    .await;
    let approved = act(
        api,
        &minister,
        json!({"documentId": b, "action": "approve", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    assert_eq!(approved["step"], "secretary_approved");
    act(
        api,
        &secretary,
        json!({"documentId": b, "action": "send_approved_to_clerk"}),
    )
    .await;
    // (The refused one is back in the unit clerk's list too.)
    assert!(to_do(api, &unit_clerk).await.contains(&b));
    // The unit clerk sends it to the ministry's office for issuance; not their own register.
    act(
        api,
        &unit_clerk,
        json!({"documentId": b, "action": "send_for_issuance"}),
    )
    .await;
    assert_eq!(to_do(api, &ministry_clerk).await, [b.as_str()]);
    // Step 15: the format is not right: back to the unit clerk, who sends it again.
    let back = act(
        api,
        &ministry_clerk,
        json!({"documentId": b, "action": "return_to_unit_clerk", "note": "Sai thể thức"}),
    )
    .await;
    assert_eq!(back["step"], "unit_clerk_review");
    act(
        api,
        &unit_clerk,
        json!({"documentId": b, "action": "send_for_issuance"}),
    )
    .await;
    act(
        api,
        &ministry_clerk,
        json!({"documentId": b, "action": "accept"}),
    )
    .await;
    let register = numbering_register(api, &ministry_clerk, &b).await;
    let numbered = act(
        api,
        &ministry_clerk,
        json!({"documentId": b, "action": "assign_number", "registerId": register}),
    )
    .await;
    assert_eq!(numbered["step"], "issuing");
    let issued = act(
        api,
        &ministry_clerk,
        json!({"documentId": b, "action": "issue", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    assert_eq!(issued["step"], "issued");
    let state = document(api, &ministry_clerk, &b).await;
    let kinds: Vec<&str> = state["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["personal", "personal", "organisation"], "{state}");
    assert!(
        state["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["valid"] == true),
        "{state}"
    );
    assert!(
        state["numberNotation"].as_str().unwrap().starts_with("01/"),
        "{state}"
    );
    assert_eq!(state["recipients"][0]["status"], "01", "{state}");

    // The leader signs without the minister on a third: straight back to the unit clerk.
    let c = p3_to_leader(api, &people, "Tờ trình lãnh đạo Bộ ký", &khtc).await;
    let signed = act(
        api,
        &deputy_minister,
        json!({"documentId": c, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    assert_eq!(signed["step"], "secretary_signed");
    let back = act(
        api,
        &secretary,
        json!({"documentId": c, "action": "send_signed_to_clerk"}),
    )
    .await;
    assert_eq!(back["step"], "unit_clerk_review");
}

/// Standard base64 with padding (what `uploadSigningKey` takes).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

const UPLOAD_KEY: &str = "mutation($i: UploadSigningKeyInput!) { uploadSigningKey(input: $i) { id usable revoked certificate { commonName notAfter } } }";

/// Keys an administrator uploads: the PKCS#12 never comes back; an expired certificate and
/// one from an authority the installation does not trust are refused at signing, and
/// nothing is signed or recorded; a revoked key signs nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn expired_untrusted_and_revoked_keys_do_not_sign() {
    use chancery_signing::demo_pki::{DemoCa, DemoSubject, Lifetime};
    let w = world().await;
    let api = &w.api;
    let admin = api.login("admin").await;
    let drafter = api.login("cv.congchuc1").await;
    let leader = api.login("ld.tccb").await;
    let khtc = api.login("vanthu.khtc").await.unit;
    let leader_person = person_of(api, &leader).await;

    // An authority the installation trusts (added by the administrator) and one it does not.
    let (trusted, untrusted) = tokio::task::spawn_blocking(|| {
        (
            DemoCa::generate("Test Trusted Root", "Chancery test").unwrap(),
            DemoCa::generate("Unknown Root", "Elsewhere").unwrap(),
        )
    })
    .await
    .unwrap();
    let (code, _) = api
        .refused(
            &leader,
            "mutation($p: String!) { addTrustAnchor(pem: $p) { pem } }",
            json!({"p": trusted.certificate_pem().unwrap()}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    api.ok(
        &admin,
        "mutation($p: String!) { addTrustAnchor(pem: $p) { certificate { subject } } }",
        json!({"p": trusted.certificate_pem().unwrap()}),
    )
    .await;
    let (_, reason) = api
        .refused(
            &admin,
            "mutation { addTrustAnchor(pem: \"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\") { pem } }",
            json!({}),
        )
        .await;
    assert!(!reason.is_empty());

    let subject = DemoSubject::person("Lãnh đạo Thử", "Bộ Nội vụ");
    let expired = trusted.issue(&subject, Lifetime::Expired).unwrap();
    let foreign = untrusted.issue(&subject, Lifetime::Current).unwrap();
    let upload = |p12: Vec<u8>, password: &str| json!({"i": {"personId": leader_person, "pkcs12Base64": base64(&p12), "password": password}});
    // A wrong password or a file that is not PKCS#12: refused, nothing registered.
    let (code, _) = api
        .refused(
            &admin,
            UPLOAD_KEY,
            upload(expired.to_pkcs12("right").unwrap(), "wrong"),
        )
        .await;
    assert_eq!(code, "VALIDATION");
    let (code, _) = api
        .refused(&admin, UPLOAD_KEY, upload(b"not a key".to_vec(), "x"))
        .await;
    assert_eq!(code, "VALIDATION");
    let expired_key = api
        .ok(
            &admin,
            UPLOAD_KEY,
            upload(expired.to_pkcs12("pw").unwrap(), "pw"),
        )
        .await["uploadSigningKey"]
        .clone();
    assert_eq!(expired_key["usable"], false, "{expired_key}");
    let foreign_key = api
        .ok(
            &admin,
            UPLOAD_KEY,
            upload(foreign.to_pkcs12("pw").unwrap(), "pw"),
        )
        .await["uploadSigningKey"]
        .clone();
    // The same certificate twice for one person: refused.
    let (code, reason) = api
        .refused(
            &admin,
            UPLOAD_KEY,
            upload(foreign.to_pkcs12("pw").unwrap(), "pw"),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "KEY_ALREADY_REGISTERED")
    );

    let id = create(api, &drafter, "p4-outgoing-unit", "Công văn ký thử", &khtc).await;
    act(
        api,
        &drafter,
        json!({"documentId": id, "action": "submit_to_leader"}),
    )
    .await;
    let sign_with = |key: &Value| json!({"input": {"documentId": id, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}, "signingKeyId": key["id"]}});
    let (code, reason) = api.refused(&leader, ACT, sign_with(&expired_key)).await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "CERTIFICATE_EXPIRED")
    );
    let (code, reason) = api.refused(&leader, ACT, sign_with(&foreign_key)).await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "CERTIFICATE_UNTRUSTED")
    );
    let state = document(api, &leader, &id).await;
    assert_eq!(state["step"], "leader_review");
    assert!(
        state["signatures"].as_array().unwrap().is_empty(),
        "{state}"
    );

    // The leader's keys revoked (the demo key and the two above): none signs any more, and
    // the leader is told why.
    let keys = api
        .ok(
            &admin,
            "{ signingKeys { nodes { id personId revoked usable } } }",
            json!({}),
        )
        .await;
    for key in keys["signingKeys"]["nodes"].as_array().unwrap() {
        if key["personId"] == leader_person.as_str() && key["revoked"] == false {
            api.ok(
                &admin,
                "mutation($k: ID!) { revokeSigningKey(keyId: $k, reason: \"Mất thiết bị\") { revoked } }",
                json!({"k": key["id"]}),
            )
            .await;
        }
    }
    let (code, reason) = api
        .refused(
            &leader,
            ACT,
            json!({"input": {"documentId": id, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "NO_SIGNING_KEY")
    );
    let (code, reason) = api.refused(&leader, ACT, sign_with(&foreign_key)).await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("CONFLICT", "KEY_REVOKED")
    );
    // A new, valid key from the trusted authority signs.
    let fresh = trusted.issue(&subject, Lifetime::Current).unwrap();
    api.ok(
        &admin,
        UPLOAD_KEY,
        upload(fresh.to_pkcs12("pw").unwrap(), "pw"),
    )
    .await;
    let signed = act(
        api,
        &leader,
        json!({"documentId": id, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    assert_eq!(signed["step"], "format_check");
    let state = document(api, &leader, &id).await;
    assert_eq!(state["signatures"][0]["certificate"], "TRUSTED", "{state}");
}

/// A server-held key is never used by a click alone: the leader's signature and the clerk's
/// issuance each need the person's signing PIN (issue 15); wrong PINs are refused and lock
/// signing after five; one confirmation signs a batch the leader reviewed; a new PIN is set
/// after the password.
#[tokio::test]
async fn signing_and_issuing_need_the_persons_confirmation_once_per_document_or_batch() {
    let w = world().await;
    let api = &w.api;
    let drafter = api.login("cv.congchuc1").await;
    let leader = api.login("ld.tccb").await;
    let clerk = api.login("vanthu.tccb").await;
    let khtc = api.login("vanthu.khtc").await.unit;
    let mut drafts = Vec::new();
    for n in 0..3 {
        let id = create(
            api,
            &drafter,
            "p4-outgoing-unit",
            &format!("Lô ký số {n}"),
            &khtc,
        )
        .await;
        act(
            api,
            &drafter,
            json!({"documentId": id, "action": "submit_to_leader"}),
        )
        .await;
        drafts.push(id);
    }
    // One click alone, or a wrong PIN, signs nothing.
    let sign = |id: &str, confirmation: Value| json!({"input": {"documentId": id, "action": "sign", "confirmation": confirmation}});
    let (code, reason) = api
        .refused(&leader, ACT, sign(&drafts[0], Value::Null))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "CONFIRMATION_REQUIRED")
    );
    let (_, reason) = api
        .refused(&leader, ACT, sign(&drafts[0], json!({"pin": "000000"})))
        .await;
    assert_eq!(reason, "WRONG_CONFIRMATION");
    let (_, reason) = api
        .refused(
            &leader,
            ACT,
            sign(
                &drafts[0],
                json!({"pin": DEMO_SIGNING_PIN, "totp": "123456"}),
            ),
        )
        .await;
    assert_eq!(reason, "ONE_CONFIRMATION");
    assert_eq!(
        document(api, &leader, &drafts[0]).await["step"],
        "leader_review"
    );

    // The batch the leader reviewed: one confirmation for the three (a wrong one signs none).
    const BATCH: &str = "mutation($ids: [ID!]!, $c: ConfirmationInput) { signOutgoingBatch(documentIds: $ids, confirmation: $c) { documents { documentId signed reason } written { visible } } }";
    let (_, reason) = api
        .refused(
            &leader,
            BATCH,
            json!({"ids": drafts, "c": {"pin": "111111"}}),
        )
        .await;
    assert_eq!(reason, "WRONG_CONFIRMATION");
    for id in &drafts {
        assert_eq!(document(api, &leader, id).await["step"], "leader_review");
    }
    let done = api
        .ok(
            &leader,
            BATCH,
            json!({"ids": drafts, "c": {"pin": DEMO_SIGNING_PIN}}),
        )
        .await;
    let results = done["signOutgoingBatch"]["documents"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{done}");
    assert!(results.iter().all(|r| r["signed"] == true), "{done}");
    for id in &drafts {
        let state = document(api, &leader, id).await;
        assert_eq!(state["step"], "format_check", "{state}");
        assert_eq!(state["signatures"][0]["valid"], true, "{state}");
    }
    // Signed already: the same batch again reports each document, nothing signs twice.
    let again = api
        .ok(
            &leader,
            BATCH,
            json!({"ids": [drafts[0]], "c": {"pin": DEMO_SIGNING_PIN}}),
        )
        .await;
    assert_eq!(
        again["signOutgoingBatch"]["documents"][0]["signed"], false,
        "{again}"
    );

    // The clerk's issuance uses the organisation's key: confirmed before a number is taken.
    act(
        api,
        &clerk,
        json!({"documentId": drafts[0], "action": "accept"}),
    )
    .await;
    let register = register_of(api, &clerk, &clerk.unit, "outgoing").await;
    let issue = |confirmation: Value| json!({"input": {"documentId": drafts[0], "action": "issue", "registerId": register, "confirmation": confirmation}});
    let (_, reason) = api.refused(&clerk, ACT, issue(Value::Null)).await;
    assert_eq!(reason, "CONFIRMATION_REQUIRED");
    let preview = api
        .ok(
            &clerk,
            "query($d: ID!, $r: ID!) { nextOutgoingNumber(documentId: $d, registerId: $r) { number alreadyNumbered } }",
            json!({"d": drafts[0], "r": register}),
        )
        .await;
    assert_eq!(
        preview["nextOutgoingNumber"]["alreadyNumbered"], false,
        "{preview}"
    );
    let issued = api
        .ok(&clerk, ACT, issue(json!({"pin": DEMO_SIGNING_PIN})))
        .await;
    assert_eq!(issued["outgoingAction"]["document"]["step"], "issued");

    // Five wrong PINs in a row lock the clerk's signing (the right PIN too), not their login.
    const STATE: &str = "{ signingConfirmation { pinSet totpEnrolled lockedUntil } }";
    let drafter_state = api.ok(&drafter, STATE, json!({})).await;
    assert_eq!(drafter_state["signingConfirmation"]["pinSet"], true);
    let other = create(api, &drafter, "p4-outgoing-unit", "Khóa ký số", &khtc).await;
    act(
        api,
        &drafter,
        json!({"documentId": other, "action": "submit_to_leader"}),
    )
    .await;
    for n in 1..=5 {
        let (_, reason) = api
            .refused(&leader, ACT, sign(&other, json!({"pin": "000000"})))
            .await;
        assert_eq!(
            reason,
            if n < 5 {
                "WRONG_CONFIRMATION"
            } else {
                "SIGNING_LOCKED"
            },
            "try {n}"
        );
    }
    let (_, reason) = api
        .refused(&leader, ACT, sign(&other, json!({"pin": DEMO_SIGNING_PIN})))
        .await;
    assert_eq!(reason, "SIGNING_LOCKED");
    let locked = api.ok(&leader, STATE, json!({})).await;
    assert!(
        locked["signingConfirmation"]["lockedUntil"].is_string(),
        "{locked}"
    );
    api.ok(&leader, "{ me { positions { positionId } } }", json!({}))
        .await;

    // A new PIN is set after the password; the old one no longer confirms.
    const SET: &str =
        "mutation($p: String!, $n: String!) { setSigningPin(password: $p, pin: $n) { pinSet } }";
    let (_, reason) = api
        .refused(&drafter, SET, json!({"p": "sai-mat-khau", "n": "135790"}))
        .await;
    assert_eq!(reason, "WRONG_PASSWORD");
    let (_, reason) = api
        .refused(
            &drafter,
            SET,
            json!({"p": chancery_e2e::DEMO_PASSWORD, "n": "123"}),
        )
        .await;
    assert_eq!(reason, "TOO_SHORT");
    api.ok(
        &drafter,
        SET,
        json!({"p": chancery_e2e::DEMO_PASSWORD, "n": "135790"}),
    )
    .await;
}

/// A draft written in Word: the .docx given as the main file is converted by LibreOffice
/// (the real `soffice`, headless) to the PDF the leader signs and the clerk issues; the .docx
/// stays the version's editable source, downloadable by whoever reads the draft and by no
/// one else, and is never among the issued files. A damaged .docx is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_docx_draft_is_converted_to_the_pdf_that_is_signed_and_keeps_its_source() {
    const VERSIONS: &str = "query($d: ID!) { outgoingDocument(id: $d) { step files { sha256 name mediaType } versions { number files { sha256 name mediaType } source { sha256 name mediaType url } } } }";
    let fixture = |name: &str| {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../crates/files/tests/fixtures")
                .join(name),
        )
        .unwrap()
    };
    let w = world().await;
    let api = &w.api;
    let drafter = api.login("cv.congchuc1").await;
    let leader = api.login("ld.tccb").await;
    let clerk = api.login("vanthu.tccb").await;
    let other_head = api.login("tp.tienluong").await;
    let khtc = api.login("vanthu.khtc").await.unit;

    // A damaged Word file is refused, with its own code.
    let (status, broken) = api
        .upload(&drafter, "hong.docx", fixture("corrupt.docx"))
        .await;
    assert_eq!(status, 201, "{broken}");
    let (code, reason) = api
        .refused(
            &drafter,
            CREATE,
            json!({"input": {"process": "p4-outgoing-unit", "fields": fields("Hỏng", &khtc), "files": [{"sha256": broken["sha256"], "name": "hong.docx"}]}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "CONVERSION_FAILED")
    );

    let docx = fixture("bao-cao.docx");
    let (status, stored) = api
        .upload(&drafter, "Bao-cao-bien-che.docx", docx.clone())
        .await;
    assert_eq!(status, 201, "{stored}");
    let docx_sha = stored["sha256"].as_str().unwrap().to_owned();
    let data = api
        .ok(
            &drafter,
            CREATE,
            json!({"input": {"process": "p4-outgoing-unit", "fields": fields("Về việc báo cáo biên chế", &khtc), "files": [{"sha256": docx_sha, "name": "Bao-cao-bien-che.docx"}]}}),
        )
        .await;
    let id = data["createDraft"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let state = api.ok(&drafter, VERSIONS, json!({"d": id})).await["outgoingDocument"].clone();
    let main = &state["files"][0];
    assert_eq!(main["mediaType"], "application/pdf", "{state}");
    assert_eq!(main["name"], "Bao-cao-bien-che.pdf", "{state}");
    assert_eq!(state["files"].as_array().unwrap().len(), 1, "{state}");
    let source = &state["versions"][0]["source"];
    assert_eq!(source["sha256"], docx_sha.as_str(), "{state}");
    assert_eq!(source["name"], "Bao-cao-bien-che.docx", "{state}");
    let pdf_sha = main["sha256"].as_str().unwrap().to_owned();

    // The PDF carries the Word file's text; the Word file is the drafter's to download.
    let pdf = api.download(&drafter, &id, &pdf_sha).await;
    let path = std::env::temp_dir().join(format!("chancery-docx-{}.pdf", uuid::Uuid::now_v7()));
    std::fs::write(&path, &pdf).unwrap();
    let text = run(std::process::Command::new("pdftotext").arg(&path).arg("-"));
    let _ = std::fs::remove_file(&path);
    assert!(text.contains("Về việc báo cáo biên chế"), "{text}");
    assert_eq!(api.download(&drafter, &id, &docx_sha).await, docx);
    // Someone who may not read the draft downloads neither.
    for sha in [&docx_sha, &pdf_sha] {
        let refused = api
            .http
            .get(format!("{}/documents/{id}/files/{sha}", api.base))
            .bearer_auth(&other_head.token)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status().as_u16(), 403);
    }

    // A new version given as a .docx too: converted, with its own source; the first keeps
    // its own.
    let (_, v2) = api.upload(&drafter, "Bao-cao-v2.docx", docx.clone()).await;
    api.ok(
        &drafter,
        "mutation($d: ID!, $f: [FileInput!]!) { addDraftVersion(documentId: $d, files: $f, note: \"Sửa lần 2\") { document { id } } }",
        json!({"d": id, "f": [{"sha256": v2["sha256"], "name": "Bao-cao-v2.docx"}]}),
    )
    .await;
    let state = api.ok(&drafter, VERSIONS, json!({"d": id})).await["outgoingDocument"].clone();
    assert_eq!(
        state["versions"][1]["source"]["name"], "Bao-cao-v2.docx",
        "{state}"
    );
    assert_eq!(
        state["versions"][0]["source"]["name"], "Bao-cao-bien-che.docx",
        "{state}"
    );
    assert_eq!(state["files"][0]["name"], "Bao-cao-v2.pdf", "{state}");
    assert_eq!(state["files"][0]["mediaType"], "application/pdf", "{state}");

    // The leader signs the converted PDF; the clerk numbers and issues it.
    act(
        api,
        &drafter,
        json!({"documentId": id, "action": "submit_to_leader"}),
    )
    .await;
    assert_eq!(api.download(&leader, &id, &docx_sha).await, docx);
    let signed = act(
        api,
        &leader,
        json!({"documentId": id, "action": "sign", "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    assert_eq!(signed["step"], "format_check");
    let checks = document(api, &leader, &id).await["signatures"].clone();
    assert_eq!(checks[0]["valid"], true, "{checks}");
    act(api, &clerk, json!({"documentId": id, "action": "accept"})).await;
    let register = register_of(api, &clerk, &clerk.unit, "outgoing").await;
    let issued = act(
        api,
        &clerk,
        json!({"documentId": id, "action": "issue", "registerId": register, "confirmation": {"pin": DEMO_SIGNING_PIN}}),
    )
    .await;
    assert_eq!(issued["step"], "issued");
    let state = api.ok(&clerk, VERSIONS, json!({"d": id})).await["outgoingDocument"].clone();
    let files = state["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{state}");
    assert!(
        files
            .iter()
            .all(|f| f["sha256"] != docx_sha.as_str() && f["mediaType"] == "application/pdf"),
        "{state}"
    );
    // The versions keep their editable sources.
    assert_eq!(state["versions"][0]["source"]["sha256"], docx_sha.as_str());
    assert_eq!(state["versions"][1]["source"]["sha256"], docx_sha.as_str());
}
