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
    /// Anything else: the cause is logged, the client sees a generic message.
    Internal(String),
}

impl ApiError {
    /// The message clients see (English; clients translate by `code`).
    pub fn message(&self) -> String {
        match self {
            Self::Unauthenticated => "sign in first".to_owned(),
            Self::Forbidden => "not allowed".to_owned(),
            Self::NotFound(what) => format!("{what} not found"),
            Self::Conflict(message) | Self::Validation { message, .. } => message.clone(),
            Self::Internal(_) => "internal error".to_owned(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Validation { .. } => ErrorCode::Validation,
            Self::Internal(_) => ErrorCode::Internal,
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
        let mut error = async_graphql::Error::new(self.message());
        error = error.extend_with(|_, e| e.set("code", self.code().as_str()));
        if let Self::Validation {
            field: Some(field), ..
        } = self
        {
            let field = field.clone();
            error = error.extend_with(move |_, e| e.set("field", field.as_str()));
        }
        error
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(value: ApiError) -> Self {
        value.extend()
    }
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
