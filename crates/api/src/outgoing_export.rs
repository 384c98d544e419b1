//! The outgoing register book of a year as the server exports it (`book.xlsx`): the Decree 30
//! Appendix IV outgoing columns, for whoever may read the book — the `outgoingRegisterBook`
//! query's rule (the register's keepers, and auditors).

use chancery_domain::access::Action;
use chancery_domain::catalogues::RegisterKind;
use chancery_domain::ids::{ExternalAgencyId, RegisterId, UnitId};
use chancery_domain::reference::{Confidentiality, Lang, Urgency};
use chancery_read_models::outgoing as model;
use chrono::{DateTime, NaiveDate, Utc};

use crate::auth::Guard;
use crate::documents::unit_name;
use crate::{ApiContext, ApiError, ErrorCode};

/// One line of the outgoing book (sổ đăng ký văn bản đi).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingExportRow {
    pub number: i64,
    /// Số, ký hiệu văn bản.
    pub number_notation: String,
    /// Ngày tháng văn bản.
    pub issue_date: NaiveDate,
    /// Tên loại và trích yếu nội dung.
    pub type_and_summary: String,
    /// Người ký.
    pub signer_name: String,
    /// Nơi nhận văn bản: the recipients (units and agencies), one per line.
    pub recipients: String,
    /// Đơn vị, người nhận bản lưu: the drafting unit, which keeps the file copy.
    pub kept_by: String,
    /// Số lượng bản: copies sent.
    pub copies: Option<i32>,
    /// Ngày chuyển.
    pub sent_at: Option<DateTime<Utc>>,
    /// Ghi chú: urgency and confidentiality when not ordinary.
    pub notes: String,
}

/// The kind of register `register` is (`NO_SUCH_REGISTER` when there is none).
pub async fn register_kind(
    api: &ApiContext,
    register: RegisterId,
) -> Result<RegisterKind, ApiError> {
    let catalogues = api.commands.catalogues().await?;
    catalogues
        .registers
        .get(&register)
        .map(|r| r.kind)
        .ok_or_else(|| {
            ApiError::refused(ErrorCode::NotFound, "NO_SUCH_REGISTER", "no such register")
        })
}

/// The whole outgoing book of an outgoing register for a year: its title (the unit keeping
/// it and the register's name for the year, `book::title`) and its lines by number, for the
/// register's keepers and auditors.
pub async fn outgoing_register_book_export(
    api: &ApiContext,
    guard: &Guard,
    register: RegisterId,
    year: i32,
    lang: Lang,
) -> Result<(String, Vec<OutgoingExportRow>), ApiError> {
    guard.check(&Action::ViewOrganisation)?;
    let catalogues = api.commands.catalogues().await?;
    let defined = catalogues.registers.get(&register).ok_or_else(|| {
        ApiError::refused(ErrorCode::NotFound, "NO_SUCH_REGISTER", "no such register")
    })?;
    if defined.kind != RegisterKind::Outgoing {
        return Err(ApiError::invalid(
            "id",
            "NOT_AN_OUTGOING_REGISTER",
            "the register is not an outgoing register",
        ));
    }
    guard.check(&Action::ReadRegisterBook {
        owner: defined.owner_unit_id,
        outgoing: true,
        limit: defined.max_confidentiality,
    })?;
    let scope = crate::read_scope(guard)?;
    let client = api.read_client().await?;
    let book = model::book(
        &**client,
        register.0,
        year,
        None,
        None,
        None,
        &scope.clearance,
    )
    .await
    .map_err(ApiError::internal)?;
    let mut rows = Vec::with_capacity(book.len());
    for r in book {
        let deliveries = model::deliveries(&**client, r.document_id)
            .await
            .map_err(ApiError::internal)?;
        let recipients = deliveries
            .iter()
            .filter(|d| !d.withdrawn)
            .map(|d| match d.recipient_kind.as_str() {
                "agency" => catalogues
                    .external_agencies
                    .get(&ExternalAgencyId(d.recipient_id))
                    .map_or_else(|| d.recipient_id.to_string(), |a| a.name.clone()),
                _ => {
                    let name = unit_name(&guard.organisation, lang, UnitId(d.recipient_id));
                    if name.is_empty() {
                        d.recipient_id.to_string()
                    } else {
                        name
                    }
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let type_name = catalogues
            .document_types
            .get(&r.document_type)
            .map_or_else(|| r.document_type.clone(), |t| t.names.vi.clone());
        rows.push(OutgoingExportRow {
            number: r.number,
            number_notation: r.number_notation,
            issue_date: r.issue_date,
            type_and_summary: format!("{type_name}: {}", r.summary),
            signer_name: r.signer_name,
            recipients,
            kept_by: unit_name(&guard.organisation, lang, UnitId(r.drafting_unit_id)),
            copies: r.recipients,
            sent_at: r.sent_at,
            notes: notes(&r.urgency, &r.confidentiality, lang),
        });
    }
    Ok((
        chancery_domain::book::title(
            &owner_name(guard, defined.owner_unit_id),
            &defined.name,
            year,
        ),
        rows,
    ))
}

/// The book's note for a document: its urgency and confidentiality when not ordinary, in
/// `lang`.
fn notes(urgency: &str, confidentiality: &str, lang: Lang) -> String {
    let urgency = Urgency::parse(urgency).filter(|u| *u != Urgency::Normal);
    let confidentiality =
        Confidentiality::parse(confidentiality).filter(|c| *c != Confidentiality::Normal);
    urgency
        .map(|u| u.labels().get(lang))
        .into_iter()
        .chain(confidentiality.map(|c| c.labels().get(lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The name of the unit keeping a register (empty when unknown).
pub(crate) fn owner_name(guard: &Guard, owner: UnitId) -> String {
    guard
        .organisation
        .units
        .get(&owner)
        .map(|u| u.name.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_name_only_what_is_not_ordinary() {
        assert_eq!(notes("normal", "normal", Lang::Vi), "");
        assert_eq!(notes("flash", "normal", Lang::Vi), "Hỏa tốc");
        assert_eq!(notes("urgent", "secret", Lang::En), "Urgent, Secret");
    }
}
