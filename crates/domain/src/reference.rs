//! Fixed reference data of Vietnamese document work (Decree 30/2020/NĐ-CP): the user-facing
//! languages, urgency and confidentiality levels, the administrative document types with their
//! official abbreviations, and the number/notation ("số, ký hiệu") format.
//!
//! Everything here is a compile-time constant or a pure function. Labels are given in
//! Vietnamese (the default), English and Lao.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A user-facing language. Vietnamese is the default.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Vi,
    En,
    Lo,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::Vi, Lang::En, Lang::Lo];

    /// The ISO 639-1 code: `vi`, `en` or `lo`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
            Lang::Lo => "lo",
        }
    }

    /// Parses a language tag such as `vi`, `en-US`, `lo_LA` or `VI-vn`: only the primary
    /// subtag counts (ISO 639-1, or the ISO 639-2 codes `vie`, `eng`, `lao`), case-insensitively.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "vi" | "vie" => Some(Lang::Vi),
            "en" | "eng" => Some(Lang::En),
            "lo" | "lao" => Some(Lang::Lo),
            _ => None,
        }
    }

    /// The language's own name, in every language.
    pub fn labels(self) -> Labels {
        match self {
            Lang::Vi => Labels::new("Tiếng Việt", "Vietnamese", "ພາສາຫວຽດນາມ"),
            Lang::En => Labels::new("Tiếng Anh", "English", "ພາສາອັງກິດ"),
            Lang::Lo => Labels::new("Tiếng Lào", "Lao", "ພາສາລາວ"),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A fixed user-facing label in Vietnamese, English and Lao.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Labels {
    pub vi: &'static str,
    pub en: &'static str,
    pub lo: &'static str,
}

impl Labels {
    pub const fn new(vi: &'static str, en: &'static str, lo: &'static str) -> Labels {
        Labels { vi, en, lo }
    }

    /// The label in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
            Lang::Lo => self.lo,
        }
    }
}

/// Urgency level ("mức độ khẩn", Decree 30 App. I §III.2.b), from least to most urgent.
/// Documents above `Normal` carry a red stamp and must be registered, presented and handed
/// over immediately on receipt (Art. 4.2.c).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Thường: no urgency mark.
    #[default]
    Normal,
    /// Khẩn.
    Urgent,
    /// Thượng khẩn.
    VeryUrgent,
    /// Hỏa tốc.
    Flash,
}

impl Urgency {
    pub const ALL: &'static [Urgency] = &[
        Urgency::Normal,
        Urgency::Urgent,
        Urgency::VeryUrgent,
        Urgency::Flash,
    ];

    /// The serde string: `normal`, `urgent`, `very_urgent` or `flash`.
    pub fn code(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
            Urgency::VeryUrgent => "very_urgent",
            Urgency::Flash => "flash",
        }
    }

    /// The inverse of [`Urgency::code`] (exact match).
    pub fn parse(code: &str) -> Option<Urgency> {
        Urgency::ALL.iter().copied().find(|u| u.code() == code)
    }

    pub fn labels(self) -> Labels {
        match self {
            Urgency::Normal => Labels::new("Thường", "Normal", "ທຳມະດາ"),
            Urgency::Urgent => Labels::new("Khẩn", "Urgent", "ດ່ວນ"),
            Urgency::VeryUrgent => Labels::new("Thượng khẩn", "Very urgent", "ດ່ວນຫຼາຍ"),
            Urgency::Flash => Labels::new("Hỏa tốc", "Flash", "ດ່ວນທີ່ສຸດ"),
        }
    }

    /// Whether the document must be handled at once (any level above `Normal`).
    pub fn is_urgent(self) -> bool {
        self > Urgency::Normal
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Confidentiality level ("độ mật", Decree 30 App. I §III.2.a, set under the State-secrets
/// law), ordered from `Normal` (not secret) to `TopSecret`. The same scale serves as a
/// person's clearance: see [`Confidentiality::clears`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidentiality {
    /// Thường: not a State secret.
    #[default]
    Normal,
    /// Mật.
    Confidential,
    /// Tối mật.
    Secret,
    /// Tuyệt mật.
    TopSecret,
}

impl Confidentiality {
    pub const ALL: &'static [Confidentiality] = &[
        Confidentiality::Normal,
        Confidentiality::Confidential,
        Confidentiality::Secret,
        Confidentiality::TopSecret,
    ];

    /// The serde string: `normal`, `confidential`, `secret` or `top_secret`.
    pub fn code(self) -> &'static str {
        match self {
            Confidentiality::Normal => "normal",
            Confidentiality::Confidential => "confidential",
            Confidentiality::Secret => "secret",
            Confidentiality::TopSecret => "top_secret",
        }
    }

    /// The inverse of [`Confidentiality::code`] (exact match).
    pub fn parse(code: &str) -> Option<Confidentiality> {
        Confidentiality::ALL
            .iter()
            .copied()
            .find(|c| c.code() == code)
    }

    pub fn labels(self) -> Labels {
        match self {
            Confidentiality::Normal => Labels::new("Thường", "Normal", "ທຳມະດາ"),
            Confidentiality::Confidential => Labels::new("Mật", "Confidential", "ລັບ"),
            Confidentiality::Secret => Labels::new("Tối mật", "Secret", "ລັບຫຼາຍ"),
            Confidentiality::TopSecret => Labels::new("Tuyệt mật", "Top secret", "ລັບທີ່ສຸດ"),
        }
    }

    /// Whether a person cleared at level `self` may see a document classified `document`:
    /// a clearance covers every level at or below it.
    pub fn clears(self, document: Confidentiality) -> bool {
        self >= document
    }

    /// Whether this is a State-secret level (anything above `Normal`). Such documents have
    /// their own number series (Art. 15.2) and are registered under the State-secrets law.
    pub fn is_secret(self) -> bool {
        self > Confidentiality::Normal
    }
}

