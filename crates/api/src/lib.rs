//! The GraphQL API: one `MergedObject` part per area, stable error codes in
//! `extensions.code`, depth and complexity limits (and [`limits`]: one login per request,
//! page sizes counted, introspection for logged-in callers), Relay-style cursor connections.
//! Resolvers of queries only call read-model query functions (or the organisation the
//! access decision was made on); resolvers of mutations only issue commands. Every resolver
//! first asks [`auth::guard`] for permission. HTTP lives in the server.
//!
//! The committed SDL (`schemas/graphql/schema.graphql`) is what clients generate their types
//! from; a test fails when it is stale.

pub mod actions;
pub mod audit;
pub mod auth;
pub mod catalogues;
pub mod documents;
pub mod error;
pub mod history;
pub mod home;
pub mod identity;
pub mod input;
pub mod limits;
pub mod messages;
pub mod organisation;
pub mod outgoing;
pub mod outgoing_export;
pub mod processes;
pub mod signing;
pub mod subscription;
pub mod supervision;
pub mod system;

use std::sync::Arc;
use std::time::Duration;

use async_graphql::{MergedObject, Schema, SimpleObject};
use chancery_commands::Commands;
use chancery_domain::reference::Lang;
use chancery_event_store::GlobalPosition;
use chancery_identity::CredentialStore;
use chancery_projector::ProjectionEngine;

pub use error::{ApiError, ErrorCode};

/// Deepest query accepted.
pub const MAX_DEPTH: usize = 12;
/// Most expensive query accepted (async-graphql's complexity: one per field by default).
pub const MAX_COMPLEXITY: usize = 1_000;
/// How long a mutation waits for the read models to show its write before answering.
pub const READ_YOUR_WRITES: Duration = Duration::from_secs(5);

/// How many links of a chain of effects a mutation follows before answering (a write, what
/// the reactions made of it, what they made of that, …).
const EFFECT_CHAIN: usize = 4;
/// The read models a mutation of this API can change.
pub const WRITTEN_PROJECTIONS: &[&str] = &["directory", "usage_log"];

/// The root query: one part per area.
#[derive(MergedObject, Default)]
pub struct Query(
    system::SystemQuery,
    identity::IdentityQuery,
    organisation::OrganisationQuery,
    catalogues::CatalogueQuery,
    documents::DocumentsQuery,
    audit::AuditQuery,
    supervision::SupervisionQuery,
    outgoing::OutgoingQuery,
    signing::SigningQuery,
    history::HistoryQuery,
    processes::ProcessQuery,
    home::HomeQuery,
);

/// The root mutation: one part per area.
#[derive(MergedObject, Default)]
pub struct Mutation(
    identity::IdentityMutation,
    organisation::OrganisationMutation,
    catalogues::CatalogueMutation,
    documents::DocumentsMutation,
    outgoing::OutgoingMutation,
    signing::SigningMutation,
    processes::ProcessMutation,
);

pub type ChancerySchema = Schema<Query, Mutation, subscription::Subscription>;

/// Settings of the API that come from the server's configuration, and the in-process
/// guards of password checking they configure.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// Mark the session cookie `Secure` (the server is reached over HTTPS).
    pub secure_cookies: bool,
    /// Describe the schema (introspection) to anonymous callers too; by default only
    /// logged-in callers may introspect (see [`limits`]).
    pub public_introspection: bool,
    /// Failed password attempts per client address (password spraying is throttled).
    pub address_throttle: Arc<chancery_identity::Throttle>,
    /// The bound on concurrent password hashing.
    pub password_work: chancery_identity::PasswordWork,
    /// Folders signed checkpoints of history are also written to (the latest is looked for
    /// there too).
    pub checkpoint_witnesses: Vec<std::path::PathBuf>,
}

impl Default for ApiSettings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            public_introspection: false,
            address_throttle: Arc::new(chancery_identity::Throttle::new(
                chancery_identity::ThrottleRule::default(),
            )),
            password_work: chancery_identity::PasswordWork::default(),
            checkpoint_witnesses: Vec::new(),
        }
    }
}

