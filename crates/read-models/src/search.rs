//! `search`: finding documents the caller may read — words matched ignoring accents and case
//! (diacritics folded away, so "van ban" finds "Văn bản"), combined with metadata filters,
//! newest received first.
//!
//! Queries over the [`inbox`](crate::inbox) `documents` and `items` tables, no projection of
//! their own. Each word is matched, anywhere, against the folded search text (summary,
//! number/notation, issuing body, notes), served by its trigram index. Who may read what is
//! decided by `chancery_domain::access`; the caller turns its principal into a
//! [`SearchScope`] that mirrors those rules, so a search never lists a document the caller
//! could not open.

use chancery_domain::reference::Urgency;
use chrono::{DateTime, NaiveDate, Utc};
use tokio_postgres::GenericClient;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

/// Largest page a search returns.
pub const MAX_PAGE: i64 = 200;

/// Words of the search text beyond this many are ignored.
pub const MAX_WORDS: usize = 16;

/// The documents a caller may read, as the access rules put it.
#[derive(Debug, Clone, Default)]
pub struct SearchScope {
    /// Every document (auditors), within `clearance`.
    pub everything: bool,
    /// Documents of these units, whatever their confidentiality within `clearance`
    /// (register keepers: the units whose registers they keep).
    pub keeper_units: Vec<Uuid>,
    /// Documents of these units that are not confidential (leaders: the subtree of the unit
    /// they lead, computed by the caller).
    pub lead_units: Vec<Uuid>,
    /// Documents with an item — any kind, any state — for one of these positions (the
    /// caller's positions: routed to them as handler, co-handler, for information, or
    /// through a pool they acted on).
    pub positions: Vec<Uuid>,
    /// Documents with a pending pool item of one of these (unit, role) pools: the caller
    /// holds their current step.
    pub pool_units: Vec<Uuid>,
    /// The role of each of `pool_units`, at the same index.
    pub pool_roles: Vec<String>,
    /// Confidentiality codes the caller is cleared for
    /// (`chancery_domain::reference::Confidentiality::code`); documents of any other level
    /// are never returned, whatever the rest of the scope says.
    pub clearance: Vec<String>,
}

/// Keyset position in a search: (received at, document), both descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchCursor {
    pub received_at: DateTime<Utc>,
    pub document_id: Uuid,
}

/// A search.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words that must all appear (in any order, anywhere, ignoring accents and case) in the
    /// summary, number/notation, issuing body or notes; `%`, `_` and `\` are literal. Blank:
    /// no text condition.
    pub text: Option<String>,
    pub urgency: Option<Urgency>,
    /// A document type code (e.g. `cong_van`); blank: no filter.
    pub document_type: Option<String>,
    /// Issuing body contains this, ignoring accents and case.
    pub issuing_body: Option<String>,
    /// Documents dated on or after this day.
    pub document_date_from: Option<NaiveDate>,
    /// Documents dated on or before this day.
    pub document_date_to: Option<NaiveDate>,
    /// Only finished (true) or only unfinished (false) documents.
    pub finished: Option<bool>,
    pub scope: SearchScope,
    pub after: Option<SearchCursor>,
    /// Page size, clamped to 1..=[`MAX_PAGE`].
    pub limit: i64,
}

/// One document found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRow {
    pub document_id: Uuid,
    pub unit_id: Uuid,
    pub issuing_body: String,
    pub number_notation: String,
    pub summary: String,
    pub document_type: String,
    /// The urgency code.
    pub urgency: String,
    /// The confidentiality code.
    pub confidentiality: String,
    pub document_date: NaiveDate,
    pub register_id: Option<Uuid>,
    pub register_year: Option<i32>,
    pub arrival_number: Option<i64>,
    pub received_at: DateTime<Utc>,
    /// The process it runs, at which version, and the current step of it.
    pub process: String,
    pub process_version: i32,
    pub step: String,
    pub finished: bool,
}

