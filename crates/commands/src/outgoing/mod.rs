//! Commands on outgoing documents: drafting, versions, the review chain, opinions,
//! numbering from an outgoing register, signatures, issuance (each internal recipient's copy
//! lands in its office's awaiting-registration queue as an electronic incoming document),
//! and recall after issuance.
//!
//! Like an incoming document's, an outgoing document's stream is short: it is read whole for
//! each decision and appended expecting the revision decided on. These commands record what
//! was signed; the use cases ([`cases`]) sign through [`crate::signatures`] and call them.

pub mod cases;
pub mod copies;

use chancery_domain::catalogue::AnyEvent;
use chancery_domain::document::{self, Actor, DocumentId, FileRef};
use chancery_domain::events::StoredShape;
use chancery_domain::ids::{RegisterId, UnitId};
use chancery_domain::organisation::Organisation;
use chancery_domain::outgoing::{
    self, Addressee, Delivered, DocumentIssued, DocumentSigned, DraftCreated, DraftFields,
    DraftInput, IssueRecalled, Outgoing, OutgoingActionInput, OutgoingEvent, OutgoingId,
    OutgoingNumbered, Recipient,
};
use chancery_domain::register::{OutgoingBookEntry, OutgoingNumberTaken};
use chancery_domain::workflow::{Definition, Effect};
use chancery_domain::{DomainError, catalogue};
use chancery_event_store::{GlobalPosition, ReadDirection, ReadFrom, StoreError, StreamId};
use uuid::Uuid;

use crate::documents::Workflows;
use crate::{CONFLICT_RETRIES, CommandContext, CommandError, Commands, Outcome};

fn to_any(event: OutgoingEvent) -> AnyEvent {
    match event {
        OutgoingEvent::Created(e) => e.into(),
        OutgoingEvent::VersionAdded(e) => e.into(),
        OutgoingEvent::ActionTaken(e) => e.into(),
        OutgoingEvent::Signed(e) => e.into(),
        OutgoingEvent::Numbered(e) => e.into(),
        OutgoingEvent::IssuanceRequested(e) => e.into(),
        OutgoingEvent::Issued(e) => e.into(),
        OutgoingEvent::IssueRecalled(e) => e.into(),
        OutgoingEvent::RecipientsChanged(e) => e.into(),
        OutgoingEvent::OpinionsRequested(e) => e.into(),
        OutgoingEvent::OpinionGiven(e) => e.into(),
        OutgoingEvent::SignaturesVerified(e) => e.into(),
        OutgoingEvent::SourceKept(e) => e.into(),
    }
}

/// The outgoing event an event is, if it is one.
pub fn outgoing_event(event: AnyEvent) -> Option<OutgoingEvent> {
    Some(match event {
        AnyEvent::DraftCreated(e) => OutgoingEvent::Created(e),
        AnyEvent::VersionAdded(e) => OutgoingEvent::VersionAdded(e),
        AnyEvent::OutgoingActionTaken(e) => OutgoingEvent::ActionTaken(e),
        AnyEvent::DocumentSigned(e) => OutgoingEvent::Signed(e),
        AnyEvent::OutgoingNumbered(e) => OutgoingEvent::Numbered(e),
        AnyEvent::IssuanceRequested(e) => OutgoingEvent::IssuanceRequested(e),
        AnyEvent::DocumentIssued(e) => OutgoingEvent::Issued(e),
        AnyEvent::IssueRecalled(e) => OutgoingEvent::IssueRecalled(e),
        AnyEvent::RecipientsChanged(e) => OutgoingEvent::RecipientsChanged(e),
        AnyEvent::OpinionsRequested(e) => OutgoingEvent::OpinionsRequested(e),
        AnyEvent::OpinionGiven(e) => OutgoingEvent::OpinionGiven(e),
        AnyEvent::SignaturesVerified(e) => OutgoingEvent::SignaturesVerified(e),
        AnyEvent::SourceKept(e) => OutgoingEvent::SourceKept(e),
        _ => return None,
    })
}

pub use chancery_domain::issuing::pool_scope;

