//! Parsing what clients send, before any resolver logic: every bad value is a `VALIDATION`
//! error with a stable `reason` and the `field` at fault, never `INTERNAL`.
//!
//! - [`InputErrors`], a schema extension, turns the errors async-graphql raises while it
//!   parses an argument at run time (a date such as `2026-02-30`, an `Int` past 2³¹, a
//!   timestamp it cannot read) into `VALIDATION` with the argument's name, or the innermost
//!   input field's name (`documentDate` inside `input`), and a reason from the type that
//!   failed: `INVALID_DATE`, `INVALID_TIMESTAMP`, `OUT_OF_RANGE`, `INVALID_NUMBER`,
//!   `INVALID_VALUE`. async-graphql raises them without a code and with the field's path,
//!   which the server reports as `INTERNAL`. (Errors of the validation phase, such as an
//!   unknown enum value, have no path: the server already calls them `VALIDATION`.)
//! - The parse functions resolvers route their inputs through: [`search_text`] (the domain's
//!   text rule, so a NUL or a bidi control never reaches PostgreSQL), [`filter_date`],
//!   [`moment`], [`process`], and [`CursorValue`] for what a decoded cursor may carry.

use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextResolve, ResolveInfo,
};
use async_graphql::registry::{MetaType, Registry};
use async_graphql::{Request, ServerError, ServerResult, Value, Variables};
use chancery_domain::text::TextRule;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::error::ApiError;

/// The extension (see the module's doc); one instance per request.
pub struct InputErrors;

impl ExtensionFactory for InputErrors {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(InputErrorsExtension::default())
    }
}

#[derive(Default)]
struct InputErrorsExtension {
    /// The request's variables, to find the field at fault inside an input object.
    variables: Mutex<Option<Variables>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for InputErrorsExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Ok(mut variables) = self.variables.lock() {
            *variables = Some(request.variables.clone());
        }
        next.run(ctx, request).await
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let (parent_type, field_name, field) = (info.parent_type, info.name, info.field);
        match next.run(ctx, info).await {
            Err(error) if is_uncoded(&error) => {
                let Some((name, value)) = field
                    .arguments
                    .iter()
                    .find(|(_, value)| error.locations.contains(&value.pos))
                else {
                    return Err(error);
                };
                let variables = self
                    .variables
                    .lock()
                    .ok()
                    .and_then(|v| v.clone())
                    .unwrap_or_default();
                let value = value
                    .node
                    .clone()
                    .into_const_with(|name| variables.get(&name).cloned().ok_or(()))
                    .unwrap_or(Value::Null);
                Err(argument_error(
                    &ctx.schema_env.registry,
                    parent_type,
                    field_name,
                    name.node.as_str(),
                    &value,
                    error,
                ))
            }
            other => other,
        }
    }
}

fn is_uncoded(error: &ServerError) -> bool {
    error
        .extensions
        .as_ref()
        .is_none_or(|e| e.get("code").is_none())
}

/// The `VALIDATION` error for an argument async-graphql could not parse.
fn argument_error(
    registry: &Registry,
    parent_type: &str,
    field_name: &str,
    argument: &str,
    value: &Value,
    error: ServerError,
) -> ServerError {
    let failing = failing_type(&error.message).unwrap_or_default();
    let reason: &'static str = match failing.as_str() {
        "NaiveDate" => "INVALID_DATE",
        "DateTime" | "NaiveDateTime" => "INVALID_TIMESTAMP",
        "Int" | "Float" if error.message.contains("Only integers") => "OUT_OF_RANGE",
        "Int" | "Float" => "INVALID_NUMBER",
        _ => "INVALID_VALUE",
    };
    let declared = registry
        .types
        .get(parent_type)
        .and_then(|t| t.field_by_name(field_name))
        .and_then(|f| f.args.get(argument))
        .map(|a| a.ty.clone());
    let field = declared
        .and_then(|ty| innermost(registry, &ty, value, &failing))
        .unwrap_or_else(|| argument.to_owned());
    let api = ApiError::invalid(&field, reason, format!("{field}: {}", error.message));
    let mut converted = ServerError::new(api.message(), error.locations.first().copied());
    converted.path = error.path;
    converted.locations = error.locations;
    let graphql: async_graphql::Error = api.into();
    converted.extensions = graphql.extensions;
    converted
}

/// The innermost type named in async-graphql's parse error (`Failed to parse "NaiveDate": …
/// (occurred while parsing "ReceivePaperInput")` names `NaiveDate`).
fn failing_type(message: &str) -> Option<String> {
    let start = message.find('"')? + 1;
    let end = start + message[start..].find('"')?;
    Some(message[start..end].to_owned())
}

/// The name of the innermost input field whose value of type `failing` does not parse, when
/// `ty` is an input object (or a list of them); `None` for a value the argument itself holds.
fn innermost(
    registry: &Registry,
    ty: &str,
    value: &async_graphql::Value,
    failing: &str,
) -> Option<String> {
    let base = ty.trim_end_matches('!');
    if let Some(inner) = base.strip_prefix('[').and_then(|b| b.strip_suffix(']')) {
        let async_graphql::Value::List(items) = value else {
            return None;
        };
        return items
            .iter()
            .find_map(|item| innermost(registry, inner, item, failing));
    }
    let Some(MetaType::InputObject { input_fields, .. }) = registry.types.get(base) else {
        return None;
    };
    let async_graphql::Value::Object(object) = value else {
        return None;
    };
    input_fields.iter().find_map(|(name, field)| {
        let value = object
            .get(name.as_str())
            .cloned()
            .unwrap_or(async_graphql::Value::Null);
        if let Some(deeper) = innermost(registry, &field.ty, &value, failing) {
            return Some(deeper);
        }
        let field_base = field.ty.trim_end_matches('!').trim_matches(['[', ']', '!']);
        (field_base == failing && !parses(failing, &field.ty, &value)).then(|| name.clone())
    })
}

