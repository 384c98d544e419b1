//! Processes an administrator changes, through the API: a new version of P2 with a legal
//! review is checked (its problems named in Vietnamese), published, activated for the
//! agency, and only documents started afterwards run it; the old P1 variant, activated for
//! the agency, is what the ministry's clerk starts without naming a process, and it is walked
//! to its units.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{App, data, errors};

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!) { receivePaperDocument(input: $input) { document { id process processVersion } } }";
const REGISTER: &str =
    "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }";
const ACT: &str = "mutation($input: DocumentActionInput!) { documentAction(input: $input) { document { step } written { visible } } }";
const PAGE: &str = "query($id: ID!) { document(id: $id) { process processVersion step stepTitle finished availableActions { action toStep toStepTitle } unitsProgress { unitName step documentId } } }";
const PROCESSES: &str = "{ processes { id latestVersion inForce versions { version shipped publishedBy note definition diagram { steps { id title depth } transitions { from to action } } } activations { version unitId from by } } }";
const PUBLISH: &str =
    "mutation($d: String!, $n: String) { publishProcess(definition: $d, note: $n) { position } }";
const ACTIVATE: &str = "mutation($p: String!, $v: Int!, $u: ID, $f: NaiveDate!) { activateProcess(process: $p, version: $v, unitId: $u, from: $f) { position visible } }";

fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

fn today() -> String {
    chancery_commands::caller::local_today(chrono::Utc::now()).to_string()
}

async fn ok(app: &App, token: &str, query: &str, variables: Value) -> Value {
    let response = app.run(Some(token), query, variables).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    data(&response)
}

/// `(code, reason)` of the first error of a refused request.
async fn refused(app: &App, token: &str, query: &str, variables: Value) -> (String, String) {
    let response = app.run(Some(token), query, variables).await;
    let errors = errors(&response);
    assert!(!errors.is_empty(), "expected a refusal");
    (errors[0].0.clone(), errors[0].1.clone().unwrap_or_default())
}

fn process<'a>(list: &'a Value, id: &str) -> &'a Value {
    list["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no process {id}: {list}"))
}

/// A clerk receives a paper document; registered in their office's incoming register when
/// `register`. Returns the `receivePaperDocument` document.
async fn received(app: &App, clerk: &str, notation: &str, register: bool) -> Value {
    let token = app.login(clerk).await;
    let stored = app.upload(clerk, "scan.pdf", pdf(notation)).await;
    let received = ok(
        app,
        &token,
        RECEIVE,
        json!({"input": {
            "metadata": {
                "issuingBody": "Bộ Tài chính",
                "numberNotation": notation,
                "documentDate": "2026-01-05",
                "documentType": "cong-van",
                "summary": "Về việc rà soát biên chế",
            },
            "files": [{"sha256": stored.sha256, "name": "scan.pdf"}],
        }}),
    )
    .await["receivePaperDocument"]["document"]
        .clone();
    if register {
        let register = app.incoming_register(clerk).await;
        ok(
            app,
            &token,
            REGISTER,
            json!({"d": received["id"], "r": register.0.to_string()}),
        )
        .await;
    }
    received
}

/// The id of the demo's Vụ Tổ chức cán bộ.
async fn tccb(app: &App) -> String {
    let organisation = app.api.commands.organisation().await.unwrap();
    organisation
        .units
        .values()
        .find(|u| u.name == "Vụ Tổ chức cán bộ")
        .unwrap()
        .id
        .0
        .to_string()
}

