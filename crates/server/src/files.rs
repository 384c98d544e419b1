//! Attachments over HTTP, beside GraphQL (which refers to files by hash):
//!
//! - `POST /files?name=scan.pdf` with the raw bytes: streams them to a temporary file while
//!   hashing them (the size limit enforced as they arrive), then stores them content-addressed
//!   (SHA-256) after checking their type (sniffed from the bytes, never trusted from the name;
//!   PDFs with active content refused) and answers `{"sha256", "name", "mediaType", "size"}`.
//!   Anyone working in the organisation may upload; the upload is recorded as theirs, and only
//!   they may attach it by its hash ([`chancery_commands::files`]). A file is only reachable
//!   through a document it was attached to.
//! - [`spawn_cleanup`]: the periodic removal of uploads nothing attached
//!   ([`chancery_files::cleanup`]).
//! - `GET /documents/{id}/files/{sha256}`: the file, for people who may read that document
//!   and only if the document carries it; sent with `nosniff`, a sandboxing CSP, and as an
//!   attachment unless `?inline=1` asks to preview a PDF or an image.
//!
//! Errors are JSON `{"code", "reason", "message"}` with the same codes as GraphQL.

use std::net::SocketAddr;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chancery_api::auth::Guard;
use chancery_api::{ApiError, ErrorCode};
use chancery_domain::access::Action;
use chancery_files::{FileError, FileStore, Uploads};
use futures::TryStreamExt as _;
use serde::Deserialize;
use serde_json::json;
use tower_http::limit::RequestBodyLimitLayer;
use uuid::Uuid;

use crate::http::{AppState, request_info};

/// The routes, with a body limit of their own (the store's file limit, not GraphQL's).
pub fn routes(state: AppState) -> Router {
    let max = usize::try_from(state.api.files.limits().max_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    Router::new()
        .route("/files", post(upload))
        .route("/documents/{id}/files/{sha256}", get(download))
        .route(
            "/registers/{id}/{year}/book.xlsx",
            get(crate::export::register_book),
        )
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(max))
        .layer(DefaultBodyLimit::max(max))
}

fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A refused upload or download: the stable code and reason, the message in the caller's
/// language (Vietnamese by default), and the English detail.
pub(crate) fn error(e: &ApiError, headers: &HeaderMap) -> Response {
    let reason = match e {
        ApiError::Refused { reason, .. } => Some(*reason),
        _ => None,
    };
    let lang = crate::http::requested_lang(headers).unwrap_or(chancery_domain::reference::Lang::Vi);
    let detail = e.message();
    let message = chancery_api::messages::localize(reason.unwrap_or(e.code().as_str()), lang)
        .map_or_else(|| detail.clone(), str::to_owned);
    (
        status(e.code()),
        axum::Json(json!({
            "code": e.code().as_str(),
            "reason": reason,
            "message": message,
            "detail": detail,
        })),
    )
        .into_response()
}

fn file_error(e: FileError) -> ApiError {
    match e {
        FileError::Storage(_)
        | FileError::Corrupt { .. }
        | FileError::Temporary(_)
        | FileError::Ledger(_) => ApiError::internal(e),
        FileError::NotFound { .. } => {
            ApiError::refused(ErrorCode::NotFound, "NO_SUCH_FILE", "no such file")
        }
        FileError::TooLarge { .. } => ApiError::Refused {
            code: ErrorCode::Validation,
            reason: "TOO_LARGE",
            field: Some("file".to_owned()),
            message: e.to_string(),
            retry_after_seconds: None,
        },
        other => ApiError::Refused {
            code: ErrorCode::Validation,
            reason: other.code(),
            field: Some("file".to_owned()),
            message: other.to_string(),
            retry_after_seconds: None,
        },
    }
}

pub(crate) async fn caller(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    read_only: bool,
) -> Result<Guard, ApiError> {
    let info = request_info(headers, peer, &state.trusted_proxies, true, read_only);
    let caller = state.api.authenticate(info).await?;
    if caller.session.is_none() {
        return Err(ApiError::Unauthenticated);
    }
    state.api.load(caller).await
}

#[derive(Deserialize)]
struct UploadQuery {
    name: Option<String>,
}

