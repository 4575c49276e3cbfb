//! A professional opening a package (no vault needed): unlock, check, keep it in memory only,
//! log the attempt on this machine and, with a vault unlocked, in each person's audit log;
//! saving the opened files is their explicit choice.

use std::path::Path;
use std::sync::MutexGuard;

use chrono::{DateTime, Utc};
use phr_core::ErrorCode;
use phr_core::secret::SecretString;
use phr_core::share::{self as core_share, ShareConsent};
use phr_share::{OpenedPackage, Unlock};
use zeroize::Zeroizing;

use super::request::{invalid, trimmed};
use super::{files, opened_log};
use crate::App;
use crate::ErrorField;
use crate::convert::rfc3339;
use crate::dto::AppError;
use crate::dto_share::*;
use crate::file_caps::{FileKind, check_size, read_capped};

/// A package opened and checked, held in memory until closed or another is opened: nothing of
/// it reaches disk unless the professional saves it.
#[derive(Debug)]
pub(crate) struct OpenedState {
    package: OpenedPackage,
}

impl App {
    /// Opens and checks a package (signature, every hash, expiry against this app's clock):
    /// works with no vault. The package stays in memory only. Every attempt, opened or
    /// refused, is written to this machine's "packages opened" log, and an opened package
    /// also to the audit log of each person in the vault when one is unlocked.
    pub fn share_open(&self, path: &Path, unlock: ShareUnlock) -> Result<OpenedShare, AppError> {
        // Opening counts as activity: the idle limit that closes an opened record starts now.
        let _ = self.touch();
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
        let unlock = match (trimmed_secret(unlock.access_code), trimmed(unlock.identity_path)) {
            (Some(code), None) => Unlock::AccessCode(code),
            (None, Some(identity)) => {
                let bytes = Zeroizing::new(read_capped(
                    Path::new(&identity),
                    files::MAX_IDENTITY_BYTES,
                    FileKind::Identity,
                    ErrorField::IdentityPath,
                )?);
                let text = std::str::from_utf8(&bytes).map_err(|_| {
                    invalid(
                        "This identity file is not text: choose the file age-keygen wrote.",
                        ErrorField::IdentityPath,
                    )
                })?;
                Unlock::Identity(SecretString::new(text.to_owned()))
            }
            (Some(_), Some(_)) => {
                return Err(invalid("Give the access code or an identity file, not both.", ErrorField::AccessCode));
            }
            (None, None) => return Err(invalid("Type the access code you were given.", ErrorField::AccessCode)),
        };
        // Streamed: the package is decrypted and unpacked as it is read, never held whole.
        check_size(path, files::MAX_PACKAGE_BYTES, FileKind::Package, ErrorField::Path)?;
        let file = std::fs::File::open(path).map_err(|e| {
            AppError::new(ErrorCode::Io, format!("Could not read the package: {e}. Nothing was changed."))
                .on_field(ErrorField::Path)
        })?;
        let limited = std::io::Read::take(file, files::MAX_PACKAGE_BYTES.saturating_add(1));
        Ok(phr_share::open_reader(std::io::BufReader::new(limited), &unlock, now)?)
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
        share_id: m.share_id.clone().into(),
        made_by: core_share::made_by_line(
            m.made_by.clone().map(core_share::ShareMaker::from).as_ref(),
            &m.subject.name,
        ),
        subject: ShareSubject {
            name: m.subject.name.clone(),
            birth_date: m.subject.birth_date.format("%Y-%m-%d").to_string(),
            nhs_number: m.subject.nhs_number.clone(),
        },
        fingerprint: p.signer_fingerprint.clone(),
        created: rfc3339(m.created),
        not_after: rfc3339(m.not_after),
        recipient: consent.recipient.clone().into(),
        purpose: consent.purpose.clone(),
        included: consent.slice.categories.iter().copied().map(Into::into).collect(),
        left_out: phr_core::share::LeftOut::from(m.left_out.clone()).into(),
        document: document.into(),
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
        ips: p.files.iter().any(|f| f.name == phr_share::IPS_FILE).then(|| core_share::IPS_IN_PACKAGE.to_owned()),
    })
}

/// The access code as typed, without the spaces around it; `None` when nothing was typed. The
/// code stays a secret: the untrimmed one is wiped as it is dropped.
fn trimmed_secret(code: Option<SecretString>) -> Option<SecretString> {
    let code = code?;
    let text = code.expose_secret().trim();
    (!text.is_empty()).then(|| SecretString::new(text.to_owned()))
}
