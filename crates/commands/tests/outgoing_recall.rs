//! Recalling an issued document through the command layer on a real PostgreSQL: the copies
//! issuance put in two units' awaiting-registration queues are withdrawn (registering one is
//! refused with `WITHDRAWN`), and issuing again delivers new copies; a recipient who
//! registered first makes the recall refused with `RECIPIENT_ACTED`, no copy withdrawn; a
//! withdrawal undone puts the copy back; a retried recall acts once.
//!
//! The read models are not in this crate's reach: what the queues show of a withdrawal is
//! tested on the `inbox` projection (chancery-read-models), from the same events.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::sync::Arc;

use chancery_commands::documents::{Registration, Withdrawal, Workflows};
use chancery_commands::outgoing::{Issuance, Numbering};
use chancery_commands::{CommandContext, CommandError, Commands};
use chancery_domain::document::{
    ActedBy, Actor, Channel, DocumentId, FileRef, Metadata, ReceiveInput, WITHDRAWN_STEP,
};
use chancery_domain::ids::{PositionId, RegisterId, UnitId, UserId};
use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::outgoing::{
    Addressee, Delivery, DocumentSigned, DraftFields, DraftInput, OutgoingActionInput, OutgoingId,
    Recipient, SignatureKind,
};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::EventStore;
use chancery_event_store::postgres::PgEventStore;
use chancery_test_support::TestDb;
use chrono::Utc;
use uuid::Uuid;

struct World {
    _db: TestDb,
    commands: Commands,
    workflows: Workflows,
}

async fn world() -> World {
    let db = TestDb::new().await;
    let store = PgEventStore::new(db.pool.clone(), db.config.clone());
    store.migrate().await.unwrap();
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    World {
        commands: Commands::new(Arc::new(store) as Arc<dyn EventStore>),
        workflows: Workflows::shipped(&roles).unwrap(),
        _db: db,
    }
}

fn actor(n: u128, role: &str) -> Actor {
    Actor {
        by: ActedBy {
            person: UserId(Uuid::from_u128(n)),
            position: PositionId(Uuid::from_u128(1000 + n)),
        },
        role: role.to_owned(),
        today: Utc::now().date_naive(),
    }
}

fn ctx() -> CommandContext {
    CommandContext::new(None, Utc::now())
}

fn unit(n: u128) -> UnitId {
    UnitId(Uuid::from_u128(500 + n))
}

const SPECIALIST: u128 = 1;
const HEAD: u128 = 2;
const CLERK: u128 = 3;
/// The clerks of the two recipient units.
const CLERK_A: u128 = 4;
const CLERK_B: u128 = 5;

fn drafting_unit() -> UnitId {
    unit(0)
}
fn unit_a() -> UnitId {
    unit(1)
}
fn unit_b() -> UnitId {
    unit(2)
}

fn pdf(tag: &str) -> FileRef {
    FileRef {
        sha256: format!("{:0>64}", tag),
        name: "du-thao.pdf".to_owned(),
        media_type: "application/pdf".to_owned(),
        size: 2_048,
    }
}

fn signed(id: OutgoingId, kind: SignatureKind, from: &str, to: &str, by: &Actor) -> DocumentSigned {
    DocumentSigned {
        document_id: id,
        kind,
        signed_from: from.to_owned(),
        file: pdf(to),
        attachments: Vec::new(),
        signer_name: "Nguyễn Văn Ký".to_owned(),
        certificate_subject: "CN=Nguyễn Văn Ký".to_owned(),
        certificate_serial: "01".to_owned(),
        signing_authority: None,
        signed_at: Utc::now(),
        by: by.by,
    }
}

fn act(action: &str, note: Option<&str>) -> OutgoingActionInput {
    OutgoingActionInput {
        action: action.to_owned(),
        note: note.map(str::to_owned),
        ..OutgoingActionInput::default()
    }
}

