//! `overdue`: what supervising departments follow up — work items past their deadline
//! (quá hạn) or due soon (sắp đến hạn), counted per target, rolled up per person, unit and
//! every unit above, and listed for drill-down.
//!
//! Queries over the [`inbox`](crate::inbox) tables, no projection of their own. An item
//! counts while someone must still act on it: state `pending`, kind `main`, `co` or `pool`
//! (never for-information), with a deadline, on a document that is not finished. The caller
//! decides the scope (the document units it supervises, a subtree it computes from the
//! organisation) and the dates (its "today" in the agency's time zone, and the last day that
//! counts as due soon, from the working calendar).

use crate::search::{DocumentColumns, SearchScope, Statement as Built, scope_condition};
use std::collections::BTreeMap;
use tokio_postgres::types::ToSql;

use chancery_domain::ids::{PositionId, UnitId};
use chancery_domain::organisation::{Organisation, UnitKind};
use chrono::{DateTime, NaiveDate, Utc};
use tokio_postgres::GenericClient;
use uuid::Uuid;

/// Largest page [`items`] returns.
pub const MAX_PAGE: i64 = 200;

/// The scope and dates of the counts.
#[derive(Debug, Clone, Default)]
pub struct OverdueQuery {
    /// Documents of these units (the caller computes the subtree it supervises).
    pub units: Vec<Uuid>,
    /// The caller's date: a deadline before it is overdue.
    pub today: NaiveDate,
    /// The last day (inclusive) that counts as due soon: a deadline from `today` to it.
    pub soon_until: NaiveDate,
    /// The confidentiality codes the supervisor is cleared for: work on a document above
    /// them is neither counted nor listed (empty: nothing is).
    pub clearance: Vec<String>,
}

/// Overdue and due-soon items of one target on the documents of one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetCount {
    /// The position the items are for (None for a pool).
    pub position_id: Option<Uuid>,
    /// The pool (every holder of `pool_role` in `pool_unit_id`) the items are for.
    pub pool_unit_id: Option<Uuid>,
    pub pool_role: Option<String>,
    /// The unit the documents belong to.
    pub document_unit_id: Uuid,
    /// Items whose deadline is before `today`.
    pub overdue: i64,
    /// Items whose deadline is from `today` to `soon_until`.
    pub due_soon: i64,
}

/// Overdue and due-soon items per target (position or pool) and document unit, for the
/// documents of `query.units`; only targets with at least one such item, most overdue first.
pub async fn counts(
    client: &impl GenericClient,
    query: &OverdueQuery,
) -> Result<Vec<TargetCount>, tokio_postgres::Error> {
    let Some(until) = last_counted_day(query.today, query.soon_until) else {
        return Ok(Vec::new());
    };
    let rows = client
        .query(
            "SELECT i.position_id, i.pool_unit_id, i.pool_role, d.unit_id, \
                    count(*) FILTER (WHERE i.deadline < $2) AS overdue, \
                    count(*) FILTER (WHERE i.deadline >= $2) AS due_soon \
             FROM inbox.items i JOIN inbox.documents d ON d.document_id = i.document_id \
             WHERE i.state = 'pending' AND i.kind <> 'info' AND i.deadline IS NOT NULL \
               AND i.deadline <= $3 AND NOT d.finished AND d.unit_id = ANY($1) \
               AND d.confidentiality = ANY($4) \
             GROUP BY i.position_id, i.pool_unit_id, i.pool_role, d.unit_id \
             ORDER BY overdue DESC, due_soon DESC, i.position_id, i.pool_unit_id, i.pool_role, d.unit_id",
            &[&query.units, &query.today, &until, &query.clearance],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| TargetCount {
            position_id: r.get(0),
            pool_unit_id: r.get(1),
            pool_role: r.get(2),
            document_unit_id: r.get(3),
            overdue: r.get(4),
            due_soon: r.get(5),
        })
        .collect())
}

