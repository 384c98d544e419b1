//! The HTTP surface: GraphQL at `/graphql` (POST; GET for queries only; GraphiQL at
//! `/graphiql`), health, readiness with projection lag, Prometheus metrics (loopback or a
//! bearer token), and the web client's files at `/`.
//!
//! Who is calling comes from the request: a bearer token, or the session cookie where a
//! cross-site page cannot forge the request (see [`request_info`]); the client's address is
//! the peer's, or, when the peer is a configured trusted proxy, the one it forwarded.

use std::path::Path;
use std::sync::Arc;

use std::net::{IpAddr, SocketAddr};

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chancery_api::auth::{Caller, RequestInfo, ResponseCookies, SESSION_COOKIE};
use chancery_api::{ApiContext, ChancerySchema, ErrorCode};
use chancery_domain::identity::Client;
use chancery_domain::reference::Lang;
use chancery_projector::ProjectionEngine;
use metrics_exporter_prometheus::PrometheusHandle;
use serde_json::json;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    pub schema: ChancerySchema,
    pub api: ApiContext,
    pub engine: Arc<ProjectionEngine>,
    /// Proxies whose `X-Forwarded-For` is believed (none by default).
    pub trusted_proxies: Arc<Vec<IpAddr>>,
    pub metrics: Option<PrometheusHandle>,
    /// A bearer token that opens `/metrics` from anywhere (else loopback only).
    pub metrics_token: Option<String>,
    pub ready_max_lag: u64,
}

pub fn router(state: AppState, web_dir: &Path, max_body_bytes: usize) -> Router {
    let files = crate::files::routes(state.clone());
    let api = Router::new()
        .route("/graphql", get(graphql).post(graphql))
        .route("/graphql/ws", get(graphql_ws))
        .route("/graphiql", get(graphiql))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
        // Refuses oversized requests with 413 before any handler reads them (the GraphQL
        // extractor reads the body itself, so axum's own limit alone would not apply).
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .merge(files);
    let index = web_dir.join("index.html");
    if index.is_file() {
        api.fallback_service(ServeDir::new(web_dir).fallback(ServeFile::new(index)))
    } else {
        api.fallback(get(no_web_client))
    }
}

/// Executes a GraphQL request as its caller. Every error a client sees carries
/// `extensions.code`: errors raised before any resolver ran (syntax, unknown fields, wrong
/// variable types, depth or complexity limits) are `VALIDATION`; a resolver error without a
/// code is `INTERNAL`. Refusals get their message in the caller's language.
async fn graphql(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let post = method == Method::POST;
    let info = request_info(&headers, peer, &state.trusted_proxies, post, false);
    let lang = info.lang.unwrap_or(Lang::Vi);
    if post && !origin_matches(&headers) {
        // A page of another site posting here (a form can, without any preflight): refused
        // whole, so not even `login` runs (it would sign the browser into someone's account).
        return refusal(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "CROSS_ORIGIN",
            "requests from another site's pages are refused",
            lang,
        );
    }
    let mut request = request.into_inner();
    if !post && !only_queries(&mut request) {
        // GET answers queries only: a link must never log someone in or out, or change
        // anything (and a password must never travel in a URL).
        let mut response = refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Validation,
            "MUTATION_OVER_GET",
            "GET answers queries only; send mutations with POST",
            lang,
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let caller = match state.api.authenticate(info.clone()).await {
        Ok(caller) => caller,
        Err(_) => Caller::anonymous(info),
    };
    let cookies = ResponseCookies::default();
    let request = request.data(caller).data(cookies.clone());
    let mut response = state.schema.execute(request).await;
    for error in &mut response.errors {
        let code = if error.path.is_empty() {
            ErrorCode::Validation
        } else {
            ErrorCode::Internal
        };
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", code.as_str());
        }
        let key = match (extensions.get("reason"), extensions.get("code")) {
            (Some(async_graphql::Value::String(reason)), _) => Some(reason.clone()),
            (None, Some(async_graphql::Value::String(code))) if code != "VALIDATION" => {
                Some(code.clone())
            }
            _ => None,
        };
        if let Some(text) = key.and_then(|k| chancery_api::messages::localize(&k, lang)) {
            extensions.set("detail", error.message.clone());
            error.message = text.to_owned();
        }
    }
    let mut http = GraphQLResponse::from(response).into_response();
    for cookie in cookies.take() {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            http.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    http
}

/// Subscriptions over WebSocket (graphql-transport-ws). The token comes in the
/// `connection_init` payload (`{"token": "…"}`) or, from the same origin only, the session
/// cookie; the payload's `position` is the acting position.
async fn graphql_ws(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    // Browsers always send `Origin` on a WebSocket: the cookie counts only from our pages.
    let same_origin = headers.contains_key(header::ORIGIN) && origin_matches(&headers);
    let info = request_info(&headers, peer, &state.trusted_proxies, same_origin, false);
    let schema = state.schema.clone();
    let api = state.api.clone();
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let mut info = info;
                    if let Some(token) = payload.get("token").and_then(|t| t.as_str()) {
                        info.token = Some(token.to_owned());
                    }
                    // The acting position, as `X-Chancery-Position` names it over HTTP (a
                    // browser's WebSocket cannot carry headers).
                    if let Some(position) = payload.get("position").and_then(|p| p.as_str()) {
                        info.position = Some(position.to_owned());
                    }
                    let caller = api
                        .authenticate(info.clone())
                        .await
                        .unwrap_or_else(|_| Caller::anonymous(info));
                    let mut data = Data::default();
                    data.insert(caller);
                    Ok(data)
                })
                .serve()
        })
}

