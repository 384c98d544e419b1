//! The account use cases (`chancery_commands::accounts`) on a real PostgreSQL — the
//! credential store and the event log — with the clock passed in: when an account (or a name
//! that is no account) locks, when an address's failure budget refuses, how a second factor
//! is asked for and used once, what changing the password or the second factor requires, and
//! what the usage log records. Transport (cookies, addresses from proxies, one login per
//! GraphQL request) is the API's and is tested there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chancery_commands::accounts::{AccountError, Accounts, LoggedIn, LoginRequest};
use chancery_commands::caller::Caller;
use chancery_commands::{CommandContext, CommandError, Commands};
use chancery_domain::access::{Acting, Denied, Principal};
use chancery_domain::identity::{Client, UNKNOWN_STREAM, account_stream};
use chancery_domain::ids::{PositionId, UnitId, UserId};
use chancery_domain::organisation::{OrgCommand, Permission};
use chancery_domain::reference::Confidentiality;
use chancery_event_store::postgres::PgEventStore;
use chancery_event_store::{EventStore, ReadDirection, ReadFrom, StoreError, StreamId};
use chancery_identity::{
    CredentialStore, PasswordWork, Throttle, ThrottleRule, TokenKind, password, token, totp,
};
use chancery_test_support::TestDb;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

const PASSWORD: &str = "Correct-Horse-7";
const WRONG: &str = "Wrong-Horse-7";
/// The address budget in these tests: 3 failures, then one per 30 s.
const BUDGET: u32 = 3;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap()
}

fn secs(n: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(n)
}

struct World {
    _db: TestDb,
    commands: Commands,
    credentials: CredentialStore,
    work: PasswordWork,
    throttle: Throttle,
}

async fn world() -> World {
    let db = TestDb::new().await;
    let store = PgEventStore::new(db.pool.clone(), db.config.clone());
    store.migrate().await.unwrap();
    let credentials = CredentialStore::new(db.pool.clone());
    credentials.migrate().await.unwrap();
    World {
        commands: Commands::new(Arc::new(store) as Arc<dyn EventStore>),
        credentials,
        work: PasswordWork::new(4, StdDuration::from_secs(30)),
        throttle: Throttle::new(ThrottleRule {
            burst: BUDGET,
            every: Duration::seconds(30),
            max_keys: 100,
        }),
        _db: db,
    }
}

fn from(ip: Option<&str>) -> Client {
    Client {
        ip: ip.map(str::to_owned),
        user_agent: Some("test".to_owned()),
    }
}

/// The refusal as the API would tell it apart: its kind, reason and wait.
fn answer(result: Result<LoggedIn, AccountError>) -> String {
    match result {
        Ok(_) => "ok".to_owned(),
        Err(error) => refusal(error),
    }
}

fn refusal(error: AccountError) -> String {
    match error {
        AccountError::InvalidCredentials => "INVALID_CREDENTIALS".to_owned(),
        AccountError::Locked {
            retry_after_seconds,
            ..
        } => format!("ACCOUNT_LOCKED {retry_after_seconds}"),
        AccountError::TooManyAttempts {
            retry_after_seconds,
        } => format!("TOO_MANY_ATTEMPTS {retry_after_seconds}"),
        AccountError::Busy => "BUSY".to_owned(),
        AccountError::NotFound(what) => format!("NOT_FOUND {what}"),
        AccountError::Command(CommandError::Refused(e)) => {
            format!("{} {}", e.code, e.field.unwrap_or_default())
        }
        AccountError::Command(CommandError::Denied(Denied::Forbidden(reason))) => {
            format!("FORBIDDEN {reason}")
        }
        other => panic!("unexpected: {other:?}"),
    }
}

