//! An incoming document as one unit handles it: its Decree 30 metadata, its files, its
//! registration, and the process it runs (a [`workflow::Definition`], kept at the version it
//! started with). One stream per document and unit ([`stream`]): a fan-out (P1 step 4) starts
//! one child document per unit, each registered with its own arrival number and running its
//! own P2.
//!
//! The decider checks every action against the definition: the step must offer it to the
//! acting role (or, for a recall, to the sender before anyone acted), and what it needs (a
//! note, a deadline, recipients, units) must be given.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};
use crate::events::DomainEvent;
use crate::ids::{ExternalAgencyId, PositionId, RegisterId, UnitId, UserId};
use crate::reference::{Confidentiality, Urgency};
use crate::text::TextRule;
use crate::workflow::{Definition, Effect, Need, Situation};

/// A document's id.
pub type DocumentId = uuid::Uuid;

/// The stream of one document.
pub fn stream(id: DocumentId) -> String {
    format!("document-{id}")
}

/// The name of the sender's recall action in every definition (the engine gives it its
/// meaning: back to the step the document was sent from, held by the sender again).
pub const RECALL: &str = "recall";

/// The action a co-handler (phối hợp) takes to say their part is done. It is not a step of
/// any process: the document stays where it is, with its main handler.
pub const COMPLETE_PART: &str = "complete_part";

/// Most characters in a summary (trích yếu), Decree 30 App. VI.
pub const SUMMARY_MAX: usize = 500;

/// How the document arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A paper document, scanned and typed in by the clerk.
    Paper,
    /// An electronic document from the awaiting-registration queue.
    Electronic,
    /// Routed by another process of this installation (fan-out).
    Routed,
}

/// A file, by content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileRef {
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
}

/// The incoming fields of Decree 30 Appendix VI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub issuing_body: String,
    /// Number and notation as printed, e.g. `05/BNV-VP`.
    pub number_notation: String,
    pub document_date: NaiveDate,
    /// Document type code (catalogue).
    pub document_type: String,
    pub summary: String,
    pub language: String,
    pub page_count: u32,
    pub signer_name: Option<String>,
    pub signer_position: Option<String>,
    pub urgency: Urgency,
    pub confidentiality: Confidentiality,
    pub recipients: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub notes: Option<String>,
}

impl Metadata {
    /// Cleans and checks every field; `today` bounds the document date.
    pub fn clean(self, today: NaiveDate) -> DomainResult<Self> {
        let line = |field, max| TextRule::line(field, max);
        let metadata = Self {
            issuing_body: line("issuingBody", 300).clean(&self.issuing_body)?,
            number_notation: line("numberNotation", 100).clean(&self.number_notation)?,
            document_date: self.document_date,
            document_type: crate::text::code("documentType", &self.document_type, 64)?,
            summary: line("summary", SUMMARY_MAX)
                .multiline()
                .clean(&self.summary)?,
            language: line("language", 50).clean(&self.language)?,
            page_count: self.page_count,
            signer_name: line("signerName", 100).clean_opt(self.signer_name.as_deref())?,
            signer_position: line("signerPosition", 200)
                .clean_opt(self.signer_position.as_deref())?,
            urgency: self.urgency,
            confidentiality: self.confidentiality,
            recipients: line("recipients", 1000)
                .multiline()
                .clean_opt(self.recipients.as_deref())?,
            deadline: self.deadline,
            notes: line("notes", 2000)
                .multiline()
                .clean_opt(self.notes.as_deref())?,
        };
        crate::value::document_date("documentDate", metadata.document_date, today)?;
        if let Some(deadline) = metadata.deadline {
            crate::value::printed_deadline("deadline", deadline, today)?;
        }
        if metadata.page_count == 0 || metadata.page_count > 100_000 {
            return Err(DomainError::validation(
                "pageCount",
                "OUT_OF_RANGE",
                "the page count must be between 1 and 100000",
            ));
        }
        Ok(metadata)
    }
}

/// The people an action sends the document to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipients {
    /// The main handler (xử lý chính).
    pub main: Option<PositionId>,
    /// Co-handlers (phối hợp).
    pub co: Vec<PositionId>,
    /// For information (xem để biết).
    pub info: Vec<PositionId>,
}

impl Recipients {
    pub fn is_empty(&self) -> bool {
        self.main.is_none() && self.co.is_empty() && self.info.is_empty()
    }

    pub fn all(&self) -> impl Iterator<Item = PositionId> + '_ {
        self.main
            .into_iter()
            .chain(self.co.iter().copied())
            .chain(self.info.iter().copied())
    }
}

/// Who acted, in which position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActedBy {
    pub person: UserId,
    pub position: PositionId,
}

/// Someone's act on a document and when it was recorded. Events do not carry their time
/// (the envelope does): a loader stamps it after evolving the event ([`Document::stamp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActAt {
    pub by: ActedBy,
    pub at: Option<DateTime<Utc>>,
}

impl ActAt {
    fn new(by: ActedBy) -> Self {
        Self { by, at: None }
    }

    fn stamp(slot: &mut Option<Self>, at: DateTime<Utc>) {
        if let Some(act) = slot
            && act.at.is_none()
        {
            act.at = Some(at);
        }
    }

    fn awaits(slot: Option<&Self>) -> bool {
        slot.is_some_and(|a| a.at.is_none())
    }
}

