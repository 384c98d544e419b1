//! The use cases of outgoing documents and submissions (P3, P4), as the API calls them: open
//! one, draft, add a version, act on the review chain — signing, numbering, issuing and the
//! verification of what was issued included — ask and give opinions, preview the next number.
//!
//! Each takes the [`Caller`] and decides everything itself: access (`domain::access` through
//! `domain::issuing`), the catalogue and organisation rules (`domain::issuing`), the step
//! (`Outgoing::act`). The caller's signing key, the file store and the clock come in through
//! [`OutgoingCases`] and the caller.

use std::sync::Arc;

use chancery_domain::DomainError;
use chancery_domain::access::Action;
use chancery_domain::document::{self, Recipients};
use chancery_domain::ids::{PositionId, RegisterId, UnitId};
use chancery_domain::issuing;
use chancery_domain::outgoing::{
    DOCX_MEDIA_TYPE, DraftFields, DraftInput, Outgoing, OutgoingActionInput, OutgoingId,
    RECALL_ISSUE, Recipient, SignatureKind,
};
use chancery_domain::workflow::{Definition, Effect, Subject};
use chancery_event_store::{GlobalPosition, derive_event_id};
use chancery_files::{ConvertError, FileStore, Uploads};
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use super::{NewVersion, Numbering};
use crate::caller::Caller;
use crate::custody::Confirmed;
use crate::documents::Workflows;
use crate::files::{Carrier, FileWanted};
use crate::signatures::{Placement, Signatures, Vault};
use crate::signing::Confirmations;
use crate::{CommandError, Commands};
use chancery_domain::confirmation::{self, Confirmation};

/// The name of the PDF made from the Word file `name`: `.docx` replaced by `.pdf`.
fn pdf_name(name: &str) -> String {
    let stem = name
        .len()
        .checked_sub(5)
        .filter(|&at| name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(".docx"))
        .map_or(name, |at| &name[..at]);
    format!("{stem}.pdf")
}

/// A conversion that did not happen, as a refusal with its stable code: the server cannot
/// convert (`CONVERSION_UNAVAILABLE`, `CONVERSION_TIMEOUT`: conflicts with the server's
/// state) or the file cannot be converted (`CONVERSION_FAILED`, `TOO_LARGE`: validation).
fn conversion_refused(e: ConvertError) -> CommandError {
    let message = match &e {
        ConvertError::Unavailable(_) => {
            "the server cannot convert Word files to PDF: upload a PDF".to_owned()
        }
        ConvertError::Timeout(_) | ConvertError::Failed(_) | ConvertError::TooLarge { .. } => {
            e.to_string()
        }
    };
    tracing::warn!(error = %e, code = e.code(), "conversion to PDF");
    CommandError::Refused(match e {
        ConvertError::Unavailable(_) | ConvertError::Timeout(_) => {
            DomainError::conflict(e.code(), message)
        }
        ConvertError::Failed(_) | ConvertError::TooLarge { .. } => {
            DomainError::validation("files", e.code(), message)
        }
    })
}

/// What the outgoing use cases work with.
#[derive(Clone, Copy)]
pub struct OutgoingCases<'a> {
    pub commands: &'a Commands,
    pub workflows: &'a Workflows,
    pub files: &'a FileStore,
    pub uploads: &'a Uploads,
    pub vault: &'a Vault,
    /// What checks the caller's confirmation before a server-held key is used.
    pub confirmations: Confirmations<'a>,
}

