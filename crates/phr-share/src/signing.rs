//! The record's Ed25519 signing key (ring), the fingerprint a professional checks by phone, and
//! verifying a manifest's signature.

use std::fmt;

use phr_core::ErrorCode;
use ring::rand::SystemRandom;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use zeroize::Zeroizing;

use crate::ShareError;

/// The length of a raw Ed25519 public key.
pub const PUBLIC_KEY_LEN: usize = 32;
/// The length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;

/// A record's signing key. The private half never leaves this value (and the vault).
pub struct SigningKey {
    pair: Ed25519KeyPair,
}

impl SigningKey {
    /// A new key, with its PKCS#8 document for the vault to keep.
    pub fn generate() -> Result<(SigningKey, Zeroizing<Vec<u8>>), ShareError> {
        let doc = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map_err(|_| ShareError::internal("making a signing key"))?;
        let pkcs8 = Zeroizing::new(doc.as_ref().to_vec());
        let key = Self::from_pkcs8(&pkcs8)?;
        Ok((key, pkcs8))
    }

    /// The key the vault kept (PKCS#8 v2, as [`SigningKey::generate`] makes).
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<SigningKey, ShareError> {
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8).map_err(|_| {
            ShareError::new(ErrorCode::InvalidInput, "The record's signing key cannot be read: it is damaged.")
        })?;
        Ok(SigningKey { pair })
    }

    /// The raw public key, as the manifest carries it (base64) and the fingerprint hashes it.
    pub fn public_key(&self) -> [u8; PUBLIC_KEY_LEN] {
        let mut out = [0u8; PUBLIC_KEY_LEN];
        out.copy_from_slice(self.pair.public_key().as_ref());
        out
    }

    /// The fingerprint of this key's public half.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public_key())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        let mut out = [0u8; SIGNATURE_LEN];
        out.copy_from_slice(self.pair.sign(message).as_ref());
        out
    }
}

/// Shows the fingerprint only: the private key stays out of logs.
impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey").field("fingerprint", &self.fingerprint()).finish_non_exhaustive()
    }
}

/// SHA-256 of the raw public key, first 16 bytes, upper-case hex in eight groups of four
/// ("3F2A 91C0 ..."): short enough to read over the phone, long enough that nobody can make a
/// key with the same fingerprint.
pub fn fingerprint(public_key: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, public_key);
    let first16 = digest.as_ref().get(..16).unwrap_or_default();
    let hex = crate::manifest::hex(first16).to_ascii_uppercase();
    let groups: Vec<&str> = (0..8).filter_map(|i| hex.get(i * 4..i * 4 + 4)).collect();
    groups.join(" ")
}

/// Whether `signature` is `public_key`'s Ed25519 signature of `message`.
pub(crate) fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    UnparsedPublicKey::new(&ED25519, public_key).verify(message, signature).is_ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_key_survives_its_pkcs8_and_signs_verifiably() {
        let (key, pkcs8) = SigningKey::generate().unwrap();
        let again = SigningKey::from_pkcs8(&pkcs8).unwrap();
        assert_eq!(key.public_key(), again.public_key());
        let sig = again.sign(b"manifest");
        assert!(verify(&key.public_key(), b"manifest", &sig));
        assert!(!verify(&key.public_key(), b"manifesto", &sig));
    }

    #[test]
    fn fingerprints_are_eight_groups_of_four() {
        let f = fingerprint(&[7u8; 32]);
        assert_eq!(f.len(), 39);
        assert_eq!(f.split(' ').count(), 8);
        assert!(f.chars().all(|c| c == ' ' || c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert!(SigningKey::from_pkcs8(b"not a key").is_err());
    }
}
