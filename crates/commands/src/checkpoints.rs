//! Signed checkpoints of stored history: the head of the global chain
//! (`chancery_event_store::chain`) — its position and hash — with the time, signed with an
//! organisation's seal key and stored outside the events table: one file per checkpoint in the
//! file store (`records/checkpoints/`), and a copy in every witness folder the operator
//! configured (folders copied off the machine).
//!
//! A checkpoint is verified with the certificate it carries alone (RSASSA-PKCS1-v1_5 over
//! SHA-256 of [`Checkpoint::message`]); Chancery also requires that certificate to be one of an
//! organisation's registered keys, so a key made up by whoever can write files is refused.
//!
//! The key: the seal key of an agency at the top of the organisation (a unit without a parent)
//! when one has a key valid now, else any organisation key valid now (the first by unit code).
//! Without one, signing is refused (`NO_SIGNING_KEY`) with a message saying what to do.

use std::path::{Path, PathBuf};

use chancery_domain::DomainError;
use chancery_domain::organisation::Organisation;
use chancery_domain::signing::{Key, KeyOwner, KeyRing};
use chancery_event_store::GlobalPosition;
use chancery_event_store::chain::ChainHead;
use chancery_files::FileStore;
use chancery_signing::detached;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::signatures::Vault;
use crate::{CommandError, Commands};

/// The record kind (folder) of checkpoints in the file store.
pub const RECORD_KIND: &str = "checkpoints";
/// The format tag, also the first line of the signed message.
pub const FORMAT: &str = "chancery-checkpoint-v1";

/// One signed checkpoint, as stored (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    pub format: String,
    /// The position of the chain's head.
    pub position: u64,
    /// The global hash at that position, hexadecimal.
    pub head: String,
    pub signed_at: DateTime<Utc>,
    /// The unit whose seal key signed.
    pub organisation: Uuid,
    pub organisation_name: String,
    pub key_id: Uuid,
    /// The signer's certificate, DER in hexadecimal.
    pub certificate: String,
    /// SHA-256 of the certificate's DER, hexadecimal.
    pub certificate_fingerprint: String,
    /// The signature of [`Checkpoint::message`], hexadecimal.
    pub signature: String,
}

impl Checkpoint {
    /// The exact bytes signed.
    pub fn message(&self) -> Vec<u8> {
        format!(
            "{FORMAT}\nposition {}\nhead {}\nsigned-at {}\norganisation {}\n",
            self.position,
            self.head,
            self.signed_at.to_rfc3339_opts(SecondsFormat::Micros, true),
            self.organisation
        )
        .into_bytes()
    }

    /// The file name: ordered by position, then time.
    pub fn file_name(&self) -> String {
        format!(
            "{:020}-{:016}.json",
            self.position,
            self.signed_at.timestamp_micros().max(0)
        )
    }

    /// The chain head it signs (`None` if its hash does not parse).
    pub fn chain_head(&self) -> Option<ChainHead> {
        let bytes = hex::decode(&self.head).ok()?;
        Some(ChainHead {
            position: GlobalPosition(self.position),
            hash: bytes.try_into().ok()?,
        })
    }
}

/// The latest checkpoint found and what checking it found.
#[derive(Debug, Clone)]
pub struct CheckedCheckpoint {
    /// Its file name.
    pub name: String,
    /// `None` when the file does not read as a checkpoint.
    pub checkpoint: Option<Checkpoint>,
    /// The signature verifies with the certificate it carries, and that certificate is an
    /// organisation's registered key.
    pub valid: bool,
    /// Why it is not valid.
    pub problem: Option<String>,
}

impl CheckedCheckpoint {
    /// The signed head, when the checkpoint is valid.
    pub fn signed_head(&self) -> Option<ChainHead> {
        self.checkpoint
            .as_ref()
            .filter(|_| self.valid)
            .and_then(Checkpoint::chain_head)
    }
}

fn internal(cause: impl std::fmt::Display) -> CommandError {
    CommandError::Internal(cause.to_string())
}

/// Where checkpoints are kept and what checks them.
#[derive(Clone, Copy)]
pub struct Checkpoints<'a> {
    pub commands: &'a Commands,
    pub files: &'a FileStore,
    /// Folders every checkpoint is copied into.
    pub witnesses: &'a [PathBuf],
}

