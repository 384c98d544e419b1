//! Session and bearer tokens.
//!
//! A token is a prefix naming its kind and 32 random bytes in unpadded base64url:
//! `chs_…` for browser sessions (carried in a cookie), `cht_…` for API bearer tokens. The
//! prefix lets secret scanners and people recognise a leaked token. Only the SHA-256 of the
//! whole text is stored, so a copy of the database does not let anyone act as a user; looking
//! a session up by that hash needs no constant-time comparison.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

/// Random bytes in a token.
pub const TOKEN_BYTES: usize = 32;

/// What a token opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A browser session (cookie); prefix `chs_`.
    Browser,
    /// An API bearer token; prefix `cht_`.
    Bearer,
}

impl TokenKind {
    /// The token text's prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Browser => "chs_",
            Self::Bearer => "cht_",
        }
    }

    /// The value stored in `identity.sessions.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Browser => "browser",
            Self::Bearer => "bearer",
        }
    }

    /// The inverse of [`TokenKind::as_str`].
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "browser" => Some(Self::Browser),
            "bearer" => Some(Self::Bearer),
            _ => None,
        }
    }

    /// The kind a token's text claims by its prefix (`None` for anything else). This only
    /// reads the prefix; whether the token is valid is for the store to say.
    pub fn of_token(token: &str) -> Option<Self> {
        [Self::Browser, Self::Bearer]
            .into_iter()
            .find(|kind| token.starts_with(kind.prefix()))
    }
}

/// A new random token of `kind`: its text (give it to the client, never store it) and its
/// SHA-256 (store this).
pub fn new_token(kind: TokenKind) -> (String, [u8; 32]) {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::fill(&mut bytes[..]);
    let text = format!("{}{}", kind.prefix(), URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_token(&text);
    (text, hash)
}

/// The SHA-256 of a token's text, as stored.
pub fn hash_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
