//! `directory`: the organisation and the catalogues as screens look them up — the unit tree,
//! the people directory (danh bạ) with accent-insensitive search, positions, roles,
//! delegations, document types, fields, external agencies, registers, working calendars.

use std::collections::HashMap;

use async_trait::async_trait;
use chancery_domain::catalogue::{self, AnyEvent};
use chancery_domain::events::StoredShape;
use chancery_event_store::RecordedEvent;
use chancery_pg::Migration;
use chancery_projector::{Projection, ProjectionError};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use tokio_postgres::GenericClient;
use uuid::Uuid;

pub const NAME: &str = "directory";

const SCHEMA: &[Migration] = &[
    Migration {
        name: "directory/0001_tables",
        sql: include_str!("../../../projections/directory/0001_tables.sql"),
    },
    Migration {
        name: "directory/0002_unit_search",
        sql: include_str!("../../../projections/directory/0002_unit_search.sql"),
    },
];

/// The projection.
#[derive(Debug, Clone, Copy)]
pub struct Directory;

fn code<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

#[async_trait]
impl Projection for Directory {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static [Migration] {
        SCHEMA
    }

    fn version(&self) -> u32 {
        1
    }

    async fn apply(
        &self,
        tx: &deadpool_postgres::Transaction<'_>,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError> {
        let upcasters = catalogue::upcasters();
        for recorded in events {
            if !(recorded.event_type.starts_with("organisation.")
                || recorded.event_type.starts_with("catalogue."))
            {
                continue;
            }
            let shape = StoredShape {
                event_type: recorded.event_type.clone(),
                schema_version: recorded.schema_version,
                payload: recorded.payload.clone(),
            };
            let event =
                catalogue::decode(&upcasters, shape).map_err(|e| ProjectionError::Handler {
                    projection: NAME.to_owned(),
                    position: recorded.global_position.0,
                    reason: e.to_string(),
                })?;
            let position = i64::try_from(recorded.global_position.0).unwrap_or(i64::MAX);
            apply_one(tx, event, position).await?;
        }
        Ok(())
    }
}

