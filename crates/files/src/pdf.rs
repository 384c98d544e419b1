//! Active content in PDFs: what a reader would run or open, refused at upload.
//!
//! A PDF is parsed with [`lopdf`] (leniently: a damaged cross-reference table is rebuilt the
//! way readers rebuild it) and *every* object it holds is looked at — those of compressed
//! object streams (`/ObjStm`) included, which lopdf expands while loading — not only the
//! ones reachable from the catalogue, so an action cannot hide in an object that only a
//! name tree or an annotation points to. Names are compared after lopdf decodes their
//! `#xx` escapes (`/J#61vaScript` is `/JavaScript`). Refused:
//!
//! - JavaScript anywhere: a `/JS` entry (an action's script, in a string or a stream), a
//!   `/JavaScript` entry (the document's name tree of scripts), an action of type
//!   `/S /JavaScript` — whether it is the `/OpenAction`, an `/AA` trigger, a link or a field;
//! - `/S /Launch` actions (run a program or open a file);
//! - `/RichMedia` annotations and content (Flash, embedded video players);
//! - XFA forms (`/XFA`), which carry their own scripts;
//! - embedded files that are not themselves acceptable ([`crate::sniff()`]: an executable,
//!   HTML, an archive…), and embedded PDFs with active content (looked into, at most
//!   [`MAX_DEPTH`] levels deep); a file specification naming an executable (`.exe`, `.js`,
//!   `.bat`…) is refused even when its bytes are not embedded.
//!
//! A PDF that cannot be parsed (or is encrypted with a password) cannot be inspected, so it
//! is refused as well. Links (`/URI`, `/GoTo`) and ordinary forms are accepted.

use lopdf::{Dictionary, Document, LoadOptions, Object};

use crate::sniff::{Sniffed, sniff_at_depth};

/// How deep PDFs embedded in PDFs are looked into; deeper ones are refused.
pub const MAX_DEPTH: u8 = 3;

/// The largest an embedded file may decompress to while it is inspected.
const MAX_EMBEDDED_BYTES: usize = 64 * 1024 * 1024;

/// File name endings of executables and scripts, refused in a file specification.
const EXECUTABLE_ENDINGS: &[&str] = &[
    ".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".msp", ".dll", ".cpl", ".js", ".jse",
    ".vbs", ".vbe", ".wsf", ".wsh", ".ps1", ".hta", ".jar", ".lnk", ".sh", ".app", ".reg", ".apk",
    ".elf", ".bin",
];

/// Why a PDF is refused, `None` when it has no active content.
pub fn active_content(bytes: &[u8], depth: u8) -> Option<String> {
    if depth > MAX_DEPTH {
        return Some("PDF nested too deeply".to_owned());
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_EMBEDDED_BYTES),
        ..LoadOptions::default()
    };
    let document = match Document::load_mem_with_options(bytes, options) {
        Ok(document) => document,
        Err(e) => return Some(format!("unreadable PDF ({e})")),
    };
    document
        .objects
        .values()
        .find_map(|object| in_object(object, depth, 0))
}

/// Objects nest (arrays of dictionaries of arrays…); past this depth the structure itself
/// is refused.
const MAX_NESTING: usize = 64;

fn in_object(object: &Object, depth: u8, nesting: usize) -> Option<String> {
    if nesting > MAX_NESTING {
        return Some("PDF objects nested too deeply".to_owned());
    }
    match object {
        Object::Dictionary(dict) => in_dictionary(dict, None, depth, nesting),
        Object::Stream(stream) => in_dictionary(&stream.dict, Some(stream), depth, nesting),
        Object::Array(items) => items
            .iter()
            .find_map(|item| in_object(item, depth, nesting + 1)),
        _ => None,
    }
}

fn in_dictionary(
    dict: &Dictionary,
    stream: Option<&lopdf::Stream>,
    depth: u8,
    nesting: usize,
) -> Option<String> {
    let name = |key: &[u8]| match dict.get(key) {
        Ok(Object::Name(n)) => Some(n.as_slice()),
        _ => None,
    };
    if dict.has(b"JS") || dict.has(b"JavaScript") || name(b"S") == Some(b"JavaScript") {
        return Some("JavaScript".to_owned());
    }
    if name(b"S") == Some(b"Launch") {
        return Some("a Launch action".to_owned());
    }
    if dict.has(b"RichMediaContent")
        || dict.has(b"RichMediaSettings")
        || name(b"Subtype") == Some(b"RichMedia")
        || name(b"Type") == Some(b"RichMedia")
    {
        return Some("rich media".to_owned());
    }
    if dict.has(b"XFA") {
        return Some("an XFA form".to_owned());
    }
    for key in [b"F".as_slice(), b"UF", b"DOS", b"Unix", b"Mac"] {
        if let Ok(Object::String(text, _)) = dict.get(key)
            && name(b"Type") != Some(b"EmbeddedFile")
            && (dict.has_type(b"Filespec") || dict.has(b"EF"))
        {
            let text = String::from_utf8_lossy(text).to_ascii_lowercase();
            if EXECUTABLE_ENDINGS.iter().any(|end| text.ends_with(end)) {
                return Some(format!("an embedded executable ({text})"));
            }
        }
    }
    if let Some(stream) = stream
        && dict.has_type(b"EmbeddedFile")
    {
        let content = if stream.dict.has(b"Filter") {
            match stream.decompressed_content_with_limit(MAX_EMBEDDED_BYTES) {
                Ok(content) => content,
                Err(e) => return Some(format!("an unreadable embedded file ({e})")),
            }
        } else {
            stream.content.clone()
        };
        match sniff_at_depth(&content, "embedded", depth + 1) {
            Sniffed::Accepted(_) => {}
            Sniffed::Refused(what) | Sniffed::Active(what) => {
                return Some(format!("an embedded file ({what})"));
            }
        }
    }
    dict.iter()
        .find_map(|(_, value)| in_object(value, depth, nesting + 1))
}
