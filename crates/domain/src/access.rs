//! Access control: the one place that decides whether someone may do something.
//!
//! A request is made by a [`Principal`]: a person acting in one position, held by them or
//! delegated to them now. What they may do comes from that position's role, never from
//! the person alone: an administrator who also holds a clerk's position manages the
//! organisation only while acting as administrator. Resolvers describe the [`Action`] and
//! ask [`authorize`]; they never decide themselves.
//!
//! Architecture invariant: no other module compares roles or permissions to allow or refuse.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::catalogues::{RegisterDefined, RegisterKind};
use crate::ids::{DelegationId, PositionId, RegisterId, UnitId, UserId};
use crate::organisation::{DelegationScope, Organisation, Permission, SigningAuthority};
use crate::reference::Confidentiality;

/// The position a principal acts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    pub position: PositionId,
    pub unit: UnitId,
    pub role: String,
    pub permissions: BTreeSet<Permission>,
    /// Set when the position is held through a delegation.
    pub delegation: Option<ActingFor>,
}

/// Acting in someone else's position, by delegation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActingFor {
    pub delegation: DelegationId,
    /// Who holds the position.
    pub holder: UserId,
    pub authority: SigningAuthority,
}

/// Who is asking: a person and the position they act in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub person: UserId,
    pub clearance: Confidentiality,
    /// Every position the person may act in now: their own, then delegated ones.
    pub positions: Vec<Acting>,
    /// The one this request acts in (none if the person holds no position).
    pub acting: Option<Acting>,
    /// The session was opened with a one-time password not yet changed: until it is, the
    /// person may manage only their own account (`PASSWORD_CHANGE_REQUIRED`).
    pub password_change_pending: bool,
}

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("log in first")]
    Unauthenticated,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
}

impl Principal {
    /// Builds the principal of `person` acting in `requested` (or in their first position).
    /// Fails when the person is unknown or inactive, or does not hold `requested` now.
    pub fn resolve(
        organisation: &Organisation,
        person: UserId,
        requested: Option<PositionId>,
        now: DateTime<Utc>,
    ) -> Result<Self, Denied> {
        let someone = organisation
            .people
            .get(&person)
            .filter(|p| p.active)
            .ok_or(Denied::Unauthenticated)?;
        let permissions = |role: &str| {
            organisation
                .roles
                .get(role)
                .map(|r| r.permissions.clone())
                .unwrap_or_default()
        };
        let mut positions: Vec<Acting> = organisation
            .positions_of(person)
            .filter(|p| {
                organisation
                    .units
                    .get(&p.unit)
                    .is_some_and(|u| !u.dissolved)
            })
            .map(|p| Acting {
                position: p.id,
                unit: p.unit,
                role: p.role.clone(),
                permissions: permissions(&p.role),
                delegation: None,
            })
            .collect();
        for d in organisation.delegations_to(person, now) {
            if d.scope != DelegationScope::Position {
                continue;
            }
            if let Some(p) = organisation.positions.get(&d.position) {
                positions.push(Acting {
                    position: p.id,
                    unit: p.unit,
                    role: p.role.clone(),
                    permissions: permissions(&p.role),
                    delegation: Some(ActingFor {
                        delegation: d.id,
                        holder: p.person,
                        authority: d.authority,
                    }),
                });
            }
        }
        let acting = match requested {
            Some(id) => Some(
                positions
                    .iter()
                    .find(|a| a.position == id)
                    .cloned()
                    .ok_or(Denied::Forbidden("NOT_YOUR_POSITION"))?,
            ),
            None => positions.first().cloned(),
        };
        Ok(Self {
            person,
            clearance: someone.clearance,
            positions,
            acting,
            password_change_pending: false,
        })
    }

    /// Does the acting position grant `permission`?
    pub fn can(&self, permission: Permission) -> bool {
        self.acting
            .as_ref()
            .is_some_and(|a| a.permissions.contains(&permission))
    }
}

