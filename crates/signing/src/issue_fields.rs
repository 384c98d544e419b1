//! The issued number/notation and date printed on the page, where Decree 30 (Appendix I) puts
//! them, without breaking the competent person's signature.
//!
//! The number and the date are only known at issuance, after the competent person has signed,
//! and the organisation's signature must cover them. Drawing new page content after a signature
//! is a change every validator flags; filling a form field that existed when the signature was
//! made is what PDF's signature rules (ISO 32000 DocMDP level 2, PAdES) allow, and what
//! pyHanko's difference analysis classifies as form filling. So:
//!
//! * with the personal signature, in the same incremental update, [`add_empty`] adds two empty,
//!   read-only text fields ([`NUMBER_FIELD`], [`DATE_FIELD`]) with widgets on page 1: the number
//!   in the left column under the issuing body's name, the place and date in the right column
//!   under the national motto, on the same line ([`IssueFieldPlacement::Decree30`]). The
//!   signature covers the empty fields;
//! * at issuance, [`fill`] gives each field its value (`/V`) and a new normal appearance drawn
//!   with the embedded, subsetted DejaVu Serif (Vietnamese diacritics render on any viewer), in
//!   an incremental update the organisation's signature then covers;
//! * the verifier ([`crate::verify_pdf`]) accepts, after a signature, exactly that: a new `/V`
//!   (a text string) and `/AP` on these two fields, nothing else of them.

use chrono::{Datelike as _, NaiveDate};
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::SigningError;
use crate::appearance::{Draw, form};
use crate::font::EmbeddedFont;
use crate::pdf::{Increment, decode_text_string, dict_get, resolve, text_string};
use crate::sign::{PdfRect, add_annotation, edit_acroform, push_field};

/// Name of the field that shows "Số: 12/QĐ-UBND".
pub const NUMBER_FIELD: &str = "ChanceryNumberNotation";
/// Name of the field that shows "Hà Nội, ngày 07 tháng 12 năm 2026".
pub const DATE_FIELD: &str = "ChanceryIssuedDate";

/// Font size of the number and date lines (Decree 30: 13 pt, the date 13–14 pt).
const SIZE: f32 = 13.0;

/// Where the number and date fields go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IssueFieldPlacement {
    /// Decree 30 Appendix I on page 1, measured from the page's top left corner (any page size):
    /// left margin 30 mm; the number line 45 mm below the top edge (top margin 20 mm, then the
    /// issuing body's two lines), centred in a 63 mm left column; the date line at the same
    /// height, centred in the right column up to a 20 mm right margin.
    Decree30,
    /// Explicit boxes on a page (1-based).
    At {
        /// Page, 1-based.
        page: u32,
        /// The number/notation box.
        number: PdfRect,
        /// The place-and-date box.
        date: PdfRect,
    },
}

const MM: f32 = 72.0 / 25.4;

impl IssueFieldPlacement {
    /// The page and the two boxes on a page whose visible box is `page_box`.
    pub fn resolve(self, page_box: PdfRect) -> (u32, PdfRect, PdfRect) {
        match self {
            Self::At { page, number, date } => (page, number, date),
            Self::Decree30 => {
                let (number, date) = decree_30_boxes(page_box);
                (1, number, date)
            }
        }
    }
}

/// The Decree 30 boxes on a page whose visible box is `b`.
pub fn decree_30_boxes(b: PdfRect) -> (PdfRect, PdfRect) {
    let left = b.x + 30.0 * MM;
    let right = b.x + b.width - 20.0 * MM;
    let height = 20.0;
    let y = b.y + b.height - 45.0 * MM;
    let left_width = 63.0 * MM;
    let number = PdfRect {
        x: left,
        y,
        width: left_width,
        height,
    };
    let date_x = left + left_width + 3.0 * MM;
    let date = PdfRect {
        x: date_x,
        y,
        width: (right - date_x).max(40.0),
        height,
    };
    (number, date)
}

