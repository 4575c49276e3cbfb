//! Gathering a share: the consent, the slice's contents and the FHIR document built from them
//! (signed-for by the record's key), all under one borrow of the vault, as both the preview and
//! the package use them.

use chrono::{DateTime, Utc};
use phr_core::ips::IpsIds;
use phr_core::share::{self as core_share, DocumentIds, ShareConsent, ShareMaker, SliceContents};
use phr_share::SigningKey;
use phr_vault::{PersonId, Vault};

use super::request::{consent_for, new_uuid};
use crate::dto::AppError;
use crate::dto_share::ShareRequest;

/// Everything a preview and a share have in common, gathered under one vault borrow. It holds
/// no key, so a draft can be kept and copied: the package is signed with the record's key, read
/// again when sealing and checked against `fingerprint`.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) consent: ShareConsent,
    pub(crate) contents: SliceContents,
    /// For the preview: entries of the chosen categories and dates each label keeps out.
    pub(crate) withheld: Vec<(phr_core::record::Sensitivity, u32)>,
    pub(crate) document_json: String,
    pub(crate) ids: DocumentIds,
    /// The fingerprint of the key the document names as its signer.
    pub(crate) fingerprint: String,
    /// The International Patient Summary of `contents` (the very contents the document holds,
    /// so it has nothing the share does not), when the slice asks for one.
    pub(crate) ips_json: Option<String>,
}

pub(crate) fn prepare(
    v: &mut Vault,
    id: &PersonId,
    req: ShareRequest,
    now: DateTime<Utc>,
) -> Result<Prepared, AppError> {
    let mut consent = consent_for(req, now)?;
    let key = signing_key_of(v, id)?;
    let (contents, withheld) = v.share_contents_and_withheld(id, &consent.slice)?;
    // The package, its summary and the register say who made it: the person, or their carer.
    consent.made_by = Some(ShareMaker::from_actor(&v.actor_on(id)?, &contents.patient.name));
    let ids = DocumentIds {
        bundle: new_uuid(),
        composition: new_uuid(),
        consent: new_uuid(),
        provenance: new_uuid(),
        patient: new_uuid(),
    };
    let fingerprint = key.fingerprint();
    let document_json = core_share::build_document(&consent, &contents, &ids, &fingerprint)?;
    let ips_json = if consent.slice.ips {
        let ips_ids = IpsIds { bundle: new_uuid(), composition: new_uuid(), patient: new_uuid() };
        Some(phr_core::ips::build_ips(&contents, &ips_ids, consent.created)?.json)
    } else {
        None
    };
    Ok(Prepared { consent, contents, withheld, document_json, ids, fingerprint, ips_json })
}

pub(crate) fn signing_key_of(v: &mut Vault, id: &PersonId) -> Result<SigningKey, AppError> {
    let pkcs8 = v.signing_key(id)?;
    Ok(SigningKey::from_pkcs8(&pkcs8)?)
}

pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How the record the Consent lives in refers to the Patient: the imported Patient's own
/// reference when there is one, else the person.
pub(crate) fn record_patient_ref(contents: &SliceContents, id: &PersonId) -> String {
    contents
        .patient
        .aliases
        .iter()
        .find(|a| a.starts_with("Patient/"))
        .cloned()
        .unwrap_or_else(|| format!("Patient/{id}"))
}
