#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chancery_identity::TokenKind;
use chancery_identity::token::{hash_token, new_token};
use sha2::{Digest as _, Sha256};

#[test]
fn token_format_and_hash() {
    for (kind, prefix) in [(TokenKind::Browser, "chs_"), (TokenKind::Bearer, "cht_")] {
        let (text, hash) = new_token(kind);
        let body = text.strip_prefix(prefix).expect("prefix");
        assert_eq!(body.len(), 43, "{text}");
        assert_eq!(URL_SAFE_NO_PAD.decode(body).unwrap().len(), 32);
        assert_eq!(hash, hash_token(&text));
        let expected: [u8; 32] = Sha256::digest(text.as_bytes()).into();
        assert_eq!(hash, expected);
        assert_eq!(TokenKind::of_token(&text), Some(kind));
    }
}

#[test]
fn tokens_are_unique_and_hashes_differ() {
    let mut texts = HashSet::new();
    let mut hashes = HashSet::new();
    for _ in 0..1000 {
        let (text, hash) = new_token(TokenKind::Browser);
        assert!(texts.insert(text));
        assert!(hashes.insert(hash));
    }
    assert_ne!(hash_token("chs_a"), hash_token("chs_b"));
}

#[test]
fn kinds_round_trip() {
    for kind in [TokenKind::Browser, TokenKind::Bearer] {
        assert_eq!(TokenKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(TokenKind::parse("cookie"), None);
    assert_eq!(TokenKind::of_token("ghp_abc"), None);
    assert_eq!(TokenKind::of_token(""), None);
}
