//! The confirmation of a server-held key's use through the command layer on a real
//! PostgreSQL (`Confirmations`, `Accounts::set_signing_pin`): the PIN set after the password;
//! no confirmation, a wrong PIN (counted) and the lockout; a TOTP code accepted once — a code
//! used to log in or to sign is refused the second time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chancery_commands::accounts::Accounts;
use chancery_commands::caller::Caller;
use chancery_commands::signing::Confirmations;
use chancery_commands::{CommandContext, CommandError, Commands};
use chancery_domain::access::Principal;
use chancery_domain::confirmation::{Confirmation, ConfirmedWith};
use chancery_domain::identity::Client;
use chancery_domain::ids::UserId;
use chancery_domain::organisation::OrgCommand;
use chancery_domain::reference::Confidentiality;
use chancery_event_store::EventStore;
use chancery_event_store::postgres::PgEventStore;
use chancery_identity::{CredentialStore, PasswordWork, Throttle, ThrottleRule, password, totp};
use chancery_test_support::TestDb;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

const PASSWORD: &str = "Correct-Horse-7";

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap()
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
            burst: 100,
            every: Duration::seconds(30),
            max_keys: 100,
        }),
        _db: db,
    }
}

impl World {
    fn confirmations(&self) -> Confirmations<'_> {
        Confirmations {
            credentials: &self.credentials,
            work: &self.work,
        }
    }

    fn accounts(&self) -> Accounts<'_> {
        Accounts {
            commands: &self.commands,
            credentials: &self.credentials,
            work: &self.work,
            address_throttle: &self.throttle,
        }
    }

    async fn person(&self, username: &str) -> UserId {
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
            .create(person.0, username, &hash, false, t0())
            .await
            .unwrap();
        person
    }

    async fn caller(&self, person: UserId, at: DateTime<Utc>) -> Caller {
        let organisation = self.commands.organisation().await.unwrap();
        Caller {
            principal: Principal::resolve(&organisation, person, None, at).unwrap(),
            organisation,
            context: CommandContext::new(None, at),
        }
    }

    /// The refusal's code, or how it was confirmed.
    async fn confirm(
        &self,
        person: UserId,
        at: DateTime<Utc>,
        offered: Option<Confirmation>,
    ) -> String {
        let caller = self.caller(person, at).await;
        match self.confirmations().confirm(&caller, offered).await {
            Ok(confirmed) => {
                assert_eq!(confirmed.person(), person);
                confirmed.with().as_str().to_owned()
            }
            Err(CommandError::Refused(e)) => e.code.to_owned(),
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
}

fn pin(p: &str) -> Option<Confirmation> {
    Some(Confirmation::Pin(p.to_owned()))
}

fn client() -> Client {
    Client {
        ip: None,
        user_agent: Some("test".to_owned()),
    }
}

#[tokio::test]
async fn given_a_signing_pin_when_confirming_then_only_the_right_pin_opens_the_key_and_wrong_ones_lock_signing()
 {
    let w = world().await;
    let person = w.person("kyso").await;
    // No PIN yet.
    assert_eq!(w.confirm(person, t0(), None).await, "NO_SIGNING_PIN");
    assert_eq!(
        w.confirm(person, t0(), pin("246810")).await,
        "NO_SIGNING_PIN"
    );
    // Setting it needs the password, and it may not be the password.
    let caller = w.caller(person, t0()).await;
    let refused = w
        .accounts()
        .set_signing_pin(&caller, &client(), "wrong-password".into(), "246810".into())
        .await
        .unwrap_err();
    assert!(
        format!("{refused:?}").contains("WRONG_PASSWORD"),
        "{refused:?}"
    );
    let refused = w
        .accounts()
        .set_signing_pin(&caller, &client(), PASSWORD.into(), PASSWORD.into())
        .await
        .unwrap_err();
    assert!(
        format!("{refused:?}").contains("SAME_AS_PASSWORD"),
        "{refused:?}"
    );
    w.accounts()
        .set_signing_pin(&caller, &client(), PASSWORD.into(), "246810".into())
        .await
        .unwrap();

    assert_eq!(w.confirm(person, t0(), None).await, "CONFIRMATION_REQUIRED");
    assert_eq!(
        w.confirm(person, t0(), pin("246810")).await,
        ConfirmedWith::Pin.as_str()
    );
    // Four wrong PINs are counted without a lock; the fifth locks signing.
    for _ in 0..4 {
        assert_eq!(
            w.confirm(person, t0(), pin("000000")).await,
            "WRONG_CONFIRMATION"
        );
    }
    assert_eq!(
        w.confirm(person, t0(), pin("000000")).await,
        "SIGNING_LOCKED"
    );
    // Locked: even the right PIN is refused, and nothing more is counted.
    assert_eq!(
        w.confirm(person, t0(), pin("246810")).await,
        "SIGNING_LOCKED"
    );
    let guard = w.credentials.signing_guard(person.0).await.unwrap();
    assert_eq!(guard.failed_count, 5);
    // The lock runs out; the right PIN signs again and the count starts again.
    let later = t0() + Duration::seconds(31);
    assert_eq!(w.confirm(person, later, pin("246810")).await, "PIN");
    assert_eq!(
        w.credentials
            .signing_guard(person.0)
            .await
            .unwrap()
            .failed_count,
        0
    );
    // Wrong PINs are not failed logins: the one failed login is the wrong password given to
    // set the PIN.
    assert_eq!(
        w.credentials
            .by_account(person.0)
            .await
            .unwrap()
            .unwrap()
            .failed_count,
        1
    );
}

#[tokio::test]
async fn given_an_authenticator_when_its_code_confirms_then_the_same_code_is_refused_the_second_time()
 {
    let w = world().await;
    let person = w.person("kyso2").await;
    let secret = totp::new_secret();
    w.credentials
        .set_totp_pending(person.0, &secret, t0())
        .await
        .unwrap();
    w.credentials.confirm_totp(person.0, t0()).await.unwrap();
    let at = t0() + Duration::seconds(300);
    let code = totp::code_at(&secret, at.timestamp()).unwrap();
    let with = |c: &str| Some(Confirmation::Totp(c.to_owned()));
    // No PIN needed with an authenticator; a PIN offered is refused as not set.
    assert_eq!(w.confirm(person, at, pin("246810")).await, "NO_SIGNING_PIN");
    assert_eq!(w.confirm(person, at, with(&code)).await, "TOTP");
    // The same code again (same window): a replay, refused and counted.
    assert_eq!(
        w.confirm(person, at, with(&code)).await,
        "WRONG_CONFIRMATION"
    );
    assert_eq!(
        w.credentials
            .signing_guard(person.0)
            .await
            .unwrap()
            .failed_count,
        1
    );
    // The next window's code is accepted.
    let next = at + Duration::seconds(30);
    let code = totp::code_at(&secret, next.timestamp()).unwrap();
    assert_eq!(w.confirm(person, next, with(&code)).await, "TOTP");
}
