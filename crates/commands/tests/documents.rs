//! Documents through the command layer on a real PostgreSQL: P1 at the ministry fanning out
//! to three units, each registering its copy with its own arrival number; a unit refusing its
//! assignment re-opens P1 at General Affairs; two people acting on one step at once; a
//! double click acting once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::sync::Arc;

use chancery_commands::documents::{Registration, Workflows};
use chancery_commands::reactions::DocumentEffects;
use chancery_commands::{CommandContext, CommandError, Commands};
use chancery_domain::document::{
    ActedBy, ActionInput, Actor, Channel, FileRef, Metadata, ReceiveInput, Recipients,
};
use chancery_domain::ids::{PositionId, RegisterId, UnitId, UserId};
use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_event_store::EventStore;
use chancery_event_store::postgres::PgEventStore;
use chancery_projector::{ReactionEngine, ReactionOptions};
use chancery_test_support::TestDb;
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

struct World {
    _db: TestDb,
    commands: Arc<Commands>,
    workflows: Arc<Workflows>,
    /// The document processes' reactions (fan-outs, re-opened parents), run on demand.
    reactions: ReactionEngine,
}

impl World {
    /// Carries out what every action so far calls for (what the server's reaction runners
    /// do continuously).
    async fn react(&self) {
        self.reactions.catch_up().await.unwrap();
    }

    /// The documents routed from `parent` so far: (child, unit), in the order made.
    async fn children_of(&self, parent: Uuid) -> Vec<(Uuid, Uuid)> {
        let store = self.commands.store().clone();
        let head = store.committed_position().await.unwrap();
        let mut children = Vec::new();
        let mut after = chancery_event_store::GlobalPosition(0);
        while after < head {
            let batch = store.read_all(after, 1000).await.unwrap();
            let Some(last) = batch.last() else { break };
            after = last.global_position;
            for e in &batch {
                if e.event_type == "document.received"
                    && e.payload["parent_id"] == parent.to_string()
                {
                    let id = |key: &str| e.payload[key].as_str().unwrap().parse::<Uuid>().unwrap();
                    children.push((id("document_id"), id("unit_id")));
                }
            }
        }
        children
    }
}

async fn world() -> World {
    let db = TestDb::new().await;
    let store = PgEventStore::new(db.pool.clone(), db.config.clone());
    store.migrate().await.unwrap();
    let store = Arc::new(store) as Arc<dyn EventStore>;
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    let commands = Arc::new(Commands::new(store.clone()));
    let workflows = Arc::new(Workflows::shipped(&roles).unwrap());
    let reactions = ReactionEngine::new(
        store,
        db.pool.clone(),
        db.config.clone(),
        vec![Arc::new(DocumentEffects::new(
            commands.clone(),
            workflows.clone(),
        ))],
        ReactionOptions::default(),
    )
    .unwrap();
    reactions.migrate().await.unwrap();
    World {
        commands,
        workflows,
        reactions,
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

/// An incoming register of `owner` taking every type and level (recorded in the catalogue:
/// registering checks that the register takes the document).
async fn register_of(w: &World, owner: UnitId) -> RegisterId {
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
                document_types: BTreeSet::new(),
                max_confidentiality: Confidentiality::TopSecret,
                active: true,
            }
            .into()],
        )
        .await
        .unwrap();
    register_id
}

fn ctx() -> CommandContext {
    CommandContext::new(None, Utc::now())
}

fn unit(n: u128) -> UnitId {
    UnitId(Uuid::from_u128(500 + n))
}

fn say(action: &str, note: Option<&str>, units: Vec<UnitId>) -> ActionInput {
    ActionInput {
        action: action.to_owned(),
        note: note.map(str::to_owned),
        units,
        ..ActionInput::default()
    }
}

