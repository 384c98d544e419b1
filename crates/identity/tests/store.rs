#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use chancery_identity::lockout::lock_duration;
use chancery_identity::token::new_token;
use chancery_identity::{
    CredentialStore, FailureOutcome, IdentityError, NewSession, Session, TokenKind, totp,
};
use chancery_test_support::TestDb;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_750_000_000, 0).unwrap()
}

async fn store() -> (TestDb, CredentialStore) {
    let db = TestDb::new().await;
    let store = CredentialStore::new(db.pool.clone());
    store.migrate().await.unwrap();
    (db, store)
}

async fn account(store: &CredentialStore, username: &str) -> Uuid {
    let id = Uuid::new_v4();
    store
        .create(id, username, "$argon2id$placeholder", false, t0())
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn migrate_is_idempotent() {
    let (_db, store) = store().await;
    store.migrate().await.unwrap();
    let _ = account(&store, "nguyenvana").await;
}

#[tokio::test]
async fn create_and_read_back() {
    let (_db, store) = store().await;
    let id = Uuid::new_v4();
    store
        .create(id, "NguyenVanA", "phc-string", true, t0())
        .await
        .unwrap();
    let by_name = store.by_username("nguyenvana").await.unwrap().unwrap();
    let by_id = store.by_account(id).await.unwrap().unwrap();
    assert_eq!(by_name, by_id);
    assert_eq!(by_id.account_id, id);
    assert_eq!(by_id.username, "NguyenVanA");
    assert_eq!(by_id.password_hash, "phc-string");
    assert!(by_id.must_change);
    assert_eq!(by_id.failed_count, 0);
    assert_eq!(by_id.locked_until, None);
    assert!(!by_id.totp_enabled());
    assert!(!by_id.disabled);
    assert_eq!(by_id.updated_at, t0());
    assert!(store.by_username("nguyenvanb").await.unwrap().is_none());
    assert!(store.by_account(Uuid::new_v4()).await.unwrap().is_none());
}

#[tokio::test]
async fn duplicate_username_in_another_case_is_taken() {
    let (_db, store) = store().await;
    let first = account(&store, "tran.thi.b").await;
    let error = store
        .create(Uuid::new_v4(), "Tran.Thi.B", "x", false, t0())
        .await
        .unwrap_err();
    assert!(matches!(error, IdentityError::UsernameTaken), "{error:?}");
    let error = store
        .create(first, "someone.else", "x", false, t0())
        .await
        .unwrap_err();
    assert!(matches!(error, IdentityError::AccountExists), "{error:?}");
}

#[tokio::test]
async fn debug_redacts_secrets() {
    let (_db, store) = store().await;
    let id = Uuid::new_v4();
    store
        .create(id, "le.van.c", "$argon2id$SECRET-HASH", false, t0())
        .await
        .unwrap();
    store.set_totp_pending(id, &[0xAB; 20], t0()).await.unwrap();
    let credentials = store.by_account(id).await.unwrap().unwrap();
    let debug = format!("{credentials:?}");
    assert!(debug.contains("le.van.c"), "{debug}");
    assert!(!debug.contains("SECRET-HASH"), "{debug}");
    assert!(!debug.contains("171"), "{debug}"); // 0xAB
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[tokio::test]
async fn twenty_failures_lock_with_back_off_and_success_resets() {
    let (_db, store) = store().await;
    let id = account(&store, "pham.d").await;
    // Seconds locked after failure n (1-based); 1–4 do not lock.
    let schedule: [Option<i64>; 20] = [
        None,
        None,
        None,
        None,
        Some(30),
        Some(60),
        Some(120),
        Some(240),
        Some(480),
        Some(960),
        Some(1920),
        Some(3600),
        Some(3600),
        Some(3600),
        Some(3600),
        Some(3600),
        Some(3600),
        Some(3600),
        Some(3600),
        Some(3600),
    ];
    for (i, expected) in schedule.into_iter().enumerate() {
        let n = i as u32 + 1;
        // One attempt every two hours, so each lock has expired before the next attempt and
        // `locked_until` is exactly this failure's lock.
        let now = t0() + Duration::hours(2 * i64::from(n));
        let outcome = store.record_failure(id, now).await.unwrap();
        assert_eq!(outcome.failed_count, n);
        assert_eq!(
            outcome.locked_until,
            expected.map(|s| now + Duration::seconds(s)),
            "failure {n}"
        );
        assert_eq!(
            outcome.locked_until,
            lock_duration(n).map(|d| now + d),
            "failure {n}: SQL and lock_duration disagree"
        );
        let stored = store.by_account(id).await.unwrap().unwrap();
        assert_eq!(stored.failed_count, n);
        assert_eq!(stored.is_locked(now), expected.is_some());
        if let Some(s) = expected {
            assert!(!stored.is_locked(now + Duration::seconds(s)));
        }
    }

    let now = t0() + Duration::days(3);
    store.record_success(id, now).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!((stored.failed_count, stored.locked_until), (0, None));
    assert_eq!(stored.updated_at, now);
    let outcome = store.record_failure(id, now).await.unwrap();
    assert_eq!(
        outcome,
        FailureOutcome {
            failed_count: 1,
            locked_until: None
        }
    );
}

#[tokio::test]
async fn a_lock_is_never_shortened_and_unlock_lifts_it() {
    let (_db, store) = store().await;
    let id = account(&store, "hoang.e").await;
    let mut last = None;
    for _ in 0..11 {
        last = store.record_failure(id, t0()).await.unwrap().locked_until;
    }
    assert_eq!(last, Some(t0() + Duration::seconds(1920)));
    // A 12th failure reported with an earlier clock (another server) keeps the longer lock.
    let earlier = t0() - Duration::hours(1) - Duration::seconds(1);
    let outcome = store.record_failure(id, earlier).await.unwrap();
    assert_eq!(outcome.failed_count, 12);
    assert_eq!(outcome.locked_until, last);

    store.unlock(id, t0()).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!((stored.failed_count, stored.locked_until), (0, None));
    assert!(!stored.is_locked(t0()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_failures_are_all_counted() {
    let (_db, store) = store().await;
    let id = account(&store, "vu.f").await;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.record_failure(id, t0()).await })
        })
        .collect();
    let mut counts = BTreeSet::new();
    for task in tasks {
        let outcome = task.await.unwrap().unwrap();
        counts.insert(outcome.failed_count);
    }
    // Every call saw a different count: no increment was lost.
    assert_eq!(counts, (1..=20).collect::<BTreeSet<u32>>());
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!(stored.failed_count, 20);
    assert_eq!(stored.locked_until, Some(t0() + Duration::hours(1)));
}

#[tokio::test]
async fn updates_of_an_unknown_account_fail() {
    let (_db, store) = store().await;
    let nobody = Uuid::new_v4();
    let now = t0();
    let errors = [
        store.record_failure(nobody, now).await.map(|_| ()),
        store.record_success(nobody, now).await,
        store.unlock(nobody, now).await,
        store.set_password(nobody, "x", false, now).await,
        store.set_totp_pending(nobody, &[1; 20], now).await,
        store.confirm_totp(nobody, now).await,
        store.disable_totp(nobody, now).await,
        store.set_disabled(nobody, true, now).await,
    ];
    for (i, result) in errors.into_iter().enumerate() {
        assert!(
            matches!(result, Err(IdentityError::UnknownAccount)),
            "call {i}: {result:?}"
        );
    }
    assert!(!store.set_totp_last_step(nobody, 1, now).await.unwrap());
}

#[tokio::test]
async fn set_password() {
    let (_db, store) = store().await;
    let id = account(&store, "dang.g").await;
    let later = t0() + Duration::minutes(5);
    store
        .set_password(id, "new-phc", true, later)
        .await
        .unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!(stored.password_hash, "new-phc");
    assert!(stored.must_change);
    assert_eq!(stored.updated_at, later);
    store
        .set_password(id, "newer-phc", false, later)
        .await
        .unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!(stored.password_hash, "newer-phc");
    assert!(!stored.must_change);
}

#[tokio::test]
async fn totp_enrolment() {
    let (_db, store) = store().await;
    let id = account(&store, "bui.h").await;
    let now = t0();
    let error = store.confirm_totp(id, now).await.unwrap_err();
    assert!(matches!(error, IdentityError::NoPendingTotp), "{error:?}");
    let error = store.set_totp_pending(id, &[1; 15], now).await.unwrap_err();
    assert!(
        matches!(error, IdentityError::TotpSecretTooShort),
        "{error:?}"
    );

    let secret = totp::new_secret();
    store.set_totp_pending(id, &secret, now).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!(stored.totp_pending.as_deref(), Some(&secret[..]));
    assert!(!stored.totp_enabled());

    // The user types the code shown by the app; the caller checks it against the pending
    // secret, records the step, then confirms.
    let unix = now.timestamp();
    let code = totp::code_at(&secret, unix).unwrap();
    let step = totp::verify(&secret, &code, unix, stored.totp_last_step).unwrap();
    assert!(store.set_totp_last_step(id, step, now).await.unwrap());
    store.confirm_totp(id, now).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!(stored.totp_secret.as_deref(), Some(&secret[..]));
    assert_eq!(stored.totp_pending, None);
    assert_eq!(stored.totp_last_step, Some(step));
    // The enrolment code cannot be replayed to log in.
    assert_eq!(
        totp::verify(&secret, &code, unix, stored.totp_last_step),
        None
    );

    // A new pending secret does not replace the enrolled one until confirmed.
    let other = totp::new_secret();
    store.set_totp_pending(id, &other, now).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!(stored.totp_secret.as_deref(), Some(&secret[..]));
    assert_eq!(stored.totp_pending.as_deref(), Some(&other[..]));

    store.disable_totp(id, now).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!((stored.totp_secret, stored.totp_pending), (None, None));
}

#[tokio::test]
async fn given_an_active_second_factor_when_it_is_replaced_then_the_password_is_needed() {
    let (_db, store) = store().await;
    let id = account(&store, "cao.k").await;
    let now = t0();
    // Given no second factor, or only a pending one: enrolling needs no password.
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert!(!stored.second_factor_change_needs_password());
    let secret = totp::new_secret();
    store.set_totp_pending(id, &secret, now).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert!(!stored.second_factor_change_needs_password());
    // When it is confirmed, then replacing it needs the password …
    store.confirm_totp(id, now).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert!(stored.second_factor_change_needs_password());
    // … until it is turned off.
    store.disable_totp(id, now).await.unwrap();
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert!(!stored.second_factor_change_needs_password());
}

#[tokio::test]
async fn totp_last_step_only_moves_forward() {
    let (_db, store) = store().await;
    let id = account(&store, "do.i").await;
    assert!(store.set_totp_last_step(id, 100, t0()).await.unwrap());
    assert!(!store.set_totp_last_step(id, 100, t0()).await.unwrap());
    assert!(!store.set_totp_last_step(id, 99, t0()).await.unwrap());
    assert!(store.set_totp_last_step(id, 101, t0()).await.unwrap());
    let stored = store.by_account(id).await.unwrap().unwrap();
    assert_eq!(stored.totp_last_step, Some(101));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_totp_step_is_won_by_exactly_one_concurrent_request() {
    let (_db, store) = store().await;
    for round in 0..5 {
        let id = account(&store, &format!("race.{round}")).await;
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { store.set_totp_last_step(id, 55_000_000, t0()).await })
            })
            .collect();
        let mut wins = 0;
        for task in tasks {
            if task.await.unwrap().unwrap() {
                wins += 1;
            }
        }
        assert_eq!(wins, 1, "round {round}");
    }
}

