//! The process definitions this installation runs ([`Workflows`]): the shipped ones and the
//! versions administrators publish (`domain::processes`), kept in memory and brought up to
//! date from the `processes` stream — before a document starts (so it starts with the
//! version in force), when a document names a version this process has not seen yet
//! (published through another server), and right after this process writes to the stream.
//! Also the administrators' use cases: check, publish, activate, and the list with who did
//! what when.

use std::sync::{Arc, RwLock};

use chancery_domain::DomainError;
use chancery_domain::access::Action;
use chancery_domain::catalogue::AnyEvent;
use chancery_domain::ids::UnitId;
use chancery_domain::organisation::Organisation;
use chancery_domain::processes::{self, ProcessCommand, ProcessEvent, Processes};
use chancery_domain::workflow::{self, Definition, DefinitionError};
use chancery_event_store::{ReadDirection, ReadFrom, StoreError, StreamId};
use chrono::{DateTime, NaiveDate, Utc};

use crate::caller::Caller;
use crate::{CONFLICT_RETRIES, CommandError, Commands, Outcome};

/// The process definitions this installation runs, by id and version, and the activations.
#[derive(Debug)]
pub struct Workflows {
    state: RwLock<Arc<Processes>>,
    /// When the last refresh from the stream began.
    refreshed: std::sync::Mutex<Option<std::time::Instant>>,
}

/// How old what this process knows of the stream may be when a document starts: a version
/// published or activated through another server is seen within this time (through this
/// server, at once).
pub const FRESHNESS: std::time::Duration = std::time::Duration::from_secs(2);

impl Workflows {
    /// The shipped definitions, checked against `roles`.
    pub fn shipped(
        roles: &std::collections::BTreeSet<String>,
    ) -> Result<Self, Vec<DefinitionError>> {
        let definitions = workflow::load(workflow::SHIPPED, roles)?;
        Ok(Self {
            state: RwLock::new(Arc::new(Processes::with_shipped(definitions))),
            refreshed: std::sync::Mutex::new(None),
        })
    }

    /// The definitions and activations as this process knows them now.
    pub fn processes(&self) -> Arc<Processes> {
        match self.state.read() {
            Ok(state) => state.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// A definition at a version (a running document keeps the version it started with).
    pub fn get(&self, id: &str, version: u32) -> Result<Arc<Definition>, CommandError> {
        self.processes()
            .get(id, version)
            .cloned()
            .ok_or_else(|| CommandError::Corrupt(format!("no process definition {id} v{version}")))
    }

    /// A definition at a version, looking for it in the stream if this process has not seen
    /// it yet (published through another server).
    pub async fn definition(
        &self,
        commands: &Commands,
        id: &str,
        version: u32,
    ) -> Result<Arc<Definition>, CommandError> {
        if let Some(d) = self.processes().get(id, version) {
            return Ok(d.clone());
        }
        self.refresh(commands).await?;
        self.get(id, version)
    }

    /// Every definition, every version.
    pub fn all(&self) -> Vec<Arc<Definition>> {
        self.processes().all().cloned().collect()
    }

    /// The newest version of every definition, by id.
    pub fn all_latest(&self) -> Vec<Arc<Definition>> {
        self.processes().all_latest().cloned().collect()
    }

    /// The newest version of a definition, shipped or published (what a screen describes;
    /// new documents start with the one [`Processes::in_force`]).
    pub fn latest(&self, id: &str) -> Result<Arc<Definition>, CommandError> {
        self.processes().latest(id).cloned().ok_or_else(|| {
            CommandError::Refused(DomainError::not_found(
                "process",
                format!("no process definition {id}"),
            ))
        })
    }

    /// The version of `process` a new document in `unit` starts with on `date`:
    /// `UNKNOWN_PROCESS` when there is no such process, `PROCESS_NOT_IN_FORCE` when it was
    /// published but is in force elsewhere or later only.
    pub fn in_force(
        &self,
        organisation: &Organisation,
        field: &'static str,
        process: &str,
        unit: Option<UnitId>,
        date: NaiveDate,
    ) -> Result<Arc<Definition>, DomainError> {
        let processes = self.processes();
        if let Some(d) = processes.in_force(organisation, process, unit, date) {
            return Ok(d.clone());
        }
        if processes.latest(process).is_some() {
            Err(DomainError::validation(
                field,
                "PROCESS_NOT_IN_FORCE",
                "this process is not in force here on this day",
            ))
        } else {
            Err(DomainError::validation(
                field,
                "UNKNOWN_PROCESS",
                "no process definition by this name",
            ))
        }
    }

    /// Brings the definitions and activations up to date with the `processes` stream.
    pub async fn refresh(&self, commands: &Commands) -> Result<Arc<Processes>, CommandError> {
        let began = std::time::Instant::now();
        let seen = self.processes().events;
        let events = commands.process_events_after(seen).await?;
        self.absorb(seen, &events);
        if let Ok(mut refreshed) = self.refreshed.lock() {
            *refreshed = Some(began);
        }
        Ok(self.processes())
    }

    /// The definitions and activations, refreshed from the stream unless that was done
    /// within [`FRESHNESS`] (for starting a document).
    pub async fn fresh(&self, commands: &Commands) -> Result<Arc<Processes>, CommandError> {
        let recent = self
            .refreshed
            .lock()
            .ok()
            .and_then(|r| *r)
            .is_some_and(|t| t.elapsed() < FRESHNESS);
        if recent {
            Ok(self.processes())
        } else {
            self.refresh(commands).await
        }
    }

    /// Takes in the events of the stream after the first `seen` (those another refresh
    /// already took in are skipped: every refresh applies the same events in the same order).
    fn absorb(&self, seen: u64, events: &[ProcessEvent]) {
        let current = self.processes();
        let skip = usize::try_from(current.events.saturating_sub(seen)).unwrap_or(usize::MAX);
        let Some(new) = events.get(skip..).filter(|new| !new.is_empty()) else {
            return;
        };
        let mut next = (*current).clone();
        for event in new {
            next.evolve(event);
        }
        let mut state = match self.state.write() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Another refresh may have got further meanwhile: keep the most complete.
        if next.events > state.events {
            *state = Arc::new(next);
        }
    }
}

/// One entry of the processes stream with who recorded it and when.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub event: ProcessEvent,
    pub at: DateTime<Utc>,
    pub by: Option<chancery_domain::ids::UserId>,
}

/// The administrators' use cases on process definitions.
pub struct ProcessCases<'a> {
    pub commands: &'a Commands,
    pub workflows: &'a Workflows,
}

