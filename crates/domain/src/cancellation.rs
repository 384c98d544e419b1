//! Cancelling a document received by mistake: the receiving clerk typed in a paper document
//! that was not for this office, or the same paper twice. Before it is registered it has no
//! number and no trace in a register book, so it may be cancelled (with the reason) instead of
//! refused: it leaves the awaiting-registration work and its history keeps who cancelled it,
//! when and why. A registered document is never cancelled (its number stays in the book:
//! `REGISTERED_NOT_CANCELLABLE`); an electronic document or a unit's copy is refused through
//! its process, which tells the sender (`NOT_CANCELLABLE_CHANNEL`).

use serde::{Deserialize, Serialize};

use crate::document::{ActedBy, Actor, Channel, Document, DocumentId};
use crate::error::{DomainError, DomainResult};
use crate::events::DomainEvent;
use crate::text::TextRule;
use crate::workflow::Definition;

/// The step a cancelled document stands at (not a step of any process: it ends it).
pub const CANCELLED_STEP: &str = "cancelled";

/// A document received by mistake was cancelled before it was registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentCancelled {
    pub document_id: DocumentId,
    /// The step it was cancelled at (the start step of its process).
    pub step: String,
    /// Why (required).
    pub note: String,
    pub by: ActedBy,
}

impl DomainEvent for DocumentCancelled {
    const EVENT_TYPE: &'static str = "document.cancelled";
    const SCHEMA_VERSION: u32 = 1;
}

impl Document {
    /// Whether `actor` may cancel the document now (see [`Document::cancel`]).
    pub fn may_cancel(&self, definition: &Definition, actor: &Actor) -> DomainResult<()> {
        if self.id.is_none() {
            return Err(DomainError::not_found("documentId", "no such document"));
        }
        self.check_not_withdrawn()?;
        if self.registration.is_some() {
            return Err(DomainError::conflict(
                "REGISTERED_NOT_CANCELLABLE",
                "a registered document keeps its number: it cannot be cancelled",
            ));
        }
        if self.finished {
            return Err(DomainError::conflict(
                "FINISHED",
                "the document's process has ended",
            ));
        }
        if self.channel != Some(Channel::Paper) {
            return Err(DomainError::conflict(
                "NOT_CANCELLABLE_CHANNEL",
                "only a paper document received here can be cancelled; refuse the others",
            ));
        }
        let acts_here = self.step == definition.start
            && definition
                .steps
                .get(&self.step)
                .is_some_and(|s| s.roles.contains(&actor.role));
        if !acts_here || !self.holds(actor.by.position) {
            return Err(DomainError::forbidden(
                "NOT_YOUR_STEP",
                format!(
                    "a {} does not receive documents at step {}",
                    actor.role, self.step
                ),
            ));
        }
        Ok(())
    }

    /// Decides the cancellation of a document received by mistake: a paper document not yet
    /// registered, at its process's start step, by one who receives documents there (the
    /// office's clerks), with the reason (`note` `REQUIRED`).
    pub fn cancel(
        &self,
        definition: &Definition,
        actor: &Actor,
        note: Option<&str>,
    ) -> DomainResult<DocumentCancelled> {
        self.may_cancel(definition, actor)?;
        let note = TextRule::line("note", 4000)
            .multiline()
            .clean_opt(note)?
            .ok_or_else(|| {
                DomainError::validation("note", "REQUIRED", "say why the document is cancelled")
            })?;
        Ok(DocumentCancelled {
            document_id: self
                .id
                .ok_or_else(|| DomainError::not_found("documentId", "no such document"))?,
            step: self.step.clone(),
            note,
            by: actor.by,
        })
    }
}