/// The last deadline [`counts`] looks at: the later of `soon_until` and the day before
/// `today` (None only when `today` is the first representable day and nothing is due soon).
fn last_counted_day(today: NaiveDate, soon_until: NaiveDate) -> Option<NaiveDate> {
    match today.pred_opt() {
        Some(yesterday) => Some(soon_until.max(yesterday)),
        None => (soon_until >= today).then_some(soon_until),
    }
}

/// Overdue and due-soon items of one person (over every position they hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonOverdue {
    pub person_id: Uuid,
    pub overdue: i64,
    pub due_soon: i64,
}

/// Overdue and due-soon items of one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitOverdue {
    pub unit_id: Uuid,
    pub overdue: i64,
    pub due_soon: i64,
}

/// [`TargetCount`]s rolled up; every list most overdue first (then most due soon, then by
/// id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverdueSummary {
    pub overdue: i64,
    pub due_soon: i64,
    /// Per person holding the positions the items are for. Pool items belong to no one
    /// person (every holder of the role may act) and count only for their unit; so do
    /// items of a position the organisation does not know.
    pub people: Vec<PersonOverdue>,
    /// Per unit that owes the work: the unit of the item's position (or the pool's unit;
    /// the document's unit for a position the organisation does not know).
    pub units: Vec<UnitOverdue>,
    /// Per unit with its whole subtree: every unit at or above a unit of `units`,
    /// accumulating the counts of the units below it.
    pub subtrees: Vec<UnitOverdue>,
    /// The entries of `subtrees` that are agencies.
    pub agencies: Vec<UnitOverdue>,
}

/// Rolls [`counts`] up per person, per unit and per unit subtree, following the positions and
/// the unit tree of `organisation`. Counts are in items: a document pending for two people
/// counts once for each of them.
pub fn roll_up(organisation: &Organisation, rows: &[TargetCount]) -> OverdueSummary {
    let mut people: BTreeMap<Uuid, (i64, i64)> = BTreeMap::new();
    let mut units: BTreeMap<Uuid, (i64, i64)> = BTreeMap::new();
    let mut overdue = 0;
    let mut due_soon = 0;
    for row in rows {
        overdue += row.overdue;
        due_soon += row.due_soon;
        let position = row
            .position_id
            .and_then(|p| organisation.positions.get(&PositionId(p)));
        if let Some(position) = position {
            add(people.entry(position.person.0).or_default(), row);
        }
        let unit = match (position, row.pool_unit_id) {
            (Some(position), _) => position.unit.0,
            (None, Some(pool_unit)) => pool_unit,
            (None, None) => row.document_unit_id,
        };
        add(units.entry(unit).or_default(), row);
    }

    let mut subtrees: BTreeMap<Uuid, (i64, i64)> = BTreeMap::new();
    for (unit, (o, s)) in &units {
        for above in at_and_above(organisation, *unit) {
            let entry = subtrees.entry(above).or_default();
            entry.0 += o;
            entry.1 += s;
        }
    }
    let is_agency = |unit: &Uuid| {
        organisation
            .units
            .get(&UnitId(*unit))
            .is_some_and(|u| u.kind == UnitKind::Agency)
    };
    let agencies = subtrees
        .iter()
        .filter(|(unit, _)| is_agency(unit))
        .map(|(unit, counts)| (*unit, *counts))
        .collect();

    OverdueSummary {
        overdue,
        due_soon,
        people: sorted(people)
            .into_iter()
            .map(|(person_id, overdue, due_soon)| PersonOverdue {
                person_id,
                overdue,
                due_soon,
            })
            .collect(),
        units: unit_list(units),
        subtrees: unit_list(subtrees),
        agencies: unit_list(agencies),
    }
}

fn add(entry: &mut (i64, i64), row: &TargetCount) {
    entry.0 += row.overdue;
    entry.1 += row.due_soon;
}

