//! Incoming documents: receiving (paper, or electronic from another agency), registering,
//! the actions of their process, and the views over them — the document page with the
//! actions the caller may take now, inboxes, register books, history, probable duplicates.
//!
//! Who may touch a document is the access module's decision ([`Action::ReadDocument`],
//! [`Action::ActOnDocument`], [`Action::KeepRegistersOf`]); which actions a step offers a
//! role is the process definition's (`Document::act`). A mutation parses its input, builds
//! the caller and calls one use case of `chancery_commands::incoming` (receive, register,
//! act, update_metadata, mark_read), then shows the result; the queries only gather facts.

use std::sync::Arc;

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chancery_commands::documents::Workflows;
use chancery_commands::files::FileWanted;
use chancery_commands::incoming::{Act, Delivery, MetadataInput, Receive, Received};
use chancery_domain::access::{Action, DocumentFacts};
use chancery_domain::calendar::{Country, WorkingCalendar};
use chancery_domain::catalogues::Catalogues;
use chancery_domain::document::{
    self, Channel, Document, DocumentId, FileRef, Metadata, Recipients,
};
use chancery_domain::handling::{self, Offer};
use chancery_domain::ids::{ExternalAgencyId, PositionId, RegisterId, UnitId};
use chancery_domain::organisation::Organisation;
use chancery_domain::reference::{Confidentiality, Lang, Urgency};
use chancery_event_store::GlobalPosition;
use chancery_read_models::{document_view, inbox, register_book};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

pub use crate::actions::AvailableAction;
use crate::actions::{self, title};
use crate::auth::{Guard, api, lang, load};
use crate::error::bounded;
use crate::identity::ConfidentialityLevel;
use crate::input;
use crate::organisation::parse_id;
use crate::{ApiContext, ApiError, ErrorCode, Written};

/// The read models a document mutation changes (a mutation answers once they show it).
pub const DOCUMENT_PROJECTIONS: &[&str] = &["inbox", "register_book", "document_history"];

/// Vietnam and Laos both keep UTC+7: "today" for deadlines and document dates.
pub(crate) fn today(now: DateTime<Utc>) -> NaiveDate {
    chancery_commands::caller::local_today(now)
}

// ---------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum UrgencyLevel {
    Normal,
    Urgent,
    VeryUrgent,
    Flash,
}

impl From<UrgencyLevel> for Urgency {
    fn from(value: UrgencyLevel) -> Self {
        match value {
            UrgencyLevel::Normal => Self::Normal,
            UrgencyLevel::Urgent => Self::Urgent,
            UrgencyLevel::VeryUrgent => Self::VeryUrgent,
            UrgencyLevel::Flash => Self::Flash,
        }
    }
}

/// The incoming fields of Decree 30 Appendix VI.
#[derive(InputObject, Clone)]
pub struct DocumentMetadataInput {
    pub issuing_body: String,
    /// As printed, e.g. `05/BNV-VP`.
    pub number_notation: String,
    pub document_date: NaiveDate,
    /// A document type code from the catalogue.
    pub document_type: String,
    /// Trích yếu, at most 500 characters.
    pub summary: String,
    #[graphql(default_with = "\"vi\".to_owned()")]
    pub language: String,
    #[graphql(default = 1)]
    pub page_count: i32,
    pub signer_name: Option<String>,
    pub signer_position: Option<String>,
    #[graphql(default_with = "UrgencyLevel::Normal")]
    pub urgency: UrgencyLevel,
    #[graphql(default_with = "ConfidentialityLevel::Normal")]
    pub confidentiality: ConfidentialityLevel,
    pub recipients: Option<String>,
    /// The processing deadline printed on the document.
    pub deadline: Option<NaiveDate>,
    pub notes: Option<String>,
}

impl DocumentMetadataInput {
    /// The metadata as typed, for the use case to check (the catalogue, then the domain's
    /// rule for texts, dates and the page count).
    fn into_input(self) -> MetadataInput {
        MetadataInput {
            issuing_body: self.issuing_body,
            number_notation: self.number_notation,
            document_date: self.document_date,
            document_type: self.document_type,
            summary: self.summary,
            language: self.language,
            page_count: self.page_count,
            signer_name: self.signer_name,
            signer_position: self.signer_position,
            urgency: self.urgency.into(),
            confidentiality: self.confidentiality.into(),
            recipients: self.recipients,
            deadline: self.deadline,
            notes: self.notes,
        }
    }
}

/// A file uploaded to `POST /files`, attached under a name.
#[derive(InputObject, Clone)]
pub struct FileInput {
    /// The SHA-256 `POST /files` answered with.
    pub sha256: String,
    pub name: String,
}

#[derive(InputObject)]
pub struct ReceivePaperDocumentInput {
    pub metadata: DocumentMetadataInput,
    /// The scan first, then any attachments.
    pub files: Vec<FileInput>,
    /// The process to run (a definition id); by default the first that starts with the
    /// caller's role.
    pub process: Option<String>,
}

#[derive(InputObject)]
pub struct SimulateElectronicDocumentInput {
    /// The sending agency, from the external agencies directory.
    pub sender_agency_id: ID,
    /// The receiving agency or unit.
    pub unit_id: ID,
    pub metadata: DocumentMetadataInput,
    pub files: Vec<FileInput>,
}

