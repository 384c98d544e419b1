//! Access control: who a principal is (`Principal::resolve`) and what they may do
//! (`authorize`), over a small ministry built from organisation events.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod support;

use chancery_domain::access::{
    Action, AuditReach, Denied, DocumentFacts, Handover, Principal, audit_log_reach, authorize,
    directory_reach, hand_over, openable_books, read_scope,
};
use chancery_domain::catalogues::{RegisterDefined, RegisterKind};
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::organisation::{
    DelegationScope, OrgEvent, Organisation, Permission, SigningAuthority, UnitKind,
};
use chancery_domain::reference::Confidentiality::{self, Confidential, Normal, Secret, TopSecret};
use chrono::{DateTime, Utc};
use support::*;

// Units: the ministry (R), its office (A) with the administration department (A1), and the
// personnel department (B).
const R: u128 = 1;
const A: u128 = 2;
const A1: u128 = 3;
const B: u128 = 4;

// People, and their positions (same numbers).
const ADMIN: u128 = 1;
const CLERK: u128 = 2;
const LEADER: u128 = 3;
const SPECIALIST: u128 = 4;
const OUTSIDER: u128 = 5;
const AUDITOR: u128 = 6;
const NEWCOMER: u128 = 7; // registered, no position
const LEADER_B: u128 = 8;

fn history() -> Vec<OrgEvent> {
    vec![
        agency_created(unit(R), "BNV", "BNV"),
        unit_created(unit(A), unit(R), UnitKind::Unit, "VP", "VP"),
        unit_created(unit(A1), unit(A), UnitKind::Department, "VP.HC", "HC"),
        unit_created(unit(B), unit(R), UnitKind::Unit, "TCCB", "TCCB"),
        role_defined(
            "system_admin",
            &[
                Permission::ManageOrganisation,
                Permission::ManageAccounts,
                Permission::ManageCatalogues,
                Permission::ViewUsageLogs,
            ],
            false,
        ),
        role_defined(
            "clerk",
            &[Permission::KeepRegisters, Permission::HandleDocuments],
            false,
        ),
        role_defined(
            "leader",
            &[
                Permission::DirectUnitDocuments,
                Permission::HandleDocuments,
                Permission::SignDocuments,
            ],
            false,
        ),
        role_defined("specialist", &[Permission::HandleDocuments], false),
        role_defined("auditor", &[Permission::Audit], false),
        person_registered(person(ADMIN), "admin", Normal),
        person_registered(person(CLERK), "clerk", Confidential),
        person_registered(person(LEADER), "leader", Secret),
        person_registered(person(SPECIALIST), "specialist", Confidential),
        person_registered(person(OUTSIDER), "outsider", Normal),
        person_registered(person(AUDITOR), "auditor", Confidential),
        person_registered(person(NEWCOMER), "newcomer", Normal),
        person_registered(person(LEADER_B), "leaderb", Secret),
        position_assigned(position(ADMIN), person(ADMIN), unit(R), "system_admin"),
        position_assigned(position(CLERK), person(CLERK), unit(A), "clerk"),
        position_assigned(position(LEADER), person(LEADER), unit(A), "leader"),
        position_assigned(
            position(SPECIALIST),
            person(SPECIALIST),
            unit(A1),
            "specialist",
        ),
        position_assigned(position(OUTSIDER), person(OUTSIDER), unit(B), "specialist"),
        position_assigned(position(AUDITOR), person(AUDITOR), unit(R), "auditor"),
        position_assigned(position(LEADER_B), person(LEADER_B), unit(B), "leader"),
    ]
}

fn org() -> Organisation {
    organisation(history())
}

fn with(extra: impl IntoIterator<Item = OrgEvent>) -> Organisation {
    let mut events = history();
    events.extend(extra);
    organisation(events)
}

fn noon() -> DateTime<Utc> {
    at(12, 0, 0)
}

/// `who` acting in their first position, at noon.
fn principal(org: &Organisation, who: u128) -> Principal {
    Principal::resolve(org, person(who), None, noon()).unwrap()
}

fn acting_in(org: &Organisation, who: u128, pos: u128, now: DateTime<Utc>) -> Principal {
    Principal::resolve(org, person(who), Some(position(pos)), now).unwrap()
}

fn check(org: &Organisation, who: u128, action: &Action<'_>) -> Result<(), Denied> {
    authorize(Some(&principal(org, who)), org, action)
}

fn forbidden(code: &'static str) -> Result<(), Denied> {
    Err(Denied::Forbidden(code))
}

fn offered(principal: &Principal) -> Vec<PositionId> {
    principal.positions.iter().map(|a| a.position).collect()
}

/// A document kept in `register_units`' registers, handled in `units`, routed to `routed`.
fn document(
    register_units: &[u128],
    units: &[u128],
    routed: &[u128],
    confidentiality: Confidentiality,
) -> DocumentFacts {
    DocumentFacts {
        register_units: register_units
            .iter()
            .copied()
            .map(unit)
            .collect::<Vec<UnitId>>(),
        units: units.iter().copied().map(unit).collect(),
        routed_positions: routed.iter().copied().map(position).collect(),
        pool_roles: Vec::new(),
        confidentiality,
    }
}

fn delegated(id: u128, of: u128, to: u128, scope: DelegationScope) -> OrgEvent {
    delegation_granted(
        delegation(id),
        position(of),
        person(to),
        scope,
        at(9, 0, 0),
        at(17, 0, 0),
    )
}

// ---------------------------------------------------------------------------------------
// Principal::resolve
// ---------------------------------------------------------------------------------------

#[test]
fn a_principal_acts_in_their_first_position_unless_they_ask_for_another() {
    let org = with([position_assigned(
        position(20),
        person(CLERK),
        unit(B),
        "specialist",
    )]);
    let p = principal(&org, CLERK);
    assert_eq!(p.person, person(CLERK));
    assert_eq!(p.clearance, Confidential);
    assert_eq!(offered(&p), vec![position(CLERK), position(20)]);
    let acting = p.acting.unwrap();
    assert_eq!(
        (acting.position, acting.unit, acting.role.as_str()),
        (position(CLERK), unit(A), "clerk")
    );
    assert!(acting.permissions.contains(&Permission::KeepRegisters));
    assert_eq!(acting.delegation, None);

    let p = acting_in(&org, CLERK, 20, noon());
    let acting = p.acting.unwrap();
    assert_eq!((acting.position, acting.unit), (position(20), unit(B)));
    assert!(!acting.permissions.contains(&Permission::KeepRegisters));
}