/// `unit` and every unit above it (a unit the organisation does not know is only itself;
/// a cycle stops the walk).
fn at_and_above(organisation: &Organisation, unit: Uuid) -> Vec<Uuid> {
    let mut chain = vec![unit];
    let mut cursor = organisation.units.get(&UnitId(unit)).and_then(|u| u.parent);
    while let Some(parent) = cursor {
        if chain.contains(&parent.0) || chain.len() > organisation.units.len() {
            break;
        }
        chain.push(parent.0);
        cursor = organisation.units.get(&parent).and_then(|u| u.parent);
    }
    chain
}

/// Most overdue first, then most due soon, then by id.
fn sorted(counts: BTreeMap<Uuid, (i64, i64)>) -> Vec<(Uuid, i64, i64)> {
    let mut list: Vec<(Uuid, i64, i64)> =
        counts.into_iter().map(|(id, (o, s))| (id, o, s)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    list
}

fn unit_list(counts: BTreeMap<Uuid, (i64, i64)>) -> Vec<UnitOverdue> {
    sorted(counts)
        .into_iter()
        .map(|(unit_id, overdue, due_soon)| UnitOverdue {
            unit_id,
            overdue,
            due_soon,
        })
        .collect()
}

/// Which items a drill-down lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OverdueWhich {
    /// Deadline before `today`.
    Overdue,
    /// Deadline from `today` to `soon_until`.
    DueSoon,
    /// Either.
    #[default]
    Both,
}

/// Keyset position in a drill-down: (deadline, document, target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueCursor {
    pub deadline: NaiveDate,
    pub document_id: Uuid,
    /// The item's target key (see [`OverdueItem::target`]).
    pub target: String,
}

/// A drill-down query.
#[derive(Debug, Clone, Default)]
pub struct OverdueItemsQuery {
    /// Documents of these units (the caller's scope).
    pub units: Vec<Uuid>,
    pub today: NaiveDate,
    /// The last day (inclusive) that counts as due soon.
    pub soon_until: NaiveDate,
    /// With `pool_units`, narrows the targets: when either is given, only items of these
    /// positions and pool items of these units are listed (the one not given matches
    /// nothing). One person: their positions; one unit: the positions in it (the caller
    /// looks them up in the organisation) and the unit itself for its pools. Neither given:
    /// every target.
    pub positions: Option<Vec<Uuid>>,
    /// See `positions`.
    pub pool_units: Option<Vec<Uuid>>,
    /// Pool items only of this role (named items are not affected).
    pub pool_role: Option<String>,
    pub which: OverdueWhich,
    pub after: Option<OverdueCursor>,
    /// Page size, clamped to 1..=[`MAX_PAGE`].
    pub limit: i64,
    /// The supervisor's read scope: items of documents above its clearance are not listed;
    /// each listed item says whether the scope admits its document (`readable`), so the
    /// caller shows summary and notation only then.
    pub scope: SearchScope,
}

/// One overdue or due-soon item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueItem {
    pub document_id: Uuid,
    pub document_unit_id: Uuid,
    pub number_notation: String,
    pub summary: String,
    /// The urgency code (`normal`, `urgent`, `very_urgent`, `flash`).
    pub urgency: String,
    pub arrival_number: Option<i64>,
    pub deadline: NaiveDate,
    /// The position the item is for (None for a pool).
    pub position_id: Option<Uuid>,
    pub pool_unit_id: Option<Uuid>,
    pub pool_role: Option<String>,
    /// `main`, `co` or `pool`.
    pub kind: String,
    pub sent_by: Option<Uuid>,
    pub sent_at: Option<DateTime<Utc>>,
    /// Calendar days from the deadline to `today`: positive when overdue, 0 when due today,
    /// negative (days left) when due later.
    pub days_late: i32,
    /// The item's target key within its document (opaque; orders items of one document).
    pub target: String,
    /// The document's confidentiality code.
    pub confidentiality: String,
    /// The supervisor's read scope admits the document (they may open it).
    pub readable: bool,
}

impl OverdueItem {
    /// The cursor of the next page after this item.
    pub fn cursor(&self) -> OverdueCursor {
        OverdueCursor {
            deadline: self.deadline,
            document_id: self.document_id,
            target: self.target.clone(),
        }
    }
}

