//! What an installation starts with, and the demo organisation.
//!
//! [`ensure_defaults`] defines the built-in roles and the Decree 30 document types (each a
//! command that decides "nothing to change" when they are already there, so it runs at every
//! start). [`demo`] creates a ministry shaped like `processes.md` plus one province-level
//! agency, with accounts sharing one printed password.

use std::collections::BTreeSet;

use chancery_domain::calendar::{self, Country};
use chancery_domain::catalogues::{CatalogueCommand, RegisterKind};
use chancery_domain::identity::{self as identity_events, PasswordChange, PasswordChanged};
use chancery_domain::ids::{ExternalAgencyId, PositionId, RegisterId, UnitId, UserId};
use chancery_domain::organisation::{OrgCommand, UnitKind};
use chancery_domain::reference::{self, Confidentiality};
use chancery_identity::CredentialStore;
use chrono::{DateTime, Datelike as _, Utc};
use uuid::Uuid;

use crate::{CommandContext, CommandError, Commands};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Chancery@2026";
/// The signing PIN of every demo account: what confirms a signature or an issuance
/// (`domain::confirmation`).
pub const DEMO_SIGNING_PIN: &str = "246810";

pub use chancery_domain::organisation::{BUILT_IN_ROLES, RoleDef};

/// Defines the built-in roles and document types; appends nothing when they are current.
pub async fn ensure_defaults(commands: &Commands, now: DateTime<Utc>) -> Result<(), CommandError> {
    for (code, vi, en, lo, permissions, serves_leader) in BUILT_IN_ROLES {
        let organisation = commands.organisation().await?;
        if organisation.roles.contains_key(*code) {
            continue; // an administrator may have changed it since
        }
        commands
            .organisation_command(
                &CommandContext::new(None, now),
                OrgCommand::DefineRole {
                    code: (*code).to_owned(),
                    names: ((*vi).to_owned(), (*en).to_owned(), (*lo).to_owned()),
                    permissions: permissions.iter().copied().collect(),
                    serves_leader: *serves_leader,
                },
            )
            .await?;
    }
    let catalogues = commands.catalogues().await?;
    for t in reference::DOCUMENT_TYPES {
        if catalogues.document_types.contains_key(t.code) {
            continue;
        }
        commands
            .catalogue_command(
                &CommandContext::new(None, now),
                CatalogueCommand::DefineDocumentType {
                    code: t.code.to_owned(),
                    abbreviation: t.abbreviation.map(str::to_owned),
                    names: (
                        t.labels.vi.to_owned(),
                        t.labels.en.to_owned(),
                        t.labels.lo.to_owned(),
                    ),
                    active: true,
                },
            )
            .await?;
    }
    Ok(())
}

/// A demo account.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub unit: String,
    pub person_id: UserId,
    pub position_id: PositionId,
}

/// Errors of the demo seed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error("credentials: {0}")]
    Identity(#[from] chancery_identity::IdentityError),
}

struct Seeder<'a> {
    commands: &'a Commands,
    credentials: &'a CredentialStore,
    password_hash: String,
    pin_hash: String,
    now: DateTime<Utc>,
    accounts: Vec<DemoAccount>,
}

