//! The kinds of file the store can accept, and the limits a store is configured with.

use serde::{Deserialize, Serialize};

/// A type of file the store can accept, recognised from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Tiff,
    Gif,
    Webp,
    /// Word, Office Open XML (not macro-enabled).
    Docx,
    /// Excel, Office Open XML (not macro-enabled).
    Xlsx,
    /// PowerPoint, Office Open XML (not macro-enabled).
    Pptx,
    /// OpenDocument text (without macros).
    Odt,
    /// OpenDocument spreadsheet (without macros).
    Ods,
    /// Legacy Word (OLE compound file with a `WordDocument` stream, without macros).
    Doc,
    /// Legacy Excel (OLE compound file with a `Workbook` or `Book` stream, without macros).
    Xls,
    /// UTF-8 text without NUL bytes, accepted only under a name ending in `.txt`.
    Text,
    /// UTF-8 XML starting with `<?xml` (edXML packages), neither SVG nor XHTML.
    Xml,
}

impl Kind {
    /// Every kind, in a stable order.
    pub const ALL: [Kind; 15] = [
        Kind::Pdf,
        Kind::Png,
        Kind::Jpeg,
        Kind::Tiff,
        Kind::Gif,
        Kind::Webp,
        Kind::Docx,
        Kind::Xlsx,
        Kind::Pptx,
        Kind::Odt,
        Kind::Ods,
        Kind::Doc,
        Kind::Xls,
        Kind::Text,
        Kind::Xml,
    ];

    /// The media type a file of this kind is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Tiff => "image/tiff",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::Odt => "application/vnd.oasis.opendocument.text",
            Kind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Kind::Doc => "application/msword",
            Kind::Xls => "application/vnd.ms-excel",
            Kind::Text => "text/plain",
            Kind::Xml => "application/xml",
        }
    }
}

/// What a store accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// The largest file accepted, in bytes (a file of exactly this size is accepted).
    pub max_bytes: u64,
    /// The kinds accepted.
    pub allowed: Vec<Kind>,
}

impl Limits {
    /// 50 MiB.
    pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;
}

impl Default for Limits {
    /// 50 MiB, every [`Kind`].
    fn default() -> Self {
        Self {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            allowed: Kind::ALL.to_vec(),
        }
    }
}
