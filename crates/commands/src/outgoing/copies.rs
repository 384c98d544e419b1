//! What an issued document's copy says about it: the incoming fields a recipient unit's
//! clerk finds on the copy the issuance reaction delivers (`crate::reactions`).

use chancery_domain::document;
use chancery_domain::organisation::Organisation;
use chancery_domain::outgoing::{DocumentIssued, Outgoing, SignatureKind};
use chancery_files::FileStore;

use crate::CommandError;

/// The incoming fields of the copies `issued` delivers, from the outgoing document as it
/// stands and the organisation (the issuing body's and the signer's names).
pub async fn copy_metadata(
    organisation: &Organisation,
    files: &FileStore,
    state: &Outgoing,
    issued: &DocumentIssued,
) -> Result<document::Metadata, CommandError> {
    let fields = state
        .fields
        .as_ref()
        .ok_or_else(|| CommandError::Internal("an outgoing document without fields".into()))?;
    let numbered = state
        .number
        .as_ref()
        .ok_or_else(|| CommandError::Internal("an issued document without a number".into()))?;
    let issuing_body = state
        .office
        .and_then(|o| organisation.units.get(&o))
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let personal = state
        .signatures
        .iter()
        .rev()
        .find(|s| s.kind == SignatureKind::Personal);
    let signer_name = personal
        .and_then(|s| organisation.people.get(&s.by.person))
        .map(|p| p.full_name.clone());
    let signer_position = personal
        .and_then(|s| organisation.positions.get(&s.by.position))
        .and_then(|p| organisation.roles.get(&p.role))
        .map(|r| r.names.vi.clone());
    let main = issued
        .files
        .first()
        .ok_or_else(|| CommandError::Internal("an issuance without its main file".into()))?;
    let bytes = files
        .get(&main.sha256)
        .await
        .map_err(|e| CommandError::Internal(e.to_string()))?;
    let page_count = chancery_signing::page_count(&bytes).unwrap_or(1);
    Ok(document::Metadata {
        issuing_body,
        number_notation: issued.number_notation.clone(),
        document_date: numbered.issue_date,
        document_type: fields.document_type.clone(),
        summary: fields.summary.clone(),
        language: "vi".to_owned(),
        page_count,
        signer_name,
        signer_position,
        urgency: fields.urgency,
        confidentiality: fields.confidentiality,
        recipients: None,
        deadline: fields.reply_deadline,
        notes: None,
    })
}
