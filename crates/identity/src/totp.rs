//! Time-based one-time codes (RFC 6238): HMAC-SHA-1, 6 digits, 30-second steps — what every
//! authenticator app understands.
//!
//! [`verify`] accepts the code of the current step and of the steps just before and after
//! (clock drift, typing time) and returns the step it matched. RFC 6238 §5.2 requires that a
//! code be accepted only once: the caller passes the last step it accepted and stores the new
//! one with [`crate::CredentialStore::set_totp_last_step`], whose conditional update also
//! stops two concurrent requests using the same code.

use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Digits of a code.
pub const DIGITS: usize = 6;
/// Seconds per time step.
pub const STEP_SECONDS: i64 = 30;
/// Steps accepted on either side of the current one.
pub const SKEW_STEPS: i64 = 1;
/// Bytes of a new secret (160 bits, as RFC 4226 §4 recommends).
pub const SECRET_BYTES: usize = 20;
/// Shortest secret accepted (128 bits, RFC 4226 §4).
pub const MIN_SECRET_BYTES: usize = 16;

/// A new random secret.
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::fill(&mut secret[..]);
    secret
}

/// The secret in base32 (RFC 4648, no padding), as typed into an authenticator app.
pub fn secret_base32(secret: &[u8]) -> String {
    Secret::from(secret.to_vec()).to_base32()
}

/// The `otpauth://` URL an authenticator app reads from a QR code (Google Authenticator key
/// URI format). Issuer and account name are percent-encoded, a colon in them included.
pub fn otpauth_url(issuer: &str, account_name: &str, secret: &[u8]) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        account = percent_encode(account_name),
        secret = secret_base32(secret),
    )
}

/// Percent-encodes everything but RFC 3986 unreserved characters (UTF-8 bytes for the rest).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn generator(secret: &[u8], digits: usize) -> Option<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(u8::try_from(digits).ok()?)
        .with_skew(0)
        .with_step_duration(STEP_SECONDS.unsigned_abs())
        .with_secret(secret.to_vec())
        .build()
        .ok()
}

/// The time step of a Unix time (`None` before 1970).
pub fn step_of(unix_seconds: i64) -> Option<i64> {
    (unix_seconds >= 0).then_some(unix_seconds / STEP_SECONDS)
}

fn code_with_digits(secret: &[u8], unix_seconds: i64, digits: usize) -> Option<String> {
    let time = u64::try_from(unix_seconds).ok()?;
    Some(generator(secret, digits)?.generate(time).to_string())
}

/// The code an authenticator shows at `unix_seconds` (`None` for a secret shorter than
/// [`MIN_SECRET_BYTES`] or a time before 1970). For tests and tools; logins use [`verify`].
pub fn code_at(secret: &[u8], unix_seconds: i64) -> Option<String> {
    code_with_digits(secret, unix_seconds, DIGITS)
}

/// Checks `code` at `unix_seconds`: returns the matched time step if the code is that of the
/// current step or of one step before or after, and that step is later than
/// `last_used_step`. Anything but exactly [`DIGITS`] ASCII digits is refused, as is a secret
/// shorter than [`MIN_SECRET_BYTES`].
pub fn verify(
    secret: &[u8],
    code: &str,
    unix_seconds: i64,
    last_used_step: Option<i64>,
) -> Option<i64> {
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = step_of(unix_seconds)?;
    let generator = generator(secret, DIGITS)?;
    let mut matched = None;
    // Every candidate step is computed (no early exit) so timing says nothing about which one
    // matched; `Totp::check` compares in constant time.
    for step in (current - SKEW_STEPS)..=(current + SKEW_STEPS) {
        let Ok(unsigned) = u64::try_from(step) else {
            continue;
        };
        let fresh = last_used_step.is_none_or(|last| step > last);
        let time = unsigned.saturating_mul(STEP_SECONDS.unsigned_abs());
        if generator.check(code, time).is_some() && fresh && matched.is_none() {
            matched = Some(step);
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// RFC 6238 Appendix B, SHA-1 rows (8 digits).
    #[test]
    fn rfc6238_vectors_with_eight_digits() {
        let secret = b"12345678901234567890";
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (time, expected) in vectors {
            assert_eq!(
                code_with_digits(secret, time, 8).unwrap(),
                expected,
                "T = {time}"
            );
        }
    }

    #[test]
    fn short_secret_and_negative_time_give_no_code() {
        assert_eq!(code_at(&[7u8; 15], 59), None);
        assert_eq!(code_at(&[7u8; 20], -1), None);
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(
            percent_encode("Bộ Nội vụ:x"),
            "B%E1%BB%99%20N%E1%BB%99i%20v%E1%BB%A5%3Ax"
        );
        assert_eq!(percent_encode("a-b.c_d~e"), "a-b.c_d~e");
    }
}
