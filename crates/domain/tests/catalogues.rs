//! The catalogue decider: document types, fields, external agencies, registers and working
//! calendars, given the catalogue events and an organisation, when a command, then the
//! events or the refusal (kind, code, field).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::collections::{BTreeMap, BTreeSet};

use chancery_domain::ErrorKind::{Conflict, NotFound, Validation};
use chancery_domain::calendar::{Country, HolidayName};
use chancery_domain::catalogues::{
    CalendarSet, CatalogueCommand, CatalogueEvent, DocumentTypeDefined, RegisterDefined,
    RegisterKind,
};
use chancery_domain::ids::ExternalAgencyId;
use chancery_domain::organisation::{Names, Organisation, UnitKind};
use chancery_domain::reference::Confidentiality;
use chrono::NaiveDate;
use support::*;
use uuid::Uuid;

const R: u128 = 1;
const A: u128 = 2;
const B: u128 = 3;
const GONE: u128 = 4;

/// A ministry (R) with its office (A), its personnel department (B) and a dissolved unit.
fn org() -> Organisation {
    organisation([
        agency_created(unit(R), "BNV", "BNV"),
        unit_created(unit(A), unit(R), UnitKind::Unit, "VP", "VP"),
        unit_created(unit(B), unit(R), UnitKind::Unit, "TCCB", "TCCB"),
        unit_created(unit(GONE), unit(R), UnitKind::Unit, "CU", "CU"),
        unit_dissolved(unit(GONE)),
    ])
}

fn names(vi: &str) -> (String, String, String) {
    (vi.to_owned(), String::new(), String::new())
}

fn define_type(code: &str, abbreviation: Option<&str>, active: bool) -> CatalogueCommand {
    CatalogueCommand::DefineDocumentType {
        code: code.to_owned(),
        abbreviation: abbreviation.map(str::to_owned),
        names: names("Quyết định"),
        active,
    }
}

fn type_defined(code: &str, abbreviation: Option<&str>, active: bool) -> CatalogueEvent {
    CatalogueEvent::DocumentTypeDefined(DocumentTypeDefined {
        code: code.to_owned(),
        abbreviation: abbreviation.map(str::to_owned),
        names: Names {
            vi: "Quyết định".to_owned(),
            en: "Quyết định".to_owned(),
            lo: "Quyết định".to_owned(),
        },
        active,
    })
}

fn define_register(id: u128, kind: RegisterKind, owner: u128, code: &str) -> CatalogueCommand {
    let name = "Sổ văn bản đến";
    register_command(
        id,
        kind,
        owner,
        code,
        name,
        &[],
        Confidentiality::Normal,
        true,
    )
}

#[allow(clippy::too_many_arguments)] // the command's own fields
fn register_command(
    id: u128,
    kind: RegisterKind,
    owner: u128,
    code: &str,
    name: &str,
    document_types: &[&str],
    max_confidentiality: Confidentiality,
    active: bool,
) -> CatalogueCommand {
    CatalogueCommand::DefineRegister {
        register_id: register(id),
        kind,
        owner_unit_id: unit(owner),
        code: code.to_owned(),
        name: name.to_owned(),
        document_types: document_types.iter().map(|t| (*t).to_owned()).collect(),
        max_confidentiality,
        active,
    }
}

