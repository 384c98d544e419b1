//! The HTTP surface: GraphQL at `/graphql` (POST and GET; GraphiQL at `/graphiql`), health,
//! readiness with projection lag, Prometheus metrics, and the web client's files at `/`.

use std::path::Path;
use std::sync::Arc;

use std::net::SocketAddr;

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
    pub trust_forwarded_for: bool,
    pub metrics: Option<PrometheusHandle>,
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
    let info = request_info(
        &headers,
        peer,
        state.trust_forwarded_for,
        method == Method::POST,
        false,
    );
    let lang = info.lang.unwrap_or(Lang::Vi);
    let caller = match state.api.authenticate(info.clone()).await {
        Ok(caller) => caller,
        Err(_) => Caller::anonymous(info),
    };
    let cookies = ResponseCookies::default();
    let request = request.into_inner().data(caller).data(cookies.clone());
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
/// cookie.
async fn graphql_ws(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let same_origin = match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://").map(|(_, rest)| rest.to_owned()))
            .zip(host.to_str().ok())
            .is_some_and(|(origin, host)| origin == host),
        _ => false,
    };
    let info = request_info(
        &headers,
        peer,
        state.trust_forwarded_for,
        same_origin,
        false,
    );
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

/// Who is calling, from the headers. The session cookie counts only where a cross-site page
/// cannot forge the request: a POST carrying `Content-Type: application/json` or the
/// `X-Chancery-CSRF` header (browsers send neither cross-site without a CORS preflight, which
/// this server never grants), or a same-origin WebSocket — or, with `read_only`, a request
/// that changes nothing (a download: a cross-site page can make the browser fetch it but
/// never read the answer). A bearer token always counts.
pub(crate) fn request_info(
    headers: &HeaderMap,
    peer: SocketAddr,
    trust_forwarded_for: bool,
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
    let json_post = text("content-type").is_some_and(|c| c.starts_with("application/json"))
        || headers.contains_key("x-chancery-csrf");
    let cookie = (cookie_allowed
        && (read_only || json_post || headers.contains_key(header::UPGRADE)))
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
    let ip = if trust_forwarded_for {
        text("x-forwarded-for")
            .and_then(|f| f.split(',').next())
            .map(|f| f.trim().to_owned())
            .unwrap_or_else(|| peer.ip().to_string())
    } else {
        peer.ip().to_string()
    };
    let lang = text("x-chancery-language")
        .and_then(Lang::parse)
        .or_else(|| {
            text("accept-language").and_then(|a| {
                a.split(',')
                    .filter_map(|tag| Lang::parse(tag.split(';').next().unwrap_or("").trim()))
                    .next()
            })
        });
    RequestInfo {
        wants_cookie: bearer.is_none(),
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
    match state.engine.status().await {
        Ok(projections) => {
            let ready = projections
                .iter()
                .all(|p| p.lag <= state.ready_max_lag && p.last_error.is_none());
            let code = if ready {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            let body = json!({
                "status": if ready { "ready" } else { "catching-up" },
                "projections": projections,
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

async fn metrics(State(state): State<AppState>) -> Response {
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
