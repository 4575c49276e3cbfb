//! Opening a package: decrypt with the access code or the professional's identity, unpack,
//! verify the signature and every hash, then check expiry. Nothing is returned unless every
//! check passed; each refusal says which one failed.

use std::io::{self, BufRead, Read};
use std::iter;
use std::str::FromStr;

use age::DecryptError;
use age::secrecy::SecretString as AgeSecret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Utc};
use phr_core::ErrorCode;
use phr_core::secret::SecretString;

#[cfg(doc)]
use crate::archive::MAX_ARCHIVE_BYTES;
use crate::archive::{self, IPS_FILE, RECORD_FILE, SUMMARY_FILE};
use crate::manifest::{ALGORITHM, FORMAT, FORMAT_WITH_IPS, Manifest, sha256_hex};
use crate::signing::{self, PUBLIC_KEY_LEN, SIGNATURE_LEN};
use crate::{AccessCode, PackageFile, SEAL_WORK_FACTOR, ShareError};

/// The most scrypt work (log2 N) opening will do: what this app seals with, and one step more
/// (512 MiB, about two seconds) so a later version may raise its factor once openers accept it.
/// More than this is a crafted file meant to tie up the machine (2^22 would want 4 GiB).
pub const OPEN_MAX_WORK_FACTOR: u8 = SEAL_WORK_FACTOR + 1;

/// The first line of every (binary) age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// What opens a package. Both are secrets: wiped from memory when dropped, never printed, and
/// not `Clone` (a copy would outlive the original's wipe).
pub enum Unlock {
    /// The access code as typed (any case, dashes and spaces optional).
    AccessCode(SecretString),
    /// The text of an age identity file (`AGE-SECRET-KEY-1...` lines, `#` comments allowed).
    Identity(SecretString),
}
phr_core::redacted_debug!(Unlock);

/// A package that passed every check.
#[derive(Clone, PartialEq, Eq)]
pub struct OpenedPackage {
    pub manifest: Manifest,
    /// The content files (record.json, summary.html, then ips.json when the package holds an
    /// International Patient Summary) in the manifest's order, with the media types the
    /// manifest gives.
    pub files: Vec<PackageFile>,
    /// The fingerprint of the key that signed the manifest, for the professional to check.
    pub signer_fingerprint: String,
    /// `manifest.json` exactly as the package held it (the signed bytes), so a saved copy can
    /// be checked against its signature and the files beside it.
    pub manifest_json: Vec<u8>,
    /// `manifest.sig` exactly as the package held it.
    pub manifest_sig: Vec<u8>,
}
phr_core::redacted_debug!(OpenedPackage { signer_fingerprint });

/// Opens `package` with `unlock`, refusing it (with the reason) if it is not a package, not for
/// this code or key, altered in any way, or past its expiry at `now`.
pub fn open(package: &[u8], unlock: &Unlock, now: DateTime<Utc>) -> Result<OpenedPackage, ShareError> {
    open_reader(package, unlock, now)
}

/// [`open`] from a stream (a buffered file): the package is decrypted and unpacked as it is
/// read, so neither it nor its decrypted archive is ever held whole; only the four members
/// are kept (at most [`MAX_ARCHIVE_BYTES`] together).
pub fn open_reader<R: BufRead>(package: R, unlock: &Unlock, now: DateTime<Utc>) -> Result<OpenedPackage, ShareError> {
    let reader = decrypt(package, unlock)?;
    let mut tee = archive::Tee::new(reader);
    let members = archive::read_from(&mut tee).map_err(|e| match tee.failed {
        Some(io::ErrorKind::UnexpectedEof) => ShareError::tampered("it has been cut short"),
        Some(_) => {
            ShareError::tampered("its encrypted contents do not authenticate (bytes were changed, removed or added)")
        }
        None => e,
    })?;
    unpack_members(members, now)
}

/// The checks after decryption: the archive's exact form, the signed manifest, every file's
/// size and hash, then expiry at `now`.
#[cfg(feature = "test-seams")]
pub(crate) fn unpack(plain: &[u8], now: DateTime<Utc>) -> Result<OpenedPackage, ShareError> {
    unpack_members(archive::read(plain)?, now)
}

