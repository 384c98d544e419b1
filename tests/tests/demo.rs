//! The README's run command (`chancery serve --demo`) on an empty database brings up the
//! demo ministry, and every demo account logs in through the browser flow: an HttpOnly
//! session cookie that counts only on requests a cross-site page cannot forge.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_e2e::{Server, chancery};
use chancery_test_support::TestDb;
use serde_json::{Value, json};

const PASSWORD: &str = "Chancery@2026";

async fn post(
    client: &reqwest::Client,
    server: &Server,
    body: Value,
    lang: &str,
) -> (reqwest::header::HeaderMap, Value) {
    let response = client
        .post(format!("{}/graphql", server.base))
        .header("accept-language", lang)
        // What the web client sends: the session cookie counts only with it.
        .header("x-chancery-csrf", "1")
        .json(&body)
        .send()
        .await
        .unwrap();
    let headers = response.headers().clone();
    (headers, response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_ministry_comes_up_and_every_demo_role_logs_in() {
    let db = TestDb::new().await;
    let server = Server::start_with(chancery(Some(&db.url())), &["--demo"]).await;
    server.wait_ready().await;

    // The administrator, in a browser: the cookie is HttpOnly, SameSite=Strict.
    let admin = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = |username: &str| {
        json!({"query": "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token person { username } mustChangePassword } }",
               "variables": {"u": username, "p": PASSWORD}})
    };
    let (headers, body) = post(&admin, &server, login("admin"), "vi").await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(
        body["data"]["login"]["token"].is_null(),
        "browsers never see the token"
    );
    let cookie = headers
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("chancery_session=chs_"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );

    // Every person of the demo organisation, with their roles.
    let (_, people) = post(
        &admin,
        &server,
        json!({"query": "{ people(first: 100) { edges { node { username positions { role } } } } }"}),
        "vi",
    )
    .await;
    let people = people["data"]["people"]["edges"]
        .as_array()
        .unwrap()
        .clone();
    let roles: std::collections::BTreeSet<String> = people
        .iter()
        .flat_map(|p| p["node"]["positions"].as_array().unwrap().clone())
        .map(|p| p["role"].as_str().unwrap().to_owned())
        .collect();
    for role in [
        "system_admin",
        "auditor",
        "ministry_clerk",
        "unit_clerk",
        "general_affairs_officer",
        "general_affairs_leader",
        "regulation_officer",
        "unit_head",
        "unit_deputy",
        "department_head",
        "specialist",
        "leader_secretary",
        "ministry_leader",
        "minister",
    ] {
        assert!(
            roles.contains(role),
            "no demo account is a {role}: {roles:?}"
        );
    }
    assert!(people.len() >= 30, "{}", people.len());

    // Each of them logs in and sees themselves.
    for person in &people {
        let username = person["node"]["username"].as_str().unwrap();
        let browser = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let (_, body) = post(&browser, &server, login(username), "vi").await;
        assert!(body["errors"].is_null(), "{username}: {body}");
        assert_eq!(body["data"]["login"]["mustChangePassword"], false);
        let (_, me) = post(
            &browser,
            &server,
            json!({"query": "{ me { person { username } positions { role } } }"}),
            "vi",
        )
        .await;
        assert_eq!(me["data"]["me"]["person"]["username"], username, "{me}");
        assert!(!me["data"]["me"]["positions"].as_array().unwrap().is_empty());
    }

    // The cookie does not count on a request a cross-site form could send (no JSON
    // content type, no CSRF header), nor on GET.
    let forged = admin
        .post(format!("{}/graphql", server.base))
        .header("content-type", "text/plain")
        .body(r#"{"query": "{ me { person { username } } }"}"#)
        .send()
        .await
        .unwrap();
    let forged: Value = forged.json().await.unwrap_or(Value::Null);
    assert!(forged["data"]["me"].is_null(), "{forged}");
    let get = admin
        .get(format!(
            "{}/graphql?query=%7Bme%7Bperson%7Busername%7D%7D%7D",
            server.base
        ))
        .send()
        .await
        .unwrap();
    let get: Value = get.json().await.unwrap();
    assert_eq!(
        get["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{get}"
    );

    // Messages come in the caller's language; the code stays the same.
    let stranger = reqwest::Client::new();
    for (lang, expected) in [
        (
            "vi-VN,vi;q=0.9",
            "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.",
        ),
        ("en-US", "Wrong username, password or authenticator code."),
        ("lo", "ຊື່ຜູ້ໃຊ້, ລະຫັດຜ່ານ ຫຼື ລະຫັດຢືນຢັນບໍ່ຖືກຕ້ອງ."),
    ] {
        let body = json!({"query": "mutation { login(input: {username: \"admin\", password: \"wrong\"}) { token } }"});
        let (_, answer) = post(&stranger, &server, body, lang).await;
        assert_eq!(answer["errors"][0]["message"], expected, "{answer}");
        assert_eq!(answer["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        assert_eq!(
            answer["errors"][0]["extensions"]["reason"],
            "INVALID_CREDENTIALS"
        );
    }

    // Logout clears the cookie and ends the session.
    let (headers, _) = post(
        &admin,
        &server,
        json!({"query": "mutation { logout }"}),
        "vi",
    )
    .await;
    assert!(
        headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let (_, me) = post(
        &admin,
        &server,
        json!({"query": "{ me { person { username } } }"}),
        "en",
    )
    .await;
    assert_eq!(
        me["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{me}"
    );
    server.stop().await;
}

/// Subscriptions over WebSocket with graphql-transport-ws: a logged-in client hears about an
/// organisation change; an anonymous one is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_speak_graphql_transport_ws_and_check_the_caller() {
    use futures::SinkExt as _;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;

    let db = TestDb::new().await;
    let server = Server::start_with(chancery(Some(&db.url())), &["--demo"]).await;
    let client = reqwest::Client::new();
    let (_, body) = post(
        &client,
        &server,
        json!({"query": "mutation { login(input: {username: \"admin\", password: \"Chancery@2026\", bearer: true}) { token } }"}),
        "vi",
    )
    .await;
    let token = body["data"]["login"]["token"].as_str().unwrap().to_owned();

    let connect = |token: Option<String>| {
        let url = format!("{}/graphql/ws", server.base.replacen("http", "ws", 1));
        async move {
            let mut request = url.into_client_request().unwrap();
            request.headers_mut().insert(
                "sec-websocket-protocol",
                "graphql-transport-ws".parse().unwrap(),
            );
            let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
            let init = json!({"type": "connection_init", "payload": token.map_or(json!({}), |t| json!({"token": t}))});
            socket
                .send(Message::Text(init.to_string().into()))
                .await
                .unwrap();
            let ack = next_json(&mut socket).await;
            assert_eq!(ack["type"], "connection_ack", "{ack}");
            socket
                .send(Message::Text(
                    json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { organisationChanged }"}})
                        .to_string()
                        .into(),
                ))
                .await
                .unwrap();
            socket
        }
    };

    // Anonymous: refused at once.
    let mut anonymous = connect(None).await;
    let refused = next_json(&mut anonymous).await;
    let text = refused.to_string();
    assert!(text.contains("UNAUTHENTICATED"), "{text}");

    // The administrator hears about a new unit.
    let mut socket = connect(Some(token.clone())).await;
    let (_, units) = post(
        &client,
        &server,
        json!({"query": "{ units { edges { node { id code } } } }"}),
        "vi",
    )
    .await;
    assert!(
        units["errors"].is_array(),
        "anonymous HTTP may not list units: {units}"
    );
    let authorised = reqwest::Client::new();
    let units: Value = authorised
        .post(format!("{}/graphql", server.base))
        .bearer_auth(&token)
        .json(&json!({"query": "{ units { edges { node { id code } } } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bnv = units["data"]["units"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == "bnv")
        .unwrap()["node"]["id"]
        .clone();
    let created: Value = authorised
        .post(format!("{}/graphql", server.base))
        .bearer_auth(&token)
        .json(&json!({"query": "mutation($p: ID!) { createUnit(input: {parentId: $p, kind: UNIT, code: \"bnv.ws\", abbreviation: \"WS\", name: \"Vụ Thử nghiệm\"}) { id } }", "variables": {"p": bnv}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(created["errors"].is_null(), "{created}");
    let next = next_json(&mut socket).await;
    assert_eq!(next["type"], "next", "{next}");
    assert!(
        next["payload"]["data"]["organisationChanged"].is_string(),
        "{next}"
    );
    server.stop().await;
}

async fn next_json<S>(socket: &mut S) -> Value
where
    S: futures::Stream<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    use futures::StreamExt as _;
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(30), socket.next())
            .await
            .expect("a message within 30 s")
            .expect("the socket stays open")
            .unwrap();
        if let tokio_tungstenite::tungstenite::Message::Text(text) = message {
            return serde_json::from_str(&text).unwrap();
        }
    }
}
