//! Supervision: overdue and due-soon work for the people who follow it up (counts per
//! person, unit, unit subtree and agency, and the work items behind them), and document
//! search within what the caller may read.
//!
//! Who may watch a unit's work is the access module's decision ([`Action::SuperviseUnit`]);
//! what a search may return mirrors [`Action::ReadDocument`], and the resolver learns it by
//! asking that rule about the units of the organisation instead of reading permissions
//! itself. The queries are the `overdue` and `search` read models over the inbox tables.

use std::collections::BTreeSet;

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chancery_domain::access::Action;
use chancery_domain::calendar::Country;
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::organisation::{Organisation, UnitKind};
use chancery_read_models::{overdue, search};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::ApiError;
use crate::auth::{Guard, api};
use crate::documents::{
    PositionRef, UrgencyLevel, acting, position_ref, today, working, working_calendar,
};
use crate::error::bounded;
use crate::organisation::{UnitKindGql, parse_id};

/// Longest search text (and issuing-body filter) accepted, in characters.
pub const MAX_TEXT: usize = 200;
/// Largest page of a drill-down or a search.
pub const MAX_PAGE: i32 = 200;
/// Widest "due soon" window, in working days.
pub const MAX_SOON_DAYS: i32 = 60;

/// The unit whose subtree the caller watches: the one asked for, else the caller's agency
/// when they supervise it, else the unit they act in. Refused unless they supervise it.
fn supervised_root(guard: &Guard, unit_id: Option<&ID>) -> Result<UnitId, ApiError> {
    let organisation = &guard.organisation;
    if let Some(id) = unit_id {
        let unit = UnitId(parse_id(id, "unitId")?);
        if !organisation.units.contains_key(&unit) {
            return Err(ApiError::invalid("unitId", "UNKNOWN_UNIT", "no such unit"));
        }
        guard.check(&Action::SuperviseUnit { unit })?;
        return Ok(unit);
    }
    let own = acting(guard)?.unit;
    let agency = organisation.agency_of(own).map_or(own, |a| a.id);
    match guard.check(&Action::SuperviseUnit { unit: agency }) {
        Ok(()) => Ok(agency),
        Err(refused) => {
            if agency != own && guard.check(&Action::SuperviseUnit { unit: own }).is_ok() {
                Ok(own)
            } else {
                Err(refused)
            }
        }
    }
}

/// `root` and every unit below it.
fn subtree(organisation: &Organisation, root: UnitId) -> Vec<UnitId> {
    organisation
        .units
        .keys()
        .copied()
        .filter(|u| organisation.is_within(*u, root))
        .collect()
}

/// Work owed by some targets only: these positions, and the pools of these units.
#[derive(Debug, Clone, Default)]
struct Targets {
    positions: BTreeSet<Uuid>,
    pool_units: BTreeSet<Uuid>,
}

impl Targets {
    /// The positions of `units` (ended ones too: work may still wait on them) and their
    /// pools.
    fn of_units(organisation: &Organisation, units: &[UnitId]) -> Self {
        let units: BTreeSet<UnitId> = units.iter().copied().collect();
        Self {
            positions: organisation
                .positions
                .values()
                .filter(|p| units.contains(&p.unit))
                .map(|p| p.id.0)
                .collect(),
            pool_units: units.into_iter().map(|u| u.0).collect(),
        }
    }

    /// Is the work of a target — a position, or else a pool — owed by these targets?
    fn owe(&self, position: Option<Uuid>, pool_unit: Option<Uuid>) -> bool {
        position.is_some_and(|p| self.positions.contains(&p))
            || pool_unit.is_some_and(|u| self.pool_units.contains(&u))
    }