fn unpack_members(members: archive::Members, now: DateTime<Utc>) -> Result<OpenedPackage, ShareError> {
    let manifest = verify_manifest(&members.manifest, &members.signature)?;
    let record = check_file(&manifest, 0, RECORD_FILE, "record file", members.record)?;
    let summary = check_file(&manifest, 1, SUMMARY_FILE, "summary page", members.summary)?;
    // A phr-share/1 package holds no summary; a phr-share/2 one holds it, and its consent
    // (signed) says so: a summary added to, or taken from, a package is refused.
    let with_ips = manifest.format == FORMAT_WITH_IPS;
    if with_ips != manifest.consent.slice.ips {
        return Err(ShareError::tampered("its manifest and the consent in it disagree"));
    }
    let ips = match (with_ips, members.ips) {
        (true, Some(bytes)) => Some(check_file(&manifest, 2, IPS_FILE, "International Patient Summary", bytes)?),
        (false, None) => None,
        _ => return Err(ShareError::tampered("the signed list of files does not match the files in it")),
    };
    if manifest.files.len() != 2 + usize::from(with_ips) {
        return Err(ShareError::tampered("the signed list of files does not match the files in it"));
    }
    if now > manifest.not_after {
        return Err(ShareError::new(
            ErrorCode::ShareExpired,
            format!(
                "This package expired on {} at {} UTC: the person who shared it set it to open until then. Ask them for a new one if you still need it.",
                manifest.not_after.format("%-d %b %Y"),
                manifest.not_after.format("%H:%M")
            ),
        ));
    }
    let signer_fingerprint = manifest.signer.fingerprint.clone();
    Ok(OpenedPackage {
        manifest,
        files: [Some(record), Some(summary), ips].into_iter().flatten().collect(),
        signer_fingerprint,
        manifest_json: members.manifest,
        manifest_sig: members.signature,
    })
}

/// Opens the age file's stream of the archive's bytes (each 64 KiB chunk authenticated as it
/// is read; the reader fails at a chunk that does not).
fn decrypt<R: BufRead>(mut package: R, unlock: &Unlock) -> Result<impl Read, ShareError> {
    let is_age = package.fill_buf().is_ok_and(|head| head.starts_with(AGE_MAGIC));
    let decryptor = age::Decryptor::new_buffered(package).map_err(|e| {
        if is_age {
            match e {
                DecryptError::UnknownFormat => {
                    ShareError::not_a_package("it is an age file of a version this app does not read")
                }
                _ => ShareError::tampered("its header is damaged or cut short"),
            }
        } else {
            ShareError::not_a_package("it is not an age-encrypted file")
        }
    })?;
    let sealed_to_code = decryptor.is_scrypt();
    let reader = match unlock {
        Unlock::AccessCode(text) => {
            if !sealed_to_code {
                return Err(ShareError::new(
                    ErrorCode::ShareNotForYou,
                    "This package was sealed to a professional's key, not to an access code: open it with that person's key file.",
                ));
            }
            let code = AccessCode::parse(text.expose_secret())?;
            let mut identity = age::scrypt::Identity::new(AgeSecret::from(code.as_str().to_owned()));
            identity.set_max_work_factor(OPEN_MAX_WORK_FACTOR);
            decryptor.decrypt(iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
                DecryptError::DecryptionFailed | DecryptError::KeyDecryptionFailed => ShareError::new(
                    ErrorCode::ShareWrongCode,
                    "The access code does not open this package. Check it with the person who shared it (letters and digits, like K7QM-2XD9-4HRT-8WPA).",
                ),
                DecryptError::ExcessiveWork { .. } => ShareError::tampered(
                    "its header asks for far more work to unlock than any package this app makes",
                ),
                other => decrypt_refusal(other),
            })?
        }
        Unlock::Identity(text) => {
            if sealed_to_code {
                return Err(ShareError::new(
                    ErrorCode::ShareNotForYou,
                    "This package was sealed to an access code, not to a professional's key: open it with the code the person gave you.",
                ));
            }
            let identities = parse_identities(text.expose_secret())?;
            decryptor.decrypt(identities.iter().map(|i| i as &dyn age::Identity)).map_err(|e| match e {
                DecryptError::NoMatchingKeys => ShareError::new(
                    ErrorCode::ShareNotForYou,
                    "This package was sealed to someone else's key: the key file chosen does not hold the key it was made for.",
                ),
                other => decrypt_refusal(other),
            })?
        }
    };
    Ok(reader)
}

