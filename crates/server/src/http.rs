//! The HTTP surface: GraphQL at `/graphql` (POST and GET; GraphiQL at `/graphiql`), health,
//! readiness with projection lag, Prometheus metrics, and the web client's files at `/`.

use std::path::Path;
use std::sync::Arc;

use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chancery_api::{ChancerySchema, ErrorCode};
use chancery_projector::ProjectionEngine;
use metrics_exporter_prometheus::PrometheusHandle;
use serde_json::json;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    pub schema: ChancerySchema,
    pub engine: Arc<ProjectionEngine>,
    pub metrics: Option<PrometheusHandle>,
    pub ready_max_lag: u64,
}

pub fn router(state: AppState, web_dir: &Path, max_body_bytes: usize) -> Router {
    let api = Router::new()
        .route("/graphql", get(graphql).post(graphql))
        .route("/graphiql", get(graphiql))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
        // Refuses oversized requests with 413 before any handler reads them (the GraphQL
        // extractor reads the body itself, so axum's own limit alone would not apply).
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(DefaultBodyLimit::max(max_body_bytes));
    let index = web_dir.join("index.html");
    if index.is_file() {
        api.fallback_service(ServeDir::new(web_dir).fallback(ServeFile::new(index)))
    } else {
        api.fallback(get(no_web_client))
    }
}

/// Executes a GraphQL request. Every error a client sees carries `extensions.code`: errors
/// raised before any resolver ran (syntax, unknown fields, wrong variable types, depth or
/// complexity limits) are `VALIDATION`; a resolver error without a code is `INTERNAL`.
async fn graphql(State(state): State<AppState>, request: GraphQLRequest) -> GraphQLResponse {
    let mut response = state.schema.execute(request.into_inner()).await;
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
    }
    response.into()
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
