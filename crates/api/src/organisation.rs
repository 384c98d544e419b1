//! The organisation: the unit tree, the directory of people (danh bạ), positions, roles and
//! delegations — queries over the `directory` read model, mutations as organisation
//! commands.

use std::collections::BTreeSet;

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, Object, SimpleObject};
use chancery_domain::access::{Acting, Action};
use chancery_domain::ids::{DelegationId, PositionId, UnitId, UserId};
use chancery_domain::organisation::{
    DelegationScope, OrgCommand, Organisation, Permission, SigningAuthority, UnitKind,
};
use chancery_read_models::directory;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::auth::{api, guard, load};
use crate::catalogues::CountryGql;
use crate::error::bounded;
use crate::identity::ConfidentialityLevel;
use crate::{ApiContext, ApiError, Written};

/// Parses a GraphQL id into a UUID, or a VALIDATION error naming the field.
pub fn parse_id(id: &ID, field: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id.as_str())
        .map_err(|_| ApiError::invalid(field, "INVALID_ID", format!("{field} is not an id")))
}

/// The cursor of lists ordered by a name and an id.
pub(crate) type Cursor = OpaqueCursor<(String, Uuid)>;

/// The directory's cursor: the part (0 the caller's own unit, 1 the rest), the name, the id.
pub(crate) type PeopleCursor = OpaqueCursor<(i16, String, Uuid)>;

pub(crate) fn page(first: Option<i32>) -> i64 {
    i64::from(first.unwrap_or(50).clamp(1, 200))
}

pub(crate) fn decode_cursor(after: Option<String>) -> Result<Option<(String, Uuid)>, ApiError> {
    crate::decode_after(after.as_deref())
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "UnitKind")]
pub enum UnitKindGql {
    Agency,
    Unit,
    Department,
}

impl From<UnitKindGql> for UnitKind {
    fn from(value: UnitKindGql) -> Self {
        match value {
            UnitKindGql::Agency => Self::Agency,
            UnitKindGql::Unit => Self::Unit,
            UnitKindGql::Department => Self::Department,
        }
    }
}

fn kind_of(code: &str) -> UnitKindGql {
    match code {
        "agency" => UnitKindGql::Agency,
        "department" => UnitKindGql::Department,
        _ => UnitKindGql::Unit,
    }
}

/// A node of the organisation tree: an agency (cơ quan), a unit (đơn vị) or a department
/// (phòng).
#[derive(SimpleObject)]
#[graphql(complex, name = "Unit")]
pub struct UnitNode {
    pub id: ID,
    pub parent_id: Option<ID>,
    pub kind: UnitKindGql,
    pub code: String,
    /// Used in document notations (`BNV`, `VP` in `05/BNV-VP`).
    pub abbreviation: String,
    pub name: String,
    /// National identifier code (QCVN 102), agencies only.
    pub identifier_code: Option<String>,
    pub dissolved: bool,
    /// The path when the page that brought the unit already read it.
    #[graphql(skip)]
    pub known_path: Option<Vec<String>>,
}

impl From<directory::UnitRow> for UnitNode {
    fn from(r: directory::UnitRow) -> Self {
        Self {
            id: ID(r.unit_id.to_string()),
            parent_id: r.parent_id.map(|p| ID(p.to_string())),
            kind: kind_of(&r.kind),
            code: r.code,
            abbreviation: r.abbreviation,
            name: r.name,
            identifier_code: r.identifier_code,
            dissolved: r.dissolved,
            known_path: None,
        }
    }
}

