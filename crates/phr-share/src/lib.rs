//! Shared-record packages: one age-encrypted file that a professional opens with an access code
//! or their own age key, holding a signed manifest, the FHIR document and a printable summary.
//!
//! # The formats (`phr-share/1`, and `phr-share/2` with an International Patient Summary)
//!
//! A package is a binary [age](https://age-encryption.org/v1) file, sealed either
//! - to an **access code** (age's scrypt recipient, work factor 2^[`SEAL_WORK_FACTOR`]): the
//!   passphrase is the code's grouped form exactly as shown, "K7QM-2XD9-4HRT-8WPA" (16 Crockford
//!   base32 characters, 80 random bits), so `age --decrypt pkg` opens it when the code is typed;
//! - or to a **professional's X25519 key** (`age1...`), opened with their identity file
//!   (`age --decrypt -i key.txt pkg`).
//!
//! Inside is a ustar archive of exactly four regular files (five in `phr-share/2`), in this
//! order, with fixed headers (mode 0644, mtime 0, uid/gid 0), so `age -d pkg | tar x` gives
//! them:
//!
//! | file            | holds |
//! |-----------------|-------|
//! | `manifest.json` | format, share id, created, not-after, the consent (recipient, purpose, slice), what was left out, the subject (name, date of birth, NHS number), who made it (`madeBy`: name and role, "self" or "carer"; absent means the person), the signer (Ed25519 public key, base64, and its fingerprint), and for each content file its name, media type, size and SHA-256 (hex) |
//! | `manifest.sig`  | the base64 Ed25519 signature of `manifest.json`'s exact bytes |
//! | `record.json`   | the FHIR R4 `document` Bundle of the slice |
//! | `summary.html`  | a self-contained printable page, no scripts |
//! | `ips.json`      | only in `phr-share/2`: an International Patient Summary (FHIR R4 document Bundle, `application/fhir+json`) built from exactly the contents `record.json` holds, for the professional's computer system; the consent's slice says `"ips": true` |
//!
//! A package without the summary is `phr-share/1` and byte for byte what it was before the
//! summary existed (the golden packages pin that). One with it names `phr-share/2` in its
//! manifest, which lists `ips.json` (size, SHA-256, media type) like the other files; an app
//! that reads only `phr-share/1` refuses it as made by a newer version (`UNSUPPORTED_VERSION`),
//! never as damaged. Opening checks that the format, the consent's `ips` and the files agree.
//!
//! The manifest is written through its own wire types ([`ManifestConsent`], [`ManifestLeftOut`]
//! and the rest in `manifest.rs`), never through the app's domain or interface types, so a
//! change made for the app cannot change the bytes a package signs; a golden test
//! (`tests/share/golden.rs`) pins those bytes and the signature over them.
//!
//! **What is signed**: the manifest's bytes, with the record's Ed25519 key; the manifest pins
//! each content file by size and SHA-256, so the signature covers everything. Age authenticates
//! the whole file (header MAC, then every 64 KiB chunk, the last one marked), so a changed,
//! cut-short or lengthened package does not decrypt at all. The fingerprint (SHA-256 of the raw
//! public key, first 16 bytes, as eight groups of four hex digits) is what a citizen reads to a
//! professional over the phone to prove who made it. The signature proves which key made the
//! manifest, not that the key is the citizen's: anyone holding the code could re-sign a
//! package with a key of their own, and it would open showing that key's fingerprint. Checking
//! the fingerprint with the citizen is what ties a package to them.
//!
//! **Work factor**: packages sealed to a code use scrypt at 2^18 (age's own default, 256 MiB,
//! under a second on a laptop), fixed rather than calibrated so every package costs the same to
//! open and the benchmark target (seal or open a 4 MB record in under 1.5 s on 2 cores) holds.
//! Opening accepts up to 2^[`OPEN_MAX_WORK_FACTOR`] and refuses more as tampering.
//!
//! # Opening, and the reasons for refusing
//!
//! **Size**: a package unpacks to at most [`MAX_ARCHIVE_BYTES`] (64 MiB; its doc gives the
//! reason). [`seal`] refuses to make a larger one (`FILE_TOO_LARGE`) and opening refuses one as
//! tampered. [`open_reader`] streams a package from a file: it is decrypted and unpacked as it
//! is read, and only the package's files are kept.
//!
//! [`open`] decrypts, unpacks, checks the manifest's format and signature (with the key it
//! names), every file's size and hash and that the signed list of files is exactly the files
//! present, and only then the expiry against the `now` it is given. It returns nothing unless
//! every check passes. Refusals carry a [`phr_core::ErrorCode`]:
//! - `SHARE_NOT_A_PACKAGE`: not an age file, or a manifest in a format this app does not read;
//! - `SHARE_NOT_FOR_YOU`: sealed to a key but opened with a code (or the other way round), or
//!   sealed to a key the identity file does not hold;
//! - `SHARE_WRONG_CODE`: the access code does not open it (a changed salt or key in a
//!   code-sealed header is indistinguishable from a wrong code);
//! - `SHARE_ACCESS_CODE_MALFORMED`: the code typed cannot be a code (length, characters);
//! - `SHARE_TAMPERED`: anything failing after that, with a sentence saying which check failed
//!   ("the record file does not match its signed hash");
//! - `SHARE_EXPIRED`: every check passed but `now` is after not-after (the date is given);
//!   expiry is enforced by the software that opens a package, not by cryptography.

mod access_code;
mod archive;
mod error;
#[cfg(feature = "test-seams")]
pub mod fuzz_seams;
mod manifest;
mod open;
mod seal;
mod signing;

pub use access_code::AccessCode;
pub use archive::{IPS_FILE, MANIFEST_FILE, MAX_ARCHIVE_BYTES, RECORD_FILE, SIGNATURE_FILE, SUMMARY_FILE};
pub use error::ShareError;
pub use manifest::{
    ALGORITHM, FORMAT, FORMAT_WITH_IPS, Manifest, ManifestConsent, ManifestFile, ManifestLeftOut, ManifestMaker,
    ManifestMakerRole, ManifestRecipient, ManifestSigner, ManifestSlice, ShareSubject, sha256_hex,
};
pub use open::{OPEN_MAX_WORK_FACTOR, OpenedPackage, Unlock, open, open_reader};
#[cfg(feature = "test-seams")]
pub use seal::seal_with_work_factor;
pub use seal::{PackageFile, SEAL_WORK_FACTOR, SealTo, seal};
pub use signing::{SigningKey, fingerprint};

/// The media type of `record.json`.
pub const RECORD_MEDIA_TYPE: &str = "application/fhir+json";
/// The media type of `summary.html`.
pub const SUMMARY_MEDIA_TYPE: &str = "text/html; charset=utf-8";
/// The media type of `ips.json` (a FHIR document Bundle, like `record.json`).
pub const IPS_MEDIA_TYPE: &str = "application/fhir+json";
