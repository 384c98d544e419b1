//! The one error a decider returns: what kind of refusal it is, a stable machine code that
//! clients and translations key on, the offending field when there is one, and a detail for
//! developers (English, never shown as the user-facing message).

/// How a refusal maps to the API's stable `extensions.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is wrong: fix it and try again.
    Validation,
    /// The input is fine but the current state refuses it (duplicate, in use, already done).
    Conflict,
    /// Something the command names does not exist.
    NotFound,
    /// The acting person may not do this.
    Forbidden,
}

/// A refusal from a decider.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {detail}")]
pub struct DomainError {
    pub kind: ErrorKind,
    /// Stable, SCREAMING_SNAKE code such as `DUPLICATE_CODE` or `CYCLE`.
    pub code: &'static str,
    /// The input field at fault, in the API's camelCase naming.
    pub field: Option<&'static str>,
    pub detail: String,
    /// Facts the refusal names, by a stable camelCase key (such as `actedBy` and `actedAt`
    /// for `RECIPIENT_ACTED`): the API hands them to clients beside the reason.
    pub facts: Vec<(&'static str, String)>,
}

impl DomainError {
    pub fn validation(field: &'static str, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Validation,
            code,
            field: Some(field),
            detail: detail.into(),
            facts: Vec::new(),
        }
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Conflict,
            code,
            field: None,
            detail: detail.into(),
            facts: Vec::new(),
        }
    }

    pub fn conflict_on(field: &'static str, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            field: Some(field),
            ..Self::conflict(code, detail)
        }
    }

    pub fn not_found(field: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::NotFound,
            code: "NOT_FOUND",
            field: Some(field),
            detail: detail.into(),
            facts: Vec::new(),
        }
    }

    /// A document (incoming or outgoing) that does not exist, or not yet.
    pub fn no_such_document() -> Self {
        Self {
            kind: ErrorKind::NotFound,
            code: "NO_SUCH_DOCUMENT",
            field: None,
            detail: "no such document".to_owned(),
            facts: Vec::new(),
        }
    }

    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Forbidden,
            code,
            field: None,
            detail: detail.into(),
            facts: Vec::new(),
        }
    }

    /// The refusal naming one more fact (`key` is camelCase and stable).
    #[must_use]
    pub fn with_fact(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.facts.push((key, value.into()));
        self
    }

    /// The value of the fact `key`, if the refusal names it.
    pub fn fact(&self, key: &str) -> Option<&str> {
        self.facts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

pub type DomainResult<T> = Result<T, DomainError>;