fn finish_of(page: &Value) -> &Value {
    page["document"]["availableActions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "finish")
        .unwrap_or_else(|| panic!("finish not offered: {page}"))
}

#[tokio::test]
async fn an_administrator_adds_a_legal_review_to_p2_and_only_documents_started_afterwards_take_it()
{
    let app = App::start().await;
    let admin = app.login("admin").await;
    let list = ok(&app, &admin, PROCESSES, json!({})).await;
    let p2 = process(&list, "p2-incoming-unit");
    assert_eq!(p2["latestVersion"], 1);
    assert_eq!(p2["inForce"], 1);
    assert_eq!(p2["versions"][0]["shipped"], true);

    // The new version: the specialist's "finish" leads to a legal review by the department
    // head, who finishes.
    let mut v2 = p2["versions"][0]["definition"].clone();
    v2["version"] = json!(2);
    v2["steps"]["handle"]["actions"]["finish"]["to"] = json!("legal_review");
    v2["steps"]["legal_review"] = json!({
        "title": {"vi": "Thẩm định pháp lý", "en": "Legal review", "lo": "ກວດສອບດ້ານກົດໝາຍ"},
        "roles": ["department_head"],
        "actions": {"finish": {
            "title": {"vi": "Kết thúc", "en": "Finish", "lo": "ສຳເລັດ"},
            "to": "finished",
            "needs": ["note"],
        }},
    });
    let mut broken = v2.clone();
    broken["steps"]["legal_review"]["actions"]["finish"]["to"] = json!("nowhere");
    let check = ok(
        &app,
        &admin,
        "query($d: String!) { checkProcess(definition: $d) { valid problems { code message step action } diagram { start } } }",
        json!({"d": broken.to_string()}),
    )
    .await;
    assert_eq!(check["checkProcess"]["valid"], false);
    assert_eq!(check["checkProcess"]["diagram"], Value::Null);
    let problems = check["checkProcess"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["code"], "PROCESS_UNKNOWN_TARGET");
    assert_eq!(problems[0]["step"], "legal_review");
    assert_eq!(problems[0]["action"], "finish");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Thao tác dẫn đến một bước không có"),
        "{problems:?}"
    );
    assert_eq!(
        refused(&app, &admin, PUBLISH, json!({"d": broken.to_string()})).await,
        ("VALIDATION".to_owned(), "INVALID_PROCESS".to_owned())
    );
    // Only administrators publish.
    let clerk = app.login("vanthu.tccb").await;
    assert_eq!(
        refused(&app, &clerk, PUBLISH, json!({"d": v2.to_string()}))
            .await
            .0,
        "FORBIDDEN"
    );
    ok(
        &app,
        &admin,
        PUBLISH,
        json!({"d": v2.to_string(), "n": "Thêm bước thẩm định pháp lý"}),
    )
    .await;
    // The same version again is not the next one.
    assert_eq!(
        refused(&app, &admin, PUBLISH, json!({"d": v2.to_string()})).await,
        ("CONFLICT".to_owned(), "PROCESS_VERSION_TAKEN".to_owned())
    );
    let list = ok(&app, &admin, PROCESSES, json!({})).await;
    let p2 = process(&list, "p2-incoming-unit");
    assert_eq!(p2["latestVersion"], 2);
    assert_eq!(p2["inForce"], 1, "published, not activated yet");
    let published = &p2["versions"][1];
    assert_eq!(published["shipped"], false);
    assert_eq!(published["note"], "Thêm bước thẩm định pháp lý");
    assert!(
        published["publishedBy"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    assert!(
        published["diagram"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "legal_review" && s["title"] == "Thẩm định pháp lý")
    );

    // A document started before the activation keeps version 1.
    let before = received(&app, "vanthu.tccb", "201/BTC-TCCB", true).await;
    assert_eq!(before["processVersion"], 1);
    // No activation in the past.
    assert_eq!(
        refused(
            &app,
            &admin,
            ACTIVATE,
            json!({"p": "p2-incoming-unit", "v": 2, "f": "2020-01-01"}),
        )
        .await
        .1,
        "ACTIVATION_IN_THE_PAST"
    );
    ok(
        &app,
        &admin,
        ACTIVATE,
        json!({"p": "p2-incoming-unit", "v": 2, "f": today()}),
    )
    .await;
    let list = ok(&app, &admin, PROCESSES, json!({})).await;
    let p2 = process(&list, "p2-incoming-unit");
    assert_eq!(p2["inForce"], 2);
    assert_eq!(p2["activations"][0]["version"], 2);
    assert_eq!(p2["activations"][0]["unitId"], Value::Null);

    let after = received(&app, "vanthu.tccb", "202/BTC-TCCB", true).await;
    assert_eq!(after["processVersion"], 2);

    // Both go to a specialist; only the new one's "finish" leads to the legal review.
    let specialist = app.account("cv.congchuc2").position_id.to_string();
    for document in [&before, &after] {
        let done = ok(
            &app,
            &clerk,
            ACT,
            json!({"input": {"documentId": document["id"], "action": "forward_to_person",
                   "main": specialist, "deadlineInWorkingDays": 10}}),
        )
        .await;
        assert_eq!(done["documentAction"]["document"]["step"], "handle");
    }
    let cv = app.login("cv.congchuc2").await;
    let old_page = ok(&app, &cv, PAGE, json!({"id": before["id"]})).await;
    assert_eq!(finish_of(&old_page)["toStep"], "finished");
    let new_page = ok(&app, &cv, PAGE, json!({"id": after["id"]})).await;
    assert_eq!(
        finish_of(&new_page),
        &json!({"action": "finish", "toStep": "legal_review", "toStepTitle": "Thẩm định pháp lý"})
    );
    ok(
        &app,
        &cv,
        ACT,
        json!({"input": {"documentId": after["id"], "action": "finish", "note": "Đã xử lý"}}),
    )
    .await;
    // The department head holds the legal review and ends it.
    let head = app.login("tp.congchuc").await;
    let page = ok(&app, &head, PAGE, json!({"id": after["id"]})).await;
    assert_eq!(page["document"]["step"], "legal_review");
    assert_eq!(page["document"]["stepTitle"], "Thẩm định pháp lý");
    // Lists title the step from the document's own process version too.
    let found = ok(
        &app,
        &head,
        "query($t: String) { searchDocuments(text: $t, first: 5) { nodes { documentId step stepTitle } } }",
        json!({"t": "202/BTC-TCCB"}),
    )
    .await;
    let row = found["searchDocuments"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["documentId"] == after["id"])
        .unwrap_or_else(|| panic!("not found: {found}"))
        .clone();
    assert_eq!(row["step"], "legal_review");
    assert_eq!(row["stepTitle"], "Thẩm định pháp lý");
    ok(
        &app,
        &head,
        ACT,
        json!({"input": {"documentId": after["id"], "action": "finish", "note": "Đúng quy định"}}),
    )
    .await;
    let page = ok(&app, &head, PAGE, json!({"id": after["id"]})).await;
    assert_eq!(page["document"]["finished"], true);
    let history = ok(
        &app,
        &head,
        "query($id: ID!) { documentHistory(documentId: $id, first: 50) { nodes { toStep toStepTitle } } }",
        json!({"id": after["id"]}),
    )
    .await;
    assert!(
        history["documentHistory"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["toStepTitle"] == "Thẩm định pháp lý")
    );
}

#[tokio::test]
async fn the_old_p1_variant_activated_for_the_agency_is_what_the_clerk_starts_and_it_reaches_the_units()
 {
    let app = App::start().await;
    let admin = app.login("admin").await;
    let before = received(&app, "vanthu.bo", "301/BTC-VP", false).await;
    assert_eq!(before["process"], "p1-incoming-ministry");

    ok(
        &app,
        &admin,
        ACTIVATE,
        json!({"p": "p1-incoming-ministry-direct", "v": 1, "f": today()}),
    )
    .await;
    let document = received(&app, "vanthu.bo", "302/BTC-VP", true).await;
    assert_eq!(document["process"], "p1-incoming-ministry-direct");

    // Already directed: the clerk sends it straight to the units.
    let clerk = app.login("vanthu.bo").await;
    let tccb = tccb(&app).await;
    let done = ok(
        &app,
        &clerk,
        ACT,
        json!({"input": {"documentId": document["id"], "action": "forward_to_units",
               "units": [tccb], "note": "Theo chỉ đạo của Lãnh đạo Bộ"}}),
    )
    .await;
    assert_eq!(done["documentAction"]["document"]["step"], "routed");
    assert_eq!(done["documentAction"]["written"]["visible"], true);
    let page = ok(&app, &clerk, PAGE, json!({"id": document["id"]})).await;
    assert_eq!(page["document"]["finished"], true);
    let units = page["document"]["unitsProgress"].as_array().unwrap();
    assert_eq!(units.len(), 1, "{page}");
    assert_eq!(units[0]["unitName"], "Vụ Tổ chức cán bộ");

    // The unit's clerk registers its copy, which runs P2.
    let unit_clerk = app.login("vanthu.tccb").await;
    let copy = units[0]["documentId"].clone();
    let copy_page = ok(&app, &unit_clerk, PAGE, json!({"id": copy})).await;
    assert_eq!(copy_page["document"]["process"], "p2-incoming-unit");
    assert_eq!(copy_page["document"]["step"], "receive");
    let register = app.incoming_register("vanthu.tccb").await;
    ok(
        &app,
        &unit_clerk,
        REGISTER,
        json!({"d": copy, "r": register.0.to_string()}),
    )
    .await;
    let copy_page = ok(&app, &unit_clerk, PAGE, json!({"id": copy})).await;
    assert_eq!(copy_page["document"]["step"], "update");
}

#[tokio::test]
async fn a_fan_out_while_the_reactions_are_down_answers_queued_and_is_carried_out_when_they_run() {
    let app = App::start_with(false).await;
    let admin = app.login("admin").await;
    ok(
        &app,
        &admin,
        ACTIVATE,
        json!({"p": "p1-incoming-ministry-direct", "v": 1, "f": today()}),
    )
    .await;
    let document = received(&app, "vanthu.bo", "401/BTC-VP", true).await;
    let clerk = app.login("vanthu.bo").await;
    let tccb = tccb(&app).await;
    let done = ok(
        &app,
        &clerk,
        "mutation($input: DocumentActionInput!) { documentAction(input: $input) { document { step } written { visible queued position } } }",
        json!({"input": {"documentId": document["id"], "action": "forward_to_units",
               "units": [tccb], "note": "Theo chỉ đạo"}}),
    )
    .await;
    // The step moved (it is recorded); the unit's copy is still to be made.
    assert_eq!(done["documentAction"]["document"]["step"], "routed");
    assert_eq!(done["documentAction"]["written"]["queued"], true);
    let page = ok(&app, &clerk, PAGE, json!({"id": document["id"]})).await;
    assert_eq!(page["document"]["unitsProgress"], json!([]));

    // The reactions run: the copy is made from the recorded cause, once.
    app.start_reactions();
    let position = chancery_event_store::GlobalPosition(
        done["documentAction"]["written"]["position"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap(),
    );
    let effects = app
        .api
        .reactions
        .wait_for(position, std::time::Duration::from_secs(30))
        .await
        .unwrap();
    assert!(effects > position, "the copy was written after the action");
    let written = app.api.written_documents(Some(position)).await;
    assert!(written.visible && !written.queued);
    let page = ok(&app, &clerk, PAGE, json!({"id": document["id"]})).await;
    let units = page["document"]["unitsProgress"].as_array().unwrap();
    assert_eq!(units.len(), 1, "{page}");
    assert_eq!(units[0]["unitName"], "Vụ Tổ chức cán bộ");
}
