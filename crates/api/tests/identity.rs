//! Logging in and out, lockout with back-off, one-time passwords, the TOTP second factor and
//! the usage log, through the GraphQL API against a real PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use async_graphql::Response;
use chancery_api::auth::{RequestInfo, ResponseCookies};
use chancery_commands::seed::DEMO_PASSWORD;
use serde_json::json;
use support::{App, data, error};

const USAGE: &str =
    "query($p: ID) { usageLog(personId: $p, first: 100) { edges { node { kind ip detail } } } }";

async fn usage_kinds(
    app: &App,
    token: &str,
    person: Option<String>,
) -> Vec<(String, serde_json::Value)> {
    let response = app.run(Some(token), USAGE, json!({"p": person})).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    data(&response)["usageLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["kind"].as_str().unwrap().to_owned(),
                e["node"]["detail"].clone(),
            )
        })
        .collect()
}

/// Waits until the usage log shows every event written so far (the last committed position,
/// not `head_position`, which other tests' open transactions can hold back).
async fn wait_usage_log(app: &App) {
    let head = support::last_position(&app.db).await;
    app.api
        .engine
        .wait_for(head, &["usage_log"], std::time::Duration::from_secs(10))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_wrong_passwords_lock_the_account_with_back_off_and_the_log_shows_it() {
    let app = App::start().await;
    let mut reasons = Vec::new();
    let mut retry_after = Vec::new();
    for _ in 0..20 {
        let response = app
            .login_with("cv.congchuc1", "Wrong#Password1")
            .await
            .unwrap_err();
        let e = &response.errors[0];
        let ext = e.extensions.as_ref().unwrap();
        reasons.push(format!("{:?}", ext.get("reason").unwrap()));
        if let Some(async_graphql::Value::Number(n)) = ext.get("retryAfterSeconds") {
            retry_after.push(n.as_i64().unwrap());
        }
    }
    // Failures 1–4 are plain failures; from the 5th on the account is locked, and attempts
    // while locked are refused without checking the password.
    assert!(
        reasons[..4]
            .iter()
            .all(|r| r.contains("INVALID_CREDENTIALS")),
        "{reasons:?}"
    );
    assert!(reasons[4].contains("ACCOUNT_LOCKED"), "{reasons:?}");
    assert!(
        reasons[4..].iter().all(|r| r.contains("ACCOUNT_LOCKED")),
        "{reasons:?}"
    );
    assert!(!retry_after.is_empty() && retry_after.iter().all(|s| *s >= 1 && *s <= 3600));
    // The right password does not get in while locked.
    let locked = app
        .login_with("cv.congchuc1", DEMO_PASSWORD)
        .await
        .unwrap_err();
    let (code, reason, _) = error(&locked);
    assert_eq!(
        (code.as_str(), reason.as_deref()),
        ("RATE_LIMITED", Some("ACCOUNT_LOCKED"))
    );

    // The back-off grows: once the first lock has run out (moved into the past here, as if
    // time had passed), the next failure locks for longer.
    let person = app.account("cv.congchuc1").person_id.0;
    let credentials = app
        .api
        .credentials
        .by_account(person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        credentials.failed_count, 5,
        "attempts while locked are not counted again"
    );
    let first_lock = credentials.locked_until.unwrap() - credentials.updated_at;
    let client = app.db.pool.get().await.unwrap();
    client
        .execute(
            "UPDATE identity.credentials SET locked_until = now() - interval '1 second' WHERE account_id = $1",
            &[&person],
        )
        .await
        .unwrap();
    let _ = app
        .login_with("cv.congchuc1", "Wrong#Password1")
        .await
        .unwrap_err();
    let credentials = app
        .api
        .credentials
        .by_account(person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.failed_count, 6);
    let sixth = credentials.locked_until.unwrap() - credentials.updated_at;
    assert!(
        sixth > first_lock,
        "back-off: {sixth} after 6 failures vs {first_lock} after 5"
    );

    // The usage log (the person's own, and the administrator's view) shows the lock.
    wait_usage_log(&app).await;
    let admin = app.login("admin").await;
    let log = usage_kinds(&app, &admin, Some(person.to_string())).await;
    let locks = log
        .iter()
        .filter(|(k, _)| k == "identity.account-locked")
        .count();
    let failures = log
        .iter()
        .filter(|(k, _)| k == "identity.login-failed")
        .count();
    assert!(locks >= 2, "{log:?}");
    assert!(failures >= 20, "{log:?}");
    assert!(
        log.iter()
            .any(|(k, d)| k == "identity.login-failed" && d["reason"] == "locked")
    );
    // An ordinary colleague may not read it.
    let colleague = app.login("cv.congchuc2").await;
    let refused = app
        .run(Some(&colleague), USAGE, json!({"p": person.to_string()}))
        .await;
    assert_eq!(error(&refused).0, "FORBIDDEN");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_usernames_get_the_same_answer_and_are_logged() {
    let app = App::start().await;
    let response = app
        .login_with("nobody.here", "Whatever#123")
        .await
        .unwrap_err();
    assert_eq!(
        error(&response),
        (
            "UNAUTHENTICATED".to_owned(),
            Some("INVALID_CREDENTIALS".to_owned()),
            None
        )
    );
    let response = app.login_with("admin", "Whatever#123").await.unwrap_err();
    assert_eq!(
        error(&response),
        (
            "UNAUTHENTICATED".to_owned(),
            Some("INVALID_CREDENTIALS".to_owned()),
            None
        )
    );
    wait_usage_log(&app).await;
    let client = app.db.pool.get().await.unwrap();
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM usage_log.entries WHERE username = 'nobody.here' AND person_id IS NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    // Administrators see such attempts in the log of everyone.
    let admin = app.login("admin").await;
    let all = app
        .run(
            Some(&admin),
            "{ usageLog(everyone: true, first: 200) { edges { node { kind username } } } }",
            json!({}),
        )
        .await;
    assert!(all.errors.is_empty(), "{:?}", all.errors);
    assert!(
        data(&all)["usageLog"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["node"]["username"] == "nobody.here")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_account_must_change_its_one_time_password_first() {
    let app = App::start().await;
    let admin = app.login("admin").await;
    let created = app
        .run(
            Some(&admin),
            "mutation { createAccount(input: {username: \"Nguyen.Moi\", fullName: \"Nguyễn Văn Mới\", email: \"moi@demo.chancery.vn\"}) { personId username oneTimePassword written { visible } } }",
            json!({}),
        )
        .await;
    assert!(created.errors.is_empty(), "{:?}", created.errors);
    let created = data(&created)["createAccount"].clone();
    assert_eq!(created["username"], "nguyen.moi");
    assert_eq!(created["written"]["visible"], true);
    let one_time = created["oneTimePassword"].as_str().unwrap().to_owned();

    // The same username again (any case) is a conflict and leaves nothing behind.
    let before = app.event_count().await;
    let again = app
        .run(
            Some(&admin),
            "mutation { createAccount(input: {username: \"NGUYEN.MOI\", fullName: \"Khác\"}) { personId } }",
            json!({}),
        )
        .await;
    assert_eq!(
        error(&again),
        (
            "CONFLICT".to_owned(),
            Some("USERNAME_TAKEN".to_owned()),
            Some("username".to_owned())
        )
    );
    assert_eq!(app.event_count().await, before);

    let token = app.login_with("nguyen.moi", &one_time).await.unwrap();
    // Anything but the own account is refused until the password is changed.
    let blocked = app
        .run(
            Some(&token),
            "{ roles { edges { node { code } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        error(&blocked),
        (
            "FORBIDDEN".to_owned(),
            Some("PASSWORD_CHANGE_REQUIRED".to_owned()),
            None
        )
    );
    let me = app
        .run(Some(&token), "{ me { mustChangePassword } }", json!({}))
        .await;
    assert_eq!(data(&me)["me"]["mustChangePassword"], true);
    // The policy applies.
    let weak = app
        .run(
            Some(&token),
            "mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"short\") }",
            json!({"c": one_time}),
        )
        .await;
    let (code, reason, field) = error(&weak);
    assert_eq!(
        (code.as_str(), reason.as_deref(), field.as_deref()),
        ("VALIDATION", Some("TOO_SHORT"), Some("newPassword"))
    );
    let changed = app
        .run(
            Some(&token),
            "mutation($c: String!) { changePassword(currentPassword: $c, newPassword: \"Mật-khẩu-Mới-2026\") }",
            json!({"c": one_time}),
        )
        .await;
    assert!(changed.errors.is_empty(), "{:?}", changed.errors);
    let me = app
        .run(Some(&token), "{ me { mustChangePassword } }", json!({}))
        .await;
    assert_eq!(data(&me)["me"]["mustChangePassword"], false);
    // The new account holds no position yet: it may not browse the organisation.
    let no_position = app
        .run(
            Some(&token),
            "{ roles { edges { node { code } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        error(&no_position),
        ("FORBIDDEN".to_owned(), Some("NO_POSITION".to_owned()), None)
    );
    assert!(
        app.login_with("nguyen.moi", "Mật-khẩu-Mới-2026")
            .await
            .is_ok()
    );
    assert!(app.login_with("nguyen.moi", &one_time).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_enrolment_then_login_needs_the_code_and_a_code_works_once() {
    let app = App::start().await;
    let token = app.login("tp.congchuc").await;
    let enrol = app
        .run(
            Some(&token),
            "mutation { enrolTotp { secretBase32 otpauthUrl } }",
            json!({}),
        )
        .await;
    assert!(enrol.errors.is_empty(), "{:?}", enrol.errors);
    let person = app.account("tp.congchuc").person_id.0;
    let pending = app
        .api
        .credentials
        .by_account(person)
        .await
        .unwrap()
        .unwrap()
        .totp_pending
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    let wrong = app
        .run(
            Some(&token),
            "mutation { confirmTotp(code: \"12345x\") }",
            json!({}),
        )
        .await;
    assert_eq!(error(&wrong).1.as_deref(), Some("WRONG_CODE"));
    let code = chancery_identity::totp::code_at(&pending, now).unwrap();
    let confirmed = app
        .run(
            Some(&token),
            "mutation($c: String!) { confirmTotp(code: $c) }",
            json!({"c": code}),
        )
        .await;
    assert!(confirmed.errors.is_empty(), "{:?}", confirmed.errors);

    // Password alone is no longer enough (answered as a wrong password would be).
    let response = app
        .login_with("tp.congchuc", DEMO_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(error(&response).1.as_deref(), Some("INVALID_CREDENTIALS"));
    // The code used to confirm cannot be replayed; the next step's code works once.
    let login = "mutation($c: String!) { login(input: {username: \"tp.congchuc\", password: \"Chancery@2026\", totpCode: $c, bearer: true}) { token } }";
    let replay = app.run(None, login, json!({"c": code})).await;
    assert_eq!(error(&replay).1.as_deref(), Some("INVALID_CREDENTIALS"));
    let next = chancery_identity::totp::code_at(&pending, now + 30).unwrap();
    let ok = app.run(None, login, json!({"c": next})).await;
    assert!(ok.errors.is_empty(), "{:?}", ok.errors);
    let twice = app.run(None, login, json!({"c": next})).await;
    assert_eq!(error(&twice).1.as_deref(), Some("INVALID_CREDENTIALS"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_and_revocation_end_sessions() {
    let app = App::start().await;
    let first = app.login("vanthu.bo").await;
    let second = app.login("vanthu.bo").await;
    let me = "{ me { person { username } } }";
    assert!(app.run(Some(&first), me, json!({})).await.errors.is_empty());
    let out = app
        .run(Some(&first), "mutation { logout }", json!({}))
        .await;
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        error(&app.run(Some(&first), me, json!({})).await).0,
        "UNAUTHENTICATED"
    );
    assert!(
        app.run(Some(&second), me, json!({}))
            .await
            .errors
            .is_empty()
    );

    let admin = app.login("admin").await;
    let person = app.account("vanthu.bo").person_id.to_string();
    let revoked = app
        .run(
            Some(&admin),
            "mutation($p: ID!) { revokeSessions(personId: $p) }",
            json!({"p": person}),
        )
        .await;
    assert_eq!(data(&revoked)["revokeSessions"], 1);
    assert_eq!(
        error(&app.run(Some(&second), me, json!({})).await).0,
        "UNAUTHENTICATED"
    );
    wait_usage_log(&app).await;
    let log = usage_kinds(&app, &admin, Some(person)).await;
    let kinds: Vec<&str> = log.iter().map(|(k, _)| k.as_str()).collect();
    assert!(kinds.contains(&"identity.logged-out"), "{kinds:?}");
    assert!(kinds.contains(&"identity.sessions-revoked"), "{kinds:?}");
    assert!(
        kinds
            .iter()
            .filter(|k| **k == "identity.login-succeeded")
            .count()
            >= 2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_lists_and_ends_their_own_sessions_and_an_administrator_anyones() {
    let app = App::start().await;
    let here = app.login("vanthu.bo").await;
    let elsewhere = app.login("vanthu.bo").await;
    let me = "{ me { person { username } } }";
    let list = "query($p: ID) { sessions(personId: $p) { totalCount nodes { id kind current } } }";
    let mine = data(&app.run(Some(&here), list, json!({})).await)["sessions"].clone();
    assert_eq!(mine["totalCount"], 2, "{mine}");
    let nodes = mine["nodes"].as_array().unwrap();
    assert_eq!(nodes.iter().filter(|n| n["current"] == true).count(), 1);
    // The test client signs in for API tokens.
    assert!(nodes.iter().all(|n| n["kind"] == "BEARER"));
    let other = nodes.iter().find(|n| n["current"] == false).unwrap()["id"].clone();

    // Another person cannot see or end them; an unknown session is NOT_FOUND.
    let person = app.account("vanthu.bo").person_id.to_string();
    let stranger = app.login("cv.congchuc1").await;
    assert_eq!(
        error(&app.run(Some(&stranger), list, json!({"p": person})).await).0,
        "FORBIDDEN"
    );
    let revoke = "mutation($p: ID, $s: ID!) { revokeSession(personId: $p, sessionId: $s) }";
    assert_eq!(
        error(
            &app.run(Some(&stranger), revoke, json!({"p": person, "s": other}))
                .await
        )
        .0,
        "FORBIDDEN"
    );
    assert_eq!(
        error(&app.run(Some(&stranger), revoke, json!({"s": other})).await).0,
        "NOT_FOUND"
    );

    // The person ends the session left open elsewhere; this one goes on.
    let ended = app.run(Some(&here), revoke, json!({"s": other})).await;
    assert_eq!(data(&ended)["revokeSession"], true);
    assert_eq!(
        error(&app.run(Some(&elsewhere), me, json!({})).await).0,
        "UNAUTHENTICATED"
    );
    assert!(app.run(Some(&here), me, json!({})).await.errors.is_empty());
    assert_eq!(
        error(&app.run(Some(&here), revoke, json!({"s": other})).await).0,
        "NOT_FOUND"
    );

    // The administrator sees the remaining one and ends it.
    let admin = app.login("admin").await;
    let seen = data(&app.run(Some(&admin), list, json!({"p": person})).await)["sessions"].clone();
    assert_eq!(seen["totalCount"], 1, "{seen}");
    assert_eq!(seen["nodes"][0]["current"], false);
    let last = seen["nodes"][0]["id"].clone();
    let ended = app
        .run(Some(&admin), revoke, json!({"p": person, "s": last}))
        .await;
    assert_eq!(data(&ended)["revokeSession"], true);
    assert_eq!(
        error(&app.run(Some(&here), me, json!({})).await).0,
        "UNAUTHENTICATED"
    );
    wait_usage_log(&app).await;
    let log = usage_kinds(&app, &admin, Some(person)).await;
    let revocations = log
        .iter()
        .filter(|(k, _)| k == "identity.sessions-revoked")
        .count();
    assert_eq!(revocations, 2, "{log:?}");
}

/// Runs a request from `ip` (the support's `run` always comes from one address).
async fn run_from(app: &App, ip: &str, query: &str, variables: serde_json::Value) -> Response {
    let info = RequestInfo {
        client: chancery_domain::identity::Client {
            ip: Some(ip.to_owned()),
            user_agent: None,
        },
        ..RequestInfo::default()
    };
    let caller = app.api.authenticate(info).await.unwrap();
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables))
        .data(caller)
        .data(ResponseCookies::default());
    app.schema.execute(request).await
}

/// `(code, reason, retryAfterSeconds, message)` of the first error.
fn answer(response: &Response) -> (String, Option<String>, Option<i64>, String) {
    let (code, reason, _) = error(response);
    let retry = match response.errors[0]
        .extensions
        .as_ref()
        .and_then(|e| e.get("retryAfterSeconds"))
    {
        Some(async_graphql::Value::Number(n)) => n.as_i64(),
        _ => None,
    };
    (code, reason, retry, response.errors[0].message.clone())
}

async fn enrol_and_confirm(app: &App, token: &str, password: Option<&str>) -> Vec<u8> {
    // Without a password, the documents a client without one sends (no `password` argument).
    let enrol = match password {
        Some(p) => {
            app.run(
                Some(token),
                "mutation($p: String) { enrolTotp(password: $p) { secretBase32 } }",
                json!({"p": p}),
            )
            .await
        }
        None => {
            app.run(
                Some(token),
                "mutation { enrolTotp { secretBase32 } }",
                json!({}),
            )
            .await
        }
    };
    assert!(enrol.errors.is_empty(), "{:?}", enrol.errors);
    let person = app.account("tp.congchuc").person_id.0;
    let credentials = app.api.credentials.by_account(person).await.unwrap();
    let pending = credentials.unwrap().totp_pending.unwrap();
    // A step after any used before (the replay guard refuses an earlier one).
    let at = chrono::Utc::now().timestamp() + 30 * i64::from(password.is_some());
    let code = chancery_identity::totp::code_at(&pending, at).unwrap();
    let confirm = match password {
        Some(_) => "mutation($c: String!, $p: String) { confirmTotp(code: $c, password: $p) }",
        None => "mutation($c: String!) { confirmTotp(code: $c) }",
    };
    let confirmed = app
        .run(Some(token), confirm, json!({"c": code, "p": password}))
        .await;
    assert!(confirmed.errors.is_empty(), "{:?}", confirmed.errors);
    pending
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stolen_session_cannot_replace_an_active_second_factor_without_the_password() {
    let app = App::start().await;
    // The owner's session (and the thief's copy of it).
    let token = app.login("tp.congchuc").await;
    // The first enrolment needs no password: there is no factor to replace.
    let owners = enrol_and_confirm(&app, &token, None).await;
    let person = app.account("tp.congchuc").person_id.0;
    let secret = || async {
        let c = app
            .api
            .credentials
            .by_account(person)
            .await
            .unwrap()
            .unwrap();
        (c.totp_secret, c.totp_pending)
    };
    assert_eq!(secret().await, (Some(owners.clone()), None));

    // The thief, without the password: refused, nothing pending.
    let enrol = app
        .run(
            Some(&token),
            "mutation { enrolTotp { otpauthUrl } }",
            json!({}),
        )
        .await;
    assert_eq!(
        error(&enrol),
        (
            "VALIDATION".to_owned(),
            Some("PASSWORD_REQUIRED".to_owned()),
            Some("password".to_owned())
        )
    );
    let guessed = app
        .run(
            Some(&token),
            "mutation { enrolTotp(password: \"Guess#2026x\") { otpauthUrl } }",
            json!({}),
        )
        .await;
    assert_eq!(error(&guessed).1.as_deref(), Some("WRONG_PASSWORD"));
    let confirm = app
        .run(
            Some(&token),
            "mutation { confirmTotp(code: \"123456\") }",
            json!({}),
        )
        .await;
    assert_eq!(error(&confirm).1.as_deref(), Some("PASSWORD_REQUIRED"));
    assert_eq!(secret().await, (Some(owners.clone()), None));
    // A wrong password there counts like a failed login (a stolen session cannot guess it
    // for free).
    let credentials = app
        .api
        .credentials
        .by_account(person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.failed_count, 1);

    // The owner, with the password, replaces it.
    let replaced = enrol_and_confirm(&app, &token, Some(DEMO_PASSWORD)).await;
    assert_ne!(replaced, owners);
    assert_eq!(secret().await, (Some(replaced), None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_logins_in_one_request_are_refused_before_any_password_is_checked() {
    let app = App::start().await;
    let person = app.account("cv.congchuc1").person_id.0;
    let events = app.event_count().await;
    let mut aliases: String = (0..199)
        .map(|i| {
            format!(
                "l{i}: login(input: {{username: \"cv.congchuc1\", password: \"Guess#{i}x\", bearer: true}}) {{ token }} "
            )
        })
        .collect();
    aliases.push_str(&format!(
        "right: login(input: {{username: \"cv.congchuc1\", password: \"{DEMO_PASSWORD}\", bearer: true}}) {{ token }}"
    ));
    let response = app
        .run(None, &format!("mutation {{ {aliases} }}"), json!({}))
        .await;
    assert_eq!(
        error(&response),
        (
            "VALIDATION".to_owned(),
            Some("ONE_LOGIN_PER_REQUEST".to_owned()),
            None
        )
    );
    assert!(
        response.data == async_graphql::Value::Null,
        "{:?}",
        response.data
    );
    // Hidden behind fragments: the same.
    let fragments = "fragment F on Mutation { a: login(input: {username: \"cv.congchuc1\", password: \"Guess#1x\"}) { token } } \
         mutation { ...F ... on Mutation { b: login(input: {username: \"cv.congchuc1\", password: \"Guess#2x\"}) { token } } }";
    let response = app.run(None, fragments, json!({})).await;
    assert_eq!(error(&response).1.as_deref(), Some("ONE_LOGIN_PER_REQUEST"));
    // No password was checked: no failure counted, nothing recorded.
    let credentials = app
        .api
        .credentials
        .by_account(person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.failed_count, 0);
    assert_eq!(app.event_count().await, events);
    // One login per request still works.
    assert!(app.login_with("cv.congchuc1", DEMO_PASSWORD).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spraying_one_password_across_usernames_from_one_address_is_throttled() {
    let app = App::start().await;
    // The default budget of an address (`chancery_identity::ThrottleRule::default()`).
    let budget = 20;
    let mut usernames: Vec<&String> = app.accounts.keys().filter(|u| *u != "admin").collect();
    usernames.sort();
    assert!(
        usernames.len() > budget,
        "{} demo accounts",
        usernames.len()
    );
    // One guess per username: each account is far from its own lockout.
    for username in &usernames[..budget] {
        let response = app.login_with(username, "Spring#2026x").await.unwrap_err();
        assert_eq!(
            error(&response).1.as_deref(),
            Some("INVALID_CREDENTIALS"),
            "{username}"
        );
    }
    let next = usernames[budget];
    let response = app.login_with(next, "Spring#2026x").await.unwrap_err();
    let (code, reason, retry, _) = answer(&response);
    assert_eq!(
        (code.as_str(), reason.as_deref()),
        ("RATE_LIMITED", Some("TOO_MANY_ATTEMPTS"))
    );
    assert!(retry.is_some_and(|s| s >= 1), "{retry:?}");
    // Refused before the password is checked: nothing counted for that account…
    let person = app.account(next).person_id.0;
    let credentials = app
        .api
        .credentials
        .by_account(person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(credentials.failed_count, 0);
    // …and even the right password waits, from that address.
    let right = app.login_with("admin", DEMO_PASSWORD).await.unwrap_err();
    assert_eq!(error(&right).1.as_deref(), Some("TOO_MANY_ATTEMPTS"));
    // Another address is not affected.
    let login = "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p, bearer: true}) { token } }";
    let other = run_from(
        &app,
        "198.51.100.7",
        login,
        json!({"u": "admin", "p": DEMO_PASSWORD}),
    )
    .await;
    assert!(other.errors.is_empty(), "{:?}", other.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_usernames_lock_exactly_like_real_ones() {
    let app = App::start().await;
    let mut real = Vec::new();
    let mut unknown = Vec::new();
    // How long the last pair of attempts took apart (a loaded machine hashes slowly).
    let mut apart = std::time::Duration::ZERO;
    for _ in 0..6 {
        real.push(answer(
            &app.login_with("cv.congchuc2", "Wrong#Password1")
                .await
                .unwrap_err(),
        ));
        let started = std::time::Instant::now();
        unknown.push(answer(
            &app.login_with("khong.co.ai", "Wrong#Password1")
                .await
                .unwrap_err(),
        ));
        apart = started.elapsed();
    }
    // Failures 1–5 answer identically (the lock's message names its end, to the
    // microsecond), the 5th locking for 30 s both ways.
    let without_time = |a: &[(String, Option<String>, Option<i64>, String)]| {
        a.iter()
            .map(|(c, r, s, m)| {
                (
                    c.clone(),
                    r.clone(),
                    *s,
                    m.split(" after ").next().unwrap().to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        without_time(&real[..5]),
        without_time(&unknown[..5]),
        "{real:?}\n{unknown:?}"
    );
    assert_eq!(real[4].1.as_deref(), Some("ACCOUNT_LOCKED"));
    assert!(matches!(real[4].2, Some(29 | 30)), "{:?}", real[4]);
    // While locked: the same refusal (the seconds left may differ by the requests between).
    assert_eq!(without_time(&real[5..]), without_time(&unknown[5..]));
    assert!(
        real[5].2.unwrap().abs_diff(unknown[5].2.unwrap()) <= 1 + apart.as_secs(),
        "{:?} {:?} {apart:?}",
        real[5],
        unknown[5]
    );
    // The table keeps a hash of the name, never the name.
    let client = app.db.pool.get().await.unwrap();
    let rows: i64 = client
        .query_one(
            "SELECT count(*) FROM identity.unknown_logins WHERE failed_count = 5",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_second_factor_is_answered_like_a_wrong_password() {
    let app = App::start().await;
    let token = app.login("tp.congchuc").await;
    enrol_and_confirm(&app, &token, None).await;
    let right_without_code = app
        .login_with("tp.congchuc", DEMO_PASSWORD)
        .await
        .unwrap_err();
    let wrong = app
        .login_with("tp.congchuc", "Wrong#Password1")
        .await
        .unwrap_err();
    assert_eq!(answer(&right_without_code), answer(&wrong));
    assert_eq!(
        error(&wrong).1.as_deref(),
        Some("INVALID_CREDENTIALS"),
        "{:?}",
        wrong.errors
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_interface_language_is_kept_with_the_account_and_follows_it_to_a_new_session() {
    let app = App::start().await;
    const ME: &str = "{ me { language preferredLanguage } }";
    let first = app.login("cv.tcbc").await;
    let other = app.login("tp.tcbc").await;
    // Given nobody chose a language yet,
    let me = app.run(Some(&first), ME, json!({})).await;
    assert_eq!(data(&me)["me"]["preferredLanguage"], json!(null));
    // when the specialist chooses Lao on one device,
    let chosen = app
        .run(
            Some(&first),
            "mutation { chooseLanguage(language: LO) { visible } }",
            json!({}),
        )
        .await;
    assert!(chosen.errors.is_empty(), "{:?}", chosen.errors);
    assert_eq!(data(&chosen)["chooseLanguage"]["visible"], json!(true));
    // then a new session (another device) gets it back, and their usage log records it;
    let second = app.login("cv.tcbc").await;
    let me = app.run(Some(&second), ME, json!({})).await;
    assert_eq!(data(&me)["me"]["preferredLanguage"], json!("lo"));
    let kinds = usage_kinds(&app, &second, None).await;
    assert!(
        kinds
            .iter()
            .any(|(kind, detail)| kind == "identity.language-chosen" && detail["language"] == "lo"),
        "{kinds:?}"
    );
    // the latest choice wins; and another person's account is untouched.
    let again = app
        .run(
            Some(&second),
            "mutation { chooseLanguage(language: EN) { visible } }",
            json!({}),
        )
        .await;
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    let me = app.run(Some(&first), ME, json!({})).await;
    assert_eq!(data(&me)["me"]["preferredLanguage"], json!("en"));
    let me = app.run(Some(&other), ME, json!({})).await;
    assert_eq!(data(&me)["me"]["preferredLanguage"], json!(null));
    // A language that is not one of the three is refused as input.
    let wrong = app
        .run(
            Some(&first),
            "mutation { chooseLanguage(language: FR) { visible } }",
            json!({}),
        )
        .await;
    assert!(!wrong.errors.is_empty());
}
