//! Key material and the two primitives that use it: AES-256-GCM wrapping and HKDF.
//!
//! Everything here is ring. Keys live in [`Key32`], which zeroizes on drop and never prints.

use std::fmt;

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::hkdf;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::error::{Result, VaultError};

/// Length of a wrapped 32-byte key: nonce, ciphertext, tag.
pub(crate) const WRAPPED_LEN: usize = NONCE_LEN + 32 + TAG_LEN;
pub(crate) const NONCE_LEN: usize = 12;
pub(crate) const TAG_LEN: usize = 16;

/// A 256-bit key: the master key, a database key, a KEK or a backup key.
pub(crate) struct Key32(Zeroizing<[u8; 32]>);

impl Key32 {
    pub(crate) fn random(rng: &SystemRandom) -> Result<Self> {
        let mut k = Zeroizing::new([0u8; 32]);
        rng.fill(&mut k[..]).map_err(|_| VaultError::internal("the system random source failed"))?;
        Ok(Self(k))
    }

    pub(crate) fn from_array(k: Zeroizing<[u8; 32]>) -> Self {
        Self(k)
    }

    pub(crate) fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    fn aead_key(&self) -> Result<LessSafeKey> {
        UnboundKey::new(&aead::AES_256_GCM, &self.0[..])
            .map(LessSafeKey::new)
            .map_err(|_| VaultError::internal("could not build an AES key"))
    }

    /// Seals `plain` with a random nonce; the output is nonce || ciphertext || tag. Random
    /// nonces are safe here: each key wraps a handful of values in its life.
    pub(crate) fn wrap(&self, plain: &[u8], aad: &[u8], rng: &SystemRandom) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill(&mut nonce).map_err(|_| VaultError::internal("the system random source failed"))?;
        let mut out = Vec::with_capacity(NONCE_LEN + plain.len() + TAG_LEN);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plain);
        let tag = self
            .aead_key()?
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                out.get_mut(NONCE_LEN..).unwrap_or_default(),
            )
            .map_err(|_| VaultError::internal("encryption failed"))?;
        out.extend_from_slice(tag.as_ref());
        Ok(out)
    }

    /// Opens what [`Key32::wrap`] sealed, as a 32-byte key. `None` when the key is wrong or
    /// the bytes were changed: AES-GCM cannot tell the two apart, the caller says which it
    /// most likely was.
    pub(crate) fn unwrap_key(&self, wrapped: &[u8], aad: &[u8]) -> Option<Key32> {
        if wrapped.len() != WRAPPED_LEN {
            return None;
        }
        let (nonce, sealed) = wrapped.split_at_checked(NONCE_LEN)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut buf = Zeroizing::new(sealed.to_vec());
        let plain = self.aead_key().ok()?.open_in_place(nonce, Aad::from(aad), &mut buf[..]).ok()?;
        let mut k = Zeroizing::new([0u8; 32]);
        if plain.len() != 32 {
            return None;
        }
        k.copy_from_slice(plain);
        Some(Key32(k))
    }

    /// Opens what [`Key32::wrap`] sealed, of any length (an age identity, a signing seed kept
    /// as text); `None` as for [`Key32::unwrap_key`].
    pub(crate) fn unwrap_bytes(&self, wrapped: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (nonce, sealed) = wrapped.split_at_checked(NONCE_LEN)?;
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut buf = Zeroizing::new(sealed.to_vec());
        let n = self.aead_key().ok()?.open_in_place(nonce, Aad::from(aad), &mut buf[..]).ok()?.len();
        buf.truncate(n);
        Some(buf)
    }

    /// AES-256-GCM with a caller-chosen nonce, for the backup stream (whose key is fresh for
    /// every backup, so a counter nonce never repeats under one key).
    pub(crate) fn seal_with_nonce(&self, nonce: [u8; NONCE_LEN], aad: &[u8], data: &mut Vec<u8>) -> Result<()> {
        self.aead_key()?
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), data)
            .map_err(|_| VaultError::internal("encryption failed"))
    }

    /// Opens in place; `None` when the tag does not verify. Returns the plaintext length.
    pub(crate) fn open_with_nonce(&self, nonce: [u8; NONCE_LEN], aad: &[u8], data: &mut [u8]) -> Option<usize> {
        let key = self.aead_key().ok()?;
        key.open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(aad), data).ok().map(|p| p.len())
    }
}

impl fmt::Debug for Key32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key32(*****)")
    }
}

/// HKDF-SHA256 from `ikm` to a 32-byte key; `info` names the key's purpose so one input
/// never yields the same key for two uses.
pub(crate) fn hkdf32(salt: &[u8], ikm: &[u8], info: &[u8]) -> Result<Key32> {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
    let info = [info];
    let okm = prk.expand(&info, hkdf::HKDF_SHA256).map_err(|_| VaultError::internal("HKDF failed"))?;
    let mut k = Zeroizing::new([0u8; 32]);
    okm.fill(&mut k[..]).map_err(|_| VaultError::internal("HKDF failed"))?;
    Ok(Key32(k))
}

pub(crate) fn random_bytes<const N: usize>(rng: &SystemRandom) -> Result<[u8; N]> {
    let mut b = [0u8; N];
    rng.fill(&mut b).map_err(|_| VaultError::internal("the system random source failed"))?;
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_binds_key_and_aad() {
        let rng = SystemRandom::new();
        let kek = Key32::random(&rng).unwrap();
        let secret = Key32::random(&rng).unwrap();
        let w = kek.wrap(secret.expose(), b"purpose", &rng).unwrap();
        assert_eq!(w.len(), WRAPPED_LEN);
        assert_eq!(kek.unwrap_key(&w, b"purpose").unwrap().expose(), secret.expose());
        assert!(kek.unwrap_key(&w, b"other").is_none());
        assert!(Key32::random(&rng).unwrap().unwrap_key(&w, b"purpose").is_none());
        let mut bad = w.clone();
        bad[20] ^= 1;
        assert!(kek.unwrap_key(&bad, b"purpose").is_none());
        assert!(kek.unwrap_key(&w[..10], b"purpose").is_none());
        assert_eq!(format!("{kek:?}"), "Key32(*****)");
    }
}
