//! The catalogue of every event type this build knows: current versions, upcasters, the
//! typed decoding used by loaders and golden-fixture tests, JSON Schemas generated from the
//! Rust types, and one-line summaries for the audit log.

use serde_json::Value;

use crate::cancellation::DocumentCancelled;
use crate::catalogues::{
    CalendarSet, DocumentTypeDefined, ExternalAgencyRecorded, FieldDefined, RegisterDefined,
};
use crate::document::{
    ActionTaken, DocumentRead, DocumentReceived, DocumentRegistered, DocumentReinstated,
    DocumentReopened, DocumentWithdrawn, MetadataUpdated, PartCompleted, SenderNotified,
};
use crate::events::{DomainEvent, EventTypeError, StoredShape, Upcasters, encode};
use crate::identity::{
    AccountLocked, AccountUnlocked, LanguageChosen, LoggedOut, LoginFailed, LoginSucceeded,
    PasswordChanged, SecondFactorChanged, SessionsRevoked,
};
use crate::organisation::{
    DelegationGranted, DelegationRevoked, PersonDeactivated, PersonRegistered, PersonUpdated,
    PositionAssigned, PositionEnded, RoleDefined, UnitCreated, UnitDissolved, UnitMoved,
    UnitUpdated,
};
use crate::outgoing::SourceKept;
use crate::outgoing::{
    DocumentIssued, DocumentSigned, DraftCreated, IssuanceRequested, IssueRecalled, OpinionGiven,
    OpinionsRequested, OutgoingActionTaken, OutgoingNumbered, RecipientsChanged, VersionAdded,
};
use crate::processes::{ProcessActivated, ProcessPublished};
use crate::register::{NumberTaken, OutgoingNumberTaken};
use crate::signing::{
    DocumentSignaturesVerified, SignaturesVerified, SigningKeyRegistered, SigningKeyRevoked,
    TrustAnchorAdded,
};
use crate::system::InstallationInitialised;

macro_rules! catalogue {
    ($($variant:ident),* $(,)?) => {
        /// Every event type and its current schema version.
        pub const EVENT_TYPES: &[(&str, u32)] = &[
            $(($variant::EVENT_TYPE, $variant::SCHEMA_VERSION)),*
        ];

        /// Any known event, typed.
        #[derive(Debug, Clone, PartialEq)]
        pub enum AnyEvent {
            $($variant($variant)),*
        }

        /// Decodes a stored event of any known type (upcasting it first).
        pub fn decode(upcasters: &Upcasters, shape: StoredShape) -> Result<AnyEvent, EventTypeError> {
            match shape.event_type.as_str() {
                $($variant::EVENT_TYPE => upcasters.decode(shape).map(AnyEvent::$variant),)*
                _ => Err(EventTypeError::Shape {
                    event_type: shape.event_type,
                    version: shape.schema_version,
                    reason: "unknown event type".to_owned(),
                }),
            }
        }

        /// Encodes a typed event back into its current stored shape.
        pub fn encode_any(event: &AnyEvent) -> Result<StoredShape, serde_json::Error> {
            match event {
                $(AnyEvent::$variant(e) => encode(e),)*
            }
        }

        /// The JSON Schema of the current version of every event type, generated from the
        /// Rust types (the golden test compares them with `schemas/events/`).
        pub fn current_schemas() -> Vec<(&'static str, u32, Value)> {
            vec![$((
                $variant::EVENT_TYPE,
                $variant::SCHEMA_VERSION,
                schema_of::<$variant>($variant::EVENT_TYPE, $variant::SCHEMA_VERSION),
            )),*]
        }

        $(impl From<$variant> for AnyEvent {
            fn from(event: $variant) -> Self {
                Self::$variant(event)
            }
        })*
    };
}

