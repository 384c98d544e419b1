//! What needs the caller (the home page and the navigation badge): pending incoming
//! documents, drafts waiting for their review or signature, what is overdue and due soon.
//!
//! Every count is the count of a list the caller can open, filtered by the same rule as
//! that list (`access::read_scope` and its clearance, the inbox's targets and pools, the
//! outgoing to-do list's holders and scopes): a count never includes a row the list would
//! not show. `workCounts` answers once; the `workChanged` subscription pushes the same
//! counts whenever they change.

use async_graphql::{Context, Object, SimpleObject};
use chancery_read_models::{inbox, outgoing as model};
use chrono::{DateTime, NaiveDate, Utc};

use crate::auth::{Guard, api};
use crate::documents::{acting, inbox_targets, today, working, working_calendar};
use crate::{ApiContext, ApiError};

/// Working days ahead that count as "due soon" on the home page.
pub const SOON_WORKING_DAYS: u32 = 3;

/// What waits for the caller, in the position they act in.
#[derive(SimpleObject, Clone, Debug, PartialEq, Eq)]
pub struct WorkCounts {
    /// Incoming documents in the pending box (chờ xử lý).
    pub pending: i64,
    /// Of them, not opened since they reached the caller.
    pub pending_unread: i64,
    /// Documents for information (xem để biết) not opened yet.
    pub info_unread: i64,
    /// Outgoing documents waiting for the caller to act: review, approval, signature,
    /// numbering (the outgoing to-do list).
    pub outgoing_to_do: i64,
    /// Pending incoming documents past the caller's deadline.
    pub overdue: i64,
    /// Pending incoming documents due from today to `soonUntil`.
    pub due_soon: i64,
    /// The last day counted as due soon (`SOON_WORKING_DAYS` working days ahead).
    pub soon_until: NaiveDate,
    /// The navigation badge: pending work, incoming and outgoing (not unread items).
    pub badge: i64,
}

/// The caller's counts now.
pub(crate) async fn work_counts(
    api: &ApiContext,
    guard: &Guard,
    now: DateTime<Utc>,
) -> Result<WorkCounts, ApiError> {
    let acting = acting(guard)?;
    let clearance = guard
        .principal
        .as_ref()
        .map(|p| p.clearance)
        .unwrap_or_default();
    let day = today(now);
    let catalogues = api.commands.catalogues().await.map_err(ApiError::from)?;
    let country = guard.organisation.country_of(acting.unit);
    let soon_until =
        working_calendar(&catalogues, country, day).add_working_days(day, SOON_WORKING_DAYS);
    let targets = inbox_targets(&guard.organisation, acting);
    let asker = crate::outgoing::asker(guard)?;
    let client = api.read_client().await?;
    let counts = inbox::work_counts(&**client, &targets, clearance, day, soon_until)
        .await
        .map_err(ApiError::internal)?;
    let (_, outgoing_to_do) = model::work(&**client, &asker, model::List::ToDo, None, None, 1)
        .await
        .map_err(ApiError::internal)?;
    // Counted up to `COUNT_CAP` (a to-do list is far shorter).
    let outgoing_to_do = outgoing_to_do.count;
    Ok(WorkCounts {
        pending: counts.pending,
        pending_unread: counts.pending_unread,
        info_unread: counts.info_unread,
        outgoing_to_do,
        overdue: counts.overdue,
        due_soon: counts.due_soon,
        soon_until,
        badge: counts.pending + outgoing_to_do,
    })
}

#[derive(Default)]
pub struct HomeQuery;

#[Object]
impl HomeQuery {
    /// What needs the caller, in the position they act in: each count is that of the list
    /// it links to (the pending box, the outgoing to-do list, the pending box's overdue
    /// and due-soon filters), under the same access rule.
    async fn work_counts(&self, ctx: &Context<'_>) -> async_graphql::Result<WorkCounts> {
        let guard = working(ctx).await?;
        let api = api(ctx)?;
        Ok(work_counts(api, &guard, guard.now).await?)
    }
}
