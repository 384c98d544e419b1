//! Signing a PDF (PAdES B-B, incremental update) and stamping the issued number into it.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest as _, Sha256};

use crate::appearance::{Draw, PngImage, fit, form};
use crate::font::EmbeddedFont;
use crate::issue_fields::{self, IssueFieldPlacement};
use crate::pdf::{self, Increment, SigDict, decode_text_string, dict_get, text_string};
use crate::{Signer, SigningError};

/// A rectangle on a page in PDF points (1/72 inch), origin at the page's lower left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfRect {
    /// Left edge.
    pub x: f32,
    /// Bottom edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl PdfRect {
    fn to_array(self) -> Object {
        Object::Array(vec![
            Object::Real(self.x),
            Object::Real(self.y),
            Object::Real(self.x + self.width),
            Object::Real(self.y + self.height),
        ])
    }

    fn from_array(o: &Object) -> Option<Self> {
        let a = o.as_array().ok()?;
        let v: Vec<f32> = a.iter().filter_map(|x| x.as_float().ok()).collect();
        if v.len() != 4 {
            return None;
        }
        let (x0, x1) = (v[0].min(v[2]), v[0].max(v[2]));
        let (y0, y1) = (v[1].min(v[3]), v[1].max(v[3]));
        Some(Self {
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        })
    }
}

/// Which signature a field holds, from the field names this crate gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SignatureKind {
    /// The competent person's signature.
    Personal,
    /// The organisation's signature on the main document (seal).
    Organisation,
    /// The organisation's signature on a separate attachment (text at the top right of page 1).
    OrganisationAttachment,
    /// A signature field this crate did not make.
    Other,
}

impl SignatureKind {
    fn prefix(self) -> &'static str {
        match self {
            Self::Personal => "ChanceryPersonal",
            Self::Organisation => "ChanceryOrganisation",
            Self::OrganisationAttachment => "ChanceryAttachment",
            Self::Other => "Signature",
        }
    }

    pub(crate) fn from_field_name(name: &str) -> Self {
        [
            Self::Personal,
            Self::Organisation,
            Self::OrganisationAttachment,
        ]
        .into_iter()
        .find(|k| name.starts_with(k.prefix()))
        .unwrap_or(Self::Other)
    }

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Personal => "PERSONAL",
            Self::Organisation => "ORGANISATION",
            Self::OrganisationAttachment => "ORGANISATION_ATTACHMENT",
            Self::Other => "OTHER",
        }
    }
}

/// The visible form of a signature (Decree 30 Appendix I).
#[derive(Debug, Clone)]
pub enum Appearance {
    /// The competent person's signature: the signature image (PNG, transparent background) centred
    /// in `rect` on `page` (1-based).
    Personal {
        /// Page number, 1-based.
        page: u32,
        /// The signature box.
        rect: PdfRect,
        /// The signer's signature image.
        image_png: Vec<u8>,
    },
    /// The organisation's signature on the main document: the seal image (PNG with alpha) at its
    /// real size, covering about the left third of the (latest) personal signature image. Refused
    /// when the document has no personal signature.
    OrganisationSeal {
        /// The seal image.
        seal_png: Vec<u8>,
        /// The seal's diameter in points (35 mm ≈ 99 pt).
        diameter: f32,
    },
    /// The organisation's signature on a separate attachment: no image, at the top right of page 1,
    /// showing the organisation, the number/notation and the signing time in ISO 8601.
    OrganisationAttachment {
        /// Name of the organisation (first line; may be empty).
        organisation: String,
        /// Number and notation of the main document, e.g. `05/BNV-VP`.
        number_notation: String,
    },
    /// No visible appearance.
    Invisible,
}

/// What to sign and how.
#[derive(Debug, Clone)]
pub struct SignRequest {
    /// Visible form and placement.
    pub appearance: Appearance,
    /// Claimed signing time (written as `/M`; Vietnam time +07:00 by default).
    pub signing_time: DateTime<FixedOffset>,
    /// `/Reason`.
    pub reason: Option<String>,
    /// `/Location`.
    pub location: Option<String>,
    /// Also put the CMS `signing-time` signed attribute (PAdES baseline says not to; off by default).
    pub cms_signing_time: bool,
    /// With a personal signature on a file nobody signed yet: also add the empty number and date
    /// fields that issuance fills ([`stamp_issue`]), in the same incremental update (never after
    /// an earlier signature, which would not allow them). Ignored for the other appearances.
    /// Off by default.
    pub issue_fields: Option<IssueFieldPlacement>,
}