#[test]
fn a_position_not_held_is_not_yours() {
    assert_eq!(
        Principal::resolve(&org(), person(SPECIALIST), Some(position(LEADER)), noon()),
        Err(Denied::Forbidden("NOT_YOUR_POSITION"))
    );
    assert_eq!(
        Principal::resolve(&org(), person(SPECIALIST), Some(position(99)), noon()),
        Err(Denied::Forbidden("NOT_YOUR_POSITION"))
    );
}

#[test]
fn an_ended_position_is_no_longer_offered() {
    let org = with([position_ended(position(CLERK))]);
    let p = principal(&org, CLERK);
    assert_eq!((p.positions.len(), p.acting), (0, None));
    assert_eq!(
        Principal::resolve(&org, person(CLERK), Some(position(CLERK)), noon()),
        Err(Denied::Forbidden("NOT_YOUR_POSITION"))
    );
}

#[test]
fn a_delegated_position_is_offered_only_while_in_force() {
    let org = with([delegated(1, LEADER, SPECIALIST, DelegationScope::Position)]);
    for before_or_after in [at(8, 59, 59), at(17, 0, 0), at(18, 0, 0)] {
        let p = Principal::resolve(&org, person(SPECIALIST), None, before_or_after).unwrap();
        assert_eq!(offered(&p), vec![position(SPECIALIST)], "{before_or_after}");
        assert_eq!(
            Principal::resolve(
                &org,
                person(SPECIALIST),
                Some(position(LEADER)),
                before_or_after
            ),
            Err(Denied::Forbidden("NOT_YOUR_POSITION")),
            "{before_or_after}"
        );
    }
    for in_force in [at(9, 0, 0), at(12, 0, 0), at(16, 59, 59)] {
        let p = Principal::resolve(&org, person(SPECIALIST), None, in_force).unwrap();
        // Their own positions first, then delegated ones.
        assert_eq!(
            offered(&p),
            vec![position(SPECIALIST), position(LEADER)],
            "{in_force}"
        );
        let acting = acting_in(&org, SPECIALIST, LEADER, in_force)
            .acting
            .unwrap();
        assert_eq!(acting.unit, unit(A));
        assert_eq!(acting.role, "leader");
        assert!(
            acting
                .permissions
                .contains(&Permission::DirectUnitDocuments)
        );
        let by = acting.delegation.unwrap();
        assert_eq!(
            (by.delegation, by.holder, by.authority),
            (delegation(1), person(LEADER), SigningAuthority::Kt)
        );
    }
}

#[test]
fn a_revoked_delegation_is_no_longer_offered() {
    let org = with([
        delegated(1, LEADER, SPECIALIST, DelegationScope::Position),
        delegation_revoked(delegation(1)),
    ]);
    let p = principal(&org, SPECIALIST);
    assert_eq!(offered(&p), vec![position(SPECIALIST)]);
    assert_eq!(
        Principal::resolve(&org, person(SPECIALIST), Some(position(LEADER)), noon()),
        Err(Denied::Forbidden("NOT_YOUR_POSITION"))
    );
}

#[test]
fn a_delegation_of_signing_power_only_is_not_a_position_to_act_in() {
    let org = with([delegated(1, LEADER, SPECIALIST, DelegationScope::Signing)]);
    assert_eq!(
        offered(&principal(&org, SPECIALIST)),
        vec![position(SPECIALIST)]
    );
}

#[test]
fn a_delegation_of_an_ended_position_is_no_longer_offered() {
    let org = with([
        delegated(1, LEADER, SPECIALIST, DelegationScope::Position),
        position_ended(position(LEADER)),
    ]);
    assert_eq!(
        offered(&principal(&org, SPECIALIST)),
        vec![position(SPECIALIST)]
    );
}

#[test]
fn positions_in_a_dissolved_unit_are_not_offered() {
    // A history the decider would refuse today (it dissolves no unit with people in it), but
    // that the principal must cope with.
    let org = with([unit_dissolved(unit(A1))]);
    let p = principal(&org, SPECIALIST);
    assert_eq!((p.positions.len(), p.acting), (0, None));
    assert_eq!(
        Principal::resolve(&org, person(SPECIALIST), Some(position(SPECIALIST)), noon()),
        Err(Denied::Forbidden("NOT_YOUR_POSITION"))
    );
}

#[test]
fn an_inactive_or_unknown_person_is_unauthenticated() {
    let org = with([person_deactivated(person(CLERK))]);
    assert_eq!(
        Principal::resolve(&org, person(CLERK), None, noon()),
        Err(Denied::Unauthenticated)
    );
    assert_eq!(
        Principal::resolve(&org, person(CLERK), Some(position(CLERK)), noon()),
        Err(Denied::Unauthenticated)
    );
    assert_eq!(
        Principal::resolve(&org, UserId(uuid::Uuid::nil()), None, noon()),
        Err(Denied::Unauthenticated)
    );
}

#[test]
fn a_person_without_a_position_resolves_acting_in_none() {
    let p = principal(&org(), NEWCOMER);
    assert_eq!((p.positions.len(), p.acting), (0, None));
}

// ---------------------------------------------------------------------------------------
// authorize: public, anonymous, administration
// ---------------------------------------------------------------------------------------

#[test]
fn public_actions_need_no_login_and_the_rest_do() {
    let org = org();
    assert_eq!(authorize(None, &org, &Action::ViewServerInfo), Ok(()));
    assert_eq!(authorize(None, &org, &Action::LogIn), Ok(()));
    let facts = document(&[A], &[A], &[], Normal);
    for action in [
        Action::ManageOwnAccount,
        Action::ViewOrganisation,
        Action::ViewCatalogues,
        Action::ManageOrganisation,
        Action::ManageAccounts,
        Action::ManageCatalogues,
        Action::ViewUsageLog { of: person(ADMIN) },
        Action::Delegate {
            position: position(LEADER),
            holder: person(LEADER),
        },
        Action::ReadDocument(&facts),
        Action::KeepRegistersOf { unit: unit(A) },
    ] {
        assert_eq!(
            authorize(None, &org, &action),
            Err(Denied::Unauthenticated),
            "{action:?}"
        );
    }
}

#[test]
fn only_the_administrator_manages_the_organisation_accounts_and_catalogues() {
    let org = org();
    for action in [
        Action::ManageOrganisation,
        Action::ManageAccounts,
        Action::ManageCatalogues,
    ] {
        assert_eq!(check(&org, ADMIN, &action), Ok(()), "{action:?}");
        for who in [CLERK, LEADER, SPECIALIST, OUTSIDER, AUDITOR, NEWCOMER] {
            assert_eq!(
                check(&org, who, &action),
                forbidden("NOT_AN_ADMINISTRATOR"),
                "{who} {action:?}"
            );
        }
    }
}

