//! An outgoing document (văn bản đi) or a submission (văn bản trình) from its first draft to
//! its issuance: the Decree 30 outgoing fields, its versions, the review and signing chain it
//! runs ([`workflow::Definition`] P3 or P4, kept at the version it started with), opinions
//! gathered on the way, the competent person's and the organisation's signatures, its number
//! from an outgoing register, and its delivery to the recipients. One stream per document
//! ([`stream`]).
//!
//! Who acts at a step: the drafter holds the draft; a move to named people makes them the
//! holders; otherwise the step belongs to the holders of its roles in a *scope* — the
//! nearest unit at or above the drafting unit in which someone holds one of those roles
//! (the drafter's department for its head, the unit for its leader and clerk, the ministry
//! for its leaders, secretaries and clerk). The scope is decided when the document moves
//! and recorded in the event, so the inboxes and access control read it, never recompute it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::document::{ActedBy, Actor, FileRef, Recipients, check_note_and_deadline};
use crate::error::{DomainError, DomainResult};
use crate::events::DomainEvent;
use crate::ids::{ExternalAgencyId, PositionId, RegisterId, UnitId};
use crate::organisation::SigningAuthority;
use crate::reference::{Confidentiality, Urgency};
use crate::text::TextRule;
use crate::workflow::{Condition, Definition, Effect, Need, Situation};

/// An outgoing document's id.
pub type OutgoingId = uuid::Uuid;

/// The stream of one outgoing document.
pub fn stream(id: OutgoingId) -> String {
    format!("outgoing-{id}")
}

/// Most characters in a summary (trích yếu).
pub const SUMMARY_MAX: usize = crate::document::SUMMARY_MAX;

/// Most recipients of one document.
pub const RECIPIENTS_MAX: usize = 500;

/// Most versions of one draft.
pub const VERSIONS_MAX: u32 = 200;

/// How a recipient receives the document (Seed 001 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    ElectronicOnly,
    ElectronicAndPaper,
}

/// Who receives an issued document: a unit of this installation (its clerk registers it),
/// or an external agency of the directory (queued for inter-agency exchange).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Addressee {
    Unit(UnitId),
    Agency(ExternalAgencyId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    pub to: Addressee,
    pub delivery: Delivery,
}

/// The outgoing fields of Decree 30 Appendix VI that the drafter fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftFields {
    /// Document type code (catalogue).
    pub document_type: String,
    pub summary: String,
    /// The competent person who signs (their position), and under which authority.
    pub signer: Option<PositionId>,
    pub signing_authority: Option<SigningAuthority>,
    pub recipients: Vec<Recipient>,
    pub urgency: Urgency,
    pub confidentiality: Confidentiality,
    /// The date by which recipients are asked to answer.
    pub reply_deadline: Option<NaiveDate>,
    /// Incoming documents this one answers or relates to.
    pub related_documents: Vec<uuid::Uuid>,
    /// Field (lĩnh vực) code.
    pub field: Option<String>,
    pub notes: Option<String>,
}

/// Sorts the recipients, refusing one named twice or more than [`RECIPIENTS_MAX`].
fn clean_recipients(mut recipients: Vec<Recipient>) -> DomainResult<Vec<Recipient>> {
    let before = recipients.len();
    recipients.sort_by_key(|r| r.to);
    recipients.dedup_by_key(|r| r.to);
    if recipients.len() != before {
        return Err(DomainError::validation(
            "recipients",
            "DUPLICATE_RECIPIENT",
            "a recipient is named twice",
        ));
    }
    if recipients.len() > RECIPIENTS_MAX {
        return Err(DomainError::validation(
            "recipients",
            "TOO_MANY",
            format!("at most {RECIPIENTS_MAX} recipients"),
        ));
    }
    Ok(recipients)
}

