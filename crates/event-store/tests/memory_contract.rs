//! The contract suite on the in-memory adapter.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod contract;

use std::sync::Arc;

use chancery_event_store::EventStore;
use chancery_event_store::memory::MemoryEventStore;

async fn store() -> Arc<dyn EventStore> {
    Arc::new(MemoryEventStore::new())
}

contract_tests!(store);