impl Seeder<'_> {
    fn context(&self) -> CommandContext {
        CommandContext::new(None, self.now)
    }

    async fn unit(
        &self,
        parent: Option<UnitId>,
        kind: UnitKind,
        code: &str,
        abbreviation: &str,
        name: &str,
        identifier_code: Option<&str>,
    ) -> Result<UnitId, SeedError> {
        let unit_id = UnitId(Uuid::now_v7());
        self.commands
            .organisation_command(
                &self.context(),
                OrgCommand::CreateUnit {
                    unit_id,
                    parent_id: parent,
                    kind,
                    code: code.to_owned(),
                    abbreviation: abbreviation.to_owned(),
                    name: name.to_owned(),
                    identifier_code: identifier_code.map(str::to_owned),
                    country: None,
                },
            )
            .await?;
        Ok(unit_id)
    }

    async fn person(
        &mut self,
        username: &str,
        full_name: &str,
        unit: (UnitId, &str),
        role: &str,
        title: &str,
        serves: Option<PositionId>,
    ) -> Result<PositionId, SeedError> {
        let person_id = UserId(Uuid::now_v7());
        // The ministry's leaders, its clerks, General Affairs' leader and one of its officers
        // (so a confidential document can take the ministry's P1 route: the other officer
        // does not see it) and the auditor are cleared; everyone else is not.
        let clearance = if matches!(
            role,
            "minister"
                | "ministry_leader"
                | "ministry_clerk"
                | "auditor"
                | "general_affairs_leader"
        ) {
            Confidentiality::Secret
        } else if username == "tonghop.cv2" {
            Confidentiality::Confidential
        } else {
            Confidentiality::Normal
        };
        self.credentials
            .create(person_id.0, username, &self.password_hash, false, self.now)
            .await?;
        self.credentials
            .set_signing_pin(person_id.0, &self.pin_hash, self.now)
            .await?;
        let context = self.context();
        self.commands
            .organisation_command(
                &context,
                OrgCommand::RegisterPerson {
                    person_id,
                    username: username.to_owned(),
                    full_name: full_name.to_owned(),
                    email: Some(format!("{username}@demo.chancery.vn")),
                    phone: None,
                    clearance,
                },
            )
            .await?;
        self.commands
            .record(
                &identity_events::account_stream(person_id),
                &context.follow_up(),
                &[PasswordChanged {
                    person_id,
                    how: PasswordChange::Initial,
                    must_change: false,
                }
                .into()],
            )
            .await?;
        let position_id = PositionId(Uuid::now_v7());
        self.commands
            .organisation_command(
                &self.context(),
                OrgCommand::AssignPosition {
                    position_id,
                    person_id,
                    unit_id: unit.0,
                    role: role.to_owned(),
                    title: Some(title.to_owned()),
                    serves,
                },
            )
            .await?;
        self.accounts.push(DemoAccount {
            username: username.to_owned(),
            full_name: full_name.to_owned(),
            role: role.to_owned(),
            unit: unit.1.to_owned(),
            person_id,
            position_id,
        });
        Ok(position_id)
    }

    async fn register(
        &self,
        owner: UnitId,
        kind: RegisterKind,
        code: &str,
        name: &str,
        max_confidentiality: Confidentiality,
    ) -> Result<(), SeedError> {
        self.commands
            .catalogue_command(
                &self.context(),
                CatalogueCommand::DefineRegister {
                    register_id: RegisterId(Uuid::now_v7()),
                    kind,
                    owner_unit_id: owner,
                    code: code.to_owned(),
                    name: name.to_owned(),
                    document_types: BTreeSet::new(),
                    max_confidentiality,
                    active: true,
                },
            )
            .await?;
        Ok(())
    }
}

