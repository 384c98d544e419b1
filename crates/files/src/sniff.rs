//! Recognising the type of a file from its bytes, never from its name.
//!
//! The [`infer`] crate names most formats, but it is lenient where it matters here (a PNG is
//! recognised by four bytes, WebP without its `RIFF` header, OOXML only from the first few
//! zip entries, OLE files not at all without its `std` feature), so every accepted kind is
//! confirmed by a check of its own:
//!
//! - executables (ELF, PE/DOS `MZ`, Mach-O, universal binaries) are refused first, whatever
//!   else they might look like;
//! - PDF: `%PDF-` at the very start (a PDF with anything before its header is refused), and
//!   no active content ([`crate::pdf`]: JavaScript, launch actions, rich media, XFA,
//!   embedded executables);
//! - PNG, JPEG, GIF, TIFF, WebP: infer's verdict *and* the full signature (the PNG signature
//!   followed by its `IHDR` chunk header, `GIF87a`/`GIF89a`, `RIFF…WEBP`, …);
//! - ZIP: the central directory is read. Office Open XML needs `[Content_Types].xml` and the
//!   main part (`word/document.xml`, `xl/workbook.xml`, `ppt/presentation.xml`); OpenDocument
//!   needs a `mimetype` entry naming text or spreadsheet. Anything else — a plain zip, a jar,
//!   an APK, an EPUB — is refused, and so are documents with macros (`vbaProject.bin`, or the
//!   `Basic/` and `Scripts/` folders of OpenDocument);
//! - OLE compound files: a `WordDocument` stream makes a DOC, a `Workbook` or `Book` stream
//!   an XLS; with macros (`Macros`, `_VBA_PROJECT_CUR`) they are refused, and any other
//!   compound file (an MSI installer, a legacy PowerPoint, an Outlook message) is refused;
//! - text-like content must be valid UTF-8 without NUL bytes (a UTF-8 byte-order mark is
//!   allowed). XML must start with `<?xml`; it is refused when it is SVG or XHTML (root element
//!   or namespace anywhere), when it links a stylesheet (`<?xml-stylesheet`, XSLT can produce
//!   script) or declares entities (`<!ENTITY`, entity expansion attacks on whoever parses it
//!   later). Anything that browsers would sniff as HTML, or that has `<script`, `<iframe`,
//!   `<html` or `<svg` within its first 1024 bytes, is refused. What remains is plain text,
//!   accepted only under a name ending in `.txt`.
//!
//! Serving files still needs care: send the media type recorded here with
//! `X-Content-Type-Options: nosniff`, and `Content-Disposition: attachment` for anything not
//! meant to be shown inline.

use std::io::{Cursor, Read as _};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::kind::Kind;

/// The verdict on a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// The bytes are a file of an acceptable kind.
    Accepted(Kind),
    /// The bytes are not acceptable; the media type (or a short description) recognised.
    Refused(String),
    /// A PDF with active content (JavaScript, a launch action, rich media, an embedded
    /// executable…): what was found. See [`crate::pdf`].
    Active(String),
}

const OCTET_STREAM: &str = "application/octet-stream";
const ZIP: &str = "application/zip";
const OLE: &str = "application/x-ole-storage";
const HTML: &str = "text/html";
const SVG: &str = "image/svg+xml";
const XHTML: &str = "application/xhtml+xml";

/// How far into a text file markup is looked for.
const MARKUP_WINDOW: usize = 1024;

/// Recognises the kind of `bytes`. `name` (the cleaned file name) matters only for plain text,
/// which is accepted only under a name ending in `.txt`.
pub fn sniff(bytes: &[u8], name: &str) -> Sniffed {
    sniff_at_depth(bytes, name, 0)
}

