//! The HTTP surface against a hostile page or client, over real HTTP to `chancery serve
//! --demo`: GET answers queries only (a link never logs anyone in or out), the session cookie
//! counts only with a non-empty `X-Chancery-CSRF` header from our own origin, the client's
//! address comes from `X-Forwarded-For` only through a trusted proxy (and failed passwords
//! per address are throttled), introspection needs a login, `/metrics` answers loopback or
//! its token, and page sizes count towards a request's cost.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_e2e::{Server, chancery};
use chancery_test_support::TestDb;
use serde_json::{Value, json};

const PASSWORD: &str = "Chancery@2026";
const CSRF: &str = "X-Chancery-CSRF";

fn login_body(username: &str, password: &str) -> Value {
    json!({"query": "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token person { username } } }",
           "variables": {"u": username, "p": password}})
}

async fn json_of(response: reqwest::Response) -> (u16, Option<String>, Value) {
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().to_owned());
    (status, cookie, response.json().await.unwrap_or(Value::Null))
}

fn reason(body: &Value) -> &str {
    body["errors"][0]["extensions"]["reason"]
        .as_str()
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_answers_queries_only_and_never_logs_in_or_out() {
    let db = TestDb::new().await;
    let server = Server::start_with(chancery(Some(&db.url())), &["--demo"]).await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let graphql = format!("{}/graphql", server.base);

    // Logging in over GET (the password in a URL; a link signing a browser in): refused.
    let login =
        "mutation { login(input: {username: \"admin\", password: \"Chancery@2026\"}) { token } }";
    let (status, cookie, body) = json_of(
        browser
            .get(&graphql)
            .query(&[("query", login)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 405, "{body}");
    assert_eq!(cookie, None);
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(reason(&body), "MUTATION_OVER_GET");
    // Hidden as the named operation of a document that also has a query: refused too.
    let (status, _, _) = json_of(
        browser
            .get(&graphql)
            .query(&[
                (
                    "query",
                    format!("query Q {{ serverInfo {{ version }} }} {login}")
                        .replace("mutation {", "mutation M {")
                        .as_str(),
                ),
                ("operationName", "M"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 405);

    // A browser logged in (POST with the header) is not logged out by a link.
    let (_, cookie, body) = json_of(
        browser
            .post(&graphql)
            .header(CSRF, "1")
            .json(&login_body("admin", PASSWORD))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(cookie.unwrap().starts_with("chancery_session=chs_"));
    let (status, cookie, body) = json_of(
        browser
            .get(&graphql)
            .query(&[("query", "mutation { logout }")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, reason(&body)), (405, "MUTATION_OVER_GET"));
    assert_eq!(cookie, None, "no cookie is cleared over GET");
    let me = json!({"query": "{ me { person { username } } }"});
    let (_, _, body) = json_of(
        browser
            .post(&graphql)
            .header(CSRF, "1")
            .json(&me)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["data"]["me"]["person"]["username"], "admin", "{body}");

    // Queries still work over GET.
    let (status, _, body) = json_of(
        browser
            .get(&graphql)
            .query(&[("query", "{ serverInfo { version } }")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body["data"]["serverInfo"]["version"].is_string(), "{body}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cookie_counts_only_with_the_csrf_header_from_our_own_origin() {
    let db = TestDb::new().await;
    let server = Server::start_with(chancery(Some(&db.url())), &["--demo"]).await;
    let graphql = format!("{}/graphql", server.base);
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();

    // A login without the header sets no cookie (a cross-site form cannot sign a browser in).
    let (_, cookie, body) = json_of(
        browser
            .post(&graphql)
            .json(&login_body("admin", PASSWORD))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(cookie, None);
    // With the header: the cookie.
    let (_, cookie, _) = json_of(
        browser
            .post(&graphql)
            .header(CSRF, "1")
            .json(&login_body("admin", PASSWORD))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(cookie.is_some());

    let me = json!({"query": "{ me { person { username } } }"});
    let ask = |csrf: Option<&'static str>, origin: Option<String>| {
        let mut request = browser.post(&graphql).json(&me);
        if let Some(value) = csrf {
            request = request.header(CSRF, value);
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        async move { json_of(request.send().await.unwrap()).await }
    };
    // JSON alone no longer counts; an empty header neither.
    let (_, _, body) = ask(None, None).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{body}"
    );
    let (_, _, body) = ask(Some(""), None).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{body}"
    );
    // Another site's page: refused whole.
    let (status, _, body) = ask(Some("1"), Some("http://evil.example".to_owned())).await;
    assert_eq!((status, reason(&body)), (403, "CROSS_ORIGIN"), "{body}");
    // Our own page, and a client sending no Origin: counted.
    for origin in [Some(server.base.clone()), None] {
        let (status, _, body) = ask(Some("1"), origin).await;
        assert_eq!(status, 200);
        assert_eq!(body["data"]["me"]["person"]["username"], "admin", "{body}");
    }

    // Page sizes count: a hundred pages of 500 people in one request are refused.
    let many: String = (0..100)
        .map(|i| format!("p{i}: people(first: 500) {{ edges {{ node {{ id }} }} }} "))
        .collect();
    let (_, _, body) = json_of(
        browser
            .post(&graphql)
            .header(CSRF, "1")
            .json(&json!({"query": format!("{{ {many} }}")}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(reason(&body), "QUERY_TOO_LARGE", "{body}");
    // Introspection: for the logged-in browser (GraphiQL), not for strangers.
    let schema = json!({"query": "{ __schema { queryType { name } } }"});
    let (_, _, body) = json_of(
        browser
            .post(&graphql)
            .header(CSRF, "1")
            .json(&schema)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        body["data"]["__schema"]["queryType"]["name"], "Query",
        "{body}"
    );
    let (_, _, body) = json_of(
        reqwest::Client::new()
            .post(&graphql)
            .json(&schema)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(reason(&body), "INTROSPECTION_REQUIRES_LOGIN", "{body}");
    let (_, page) = server.get("/graphiql").await;
    assert!(
        page.contains("X-Chancery-CSRF"),
        "GraphiQL sends the header"
    );
    server.stop().await;
}

/// Failed logins from `forwarded` (as `X-Forwarded-For`), one per unknown username.
async fn fail_from(server: &Server, forwarded: &str, n: usize) -> Vec<String> {
    let client = reqwest::Client::new();
    let mut reasons = Vec::new();
    for i in 0..n {
        let (_, _, body) = json_of(
            client
                .post(format!("{}/graphql", server.base))
                .header("x-forwarded-for", forwarded)
                .json(&login_body(
                    &format!("khach.{forwarded}.{i}"),
                    "Spring#2026x",
                ))
                .send()
                .await
                .unwrap(),
        )
        .await;
        reasons.push(reason(&body).to_owned());
    }
    reasons
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    let db = TestDb::new().await;
    let start = |trusted: &'static str| {
        let mut command = chancery(Some(&db.url()));
        command
            .env("CHANCERY__HTTP__TRUSTED_PROXIES", trusted)
            .env("CHANCERY__HTTP__METRICS_TOKEN", "scrape-token-1")
            .env("CHANCERY__LOGIN__ADDRESS_FAILURES", "3");
        Server::start_with(command, &["--demo"])
    };
    // Not behind a trusted proxy: a header naming a new address each time changes nothing,
    // the failures all count against the peer.
    let server = start("[\"10.9.9.9\"]").await;
    let mut reasons = Vec::new();
    for i in 0..4 {
        reasons.extend(fail_from(&server, &format!("203.0.113.{i}"), 1).await);
    }
    assert_eq!(
        reasons,
        [
            "INVALID_CREDENTIALS",
            "INVALID_CREDENTIALS",
            "INVALID_CREDENTIALS",
            "TOO_MANY_ATTEMPTS"
        ]
    );
    // Even the right password waits, from that address.
    let (_, _, body) = json_of(
        reqwest::Client::new()
            .post(format!("{}/graphql", server.base))
            .json(&login_body("admin", PASSWORD))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(reason(&body), "TOO_MANY_ATTEMPTS", "{body}");
    // The forwarded header does not make /metrics remote: the peer is this machine.
    let metrics = reqwest::Client::new()
        .get(format!("{}/metrics", server.base))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status().as_u16(), 200);
    server.stop().await;

    // Behind a trusted proxy (this machine): each forwarded client has its own budget.
    let server = start("[\"127.0.0.1\"]").await;
    assert_eq!(
        fail_from(&server, "198.51.100.1", 4).await[3],
        "TOO_MANY_ATTEMPTS"
    );
    assert_eq!(
        fail_from(&server, "198.51.100.2", 1).await,
        ["INVALID_CREDENTIALS"]
    );
    // A remote scraper (as the proxy tells) needs the token.
    let metrics = |token: Option<&str>| {
        let mut request = reqwest::Client::new()
            .get(format!("{}/metrics", server.base))
            .header("x-forwarded-for", "198.51.100.3");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(metrics(None).await, 403);
    assert_eq!(metrics(Some("wrong")).await, 403);
    assert_eq!(metrics(Some("scrape-token-1")).await, 200);
    server.stop().await;
}
