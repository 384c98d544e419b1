//! Every reason code a refusal is built with, anywhere in the code base, is a
//! [`Reason`] — and so has its Vietnamese, English and Lao texts — and the API's
//! `messages::localize` answers each of them in each language.
//!
//! Call sites pass reason codes as `&'static str`; this test binds them to the enum. It reads
//! the `.rs` files under `crates/*/src` at test time, tokenizes them (comments and the inside
//! of string literals are not code) and collects the string literals that are reason codes
//! (`SCREAMING_SNAKE_CASE`) in these places:
//! - an argument of `DomainError::validation`, `::conflict`, `::conflict_on`, `::forbidden`
//!   and of `Denied::Forbidden`;
//! - an argument of a call to `refused`, `invalid`, `refusal` or `need`, however qualified
//!   (`ApiError::refused`, `ApiError::invalid`, `Self::refused`, the query limits' `refused`,
//!   the HTTP layer's `refusal`, `access`'s `need`);
//! - the value of a `reason:` field (`ApiError::Refused { reason: … }`);
//! - a comparison `.code == "…"` or `.code != "…"`;
//! - an arm (`=> "…"`) of a `let reason = …` or `let code = …` (also `let (reason, message)`);
//! - an arm of `fn code` in an `impl` of a type named `…Error` or `…Violation` (the file
//!   store's, the signer's and the password policy's codes).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use chancery_api::messages::localize;
use chancery_domain::reason::Reason;
use chancery_domain::reference::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Str(String),
    Punct(&'static str),
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

const PUNCTS: &[&str] = &[
    "::", "=>", "->", "==", "!=", "(", ")", "[", "]", "{", "}", ",", ";", ":", ".", "=", "<", ">",
];

/// Rust tokens, enough to find calls and their arguments: identifiers, string literals
/// (their content as written), brackets and a few operators. Comments are skipped.
fn tokenize(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let n = chars.len();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    while i < n {
        let c = chars[i];
        let start_line = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if at(i, "//") {
            while i < n && chars[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            let mut depth = 0;
            while i < n {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"'
            || ((c == 'r' || c == 'b') && raw_or_byte_string_start(&chars, i).is_some())
        {
            // "…", b"…", r"…", r#"…"#, br"…"
            let (content_start, hashes, raw) = if c == '"' {
                (i + 1, 0, false)
            } else {
                raw_or_byte_string_start(&chars, i).unwrap_or((i + 1, 0, false))
            };
            let mut j = content_start;
            let mut text = String::new();
            loop {
                if j >= n {
                    break;
                }
                let d = chars[j];
                if d == '\\' && !raw {
                    text.push(d);
                    if let Some(&e) = chars.get(j + 1) {
                        text.push(e);
                        if e == '\n' {
                            line += 1;
                        }
                    }
                    j += 2;
                    continue;
                }
                if d == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                if d == '\n' {
                    line += 1;
                }
                text.push(d);
                j += 1;
            }
            tokens.push(Token {
                tok: Tok::Str(text),
                line: start_line,
            });
            i = j;
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{202e}', '\'') or a lifetime ('a, 'static).
            if chars.get(i + 1) == Some(&'\\') {
                let mut j = i + 3;
                while j < n && chars[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < n && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
            tokens.push(Token {
                tok: Tok::Other,
                line: start_line,
            });
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < n && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            tokens.push(Token {
                tok: Tok::Ident(chars[i..j].iter().collect()),
                line: start_line,
            });
            i = j;
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < n
                && (chars[j].is_alphanumeric()
                    || chars[j] == '_'
                    || (chars[j] == '.' && chars.get(j + 1).is_some_and(char::is_ascii_digit)))
            {
                j += 1;
            }
            tokens.push(Token {
                tok: Tok::Other,
                line: start_line,
            });
            i = j;
        } else if let Some(p) = PUNCTS.iter().find(|p| at(i, p)) {
            tokens.push(Token {
                tok: Tok::Punct(p),
                line: start_line,
            });
            i += p.len();
        } else {
            tokens.push(Token {
                tok: Tok::Other,
                line: start_line,
            });
            i += 1;
        }
    }
    tokens
}

/// At `r`, `b` or `br` opening a string literal: where its content starts, the number of
/// `#`s that close it and whether it is raw.
fn raw_or_byte_string_start(chars: &[char], i: usize) -> Option<(usize, usize, bool)> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    let raw = chars.get(j) == Some(&'r');
    if raw {
        j += 1;
    }
    if j == i {
        return None;
    }
    let mut hashes = 0;
    while raw && chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some((j + 1, hashes, raw))
}

fn is_code(s: &str) -> bool {
    let mut parts = s.split('_');
    parts.clone().all(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    }) && parts
        .next()
        .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_uppercase()))
}

fn ident(t: &Token) -> Option<&str> {
    match &t.tok {
        Tok::Ident(s) => Some(s),
        _ => None,
    }
}

fn is(t: &Token, p: &str) -> bool {
    matches!(&t.tok, Tok::Punct(q) if *q == p)
}

fn opens(t: &Token) -> bool {
    is(t, "(") || is(t, "[") || is(t, "{")
}

fn closes(t: &Token) -> bool {
    is(t, ")") || is(t, "]") || is(t, "}")
}

/// The index just past the bracket matching the one at `open`.
fn matching(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        if opens(t) {
            depth += 1;
        } else if closes(t) {
            depth -= 1;
            if depth == 0 {
                return k + 1;
            }
        }
    }
    tokens.len()
}