#[derive(InputObject)]
pub struct DocumentActionInput {
    pub document_id: ID,
    /// An action `availableActions` offered.
    pub action: String,
    /// The step the client showed when the person chose the action: when someone acted
    /// first, the action is refused (`CONFLICT`, reason `STEP_MOVED`) instead of applied to
    /// a document the person has not seen.
    pub expected_step: Option<String>,
    pub note: Option<String>,
    /// A processing deadline; or give `deadlineInWorkingDays`.
    pub deadline: Option<NaiveDate>,
    /// The deadline as a number of working days from today (the working calendar skips
    /// weekends and public holidays).
    pub deadline_in_working_days: Option<i32>,
    /// The main handler (xử lý chính): a position. Or give `mainUnit`.
    pub main: Option<ID>,
    /// Co-handlers (phối hợp): positions. Units go in `coUnits`.
    #[graphql(default)]
    pub co: Vec<ID>,
    /// For information (xem để biết): positions. Units go in `infoUnits`.
    #[graphql(default)]
    pub info: Vec<ID>,
    /// A unit (department) as the main handler, instead of `main`: the position receiving
    /// for it handles it (its head; without an active head, its clerk; a unit with neither
    /// is refused, `VALIDATION` `NO_RECEIVER` on `mainUnit`). The recorded action names
    /// that position. Units of the caller's own agency only (`OUTSIDE_THE_AGENCY`).
    pub main_unit: Option<ID>,
    /// Units (departments) as co-handlers, each received as for `mainUnit` (errors on
    /// `coUnits`).
    #[graphql(default)]
    pub co_units: Vec<ID>,
    /// Units (departments) for information, each received as for `mainUnit` (errors on
    /// `infoUnits`).
    #[graphql(default)]
    pub info_units: Vec<ID>,
    /// Units to assign the document to (fan-out).
    #[graphql(default)]
    pub units: Vec<ID>,
    #[graphql(default)]
    pub files: Vec<FileInput>,
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

#[derive(SimpleObject, Clone)]
pub struct DocumentMetadataView {
    pub issuing_body: String,
    pub number_notation: String,
    pub document_date: NaiveDate,
    pub document_type: String,
    pub document_type_name: String,
    pub summary: String,
    pub language: String,
    pub page_count: i32,
    pub signer_name: Option<String>,
    pub signer_position: Option<String>,
    pub urgency: String,
    pub urgency_name: String,
    pub confidentiality: String,
    pub confidentiality_name: String,
    pub recipients: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub notes: Option<String>,
}

#[derive(SimpleObject, Clone)]
pub struct AttachedFile {
    pub sha256: String,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    /// Where to download it (authorised: only people who may read the document).
    pub url: String,
}

/// A position as people see it: who holds it, as what, where.
#[derive(SimpleObject, Clone)]
pub struct PositionRef {
    pub position_id: ID,
    pub person_name: String,
    pub title: String,
    pub unit_name: String,
}

/// A unit offered as a recipient, with the position that would receive for it.
#[derive(SimpleObject, Clone)]
pub struct LikelyUnit {
    pub unit_id: ID,
    pub name: String,
    /// Its head, else its clerk (`domain::routing::receiver_of_unit`).
    pub receiver: PositionRef,
}

/// Whom the caller is likely to send a document to with an action, in the order to offer
/// them (`domain::routing::likely_recipients`); all of the caller's own agency.
#[derive(SimpleObject, Clone)]
pub struct LikelyRecipients {
    /// The leaders of the caller's unit acting at the step the action leads to.
    pub leaders: Vec<PositionRef>,
    /// The other people of the caller's department or unit.
    pub staff: Vec<PositionRef>,
    /// The departments of the caller's unit, then the agency's other units: each may be
    /// chosen as a recipient (`mainUnit`, `coUnits`, `infoUnits` of `documentAction`).
    pub units: Vec<LikelyUnit>,
}

impl LikelyRecipients {
    /// The people and units as a dialog shows them (a unit with the position receiving for it).
    pub(crate) fn shown(
        organisation: &Organisation,
        likely: &chancery_domain::routing::LikelyRecipients,
        lang: Lang,
    ) -> Self {
        let people = |list: &[PositionId]| {
            list.iter()
                .map(|p| recipient_ref(organisation, *p, lang))
                .collect()
        };
        Self {
            leaders: people(&likely.leaders),
            staff: people(&likely.staff),
            units: likely
                .units
                .iter()
                .filter_map(|u| {
                    let unit = organisation.units.get(u)?;
                    let receiver = chancery_domain::routing::receiver_of_unit(organisation, *u)?;
                    Some(LikelyUnit {
                        unit_id: ID(u.0.to_string()),
                        name: unit.name.clone(),
                        receiver: recipient_ref(organisation, receiver, lang),
                    })
                })
                .collect(),
        }
    }
}

#[derive(SimpleObject, Clone)]
pub struct Arrival {
    pub register_id: ID,
    pub register_name: String,
    /// The register's name for the year, naming the year once ("Sổ văn bản đến 2026").
    pub book_name: String,
    pub year: i32,
    /// Số đến.
    pub number: i64,
}

#[derive(SimpleObject, Clone)]
pub struct WorkItemView {
    /// A named handler's position (null for a pool: every holder of a role in a unit).
    pub holder: Option<PositionRef>,
    pub pool_role: Option<String>,
    pub pool_unit_name: Option<String>,
    /// `main`, `co`, `info` or `pool`.
    pub kind: String,
    /// `pending`, `processed` or `info`.
    pub state: String,
    pub deadline: Option<NaiveDate>,
    pub read: bool,
    pub sent_by: Option<PositionRef>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// Where a unit's copy of a fanned-out document stands.
#[derive(SimpleObject, Clone)]
pub struct UnitProgress {
    pub document_id: ID,
    pub unit_id: ID,
    pub unit_name: String,
    pub step: String,
    pub step_title: String,
    pub finished: bool,
    pub arrival_number: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

#[derive(SimpleObject, Clone)]
pub struct DocumentView {
    pub id: ID,
    pub unit_id: ID,
    pub unit_name: String,
    pub parent_id: Option<ID>,
    pub process: String,
    pub process_version: i32,
    pub process_title: String,
    pub step: String,
    pub step_title: String,
    pub finished: bool,
    /// `paper`, `electronic` or `routed`.
    pub channel: String,
    pub sender_agency_id: Option<ID>,
    pub metadata: DocumentMetadataView,
    pub arrival: Option<Arrival>,
    pub files: Vec<AttachedFile>,
    /// Who sent it into the current step.
    pub sent_by: Option<PositionRef>,
    pub main_handler: Option<PositionRef>,
    pub co_handlers: Vec<PositionRef>,
    pub for_information: Vec<PositionRef>,
    /// Every co-handler's part and what became of it (`domain::document::CoPart`: a part
    /// nobody contributed to is closed without contribution when the process ends).
    pub co_parts: Vec<CoPartView>,
    /// What the caller, in the position they act in, may do now.
    pub available_actions: Vec<AvailableAction>,
    /// The caller may cancel it as received by mistake (`cancelDocument`): a clerk of its
    /// office, on a paper document not registered yet (`domain::handling::may_cancel`).
    pub may_cancel: bool,
    /// The caller may correct its metadata now (`updateDocumentMetadata`;
    /// `domain::handling::may_update_metadata`).
    pub may_update_metadata: bool,
    /// Every handler's work item and its state.
    pub work_items: Vec<WorkItemView>,
    /// The units it was routed to and where each stands (fan-out).
    pub units_progress: Vec<UnitProgress>,
    /// The digital signatures on its current files, as last verified (integrity, the
    /// certificate chain to the trust anchors, validity at signing time).
    pub signatures: Vec<crate::signing::SignatureCheckGql>,
    /// The stream revision the view was read at.
    pub revision: i64,
}

/// What became of a co-handler's part.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CoPartState {
    /// No contribution yet; the process runs.
    Open,
    /// The co-handler sent their contribution to the main handler.
    Contributed,
    /// The process ended before the co-handler contributed.
    ClosedWithoutContribution,
}

/// A co-handler's part (phối hợp).
#[derive(SimpleObject, Clone)]
pub struct CoPartView {
    pub holder: PositionRef,
    pub state: CoPartState,
}

/// A document that looks like the one being received or registered: registered in the
/// office's registers (its register, year and number), or received and not registered yet.
#[derive(SimpleObject)]
pub struct DuplicateCandidate {
    pub document_id: ID,
    pub register_id: Option<ID>,
    pub year: Option<i32>,
    pub number: Option<i64>,
    /// When it was registered, or received when it is not registered yet.
    pub arrived_at: DateTime<Utc>,
    pub summary: String,
}

#[derive(SimpleObject)]
pub struct DocumentResult {
    pub document: DocumentView,
    pub written: Written,
}

#[derive(SimpleObject)]
pub struct ReceiveResult {
    pub document: DocumentView,
    /// Documents already registered with the same number, notation and issuing body: a
    /// probable duplicate the clerk should look at before registering.
    pub probable_duplicates: Vec<DuplicateCandidate>,
    pub written: Written,
}

#[derive(SimpleObject)]
pub struct RegisterResult {
    pub document: DocumentView,
    /// The arrival number taken.
    pub number: i64,
    pub written: Written,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug, Default)]
#[graphql(name = "InboxBox")]
pub enum InboxBoxGql {
    /// Chờ xử lý.
    #[default]
    Pending,
    /// Đã xử lý.
    Processed,
    /// Xem để biết.
    Info,
}

#[derive(InputObject, Default)]
pub struct InboxFilter {
    pub urgency: Option<UrgencyLevel>,
    /// Only what is past its deadline.
    #[graphql(default)]
    pub overdue: bool,
    /// Words matched in the summary, number/notation, issuing body and notes, without
    /// accents or case.
    pub text: Option<String>,
    /// A document type code.
    pub document_type: Option<String>,
    /// Part of the issuing body's name (accents and case ignored).
    pub issuing_body: Option<String>,
    pub document_date_from: Option<NaiveDate>,
    pub document_date_to: Option<NaiveDate>,
    /// Only work due on or before this day.
    pub deadline_before: Option<NaiveDate>,
    /// Only work due on or after this day.
    pub deadline_from: Option<NaiveDate>,
}

#[derive(SimpleObject)]
pub struct InboxEntry {
    pub document_id: ID,
    pub issuing_body: String,
    pub number_notation: String,
    pub summary: String,
    pub document_type: String,
    pub urgency: String,
    pub confidentiality: String,
    pub document_date: NaiveDate,
    pub arrival_number: Option<i64>,
    pub step: String,
    pub finished: bool,
    /// `main`, `co`, `info` or `pool`.
    pub kind: String,
    pub state: String,
    pub deadline: Option<NaiveDate>,
    /// Past its deadline (today, in the agency's time zone).
    pub overdue: bool,
    pub sent_by: Option<ID>,
    pub sent_at: Option<DateTime<Utc>>,
    pub read: bool,
}

/// A document as it stood at a past moment, replayed from its stream.
#[derive(SimpleObject)]
pub struct DocumentSnapshot {
    /// False when the document did not exist yet.
    pub existed: bool,
    /// The last event applied (its stream revision).
    pub revision: Option<i64>,
    pub step: Option<String>,
    /// The step's title in the caller's language.
    pub step_title: Option<String>,
    pub finished: bool,
    pub metadata: Option<DocumentMetadataView>,
    pub arrival_number: Option<i64>,
    pub sent_by: Option<PositionRef>,
    pub main_handler: Option<PositionRef>,
    pub co_handlers: Vec<PositionRef>,
    pub for_information: Vec<PositionRef>,
    pub files: Vec<String>,
}

/// The result of checking a document's hash chain.
#[derive(SimpleObject)]
pub struct ChainVerification {
    /// Every event's hash covers its content and its predecessor's hash, and revisions are
    /// consecutive: nothing was altered, removed or reordered.
    pub intact: bool,
    pub events_checked: i64,
    pub problems: Vec<String>,
}

/// An electronic document waiting to be registered.
#[derive(SimpleObject)]
pub struct AwaitingDocument {
    pub document_id: ID,
    /// The sending agency's name (from the external agencies directory).
    pub sender_agency: Option<String>,
    pub issuing_body: String,
    pub number_notation: String,
    pub summary: String,
    pub document_type: String,
    pub urgency: String,
    pub confidentiality: String,
    pub document_date: NaiveDate,
    pub received_at: DateTime<Utc>,
}

#[derive(SimpleObject, Clone, PartialEq, Eq)]
pub struct InboxCounts {
    pub pending: i64,
    pub pending_unread: i64,
    pub info_unread: i64,
}

#[derive(SimpleObject)]
pub struct RegisterBookRow {
    /// (1) Ngày đến.
    pub arrived_at: DateTime<Utc>,
    /// (2) Số đến.
    pub number: i64,
    /// (3) Tác giả.
    pub issuing_body: String,
    /// (4) Số, ký hiệu.
    pub number_notation: String,
    /// (5) Ngày tháng.
    pub document_date: NaiveDate,
    /// (6) Tên loại và trích yếu nội dung.
    pub document_type: String,
    pub summary: String,
    /// (7) Đơn vị hoặc người nhận.
    pub forwarded_to: Option<PositionRef>,
    /// (8) Ngày chuyển.
    pub forwarded_at: Option<DateTime<Utc>>,
    /// (10) Ghi chú.
    pub notes: Option<String>,
    pub urgency: String,
    pub confidentiality: String,
    pub document_id: ID,
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The caller, who must work here (be logged in and act in a position): every document
/// resolver starts with it, before looking anything up.
pub(crate) async fn working(ctx: &Context<'_>) -> Result<Guard, ApiError> {
    let guard = load(ctx).await?;
    guard.check(&Action::ViewOrganisation)?;
    Ok(guard)
}

/// The acting position (every document action needs one).
pub(crate) fn acting(guard: &Guard) -> Result<&chancery_domain::access::Acting, ApiError> {
    guard
        .principal
        .as_ref()
        .and_then(|p| p.acting.as_ref())
        .ok_or_else(|| ApiError::refused(ErrorCode::Forbidden, "NO_POSITION", "act in a position"))
}

/// The document as access control sees it ([`chancery_commands::documents::facts`]).
pub fn facts(state: &Document, workflows: &Workflows) -> DocumentFacts {
    chancery_commands::documents::facts(state, workflows)
}

pub(crate) fn not_found() -> ApiError {
    chancery_domain::DomainError::no_such_document().into()
}

/// Loads a document the caller may read. A document they may not read is reported as not
/// found only when they could not know it exists — otherwise FORBIDDEN.
pub(crate) async fn readable(
    api: &ApiContext,
    guard: &Guard,
    id: DocumentId,
) -> Result<(Document, u64), ApiError> {
    let (state, revision) = api.commands.document(id).await.map_err(ApiError::from)?;
    let Some(revision) = revision else {
        return Err(not_found());
    };
    guard.check(&Action::ReadDocument(&facts(&state, &api.workflows)))?;
    Ok((state, revision))
}

pub(crate) fn command_context(
    guard: &Guard,
    key: Option<&ID>,
) -> Result<chancery_commands::CommandContext, ApiError> {
    let mut context = guard.command();
    if let Some(key) = key {
        // One key, one command — per person, so nobody can replay or block another's.
        let key = Uuid::parse_str(key.as_str()).map_err(|_| {
            ApiError::invalid(
                "idempotencyKey",
                "INVALID_ID",
                "the idempotency key must be a UUID",
            )
        })?;
        let person = guard.person()?;
        context.command_id = chancery_event_store::derive_keyed_command_id(person.0, key);
        context.correlation_id = context.command_id;
    }
    Ok(context)
}

/// A position as a recipient list shows it: its title, else its role's name in `lang`.
fn recipient_ref(organisation: &Organisation, id: PositionId, lang: Lang) -> PositionRef {
    let mut shown = position_ref(organisation, id);
    if shown.title.is_empty() {
        shown.title = organisation
            .positions
            .get(&id)
            .and_then(|p| organisation.roles.get(&p.role))
            .map(|r| crate::pick(lang, &r.names.vi, &r.names.en, &r.names.lo))
            .unwrap_or_default();
    }
    shown
}

pub(crate) fn position_ref(organisation: &Organisation, id: PositionId) -> PositionRef {
    let position = organisation.positions.get(&id);
    let person_name = position
        .and_then(|p| organisation.people.get(&p.person))
        .map(|p| p.full_name.clone())
        .unwrap_or_default();
    let unit_name = position
        .and_then(|p| organisation.units.get(&p.unit))
        .map(|u| u.name.clone())
        .unwrap_or_default();
    PositionRef {
        position_id: ID(id.0.to_string()),
        person_name,
        title: position.and_then(|p| p.title.clone()).unwrap_or_default(),
        unit_name,
    }
}

pub(crate) fn unit_name(organisation: &Organisation, _lang: Lang, id: UnitId) -> String {
    organisation
        .units
        .get(&id)
        .map(|u| u.name.clone())
        .unwrap_or_default()
}

/// The working calendar around `today` ([`chancery_domain::calendar::working_calendar`]).
pub fn working_calendar(
    catalogues: &Catalogues,
    country: Country,
    today: NaiveDate,
) -> WorkingCalendar {
    chancery_domain::calendar::working_calendar(catalogues, country, today)
}

/// The files an input names by hash, as the attach use case checked them
/// ([`chancery_commands::files::attach`]: the caller's own uploads, or files of `carrier`
/// they may read).
pub(crate) async fn resolve_files(
    api: &ApiContext,
    guard: &Guard,
    carrier: Option<chancery_commands::files::Carrier<'_>>,
    files: Vec<FileInput>,
) -> Result<Vec<FileRef>, ApiError> {
    let caller = guard.caller(None)?;
    let wanted = files
        .into_iter()
        .map(|f| chancery_commands::files::FileWanted {
            sha256: f.sha256,
            name: f.name,
        })
        .collect();
    chancery_commands::files::attach(&api.files, &api.uploads, &caller, carrier, wanted)
        .await
        .map_err(ApiError::from)
}

fn ids(list: &[ID], field: &str) -> Result<Vec<Uuid>, ApiError> {
    list.iter().map(|id| parse_id(id, field)).collect()
}

/// Units named as recipients (`mainUnit`, `coUnits`, `infoUnits` of an action's input).
pub(crate) fn unit_recipients_of(
    main_unit: Option<&ID>,
    co_units: &[ID],
    info_units: &[ID],
) -> Result<chancery_domain::routing::UnitRecipients, ApiError> {
    Ok(chancery_domain::routing::UnitRecipients {
        main: main_unit
            .map(|m| parse_id(m, "mainUnit"))
            .transpose()?
            .map(UnitId),
        co: ids(co_units, "coUnits")?.into_iter().map(UnitId).collect(),
        info: ids(info_units, "infoUnits")?
            .into_iter()
            .map(UnitId)
            .collect(),
    })
}

/// The files an input names, for a use case to attach.
fn wanted(files: Vec<FileInput>) -> Vec<FileWanted> {
    files
        .into_iter()
        .map(|f| FileWanted {
            sha256: f.sha256,
            name: f.name,
        })
        .collect()
}

/// What the caller may do now on `state`, in the position they act in
/// (`domain::handling::offered`).
fn available(
    api: &ApiContext,
    guard: &Guard,
    state: &Document,
    lang: Lang,
) -> Vec<AvailableAction> {
    let (Some(principal), Ok(definition)) = (
        guard.principal.as_ref(),
        api.workflows.get(&state.definition.0, state.definition.1),
    ) else {
        return Vec::new();
    };
    let definition = &*definition;
    let facts = facts(state, &api.workflows);
    handling::offered(state, definition, &facts, principal, &guard.organisation)
        .into_iter()
        .map(|offer| match offer {
            Offer::Step(name, def) => actions::offer(definition, &state.step, name, def, lang),
            Offer::CompletePart => {
                let here = definition
                    .steps
                    .get(&state.step)
                    .map_or_else(|| state.step.clone(), |s| title(lang, &s.title));
                AvailableAction {
                    action: document::COMPLETE_PART.to_owned(),
                    title: crate::pick(
                        lang,
                        "Hoàn thành phối hợp",
                        "Complete my part",
                        "ສຳເລັດການປະສານງານ",
                    ),
                    to_step: state.step.clone(),
                    to_step_title: here,
                    needs_note: false,
                    needs_deadline: false,
                    needs_recipients: false,
                    needs_units: false,
                    needs_attachments: false,
                    effects: Vec::new(),
                    returns: false,
                    ends: false,
                    danger: false,
                }
            }
        })
        .collect()
}

fn metadata_view(m: &Metadata, catalogues: &Catalogues, lang: Lang) -> DocumentMetadataView {
    let type_name = catalogues
        .document_types
        .get(&m.document_type)
        .map(|t| crate::pick(lang, &t.names.vi, &t.names.en, &t.names.lo))
        .unwrap_or_else(|| m.document_type.clone());
    DocumentMetadataView {
        issuing_body: m.issuing_body.clone(),
        number_notation: m.number_notation.clone(),
        document_date: m.document_date,
        document_type: m.document_type.clone(),
        document_type_name: type_name,
        summary: m.summary.clone(),
        language: m.language.clone(),
        page_count: i32::try_from(m.page_count).unwrap_or(i32::MAX),
        signer_name: m.signer_name.clone(),
        signer_position: m.signer_position.clone(),
        urgency: m.urgency.code().to_owned(),
        urgency_name: m.urgency.labels().get(lang).to_owned(),
        confidentiality: m.confidentiality.code().to_owned(),
        confidentiality_name: m.confidentiality.labels().get(lang).to_owned(),
        recipients: m.recipients.clone(),
        deadline: m.deadline,
        notes: m.notes.clone(),
    }
}

/// The document page for the caller.
async fn view(
    api: &ApiContext,
    guard: &Guard,
    state: &Document,
    revision: u64,
    lang: Lang,
) -> Result<DocumentView, ApiError> {
    let organisation = &guard.organisation;
    let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
    let id = state.id.ok_or_else(not_found)?;
    let definition = api
        .workflows
        .get(&state.definition.0, state.definition.1)
        .ok();
    let definition = definition.as_deref();
    let step_title = |step: &str| crate::actions::step_title(definition, step, lang);
    let metadata = state.metadata.as_ref().ok_or_else(not_found)?;
    let client = api.read_client().await?;
    let items = document_view::items(&**client, id)
        .await
        .map_err(ApiError::internal)?;
    let children = document_view::children(&**client, id)
        .await
        .map_err(ApiError::internal)?;
    // The units' copies run the process this one fans out to.
    let child_definition = definition
        .and_then(|d| d.fans_out_to())
        .and_then(|child| api.workflows.latest(child).ok());
    let child_definition = child_definition.as_deref();
    Ok(DocumentView {
        id: ID(id.to_string()),
        unit_id: ID(state.unit.map(|u| u.0.to_string()).unwrap_or_default()),
        unit_name: state
            .unit
            .map(|u| unit_name(organisation, lang, u))
            .unwrap_or_default(),
        parent_id: state.parent.map(|p| ID(p.to_string())),
        process: state.definition.0.clone(),
        process_version: i32::try_from(state.definition.1).unwrap_or(i32::MAX),
        process_title: definition
            .map(|d| title(lang, &d.title))
            .unwrap_or_default(),
        step: state.step.clone(),
        step_title: step_title(&state.step),
        finished: state.finished,
        channel: match state.channel {
            Some(Channel::Paper) => "paper",
            Some(Channel::Electronic) => "electronic",
            Some(Channel::Routed) | None => "routed",
        }
        .to_owned(),
        sender_agency_id: state.sender_agency.map(|a| ID(a.0.to_string())),
        metadata: metadata_view(metadata, &catalogues, lang),
        arrival: state.registration.map(|(register, year, number)| {
            let register_name = catalogues
                .registers
                .get(&register)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            Arrival {
                register_id: ID(register.0.to_string()),
                book_name: chancery_domain::book::name_for_year(&register_name, year),
                register_name,
                year,
                number: i64::try_from(number).unwrap_or(i64::MAX),
            }
        }),
        files: state
            .files
            .iter()
            .map(|f| AttachedFile {
                sha256: f.sha256.clone(),
                name: f.name.clone(),
                media_type: f.media_type.clone(),
                size: i64::try_from(f.size).unwrap_or(i64::MAX),
                url: format!("/documents/{id}/files/{}", f.sha256),
            })
            .collect(),
        sent_by: state.sender.map(|s| position_ref(organisation, s.position)),
        main_handler: state.holders.main.map(|p| position_ref(organisation, p)),
        co_handlers: state
            .holders
            .co
            .iter()
            .map(|p| position_ref(organisation, *p))
            .collect(),
        for_information: state
            .holders
            .info
            .iter()
            .map(|p| position_ref(organisation, *p))
            .collect(),
        co_parts: state
            .co_parts
            .iter()
            .map(|(p, part)| CoPartView {
                holder: position_ref(organisation, *p),
                state: match part {
                    chancery_domain::document::CoPart::Open => CoPartState::Open,
                    chancery_domain::document::CoPart::Contributed => CoPartState::Contributed,
                    chancery_domain::document::CoPart::ClosedWithoutContribution => {
                        CoPartState::ClosedWithoutContribution
                    }
                },
            })
            .collect(),
        available_actions: available(api, guard, state, lang),
        may_cancel: match (guard.principal.as_ref(), definition) {
            (Some(principal), Some(definition)) => {
                handling::may_cancel(state, definition, principal, organisation, today(guard.now))
            }
            _ => false,
        },
        may_update_metadata: match (guard.principal.as_ref(), definition) {
            (Some(principal), Some(definition)) => handling::may_update_metadata(
                state,
                definition,
                &facts(state, &api.workflows),
                principal,
                organisation,
                today(guard.now),
            ),
            _ => false,
        },
        work_items: items
            .into_iter()
            .map(|i| WorkItemView {
                holder: i
                    .position_id
                    .map(|p| position_ref(organisation, PositionId(p))),
                pool_role: i.pool_role,
                pool_unit_name: i
                    .pool_unit_id
                    .map(|u| unit_name(organisation, lang, UnitId(u))),
                kind: i.kind,
                state: i.state,
                deadline: i.deadline,
                read: i.read,
                sent_by: i.sent_by.map(|p| position_ref(organisation, PositionId(p))),
                sent_at: i.sent_at,
            })
            .collect(),
        units_progress: children
            .into_iter()
            .map(|c| UnitProgress {
                document_id: ID(c.document_id.to_string()),
                unit_id: ID(c.unit_id.to_string()),
                unit_name: unit_name(organisation, lang, UnitId(c.unit_id)),
                step_title: crate::actions::step_title(child_definition, &c.step, lang),
                step: c.step,
                finished: c.finished,
                arrival_number: c.arrival_number,
                updated_at: c.updated_at,
            })
            .collect(),
        signatures: crate::signing::incoming_signature_checks(state),
        revision: i64::try_from(revision).unwrap_or(i64::MAX),
    })
}

impl ApiContext {
    /// Waits (bounded) until the document read models show a write at `position` and
    /// what it calls for.
    pub async fn written_documents(&self, position: Option<GlobalPosition>) -> Written {
        self.settled(position, DOCUMENT_PROJECTIONS).await
    }
}

/// The document's page after a write, as the writer now sees it.
async fn after_write(
    api: &ApiContext,
    guard: &Guard,
    id: DocumentId,
    position: Option<GlobalPosition>,
    lang: Lang,
) -> Result<(DocumentView, Written), ApiError> {
    let written = api.written_documents(position).await;
    let (state, revision) = api.commands.document(id).await.map_err(ApiError::from)?;
    let revision = revision.ok_or_else(not_found)?;
    // The writer may no longer read it (a clerk who refused it still may): show what
    // they may see, and nothing when they may not.
    handling::may_see_after_writing(
        &state,
        &facts(&state, &api.workflows),
        guard.principal.as_ref().ok_or(ApiError::Unauthenticated)?,
        &guard.organisation,
    )?;
    Ok((view(api, guard, &state, revision, lang).await?, written))
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

#[derive(Default)]
pub struct DocumentsQuery;

type InboxCursor = OpaqueCursor<(i16, i64, Uuid)>;

#[Object]
impl DocumentsQuery {
    /// A document's page: metadata, files, where it stands, who holds it, and what the
    /// caller may do now.
    async fn document(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<DocumentView> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&id, "id")?;
        let (state, revision) = readable(api, &guard, id).await?;
        Ok(view(api, &guard, &state, revision, lang(ctx)).await?)
    }

    /// The actions the caller, in the position they act in, may take on a document now.
    async fn available_actions(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
    ) -> async_graphql::Result<Vec<AvailableAction>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let (state, _) = readable(api, &guard, id).await?;
        Ok(available(api, &guard, &state, lang(ctx)))
    }

