//! Identifier newtypes: parsed once at the edge, never confused with one another.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }
    };
}

uuid_id!(
    /// A person with an account.
    UserId
);
uuid_id!(
    /// A position: a role held in a unit (one person may hold several).
    PositionId
);
uuid_id!(
    /// An agency, unit or department of the organisation tree.
    UnitId
);
uuid_id!(
    /// The id of a command; events derive their ids from it so a retried command is a no-op.
    CommandId
);
uuid_id!(
    /// Ties together every event caused, directly or not, by one user request.
    CorrelationId
);
uuid_id!(
    /// One installation of Chancery (one event store).
    InstallationId
);
uuid_id!(
    /// A delegation of a position (or of its signing power) to another person for a period.
    DelegationId
);
uuid_id!(
    /// A register (sổ): incoming, outgoing or internal, with its own number series.
    RegisterId
);
uuid_id!(
    /// An agency outside the installation, from the external agencies directory.
    ExternalAgencyId
);
uuid_id!(
    /// A browser session or an API token.
    SessionId
);
