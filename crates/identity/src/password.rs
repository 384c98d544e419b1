//! Passwords: argon2id hashing, verification, the password policy and one-time passwords.
//!
//! Hashes are PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) with the OWASP
//! parameters (19 MiB of memory, 2 passes, 1 lane) and a random 16-byte salt. Verification
//! takes the parameters from the stored string, so hashes made with other parameters keep
//! working if the parameters are raised later.
//!
//! Passwords are normalised to Unicode NFKC before hashing, verifying and checking the policy
//! (NIST SP 800-63B §5.1.1.2): Vietnamese keyboards may send "ệ" precomposed (one code point)
//! or decomposed (e + two combining marks), and both must open the same account. Changing this
//! normalisation later would lock out every password containing such characters.

use std::borrow::Cow;

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngExt as _;
use rand::seq::SliceRandom as _;
use unicode_normalization::UnicodeNormalization as _;

use crate::IdentityError;

/// Argon2 memory cost in KiB (OWASP: 19 MiB).
pub const MEMORY_KIB: u32 = 19_456;
/// Argon2 passes over memory.
pub const ITERATIONS: u32 = 2;
/// Argon2 lanes.
pub const PARALLELISM: u32 = 1;

/// Fewest characters (Unicode scalar values, after normalisation) a password may have.
pub const MIN_LENGTH: usize = 10;
/// Most characters a password may have.
pub const MAX_LENGTH: usize = 128;
/// Character classes (lower, upper, digit, other) a password must mix.
pub const MIN_CLASSES: usize = 3;
/// Shortest username that a password is checked not to contain.
pub const MIN_USERNAME_CHECKED: usize = 3;
/// Length of [`one_time_password`].
pub const ONE_TIME_LENGTH: usize = 14;

/// A PHC string of the password "chancery-dummy" with the same parameters, verified by
/// [`verify_dummy`] so that a login for an unknown username costs as much as a real one.
const DUMMY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$YetXoZjNXTXY5l+7X+uNxQ$LQ3Pc747EvyekygaGxchOm8+1A/COdrK9VhBAY4ux+s";

fn hasher() -> Result<Argon2<'static>, IdentityError> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .map_err(|e| IdentityError::Hash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn normalize(password: &str) -> Cow<'_, str> {
    if unicode_normalization::is_nfkc_quick(password.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        Cow::Borrowed(password)
    } else {
        Cow::Owned(password.nfkc().collect())
    }
}

/// Hashes a password with argon2id and a fresh random salt; returns the PHC string.
///
/// Takes tens of milliseconds by design: call it from a blocking task
/// (`tokio::task::spawn_blocking`) in async code.
pub fn hash(password: &str) -> Result<String, IdentityError> {
    let hashed = hasher()?
        .hash_password(normalize(password).as_bytes())
        .map_err(|e| IdentityError::Hash(e.to_string()))?;
    Ok(hashed.to_string())
}

/// Whether `password` matches the PHC string `phc`. A malformed or unsupported PHC string
/// simply does not match. The final comparison is constant-time (done by the argon2 crate).
pub fn verify(phc: &str, password: &str) -> bool {
    let Ok(argon2) = hasher() else {
        return false;
    };
    argon2
        .verify_password(normalize(password).as_bytes(), phc)
        .is_ok()
}

/// Spends the time of one [`verify`] and returns `false`: call it when the username is
/// unknown, so response times do not reveal which usernames exist.
pub fn verify_dummy(password: &str) -> bool {
    // The dummy password is never a real one; the result is discarded on purpose.
    let _ = verify(DUMMY_PHC, password);
    false
}

/// One way a password breaks the policy. [`PolicyViolation::code`] is stable (clients and
/// translations key on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyViolation {
    /// Fewer than [`MIN_LENGTH`] characters.
    TooShort,
    /// More than [`MAX_LENGTH`] characters.
    TooLong,
    /// Fewer than [`MIN_CLASSES`] of: lowercase letter, uppercase letter, digit, other.
    TooFewClasses,
    /// Contains the username (case-insensitively), when the username has at least
    /// [`MIN_USERNAME_CHECKED`] characters.
    ContainsUsername,
    /// One of the very common passwords (case-insensitively).
    Common,
    /// Contains control characters (tab, newline, NUL, …).
    ControlCharacters,
}

impl PolicyViolation {
    /// The stable code: `TOO_SHORT`, `TOO_LONG`, `TOO_FEW_CLASSES`, `CONTAINS_USERNAME`,
    /// `COMMON` or `CONTROL_CHARACTERS`.
    pub fn code(self) -> &'static str {
        match self {
            Self::TooShort => "TOO_SHORT",
            Self::TooLong => "TOO_LONG",
            Self::TooFewClasses => "TOO_FEW_CLASSES",
            Self::ContainsUsername => "CONTAINS_USERNAME",
            Self::Common => "COMMON",
            Self::ControlCharacters => "CONTROL_CHARACTERS",
        }
    }
}

