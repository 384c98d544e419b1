//! Outgoing documents and submissions (P3, P4): drafts, versions, the review chain with the
//! actions the caller may take now, opinions, work lists, and the outgoing register book.
//!
//! Access is the access module's decision: reading needs [`Action::ReadDocument`], acting
//! [`Action::ActOnDocument`] with the step's pool scope as the document's unit (a named
//! holder or the sender recalling acts by name). Signing, numbering and issuing go through
//! the signing service (`crate::signing`).

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chancery_domain::access::{Action, DocumentFacts};
use chancery_domain::document::{self, Recipients};
use chancery_domain::ids::{ExternalAgencyId, PositionId, RegisterId, UnitId};
use chancery_domain::organisation::Organisation;
use chancery_domain::outgoing::{
    Addressee, Delivery, DraftFields, DraftInput, Outgoing, OutgoingActionInput, Recipient,
};
use chancery_domain::reference::{Confidentiality, Lang};
use chancery_domain::workflow::{Condition, Effect, Need, Subject};
use chancery_read_models::outgoing as model;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::auth::{Guard, api, lang};
use crate::documents::{
    AttachedFile, AvailableAction, FileInput, PositionRef, UrgencyLevel, acting, actor, not_found,
    position_ref, resolve_files, unit_name, working,
};
use crate::identity::ConfidentialityLevel;
use crate::organisation::{SigningAuthorityGql, parse_id};
use crate::{ApiContext, ApiError, ErrorCode, Written};

/// The read models an outgoing mutation changes.
pub const OUTGOING_PROJECTIONS: &[&str] = &["outgoing"];
/// What issuing and recalling an issued document change: the recipients' copies are in
/// their offices' queues (the inbox) when the issuer's answer comes back.
const DELIVERY_PROJECTIONS: &[&str] = &["outgoing", "inbox"];

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum DeliveryGql {
    ElectronicOnly,
    ElectronicAndPaper,
}

#[derive(InputObject, Clone)]
pub struct RecipientInput {
    /// A unit of this installation (its clerk registers the copy)…
    pub unit_id: Option<ID>,
    /// …or an external agency of the directory.
    pub agency_id: Option<ID>,
    pub delivery: DeliveryGql,
}

#[derive(InputObject, Clone)]
pub struct DraftFieldsInput {
    pub document_type: String,
    /// Trích yếu, at most 500 characters.
    pub summary: String,
    /// The competent person who signs.
    pub signer_position_id: Option<ID>,
    pub signing_authority: Option<SigningAuthorityGql>,
    #[graphql(default)]
    pub recipients: Vec<RecipientInput>,
    pub urgency: UrgencyLevel,
    pub confidentiality: ConfidentialityLevel,
    pub reply_deadline: Option<NaiveDate>,
    /// Documents this one answers or relates to.
    #[graphql(default)]
    pub related_documents: Vec<ID>,
    pub field: Option<String>,
    pub notes: Option<String>,
}

#[derive(InputObject)]
pub struct CreateDraftInput {
    /// `p4-outgoing-unit` (numbered by the unit) or `p3-submission-ministry`.
    pub process: String,
    pub fields: DraftFieldsInput,
    /// The main file (a PDF) first, then attachments (upload to `/files` first).
    pub files: Vec<FileInput>,
}