/// One page of overdue and/or due-soon items in the scope, earliest deadline first, then by
/// document and target.
pub async fn items(
    client: &impl GenericClient,
    query: &OverdueItemsQuery,
) -> Result<Vec<OverdueItem>, tokio_postgres::Error> {
    let yesterday = query.today.pred_opt();
    let (from, until) = match query.which {
        OverdueWhich::Overdue => (None, yesterday),
        OverdueWhich::DueSoon => (Some(query.today), Some(query.soon_until)),
        OverdueWhich::Both => (None, last_counted_day(query.today, query.soon_until)),
    };
    let Some(until) = until else {
        return Ok(Vec::new());
    };
    let narrowed = query.positions.is_some() || query.pool_units.is_some();
    let positions = query.positions.clone().unwrap_or_default();
    let pool_units = query.pool_units.clone().unwrap_or_default();
    let after_deadline = query.after.as_ref().map(|c| c.deadline);
    let after_document = query.after.as_ref().map(|c| c.document_id);
    let after_target = query.after.as_ref().map(|c| c.target.as_str());
    let limit = query.limit.clamp(1, MAX_PAGE);
    let mut statement = Built::new();
    for param in [
        Box::new(query.units.clone()) as Box<dyn ToSql + Sync + Send>,
        Box::new(query.today),
        Box::new(from),
        Box::new(until),
        Box::new(narrowed),
        Box::new(positions),
        Box::new(pool_units),
        Box::new(query.pool_role.clone()),
        Box::new(after_deadline),
        Box::new(after_document),
        Box::new(after_target.map(str::to_owned)),
        Box::new(limit),
        Box::new(query.scope.clearance.clone()),
    ] {
        statement.params.push(param);
    }
    let readable = scope_condition(
        &mut statement,
        &query.scope,
        &DocumentColumns {
            unit: "d.unit_id",
            confidentiality: "d.confidentiality",
            document: "d.document_id",
        },
    )
    .unwrap_or_else(|| "false".to_owned());
    let sql = format!(
        "SELECT i.document_id, d.unit_id, d.number_notation, d.summary, d.urgency, d.arrival_number, \
                i.deadline, i.position_id, i.pool_unit_id, i.pool_role, i.kind, i.sent_by, i.sent_at, \
                $2::date - i.deadline, i.target, d.confidentiality, ({readable}) AS readable \
         FROM inbox.items i JOIN inbox.documents d ON d.document_id = i.document_id \
         WHERE i.state = 'pending' AND i.kind <> 'info' AND i.deadline IS NOT NULL \
           AND ($3::date IS NULL OR i.deadline >= $3) AND i.deadline <= $4 \
           AND NOT d.finished AND d.unit_id = ANY($1) AND d.confidentiality = ANY($13) \
           AND (NOT $5 OR i.position_id = ANY($6) \
                OR (i.pool_unit_id = ANY($7) AND ($8::text IS NULL OR i.pool_role = $8))) \
           AND ($9::date IS NULL OR (i.deadline, i.document_id, i.target) > ($9, $10::uuid, $11::text)) \
         ORDER BY i.deadline, i.document_id, i.target \
         LIMIT $12"
    );
    let rows = client.query(&sql, &statement.params()).await?;
    Ok(rows
        .iter()
        .map(|r| OverdueItem {
            document_id: r.get(0),
            document_unit_id: r.get(1),
            number_notation: r.get(2),
            summary: r.get(3),
            urgency: r.get(4),
            arrival_number: r.get(5),
            deadline: r.get(6),
            position_id: r.get(7),
            pool_unit_id: r.get(8),
            pool_role: r.get(9),
            kind: r.get(10),
            sent_by: r.get(11),
            sent_at: r.get(12),
            days_late: r.get(13),
            target: r.get(14),
            confidentiality: r.get(15),
            readable: r.get(16),
        })
        .collect())
}