impl DraftFields {
    /// Cleans and checks every field.
    pub fn clean(self, today: NaiveDate) -> DomainResult<Self> {
        let recipients = clean_recipients(self.recipients)?;
        if self.related_documents.len() > 100 {
            return Err(DomainError::validation(
                "relatedDocuments",
                "TOO_MANY",
                "at most 100 related documents",
            ));
        }
        if let Some(deadline) = self.reply_deadline {
            crate::value::deadline("replyDeadline", deadline, today)?;
        }
        let mut related = self.related_documents;
        related.sort();
        related.dedup();
        Ok(Self {
            document_type: crate::text::code("documentType", &self.document_type, 64)?,
            summary: TextRule::line("summary", SUMMARY_MAX)
                .multiline()
                .clean(&self.summary)?,
            signer: self.signer,
            signing_authority: self.signing_authority,
            recipients,
            urgency: self.urgency,
            confidentiality: self.confidentiality,
            reply_deadline: self.reply_deadline,
            related_documents: related,
            field: match self.field {
                Some(f) => Some(crate::text::code("field", &f, 64)?),
                None => None,
            },
            notes: TextRule::line("notes", 2000)
                .multiline()
                .clean_opt(self.notes.as_deref())?,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

/// A draft was created: version 1 with its files, at the definition's start step, held by
/// the drafter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftCreated {
    pub document_id: OutgoingId,
    /// The drafting unit (đơn vị soạn thảo).
    pub unit_id: UnitId,
    /// The unit whose clerk numbers and issues it (the drafting unit's office).
    pub office_id: UnitId,
    pub definition: String,
    pub definition_version: u32,
    pub step: String,
    pub fields: DraftFields,
    pub files: Vec<FileRef>,
    pub by: ActedBy,
}

impl DomainEvent for DraftCreated {
    const EVENT_TYPE: &'static str = "outgoing.draft-created";
    const SCHEMA_VERSION: u32 = 1;
}

/// A new version: new files (an upload by the drafter, or a leader's direct edit) and/or
/// changed fields. Earlier versions stay readable. A new version voids a signature made on
/// an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionAdded {
    pub document_id: OutgoingId,
    pub version: u32,
    pub files: Vec<FileRef>,
    pub fields: DraftFields,
    pub note: Option<String>,
    pub by: ActedBy,
}

impl DomainEvent for VersionAdded {
    const EVENT_TYPE: &'static str = "outgoing.version-added";
    const SCHEMA_VERSION: u32 = 1;
}

/// The main PDF of a version was converted from a Word file (.docx), kept as the version's
/// editable source. Appended with the [`DraftCreated`] or [`VersionAdded`] it belongs to, in
/// the same write. The source is never signed, issued or sent to recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceKept {
    pub document_id: OutgoingId,
    /// The version whose main file was converted.
    pub version: u32,
    /// SHA-256 of the PDF made from the source (the version's main file).
    pub pdf: String,
    /// The .docx the PDF was made from.
    pub source: FileRef,
}

impl SourceKept {
    /// Records `source` as the editable version of `version`, whose main file (first of
    /// `files`) is the PDF made from it: the source is a Word file, the main file a PDF.
    pub fn of(
        document_id: OutgoingId,
        version: u32,
        files: &[FileRef],
        source: FileRef,
    ) -> DomainResult<SourceKept> {
        let pdf = files
            .first()
            .filter(|f| f.media_type == "application/pdf")
            .ok_or_else(|| {
                DomainError::validation("files", "NOT_A_PDF", "the main file is not a PDF")
            })?;
        if source.media_type != DOCX_MEDIA_TYPE {
            return Err(DomainError::validation(
                "files",
                "NOT_A_DOCX",
                "the editable version is not a Word file (.docx)",
            ));
        }
        Ok(SourceKept {
            document_id,
            version,
            pdf: pdf.sha256.clone(),
            source,
        })
    }
}

/// The media type of a Word file (.docx).
pub const DOCX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

impl DomainEvent for SourceKept {
    const EVENT_TYPE: &'static str = "outgoing.source-kept";
    const SCHEMA_VERSION: u32 = 1;
}

/// Someone took an action of the review chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutgoingActionTaken {
    pub document_id: OutgoingId,
    pub action: String,
    pub from_step: String,
    pub to_step: String,
    /// The roles that act at `to_step`.
    pub to_roles: Vec<String>,
    /// The unit whose holders of `to_roles` act at `to_step` (when not sent to named
    /// people).
    pub to_scope: Option<UnitId>,
    pub ends: bool,
    /// The note, or for a return the marks of what is not acceptable.
    pub note: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub recipients: Recipients,
    /// An annotated file sent back with a return.
    pub marks: Option<FileRef>,
    pub by: ActedBy,
}

impl OutgoingActionTaken {
    /// Whether the action hands the document on.
    pub fn moves(&self) -> bool {
        self.from_step != self.to_step || !self.recipients.is_empty()
    }
}

impl DomainEvent for OutgoingActionTaken {
    const EVENT_TYPE: &'static str = "outgoing.action-taken";
    const SCHEMA_VERSION: u32 = 1;
}

/// Whose signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatureKind {
    /// The competent person's (ký duyệt).
    Personal,
    /// The organisation's, applied by the clerk after the personal one (Decree 30 Art.
    /// 32.2.d).
    Organisation,
}

/// A digital signature was added to the main file (a new version of the file: the signed
/// PDF, an incremental update of the one before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentSigned {
    pub document_id: OutgoingId,
    pub kind: SignatureKind,
    /// The file signed.
    pub signed_from: String,
    /// The signed file.
    pub file: FileRef,
    /// Attachments signed with it (organisation signature), as signed files.
    pub attachments: Vec<FileRef>,
    pub signer_name: String,
    pub certificate_subject: String,
    pub certificate_serial: String,
    pub signing_authority: Option<SigningAuthority>,
    pub signed_at: DateTime<Utc>,
    pub by: ActedBy,
}

impl DomainEvent for DocumentSigned {
    const EVENT_TYPE: &'static str = "outgoing.signed";
    const SCHEMA_VERSION: u32 = 1;
}

/// The document took the next number of an outgoing register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutgoingNumbered {
    pub document_id: OutgoingId,
    pub register_id: RegisterId,
    pub year: i32,
    pub number: u64,
    /// Number and notation per Decree 30 Appendix I, e.g. `05/QĐ-BNV`.
    pub number_notation: String,
    pub issue_date: NaiveDate,
    pub by: ActedBy,
}

impl DomainEvent for OutgoingNumbered {
    const EVENT_TYPE: &'static str = "outgoing.numbered";
    const SCHEMA_VERSION: u32 = 1;
}