/// The refusal of a recall because a recipient acted (`RECIPIENT_ACTED`), naming who and
/// when when that is known: the facts `actedBy` (person), `actedByPosition` and `actedAt`
/// (RFC 3339).
pub fn recipient_acted(act: Option<&ActAt>) -> DomainError {
    let Some(act) = act else {
        return DomainError::conflict(
            "RECIPIENT_ACTED",
            "a recipient has already acted on the document: it can no longer be recalled",
        );
    };
    let when = act
        .at
        .map(|at| format!(" at {}", at.to_rfc3339()))
        .unwrap_or_default();
    let mut error = DomainError::conflict(
        "RECIPIENT_ACTED",
        format!(
            "person {} (position {}) has already acted on the document{when}: it can no longer be recalled",
            act.by.person, act.by.position
        ),
    )
    .with_fact("actedBy", act.by.person.to_string())
    .with_fact("actedByPosition", act.by.position.to_string());
    if let Some(at) = act.at {
        error = error.with_fact("actedAt", at.to_rfc3339());
    }
    error
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

/// A document arrived at a unit and entered its process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentReceived {
    pub document_id: DocumentId,
    /// The unit (or agency) handling it.
    pub unit_id: UnitId,
    pub definition: String,
    pub definition_version: u32,
    /// The definition's start step.
    pub step: String,
    /// The roles that act at that step (inboxes show the document to their holders in the
    /// unit until it is sent to named people).
    pub roles: Vec<String>,
    /// The document this one was routed from (fan-out).
    pub parent_id: Option<DocumentId>,
    pub channel: Channel,
    /// The agency that sent an electronic document (its status notices go back to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_agency: Option<ExternalAgencyId>,
    pub metadata: Metadata,
    pub files: Vec<FileRef>,
    pub by: ActedBy,
}

impl DomainEvent for DocumentReceived {
    const EVENT_TYPE: &'static str = "document.received";
    /// v2 added `sender_agency` (absent in v1: no electronic sender recorded).
    const SCHEMA_VERSION: u32 = 2;
}

/// The document took the next arrival number of a register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRegistered {
    pub document_id: DocumentId,
    pub register_id: RegisterId,
    pub year: i32,
    pub number: u64,
    pub by: ActedBy,
}

impl DomainEvent for DocumentRegistered {
    const EVENT_TYPE: &'static str = "document.registered";
    const SCHEMA_VERSION: u32 = 1;
}

/// The clerk corrected the metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetadataUpdated {
    pub document_id: DocumentId,
    pub metadata: Metadata,
    pub by: ActedBy,
}

impl DomainEvent for MetadataUpdated {
    const EVENT_TYPE: &'static str = "document.metadata-updated";
    const SCHEMA_VERSION: u32 = 1;
}

/// Someone took an action of the process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionTaken {
    pub document_id: DocumentId,
    pub action: String,
    pub from_step: String,
    pub to_step: String,
    /// The roles that act at `to_step`.
    pub to_roles: Vec<String>,
    /// `to_step` ends the process (finished, refused, issued…).
    pub ends: bool,
    pub note: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub recipients: Recipients,
    pub units: Vec<UnitId>,
    pub files: Vec<FileRef>,
    pub by: ActedBy,
}

impl ActionTaken {
    /// Whether the action hands the document on (to another step, or to named people, even
    /// within one step) rather than being done in place (filing, urging).
    pub fn moves(&self) -> bool {
        self.from_step != self.to_step || !self.recipients.is_empty()
    }
}

impl DomainEvent for ActionTaken {
    const EVENT_TYPE: &'static str = "document.action-taken";
    const SCHEMA_VERSION: u32 = 1;
}

/// Someone opened the document (it is no longer unread for them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRead {
    pub document_id: DocumentId,
    pub by: ActedBy,
    pub at: DateTime<Utc>,
}

impl DomainEvent for DocumentRead {
    const EVENT_TYPE: &'static str = "document.read";
    const SCHEMA_VERSION: u32 = 1;
}

/// A child refused its assignment: the process re-opens at `step`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentReopened {
    pub document_id: DocumentId,
    pub step: String,
    /// The roles that act at `step`.
    pub roles: Vec<String>,
    pub child_id: DocumentId,
    pub child_unit_id: UnitId,
    pub note: String,
}

impl DomainEvent for DocumentReopened {
    const EVENT_TYPE: &'static str = "document.reopened";
    const SCHEMA_VERSION: u32 = 1;
}

/// The stream of status notices to an external agency (its queue of answers about the
/// documents it sent electronically).
pub fn sender_stream(agency: ExternalAgencyId) -> String {
    format!("exchange-{}", agency.0)
}

/// What happened to an electronic document, as told to the agency that sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeStatus {
    /// Registered (đã vào sổ).
    Registered,
    /// Refused (từ chối tiếp nhận), with the reason.
    Refused,
}

/// A status notice sent back to the agency that sent an electronic document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SenderNotified {
    pub document_id: DocumentId,
    pub agency_id: ExternalAgencyId,
    /// The receiving unit.
    pub unit_id: UnitId,
    pub number_notation: String,
    pub status: ExchangeStatus,
    pub note: Option<String>,
    pub by: ActedBy,
}

impl DomainEvent for SenderNotified {
    const EVENT_TYPE: &'static str = "exchange.status-sent";
    const SCHEMA_VERSION: u32 = 1;
}

/// A co-handler finished their part (their work item is processed); the document does not
/// move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartCompleted {
    pub document_id: DocumentId,
    pub note: Option<String>,
    pub by: ActedBy,
}

impl DomainEvent for PartCompleted {
    const EVENT_TYPE: &'static str = "document.part-completed";
    const SCHEMA_VERSION: u32 = 1;
}

/// The pseudo-step a withdrawn copy stands at: no definition has it, so no action is offered
/// there.
pub const WITHDRAWN_STEP: &str = "withdrawn";