#[derive(InputObject)]
pub struct OutgoingActionInputGql {
    pub document_id: ID,
    pub action: String,
    pub expected_step: Option<String>,
    /// A note; for a return, the marks of what is not acceptable.
    pub note: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// Named people to send to (otherwise the step's pool).
    pub main: Option<ID>,
    #[graphql(default)]
    pub co: Vec<ID>,
    #[graphql(default)]
    pub info: Vec<ID>,
    /// An annotated file sent back with a return.
    pub marks: Option<FileInput>,
    /// The outgoing register that numbers the document (actions that number it:
    /// `assign_number`, and `issue` where issuing numbers).
    pub register_id: Option<ID>,
    /// Where the personal signature goes (signing actions); by default the signature box
    /// of the last page.
    pub signature_placement: Option<crate::signing::SignaturePlacementInput>,
    /// The key to sign with; by default the caller's current key. Only one's own.
    pub signing_key_id: Option<ID>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OutgoingList {
    /// Waiting for me: sent to me, or to my role where I work.
    ToDo,
    /// My drafts still in progress.
    MyDrafts,
    /// Issued by my office.
    Issued,
    /// Signed and waiting for my office's clerks to check, number and issue (never issued,
    /// or recalled). For the office's register keepers.
    AwaitingIssuance,
}

#[derive(SimpleObject, Clone)]
pub struct RecipientView {
    pub kind: String,
    pub id: ID,
    pub name: String,
    pub delivery: String,
    /// The recipient's copy (an incoming document in its office), once issued.
    pub copy_id: Option<ID>,
    /// Decision 28 status: `01` received … `06` done, `withdrawn` after a recall, `queued`
    /// for an external agency (the exchange comes later), null before issuance.
    pub status: Option<String>,
}

#[derive(SimpleObject, Clone)]
pub struct VersionView {
    pub number: i32,
    pub files: Vec<AttachedFile>,
    pub by: PositionRef,
    pub note: Option<String>,
}

#[derive(SimpleObject, Clone)]
pub struct OpinionView {
    /// The document the opinion is asked on.
    pub document_id: ID,
    pub request_id: ID,
    pub asked: PositionRef,
    pub asked_by: PositionRef,
    pub question: String,
    pub deadline: NaiveDate,
    pub answered_at: Option<DateTime<Utc>>,
    pub opinion: Option<String>,
}

#[derive(SimpleObject, Clone)]
pub struct OutgoingView {
    pub id: ID,
    pub process: String,
    pub process_title: String,
    pub step: String,
    pub step_title: String,
    pub finished: bool,
    pub unit_name: String,
    pub document_type: String,
    pub summary: String,
    pub urgency: String,
    pub confidentiality: String,
    pub reply_deadline: Option<NaiveDate>,
    pub signer: Option<PositionRef>,
    pub signing_authority: Option<String>,
    pub notes: Option<String>,
    pub related_documents: Vec<ID>,
    pub recipients: Vec<RecipientView>,
    pub files: Vec<AttachedFile>,
    pub versions: Vec<VersionView>,
    pub drafter: Option<PositionRef>,
    pub sent_by: Option<PositionRef>,
    pub main_handler: Option<PositionRef>,
    pub co_handlers: Vec<PositionRef>,
    pub signed_by: Vec<PositionRef>,
    pub number_notation: Option<String>,
    pub issue_date: Option<NaiveDate>,
    pub issued: bool,
    pub recalled: bool,
    pub opinions: Vec<OpinionView>,
    /// The signatures on the current files, as last verified (integrity, certificate chain
    /// to the trust anchors, validity at signing time).
    pub signatures: Vec<crate::signing::SignatureCheckGql>,
    pub available_actions: Vec<AvailableAction>,
    pub revision: i64,
}

/// The number a document would get (or got).
#[derive(SimpleObject)]
pub struct NextNumber {
    pub number: i64,
    pub number_notation: String,
    /// The document already has this number.
    pub already_numbered: bool,
}

#[derive(SimpleObject)]
pub struct OutgoingResult {
    pub document: Option<OutgoingView>,
    pub written: Written,
}

#[derive(SimpleObject)]
pub struct OutgoingEntry {
    pub document_id: ID,
    pub process: String,
    pub step: String,
    pub step_title: String,
    pub document_type: String,
    pub summary: String,
    pub urgency: String,
    pub confidentiality: String,
    pub deadline: Option<NaiveDate>,
    pub versions: i32,
    pub signed: bool,
    pub number_notation: Option<String>,
    pub issued_at: Option<DateTime<Utc>>,
    pub recalled: bool,
    pub updated_at: DateTime<Utc>,
}

/// A page of a work list, newest first, with the size of the whole list.
pub type OutgoingConnection =
    Connection<OpaqueCursor<(DateTime<Utc>, Uuid)>, OutgoingEntry, crate::TotalCount, EmptyFields>;

#[derive(SimpleObject)]
pub struct OutgoingBookRow {
    pub number: i64,
    pub document_id: ID,
    pub number_notation: String,
    pub issue_date: NaiveDate,
    pub document_type: String,
    pub summary: String,
    pub signer_name: String,
    pub drafting_unit_name: String,
    pub urgency: String,
    pub confidentiality: String,
    pub recipients: Option<i32>,
    pub sent_at: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The outgoing document as access control sees it: kept by its office's registers,
/// handled in the current step's scope (or the drafting unit).
pub fn facts(state: &Outgoing) -> DocumentFacts {
    DocumentFacts {
        register_units: state.office.into_iter().collect(),
        units: state
            .scope
            .or(state.unit)
            .into_iter()
            .chain(state.unit)
            .collect(),
        routed_positions: state.routed.iter().copied().collect(),
        pool_roles: Vec::new(),
        confidentiality: state
            .fields
            .as_ref()
            .map_or(Confidentiality::Normal, |f| f.confidentiality),
    }
}

/// The facts for acting: only the current step's scope counts (the drafting unit reads,
/// it does not act at a step held elsewhere).
/// Every file an outgoing document carries: the current ones (signed copies included) and
/// every version's, which a new version or a marked-up copy may attach again.
fn carried_files(state: &Outgoing) -> Vec<&document::FileRef> {
    state
        .files
        .iter()
        .chain(state.versions.iter().flat_map(|v| v.files.iter()))
        .collect()
}

fn act_facts(state: &Outgoing) -> DocumentFacts {
    DocumentFacts {
        units: state.scope.or(state.unit).into_iter().collect(),
        ..facts(state)
    }
}

/// The document, if the caller may read it: by the read rules, or because it waits at
/// a step the caller's pool holds now (a clerk of another office checking its format, say:
/// they read what they are to act on).
async fn readable(api: &ApiContext, guard: &Guard, id: Uuid) -> Result<(Outgoing, u64), ApiError> {
    let (state, revision) = api.commands.outgoing(id).await.map_err(ApiError::from)?;
    let Some(revision) = revision else {
        return Err(not_found());
    };
    if let Err(refused) = guard.check(&Action::ReadDocument(&facts(&state)))
        && !holds_by_pool(api, guard, &state)
    {
        return Err(refused);
    }
    Ok((state, revision))
}

/// The caller holds the document's current step as one of its pool: the step has no named
/// holders, the caller's role acts there, and they may act in its scope.
fn holds_by_pool(api: &ApiContext, guard: &Guard, state: &Outgoing) -> bool {
    let Some(acting) = guard.principal.as_ref().and_then(|p| p.acting.as_ref()) else {
        return false;
    };
    let Ok(definition) = api.workflows.get(&state.definition.0, state.definition.1) else {
        return false;
    };
    !state.finished
        && definition
            .steps
            .get(&state.step)
            .is_some_and(|step| step.roles.contains(&acting.role))
        && state.holds(acting.position)
        && guard
            .check(&Action::ActOnDocument {
                facts: &act_facts(state),
                named: false,
            })
            .is_ok()
}

/// The office that numbers and issues documents of `definition` drafted in `unit`: the
/// office over the pool of the step that numbers (or issues) — the drafting unit's own
/// office in P4, the ministry's in P3.
fn issuing_office(
    organisation: &Organisation,
    definition: &chancery_domain::workflow::Definition,
    unit: UnitId,
) -> Option<UnitId> {
    let step = definition.steps.values().find(|s| {
        s.actions
            .values()
            .any(|a| a.effects.contains(&Effect::AssignNumber))
    });
    let step = step.or_else(|| {
        definition.steps.values().find(|s| {
            s.actions
                .values()
                .any(|a| a.effects.contains(&Effect::Issue))
        })
    })?;
    let scope = chancery_commands::outgoing::pool_scope(organisation, unit, &step.roles)?;
    organisation.office_of(scope)
}

fn context(guard: &Guard, key: Option<&ID>) -> Result<chancery_commands::CommandContext, ApiError> {
    crate::documents::command_context(guard, key)
}

fn fields_from(
    input: DraftFieldsInput,
    organisation: &Organisation,
    guard: &Guard,
) -> Result<DraftFields, ApiError> {
    let acting = acting(guard)?;
    let my_agency = organisation.agency_of(acting.unit).map(|u| u.id);
    let mut recipients = Vec::with_capacity(input.recipients.len());
    for r in input.recipients {
        let to = match (r.unit_id, r.agency_id) {
            (Some(unit), None) => {
                let unit = UnitId(parse_id(&unit, "recipients")?);
                // Any active unit of this installation (another agency's too: its clerk
                // registers the copy like any internal recipient).
                if organisation.units.get(&unit).is_none_or(|u| u.dissolved) {
                    return Err(ApiError::invalid(
                        "recipients",
                        "UNKNOWN_UNIT",
                        "no such unit",
                    ));
                }
                Addressee::Unit(unit)
            }
            (None, Some(agency)) => {
                Addressee::Agency(ExternalAgencyId(parse_id(&agency, "recipients")?))
            }
            _ => {
                return Err(ApiError::invalid(
                    "recipients",
                    "ONE_OF_UNIT_OR_AGENCY",
                    "a recipient is a unit or an external agency",
                ));
            }
        };
        recipients.push(Recipient {
            to,
            delivery: match r.delivery {
                DeliveryGql::ElectronicOnly => Delivery::ElectronicOnly,
                DeliveryGql::ElectronicAndPaper => Delivery::ElectronicAndPaper,
            },
        });
    }
    let signer = match input.signer_position_id {
        Some(id) => {
            let position = PositionId(parse_id(&id, "signerPositionId")?);
            let p = organisation
                .positions
                .get(&position)
                .filter(|p| p.active)
                .ok_or_else(|| {
                    ApiError::invalid("signerPositionId", "UNKNOWN_POSITION", "no such position")
                })?;
            if organisation.agency_of(p.unit).map(|u| u.id) != my_agency {
                return Err(ApiError::invalid(
                    "signerPositionId",
                    "OUTSIDE_THE_AGENCY",
                    "the signer belongs to another agency",
                ));
            }
            Some(position)
        }
        None => None,
    };
    let related = input
        .related_documents
        .iter()
        .map(|id| parse_id(id, "relatedDocuments"))
        .collect::<Result<Vec<_>, _>>()?;
    guard.check(&Action::Classify {
        level: input.confidentiality.into(),
    })?;
    Ok(DraftFields {
        document_type: input.document_type,
        summary: input.summary,
        signer,
        signing_authority: input.signing_authority.map(Into::into),
        recipients,
        urgency: input.urgency.into(),
        confidentiality: input.confidentiality.into(),
        reply_deadline: input.reply_deadline,
        related_documents: related,
        field: input.field,
        notes: input.notes,
    })
}

fn check_catalogue_fields(
    fields: &DraftFields,
    catalogues: &chancery_domain::catalogues::Catalogues,
) -> Result<(), ApiError> {
    if !catalogues
        .document_types
        .get(&fields.document_type)
        .is_some_and(|t| t.active)
    {
        return Err(ApiError::invalid(
            "documentType",
            "UNKNOWN_DOCUMENT_TYPE",
            "no such document type",
        ));
    }
    for r in &fields.recipients {
        if let Addressee::Agency(a) = r.to
            && !catalogues.external_agencies.contains_key(&a)
        {
            return Err(ApiError::invalid(
                "recipients",
                "UNKNOWN_AGENCY",
                "no such external agency",
            ));
        }
    }
    Ok(())
}

fn recipients_of(
    organisation: &Organisation,
    guard: &Guard,
    main: Option<ID>,
    co: &[ID],
    info: &[ID],
) -> Result<Recipients, ApiError> {
    let parse = |id: &ID| parse_id(id, "recipients").map(PositionId);
    let recipients = Recipients {
        main: main.as_ref().map(parse).transpose()?,
        co: co.iter().map(parse).collect::<Result<_, _>>()?,
        info: info.iter().map(parse).collect::<Result<_, _>>()?,
    };
    crate::documents::check_recipients(organisation, guard, &recipients)?;
    Ok(recipients)
}

/// Records a verification of a signed file under a command id derived from the request's,
/// so a repeated request records it once.
async fn record_verification(
    api: &ApiContext,
    context: &chancery_commands::CommandContext,
    verified: chancery_domain::signing::SignaturesVerified,
) -> Result<Option<chancery_event_store::GlobalPosition>, ApiError> {
    let mut follow_up = context.follow_up();
    follow_up.command_id = chancery_event_store::derive_event_id(
        context.command_id,
        0x5EF
            ^ u32::from(
                verified
                    .file_sha256
                    .as_bytes()
                    .first()
                    .copied()
                    .unwrap_or(0),
            ),
    );
    let outcome = api
        .commands
        .record_verification(&follow_up, verified)
        .await
        .map_err(ApiError::from)?;
    Ok(outcome.position)
}

/// The abbreviation of the unit that drafted a document numbered by `office`: the unit
/// right under the office that contains the drafting unit (none when the office drafted).
fn drafting_abbreviation(
    organisation: &Organisation,
    office: UnitId,
    unit: UnitId,
) -> Option<String> {
    let mut cursor = Some(unit);
    let mut depth = 0;
    while let Some(u) = cursor {
        let here = organisation.units.get(&u)?;
        if here.parent == Some(office) {
            return Some(here.abbreviation.clone());
        }
        if u == office {
            return None;
        }
        cursor = here.parent;
        depth += 1;
        if depth > 64 {
            return None;
        }
    }
    None
}

/// What numbering from `register` needs, after checking the register may number the
/// document: an active outgoing register kept by the document's office that takes its type
/// and confidentiality.
async fn numbering_for(
    api: &ApiContext,
    guard: &Guard,
    state: &Outgoing,
    register: RegisterId,
    actor: &chancery_domain::document::Actor,
) -> Result<chancery_commands::outgoing::Numbering, ApiError> {
    let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
    let fields = state
        .fields
        .as_ref()
        .ok_or_else(|| ApiError::internal("an outgoing document without fields"))?;
    let (Some(office), Some(unit)) = (state.office, state.unit) else {
        return Err(ApiError::internal("an outgoing document without an office"));
    };
    let defined = catalogues
        .registers
        .get(&register)
        .ok_or_else(|| ApiError::invalid("registerId", "NO_SUCH_REGISTER", "no such register"))?;
    if defined.owner_unit_id != office {
        return Err(ApiError::invalid(
            "registerId",
            "NOT_YOUR_REGISTER",
            "the register is not kept by the office issuing this document",
        ));
    }
    defined.takes(
        chancery_domain::catalogues::RegisterKind::Outgoing,
        &fields.document_type,
        fields.confidentiality,
    )?;
    let organisation = &guard.organisation;
    let issuer = organisation
        .units
        .get(&office)
        .map(|u| u.abbreviation.clone())
        .unwrap_or_default();
    let signer_name = state
        .signatures
        .iter()
        .rev()
        .find(|s| s.kind == chancery_domain::outgoing::SignatureKind::Personal)
        .and_then(|s| organisation.people.get(&s.by.person))
        .map(|p| p.full_name.clone())
        .unwrap_or_default();
    Ok(chancery_commands::outgoing::Numbering {
        register_id: register,
        year: chrono::Datelike::year(&actor.today),
        issue_date: actor.today,
        type_abbreviation: catalogues
            .document_types
            .get(&fields.document_type)
            .and_then(|t| t.abbreviation.clone()),
        issuer,
        drafting_unit: drafting_abbreviation(organisation, office, unit),
        signer_name,
    })
}

/// The incoming fields of the copies an issuance delivers.
async fn copy_metadata(
    api: &ApiContext,
    guard: &Guard,
    state: &Outgoing,
    numbered: &chancery_domain::outgoing::OutgoingNumbered,
    signed: &chancery_domain::outgoing::DocumentSigned,
) -> Result<document::Metadata, ApiError> {
    let fields = state
        .fields
        .as_ref()
        .ok_or_else(|| ApiError::internal("an outgoing document without fields"))?;
    let organisation = &guard.organisation;
    let issuing_body = state
        .office
        .and_then(|o| organisation.units.get(&o))
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let personal = state
        .signatures
        .iter()
        .rev()
        .find(|s| s.kind == chancery_domain::outgoing::SignatureKind::Personal);
    let signer_name = personal
        .and_then(|s| organisation.people.get(&s.by.person))
        .map(|p| p.full_name.clone());
    let signer_position = personal
        .and_then(|s| organisation.positions.get(&s.by.position))
        .and_then(|p| organisation.roles.get(&p.role))
        .map(|r| r.names.vi.clone());
    let bytes = api
        .files
        .get(&signed.file.sha256)
        .await
        .map_err(ApiError::internal)?;
    let page_count = chancery_signing::page_count(&bytes).unwrap_or(1);
    Ok(document::Metadata {
        issuing_body,
        number_notation: numbered.number_notation.clone(),
        document_date: numbered.issue_date,
        document_type: fields.document_type.clone(),
        summary: fields.summary.clone(),
        language: "vi".to_owned(),
        page_count,
        signer_name,
        signer_position,
        urgency: fields.urgency,
        confidentiality: fields.confidentiality,
        recipients: None,
        deadline: fields.reply_deadline,
        notes: None,
    })
}

fn available(
    api: &ApiContext,
    guard: &Guard,
    state: &Outgoing,
    lang: Lang,
) -> Vec<AvailableAction> {
    let (Some(principal), Ok(definition)) = (
        guard.principal.as_ref(),
        api.workflows.get(&state.definition.0, state.definition.1),
    ) else {
        return Vec::new();
    };
    let Some(acting) = principal.acting.as_ref() else {
        return Vec::new();
    };
    let situation = state.situation(acting.position);
    let facts = act_facts(state);
    let named = state.named(acting.position);
    definition
        .available(&state.step, &acting.role, &situation)
        .into_iter()
        .filter(|(name, def)| {
            if *name == chancery_domain::outgoing::RECALL_ISSUE && state.recalled {
                return false;
            }
            let recall = def.when == Some(Condition::SenderBeforeAction);
            (recall || state.holds(acting.position))
                && guard
                    .check(&Action::ActOnDocument {
                        facts: &facts,
                        named: named || recall,
                    })
                    .is_ok()
        })
        .map(|(name, def)| AvailableAction {
            action: name.to_owned(),
            title: crate::pick(lang, &def.title.vi, &def.title.en, &def.title.lo),
            to_step: def.to.clone(),
            needs_note: def.needs.contains(&Need::Note),
            needs_deadline: def.needs.contains(&Need::Deadline),
            needs_recipients: def.needs.contains(&Need::Recipients)
                && !def.effects.contains(&Effect::Issue),
            needs_units: def.needs.contains(&Need::Units),
            needs_attachments: def.needs.contains(&Need::Attachments),
        })
        .collect()
}

fn attached(id: Uuid, files: &[document::FileRef]) -> Vec<AttachedFile> {
    files
        .iter()
        .map(|f| AttachedFile {
            sha256: f.sha256.clone(),
            name: f.name.clone(),
            media_type: f.media_type.clone(),
            size: i64::try_from(f.size).unwrap_or(i64::MAX),
            url: format!("/documents/{id}/files/{}", f.sha256),
        })
        .collect()
}

async fn view(
    api: &ApiContext,
    guard: &Guard,
    state: &Outgoing,
    revision: u64,
    lang: Lang,
) -> Result<OutgoingView, ApiError> {
    let organisation = &guard.organisation;
    let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
    let id = state.id.ok_or_else(not_found)?;
    let fields = state.fields.as_ref().ok_or_else(not_found)?;
    let definition = api
        .workflows
        .get(&state.definition.0, state.definition.1)
        .ok();
    let step_title = definition
        .and_then(|d| d.steps.get(&state.step))
        .map_or_else(
            || state.step.clone(),
            |s| crate::pick(lang, &s.title.vi, &s.title.en, &s.title.lo),
        );
    let client = api.read_client().await?;
    let opinions = model::opinions_on(&**client, id)
        .await
        .map_err(ApiError::internal)?;
    let deliveries = model::deliveries(&**client, id)
        .await
        .map_err(ApiError::internal)?;
    let mut recipients = Vec::new();
    for r in &fields.recipients {
        let (kind, rid, name) = match r.to {
            Addressee::Unit(u) => ("unit", u.0, unit_name(organisation, lang, u)),
            Addressee::Agency(a) => (
                "agency",
                a.0,
                catalogues
                    .external_agencies
                    .get(&a)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
            ),
        };
        let delivered = deliveries.iter().find(|d| d.recipient_id == rid);
        let status = match delivered {
            None => None,
            Some(d) if d.withdrawn => Some("withdrawn".to_owned()),
            Some(d) => match d.copy_id {
                None => Some("queued".to_owned()),
                Some(copy) => {
                    let (copy_state, _) =
                        api.commands.document(copy).await.map_err(ApiError::from)?;
                    Some(copy_status(&copy_state).to_owned())
                }
            },
        };
        recipients.push(RecipientView {
            kind: kind.to_owned(),
            id: ID(rid.to_string()),
            name,
            delivery: match r.delivery {
                Delivery::ElectronicOnly => "electronic_only",
                Delivery::ElectronicAndPaper => "electronic_and_paper",
            }
            .to_owned(),
            copy_id: delivered.and_then(|d| d.copy_id).map(|c| ID(c.to_string())),
            status,
        });
    }
    Ok(OutgoingView {
        id: ID(id.to_string()),
        process: state.definition.0.clone(),
        process_title: definition
            .map(|d| crate::pick(lang, &d.title.vi, &d.title.en, &d.title.lo))
            .unwrap_or_default(),
        step: state.step.clone(),
        step_title,
        finished: state.finished,
        unit_name: state
            .unit
            .map(|u| unit_name(organisation, lang, u))
            .unwrap_or_default(),
        document_type: fields.document_type.clone(),
        summary: fields.summary.clone(),
        urgency: fields.urgency.code().to_owned(),
        confidentiality: fields.confidentiality.code().to_owned(),
        reply_deadline: fields.reply_deadline,
        signer: fields.signer.map(|p| position_ref(organisation, p)),
        signing_authority: fields.signing_authority.map(|a| a.prefix().to_owned()),
        notes: fields.notes.clone(),
        related_documents: fields
            .related_documents
            .iter()
            .map(|d| ID(d.to_string()))
            .collect(),
        recipients,
        files: attached(id, &state.files),
        versions: state
            .versions
            .iter()
            .map(|v| VersionView {
                number: i32::try_from(v.number).unwrap_or(i32::MAX),
                files: attached(id, &v.files),
                by: position_ref(organisation, v.by.position),
                note: v.note.clone(),
            })
            .collect(),
        drafter: state
            .creator
            .map(|c| position_ref(organisation, c.position)),
        sent_by: state.sender.map(|s| position_ref(organisation, s.position)),
        main_handler: state.holders.main.map(|p| position_ref(organisation, p)),
        co_handlers: state
            .holders
            .co
            .iter()
            .map(|p| position_ref(organisation, *p))
            .collect(),
        signed_by: state
            .signatures
            .iter()
            .map(|s| position_ref(organisation, s.by.position))
            .collect(),
        number_notation: state.number.as_ref().map(|n| n.number_notation.clone()),
        issue_date: state.number.as_ref().map(|n| n.issue_date),
        issued: state.issued.is_some() && !state.recalled,
        recalled: state.recalled,
        opinions: opinions
            .into_iter()
            .map(|o| OpinionView {
                document_id: ID(o.document_id.to_string()),
                request_id: ID(o.request_id.to_string()),
                asked: position_ref(organisation, PositionId(o.position_id)),
                asked_by: position_ref(organisation, PositionId(o.asked_by)),
                question: o.question,
                deadline: o.deadline,
                answered_at: o.answered_at,
                opinion: o.opinion,
            })
            .collect(),
        signatures: crate::signing::signature_checks(state),
        available_actions: available(api, guard, state, lang),
        revision: i64::try_from(revision).unwrap_or(i64::MAX),
    })
}

/// A copy's Decision 28 status: 01 received (awaiting registration), 03 registered (still
/// where registering put it), 04 assigned (sent on since), 06 done; 02 refused.
fn copy_status(copy: &document::Document) -> &'static str {
    match (copy.registration.is_some(), copy.finished) {
        (false, true) => "02",
        (false, false) => "01",
        (true, true) => "06",
        (true, false) if copy.sent_from.is_some() && copy.sent_from != copy.registered_at => "04",
        (true, false) => "03",
    }
}

async fn after_write(
    api: &ApiContext,
    guard: &Guard,
    id: Uuid,
    position: Option<chancery_event_store::GlobalPosition>,
    lang: Lang,
) -> Result<OutgoingResult, ApiError> {
    after_write_waiting(api, guard, id, position, lang, OUTGOING_PROJECTIONS).await
}

/// [`after_write`], waiting for `projections`.
async fn after_write_waiting(
    api: &ApiContext,
    guard: &Guard,
    id: Uuid,
    position: Option<chancery_event_store::GlobalPosition>,
    lang: Lang,
    projections: &[&str],
) -> Result<OutgoingResult, ApiError> {
    let written = match position {
        None => Written {
            position: None,
            visible: true,
        },
        Some(p) => Written {
            position: Some(p.0.to_string()),
            visible: api
                .engine
                .wait_for(p, projections, crate::READ_YOUR_WRITES)
                .await
                .is_ok(),
        },
    };
    let (state, revision) = api.commands.outgoing(id).await.map_err(ApiError::from)?;
    let revision = revision.ok_or_else(not_found)?;
    let document = if guard.check(&Action::ReadDocument(&facts(&state))).is_ok() {
        Some(view(api, guard, &state, revision, lang).await?)
    } else {
        None
    };
    Ok(OutgoingResult { document, written })
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

#[derive(Default)]
pub struct OutgoingQuery;

#[Object]
impl OutgoingQuery {
    /// An outgoing document or submission, with the actions the caller may take now.
    async fn outgoing_document(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<OutgoingView> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&id, "id")?;
        let (state, revision) = readable(api, &guard, id).await?;
        Ok(view(api, &guard, &state, revision, lang(ctx)).await?)
    }

    /// A page of an outgoing work list of the caller, in the position they act in.
    async fn outgoing_work(
        &self,
        ctx: &Context<'_>,
        list: OutgoingList,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<OutgoingConnection> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let lang = lang(ctx);
        let acting = acting(&guard)?;
        let organisation = &guard.organisation;
        let mut units_up = Vec::new();
        let mut cursor = Some(acting.unit);
        while let Some(u) = cursor {
            if units_up.len() > 64 {
                break;
            }
            units_up.push(u.0);
            cursor = organisation.units.get(&u).and_then(|x| x.parent);
        }
        let clearance = guard
            .principal
            .as_ref()
            .map_or(Confidentiality::Normal, |p| p.clearance);
        let cleared = [
            Confidentiality::Normal,
            Confidentiality::Confidential,
            Confidentiality::Secret,
            Confidentiality::TopSecret,
        ]
        .into_iter()
        .filter(|c| clearance.clears(*c))
        .map(|c| c.code().to_owned())
        .collect();
        let office = organisation.office_of(acting.unit).map(|u| u.0);
        let after = crate::decode_after::<(DateTime<Utc>, Uuid)>(after.as_deref())?;
        if list == OutgoingList::AwaitingIssuance {
            let keeper = office.ok_or_else(|| {
                ApiError::refused(
                    ErrorCode::Forbidden,
                    "NOT_THE_REGISTER_KEEPER",
                    "not a clerk",
                )
            })?;
            guard.check(&Action::KeepRegistersOf {
                unit: UnitId(keeper),
            })?;
        }
        if list == OutgoingList::Issued && office.is_none() {
            return Ok(Connection::with_additional_fields(
                after.is_some(),
                false,
                crate::TotalCount { total_count: 0 },
            ));
        }
        let asker = model::Asker {
            position: acting.position.0,
            role: acting.role.clone(),
            units_up,
            office,
            cleared,
        };
        let which = match list {
            OutgoingList::ToDo => model::List::ToDo,
            OutgoingList::MyDrafts => model::List::MyDrafts,
            OutgoingList::Issued => model::List::Issued,
            OutgoingList::AwaitingIssuance => model::List::AwaitingIssuance,
        };
        let client = api.read_client().await?;
        let limit = i64::from(first.unwrap_or(50).clamp(1, 200));
        let (mut rows, total) = model::work(&**client, &asker, which, after, limit + 1)
            .await
            .map_err(ApiError::internal)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(50));
        let mut connection = Connection::with_additional_fields(
            after.is_some(),
            more,
            crate::TotalCount { total_count: total },
        );
        connection.edges.extend(rows.into_iter().map(|r| {
            let step_title = api
                .workflows
                .latest(&r.definition)
                .ok()
                .and_then(|d| d.steps.get(&r.step))
                .map_or_else(
                    || r.step.clone(),
                    |s| crate::pick(lang, &s.title.vi, &s.title.en, &s.title.lo),
                );
            let cursor = OpaqueCursor((r.updated_at, r.document_id));
            let entry = OutgoingEntry {
                document_id: ID(r.document_id.to_string()),
                process: r.definition,
                step: r.step,
                step_title,
                document_type: r.document_type,
                summary: r.summary,
                urgency: r.urgency,
                confidentiality: r.confidentiality,
                deadline: r.deadline,
                versions: r.versions,
                signed: r.signed,
                number_notation: r.number_notation,
                issued_at: r.issued_at,
                recalled: r.recalled,
                updated_at: r.updated_at,
            };
            Edge::new(cursor, entry)
        }));
        Ok(connection)
    }