/// The clerk asked for the numbered document to be issued with `action` (the issuing step's
/// action): the organisation's seal, the issuance and the recipients' copies follow in
/// reactions (`commands::reactions::Issuance`), whatever becomes of the request that asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuanceRequested {
    pub document_id: OutgoingId,
    pub action: String,
    pub by: ActedBy,
}

impl DomainEvent for IssuanceRequested {
    const EVENT_TYPE: &'static str = "outgoing.issuance-requested";
    const SCHEMA_VERSION: u32 = 1;
}

/// One recipient's copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivered {
    pub recipient: Recipient,
    /// The incoming document created in a unit's awaiting-registration queue (none for an
    /// external agency: queued for exchange).
    pub copy_id: Option<uuid::Uuid>,
}

/// The document was issued (ban hành) to its recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentIssued {
    pub document_id: OutgoingId,
    pub number_notation: String,
    pub deliveries: Vec<Delivered>,
    pub files: Vec<FileRef>,
    pub by: ActedBy,
}

impl DomainEvent for DocumentIssued {
    const EVENT_TYPE: &'static str = "outgoing.issued";
    const SCHEMA_VERSION: u32 = 1;
}

/// The issued document was recalled while no recipient had acted: frozen, and the copies
/// withdrawn from the recipients' queues, until it is issued again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueRecalled {
    pub document_id: OutgoingId,
    pub withdrawn: Vec<uuid::Uuid>,
    pub note: String,
    pub by: ActedBy,
}

impl DomainEvent for IssueRecalled {
    const EVENT_TYPE: &'static str = "outgoing.issue-recalled";
    const SCHEMA_VERSION: u32 = 1;
}

/// The register keeper changed whom a numbered document goes to, before it is issued (again):
/// a recipient added after a recall ("to add a recipient"), or one taken off. The next
/// issuance delivers to `recipients`; `added` and `removed` say what changed, for the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipientsChanged {
    pub document_id: OutgoingId,
    /// Every recipient from now on.
    pub recipients: Vec<Recipient>,
    pub added: Vec<Addressee>,
    pub removed: Vec<Addressee>,
    pub note: Option<String>,
    pub by: ActedBy,
}

impl DomainEvent for RecipientsChanged {
    const EVENT_TYPE: &'static str = "outgoing.recipients-changed";
    const SCHEMA_VERSION: u32 = 1;
}

/// Opinions were asked on the draft (lấy ý kiến; P3 step 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpinionsRequested {
    pub document_id: OutgoingId,
    pub request_id: uuid::Uuid,
    pub asked: Vec<PositionId>,
    pub question: String,
    pub deadline: NaiveDate,
    pub by: ActedBy,
}

impl DomainEvent for OpinionsRequested {
    const EVENT_TYPE: &'static str = "outgoing.opinions-requested";
    const SCHEMA_VERSION: u32 = 1;
}

/// One asked person answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpinionGiven {
    pub document_id: OutgoingId,
    pub request_id: uuid::Uuid,
    pub opinion: String,
    pub file: Option<FileRef>,
    pub by: ActedBy,
}

impl DomainEvent for OpinionGiven {
    const EVENT_TYPE: &'static str = "outgoing.opinion-given";
    const SCHEMA_VERSION: u32 = 1;
}

/// Every outgoing-document event.
#[derive(Debug, Clone, PartialEq)]
pub enum OutgoingEvent {
    Created(DraftCreated),
    VersionAdded(VersionAdded),
    ActionTaken(OutgoingActionTaken),
    Signed(DocumentSigned),
    Numbered(OutgoingNumbered),
    IssuanceRequested(IssuanceRequested),
    Issued(DocumentIssued),
    IssueRecalled(IssueRecalled),
    RecipientsChanged(RecipientsChanged),
    OpinionsRequested(OpinionsRequested),
    OpinionGiven(OpinionGiven),
    SignaturesVerified(crate::signing::SignaturesVerified),
    SourceKept(SourceKept),
}

// ---------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------

/// One version of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub number: u32,
    pub files: Vec<FileRef>,
    pub by: ActedBy,
    pub note: Option<String>,
    /// The Word file (.docx) the main PDF was converted from, kept as the editable version
    /// ([`SourceKept`]); never among the files signed or issued.
    pub source: Option<FileRef>,
}

/// A signature on the current main file.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub kind: SignatureKind,
    pub by: ActedBy,
    pub file: FileRef,
}

/// An opinion request and its answers so far.
#[derive(Debug, Clone, PartialEq)]
pub struct OpinionRequest {
    pub id: uuid::Uuid,
    pub asked: Vec<PositionId>,
    pub question: String,
    pub deadline: NaiveDate,
    pub by: ActedBy,
    pub answers: Vec<(PositionId, String)>,
}