impl fmt::Display for Confidentiality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One administrative document type of Decree 30 Art. 7, or one copy form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DocumentTypeDef {
    /// Stable ASCII slug, e.g. `quyet-dinh`, `cong-van`. Never changes once shipped.
    pub code: &'static str,
    /// Official abbreviation of Appendix III (`QĐ`, `TTr`, `SY`, …); `None` for công văn
    /// and thư công, which have none.
    pub abbreviation: Option<&'static str>,
    pub labels: Labels,
}

impl DocumentTypeDef {
    /// Whether this is one of the copy forms (sao y, trích sao, sao lục), which share their
    /// own number series (App. I Part II).
    pub fn is_copy_form(&self) -> bool {
        COPY_FORM_CODES.contains(&self.code)
    }
}

const COPY_FORM_CODES: &[&str] = &["ban-sao-y", "ban-trich-sao", "ban-sao-luc"];

const fn doc_type(
    code: &'static str,
    abbreviation: Option<&'static str>,
    vi: &'static str,
    en: &'static str,
    lo: &'static str,
) -> DocumentTypeDef {
    DocumentTypeDef {
        code,
        abbreviation,
        labels: Labels::new(vi, en, lo),
    }
}

/// The administrative document types of Decree 30 Art. 7 in the order of Appendix III,
/// followed by the three copy forms.
pub const DOCUMENT_TYPES: &[DocumentTypeDef] = &[
    doc_type(
        "nghi-quyet",
        Some("NQ"),
        "Nghị quyết (cá biệt)",
        "Resolution",
        "ມະຕິ",
    ),
    doc_type(
        "quyet-dinh",
        Some("QĐ"),
        "Quyết định (cá biệt)",
        "Decision",
        "ຂໍ້ຕົກລົງ",
    ),
    doc_type("chi-thi", Some("CT"), "Chỉ thị", "Directive", "ຄຳສັ່ງ"),
    doc_type("quy-che", Some("QC"), "Quy chế", "Regulation", "ລະບຽບການ"),
    doc_type("quy-dinh", Some("QyĐ"), "Quy định", "Rules", "ຂໍ້ກຳນົດ"),
    doc_type(
        "thong-cao",
        Some("TC"),
        "Thông cáo",
        "Communiqué",
        "ຖະແຫຼງການ",
    ),
    doc_type("thong-bao", Some("TB"), "Thông báo", "Notice", "ແຈ້ງການ"),
    doc_type("huong-dan", Some("HD"), "Hướng dẫn", "Guidance", "ຄຳແນະນຳ"),
    doc_type(
        "chuong-trinh",
        Some("CTr"),
        "Chương trình",
        "Programme",
        "ແຜນງານ",
    ),
    doc_type("ke-hoach", Some("KH"), "Kế hoạch", "Plan", "ແຜນການ"),
    doc_type(
        "phuong-an",
        Some("PA"),
        "Phương án",
        "Plan of action",
        "ແຜນປະຕິບັດງານ",
    ),
    doc_type("de-an", Some("ĐA"), "Đề án", "Scheme", "ບົດສະເໜີໂຄງການ"),
    doc_type("du-an", Some("DA"), "Dự án", "Project", "ໂຄງການ"),
    doc_type("bao-cao", Some("BC"), "Báo cáo", "Report", "ບົດລາຍງານ"),
    doc_type("bien-ban", Some("BB"), "Biên bản", "Minutes", "ບົດບັນທຶກ"),
    doc_type("to-trinh", Some("TTr"), "Tờ trình", "Submission", "ໜັງສືສະເໜີ"),
    doc_type("hop-dong", Some("HĐ"), "Hợp đồng", "Contract", "ສັນຍາ"),
    doc_type("cong-van", None, "Công văn", "Official letter", "ໜັງສືທາງການ"),
    doc_type(
        "cong-dien",
        Some("CĐ"),
        "Công điện",
        "Official dispatch",
        "ໂທລະເລກທາງການ",
    ),
    doc_type(
        "ban-ghi-nho",
        Some("BGN"),
        "Bản ghi nhớ",
        "Memorandum of understanding",
        "ບົດບັນທຶກຄວາມເຂົ້າໃຈ",
    ),
    doc_type(
        "ban-thoa-thuan",
        Some("BTT"),
        "Bản thỏa thuận",
        "Agreement",
        "ບົດຕົກລົງຮ່ວມກັນ",
    ),
    doc_type(
        "giay-uy-quyen",
        Some("GUQ"),
        "Giấy ủy quyền",
        "Letter of authorisation",
        "ໃບມອບສິດ",
    ),
    doc_type("giay-moi", Some("GM"), "Giấy mời", "Invitation", "ໜັງສືເຊີນ"),
    doc_type(
        "giay-gioi-thieu",
        Some("GGT"),
        "Giấy giới thiệu",
        "Letter of introduction",
        "ໃບແນະນຳຕົວ",
    ),
    doc_type(
        "giay-nghi-phep",
        Some("GNP"),
        "Giấy nghỉ phép",
        "Leave permit",
        "ໃບອະນຸຍາດພັກວຽກ",
    ),
    doc_type(
        "phieu-gui",
        Some("PG"),
        "Phiếu gửi",
        "Dispatch slip",
        "ໃບສົ່ງເອກະສານ",
    ),
    doc_type(
        "phieu-chuyen",
        Some("PC"),
        "Phiếu chuyển",
        "Forwarding slip",
        "ໃບສົ່ງຕໍ່ເອກະສານ",
    ),
    doc_type(
        "phieu-bao",
        Some("PB"),
        "Phiếu báo",
        "Notification slip",
        "ໃບແຈ້ງ",
    ),
    doc_type("thu-cong", None, "Thư công", "Formal letter", "ຈົດໝາຍທາງການ"),
    doc_type(
        "ban-sao-y",
        Some("SY"),
        "Bản sao y",
        "True copy",
        "ສຳເນົາຖືກຕ້ອງຕາມຕົ້ນສະບັບ",
    ),
    doc_type(
        "ban-trich-sao",
        Some("TrS"),
        "Bản trích sao",
        "Extract copy",
        "ສຳເນົາບາງສ່ວນ",
    ),
    doc_type(
        "ban-sao-luc",
        Some("SL"),
        "Bản sao lục",
        "Copy of a true copy",
        "ສຳເນົາຈາກສຳເນົາ",
    ),
];