    /// Opinions the caller has been asked for and not given yet.
    async fn opinions_asked_of_me(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<OpinionView>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let acting = acting(&guard)?;
        let client = api.read_client().await?;
        let rows = model::opinions_asked_of(&**client, acting.position.0)
            .await
            .map_err(ApiError::internal)?;
        let opinions = rows
            .into_iter()
            .map(|o| OpinionView {
                document_id: ID(o.document_id.to_string()),
                request_id: ID(o.request_id.to_string()),
                asked: position_ref(&guard.organisation, PositionId(o.position_id)),
                asked_by: position_ref(&guard.organisation, PositionId(o.asked_by)),
                question: o.question,
                deadline: o.deadline,
                answered_at: o.answered_at,
                opinion: o.opinion,
            })
            .collect();
        Ok(crate::paged(opinions, first, after)?)
    }

    /// The number and notation the document would get from `registerId` now (a preview for
    /// the clerk: another issuance may take it first). Checks the register as numbering does.
    async fn next_outgoing_number(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        register_id: ID,
    ) -> async_graphql::Result<NextNumber> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let (state, _) = readable(api, &guard, id).await?;
        let office = state.office.ok_or_else(not_found)?;
        guard.check(&Action::KeepRegistersOf { unit: office })?;
        let register = RegisterId(parse_id(&register_id, "registerId")?);
        let actor = actor(&guard)?;
        let numbering = numbering_for(api, &guard, &state, register, &actor).await?;
        if let Some(numbered) = &state.number {
            return Ok(NextNumber {
                number: i64::try_from(numbered.number).unwrap_or(i64::MAX),
                number_notation: numbered.number_notation.clone(),
                already_numbered: true,
            });
        }
        let number = api
            .commands
            .next_number(register, numbering.year)
            .await
            .map_err(ApiError::from)?;
        Ok(NextNumber {
            number: i64::try_from(number).unwrap_or(i64::MAX),
            number_notation: chancery_domain::outgoing::notation(
                number,
                numbering.type_abbreviation.as_deref(),
                &numbering.issuer,
                numbering.drafting_unit.as_deref(),
            ),
            already_numbered: false,
        })
    }

    /// The outgoing register book of a register's year (Decree 30 Appendix IV), for the
    /// clerks keeping it, and for auditors.
    async fn outgoing_register_book(
        &self,
        ctx: &Context<'_>,
        register_id: ID,
        year: i32,
        #[graphql(
            desc = "Only the rows whose summary, number and notation or signer contain every word (accents and case ignored)."
        )]
        text: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<
        Connection<OpaqueCursor<i64>, OutgoingBookRow, EmptyFields, EmptyFields>,
    > {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let lang = lang(ctx);
        let register = RegisterId(parse_id(&register_id, "registerId")?);
        let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
        let defined = catalogues.registers.get(&register).ok_or_else(|| {
            ApiError::invalid("registerId", "UNKNOWN_REGISTER", "no such register")
        })?;
        guard.check(&Action::ReadRegisterBook {
            owner: defined.owner_unit_id,
            outgoing: true,
        })?;
        let scope = crate::read_scope(&guard)?;
        let after = crate::decode_after::<i64>(after.as_deref())?;
        let limit = i64::from(first.unwrap_or(100).clamp(1, 500));
        let client = api.read_client().await?;
        let text = crate::error::bounded("text", text, 200)?;
        let mut rows = model::book(
            &**client,
            register.0,
            year,
            after,
            Some(limit + 1),
            text.as_deref(),
            &scope.clearance,
        )
        .await
        .map_err(ApiError::internal)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(100));
        let mut connection = Connection::new(after.is_some(), more);
        connection.edges.extend(rows.into_iter().map(|r| {
            Edge::new(
                OpaqueCursor(r.number),
                OutgoingBookRow {
                    number: r.number,
                    document_id: ID(r.document_id.to_string()),
                    number_notation: r.number_notation,
                    issue_date: r.issue_date,
                    document_type: r.document_type,
                    summary: r.summary,
                    signer_name: r.signer_name,
                    drafting_unit_name: unit_name(
                        &guard.organisation,
                        lang,
                        UnitId(r.drafting_unit_id),
                    ),
                    urgency: r.urgency,
                    confidentiality: r.confidentiality,
                    recipients: r.recipients,
                    sent_at: r.sent_at,
                },
            )
        }));
        Ok(connection)
    }
}