/// An outgoing document as the decider sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outgoing {
    pub id: Option<OutgoingId>,
    pub unit: Option<UnitId>,
    pub office: Option<UnitId>,
    pub definition: (String, u32),
    pub creator: Option<ActedBy>,
    pub fields: Option<DraftFields>,
    pub versions: Vec<Version>,
    /// The current main file and its attachments (the last version's files, replaced by
    /// their signed copies as signatures are added).
    pub files: Vec<FileRef>,
    pub step: String,
    /// The process's start step (the drafter's).
    pub start: String,
    pub scope: Option<UnitId>,
    pub sender: Option<ActedBy>,
    pub sent_from: Option<String>,
    pub holders: Recipients,
    pub acted_here: bool,
    pub finished: bool,
    pub signatures: Vec<Signature>,
    pub number: Option<OutgoingNumbered>,
    /// Issuance asked for and not carried out yet (cleared by the issuance or a recall).
    pub issuance_requested: Option<IssuanceRequested>,
    pub issued: Option<DocumentIssued>,
    /// Recalled after issuance (frozen until issued again).
    pub recalled: bool,
    pub opinions: Vec<OpinionRequest>,
    /// Every position the document was sent to or acted in (they read it).
    pub routed: std::collections::BTreeSet<PositionId>,
    /// The latest verification of each file verified (by file hash).
    pub verifications: Vec<crate::signing::SignaturesVerified>,
    /// Who acted first at the current step since it was entered, and when (while
    /// `acted_here`): the sender's recall is refused naming them.
    pub first_here: Option<crate::document::ActAt>,
}

impl Outgoing {
    pub fn evolve(&mut self, event: &OutgoingEvent) {
        let before = self.acted_here;
        self.evolve_process(event);
        if !self.acted_here {
            self.first_here = None;
        } else if !before {
            let by = match event {
                OutgoingEvent::VersionAdded(e) => Some(e.by),
                OutgoingEvent::ActionTaken(e) => Some(e.by),
                OutgoingEvent::Signed(e) => Some(e.by),
                OutgoingEvent::Numbered(e) => Some(e.by),
                OutgoingEvent::IssuanceRequested(e) => Some(e.by),
                OutgoingEvent::RecipientsChanged(e) => Some(e.by),
                OutgoingEvent::OpinionsRequested(e) => Some(e.by),
                _ => None,
            };
            self.first_here = by.map(|by| crate::document::ActAt { by, at: None });
        }
    }

    /// The last event evolved recorded an act whose time is not known yet: the loader
    /// passes the event's recorded time to [`Outgoing::stamp`].
    pub fn awaits_stamp(&self) -> bool {
        self.first_here.is_some_and(|a| a.at.is_none())
    }

    /// Gives the act the last event recorded its time.
    pub fn stamp(&mut self, at: chrono::DateTime<chrono::Utc>) {
        if let Some(act) = &mut self.first_here
            && act.at.is_none()
        {
            act.at = Some(at);
        }
    }

    fn evolve_process(&mut self, event: &OutgoingEvent) {
        match event {
            OutgoingEvent::Created(e) => {
                self.id = Some(e.document_id);
                self.unit = Some(e.unit_id);
                self.office = Some(e.office_id);
                self.definition = (e.definition.clone(), e.definition_version);
                self.creator = Some(e.by);
                self.fields = Some(e.fields.clone());
                self.versions = vec![Version {
                    number: 1,
                    files: e.files.clone(),
                    by: e.by,
                    note: None,
                    source: None,
                }];
                self.files.clone_from(&e.files);
                self.step.clone_from(&e.step);
                self.start.clone_from(&e.step);
                self.holders = Recipients {
                    main: Some(e.by.position),
                    ..Recipients::default()
                };
                self.routed.insert(e.by.position);
            }
            OutgoingEvent::VersionAdded(e) => {
                self.versions.push(Version {
                    number: e.version,
                    files: e.files.clone(),
                    by: e.by,
                    note: e.note.clone(),
                    source: None,
                });
                self.files.clone_from(&e.files);
                self.fields = Some(e.fields.clone());
                self.signatures.clear();
                self.acted_here = true;
                self.routed.insert(e.by.position);
            }
            OutgoingEvent::ActionTaken(e) => {
                self.routed.insert(e.by.position);
                self.routed.extend(e.recipients.all());
                self.finished = e.ends;
                let recall = e.action == crate::document::RECALL;
                self.step.clone_from(&e.to_step);
                self.scope = e.to_scope;
                if recall {
                    self.sender = None;
                    self.sent_from = None;
                    self.holders = Recipients {
                        main: Some(e.by.position),
                        ..Recipients::default()
                    };
                    self.acted_here = false;
                } else if e.moves() {
                    self.sender = Some(e.by);
                    self.sent_from = Some(e.from_step.clone());
                    self.acted_here = false;
                    self.holders = if e.recipients.is_empty() && self.step == self.start {
                        // Back to the drafter.
                        Recipients {
                            main: self.creator.map(|c| c.position),
                            ..Recipients::default()
                        }
                    } else {
                        e.recipients.clone()
                    };
                } else {
                    self.acted_here = true;
                }
                if e.action == RECALL_ISSUE {
                    self.recalled = true;
                }
            }
            OutgoingEvent::Signed(e) => {
                self.routed.insert(e.by.position);
                self.signatures.push(Signature {
                    kind: e.kind,
                    by: e.by,
                    file: e.file.clone(),
                });
                if let Some(main) = self.files.first_mut() {
                    *main = e.file.clone();
                }
                for signed in &e.attachments {
                    if let Some(slot) = self
                        .files
                        .iter_mut()
                        .skip(1)
                        .find(|f| f.name == signed.name)
                    {
                        *slot = signed.clone();
                    }
                }
                self.acted_here = true;
            }
            OutgoingEvent::Numbered(e) => {
                self.number = Some(e.clone());
                self.acted_here = true;
            }
            OutgoingEvent::IssuanceRequested(e) => {
                self.issuance_requested = Some(e.clone());
                self.acted_here = true;
            }
            OutgoingEvent::Issued(e) => {
                self.issued = Some(e.clone());
                self.issuance_requested = None;
                self.recalled = false;
            }
            OutgoingEvent::IssueRecalled(_) => {
                self.issuance_requested = None;
                self.recalled = true;
            }
            OutgoingEvent::RecipientsChanged(e) => {
                if let Some(fields) = &mut self.fields {
                    fields.recipients.clone_from(&e.recipients);
                }
                self.acted_here = true;
            }
            OutgoingEvent::OpinionsRequested(e) => {
                // Asking is acting on it: the sender can no longer recall it.
                self.acted_here = true;
                self.routed.extend(e.asked.iter().copied());
                self.opinions.push(OpinionRequest {
                    id: e.request_id,
                    asked: e.asked.clone(),
                    question: e.question.clone(),
                    deadline: e.deadline,
                    by: e.by,
                    answers: Vec::new(),
                });
            }
            OutgoingEvent::OpinionGiven(e) => {
                if let Some(r) = self.opinions.iter_mut().find(|r| r.id == e.request_id) {
                    r.answers.push((e.by.position, e.opinion.clone()));
                }
            }
            OutgoingEvent::SignaturesVerified(e) => {
                self.verifications
                    .retain(|v| v.file_sha256 != e.file_sha256);
                self.verifications.push(e.clone());
            }
            OutgoingEvent::SourceKept(e) => {
                if let Some(v) = self.versions.iter_mut().find(|v| {
                    v.number == e.version && v.files.first().is_some_and(|f| f.sha256 == e.pdf)
                }) {
                    v.source = Some(e.source.clone());
                }
            }
        }
    }

