//! Supervision through GraphQL, as the demo people: overdue and due-soon counts for the
//! subtree each supervisor may watch (and refusals for everyone else), the drill-down with
//! its narrowing and paging, and document search within what the caller may read.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use chancery_commands::CommandContext;
use chancery_domain::document::{ActedBy, ActionInput, Actor, Recipients};
use chancery_domain::ids::UnitId;
use chrono::NaiveDate;
use serde_json::{Value, json};
use support::{App, data, errors};
use uuid::Uuid;

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!) { receivePaperDocument(input: $input) { document { id } } }";
const REGISTER: &str =
    "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }";
const ACT: &str = "mutation($input: DocumentActionInput!) { documentAction(input: $input) { document { step } written { visible } } }";
const OVERDUE: &str = "query($unit: ID, $days: Int! = 3) { overdue(unitId: $unit, dueWithinWorkingDays: $days) { unitId unitName today soonUntil dueWithinWorkingDays overdue dueSoon people { personId name overdue dueSoon } units { unitId name overdue dueSoon } subtrees { unitId name kind parentId overdue dueSoon } agencies { unitId name overdue dueSoon } } }";
const ITEMS: &str = "query($unit: ID, $position: ID, $person: ID, $owing: ID, $which: OverdueWhich! = BOTH, $days: Int! = 3, $first: Int, $after: String) { overdueItems(unitId: $unit, positionId: $position, personId: $person, owingUnitId: $owing, which: $which, dueWithinWorkingDays: $days, first: $first, after: $after) { pageInfo { hasNextPage hasPreviousPage } edges { cursor node { documentId documentUnitName numberNotation summary deadline overdue daysLate kind holder { positionId personName unitName } sentBy { personName } } } } }";
const SEARCH: &str = "query($text: String, $issuingBody: String, $finished: Boolean, $from: NaiveDate, $to: NaiveDate, $first: Int, $after: String) { searchDocuments(text: $text, issuingBody: $issuingBody, finished: $finished, documentDateFrom: $from, documentDateTo: $to, first: $first, after: $after) { pageInfo { hasNextPage } edges { cursor node { documentId unitName summary numberNotation issuingBody step finished arrivalNumber } } } }";

/// A small PDF (the file store sniffs the type from the bytes).
fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

struct World {
    app: App,
    tokens: std::collections::HashMap<&'static str, String>,
}

impl World {
    fn token(&self, who: &str) -> &str {
        self.tokens
            .get(who)
            .unwrap_or_else(|| panic!("not logged in: {who}"))
    }

    fn position(&self, who: &str) -> String {
        self.app.account(who).position_id.to_string()
    }

    async fn unit_of(&self, who: &str) -> UnitId {
        let organisation = self.app.api.commands.organisation().await.unwrap();
        organisation.positions[&self.app.account(who).position_id].unit
    }

    async fn ok(&self, who: &str, query: &str, variables: Value) -> Value {
        let response = self.app.run(Some(self.token(who)), query, variables).await;
        assert!(response.errors.is_empty(), "{who}: {:?}", response.errors);
        data(&response)
    }

    /// `(code, reason)` of a refused request.
    async fn refused(&self, who: &str, query: &str, variables: Value) -> (String, String) {
        let response = self.app.run(Some(self.token(who)), query, variables).await;
        let errors = errors(&response);
        assert!(!errors.is_empty(), "{who}: expected a refusal");
        let (code, reason, _) = errors[0].clone();
        (code, reason.unwrap_or_default())
    }

    /// A clerk receives a paper document and registers it in their office's incoming
    /// register; returns its id.
    async fn registered(&self, clerk: &str, notation: &str, summary: &str) -> String {
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
                        "summary": summary,
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
        let office = organisation.office_of(self.unit_of(clerk).await).unwrap();
        let register = self
            .app
            .api
            .commands
            .catalogues()
            .await
            .unwrap()
            .registers
            .values()
            .find(|r| {
                r.owner_unit_id == office
                    && r.kind == chancery_domain::catalogues::RegisterKind::Incoming
                    && r.code == "den"
            })
            .unwrap()
            .register_id;
        self.ok(
            clerk,
            REGISTER,
            json!({"d": id, "r": register.0.to_string()}),
        )
        .await;
        id
    }

