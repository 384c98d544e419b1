#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use chancery_identity::PolicyViolation;
use chancery_identity::password::{
    self, MAX_LENGTH, ONE_TIME_LENGTH, check_policy, one_time_password, one_time_password_for,
};

fn violations(password: &str, username: &str) -> Vec<PolicyViolation> {
    check_policy(password, username).err().unwrap_or_default()
}

#[test]
fn hash_verify_round_trip_and_wrong_password() {
    let phc = password::hash("Đúng-mật-khẩu-2025").unwrap();
    assert!(
        phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "unexpected PHC string {phc}"
    );
    assert!(password::verify(&phc, "Đúng-mật-khẩu-2025"));
    assert!(!password::verify(&phc, "Đúng-mật-khẩu-2026"));
    assert!(!password::verify(&phc, "đúng-mật-khẩu-2025"));
    assert!(!password::verify(&phc, ""));
}

#[test]
fn each_hash_has_its_own_salt() {
    let a = password::hash("Same password 1").unwrap();
    let b = password::hash("Same password 1").unwrap();
    assert_ne!(a, b);
    assert!(password::verify(&b, "Same password 1"));
}

#[test]
fn precomposed_and_decomposed_vietnamese_are_the_same_password() {
    let precomposed = "Mật khẩu 2025"; // "ậ", "ẩ" as single code points
    let decomposed = "Ma\u{323}\u{302}t kha\u{302}\u{309}u 2025"; // base letters + combining marks
    assert_ne!(precomposed, decomposed);
    let phc = password::hash(precomposed).unwrap();
    assert!(password::verify(&phc, decomposed));
    assert_eq!(check_policy(decomposed, ""), check_policy(precomposed, ""));
}

#[test]
fn malformed_hash_does_not_verify() {
    assert!(!password::verify("not a phc string", "whatever"));
    assert!(!password::verify("", ""));
    assert!(!password::verify_dummy("chancery-dummy"));
}

#[test]
fn good_passwords_pass() {
    assert_eq!(check_policy("Correct-horse-7", "nguyenvana"), Ok(()));
    // Vietnamese letters count as lower and upper case letters.
    assert_eq!(check_policy("Mậtkhẩuđẹpđẽ9", "nguyenvana"), Ok(()));
    assert_eq!(check_policy("ĐƯỜNGphố hoa", ""), Ok(())); // upper, lower, other (space)
    assert_eq!(check_policy(&"aA1".repeat(42), ""), Ok(())); // 126 characters
}

#[test]
fn too_short_counts_characters_not_bytes() {
    assert_eq!(violations("Ab1-efgh", ""), [PolicyViolation::TooShort]);
    // 9 characters but 20 bytes in UTF-8.
    assert_eq!(violations("Đệ1ắằẳẵặ-", ""), [PolicyViolation::TooShort]);
    assert_eq!(check_policy("Đệ1ắằẳẵặ-x", ""), Ok(()));
}

#[test]
fn too_long() {
    let long = format!("Aa1-{}", "x".repeat(MAX_LENGTH - 3));
    assert_eq!(long.chars().count(), MAX_LENGTH + 1);
    assert_eq!(violations(&long, ""), [PolicyViolation::TooLong]);
    assert_eq!(check_policy(&long[..long.len() - 1], ""), Ok(()));
}

#[test]
fn too_few_classes() {
    assert_eq!(
        violations("alllowercaseletters", ""),
        [PolicyViolation::TooFewClasses]
    );
    assert_eq!(
        violations("lowerandUPPERonly", ""),
        [PolicyViolation::TooFewClasses]
    );
    assert_eq!(
        violations("đườngphố2025", ""),
        [PolicyViolation::TooFewClasses]
    );
    assert_eq!(check_policy("Đườngphố2025", ""), Ok(()));
    assert_eq!(check_policy("đườngphố-2025", ""), Ok(()));
}

#[test]
fn contains_username_case_insensitively() {
    assert_eq!(
        violations("Xx-NguyenVanA-99", "nguyenvana"),
        [PolicyViolation::ContainsUsername]
    );
    assert_eq!(
        violations("Xx-nguyễnvăna-99", "NGUYỄNVĂNA"),
        [PolicyViolation::ContainsUsername]
    );
    // Usernames shorter than three characters are not checked.
    assert_eq!(check_policy("Xx-ab-999999", "ab"), Ok(()));
    assert_eq!(
        violations("Xx-abc-999999", "abc"),
        [PolicyViolation::ContainsUsername]
    );
}

#[test]
fn common_passwords_whatever_their_case() {
    assert_eq!(violations("Password@123", ""), [PolicyViolation::Common]);
    assert_eq!(violations("MATKHAU@123", ""), [PolicyViolation::Common]);
    let short = violations("Admin@123", "");
    assert!(short.contains(&PolicyViolation::Common), "{short:?}");
    assert!(short.contains(&PolicyViolation::TooShort), "{short:?}");
}

#[test]
fn control_characters() {
    assert_eq!(
        violations("Tab\there-Pass1", ""),
        [PolicyViolation::ControlCharacters]
    );
    assert_eq!(
        violations("Null\0Byte-Pass1", ""),
        [PolicyViolation::ControlCharacters]
    );
    assert_eq!(
        violations("Line\nbreak-Pass1", ""),
        [PolicyViolation::ControlCharacters]
    );
}

#[test]
fn all_violations_are_reported_together() {
    let found = violations("abc\u{7}", "abc");
    assert_eq!(
        found,
        [
            PolicyViolation::TooShort,
            PolicyViolation::TooFewClasses,
            PolicyViolation::ContainsUsername,
            PolicyViolation::ControlCharacters,
        ]
    );
}

#[test]
fn codes_are_stable() {
    let codes: Vec<&str> = [
        PolicyViolation::TooShort,
        PolicyViolation::TooLong,
        PolicyViolation::TooFewClasses,
        PolicyViolation::ContainsUsername,
        PolicyViolation::Common,
        PolicyViolation::ControlCharacters,
    ]
    .into_iter()
    .map(PolicyViolation::code)
    .collect();
    assert_eq!(
        codes,
        [
            "TOO_SHORT",
            "TOO_LONG",
            "TOO_FEW_CLASSES",
            "CONTAINS_USERNAME",
            "COMMON",
            "CONTROL_CHARACTERS"
        ]
    );
    assert_eq!(PolicyViolation::Common.to_string(), "COMMON");
}

#[test]
fn one_time_passwords_pass_the_policy_and_avoid_ambiguous_characters() {
    let mut seen = HashSet::new();
    for _ in 0..1000 {
        let candidate = one_time_password();
        assert_eq!(candidate.chars().count(), ONE_TIME_LENGTH);
        assert_eq!(
            check_policy(&candidate, "nguyen.van.a"),
            Ok(()),
            "{candidate}"
        );
        assert!(
            !candidate.contains(['0', 'O', 'o', '1', 'l', 'I']),
            "{candidate}"
        );
        assert!(candidate.is_ascii(), "{candidate}");
        seen.insert(candidate);
    }
    assert_eq!(seen.len(), 1000, "one-time passwords repeat");
}

#[test]
fn one_time_password_for_excludes_the_username() {
    for _ in 0..200 {
        let candidate = one_time_password_for("abc");
        assert_eq!(check_policy(&candidate, "abc"), Ok(()), "{candidate}");
    }
}