/// The arguments of the call whose `(` is at `open`, each as its tokens.
fn arguments(tokens: &[Token], open: usize) -> Vec<&[Token]> {
    let end = matching(tokens, open);
    let mut args = Vec::new();
    let mut depth = 0;
    let mut start = open + 1;
    for k in open + 1..end.saturating_sub(1) {
        let t = &tokens[k];
        if opens(t) {
            depth += 1;
        } else if closes(t) {
            depth -= 1;
        } else if depth == 0 && is(t, ",") {
            args.push(&tokens[start..k]);
            start = k + 1;
        }
    }
    if start < end.saturating_sub(1) {
        args.push(&tokens[start..end - 1]);
    }
    args
}

/// A reason code found in the sources.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    code: String,
    file: String,
    line: usize,
    rule: &'static str,
}

/// The reason codes of `source` (the file `file`), by the rules of the module doc.
fn scan(file: &str, source: &str) -> Vec<Found> {
    let tokens = tokenize(source);
    let mut found = Vec::new();
    let mut add = |t: &Token, rule: &'static str| {
        if let Tok::Str(s) = &t.tok
            && is_code(s)
        {
            found.push(Found {
                code: s.clone(),
                file: file.to_owned(),
                line: t.line,
                rule,
            });
        }
    };
    for (k, t) in tokens.iter().enumerate() {
        let next = |d: usize| tokens.get(k + d);
        let prev = |d: usize| k.checked_sub(d).and_then(|i| tokens.get(i));
        let Some(name) = ident(t) else { continue };
        // Calls.
        if next(1).is_some_and(|n| is(n, "(")) {
            let qualifier = match (prev(1), prev(2)) {
                (Some(p), Some(q)) if is(p, "::") => ident(q),
                _ => None,
            };
            let rule = match (name, qualifier) {
                ("validation" | "conflict" | "conflict_on" | "forbidden", Some("DomainError")) => {
                    Some("DomainError")
                }
                ("Forbidden", Some("Denied")) => Some("Denied::Forbidden"),
                ("refused" | "invalid" | "refusal" | "need", _) => Some("refusal call"),
                _ => None,
            };
            if let Some(rule) = rule {
                for arg in arguments(&tokens, k + 1) {
                    if let [single] = arg {
                        add(single, rule);
                    }
                }
            }
        }
        // `reason: …` in a struct expression.
        if name == "reason"
            && next(1).is_some_and(|n| is(n, ":"))
            && prev(1).is_some_and(|p| is(p, "{") || is(p, ","))
        {
            let mut depth = 0;
            for t in &tokens[k + 2..] {
                if opens(t) {
                    depth += 1;
                } else if closes(t) {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                } else if depth == 0 && is(t, ",") {
                    break;
                }
                add(t, "reason field");
            }
        }
        // `e.code == "…"`.
        if name == "code"
            && prev(1).is_some_and(|p| is(p, "."))
            && next(1).is_some_and(|n| is(n, "==") || is(n, "!="))
            && let Some(s) = next(2)
        {
            add(s, "comparison");
        }
        // `let reason = match … { … => "…" }`, `let (reason, message) = …`, `let code = …`.
        if name == "let" {
            let mut j = k + 1;
            let mut names = Vec::new();
            while let Some(t) = tokens.get(j) {
                if is(t, "=") || is(t, ";") {
                    break;
                }
                if let Some(n) = ident(t) {
                    names.push(n);
                }
                j += 1;
            }
            let binds = names.iter().find(|n| **n != "mut");
            if tokens.get(j).is_some_and(|t| is(t, "="))
                && binds.is_some_and(|n| *n == "reason" || *n == "code")
            {
                let mut depth = 0;
                for m in j + 1..tokens.len() {
                    let t = &tokens[m];
                    if opens(t) {
                        depth += 1;
                    } else if closes(t) {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    } else if depth == 0 && is(t, ";") {
                        break;
                    }
                    let after_arm = is(&tokens[m - 1], "=>")
                        || (is(&tokens[m - 1], "(") && is(&tokens[m - 2], "=>"));
                    if after_arm {
                        add(t, "let reason");
                    }
                }
            }
        }
        // `impl SomeError { fn code(&self) -> &'static str { match self { … => "…" } } }`
        // (an `impl` item, not `-> impl Trait` nor `x: impl Trait`).
        let item_start =
            prev(1).is_none_or(|p| is(p, "}") || is(p, ";") || is(p, "]") || is(p, "{"));
        if name == "impl" && item_start {
            let mut j = k + 1;
            let mut angle = 0;
            let mut last = None;
            while let Some(t) = tokens.get(j) {
                if angle == 0 && (is(t, "{") || is(t, ";")) {
                    break;
                }
                if is(t, "<") {
                    angle += 1;
                } else if is(t, ">") {
                    angle -= 1;
                } else if angle == 0
                    && let Some(n) = ident(t)
                {
                    last = Some(n);
                }
                j += 1;
            }
            let error_type = last.is_some_and(|n| n.ends_with("Error") || n.ends_with("Violation"));
            if !error_type || !tokens.get(j).is_some_and(|t| is(t, "{")) {
                continue;
            }
            let end = matching(&tokens, j);
            let mut m = j;
            while m < end {
                if ident(&tokens[m]) == Some("fn")
                    && tokens.get(m + 1).and_then(ident) == Some("code")
                {
                    let body = (m..end).find(|&b| is(&tokens[b], "{")).unwrap_or(end);
                    let body_end = matching(&tokens, body);
                    for b in body + 1..body_end {
                        if is(&tokens[b - 1], "=>") {
                            add(&tokens[b], "fn code");
                        }
                    }
                    m = body_end;
                } else {
                    m += 1;
                }
            }
        }
    }
    found
}

