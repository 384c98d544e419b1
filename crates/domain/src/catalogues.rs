//! Catalogues an administrator keeps: document types (with their Decree 30 abbreviations),
//! fields (lĩnh vực), the directory of external agencies, registers (sổ) with their number
//! series, and each country's working calendar. One stream, [`STREAM`].
//!
//! Urgency and confidentiality levels are fixed by law and live in [`crate::reference`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{Country, HolidayName};
use crate::error::{DomainError, DomainResult};
use crate::events::DomainEvent;
use crate::ids::{ExternalAgencyId, RegisterId, UnitId};
use crate::organisation::{Names, Organisation};
use crate::reference::Confidentiality;
use crate::text::{self, TextRule};

/// The stream holding every catalogue event.
pub const STREAM: &str = "catalogues";

/// A document type was defined or redefined (same code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentTypeDefined {
    pub code: String,
    /// Appendix III abbreviation (`QĐ`, `TB`…); none for a công văn.
    pub abbreviation: Option<String>,
    pub names: Names,
    pub active: bool,
}

impl DomainEvent for DocumentTypeDefined {
    const EVENT_TYPE: &'static str = "catalogue.document-type-defined";
    const SCHEMA_VERSION: u32 = 1;
}

/// A field (lĩnh vực) was defined or redefined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDefined {
    pub code: String,
    pub names: Names,
    pub active: bool,
}

impl DomainEvent for FieldDefined {
    const EVENT_TYPE: &'static str = "catalogue.field-defined";
    const SCHEMA_VERSION: u32 = 1;
}

/// An external agency was entered in the directory, or its entry changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalAgencyRecorded {
    pub agency_id: ExternalAgencyId,
    pub name: String,
    /// National identifier code (QCVN 102), e.g. `000.00.00.G09`.
    pub identifier_code: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub active: bool,
}

impl DomainEvent for ExternalAgencyRecorded {
    const EVENT_TYPE: &'static str = "catalogue.external-agency-recorded";
    const SCHEMA_VERSION: u32 = 1;
}

/// Which documents a register keeps.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    Incoming,
    Outgoing,
    Internal,
}

/// A register was opened, or its settings changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterDefined {
    pub register_id: RegisterId,
    pub kind: RegisterKind,
    /// The agency or unit whose clerks keep it.
    pub owner_unit_id: UnitId,
    pub code: String,
    pub name: String,
    /// Document type codes it takes; empty: every type.
    pub document_types: BTreeSet<String>,
    /// Highest confidentiality it takes (secret documents go in their own register).
    pub max_confidentiality: Confidentiality,
    pub active: bool,
}

impl RegisterDefined {
    /// Whether the register takes a document: of its kind, of a type it takes (every type when
    /// it names none), no more confidential than its limit. The one rule for registering an
    /// incoming document, numbering an outgoing one, and correcting the metadata of a
    /// document already in the register.
    pub fn takes(
        &self,
        kind: RegisterKind,
        document_type: &str,
        confidentiality: Confidentiality,
    ) -> DomainResult<()> {
        if !self.active {
            return Err(DomainError::validation(
                "registerId",
                "NO_SUCH_REGISTER",
                "the register is closed",
            ));
        }
        if self.kind != kind {
            let code = match kind {
                RegisterKind::Outgoing => "NOT_AN_OUTGOING_REGISTER",
                RegisterKind::Incoming | RegisterKind::Internal => "NOT_AN_INCOMING_REGISTER",
            };
            return Err(DomainError::validation(
                "registerId",
                code,
                "the register is of another kind",
            ));
        }
        if !self.document_types.is_empty() && !self.document_types.contains(document_type) {
            return Err(DomainError::validation(
                "registerId",
                "TYPE_NOT_IN_REGISTER",
                "the register does not take documents of this type",
            ));
        }
        if !self.max_confidentiality.clears(confidentiality) {
            return Err(DomainError::validation(
                "registerId",
                "TOO_CONFIDENTIAL_FOR_REGISTER",
                "the register does not take documents this confidential",
            ));
        }
        Ok(())
    }
}

impl DomainEvent for RegisterDefined {
    const EVENT_TYPE: &'static str = "catalogue.register-defined";
    const SCHEMA_VERSION: u32 = 1;
}

/// A country's working calendar for a year was set (replacing any earlier one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarSet {
    pub country: Country,
    pub year: i32,
    pub holidays: BTreeMap<NaiveDate, HolidayName>,
    /// Weekend days declared working days (to compensate a bridge holiday).
    pub working_weekend_days: BTreeSet<NaiveDate>,
}

