//! What a correction of a received document's metadata changed, field by field, in words:
//! the history shows "Trích yếu: «…» → «…»" under the correction (who and when come with
//! the entry). Pure: the history's read side compares each `document.metadata-updated` with
//! the metadata before it.

use crate::document::Metadata;
use crate::reference::{Labels, Lang};

/// One field a correction changed: its name in words, and its value before and after
/// (`None`: empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: Labels,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The fields `after` changes from `before`, in the order of Decree 30 Appendix VI; the
/// urgency and confidentiality worded in `lang`.
pub fn changes(before: &Metadata, after: &Metadata, lang: Lang) -> Vec<Change> {
    let date = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let fields: [(Labels, Option<String>, Option<String>); 13] = [
        (
            Labels::new("Cơ quan ban hành", "Issuing body", "ອົງການອອກ"),
            Some(before.issuing_body.clone()),
            Some(after.issuing_body.clone()),
        ),
        (
            Labels::new("Số, ký hiệu", "Number and notation", "ເລກທີ, ສັນຍາລັກ"),
            Some(before.number_notation.clone()),
            Some(after.number_notation.clone()),
        ),
        (
            Labels::new("Ngày văn bản", "Document date", "ວັນທີເອກະສານ"),
            Some(date(before.document_date)),
            Some(date(after.document_date)),
        ),
        (
            Labels::new("Loại văn bản", "Document type", "ປະເພດເອກະສານ"),
            Some(before.document_type.clone()),
            Some(after.document_type.clone()),
        ),
        (
            Labels::new("Trích yếu", "Summary", "ສັງລວມ"),
            Some(before.summary.clone()),
            Some(after.summary.clone()),
        ),
        (
            Labels::new("Số trang", "Pages", "ຈຳນວນໜ້າ"),
            Some(before.page_count.to_string()),
            Some(after.page_count.to_string()),
        ),
        (
            Labels::new("Người ký", "Signer", "ຜູ້ລົງນາມ"),
            before.signer_name.clone(),
            after.signer_name.clone(),
        ),
        (
            Labels::new("Chức vụ người ký", "Signer's position", "ຕຳແໜ່ງຜູ້ລົງນາມ"),
            before.signer_position.clone(),
            after.signer_position.clone(),
        ),
        (
            Labels::new("Độ khẩn", "Urgency", "ຄວາມຮີບດ່ວນ"),
            Some(before.urgency.labels().get(lang).to_owned()),
            Some(after.urgency.labels().get(lang).to_owned()),
        ),
        (
            Labels::new("Độ mật", "Confidentiality", "ຄວາມລັບ"),
            Some(before.confidentiality.labels().get(lang).to_owned()),
            Some(after.confidentiality.labels().get(lang).to_owned()),
        ),
        (
            Labels::new("Nơi nhận", "Recipients", "ບ່ອນຮັບ"),
            before.recipients.clone(),
            after.recipients.clone(),
        ),
        (
            Labels::new(
                "Hạn xử lý ghi trên văn bản",
                "Printed deadline",
                "ກຳນົດເວລາໃນເອກະສານ",
            ),
            before.deadline.map(date),
            after.deadline.map(date),
        ),
        (
            Labels::new("Ghi chú", "Notes", "ໝາຍເຫດ"),
            before.notes.clone(),
            after.notes.clone(),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, before, after)| Change {
            field,
            before,
            after,
        })
        .collect()
}

/// The changes in one line, in `lang`: `Trích yếu: «A» → «B»; Số trang: «1» → «2»`.
pub fn describe(changes: &[Change], lang: Lang) -> String {
    let value = |v: &Option<String>| {
        v.as_deref()
            .map_or_else(|| "—".to_owned(), |v| format!("«{v}»"))
    };
    changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                c.field.get(lang),
                value(&c.before),
                value(&c.after)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::reference::{Confidentiality, Urgency};
    use chrono::NaiveDate;

    fn metadata() -> Metadata {
        Metadata {
            issuing_body: "UBND tỉnh Ninh Bình".to_owned(),
            number_notation: "1235/UBND-NC".to_owned(),
            document_date: NaiveDate::from_ymd_opt(2026, 2, 27).unwrap(),
            document_type: "cong-van".to_owned(),
            summary: "Về việc báo cáo".to_owned(),
            language: "vi".to_owned(),
            page_count: 1,
            signer_name: None,
            signer_position: None,
            urgency: Urgency::Normal,
            confidentiality: Confidentiality::Normal,
            recipients: None,
            deadline: None,
            notes: None,
        }
    }

    #[test]
    fn a_correction_names_each_field_it_changed_with_before_and_after() {
        let before = metadata();
        let mut after = metadata();
        after.summary = "Về việc báo cáo quý I".to_owned();
        after.page_count = 3;
        after.signer_name = Some("Nguyễn Văn Ký".to_owned());
        after.urgency = Urgency::Urgent;
        let changes = changes(&before, &after, Lang::Vi);
        assert_eq!(changes.len(), 4);
        assert_eq!(
            describe(&changes, Lang::Vi),
            "Trích yếu: «Về việc báo cáo» → «Về việc báo cáo quý I»; Số trang: «1» → «3»; \
             Người ký: — → «Nguyễn Văn Ký»; Độ khẩn: «Thường» → «Khẩn»"
        );
        assert!(describe(&changes, Lang::En).starts_with("Summary: "));
    }

    #[test]
    fn a_correction_that_changed_nothing_says_nothing() {
        assert!(changes(&metadata(), &metadata(), Lang::Vi).is_empty());
    }
}