    /// Only the targets both narrowings keep (`None`: no narrowing).
    fn both(a: Option<Self>, b: Option<Self>) -> Option<Self> {
        match (a, b) {
            (Some(a), Some(b)) => Some(Self {
                positions: a.positions.intersection(&b.positions).copied().collect(),
                pool_units: a.pool_units.intersection(&b.pool_units).copied().collect(),
            }),
            (a, None) => a,
            (None, b) => b,
        }
    }
}

/// What a supervisor of `root` watches: the work on the documents of `root` and every unit
/// below it. A unit that keeps no registers of its own (a department, or a unit of the
/// agency's office) has its documents registered by its office above it: its supervisor
/// watches the work its own people and pools owe on the office's documents too — and on
/// its own documents, likewise only theirs.
struct Watched {
    root: UnitId,
    /// Documents of these units.
    documents: Vec<Uuid>,
    /// Only the work these targets owe (`None`: all the work on `documents`).
    owed_by: Option<Targets>,
}

fn watched(organisation: &Organisation, root: UnitId) -> Watched {
    let below = subtree(organisation, root);
    let mut documents: Vec<Uuid> = below.iter().map(|u| u.0).collect();
    match organisation.office_of(root) {
        Some(office) if office != root => {
            documents.push(office.0);
            Watched {
                root,
                documents,
                owed_by: Some(Targets::of_units(organisation, &below)),
            }
        }
        _ => Watched {
            root,
            documents,
            owed_by: None,
        },
    }
}

fn soon_days(days: i32) -> Result<u32, ApiError> {
    u32::try_from(days)
        .ok()
        .filter(|d| *d <= MAX_SOON_DAYS.unsigned_abs())
        .ok_or_else(|| {
            ApiError::invalid(
                "dueWithinWorkingDays",
                "OUT_OF_RANGE",
                format!("between 0 and {MAX_SOON_DAYS} working days"),
            )
        })
}

/// Today and the last day that counts as due soon: `days` working days ahead.
async fn dates(
    guard: &Guard,
    ctx: &Context<'_>,
    days: u32,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let api = api(ctx)?;
    let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
    let day = today(guard.now);
    // The calendar of the unit the supervisor acts in (a Lao office counts Lao working days).
    let country = guard
        .principal
        .as_ref()
        .and_then(|p| p.acting.as_ref())
        .map_or(Country::Vietnam, |a| guard.organisation.country_of(a.unit));
    let calendar = working_calendar(&catalogues, country, day);
    Ok((day, calendar.add_working_days(day, days)))
}

fn page_size(first: Option<i32>, default: i32) -> Result<i64, ApiError> {
    let first = first.unwrap_or(default);
    if (1..=MAX_PAGE).contains(&first) {
        Ok(i64::from(first))
    } else {
        Err(ApiError::invalid(
            "first",
            "OUT_OF_RANGE",
            format!("between 1 and {MAX_PAGE}"),
        ))
    }
}

/// The page after `after` (an opaque cursor of a previous page).
fn decode<T>(after: Option<String>) -> Result<Option<OpaqueCursor<T>>, ApiError>
where
    OpaqueCursor<T>: CursorType,
    T: crate::input::CursorValue,
{
    Ok(crate::decode_after::<T>(after.as_deref())?.map(OpaqueCursor))
}

