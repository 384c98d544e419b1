//! The actions offered on a document or an outgoing document (`availableActions`), as the
//! process definition describes them: the title and what the action needs, the step it
//! leads to and that step's title, the kinds of its effects, and how it moves the process
//! (`returns`, `ends`, `danger`: `domain::workflow::Definition::shape`). Clients draw the
//! buttons and dialogs from these and name no process, step or action of a definition.

use async_graphql::{Enum, SimpleObject};
use chancery_domain::reference::Lang;
use chancery_domain::workflow::{ActionDef, Definition, EffectKind, IssuanceStage, Need, Title};

/// The kind of an effect an action has besides moving the step.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ActionEffect {
    /// Records the competent person's signature (the caller signs the current file).
    Sign,
    /// Takes the next number of an outgoing register (the caller picks the register).
    AssignNumber,
    /// Sends the document to its recipients.
    Issue,
    /// Starts the process in each unit named.
    FanOut,
    /// Re-opens the process this one was started from.
    ReopenParent,
    /// Files the document into a dossier.
    File,
    /// Sends an urging notice to those holding the work.
    Urge,
}

impl From<EffectKind> for ActionEffect {
    fn from(k: EffectKind) -> Self {
        match k {
            EffectKind::Sign => ActionEffect::Sign,
            EffectKind::AssignNumber => ActionEffect::AssignNumber,
            EffectKind::Issue => ActionEffect::Issue,
            EffectKind::FanOut => ActionEffect::FanOut,
            EffectKind::ReopenParent => ActionEffect::ReopenParent,
            EffectKind::File => ActionEffect::File,
            EffectKind::Urge => ActionEffect::Urge,
        }
    }
}

/// Where an outgoing document stands in issuance (the issuing clerk's work), read from its
/// process definition (the steps whose actions number or issue, the one before them, the end
/// reached by issuing), never from step names.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "IssuanceStage")]
pub enum IssuanceStageGql {
    Format,
    Numbering,
    Issuing,
    Issued,
}

impl From<IssuanceStage> for IssuanceStageGql {
    fn from(s: IssuanceStage) -> Self {
        match s {
            IssuanceStage::Format => IssuanceStageGql::Format,
            IssuanceStage::Numbering => IssuanceStageGql::Numbering,
            IssuanceStage::Issuing => IssuanceStageGql::Issuing,
            IssuanceStage::Issued => IssuanceStageGql::Issued,
        }
    }
}

/// The issuance stage of `step` in `definition`, if any.
pub fn issuance_stage(definition: Option<&Definition>, step: &str) -> Option<IssuanceStageGql> {
    definition
        .and_then(|d| d.issuance_stage(step))
        .map(Into::into)
}

#[derive(SimpleObject, Clone)]
pub struct AvailableAction {
    pub action: String,
    pub title: String,
    /// The step it leads to.
    pub to_step: String,
    /// That step's title in the caller's language.
    pub to_step_title: String,
    pub needs_note: bool,
    pub needs_deadline: bool,
    pub needs_recipients: bool,
    pub needs_units: bool,
    pub needs_attachments: bool,
    /// What it does besides moving the step.
    pub effects: Vec<ActionEffect>,
    /// It leads back to a step nearer the start (return, send back, recall).
    pub returns: bool,
    /// It leads to an end of the process.
    pub ends: bool,
    /// It ends the process without completing it, or re-opens one that was over.
    pub danger: bool,
}

/// A title in `lang`.
pub fn title(lang: Lang, t: &Title) -> String {
    crate::pick(lang, &t.vi, &t.en, &t.lo)
}

/// A step's title in `lang`: the definition's, else the built-in one
/// (`workflow::built_in_title`: a withdrawn copy), else the code itself.
pub fn step_title(definition: Option<&Definition>, step: &str, lang: Lang) -> String {
    definition
        .and_then(|d| d.steps.get(step))
        .map(|s| title(lang, &s.title))
        .or_else(|| chancery_domain::workflow::built_in_title(step).map(|t| title(lang, &t)))
        .unwrap_or_else(|| step.to_owned())
}

/// An action's title in `lang`: the definition's (at any step), else the built-in one
/// (`workflow::built_in_title`: a copy withdrawn or reinstated, signatures verified…).
pub fn action_title(definition: Option<&Definition>, action: &str, lang: Lang) -> Option<String> {
    definition
        .and_then(|d| d.steps.values().find_map(|s| s.actions.get(action)))
        .map(|a| title(lang, &a.title))
        .or_else(|| chancery_domain::workflow::built_in_title(action).map(|t| title(lang, &t)))
}

/// The offer of `action` (named `name`) at `step` of `definition`, in `lang`.
pub fn offer(
    definition: &Definition,
    step: &str,
    name: &str,
    action: &ActionDef,
    lang: Lang,
) -> AvailableAction {
    let shape = definition.shape(step, action);
    AvailableAction {
        action: name.to_owned(),
        title: title(lang, &action.title),
        to_step: action.to.clone(),
        to_step_title: definition
            .steps
            .get(&action.to)
            .map_or_else(|| title(lang, &action.title), |s| title(lang, &s.title)),
        needs_note: action.needs.contains(&Need::Note),
        needs_deadline: action.needs.contains(&Need::Deadline),
        needs_recipients: action.needs.contains(&Need::Recipients),
        needs_units: action.needs.contains(&Need::Units),
        needs_attachments: action.needs.contains(&Need::Attachments),
        effects: action.effect_kinds().into_iter().map(Into::into).collect(),
        returns: shape.returns,
        ends: shape.ends,
        danger: shape.danger,
    }
}