async fn apply_one(
    tx: &deadpool_postgres::Transaction<'_>,
    event: AnyEvent,
    position: i64,
) -> Result<(), tokio_postgres::Error> {
    match event {
        AnyEvent::UnitCreated(e) => {
            tx.execute(
                "INSERT INTO units (unit_id, parent_id, kind, code, abbreviation, name, identifier_code, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (unit_id) DO NOTHING",
                &[&e.unit_id.0, &e.parent_id.map(|p| p.0), &code(&e.kind), &e.code, &e.abbreviation, &e.name, &e.identifier_code, &position],
            )
            .await?;
        }
        AnyEvent::UnitUpdated(e) => {
            tx.execute(
                "UPDATE units SET code = $2, abbreviation = $3, name = $4, identifier_code = $5 WHERE unit_id = $1",
                &[&e.unit_id.0, &e.code, &e.abbreviation, &e.name, &e.identifier_code],
            )
            .await?;
            refresh_unit_people(tx, e.unit_id.0).await?;
        }
        AnyEvent::UnitMoved(e) => {
            tx.execute(
                "UPDATE units SET parent_id = $2 WHERE unit_id = $1",
                &[&e.unit_id.0, &e.parent_id.0],
            )
            .await?;
        }
        AnyEvent::UnitDissolved(e) => {
            tx.execute(
                "UPDATE units SET dissolved = true WHERE unit_id = $1",
                &[&e.unit_id.0],
            )
            .await?;
        }
        AnyEvent::RoleDefined(e) => {
            let permissions: Vec<String> = e.permissions.iter().map(code).collect();
            tx.execute(
                "INSERT INTO roles (code, name_vi, name_en, name_lo, permissions, serves_leader) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO UPDATE SET \
                 name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, name_lo = EXCLUDED.name_lo, \
                 permissions = EXCLUDED.permissions, serves_leader = EXCLUDED.serves_leader",
                &[&e.code, &e.names.vi, &e.names.en, &e.names.lo, &permissions, &e.serves_leader],
            )
            .await?;
        }
        AnyEvent::PersonRegistered(e) => {
            tx.execute(
                "INSERT INTO people (person_id, username, full_name, email, phone, clearance) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (person_id) DO NOTHING",
                &[
                    &e.person_id.0,
                    &e.username,
                    &e.full_name,
                    &e.email,
                    &e.phone,
                    &code(&e.clearance),
                ],
            )
            .await?;
            refresh(tx, e.person_id.0).await?;
        }
        AnyEvent::PersonUpdated(e) => {
            tx.execute(
                "UPDATE people SET full_name = $2, email = $3, phone = $4, clearance = $5 WHERE person_id = $1",
                &[&e.person_id.0, &e.full_name, &e.email, &e.phone, &code(&e.clearance)],
            )
            .await?;
            refresh(tx, e.person_id.0).await?;
        }
        AnyEvent::PersonDeactivated(e) => {
            tx.execute(
                "UPDATE people SET active = false WHERE person_id = $1",
                &[&e.person_id.0],
            )
            .await?;
            tx.execute(
                "UPDATE positions SET active = false WHERE person_id = $1",
                &[&e.person_id.0],
            )
            .await?;
            refresh(tx, e.person_id.0).await?;
        }
        AnyEvent::PositionAssigned(e) => {
            tx.execute(
                "INSERT INTO positions (position_id, person_id, unit_id, role, title, serves) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (position_id) DO NOTHING",
                &[
                    &e.position_id.0,
                    &e.person_id.0,
                    &e.unit_id.0,
                    &e.role,
                    &e.title,
                    &e.serves.map(|s| s.0),
                ],
            )
            .await?;
            refresh(tx, e.person_id.0).await?;
        }
        AnyEvent::PositionEnded(e) => {
            let row = tx
                .query_opt(
                    "UPDATE positions SET active = false WHERE position_id = $1 RETURNING person_id",
                    &[&e.position_id.0],
                )
                .await?;
            if let Some(row) = row {
                refresh(tx, row.get(0)).await?;
            }
        }
        AnyEvent::DelegationGranted(e) => {
            tx.execute(
                "INSERT INTO delegations (delegation_id, position_id, delegate_id, scope, authority, starts_at, ends_at, note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delegation_id) DO NOTHING",
                &[&e.delegation_id.0, &e.position_id.0, &e.delegate_id.0, &code(&e.scope), &code(&e.authority), &e.starts_at, &e.ends_at, &e.note],
            )
            .await?;
        }
        AnyEvent::DelegationRevoked(e) => {
            tx.execute(
                "UPDATE delegations SET revoked = true WHERE delegation_id = $1",
                &[&e.delegation_id.0],
            )
            .await?;
        }
        AnyEvent::DocumentTypeDefined(e) => {
            tx.execute(
                "INSERT INTO document_types (code, abbreviation, name_vi, name_en, name_lo, active) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO UPDATE SET \
                 abbreviation = EXCLUDED.abbreviation, name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, \
                 name_lo = EXCLUDED.name_lo, active = EXCLUDED.active",
                &[&e.code, &e.abbreviation, &e.names.vi, &e.names.en, &e.names.lo, &e.active],
            )
            .await?;
        }
        AnyEvent::FieldDefined(e) => {
            tx.execute(
                "INSERT INTO fields (code, name_vi, name_en, name_lo, active) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (code) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, \
                 name_lo = EXCLUDED.name_lo, active = EXCLUDED.active",
                &[&e.code, &e.names.vi, &e.names.en, &e.names.lo, &e.active],
            )
            .await?;
        }
        AnyEvent::ExternalAgencyRecorded(e) => {
            tx.execute(
                "INSERT INTO external_agencies (agency_id, name, identifier_code, address, email, active) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (agency_id) DO UPDATE SET \
                 name = EXCLUDED.name, identifier_code = EXCLUDED.identifier_code, address = EXCLUDED.address, \
                 email = EXCLUDED.email, active = EXCLUDED.active",
                &[&e.agency_id.0, &e.name, &e.identifier_code, &e.address, &e.email, &e.active],
            )
            .await?;
        }
        AnyEvent::RegisterDefined(e) => {
            let types: Vec<String> = e.document_types.iter().cloned().collect();
            tx.execute(
                "INSERT INTO registers (register_id, kind, owner_unit_id, code, name, document_types, max_confidentiality, active) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (register_id) DO UPDATE SET \
                 code = EXCLUDED.code, name = EXCLUDED.name, document_types = EXCLUDED.document_types, \
                 max_confidentiality = EXCLUDED.max_confidentiality, active = EXCLUDED.active",
                &[&e.register_id.0, &code(&e.kind), &e.owner_unit_id.0, &e.code, &e.name, &types, &code(&e.max_confidentiality), &e.active],
            )
            .await?;
        }
        AnyEvent::CalendarSet(e) => {
            let holidays = serde_json::to_value(&e.holidays).unwrap_or(Value::Null);
            let days: Vec<NaiveDate> = e.working_weekend_days.iter().copied().collect();
            tx.execute(
                "INSERT INTO calendars (country, year, holidays, working_weekend_days) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (country, year) DO UPDATE SET holidays = EXCLUDED.holidays, \
                 working_weekend_days = EXCLUDED.working_weekend_days",
                &[&code(&e.country), &e.year, &holidays, &days],
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

async fn refresh(
    tx: &deadpool_postgres::Transaction<'_>,
    person: Uuid,
) -> Result<(), tokio_postgres::Error> {
    tx.execute("SELECT refresh_search($1)", &[&person]).await?;
    Ok(())
}

async fn refresh_unit_people(
    tx: &deadpool_postgres::Transaction<'_>,
    unit: Uuid,
) -> Result<(), tokio_postgres::Error> {
    tx.execute(
        "SELECT refresh_search(person_id) FROM positions WHERE unit_id = $1 AND active",
        &[&unit],
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

/// Largest page a directory query returns.
pub const MAX_PAGE: i64 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    pub unit_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: String,
    pub code: String,
    pub abbreviation: String,
    pub name: String,
    pub identifier_code: Option<String>,
    pub dissolved: bool,
}

const UNIT_COLUMNS: &str =
    "unit_id, parent_id, kind, code, abbreviation, name, identifier_code, dissolved";

fn unit_row(r: &tokio_postgres::Row) -> UnitRow {
    UnitRow {
        unit_id: r.get(0),
        parent_id: r.get(1),
        kind: r.get(2),
        code: r.get(3),
        abbreviation: r.get(4),
        name: r.get(5),
        identifier_code: r.get(6),
        dissolved: r.get(7),
    }
}

/// Children of `parent` (the top level when `None`), by name; keyset after (name, id).
/// With a `text` that has a word, the units at any depth (`parent` ignored) whose name
/// contains every word of it, accents and case ignored (`%` and `_` are plain characters).
pub async fn units(
    client: &impl GenericClient,
    parent: Option<Uuid>,
    include_dissolved: bool,
    text: Option<&str>,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<UnitRow>, tokio_postgres::Error> {
    let (after_name, after_id) = after.unzip();
    let limit = limit.clamp(1, MAX_PAGE);
    let words = crate::word_patterns(text).unwrap_or_default();
    let mut params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
        vec![&include_dissolved, &after_name, &after_id, &limit];
    let mut conditions = Vec::new();
    if words.is_empty() {
        params.push(&parent);
        conditions.push(format!("parent_id IS NOT DISTINCT FROM ${}", params.len()));
    }
    for word in &words {
        params.push(word);
        // One condition per word, so the trigram index on the folded name serves each.
        conditions.push(format!(
            "directory.fold(name) LIKE directory.fold(${})",
            params.len()
        ));
    }
    let rows = client
        .query(
            &format!(
                "SELECT {UNIT_COLUMNS} FROM directory.units \
                 WHERE {} AND ($1 OR NOT dissolved) \
                   AND ($2::text IS NULL OR (name, unit_id) > ($2, $3::uuid)) \
                 ORDER BY name, unit_id LIMIT $4",
                conditions.join(" AND ")
            ),
            &params,
        )
        .await?;
    Ok(rows.iter().map(unit_row).collect())
}

/// Where each of `ids` sits: the names of the units above it, from the top down (empty for
/// a unit at the top; absent for an unknown id).
pub async fn unit_paths(
    client: &impl GenericClient,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<String>>, tokio_postgres::Error> {
    let rows = client
        .query(
            "WITH RECURSIVE up(unit_id, ancestor, depth) AS ( \
                 SELECT unit_id, parent_id, 1 FROM directory.units \
                 WHERE unit_id = ANY($1) AND parent_id IS NOT NULL \
                 UNION ALL \
                 SELECT up.unit_id, u.parent_id, up.depth + 1 \
                 FROM up JOIN directory.units u ON u.unit_id = up.ancestor \
                 WHERE u.parent_id IS NOT NULL AND up.depth < 64) \
             SELECT i.id, coalesce(( \
                 SELECT array_agg(a.name ORDER BY up.depth DESC) \
                 FROM up JOIN directory.units a ON a.unit_id = up.ancestor \
                 WHERE up.unit_id = i.id), '{}'::text[]) \
             FROM unnest($1::uuid[]) AS i(id) \
             WHERE EXISTS (SELECT 1 FROM directory.units WHERE unit_id = i.id)",
            &[&ids],
        )
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

pub async fn unit(
    client: &impl GenericClient,
    id: Uuid,
) -> Result<Option<UnitRow>, tokio_postgres::Error> {
    let row = client
        .query_opt(
            &format!("SELECT {UNIT_COLUMNS} FROM directory.units WHERE unit_id = $1"),
            &[&id],
        )
        .await?;
    Ok(row.as_ref().map(unit_row))
}

/// Units by id (for DataLoader-style batch lookups).
pub async fn units_by_id(
    client: &impl GenericClient,
    ids: &[Uuid],
) -> Result<Vec<UnitRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            &format!("SELECT {UNIT_COLUMNS} FROM directory.units WHERE unit_id = ANY($1)"),
            &[&ids],
        )
        .await?;
    Ok(rows.iter().map(unit_row).collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub person_id: Uuid,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub clearance: String,
    pub active: bool,
}

const PERSON_COLUMNS: &str = "person_id, username, full_name, email, phone, clearance, active";

fn person_row(r: &tokio_postgres::Row) -> PersonRow {
    PersonRow {
        person_id: r.get(0),
        username: r.get(1),
        full_name: r.get(2),
        email: r.get(3),
        phone: r.get(4),
        clearance: r.get(5),
        active: r.get(6),
    }
}

/// Filters of a directory search.
#[derive(Debug, Clone, Default)]
pub struct PeopleQuery {
    /// Matches name, username, e-mail, phone, unit names and role names, ignoring accents
    /// and case.
    pub text: Option<String>,
    /// Only people holding a position in this unit or below it.
    pub unit_id: Option<Uuid>,
    pub role: Option<String>,
    pub include_inactive: bool,
    /// The searcher's own unit: people holding an active position in it or below it come
    /// first, then everyone else (each part by name).
    pub near_unit: Option<Uuid>,
    /// Keyset: after this (part, full name, id): the part as [`search_people`] returns it
    /// with each row (0 for the searcher's own unit, 1 for the rest).
    pub after: Option<(i16, String, Uuid)>,
    pub limit: i64,
}

/// The directory: people by name, those of the searcher's own unit first
/// ([`PeopleQuery::near_unit`]); each row with its part (0 own unit, 1 the rest), which the
/// next page's keyset starts after.
pub async fn search_people(
    client: &impl GenericClient,
    query: &PeopleQuery,
) -> Result<Vec<(i16, PersonRow)>, tokio_postgres::Error> {
    let pattern = query.text.as_deref().and_then(crate::contains_pattern);
    let (after_part, after_name, after_id) = match query.after.clone() {
        Some((part, name, id)) => (Some(part), Some(name), Some(id)),
        None => (None, None, None),
    };
    let rows = client
        .query(
            &format!(
                "WITH RECURSIVE within(unit_id) AS ( \
                     SELECT $2::uuid WHERE $2::uuid IS NOT NULL \
                     UNION SELECT u.unit_id FROM directory.units u JOIN within w ON u.parent_id = w.unit_id), \
                 near(unit_id) AS ( \
                     SELECT $8::uuid WHERE $8::uuid IS NOT NULL \
                     UNION SELECT u.unit_id FROM directory.units u JOIN near n ON u.parent_id = n.unit_id) \
                 SELECT {PERSON_COLUMNS}, part FROM ( \
                   SELECT p.*, CASE WHEN EXISTS (SELECT 1 FROM directory.positions po \
                        WHERE po.person_id = p.person_id AND po.active AND po.unit_id IN (SELECT unit_id FROM near)) \
                        THEN 0::int2 ELSE 1::int2 END AS part \
                   FROM directory.people p \
                   WHERE ($1::text IS NULL OR p.search LIKE directory.fold($1)) \
                     AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM directory.positions po \
                          WHERE po.person_id = p.person_id AND po.active AND po.unit_id IN (SELECT unit_id FROM within))) \
                     AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM directory.positions po \
                          WHERE po.person_id = p.person_id AND po.active AND po.role = $3)) \
                     AND ($4 OR p.active)) p \
                 WHERE ($5::text IS NULL OR (part, full_name, person_id) > ($9::int2, $5, $6::uuid)) \
                 ORDER BY part, full_name, person_id LIMIT $7"
            ),
            &[
                &pattern,
                &query.unit_id,
                &query.role,
                &query.include_inactive,
                &after_name,
                &after_id,
                &query.limit.clamp(1, MAX_PAGE),
                &query.near_unit,
                &after_part,
            ],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get::<_, i16>(7), person_row(r)))
        .collect())
}

pub async fn people_by_id(
    client: &impl GenericClient,
    ids: &[Uuid],
) -> Result<Vec<PersonRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            &format!("SELECT {PERSON_COLUMNS} FROM directory.people WHERE person_id = ANY($1)"),
            &[&ids],
        )
        .await?;
    Ok(rows.iter().map(person_row).collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionRow {
    pub position_id: Uuid,
    pub person_id: Uuid,
    pub unit_id: Uuid,
    pub role: String,
    pub title: Option<String>,
    pub serves: Option<Uuid>,
    pub active: bool,
}

fn position_row(r: &tokio_postgres::Row) -> PositionRow {
    PositionRow {
        position_id: r.get(0),
        person_id: r.get(1),
        unit_id: r.get(2),
        role: r.get(3),
        title: r.get(4),
        serves: r.get(5),
        active: r.get(6),
    }
}

/// Active positions of these people.
pub async fn positions_of(
    client: &impl GenericClient,
    people: &[Uuid],
) -> Result<Vec<PositionRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT position_id, person_id, unit_id, role, title, serves, active FROM directory.positions \
             WHERE person_id = ANY($1) AND active ORDER BY person_id, role, position_id",
            &[&people],
        )
        .await?;
    Ok(rows.iter().map(position_row).collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    pub code: String,
    pub names: [String; 3],
    pub permissions: Vec<String>,
    pub serves_leader: bool,
}

pub async fn roles(client: &impl GenericClient) -> Result<Vec<RoleRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT code, name_vi, name_en, name_lo, permissions, serves_leader FROM directory.roles ORDER BY code",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| RoleRow {
            code: r.get(0),
            names: [r.get(1), r.get(2), r.get(3)],
            permissions: r.get(4),
            serves_leader: r.get(5),
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegationRow {
    pub delegation_id: Uuid,
    pub position_id: Uuid,
    pub delegate_id: Uuid,
    pub scope: String,
    pub authority: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub note: Option<String>,
    pub revoked: bool,
}

/// Delegations given by (positions held by) or to `person`, newest first.
pub async fn delegations_of(
    client: &impl GenericClient,
    person: Uuid,
) -> Result<Vec<DelegationRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT d.delegation_id, d.position_id, d.delegate_id, d.scope, d.authority, d.starts_at, d.ends_at, d.note, d.revoked \
             FROM directory.delegations d JOIN directory.positions p ON p.position_id = d.position_id \
             WHERE d.delegate_id = $1 OR p.person_id = $1 ORDER BY d.starts_at DESC, d.delegation_id LIMIT 200",
            &[&person],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| DelegationRow {
            delegation_id: r.get(0),
            position_id: r.get(1),
            delegate_id: r.get(2),
            scope: r.get(3),
            authority: r.get(4),
            starts_at: r.get(5),
            ends_at: r.get(6),
            note: r.get(7),
            revoked: r.get(8),
        })
        .collect())
}

/// A coded catalogue entry with names in three languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedRow {
    pub code: String,
    pub abbreviation: Option<String>,
    pub names: [String; 3],
    pub active: bool,
}

