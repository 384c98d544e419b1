//! Outgoing documents and submissions (P3, P4): drafts, versions, the review chain with the
//! actions the caller may take now, opinions, work lists, and the outgoing register book.
//!
//! Each mutation calls one use case of `chancery_commands::outgoing::cases` (access, the
//! rules of `domain::issuing`, signing, numbering and issuing are decided there); the page's
//! `availableActions` are `domain::issuing::offered`.

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chancery_commands::caller::Caller;
use chancery_commands::files::FileWanted;
use chancery_commands::outgoing::cases::ActRequest;
use chancery_domain::access::Action;
use chancery_domain::document::{self, Recipients};
use chancery_domain::ids::{ExternalAgencyId, PositionId, RegisterId, UnitId};
use chancery_domain::issuing;
use chancery_domain::outgoing::{Addressee, Delivery, DraftFields, Outgoing, Recipient};
use chancery_domain::reference::Lang;
use chancery_domain::workflow::{Effect, Subject};
use chancery_read_models::outgoing as model;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::actions::{self, IssuanceStageGql};
use crate::auth::{Guard, api, lang};
use crate::documents::{
    AttachedFile, AvailableAction, FileInput, PositionRef, UrgencyLevel, acting, not_found,
    position_ref, unit_name, working,
};
use crate::identity::ConfidentialityLevel;
use crate::organisation::{SigningAuthorityGql, parse_id};
use crate::{ApiContext, ApiError, ErrorCode, Written};

/// The read models an outgoing mutation changes (its list rows and its history).
pub const OUTGOING_PROJECTIONS: &[&str] = &["outgoing", "document_history"];
/// What issuing and recalling an issued document change: the recipients' copies are in
/// their offices' queues (the inbox) when the issuer's answer comes back.
const DELIVERY_PROJECTIONS: &[&str] = &["outgoing", "inbox", "document_history"];

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "Delivery")]
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
    /// The process to run: one of `draftProcesses` (its id).
    pub process: String,
    pub fields: DraftFieldsInput,
    /// The main file first, then attachments (upload to `/files` first). The main file is a
    /// PDF, or a Word file (.docx) that the server converts to the PDF (LibreOffice), keeping
    /// the .docx as the version's editable `source` (`CONVERSION_FAILED`,
    /// `CONVERSION_UNAVAILABLE`, `CONVERSION_TIMEOUT` when it cannot).
    pub files: Vec<FileInput>,
}

