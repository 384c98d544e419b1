//! The incoming-document use cases (`commands::incoming`) on a real PostgreSQL with the demo
//! organisation, called as the API calls them: a caller (principal, organisation, command)
//! and parsed input. One path receives paper and electronic documents; registering, acting
//! (recipients, units, deadlines, a co-handler's part), correcting metadata and marking read
//! ask `domain::access` and the domain's rules before anything is written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chancery_commands::caller::{Caller, local_today};
use chancery_commands::documents::Workflows;
use chancery_commands::files::FileWanted;
use chancery_commands::incoming::{Act, Delivery, Incoming, MetadataInput, Receive, Received};
use chancery_commands::seed::{self, DemoAccount};
use chancery_commands::{CommandContext, CommandError, Commands};
use chancery_domain::access::{Denied, Principal};
use chancery_domain::catalogues::RegisterKind;
use chancery_domain::document::{Channel, Recipients};
use chancery_domain::ids::{ExternalAgencyId, PositionId, RegisterId, UnitId};
use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::EventStore;
use chancery_event_store::postgres::PgEventStore;
use chancery_files::{FileStore, Limits, Uploads};
use chancery_identity::CredentialStore;
use chancery_test_support::TestDb;
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use uuid::Uuid;

struct World {
    _db: TestDb,
    commands: Commands,
    workflows: Workflows,
    files: FileStore,
    uploads: Uploads,
    accounts: HashMap<String, DemoAccount>,
}

async fn world() -> World {
    let db = TestDb::new().await;
    let store = PgEventStore::new(db.pool.clone(), db.config.clone());
    store.migrate().await.unwrap();
    let credentials = CredentialStore::new(db.pool.clone());
    credentials.migrate().await.unwrap();
    let uploads = Uploads::new(db.pool.clone(), chancery_files::uploads::DEFAULT_RETENTION);
    uploads.migrate().await.unwrap();
    let commands = Commands::new(Arc::new(store) as Arc<dyn EventStore>);
    let accounts = seed::demo(&commands, &credentials, Utc::now())
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.username.clone(), a))
        .collect();
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    World {
        commands,
        workflows: Workflows::shipped(&roles).unwrap(),
        files: FileStore::local(
            &std::env::temp_dir().join(format!("chancery-incoming-{}", Uuid::new_v4())),
            Limits::default(),
        )
        .unwrap(),
        uploads,
        accounts,
        _db: db,
    }
}