impl World {
    fn accounts(&self) -> Accounts<'_> {
        Accounts {
            commands: &self.commands,
            credentials: &self.credentials,
            work: &self.work,
            address_throttle: &self.throttle,
        }
    }

    /// Given a person of the organisation with an account and [`PASSWORD`].
    async fn person(&self, username: &str, must_change: bool) -> UserId {
        let person = UserId(Uuid::now_v7());
        self.commands
            .organisation_command(
                &CommandContext::new(None, t0()),
                OrgCommand::RegisterPerson {
                    person_id: person,
                    username: username.to_owned(),
                    full_name: format!("Person {username}"),
                    email: None,
                    phone: None,
                    clearance: Confidentiality::Normal,
                },
            )
            .await
            .unwrap();
        let hash = password::hash(PASSWORD).unwrap();
        self.credentials
            .create(person.0, username, &hash, must_change, t0())
            .await
            .unwrap();
        person
    }

    async fn login(
        &self,
        username: &str,
        secret: &str,
        code: Option<String>,
        ip: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<LoggedIn, AccountError> {
        let organisation = self.commands.organisation().await.unwrap();
        self.accounts()
            .login(
                &organisation,
                &CommandContext::new(None, at),
                LoginRequest {
                    username: username.to_owned(),
                    password: secret.to_owned(),
                    totp_code: code,
                    kind: TokenKind::Bearer,
                    client: from(ip),
                },
            )
            .await
    }

    /// The event types of a stream, oldest first.
    async fn log(&self, stream: &str) -> Vec<String> {
        match self
            .commands
            .store()
            .read_stream(
                &StreamId::new(stream).unwrap(),
                ReadDirection::Forwards,
                ReadFrom::Start,
                1_000,
            )
            .await
        {
            Ok(events) => events.into_iter().map(|e| e.event_type).collect(),
            Err(StoreError::StreamNotFound(_)) => Vec::new(),
            Err(other) => panic!("{other}"),
        }
    }

    async fn failed_count(&self, person: UserId) -> u32 {
        self.credentials
            .by_account(person.0)
            .await
            .unwrap()
            .unwrap()
            .failed_count
    }

    /// The person as a logged-in caller at `at` (no position).
    async fn caller(&self, person: UserId, at: DateTime<Utc>) -> Caller {
        let organisation = self.commands.organisation().await.unwrap();
        Caller {
            principal: Principal::resolve(&organisation, person, None, at).unwrap(),
            organisation,
            context: CommandContext::new(None, at),
        }
    }

    /// An account administrator acting at `at`.
    async fn administrator(&self, at: DateTime<Utc>) -> Caller {
        let organisation = self.commands.organisation().await.unwrap();
        let acting = Acting {
            position: PositionId(Uuid::from_u128(7)),
            unit: UnitId(Uuid::from_u128(8)),
            role: "system_admin".to_owned(),
            permissions: BTreeSet::from([Permission::ManageAccounts]),
            delegation: None,
        };
        Caller {
            principal: Principal {
                person: UserId(Uuid::from_u128(9)),
                clearance: Confidentiality::Normal,
                positions: vec![acting.clone()],
                acting: Some(acting),
                password_change_pending: false,
            },
            organisation,
            context: CommandContext::new(None, at),
        }
    }

    /// Enrols and confirms a second factor for `person` (who has none yet); returns the
    /// secret.
    async fn with_second_factor(&self, person: UserId, at: DateTime<Utc>) -> Vec<u8> {
        let caller = self.caller(person, at).await;
        self.accounts()
            .enrol_totp(&caller, &from(None), None)
            .await
            .unwrap();
        let secret = self
            .credentials
            .by_account(person.0)
            .await
            .unwrap()
            .unwrap()
            .totp_pending
            .unwrap();
        let code = totp::code_at(&secret, at.timestamp()).unwrap();
        self.accounts()
            .confirm_totp(&caller, &from(None), &code, None)
            .await
            .unwrap();
        secret
    }
}

// ---------------------------------------------------------------------------------------
// Logging in
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn given_an_active_account_when_the_password_is_right_then_a_session_opens_and_is_logged() {
    let w = world().await;
    let person = w.person("an.nguyen", false).await;

    // The name is looked up as typed by people: trimmed, in any case.
    let logged_in = w
        .login("  An.Nguyen ", PASSWORD, None, Some("10.0.0.1"), t0())
        .await
        .unwrap();

    assert_eq!(logged_in.person, person);
    assert_eq!(logged_in.kind, TokenKind::Bearer);
    assert_eq!(logged_in.expires_at, t0() + Duration::days(90));
    assert!(!logged_in.must_change_password);
    let session = w
        .credentials
        .session_by_token(&token::hash_token(&logged_in.token), t0())
        .await
        .unwrap()
        .expect("the token opens the session");
    assert_eq!(session.session_id, logged_in.session_id.0);
    assert_eq!(session.ip.as_deref(), Some("10.0.0.1"));
    assert_eq!(
        w.log(&account_stream(person)).await,
        ["identity.login-succeeded"]
    );
}