/// The electronic copy of an outgoing document was withdrawn from the recipient's queue: the
/// issuing office recalled the document before anyone here acted on it (Decree 30 App. VI).
/// The copy leaves its process: nothing can be done on it any more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentWithdrawn {
    pub document_id: DocumentId,
    /// The outgoing document this is a copy of.
    pub outgoing_id: uuid::Uuid,
    /// The step the copy was withdrawn from.
    pub step: String,
    /// Why (the recall's note).
    pub note: String,
    /// The issuing office's clerk who recalled it.
    pub by: ActedBy,
}

impl DomainEvent for DocumentWithdrawn {
    const EVENT_TYPE: &'static str = "document.withdrawn";
    const SCHEMA_VERSION: u32 = 1;
}

/// A withdrawal undone: the recall that withdrew the copy was refused in the end (another
/// recipient had acted on their copy meanwhile), so the copy is back in the queue at `step`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentReinstated {
    pub document_id: DocumentId,
    /// The outgoing document this is a copy of.
    pub outgoing_id: uuid::Uuid,
    /// The step the copy is back at (the one it was withdrawn from).
    pub step: String,
    /// The roles that act at `step`.
    pub roles: Vec<String>,
    pub by: ActedBy,
}

impl DomainEvent for DocumentReinstated {
    const EVENT_TYPE: &'static str = "document.reinstated";
    const SCHEMA_VERSION: u32 = 1;
}

/// Every document event.
#[derive(Debug, Clone, PartialEq)]
pub enum DocumentEvent {
    Received(DocumentReceived),
    Registered(DocumentRegistered),
    MetadataUpdated(MetadataUpdated),
    ActionTaken(ActionTaken),
    Read(DocumentRead),
    Reopened(DocumentReopened),
    PartCompleted(PartCompleted),
    /// Received by mistake and cancelled before registering ([`crate::cancellation`]).
    Cancelled(crate::cancellation::DocumentCancelled),
}

/// What the issuing side does to an electronic copy of an outgoing document (decided on the
/// issuing office's recall, not by the copy's process).
#[derive(Debug, Clone, PartialEq)]
pub enum CopyEvent {
    Withdrawn(DocumentWithdrawn),
    Reinstated(DocumentReinstated),
}

// ---------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------

/// What became of a co-handler's part (phối hợp). The policy: a co-handler sends their
/// contribution to the main handler by completing their part (`complete_part`, with a
/// note; files they attach in place go with the document), and their part stays open until
/// they do. The main handler decides when the document is finished: finishing does not
/// wait for co-handlers, but a part nobody contributed to is then closed without
/// contribution — never shown as done — and the co-handler and the main handler both see
/// it so. A recall takes back the parts of the recalled move that were still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoPart {
    /// Named as co-handler; no contribution yet, the process runs.
    Open,
    /// The co-handler completed their part (sent their contribution).
    Contributed,
    /// The process ended while the part was open: closed without a contribution.
    ClosedWithoutContribution,
}

impl CoPart {
    /// The stable code of the state (`open`, `contributed`, `closed_without_contribution`).
    pub fn code(self) -> &'static str {
        match self {
            CoPart::Open => "open",
            CoPart::Contributed => "contributed",
            CoPart::ClosedWithoutContribution => "closed_without_contribution",
        }
    }
}

/// A document as the decider sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub id: Option<DocumentId>,
    pub unit: Option<UnitId>,
    pub definition: (String, u32),
    pub parent: Option<DocumentId>,
    pub metadata: Option<Metadata>,
    pub registration: Option<(RegisterId, i32, u64)>,
    /// The step the document was registered at: while it has not been sent on from the
    /// step its registration led to, it is "registered" and not yet "assigned".
    pub registered_at: Option<String>,
    pub step: String,
    /// Who sent it into the current step, and to whom.
    pub sender: Option<ActedBy>,
    /// The step the sender sent it from: where a recall takes it back to.
    pub sent_from: Option<String>,
    pub holders: Recipients,
    /// Someone acted at the current step since it was entered.
    pub acted_here: bool,
    pub files: Vec<FileRef>,
    pub channel: Option<Channel>,
    pub sender_agency: Option<ExternalAgencyId>,
    /// The current step ends the process.
    pub finished: bool,
    /// Every position the document was sent to or acted in (access control: they read it).
    /// A recall takes it back from the recalled move's recipients who never acted on the
    /// document: they no longer read it, as their inbox no longer lists it.
    pub routed: std::collections::BTreeSet<PositionId>,
    /// Every position that acted on the document (received, registered, corrected, moved it,
    /// completed a part): a recall never takes the document away from them.
    pub acted: std::collections::BTreeSet<PositionId>,
    /// Co-handlers whose part is still open: named as co-handlers by a move, and neither
    /// done (`complete_part`) nor recalled, while the process runs.
    pub co_open: std::collections::BTreeSet<PositionId>,
    /// Every co-handler's part and what became of it ([`CoPart`]: the co-handling policy).
    pub co_parts: std::collections::BTreeMap<PositionId, CoPart>,
    /// Withdrawn by the recall of the outgoing document it is a copy of (that document's
    /// id), and the step it was withdrawn from.
    pub withdrawn: Option<(uuid::Uuid, String)>,
    /// What verifying its files' signatures found, the latest per file.
    pub verifications: Vec<crate::signing::DocumentSignaturesVerified>,
    /// Who acted first at the current step since it was entered, and when (while
    /// `acted_here`): the sender's recall is refused naming them.
    pub first_here: Option<ActAt>,
    /// Who acted on the document first after it arrived (registered, corrected, moved or
    /// completed a part), and when: the issuing office's recall of a copy names them.
    pub first_act: Option<ActAt>,
}