#[ComplexObject]
impl UnitNode {
    /// Sub-units, by name.
    async fn children(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<Cursor, UnitNode, EmptyFields, EmptyFields>> {
        guard(ctx, &Action::ViewOrganisation).await?;
        let parent = parse_id(&self.id, "id")?;
        let paths = wants_paths(ctx);
        units_page(api(ctx)?, Some(parent), false, None, paths, first, after).await
    }

    /// Where the unit sits: the names of the units above it, from the top down (empty at
    /// the top of the tree).
    async fn path(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        guard(ctx, &Action::ViewOrganisation).await?;
        if let Some(path) = &self.known_path {
            return Ok(path.clone());
        }
        let id = parse_id(&self.id, "id")?;
        let client = api(ctx)?.read_client().await?;
        Ok(directory::unit_paths(&**client, &[id])
            .await
            .map_err(ApiError::internal)?
            .remove(&id)
            .unwrap_or_default())
    }

    /// The country whose working calendar counts deadlines here: the nearest agency at or
    /// above the unit that names one, else Vietnam.
    async fn country(&self, ctx: &Context<'_>) -> async_graphql::Result<CountryGql> {
        let g = guard(ctx, &Action::ViewOrganisation).await?;
        let unit = UnitId(parse_id(&self.id, "id")?);
        Ok(g.organisation.country_of(unit).into())
    }
}

/// Whether the query asks for the `path` of the units of a connection (then the page reads
/// them all at once instead of one query per unit).
fn wants_paths(ctx: &Context<'_>) -> bool {
    let connection = ctx.look_ahead();
    connection.field("nodes").field("path").exists()
        || connection
            .field("edges")
            .field("node")
            .field("path")
            .exists()
}

async fn units_page(
    api: &ApiContext,
    parent: Option<Uuid>,
    include_dissolved: bool,
    text: Option<&str>,
    with_paths: bool,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<Connection<Cursor, UnitNode, EmptyFields, EmptyFields>> {
    let limit = page(first);
    let after = decode_cursor(after)?;
    let has_previous = after.is_some();
    let client = api.read_client().await?;
    let mut rows = directory::units(&**client, parent, include_dissolved, text, after, limit + 1)
        .await
        .map_err(ApiError::internal)?;
    let has_next = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(50));
    let mut paths = if with_paths {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.unit_id).collect();
        directory::unit_paths(&**client, &ids)
            .await
            .map_err(ApiError::internal)?
    } else {
        Default::default()
    };
    let mut connection = Connection::new(has_previous, has_next);
    for row in rows {
        let cursor = OpaqueCursor((row.name.clone(), row.unit_id));
        let path = with_paths.then(|| paths.remove(&row.unit_id).unwrap_or_default());
        let mut node = UnitNode::from(row);
        node.known_path = path;
        connection.edges.push(Edge::new(cursor, node));
    }
    Ok(connection)
}

/// A person of the directory.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Person {
    pub id: ID,
    pub username: String,
    pub full_name: String,
    /// For the person, their agency's people and account administrators; otherwise null.
    pub email: Option<String>,
    /// For the person, their agency's people and account administrators; otherwise null.
    pub phone: Option<String>,
    /// For the person, account administrators and auditors; otherwise null.
    pub clearance: Option<ConfidentialityLevel>,
    pub active: bool,
}

impl From<directory::PersonRow> for Person {
    fn from(r: directory::PersonRow) -> Self {
        Self {
            id: ID(r.person_id.to_string()),
            username: r.username,
            full_name: r.full_name,
            email: r.email,
            phone: r.phone,
            clearance: Some(
                chancery_domain::reference::Confidentiality::parse(&r.clearance)
                    .unwrap_or(chancery_domain::reference::Confidentiality::Normal)
                    .into(),
            ),
            active: r.active,
        }
    }
}

impl Person {
    /// The person from the organisation (the write model: always current).
    pub async fn load(api: &ApiContext, id: Uuid) -> Result<Self, ApiError> {
        let organisation = api.commands.organisation().await?;
        let p = organisation
            .people
            .get(&UserId(id))
            .ok_or_else(|| ApiError::NotFound("person".to_owned()))?;
        Ok(Self {
            id: ID(id.to_string()),
            username: p.username.clone(),
            full_name: p.full_name.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            clearance: Some(p.clearance.into()),
            active: p.active,
        })
    }