    async fn act(&self, who: &str, input: Value) {
        let done = self.ok(who, ACT, json!({"input": input})).await;
        assert_eq!(done["documentAction"]["written"]["visible"], true);
    }

    async fn overdue(&self, who: &str, unit: Option<UnitId>, days: i32) -> Value {
        let unit = unit.map(|u| u.0.to_string());
        self.ok(who, OVERDUE, json!({"unit": unit, "days": days}))
            .await["overdue"]
            .clone()
    }

    async fn items(&self, who: &str, variables: Value) -> Value {
        self.ok(who, ITEMS, variables).await["overdueItems"].clone()
    }

    /// The ids a search finds (first page of 200).
    async fn found(&self, who: &str, variables: Value) -> Vec<String> {
        let mut variables = variables;
        variables["first"] = json!(200);
        ids(&self.ok(who, SEARCH, variables).await["searchDocuments"])
    }
}

fn ids(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["documentId"].as_str().unwrap().to_owned())
        .collect()
}

/// `(name, overdue, dueSoon)` of each entry of a list of the summary.
fn counts(list: &Value) -> Vec<(String, i64, i64)> {
    let mut counts: Vec<(String, i64, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_owned(),
                e["overdue"].as_i64().unwrap(),
                e["dueSoon"].as_i64().unwrap(),
            )
        })
        .collect();
    counts.sort();
    counts
}

fn named(list: &[(&str, i64, i64)]) -> Vec<(String, i64, i64)> {
    let mut list: Vec<(String, i64, i64)> = list
        .iter()
        .map(|(n, o, s)| ((*n).to_owned(), *o, *s))
        .collect();
    list.sort();
    list
}

/// The demo organisation with documents in the personnel department (TCCB), the planning
/// department (KHTC) and the ministry:
///
/// - D1 "…Văn bản quy phạm…": TCCB → head of Công chức → specialist cv.congchuc1, due in 3
///   working days;
/// - D2: TCCB → head of Công chức, overdue (forwarded, "in 2020", with a deadline then);
/// - D4: TCCB → specialist cv.congchuc2, due in 10 working days;
/// - D5 "Văn bản hướng dẫn…": TCCB → specialist cv.tienluong1 (Tiền lương), due in 1;
/// - D3 "Văn bản về kế hoạch…": KHTC → its head, due in 2;
/// - D6 "Văn bản của Bộ Tài chính…": received at the ministry, not yet forwarded.
struct Documents {
    d1: String,
    d2: String,
    d3: String,
    d4: String,
    d5: String,
    d6: String,
}