async fn upload(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<UploadQuery>,
    body: Body,
) -> Response {
    let result = async {
        let guard = caller(&state, &headers, peer, false).await?;
        // Everyone who works here (acts in a position) may upload.
        guard.check(&Action::ViewOrganisation)?;
        let person = guard.person()?;
        let name = query.name.unwrap_or_else(|| "file".to_owned());
        let chunks = body.into_data_stream().map_err(|e| e.to_string());
        chancery_commands::files::upload(
            &state.api.files,
            &state.api.uploads,
            person,
            &name,
            chunks,
            chrono::Utc::now(),
        )
        .await
        .map_err(file_error)
    }
    .await;
    match result {
        Ok(stored) => (
            StatusCode::CREATED,
            axum::Json(json!({
                "sha256": stored.sha256,
                "name": stored.name,
                "mediaType": stored.media_type,
                "size": stored.size,
            })),
        )
            .into_response(),
        Err(e) => error(&e, &headers),
    }
}

#[derive(Deserialize)]
struct DownloadQuery {
    inline: Option<String>,
}

/// `filename*` per RFC 6266/8187, and a plain ASCII fallback.
fn disposition(kind: &str, name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

async fn download(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, sha256)): Path<(String, String)>,
    Query(query): Query<DownloadQuery>,
) -> Response {
    let result = async {
        let guard = caller(&state, &headers, peer, true).await?;
        let id = Uuid::parse_str(&id)
            .map_err(|_| ApiError::invalid("id", "INVALID_ID", "id is not an id"))?;
        let (document, revision) = state.api.commands.document(id).await?;
        let file = if revision.is_some() {
            guard.check(&Action::ReadDocument(&chancery_api::documents::facts(
                &document,
                &state.api.workflows,
            )))?;
            document.files.iter().find(|f| f.sha256 == sha256).cloned()
        } else {
            // An outgoing document: any version's file, or the signed copies.
            let (outgoing, revision) = state.api.commands.outgoing(id).await?;
            if revision.is_none() {
                return Err(ApiError::refused(
                    ErrorCode::NotFound,
                    "NO_SUCH_DOCUMENT",
                    "no such document",
                ));
            }
            // Whoever may open the document (its pool's holders too) reads its files.
            chancery_domain::issuing::may_read(
                &outgoing,
                state
                    .api
                    .workflows
                    .get(&outgoing.definition.0, outgoing.definition.1)
                    .ok()
                    .as_deref(),
                guard.principal.as_ref().ok_or(ApiError::Unauthenticated)?,
                &guard.organisation,
            )?;
            chancery_domain::issuing::carried_files(&outgoing)
                .into_iter()
                .find(|f| f.sha256 == sha256)
                .cloned()
        };
        let file = file.ok_or_else(|| {
            ApiError::refused(ErrorCode::NotFound, "NO_SUCH_FILE", "no such file")
        })?;
        let bytes = state
            .api
            .files
            .get(&file.sha256)
            .await
            .map_err(file_error)?;
        Ok((file, bytes))
    }
    .await;
    match result {
        Ok((file, bytes)) => {
            let previewable =
                file.media_type == "application/pdf" || file.media_type.starts_with("image/");
            let inline = query.inline.is_some_and(|v| v == "1") && previewable;
            let mut response = (StatusCode::OK, bytes).into_response();
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(&file.media_type)
                    .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream")),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                disposition(if inline { "inline" } else { "attachment" }, &file.name),
            );
            h.insert(
                "x-content-type-options",
                HeaderValue::from_static("nosniff"),
            );
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            response
        }
        Err(e) => error(&e, &headers),
    }
}

/// Removes uploads nothing attached, every `every`, until `shutdown` says stop. A failed
/// round is logged and tried again at the next.
pub fn spawn_cleanup(
    files: Arc<FileStore>,
    uploads: Uploads,
    every: Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = shutdown.changed() => return,
            }
            match chancery_files::cleanup::sweep(&files, &uploads, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "unattached uploads removed"),
                Err(e) => tracing::warn!(error = %e, "the cleanup of unattached uploads failed"),
            }
        }
    })
}
