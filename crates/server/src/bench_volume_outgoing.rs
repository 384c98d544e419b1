//! The outgoing half of `bench workflow`'s volume phase: outgoing documents loaded beside
//! the incoming ones (one for every four), then first-page queries of every outgoing work
//! list (`outgoing::work`) timed for a drafter, a department head, a leader and a clerk.
//!
//! The documents run P4 (`p4-outgoing-unit`) in the same offices: a specialist drafts, their
//! department head reviews, a leader signs, the office's clerk checks the format, numbers
//! (gap-free, in the office's outgoing register, its book filled) and issues. Each
//! document's events are decided by the domain's `Outgoing` aggregate as the people act and
//! appended in one write per document, many at once, straight through the event store.
//! Stages over the year, oldest first: most issued, some deleted drafts, and the newest
//! still in progress (at the drafter, the head, the leader, signed awaiting the clerk).
//!
//! The reactions run beside the load, as in the server. An issued document is loaded as
//! the clerk's request and its issuance together (`outgoing.issuance-requested` then the
//! organisation's signature, the issue action and `outgoing.issued`): the issuance reaction
//! finds it carried out already and does nothing. Its recipient is an external agency (no
//! internal copy to make), and every file of the load is one small PDF stored in the
//! bench's file store, so the copies reaction reads a file that exists and makes no copy.
//! The queries are timed once the projections and the reactions have passed the load.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chancery_commands::documents::Workflows;
use chancery_commands::{CommandContext, Commands};
use chancery_domain::catalogue::AnyEvent;
use chancery_domain::catalogues::{CatalogueCommand, RegisterKind};
use chancery_domain::document::{FileRef, Recipients};
use chancery_domain::ids::{ExternalAgencyId, RegisterId};
use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::outgoing::{
    Addressee, Delivered, Delivery, DocumentIssued, DocumentSigned, DraftFields, DraftInput,
    Outgoing, OutgoingActionInput, OutgoingEvent, OutgoingNumbered, Recipient, SignatureKind,
};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_domain::register::{self, OutgoingBookEntry, OutgoingNumberTaken};
use chancery_domain::workflow::Definition;
use chancery_event_store::{EventStore, ExpectedRevision, StreamId};
use chancery_read_models::outgoing::{self as model, Asker, List};
use chrono::{Datelike as _, NaiveDate};
use serde_json::json;
use uuid::Uuid;

use super::{
    LEADS, Member, Office, PAGE, QUERIES, SEARCHES, TAILS, TOPICS, WARMUP, ms, new_event, quantile,
    splitmix,
};

/// One outgoing document for every `PER_INCOMING` incoming ones.
const PER_INCOMING: usize = 4;
/// Longest wait for the reactions to pass the load.
const SETTLE: Duration = Duration::from_secs(3_600);

/// How far a loaded outgoing document went along P4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Draft,
    AtHead,
    AtLeader,
    /// Signed, at the clerk's format check.
    Signed,
    /// Format accepted, at the clerk's issuing step.
    Accepted,
    Issued,
}

/// What document `i` of `n` becomes.
struct Plan {
    id: Uuid,
    office: usize,
    department: usize,
    specialist: usize,
    leader: usize,
    /// Deleted by its drafter (the process ended without issuance).
    deleted: bool,
    stage: Stage,
    day: NaiveDate,
    minute: u32,
    summary: String,
    urgency: Urgency,
}

