//! The confirmation rule of server-held signing keys: a key the server holds (a person's
//! PKCS#12, an organisation's seal) is used only with a fresh confirmation by the person who
//! asks for it — their signing PIN, or a current code of their TOTP authenticator — never by a
//! click alone. One confirmation covers one document, or one batch of documents the person
//! reviewed and sent together ([`batch`]).
//!
//! The rule is a decision sequence over facts the command side supplies (this crate hashes
//! nothing and reads no clock):
//! 1. [`check`]: given what the holder has set up and whether signing is locked, is the
//!    confirmation offered acceptable to verify? (`CONFIRMATION_REQUIRED`, `NO_SIGNING_PIN`,
//!    `NO_TOTP`, `SIGNING_LOCKED`.)
//! 2. [`judge`]: given what verifying it found (the PIN matched; the TOTP code matched a time
//!    step), is it accepted? A TOTP code whose step was already used — for a login or an earlier
//!    signature — is refused like a wrong one (RFC 6238 §5.2).
//! 3. [`after_failure`]: a refused confirmation is counted (with the login back-off,
//!    `chancery_identity::lockout`); the answer says how it stands: `WRONG_CONFIRMATION`, or
//!    `SIGNING_LOCKED` with `lockedUntil` when this failure locked signing.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::DomainError;

/// The most documents one confirmation covers.
pub const MAX_BATCH: usize = 50;

/// What the person typed to confirm.
#[derive(Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// Their signing PIN.
    Pin(String),
    /// A code of their TOTP authenticator.
    Totp(String),
}

impl std::fmt::Debug for Confirmation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Pin(_) => "Pin(***)",
            Self::Totp(_) => "Totp(***)",
        })
    }
}

impl Confirmation {
    /// The confirmation from the API's `{ pin, totp }` (one of them; blank counts as absent).
    /// `None` when neither is given; `ONE_CONFIRMATION` when both are.
    pub fn from_input(
        pin: Option<String>,
        totp: Option<String>,
    ) -> Result<Option<Self>, DomainError> {
        let pin = pin.filter(|p| !p.is_empty());
        let totp = totp.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        match (pin, totp) {
            (Some(_), Some(_)) => Err(DomainError::validation(
                "confirmation",
                "ONE_CONFIRMATION",
                "give the signing PIN or a TOTP code, not both",
            )),
            (Some(pin), None) => Ok(Some(Self::Pin(pin))),
            (None, Some(code)) => Ok(Some(Self::Totp(code))),
            (None, None) => Ok(None),
        }
    }

    /// The method.
    pub fn method(&self) -> ConfirmedWith {
        match self {
            Self::Pin(_) => ConfirmedWith::Pin,
            Self::Totp(_) => ConfirmedWith::Totp,
        }
    }

    /// The input field a refusal names.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Pin(_) => "confirmation.pin",
            Self::Totp(_) => "confirmation.totp",
        }
    }
}

/// How a use of a key was confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmedWith {
    Pin,
    Totp,
}

impl ConfirmedWith {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pin => "PIN",
            Self::Totp => "TOTP",
        }
    }
}

/// What the person asking to sign has set up, and where their count of wrong confirmations
/// stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holder {
    pub pin_set: bool,
    pub totp_enrolled: bool,
    /// The last TOTP time step accepted (for a login or a signature).
    pub totp_last_step: Option<i64>,
    /// Signing is refused until then after wrong confirmations.
    pub locked_until: Option<DateTime<Utc>>,
}

fn locked(until: DateTime<Utc>) -> DomainError {
    DomainError::conflict_on(
        "confirmation",
        "SIGNING_LOCKED",
        format!("too many wrong confirmations: signing is locked until {until}"),
    )
    .with_fact("lockedUntil", until.to_rfc3339())
}

