//! Events about the installation itself.

use serde::{Deserialize, Serialize};

use crate::events::DomainEvent;
use crate::ids::InstallationId;

/// The event store of an installation was set up: the first event it ever holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstallationInitialised {
    pub installation_id: InstallationId,
    /// Version of the `chancery` binary that set it up.
    pub chancery_version: String,
    /// Which adapter holds the events: `postgres` or `kurrentdb`.
    pub event_store: String,
}

impl DomainEvent for InstallationInitialised {
    const EVENT_TYPE: &'static str = "system.installation-initialised";
    const SCHEMA_VERSION: u32 = 1;
}

/// Stream holding the installation's own events.
pub const INSTALLATION_STREAM: &str = "system-installation";