/// The number line: `Số: 12/QĐ-UBND`.
pub fn number_line(number_notation: &str) -> String {
    format!("Số: {number_notation}")
}

/// The place-and-date line as Decree 30 writes it: `Hà Nội, ngày 07 tháng 12 năm 2026` (a day
/// below 10 and the months 1 and 2 take a leading zero), without the place when there is none.
pub fn date_line(place: Option<&str>, date: NaiveDate) -> String {
    let month = date.month();
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    let line = format!("ngày {:02} tháng {month} năm {}", date.day(), date.year());
    match place.map(str::trim).filter(|p| !p.is_empty()) {
        Some(place) => format!("{place}, {line}"),
        None => line,
    }
}

fn field_name(d: &Dictionary) -> Option<String> {
    match d.get(b"T") {
        Ok(Object::String(s, _)) => Some(decode_text_string(s)),
        _ => None,
    }
}

/// Whether `d` is one of the two fields (a merged text field and widget) this module makes.
pub(crate) fn is_issue_field(d: &Dictionary) -> bool {
    let tx = matches!(d.get(b"FT"), Ok(Object::Name(n)) if n == b"Tx");
    let widget = matches!(d.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Widget");
    tx && widget && field_name(d).is_some_and(|n| n == NUMBER_FIELD || n == DATE_FIELD)
}

/// The number and date fields of `doc` (top level of the form), by name.
pub(crate) fn find(doc: &Document) -> Vec<(String, ObjectId)> {
    let Ok(catalog) = doc.catalog() else {
        return Vec::new();
    };
    let Some(Object::Dictionary(form)) = dict_get(doc, catalog, b"AcroForm") else {
        return Vec::new();
    };
    let Some(Object::Array(fields)) = dict_get(doc, form, b"Fields") else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|f| {
            let id = f.as_reference().ok()?;
            match resolve(doc, f) {
                Object::Dictionary(d) if is_issue_field(d) => Some((field_name(d)?, id)),
                _ => None,
            }
        })
        .collect()
}

/// An appearance with nothing drawn (what an empty field shows).
fn empty_appearance(rect: PdfRect) -> Object {
    form(rect.width, rect.height, &[])
}

