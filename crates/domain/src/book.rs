//! How a register book (Decree 30 Appendix IV) is titled and headed, wherever it is shown:
//! the book page, its printout and its XLSX export take their column titles and their title
//! from here, in Vietnamese, English and Lao, so the three never word a column differently.

use crate::reference::Lang;

/// A column's title in Vietnamese, English and Lao.
pub type ColumnTitle = (&'static str, &'static str, &'static str);

/// The incoming book's columns (sổ đăng ký văn bản đến), in order.
pub const INCOMING_COLUMNS: [ColumnTitle; 10] = [
    ("Ngày đến", "Arrival date", "ວັນທີ່ຮັບ"),
    ("Số đến", "Arrival number", "ເລກທີ່ຮັບ"),
    ("Tác giả", "Issuing body", "ຜູ້ອອກ"),
    ("Số, ký hiệu", "Number and notation", "ເລກທີ ແລະ ສັນຍາລັກ"),
    ("Ngày tháng", "Document date", "ລົງວັນທີ"),
    (
        "Tên loại và trích yếu nội dung",
        "Type and summary",
        "ປະເພດ ແລະ ເນື້ອໃນຫຍໍ້",
    ),
    (
        "Đơn vị hoặc người nhận",
        "Receiving unit or person",
        "ໜ່ວຍງານ ຫຼື ຜູ້ຮັບ",
    ),
    ("Ngày chuyển", "Date forwarded", "ວັນທີ່ສົ່ງຕໍ່"),
    ("Ký nhận", "Receipt", "ລົງນາມຮັບ"),
    ("Ghi chú", "Notes", "ໝາຍເຫດ"),
];

/// The outgoing book's columns (sổ đăng ký văn bản đi), in order.
pub const OUTGOING_COLUMNS: [ColumnTitle; 10] = [
    (
        "Số, ký hiệu văn bản",
        "Number and notation",
        "ເລກທີ ແລະ ສັນຍາລັກ",
    ),
    ("Ngày tháng văn bản", "Document date", "ລົງວັນທີ"),
    (
        "Tên loại và trích yếu nội dung",
        "Type and summary",
        "ປະເພດ ແລະ ເນື້ອໃນຫຍໍ້",
    ),
    ("Người ký", "Signed by", "ຜູ້ລົງນາມ"),
    ("Nơi nhận văn bản", "Recipients", "ບ່ອນຮັບ"),
    (
        "Đơn vị, người nhận bản lưu",
        "Unit or person keeping the file copy",
        "ໜ່ວຍງານ, ຜູ້ຮັບສະບັບເກັບ",
    ),
    ("Số lượng bản", "Copies", "ຈຳນວນສະບັບ"),
    ("Ngày chuyển", "Date sent", "ວັນທີ່ສົ່ງ"),
    ("Ký nhận", "Receipt", "ລົງນາມຮັບ"),
    ("Ghi chú", "Notes", "ໝາຍເຫດ"),
];

/// A column title in `lang`.
pub fn in_lang(title: &ColumnTitle, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => title.0,
        Lang::En => title.1,
        Lang::Lo => title.2,
    }
}

/// The column titles of a book in `lang`.
pub fn column_titles(outgoing: bool, lang: Lang) -> Vec<&'static str> {
    let columns = if outgoing {
        &OUTGOING_COLUMNS
    } else {
        &INCOMING_COLUMNS
    };
    columns.iter().map(|c| in_lang(c, lang)).collect()
}

/// A register's name for a year: the name alone when it already names the year (the demo's
/// "Sổ văn bản đến 2026"), else the name and the year.
pub fn name_for_year(register_name: &str, year: i32) -> String {
    let name = register_name.trim();
    if name.contains(&year.to_string()) {
        name.to_owned()
    } else {
        format!("{name} {year}")
    }
}

/// A book's title: the unit keeping it, then the register's name for the year.
pub fn title(unit_name: &str, register_name: &str, year: i32) -> String {
    let book = name_for_year(register_name, year);
    if unit_name.trim().is_empty() {
        book
    } else {
        format!("{} — {book}", unit_name.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_title_names_the_unit_and_the_year_once() {
        assert_eq!(
            title("Vụ Tổ chức cán bộ", "Sổ văn bản đến 2026", 2026),
            "Vụ Tổ chức cán bộ — Sổ văn bản đến 2026"
        );
        assert_eq!(
            title("Sở Nội vụ", "Sổ văn bản đi", 2027),
            "Sở Nội vụ — Sổ văn bản đi 2027"
        );
        // A 2026 register's book of 2027 (a register restarts every year) names 2027.
        assert_eq!(
            name_for_year("Sổ văn bản đến 2026", 2027),
            "Sổ văn bản đến 2026 2027"
        );
        assert_eq!(title("", "Sổ đến", 2026), "Sổ đến 2026");
    }

    #[test]
    fn each_book_has_ten_titled_columns_in_every_language() {
        for outgoing in [false, true] {
            for lang in Lang::ALL {
                let titles = column_titles(outgoing, *lang);
                assert_eq!(titles.len(), 10);
                assert!(titles.iter().all(|t| !t.trim().is_empty()));
            }
        }
        assert_eq!(column_titles(false, Lang::Vi)[1], "Số đến");
        assert_eq!(column_titles(true, Lang::En)[4], "Recipients");
    }
}