/// The internal recipient units of a draft, each able to receive its copy (its office has a
/// clerk and a receiving process in force on `day`); refused with `NO_CLERK` otherwise.
pub fn receiving_units(
    processes: &chancery_domain::processes::Processes,
    organisation: &chancery_domain::organisation::Organisation,
    fields: &DraftFields,
    day: chrono::NaiveDate,
) -> Result<Vec<UnitId>, CommandError> {
    let mut receiving = Vec::new();
    for recipient in &fields.recipients {
        if let Addressee::Unit(unit) = recipient.to {
            crate::incoming::receiving_route(processes, organisation, unit, day).map_err(|_| {
                DomainError::validation(
                    "recipients",
                    "NO_CLERK",
                    "a recipient unit has no clerk to receive the document",
                )
            })?;
            receiving.push(unit);
        }
    }
    Ok(receiving)
}

/// The id of the copy an issuance makes for a recipient unit: derived from the issuing
/// command and the unit, so a retried issuance finds the copies it already made.
/// The signature a signing action records, with the check of the signed file (recorded in
/// the same append).
#[derive(Debug, Clone)]
pub struct Signature {
    pub signed: DocumentSigned,
    pub verified: Option<chancery_domain::signing::SignaturesVerified>,
}

fn copy_id(command: Uuid, unit: UnitId) -> DocumentId {
    chancery_event_store::derive_event_id(Uuid::from_u128(command.as_u128() ^ unit.0.as_u128()), 1)
}

/// The command id of numbering document `id`: one number per document, whoever clicks.
fn numbering_command(id: OutgoingId) -> Uuid {
    chancery_event_store::derive_event_id(id, u32::MAX - 1)
}

/// What issuing needs besides the action.
#[derive(Debug, Clone)]
pub struct Issuance {
    /// The organisation's signature the caller applied (after the personal one).
    pub organisation_signature: DocumentSigned,
    /// What checking that signature found, recorded with the issuance.
    pub verified: chancery_domain::signing::SignaturesVerified,
    /// The internal recipients' units that can receive a copy (each has a clerk).
    pub receiving: Vec<UnitId>,
}

/// A new version of a draft: new files (the main PDF first) and/or fields, and a note.
#[derive(Debug, Clone, Default)]
pub struct NewVersion {
    pub files: Vec<FileRef>,
    /// The Word file the main PDF (first of `files`) was converted from, kept as the
    /// version's editable source.
    pub source: Option<FileRef>,
    pub fields: Option<DraftFields>,
    pub note: Option<String>,
}

/// What numbering needs.
#[derive(Debug, Clone)]
pub struct Numbering {
    pub register_id: RegisterId,
    pub year: i32,
    pub issue_date: chrono::NaiveDate,
    /// The document type's abbreviation (none for a công văn).
    pub type_abbreviation: Option<String>,
    /// The issuing body's abbreviation and the drafting unit's.
    pub issuer: String,
    pub drafting_unit: Option<String>,
    pub signer_name: String,
}

impl Commands {
    /// An outgoing document's state and the revision it was read at (`None`: no such
    /// document).
    pub async fn outgoing(&self, id: OutgoingId) -> Result<(Outgoing, Option<u64>), CommandError> {
        let (state, revision, _) = self.outgoing_and_ids(id).await?;
        Ok((state, revision))
    }

    /// Every stored event of an outgoing document, in order.
    pub async fn outgoing_events(
        &self,
        id: OutgoingId,
    ) -> Result<Vec<chancery_event_store::RecordedEvent>, CommandError> {
        let stream = StreamId::new(outgoing::stream(id))?;
        match self
            .store
            .read_stream(&stream, ReadDirection::Forwards, ReadFrom::Start, 100_000)
            .await
        {
            Ok(events) => Ok(events),
            Err(StoreError::StreamNotFound(_)) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        }
    }

    async fn outgoing_and_ids(
        &self,
        id: OutgoingId,
    ) -> Result<(Outgoing, Option<u64>, Vec<(Uuid, GlobalPosition)>), CommandError> {
        let mut state = Outgoing::default();
        let mut revision = None;
        let mut ids = Vec::new();
        for recorded in self.outgoing_events(id).await? {
            revision = Some(recorded.stream_revision);
            ids.push((recorded.event_id, recorded.global_position));
            let shape = StoredShape {
                event_type: recorded.event_type,
                schema_version: recorded.schema_version,
                payload: recorded.payload,
            };
            let event = catalogue::decode(&self.upcasters, shape)
                .map_err(|e| CommandError::Corrupt(e.to_string()))?;
            if let Some(e) = outgoing_event(event) {
                state.evolve(&e);
                if state.awaits_stamp() {
                    state.stamp(crate::recorded_at(&recorded.raw_metadata)?);
                }
            }
        }
        Ok((state, revision, ids))
    }

