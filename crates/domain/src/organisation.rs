//! The organisation: the tree of agencies, units and departments; roles (data, with the
//! permissions they grant); people; the positions they hold (kiêm nhiệm: several at once);
//! and delegations of a position, or of its signing power, for a period.
//!
//! The whole organisation of an installation is one stream, [`STREAM`]: decisions such as
//! "this move makes a cycle" or "this unit still has people" need the whole tree, and the
//! organisation changes rarely enough that one optimistic-concurrency stream is no bottleneck.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};
use crate::events::DomainEvent;
use crate::ids::{DelegationId, PositionId, UnitId, UserId};
use crate::reference::Confidentiality;
use crate::text::{self, TextRule};

/// The stream holding every organisation event.
pub const STREAM: &str = "organisation";

/// Most characters in a unit's or person's name.
pub const NAME_MAX: usize = 200;

/// What a role lets its holder do. Fixed in code; roles (data) combine them.
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
pub enum Permission {
    /// Units, roles, people, positions, delegations.
    ManageOrganisation,
    /// Accounts: create, reset passwords, unlock, revoke sessions.
    ManageAccounts,
    /// Document types, fields, external agencies, registers, calendars.
    ManageCatalogues,
    /// Everyone's usage log (logins, failures, logouts).
    ViewUsageLogs,
    /// Documents' full histories and hash-chain verification, read only.
    Audit,
    /// Register incoming documents and issue outgoing ones in the unit's registers (văn thư).
    KeepRegisters,
    /// Propose how a document is assigned to units (General Affairs officer).
    ProposeAssignment,
    /// Approve a proposed assignment (General Affairs leader).
    ApproveAssignment,
    /// Direct documents of the unit and see all of them (unit leaders, department heads).
    DirectUnitDocuments,
    /// Handle documents routed to the holder (specialists and everyone who receives work).
    HandleDocuments,
    /// Sign documents as the competent person.
    SignDocuments,
    /// Monitor and urge overdue work across the agency (regulation officer, supervisors).
    MonitorDeadlines,
    /// Act for the leader the holder serves (leader's secretary).
    AssistLeader,
}

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Self::ManageOrganisation,
        Self::ManageAccounts,
        Self::ManageCatalogues,
        Self::ViewUsageLogs,
        Self::Audit,
        Self::KeepRegisters,
        Self::ProposeAssignment,
        Self::ApproveAssignment,
        Self::DirectUnitDocuments,
        Self::HandleDocuments,
        Self::SignDocuments,
        Self::MonitorDeadlines,
        Self::AssistLeader,
    ];
}

/// The kind of a node of the organisation tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Cơ quan: a ministry, a province, an agency with its own identifier code and seal.
    Agency,
    /// Đơn vị: a unit of an agency (a department of a ministry, a bureau, the office).
    Unit,
    /// Phòng: a department inside a unit.
    Department,
}

/// Names of something in the three interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub vi: String,
    pub en: String,
    pub lo: String,
}

impl Names {
    /// Cleans all three; English and Lao fall back to the Vietnamese name when empty.
    pub fn clean(field: &'static str, vi: &str, en: &str, lo: &str) -> DomainResult<Self> {
        let rule = TextRule::line(field, NAME_MAX);
        let vi = rule.clean(vi)?;
        let en = rule.optional().clean(en)?;
        let lo = rule.optional().clean(lo)?;
        Ok(Self {
            en: if en.is_empty() { vi.clone() } else { en },
            lo: if lo.is_empty() { vi.clone() } else { lo },
            vi,
        })
    }
}

/// How a delegate signs (Decree 30, Art. 13 and Appendix I).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SigningAuthority {
    /// KT. — ký thay: a deputy signs for the head.
    Kt,
    /// TL. — thừa lệnh: signs by order of the head.
    Tl,
    /// TUQ. — thừa ủy quyền: signs under a written authorisation.
    Tuq,
    /// TM. — thay mặt: signs on behalf of a collective body.
    Tm,
}

impl SigningAuthority {
    /// The prefix written before the signer's title, e.g. `KT.`.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Kt => "KT.",
            Self::Tl => "TL.",
            Self::Tuq => "TUQ.",
            Self::Tm => "TM.",
        }
    }
}

/// What a delegation hands over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DelegationScope {
    /// The whole position: the delegate acts in it for the period.
    Position,
    /// Only its signing power.
    Signing,
}

/// A built-in role: `(code, vi, en, lo, permissions, serves a leader)`.
pub type RoleDef = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [Permission],
    bool,
);

