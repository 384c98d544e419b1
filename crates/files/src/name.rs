//! Cleaning the file name given by the uploader.
//!
//! The name is only a label shown to people and offered when the file is downloaded: files are
//! stored under their hash, never under this name. Still, it must be harmless wherever it is
//! shown or used as a download name:
//!
//! - composed to Unicode NFC (names from macOS come decomposed), so Vietnamese names such as
//!   `Công văn số 5.pdf` are kept intact and compare equal however they were typed;
//! - **path separators are replaced, not followed**: every `/` and `\` becomes `_`, so
//!   `../../etc/passwd` becomes `.._.._etc_passwd`. Dropping everything before the last
//!   separator was the alternative; it was not chosen because Vietnamese document notations
//!   contain a slash (`Quyết định 123/QĐ-UBND.pdf` becomes `Quyết định 123_QĐ-UBND.pdf`, not
//!   `QĐ-UBND.pdf`). Browsers send only the last component of a path anyway;
//! - control characters (C0, DEL, C1), line/paragraph separators, the byte-order mark and the
//!   bidirectional formatting characters (which can disguise `gpj.exe` as `exe.jpg`) are
//!   removed;
//! - surrounding white space is trimmed;
//! - at most [`MAX_NAME_CHARS`] characters: a longer name is shortened before its extension,
//!   so `….pdf` stays `….pdf`;
//! - never empty, never only dots: [`FALLBACK_NAME`] instead.

use unicode_normalization::UnicodeNormalization as _;

/// The longest cleaned name, in characters (not bytes).
pub const MAX_NAME_CHARS: usize = 255;

/// The name used when nothing usable is left of the given one.
pub const FALLBACK_NAME: &str = "file";

/// What a path separator (`/` or `\`) becomes.
pub const SEPARATOR_REPLACEMENT: char = '_';

/// The longest extension kept when a long name is shortened.
const MAX_EXTENSION_CHARS: usize = 16;

/// The cleaned form of an uploader's file name (see the module documentation).
pub fn clean_name(name: &str) -> String {
    let cleaned: String = name
        .nfc()
        .map(|c| {
            if c == '/' || c == '\\' {
                SEPARATOR_REPLACEMENT
            } else {
                c
            }
        })
        .filter(|&c| !is_removed(c))
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '.') {
        return FALLBACK_NAME.to_owned();
    }
    shorten(cleaned.to_owned())
}

/// Characters removed from names.
fn is_removed(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'              // Arabic letter mark
            | '\u{200E}' | '\u{200F}' // left-to-right / right-to-left marks
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // bidirectional embeddings and overrides
            | '\u{2066}'..='\u{2069}' // bidirectional isolates
            | '\u{FEFF}' // byte-order mark / zero-width no-break space
        )
}

fn shorten(name: String) -> String {
    let length = name.chars().count();
    if length <= MAX_NAME_CHARS {
        return name;
    }
    if let Some((stem, extension)) = name.rsplit_once('.') {
        let extension_chars = extension.chars().count();
        if !stem.is_empty()
            && (1..=MAX_EXTENSION_CHARS).contains(&extension_chars)
            && extension.chars().all(char::is_alphanumeric)
        {
            let stem: String = stem
                .chars()
                .take(MAX_NAME_CHARS - 1 - extension_chars)
                .collect();
            let stem = stem.trim_end();
            if !stem.is_empty() {
                return format!("{stem}.{extension}");
            }
        }
    }
    let cut: String = name.chars().take(MAX_NAME_CHARS).collect();
    cut.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_extension_when_shortening() {
        let long = format!("{}.pdf", "a".repeat(400));
        let cleaned = clean_name(&long);
        assert_eq!(cleaned.chars().count(), MAX_NAME_CHARS);
        assert!(cleaned.ends_with("a.pdf"));
    }

    #[test]
    fn shortens_without_an_extension() {
        let cleaned = clean_name(&"ư".repeat(300));
        assert_eq!(cleaned.chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn composes_decomposed_vietnamese() {
        // "ô" as o + combining circumflex, "ă" as a + combining breve
        assert_eq!(clean_name("Co\u{302}ng va\u{306}n.pdf"), "Công văn.pdf");
    }

    #[test]
    fn removes_bidi_overrides() {
        assert_eq!(clean_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
    }

    #[test]
    fn only_dots_or_separators_fall_back() {
        for name in [
            "",
            "   ",
            ".",
            "..",
            "...",
            ".\u{0}.",
            "\u{7}",
            " \u{202E} ",
        ] {
            assert_eq!(clean_name(name), FALLBACK_NAME, "{name:?}");
        }
    }
}