    async fn append_outgoing(
        &self,
        id: OutgoingId,
        revision: Option<u64>,
        context: &CommandContext,
        events: Vec<OutgoingEvent>,
    ) -> Result<Outcome, StoreError> {
        let next = revision.map_or(0, |r| r + 1);
        let events: Vec<AnyEvent> = events.into_iter().map(to_any).collect();
        self.append(&outgoing::stream(id), next, context, &events)
            .await
    }

    /// Runs `decide` on the current state and appends what it decides, deciding again after
    /// a lost race; a retried command (its first event already stored) appends nothing.
    async fn decide_outgoing(
        &self,
        context: &CommandContext,
        id: OutgoingId,
        decide: impl Fn(&Outgoing) -> Result<Vec<OutgoingEvent>, CommandError>,
    ) -> Result<Outcome, CommandError> {
        let first_event = chancery_event_store::derive_event_id(context.command_id, 0);
        for _ in 0..CONFLICT_RETRIES {
            let (state, revision, ids) = self.outgoing_and_ids(id).await?;
            if revision.is_none() {
                return Err(DomainError::not_found("documentId", "no such document").into());
            }
            if let Some((_, position)) = ids.iter().find(|(event, _)| *event == first_event) {
                return Ok(Outcome {
                    events: 0,
                    position: Some(*position),
                });
            }
            let events = decide(&state)?;
            match self.append_outgoing(id, revision, context, events).await {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                other => return Ok(other?),
            }
        }
        Err(CommandError::Contended)
    }

    /// Creates a draft; `source`: the Word file its main PDF was converted from, recorded in
    /// the same write ([`outgoing::SourceKept`]).
    pub async fn create_draft(
        &self,
        context: &CommandContext,
        definition: &Definition,
        actor: &Actor,
        input: DraftInput,
        source: Option<FileRef>,
    ) -> Result<Outcome, CommandError> {
        let id = input.document_id;
        let created: DraftCreated = Outgoing::default().create(definition, actor, input)?;
        let kept = source
            .map(|source| outgoing::SourceKept::of(id, 1, &created.files, source))
            .transpose()?;
        let mut events = vec![OutgoingEvent::Created(created)];
        events.extend(kept.map(OutgoingEvent::SourceKept));
        match self.append_outgoing(id, None, context, events).await {
            Err(StoreError::WrongExpectedRevision { .. }) => Err(CommandError::Refused(
                DomainError::conflict("DUPLICATE_ID", "the document already exists"),
            )),
            other => Ok(other?),
        }
    }

    /// Adds a version (new files and/or fields).
    pub async fn add_outgoing_version(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: OutgoingId,
        version: NewVersion,
    ) -> Result<Outcome, CommandError> {
        self.decide_outgoing(context, id, |state| {
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            let definition = &*definition;
            let added = state.add_version(
                definition,
                actor,
                version.files.clone(),
                version.fields.clone(),
                version.note.clone(),
            )?;
            let kept = version
                .source
                .clone()
                .map(|source| outgoing::SourceKept::of(id, added.version, &added.files, source))
                .transpose()?;
            let mut events = vec![OutgoingEvent::VersionAdded(added)];
            events.extend(kept.map(OutgoingEvent::SourceKept));
            Ok(events)
        })
        .await
    }

    /// Changes the recipients of a numbered document before it is issued (again): see
    /// [`Outgoing::change_recipients`].
    pub async fn change_outgoing_recipients(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: OutgoingId,
        recipients: Vec<Recipient>,
        note: Option<String>,
    ) -> Result<Outcome, CommandError> {
        self.decide_outgoing(context, id, |state| {
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            Ok(vec![OutgoingEvent::RecipientsChanged(
                state.change_recipients(&definition, actor, recipients.clone(), note.as_deref())?,
            )])
        })
        .await
    }