#[test]
fn a_session_with_a_one_time_password_manages_only_its_own_account() {
    // Given the administrator's session opened with a one-time password not yet changed
    let org = org();
    let mut admin = principal(&org, ADMIN);
    admin.password_change_pending = true;
    // When they do anything but manage their own account, then it is refused
    for action in [
        Action::ManageOrganisation,
        Action::ManageAccounts,
        Action::ViewOrganisation,
    ] {
        assert_eq!(
            authorize(Some(&admin), &org, &action),
            forbidden("PASSWORD_CHANGE_REQUIRED"),
            "{action:?}"
        );
    }
    // And their own account (to change the password) and the public actions stay open
    for action in [
        Action::ManageOwnAccount,
        Action::LogIn,
        Action::ViewServerInfo,
    ] {
        assert_eq!(authorize(Some(&admin), &org, &action), Ok(()), "{action:?}");
    }
    // And once changed, everything their position grants is open again
    admin.password_change_pending = false;
    assert_eq!(
        authorize(Some(&admin), &org, &Action::ManageOrganisation),
        Ok(())
    );
}

#[test]
fn an_administrator_administers_only_while_acting_as_one() {
    let org = with([position_assigned(
        position(20),
        person(ADMIN),
        unit(B),
        "clerk",
    )]);
    let as_clerk = acting_in(&org, ADMIN, 20, noon());
    assert_eq!(
        authorize(Some(&as_clerk), &org, &Action::ManageOrganisation),
        forbidden("NOT_AN_ADMINISTRATOR")
    );
    let as_admin = acting_in(&org, ADMIN, ADMIN, noon());
    assert_eq!(
        authorize(Some(&as_admin), &org, &Action::ManageOrganisation),
        Ok(())
    );
}

#[test]
fn anyone_with_a_position_views_the_organisation_and_catalogues() {
    let org = org();
    for action in [Action::ViewOrganisation, Action::ViewCatalogues] {
        for who in [ADMIN, CLERK, LEADER, SPECIALIST, OUTSIDER, AUDITOR] {
            assert_eq!(check(&org, who, &action), Ok(()), "{who} {action:?}");
        }
        assert_eq!(
            check(&org, NEWCOMER, &action),
            forbidden("NO_POSITION"),
            "{action:?}"
        );
    }
    // Their own account is theirs even without a position.
    assert_eq!(check(&org, NEWCOMER, &Action::ManageOwnAccount), Ok(()));
}

#[test]
fn a_usage_log_is_viewed_by_its_owner_or_with_view_usage_logs() {
    let org = org();
    let of = |who| Action::ViewUsageLog { of: person(who) };
    assert_eq!(check(&org, CLERK, &of(CLERK)), Ok(()));
    assert_eq!(check(&org, NEWCOMER, &of(NEWCOMER)), Ok(()));
    assert_eq!(check(&org, CLERK, &of(LEADER)), forbidden("NOT_YOUR_LOG"));
    assert_eq!(check(&org, AUDITOR, &of(CLERK)), forbidden("NOT_YOUR_LOG"));
    assert_eq!(check(&org, ADMIN, &of(CLERK)), Ok(()));
}

#[test]
fn the_audit_log_is_read_whole_by_auditors_and_its_administration_part_by_administrators() {
    // Given the ministry's auditor, its administrator and people doing document work…
    let org = org();
    // When each asks for the audit log, then the auditor reads every row, the
    // administrator the rows about no document, and nobody else any.
    assert_eq!(check(&org, AUDITOR, &Action::ReadAuditLog), Ok(()));
    assert_eq!(
        audit_log_reach(&principal(&org, AUDITOR)),
        Ok(AuditReach::Everything)
    );
    assert_eq!(check(&org, ADMIN, &Action::ReadAuditLog), Ok(()));
    assert_eq!(
        audit_log_reach(&principal(&org, ADMIN)),
        Ok(AuditReach::Administration)
    );
    for who in [CLERK, LEADER, SPECIALIST, OUTSIDER] {
        assert_eq!(
            check(&org, who, &Action::ReadAuditLog),
            forbidden("NOT_AN_AUDITOR"),
            "{who}"
        );
    }
    assert_eq!(
        authorize(None, &org, &Action::ReadAuditLog),
        Err(Denied::Unauthenticated)
    );
    // A leader acting by delegation in the auditor's position reads it as the auditor.
    let org = with([delegated(1, AUDITOR, LEADER, DelegationScope::Position)]);
    let deputy = acting_in(&org, LEADER, AUDITOR, noon());
    assert_eq!(audit_log_reach(&deputy), Ok(AuditReach::Everything));
}

// ---------------------------------------------------------------------------------------
// authorize: delegating
// ---------------------------------------------------------------------------------------

fn delegate_leader() -> Action<'static> {
    Action::Delegate {
        position: position(LEADER),
        holder: person(LEADER),
    }
}

#[test]
fn the_holder_acting_in_a_position_delegates_it() {
    let org = org();
    assert_eq!(check(&org, LEADER, &delegate_leader()), Ok(()));
}

#[test]
fn the_holder_acting_in_another_position_does_not() {
    let org = with([position_assigned(
        position(20),
        person(LEADER),
        unit(B),
        "specialist",
    )]);
    let elsewhere = acting_in(&org, LEADER, 20, noon());
    assert_eq!(
        authorize(Some(&elsewhere), &org, &delegate_leader()),
        forbidden("NOT_YOUR_POSITION")
    );
}

#[test]
fn another_person_does_not_delegate_a_position() {
    let org = org();
    for who in [CLERK, SPECIALIST, LEADER_B, AUDITOR, NEWCOMER] {
        assert_eq!(
            check(&org, who, &delegate_leader()),
            forbidden("NOT_YOUR_POSITION"),
            "{who}"
        );
    }
    // Claiming to be the holder does not help.
    let claim = Action::Delegate {
        position: position(LEADER),
        holder: person(SPECIALIST),
    };
    assert_eq!(
        check(&org, SPECIALIST, &claim),
        forbidden("NOT_YOUR_POSITION")
    );
}

#[test]
fn the_administrator_delegates_any_position() {
    assert_eq!(check(&org(), ADMIN, &delegate_leader()), Ok(()));
}

#[test]
fn a_delegate_does_not_delegate_further() {
    let org = with([delegated(1, LEADER, SPECIALIST, DelegationScope::Position)]);
    let delegate = acting_in(&org, SPECIALIST, LEADER, noon());
    assert!(delegate.acting.as_ref().unwrap().delegation.is_some());
    assert_eq!(
        authorize(Some(&delegate), &org, &delegate_leader()),
        forbidden("NOT_YOUR_POSITION")
    );
    let as_holder = Action::Delegate {
        position: position(LEADER),
        holder: person(SPECIALIST),
    };
    assert_eq!(
        authorize(Some(&delegate), &org, &as_holder),
        forbidden("NOT_YOUR_POSITION")
    );
}

