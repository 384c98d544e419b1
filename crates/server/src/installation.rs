//! Records the installation's first event (once, whichever process gets there first).

use chancery_domain::catalogue;
use chancery_domain::events::{DomainEvent as _, encode};
use chancery_domain::ids::InstallationId;
use chancery_domain::system::{INSTALLATION_STREAM, InstallationInitialised};
use chancery_event_store::{
    EventMetadata, EventStore, ExpectedRevision, NewEvent, StoreError, StreamId,
};

/// Appends `system.installation-initialised` unless the installation stream exists.
pub async fn ensure_initialised(store: &dyn EventStore) -> anyhow::Result<()> {
    let stream = StreamId::new(INSTALLATION_STREAM)?;
    let command = uuid::Uuid::now_v7();
    let event = InstallationInitialised {
        installation_id: InstallationId(uuid::Uuid::now_v7()),
        chancery_version: env!("CARGO_PKG_VERSION").to_owned(),
        event_store: store.backend().to_owned(),
    };
    let shape = encode(&event)?;
    debug_assert_eq!(
        catalogue::upcasters().current_version(InstallationInitialised::EVENT_TYPE),
        Some(shape.schema_version)
    );
    let new = NewEvent::new(
        0,
        shape.event_type,
        shape.schema_version,
        shape.payload,
        EventMetadata::for_command(command, None, chrono::Utc::now()),
    );
    match store
        .append(&stream, ExpectedRevision::NoStream, vec![new])
        .await
    {
        Ok(_) => {
            tracing::info!(installation = %event.installation_id, "installation initialised");
            Ok(())
        }
        Err(StoreError::WrongExpectedRevision { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