impl Document {
    pub fn evolve(&mut self, event: &DocumentEvent) {
        let before = self.acted_here;
        self.evolve_process(event);
        let by = match event {
            DocumentEvent::Registered(e) => Some(e.by),
            DocumentEvent::MetadataUpdated(e) => Some(e.by),
            DocumentEvent::ActionTaken(e) => Some(e.by),
            DocumentEvent::PartCompleted(e) => Some(e.by),
            DocumentEvent::Cancelled(e) => Some(e.by),
            DocumentEvent::Received(_) | DocumentEvent::Read(_) | DocumentEvent::Reopened(_) => {
                None
            }
        };
        if self.first_act.is_none() {
            self.first_act = by.map(ActAt::new);
        }
        if !self.acted_here {
            self.first_here = None;
        } else if !before {
            self.first_here = by.map(ActAt::new);
        }
    }

    /// The last event evolved recorded an act whose time is not known yet: the loader
    /// passes the event's recorded time to [`Document::stamp`].
    pub fn awaits_stamp(&self) -> bool {
        ActAt::awaits(self.first_here.as_ref()) || ActAt::awaits(self.first_act.as_ref())
    }

    /// Gives the act the last event recorded its time.
    pub fn stamp(&mut self, at: DateTime<Utc>) {
        ActAt::stamp(&mut self.first_here, at);
        ActAt::stamp(&mut self.first_act, at);
    }

    fn evolve_process(&mut self, event: &DocumentEvent) {
        match event {
            DocumentEvent::Received(e) => {
                self.channel = Some(e.channel);
                self.sender_agency = e.sender_agency;
                self.routed.insert(e.by.position);
                self.acted.insert(e.by.position);
                self.id = Some(e.document_id);
                self.unit = Some(e.unit_id);
                self.definition = (e.definition.clone(), e.definition_version);
                self.parent = e.parent_id;
                self.metadata = Some(e.metadata.clone());
                self.files.clone_from(&e.files);
                self.step.clone_from(&e.step);
            }
            DocumentEvent::Registered(e) => {
                self.registration = Some((e.register_id, e.year, e.number));
                self.registered_at = Some(self.step.clone());
                self.routed.insert(e.by.position);
                self.acted.insert(e.by.position);
            }
            DocumentEvent::MetadataUpdated(e) => {
                self.metadata = Some(e.metadata.clone());
                self.acted_here = true;
                self.routed.insert(e.by.position);
                self.acted.insert(e.by.position);
            }
            DocumentEvent::ActionTaken(e) => {
                let moved = e.moves();
                self.finished = e.ends;
                self.routed.insert(e.by.position);
                self.acted.insert(e.by.position);
                self.step.clone_from(&e.to_step);
                if e.action == RECALL {
                    // The recalled move's recipients who never acted lose the document.
                    for p in self.holders.all() {
                        if !self.acted.contains(&p) {
                            self.routed.remove(&p);
                        }
                    }
                    // The recalled move's co-handlers no longer have a part.
                    for co in &self.holders.co {
                        self.co_open.remove(co);
                        if self.co_parts.get(co) == Some(&CoPart::Open) {
                            self.co_parts.remove(co);
                        }
                    }
                    // Back with the sender, who holds it again.
                    self.sender = None;
                    self.sent_from = None;
                    self.holders = Recipients {
                        main: Some(e.by.position),
                        ..Recipients::default()
                    };
                    self.acted_here = false;
                } else if moved {
                    self.co_open.extend(e.recipients.co.iter().copied());
                    for co in &e.recipients.co {
                        self.co_parts.insert(*co, CoPart::Open);
                    }
                    self.sender = Some(e.by);
                    self.sent_from = Some(e.from_step.clone());
                    self.holders = e.recipients.clone();
                    self.routed.extend(e.recipients.all());
                    self.acted_here = false;
                } else {
                    self.routed.extend(e.recipients.all());
                    self.acted_here = true;
                }
                self.files.extend(e.files.iter().cloned());
                if e.ends {
                    self.co_open.clear();
                    for part in self.co_parts.values_mut() {
                        if *part == CoPart::Open {
                            *part = CoPart::ClosedWithoutContribution;
                        }
                    }
                }
            }
            DocumentEvent::Read(_) => {}
            DocumentEvent::PartCompleted(e) => {
                self.co_open.remove(&e.by.position);
                self.co_parts.insert(e.by.position, CoPart::Contributed);
                // Someone acted on what the sender sent: no recall any more.
                self.acted_here = true;
                self.routed.insert(e.by.position);
                self.acted.insert(e.by.position);
            }
            DocumentEvent::Reopened(e) => {
                self.step.clone_from(&e.step);
                self.acted_here = false;
                self.finished = false;
                self.holders = Recipients::default();
                self.sender = None;
                self.sent_from = None;
            }
            DocumentEvent::Cancelled(e) => {
                self.step = crate::cancellation::CANCELLED_STEP.to_owned();
                self.finished = true;
                self.acted_here = true;
                self.holders = Recipients::default();
                self.sender = None;
                self.sent_from = None;
                self.co_open.clear();
                self.acted.insert(e.by.position);
            }
        }
    }

    /// Applies a withdrawal or its undoing.
    pub fn evolve_copy(&mut self, event: &CopyEvent) {
        match event {
            CopyEvent::Withdrawn(e) => {
                self.withdrawn = Some((e.outgoing_id, e.step.clone()));
                self.step = WITHDRAWN_STEP.to_owned();
                self.finished = true;
                self.holders = Recipients::default();
                self.sender = None;
                self.sent_from = None;
                self.co_open.clear();
            }
            CopyEvent::Reinstated(e) => {
                self.withdrawn = None;
                self.step.clone_from(&e.step);
                self.finished = false;
            }
        }
    }