// ---------------------------------------------------------------------------------------
// authorize: reading documents
// ---------------------------------------------------------------------------------------

fn read(org: &Organisation, who: u128, facts: &DocumentFacts) -> Result<(), Denied> {
    check(org, who, &Action::ReadDocument(facts))
}

#[test]
fn the_clerk_of_the_register_unit_reads_its_documents() {
    let org = org();
    let in_a = document(&[A], &[A1], &[], Normal);
    assert_eq!(read(&org, CLERK, &in_a), Ok(()));
    // Not another unit's registers.
    let in_b = document(&[B], &[B], &[], Normal);
    assert_eq!(read(&org, CLERK, &in_b), forbidden("NOT_ROUTED"));
}

#[test]
fn a_leader_reads_the_normal_documents_of_their_unit_and_its_sub_units() {
    let org = org();
    let of_a1 = document(&[], &[A1], &[], Normal);
    assert_eq!(read(&org, LEADER, &of_a1), Ok(()));
    let registered_in_a = document(&[A], &[], &[], Normal);
    assert_eq!(read(&org, LEADER, &registered_in_a), Ok(()));
    assert_eq!(read(&org, LEADER_B, &of_a1), forbidden("NOT_ROUTED"));
    // Not the documents of the unit above.
    let of_r = document(&[R], &[R], &[], Normal);
    assert_eq!(read(&org, LEADER, &of_r), forbidden("NOT_ROUTED"));
}

#[test]
fn a_specialist_reads_only_what_was_routed_to_them() {
    let org = org();
    let not_routed = document(&[A], &[A1], &[LEADER], Normal);
    assert_eq!(read(&org, SPECIALIST, &not_routed), forbidden("NOT_ROUTED"));
    let routed = document(&[A], &[A1], &[LEADER, SPECIALIST], Normal);
    assert_eq!(read(&org, SPECIALIST, &routed), Ok(()));
}

#[test]
fn a_confidential_document_needs_the_clearance() {
    let org = org();
    // Routed, kept or audited, but not cleared.
    let routed = document(&[B], &[B], &[OUTSIDER], Confidential);
    assert_eq!(read(&org, OUTSIDER, &routed), forbidden("NOT_CLEARED"));
    let secret = document(&[A], &[A1], &[SPECIALIST], Secret);
    assert_eq!(read(&org, SPECIALIST, &secret), forbidden("NOT_CLEARED"));
    assert_eq!(read(&org, CLERK, &secret), forbidden("NOT_CLEARED"));
    assert_eq!(read(&org, AUDITOR, &secret), forbidden("NOT_CLEARED"));
    // Cleared but not routed: no; cleared and routed: yes.
    assert_eq!(read(&org, LEADER, &secret), forbidden("NOT_ROUTED"));
    let secret_to_leader = document(&[A], &[A1], &[LEADER], Secret);
    assert_eq!(read(&org, LEADER, &secret_to_leader), Ok(()));
}

#[test]
fn a_confidential_document_needs_routing_keeping_or_auditing_besides_the_clearance() {
    let org = org();
    let confidential = document(&[A], &[A1], &[SPECIALIST], Confidential);
    assert_eq!(read(&org, SPECIALIST, &confidential), Ok(()), "routed");
    assert_eq!(read(&org, CLERK, &confidential), Ok(()), "register keeper");
    assert_eq!(read(&org, AUDITOR, &confidential), Ok(()), "auditor");
    // The leader of the unit is cleared but, not routed, does not read it.
    assert_eq!(read(&org, LEADER, &confidential), forbidden("NOT_ROUTED"));
    assert_eq!(read(&org, LEADER_B, &confidential), forbidden("NOT_ROUTED"));
    // Nor the clerk of another unit.
    let in_b = document(&[B], &[B], &[], Confidential);
    assert_eq!(read(&org, CLERK, &in_b), forbidden("NOT_ROUTED"));
}

#[test]
fn an_auditor_reads_everything_their_clearance_allows() {
    let org = org();
    for facts in [
        document(&[A], &[A1], &[], Normal),
        document(&[B], &[B], &[], Normal),
        document(&[], &[], &[], Normal),
        document(&[B], &[B], &[], Confidential),
    ] {
        assert_eq!(read(&org, AUDITOR, &facts), Ok(()), "{facts:?}");
    }
    assert_eq!(
        read(&org, AUDITOR, &document(&[B], &[B], &[], Secret)),
        forbidden("NOT_CLEARED")
    );
}

#[test]
fn without_a_position_no_document_is_read() {
    let org = org();
    let routed_to_nobody = document(&[A], &[A], &[], Normal);
    assert_eq!(
        read(&org, NEWCOMER, &routed_to_nobody),
        forbidden("NO_POSITION")
    );
}

#[test]
fn a_delegate_reads_what_was_routed_to_the_position_they_act_in() {
    let org = with([delegated(1, LEADER, SPECIALIST, DelegationScope::Position)]);
    let to_leader = document(&[B], &[B], &[LEADER], Normal);
    let as_leader = acting_in(&org, SPECIALIST, LEADER, noon());
    assert_eq!(
        authorize(Some(&as_leader), &org, &Action::ReadDocument(&to_leader)),
        Ok(())
    );
    assert_eq!(read(&org, SPECIALIST, &to_leader), forbidden("NOT_ROUTED"));
}

// ---------------------------------------------------------------------------------------
// authorize: keeping registers
// ---------------------------------------------------------------------------------------

#[test]
fn only_a_clerk_of_the_unit_keeps_its_registers() {
    let org = org();
    let keep = |u| Action::KeepRegistersOf { unit: unit(u) };
    assert_eq!(check(&org, CLERK, &keep(A)), Ok(()));
    for u in [A1, B, R] {
        assert_eq!(
            check(&org, CLERK, &keep(u)),
            forbidden("NOT_THE_REGISTER_KEEPER"),
            "{u}"
        );
    }
    for who in [ADMIN, LEADER, SPECIALIST, AUDITOR] {
        assert_eq!(
            check(&org, who, &keep(A)),
            forbidden("NOT_THE_REGISTER_KEEPER"),
            "{who}"
        );
    }
    assert_eq!(check(&org, NEWCOMER, &keep(A)), forbidden("NO_POSITION"));
}

