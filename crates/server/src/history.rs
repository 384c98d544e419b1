//! History that proves itself, as the operator runs it: `events verify` (every stream's own
//! chain, the global chain against the stored events, and the latest signed checkpoint),
//! `events checkpoint` (catch the global chain up and sign its head), and the server's
//! periodic checkpoints.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use chancery_commands::checkpoints::Checkpoints;
use chancery_commands::signatures::Vault;
use chancery_commands::{CommandError, Commands};
use chancery_event_store::EventStore;
use chancery_event_store::chain::GlobalChain;
use chancery_files::FileStore;
use tokio::sync::watch;

/// `chancery events verify`: prints every problem as a `TAMPERED:` line; exit 1 when history
/// was altered.
pub async fn verify(
    store: &dyn EventStore,
    chain: &GlobalChain,
    checkpoints: Checkpoints<'_>,
) -> anyhow::Result<ExitCode> {
    let streams = chancery_event_store::verify::verify_all(store).await?;
    for problem in &streams.problems {
        println!("TAMPERED: {problem}");
    }
    let latest = checkpoints.latest().await?;
    let mut altered = !streams.is_intact();
    let signed = match &latest {
        None => {
            println!(
                "no signed checkpoint yet: the global chain is checked against its table only"
            );
            None
        }
        Some(checked) if !checked.valid => {
            altered = true;
            println!(
                "TAMPERED: checkpoint {}: {}",
                checked.name,
                checked.problem.as_deref().unwrap_or("not valid")
            );
            None
        }
        Some(checked) => {
            if let Some(c) = &checked.checkpoint {
                println!(
                    "checkpoint {}: position {} head {} signed at {} by {}: signature valid",
                    checked.name, c.position, c.head, c.signed_at, c.organisation_name
                );
            }
            checked.signed_head()
        }
    };
    let report = chain.verify(signed).await?;
    for problem in &report.problems {
        println!("TAMPERED: {problem}");
    }
    altered |= !report.is_intact();
    println!(
        "global chain: {} events chained, {} not chained yet{}",
        report.chained,
        report.pending,
        if report.checkpoint_checked {
            ", checked against the signed checkpoint"
        } else {
            ""
        }
    );
    println!(
        "{} events in {} streams checked: {}",
        streams.events_checked,
        streams.streams_checked,
        if altered {
            "HISTORY WAS ALTERED"
        } else {
            "intact"
        }
    );
    Ok(if altered {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `chancery events checkpoint`: chains everything committed and signs the head. Exit 1 (with
/// the reason) when no key can sign yet.
pub async fn checkpoint(
    chain: &GlobalChain,
    checkpoints: Checkpoints<'_>,
    vault: &Vault,
) -> anyhow::Result<ExitCode> {
    let Some(head) = chain.catch_up().await? else {
        println!("no events yet: nothing to sign");
        return Ok(ExitCode::from(1));
    };
    match checkpoints.sign(vault, head, chrono::Utc::now()).await {
        Ok(c) => {
            println!(
                "checkpoint {} signed: position {} head {} by {}",
                c.file_name(),
                c.position,
                c.head,
                c.organisation_name
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(CommandError::Refused(e)) => {
            println!("checkpoint refused ({}): {}", e.code, e.detail);
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

/// What the periodic checkpoints need.
pub struct Periodic {
    pub chain: Arc<GlobalChain>,
    pub commands: Arc<Commands>,
    pub files: Arc<FileStore>,
    pub vault: Arc<Vault>,
    pub witnesses: Vec<PathBuf>,
    pub every: Duration,
}

/// Every `every`, signs the chain's head when it moved past the latest checkpoint. Several
/// servers may each sign one (the same head, another time): harmless.
pub fn spawn_checkpoints(
    periodic: Periodic,
    mut shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut told_no_key = false;
        loop {
            tokio::select! {
                () = tokio::time::sleep(periodic.every) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                return;
            }
            let checkpoints = Checkpoints {
                commands: &periodic.commands,
                files: &periodic.files,
                witnesses: &periodic.witnesses,
            };
            match sign_if_moved(&periodic, checkpoints).await {
                Ok(()) => told_no_key = false,
                Err(CommandError::Refused(e)) if e.code == "NO_SIGNING_KEY" => {
                    if !told_no_key {
                        tracing::warn!(reason = %e.detail, "history checkpoint not signed");
                        told_no_key = true;
                    }
                }
                Err(error) => tracing::warn!(%error, "history checkpoint failed"),
            }
        }
    })
}

async fn sign_if_moved(
    periodic: &Periodic,
    checkpoints: Checkpoints<'_>,
) -> Result<(), CommandError> {
    let Some(head) = periodic.chain.head().await? else {
        return Ok(());
    };
    let latest = checkpoints
        .latest()
        .await?
        .and_then(|c| c.checkpoint.map(|c| c.position));
    if latest.is_some_and(|p| p >= head.position.0) {
        return Ok(());
    }
    let c = checkpoints
        .sign(&periodic.vault, head, chrono::Utc::now())
        .await?;
    tracing::info!(position = c.position, "history checkpoint signed");
    Ok(())
}
