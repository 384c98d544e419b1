//! Low-level PDF writing: object serialisation and incremental updates.
//!
//! lopdf reads the document (all revisions merged, latest object versions win); this module writes
//! the bytes of an incremental update itself so that the offsets of the signature placeholders are
//! known exactly and the earlier bytes are never touched.

use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::SigningError;

/// Loads a PDF (all revisions), refusing encrypted ones.
pub(crate) fn load(bytes: &[u8]) -> Result<Document, SigningError> {
    let doc = Document::load_mem(bytes)?;
    if doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
        return Err(SigningError::Encrypted);
    }
    Ok(doc)
}

/// Serialises one object (stream `/Length` is set from the content).
pub(crate) fn write_object(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(format_real(*r).as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'\\' | b'(' | b')' => {
                        out.push(b'\\');
                        out.push(b);
                    }
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", Object::Integer(s.content.len() as i64));
            write_dict(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

pub(crate) fn write_dict(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        write_name(out, k);
        out.push(b' ');
        write_object(out, v);
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        let delimiter = matches!(
            b,
            b'#' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        );
        if (0x21..=0x7e).contains(&b) && !delimiter {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

fn format_real(r: f32) -> String {
    if !r.is_finite() {
        return "0".into();
    }
    let s = format!("{r:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" || s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A PDF text string: literal PDFDocEncoding when printable ASCII, otherwise UTF-16BE with a BOM.
pub(crate) fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(v, StringFormat::Hexadecimal)
    }
}

/// Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding ≈ Latin-1).
pub(crate) fn decode_text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

/// Width in bytes of a `/ByteRange` number placeholder.
const BYTE_RANGE_DIGITS: usize = 10;

/// Where the signature placeholders ended up in the finished file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placeholder {
    /// Offset of `<` of the `/Contents` hex string.
    pub contents_start: usize,
    /// Offset just after `>`.
    pub contents_end: usize,
    /// Offset of the `[` of the `/ByteRange` array.
    pub byte_range_at: usize,
}

/// Pending signature dictionary: written with a `/ByteRange` and `/Contents` placeholder.
pub(crate) struct SigDict {
    pub id: ObjectId,
    /// The dictionary without `/ByteRange` and `/Contents`.
    pub dict: Dictionary,
    /// Bytes reserved for the DER signature (the hex string is twice as long).
    pub reserve: usize,
}

/// Builds one incremental update on top of `base`.
pub(crate) struct Increment<'a> {
    base: &'a [u8],
    doc: &'a Document,
    next_id: u32,
    objects: Vec<(ObjectId, Object)>,
    info: Option<ObjectId>,
}

impl<'a> Increment<'a> {
    pub fn new(base: &'a [u8], doc: &'a Document) -> Self {
        let size = doc
            .trailer
            .get(b"Size")
            .and_then(Object::as_i64)
            .unwrap_or(0)
            .max(0) as u32;
        Self {
            base,
            doc,
            next_id: size.max(doc.max_id + 1),
            objects: Vec::new(),
            info: None,
        }
    }

    pub fn alloc(&mut self) -> ObjectId {
        let id = (self.next_id, 0);
        self.next_id += 1;
        id
    }

    pub fn add(&mut self, obj: impl Into<Object>) -> ObjectId {
        let id = self.alloc();
        self.objects.push((id, obj.into()));
        id
    }

    /// Writes `obj` under `id` (a new version of an existing object, or an allocated id).
    pub fn set(&mut self, id: ObjectId, obj: impl Into<Object>) {
        let obj = obj.into();
        if let Some(slot) = self.objects.iter_mut().find(|(i, _)| *i == id) {
            slot.1 = obj;
        } else {
            self.objects.push((id, obj));
        }
    }

    /// Points the trailer's `/Info` at a new object.
    pub fn set_info(&mut self, id: ObjectId) {
        self.info = Some(id);
    }

    /// The latest version of an object: this update's if it changed it, else the document's.
    pub fn get(&self, id: ObjectId) -> Result<Object, SigningError> {
        if let Some((_, o)) = self.objects.iter().find(|(i, _)| *i == id) {
            return Ok(o.clone());
        }
        Ok(self.doc.get_object(id)?.clone())
    }

    /// Serialises the update. With `sig`, also returns where its placeholders are.
    pub fn finish(
        self,
        sig: Option<SigDict>,
    ) -> Result<(Vec<u8>, Option<Placeholder>), SigningError> {
        let prev =
            last_startxref(self.base).ok_or_else(|| SigningError::BadPdf("no startxref".into()))?;
        let prev_is_stream = !self
            .base
            .get(prev..)
            .is_some_and(|rest| rest.starts_with(b"xref"));
        let mut out = Vec::with_capacity(self.base.len() + 64 * 1024);
        out.extend_from_slice(self.base);
        if !self.base.ends_with(b"\n") && !self.base.ends_with(b"\r") {
            out.push(b'\n');
        }
        let mut offsets: Vec<(ObjectId, usize)> = Vec::new();
        let mut placeholder = None;
        if let Some(sig) = &sig {
            offsets.push((sig.id, out.len()));
            let _ = write!(out, "{} {} obj\n<<", sig.id.0, sig.id.1);
            for (k, v) in sig.dict.iter() {
                write_name(&mut out, k);
                out.push(b' ');
                write_object(&mut out, v);
            }
            out.extend_from_slice(b"/ByteRange ");
            let byte_range_at = out.len();
            out.push(b'[');
            for _ in 0..4 {
                out.extend_from_slice(&[b'0'; BYTE_RANGE_DIGITS]);
                out.push(b' ');
            }
            out.pop();
            out.push(b']');
            out.extend_from_slice(b"/Contents ");
            let contents_start = out.len();
            out.push(b'<');
            out.resize(out.len() + 2 * sig.reserve, b'0');
            out.push(b'>');
            let contents_end = out.len();
            out.extend_from_slice(b">>\nendobj\n");
            placeholder = Some(Placeholder {
                contents_start,
                contents_end,
                byte_range_at,
            });
        }
        for (id, obj) in &self.objects {
            offsets.push((*id, out.len()));
            let _ = writeln!(out, "{} {} obj", id.0, id.1);
            write_object(&mut out, obj);
            out.extend_from_slice(b"\nendobj\n");
        }

        let mut trailer = Dictionary::new();
        if let Ok(root) = self.doc.trailer.get(b"Root") {
            trailer.set("Root", root.clone());
        }
        if let Some(info) = self.info {
            trailer.set("Info", Object::Reference(info));
        } else if let Ok(info) = self.doc.trailer.get(b"Info") {
            trailer.set("Info", info.clone());
        }
        let first_id = match self.doc.trailer.get(b"ID") {
            Ok(Object::Array(a)) if !a.is_empty() => a[0].clone(),
            _ => Object::String(
                sha2_16(&self.base[..self.base.len().min(4096)]),
                StringFormat::Hexadecimal,
            ),
        };
        let second_id = Object::String(sha2_16(&out), StringFormat::Hexadecimal);
        trailer.set("ID", Object::Array(vec![first_id, second_id]));
        trailer.set("Prev", Object::Integer(prev as i64));

        offsets.sort_by_key(|(id, _)| *id);
        let xref_at;
        if prev_is_stream {
            let xref_id = (self.next_id, 0);
            xref_at = out.len();
            offsets.push((xref_id, xref_at));
            let mut index = Vec::new();
            let mut data = Vec::new();
            for run in runs(&offsets) {
                index.push(Object::Integer(i64::from(run[0].0.0)));
                index.push(Object::Integer(run.len() as i64));
                for (id, off) in run {
                    data.push(1u8);
                    data.extend_from_slice(&(*off as u32).to_be_bytes());
                    data.extend_from_slice(&(id.1).to_be_bytes());
                }
            }
            trailer.set("Type", Object::Name(b"XRef".to_vec()));
            trailer.set("Size", Object::Integer(i64::from(xref_id.0) + 1));
            trailer.set("W", Object::Array(vec![1.into(), 4.into(), 2.into()]));
            trailer.set("Index", Object::Array(index));
            let stream = lopdf::Stream::new(trailer, data);
            let _ = writeln!(out, "{} 0 obj", xref_id.0);
            write_object(&mut out, &Object::Stream(stream));
            out.extend_from_slice(b"\nendobj\n");
        } else {
            xref_at = out.len();
            out.extend_from_slice(b"xref\n");
            for run in runs(&offsets) {
                let _ = writeln!(out, "{} {}", run[0].0.0, run.len());
                for (id, off) in run {
                    let _ = write!(out, "{off:010} {:05} n\r\n", id.1);
                }
            }
            trailer.set("Size", Object::Integer(i64::from(self.next_id)));
            out.extend_from_slice(b"trailer\n");
            write_dict(&mut out, &trailer);
            out.push(b'\n');
        }
        let _ = write!(out, "startxref\n{xref_at}\n%%EOF\n");
        Ok((out, placeholder))
    }
}

/// Consecutive object numbers, for xref subsections.
fn runs(offsets: &[(ObjectId, usize)]) -> Vec<&[(ObjectId, usize)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=offsets.len() {
        if i == offsets.len() || offsets[i].0.0 != offsets[i - 1].0.0 + 1 {
            out.push(&offsets[start..i]);
            start = i;
        }
    }
    out
}

fn sha2_16(b: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    let mut v = sha2::Sha256::digest(b).to_vec();
    v.truncate(16);
    v
}

/// Offset named by the last `startxref` of the file.
pub(crate) fn last_startxref(bytes: &[u8]) -> Option<usize> {
    let tail_start = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_start..];
    let pos = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = &tail[pos + 9..];
    let digits: String = rest
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits.parse().ok()
}

/// Patches the `/ByteRange` placeholder with the real values.
pub(crate) fn patch_byte_range(out: &mut [u8], ph: &Placeholder) -> [usize; 4] {
    let range = [
        0,
        ph.contents_start,
        ph.contents_end,
        out.len() - ph.contents_end,
    ];
    let text = format!("[{} {} {} {}]", range[0], range[1], range[2], range[3]);
    let width = 4 * BYTE_RANGE_DIGITS + 5;
    let padded = format!("{text:<width$}");
    out[ph.byte_range_at..ph.byte_range_at + width].copy_from_slice(padded.as_bytes());
    range
}

/// Resolves a reference (one level) in `doc`.
pub(crate) fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

/// A dictionary value, following a reference.
pub(crate) fn dict_get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| resolve(doc, o))
}

/// The name of a dictionary entry as UTF-8, following references.
pub(crate) fn name_of(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    match dict_get(doc, d, key)? {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}
