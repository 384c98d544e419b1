//! The stable reason codes of refusals, one [`Reason`] each, with the user-facing text of
//! each in Vietnamese (the default), English and Lao.
//!
//! A reason code is what a client keys on: `extensions.reason` in the API (or, for an error
//! without one, its `extensions.code`). Call sites keep passing the code as a
//! `&'static str` (`DomainError::validation(field, "CODE", …)`, `Denied::Forbidden("CODE")`,
//! `ApiError::refused(_, "CODE", _)`, the `code()` of the file store's and signer's errors…);
//! the test `crates/api/tests/reasons.rs` reads the source of every crate and fails, naming
//! them, on codes that are not a variant here. A new code therefore needs its variant here
//! and its three texts in [`texts`] — an exhaustive `match`, so a variant without its texts
//! does not compile.

use crate::reference::Lang;

mod texts;

/// A reason a request is refused. The variant is its code in `UpperCamelCase`
/// (`NOT_CLEARED` is [`Reason::NotCleared`]); [`Reason::code`] gives the code itself.
/// The top-level error codes (`UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `CONFLICT`,
/// `VALIDATION`, `RATE_LIMITED`, `INTERNAL`) are reasons too, for errors that carry no other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    AccountLocked,
    ActionNotAllowed,
    ActivePdfContent,
    AlreadyAnswered,
    AlreadyNumbered,
    AlreadyRegistered,
    AlreadyRevoked,
    AlreadySigned,
    BadBase64,
    BadBox,
    BadCertificate,
    BadHash,
    BadImage,
    BadMasterKey,
    BadPdf,
    BadPkcs12,
    BrokenDefinition,
    Busy,
    CertificateExpired,
    CertificateNotYetValid,
    CertificateUntrusted,
    Common,
    Conflict,
    ContainsUsername,
    Contended,
    ControlCharacters,
    ControlCharactersInPassword,
    Corrupt,
    CountryForAgencies,
    CrossOrigin,
    Cycle,
    DefinitionMismatch,
    DuplicateAbbreviation,
    DuplicateCode,
    DuplicateId,
    DuplicateIdentifierCode,
    DuplicateRecipient,
    EmptyFile,
    EncryptedPdf,
    EndBeforeStart,
    FileChanged,
    FileNotUploaded,
    FileNotYours,
    Finished,
    Forbidden,
    ForbiddenType,
    IncompleteUpload,
    Internal,
    IntrospectionRequiresLogin,
    InvalidAbbreviation,
    InvalidCharacters,
    InvalidCode,
    InvalidCredentials,
    InvalidCursor,
    InvalidDate,
    InvalidEmail,
    InvalidId,
    InvalidIdentifierCode,
    InvalidNumber,
    InvalidParent,
    InvalidPhone,
    InvalidRange,
    InvalidTimestamp,
    InvalidUsername,
    InvalidValue,
    InTheFuture,
    InThePast,
    KeyAlreadyRegistered,
    KeyRevoked,
    KeyUnreadable,
    LeaderRequired,
    Ledger,
    MainFileNotPdf,
    MainHandlerRequired,
    MissingGlyph,
    MutationOverGet,
    NotAnAdministrator,
    NotAnAgency,
    NotAnAuditor,
    NotAnIncomingProcess,
    NotAnIncomingRegister,
    NotAnOutgoingProcess,
    NotAnOutgoingRegister,
    NotAsked,
    NotAColleague,
    NotACopy,
    NotACoHandler,
    NotAHandler,
    NotALeader,
    NotAPdf,
    NotAPng,
    NotASecretary,
    NotASupervisor,
    NotAWorkingDay,
    NotCleared,
    NotClearedToClassify,
    NotFound,
    NotInTheUnit,
    NotIssued,
    NotNumbered,
    NotRouted,
    NotSigned,
    NotTheMainHandler,
    NotTheOrganisation,
    NotTheRegisterKeeper,
    NotWithdrawn,
    NotYourAccount,
    NotYourKey,
    NotYourLog,
    NotYourPosition,
    NotYourRegister,
    NotYourStep,
    NoClearedHolder,
    NoClerk,
    NoFile,
    NoOffice,
    NoParent,
    NoPendingEnrolment,
    NoPosition,
    NoSigningKey,
    NoSuchDocument,
    NoSuchFile,
    NoSuchPage,
    NoSuchRegister,
    OneCertificate,
    OneLoginPerRequest,
    OneOf,
    OneOfPersonOrUnit,
    OneOfUnitOrAgency,
    OutsideTheAgency,
    OutOfRange,
    ParentRequired,
    PasswordChangeRequired,
    PasswordRequired,
    PdfEncrypted,
    PersonalSignatureMissing,
    Pkcs12NoKey,
    Pkcs12Unreadable,
    PositionHeld,
    QueryTooLarge,
    RateLimited,
    RecipientActed,
    RecipientNotCleared,
    RegisterImmutable,
    Required,
    SamePassword,
    SealedBadFormat,
    SealedUnauthentic,
    SecondFactorRequired,
    SelfDelegation,
    SelfService,
    SignatureTooLarge,
    SignerFailed,
    StepMoved,
    Storage,
    TooConfidentialForRegister,
    TooFewClasses,
    TooLarge,
    TooLong,
    TooMany,
    TooManyAttempts,
    TooManySignatures,
    TooManyVersions,
    TooShort,
    TypeNotInRegister,
    Unauthenticated,
    UnitHasChildren,
    UnitHasPeople,
    UnknownAgency,
    UnknownDocumentType,
    UnknownPosition,
    UnknownProcess,
    UnknownRegister,
    UnknownUnit,
    UnsupportedKey,
    UsernameTaken,
    UseIssue,
    Validation,
    WeakPassword,
    Withdrawn,
    WrongCode,
    WrongPassword,
    WrongYear,
}