/// What resolvers reach through the context.
#[derive(Clone)]
pub struct ApiContext {
    pub engine: Arc<ProjectionEngine>,
    /// The reactions carrying out what writes call for (copies, re-opened parents…).
    pub reactions: Arc<chancery_projector::ReactionEngine>,
    /// `postgres` or `kurrentdb`.
    pub event_store: &'static str,
    pub commands: Arc<Commands>,
    pub credentials: CredentialStore,
    /// The read models' database.
    pub pool: deadpool_postgres::Pool,
    pub settings: ApiSettings,
    /// The process definitions documents run.
    pub workflows: Arc<chancery_commands::documents::Workflows>,
    /// Attachments, by content hash.
    pub files: Arc<chancery_files::FileStore>,
    /// Who uploaded which file, and which files are attached (what may be attached by hash).
    pub uploads: chancery_files::Uploads,
    /// The master key sealing signing keys.
    pub signing: Arc<signing::Vault>,
}

/// Where a write landed: clients may pass `position` to wait for it. By the time a
/// mutation answers, what the write calls for (copies to units, a re-opened parent…) is
/// done, unless `queued` is true, and the read models show it all, unless `visible` is
/// false.
#[derive(SimpleObject, Debug, Clone)]
pub struct Written {
    /// Global position of the write's last event, or of the last effect carried out for
    /// it (null when nothing changed).
    pub position: Option<String>,
    /// The read models show the write (and its effects, unless `queued`).
    pub visible: bool,
    /// What the write calls for is still being carried out: it will be done (it is
    /// recorded), but was not within the wait.
    pub queued: bool,
}

impl ApiContext {
    /// The signing engine over this context's commands, file store and vault.
    pub fn signatures(&self) -> chancery_commands::signatures::Signatures<'_> {
        chancery_commands::signatures::Signatures {
            commands: &self.commands,
            files: &self.files,
            vault: &self.signing,
        }
    }

    /// The incoming documents' use cases.
    pub fn incoming(&self) -> chancery_commands::incoming::Incoming<'_> {
        chancery_commands::incoming::Incoming {
            commands: &self.commands,
            workflows: &self.workflows,
            files: &self.files,
            uploads: &self.uploads,
        }
    }

    /// The outgoing documents' use cases.
    pub fn outgoing(&self) -> chancery_commands::outgoing::cases::OutgoingCases<'_> {
        chancery_commands::outgoing::cases::OutgoingCases {
            commands: &self.commands,
            workflows: &self.workflows,
            files: &self.files,
            uploads: &self.uploads,
            vault: &self.signing,
            confirmations: self.confirmations(),
        }
    }

    /// What checks a person's confirmation before a server-held key is used.
    pub fn confirmations(&self) -> chancery_commands::signing::Confirmations<'_> {
        chancery_commands::signing::Confirmations {
            credentials: &self.credentials,
            work: &self.settings.password_work,
        }
    }

    /// Waits (bounded) until the read models show a write at `position`.
    pub async fn written(&self, position: Option<GlobalPosition>) -> Result<Written, ApiError> {
        Ok(self.settled(position, WRITTEN_PROJECTIONS).await)
    }

    /// Waits (bounded) until the reactions have carried out what a write at `position`
    /// calls for, then until `projections` show the write and those effects.
    pub async fn settled(&self, position: Option<GlobalPosition>, projections: &[&str]) -> Written {
        let Some(position) = position else {
            return Written {
                position: None,
                visible: true,
                queued: false,
            };
        };
        // Effects may have effects (an issuance asked for, then made, then its copies): the
        // reactions are followed along that chain, within the one time budget.
        let started = std::time::Instant::now();
        let mut shown = position;
        let mut queued = false;
        for _ in 0..EFFECT_CHAIN {
            let left = READ_YOUR_WRITES.saturating_sub(started.elapsed());
            match self.reactions.wait_for(shown, left).await {
                Ok(effects) if effects > shown => shown = effects,
                Ok(_) => break,
                Err(_) => {
                    queued = true;
                    break;
                }
            }
        }
        let visible = self
            .engine
            .wait_for(shown, projections, READ_YOUR_WRITES)
            .await
            .is_ok();
        Written {
            position: Some(shown.0.to_string()),
            visible,
            queued,
        }
    }

    /// A connection for read-model queries.
    pub async fn read_client(&self) -> Result<deadpool_postgres::Object, ApiError> {
        self.pool.get().await.map_err(ApiError::internal)
    }
}

