//! `GET /registers/{id}/{year}/book.xlsx`: a register book for a year as an Excel workbook,
//! with the Decree 30 Appendix IV columns, for whoever may read the book (the `registerBook`
//! query's rule). Headings in the request's language.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chancery_api::ApiError;
use chancery_domain::ids::RegisterId;
use chancery_domain::reference::Lang;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use uuid::Uuid;

use crate::files::{caller, error};
use crate::http::AppState;

/// The columns, in the three interface languages.
const COLUMNS: [(&str, &str, &str, f64); 10] = [
    ("Ngày đến", "Arrival date", "ວັນທີ່ຮັບ", 12.0),
    ("Số đến", "Arrival number", "ເລກທີ່ຮັບ", 8.0),
    ("Tác giả", "Issuing body", "ຜູ້ອອກ", 28.0),
    (
        "Số, ký hiệu",
        "Number and notation",
        "ເລກທີ ແລະ ສັນຍາລັກ",
        16.0,
    ),
    ("Ngày tháng", "Document date", "ລົງວັນທີ", 12.0),
    (
        "Tên loại và trích yếu nội dung",
        "Type and summary",
        "ປະເພດ ແລະ ເນື້ອໃນຫຍໍ້",
        60.0,
    ),
    (
        "Đơn vị hoặc người nhận",
        "Receiving unit or person",
        "ໜ່ວຍງານ ຫຼື ຜູ້ຮັບ",
        28.0,
    ),
    ("Ngày chuyển", "Date forwarded", "ວັນທີ່ສົ່ງຕໍ່", 12.0),
    ("Ký nhận", "Receipt", "ລົງນາມຮັບ", 10.0),
    ("Ghi chú", "Notes", "ໝາຍເຫດ", 24.0),
];

fn local_date(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .date_naive()
        .format("%d/%m/%Y")
        .to_string()
}

fn workbook(
    title: &str,
    lang: Lang,
    rows: &[chancery_api::documents::ExportRow],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    sheet.write_string_with_format(0, 0, title, &bold)?;
    for (i, (vi, en, lo, width)) in COLUMNS.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        let name = match lang {
            Lang::Vi => vi,
            Lang::En => en,
            Lang::Lo => lo,
        };
        sheet.set_column_width(col, *width)?;
        sheet.write_string_with_format(2, col, *name, &head)?;
        sheet.write_number_with_format(
            3,
            col,
            f64::from(u32::try_from(i + 1).unwrap_or(0)),
            &head,
        )?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 4).unwrap_or(u32::MAX);
        sheet.write_string_with_format(row, 0, local_date(r.arrived_at), &cell)?;
        sheet.write_number_with_format(row, 1, r.number as f64, &cell)?;
        sheet.write_string_with_format(row, 2, &r.issuing_body, &cell)?;
        sheet.write_string_with_format(row, 3, &r.number_notation, &cell)?;
        sheet.write_string_with_format(
            row,
            4,
            r.document_date.format("%d/%m/%Y").to_string(),
            &cell,
        )?;
        sheet.write_string_with_format(row, 5, &r.type_and_summary, &cell)?;
        sheet.write_string_with_format(row, 6, r.forwarded_to.as_deref().unwrap_or(""), &cell)?;
        sheet.write_string_with_format(
            row,
            7,
            r.forwarded_at.map(local_date).unwrap_or_default(),
            &cell,
        )?;
        sheet.write_string_with_format(row, 8, "", &cell)?;
        sheet.write_string_with_format(row, 9, r.notes.as_deref().unwrap_or(""), &cell)?;
    }
    workbook.save_to_buffer()
}

pub async fn register_book(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, year)): Path<(String, String)>,
) -> Response {
    let result = async {
        let guard = caller(&state, &headers, peer, true).await?;
        let register = Uuid::parse_str(&id)
            .map_err(|_| ApiError::invalid("id", "INVALID_ID", "id is not an id"))?;
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| (1900..=9999).contains(y))
            .ok_or_else(|| ApiError::invalid("year", "OUT_OF_RANGE", "not a year"))?;
        let (name, rows) = chancery_api::documents::register_book_export(
            &state.api,
            &guard,
            RegisterId(register),
            year,
        )
        .await?;
        let lang = crate::http::request_info(&headers, peer, false, false, true)
            .lang
            .unwrap_or(Lang::Vi);
        let title = format!("{name} — {year}");
        let bytes = tokio::task::spawn_blocking(move || workbook(&title, lang, &rows))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)?;
        Ok::<_, ApiError>((bytes, year))
    }
    .await;
    match result {
        Ok((bytes, year)) => {
            let mut response = (StatusCode::OK, bytes).into_response();
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            if let Ok(value) = HeaderValue::from_str(&format!(
                "attachment; filename=\"so-van-ban-den-{year}.xlsx\""
            )) {
                h.insert(header::CONTENT_DISPOSITION, value);
            }
            h.insert(
                "x-content-type-options",
                HeaderValue::from_static("nosniff"),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            response
        }
        Err(e) => error(&e),
    }
}
