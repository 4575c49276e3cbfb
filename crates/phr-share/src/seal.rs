//! Making a package: sign the manifest, pack the four files (five with an International Patient
//! Summary), encrypt the archive with age to an access code (scrypt) or to a professional's
//! X25519 key.

use std::io::Write;
use std::iter;
use std::str::FromStr;

use age::secrecy::SecretString;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use phr_core::ErrorCode;
use phr_core::share::ShareConsent;

use crate::archive::{self, IPS_FILE, Members, RECORD_FILE, SUMMARY_FILE};
use crate::manifest::{
    ALGORITHM, FORMAT, FORMAT_WITH_IPS, Manifest, ManifestFile, ManifestSigner, ShareSubject, sha256_hex,
};
use crate::{AccessCode, ShareError, SigningKey};

/// The scrypt work factor (log2 N) a package sealed to an access code uses: age's own default,
/// fixed rather than calibrated on the sealing machine, so every package costs the same to open
/// anywhere (about half a second on a laptop, 256 MiB) and a guess at a code costs an attacker
/// as much. 80 random bits behind 2^18 scrypt are far beyond guessing.
pub const SEAL_WORK_FACTOR: u8 = 18;

/// A content file of a package.
#[derive(Clone, PartialEq, Eq)]
pub struct PackageFile {
    /// [`RECORD_FILE`], [`SUMMARY_FILE`] or [`IPS_FILE`].
    pub name: String,
    /// "application/fhir+json", "text/html; charset=utf-8".
    pub media_type: String,
    pub bytes: Vec<u8>,
}
phr_core::redacted_debug!(PackageFile { name, media_type });

/// Who can open a package.
#[derive(Debug, Clone)]
pub enum SealTo {
    /// Whoever has the code (age scrypt recipient).
    AccessCode(AccessCode),
    /// The holder of this age X25519 key (`age1...`).
    RecipientKey(String),
}

/// Seals `files` (exactly a record.json and a summary.html, and an ips.json when the consent's
/// slice asks for an International Patient Summary) for `to`, signed with `key`: the age file's
/// bytes. Without ips.json the package is `phr-share/1`, byte for byte as before the summary
/// existed; with it, `phr-share/2`.
pub fn seal(
    consent: &ShareConsent,
    subject: &ShareSubject,
    files: Vec<PackageFile>,
    key: &SigningKey,
    to: &SealTo,
) -> Result<Vec<u8>, ShareError> {
    seal_at(consent, subject, files, key, to, SEAL_WORK_FACTOR)
}

/// [`seal`] with another scrypt work factor. Only for tests, where hundreds of tampered copies
/// of a code-sealed package are opened: a weaker seal exists only in a `test-seams` build, and
/// the app always uses [`seal`].
#[cfg(feature = "test-seams")]
#[doc(hidden)]
pub fn seal_with_work_factor(
    consent: &ShareConsent,
    subject: &ShareSubject,
    files: Vec<PackageFile>,
    key: &SigningKey,
    to: &SealTo,
    work_factor: u8,
) -> Result<Vec<u8>, ShareError> {
    seal_at(consent, subject, files, key, to, work_factor)
}

