//! Every reason code a refusal is built with, anywhere in the code base, is a
//! [`Reason`] — and so has its Vietnamese, English and Lao texts — and the API's
//! `messages::localize` answers each of them in each language.
//!
//! Call sites pass reason codes as `&'static str`; this test binds them to the enum. It reads
//! the `.rs` files under `crates/*/src` at test time, tokenizes them (comments and the inside
//! of string literals are not code; see `reasons/scan.rs`) and collects the string literals
//! that are reason codes (`SCREAMING_SNAKE_CASE`) in these places:
//! - an argument, at the reason's position, of a call to a function or closure that takes a
//!   reason: one declared anywhere in `crates/*/src` with a parameter `reason: &str` or
//!   `code: &'static str` (`DomainError::validation`, `::conflict`, `::conflict_on`,
//!   `::forbidden`, `ApiError::refused`, `::invalid`, the query limits' `refused`, the HTTP
//!   layer's `refusal`, `access`'s `need`, and any new one declared the same way);
//! - an argument of `Denied::Forbidden`;
//! - the value of a `reason:` field (`ApiError::Refused { reason: … }`);
//! - a comparison `.code == "…"` or `.code != "…"`;
//! - an arm (`=> "…"`) of a `let reason = …` or `let code = …` (also `let (reason, message)`);
//! - an arm of `fn code` in an `impl` of a type named `…Error` or `…Violation` (the file
//!   store's, the signer's and the password policy's codes).
//!
//! In an argument or a field, every code-like literal counts (`first().map_or("WEAK_PASSWORD",
//! …)`), except inside a macro call (`format!(…)`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use chancery_api::messages::localize;
use chancery_domain::reason::Reason;
use chancery_domain::reference::Lang;

#[path = "reasons/scan.rs"]
mod scan;

use scan::{Found, Takers, is_code, reason_takers, scan};

fn scan_sources() -> Vec<Found> {
    scan::scan_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

#[test]
fn every_reason_code_in_the_sources_is_a_reason_with_its_texts() {
    let found = scan_sources();
    let mut missing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for f in &found {
        if Reason::from_code(&f.code).is_none() {
            missing
                .entry(&f.code)
                .or_default()
                .push(format!("{}:{}", f.file, f.line));
        }
    }
    let used: BTreeSet<&str> = found.iter().map(|f| f.code.as_str()).collect();
    let unused: Vec<&str> = Reason::ALL
        .iter()
        .map(|r| r.code())
        .filter(|c| !used.contains(c))
        .collect();
    eprintln!(
        "{} reason codes in the sources; reasons no source names (top-level codes, or texts \
         to prune): {unused:?}",
        used.len()
    );
    let list: Vec<String> = missing
        .iter()
        .map(|(code, at)| format!("  {code}  (at {})", at.join(", ")))
        .collect();
    assert!(
        missing.is_empty(),
        "{} reason code(s) are not variants of chancery_domain::reason::Reason; add each to \
         crates/domain/src/reason.rs (enum, ALL, code) with its vi/en/lo texts in \
         crates/domain/src/reason/texts.rs:\n{}",
        missing.len(),
        list.join("\n")
    );
}

#[test]
fn the_scan_finds_the_refusals_of_every_crate() {
    let found = scan_sources();
    let codes: BTreeSet<&str> = found.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.len() >= 150, "only {} codes found", codes.len());
    let rules: BTreeSet<&str> = found.iter().map(|f| f.rule).collect();
    // The other rules may find nothing as the code changes; the sample test checks them.
    for rule in ["reason parameter", "Denied::Forbidden", "fn code"] {
        assert!(rules.contains(rule), "the rule {rule} found nothing");
    }
    let crates: BTreeSet<&str> = found
        .iter()
        .filter_map(|f| f.file.split('/').nth(1))
        .collect();
    for name in [
        "api", "commands", "domain", "files", "identity", "server", "signing",
    ] {
        assert!(
            crates.contains(name),
            "no reason code found in crates/{name}"
        );
    }
}