impl SignRequest {
    /// A request signed now (Vietnam time).
    pub fn new(appearance: Appearance) -> Self {
        Self {
            appearance,
            signing_time: vietnam_now(),
            reason: None,
            location: None,
            cms_signing_time: false,
            issue_fields: None,
        }
    }
}

/// The current time in Vietnam (UTC+07:00).
pub(crate) fn vietnam_now() -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix());
    Utc::now().with_timezone(&offset)
}

use chrono::Offset as _;

fn pdf_date(t: &DateTime<FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    format!(
        "D:{}{}{:02}'{:02}'",
        t.format("%Y%m%d%H%M%S"),
        sign,
        off / 3600,
        (off % 3600) / 60
    )
}

/// A signature field found in a document.
#[derive(Debug, Clone)]
pub struct SignatureField {
    /// Fully qualified field name.
    pub name: String,
    /// Kind, from the name.
    pub kind: SignatureKind,
    /// Page of its widget (1-based), if found.
    pub page: Option<u32>,
    /// Widget rectangle.
    pub rect: Option<PdfRect>,
    /// The signature dictionary (`/V`), when signed.
    pub(crate) value: Option<ObjectId>,
}

impl SignatureField {
    /// Whether the field holds a signature.
    pub fn is_signed(&self) -> bool {
        self.value.is_some()
    }
}

pub(crate) fn signature_fields(doc: &Document) -> Vec<SignatureField> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Some(Object::Dictionary(form)) = dict_get(doc, catalog, b"AcroForm") else {
        return out;
    };
    let Some(Object::Array(fields)) = dict_get(doc, form, b"Fields") else {
        return out;
    };
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    let mut stack: Vec<(Object, String, Option<Vec<u8>>, usize)> = fields
        .iter()
        .rev()
        .map(|f| (f.clone(), String::new(), None, 0))
        .collect();
    while let Some((field_ref, parent_name, inherited_ft, depth)) = stack.pop() {
        if depth > 32 {
            continue;
        }
        let field_id = field_ref.as_reference().ok();
        let Object::Dictionary(field) = pdf::resolve(doc, &field_ref) else {
            continue;
        };
        let partial = match field.get(b"T") {
            Ok(Object::String(s, _)) => Some(decode_text_string(s)),
            _ => None,
        };
        let name = match (&partial, parent_name.is_empty()) {
            (Some(p), true) => p.clone(),
            (Some(p), false) => format!("{parent_name}.{p}"),
            (None, _) => parent_name.clone(),
        };
        let ft = match field.get(b"FT") {
            Ok(Object::Name(n)) => Some(n.clone()),
            _ => inherited_ft.clone(),
        };
        let kids = match dict_get(doc, field, b"Kids") {
            Some(Object::Array(k)) => k.clone(),
            _ => Vec::new(),
        };
        let kid_fields: Vec<&Object> = kids
            .iter()
            .filter(|k| matches!(pdf::resolve(doc, k), Object::Dictionary(d) if d.has(b"T")))
            .collect();
        if !kid_fields.is_empty() {
            for k in kid_fields.into_iter().rev() {
                stack.push((k.clone(), name.clone(), ft.clone(), depth + 1));
            }
            continue;
        }
        if ft.as_deref() != Some(b"Sig") {
            continue;
        }
        // The widget: the field itself, or its first kid.
        let (widget_id, widget) = if field.has(b"Rect") || kids.is_empty() {
            (field_id, field)
        } else {
            match pdf::resolve(doc, &kids[0]) {
                Object::Dictionary(w) => (kids[0].as_reference().ok(), w),
                _ => (field_id, field),
            }
        };
        let rect = widget.get(b"Rect").ok().and_then(PdfRect::from_array);
        let page = widget
            .get(b"P")
            .ok()
            .and_then(|p| p.as_reference().ok())
            .and_then(|p| pages.iter().find(|(_, id)| *id == p).map(|(n, _)| *n))
            .or_else(|| {
                let wid = widget_id?;
                pages.iter().find_map(|(n, pid)| {
                    let page = doc.get_dictionary(*pid).ok()?;
                    match dict_get(doc, page, b"Annots")? {
                        Object::Array(a) => a
                            .iter()
                            .any(|x| x.as_reference().ok() == Some(wid))
                            .then_some(*n),
                        _ => None,
                    }
                })
            });
        let value = field.get(b"V").ok().and_then(|v| v.as_reference().ok());
        out.push(SignatureField {
            kind: SignatureKind::from_field_name(&name),
            name,
            page,
            rect,
            value,
        });
    }
    out
}