    /// Takes an action of the review chain. A signing action records `signed` (the
    /// signature the caller made on the current main file) with it; it is refused without.
    /// Numbering and issuing have their own commands.
    pub async fn act_on_outgoing(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: OutgoingId,
        input: OutgoingActionInput,
        signature: Option<Signature>,
    ) -> Result<Outcome, CommandError> {
        let (signed, verified) = signature.map_or((None, None), |s| (Some(s.signed), s.verified));
        if let Some(v) = &verified {
            crate::signing::check_signature_count(v.signatures.len())?;
        }
        let organisation = self.organisation().await?;
        self.decide_outgoing(context, id, |state| {
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            let definition = &*definition;
            let effects = state.effects_of(definition, &input.action);
            if effects
                .iter()
                .any(|e| matches!(e, Effect::AssignNumber | Effect::Issue))
            {
                return Err(DomainError::conflict_on(
                    "action",
                    "USE_ISSUE",
                    "numbering and issuing are done with their own operations",
                )
                .into());
            }
            // Named people who do not act at the target step are consulted (P3 step 6a:
            // the leader asks other leaders; the secretary collects their opinions).
            let mut input = input.clone();
            let mut consulted = Vec::new();
            let target_roles = definition
                .steps
                .get(&state.step)
                .and_then(|s| s.actions.get(&input.action))
                .and_then(|a| definition.steps.get(&a.to))
                .map(|s| s.roles.clone())
                .unwrap_or_default();
            let acts_there = |p: &chancery_domain::ids::PositionId| {
                organisation
                    .positions
                    .get(p)
                    .is_some_and(|x| target_roles.contains(&x.role))
            };
            if !input.recipients.is_empty() && !input.recipients.all().any(|p| acts_there(&p)) {
                consulted = input.recipients.all().collect();
            }
            let scope = scope_of(&organisation, state, definition, &input);
            let mut taken = state.act(definition, actor, input.clone(), scope)?;
            if !consulted.is_empty() {
                // They are asked, not sent the document: the step's pool holds it.
                taken.recipients = document::Recipients::default();
                input.recipients = document::Recipients::default();
            }
            let mut events = Vec::new();
            if !consulted.is_empty() {
                let deadline = input.deadline.unwrap_or(actor.today);
                let question = input
                    .note
                    .clone()
                    .unwrap_or_else(|| "Xin ý kiến".to_owned());
                let request_id = chancery_event_store::derive_event_id(context.command_id, 7);
                let asked = state.request_opinions(
                    actor,
                    request_id,
                    consulted.clone(),
                    &question,
                    deadline,
                )?;
                events.push(OutgoingEvent::OpinionsRequested(asked));
            }
            if effects.contains(&Effect::Sign) {
                let signed = signed.clone().ok_or_else(|| {
                    DomainError::validation(
                        "signature",
                        "REQUIRED",
                        "this action signs the document",
                    )
                })?;
                check_signed_file(state, &signed)?;
                events.push(OutgoingEvent::Signed(signed));
                // The check of the signed file, recorded in the same append: never a second
                // write after the first.
                if let Some(verified) = &verified {
                    events.push(OutgoingEvent::SignaturesVerified(verified.clone()));
                }
            }
            events.push(OutgoingEvent::ActionTaken(taken));
            Ok(events)
        })
        .await
    }