/// Adds the two empty read-only text fields, unless the document has them already. Returns
/// whether it added them.
pub(crate) fn add_empty(
    inc: &mut Increment<'_>,
    doc: &Document,
    page_id: ObjectId,
    number: PdfRect,
    date: PdfRect,
) -> Result<bool, SigningError> {
    if !find(doc).is_empty() {
        return Ok(false);
    }
    let helvetica = {
        let mut f = Dictionary::new();
        f.set("Type", Object::Name(b"Font".to_vec()));
        f.set("Subtype", Object::Name(b"Type1".to_vec()));
        f.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
        f.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        inc.add(Object::Dictionary(f))
    };
    let mut ids = Vec::new();
    for (name, rect) in [(NUMBER_FIELD, number), (DATE_FIELD, date)] {
        let ap = inc.add(empty_appearance(rect));
        let mut w = Dictionary::new();
        w.set("Type", Object::Name(b"Annot".to_vec()));
        w.set("Subtype", Object::Name(b"Widget".to_vec()));
        w.set("FT", Object::Name(b"Tx".to_vec()));
        w.set("T", text_string(name));
        w.set("Ff", Object::Integer(1)); // ReadOnly: only issuance fills it
        w.set("F", Object::Integer(4)); // Print
        w.set("Q", Object::Integer(1)); // centred
        w.set(
            "DA",
            Object::String(
                format!("/Helv {SIZE} Tf 0 g").into_bytes(),
                lopdf::StringFormat::Literal,
            ),
        );
        w.set("Rect", rect_array(rect));
        w.set("P", Object::Reference(page_id));
        let mut apd = Dictionary::new();
        apd.set("N", Object::Reference(ap));
        w.set("AP", Object::Dictionary(apd));
        let id = inc.add(Object::Dictionary(w));
        add_annotation(inc, page_id, id)?;
        ids.push(id);
    }
    edit_acroform(inc, doc, |inc, form| {
        for id in &ids {
            push_field(inc, form, *id)?;
        }
        let mut dr = match form.get(b"DR") {
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        let mut fonts = match dr.get(b"Font") {
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        if !fonts.has(b"Helv") {
            fonts.set("Helv", Object::Reference(helvetica));
        }
        dr.set("Font", Object::Dictionary(fonts));
        form.set("DR", Object::Dictionary(dr));
        Ok(())
    })?;
    Ok(true)
}

fn rect_array(r: PdfRect) -> Object {
    Object::Array(vec![
        Object::Real(r.x),
        Object::Real(r.y),
        Object::Real(r.x + r.width),
        Object::Real(r.y + r.height),
    ])
}

fn rect_of(d: &Dictionary) -> Option<PdfRect> {
    let a = d.get(b"Rect").ok()?.as_array().ok()?;
    let v: Vec<f32> = a.iter().filter_map(|x| x.as_float().ok()).collect();
    let [x0, y0, x1, y1] = v[..] else {
        return None;
    };
    Some(PdfRect {
        x: x0.min(x1),
        y: y0.min(y1),
        width: (x1 - x0).abs(),
        height: (y1 - y0).abs(),
    })
}

/// Fills the number and date fields (value and appearance). Returns whether the document had
/// them; a document signed before they existed is left as it is.
pub(crate) fn fill(
    inc: &mut Increment<'_>,
    doc: &Document,
    number: &str,
    date: &str,
) -> Result<bool, SigningError> {
    let found = find(doc);
    if found.is_empty() {
        return Ok(false);
    }
    let font = EmbeddedFont::for_texts(&[number, date])?;
    let font_id = font.add_objects(&mut |o| inc.add(o));
    for (name, id) in found {
        let text = if name == NUMBER_FIELD { number } else { date };
        let mut field = inc.get(id)?.as_dict()?.clone();
        let rect = rect_of(&field).unwrap_or(PdfRect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0,
        });
        let natural = font.width(text, SIZE);
        let size = if natural > rect.width - 2.0 && natural > 0.0 {
            SIZE * (rect.width - 2.0).max(1.0) / natural
        } else {
            SIZE
        };
        let width = font.width(text, size);
        let ap = form(
            rect.width,
            rect.height,
            &[Draw::Text {
                font: &font,
                font_id,
                size,
                x: ((rect.width - width) / 2.0).max(0.0),
                y: ((rect.height - size * 0.7) / 2.0).max(0.0),
                text,
            }],
        );
        let ap = inc.add(ap);
        let mut apd = Dictionary::new();
        apd.set("N", Object::Reference(ap));
        field.set("V", text_string(text));
        field.set("AP", Object::Dictionary(apd));
        inc.set(id, Object::Dictionary(field));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decree_30_date_lines() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            date_line(Some("Hà Nội"), d(2026, 12, 7)),
            "Hà Nội, ngày 07 tháng 12 năm 2026"
        );
        assert_eq!(date_line(None, d(2026, 2, 15)), "ngày 15 tháng 02 năm 2026");
        assert_eq!(
            date_line(Some(" "), d(2026, 3, 1)),
            "ngày 01 tháng 3 năm 2026"
        );
        assert_eq!(number_line("12/QĐ-UBND"), "Số: 12/QĐ-UBND");
    }

    #[test]
    fn decree_30_boxes_on_a4() {
        let (n, d) = decree_30_boxes(PdfRect {
            x: 0.0,
            y: 0.0,
            width: 595.0,
            height: 842.0,
        });
        assert!((n.x - 85.0).abs() < 1.0, "{n:?}");
        assert!((n.y - d.y).abs() < f32::EPSILON);
        assert!(n.x + n.width < d.x);
        assert!(d.x + d.width <= 595.0 - 56.0, "{d:?}");
        assert!(n.y > 700.0 && n.y < 730.0, "{n:?}");
    }
}
