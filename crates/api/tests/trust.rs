//! Trust against a hostile colleague (issue 13): confidential documents stay with the people
//! cleared for them whatever list, book or export they try, a document is classified only
//! within its register's limit and its clerk's clearance, and nobody forges another's
//! idempotency key. Each test is the attack as it was reproduced, through the schema, as the
//! demo people.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chancery_domain::catalogues::RegisterKind;
use chrono::Datelike;
use serde_json::{Value, json};
use support::{App, data, error};

const RECEIVE: &str = "mutation($input: ReceivePaperDocumentInput!, $key: ID) { receivePaperDocument(input: $input, idempotencyKey: $key) { document { id } } }";
const REGISTER: &str =
    "mutation($d: ID!, $r: ID!) { registerDocument(documentId: $d, registerId: $r) { number } }";
const ACT: &str = "mutation($input: DocumentActionInput!) { documentAction(input: $input) { document { step } } }";
const BOOK: &str = "query($r: ID!, $y: Int!) { registerBook(registerId: $r, year: $y, first: 500) { edges { node { documentId summary confidentiality } } } }";
const INBOX: &str = "{ inbox(first: 200) { edges { node { documentId summary } } } }";
const COUNTS: &str = "{ inboxCounts { pending } }";
const DOCUMENT: &str = "query($id: ID!) { document(id: $id) { id metadata { summary } } }";
const UPDATE: &str = "mutation($d: ID!, $m: DocumentMetadataInput!) { updateDocumentMetadata(documentId: $d, metadata: $m) { document { id } } }";

fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

