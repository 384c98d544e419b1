//! `domain::confirmation`: a server-held key is used only with a fresh confirmation by its
//! holder (signing PIN or TOTP code); wrong ones are counted and lock signing; a TOTP code is
//! accepted once; one confirmation covers a reviewed batch.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_domain::confirmation::{
    Confirmation, ConfirmedWith, Found, Holder, Judged, MAX_BATCH, after_failure, batch, check,
    judge,
};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap()
}

fn with_pin() -> Holder {
    Holder {
        pin_set: true,
        ..Holder::default()
    }
}

fn pin(p: &str) -> Confirmation {
    Confirmation::Pin(p.to_owned())
}

#[test]
fn given_a_pin_when_signing_without_a_confirmation_then_it_is_refused_as_required() {
    let e = check(&with_pin(), None, now()).unwrap_err();
    assert_eq!(
        (e.code, e.field),
        ("CONFIRMATION_REQUIRED", Some("confirmation"))
    );
}

#[test]
fn given_neither_pin_nor_totp_when_signing_then_the_person_is_told_to_set_a_pin() {
    let e = check(&Holder::default(), None, now()).unwrap_err();
    assert_eq!(e.code, "NO_SIGNING_PIN");
    let e = check(&Holder::default(), Some(&pin("246810")), now()).unwrap_err();
    assert_eq!(
        (e.code, e.field),
        ("NO_SIGNING_PIN", Some("confirmation.pin"))
    );
}

#[test]
fn given_no_authenticator_when_a_totp_code_is_offered_then_it_is_refused() {
    let e = check(
        &with_pin(),
        Some(&Confirmation::Totp("123456".into())),
        now(),
    )
    .unwrap_err();
    assert_eq!((e.code, e.field), ("NO_TOTP", Some("confirmation.totp")));
}

#[test]
fn given_both_a_pin_and_totp_when_either_is_offered_then_either_is_verified() {
    let holder = Holder {
        pin_set: true,
        totp_enrolled: true,
        ..Holder::default()
    };
    assert_eq!(
        check(&holder, Some(&pin("246810")), now()),
        Ok(ConfirmedWith::Pin)
    );
    assert_eq!(
        check(&holder, Some(&Confirmation::Totp("123456".into())), now()),
        Ok(ConfirmedWith::Totp)
    );
    // One of them, not both.
    let e = Confirmation::from_input(Some("246810".into()), Some("123456".into())).unwrap_err();
    assert_eq!(e.code, "ONE_CONFIRMATION");
    assert_eq!(
        Confirmation::from_input(Some(String::new()), None),
        Ok(None)
    );
}

#[test]
fn given_a_wrong_pin_when_judged_then_it_is_refused_and_the_count_is_named() {
    assert_eq!(judge(&with_pin(), Found::Wrong), Judged::Refused);
    let e = after_failure(&pin("000000"), 1, None, now());
    assert_eq!(
        (e.code, e.field),
        ("WRONG_CONFIRMATION", Some("confirmation.pin"))
    );
    assert_eq!(e.fact("failedCount"), Some("1"));
}

#[test]
fn given_the_failure_that_locks_when_answered_then_signing_is_locked_with_its_end() {
    let until = now() + Duration::seconds(30);
    let e = after_failure(&pin("000000"), 5, Some(until), now());
    assert_eq!(e.code, "SIGNING_LOCKED");
    assert_eq!(e.fact("lockedUntil"), Some(until.to_rfc3339().as_str()));
    // While locked, even the right PIN is not verified.
    let locked = Holder {
        locked_until: Some(until),
        ..with_pin()
    };
    assert_eq!(
        check(&locked, Some(&pin("246810")), now())
            .unwrap_err()
            .code,
        "SIGNING_LOCKED"
    );
    // Once the lock ran out, it is.
    assert_eq!(
        check(&locked, Some(&pin("246810")), until + Duration::seconds(1)),
        Ok(ConfirmedWith::Pin)
    );
}

#[test]
fn given_a_totp_code_already_used_when_offered_again_then_it_is_refused_as_a_replay() {
    let holder = Holder {
        totp_enrolled: true,
        totp_last_step: Some(60_000_000),
        ..Holder::default()
    };
    assert_eq!(judge(&holder, Found::TotpStep(60_000_000)), Judged::Refused);
    assert_eq!(judge(&holder, Found::TotpStep(59_999_999)), Judged::Refused);
    assert_eq!(
        judge(&holder, Found::TotpStep(60_000_001)),
        Judged::Accepted {
            with: ConfirmedWith::Totp,
            use_step: Some(60_000_001)
        }
    );
    let e = after_failure(&Confirmation::Totp("123456".into()), 1, None, now());
    assert_eq!(
        (e.code, e.field),
        ("WRONG_CONFIRMATION", Some("confirmation.totp"))
    );
}

#[test]
fn given_a_reviewed_batch_when_confirmed_once_then_every_document_is_covered_once() {
    let docs: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
    // One check, one judgement: the whole batch.
    assert_eq!(
        check(&with_pin(), Some(&pin("246810")), now()),
        Ok(ConfirmedWith::Pin)
    );
    assert_eq!(batch(&docs), Ok(docs.clone()));
    assert_eq!(batch(&[]).unwrap_err().code, "REQUIRED");
    assert_eq!(
        batch(&[docs[0], docs[1], docs[0]]).unwrap_err().code,
        "DUPLICATE_ID"
    );
    let many: Vec<Uuid> = (0..=MAX_BATCH).map(|_| Uuid::now_v7()).collect();
    assert_eq!(batch(&many).unwrap_err().code, "TOO_MANY");
}
