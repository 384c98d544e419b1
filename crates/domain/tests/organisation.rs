//! The organisation decider: units, roles, people, positions and delegations, given events,
//! when a command, then the events or the refusal (kind, code, field).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use std::collections::BTreeSet;

use chancery_domain::ErrorKind::{Conflict, NotFound, Validation};
use chancery_domain::organisation::{
    Delegation, DelegationGranted, DelegationRevoked, DelegationScope, Names, OrgCommand, OrgEvent,
    Organisation, Permission, PersonRegistered, PositionAssigned, PositionEnded, RoleDefined,
    SigningAuthority, UnitCreated, UnitDissolved, UnitKind, UnitMoved, UnitUpdated,
};
use chancery_domain::reference::Confidentiality;
use chrono::{DateTime, Utc};
use support::*;

// The tree: the ministry (R) with its office (A), the office's administration department
// (A1) and its archive section (A1a, a grandchild of A), and the personnel department (B).
const R: u128 = 1;
const A: u128 = 2;
const A1: u128 = 3;
const A1A: u128 = 4;
const B: u128 = 5;

fn tree() -> Vec<OrgEvent> {
    vec![
        agency_created(unit(R), "BNV", "BNV"),
        unit_created(unit(A), unit(R), UnitKind::Unit, "VP", "VP"),
        unit_created(unit(A1), unit(A), UnitKind::Department, "VP.HC", "HC"),
        unit_created(unit(A1A), unit(A1), UnitKind::Department, "VP.HC.LT", "LT"),
        unit_created(unit(B), unit(R), UnitKind::Unit, "TCCB", "TCCB"),
    ]
}

/// The tree, four roles and three people (no positions yet).
fn staffed() -> Vec<OrgEvent> {
    let mut events = tree();
    events.extend([
        role_defined(
            "clerk",
            &[Permission::KeepRegisters, Permission::HandleDocuments],
            false,
        ),
        role_defined(
            "leader",
            &[Permission::DirectUnitDocuments, Permission::SignDocuments],
            false,
        ),
        role_defined("secretary", &[Permission::AssistLeader], true),
        role_defined("specialist", &[Permission::HandleDocuments], false),
        person_registered(person(1), "lan", Confidentiality::Normal),
        person_registered(person(2), "minh", Confidentiality::Normal),
        person_registered(person(3), "hoa", Confidentiality::Normal),
    ]);
    events
}

fn create(
    id: u128,
    parent: Option<u128>,
    kind: UnitKind,
    code: &str,
    abbreviation: &str,
) -> OrgCommand {
    OrgCommand::CreateUnit {
        unit_id: unit(id),
        parent_id: parent.map(unit),
        kind,
        code: code.to_owned(),
        abbreviation: abbreviation.to_owned(),
        name: "Phòng Tổng hợp".to_owned(),
        identifier_code: None,
        country: None,
    }
}

fn create_named(id: u128, parent: u128, name: &str) -> OrgCommand {
    OrgCommand::CreateUnit {
        unit_id: unit(id),
        parent_id: Some(unit(parent)),
        kind: UnitKind::Department,
        code: "VP.TH".to_owned(),
        abbreviation: "TH".to_owned(),
        name: name.to_owned(),
        identifier_code: None,
        country: None,
    }
}

fn create_agency(id: u128, code: &str, identifier_code: Option<&str>) -> OrgCommand {
    OrgCommand::CreateUnit {
        unit_id: unit(id),
        parent_id: None,
        kind: UnitKind::Agency,
        code: code.to_owned(),
        abbreviation: code.to_owned(),
        name: "Bộ Tài chính".to_owned(),
        identifier_code: identifier_code.map(str::to_owned),
        country: None,
    }
}

fn move_unit(id: u128, parent: u128) -> OrgCommand {
    OrgCommand::MoveUnit {
        unit_id: unit(id),
        parent_id: unit(parent),
    }
}

fn dissolve(id: u128) -> OrgCommand {
    OrgCommand::DissolveUnit { unit_id: unit(id) }
}

fn assign(pos: u128, who: u128, in_unit: u128, role: &str) -> OrgCommand {
    OrgCommand::AssignPosition {
        position_id: position(pos),
        person_id: person(who),
        unit_id: unit(in_unit),
        role: role.to_owned(),
        title: None,
        serves: None,
    }
}

fn assign_serving(pos: u128, who: u128, in_unit: u128, role: &str, serves: u128) -> OrgCommand {
    OrgCommand::AssignPosition {
        position_id: position(pos),
        person_id: person(who),
        unit_id: unit(in_unit),
        role: role.to_owned(),
        title: None,
        serves: Some(position(serves)),
    }
}

/// `command` (a CreateUnit or an UpdateUnit) with an identifier code.
fn with_identifier_code(mut command: OrgCommand, value: &str) -> OrgCommand {
    match &mut command {
        OrgCommand::CreateUnit {
            identifier_code,
            country: None,
            ..
        }
        | OrgCommand::UpdateUnit {
            identifier_code, ..
        } => *identifier_code = Some(value.to_owned()),
        other => panic!("no identifier code in {other:?}"),
    }
    command
}

fn register_person(id: u128, username: &str) -> OrgCommand {
    OrgCommand::RegisterPerson {
        person_id: person(id),
        username: username.to_owned(),
        full_name: "Trần Thị Thu Hương".to_owned(),
        email: None,
        phone: None,
        clearance: Confidentiality::Normal,
    }
}