impl SearchRow {
    /// The cursor of the next page after this row.
    pub fn cursor(&self) -> SearchCursor {
        SearchCursor {
            received_at: self.received_at,
            document_id: self.document_id,
        }
    }
}

impl SearchScope {
    /// The read-model form of the caller's [`ReadScope`](chancery_domain::access::ReadScope):
    /// the one scope every list of documents (search, register books) filters with.
    pub fn of(scope: &chancery_domain::access::ReadScope) -> Self {
        Self {
            everything: scope.everything,
            keeper_units: scope.keeper_units.iter().map(|u| u.0).collect(),
            lead_units: scope.lead_units.iter().map(|u| u.0).collect(),
            positions: scope.positions.iter().map(|p| p.0).collect(),
            pool_units: scope.pools.iter().map(|(u, _)| u.0).collect(),
            pool_roles: scope.pools.iter().map(|(_, r)| r.clone()).collect(),
            clearance: scope
                .clearance
                .iter()
                .map(|level| level.code().to_owned())
                .collect(),
        }
    }
}

/// The columns of a row that describe its document, for [`scope_condition`].
pub(crate) struct DocumentColumns<'a> {
    /// The unit that registered (keeps) the document.
    pub unit: &'a str,
    pub confidentiality: &'a str,
    pub document: &'a str,
}

/// The SQL condition keeping exactly the rows whose document the scope admits (the
/// translation of `ReadScope::admits`: clearance first, then auditors, register keepers,
/// leaders for normal documents, routed positions through their inbox items), or `None`
/// when the scope admits nothing. Each branch is its own condition, so the planner uses the
/// index of each.
pub(crate) fn scope_condition(
    s: &mut Statement,
    scope: &SearchScope,
    columns: &DocumentColumns<'_>,
) -> Option<String> {
    let DocumentColumns {
        unit,
        confidentiality,
        document,
    } = columns;
    if scope.clearance.is_empty() {
        return None;
    }
    let clearance = s.param(scope.clearance.clone());
    let mut conditions = vec![format!("{confidentiality} = ANY({clearance})")];
    if !scope.everything {
        let mut branches = Vec::new();
        if !scope.keeper_units.is_empty() {
            let p = s.param(scope.keeper_units.clone());
            branches.push(format!("{unit} = ANY({p})"));
        }
        if !scope.lead_units.is_empty() {
            let p = s.param(scope.lead_units.clone());
            branches.push(format!(
                "({unit} = ANY({p}) AND {confidentiality} = 'normal')"
            ));
        }
        if !scope.positions.is_empty() {
            let p = s.param(scope.positions.clone());
            branches.push(format!(
                "{document} = ANY(ARRAY(SELECT i.document_id FROM inbox.items i \
                 WHERE i.position_id = ANY({p})))"
            ));
        }
        if !scope.pool_units.is_empty() {
            let units = s.param(scope.pool_units.clone());
            let roles = s.param(scope.pool_roles.clone());
            branches.push(format!(
                "{document} = ANY(ARRAY(SELECT i.document_id FROM inbox.items i \
                 WHERE i.position_id IS NULL AND i.state = 'pending' \
                   AND (i.pool_unit_id, i.pool_role) IN \
                       (SELECT * FROM unnest({units}::uuid[], {roles}::text[]))))"
            ));
        }
        if branches.is_empty() {
            return None;
        }
        conditions.push(format!("({})", branches.join(" OR ")));
    }
    Some(conditions.join(" AND "))
}

/// A statement and its parameters, built a condition at a time.
pub(crate) struct Statement {
    pub sql: String,
    pub params: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Statement {
    pub fn new() -> Self {
        Self {
            sql: String::new(),
            params: Vec::new(),
        }
    }

    /// Adds a parameter and returns its placeholder.
    pub fn param(&mut self, value: impl ToSql + Sync + Send + 'static) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }

    pub fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| &**p as &(dyn ToSql + Sync))
            .collect()
    }
}