    pub fn situation(&self, position: PositionId) -> Situation {
        Situation {
            has_parent: false,
            is_sender: self.sender.is_some_and(|s| s.position == position),
            acted_here: self.acted_here,
        }
    }

    /// May `position` act at the current step (named holder, or the step's pool)?
    pub fn holds(&self, position: PositionId) -> bool {
        if self.holders.main.is_none() && self.holders.co.is_empty() {
            return true;
        }
        self.holders.main == Some(position) || self.holders.co.contains(&position)
    }

    /// The personal signature on the current file, if any.
    pub fn personal_signature(&self) -> Option<&Signature> {
        self.signatures
            .iter()
            .find(|s| s.kind == SignatureKind::Personal)
    }

    /// The positions that may act at the current step by name (holders and the sender who
    /// may recall), for access control.
    pub fn named(&self, position: PositionId) -> bool {
        self.holders.main == Some(position)
            || self.holders.co.contains(&position)
            || self.sender.is_some_and(|s| s.position == position)
    }

    fn id(&self) -> DomainResult<OutgoingId> {
        self.id
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))
    }
}

/// The clerk's recall of an issued document (to fix it and issue it again).
pub const RECALL_ISSUE: &str = "recall_issue";

/// What a draft starts with.
#[derive(Debug, Clone)]
pub struct DraftInput {
    pub document_id: OutgoingId,
    pub unit_id: UnitId,
    pub office_id: UnitId,
    pub fields: DraftFields,
    pub files: Vec<FileRef>,
}

/// What an action carries.
#[derive(Debug, Clone, Default)]
pub struct OutgoingActionInput {
    pub action: String,
    pub expected_step: Option<String>,
    pub note: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub recipients: Recipients,
    pub marks: Option<FileRef>,
}

/// Checks a file list: at least one file, the first (the main file) a PDF.
fn check_files(files: &[FileRef]) -> DomainResult<()> {
    let Some(main) = files.first() else {
        return Err(DomainError::validation(
            "files",
            "REQUIRED",
            "a draft needs its file",
        ));
    };
    if main.media_type != "application/pdf" {
        return Err(DomainError::validation(
            "files",
            "MAIN_FILE_NOT_PDF",
            "the main file of a draft must be a PDF (it is signed digitally)",
        ));
    }
    if files.len() > 50 {
        return Err(DomainError::validation(
            "files",
            "TOO_MANY",
            "at most 50 files",
        ));
    }
    Ok(())
}

impl Outgoing {
    /// Decides a new draft at `definition`'s start step, which the drafter's role must act at.
    pub fn create(
        &self,
        definition: &Definition,
        actor: &Actor,
        input: DraftInput,
    ) -> DomainResult<DraftCreated> {
        if self.id.is_some() {
            return Err(DomainError::conflict(
                "DUPLICATE_ID",
                "the document already exists",
            ));
        }
        let start = definition.steps.get(&definition.start).ok_or_else(|| {
            DomainError::conflict("BROKEN_DEFINITION", "the process has no start step")
        })?;
        if !start.roles.contains(&actor.role) {
            return Err(DomainError::forbidden(
                "NOT_YOUR_STEP",
                format!("a {} does not draft in this process", actor.role),
            ));
        }
        check_files(&input.files)?;
        Ok(DraftCreated {
            document_id: input.document_id,
            unit_id: input.unit_id,
            office_id: input.office_id,
            definition: definition.id.clone(),
            definition_version: definition.version,
            step: definition.start.clone(),
            fields: input.fields.clean(actor.today)?,
            files: input.files,
            by: actor.by,
        })
    }

