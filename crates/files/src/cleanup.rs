//! The cleanup of unattached uploads.
//!
//! An upload may be attached for [`Uploads::retention`] (24 hours by default); bytes that
//! nothing attached by then are removed after a further [`GRACE`], so an attach that checked
//! the upload just before its window closed has long appended its event (and marked the
//! bytes attached) when the cleanup looks. Only bytes an upload brought into the store are
//! ever removed: bytes stored before their first upload (a signed PDF the server made, a file
//! someone else attached and another person uploads again) are never candidates, and bytes
//! marked attached never are. Several servers may sweep at once: each hash is forgotten by
//! one atomic statement, and removing bytes already removed is no error.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::error::FileError;
use crate::store::FileStore;
use crate::uploads::Uploads;

/// How long after an upload stops being attachable its bytes may be removed.
pub const GRACE: Duration = Duration::from_secs(60 * 60);

/// How many hashes are looked at per round.
const BATCH: i64 = 500;

/// Removes the bytes of uploads nothing attached, as of `now`; returns how many files were
/// removed.
pub async fn sweep(
    store: &FileStore,
    uploads: &Uploads,
    now: DateTime<Utc>,
) -> Result<usize, FileError> {
    let grace = chrono::Duration::from_std(GRACE).unwrap_or(chrono::Duration::MAX);
    let cutoff = uploads.attachable_since(now) - grace;
    let mut removed = 0;
    loop {
        let batch = uploads.removable(cutoff, BATCH).await?;
        let full = batch.len() as i64 == BATCH;
        for sha256 in batch {
            if uploads.forget(&sha256, cutoff).await? {
                store.remove(&sha256).await?;
                tracing::info!(%sha256, "unattached upload removed");
                removed += 1;
            }
        }
        if !full {
            return Ok(removed);
        }
    }
}