    /// Gives the document the next number of an outgoing register (the clerk's "cấp số"):
    /// one number per document, even when two clerks click at once. A numbering step of the
    /// process (`action`, P3) moves on with it; otherwise (P4) it is the first half of
    /// issuing: the step stays and the issuance is asked for in the same append
    /// (`outgoing.issuance-requested`). Returns the number and notation.
    pub async fn number_outgoing(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: OutgoingId,
        action: &str,
        numbering: Numbering,
    ) -> Result<(OutgoingNumbered, Outcome), CommandError> {
        let (state, _) = self.outgoing(id).await?;
        if let Some(numbered) = &state.number {
            if numbered.register_id != numbering.register_id {
                return Err(DomainError::conflict(
                    "ALREADY_NUMBERED",
                    format!(
                        "the document is already numbered {}",
                        numbered.number_notation
                    ),
                )
                .into());
            }
            return Ok((
                numbered.clone(),
                Outcome {
                    events: 0,
                    position: None,
                },
            ));
        }
        let definition = workflows.get(&state.definition.0, state.definition.1)?;
        let definition = &*definition;
        // Checks the step, the role and the signature before any number is taken.
        state.act(
            definition,
            actor,
            OutgoingActionInput {
                action: action.to_owned(),
                ..OutgoingActionInput::default()
            },
            None,
        )?;
        let effects = state.effects_of(definition, action);
        if !effects.contains(&Effect::AssignNumber) {
            return Err(DomainError::conflict_on(
                "action",
                "ACTION_NOT_ALLOWED",
                format!("{action} does not number the document"),
            )
            .into());
        }
        let fields = state
            .fields
            .clone()
            .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
        let (Some(unit), Some(office)) = (state.unit, state.office) else {
            return Err(DomainError::not_found("documentId", "no such document").into());
        };
        let mut numbering_context = context.follow_up();
        numbering_context.command_id = numbering_command(id);
        let make_notation = |number: u64| {
            outgoing::notation(
                number,
                numbering.type_abbreviation.as_deref(),
                &numbering.issuer,
                numbering.drafting_unit.as_deref(),
            )
        };
        let taken = self
            .take_next_number(
                &numbering_context,
                numbering.register_id,
                numbering.year,
                |number, _| {
                    OutgoingNumberTaken {
                        register_id: numbering.register_id,
                        year: numbering.year,
                        number,
                        document_id: id,
                        unit_id: office,
                        clerk: actor.by.person,
                        entry: OutgoingBookEntry {
                            number_notation: make_notation(number),
                            issue_date: numbering.issue_date,
                            document_type: fields.document_type.clone(),
                            summary: fields.summary.clone(),
                            signer_name: numbering.signer_name.clone(),
                            drafting_unit_id: unit,
                            urgency: fields.urgency,
                            confidentiality: fields.confidentiality,
                        },
                    }
                    .into()
                },
            )
            .await;
        let number = match taken {
            Ok((number, _)) => number,
            Err(CommandError::Store(StoreError::IdConflict { .. })) => {
                return Err(DomainError::conflict(
                    "ALREADY_NUMBERED",
                    "the document is being numbered in another register",
                )
                .into());
            }
            Err(e) => return Err(e),
        };
        let numbered = OutgoingNumbered {
            document_id: id,
            register_id: numbering.register_id,
            year: numbering.year,
            number,
            number_notation: make_notation(number),
            issue_date: numbering.issue_date,
            by: actor.by,
        };
        let moves_on = !effects.contains(&Effect::Issue);
        let organisation = self.organisation().await?;
        let outcome = self
            .decide_outgoing(context, id, |state| {
                if let Some(existing) = &state.number {
                    if existing.number == number && existing.register_id == numbering.register_id {
                        return Ok(Vec::new());
                    }
                    return Err(DomainError::conflict(
                        "ALREADY_NUMBERED",
                        format!(
                            "the document was just numbered {}",
                            existing.number_notation
                        ),
                    )
                    .into());
                }
                let mut events = vec![OutgoingEvent::Numbered(numbered.clone())];
                if !moves_on {
                    // Numbering is the first half of issuing: the issuance is asked for in
                    // the same append, and carried out by `crate::reactions::Issuance`.
                    let mut numbered_state = state.clone();
                    numbered_state.evolve(&OutgoingEvent::Numbered(numbered.clone()));
                    events.push(OutgoingEvent::IssuanceRequested(
                        numbered_state.request_issuance(definition, actor, action)?,
                    ));
                }
                if moves_on {
                    let input = OutgoingActionInput {
                        action: action.to_owned(),
                        ..OutgoingActionInput::default()
                    };
                    let scope = scope_of(&organisation, state, definition, &input);
                    events.push(OutgoingEvent::ActionTaken(
                        state.act(definition, actor, input, scope)?,
                    ));
                }
                Ok(events)
            })
            .await?;
        Ok((numbered, outcome))
    }

    /// Asks for the numbered document to be issued with `action` (see
    /// [`Outgoing::request_issuance`]); `crate::reactions::Issuance` carries it out.
    pub async fn request_issuance(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: OutgoingId,
        action: &str,
    ) -> Result<Outcome, CommandError> {
        self.decide_outgoing(context, id, |state| {
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            Ok(vec![OutgoingEvent::IssuanceRequested(
                state.request_issuance(&definition, actor, action)?,
            )])
        })
        .await
    }