    /// The person as `guard`'s caller may see them: contact details and clearance only
    /// where `domain::access` allows (`ViewContactDetails`, `ViewClearance`).
    pub fn shown_to(mut self, guard: &crate::auth::Guard) -> Self {
        let Ok(of) = self.id.parse::<Uuid>().map(UserId) else {
            return Self {
                email: None,
                phone: None,
                clearance: None,
                ..self
            };
        };
        if guard.check(&Action::ViewContactDetails { of }).is_err() {
            self.email = None;
            self.phone = None;
        }
        if guard.check(&Action::ViewClearance { of }).is_err() {
            self.clearance = None;
        }
        self
    }
}

#[ComplexObject]
impl Person {
    /// The person's active positions.
    async fn positions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PositionNode>> {
        guard(ctx, &Action::ViewOrganisation).await?;
        let api = api(ctx)?;
        let id = parse_id(&self.id, "id")?;
        let client = api.read_client().await?;
        let rows = directory::positions_of(&**client, &[id])
            .await
            .map_err(ApiError::internal)?;
        Ok(rows.into_iter().map(PositionNode::from).collect())
    }
}

/// A role held in a unit.
#[derive(SimpleObject)]
#[graphql(name = "Position")]
pub struct PositionNode {
    pub id: ID,
    pub person_id: ID,
    pub unit_id: ID,
    pub role: String,
    pub title: Option<String>,
    /// For a leader's secretary: the leader's position served.
    pub serves: Option<ID>,
    pub active: bool,
}

impl From<directory::PositionRow> for PositionNode {
    fn from(r: directory::PositionRow) -> Self {
        Self {
            id: ID(r.position_id.to_string()),
            person_id: ID(r.person_id.to_string()),
            unit_id: ID(r.unit_id.to_string()),
            role: r.role,
            title: r.title,
            serves: r.serves.map(|s| ID(s.to_string())),
            active: r.active,
        }
    }
}

/// A position the caller may act in now.
#[derive(SimpleObject)]
pub struct ActingPosition {
    pub position_id: ID,
    pub unit_id: ID,
    pub role: String,
    pub permissions: Vec<PermissionGql>,
    /// Set when held by delegation: the delegation and its signing authority (KT., TL., …).
    pub delegation_id: Option<ID>,
    pub on_behalf_of: Option<ID>,
    pub authority: Option<String>,
    /// The country whose working calendar counts deadlines in this position's unit.
    pub country: CountryGql,
}

impl ActingPosition {
    pub fn new(a: &Acting, organisation: &Organisation) -> Self {
        Self {
            country: organisation.country_of(a.unit).into(),
            position_id: ID(a.position.to_string()),
            unit_id: ID(a.unit.to_string()),
            role: a.role.clone(),
            permissions: a
                .permissions
                .iter()
                .map(|p| PermissionGql::from(*p))
                .collect(),
            delegation_id: a.delegation.as_ref().map(|d| ID(d.delegation.to_string())),
            on_behalf_of: a.delegation.as_ref().map(|d| ID(d.holder.to_string())),
            authority: a
                .delegation
                .as_ref()
                .map(|d| d.authority.prefix().to_owned()),
        }
    }
}

macro_rules! mirror_enum {
    ($gql:ident as $name:literal, $domain:ident { $($variant:ident),* $(,)? }) => {
        /// The schema's mirror of the domain's enum of the same name.
        #[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
        #[graphql(name = $name)]
        pub enum $gql { $($variant),* }

        impl From<$gql> for $domain {
            fn from(value: $gql) -> Self {
                match value { $($gql::$variant => Self::$variant),* }
            }
        }

        impl From<$domain> for $gql {
            fn from(value: $domain) -> Self {
                match value { $($domain::$variant => Self::$variant),* }
            }
        }
    };
}

