//! A share request checked and turned into the consent it asks for, and how sharing's errors
//! reach the interface (each with its field).

use chrono::{DateTime, Timelike, Utc};
use phr_core::ErrorCode;
use phr_core::share::{ShareConsent, ShareDocError};
use phr_share::ShareError;

use crate::ErrorField;
use crate::dto::AppError;
use crate::dto_share::ShareRequest;

impl From<ShareError> for AppError {
    fn from(e: ShareError) -> Self {
        let field = match e.code {
            ErrorCode::ShareWrongCode | ErrorCode::ShareAccessCodeMalformed => Some(ErrorField::AccessCode),
            ErrorCode::ShareNotForYou => Some(ErrorField::IdentityPath),
            ErrorCode::ShareRecipientKeyInvalid => Some(ErrorField::RecipientKey),
            _ => None,
        };
        Self { code: e.code.into(), message: e.message, field, advice: None }
    }
}

impl From<ShareDocError> for AppError {
    fn from(e: ShareDocError) -> Self {
        let field = (e.code == ErrorCode::ShareNothingSelected).then_some(ErrorField::Slice);
        Self { code: e.code.into(), message: e.message, field, advice: None }
    }
}

pub(crate) fn invalid(message: impl Into<String>, field: ErrorField) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message).on_field(field)
}

pub(crate) fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub(crate) fn new_uuid() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Checks a request and turns it into the consent it asks for, created `now`.
pub(crate) fn consent_for(req: ShareRequest, now: DateTime<Utc>) -> Result<ShareConsent, AppError> {
    let last_day =
        crate::checks::share_request(&req, crate::readings::local::local_today(now)).map_err(|problems| {
            problems.into_iter().next().unwrap_or_else(|| invalid("Check the share.", ErrorField::Slice))
        })?;
    let ShareRequest { recipient, purpose, slice, .. } = req;
    let recipient = crate::checks::normalised_recipient(recipient.into());
    let purpose = purpose.trim().to_owned();
    let not_after = last_day.and_hms_opt(23, 59, 59).unwrap_or_default().and_utc();
    // Whole seconds: the consent is shown and stored as RFC 3339 to the second.
    let created = now.with_nanosecond(0).unwrap_or(now);
    // Who makes it is the vault's to say: `prepare` sets it.
    Ok(ShareConsent {
        share_id: new_uuid(),
        recipient,
        purpose,
        slice: slice.into(),
        created,
        not_after,
        made_by: None,
    })
}