impl DomainEvent for CalendarSet {
    const EVENT_TYPE: &'static str = "catalogue.calendar-set";
    const SCHEMA_VERSION: u32 = 1;
}

/// Every catalogue event.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogueEvent {
    DocumentTypeDefined(DocumentTypeDefined),
    FieldDefined(FieldDefined),
    ExternalAgencyRecorded(ExternalAgencyRecorded),
    RegisterDefined(RegisterDefined),
    CalendarSet(CalendarSet),
}

/// The catalogues as the deciders see them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogues {
    pub document_types: BTreeMap<String, DocumentTypeDefined>,
    pub fields: BTreeMap<String, FieldDefined>,
    pub external_agencies: BTreeMap<ExternalAgencyId, ExternalAgencyRecorded>,
    pub registers: BTreeMap<RegisterId, RegisterDefined>,
    pub calendars: BTreeMap<(Country, i32), CalendarSet>,
}

/// A change to the catalogues.
#[derive(Debug, Clone)]
pub enum CatalogueCommand {
    DefineDocumentType {
        code: String,
        abbreviation: Option<String>,
        names: (String, String, String),
        active: bool,
    },
    DefineField {
        code: String,
        names: (String, String, String),
        active: bool,
    },
    RecordExternalAgency {
        agency_id: ExternalAgencyId,
        name: String,
        identifier_code: Option<String>,
        address: Option<String>,
        email: Option<String>,
        active: bool,
    },
    DefineRegister {
        register_id: RegisterId,
        kind: RegisterKind,
        owner_unit_id: UnitId,
        code: String,
        name: String,
        document_types: BTreeSet<String>,
        max_confidentiality: Confidentiality,
        active: bool,
    },
    SetCalendar {
        country: Country,
        year: i32,
        holidays: BTreeMap<NaiveDate, HolidayName>,
        working_weekend_days: BTreeSet<NaiveDate>,
    },
}

impl Catalogues {
    pub fn evolve(&mut self, event: &CatalogueEvent) {
        match event {
            CatalogueEvent::DocumentTypeDefined(e) => {
                self.document_types.insert(e.code.clone(), e.clone());
            }
            CatalogueEvent::FieldDefined(e) => {
                self.fields.insert(e.code.clone(), e.clone());
            }
            CatalogueEvent::ExternalAgencyRecorded(e) => {
                self.external_agencies.insert(e.agency_id, e.clone());
            }
            CatalogueEvent::RegisterDefined(e) => {
                self.registers.insert(e.register_id, e.clone());
            }
            CatalogueEvent::CalendarSet(e) => {
                self.calendars.insert((e.country, e.year), e.clone());
            }
        }
    }