impl Checkpoints<'_> {
    /// Signs `head` at `now` with the organisation's seal key and stores the checkpoint in the
    /// file store and every witness folder.
    pub async fn sign(
        &self,
        vault: &Vault,
        head: ChainHead,
        now: DateTime<Utc>,
    ) -> Result<Checkpoint, CommandError> {
        let ring = self.commands.key_ring().await?;
        let organisation = self.commands.organisation().await?;
        let (unit, key) = checkpoint_key(&ring, &organisation, now)?;
        let signer = vault.open(self.files, &key).await?;
        let leaf = chancery_signing::Signer::certificate_chain(&signer)
            .first()
            .ok_or_else(|| internal("the signing key has no certificate"))?;
        let der = detached::certificate_der(leaf)
            .ok_or_else(|| internal("the certificate does not encode"))?;
        let mut checkpoint = Checkpoint {
            format: FORMAT.to_owned(),
            position: head.position.0,
            head: hex::encode(head.hash),
            // Microseconds: what the message carries.
            signed_at: DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now),
            organisation: unit.0,
            organisation_name: organisation
                .units
                .get(&unit)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            key_id: key.registered.key_id,
            certificate: hex::encode(&der),
            certificate_fingerprint: chancery_signing::certificate_fingerprint(leaf),
            signature: String::new(),
        };
        let signature = detached::sign_message(&signer, &checkpoint.message())
            .await
            .map_err(internal)?;
        checkpoint.signature = hex::encode(signature);
        let bytes = serde_json::to_vec_pretty(&checkpoint).map_err(internal)?;
        let name = checkpoint.file_name();
        self.files
            .put_record(RECORD_KIND, &name, bytes.clone().into())
            .await?;
        for witness in self.witnesses {
            let path = witness.join(&name);
            let bytes = bytes.clone();
            let dir = witness.clone();
            tokio::task::spawn_blocking(move || {
                std::fs::create_dir_all(&dir)?;
                std::fs::write(&path, bytes)
            })
            .await
            .map_err(internal)?
            .map_err(|e| internal(format!("witness folder {}: {e}", witness.display())))?;
        }
        Ok(checkpoint)
    }

    /// The latest checkpoint in the file store or any witness folder (a checkpoint removed
    /// from the file store is still found in a witness), checked.
    pub async fn latest(&self) -> Result<Option<CheckedCheckpoint>, CommandError> {
        let mut newest: Option<(String, Option<PathBuf>)> = None;
        for name in self.files.list_records(RECORD_KIND).await? {
            if newest.as_ref().is_none_or(|(n, _)| name > *n) {
                newest = Some((name, None));
            }
        }
        for witness in self.witnesses {
            for name in witness_names(witness).await {
                if newest.as_ref().is_none_or(|(n, _)| name > *n) {
                    newest = Some((name, Some(witness.clone())));
                }
            }
        }
        let Some((name, witness)) = newest else {
            return Ok(None);
        };
        let bytes = match witness {
            None => self.files.get_record(RECORD_KIND, &name).await?.to_vec(),
            Some(dir) => tokio::fs::read(dir.join(&name)).await.map_err(internal)?,
        };
        let ring = self.commands.key_ring().await?;
        Ok(Some(check(name, &bytes, &ring)))
    }
}

/// Checks a stored checkpoint's bytes against the key ring.
pub fn check(name: String, bytes: &[u8], ring: &KeyRing) -> CheckedCheckpoint {
    let invalid = |checkpoint, problem: &str| CheckedCheckpoint {
        name: name.clone(),
        checkpoint,
        valid: false,
        problem: Some(problem.to_owned()),
    };
    let checkpoint: Checkpoint = match serde_json::from_slice(bytes) {
        Ok(c) => c,
        Err(_) => return invalid(None, "the file is not a checkpoint"),
    };
    if checkpoint.format != FORMAT || checkpoint.chain_head().is_none() {
        return invalid(Some(checkpoint), "the checkpoint's format is unknown");
    }
    let certificate = hex::decode(&checkpoint.certificate)
        .ok()
        .and_then(|der| detached::certificate_from_der(&der));
    let Some(certificate) = certificate else {
        return invalid(Some(checkpoint), "the certificate does not read");
    };
    let signature = hex::decode(&checkpoint.signature).unwrap_or_default();
    if !detached::verify_message(&certificate, &checkpoint.message(), &signature) {
        return invalid(
            Some(checkpoint),
            "the signature does not match the checkpoint",
        );
    }
    let fingerprint = chancery_signing::certificate_fingerprint(&certificate);
    let known = ring.keys.values().any(|k| {
        matches!(k.registered.owner, KeyOwner::Organisation(_))
            && k.registered.certificate.fingerprint == fingerprint
    });
    if !known || fingerprint != checkpoint.certificate_fingerprint {
        return invalid(
            Some(checkpoint),
            "the certificate is not a registered organisation key",
        );
    }
    CheckedCheckpoint {
        name,
        checkpoint: Some(checkpoint),
        valid: true,
        problem: None,
    }
}

async fn witness_names(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return names;
    };
    while let Ok(Some(entry)) = entries.next_entry().await {
        if let Some(name) = entry.file_name().to_str()
            && name.ends_with(".json")
            && name
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.' || b.is_ascii_lowercase())
        {
            names.push(name.to_owned());
        }
    }
    names
}

/// The key that signs checkpoints (see the module's doc).
fn checkpoint_key(
    ring: &KeyRing,
    organisation: &Organisation,
    now: DateTime<Utc>,
) -> Result<(chancery_domain::ids::UnitId, Key), CommandError> {
    let mut candidates: Vec<(bool, String, chancery_domain::ids::UnitId, &Key)> = ring
        .keys
        .values()
        .filter(|k| !k.revoked && k.valid_at(now))
        .filter_map(|k| match k.registered.owner {
            KeyOwner::Organisation(unit) => organisation
                .units
                .get(&unit)
                .filter(|u| !u.dissolved)
                .map(|u| (u.parent.is_some(), u.code.clone(), unit, k)),
            KeyOwner::Person(_) => None,
        })
        .collect();
    candidates.sort_by(|a, b| {
        (a.0, &a.1).cmp(&(b.0, &b.1)).then(
            b.3.registered
                .certificate
                .not_before
                .cmp(&a.3.registered.certificate.not_before),
        )
    });
    candidates
        .first()
        .map(|(_, _, unit, key)| (*unit, (*key).clone()))
        .ok_or_else(|| {
            CommandError::Refused(DomainError::conflict(
                "NO_SIGNING_KEY",
                "no organisation seal key is registered and valid yet: an administrator registers the agency's seal key (Signing keys) before checkpoints of history can be signed",
            ))
        })
}