#[test]
fn a_clerk_in_a_department_keeps_the_registers_of_the_unit_above_it() {
    // The ministry's clerks sit in its administration department and keep its registers.
    let clerk_a1 = 40;
    let org = with([
        person_registered(person(clerk_a1), "clerka1", Confidentiality::Normal),
        position_assigned(position(clerk_a1), person(clerk_a1), unit(A1), "clerk"),
    ]);
    assert_eq!(org.office_of(unit(A1)), Some(unit(A)));
    assert_eq!(org.office_of(unit(A)), Some(unit(A)));
    let keep = |u| Action::KeepRegistersOf { unit: unit(u) };
    assert_eq!(check(&org, clerk_a1, &keep(A)), Ok(()));
    assert_eq!(
        check(&org, clerk_a1, &keep(A1)),
        forbidden("NOT_THE_REGISTER_KEEPER")
    );
    let kept_by_a = document(&[A], &[A], &[], Confidentiality::Normal);
    assert_eq!(read(&org, clerk_a1, &kept_by_a), Ok(()));
}

#[test]
fn an_administrator_acting_by_delegation_does_not_delegate() {
    use chancery_domain::organisation::DelegationScope;
    let organisation = organisation([
        agency_created(unit(1), "a", "A"),
        role_defined("system_admin", &[Permission::ManageOrganisation], false),
        role_defined("specialist", &[Permission::HandleDocuments], false),
        person_registered(person(1), "admin", Confidentiality::Normal),
        person_registered(person(2), "stand.in", Confidentiality::Normal),
        person_registered(person(3), "other", Confidentiality::Normal),
        position_assigned(position(1), person(1), unit(1), "system_admin"),
        position_assigned(position(2), person(2), unit(1), "specialist"),
        position_assigned(position(3), person(3), unit(1), "specialist"),
        delegation_granted(
            delegation(1),
            position(1),
            person(2),
            DelegationScope::Position,
            at(8, 0, 0),
            at(18, 0, 0),
        ),
    ]);
    let stand_in =
        Principal::resolve(&organisation, person(2), Some(position(1)), at(9, 0, 0)).unwrap();
    assert_eq!(
        authorize(
            Some(&stand_in),
            &organisation,
            &Action::Delegate {
                position: position(3),
                holder: person(3)
            }
        ),
        Err(Denied::Forbidden("NOT_YOUR_POSITION"))
    );
    let admin = Principal::resolve(&organisation, person(1), None, at(9, 0, 0)).unwrap();
    assert!(
        authorize(
            Some(&admin),
            &organisation,
            &Action::Delegate {
                position: position(3),
                holder: person(3)
            }
        )
        .is_ok()
    );
}

#[test]
fn a_pool_step_is_acted_on_only_from_the_documents_unit() {
    let org = org();
    let in_a = document(&[A], &[A], &[], Confidentiality::Normal);
    let pool = |facts| Action::ActOnDocument {
        facts,
        named: false,
    };
    assert_eq!(check(&org, CLERK, &pool(&in_a)), Ok(()));
    assert_eq!(check(&org, LEADER, &pool(&in_a)), Ok(()));
    // A specialist of a department of A acts on A's pool steps; B's people do not.
    assert_eq!(check(&org, SPECIALIST, &pool(&in_a)), Ok(()));
    assert_eq!(
        check(&org, OUTSIDER, &pool(&in_a)),
        forbidden("NOT_IN_THE_UNIT")
    );
    assert_eq!(
        check(&org, LEADER_B, &pool(&in_a)),
        forbidden("NOT_IN_THE_UNIT")
    );
    // Named holders act wherever they sit, if cleared.
    let named = Action::ActOnDocument {
        facts: &in_a,
        named: true,
    };
    assert_eq!(check(&org, OUTSIDER, &named), Ok(()));
    let secret = document(&[A], &[A], &[], Confidentiality::Secret);
    let named_secret = Action::ActOnDocument {
        facts: &secret,
        named: true,
    };
    assert_eq!(
        check(&org, SPECIALIST, &named_secret),
        forbidden("NOT_CLEARED")
    );
    // A clerk of the ministry's office does not act on a unit's pool steps.
    let in_b = document(&[B], &[B], &[], Confidentiality::Normal);
    assert_eq!(
        check(&org, CLERK, &pool(&in_b)),
        forbidden("NOT_IN_THE_UNIT")
    );
}

#[test]
fn supervisors_watch_overdue_work_within_their_reach() {
    // Another agency (S, with a department S1); a regulation officer and a General Affairs
    // officer and leader in the office's department A1; the head of S.
    const S: u128 = 10;
    const S1: u128 = 11;
    const MONITOR: u128 = 20;
    const GA_OFFICER: u128 = 21;
    const GA_LEADER: u128 = 22;
    const HEAD_S: u128 = 23;
    let org = with([
        agency_created(unit(S), "SNV", "SNV"),
        unit_created(unit(S1), unit(S), UnitKind::Department, "SNV.TC", "TC"),
        role_defined(
            "regulation_officer",
            &[Permission::MonitorDeadlines, Permission::HandleDocuments],
            false,
        ),
        role_defined(
            "general_affairs_officer",
            &[Permission::ProposeAssignment, Permission::HandleDocuments],
            false,
        ),
        role_defined(
            "general_affairs_leader",
            &[
                Permission::ApproveAssignment,
                Permission::DirectUnitDocuments,
                Permission::HandleDocuments,
            ],
            false,
        ),
        person_registered(person(MONITOR), "monitor", Normal),
        person_registered(person(GA_OFFICER), "gaofficer", Normal),
        person_registered(person(GA_LEADER), "galeader", Normal),
        person_registered(person(HEAD_S), "heads", Normal),
        position_assigned(
            position(MONITOR),
            person(MONITOR),
            unit(A1),
            "regulation_officer",
        ),
        position_assigned(
            position(GA_OFFICER),
            person(GA_OFFICER),
            unit(A1),
            "general_affairs_officer",
        ),
        position_assigned(
            position(GA_LEADER),
            person(GA_LEADER),
            unit(A1),
            "general_affairs_leader",
        ),
        position_assigned(position(HEAD_S), person(HEAD_S), unit(S), "leader"),
    ]);
    let supervise = |who: u128, u: u128| check(&org, who, &Action::SuperviseUnit { unit: unit(u) });
    let no = forbidden("NOT_A_SUPERVISOR");
    let everywhere = [R, A, A1, B, S, S1];

    // Auditors: every unit of every agency.
    for u in everywhere {
        assert_eq!(supervise(AUDITOR, u), Ok(()), "auditor, unit {u}");
    }
    // Leaders: their unit and below, not above it nor beside it.
    assert_eq!(supervise(LEADER, A), Ok(()));
    assert_eq!(supervise(LEADER, A1), Ok(()));
    assert_eq!(supervise(LEADER, R), no);
    assert_eq!(supervise(LEADER, B), no);
    assert_eq!(supervise(LEADER_B, B), Ok(()));
    assert_eq!(supervise(LEADER_B, A), no);
    assert_eq!(supervise(HEAD_S, S), Ok(()));
    assert_eq!(supervise(HEAD_S, S1), Ok(()));
    assert_eq!(supervise(HEAD_S, R), no);
    // Deadline monitors and General Affairs: their whole agency, from a department of its
    // office, and no other agency.
    for who in [MONITOR, GA_OFFICER, GA_LEADER] {
        for u in [R, A, A1, B] {
            assert_eq!(supervise(who, u), Ok(()), "person {who}, unit {u}");
        }
        for u in [S, S1] {
            assert_eq!(supervise(who, u), no, "person {who}, unit {u}");
        }
    }
    // Handlers, clerks and administrators supervise nothing, not even their own unit.
    for who in [SPECIALIST, OUTSIDER, CLERK, ADMIN] {
        for u in everywhere {
            assert_eq!(supervise(who, u), no, "person {who}, unit {u}");
        }
    }
    // What counts is the position acted in: the clerk holding a leader's position too
    // supervises only while acting in it.
    let org = with([position_assigned(
        position(30),
        person(CLERK),
        unit(B),
        "leader",
    )]);
    let as_clerk = principal(&org, CLERK);
    let as_leader = acting_in(&org, CLERK, 30, noon());
    let b = Action::SuperviseUnit { unit: unit(B) };
    assert_eq!(authorize(Some(&as_clerk), &org, &b), no);
    assert_eq!(authorize(Some(&as_leader), &org, &b), Ok(()));
    // Without a position, or a login, nothing.
    let newcomer = principal(&org, NEWCOMER);
    assert_eq!(
        authorize(Some(&newcomer), &org, &b),
        forbidden("NO_POSITION")
    );
    assert_eq!(authorize(None, &org, &b), Err(Denied::Unauthenticated));
}

