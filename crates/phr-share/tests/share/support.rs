//! Shared test material: a consent, a subject, content files, keys, and ways to take a package
//! apart and put it back together the way an attacker with the code or key could.

use std::io::{Read, Write};
use std::iter;
use std::str::FromStr;
use std::sync::OnceLock;

use age::secrecy::{ExposeSecret, SecretString};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use phr_core::ErrorCode;
use phr_core::readings::ReadingKind;
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{ShareConsent, ShareRecipient, ShareSlice};
use phr_share::{
    AccessCode, OpenedPackage, PackageFile, RECORD_FILE, RECORD_MEDIA_TYPE, SUMMARY_FILE, SUMMARY_MEDIA_TYPE, SealTo,
    ShareError, ShareSubject, SigningKey, Unlock,
};
use zeroize::Zeroizing;

/// A low scrypt work factor for tests that open hundreds of copies of a code-sealed package;
/// the real factor has its own tests.
pub const FAST: u8 = 10;

/// The access code most tests use.
pub const CODE: &str = "K7QM-2XD9-4HRT-8WPA";

pub fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap()
}

pub fn not_after() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 23, 23, 59, 59).unwrap()
}

/// A moment while the package is valid.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

pub fn consent() -> ShareConsent {
    ShareConsent {
        share_id: "5b0c2f1e-8a7d-4c3b-9e21-0f6a4d2c9b17".to_owned(),
        recipient: ShareRecipient {
            name: "Sam Physio".to_owned(),
            role: Some("Physiotherapist".to_owned()),
            organisation: Some("Leeds Knee Clinic".to_owned()),
            ods_code: None,
            public_key: None,
        },
        purpose: "Physiotherapy for my knee".to_owned(),
        slice: ShareSlice {
            categories: vec![EntryKind::Medication, EntryKind::Allergy],
            readings: vec![ReadingKind::BloodPressure],
            include_sensitive: vec![Sensitivity::General],
            ..ShareSlice::default()
        },
        created: created(),
        not_after: not_after(),
        made_by: None,
    }
}

pub fn subject() -> ShareSubject {
    ShareSubject {
        name: "Ada Example".to_owned(),
        birth_date: NaiveDate::from_ymd_opt(1970, 3, 14).unwrap(),
        nhs_number: Some("9434765919".to_owned()),
    }
}

/// The two content files, the record holding `record_text`.
pub fn files_with(record_text: &str) -> Vec<PackageFile> {
    vec![
        PackageFile {
            name: RECORD_FILE.to_owned(),
            media_type: RECORD_MEDIA_TYPE.to_owned(),
            bytes: format!(r#"{{"resourceType":"Bundle","type":"document","note":"{record_text}"}}"#).into_bytes(),
        },
        PackageFile {
            name: SUMMARY_FILE.to_owned(),
            media_type: SUMMARY_MEDIA_TYPE.to_owned(),
            bytes: b"<!doctype html><title>Shared record</title><p>Ada Example</p>".to_vec(),
        },
    ]
}

pub fn files() -> Vec<PackageFile> {
    files_with("amoxicillin allergy")
}

/// One signing key for the whole test binary, with its PKCS#8 (to sign forged manifests).
pub fn key() -> &'static (SigningKey, Zeroizing<Vec<u8>>) {
    static KEY: OnceLock<(SigningKey, Zeroizing<Vec<u8>>)> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate().unwrap())
}

/// A professional's age key pair: (identity file text, `age1...` recipient).
pub fn professional() -> (String, String) {
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let text = format!("# created: for a test\n# public key: {recipient}\n{}\n", identity.to_string().expose_secret());
    (text, recipient)
}

/// A code-sealed package at the fast work factor.
pub fn sealed_to_code(files: Vec<PackageFile>) -> Vec<u8> {
    let code = AccessCode::parse(CODE).unwrap();
    phr_share::seal_with_work_factor(&consent(), &subject(), files, &key().0, &SealTo::AccessCode(code), FAST).unwrap()
}