async fn world() -> (World, Documents) {
    let app = App::start().await;
    let mut tokens = std::collections::HashMap::new();
    for who in [
        "auditor",
        "vanthu.bo",
        "tonghop.cv1",
        "tonghop.ld",
        "quyche.cv",
        "thu.truong1",
        "vanthu.tccb",
        "vanthu.khtc",
        "ld.tccb",
        "pho.tccb",
        "pho.khtc",
        "tp.congchuc",
        "cv.congchuc1",
        "cv.congchuc2",
        "tp.tienluong",
        "cv.tienluong1",
        "gd.snv",
        "cv.tcbc",
    ] {
        tokens.insert(who, app.login(who).await);
    }
    let w = World { app, tokens };

    let d1 = w
        .registered(
            "vanthu.tccb",
            "101/BTC-PC",
            "Về việc góp ý dự thảo Văn bản quy phạm pháp luật",
        )
        .await;
    w.act(
        "vanthu.tccb",
        json!({"documentId": d1, "action": "forward_to_department", "main": w.position("tp.congchuc"), "deadlineInWorkingDays": 2}),
    )
    .await;
    w.act(
        "tp.congchuc",
        json!({"documentId": d1, "action": "forward_to_specialist", "main": w.position("cv.congchuc1"), "deadlineInWorkingDays": 3}),
    )
    .await;

    // D2: forwarded with a deadline long past — as the clerk did it in January 2020 (the
    // API refuses a deadline in the past, so the command goes to the domain directly).
    let d2 = w
        .registered("vanthu.tccb", "102/BTC-TCCB", "Về việc cử cán bộ đi học")
        .await;
    let clerk = w.app.account("vanthu.tccb");
    let tccb = w.unit_of("vanthu.tccb").await;
    let context = CommandContext::new(
        Some(chancery_event_store::Actor {
            user_id: clerk.person_id.0,
            position_id: Some(clerk.position_id.0),
            unit_id: Some(tccb.0),
        }),
        chrono::Utc::now(),
    );
    let outcome = w
        .app
        .api
        .commands
        .act_on_document(
            &context,
            &w.app.api.workflows,
            &Actor {
                by: ActedBy {
                    person: clerk.person_id,
                    position: clerk.position_id,
                },
                role: "unit_clerk".to_owned(),
                today: NaiveDate::from_ymd_opt(2020, 1, 2).unwrap(),
            },
            Uuid::parse_str(&d2).unwrap(),
            ActionInput {
                action: "forward_to_department".to_owned(),
                expected_step: None,
                note: None,
                deadline: NaiveDate::from_ymd_opt(2020, 1, 6),
                recipients: Recipients {
                    main: Some(w.app.account("tp.congchuc").position_id),
                    ..Recipients::default()
                },
                units: Vec::new(),
                files: Vec::new(),
            },
        )
        .await
        .unwrap();
    assert!(w.app.api.written_documents(outcome.position).await.visible);

    let d4 = w
        .registered(
            "vanthu.tccb",
            "104/BTC-TCCB",
            "Về việc báo cáo số liệu biên chế",
        )
        .await;
    w.act(
        "vanthu.tccb",
        json!({"documentId": d4, "action": "forward_to_person", "main": w.position("cv.congchuc2"), "deadlineInWorkingDays": 10}),
    )
    .await;
    let d5 = w
        .registered(
            "vanthu.tccb",
            "105/BTC-TL",
            "Văn bản hướng dẫn chế độ tiền lương",
        )
        .await;
    w.act(
        "vanthu.tccb",
        json!({"documentId": d5, "action": "forward_to_person", "main": w.position("cv.tienluong1"), "deadlineInWorkingDays": 1}),
    )
    .await;
    let d3 = w
        .registered(
            "vanthu.khtc",
            "103/BTC-KHTC",
            "Văn bản về kế hoạch tài chính năm 2026",
        )
        .await;
    w.act(
        "vanthu.khtc",
        json!({"documentId": d3, "action": "forward_to_person", "main": w.position("ld.khtc"), "deadlineInWorkingDays": 2}),
    )
    .await;
    let d6 = w
        .registered(
            "vanthu.bo",
            "106/BTC-VP",
            "Văn bản của Bộ Tài chính về công tác văn thư",
        )
        .await;
    (
        w,
        Documents {
            d1,
            d2,
            d3,
            d4,
            d5,
            d6,
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisors_watch_overdue_work_within_their_reach() {
    let (w, _) = world().await;
    let organisation = w.app.api.commands.organisation().await.unwrap();
    let tccb = w.unit_of("vanthu.tccb").await;
    let khtc = w.unit_of("vanthu.khtc").await;
    let cc = w.unit_of("tp.congchuc").await;
    let tl = w.unit_of("tp.tienluong").await;
    let bnv = organisation.agency_of(tccb).unwrap().id;
    let snv = w.unit_of("gd.snv").await;
    let name = |unit: UnitId| organisation.units[&unit].name.clone();
    let person = |who: &str| {
        organisation.people[&w.app.account(who).person_id]
            .full_name
            .clone()
    };

    // A deputy head of TCCB (no agency-wide role) watches TCCB by default: the overdue
    // item of the head of Công chức, the specialists' due-soon items, none of KHTC's.
    let s = w.overdue("pho.tccb", None, 3).await;
    assert_eq!(s["unitId"], tccb.0.to_string());
    assert_eq!(
        (s["overdue"].as_i64(), s["dueSoon"].as_i64()),
        (Some(1), Some(2)),
        "{s}"
    );
    assert_eq!(s["dueWithinWorkingDays"], 3);
    assert!(s["soonUntil"].as_str().unwrap() >= s["today"].as_str().unwrap());
    assert_eq!(
        counts(&s["people"]),
        named(&[
            (&person("tp.congchuc"), 1, 0),
            (&person("cv.congchuc1"), 0, 1),
            (&person("cv.tienluong1"), 0, 1),
        ])
    );
    assert_eq!(
        counts(&s["units"]),
        named(&[(&name(cc), 1, 1), (&name(tl), 0, 1)])
    );
    assert_eq!(
        counts(&s["subtrees"]),
        named(&[(&name(tccb), 1, 2), (&name(cc), 1, 1), (&name(tl), 0, 1)]),
        "only the watched subtree, never the units above it"
    );
    assert_eq!(counts(&s["agencies"]), Vec::new());
    // A wider window takes in the specialist due in 10 working days.
    let s = w.overdue("pho.tccb", Some(tccb), 15).await;
    assert_eq!(
        (s["overdue"].as_i64(), s["dueSoon"].as_i64()),
        (Some(1), Some(3))
    );
    // A window of 0 days: due today (or, on a day off, on the next working day).
    let s = w.overdue("pho.tccb", Some(tccb), 0).await;
    assert_eq!(s["overdue"], 1);
    let day = |v: &Value| NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap();
    let (today, until) = (day(&s["today"]), day(&s["soonUntil"]));
    assert!(until >= today && (until - today).num_days() <= 10, "{s}");
    // Not another unit, nor the ministry.
    for unit in [khtc, bnv] {
        let (code, reason) = w
            .refused(
                "pho.tccb",
                OVERDUE,
                json!({"unit": unit.0.to_string(), "days": 3}),
            )
            .await;
        assert_eq!(
            (code.as_str(), reason.as_str()),
            ("FORBIDDEN", "NOT_A_SUPERVISOR")
        );
    }
    let s = w.overdue("pho.khtc", None, 3).await;
    assert_eq!(s["unitId"], khtc.0.to_string());
    assert_eq!(
        (s["overdue"].as_i64(), s["dueSoon"].as_i64()),
        (Some(0), Some(1))
    );

    // A department head watches the work their own people owe on the unit's documents —
    // not the neighbouring department's.
    let s = w.overdue("tp.congchuc", None, 3).await;
    assert_eq!(s["unitId"], cc.0.to_string());
    assert_eq!(
        (s["overdue"].as_i64(), s["dueSoon"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        counts(&s["people"]),
        named(&[
            (&person("tp.congchuc"), 1, 0),
            (&person("cv.congchuc1"), 0, 1)
        ])
    );
    let s = w.overdue("tp.tienluong", None, 3).await;
    assert_eq!(
        (s["overdue"].as_i64(), s["dueSoon"].as_i64()),
        (Some(0), Some(1))
    );
    let (code, reason) = w
        .refused(
            "tp.congchuc",
            OVERDUE,
            json!({"unit": tl.0.to_string(), "days": 3}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_A_SUPERVISOR")
    );

    // Ministry leaders, General Affairs, the regulation officer and auditors watch the
    // whole ministry, rolled up per agency.
    for who in [
        "thu.truong1",
        "tonghop.ld",
        "tonghop.cv1",
        "quyche.cv",
        "auditor",
    ] {
        let s = w.overdue(who, None, 3).await;
        assert_eq!(s["unitId"], bnv.0.to_string(), "{who}");
        assert_eq!(
            (s["overdue"].as_i64(), s["dueSoon"].as_i64()),
            (Some(1), Some(3)),
            "{who}: {s}"
        );
        assert_eq!(
            counts(&s["agencies"]),
            named(&[(&name(bnv), 1, 3)]),
            "{who}"
        );
        let subtrees = counts(&s["subtrees"]);
        for expected in [
            (name(tccb), 1, 2),
            (name(khtc), 0, 1),
            (name(cc), 1, 1),
            (name(tl), 0, 1),
        ] {
            assert!(subtrees.contains(&expected), "{who}: {subtrees:?}");
        }
    }
    // Another agency's head sees their agency (nothing overdue there), not the ministry.
    let s = w.overdue("gd.snv", None, 3).await;
    assert_eq!(s["unitId"], snv.0.to_string());
    assert_eq!(
        (s["overdue"].as_i64(), s["dueSoon"].as_i64()),
        (Some(0), Some(0))
    );
    let (code, reason) = w
        .refused(
            "gd.snv",
            OVERDUE,
            json!({"unit": tccb.0.to_string(), "days": 3}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_A_SUPERVISOR")
    );
    // Auditors watch any agency.
    let s = w.overdue("auditor", Some(snv), 3).await;
    assert_eq!(s["overdue"], 0);

    // Specialists and clerks supervise nothing.
    for who in ["cv.congchuc1", "vanthu.tccb", "cv.tcbc", "vanthu.bo"] {
        let (code, reason) = w.refused(who, OVERDUE, json!({})).await;
        assert_eq!(
            (code.as_str(), reason.as_str()),
            ("FORBIDDEN", "NOT_A_SUPERVISOR"),
            "{who}"
        );
        let (code, _) = w.refused(who, ITEMS, json!({})).await;
        assert_eq!(code, "FORBIDDEN", "{who}");
    }
    // Nor anyone not logged in.
    let response = w.app.run(None, OVERDUE, json!({})).await;
    assert_eq!(errors(&response)[0].0, "UNAUTHENTICATED");

    // Rejected inputs.
    for (variables, field, reason) in [
        (json!({"days": 61}), "dueWithinWorkingDays", "OUT_OF_RANGE"),
        (json!({"days": -1}), "dueWithinWorkingDays", "OUT_OF_RANGE"),
        (json!({"unit": "not-an-id"}), "unitId", "INVALID_ID"),
        (
            json!({"unit": Uuid::now_v7().to_string()}),
            "unitId",
            "UNKNOWN_UNIT",
        ),
    ] {
        let response = w
            .app
            .run(Some(w.token("thu.truong1")), OVERDUE, variables.clone())
            .await;
        let errors = errors(&response);
        assert_eq!(
            errors[0],
            (
                "VALIDATION".to_owned(),
                Some(reason.to_owned()),
                Some(field.to_owned())
            ),
            "{variables}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drill_down_lists_the_items_behind_the_counts() {
    let (w, docs) = world().await;
    let tl = w.unit_of("tp.tienluong").await;
    let khtc = w.unit_of("vanthu.khtc").await;

    // Overdue: D2, owed by the head of Công chức.
    let overdue = w.items("pho.tccb", json!({"which": "OVERDUE"})).await;
    assert_eq!(ids(&overdue), vec![docs.d2.clone()]);
    let item = &overdue["edges"][0]["node"];
    assert_eq!(item["overdue"], true);
    assert_eq!(item["deadline"], "2020-01-06");
    assert!(item["daysLate"].as_i64().unwrap() > 365);
    assert_eq!(item["kind"], "main");
    assert_eq!(item["holder"]["positionId"], w.position("tp.congchuc"));
    assert_eq!(item["numberNotation"], "102/BTC-TCCB");
    // Due soon: D5 (1 working day) before D1 (3).
    let soon = w.items("pho.tccb", json!({"which": "DUE_SOON"})).await;
    assert_eq!(ids(&soon), vec![docs.d5.clone(), docs.d1.clone()]);
    assert!(
        soon["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["node"]["overdue"] == false && e["node"]["daysLate"].as_i64().unwrap() <= 0)
    );
    assert_eq!(
        soon["edges"][1]["node"]["sentBy"]["personName"],
        w.app.api.commands.organisation().await.unwrap().people
            [&w.app.account("tp.congchuc").person_id]
            .full_name
    );
    // Both, earliest deadline first, a page at a time.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = w
            .items(
                "pho.tccb",
                json!({"which": "BOTH", "first": 1, "after": after}),
            )
            .await;
        assert_eq!(page["pageInfo"]["hasPreviousPage"], after.is_some());
        seen.extend(ids(&page));
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = Some(page["edges"][0]["cursor"].as_str().unwrap().to_owned());
        assert!(seen.len() < 10, "paging does not end: {seen:?}");
    }
    assert_eq!(
        seen,
        vec![docs.d2.clone(), docs.d5.clone(), docs.d1.clone()]
    );
    let wide = w.items("pho.tccb", json!({"days": 15})).await;
    assert_eq!(ids(&wide).len(), 4);
    assert!(ids(&wide).contains(&docs.d4));

    // Narrowed to a person, a position, a unit.
    let of_person = w
        .items(
            "pho.tccb",
            json!({"person": w.app.account("cv.congchuc1").person_id.to_string()}),
        )
        .await;
    assert_eq!(ids(&of_person), vec![docs.d1.clone()]);
    let of_position = w
        .items("pho.tccb", json!({"position": w.position("tp.congchuc")}))
        .await;
    assert_eq!(ids(&of_position), vec![docs.d2.clone()]);
    let of_unit = w
        .items("pho.tccb", json!({"owing": tl.0.to_string()}))
        .await;
    assert_eq!(ids(&of_unit), vec![docs.d5.clone()]);
    // A department head lists what their own people owe; the ministry sees KHTC's too.
    let head = w.items("tp.congchuc", json!({})).await;
    assert_eq!(ids(&head), vec![docs.d2.clone(), docs.d1.clone()]);
    let ministry = w.items("thu.truong1", json!({})).await;
    assert_eq!(ids(&ministry).len(), 4);
    assert!(ids(&ministry).contains(&docs.d3));
    let khtc_items = w
        .items("thu.truong1", json!({"unit": khtc.0.to_string()}))
        .await;
    assert_eq!(ids(&khtc_items), vec![docs.d3.clone()]);
    assert_eq!(
        khtc_items["edges"][0]["node"]["documentUnitName"],
        "Vụ Kế hoạch - Tài chính"
    );
    let (code, reason) = w
        .refused("pho.tccb", ITEMS, json!({"unit": khtc.0.to_string()}))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_A_SUPERVISOR")
    );

    // Rejected inputs.
    for (variables, field, reason) in [
        (json!({"first": 0}), "first", "OUT_OF_RANGE"),
        (json!({"first": 201}), "first", "OUT_OF_RANGE"),
        (json!({"after": "garbage"}), "after", "INVALID_CURSOR"),
        (
            json!({"position": w.position("tp.congchuc"), "person": w.app.account("cv.congchuc1").person_id.to_string()}),
            "positionId",
            "ONE_OF",
        ),
        (
            json!({"owing": Uuid::now_v7().to_string()}),
            "owingUnitId",
            "UNKNOWN_UNIT",
        ),
    ] {
        let response = w
            .app
            .run(Some(w.token("pho.tccb")), ITEMS, variables.clone())
            .await;
        assert_eq!(
            errors(&response)[0],
            (
                "VALIDATION".to_owned(),
                Some(reason.to_owned()),
                Some(field.to_owned())
            ),
            "{variables}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_words_without_accents_within_what_the_caller_may_read() {
    let (w, docs) = world().await;
    let van_ban = json!({"text": "van ban"});
    let sorted = |mut list: Vec<String>| {
        list.sort();
        list
    };
    let expect = |list: &[&String]| sorted(list.iter().map(|s| (*s).clone()).collect());

    // "van ban" finds "Văn bản", in any case, in TCCB's, KHTC's and the ministry's documents.
    let all = w.found("auditor", van_ban.clone()).await;
    assert_eq!(
        sorted(all.clone()),
        expect(&[&docs.d1, &docs.d3, &docs.d5, &docs.d6])
    );
    assert_eq!(
        sorted(w.found("auditor", json!({"text": "VĂN   BẢN"})).await),
        sorted(all)
    );
    // Every word must match, anywhere.
    assert_eq!(
        w.found("auditor", json!({"text": "ban luong"})).await,
        vec![docs.d5.clone()]
    );
    // The number/notation and issuing body are searched too.
    assert_eq!(
        w.found("auditor", json!({"text": "102/btc"})).await,
        vec![docs.d2.clone()]
    );

    // A specialist finds only what was routed to them.
    assert_eq!(
        w.found("cv.congchuc1", van_ban.clone()).await,
        vec![docs.d1.clone()]
    );
    assert_eq!(
        w.found("cv.tienluong1", van_ban.clone()).await,
        vec![docs.d5.clone()]
    );
    assert_eq!(
        w.found("cv.congchuc2", van_ban.clone()).await,
        Vec::<String>::new()
    );
    assert_eq!(
        w.found("cv.tcbc", van_ban.clone()).await,
        Vec::<String>::new()
    );
    // A unit's clerk finds their office's documents; the ministry's clerk the ministry's.
    assert_eq!(
        sorted(w.found("vanthu.tccb", van_ban.clone()).await),
        expect(&[&docs.d1, &docs.d5])
    );
    assert_eq!(
        w.found("vanthu.khtc", van_ban.clone()).await,
        vec![docs.d3.clone()]
    );
    assert_eq!(
        w.found("vanthu.bo", van_ban.clone()).await,
        vec![docs.d6.clone()]
    );
    // Leaders find their unit's and those below; a ministry leader the whole ministry's.
    assert_eq!(
        sorted(w.found("ld.tccb", van_ban.clone()).await),
        expect(&[&docs.d1, &docs.d5])
    );
    assert_eq!(
        sorted(w.found("thu.truong1", van_ban.clone()).await),
        expect(&[&docs.d1, &docs.d3, &docs.d5, &docs.d6])
    );
    assert_eq!(
        w.found("gd.snv", van_ban.clone()).await,
        Vec::<String>::new()
    );

    // Filters.
    assert_eq!(
        w.found("vanthu.tccb", json!({"text": "van ban", "finished": true}))
            .await,
        Vec::<String>::new()
    );
    assert_eq!(
        sorted(
            w.found("vanthu.tccb", json!({"issuingBody": "bo tai chinh"}))
                .await
        ),
        expect(&[&docs.d1, &docs.d2, &docs.d4, &docs.d5])
    );
    assert_eq!(
        w.found("vanthu.tccb", json!({"from": "2026-01-06"})).await,
        Vec::<String>::new()
    );

    // Newest first, a page at a time.
    let first = w
        .ok(
            "vanthu.tccb",
            SEARCH,
            json!({"text": "van ban", "first": 1}),
        )
        .await["searchDocuments"]
        .clone();
    assert_eq!(ids(&first), vec![docs.d5.clone()]);
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let node = &first["edges"][0]["node"];
    assert_eq!(node["unitName"], "Vụ Tổ chức cán bộ");
    assert_eq!(node["summary"], "Văn bản hướng dẫn chế độ tiền lương");
    assert_eq!(node["arrivalNumber"], 4);
    let cursor = first["edges"][0]["cursor"].as_str().unwrap();
    let second = w
        .ok(
            "vanthu.tccb",
            SEARCH,
            json!({"text": "van ban", "first": 1, "after": cursor}),
        )
        .await["searchDocuments"]
        .clone();
    assert_eq!(ids(&second), vec![docs.d1.clone()]);
    assert_eq!(second["pageInfo"]["hasNextPage"], false);

    // Rejected inputs; and nothing without logging in.
    for (variables, field, reason) in [
        (json!({"text": "a".repeat(201)}), "text", "TOO_LONG"),
        (
            json!({"issuingBody": "b".repeat(201)}),
            "issuingBody",
            "TOO_LONG",
        ),
        (json!({"first": 201}), "first", "OUT_OF_RANGE"),
        (json!({"after": "garbage"}), "after", "INVALID_CURSOR"),
        (
            json!({"from": "2026-02-01", "to": "2026-01-01"}),
            "documentDateFrom",
            "INVALID_RANGE",
        ),
    ] {
        let response = w
            .app
            .run(Some(w.token("vanthu.tccb")), SEARCH, variables.clone())
            .await;
        assert_eq!(
            errors(&response)[0],
            (
                "VALIDATION".to_owned(),
                Some(reason.to_owned()),
                Some(field.to_owned())
            ),
            "{variables}"
        );
    }
    let response = w.app.run(None, SEARCH, van_ban).await;
    assert_eq!(errors(&response)[0].0, "UNAUTHENTICATED");
}

/// A confidential document's late work is shown to supervisors without its summary unless
/// they may read the document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confidential_work_is_hidden_from_supervisors_not_cleared_and_its_summary_from_those_who_may_not_open_it()
 {
    let app = App::start().await;
    let mut tokens = std::collections::HashMap::new();
    for who in ["vanthu.bo", "tonghop.ld", "auditor", "quyche.cv"] {
        tokens.insert(who, app.login(who).await);
    }
    let w = World { app, tokens };
    let stored = w.app.upload("vanthu.bo", "scan.pdf", pdf("mat")).await;
    let received = w
        .ok(
            "vanthu.bo",
            RECEIVE,
            json!({"input": {
                "metadata": {
                    "issuingBody": "Bộ Công an",
                    "numberNotation": "7/BCA-MAT",
                    "documentDate": "2026-01-05",
                    "documentType": "cong-van",
                    "summary": "Nội dung mật về nhân sự",
                    "confidentiality": "CONFIDENTIAL",
                },
                "files": [{"sha256": stored.sha256, "name": "scan.pdf"}],
            }}),
        )
        .await;
    let id = received["receivePaperDocument"]["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret_register = w
        .app
        .api
        .commands
        .catalogues()
        .await
        .unwrap()
        .registers
        .values()
        .find(|r| r.code == "den-mat")
        .unwrap()
        .register_id;
    w.ok(
        "vanthu.bo",
        REGISTER,
        json!({"d": id, "r": secret_register.0.to_string()}),
    )
    .await;
    w.act(
        "vanthu.bo",
        json!({"documentId": id, "action": "forward_to_general_affairs", "note": "Chuyển", "deadlineInWorkingDays": 1}),
    )
    .await;
    let item = |list: &Value| {
        list["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .find(|n| n["documentId"] == id.as_str())
            .unwrap_or_else(|| panic!("the item is listed: {list}"))
    };
    let query = "query { overdueItems(dueWithinWorkingDays: 5) { edges { node { documentId numberNotation summary summaryHidden } } } }";
    // General Affairs' leader is cleared but may not open it (not routed to them, not their
    // pool's step): the work is listed, its summary and number withheld.
    let seen = item(&w.ok("tonghop.ld", query, json!({})).await["overdueItems"]);
    assert_eq!(seen["summaryHidden"], true, "{seen}");
    assert_eq!(seen["summary"], "");
    assert_eq!(seen["numberNotation"], "");
    // The regulation officer is not cleared for it: neither listed nor counted.
    let listed = w.ok("quyche.cv", query, json!({})).await["overdueItems"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["node"]["documentId"] == id.as_str());
    assert!(
        !listed,
        "work above the supervisor's clearance is not listed"
    );
    let counted = w
        .ok(
            "quyche.cv",
            "{ overdue(dueWithinWorkingDays: 5) { overdue dueSoon } }",
            json!({}),
        )
        .await;
    assert_eq!(counted["overdue"]["overdue"], 0);
    assert_eq!(counted["overdue"]["dueSoon"], 0);
    let audited = item(&w.ok("auditor", query, json!({})).await["overdueItems"]);
    assert_eq!(audited["summaryHidden"], false);
    assert_eq!(audited["summary"], "Nội dung mật về nhân sự");
    assert_eq!(audited["numberNotation"], "7/BCA-MAT");
}
