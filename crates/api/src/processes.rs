//! Process definitions as administrators see and change them: every process with its
//! versions (shipped or published, by whom, when), its activations and the version in force
//! for the whole agency today; each version's diagram (steps by depth, transitions with
//! their shape); `checkProcess` (the problems of an edited definition, localised, and its
//! diagram, nothing stored); `publishProcess` and `activateProcess`. The rules are
//! `domain::processes`; the use cases `commands::processes::ProcessCases`.

use std::collections::BTreeMap;

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chancery_commands::processes::{ProcessCases, Recorded};
use chancery_domain::ids::UnitId;
use chancery_domain::organisation::Organisation;
use chancery_domain::processes::{ProcessCommand, ProcessEvent};
use chancery_domain::reason::Reason;
use chancery_domain::reference::Lang;
use chancery_domain::workflow::{Definition, DefinitionError, Need, Subject};
use chrono::{DateTime, NaiveDate, Utc};

use crate::actions::{ActionEffect, title};
use crate::auth::{api, lang};
use crate::documents::working;
use crate::{ApiError, Written};

/// What a process runs on.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ProcessSubject {
    IncomingDocument,
    OutgoingDocument,
    Submission,
    Task,
}

impl From<Subject> for ProcessSubject {
    fn from(s: Subject) -> Self {
        match s {
            Subject::IncomingDocument => Self::IncomingDocument,
            Subject::OutgoingDocument => Self::OutgoingDocument,
            Subject::Submission => Self::Submission,
            Subject::Task => Self::Task,
        }
    }
}

/// A process (every version of one definition id).
#[derive(SimpleObject)]
pub struct Process {
    pub id: String,
    /// The newest version's title.
    pub title: String,
    pub subject: ProcessSubject,
    pub latest_version: i32,
    /// The version new documents of the whole agency start with today (none: published,
    /// never activated).
    pub in_force: Option<i32>,
    /// Oldest first.
    pub versions: Vec<ProcessVersion>,
    /// Newest first.
    pub activations: Vec<ProcessActivation>,
}

#[derive(SimpleObject)]
pub struct ProcessVersion {
    pub version: i32,
    pub title: String,
    /// Shipped with Chancery (rather than published by an administrator).
    pub shipped: bool,
    pub published_at: Option<DateTime<Utc>>,
    /// Who published it.
    pub published_by: Option<String>,
    pub note: Option<String>,
    /// The definition itself, as stored (what an editor starts a new version from).
    pub definition: async_graphql::Json<serde_json::Value>,
    pub diagram: ProcessDiagram,
}

/// A definition's steps and transitions, for drawing.
#[derive(SimpleObject)]
pub struct ProcessDiagram {
    pub start: String,
    pub steps: Vec<DiagramStep>,
    pub transitions: Vec<DiagramTransition>,
}

#[derive(SimpleObject)]
pub struct DiagramStep {
    pub id: String,
    pub title: String,
    /// The titles of the roles acting at it, in the caller's language.
    pub roles: Vec<String>,
    pub end: bool,
    /// Fewest actions from the start (unreachable steps: one column past the deepest).
    pub depth: i32,
}

#[derive(SimpleObject)]
pub struct DiagramTransition {
    pub from: String,
    pub to: String,
    pub action: String,
    pub title: String,
    /// What the action asks for: `note`, `deadline`, `recipients`, `units`, `attachments`.
    pub needs: Vec<String>,
    pub effects: Vec<ActionEffect>,
    pub returns: bool,
    pub ends: bool,
    pub danger: bool,
}

#[derive(SimpleObject)]
pub struct ProcessActivation {
    pub process: String,
    pub version: i32,
    /// None: the whole agency.
    pub unit_id: Option<ID>,
    pub unit_name: Option<String>,
    pub from: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    pub by: Option<String>,
}

/// One problem of a definition, in the caller's language.
#[derive(SimpleObject)]
pub struct ProcessProblem {
    pub code: String,
    pub message: String,
    pub step: Option<String>,
    pub action: Option<String>,
}

/// What checking a definition found.
#[derive(SimpleObject)]
pub struct ProcessCheck {
    pub valid: bool,
    pub id: Option<String>,
    pub version: Option<i32>,
    pub problems: Vec<ProcessProblem>,
    /// The diagram of a valid definition.
    pub diagram: Option<ProcessDiagram>,
}

