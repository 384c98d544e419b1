//! An embedded, subsetted TrueType font (DejaVu Serif) for text in appearances: Vietnamese
//! diacritics render on any viewer because the glyphs travel with the PDF.
//!
//! Written as a Type0 font with Identity-H encoding over a CIDFontType2 whose CIDs are the glyph
//! ids of the subset, with a ToUnicode CMap so the text can be copied and searched.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use crate::SigningError;

/// DejaVu Serif (Bitstream Vera / DejaVu licence, see `assets/DejaVu-LICENSE.txt`).
static DEJAVU_SERIF: &[u8] = include_bytes!("../assets/DejaVuSerif.ttf");

/// A font subset covering a fixed set of characters.
pub(crate) struct EmbeddedFont {
    /// char → glyph id in the subset (= CID).
    cids: BTreeMap<char, u16>,
    /// CID → advance width in 1/1000 em.
    widths: BTreeMap<u16, f32>,
    subset: Vec<u8>,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    bbox: [f32; 4],
    tag: String,
}

impl EmbeddedFont {
    /// A subset with the glyphs of every character of `texts`.
    pub fn for_texts(texts: &[&str]) -> Result<Self, SigningError> {
        let face = ttf_parser::Face::parse(DEJAVU_SERIF, 0)
            .map_err(|e| SigningError::Internal(format!("font: {e}")))?;
        let upem = f32::from(face.units_per_em());
        let scale = |v: f32| v * 1000.0 / upem;
        let mut remapper = subsetter::GlyphRemapper::new();
        let mut by_char = BTreeMap::new();
        for c in texts.iter().flat_map(|t| t.chars()) {
            if by_char.contains_key(&c) {
                continue;
            }
            let gid = face.glyph_index(c).ok_or(SigningError::MissingGlyph(c))?;
            by_char.insert(c, gid);
        }
        let mut cids = BTreeMap::new();
        let mut widths = BTreeMap::new();
        for (&c, gid) in &by_char {
            let cid = remapper.remap(gid.0);
            cids.insert(c, cid);
            let advance = face.glyph_hor_advance(*gid).map_or(0.0, f32::from);
            widths.insert(cid, scale(advance));
        }
        let subset = subsetter::subset(DEJAVU_SERIF, 0, &remapper)
            .map_err(|e| SigningError::Internal(format!("font subset: {e}")))?;
        let bb = face.global_bounding_box();
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(cids.keys().collect::<String>().as_bytes());
        let tag: String = hash
            .iter()
            .take(6)
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        Ok(Self {
            cids,
            widths,
            subset,
            ascent: scale(f32::from(face.ascender())),
            descent: scale(f32::from(face.descender())),
            cap_height: scale(f32::from(face.capital_height().unwrap_or(face.ascender()))),
            bbox: [
                scale(f32::from(bb.x_min)),
                scale(f32::from(bb.y_min)),
                scale(f32::from(bb.x_max)),
                scale(f32::from(bb.y_max)),
            ],
            tag,
        })
    }

    /// The text as a hex string of 2-byte CIDs for `Tj`.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 4 + 2);
        out.push(b'<');
        for c in text.chars() {
            let cid = self.cids.get(&c).copied().unwrap_or(0);
            out.extend_from_slice(format!("{cid:04X}").as_bytes());
        }
        out.push(b'>');
        out
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| {
                self.cids
                    .get(&c)
                    .and_then(|cid| self.widths.get(cid))
                    .copied()
                    .unwrap_or(0.0)
            })
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Adds the font's objects; returns the Type0 font's id.
    pub fn add_objects(&self, add: &mut dyn FnMut(Object) -> ObjectId) -> ObjectId {
        let base_font = format!("{}+DejaVuSerif", self.tag);
        let mut file_dict = Dictionary::new();
        file_dict.set("Length1", Object::Integer(self.subset.len() as i64));
        let file = add(Object::Stream(compressed(file_dict, &self.subset)));

        let mut descriptor = Dictionary::new();
        descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
        descriptor.set("FontName", Object::Name(base_font.clone().into_bytes()));
        descriptor.set("Flags", Object::Integer(6));
        descriptor.set(
            "FontBBox",
            Object::Array(self.bbox.iter().map(|v| Object::Real(*v)).collect()),
        );
        descriptor.set("ItalicAngle", Object::Integer(0));
        descriptor.set("Ascent", Object::Real(self.ascent));
        descriptor.set("Descent", Object::Real(self.descent));
        descriptor.set("CapHeight", Object::Real(self.cap_height));
        descriptor.set("StemV", Object::Integer(80));
        descriptor.set("FontFile2", Object::Reference(file));
        let descriptor = add(Object::Dictionary(descriptor));

        let mut w = Vec::new();
        for (cid, width) in &self.widths {
            w.push(Object::Integer(i64::from(*cid)));
            w.push(Object::Array(vec![Object::Real(*width)]));
        }
        let mut cid_font = Dictionary::new();
        cid_font.set("Type", Object::Name(b"Font".to_vec()));
        cid_font.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        cid_font.set("BaseFont", Object::Name(base_font.clone().into_bytes()));
        let mut system_info = Dictionary::new();
        system_info.set(
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        );
        system_info.set(
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        );
        system_info.set("Supplement", Object::Integer(0));
        cid_font.set("CIDSystemInfo", Object::Dictionary(system_info));
        cid_font.set("FontDescriptor", Object::Reference(descriptor));
        cid_font.set("DW", Object::Integer(1000));
        cid_font.set("W", Object::Array(w));
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
        let cid_font = add(Object::Dictionary(cid_font));

        let to_unicode = add(Object::Stream(compressed(
            Dictionary::new(),
            self.to_unicode_cmap().as_bytes(),
        )));

        let mut font = Dictionary::new();
        font.set("Type", Object::Name(b"Font".to_vec()));
        font.set("Subtype", Object::Name(b"Type0".to_vec()));
        font.set("BaseFont", Object::Name(base_font.into_bytes()));
        font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        font.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font)]),
        );
        font.set("ToUnicode", Object::Reference(to_unicode));
        add(Object::Dictionary(font))
    }

    fn to_unicode_cmap(&self) -> String {
        let mut s = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<_> = self.cids.iter().collect();
        for chunk in entries.chunks(100) {
            s.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (c, cid) in chunk {
                let mut buf = [0u16; 2];
                let units: String = c
                    .encode_utf16(&mut buf)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                s.push_str(&format!("<{cid:04X}> <{units}>\n"));
            }
            s.push_str("endbfchar\n");
        }
        s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        s
    }
}

/// A FlateDecode stream.
pub(crate) fn compressed(mut dict: Dictionary, data: &[u8]) -> Stream {
    use std::io::Write as _;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    let content = enc.finish().unwrap_or_default();
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Stream::new(dict, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_vietnamese() {
        let text = "Số: 05/BNV-VP — CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, Độc lập - Tự do - Hạnh phúc; \
                    Thời gian ký: ăâđêôơư ẮẰẲẴẶ ỨỪỬỮỰ ỳỵỷỹ";
        let font = EmbeddedFont::for_texts(&[text]).unwrap();
        assert!(font.width("Số", 10.0) > 5.0);
        assert!(
            font.subset.len() < 60_000,
            "subset is {} bytes",
            font.subset.len()
        );
    }
}
