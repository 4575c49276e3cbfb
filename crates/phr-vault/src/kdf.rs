//! Passphrase to key: Argon2id with parameters calibrated at set-up, floored and capped.
//!
//! The parameters are stored in the key file beside the salt. Whoever can edit that file can
//! change them, so what is read is checked both ways: below the floor would make the
//! passphrase cheap to guess, above the caps would make unlock hang or exhaust memory.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Result, VaultError};
use crate::keys::Key32;
use phr_core::passphrase::Passphrase;

/// The one KDF this crate writes, as key files name it.
const ALG: &str = "argon2id";

/// The KDF as a key file writes it (`vault.key` and each `own.key`): the algorithm, its
/// cost and the salt in hex. Reading checks the algorithm; the caller checks the cost's
/// bounds and the salt's length, and says which file was wrong.
#[derive(Serialize, Deserialize)]
pub(crate) struct KdfJson {
    pub(crate) alg: String,
    pub(crate) m_kib: u32,
    pub(crate) t: u32,
    pub(crate) p: u32,
    pub(crate) salt: String,
}

impl KdfJson {
    pub(crate) fn argon2id(params: KdfParams, salt: &[u8]) -> Self {
        KdfJson { alg: ALG.to_owned(), m_kib: params.m_kib, t: params.t, p: params.p, salt: crate::hex::encode(salt) }
    }

    pub(crate) fn is_argon2id(&self) -> bool {
        self.alg == ALG
    }

    /// The cost as written (unchecked).
    pub(crate) fn params(&self) -> KdfParams {
        KdfParams { m_kib: self.m_kib, t: self.t, p: self.p }
    }
}

/// Argon2id's cost: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    /// OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane). Nothing weaker is ever
    /// written or accepted.
    pub const FLOOR: KdfParams = KdfParams { m_kib: 19_456, t: 2, p: 1 };
    /// The most a key file may ask for: beyond this a tampered file could stall unlock.
    pub const CAP: KdfParams = KdfParams { m_kib: 1024 * 1024, t: 50, p: 8 };
    /// The most calibration will choose, so a fast machine does not make a vault that a
    /// modest laptop cannot open in reasonable time or memory.
    const CALIBRATION_MAX: KdfParams = KdfParams { m_kib: 256 * 1024, t: 8, p: 1 };

    /// Raises each field to the floor and lowers it to the cap.
    pub fn clamped(self) -> KdfParams {
        KdfParams {
            m_kib: self.m_kib.clamp(Self::FLOOR.m_kib, Self::CAP.m_kib),
            t: self.t.clamp(Self::FLOOR.t, Self::CAP.t),
            p: self.p.clamp(Self::FLOOR.p, Self::CAP.p),
        }
    }

    /// Whether parameters read from a file are within the floor and the caps. Argon2 also
    /// needs at least 8 KiB of memory per lane.
    pub(crate) fn within_bounds(self) -> bool {
        (Self::FLOOR.m_kib..=Self::CAP.m_kib).contains(&self.m_kib)
            && (Self::FLOOR.t..=Self::CAP.t).contains(&self.t)
            && (Self::FLOOR.p..=Self::CAP.p).contains(&self.p)
            && self.m_kib >= 8 * self.p
    }
}

/// How `create` picks the parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfChoice {
    /// Measure this machine and aim for about `target` per unlock (at least the floor).
    Calibrate { target: Duration },
    /// These parameters, raised to the floor where below it (tests use `Fixed(FLOOR)`).
    Fixed(KdfParams),
}

impl KdfChoice {
    pub(crate) fn resolve(self) -> Result<KdfParams> {
        match self {
            KdfChoice::Fixed(p) => Ok(p.clamped()),
            KdfChoice::Calibrate { target } => calibrate(target),
        }
    }
}

/// Derives the 32-byte key-encryption key from the passphrase.
pub(crate) fn derive_kek(passphrase: &Passphrase, salt: &[u8], params: KdfParams) -> Result<Key32> {
    let p = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|e| VaultError::internal(format!("Argon2 parameters refused: {e}")))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.expose_secret().as_bytes(), salt, &mut out[..])
        .map_err(|e| VaultError::internal(format!("Argon2 failed: {e}")))?;
    Ok(Key32::from_array(out))
}

/// Starts at the floor and raises passes, then memory, until one derivation takes about
/// `target`. Time per derivation grows about linearly in both, so each step scales by the
/// measured shortfall; a few steps suffice and the total stays near a couple of targets.
fn calibrate(target: Duration) -> Result<KdfParams> {
    let probe = Passphrase::new("calibration probe".to_string());
    let salt = [0u8; 16];
    let mut params = KdfParams::FLOOR;
    for _ in 0..6 {
        let started = Instant::now();
        derive_kek(&probe, &salt, params)?;
        let took = started.elapsed().max(Duration::from_millis(1));
        if took.as_secs_f64() >= target.as_secs_f64() * 0.8 {
            break;
        }
        let factor = target.as_secs_f64() / took.as_secs_f64();
        let max = KdfParams::CALIBRATION_MAX;
        if params.t < max.t {
            params.t = scale(params.t, factor).min(max.t);
        } else if params.m_kib < max.m_kib {
            params.m_kib = scale(params.m_kib, factor).min(max.m_kib);
        } else {
            break;
        }
    }
    Ok(params.clamped())
}

fn scale(v: u32, factor: f64) -> u32 {
    let scaled = (f64::from(v) * factor).ceil();
    if scaled >= f64::from(u32::MAX) { u32::MAX } else { (scaled as u32).max(v.saturating_add(1)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_below_the_floor_is_raised() {
        let weak = KdfParams { m_kib: 8, t: 1, p: 0 };
        assert_eq!(KdfChoice::Fixed(weak).resolve().unwrap(), KdfParams::FLOOR);
        let huge = KdfParams { m_kib: u32::MAX, t: 1000, p: 64 };
        assert_eq!(huge.clamped(), KdfParams::CAP);
    }

    #[test]
    fn bounds() {
        assert!(KdfParams::FLOOR.within_bounds());
        assert!(KdfParams::CAP.within_bounds());
        assert!(!KdfParams { t: 1, ..KdfParams::FLOOR }.within_bounds());
        assert!(!KdfParams { m_kib: KdfParams::CAP.m_kib + 1, ..KdfParams::FLOOR }.within_bounds());
        assert!(!KdfParams { p: 9, ..KdfParams::FLOOR }.within_bounds());
    }

    #[test]
    fn a_tiny_target_calibrates_to_the_floor_and_more_raises_passes_first() {
        assert_eq!(calibrate(Duration::from_micros(1)).unwrap(), KdfParams::FLOOR);
        let p = calibrate(Duration::from_millis(150)).unwrap();
        assert!(p.t >= KdfParams::FLOOR.t && p.m_kib >= KdfParams::FLOOR.m_kib, "{p:?}");
    }

    #[test]
    fn same_inputs_same_key_and_the_salt_matters() {
        let pw = Passphrase::new("otter lantern gravel".into());
        let a = derive_kek(&pw, &[1; 16], KdfParams::FLOOR).unwrap();
        let b = derive_kek(&pw, &[1; 16], KdfParams::FLOOR).unwrap();
        let c = derive_kek(&pw, &[2; 16], KdfParams::FLOOR).unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
    }
}
