//! Given/when/then for the organisation and catalogue deciders: given events → state, when a
//! command → the events it produces or the refusal. No I/O, no clock: times are fixed.
//!
//! A refusal is a `DomainError`, never a partial list of events; `then_refused` asserts its
//! kind, code and field (and that the command produced no events at all).
#![allow(dead_code)] // each test file uses its own share of the helpers

use std::collections::BTreeSet;
use std::fmt::Debug;

use chancery_domain::catalogues::{CatalogueCommand, CatalogueEvent, Catalogues};
use chancery_domain::ids::{DelegationId, PositionId, RegisterId, UnitId, UserId};
use chancery_domain::organisation::{
    DelegationGranted, DelegationRevoked, DelegationScope, Names, OrgCommand, OrgEvent,
    Organisation, Permission, PersonDeactivated, PersonRegistered, PositionAssigned, PositionEnded,
    RoleDefined, SigningAuthority, UnitCreated, UnitDissolved, UnitKind,
};
use chancery_domain::reference::Confidentiality;
use chancery_domain::{DomainError, DomainResult, ErrorKind};
use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// Identifiers and times
// ---------------------------------------------------------------------------------------

pub fn unit(n: u128) -> UnitId {
    UnitId(Uuid::from_u128(0x1000 + n))
}

pub fn person(n: u128) -> UserId {
    UserId(Uuid::from_u128(0x2000 + n))
}

pub fn position(n: u128) -> PositionId {
    PositionId(Uuid::from_u128(0x3000 + n))
}

pub fn delegation(n: u128) -> DelegationId {
    DelegationId(Uuid::from_u128(0x4000 + n))
}

pub fn register(n: u128) -> RegisterId {
    RegisterId(Uuid::from_u128(0x5000 + n))
}

/// 2 March 2026 (a Monday) at `hour:minute:second` UTC.
pub fn at(hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, minute, second)
        .single()
        .unwrap()
}

// ---------------------------------------------------------------------------------------
// Given: events
// ---------------------------------------------------------------------------------------

/// A top-level agency.
pub fn agency_created(id: UnitId, code: &str, abbreviation: &str) -> OrgEvent {
    OrgEvent::UnitCreated(UnitCreated {
        unit_id: id,
        parent_id: None,
        kind: UnitKind::Agency,
        code: code.to_owned(),
        abbreviation: abbreviation.to_owned(),
        name: format!("Cơ quan {code}"),
        identifier_code: None,
        country: None,
    })
}

pub fn unit_created(
    id: UnitId,
    parent: UnitId,
    kind: UnitKind,
    code: &str,
    abbreviation: &str,
) -> OrgEvent {
    OrgEvent::UnitCreated(UnitCreated {
        unit_id: id,
        parent_id: Some(parent),
        kind,
        code: code.to_owned(),
        abbreviation: abbreviation.to_owned(),
        name: format!("Đơn vị {code}"),
        identifier_code: None,
        country: None,
    })
}

pub fn unit_dissolved(id: UnitId) -> OrgEvent {
    OrgEvent::UnitDissolved(UnitDissolved { unit_id: id })
}

pub fn role_defined(code: &str, permissions: &[Permission], serves_leader: bool) -> OrgEvent {
    OrgEvent::RoleDefined(RoleDefined {
        code: code.to_owned(),
        names: Names {
            vi: format!("Vai trò {code}"),
            en: format!("Role {code}"),
            lo: format!("Role {code}"),
        },
        permissions: permissions.iter().copied().collect::<BTreeSet<_>>(),
        serves_leader,
    })
}

pub fn person_registered(id: UserId, username: &str, clearance: Confidentiality) -> OrgEvent {
    OrgEvent::PersonRegistered(PersonRegistered {
        person_id: id,
        username: username.to_owned(),
        full_name: format!("Nguyễn Văn {username}"),
        email: None,
        phone: None,
        clearance,
    })
}

pub fn person_deactivated(id: UserId) -> OrgEvent {
    OrgEvent::PersonDeactivated(PersonDeactivated { person_id: id })
}

pub fn position_assigned(id: PositionId, holder: UserId, in_unit: UnitId, role: &str) -> OrgEvent {
    OrgEvent::PositionAssigned(PositionAssigned {
        position_id: id,
        person_id: holder,
        unit_id: in_unit,
        role: role.to_owned(),
        title: None,
        serves: None,
    })
}

pub fn position_ended(id: PositionId) -> OrgEvent {
    OrgEvent::PositionEnded(PositionEnded { position_id: id })
}

