//! [`FileStore`]: content-addressed storage of attachments over an [`ObjectStore`].
//!
//! A file is kept under `sha256/<first two hex digits>/<next two>/<all 64 hex digits>`. The
//! store is written only through `put` with [`PutMode::Create`], so a stored object is never
//! replaced by a concurrent writer; a second `put` of the same bytes finds the object with a
//! `head` request and writes nothing. Hashing and type recognition run on Tokio's blocking
//! threads, so a 50 MiB upload does not stall the runtime.
//!
//! An upload ([`FileStore::upload`]) arrives as a stream of chunks: each chunk is hashed and
//! written to an anonymous temporary file as it arrives (the size limit is enforced while
//! streaming, so an over-large upload is refused at its first byte too many), so a slow or
//! large upload holds one chunk in memory, not the whole file. Only then is the file read back
//! for its type to be recognised and stored; at most [`INSPECTIONS`] files are read back at
//! once per store, which bounds the memory uploads take whatever their number.

use std::path::Path as FsPath;
use std::sync::Arc;

use bytes::Bytes;
use futures::{Stream, StreamExt as _};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, PutMode, PutOptions, PutPayload};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _, AsyncWriteExt as _};
use tokio::sync::Semaphore;

use crate::convert::{Converter, ConverterConfig};
use crate::error::FileError;
use crate::kind::Limits;
use crate::name::clean_name;
use crate::sniff::{Sniffed, sniff};

/// A stored file, as events refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    /// SHA-256 of the bytes, 64 lower-case hexadecimal characters.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The media type recognised from the bytes, e.g. `application/pdf`.
    pub media_type: String,
    /// The cleaned name the uploader gave (see [`clean_name`]).
    pub name: String,
}

/// How many files a store reads whole at the same time to recognise them (an upload read
/// back before it is stored, a stored file described before it is attached).
pub const INSPECTIONS: usize = 2;

/// What an upload stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    pub file: StoredFile,
    /// The upload brought these bytes into the store (they were not stored before). Only
    /// such bytes may ever be removed by the cleanup of unattached uploads.
    pub created: bool,
}

/// Attachments stored by their SHA-256 in an [`ObjectStore`].
#[derive(Debug, Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    limits: Limits,
    inspections: Arc<Semaphore>,
    converter: Converter,
}

impl FileStore {
    /// A store in the local folder `root`, created (with its parents) if missing.
    pub fn local(root: &FsPath, limits: Limits) -> Result<FileStore, FileError> {
        std::fs::create_dir_all(root).map_err(|e| {
            FileError::Storage(object_store::Error::Generic {
                store: "LocalFileSystem",
                source: Box::new(e),
            })
        })?;
        let store = LocalFileSystem::new_with_prefix(root)?;
        Ok(Self::new(Arc::new(store), limits))
    }

    /// A store over any object store (S3, Azure, GCS, memory…).
    pub fn new(store: Arc<dyn ObjectStore>, limits: Limits) -> FileStore {
        FileStore {
            store,
            limits,
            inspections: Arc::new(Semaphore::new(INSPECTIONS)),
            converter: Converter::new(ConverterConfig::default()),
        }
    }

    /// This store, converting Word files to PDF as `config` says.
    pub fn with_converter(mut self, config: ConverterConfig) -> FileStore {
        self.converter = Converter::new(config);
        self
    }

    /// What converts Word files kept here to PDF.
    pub fn converter(&self) -> &Converter {
        &self.converter
    }

    /// The limits this store applies to `put`.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Stores `bytes`, uploaded under `name`, and describes what was stored.
    ///
    /// Refuses empty files, files over [`Limits::max_bytes`] and files whose type, recognised
    /// from the bytes, is not in [`Limits::allowed`]. Storing bytes already stored writes
    /// nothing and returns the same hash.
    pub async fn put(&self, name: &str, bytes: Bytes) -> Result<StoredFile, FileError> {
        let size = bytes.len() as u64;
        self.check_size(size)?;
        let name = clean_name(name);
        let (sha256, name, bytes) = blocking(move || (hash(&bytes), name, bytes)).await?;
        Ok(self.store_checked(sha256, name, bytes).await?.file)
    }

