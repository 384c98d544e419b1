//! `availableActions` describes each action as the process definition does, so a client
//! draws it without knowing any process, step or action name: the effects, the step it leads
//! to and that step's title, and whether it returns, ends, or ends without completing.
//! General Affairs, who get the P1 document through their unit's pool, read the document
//! page with its actions; `draftProcesses` names the processes a drafter may start, and an
//! outgoing document says where it stands in issuance (`stage`, `drafting`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{App, data};

const PAGE: &str = "query($id: ID!) { document(id: $id) { step availableActions { action toStep toStepTitle effects returns ends danger } } }";
const ACT: &str = "mutation($input: DocumentActionInput!) { documentAction(input: $input) { document { step } } }";

fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

async fn ok(app: &App, token: &str, query: &str, variables: Value) -> Value {
    let response = app.run(Some(token), query, variables).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    data(&response)
}

/// The offered action named `name` on the page `page`.
fn offered<'a>(page: &'a Value, name: &str) -> &'a Value {
    page["document"]["availableActions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == name)
        .unwrap_or_else(|| panic!("{name} not offered: {page}"))
}

#[tokio::test]
async fn p1_actions_say_their_effects_where_they_lead_and_how_and_the_pool_reads_them() {
    let app = App::start().await;
    let clerk = app.login("vanthu.bo").await;
    let stored = app.upload("vanthu.bo", "scan.pdf", pdf("offers")).await;
    let received = ok(
        &app,
        &clerk,
        "mutation($input: ReceivePaperDocumentInput!) { receivePaperDocument(input: $input) { document { id } } }",
        json!({"input": {
            "metadata": {
                "issuingBody": "Bộ Tài chính",
                "numberNotation": "7/BTC-OFFERS",
                "documentDate": "2026-01-05",
                "documentType": "cong-van",
                "summary": "Hướng dẫn quyết toán",
            },
            "files": [{"sha256": stored.sha256, "name": "scan.pdf"}],
        }}),
    )
    .await;
    let id = received["receivePaperDocument"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // At reception: registering moves on; refusing ends the process without completing it.
    let page = ok(&app, &clerk, PAGE, json!({"id": id})).await;
    assert_eq!(
        offered(&page, "refuse"),
        &json!({"action": "refuse", "toStep": "refused", "toStepTitle": "Không vào sổ",
                "effects": [], "returns": false, "ends": true, "danger": true})
    );
    assert_eq!(
        offered(&page, "register"),
        &json!({"action": "register", "toStep": "update", "toStepTitle": "Cập nhật, chuyển xử lý",
                "effects": [], "returns": false, "ends": false, "danger": false})
    );

    let organisation = app.api.commands.organisation().await.unwrap();
    let office = organisation
        .office_of(organisation.positions[&app.account("vanthu.bo").position_id].unit)
        .unwrap();
    let register = app
        .api
        .commands
        .catalogues()
        .await
        .unwrap()
        .registers
        .values()
        .find(|r| {
            r.owner_unit_id == office
                && r.code == "den"
                && r.kind == chancery_domain::catalogues::RegisterKind::Incoming
        })
        .unwrap()
        .register_id
        .0
        .to_string();
    ok(
        &app,
        &clerk,
        "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }",
        json!({"d": id, "r": register}),
    )
    .await;
    ok(
        &app,
        &clerk,
        ACT,
        json!({"input": {"documentId": id, "action": "forward_to_general_affairs", "note": "Chuyển"}}),
    )
    .await;

    // The General Affairs officer holds the step through the pool and reads its page.
    let officer = app.login("tonghop.cv1").await;
    let page = ok(&app, &officer, PAGE, json!({"id": id})).await;
    assert_eq!(page["document"]["step"], "propose");
    assert_eq!(
        offered(&page, "propose_assignment"),
        &json!({"action": "propose_assignment", "toStep": "approve", "toStepTitle": "Duyệt phân công",
                "effects": [], "returns": false, "ends": false, "danger": false})
    );
    assert_eq!(offered(&page, "recall_to_clerk")["returns"], true);
    let units: Vec<String> = organisation
        .units
        .values()
        .filter(|u| u.name == "Vụ Tổ chức cán bộ")
        .map(|u| u.id.0.to_string())
        .collect();
    assert_eq!(units.len(), 1);
    ok(
        &app,
        &officer,
        ACT,
        json!({"input": {"documentId": id, "action": "propose_assignment", "units": units}}),
    )
    .await;

    // Their leader reads the proposal and is offered to approve it: a fan-out that ends P1.
    let leader = app.login("tonghop.ld").await;
    let page = ok(&app, &leader, PAGE, json!({"id": id})).await;
    assert_eq!(
        offered(&page, "approve_assignment"),
        &json!({"action": "approve_assignment", "toStep": "routed", "toStepTitle": "Đã chuyển các đơn vị",
                "effects": ["FAN_OUT"], "returns": false, "ends": true, "danger": false})
    );
    assert_eq!(
        offered(&page, "send_back"),
        &json!({"action": "send_back", "toStep": "propose", "toStepTitle": "Dự phân công",
                "effects": [], "returns": true, "ends": false, "danger": false})
    );
}

#[tokio::test]
async fn a_drafter_is_offered_the_processes_they_start_and_the_draft_says_where_it_stands() {
    let app = App::start().await;
    let drafter = app.login("cv.congchuc1").await;
    let processes = ok(&app, &drafter, "{ draftProcesses { id title } }", json!({})).await;
    assert_eq!(
        processes["draftProcesses"],
        json!([
            {"id": "p4-outgoing-unit", "title": "Văn bản đi cấp số đơn vị"},
            {"id": "p3-submission-ministry", "title": "Văn bản trình lãnh đạo Bộ"},
        ])
    );
    // A clerk drafts nothing.
    let clerk = app.login("vanthu.bo").await;
    let none = ok(&app, &clerk, "{ draftProcesses { id } }", json!({})).await;
    assert_eq!(none["draftProcesses"], json!([]));

    let stored = app
        .upload("cv.congchuc1", "du-thao.pdf", pdf("stage"))
        .await;
    let created = ok(
        &app,
        &drafter,
        "mutation($i: CreateDraftInput!) { createDraft(input: $i) { document { id stage drafting availableActions { action toStepTitle effects returns ends danger } } } }",
        json!({"i": {
            "process": "p4-outgoing-unit",
            "fields": {
                "documentType": "cong-van",
                "summary": "Về việc báo cáo biên chế",
                "urgency": "NORMAL",
                "confidentiality": "NORMAL",
            },
            "files": [{"sha256": stored.sha256, "name": "du-thao.pdf"}],
        }}),
    )
    .await;
    let document = &created["createDraft"]["document"];
    assert_eq!(document["stage"], Value::Null);
    assert_eq!(document["drafting"], true);
    let actions = document["availableActions"].as_array().unwrap();
    let delete = actions.iter().find(|a| a["action"] == "delete").unwrap();
    assert_eq!(
        delete,
        &json!({"action": "delete", "toStepTitle": "Đã xóa", "effects": [],
                "returns": false, "ends": true, "danger": true})
    );
    let submit = actions
        .iter()
        .find(|a| a["action"] == "submit_to_leader")
        .unwrap();
    assert_eq!(submit["toStepTitle"], "Lãnh đạo đơn vị ký duyệt");
    assert_eq!(submit["danger"], false);
    assert_eq!(submit["returns"], false);

    // The work list titles the step from the draft's own process version.
    let work = ok(
        &app,
        &drafter,
        "{ outgoingWork(list: TO_DO, first: 10) { nodes { documentId stepTitle stage } } }",
        json!({}),
    )
    .await;
    let row = work["outgoingWork"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["documentId"] == document["id"])
        .unwrap_or_else(|| panic!("not listed: {work}"))
        .clone();
    assert_eq!(row["stepTitle"], "Soạn dự thảo");
    assert_eq!(row["stage"], Value::Null);
}