impl World {
    fn incoming(&self) -> Incoming<'_> {
        Incoming {
            commands: &self.commands,
            workflows: &self.workflows,
            files: &self.files,
            uploads: &self.uploads,
        }
    }

    fn account(&self, username: &str) -> &DemoAccount {
        &self.accounts[username]
    }

    /// `username` asking, in their demo position, with a new command.
    async fn caller(&self, username: &str) -> Caller {
        let account = self.account(username);
        let organisation = self.commands.organisation().await.unwrap();
        let now = Utc::now();
        let principal = Principal::resolve(
            &organisation,
            account.person_id,
            Some(account.position_id),
            now,
        )
        .unwrap();
        let unit = organisation.positions[&account.position_id].unit;
        let actor = chancery_event_store::Actor {
            user_id: account.person_id.0,
            position_id: Some(account.position_id.0),
            unit_id: Some(unit.0),
        };
        Caller {
            principal,
            organisation,
            context: CommandContext::new(Some(actor), now),
        }
    }

    /// The unit `username`'s demo position is in.
    async fn unit_of(&self, username: &str) -> UnitId {
        let organisation = self.commands.organisation().await.unwrap();
        organisation.positions[&self.account(username).position_id].unit
    }

    fn position(&self, username: &str) -> PositionId {
        self.account(username).position_id
    }

    /// `username` uploads a small PDF (as `POST /files` does): theirs to attach.
    async fn upload(&self, username: &str, text: &str) -> FileWanted {
        let bytes = format!(
            "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        );
        let chunks = futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(bytes))]);
        let stored = chancery_commands::files::upload(
            &self.files,
            &self.uploads,
            self.account(username).person_id,
            "scan.pdf",
            chunks,
            Utc::now(),
        )
        .await
        .unwrap();
        FileWanted {
            sha256: stored.sha256,
            name: "scan.pdf".to_owned(),
        }
    }

    async fn some_agency(&self) -> ExternalAgencyId {
        let catalogues = self.commands.catalogues().await.unwrap();
        *catalogues.external_agencies.keys().next().unwrap()
    }

    /// The incoming register of `office`.
    async fn register_of(&self, office: UnitId) -> RegisterId {
        let catalogues = self.commands.catalogues().await.unwrap();
        catalogues
            .registers
            .values()
            .find(|r| r.active && r.owner_unit_id == office && r.kind == RegisterKind::Incoming)
            .map(|r| r.register_id)
            .unwrap()
    }

    /// `clerk` receives a paper document at their office and registers it: it waits at the
    /// office's "update" step.
    async fn registered(&self, clerk: &str, notation: &str) -> Received {
        let scan = self.upload(clerk, notation).await;
        let received = self
            .incoming()
            .receive(&self.caller(clerk).await, paper(notation, vec![scan]))
            .await
            .unwrap();
        let register = self.register_of(received.office).await;
        self.incoming()
            .register(&self.caller(clerk).await, received.document_id, register)
            .await
            .unwrap();
        received
    }
}

fn metadata(notation: &str) -> MetadataInput {
    MetadataInput {
        issuing_body: "  Bộ Tài chính ".to_owned(),
        number_notation: notation.to_owned(),
        document_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        document_type: " cong-van ".to_owned(),
        summary: "Về việc tuyển dụng công chức".to_owned(),
        language: "vi".to_owned(),
        page_count: 2,
        signer_name: None,
        signer_position: None,
        urgency: Urgency::Normal,
        confidentiality: Confidentiality::Normal,
        recipients: None,
        deadline: None,
        notes: None,
    }
}

fn paper(notation: &str, files: Vec<FileWanted>) -> Receive {
    Receive {
        delivery: Delivery::Paper { process: None },
        metadata: metadata(notation),
        files,
    }
}

fn electronic(agency: ExternalAgencyId, unit: UnitId, files: Vec<FileWanted>) -> Receive {
    Receive {
        delivery: Delivery::Electronic {
            sender_agency: agency,
            unit,
        },
        metadata: metadata("88/BTC-TCCB"),
        files,
    }
}

fn act(document: Uuid, action: &str) -> Act {
    Act {
        document_id: document,
        action: action.to_owned(),
        expected_step: None,
        note: None,
        deadline: None,
        deadline_in_working_days: None,
        recipients: Recipients::default(),
        unit_recipients: Default::default(),
        units: Vec::new(),
        files: Vec::new(),
    }
}

fn main_handler(position: PositionId) -> Recipients {
    Recipients {
        main: Some(position),
        ..Recipients::default()
    }
}

/// Refused by a rule: this code on this field.
fn refused<T: std::fmt::Debug>(result: Result<T, CommandError>, code: &str, field: Option<&str>) {
    match result {
        Err(CommandError::Refused(e)) => {
            assert_eq!((e.code, e.field), (code, field), "{e}");
        }
        other => panic!("expected {code} on {field:?}, got {other:?}"),
    }
}

