#![allow(clippy::unwrap_used, clippy::expect_used)]

use chancery_identity::totp::{self, code_at, otpauth_url, secret_base32, verify};

/// The RFC 6238 Appendix B SHA-1 seed.
const RFC_SECRET: &[u8] = b"12345678901234567890";

/// RFC 6238 Appendix B, SHA-1 rows. The RFC lists 8-digit codes; a 6-digit code is the same
/// value modulo 10^6, i.e. its last six digits.
const RFC_VECTORS: &[(i64, &str)] = &[
    (59, "94287082"),
    (1_111_111_109, "07081804"),
    (1_111_111_111, "14050471"),
    (1_234_567_890, "89005924"),
    (2_000_000_000, "69279037"),
    (20_000_000_000, "65353130"),
];

fn six(eight: &str) -> &str {
    &eight[2..]
}

#[test]
fn rfc6238_test_vectors() {
    for &(time, expected) in RFC_VECTORS {
        assert_eq!(
            code_at(RFC_SECRET, time).unwrap(),
            six(expected),
            "T = {time}"
        );
        assert_eq!(
            verify(RFC_SECRET, six(expected), time, None),
            Some(time / 30),
            "T = {time}"
        );
    }
}

#[test]
fn accepts_one_step_either_side_and_no_more() {
    let (time, expected) = RFC_VECTORS[3]; // T = 1234567890, step 41152263
    let code = six(expected);
    let step = time / 30;
    assert_eq!(verify(RFC_SECRET, code, time - 30, None), Some(step));
    assert_eq!(verify(RFC_SECRET, code, time + 30, None), Some(step));
    assert_eq!(verify(RFC_SECRET, code, time - 60, None), None);
    assert_eq!(verify(RFC_SECRET, code, time + 60, None), None);
    // Step boundaries: the code of step s is accepted from the start of s-1 to the end of s+1.
    let start = step * 30;
    assert_eq!(verify(RFC_SECRET, code, start - 30, None), Some(step));
    assert_eq!(verify(RFC_SECRET, code, start - 31, None), None);
    assert_eq!(verify(RFC_SECRET, code, start + 59, None), Some(step));
    assert_eq!(verify(RFC_SECRET, code, start + 60, None), None);
}

#[test]
fn replay_is_refused() {
    let (time, expected) = RFC_VECTORS[3];
    let code = six(expected);
    let step = verify(RFC_SECRET, code, time, None).unwrap();
    assert_eq!(verify(RFC_SECRET, code, time, Some(step)), None);
    assert_eq!(verify(RFC_SECRET, code, time + 30, Some(step)), None);
    assert_eq!(verify(RFC_SECRET, code, time, Some(step + 1)), None);
    assert_eq!(verify(RFC_SECRET, code, time, Some(step - 1)), Some(step));
    // The next step's code is still accepted after this one was used.
    let next = code_at(RFC_SECRET, time + 30).unwrap();
    assert_eq!(verify(RFC_SECRET, &next, time, Some(step)), Some(step + 1));
}

#[test]
fn malformed_codes_are_refused() {
    let (time, expected) = RFC_VECTORS[3];
    let code = six(expected);
    assert_eq!(verify(RFC_SECRET, expected, time, None), None); // 8 digits
    assert_eq!(verify(RFC_SECRET, &code[1..], time, None), None); // 5 digits
    assert_eq!(
        verify(RFC_SECRET, &format!(" {}", &code[1..]), time, None),
        None
    );
    assert_eq!(
        verify(RFC_SECRET, &format!("+{}", &code[1..]), time, None),
        None
    );
    assert_eq!(verify(RFC_SECRET, "12a456", time, None), None);
    assert_eq!(verify(RFC_SECRET, "", time, None), None);
    assert_eq!(verify(RFC_SECRET, "٠١٢٣٤٥", time, None), None); // Arabic-Indic digits
    // A wrong code, a too-short secret and a time before 1970 are refused too.
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    assert_eq!(verify(RFC_SECRET, &wrong, time, None), None);
    assert_eq!(verify(&RFC_SECRET[..15], code, time, None), None);
    assert_eq!(verify(RFC_SECRET, "287082", -1, None), None);
}

#[test]
fn new_secrets_are_random_and_verify() {
    let a = totp::new_secret();
    let b = totp::new_secret();
    assert_eq!(a.len(), 20);
    assert_ne!(a, b);
    let now = 1_750_000_000;
    let code = code_at(&a, now).unwrap();
    assert_eq!(verify(&a, &code, now, None), Some(now / 30));
}

#[test]
fn base32_and_otpauth_url() {
    // RFC 4648 test vector "foobar" → "MZXW6YTBOI======", without padding.
    assert_eq!(secret_base32(b"foobar"), "MZXW6YTBOI");
    assert_eq!(
        secret_base32(RFC_SECRET),
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    );
    assert_eq!(
        otpauth_url("Chancery", "nguyen.van.a@bo.gov.vn", RFC_SECRET),
        "otpauth://totp/Chancery:nguyen.van.a%40bo.gov.vn?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
         &issuer=Chancery&algorithm=SHA1&digits=6&period=30"
    );
    assert_eq!(
        otpauth_url("Văn phòng", "a:b", RFC_SECRET),
        "otpauth://totp/V%C4%83n%20ph%C3%B2ng:a%3Ab?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
         &issuer=V%C4%83n%20ph%C3%B2ng&algorithm=SHA1&digits=6&period=30"
    );
}
