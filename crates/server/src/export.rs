//! `GET /registers/{id}/{year}/book.xlsx`: a register book for a year as an Excel workbook,
//! with the Decree 30 Appendix IV columns, for whoever may read the book. An incoming
//! register gives the incoming book (the `registerBook` query's rule); an outgoing register
//! the outgoing book (sổ đăng ký văn bản đi; the `outgoingRegisterBook` query's rule).
//! Headings in the request's language.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chancery_api::ApiError;
use chancery_api::outgoing_export::{self, OutgoingExportRow};
use chancery_domain::catalogues::RegisterKind;
use chancery_domain::ids::RegisterId;
use chancery_domain::reference::Lang;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use uuid::Uuid;

use crate::files::{caller, error};
use crate::http::AppState;

/// The columns, in the three interface languages.
type Column = (&'static str, &'static str, &'static str, f64);

/// The incoming book's columns.
const COLUMNS: [Column; 10] = [
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

/// The outgoing book's columns (Decree 30 Appendix IV, sổ đăng ký văn bản đi).
const OUTGOING_COLUMNS: [Column; 10] = [
    (
        "Số, ký hiệu văn bản",
        "Number and notation",
        "ເລກທີ ແລະ ສັນຍາລັກ",
        18.0,
    ),
    ("Ngày tháng văn bản", "Document date", "ລົງວັນທີ", 12.0),
    (
        "Tên loại và trích yếu nội dung",
        "Type and summary",
        "ປະເພດ ແລະ ເນື້ອໃນຫຍໍ້",
        60.0,
    ),
    ("Người ký", "Signed by", "ຜູ້ລົງນາມ", 22.0),
    ("Nơi nhận văn bản", "Recipients", "ບ່ອນຮັບ", 32.0),
    (
        "Đơn vị, người nhận bản lưu",
        "Unit or person keeping the file copy",
        "ໜ່ວຍງານ, ຜູ້ຮັບສະບັບເກັບ",
        24.0,
    ),
    ("Số lượng bản", "Copies", "ຈຳນວນສະບັບ", 8.0),
    ("Ngày chuyển", "Date sent", "ວັນທີ່ສົ່ງ", 12.0),
    ("Ký nhận", "Receipt", "ລົງນາມຮັບ", 10.0),
    ("Ghi chú", "Notes", "ໝາຍເຫດ", 24.0),
];

fn local_date(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .date_naive()
        .format("%d/%m/%Y")
        .to_string()
}

/// A workbook with `title`, the `columns`' headings in `lang` and their numbers, and the
/// lines `write` puts from row 4 on.
fn sheet_with(
    title: &str,
    lang: Lang,
    columns: &[Column],
    write: impl FnOnce(
        &mut rust_xlsxwriter::Worksheet,
        &Format,
    ) -> Result<(), rust_xlsxwriter::XlsxError>,
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
    for (i, (vi, en, lo, width)) in columns.iter().enumerate() {
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
    write(sheet, &cell)?;
    workbook.save_to_buffer()
}

fn workbook(
    title: &str,
    lang: Lang,
    rows: &[chancery_api::documents::ExportRow],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    sheet_with(title, lang, &COLUMNS, |sheet, cell| {
        for (i, r) in rows.iter().enumerate() {
            let row = u32::try_from(i + 4).unwrap_or(u32::MAX);
            sheet.write_string_with_format(row, 0, local_date(r.arrived_at), cell)?;
            sheet.write_number_with_format(row, 1, r.number as f64, cell)?;
            sheet.write_string_with_format(row, 2, &r.issuing_body, cell)?;
            sheet.write_string_with_format(row, 3, &r.number_notation, cell)?;
            sheet.write_string_with_format(
                row,
                4,
                r.document_date.format("%d/%m/%Y").to_string(),
                cell,
            )?;
            sheet.write_string_with_format(row, 5, &r.type_and_summary, cell)?;
            sheet.write_string_with_format(
                row,
                6,
                r.forwarded_to.as_deref().unwrap_or(""),
                cell,
            )?;
            sheet.write_string_with_format(
                row,
                7,
                r.forwarded_at.map(local_date).unwrap_or_default(),
                cell,
            )?;
            sheet.write_string_with_format(row, 8, "", cell)?;
            sheet.write_string_with_format(row, 9, r.notes.as_deref().unwrap_or(""), cell)?;
        }
        Ok(())
    })
}

/// The cells of one outgoing book line, in column order.
fn outgoing_cells(r: &OutgoingExportRow) -> [String; 10] {
    [
        r.number_notation.clone(),
        r.issue_date.format("%d/%m/%Y").to_string(),
        r.type_and_summary.clone(),
        r.signer_name.clone(),
        r.recipients.clone(),
        r.kept_by.clone(),
        r.copies.map(|n| n.to_string()).unwrap_or_default(),
        r.sent_at.map(local_date).unwrap_or_default(),
        String::new(),
        r.notes.clone(),
    ]
}

fn outgoing_workbook(
    title: &str,
    lang: Lang,
    rows: &[OutgoingExportRow],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    sheet_with(title, lang, &OUTGOING_COLUMNS, |sheet, cell| {
        for (i, r) in rows.iter().enumerate() {
            let row = u32::try_from(i + 4).unwrap_or(u32::MAX);
            for (col, value) in (0u16..).zip(outgoing_cells(r)) {
                if col == 6
                    && let Some(copies) = r.copies
                {
                    sheet.write_number_with_format(row, col, f64::from(copies), cell)?;
                } else {
                    sheet.write_string_with_format(row, col, value, cell)?;
                }
            }
        }
        Ok(())
    })
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
        let lang = crate::http::request_info(&headers, peer, &[], false, true)
            .lang
            .unwrap_or(Lang::Vi);
        let register = RegisterId(register);
        let outgoing =
            outgoing_export::register_kind(&state.api, register).await? == RegisterKind::Outgoing;
        let bytes = if outgoing {
            let (name, rows) = outgoing_export::outgoing_register_book_export(
                &state.api, &guard, register, year, lang,
            )
            .await?;
            let title = format!("{name} — {year}");
            tokio::task::spawn_blocking(move || outgoing_workbook(&title, lang, &rows)).await
        } else {
            let (name, rows) =
                chancery_api::documents::register_book_export(&state.api, &guard, register, year)
                    .await?;
            let title = format!("{name} — {year}");
            tokio::task::spawn_blocking(move || workbook(&title, lang, &rows)).await
        }
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
        Ok::<_, ApiError>((bytes, year, outgoing))
    }
    .await;
    match result {
        Ok((bytes, year, outgoing)) => {
            let mut response = (StatusCode::OK, bytes).into_response();
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            let book = if outgoing { "di" } else { "den" };
            if let Ok(value) = HeaderValue::from_str(&format!(
                "attachment; filename=\"so-van-ban-{book}-{year}.xlsx\""
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
        Err(e) => error(&e, &headers),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn row() -> OutgoingExportRow {
        OutgoingExportRow {
            number: 7,
            number_notation: "07/UBND-VP".to_owned(),
            issue_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            type_and_summary: "Công văn: Về việc góp ý".to_owned(),
            signer_name: "Nguyễn Văn Ký".to_owned(),
            recipients: "Phòng Tư pháp\nBộ Tài chính".to_owned(),
            kept_by: "Văn phòng".to_owned(),
            copies: Some(2),
            // 20:00 UTC is the next morning in Vietnam.
            sent_at: chrono::DateTime::parse_from_rfc3339("2026-03-02T20:00:00Z")
                .ok()
                .map(|t| t.with_timezone(&chrono::Utc)),
            notes: "Khẩn".to_owned(),
        }
    }

    #[test]
    fn an_outgoing_line_fills_the_appendix_iv_columns_in_order() {
        assert_eq!(
            outgoing_cells(&row()),
            [
                "07/UBND-VP",
                "02/03/2026",
                "Công văn: Về việc góp ý",
                "Nguyễn Văn Ký",
                "Phòng Tư pháp\nBộ Tài chính",
                "Văn phòng",
                "2",
                "03/03/2026",
                "",
                "Khẩn",
            ]
            .map(str::to_owned)
        );
        let unsent = OutgoingExportRow {
            copies: None,
            sent_at: None,
            ..row()
        };
        let cells = outgoing_cells(&unsent);
        assert_eq!((cells[6].as_str(), cells[7].as_str()), ("", ""));
    }

    #[test]
    fn the_outgoing_workbook_has_one_heading_per_column_in_each_language() {
        for (lang, first) in [
            (Lang::Vi, "Số, ký hiệu văn bản"),
            (Lang::En, "Number and notation"),
            (Lang::Lo, "ເລກທີ ແລະ ສັນຍາລັກ"),
        ] {
            let bytes = outgoing_workbook("Sổ văn bản đi — 2026", lang, &[row()]).unwrap();
            assert!(bytes.starts_with(b"PK"), "a zip");
            let heading = match lang {
                Lang::Vi => OUTGOING_COLUMNS[0].0,
                Lang::En => OUTGOING_COLUMNS[0].1,
                Lang::Lo => OUTGOING_COLUMNS[0].2,
            };
            assert_eq!(heading, first);
        }
        assert_eq!(OUTGOING_COLUMNS.len(), 10);
        assert_eq!(OUTGOING_COLUMNS[4].0, "Nơi nhận văn bản");
        assert_eq!(OUTGOING_COLUMNS[5].0, "Đơn vị, người nhận bản lưu");
    }
}