// ---------------------------------------------------------------------------------------
// Lists, books and searches: the read scope
// ---------------------------------------------------------------------------------------

/// Every document shape over the test ministry: each unit (or none) as register and
/// handling unit, routed to nobody or to one of the people, at every level.
fn every_document() -> Vec<DocumentFacts> {
    let units: [&[u128]; 5] = [&[], &[R], &[A], &[A1], &[B]];
    let routed: [&[u128]; 5] = [&[], &[CLERK], &[LEADER], &[SPECIALIST], &[OUTSIDER]];
    let mut all = Vec::new();
    for register in units {
        for handled in units {
            for to in routed {
                for level in [Normal, Confidential, Secret, TopSecret] {
                    all.push(document(register, handled, to, level));
                    for pool in [&["clerk"][..], &["specialist", "leader"][..]] {
                        all.push(DocumentFacts {
                            pool_roles: pool.iter().map(|r| (*r).to_owned()).collect(),
                            ..document(register, handled, to, level)
                        });
                    }
                }
            }
        }
    }
    all
}

#[test]
fn a_list_admits_exactly_the_documents_the_reader_may_open() {
    // Given every person of the ministry and every shape of document,
    let org = org();
    for who in [
        ADMIN, CLERK, LEADER, SPECIALIST, OUTSIDER, AUDITOR, NEWCOMER, LEADER_B,
    ] {
        let principal = principal(&org, who);
        let scope = read_scope(&principal, &org);
        for facts in every_document() {
            // when a list filters with the read scope, then it keeps what ReadDocument allows.
            let opens = authorize(Some(&principal), &org, &Action::ReadDocument(&facts)).is_ok();
            assert_eq!(scope.admits(&facts), opens, "person {who}, {facts:?}");
        }
    }
}

#[test]
fn the_read_scope_of_a_reader_names_their_clearance_and_their_reach() {
    let org = org();
    let clerk = read_scope(&principal(&org, CLERK), &org);
    assert_eq!(clerk.clearance, vec![Normal, Confidential]);
    assert_eq!(clerk.keeper_units, vec![unit(A)]);
    assert!(clerk.lead_units.is_empty() && !clerk.everything);
    let leader = read_scope(&principal(&org, LEADER), &org);
    let mut led = leader.lead_units.clone();
    led.sort();
    assert_eq!(led, vec![unit(A), unit(A1)]);
    assert!(read_scope(&principal(&org, AUDITOR), &org).everything);
    // Without a position, nothing at all.
    let newcomer = read_scope(&principal(&org, NEWCOMER), &org);
    assert!(newcomer.clearance.is_empty());
    assert!(!newcomer.admits(&document(&[A], &[A], &[NEWCOMER], Normal)));
}

#[test]
fn an_incoming_book_is_opened_by_its_keepers_its_units_leaders_and_auditors() {
    let org = org();
    let book = |owner, outgoing| Action::ReadRegisterBook {
        owner: unit(owner),
        outgoing,
        limit: Normal,
    };
    assert_eq!(check(&org, CLERK, &book(A, false)), Ok(()));
    assert_eq!(check(&org, LEADER, &book(A, false)), Ok(()));
    assert_eq!(check(&org, AUDITOR, &book(A, false)), Ok(()));
    for who in [SPECIALIST, OUTSIDER, LEADER_B, ADMIN] {
        assert_eq!(
            check(&org, who, &book(A, false)),
            forbidden("NOT_THE_REGISTER_KEEPER"),
            "person {who}"
        );
    }
    // Not another unit's book, nor the book of the unit above.
    assert_eq!(
        check(&org, CLERK, &book(B, false)),
        forbidden("NOT_THE_REGISTER_KEEPER")
    );
    assert_eq!(
        check(&org, LEADER, &book(R, false)),
        forbidden("NOT_THE_REGISTER_KEEPER")
    );
}

#[test]
fn an_outgoing_book_is_opened_by_its_keepers_and_auditors_only() {
    let org = org();
    let book = Action::ReadRegisterBook {
        owner: unit(A),
        outgoing: true,
        limit: Normal,
    };
    assert_eq!(check(&org, CLERK, &book), Ok(()));
    assert_eq!(check(&org, AUDITOR, &book), Ok(()));
    assert_eq!(
        check(&org, LEADER, &book),
        forbidden("NOT_THE_REGISTER_KEEPER")
    );
}

/// Register `n` of `owner`.
fn register_of(
    n: u128,
    owner: u128,
    kind: RegisterKind,
    limit: Confidentiality,
) -> RegisterDefined {
    RegisterDefined {
        register_id: register(n),
        kind,
        owner_unit_id: unit(owner),
        code: format!("r{n}"),
        name: format!("Register {n}"),
        document_types: Default::default(),
        max_confidentiality: limit,
        active: true,
    }
}