    /// Stores an upload arriving as a stream of chunks (see the module's documentation),
    /// with the checks of [`FileStore::put`]; `Interrupted` when the stream fails.
    pub async fn upload<S, E>(&self, name: &str, mut chunks: S) -> Result<Uploaded, FileError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut temporary = tokio::fs::File::from_std(tempfile::tempfile()?);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|e| FileError::Interrupted(e.to_string()))?;
            size = size.saturating_add(chunk.len() as u64);
            if size > self.limits.max_bytes {
                return Err(FileError::TooLarge {
                    size,
                    max: self.limits.max_bytes,
                });
            }
            hasher.update(&chunk);
            temporary.write_all(&chunk).await?;
        }
        self.check_size(size)?;
        let sha256 = hex::encode(hasher.finalize());
        let name = clean_name(name);
        // Read back one (or INSPECTIONS) at a time: this is where a whole file is in memory.
        let _permit = self
            .inspections
            .acquire()
            .await
            .map_err(|e| FileError::Interrupted(e.to_string()))?;
        temporary.flush().await?;
        temporary.rewind().await?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        temporary.read_to_end(&mut bytes).await?;
        drop(temporary);
        self.store_checked(sha256, name, Bytes::from(bytes)).await
    }

    fn check_size(&self, size: u64) -> Result<(), FileError> {
        if size == 0 {
            return Err(FileError::Empty);
        }
        if size > self.limits.max_bytes {
            return Err(FileError::TooLarge {
                size,
                max: self.limits.max_bytes,
            });
        }
        Ok(())
    }

    /// Recognises and stores bytes already hashed to `sha256`.
    async fn store_checked(
        &self,
        sha256: String,
        name: String,
        bytes: Bytes,
    ) -> Result<Uploaded, FileError> {
        let size = bytes.len() as u64;
        let (sniffed, name, bytes) = blocking(move || (sniff(&bytes, &name), name, bytes)).await?;
        let kind = self.accepted(sniffed)?;
        let path = object_path(&sha256);
        let created = match self.store.head(&path).await {
            Ok(meta) if meta.size == size => {
                tracing::debug!(%sha256, size, "file already stored");
                false
            }
            Ok(meta) => {
                // The object under this hash has the wrong size: it was altered or damaged.
                // The bytes in hand hash to the key, so writing them restores the object.
                tracing::warn!(%sha256, size, stored_size = meta.size, "stored file damaged, rewriting it");
                self.write(&path, bytes, PutMode::Overwrite).await?;
                false
            }
            Err(object_store::Error::NotFound { .. }) => {
                self.write(&path, bytes, PutMode::Create).await?;
                tracing::debug!(%sha256, size, media_type = kind.media_type(), "file stored");
                true
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Uploaded {
            file: StoredFile {
                sha256,
                size,
                media_type: kind.media_type().to_owned(),
                name,
            },
            created,
        })
    }

    fn accepted(&self, sniffed: Sniffed) -> Result<crate::kind::Kind, FileError> {
        match sniffed {
            Sniffed::Accepted(kind) if self.limits.allowed.contains(&kind) => Ok(kind),
            Sniffed::Accepted(kind) => Err(FileError::ForbiddenType {
                detected: kind.media_type().to_owned(),
            }),
            Sniffed::Refused(detected) => Err(FileError::ForbiddenType { detected }),
            Sniffed::Active(found) => Err(FileError::ActiveContent { found }),
        }
    }

    /// Removes the file with this hash (the cleanup of unattached uploads); removing a file
    /// that is not stored is not an error.
    pub async fn remove(&self, sha256: &str) -> Result<(), FileError> {
        let path = checked_path(sha256)?;
        match self.store.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    async fn write(&self, path: &Path, bytes: Bytes, mode: PutMode) -> Result<(), FileError> {
        let options = PutOptions {
            mode,
            ..PutOptions::default()
        };
        match self
            .store
            .put_opts(path, PutPayload::from(bytes), options)
            .await
        {
            // Someone stored the same bytes between our `head` and our `put`.
            Ok(_) | Err(object_store::Error::AlreadyExists { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes of the file with this hash, checked against it.
    ///
    /// `BadHash` if `sha256` is not 64 lower-case hexadecimal characters, `NotFound` if no such
    /// file is stored, `Corrupt` if the stored bytes no longer hash to `sha256`.
    pub async fn get(&self, sha256: &str) -> Result<Bytes, FileError> {
        let path = checked_path(sha256)?;
        let result = match self.store.get(&path).await {
            Ok(result) => result,
            Err(e) => return Err(not_found_or(e, sha256)),
        };
        let bytes = result.bytes().await.map_err(|e| not_found_or(e, sha256))?;
        let (actual, bytes) = blocking(move || (hash(&bytes), bytes)).await?;
        if actual != sha256 {
            tracing::error!(%sha256, %actual, "stored file does not match its hash");
            return Err(FileError::Corrupt {
                sha256: sha256.to_owned(),
                actual,
            });
        }
        Ok(bytes)
    }

    /// Describes a stored file as it would be attached under `name`: its size and the
    /// media type recognised from its bytes (never the name's claim). `NotFound` when no
    /// such file was uploaded; `ForbiddenType` when its kind is no longer accepted.
    pub async fn describe(&self, sha256: &str, name: &str) -> Result<StoredFile, FileError> {
        // The whole file is read and parsed: as many at once as uploads are.
        let _permit = self
            .inspections
            .acquire()
            .await
            .map_err(|e| FileError::Interrupted(e.to_string()))?;
        let bytes = self.get(sha256).await?;
        let name = clean_name(name);
        let size = bytes.len() as u64;
        let (sniffed, name) = blocking(move || (sniff(&bytes, &name), name)).await?;
        let kind = self.accepted(sniffed)?;
        Ok(StoredFile {
            sha256: sha256.to_owned(),
            size,
            media_type: kind.media_type().to_owned(),
            name,
        })
    }

    /// Stores an opaque, encrypted blob (a sealed signing key) apart from the documents'
    /// files: no type check, never served by the document download routes (they read
    /// `sha256/…` objects only). Returns its hash.
    pub async fn put_sealed(&self, bytes: Bytes) -> Result<String, FileError> {
        if bytes.is_empty() {
            return Err(FileError::Empty);
        }
        let (sha256, bytes) = blocking(move || (hash(&bytes), bytes)).await?;
        self.write(&sealed_path(&sha256), bytes, PutMode::Overwrite)
            .await?;
        Ok(sha256)
    }

    /// A blob stored by [`FileStore::put_sealed`], checked against its hash.
    pub async fn get_sealed(&self, sha256: &str) -> Result<Bytes, FileError> {
        if !is_valid_hash(sha256) {
            return Err(FileError::BadHash);
        }
        let result = match self.store.get(&sealed_path(sha256)).await {
            Ok(result) => result,
            Err(e) => return Err(not_found_or(e, sha256)),
        };
        let bytes = result.bytes().await.map_err(|e| not_found_or(e, sha256))?;
        let (actual, bytes) = blocking(move || (hash(&bytes), bytes)).await?;
        if actual != sha256 {
            return Err(FileError::Corrupt {
                sha256: sha256.to_owned(),
                actual,
            });
        }
        Ok(bytes)
    }

    /// Stores a named record (a signed checkpoint of stored history, say) at
    /// `records/<kind>/<name>`, apart from documents' files: never served by the download
    /// routes (they read `sha256/…` objects only). A record already stored is kept as it is.
    pub async fn put_record(&self, kind: &str, name: &str, bytes: Bytes) -> Result<(), FileError> {
        self.write(&record_path(kind, name)?, bytes, PutMode::Create)
            .await
    }

    /// The names of the records of `kind`, sorted.
    pub async fn list_records(&self, kind: &str) -> Result<Vec<String>, FileError> {
        let prefix = record_path(kind, "x")?;
        let prefix = Path::from(prefix.as_ref().rsplit_once('/').map_or("", |(dir, _)| dir));
        let mut names: Vec<String> = Vec::new();
        let mut listing = self.store.list(Some(&prefix));
        while let Some(meta) = listing.next().await {
            if let Some(name) = meta?.location.filename() {
                names.push(name.to_owned());
            }
        }
        names.sort();
        Ok(names)
    }

    /// A record stored by [`FileStore::put_record`].
    pub async fn get_record(&self, kind: &str, name: &str) -> Result<Bytes, FileError> {
        let path = record_path(kind, name)?;
        let result = match self.store.get(&path).await {
            Ok(result) => result,
            Err(e) => return Err(not_found_or(e, name)),
        };
        result.bytes().await.map_err(|e| not_found_or(e, name))
    }

    /// Whether a file with this hash is stored (its content is not checked).
    pub async fn exists(&self, sha256: &str) -> Result<bool, FileError> {
        let path = checked_path(sha256)?;
        match self.store.head(&path).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// Whether `sha256` is a SHA-256 hash as this store writes them: 64 lower-case hex digits.
pub fn is_valid_hash(sha256: &str) -> bool {
    sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The object path of a file: `sha256/ab/cd/abcd…` for a valid hash.
pub fn object_path(sha256: &str) -> Path {
    let first = sha256.get(0..2).unwrap_or_default();
    let second = sha256.get(2..4).unwrap_or_default();
    Path::from(format!("sha256/{first}/{second}/{sha256}"))
}

fn sealed_path(sha256: &str) -> Path {
    Path::from(format!("sealed/{sha256}"))
}

fn checked_path(sha256: &str) -> Result<Path, FileError> {
    if is_valid_hash(sha256) {
        Ok(object_path(sha256))
    } else {
        Err(FileError::BadHash)
    }
}

/// `records/<kind>/<name>`, for names of lower-case letters, digits, `.`, `-` and `_` only.
fn record_path(kind: &str, name: &str) -> Result<Path, FileError> {
    let safe = |s: &str| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.len() <= 128
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
            })
    };
    if safe(kind) && safe(name) {
        Ok(Path::from(format!("records/{kind}/{name}")))
    } else {
        Err(FileError::BadHash)
    }
}

fn not_found_or(error: object_store::Error, sha256: &str) -> FileError {
    match error {
        object_store::Error::NotFound { .. } => FileError::NotFound {
            sha256: sha256.to_owned(),
        },
        other => FileError::Storage(other),
    }
}

fn hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Runs CPU-bound work (hashing, parsing) on Tokio's blocking threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, FileError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => Ok(value),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(FileError::Storage(object_store::Error::JoinError {
            source: e,
        })),
    }
}