#[tokio::test]
async fn given_a_one_time_password_when_logging_in_then_the_session_must_change_it_first() {
    let w = world().await;
    w.person("binh.tran", true).await;

    let logged_in = w.login("binh.tran", PASSWORD, None, None, t0()).await;

    assert!(logged_in.unwrap().must_change_password);
}

#[tokio::test]
async fn given_four_failures_when_the_fifth_fails_then_the_account_locks_with_back_off() {
    let w = world().await;
    let person = w.person("chi.le", false).await;

    // The first four failures in a row (typos) cost nothing.
    for i in 0..4 {
        assert_eq!(
            answer(w.login("chi.le", WRONG, None, None, secs(i)).await),
            "INVALID_CREDENTIALS"
        );
    }
    // The fifth locks for 30 s, the sixth (after the lock) for 60 s.
    assert_eq!(
        answer(w.login("chi.le", WRONG, None, None, secs(4)).await),
        "ACCOUNT_LOCKED 30"
    );
    // While locked, even the right password is refused, without counting.
    assert_eq!(
        answer(w.login("chi.le", PASSWORD, None, None, secs(14)).await),
        "ACCOUNT_LOCKED 20"
    );
    assert_eq!(w.failed_count(person).await, 5);
    assert_eq!(
        answer(w.login("chi.le", WRONG, None, None, secs(35)).await),
        "ACCOUNT_LOCKED 60"
    );
    // Once the lock runs out, the right password opens a session and resets the count.
    assert_eq!(
        answer(w.login("chi.le", PASSWORD, None, None, secs(96)).await),
        "ok"
    );
    assert_eq!(w.failed_count(person).await, 0);

    let mut expected = vec!["identity.login-failed"; 5];
    expected.extend([
        "identity.account-locked",
        "identity.login-failed",
        "identity.login-failed",
        "identity.account-locked",
        "identity.login-succeeded",
    ]);
    assert_eq!(w.log(&account_stream(person)).await, expected);
}

#[tokio::test]
async fn given_a_name_that_is_no_account_when_it_fails_then_it_is_answered_and_locked_like_one() {
    let w = world().await;
    w.person("dung.pham", false).await;

    // The same attempts against a real name and a name that is no account …
    let mut real = Vec::new();
    let mut unknown = Vec::new();
    for (i, secret) in [WRONG; 6].into_iter().chain([PASSWORD]).enumerate() {
        let at = secs(i64::try_from(i).unwrap() * 10);
        real.push(answer(w.login("dung.pham", secret, None, None, at).await));
        unknown.push(answer(w.login("dung.phan", secret, None, None, at).await));
    }

    // … get the same answers, lock included: nothing tells which names exist.
    assert_eq!(real, unknown);
    assert_eq!(real[3], "INVALID_CREDENTIALS");
    assert_eq!(real[4], "ACCOUNT_LOCKED 30");
    assert_eq!(real[5], "ACCOUNT_LOCKED 20");
    // The failures of the name that is no account are in the log of unknown names.
    assert_eq!(
        w.log(UNKNOWN_STREAM).await,
        vec!["identity.login-failed"; 7]
    );
}

#[tokio::test]
async fn given_credentials_of_someone_not_in_the_organisation_when_logging_in_then_it_is_an_unknown_name()
 {
    let w = world().await;
    // Credentials whose person was never registered (or is no longer active).
    let stranger = Uuid::now_v7();
    w.credentials
        .create(
            stranger,
            "ghost",
            &password::hash(PASSWORD).unwrap(),
            false,
            t0(),
        )
        .await
        .unwrap();

    let result = w.login("ghost", PASSWORD, None, None, t0()).await;

    assert_eq!(answer(result), "INVALID_CREDENTIALS");
    assert_eq!(w.log(UNKNOWN_STREAM).await, ["identity.login-failed"]);
    assert!(w.log(&account_stream(UserId(stranger))).await.is_empty());
}

#[tokio::test]
async fn given_a_disabled_account_when_the_password_is_right_then_it_fails_and_counts_like_a_wrong_one()
 {
    let w = world().await;
    let person = w.person("giang.vo", false).await;
    w.credentials
        .set_disabled(person.0, true, t0())
        .await
        .unwrap();

    let result = w.login("giang.vo", PASSWORD, None, None, t0()).await;

    assert_eq!(answer(result), "INVALID_CREDENTIALS");
    assert_eq!(w.failed_count(person).await, 1);
}