/// What a document looks like to access control (filled in by the document read models).
#[derive(Debug, Clone, Default)]
pub struct DocumentFacts {
    /// Units whose registers hold the document.
    pub register_units: Vec<UnitId>,
    /// Units the document was routed to or is handled in.
    pub units: Vec<UnitId>,
    /// Positions the document was routed to (handlers, co-handlers, for information).
    pub routed_positions: Vec<PositionId>,
    /// The roles of its current step when nobody is named there: the step is a pool, held by
    /// every holder of these roles in `units` (as [`Action::ActOnDocument`] puts it), and
    /// they read the document they are to act on.
    pub pool_roles: Vec<String>,
    pub confidentiality: Confidentiality,
}

/// Everything a request can ask to do.
#[derive(Debug, Clone)]
pub enum Action<'a> {
    /// Public: server version and health.
    ViewServerInfo,
    /// Public: try to log in.
    LogIn,
    /// One's own account: profile, positions, password, second factor, own usage log, logout.
    ManageOwnAccount,
    /// The organisation tree, the directory, roles.
    ViewOrganisation,
    /// Document types, fields, urgency and confidentiality levels, external agencies,
    /// registers, calendars.
    ViewCatalogues,
    ManageOrganisation,
    ManageAccounts,
    ManageCatalogues,
    /// Check, publish and activate process definitions.
    ManageProcesses,
    /// A person's usage log.
    ViewUsageLog {
        of: UserId,
    },
    /// Everyone's usage log, including failed logins naming no account.
    ViewAllUsageLogs,
    /// Delegate a position (or its signing power): its holder acting in it, or an
    /// organisation administrator.
    Delegate {
        position: PositionId,
        holder: UserId,
    },
    /// Read a document.
    ReadDocument(&'a DocumentFacts),
    /// Act on a document at its current step. The process definition decides which actions
    /// the position's role has there; this decides whether the position may touch the
    /// document at all: a named holder (or the sender recalling) may; otherwise the step
    /// belongs to every holder of its roles *in the document's unit* — a clerk whose office
    /// is that unit, anyone else in it or below it.
    ActOnDocument {
        facts: &'a DocumentFacts,
        /// The position is a named holder of the step, or its sender.
        named: bool,
    },
    /// Act as the register keeper (văn thư) of a unit's registers: a clerk whose office
    /// ([`Organisation::office_of`]) is that unit.
    KeepRegistersOf {
        unit: UnitId,
    },
    /// Watch the overdue and due-soon work on the documents of a unit and every unit below
    /// it (supervision: counts per person and unit, and the work items behind them).
    /// Auditors watch every unit, read only. Whoever follows work up across the agency —
    /// [`Permission::MonitorDeadlines`] (regulation officers, heads and leaders), and General
    /// Affairs, who assign the agency's incoming documents to its units
    /// ([`Permission::ProposeAssignment`], [`Permission::ApproveAssignment`]) — watches every
    /// unit of their agency. A leader or department head
    /// ([`Permission::DirectUnitDocuments`]) watches their own unit and the units below it.
    SuperviseUnit {
        unit: UnitId,
    },
    /// Open a register's book (Decree 30 Appendix IV). An incoming book: the register's
    /// keepers, the leaders of its unit or a unit above it, auditors. An outgoing book: its
    /// keepers and auditors. A register kept for classified documents (its `limit` above
    /// Normal: a secret register) only for those of them cleared above Normal — nobody else
    /// could read a line of it. Which rows they then see is the [`ReadScope`]'s answer for
    /// each row's document: a book never shows a row its reader could not open.
    ReadRegisterBook {
        owner: UnitId,
        outgoing: bool,
        /// The most confidential document the register takes.
        limit: Confidentiality,
    },
    /// See a person's e-mail and phone: the person, account administrators, and the people
    /// of an agency the person works in (colleagues reach each other; another agency's
    /// people see names, units and titles only).
    ViewContactDetails {
        of: UserId,
    },
    /// See a person's security clearance: the person, account administrators and auditors.
    ViewClearance {
        of: UserId,
    },
    /// See the signed checkpoints of stored history (the head of the global hash chain, when
    /// and by which key it was signed, whether the signature holds): auditors.
    ViewHistoryCheckpoints,
    /// Give a document a confidentiality level (on receipt, when correcting its metadata,
    /// when drafting): nobody classifies above their own clearance, so nobody creates a
    /// document they could not read.
    Classify {
        level: Confidentiality,
    },
    /// Read the audit log (every recorded act, who acted and on whose behalf): auditors
    /// read all of it, administrators the part about no document ([`audit_log_reach`]).
    ReadAuditLog,
}