/// A P4 draft to units A and B, walked to the issuing step and numbered.
async fn numbered_draft(w: &World) -> OutgoingId {
    let p4 = w.workflows.latest("p4-outgoing-unit").unwrap();
    let id = Uuid::now_v7();
    let specialist = actor(SPECIALIST, "specialist");
    let head = actor(HEAD, "unit_head");
    let clerk = actor(CLERK, "unit_clerk");
    let recipients = [unit_a(), unit_b()]
        .into_iter()
        .map(|u| Recipient {
            to: Addressee::Unit(u),
            delivery: Delivery::ElectronicOnly,
        })
        .collect();
    w.commands
        .create_draft(
            &ctx(),
            &p4,
            &specialist,
            DraftInput {
                document_id: id,
                unit_id: drafting_unit(),
                office_id: drafting_unit(),
                fields: DraftFields {
                    document_type: "cong-van".to_owned(),
                    summary: "Về việc góp ý dự thảo quy chế".to_owned(),
                    signer: Some(head.by.position),
                    signing_authority: None,
                    recipients,
                    urgency: Urgency::Normal,
                    confidentiality: Confidentiality::Normal,
                    reply_deadline: None,
                    related_documents: Vec::new(),
                    field: None,
                    notes: None,
                },
                files: vec![pdf("d1")],
            },
            None,
        )
        .await
        .unwrap();
    let w2 = &w.workflows;
    w.commands
        .act_on_outgoing(
            &ctx(),
            w2,
            &specialist,
            id,
            act("submit_to_leader", None),
            None,
        )
        .await
        .unwrap();
    let personal = signed(id, SignatureKind::Personal, &pdf("d1").sha256, "s1", &head);
    w.commands
        .act_on_outgoing(
            &ctx(),
            w2,
            &head,
            id,
            act("sign", None),
            Some(chancery_commands::outgoing::Signature {
                signed: personal,
                verified: None,
            }),
        )
        .await
        .unwrap();
    w.commands
        .act_on_outgoing(&ctx(), w2, &clerk, id, act("accept", None), None)
        .await
        .unwrap();
    let (numbered, _) = w
        .commands
        .number_outgoing(
            &ctx(),
            w2,
            &clerk,
            id,
            "issue",
            Numbering {
                register_id: RegisterId(Uuid::now_v7()),
                year: 2026,
                issue_date: Utc::now().date_naive(),
                type_abbreviation: None,
                issuer: "UBND".to_owned(),
                drafting_unit: Some("VP".to_owned()),
                signer_name: "Nguyễn Văn Ký".to_owned(),
            },
        )
        .await
        .unwrap();
    assert_eq!(numbered.number, 1);
    id
}

/// Issues the document (the organisation's signature over the current file), returning the
/// copies by unit.
async fn issue(w: &World, id: OutgoingId, seal: &str) -> Vec<(UnitId, DocumentId)> {
    let clerk = actor(CLERK, "unit_clerk");
    let p2 = w.workflows.latest("p2-incoming-unit").unwrap();
    let (state, _) = w.commands.outgoing(id).await.unwrap();
    let current = state.files[0].sha256.clone();
    // Numbering to issue asked for the first issuance; after a recall it is asked for again
    // (what the clerk's "issue" does when the document has its number already).
    if state.issuance_requested.is_none() {
        w.commands
            .request_issuance(&ctx(), &w.workflows, &clerk, id, "issue")
            .await
            .unwrap();
    }
    w.commands
        .issue_outgoing(
            &ctx(),
            &w.workflows,
            &clerk,
            id,
            "issue",
            Issuance {
                organisation_signature: signed(
                    id,
                    SignatureKind::Organisation,
                    &current,
                    seal,
                    &clerk,
                ),
                verified: chancery_domain::signing::SignaturesVerified {
                    document_id: id,
                    file_sha256: seal.to_owned(),
                    file_name: "seal.pdf".to_owned(),
                    signatures: Vec::new(),
                    verified_at: Utc::now(),
                },
                receiving: vec![unit_a(), unit_b()],
            },
        )
        .await
        .unwrap();
    let (state, _) = w.commands.outgoing(id).await.unwrap();
    let issued = state.issued.unwrap();
    // The copies, as the issuance reaction delivers them (`chancery_commands::reactions`,
    // tested with the organisation in the API's tests): here, what recalling does to them.
    let mut copies = Vec::new();
    for d in &issued.deliveries {
        let (Addressee::Unit(u), Some(copy)) = (d.recipient.to, d.copy_id) else {
            unreachable!("only units")
        };
        w.commands
            .receive_document(
                &ctx(),
                &p2,
                &clerk,
                ReceiveInput {
                    document_id: copy,
                    unit_id: u,
                    parent_id: None,
                    channel: Channel::Electronic,
                    sender_agency: None,
                    metadata: Metadata {
                        issuing_body: "UBND xã".to_owned(),
                        number_notation: issued.number_notation.clone(),
                        document_date: Utc::now().date_naive(),
                        document_type: "cong-van".to_owned(),
                        summary: "Về việc góp ý dự thảo quy chế".to_owned(),
                        language: "vi".to_owned(),
                        page_count: 1,
                        signer_name: Some("Nguyễn Văn Ký".to_owned()),
                        signer_position: None,
                        urgency: Urgency::Normal,
                        confidentiality: Confidentiality::Normal,
                        recipients: None,
                        deadline: None,
                        notes: None,
                    },
                    files: issued.files.clone(),
                },
            )
            .await
            .unwrap();
        copies.push((u, copy));
    }
    copies
}