// ---------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------

#[derive(Default)]
pub struct OutgoingMutation;

#[Object]
impl OutgoingMutation {
    /// Starts a draft (P4) or a submission (P3) in the caller's unit, held by the caller.
    async fn create_draft(
        &self,
        ctx: &Context<'_>,
        input: CreateDraftInput,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<OutgoingResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let acting = acting(&guard)?;
        let definition = crate::input::process(api, "process", &input.process)?;
        if !matches!(
            definition.subject,
            Subject::OutgoingDocument | Subject::Submission
        ) {
            return Err(ApiError::invalid(
                "process",
                "NOT_AN_OUTGOING_PROCESS",
                "not an outgoing-document process",
            )
            .into());
        }
        // Who drafts in this process, before anything they typed is looked at.
        let drafts_here = definition
            .steps
            .get(&definition.start)
            .is_some_and(|s| s.roles.contains(&acting.role));
        if !drafts_here {
            return Err(ApiError::refused(
                ErrorCode::Forbidden,
                "NOT_YOUR_STEP",
                "the position you act in does not draft in this process",
            )
            .into());
        }
        let organisation = &guard.organisation;
        let office = issuing_office(organisation, definition, acting.unit)
            .or_else(|| organisation.office_of(acting.unit))
            .ok_or_else(|| {
                ApiError::invalid(
                    "process",
                    "NO_OFFICE",
                    "your unit has no office keeping registers",
                )
            })?;
        let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
        let fields = fields_from(input.fields, organisation, &guard)?;
        check_catalogue_fields(&fields, &catalogues)?;
        let files = resolve_files(api, &guard, None, input.files).await?;
        let context = context(&guard, idempotency_key.as_ref())?;
        let id = chancery_event_store::derive_event_id(context.command_id, 0x0D7);
        let outcome = api
            .commands
            .create_draft(
                &context,
                definition,
                &actor(&guard)?,
                DraftInput {
                    document_id: id,
                    unit_id: acting.unit,
                    office_id: office,
                    fields,
                    files,
                },
            )
            .await;
        let position = match outcome {
            Ok(o) => o.position,
            Err(chancery_commands::CommandError::Refused(e)) if e.code == "DUPLICATE_ID" => None,
            Err(e) => return Err(ApiError::from(e).into()),
        };
        Ok(after_write(api, &guard, id, position, lang(ctx)).await?)
    }