/// The document type with this slug.
pub fn document_type(code: &str) -> Option<&'static DocumentTypeDef> {
    DOCUMENT_TYPES.iter().find(|t| t.code == code)
}

/// The document type with this official abbreviation, matched exactly (`HD` hướng dẫn and
/// `HĐ` hợp đồng are different types).
pub fn document_type_by_abbreviation(abbreviation: &str) -> Option<&'static DocumentTypeDef> {
    DOCUMENT_TYPES
        .iter()
        .find(|t| t.abbreviation == Some(abbreviation))
}

/// Number and notation ("số, ký hiệu") as Decree 30 App. I §II.3 writes it, without the
/// leading "Số: ".
///
/// The number is written in Arabic digits with a leading zero below 10; a `/` separates it
/// from the notation, whose abbreviation groups are joined by `-` with no spaces. The notation
/// of a typed document is the type abbreviation and the issuer abbreviation (`12/QĐ-UBND`);
/// that of a công văn, which has no type abbreviation, is the issuer abbreviation and the
/// abbreviation of the drafting unit or field (`05/BNV-VP`). Copies use their copy-form
/// abbreviation as the type (`01/SY-UBND`).
///
/// Abbreviations are used as given (the head of the agency sets them; the official type
/// abbreviations such as `QyĐ` or `TTr` keep their mixed case), with surrounding whitespace
/// removed; absent or blank groups are left out. Numbering starts at 01 each year, so 0 is not
/// a valid number, but it is formatted (as `00`) rather than rejected.
pub fn notation(
    number: u32,
    type_abbreviation: Option<&str>,
    issuer_abbreviation: &str,
    unit_abbreviation: Option<&str>,
) -> String {
    let groups: Vec<&str> = [
        type_abbreviation,
        Some(issuer_abbreviation),
        unit_abbreviation,
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|group| !group.is_empty())
    .collect();
    format!("{number:02}/{}", groups.join("-"))
}