fn metadata(notation: &str, summary: &str, level: &str) -> Value {
    json!({
        "issuingBody": "Bộ Công an",
        "numberNotation": notation,
        "documentDate": "2026-01-05",
        "documentType": "cong-van",
        "summary": summary,
        "confidentiality": level,
    })
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

    /// `(code, reason)` of the one error.
    async fn refused(&self, who: &str, query: &str, variables: Value) -> (String, String) {
        let (code, reason, _) = error(&self.run(who, query, variables).await);
        (code, reason.unwrap_or_default())
    }

    async fn register_id(&self, owner_of: &str, code: &str) -> String {
        let organisation = self.app.api.commands.organisation().await.unwrap();
        let unit = organisation.positions[&self.app.account(owner_of).position_id].unit;
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

    async fn receive(&self, clerk: &str, meta: Value, key: Option<&str>) -> String {
        let stored = self
            .app
            .upload(
                clerk,
                "scan.pdf",
                pdf(meta["numberNotation"].as_str().unwrap()),
            )
            .await;
        let received = self
            .ok(
                clerk,
                RECEIVE,
                json!({"input": {
                    "metadata": meta,
                    "files": [{"sha256": stored.sha256, "name": "scan.pdf"}],
                }, "key": key}),
            )
            .await;
        received["receivePaperDocument"]["document"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Received and registered in the clerk's office's register `code`.
    async fn registered(&self, clerk: &str, register: &str, meta: Value) -> String {
        let id = self.receive(clerk, meta, None).await;
        let register = self.register_id(clerk, register).await;
        self.ok(clerk, REGISTER, json!({"d": id, "r": register}))
            .await;
        id
    }

    async fn book(&self, who: &str, register: &str) -> Vec<String> {
        let year = chrono::Utc::now().year();
        let book = self.ok(who, BOOK, json!({"r": register, "y": year})).await;
        book["registerBook"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["documentId"].as_str().unwrap().to_owned())
            .collect()
    }

    async fn inbox(&self, who: &str) -> Vec<String> {
        self.ok(who, INBOX, json!({})).await["inbox"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["documentId"].as_str().unwrap().to_owned())
            .collect()
    }

    async fn pending(&self, who: &str) -> i64 {
        self.ok(who, COUNTS, json!({})).await["inboxCounts"]["pending"]
            .as_i64()
            .unwrap()
    }

    /// The rows of the XLSX export of a register's book, as `who` downloads it.
    async fn exported(&self, who: &str, register: &str) -> Vec<String> {
        self.app
            .exported_book(&self.tokens[who], register, chrono::Utc::now().year())
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_register_book_shows_a_confidential_row_only_to_whom_may_open_the_document() {
    let w = World::new(&["vanthu.bo", "thu.truong1", "auditor"]).await;
    let secret_book = w.register_id("vanthu.bo", "den-mat").await;
    let normal_book = w.register_id("vanthu.bo", "den").await;
    // Given a confidential document in the ministry's confidential register, and a normal one
    // in its normal register,
    let confidential = w
        .registered(
            "vanthu.bo",
            "den-mat",
            metadata("7/BCA-MAT", "Kế hoạch bảo vệ bí mật", "CONFIDENTIAL"),
        )
        .await;
    let normal = w
        .registered(
            "vanthu.bo",
            "den",
            metadata("8/BCA-VP", "Lịch công tác tuần", "NORMAL"),
        )
        .await;
    // a ministry leader cleared for Secret but never routed it may not open it,
    let (code, reason) = w
        .refused("thu.truong1", DOCUMENT, json!({"id": confidential}))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_ROUTED")
    );
    // so its row is not in the book they open (it was, with its summary), nor in its export;
    assert!(w.book("thu.truong1", &secret_book).await.is_empty());
    assert!(
        w.exported("thu.truong1", &secret_book)
            .await
            .iter()
            .all(|line| !line.contains("bảo vệ bí mật"))
    );
    // the normal book still shows them its normal rows.
    assert_eq!(
        w.book("thu.truong1", &normal_book).await,
        vec![normal.clone()]
    );
    // The register's keeper and the auditor (cleared) see the confidential row.
    assert_eq!(
        w.book("vanthu.bo", &secret_book).await,
        vec![confidential.clone()]
    );
    assert_eq!(
        w.book("auditor", &secret_book).await,
        vec![confidential.clone()]
    );
    assert_eq!(w.exported("auditor", &secret_book).await.len(), 1);
    // A keeper not cleared for it does not: the clerk's clearance is lowered to Normal.
    let admin = w.app.login("admin").await;
    let clerk = w.app.account("vanthu.bo").person_id.0.to_string();
    let lowered = w
        .app
        .run(
            Some(&admin),
            "mutation($id: ID!) { updatePerson(id: $id, input: {fullName: \"Lê Thị Văn\", clearance: NORMAL}) { position } }",
            json!({"id": clerk}),
        )
        .await;
    assert!(lowered.errors.is_empty(), "{:?}", lowered.errors);
    // The confidential register's book (and its export) is then refused outright: a book
    // above one's clearance is neither offered nor opened (`access::openable_books`).
    let year = chrono::Utc::now().year();
    let (code, reason) = w
        .refused("vanthu.bo", BOOK, json!({"r": secret_book, "y": year}))
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_CLEARED")
    );
    assert!(
        w.app
            .exported_book(&w.tokens["vanthu.bo"], &secret_book, year)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_confidential_document_reaches_only_cleared_people_of_a_pool() {
    let w = World::new(&["vanthu.bo", "tonghop.cv1", "tonghop.cv2", "tonghop.ld"]).await;
    // Given a confidential document the ministry's clerk registered,
    let confidential = w
        .registered(
            "vanthu.bo",
            "den-mat",
            metadata("9/BCA-MAT", "Phương án nhân sự mật", "CONFIDENTIAL"),
        )
        .await;
    let before = w.pending("tonghop.cv1").await;
    // when it is forwarded to General Affairs (whose officers are cv1, not cleared, and cv2,
    // cleared for Confidential),
    w.ok(
        "vanthu.bo",
        ACT,
        json!({"input": {"documentId": confidential, "action": "forward_to_general_affairs", "note": "Chuyển"}}),
    )
    .await;
    // then cv1 neither lists nor counts it (they saw its summary in their pool),
    assert!(!w.inbox("tonghop.cv1").await.contains(&confidential));
    assert_eq!(w.pending("tonghop.cv1").await, before);
    let (code, _) = w
        .refused("tonghop.cv1", DOCUMENT, json!({"id": confidential}))
        .await;
    assert_eq!(code, "FORBIDDEN");
    // while cv2 lists it and opens it: a pool's holders read what they are to act on.
    assert!(w.inbox("tonghop.cv2").await.contains(&confidential));
    let opened = w
        .ok("tonghop.cv2", DOCUMENT, json!({"id": confidential}))
        .await;
    assert_eq!(
        opened["document"]["metadata"]["summary"],
        "Phương án nhân sự mật"
    );
    // Nor does a fan-out hand it to a unit where nobody who receives documents is cleared
    // (the unit clerks of the demo are not): the leader's approval is refused, nothing written.
    let organisation = w.app.api.commands.organisation().await.unwrap();
    let khtc = organisation.positions[&w.app.account("vanthu.khtc").position_id]
        .unit
        .0
        .to_string();
    w.ok(
        "tonghop.cv2",
        ACT,
        json!({"input": {"documentId": confidential, "action": "propose_assignment", "units": [khtc]}}),
    )
    .await;
    let events = w.app.event_count().await;
    let (code, reason) = w
        .refused(
            "tonghop.ld",
            ACT,
            json!({"input": {"documentId": confidential, "action": "approve_assignment", "units": [khtc]}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "NO_CLEARED_HOLDER")
    );
    assert_eq!(w.app.event_count().await, events, "nothing was written");

    // A secret document cannot go there: nobody in that pool is cleared for it.
    let secret = w
        .registered(
            "vanthu.bo",
            "den-mat",
            metadata("10/BCA-MAT", "Tài liệu tối mật", "SECRET"),
        )
        .await;
    let events = w.app.event_count().await;
    let (code, reason) = w
        .refused(
            "vanthu.bo",
            ACT,
            json!({"input": {"documentId": secret, "action": "forward_to_general_affairs", "note": "Chuyển"}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NO_CLEARED_HOLDER")
    );
    assert_eq!(w.app.event_count().await, events, "nothing was written");
}

#[tokio::test]
async fn a_document_is_classified_only_within_its_register_and_its_clerks_clearance() {
    let w = World::new(&["vanthu.bo", "vanthu.tccb"]).await;
    // A unit clerk cleared for Normal only cannot raise a document above it,
    let normal = w
        .registered(
            "vanthu.tccb",
            "den",
            metadata("11/BTC-VP", "Báo cáo định kỳ", "NORMAL"),
        )
        .await;
    let (code, reason) = w
        .refused(
            "vanthu.tccb",
            UPDATE,
            json!({"d": normal, "m": metadata("11/BTC-VP", "Báo cáo định kỳ", "CONFIDENTIAL")}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_CLEARED_TO_CLASSIFY")
    );
    // nor receive one above it.
    let (code, reason) = w
        .refused(
            "vanthu.tccb",
            RECEIVE,
            json!({"input": {"metadata": metadata("12/BTC-VP", "Mật", "CONFIDENTIAL"), "files": []}}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("FORBIDDEN", "NOT_CLEARED_TO_CLASSIFY")
    );
    // A cleared clerk cannot make a document of the normal register confidential: the
    // register does not take it (the rule registering applies).
    let in_normal_book = w
        .registered(
            "vanthu.bo",
            "den",
            metadata("13/BTC-VP", "Công văn thường", "NORMAL"),
        )
        .await;
    let (code, reason) = w
        .refused(
            "vanthu.bo",
            UPDATE,
            json!({"d": in_normal_book, "m": metadata("13/BTC-VP", "Công văn thường", "CONFIDENTIAL")}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "TOO_CONFIDENTIAL_FOR_REGISTER")
    );
    // Registering one in the wrong register is refused with the same reason.
    let confidential = w
        .receive(
            "vanthu.bo",
            metadata("14/BCA-MAT", "Mật", "CONFIDENTIAL"),
            None,
        )
        .await;
    let normal_register = w.register_id("vanthu.bo", "den").await;
    let (code, reason) = w
        .refused(
            "vanthu.bo",
            REGISTER,
            json!({"d": confidential, "r": normal_register}),
        )
        .await;
    assert_eq!(
        (code.as_str(), reason.as_str()),
        ("VALIDATION", "TOO_CONFIDENTIAL_FOR_REGISTER")
    );
}

#[tokio::test]
async fn nobody_forges_a_key_that_collides_with_anothers() {
    let w = World::new(&["vanthu.tccb", "vanthu.snv"]).await;
    let a = w.app.account("vanthu.tccb").person_id.0.as_u128();
    let b = w.app.account("vanthu.snv").person_id.0.as_u128();
    let key = uuid::Uuid::now_v7();
    // A receives with a key; B, knowing it, computes the key that XOR-mixing made collide.
    let theirs = w
        .receive(
            "vanthu.tccb",
            metadata("15/BTC-VP", "Văn bản của A", "NORMAL"),
            Some(&key.to_string()),
        )
        .await;
    let forged = uuid::Uuid::from_u128(key.as_u128() ^ a ^ b);
    let mine = w
        .receive(
            "vanthu.snv",
            metadata("16/UBND-NC", "Văn bản của B", "NORMAL"),
            Some(&forged.to_string()),
        )
        .await;
    // B's document is B's own, not A's answered back.
    assert_ne!(mine, theirs);
    let opened = w.ok("vanthu.snv", DOCUMENT, json!({"id": mine})).await;
    assert_eq!(opened["document"]["metadata"]["summary"], "Văn bản của B");
    // The same key again is still one command for its owner.
    let again = w
        .receive(
            "vanthu.tccb",
            metadata("15/BTC-VP", "Văn bản của A", "NORMAL"),
            Some(&key.to_string()),
        )
        .await;
    assert_eq!(again, theirs);
}

#[tokio::test]
async fn the_directory_shows_contact_details_to_colleagues_and_clearance_to_the_person_and_administrators()
 {
    let w = World::new(&["vanthu.snv", "vanthu.tccb", "cv.congchuc1", "admin"]).await;
    let one = "query($id: ID!) { person(id: $id) { username email clearance } }";
    let ministry_clerk = w.app.account("vanthu.tccb").person_id.0.to_string();
    // A colleague of the ministry sees the e-mail, not the clearance;
    let seen = w
        .ok("cv.congchuc1", one, json!({"id": ministry_clerk}))
        .await;
    assert_eq!(seen["person"]["email"], "vanthu.tccb@demo.chancery.vn");
    assert_eq!(seen["person"]["clearance"], Value::Null);
    // the person and the administrator see both;
    let own = w
        .ok("vanthu.tccb", one, json!({"id": ministry_clerk}))
        .await;
    assert_eq!(own["person"]["clearance"], "NORMAL");
    let admin = w.ok("admin", one, json!({"id": ministry_clerk})).await;
    assert_eq!(admin["person"]["clearance"], "NORMAL");
    assert_eq!(admin["person"]["email"], "vanthu.tccb@demo.chancery.vn");
    // the province's clerk sees neither,
    let outside = w.ok("vanthu.snv", one, json!({"id": ministry_clerk})).await;
    assert_eq!(outside["person"]["email"], Value::Null);
    assert_eq!(outside["person"]["clearance"], Value::Null);
    // and lists only their own agency's people, even asked for the ministry's or searching
    // by a ministry e-mail address.
    let list = "query($s: String, $u: ID) { people(search: $s, unitId: $u, first: 200) { edges { node { username } } } }";
    let names = |v: &Value| -> Vec<String> {
        v["people"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["username"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = names(&w.ok("vanthu.snv", list, json!({})).await);
    assert!(all.contains(&"gd.snv".to_owned()), "{all:?}");
    assert!(!all.contains(&"vanthu.tccb".to_owned()), "{all:?}");
    let organisation = w.app.api.commands.organisation().await.unwrap();
    let ministry = organisation
        .agency_of(organisation.positions[&w.app.account("vanthu.tccb").position_id].unit)
        .unwrap()
        .id
        .0
        .to_string();
    assert!(names(&w.ok("vanthu.snv", list, json!({"u": ministry})).await).is_empty());
    assert!(
        names(
            &w.ok("vanthu.snv", list, json!({"s": "vanthu.tccb@demo"}))
                .await
        )
        .is_empty()
    );
    // The administrator lists everyone.
    let everyone = names(&w.ok("admin", list, json!({})).await);
    assert!(
        everyone.contains(&"gd.snv".to_owned()) && everyone.contains(&"vanthu.tccb".to_owned())
    );
}