/// The roles every installation starts with (administrators may add more, or change these).
pub const BUILT_IN_ROLES: &[RoleDef] = {
    use Permission::*;
    &[
        (
            "system_admin",
            "Quản trị hệ thống",
            "System administrator",
            "ຜູ້ບໍລິຫານລະບົບ",
            &[
                ManageOrganisation,
                ManageAccounts,
                ManageCatalogues,
                ViewUsageLogs,
            ],
            false,
        ),
        (
            "auditor",
            "Kiểm tra, giám sát",
            "Auditor",
            "ຜູ້ກວດສອບ",
            &[Audit, ViewUsageLogs],
            false,
        ),
        (
            "ministry_clerk",
            "Văn thư Bộ",
            "Ministry clerk",
            "ພະນັກງານເອກະສານກະຊວງ",
            &[KeepRegisters, HandleDocuments],
            false,
        ),
        (
            "unit_clerk",
            "Văn thư đơn vị",
            "Unit clerk",
            "ພະນັກງານເອກະສານໜ່ວຍງານ",
            &[KeepRegisters, HandleDocuments],
            false,
        ),
        (
            "general_affairs_officer",
            "Chuyên viên Phòng Tổng hợp",
            "General-affairs officer",
            "ພະນັກງານພະແນກສັງລວມ",
            &[ProposeAssignment, HandleDocuments],
            false,
        ),
        (
            "general_affairs_leader",
            "Lãnh đạo Phòng Tổng hợp",
            "General-affairs leader",
            "ຫົວໜ້າພະແນກສັງລວມ",
            &[ApproveAssignment, DirectUnitDocuments, HandleDocuments],
            false,
        ),
        (
            "regulation_officer",
            "Chuyên viên Phòng Quy chế, quy trình",
            "Regulation and process officer",
            "ພະນັກງານພະແນກລະບຽບການ",
            &[MonitorDeadlines, HandleDocuments],
            false,
        ),
        (
            "unit_head",
            "Thủ trưởng đơn vị",
            "Head of unit",
            "ຫົວໜ້າໜ່ວຍງານ",
            &[
                DirectUnitDocuments,
                SignDocuments,
                HandleDocuments,
                MonitorDeadlines,
            ],
            false,
        ),
        (
            "unit_deputy",
            "Phó Thủ trưởng đơn vị",
            "Deputy head of unit",
            "ຮອງຫົວໜ້າໜ່ວຍງານ",
            &[DirectUnitDocuments, SignDocuments, HandleDocuments],
            false,
        ),
        (
            "department_head",
            "Trưởng phòng",
            "Head of department",
            "ຫົວໜ້າພະແນກ",
            &[DirectUnitDocuments, HandleDocuments],
            false,
        ),
        (
            "specialist",
            "Chuyên viên",
            "Specialist",
            "ວິຊາການ",
            &[HandleDocuments],
            false,
        ),
        (
            "leader_secretary",
            "Thư ký Lãnh đạo Bộ",
            "Leader's secretary",
            "ເລຂານຸການຜູ້ນຳກະຊວງ",
            &[AssistLeader, HandleDocuments],
            true,
        ),
        (
            "ministry_leader",
            "Lãnh đạo Bộ",
            "Deputy minister",
            "ຮອງລັດຖະມົນຕີ",
            &[
                DirectUnitDocuments,
                SignDocuments,
                HandleDocuments,
                MonitorDeadlines,
            ],
            false,
        ),
        (
            "minister",
            "Bộ trưởng",
            "Minister",
            "ລັດຖະມົນຕີ",
            &[
                DirectUnitDocuments,
                SignDocuments,
                HandleDocuments,
                MonitorDeadlines,
            ],
            false,
        ),
    ]
};

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

/// A node was added to the organisation tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitCreated {
    pub unit_id: UnitId,
    pub parent_id: Option<UnitId>,
    pub kind: UnitKind,
    pub code: String,
    /// Used in document notations, e.g. `BNV` or `VP` in `05/BNV-VP`.
    pub abbreviation: String,
    pub name: String,
    /// National identifier code (QCVN 102), agencies only, e.g. `000.00.00.G09`.
    pub identifier_code: Option<String>,
    /// The country whose working calendar counts the agency's deadlines (agencies only;
    /// absent: the parent agency's, or Vietnam's at the top).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<crate::calendar::Country>,
}

impl DomainEvent for UnitCreated {
    const EVENT_TYPE: &'static str = "organisation.unit-created";
    const SCHEMA_VERSION: u32 = 2;
}

/// A node's code, abbreviation, name or identifier code changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitUpdated {
    pub unit_id: UnitId,
    pub code: String,
    pub abbreviation: String,
    pub name: String,
    pub identifier_code: Option<String>,
}

impl DomainEvent for UnitUpdated {
    const EVENT_TYPE: &'static str = "organisation.unit-updated";
    const SCHEMA_VERSION: u32 = 1;
}

/// A node moved under another parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitMoved {
    pub unit_id: UnitId,
    pub parent_id: UnitId,
}

impl DomainEvent for UnitMoved {
    const EVENT_TYPE: &'static str = "organisation.unit-moved";
    const SCHEMA_VERSION: u32 = 1;
}

/// A node was dissolved (it had no people and no active children). It stays in history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitDissolved {
    pub unit_id: UnitId,
}

impl DomainEvent for UnitDissolved {
    const EVENT_TYPE: &'static str = "organisation.unit-dissolved";
    const SCHEMA_VERSION: u32 = 1;
}