#[test]
fn a_secret_register_is_opened_only_by_readers_cleared_above_normal() {
    // Given a secret register of the office A and a clerk of A not cleared at all,
    let org = with([
        person_registered(person(9), "clerk2", Normal),
        position_assigned(position(9), person(9), unit(A), "clerk"),
    ]);
    let secret = Action::ReadRegisterBook {
        owner: unit(A),
        outgoing: false,
        limit: TopSecret,
    };
    // then the uncleared clerk may not open it, the cleared clerk, leader and auditor may.
    assert_eq!(check(&org, 9, &secret), forbidden("NOT_CLEARED"));
    for who in [CLERK, LEADER, AUDITOR] {
        assert_eq!(check(&org, who, &secret), Ok(()), "person {who}");
    }
}

#[test]
fn a_register_list_offers_the_books_one_keeps_first_then_those_one_may_read() {
    // Given the registers of the ministry R, its office A (incoming, outgoing, secret) and
    // the personnel department B,
    let org = org();
    let registers = [
        register_of(1, R, RegisterKind::Incoming, Normal),
        register_of(2, B, RegisterKind::Incoming, Normal),
        register_of(3, A, RegisterKind::Incoming, Normal),
        register_of(4, A, RegisterKind::Outgoing, Normal),
        register_of(5, A, RegisterKind::Incoming, TopSecret),
        register_of(6, B, RegisterKind::Outgoing, Normal),
    ];
    let books = |who| {
        openable_books(&principal(&org, who), &org, &registers)
            .into_iter()
            .map(|b| {
                let n = (1..=6).find(|n| register(*n) == b.register).unwrap();
                (n, b.kept)
            })
            .collect::<Vec<_>>()
    };
    // when A's clerk lists them, they get A's books, all kept, and nothing else;
    assert_eq!(books(CLERK), [(3, true), (4, true), (5, true)]);
    // A's leader reads A's incoming books (the secret one too: cleared), keeps none;
    assert_eq!(books(LEADER), [(3, false), (5, false)]);
    // B's leader reads B's incoming book only; the auditor every book;
    assert_eq!(books(LEADER_B), [(2, false)]);
    assert_eq!(books(AUDITOR).len(), registers.len());
    // and a specialist, an outsider and the administrator none.
    for who in [SPECIALIST, OUTSIDER, ADMIN] {
        assert!(books(who).is_empty(), "person {who}");
    }
    // Every book listed opens (the list and the book query agree).
    for who in [CLERK, LEADER, LEADER_B, AUDITOR] {
        for b in openable_books(&principal(&org, who), &org, &registers) {
            let r = registers
                .iter()
                .find(|r| r.register_id == b.register)
                .unwrap();
            let open = Action::ReadRegisterBook {
                owner: r.owner_unit_id,
                outgoing: r.kind == RegisterKind::Outgoing,
                limit: r.max_confidentiality,
            };
            assert_eq!(check(&org, who, &open), Ok(()));
        }
    }
}

#[test]
fn a_book_row_above_the_readers_clearance_or_unrouted_to_a_leader_is_not_shown() {
    // Given a book of unit A holding a row at each level,
    let org = org();
    let row = |level| document(&[A], &[A], &[], level);
    // then its keeper (cleared for Confidential) sees Normal and Confidential rows, not Secret;
    let clerk = read_scope(&principal(&org, CLERK), &org);
    assert!(clerk.admits(&row(Normal)) && clerk.admits(&row(Confidential)));
    assert!(!clerk.admits(&row(Secret)));
    // its leader (cleared for Secret) sees the Normal rows only, unless routed the document.
    let leader = read_scope(&principal(&org, LEADER), &org);
    assert!(leader.admits(&row(Normal)));
    assert!(!leader.admits(&row(Confidential)) && !leader.admits(&row(Secret)));
    assert!(leader.admits(&document(&[A], &[A], &[LEADER], Secret)));
}

#[test]
fn nobody_classifies_a_document_above_their_own_clearance() {
    let org = org();
    assert_eq!(
        check(
            &org,
            CLERK,
            &Action::Classify {
                level: Confidential
            }
        ),
        Ok(())
    );
    assert_eq!(
        check(&org, CLERK, &Action::Classify { level: Secret }),
        forbidden("NOT_CLEARED_TO_CLASSIFY")
    );
    assert_eq!(
        check(
            &org,
            OUTSIDER,
            &Action::Classify {
                level: Confidential
            }
        ),
        forbidden("NOT_CLEARED_TO_CLASSIFY")
    );
    assert_eq!(
        check(&org, OUTSIDER, &Action::Classify { level: Normal }),
        Ok(())
    );
}

// ---------------------------------------------------------------------------------------
// Handing a document on
// ---------------------------------------------------------------------------------------

fn handover(
    org: &Organisation,
    level: Confidentiality,
    in_unit: u128,
    named: &[u128],
    pool: &[&str],
) -> Result<(), Denied> {
    let named: Vec<PositionId> = named.iter().copied().map(position).collect();
    let roles: Vec<String> = pool.iter().map(|r| (*r).to_owned()).collect();
    hand_over(
        org,
        &Handover {
            confidentiality: level,
            unit: unit(in_unit),
            named: &named,
            pool_roles: &roles,
        },
    )
}

#[test]
fn a_confidential_document_goes_to_named_people_only_when_they_are_cleared() {
    let org = org();
    // The specialist is cleared for Confidential, the outsider for Normal only.
    assert_eq!(handover(&org, Confidential, A, &[SPECIALIST], &[]), Ok(()));
    assert_eq!(
        handover(&org, Confidential, B, &[OUTSIDER], &[]),
        forbidden("RECIPIENT_NOT_CLEARED")
    );
    assert_eq!(
        handover(&org, Secret, A, &[LEADER, SPECIALIST], &[]),
        forbidden("RECIPIENT_NOT_CLEARED")
    );
    // A normal document goes to anyone.
    assert_eq!(handover(&org, Normal, B, &[OUTSIDER], &[]), Ok(()));
}

#[test]
fn a_confidential_document_goes_to_a_pool_only_when_one_holder_is_cleared() {
    let org = org();
    // Specialists of A (and below): the specialist of A1, cleared for Confidential.
    assert_eq!(
        handover(&org, Confidential, A, &[], &["specialist"]),
        Ok(())
    );
    assert_eq!(
        handover(&org, Secret, A, &[], &["specialist"]),
        forbidden("NO_CLEARED_HOLDER")
    );
    // Specialists of B: the outsider, cleared for Normal only.
    assert_eq!(
        handover(&org, Confidential, B, &[], &["specialist"]),
        forbidden("NO_CLEARED_HOLDER")
    );
    assert_eq!(handover(&org, Normal, B, &[], &["specialist"]), Ok(()));
    // A clerk belongs to the pool of their office: A's clerk is cleared for Confidential.
    assert_eq!(handover(&org, Confidential, A, &[], &["clerk"]), Ok(()));
    assert_eq!(
        handover(&org, Confidential, B, &[], &["clerk"]),
        forbidden("NO_CLEARED_HOLDER")
    );
}

