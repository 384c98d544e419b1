//! The scan of `tests/reasons.rs`: a tokenizer good enough for Rust source (comments and
//! the inside of string literals are not code) and the rules that say where a string literal
//! is a reason code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Str(String),
    Punct(&'static str),
    Lifetime(String),
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

const PUNCTS: &[&str] = &[
    "::", "=>", "->", "==", "!=", "||", "|", "!", "(", ")", "[", "]", "{", "}", ",", ";", ":", ".",
    "=", "<", ">",
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
                let mut j = i + 1;
                while j < n && (chars[j].is_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                tokens.push(Token {
                    tok: Tok::Lifetime(chars[i..j].iter().collect()),
                    line: start_line,
                });
                i = j;
                continue;
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

pub fn is_code(s: &str) -> bool {
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
pub struct Found {
    pub code: String,
    pub file: String,
    pub line: usize,
    pub rule: &'static str,
}

/// Functions and closures that take a reason code, by name: the positions (not counting
/// `self`) of their parameters named `reason` (a `&str`) or `code` (a `&'static str`).
pub type Takers = BTreeMap<String, BTreeSet<usize>>;

/// Splits a parameter list at its top-level commas (commas inside `<…>` too are not).
fn parameters(tokens: &[Token]) -> Vec<&[Token]> {
    let mut params = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (k, t) in tokens.iter().enumerate() {
        if opens(t) || is(t, "<") {
            depth += 1;
        } else if closes(t) || is(t, ">") {
            depth -= 1;
        } else if depth == 0 && is(t, ",") {
            params.push(&tokens[start..k]);
            start = k + 1;
        }
    }
    if start < tokens.len() {
        params.push(&tokens[start..]);
    }
    params
}

fn record(name: &str, params: &[&[Token]], takers: &mut Takers) {
    let mut index = 0;
    for param in params {
        let first = param.iter().find_map(|t| ident(t).filter(|n| *n != "mut"));
        if first == Some("self") {
            continue;
        }
        let ty = param
            .iter()
            .position(|t| is(t, ":"))
            .map_or(&[][..], |colon| &param[colon + 1..]);
        let has_str = ty.iter().any(|t| ident(t) == Some("str"));
        let is_static = ty
            .iter()
            .any(|t| matches!(&t.tok, Tok::Lifetime(l) if l == "'static"));
        let takes = match first {
            Some("reason") => has_str,
            Some("code") => has_str && is_static,
            _ => false,
        };
        if takes {
            takers.entry(name.to_owned()).or_default().insert(index);
        }
        index += 1;
    }
}

/// Adds to `takers` the functions (`fn name(…, reason: &str, …)`) and closures
/// (`let name = |…, code: &'static str| …`) of `source` that take a reason code.
pub fn reason_takers(source: &str, takers: &mut Takers) {
    let tokens = tokenize(source);
    for (k, t) in tokens.iter().enumerate() {
        let Some(keyword) = ident(t) else { continue };
        let Some(name) = tokens.get(k + 1).and_then(ident) else {
            continue;
        };
        if keyword == "fn" {
            let mut open = k + 2;
            if tokens.get(open).is_some_and(|t| is(t, "<")) {
                let mut depth = 0;
                while let Some(t) = tokens.get(open) {
                    if is(t, "<") {
                        depth += 1;
                    } else if is(t, ">") {
                        depth -= 1;
                        if depth == 0 {
                            open += 1;
                            break;
                        }
                    }
                    open += 1;
                }
            }
            if tokens.get(open).is_some_and(|t| is(t, "(")) {
                let end = matching(&tokens, open);
                let params = parameters(&tokens[open + 1..end.saturating_sub(1).max(open + 1)]);
                record(name, &params, takers);
            }
        } else if keyword == "let" && tokens.get(k + 2).is_some_and(|t| is(t, "=")) {
            let mut bar = k + 3;
            if tokens.get(bar).and_then(ident) == Some("move") {
                bar += 1;
            }
            if tokens.get(bar).is_some_and(|t| is(t, "|")) {
                let end = (bar + 1..tokens.len())
                    .find(|&e| is(&tokens[e], "|"))
                    .unwrap_or(tokens.len());
                let params = parameters(&tokens[bar + 1..end]);
                record(name, &params, takers);
            }
        }
    }
}

/// The index just past the expression starting at `start`: at the first `,` or `;` outside
/// brackets, or at the bracket that closes the one around it.
fn expression_end(tokens: &[Token], start: usize) -> usize {
    let mut depth = 0;
    for (k, t) in tokens.iter().enumerate().skip(start) {
        if opens(t) {
            depth += 1;
        } else if closes(t) {
            if depth == 0 {
                return k;
            }
            depth -= 1;
        } else if depth == 0 && (is(t, ",") || is(t, ";")) {
            return k;
        }
    }
    tokens.len()
}

/// Records `t` if it is a code-like string literal.
fn push(found: &mut Vec<Found>, file: &str, t: &Token, rule: &'static str) {
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
}

/// Records every code-like literal of an expression, except in macro calls (`format!(…)`).
fn push_all(found: &mut Vec<Found>, file: &str, expression: &[Token], rule: &'static str) {
    let mut k = 0;
    while k < expression.len() {
        let macro_call = ident(&expression[k]).is_some()
            && expression.get(k + 1).is_some_and(|t| is(t, "!"))
            && expression.get(k + 2).is_some_and(opens);
        if macro_call {
            k = (k + 2 + matching(&expression[k + 2..], 0)).max(k + 1);
            continue;
        }
        push(found, file, &expression[k], rule);
        k += 1;
    }
}

/// The reason codes of `source` (the file `file`), by the rules of the module doc of
/// `reasons.rs`; `takers` are the functions that take a reason, from every file.
pub fn scan(file: &str, source: &str, takers: &Takers) -> Vec<Found> {
    let tokens = tokenize(source);
    let mut found = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        let next = |d: usize| tokens.get(k + d);
        let prev = |d: usize| k.checked_sub(d).and_then(|i| tokens.get(i));
        let Some(name) = ident(t) else { continue };
        let called = next(1).is_some_and(|n| is(n, "(")) && prev(1).and_then(ident) != Some("fn");
        // A call of a function that takes a reason, at the reason's position.
        if called && let Some(positions) = takers.get(name) {
            let arguments = arguments(&tokens, k + 1);
            for position in positions {
                if let Some(argument) = arguments.get(*position) {
                    push_all(&mut found, file, argument, "reason parameter");
                }
            }
        }
        // `Denied::Forbidden("…")`.
        if called
            && name == "Forbidden"
            && prev(1).is_some_and(|p| is(p, "::"))
            && prev(2).and_then(ident) == Some("Denied")
        {
            for argument in arguments(&tokens, k + 1) {
                push_all(&mut found, file, argument, "Denied::Forbidden");
            }
        }
        // `reason: …` in a struct expression.
        if name == "reason"
            && next(1).is_some_and(|n| is(n, ":"))
            && prev(1).is_some_and(|p| is(p, "{") || is(p, ","))
        {
            let end = expression_end(&tokens, k + 2);
            push_all(&mut found, file, &tokens[k + 2..end], "reason field");
        }
        // `e.code == "…"`.
        if name == "code"
            && prev(1).is_some_and(|p| is(p, "."))
            && next(1).is_some_and(|n| is(n, "==") || is(n, "!="))
            && let Some(s) = next(2)
        {
            push(&mut found, file, s, "comparison");
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
                let end = expression_end(&tokens, j + 1);
                for m in j + 1..end {
                    let after_arm = is(&tokens[m - 1], "=>")
                        || (is(&tokens[m - 1], "(") && is(&tokens[m - 2], "=>"));
                    if after_arm {
                        push(&mut found, file, &tokens[m], "let reason");
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
                            push(&mut found, file, &tokens[b], "fn code");
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

/// The reason codes of every crate's `src` (`root` is the repository).
pub fn scan_sources(root: &Path) -> Vec<Found> {
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
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let relative = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            (relative, source)
        })
        .collect();
    let mut takers = Takers::new();
    for (_, source) in &sources {
        reason_takers(source, &mut takers);
    }
    sources
        .iter()
        .flat_map(|(file, source)| scan(file, source, &takers))
        .collect()
}