/// Whether the request's `Origin`, when it has one, is this server (its scheme-less
/// `host[:port]` equals the `Host` header). Browsers send `Origin` on every cross-site POST
/// and WebSocket; other clients usually send none, which passes.
pub(crate) fn origin_matches(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://").map(|(_, rest)| rest))
        .zip(host)
        .is_some_and(|(origin, host)| origin.eq_ignore_ascii_case(host))
}

/// Whether the operation a GET asks for is a query (a document that does not parse is
/// left to the executor, which answers its syntax error).
fn only_queries(request: &mut async_graphql::Request) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let name = request.operation_name.clone();
    let Ok(document) = request.parsed_query() else {
        return true;
    };
    let kind = match &document.operations {
        DocumentOperations::Single(operation) => Some(operation.node.ty),
        DocumentOperations::Multiple(operations) => match name {
            Some(name) => operations.get(name.as_str()).map(|o| o.node.ty),
            // Several operations and none named: the executor refuses it; refuse here too
            // if any of them is not a query.
            None => operations
                .values()
                .map(|o| o.node.ty)
                .find(|ty| *ty != OperationType::Query),
        },
    };
    kind.is_none_or(|ty| ty == OperationType::Query)
}

/// A refusal outside GraphQL execution, in GraphQL's error shape.
fn refusal(
    status: StatusCode,
    code: ErrorCode,
    reason: &str,
    message: &str,
    lang: Lang,
) -> Response {
    let text = chancery_api::messages::localize(reason, lang).unwrap_or(message);
    let body = json!({"errors": [{
        "message": text,
        "extensions": {"code": code.as_str(), "reason": reason, "detail": message},
    }]});
    (status, axum::Json(body)).into_response()
}

/// The client's address: the peer's, unless the peer is a trusted proxy — then the last
/// address of `X-Forwarded-For` that is not itself a trusted proxy (the right-most hops are
/// the ones our proxies added; anything further left is whatever the client claimed).
pub(crate) fn client_ip(headers: &HeaderMap, peer: SocketAddr, trusted: &[IpAddr]) -> IpAddr {
    let peer_ip = peer.ip().to_canonical();
    if !trusted.contains(&peer_ip) {
        return peer_ip;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip,
            Err(_) => break,
        }
    }
    peer_ip
}

/// The language a request asks for: `X-Chancery-Language`, else the first of
/// `Accept-Language` this server speaks.
pub(crate) fn requested_lang(headers: &HeaderMap) -> Option<Lang> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    text("x-chancery-language")
        .and_then(Lang::parse)
        .or_else(|| {
            text("accept-language").and_then(|a| {
                a.split(',')
                    .filter_map(|tag| Lang::parse(tag.split(';').next().unwrap_or("").trim()))
                    .next()
            })
        })
}

