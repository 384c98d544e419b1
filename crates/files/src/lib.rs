//! The attachments of documents — scans, PDFs, office files — stored content-addressed.
//!
//! A file is stored under the SHA-256 of its bytes (`sha256/ab/cd/<64 hex>`) through the
//! [`object_store`] crate: a local folder by default ([`FileStore::local`]), any other
//! [`ObjectStore`](object_store::ObjectStore) (S3, Azure, GCS…) through [`FileStore::new`].
//! Events refer to a file only by its hash, so storing the same bytes twice stores them once,
//! and reading a file checks that its bytes still hash to the name they are kept under: a file
//! altered in the store is reported as [`FileError::Corrupt`], never served.
//!
//! What is accepted is decided from the bytes, never from the name the uploader gave
//! ([`sniff()`]): PDF, the common image formats, OOXML and OpenDocument office files, legacy
//! Word/Excel files, plain text (only as `.txt`) and XML (edXML packages). Executables, HTML,
//! SVG, plain archives and macro-enabled office files are refused. The uploader's name is kept
//! only as a cleaned label ([`clean_name`]).
//!
//! - [`store`]: [`FileStore`] with `put`, `upload` (streamed), `get`, `exists` and `remove`.
//! - [`uploads`]: [`Uploads`], who uploaded which bytes and which bytes are attached.
//! - [`cleanup`]: removing uploads nothing attached after the retention period.
//! - [`convert`]: [`Converter`], a Word file (.docx) made into a PDF by LibreOffice (headless).
//! - [`pdf`]: refusing PDFs with active content (JavaScript, launch actions, rich media…).
//! - [`kind`]: the accepted [`Kind`]s and the [`Limits`] of a store.
//! - [`sniff`](mod@sniff): recognising the type of a file from its bytes.
//! - [`name`]: cleaning the file name given by the uploader.
//! - [`error`]: [`FileError`] and its stable codes.

pub mod cleanup;
pub mod convert;
pub mod error;
pub mod kind;
pub mod name;
pub mod pdf;
pub mod sniff;
pub mod store;
pub mod uploads;

pub use bytes::Bytes;
pub use convert::{ConvertError, Converter, ConverterConfig};
pub use error::FileError;
pub use kind::{Kind, Limits};
pub use name::clean_name;
pub use sniff::{Sniffed, sniff};
pub use store::{FileStore, StoredFile, Uploaded, is_valid_hash, object_path};
pub use uploads::Uploads;
