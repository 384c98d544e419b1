//! Limits on what one request may ask, checked when the query is parsed, before any
//! resolver runs (so before any password is verified):
//!
//! - at most one `login` per operation, aliases and fragments included
//!   (`VALIDATION`, reason `ONE_LOGIN_PER_REQUEST`);
//! - the *paged cost*: each field costs one, and what a connection's `edges` or `nodes`
//!   select costs once per row it may return (`first`, else [`DEFAULT_PAGE`]), so
//!   `people(first: 500)` a hundred times over is refused (`VALIDATION`, reason
//!   `QUERY_TOO_LARGE`) while async-graphql's own complexity limit counts each field once;
//! - introspection (`__schema`, `__type`) only for a logged-in caller, unless the
//!   installation makes it public (`VALIDATION`, reason `INTROSPECTION_REQUIRES_LOGIN`).

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, OperationType, Selection, SelectionSet,
};
use async_graphql::{ServerError, ServerResult, Value, Variables};

use crate::ApiContext;
use crate::auth::Caller;

/// Most expensive request accepted, counting each connection's rows (see the module doc).
pub const MAX_PAGED_COST: u64 = 20_000;
/// The rows a connection is assumed to return when `first` is not given.
pub const DEFAULT_PAGE: u64 = 100;
/// Fragments nested deeper than this are not followed (validation refuses such documents
/// later anyway; this only keeps a fragment cycle from looping here).
const MAX_FRAGMENT_DEPTH: usize = 32;
/// Most fields visited while checking one document (fragments can multiply a small
/// document's fields exponentially): past it, the request is refused as too large.
const MAX_FIELDS_VISITED: usize = 100_000;

/// The extension checking [`check`] on every request.
pub struct RequestLimits;

impl ExtensionFactory for RequestLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestLimitsExtension)
    }
}

struct RequestLimitsExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for RequestLimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let logged_in = ctx
            .data_opt::<Caller>()
            .is_some_and(|c| c.session.is_some());
        let public = ctx
            .data_opt::<ApiContext>()
            .is_some_and(|api| api.settings.public_introspection);
        check(&document, variables, logged_in || public)?;
        Ok(document)
    }
}

fn refused(reason: &str, message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", "VALIDATION");
    extensions.set("reason", reason);
    error
}

/// Checks the limits of the module doc on every operation of `document`.
pub fn check(
    document: &ExecutableDocument,
    variables: &Variables,
    introspection_allowed: bool,
) -> ServerResult<()> {
    let walker = Walker::new(document, variables);
    let operations: Vec<_> = match &document.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values().collect(),
    };
    for operation in operations {
        let root = walker.fields(&operation.node.selection_set.node, 0);
        if operation.node.ty == OperationType::Mutation {
            let logins = root.iter().filter(|f| f.name.node == "login").count();
            if logins > 1 {
                return Err(refused(
                    "ONE_LOGIN_PER_REQUEST",
                    format!("one login per request ({logins} asked)"),
                ));
            }
        }
        if !introspection_allowed
            && root
                .iter()
                .any(|f| f.name.node == "__schema" || f.name.node == "__type")
        {
            return Err(refused(
                "INTROSPECTION_REQUIRES_LOGIN",
                "the schema is described to logged-in callers only".to_owned(),
            ));
        }
        let cost = walker.cost(&operation.node.selection_set.node, 0);
        if cost > MAX_PAGED_COST || walker.exhausted() {
            return Err(refused(
                "QUERY_TOO_LARGE",
                format!(
                    "the request could return too much ({cost} > {MAX_PAGED_COST}, counting each page's rows): ask for fewer or smaller pages"
                ),
            ));
        }
    }
    Ok(())
}

/// The paged cost of one operation, for tests and tools (see the module doc).
pub fn paged_cost(document: &ExecutableDocument, variables: &Variables) -> u64 {
    let walker = Walker::new(document, variables);
    match &document.operations {
        DocumentOperations::Single(op) => walker.cost(&op.node.selection_set.node, 0),
        DocumentOperations::Multiple(ops) => ops
            .values()
            .map(|op| walker.cost(&op.node.selection_set.node, 0))
            .max()
            .unwrap_or(0),
    }
}

struct Walker<'a> {
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    /// Fields still allowed to be visited.
    budget: std::cell::Cell<usize>,
}

impl<'a> Walker<'a> {
    fn new(document: &'a ExecutableDocument, variables: &'a Variables) -> Self {
        Self {
            document,
            variables,
            budget: std::cell::Cell::new(MAX_FIELDS_VISITED),
        }
    }

    fn exhausted(&self) -> bool {
        self.budget.get() == 0
    }

