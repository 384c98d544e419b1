//! Catch-up subscriptions to `$all`: read from a checkpoint until caught up, then tail live.
//!
//! [`Subscription::spawn_polling`] builds one for any adapter on top of `read_all` and
//! `wait_for_events`; the events arrive in position order, each exactly once.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::envelope::{GlobalPosition, RecordedEvent};
use crate::port::{EventStore, StoreError};

/// Events per read while catching up.
const PAGE: usize = 512;
/// Longest wait between two reads when nothing announces new events.
const IDLE_POLL: Duration = Duration::from_millis(250);

/// A live subscription. Dropping it stops the reader.
#[derive(Debug)]
pub struct Subscription {
    receiver: mpsc::Receiver<Result<RecordedEvent, StoreError>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Subscription {
    /// Wraps a channel fed by an adapter's own reader task.
    pub fn from_channel(
        receiver: mpsc::Receiver<Result<RecordedEvent, StoreError>>,
        task: tokio::task::JoinHandle<()>,
    ) -> Self {
        Self {
            receiver,
            task: Some(task),
        }
    }

    /// A subscription that pages through `read_all` and waits with `wait_for_events`.
    /// Transient errors are retried with back-off; a permanent error ends the subscription
    /// after being delivered.
    pub fn spawn_polling<S: EventStore + ?Sized>(store: Arc<S>, after: GlobalPosition) -> Self {
        let (tx, rx) = mpsc::channel(PAGE * 2);
        let task = tokio::spawn(async move {
            let mut position = after;
            let mut backoff = Duration::from_millis(50);
            loop {
                match store.read_all(position, PAGE).await {
                    Ok(events) if events.is_empty() => {
                        backoff = Duration::from_millis(50);
                        tokio::select! {
                            () = store.wait_for_events(position, IDLE_POLL) => {}
                            () = tx.closed() => return,
                        }
                    }
                    Ok(events) => {
                        backoff = Duration::from_millis(50);
                        for event in events {
                            position = event.global_position;
                            if tx.send(Ok(event)).await.is_err() {
                                return;
                            }
                        }
                    }
                    Err(error) if error.is_transient() => {
                        tracing::warn!(%error, "subscription read failed; retrying");
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(5));
                    }
                    Err(error) => {
                        let _ = tx.send(Err(error)).await;
                        return;
                    }
                }
            }
        });
        Self::from_channel(rx, task)
    }

    /// The next event; `None` once the subscription has ended.
    pub async fn next(&mut self) -> Option<Result<RecordedEvent, StoreError>> {
        self.receiver.recv().await
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