    /// Decides a command against the catalogues and the organisation (registers belong to
    /// units).
    pub fn decide(
        &self,
        organisation: &Organisation,
        command: CatalogueCommand,
    ) -> DomainResult<Vec<CatalogueEvent>> {
        let events = match command {
            CatalogueCommand::DefineDocumentType {
                code,
                abbreviation,
                names,
                active,
            } => {
                let code = text::code("code", &code, 64)?;
                let abbreviation =
                    TextRule::line("abbreviation", 10).clean_opt(abbreviation.as_deref())?;
                if let Some(a) = &abbreviation
                    && self.document_types.values().any(|t| {
                        t.code != code
                            && t.active
                            && t.abbreviation.as_deref().map(str::to_lowercase)
                                == Some(a.to_lowercase())
                    })
                {
                    return Err(DomainError::conflict_on(
                        "abbreviation",
                        "DUPLICATE_ABBREVIATION",
                        format!("another document type uses {a}"),
                    ));
                }
                let event = DocumentTypeDefined {
                    code,
                    abbreviation,
                    names: Names::clean("names", &names.0, &names.1, &names.2)?,
                    active,
                };
                if self.document_types.get(&event.code) == Some(&event) {
                    vec![]
                } else {
                    vec![CatalogueEvent::DocumentTypeDefined(event)]
                }
            }
            CatalogueCommand::DefineField {
                code,
                names,
                active,
            } => {
                let event = FieldDefined {
                    code: text::code("code", &code, 64)?,
                    names: Names::clean("names", &names.0, &names.1, &names.2)?,
                    active,
                };
                if self.fields.get(&event.code) == Some(&event) {
                    vec![]
                } else {
                    vec![CatalogueEvent::FieldDefined(event)]
                }
            }
            CatalogueCommand::RecordExternalAgency {
                agency_id,
                name,
                identifier_code,
                address,
                email,
                active,
            } => {
                let name = TextRule::line("name", 300).clean(&name)?;
                let identifier_code =
                    TextRule::line("identifierCode", 30).clean_opt(identifier_code.as_deref())?;
                if let Some(ic) = &identifier_code
                    && self.external_agencies.values().any(|a| {
                        a.agency_id != agency_id
                            && a.active
                            && a.identifier_code.as_deref() == Some(ic.as_str())
                    })
                {
                    return Err(DomainError::conflict_on(
                        "identifierCode",
                        "DUPLICATE_IDENTIFIER_CODE",
                        format!("another agency has identifier code {ic}"),
                    ));
                }
                let address = TextRule::line("address", 500).clean_opt(address.as_deref())?;
                let email = match email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                    Some(e) => Some(text::email("email", e)?),
                    None => None,
                };
                let event = ExternalAgencyRecorded {
                    agency_id,
                    name,
                    identifier_code,
                    address,
                    email,
                    active,
                };
                if self.external_agencies.get(&agency_id) == Some(&event) {
                    vec![]
                } else {
                    vec![CatalogueEvent::ExternalAgencyRecorded(event)]
                }
            }
            CatalogueCommand::DefineRegister {
                register_id,
                kind,
                owner_unit_id,
                code,
                name,
                document_types,
                max_confidentiality,
                active,
            } => {
                // A register of a dissolved unit can still be closed (or corrected).
                if !self.registers.contains_key(&register_id) || active {
                    organisation.active_unit(owner_unit_id, "ownerUnitId")?;
                }
                if let Some(existing) = self.registers.get(&register_id)
                    && (existing.kind != kind || existing.owner_unit_id != owner_unit_id)
                {
                    return Err(DomainError::conflict(
                        "REGISTER_IMMUTABLE",
                        "a register's kind and owner never change; open a new register",
                    ));
                }
                let code = text::code("code", &code, 64)?;
                if self.registers.values().any(|r| {
                    r.register_id != register_id
                        && r.owner_unit_id == owner_unit_id
                        && r.code.eq_ignore_ascii_case(&code)
                }) {
                    return Err(DomainError::conflict_on(
                        "code",
                        "DUPLICATE_CODE",
                        format!("the unit already has a register with code {code}"),
                    ));
                }
                for t in &document_types {
                    if !self.document_types.get(t).is_some_and(|d| d.active) {
                        return Err(DomainError::not_found(
                            "documentTypes",
                            format!("no document type {t}"),
                        ));
                    }
                }
                let event = RegisterDefined {
                    register_id,
                    kind,
                    owner_unit_id,
                    code,
                    name: TextRule::line("name", 300).clean(&name)?,
                    document_types,
                    max_confidentiality,
                    active,
                };
                if self.registers.get(&register_id) == Some(&event) {
                    vec![]
                } else {
                    vec![CatalogueEvent::RegisterDefined(event)]
                }
            }
            CatalogueCommand::SetCalendar {
                country,
                year,
                holidays,
                working_weekend_days,
            } => {
                if !(2000..=2100).contains(&year) {
                    return Err(DomainError::validation(
                        "year",
                        "OUT_OF_RANGE",
                        "the year must be between 2000 and 2100",
                    ));
                }
                use chrono::Datelike as _;
                let wrong_year = |field| {
                    DomainError::validation(
                        field,
                        "WRONG_YEAR",
                        "every date must fall in the calendar's year",
                    )
                };
                if holidays.keys().any(|d| d.year() != year) {
                    return Err(wrong_year("holidays"));
                }
                if working_weekend_days.iter().any(|d| d.year() != year) {
                    return Err(wrong_year("workingWeekendDays"));
                }
                let rule = TextRule::line("holidays", 200);
                let mut cleaned = BTreeMap::new();
                for (date, name) in holidays {
                    cleaned.insert(
                        date,
                        HolidayName {
                            vi: rule.clean(&name.vi)?,
                            en: rule.optional().clean(&name.en)?,
                            lo: rule.optional().clean(&name.lo)?,
                        },
                    );
                }
                let event = CalendarSet {
                    country,
                    year,
                    holidays: cleaned,
                    working_weekend_days,
                };
                if self.calendars.get(&(country, year)) == Some(&event) {
                    vec![]
                } else {
                    vec![CatalogueEvent::CalendarSet(event)]
                }
            }
        };
        Ok(events)
    }
}