/// The signature fields of a PDF, in document order.
pub fn existing_signatures(pdf: &[u8]) -> Result<Vec<SignatureField>, SigningError> {
    Ok(signature_fields(&pdf::load(pdf)?))
}

/// Whether the PDF already carries a (signed) personal signature made by this crate — the
/// condition for the organisation's signature on the main document. It says nothing about the
/// signature's validity: use [`crate::verify_pdf`] for that.
pub fn has_personal_signature(pdf: &[u8]) -> Result<bool, SigningError> {
    Ok(existing_signatures(pdf)?
        .iter()
        .any(|f| f.kind == SignatureKind::Personal && f.is_signed()))
}

pub(crate) fn page_box(doc: &Document, page_id: ObjectId) -> PdfRect {
    let mut id = Some(page_id);
    let mut guard = 0;
    while let (Some(pid), true) = (id, guard < 32) {
        guard += 1;
        let Ok(d) = doc.get_dictionary(pid) else {
            break;
        };
        for key in [b"CropBox".as_slice(), b"MediaBox"] {
            if let Some(r) = dict_get(doc, d, key).and_then(PdfRect::from_array) {
                return r;
            }
        }
        id = d.get(b"Parent").ok().and_then(|p| p.as_reference().ok());
    }
    PdfRect {
        x: 0.0,
        y: 0.0,
        width: 595.0,
        height: 842.0,
    }
}