/// [`sniff`] of a file found inside another at `depth` (a PDF's embedded files).
pub(crate) fn sniff_at_depth(bytes: &[u8], name: &str, depth: u8) -> Sniffed {
    if let Some(executable) = executable(bytes) {
        return Sniffed::Refused(executable.to_owned());
    }
    if bytes.starts_with(b"%PDF-") {
        return guarded(
            || match crate::pdf::active_content(bytes, depth) {
                None => Sniffed::Accepted(Kind::Pdf),
                Some(found) => Sniffed::Active(found),
            },
            "application/pdf (unreadable)",
        );
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return guarded(|| zip_kind(bytes), ZIP);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return guarded(|| ole_kind(bytes), OLE);
    }
    let inferred = infer::get(bytes).map(|t| t.mime_type());
    if let Some(kind) = image_kind(bytes, inferred) {
        return Sniffed::Accepted(kind);
    }
    if let Some(text) = utf8_text(bytes) {
        return text_kind(text, name);
    }
    Sniffed::Refused(inferred.unwrap_or(OCTET_STREAM).to_owned())
}

/// Runs a parser of untrusted structure; a parser that panics refuses the file.
fn guarded(parse: impl FnOnce() -> Sniffed, refused_as: &str) -> Sniffed {
    catch_unwind(AssertUnwindSafe(parse))
        .unwrap_or_else(|_| Sniffed::Refused(refused_as.to_owned()))
}

fn executable(bytes: &[u8]) -> Option<&'static str> {
    const MACH_O: [[u8; 4]; 5] = [
        [0xFE, 0xED, 0xFA, 0xCE],
        [0xFE, 0xED, 0xFA, 0xCF],
        [0xCE, 0xFA, 0xED, 0xFE],
        [0xCF, 0xFA, 0xED, 0xFE],
        [0xCA, 0xFE, 0xBA, 0xBE], // universal binary (and Java class files)
    ];
    if bytes.starts_with(b"\x7FELF") {
        Some("application/x-executable")
    } else if bytes.starts_with(b"MZ") {
        Some("application/vnd.microsoft.portable-executable")
    } else if MACH_O.iter().any(|magic| bytes.starts_with(magic)) {
        Some("application/x-mach-binary")
    } else {
        None
    }
}

fn image_kind(bytes: &[u8], inferred: Option<&str>) -> Option<Kind> {
    let at = |offset: usize, expected: &[u8]| {
        bytes
            .get(offset..offset + expected.len())
            .is_some_and(|found| found == expected)
    };
    match inferred? {
        "image/png" if at(0, b"\x89PNG\r\n\x1A\n") && at(8, b"\0\0\0\x0DIHDR") => Some(Kind::Png),
        "image/jpeg" if bytes.len() > 3 && at(0, &[0xFF, 0xD8, 0xFF]) && bytes[3] >= 0xC0 => {
            Some(Kind::Jpeg)
        }
        "image/gif" if at(0, b"GIF87a") || at(0, b"GIF89a") => Some(Kind::Gif),
        "image/tiff" if at(0, b"II*\0") || at(0, b"MM\0*") => Some(Kind::Tiff),
        "image/webp" if at(0, b"RIFF") && at(8, b"WEBP") => Some(Kind::Webp),
        _ => None,
    }
}

fn zip_kind(bytes: &[u8]) -> Sniffed {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Sniffed::Refused(ZIP.to_owned());
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.to_ascii_lowercase())
        .collect();
    let has = |wanted: &str| names.iter().any(|name| name == wanted);

    if has("[content_types].xml") {
        if names.iter().any(|name| name.ends_with("vbaproject.bin")) {
            return Sniffed::Refused("application/vnd.ms-office.vbaproject".to_owned());
        }
        let kind = if has("word/document.xml") {
            Some(Kind::Docx)
        } else if has("xl/workbook.xml") {
            Some(Kind::Xlsx)
        } else if has("ppt/presentation.xml") {
            Some(Kind::Pptx)
        } else {
            None
        };
        if let Some(kind) = kind {
            return Sniffed::Accepted(kind);
        }
    }

    if has("mimetype")
        && let Some(mimetype) = opendocument_mimetype(&mut archive)
    {
        if names
            .iter()
            .any(|name| name.starts_with("basic/") || name.starts_with("scripts/"))
        {
            return Sniffed::Refused(format!("{mimetype} (with macros)"));
        }
        return match mimetype.as_str() {
            "application/vnd.oasis.opendocument.text" => Sniffed::Accepted(Kind::Odt),
            "application/vnd.oasis.opendocument.spreadsheet" => Sniffed::Accepted(Kind::Ods),
            _ => Sniffed::Refused(mimetype),
        };
    }

    let refused = if has("meta-inf/manifest.mf") {
        "application/java-archive"
    } else if has("androidmanifest.xml") {
        "application/vnd.android.package-archive"
    } else {
        ZIP
    };
    Sniffed::Refused(refused.to_owned())
}