/// How much of the audit log a principal reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditReach {
    /// Every row (auditors). Rows about a document above the reader's clearance keep their
    /// who, when and what, but not their summary.
    Everything,
    /// Only rows about no document: the organisation, accounts, catalogues, signing keys
    /// (administrators, who manage those and read no document by their role).
    Administration,
}

/// The part of the audit log `principal` reads ([`Action::ReadAuditLog`]): auditors all of
/// it, administrators acting as such the rows about no document; anyone else none
/// (`NOT_AN_AUDITOR`).
pub fn audit_log_reach(principal: &Principal) -> Result<AuditReach, Denied> {
    if principal.can(Permission::Audit) {
        Ok(AuditReach::Everything)
    } else if principal.can(Permission::ManageOrganisation) {
        Ok(AuditReach::Administration)
    } else {
        Err(Denied::Forbidden("NOT_AN_AUDITOR"))
    }
}

/// The decision. `None` principal means an anonymous request.
pub fn authorize(
    principal: Option<&Principal>,
    organisation: &Organisation,
    action: &Action<'_>,
) -> Result<(), Denied> {
    let public = matches!(action, Action::ViewServerInfo | Action::LogIn);
    if public {
        return Ok(());
    }
    let principal = principal.ok_or(Denied::Unauthenticated)?;
    if principal.password_change_pending && !matches!(action, Action::ManageOwnAccount) {
        return Err(Denied::Forbidden("PASSWORD_CHANGE_REQUIRED"));
    }
    let need = |permission: Permission, code: &'static str| {
        if principal.can(permission) {
            Ok(())
        } else {
            Err(Denied::Forbidden(code))
        }
    };
    match action {
        Action::ViewServerInfo | Action::LogIn | Action::ManageOwnAccount => Ok(()),
        // Everyone who works in the organisation sees its structure and catalogues (the
        // directory is what a forward dialog picks recipients from).
        Action::ViewOrganisation | Action::ViewCatalogues => {
            if principal.acting.is_some() {
                Ok(())
            } else {
                Err(Denied::Forbidden("NO_POSITION"))
            }
        }
        Action::ManageOrganisation => need(Permission::ManageOrganisation, "NOT_AN_ADMINISTRATOR"),
        Action::ManageAccounts => need(Permission::ManageAccounts, "NOT_AN_ADMINISTRATOR"),
        Action::ManageCatalogues => need(Permission::ManageCatalogues, "NOT_AN_ADMINISTRATOR"),
        // Processes decide who does what in the organisation: its administrators' call.
        Action::ManageProcesses => need(Permission::ManageOrganisation, "NOT_AN_ADMINISTRATOR"),
        Action::ViewUsageLog { of } => {
            if *of == principal.person || principal.can(Permission::ViewUsageLogs) {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_YOUR_LOG"))
            }
        }
        Action::ViewAllUsageLogs => need(Permission::ViewUsageLogs, "NOT_YOUR_LOG"),
        Action::ViewHistoryCheckpoints => need(Permission::Audit, "NOT_AN_AUDITOR"),
        Action::Delegate { position, holder } => {
            let acting_in_it = principal.acting.as_ref().is_some_and(|a| {
                a.position == *position && a.delegation.is_none() && *holder == principal.person
            });
            // Administrators delegate any position, but not while acting by delegation
            // themselves: a delegate never hands the power on.
            let administrator = principal.can(Permission::ManageOrganisation)
                && principal
                    .acting
                    .as_ref()
                    .is_some_and(|a| a.delegation.is_none());
            if acting_in_it || administrator {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_YOUR_POSITION"))
            }
        }
        Action::ReadDocument(facts) => read_document(principal, organisation, facts),
        Action::ActOnDocument { facts, named } => {
            let acting = principal
                .acting
                .as_ref()
                .ok_or(Denied::Forbidden("NO_POSITION"))?;
            if !principal.clearance.clears(facts.confidentiality) {
                return Err(Denied::Forbidden("NOT_CLEARED"));
            }
            if *named {
                return Ok(());
            }
            if in_units(organisation, acting, &facts.units) {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_IN_THE_UNIT"))
            }
        }
        Action::KeepRegistersOf { unit } => {
            let acting = principal
                .acting
                .as_ref()
                .ok_or(Denied::Forbidden("NO_POSITION"))?;
            if acting.permissions.contains(&Permission::KeepRegisters)
                && organisation.office_of(acting.unit) == Some(*unit)
            {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_THE_REGISTER_KEEPER"))
            }
        }
        Action::ReadRegisterBook {
            owner,
            outgoing,
            limit,
        } => {
            let acting = principal
                .acting
                .as_ref()
                .ok_or(Denied::Forbidden("NO_POSITION"))?;
            if *limit != Confidentiality::Normal
                && !principal.clearance.clears(Confidentiality::Confidential)
            {
                return Err(Denied::Forbidden("NOT_CLEARED"));
            }
            let p = &acting.permissions;
            let keeper = p.contains(&Permission::KeepRegisters)
                && organisation.office_of(acting.unit) == Some(*owner);
            let leads_it = !*outgoing
                && p.contains(&Permission::DirectUnitDocuments)
                && organisation.is_within(*owner, acting.unit);
            if keeper || leads_it || p.contains(&Permission::Audit) {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_THE_REGISTER_KEEPER"))
            }
        }
        Action::ViewContactDetails { of } => {
            let acting = principal
                .acting
                .as_ref()
                .ok_or(Denied::Forbidden("NO_POSITION"))?;
            let my_agency = organisation.agency_of(acting.unit).map(|a| a.id);
            let colleague = my_agency.is_some()
                && organisation
                    .positions_of(*of)
                    .any(|p| organisation.agency_of(p.unit).map(|a| a.id) == my_agency);
            if *of == principal.person || colleague || principal.can(Permission::ManageAccounts) {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_A_COLLEAGUE"))
            }
        }
        Action::ViewClearance { of } => {
            if *of == principal.person
                || principal.can(Permission::ManageAccounts)
                || principal.can(Permission::Audit)
            {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_YOUR_ACCOUNT"))
            }
        }
        Action::ReadAuditLog => audit_log_reach(principal).map(|_| ()),
        Action::Classify { level } => {
            if principal.clearance.clears(*level) {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_CLEARED_TO_CLASSIFY"))
            }
        }
        Action::SuperviseUnit { unit } => {
            let acting = principal
                .acting
                .as_ref()
                .ok_or(Denied::Forbidden("NO_POSITION"))?;
            let p = &acting.permissions;
            let across_the_agency = [
                Permission::MonitorDeadlines,
                Permission::ProposeAssignment,
                Permission::ApproveAssignment,
            ]
            .iter()
            .any(|permission| p.contains(permission))
                && organisation
                    .agency_of(acting.unit)
                    .is_some_and(|agency| organisation.is_within(*unit, agency.id));
            let leads_it = p.contains(&Permission::DirectUnitDocuments)
                && organisation.is_within(*unit, acting.unit);
            if p.contains(&Permission::Audit) || across_the_agency || leads_it {
                Ok(())
            } else {
                Err(Denied::Forbidden("NOT_A_SUPERVISOR"))
            }
        }
    }
}