/// A role was defined, or redefined (same code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleDefined {
    pub code: String,
    pub names: Names,
    pub permissions: BTreeSet<Permission>,
    /// A holder must name the leader's position they serve (leader's secretary).
    pub serves_leader: bool,
}

impl DomainEvent for RoleDefined {
    const EVENT_TYPE: &'static str = "organisation.role-defined";
    const SCHEMA_VERSION: u32 = 1;
}

/// A person joined the organisation with an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRegistered {
    pub person_id: UserId,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Highest confidentiality this person is cleared for.
    pub clearance: Confidentiality,
}

impl DomainEvent for PersonRegistered {
    const EVENT_TYPE: &'static str = "organisation.person-registered";
    const SCHEMA_VERSION: u32 = 1;
}

/// A person's name, contact details or clearance changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonUpdated {
    pub person_id: UserId,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub clearance: Confidentiality,
}

impl DomainEvent for PersonUpdated {
    const EVENT_TYPE: &'static str = "organisation.person-updated";
    const SCHEMA_VERSION: u32 = 1;
}

/// A person left: their positions ended with them; they can no longer log in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonDeactivated {
    pub person_id: UserId,
}

impl DomainEvent for PersonDeactivated {
    const EVENT_TYPE: &'static str = "organisation.person-deactivated";
    const SCHEMA_VERSION: u32 = 1;
}

/// A person took a position: a role in a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PositionAssigned {
    pub position_id: PositionId,
    pub person_id: UserId,
    pub unit_id: UnitId,
    pub role: String,
    /// The title written under a signature, e.g. "Phó Chánh Văn phòng".
    pub title: Option<String>,
    /// For a leader's secretary: the leader's position served.
    pub serves: Option<PositionId>,
}

impl DomainEvent for PositionAssigned {
    const EVENT_TYPE: &'static str = "organisation.position-assigned";
    const SCHEMA_VERSION: u32 = 1;
}

/// A position ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PositionEnded {
    pub position_id: PositionId,
}

impl DomainEvent for PositionEnded {
    const EVENT_TYPE: &'static str = "organisation.position-ended";
    const SCHEMA_VERSION: u32 = 1;
}

/// A position, or its signing power, was delegated to a person for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegationGranted {
    pub delegation_id: DelegationId,
    pub position_id: PositionId,
    pub delegate_id: UserId,
    pub scope: DelegationScope,
    pub authority: SigningAuthority,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub note: Option<String>,
}

impl DomainEvent for DelegationGranted {
    const EVENT_TYPE: &'static str = "organisation.delegation-granted";
    const SCHEMA_VERSION: u32 = 1;
}

/// A delegation was withdrawn before its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegationRevoked {
    pub delegation_id: DelegationId,
}

impl DomainEvent for DelegationRevoked {
    const EVENT_TYPE: &'static str = "organisation.delegation-revoked";
    const SCHEMA_VERSION: u32 = 1;
}

/// Every organisation event.
#[derive(Debug, Clone, PartialEq)]
pub enum OrgEvent {
    UnitCreated(UnitCreated),
    UnitUpdated(UnitUpdated),
    UnitMoved(UnitMoved),
    UnitDissolved(UnitDissolved),
    RoleDefined(RoleDefined),
    PersonRegistered(PersonRegistered),
    PersonUpdated(PersonUpdated),
    PersonDeactivated(PersonDeactivated),
    PositionAssigned(PositionAssigned),
    PositionEnded(PositionEnded),
    DelegationGranted(DelegationGranted),
    DelegationRevoked(DelegationRevoked),
}

// ---------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub parent: Option<UnitId>,
    pub kind: UnitKind,
    pub code: String,
    pub abbreviation: String,
    pub name: String,
    pub identifier_code: Option<String>,
    /// Set on agencies whose calendar is not their parent's (see [`Organisation::country_of`]).
    pub country: Option<crate::calendar::Country>,
    pub dissolved: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub code: String,
    pub names: Names,
    pub permissions: BTreeSet<Permission>,
    pub serves_leader: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: UserId,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub clearance: Confidentiality,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub id: PositionId,
    pub person: UserId,
    pub unit: UnitId,
    pub role: String,
    pub title: Option<String>,
    pub serves: Option<PositionId>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    pub id: DelegationId,
    pub position: PositionId,
    pub delegate: UserId,
    pub scope: DelegationScope,
    pub authority: SigningAuthority,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub note: Option<String>,
    pub revoked: bool,
}

impl Delegation {
    /// In force at `now`.
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        !self.revoked && self.starts_at <= now && now < self.ends_at
    }
}

/// The organisation as the deciders see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Organisation {
    pub units: BTreeMap<UnitId, Unit>,
    pub roles: BTreeMap<String, Role>,
    pub people: BTreeMap<UserId, Person>,
    pub positions: BTreeMap<PositionId, Position>,
    pub delegations: BTreeMap<DelegationId, Delegation>,
    /// Units that own registers (from the catalogues, not from organisation events; set by
    /// whoever loads both). Their clerks keep them: see [`Organisation::office_of`].
    pub register_owners: std::collections::BTreeSet<UnitId>,
}