const CLERK: u128 = 1;
const OFFICER: u128 = 2;
const OFFICER_2: u128 = 3;
const GA_LEADER: u128 = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn p1_fans_out_to_three_units_each_with_its_own_arrival_number() {
    let w = world().await;
    let p1 = w.workflows.latest("p1-incoming-ministry").unwrap();
    let ministry = unit(0);
    let document = Uuid::now_v7();
    w.commands
        .receive_document(
            &ctx(),
            &p1,
            &actor(CLERK, "ministry_clerk"),
            ReceiveInput {
                document_id: document,
                unit_id: ministry,
                parent_id: None,
                channel: Channel::Paper,
                sender_agency: None,
                metadata: Metadata {
                    issuing_body: "Văn phòng Chính phủ".to_owned(),
                    number_notation: "1234/VPCP-KGVX".to_owned(),
                    document_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                    document_type: "cong-van".to_owned(),
                    summary: "Về việc nghỉ Tết Nguyên đán".to_owned(),
                    language: "vi".to_owned(),
                    page_count: 2,
                    signer_name: None,
                    signer_position: None,
                    urgency: Urgency::VeryUrgent,
                    confidentiality: Confidentiality::Normal,
                    recipients: None,
                    deadline: None,
                    notes: None,
                },
                files: vec![FileRef {
                    sha256: "cd".repeat(32),
                    name: "1234.pdf".to_owned(),
                    media_type: "application/pdf".to_owned(),
                    size: 9_999,
                }],
            },
        )
        .await
        .unwrap();
    let ministry_register = register_of(&w, ministry).await;
    let clerk = actor(CLERK, "ministry_clerk");
    let (number, _) = w
        .commands
        .register_document(
            &ctx(),
            &w.workflows,
            &clerk,
            document,
            Registration {
                register_id: ministry_register,
                year: 2026,
                arrived_at: Utc::now(),
            },
        )
        .await
        .unwrap();
    assert_eq!(number, 1);
    w.commands
        .act_on_document(
            &ctx(),
            &w.workflows,
            &clerk,
            document,
            say(
                "forward_to_general_affairs",
                Some("Kính chuyển Phòng Tổng hợp"),
                vec![],
            ),
        )
        .await
        .unwrap();
    let units = vec![unit(1), unit(2), unit(3)];
    w.commands
        .act_on_document(
            &ctx(),
            &w.workflows,
            &actor(OFFICER, "general_affairs_officer"),
            document,
            say("propose_assignment", None, units.clone()),
        )
        .await
        .unwrap();
    // A double click on "approve": it acts once.
    let approve = ctx();
    let leader = actor(GA_LEADER, "general_affairs_leader");
    let first = w
        .commands
        .act_on_document(
            &approve,
            &w.workflows,
            &leader,
            document,
            say("approve_assignment", None, units.clone()),
        )
        .await
        .unwrap();
    let second = w
        .commands
        .act_on_document(
            &approve,
            &w.workflows,
            &leader,
            document,
            say("approve_assignment", None, units.clone()),
        )
        .await
        .unwrap();
    assert_eq!(second.events, 0);
    let (parent, _) = w.commands.document(document).await.unwrap();
    assert_eq!(parent.step, "routed");
    assert!(first.position.is_some());

    // Three children, one per unit, each at its unit clerk's "receive" step: made by the
    // reaction to the approval, not by the request.
    assert!(w.children_of(document).await.is_empty());
    w.react().await;
    let client_children = w.children_of(document).await;
    assert_eq!(client_children.len(), 3, "{client_children:?}");
    let mut numbers = Vec::new();
    for (child, child_unit) in &client_children {
        let (state, _) = w.commands.document(*child).await.unwrap();
        assert_eq!(state.step, "receive");
        assert_eq!(state.parent, Some(document));
        assert_eq!(state.definition.0, "p2-incoming-unit");
        assert_eq!(state.files.len(), 1, "the files travel with the document");
        if *child_unit == unit(3).0 {
            continue;
        }
        // Each unit registers its copy in its own register: its own number 1.
        let register = register_of(&w, UnitId(*child_unit)).await;
        let (n, _) = w
            .commands
            .register_document(
                &ctx(),
                &w.workflows,
                &actor(10 + child_unit.as_u128(), "unit_clerk"),
                *child,
                Registration {
                    register_id: register,
                    year: 2026,
                    arrived_at: Utc::now(),
                },
            )
            .await
            .unwrap();
        numbers.push(n);
    }
    assert_eq!(numbers, [1, 1]);

    // The third unit refuses the assignment back: P1 re-opens at General Affairs.
    let (refusing, _) = client_children
        .iter()
        .find(|(_, u)| *u == unit(3).0)
        .unwrap();
    w.commands
        .act_on_document(
            &ctx(),
            &w.workflows,
            &actor(13, "unit_clerk"),
            *refusing,
            say(
                "refuse_assignment",
                Some("Không thuộc chức năng của Cục"),
                vec![],
            ),
        )
        .await
        .unwrap();
    let (parent, _) = w.commands.document(document).await.unwrap();
    assert_eq!(
        parent.step, "routed",
        "re-opened by the reaction, not the request"
    );
    w.react().await;
    let (parent, _) = w.commands.document(document).await.unwrap();
    assert_eq!(parent.step, "propose");
    // Reacting again changes nothing.
    w.react().await;
    assert_eq!(
        w.commands.document(document).await.unwrap().1,
        Some(parent_revision(&w, document).await)
    );

    // Two officers act on the re-opened step at once: exactly one wins.
    let (ctx_a, ctx_b) = (ctx(), ctx());
    let (officer_a, officer_b) = (
        actor(OFFICER, "general_affairs_officer"),
        actor(OFFICER_2, "general_affairs_officer"),
    );
    let seen = |units| ActionInput {
        expected_step: Some("propose".to_owned()),
        ..say("propose_assignment", None, units)
    };
    let (a, b) = tokio::join!(
        w.commands.act_on_document(
            &ctx_a,
            &w.workflows,
            &officer_a,
            document,
            seen(vec![unit(1)])
        ),
        w.commands.act_on_document(
            &ctx_b,
            &w.workflows,
            &officer_b,
            document,
            seen(vec![unit(2)])
        ),
    );
    let results = [a, b];
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    let loser = results
        .into_iter()
        .find(Result::is_err)
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(&loser, CommandError::Refused(e) if e.code == "STEP_MOVED"),
        "{loser:?}"
    );

    // Approved again, to units 1 or 2 (still holding their copies) and unit 3 (which gave
    // its copy back): only unit 3 gets a new one.
    let proposed = w.commands.document(document).await.unwrap().0;
    assert_eq!(proposed.step, "approve");
    w.commands
        .act_on_document(
            &ctx(),
            &w.workflows,
            &leader,
            document,
            say("approve_assignment", None, vec![unit(1), unit(2), unit(3)]),
        )
        .await
        .unwrap();
    w.react().await;
    let children = w.children_of(document).await;
    assert_eq!(children.len(), 4, "{children:?}");
    assert_eq!(
        children.iter().filter(|(_, u)| *u == unit(3).0).count(),
        2,
        "{children:?}"
    );
}