/// The `.rs` files under `dir`, recursively, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The reason codes of every crate's `src`.
fn scan_sources() -> Vec<Found> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let crates = root.join("crates");
    let mut crate_dirs: Vec<PathBuf> = std::fs::read_dir(&crates)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", crates.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    crate_dirs.sort();
    let mut files = Vec::new();
    for dir in crate_dirs {
        rust_files(&dir.join("src"), &mut files);
    }
    assert!(files.len() > 50, "only {} source files found", files.len());
    let mut found = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let relative = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        found.extend(scan(&relative, &source));
    }
    found
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
fn the_scan_finds_the_refusals_of_every_crate_by_every_rule() {
    let found = scan_sources();
    let codes: BTreeSet<&str> = found.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.len() >= 150, "only {} codes found", codes.len());
    let rules: BTreeSet<&str> = found.iter().map(|f| f.rule).collect();
    for rule in [
        "DomainError",
        "Denied::Forbidden",
        "refusal call",
        "reason field",
        "comparison",
        "let reason",
        "fn code",
    ] {
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
            Err(DomainError::conflict_on("code", "A_CONFLICT_ON", "…"))?;
            Err(DomainError::forbidden(
                "A_FORBIDDEN",
                "…",
            ))?;
            Err(OtherError::conflict("NOT_DOMAIN_ERROR"))?;
            Err(Denied::Forbidden("A_DENIAL"))?;
            Err(ApiError::refused(ErrorCode::Conflict, "A_REFUSAL", "…"))?;
            Err(ApiError::invalid("field", "AN_INVALID", format!("{}", 1)))?;
            Err(refused("A_LIMIT", "…".to_owned()))?;
            refusal(StatusCode::FORBIDDEN, ErrorCode::Forbidden, "A_HTTP_REFUSAL", "…", lang);
            need(Permission::Audit, "A_NEED");
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
    let found: Vec<(String, usize)> = scan("sample.rs", source)
        .into_iter()
        .map(|f| (f.code, f.line))
        .collect();
    let codes: BTreeSet<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "A_VALIDATION",
        "A_CONFLICT",
        "A_CONFLICT_ON",
        "A_FORBIDDEN",
        "A_DENIAL",
        "A_REFUSAL",
        "AN_INVALID",
        "A_LIMIT",
        "A_HTTP_REFUSAL",
        "A_NEED",
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
    assert_eq!(line_of("A_FORBIDDEN"), Some(16), "the literal's own line");
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
