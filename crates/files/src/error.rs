//! What can go wrong storing or reading a file, each with a stable code for the API.

/// An error of the file store. [`FileError::code`] gives a stable code for clients.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file has no bytes.
    #[error("the file is empty")]
    Empty,
    /// The file is larger than the store accepts.
    #[error("the file is {size} bytes, more than the limit of {max} bytes")]
    TooLarge { size: u64, max: u64 },
    /// The bytes are of a type the store does not accept. `detected` is the media type
    /// recognised (`application/octet-stream` when nothing was recognised).
    #[error("files of type {detected} are not accepted")]
    ForbiddenType { detected: String },
    /// A PDF with active content (JavaScript, a launch action, rich media, an embedded
    /// executable…); `found` says what.
    #[error("the PDF has active content: {found}")]
    ActiveContent { found: String },
    /// The upload broke off before its last byte arrived.
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    /// The text given is not a SHA-256 hash in lower-case hexadecimal (64 characters).
    #[error("not a SHA-256 hash (64 lower-case hexadecimal characters)")]
    BadHash,
    /// No file with this hash is stored.
    #[error("no file with hash {sha256}")]
    NotFound { sha256: String },
    /// The stored bytes no longer hash to the name they are kept under: the file was altered
    /// (or damaged) in the store.
    #[error("the stored file {sha256} no longer matches its hash (actual {actual})")]
    Corrupt { sha256: String, actual: String },
    /// The underlying object store failed.
    #[error("file storage failed: {0}")]
    Storage(#[from] object_store::Error),
    /// Writing or reading the temporary file of an upload failed.
    #[error("temporary file: {0}")]
    Temporary(#[from] std::io::Error),
    /// The uploads ledger (PostgreSQL) failed.
    #[error("uploads ledger: {0}")]
    Ledger(String),
}

impl FileError {
    /// A stable code naming the kind of error, for API clients and logs.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Empty => "EMPTY_FILE",
            FileError::TooLarge { .. } => "TOO_LARGE",
            FileError::ForbiddenType { .. } => "FORBIDDEN_TYPE",
            FileError::ActiveContent { .. } => "ACTIVE_PDF_CONTENT",
            FileError::Interrupted(_) => "INCOMPLETE_UPLOAD",
            FileError::BadHash => "BAD_HASH",
            FileError::NotFound { .. } => "NOT_FOUND",
            FileError::Corrupt { .. } => "CORRUPT",
            FileError::Storage(_) | FileError::Temporary(_) => "STORAGE",
            FileError::Ledger(_) => "LEDGER",
        }
    }
}
