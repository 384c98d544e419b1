//! Appearance streams of signature widgets: PNG images (with their alpha as a soft mask) and text.

use lopdf::{Dictionary, Object, ObjectId};

use crate::SigningError;
use crate::font::{EmbeddedFont, compressed};

/// A decoded PNG ready to become an image XObject.
pub(crate) struct PngImage {
    pub width: u32,
    pub height: u32,
    gray: bool,
    color: Vec<u8>,
    alpha: Option<Vec<u8>>,
}

impl PngImage {
    pub fn decode(bytes: &[u8]) -> Result<Self, SigningError> {
        let bad = |e: &dyn std::fmt::Display| SigningError::BadImage(e.to_string());
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(|e| bad(&e))?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| SigningError::BadImage("image too large".into()))?;
        let mut buf = vec![0; size];
        let info = reader.next_frame(&mut buf).map_err(|e| bad(&e))?;
        buf.truncate(info.buffer_size());
        let (channels, gray, has_alpha) = match info.color_type {
            png::ColorType::Grayscale => (1, true, false),
            png::ColorType::GrayscaleAlpha => (2, true, true),
            png::ColorType::Rgb => (3, false, false),
            png::ColorType::Rgba => (4, false, true),
            png::ColorType::Indexed => {
                return Err(SigningError::BadImage("indexed colour not expanded".into()));
            }
        };
        let color_channels = if gray { 1 } else { 3 };
        let pixels = (info.width as usize) * (info.height as usize);
        let mut color = Vec::with_capacity(pixels * color_channels);
        let mut alpha = has_alpha.then(|| Vec::with_capacity(pixels));
        for px in buf.chunks_exact(channels) {
            color.extend_from_slice(&px[..color_channels]);
            if let Some(a) = alpha.as_mut() {
                a.push(px[channels - 1]);
            }
        }
        Ok(Self {
            width: info.width,
            height: info.height,
            gray,
            color,
            alpha,
        })
    }

    /// Adds the image (and its soft mask); returns the image's id.
    pub fn add_objects(&self, add: &mut dyn FnMut(Object) -> ObjectId) -> ObjectId {
        let base = |color_space: &[u8]| {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"XObject".to_vec()));
            d.set("Subtype", Object::Name(b"Image".to_vec()));
            d.set("Width", Object::Integer(i64::from(self.width)));
            d.set("Height", Object::Integer(i64::from(self.height)));
            d.set("ColorSpace", Object::Name(color_space.to_vec()));
            d.set("BitsPerComponent", Object::Integer(8));
            d
        };
        let smask = self
            .alpha
            .as_ref()
            .map(|a| add(Object::Stream(compressed(base(b"DeviceGray"), a))));
        let mut dict = base(if self.gray {
            b"DeviceGray"
        } else {
            b"DeviceRGB"
        });
        if let Some(smask) = smask {
            dict.set("SMask", Object::Reference(smask));
        }
        add(Object::Stream(compressed(dict, &self.color)))
    }
}

/// One element drawn in an appearance box (coordinates relative to the box's lower left).
pub(crate) enum Draw<'a> {
    /// An image XObject scaled into a rectangle.
    Image {
        id: ObjectId,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A line of text with the embedded font, black.
    Text {
        font: &'a EmbeddedFont,
        font_id: ObjectId,
        size: f32,
        x: f32,
        y: f32,
        text: &'a str,
    },
}

/// Builds a form XObject of `width`×`height` points drawing `items`.
pub(crate) fn form(width: f32, height: f32, items: &[Draw<'_>]) -> Object {
    let mut content = Vec::new();
    let mut images = Dictionary::new();
    let mut fonts = Dictionary::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Draw::Image { id, x, y, w, h } => {
                let name = format!("Im{i}");
                images.set(name.clone(), Object::Reference(*id));
                content.extend_from_slice(
                    format!("q {w:.3} 0 0 {h:.3} {x:.3} {y:.3} cm /{name} Do Q\n").as_bytes(),
                );
            }
            Draw::Text {
                font,
                font_id,
                size,
                x,
                y,
                text,
            } => {
                let name = format!("F{i}");
                fonts.set(name.clone(), Object::Reference(*font_id));
                content.extend_from_slice(
                    format!("BT 0 g /{name} {size:.2} Tf {x:.3} {y:.3} Td ").as_bytes(),
                );
                content.extend_from_slice(&font.encode(text));
                content.extend_from_slice(b" Tj ET\n");
            }
        }
    }
    let mut resources = Dictionary::new();
    if !images.is_empty() {
        resources.set("XObject", Object::Dictionary(images));
    }
    if !fonts.is_empty() {
        resources.set("Font", Object::Dictionary(fonts));
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Real(width),
            Object::Real(height),
        ]),
    );
    dict.set("Resources", Object::Dictionary(resources));
    Object::Stream(compressed(dict, &content))
}

/// The largest rectangle with the image's aspect ratio centred in `w`×`h`.
pub(crate) fn fit(img_w: u32, img_h: u32, w: f32, h: f32) -> (f32, f32, f32, f32) {
    let (iw, ih) = (img_w.max(1) as f32, img_h.max(1) as f32);
    let scale = (w / iw).min(h / ih);
    let (dw, dh) = (iw * scale, ih * scale);
    ((w - dw) / 2.0, (h - dh) / 2.0, dw, dh)
}