#[derive(InputObject)]
pub struct OutgoingActionInput {
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
    /// A unit (department) as the main handler, instead of `main`: the position receiving
    /// for it (its head, else its clerk; `VALIDATION` `NO_RECEIVER` on `mainUnit` when it has
    /// neither). Units of the caller's own agency only (`OUTSIDE_THE_AGENCY`).
    pub main_unit: Option<ID>,
    /// Units as co-handlers, each received as for `mainUnit` (errors on `coUnits`).
    #[graphql(default)]
    pub co_units: Vec<ID>,
    /// Units for information, each received as for `mainUnit` (errors on `infoUnits`).
    #[graphql(default)]
    pub info_units: Vec<ID>,
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
    /// Actions that sign or issue: the caller's signing PIN or TOTP code (a server-held key
    /// is never used by a click alone).
    pub confirmation: Option<crate::signing::ConfirmationInput>,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum OutgoingList {
    /// Waiting for me: sent to me, or to my role where I work.
    ToDo,
    /// My drafts still in progress.
    MyDrafts,
    /// Issued by my office, or drafted by me.
    Issued,
    /// Sent to me and acted on by me (reviewed, approved, signed), not my own drafts.
    Processed,
    /// Every outgoing document of my lists (to search them).
    All,
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
    /// The Word file (.docx) the version's main PDF was converted from: its editable
    /// version, readable by whoever reads the document, never issued.
    pub source: Option<AttachedFile>,
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
    /// Where the current step stands in issuance (the issuing clerk's steps), if it is one.
    pub stage: Option<IssuanceStageGql>,
    /// At the first step of its process (being drafted: the place to add versions).
    pub drafting: bool,
    /// The caller may edit it now — files, summary, recipients, signer (`addDraftVersion`;
    /// `domain::issuing::may_edit`): whoever holds it at its step, before it is numbered.
    pub may_edit: bool,
    /// The caller may change the recipients of the numbered document now
    /// (`changeRecipients`; `domain::issuing::may_change_recipients`): the register keeper
    /// holding it, after a recall or before the first issuance.
    pub may_change_recipients: bool,
    pub finished: bool,
    pub unit_name: String,
    pub document_type: String,
    pub summary: String,
    pub urgency: String,
    pub confidentiality: String,
    pub reply_deadline: Option<NaiveDate>,
    pub signer: Option<PositionRef>,
    pub signing_authority: Option<String>,
    /// The field (lĩnh vực) code, if any.
    pub field: Option<String>,
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

/// A process the caller may start.
#[derive(SimpleObject)]
pub struct ProcessChoice {
    /// The definition's id (what `createDraft` takes as `process`).
    pub id: String,
    pub title: String,
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
    /// Where the current step stands in issuance, if it is one of the issuing clerk's.
    pub stage: Option<IssuanceStageGql>,
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
/// The size of a whole work list, counted up to a cap: a list that grows with the years
/// (what an office issued, what a leader processed) is not counted whole for every page.
#[derive(async_graphql::SimpleObject)]
pub struct CappedCount {
    /// The documents in the whole list, counted up to 1,000: when `totalMore`, the list
    /// holds more than this.
    pub total_count: i64,
    /// The list holds more documents than `totalCount` (more than 1,000).
    pub total_more: bool,
}

pub type OutgoingConnection =
    Connection<OpaqueCursor<(DateTime<Utc>, Uuid)>, OutgoingEntry, CappedCount, EmptyFields>;

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

fn context(guard: &Guard, key: Option<&ID>) -> Result<Caller, ApiError> {
    guard.caller(key)
}

/// The fields of a draft as typed, parsed (what they may be is the use case's).
/// The recipients as typed, parsed.
fn recipients_from(input: Vec<RecipientInput>) -> Result<Vec<Recipient>, ApiError> {
    let mut recipients = Vec::with_capacity(input.len());
    for r in input {
        let to = match (r.unit_id, r.agency_id) {
            (Some(unit), None) => Addressee::Unit(UnitId(parse_id(&unit, "recipients")?)),
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
    Ok(recipients)
}

fn fields_from(input: DraftFieldsInput) -> Result<DraftFields, ApiError> {
    let recipients = recipients_from(input.recipients)?;
    let signer = input
        .signer_position_id
        .map(|id| parse_id(&id, "signerPositionId").map(PositionId))
        .transpose()?;
    let related = input
        .related_documents
        .iter()
        .map(|id| parse_id(id, "relatedDocuments"))
        .collect::<Result<Vec<_>, _>>()?;
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

fn recipients_of(main: Option<ID>, co: &[ID], info: &[ID]) -> Result<Recipients, ApiError> {
    let parse = |id: &ID| parse_id(id, "recipients").map(PositionId);
    Ok(Recipients {
        main: main.as_ref().map(parse).transpose()?,
        co: co.iter().map(parse).collect::<Result<_, _>>()?,
        info: info.iter().map(parse).collect::<Result<_, _>>()?,
    })
}

fn wanted(files: Vec<FileInput>) -> Vec<FileWanted> {
    files
        .into_iter()
        .map(|f| FileWanted {
            sha256: f.sha256,
            name: f.name,
        })
        .collect()
}

/// The actions of the current step the caller is offered now (`domain::issuing::offered`).
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
    let definition = &*definition;
    issuing::offered(state, definition, principal, &guard.organisation)
        .into_iter()
        .map(|(name, def)| {
            let mut offer = actions::offer(definition, &state.step, name, def, lang);
            // Issuing sends to the document's own recipients: nobody is chosen.
            offer.needs_recipients &= !def.effects.contains(&Effect::Issue);
            offer
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
    let definition = definition.as_deref();
    let step_title = crate::actions::step_title(definition, &state.step, lang);
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
                    Some(issuing::copy_status(&copy_state).to_owned())
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
        stage: actions::issuance_stage(definition, &state.step),
        drafting: definition.is_some_and(|d| d.start == state.step),
        may_edit: match (guard.principal.as_ref(), definition) {
            (Some(principal), Some(definition)) => issuing::may_edit(
                state,
                definition,
                principal,
                organisation,
                crate::documents::today(guard.now),
            ),
            _ => false,
        },
        may_change_recipients: match (guard.principal.as_ref(), definition) {
            (Some(principal), Some(definition)) => issuing::may_change_recipients(
                state,
                definition,
                principal,
                organisation,
                crate::documents::today(guard.now),
            ),
            _ => false,
        },
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
        field: fields.field.clone(),
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
                source: v
                    .source
                    .as_ref()
                    .and_then(|s| attached(id, std::slice::from_ref(s)).pop()),
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
pub(crate) async fn after_write_waiting(
    api: &ApiContext,
    guard: &Guard,
    id: Uuid,
    position: Option<chancery_event_store::GlobalPosition>,
    lang: Lang,
    projections: &[&str],
) -> Result<OutgoingResult, ApiError> {
    let written = api.settled(position, projections).await;
    let (state, revision) = api.commands.outgoing(id).await.map_err(ApiError::from)?;
    let revision = revision.ok_or_else(not_found)?;
    let document = if guard
        .check(&Action::ReadDocument(&issuing::facts(&state)))
        .is_ok()
    {
        Some(view(api, guard, &state, revision, lang).await?)
    } else {
        None
    };
    Ok(OutgoingResult { document, written })
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

/// Who asks for an outgoing work list: the acting position, its role, its units up to the
/// root, its office and the levels its read scope admits (the one clearance rule).
/// An outgoing document the caller may read (as its page reads it) and the version of the
/// process it runs.
pub(crate) async fn readable_with_definition(
    api: &ApiContext,
    caller: &Caller,
    id: Uuid,
) -> Result<
    (
        Outgoing,
        std::sync::Arc<chancery_domain::workflow::Definition>,
    ),
    ApiError,
> {
    let (state, _) = api
        .outgoing()
        .readable(caller, id)
        .await
        .map_err(ApiError::from)?;
    let definition = api
        .workflows
        .get(&state.definition.0, state.definition.1)
        .map_err(ApiError::from)?;
    Ok((state, definition))
}

pub(crate) fn asker(guard: &Guard) -> Result<model::Asker, ApiError> {
    let acting = acting(guard)?;
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
    Ok(model::Asker {
        position: acting.position.0,
        role: acting.role.clone(),
        units_up,
        office: organisation.office_of(acting.unit).map(|u| u.0),
        cleared: crate::read_scope(guard)?.clearance,
    })
}

#[derive(Default)]
pub struct OutgoingQuery;

#[Object]
impl OutgoingQuery {
    /// The outgoing processes the caller, in the position they act in, may start a draft of
    /// (`createDraft`'s `process`): of the version of each in force in their unit today,
    /// those whose first step their role acts at.
    async fn draft_processes(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ProcessChoice>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let lang = lang(ctx);
        let acting = acting(&guard)?;
        let processes = api.workflows.processes();
        let today = chancery_commands::caller::local_today(chrono::Utc::now());
        let mut startable: Vec<_> = processes
            .in_force_all(&guard.organisation, Some(acting.unit), today)
            .into_iter()
            .filter(|d| d.drafts_outgoing() && d.started_by(&acting.role))
            .collect();
        // Outgoing documents first, then submissions.
        startable.sort_by_key(|d| d.subject != Subject::OutgoingDocument);
        Ok(startable
            .into_iter()
            .map(|d| ProcessChoice {
                id: d.id.clone(),
                title: actions::title(lang, &d.title),
            })
            .collect())
    }

    /// An outgoing document or submission, with the actions the caller may take now.
    async fn outgoing_document(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<OutgoingView> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&id, "id")?;
        let caller = guard.caller(None)?;
        let (state, revision) = api
            .outgoing()
            .readable(&caller, id)
            .await
            .map_err(ApiError::from)?;
        Ok(view(api, &guard, &state, revision, lang(ctx)).await?)
    }

    /// A page of an outgoing work list of the caller, in the position they act in.
    async fn outgoing_work(
        &self,
        ctx: &Context<'_>,
        list: OutgoingList,
        #[graphql(
            desc = "Only the documents whose summary or number and notation contain every word (accents and case ignored)."
        )]
        text: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<OutgoingConnection> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let lang = lang(ctx);
        let text = crate::error::bounded("text", text, 200)?;
        let asker = asker(&guard)?;
        let office = asker.office;
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
        let which = match list {
            OutgoingList::ToDo => model::List::ToDo,
            OutgoingList::MyDrafts => model::List::MyDrafts,
            OutgoingList::Issued => model::List::Issued,
            OutgoingList::AwaitingIssuance => model::List::AwaitingIssuance,
            OutgoingList::Processed => model::List::Processed,
            OutgoingList::All => model::List::All,
        };
        let client = api.read_client().await?;
        let limit = i64::from(first.unwrap_or(50).clamp(1, 200));
        let (mut rows, total) =
            model::work(&**client, &asker, which, text.as_deref(), after, limit + 1)
                .await
                .map_err(ApiError::internal)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(50));
        let mut connection = Connection::with_additional_fields(
            after.is_some(),
            more,
            CappedCount {
                total_count: total.count,
                total_more: total.more,
            },
        );
        connection.edges.extend(rows.into_iter().map(|r| {
            let definition = u32::try_from(r.definition_version)
                .ok()
                .and_then(|v| api.workflows.get(&r.definition, v).ok());
            let definition = definition.as_deref();
            let stage = actions::issuance_stage(definition, &r.step);
            let step_title = crate::actions::step_title(definition, &r.step, lang);
            let cursor = OpaqueCursor((r.updated_at, r.document_id));
            let entry = OutgoingEntry {
                document_id: ID(r.document_id.to_string()),
                process: r.definition,
                step: r.step,
                step_title,
                stage,
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

    /// Whom the caller is likely to ask for an opinion on an outgoing document, before they
    /// type anything: the people of their own department or unit, then the departments and
    /// units of their agency (each asked through its head, else its clerk). Only for someone
    /// who may ask now (`FORBIDDEN` `NOT_A_HANDLER` otherwise).
    async fn likely_opinion_givers(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
    ) -> async_graphql::Result<crate::documents::LikelyRecipients> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let caller = guard.caller(None)?;
        let (state, definition) = readable_with_definition(api, &caller, id).await?;
        let likely = chancery_domain::routing::likely_opinion_givers(
            &state,
            &definition,
            &caller.principal,
            &guard.organisation,
        )
        .map_err(ApiError::from)?;
        Ok(crate::documents::LikelyRecipients::shown(
            &guard.organisation,
            &likely,
            lang(ctx),
        ))
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
        let register = RegisterId(parse_id(&register_id, "registerId")?);
        let next = api
            .outgoing()
            .next_number(&guard.caller(None)?, id, register)
            .await
            .map_err(ApiError::from)?;
        Ok(NextNumber {
            number: i64::try_from(next.number).unwrap_or(i64::MAX),
            number_notation: next.number_notation,
            already_numbered: next.already_numbered,
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
            limit: defined.max_confidentiality,
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
        let caller = context(&guard, idempotency_key.as_ref())?;
        let fields = fields_from(input.fields)?;
        let (id, position) = api
            .outgoing()
            .create_draft(&caller, &input.process, fields, wanted(input.files))
            .await
            .map_err(ApiError::from)?;
        Ok(after_write(api, &guard, id, position, lang(ctx)).await?)
    }

    /// A new version of the draft: new files (the main file first: a PDF, or a Word file
    /// (.docx) converted to it and kept as the version's editable source) and/or changed
    /// fields.
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
        let fields = fields.map(fields_from).transpose()?;
        let caller = context(&guard, idempotency_key.as_ref())?;
        let position = api
            .outgoing()
            .add_version(&caller, id, wanted(files), fields, note)
            .await
            .map_err(ApiError::from)?;
        Ok(after_write(api, &guard, id, position, lang(ctx)).await?)
    }

    /// Changes whom a numbered document goes to before it is issued (again): the register
    /// keeper adding a recipient after recalling it. `recipients` is the whole new list.
    async fn change_recipients(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        recipients: Vec<RecipientInput>,
        note: Option<String>,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<OutgoingResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let recipients = recipients_from(recipients)?;
        let caller = context(&guard, idempotency_key.as_ref())?;
        let position = api
            .outgoing()
            .change_recipients(&caller, id, recipients, note)
            .await
            .map_err(ApiError::from)?;
        Ok(after_write(api, &guard, id, position, lang(ctx)).await?)
    }

    /// An action of the review chain that `availableActions` offered.
    async fn outgoing_action(
        &self,
        ctx: &Context<'_>,
        input: OutgoingActionInput,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<OutgoingResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&input.document_id, "documentId")?;
        let request = ActRequest {
            recipients: recipients_of(input.main, &input.co, &input.info)?,
            unit_recipients: crate::documents::unit_recipients_of(
                input.main_unit.as_ref(),
                &input.co_units,
                &input.info_units,
            )?,
            marks: input
                .marks
                .map(|f| wanted(vec![f]))
                .and_then(|mut f| f.pop()),
            register: input
                .register_id
                .as_ref()
                .map(|r| parse_id(r, "registerId").map(RegisterId))
                .transpose()?,
            placement: input.signature_placement.map(Into::into),
            signing_key: input
                .signing_key_id
                .as_ref()
                .map(|k| parse_id(k, "signingKeyId"))
                .transpose()?,
            confirmation: crate::signing::confirmation_of(input.confirmation)?,
            action: input.action,
            expected_step: input.expected_step,
            note: input.note,
            deadline: input.deadline,
        };
        let caller = context(&guard, idempotency_key.as_ref())?;
        let acted = api
            .outgoing()
            .act(&caller, id, request)
            .await
            .map_err(|e| ApiError::from(e).naming(&guard.organisation))?;
        let projections = if acted.delivers {
            DELIVERY_PROJECTIONS
        } else {
            OUTGOING_PROJECTIONS
        };
        Ok(after_write_waiting(api, &guard, id, acted.position, lang(ctx), projections).await?)
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
        let asked = recipients_of(None, &[], &asked)?.info;
        let caller = context(&guard, idempotency_key.as_ref())?;
        let position = api
            .outgoing()
            .request_opinions(&caller, id, asked, question, deadline)
            .await
            .map_err(ApiError::from)?;
        Ok(after_write(api, &guard, id, position, lang(ctx)).await?)
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
        let caller = context(&guard, idempotency_key.as_ref())?;
        let position = api
            .outgoing()
            .give_opinion(&caller, id, request, opinion)
            .await
            .map_err(ApiError::from)?;
        Ok(after_write(api, &guard, id, position, lang(ctx)).await?)
    }
}