    /// A new version of the draft: new files (the main PDF first) and/or changed fields.
    async fn add_draft_version(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        #[graphql(default)] files: Vec<FileInput>,
        fields: Option<DraftFieldsInput>,
        note: Option<String>,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<OutgoingResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let (state, _) = readable(api, &guard, id).await?;
        guard.check(&Action::ActOnDocument {
            facts: &act_facts(&state),
            named: state.named(acting(&guard)?.position),
        })?;
        let fields = match fields {
            Some(f) => {
                let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
                let f = fields_from(f, &guard.organisation, &guard)?;
                check_catalogue_fields(&f, &catalogues)?;
                Some(f)
            }
            None => None,
        };
        let carried = carried_files(&state);
        let document_facts = facts(&state);
        let carrier = chancery_commands::files::Carrier {
            facts: &document_facts,
            files: &carried,
        };
        let files = resolve_files(api, &guard, Some(carrier), files).await?;
        let context = context(&guard, idempotency_key.as_ref())?;
        let outcome = api
            .commands
            .add_outgoing_version(
                &context,
                &api.workflows,
                &actor(&guard)?,
                id,
                chancery_commands::outgoing::NewVersion {
                    files,
                    fields,
                    note,
                },
            )
            .await
            .map_err(ApiError::from)?;
        Ok(after_write(api, &guard, id, outcome.position, lang(ctx)).await?)
    }