/// A key-sealed package and the identity that opens it.
pub fn sealed_to_key(files: Vec<PackageFile>) -> (Vec<u8>, String) {
    let (identity, recipient) = professional();
    let package = phr_share::seal(&consent(), &subject(), files, &key().0, &SealTo::RecipientKey(recipient)).unwrap();
    (package, identity)
}

pub fn by_code() -> Unlock {
    Unlock::AccessCode(CODE.to_owned().into())
}

pub fn open(package: &[u8], unlock: &Unlock) -> Result<OpenedPackage, ShareError> {
    phr_share::open(package, unlock, now())
}

/// Asserts a refusal with `code`; returns its message.
pub fn refused(result: Result<OpenedPackage, ShareError>, code: ErrorCode) -> String {
    match result {
        Ok(_) => panic!("expected {code:?}, but the package opened"),
        Err(e) => {
            assert_eq!(e.code, code, "{}", e.message);
            e.message
        }
    }
}

/// Decrypts a package with the test code, as anyone holding the code can.
pub fn decrypt_code(package: &[u8]) -> Vec<u8> {
    let mut identity = age::scrypt::Identity::new(SecretString::from(CODE.to_owned()));
    identity.set_max_work_factor(20);
    let decryptor = age::Decryptor::new_buffered(package).unwrap();
    let mut out = Vec::new();
    decryptor.decrypt(iter::once(&identity as &dyn age::Identity)).unwrap().read_to_end(&mut out).unwrap();
    out
}

/// Encrypts `plain` to the test code at the fast work factor.
pub fn encrypt_code(plain: &[u8]) -> Vec<u8> {
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(CODE.to_owned()));
    recipient.set_work_factor(FAST);
    encrypt(plain, &recipient)
}

pub fn encrypt_key(plain: &[u8], recipient: &str) -> Vec<u8> {
    encrypt(plain, &age::x25519::Recipient::from_str(recipient).unwrap())
}

fn encrypt(plain: &[u8], recipient: &dyn age::Recipient) -> Vec<u8> {
    let encryptor = age::Encryptor::with_recipients(iter::once(recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = encryptor.wrap_output(&mut out).unwrap();
    w.write_all(plain).unwrap();
    w.finish().unwrap();
    out
}

/// The members of a decrypted archive, in order.
pub fn untar(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut tar = tar::Archive::new(archive);
    tar.entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let name = e.path().unwrap().to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

/// A ustar archive of `members` with the same fixed headers the crate writes.
pub fn retar(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, bytes) in members {
        let mut header = tar::Header::new_ustar();
        header.set_path(name).unwrap();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, &bytes[..]).unwrap();
    }
    builder.into_inner().unwrap()
}

/// Replaces the member `name` (which must be there).
pub fn replace(members: &mut [(String, Vec<u8>)], name: &str, bytes: Vec<u8>) {
    let slot = members.iter_mut().find(|(n, _)| n == name).unwrap();
    slot.1 = bytes;
}

pub fn member<'a>(members: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &members.iter().find(|(n, _)| n == name).unwrap().1
}

/// Signs `manifest` with the test key, as `manifest.sig` holds it.
pub fn sign(manifest: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let pair = ring::signature::Ed25519KeyPair::from_pkcs8(&key().1).unwrap();
    let mut sig = base64::engine::general_purpose::STANDARD.encode(pair.sign(manifest)).into_bytes();
    sig.push(b'\n');
    sig
}

/// Where the age header (and its 16-byte payload nonce) ends: every byte from here is payload.
pub fn payload_start(package: &[u8]) -> usize {
    let mac_line = package.windows(4).position(|w| w == b"\n---").unwrap() + 1;
    let end_of_line = mac_line + package[mac_line..].iter().position(|&b| b == b'\n').unwrap() + 1;
    end_of_line + 16
}