fn plan(i: usize, n: usize, offices: &[Office], today: NaiveDate) -> Plan {
    let r = splitmix(0x0u64.wrapping_sub(1 + i as u64));
    let pick = |shift: u32, len: usize| ((r >> shift) as usize) % len.max(1);
    let office_index = i % offices.len();
    let office = &offices[office_index];
    let department = pick(20, office.departments.len());
    // The newest documents are still in progress; of the older ones most were issued.
    let recent = i * 100 >= n * 97;
    let (stage, deleted) = match (recent, r % 100) {
        (true, 0..25) => (Stage::Draft, false),
        (true, 25..45) => (Stage::AtHead, false),
        (true, 45..70) => (Stage::AtLeader, false),
        (true, 70..80) => (Stage::Signed, false),
        (true, 80..90) => (Stage::Accepted, false),
        (false, 0..8) => (Stage::Draft, true),
        _ => (Stage::Issued, false),
    };
    let age = 365 - (i * 365 / n.max(1)) as i64;
    let topic = TOPICS[pick(8, TOPICS.len())].replace("{n}", &(10 + pick(50, 190)).to_string());
    Plan {
        id: uuid::Builder::from_random_bytes(
            (u128::from(r) << 64 | u128::from(splitmix(r ^ 0x5eed))).to_be_bytes(),
        )
        .into_uuid(),
        office: office_index,
        department,
        specialist: pick(28, office.departments[department].specialists.len()),
        leader: pick(24, office.leaders.len()),
        deleted,
        stage,
        day: today - chrono::Duration::days(age.max(0)),
        minute: (i % 540) as u32,
        summary: format!(
            "{} {}{}",
            LEADS[pick(12, LEADS.len())],
            topic,
            TAILS[pick(16, TAILS.len())]
        ),
        urgency: if pick(56, 10) == 0 {
            Urgency::Urgent
        } else {
            Urgency::Normal
        },
    }
}

/// The `step`-th event's time: on the document's day, from 08:00, a minute apart.
fn at(plan: &Plan, step: usize) -> chrono::DateTime<chrono::Utc> {
    let minutes = i64::from(plan.minute) + 60 * 8 + step as i64;
    plan.day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() + chrono::Duration::minutes(minutes)
}

fn any(event: OutgoingEvent) -> anyhow::Result<AnyEvent> {
    Ok(match event {
        OutgoingEvent::Created(e) => e.into(),
        OutgoingEvent::ActionTaken(e) => e.into(),
        OutgoingEvent::Signed(e) => e.into(),
        OutgoingEvent::Numbered(e) => e.into(),
        OutgoingEvent::IssuanceRequested(e) => e.into(),
        OutgoingEvent::Issued(e) => e.into(),
        other => anyhow::bail!("not loaded: {other:?}"),
    })
}

/// What every document of the load shares.
pub(super) struct Setting {
    p4: Arc<Definition>,
    /// Each office's outgoing register.
    registers: Vec<RegisterId>,
    agency: ExternalAgencyId,
    /// The one small PDF every version, signature and issuance of the load carries.
    file: FileRef,
}

/// The outgoing documents loaded.
pub(super) struct Loaded {
    pub documents: usize,
    pub events: usize,
    pub seconds: f64,
}

/// A signature of the file by `by` (the load's file stands for the signed one).
fn signed(
    setting: &Setting,
    kind: SignatureKind,
    by: &Member,
    when: chrono::DateTime<chrono::Utc>,
    id: Uuid,
) -> DocumentSigned {
    DocumentSigned {
        document_id: id,
        kind,
        signed_from: setting.file.sha256.clone(),
        file: setting.file.clone(),
        attachments: vec![],
        signer_name: format!("Cán bộ {}", by.actor.by.person.0),
        certificate_subject: "CN=bench".to_owned(),
        certificate_serial: "01".to_owned(),
        signing_authority: None,
        signed_at: when,
        by: by.actor.by,
    }
}

