//! The API as the benchmarks call it: the GraphQL schema in process (authentication, access
//! checks, the use cases, the read models; all of the path but HTTP), one signed-in session
//! per person.

use std::time::Duration;

use async_graphql::{Request, Variables};
use chancery_api::auth::{RequestInfo, ResponseCookies};
use chancery_api::{ApiContext, ChancerySchema};
use chancery_commands::seed::DEMO_PASSWORD;
use chancery_domain::identity::Client;
use serde_json::{Value, json};

/// Runs `query` as the holder of `token` (anonymous without one); an answer with errors is an
/// error.
pub(crate) async fn call(
    schema: &ChancerySchema,
    api: &ApiContext,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> anyhow::Result<Value> {
    let info = RequestInfo {
        token: token.map(str::to_owned),
        position: None,
        client: Client {
            ip: Some("127.0.0.1".to_owned()),
            user_agent: Some("chancery-bench".to_owned()),
        },
        lang: None,
        wants_cookie: false,
    };
    let caller = api
        .authenticate(info)
        .await
        .map_err(|e| anyhow::anyhow!("authentication: {e:?}"))?;
    let response = schema
        .execute(
            Request::new(query)
                .variables(Variables::from_json(variables))
                .data(caller)
                .data(ResponseCookies::default()),
        )
        .await;
    if !response.errors.is_empty() {
        anyhow::bail!("{query}: {:?}", response.errors);
    }
    Ok(response.data.into_json()?)
}

/// Signs a demo person in (their account appears once the directory projection has the
/// seed's people): their bearer token.
pub(crate) async fn login(
    schema: &ChancerySchema,
    api: &ApiContext,
    username: &str,
) -> anyhow::Result<String> {
    for _ in 0..600 {
        let answer = call(
            schema,
            api,
            None,
            "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p, bearer: true}) { token } }",
            json!({"u": username, "p": DEMO_PASSWORD}),
        )
        .await;
        if let Ok(data) = answer
            && let Some(token) = data["login"]["token"].as_str()
        {
            return Ok(token.to_owned());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("{username} cannot log in")
}