fn int(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn need_name(n: Need) -> &'static str {
    match n {
        Need::Note => "note",
        Need::Deadline => "deadline",
        Need::Recipients => "recipients",
        Need::Units => "units",
        Need::Attachments => "attachments",
    }
}

/// The diagram of `definition` in `lang`.
pub fn diagram(organisation: &Organisation, definition: &Definition, lang: Lang) -> ProcessDiagram {
    let depths = definition.depths();
    let deepest = depths.values().copied().max().unwrap_or(0);
    let role_title = |role: &String| {
        organisation.roles.get(role).map_or_else(
            || role.clone(),
            |r| crate::pick(lang, &r.names.vi, &r.names.en, &r.names.lo),
        )
    };
    let steps = definition
        .steps
        .iter()
        .map(|(id, s)| DiagramStep {
            id: id.clone(),
            title: title(lang, &s.title),
            roles: s.roles.iter().map(role_title).collect(),
            end: s.end,
            depth: i32::try_from(depths.get(id.as_str()).copied().unwrap_or(deepest + 1))
                .unwrap_or(i32::MAX),
        })
        .collect();
    let transitions = definition
        .transitions()
        .map(|(from, action, def)| {
            let shape = definition.shape(from, def);
            DiagramTransition {
                from: from.to_owned(),
                to: def.to.clone(),
                action: action.to_owned(),
                title: title(lang, &def.title),
                needs: def.needs.iter().map(|n| need_name(*n).to_owned()).collect(),
                effects: def.effect_kinds().into_iter().map(Into::into).collect(),
                returns: shape.returns,
                ends: shape.ends,
                danger: shape.danger,
            }
        })
        .collect();
    ProcessDiagram {
        start: definition.start.clone(),
        steps,
        transitions,
    }
}

/// A definition problem in words.
fn problem(p: &DefinitionError, lang: Lang) -> ProcessProblem {
    let code = p.code();
    let text = Reason::from_code(code).map_or(code, |r| r.text(lang));
    let mut place = Vec::new();
    if let Some(step) = p.step() {
        place.push(step.to_owned());
    }
    if let Some(action) = p.action() {
        place.push(action.to_owned());
    }
    if let Some(detail) = p.detail() {
        place.push(detail.to_owned());
    }
    let message = if place.is_empty() {
        text.to_owned()
    } else {
        format!("{text} ({})", place.join(" · "))
    };
    ProcessProblem {
        code: code.to_owned(),
        message,
        step: p.step().map(str::to_owned),
        action: p.action().map(str::to_owned),
    }
}

/// The processes' use cases on this API's commands and definitions.
fn cases(api: &crate::ApiContext) -> ProcessCases<'_> {
    ProcessCases {
        commands: &api.commands,
        workflows: &api.workflows,
    }
}

#[derive(Default)]
pub struct ProcessQuery;

