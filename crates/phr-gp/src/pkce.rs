//! PKCE (RFC 7636, S256) verifiers and challenges, and the `state` value, from ring's
//! system random source.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};

use crate::error::GpError;

/// `n` random bytes as unpadded base64url: 32 bytes give a 43-character verifier, the
/// shortest RFC 7636 allows and 256 bits of entropy.
pub fn random(n: usize) -> Result<String, GpError> {
    let mut bytes = vec![0u8; n];
    SystemRandom::new().fill(&mut bytes).map_err(|_| {
        GpError::new(phr_core::ErrorCode::Internal, "This computer could not provide the randomness sign-in needs.")
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// BASE64URL(SHA256(verifier)).
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_is_43_unreserved_characters_and_fresh_each_time() {
        let a = random(32).unwrap();
        let b = random(32).unwrap();
        assert_eq!(a.len(), 43);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(a, b);
    }

    #[test]
    fn challenge_is_unpadded_base64url_of_sha256() {
        // Expected value computed independently (Python: hashlib.sha256 + urlsafe_b64encode).
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWjWpGHE"),
            "1lT4JXk0gW7FiOSDWekeyAVndiehLy5xjvHR2aIgdIs"
        );
    }
}
