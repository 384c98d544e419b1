//! The incoming-document use cases: a document arrives (on paper at the caller's office, or
//! electronically from another agency — one path for both), is registered, moves through
//! the actions of its process, has its metadata corrected, is cancelled when received by
//! mistake, is marked read.
//!
//! Each use case takes the [`Caller`] and the parsed input, asks `domain::access` through
//! [`Caller::check`] (never a condition of its own), applies the domain's rules — the
//! catalogue and `Metadata::clean` for metadata, `routing` for who a document may be sent
//! to, `calendar::deadline` for a deadline — resolves files named by hash through
//! [`files::attach`], and issues its commands through [`Commands`]. Refusals carry the
//! stable reasons and fields the API has always answered with.

use std::sync::Arc;

use chancery_domain::DomainError;
use chancery_domain::access::Action;
use chancery_domain::calendar;
use chancery_domain::catalogues::Catalogues;
use chancery_domain::document::{
    self, ActionInput, Channel, DocumentId, FileRef, Metadata, ReceiveInput, Recipients,
};
use chancery_domain::ids::{ExternalAgencyId, RegisterId, UnitId};
use chancery_domain::organisation::Organisation;
use chancery_domain::processes::Processes;
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_domain::routing;
use chancery_domain::workflow::{Definition, Subject};
use chancery_event_store::GlobalPosition;
use chancery_files::{FileStore, Uploads};
use chrono::{Datelike, NaiveDate};

use crate::caller::Caller;
use crate::documents::{Registration, Workflows, facts};
use crate::files::{self, Carrier, FileWanted};
use crate::signatures::Verifier;
use crate::{CommandError, Commands, Outcome};

/// At most this many co-handlers and people informed in one action.
pub const MAX_RECIPIENTS: usize = 500;

/// The incoming-document use cases, with what they need: the commands, the process
/// definitions, the file store and the record of uploads.
#[derive(Clone, Copy)]
pub struct Incoming<'a> {
    pub commands: &'a Commands,
    pub workflows: &'a Workflows,
    pub files: &'a FileStore,
    pub uploads: &'a Uploads,
}

/// The incoming fields of Decree 30 Appendix VI as typed, before the catalogue and the
/// domain's rule ([`Metadata::clean`]) checked them.
#[derive(Debug, Clone)]
pub struct MetadataInput {
    pub issuing_body: String,
    pub number_notation: String,
    pub document_date: NaiveDate,
    /// A document type code from the catalogue.
    pub document_type: String,
    pub summary: String,
    pub language: String,
    pub page_count: i32,
    pub signer_name: Option<String>,
    pub signer_position: Option<String>,
    pub urgency: Urgency,
    pub confidentiality: Confidentiality,
    pub recipients: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub notes: Option<String>,
}

impl MetadataInput {
    /// The metadata: a positive page count (`pageCount` `OUT_OF_RANGE`), an active document
    /// type of the catalogue (`documentType` `UNKNOWN_DOCUMENT_TYPE`), then the domain's rule
    /// for texts and dates.
    pub fn checked(
        self,
        catalogues: &Catalogues,
        today: NaiveDate,
    ) -> Result<Metadata, DomainError> {
        let page_count = u32::try_from(self.page_count).map_err(|_| {
            DomainError::validation(
                "pageCount",
                "OUT_OF_RANGE",
                "the page count must be positive",
            )
        })?;
        let document_type = self.document_type.trim();
        let known = catalogues
            .document_types
            .get(document_type)
            .is_some_and(|t| t.active);
        if !known {
            return Err(DomainError::validation(
                "documentType",
                "UNKNOWN_DOCUMENT_TYPE",
                format!("no document type {document_type}"),
            ));
        }
        Metadata {
            issuing_body: self.issuing_body,
            number_notation: self.number_notation,
            document_date: self.document_date,
            document_type: document_type.to_owned(),
            summary: self.summary,
            language: self.language,
            page_count,
            signer_name: self.signer_name,
            signer_position: self.signer_position,
            urgency: self.urgency,
            confidentiality: self.confidentiality,
            recipients: self.recipients,
            deadline: self.deadline,
            notes: self.notes,
        }
        .clean(today)
    }
}