pub async fn document_types(
    client: &impl GenericClient,
) -> Result<Vec<CodedRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT code, abbreviation, name_vi, name_en, name_lo, active FROM directory.document_types ORDER BY name_vi, code",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| CodedRow {
            code: r.get(0),
            abbreviation: r.get(1),
            names: [r.get(2), r.get(3), r.get(4)],
            active: r.get(5),
        })
        .collect())
}

pub async fn fields(client: &impl GenericClient) -> Result<Vec<CodedRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT code, name_vi, name_en, name_lo, active FROM directory.fields ORDER BY name_vi, code",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| CodedRow {
            code: r.get(0),
            abbreviation: None,
            names: [r.get(1), r.get(2), r.get(3)],
            active: r.get(4),
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalAgencyRow {
    pub agency_id: Uuid,
    pub name: String,
    pub identifier_code: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub active: bool,
}

/// External agencies by name, optionally matching any of `alternatives` (each a way of
/// writing what was typed, `domain::abbreviations::alternatives`): an agency matches an
/// alternative when its name or identifier code contains every word of it, accents and case
/// ignored. No alternatives (or only blank ones): every agency.
pub async fn external_agencies(
    client: &impl GenericClient,
    alternatives: &[String],
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<ExternalAgencyRow>, tokio_postgres::Error> {
    let alternatives: Vec<String> = alternatives
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .take(5)
        .collect();
    let filter = (!alternatives.is_empty()).then_some(alternatives);
    let (after_name, after_id) = after.unzip();
    let rows = client
        .query(
            "SELECT agency_id, name, identifier_code, address, email, active FROM directory.external_agencies a \
             WHERE ($1::text[] IS NULL OR EXISTS ( \
                 SELECT 1 FROM unnest($1::text[]) AS alt(text) \
                 WHERE NOT EXISTS ( \
                     SELECT 1 FROM regexp_split_to_table(directory.fold(alt.text), '\\s+') AS w(word) \
                     WHERE w.word <> '' \
                       AND strpos(directory.fold(a.name || ' ' || coalesce(a.identifier_code, '')), w.word) = 0))) \
               AND ($2::text IS NULL OR (name, agency_id) > ($2, $3::uuid)) \
             ORDER BY name, agency_id LIMIT $4",
            &[&filter, &after_name, &after_id, &limit.clamp(1, MAX_PAGE)],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| ExternalAgencyRow {
            agency_id: r.get(0),
            name: r.get(1),
            identifier_code: r.get(2),
            address: r.get(3),
            email: r.get(4),
            active: r.get(5),
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub register_id: Uuid,
    pub kind: String,
    pub owner_unit_id: Uuid,
    pub code: String,
    pub name: String,
    pub document_types: Vec<String>,
    pub max_confidentiality: String,
    pub active: bool,
}

/// Registers, optionally of one owner unit and kind.
pub async fn registers(
    client: &impl GenericClient,
    owner: Option<Uuid>,
    kind: Option<&str>,
) -> Result<Vec<RegisterRow>, tokio_postgres::Error> {
    let rows = client
        .query(
            "SELECT register_id, kind, owner_unit_id, code, name, document_types, max_confidentiality, active \
             FROM directory.registers WHERE ($1::uuid IS NULL OR owner_unit_id = $1) AND ($2::text IS NULL OR kind = $2) \
             ORDER BY owner_unit_id, kind, code LIMIT 500",
            &[&owner, &kind],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| RegisterRow {
            register_id: r.get(0),
            kind: r.get(1),
            owner_unit_id: r.get(2),
            code: r.get(3),
            name: r.get(4),
            document_types: r.get(5),
            max_confidentiality: r.get(6),
            active: r.get(7),
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarRow {
    pub country: String,
    pub year: i32,
    pub holidays: Value,
    pub working_weekend_days: Vec<NaiveDate>,
}

pub async fn calendar(
    client: &impl GenericClient,
    country: &str,
    year: i32,
) -> Result<Option<CalendarRow>, tokio_postgres::Error> {
    let row = client
        .query_opt(
            "SELECT country, year, holidays, working_weekend_days FROM directory.calendars WHERE country = $1 AND year = $2",
            &[&country, &year],
        )
        .await?;
    Ok(row.map(|r| CalendarRow {
        country: r.get(0),
        year: r.get(1),
        holidays: r.get(2),
        working_weekend_days: r.get(3),
    }))
}
