//! The GraphQL API: one `MergedObject` part per area, stable error codes in
//! `extensions.code`, depth and complexity limits. Resolvers of queries only call read-model
//! query functions; resolvers of mutations only issue commands. HTTP lives in the server.
//!
//! The committed SDL (`schemas/graphql/schema.graphql`) is what clients generate their types
//! from; a test fails when it is stale.

pub mod error;
pub mod system;

use std::sync::Arc;

use async_graphql::{EmptyMutation, EmptySubscription, MergedObject, Schema};
use chancery_projector::ProjectionEngine;

pub use error::{ApiError, ErrorCode};

/// Deepest query accepted.
pub const MAX_DEPTH: usize = 12;
/// Most expensive query accepted (async-graphql's complexity: one per field by default).
pub const MAX_COMPLEXITY: usize = 1_000;

/// The root query: one part per area.
#[derive(MergedObject, Default)]
pub struct Query(system::SystemQuery);

pub type ChancerySchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// What resolvers reach through the context.
#[derive(Clone)]
pub struct ApiContext {
    pub engine: Arc<ProjectionEngine>,
    /// `postgres` or `kurrentdb`.
    pub event_store: &'static str,
}

/// The schema with its limits and shared context.
pub fn schema(context: ApiContext) -> ChancerySchema {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .data(context)
        .finish()
}

/// The SDL of the schema, as committed in `schemas/graphql/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}
