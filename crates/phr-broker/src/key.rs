//! [`SigningKey`]: the client's RSA private key, loaded once, and its public JWKS.
//!
//! The key is the one secret the broker exists to keep: nothing here prints, logs or returns
//! any part of it but the public modulus and exponent.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::rand::SecureRandom;
use ring::signature::{RSA_PKCS1_SHA512, RsaKeyPair, RsaPublicKeyComponents};

use crate::BrokerError;

/// The client's signing key (RSA, at least 2048 bits, as ring requires) and the `kid` it is
/// registered under at the identity provider.
pub struct SigningKey {
    kid: String,
    pair: RsaKeyPair,
}

// The key pair's private half must never reach a log: Debug shows the kid and the size only.
impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("modulus_bits", &(self.pair.public().modulus_len() * 8))
            .finish_non_exhaustive()
    }
}

const PEM_PKCS8: &str = "PRIVATE KEY";
const PEM_PKCS1: &str = "RSA PRIVATE KEY";

impl SigningKey {
    /// An RSA key from DER bytes: PKCS#8, or PKCS#1 (`RSAPrivateKey`), which OpenSSL 3.0's
    /// `genpkey -outform DER` writes.
    pub fn from_der(der: &[u8], kid: impl Into<String>) -> Result<Self, BrokerError> {
        let kid = kid.into();
        if kid.trim().is_empty() {
            return Err(BrokerError::Config(
                "the key id (kid) is empty: give the kid the key is registered under".into(),
            ));
        }
        let pair = RsaKeyPair::from_pkcs8(der).or_else(|e| RsaKeyPair::from_der(der).map_err(|_| e)).map_err(|e| {
            BrokerError::Key(format!(
                "the key is not an RSA private key (PKCS#8 or PKCS#1) of 2048 to 8192 bits ({e}); make one with \
                 `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`"
            ))
        })?;
        Ok(Self { kid, pair })
    }

    /// An RSA key as DER bytes or PEM text (`-----BEGIN PRIVATE KEY-----`, PKCS#8, or
    /// `-----BEGIN RSA PRIVATE KEY-----`, PKCS#1). An encrypted key is refused.
    pub fn from_bytes(bytes: &[u8], kid: impl Into<String>) -> Result<Self, BrokerError> {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN ") => Self::from_der(&pem_body(text)?, kid),
            _ => Self::from_der(bytes, kid),
        }
    }

    /// An RSA key from a file holding PKCS#8 DER or PEM.
    pub fn from_file(path: &Path, kid: impl Into<String>) -> Result<Self, BrokerError> {
        let bytes = std::fs::read(path)
            .map_err(|e| BrokerError::Key(format!("cannot read the key file {}: {e}", path.display())))?;
        Self::from_bytes(&bytes, kid)
    }

    /// The key id put in each assertion's header, so the provider picks the right key when
    /// several are registered (as during a rotation).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK (RFC 7517): `kty`, `use`, `alg`, `kid`, `n`, `e`.
    pub fn jwk(&self) -> serde_json::Value {
        let public: RsaPublicKeyComponents<Vec<u8>> = RsaPublicKeyComponents::from(self.pair.public());
        serde_json::json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS512",
            "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(without_leading_zeros(&public.n)),
            "e": URL_SAFE_NO_PAD.encode(without_leading_zeros(&public.e)),
        })
    }

    /// `message` signed with RSASSA-PKCS1-v1_5 and SHA-512 (JWS `RS512`).
    pub(crate) fn sign_rs512(&self, rng: &dyn SecureRandom, message: &[u8]) -> Result<Vec<u8>, BrokerError> {
        let mut signature = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(&RSA_PKCS1_SHA512, rng, message, &mut signature)
            .map_err(|_| BrokerError::Internal("the assertion could not be signed".into()))?;
        Ok(signature)
    }
}

/// The public JWKS (`{"keys": [jwk]}`) to register with the identity provider as the client's
/// keys, and for tests to verify assertions with.
pub fn jwks(key: &SigningKey) -> serde_json::Value {
    serde_json::json!({ "keys": [key.jwk()] })
}

/// JWK integers are unsigned big-endian with no leading zero octets (RFC 7518 §6.3.1).
fn without_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len().saturating_sub(1));
    bytes.get(first..).unwrap_or(bytes)
}

/// The DER inside a PEM `PRIVATE KEY` or `RSA PRIVATE KEY` block.
fn pem_body(text: &str) -> Result<Vec<u8>, BrokerError> {
    let body = [PEM_PKCS8, PEM_PKCS1]
        .iter()
        .find_map(|label| {
            let (_, rest) = text.split_once(&format!("-----BEGIN {label}-----"))?;
            let (body, _) = rest.split_once(&format!("-----END {label}-----"))?;
            Some(body)
        })
        .ok_or_else(|| {
            BrokerError::Key(
                "the PEM file has no PRIVATE KEY or RSA PRIVATE KEY block (an encrypted key is not supported: \
                 decrypt it with `openssl pkcs8 -topk8 -nocrypt`)"
                    .into(),
            )
        })?;
    if body.contains("Proc-Type") || body.contains("DEK-Info") {
        return Err(BrokerError::Key(
            "the PEM key is encrypted; decrypt it with `openssl pkcs8 -topk8 -nocrypt`".into(),
        ));
    }
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD.decode(compact).map_err(|e| BrokerError::Key(format!("the PEM key's base64 cannot be read: {e}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const DER: &[u8] = include_bytes!("../tests/fixtures/test-signing-key.pk8.der");

    #[test]
    fn pem_and_der_give_the_same_key() {
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD
                .encode(DER)
                .as_bytes()
                .chunks(64)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        );
        let a = SigningKey::from_bytes(DER, "k1").unwrap();
        let b = SigningKey::from_bytes(pem.as_bytes(), "k1").unwrap();
        assert_eq!(a.jwk(), b.jwk());
        assert_eq!(a.jwk()["e"], "AQAB");
    }

    #[test]
    fn debug_shows_no_key_material() {
        let key = SigningKey::from_bytes(DER, "k1").unwrap();
        let shown = format!("{key:?} {key:#?}");
        assert!(shown.contains("k1") && shown.contains("2048"), "{shown}");
        let n = key.jwk()["n"].as_str().unwrap().to_owned();
        assert!(!shown.contains(n.get(..16).unwrap()), "{shown}");
    }

    #[test]
    fn garbage_and_encrypted_keys_are_refused_with_words() {
        let e = SigningKey::from_bytes(
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
            "k",
        )
        .unwrap_err();
        assert!(e.to_string().contains("encrypted"), "{e}");
        let e = SigningKey::from_bytes(b"not a key", "k").unwrap_err();
        assert!(e.to_string().contains("RSA private key"), "{e}");
        assert!(SigningKey::from_bytes(DER, " ").is_err());
    }
}