async fn parent_revision(w: &World, id: Uuid) -> u64 {
    w.commands.document(id).await.unwrap().1.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_registers_once_and_refusals_write_nothing() {
    let w = world().await;
    let p2 = w.workflows.latest("p2-incoming-unit").unwrap();
    let document = Uuid::now_v7();
    let clerk = actor(CLERK, "unit_clerk");
    let input = ReceiveInput {
        document_id: document,
        unit_id: unit(1),
        parent_id: None,
        channel: Channel::Electronic,
        sender_agency: None,
        metadata: Metadata {
            issuing_body: "Bộ Tài chính".to_owned(),
            number_notation: "12/BTC".to_owned(),
            document_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            document_type: "cong-van".to_owned(),
            summary: "Trích yếu".to_owned(),
            language: "vi".to_owned(),
            page_count: 1,
            signer_name: None,
            signer_position: None,
            urgency: Urgency::Normal,
            confidentiality: Confidentiality::Normal,
            recipients: None,
            deadline: None,
            notes: None,
        },
        files: vec![],
    };
    w.commands
        .receive_document(&ctx(), &p2, &clerk, input.clone())
        .await
        .unwrap();
    let again = w
        .commands
        .receive_document(&ctx(), &p2, &clerk, input)
        .await
        .unwrap_err();
    assert!(
        matches!(&again, CommandError::Refused(e) if e.code == "DUPLICATE_ID"),
        "{again:?}"
    );
    let register = register_of(&w, unit(1)).await;
    let (n, _) = w
        .commands
        .register_document(
            &ctx(),
            &w.workflows,
            &clerk,
            document,
            Registration {
                register_id: register,
                year: 2026,
                arrived_at: Utc::now(),
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
    let twice = w
        .commands
        .register_document(
            &ctx(),
            &w.workflows,
            &clerk,
            document,
            Registration {
                register_id: register,
                year: 2026,
                arrived_at: Utc::now(),
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&twice, CommandError::Refused(e) if e.code == "ALREADY_REGISTERED"),
        "{twice:?}"
    );
    // A specialist cannot act at the clerk's step; nothing is written.
    let (_, before) = w.commands.document(document).await.unwrap();
    let wrong = w
        .commands
        .act_on_document(
            &ctx(),
            &w.workflows,
            &actor(9, "specialist"),
            document,
            ActionInput {
                action: "submit_to_leader".to_owned(),
                recipients: Recipients {
                    main: Some(PositionId(Uuid::from_u128(1002))),
                    ..Recipients::default()
                },
                ..ActionInput::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&wrong, CommandError::Refused(e) if e.code == "NOT_YOUR_STEP"),
        "{wrong:?}"
    );
    let (_, after) = w.commands.document(document).await.unwrap();
    assert_eq!(before, after);
}
