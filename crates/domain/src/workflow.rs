//! Process definitions as data: steps, the roles that act at each step, the actions allowed
//! there and where each leads, what each action needs (a note, a deadline, recipients,
//! attachments, units), and the effects the engine carries out (fan-out to units, signing,
//! numbering, issuing, re-opening the parent process).
//!
//! Definitions live in `schemas/workflows/<id>.v<version>.json`. They are checked when they
//! load ([`Definition::check`]): unknown roles, unknown targets, unreachable steps and steps
//! from which no end can be reached are refused with a message naming the step and action.
//! A running document keeps the `(id, version)` it started with; a new version applies to new
//! documents only.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

mod built_in;
mod shape;
pub use built_in::built_in_title;
pub use shape::{ActionShape, EffectKind, IssuanceStage};

/// Names in the three interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Title {
    pub vi: String,
    pub en: String,
    pub lo: String,
}

/// What a process runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    IncomingDocument,
    OutgoingDocument,
    Submission,
    Task,
}

/// What an action asks the person to give.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// A note or reason (required for returns and refusals).
    Note,
    /// A processing deadline.
    Deadline,
    /// People or positions to send to (main handler, co-handlers, for information).
    Recipients,
    /// Units to assign to (fan-out).
    Units,
    /// At least one attached file.
    Attachments,
}

/// What the engine does besides moving the step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Effect {
    /// Starts `definition` in each unit named (each registers and runs it on its own).
    FanOut { definition: String },
    /// Re-opens the process this one was started from, at `step` (a unit refusing a wrong
    /// assignment back to General Affairs).
    ReopenParent { step: String },
    /// Records the competent person's signature.
    Sign,
    /// Takes the next number of the chosen outgoing register.
    AssignNumber,
    /// Sends the document to its recipients.
    Issue,
    /// Records that the document was filed into a dossier.
    File,
    /// Sends an urging notice to the people holding the work.
    Urge,
}

/// When an action is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Only when the process was started by another one (fan-out).
    HasParent,
    /// Only for the person who sent the document into this step, and only while nobody has
    /// acted on it here yet (recall, thu hồi).
    SenderBeforeAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    pub title: Title,
    /// The step it leads to.
    pub to: String,
    #[serde(default)]
    pub needs: BTreeSet<Need>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: Title,
    /// Roles whose holders act here (empty only for an end).
    #[serde(default)]
    pub roles: Vec<String>,
    /// An end: the process is over (finished, refused, issued…), though an action may still
    /// re-open it (recalling an issued document).
    #[serde(default)]
    pub end: bool,
    #[serde(default)]
    pub actions: BTreeMap<String, ActionDef>,
}

/// A versioned process definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub id: String,
    pub version: u32,
    pub title: Title,
    pub subject: Subject,
    pub start: String,
    pub steps: BTreeMap<String, Step>,
}

/// Why a definition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    #[error("{definition}: not valid JSON for a definition: {reason}")]
    Syntax { definition: String, reason: String },
    #[error("{definition}: the start step {step:?} does not exist")]
    UnknownStart { definition: String, step: String },
    #[error("{definition}: step {step:?}: unknown role {role:?}")]
    UnknownRole {
        definition: String,
        step: String,
        role: String,
    },
    #[error("{definition}: step {step:?}, action {action:?} leads to {to:?}, which is not a step")]
    UnknownTarget {
        definition: String,
        step: String,
        action: String,
        to: String,
    },
    #[error("{definition}: step {step:?} cannot be reached from the start")]
    Unreachable { definition: String, step: String },
    #[error("{definition}: no end can be reached from step {step:?}")]
    NoWayOut { definition: String, step: String },
    #[error("{definition}: step {step:?} is not an end, so some role must act there")]
    NobodyActs { definition: String, step: String },
    #[error("{definition}: step {step:?}, action {action:?}: {reason}")]
    BadEffect {
        definition: String,
        step: String,
        action: String,
        reason: String,
    },
}

