//! Making a share: the preview (the document read back by the professional's own reader, kept
//! as a draft) and the package sealed from exactly that draft, then registered.

use std::path::Path;

use phr_core::ErrorCode;
use phr_core::secret::SecretString;
use phr_core::share as core_share;
use phr_share::{AccessCode, PackageFile, SealTo};
use phr_vault::share_store::{self as store, NewShare};

use super::draft::{Draft, stale};
use super::prepare::{count, prepare, record_patient_ref, signing_key_of};
use super::register::share_info;
use super::request::invalid;
use crate::App;
use crate::ErrorField;
use crate::convert::rfc3339;
use crate::dto::AppError;
use crate::dto_share::*;

impl App {
    /// Exactly what a share would hold, read back by the same reader a professional's app
    /// uses (with each row's record entry, so the citizen can untick it). The document is kept
    /// in memory as a draft under [`SharePreview::draft_id`]: [`App::share_create`] seals that
    /// one. Nothing is sealed or written, except that the record's signing key is made on first
    /// use.
    pub fn share_preview(&self, person_id_str: &str, req: ShareRequest) -> Result<SharePreview, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Share)?;
        let now = self.clock.now();
        let (preview, draft) = self.with_vault(|v| {
            let p = prepare(v, &id, req, now)?;
            // After gathering: the signing key made on first use is not a change to the record.
            let mark = v.change_mark(&id)?;
            let document = core_share::read_document_with_entries(&p.document_json, &p.contents)?;
            let draft = Draft::new(id.clone(), mark, p);
            let p = &draft.prepared;
            let preview = SharePreview {
                draft_id: draft.id.clone().into(),
                document: document.into(),
                left_out: p.consent.slice.left_out().into(),
                withheld_by_label: p
                    .withheld
                    .iter()
                    .map(|(label, count)| WithheldCount { label: (*label).into(), count: *count })
                    .collect(),
                entries: count(p.contents.entries.len()),
                readings: count(p.contents.readings.len()),
                sealed_to: if p.consent.recipient.public_key.is_some() { SealedTo::Key } else { SealedTo::Code },
                not_after: rfc3339(p.consent.not_after),
                ips: p.ips_json.as_ref().map(|_| core_share::IPS_IN_PREVIEW.to_owned()),
            };
            Ok((preview, draft))
        })?;
        self.keep_share_draft(draft);
        Ok(preview)
    }

    /// Seals the previewed draft `draft_id` into one package at `out` and registers the share
    /// (the register row, the FHIR Consent in the record and the audit entry commit only if
    /// the file was written). SHARE_PREVIEW_STALE, with nothing sealed or written, when the
    /// draft is gone (a lock, a newer preview, already sealed) or the record changed after the
    /// preview; then the draft is forgotten and the person previews again.
    ///
    /// The access code comes back in [`ShareCreated`] and so reaches the webview: unlike the
    /// vault's keys and passphrase (which never leave this crate), it is a one-time secret FOR
    /// the recipient that the citizen must read and pass on, and it unlocks only this package,
    /// never the vault. It is not logged or stored anywhere.
    pub fn share_create(&self, person_id_str: &str, draft_id: &str, out: &Path) -> Result<ShareCreated, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Share)?;
        let now = self.clock.now();
        if out.as_os_str().is_empty() || out.is_dir() {
            return Err(invalid("Choose a file to save the package as.", ErrorField::Path));
        }
        let draft = self.share_draft_for(&id, draft_id)?;
        // Checked before sealing (a second of scrypt) and again, under the same vault borrow,
        // just before registering: nothing may change the record between the two unseen.
        let key = self.with_vault(|v| {
            if v.change_mark(&id)? != draft.mark {
                return Err(stale());
            }
            signing_key_of(v, &id)
        });
        let key = match key {
            Ok(key) if key.fingerprint() == draft.prepared.fingerprint => key,
            Ok(_) => return Err(self.stale_draft()),
            Err(e) if e.code == ErrorCode::SharePreviewStale => return Err(self.stale_draft()),
            Err(e) => return Err(e),
        };
        let mark = draft.mark;
        let p = draft.prepared;
        let fingerprint = p.fingerprint.clone();
        let document = core_share::read_document(&p.document_json)?;
        let summary = core_share::render_summary(&p.consent, &document, &fingerprint);
        let patient = &p.contents.patient;
        let patient_name = patient.name.clone();
        let subject = phr_share::ShareSubject {
            name: patient.name.clone(),
            birth_date: patient.birth_date,
            nhs_number: patient.nhs_number.clone(),
        };
        let (to, code, sealed) = match &p.consent.recipient.public_key {
            Some(key) => (SealTo::RecipientKey(key.clone()), None, store::SealedTo::Key),
            None => {
                let code = AccessCode::generate()?;
                // A secret (wiped when dropped, never printed) until the DTO hands it to the person.
                let shown = SecretString::new(code.as_str().to_owned());
                (SealTo::AccessCode(code), Some(shown), store::SealedTo::Code)
            }
        };
        let mut files = vec![
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
        // The summary of the same contents, when the person ticked it: the package is then
        // phr-share/2 and its signed manifest pins ips.json like the other files.
        if let Some(ips) = p.ips_json {
            files.push(PackageFile {
                name: phr_share::IPS_FILE.to_owned(),
                media_type: phr_share::IPS_MEDIA_TYPE.to_owned(),
                bytes: ips.into_bytes(),
            });
        }
        // The vault is not held while sealing, so other calls are not kept waiting.
        let package = phr_share::seal(&p.consent, &subject, files, &key, &to)?;
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
            if v.change_mark(&id)? != mark {
                return Err(stale());
            }
            v.register_share(&id, &new, || phr_vault::write_file_atomically(out, &package)).map_err(|e| {
                let io = e.code == ErrorCode::Io;
                let e = AppError::from(e);
                if io { e.on_field(ErrorField::Path) } else { e }
            })
        });
        let record = match record {
            Err(e) if e.code == ErrorCode::SharePreviewStale => return Err(self.stale_draft()),
            other => other?,
        };
        // Sealed once: the draft is done with.
        self.forget_share_draft();
        Ok(ShareCreated {
            share: share_info(&record, &patient_name, now),
            access_code: code.map(|c| c.expose_secret().to_owned()),
            fingerprint,
            path: out.display().to_string(),
            bytes: package.len() as u64,
        })
    }

    /// Forgets a draft found stale, and says so.
    fn stale_draft(&self) -> AppError {
        self.forget_share_draft();
        stale()
    }
}