/// A register book a principal may open, and whether they keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenableBook {
    pub register: RegisterId,
    /// The principal keeps the register ([`Action::KeepRegistersOf`] its owner): their own
    /// office's book.
    pub kept: bool,
}

/// The books of `registers` a principal may open ([`Action::ReadRegisterBook`]: an
/// outgoing register's by the outgoing rule, any other by the incoming one), the books they
/// keep first, each group in the order given. What a list of register books offers, and
/// nothing a book query would then refuse.
pub fn openable_books<'r>(
    principal: &Principal,
    organisation: &Organisation,
    registers: impl IntoIterator<Item = &'r RegisterDefined>,
) -> Vec<OpenableBook> {
    let (mut kept, others): (Vec<OpenableBook>, Vec<OpenableBook>) = registers
        .into_iter()
        .filter(|r| {
            authorize(
                Some(principal),
                organisation,
                &Action::ReadRegisterBook {
                    owner: r.owner_unit_id,
                    outgoing: r.kind == RegisterKind::Outgoing,
                    limit: r.max_confidentiality,
                },
            )
            .is_ok()
        })
        .map(|r| OpenableBook {
            register: r.register_id,
            kept: authorize(
                Some(principal),
                organisation,
                &Action::KeepRegistersOf {
                    unit: r.owner_unit_id,
                },
            )
            .is_ok(),
        })
        .partition(|b| b.kept);
    kept.extend(others);
    kept
}