    /// Issues the document (ban hành) as asked (`outgoing.issuance-requested`; nothing when
    /// no issuance is pending): records the organisation's signature, moves the process to
    /// its end, and names a copy for every internal recipient's office (made by
    /// `crate::reactions::IssuanceCopies`). External recipients are queued for inter-agency
    /// exchange by the issued event itself. Called by `crate::reactions::Issuance`.
    pub async fn issue_outgoing(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: OutgoingId,
        action: &str,
        issuance: Issuance,
    ) -> Result<Outcome, CommandError> {
        let organisation = self.organisation().await?;
        let outcome = self
            .decide_outgoing(context, id, |state| {
                let definition = workflows.get(&state.definition.0, state.definition.1)?;
                let definition = &*definition;
                // Carried out already (a second request, or this one again after a crash),
                // or recalled meanwhile: nothing is left to do.
                if state.issuance_requested.is_none() {
                    return Ok(Vec::new());
                }
                let effects = state.effects_of(definition, action);
                if !effects.contains(&Effect::Issue) {
                    return Err(DomainError::conflict_on(
                        "action",
                        "ACTION_NOT_ALLOWED",
                        format!("{action} does not issue the document"),
                    )
                    .into());
                }
                let Some(numbered) = state.number.clone() else {
                    return Err(DomainError::conflict(
                        "NOT_NUMBERED",
                        "the document has no number yet",
                    )
                    .into());
                };
                let input = OutgoingActionInput {
                    action: action.to_owned(),
                    ..OutgoingActionInput::default()
                };
                let scope = scope_of(&organisation, state, definition, &input);
                let taken = state.act(definition, actor, input, scope)?;
                let signed = issuance.organisation_signature.clone();
                if signed.kind != outgoing::SignatureKind::Organisation {
                    return Err(DomainError::validation(
                        "signature",
                        "NOT_THE_ORGANISATION",
                        "issuing needs the organisation's signature",
                    )
                    .into());
                }
                check_signed_file(state, &signed)?;
                let fields = state
                    .fields
                    .as_ref()
                    .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?;
                let mut delivered = Vec::new();
                for recipient in &fields.recipients {
                    let copy = match recipient.to {
                        Addressee::Unit(unit) => {
                            if !issuance.receiving.contains(&unit) {
                                return Err(DomainError::validation(
                                    "recipients",
                                    "NO_CLERK",
                                    "a recipient unit has no clerk to receive the document",
                                )
                                .into());
                            }
                            Some(copy_id(context.command_id, unit))
                        }
                        Addressee::Agency(_) => None,
                    };
                    delivered.push(Delivered {
                        recipient: *recipient,
                        copy_id: copy,
                    });
                }
                let mut files = state.files.clone();
                if let Some(main) = files.first_mut() {
                    main.clone_from(&signed.file);
                }
                for a in &signed.attachments {
                    if let Some(slot) = files.iter_mut().skip(1).find(|f| f.name == a.name) {
                        slot.clone_from(a);
                    }
                }
                crate::signing::check_signature_count(issuance.verified.signatures.len())?;
                Ok(vec![
                    OutgoingEvent::Signed(signed),
                    OutgoingEvent::ActionTaken(taken),
                    OutgoingEvent::Issued(DocumentIssued {
                        document_id: id,
                        number_notation: numbered.number_notation,
                        deliveries: delivered,
                        files,
                        by: actor.by,
                    }),
                    OutgoingEvent::SignaturesVerified(issuance.verified.clone()),
                ])
            })
            .await?;
        // The recipients' copies follow in a reaction to the issuance
        // (`crate::reactions::IssuanceCopies`).
        Ok(outcome)
    }

