//! History that proves itself, for auditors: the latest signed checkpoint of stored history
//! (the head of the global hash chain, signed with the organisation's seal key; see
//! `chancery_commands::checkpoints` and `chancery_event_store::chain`), whether its signature
//! holds and whether the chain still holds the signed head. The full check of every event is
//! the operator's `chancery events verify`.

use async_graphql::{Context, Object, SimpleObject};
use chancery_commands::CommandError;
use chancery_commands::checkpoints::{Checkpoint, Checkpoints};
use chancery_domain::access::Action;
use chrono::{DateTime, Utc};

use crate::ApiError;
use crate::auth::{api, guard};

/// A signed checkpoint of stored history.
#[derive(SimpleObject)]
pub struct HistoryCheckpoint {
    /// The global position of the signed head (a string: positions exceed 32 bits).
    pub position: String,
    /// The global hash at that position, hexadecimal.
    pub head_hash: String,
    pub signed_at: DateTime<Utc>,
    /// The unit whose seal key signed.
    pub organisation: String,
    /// SHA-256 of the signer's certificate, hexadecimal.
    pub certificate_fingerprint: String,
    /// The signature verifies with the certificate the checkpoint carries, and that
    /// certificate is one of an organisation's registered keys.
    pub signature_valid: bool,
    /// The chain of stored events still holds the signed head at its position.
    pub chain_matches: bool,
}

#[derive(Default)]
pub struct HistoryQuery;

#[Object]
impl HistoryQuery {
    /// The latest signed checkpoint of stored history (null before the first): auditors.
    async fn history_checkpoint(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<HistoryCheckpoint>> {
        guard(ctx, &Action::ViewHistoryCheckpoints).await?;
        let api = api(ctx)?;
        let checkpoints = Checkpoints {
            commands: &api.commands,
            files: &api.files,
            witnesses: &api.settings.checkpoint_witnesses,
        };
        let Some(checked) = checkpoints.latest().await.map_err(ApiError::from)? else {
            return Ok(None);
        };
        let Some(checkpoint) = checked.checkpoint.as_ref() else {
            return Ok(None);
        };
        let chain_matches = match checkpoint.chain_head() {
            Some(head) => {
                chancery_event_store::chain::link_at(&api.pool, head.position)
                    .await
                    .map_err(|e| ApiError::from(CommandError::from(e)))?
                    == Some(head.hash)
            }
            None => false,
        };
        Ok(Some(view(checkpoint, checked.valid, chain_matches)))
    }
}

fn view(c: &Checkpoint, signature_valid: bool, chain_matches: bool) -> HistoryCheckpoint {
    HistoryCheckpoint {
        position: c.position.to_string(),
        head_hash: c.head.clone(),
        signed_at: c.signed_at,
        organisation: c.organisation_name.clone(),
        certificate_fingerprint: c.certificate_fingerprint.clone(),
        signature_valid,
        chain_matches,
    }
}
