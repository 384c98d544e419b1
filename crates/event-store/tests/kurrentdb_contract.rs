//! The contract suite on the KurrentDB adapter, against the server `KURRENTDB_URL` names.

mod contract;

use std::sync::Arc;

use chancery_event_store::EventStore;
use chancery_event_store::kurrent::KurrentEventStore;

async fn store() -> Arc<dyn EventStore> {
    let Ok(url) = std::env::var("KURRENTDB_URL") else {
        panic!(
            "KurrentDB contract tests need KURRENTDB_URL pointing at a running KurrentDB server; \
             none can run on these machines"
        );
    };
    match KurrentEventStore::connect(&url) {
        Ok(store) => Arc::new(store),
        Err(error) => panic!("cannot connect to KurrentDB at KURRENTDB_URL: {error}"),
    }
}

contract_tests!(store);