/// Creates the demo organisation unless the organisation already has people. Returns the
/// accounts created (empty when it did nothing).
pub async fn demo(
    commands: &Commands,
    credentials: &CredentialStore,
    now: DateTime<Utc>,
) -> Result<Vec<DemoAccount>, SeedError> {
    ensure_defaults(commands, now).await?;
    if !commands.organisation().await?.people.is_empty() {
        return Ok(Vec::new());
    }
    let password = DEMO_PASSWORD.to_owned();
    let password_hash =
        tokio::task::spawn_blocking(move || chancery_identity::password::hash(&password))
            .await
            .map_err(|e| chancery_identity::IdentityError::Hash(e.to_string()))??;
    let pin_hash =
        tokio::task::spawn_blocking(|| chancery_identity::password::hash(DEMO_SIGNING_PIN))
            .await
            .map_err(|e| chancery_identity::IdentityError::Hash(e.to_string()))??;
    let mut s = Seeder {
        commands,
        credentials,
        password_hash,
        pin_hash,
        now,
        accounts: Vec::new(),
    };
    use UnitKind::{Agency, Department, Unit};

    // The ministry and its office.
    let bnv = s
        .unit(
            None,
            Agency,
            "bnv",
            "BNV",
            "Bộ Nội vụ",
            Some("000.00.00.G09"),
        )
        .await?;
    let vp = s
        .unit(Some(bnv), Unit, "bnv.vp", "VP", "Văn phòng Bộ", None)
        .await?;
    let hc = s
        .unit(
            Some(vp),
            Department,
            "bnv.vp.hc",
            "HC",
            "Phòng Hành chính",
            None,
        )
        .await?;
    let th = s
        .unit(
            Some(vp),
            Department,
            "bnv.vp.th",
            "TH",
            "Phòng Tổng hợp",
            None,
        )
        .await?;
    let qc = s
        .unit(
            Some(vp),
            Department,
            "bnv.vp.qc",
            "QC",
            "Phòng Quy chế, quy trình",
            None,
        )
        .await?;
    let tccb = s
        .unit(
            Some(bnv),
            Unit,
            "bnv.tccb",
            "TCCB",
            "Vụ Tổ chức cán bộ",
            None,
        )
        .await?;
    let khtc = s
        .unit(
            Some(bnv),
            Unit,
            "bnv.khtc",
            "KHTC",
            "Vụ Kế hoạch - Tài chính",
            None,
        )
        .await?;
    let vtlt = s
        .unit(
            Some(bnv),
            Unit,
            "bnv.vtlt",
            "VTLTNN",
            "Cục Văn thư và Lưu trữ nhà nước",
            None,
        )
        .await?;
    let cc = s
        .unit(
            Some(tccb),
            Department,
            "bnv.tccb.cc",
            "CC",
            "Phòng Công chức",
            None,
        )
        .await?;
    let tl = s
        .unit(
            Some(tccb),
            Department,
            "bnv.tccb.tl",
            "TL",
            "Phòng Tiền lương",
            None,
        )
        .await?;

    s.person(
        "admin",
        "Nguyễn Quản Trị",
        (vp, "Văn phòng Bộ"),
        "system_admin",
        "Quản trị hệ thống",
        None,
    )
    .await?;
    s.person(
        "auditor",
        "Trần Thị Kiểm",
        (vp, "Văn phòng Bộ"),
        "auditor",
        "Chuyên viên kiểm tra",
        None,
    )
    .await?;
    s.person(
        "vanthu.bo",
        "Lê Thị Văn",
        (hc, "Phòng Hành chính"),
        "ministry_clerk",
        "Văn thư Bộ",
        None,
    )
    .await?;
    s.person(
        "tonghop.cv1",
        "Phạm Văn Hợp",
        (th, "Phòng Tổng hợp"),
        "general_affairs_officer",
        "Chuyên viên",
        None,
    )
    .await?;
    s.person(
        "tonghop.cv2",
        "Hoàng Thị Tổng",
        (th, "Phòng Tổng hợp"),
        "general_affairs_officer",
        "Chuyên viên",
        None,
    )
    .await?;
    s.person(
        "tonghop.ld",
        "Vũ Đức Lãnh",
        (th, "Phòng Tổng hợp"),
        "general_affairs_leader",
        "Trưởng phòng Tổng hợp",
        None,
    )
    .await?;
    s.person(
        "quyche.cv",
        "Đặng Thị Quy",
        (qc, "Phòng Quy chế, quy trình"),
        "regulation_officer",
        "Chuyên viên",
        None,
    )
    .await?;
    s.person(
        "bo.truong",
        "Bùi Văn Trưởng",
        (bnv, "Bộ Nội vụ"),
        "minister",
        "Bộ trưởng",
        None,
    )
    .await?;
    let leader1 = s
        .person(
            "thu.truong1",
            "Đỗ Minh Thứ",
            (bnv, "Bộ Nội vụ"),
            "ministry_leader",
            "Thứ trưởng",
            None,
        )
        .await?;
    let leader2 = s
        .person(
            "thu.truong2",
            "Ngô Thị Hai",
            (bnv, "Bộ Nội vụ"),
            "ministry_leader",
            "Thứ trưởng",
            None,
        )
        .await?;
    s.person(
        "thuky1",
        "Dương Văn Ký",
        (vp, "Văn phòng Bộ"),
        "leader_secretary",
        "Thư ký Thứ trưởng",
        Some(leader1),
    )
    .await?;
    s.person(
        "thuky2",
        "Lý Thị Thư",
        (vp, "Văn phòng Bộ"),
        "leader_secretary",
        "Thư ký Thứ trưởng",
        Some(leader2),
    )
    .await?;
    for (unit, unit_name, prefix, head, deputy) in [
        (
            tccb,
            "Vụ Tổ chức cán bộ",
            "tccb",
            "Mai Văn Tổ",
            "Hà Thị Chức",
        ),
        (
            khtc,
            "Vụ Kế hoạch - Tài chính",
            "khtc",
            "Trịnh Văn Kế",
            "Tạ Thị Hoạch",
        ),
        (
            vtlt,
            "Cục Văn thư và Lưu trữ nhà nước",
            "vtlt",
            "Phan Văn Lưu",
            "Cao Thị Trữ",
        ),
    ] {
        s.person(
            &format!("vanthu.{prefix}"),
            &format!("Văn thư {unit_name}"),
            (unit, unit_name),
            "unit_clerk",
            "Văn thư",
            None,
        )
        .await?;
        s.person(
            &format!("ld.{prefix}"),
            head,
            (unit, unit_name),
            "unit_head",
            "Vụ trưởng",
            None,
        )
        .await?;
        s.person(
            &format!("pho.{prefix}"),
            deputy,
            (unit, unit_name),
            "unit_deputy",
            "Phó Vụ trưởng",
            None,
        )
        .await?;
    }
    s.person(
        "tp.congchuc",
        "Lương Văn Công",
        (cc, "Phòng Công chức"),
        "department_head",
        "Trưởng phòng",
        None,
    )
    .await?;
    s.person(
        "cv.congchuc1",
        "Kiều Thị Một",
        (cc, "Phòng Công chức"),
        "specialist",
        "Chuyên viên",
        None,
    )
    .await?;
    s.person(
        "cv.congchuc2",
        "Quách Văn Hai",
        (cc, "Phòng Công chức"),
        "specialist",
        "Chuyên viên",
        None,
    )
    .await?;
    s.person(
        "tp.tienluong",
        "Tôn Thị Lương",
        (tl, "Phòng Tiền lương"),
        "department_head",
        "Trưởng phòng",
        None,
    )
    .await?;
    s.person(
        "cv.tienluong1",
        "La Văn Tiền",
        (tl, "Phòng Tiền lương"),
        "specialist",
        "Chuyên viên",
        None,
    )
    .await?;

    // A province-level agency with its own clerk, leader and departments.
    let snv = s
        .unit(
            None,
            Agency,
            "snv.nb",
            "SNV",
            "Sở Nội vụ tỉnh Ninh Bình",
            Some("000.00.37.H43"),
        )
        .await?;
    let snv_vp = s
        .unit(
            Some(snv),
            Department,
            "snv.nb.vp",
            "VP",
            "Văn phòng Sở",
            None,
        )
        .await?;
    let tcbc = s
        .unit(
            Some(snv),
            Department,
            "snv.nb.tcbc",
            "TCBC",
            "Phòng Tổ chức, biên chế",
            None,
        )
        .await?;
    s.person(
        "vanthu.snv",
        "Văn thư Sở Nội vụ",
        (snv_vp, "Văn phòng Sở"),
        "unit_clerk",
        "Văn thư",
        None,
    )
    .await?;
    s.person(
        "gd.snv",
        "Hồ Văn Giám",
        (snv, "Sở Nội vụ tỉnh Ninh Bình"),
        "unit_head",
        "Giám đốc",
        None,
    )
    .await?;
    s.person(
        "tp.tcbc",
        "Chu Thị Biên",
        (tcbc, "Phòng Tổ chức, biên chế"),
        "department_head",
        "Trưởng phòng",
        None,
    )
    .await?;
    s.person(
        "cv.tcbc",
        "Mạc Văn Chế",
        (tcbc, "Phòng Tổ chức, biên chế"),
        "specialist",
        "Chuyên viên",
        None,
    )
    .await?;

    // Registers for the current year (numbering restarts every 1 January).
    let year = now.year();
    s.register(
        bnv,
        RegisterKind::Incoming,
        "den",
        &format!("Sổ văn bản đến {year}"),
        Confidentiality::Normal,
    )
    .await?;
    s.register(
        bnv,
        RegisterKind::Incoming,
        "den-mat",
        &format!("Sổ văn bản đến mật {year}"),
        Confidentiality::TopSecret,
    )
    .await?;
    s.register(
        bnv,
        RegisterKind::Outgoing,
        "di",
        &format!("Sổ văn bản đi {year}"),
        Confidentiality::Normal,
    )
    .await?;
    for unit in [tccb, khtc, vtlt, snv] {
        s.register(
            unit,
            RegisterKind::Incoming,
            "den",
            &format!("Sổ văn bản đến {year}"),
            Confidentiality::Normal,
        )
        .await?;
        s.register(
            unit,
            RegisterKind::Outgoing,
            "di",
            &format!("Sổ văn bản đi {year}"),
            Confidentiality::Normal,
        )
        .await?;
    }
    s.register(
        bnv,
        RegisterKind::Internal,
        "noi-bo",
        &format!("Sổ văn bản nội bộ {year}"),
        Confidentiality::Normal,
    )
    .await?;

    // Fields, external agencies, calendars.
    for (code, vi, en, lo) in [
        (
            "to-chuc-can-bo",
            "Tổ chức cán bộ",
            "Personnel and organisation",
            "ການຈັດຕັ້ງ ແລະ ພະນັກງານ",
        ),
        ("tai-chinh", "Tài chính", "Finance", "ການເງິນ"),
        (
            "van-thu-luu-tru",
            "Văn thư, lưu trữ",
            "Records and archives",
            "ເອກະສານ ແລະ ຈົດໝາຍເຫດ",
        ),
        (
            "cai-cach-hanh-chinh",
            "Cải cách hành chính",
            "Administrative reform",
            "ການປະຕິຮູບບໍລິຫານ",
        ),
    ] {
        commands
            .catalogue_command(
                &s.context(),
                CatalogueCommand::DefineField {
                    code: code.to_owned(),
                    names: (vi.to_owned(), en.to_owned(), lo.to_owned()),
                    active: true,
                },
            )
            .await?;
    }
    for (name, code, address) in [
        (
            "Văn phòng Chính phủ",
            "000.00.00.G22",
            "16 Lê Hồng Phong, Ba Đình, Hà Nội",
        ),
        (
            "Bộ Tài chính",
            "000.00.00.G10",
            "28 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội",
        ),
        (
            "Ủy ban nhân dân tỉnh Ninh Bình",
            "000.00.00.H43",
            "Ninh Bình",
        ),
    ] {
        commands
            .catalogue_command(
                &s.context(),
                CatalogueCommand::RecordExternalAgency {
                    agency_id: ExternalAgencyId(Uuid::now_v7()),
                    name: name.to_owned(),
                    identifier_code: Some(code.to_owned()),
                    address: Some(address.to_owned()),
                    email: None,
                    active: true,
                },
            )
            .await?;
    }
    for y in [year, year + 1] {
        let built_in = calendar::vietnam(y);
        commands
            .catalogue_command(
                &s.context(),
                CatalogueCommand::SetCalendar {
                    country: Country::Vietnam,
                    year: y,
                    holidays: built_in.holidays.into_iter().collect(),
                    working_weekend_days: built_in.working_weekend_days.into_iter().collect(),
                },
            )
            .await?;
    }
    Ok(s.accounts)
}