#[test]
fn the_scan_reads_refusals_and_nothing_else() {
    let source = r###"
        //! Doc: DomainError::conflict("IN_A_DOC_COMMENT", "…")
        use x::DomainError;
        /* DomainError::conflict("IN_A_BLOCK_COMMENT", "…") /* nested */ "STILL_COMMENT" */
        fn f(field: &'static str, c: char) -> Result<(), ApiError> {
            let _ = 'a';
            let _ = '\'';
            let _ = std::env::var("DATABASE_URL");
            assert_eq!(code, "IN_AN_ASSERTION");
            let s = "DomainError::conflict(\"INSIDE_A_STRING\", \"…\")";
            let r = r#"ApiError::invalid("f", "INSIDE_A_RAW_STRING", "…")"#;
            Err(DomainError::validation(field, "A_VALIDATION", "detail"))?;
            Err(crate::DomainError::conflict("A_CONFLICT", format!("{}", "NOT_AN_ARGUMENT")))?;
            Err(DomainError::forbidden(
                "A_FORBIDDEN",
                "…",
            ))?;
            Err(DomainError::validation(
                "newPassword",
                violations.first().map_or("A_FALLBACK", |v| v.code()),
                format!("{}", "NOT_IN_A_MACRO"),
            ))?;
            Err(OtherError::conflict_with("NOT_A_TAKER"))?;
            Err(Denied::Forbidden("A_DENIAL"))?;
            Err(ApiError::refused(ErrorCode::Conflict, "A_REFUSAL", "NOT_THE_MESSAGE"))?;
            Err(self.refuse("A_METHOD_REFUSAL"))?;
            Err(refused("A_LIMIT", "…".to_owned()))?;
            refusal(StatusCode::FORBIDDEN, ErrorCode::Forbidden, "A_HTTP_REFUSAL", "…", lang);
            need(Permission::Audit, "A_NEED");
            lookup(HashMap::new(), "A_LOOKUP");
            self.unit(None, "TCCB", "NOT_A_REASON_ABBREVIATION");
            revoke(key, "lost token");
            Err(ApiError::Refused {
                code: ErrorCode::RateLimited,
                reason: v.first().map_or("A_FIELD", |v| v.code()),
                field: Some("NOT_A_REASON_FIELD".to_owned()),
            })?;
            if e.code == "A_COMPARISON" || other == "NOT_COMPARED_AS_A_CODE" {}
            let reason: &'static str = match x {
                "Int" if y.contains("NOT_AN_ARM") => "A_LET_ARM",
                _ => "ANOTHER_LET_ARM",
            };
            let (reason, message) = match c {
                C::Expired => ("A_TUPLE_ARM", "NOT_THE_REASON"),
            };
            let mode = match m { M::A => "NOT_A_REASON_LET" };
            Ok(())
        }
        impl DomainError {
            pub fn validation(field: &'static str, code: &'static str, detail: impl Into<String>) -> Self { todo() }
            pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self { todo() }
            pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self { todo() }
        }
        impl ApiError {
            pub fn refused(code: ErrorCode, reason: &'static str, message: impl Into<String>) -> Self { todo() }
            fn refuse(&self, reason: &'static str) -> Self { todo() }
        }
        fn refused(reason: &str, message: String) -> ServerError { todo() }
        fn refusal<T>(status: StatusCode, code: ErrorCode, reason: &str, m: &str, l: Lang) -> T { todo() }
        fn lookup(map: HashMap<String, u8>, code: &'static str) {}
        fn unit(&mut self, parent: Option<UnitId>, code: &str, abbreviation: &str) {}
        fn f() { let need = |permission: Permission, code: &'static str| { Ok(()) }; }
        impl FileError {
            pub fn code(&self) -> &'static str {
                match self {
                    FileError::Empty => "A_FILE_ERROR",
                    FileError::Other(e) => e.code(),
                }
            }
            pub fn kind(&self) -> &'static str {
                match self { _ => "NOT_THE_CODE_FN" }
            }
        }
        impl<T> std::fmt::Display for PolicyViolation<T> {
            fn code(self) -> &'static str { match self { Self::Short => "A_VIOLATION" } }
        }
        impl SignatureKind {
            pub fn code(self) -> &'static str { match self { Self::Personal => "NOT_AN_ERROR" } }
        }
        codes!(IntegrityStatus { Intact => "NOT_IN_A_CODE_FN" });
    "###;
    let mut takers = Takers::new();
    reason_takers(source, &mut takers);
    let takers_found: BTreeMap<&str, Vec<usize>> = takers
        .iter()
        .map(|(name, positions)| (name.as_str(), positions.iter().copied().collect()))
        .collect();
    let expected_takers: BTreeMap<&str, Vec<usize>> = [
        ("validation", vec![1]),
        ("conflict", vec![0]),
        ("forbidden", vec![0]),
        ("refused", vec![0, 1]),
        ("refuse", vec![0]),
        ("refusal", vec![2]),
        ("lookup", vec![1]),
        ("need", vec![1]),
    ]
    .into();
    assert_eq!(takers_found, expected_takers);
    let found: Vec<(String, usize)> = scan("sample.rs", source, &takers)
        .into_iter()
        .map(|f| (f.code, f.line))
        .collect();
    let codes: BTreeSet<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "A_VALIDATION",
        "A_CONFLICT",
        "A_FORBIDDEN",
        "A_FALLBACK",
        "A_DENIAL",
        "A_REFUSAL",
        "A_METHOD_REFUSAL",
        "A_LIMIT",
        "A_HTTP_REFUSAL",
        "A_NEED",
        "A_LOOKUP",
        "A_FIELD",
        "A_COMPARISON",
        "A_LET_ARM",
        "ANOTHER_LET_ARM",
        "A_TUPLE_ARM",
        "A_FILE_ERROR",
        "A_VIOLATION",
    ]
    .into();
    assert_eq!(codes, expected);
    let line_of = |code: &str| found.iter().find(|(c, _)| c == code).map(|(_, l)| *l);
    assert_eq!(line_of("A_VALIDATION"), Some(12));
    assert_eq!(line_of("A_FORBIDDEN"), Some(15), "the literal's own line");
}

