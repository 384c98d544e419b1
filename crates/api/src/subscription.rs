//! Subscriptions (graphql-transport-ws over WebSocket at `/graphql/ws`).

use std::time::Duration;

use async_graphql::{Context, Subscription as GqlSubscription};
use chancery_domain::access::Action;
use chancery_event_store::GlobalPosition;
use futures::Stream;

use crate::ApiError;
use crate::auth::{api, guard};

pub struct Subscription;

#[GqlSubscription]
impl Subscription {
    /// Emits the `directory` read model's position each time the organisation or the
    /// catalogues changed and the read model shows it, so open screens refresh their trees
    /// and lists.
    async fn organisation_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = String> + use<>> {
        guard(ctx, &Action::ViewOrganisation).await?;
        let api = api(ctx)?;
        let engine = api.engine.clone();
        let commands = api.commands.clone();
        let seen = (
            commands.organisation().await.map_err(ApiError::from)?,
            commands.catalogues().await.map_err(ApiError::from)?,
        );
        let start = engine
            .status()
            .await
            .ok()
            .and_then(|s| s.into_iter().find(|p| p.name == "directory"))
            .map_or(0, |p| p.position);
        Ok(futures::stream::unfold(
            (start, seen),
            move |(mut last, mut seen)| {
                let engine = engine.clone();
                let commands = commands.clone();
                async move {
                    loop {
                        let _ = engine
                            .wait_for(
                                GlobalPosition(last + 1),
                                &["directory"],
                                Duration::from_secs(30),
                            )
                            .await;
                        last = engine
                            .status()
                            .await
                            .ok()
                            .and_then(|s| s.into_iter().find(|p| p.name == "directory"))
                            .map_or(last, |p| p.position);
                        let (Ok(organisation), Ok(catalogues)) =
                            (commands.organisation().await, commands.catalogues().await)
                        else {
                            continue;
                        };
                        let changed = !std::sync::Arc::ptr_eq(&organisation, &seen.0)
                            || !std::sync::Arc::ptr_eq(&catalogues, &seen.1);
                        seen = (organisation, catalogues);
                        if changed {
                            return Some((last.to_string(), (last, seen)));
                        }
                    }
                }
            },
        ))
    }

    /// The caller's inbox badges (in the position they act in): sent at once, then each
    /// time they change — something arrived, was read, or was dealt with.
    async fn inbox_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = crate::documents::InboxCounts> + use<>> {
        let guard = guard(ctx, &Action::ViewOrganisation).await?;
        let api = api(ctx)?;
        let acting = guard
            .principal
            .as_ref()
            .and_then(|p| p.acting.as_ref())
            .ok_or_else(|| {
                ApiError::refused(
                    crate::ErrorCode::Forbidden,
                    "NO_POSITION",
                    "act in a position",
                )
            })?;
        let targets = crate::documents::inbox_targets(&guard.organisation, acting);
        let clearance = guard
            .principal
            .as_ref()
            .map(|p| p.clearance)
            .unwrap_or_default();
        let engine = api.engine.clone();
        let pool = api.pool.clone();
        let position = |engine: std::sync::Arc<chancery_projector::ProjectionEngine>| async move {
            engine
                .status()
                .await
                .ok()
                .and_then(|s| s.into_iter().find(|p| p.name == "inbox"))
                .map_or(0, |p| p.position)
        };
        let start = position(engine.clone()).await;
        Ok(futures::stream::unfold(
            (start, None::<crate::documents::InboxCounts>, true),
            move |(mut last, mut seen, first)| {
                let engine = engine.clone();
                let pool = pool.clone();
                let targets = targets.clone();
                async move {
                    loop {
                        if !first || seen.is_some() {
                            let _ = engine
                                .wait_for(
                                    GlobalPosition(last + 1),
                                    &["inbox"],
                                    Duration::from_secs(30),
                                )
                                .await;
                            last = position(engine.clone()).await.max(last);
                        }
                        let Ok(client) = pool.get().await else {
                            tokio::time::sleep(Duration::from_secs(1)).await;
                            continue;
                        };
                        let Ok((pending, pending_unread, info_unread)) =
                            chancery_read_models::inbox::unread_counts(
                                &**client, &targets, clearance,
                            )
                            .await
                        else {
                            tokio::time::sleep(Duration::from_secs(1)).await;
                            continue;
                        };
                        let counts = crate::documents::InboxCounts {
                            pending,
                            pending_unread,
                            info_unread,
                        };
                        if seen.as_ref() != Some(&counts) {
                            seen = Some(counts.clone());
                            return Some((counts, (last, seen, false)));
                        }
                    }
                }
            },
        ))
    }

    /// What needs the caller ([`crate::home::WorkCounts`], the home page's counts and the
    /// navigation badge), in the position they act in (the socket's `connection_init`
    /// payload may name it as `position`, as `X-Chancery-Position` does over HTTP): sent at
    /// once, then each time it changes. The inbox and outgoing read models announce each
    /// batch they apply, so new work is pushed as soon as it can be listed.
    async fn work_changed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = crate::home::WorkCounts> + use<>> {
        let guard = crate::documents::working(ctx).await?;
        crate::documents::acting(&guard)?;
        let api = api(ctx)?.clone();
        const WATCHED: &[&str] = &["inbox", "outgoing"];
        // How far both read models are: as this process's runners announce it, or as their
        // checkpoints say (runners in another process), whichever is further.
        let position = |engine: std::sync::Arc<chancery_projector::ProjectionEngine>| async move {
            let here = WATCHED
                .iter()
                .map(|n| engine.watch(n).map_or(0, |r| *r.borrow()))
                .min()
                .unwrap_or(0);
            let stored = engine
                .status()
                .await
                .ok()
                .map(|s| {
                    s.into_iter()
                        .filter(|p| WATCHED.contains(&p.name.as_str()))
                        .map(|p| p.position)
                        .min()
                        .unwrap_or(0)
                })
                .unwrap_or(0);
            here.max(stored)
        };
        let start = position(api.engine.clone()).await;
        let guard = std::sync::Arc::new(guard);
        Ok(futures::stream::unfold(
            (start, None::<crate::home::WorkCounts>),
            move |(mut last, mut seen)| {
                let api = api.clone();
                let guard = guard.clone();
                async move {
                    loop {
                        if seen.is_some() {
                            let _ = api
                                .engine
                                .wait_for(
                                    GlobalPosition(last + 1),
                                    WATCHED,
                                    Duration::from_secs(30),
                                )
                                .await;
                            last = position(api.engine.clone()).await.max(last);
                        }
                        let Ok(counts) =
                            crate::home::work_counts(&api, &guard, chrono::Utc::now()).await
                        else {
                            tokio::time::sleep(Duration::from_secs(1)).await;
                            continue;
                        };
                        if seen.as_ref() != Some(&counts) {
                            seen = Some(counts.clone());
                            return Some((counts, (last, seen)));
                        }
                    }
                }
            },
        ))
    }
}