/// What `chancery admin bootstrap` creates: the first agency and its administrator.
#[derive(Debug, Clone)]
pub struct Bootstrap {
    pub agency_name: String,
    pub agency_code: String,
    pub agency_abbreviation: String,
    pub identifier_code: Option<String>,
    pub username: String,
    pub full_name: String,
}

/// Creates the first agency and an administrator with a one-time password (to change at
/// first login), unless the organisation already has people. Returns the one-time password.
pub async fn bootstrap(
    commands: &Commands,
    credentials: &CredentialStore,
    input: Bootstrap,
    now: DateTime<Utc>,
) -> Result<Option<String>, SeedError> {
    ensure_defaults(commands, now).await?;
    if !commands.organisation().await?.people.is_empty() {
        return Ok(None);
    }
    let agency = UnitId(Uuid::now_v7());
    let person_id = UserId(Uuid::now_v7());
    let username = chancery_domain::organisation::clean_username(&input.username)
        .map_err(CommandError::from)?;
    // Decide everything first, so a refused input leaves nothing behind.
    let mut trial = (*commands.organisation().await?).clone();
    for command in [
        OrgCommand::CreateUnit {
            unit_id: agency,
            parent_id: None,
            kind: UnitKind::Agency,
            code: input.agency_code.clone(),
            abbreviation: input.agency_abbreviation.clone(),
            name: input.agency_name.clone(),
            identifier_code: input.identifier_code.clone(),
            country: None,
        },
        OrgCommand::RegisterPerson {
            person_id,
            username: username.clone(),
            full_name: input.full_name.clone(),
            email: None,
            phone: None,
            clearance: Confidentiality::Normal,
        },
    ] {
        for event in trial.decide(command).map_err(CommandError::from)? {
            trial.evolve(&event);
        }
    }
    let one_time = chancery_identity::password::one_time_password_for(&username);
    let secret = one_time.clone();
    let hash = tokio::task::spawn_blocking(move || chancery_identity::password::hash(&secret))
        .await
        .map_err(|e| chancery_identity::IdentityError::Hash(e.to_string()))??;
    credentials
        .create(person_id.0, &username, &hash, true, now)
        .await?;
    let context = CommandContext::new(None, now);
    commands
        .organisation_command(
            &context,
            OrgCommand::CreateUnit {
                unit_id: agency,
                parent_id: None,
                kind: UnitKind::Agency,
                code: input.agency_code,
                abbreviation: input.agency_abbreviation,
                name: input.agency_name,
                identifier_code: input.identifier_code,
                country: None,
            },
        )
        .await?;
    commands
        .organisation_command(
            &context.follow_up(),
            OrgCommand::RegisterPerson {
                person_id,
                username,
                full_name: input.full_name,
                email: None,
                phone: None,
                clearance: Confidentiality::Normal,
            },
        )
        .await?;
    commands
        .record(
            &identity_events::account_stream(person_id),
            &context.follow_up(),
            &[PasswordChanged {
                person_id,
                how: PasswordChange::Initial,
                must_change: true,
            }
            .into()],
        )
        .await?;
    commands
        .organisation_command(
            &context.follow_up(),
            OrgCommand::AssignPosition {
                position_id: PositionId(Uuid::now_v7()),
                person_id,
                unit_id: agency,
                role: "system_admin".to_owned(),
                title: None,
                serves: None,
            },
        )
        .await?;
    Ok(Some(one_time))
}
