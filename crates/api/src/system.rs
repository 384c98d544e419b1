//! `serverInfo`: what any client may know about the server (version, event-store backend),
//! used by the web client to check it speaks to a compatible server.

use async_graphql::{Context, Object, SimpleObject};

use crate::ApiContext;

#[derive(Default)]
pub struct SystemQuery;

/// The server a client talks to.
#[derive(SimpleObject)]
pub struct ServerInfo {
    /// Version of the `chancery` binary.
    pub version: String,
    /// Event-store backend: `postgres` or `kurrentdb`.
    pub event_store: String,
}

#[Object]
impl SystemQuery {
    /// Version and backend of this server. Public: contains nothing about any agency.
    async fn server_info(&self, ctx: &Context<'_>) -> async_graphql::Result<ServerInfo> {
        let api = ctx.data::<ApiContext>()?;
        Ok(ServerInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            event_store: api.event_store.to_owned(),
        })
    }
}
