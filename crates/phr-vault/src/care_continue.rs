//! A young person at 16 agreeing, with their own password, that the carer who had parental
//! responsibility may keep looking after their record: the basis becomes their own agreement
//! from today, with a review a year on, and the audit entry names them as who acted. Their
//! limits on what the carer sees are theirs to set through their own access as before.

use chrono::NaiveDate;
use phr_core::audit::{Actor, AuditAction};
use phr_core::error::ErrorCode;
use phr_core::person_role::{self, Basis, BasisKind, RoleKind};

use crate::error::{Result, VaultError, db_error};
use crate::model::PersonRecord;
use crate::own_access::OwnerSession;
use crate::person_store;
use crate::vault::Vault;

impl Vault {
    /// The person whose own access `session` is agrees, on `today`, that their carer may go on
    /// looking after their record after their 16th birthday: the basis (parental
    /// responsibility) becomes their own agreement dated today, reviewed a year on, and the
    /// record opens to the carer again (`phr_core::care_access`). Refused for a record whose
    /// basis is not parental responsibility.
    pub fn continue_after_sixteen(&mut self, session: &OwnerSession, today: NaiveDate) -> Result<PersonRecord> {
        self.writable()?;
        let id = session.person().clone();
        let current = self.person(&id)?;
        let parental = current.role.as_ref().is_some_and(|r| {
            r.kind == RoleKind::CaredFor && r.basis.as_ref().is_some_and(|b| b.kind == BasisKind::Parental)
        });
        if !parental {
            return Err(VaultError::new(
                ErrorCode::InvalidInput,
                "Only a record looked after with parental responsibility needs this agreement at 16.",
            ));
        }
        let first = current.details.name.split_whitespace().next().unwrap_or(&current.details.name).to_owned();
        let review_on = person_role::default_review_on(Some(BasisKind::Consent), current.details.date_of_birth, today);
        let now = self.clock.now();
        let acting = self.acting.replace((id.clone(), Actor::Owner { name: first }));
        let detail = format!(
            "agreed their carer can keep looking after this record; next check {}",
            phr_core::en_gb::date(review_on)
        );
        let written = self.write_person(&id, AuditAction::PersonUpdated, &detail, |tx, path| {
            let mut record = person_store::read(tx, &id, path)?;
            if let Some(role) = record.role.as_mut() {
                role.basis = Some(Basis { kind: BasisKind::Consent, date: today, reference: None });
                role.review_on = Some(review_on);
            }
            record.updated_at = now;
            person_store::update(tx, &record).map_err(|e| db_error(path, &e))?;
            Ok(record)
        });
        self.acting = acting;
        written
    }
}