/// A registration in a new incoming register of `owner`, recorded in the catalogue (taking
/// every type and level).
async fn registration(w: &World, owner: UnitId) -> Registration {
    let register_id = RegisterId(Uuid::now_v7());
    w.commands
        .record(
            chancery_domain::catalogues::STREAM,
            &ctx(),
            &[chancery_domain::catalogues::RegisterDefined {
                register_id,
                kind: chancery_domain::catalogues::RegisterKind::Incoming,
                owner_unit_id: owner,
                code: format!("den-{}", register_id.0),
                name: "Sổ văn bản đến".to_owned(),
                document_types: std::collections::BTreeSet::new(),
                max_confidentiality: chancery_domain::reference::Confidentiality::TopSecret,
                active: true,
            }
            .into()],
        )
        .await
        .unwrap();
    Registration {
        register_id,
        year: 2026,
        arrived_at: Utc::now(),
    }
}

fn clerk_of(u: UnitId) -> Actor {
    actor(if u == unit_a() { CLERK_A } else { CLERK_B }, "unit_clerk")
}

fn refusal(result: Result<impl std::fmt::Debug, CommandError>) -> &'static str {
    match result {
        Err(CommandError::Refused(e)) => e.code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A copy waits in its unit's queue: received electronically, neither registered nor
/// withdrawn, at the start of its process.
async fn awaiting(w: &World, copy: DocumentId, u: UnitId) -> bool {
    let (state, _) = w.commands.document(copy).await.unwrap();
    state.unit == Some(u)
        && state.channel == Some(Channel::Electronic)
        && state.registration.is_none()
        && !state.finished
        && state.withdrawn.is_none()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recall_withdraws_both_copies_and_issuing_again_delivers_new_ones() {
    let w = world().await;
    let id = numbered_draft(&w).await;
    let first = issue(&w, id, "o1").await;
    assert_eq!(first.len(), 2);
    for (u, copy) in &first {
        assert!(awaiting(&w, *copy, *u).await);
    }

    let clerk = actor(CLERK, "unit_clerk");
    let recall = ctx();
    let outcome = w
        .commands
        .recall_issue(
            &recall,
            &w.workflows,
            &clerk,
            id,
            Some("Sai nơi nhận".to_owned()),
        )
        .await
        .unwrap();
    assert_eq!(outcome.events, 2, "the recall and the action");
    for (u, copy) in &first {
        let (state, _) = w.commands.document(*copy).await.unwrap();
        assert_eq!(state.withdrawn.as_ref().map(|(o, _)| *o), Some(id));
        assert_eq!(state.step, WITHDRAWN_STEP);
        assert!(state.finished);
        assert!(!awaiting(&w, *copy, *u).await);
        assert_eq!(
            refusal(
                w.commands
                    .register_document(
                        &ctx(),
                        &w.workflows,
                        &clerk_of(*u),
                        *copy,
                        registration(&w, *u).await
                    )
                    .await
            ),
            "WITHDRAWN"
        );
        // The history says who withdrew it and why.
        let events = w.commands.document_events(*copy).await.unwrap();
        let last = events.last().unwrap();
        assert_eq!(last.event_type, "document.withdrawn");
        assert_eq!(last.payload["note"], "Sai nơi nhận");
        assert_eq!(last.payload["outgoing_id"], id.to_string());
    }
    // The same recall again acts once.
    let again = w
        .commands
        .recall_issue(
            &recall,
            &w.workflows,
            &clerk,
            id,
            Some("Sai nơi nhận".to_owned()),
        )
        .await
        .unwrap();
    assert_eq!(again.events, 0);
    assert_eq!(again.position, outcome.position);
    for (_, copy) in &first {
        assert_eq!(w.commands.document_events(*copy).await.unwrap().len(), 2);
    }
    let (state, _) = w.commands.outgoing(id).await.unwrap();
    assert!(state.recalled);
    assert_eq!(state.step, "issuing");

    // Fixed and issued again: new copies arrive, the old ones stay withdrawn.
    let second = issue(&w, id, "o2").await;
    assert_eq!(second.len(), 2);
    for ((u, copy), (_, old)) in second.iter().zip(&first) {
        assert_ne!(copy, old);
        assert!(awaiting(&w, *copy, *u).await);
        assert!(!awaiting(&w, *old, *u).await);
    }
    let (u, copy) = second[0];
    let (number, _) = w
        .commands
        .register_document(
            &ctx(),
            &w.workflows,
            &clerk_of(u),
            copy,
            registration(&w, u).await,
        )
        .await
        .unwrap();
    assert_eq!(number, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recipient_who_registered_first_makes_the_recall_refused_and_nothing_withdrawn() {
    let w = world().await;
    let id = numbered_draft(&w).await;
    let copies = issue(&w, id, "o1").await;
    let (registered_unit, registered) = copies[0];
    let (other_unit, other) = copies[1];
    w.commands
        .register_document(
            &ctx(),
            &w.workflows,
            &clerk_of(registered_unit),
            registered,
            registration(&w, registered_unit).await,
        )
        .await
        .unwrap();

    let clerk = actor(CLERK, "unit_clerk");
    assert_eq!(
        refusal(
            w.commands
                .recall_issue(&ctx(), &w.workflows, &clerk, id, Some("Sai".to_owned()))
                .await
        ),
        "RECIPIENT_ACTED"
    );
    assert!(awaiting(&w, other, other_unit).await);
    for copy in [registered, other] {
        let events = w.commands.document_events(copy).await.unwrap();
        assert!(
            events
                .iter()
                .all(|e| !e.event_type.starts_with("document.withdrawn")
                    && !e.event_type.starts_with("document.reinstated")),
            "nothing withdrawn"
        );
    }
    let (state, _) = w.commands.outgoing(id).await.unwrap();
    assert!(!state.recalled);
    assert_eq!(state.step, "issued");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawal_undone_puts_the_copy_back_in_its_queue() {
    let w = world().await;
    let id = numbered_draft(&w).await;
    let copies = issue(&w, id, "o1").await;
    let (u, copy) = copies[0];
    let clerk = actor(CLERK, "unit_clerk");
    let recall = ctx();
    // What a recall does to a copy before it finds another copy registered meanwhile.
    let withdrawn = w
        .commands
        .withdraw_copy(&recall, copy, id, "Sai", clerk.by)
        .await
        .unwrap();
    assert!(matches!(withdrawn, Withdrawal::Withdrew(Some(_))));
    // Retried: found, not withdrawn twice.
    assert_eq!(
        w.commands
            .withdraw_copy(&recall, copy, id, "Sai", clerk.by)
            .await
            .unwrap(),
        withdrawn
    );
    // Another recall of the same document finds it withdrawn.
    assert_eq!(
        w.commands
            .withdraw_copy(&ctx(), copy, id, "Sai", clerk.by)
            .await
            .unwrap(),
        Withdrawal::AlreadyWithdrawn
    );
    assert!(!awaiting(&w, copy, u).await);
    // Another recall's command does not undo this one's withdrawal.
    assert_eq!(
        w.commands
            .reinstate_copy(&ctx(), &w.workflows, copy, id, clerk.by)
            .await
            .unwrap(),
        None
    );
    let back = w
        .commands
        .reinstate_copy(&recall, &w.workflows, copy, id, clerk.by)
        .await
        .unwrap();
    assert!(back.is_some());
    assert!(awaiting(&w, copy, u).await);
    let (number, _) = w
        .commands
        .register_document(
            &ctx(),
            &w.workflows,
            &clerk_of(u),
            copy,
            registration(&w, u).await,
        )
        .await
        .unwrap();
    assert_eq!(number, 1);
    // Registered: it can no longer be withdrawn.
    assert_eq!(
        refusal(
            w.commands
                .withdraw_copy(&ctx(), copy, id, "Sai", clerk.by)
                .await
        ),
        "RECIPIENT_ACTED"
    );
}
