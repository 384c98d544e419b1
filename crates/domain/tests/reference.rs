//! Reference data: document types and abbreviations of Decree 30/2020, number/notation format,
//! urgency and confidentiality levels, languages and labels.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::collections::BTreeSet;

use chancery_domain::reference::{
    Confidentiality, DOCUMENT_TYPES, Labels, Lang, Urgency, document_type,
    document_type_by_abbreviation, notation,
};

fn is_lao(text: &str) -> bool {
    text.chars().any(|c| ('\u{0E80}'..='\u{0EFF}').contains(&c))
}

fn assert_labels(labels: Labels, what: &str) {
    for lang in Lang::ALL {
        assert!(
            !labels.get(*lang).trim().is_empty(),
            "{what}: empty {lang} label"
        );
    }
    assert!(is_lao(labels.lo), "{what}: Lao label not in Lao script");
    assert!(
        !is_lao(labels.vi) && !is_lao(labels.en),
        "{what}: Lao script outside lo"
    );
}

#[test]
fn document_type_codes_are_unique_ascii_slugs() {
    let mut seen = BTreeSet::new();
    for t in DOCUMENT_TYPES {
        assert!(seen.insert(t.code), "duplicate code {}", t.code);
        assert!(
            t.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "code {} is not an ASCII slug",
            t.code
        );
        assert!(!t.code.starts_with('-') && !t.code.ends_with('-'));
        assert_labels(t.labels, t.code);
    }
}

#[test]
fn abbreviations_are_unique_and_match_appendix_iii() {
    let abbreviations: Vec<&str> = DOCUMENT_TYPES
        .iter()
        .filter_map(|t| t.abbreviation)
        .collect();
    let unique: BTreeSet<&str> = abbreviations.iter().copied().collect();
    assert_eq!(unique.len(), abbreviations.len(), "duplicate abbreviation");

    let expected = [
        "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB",
        "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS",
        "SL",
    ];
    assert_eq!(abbreviations, expected);

    // Công văn and thư công have no type abbreviation.
    let without: Vec<&str> = DOCUMENT_TYPES
        .iter()
        .filter(|t| t.abbreviation.is_none())
        .map(|t| t.code)
        .collect();
    assert_eq!(without, ["cong-van", "thu-cong"]);
    assert_eq!(DOCUMENT_TYPES.len(), 32);
}

#[test]
fn document_types_are_found_by_code_and_abbreviation() {
    let decision = document_type("quyet-dinh").unwrap();
    assert_eq!(decision.abbreviation, Some("QĐ"));
    assert_eq!(decision.labels.get(Lang::Vi), "Quyết định (cá biệt)");
    assert!(!decision.is_copy_form());

    let letter = document_type("cong-van").unwrap();
    assert_eq!(letter.abbreviation, None);
    assert_eq!(letter.labels.vi, "Công văn");

    assert_eq!(
        document_type_by_abbreviation("QyĐ").unwrap().code,
        "quy-dinh"
    );
    assert_eq!(
        document_type_by_abbreviation("HĐ").unwrap().code,
        "hop-dong"
    );
    assert_eq!(
        document_type_by_abbreviation("HD").unwrap().code,
        "huong-dan"
    );
    assert!(document_type("no-such-type").is_none());
    assert!(document_type_by_abbreviation("XX").is_none());

    let copies: Vec<&str> = DOCUMENT_TYPES
        .iter()
        .filter(|t| t.is_copy_form())
        .filter_map(|t| t.abbreviation)
        .collect();
    assert_eq!(copies, ["SY", "TrS", "SL"]);
}

#[test]
fn notation_follows_decree_30_appendix_i() {
    // Official examples of App. I §II.3.
    assert_eq!(notation(15, Some("QĐ"), "BNV", None), "15/QĐ-BNV");
    assert_eq!(notation(5, None, "BNV", Some("VP")), "05/BNV-VP");
    assert_eq!(notation(12, None, "UBND", Some("VX")), "12/UBND-VX");
    assert_eq!(notation(12, Some("QĐ"), "UBND", None), "12/QĐ-UBND");
    assert_eq!(notation(399, None, "LĐLĐ", Some("VP")), "399/LĐLĐ-VP");
    // Leading zero below 10 only.
    assert_eq!(notation(1, Some("TTr"), "UBND", None), "01/TTr-UBND");
    assert_eq!(notation(9, Some("CV"), "X", None), "09/CV-X");
    assert_eq!(notation(10, Some("TB"), "BNV", None), "10/TB-BNV");
    assert_eq!(notation(1234, Some("KH"), "UBND", None), "1234/KH-UBND");
    // Copies use the copy-form abbreviation.
    assert_eq!(notation(3, Some("SY"), "UBND", None), "03/SY-UBND");
    // No spaces; blank groups are left out.
    assert_eq!(notation(7, Some(" QĐ "), " BNV ", Some("  ")), "07/QĐ-BNV");
    assert_eq!(notation(7, Some(""), "BNV", None), "07/BNV");
}