impl DefinitionError {
    /// The stable reason code of the problem.
    pub fn code(&self) -> &'static str {
        match self {
            DefinitionError::Syntax { .. } => "PROCESS_SYNTAX",
            DefinitionError::UnknownStart { .. } => "PROCESS_UNKNOWN_START",
            DefinitionError::UnknownRole { .. } => "PROCESS_UNKNOWN_ROLE",
            DefinitionError::UnknownTarget { .. } => "PROCESS_UNKNOWN_TARGET",
            DefinitionError::Unreachable { .. } => "PROCESS_UNREACHABLE",
            DefinitionError::NoWayOut { .. } => "PROCESS_NO_WAY_OUT",
            DefinitionError::NobodyActs { .. } => "PROCESS_NOBODY_ACTS",
            DefinitionError::BadEffect { .. } => "PROCESS_BAD_EFFECT",
        }
    }

    /// The step the problem is at, if any.
    pub fn step(&self) -> Option<&str> {
        match self {
            DefinitionError::Syntax { .. } => None,
            DefinitionError::UnknownStart { step, .. }
            | DefinitionError::UnknownRole { step, .. }
            | DefinitionError::UnknownTarget { step, .. }
            | DefinitionError::Unreachable { step, .. }
            | DefinitionError::NoWayOut { step, .. }
            | DefinitionError::NobodyActs { step, .. }
            | DefinitionError::BadEffect { step, .. } => Some(step),
        }
    }

    /// The action the problem is at, if any.
    pub fn action(&self) -> Option<&str> {
        match self {
            DefinitionError::UnknownTarget { action, .. }
            | DefinitionError::BadEffect { action, .. } => Some(action),
            _ => None,
        }
    }

    /// What the problem names besides its step and action (the unknown role or target,
    /// what is wrong with the effect, the parser's message).
    pub fn detail(&self) -> Option<&str> {
        match self {
            DefinitionError::Syntax { reason, .. } | DefinitionError::BadEffect { reason, .. } => {
                Some(reason)
            }
            DefinitionError::UnknownRole { role, .. } => Some(role),
            DefinitionError::UnknownTarget { to, .. } => Some(to),
            _ => None,
        }
    }
}

impl Definition {
    /// Parses a definition file.
    pub fn parse(name: &str, json: &str) -> Result<Self, DefinitionError> {
        serde_json::from_str(json).map_err(|e| DefinitionError::Syntax {
            definition: name.to_owned(),
            reason: e.to_string(),
        })
    }

