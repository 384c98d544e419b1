//! Sample inputs for tests, demos and the benchmark: an N-page PDF with text, a blue signature
//! image and a red seal image (PNG, transparent background).

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::SigningError;
use crate::font::EmbeddedFont;

/// Where [`sample_pdf`] leaves room for the personal signature on its last page (A4 points).
pub const SIGNATURE_BOX: crate::PdfRect = crate::PdfRect {
    x: 340.0,
    y: 120.0,
    width: 170.0,
    height: 70.0,
};

/// A4 size in points.
pub const A4: (f32, f32) = (595.0, 842.0);

/// An A4 PDF of `pages` pages (at least one) with a Vietnamese header on page 1 (embedded font)
/// and lines of text on every page; content streams are not compressed. Page 1 is laid out as
/// Decree 30 Appendix I: the issuing body at the top of the left column, the national motto in the
/// right column, then a blank line where issuance prints the number ("Số: …", left) and the
/// place and date (right) — the boxes of [`crate::issue_fields::decree_30_boxes`] — then the
/// title. The last page carries the signer's position and name around [`SIGNATURE_BOX`].
pub fn sample_pdf(pages: usize, title: &str) -> Result<Vec<u8>, SigningError> {
    save(build(pages, title)?, false)
}

/// Like [`sample_pdf`], saved the PDF 1.5 way: object streams and a cross-reference stream (as
/// most office software writes PDFs).
pub fn sample_pdf_with_xref_stream(pages: usize, title: &str) -> Result<Vec<u8>, SigningError> {
    save(build(pages, title)?, true)
}

fn save(mut doc: Document, modern: bool) -> Result<Vec<u8>, SigningError> {
    let mut out = Vec::new();
    let saved = if modern {
        doc.save_modern(&mut out)
    } else {
        doc.save_to(&mut out).map(|_| ())
    };
    saved.map_err(|e| SigningError::Internal(format!("saving the sample PDF: {e}")))?;
    Ok(out)
}

fn build(pages: usize, title: &str) -> Result<Document, SigningError> {
    let pages = pages.max(1);
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut helvetica = Dictionary::new();
    helvetica.set("Type", Object::Name(b"Font".to_vec()));
    helvetica.set("Subtype", Object::Name(b"Type1".to_vec()));
    helvetica.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    helvetica.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
    let helvetica = doc.add_object(Object::Dictionary(helvetica));

    let header = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KT. BỘ TRƯỞNG / THỨ TRƯỞNG",
        "Nguyễn Văn An",
        "BỘ NỘI VỤ",
    ];
    let (number_box, date_box) = crate::issue_fields::decree_30_boxes(crate::PdfRect {
        x: 0.0,
        y: 0.0,
        width: A4.0,
        height: A4.1,
    });
    let vn_texts: Vec<&str> = header
        .iter()
        .copied()
        .chain(std::iter::once(title))
        .collect();
    let font = EmbeddedFont::for_texts(&vn_texts)?;
    let vn_font = font.add_objects(&mut |o| doc.add_object(o));

    let mut kids = Vec::new();
    for n in 1..=pages {
        let mut content = Vec::new();
        // A line centred on `cx`, shrunk to fit `width`.
        let vn_at = |content: &mut Vec<u8>, size: f32, cx: f32, width: f32, y: f32, text: &str| {
            let natural = font.width(text, size);
            let size = if natural > width {
                size * width / natural
            } else {
                size
            };
            let x = cx - font.width(text, size) / 2.0;
            content.extend_from_slice(format!("BT /F2 {size} Tf {x:.2} {y:.2} Td ").as_bytes());
            content.extend_from_slice(&font.encode(text));
            content.extend_from_slice(b" Tj ET\n");
        };
        if n == 1 {
            let left = number_box.x + number_box.width / 2.0;
            let right = date_box.x + date_box.width / 2.0;
            let top = number_box.y + number_box.height + 30.0;
            vn_at(&mut content, 12.0, left, number_box.width, top, header[4]);
            vn_at(&mut content, 12.0, right, date_box.width, top, header[0]);
            vn_at(
                &mut content,
                12.0,
                right,
                date_box.width,
                top - 16.0,
                header[1],
            );
            vn_at(&mut content, 15.0, A4.0 / 2.0, A4.0 - 140.0, 670.0, title);
        }
        let mut y = if n == 1 { 640.0 } else { 780.0 };
        content.extend_from_slice(
            format!("BT /F1 11 Tf 72 {y} Td (Page {n} of {pages}) Tj ET\n").as_bytes(),
        );
        y -= 22.0;
        let mut line = 1;
        while y > 230.0 || (n < pages && y > 72.0) {
            let text =
                format!("Line {line}: Chancery sample paragraph text for signing tests, page {n}.");
            content
                .extend_from_slice(format!("BT /F1 10 Tf 72 {y} Td ({text}) Tj ET\n").as_bytes());
            y -= 14.0;
            line += 1;
        }
        if n == pages {
            let b = SIGNATURE_BOX;
            let cx = b.x + b.width / 2.0;
            let centered = |content: &mut Vec<u8>, y: f32, text: &str| {
                let x = cx - font.width(text, 11.0) / 2.0;
                content.extend_from_slice(format!("BT /F2 11 Tf {x:.2} {y:.2} Td ").as_bytes());
                content.extend_from_slice(&font.encode(text));
                content.extend_from_slice(b" Tj ET\n");
            };
            centered(&mut content, b.y + b.height + 10.0, header[2]);
            centered(&mut content, b.y - 16.0, header[3]);
        }
        let content_id = doc.add_object(Object::Stream(Stream::new(Dictionary::new(), content)));
        let mut fonts = Dictionary::new();
        fonts.set("F1", Object::Reference(helvetica));
        fonts.set("F2", Object::Reference(vn_font));
        let mut resources = Dictionary::new();
        resources.set("Font", Object::Dictionary(fonts));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        page.set("Contents", Object::Reference(content_id));
        page.set("Resources", Object::Dictionary(resources));
        page.set(
            "MediaBox",
            Object::Array(vec![
                0.into(),
                0.into(),
                Object::Real(A4.0),
                Object::Real(A4.1),
            ]),
        );
        kids.push(Object::Reference(doc.add_object(Object::Dictionary(page))));
    }
    let mut pages_dict = Dictionary::new();
    pages_dict.set("Type", Object::Name(b"Pages".to_vec()));
    pages_dict.set("Count", Object::Integer(kids.len() as i64));
    pages_dict.set("Kids", Object::Array(kids));
    doc.objects.insert(pages_id, Object::Dictionary(pages_dict));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    let catalog_id = doc.add_object(Object::Dictionary(catalog));
    doc.trailer.set("Root", Object::Reference(catalog_id));
    let mut info = Dictionary::new();
    info.set("Title", crate::pdf::text_string(title));
    info.set(
        "Producer",
        Object::String(b"Chancery".to_vec(), StringFormat::Literal),
    );
    let info_id = doc.add_object(Object::Dictionary(info));
    doc.trailer.set("Info", Object::Reference(info_id));
    Ok(doc)
}

fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, SigningError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| SigningError::Internal(e.to_string()))?;
        writer
            .write_image_data(rgba)
            .map_err(|e| SigningError::Internal(e.to_string()))?;
    }
    Ok(out)
}

/// Paints an anti-aliased stroke: alpha from the distance `d` to the curve and half-width `w`.
fn coverage(d: f32, w: f32) -> f32 {
    (w + 0.5 - d).clamp(0.0, 1.0)
}

/// A blue handwritten-looking signature (PNG, transparent background), 360×140 px.
pub fn signature_png() -> Result<Vec<u8>, SigningError> {
    let (w, h) = (360u32, 140u32);
    let mut rgba = vec![0u8; (w * h * 4) as usize];
    // Sample a scribble curve densely, then paint pixels near it.
    let curve: Vec<(f32, f32)> = (0..2000)
        .map(|i| {
            let t = i as f32 / 2000.0;
            let x = 20.0 + t * 320.0;
            let y = 70.0
                + 35.0 * (t * 9.0 * std::f32::consts::PI).sin() * (1.0 - t * 0.5)
                + 12.0 * (t * 23.0).cos();
            (x, y)
        })
        .collect();
    for py in 0..h {
        for px in 0..w {
            let (fx, fy) = (px as f32 + 0.5, py as f32 + 0.5);
            let mut best = f32::MAX;
            for (cx, cy) in curve.iter().step_by(2) {
                let dx = cx - fx;
                if dx.abs() > 6.0 {
                    continue;
                }
                best = best.min((dx * dx + (cy - fy) * (cy - fy)).sqrt());
            }
            let a = coverage(best, 2.2);
            let i = ((py * w + px) * 4) as usize;
            rgba[i..i + 4].copy_from_slice(&[10, 40, 170, (a * 255.0) as u8]);
        }
    }
    encode_png(w, h, &rgba)
}

/// A red round seal (PNG, transparent background), 300×300 px.
pub fn seal_png() -> Result<Vec<u8>, SigningError> {
    let s = 300u32;
    let c = s as f32 / 2.0;
    let mut rgba = vec![0u8; (s * s * 4) as usize];
    for py in 0..s {
        for px in 0..s {
            let (dx, dy) = (px as f32 + 0.5 - c, py as f32 + 0.5 - c);
            let r = (dx * dx + dy * dy).sqrt();
            let mut a = coverage((r - 140.0).abs(), 5.0)
                .max(coverage((r - 100.0).abs(), 2.0))
                .max(coverage((r - 122.0).abs(), 1.0) * 0.6);
            // A five-pointed star in the middle.
            let angle = dy.atan2(dx) + std::f32::consts::FRAC_PI_2;
            let k = (angle * 5.0 / (2.0 * std::f32::consts::PI)).rem_euclid(1.0);
            let star_r = 45.0 * (0.45 + 0.55 * (1.0 - (k - 0.5).abs() * 2.0));
            if r < star_r {
                a = 1.0;
            }
            let i = ((py * s + px) * 4) as usize;
            rgba[i..i + 4].copy_from_slice(&[210, 20, 20, (a * 230.0) as u8]);
        }
    }
    encode_png(s, s, &rgba)
}