/// How a document arrives: delivered on paper, or electronically.
#[derive(Debug, Clone)]
pub enum Delivery {
    /// On paper, at the office of the caller (one of its clerks): it starts the incoming
    /// process named, or the first one whose start step the caller's role acts at.
    Paper { process: Option<String> },
    /// Electronically from another agency (from the external agencies directory) to a unit:
    /// it starts the incoming process of the unit's office as its clerks would. A stand-in
    /// for the national exchange; administrators, or the receiving office's clerks.
    Electronic {
        sender_agency: ExternalAgencyId,
        unit: UnitId,
    },
}

/// A document arriving.
#[derive(Debug, Clone)]
pub struct Receive {
    pub delivery: Delivery,
    pub metadata: MetadataInput,
    /// The scan first, then any attachments (an electronic document carries at least one).
    pub files: Vec<FileWanted>,
}

/// What receiving did.
#[derive(Debug, Clone)]
pub struct Received {
    /// Derived from the command: the same request twice makes one document.
    pub document_id: DocumentId,
    /// The office whose clerks register it.
    pub office: UnitId,
    /// `None` when the request was sent twice and the first made it.
    pub position: Option<GlobalPosition>,
    /// As cleaned, to look for probable duplicates.
    pub issuing_body: String,
    pub number_notation: String,
}

/// An action of a document's process, or a co-handler's [`document::COMPLETE_PART`].
#[derive(Debug, Clone)]
pub struct Act {
    pub document_id: DocumentId,
    pub action: String,
    /// The step the client showed (`STEP_MOVED` when someone acted first).
    pub expected_step: Option<String>,
    pub note: Option<String>,
    /// A deadline as a date, or as a number of working days from today (not both).
    pub deadline: Option<NaiveDate>,
    pub deadline_in_working_days: Option<i32>,
    pub recipients: Recipients,
    /// Units (departments) named as main handler, co-handler or for information: each is
    /// replaced by the position receiving for it (`routing::resolve_unit_recipients`) before
    /// the action is recorded, so the recorded action names positions.
    pub unit_recipients: routing::UnitRecipients,
    /// Units to assign the document to (fan-out).
    pub units: Vec<UnitId>,
    pub files: Vec<FileWanted>,
}

fn unknown_unit() -> DomainError {
    DomainError::validation("unitId", "UNKNOWN_UNIT", "no such unit")
}

/// The incoming process a role starts in `office` on `date`: the one named (`process`:
/// `UNKNOWN_PROCESS`, `PROCESS_NOT_IN_FORCE`, `NOT_AN_INCOMING_PROCESS`), or the one in force
/// there whose start step the role acts at, the most specifically and recently activated
/// first (`domain::processes`; `NOT_YOUR_STEP` when there is none). A running document
/// keeps the version it started with.
pub fn incoming_definition(
    processes: &Processes,
    organisation: &Organisation,
    office: UnitId,
    date: NaiveDate,
    role: &str,
    named: Option<&str>,
) -> Result<Arc<Definition>, DomainError> {
    if let Some(id) = named {
        let definition = processes
            .in_force(organisation, id, Some(office), date)
            .ok_or_else(|| {
                if processes.latest(id).is_some() {
                    DomainError::validation(
                        "process",
                        "PROCESS_NOT_IN_FORCE",
                        "this process is not in force here on this day",
                    )
                } else {
                    DomainError::validation(
                        "process",
                        "UNKNOWN_PROCESS",
                        "no process definition by this name",
                    )
                }
            })?;
        if definition.subject != Subject::IncomingDocument {
            return Err(DomainError::validation(
                "process",
                "NOT_AN_INCOMING_PROCESS",
                "not an incoming-document process",
            ));
        }
        return Ok(definition.clone());
    }
    processes
        .starting(organisation, Some(office), date, |d| {
            d.subject == Subject::IncomingDocument
                && d.steps
                    .get(&d.start)
                    .is_some_and(|s| s.roles.iter().any(|r| r == role))
        })
        .cloned()
        .ok_or_else(|| {
            DomainError::forbidden(
                "NOT_YOUR_STEP",
                "the position you act in does not receive documents",
            )
        })
}

