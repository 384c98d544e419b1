//! What a definition's shape says about its steps and actions, so that clients draw a
//! process from the definition alone and never from step or action names: whether an action
//! goes back to an earlier step, ends the process, or ends it without completing it (or
//! re-opens an ended one), which kinds of effect it has, and at which stage of issuance a
//! step of an outgoing process stands.
//!
//! The rules, all read from the graph of steps:
//! - a step's *depth* is the number of actions on the shortest path from the start to it;
//! - an action *returns* when it leads to a step of smaller depth than the one it leaves;
//! - the *completing* ends are the end steps of greatest depth (issued, routed, finished);
//!   any other end (deleted, refused, cancelled) closes the process without completing it;
//! - an action is *dangerous* when it leads to an end that does not complete, or when it
//!   leaves an end (re-opening a process that was over, e.g. recalling an issued document).
//! - issuance stages: a step whose actions issue is `Issuing`; one whose actions number but
//!   do not issue is `Numbering`; an end reached by an issuing action is `Issued`; a step
//!   whose forward action (not a return) leads to a numbering or issuing step is `Format`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::{ActionDef, Definition, Effect, Subject};

/// An effect's kind, without its parameters (what a client needs to know of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EffectKind {
    FanOut,
    ReopenParent,
    Sign,
    AssignNumber,
    Issue,
    File,
    Urge,
}

impl Effect {
    /// The kind of this effect.
    pub fn kind(&self) -> EffectKind {
        match self {
            Effect::FanOut { .. } => EffectKind::FanOut,
            Effect::ReopenParent { .. } => EffectKind::ReopenParent,
            Effect::Sign => EffectKind::Sign,
            Effect::AssignNumber => EffectKind::AssignNumber,
            Effect::Issue => EffectKind::Issue,
            Effect::File => EffectKind::File,
            Effect::Urge => EffectKind::Urge,
        }
    }
}

impl ActionDef {
    /// The kinds of the action's effects, in the definition's order, without repeats.
    pub fn effect_kinds(&self) -> Vec<EffectKind> {
        let mut out: Vec<EffectKind> = Vec::new();
        for e in &self.effects {
            if !out.contains(&e.kind()) {
                out.push(e.kind());
            }
        }
        out
    }

    /// Whether one of the action's effects is of `kind`.
    pub fn has_effect(&self, kind: EffectKind) -> bool {
        self.effects.iter().any(|e| e.kind() == kind)
    }
}

/// How an action moves its process, as the definition's graph says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionShape {
    /// It leads to a step nearer the start than the one it leaves (return, send back,
    /// recall).
    pub returns: bool,
    /// It leads to an end step.
    pub ends: bool,
    /// It ends the process without completing it, or re-opens a process that was over.
    pub danger: bool,
}

/// Where a step of an outgoing process stands in issuance (the issuing clerk's work).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuanceStage {
    /// Checking the format before numbering and issuing.
    Format,
    /// Giving the outgoing number.
    Numbering,
    /// Issuing to the recipients (numbering too when the same action does both).
    Issuing,
    /// Issued.
    Issued,
}

impl Definition {
    /// Each step's depth: the number of actions on the shortest path from the start.
    /// Steps that cannot be reached are absent (a checked definition has none).
    pub fn depths(&self) -> BTreeMap<&str, usize> {
        let mut depth = BTreeMap::new();
        let mut queue = VecDeque::from([(self.start.as_str(), 0usize)]);
        while let Some((step, d)) = queue.pop_front() {
            if depth.contains_key(step) {
                continue;
            }
            depth.insert(step, d);
            if let Some(s) = self.steps.get(step) {
                for action in s.actions.values() {
                    queue.push_back((action.to.as_str(), d + 1));
                }
            }
        }
        depth
    }

    /// The end steps that complete the process: the deepest ends.
    pub fn completing_ends(&self) -> BTreeSet<&str> {
        let depths = self.depths();
        let ends: Vec<(&str, usize)> = self
            .steps
            .iter()
            .filter(|(_, s)| s.end)
            .filter_map(|(id, _)| depths.get(id.as_str()).map(|d| (id.as_str(), *d)))
            .collect();
        let deepest = ends.iter().map(|(_, d)| *d).max().unwrap_or(0);
        ends.into_iter()
            .filter(|(_, d)| *d == deepest)
            .map(|(id, _)| id)
            .collect()
    }

    /// How `action`, taken at `step`, moves the process.
    pub fn shape(&self, step: &str, action: &ActionDef) -> ActionShape {
        let depths = self.depths();
        let from_end = self.steps.get(step).is_some_and(|s| s.end);
        let to_end = self.steps.get(&action.to).is_some_and(|s| s.end);
        let returns = match (depths.get(step), depths.get(action.to.as_str())) {
            (Some(from), Some(to)) => to < from,
            _ => false,
        };
        let completes = self.completing_ends().contains(action.to.as_str());
        ActionShape {
            returns,
            ends: to_end,
            danger: (to_end && !completes) || (from_end && action.to != step),
        }
    }

    /// The issuance stage of `step`, if it is one of the issuing clerk's.
    pub fn issuance_stage(&self, step: &str) -> Option<IssuanceStage> {
        let s = self.steps.get(step)?;
        if s.actions.values().any(|a| a.has_effect(EffectKind::Issue)) {
            return Some(IssuanceStage::Issuing);
        }
        if s.actions
            .values()
            .any(|a| a.has_effect(EffectKind::AssignNumber))
        {
            return Some(IssuanceStage::Numbering);
        }
        if s.end {
            let issued_here = self
                .transitions()
                .any(|(_, _, a)| a.to == step && a.has_effect(EffectKind::Issue));
            return issued_here.then_some(IssuanceStage::Issued);
        }
        let leads_to_issuance = s.actions.values().any(|a| {
            !self.shape(step, a).returns
                && self.steps.get(&a.to).is_some_and(|next| {
                    next.actions.values().any(|n| {
                        n.has_effect(EffectKind::Issue) || n.has_effect(EffectKind::AssignNumber)
                    })
                })
        });
        leads_to_issuance.then_some(IssuanceStage::Format)
    }

    /// Whether a holder of `role` starts this process (acts at its first step).
    pub fn started_by(&self, role: &str) -> bool {
        self.steps
            .get(&self.start)
            .is_some_and(|s| s.roles.iter().any(|r| r == role))
    }

    /// Whether it runs on a document the agency writes (an outgoing document or a
    /// submission), as opposed to one it receives or a task.
    pub fn drafts_outgoing(&self) -> bool {
        matches!(
            self.subject,
            Subject::OutgoingDocument | Subject::Submission
        )
    }

    /// The definition the process starts in each unit it fans out to, if it fans out.
    pub fn fans_out_to(&self) -> Option<&str> {
        self.transitions()
            .flat_map(|(_, _, a)| a.effects.iter())
            .find_map(|e| match e {
                Effect::FanOut { definition } => Some(definition.as_str()),
                _ => None,
            })
    }
}