#[test]
fn the_holders_of_a_pool_read_the_document_they_are_to_act_on() {
    // Given a confidential document of A waiting for A's specialists (a pool),
    let org = org();
    let pooled = |level| DocumentFacts {
        pool_roles: vec!["specialist".to_owned()],
        ..document(&[A], &[A], &[], level)
    };
    // then the specialist of A1 (below A, cleared for Confidential) reads it,
    assert_eq!(read(&org, SPECIALIST, &pooled(Confidential)), Ok(()));
    // not above their clearance,
    assert_eq!(
        read(&org, SPECIALIST, &pooled(Secret)),
        forbidden("NOT_CLEARED")
    );
    // and not the specialist of another unit.
    assert_eq!(
        read(&org, OUTSIDER, &pooled(Normal)),
        forbidden("NOT_ROUTED")
    );
}

#[test]
fn contact_details_are_for_colleagues_of_the_agency_and_clearance_for_the_person_and_administrators()
 {
    // Given a second agency with one person,
    let org = with([
        agency_created(unit(9), "SNV", "SNV"),
        person_registered(person(20), "elsewhere", Normal),
        position_assigned(position(20), person(20), unit(9), "specialist"),
    ]);
    let contact = |of| Action::ViewContactDetails { of: person(of) };
    // then colleagues of the ministry see each other's contact details,
    assert_eq!(check(&org, SPECIALIST, &contact(OUTSIDER)), Ok(()));
    assert_eq!(check(&org, OUTSIDER, &contact(OUTSIDER)), Ok(()));
    // another agency's people do not, administrators do.
    assert_eq!(
        check(&org, 20, &contact(SPECIALIST)),
        forbidden("NOT_A_COLLEAGUE")
    );
    assert_eq!(
        check(&org, SPECIALIST, &contact(20)),
        forbidden("NOT_A_COLLEAGUE")
    );
    assert_eq!(check(&org, ADMIN, &contact(20)), Ok(()));
    // A clearance: the person, the administrator, the auditor; not a colleague.
    let clearance = |of| Action::ViewClearance { of: person(of) };
    assert_eq!(check(&org, SPECIALIST, &clearance(SPECIALIST)), Ok(()));
    assert_eq!(check(&org, ADMIN, &clearance(SPECIALIST)), Ok(()));
    assert_eq!(check(&org, AUDITOR, &clearance(SPECIALIST)), Ok(()));
    assert_eq!(
        check(&org, LEADER, &clearance(SPECIALIST)),
        forbidden("NOT_YOUR_ACCOUNT")
    );
}

#[test]
fn the_directory_lists_ones_own_agency_and_everyone_for_administrators_and_auditors() {
    let org = org();
    assert_eq!(
        directory_reach(&principal(&org, SPECIALIST), &org),
        Ok(Some(unit(R)))
    );
    assert_eq!(directory_reach(&principal(&org, ADMIN), &org), Ok(None));
    assert_eq!(directory_reach(&principal(&org, AUDITOR), &org), Ok(None));
    assert_eq!(
        directory_reach(&principal(&org, NEWCOMER), &org),
        forbidden("NO_POSITION").map(|()| None)
    );
}

// ---------------------------------------------------------------------------------------
// may_attach_file: attaching a file by its hash
// ---------------------------------------------------------------------------------------

fn attach(
    org: &Organisation,
    who: u128,
    uploaded_by_caller: bool,
    carried_by: Option<&DocumentFacts>,
) -> Result<(), Denied> {
    chancery_domain::access::may_attach_file(
        &principal(org, who),
        org,
        &chancery_domain::access::FileOrigin {
            uploaded_by_caller,
            carried_by,
        },
    )
}

#[test]
fn a_person_attaches_the_bytes_they_uploaded() {
    // Given the outsider uploaded a file
    // When they attach it to a document they receive (no document carries it yet)
    // Then it is allowed
    assert_eq!(attach(&org(), OUTSIDER, true, None), Ok(()));
}

#[test]
fn knowing_a_hash_is_not_enough_to_attach_its_file() {
    // Given the clerk's confidential scan, whose hash is in its download address
    let scan = document(&[A], &[A], &[SPECIALIST], Confidential);
    // When the outsider, who never uploaded it, attaches it by its hash to their own
    // document, or claims it comes from the clerk's document
    // Then both are refused
    assert_eq!(
        attach(&org(), OUTSIDER, false, None),
        forbidden("FILE_NOT_YOURS")
    );
    assert_eq!(
        attach(&org(), OUTSIDER, false, Some(&scan)),
        forbidden("FILE_NOT_YOURS")
    );
}

#[test]
fn the_file_of_a_readable_document_is_attached_again_to_it() {
    // Given a draft whose previous version carries the file, routed to the specialist
    let draft = document(&[A], &[A1], &[SPECIALIST], Normal);
    // When the specialist (who did not upload it) keeps that file in a new version
    // Then it is allowed: they may read the document carrying it
    assert_eq!(attach(&org(), SPECIALIST, false, Some(&draft)), Ok(()));
}

#[test]
fn the_file_of_a_document_one_may_not_read_is_not_attached() {
    // Given a secret document carrying the file, routed to the clerk (cleared confidential)
    let secret = document(&[A], &[A], &[CLERK], Secret);
    // When the clerk attaches its file as if re-using it
    // Then it is refused: the clerk may not read that document
    assert_eq!(
        attach(&org(), CLERK, false, Some(&secret)),
        forbidden("FILE_NOT_YOURS")
    );
}

#[test]
fn without_a_position_nothing_is_attached() {
    // Given the newcomer holds no position
    // When they attach even bytes they uploaded
    // Then it is refused
    assert_eq!(
        attach(&org(), NEWCOMER, true, None),
        forbidden("NO_POSITION")
    );
}

#[test]
fn only_auditors_see_the_signed_checkpoints_of_history() {
    let org = org();
    assert_eq!(
        check(&org, AUDITOR, &Action::ViewHistoryCheckpoints),
        Ok(())
    );
    for who in [ADMIN, CLERK, LEADER, SPECIALIST, OUTSIDER] {
        assert_eq!(
            check(&org, who, &Action::ViewHistoryCheckpoints),
            forbidden("NOT_AN_AUDITOR"),
            "{who}"
        );
    }
}