#[test]
fn urgency_codes_serde_labels_and_order() {
    let codes: Vec<&str> = Urgency::ALL.iter().map(|u| u.code()).collect();
    assert_eq!(codes, ["normal", "urgent", "very_urgent", "flash"]);
    for urgency in Urgency::ALL {
        let json = serde_json::to_string(urgency).unwrap();
        assert_eq!(json, format!("\"{}\"", urgency.code()));
        assert_eq!(serde_json::from_str::<Urgency>(&json).unwrap(), *urgency);
        assert_eq!(Urgency::parse(urgency.code()), Some(*urgency));
        assert_eq!(urgency.to_string(), urgency.code());
        assert_labels(urgency.labels(), urgency.code());
    }
    assert_eq!(Urgency::parse("Flash"), None);
    assert_eq!(Urgency::VeryUrgent.labels().vi, "Thượng khẩn");
    assert_eq!(Urgency::Flash.labels().vi, "Hỏa tốc");
    assert!(Urgency::ALL.windows(2).all(|w| w[0] < w[1]));
    assert!(!Urgency::Normal.is_urgent());
    assert!(Urgency::Urgent.is_urgent() && Urgency::Flash.is_urgent());
}

#[test]
fn confidentiality_codes_serde_labels_and_order() {
    let codes: Vec<&str> = Confidentiality::ALL.iter().map(|c| c.code()).collect();
    assert_eq!(codes, ["normal", "confidential", "secret", "top_secret"]);
    for level in Confidentiality::ALL {
        let json = serde_json::to_string(level).unwrap();
        assert_eq!(json, format!("\"{}\"", level.code()));
        assert_eq!(
            serde_json::from_str::<Confidentiality>(&json).unwrap(),
            *level
        );
        assert_eq!(Confidentiality::parse(level.code()), Some(*level));
        assert_labels(level.labels(), level.code());
    }
    assert_eq!(Confidentiality::parse("topsecret"), None);
    assert_eq!(Confidentiality::Confidential.labels().vi, "Mật");
    assert_eq!(Confidentiality::Secret.labels().vi, "Tối mật");
    assert_eq!(Confidentiality::TopSecret.labels().vi, "Tuyệt mật");
    assert!(Confidentiality::ALL.windows(2).all(|w| w[0] < w[1]));
    assert!(!Confidentiality::Normal.is_secret());
    assert!(Confidentiality::Confidential.is_secret());
}

#[test]
fn a_clearance_covers_its_level_and_below() {
    for (i, clearance) in Confidentiality::ALL.iter().enumerate() {
        for (j, document) in Confidentiality::ALL.iter().enumerate() {
            assert_eq!(
                clearance.clears(*document),
                i >= j,
                "{clearance} clears {document}"
            );
        }
    }
    assert!(Confidentiality::TopSecret.clears(Confidentiality::Secret));
    assert!(!Confidentiality::Confidential.clears(Confidentiality::Secret));
    assert!(Confidentiality::Normal.clears(Confidentiality::Normal));
}

#[test]
fn languages_parse_from_tags() {
    assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
    assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
    assert_eq!(Lang::parse("VI"), Some(Lang::Vi));
    assert_eq!(Lang::parse("en-US"), Some(Lang::En));
    assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
    assert_eq!(Lang::parse("lo"), Some(Lang::Lo));
    assert_eq!(Lang::parse("lo-LA"), Some(Lang::Lo));
    assert_eq!(Lang::parse(" lao "), Some(Lang::Lo));
    assert_eq!(Lang::parse("fr"), None);
    assert_eq!(Lang::parse("vin"), None);
    assert_eq!(Lang::parse(""), None);
    assert_eq!(Lang::default(), Lang::Vi);
    for lang in Lang::ALL {
        assert_eq!(Lang::parse(lang.code()), Some(*lang));
        assert_eq!(
            serde_json::to_string(lang).unwrap(),
            format!("\"{}\"", lang.code())
        );
        assert_labels(lang.labels(), lang.code());
    }
}

#[test]
fn labels_pick_the_language() {
    let labels = Urgency::Urgent.labels();
    assert_eq!(labels.get(Lang::Vi), "Khẩn");
    assert_eq!(labels.get(Lang::En), "Urgent");
    assert_eq!(labels.get(Lang::Lo), "ດ່ວນ");
}