fn unit_name(organisation: &Organisation, id: UnitId) -> String {
    crate::documents::unit_name(organisation, chancery_domain::reference::Lang::Vi, id)
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

/// Overdue and due-soon work on the documents of a unit and every unit below it.
#[derive(SimpleObject)]
pub struct OverdueSummary {
    /// The unit watched (with its subtree).
    pub unit_id: ID,
    pub unit_name: String,
    /// The supervisor's today (UTC+7): a deadline before it is overdue.
    pub today: NaiveDate,
    /// The last day counted as due soon: `dueWithinWorkingDays` working days after today.
    pub soon_until: NaiveDate,
    pub due_within_working_days: i32,
    /// Work items past their deadline.
    pub overdue: i64,
    /// Work items due from today to `soonUntil`.
    pub due_soon: i64,
    /// Per person owing the work (pool items, which any holder of a role may take, count
    /// only for their unit). Most overdue first.
    pub people: Vec<PersonOverdue>,
    /// Per unit owing the work (the unit of the position, or of the pool).
    pub units: Vec<UnitOverdue>,
    /// Per unit of the watched subtree with every unit below it, accumulated.
    pub subtrees: Vec<UnitOverdue>,
    /// The agencies among `subtrees`.
    pub agencies: Vec<UnitOverdue>,
}

/// One person's overdue and due-soon work items (over every position they hold).
#[derive(SimpleObject)]
pub struct PersonOverdue {
    pub person_id: ID,
    pub name: String,
    pub overdue: i64,
    pub due_soon: i64,
}

/// One unit's overdue and due-soon work items.
#[derive(SimpleObject)]
pub struct UnitOverdue {
    pub unit_id: ID,
    pub name: String,
    pub kind: UnitKindGql,
    pub parent_id: Option<ID>,
    pub overdue: i64,
    pub due_soon: i64,
}

/// Which work items a drill-down lists.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug, Default)]
pub enum OverdueWhich {
    /// Past the deadline.
    Overdue,
    /// Due from today to the end of the due-soon window.
    DueSoon,
    /// Either.
    #[default]
    Both,
}

impl From<OverdueWhich> for overdue::OverdueWhich {
    fn from(value: OverdueWhich) -> Self {
        match value {
            OverdueWhich::Overdue => Self::Overdue,
            OverdueWhich::DueSoon => Self::DueSoon,
            OverdueWhich::Both => Self::Both,
        }
    }
}

/// A work item past its deadline or due soon.
#[derive(SimpleObject)]
pub struct OverdueItem {
    pub document_id: ID,
    /// The unit whose document it is.
    pub document_unit_id: ID,
    pub document_unit_name: String,
    /// Empty when `summaryHidden`.
    pub number_notation: String,
    /// Empty when `summaryHidden`.
    pub summary: String,
    /// The caller may not open the document (not routed to them, not in a register they
    /// keep, not a normal document of a unit they lead): its summary and number are withheld
    /// (the supervisor still sees that work is late, when, and whose). Work on documents
    /// above the caller's clearance is neither listed nor counted.
    pub summary_hidden: bool,
    /// `normal`, `urgent`, `very_urgent` or `flash`.
    pub urgency: String,
    pub arrival_number: Option<i64>,
    pub deadline: NaiveDate,
    /// Past the deadline.
    pub overdue: bool,
    /// Calendar days since the deadline (negative: days left).
    pub days_late: i32,
    /// `main`, `co` or `pool`.
    pub kind: String,
    /// The position owing it (null for a pool: every holder of `poolRole` in the pool's
    /// unit).
    pub holder: Option<PositionRef>,
    pub pool_unit_id: Option<ID>,
    pub pool_unit_name: Option<String>,
    pub pool_role: Option<String>,
    pub sent_by: Option<PositionRef>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A document a search found.
#[derive(SimpleObject)]
pub struct FoundDocument {
    pub document_id: ID,
    pub unit_id: ID,
    pub unit_name: String,
    pub issuing_body: String,
    pub number_notation: String,
    pub summary: String,
    /// A document type code.
    pub document_type: String,
    pub urgency: String,
    pub confidentiality: String,
    pub document_date: NaiveDate,
    pub register_id: Option<ID>,
    pub register_year: Option<i32>,
    pub arrival_number: Option<i64>,
    pub received_at: DateTime<Utc>,
    /// The current step of its process.
    pub step: String,
    /// That step's title in the caller's language (from the document's own process).
    pub step_title: String,
    pub finished: bool,
}

type ItemsCursor = OpaqueCursor<(NaiveDate, Uuid, String)>;
type SearchCursor = OpaqueCursor<(DateTime<Utc>, Uuid)>;

fn unit_overdue(organisation: &Organisation, row: &overdue::UnitOverdue) -> UnitOverdue {
    let unit = organisation.units.get(&UnitId(row.unit_id));
    UnitOverdue {
        unit_id: ID(row.unit_id.to_string()),
        name: unit.map(|u| u.name.clone()).unwrap_or_default(),
        kind: match unit.map(|u| u.kind) {
            Some(UnitKind::Agency) => UnitKindGql::Agency,
            Some(UnitKind::Department) => UnitKindGql::Department,
            Some(UnitKind::Unit) | None => UnitKindGql::Unit,
        },
        parent_id: unit.and_then(|u| u.parent).map(|p| ID(p.0.to_string())),
        overdue: row.overdue,
        due_soon: row.due_soon,
    }
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

#[derive(Default)]
pub struct SupervisionQuery;

#[Object]
impl SupervisionQuery {
    /// Overdue work (quá hạn) and work due within `dueWithinWorkingDays` working days
    /// (sắp đến hạn) on the documents of `unitId` and every unit below it: totals, per
    /// person, per unit, per unit subtree and per agency. A unit without registers of its
    /// own (a department) counts the work its people owe on its office's documents.
    /// Without `unitId`: the caller's agency when they supervise it, else the unit they act
    /// in. For auditors (any unit), deadline monitors and General Affairs (their agency),
    /// and leaders and department heads (their unit and below).
    async fn overdue(
        &self,
        ctx: &Context<'_>,
        unit_id: Option<ID>,
        #[graphql(default = 3)] due_within_working_days: i32,
    ) -> async_graphql::Result<OverdueSummary> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let root = supervised_root(&guard, unit_id.as_ref())?;
        let days = soon_days(due_within_working_days)?;
        let (today, soon_until) = dates(&guard, ctx, days).await?;
        let organisation = &guard.organisation;
        let watched = watched(organisation, root);
        let client = api.read_client().await?;
        let mut rows = overdue::counts(
            &**client,
            &overdue::OverdueQuery {
                units: watched.documents,
                today,
                soon_until,
                clearance: crate::read_scope(&guard)?.clearance,
            },
        )
        .await
        .map_err(ApiError::internal)?;
        if let Some(targets) = &watched.owed_by {
            rows.retain(|r| targets.owe(r.position_id, r.pool_unit_id));
        }
        let summary = overdue::roll_up(organisation, &rows);
        let within =
            |row: &&overdue::UnitOverdue| organisation.is_within(UnitId(row.unit_id), watched.root);
        Ok(OverdueSummary {
            unit_id: ID(root.0.to_string()),
            unit_name: unit_name(organisation, root),
            today,
            soon_until,
            due_within_working_days,
            overdue: summary.overdue,
            due_soon: summary.due_soon,
            people: summary
                .people
                .iter()
                .map(|p| PersonOverdue {
                    person_id: ID(p.person_id.to_string()),
                    name: organisation
                        .people
                        .get(&UserId(p.person_id))
                        .map(|person| person.full_name.clone())
                        .unwrap_or_default(),
                    overdue: p.overdue,
                    due_soon: p.due_soon,
                })
                .collect(),
            units: summary
                .units
                .iter()
                .map(|u| unit_overdue(organisation, u))
                .collect(),
            subtrees: summary
                .subtrees
                .iter()
                .filter(within)
                .map(|u| unit_overdue(organisation, u))
                .collect(),
            agencies: summary
                .agencies
                .iter()
                .filter(within)
                .map(|u| unit_overdue(organisation, u))
                .collect(),
        })
    }

    /// The work items behind `overdue`: on the documents of `unitId` and below (default as
    /// `overdue`), optionally only those one position owes (`positionId`), one person owes
    /// over every position they hold (`personId`), or a unit and the units below it owe
    /// (`owingUnitId`: their positions and pools) — at most one of the three. Earliest
    /// deadline first.
    #[allow(clippy::too_many_arguments)]
    async fn overdue_items(
        &self,
        ctx: &Context<'_>,
        unit_id: Option<ID>,
        position_id: Option<ID>,
        person_id: Option<ID>,
        owing_unit_id: Option<ID>,
        #[graphql(default)] which: OverdueWhich,
        #[graphql(default = 3)] due_within_working_days: i32,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<ItemsCursor, OverdueItem, EmptyFields, EmptyFields>> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let root = supervised_root(&guard, unit_id.as_ref())?;
        let days = soon_days(due_within_working_days)?;
        let limit = page_size(first, 50)?;
        let after = decode::<(NaiveDate, Uuid, String)>(after)?.map(
            |OpaqueCursor((deadline, document_id, target))| overdue::OverdueCursor {
                deadline,
                document_id,
                target,
            },
        );
        let organisation = &guard.organisation;
        let narrowing = [&position_id, &person_id, &owing_unit_id]
            .iter()
            .filter(|n| n.is_some())
            .count();
        if narrowing > 1 {
            return Err(ApiError::invalid(
                "positionId",
                "ONE_OF",
                "give at most one of positionId, personId and owingUnitId",
            )
            .into());
        }
        let asked = if let Some(id) = &position_id {
            Some(Targets {
                positions: BTreeSet::from([parse_id(id, "positionId")?]),
                pool_units: BTreeSet::new(),
            })
        } else if let Some(id) = &person_id {
            let person = UserId(parse_id(id, "personId")?);
            Some(Targets {
                positions: organisation
                    .positions
                    .values()
                    .filter(|p| p.person == person)
                    .map(|p| p.id.0)
                    .collect(),
                pool_units: BTreeSet::new(),
            })
        } else if let Some(id) = &owing_unit_id {
            let unit = UnitId(parse_id(id, "owingUnitId")?);
            if !organisation.units.contains_key(&unit) {
                return Err(
                    ApiError::invalid("owingUnitId", "UNKNOWN_UNIT", "no such unit").into(),
                );
            }
            Some(Targets::of_units(
                organisation,
                &subtree(organisation, unit),
            ))
        } else {
            None
        };
        let watched = watched(organisation, root);
        let targets = Targets::both(watched.owed_by, asked);
        let (today, soon_until) = dates(&guard, ctx, days).await?;
        let query = overdue::OverdueItemsQuery {
            units: watched.documents,
            today,
            soon_until,
            positions: targets
                .as_ref()
                .map(|t| t.positions.iter().copied().collect()),
            pool_units: targets.map(|t| t.pool_units.into_iter().collect()),
            pool_role: None,
            which: which.into(),
            after,
            limit: limit + 1,
            scope: crate::read_scope(&guard)?,
        };
        let client = api.read_client().await?;
        let mut rows = overdue::items(&**client, &query)
            .await
            .map_err(ApiError::internal)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(50));
        let mut connection = Connection::new(query.after.is_some(), more);
        connection.edges.extend(rows.into_iter().map(|r| {
            let cursor = r.cursor();
            // Summary and notation only for those who may open the document.
            let withheld = !r.readable;
            Edge::new(
                OpaqueCursor((cursor.deadline, cursor.document_id, cursor.target)),
                OverdueItem {
                    document_id: ID(r.document_id.to_string()),
                    document_unit_id: ID(r.document_unit_id.to_string()),
                    document_unit_name: unit_name(organisation, UnitId(r.document_unit_id)),
                    number_notation: if withheld {
                        String::new()
                    } else {
                        r.number_notation
                    },
                    summary_hidden: withheld,
                    summary: if withheld { String::new() } else { r.summary },
                    urgency: r.urgency,
                    arrival_number: r.arrival_number,
                    deadline: r.deadline,
                    overdue: r.deadline < today,
                    days_late: r.days_late,
                    kind: r.kind,
                    holder: r
                        .position_id
                        .map(|p| position_ref(organisation, PositionId(p))),
                    pool_unit_id: r.pool_unit_id.map(|u| ID(u.to_string())),
                    pool_unit_name: r.pool_unit_id.map(|u| unit_name(organisation, UnitId(u))),
                    pool_role: r.pool_role,
                    sent_by: r.sent_by.map(|p| position_ref(organisation, PositionId(p))),
                    sent_at: r.sent_at,
                },
            )
        }));
        Ok(connection)
    }

    /// Documents the caller may read (in the position they act in) matching every word of
    /// `text` — in the summary, number/notation, issuing body or notes, ignoring accents
    /// and case ("van ban" finds "Văn bản") — and the filters; newest received first.
    #[allow(clippy::too_many_arguments)]
    async fn search_documents(
        &self,
        ctx: &Context<'_>,
        text: Option<String>,
        urgency: Option<UrgencyLevel>,
        document_type: Option<String>,
        issuing_body: Option<String>,
        document_date_from: Option<NaiveDate>,
        document_date_to: Option<NaiveDate>,
        finished: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<SearchCursor, FoundDocument, EmptyFields, EmptyFields>>
    {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        let text = bounded("text", text, MAX_TEXT)?;
        let issuing_body = bounded("issuingBody", issuing_body, MAX_TEXT)?;
        let document_type = bounded("documentType", document_type, 100)?;
        let document_date_from = crate::input::filter_date("documentDateFrom", document_date_from)?;
        let document_date_to = crate::input::filter_date("documentDateTo", document_date_to)?;
        if let (Some(from), Some(to)) = (document_date_from, document_date_to)
            && from > to
        {
            return Err(ApiError::invalid(
                "documentDateFrom",
                "INVALID_RANGE",
                "the first date is after the last",
            )
            .into());
        }
        let limit = page_size(first, 50)?;
        let after = decode::<(DateTime<Utc>, Uuid)>(after)?.map(
            |OpaqueCursor((received_at, document_id))| search::SearchCursor {
                received_at,
                document_id,
            },
        );
        let query = search::SearchQuery {
            text,
            urgency: urgency.map(Into::into),
            document_type,
            issuing_body,
            document_date_from,
            document_date_to,
            finished,
            scope: crate::read_scope(&guard)?,
            after,
            limit: limit + 1,
        };
        let client = api.read_client().await?;
        let mut rows = search::search(&**client, &query)
            .await
            .map_err(ApiError::internal)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(50));
        let organisation = &guard.organisation;
        let l = crate::auth::lang(ctx);
        let workflows = api.workflows.processes();
        let mut connection = Connection::new(query.after.is_some(), more);
        connection.edges.extend(rows.into_iter().map(|r| {
            let cursor = r.cursor();
            let definition = u32::try_from(r.process_version)
                .ok()
                .and_then(|v| workflows.get(&r.process, v));
            let step_title = crate::actions::step_title(definition.map(|d| &**d), &r.step, l);
            Edge::new(
                OpaqueCursor((cursor.received_at, cursor.document_id)),
                FoundDocument {
                    document_id: ID(r.document_id.to_string()),
                    unit_id: ID(r.unit_id.to_string()),
                    unit_name: unit_name(organisation, UnitId(r.unit_id)),
                    issuing_body: r.issuing_body,
                    number_notation: r.number_notation,
                    summary: r.summary,
                    document_type: r.document_type,
                    urgency: r.urgency,
                    confidentiality: r.confidentiality,
                    document_date: r.document_date,
                    register_id: r.register_id.map(|id| ID(id.to_string())),
                    register_year: r.register_year,
                    arrival_number: r.arrival_number,
                    received_at: r.received_at,
                    step: r.step,
                    step_title,
                    finished: r.finished,
                },
            )
        }));
        Ok(connection)
    }
}
