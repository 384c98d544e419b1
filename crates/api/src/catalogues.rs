//! Catalogues: document types, fields, urgency and confidentiality levels, the external
//! agencies directory, registers and working calendars.

use std::collections::{BTreeMap, BTreeSet};

use async_graphql::connection::{Connection, Edge, EmptyFields, OpaqueCursor};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chancery_domain::access::Action;
use chancery_domain::calendar::{Country, HolidayName};
use chancery_domain::catalogues::{CatalogueCommand, RegisterKind};
use chancery_domain::ids::{ExternalAgencyId, RegisterId, UnitId};
use chancery_domain::reference::{Confidentiality, Urgency};
use chancery_read_models::directory;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::auth::{api, guard, lang};
use crate::error::bounded;
use crate::identity::ConfidentialityLevel;
use crate::organisation::{Cursor, decode_cursor, page, parse_id};
use crate::{ApiError, Written, pick};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "RegisterKind")]
pub enum RegisterKindGql {
    Incoming,
    Outgoing,
    Internal,
}

impl From<RegisterKindGql> for RegisterKind {
    fn from(value: RegisterKindGql) -> Self {
        match value {
            RegisterKindGql::Incoming => Self::Incoming,
            RegisterKindGql::Outgoing => Self::Outgoing,
            RegisterKindGql::Internal => Self::Internal,
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "Country")]
pub enum CountryGql {
    Vietnam,
    Laos,
}

impl From<Country> for CountryGql {
    fn from(value: Country) -> Self {
        match value {
            Country::Vietnam => Self::Vietnam,
            Country::Laos => Self::Laos,
        }
    }
}

impl From<CountryGql> for Country {
    fn from(value: CountryGql) -> Self {
        match value {
            CountryGql::Vietnam => Self::Vietnam,
            CountryGql::Laos => Self::Laos,
        }
    }
}

/// An entry of a coded catalogue, named in the request's language.
#[derive(SimpleObject)]
pub struct CatalogueEntry {
    pub code: String,
    pub abbreviation: Option<String>,
    pub name: String,
    pub name_vi: String,
    pub name_en: String,
    pub name_lo: String,
    pub active: bool,
}

/// A level fixed by law (urgency, confidentiality).
#[derive(SimpleObject)]
pub struct Level {
    pub code: String,
    pub name: String,
    pub rank: i32,
}

#[derive(SimpleObject)]
pub struct ExternalAgency {
    pub id: ID,
    pub name: String,
    pub identifier_code: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub active: bool,
}

#[derive(SimpleObject)]
pub struct Register {
    pub id: ID,
    pub kind: String,
    pub owner_unit_id: ID,
    pub code: String,
    pub name: String,
    /// Document type codes it takes; empty: every type.
    pub document_types: Vec<String>,
    pub max_confidentiality: String,
    pub active: bool,
    /// Numbering restarts at 1 every 1 January.
    pub restarts_yearly: bool,
}

/// A register book the caller may open (`registerBooks`).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct RegisterBookEntry {
    #[graphql(flatten)]
    pub register: Register,
    /// The name of the unit that keeps it (its office).
    pub owner_unit_name: String,
    /// The caller keeps this register (their own office's book).
    pub kept: bool,
    /// The book's column titles (Decree 30 Appendix IV) in the request's language: the
    /// ones its XLSX export and printout head it with (`chancery_domain::book`).
    pub columns: Vec<String>,
}

#[async_graphql::ComplexObject]
impl RegisterBookEntry {
    /// The book's title for a year: the unit keeping it, then the register's name naming
    /// the year once ("Vụ Tổ chức cán bộ — Sổ văn bản đến 2026"), as its printout and XLSX
    /// export are titled.
    async fn title(&self, year: i32) -> String {
        chancery_domain::book::title(&self.owner_unit_name, &self.register.name, year)
    }

    /// The register's name for a year, naming the year once.
    async fn name_for_year(&self, year: i32) -> String {
        chancery_domain::book::name_for_year(&self.register.name, year)
    }
}

/// The stored code of a register kind (`incoming`, `outgoing`, `internal`).
fn register_kind_code(kind: RegisterKind) -> &'static str {
    match kind {
        RegisterKind::Incoming => "incoming",
        RegisterKind::Outgoing => "outgoing",
        RegisterKind::Internal => "internal",
    }
}

#[derive(SimpleObject)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

#[derive(SimpleObject)]
pub struct Calendar {
    pub country: String,
    pub year: i32,
    pub holidays: Vec<Holiday>,
    pub working_weekend_days: Vec<NaiveDate>,
    /// Whether an administrator set this year (otherwise the built-in calendar is shown).
    pub configured: bool,
}