    /// An action of the review chain that `availableActions` offered.
    async fn outgoing_action(
        &self,
        ctx: &Context<'_>,
        input: OutgoingActionInputGql,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<OutgoingResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&input.document_id, "documentId")?;
        let (state, _) = readable(api, &guard, id).await?;
        let context = context(&guard, idempotency_key.as_ref())?;
        // A repeated request (same idempotency key) answers what the first one did.
        if let Some(position) = api
            .commands
            .outgoing_command_landed(id, context.command_id)
            .await
            .map_err(ApiError::from)?
        {
            return Ok(after_write_waiting(
                api,
                &guard,
                id,
                Some(position),
                lang(ctx),
                DELIVERY_PROJECTIONS,
            )
            .await?);
        }
        // Someone acted first: say so, before judging the caller against the step the
        // document has moved to.
        if let Some(seen) = &input.expected_step
            && *seen != state.step
        {
            return Err(ApiError::from(chancery_domain::DomainError::conflict(
                "STEP_MOVED",
                format!(
                    "someone acted first: the document has moved from {seen} to {}",
                    state.step
                ),
            ))
            .into());
        }
        let me = acting(&guard)?.position;
        let definition = api
            .workflows
            .get(&state.definition.0, state.definition.1)
            .map_err(ApiError::from)?;
        let recall = definition
            .steps
            .get(&state.step)
            .and_then(|s| s.actions.get(&input.action))
            .is_some_and(|a| a.when == Some(Condition::SenderBeforeAction));
        guard.check(&Action::ActOnDocument {
            facts: &act_facts(&state),
            named: state.named(me) || recall,
        })?;
        let recipients = recipients_of(
            &guard.organisation,
            &guard,
            input.main,
            &input.co,
            &input.info,
        )?;
        let marks = match input.marks {
            Some(f) => {
                let carried = carried_files(&state);
                let document_facts = facts(&state);
                let carrier = chancery_commands::files::Carrier {
                    facts: &document_facts,
                    files: &carried,
                };
                resolve_files(api, &guard, Some(carrier), vec![f])
                    .await?
                    .into_iter()
                    .next()
            }
            None => None,
        };
        let action_input = OutgoingActionInput {
            action: input.action.clone(),
            expected_step: input.expected_step,
            note: input.note,
            deadline: input.deadline,
            recipients,
            marks,
        };
        let actor = actor(&guard)?;
        if input.action == chancery_domain::outgoing::RECALL_ISSUE {
            let outcome = api
                .commands
                .recall_issue(&context, &api.workflows, &actor, id, action_input.note)
                .await
                .map_err(ApiError::from)?;
            return Ok(after_write_waiting(
                api,
                &guard,
                id,
                outcome.position,
                lang(ctx),
                DELIVERY_PROJECTIONS,
            )
            .await?);
        }
        let effects = state.effects_of(definition, &input.action).to_vec();
        let signs = effects.contains(&Effect::Sign);
        let numbers = effects.contains(&Effect::AssignNumber);
        let issues = effects.contains(&Effect::Issue);
        if !(signs || numbers || issues) {
            let outcome = api
                .commands
                .act_on_outgoing(&context, &api.workflows, &actor, id, action_input, None)
                .await
                .map_err(ApiError::from)?;
            return Ok(after_write(api, &guard, id, outcome.position, lang(ctx)).await?);
        }
        // Everything the domain can check (step, role, holder, the signature order) is
        // checked before a key is opened or a number taken.
        state
            .act(definition, &actor, action_input.clone(), None)
            .map_err(ApiError::from)?;
        let mut position = None;
        if signs {
            let key = input
                .signing_key_id
                .as_ref()
                .map(|k| parse_id(k, "signingKeyId"))
                .transpose()?;
            let signed =
                crate::signing::sign_personal(api, &guard, &state, key, input.signature_placement)
                    .await?;
            let outcome = api
                .commands
                .act_on_outgoing(
                    &context,
                    &api.workflows,
                    &actor,
                    id,
                    action_input,
                    Some(signed.signed),
                )
                .await
                .map_err(ApiError::from)?;
            position = record_verification(api, &context, signed.verified)
                .await?
                .or(outcome.position);
        }
        if numbers {
            let register = input
                .register_id
                .as_ref()
                .ok_or_else(|| {
                    ApiError::invalid("registerId", "REQUIRED", "choose the outgoing register")
                })
                .and_then(|r| parse_id(r, "registerId"))?;
            let numbering =
                numbering_for(api, &guard, &state, RegisterId(register), &actor).await?;
            // Its own command id: the numbering must not stand for the issuance.
            let mut numbering_context = context.clone();
            numbering_context.command_id =
                chancery_event_store::derive_event_id(context.command_id, 0x4E0);
            let (_, outcome) = api
                .commands
                .number_outgoing(
                    &numbering_context,
                    &api.workflows,
                    &actor,
                    id,
                    &input.action,
                    numbering,
                )
                .await
                .map_err(ApiError::from)?;
            position = outcome.position.or(position);
        }
        if issues {
            let (state, _) = api.commands.outgoing(id).await.map_err(ApiError::from)?;
            let numbered = state.number.clone().ok_or_else(|| {
                ApiError::refused(
                    ErrorCode::Conflict,
                    "NOT_NUMBERED",
                    "the document has no number yet",
                )
            })?;
            let signed = crate::signing::sign_organisation(
                api,
                &guard,
                &state,
                &numbered.number_notation,
                numbered.issue_date,
            )
            .await?;
            let fields = state
                .fields
                .clone()
                .ok_or_else(|| ApiError::internal("an outgoing document without fields"))?;
            let mut routes = Vec::new();
            for recipient in &fields.recipients {
                if let Addressee::Unit(unit) = recipient.to {
                    let (office, definition, receiving_role) =
                        crate::documents::receiving_route(api, &guard.organisation, unit).map_err(
                            |_| {
                                ApiError::invalid(
                                    "recipients",
                                    "NO_CLERK",
                                    "a recipient unit has no clerk to receive the document",
                                )
                            },
                        )?;
                    routes.push((
                        unit,
                        chancery_commands::outgoing::CopyRoute {
                            office,
                            definition,
                            receiving_role,
                        },
                    ));
                }
            }
            let metadata = copy_metadata(api, &guard, &state, &numbered, &signed.signed).await?;
            let verified = signed.verified.clone();
            let outcome = api
                .commands
                .issue_outgoing(
                    &context,
                    &api.workflows,
                    &actor,
                    id,
                    &input.action,
                    chancery_commands::outgoing::Issuance {
                        organisation_signature: signed.signed,
                        routes,
                        metadata,
                    },
                )
                .await
                .map_err(ApiError::from)?;
            position = record_verification(api, &context, verified)
                .await?
                .or(outcome.position)
                .or(position);
            // Each recipient's copy carries the check of what it received: the issued files
            // are verified once, the result recorded on every copy.
            let (issued, _) = api.commands.outgoing(id).await.map_err(ApiError::from)?;
            if let Some(issued) = &issued.issued {
                let found = crate::signing::verify_files(api, &issued.files).await?;
                for copy in issued.deliveries.iter().filter_map(|d| d.copy_id) {
                    let mut checking = context.follow_up();
                    checking.command_id = chancery_event_store::derive_event_id(copy, 0x5EC0);
                    position = crate::signing::record_incoming(api, &checking, copy, &found)
                        .await?
                        .or(position);
                }
            }
        }
        Ok(after_write_waiting(api, &guard, id, position, lang(ctx), DELIVERY_PROJECTIONS).await?)
    }

    /// Asks people of the agency for their opinion on the draft, by a deadline.
    async fn request_opinions(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        asked: Vec<ID>,
        question: String,
        deadline: NaiveDate,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<OutgoingResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let (state, _) = readable(api, &guard, id).await?;
        guard.check(&Action::ActOnDocument {
            facts: &act_facts(&state),
            named: state.named(acting(&guard)?.position),
        })?;
        let recipients = recipients_of(&guard.organisation, &guard, None, &[], &asked)?;
        let context = context(&guard, idempotency_key.as_ref())?;
        let outcome = api
            .commands
            .request_opinions(
                &context,
                &actor(&guard)?,
                id,
                recipients.info,
                question,
                deadline,
            )
            .await
            .map_err(ApiError::from)?;
        Ok(after_write(api, &guard, id, outcome.position, lang(ctx)).await?)
    }

    /// Gives the caller's opinion on a request they were asked.
    async fn give_opinion(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        request_id: ID,
        opinion: String,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<OutgoingResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let request = parse_id(&request_id, "requestId")?;
        // Only someone who may read the document answers on it.
        readable(api, &guard, id).await?;
        let context = context(&guard, idempotency_key.as_ref())?;
        let outcome = api
            .commands
            .give_opinion(&context, &actor(&guard)?, id, request, opinion, None)
            .await
            .map_err(ApiError::from)?;
        Ok(after_write(api, &guard, id, outcome.position, lang(ctx)).await?)
    }
}
