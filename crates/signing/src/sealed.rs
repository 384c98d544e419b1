//! PKCS#12 files at rest: sealed with the server's master key (AES-256-GCM).
//!
//! Format: `CHS1` ‖ 12-byte random nonce ‖ ciphertext with its 16-byte tag. The associated data is
//! a fixed label plus the caller's context (for example the key owner's id), so a sealed file
//! cannot be moved to another owner without the open failing.

use aes_gcm::aead::{Aead as _, AeadCore as _, KeyInit as _, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};

const MAGIC: &[u8; 4] = b"CHS1";
const LABEL: &[u8] = b"chancery-signing/pkcs12/v1\0";

/// The server's 32-byte master key. Its `Debug` never prints the bytes.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

impl MasterKey {
    /// From 32 raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// From 64 hex digits (the form a config file or environment variable holds).
    pub fn from_hex(hex: &str) -> Result<Self, SealError> {
        let hex = hex.trim();
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(SealError::BadKey);
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte =
                u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| SealError::BadKey)?;
        }
        Ok(Self(out))
    }

    /// A fresh random key.
    pub fn generate() -> Self {
        let key = Aes256Gcm::generate_key(OsRng);
        let mut out = [0u8; 32];
        out.copy_from_slice(&key);
        Self(out)
    }
}

/// Why a sealed blob could not be opened.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    /// The master key is not 32 bytes / 64 hex digits.
    #[error("the master key must be 32 bytes (64 hex digits)")]
    BadKey,
    /// Not a sealed blob of this format.
    #[error("not a sealed PKCS#12 blob")]
    BadFormat,
    /// Wrong key or context, or the blob was altered.
    #[error("cannot open the sealed blob (wrong key or context, or altered)")]
    Unauthentic,
}

impl SealError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadKey => "BAD_MASTER_KEY",
            Self::BadFormat => "SEALED_BAD_FORMAT",
            Self::Unauthentic => "SEALED_UNAUTHENTIC",
        }
    }
}

fn aad(context: &[u8]) -> Vec<u8> {
    [LABEL, context].concat()
}

/// Encrypts `plaintext` (a PKCS#12 file) under the master key, bound to `context`.
pub fn seal(key: &MasterKey, context: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key.0));
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let aad = aad(context);
    // Encryption with AES-GCM fails only for plaintexts beyond 64 GiB.
    let ciphertext = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .unwrap_or_default();
    let mut out = Vec::with_capacity(4 + 12 + ciphertext.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    out
}

/// Opens a blob made by [`seal`] with the same key and context.
pub fn open(key: &MasterKey, context: &[u8], sealed: &[u8]) -> Result<Vec<u8>, SealError> {
    if sealed.len() < 4 + 12 + 16 || &sealed[..4] != MAGIC {
        return Err(SealError::BadFormat);
    }
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key.0));
    let nonce = Nonce::from_slice(&sealed[4..16]);
    let aad = aad(context);
    cipher
        .decrypt(
            nonce,
            Payload {
                msg: &sealed[16..],
                aad: &aad,
            },
        )
        .map_err(|_| SealError::Unauthentic)
}

/// Seals a PKCS#12 file together with its password, so the server can sign later without asking
/// for the password (an administrator uploads both once; neither is ever returned by the API).
pub fn seal_pkcs12(key: &MasterKey, context: &[u8], pkcs12: &[u8], password: &str) -> Vec<u8> {
    let mut plain = Vec::with_capacity(4 + password.len() + pkcs12.len());
    plain.extend_from_slice(&(password.len() as u32).to_be_bytes());
    plain.extend_from_slice(password.as_bytes());
    plain.extend_from_slice(pkcs12);
    seal(key, context, &plain)
}

/// Opens what [`seal_pkcs12`] sealed: the PKCS#12 bytes and the password.
pub fn open_pkcs12(
    key: &MasterKey,
    context: &[u8],
    sealed: &[u8],
) -> Result<(Vec<u8>, String), SealError> {
    let plain = open(key, context, sealed)?;
    let len = plain
        .get(..4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .ok_or(SealError::BadFormat)?;
    let password = plain.get(4..4 + len).ok_or(SealError::BadFormat)?;
    let password = String::from_utf8(password.to_vec()).map_err(|_| SealError::BadFormat)?;
    Ok((plain[4 + len..].to_vec(), password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open_round_trip_and_bind_context() {
        let key = MasterKey::generate();
        let sealed = seal(&key, b"person-1", b"pkcs12 bytes");
        assert_eq!(open(&key, b"person-1", &sealed).unwrap(), b"pkcs12 bytes");
        assert_eq!(
            open(&key, b"person-2", &sealed),
            Err(SealError::Unauthentic)
        );
        assert_eq!(
            open(&MasterKey::generate(), b"person-1", &sealed),
            Err(SealError::Unauthentic)
        );
        let mut altered = sealed.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert_eq!(
            open(&key, b"person-1", &altered),
            Err(SealError::Unauthentic)
        );
        assert_eq!(open(&key, b"person-1", b"nope"), Err(SealError::BadFormat));
        assert_eq!(format!("{key:?}"), "MasterKey(***)");
        let hex: String = (0..32).map(|i| format!("{i:02x}")).collect();
        assert!(MasterKey::from_hex(&hex).is_ok());
        assert_eq!(MasterKey::from_hex("zz").unwrap_err(), SealError::BadKey);
        let blob = seal_pkcs12(&key, b"org", b"p12", "mật khẩu");
        assert_eq!(
            open_pkcs12(&key, b"org", &blob).unwrap(),
            (b"p12".to_vec(), "mật khẩu".to_string())
        );
    }
}
