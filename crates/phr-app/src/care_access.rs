//! Enforcing the time limits on a carer's access (`phr_core::care_access`): every command
//! that reads or changes a person's record resolves the person through
//! [`App::record_person`], which refuses with CARE_ACCESS_SUSPENDED while the carer's access
//! is paused. The person's page, People, the review and the audit log stay open, so the carer
//! can see why and do the review.

use chrono::NaiveDate;
use phr_core::audit::Actor;
use phr_core::care_access::{self, AccessState, CareAccess};
use phr_vault::{PersonId, PersonRecord, Vault};

use crate::App;
use crate::ErrorField;
use crate::dto::AppError;
use crate::dto_care::CareAccessInfo;
use crate::readings::local::local_today;

impl App {
    /// The person `id` names, for a command on their record: refused while the carer's access
    /// to it is paused (a review past its date, a child who has turned 16). Not refused when
    /// the person's own access is open (the vault names them as who acts), nor while locked
    /// (the command's own call then says the vault is locked).
    pub(crate) fn record_person(&self, id: &str) -> Result<PersonId, AppError> {
        let id = crate::app::person_id(id)?;
        let today = local_today(self.clock.now());
        self.with_vault_if_open(|v| v.map_or(Ok(()), |v| check(v, &id, today, false)))?;
        Ok(id)
    }

    /// [`Self::record_person`] for handing the record over: a pause because the person has
    /// turned 16 does not stop it (handing the record to them is what the pause is for); a
    /// review past its date does, as for any other command.
    pub(crate) fn handover_person(&self, id: &str) -> Result<PersonId, AppError> {
        let id = crate::app::person_id(id)?;
        let today = local_today(self.clock.now());
        self.with_vault_if_open(|v| v.map_or(Ok(()), |v| check(v, &id, today, true)))?;
        Ok(id)
    }
}

/// Refuses when the holder acts as a carer on `id`'s record and that access is paused today
/// (unless `sixteen_allowed` and the pause is the 16th birthday's).
fn check(v: &Vault, id: &PersonId, today: NaiveDate, sixteen_allowed: bool) -> Result<(), AppError> {
    if matches!(v.actor_on(id)?, Actor::Owner { .. }) {
        return Ok(());
    }
    let p = v.person(id)?;
    let a = access(&p, today);
    if sixteen_allowed && matches!(a.reason, Some(care_access::AccessReason::Sixteen(_))) {
        return Ok(());
    }
    match a.refusal(&p.details.name) {
        None => Ok(()),
        Some(r) => {
            let field = if r.review_reopens { ErrorField::ReviewOn } else { ErrorField::Role };
            Err(AppError::new(r.code, r.message).on_field(field))
        }
    }
}

pub(crate) fn access(p: &PersonRecord, today: NaiveDate) -> CareAccess {
    care_access::care_access(p.role.as_ref(), p.details.date_of_birth, today)
}

/// The access as People and the person's page show it; `None` when nothing limits it.
pub(crate) fn access_info(p: &PersonRecord, today: NaiveDate) -> Option<CareAccessInfo> {
    let a = access(p, today);
    if a.state == AccessState::Open {
        return None;
    }
    Some(CareAccessInfo {
        state: a.state.code().to_owned(),
        tag: a.tag().map(str::to_owned),
        message: a.message(&p.details.name),
        review_reopens: a.review_reopens(),
    })
}
