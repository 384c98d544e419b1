//! Errors as clients see them: a message and a stable code in `extensions.code`. Internal
//! causes are logged, never returned.

use async_graphql::ErrorExtensions;

/// The stable codes clients switch on (and translate into the user's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    Validation,
    RateLimited,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::Conflict => "CONFLICT",
            Self::Validation => "VALIDATION",
            Self::RateLimited => "RATE_LIMITED",
            Self::Internal => "INTERNAL",
        }
    }
}

/// An error a resolver returns. Deliberately not `Display`: async-graphql turns any `Display`
/// into an error without a code, and every error a client sees must carry one. `?` on an
/// `ApiError` goes through the `From` below.
#[derive(Debug)]
pub enum ApiError {
    Unauthenticated,
    Forbidden,
    NotFound(String),
    Conflict(String),
    /// Bad input; `field` names the input field when there is one.
    Validation {
        field: Option<String>,
        message: String,
    },
    /// A refusal with a stable `reason` (e.g. `CYCLE`, `ACCOUNT_LOCKED`) clients and
    /// translations key on.
    Refused {
        code: ErrorCode,
        reason: &'static str,
        field: Option<String>,
        message: String,
        /// For `RATE_LIMITED`: seconds until trying again makes sense.
        retry_after_seconds: Option<i64>,
    },
    /// Anything else: the cause is logged, the client sees a generic message.
    Internal(String),
    /// A refusal naming facts (such as who acted and when, for `RECIPIENT_ACTED`), each an
    /// extension beside the refusal's own.
    Explained {
        refusal: Box<ApiError>,
        facts: Vec<(&'static str, String)>,
    },
}

impl ApiError {
    /// The message clients see (English; clients translate by `code`).
    pub fn message(&self) -> String {
        match self {
            Self::Unauthenticated => "sign in first".to_owned(),
            Self::Forbidden => "not allowed".to_owned(),
            Self::NotFound(what) => format!("{what} not found"),
            Self::Conflict(message)
            | Self::Validation { message, .. }
            | Self::Refused { message, .. } => message.clone(),
            Self::Internal(_) => "internal error".to_owned(),
            Self::Explained { refusal, .. } => refusal.message(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Validation { .. } => ErrorCode::Validation,
            Self::Refused { code, .. } => *code,
            Self::Internal(_) => ErrorCode::Internal,
            Self::Explained { refusal, .. } => refusal.code(),
        }
    }

    /// The refusal with the names of the people its facts name, as `organisation` knows
    /// them: `actedByName` beside `actedBy` (and the English message says who).
    #[must_use]
    pub fn naming(self, organisation: &chancery_domain::organisation::Organisation) -> Self {
        let (refusal, mut facts) = match self {
            Self::Explained { refusal, facts } => (refusal, facts),
            other => return other,
        };
        let name = facts
            .iter()
            .find(|(k, _)| *k == "actedBy")
            .and_then(|(_, v)| uuid::Uuid::parse_str(v).ok())
            .and_then(|id| organisation.people.get(&chancery_domain::ids::UserId(id)))
            .map(|p| p.full_name.clone());
        let refusal = match (*refusal, &name) {
            (
                Self::Refused {
                    code,
                    reason,
                    field,
                    message,
                    retry_after_seconds,
                },
                Some(name),
            ) => Self::Refused {
                code,
                reason,
                field,
                message: format!("{message} (acted: {name})"),
                retry_after_seconds,
            },
            (other, _) => other,
        };
        if let Some(name) = name {
            facts.push(("actedByName", name));
        }
        Self::Explained {
            refusal: Box::new(refusal),
            facts,
        }
    }

    /// A refusal with a reason and no field.
    pub fn refused(code: ErrorCode, reason: &'static str, message: impl Into<String>) -> Self {
        Self::Refused {
            code,
            reason,
            field: None,
            message: message.into(),
            retry_after_seconds: None,
        }
    }

    /// Bad input in `field`, with a reason.
    pub fn invalid(field: &str, reason: &'static str, message: impl Into<String>) -> Self {
        Self::Refused {
            code: ErrorCode::Validation,
            reason,
            field: Some(field.to_owned()),
            message: message.into(),
            retry_after_seconds: None,
        }
    }

    /// Logs an internal cause and returns the error clients see.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let cause = cause.to_string();
        tracing::error!(%cause, "internal error in a resolver");
        Self::Internal(cause)
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let Self::Explained { refusal, facts } = self {
            let mut error = refusal.extend();
            for (key, value) in facts {
                let (key, value) = (*key, value.clone());
                error = error.extend_with(move |_, e| e.set(key, value.as_str()));
            }
            return error;
        }
        let mut error = async_graphql::Error::new(self.message());
        error = error.extend_with(|_, e| e.set("code", self.code().as_str()));
        let field = match self {
            Self::Validation { field, .. } | Self::Refused { field, .. } => field.clone(),
            _ => None,
        };
        if let Some(field) = field {
            error = error.extend_with(move |_, e| e.set("field", field.as_str()));
        }
        if let Self::Refused {
            reason,
            retry_after_seconds,
            ..
        } = self
        {
            let reason = *reason;
            error = error.extend_with(move |_, e| e.set("reason", reason));
            if let Some(seconds) = *retry_after_seconds {
                error = error.extend_with(move |_, e| e.set("retryAfterSeconds", seconds));
            }
        }
        error
    }
}

impl From<chancery_domain::DomainError> for ApiError {
    fn from(error: chancery_domain::DomainError) -> Self {
        use chancery_domain::ErrorKind;
        let code = match error.kind {
            ErrorKind::Validation => ErrorCode::Validation,
            ErrorKind::Conflict => ErrorCode::Conflict,
            ErrorKind::NotFound => ErrorCode::NotFound,
            ErrorKind::Forbidden => ErrorCode::Forbidden,
        };
        let refusal = Self::Refused {
            code,
            reason: error.code,
            field: error.field.map(str::to_owned),
            message: error.detail,
            retry_after_seconds: None,
        };
        if error.facts.is_empty() {
            refusal
        } else {
            Self::Explained {
                refusal: Box::new(refusal),
                facts: error.facts,
            }
        }
    }
}

impl From<chancery_domain::access::Denied> for ApiError {
    fn from(denied: chancery_domain::access::Denied) -> Self {
        use chancery_domain::access::Denied;
        match denied {
            Denied::Unauthenticated => Self::Unauthenticated,
            Denied::Forbidden(reason) => Self::refused(ErrorCode::Forbidden, reason, "not allowed"),
        }
    }
}

impl From<chancery_commands::CommandError> for ApiError {
    fn from(error: chancery_commands::CommandError) -> Self {
        use chancery_commands::CommandError;
        match error {
            CommandError::Refused(e) => e.into(),
            CommandError::Denied(denied) => denied.into(),
            CommandError::Contended => Self::refused(
                ErrorCode::Conflict,
                "CONTENDED",
                "others changed the same records at the same moment; try again",
            ),
            other => Self::internal(other),
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(value: ApiError) -> Self {
        value.extend()
    }
}

/// Words to search or filter by, through the domain's text rule: composed and trimmed (empty
/// is `None`); `TOO_LONG` on `field` past `max` characters (the refusal says the limit),
/// `CONTROL_CHARACTERS` for a NUL or another control character (PostgreSQL refuses NUL in
/// text), `INVALID_CHARACTERS` for text-direction and invisible formatting characters.
pub fn bounded(
    field: &'static str,
    text: Option<String>,
    max: usize,
) -> Result<Option<String>, ApiError> {
    crate::input::search_text(field, text, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_carries_its_code_and_internal_causes_stay_inside() {
        let cases = [
            (ApiError::Unauthenticated, "UNAUTHENTICATED"),
            (ApiError::Forbidden, "FORBIDDEN"),
            (ApiError::NotFound("document".into()), "NOT_FOUND"),
            (ApiError::Conflict("already registered".into()), "CONFLICT"),
            (
                ApiError::Validation {
                    field: Some("summary".into()),
                    message: "too long".into(),
                },
                "VALIDATION",
            ),
            (
                ApiError::Internal("connection refused at 10.0.0.5".into()),
                "INTERNAL",
            ),
        ];
        for (error, code) in cases {
            let graphql: async_graphql::Error = error.into();
            let extensions = graphql.extensions.expect("extensions");
            assert_eq!(
                extensions.get("code"),
                Some(&async_graphql::Value::from(code))
            );
            assert!(
                !graphql.message.contains("10.0.0.5"),
                "internal causes are never returned"
            );
        }
        let graphql: async_graphql::Error = ApiError::Validation {
            field: Some("summary".into()),
            message: "too long".into(),
        }
        .into();
        assert_eq!(
            graphql.extensions.expect("extensions").get("field"),
            Some(&async_graphql::Value::from("summary"))
        );
    }
}