    /// Checks the definition against the roles that exist and the other definitions it
    /// refers to (`others`, by id). Returns every problem found.
    pub fn check(
        &self,
        roles: &BTreeSet<String>,
        others: &BTreeMap<String, &Definition>,
    ) -> Result<(), Vec<DefinitionError>> {
        let name = format!("{} v{}", self.id, self.version);
        let mut problems = Vec::new();
        if !self.steps.contains_key(&self.start) {
            problems.push(DefinitionError::UnknownStart {
                definition: name.clone(),
                step: self.start.clone(),
            });
        }
        for (step_id, step) in &self.steps {
            for role in &step.roles {
                if !roles.contains(role) {
                    problems.push(DefinitionError::UnknownRole {
                        definition: name.clone(),
                        step: step_id.clone(),
                        role: role.clone(),
                    });
                }
            }
            if !step.end && step.roles.is_empty() {
                problems.push(DefinitionError::NobodyActs {
                    definition: name.clone(),
                    step: step_id.clone(),
                });
            }
            for (action_id, action) in &step.actions {
                let is_recall = action.when == Some(Condition::SenderBeforeAction);
                if is_recall != (action_id == crate::document::RECALL) {
                    problems.push(DefinitionError::BadEffect {
                        definition: name.clone(),
                        step: step_id.clone(),
                        action: action_id.clone(),
                        reason: "the sender's recall is the action named \"recall\", offered only to the sender before anyone acts".to_owned(),
                    });
                }
                if !self.steps.contains_key(&action.to) {
                    problems.push(DefinitionError::UnknownTarget {
                        definition: name.clone(),
                        step: step_id.clone(),
                        action: action_id.clone(),
                        to: action.to.clone(),
                    });
                }
                for effect in &action.effects {
                    let bad = |reason: String| DefinitionError::BadEffect {
                        definition: name.clone(),
                        step: step_id.clone(),
                        action: action_id.clone(),
                        reason,
                    };
                    match effect {
                        Effect::FanOut { definition } => {
                            if !action.needs.contains(&Need::Units) {
                                problems.push(bad("a fan-out needs units".to_owned()));
                            }
                            if definition != &self.id && !others.contains_key(definition) {
                                problems.push(bad(format!("unknown definition {definition:?}")));
                            }
                        }
                        Effect::ReopenParent { step } => {
                            if action.when != Some(Condition::HasParent) {
                                problems.push(bad(
                                    "re-opening the parent is only offered when there is one"
                                        .to_owned(),
                                ));
                            }
                            let known = others.values().any(|d| {
                                d.steps.get(step).is_some_and(|s| !s.end)
                                    && d.steps.values().any(|s| {
                                        s.actions.values().any(|a| {
                                            a.effects.iter().any(|e| matches!(e, Effect::FanOut { definition } if *definition == self.id))
                                        })
                                    })
                            });
                            if !known {
                                problems.push(bad(format!(
                                    "no definition that fans out to {} has a step {step:?}",
                                    self.id
                                )));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        if problems.is_empty() {
            let reachable = self.reachable_from(&self.start);
            for step_id in self.steps.keys() {
                if !reachable.contains(step_id.as_str()) {
                    problems.push(DefinitionError::Unreachable {
                        definition: name.clone(),
                        step: step_id.clone(),
                    });
                }
                let ahead = self.reachable_from(step_id);
                if !ahead
                    .iter()
                    .any(|s| self.steps.get(*s).is_some_and(|s| s.end))
                {
                    problems.push(DefinitionError::NoWayOut {
                        definition: name.clone(),
                        step: step_id.clone(),
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Steps reachable from `from` (itself included).
    pub fn reachable_from<'a>(&'a self, from: &'a str) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([from]);
        while let Some(step) = queue.pop_front() {
            if !seen.insert(step) {
                continue;
            }
            if let Some(s) = self.steps.get(step) {
                for action in s.actions.values() {
                    queue.push_back(action.to.as_str());
                }
            }
        }
        seen
    }

    /// Every `(step, action, target)` of the definition.
    pub fn transitions(&self) -> impl Iterator<Item = (&str, &str, &ActionDef)> {
        self.steps.iter().flat_map(|(step_id, step)| {
            step.actions
                .iter()
                .map(move |(action_id, action)| (step_id.as_str(), action_id.as_str(), action))
        })
    }

    /// The actions someone holding `role` may take at `step`, given what is known about
    /// the running process.
    pub fn available<'a>(
        &'a self,
        step: &str,
        role: &str,
        situation: &Situation,
    ) -> Vec<(&'a str, &'a ActionDef)> {
        let Some(s) = self.steps.get(step) else {
            return Vec::new();
        };
        s.actions
            .iter()
            .filter(|(_, action)| match action.when {
                Some(Condition::SenderBeforeAction) => situation.is_sender && !situation.acted_here,
                Some(Condition::HasParent) => {
                    situation.has_parent && s.roles.iter().any(|r| r == role)
                }
                None => s.roles.iter().any(|r| r == role),
            })
            .map(|(id, action)| (id.as_str(), action))
            .collect()
    }
}

impl Definition {
    /// The action `action` if the step offers it to `role` in `situation`; otherwise why not:
    /// `NOT_YOUR_STEP` (the step has it, but not for this person now) or
    /// `ACTION_NOT_ALLOWED` (the step has no such action).
    pub fn offered(
        &self,
        step: &str,
        role: &str,
        situation: &Situation,
        action: &str,
    ) -> crate::DomainResult<&ActionDef> {
        if let Some((_, found)) = self
            .available(step, role, situation)
            .into_iter()
            .find(|(a, _)| *a == action)
        {
            return Ok(found);
        }
        let known = self
            .steps
            .get(step)
            .is_some_and(|s| s.actions.contains_key(action));
        Err(if known {
            crate::DomainError::forbidden(
                "NOT_YOUR_STEP",
                format!("{action} is not offered to a {role} at step {step}"),
            )
        } else {
            crate::DomainError::conflict_on(
                "action",
                "ACTION_NOT_ALLOWED",
                format!("{action} is not an action of step {step}"),
            )
        })
    }
}

/// What the engine knows about a running process when it offers actions.
#[derive(Debug, Clone, Copy, Default)]
pub struct Situation {
    /// Started by another process (fan-out).
    pub has_parent: bool,
    /// The asking person sent the document into the current step.
    pub is_sender: bool,
    /// Someone already acted on the document at the current step.
    pub acted_here: bool,
}

/// The definitions shipped with this build (`schemas/workflows/`).
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "p1-incoming-ministry.v1.json",
        include_str!("../../../schemas/workflows/p1-incoming-ministry.v1.json"),
    ),
    (
        "p1-incoming-ministry-direct.v1.json",
        include_str!("../../../schemas/workflows/p1-incoming-ministry-direct.v1.json"),
    ),
    (
        "p2-incoming-unit.v1.json",
        include_str!("../../../schemas/workflows/p2-incoming-unit.v1.json"),
    ),
    (
        "p3-submission-ministry.v1.json",
        include_str!("../../../schemas/workflows/p3-submission-ministry.v1.json"),
    ),
    (
        "p4-outgoing-unit.v1.json",
        include_str!("../../../schemas/workflows/p4-outgoing-unit.v1.json"),
    ),
    (
        "p5-task.v1.json",
        include_str!("../../../schemas/workflows/p5-task.v1.json"),
    ),
    (
        "p5-task-unit.v1.json",
        include_str!("../../../schemas/workflows/p5-task-unit.v1.json"),
    ),
];

/// Every definition, loaded and checked against `roles`. Any problem refuses them all.
pub fn load(
    files: &[(&str, &str)],
    roles: &BTreeSet<String>,
) -> Result<Vec<Definition>, Vec<DefinitionError>> {
    let mut definitions = Vec::new();
    let mut problems = Vec::new();
    for (name, json) in files {
        match Definition::parse(name, json) {
            Ok(d) => definitions.push(d),
            Err(e) => problems.push(e),
        }
    }
    let by_id: BTreeMap<String, &Definition> =
        definitions.iter().map(|d| (d.id.clone(), d)).collect();
    for d in &definitions {
        if let Err(mut p) = d.check(roles, &by_id) {
            problems.append(&mut p);
        }
    }
    if problems.is_empty() {
        Ok(definitions)
    } else {
        Err(problems)
    }
}
