//! Process definitions as versioned, audited data: the definitions shipped with Chancery
//! (`schemas/workflows/`), the versions an administrator publishes, and the activations that
//! say which version new documents start with, where and from when. One stream, [`STREAM`].
//!
//! - A published definition is a new version of its process (the next number after every
//!   version known, shipped or published); a version never changes once it exists, so a
//!   running document keeps the definition it started with.
//! - It is checked as the shipped ones are at load ([`Definition::check`], against the
//!   organisation's roles and the other processes), and a process keeps its subject.
//! - An activation says: from `from`, in the whole agency (`unit_id: None`) or in a unit and
//!   below it, new documents of this process start at `version`. The most specific scope
//!   wins, then the latest `from`, then the latest recorded. Where no activation applies,
//!   the newest *shipped* version is in force (publishing alone changes nothing).
//! - When several processes could start the same document (two incoming processes whose
//!   start step the same role acts at, such as P1 and its old variant), the one whose
//!   activation applies most specifically and most recently is the default
//!   ([`Processes::starting`]); a process nobody activated ranks below any activated one.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};
use crate::events::DomainEvent;
use crate::ids::UnitId;
use crate::organisation::{BUILT_IN_ROLES, Organisation};
use crate::text::TextRule;
use crate::workflow::{Definition, DefinitionError};

/// The stream holding every published definition and every activation.
pub const STREAM: &str = "processes";

/// A new version of a process definition was published by an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessPublished {
    pub definition: Definition,
    /// Why this version (what changed), for the record.
    pub note: Option<String>,
}

impl DomainEvent for ProcessPublished {
    const EVENT_TYPE: &'static str = "process.published";
    const SCHEMA_VERSION: u32 = 1;
}

/// From `from`, new documents of `process` in the whole agency (or in `unit_id` and below)
/// start at `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessActivated {
    pub process: String,
    pub version: u32,
    pub unit_id: Option<UnitId>,
    pub from: NaiveDate,
}

impl DomainEvent for ProcessActivated {
    const EVENT_TYPE: &'static str = "process.activated";
    const SCHEMA_VERSION: u32 = 1;
}

/// Every event of the processes stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ProcessEvent {
    ProcessPublished(ProcessPublished),
    ProcessActivated(ProcessActivated),
}

/// A change to the processes.
#[derive(Debug, Clone)]
pub enum ProcessCommand {
    /// Publish a definition (its JSON text, as uploaded or edited).
    Publish {
        definition: String,
        note: Option<String>,
    },
    Activate {
        process: String,
        version: u32,
        unit_id: Option<UnitId>,
        from: NaiveDate,
    },
}

/// Every definition known (shipped and published) and every activation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Processes {
    definitions: BTreeMap<(String, u32), Arc<Definition>>,
    shipped: BTreeSet<(String, u32)>,
    /// In the order recorded.
    activations: Vec<ProcessActivated>,
    /// How many events of the stream this state reflects (so a registry can tell whether
    /// it changed).
    pub events: u64,
}

/// Where an activation applies and how strongly: (scope depth: 0 for the whole agency, 1
/// for a top unit…, `from`, order recorded). Shipped defaults rank below every activation.
type Rank = (i64, NaiveDate, i64);

impl Processes {
    /// The shipped definitions (already checked at load).
    pub fn with_shipped(definitions: impl IntoIterator<Item = Definition>) -> Self {
        let mut processes = Self::default();
        for d in definitions {
            let key = (d.id.clone(), d.version);
            processes.shipped.insert(key.clone());
            processes.definitions.insert(key, Arc::new(d));
        }
        processes
    }

    pub fn evolve(&mut self, event: &ProcessEvent) {
        self.events += 1;
        match event {
            ProcessEvent::ProcessPublished(e) => {
                let d = &e.definition;
                self.definitions
                    .entry((d.id.clone(), d.version))
                    .or_insert_with(|| Arc::new(d.clone()));
            }
            ProcessEvent::ProcessActivated(e) => self.activations.push(e.clone()),
        }
    }

    /// A definition at a version.
    pub fn get(&self, id: &str, version: u32) -> Option<&Arc<Definition>> {
        self.definitions.get(&(id.to_owned(), version))
    }

