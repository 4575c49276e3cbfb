//! The share register as the interface sees it (status now, how each was sealed), revoking, and
//! the record's signing key.

use base64::Engine;
use chrono::{DateTime, Utc};
use phr_core::share as core_share;
use phr_vault::share_store::{self as store, ShareRecord};

use super::prepare::signing_key_of;
use crate::App;
use crate::convert::rfc3339;
use crate::dto::AppError;
use crate::dto_share::*;

fn sealed_to(s: store::SealedTo) -> SealedTo {
    match s {
        store::SealedTo::Code => SealedTo::Code,
        store::SealedTo::Key => SealedTo::Key,
    }
}

/// The register's row for `r`, on the record of the person named `about`.
pub(crate) fn share_info(r: &ShareRecord, about: &str, now: DateTime<Utc>) -> ShareInfo {
    let c = &r.consent;
    ShareInfo {
        share_id: c.share_id.clone().into(),
        recipient: c.recipient.clone().into(),
        purpose: c.purpose.clone(),
        slice: c.slice.clone().into(),
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
        made_by: core_share::made_by_line(c.made_by.as_ref(), about),
    }
}

impl App {
    /// Every share made from this record, newest first, with its status now.
    pub fn share_list(&self, person_id_str: &str) -> Result<Vec<ShareInfo>, AppError> {
        let id = self.record_person(person_id_str)?;
        let now = self.clock.now();
        self.with_vault(|v| {
            let about = v.person(&id)?.details.name;
            Ok(v.shares(&id)?.iter().map(|r| share_info(r, &about, now)).collect())
        })
    }

    /// Marks a share revoked (audited). A copy already handed over cannot be recalled; the
    /// register records the citizen's decision. Revoking twice answers the share as it is.
    pub fn share_revoke(&self, person_id_str: &str, share_id: &str) -> Result<ShareInfo, AppError> {
        let id = self.record_person(person_id_str)?;
        let now = self.clock.now();
        self.with_vault(|v| {
            let about = v.person(&id)?.details.name;
            Ok(share_info(&v.revoke_share(&id, share_id.trim())?, &about, now))
        })
    }

    /// The record's signing key (made on first use): its fingerprint and public key.
    pub fn signing_key(&self, person_id_str: &str) -> Result<KeyInfo, AppError> {
        let id = self.record_person(person_id_str)?;
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
}