/// Whether the acting position works in one of `units`: a clerk whose office is one of
/// them, anyone else in one of them or below it.
fn in_units(organisation: &Organisation, acting: &Acting, units: &[UnitId]) -> bool {
    if acting.permissions.contains(&Permission::KeepRegisters) {
        organisation
            .office_of(acting.unit)
            .is_some_and(|office| units.contains(&office))
    } else {
        units
            .iter()
            .any(|u| organisation.is_within(acting.unit, *u))
    }
}

/// The (unit, role) pools the acting position belongs to: its role in its office (a clerk)
/// or in its unit and every unit above it (anyone else) — the pools [`in_units`] admits.
pub fn pools_of(organisation: &Organisation, acting: &Acting) -> Vec<(UnitId, String)> {
    if acting.permissions.contains(&Permission::KeepRegisters) {
        return organisation
            .office_of(acting.unit)
            .map(|office| (office, acting.role.clone()))
            .into_iter()
            .collect();
    }
    organisation
        .units
        .keys()
        .filter(|u| organisation.is_within(acting.unit, **u))
        .map(|u| (*u, acting.role.clone()))
        .collect()
}

/// Clerks read their registers' documents; leaders their unit's (and sub-units');
/// everyone else what was routed to them; auditors everything, read only. Confidential
/// documents additionally need the clearance, and for anyone but the register keeper and
/// auditors, to have been routed the document.
fn read_document(
    principal: &Principal,
    organisation: &Organisation,
    facts: &DocumentFacts,
) -> Result<(), Denied> {
    let acting = principal
        .acting
        .as_ref()
        .ok_or(Denied::Forbidden("NO_POSITION"))?;
    if !principal.clearance.clears(facts.confidentiality) {
        return Err(Denied::Forbidden("NOT_CLEARED"));
    }
    let p = &acting.permissions;
    let routed = facts.routed_positions.contains(&acting.position)
        || (facts.pool_roles.contains(&acting.role)
            && in_units(organisation, acting, &facts.units));
    let keeper = p.contains(&Permission::KeepRegisters)
        && organisation
            .office_of(acting.unit)
            .is_some_and(|office| facts.register_units.contains(&office));
    if routed || keeper || p.contains(&Permission::Audit) {
        return Ok(());
    }
    if facts.confidentiality != Confidentiality::Normal {
        return Err(Denied::Forbidden("NOT_ROUTED"));
    }
    let leads_unit = p.contains(&Permission::DirectUnitDocuments)
        && facts
            .units
            .iter()
            .chain(facts.register_units.iter())
            .any(|u| organisation.is_within(*u, acting.unit));
    if leads_unit {
        Ok(())
    } else {
        Err(Denied::Forbidden("NOT_ROUTED"))
    }
}