    /// Whom the caller is likely to send the document to with `action` (one the document
    /// offers them now, else `FORBIDDEN` `NOT_YOUR_STEP`): the leaders of their unit acting
    /// at the step it leads to, the people of their own department or unit, and the units
    /// of their agency. Nothing outside the caller's agency. Empty for an action that names
    /// no recipients. On an outgoing document (`documentId` of a draft or a submission): for
    /// an action moving it on (submitting to the head, to the leaders), those acting at the
    /// step it leads to, whom the caller may name instead of leaving it to the step's pool;
    /// for an action that needs recipients, also their own people and units.
    async fn likely_recipients(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        action: String,
    ) -> async_graphql::Result<LikelyRecipients> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let action = bounded("action", Some(action), 100)?.unwrap_or_default();
        let principal = guard.principal.as_ref().ok_or(ApiError::Unauthenticated)?;
        let (state, revision) = api.commands.document(id).await.map_err(ApiError::from)?;
        let likely = if revision.is_some() {
            // An incoming document, read as its page reads it.
            let facts = facts(&state, &api.workflows);
            guard.check(&Action::ReadDocument(&facts))?;
            let definition = api
                .workflows
                .get(&state.definition.0, state.definition.1)
                .map_err(ApiError::from)?;
            chancery_domain::routing::likely_recipients_of_action(
                &state,
                &definition,
                &facts,
                principal,
                &guard.organisation,
                &action,
            )
            .map_err(ApiError::from)?
        } else {
            // Not an incoming document: an outgoing one, read as its page reads it.
            let caller = guard.caller(None)?;
            let (state, definition) =
                crate::outgoing::readable_with_definition(api, &caller, id).await?;
            chancery_domain::routing::likely_recipients_of_outgoing_action(
                &state,
                &definition,
                principal,
                &guard.organisation,
                &action,
            )
            .map_err(ApiError::from)?
        };
        Ok(LikelyRecipients::shown(
            &guard.organisation,
            &likely,
            lang(ctx),
        ))
    }