#[Object]
impl ProcessQuery {
    /// Every process: its versions, activations and the version in force for the whole
    /// agency today. Anyone working in the organisation may read them.
    async fn processes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Process>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let l = lang(ctx);
        let caller = guard.caller(None)?;
        let cases = cases(api);
        let (processes, recorded) = cases.list(&caller).await.map_err(ApiError::from)?;
        let organisation = &guard.organisation;
        let name_of = |r: &Recorded| {
            r.by.and_then(|p| organisation.people.get(&p))
                .map(|p| p.full_name.clone())
        };
        let mut published: BTreeMap<(String, u32), (&Recorded, Option<String>)> = BTreeMap::new();
        let mut activations: BTreeMap<String, Vec<ProcessActivation>> = BTreeMap::new();
        for r in &recorded {
            match &r.event {
                ProcessEvent::ProcessPublished(e) => {
                    published.insert(
                        (e.definition.id.clone(), e.definition.version),
                        (r, e.note.clone()),
                    );
                }
                ProcessEvent::ProcessActivated(e) => {
                    activations
                        .entry(e.process.clone())
                        .or_default()
                        .push(ProcessActivation {
                            process: e.process.clone(),
                            version: int(e.version),
                            unit_id: e.unit_id.map(|u| ID(u.0.to_string())),
                            unit_name: e
                                .unit_id
                                .map(|u| crate::documents::unit_name(organisation, l, u)),
                            from: e.from,
                            recorded_at: r.at,
                            by: name_of(r),
                        });
                }
            }
        }
        let today = caller.today();
        let mut out = Vec::new();
        for latest in processes.all_latest() {
            let id = &latest.id;
            let versions = processes
                .all()
                .filter(|d| &d.id == id)
                .map(|d| {
                    let origin = published.get(&(d.id.clone(), d.version));
                    ProcessVersion {
                        version: int(d.version),
                        title: title(l, &d.title),
                        shipped: processes.is_shipped(&d.id, d.version),
                        published_at: origin.map(|(r, _)| r.at),
                        published_by: origin.and_then(|(r, _)| name_of(r)),
                        note: origin.and_then(|(_, n)| n.clone()),
                        definition: async_graphql::Json(
                            serde_json::to_value(d.as_ref()).unwrap_or_default(),
                        ),
                        diagram: diagram(organisation, d, l),
                    }
                })
                .collect();
            let mut acts = activations.remove(id).unwrap_or_default();
            acts.reverse();
            out.push(Process {
                id: id.clone(),
                title: title(l, &latest.title),
                subject: latest.subject.into(),
                latest_version: int(latest.version),
                in_force: processes
                    .in_force(organisation, id, None, today)
                    .map(|d| int(d.version)),
                versions,
                activations: acts,
            });
        }
        Ok(out)
    }

    /// Checks a definition (its JSON text) as publishing it would, storing nothing: every
    /// problem in the caller's language, or its diagram. For administrators.
    async fn check_process(
        &self,
        ctx: &Context<'_>,
        definition: String,
    ) -> async_graphql::Result<ProcessCheck> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let l = lang(ctx);
        let caller = guard.caller(None)?;
        let cases = cases(api);
        Ok(
            match cases
                .check(&caller, &definition)
                .await
                .map_err(ApiError::from)?
            {
                Ok(d) => ProcessCheck {
                    valid: true,
                    id: Some(d.id.clone()),
                    version: Some(int(d.version)),
                    problems: Vec::new(),
                    diagram: Some(diagram(&guard.organisation, &d, l)),
                },
                Err(problems) => ProcessCheck {
                    valid: false,
                    id: None,
                    version: None,
                    problems: problems.iter().map(|p| problem(p, l)).collect(),
                    diagram: None,
                },
            },
        )
    }
}

#[derive(Default)]
pub struct ProcessMutation;

#[Object]
impl ProcessMutation {
    /// Publishes a new version of a process (`definition`: its JSON text; its `version` is
    /// the next one). Refused with `INVALID_PROCESS` (see `checkProcess` for the problems),
    /// `PROCESS_VERSION_TAKEN` (fact `nextVersion`) or `PROCESS_SUBJECT_CHANGED`. Publishing
    /// changes no document: activate the version for that.
    async fn publish_process(
        &self,
        ctx: &Context<'_>,
        definition: String,
        note: Option<String>,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<Written> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let caller = guard.caller(idempotency_key.as_ref())?;
        let cases = cases(api);
        let outcome = cases
            .decide(&caller, ProcessCommand::Publish { definition, note })
            .await
            .map_err(ApiError::from)?;
        Ok(api.written(outcome.position).await?)
    }

    /// From `from` (today or later), new documents of `process` in the whole agency (or in
    /// `unitId` and below) start at `version`; running documents keep theirs.
    async fn activate_process(
        &self,
        ctx: &Context<'_>,
        process: String,
        version: i32,
        unit_id: Option<ID>,
        from: NaiveDate,
        idempotency_key: Option<ID>,
    ) -> async_graphql::Result<Written> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let caller = guard.caller(idempotency_key.as_ref())?;
        let version = u32::try_from(version)
            .map_err(|_| ApiError::invalid("version", "OUT_OF_RANGE", "no such version"))?;
        let unit_id = unit_id
            .map(|u| crate::organisation::parse_id(&u, "unitId").map(UnitId))
            .transpose()?;
        let cases = cases(api);
        let outcome = cases
            .decide(
                &caller,
                ProcessCommand::Activate {
                    process,
                    version,
                    unit_id,
                    from,
                },
            )
            .await
            .map_err(ApiError::from)?;
        Ok(api.written(outcome.position).await?)
    }
}