/// The documents a principal may read, as a list, a count, a book or a search filters them:
/// exactly the documents [`authorize`] lets them open with [`Action::ReadDocument`]
/// ([`ReadScope::admits`] is tested to give the same answer). Read models translate it into
/// their query conditions; no list decides on its own who sees what.
///
/// A read model knows a pool by its pending pool items ((unit, role) of the step's holders);
/// [`ReadScope::pools`] are the pools of the acting position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadScope {
    /// Every document within the clearance (auditors).
    pub everything: bool,
    /// Documents registered by these units, at any level within the clearance (register
    /// keepers: their office).
    pub keeper_units: Vec<UnitId>,
    /// Normal documents of these units (leaders: the unit they lead and every unit below it).
    pub lead_units: Vec<UnitId>,
    /// Documents routed to these positions, at any level within the clearance (the acting
    /// position).
    pub positions: Vec<PositionId>,
    /// Documents whose current step is held by one of these pools (unit, role), at any level
    /// within the clearance: their holders read what they are to act on.
    pub pools: Vec<(UnitId, String)>,
    /// The levels the person is cleared for; a document of any other level is never in the
    /// scope, whatever the rest says. Empty without a position: nothing is in the scope.
    pub clearance: Vec<Confidentiality>,
}

impl ReadScope {
    /// Whether a document is in the scope: the answer of [`Action::ReadDocument`].
    pub fn admits(&self, facts: &DocumentFacts) -> bool {
        if !self.clearance.contains(&facts.confidentiality) {
            return false;
        }
        self.everything
            || facts
                .routed_positions
                .iter()
                .any(|p| self.positions.contains(p))
            || self
                .pools
                .iter()
                .any(|(unit, role)| facts.units.contains(unit) && facts.pool_roles.contains(role))
            || facts
                .register_units
                .iter()
                .any(|u| self.keeper_units.contains(u))
            || (facts.confidentiality == Confidentiality::Normal
                && facts
                    .units
                    .iter()
                    .chain(facts.register_units.iter())
                    .any(|u| self.lead_units.contains(u)))
    }
}

/// The principal's [`ReadScope`], from the same permissions as the document-reading rule.
pub fn read_scope(principal: &Principal, organisation: &Organisation) -> ReadScope {
    let Some(acting) = principal.acting.as_ref() else {
        return ReadScope::default();
    };
    let p = &acting.permissions;
    let keeper_units = if p.contains(&Permission::KeepRegisters) {
        organisation.office_of(acting.unit).into_iter().collect()
    } else {
        Vec::new()
    };
    let lead_units = if p.contains(&Permission::DirectUnitDocuments) {
        organisation
            .units
            .keys()
            .filter(|u| organisation.is_within(**u, acting.unit))
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    ReadScope {
        everything: p.contains(&Permission::Audit),
        keeper_units,
        lead_units,
        positions: vec![acting.position],
        pools: pools_of(organisation, acting),
        clearance: Confidentiality::ALL
            .iter()
            .filter(|level| principal.clearance.clears(**level))
            .copied()
            .collect(),
    }
}

/// Handing a document on (forwarding, assigning, sending for information or opinion).
#[derive(Debug, Clone)]
pub struct Handover<'a> {
    pub confidentiality: Confidentiality,
    /// The unit whose pool takes the step when nobody is named.
    pub unit: UnitId,
    /// The positions named as recipients.
    pub named: &'a [PositionId],
    /// The roles of the step a pool takes (empty: no pool, the step goes to the named).
    pub pool_roles: &'a [String],
}

impl Handover<'_> {
    /// Whether [`hand_over`] has anything to check: only a document above Normal is kept
    /// from people not cleared for it (callers skip loading the organisation otherwise).
    pub fn needs_checking(&self) -> bool {
        self.confidentiality != Confidentiality::Normal
    }
}