    /// The caller's inbox in the position they act in: pending (most urgent first, then by
    /// deadline), processed or for information (latest first).
    async fn inbox(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "box", default)] r#box: InboxBoxGql,
        filter: Option<InboxFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<InboxCursor, InboxEntry, EmptyFields, EmptyFields>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let acting = acting(&guard)?;
        guard.check(&Action::ViewOrganisation)?;
        let filter = filter.unwrap_or_default();
        let after = crate::decode_after::<(i16, i64, Uuid)>(after.as_deref())?.map(
            |(sort_a, sort_b, document_id)| inbox::InboxCursor {
                sort_a,
                sort_b,
                document_id,
            },
        );
        let limit = i64::from(first.unwrap_or(50).clamp(1, 200));
        let day = today(guard.now);
        let query = inbox::InboxQuery {
            positions: inbox_targets(&guard.organisation, acting),
            r#box: match r#box {
                InboxBoxGql::Pending => inbox::InboxBox::Pending,
                InboxBoxGql::Processed => inbox::InboxBox::Processed,
                InboxBoxGql::Info => inbox::InboxBox::Info,
            },
            urgency: filter.urgency.map(Into::into),
            overdue_only: filter.overdue,
            today: Some(day),
            text: bounded("text", filter.text, 200)?,
            document_type: bounded("documentType", filter.document_type, 64)?,
            issuing_body: bounded("issuingBody", filter.issuing_body, 300)?,
            document_date_from: input::filter_date("documentDateFrom", filter.document_date_from)?,
            document_date_to: input::filter_date("documentDateTo", filter.document_date_to)?,
            deadline_before: input::filter_date("deadlineBefore", filter.deadline_before)?,
            deadline_from: input::filter_date("deadlineFrom", filter.deadline_from)?,
            clearance: clearance(&guard),
            after,
            limit: limit + 1,
        };
        let client = api.read_client().await?;
        let mut rows = inbox::inbox(&**client, &query)
            .await
            .map_err(ApiError::internal)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(50));
        let mut connection = Connection::new(query.after.is_some(), more);
        connection.edges.extend(rows.into_iter().map(|r| {
            let cursor = r.cursor();
            Edge::new(
                OpaqueCursor((cursor.sort_a, cursor.sort_b, cursor.document_id)),
                InboxEntry {
                    document_id: ID(r.document_id.to_string()),
                    issuing_body: r.issuing_body,
                    number_notation: r.number_notation,
                    summary: r.summary,
                    document_type: r.document_type,
                    urgency: r.urgency,
                    confidentiality: r.confidentiality,
                    document_date: r.document_date,
                    arrival_number: r.arrival_number,
                    step: r.step,
                    finished: r.finished,
                    kind: r.kind,
                    overdue: r.state == "pending" && r.deadline.is_some_and(|d| d < day),
                    state: r.state,
                    deadline: r.deadline,
                    sent_by: r.sent_by.map(|p| ID(p.to_string())),
                    sent_at: r.sent_at,
                    read: r.read,
                },
            )
        }));
        Ok(connection)
    }

    /// The badges of the caller's inbox (in the position they act in).
    async fn inbox_counts(&self, ctx: &Context<'_>) -> async_graphql::Result<InboxCounts> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let acting = acting(&guard)?;
        guard.check(&Action::ViewOrganisation)?;
        let client = api.read_client().await?;
        let (pending, pending_unread, info_unread) = inbox::unread_counts(
            &**client,
            &inbox_targets(&guard.organisation, acting),
            clearance(&guard),
        )
        .await
        .map_err(ApiError::internal)?;
        Ok(InboxCounts {
            pending,
            pending_unread,
            info_unread,
        })
    }

    /// A register's book for a year (Decree 30 Appendix IV columns), by arrival number.
    /// For the register's keepers, the leaders of its unit, and auditors.
    async fn register_book(
        &self,
        ctx: &Context<'_>,
        register_id: ID,
        year: i32,
        #[graphql(
            desc = "Only the rows whose summary, number and notation, issuing body or notes contain every word (accents and case ignored)."
        )]
        text: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<
        Connection<OpaqueCursor<i64>, RegisterBookRow, EmptyFields, EmptyFields>,
    > {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let register = RegisterId(parse_id(&register_id, "registerId")?);
        let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
        let chosen = catalogues.registers.get(&register).ok_or_else(|| {
            ApiError::refused(ErrorCode::NotFound, "NO_SUCH_REGISTER", "no such register")
        })?;
        guard.check(&Action::ReadRegisterBook {
            owner: chosen.owner_unit_id,
            outgoing: false,
            limit: chosen.max_confidentiality,
        })?;
        let scope = crate::read_scope(&guard)?;
        let after_number = crate::decode_after::<i64>(after.as_deref())?;
        let limit = i64::from(first.unwrap_or(100).clamp(1, 500));
        let client = api.read_client().await?;
        let text = bounded("text", text, 200)?;
        let mut rows = register_book::book(
            &**client,
            register.0,
            year,
            after_number,
            limit + 1,
            text.as_deref(),
            &scope,
        )
        .await
        .map_err(ApiError::internal)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(100));
        let organisation = &guard.organisation;
        let mut connection = Connection::new(after_number.is_some(), more);
        connection.edges.extend(rows.into_iter().map(|r| {
            Edge::new(
                OpaqueCursor(r.number),
                RegisterBookRow {
                    arrived_at: r.arrived_at,
                    number: r.number,
                    issuing_body: r.issuing_body,
                    number_notation: r.number_notation,
                    document_date: r.document_date,
                    document_type: r.document_type,
                    summary: r.summary,
                    forwarded_to: r
                        .forwarded_to
                        .map(|p| position_ref(organisation, PositionId(p))),
                    forwarded_at: r.forwarded_at,
                    notes: r.notes,
                    urgency: r.urgency,
                    confidentiality: r.confidentiality,
                    document_id: ID(r.document_id.to_string()),
                },
            )
        }));
        Ok(connection)
    }

    /// Electronic documents sent to the caller's office and not yet registered or refused
    /// (văn bản điện tử chờ vào sổ), newest first. For the office's clerks.
    async fn awaiting_registration(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<
        Connection<OpaqueCursor<(DateTime<Utc>, Uuid)>, AwaitingDocument, EmptyFields, EmptyFields>,
    > {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let acting = acting(&guard)?;
        let office = guard.organisation.office_of(acting.unit).ok_or_else(|| {
            ApiError::refused(
                ErrorCode::Forbidden,
                "NOT_THE_REGISTER_KEEPER",
                "not a clerk",
            )
        })?;
        guard.check(&Action::KeepRegistersOf { unit: office })?;
        let after = crate::decode_after::<(DateTime<Utc>, Uuid)>(after.as_deref())?;
        let limit = i64::from(first.unwrap_or(50).clamp(1, 200));
        let client = api.read_client().await?;
        let cleared = crate::read_scope(&guard)?.clearance;
        let mut rows =
            document_view::awaiting_registration(&**client, office.0, after, limit + 1, &cleared)
                .await
                .map_err(ApiError::internal)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(50));
        let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
        let mut connection = Connection::new(after.is_some(), more);
        connection.edges.extend(rows.into_iter().map(|r| {
            Edge::new(
                OpaqueCursor((r.received_at, r.document_id)),
                AwaitingDocument {
                    document_id: ID(r.document_id.to_string()),
                    sender_agency: r.sender_agency.and_then(|a| {
                        catalogues
                            .external_agencies
                            .get(&ExternalAgencyId(a))
                            .map(|agency| agency.name.clone())
                    }),
                    issuing_body: r.issuing_body,
                    number_notation: r.number_notation,
                    summary: r.summary,
                    document_type: r.document_type,
                    urgency: r.urgency,
                    confidentiality: r.confidentiality,
                    document_date: r.document_date,
                    received_at: r.received_at,
                },
            )
        }));
        Ok(connection)
    }

    /// A document as it stood at `at` (replayed from its own events), for auditors and
    /// anyone who may read it.
    async fn document_as_of(
        &self,
        ctx: &Context<'_>,
        id: ID,
        at: DateTime<Utc>,
    ) -> async_graphql::Result<DocumentSnapshot> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&id, "id")?;
        let at = input::moment("at", at)?;
        readable(api, &guard, id).await?;
        let (state, revision) = api
            .commands
            .document_as_of(id, at)
            .await
            .map_err(ApiError::from)?;
        let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
        let organisation = &guard.organisation;
        let l = lang(ctx);
        Ok(DocumentSnapshot {
            existed: revision.is_some(),
            revision: revision.map(|r| i64::try_from(r).unwrap_or(i64::MAX)),
            step: revision.map(|_| state.step.clone()),
            step_title: revision.map(|_| {
                let definition = api
                    .workflows
                    .get(&state.definition.0, state.definition.1)
                    .ok();
                crate::actions::step_title(definition.as_deref(), &state.step, l)
            }),
            finished: state.finished,
            metadata: state
                .metadata
                .as_ref()
                .map(|m| metadata_view(m, &catalogues, l)),
            arrival_number: state
                .registration
                .map(|(_, _, n)| i64::try_from(n).unwrap_or(i64::MAX)),
            sent_by: state.sender.map(|s| position_ref(organisation, s.position)),
            main_handler: state.holders.main.map(|p| position_ref(organisation, p)),
            co_handlers: state
                .holders
                .co
                .iter()
                .map(|p| position_ref(organisation, *p))
                .collect(),
            for_information: state
                .holders
                .info
                .iter()
                .map(|p| position_ref(organisation, *p))
                .collect(),
            files: state.files.iter().map(|f| f.sha256.clone()).collect(),
        })
    }

    /// Checks the document's hash chain: each event's hash against its content and its
    /// predecessor's, and the revisions' sequence.
    async fn verify_document_history(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ChainVerification> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&id, "id")?;
        readable(api, &guard, id).await?;
        let events = api
            .commands
            .document_events(id)
            .await
            .map_err(ApiError::from)?;
        let problems = chancery_event_store::verify::verify_stream(&events);
        Ok(ChainVerification {
            intact: problems.is_empty(),
            events_checked: i64::try_from(events.len()).unwrap_or(i64::MAX),
            problems: problems.iter().map(ToString::to_string).collect(),
        })
    }

    /// Documents already registered by the caller's office with this number, notation
    /// and issuing body, or received there and not registered yet (the warning the
    /// receiving form shows before receiving).
    async fn probable_duplicates(
        &self,
        ctx: &Context<'_>,
        issuing_body: String,
        number_notation: String,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<DuplicateCandidate>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let acting = acting(&guard)?;
        let office = guard.organisation.office_of(acting.unit).ok_or_else(|| {
            ApiError::refused(
                ErrorCode::Forbidden,
                "NOT_THE_REGISTER_KEEPER",
                "not a clerk",
            )
        })?;
        guard.check(&Action::KeepRegistersOf { unit: office })?;
        let issuing_body = bounded("issuingBody", Some(issuing_body), 300)?.unwrap_or_default();
        let number_notation =
            bounded("numberNotation", Some(number_notation), 100)?.unwrap_or_default();
        let found = duplicates(api, &guard, office, &issuing_body, &number_notation, None).await?;
        Ok(crate::paged(found, first, after)?)
    }
}