/// Signs `pdf` with `signer` as an incremental update (PAdES B-B). Earlier bytes are unchanged.
pub async fn sign_pdf(
    pdf: &[u8],
    signer: &dyn Signer,
    request: &SignRequest,
) -> Result<Vec<u8>, SigningError> {
    let doc = pdf::load(pdf)?;
    let fields = signature_fields(&doc);
    let pages = doc.get_pages();
    let mut inc = Increment::new(pdf, &doc);
    let ordinal = fields.len() + 1;
    let add = |inc: &mut Increment<'_>, o: Object| inc.add(o);

    let (kind, page_no, rect, ap) = match &request.appearance {
        Appearance::Personal {
            page,
            rect,
            image_png,
        } => {
            let image = PngImage::decode(image_png)?;
            let (dx, dy, w, h) = fit(image.width, image.height, rect.width, rect.height);
            let image_id = image.add_objects(&mut |o| add(&mut inc, o));
            let ap = form(
                w,
                h,
                &[Draw::Image {
                    id: image_id,
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                }],
            );
            let widget_rect = PdfRect {
                x: rect.x + dx,
                y: rect.y + dy,
                width: w,
                height: h,
            };
            (
                SignatureKind::Personal,
                *page,
                widget_rect,
                Some(inc.add(ap)),
            )
        }
        Appearance::OrganisationSeal { seal_png, diameter } => {
            let personal = fields
                .iter()
                .rev()
                .find(|f| f.kind == SignatureKind::Personal && f.is_signed())
                .ok_or(SigningError::PersonalSignatureMissing)?;
            let (Some(page), Some(p)) = (personal.page, personal.rect) else {
                return Err(SigningError::PersonalSignatureMissing);
            };
            let image = PngImage::decode(seal_png)?;
            let d = *diameter;
            let (_, _, w, h) = fit(image.width, image.height, d, d);
            let rect = PdfRect {
                x: (p.x + p.width / 3.0 - w).max(0.0),
                y: p.y + p.height / 2.0 - h / 2.0,
                width: w,
                height: h,
            };
            let image_id = image.add_objects(&mut |o| add(&mut inc, o));
            let ap = form(
                w,
                h,
                &[Draw::Image {
                    id: image_id,
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                }],
            );
            (SignatureKind::Organisation, page, rect, Some(inc.add(ap)))
        }
        Appearance::OrganisationAttachment {
            organisation,
            number_notation,
        } => {
            let time = request
                .signing_time
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
            let mut lines: Vec<String> = Vec::new();
            if !organisation.trim().is_empty() {
                lines.push(organisation.trim().to_string());
            }
            lines.push(format!("Số: {number_notation}"));
            lines.push(format!("Thời gian ký: {time}"));
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            let font = EmbeddedFont::for_texts(&refs)?;
            let size = 10.0;
            let leading = 12.0;
            let pad = 4.0;
            let w = refs.iter().map(|l| font.width(l, size)).fold(0.0, f32::max) + 2.0 * pad;
            let h = leading * refs.len() as f32 + 2.0 * pad;
            let page_id = *pages.get(&1).ok_or(SigningError::NoSuchPage(1))?;
            let b = page_box(&doc, page_id);
            // About 0.5 cm from the top and 0.7 cm from the right edge.
            let (top, right) = (14.0, 20.0);
            let rect = PdfRect {
                x: (b.x + b.width - right - w).max(b.x),
                y: b.y + b.height - top - h,
                width: w,
                height: h,
            };
            let font_id = font.add_objects(&mut |o| add(&mut inc, o));
            let draws: Vec<Draw<'_>> = refs
                .iter()
                .enumerate()
                .map(|(i, text)| Draw::Text {
                    font: &font,
                    font_id,
                    size,
                    x: pad,
                    y: h - pad - leading * (i as f32 + 1.0) + 3.0,
                    text,
                })
                .collect();
            let ap = form(w, h, &draws);
            (
                SignatureKind::OrganisationAttachment,
                1,
                rect,
                Some(inc.add(ap)),
            )
        }
        Appearance::Invisible => (
            SignatureKind::Other,
            1,
            PdfRect {
                x: 0.0,
                y: 0.0,
                width: 0.0,
                height: 0.0,
            },
            None,
        ),
    };
    let page_id = *pages
        .get(&page_no)
        .ok_or(SigningError::NoSuchPage(page_no))?;
    // Only on a file nobody signed yet: new fields after a signature would be a change that
    // signature does not allow.
    let unsigned = fields.iter().all(|f| !f.is_signed());
    if let (SignatureKind::Personal, Some(placement), true) = (kind, request.issue_fields, unsigned)
    {
        let first = *pages.get(&1).ok_or(SigningError::NoSuchPage(1))?;
        let (field_page, number, date) = placement.resolve(page_box(&doc, first));
        let field_page_id = *pages
            .get(&field_page)
            .ok_or(SigningError::NoSuchPage(field_page))?;
        issue_fields::add_empty(&mut inc, &doc, field_page_id, number, date)?;
    }

    let chain = signer.certificate_chain();
    let signer_name = chain.first().and_then(common_name);
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set(
        "M",
        Object::String(
            pdf_date(&request.signing_time).into_bytes(),
            StringFormat::Literal,
        ),
    );
    if let Some(name) = &signer_name {
        sig.set("Name", text_string(name));
    }
    if let Some(reason) = &request.reason {
        sig.set("Reason", text_string(reason));
    }
    if let Some(location) = &request.location {
        sig.set("Location", text_string(location));
    }
    let sig_id = inc.alloc();

    let mut names_taken: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    names_taken.sort();
    let mut n = ordinal;
    let field_name = loop {
        let candidate = format!("{}{n}", kind.prefix());
        if names_taken.binary_search(&candidate).is_err() {
            break candidate;
        }
        n += 1;
    };
    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", text_string(&field_name));
    widget.set("V", Object::Reference(sig_id));
    widget.set("F", Object::Integer(132)); // Print | Locked
    widget.set("Rect", rect.to_array());
    widget.set("P", Object::Reference(page_id));
    if let Some(ap) = ap {
        let mut apd = Dictionary::new();
        apd.set("N", Object::Reference(ap));
        widget.set("AP", Object::Dictionary(apd));
    }
    let widget_id = inc.add(Object::Dictionary(widget));
    add_annotation(&mut inc, page_id, widget_id)?;
    add_form_field(&mut inc, &doc, widget_id)?;

    let chain_len: usize = chain
        .iter()
        .map(|c| {
            der::Encode::encoded_len(c)
                .ok()
                .and_then(|l| usize::try_from(l).ok())
        })
        .sum::<Option<usize>>()
        .unwrap_or(16 * 1024);
    let reserve = chain_len + signer.max_signature_len() + 2048;
    let (mut out, placeholder) = inc.finish(Some(SigDict {
        id: sig_id,
        dict: sig,
        reserve,
    }))?;
    let ph = placeholder.ok_or_else(|| SigningError::Internal("no placeholder".into()))?;
    let range = pdf::patch_byte_range(&mut out, &ph);
    let mut hasher = Sha256::new();
    hasher.update(&out[range[0]..range[1]]);
    hasher.update(&out[range[2]..range[2] + range[3]]);
    let digest = hasher.finalize();
    let cms = crate::cms_sig::build(
        signer,
        &digest,
        request.cms_signing_time.then_some(request.signing_time),
    )
    .await?;
    if cms.len() > reserve {
        return Err(SigningError::SignatureTooLarge);
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    out[ph.contents_start + 1..ph.contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

pub(crate) fn common_name(cert: &x509_cert::Certificate) -> Option<String> {
    const CN: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3");
    cert.tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == CN)
        .and_then(|atv| {
            atv.value
                .decode_as::<der::asn1::Utf8StringRef<'_>>()
                .map(|s| s.as_str().to_string())
                .or_else(|_| {
                    atv.value
                        .decode_as::<der::asn1::PrintableStringRef<'_>>()
                        .map(|s| s.as_str().to_string())
                })
                .ok()
        })
}

pub(crate) fn add_annotation(
    inc: &mut Increment<'_>,
    page_id: ObjectId,
    annot: ObjectId,
) -> Result<(), SigningError> {
    let mut page = inc.get(page_id)?.as_dict()?.clone();
    match page.get(b"Annots") {
        Ok(Object::Reference(arr_id)) => {
            let arr_id = *arr_id;
            let mut arr = match inc.get(arr_id)? {
                Object::Array(a) => a,
                _ => Vec::new(),
            };
            arr.push(Object::Reference(annot));
            inc.set(arr_id, Object::Array(arr));
        }
        Ok(Object::Array(a)) => {
            let mut a = a.clone();
            a.push(Object::Reference(annot));
            page.set("Annots", Object::Array(a));
            inc.set(page_id, Object::Dictionary(page));
        }
        _ => {
            page.set("Annots", Object::Array(vec![Object::Reference(annot)]));
            inc.set(page_id, Object::Dictionary(page));
        }
    }
    Ok(())
}

/// Adds a signature field to the `/AcroForm` (created if missing) and sets `/SigFlags`.
fn add_form_field(
    inc: &mut Increment<'_>,
    doc: &Document,
    field: ObjectId,
) -> Result<(), SigningError> {
    edit_acroform(inc, doc, |inc, form| {
        push_field(inc, form, field)?;
        form.set("SigFlags", Object::Integer(3));
        Ok(())
    })
}

/// Appends `field` to the form's `/Fields`.
pub(crate) fn push_field(
    inc: &mut Increment<'_>,
    form: &mut Dictionary,
    field: ObjectId,
) -> Result<(), SigningError> {
    match form.get(b"Fields") {
        Ok(Object::Reference(id)) => {
            let id = *id;
            let mut arr = match inc.get(id)? {
                Object::Array(a) => a,
                _ => Vec::new(),
            };
            arr.push(Object::Reference(field));
            inc.set(id, Object::Array(arr));
        }
        Ok(Object::Array(a)) => {
            let mut a = a.clone();
            a.push(Object::Reference(field));
            form.set("Fields", Object::Array(a));
        }
        _ => form.set("Fields", Object::Array(vec![Object::Reference(field)])),
    }
    Ok(())
}

/// Changes the document's `/AcroForm` (created if missing) in this update.
pub(crate) fn edit_acroform(
    inc: &mut Increment<'_>,
    doc: &Document,
    edit: impl FnOnce(&mut Increment<'_>, &mut Dictionary) -> Result<(), SigningError>,
) -> Result<(), SigningError> {
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| SigningError::BadPdf("no /Root".into()))?;
    let mut catalog = inc.get(root_id)?.as_dict()?.clone();
    match catalog.get(b"AcroForm") {
        Ok(Object::Reference(form_id)) => {
            let form_id = *form_id;
            let mut form = inc.get(form_id)?.as_dict()?.clone();
            edit(inc, &mut form)?;
            inc.set(form_id, Object::Dictionary(form));
        }
        Ok(Object::Dictionary(form)) => {
            let mut form = form.clone();
            edit(inc, &mut form)?;
            catalog.set("AcroForm", Object::Dictionary(form));
            inc.set(root_id, Object::Dictionary(catalog));
        }
        _ => {
            let mut form = Dictionary::new();
            edit(inc, &mut form)?;
            let form_id = inc.add(Object::Dictionary(form));
            catalog.set("AcroForm", Object::Reference(form_id));
            inc.set(root_id, Object::Dictionary(catalog));
        }
    }
    Ok(())
}

/// The issued number/notation and date, stamped into the PDF before the organisation signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueStamp {
    /// Number and notation, e.g. `05/BNV-VP`.
    pub number_notation: String,
    /// Issue date.
    pub issued_date: NaiveDate,
    /// The place written before the date (`Hà Nội, ngày …`), when the issuing body has one.
    pub place: Option<String>,
}

const KEY_NUMBER: &str = "ChanceryNumberNotation";
const KEY_DATE: &str = "ChanceryIssuedDate";
const KEY_PLACE: &str = "ChanceryIssuedPlace";

/// Writes the issued number/notation and date into the PDF in one incremental update: on the
/// page, by filling the number and date fields the personal signature added (see
/// [`crate::issue_fields`]; "Số: 05/BNV-VP" and "Hà Nội, ngày 07 tháng 3 năm 2025"), and in the
/// document information dictionary (a new `/Info` object). Both are changes validators accept
/// after earlier signatures. A document signed before those fields existed has no place for them
/// on the page: it gets the information dictionary only (see [`has_issue_fields`]).
pub fn stamp_issue(pdf: &[u8], stamp: &IssueStamp) -> Result<Vec<u8>, SigningError> {
    let doc = pdf::load(pdf)?;
    let mut info = match doc.trailer.get(b"Info").map(|o| pdf::resolve(&doc, o)) {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    info.set(KEY_NUMBER, text_string(&stamp.number_notation));
    info.set(
        KEY_DATE,
        text_string(&stamp.issued_date.format("%Y-%m-%d").to_string()),
    );
    match stamp.place.as_deref().map(str::trim) {
        Some(place) if !place.is_empty() => info.set(KEY_PLACE, text_string(place)),
        _ => {
            info.remove(KEY_PLACE.as_bytes());
        }
    }
    info.set(
        "ModDate",
        Object::String(pdf_date(&vietnam_now()).into_bytes(), StringFormat::Literal),
    );
    let mut inc = Increment::new(pdf, &doc);
    issue_fields::fill(
        &mut inc,
        &doc,
        &issue_fields::number_line(&stamp.number_notation),
        &issue_fields::date_line(stamp.place.as_deref(), stamp.issued_date),
    )?;
    let id = inc.add(Object::Dictionary(info));
    inc.set_info(id);
    Ok(inc.finish(None)?.0)
}

/// Whether the PDF has the number and date fields [`stamp_issue`] fills (added with the personal
/// signature since they exist).
pub fn has_issue_fields(pdf: &[u8]) -> Result<bool, SigningError> {
    Ok(!issue_fields::find(&pdf::load(pdf)?).is_empty())
}

/// Reads back what [`stamp_issue`] wrote, if anything.
pub fn read_issue_stamp(pdf: &[u8]) -> Result<Option<IssueStamp>, SigningError> {
    let doc = pdf::load(pdf)?;
    let Ok(Object::Dictionary(info)) = doc.trailer.get(b"Info").map(|o| pdf::resolve(&doc, o))
    else {
        return Ok(None);
    };
    let text = |k: &str| match info.get(k.as_bytes()) {
        Ok(Object::String(s, _)) => Some(decode_text_string(s)),
        _ => None,
    };
    let (Some(number_notation), Some(date)) = (text(KEY_NUMBER), text(KEY_DATE)) else {
        return Ok(None);
    };
    let issued_date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|e| SigningError::BadPdf(format!("issued date: {e}")))?;
    Ok(Some(IssueStamp {
        number_notation,
        issued_date,
        place: text(KEY_PLACE),
    }))
}

/// How many pages `pdf` has.
pub fn page_count(pdf: &[u8]) -> Result<u32, SigningError> {
    let doc = pdf::load(pdf)?;
    Ok(u32::try_from(doc.get_pages().len()).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        let t = DateTime::parse_from_rfc3339("2025-01-15T10:20:30+07:00").unwrap();
        assert_eq!(pdf_date(&t), "D:20250115102030+07'00'");
    }
}