    /// Records a verification of a file's signatures (the latest per file counts).
    pub fn evolve_verified(&mut self, event: &crate::signing::DocumentSignaturesVerified) {
        self.verifications
            .retain(|v| v.file_sha256 != event.file_sha256);
        self.verifications.push(event.clone());
    }

    /// Refuses anything on a withdrawn copy (`WITHDRAWN`).
    pub fn check_not_withdrawn(&self) -> DomainResult<()> {
        if self.withdrawn.is_some() {
            return Err(DomainError::conflict(
                "WITHDRAWN",
                "the sender recalled this document: it was withdrawn",
            ));
        }
        Ok(())
    }

    /// Someone of the receiving unit has acted on the document (registered, refused,
    /// corrected or handled it): its sender can no longer withdraw it.
    pub fn acted_on(&self) -> bool {
        self.registration.is_some() || self.finished || self.acted_here
    }

    /// Decides the withdrawal of this electronic copy of outgoing document `outgoing_id`:
    /// only while nobody here acted on it (`RECIPIENT_ACTED`), once (`WITHDRAWN`).
    pub fn withdraw(
        &self,
        outgoing_id: uuid::Uuid,
        note: &str,
        by: ActedBy,
    ) -> DomainResult<DocumentWithdrawn> {
        let id = self
            .id
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        self.check_not_withdrawn()?;
        if self.channel != Some(Channel::Electronic) {
            return Err(DomainError::conflict(
                "NOT_A_COPY",
                "only an electronic copy of an issued document can be withdrawn",
            ));
        }
        if self.acted_on() {
            return Err(recipient_acted(self.first_act.as_ref()));
        }
        Ok(DocumentWithdrawn {
            document_id: id,
            outgoing_id,
            step: self.step.clone(),
            note: note.to_owned(),
            by,
        })
    }

    /// Decides undoing the withdrawal made by the recall of `outgoing_id` (that recall was
    /// refused in the end): the copy goes back to the step it was withdrawn from.
    pub fn reinstate(
        &self,
        definition: &Definition,
        outgoing_id: uuid::Uuid,
        by: ActedBy,
    ) -> DomainResult<DocumentReinstated> {
        let id = self
            .id
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        let Some((withdrawn_by, step)) = &self.withdrawn else {
            return Err(DomainError::conflict(
                "NOT_WITHDRAWN",
                "the document was not withdrawn",
            ));
        };
        if *withdrawn_by != outgoing_id {
            return Err(DomainError::conflict(
                "NOT_WITHDRAWN",
                "the document was withdrawn by another recall",
            ));
        }
        Ok(DocumentReinstated {
            document_id: id,
            outgoing_id,
            step: step.clone(),
            roles: definition
                .steps
                .get(step)
                .map(|s| s.roles.clone())
                .unwrap_or_default(),
            by,
        })
    }

    /// The situation the engine offers actions in, for `position`.
    pub fn situation(&self, position: PositionId) -> Situation {
        Situation {
            has_parent: self.parent.is_some(),
            is_sender: self.sender.is_some_and(|s| s.position == position),
            acted_here: self.acted_here,
        }
    }

    /// May the holder of `position` (in `role`) act at the current step? When the document
    /// was sent to named recipients, only the main handler and the co-handlers act; otherwise
    /// anyone holding one of the step's roles in the document's unit does.
    pub fn holds(&self, position: PositionId) -> bool {
        if self.holders.main.is_none() && self.holders.co.is_empty() {
            return true;
        }
        self.holders.main == Some(position) || self.holders.co.contains(&position)
    }
}

/// Everything an action command carries.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    pub action: String,
    /// The step the person saw when they chose the action: if the document has moved on
    /// since (someone else acted first), the action is refused with `STEP_MOVED`.
    pub expected_step: Option<String>,
    pub note: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub recipients: Recipients,
    pub units: Vec<UnitId>,
    pub files: Vec<FileRef>,
}

/// Who acts, as the decider needs it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub by: ActedBy,
    pub role: String,
    pub today: NaiveDate,
}

/// Checks what every action may carry whatever the process runs on: the note (cleaned; required
/// when the action needs one) and the deadline (required when needed, never in the past).
pub fn check_note_and_deadline(
    action: &crate::workflow::ActionDef,
    note: Option<&str>,
    deadline: Option<NaiveDate>,
    today: NaiveDate,
) -> DomainResult<Option<String>> {
    let note = TextRule::line("note", 4000).multiline().clean_opt(note)?;
    if action.needs.contains(&Need::Note) && note.is_none() {
        return Err(DomainError::validation(
            "note",
            "REQUIRED",
            "this action needs a note",
        ));
    }
    if action.needs.contains(&Need::Deadline) && deadline.is_none() {
        return Err(DomainError::validation(
            "deadline",
            "REQUIRED",
            "this action needs a deadline",
        ));
    }
    if let Some(deadline) = deadline {
        crate::value::deadline("deadline", deadline, today)?;
    }
    Ok(note)
}