/// One line of a register book as exported (Decree 30 Appendix IV columns).
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub arrived_at: DateTime<Utc>,
    pub number: i64,
    pub issuing_body: String,
    pub number_notation: String,
    pub document_date: NaiveDate,
    pub type_and_summary: String,
    pub forwarded_to: Option<String>,
    pub forwarded_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
}

/// A whole register book for a year, for the caller who may read it (the same rule as the
/// `registerBook` query): its title (the unit keeping it and the register's name for the
/// year, `book::title`) and its lines by number.
pub async fn register_book_export(
    api: &ApiContext,
    guard: &Guard,
    register: RegisterId,
    year: i32,
) -> Result<(String, Vec<ExportRow>), ApiError> {
    guard.check(&Action::ViewOrganisation)?;
    let catalogues = api.commands.catalogues().await?;
    let chosen = catalogues.registers.get(&register).ok_or_else(|| {
        ApiError::refused(ErrorCode::NotFound, "NO_SUCH_REGISTER", "no such register")
    })?;
    guard.check(&Action::ReadRegisterBook {
        owner: chosen.owner_unit_id,
        outgoing: false,
        limit: chosen.max_confidentiality,
    })?;
    let scope = crate::read_scope(guard)?;
    let client = api.read_client().await?;
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = register_book::book(
            &**client,
            register.0,
            year,
            after,
            register_book::MAX_PAGE,
            None,
            &scope,
        )
        .await
        .map_err(ApiError::internal)?;
        let Some(last) = page.last().map(|r| r.number) else {
            break;
        };
        after = Some(last);
        rows.extend(page.into_iter().map(|r| {
            let type_name = catalogues
                .document_types
                .get(&r.document_type)
                .map_or_else(|| r.document_type.clone(), |t| t.names.vi.clone());
            ExportRow {
                arrived_at: r.arrived_at,
                number: r.number,
                issuing_body: r.issuing_body,
                number_notation: r.number_notation,
                document_date: r.document_date,
                type_and_summary: format!("{type_name}: {}", r.summary),
                forwarded_to: r.forwarded_to.map(|p| {
                    let p = position_ref(&guard.organisation, PositionId(p));
                    format!("{} ({})", p.person_name, p.unit_name)
                }),
                forwarded_at: r.forwarded_at,
                notes: r.notes,
            }
        }));
    }
    Ok((
        chancery_domain::book::title(
            &crate::outgoing_export::owner_name(guard, chosen.owner_unit_id),
            &chosen.name,
            year,
        ),
        rows,
    ))
}