#[test]
fn codes_are_screaming_snake_case() {
    for code in ["CYCLE", "NOT_CLEARED", "BAD_PKCS12", "PKCS12_NO_KEY"] {
        assert!(is_code(code), "{code}");
    }
    for text in [
        "",
        "_",
        "A_",
        "_A",
        "A__B",
        "Not_cleared",
        "12_A",
        "image/webp",
        "vi",
    ] {
        assert!(!is_code(text), "{text}");
    }
}

#[test]
fn every_reason_reads_in_every_language_through_the_api() {
    let mut codes = HashSet::new();
    for reason in Reason::ALL {
        let code = reason.code();
        assert!(codes.insert(code), "{code} is the code of two reasons");
        for lang in Lang::ALL {
            let text = localize(code, *lang);
            assert_eq!(text, Some(reason.text(*lang)), "{code} in {lang:?}");
            assert!(
                text.is_some_and(|t| !t.trim().is_empty()),
                "{code} has no {lang:?} text"
            );
        }
        let en = reason.text(Lang::En);
        assert_ne!(reason.text(Lang::Vi), en, "{code}: vi is the English text");
        assert_ne!(reason.text(Lang::Lo), en, "{code}: lo is the English text");
    }
    for code in [
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "NOT_FOUND",
        "CONFLICT",
        "VALIDATION",
        "RATE_LIMITED",
        "INTERNAL",
    ] {
        assert!(
            Reason::from_code(code).is_some(),
            "the top-level code {code} has no text"
        );
    }
    assert_eq!(localize("NO_SUCH_REASON", Lang::En), None);
}