impl Organisation {
    /// Applies one event.
    pub fn evolve(&mut self, event: &OrgEvent) {
        match event {
            OrgEvent::UnitCreated(e) => {
                self.units.insert(
                    e.unit_id,
                    Unit {
                        id: e.unit_id,
                        parent: e.parent_id,
                        kind: e.kind,
                        code: e.code.clone(),
                        abbreviation: e.abbreviation.clone(),
                        name: e.name.clone(),
                        identifier_code: e.identifier_code.clone(),
                        country: e.country,
                        dissolved: false,
                    },
                );
            }
            OrgEvent::UnitUpdated(e) => {
                if let Some(u) = self.units.get_mut(&e.unit_id) {
                    u.code.clone_from(&e.code);
                    u.abbreviation.clone_from(&e.abbreviation);
                    u.name.clone_from(&e.name);
                    u.identifier_code.clone_from(&e.identifier_code);
                }
            }
            OrgEvent::UnitMoved(e) => {
                if let Some(u) = self.units.get_mut(&e.unit_id) {
                    u.parent = Some(e.parent_id);
                }
            }
            OrgEvent::UnitDissolved(e) => {
                if let Some(u) = self.units.get_mut(&e.unit_id) {
                    u.dissolved = true;
                }
            }
            OrgEvent::RoleDefined(e) => {
                self.roles.insert(
                    e.code.clone(),
                    Role {
                        code: e.code.clone(),
                        names: e.names.clone(),
                        permissions: e.permissions.clone(),
                        serves_leader: e.serves_leader,
                    },
                );
            }
            OrgEvent::PersonRegistered(e) => {
                self.people.insert(
                    e.person_id,
                    Person {
                        id: e.person_id,
                        username: e.username.clone(),
                        full_name: e.full_name.clone(),
                        email: e.email.clone(),
                        phone: e.phone.clone(),
                        clearance: e.clearance,
                        active: true,
                    },
                );
            }
            OrgEvent::PersonUpdated(e) => {
                if let Some(p) = self.people.get_mut(&e.person_id) {
                    p.full_name.clone_from(&e.full_name);
                    p.email.clone_from(&e.email);
                    p.phone.clone_from(&e.phone);
                    p.clearance = e.clearance;
                }
            }
            OrgEvent::PersonDeactivated(e) => {
                if let Some(p) = self.people.get_mut(&e.person_id) {
                    p.active = false;
                }
                for position in self.positions.values_mut() {
                    if position.person == e.person_id {
                        position.active = false;
                    }
                }
            }
            OrgEvent::PositionAssigned(e) => {
                self.positions.insert(
                    e.position_id,
                    Position {
                        id: e.position_id,
                        person: e.person_id,
                        unit: e.unit_id,
                        role: e.role.clone(),
                        title: e.title.clone(),
                        serves: e.serves,
                        active: true,
                    },
                );
            }
            OrgEvent::PositionEnded(e) => {
                if let Some(p) = self.positions.get_mut(&e.position_id) {
                    p.active = false;
                }
            }
            OrgEvent::DelegationGranted(e) => {
                self.delegations.insert(
                    e.delegation_id,
                    Delegation {
                        id: e.delegation_id,
                        position: e.position_id,
                        delegate: e.delegate_id,
                        scope: e.scope,
                        authority: e.authority,
                        starts_at: e.starts_at,
                        ends_at: e.ends_at,
                        note: e.note.clone(),
                        revoked: false,
                    },
                );
            }
            OrgEvent::DelegationRevoked(e) => {
                if let Some(d) = self.delegations.get_mut(&e.delegation_id) {
                    d.revoked = true;
                }
            }
        }
    }

    pub fn active_unit(&self, id: UnitId, field: &'static str) -> DomainResult<&Unit> {
        match self.units.get(&id) {
            Some(u) if !u.dissolved => Ok(u),
            _ => Err(DomainError::not_found(field, format!("no unit {id}"))),
        }
    }

    pub fn active_person(&self, id: UserId, field: &'static str) -> DomainResult<&Person> {
        match self.people.get(&id) {
            Some(p) if p.active => Ok(p),
            _ => Err(DomainError::not_found(field, format!("no person {id}"))),
        }
    }

    pub fn active_position(&self, id: PositionId, field: &'static str) -> DomainResult<&Position> {
        match self.positions.get(&id) {
            Some(p) if p.active => Ok(p),
            _ => Err(DomainError::not_found(field, format!("no position {id}"))),
        }
    }

    /// Is `candidate` `unit` itself or below it?
    pub fn is_within(&self, candidate: UnitId, unit: UnitId) -> bool {
        let mut cursor = Some(candidate);
        let mut steps = 0;
        while let Some(id) = cursor {
            if id == unit {
                return true;
            }
            steps += 1;
            if steps > self.units.len() {
                return false;
            }
            cursor = self.units.get(&id).and_then(|u| u.parent);
        }
        false
    }