/// Whether `value` parses as a `scalar` (for the scalars whose failures are told apart; any
/// other type is taken as the culprit).
fn parses(scalar: &str, ty: &str, value: &async_graphql::Value) -> bool {
    use async_graphql::Value as V;
    let leaf = |v: &V| match (scalar, v) {
        (_, V::Null) => !ty.ends_with('!'),
        ("NaiveDate", V::String(s)) => s.parse::<NaiveDate>().is_ok(),
        ("DateTime", V::String(s)) => s.parse::<DateTime<Utc>>().is_ok(),
        ("Int", V::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        ("UUID", V::String(s)) => s.parse::<Uuid>().is_ok(),
        _ => false,
    };
    match value {
        V::List(items) if ty.starts_with('[') => items.iter().all(leaf),
        other => leaf(other),
    }
}

/// Words to search or filter by: the domain's text rule (composed, trimmed, at most `max`
/// characters, no control, invisible or text-direction characters); empty is no filter.
pub fn search_text(
    field: &'static str,
    text: Option<String>,
    max: usize,
) -> Result<Option<String>, ApiError> {
    Ok(TextRule::line(field, max).clean_opt(text.as_deref())?)
}

/// A date a list is filtered by (1900-01-01 to 9999-12-31).
pub fn filter_date(
    field: &'static str,
    date: Option<NaiveDate>,
) -> Result<Option<NaiveDate>, ApiError> {
    if let Some(d) = date {
        chancery_domain::value::filter_date(field, d)?;
    }
    Ok(date)
}

/// A moment asked about (1900 to 9999).
pub fn moment(field: &'static str, at: DateTime<Utc>) -> Result<DateTime<Utc>, ApiError> {
    chancery_domain::value::moment(field, at)?;
    Ok(at)
}

/// What a decoded cursor may carry: a crafted cursor could otherwise bring a NUL or a date
/// PostgreSQL cannot hold into a query.
pub trait CursorValue {
    fn plausible(&self) -> bool;
}

macro_rules! always_plausible {
    ($($t:ty),*) => {
        $(impl CursorValue for $t {
            fn plausible(&self) -> bool {
                true
            }
        })*
    };
}

always_plausible!(i16, i32, i64, usize, Uuid);

impl CursorValue for String {
    fn plausible(&self) -> bool {
        self.len() <= 4096 && !self.contains('\0')
    }
}

impl CursorValue for NaiveDate {
    fn plausible(&self) -> bool {
        chancery_domain::value::filter_date("after", *self).is_ok()
    }
}

impl CursorValue for DateTime<Utc> {
    fn plausible(&self) -> bool {
        chancery_domain::value::moment("after", *self).is_ok()
    }
}

impl<T: CursorValue> CursorValue for Option<T> {
    fn plausible(&self) -> bool {
        self.as_ref().is_none_or(CursorValue::plausible)
    }
}

impl<A: CursorValue, B: CursorValue> CursorValue for (A, B) {
    fn plausible(&self) -> bool {
        self.0.plausible() && self.1.plausible()
    }
}

impl<A: CursorValue, B: CursorValue, C: CursorValue> CursorValue for (A, B, C) {
    fn plausible(&self) -> bool {
        self.0.plausible() && self.1.plausible() && self.2.plausible()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_failing_type_is_the_innermost_one_named() {
        assert_eq!(
            failing_type(
                r#"Failed to parse "NaiveDate": input is out of range (occurred while parsing "ReceivePaperInput")"#
            )
            .as_deref(),
            Some("NaiveDate")
        );
        assert_eq!(failing_type("no quotes"), None);
    }

    #[test]
    fn search_text_refuses_nul_and_bidi_controls_and_keeps_vietnamese_and_lao() {
        let reason = |t: &str| match search_text("text", Some(t.to_owned()), 200) {
            Err(ApiError::Refused { reason, field, .. }) => {
                assert_eq!(field.as_deref(), Some("text"));
                reason
            }
            other => panic!("{t:?} gave {other:?}"),
        };
        assert_eq!(reason("a\0b"), "CONTROL_CHARACTERS");
        assert_eq!(reason("Nguyễn \u{202e}FDP.EXE"), "INVALID_CHARACTERS");
        assert_eq!(reason(&"x".repeat(201)), "TOO_LONG");
        assert_eq!(
            search_text("text", Some(" Công văn ".into()), 200).unwrap(),
            Some("Công văn".into())
        );
        assert_eq!(
            search_text("text", Some("ກະຊວງ\u{200b}ພາຍໃນ".into()), 200).unwrap(),
            Some("ກະຊວງພາຍໃນ".into())
        );
        assert_eq!(search_text("text", Some("  ".into()), 200).unwrap(), None);
    }

    #[test]
    fn cursors_with_nul_or_implausible_dates_are_refused() {
        assert!(("a".to_owned(), Uuid::nil()).plausible());
        assert!(!("a\0".to_owned(), Uuid::nil()).plausible());
        assert!(!(NaiveDate::MIN, Uuid::nil(), String::new()).plausible());
        assert!(!(DateTime::<Utc>::MAX_UTC, Uuid::nil()).plausible());
        assert!((0_i16, None::<NaiveDate>, Uuid::nil()).plausible());
    }
}
