//! The GraphQL endpoint: answers over POST and GET, every error carries a stable
//! `extensions.code`, and depth and size limits hold.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use chancery_e2e::{Server, chancery};
use chancery_test_support::TestDb;
use serde_json::{Value, json};

async fn post(server: &Server, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/graphql", server.base))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_answers_and_refuses_with_stable_codes() {
    let db = TestDb::new().await;
    let server = Server::start(chancery(Some(&db.url()))).await;

    let (status, body) = post(
        &server,
        &json!({"query": "{ serverInfo { version eventStore } }"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["serverInfo"]["eventStore"], "postgres",
        "{body}"
    );
    assert!(body["data"]["serverInfo"]["version"].is_string());

    let (code, text) = server
        .get("/graphql?query=%7BserverInfo%7Bversion%7D%7D")
        .await;
    assert_eq!(code, 200, "{text}");
    assert!(text.contains("version"), "{text}");

    // Unknown field, syntax error, too deep: refused, each with a code.
    let deep = format!(
        "{{ __schema {{ types {} }} }}",
        "{ fields { type { ofType ".repeat(5) + &"} } }".repeat(5) + ""
    );
    for query in ["{ serverInfo { nope } }", "{ serverInfo { ", deep.as_str()] {
        let (_, body) = post(&server, &json!({"query": query})).await;
        let errors = body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{query}: {body}"));
        assert!(!errors.is_empty());
        for error in errors {
            assert_eq!(error["extensions"]["code"], "VALIDATION", "{query}: {body}");
        }
        assert!(
            body["data"].is_null() || body.get("data").is_none(),
            "{body}"
        );
    }

    // Wrong types and oversized requests never reach a resolver.
    let (_, body) = post(&server, &json!({"query": 42})).await;
    assert!(
        body.get("data").is_none() || body["data"].is_null(),
        "{body}"
    );
    // An oversized body is refused with 413 as soon as its Content-Length is read; the client
    // may see the 413 or, still writing, a closed connection. Either way nothing is executed
    // and the server carries on.
    let huge = "x".repeat(3 * 1024 * 1024);
    let oversized = reqwest::Client::new()
        .post(format!("{}/graphql", server.base))
        .json(&json!({"query": "{ serverInfo { version } }", "variables": {"pad": huge}}))
        .send()
        .await;
    match oversized {
        Ok(response) => assert_eq!(response.status().as_u16(), 413),
        Err(error) => assert!(error.is_request(), "{error}"),
    }
    assert_eq!(server.get("/healthz").await.0, 200);

    let (code, page) = server.get("/graphiql").await;
    assert_eq!(code, 200);
    assert!(page.contains("graphiql"), "GraphiQL page");
    assert!(server.stop().await.success());
}
