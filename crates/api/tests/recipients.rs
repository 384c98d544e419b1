//! Choosing recipients (issue 15): `likelyRecipients` offers a unit's clerk their leaders, the
//! people of their unit and the departments of it, never anyone of another agency; a
//! department chosen as main handler or co-handler (`mainUnit`, `coUnits`) reaches its head,
//! who then holds the document; another agency's unit is refused on its field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;

use chancery_domain::catalogues::RegisterKind;
use serde_json::{Value, json};
use support::{App, data, error};

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!) { receivePaperDocument(input: $input) { document { id } } }";
const REGISTER: &str =
    "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }";
const ACT: &str = "mutation($input: DocumentActionInput!) { documentAction(input: $input) { document { step } } }";
const LIKELY: &str = "query($d: ID!, $a: String!) { likelyRecipients(documentId: $d, action: $a) { leaders { positionId personName title unitName } staff { positionId personName title } units { unitId name receiver { positionId personName } } } }";
const PAGE: &str = "query($id: ID!) { document(id: $id) { step mainHandler { positionId } coHandlers { positionId } availableActions { action } } }";

fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

struct World {
    app: App,
    tokens: HashMap<String, String>,
}

impl World {
    async fn new(people: &[&str]) -> Self {
        let app = App::start().await;
        let mut tokens = HashMap::new();
        for who in people {
            tokens.insert((*who).to_owned(), app.login(who).await);
        }
        Self { app, tokens }
    }

    fn position(&self, who: &str) -> String {
        self.app.account(who).position_id.to_string()
    }

    async fn unit_of(&self, who: &str) -> String {
        let organisation = self.app.api.commands.organisation().await.unwrap();
        organisation.positions[&self.app.account(who).position_id]
            .unit
            .0
            .to_string()
    }

    async fn run(&self, who: &str, query: &str, variables: Value) -> async_graphql::Response {
        self.app
            .run_as(Some(&self.tokens[who]), None, query, variables)
            .await
    }

    async fn ok(&self, who: &str, query: &str, variables: Value) -> Value {
        let response = self.run(who, query, variables).await;
        assert!(response.errors.is_empty(), "{who}: {:?}", response.errors);
        data(&response)
    }

    /// Received and registered by `clerk` in their office's incoming register.
    async fn registered(&self, clerk: &str, notation: &str) -> String {
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
                    },
                    "files": [{"sha256": stored.sha256, "name": "scan.pdf"}],
                }}),
            )
            .await;
        let id = received["receivePaperDocument"]["document"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let organisation = self.app.api.commands.organisation().await.unwrap();
        let unit = organisation.positions[&self.app.account(clerk).position_id].unit;
        let office = organisation.office_of(unit).unwrap();
        let catalogues = self.app.api.commands.catalogues().await.unwrap();
        let register = catalogues
            .registers
            .values()
            .find(|r| {
                r.owner_unit_id == office && r.kind == RegisterKind::Incoming && r.code == "den"
            })
            .unwrap()
            .register_id
            .0
            .to_string();
        self.ok(clerk, REGISTER, json!({"d": id, "r": register}))
            .await;
        id
    }
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v[key].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_is_offered_their_leaders_people_and_departments_and_a_department_reaches_its_head()
{
    let w = World::new(&[
        "vanthu.tccb",
        "ld.tccb",
        "pho.tccb",
        "tp.congchuc",
        "tp.tienluong",
        "vanthu.snv",
    ])
    .await;
    let id = w.registered("vanthu.tccb", "81/BTC-TCCB").await;

    // Submitting to the leader: the head, then the deputy; the unit's people; its
    // departments, then the ministry's other units — nobody of the province.
    let likely = w
        .ok(
            "vanthu.tccb",
            LIKELY,
            json!({"d": id, "a": "submit_to_leader"}),
        )
        .await["likelyRecipients"]
        .clone();
    assert_eq!(
        ids(&likely["leaders"], "positionId"),
        vec![w.position("ld.tccb"), w.position("pho.tccb")]
    );
    assert_eq!(likely["leaders"][0]["title"], "Vụ trưởng");
    let staff = ids(&likely["staff"], "positionId");
    assert!(staff.contains(&w.position("tp.congchuc")), "{likely}");
    assert!(!staff.contains(&w.position("vanthu.tccb")), "never oneself");
    assert!(!staff.contains(&w.position("ld.tccb")), "leaders once");
    let units = ids(&likely["units"], "unitId");
    let congchuc = w.unit_of("tp.congchuc").await;
    let tienluong = w.unit_of("tp.tienluong").await;
    assert_eq!(units[..2], [congchuc.clone(), tienluong.clone()]);
    assert!(!units.contains(&w.unit_of("vanthu.snv").await));
    assert_eq!(
        likely["units"][0]["receiver"]["positionId"],
        w.position("tp.congchuc")
    );
    // Another agency's clerk may not ask about this document.
    let (code, _, _) = error(
        &w.run(
            "vanthu.snv",
            LIKELY,
            json!({"d": id, "a": "submit_to_leader"}),
        )
        .await,
    );
    assert_eq!(code, "FORBIDDEN");

    // Another agency's unit as co-handler is refused on its field, and nothing moves.
    let refused = w
        .run(
            "vanthu.tccb",
            ACT,
            json!({"input": {"documentId": id, "action": "forward_to_department",
                   "mainUnit": congchuc, "coUnits": [w.unit_of("gd.snv").await],
                   "deadlineInWorkingDays": 3}}),
        )
        .await;
    let (code, reason, field) = error(&refused);
    assert_eq!(
        (code.as_str(), reason.as_deref(), field.as_deref()),
        ("VALIDATION", Some("OUTSIDE_THE_AGENCY"), Some("coUnits"))
    );
    let page = w.ok("vanthu.tccb", PAGE, json!({"id": id})).await;
    assert_eq!(page["document"]["step"], "update");

    // The personnel department as main handler, the salaries department as co-handler:
    // their heads hold it, and the head of the first is offered the department's actions.
    w.ok(
        "vanthu.tccb",
        ACT,
        json!({"input": {"documentId": id, "action": "forward_to_department",
               "mainUnit": congchuc, "coUnits": [tienluong], "deadlineInWorkingDays": 3}}),
    )
    .await;
    let page = w.ok("tp.congchuc", PAGE, json!({"id": id})).await;
    assert_eq!(page["document"]["step"], "department");
    assert_eq!(
        page["document"]["mainHandler"]["positionId"],
        w.position("tp.congchuc")
    );
    assert_eq!(
        ids(&page["document"]["coHandlers"], "positionId"),
        vec![w.position("tp.tienluong")]
    );
    assert!(
        ids(&page["document"]["availableActions"], "action")
            .contains(&"forward_to_specialist".to_owned()),
        "{page}"
    );
}
