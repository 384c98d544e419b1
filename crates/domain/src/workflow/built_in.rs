//! The titles of the steps and actions no definition holds — what the system itself does to
//! a document: a recipient's copy withdrawn by a recall of the issued document (it then
//! stands at the pseudo-step `withdrawn`) and reinstated, its signatures verified, a
//! co-handler's part completed, a recall after issuance. Screens show these titles, never
//! the codes.

use super::Title;

fn title(vi: &str, en: &str, lo: &str) -> Title {
    Title {
        vi: vi.to_owned(),
        en: en.to_owned(),
        lo: lo.to_owned(),
    }
}

/// The title of a built-in step or action code, if it is one.
pub fn built_in_title(code: &str) -> Option<Title> {
    Some(match code {
        crate::document::WITHDRAWN_STEP => title("Đã thu hồi", "Withdrawn", "ຖືກຖອນຄືນ"),
        crate::cancellation::CANCELLED_STEP => title(
            "Đã hủy (tiếp nhận nhầm)",
            "Cancelled (received by mistake)",
            "ຍົກເລີກແລ້ວ (ຮັບຜິດ)",
        ),
        "withdraw" => title("Thu hồi bản sao", "Copy withdrawn", "ຖອນສຳເນົາຄືນ"),
        "reinstate" => title("Khôi phục bản sao", "Copy reinstated", "ກູ້ຄືນສຳເນົາ"),
        "verify_signatures" => title(
            "Kiểm tra chữ ký số",
            "Digital signatures checked",
            "ກວດລາຍເຊັນດິຈິຕອນ",
        ),
        crate::document::COMPLETE_PART => title(
            "Hoàn thành phần phối hợp",
            "Co-handling part completed",
            "ສຳເລັດສ່ວນປະສານງານ",
        ),
        crate::document::RECALL => title("Thu hồi", "Recalled", "ຖອນຄືນ"),
        crate::outgoing::RECALL_ISSUE => title(
            "Thu hồi văn bản đã ban hành",
            "Issued document recalled",
            "ຖອນເອກະສານທີ່ອອກແລ້ວຄືນ",
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_history_writes_outside_the_definitions_has_a_title() {
        for code in [
            "withdrawn",
            "cancelled",
            "withdraw",
            "reinstate",
            "verify_signatures",
            "complete_part",
            "recall",
            "recall_issue",
        ] {
            let t = built_in_title(code).unwrap_or_else(|| panic!("{code} has no title"));
            for text in [&t.vi, &t.en, &t.lo] {
                assert!(!text.is_empty() && !text.contains('_'), "{code}: {text}");
            }
        }
        assert_eq!(built_in_title("register"), None);
    }
}
