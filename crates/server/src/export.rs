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

/// The incoming book's column widths (titles: `chancery_domain::book::INCOMING_COLUMNS`).
const WIDTHS: [f64; 10] = [12.0, 8.0, 28.0, 16.0, 12.0, 60.0, 28.0, 12.0, 10.0, 24.0];

/// The outgoing book's column widths (titles: `chancery_domain::book::OUTGOING_COLUMNS`).
const OUTGOING_WIDTHS: [f64; 10] = [18.0, 12.0, 60.0, 22.0, 32.0, 24.0, 8.0, 12.0, 10.0, 24.0];

fn local_date(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .date_naive()
        .format("%d/%m/%Y")
        .to_string()
}

/// A workbook with `title`, the book's column titles in `lang` (the ones the book page
/// shows) and their numbers, and the lines `write` puts from row 4 on. It prints landscape
/// on A4, fitted to the page's width, with the heading rows repeated on every page.
fn sheet_with(
    title: &str,
    lang: Lang,
    outgoing: bool,
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
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(2, 3)?;
    sheet.write_string_with_format(0, 0, title, &bold)?;
    let widths = if outgoing { &OUTGOING_WIDTHS } else { &WIDTHS };
    let titles = chancery_domain::book::column_titles(outgoing, lang);
    for (i, (name, width)) in titles.iter().zip(widths).enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
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
    sheet_with(title, lang, false, |sheet, cell| {
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
    sheet_with(title, lang, true, |sheet, cell| {
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
            let (title, rows) = outgoing_export::outgoing_register_book_export(
                &state.api, &guard, register, year, lang,
            )
            .await?;
            tokio::task::spawn_blocking(move || outgoing_workbook(&title, lang, &rows)).await
        } else {
            let (title, rows) =
                chancery_api::documents::register_book_export(&state.api, &guard, register, year)
                    .await?;
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
            let heading = chancery_domain::book::column_titles(true, lang)[0];
            assert_eq!(heading, first);
        }
        let titles = chancery_domain::book::column_titles(true, Lang::Vi);
        assert_eq!(titles[4], "Nơi nhận văn bản");
        assert_eq!(titles[5], "Đơn vị, người nhận bản lưu");
    }

    fn part(bytes: &[u8], name: &str) -> String {
        use std::io::Read as _;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn a_book_prints_landscape_fitted_to_the_width_with_its_headings_on_every_page() {
        let title = "Vụ Tổ chức cán bộ — Sổ văn bản đến 2026";
        for (bytes, first) in [
            (workbook(title, Lang::Vi, &[]).unwrap(), "Ngày đến"),
            (
                outgoing_workbook(title, Lang::Vi, &[row()]).unwrap(),
                "Số, ký hiệu văn bản",
            ),
        ] {
            let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
            assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
            assert!(sheet.contains(r#"paperSize="9""#), "{sheet}");
            assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
            let book = part(&bytes, "xl/workbook.xml");
            assert!(
                book.contains("_xlnm.Print_Titles") && book.contains("$3:$4"),
                "{book}"
            );
            let strings = part(&bytes, "xl/sharedStrings.xml");
            assert!(
                strings.contains(title) && strings.contains(first),
                "{strings}"
            );
        }
    }
}