fn register_with_contact(email: Option<&str>, phone: Option<&str>) -> OrgCommand {
    OrgCommand::RegisterPerson {
        person_id: person(9),
        username: "huong".to_owned(),
        full_name: "Trần Thị Thu Hương".to_owned(),
        email: email.map(str::to_owned),
        phone: phone.map(str::to_owned),
        clearance: Confidentiality::Normal,
    }
}

fn define_role(code: &str, permissions: &[Permission], serves_leader: bool) -> OrgCommand {
    OrgCommand::DefineRole {
        code: code.to_owned(),
        names: (
            "Chuyên viên".to_owned(),
            "Specialist".to_owned(),
            String::new(),
        ),
        permissions: permissions.iter().copied().collect(),
        serves_leader,
    }
}

fn grant(id: u128, of: u128, to: u128) -> OrgCommand {
    grant_until(id, of, to, at(17, 0, 0), None)
}

/// A delegation of the whole position from 08:00 until `ends_at`, signing KT.
fn grant_until(
    id: u128,
    of: u128,
    to: u128,
    ends_at: DateTime<Utc>,
    note: Option<&str>,
) -> OrgCommand {
    OrgCommand::GrantDelegation {
        delegation_id: delegation(id),
        position_id: position(of),
        delegate_id: person(to),
        scope: DelegationScope::Position,
        authority: SigningAuthority::Kt,
        starts_at: at(8, 0, 0),
        ends_at,
        note: note.map(str::to_owned),
    }
}

/// `count` characters of Vietnamese text (several bytes each), without a space at either end.
fn vietnamese(count: usize) -> String {
    let mut text: String = "Phòng Tổ chức cán bộ và Đào tạo bồi dưỡng "
        .chars()
        .cycle()
        .take(count - 1)
        .collect();
    text.push('ộ');
    assert_eq!(text.chars().count(), count);
    assert!(text.len() > count, "multi-byte characters");
    text
}

// ---------------------------------------------------------------------------------------
// Units: creating
// ---------------------------------------------------------------------------------------

#[test]
fn an_agency_is_created_at_the_root() {
    given([])
        .when(create_agency(R, "BNV", Some("000.00.00.G09")))
        .then_events(&[OrgEvent::UnitCreated(UnitCreated {
            unit_id: unit(R),
            parent_id: None,
            kind: UnitKind::Agency,
            code: "BNV".to_owned(),
            abbreviation: "BNV".to_owned(),
            name: "Bộ Tài chính".to_owned(),
            identifier_code: Some("000.00.00.G09".to_owned()),
            country: None,
        })]);
}