impl std::fmt::Display for PolicyViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Very common passwords (lowercase), refused whatever their case. Most are also too short;
/// they are listed so the `COMMON` code is reported with the others.
const COMMON_PASSWORDS: &[&str] = &[
    "123456",
    "123456789",
    "12345678",
    "1234567890",
    "0123456789",
    "12345678910",
    "111111",
    "1111111111",
    "000000",
    "0000000000",
    "123123",
    "123123123",
    "987654321",
    "password",
    "password1",
    "password12",
    "password123",
    "password@123",
    "p@ssw0rd",
    "p@ssw0rd123",
    "p@ssword123",
    "passw0rd123",
    "qwerty",
    "qwerty123",
    "qwertyuiop",
    "qwerty@123",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "abc123",
    "abc@123456",
    "abcd@12345",
    "abcd1234",
    "abcd123456",
    "aa123456",
    "iloveyou",
    "iloveyou123",
    "admin",
    "admin123",
    "admin@123",
    "admin@12345",
    "admin@123456",
    "administrator",
    "welcome123",
    "welcome@123",
    "changeme123",
    "letmein123",
    "matkhau",
    "matkhau123",
    "matkhau@123",
    "anhyeuem",
    "anhyeuem123",
    "emyeuanh",
    "123456789a",
    "a123456789",
    "vietnam123",
    "vietnam@123",
];

/// The classes of one character, as bit flags (lower 1, upper 2, digit 4, other 8).
/// Unicode-aware: "đ", "ệ" are lowercase, "Đ", "Ệ" uppercase. Letters of scripts without
/// case (Lao, Thai, Han…) count as "other".
fn class_of(c: char) -> u8 {
    if c.is_lowercase() {
        1
    } else if c.is_uppercase() {
        2
    } else if c.is_numeric() {
        4
    } else {
        8
    }
}

/// Checks a new password against the policy; returns every violation found.
pub fn check_policy(password: &str, username: &str) -> Result<(), Vec<PolicyViolation>> {
    let password = normalize(password);
    let password = password.as_ref();
    let mut violations = Vec::new();

    let length = password.chars().count();
    if length < MIN_LENGTH {
        violations.push(PolicyViolation::TooShort);
    }
    if length > MAX_LENGTH {
        violations.push(PolicyViolation::TooLong);
    }
    let classes = password
        .chars()
        .filter(|c| !c.is_control())
        .fold(0u8, |acc, c| acc | class_of(c));
    if (classes.count_ones() as usize) < MIN_CLASSES {
        violations.push(PolicyViolation::TooFewClasses);
    }
    let lowered = password.to_lowercase();
    let username = normalize(username.trim()).to_lowercase();
    if username.chars().count() >= MIN_USERNAME_CHECKED && lowered.contains(&username) {
        violations.push(PolicyViolation::ContainsUsername);
    }
    if COMMON_PASSWORDS.contains(&lowered.as_str()) {
        violations.push(PolicyViolation::Common);
    }
    if password.chars().any(char::is_control) {
        violations.push(PolicyViolation::ControlCharacters);
    }

    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz"; // no l, o
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ"; // no I, O
const DIGITS: &[u8] = b"23456789"; // no 0, 1

/// A random password of [`ONE_TIME_LENGTH`] characters (for an administrator's reset, to be
/// changed at first login). It mixes lowercase, uppercase and digits, avoids characters easily
/// misread (0/O, 1/l/I) and always passes [`check_policy`] with an empty username; use
/// [`one_time_password_for`] to also exclude a username.
pub fn one_time_password() -> String {
    let mut rng = rand::rng();
    let all: Vec<u8> = [LOWER, UPPER, DIGITS].concat();
    let mut chars: Vec<u8> = Vec::with_capacity(ONE_TIME_LENGTH);
    // One of each class guarantees the class rule; the rest is drawn from all of them.
    for class in [LOWER, UPPER, DIGITS] {
        chars.push(class[rng.random_range(0..class.len())]);
    }
    while chars.len() < ONE_TIME_LENGTH {
        chars.push(all[rng.random_range(0..all.len())]);
    }
    chars.shuffle(&mut rng);
    chars.into_iter().map(char::from).collect()
}

/// A [`one_time_password`] that also does not contain `username`.
pub fn one_time_password_for(username: &str) -> String {
    loop {
        let candidate = one_time_password();
        if check_policy(&candidate, username).is_ok() {
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn dummy_hash_uses_the_current_parameters() {
        assert!(DUMMY_PHC.starts_with(&format!(
            "$argon2id$v=19$m={MEMORY_KIB},t={ITERATIONS},p={PARALLELISM}$"
        )));
        assert!(verify(DUMMY_PHC, "chancery-dummy"));
        assert!(!verify_dummy("chancery-dummy"));
    }

    #[test]
    fn classes_are_unicode_aware() {
        assert_eq!(class_of('đ'), 1);
        assert_eq!(class_of('ệ'), 1);
        assert_eq!(class_of('Đ'), 2);
        assert_eq!(class_of('Ấ'), 2);
        assert_eq!(class_of('7'), 4);
        assert_eq!(class_of('#'), 8);
        assert_eq!(class_of('ກ'), 8); // Lao letters have no case
    }

    #[test]
    fn common_list_is_lowercase_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for p in COMMON_PASSWORDS {
            assert_eq!(*p, p.to_lowercase());
            assert!(seen.insert(*p), "{p} listed twice");
        }
        assert!(COMMON_PASSWORDS.len() >= 50);
    }
}