#[derive(Default)]
pub struct CatalogueQuery;

fn entry(row: directory::CodedRow, l: chancery_domain::reference::Lang) -> CatalogueEntry {
    let [vi, en, lo] = row.names;
    CatalogueEntry {
        code: row.code,
        abbreviation: row.abbreviation,
        name: pick(l, &vi, &en, &lo),
        name_vi: vi,
        name_en: en,
        name_lo: lo,
        active: row.active,
    }
}

#[Object]
impl CatalogueQuery {
    /// Document types with their Decree 30 abbreviations.
    async fn document_types(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<CatalogueEntry>> {
        guard(ctx, &Action::ViewCatalogues).await?;
        let api = api(ctx)?;
        let client = api.read_client().await?;
        let l = lang(ctx);
        let entries = directory::document_types(&**client)
            .await
            .map_err(ApiError::internal)?
            .into_iter()
            .map(|r| entry(r, l))
            .collect();
        Ok(crate::paged(entries, first, after)?)
    }

    /// Fields (lĩnh vực).
    async fn fields(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<CatalogueEntry>> {
        guard(ctx, &Action::ViewCatalogues).await?;
        let api = api(ctx)?;
        let client = api.read_client().await?;
        let l = lang(ctx);
        let entries = directory::fields(&**client)
            .await
            .map_err(ApiError::internal)?
            .into_iter()
            .map(|r| entry(r, l))
            .collect();
        Ok(crate::paged(entries, first, after)?)
    }

    /// Urgency levels: thường, khẩn, thượng khẩn, hỏa tốc.
    async fn urgencies(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Level>> {
        guard(ctx, &Action::ViewCatalogues).await?;
        let l = lang(ctx);
        Ok(Urgency::ALL
            .iter()
            .zip(0..)
            .map(|(u, rank)| Level {
                code: u.code().to_owned(),
                name: u.labels().get(l).to_owned(),
                rank,
            })
            .collect())
    }

    /// Confidentiality levels: thường, mật, tối mật, tuyệt mật.
    async fn confidentialities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Level>> {
        guard(ctx, &Action::ViewCatalogues).await?;
        let l = lang(ctx);
        Ok(Confidentiality::ALL
            .iter()
            .zip(0..)
            .map(|(c, rank)| Level {
                code: c.code().to_owned(),
                name: c.labels().get(l).to_owned(),
                rank,
            })
            .collect())
    }

    /// The external agencies directory, by name, optionally searched (every word, accents
    /// and case ignored; the usual abbreviations — UBND, HĐND, BNV, Sở GD&ĐT… — understood
    /// both ways).
    async fn external_agencies(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<Cursor, ExternalAgency, EmptyFields, EmptyFields>> {
        guard(ctx, &Action::ViewCatalogues).await?;
        let search = bounded("search", search, 200)?;
        let api = api(ctx)?;
        let limit = page(first);
        let after = decode_cursor(after)?;
        let has_previous = after.is_some();
        let client = api.read_client().await?;
        // Typed as clerks write it: "UBND tỉnh Ninh Bình" also looks for "Ủy ban nhân dân
        // tỉnh Ninh Bình", and the other way round (`domain::abbreviations`).
        let alternatives = search
            .as_deref()
            .map(chancery_domain::abbreviations::alternatives)
            .unwrap_or_default();
        let rows = directory::external_agencies(&**client, &alternatives, after, limit + 1)
            .await
            .map_err(ApiError::internal)?;
        let mut connection = Connection::new(has_previous, rows.len() as i64 > limit);
        for r in rows.into_iter().take(usize::try_from(limit).unwrap_or(50)) {
            connection.edges.push(Edge::new(
                OpaqueCursor((r.name.clone(), r.agency_id)),
                ExternalAgency {
                    id: ID(r.agency_id.to_string()),
                    name: r.name,
                    identifier_code: r.identifier_code,
                    address: r.address,
                    email: r.email,
                    active: r.active,
                },
            ));
        }
        Ok(connection)
    }

    /// Registers, optionally of one owner unit and kind.
    async fn registers(
        &self,
        ctx: &Context<'_>,
        owner_unit_id: Option<ID>,
        kind: Option<RegisterKindGql>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<Register>> {
        guard(ctx, &Action::ViewCatalogues).await?;
        let api = api(ctx)?;
        let owner = owner_unit_id
            .as_ref()
            .map(|o| parse_id(o, "ownerUnitId"))
            .transpose()?;
        let kind = kind.map(|k| register_kind_code(RegisterKind::from(k)));
        let client = api.read_client().await?;
        let registers = directory::registers(&**client, owner, kind)
            .await
            .map_err(ApiError::internal)?
            .into_iter()
            .map(|r| Register {
                id: ID(r.register_id.to_string()),
                kind: r.kind,
                owner_unit_id: ID(r.owner_unit_id.to_string()),
                code: r.code,
                name: r.name,
                document_types: r.document_types,
                max_confidentiality: r.max_confidentiality,
                active: r.active,
                restarts_yearly: true,
            })
            .collect();
        Ok(crate::paged(registers, first, after)?)
    }

    /// The register books the caller may open (`access::openable_books`: the books they
    /// keep first, then those they may read — a unit's leaders their unit's incoming books,
    /// auditors every book), optionally of one kind. Exactly the registers whose
    /// `registerBook` / `outgoingRegisterBook` the caller may query.
    async fn register_books(
        &self,
        ctx: &Context<'_>,
        kind: Option<RegisterKindGql>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<crate::ListConnection<RegisterBookEntry>> {
        let guard = guard(ctx, &Action::ViewOrganisation).await?;
        let principal = guard.principal.as_ref().ok_or(ApiError::Unauthenticated)?;
        let api = api(ctx)?;
        let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
        let kind = kind.map(RegisterKind::from);
        let lang = lang(ctx);
        let chosen = catalogues
            .registers
            .values()
            .filter(|r| kind.is_none_or(|k| r.kind == k));
        let books = chancery_domain::access::openable_books(principal, &guard.organisation, chosen)
            .into_iter()
            .filter_map(|book| {
                let r = catalogues.registers.get(&book.register)?;
                Some(RegisterBookEntry {
                    register: Register {
                        id: ID(r.register_id.0.to_string()),
                        kind: register_kind_code(r.kind).to_owned(),
                        owner_unit_id: ID(r.owner_unit_id.0.to_string()),
                        code: r.code.clone(),
                        name: r.name.clone(),
                        document_types: r.document_types.iter().cloned().collect(),
                        max_confidentiality: r.max_confidentiality.code().to_owned(),
                        active: r.active,
                        restarts_yearly: true,
                    },
                    owner_unit_name: guard
                        .organisation
                        .units
                        .get(&r.owner_unit_id)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    kept: book.kept,
                    columns: chancery_domain::book::column_titles(
                        r.kind == RegisterKind::Outgoing,
                        lang,
                    )
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                })
            })
            .collect();
        Ok(crate::paged(books, first, after)?)
    }

    /// A country's working calendar for a year: the administrator's if set, else built in.
    async fn calendar(
        &self,
        ctx: &Context<'_>,
        country: CountryGql,
        year: i32,
    ) -> async_graphql::Result<Calendar> {
        guard(ctx, &Action::ViewCatalogues).await?;
        if !(2000..=2100).contains(&year) {
            return Err(ApiError::invalid(
                "year",
                "OUT_OF_RANGE",
                "the year must be between 2000 and 2100",
            )
            .into());
        }
        let api = api(ctx)?;
        let l = lang(ctx);
        let country: Country = country.into();
        let client = api.read_client().await?;
        let stored = directory::calendar(&**client, country.code(), year)
            .await
            .map_err(ApiError::internal)?;
        let (holidays, working, configured) = match stored {
            Some(row) => {
                let holidays: BTreeMap<NaiveDate, HolidayName> =
                    serde_json::from_value(row.holidays).map_err(ApiError::internal)?;
                (holidays, row.working_weekend_days, true)
            }
            None => {
                let built_in = country.calendar_for_year(year);
                (
                    built_in.holidays.into_iter().collect(),
                    built_in.working_weekend_days.into_iter().collect(),
                    false,
                )
            }
        };
        Ok(Calendar {
            country: country.code().to_owned(),
            year,
            holidays: holidays
                .into_iter()
                .map(|(date, name)| Holiday {
                    date,
                    name: name.get(l).to_owned(),
                })
                .collect(),
            working_weekend_days: working,
            configured,
        })
    }
}

#[derive(InputObject)]
pub struct CodedInput {
    pub code: String,
    pub abbreviation: Option<String>,
    pub name_vi: String,
    #[graphql(default)]
    pub name_en: String,
    #[graphql(default)]
    pub name_lo: String,
    #[graphql(default = true)]
    pub active: bool,
}

#[derive(InputObject)]
pub struct ExternalAgencyInput {
    /// Omit to add a new agency; give to change one.
    pub id: Option<ID>,
    pub name: String,
    pub identifier_code: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    #[graphql(default = true)]
    pub active: bool,
}

#[derive(InputObject)]
pub struct RegisterInput {
    /// Omit to open a new register; give to change one.
    pub id: Option<ID>,
    pub kind: RegisterKindGql,
    pub owner_unit_id: ID,
    pub code: String,
    pub name: String,
    #[graphql(default)]
    pub document_types: Vec<String>,
    #[graphql(default_with = "ConfidentialityLevel::Normal")]
    pub max_confidentiality: ConfidentialityLevel,
    #[graphql(default = true)]
    pub active: bool,
}

#[derive(InputObject)]
pub struct HolidayInput {
    pub date: NaiveDate,
    pub name_vi: String,
    #[graphql(default)]
    pub name_en: String,
    #[graphql(default)]
    pub name_lo: String,
}

#[derive(InputObject)]
pub struct CalendarInput {
    pub country: CountryGql,
    pub year: i32,
    pub holidays: Vec<HolidayInput>,
    #[graphql(default)]
    pub working_weekend_days: Vec<NaiveDate>,
}

#[derive(Default)]
pub struct CatalogueMutation;

async fn run(
    ctx: &Context<'_>,
    g: &crate::auth::Guard,
    command: CatalogueCommand,
) -> Result<Written, ApiError> {
    let api = api(ctx)?;
    let outcome = api
        .commands
        .catalogue_command(&g.command(), command)
        .await?;
    api.written(outcome.position).await
}

#[Object]
impl CatalogueMutation {
    async fn define_document_type(
        &self,
        ctx: &Context<'_>,
        input: CodedInput,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageCatalogues).await?;
        let command = CatalogueCommand::DefineDocumentType {
            code: input.code,
            abbreviation: input.abbreviation,
            names: (input.name_vi, input.name_en, input.name_lo),
            active: input.active,
        };
        Ok(run(ctx, &g, command).await?)
    }

    async fn define_field(
        &self,
        ctx: &Context<'_>,
        input: CodedInput,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageCatalogues).await?;
        let command = CatalogueCommand::DefineField {
            code: input.code,
            names: (input.name_vi, input.name_en, input.name_lo),
            active: input.active,
        };
        Ok(run(ctx, &g, command).await?)
    }

    async fn record_external_agency(
        &self,
        ctx: &Context<'_>,
        input: ExternalAgencyInput,
    ) -> async_graphql::Result<crate::organisation::Created> {
        let g = guard(ctx, &Action::ManageCatalogues).await?;
        let id = match &input.id {
            Some(id) => parse_id(id, "id")?,
            None => Uuid::now_v7(),
        };
        let command = CatalogueCommand::RecordExternalAgency {
            agency_id: ExternalAgencyId(id),
            name: input.name,
            identifier_code: input.identifier_code,
            address: input.address,
            email: input.email,
            active: input.active,
        };
        let written = run(ctx, &g, command).await?;
        Ok(crate::organisation::Created {
            id: ID(id.to_string()),
            written,
        })
    }

    /// Opens a register (or changes one: its kind and owner never change).
    async fn define_register(
        &self,
        ctx: &Context<'_>,
        input: RegisterInput,
    ) -> async_graphql::Result<crate::organisation::Created> {
        let g = guard(ctx, &Action::ManageCatalogues).await?;
        let id = match &input.id {
            Some(id) => parse_id(id, "id")?,
            None => Uuid::now_v7(),
        };
        let command = CatalogueCommand::DefineRegister {
            register_id: RegisterId(id),
            kind: input.kind.into(),
            owner_unit_id: UnitId(parse_id(&input.owner_unit_id, "ownerUnitId")?),
            code: input.code,
            name: input.name,
            document_types: input.document_types.into_iter().collect::<BTreeSet<_>>(),
            max_confidentiality: Confidentiality::from(input.max_confidentiality),
            active: input.active,
        };
        let written = run(ctx, &g, command).await?;
        Ok(crate::organisation::Created {
            id: ID(id.to_string()),
            written,
        })
    }

    /// Sets a country's working calendar for a year (public holidays, working weekend days).
    async fn set_calendar(
        &self,
        ctx: &Context<'_>,
        input: CalendarInput,
    ) -> async_graphql::Result<Written> {
        let g = guard(ctx, &Action::ManageCatalogues).await?;
        if input.holidays.len() > 100 || input.working_weekend_days.len() > 60 {
            return Err(
                ApiError::invalid("holidays", "TOO_MANY", "too many dates for one year").into(),
            );
        }
        let command = CatalogueCommand::SetCalendar {
            country: input.country.into(),
            year: input.year,
            holidays: input
                .holidays
                .into_iter()
                .map(|h| (h.date, HolidayName::new(h.name_vi, h.name_en, h.name_lo)))
                .collect(),
            working_weekend_days: input.working_weekend_days.into_iter().collect(),
        };
        Ok(run(ctx, &g, command).await?)
    }
}