impl Document {
    /// Decides an action of the process.
    pub fn act(
        &self,
        definition: &Definition,
        actor: &Actor,
        input: ActionInput,
    ) -> DomainResult<ActionTaken> {
        let id = self
            .id
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        self.check_not_withdrawn()?;
        if (definition.id.as_str(), definition.version)
            != (self.definition.0.as_str(), self.definition.1)
        {
            return Err(DomainError::conflict(
                "DEFINITION_MISMATCH",
                "the document runs another version of its process",
            ));
        }
        if let Some(seen) = &input.expected_step
            && *seen != self.step
        {
            return Err(DomainError::conflict(
                "STEP_MOVED",
                format!(
                    "someone acted first: the document has moved from {seen} to {}",
                    self.step
                ),
            ));
        }
        let situation = self.situation(actor.by.position);
        if situation.is_sender
            && situation.acted_here
            && input.action == RECALL
            && definition
                .steps
                .get(&self.step)
                .is_some_and(|s| s.actions.contains_key(RECALL))
        {
            return Err(recipient_acted(self.first_here.as_ref()));
        }
        let action = definition.offered(&self.step, &actor.role, &situation, &input.action)?;
        let recall = action.when == Some(crate::workflow::Condition::SenderBeforeAction);
        if !recall && !self.holds(actor.by.position) {
            return Err(DomainError::forbidden(
                "NOT_A_HANDLER",
                "the document was sent to other people at this step",
            ));
        }
        // Co-handlers work beside the main handler: they may act in place (file) and complete
        // their part, but moving the document on or ending it is the main handler's.
        let co_only = self.holders.main != Some(actor.by.position)
            && self.holders.co.contains(&actor.by.position);
        if !recall
            && co_only
            && (action.to != self.step || action.needs.contains(&Need::Recipients))
        {
            return Err(DomainError::forbidden(
                "NOT_THE_MAIN_HANDLER",
                "a co-handler completes their part; the main handler moves the document on",
            ));
        }
        let note =
            check_note_and_deadline(action, input.note.as_deref(), input.deadline, actor.today)?;
        let needs = |need: Need| action.needs.contains(&need);
        if needs(Need::Recipients) && input.recipients.main.is_none() {
            return Err(DomainError::validation(
                "recipients",
                "MAIN_HANDLER_REQUIRED",
                "this action needs a main handler",
            ));
        }
        let mut everyone: Vec<PositionId> = input.recipients.all().collect();
        everyone.sort();
        let before = everyone.len();
        everyone.dedup();
        if everyone.len() != before {
            return Err(DomainError::validation(
                "recipients",
                "DUPLICATE_RECIPIENT",
                "a person is named twice among the recipients",
            ));
        }
        if needs(Need::Units) && input.units.is_empty() {
            return Err(DomainError::validation(
                "units",
                "REQUIRED",
                "this action needs units",
            ));
        }
        if needs(Need::Attachments) && input.files.is_empty() && self.files.is_empty() {
            return Err(DomainError::validation(
                "files",
                "REQUIRED",
                "this action needs an attached file",
            ));
        }
        if action
            .effects
            .iter()
            .any(|e| matches!(e, Effect::ReopenParent { .. }))
            && self.parent.is_none()
        {
            return Err(DomainError::conflict(
                "NO_PARENT",
                "the document was not routed",
            ));
        }
        // A recall takes the document back to the step it was sent from (the definition's
        // target is where it goes when that is not known).
        let to_step = match (&self.sent_from, recall) {
            (Some(from), true) => from.clone(),
            _ => action.to.clone(),
        };
        let mut units = input.units;
        units.sort();
        units.dedup();
        Ok(ActionTaken {
            document_id: id,
            action: input.action,
            from_step: self.step.clone(),
            to_roles: definition
                .steps
                .get(&to_step)
                .map(|s| s.roles.clone())
                .unwrap_or_default(),
            ends: definition.steps.get(&to_step).is_some_and(|s| s.end),
            to_step,
            note,
            deadline: input.deadline,
            recipients: input.recipients,
            units,
            files: input.files,
            by: actor.by,
        })
    }
}

/// A document arriving at a unit.
#[derive(Debug, Clone)]
pub struct ReceiveInput {
    pub document_id: DocumentId,
    pub unit_id: UnitId,
    pub parent_id: Option<DocumentId>,
    pub channel: Channel,
    pub sender_agency: Option<ExternalAgencyId>,
    pub metadata: Metadata,
    pub files: Vec<FileRef>,
}

impl Document {
    /// Decides the arrival of a document at `definition`'s start step. Paper documents need
    /// their scan; the receiving role must act at the start step.
    pub fn receive(
        &self,
        definition: &Definition,
        actor: &Actor,
        input: ReceiveInput,
    ) -> DomainResult<DocumentReceived> {
        if self.id.is_some() {
            return Err(DomainError::conflict(
                "DUPLICATE_ID",
                "the document already exists",
            ));
        }
        let start = definition.steps.get(&definition.start).ok_or_else(|| {
            DomainError::conflict("BROKEN_DEFINITION", "the process has no start step")
        })?;
        if input.channel != Channel::Routed && !start.roles.contains(&actor.role) {
            return Err(DomainError::forbidden(
                "NOT_YOUR_STEP",
                format!(
                    "a {} does not receive documents in this process",
                    actor.role
                ),
            ));
        }
        if input.channel == Channel::Paper && input.files.is_empty() {
            return Err(DomainError::validation(
                "files",
                "REQUIRED",
                "a paper document needs its scan",
            ));
        }
        Ok(DocumentReceived {
            document_id: input.document_id,
            unit_id: input.unit_id,
            definition: definition.id.clone(),
            definition_version: definition.version,
            step: definition.start.clone(),
            roles: start.roles.clone(),
            parent_id: input.parent_id,
            channel: input.channel,
            sender_agency: input.sender_agency,
            metadata: input.metadata.clean(actor.today)?,
            files: input.files,
            by: actor.by,
        })
    }