/// An action of the review chain as the caller asked for it.
#[derive(Debug, Clone)]
pub struct ActRequest {
    pub action: String,
    /// The step the caller saw (`STEP_MOVED` when someone acted first).
    pub expected_step: Option<String>,
    pub note: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub recipients: Recipients,
    /// Units (departments) named as main handler, co-handler or for information: each is
    /// replaced by the position receiving for it (`routing::resolve_unit_recipients`) before
    /// the action is decided, so the recorded action names positions.
    pub unit_recipients: chancery_domain::routing::UnitRecipients,
    /// An annotated file sent back with a return.
    pub marks: Option<FileWanted>,
    /// The register that numbers the document (actions that number it).
    pub register: Option<RegisterId>,
    /// Where the personal signature goes (signing actions).
    pub placement: Option<Placement>,
    /// The key to sign with; by default the caller's current one.
    pub signing_key: Option<Uuid>,
    /// The caller's signing PIN or TOTP code: required by actions that sign or issue (a
    /// server-held key is never used by a click alone, `domain::confirmation`).
    pub confirmation: Option<Confirmation>,
}

/// What signing one document of a batch did.
#[derive(Debug)]
pub struct BatchSigned {
    pub document: OutgoingId,
    pub result: Result<Acted, CommandError>,
}

/// What an action did: where its last write landed, and whether it delivered or withdrew
/// recipients' copies (their offices' queues change too).
#[derive(Debug, Clone, Copy, Default)]
pub struct Acted {
    pub position: Option<GlobalPosition>,
    pub delivers: bool,
}

/// The next number of a register, as a preview for the clerk.
#[derive(Debug, Clone)]
pub struct NextNumber {
    pub number: u64,
    pub number_notation: String,
    /// The document already has its number (the preview is that number).
    pub already_numbered: bool,
}

