//! Sharing (issue 5): the citizen's preview and share, the share register, the record's
//! signing key, and a professional opening a package (no vault needed).
//!
//! Making a share: check the request, gather the slice (`Vault::share_contents`), build the
//! FHIR document (`phr_core::share::build_document`), read it back for the preview with the
//! same reader a professional's app uses, render the summary, seal (`phr_share::seal`) and
//! write the file inside the register's transaction (`Vault::register_share`).

mod files;
mod opened_log;

use std::path::Path;
use std::sync::MutexGuard;

use base64::Engine;
use chrono::{DateTime, Timelike, Utc};
use phr_core::ErrorCode;
use phr_core::share::{self as core_share, DocumentIds, ShareConsent, ShareDocError, SliceContents};
use phr_share::{AccessCode, OpenedPackage, PackageFile, SealTo, ShareError, SigningKey, Unlock};
use phr_vault::share_store::{self as store, NewShare, ShareRecord};
use phr_vault::{PersonId, Vault};
use zeroize::Zeroizing;

use crate::App;
use crate::app::person_id;
use crate::convert::rfc3339;
use crate::dto::AppError;
use crate::dto_share::*;

/// A package opened and checked, held in memory until closed or another is opened: nothing of
/// it reaches disk unless the professional saves it.
#[derive(Debug)]
pub(crate) struct OpenedState {
    package: OpenedPackage,
}

impl From<ShareError> for AppError {
    fn from(e: ShareError) -> Self {
        let field = match e.code {
            ErrorCode::ShareWrongCode | ErrorCode::ShareAccessCodeMalformed => Some("accessCode"),
            ErrorCode::ShareNotForYou => Some("identityPath"),
            ErrorCode::ShareRecipientKeyInvalid => Some("recipientKey"),
            _ => None,
        };
        Self { code: e.code, message: e.message, field: field.map(str::to_owned) }
    }
}

impl From<ShareDocError> for AppError {
    fn from(e: ShareDocError) -> Self {
        let field = (e.code == ErrorCode::ShareNothingSelected).then(|| "slice".to_owned());
        Self { code: e.code, message: e.message, field }
    }
}

fn invalid(message: impl Into<String>, field: &str) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message).on_field(field)
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn new_uuid() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Checks a request and turns it into the consent it asks for, created `now`.
fn consent_for(req: ShareRequest, now: DateTime<Utc>) -> Result<ShareConsent, AppError> {
    let last_day = crate::checks::share_request(&req, now.date_naive())
        .map_err(|problems| problems.into_iter().next().unwrap_or_else(|| invalid("Check the share.", "slice")))?;
    let ShareRequest { recipient, purpose, slice, .. } = req;
    let recipient = crate::checks::normalised_recipient(recipient.into());
    let purpose = purpose.trim().to_owned();
    let not_after = last_day.and_hms_opt(23, 59, 59).unwrap_or_default().and_utc();
    // Whole seconds: the consent is shown and stored as RFC 3339 to the second.
    let created = now.with_nanosecond(0).unwrap_or(now);
    Ok(ShareConsent { share_id: new_uuid(), recipient, purpose, slice: slice.into(), created, not_after })
}

/// Everything a preview and a share have in common, gathered under one vault borrow.
struct Prepared {
    consent: ShareConsent,
    contents: SliceContents,
    /// For the preview: entries of the chosen categories and dates each label keeps out.
    withheld: Vec<(phr_core::record::Sensitivity, u32)>,
    document_json: String,
    ids: DocumentIds,
    key: SigningKey,
}

fn prepare(v: &mut Vault, id: &PersonId, req: ShareRequest, now: DateTime<Utc>) -> Result<Prepared, AppError> {
    let consent = consent_for(req, now)?;
    let key = signing_key_of(v, id)?;
    let (contents, withheld) = v.share_contents_and_withheld(id, &consent.slice)?;
    let ids = DocumentIds {
        bundle: new_uuid(),
        composition: new_uuid(),
        consent: new_uuid(),
        provenance: new_uuid(),
        patient: new_uuid(),
    };
    let document_json = core_share::build_document(&consent, &contents, &ids, &key.fingerprint())?;
    Ok(Prepared { consent, contents, withheld, document_json, ids, key })
}

