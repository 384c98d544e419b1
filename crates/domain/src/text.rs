//! Cleaning free text that users type: composed (Unicode NFC, so Vietnamese typed with
//! combining accents is stored and counted like precomposed text), trimmed, bounded in
//! characters, free of control characters (a tab or a newline only where a field allows
//! several lines) and of invisible formatting characters.
//!
//! Invisible characters, one rule for every text a person types (names, summaries, notes,
//! search words…):
//! - removed silently: the invisible line-break hints U+200B (zero-width space, which Lao
//!   word processors put between words), U+00AD (soft hyphen), U+2060 (word joiner) and
//!   U+FEFF (byte-order mark, pasted at the start of copied text). They never change what a
//!   reader sees or the order letters are shown in;
//! - refused (`INVALID_CHARACTERS`, naming the field): bidirectional controls (U+202A–U+202E,
//!   U+2066–U+2069, U+200E, U+200F, U+061C), zero-width joiners (U+200C, U+200D: neither
//!   Vietnamese nor Lao needs them), every other format character (Unicode category Cf),
//!   the line and paragraph separators U+2028 and U+2029, and non-characters. These can make
//!   `"Nguyễn \u{202e}FDP.EXE"` read as another text, or two names look the same.
//! - control characters (Cc) are refused as before (`CONTROL_CHARACTERS`); a field of several
//!   lines accepts tab, line feed and carriage return.

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
        let composed: String = value.chars().filter(|c| !is_removed(*c)).nfc().collect();
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
        if let Some(c) = value.chars().find(|c| is_refused(*c)) {
            return Err(invalid_characters(self.field, c));
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

/// The error for a refused invisible character, naming it (`U+202E`).
fn invalid_characters(field: &'static str, c: char) -> DomainError {
    DomainError::validation(
        field,
        "INVALID_CHARACTERS",
        format!(
            "{field} contains the invisible or text-direction character U+{:04X}",
            u32::from(c)
        ),
    )
}

/// Invisible line-break hints, removed from every text (see the module's doc).
pub fn is_removed(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{00AD}' | '\u{2060}' | '\u{FEFF}')
}

/// Characters no text accepts: format characters (Unicode 15.1 category Cf, those removed
/// by [`is_removed`] aside), the line and paragraph separators, and non-characters. Control
/// characters (Cc) are checked on their own.
pub fn is_refused(c: char) -> bool {
    let u = u32::from(c);
    if is_removed(c) {
        return false;
    }
    matches!(
        u,
        // Category Cf (DerivedGeneralCategory.txt, Unicode 15.1).
        0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
            // Line and paragraph separators (Zl, Zp).
            | 0x2028..=0x2029
            // Non-characters.
            | 0xFDD0..=0xFDEF
    ) || (u & 0xFFFE) == 0xFFFE
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
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_removed(c) || is_refused(c))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(rule: TextRule, value: &str) -> &'static str {
        let error = rule.clean(value).unwrap_err();
        assert_eq!(error.field, Some(rule.field));
        error.code
    }

    #[test]
    fn given_a_name_with_a_text_direction_override_then_it_is_refused_naming_the_field() {
        let name = TextRule::line("fullName", 100);
        for spoof in [
            "Nguyễn \u{202e}FDP.EXE",
            "\u{2067}Admin\u{2069}",
            "A\u{200e}dmin",
            "Ad\u{200d}min",
            "Ad\u{200c}min",
            "a\u{2028}b",
            "a\u{2029}b",
            "\u{e0041}tag",
            "x\u{fffe}",
        ] {
            assert_eq!(reason(name, spoof), "INVALID_CHARACTERS", "{spoof:?}");
        }
        // Several lines do not make a separator or a bidi control acceptable.
        assert_eq!(
            reason(TextRule::line("summary", 100).multiline(), "a\u{2028}b"),
            "INVALID_CHARACTERS"
        );
        assert_eq!(reason(name, "a\0b"), "CONTROL_CHARACTERS");
    }

    #[test]
    fn given_invisible_break_hints_then_they_are_removed_and_the_rest_is_kept() {
        let name = TextRule::line("fullName", 100);
        assert_eq!(name.clean("\u{feff}Admin").unwrap(), "Admin");
        assert_eq!(name.clean("Ad\u{00ad}min\u{200b}").unwrap(), "Admin");
        // Lao separated by zero-width spaces, as Lao word processors type it.
        assert_eq!(name.clean("ກະຊວງ\u{200b}ພາຍໃນ").unwrap(), "ກະຊວງພາຍໃນ");
        // Vietnamese with combining accents is composed, not refused.
        assert_eq!(
            name.clean("Nguye\u{0302}\u{0303}n Va\u{0306}n An").unwrap(),
            "Nguyễn Văn An"
        );
        assert_eq!(
            TextRule::line("summary", 100)
                .multiline()
                .clean("dòng 1\ndòng 2\tcột")
                .unwrap(),
            "dòng 1\ndòng 2\tcột"
        );
        assert_eq!(reason(name, "\u{feff}"), "REQUIRED");
    }

    #[test]
    fn given_an_email_with_a_bidi_control_then_it_is_refused() {
        assert!(email("email", "an@bnv.gov.vn").is_ok());
        assert!(email("email", "an\u{202e}@bnv.gov.vn").is_err());
        assert!(email("email", "\u{feff}an@bnv.gov.vn").is_err());
    }
}
