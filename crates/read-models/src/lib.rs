//! Read models: each module is one projection — its handler (applying events inside the
//! projection engine's transaction) and the query functions the API calls. Table definitions
//! live in `projections/<name>/` at the repository root.
//!
//! Architecture invariant: only this crate knows read-model tables; queries never touch the
//! `events` table and handlers never call back into the domain.

pub mod audit_log;
pub mod directory;
pub mod document_history;
pub mod document_view;
pub mod inbox;
pub mod outgoing;
pub mod overdue;
pub mod register_book;
pub mod search;
pub mod usage_log;
#[cfg(test)]
mod withdrawal_tests;

use std::sync::Arc;

use chancery_projector::Projection;

/// A `LIKE` pattern matching `text` anywhere, with `%`, `_` and `\` taken literally; `None`
/// for blank text. Compare it with the folded (unaccented, lower-case) column through the
/// schema's `fold()`.
pub(crate) fn contains_pattern(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    })
}

/// One [`contains_pattern`] per word of a filter (at most 10 words of 100 characters);
/// `None` when it has no word. A row matches when its text is `LIKE` every pattern.
pub fn word_patterns(text: Option<&str>) -> Option<Vec<String>> {
    let patterns: Vec<String> = text?
        .split_whitespace()
        .take(10)
        .filter_map(|w| contains_pattern(&w.chars().take(100).collect::<String>()))
        .collect();
    (!patterns.is_empty()).then_some(patterns)
}

/// Every projection of this build.
pub fn all() -> Vec<Arc<dyn Projection>> {
    vec![
        Arc::new(audit_log::AuditLog),
        Arc::new(directory::Directory),
        Arc::new(usage_log::UsageLog),
        Arc::new(inbox::Inbox),
        Arc::new(register_book::RegisterBook),
        Arc::new(document_history::DocumentHistory),
        Arc::new(outgoing::OutgoingProjection),
    ]
}