fn signing_key_of(v: &mut Vault, id: &PersonId) -> Result<SigningKey, AppError> {
    let pkcs8 = v.signing_key(id)?;
    Ok(SigningKey::from_pkcs8(&pkcs8)?)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn sealed_to(s: store::SealedTo) -> SealedTo {
    match s {
        store::SealedTo::Code => SealedTo::Code,
        store::SealedTo::Key => SealedTo::Key,
    }
}

fn share_info(r: &ShareRecord, now: DateTime<Utc>) -> ShareInfo {
    let c = &r.consent;
    ShareInfo {
        share_id: c.share_id.clone(),
        recipient: c.recipient.clone(),
        purpose: c.purpose.clone(),
        slice: c.slice.clone(),
        created: rfc3339(c.created),
        not_after: rfc3339(c.not_after),
        status: match r.status(now) {
            store::ShareStatus::Active => ShareStatus::Active,
            store::ShareStatus::Expired => ShareStatus::Expired,
            store::ShareStatus::Revoked => ShareStatus::Revoked,
        },
        revoked_at: r.revoked_at.map(rfc3339),
        sealed_to: sealed_to(r.sealed_to),
        entries: r.entries,
        readings: r.readings,
    }
}

/// How the record the Consent lives in refers to the Patient: the imported Patient's own
/// reference when there is one, else the person.
fn record_patient_ref(contents: &SliceContents, id: &PersonId) -> String {
    contents
        .patient
        .aliases
        .iter()
        .find(|a| a.starts_with("Patient/"))
        .cloned()
        .unwrap_or_else(|| format!("Patient/{id}"))
}

impl App {
    /// Exactly what a share would hold, read back by the same reader a professional's app
    /// uses (with each row's record entry, so the citizen can untick it). Nothing is sealed
    /// or written, except that the record's signing key is made on first use.
    pub fn share_preview(&self, person_id_str: &str, req: ShareRequest) -> Result<SharePreview, AppError> {
        let id = person_id(person_id_str)?;
        let now = self.clock.now();
        self.with_vault(|v| {
            let p = prepare(v, &id, req, now)?;
            let document = core_share::read_document_with_entries(&p.document_json, &p.contents)?;
            let withheld = p.withheld;
            Ok(SharePreview {
                document,
                left_out: p.consent.slice.left_out(),
                withheld_by_label: withheld.into_iter().map(|(label, count)| WithheldCount { label, count }).collect(),
                entries: count(p.contents.entries.len()),
                readings: count(p.contents.readings.len()),
                sealed_to: if p.consent.recipient.public_key.is_some() { SealedTo::Key } else { SealedTo::Code },
                not_after: rfc3339(p.consent.not_after),
            })
        })
    }

    /// Seals the slice into one package at `out` and registers the share (the register row,
    /// the FHIR Consent in the record and the audit entry commit only if the file was written).
    ///
    /// The access code comes back in [`ShareCreated`] and so reaches the webview: unlike the
    /// vault's keys and passphrase (which never leave this crate), it is a one-time secret FOR
    /// the recipient that the citizen must read and pass on, and it unlocks only this package,
    /// never the vault. It is not logged or stored anywhere.
    pub fn share_create(&self, person_id_str: &str, req: ShareRequest, out: &Path) -> Result<ShareCreated, AppError> {
        let id = person_id(person_id_str)?;
        let now = self.clock.now();
        if out.as_os_str().is_empty() || out.is_dir() {
            return Err(invalid("Choose a file to save the package as.", "path"));
        }
        // The vault is held only to gather the slice and then to register the share: sealing
        // (about a second of scrypt) runs without it, so other calls are not kept waiting.
        let p = self.with_vault(|v| prepare(v, &id, req, now))?;
        let fingerprint = p.key.fingerprint();
        let document = core_share::read_document(&p.document_json)?;
        let summary = core_share::render_summary(&p.consent, &document, &fingerprint);
        let patient = &p.contents.patient;
        let subject = phr_share::ShareSubject {
            name: patient.name.clone(),
            birth_date: patient.birth_date,
            nhs_number: patient.nhs_number.clone(),
        };
        let (to, code, sealed) = match &p.consent.recipient.public_key {
            Some(key) => (SealTo::RecipientKey(key.clone()), None, store::SealedTo::Key),
            None => {
                let code = AccessCode::generate()?;
                let shown = Zeroizing::new(code.as_str().to_owned());
                (SealTo::AccessCode(code), Some(shown), store::SealedTo::Code)
            }
        };
        let files = vec![
            PackageFile {
                name: phr_share::RECORD_FILE.to_owned(),
                media_type: phr_share::RECORD_MEDIA_TYPE.to_owned(),
                bytes: p.document_json.into_bytes(),
            },
            PackageFile {
                name: phr_share::SUMMARY_FILE.to_owned(),
                media_type: phr_share::SUMMARY_MEDIA_TYPE.to_owned(),
                bytes: summary.into_bytes(),
            },
        ];
        let package = phr_share::seal(&p.consent, &subject, files, &p.key, &to)?;
        let new = NewShare {
            consent_resource: core_share::consent_resource(
                &p.consent,
                &record_patient_ref(&p.contents, &id),
                &p.ids.consent,
            ),
            consent: p.consent,
            sealed_to: sealed,
            package_sha256: phr_share::sha256_hex(&package),
            entries: count(p.contents.entries.len()),
            readings: count(p.contents.readings.len()),
        };
        let record = self.with_vault(|v| {
            v.register_share(&id, &new, || phr_vault::write_file_atomically(out, &package)).map_err(|e| {
                let io = e.code == ErrorCode::Io;
                let e = AppError::from(e);
                if io { e.on_field("path") } else { e }
            })
        })?;
        Ok(ShareCreated {
            share: share_info(&record, now),
            access_code: code.map(|c| c.to_string()),
            fingerprint,
            path: out.display().to_string(),
            bytes: package.len() as u64,
        })
    }

    /// Every share made from this record, newest first, with its status now.
    pub fn share_list(&self, person_id_str: &str) -> Result<Vec<ShareInfo>, AppError> {
        let id = person_id(person_id_str)?;
        let now = self.clock.now();
        self.with_vault(|v| Ok(v.shares(&id)?.iter().map(|r| share_info(r, now)).collect()))
    }

    /// Marks a share revoked (audited). A copy already handed over cannot be recalled; the
    /// register records the citizen's decision. Revoking twice answers the share as it is.
    pub fn share_revoke(&self, person_id_str: &str, share_id: &str) -> Result<ShareInfo, AppError> {
        let id = person_id(person_id_str)?;
        let now = self.clock.now();
        self.with_vault(|v| Ok(share_info(&v.revoke_share(&id, share_id.trim())?, now)))
    }

    /// The record's signing key (made on first use): its fingerprint and public key.
    pub fn signing_key(&self, person_id_str: &str) -> Result<KeyInfo, AppError> {
        let id = person_id(person_id_str)?;
        self.with_vault(|v| {
            let public = match v.signing_public_key(&id)? {
                Some(k) => k,
                None => signing_key_of(v, &id)?.public_key(),
            };
            Ok(KeyInfo {
                fingerprint: phr_share::fingerprint(&public),
                public_key: base64::engine::general_purpose::STANDARD.encode(public),
            })
        })
    }

    /// Opens and checks a package (signature, every hash, expiry against this app's clock):
    /// works with no vault. The package stays in memory only. Every attempt, opened or
    /// refused, is written to this machine's "packages opened" log, and an opened package
    /// also to the audit log of each person in the vault when one is unlocked.
    pub fn share_open(&self, path: &Path, unlock: ShareUnlock) -> Result<OpenedShare, AppError> {
        // Opening counts as activity: the idle limit that closes an opened record starts now.
        self.touch();
        let now = self.clock.now();
        let result = self.open_package(path, unlock, now);
        let event = match &result {
            Ok(p) => opened_log::Event {
                share_id: Some(p.manifest.share_id.clone()),
                signer: Some(p.signer_fingerprint.clone()),
                refused: None,
            },
            Err(e) => opened_log::Event { share_id: None, signer: None, refused: Some(e.code.as_str().to_owned()) },
        };
        let log = opened_log::path_for(self.vault_dir());
        // Opening must not fail because a log could not be written (a read-only data folder on
        // a professional's machine); the refusal or the package matters more.
        let _ = opened_log::append(&log, now, &event);
        let package = result?;
        self.audit_opened(&package)?;
        let shown = opened_share(&package)?;
        *self.opened() = Some(OpenedState { package });
        Ok(shown)
    }

    fn open_package(&self, path: &Path, unlock: ShareUnlock, now: DateTime<Utc>) -> Result<OpenedPackage, AppError> {
        let unlock = match (trimmed(unlock.access_code.clone()), trimmed(unlock.identity_path.clone())) {
            (Some(code), None) => Unlock::AccessCode(code),
            (None, Some(identity)) => {
                let bytes = Zeroizing::new(files::read_capped(
                    Path::new(&identity),
                    files::MAX_IDENTITY_BYTES,
                    "identityPath",
                    ErrorCode::InvalidInput,
                )?);
                let text = std::str::from_utf8(&bytes).map_err(|_| {
                    invalid("This identity file is not text: choose the file age-keygen wrote.", "identityPath")
                })?;
                Unlock::Identity(text.to_owned())
            }
            (Some(_), Some(_)) => {
                return Err(invalid("Give the access code or an identity file, not both.", "accessCode"));
            }
            (None, None) => return Err(invalid("Type the access code you were given.", "accessCode")),
        };
        let bytes = files::read_capped(path, files::MAX_PACKAGE_BYTES, "path", ErrorCode::ShareNotAPackage)?;
        Ok(phr_share::open(&bytes, &unlock, now)?)
    }

    /// The person's audit log says a package was opened here when a vault is unlocked; with
    /// several people in the vault each log says so, as it happened on their machine.
    fn audit_opened(&self, package: &OpenedPackage) -> Result<(), AppError> {
        let detail = format!(
            "shared-record package {} opened, signed by key {}",
            package.manifest.share_id, package.signer_fingerprint
        );
        match self.with_vault(|v| {
            for person in v.people()? {
                v.audit_package_opened(&person.id, &detail)?;
            }
            Ok(())
        }) {
            Err(e) if e.code == ErrorCode::VaultLocked => Ok(()),
            other => other,
        }
    }

    /// Writes the opened package's files into `dir` (the professional's explicit choice: they
    /// are not encrypted there), refusing to replace any file already in it.
    pub fn share_save_opened(&self, dir: &Path) -> Result<Vec<String>, AppError> {
        let opened = self.opened();
        let state = opened
            .as_ref()
            .ok_or_else(|| AppError::new(ErrorCode::InvalidInput, "No shared record is open to save."))?;
        let p = &state.package;
        // The manifest and its signature exactly as the package held them, so the saved copy
        // can be checked (signature, then each file's hash) without the package.
        let mut out: Vec<(&str, &[u8])> =
            vec![(phr_share::MANIFEST_FILE, &p.manifest_json), (phr_share::SIGNATURE_FILE, &p.manifest_sig)];
        out.extend(p.files.iter().map(|f| (f.name.as_str(), f.bytes.as_slice())));
        files::write_new_files(dir, &out)
    }

    /// Forgets the opened package.
    pub fn share_close_opened(&self) {
        self.forget_opened_share();
    }

    /// Drops the opened package, if any; says whether there was one.
    pub(crate) fn forget_opened_share(&self) -> bool {
        self.opened().take().is_some()
    }

    fn opened(&self) -> MutexGuard<'_, Option<OpenedState>> {
        // Every change is one assignment, so a poisoned lock still holds a whole value.
        self.opened_share.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What a professional sees of a package that passed every check.
fn opened_share(p: &OpenedPackage) -> Result<OpenedShare, AppError> {
    let m = &p.manifest;
    // The signed wire form, read into the domain's.
    let consent = ShareConsent::from(m.consent.clone());
    let record = p
        .files
        .iter()
        .find(|f| f.name == phr_share::RECORD_FILE)
        .ok_or_else(|| AppError::new(ErrorCode::ShareTampered, "This package holds no record file."))?;
    let text = std::str::from_utf8(&record.bytes)
        .map_err(|_| AppError::new(ErrorCode::MalformedFile, "The package's record file is not text."))?;
    let document = core_share::read_document(text)?;
    Ok(OpenedShare {
        share_id: m.share_id.clone(),
        subject: ShareSubject {
            name: m.subject.name.clone(),
            birth_date: m.subject.birth_date.format("%Y-%m-%d").to_string(),
            nhs_number: m.subject.nhs_number.clone(),
        },
        fingerprint: p.signer_fingerprint.clone(),
        created: rfc3339(m.created),
        not_after: rfc3339(m.not_after),
        recipient: consent.recipient.clone(),
        purpose: consent.purpose.clone(),
        included: consent.slice.categories.clone(),
        left_out: phr_core::share::LeftOut::from(m.left_out.clone()),
        document,
        files: p
            .files
            .iter()
            .map(|f| PackageFileInfo {
                name: f.name.clone(),
                media_type: f.media_type.clone(),
                bytes: f.bytes.len() as u64,
                sha256: phr_share::sha256_hex(&f.bytes),
            })
            .collect(),
    })
}
