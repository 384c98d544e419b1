//! Statement counts for the benchmarks (`CHANCERY_BENCH_PG_STATS=1`): which SQL statements a
//! phase, or one operation, cost the database, counted by `pg_stat_statements` in the
//! benchmark's private cluster. Counts are deterministic where wall-clock figures are not (a
//! shared machine scatters them), so they are what tells two versions' work apart.
//!
//! Every count is taken once the projections and reactions have passed everything written
//! ([`settle`]), so the background work a write causes counts with the write.

use std::collections::BTreeMap;
use std::time::Duration;

use chancery_event_store::EventStore;
use chancery_projector::{ProjectionEngine, ReactionEngine};

/// How long [`settle`] waits for the runners at most.
const SETTLE: Duration = Duration::from_secs(120);

/// Waits until every projection and every reaction of this process has passed the head of
/// `$all`, and the head no longer moves (reactions append).
pub(crate) async fn settle(
    store: &dyn EventStore,
    engine: &ProjectionEngine,
    reactions: &ReactionEngine,
) -> anyhow::Result<()> {
    loop {
        let head = store.head_position().await?;
        for name in reactions.names() {
            let mut passed = reactions.watch(name)?;
            tokio::time::timeout(SETTLE, passed.wait_for(|p| *p >= head.0)).await??;
        }
        engine.wait_for(head, &engine.names(), SETTLE).await?;
        if store.head_position().await? == head {
            return Ok(());
        }
    }
}

/// The statements counted since the last reset: calls and rows per statement text (top-level
/// statements; those run inside functions, as `chancery_append`'s, are marked `*`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Counts {
    pub statements: BTreeMap<String, (u64, u64)>,
}

impl Counts {
    /// Top-level calls (round trips, but for the statements of a batch).
    pub fn calls(&self) -> u64 {
        self.statements
            .iter()
            .filter(|(q, _)| !q.starts_with('*'))
            .map(|(_, (c, _))| c)
            .sum()
    }

    pub fn add(&mut self, other: &Counts) {
        for (query, (calls, rows)) in &other.statements {
            let entry = self.statements.entry(query.clone()).or_default();
            entry.0 += calls;
            entry.1 += rows;
        }
    }

    /// Prints the total and the `top` statements by calls, each per `per` units of work.
    pub fn print(&self, title: &str, per: f64, unit: &str, top: usize) {
        let per = per.max(1.0);
        let rows: u64 = self
            .statements
            .iter()
            .filter(|(q, _)| !q.starts_with('*'))
            .map(|(_, (_, r))| r)
            .sum();
        eprintln!(
            "pg_stat_statements calls, {title}: {:.1} top-level calls and {:.1} rows per {unit} \
             ({} calls, {per} {unit}s; * nested)",
            self.calls() as f64 / per,
            rows as f64 / per,
            self.calls(),
        );
        let mut sorted: Vec<_> = self.statements.iter().collect();
        sorted.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        eprintln!("{:>8} {:>8}  query", "calls", "rows");
        for (query, (calls, rows)) in sorted.into_iter().take(top) {
            eprintln!(
                "{:>8.2} {:>8.1}  {query}",
                *calls as f64 / per,
                *rows as f64 / per
            );
        }
    }
}

/// The counts since the last reset, then resets them.
pub(crate) async fn take(pool: &deadpool_postgres::Pool) -> anyhow::Result<Counts> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT calls, rows, toplevel, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) \
               FROM pg_stat_statements \
              WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                AND query NOT LIKE '%pg_stat_statements%'",
            &[],
        )
        .await?;
    client
        .batch_execute("SELECT pg_stat_statements_reset()")
        .await?;
    let mut counts = Counts::default();
    for r in rows {
        let calls: i64 = r.get(0);
        let rows: i64 = r.get(1);
        let nested = if r.get::<_, bool>(2) { "" } else { "*" };
        let query: String = r.get(3);
        let entry = counts
            .statements
            .entry(format!("{nested}{query}"))
            .or_default();
        entry.0 += u64::try_from(calls).unwrap_or(0);
        entry.1 += u64::try_from(rows).unwrap_or(0);
    }
    Ok(counts)
}