async fn duplicates(
    api: &ApiContext,
    guard: &Guard,
    office: UnitId,
    issuing_body: &str,
    number_notation: &str,
    except: Option<Uuid>,
) -> Result<Vec<DuplicateCandidate>, ApiError> {
    let scope = crate::read_scope(guard)?;
    let issuing_body: String = issuing_body.chars().take(300).collect();
    let number_notation: String = number_notation.chars().take(100).collect();
    // "UBND tỉnh Ninh Bình" and "Ủy ban nhân dân tỉnh Ninh Bình" are one issuing body.
    let issuing_bodies = chancery_domain::abbreviations::alternatives(&issuing_body);
    let client = api.read_client().await?;
    let rows = document_view::registered_like(
        &**client,
        office.0,
        &issuing_bodies,
        &number_notation,
        except,
        &scope,
    )
    .await
    .map_err(ApiError::internal)?;
    Ok(rows
        .into_iter()
        .map(|r| DuplicateCandidate {
            document_id: ID(r.document_id.to_string()),
            register_id: r.register_id.map(|id| ID(id.to_string())),
            year: r.year,
            number: r.number,
            arrived_at: r.arrived_at,
            summary: r.summary,
        })
        .collect())
}

/// Documents the receiving office already registered, or received and not registered yet,
/// with the received one's number, notation and issuing body (itself excepted).
async fn probable_duplicates(
    api: &ApiContext,
    guard: &Guard,
    received: &Received,
) -> Result<Vec<DuplicateCandidate>, ApiError> {
    duplicates(
        api,
        guard,
        received.office,
        &received.issuing_body,
        &received.number_notation,
        Some(received.document_id),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------

#[derive(Default)]
pub struct DocumentsMutation;

#[Object]
impl DocumentsMutation {
    /// A paper document arrives: the clerk uploads its scan (and attachments) and types its
    /// metadata. It waits at the first step of the office's incoming process to be
    /// registered (or refused).
    async fn receive_paper_document(
        &self,
        ctx: &Context<'_>,
        input: ReceivePaperDocumentInput,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<ReceiveResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let caller = guard.caller(idempotency_key.as_ref())?;
        let received = api
            .incoming()
            .receive(
                &caller,
                Receive {
                    delivery: Delivery::Paper {
                        process: input.process,
                    },
                    metadata: input.metadata.into_input(),
                    files: wanted(input.files),
                },
            )
            .await
            .map_err(ApiError::from)?;
        let position = received.position;
        let (document, written) =
            after_write(api, &guard, received.document_id, position, lang(ctx)).await?;
        Ok(ReceiveResult {
            document,
            probable_duplicates: probable_duplicates(api, &guard, &received).await?,
            written,
        })
    }

    /// Another agency sends an electronic document to a unit (a stand-in for the national
    /// exchange, for demonstrations and tests): it appears in that office's "electronic
    /// documents awaiting registration". Administrators, or the receiving office's clerks.
    async fn simulate_electronic_document(
        &self,
        ctx: &Context<'_>,
        input: SimulateElectronicDocumentInput,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<ReceiveResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let unit = UnitId(parse_id(&input.unit_id, "unitId")?);
        let sender_agency = ExternalAgencyId(parse_id(&input.sender_agency_id, "senderAgencyId")?);
        let caller = guard.caller(idempotency_key.as_ref())?;
        let received = api
            .incoming()
            .receive(
                &caller,
                Receive {
                    delivery: Delivery::Electronic {
                        sender_agency,
                        unit,
                    },
                    metadata: input.metadata.into_input(),
                    files: wanted(input.files),
                },
            )
            .await
            .map_err(ApiError::from)?;
        let position = received.position;
        // The sender may not read what they sent (an administrator elsewhere): the page is
        // shown as the document's office sees it.
        let written = api.written_documents(position).await;
        let (state, revision) = api
            .commands
            .document(received.document_id)
            .await
            .map_err(ApiError::from)?;
        let document = view(api, &guard, &state, revision.unwrap_or(0), lang(ctx)).await?;
        Ok(ReceiveResult {
            document,
            probable_duplicates: probable_duplicates(api, &guard, &received).await?,
            written,
        })
    }

    /// Registers a document (vào sổ): the next arrival number of the register for this
    /// year, never given twice and without gaps.
    async fn register_document(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        register_id: ID,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<RegisterResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let register = RegisterId(parse_id(&register_id, "registerId")?);
        let caller = guard.caller(idempotency_key.as_ref())?;
        let (number, outcome) = api
            .incoming()
            .register(&caller, id, register)
            .await
            .map_err(ApiError::from)?;
        let (document, written) = after_write(api, &guard, id, outcome.position, lang(ctx)).await?;
        Ok(RegisterResult {
            document,
            number: i64::try_from(number).unwrap_or(i64::MAX),
            written,
        })
    }

    /// Takes an action of the document's process (forward, propose, approve, send back,
    /// refuse, recall, finish…): exactly those `availableActions` offers.
    async fn document_action(
        &self,
        ctx: &Context<'_>,
        input: DocumentActionInput,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<DocumentResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&input.document_id, "documentId")?;
        let recipients = Recipients {
            main: input
                .main
                .as_ref()
                .map(|m| parse_id(m, "main"))
                .transpose()?
                .map(PositionId),
            co: ids(&input.co, "co")?.into_iter().map(PositionId).collect(),
            info: ids(&input.info, "info")?
                .into_iter()
                .map(PositionId)
                .collect(),
        };
        let units = ids(&input.units, "units")?
            .into_iter()
            .map(UnitId)
            .collect();
        let unit_recipients =
            unit_recipients_of(input.main_unit.as_ref(), &input.co_units, &input.info_units)?;
        let caller = guard.caller(idempotency_key.as_ref())?;
        let outcome = api
            .incoming()
            .act(
                &caller,
                Act {
                    document_id: id,
                    action: input.action,
                    expected_step: input.expected_step,
                    note: input.note,
                    deadline: input.deadline,
                    deadline_in_working_days: input.deadline_in_working_days,
                    recipients,
                    unit_recipients,
                    units,
                    files: wanted(input.files),
                },
            )
            .await
            .map_err(|e| ApiError::from(e).naming(&guard.organisation))?;
        let (document, written) = after_write(api, &guard, id, outcome.position, lang(ctx)).await?;
        Ok(DocumentResult { document, written })
    }

    /// Corrects the metadata (the clerk at the "update" step, before or after registering).
    async fn update_document_metadata(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        metadata: DocumentMetadataInput,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<DocumentResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let caller = guard.caller(idempotency_key.as_ref())?;
        let outcome = api
            .incoming()
            .update_metadata(&caller, id, metadata.into_input())
            .await
            .map_err(ApiError::from)?;
        let (document, written) = after_write(api, &guard, id, outcome.position, lang(ctx)).await?;
        Ok(DocumentResult { document, written })
    }

    /// Cancels a document received by mistake (typed in twice, or not for this office),
    /// before it is registered, saying why: for the clerks of its office. It leaves every
    /// box; its history keeps who cancelled it, when and why. A registered document is
    /// never cancelled (`REGISTERED_NOT_CANCELLABLE`).
    async fn cancel_document(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        note: String,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<DocumentResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let caller = guard.caller(idempotency_key.as_ref())?;
        let outcome = api
            .incoming()
            .cancel(&caller, id, Some(note))
            .await
            .map_err(ApiError::from)?;
        let (document, written) = after_write(api, &guard, id, outcome.position, lang(ctx)).await?;
        Ok(DocumentResult { document, written })
    }

    /// Marks a document read for the caller (opening it does this in clients).
    async fn mark_document_read(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
    ) -> async_graphql::Result<Written> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let caller = guard.caller(None)?;
        let outcome = api
            .incoming()
            .mark_read(&caller, id)
            .await
            .map_err(ApiError::from)?;
        Ok(api.written_documents(outcome.position).await)
    }

    /// Checks the digital signatures of every PDF of a document again now (against today's
    /// trust anchors: a root added or removed since changes the answer) and records what it
    /// found. Anyone who may read the document may ask, auditors included.
    async fn verify_document_signatures(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<DocumentResult> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let id = parse_id(&document_id, "documentId")?;
        let caller = guard.caller(idempotency_key.as_ref())?;
        let position = api
            .incoming()
            .verify_signatures(&caller, id)
            .await
            .map_err(ApiError::from)?;
        let (document, written) = after_write(api, &guard, id, position, lang(ctx)).await?;
        Ok(DocumentResult { document, written })
    }
}

/// The caller's clearance (the inbox lists and counts nothing above it).
fn clearance(guard: &Guard) -> Confidentiality {
    guard
        .principal
        .as_ref()
        .map(|p| p.clearance)
        .unwrap_or_default()
}

/// The inbox targets of the acting position: the position itself (its named items), and the
/// pools it belongs to (`access::pools_of`, the pools access lets it act in and read).
pub(crate) fn inbox_targets(
    organisation: &Organisation,
    acting: &chancery_domain::access::Acting,
) -> Vec<(Uuid, Uuid, String)> {
    let mut targets: Vec<_> = chancery_domain::access::pools_of(organisation, acting)
        .into_iter()
        .map(|(unit, role)| (acting.position.0, unit.0, role))
        .collect();
    if targets.is_empty() {
        // No pool (a clerk outside any office): the named items still match the position.
        targets.push((acting.position.0, Uuid::nil(), String::new()));
    }
    targets
}

/// Shared handle for the server's file endpoints.
pub type SharedFiles = Arc<chancery_files::FileStore>;