/// The events of document `plan` (its number: `number`, when issued), decided by the
/// `Outgoing` aggregate as the people act.
fn document_events(
    plan: &Plan,
    offices: &[Office],
    setting: &Setting,
    number: Option<(RegisterId, i32, u64)>,
) -> anyhow::Result<Vec<chancery_event_store::NewEvent>> {
    let office = &offices[plan.office];
    let on_the_day = |m: &Member| {
        let mut m = m.clone();
        m.actor.today = plan.day;
        m
    };
    let department = &office.departments[plan.department];
    let drafter = on_the_day(&department.specialists[plan.specialist]);
    let head = on_the_day(&department.head);
    let leader = on_the_day(&office.leaders[plan.leader]);
    let clerk = on_the_day(&office.clerk);
    let p4 = &*setting.p4;
    let mut state = Outgoing::default();
    let mut out = Vec::new();
    let record = |state: &mut Outgoing,
                  out: &mut Vec<chancery_event_store::NewEvent>,
                  events: Vec<OutgoingEvent>,
                  by: &Member| {
        for e in events {
            state.evolve(&e);
            let when = at(plan, out.len());
            out.push(new_event(any(e)?, by, when)?);
        }
        anyhow::Ok(())
    };
    let act = |state: &Outgoing, by: &Member, action: &str, to: Option<&Member>| {
        let scope = match to {
            Some(_) => None,
            None => Some(office.unit),
        };
        state.act(
            p4,
            &by.actor,
            OutgoingActionInput {
                action: action.to_owned(),
                note: (action == "delete").then(|| "Không ban hành".to_owned()),
                recipients: Recipients {
                    main: to.map(|m| m.actor.by.position),
                    ..Recipients::default()
                },
                ..OutgoingActionInput::default()
            },
            scope,
        )
    };
    let created = state.create(
        p4,
        &drafter.actor,
        DraftInput {
            document_id: plan.id,
            unit_id: drafter.unit,
            office_id: office.unit,
            fields: DraftFields {
                document_type: "cong-van".to_owned(),
                summary: plan.summary.clone(),
                signer: Some(leader.actor.by.position),
                signing_authority: None,
                recipients: vec![Recipient {
                    to: Addressee::Agency(setting.agency),
                    delivery: Delivery::ElectronicOnly,
                }],
                urgency: plan.urgency,
                confidentiality: Confidentiality::Normal,
                reply_deadline: None,
                related_documents: vec![],
                field: None,
                notes: None,
            },
            files: vec![setting.file.clone()],
        },
    )?;
    record(
        &mut state,
        &mut out,
        vec![OutgoingEvent::Created(created)],
        &drafter,
    )?;
    if plan.deleted {
        let taken = act(&state, &drafter, "delete", None)?;
        record(
            &mut state,
            &mut out,
            vec![OutgoingEvent::ActionTaken(taken)],
            &drafter,
        )?;
        return Ok(out);
    }
    if plan.stage >= Stage::AtHead {
        let taken = act(&state, &drafter, "submit_to_department", Some(&head))?;
        record(
            &mut state,
            &mut out,
            vec![OutgoingEvent::ActionTaken(taken)],
            &drafter,
        )?;
    }
    if plan.stage >= Stage::AtLeader {
        let taken = act(&state, &head, "submit_to_leader", Some(&leader))?;
        record(
            &mut state,
            &mut out,
            vec![OutgoingEvent::ActionTaken(taken)],
            &head,
        )?;
    }
    if plan.stage >= Stage::Signed {
        // As the signing command: the signature, then the action, decided on the same state.
        let taken = act(&state, &leader, "sign", None)?;
        let signature = signed(
            setting,
            SignatureKind::Personal,
            &leader,
            at(plan, out.len()),
            plan.id,
        );
        record(
            &mut state,
            &mut out,
            vec![
                OutgoingEvent::Signed(signature),
                OutgoingEvent::ActionTaken(taken),
            ],
            &leader,
        )?;
    }
    if plan.stage >= Stage::Accepted {
        let taken = act(&state, &clerk, "accept", None)?;
        record(
            &mut state,
            &mut out,
            vec![OutgoingEvent::ActionTaken(taken)],
            &clerk,
        )?;
    }
    if let (Stage::Issued, Some((register_id, year, number))) = (plan.stage, number) {
        // The clerk's numbering asks for the issuance in the same write …
        let numbered = OutgoingNumbered {
            document_id: plan.id,
            register_id,
            year,
            number,
            number_notation: notation(office, number),
            issue_date: plan.day,
            by: clerk.actor.by,
        };
        let mut numbered_state = state.clone();
        numbered_state.evolve(&OutgoingEvent::Numbered(numbered.clone()));
        let requested = numbered_state.request_issuance(p4, &clerk.actor, "issue")?;
        record(
            &mut state,
            &mut out,
            vec![
                OutgoingEvent::Numbered(numbered.clone()),
                OutgoingEvent::IssuanceRequested(requested),
            ],
            &clerk,
        )?;
        // … and the issuance reaction's write follows (as `Commands::issue_outgoing`).
        let taken = act(&state, &clerk, "issue", None)?;
        let seal = signed(
            setting,
            SignatureKind::Organisation,
            &clerk,
            at(plan, out.len()),
            plan.id,
        );
        let issued = DocumentIssued {
            document_id: plan.id,
            number_notation: numbered.number_notation,
            deliveries: vec![Delivered {
                recipient: Recipient {
                    to: Addressee::Agency(setting.agency),
                    delivery: Delivery::ElectronicOnly,
                },
                copy_id: None,
            }],
            files: vec![setting.file.clone()],
            by: clerk.actor.by,
        };
        record(
            &mut state,
            &mut out,
            vec![
                OutgoingEvent::Signed(seal),
                OutgoingEvent::ActionTaken(taken),
                OutgoingEvent::Issued(issued),
            ],
            &clerk,
        )?;
    }
    Ok(out)
}