#[tokio::test]
async fn given_an_address_that_used_its_budget_when_it_tries_any_name_then_it_waits_before_any_check()
 {
    let w = world().await;
    let person = w.person("hoa.dang", false).await;
    // Spraying: one guess at each of several names from one address.
    for name in ["x.one", "x.two", "x.three"] {
        assert_eq!(
            answer(w.login(name, WRONG, None, Some("203.0.113.9"), t0()).await),
            "INVALID_CREDENTIALS"
        );
    }

    // The budget is used up: even the right password of a real account waits, and nothing
    // is looked up, counted or logged for it.
    assert_eq!(
        answer(
            w.login("hoa.dang", PASSWORD, None, Some("203.0.113.9"), t0())
                .await
        ),
        "TOO_MANY_ATTEMPTS 30"
    );
    assert_eq!(w.failed_count(person).await, 0);
    assert!(w.log(&account_stream(person)).await.is_empty());
    // Another address is not affected; this one earns one attempt per 30 s.
    assert_eq!(
        answer(
            w.login("hoa.dang", PASSWORD, None, Some("198.51.100.1"), secs(3))
                .await
        ),
        "ok"
    );
    assert_eq!(
        answer(
            w.login("hoa.dang", PASSWORD, None, Some("203.0.113.9"), secs(30))
                .await
        ),
        "ok"
    );
    // Successes do not use the budget.
    assert_eq!(
        answer(
            w.login("hoa.dang", PASSWORD, None, Some("203.0.113.9"), secs(31))
                .await
        ),
        "ok"
    );
}

#[tokio::test]
async fn given_a_second_factor_when_the_code_is_missing_or_wrong_then_it_is_a_wrong_password_and_a_code_works_once()
 {
    let w = world().await;
    let person = w.person("khanh.bui", false).await;
    let secret = w.with_second_factor(person, t0()).await;
    let at = secs(120);
    let code = totp::code_at(&secret, at.timestamp()).unwrap();
    let wrong_code = if code == "000000" { "111111" } else { "000000" };

    // Without the code, or with a wrong one, the right password is answered as a wrong one
    // (and counted), so the answer never confirms the password.
    assert_eq!(
        answer(w.login("khanh.bui", PASSWORD, None, None, at).await),
        "INVALID_CREDENTIALS"
    );
    assert_eq!(
        answer(
            w.login("khanh.bui", PASSWORD, Some(wrong_code.to_owned()), None, at)
                .await
        ),
        "INVALID_CREDENTIALS"
    );
    assert_eq!(w.failed_count(person).await, 2);
    // The right code opens a session, once.
    assert_eq!(
        answer(
            w.login("khanh.bui", PASSWORD, Some(format!(" {code} ")), None, at)
                .await
        ),
        "ok"
    );
    assert_eq!(
        answer(w.login("khanh.bui", PASSWORD, Some(code), None, at).await),
        "INVALID_CREDENTIALS"
    );
}

#[tokio::test]
async fn given_every_hashing_permit_held_when_a_login_waits_too_long_then_it_is_busy() {
    let w = world().await;
    w.person("lan.ho", false).await;
    let work = PasswordWork::new(1, StdDuration::from_millis(50));
    let (release, hold) = std::sync::mpsc::channel::<()>();
    let holder = {
        let work = work.clone();
        tokio::spawn(async move {
            work.run(move || {
                let _ = hold.recv();
            })
            .await
        })
    };
    while work.available() > 0 {
        tokio::task::yield_now().await;
    }
    let accounts = Accounts {
        work: &work,
        ..w.accounts()
    };

    let organisation = w.commands.organisation().await.unwrap();
    let result = accounts
        .login(
            &organisation,
            &CommandContext::new(None, t0()),
            LoginRequest {
                username: "lan.ho".to_owned(),
                password: PASSWORD.to_owned(),
                totp_code: None,
                kind: TokenKind::Browser,
                client: from(None),
            },
        )
        .await;

    assert_eq!(answer(result), "BUSY");
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
}

#[tokio::test]
async fn given_a_password_longer_than_any_policy_allows_when_logging_in_then_it_is_refused_unchecked()
 {
    let w = world().await;
    let person = w.person("minh.do", false).await;

    let result = w.login("minh.do", &"x".repeat(513), None, None, t0()).await;

    assert_eq!(answer(result), "TOO_LONG password");
    assert_eq!(w.failed_count(person).await, 0);
}