    /// The country whose working calendar counts deadlines at `unit`: the nearest agency at
    /// or above it that names one, else Vietnam.
    pub fn country_of(&self, unit: UnitId) -> crate::calendar::Country {
        let mut cursor = self.units.get(&unit);
        let mut steps = 0;
        while let Some(u) = cursor {
            if let Some(country) = u.country {
                return country;
            }
            steps += 1;
            if steps > self.units.len() {
                break;
            }
            cursor = u.parent.and_then(|p| self.units.get(&p));
        }
        crate::calendar::Country::Vietnam
    }

    /// The office whose registers a clerk of `unit` keeps: the nearest unit at or above it
    /// that owns registers (the ministry's clerks sit in the administration department of
    /// the ministry's office and keep the ministry's registers). When no register owners
    /// are known, the nearest agency or unit (a department has no registers of its own).
    pub fn office_of(&self, unit: UnitId) -> Option<UnitId> {
        let mut cursor = self.units.get(&unit);
        let mut steps = 0;
        while let Some(u) = cursor {
            let owns = if self.register_owners.is_empty() {
                u.kind != UnitKind::Department
            } else {
                self.register_owners.contains(&u.id)
            };
            if owns {
                return Some(u.id);
            }
            steps += 1;
            if steps > self.units.len() {
                return None;
            }
            cursor = u.parent.and_then(|p| self.units.get(&p));
        }
        None
    }

    /// The agency a unit belongs to (the nearest agency at or above it).
    pub fn agency_of(&self, unit: UnitId) -> Option<&Unit> {
        let mut cursor = self.units.get(&unit);
        let mut steps = 0;
        while let Some(u) = cursor {
            if u.kind == UnitKind::Agency {
                return Some(u);
            }
            steps += 1;
            if steps > self.units.len() {
                return None;
            }
            cursor = u.parent.and_then(|p| self.units.get(&p));
        }
        None
    }

    /// The person's active positions.
    pub fn positions_of(&self, person: UserId) -> impl Iterator<Item = &Position> {
        self.positions
            .values()
            .filter(move |p| p.active && p.person == person)
    }

    /// Delegations to `person` in force at `now`, whose position is still held.
    pub fn delegations_to(
        &self,
        person: UserId,
        now: DateTime<Utc>,
    ) -> impl Iterator<Item = &Delegation> {
        self.delegations.values().filter(move |d| {
            d.delegate == person
                && d.in_force(now)
                && self.positions.get(&d.position).is_some_and(|p| p.active)
        })
    }
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/// A change to the organisation, as an administrator (or a position holder, for
/// delegations) asks for it. Text arrives raw; the decider cleans and checks it.
#[derive(Debug, Clone)]
pub enum OrgCommand {
    CreateUnit {
        unit_id: UnitId,
        parent_id: Option<UnitId>,
        kind: UnitKind,
        code: String,
        abbreviation: String,
        name: String,
        identifier_code: Option<String>,
        /// Agencies only: the country whose calendar counts deadlines (default: inherited).
        country: Option<crate::calendar::Country>,
    },
    UpdateUnit {
        unit_id: UnitId,
        code: String,
        abbreviation: String,
        name: String,
        identifier_code: Option<String>,
    },
    MoveUnit {
        unit_id: UnitId,
        parent_id: UnitId,
    },
    DissolveUnit {
        unit_id: UnitId,
    },
    DefineRole {
        code: String,
        names: (String, String, String),
        permissions: BTreeSet<Permission>,
        serves_leader: bool,
    },
    RegisterPerson {
        person_id: UserId,
        username: String,
        full_name: String,
        email: Option<String>,
        phone: Option<String>,
        clearance: Confidentiality,
    },
    UpdatePerson {
        person_id: UserId,
        full_name: String,
        email: Option<String>,
        phone: Option<String>,
        clearance: Confidentiality,
    },
    DeactivatePerson {
        person_id: UserId,
    },
    AssignPosition {
        position_id: PositionId,
        person_id: UserId,
        unit_id: UnitId,
        role: String,
        title: Option<String>,
        serves: Option<PositionId>,
    },
    EndPosition {
        position_id: PositionId,
    },
    GrantDelegation {
        delegation_id: DelegationId,
        position_id: PositionId,
        delegate_id: UserId,
        scope: DelegationScope,
        authority: SigningAuthority,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        note: Option<String>,
    },
    RevokeDelegation {
        delegation_id: DelegationId,
    },
}

/// Usernames: 3–64 of lowercase ASCII letters, digits, `.`, `_`, `-`, starting with a letter.
pub fn clean_username(value: &str) -> DomainResult<String> {
    let value = value.trim().to_lowercase();
    let ok = (3..=64).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_lowercase())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(value)
    } else {
        Err(DomainError::validation(
            "username",
            "INVALID_USERNAME",
            "a username is 3–64 lowercase letters, digits, '.', '_' or '-', starting with a letter",
        ))
    }
}