fn register_defined(id: u128, kind: RegisterKind, owner: u128, code: &str) -> CatalogueEvent {
    CatalogueEvent::RegisterDefined(RegisterDefined {
        register_id: register(id),
        kind,
        owner_unit_id: unit(owner),
        code: code.to_owned(),
        name: "Sổ văn bản đến".to_owned(),
        document_types: BTreeSet::new(),
        max_confidentiality: Confidentiality::Normal,
        active: true,
    })
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn calendar(
    year: i32,
    holidays: &[(NaiveDate, &str)],
    working_weekend_days: &[NaiveDate],
) -> CatalogueCommand {
    CatalogueCommand::SetCalendar {
        country: Country::Vietnam,
        year,
        holidays: holidays
            .iter()
            .map(|(date, vi)| (*date, HolidayName::new(*vi, "", "")))
            .collect(),
        working_weekend_days: working_weekend_days.iter().copied().collect(),
    }
}

// ---------------------------------------------------------------------------------------
// Document types and fields
// ---------------------------------------------------------------------------------------

#[test]
fn a_document_type_is_defined() {
    given_catalogues(org(), [])
        .when(CatalogueCommand::DefineDocumentType {
            code: " quyet-dinh ".to_owned(),
            abbreviation: Some(" QĐ ".to_owned()),
            names: names(" Quyết định "),
            active: true,
        })
        .then_events(&[type_defined("quyet-dinh", Some("QĐ"), true)]);
}

#[test]
fn redefining_a_document_type_identically_yields_no_events() {
    given_catalogues(org(), [type_defined("quyet-dinh", Some("QĐ"), true)])
        .when(define_type("quyet-dinh", Some("QĐ"), true))
        .then_no_events();
}

#[test]
fn an_abbreviation_is_used_by_one_active_document_type() {
    let given = given_catalogues(org(), [type_defined("quyet-dinh", Some("QĐ"), true)]);
    given
        .when(define_type("quyet-dinh-2", Some("QĐ"), true))
        .then_refused(Conflict, "DUPLICATE_ABBREVIATION", Some("abbreviation"));
    // The type itself keeps it when redefined.
    given
        .when(define_type("quyet-dinh", Some("QĐ"), false))
        .accepted();
    // Another abbreviation, or none (công văn), is fine.
    given
        .when(define_type("thong-bao", Some("TB"), true))
        .accepted();
    given.when(define_type("cong-van", None, true)).accepted();
    given
        .when(define_type("cong-van", Some(" "), true))
        .accepted();
}

#[test]
fn an_inactive_document_types_abbreviation_is_free() {
    let given = given_catalogues(org(), [type_defined("quyet-dinh", Some("QĐ"), false)]);
    let given = given
        .when(define_type("quyet-dinh-moi", Some("QĐ"), true))
        .accepted();
    // But the old type cannot come back with it while the new one is active.
    given
        .when(define_type("quyet-dinh", Some("QĐ"), true))
        .then_refused(Conflict, "DUPLICATE_ABBREVIATION", Some("abbreviation"));
}

#[test]
fn a_document_type_is_checked() {
    let given = given_catalogues(org(), []);
    given
        .when(define_type("quyết định", Some("QĐ"), true))
        .then_refused(Validation, "INVALID_CODE", Some("code"));
    given
        .when(define_type("qd", Some("QĐQĐQĐQĐQĐQ"), true))
        .then_refused(Validation, "TOO_LONG", Some("abbreviation"));
    given
        .when(CatalogueCommand::DefineDocumentType {
            code: "qd".to_owned(),
            abbreviation: None,
            names: names(""),
            active: true,
        })
        .then_refused(Validation, "REQUIRED", Some("names"));
}

#[test]
fn a_field_is_defined_once() {
    let given = given_catalogues(org(), []).after(CatalogueCommand::DefineField {
        code: "noi-vu".to_owned(),
        names: names("Nội vụ"),
        active: true,
    });
    given
        .when(CatalogueCommand::DefineField {
            code: "noi-vu".to_owned(),
            names: names("Nội vụ"),
            active: true,
        })
        .then_no_events();
    given
        .when(CatalogueCommand::DefineField {
            code: "noi vu".to_owned(),
            names: names("Nội vụ"),
            active: true,
        })
        .then_refused(Validation, "INVALID_CODE", Some("code"));
}

// ---------------------------------------------------------------------------------------
// External agencies
// ---------------------------------------------------------------------------------------

fn record_agency(n: u128, identifier_code: Option<&str>, email: Option<&str>) -> CatalogueCommand {
    CatalogueCommand::RecordExternalAgency {
        agency_id: ExternalAgencyId(Uuid::from_u128(0x6000 + n)),
        name: "Ủy ban nhân dân tỉnh Đắk Lắk".to_owned(),
        identifier_code: identifier_code.map(str::to_owned),
        address: None,
        email: email.map(str::to_owned),
        active: true,
    }
}

#[test]
fn an_external_agency_identifier_code_is_unique_among_active_entries() {
    let given = given_catalogues(org(), []).after(record_agency(1, Some("000.00.00.H15"), None));
    given
        .when(record_agency(2, Some("000.00.00.H15"), None))
        .then_refused(
            Conflict,
            "DUPLICATE_IDENTIFIER_CODE",
            Some("identifierCode"),
        );
    given
        .when(record_agency(1, Some("000.00.00.H15"), None))
        .then_no_events();
    given
        .when(record_agency(2, None, Some("not-an-address")))
        .then_refused(Validation, "INVALID_EMAIL", Some("email"));
}

// ---------------------------------------------------------------------------------------
// Registers
// ---------------------------------------------------------------------------------------

#[test]
fn a_register_is_opened() {
    given_catalogues(org(), [])
        .when(define_register(1, RegisterKind::Incoming, A, " VBD "))
        .then_events(&[register_defined(1, RegisterKind::Incoming, A, "VBD")]);
}

#[test]
fn a_register_for_an_unknown_or_dissolved_unit_is_not_found() {
    for owner in [99, GONE] {
        given_catalogues(org(), [])
            .when(define_register(1, RegisterKind::Incoming, owner, "VBD"))
            .then_refused(NotFound, "NOT_FOUND", Some("ownerUnitId"));
    }
}

#[test]
fn a_registers_kind_and_owner_never_change() {
    let given = given_catalogues(
        org(),
        [register_defined(1, RegisterKind::Incoming, A, "VBD")],
    );
    given
        .when(define_register(1, RegisterKind::Outgoing, A, "VBD"))
        .then_refused(Conflict, "REGISTER_IMMUTABLE", None);
    given
        .when(define_register(1, RegisterKind::Incoming, B, "VBD"))
        .then_refused(Conflict, "REGISTER_IMMUTABLE", None);
    // Its other settings do.
    given
        .when(register_command(
            1,
            RegisterKind::Incoming,
            A,
            "VBD",
            "Sổ văn bản đến 2026",
            &[],
            Confidentiality::Confidential,
            false,
        ))
        .accepted();
}

#[test]
fn redefining_a_register_identically_yields_no_events() {
    given_catalogues(
        org(),
        [register_defined(1, RegisterKind::Incoming, A, "VBD")],
    )
    .when(define_register(1, RegisterKind::Incoming, A, "VBD"))
    .then_no_events();
}

#[test]
fn a_register_code_is_unique_within_its_unit_ignoring_case() {
    let given = given_catalogues(
        org(),
        [register_defined(1, RegisterKind::Incoming, A, "VBD")],
    );
    given
        .when(define_register(2, RegisterKind::Outgoing, A, "vbd"))
        .then_refused(Conflict, "DUPLICATE_CODE", Some("code"));
    given
        .when(define_register(2, RegisterKind::Incoming, B, "VBD"))
        .accepted();
}

#[test]
fn a_register_takes_known_document_types() {
    let given = given_catalogues(org(), [type_defined("quyet-dinh", Some("QĐ"), true)]);
    given
        .when(register_command(
            1,
            RegisterKind::Outgoing,
            A,
            "VBDI",
            "Sổ văn bản đi",
            &["quyet-dinh", "nghi-quyet"],
            Confidentiality::Normal,
            true,
        ))
        .then_refused(NotFound, "NOT_FOUND", Some("documentTypes"));
    given
        .when(register_command(
            1,
            RegisterKind::Outgoing,
            A,
            "VBDI",
            "Sổ văn bản đi",
            &["quyet-dinh"],
            Confidentiality::Normal,
            true,
        ))
        .accepted();
}

#[test]
fn a_register_is_checked() {
    let given = given_catalogues(org(), []);
    given
        .when(define_register(1, RegisterKind::Incoming, A, "sổ đến"))
        .then_refused(Validation, "INVALID_CODE", Some("code"));
    given
        .when(register_command(
            1,
            RegisterKind::Incoming,
            A,
            "VBD",
            "  ",
            &[],
            Confidentiality::Normal,
            true,
        ))
        .then_refused(Validation, "REQUIRED", Some("name"));
}

// ---------------------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------------------

#[test]
fn a_calendar_is_set() {
    given_catalogues(org(), [])
        .when(calendar(
            2026,
            &[(day(2026, 9, 2), " Quốc khánh ")],
            &[day(2026, 1, 3)],
        ))
        .then_events(&[CatalogueEvent::CalendarSet(CalendarSet {
            country: Country::Vietnam,
            year: 2026,
            holidays: BTreeMap::from([(day(2026, 9, 2), HolidayName::new("Quốc khánh", "", ""))]),
            working_weekend_days: BTreeSet::from([day(2026, 1, 3)]),
        })]);
}

#[test]
fn setting_the_same_calendar_again_yields_no_events() {
    given_catalogues(org(), [])
        .after(calendar(2026, &[(day(2026, 9, 2), "Quốc khánh")], &[]))
        .when(calendar(2026, &[(day(2026, 9, 2), "Quốc khánh")], &[]))
        .then_no_events();
}

#[test]
fn a_holiday_outside_the_calendars_year_is_refused() {
    for date in [day(2025, 12, 31), day(2027, 1, 1)] {
        given_catalogues(org(), [])
            .when(calendar(
                2026,
                &[(day(2026, 9, 2), "Quốc khánh"), (date, "Tết")],
                &[],
            ))
            .then_refused(Validation, "WRONG_YEAR", Some("holidays"));
    }
}

#[test]
fn a_working_weekend_day_outside_the_calendars_year_is_refused() {
    given_catalogues(org(), [])
        .when(calendar(
            2026,
            &[(day(2026, 9, 2), "Quốc khánh")],
            &[day(2025, 12, 27)],
        ))
        .then_refused(Validation, "WRONG_YEAR", Some("workingWeekendDays"));
}

#[test]
fn a_calendar_year_is_between_2000_and_2100() {
    for year in [1999, 2101, 0, -2026] {
        given_catalogues(org(), [])
            .when(calendar(year, &[], &[]))
            .then_refused(Validation, "OUT_OF_RANGE", Some("year"));
    }
    for year in [2000, 2100] {
        given_catalogues(org(), [])
            .when(calendar(year, &[], &[]))
            .accepted();
    }
}

#[test]
fn a_holiday_needs_a_vietnamese_name() {
    given_catalogues(org(), [])
        .when(calendar(2026, &[(day(2026, 9, 2), " ")], &[]))
        .then_refused(Validation, "REQUIRED", Some("holidays"));
}

#[test]
fn a_register_takes_documents_of_its_kind_types_and_confidentiality_only() {
    // Given an incoming register of A taking official letters up to Confidential,
    let register = RegisterDefined {
        register_id: chancery_domain::ids::RegisterId(Uuid::from_u128(77)),
        kind: RegisterKind::Incoming,
        owner_unit_id: unit(A),
        code: "VBD".into(),
        name: "Sổ văn bản đến".into(),
        document_types: BTreeSet::from(["cong_van".to_owned()]),
        max_confidentiality: Confidentiality::Confidential,
        active: true,
    };
    let takes = |kind, t: &str, level| register.takes(kind, t, level).map_err(|e| e.code);
    // then it takes them, up to its limit,
    assert_eq!(
        takes(RegisterKind::Incoming, "cong_van", Confidentiality::Normal),
        Ok(())
    );
    assert_eq!(
        takes(
            RegisterKind::Incoming,
            "cong_van",
            Confidentiality::Confidential
        ),
        Ok(())
    );
    // and refuses the more confidential, another type, another kind, once closed.
    assert_eq!(
        takes(RegisterKind::Incoming, "cong_van", Confidentiality::Secret),
        Err("TOO_CONFIDENTIAL_FOR_REGISTER")
    );
    assert_eq!(
        takes(
            RegisterKind::Incoming,
            "quyet_dinh",
            Confidentiality::Normal
        ),
        Err("TYPE_NOT_IN_REGISTER")
    );
    assert_eq!(
        takes(RegisterKind::Outgoing, "cong_van", Confidentiality::Normal),
        Err("NOT_AN_OUTGOING_REGISTER")
    );
    let closed = RegisterDefined {
        active: false,
        ..register.clone()
    };
    assert_eq!(
        closed
            .takes(RegisterKind::Incoming, "cong_van", Confidentiality::Normal)
            .map_err(|e| e.code),
        Err("NO_SUCH_REGISTER")
    );
}