/// A connection over a list already in memory (catalogues and other bounded lists): the
/// cursor is the position in the list.
pub fn paged<T: async_graphql::OutputType>(
    items: Vec<T>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<
    async_graphql::connection::Connection<
        async_graphql::connection::OpaqueCursor<usize>,
        T,
        TotalCount,
        async_graphql::connection::EmptyFields,
    >,
    ApiError,
> {
    use async_graphql::connection::{Connection, Edge, OpaqueCursor};
    let start = decode_after::<usize>(after.as_deref())?.map_or(0, |i| i + 1);
    let limit = usize::try_from(first.unwrap_or(100).clamp(1, 500)).unwrap_or(100);
    let total = items.len();
    let mut connection = Connection::with_additional_fields(
        start > 0,
        start.saturating_add(limit) < total,
        TotalCount {
            total_count: i64::try_from(total).unwrap_or(i64::MAX),
        },
    );
    connection.edges.extend(
        items
            .into_iter()
            .enumerate()
            .skip(start)
            .take(limit)
            .map(|(i, item)| Edge::new(OpaqueCursor(i), item)),
    );
    Ok(connection)
}

/// The size of the whole list a connection pages through (for "page 3 of 12" and counts).
#[derive(async_graphql::SimpleObject)]
pub struct TotalCount {
    pub total_count: i64,
}

/// The documents the caller may read, as every list, book and search filters them: the
/// domain's `access::read_scope` of the acting principal, in the read models' form.
pub(crate) fn read_scope(
    guard: &auth::Guard,
) -> Result<chancery_read_models::search::SearchScope, ApiError> {
    let principal = guard.principal.as_ref().ok_or(ApiError::Unauthenticated)?;
    Ok(chancery_read_models::search::SearchScope::of(
        &chancery_domain::access::read_scope(principal, &guard.organisation),
    ))
}

/// The position an `after` cursor names, or a VALIDATION error on the `after` field (also
/// for a well-formed cursor carrying a NUL or an implausible date).
pub fn decode_after<T>(after: Option<&str>) -> Result<Option<T>, ApiError>
where
    async_graphql::connection::OpaqueCursor<T>: async_graphql::connection::CursorType,
    T: input::CursorValue,
{
    use async_graphql::connection::{CursorType as _, OpaqueCursor};
    after
        .map(|text| {
            OpaqueCursor::<T>::decode_cursor(text)
                .ok()
                .map(|c| c.0)
                .filter(input::CursorValue::plausible)
                .ok_or_else(|| {
                    ApiError::invalid("after", "INVALID_CURSOR", "the cursor is not valid")
                })
        })
        .transpose()
}

/// A connection over an in-memory list.
pub type ListConnection<T> = async_graphql::connection::Connection<
    async_graphql::connection::OpaqueCursor<usize>,
    T,
    TotalCount,
    async_graphql::connection::EmptyFields,
>;

/// The name in the request's language.
pub fn pick(lang: Lang, vi: &str, en: &str, lo: &str) -> String {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
        Lang::Lo => lo,
    }
    .to_owned()
}

fn builder() -> async_graphql::SchemaBuilder<Query, Mutation, subscription::Subscription> {
    Schema::build(
        Query::default(),
        Mutation::default(),
        subscription::Subscription,
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .extension(limits::RequestLimits)
    .extension(input::InputErrors)
}

/// The schema with its limits and shared context.
pub fn schema(context: ApiContext) -> ChancerySchema {
    builder().data(context).finish()
}

/// The SDL of the schema, as committed in `schemas/graphql/schema.graphql`.
pub fn sdl() -> String {
    builder().finish().sdl()
}