/// Who is calling, from the headers. A bearer token always counts. The session cookie
/// counts only where a cross-site page cannot forge the request (with `cookie_allowed`):
/// a POST carrying a non-empty `X-Chancery-CSRF` header (a cross-site page cannot add a
/// header without a CORS preflight, which this server never grants; `Content-Type` alone
/// no longer suffices) from a page of this origin when it names one, a WebSocket the
/// caller found same-origin, or, with `read_only`, a request that changes nothing (a
/// download: a cross-site page can make the browser fetch it but never read the answer).
/// `login` sets a cookie only on a request where the cookie would count.
pub(crate) fn request_info(
    headers: &HeaderMap,
    peer: SocketAddr,
    trusted_proxies: &[IpAddr],
    cookie_allowed: bool,
    read_only: bool,
) -> RequestInfo {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let bearer = text("authorization")
        .and_then(|a| {
            a.strip_prefix("Bearer ")
                .or_else(|| a.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_owned());
    let csrf =
        text("x-chancery-csrf").is_some_and(|v| !v.trim().is_empty()) && origin_matches(headers);
    let upgrade = headers.contains_key(header::UPGRADE);
    let cookie = (cookie_allowed && (read_only || csrf || upgrade))
        .then(|| {
            headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == SESSION_COOKIE)
                .map(|(_, value)| value.to_owned())
                .filter(|v| !v.is_empty())
        })
        .flatten();
    let ip = client_ip(headers, peer, trusted_proxies).to_string();
    let lang = requested_lang(headers);
    RequestInfo {
        wants_cookie: bearer.is_none() && cookie_allowed && !read_only && csrf,
        token: bearer.or(cookie),
        position: text("x-chancery-position").map(str::to_owned),
        client: Client {
            ip: Some(ip),
            user_agent: text("user-agent").map(|u| u.chars().take(300).collect()),
        },
        lang,
    }
}

async fn graphiql() -> impl IntoResponse {
    Html(
        async_graphql::http::GraphiQLSource::build()
            .endpoint("/graphql")
            // The session cookie counts only with this header (see `request_info`).
            .header("X-Chancery-CSRF", "1")
            .title("Chancery GraphQL")
            .finish(),
    )
}

async fn healthz() -> &'static str {
    "ok"
}

/// 200 when the database answers and every projection is within `ready_max_lag` events of
/// the head with no recorded failure; 503 otherwise. The body says which and why.
async fn readyz(State(state): State<AppState>) -> Response {
    let status = async {
        Ok::<_, chancery_projector::ProjectionError>((
            state.engine.status().await?,
            state.api.reactions.status().await?,
        ))
    };
    match status.await {
        Ok((projections, reactions)) => {
            let ready = projections
                .iter()
                .all(|p| p.lag <= state.ready_max_lag && p.last_error.is_none())
                && reactions
                    .iter()
                    .all(|r| r.lag <= state.ready_max_lag && r.last_error.is_none());
            let code = if ready {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            let body = json!({
                "status": if ready { "ready" } else { "catching-up" },
                "projections": projections,
                "reactions": reactions,
            });
            (code, axum::Json(body)).into_response()
        }
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({"status": "unavailable", "reason": "database unreachable"})),
            )
                .into_response()
        }
    }
}

/// Prometheus metrics, for a scraper on this machine (loopback, after resolving a trusted
/// proxy's forwarded address) or one presenting the configured bearer token.
async fn metrics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let local = client_ip(&headers, peer, &state.trusted_proxies).is_loopback();
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.strip_prefix("Bearer "))
        .map(str::trim);
    let authorised = match (&state.metrics_token, token) {
        (Some(expected), Some(given)) => constant_time_eq(expected.as_bytes(), given.as_bytes()),
        _ => false,
    };
    if !local && !authorised {
        return (
            StatusCode::FORBIDDEN,
            "metrics are served to this machine or with the metrics token\n",
        )
            .into_response();
    }
    if let Ok(status) = state.engine.status().await {
        for s in status {
            metrics::gauge!("chancery_projection_lag_events", "projection" => s.name.clone())
                .set(s.lag as f64);
        }
    }
    match &state.metrics {
        Some(handle) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            handle.render(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn no_web_client() -> impl IntoResponse {
    Html(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Chancery</title>\
         <h1>Chancery</h1>\
         <p>Máy chủ đang chạy. Giao diện web chưa được dựng (xem README).</p>\
         <p lang=\"en\">The server is running. The web client has not been built (see the README).</p>\
         <p lang=\"lo\">ເຊີບເວີກຳລັງເຮັດວຽກ. ສ່ວນຕິດຕໍ່ເວັບຍັງບໍ່ທັນໄດ້ສ້າງ (ເບິ່ງ README).</p>\
         <p><a href=\"/readyz\">/readyz</a> · <a href=\"/metrics\">/metrics</a></p></html>",
    )
}