// ---------------------------------------------------------------------------------------
// One's own account
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn given_an_active_second_factor_when_replacing_it_then_the_password_is_required_and_a_wrong_one_counts()
 {
    let w = world().await;
    let person = w.person("nam.ly", false).await;
    // Without a second factor, enrolling needs no password.
    w.with_second_factor(person, t0()).await;
    let caller = w.caller(person, secs(60)).await;
    let client = from(Some("192.0.2.7"));

    // With one active, starting or confirming a new enrolment asks for the password …
    assert_eq!(
        refusal(
            w.accounts()
                .enrol_totp(&caller, &client, None)
                .await
                .unwrap_err()
        ),
        "PASSWORD_REQUIRED password"
    );
    assert_eq!(
        refusal(
            w.accounts()
                .confirm_totp(&caller, &client, "123456", Some(String::new()))
                .await
                .unwrap_err()
        ),
        "PASSWORD_REQUIRED password"
    );
    // … a wrong one is refused and counted like a failed login …
    assert_eq!(
        refusal(
            w.accounts()
                .enrol_totp(&caller, &client, Some(WRONG.to_owned()))
                .await
                .unwrap_err()
        ),
        "WRONG_PASSWORD password"
    );
    assert_eq!(w.failed_count(person).await, 1);
    // … and the right one lets the new enrolment start.
    let enrolment = w
        .accounts()
        .enrol_totp(&caller, &client, Some(PASSWORD.to_owned()))
        .await
        .unwrap();
    assert!(enrolment.otpauth_url.contains("nam.ly"));
    assert!(enrolment.otpauth_url.contains("Chancery"));
}

#[tokio::test]
async fn given_a_second_factor_when_turning_it_off_then_the_password_is_needed_and_logins_need_no_code()
 {
    let w = world().await;
    let person = w.person("oanh.mai", false).await;
    w.with_second_factor(person, t0()).await;
    let caller = w.caller(person, secs(60)).await;

    let wrong = w
        .accounts()
        .disable_totp(&caller, &from(None), WRONG.to_owned())
        .await;
    assert_eq!(refusal(wrong.unwrap_err()), "WRONG_PASSWORD password");
    w.accounts()
        .disable_totp(&caller, &from(None), PASSWORD.to_owned())
        .await
        .unwrap();

    assert_eq!(
        answer(w.login("oanh.mai", PASSWORD, None, None, secs(61)).await),
        "ok"
    );
    let log = w.log(&account_stream(person)).await;
    assert_eq!(
        log.iter()
            .filter(|t| *t == "identity.second-factor-changed")
            .count(),
        2
    );
}

#[tokio::test]
async fn given_no_pending_enrolment_or_a_wrong_code_when_confirming_then_it_is_refused() {
    let w = world().await;
    let person = w.person("phuc.ngo", false).await;
    let caller = w.caller(person, t0()).await;

    let none = w
        .accounts()
        .confirm_totp(&caller, &from(None), "123456", None)
        .await;
    assert_eq!(refusal(none.unwrap_err()), "NO_PENDING_ENROLMENT ");
    w.accounts()
        .enrol_totp(&caller, &from(None), None)
        .await
        .unwrap();
    let wrong = w
        .accounts()
        .confirm_totp(&caller, &from(None), "not-a-code", None)
        .await;
    assert_eq!(refusal(wrong.unwrap_err()), "WRONG_CODE code");
}

#[tokio::test]
async fn given_wrong_current_passwords_when_changing_the_password_then_they_lock_like_failed_logins()
 {
    let w = world().await;
    let person = w.person("quang.ta", false).await;
    let caller = w.caller(person, t0()).await;
    let (accounts, client) = (w.accounts(), from(None));
    let change = || {
        accounts.change_password(
            &caller,
            &client,
            WRONG.to_owned(),
            "Another-Horse-8".to_owned(),
        )
    };

    for _ in 0..4 {
        assert_eq!(
            refusal(change().await.unwrap_err()),
            "WRONG_PASSWORD currentPassword"
        );
    }
    assert_eq!(refusal(change().await.unwrap_err()), "ACCOUNT_LOCKED 30");
    // Locked: the right password is refused too until the lock runs out.
    let right = w
        .accounts()
        .change_password(
            &caller,
            &from(None),
            PASSWORD.to_owned(),
            "Another-Horse-8".to_owned(),
        )
        .await;
    assert_eq!(refusal(right.unwrap_err()), "ACCOUNT_LOCKED 30");
    assert_eq!(
        w.log(&account_stream(person)).await,
        ["identity.account-locked"]
    );
}