    /// Checks that `actor` may register the document now (the step offers `register`);
    /// the number itself comes from the register's own stream.
    pub fn may_register(&self, definition: &Definition, actor: &Actor) -> DomainResult<()> {
        self.check_not_withdrawn()?;
        if self.registration.is_some() {
            return Err(DomainError::conflict(
                "ALREADY_REGISTERED",
                "the document is already registered",
            ));
        }
        self.act(
            definition,
            actor,
            ActionInput {
                action: "register".to_owned(),
                ..ActionInput::default()
            },
        )
        .map(|_| ())
    }

    /// The events of registering with `number` (taken from the register's stream).
    pub fn register(
        &self,
        definition: &Definition,
        actor: &Actor,
        register_id: RegisterId,
        year: i32,
        number: u64,
    ) -> DomainResult<Vec<DocumentEvent>> {
        self.may_register(definition, actor)?;
        let id = self
            .id
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        let moved = self.act(
            definition,
            actor,
            ActionInput {
                action: "register".to_owned(),
                ..ActionInput::default()
            },
        )?;
        Ok(vec![
            DocumentEvent::Registered(DocumentRegistered {
                document_id: id,
                register_id,
                year,
                number,
                by: actor.by,
            }),
            DocumentEvent::ActionTaken(moved),
        ])
    }
}

impl Document {
    /// Decides a correction of the metadata: by someone who may act at the current step
    /// (its role, and holding the document when it was sent to named people), while the
    /// process runs.
    pub fn update_metadata(
        &self,
        definition: &Definition,
        actor: &Actor,
        metadata: Metadata,
    ) -> DomainResult<MetadataUpdated> {
        let id = self
            .id
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        self.may_update_metadata(definition, actor)?;
        Ok(MetadataUpdated {
            document_id: id,
            metadata: metadata.clean(actor.today)?,
            by: actor.by,
        })
    }

    /// Whether `actor` may correct the metadata now (see [`Document::update_metadata`]).
    pub fn may_update_metadata(&self, definition: &Definition, actor: &Actor) -> DomainResult<()> {
        self.check_not_withdrawn()?;
        if self.finished {
            return Err(DomainError::conflict(
                "FINISHED",
                "the document's process has ended",
            ));
        }
        let acts_here = definition
            .steps
            .get(&self.step)
            .is_some_and(|s| s.roles.contains(&actor.role));
        if !acts_here {
            return Err(DomainError::forbidden(
                "NOT_YOUR_STEP",
                format!("a {} does not act at step {}", actor.role, self.step),
            ));
        }
        if !self.holds(actor.by.position) {
            return Err(DomainError::forbidden(
                "NOT_A_HANDLER",
                "the document was sent to other people at this step",
            ));
        }
        Ok(())
    }
}

impl Document {
    /// Decides a co-handler's "my part is done" (with an optional note).
    pub fn complete_part(
        &self,
        actor: &Actor,
        note: Option<String>,
    ) -> DomainResult<PartCompleted> {
        let id = self
            .id
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        self.check_not_withdrawn()?;
        if !self.co_open.contains(&actor.by.position) {
            return Err(DomainError::forbidden(
                "NOT_A_CO_HANDLER",
                "you have no open part in this document",
            ));
        }
        let note = TextRule::line("note", 4000)
            .multiline()
            .clean_opt(note.as_deref())?;
        Ok(PartCompleted {
            document_id: id,
            note,
            by: actor.by,
        })
    }
}

/// The units holding a copy of a document that its fan-outs handed them and they have not
/// given back (a copy's refusal re-opening the document gives it back), from the document's
/// history under `definition`. A unit holds one copy at a time.
pub fn units_holding_copies<'a>(
    definition: &Definition,
    history: impl IntoIterator<Item = &'a DocumentEvent>,
) -> std::collections::BTreeSet<UnitId> {
    let mut holding = std::collections::BTreeSet::new();
    for event in history {
        match event {
            DocumentEvent::ActionTaken(e) => {
                let fans_out = definition
                    .steps
                    .get(&e.from_step)
                    .and_then(|s| s.actions.get(&e.action))
                    .is_some_and(|a| a.effects.iter().any(|f| matches!(f, Effect::FanOut { .. })));
                if fans_out {
                    holding.extend(e.units.iter().copied());
                }
            }
            DocumentEvent::Reopened(e) => {
                holding.remove(&e.child_unit_id);
            }
            _ => {}
        }
    }
    holding
}

/// The units a fan-out of `taken` hands a new copy to: those it names that do not hold one
/// already (`holding`, from [`units_holding_copies`] of the history before it). Re-assigning
/// a unit that still holds its copy gives it no second one.
pub fn units_given_copies(
    holding: &std::collections::BTreeSet<UnitId>,
    taken: &ActionTaken,
) -> Vec<UnitId> {
    taken
        .units
        .iter()
        .copied()
        .filter(|u| !holding.contains(u))
        .collect()
}