/// The content of the `mimetype` entry of a zip, when it is a short, printable media type.
fn opendocument_mimetype(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let entry = archive.by_name("mimetype").ok()?;
    let mut content = String::new();
    entry.take(128).read_to_string(&mut content).ok()?;
    let content = content.trim();
    let printable =
        !content.is_empty() && content.len() < 128 && content.bytes().all(|b| b.is_ascii_graphic());
    printable.then(|| content.to_owned())
}

fn ole_kind(bytes: &[u8]) -> Sniffed {
    let Ok(file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Sniffed::Refused(OLE.to_owned());
    };
    if file.is_stream("/WordDocument") {
        if file.exists("/Macros") {
            Sniffed::Refused("application/msword (with macros)".to_owned())
        } else {
            Sniffed::Accepted(Kind::Doc)
        }
    } else if file.is_stream("/Workbook") || file.is_stream("/Book") {
        if file.exists("/_VBA_PROJECT_CUR") {
            Sniffed::Refused("application/vnd.ms-excel (with macros)".to_owned())
        } else {
            Sniffed::Accepted(Kind::Xls)
        }
    } else if file.is_stream("/PowerPoint Document") {
        Sniffed::Refused("application/vnd.ms-powerpoint".to_owned())
    } else {
        Sniffed::Refused(OLE.to_owned())
    }
}

/// The bytes as text, without a UTF-8 byte-order mark, when they are valid UTF-8 without NUL.
fn utf8_text(bytes: &[u8]) -> Option<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

fn text_kind(text: &str, name: &str) -> Sniffed {
    if text.starts_with("<?xml") {
        return match xml_refusal(text) {
            Some(refused) => Sniffed::Refused(refused.to_owned()),
            None => Sniffed::Accepted(Kind::Xml),
        };
    }
    if infer::text::is_html(text.as_bytes()) {
        return Sniffed::Refused(HTML.to_owned());
    }
    let start = ascii_lowercase_prefix(text, MARKUP_WINDOW);
    if start.contains("<svg") {
        return Sniffed::Refused(SVG.to_owned());
    }
    if ["<script", "<iframe", "<html"]
        .iter()
        .any(|tag| start.contains(tag))
    {
        return Sniffed::Refused(HTML.to_owned());
    }
    if name.to_lowercase().ends_with(".txt") {
        Sniffed::Accepted(Kind::Text)
    } else {
        Sniffed::Refused("text/plain".to_owned())
    }
}

/// Why an XML file is refused, if it is.
fn xml_refusal(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("http://www.w3.org/2000/svg") {
        return Some(SVG);
    }
    if lower.contains("http://www.w3.org/1999/xhtml") {
        return Some(XHTML);
    }
    if lower.contains("<?xml-stylesheet") {
        return Some("application/xml (with a stylesheet)");
    }
    if lower.contains("<!entity") {
        return Some("application/xml (with entity declarations)");
    }
    match root_element(&lower) {
        Some("svg") => Some(SVG),
        Some("html") => Some(XHTML),
        _ => None,
    }
}