mirror_enum!(
    PermissionGql as "Permission",
    Permission {
        ManageOrganisation,
        ManageAccounts,
        ManageCatalogues,
        ViewUsageLogs,
        Audit,
        KeepRegisters,
        ProposeAssignment,
        ApproveAssignment,
        DirectUnitDocuments,
        HandleDocuments,
        SignDocuments,
        MonitorDeadlines,
        AssistLeader,
    }
);
mirror_enum!(SigningAuthorityGql as "SigningAuthority", SigningAuthority { Kt, Tl, Tuq, Tm });
mirror_enum!(DelegationScopeGql as "DelegationScope", DelegationScope { Position, Signing });

/// A role: what its holders may do.
#[derive(SimpleObject)]
pub struct Role {
    pub code: String,
    pub name: String,
    pub name_vi: String,
    pub name_en: String,
    pub name_lo: String,
    pub permissions: Vec<String>,
    pub serves_leader: bool,
}

/// A delegation given or received.
#[derive(SimpleObject)]
pub struct Delegation {
    pub id: ID,
    pub position_id: ID,
    pub delegate_id: ID,
    pub scope: String,
    pub authority: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub note: Option<String>,
    pub revoked: bool,
}

#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    /// Units under `parentId` (the top of the tree when omitted), by name.
    async fn units(
        &self,
        ctx: &Context<'_>,
        parent_id: Option<ID>,
        #[graphql(default)] include_dissolved: bool,
        #[graphql(
            desc = "Instead of one level: the units at any depth (`parentId` ignored) whose name contains every word (accents and case ignored). At most 200 characters."
        )]
        text: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<Cursor, UnitNode, EmptyFields, EmptyFields>> {
        guard(ctx, &Action::ViewOrganisation).await?;
        let text = bounded("text", text, 200)?;
        let parent = parent_id
            .as_ref()
            .map(|p| parse_id(p, "parentId"))
            .transpose()?;
        let paths = wants_paths(ctx);
        units_page(
            api(ctx)?,
            parent,
            include_dissolved,
            text.as_deref(),
            paths,
            first,
            after,
        )
        .await
    }

    /// One unit.
    async fn unit(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<UnitNode>> {
        guard(ctx, &Action::ViewOrganisation).await?;
        let api = api(ctx)?;
        let id = parse_id(&id, "id")?;
        let client = api.read_client().await?;
        Ok(directory::unit(&**client, id)
            .await
            .map_err(ApiError::internal)?
            .map(UnitNode::from))
    }

    /// The directory (danh bạ): people by name, searched by name, username, e-mail, phone,
    /// unit or role (accents and case ignored), optionally within a unit (and its sub-units)
    /// or holding a role. The people of the caller's own unit (the unit their position
    /// works in, its departments included) come first, then the rest, each by name.
    #[allow(clippy::too_many_arguments)]
    async fn people(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        unit_id: Option<ID>,
        role: Option<String>,
        #[graphql(default)] include_inactive: bool,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<PeopleCursor, Person, EmptyFields, EmptyFields>> {
        let g = guard(ctx, &Action::ViewOrganisation).await?;
        let search = bounded("search", search, 200)?;
        let role = bounded("role", role, 64)?;
        let api = api(ctx)?;
        let limit = page(first);
        let after = crate::decode_after::<(i16, String, Uuid)>(after.as_deref())?;
        let has_previous = after.is_some();
        let principal = g.principal.as_ref().ok_or(ApiError::Unauthenticated)?;
        let reach = chancery_domain::access::directory_reach(principal, &g.organisation)?;
        let asked = unit_id
            .as_ref()
            .map(|u| parse_id(u, "unitId"))
            .transpose()?;
        // Within the caller's reach: their agency (a unit outside it lists nobody).
        let unit_id = match (reach, asked) {
            (None, asked) => asked,
            (Some(agency), None) => Some(agency.0),
            (Some(agency), Some(asked)) => {
                if !g.organisation.is_within(UnitId(asked), agency) {
                    return Ok(Connection::new(has_previous, false));
                }
                Some(asked)
            }
        };
        // The caller's own unit, as whom they are likely to send to counts it.
        let near_unit = principal
            .acting
            .as_ref()
            .map(|a| chancery_domain::routing::home_unit(&g.organisation, a.unit).0);
        let query = directory::PeopleQuery {
            text: search,
            unit_id,
            role,
            include_inactive,
            near_unit,
            after,
            limit: limit + 1,
        };
        let client = api.read_client().await?;
        let rows = directory::search_people(&**client, &query)
            .await
            .map_err(ApiError::internal)?;
        let has_next = rows.len() as i64 > limit;
        let mut connection = Connection::new(has_previous, has_next);
        for (part, row) in rows.into_iter().take(usize::try_from(limit).unwrap_or(50)) {
            let cursor = OpaqueCursor((part, row.full_name.clone(), row.person_id));
            connection
                .edges
                .push(Edge::new(cursor, Person::from(row).shown_to(&g)));
        }
        Ok(connection)
    }

    /// One person.
    async fn person(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Person>> {
        let g = guard(ctx, &Action::ViewOrganisation).await?;
        let api = api(ctx)?;
        let id = parse_id(&id, "id")?;
        let client = api.read_client().await?;
        Ok(directory::people_by_id(&**client, &[id])
            .await
            .map_err(ApiError::internal)?
            .into_iter()
            .next()
            .map(|row| Person::from(row).shown_to(&g)))
    }

    /// Every role.
    async fn roles(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<Role>> {
        guard(ctx, &Action::ViewOrganisation).await?;
        let api = api(ctx)?;
        let lang = crate::auth::lang(ctx);
        let client = api.read_client().await?;
        let roles = directory::roles(&**client)
            .await
            .map_err(ApiError::internal)?
            .into_iter()
            .map(|r| {
                let [vi, en, lo] = r.names;
                Role {
                    code: r.code,
                    name: crate::pick(lang, &vi, &en, &lo),
                    name_vi: vi,
                    name_en: en,
                    name_lo: lo,
                    permissions: r.permissions,
                    serves_leader: r.serves_leader,
                }
            })
            .collect();
        Ok(crate::paged(roles, first, after)?)
    }

    /// Delegations a person gave (of their positions) or received; one's own, or anyone's
    /// for organisation administrators.
    async fn delegations(
        &self,
        ctx: &Context<'_>,
        person_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<Delegation>> {
        let g = load(ctx).await?;
        let me = g.person()?;
        let of = person_id
            .as_ref()
            .map(|p| parse_id(p, "personId"))
            .transpose()?;
        match of {
            Some(other) if other != me.0 => g.check(&Action::ManageOrganisation)?,
            _ => g.check(&Action::ManageOwnAccount)?,
        }
        let api = api(ctx)?;
        let client = api.read_client().await?;
        let delegations = directory::delegations_of(&**client, of.unwrap_or(me.0))
            .await
            .map_err(ApiError::internal)?
            .into_iter()
            .map(|d| Delegation {
                id: ID(d.delegation_id.to_string()),
                position_id: ID(d.position_id.to_string()),
                delegate_id: ID(d.delegate_id.to_string()),
                scope: d.scope,
                authority: d.authority,
                starts_at: d.starts_at,
                ends_at: d.ends_at,
                note: d.note,
                revoked: d.revoked,
            })
            .collect();
        Ok(crate::paged(delegations, first, after)?)
    }
}

#[derive(InputObject)]
pub struct UnitInput {
    pub parent_id: Option<ID>,
    pub kind: UnitKindGql,
    pub code: String,
    pub abbreviation: String,
    pub name: String,
    pub identifier_code: Option<String>,
    /// Agencies only: the country whose working calendar counts their deadlines (default:
    /// the parent agency's, or Vietnam's).
    pub country: Option<CountryGql>,
}

#[derive(InputObject)]
pub struct UnitUpdateInput {
    pub code: String,
    pub abbreviation: String,
    pub name: String,
    pub identifier_code: Option<String>,
}

#[derive(InputObject)]
pub struct RoleInput {
    pub code: String,
    pub name_vi: String,
    #[graphql(default)]
    pub name_en: String,
    #[graphql(default)]
    pub name_lo: String,
    pub permissions: Vec<PermissionGql>,
    #[graphql(default)]
    pub serves_leader: bool,
}

#[derive(InputObject)]
pub struct PersonInput {
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub clearance: ConfidentialityLevel,
}

#[derive(InputObject)]
pub struct PositionInput {
    pub person_id: ID,
    pub unit_id: ID,
    pub role: String,
    pub title: Option<String>,
    pub serves: Option<ID>,
}

#[derive(InputObject)]
pub struct DelegationInput {
    pub position_id: ID,
    pub delegate_id: ID,
    pub scope: DelegationScopeGql,
    pub authority: SigningAuthorityGql,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub note: Option<String>,
}

/// A created thing's id and the write's position.
#[derive(SimpleObject)]
pub struct Created {
    pub id: ID,
    pub written: Written,
}

#[derive(Default)]
pub struct OrganisationMutation;

async fn run(
    ctx: &Context<'_>,
    g: &crate::auth::Guard,
    command: OrgCommand,
) -> Result<Written, ApiError> {
    let api = api(ctx)?;
    let outcome = api
        .commands
        .organisation_command(&g.command(), command)
        .await?;
    api.written(outcome.position).await
}

#[Object]
impl OrganisationMutation {
    /// Adds an agency, unit or department.
    async fn create_unit(
        &self,
        ctx: &Context<'_>,
        input: UnitInput,
    ) -> async_graphql::Result<Created> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        let unit_id = UnitId(Uuid::now_v7());
        let command = OrgCommand::CreateUnit {
            unit_id,
            parent_id: input
                .parent_id
                .as_ref()
                .map(|p| parse_id(p, "parentId"))
                .transpose()?
                .map(UnitId),
            kind: input.kind.into(),
            code: input.code,
            abbreviation: input.abbreviation,
            name: input.name,
            identifier_code: input.identifier_code,
            country: input.country.map(Into::into),
        };
        let written = run(ctx, &g, command).await?;
        Ok(Created {
            id: ID(unit_id.to_string()),
            written,
        })
    }

    async fn update_unit(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UnitUpdateInput,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        let command = OrgCommand::UpdateUnit {
            unit_id: UnitId(parse_id(&id, "id")?),
            code: input.code,
            abbreviation: input.abbreviation,
            name: input.name,
            identifier_code: input.identifier_code,
        };
        Ok(run(ctx, &g, command).await?)
    }

    /// Moves a unit under another parent (never under itself or its own sub-units).
    async fn move_unit(
        &self,
        ctx: &Context<'_>,
        id: ID,
        parent_id: ID,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        let command = OrgCommand::MoveUnit {
            unit_id: UnitId(parse_id(&id, "id")?),
            parent_id: UnitId(parse_id(&parent_id, "parentId")?),
        };
        Ok(run(ctx, &g, command).await?)
    }

    /// Dissolves a unit with no people and no sub-units left.
    async fn dissolve_unit(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        let command = OrgCommand::DissolveUnit {
            unit_id: UnitId(parse_id(&id, "id")?),
        };
        Ok(run(ctx, &g, command).await?)
    }

    /// Defines a role (or redefines the role with this code).
    async fn define_role(
        &self,
        ctx: &Context<'_>,
        input: RoleInput,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        let command = OrgCommand::DefineRole {
            code: input.code,
            names: (input.name_vi, input.name_en, input.name_lo),
            permissions: input
                .permissions
                .into_iter()
                .map(Permission::from)
                .collect::<BTreeSet<_>>(),
            serves_leader: input.serves_leader,
        };
        Ok(run(ctx, &g, command).await?)
    }

    async fn update_person(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: PersonInput,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        let command = OrgCommand::UpdatePerson {
            person_id: UserId(parse_id(&id, "id")?),
            full_name: input.full_name,
            email: input.email,
            phone: input.phone,
            clearance: input.clearance.into(),
        };
        Ok(run(ctx, &g, command).await?)
    }

    /// A person leaves: positions end, sessions end, login refused.
    async fn deactivate_person(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        g.check(&Action::ManageAccounts)?;
        let person = UserId(parse_id(&id, "id")?);
        let written = run(ctx, &g, OrgCommand::DeactivatePerson { person_id: person }).await?;
        let api = api(ctx)?;
        api.credentials
            .set_disabled(person.0, true, g.now)
            .await
            .map_err(ApiError::internal)?;
        api.credentials
            .revoke_all(person.0, g.now)
            .await
            .map_err(ApiError::internal)?;
        Ok(written)
    }

    /// Gives a person a position: a role in a unit.
    async fn assign_position(
        &self,
        ctx: &Context<'_>,
        input: PositionInput,
    ) -> async_graphql::Result<Created> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        let position_id = PositionId(Uuid::now_v7());
        let command = OrgCommand::AssignPosition {
            position_id,
            person_id: UserId(parse_id(&input.person_id, "personId")?),
            unit_id: UnitId(parse_id(&input.unit_id, "unitId")?),
            role: input.role,
            title: input.title,
            serves: input
                .serves
                .as_ref()
                .map(|s| parse_id(s, "serves"))
                .transpose()?
                .map(PositionId),
        };
        let written = run(ctx, &g, command).await?;
        Ok(Created {
            id: ID(position_id.to_string()),
            written,
        })
    }

    async fn end_position(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageOrganisation).await?;
        let command = OrgCommand::EndPosition {
            position_id: PositionId(parse_id(&id, "id")?),
        };
        Ok(run(ctx, &g, command).await?)
    }

    /// Delegates a position (or its signing power) for a period: by its holder acting in
    /// it, or by an organisation administrator.
    async fn grant_delegation(
        &self,
        ctx: &Context<'_>,
        input: DelegationInput,
    ) -> async_graphql::Result<Created> {
        let g = load(ctx).await?;
        let position = PositionId(parse_id(&input.position_id, "positionId")?);
        let holder = g
            .organisation
            .positions
            .get(&position)
            .map(|p| p.person)
            .unwrap_or(UserId(Uuid::nil()));
        g.check(&Action::Delegate { position, holder })?;
        let delegation_id = DelegationId(Uuid::now_v7());
        let command = OrgCommand::GrantDelegation {
            delegation_id,
            position_id: position,
            delegate_id: UserId(parse_id(&input.delegate_id, "delegateId")?),
            scope: input.scope.into(),
            authority: input.authority.into(),
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            note: input.note,
        };
        let written = run(ctx, &g, command).await?;
        Ok(Created {
            id: ID(delegation_id.to_string()),
            written,
        })
    }

    /// Withdraws a delegation: its grantor's side (the holder) or an administrator.
    async fn revoke_delegation(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Written> {
        let g = load(ctx).await?;
        let delegation = DelegationId(parse_id(&id, "id")?);
        let (position, holder) = g
            .organisation
            .delegations
            .get(&delegation)
            .and_then(|d| {
                g.organisation
                    .positions
                    .get(&d.position)
                    .map(|p| (p.id, p.person))
            })
            .unwrap_or((PositionId(Uuid::nil()), UserId(Uuid::nil())));
        g.check(&Action::Delegate { position, holder })?;
        Ok(run(
            ctx,
            &g,
            OrgCommand::RevokeDelegation {
                delegation_id: delegation,
            },
        )
        .await?)
    }
}