    /// Whether `actor` may add a version now, that is edit the draft's files or fields (its
    /// summary, recipients, signer…): whoever holds the current step and whose role acts
    /// there (the drafter at the draft, the head or the clerk reviewing it at theirs), while
    /// the process runs and before the document is numbered.
    pub fn may_add_version(&self, definition: &Definition, actor: &Actor) -> DomainResult<()> {
        self.id()?;
        self.check_open()?;
        if self.number.is_some() {
            return Err(DomainError::conflict(
                "ALREADY_NUMBERED",
                "the document is numbered: return it to the drafter to change it",
            ));
        }
        self.check_holder(
            definition,
            actor,
            "only the person holding the draft changes it",
        )
    }

    /// `actor` holds the current step and their role acts there (`NOT_A_HANDLER` otherwise).
    fn check_holder(
        &self,
        definition: &Definition,
        actor: &Actor,
        refusal: &'static str,
    ) -> DomainResult<()> {
        let acts_here = definition
            .steps
            .get(&self.step)
            .is_some_and(|s| s.roles.contains(&actor.role));
        if !acts_here || !self.holds(actor.by.position) {
            return Err(DomainError::forbidden("NOT_A_HANDLER", refusal));
        }
        Ok(())
    }

    /// Decides a new version: by whoever may act at the current step (the drafter at the
    /// draft, a reviewer editing directly), before the clerk numbers it.
    pub fn add_version(
        &self,
        definition: &Definition,
        actor: &Actor,
        files: Vec<FileRef>,
        fields: Option<DraftFields>,
        note: Option<String>,
    ) -> DomainResult<VersionAdded> {
        let id = self.id()?;
        self.may_add_version(definition, actor)?;
        let version = u32::try_from(self.versions.len()).unwrap_or(u32::MAX) + 1;
        if version > VERSIONS_MAX {
            return Err(DomainError::conflict(
                "TOO_MANY_VERSIONS",
                format!("a draft keeps at most {VERSIONS_MAX} versions"),
            ));
        }
        let files = if files.is_empty() {
            self.files.clone()
        } else {
            files
        };
        check_files(&files)?;
        let fields = match fields {
            Some(f) => f.clean(actor.today)?,
            None => self
                .fields
                .clone()
                .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?,
        };
        Ok(VersionAdded {
            document_id: id,
            version,
            files,
            fields,
            note: TextRule::line("note", 4000)
                .multiline()
                .clean_opt(note.as_deref())?,
            by: actor.by,
        })
    }

    fn check_open(&self) -> DomainResult<()> {
        if self.finished && self.issued.is_none() {
            return Err(DomainError::conflict(
                "FINISHED",
                "the document's process has ended",
            ));
        }
        Ok(())
    }

