//! Files by their hash: the upload use case (store the bytes, record who brought them) and the
//! step every use case attaching files by hash goes through (receiving a document, a draft,
//! a version, an action's files, an opinion's file, a marked-up copy, a signing key's image).
//!
//! Knowing a hash is not enough to attach a file (hashes are in every download address):
//! [`attach`] asks [`access::may_attach_file`] whether the caller uploaded the bytes
//! themselves within the retention period ([`Uploads::uploaded_by`]) or the document being
//! changed already carries them and the caller may read it. The answer does not depend on
//! whether the bytes are stored, so a refusal tells nothing about other people's files. The
//! bytes attached are then marked so that the cleanup of unattached uploads never removes
//! them — before the caller appends the event attaching them.

use crate::caller::Caller;
use chancery_domain::DomainError;
use chancery_domain::access::{self, DocumentFacts, FileOrigin};
use chancery_domain::document::FileRef;
use chancery_domain::ids::UserId;
use chancery_files::{FileError, FileStore, StoredFile, Uploads, is_valid_hash};
use chrono::{DateTime, Utc};

use crate::CommandError;

/// At most this many files are attached by one input.
pub const MAX_FILES: usize = 100;

/// A file an input names by its hash, under a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWanted {
    pub sha256: String,
    pub name: String,
}

/// The document an input changes, whose own files may be attached again.
#[derive(Debug, Clone, Copy)]
pub struct Carrier<'a> {
    pub facts: &'a DocumentFacts,
    /// Every file the document carries (every version's, the signed copies).
    pub files: &'a [&'a FileRef],
}

/// Stores an upload of `person` arriving as `chunks` and records that they brought it.
pub async fn upload<S, E>(
    files: &FileStore,
    uploads: &Uploads,
    person: UserId,
    name: &str,
    chunks: S,
    now: DateTime<Utc>,
) -> Result<StoredFile, FileError>
where
    S: futures::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let uploaded = files.upload(name, chunks).await?;
    uploads
        .record(person.0, &uploaded.file.sha256, uploaded.created, now)
        .await?;
    Ok(uploaded.file)
}

/// The files `wanted`, checked and described from their bytes, ready for an event: each
/// must be the caller's own upload or a file of `carrier` they may read
/// ([`access::may_attach_file`], `FORBIDDEN` `FILE_NOT_YOURS`), and still be stored and
/// acceptable (`VALIDATION` `FILE_NOT_UPLOADED`, `FORBIDDEN_TYPE`, `ACTIVE_PDF_CONTENT`…).
pub async fn attach(
    files: &FileStore,
    uploads: &Uploads,
    caller: &Caller,
    carrier: Option<Carrier<'_>>,
    wanted: Vec<FileWanted>,
) -> Result<Vec<FileRef>, CommandError> {
    let (principal, organisation, now) = (&caller.principal, &*caller.organisation, caller.now());
    if wanted.len() > MAX_FILES {
        return Err(
            DomainError::validation("files", "TOO_MANY", "at most 100 files at once").into(),
        );
    }
    let mut refs = Vec::with_capacity(wanted.len());
    for file in wanted {
        let sha256 = file.sha256.trim().to_ascii_lowercase();
        if !is_valid_hash(&sha256) {
            return Err(DomainError::validation(
                "files",
                "BAD_HASH",
                "not a SHA-256 hash (64 hexadecimal characters)",
            )
            .into());
        }
        let uploaded_by_caller = uploads
            .uploaded_by(principal.person.0, &sha256, now)
            .await?;
        let carried_by = carrier
            .filter(|c| c.files.iter().any(|f| f.sha256 == sha256))
            .map(|c| c.facts);
        access::may_attach_file(
            principal,
            organisation,
            &FileOrigin {
                uploaded_by_caller,
                carried_by,
            },
        )
        .map_err(|denied| match denied {
            access::Denied::Forbidden(code) => DomainError::forbidden(
                code,
                "attach only files you uploaded, or files of a document you may read",
            ),
            access::Denied::Unauthenticated => {
                DomainError::forbidden("UNAUTHENTICATED", "log in first")
            }
        })?;
        let stored = files
            .describe(&sha256, &file.name)
            .await
            .map_err(|e| match e {
                FileError::NotFound { .. } => CommandError::Refused(DomainError::validation(
                    "files",
                    "FILE_NOT_UPLOADED",
                    "upload the file to /files first",
                )),
                FileError::BadHash
                | FileError::Empty
                | FileError::TooLarge { .. }
                | FileError::ForbiddenType { .. }
                | FileError::ActiveContent { .. } => {
                    CommandError::Refused(DomainError::validation("files", e.code(), e.to_string()))
                }
                other => CommandError::Files(other),
            })?;
        refs.push(FileRef {
            sha256: stored.sha256,
            name: stored.name,
            media_type: stored.media_type,
            size: stored.size,
        });
    }
    let hashes: Vec<String> = refs.iter().map(|f| f.sha256.clone()).collect();
    if !hashes.is_empty() {
        uploads.mark_attached(&hashes, now).await?;
    }
    Ok(refs)
}