/// The local name of the root element of lower-cased XML text: the prolog (declarations,
/// processing instructions, comments, the document type declaration) is skipped.
fn root_element(xml: &str) -> Option<&str> {
    let mut rest = xml;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!doctype") {
            let end = match (after.find('['), after.find('>')) {
                (Some(open), Some(close)) if open < close => {
                    let subset_end = open + after[open..].find(']')?;
                    subset_end + after[subset_end..].find('>')?
                }
                (_, Some(close)) => close,
                (_, None) => return None,
            };
            rest = &after[end + 1..];
        } else {
            let after = rest.strip_prefix('<')?;
            let end = after
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(after.len());
            let qualified = &after[..end];
            return Some(qualified.rsplit(':').next().unwrap_or(qualified));
        }
    }
}

/// The first `max_bytes` (or a little less, at a character boundary) of `text`, lower-cased.
fn ascii_lowercase_prefix(text: &str, max_bytes: usize) -> String {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_element_skips_the_prolog() {
        let xml = "<?xml version=\"1.0\"?>\n<!-- <svg> -->\n<!doctype x [ <!element x any> ]>\n<ns:edxml a=\"1\">";
        assert_eq!(root_element(xml), Some("edxml"));
    }

    #[test]
    fn svg_root_without_namespace_is_refused() {
        let xml = "<?xml version=\"1.0\"?><svg><script>alert(1)</script></svg>";
        assert_eq!(
            sniff(xml.as_bytes(), "a.xml"),
            Sniffed::Refused(SVG.to_owned())
        );
    }

    #[test]
    fn xhtml_namespace_anywhere_is_refused() {
        let xml = "<?xml version=\"1.0\"?><a><x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script></a>";
        assert_eq!(
            sniff(xml.as_bytes(), "a.xml"),
            Sniffed::Refused(XHTML.to_owned())
        );
    }

    #[test]
    fn entity_declarations_are_refused() {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
        assert!(matches!(
            sniff(xml.as_bytes(), "a.xml"),
            Sniffed::Refused(_)
        ));
    }

    #[test]
    fn strict_image_signatures() {
        // infer alone would call these PNG / WebP / GIF
        assert!(matches!(
            sniff(b"\x89PNG and then nothing", "a.png"),
            Sniffed::Refused(_)
        ));
        assert!(matches!(
            sniff(b"XXXXXXXXWEBPVP8 ", "a.webp"),
            Sniffed::Refused(_)
        ));
        assert!(matches!(
            sniff(b"GIF00a......", "a.gif"),
            Sniffed::Refused(_)
        ));
        assert_eq!(
            sniff(b"GIF89a\x01\0\x01\0\0\0\0;", "a.gif"),
            Sniffed::Accepted(Kind::Gif)
        );
    }

    #[test]
    fn script_in_text_is_refused_even_as_txt() {
        let text = "Ghi chú\nxem <SCRIPT>alert(1)</SCRIPT>";
        assert_eq!(
            sniff(text.as_bytes(), "a.txt"),
            Sniffed::Refused(HTML.to_owned())
        );
    }

    #[test]
    fn text_with_nul_is_not_text() {
        assert!(matches!(sniff(b"abc\0def", "a.txt"), Sniffed::Refused(_)));
    }

    #[test]
    fn bom_then_text_is_text() {
        assert_eq!(
            sniff("\u{FEFF}Xin chào".as_bytes(), "a.txt"),
            Sniffed::Accepted(Kind::Text)
        );
    }

    #[test]
    fn truncated_zip_is_refused_not_a_panic() {
        assert_eq!(
            sniff(b"PK\x03\x04garbage", "a.docx"),
            Sniffed::Refused(ZIP.to_owned())
        );
    }

    #[test]
    fn truncated_ole_is_refused_not_a_panic() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend_from_slice(&[0; 100]);
        assert_eq!(sniff(&bytes, "a.doc"), Sniffed::Refused(OLE.to_owned()));
    }
}