impl ProcessCases<'_> {
    /// Every definition and activation, with who recorded each and when (the stream is
    /// small: one event per published version or activation). Anyone working may read them.
    pub async fn list(
        &self,
        caller: &Caller,
    ) -> Result<(Arc<Processes>, Vec<Recorded>), CommandError> {
        caller.check(&Action::ViewCatalogues)?;
        let processes = self.workflows.refresh(self.commands).await?;
        let stream = StreamId::new(processes::STREAM)?;
        let mut recorded = Vec::new();
        let mut next = 0;
        loop {
            let batch = match self
                .commands
                .store()
                .read_stream(
                    &stream,
                    ReadDirection::Forwards,
                    ReadFrom::Revision(next),
                    500,
                )
                .await
            {
                Ok(batch) => batch,
                Err(StoreError::StreamNotFound(_)) => Vec::new(),
                Err(e) => return Err(e.into()),
            };
            let done = batch.len() < 500;
            for event in batch {
                next = event.stream_revision + 1;
                let metadata = event
                    .metadata()
                    .map_err(|e| CommandError::Corrupt(e.to_string()))?;
                let Some(e) = process_event(self.commands.decode(&event)?) else {
                    continue;
                };
                recorded.push(Recorded {
                    event: e,
                    at: metadata.recorded_at,
                    by: metadata
                        .actor
                        .map(|a| chancery_domain::ids::UserId(a.user_id)),
                });
            }
            if done {
                break;
            }
        }
        Ok((processes, recorded))
    }

    /// Checks a definition as publishing it would, without storing anything: the definition
    /// or every problem found.
    pub async fn check(
        &self,
        caller: &Caller,
        json: &str,
    ) -> Result<Result<Definition, Vec<DefinitionError>>, CommandError> {
        caller.check(&Action::ManageProcesses)?;
        if json.len() > processes::MAX_DEFINITION_BYTES {
            return Err(DomainError::validation(
                "definition",
                "TOO_LARGE",
                "the definition is too large",
            )
            .into());
        }
        let processes = self.workflows.refresh(self.commands).await?;
        Ok(processes.check(&caller.organisation, json))
    }

    /// Publishes a new version or records an activation.
    pub async fn decide(
        &self,
        caller: &Caller,
        command: ProcessCommand,
    ) -> Result<Outcome, CommandError> {
        caller.check(&Action::ManageProcesses)?;
        for _ in 0..CONFLICT_RETRIES {
            let processes = self.workflows.refresh(self.commands).await?;
            let events: Vec<AnyEvent> = processes
                .decide(&caller.organisation, caller.today(), command.clone())?
                .into_iter()
                .map(|e| match e {
                    ProcessEvent::ProcessPublished(e) => AnyEvent::ProcessPublished(e),
                    ProcessEvent::ProcessActivated(e) => AnyEvent::ProcessActivated(e),
                })
                .collect();
            match self
                .commands
                .append(
                    processes::STREAM,
                    processes.events,
                    &caller.context,
                    &events,
                )
                .await
            {
                Err(StoreError::WrongExpectedRevision { .. }) => continue,
                Err(e) => return Err(e.into()),
                Ok(outcome) => {
                    self.workflows.refresh(self.commands).await?;
                    return Ok(outcome);
                }
            }
        }
        Err(CommandError::Contended)
    }
}

/// The process event an event of the stream is, if it is one.
pub(crate) fn process_event(event: AnyEvent) -> Option<ProcessEvent> {
    match event {
        AnyEvent::ProcessPublished(e) => Some(ProcessEvent::ProcessPublished(e)),
        AnyEvent::ProcessActivated(e) => Some(ProcessEvent::ProcessActivated(e)),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use chancery_domain::processes::ProcessActivated;

    use super::*;

    fn activated(day: u32) -> ProcessEvent {
        ProcessEvent::ProcessActivated(ProcessActivated {
            process: "p2-incoming-unit".to_owned(),
            version: 1,
            unit_id: None,
            from: NaiveDate::from_ymd_opt(2027, 1, day).unwrap(),
        })
    }

    #[test]
    fn overlapping_refreshes_take_in_every_event_once() {
        let roles = chancery_domain::organisation::BUILT_IN_ROLES
            .iter()
            .map(|r| r.0.to_owned())
            .collect();
        let workflows = Workflows::shipped(&roles).unwrap();
        let events: Vec<ProcessEvent> = (1..=3).map(activated).collect();
        // Two refreshes began at the same point; the quicker read less.
        workflows.absorb(0, &events[..1]);
        workflows.absorb(0, &events);
        let processes = workflows.processes();
        assert_eq!(processes.events, 3);
        assert_eq!(processes.activations_of("p2-incoming-unit").count(), 3);
        // A late refresh with what is already in changes nothing.
        workflows.absorb(1, &events[1..2]);
        assert_eq!(workflows.processes().events, 3);
    }
}