impl OutgoingCases<'_> {
    fn signatures(&self) -> Signatures<'_> {
        Signatures {
            commands: self.commands,
            files: self.files,
            vault: self.vault,
        }
    }

    async fn definition_of(&self, state: &Outgoing) -> Result<Arc<Definition>, CommandError> {
        self.workflows
            .definition(self.commands, &state.definition.0, state.definition.1)
            .await
    }

    /// The document, if the caller may open it (`domain::issuing::may_read`).
    pub async fn readable(
        &self,
        caller: &Caller,
        id: OutgoingId,
    ) -> Result<(Outgoing, u64), CommandError> {
        let (state, revision) = self.commands.outgoing(id).await?;
        let revision = revision.ok_or_else(DomainError::no_such_document)?;
        issuing::may_read(
            &state,
            self.definition_of(&state).await.ok().as_deref(),
            &caller.principal,
            &caller.organisation,
        )?;
        Ok((state, revision))
    }

    /// The files an input names, checked by the attach use case: the caller's own uploads,
    /// or files `state` carries that the caller may read.
    async fn attach(
        &self,
        caller: &Caller,
        state: Option<&Outgoing>,
        wanted: Vec<FileWanted>,
    ) -> Result<Vec<document::FileRef>, CommandError> {
        let facts = state.map(issuing::facts);
        let carried = state.map(issuing::carried_files).unwrap_or_default();
        let carrier = facts.as_ref().map(|facts| Carrier {
            facts,
            files: &carried,
        });
        crate::files::attach(self.files, self.uploads, caller, carrier, wanted).await
    }

    /// The files of a version with its main file (the first) a PDF: a Word file (.docx) given
    /// as the main file is converted by LibreOffice ([`chancery_files::Converter`]), the PDF
    /// stored under the Word file's name ending in `.pdf` and put first, and the Word file
    /// returned apart as the version's editable source. Other files pass unchanged.
    async fn converted(
        &self,
        caller: &Caller,
        mut files: Vec<document::FileRef>,
    ) -> Result<(Vec<document::FileRef>, Option<document::FileRef>), CommandError> {
        let Some(main) = files.first().filter(|f| f.media_type == DOCX_MEDIA_TYPE) else {
            return Ok((files, None));
        };
        let docx = self.files.get(&main.sha256).await?;
        let pdf = self
            .files
            .converter()
            .docx_to_pdf(&docx)
            .await
            .map_err(conversion_refused)?;
        let stored = self.files.put(&pdf_name(&main.name), pdf).await?;
        self.uploads
            .mark_attached(std::slice::from_ref(&stored.sha256), caller.now())
            .await?;
        let source = std::mem::replace(
            &mut files[0],
            document::FileRef {
                sha256: stored.sha256,
                name: stored.name,
                media_type: stored.media_type,
                size: stored.size,
            },
        );
        Ok((files, Some(source)))
    }

    /// The fields of a draft drafted in `unit`, checked: the caller may classify at that
    /// level, and the catalogues and the organisation take them.
    async fn checked_fields(
        &self,
        caller: &Caller,
        unit: UnitId,
        fields: DraftFields,
    ) -> Result<DraftFields, CommandError> {
        caller.check(&Action::Classify {
            level: fields.confidentiality,
        })?;
        let catalogues = self.commands.catalogues().await?;
        issuing::check_fields(&caller.organisation, &catalogues, unit, &fields)?;
        Ok(fields)
    }

    /// Starts a draft (P4) or a submission (P3) of `process` in the caller's unit, held by
    /// the caller. The same request twice makes one draft. Returns its id and where it landed.
    pub async fn create_draft(
        &self,
        caller: &Caller,
        process: &str,
        fields: DraftFields,
        files: Vec<FileWanted>,
    ) -> Result<(OutgoingId, Option<GlobalPosition>), CommandError> {
        let acting = caller.acting()?;
        // The version in force in the caller's unit today.
        self.workflows.fresh(self.commands).await?;
        let definition = self.workflows.in_force(
            &caller.organisation,
            "process",
            process,
            Some(acting.unit),
            caller.today(),
        )?;
        let definition = &*definition;
        if !matches!(
            definition.subject,
            Subject::OutgoingDocument | Subject::Submission
        ) {
            return Err(DomainError::validation(
                "process",
                "NOT_AN_OUTGOING_PROCESS",
                "not an outgoing-document process",
            )
            .into());
        }
        // Who drafts in this process, before anything they typed is looked at.
        if !definition
            .steps
            .get(&definition.start)
            .is_some_and(|s| s.roles.contains(&acting.role))
        {
            return Err(DomainError::forbidden(
                "NOT_YOUR_STEP",
                "the position you act in does not draft in this process",
            )
            .into());
        }
        let office = issuing::issuing_office(&caller.organisation, definition, acting.unit)
            .ok_or_else(|| {
                DomainError::validation(
                    "process",
                    "NO_OFFICE",
                    "your unit has no office keeping registers",
                )
            })?;
        let fields = self.checked_fields(caller, acting.unit, fields).await?;
        let files = self.attach(caller, None, files).await?;
        let (files, source) = self.converted(caller, files).await?;
        let id = derive_event_id(caller.context.command_id, 0x0D7);
        let outcome = self
            .commands
            .create_draft(
                &caller.context,
                definition,
                &caller.actor()?,
                DraftInput {
                    document_id: id,
                    unit_id: acting.unit,
                    office_id: office,
                    fields,
                    files,
                },
                source,
            )
            .await;
        match outcome {
            Ok(o) => Ok((id, o.position)),
            // Sent twice: the first made it.
            Err(CommandError::Refused(e)) if e.code == "DUPLICATE_ID" => Ok((id, None)),
            Err(e) => Err(e),
        }
    }

    /// A new version of the draft by whoever holds it: new files (the main PDF first)
    /// and/or changed fields, and a note.
    pub async fn add_version(
        &self,
        caller: &Caller,
        id: OutgoingId,
        files: Vec<FileWanted>,
        fields: Option<DraftFields>,
        note: Option<String>,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let (state, _) = self.readable(caller, id).await?;
        let acting = caller.acting()?;
        caller.check(&Action::ActOnDocument {
            facts: &issuing::act_facts(&state),
            named: state.named(acting.position),
        })?;
        let fields = match fields {
            Some(f) => Some(self.checked_fields(caller, acting.unit, f).await?),
            None => None,
        };
        let files = self.attach(caller, Some(&state), files).await?;
        let (files, source) = self.converted(caller, files).await?;
        let outcome = self
            .commands
            .add_outgoing_version(
                &caller.context,
                self.workflows,
                &caller.actor()?,
                id,
                NewVersion {
                    files,
                    source,
                    fields,
                    note,
                },
            )
            .await?;
        Ok(outcome.position)
    }

    /// Changes the recipients of a numbered document before it is issued (again): the
    /// register keeper adding a recipient after a recall. Access as for acting on it; every
    /// recipient exists and every internal one can receive; the step rules decide the rest
    /// (`Outgoing::change_recipients`).
    pub async fn change_recipients(
        &self,
        caller: &Caller,
        id: OutgoingId,
        recipients: Vec<Recipient>,
        note: Option<String>,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let (state, _) = self.readable(caller, id).await?;
        let acting = caller.acting()?;
        caller.check(&Action::ActOnDocument {
            facts: &issuing::act_facts(&state),
            named: state.named(acting.position),
        })?;
        let catalogues = self.commands.catalogues().await?;
        issuing::check_recipients(&caller.organisation, &catalogues, &recipients)?;
        let processes = self.workflows.fresh(self.commands).await?;
        let probe = DraftFields {
            recipients: recipients.clone(),
            ..state
                .fields
                .clone()
                .ok_or_else(DomainError::no_such_document)?
        };
        super::receiving_units(&processes, &caller.organisation, &probe, caller.today())?;
        let outcome = self
            .commands
            .change_outgoing_recipients(
                &caller.context,
                self.workflows,
                &caller.actor()?,
                id,
                recipients,
                note,
            )
            .await?;
        Ok(outcome.position)
    }

    /// An action of the review chain `domain::issuing::offered` offers: a plain step, or one
    /// that signs (the caller's own key), numbers (from the register named) or issues (the
    /// organisation's seal, the recipients' copies, the check of what they received). A
    /// repeated request (same idempotency key) answers what the first one did.
    pub async fn act(
        &self,
        caller: &Caller,
        id: OutgoingId,
        request: ActRequest,
    ) -> Result<Acted, CommandError> {
        self.act_confirmed(caller, id, request, None).await
    }

    /// Signs each of `documents` with the caller's own key after one confirmation: the batch
    /// the caller reviewed (`domain::confirmation::batch`). Each document is signed by the
    /// signing action its step offers the caller, as [`Self::act`] would; a document that
    /// refuses is reported and the others are still signed. A wrong or missing confirmation
    /// refuses the whole batch before anything is signed.
    pub async fn sign_batch(
        &self,
        caller: &Caller,
        documents: &[OutgoingId],
        offered: Option<Confirmation>,
    ) -> Result<Vec<BatchSigned>, CommandError> {
        let documents = confirmation::batch(documents)?;
        let confirmed = self.confirmations.confirm(caller, offered).await?;
        let mut done = Vec::with_capacity(documents.len());
        for (index, id) in (0u32..).zip(documents) {
            let mut one = caller.clone();
            one.context.command_id = derive_event_id(caller.context.command_id, 0x5B00 | index);
            let result = self.sign_one(&one, id, &confirmed).await;
            done.push(BatchSigned {
                document: id,
                result,
            });
        }
        Ok(done)
    }

    async fn sign_one(
        &self,
        caller: &Caller,
        id: OutgoingId,
        confirmed: &Confirmed,
    ) -> Result<Acted, CommandError> {
        let (state, _) = self.readable(caller, id).await?;
        let definition = self.definition_of(&state).await?;
        let action = issuing::offered(&state, &definition, &caller.principal, &caller.organisation)
            .into_iter()
            .map(|(name, _)| name)
            .find(|name| {
                let effects = state.effects_of(&definition, name);
                effects.contains(&Effect::Sign)
                    && !effects.contains(&Effect::AssignNumber)
                    && !effects.contains(&Effect::Issue)
            })
            .ok_or_else(|| {
                DomainError::conflict(
                    "NOTHING_TO_SIGN",
                    "this document does not wait for your signature",
                )
            })?
            .to_owned();
        let request = ActRequest {
            action,
            expected_step: Some(state.step.clone()),
            note: None,
            deadline: None,
            recipients: Recipients::default(),
            unit_recipients: chancery_domain::routing::UnitRecipients::default(),
            marks: None,
            register: None,
            placement: None,
            signing_key: None,
            confirmation: None,
        };
        self.act_confirmed(caller, id, request, Some(confirmed))
            .await
    }

    /// [`Self::act`], with the confirmation of a batch already checked.
    async fn act_confirmed(
        &self,
        caller: &Caller,
        id: OutgoingId,
        request: ActRequest,
        batch: Option<&Confirmed>,
    ) -> Result<Acted, CommandError> {
        let (state, _) = self.readable(caller, id).await?;
        let context = &caller.context;
        if let Some(position) = self
            .commands
            .outgoing_command_landed(id, context.command_id)
            .await?
        {
            return Ok(Acted {
                position: Some(position),
                delivers: true,
            });
        }
        // Someone acted first: say so, before judging the caller against the step the
        // document has moved to.
        if let Some(seen) = &request.expected_step
            && *seen != state.step
        {
            return Err(DomainError::conflict(
                "STEP_MOVED",
                format!(
                    "someone acted first: the document has moved from {seen} to {}",
                    state.step
                ),
            )
            .into());
        }
        let definition = self.definition_of(&state).await?;
        let definition = &*definition;
        issuing::may_act(
            &state,
            definition,
            &request.action,
            &caller.principal,
            &caller.organisation,
        )?;
        let from = caller.acting()?.unit;
        let recipients = chancery_domain::routing::resolve_unit_recipients(
            &caller.organisation,
            from,
            request.recipients.clone(),
            &request.unit_recipients,
        )?;
        chancery_domain::routing::may_route_to_positions(&caller.organisation, from, &recipients)?;
        chancery_domain::routing::may_name_at_next_step(
            &caller.organisation,
            definition,
            state.unit,
            &state.step,
            &request.action,
            &recipients,
        )?;
        let marks = match request.marks {
            Some(f) => self
                .attach(caller, Some(&state), vec![f])
                .await?
                .into_iter()
                .next(),
            None => None,
        };
        let input = OutgoingActionInput {
            action: request.action.clone(),
            expected_step: request.expected_step.clone(),
            note: request.note.clone(),
            deadline: request.deadline,
            recipients,
            marks,
        };
        let actor = caller.actor()?;
        if request.action == RECALL_ISSUE {
            let outcome = self
                .commands
                .recall_issue(context, self.workflows, &actor, id, input.note)
                .await?;
            return Ok(Acted {
                position: outcome.position,
                delivers: true,
            });
        }
        let effects = state.effects_of(definition, &request.action).to_vec();
        let signs = effects.contains(&Effect::Sign);
        let numbers = effects.contains(&Effect::AssignNumber);
        let issues = effects.contains(&Effect::Issue);
        if !(signs || numbers || issues) {
            let outcome = self
                .commands
                .act_on_outgoing(context, self.workflows, &actor, id, input, None)
                .await?;
            return Ok(Acted {
                position: outcome.position,
                delivers: false,
            });
        }
        // Everything the domain can check (step, role, holder, the signature order) is
        // checked before a key is opened or a number taken.
        state.act(definition, &actor, input.clone(), None)?;
        // Signing uses the caller's server-held key, issuing the organisation's (the seal the
        // `Issuance` reaction applies): either needs the caller's fresh confirmation, checked
        // here, before a key is opened or a number taken. One covers both in one action.
        let own;
        let confirmed = match batch {
            Some(confirmed) => Some(confirmed),
            None if signs || issues => {
                own = self
                    .confirmations
                    .confirm(caller, request.confirmation.clone())
                    .await?;
                Some(&own)
            }
            None => None,
        };
        let mut position = None;
        if let (true, Some(confirmed)) = (signs, confirmed) {
            let signed = self
                .signatures()
                .sign_personal(
                    caller,
                    confirmed,
                    &state,
                    request.signing_key,
                    request.placement,
                )
                .await?;
            let outcome = self
                .commands
                .act_on_outgoing(
                    context,
                    self.workflows,
                    &actor,
                    id,
                    input,
                    Some(super::Signature {
                        signed: signed.signed,
                        verified: Some(signed.verified),
                    }),
                )
                .await?;
            position = outcome.position;
        }
        if issues {
            // What the issuance will need is checked before a number is taken: every internal
            // recipient can receive its copy, and the office has a seal.
            self.receiving(caller, &state).await?;
            self.signatures()
                .may_seal(&caller.organisation, &state, caller.now())
                .await?;
        }
        let mut requested = false;
        if numbers {
            let register = request.register.ok_or_else(|| {
                DomainError::validation("registerId", "REQUIRED", "choose the outgoing register")
            })?;
            let numbering = self.numbering_for(caller, &state, register).await?;
            // Numbering to issue is the request's one append (the number and the issuance
            // asked for): the request's command id, so a retried request finds it landed.
            // After a signature in the same request, an id of its own (the signature's
            // events hold the request's).
            let mut numbering_context = context.clone();
            if signs {
                numbering_context.command_id = derive_event_id(context.command_id, 0x4E0);
            }
            let (_, outcome) = self
                .commands
                .number_outgoing(
                    &numbering_context,
                    self.workflows,
                    &actor,
                    id,
                    &request.action,
                    numbering,
                )
                .await?;
            // Numbered now as the first half of issuing: the issuance was asked for with it.
            requested = issues && outcome.events > 0;
            position = outcome.position.or(position);
        }
        if issues && !requested {
            // Numbered before (issued again after a recall, or a number taken by a request
            // that did not finish): the issuance is asked for alone.
            let outcome = self
                .commands
                .request_issuance(context, self.workflows, &actor, id, &request.action)
                .await?;
            position = outcome.position.or(position);
        }
        // The seal, the issuance and the recipients' copies follow in reactions
        // (`crate::reactions::Issuance`, `IssuanceCopies`); the caller waits for them.
        Ok(Acted {
            position,
            delivers: true,
        })
    }

    /// Every internal recipient of the draft can receive its copy (its office has a clerk
    /// and a receiving process in force): checked before a number is taken for issuing.
    async fn receiving(&self, caller: &Caller, state: &Outgoing) -> Result<(), CommandError> {
        let fields = state
            .fields
            .as_ref()
            .ok_or_else(|| CommandError::Internal("an outgoing document without fields".into()))?;
        let processes = self.workflows.fresh(self.commands).await?;
        super::receiving_units(&processes, &caller.organisation, fields, caller.today())?;
        Ok(())
    }

    /// What numbering from `register` needs, after checking the register may number the
    /// document: an active outgoing register kept by the document's office that takes its
    /// type and confidentiality.
    async fn numbering_for(
        &self,
        caller: &Caller,
        state: &Outgoing,
        register: RegisterId,
    ) -> Result<Numbering, CommandError> {
        let catalogues = self.commands.catalogues().await?;
        let fields = state
            .fields
            .as_ref()
            .ok_or_else(|| CommandError::Internal("an outgoing document without fields".into()))?;
        let (Some(office), Some(unit)) = (state.office, state.unit) else {
            return Err(CommandError::Internal(
                "an outgoing document without an office".into(),
            ));
        };
        let defined = catalogues.registers.get(&register).ok_or_else(|| {
            DomainError::validation("registerId", "NO_SUCH_REGISTER", "no such register")
        })?;
        if defined.owner_unit_id != office {
            return Err(DomainError::validation(
                "registerId",
                "NOT_YOUR_REGISTER",
                "the register is not kept by the office issuing this document",
            )
            .into());
        }
        defined.takes(
            chancery_domain::catalogues::RegisterKind::Outgoing,
            &fields.document_type,
            fields.confidentiality,
        )?;
        let organisation = &caller.organisation;
        let issuer = organisation
            .units
            .get(&office)
            .map(|u| u.abbreviation.clone())
            .unwrap_or_default();
        let signer_name = state
            .signatures
            .iter()
            .rev()
            .find(|s| s.kind == SignatureKind::Personal)
            .and_then(|s| organisation.people.get(&s.by.person))
            .map(|p| p.full_name.clone())
            .unwrap_or_default();
        let today = caller.today();
        Ok(Numbering {
            register_id: register,
            year: today.year(),
            issue_date: today,
            type_abbreviation: catalogues
                .document_types
                .get(&fields.document_type)
                .and_then(|t| t.abbreviation.clone()),
            issuer,
            drafting_unit: issuing::drafting_abbreviation(organisation, office, unit),
            signer_name,
        })
    }

    /// Asks people of the agency for their opinion on the draft, by a deadline (whoever
    /// holds the draft asks).
    pub async fn request_opinions(
        &self,
        caller: &Caller,
        id: OutgoingId,
        asked: Vec<PositionId>,
        question: String,
        deadline: NaiveDate,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        let (state, _) = self.readable(caller, id).await?;
        let acting = caller.acting()?;
        let definition = self.definition_of(&state).await?;
        issuing::may_request_opinions(
            &state,
            &definition,
            &caller.principal,
            &caller.organisation,
        )?;
        let recipients = Recipients {
            main: None,
            co: Vec::new(),
            info: asked,
        };
        chancery_domain::routing::may_route_to_positions(
            &caller.organisation,
            acting.unit,
            &recipients,
        )?;
        let outcome = self
            .commands
            .request_opinions(
                &caller.context,
                &caller.actor()?,
                id,
                recipients.info,
                question,
                deadline,
            )
            .await?;
        Ok(outcome.position)
    }

    /// Gives the caller's opinion on a request they were asked (only someone who may read
    /// the document answers on it).
    pub async fn give_opinion(
        &self,
        caller: &Caller,
        id: OutgoingId,
        request: Uuid,
        opinion: String,
    ) -> Result<Option<GlobalPosition>, CommandError> {
        self.readable(caller, id).await?;
        let outcome = self
            .commands
            .give_opinion(
                &caller.context,
                &caller.actor()?,
                id,
                request,
                opinion,
                None,
            )
            .await?;
        Ok(outcome.position)
    }

    /// The number and notation the document would get from `register` now (a preview for
    /// its office's clerks: another issuance may take it first). Checks the register as
    /// numbering does.
    pub async fn next_number(
        &self,
        caller: &Caller,
        id: OutgoingId,
        register: RegisterId,
    ) -> Result<NextNumber, CommandError> {
        let (state, _) = self.readable(caller, id).await?;
        let office = state.office.ok_or_else(DomainError::no_such_document)?;
        caller.check(&Action::KeepRegistersOf { unit: office })?;
        let numbering = self.numbering_for(caller, &state, register).await?;
        if let Some(numbered) = &state.number {
            return Ok(NextNumber {
                number: numbered.number,
                number_notation: numbered.number_notation.clone(),
                already_numbered: true,
            });
        }
        let number = self.commands.next_number(register, numbering.year).await?;
        Ok(NextNumber {
            number,
            number_notation: chancery_domain::outgoing::notation(
                number,
                numbering.type_abbreviation.as_deref(),
                &numbering.issuer,
                numbering.drafting_unit.as_deref(),
            ),
            already_numbered: false,
        })
    }
}