    /// Recalls an issued document while no recipient has acted on their copy: it goes back
    /// to the issuing step, frozen, and the copies leave the recipients' queues
    /// (`document.withdrawn` on each).
    ///
    /// There is no append across streams, so the order is what keeps it sound: the recall
    /// is decided first on the document as it stands (refused as usual: not issued, not
    /// the caller's, a copy already acted on); then each copy is withdrawn, appended
    /// expecting the revision its check was made on — a recipient registering it at the
    /// same moment either wins (the withdrawal is refused with `RECIPIENT_ACTED`) or finds
    /// it withdrawn — and only when every copy is withdrawn is the recall recorded. If a
    /// copy was acted on meanwhile, or the recall is refused in the end, the copies this
    /// command withdrew are put back (`document.reinstated`) and the refusal returned —
    /// unless someone else's recall of the document was recorded meanwhile (the copies stay
    /// withdrawn). Every event id derives from the command id, so a retry after a failure
    /// part way (a lost connection) completes the recall; a new recall of a document whose
    /// copies an interrupted one withdrew finds them withdrawn and records it.
    pub async fn recall_issue(
        &self,
        context: &CommandContext,
        workflows: &Workflows,
        actor: &Actor,
        id: OutgoingId,
        note: Option<String>,
    ) -> Result<Outcome, CommandError> {
        let organisation = self.organisation().await?;
        let (state, revision, ids) = self.outgoing_and_ids(id).await?;
        if revision.is_none() {
            return Err(DomainError::not_found("documentId", "no such document").into());
        }
        // The same command again, already recorded: answer as the first time did (the
        // position of its last event: the recall and its action).
        let mine: Vec<Uuid> = (0..2)
            .map(|n| chancery_event_store::derive_event_id(context.command_id, n))
            .collect();
        if let Some(position) = ids
            .iter()
            .filter(|(event, _)| mine.contains(event))
            .map(|(_, position)| *position)
            .max()
        {
            return Ok(Outcome {
                events: 0,
                position: Some(position),
            });
        }
        let copies: Vec<DocumentId> = state
            .issued
            .iter()
            .flat_map(|i| i.deliveries.iter().filter_map(|d| d.copy_id))
            .collect();
        let decide = |state: &Outgoing,
                      acted: &[(DocumentId, Option<chancery_domain::document::ActAt>)]|
         -> Result<Vec<OutgoingEvent>, CommandError> {
            state.may_recall_issue(acted)?;
            let definition = workflows.get(&state.definition.0, state.definition.1)?;
            let definition = &*definition;
            let input = OutgoingActionInput {
                action: outgoing::RECALL_ISSUE.to_owned(),
                note: note.clone(),
                ..OutgoingActionInput::default()
            };
            let scope = scope_of(&organisation, state, definition, &input);
            let taken = state.act(definition, actor, input, scope)?;
            Ok(vec![
                OutgoingEvent::IssueRecalled(IssueRecalled {
                    document_id: id,
                    withdrawn: copies.clone(),
                    note: taken.note.clone().unwrap_or_default(),
                    by: actor.by,
                }),
                OutgoingEvent::ActionTaken(taken),
            ])
        };
        // Decided on the document as it stands before any copy is touched.
        let mut acted = Vec::new();
        for copy in &copies {
            let (copy_state, _) = self.document(*copy).await?;
            if copy_state.withdrawn.is_none() && copy_state.acted_on() {
                acted.push((*copy, copy_state.first_act));
            }
        }
        let recall_note = decide(&state, &acted)?
            .into_iter()
            .find_map(|e| match e {
                OutgoingEvent::IssueRecalled(r) => Some(r.note),
                _ => None,
            })
            .unwrap_or_default();
        let mut withdrew = Vec::new();
        let mut refused = None;
        for copy in &copies {
            match self
                .withdraw_copy(context, *copy, id, &recall_note, actor.by)
                .await
            {
                Ok(crate::documents::Withdrawal::Withdrew(_)) => withdrew.push(*copy),
                Ok(crate::documents::Withdrawal::AlreadyWithdrawn) => {}
                Err(e @ CommandError::Refused(_)) => {
                    refused = Some(e);
                    break;
                }
                // Not a refusal (the store is unreachable…): a retry of the command goes on
                // from where it stopped.
                Err(e) => return Err(e),
            }
        }
        let recorded = match refused {
            Some(e) => Err(e),
            // Every copy is withdrawn now: none can be acted on any more.
            None => {
                self.decide_outgoing(context, id, |state| decide(state, &[]))
                    .await
            }
        };
        let error = match recorded {
            Ok(outcome) => return Ok(outcome),
            Err(e @ CommandError::Refused(_)) => e,
            Err(e) => return Err(e),
        };
        let (now, _) = self.outgoing(id).await?;
        if !now.recalled {
            for copy in &withdrew {
                self.reinstate_copy(context, workflows, *copy, id, actor.by)
                    .await?;
            }
        }
        Err(error)
    }