catalogue!(
    InstallationInitialised,
    UnitCreated,
    UnitUpdated,
    UnitMoved,
    UnitDissolved,
    RoleDefined,
    PersonRegistered,
    PersonUpdated,
    PersonDeactivated,
    PositionAssigned,
    PositionEnded,
    DelegationGranted,
    DelegationRevoked,
    DocumentTypeDefined,
    FieldDefined,
    ExternalAgencyRecorded,
    RegisterDefined,
    CalendarSet,
    ProcessPublished,
    ProcessActivated,
    LoginSucceeded,
    LoginFailed,
    AccountLocked,
    AccountUnlocked,
    LoggedOut,
    SessionsRevoked,
    PasswordChanged,
    SecondFactorChanged,
    LanguageChosen,
    DocumentReceived,
    DocumentRegistered,
    MetadataUpdated,
    ActionTaken,
    DocumentRead,
    DocumentReopened,
    PartCompleted,
    DocumentCancelled,
    DocumentWithdrawn,
    DocumentReinstated,
    SenderNotified,
    NumberTaken,
    OutgoingNumberTaken,
    DraftCreated,
    VersionAdded,
    OutgoingActionTaken,
    DocumentSigned,
    OutgoingNumbered,
    IssuanceRequested,
    DocumentIssued,
    IssueRecalled,
    RecipientsChanged,
    SourceKept,
    OpinionsRequested,
    OpinionGiven,
    SignaturesVerified,
    DocumentSignaturesVerified,
    SigningKeyRegistered,
    SigningKeyRevoked,
    TrustAnchorAdded,
);

fn schema_of<E: schemars::JsonSchema>(event_type: &str, version: u32) -> Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<E>();
    let mut value = serde_json::to_value(schema).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert(
            "$id".to_owned(),
            Value::String(format!(
                "https://chancery.example/schemas/events/{event_type}/v{version}.schema.json"
            )),
        );
        map.insert(
            "title".to_owned(),
            Value::String(format!("{event_type} v{version}")),
        );
        map.insert(
            "$comment".to_owned(),
            Value::String("Generated from the Rust type; never edit a shipped version.".to_owned()),
        );
    }
    value
}

/// The upcasters of every shipped event type.
pub fn upcasters() -> Upcasters {
    EVENT_TYPES
        .iter()
        .fold(Upcasters::new(), |u, (t, v)| u.current(t, *v))
        // v1 → v2: `sender_agency` is new and optional; a v1 document had none.
        .step(DocumentReceived::EVENT_TYPE, 1, Ok)
        // v1 → v2: `country` is new and optional; a v1 unit named none (it inherits).
        .step(UnitCreated::EVENT_TYPE, 1, Ok)
}

