//! Administering the organisation and catalogues through the API: bad input gets a clear
//! VALIDATION or CONFLICT error naming the field and writes nothing; good input is visible
//! in the read models when the mutation answers; two administrators racing are serialised.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{App, data, error};

const CREATE_UNIT: &str =
    "mutation($i: UnitInput!) { createUnit(input: $i) { id written { visible } } }";

async fn refused_without_writing(
    app: &App,
    token: &str,
    query: &str,
    variables: Value,
    expected: (&str, &str, Option<&str>),
) {
    let before = app.event_count().await;
    let response = app.run(Some(token), query, variables.clone()).await;
    let (code, reason, field) = error(&response);
    assert_eq!(
        (
            code.as_str(),
            reason.as_deref().unwrap_or(""),
            field.as_deref()
        ),
        expected,
        "{query} {variables}"
    );
    assert_eq!(
        app.event_count().await,
        before,
        "a refused command wrote events"
    );
}

fn unit(parent: &str, code: &str, abbreviation: &str, name: &str) -> Value {
    json!({"i": {"parentId": parent, "kind": "DEPARTMENT", "code": code, "abbreviation": abbreviation, "name": name}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_organisation_input_is_refused_clearly_and_writes_nothing() {
    let app = App::start().await;
    let admin = app.login("admin").await;
    let top = data(
        &app.run(
            Some(&admin),
            "{ units { edges { node { id code children { edges { node { id code } } } } } } }",
            json!({}),
        )
        .await,
    );
    let ministry = top["units"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == "bnv")
        .unwrap()["node"]
        .clone();
    let bnv = ministry["id"].as_str().unwrap().to_owned();
    let child = |code: &str| {
        ministry["children"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["node"]["code"] == code)
            .unwrap()["node"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let tccb = child("bnv.tccb");

    // Oversized, control characters, empty, malformed codes.
    let long = "Phòng ".repeat(40);
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(&tccb, "bnv.tccb.x", "X", &long),
        ("VALIDATION", "TOO_LONG", Some("name")),
    )
    .await;
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(&tccb, "bnv.tccb.x", "X", "Phòng\u{0007}Chuông"),
        ("VALIDATION", "CONTROL_CHARACTERS", Some("name")),
    )
    .await;
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(&tccb, "bnv.tccb.x", "X", "   "),
        ("VALIDATION", "REQUIRED", Some("name")),
    )
    .await;
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(&tccb, "mã có dấu", "X", "Phòng X"),
        ("VALIDATION", "INVALID_CODE", Some("code")),
    )
    .await;
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(&tccb, "bnv.tccb.x", "X/Y", "Phòng X"),
        ("VALIDATION", "INVALID_ABBREVIATION", Some("abbreviation")),
    )
    .await;
    // Wrong types never reach a resolver (the HTTP layer labels such errors VALIDATION).
    let wrong_type = app.run(Some(&admin), CREATE_UNIT, json!({"i": {"parentId": tccb, "kind": "PLANET", "code": "x", "abbreviation": "X", "name": "X"}})).await;
    assert_eq!(wrong_type.errors.len(), 1);
    assert!(
        wrong_type.errors[0].path.is_empty(),
        "{:?}",
        wrong_type.errors
    );
    // Duplicate codes (any case) and sibling abbreviations.
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(&tccb, "BNV.TCCB.CC", "ZZ", "Phòng khác"),
        ("CONFLICT", "DUPLICATE_CODE", Some("code")),
    )
    .await;
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(&tccb, "bnv.tccb.new", "cc", "Phòng khác"),
        ("CONFLICT", "DUPLICATE_ABBREVIATION", Some("abbreviation")),
    )
    .await;
    // Another unit's id that does not exist.
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(
            "01900000-0000-7000-8000-000000000000",
            "x.y",
            "XY",
            "Phòng XY",
        ),
        ("NOT_FOUND", "NOT_FOUND", Some("parentId")),
    )
    .await;
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit("not-an-id", "x.y", "XY", "Phòng XY"),
        ("VALIDATION", "INVALID_ID", Some("parentId")),
    )
    .await;

    // Cycles: the ministry under one of its own units, a unit under itself.
    let move_unit = "mutation($id: ID!, $p: ID!) { moveUnit(id: $id, parentId: $p) { position } }";
    refused_without_writing(
        &app,
        &admin,
        move_unit,
        json!({"id": bnv, "p": tccb}),
        ("VALIDATION", "CYCLE", Some("parentId")),
    )
    .await;
    refused_without_writing(
        &app,
        &admin,
        move_unit,
        json!({"id": tccb, "p": tccb}),
        ("VALIDATION", "CYCLE", Some("parentId")),
    )
    .await;

    // Dissolving a unit that has people, or sub-units.
    let dissolve = "mutation($id: ID!) { dissolveUnit(id: $id) { position } }";
    refused_without_writing(
        &app,
        &admin,
        dissolve,
        json!({"id": tccb}),
        ("CONFLICT", "UNIT_HAS_PEOPLE", None),
    )
    .await;

    // Delegation to oneself, or ending before it starts.
    let grant = "mutation($i: DelegationInput!) { grantDelegation(input: $i) { id } }";
    let leader = app.account("thu.truong1");
    let delegation = |delegate: String, starts: &str, ends: &str| json!({"i": {"positionId": leader.position_id.to_string(), "delegateId": delegate, "scope": "POSITION", "authority": "KT", "startsAt": starts, "endsAt": ends}});
    refused_without_writing(
        &app,
        &admin,
        grant,
        delegation(
            leader.person_id.to_string(),
            "2026-12-01T00:00:00Z",
            "2026-12-10T00:00:00Z",
        ),
        ("VALIDATION", "SELF_DELEGATION", Some("delegateId")),
    )
    .await;
    refused_without_writing(
        &app,
        &admin,
        grant,
        delegation(
            app.account("thuky1").person_id.to_string(),
            "2026-12-10T00:00:00Z",
            "2026-12-01T00:00:00Z",
        ),
        ("VALIDATION", "END_BEFORE_START", Some("endsAt")),
    )
    .await;

    // A good unit appears in the tree as soon as the mutation answers.
    let created = app
        .run(
            Some(&admin),
            CREATE_UNIT,
            unit(&tccb, "bnv.tccb.cntt", "CNTT", "Phòng Công nghệ thông tin"),
        )
        .await;
    assert!(created.errors.is_empty(), "{:?}", created.errors);
    assert_eq!(data(&created)["createUnit"]["written"]["visible"], true);
    let id = data(&created)["createUnit"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let shown = app
        .run(
            Some(&admin),
            "query($id: ID!) { unit(id: $id) { name abbreviation kind } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        data(&shown)["unit"],
        json!({"name": "Phòng Công nghệ thông tin", "abbreviation": "CNTT", "kind": "DEPARTMENT"})
    );
    // The same click again is a conflict, not a second unit.
    refused_without_writing(
        &app,
        &admin,
        CREATE_UNIT,
        unit(&tccb, "bnv.tccb.cntt", "CNTT", "Phòng Công nghệ thông tin"),
        ("CONFLICT", "DUPLICATE_CODE", Some("code")),
    )
    .await;
    // An empty unit can be dissolved; then it leaves the tree.
    let dissolved = app.run(Some(&admin), dissolve, json!({"id": id})).await;
    assert!(dissolved.errors.is_empty(), "{:?}", dissolved.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_administrators_creating_the_same_code_at_once_get_one_unit() {
    let app = App::start().await;
    let a = app.login("admin").await;
    let b = app.login("admin").await;
    let root = data(
        &app.run(
            Some(&a),
            "{ units { edges { node { id code } } } }",
            json!({}),
        )
        .await,
    );
    let bnv = root["units"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == "bnv")
        .unwrap()["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ok = 0;
    let mut conflicts = 0;
    for round in 0..5 {
        let code = format!("bnv.race{round}");
        let va = json!({"i": {"parentId": bnv, "kind": "UNIT", "code": code, "abbreviation": format!("RA{round}"), "name": "Đơn vị A"}});
        let vb = json!({"i": {"parentId": bnv, "kind": "UNIT", "code": code, "abbreviation": format!("RB{round}"), "name": "Đơn vị B"}});
        let (ra, rb) = tokio::join!(
            app.run(Some(&a), CREATE_UNIT, va),
            app.run(Some(&b), CREATE_UNIT, vb)
        );
        for r in [ra, rb] {
            if r.errors.is_empty() {
                ok += 1;
            } else {
                assert_eq!(error(&r).1.as_deref(), Some("DUPLICATE_CODE"));
                conflicts += 1;
            }
        }
    }
    assert_eq!((ok, conflicts), (5, 5));
    let organisation = app.api.commands.organisation().await.unwrap();
    let races = organisation
        .units
        .values()
        .filter(|u| u.code.starts_with("bnv.race"))
        .count();
    assert_eq!(races, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delegation_lets_the_delegate_act_in_the_position_with_its_authority() {
    let app = App::start().await;
    let leader = app.account("thu.truong1").clone();
    let deputy = app.account("pho.tccb").clone();
    let leader_token = app.login("thu.truong1").await;
    let now = chrono::Utc::now();
    let granted = app
        .run(
            Some(&leader_token),
            "mutation($i: DelegationInput!) { grantDelegation(input: $i) { id } }",
            json!({"i": {
                "positionId": leader.position_id.to_string(),
                "delegateId": deputy.person_id.to_string(),
                "scope": "POSITION", "authority": "KT",
                "startsAt": (now - chrono::Duration::minutes(1)).to_rfc3339(),
                "endsAt": (now + chrono::Duration::days(3)).to_rfc3339(),
                "note": "Đi công tác"
            }}),
        )
        .await;
    assert!(granted.errors.is_empty(), "{:?}", granted.errors);
    let deputy_token = app.login("pho.tccb").await;
    let me = app
        .run(
            Some(&deputy_token),
            "{ me { positions { positionId authority onBehalfOf } } }",
            json!({}),
        )
        .await;
    let positions = data(&me)["me"]["positions"].as_array().unwrap().clone();
    let delegated = positions
        .iter()
        .find(|p| p["positionId"] == leader.position_id.to_string())
        .expect("the delegated position is offered");
    assert_eq!(delegated["authority"], "KT.");
    assert_eq!(delegated["onBehalfOf"], leader.person_id.to_string());
    // Acting in it: the request names the position.
    let acting = app
        .run_as(
            Some(&deputy_token),
            Some(&leader.position_id.to_string()),
            "{ me { actingPositionId } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data(&acting)["me"]["actingPositionId"],
        leader.position_id.to_string()
    );
    // A delegate may not delegate the position further.
    let again = app
        .run_as(
            Some(&deputy_token),
            Some(&leader.position_id.to_string()),
            "mutation($i: DelegationInput!) { grantDelegation(input: $i) { id } }",
            json!({"i": {
                "positionId": leader.position_id.to_string(),
                "delegateId": app.account("cv.congchuc1").person_id.to_string(),
                "scope": "SIGNING", "authority": "TL",
                "startsAt": now.to_rfc3339(), "endsAt": (now + chrono::Duration::days(1)).to_rfc3339()
            }}),
        )
        .await;
    assert_eq!(error(&again).0, "FORBIDDEN");
    // A position one does not hold cannot be acted in.
    let stranger = app
        .run_as(
            Some(&deputy_token),
            Some(&app.account("bo.truong").position_id.to_string()),
            "{ me { actingPositionId } }",
            json!({}),
        )
        .await;
    assert_eq!(
        error(&stranger),
        (
            "FORBIDDEN".to_owned(),
            Some("NOT_YOUR_POSITION".to_owned()),
            None
        )
    );
    // Revoked: the position is no longer offered.
    let id = data(&granted)["grantDelegation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let revoked = app
        .run(
            Some(&leader_token),
            "mutation($id: ID!) { revokeDelegation(id: $id) { position } }",
            json!({"id": id}),
        )
        .await;
    assert!(revoked.errors.is_empty(), "{:?}", revoked.errors);
    let after = app
        .run_as(
            Some(&deputy_token),
            Some(&leader.position_id.to_string()),
            "{ me { actingPositionId } }",
            json!({}),
        )
        .await;
    assert_eq!(error(&after).1.as_deref(), Some("NOT_YOUR_POSITION"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_finds_people_without_accents_and_pages_with_cursors() {
    let app = App::start().await;
    let token = app.login("cv.congchuc1").await;
    let search = "query($s: String, $after: String) { people(search: $s, first: 5, after: $after) { edges { cursor node { username fullName } } pageInfo { hasNextPage endCursor } } }";
    // "tien luong" finds "Phòng Tiền lương" people through their unit.
    let found = app
        .run(Some(&token), search, json!({"s": "tien luong"}))
        .await;
    let names: Vec<String> = data(&found)["people"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["username"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, vec!["cv.tienluong1", "tp.tienluong"]);
    // Paging through the directory, 5 per page, no duplicates, no gaps.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .run(Some(&token), search, json!({"s": null, "after": after}))
            .await;
        assert!(page.errors.is_empty(), "{:?}", page.errors);
        let page = data(&page)["people"].clone();
        for e in page["edges"].as_array().unwrap() {
            seen.push(e["node"]["username"].as_str().unwrap().to_owned());
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = Some(page["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    // A ministry officer lists the ministry's 26 demo people (the directory reaches one's
    // own agency; the province's 4 are not listed).
    assert_eq!(seen.len(), 26);
    assert_eq!(unique.len(), 26);
    // A forged cursor is a validation error; a huge search string too.
    let forged = app
        .run(
            Some(&token),
            search,
            json!({"s": null, "after": "not-a-cursor"}),
        )
        .await;
    assert_eq!(error(&forged).1.as_deref(), Some("INVALID_CURSOR"));
    let huge = app
        .run(Some(&token), search, json!({"s": "x".repeat(5000)}))
        .await;
    assert_eq!(error(&huge).1.as_deref(), Some("TOO_LONG"));
    // "%" is a character, not a wildcard.
    let percent = app.run(Some(&token), search, json!({"s": "%"})).await;
    assert_eq!(
        data(&percent)["people"]["edges"].as_array().unwrap().len(),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_lists_the_callers_own_unit_first_and_pages_across_the_parts() {
    let app = App::start().await;
    let search = "query($s: String, $after: String) { people(search: $s, first: 3, after: $after) { edges { node { username } } pageInfo { hasNextPage endCursor } } }";
    let everyone = |token: String, s: Option<&'static str>| {
        let app = &app;
        async move {
            let mut seen = Vec::new();
            let mut after: Option<String> = None;
            loop {
                let page = app
                    .run(Some(&token), search, json!({"s": s, "after": after}))
                    .await;
                assert!(page.errors.is_empty(), "{:?}", page.errors);
                let page = data(&page)["people"].clone();
                for e in page["edges"].as_array().unwrap() {
                    seen.push(e["node"]["username"].as_str().unwrap().to_owned());
                }
                if page["pageInfo"]["hasNextPage"] != true {
                    break;
                }
                after = Some(page["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
            }
            seen
        }
    };
    // Given a specialist of Phòng Công chức, a department of Vụ Tổ chức cán bộ: the eight
    // people of the Vụ (its departments included) come first, then the rest of the ministry,
    // three to a page (the parts meet inside a page), with no duplicate and no gap.
    let tccb = [
        "cv.congchuc1",
        "cv.congchuc2",
        "cv.tienluong1",
        "ld.tccb",
        "pho.tccb",
        "tp.congchuc",
        "tp.tienluong",
        "vanthu.tccb",
    ];
    let seen = everyone(app.login("cv.congchuc1").await, None).await;
    let mut first: Vec<String> = seen[..8].to_vec();
    first.sort();
    assert_eq!(first, tccb);
    assert!(
        seen[8..].iter().all(|u| !tccb.contains(&u.as_str())),
        "{seen:?}"
    );
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (26, 26));
    // And a clerk of Vụ Kế hoạch - Tài chính typing "thi" sees their own deputy first,
    // though by name alone others come before her; the same people are found either way.
    let clerk = everyone(app.login("vanthu.khtc").await, Some("thi")).await;
    assert_eq!(clerk.first().map(String::as_str), Some("pho.khtc"));
    let other = everyone(app.login("cv.congchuc1").await, Some("thi")).await;
    assert_ne!(other.first().map(String::as_str), Some("pho.khtc"));
    let (mut a, mut b) = (clerk.clone(), other.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_done_under_a_delegation_say_on_whose_behalf() {
    let app = App::start().await;
    let admin = app.account("admin").clone();
    let stand_in = app.account("auditor").clone();
    let admin_token = app.login("admin").await;
    let now = chrono::Utc::now();
    let granted = app
        .run(
            Some(&admin_token),
            "mutation($i: DelegationInput!) { grantDelegation(input: $i) { id } }",
            json!({"i": {
                "positionId": admin.position_id.to_string(),
                "delegateId": stand_in.person_id.to_string(),
                "scope": "POSITION", "authority": "TUQ",
                "startsAt": (now - chrono::Duration::minutes(1)).to_rfc3339(),
                "endsAt": (now + chrono::Duration::days(1)).to_rfc3339()
            }}),
        )
        .await;
    assert!(granted.errors.is_empty(), "{:?}", granted.errors);
    let token = app.login("auditor").await;
    // In the auditor's own position, no administration…
    let own = app
        .run(Some(&token), "mutation { defineField(input: {code: \"thu-nghiem\", nameVi: \"Thử nghiệm\"}) { position } }", json!({}))
        .await;
    assert_eq!(error(&own).0, "FORBIDDEN");
    // …acting in the delegated administrator's position, yes, and the event says so.
    let done = app
        .run_as(
            Some(&token),
            Some(&admin.position_id.to_string()),
            "mutation { defineField(input: {code: \"thu-nghiem\", nameVi: \"Thử nghiệm\"}) { position } }",
            json!({}),
        )
        .await;
    assert!(done.errors.is_empty(), "{:?}", done.errors);
    let client = app.db.pool.get().await.unwrap();
    let metadata: Value = client
        .query_one(
            "SELECT metadata::jsonb FROM events WHERE event_type = 'catalogue.field-defined' AND payload->>'code' = 'thu-nghiem'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        metadata["actor"]["user_id"],
        stand_in.person_id.to_string(),
        "{metadata}"
    );
    assert_eq!(
        metadata["actor"]["position_id"],
        admin.position_id.to_string()
    );
    assert_eq!(
        metadata["on_behalf_of"]["user_id"],
        admin.person_id.to_string()
    );
    assert_eq!(metadata["on_behalf_of"]["authority"], "TUQ.");
}

/// A Lao agency names its country; its units follow it (their calendar counts deadlines),
/// only an agency may name one, and a Vietnamese position's calendar stays Vietnam's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lao_agency_and_its_units_count_on_the_lao_calendar() {
    let app = App::start().await;
    let admin = app.login("admin").await;
    let created = app
        .run(
            Some(&admin),
            CREATE_UNIT,
            json!({"i": {"kind": "AGENCY", "code": "la.moha", "abbreviation": "MOHA", "name": "ກະຊວງພາຍໃນ", "country": "LAOS"}}),
        )
        .await;
    let agency = data(&created)["createUnit"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let office = app
        .run(
            Some(&admin),
            CREATE_UNIT,
            json!({"i": {"parentId": agency, "kind": "UNIT", "code": "la.moha.vp", "abbreviation": "VP", "name": "ຫ້ອງການກະຊວງ"}}),
        )
        .await;
    let office = data(&office)["createUnit"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let country = |id: String| {
        let app = &app;
        let admin = &admin;
        async move {
            data(
                &app.run(
                    Some(admin),
                    "query($id: ID!) { unit(id: $id) { country } }",
                    json!({"id": id}),
                )
                .await,
            )["unit"]["country"]
                .clone()
        }
    };
    assert_eq!(country(agency.clone()).await, "LAOS");
    assert_eq!(country(office.clone()).await, "LAOS");

    let refused = app
        .run(
            Some(&admin),
            CREATE_UNIT,
            json!({"i": {"parentId": office, "kind": "DEPARTMENT", "code": "la.moha.vp.hc", "abbreviation": "HC", "name": "ພະແນກບໍລິຫານ", "country": "VIETNAM"}}),
        )
        .await;
    assert_eq!(
        error(&refused),
        (
            "VALIDATION".to_owned(),
            Some("COUNTRY_FOR_AGENCIES".to_owned()),
            Some("country".to_owned())
        )
    );

    let clerk = app.login("vanthu.tccb").await;
    let me = app
        .run(Some(&clerk), "{ me { positions { country } } }", json!({}))
        .await;
    assert_eq!(data(&me)["me"]["positions"][0]["country"], "VIETNAM");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_deep_in_the_tree_is_found_by_typing_without_accents() {
    let app = App::start().await;
    let token = app.login("cv.congchuc1").await;
    let search = "query($t: String, $first: Int, $after: String) { units(text: $t, first: $first, after: $after) { edges { node { name path } } pageInfo { hasNextPage endCursor } } }";
    let names_and_paths = |response: &async_graphql::Response| -> Vec<(String, Vec<String>)> {
        data(response)["units"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["node"]["name"].as_str().unwrap().to_owned(),
                    e["node"]["path"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| p.as_str().unwrap().to_owned())
                        .collect(),
                )
            })
            .collect()
    };
    // "Phòng Quy chế, quy trình" sits three levels down (Bộ Nội vụ › Văn phòng Bộ › …);
    // nobody expanded its branch.
    let found = app
        .run(Some(&token), search, json!({"t": "quy che", "first": 50}))
        .await;
    assert_eq!(
        names_and_paths(&found),
        vec![(
            "Phòng Quy chế, quy trình".to_owned(),
            vec!["Bộ Nội vụ".to_owned(), "Văn phòng Bộ".to_owned()]
        )]
    );
    // Every word, any level, name order; the top of the tree has an empty path.
    let found = app
        .run(Some(&token), search, json!({"t": "BO NOI", "first": 50}))
        .await;
    assert_eq!(
        names_and_paths(&found),
        vec![("Bộ Nội vụ".to_owned(), vec![])]
    );
    // Pages follow the cursor: the demo's "Phòng …" departments, two at a time.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .run(
                Some(&token),
                search,
                json!({"t": "phong", "first": 2, "after": after}),
            )
            .await;
        seen.extend(names_and_paths(&page).into_iter().map(|(n, _)| n));
        let info = data(&page)["units"]["pageInfo"].clone();
        if info["hasNextPage"] != true {
            break;
        }
        after = Some(info["endCursor"].as_str().unwrap().to_owned());
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert!(seen.len() >= 5, "{seen:?}");
    assert_eq!(seen, sorted);
    assert!(seen.contains(&"Phòng Tiền lương".to_owned()));
    // No match; an over-long text is refused.
    let none = app
        .run(Some(&token), search, json!({"t": "không có đơn vị này"}))
        .await;
    assert!(names_and_paths(&none).is_empty());
    let huge = app
        .run(Some(&token), search, json!({"t": "x".repeat(201)}))
        .await;
    assert_eq!(
        error(&huge),
        (
            "VALIDATION".to_owned(),
            Some("TOO_LONG".to_owned()),
            Some("text".to_owned())
        )
    );
    // The path is there on one unit too.
    let tl = app
        .run(
            Some(&token),
            "{ units(text: \"tien luong\") { nodes { id } } }",
            json!({}),
        )
        .await;
    let id = data(&tl)["units"]["nodes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let one = app
        .run(
            Some(&token),
            "query($id: ID!) { unit(id: $id) { path } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        data(&one)["unit"]["path"],
        json!(["Bộ Nội vụ", "Vụ Tổ chức cán bộ"])
    );
}