    /// Every definition, every version, by id then version.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Definition>> {
        self.definitions.values()
    }

    /// Was this version shipped with Chancery (rather than published)?
    pub fn is_shipped(&self, id: &str, version: u32) -> bool {
        self.shipped.contains(&(id.to_owned(), version))
    }

    /// The newest version of a process, shipped or published.
    pub fn latest(&self, id: &str) -> Option<&Arc<Definition>> {
        self.definitions
            .range((id.to_owned(), 0)..=(id.to_owned(), u32::MAX))
            .next_back()
            .map(|(_, d)| d)
    }

    /// The newest version of every process.
    pub fn all_latest(&self) -> impl Iterator<Item = &Arc<Definition>> {
        let mut latest: BTreeMap<&str, &Arc<Definition>> = BTreeMap::new();
        for ((id, _), d) in &self.definitions {
            latest.insert(id, d);
        }
        latest.into_values()
    }

    /// The activations of a process, in the order recorded.
    pub fn activations_of<'a>(
        &'a self,
        process: &'a str,
    ) -> impl Iterator<Item = &'a ProcessActivated> + 'a {
        self.activations
            .iter()
            .filter(move |a| a.process == process)
    }

    /// The version of `process` new documents in `unit` start with on `date`, and how
    /// strongly it is chosen (`None` for the shipped default).
    fn in_force_ranked(
        &self,
        organisation: &Organisation,
        process: &str,
        unit: Option<UnitId>,
        date: NaiveDate,
    ) -> Option<(u32, Option<Rank>)> {
        let depth = |u: UnitId| -> Option<i64> {
            // How far below the top `u` is, if `unit` is `u` or below it.
            let unit = unit?;
            if !organisation.is_within(unit, u) {
                return None;
            }
            let mut d = 1;
            let mut cursor = organisation.units.get(&u).and_then(|x| x.parent);
            while let Some(p) = cursor {
                d += 1;
                if d > 64 {
                    break;
                }
                cursor = organisation.units.get(&p).and_then(|x| x.parent);
            }
            Some(d)
        };
        let best = self
            .activations
            .iter()
            .enumerate()
            .filter(|(_, a)| a.process == process && a.from <= date)
            .filter_map(|(i, a)| {
                let scope = match a.unit_id {
                    None => 0,
                    Some(u) => depth(u)?,
                };
                Some((
                    (scope, a.from, i64::try_from(i).unwrap_or(i64::MAX)),
                    a.version,
                ))
            })
            .max_by_key(|(rank, _)| *rank);
        if let Some((rank, version)) = best {
            return Some((version, Some(rank)));
        }
        self.shipped
            .range((process.to_owned(), 0)..=(process.to_owned(), u32::MAX))
            .next_back()
            .map(|(_, v)| (*v, None))
    }

    /// The definition new documents of `process` in `unit` start with on `date` (`None`: the
    /// process was published but never activated there).
    pub fn in_force(
        &self,
        organisation: &Organisation,
        process: &str,
        unit: Option<UnitId>,
        date: NaiveDate,
    ) -> Option<&Arc<Definition>> {
        let (version, _) = self.in_force_ranked(organisation, process, unit, date)?;
        self.get(process, version)
    }

    /// The version in force in `unit` on `date` of every process that has one, by id.
    pub fn in_force_all(
        &self,
        organisation: &Organisation,
        unit: Option<UnitId>,
        date: NaiveDate,
    ) -> Vec<&Arc<Definition>> {
        let ids: BTreeSet<&str> = self.definitions.keys().map(|(id, _)| id.as_str()).collect();
        ids.into_iter()
            .filter_map(|id| self.in_force(organisation, id, unit, date))
            .collect()
    }

    /// The process a new document in `unit` starts on `date`, among those `fits` accepts:
    /// the one activated most specifically and most recently; else the first shipped one
    /// (by id).
    pub fn starting(
        &self,
        organisation: &Organisation,
        unit: Option<UnitId>,
        date: NaiveDate,
        fits: impl Fn(&Definition) -> bool,
    ) -> Option<&Arc<Definition>> {
        let ids: BTreeSet<&str> = self.definitions.keys().map(|(id, _)| id.as_str()).collect();
        let mut best: Option<(Option<Rank>, &Arc<Definition>)> = None;
        for id in ids {
            let Some((version, rank)) = self.in_force_ranked(organisation, id, unit, date) else {
                continue;
            };
            let Some(d) = self.get(id, version) else {
                continue;
            };
            if !fits(d) {
                continue;
            }
            // `None < Some(_)`: an activated process beats a shipped default; among equals
            // the first id stays.
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, d));
            }
        }
        best.map(|(_, d)| d)
    }

    /// Parses and checks a definition as it would be published: the problems, every one,
    /// or the definition.
    pub fn check(
        &self,
        organisation: &Organisation,
        json: &str,
    ) -> Result<Definition, Vec<DefinitionError>> {
        let definition = Definition::parse("definition", json).map_err(|e| vec![e])?;
        let roles: BTreeSet<String> = organisation
            .roles
            .keys()
            .cloned()
            .chain(BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()))
            .collect();
        let mut others: BTreeMap<String, &Definition> = self
            .all_latest()
            .map(|d| (d.id.clone(), d.as_ref()))
            .collect();
        others.insert(definition.id.clone(), &definition);
        definition.check(&roles, &others)?;
        Ok(definition)
    }

    /// Decides a command. `today` is the agency's date.
    pub fn decide(
        &self,
        organisation: &Organisation,
        today: NaiveDate,
        command: ProcessCommand,
    ) -> DomainResult<Vec<ProcessEvent>> {
        match command {
            ProcessCommand::Publish { definition, note } => {
                if definition.len() > MAX_DEFINITION_BYTES {
                    return Err(DomainError::validation(
                        "definition",
                        "TOO_LARGE",
                        format!("a definition is at most {MAX_DEFINITION_BYTES} bytes"),
                    ));
                }
                let definition = self.check(organisation, &definition).map_err(|problems| {
                    let mut error = DomainError::validation(
                        "definition",
                        "INVALID_PROCESS",
                        problems
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                    error = error.with_fact("problems", problems.len().to_string());
                    error
                })?;
                check_id(&definition.id)?;
                let next = self.latest(&definition.id).map_or(1, |d| d.version + 1);
                if definition.version != next {
                    return Err(DomainError::conflict_on(
                        "definition",
                        "PROCESS_VERSION_TAKEN",
                        format!("the next version of {} is {next}", definition.id),
                    )
                    .with_fact("nextVersion", next.to_string()));
                }
                if let Some(previous) = self.latest(&definition.id)
                    && previous.subject != definition.subject
                {
                    return Err(DomainError::conflict_on(
                        "definition",
                        "PROCESS_SUBJECT_CHANGED",
                        "a new version runs on the same kind of document as the process",
                    ));
                }
                let note = TextRule::line("note", 2000)
                    .multiline()
                    .clean_opt(note.as_deref())?;
                Ok(vec![ProcessEvent::ProcessPublished(ProcessPublished {
                    definition,
                    note,
                })])
            }
            ProcessCommand::Activate {
                process,
                version,
                unit_id,
                from,
            } => {
                if self.latest(&process).is_none() {
                    return Err(DomainError::validation(
                        "process",
                        "UNKNOWN_PROCESS",
                        "no process definition by this name",
                    ));
                }
                if self.get(&process, version).is_none() {
                    return Err(DomainError::not_found(
                        "version",
                        format!("{process} has no version {version}"),
                    ));
                }
                if let Some(unit) = unit_id {
                    organisation.active_unit(unit, "unitId")?;
                }
                if from < today {
                    return Err(DomainError::validation(
                        "from",
                        "ACTIVATION_IN_THE_PAST",
                        "a process is activated from today or a later day",
                    ));
                }
                let event = ProcessActivated {
                    process,
                    version,
                    unit_id,
                    from,
                };
                // The same activation again changes nothing.
                if self.activations.last() == Some(&event) {
                    return Ok(vec![]);
                }
                Ok(vec![ProcessEvent::ProcessActivated(event)])
            }
        }
    }
}

/// The largest definition accepted (the shipped ones are under 20 KB).
pub const MAX_DEFINITION_BYTES: usize = 256 * 1024;

/// A process id: lowercase letters, digits and hyphens, 3 to 64 characters.
fn check_id(id: &str) -> DomainResult<()> {
    let ok = (3..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(DomainError::validation(
            "definition",
            "INVALID_CODE",
            "a process id is 3 to 64 lowercase letters, digits and hyphens",
        ))
    }
}