pub fn delegation_granted(
    id: DelegationId,
    of: PositionId,
    to: UserId,
    scope: DelegationScope,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> OrgEvent {
    OrgEvent::DelegationGranted(DelegationGranted {
        delegation_id: id,
        position_id: of,
        delegate_id: to,
        scope,
        authority: SigningAuthority::Kt,
        starts_at,
        ends_at,
        note: None,
    })
}

pub fn delegation_revoked(id: DelegationId) -> OrgEvent {
    OrgEvent::DelegationRevoked(DelegationRevoked { delegation_id: id })
}

/// The organisation after `events`.
pub fn organisation(events: impl IntoIterator<Item = OrgEvent>) -> Organisation {
    let mut state = Organisation::default();
    for event in events {
        state.evolve(&event);
    }
    state
}

// ---------------------------------------------------------------------------------------
// When / then
// ---------------------------------------------------------------------------------------

/// A decider under test: a state that decides commands and evolves with events.
pub trait Decider: Clone + Debug + PartialEq {
    type Command: Debug;
    type Event: Clone + Debug + PartialEq;
    fn decide(&self, command: Self::Command) -> DomainResult<Vec<Self::Event>>;
    fn evolve(&mut self, event: &Self::Event);
}

impl Decider for Organisation {
    type Command = OrgCommand;
    type Event = OrgEvent;
    fn decide(&self, command: OrgCommand) -> DomainResult<Vec<OrgEvent>> {
        Organisation::decide(self, command)
    }
    fn evolve(&mut self, event: &OrgEvent) {
        Organisation::evolve(self, event);
    }
}

/// The catalogues, deciding against a fixed organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueState {
    pub organisation: Organisation,
    pub catalogues: Catalogues,
}

impl Decider for CatalogueState {
    type Command = CatalogueCommand;
    type Event = CatalogueEvent;
    fn decide(&self, command: CatalogueCommand) -> DomainResult<Vec<CatalogueEvent>> {
        self.catalogues.decide(&self.organisation, command)
    }
    fn evolve(&mut self, event: &CatalogueEvent) {
        self.catalogues.evolve(event);
    }
}

/// Given the organisation after `events`.
pub fn given(events: impl IntoIterator<Item = OrgEvent>) -> Given<Organisation> {
    Given {
        state: organisation(events),
    }
}

/// Given the catalogues after `events`, deciding against `organisation`.
pub fn given_catalogues(
    organisation: Organisation,
    events: impl IntoIterator<Item = CatalogueEvent>,
) -> Given<CatalogueState> {
    let mut catalogues = Catalogues::default();
    for event in events {
        catalogues.evolve(&event);
    }
    Given {
        state: CatalogueState {
            organisation,
            catalogues,
        },
    }
}

#[derive(Debug, Clone)]
pub struct Given<D: Decider> {
    pub state: D,
}

impl<D: Decider> Given<D> {
    pub fn when(&self, command: D::Command) -> Then<D> {
        let what = format!("{command:?}");
        Then {
            before: self.state.clone(),
            result: self.state.decide(command),
            what,
        }
    }

    /// Runs a command that must be accepted and applies its events: a longer history.
    pub fn after(self, command: D::Command) -> Given<D> {
        self.when(command).accepted()
    }
}

pub struct Then<D: Decider> {
    before: D,
    result: DomainResult<Vec<D::Event>>,
    what: String,
}

impl<D: Decider> Then<D> {
    /// The command was accepted with exactly these events.
    pub fn then_events(self, expected: &[D::Event]) -> Given<D> {
        let events = self.events();
        assert_eq!(events, expected);
        self.apply(&events)
    }

    /// The command was accepted and changed nothing (a retried or idempotent command).
    pub fn then_no_events(self) {
        let events = self.events();
        assert!(events.is_empty(), "expected no events, got {events:?}");
    }

    /// The command was refused with this kind, code and field. A refusal is an `Err`, so it
    /// carries no events: nothing is appended and the state stays as it was.
    pub fn then_refused(self, kind: ErrorKind, code: &str, field: Option<&str>) -> DomainError {
        let error = match self.result {
            Ok(events) => panic!(
                "expected {kind:?} {code} on {field:?} for {}, got events {events:?}",
                self.what
            ),
            Err(error) => error,
        };
        assert_eq!(
            (error.kind, error.code, error.field),
            (kind, code, field),
            "refusal of {}: {error}",
            self.what
        );
        assert!(!error.detail.is_empty(), "a refusal explains itself");
        error
    }

    /// The events of an accepted command.
    pub fn events(&self) -> Vec<D::Event> {
        match &self.result {
            Ok(events) => events.clone(),
            Err(error) => panic!("{} was refused: {error}", self.what),
        }
    }

    /// Accepted: the state after its events.
    pub fn accepted(self) -> Given<D> {
        let events = self.events();
        self.apply(&events)
    }

    fn apply(self, events: &[D::Event]) -> Given<D> {
        let mut state = self.before;
        for event in events {
            state.evolve(event);
        }
        Given { state }
    }
}