/// Refused by `domain::access`.
fn denied<T: std::fmt::Debug>(result: Result<T, CommandError>) {
    match result {
        Err(CommandError::Denied(Denied::Forbidden(_))) => {}
        Err(CommandError::Refused(e)) if e.kind == chancery_domain::ErrorKind::Forbidden => {}
        other => panic!("expected a refusal of access, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paper_and_electronic_documents_arrive_through_one_path_and_a_repeat_makes_one() {
    let w = world().await;
    let clerk = w.caller("vanthu.tccb").await;
    let scan = w.upload("vanthu.tccb", "paper").await;
    let received = w
        .incoming()
        .receive(&clerk, paper("12/BTC-TCCB", vec![scan.clone()]))
        .await
        .unwrap();
    assert!(received.position.is_some());
    assert_eq!(received.issuing_body, "Bộ Tài chính", "as cleaned");
    let office = received.office;
    assert_eq!(
        Some(office),
        clerk.organisation.office_of(w.unit_of("vanthu.tccb").await)
    );
    let (state, revision) = w.commands.document(received.document_id).await.unwrap();
    assert_eq!(state.unit, Some(office));
    assert_eq!(state.channel, Some(Channel::Paper));
    assert_eq!(state.sender_agency, None);
    assert_eq!(state.files.len(), 1);
    assert_eq!(state.definition.0, "p2-incoming-unit");
    assert_eq!(state.metadata.unwrap().document_type, "cong-van");

    // The same request again (the same command): the first made it; nothing new.
    let again = w
        .incoming()
        .receive(&clerk, paper("12/BTC-TCCB", vec![scan]))
        .await
        .unwrap();
    assert_eq!(again.document_id, received.document_id);
    // (The store answers a repeated command with where its events are; a repeat it did not
    // recognise would be refused `DUPLICATE_ID`, which the use case also answers this way.)
    assert!(again.position.is_none() || again.position == received.position);
    assert_eq!(
        w.commands.document(received.document_id).await.unwrap().1,
        revision
    );

    // An administrator simulates the exchange: received at the unit's office as its clerks
    // receive (their role starts the process), from the sending agency.
    let agency = w.some_agency().await;
    let file = w.upload("admin", "electronic").await;
    let sent = w
        .incoming()
        .receive(
            &w.caller("admin").await,
            electronic(agency, w.unit_of("vanthu.tccb").await, vec![file]),
        )
        .await
        .unwrap();
    assert_eq!(sent.office, office);
    let (state, _) = w.commands.document(sent.document_id).await.unwrap();
    assert_eq!(state.channel, Some(Channel::Electronic));
    assert_eq!(state.sender_agency, Some(agency));
    assert_eq!(state.unit, Some(office));
    assert_eq!(state.definition.0, "p2-incoming-unit");
    // So may the office's own clerk.
    let file = w.upload("vanthu.tccb", "electronic 2").await;
    w.incoming()
        .receive(
            &w.caller("vanthu.tccb").await,
            electronic(agency, w.unit_of("vanthu.tccb").await, vec![file]),
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_receives_what_and_what_an_arrival_needs() {
    let w = world().await;
    let agency = w.some_agency().await;
    let tccb = w.unit_of("vanthu.tccb").await;
    let file = w.upload("admin", "x").await;
    let admin = w.caller("admin").await;

    refused(
        w.incoming()
            .receive(
                &admin,
                electronic(ExternalAgencyId(Uuid::now_v7()), tccb, vec![file.clone()]),
            )
            .await,
        "UNKNOWN_AGENCY",
        Some("senderAgencyId"),
    );
    refused(
        w.incoming()
            .receive(&admin, electronic(agency, tccb, Vec::new()))
            .await,
        "REQUIRED",
        Some("files"),
    );
    refused(
        w.incoming()
            .receive(
                &admin,
                electronic(agency, UnitId(Uuid::now_v7()), vec![file.clone()]),
            )
            .await,
        "UNKNOWN_UNIT",
        Some("unitId"),
    );
    // Another office's clerk, or an officer, neither keeps the office's registers nor
    // administers.
    let other_clerk_file = w.upload("vanthu.khtc", "y").await;
    denied(
        w.incoming()
            .receive(
                &w.caller("vanthu.khtc").await,
                electronic(agency, tccb, vec![other_clerk_file]),
            )
            .await,
    );
    let officer_file = w.upload("cv.congchuc1", "z").await;
    denied(
        w.incoming()
            .receive(
                &w.caller("cv.congchuc1").await,
                paper("1/X", vec![officer_file]),
            )
            .await,
    );
    // On paper: the metadata is the catalogue's and the domain's to check.
    let clerk = w.caller("vanthu.tccb").await;
    let mut unknown_type = paper("2/X", Vec::new());
    unknown_type.metadata.document_type = "no-such-type".to_owned();
    refused(
        w.incoming().receive(&clerk, unknown_type).await,
        "UNKNOWN_DOCUMENT_TYPE",
        Some("documentType"),
    );
    let mut no_pages = paper("3/X", Vec::new());
    no_pages.metadata.page_count = -1;
    refused(
        w.incoming().receive(&clerk, no_pages).await,
        "OUT_OF_RANGE",
        Some("pageCount"),
    );
    let mut outgoing_process = paper("4/X", Vec::new());
    outgoing_process.delivery = Delivery::Paper {
        process: Some("p4-outgoing-unit".to_owned()),
    };
    refused(
        w.incoming().receive(&clerk, outgoing_process).await,
        "NOT_AN_INCOMING_PROCESS",
        Some("process"),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_correcting_and_acting_ask_access_and_the_domain_first() {
    let w = world().await;
    let clerk = "vanthu.tccb";
    let received = w.registered(clerk, "20/BTC-TCCB").await;
    let id = received.document_id;
    let (state, _) = w.commands.document(id).await.unwrap();
    assert_eq!(state.step, "update");
    assert_eq!(state.registration.map(|(_, _, n)| n), Some(1));

    // Registering is the office's clerks'.
    denied(
        w.incoming()
            .register(
                &w.caller("vanthu.khtc").await,
                id,
                w.register_of(received.office).await,
            )
            .await,
    );
    refused(
        w.incoming()
            .register(
                &w.caller(clerk).await,
                Uuid::now_v7(),
                w.register_of(received.office).await,
            )
            .await,
        "NO_SUCH_DOCUMENT",
        None,
    );

    // Correcting the metadata: the catalogue's rule, then the domain's.
    let mut unknown_type = metadata("20/BTC-TCCB");
    unknown_type.document_type = "no-such-type".to_owned();
    refused(
        w.incoming()
            .update_metadata(&w.caller(clerk).await, id, unknown_type)
            .await,
        "UNKNOWN_DOCUMENT_TYPE",
        Some("documentType"),
    );
    let mut corrected = metadata("20/BTC-TCCB");
    corrected.summary = "Về việc tuyển dụng công chức năm 2026".to_owned();
    w.incoming()
        .update_metadata(&w.caller(clerk).await, id, corrected)
        .await
        .unwrap();
    let (state, _) = w.commands.document(id).await.unwrap();
    assert_eq!(
        state.metadata.unwrap().summary,
        "Về việc tuyển dụng công chức năm 2026"
    );

    // The action's recipients, units and deadline.
    let specialist = w.position("cv.congchuc1");
    let forward = |deadline: Option<NaiveDate>, days: Option<i32>, recipients: Recipients| Act {
        deadline,
        deadline_in_working_days: days,
        recipients,
        ..act(id, "forward_to_person")
    };
    let as_clerk = || w.caller(clerk);
    refused(
        w.incoming()
            .act(
                &as_clerk().await,
                forward(None, Some(0), main_handler(specialist)),
            )
            .await,
        "OUT_OF_RANGE",
        Some("deadlineInWorkingDays"),
    );
    refused(
        w.incoming()
            .act(
                &as_clerk().await,
                forward(None, Some(366), main_handler(specialist)),
            )
            .await,
        "OUT_OF_RANGE",
        Some("deadlineInWorkingDays"),
    );
    let today = local_today(Utc::now());
    let saturday = (1..=7)
        .map(|n| today + Duration::days(n))
        .find(|d| d.weekday() == Weekday::Sat)
        .unwrap();
    refused(
        w.incoming()
            .act(
                &as_clerk().await,
                forward(Some(saturday), None, main_handler(specialist)),
            )
            .await,
        "NOT_A_WORKING_DAY",
        Some("deadline"),
    );
    refused(
        w.incoming()
            .act(
                &as_clerk().await,
                forward(Some(saturday), Some(3), main_handler(specialist)),
            )
            .await,
        "ONE_OF",
        Some("deadline"),
    );
    let crowd = Recipients {
        main: Some(specialist),
        co: Vec::new(),
        info: (0..501).map(|_| PositionId(Uuid::now_v7())).collect(),
    };
    refused(
        w.incoming()
            .act(&as_clerk().await, forward(None, Some(3), crowd))
            .await,
        "TOO_MANY",
        Some("recipients"),
    );
    refused(
        w.incoming()
            .act(
                &as_clerk().await,
                forward(None, Some(3), main_handler(w.position("vanthu.snv"))),
            )
            .await,
        "OUTSIDE_THE_AGENCY",
        Some("recipients"),
    );
    refused(
        w.incoming()
            .act(
                &as_clerk().await,
                forward(None, Some(3), main_handler(PositionId(Uuid::now_v7()))),
            )
            .await,
        "UNKNOWN_POSITION",
        Some("recipients"),
    );
    refused(
        w.incoming()
            .act(
                &as_clerk().await,
                Act {
                    units: vec![w.unit_of("vanthu.snv").await],
                    ..forward(None, Some(3), main_handler(specialist))
                },
            )
            .await,
        "OUTSIDE_THE_AGENCY",
        Some("units"),
    );
    // Someone of another agency may not act on it at all.
    denied(
        w.incoming()
            .act(
                &w.caller("vanthu.snv").await,
                forward(None, Some(3), main_handler(specialist)),
            )
            .await,
    );
    let (unchanged, _) = w.commands.document(id).await.unwrap();
    assert_eq!(unchanged.step, "update", "no refused action moved it");

    // Forwarded to a specialist with a co-handler, due in three working days.
    let co_handler = w.position("cv.congchuc2");
    w.incoming()
        .act(
            &as_clerk().await,
            forward(
                None,
                Some(3),
                Recipients {
                    main: Some(specialist),
                    co: vec![co_handler],
                    info: Vec::new(),
                },
            ),
        )
        .await
        .unwrap();
    let (state, _) = w.commands.document(id).await.unwrap();
    assert_eq!(state.step, "handle");
    assert_eq!(state.holders.main, Some(specialist));
    assert!(state.co_open.contains(&co_handler));

    // The co-handler completes their part; someone who is not one may not.
    denied(
        w.incoming()
            .act(
                &w.caller("vanthu.snv").await,
                act(id, chancery_domain::document::COMPLETE_PART),
            )
            .await,
    );
    w.incoming()
        .act(
            &w.caller("cv.congchuc2").await,
            act(id, chancery_domain::document::COMPLETE_PART),
        )
        .await
        .unwrap();
    let (state, _) = w.commands.document(id).await.unwrap();
    assert!(!state.co_open.contains(&co_handler));
    assert_eq!(
        state.step, "handle",
        "the document stays with its main handler"
    );

    // Marking read: whoever may read it; not another agency.
    let read = w
        .incoming()
        .mark_read(&w.caller("cv.congchuc1").await, id)
        .await
        .unwrap();
    assert!(read.position.is_some());
    denied(
        w.incoming()
            .mark_read(&w.caller("vanthu.snv").await, id)
            .await,
    );
    refused(
        w.incoming()
            .mark_read(&w.caller("cv.congchuc1").await, Uuid::now_v7())
            .await,
        "NO_SUCH_DOCUMENT",
        None,
    );
}