/// The refusal for age errors that mean the same whichever way the package was opened.
fn decrypt_refusal(e: DecryptError) -> ShareError {
    match e {
        DecryptError::InvalidMac => ShareError::tampered("its header does not authenticate"),
        DecryptError::UnknownFormat => {
            ShareError::not_a_package("it is an age file of a version this app does not read")
        }
        _ => ShareError::tampered("its header is damaged"),
    }
}

/// Reads an identity file's text: `AGE-SECRET-KEY-1...` lines; blank lines and `#` comments
/// skipped.
fn parse_identities(text: &str) -> Result<Vec<age::x25519::Identity>, ShareError> {
    let malformed = || {
        ShareError::new(
            ErrorCode::MalformedFile,
            "The key file is not an age key file: it should hold a line starting 'AGE-SECRET-KEY-1', as 'age-keygen' writes it.",
        )
    };
    let mut identities = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let identity = age::x25519::Identity::from_str(line).map_err(|_| {
            ShareError::new(
                ErrorCode::MalformedFile,
                format!(
                    "Line {} of the key file is not an age secret key: each key line starts 'AGE-SECRET-KEY-1'.",
                    n + 1
                ),
            )
        })?;
        identities.push(identity);
    }
    if identities.is_empty() {
        return Err(malformed());
    }
    Ok(identities)
}

/// Reads the manifest and checks its format, its signature by the key it names, and that it
/// agrees with itself.
fn verify_manifest(json: &[u8], signature: &[u8]) -> Result<Manifest, ShareError> {
    let value: serde_json::Value =
        serde_json::from_slice(json).map_err(|_| ShareError::tampered("its manifest cannot be read"))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT | FORMAT_WITH_IPS) => {}
        Some(other) if other.starts_with("phr-share/") => return Err(ShareError::newer(other)),
        _ => return Err(ShareError::not_a_package("its manifest does not name the shared-record format")),
    }
    let manifest: Manifest =
        serde_json::from_value(value).map_err(|_| ShareError::tampered("its manifest is not in the expected form"))?;
    if manifest.signer.algorithm != ALGORITHM {
        return Err(ShareError::tampered("its manifest names an unknown signature algorithm"));
    }
    let public_key = BASE64
        .decode(manifest.signer.public_key.as_bytes())
        .ok()
        .filter(|k| k.len() == PUBLIC_KEY_LEN)
        .ok_or_else(|| ShareError::tampered("the signer's key in its manifest cannot be read"))?;
    let signature = BASE64
        .decode(signature.trim_ascii())
        .ok()
        .filter(|s| s.len() == SIGNATURE_LEN)
        .ok_or_else(|| ShareError::tampered("its signature cannot be read"))?;
    if !signing::verify(&public_key, json, &signature) {
        return Err(ShareError::tampered("the manifest's signature does not verify"));
    }
    if manifest.signer.fingerprint != signing::fingerprint(&public_key) {
        return Err(ShareError::tampered("the fingerprint in its manifest is not its signer's"));
    }
    let consent = &manifest.consent;
    if manifest.share_id != consent.share_id
        || manifest.created != consent.created
        || manifest.not_after != consent.not_after
    {
        return Err(ShareError::tampered("its manifest and the consent in it disagree"));
    }
    Ok(manifest)
}

/// Checks one content file against the manifest's entry at `index`.
fn check_file(
    manifest: &Manifest,
    index: usize,
    name: &str,
    what: &str,
    bytes: Vec<u8>,
) -> Result<PackageFile, ShareError> {
    let Some(entry) = manifest.files.get(index).filter(|f| f.name == name) else {
        return Err(ShareError::tampered("the signed list of files does not match the files in it"));
    };
    if entry.size != bytes.len() as u64 {
        return Err(ShareError::tampered(&format!("the {what} is not the size its manifest signs")));
    }
    if entry.sha256 != sha256_hex(&bytes) {
        return Err(ShareError::tampered(&format!("the {what} does not match its signed hash")));
    }
    Ok(PackageFile { name: entry.name.clone(), media_type: entry.media_type.clone(), bytes })
}