/// Whether a document may be handed on to these people: a document above Normal goes only to
/// people cleared for it. Every named recipient must be cleared (`RECIPIENT_NOT_CLEARED`);
/// a step that goes to a pool (every holder of its roles in the document's unit, as
/// [`Action::ActOnDocument`] puts it) needs one active, cleared holder at least
/// (`NO_CLEARED_HOLDER`) — and only the cleared holders see it in their pending box, since
/// inboxes are filtered by the same [`ReadScope`] clearance.
pub fn hand_over(organisation: &Organisation, handover: &Handover<'_>) -> Result<(), Denied> {
    if !handover.needs_checking() {
        return Ok(());
    }
    let cleared = |position: &crate::organisation::Position| {
        organisation
            .people
            .get(&position.person)
            .is_some_and(|p| p.active && p.clearance.clears(handover.confidentiality))
    };
    for id in handover.named {
        if !organisation.positions.get(id).is_some_and(cleared) {
            return Err(Denied::Forbidden("RECIPIENT_NOT_CLEARED"));
        }
    }
    if handover.pool_roles.is_empty() {
        return Ok(());
    }
    let in_the_pool = |position: &crate::organisation::Position| {
        position.active
            && handover.pool_roles.contains(&position.role)
            && organisation
                .units
                .get(&position.unit)
                .is_some_and(|u| !u.dissolved)
            && {
                let keeps_registers = organisation
                    .roles
                    .get(&position.role)
                    .is_some_and(|r| r.permissions.contains(&Permission::KeepRegisters));
                if keeps_registers {
                    organisation.office_of(position.unit) == Some(handover.unit)
                } else {
                    organisation.is_within(position.unit, handover.unit)
                }
            }
    };
    if organisation
        .positions
        .values()
        .any(|p| in_the_pool(p) && cleared(p))
    {
        Ok(())
    } else {
        Err(Denied::Forbidden("NO_CLEARED_HOLDER"))
    }
}

/// The part of the people directory a principal lists: `None` for everyone (account
/// administrators and auditors), else the agency they act in (forwarding, assigning and
/// opinions pick people of one's own agency; another agency is reached through its units).
/// Without a position: nobody (`Some` of no unit is impossible, so the caller refuses).
pub fn directory_reach(
    principal: &Principal,
    organisation: &Organisation,
) -> Result<Option<UnitId>, Denied> {
    let acting = principal
        .acting
        .as_ref()
        .ok_or(Denied::Forbidden("NO_POSITION"))?;
    if principal.can(Permission::ManageAccounts) || principal.can(Permission::Audit) {
        return Ok(None);
    }
    organisation
        .agency_of(acting.unit)
        .map(|agency| Some(agency.id))
        .ok_or(Denied::Forbidden("NO_POSITION"))
}

/// Where the bytes an input attaches by their hash come from, as the use case found them.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileOrigin<'a> {
    /// The acting person uploaded these bytes themselves (`POST /files`), recently enough
    /// for the upload still to be attachable.
    pub uploaded_by_caller: bool,
    /// The document the input changes, when it already carries these bytes (a new version
    /// keeping the previous version's file, a marked-up copy of its own main file).
    pub carried_by: Option<&'a DocumentFacts>,
}

/// May the principal attach a file by its hash (to a document they receive, a draft, a
/// version, an opinion, a signing key)? Knowing a hash is not enough — hashes are in every
/// download address: only bytes the person uploaded themselves, or bytes the document being
/// changed already carries when the person may read that document.
pub fn may_attach_file(
    principal: &Principal,
    organisation: &Organisation,
    origin: &FileOrigin<'_>,
) -> Result<(), Denied> {
    if principal.acting.is_none() {
        return Err(Denied::Forbidden("NO_POSITION"));
    }
    if origin.uploaded_by_caller {
        return Ok(());
    }
    match origin.carried_by {
        Some(facts) if read_document(principal, organisation, facts).is_ok() => Ok(()),
        _ => Err(Denied::Forbidden("FILE_NOT_YOURS")),
    }
}