/// How `unit` receives a document from outside on `date`: the office whose clerks register
/// it, the incoming process it starts there, and the clerks' role (`unitId` `UNKNOWN_UNIT`,
/// `NO_CLERK`).
pub fn receiving_route(
    processes: &Processes,
    organisation: &Organisation,
    unit: UnitId,
    date: NaiveDate,
) -> Result<(UnitId, Arc<Definition>, String), DomainError> {
    let office = organisation.office_of(unit).ok_or_else(unknown_unit)?;
    // The receiving office's process, started by its clerks' role.
    let (definition, clerk_role) = organisation
        .positions
        .values()
        .filter(|p| p.active && organisation.office_of(p.unit) == Some(office))
        .find_map(|p| {
            incoming_definition(processes, organisation, office, date, &p.role, None)
                .ok()
                .map(|d| (d, p.role.clone()))
        })
        .ok_or_else(|| {
            DomainError::validation("unitId", "NO_CLERK", "the unit has no clerk to receive it")
        })?;
    Ok((office, definition, clerk_role))
}

impl Incoming<'_> {
    /// A document arrives and waits at the first step of its office's incoming process to
    /// be registered (or refused). Sent twice (the same command): the first made it, and
    /// the answer is the same document.
    pub async fn receive(&self, caller: &Caller, input: Receive) -> Result<Received, CommandError> {
        let catalogues = self.commands.catalogues().await?;
        let (office, definition, role, channel, sender_agency) = match input.delivery {
            Delivery::Paper { process } => {
                let acting = caller.acting()?;
                let office = caller.organisation.office_of(acting.unit).ok_or_else(|| {
                    DomainError::forbidden("NOT_THE_REGISTER_KEEPER", "not a clerk")
                })?;
                caller.check(&Action::KeepRegistersOf { unit: office })?;
                let processes = self.workflows.fresh(self.commands).await?;
                let definition = incoming_definition(
                    &processes,
                    &caller.organisation,
                    office,
                    caller.today(),
                    &acting.role,
                    process.as_deref(),
                )?;
                (
                    office,
                    definition,
                    acting.role.clone(),
                    Channel::Paper,
                    None,
                )
            }
            Delivery::Electronic {
                sender_agency,
                unit,
            } => {
                let office = caller
                    .organisation
                    .office_of(unit)
                    .ok_or_else(unknown_unit)?;
                if caller.check(&Action::ManageOrganisation).is_err() {
                    caller.check(&Action::KeepRegistersOf { unit: office })?;
                }
                if !catalogues.external_agencies.contains_key(&sender_agency) {
                    return Err(DomainError::validation(
                        "senderAgencyId",
                        "UNKNOWN_AGENCY",
                        "no such external agency",
                    )
                    .into());
                }
                // The receiving office's clerks receive it, whoever simulates the exchange.
                let (_, definition, clerk_role) = receiving_route(
                    &*self.workflows.fresh(self.commands).await?,
                    &caller.organisation,
                    unit,
                    caller.today(),
                )?;
                (
                    office,
                    definition,
                    clerk_role,
                    Channel::Electronic,
                    Some(sender_agency),
                )
            }
        };
        let metadata = input.metadata.checked(&catalogues, caller.today())?;
        caller.check(&Action::Classify {
            level: metadata.confidentiality,
        })?;
        let files = self.attach(caller, None, input.files).await?;
        if sender_agency.is_some() && files.is_empty() {
            return Err(DomainError::validation(
                "files",
                "REQUIRED",
                "an electronic document carries its file",
            )
            .into());
        }
        // The document's id derives from the command: the same request twice makes one.
        let id = chancery_event_store::derive_event_id(caller.context.command_id, 0xD0C);
        let mut actor = caller.actor()?;
        actor.role = role;
        let received = Received {
            document_id: id,
            office,
            position: None,
            issuing_body: metadata.issuing_body.clone(),
            number_notation: metadata.number_notation.clone(),
        };
        let outcome = self
            .commands
            .receive_document(
                &caller.context,
                &definition,
                &actor,
                ReceiveInput {
                    document_id: id,
                    unit_id: office,
                    parent_id: None,
                    channel,
                    sender_agency,
                    metadata,
                    files,
                },
            )
            .await;
        // Every signature a received document carries is checked on arrival: a reaction to
        // the arrival (`crate::reactions::ArrivalChecks`).
        let position = match outcome {
            Ok(outcome) => outcome.position,
            // Sent twice: the first made it.
            Err(CommandError::Refused(e)) if e.code == "DUPLICATE_ID" => None,
            Err(e) => return Err(e),
        };
        Ok(Received {
            position,
            ..received
        })
    }

    fn verifier(&self) -> Verifier<'_> {
        Verifier {
            commands: self.commands,
            files: self.files,
        }
    }

    /// Checks the digital signatures of every PDF of a document again now (against today's
    /// trust anchors: a root added or removed since changes the answer) and records what it
    /// found. Anyone who may read the document may ask, auditors included.
    pub async fn verify_signatures(
        &self,
        caller: &Caller,
        document: DocumentId,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let (state, revision) = self.commands.document(document).await?;
        if revision.is_none() {
            return Err(DomainError::no_such_document().into());
        }
        caller.check(&Action::ReadDocument(&crate::documents::facts(
            &state,
            self.workflows,
        )))?;
        self.verifier()
            .verify_incoming(&caller.context, document, &state.files)
            .await
    }

    /// Registers a document (vào sổ) in a register of its office, for this year: its next
    /// arrival number (the number taken, and what was written). For the office's clerks;
    /// which registers take the document is the register's rule.
    pub async fn register(
        &self,
        caller: &Caller,
        document: DocumentId,
        register: RegisterId,
    ) -> Result<(u64, Outcome), CommandError> {
        let (state, _) = self.commands.document(document).await?;
        let unit = state.unit.ok_or_else(DomainError::no_such_document)?;
        caller.check(&Action::KeepRegistersOf { unit })?;
        self.commands
            .register_document(
                &caller.context,
                self.workflows,
                &caller.actor()?,
                document,
                Registration {
                    register_id: register,
                    year: caller.today().year(),
                    arrived_at: caller.now(),
                },
            )
            .await
    }

    /// Takes an action of the document's process (exactly those its step offers the
    /// caller's role), or completes a co-handler's part.
    pub async fn act(&self, caller: &Caller, input: Act) -> Result<Outcome, CommandError> {
        let id = input.document_id;
        let (state, revision) = self.commands.document(id).await?;
        if revision.is_none() {
            return Err(DomainError::no_such_document().into());
        }
        let acting = caller.acting()?;
        let document_facts = facts(&state, self.workflows);
        if input.action == document::COMPLETE_PART {
            caller.check(&Action::ActOnDocument {
                facts: &document_facts,
                named: state.co_open.contains(&acting.position),
            })?;
            return self
                .commands
                .complete_document_part(&caller.context, &caller.actor()?, id, input.note)
                .await;
        }
        // Named: a handler of the step, or the sender recalling what they sent.
        let named = state.holders.main == Some(acting.position)
            || state.holders.co.contains(&acting.position)
            || (input.action == document::RECALL
                && state.sender.is_some_and(|s| s.position == acting.position));
        caller.check(&Action::ActOnDocument {
            facts: &document_facts,
            named,
        })?;
        let named = input.recipients.co.len()
            + input.recipients.info.len()
            + input.unit_recipients.co.len()
            + input.unit_recipients.info.len();
        if named > MAX_RECIPIENTS {
            return Err(DomainError::validation(
                "recipients",
                "TOO_MANY",
                "at most 500 recipients",
            )
            .into());
        }
        let recipients = routing::resolve_unit_recipients(
            &caller.organisation,
            acting.unit,
            input.recipients,
            &input.unit_recipients,
        )?;
        routing::may_route_to_positions(&caller.organisation, acting.unit, &recipients)?;
        routing::may_route_to_units(&caller.organisation, acting.unit, &input.units)?;
        let deadline = if input.deadline.is_none() && input.deadline_in_working_days.is_none() {
            None
        } else {
            let catalogues = self.commands.catalogues().await?;
            calendar::deadline(
                &catalogues,
                caller.organisation.country_of(acting.unit),
                caller.today(),
                input.deadline,
                input.deadline_in_working_days,
            )?
        };
        let carried: Vec<&FileRef> = state.files.iter().collect();
        let carrier = Carrier {
            facts: &document_facts,
            files: &carried,
        };
        let files = self.attach(caller, Some(carrier), input.files).await?;
        self.commands
            .act_on_document(
                &caller.context,
                self.workflows,
                &caller.actor()?,
                id,
                ActionInput {
                    action: input.action.chars().take(100).collect(),
                    expected_step: input.expected_step,
                    note: input.note,
                    deadline,
                    recipients,
                    units: input.units,
                    files,
                },
            )
            .await
    }

    /// Corrects the metadata (a handler at a step whose process allows it, before or after
    /// registering); nobody classifies above their clearance.
    pub async fn update_metadata(
        &self,
        caller: &Caller,
        document: DocumentId,
        metadata: MetadataInput,
    ) -> Result<Outcome, CommandError> {
        let (state, revision) = self.commands.document(document).await?;
        if revision.is_none() {
            return Err(DomainError::no_such_document().into());
        }
        let acting = caller.acting()?;
        let named = state.holders.main == Some(acting.position)
            || state.holders.co.contains(&acting.position);
        caller.check(&Action::ActOnDocument {
            facts: &facts(&state, self.workflows),
            named,
        })?;
        let catalogues = self.commands.catalogues().await?;
        let metadata = metadata.checked(&catalogues, caller.today())?;
        caller.check(&Action::Classify {
            level: metadata.confidentiality,
        })?;
        self.commands
            .update_document_metadata(
                &caller.context,
                self.workflows,
                &caller.actor()?,
                document,
                metadata,
            )
            .await
    }

    /// Cancels a document received by mistake (`note`: why), before it is registered: for
    /// the clerks of the office that received it (`domain::cancellation`).
    pub async fn cancel(
        &self,
        caller: &Caller,
        document: DocumentId,
        note: Option<String>,
    ) -> Result<Outcome, CommandError> {
        let (state, revision) = self.commands.document(document).await?;
        if revision.is_none() {
            return Err(DomainError::no_such_document().into());
        }
        let unit = state.unit.ok_or_else(DomainError::no_such_document)?;
        caller.check(&Action::KeepRegistersOf { unit })?;
        self.commands
            .cancel_document(
                &caller.context,
                self.workflows,
                &caller.actor()?,
                document,
                note,
            )
            .await
    }

    /// Marks a document read for the caller, who may read it.
    pub async fn mark_read(
        &self,
        caller: &Caller,
        document: DocumentId,
    ) -> Result<Outcome, CommandError> {
        let (state, revision) = self.commands.document(document).await?;
        if revision.is_none() {
            return Err(DomainError::no_such_document().into());
        }
        caller.check(&Action::ReadDocument(&facts(&state, self.workflows)))?;
        self.commands
            .mark_document_read(&caller.context, caller.actor()?.by, document)
            .await
    }

    /// The files `wanted`, as [`files::attach`] checked them for the caller.
    async fn attach(
        &self,
        caller: &Caller,
        carrier: Option<Carrier<'_>>,
        wanted: Vec<FileWanted>,
    ) -> Result<Vec<FileRef>, CommandError> {
        files::attach(self.files, self.uploads, caller, carrier, wanted).await
    }
}