/// The trimmed text, unless blank.
fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Builds the statement (None when the scope allows nothing): only the conditions in use
/// appear, so the planner sees each word's `LIKE` against the trigram-indexed column and each
/// scope branch on its index.
fn statement(query: &SearchQuery) -> Option<Statement> {
    let mut s = Statement::new();
    let mut conditions = vec![scope_condition(
        &mut s,
        &query.scope,
        &DocumentColumns {
            unit: "d.unit_id",
            confidentiality: "d.confidentiality",
            document: "d.document_id",
        },
    )?];

    let words = query.text.as_deref().unwrap_or_default();
    for word in words.split_whitespace().take(MAX_WORDS) {
        if let Some(pattern) = crate::contains_pattern(word) {
            let p = s.param(pattern);
            conditions.push(format!("d.search LIKE inbox.fold({p})"));
        }
    }
    if let Some(urgency) = query.urgency {
        let p = s.param(urgency.code());
        conditions.push(format!("d.urgency = {p}"));
    }
    if let Some(document_type) = non_blank(query.document_type.as_deref()) {
        let p = s.param(document_type);
        conditions.push(format!("d.document_type = {p}"));
    }
    if let Some(pattern) = query
        .issuing_body
        .as_deref()
        .and_then(crate::contains_pattern)
    {
        let p = s.param(pattern);
        conditions.push(format!("inbox.fold(d.issuing_body) LIKE inbox.fold({p})"));
    }
    if let Some(from) = query.document_date_from {
        let p = s.param(from);
        conditions.push(format!("d.document_date >= {p}"));
    }
    if let Some(to) = query.document_date_to {
        let p = s.param(to);
        conditions.push(format!("d.document_date <= {p}"));
    }
    if let Some(finished) = query.finished {
        let p = s.param(finished);
        conditions.push(format!("d.finished = {p}"));
    }
    if let Some(after) = query.after {
        let at = s.param(after.received_at);
        let id = s.param(after.document_id);
        conditions.push(format!("(d.received_at, d.document_id) < ({at}, {id})"));
    }
    let limit = s.param(query.limit.clamp(1, MAX_PAGE));

    s.sql = format!(
        "SELECT d.document_id, d.unit_id, d.issuing_body, d.number_notation, d.summary, d.document_type, \
                d.urgency, d.confidentiality, d.document_date, d.register_id, d.register_year, \
                d.arrival_number, d.received_at, d.process, d.process_version, d.step, d.finished \
         FROM inbox.documents d \
         WHERE {} \
         ORDER BY d.received_at DESC, d.document_id DESC \
         LIMIT {limit}",
        conditions.join(" AND ")
    );
    Some(s)
}

/// One page of the documents matching `query` within its scope, newest received first (then
/// by document id, descending).
pub async fn search(
    client: &impl GenericClient,
    query: &SearchQuery,
) -> Result<Vec<SearchRow>, tokio_postgres::Error> {
    let Some(statement) = statement(query) else {
        return Ok(Vec::new());
    };
    let rows = client.query(&statement.sql, &statement.params()).await?;
    Ok(rows
        .iter()
        .map(|r| SearchRow {
            document_id: r.get(0),
            unit_id: r.get(1),
            issuing_body: r.get(2),
            number_notation: r.get(3),
            summary: r.get(4),
            document_type: r.get(5),
            urgency: r.get(6),
            confidentiality: r.get(7),
            document_date: r.get(8),
            register_id: r.get(9),
            register_year: r.get(10),
            arrival_number: r.get(11),
            received_at: r.get(12),
            process: r.get(13),
            process_version: r.get(14),
            step: r.get(15),
            finished: r.get(16),
        })
        .collect())
}

/// The plan PostgreSQL chooses for `query` (`EXPLAIN` text, one line per node), for
/// diagnosing a slow search; empty when the scope allows nothing.
pub async fn explain(
    client: &impl GenericClient,
    query: &SearchQuery,
) -> Result<String, tokio_postgres::Error> {
    let Some(statement) = statement(query) else {
        return Ok(String::new());
    };
    let rows = client
        .query(&format!("EXPLAIN {}", statement.sql), &statement.params())
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n"))
}
