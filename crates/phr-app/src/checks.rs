//! Checks without side effects, for the interface to call before submitting or as the person
//! types: a person's details, a share request, a reading, a target. Each runs the very check
//! the real command runs, so it gives the same codes, fields and messages; the commands still
//! check again. An empty list means the command would accept the input.

use chrono::NaiveDate;
use phr_core::ErrorCode;
use phr_core::readings as core;
use phr_core::share::{self as core_share, RequestProblem, ShareRecipient, ShareSlice};

use crate::App;
use crate::ErrorField;
use crate::dto::{AppError, PersonInput};
use crate::dto_readings::{ReadingInput, Target};
use crate::dto_share::ShareRequest;
use crate::readings::local::local_today;

impl App {
    /// Every problem with a person to add, in field order: details, role, then (when the vault
    /// is open) someone already added or a second "me"; `add_person` refuses with the first.
    pub fn check_person(&self, input: &PersonInput) -> Vec<AppError> {
        self.person_problems(None, input)
    }

    /// [`App::check_person`] for changing the details of the person `id`; `update_person`
    /// refuses with the first.
    pub fn check_person_update(&self, id: &str, input: &PersonInput) -> Vec<AppError> {
        match crate::app::person_id(id) {
            Ok(id) => self.person_problems(Some(&id), input),
            Err(e) => vec![e],
        }
    }

    /// Every problem with a share request, in the order the form asks (who, why, what, until
    /// when); a preview or a share refuses with the first.
    pub fn check_share_request(&self, req: &ShareRequest) -> Vec<AppError> {
        share_request(req, local_today(self.clock.now())).err().unwrap_or_default()
    }

    /// Why `add_reading` would refuse a reading now: an impossible value, or an unusual one not
    /// yet confirmed (READING_NEEDS_CONFIRMATION, with the reasons).
    pub fn check_reading(&self, input: &ReadingInput) -> Vec<AppError> {
        self.checked(input).err().into_iter().collect()
    }

    /// Why `set_target` would refuse a target.
    pub fn check_target(&self, target: &Target) -> Vec<AppError> {
        target_problem(target).err().into_iter().collect()
    }
}

/// The target check `set_target` and [`App::check_target`] share.
pub(crate) fn target_problem(target: &Target) -> Result<core::Target, AppError> {
    let target = core::Target::from(target.clone());
    target.validate().map_err(|e| AppError::new(ErrorCode::InvalidInput, e.reason).on_field_named(&e.field))?;
    Ok(target)
}

/// The recipient as a share records it: every text trimmed, an empty one absent, the ODS
/// code in capitals.
pub(crate) fn normalised_recipient(r: ShareRecipient) -> ShareRecipient {
    let trimmed = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    ShareRecipient {
        name: r.name.trim().to_owned(),
        role: trimmed(r.role),
        organisation: trimmed(r.organisation),
        ods_code: trimmed(r.ods_code).map(|c| c.to_uppercase()),
        public_key: trimmed(r.public_key),
    }
}

/// Checks a share request made `today`: the core's rules, then the recipient's key, which
/// only this crate can read. Returns the last day the package opens, or every problem.
pub(crate) fn share_request(req: &ShareRequest, today: NaiveDate) -> Result<NaiveDate, Vec<AppError>> {
    let recipient = normalised_recipient(req.recipient.clone().into());
    let slice: ShareSlice = req.slice.clone().into();
    let checked = core_share::check_request(&recipient, &req.purpose, &slice, &req.expires_on, today);
    let (last_day, mut problems) = match checked {
        Ok(day) => (Some(day), Vec::new()),
        Err(p) => (None, p.into_iter().map(from_problem).collect::<Vec<_>>()),
    };
    if let Some(key) = recipient.public_key.as_deref()
        && let Err(e) = check_recipient_key(key)
    {
        // The key is asked for with the recipient: its problem goes after theirs.
        let at = problems
            .iter()
            .take_while(|p| matches!(p.field, Some(ErrorField::RecipientName | ErrorField::RecipientOdsCode)))
            .count();
        problems.insert(at, e);
    }
    match last_day {
        Some(day) if problems.is_empty() => Ok(day),
        _ => Err(problems),
    }
}

fn from_problem(p: RequestProblem) -> AppError {
    AppError::new(p.code, p.message).on_field_named(p.field)
}

/// A professional's age key must parse before anything is gathered: it is the likeliest typo.
fn check_recipient_key(key: &str) -> Result<(), AppError> {
    key.parse::<age::x25519::Recipient>().map(|_| ()).map_err(|_| {
        AppError::new(
            ErrorCode::ShareRecipientKeyInvalid,
            "A public key starts with age1, followed by letters and numbers. Copy it again, or leave it empty to use an access code.",
        )
        .on_field(ErrorField::RecipientKey)
    })
}
