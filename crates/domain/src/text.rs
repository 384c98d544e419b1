//! Cleaning free text that users type: composed (Unicode NFC, so Vietnamese typed with
//! combining accents is stored and counted like precomposed text), trimmed, bounded in
//! characters, free of control characters (a tab or a newline only where a field allows
//! several lines).

use unicode_normalization::UnicodeNormalization as _;

use crate::error::{DomainError, DomainResult};

/// What a text field accepts.
#[derive(Debug, Clone, Copy)]
pub struct TextRule {
    pub field: &'static str,
    pub max_chars: usize,
    pub required: bool,
    pub multiline: bool,
}

impl TextRule {
    pub const fn line(field: &'static str, max_chars: usize) -> Self {
        Self {
            field,
            max_chars,
            required: true,
            multiline: false,
        }
    }

    pub const fn optional(self) -> Self {
        Self {
            required: false,
            ..self
        }
    }

    pub const fn multiline(self) -> Self {
        Self {
            multiline: true,
            ..self
        }
    }

    /// The cleaned text, or a VALIDATION error naming the field.
    pub fn clean(&self, value: &str) -> DomainResult<String> {
        let composed: String = value.nfc().collect();
        let value = composed.trim();
        if value.is_empty() && self.required {
            return Err(DomainError::validation(
                self.field,
                "REQUIRED",
                format!("{} is required", self.field),
            ));
        }
        if value.chars().count() > self.max_chars {
            return Err(DomainError::validation(
                self.field,
                "TOO_LONG",
                format!(
                    "{} is longer than {} characters",
                    self.field, self.max_chars
                ),
            ));
        }
        if value
            .chars()
            .any(|c| c.is_control() && !(self.multiline && matches!(c, '\n' | '\r' | '\t')))
        {
            return Err(DomainError::validation(
                self.field,
                "CONTROL_CHARACTERS",
                format!("{} contains control characters", self.field),
            ));
        }
        Ok(value.to_owned())
    }

    /// Like [`clean`](Self::clean) for an optional value; empty becomes `None`.
    pub fn clean_opt(&self, value: Option<&str>) -> DomainResult<Option<String>> {
        match value {
            None => Ok(None),
            Some(v) => {
                let v = self.optional().clean(v)?;
                Ok((!v.is_empty()).then_some(v))
            }
        }
    }
}

/// A machine code (unit codes, role codes, register codes): 1–`max` characters of ASCII
/// letters, digits, `.`, `_` and `-`, starting with a letter or digit.
pub fn code(field: &'static str, value: &str, max: usize) -> DomainResult<String> {
    let value = value.trim();
    let ok = !value.is_empty()
        && value.len() <= max
        && value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(value.to_owned())
    } else {
        Err(DomainError::validation(
            field,
            "INVALID_CODE",
            format!("{field} must be 1–{max} ASCII letters, digits, '.', '_' or '-'"),
        ))
    }
}

/// A simple e-mail address check (something@domain.tld, no spaces), at most 254 characters.
pub fn email(field: &'static str, value: &str) -> DomainResult<String> {
    let value = value.trim();
    let valid = value.len() <= 254
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(value.to_owned())
    } else {
        Err(DomainError::validation(
            field,
            "INVALID_EMAIL",
            format!("{field} is not an e-mail address"),
        ))
    }
}

/// A phone number: digits with optional leading `+` and spaces, dots or dashes; 6–20 digits.
pub fn phone(field: &'static str, value: &str) -> DomainResult<String> {
    let value = value.trim();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let valid = (6..=20).contains(&digits)
        && value.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '.' | '-') || (i == 0 && c == '+')
        });
    if valid {
        Ok(value.to_owned())
    } else {
        Err(DomainError::validation(
            field,
            "INVALID_PHONE",
            format!("{field} is not a phone number"),
        ))
    }
}