    /// Asks people for their opinion on the draft.
    pub async fn request_opinions(
        &self,
        context: &CommandContext,
        actor: &Actor,
        id: OutgoingId,
        asked: Vec<chancery_domain::ids::PositionId>,
        question: String,
        deadline: chrono::NaiveDate,
    ) -> Result<Outcome, CommandError> {
        let request_id = chancery_event_store::derive_event_id(context.command_id, 7);
        self.decide_outgoing(context, id, |state| {
            let requested =
                state.request_opinions(actor, request_id, asked.clone(), &question, deadline)?;
            Ok(vec![OutgoingEvent::OpinionsRequested(requested)])
        })
        .await
    }

    /// Gives one's opinion.
    pub async fn give_opinion(
        &self,
        context: &CommandContext,
        actor: &Actor,
        id: OutgoingId,
        request_id: Uuid,
        opinion: String,
        file: Option<FileRef>,
    ) -> Result<Outcome, CommandError> {
        self.decide_outgoing(context, id, |state| {
            let given = state.give_opinion(actor, request_id, &opinion, file.clone())?;
            Ok(vec![OutgoingEvent::OpinionGiven(given)])
        })
        .await
    }
}

/// Where the pool of the step `input` leads to is (none when it names people or ends).
fn scope_of(
    organisation: &Organisation,
    state: &Outgoing,
    definition: &Definition,
    input: &OutgoingActionInput,
) -> Option<UnitId> {
    let unit = state.unit?;
    let to = definition
        .steps
        .get(&state.step)
        .and_then(|s| s.actions.get(&input.action))
        .map(|a| a.to.clone())?;
    // A recall goes back to where it came from; its pool is found the same way.
    let to = if input.action == document::RECALL {
        state.sent_from.clone().unwrap_or(to)
    } else {
        to
    };
    let roles = definition.steps.get(&to).map(|s| s.roles.clone())?;
    pool_scope(organisation, unit, &roles)
}

/// A signature must be made on the document's current main file.
fn check_signed_file(state: &Outgoing, signed: &DocumentSigned) -> Result<(), CommandError> {
    let current = state
        .files
        .first()
        .ok_or_else(|| DomainError::validation("files", "REQUIRED", "no file to sign"))?;
    // Issued again after a recall: the seal goes on the personally signed file again.
    let reissue_base = match state.signatures.last() {
        Some(last) if last.kind == outgoing::SignatureKind::Organisation => state
            .signatures
            .iter()
            .rev()
            .find(|s| s.kind == outgoing::SignatureKind::Personal)
            .map(|s| s.file.sha256.as_str()),
        _ => None,
    };
    let from_base = signed.kind == outgoing::SignatureKind::Organisation
        && reissue_base == Some(signed.signed_from.as_str());
    if signed.signed_from != current.sha256 && !from_base {
        return Err(DomainError::conflict(
            "FILE_CHANGED",
            "the file changed since it was signed; sign the current version",
        )
        .into());
    }
    if signed.kind == outgoing::SignatureKind::Organisation && state.personal_signature().is_none()
    {
        return Err(DomainError::conflict(
            "NOT_SIGNED",
            "the organisation signs only after the competent person",
        )
        .into());
    }
    Ok(())
}

impl Commands {
    /// Appends a verification record to an outgoing document's stream (see
    /// [`Commands::record_verification`]).
    pub(crate) async fn record_outgoing_verification(
        &self,
        context: &CommandContext,
        verified: chancery_domain::signing::SignaturesVerified,
    ) -> Result<Outcome, CommandError> {
        let id = verified.document_id;
        self.decide_outgoing(context, id, |_| {
            Ok(vec![OutgoingEvent::SignaturesVerified(verified.clone())])
        })
        .await
    }
}

impl Commands {
    /// Where command `command` landed on outgoing document `id`, if it did (a retried
    /// request finds its first write here before deciding anything again).
    pub async fn outgoing_command_landed(
        &self,
        id: OutgoingId,
        command: Uuid,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let first_event = chancery_event_store::derive_event_id(command, 0);
        let (_, _, ids) = self.outgoing_and_ids(id).await?;
        Ok(ids
            .into_iter()
            .find(|(event, _)| *event == first_event)
            .map(|(_, position)| position))
    }
}