fn new_session(
    account_id: Uuid,
    kind: TokenKind,
    expires_at: DateTime<Utc>,
) -> (String, NewSession) {
    let (text, token_hash) = new_token(kind);
    let session = NewSession {
        session_id: Uuid::new_v4(),
        account_id,
        token_hash,
        kind,
        label: (kind == TokenKind::Bearer).then(|| "CI pipeline".to_owned()),
        expires_at,
        ip: Some("203.0.113.7".to_owned()),
        user_agent: Some("Mozilla/5.0".to_owned()),
    };
    (text, session)
}

async fn open(
    store: &CredentialStore,
    account_id: Uuid,
    kind: TokenKind,
    expires_at: DateTime<Utc>,
) -> (String, Session) {
    let (text, session) = new_session(account_id, kind, expires_at);
    let stored = store.create_session(session, t0()).await.unwrap();
    (text, stored)
}

async fn find(store: &CredentialStore, token: &str, now: DateTime<Utc>) -> Option<Session> {
    store
        .session_by_token(&chancery_identity::token::hash_token(token), now)
        .await
        .unwrap()
}

#[tokio::test]
async fn session_round_trip_and_last_seen_once_a_minute() {
    let (_db, store) = store().await;
    let id = account(&store, "ngo.k").await;
    let (token, created) = open(&store, id, TokenKind::Bearer, t0() + Duration::days(30)).await;
    assert_eq!(created.account_id, id);
    assert_eq!(created.kind, TokenKind::Bearer);
    assert_eq!(created.label.as_deref(), Some("CI pipeline"));
    assert_eq!(created.created_at, t0());
    assert_eq!(created.last_seen_at, t0());
    assert_eq!(created.revoked_at, None);
    assert_eq!(created.ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(created.user_agent.as_deref(), Some("Mozilla/5.0"));

    let found = find(&store, &token, t0() + Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!(found, created);
    let at = t0() + Duration::seconds(61);
    let found = find(&store, &token, at).await.unwrap();
    assert_eq!(found.last_seen_at, at);
    let found = find(&store, &token, at + Duration::seconds(59))
        .await
        .unwrap();
    assert_eq!(found.last_seen_at, at, "written again within a minute");
    let later = at + Duration::seconds(60);
    assert_eq!(
        find(&store, &token, later).await.unwrap().last_seen_at,
        later
    );
    assert_eq!(
        store.sessions_of(id, later).await.unwrap()[0].last_seen_at,
        later
    );

    let (other_token, _) = new_token(TokenKind::Bearer);
    assert_eq!(find(&store, &other_token, t0()).await, None);
}

#[tokio::test]
async fn expired_session_is_not_found() {
    let (_db, store) = store().await;
    let id = account(&store, "duong.l").await;
    let expires = t0() + Duration::hours(8);
    let (token, _) = open(&store, id, TokenKind::Browser, expires).await;
    assert!(
        find(&store, &token, expires - Duration::seconds(1))
            .await
            .is_some()
    );
    assert_eq!(find(&store, &token, expires).await, None);
    assert_eq!(
        find(&store, &token, expires + Duration::days(1)).await,
        None
    );
    assert!(store.sessions_of(id, expires).await.unwrap().is_empty());
}

#[tokio::test]
async fn revoked_session_is_not_found() {
    let (_db, store) = store().await;
    let id = account(&store, "ly.m").await;
    let (token, session) = open(&store, id, TokenKind::Browser, t0() + Duration::hours(8)).await;
    let (kept_token, _) = open(&store, id, TokenKind::Browser, t0() + Duration::hours(8)).await;
    let at = t0() + Duration::minutes(1);
    assert!(store.revoke_session(session.session_id, at).await.unwrap());
    assert!(!store.revoke_session(session.session_id, at).await.unwrap());
    assert!(!store.revoke_session(Uuid::new_v4(), at).await.unwrap());
    assert_eq!(find(&store, &token, at).await, None);
    assert!(find(&store, &kept_token, at).await.is_some());
}

#[tokio::test]
async fn disabled_account_sessions_are_not_found() {
    let (_db, store) = store().await;
    let id = account(&store, "mai.n").await;
    let expires = t0() + Duration::hours(8);
    let (token, _) = open(&store, id, TokenKind::Browser, expires).await;
    store.set_disabled(id, true, t0()).await.unwrap();
    assert!(store.by_account(id).await.unwrap().unwrap().disabled);
    assert_eq!(find(&store, &token, t0()).await, None);
    let (_, refused) = new_session(id, TokenKind::Browser, expires);
    let error = store.create_session(refused, t0()).await.unwrap_err();
    assert!(matches!(error, IdentityError::AccountDisabled), "{error:?}");

    store.set_disabled(id, false, t0()).await.unwrap();
    assert!(find(&store, &token, t0()).await.is_some());
}

#[tokio::test]
async fn session_creation_errors() {
    let (_db, store) = store().await;
    let id = account(&store, "trinh.o").await;
    let expires = t0() + Duration::hours(8);
    let (_, unknown) = new_session(Uuid::new_v4(), TokenKind::Browser, expires);
    let error = store.create_session(unknown, t0()).await.unwrap_err();
    assert!(matches!(error, IdentityError::UnknownAccount), "{error:?}");

    let (_, first) = new_session(id, TokenKind::Browser, expires);
    store.create_session(first.clone(), t0()).await.unwrap();
    let same_token = NewSession {
        session_id: Uuid::new_v4(),
        ..first.clone()
    };
    let error = store.create_session(same_token, t0()).await.unwrap_err();
    assert!(matches!(error, IdentityError::SessionExists), "{error:?}");
    let (_, mut same_id) = new_session(id, TokenKind::Browser, expires);
    same_id.session_id = first.session_id;
    let error = store.create_session(same_id, t0()).await.unwrap_err();
    assert!(matches!(error, IdentityError::SessionExists), "{error:?}");
}

#[tokio::test]
async fn revoke_all_counts_active_sessions_only() {
    let (_db, store) = store().await;
    let id = account(&store, "cao.p").await;
    let other = account(&store, "cao.q").await;
    let long = t0() + Duration::days(30);
    let now = t0() + Duration::hours(2);
    let mut tokens = Vec::new();
    for kind in [TokenKind::Browser, TokenKind::Browser, TokenKind::Bearer] {
        tokens.push(open(&store, id, kind, long).await.0);
    }
    let (_, revoked) = open(&store, id, TokenKind::Browser, long).await;
    assert!(
        store
            .revoke_session(revoked.session_id, t0())
            .await
            .unwrap()
    );
    let _expired = open(&store, id, TokenKind::Browser, t0() + Duration::hours(1)).await;
    let (other_token, _) = open(&store, other, TokenKind::Browser, long).await;

    let active = store.sessions_of(id, now).await.unwrap();
    assert_eq!(active.len(), 3);
    assert!(
        active
            .iter()
            .all(|s| s.account_id == id && s.revoked_at.is_none())
    );

    assert_eq!(store.revoke_all(id, now).await.unwrap(), 3);
    assert_eq!(store.revoke_all(id, now).await.unwrap(), 0);
    assert!(store.sessions_of(id, now).await.unwrap().is_empty());
    for token in &tokens {
        assert_eq!(find(&store, token, now).await, None);
    }
    assert!(find(&store, &other_token, now).await.is_some());
    assert_eq!(store.sessions_of(other, now).await.unwrap().len(), 1);
}

#[tokio::test]
async fn signing_confirmations_are_counted_apart_from_logins_with_the_login_back_off() {
    let (_db, store) = store().await;
    let id = account(&store, "kyso").await;
    assert_eq!(
        store.signing_guard(id).await.unwrap(),
        chancery_identity::SigningGuard::default()
    );
    store.set_signing_pin(id, "pin-phc", t0()).await.unwrap();
    assert_eq!(
        store.signing_guard(id).await.unwrap().pin_hash.as_deref(),
        Some("pin-phc")
    );
    for n in 1..=6u32 {
        let outcome = store.record_signing_failure(id, t0()).await.unwrap();
        assert_eq!(outcome.failed_count, n);
        assert_eq!(
            outcome.locked_until,
            lock_duration(n).map(|d| t0() + d),
            "failure {n}"
        );
    }
    // Logins are not locked by wrong signing confirmations.
    let login = store.by_account(id).await.unwrap().unwrap();
    assert_eq!((login.failed_count, login.locked_until), (0, None));
    store.record_signing_success(id, t0()).await.unwrap();
    let guard = store.signing_guard(id).await.unwrap();
    assert_eq!((guard.failed_count, guard.locked_until), (0, None));
    // Failures of someone who never set a PIN (wrong TOTP codes) are counted too.
    let other = account(&store, "khac").await;
    assert_eq!(
        store
            .record_signing_failure(other, t0())
            .await
            .unwrap()
            .failed_count,
        1
    );
    assert!(matches!(
        store.set_signing_pin(Uuid::new_v4(), "x", t0()).await,
        Err(IdentityError::UnknownAccount)
    ));
}