/// A national agency identifier code in the QCVN 102 shape `000.00.00.G09`.
fn clean_identifier_code(value: Option<&str>) -> DomainResult<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let parts: Vec<&str> = value.split('.').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let ok = parts.len() == 4
        && digits(parts[0], 3)
        && digits(parts[1], 2)
        && digits(parts[2], 2)
        && parts[3].len() == 3
        && parts[3].starts_with(|c: char| c.is_ascii_uppercase())
        && digits(&parts[3][1..], 2);
    if ok {
        Ok(Some(value.to_owned()))
    } else {
        Err(DomainError::validation(
            "identifierCode",
            "INVALID_IDENTIFIER_CODE",
            "an agency identifier code looks like 000.00.00.G09 (QCVN 102)",
        ))
    }
}

fn clean_abbreviation(value: &str) -> DomainResult<String> {
    let value = TextRule::line("abbreviation", 20).clean(value)?;
    if value
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '/' | '-'))
    {
        return Err(DomainError::validation(
            "abbreviation",
            "INVALID_ABBREVIATION",
            "an abbreviation has no spaces, '/' or '-' (they separate notation parts)",
        ));
    }
    Ok(value)
}

impl Organisation {
    /// Decides a command: the events it produces, or why it is refused.
    pub fn decide(&self, command: OrgCommand) -> DomainResult<Vec<OrgEvent>> {
        match command {
            OrgCommand::CreateUnit {
                unit_id,
                parent_id,
                kind,
                code,
                abbreviation,
                name,
                identifier_code,
                country,
            } => {
                if self.units.contains_key(&unit_id) {
                    return Err(DomainError::conflict(
                        "DUPLICATE_ID",
                        "unit id already used",
                    ));
                }
                if let Some(parent) = parent_id {
                    let parent = self.active_unit(parent, "parentId")?;
                    self.check_parent(kind, parent)?;
                } else if kind != UnitKind::Agency {
                    return Err(DomainError::validation(
                        "parentId",
                        "PARENT_REQUIRED",
                        "only an agency can be at the top of the tree",
                    ));
                }
                if country.is_some() && kind != UnitKind::Agency {
                    return Err(DomainError::validation(
                        "country",
                        "COUNTRY_FOR_AGENCIES",
                        "only an agency has a country; its units follow it",
                    ));
                }
                let (code, abbreviation, name, identifier_code) =
                    self.clean_unit(None, kind, &code, &abbreviation, &name, identifier_code)?;
                self.check_sibling_abbreviation(None, parent_id, &abbreviation)?;
                Ok(vec![OrgEvent::UnitCreated(UnitCreated {
                    unit_id,
                    parent_id,
                    kind,
                    code,
                    abbreviation,
                    name,
                    identifier_code,
                    country,
                })])
            }
            OrgCommand::UpdateUnit {
                unit_id,
                code,
                abbreviation,
                name,
                identifier_code,
            } => {
                let unit = self.active_unit(unit_id, "unitId")?;
                let (code, abbreviation, name, identifier_code) = self.clean_unit(
                    Some(unit_id),
                    unit.kind,
                    &code,
                    &abbreviation,
                    &name,
                    identifier_code,
                )?;
                self.check_sibling_abbreviation(Some(unit_id), unit.parent, &abbreviation)?;
                let event = UnitUpdated {
                    unit_id,
                    code,
                    abbreviation,
                    name,
                    identifier_code,
                };
                let unchanged = unit.code == event.code
                    && unit.abbreviation == event.abbreviation
                    && unit.name == event.name
                    && unit.identifier_code == event.identifier_code;
                Ok(if unchanged {
                    vec![]
                } else {
                    vec![OrgEvent::UnitUpdated(event)]
                })
            }
            OrgCommand::MoveUnit { unit_id, parent_id } => {
                let unit = self.active_unit(unit_id, "unitId")?;
                let parent = self.active_unit(parent_id, "parentId")?;
                if self.is_within(parent_id, unit_id) {
                    return Err(DomainError::validation(
                        "parentId",
                        "CYCLE",
                        "a unit cannot move under itself or one of its own sub-units",
                    ));
                }
                self.check_parent(unit.kind, parent)?;
                if unit.parent == Some(parent_id) {
                    return Ok(vec![]);
                }
                self.check_sibling_abbreviation(
                    Some(unit_id),
                    Some(parent_id),
                    &unit.abbreviation,
                )?;
                Ok(vec![OrgEvent::UnitMoved(UnitMoved { unit_id, parent_id })])
            }
            OrgCommand::DissolveUnit { unit_id } => {
                self.active_unit(unit_id, "unitId")?;
                if self
                    .positions
                    .values()
                    .any(|p| p.active && p.unit == unit_id)
                {
                    return Err(DomainError::conflict(
                        "UNIT_HAS_PEOPLE",
                        "the unit still has people in positions; end or move them first",
                    ));
                }
                if self
                    .units
                    .values()
                    .any(|u| !u.dissolved && u.parent == Some(unit_id))
                {
                    return Err(DomainError::conflict(
                        "UNIT_HAS_CHILDREN",
                        "the unit still has sub-units; dissolve or move them first",
                    ));
                }
                Ok(vec![OrgEvent::UnitDissolved(UnitDissolved { unit_id })])
            }
            OrgCommand::DefineRole {
                code,
                names,
                permissions,
                serves_leader,
            } => {
                let code = text::code("code", &code, 64)?;
                let names = Names::clean("names", &names.0, &names.1, &names.2)?;
                let event = RoleDefined {
                    code,
                    names,
                    permissions,
                    serves_leader,
                };
                let unchanged = self.roles.get(&event.code).is_some_and(|r| {
                    r.names == event.names
                        && r.permissions == event.permissions
                        && r.serves_leader == event.serves_leader
                });
                Ok(if unchanged {
                    vec![]
                } else {
                    vec![OrgEvent::RoleDefined(event)]
                })
            }
            OrgCommand::RegisterPerson {
                person_id,
                username,
                full_name,
                email,
                phone,
                clearance,
            } => {
                if self.people.contains_key(&person_id) {
                    return Err(DomainError::conflict(
                        "DUPLICATE_ID",
                        "person id already used",
                    ));
                }
                let username = clean_username(&username)?;
                if self.people.values().any(|p| p.username == username) {
                    return Err(DomainError::conflict_on(
                        "username",
                        "USERNAME_TAKEN",
                        "the username is taken",
                    ));
                }
                let (full_name, email, phone) =
                    clean_person(&full_name, email.as_deref(), phone.as_deref())?;
                Ok(vec![OrgEvent::PersonRegistered(PersonRegistered {
                    person_id,
                    username,
                    full_name,
                    email,
                    phone,
                    clearance,
                })])
            }
            OrgCommand::UpdatePerson {
                person_id,
                full_name,
                email,
                phone,
                clearance,
            } => {
                let person = self.active_person(person_id, "personId")?;
                let (full_name, email, phone) =
                    clean_person(&full_name, email.as_deref(), phone.as_deref())?;
                let event = PersonUpdated {
                    person_id,
                    full_name,
                    email,
                    phone,
                    clearance,
                };
                let unchanged = person.full_name == event.full_name
                    && person.email == event.email
                    && person.phone == event.phone
                    && person.clearance == event.clearance;
                Ok(if unchanged {
                    vec![]
                } else {
                    vec![OrgEvent::PersonUpdated(event)]
                })
            }
            OrgCommand::DeactivatePerson { person_id } => {
                self.active_person(person_id, "personId")?;
                Ok(vec![OrgEvent::PersonDeactivated(PersonDeactivated {
                    person_id,
                })])
            }
            OrgCommand::AssignPosition {
                position_id,
                person_id,
                unit_id,
                role,
                title,
                serves,
            } => {
                if self.positions.contains_key(&position_id) {
                    return Err(DomainError::conflict(
                        "DUPLICATE_ID",
                        "position id already used",
                    ));
                }
                self.active_person(person_id, "personId")?;
                self.active_unit(unit_id, "unitId")?;
                let role = role.trim().to_owned();
                let role_def = self
                    .roles
                    .get(&role)
                    .ok_or_else(|| DomainError::not_found("role", format!("no role {role}")))?;
                if self
                    .positions_of(person_id)
                    .any(|p| p.unit == unit_id && p.role == role)
                {
                    return Err(DomainError::conflict(
                        "POSITION_HELD",
                        "the person already holds this role in this unit",
                    ));
                }
                match (role_def.serves_leader, serves) {
                    (true, None) => {
                        return Err(DomainError::validation(
                            "serves",
                            "LEADER_REQUIRED",
                            "a leader's secretary must name the leader's position served",
                        ));
                    }
                    (true, Some(leader)) => {
                        let leader = self.active_position(leader, "serves")?;
                        let signs = self
                            .roles
                            .get(&leader.role)
                            .is_some_and(|r| r.permissions.contains(&Permission::SignDocuments));
                        if !signs {
                            return Err(DomainError::validation(
                                "serves",
                                "NOT_A_LEADER",
                                "a secretary serves a leader's position (one that signs)",
                            ));
                        }
                        if leader.person == person_id {
                            return Err(DomainError::validation(
                                "serves",
                                "SELF_SERVICE",
                                "a person cannot be their own secretary",
                            ));
                        }
                    }
                    (false, Some(_)) => {
                        return Err(DomainError::validation(
                            "serves",
                            "NOT_A_SECRETARY",
                            "only a role that serves a leader names one",
                        ));
                    }
                    (false, None) => {}
                }
                let title = TextRule::line("title", NAME_MAX).clean_opt(title.as_deref())?;
                Ok(vec![OrgEvent::PositionAssigned(PositionAssigned {
                    position_id,
                    person_id,
                    unit_id,
                    role,
                    title,
                    serves,
                })])
            }
            OrgCommand::EndPosition { position_id } => {
                self.active_position(position_id, "positionId")?;
                Ok(vec![OrgEvent::PositionEnded(PositionEnded { position_id })])
            }
            OrgCommand::GrantDelegation {
                delegation_id,
                position_id,
                delegate_id,
                scope,
                authority,
                starts_at,
                ends_at,
                note,
            } => {
                if self.delegations.contains_key(&delegation_id) {
                    return Err(DomainError::conflict(
                        "DUPLICATE_ID",
                        "delegation id already used",
                    ));
                }
                let position = self.active_position(position_id, "positionId")?;
                self.active_person(delegate_id, "delegateId")?;
                if position.person == delegate_id {
                    return Err(DomainError::validation(
                        "delegateId",
                        "SELF_DELEGATION",
                        "a position cannot be delegated to the person who holds it",
                    ));
                }
                crate::value::moment("startsAt", starts_at)?;
                crate::value::moment("endsAt", ends_at)?;
                if ends_at <= starts_at {
                    return Err(DomainError::validation(
                        "endsAt",
                        "END_BEFORE_START",
                        "a delegation must end after it starts",
                    ));
                }
                let note = TextRule::line("note", 1000)
                    .multiline()
                    .clean_opt(note.as_deref())?;
                Ok(vec![OrgEvent::DelegationGranted(DelegationGranted {
                    delegation_id,
                    position_id,
                    delegate_id,
                    scope,
                    authority,
                    starts_at,
                    ends_at,
                    note,
                })])
            }
            OrgCommand::RevokeDelegation { delegation_id } => {
                match self.delegations.get(&delegation_id) {
                    None => Err(DomainError::not_found(
                        "delegationId",
                        format!("no delegation {delegation_id}"),
                    )),
                    Some(d) if d.revoked => Ok(vec![]),
                    Some(_) => Ok(vec![OrgEvent::DelegationRevoked(DelegationRevoked {
                        delegation_id,
                    })]),
                }
            }
        }
    }