#[tokio::test]
async fn given_a_new_password_when_it_breaks_the_policy_or_repeats_the_old_then_it_is_refused() {
    let w = world().await;
    let person = w.person("son.cao", false).await;
    let caller = w.caller(person, t0()).await;
    let (accounts, client) = (w.accounts(), from(None));
    let change =
        |new: &str| accounts.change_password(&caller, &client, PASSWORD.to_owned(), new.to_owned());

    assert_eq!(
        refusal(change("short").await.unwrap_err()),
        "TOO_SHORT newPassword"
    );
    assert_eq!(
        refusal(change("Son.Cao-2026-x").await.unwrap_err()),
        "CONTAINS_USERNAME newPassword"
    );
    assert_eq!(
        refusal(change(PASSWORD).await.unwrap_err()),
        "SAME_PASSWORD newPassword"
    );
    change("Another-Horse-8").await.unwrap();

    assert_eq!(
        answer(w.login("son.cao", PASSWORD, None, None, secs(1)).await),
        "INVALID_CREDENTIALS"
    );
    assert_eq!(
        answer(
            w.login("son.cao", "Another-Horse-8", None, None, secs(2))
                .await
        ),
        "ok"
    );
}

#[tokio::test]
async fn given_another_persons_sessions_when_someone_not_an_administrator_revokes_one_then_it_is_refused()
 {
    let w = world().await;
    let me = w.person("thu.luu", false).await;
    let other = w.person("uyen.kim", false).await;
    let theirs = w
        .login("uyen.kim", PASSWORD, None, None, t0())
        .await
        .unwrap();
    let mine = w
        .login("thu.luu", PASSWORD, None, None, t0())
        .await
        .unwrap();
    let caller = w.caller(me, secs(1)).await;

    let refused = w
        .accounts()
        .revoke_session(&caller, Some(other), theirs.session_id.0)
        .await;
    assert_eq!(
        refusal(refused.unwrap_err()),
        "FORBIDDEN NOT_AN_ADMINISTRATOR"
    );
    // Naming another's session as one's own finds nothing.
    let not_mine = w
        .accounts()
        .revoke_session(&caller, None, theirs.session_id.0)
        .await;
    assert_eq!(refusal(not_mine.unwrap_err()), "NOT_FOUND session");
    // One's own session ends.
    assert!(
        w.accounts()
            .revoke_session(&caller, None, mine.session_id.0)
            .await
            .unwrap()
    );
    assert!(
        w.credentials
            .session_by_token(&token::hash_token(&mine.token), secs(2))
            .await
            .unwrap()
            .is_none()
    );
}

// ---------------------------------------------------------------------------------------
// Account administrators
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn given_a_locked_account_when_an_administrator_unlocks_it_then_the_right_password_works_at_once()
 {
    let w = world().await;
    let person = w.person("vinh.lam", false).await;
    for i in 0..5 {
        w.login("vinh.lam", WRONG, None, None, secs(i)).await.ok();
    }
    assert_eq!(
        answer(w.login("vinh.lam", PASSWORD, None, None, secs(5)).await),
        "ACCOUNT_LOCKED 29"
    );

    let admin = w.administrator(secs(6)).await;
    w.accounts().unlock_account(&admin, person).await.unwrap();

    assert_eq!(w.failed_count(person).await, 0);
    assert_eq!(
        answer(w.login("vinh.lam", PASSWORD, None, None, secs(7)).await),
        "ok"
    );
}

#[tokio::test]
async fn given_open_sessions_when_an_administrator_resets_the_password_then_they_end_and_the_new_one_must_be_changed()
 {
    let w = world().await;
    let person = w.person("xuan.ha", false).await;
    let before = w
        .login("xuan.ha", PASSWORD, None, None, t0())
        .await
        .unwrap();
    let admin = w.administrator(secs(1)).await;

    let reset = w.accounts().reset_password(&admin, person).await.unwrap();

    assert!(
        w.credentials
            .session_by_token(&token::hash_token(&before.token), secs(2))
            .await
            .unwrap()
            .is_none()
    );
    let after = w
        .login("xuan.ha", &reset.one_time_password, None, None, secs(3))
        .await
        .unwrap();
    assert!(after.must_change_password);
    // Someone who may not manage accounts may not reset one.
    let caller = w.caller(person, secs(4)).await;
    let refused = w.accounts().reset_password(&caller, person).await;
    assert_eq!(
        refusal(refused.unwrap_err()),
        "FORBIDDEN NOT_AN_ADMINISTRATOR"
    );
}