#[test]
fn input_is_trimmed_before_it_is_recorded() {
    let events = given(tree())
        .when(OrgCommand::CreateUnit {
            unit_id: unit(10),
            parent_id: Some(unit(A)),
            kind: UnitKind::Department,
            code: "  VP.TH ".to_owned(),
            abbreviation: " TH ".to_owned(),
            name: "\t Phòng Tổng hợp \n".to_owned(),
            identifier_code: None,
            country: None,
        })
        .events();
    let [OrgEvent::UnitCreated(created)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(
        (
            created.code.as_str(),
            created.abbreviation.as_str(),
            created.name.as_str()
        ),
        ("VP.TH", "TH", "Phòng Tổng hợp")
    );
}

#[test]
fn a_unit_or_department_without_a_parent_is_refused() {
    for kind in [UnitKind::Unit, UnitKind::Department] {
        given([])
            .when(create(10, None, kind, "VP", "VP"))
            .then_refused(Validation, "PARENT_REQUIRED", Some("parentId"));
    }
}

#[test]
fn a_parent_of_the_wrong_kind_is_refused() {
    // An agency only under an agency; a unit never under a department.
    given(tree())
        .when(create(10, Some(A), UnitKind::Agency, "CQ", "CQ"))
        .then_refused(Validation, "INVALID_PARENT", Some("parentId"));
    given(tree())
        .when(create(10, Some(A1), UnitKind::Unit, "DV", "DV"))
        .then_refused(Validation, "INVALID_PARENT", Some("parentId"));
}

#[test]
fn the_kinds_that_fit_are_accepted() {
    let given = given(tree());
    given
        .when(create(10, Some(R), UnitKind::Agency, "TCT", "TCT"))
        .accepted();
    given
        .when(create(10, Some(A), UnitKind::Unit, "VP.DV", "DV"))
        .accepted();
    given
        .when(create(10, Some(R), UnitKind::Department, "PH", "PH"))
        .accepted();
    given
        .when(create(10, Some(A1), UnitKind::Department, "VP.HC.VT", "VT"))
        .accepted();
}

#[test]
fn an_unknown_or_dissolved_parent_is_not_found() {
    given(tree())
        .when(create(10, Some(99), UnitKind::Unit, "X", "X"))
        .then_refused(NotFound, "NOT_FOUND", Some("parentId"));
    let mut history = tree();
    history.push(unit_dissolved(unit(B)));
    given(history)
        .when(create(10, Some(B), UnitKind::Department, "X", "X"))
        .then_refused(NotFound, "NOT_FOUND", Some("parentId"));
}

#[test]
fn a_unit_id_is_used_once() {
    given(tree())
        .when(create(A, Some(R), UnitKind::Unit, "NEW", "NEW"))
        .then_refused(Conflict, "DUPLICATE_ID", None);
}

#[test]
fn a_code_is_unique_ignoring_case() {
    given(tree())
        .when(create(10, Some(B), UnitKind::Department, "vp", "P1"))
        .then_refused(Conflict, "DUPLICATE_CODE", Some("code"));
    given(tree())
        .when(create(10, Some(B), UnitKind::Department, "Vp.Hc", "P1"))
        .then_refused(Conflict, "DUPLICATE_CODE", Some("code"));
}

#[test]
fn an_invalid_code_is_refused() {
    for code in ["", "   ", "văn.phòng", "VP HC", ".VP", "VP/HC"] {
        given(tree())
            .when(create(10, Some(A), UnitKind::Department, code, "P1"))
            .then_refused(Validation, "INVALID_CODE", Some("code"));
    }
}

#[test]
fn a_sibling_abbreviation_is_unique_ignoring_case() {
    // A already has the sub-unit HC.
    given(tree())
        .when(create(10, Some(A), UnitKind::Department, "VP.HC2", "hc"))
        .then_refused(Conflict, "DUPLICATE_ABBREVIATION", Some("abbreviation"));
}

#[test]
fn the_same_abbreviation_under_another_parent_is_fine() {
    given(tree())
        .when(create(10, Some(B), UnitKind::Department, "TCCB.HC", "HC"))
        .accepted();
}

#[test]
fn an_abbreviation_has_no_separators() {
    for abbreviation in ["T H", "TH/1", "TH-1"] {
        given(tree())
            .when(create(
                10,
                Some(A),
                UnitKind::Department,
                "VP.TH",
                abbreviation,
            ))
            .then_refused(Validation, "INVALID_ABBREVIATION", Some("abbreviation"));
    }
    given(tree())
        .when(create(10, Some(A), UnitKind::Department, "VP.TH", " "))
        .then_refused(Validation, "REQUIRED", Some("abbreviation"));
}

#[test]
fn an_identifier_code_has_the_qcvn_102_shape() {
    given([])
        .when(create_agency(R, "BNV", Some("000.00.00.G09")))
        .accepted();
    for bad in [
        "G09",
        "000.00.00.g09",
        "000.00.00.G9",
        "000.00.00.G090",
        "00.00.00.G09",
        "000.0A.00.G09",
        "000.00.00.009",
        "000.00.00.ĐG9",
        "000.00.00.G09.1",
    ] {
        given([])
            .when(create_agency(R, "BNV", Some(bad)))
            .then_refused(
                Validation,
                "INVALID_IDENTIFIER_CODE",
                Some("identifierCode"),
            );
    }
}

#[test]
fn an_empty_identifier_code_means_none() {
    let events = given([]).when(create_agency(R, "BNV", Some("  "))).events();
    let [OrgEvent::UnitCreated(created)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(created.identifier_code, None);
}

#[test]
fn only_an_agency_has_an_identifier_code() {
    for kind in [UnitKind::Unit, UnitKind::Department] {
        given(tree())
            .when(with_identifier_code(
                create(10, Some(A), kind, "VP.X", "X"),
                "000.00.01.G09",
            ))
            .then_refused(Validation, "NOT_AN_AGENCY", Some("identifierCode"));
    }
}

#[test]
fn an_identifier_code_is_unique_among_agencies() {
    given([])
        .after(create_agency(R, "BNV", Some("000.00.00.G09")))
        .when(create_agency(10, "BTC", Some("000.00.00.G09")))
        .then_refused(
            Conflict,
            "DUPLICATE_IDENTIFIER_CODE",
            Some("identifierCode"),
        );
}

#[test]
fn a_name_is_at_most_200_characters_counted_in_characters() {
    let exactly_200 = vietnamese(200);
    let events = given(tree())
        .when(create_named(10, A, &exactly_200))
        .events();
    let [OrgEvent::UnitCreated(created)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(created.name, exactly_200);

    given(tree())
        .when(create_named(10, A, &vietnamese(201)))
        .then_refused(Validation, "TOO_LONG", Some("name"));
}

#[test]
fn surrounding_spaces_do_not_count_towards_the_length() {
    given(tree())
        .when(create_named(10, A, &format!("  {}  ", vietnamese(200))))
        .accepted();
}

#[test]
fn a_name_with_control_characters_is_refused() {
    for name in [
        "Phòng\u{7}Tổng hợp",
        "Phòng\nTổng hợp",
        "Phòng\tTổng hợp",
        "Phòng\u{0}",
        "Phòng\u{1b}[31m",
        "Phòng\u{85}Tổng hợp",
    ] {
        given(tree()).when(create_named(10, A, name)).then_refused(
            Validation,
            "CONTROL_CHARACTERS",
            Some("name"),
        );
    }
}

#[test]
fn an_empty_name_is_refused() {
    for name in ["", " ", "\t\n ", "\u{3000}"] {
        given(tree()).when(create_named(10, A, name)).then_refused(
            Validation,
            "REQUIRED",
            Some("name"),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Units: updating
// ---------------------------------------------------------------------------------------

fn update(id: u128, code: &str, abbreviation: &str, name: &str) -> OrgCommand {
    OrgCommand::UpdateUnit {
        unit_id: unit(id),
        code: code.to_owned(),
        abbreviation: abbreviation.to_owned(),
        name: name.to_owned(),
        identifier_code: None,
    }
}

#[test]
fn an_update_that_changes_nothing_yields_no_events() {
    given(tree())
        .when(update(A, "VP", "VP", "Đơn vị VP"))
        .then_no_events();
    // Not even when the raw input only differs by what cleaning removes.
    given(tree())
        .when(update(A, " VP ", "VP ", "  Đơn vị VP"))
        .then_no_events();
}

#[test]
fn an_update_is_recorded() {
    given(tree())
        .when(update(A, "vp", "VP", "Văn phòng Bộ"))
        .then_events(&[OrgEvent::UnitUpdated(UnitUpdated {
            unit_id: unit(A),
            code: "vp".to_owned(),
            abbreviation: "VP".to_owned(),
            name: "Văn phòng Bộ".to_owned(),
            identifier_code: None,
        })]);
}

#[test]
fn an_update_checks_codes_abbreviations_and_names_like_a_creation() {
    given(tree())
        .when(update(A, "TCCB", "VP", "Văn phòng"))
        .then_refused(Conflict, "DUPLICATE_CODE", Some("code"));
    given(tree())
        .when(update(A, "VP", "tccb", "Văn phòng"))
        .then_refused(Conflict, "DUPLICATE_ABBREVIATION", Some("abbreviation"));
    given(tree())
        .when(update(A, "VP", "VP", &vietnamese(201)))
        .then_refused(Validation, "TOO_LONG", Some("name"));
    given(tree())
        .when(with_identifier_code(
            update(A, "VP", "VP", "Văn phòng"),
            "000.00.00.G09",
        ))
        .then_refused(Validation, "NOT_AN_AGENCY", Some("identifierCode"));
    given(tree())
        .when(with_identifier_code(
            update(R, "BNV", "BNV", "Bộ Nội vụ"),
            "G09",
        ))
        .then_refused(
            Validation,
            "INVALID_IDENTIFIER_CODE",
            Some("identifierCode"),
        );
}

#[test]
fn updating_an_unknown_or_dissolved_unit_is_not_found() {
    given(tree()).when(update(99, "X", "X", "X")).then_refused(
        NotFound,
        "NOT_FOUND",
        Some("unitId"),
    );
    given(tree())
        .after(dissolve(A1A))
        .when(update(A1A, "VP.HC.LT", "LT", "Lưu trữ"))
        .then_refused(NotFound, "NOT_FOUND", Some("unitId"));
}

// ---------------------------------------------------------------------------------------
// Units: moving
// ---------------------------------------------------------------------------------------

#[test]
fn a_unit_moves_under_another_parent() {
    given(tree())
        .when(move_unit(A1, B))
        .then_events(&[OrgEvent::UnitMoved(UnitMoved {
            unit_id: unit(A1),
            parent_id: unit(B),
        })]);
}

#[test]
fn a_move_that_makes_a_cycle_is_refused() {
    for parent in [A, A1, A1A] {
        given(tree()).when(move_unit(A, parent)).then_refused(
            Validation,
            "CYCLE",
            Some("parentId"),
        );
    }
    // The root agency under anything below it.
    given(tree())
        .when(move_unit(R, A1A))
        .then_refused(Validation, "CYCLE", Some("parentId"));
}

#[test]
fn a_move_under_the_same_parent_yields_no_events() {
    given(tree()).when(move_unit(A1, A)).then_no_events();
}

#[test]
fn a_move_respects_the_kinds() {
    // A unit under a department.
    given(tree()).when(move_unit(B, A1)).then_refused(
        Validation,
        "INVALID_PARENT",
        Some("parentId"),
    );
}

#[test]
fn a_move_next_to_a_sibling_with_the_same_abbreviation_is_refused() {
    let mut history = tree();
    history.push(unit_created(
        unit(10),
        unit(B),
        UnitKind::Department,
        "TCCB.HC",
        "hc",
    ));
    given(history).when(move_unit(A1, B)).then_refused(
        Conflict,
        "DUPLICATE_ABBREVIATION",
        Some("abbreviation"),
    );
}

#[test]
fn a_move_to_or_of_an_unknown_unit_is_not_found() {
    given(tree())
        .when(move_unit(A1, 99))
        .then_refused(NotFound, "NOT_FOUND", Some("parentId"));
    given(tree())
        .when(move_unit(99, A))
        .then_refused(NotFound, "NOT_FOUND", Some("unitId"));
}

// ---------------------------------------------------------------------------------------
// Units: dissolving
// ---------------------------------------------------------------------------------------

#[test]
fn a_unit_with_people_is_not_dissolved_until_their_positions_end() {
    let given = given(staffed())
        .after(assign(1, 1, A1A, "specialist"))
        .after(assign(2, 2, A1A, "clerk"));
    given
        .when(dissolve(A1A))
        .then_refused(Conflict, "UNIT_HAS_PEOPLE", None);
    let given = given.after(OrgCommand::EndPosition {
        position_id: position(1),
    });
    given
        .when(dissolve(A1A))
        .then_refused(Conflict, "UNIT_HAS_PEOPLE", None);
    given
        .after(OrgCommand::EndPosition {
            position_id: position(2),
        })
        .when(dissolve(A1A))
        .then_events(&[OrgEvent::UnitDissolved(UnitDissolved {
            unit_id: unit(A1A),
        })]);
}

#[test]
fn a_unit_with_active_children_is_not_dissolved_until_they_are() {
    given(tree())
        .when(dissolve(A1))
        .then_refused(Conflict, "UNIT_HAS_CHILDREN", None);
    let after = given(tree())
        .after(dissolve(A1A))
        .when(dissolve(A1))
        .then_events(&[OrgEvent::UnitDissolved(UnitDissolved { unit_id: unit(A1) })]);
    assert!(after.state.units[&unit(A1)].dissolved);
    // A dissolved unit stays in history.
    assert_eq!(after.state.units.len(), 5);
}

#[test]
fn a_unit_is_dissolved_once() {
    given(tree())
        .after(dissolve(B))
        .when(dissolve(B))
        .then_refused(NotFound, "NOT_FOUND", Some("unitId"));
}

#[test]
fn a_dissolved_units_code_and_abbreviation_can_be_reused() {
    given(tree())
        .after(dissolve(B))
        .when(create(10, Some(R), UnitKind::Unit, "tccb", "TCCB"))
        .accepted();
}

// ---------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------

#[test]
fn a_role_is_defined_with_names_falling_back_to_vietnamese() {
    given([])
        .when(define_role(
            "specialist",
            &[Permission::HandleDocuments],
            false,
        ))
        .then_events(&[OrgEvent::RoleDefined(RoleDefined {
            code: "specialist".to_owned(),
            names: Names {
                vi: "Chuyên viên".to_owned(),
                en: "Specialist".to_owned(),
                lo: "Chuyên viên".to_owned(),
            },
            permissions: BTreeSet::from([Permission::HandleDocuments]),
            serves_leader: false,
        })]);
}

#[test]
fn redefining_a_role_identically_yields_no_events() {
    let given = given([]).after(define_role(
        "specialist",
        &[Permission::HandleDocuments],
        false,
    ));
    given
        .when(define_role(
            "specialist",
            &[Permission::HandleDocuments],
            false,
        ))
        .then_no_events();
    given
        .when(define_role(
            " specialist ",
            &[Permission::HandleDocuments],
            false,
        ))
        .then_no_events();
}

#[test]
fn redefining_a_role_differently_is_recorded() {
    let given = given([]).after(define_role(
        "specialist",
        &[Permission::HandleDocuments],
        false,
    ));
    let after = given
        .when(define_role(
            "specialist",
            &[Permission::HandleDocuments, Permission::SignDocuments],
            false,
        ))
        .accepted();
    assert_eq!(
        after.state.roles["specialist"].permissions,
        BTreeSet::from([Permission::HandleDocuments, Permission::SignDocuments])
    );
    let after = after
        .when(define_role(
            "specialist",
            &[Permission::HandleDocuments, Permission::SignDocuments],
            true,
        ))
        .accepted();
    assert!(after.state.roles["specialist"].serves_leader);
}

#[test]
fn a_role_code_must_be_a_code() {
    for code in ["", "chuyên_viên", "chuyen vien", "-x", &"x".repeat(65)] {
        given([]).when(define_role(code, &[], false)).then_refused(
            Validation,
            "INVALID_CODE",
            Some("code"),
        );
    }
    given([])
        .when(define_role(&"x".repeat(64), &[], false))
        .accepted();
}

#[test]
fn a_role_needs_a_vietnamese_name() {
    given([])
        .when(OrgCommand::DefineRole {
            code: "x".to_owned(),
            names: (" ".to_owned(), "Specialist".to_owned(), String::new()),
            permissions: BTreeSet::new(),
            serves_leader: false,
        })
        .then_refused(Validation, "REQUIRED", Some("names"));
}

// ---------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------

#[test]
fn a_person_is_registered() {
    given([])
        .when(OrgCommand::RegisterPerson {
            person_id: person(9),
            username: "huong.tt".to_owned(),
            full_name: " Trần Thị Thu Hương ".to_owned(),
            email: Some(" huong@moha.gov.vn ".to_owned()),
            phone: Some("+84 24 3824-5678".to_owned()),
            clearance: Confidentiality::Confidential,
        })
        .then_events(&[OrgEvent::PersonRegistered(PersonRegistered {
            person_id: person(9),
            username: "huong.tt".to_owned(),
            full_name: "Trần Thị Thu Hương".to_owned(),
            email: Some("huong@moha.gov.vn".to_owned()),
            phone: Some("+84 24 3824-5678".to_owned()),
            clearance: Confidentiality::Confidential,
        })]);
}

#[test]
fn a_username_is_lowercased() {
    let events = given([]).when(register_person(9, " NguyenVanA ")).events();
    let [OrgEvent::PersonRegistered(registered)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(registered.username, "nguyenvana");
}

#[test]
fn an_invalid_username_is_refused() {
    let too_long = "a".repeat(65);
    for username in [
        "",
        "ab",
        "  ab  ",
        "nguyen van a",
        "1nguyen",
        "_nguyen",
        "nguyễn",
        "nguyen@moha",
        too_long.as_str(),
    ] {
        given([]).when(register_person(9, username)).then_refused(
            Validation,
            "INVALID_USERNAME",
            Some("username"),
        );
    }
    for username in ["abc", "a.b_c-1", &"a".repeat(64)] {
        given([]).when(register_person(9, username)).accepted();
    }
}

#[test]
fn a_username_is_taken_ignoring_case() {
    given(staffed())
        .when(register_person(9, "LAN"))
        .then_refused(Conflict, "USERNAME_TAKEN", Some("username"));
    // Even by someone who has left.
    let mut history = staffed();
    history.push(person_deactivated(person(1)));
    given(history).when(register_person(9, "lan")).then_refused(
        Conflict,
        "USERNAME_TAKEN",
        Some("username"),
    );
}

#[test]
fn a_person_id_is_used_once() {
    given(staffed())
        .when(register_person(1, "someone"))
        .then_refused(Conflict, "DUPLICATE_ID", None);
}

#[test]
fn a_bad_email_is_refused() {
    for email in [
        "huong",
        "huong@",
        "@moha.gov.vn",
        "huong@moha",
        "huong@.gov",
        "huong@moha.",
        "huong nguyen@moha.gov.vn",
    ] {
        given([])
            .when(register_with_contact(Some(email), None))
            .then_refused(Validation, "INVALID_EMAIL", Some("email"));
    }
}

#[test]
fn a_bad_phone_is_refused() {
    for phone in ["abc", "12345", "024 38x2", "84+2438245678", &"1".repeat(21)] {
        given([])
            .when(register_with_contact(None, Some(phone)))
            .then_refused(Validation, "INVALID_PHONE", Some("phone"));
    }
}

#[test]
fn blank_contact_details_mean_none() {
    let events = given([])
        .when(register_with_contact(Some("  "), Some("")))
        .events();
    let [OrgEvent::PersonRegistered(registered)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!((&registered.email, &registered.phone), (&None, &None));
}

#[test]
fn an_update_of_a_person_that_changes_nothing_yields_no_events() {
    given(staffed())
        .when(OrgCommand::UpdatePerson {
            person_id: person(1),
            full_name: "Nguyễn Văn lan ".to_owned(),
            email: Some(" ".to_owned()),
            phone: None,
            clearance: Confidentiality::Normal,
        })
        .then_no_events();
}

#[test]
fn a_person_who_left_cannot_be_updated_or_deactivated_again() {
    let given = given(staffed()).after(OrgCommand::DeactivatePerson {
        person_id: person(1),
    });
    given
        .when(OrgCommand::DeactivatePerson {
            person_id: person(1),
        })
        .then_refused(NotFound, "NOT_FOUND", Some("personId"));
    given
        .when(OrgCommand::UpdatePerson {
            person_id: person(1),
            full_name: "Lan".to_owned(),
            email: None,
            phone: None,
            clearance: Confidentiality::Normal,
        })
        .then_refused(NotFound, "NOT_FOUND", Some("personId"));
}

// ---------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------

#[test]
fn a_position_is_assigned() {
    given(staffed())
        .when(OrgCommand::AssignPosition {
            position_id: position(1),
            person_id: person(1),
            unit_id: unit(A),
            role: "leader".to_owned(),
            title: Some(" Chánh Văn phòng ".to_owned()),
            serves: None,
        })
        .then_events(&[OrgEvent::PositionAssigned(PositionAssigned {
            position_id: position(1),
            person_id: person(1),
            unit_id: unit(A),
            role: "leader".to_owned(),
            title: Some("Chánh Văn phòng".to_owned()),
            serves: None,
        })]);
}

#[test]
fn a_position_with_an_unknown_role_is_not_found() {
    given(staffed())
        .when(assign(1, 1, A, "director"))
        .then_refused(NotFound, "NOT_FOUND", Some("role"));
}

#[test]
fn a_position_for_an_unknown_person_or_unit_is_not_found() {
    given(staffed())
        .when(assign(1, 99, A, "clerk"))
        .then_refused(NotFound, "NOT_FOUND", Some("personId"));
    given(staffed())
        .when(assign(1, 1, 99, "clerk"))
        .then_refused(NotFound, "NOT_FOUND", Some("unitId"));
}

#[test]
fn the_same_role_in_the_same_unit_is_held_once() {
    let given = given(staffed()).after(assign(1, 1, A, "clerk"));
    given
        .when(assign(2, 1, A, "clerk"))
        .then_refused(Conflict, "POSITION_HELD", None);
    // Another role in the same unit, or the same role elsewhere (kiêm nhiệm), is fine.
    given.when(assign(2, 1, A, "specialist")).accepted();
    given.when(assign(2, 1, B, "clerk")).accepted();
    // So is the same role again once the first position ended.
    given
        .after(OrgCommand::EndPosition {
            position_id: position(1),
        })
        .when(assign(2, 1, A, "clerk"))
        .accepted();
}

#[test]
fn a_position_id_is_used_once() {
    given(staffed())
        .after(assign(1, 1, A, "clerk"))
        .when(assign(1, 2, B, "clerk"))
        .then_refused(Conflict, "DUPLICATE_ID", None);
}

#[test]
fn a_secretary_names_the_leader_served() {
    let given = given(staffed()).after(assign(1, 1, A, "leader"));
    given.when(assign(2, 2, A, "secretary")).then_refused(
        Validation,
        "LEADER_REQUIRED",
        Some("serves"),
    );
    given
        .when(assign_serving(2, 2, A, "secretary", 1))
        .then_events(&[OrgEvent::PositionAssigned(PositionAssigned {
            position_id: position(2),
            person_id: person(2),
            unit_id: unit(A),
            role: "secretary".to_owned(),
            title: None,
            serves: Some(position(1)),
        })]);
}

#[test]
fn a_person_cannot_be_their_own_secretary() {
    given(staffed())
        .after(assign(1, 1, A, "leader"))
        .when(assign_serving(2, 1, A, "secretary", 1))
        .then_refused(Validation, "SELF_SERVICE", Some("serves"));
}

#[test]
fn only_a_secretary_serves() {
    given(staffed())
        .after(assign(1, 1, A, "leader"))
        .when(assign_serving(2, 2, A, "specialist", 1))
        .then_refused(Validation, "NOT_A_SECRETARY", Some("serves"));
}

#[test]
fn a_secretary_serves_an_active_position() {
    let given = given(staffed()).after(assign(1, 1, A, "leader"));
    given
        .when(assign_serving(2, 2, A, "secretary", 99))
        .then_refused(NotFound, "NOT_FOUND", Some("serves"));
    given
        .after(OrgCommand::EndPosition {
            position_id: position(1),
        })
        .when(assign_serving(2, 2, A, "secretary", 1))
        .then_refused(NotFound, "NOT_FOUND", Some("serves"));
}

#[test]
fn a_position_ends_once() {
    let given = given(staffed()).after(assign(1, 1, A, "clerk"));
    let given = given
        .when(OrgCommand::EndPosition {
            position_id: position(1),
        })
        .then_events(&[OrgEvent::PositionEnded(PositionEnded {
            position_id: position(1),
        })]);
    given
        .when(OrgCommand::EndPosition {
            position_id: position(1),
        })
        .then_refused(NotFound, "NOT_FOUND", Some("positionId"));
}

#[test]
fn deactivating_a_person_ends_their_positions() {
    let given = given(staffed())
        .after(assign(1, 1, A1A, "clerk"))
        .after(assign(2, 1, B, "specialist"))
        .after(assign(3, 2, B, "specialist"));
    let after = given
        .when(OrgCommand::DeactivatePerson {
            person_id: person(1),
        })
        .accepted();
    let state = &after.state;
    assert!(!state.people[&person(1)].active);
    assert!(!state.positions[&position(1)].active);
    assert!(!state.positions[&position(2)].active);
    assert!(state.positions[&position(3)].active, "others keep theirs");
    assert_eq!(state.positions_of(person(1)).count(), 0);
    // Their unit can now be dissolved; they can take no new position.
    after.when(dissolve(A1A)).accepted();
    after
        .when(assign(4, 1, A, "clerk"))
        .then_refused(NotFound, "NOT_FOUND", Some("personId"));
}

// ---------------------------------------------------------------------------------------
// Delegations
// ---------------------------------------------------------------------------------------

fn with_leader() -> Given<Organisation> {
    given(staffed()).after(assign(1, 1, A, "leader"))
}

#[test]
fn a_position_is_delegated() {
    with_leader()
        .when(OrgCommand::GrantDelegation {
            delegation_id: delegation(1),
            position_id: position(1),
            delegate_id: person(2),
            scope: DelegationScope::Position,
            authority: SigningAuthority::Tuq,
            starts_at: at(8, 0, 0),
            ends_at: at(17, 0, 0),
            note: Some(" Nghỉ phép\nđi công tác ".to_owned()),
        })
        .then_events(&[OrgEvent::DelegationGranted(DelegationGranted {
            delegation_id: delegation(1),
            position_id: position(1),
            delegate_id: person(2),
            scope: DelegationScope::Position,
            authority: SigningAuthority::Tuq,
            starts_at: at(8, 0, 0),
            ends_at: at(17, 0, 0),
            note: Some("Nghỉ phép\nđi công tác".to_owned()),
        })]);
}

#[test]
fn a_position_is_not_delegated_to_its_holder() {
    with_leader().when(grant(1, 1, 1)).then_refused(
        Validation,
        "SELF_DELEGATION",
        Some("delegateId"),
    );
}

#[test]
fn a_delegation_ends_after_it_starts() {
    for ends_at in [at(8, 0, 0), at(7, 59, 59)] {
        with_leader()
            .when(grant_until(1, 1, 2, ends_at, None))
            .then_refused(Validation, "END_BEFORE_START", Some("endsAt"));
    }
    with_leader()
        .when(grant_until(1, 1, 2, at(8, 0, 1), None))
        .accepted();
}

#[test]
fn a_delegation_to_an_unknown_or_inactive_person_is_not_found() {
    with_leader()
        .when(grant(1, 1, 99))
        .then_refused(NotFound, "NOT_FOUND", Some("delegateId"));
    with_leader()
        .after(OrgCommand::DeactivatePerson {
            person_id: person(2),
        })
        .when(grant(1, 1, 2))
        .then_refused(NotFound, "NOT_FOUND", Some("delegateId"));
}

#[test]
fn a_delegation_of_an_unknown_or_ended_position_is_not_found() {
    with_leader()
        .when(grant(1, 99, 2))
        .then_refused(NotFound, "NOT_FOUND", Some("positionId"));
    with_leader()
        .after(OrgCommand::EndPosition {
            position_id: position(1),
        })
        .when(grant(1, 1, 2))
        .then_refused(NotFound, "NOT_FOUND", Some("positionId"));
}

#[test]
fn a_delegation_id_is_used_once() {
    with_leader()
        .after(grant(1, 1, 2))
        .when(grant(1, 1, 3))
        .then_refused(Conflict, "DUPLICATE_ID", None);
}

#[test]
fn a_delegation_note_is_bounded() {
    with_leader()
        .when(grant_until(1, 1, 2, at(17, 0, 0), Some(&"x".repeat(1001))))
        .then_refused(Validation, "TOO_LONG", Some("note"));
    with_leader()
        .when(grant_until(1, 1, 2, at(17, 0, 0), Some("Ủy quyền\u{7}")))
        .then_refused(Validation, "CONTROL_CHARACTERS", Some("note"));
}

#[test]
fn revoking_twice_yields_no_events_the_second_time() {
    let given = with_leader().after(grant(1, 1, 2));
    let given = given
        .when(OrgCommand::RevokeDelegation {
            delegation_id: delegation(1),
        })
        .then_events(&[OrgEvent::DelegationRevoked(DelegationRevoked {
            delegation_id: delegation(1),
        })]);
    assert!(given.state.delegations[&delegation(1)].revoked);
    given
        .when(OrgCommand::RevokeDelegation {
            delegation_id: delegation(1),
        })
        .then_no_events();
}

#[test]
fn revoking_an_unknown_delegation_is_not_found() {
    with_leader()
        .when(OrgCommand::RevokeDelegation {
            delegation_id: delegation(99),
        })
        .then_refused(NotFound, "NOT_FOUND", Some("delegationId"));
}

#[test]
fn a_delegation_is_in_force_from_its_start_until_just_before_its_end() {
    let d = Delegation {
        id: delegation(1),
        position: position(1),
        delegate: person(2),
        scope: DelegationScope::Position,
        authority: SigningAuthority::Kt,
        starts_at: at(8, 0, 0),
        ends_at: at(17, 0, 0),
        note: None,
        revoked: false,
    };
    assert!(!d.in_force(at(7, 59, 59)));
    assert!(d.in_force(at(8, 0, 0)));
    assert!(d.in_force(at(16, 59, 59)));
    assert!(!d.in_force(at(17, 0, 0)));
    assert!(!d.in_force(at(23, 0, 0)));
    let revoked = Delegation { revoked: true, ..d };
    assert!(!revoked.in_force(at(12, 0, 0)));
}

#[test]
fn delegations_to_a_person_are_those_in_force_of_held_positions() {
    let given = with_leader()
        .after(assign(2, 3, B, "leader"))
        .after(grant(1, 1, 2))
        .after(grant(2, 2, 2));
    let ids = |state: &Organisation, hour| {
        state
            .delegations_to(person(2), at(hour, 0, 0))
            .map(|d| d.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&given.state, 12), vec![delegation(1), delegation(2)]);
    assert_eq!(ids(&given.state, 7), vec![]);
    let given = given.after(OrgCommand::EndPosition {
        position_id: position(2),
    });
    assert_eq!(ids(&given.state, 12), vec![delegation(1)]);
}

#[test]
fn a_secretary_serves_only_a_position_that_signs() {
    given(staffed())
        .after(assign(1, 1, A, "specialist"))
        .when(assign_serving(2, 2, A, "secretary", 1))
        .then_refused(Validation, "NOT_A_LEADER", Some("serves"));
}

#[test]
fn names_typed_with_combining_accents_are_stored_composed_and_counted_as_letters() {
    // "Phòng Tổng hợp" with every accent as a separate combining mark.
    let decomposed = "Pho\u{300}ng To\u{302}\u{309}ng ho\u{31b}\u{323}p";
    let composed = "Phòng Tổng hợp";
    let events = given(tree()).when(create_named(10, A, decomposed)).events();
    let [OrgEvent::UnitCreated(created)] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(created.name, composed);
    // 200 letters typed decomposed (ề = e + ̂ + ̀) are still 200 letters.
    let long: String = "e\u{302}\u{300}".repeat(200);
    given(tree()).when(create_named(11, A, &long)).accepted();
}

#[test]
fn an_agency_names_its_country_and_its_units_follow_it() {
    use chancery_domain::calendar::Country;
    // `create` and `create_agency` with a country.
    let with_country = |command: OrgCommand| match command {
        OrgCommand::CreateUnit {
            unit_id,
            parent_id,
            kind,
            code,
            abbreviation,
            name,
            identifier_code,
            country: _,
        } => OrgCommand::CreateUnit {
            unit_id,
            parent_id,
            kind,
            code,
            abbreviation,
            name,
            identifier_code,
            country: Some(Country::Laos),
        },
        other => other,
    };
    let lao = with_country(create_agency(20, "MOHA", None));
    let mut events = tree();
    let created = given(tree()).when(lao).events();
    events.extend(created);
    events.push(unit_created(
        unit(21),
        unit(20),
        UnitKind::Unit,
        "MOHA.VP",
        "VP",
    ));
    events.push(unit_created(
        unit(22),
        unit(21),
        UnitKind::Department,
        "MOHA.VP.HC",
        "HC",
    ));
    let state = organisation(events.clone());
    assert_eq!(state.country_of(unit(22)), Country::Laos);
    assert_eq!(state.country_of(unit(20)), Country::Laos);
    // An agency naming none, and everything under it: Vietnam.
    assert_eq!(state.country_of(unit(A1A)), Country::Vietnam);
    // Only an agency names a country.
    given(events)
        .when(with_country(create(
            23,
            Some(21),
            UnitKind::Department,
            "MOHA.VP.TH",
            "TH",
        )))
        .then_refused(Validation, "COUNTRY_FOR_AGENCIES", Some("country"));
}