fn notation(office: &Office, number: u64) -> String {
    chancery_domain::outgoing::notation(number, Some("CV"), &office.abbreviation, None)
}

/// Defines an outgoing register for every office without one, stores the load's file, and
/// finds an external agency to send to.
async fn setting(
    store: &Arc<dyn EventStore>,
    files: &chancery_files::FileStore,
    offices: &[Office],
) -> anyhow::Result<Setting> {
    let commands = Commands::new(store.clone());
    let roles = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    let workflows =
        Workflows::shipped(&roles).map_err(|p| anyhow::anyhow!("definitions: {}", p.len()))?;
    let p4 = workflows.latest("p4-outgoing-unit")?.clone();
    let catalogues = commands.catalogues().await?;
    let agency = *catalogues
        .external_agencies
        .keys()
        .next()
        .context("an external agency in the demo catalogue")?;
    let mut registers = Vec::new();
    for (n, office) in offices.iter().enumerate() {
        let existing = catalogues
            .registers
            .values()
            .find(|r| r.owner_unit_id == office.unit && r.kind == RegisterKind::Outgoing)
            .map(|r| r.register_id);
        let register = match existing {
            Some(r) => r,
            None => {
                let register_id = RegisterId(Uuid::now_v7());
                commands
                    .catalogue_command(
                        &CommandContext::new(None, chrono::Utc::now()),
                        CatalogueCommand::DefineRegister {
                            register_id,
                            kind: RegisterKind::Outgoing,
                            owner_unit_id: office.unit,
                            code: "di".to_owned(),
                            name: format!("Sổ văn bản đi, đơn vị {n}"),
                            document_types: std::collections::BTreeSet::new(),
                            max_confidentiality: Confidentiality::Normal,
                            active: true,
                        },
                    )
                    .await?;
                register_id
            }
        };
        registers.push(register);
    }
    // A one-page PDF (the copies reaction reads it for its page count).
    let stored = files
        .put("du-thao.pdf", chancery_files::Bytes::from(one_page_pdf()))
        .await
        .context("storing the load's PDF")?;
    Ok(Setting {
        p4,
        registers,
        agency,
        file: FileRef {
            sha256: stored.sha256,
            name: stored.name,
            media_type: stored.media_type,
            size: stored.size,
        },
    })
}