impl Reason {
    /// Every reason, in the order of their codes.
    pub const ALL: &'static [Reason] = &[
        Reason::AccountLocked,
        Reason::ActionNotAllowed,
        Reason::ActivePdfContent,
        Reason::AlreadyAnswered,
        Reason::AlreadyNumbered,
        Reason::AlreadyRegistered,
        Reason::AlreadyRevoked,
        Reason::AlreadySigned,
        Reason::BadBase64,
        Reason::BadBox,
        Reason::BadCertificate,
        Reason::BadHash,
        Reason::BadImage,
        Reason::BadMasterKey,
        Reason::BadPdf,
        Reason::BadPkcs12,
        Reason::BrokenDefinition,
        Reason::Busy,
        Reason::CertificateExpired,
        Reason::CertificateNotYetValid,
        Reason::CertificateUntrusted,
        Reason::Common,
        Reason::Conflict,
        Reason::ContainsUsername,
        Reason::Contended,
        Reason::ControlCharacters,
        Reason::ControlCharactersInPassword,
        Reason::Corrupt,
        Reason::CountryForAgencies,
        Reason::CrossOrigin,
        Reason::Cycle,
        Reason::DefinitionMismatch,
        Reason::DuplicateAbbreviation,
        Reason::DuplicateCode,
        Reason::DuplicateId,
        Reason::DuplicateIdentifierCode,
        Reason::DuplicateRecipient,
        Reason::EmptyFile,
        Reason::EncryptedPdf,
        Reason::EndBeforeStart,
        Reason::FileChanged,
        Reason::FileNotUploaded,
        Reason::FileNotYours,
        Reason::Finished,
        Reason::Forbidden,
        Reason::ForbiddenType,
        Reason::IncompleteUpload,
        Reason::Internal,
        Reason::IntrospectionRequiresLogin,
        Reason::InvalidAbbreviation,
        Reason::InvalidCharacters,
        Reason::InvalidCode,
        Reason::InvalidCredentials,
        Reason::InvalidCursor,
        Reason::InvalidDate,
        Reason::InvalidEmail,
        Reason::InvalidId,
        Reason::InvalidIdentifierCode,
        Reason::InvalidNumber,
        Reason::InvalidParent,
        Reason::InvalidPhone,
        Reason::InvalidRange,
        Reason::InvalidTimestamp,
        Reason::InvalidUsername,
        Reason::InvalidValue,
        Reason::InTheFuture,
        Reason::InThePast,
        Reason::KeyAlreadyRegistered,
        Reason::KeyRevoked,
        Reason::KeyUnreadable,
        Reason::LeaderRequired,
        Reason::Ledger,
        Reason::MainFileNotPdf,
        Reason::MainHandlerRequired,
        Reason::MissingGlyph,
        Reason::MutationOverGet,
        Reason::NotAnAdministrator,
        Reason::NotAnAgency,
        Reason::NotAnAuditor,
        Reason::NotAnIncomingProcess,
        Reason::NotAnIncomingRegister,
        Reason::NotAnOutgoingProcess,
        Reason::NotAnOutgoingRegister,
        Reason::NotAsked,
        Reason::NotAColleague,
        Reason::NotACopy,
        Reason::NotACoHandler,
        Reason::NotAHandler,
        Reason::NotALeader,
        Reason::NotAPdf,
        Reason::NotAPng,
        Reason::NotASecretary,
        Reason::NotASupervisor,
        Reason::NotAWorkingDay,
        Reason::NotCleared,
        Reason::NotClearedToClassify,
        Reason::NotFound,
        Reason::NotInTheUnit,
        Reason::NotIssued,
        Reason::NotNumbered,
        Reason::NotRouted,
        Reason::NotSigned,
        Reason::NotTheMainHandler,
        Reason::NotTheOrganisation,
        Reason::NotTheRegisterKeeper,
        Reason::NotWithdrawn,
        Reason::NotYourAccount,
        Reason::NotYourKey,
        Reason::NotYourLog,
        Reason::NotYourPosition,
        Reason::NotYourRegister,
        Reason::NotYourStep,
        Reason::NoClearedHolder,
        Reason::NoClerk,
        Reason::NoFile,
        Reason::NoOffice,
        Reason::NoParent,
        Reason::NoPendingEnrolment,
        Reason::NoPosition,
        Reason::NoSigningKey,
        Reason::NoSuchDocument,
        Reason::NoSuchFile,
        Reason::NoSuchPage,
        Reason::NoSuchRegister,
        Reason::OneCertificate,
        Reason::OneLoginPerRequest,
        Reason::OneOf,
        Reason::OneOfPersonOrUnit,
        Reason::OneOfUnitOrAgency,
        Reason::OutsideTheAgency,
        Reason::OutOfRange,
        Reason::ParentRequired,
        Reason::PasswordChangeRequired,
        Reason::PasswordRequired,
        Reason::PdfEncrypted,
        Reason::PersonalSignatureMissing,
        Reason::Pkcs12NoKey,
        Reason::Pkcs12Unreadable,
        Reason::PositionHeld,
        Reason::QueryTooLarge,
        Reason::RateLimited,
        Reason::RecipientActed,
        Reason::RecipientNotCleared,
        Reason::RegisterImmutable,
        Reason::Required,
        Reason::SamePassword,
        Reason::SealedBadFormat,
        Reason::SealedUnauthentic,
        Reason::SecondFactorRequired,
        Reason::SelfDelegation,
        Reason::SelfService,
        Reason::SignatureTooLarge,
        Reason::SignerFailed,
        Reason::StepMoved,
        Reason::Storage,
        Reason::TooConfidentialForRegister,
        Reason::TooFewClasses,
        Reason::TooLarge,
        Reason::TooLong,
        Reason::TooMany,
        Reason::TooManyAttempts,
        Reason::TooManySignatures,
        Reason::TooManyVersions,
        Reason::TooShort,
        Reason::TypeNotInRegister,
        Reason::Unauthenticated,
        Reason::UnitHasChildren,
        Reason::UnitHasPeople,
        Reason::UnknownAgency,
        Reason::UnknownDocumentType,
        Reason::UnknownPosition,
        Reason::UnknownProcess,
        Reason::UnknownRegister,
        Reason::UnknownUnit,
        Reason::UnsupportedKey,
        Reason::UsernameTaken,
        Reason::UseIssue,
        Reason::Validation,
        Reason::WeakPassword,
        Reason::Withdrawn,
        Reason::WrongCode,
        Reason::WrongPassword,
        Reason::WrongYear,
    ];

    /// The stable code: what `extensions.reason` says and what call sites pass as a
    /// `&'static str`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::AccountLocked => "ACCOUNT_LOCKED",
            Reason::ActionNotAllowed => "ACTION_NOT_ALLOWED",
            Reason::ActivePdfContent => "ACTIVE_PDF_CONTENT",
            Reason::AlreadyAnswered => "ALREADY_ANSWERED",
            Reason::AlreadyNumbered => "ALREADY_NUMBERED",
            Reason::AlreadyRegistered => "ALREADY_REGISTERED",
            Reason::AlreadyRevoked => "ALREADY_REVOKED",
            Reason::AlreadySigned => "ALREADY_SIGNED",
            Reason::BadBase64 => "BAD_BASE64",
            Reason::BadBox => "BAD_BOX",
            Reason::BadCertificate => "BAD_CERTIFICATE",
            Reason::BadHash => "BAD_HASH",
            Reason::BadImage => "BAD_IMAGE",
            Reason::BadMasterKey => "BAD_MASTER_KEY",
            Reason::BadPdf => "BAD_PDF",
            Reason::BadPkcs12 => "BAD_PKCS12",
            Reason::BrokenDefinition => "BROKEN_DEFINITION",
            Reason::Busy => "BUSY",
            Reason::CertificateExpired => "CERTIFICATE_EXPIRED",
            Reason::CertificateNotYetValid => "CERTIFICATE_NOT_YET_VALID",
            Reason::CertificateUntrusted => "CERTIFICATE_UNTRUSTED",
            Reason::Common => "COMMON",
            Reason::Conflict => "CONFLICT",
            Reason::ContainsUsername => "CONTAINS_USERNAME",
            Reason::Contended => "CONTENDED",
            Reason::ControlCharacters => "CONTROL_CHARACTERS",
            Reason::ControlCharactersInPassword => "CONTROL_CHARACTERS_IN_PASSWORD",
            Reason::Corrupt => "CORRUPT",
            Reason::CountryForAgencies => "COUNTRY_FOR_AGENCIES",
            Reason::CrossOrigin => "CROSS_ORIGIN",
            Reason::Cycle => "CYCLE",
            Reason::DefinitionMismatch => "DEFINITION_MISMATCH",
            Reason::DuplicateAbbreviation => "DUPLICATE_ABBREVIATION",
            Reason::DuplicateCode => "DUPLICATE_CODE",
            Reason::DuplicateId => "DUPLICATE_ID",
            Reason::DuplicateIdentifierCode => "DUPLICATE_IDENTIFIER_CODE",
            Reason::DuplicateRecipient => "DUPLICATE_RECIPIENT",
            Reason::EmptyFile => "EMPTY_FILE",
            Reason::EncryptedPdf => "ENCRYPTED_PDF",
            Reason::EndBeforeStart => "END_BEFORE_START",
            Reason::FileChanged => "FILE_CHANGED",
            Reason::FileNotUploaded => "FILE_NOT_UPLOADED",
            Reason::FileNotYours => "FILE_NOT_YOURS",
            Reason::Finished => "FINISHED",
            Reason::Forbidden => "FORBIDDEN",
            Reason::ForbiddenType => "FORBIDDEN_TYPE",
            Reason::IncompleteUpload => "INCOMPLETE_UPLOAD",
            Reason::Internal => "INTERNAL",
            Reason::IntrospectionRequiresLogin => "INTROSPECTION_REQUIRES_LOGIN",
            Reason::InvalidAbbreviation => "INVALID_ABBREVIATION",
            Reason::InvalidCharacters => "INVALID_CHARACTERS",
            Reason::InvalidCode => "INVALID_CODE",
            Reason::InvalidCredentials => "INVALID_CREDENTIALS",
            Reason::InvalidCursor => "INVALID_CURSOR",
            Reason::InvalidDate => "INVALID_DATE",
            Reason::InvalidEmail => "INVALID_EMAIL",
            Reason::InvalidId => "INVALID_ID",
            Reason::InvalidIdentifierCode => "INVALID_IDENTIFIER_CODE",
            Reason::InvalidNumber => "INVALID_NUMBER",
            Reason::InvalidParent => "INVALID_PARENT",
            Reason::InvalidPhone => "INVALID_PHONE",
            Reason::InvalidRange => "INVALID_RANGE",
            Reason::InvalidTimestamp => "INVALID_TIMESTAMP",
            Reason::InvalidUsername => "INVALID_USERNAME",
            Reason::InvalidValue => "INVALID_VALUE",
            Reason::InTheFuture => "IN_THE_FUTURE",
            Reason::InThePast => "IN_THE_PAST",
            Reason::KeyAlreadyRegistered => "KEY_ALREADY_REGISTERED",
            Reason::KeyRevoked => "KEY_REVOKED",
            Reason::KeyUnreadable => "KEY_UNREADABLE",
            Reason::LeaderRequired => "LEADER_REQUIRED",
            Reason::Ledger => "LEDGER",
            Reason::MainFileNotPdf => "MAIN_FILE_NOT_PDF",
            Reason::MainHandlerRequired => "MAIN_HANDLER_REQUIRED",
            Reason::MissingGlyph => "MISSING_GLYPH",
            Reason::MutationOverGet => "MUTATION_OVER_GET",
            Reason::NotAnAdministrator => "NOT_AN_ADMINISTRATOR",
            Reason::NotAnAgency => "NOT_AN_AGENCY",
            Reason::NotAnAuditor => "NOT_AN_AUDITOR",
            Reason::NotAnIncomingProcess => "NOT_AN_INCOMING_PROCESS",
            Reason::NotAnIncomingRegister => "NOT_AN_INCOMING_REGISTER",
            Reason::NotAnOutgoingProcess => "NOT_AN_OUTGOING_PROCESS",
            Reason::NotAnOutgoingRegister => "NOT_AN_OUTGOING_REGISTER",
            Reason::NotAsked => "NOT_ASKED",
            Reason::NotAColleague => "NOT_A_COLLEAGUE",
            Reason::NotACopy => "NOT_A_COPY",
            Reason::NotACoHandler => "NOT_A_CO_HANDLER",
            Reason::NotAHandler => "NOT_A_HANDLER",
            Reason::NotALeader => "NOT_A_LEADER",
            Reason::NotAPdf => "NOT_A_PDF",
            Reason::NotAPng => "NOT_A_PNG",
            Reason::NotASecretary => "NOT_A_SECRETARY",
            Reason::NotASupervisor => "NOT_A_SUPERVISOR",
            Reason::NotAWorkingDay => "NOT_A_WORKING_DAY",
            Reason::NotCleared => "NOT_CLEARED",
            Reason::NotClearedToClassify => "NOT_CLEARED_TO_CLASSIFY",
            Reason::NotFound => "NOT_FOUND",
            Reason::NotInTheUnit => "NOT_IN_THE_UNIT",
            Reason::NotIssued => "NOT_ISSUED",
            Reason::NotNumbered => "NOT_NUMBERED",
            Reason::NotRouted => "NOT_ROUTED",
            Reason::NotSigned => "NOT_SIGNED",
            Reason::NotTheMainHandler => "NOT_THE_MAIN_HANDLER",
            Reason::NotTheOrganisation => "NOT_THE_ORGANISATION",
            Reason::NotTheRegisterKeeper => "NOT_THE_REGISTER_KEEPER",
            Reason::NotWithdrawn => "NOT_WITHDRAWN",
            Reason::NotYourAccount => "NOT_YOUR_ACCOUNT",
            Reason::NotYourKey => "NOT_YOUR_KEY",
            Reason::NotYourLog => "NOT_YOUR_LOG",
            Reason::NotYourPosition => "NOT_YOUR_POSITION",
            Reason::NotYourRegister => "NOT_YOUR_REGISTER",
            Reason::NotYourStep => "NOT_YOUR_STEP",
            Reason::NoClearedHolder => "NO_CLEARED_HOLDER",
            Reason::NoClerk => "NO_CLERK",
            Reason::NoFile => "NO_FILE",
            Reason::NoOffice => "NO_OFFICE",
            Reason::NoParent => "NO_PARENT",
            Reason::NoPendingEnrolment => "NO_PENDING_ENROLMENT",
            Reason::NoPosition => "NO_POSITION",
            Reason::NoSigningKey => "NO_SIGNING_KEY",
            Reason::NoSuchDocument => "NO_SUCH_DOCUMENT",
            Reason::NoSuchFile => "NO_SUCH_FILE",
            Reason::NoSuchPage => "NO_SUCH_PAGE",
            Reason::NoSuchRegister => "NO_SUCH_REGISTER",
            Reason::OneCertificate => "ONE_CERTIFICATE",
            Reason::OneLoginPerRequest => "ONE_LOGIN_PER_REQUEST",
            Reason::OneOf => "ONE_OF",
            Reason::OneOfPersonOrUnit => "ONE_OF_PERSON_OR_UNIT",
            Reason::OneOfUnitOrAgency => "ONE_OF_UNIT_OR_AGENCY",
            Reason::OutsideTheAgency => "OUTSIDE_THE_AGENCY",
            Reason::OutOfRange => "OUT_OF_RANGE",
            Reason::ParentRequired => "PARENT_REQUIRED",
            Reason::PasswordChangeRequired => "PASSWORD_CHANGE_REQUIRED",
            Reason::PasswordRequired => "PASSWORD_REQUIRED",
            Reason::PdfEncrypted => "PDF_ENCRYPTED",
            Reason::PersonalSignatureMissing => "PERSONAL_SIGNATURE_MISSING",
            Reason::Pkcs12NoKey => "PKCS12_NO_KEY",
            Reason::Pkcs12Unreadable => "PKCS12_UNREADABLE",
            Reason::PositionHeld => "POSITION_HELD",
            Reason::QueryTooLarge => "QUERY_TOO_LARGE",
            Reason::RateLimited => "RATE_LIMITED",
            Reason::RecipientActed => "RECIPIENT_ACTED",
            Reason::RecipientNotCleared => "RECIPIENT_NOT_CLEARED",
            Reason::RegisterImmutable => "REGISTER_IMMUTABLE",
            Reason::Required => "REQUIRED",
            Reason::SamePassword => "SAME_PASSWORD",
            Reason::SealedBadFormat => "SEALED_BAD_FORMAT",
            Reason::SealedUnauthentic => "SEALED_UNAUTHENTIC",
            Reason::SecondFactorRequired => "SECOND_FACTOR_REQUIRED",
            Reason::SelfDelegation => "SELF_DELEGATION",
            Reason::SelfService => "SELF_SERVICE",
            Reason::SignatureTooLarge => "SIGNATURE_TOO_LARGE",
            Reason::SignerFailed => "SIGNER_FAILED",
            Reason::StepMoved => "STEP_MOVED",
            Reason::Storage => "STORAGE",
            Reason::TooConfidentialForRegister => "TOO_CONFIDENTIAL_FOR_REGISTER",
            Reason::TooFewClasses => "TOO_FEW_CLASSES",
            Reason::TooLarge => "TOO_LARGE",
            Reason::TooLong => "TOO_LONG",
            Reason::TooMany => "TOO_MANY",
            Reason::TooManyAttempts => "TOO_MANY_ATTEMPTS",
            Reason::TooManySignatures => "TOO_MANY_SIGNATURES",
            Reason::TooManyVersions => "TOO_MANY_VERSIONS",
            Reason::TooShort => "TOO_SHORT",
            Reason::TypeNotInRegister => "TYPE_NOT_IN_REGISTER",
            Reason::Unauthenticated => "UNAUTHENTICATED",
            Reason::UnitHasChildren => "UNIT_HAS_CHILDREN",
            Reason::UnitHasPeople => "UNIT_HAS_PEOPLE",
            Reason::UnknownAgency => "UNKNOWN_AGENCY",
            Reason::UnknownDocumentType => "UNKNOWN_DOCUMENT_TYPE",
            Reason::UnknownPosition => "UNKNOWN_POSITION",
            Reason::UnknownProcess => "UNKNOWN_PROCESS",
            Reason::UnknownRegister => "UNKNOWN_REGISTER",
            Reason::UnknownUnit => "UNKNOWN_UNIT",
            Reason::UnsupportedKey => "UNSUPPORTED_KEY",
            Reason::UsernameTaken => "USERNAME_TAKEN",
            Reason::UseIssue => "USE_ISSUE",
            Reason::Validation => "VALIDATION",
            Reason::WeakPassword => "WEAK_PASSWORD",
            Reason::Withdrawn => "WITHDRAWN",
            Reason::WrongCode => "WRONG_CODE",
            Reason::WrongPassword => "WRONG_PASSWORD",
            Reason::WrongYear => "WRONG_YEAR",
        }
    }

    /// The reason with this code, if there is one.
    pub fn from_code(code: &str) -> Option<Reason> {
        Self::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// What a person reads when a request is refused for this reason, in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        let [vi, en, lo] = texts::texts(self);
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
            Lang::Lo => lo,
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_variant_once_in_the_order_of_the_codes() {
        for (i, reason) in Reason::ALL.iter().enumerate() {
            assert_eq!(
                *reason as usize, i,
                "{reason} is out of place in Reason::ALL"
            );
        }
        for pair in Reason::ALL.windows(2) {
            assert!(
                pair[0].code() < pair[1].code(),
                "{} and {} are not in the order of their codes",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn codes_are_screaming_snake_case_and_read_back() {
        for reason in Reason::ALL {
            let code = reason.code();
            assert!(
                !code.is_empty()
                    && !code.starts_with('_')
                    && !code.ends_with('_')
                    && !code.contains("__")
                    && code
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{code} is not SCREAMING_SNAKE_CASE"
            );
            assert_eq!(Reason::from_code(code), Some(*reason));
        }
        assert_eq!(Reason::from_code("not_cleared"), None);
        assert_eq!(Reason::from_code(""), None);
        assert_eq!(Reason::from_code("NO_SUCH_REASON"), None);
    }

    #[test]
    fn every_reason_has_a_text_in_each_language_and_vi_and_lo_are_translated() {
        for reason in Reason::ALL {
            for lang in Lang::ALL {
                let text = reason.text(*lang);
                assert!(!text.trim().is_empty(), "{reason} has no {lang:?} text");
                assert_eq!(
                    text,
                    text.trim(),
                    "{reason}'s {lang:?} text has stray spaces"
                );
            }
            let en = reason.text(Lang::En);
            assert_ne!(
                reason.text(Lang::Vi),
                en,
                "{reason}'s vi text is the English one"
            );
            assert_ne!(
                reason.text(Lang::Lo),
                en,
                "{reason}'s lo text is the English one"
            );
        }
    }

    #[test]
    fn texts_are_written_in_their_language() {
        // Vietnamese uses letters with diacritics that English does not; Lao uses Lao script
        // (U+0E80–U+0EFF).
        let vietnamese = |c: char| {
            "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
                .contains(c.to_lowercase().next().unwrap_or(c))
        };
        for reason in Reason::ALL {
            assert!(
                reason.text(Lang::Vi).chars().any(vietnamese),
                "{reason}'s vi text has no Vietnamese letter"
            );
            assert!(
                reason
                    .text(Lang::Lo)
                    .chars()
                    .any(|c| ('\u{0E80}'..='\u{0EFF}').contains(&c)),
                "{reason}'s lo text is not in Lao script"
            );
            assert!(
                reason.text(Lang::En).is_ascii() || reason.text(Lang::En).contains('–'),
                "{reason}'s en text is not English"
            );
        }
    }

    #[test]
    fn a_reason_reads_in_the_language_asked() {
        assert_eq!(Reason::NotCleared.code(), "NOT_CLEARED");
        assert_eq!(
            Reason::NotCleared.text(Lang::En),
            "You are not cleared for this confidential document."
        );
        assert_eq!(
            Reason::NotCleared.text(Lang::Vi),
            "Bạn không được phép tiếp cận văn bản mật này."
        );
        assert_eq!(
            Reason::NotCleared.text(Lang::Lo),
            "ທ່ານບໍ່ມີສິດເຂົ້າເຖິງເອກະສານລັບນີ້."
        );
        assert_eq!(Reason::NotCleared.to_string(), "NOT_CLEARED");
    }
}
