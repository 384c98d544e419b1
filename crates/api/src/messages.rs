//! User-facing error messages in Vietnamese (the default), English and Lao, keyed by the
//! stable `reason` (or, without one, the `code`) of an error. The server puts the message in
//! the caller's language into the response; clients may also translate by key themselves.
//! The texts live with the reasons themselves, in [`chancery_domain::reason::Reason`].

use chancery_domain::reason::Reason;
use chancery_domain::reference::Lang;

/// The message for `key` (a reason or a code) in `lang`; `None` for a key that is not a
/// [`Reason`] code.
pub fn localize(key: &str, lang: Lang) -> Option<&'static str> {
    Reason::from_code(key).map(|reason| reason.text(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_or_code_reads_in_the_language_asked_and_anything_else_has_no_text() {
        assert_eq!(
            localize("CYCLE", Lang::En),
            Some("A unit cannot move under itself or one of its sub-units.")
        );
        assert_eq!(
            localize("CYCLE", Lang::Vi),
            Some("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
        );
        assert_eq!(
            localize("UNAUTHENTICATED", Lang::Lo),
            Some("ກະລຸນາເຂົ້າສູ່ລະບົບ.")
        );
        assert_eq!(localize("cycle", Lang::En), None);
        assert_eq!(localize("NO_SUCH_REASON", Lang::Vi), None);
        assert_eq!(localize("", Lang::Vi), None);
    }
}