/// Step 1: whether `offered` may be verified now. Locked signing is refused first (nothing
/// is verified, nothing counted); then a missing confirmation, or one of a kind the holder
/// has not set up.
pub fn check(
    holder: &Holder,
    offered: Option<&Confirmation>,
    now: DateTime<Utc>,
) -> Result<ConfirmedWith, DomainError> {
    if let Some(until) = holder.locked_until.filter(|u| *u > now) {
        return Err(locked(until));
    }
    match offered {
        None if !holder.pin_set && !holder.totp_enrolled => Err(no_pin("confirmation")),
        None => Err(DomainError::validation(
            "confirmation",
            "CONFIRMATION_REQUIRED",
            "confirm with your signing PIN or a TOTP code",
        )),
        Some(Confirmation::Pin(_)) if !holder.pin_set => Err(no_pin("confirmation.pin")),
        Some(Confirmation::Totp(_)) if !holder.totp_enrolled => Err(DomainError::validation(
            "confirmation.totp",
            "NO_TOTP",
            "no authenticator is enrolled: confirm with your signing PIN",
        )),
        Some(c) => Ok(c.method()),
    }
}

fn no_pin(field: &'static str) -> DomainError {
    DomainError::validation(
        field,
        "NO_SIGNING_PIN",
        "set a signing PIN on your account page first",
    )
}

/// What verifying a confirmation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// The PIN matches the stored hash.
    PinMatches,
    /// The code is that of this TOTP time step (used or not).
    TotpStep(i64),
    /// The PIN or the code is wrong.
    Wrong,
}

/// Step 2's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// Accepted; a TOTP step to record as used (the recording must win against a concurrent
    /// use of the same code, or the confirmation is refused after all).
    Accepted {
        with: ConfirmedWith,
        use_step: Option<i64>,
    },
    /// Refused and counted.
    Refused,
}

/// Step 2: whether what verification found accepts the confirmation. A TOTP code of a step
/// at or before the last one used is a replay: refused like a wrong code.
pub fn judge(holder: &Holder, found: Found) -> Judged {
    match found {
        Found::PinMatches => Judged::Accepted {
            with: ConfirmedWith::Pin,
            use_step: None,
        },
        Found::TotpStep(step) if holder.totp_last_step.is_none_or(|last| step > last) => {
            Judged::Accepted {
                with: ConfirmedWith::Totp,
                use_step: Some(step),
            }
        }
        Found::TotpStep(_) | Found::Wrong => Judged::Refused,
    }
}

/// Step 3: the answer to a refused confirmation once it was counted: `SIGNING_LOCKED` when
/// the count locked signing (`locked_until` later than `now`), `WRONG_CONFIRMATION` on the
/// field of what was typed otherwise.
pub fn after_failure(
    offered: &Confirmation,
    failed_count: u32,
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DomainError {
    if let Some(until) = locked_until.filter(|u| *u > now) {
        return locked(until).with_fact("failedCount", failed_count.to_string());
    }
    let what = match offered {
        Confirmation::Pin(_) => "the signing PIN is wrong",
        Confirmation::Totp(_) => "the code is wrong or was already used",
    };
    DomainError::validation(offered.field(), "WRONG_CONFIRMATION", what)
        .with_fact("failedCount", failed_count.to_string())
}

/// The documents one confirmation covers: 1 to [`MAX_BATCH`], each once (order kept).
pub fn batch(documents: &[Uuid]) -> Result<Vec<Uuid>, DomainError> {
    if documents.is_empty() {
        return Err(DomainError::validation(
            "documentIds",
            "REQUIRED",
            "choose the documents to sign",
        ));
    }
    if documents.len() > MAX_BATCH {
        return Err(DomainError::validation(
            "documentIds",
            "TOO_MANY",
            format!("at most {MAX_BATCH} documents with one confirmation"),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(twice) = documents.iter().find(|d| !seen.insert(**d)) {
        return Err(DomainError::validation(
            "documentIds",
            "DUPLICATE_ID",
            format!("document {twice} is listed twice"),
        ));
    }
    Ok(documents.to_vec())
}