/// Loads one outgoing document for every `PER_INCOMING` of `incoming`: the numbers of the
/// issued ones first (per office and year, gap-free, appended in large chunks to the
/// register streams), then each document's stream (one append each, `append_streams`).
pub(super) async fn load(
    store: &Arc<dyn EventStore>,
    files: &chancery_files::FileStore,
    offices: &[Office],
    incoming: usize,
    today: NaiveDate,
) -> anyhow::Result<Loaded> {
    let started = Instant::now();
    let setting = setting(store, files, offices).await?;
    let n = incoming / PER_INCOMING;
    let mut next: HashMap<(usize, i32), u64> = HashMap::new();
    let mut numbers: Vec<Option<(RegisterId, i32, u64)>> = Vec::with_capacity(n);
    let mut books: HashMap<(usize, i32), Vec<OutgoingNumberTaken>> = HashMap::new();
    for i in 0..n {
        let plan = plan(i, n, offices, today);
        if plan.stage != Stage::Issued || plan.deleted {
            numbers.push(None);
            continue;
        }
        let year = plan.day.year();
        let register_id = setting.registers[plan.office];
        let revision = match next.entry((plan.office, year)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let stream = StreamId::new(register::stream(register_id, year))?;
                let last = super::last_revision(store, &stream).await?;
                e.insert(last.map_or(0, |r| r + 1))
            }
        };
        let number = register::number_at(*revision);
        *revision += 1;
        numbers.push(Some((register_id, year, number)));
        let office = &offices[plan.office];
        let drafter = &office.departments[plan.department].specialists[plan.specialist];
        books
            .entry((plan.office, year))
            .or_default()
            .push(OutgoingNumberTaken {
                register_id,
                year,
                number,
                document_id: plan.id,
                unit_id: office.unit,
                clerk: office.clerk.actor.by.person,
                entry: OutgoingBookEntry {
                    number_notation: notation(office, number),
                    issue_date: plan.day,
                    document_type: "cong-van".to_owned(),
                    summary: plan.summary.clone(),
                    signer_name: format!(
                        "Cán bộ {}",
                        office.leaders[plan.leader].actor.by.person.0
                    ),
                    drafting_unit_id: drafter.unit,
                    urgency: plan.urgency,
                    confidentiality: Confidentiality::Normal,
                },
            });
    }
    let mut events = 0;
    for ((office, year), book) in books {
        let stream = StreamId::new(register::stream(setting.registers[office], year))?;
        let office = &offices[office];
        for chunk in book.chunks(5_000) {
            let first = chunk.first().map_or(1, |t| t.number);
            let expected = match first {
                1 => ExpectedRevision::NoStream,
                n => ExpectedRevision::Exact(n - 2),
            };
            let new = chunk
                .iter()
                .map(|t| {
                    let when = t.entry.issue_date.and_hms_opt(9, 0, 0).unwrap_or_default();
                    new_event(t.clone().into(), &office.clerk, when.and_utc())
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            events += new.len();
            store.append(&stream, expected, new).await?;
        }
    }
    let appended = super::append_streams(store, n, |i| {
        let plan = plan(i, n, offices, today);
        let new = document_events(&plan, offices, &setting, numbers[i])?;
        Ok((
            StreamId::new(chancery_domain::outgoing::stream(plan.id))?,
            new,
        ))
    })
    .await?;
    Ok(Loaded {
        documents: n,
        events: events + appended,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Waits until the reactions have passed everything appended, then times the first page
/// of each outgoing list for the people who use it, after `ANALYZE`.
pub(super) async fn queries(
    pool: &deadpool_postgres::Pool,
    store: &Arc<dyn EventStore>,
    reactions: &chancery_projector::ReactionEngine,
    offices: &[Office],
    loaded: &Loaded,
) -> anyhow::Result<serde_json::Value> {
    let started = Instant::now();
    let head = store.committed_position().await?.0;
    loop {
        let behind = reactions
            .status()
            .await?
            .iter()
            .filter(|s| s.position < head)
            .count();
        if behind == 0 {
            break;
        }
        if started.elapsed() > SETTLE {
            anyhow::bail!("the reactions did not pass the load");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let settle_seconds = started.elapsed().as_secs_f64();
    let client = pool.get().await?;
    client.batch_execute("ANALYZE").await?;
    let organisation = Commands::new(store.clone()).organisation().await?;
    let asker = |m: &Member| {
        let mut units_up = Vec::new();
        let mut cursor = Some(m.unit);
        while let Some(u) = cursor {
            units_up.push(u.0);
            cursor = organisation.units.get(&u).and_then(|x| x.parent);
        }
        Asker {
            position: m.actor.by.position.0,
            role: m.actor.role.clone(),
            units_up,
            office: organisation.office_of(m.unit).map(|u| u.0),
            cleared: vec![Confidentiality::Normal.code().to_owned()],
        }
    };
    let tccb = &offices[0];
    let bench = offices.get(1).unwrap_or(tccb);
    let people: Vec<(&str, Asker)> = vec![
        (
            "drafter (specialist), demo unit",
            asker(&tccb.departments[0].specialists[0]),
        ),
        (
            "drafter (specialist), bench unit",
            asker(&bench.departments[0].specialists[0]),
        ),
        (
            "department head, demo unit",
            asker(&tccb.departments[0].head),
        ),
        ("leader, demo unit", asker(&tccb.leaders[0])),
        ("leader, bench unit", asker(&bench.leaders[0])),
        ("clerk, demo unit", asker(&tccb.clerk)),
        ("clerk, bench unit", asker(&bench.clerk)),
    ];
    let lists = [
        ("todo", List::ToDo),
        ("drafts", List::MyDrafts),
        ("issued", List::Issued),
        ("processed", List::Processed),
        ("awaiting", List::AwaitingIssuance),
    ];
    let mut described = Vec::new();
    for (who, a) in &people {
        let mut sizes = serde_json::Map::new();
        for (name, list) in lists {
            let (_, total) = model::work(&**client, a, list, None, None, PAGE).await?;
            sizes.insert(
                name.to_owned(),
                if total.more {
                    json!(format!("{}+", total.count))
                } else {
                    json!(total.count)
                },
            );
        }
        sizes.insert("who".to_owned(), json!(who));
        described.push(serde_json::Value::Object(sizes));
    }
    let mut result = serde_json::Map::new();
    let timed = |name: &str, list: List, clerks_only: bool, search: bool| {
        let client = &client;
        let people: Vec<&Asker> = people
            .iter()
            .filter(|(who, _)| !clerks_only || who.starts_with("clerk"))
            .map(|(_, a)| a)
            .collect();
        let name = name.to_owned();
        async move {
            let mut took = Vec::new();
            let mut rows = 0usize;
            for k in 0..WARMUP + QUERIES {
                let a = people[k % people.len()];
                let text = search.then(|| SEARCHES[(k / people.len()) % SEARCHES.len()]);
                let started = Instant::now();
                let (page, total) = model::work(&***client, a, list, text, None, PAGE).await?;
                let elapsed = ms(started.elapsed());
                if k >= WARMUP {
                    took.push(elapsed);
                    rows += page.len();
                }
                std::hint::black_box(total);
            }
            took.sort_by(f64::total_cmp);
            anyhow::Ok((name, took, rows))
        }
    };
    for (name, list, clerks_only, search) in [
        ("todo", List::ToDo, false, false),
        ("drafts", List::MyDrafts, false, false),
        ("issued", List::Issued, false, false),
        ("processed", List::Processed, false, false),
        ("search", List::All, false, true),
        ("awaiting", List::AwaitingIssuance, true, false),
    ] {
        let (name, took, rows) = timed(name, list, clerks_only, search).await?;
        result.insert(
            format!("outgoing_{name}_p50_ms"),
            json!(quantile(&took, 0.5)),
        );
        result.insert(
            format!("outgoing_{name}_p99_ms"),
            json!(quantile(&took, 0.99)),
        );
        if name == "search" {
            if rows == 0 {
                anyhow::bail!("the outgoing searches found nothing");
            }
            result.insert(
                "outgoing_search_rows_per_query".to_owned(),
                json!((rows as f64 / took.len() as f64 * 10.0).round() / 10.0),
            );
        }
    }
    result.insert("outgoing_people".to_owned(), json!(described));
    result.insert(
        "outgoing_documents_loaded".to_owned(),
        json!(loaded.documents),
    );
    result.insert("outgoing_events_loaded".to_owned(), json!(loaded.events));
    result.insert(
        "outgoing_load_seconds".to_owned(),
        json!((loaded.seconds * 10.0).round() / 10.0),
    );
    result.insert(
        "outgoing_reactions_settle_seconds".to_owned(),
        json!((settle_seconds * 10.0).round() / 10.0),
    );
    Ok(serde_json::Value::Object(result))
}

/// A valid one-page PDF, its cross-reference table written from the objects' offsets (a
/// reader never has to reconstruct it, nor warn about it for each of the load's copies).
fn one_page_pdf() -> Vec<u8> {
    let objects = [
        "<</Type/Catalog/Pages 2 0 R>>",
        "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(table.as_bytes());
    pdf
}