    /// The fields a selection set selects, fragments (spread or inline) expanded.
    fn fields(&self, set: &'a SelectionSet, depth: usize) -> Vec<&'a Field> {
        let mut out = Vec::new();
        if depth > MAX_FRAGMENT_DEPTH || self.exhausted() {
            return out;
        }
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    if self.exhausted() {
                        return out;
                    }
                    self.budget.set(self.budget.get() - 1);
                    out.push(&field.node);
                }
                Selection::InlineFragment(fragment) => {
                    out.extend(self.fields(&fragment.node.selection_set.node, depth + 1));
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) =
                        self.document.fragments.get(&spread.node.fragment_name.node)
                    {
                        out.extend(self.fields(&fragment.node.selection_set.node, depth + 1));
                    }
                }
            }
        }
        out
    }

    /// The rows a connection field may return: its `first` (or `last`) argument, literal or
    /// variable, else [`DEFAULT_PAGE`].
    fn page(&self, field: &Field) -> u64 {
        let argument = field
            .arguments
            .iter()
            .find(|(name, _)| name.node == "first" || name.node == "last")
            .map(|(_, value)| &value.node);
        let number = argument
            .and_then(|value| {
                value
                    .clone()
                    .into_const_with(|name| self.variables.get(&name).cloned().ok_or(()))
                    .ok()
            })
            .and_then(|value| match value {
                Value::Number(n) => n.as_i64(),
                _ => None,
            })
            // A number that is no `Int` is refused when the argument is parsed, with its
            // field (`OUT_OF_RANGE` on `first`): count the default page meanwhile.
            .filter(|n| i32::try_from(*n).is_ok());
        number.map_or(DEFAULT_PAGE, |n| u64::try_from(n.max(1)).unwrap_or(1))
    }

    fn cost(&self, set: &'a SelectionSet, depth: usize) -> u64 {
        if depth > MAX_FRAGMENT_DEPTH * 4 || self.exhausted() {
            return u64::MAX;
        }
        let mut total: u64 = 0;
        for field in self.fields(set, 0) {
            let children = self.fields(&field.selection_set.node, 0);
            let is_connection = children
                .iter()
                .any(|c| c.name.node == "edges" || c.name.node == "nodes");
            let rows = if is_connection { self.page(field) } else { 1 };
            let mut inner: u64 = 0;
            for child in children {
                let cost = 1u64.saturating_add(self.cost(&child.selection_set.node, depth + 1));
                let cost = if child.name.node == "edges" || child.name.node == "nodes" {
                    cost.saturating_mul(rows)
                } else {
                    cost
                };
                inner = inner.saturating_add(cost);
            }
            total = total.saturating_add(1).saturating_add(inner);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cost(query: &str) -> u64 {
        let document = async_graphql::parser::parse_query(query).unwrap();
        paged_cost(&document, &Variables::default())
    }

    fn reason(query: &str, introspection: bool) -> Option<String> {
        let document = async_graphql::parser::parse_query(query).unwrap();
        check(&document, &Variables::default(), introspection)
            .err()
            .and_then(|e| match e.extensions.unwrap().get("reason") {
                Some(Value::String(r)) => Some(r.clone()),
                _ => None,
            })
    }

    #[test]
    fn given_a_page_of_500_when_costed_then_each_row_counts() {
        assert_eq!(cost("{ a { b } }"), 2);
        // people 1 + edges (1 + node (1 + username 1)) × 500
        assert_eq!(
            cost("{ people(first: 500) { edges { node { username } } } }"),
            1 + 3 * 500
        );
        // Without `first`: the default page.
        assert_eq!(
            cost("{ roles { nodes { code } totalCount } }"),
            1 + 2 * 100 + 1
        );
    }

    #[test]
    fn given_a_hundred_large_pages_when_checked_then_refused_as_too_large() {
        let many: String = (0..100)
            .map(|i| format!("p{i}: people(first: 500) {{ edges {{ node {{ id }} }} }} "))
            .collect();
        assert_eq!(
            reason(&format!("{{ {many} }}"), true).as_deref(),
            Some("QUERY_TOO_LARGE")
        );
        assert_eq!(
            reason(
                "{ people(first: 500) { edges { node { id username } } } }",
                true
            ),
            None
        );
    }

    #[test]
    fn given_logins_behind_aliases_and_fragments_when_checked_then_one_only() {
        let one = "mutation { login(input: {username: \"a\", password: \"b\"}) { token } }";
        assert_eq!(reason(one, false), None);
        let aliased = "mutation { a: login(input: {username: \"a\", password: \"b\"}) { token } b: login(input: {username: \"a\", password: \"c\"}) { token } }";
        assert_eq!(
            reason(aliased, false).as_deref(),
            Some("ONE_LOGIN_PER_REQUEST")
        );
        let fragments = "fragment F on Mutation { x: login(input: {username: \"a\", password: \"b\"}) { token } } mutation { ... on Mutation { y: login(input: {username: \"a\", password: \"c\"}) { token } } ...F }";
        assert_eq!(
            reason(fragments, false).as_deref(),
            Some("ONE_LOGIN_PER_REQUEST")
        );
    }

    #[test]
    fn given_an_anonymous_caller_when_it_asks_the_schema_then_refused() {
        let query = "{ __schema { queryType { name } } }";
        assert_eq!(
            reason(query, false).as_deref(),
            Some("INTROSPECTION_REQUIRES_LOGIN")
        );
        assert_eq!(reason(query, true), None);
        assert_eq!(reason("{ __typename }", false), None);
    }

    #[test]
    fn given_fragments_that_multiply_fields_when_checked_then_refused_without_walking_them_all() {
        let mut query = String::from("{ ...F0 }");
        for i in 0..40 {
            query.push_str(&format!(
                " fragment F{i} on Query {{ a: x {{ ...F{n} }} b: x {{ ...F{n} }} }}",
                n = i + 1
            ));
        }
        query.push_str(" fragment F40 on Query { y }");
        assert_eq!(reason(&query, true).as_deref(), Some("QUERY_TOO_LARGE"));
    }
}