fn seal_at(
    consent: &ShareConsent,
    subject: &ShareSubject,
    files: Vec<PackageFile>,
    key: &SigningKey,
    to: &SealTo,
    work_factor: u8,
) -> Result<Vec<u8>, ShareError> {
    // The recipient first: a bad key is the caller's likeliest mistake and costs nothing to find.
    let recipient = recipient(to, work_factor)?;
    let members = pack(consent, subject, files, key)?;
    let plain = zeroize::Zeroizing::new(archive::write(&members)?);
    if plain.len() as u64 > archive::MAX_ARCHIVE_BYTES {
        return Err(ShareError::new(
            ErrorCode::FileTooLarge,
            format!(
                "This share would be larger than {} MB, the most a shared record can be. Choose fewer kinds of entry or readings, or a shorter time.",
                archive::MAX_ARCHIVE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let encryptor = age::Encryptor::with_recipients(iter::once(recipient.as_ref()))
        .map_err(|_| ShareError::internal("encrypting the package"))?;
    let mut out = Vec::with_capacity(plain.len() + plain.len() / 4096 * 16 + 1024);
    let mut writer = encryptor.wrap_output(&mut out).map_err(|_| ShareError::internal("encrypting the package"))?;
    writer.write_all(&plain).map_err(|_| ShareError::internal("encrypting the package"))?;
    writer.finish().map_err(|_| ShareError::internal("encrypting the package"))?;
    Ok(out)
}

/// Parses a professional's age key (`age1...`).
pub(crate) fn parse_recipient_key(text: &str) -> Result<age::x25519::Recipient, ShareError> {
    age::x25519::Recipient::from_str(text.trim()).map_err(|_| {
        ShareError::new(
            ErrorCode::ShareRecipientKeyInvalid,
            "The recipient's public key is not an age key: it should be one line starting 'age1', as 'age-keygen' prints it.",
        )
    })
}

fn recipient(to: &SealTo, work_factor: u8) -> Result<Box<dyn age::Recipient>, ShareError> {
    Ok(match to {
        SealTo::AccessCode(code) => {
            if !(1..64).contains(&work_factor) {
                return Err(ShareError::internal("choosing how hard the access code is to guess"));
            }
            let mut r = age::scrypt::Recipient::new(SecretString::from(code.as_str().to_owned()));
            r.set_work_factor(work_factor);
            Box::new(r)
        }
        SealTo::RecipientKey(text) => Box::new(parse_recipient_key(text)?),
    })
}

/// Builds and signs the manifest and puts the members together.
fn pack(
    consent: &ShareConsent,
    subject: &ShareSubject,
    files: Vec<PackageFile>,
    key: &SigningKey,
) -> Result<Members, ShareError> {
    let mut record = None;
    let mut summary = None;
    let mut ips = None;
    for file in files {
        let slot = match file.name.as_str() {
            RECORD_FILE => &mut record,
            SUMMARY_FILE => &mut summary,
            IPS_FILE => &mut ips,
            other => {
                return Err(ShareError::new(
                    ErrorCode::InvalidInput,
                    format!("A package holds only {RECORD_FILE}, {SUMMARY_FILE} and {IPS_FILE}, not '{other}'."),
                ));
            }
        };
        if slot.replace(file).is_some() {
            return Err(ShareError::new(ErrorCode::InvalidInput, "A package holds each of its files once."));
        }
    }
    let (Some(record), Some(summary)) = (record, summary) else {
        return Err(ShareError::new(
            ErrorCode::InvalidInput,
            format!("A package needs both {RECORD_FILE} and {SUMMARY_FILE}."),
        ));
    };
    // The consent says whether there is a summary, and the manifest signs the consent: the two
    // must agree, so a package never holds a summary its consent does not name (or the reverse).
    if consent.slice.ips != ips.is_some() {
        return Err(ShareError::new(
            ErrorCode::InvalidInput,
            format!("A package holds {IPS_FILE} exactly when its consent asks for an International Patient Summary."),
        ));
    }
    let public_key = key.public_key();
    let manifest = Manifest {
        format: if ips.is_some() { FORMAT_WITH_IPS } else { FORMAT }.to_owned(),
        share_id: consent.share_id.clone(),
        created: consent.created,
        not_after: consent.not_after,
        consent: consent.into(),
        left_out: (&consent.slice.left_out()).into(),
        subject: subject.clone(),
        made_by: consent.made_by.as_ref().map(Into::into),
        signer: ManifestSigner {
            algorithm: ALGORITHM.to_owned(),
            public_key: BASE64.encode(public_key),
            fingerprint: crate::fingerprint(&public_key),
        },
        files: [Some(&record), Some(&summary), ips.as_ref()]
            .into_iter()
            .flatten()
            .map(|f| ManifestFile {
                name: f.name.clone(),
                media_type: f.media_type.clone(),
                size: f.bytes.len() as u64,
                sha256: sha256_hex(&f.bytes),
            })
            .collect(),
    };
    // Pretty, so `age -d pkg | tar x` gives a manifest a person can read.
    let mut manifest_json =
        serde_json::to_vec_pretty(&manifest).map_err(|_| ShareError::internal("writing the manifest"))?;
    manifest_json.push(b'\n');
    let mut signature = BASE64.encode(key.sign(&manifest_json)).into_bytes();
    signature.push(b'\n');
    Ok(Members {
        manifest: manifest_json,
        signature,
        record: record.bytes,
        summary: summary.bytes,
        ips: ips.map(|f| f.bytes),
    })
}