    fn check_parent(&self, kind: UnitKind, parent: &Unit) -> DomainResult<()> {
        let fits = match kind {
            UnitKind::Agency => parent.kind == UnitKind::Agency,
            UnitKind::Unit => parent.kind != UnitKind::Department,
            UnitKind::Department => true,
        };
        if fits {
            Ok(())
        } else {
            Err(DomainError::validation(
                "parentId",
                "INVALID_PARENT",
                "an agency sits under an agency, a unit under an agency or a unit",
            ))
        }
    }

    fn clean_unit(
        &self,
        this: Option<UnitId>,
        kind: UnitKind,
        code: &str,
        abbreviation: &str,
        name: &str,
        identifier_code: Option<String>,
    ) -> DomainResult<(String, String, String, Option<String>)> {
        let code = text::code("code", code, 64)?;
        let abbreviation = clean_abbreviation(abbreviation)?;
        let name = TextRule::line("name", NAME_MAX).clean(name)?;
        let identifier_code = clean_identifier_code(identifier_code.as_deref())?;
        if identifier_code.is_some() && kind != UnitKind::Agency {
            return Err(DomainError::validation(
                "identifierCode",
                "NOT_AN_AGENCY",
                "only an agency has a national identifier code",
            ));
        }
        let others = || {
            self.units
                .values()
                .filter(move |u| !u.dissolved && Some(u.id) != this)
        };
        if others().any(|u| u.code.eq_ignore_ascii_case(&code)) {
            return Err(DomainError::conflict_on(
                "code",
                "DUPLICATE_CODE",
                format!("another unit has code {code}"),
            ));
        }
        if let Some(ic) = &identifier_code
            && others().any(|u| u.identifier_code.as_deref() == Some(ic.as_str()))
        {
            return Err(DomainError::conflict_on(
                "identifierCode",
                "DUPLICATE_IDENTIFIER_CODE",
                format!("another agency has identifier code {ic}"),
            ));
        }
        Ok((code, abbreviation, name, identifier_code))
    }

    fn check_sibling_abbreviation(
        &self,
        this: Option<UnitId>,
        parent: Option<UnitId>,
        abbreviation: &str,
    ) -> DomainResult<()> {
        if self.units.values().any(|u| {
            !u.dissolved
                && Some(u.id) != this
                && u.parent == parent
                && u.abbreviation.to_lowercase() == abbreviation.to_lowercase()
        }) {
            return Err(DomainError::conflict_on(
                "abbreviation",
                "DUPLICATE_ABBREVIATION",
                format!("a sibling unit already uses the abbreviation {abbreviation}"),
            ));
        }
        Ok(())
    }
}

fn clean_person(
    full_name: &str,
    email: Option<&str>,
    phone: Option<&str>,
) -> DomainResult<(String, Option<String>, Option<String>)> {
    let full_name = TextRule::line("fullName", NAME_MAX).clean(full_name)?;
    let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => Some(text::email("email", e)?),
        None => None,
    };
    let phone = match phone.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(text::phone("phone", p)?),
        None => None,
    };
    Ok((full_name, email, phone))
}