    /// The effects the action `action` at the current step carries.
    pub fn effects_of<'d>(&self, definition: &'d Definition, action: &str) -> &'d [Effect] {
        definition
            .steps
            .get(&self.step)
            .and_then(|s| s.actions.get(action))
            .map_or(&[], |a| a.effects.as_slice())
    }

    /// Decides the clerk's request to issue the numbered document with `action`, an action
    /// of the current step that issues: the step, role, holder, signature and recipients are
    /// checked as for the action itself, and the document must have its number. Asked again
    /// before the issuance is carried out, it is asked again (the reaction carries out the
    /// first and finds nothing left to do for the second).
    pub fn request_issuance(
        &self,
        definition: &Definition,
        actor: &Actor,
        action: &str,
    ) -> DomainResult<IssuanceRequested> {
        if !self.effects_of(definition, action).contains(&Effect::Issue) {
            return Err(DomainError::conflict_on(
                "action",
                "ACTION_NOT_ALLOWED",
                format!("{action} does not issue the document"),
            ));
        }
        let document_id = self
            .id
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        if self.number.is_none() {
            return Err(DomainError::conflict(
                "NOT_NUMBERED",
                "the document has no number yet",
            ));
        }
        self.act(
            definition,
            actor,
            OutgoingActionInput {
                action: action.to_owned(),
                ..OutgoingActionInput::default()
            },
            None,
        )?;
        Ok(IssuanceRequested {
            document_id,
            action: action.to_owned(),
            by: actor.by,
        })
    }

    /// Decides an action of the review chain. `to_scope` is where the pool of the target
    /// step is (decided by the caller from the organisation). Effects are checked here but
    /// carried out by the caller: a signing action needs `signed` (the signature it made),
    /// a numbering action needs the document unnumbered, issuing needs the personal
    /// signature and a number.
    pub fn act(
        &self,
        definition: &Definition,
        actor: &Actor,
        input: OutgoingActionInput,
        to_scope: Option<UnitId>,
    ) -> DomainResult<OutgoingActionTaken> {
        let id = self.id()?;
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
            && input.action == crate::document::RECALL
            && definition
                .steps
                .get(&self.step)
                .is_some_and(|s| s.actions.contains_key(crate::document::RECALL))
        {
            return Err(crate::document::recipient_acted(self.first_here.as_ref()));
        }
        let action = definition.offered(&self.step, &actor.role, &situation, &input.action)?;
        let recall = action.when == Some(Condition::SenderBeforeAction);
        if !recall && !self.holds(actor.by.position) {
            return Err(DomainError::forbidden(
                "NOT_A_HANDLER",
                "the document was sent to other people at this step",
            ));
        }
        let note =
            check_note_and_deadline(action, input.note.as_deref(), input.deadline, actor.today)?;
        if action.needs.contains(&Need::Recipients)
            && !action.effects.contains(&Effect::Issue)
            && input.recipients.is_empty()
        {
            return Err(DomainError::validation(
                "recipients",
                "REQUIRED",
                "this action needs the people to send to",
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
        if action.needs.contains(&Need::Attachments) && self.files.is_empty() {
            return Err(DomainError::validation(
                "files",
                "REQUIRED",
                "this action needs an attached file",
            ));
        }
        for effect in &action.effects {
            match effect {
                Effect::Sign => {
                    let signed_by_me = self.signatures.iter().any(|s| {
                        s.kind == SignatureKind::Personal && s.by.position == actor.by.position
                    });
                    if signed_by_me {
                        return Err(DomainError::conflict(
                            "ALREADY_SIGNED",
                            "you have already signed this version",
                        ));
                    }
                }
                // A document numbered before (issued, recalled, issued again) keeps its
                // number; numbering needs the competent person's signature.
                Effect::AssignNumber if self.personal_signature().is_none() => {
                    return Err(DomainError::conflict(
                        "NOT_SIGNED",
                        "the competent person has not signed the document",
                    ));
                }
                Effect::Issue => {
                    if self.personal_signature().is_none() {
                        return Err(DomainError::conflict(
                            "NOT_SIGNED",
                            "the competent person has not signed the document",
                        ));
                    }
                    let has_recipients = self
                        .fields
                        .as_ref()
                        .is_some_and(|f| !f.recipients.is_empty());
                    if !has_recipients {
                        return Err(DomainError::validation(
                            "recipients",
                            "REQUIRED",
                            "the document has no recipients to issue to",
                        ));
                    }
                }
                _ => {}
            }
        }
        let to_step = match (&self.sent_from, recall) {
            (Some(from), true) => from.clone(),
            _ => action.to.clone(),
        };
        let target = definition.steps.get(&to_step);
        Ok(OutgoingActionTaken {
            document_id: id,
            action: input.action,
            from_step: self.step.clone(),
            to_roles: target.map(|s| s.roles.clone()).unwrap_or_default(),
            ends: target.is_some_and(|s| s.end),
            to_step,
            to_scope,
            note,
            deadline: input.deadline,
            recipients: input.recipients,
            marks: input.marks,
            by: actor.by,
        })
    }

    /// Whether the issuance as it stands still delivers `copy`: a recall (or a recall and a
    /// new issuance, with copies of its own) withdrew it, so a copy not yet made is not made.
    pub fn delivers_copy(&self, copy: uuid::Uuid) -> bool {
        !self.recalled
            && self
                .issued
                .as_ref()
                .is_some_and(|i| i.deliveries.iter().any(|d| d.copy_id == Some(copy)))
    }

    /// Decides the recall of an issued document: by the register keeper, while no
    /// recipient has acted on their copy (`acted`: the copies someone acted on, with who
    /// acted first on each and when, as far as known; the refusal names the first).
    pub fn may_recall_issue(
        &self,
        acted: &[(uuid::Uuid, Option<crate::document::ActAt>)],
    ) -> DomainResult<()> {
        if self.issued.is_none() || self.recalled {
            return Err(DomainError::conflict(
                "NOT_ISSUED",
                "the document is not issued",
            ));
        }
        if let Some((_, act)) = acted.first() {
            return Err(crate::document::recipient_acted(act.as_ref()));
        }
        Ok(())
    }

    /// May `actor` change the recipients now ([`Outgoing::change_recipients`])? Once the
    /// document is numbered its draft can no longer be edited, so its recipients change on
    /// their own: by whoever holds the current step and whose role acts there (the register
    /// keeper at the issuing step, after a recall or before the first issuance), while no
    /// issuance is pending and the document is not issued (or was recalled). Before it is
    /// numbered, recipients are edited with the draft ([`Outgoing::add_version`]).
    pub fn may_change_recipients(
        &self,
        definition: &Definition,
        actor: &Actor,
    ) -> DomainResult<()> {
        self.id()?;
        self.check_open()?;
        if self.number.is_none() {
            return Err(DomainError::conflict(
                "NOT_NUMBERED",
                "the document is not numbered yet: change its recipients in the draft",
            ));
        }
        if self.issued.is_some() && !self.recalled {
            return Err(DomainError::conflict(
                "ISSUED",
                "the document is issued: recall it to change its recipients",
            ));
        }
        if self.issuance_requested.is_some() {
            return Err(DomainError::conflict(
                "ISSUANCE_PENDING",
                "the document is being issued",
            ));
        }
        self.check_holder(
            definition,
            actor,
            "only the person holding the document changes its recipients",
        )
    }

    /// Decides a change of recipients (see [`Outgoing::may_change_recipients`]): at least
    /// one recipient, none twice, and something must change.
    pub fn change_recipients(
        &self,
        definition: &Definition,
        actor: &Actor,
        recipients: Vec<Recipient>,
        note: Option<&str>,
    ) -> DomainResult<RecipientsChanged> {
        let document_id = self.id()?;
        self.may_change_recipients(definition, actor)?;
        let recipients = clean_recipients(recipients)?;
        if recipients.is_empty() {
            return Err(DomainError::validation(
                "recipients",
                "REQUIRED",
                "the document has no recipients to issue to",
            ));
        }
        let before: Vec<Recipient> = self
            .fields
            .as_ref()
            .map(|f| f.recipients.clone())
            .unwrap_or_default();
        if before == recipients {
            return Err(DomainError::validation(
                "recipients",
                "UNCHANGED",
                "the recipients are the same as before",
            ));
        }
        let was: std::collections::BTreeSet<Addressee> = before.iter().map(|r| r.to).collect();
        let now: std::collections::BTreeSet<Addressee> = recipients.iter().map(|r| r.to).collect();
        Ok(RecipientsChanged {
            document_id,
            added: now.difference(&was).copied().collect(),
            removed: was.difference(&now).copied().collect(),
            recipients,
            note: TextRule::line("note", 2000).multiline().clean_opt(note)?,
            by: actor.by,
        })
    }

    /// Decides a request for opinions: by a holder of the current step.
    pub fn request_opinions(
        &self,
        actor: &Actor,
        request_id: uuid::Uuid,
        asked: Vec<PositionId>,
        question: &str,
        deadline: NaiveDate,
    ) -> DomainResult<OpinionsRequested> {
        let id = self.id()?;
        self.check_open()?;
        if self.finished {
            return Err(DomainError::conflict(
                "FINISHED",
                "the document's process has ended",
            ));
        }
        if !self.named(actor.by.position) && !self.holds(actor.by.position) {
            return Err(DomainError::forbidden(
                "NOT_A_HANDLER",
                "only the person holding the draft asks for opinions",
            ));
        }
        let mut asked = asked;
        asked.sort();
        asked.dedup();
        asked.retain(|p| *p != actor.by.position);
        if asked.is_empty() || asked.len() > 100 {
            return Err(DomainError::validation(
                "asked",
                "REQUIRED",
                "name between 1 and 100 people to ask",
            ));
        }
        crate::value::deadline("deadline", deadline, actor.today)?;
        Ok(OpinionsRequested {
            document_id: id,
            request_id,
            asked,
            question: TextRule::line("question", 4000)
                .multiline()
                .clean(question)?,
            deadline,
            by: actor.by,
        })
    }

    /// Decides an answer to a request for opinions: by someone asked, once.
    pub fn give_opinion(
        &self,
        actor: &Actor,
        request_id: uuid::Uuid,
        opinion: &str,
        file: Option<FileRef>,
    ) -> DomainResult<OpinionGiven> {
        let id = self.id()?;
        let request = self
            .opinions
            .iter()
            .find(|r| r.id == request_id)
            .ok_or_else(|| DomainError::not_found("requestId", "no such request for opinions"))?;
        if !request.asked.contains(&actor.by.position) {
            return Err(DomainError::forbidden(
                "NOT_ASKED",
                "your opinion was not asked on this request",
            ));
        }
        if request.answers.iter().any(|(p, _)| *p == actor.by.position) {
            return Err(DomainError::conflict(
                "ALREADY_ANSWERED",
                "you have already given your opinion",
            ));
        }
        Ok(OpinionGiven {
            document_id: id,
            request_id,
            opinion: TextRule::line("opinion", 8000).multiline().clean(opinion)?,
            file,
            by: actor.by,
        })
    }
}

/// The number and notation of Decree 30 Appendix I: the number (below 10 with a leading
/// zero), then the type's abbreviation and the issuing body's (`05/QĐ-BNV`), or for a công
/// văn (no type abbreviation) the issuing body's and the drafting unit's (`05/BNV-VP`).
pub fn notation(
    number: u64,
    type_abbreviation: Option<&str>,
    issuer: &str,
    drafting_unit: Option<&str>,
) -> String {
    let number = if number < 10 {
        format!("0{number}")
    } else {
        number.to_string()
    };
    match (type_abbreviation, drafting_unit) {
        (Some(t), _) => format!("{number}/{t}-{issuer}"),
        (None, Some(unit)) if unit != issuer => format!("{number}/{issuer}-{unit}"),
        (None, _) => format!("{number}/{issuer}"),
    }
}

#[cfg(test)]
mod tests {
    use super::notation;

    #[test]
    fn notation_follows_appendix_one() {
        assert_eq!(notation(5, Some("QĐ"), "BNV", Some("VP")), "05/QĐ-BNV");
        assert_eq!(notation(5, None, "BNV", Some("VP")), "05/BNV-VP");
        assert_eq!(notation(12, None, "BNV", None), "12/BNV");
        assert_eq!(notation(120, Some("TB"), "SNV", None), "120/TB-SNV");
    }
}