/// A short, language-neutral summary of an event for the audit log. Screens render their
/// own localised text from the type and payload; this one is for auditors' exports and logs.
pub fn summarize(event_type: &str, payload: &Value) -> String {
    let text = |key: &str| {
        payload
            .get(key)
            .map(|v| match v {
                Value::String(s) => s.clone(),
                Value::Null => "-".to_owned(),
                other => other.to_string(),
            })
            .unwrap_or_else(|| "?".to_owned())
    };
    match event_type {
        InstallationInitialised::EVENT_TYPE => format!(
            "Installation {} initialised by chancery {} on {}",
            text("installation_id"),
            text("chancery_version"),
            text("event_store")
        ),
        UnitCreated::EVENT_TYPE => format!(
            "{} {} ({}) created under {}",
            text("kind"),
            text("name"),
            text("code"),
            text("parent_id")
        ),
        UnitUpdated::EVENT_TYPE => format!(
            "Unit {} is now {} ({})",
            text("unit_id"),
            text("name"),
            text("code")
        ),
        UnitMoved::EVENT_TYPE => {
            format!("Unit {} moved under {}", text("unit_id"), text("parent_id"))
        }
        UnitDissolved::EVENT_TYPE => format!("Unit {} dissolved", text("unit_id")),
        RoleDefined::EVENT_TYPE => format!("Role {} defined", text("code")),
        PersonRegistered::EVENT_TYPE => format!(
            "Person {} ({}) registered",
            text("full_name"),
            text("username")
        ),
        PersonUpdated::EVENT_TYPE => format!("Person {} updated", text("person_id")),
        PersonDeactivated::EVENT_TYPE => format!("Person {} deactivated", text("person_id")),
        PositionAssigned::EVENT_TYPE => format!(
            "Person {} took role {} in unit {}",
            text("person_id"),
            text("role"),
            text("unit_id")
        ),
        PositionEnded::EVENT_TYPE => format!("Position {} ended", text("position_id")),
        DelegationGranted::EVENT_TYPE => format!(
            "Position {} delegated ({}, {}) to {} from {} to {}",
            text("position_id"),
            text("scope"),
            text("authority"),
            text("delegate_id"),
            text("starts_at"),
            text("ends_at")
        ),
        DelegationRevoked::EVENT_TYPE => format!("Delegation {} revoked", text("delegation_id")),
        DocumentTypeDefined::EVENT_TYPE => format!("Document type {} defined", text("code")),
        FieldDefined::EVENT_TYPE => format!("Field {} defined", text("code")),
        ExternalAgencyRecorded::EVENT_TYPE => format!("External agency {} recorded", text("name")),
        RegisterDefined::EVENT_TYPE => format!(
            "{} register {} ({}) defined",
            text("kind"),
            text("name"),
            text("code")
        ),
        CalendarSet::EVENT_TYPE => {
            format!("Working calendar {} {} set", text("country"), text("year"))
        }
        ProcessPublished::EVENT_TYPE => format!(
            "Process {} version {} published",
            payload
                .pointer("/definition/id")
                .and_then(Value::as_str)
                .unwrap_or("?"),
            payload
                .pointer("/definition/version")
                .map_or_else(|| "?".to_owned(), Value::to_string)
        ),
        ProcessActivated::EVENT_TYPE => format!(
            "Process {} version {} in force from {} in {}",
            text("process"),
            text("version"),
            text("from"),
            payload
                .get("unit_id")
                .and_then(Value::as_str)
                .unwrap_or("the whole agency")
        ),
        LoginSucceeded::EVENT_TYPE => {
            format!("Login of {} from {}", text("person_id"), client(payload))
        }
        LoginFailed::EVENT_TYPE => format!(
            "Failed login as {} ({}, {} in a row) from {}",
            text("username"),
            text("reason"),
            text("failed_count"),
            client(payload)
        ),
        AccountLocked::EVENT_TYPE => format!(
            "Account {} locked until {}",
            text("person_id"),
            text("until")
        ),
        AccountUnlocked::EVENT_TYPE => format!("Account {} unlocked", text("person_id")),
        LoggedOut::EVENT_TYPE => format!("Logout of {}", text("person_id")),
        SessionsRevoked::EVENT_TYPE => format!(
            "{} sessions of {} revoked",
            text("count"),
            text("person_id")
        ),
        PasswordChanged::EVENT_TYPE => {
            format!("Password of {} set ({})", text("person_id"), text("how"))
        }
        LanguageChosen::EVENT_TYPE => format!(
            "Interface language of {} set to {}",
            text("person_id"),
            text("language")
        ),
        SecondFactorChanged::EVENT_TYPE => format!(
            "Second factor of {} {}",
            text("person_id"),
            if payload.get("enabled") == Some(&Value::Bool(true)) {
                "enabled"
            } else {
                "disabled"
            }
        ),
        DocumentReceived::EVENT_TYPE => format!(
            "Document {} of {} received ({})",
            payload
                .pointer("/metadata/number_notation")
                .and_then(Value::as_str)
                .unwrap_or("?"),
            payload
                .pointer("/metadata/issuing_body")
                .and_then(Value::as_str)
                .unwrap_or("?"),
            text("channel")
        ),
        DocumentRegistered::EVENT_TYPE => format!(
            "Document {} registered as number {} of {}",
            text("document_id"),
            text("number"),
            text("year")
        ),
        MetadataUpdated::EVENT_TYPE => {
            format!("Metadata of document {} updated", text("document_id"))
        }
        ActionTaken::EVENT_TYPE => format!(
            "{} on document {}: {} → {}",
            text("action"),
            text("document_id"),
            text("from_step"),
            text("to_step")
        ),
        DocumentRead::EVENT_TYPE => format!("Document {} opened", text("document_id")),
        DocumentReopened::EVENT_TYPE => format!(
            "Document {} re-opened at {} (refused by unit {})",
            text("document_id"),
            text("step"),
            text("child_unit_id")
        ),
        PartCompleted::EVENT_TYPE => format!(
            "Co-handler {} completed their part of document {}",
            payload
                .pointer("/by/position")
                .and_then(Value::as_str)
                .unwrap_or("?"),
            text("document_id")
        ),
        DocumentCancelled::EVENT_TYPE => format!(
            "Document {} cancelled before registration: {}",
            text("document_id"),
            text("note")
        ),
        DocumentWithdrawn::EVENT_TYPE => format!(
            "Copy {} withdrawn: outgoing document {} recalled",
            text("document_id"),
            text("outgoing_id")
        ),
        DocumentReinstated::EVENT_TYPE => format!(
            "Copy {} back at {}: the recall of outgoing document {} was refused",
            text("document_id"),
            text("step"),
            text("outgoing_id")
        ),
        SenderNotified::EVENT_TYPE => format!(
            "Agency {} told that document {} was {}",
            text("agency_id"),
            text("number_notation"),
            text("status")
        ),
        NumberTaken::EVENT_TYPE => format!(
            "Number {} of register {} ({}) given to document {}",
            text("number"),
            text("register_id"),
            text("year"),
            text("document_id")
        ),
        OutgoingNumberTaken::EVENT_TYPE => format!(
            "Number {} of outgoing register {} ({}) given to document {}",
            text("number"),
            text("register_id"),
            text("year"),
            text("document_id")
        ),
        DraftCreated::EVENT_TYPE => format!(
            "Draft {} created ({})",
            text("document_id"),
            text("definition")
        ),
        VersionAdded::EVENT_TYPE => format!(
            "Version {} of draft {}",
            text("version"),
            text("document_id")
        ),
        OutgoingActionTaken::EVENT_TYPE => format!(
            "{} on draft {}: {} → {}",
            text("action"),
            text("document_id"),
            text("from_step"),
            text("to_step")
        ),
        DocumentSigned::EVENT_TYPE => format!(
            "{} signature on document {} by {} (certificate {})",
            text("kind"),
            text("document_id"),
            text("signer_name"),
            text("certificate_serial")
        ),
        OutgoingNumbered::EVENT_TYPE => format!(
            "Document {} numbered {}",
            text("document_id"),
            text("number_notation")
        ),
        IssuanceRequested::EVENT_TYPE => format!(
            "Issuance of document {} asked for ({})",
            text("document_id"),
            text("action")
        ),
        DocumentIssued::EVENT_TYPE => format!(
            "Document {} issued to {} recipients",
            text("number_notation"),
            payload
                .get("deliveries")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        ),
        IssueRecalled::EVENT_TYPE => format!("Issued document {} recalled", text("document_id")),
        RecipientsChanged::EVENT_TYPE => format!(
            "Recipients of document {} changed: {} added, {} removed",
            text("document_id"),
            payload
                .get("added")
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
            payload
                .get("removed")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        ),
        SourceKept::EVENT_TYPE => format!(
            "Version {} of draft {} converted from {}",
            text("version"),
            text("document_id"),
            payload
                .pointer("/source/name")
                .and_then(Value::as_str)
                .unwrap_or("?")
        ),
        OpinionsRequested::EVENT_TYPE => {
            format!("Opinions asked on document {}", text("document_id"))
        }
        OpinionGiven::EVENT_TYPE => format!("Opinion given on document {}", text("document_id")),
        DocumentSignaturesVerified::EVENT_TYPE | SignaturesVerified::EVENT_TYPE => format!(
            "Signatures of file {} of document {} verified ({} signatures)",
            text("file_name"),
            text("document_id"),
            payload
                .get("signatures")
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        ),
        SigningKeyRegistered::EVENT_TYPE => format!(
            "Signing key {} registered ({})",
            text("key_id"),
            payload
                .pointer("/certificate/subject")
                .and_then(Value::as_str)
                .unwrap_or("?")
        ),
        SigningKeyRevoked::EVENT_TYPE => format!("Signing key {} revoked", text("key_id")),
        TrustAnchorAdded::EVENT_TYPE => format!(
            "Trust anchor added ({})",
            payload
                .pointer("/certificate/subject")
                .and_then(Value::as_str)
                .unwrap_or("?")
        ),
        other => other.to_owned(),
    }
}

fn client(payload: &Value) -> String {
    payload
        .pointer("/client/ip")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_owned()
}