#[cfg(test)]
mod withdrawal_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::ids::{PositionId, RegisterId, UnitId, UserId};
    use uuid::Uuid;

    fn p2() -> Definition {
        let roles = crate::organisation::BUILT_IN_ROLES
            .iter()
            .map(|r| r.0.to_owned())
            .collect();
        crate::workflow::load(crate::workflow::SHIPPED, &roles)
            .unwrap()
            .into_iter()
            .find(|d| d.id == "p2-incoming-unit")
            .unwrap()
    }

    fn clerk(definition: &Definition) -> Actor {
        Actor {
            by: ActedBy {
                person: UserId(Uuid::from_u128(1)),
                position: PositionId(Uuid::from_u128(1001)),
            },
            role: definition.steps[&definition.start].roles[0].clone(),
            today: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        }
    }

    fn sender() -> ActedBy {
        ActedBy {
            person: UserId(Uuid::from_u128(9)),
            position: PositionId(Uuid::from_u128(1009)),
        }
    }

    const OUTGOING: Uuid = Uuid::from_u128(77);

    fn copy(definition: &Definition, channel: Channel) -> Document {
        let received = Document::default()
            .receive(
                definition,
                &clerk(definition),
                ReceiveInput {
                    document_id: Uuid::from_u128(5),
                    unit_id: UnitId(Uuid::from_u128(50)),
                    parent_id: None,
                    channel,
                    sender_agency: None,
                    metadata: Metadata {
                        issuing_body: "Vụ Pháp chế".to_owned(),
                        number_notation: "12/VPC-TH".to_owned(),
                        document_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                        document_type: "cong-van".to_owned(),
                        summary: "Về việc góp ý dự thảo".to_owned(),
                        language: "vi".to_owned(),
                        page_count: 2,
                        signer_name: None,
                        signer_position: None,
                        urgency: crate::reference::Urgency::Normal,
                        confidentiality: crate::reference::Confidentiality::Normal,
                        recipients: None,
                        deadline: None,
                        notes: None,
                    },
                    files: vec![FileRef {
                        sha256: "ab".repeat(32),
                        name: "cv.pdf".to_owned(),
                        media_type: "application/pdf".to_owned(),
                        size: 10,
                    }],
                },
            )
            .unwrap();
        let mut document = Document::default();
        document.evolve(&DocumentEvent::Received(received));
        document
    }

    fn withdrawn(definition: &Definition) -> Document {
        let mut document = copy(definition, Channel::Electronic);
        let event = document
            .withdraw(OUTGOING, "Sai nơi nhận", sender())
            .unwrap();
        assert_eq!(event.step, definition.start);
        assert_eq!(event.outgoing_id, OUTGOING);
        document.evolve_copy(&CopyEvent::Withdrawn(event));
        document
    }

    #[test]
    fn a_withdrawn_copy_refuses_every_action_and_offers_none() {
        let definition = p2();
        let document = withdrawn(&definition);
        let actor = clerk(&definition);
        assert!(document.finished);
        assert_eq!(document.step, WITHDRAWN_STEP);
        let situation = document.situation(actor.by.position);
        assert!(
            definition
                .available(&document.step, &actor.role, &situation)
                .is_empty()
        );
        let code = |r: DomainResult<()>| r.unwrap_err().code;
        assert_eq!(
            code(document.may_register(&definition, &actor)),
            "WITHDRAWN"
        );
        assert_eq!(
            code(
                document
                    .register(&definition, &actor, RegisterId(Uuid::from_u128(3)), 2026, 1)
                    .map(|_| ())
            ),
            "WITHDRAWN"
        );
        for action in definition.steps[&definition.start].actions.keys() {
            let input = ActionInput {
                action: action.clone(),
                note: Some("lý do".to_owned()),
                ..ActionInput::default()
            };
            assert_eq!(
                code(document.act(&definition, &actor, input).map(|_| ())),
                "WITHDRAWN",
                "{action}"
            );
        }
        let metadata = document.metadata.clone().unwrap();
        assert_eq!(
            code(
                document
                    .update_metadata(&definition, &actor, metadata)
                    .map(|_| ())
            ),
            "WITHDRAWN"
        );
        assert_eq!(
            code(document.complete_part(&actor, None).map(|_| ())),
            "WITHDRAWN"
        );
        // Withdrawn once.
        assert_eq!(
            code(document.withdraw(OUTGOING, "again", sender()).map(|_| ())),
            "WITHDRAWN"
        );
    }

    #[test]
    fn a_registered_or_refused_copy_cannot_be_withdrawn() {
        let definition = p2();
        let actor = clerk(&definition);
        let mut registered = copy(&definition, Channel::Electronic);
        for e in registered
            .register(&definition, &actor, RegisterId(Uuid::from_u128(3)), 2026, 1)
            .unwrap()
        {
            registered.evolve(&e);
        }
        assert_eq!(
            registered
                .withdraw(OUTGOING, "", sender())
                .unwrap_err()
                .code,
            "RECIPIENT_ACTED"
        );
        let mut corrected = copy(&definition, Channel::Electronic);
        let metadata = corrected.metadata.clone().unwrap();
        let updated = corrected
            .update_metadata(&definition, &actor, metadata)
            .unwrap();
        corrected.evolve(&DocumentEvent::MetadataUpdated(updated));
        assert_eq!(
            corrected.withdraw(OUTGOING, "", sender()).unwrap_err().code,
            "RECIPIENT_ACTED"
        );
        // Paper documents are nobody's copy.
        assert_eq!(
            copy(&definition, Channel::Paper)
                .withdraw(OUTGOING, "", sender())
                .unwrap_err()
                .code,
            "NOT_A_COPY"
        );
    }

    #[test]
    fn a_reinstated_copy_is_back_at_its_step() {
        let definition = p2();
        let actor = clerk(&definition);
        let mut document = withdrawn(&definition);
        assert_eq!(
            document
                .reinstate(&definition, Uuid::from_u128(78), sender())
                .unwrap_err()
                .code,
            "NOT_WITHDRAWN"
        );
        let back = document.reinstate(&definition, OUTGOING, sender()).unwrap();
        assert_eq!(back.step, definition.start);
        assert_eq!(back.roles, definition.steps[&definition.start].roles);
        document.evolve_copy(&CopyEvent::Reinstated(back));
        assert!(!document.finished);
        assert!(document.may_register(&definition, &actor).is_ok());
    }
}
