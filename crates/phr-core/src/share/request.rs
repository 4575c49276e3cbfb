//! The rules a share request keeps before anything is gathered: who it is for, why, what, and
//! until when. The share command and the form's checks as the citizen types both call
//! [`check_request`], so a form can never allow what the command refuses.

use chrono::{Days, Months, NaiveDate};

use super::model::{ShareRecipient, ShareSlice};
use crate::ErrorCode;

/// The longest reason for sharing, in characters: a sentence or two, not a letter.
pub const MAX_PURPOSE_CHARS: usize = 500;

/// How far ahead a share may run: two years covers a course of treatment or a care-home stay;
/// longer than that, the citizen should decide again.
pub const MAX_SHARE_MONTHS: u32 = 24;

/// An ODS code (an NHS organisation's code, "RX1", "A81001") is 3 to 10 letters and numbers.
pub const ODS_CODE_CHARS: std::ops::RangeInclusive<usize> = 3..=10;

/// The readings a new share starts with: the last six months.
pub const DEFAULT_READINGS_MONTHS: u32 = 6;

/// The ready-made answers to "until when?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryPreset {
    OneWeek,
    OneMonth,
    ThreeMonths,
    SixMonths,
    OneYear,
}

impl ExpiryPreset {
    /// In the order the form offers them.
    pub const ALL: [ExpiryPreset; 5] = [
        ExpiryPreset::OneWeek,
        ExpiryPreset::OneMonth,
        ExpiryPreset::ThreeMonths,
        ExpiryPreset::SixMonths,
        ExpiryPreset::OneYear,
    ];

    /// The form's value for it ("1m"): stable, the UI keeps it in its form state.
    pub fn id(self) -> &'static str {
        match self {
            ExpiryPreset::OneWeek => "1w",
            ExpiryPreset::OneMonth => "1m",
            ExpiryPreset::ThreeMonths => "3m",
            ExpiryPreset::SixMonths => "6m",
            ExpiryPreset::OneYear => "1y",
        }
    }

    /// What people read ("1 month").
    pub fn label(self) -> &'static str {
        match self {
            ExpiryPreset::OneWeek => "1 week",
            ExpiryPreset::OneMonth => "1 month",
            ExpiryPreset::ThreeMonths => "3 months",
            ExpiryPreset::SixMonths => "6 months",
            ExpiryPreset::OneYear => "1 year",
        }
    }

    /// The last day a package made `today` opens: "1 month" from 23 Nov is 23 Dec, and from
    /// 31 Jan the last day of February.
    pub fn last_day(self, today: NaiveDate) -> NaiveDate {
        let later = match self {
            ExpiryPreset::OneWeek => today.checked_add_days(Days::new(7)),
            ExpiryPreset::OneMonth => today.checked_add_months(Months::new(1)),
            ExpiryPreset::ThreeMonths => today.checked_add_months(Months::new(3)),
            ExpiryPreset::SixMonths => today.checked_add_months(Months::new(6)),
            ExpiryPreset::OneYear => today.checked_add_months(Months::new(12)),
        };
        later.unwrap_or(today)
    }
}

/// The latest last day a share made `today` may have.
pub fn latest_last_day(today: NaiveDate) -> NaiveDate {
    today.checked_add_months(Months::new(MAX_SHARE_MONTHS)).unwrap_or(today)
}

/// The first day of the readings a new share offers ([`DEFAULT_READINGS_MONTHS`] back).
pub fn default_readings_from(today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(DEFAULT_READINGS_MONTHS)).unwrap_or(today)
}

/// Why a request cannot be made: the field it concerns, a code and a sentence.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestProblem {
    /// `recipientName`, `recipientOdsCode`, `purpose`, `slice`, `sliceTo`, `readingsTo`,
    /// `expiresOn`.
    pub field: &'static str,
    pub code: ErrorCode,
    pub message: String,
}
crate::redacted_debug!(RequestProblem { field, code });

impl RequestProblem {
    fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, code: ErrorCode::InvalidInput, message: message.into() }
    }
}

/// Checks a request made `today` and returns the last day it opens, or every problem in the
/// order the form asks (who, why, what, until when). The recipient's public key is checked
/// by the caller, which knows age keys.
pub fn check_request(
    recipient: &ShareRecipient,
    purpose: &str,
    slice: &ShareSlice,
    expires_on: &str,
    today: NaiveDate,
) -> Result<NaiveDate, Vec<RequestProblem>> {
    let mut problems = Vec::new();
    if recipient.name.trim().is_empty() {
        problems.push(RequestProblem::invalid("recipientName", "Enter the name of the person you are sharing with."));
    }
    if let Some(ods) = recipient.ods_code.as_deref().map(str::trim).filter(|c| !c.is_empty())
        && !ods_code_is_valid(ods)
    {
        problems.push(RequestProblem::invalid(
            "recipientOdsCode",
            "An ODS code is 3 to 10 letters and numbers, like RX1 or A81001. Leave it empty if you do not know it.",
        ));
    }
    let purpose = purpose.trim();
    if purpose.is_empty() {
        problems.push(RequestProblem::invalid(
            "purpose",
            "Say why you are sharing, for example 'Physiotherapy for my knee'.",
        ));
    } else if purpose.chars().count() > MAX_PURPOSE_CHARS {
        problems.push(RequestProblem::invalid(
            "purpose",
            format!("Keep the reason to {MAX_PURPOSE_CHARS} characters or fewer."),
        ));
    }
    if slice.is_empty() {
        problems.push(RequestProblem {
            field: "slice",
            code: ErrorCode::ShareNothingSelected,
            message: "Choose at least one kind of information or reading to share.".into(),
        });
    }
    if let (Some(from), Some(to)) = (slice.from, slice.to)
        && from > to
    {
        problems.push(RequestProblem::invalid("sliceTo", "The end date must be on or after the start date."));
    }
    if !slice.readings.is_empty()
        && let (Some(from), Some(to)) = (slice.readings_from, slice.readings_to)
        && from > to
    {
        problems.push(RequestProblem::invalid("readingsTo", "The last day must be on or after the first day."));
    }
    let last_day = check_last_day(expires_on, today).map_err(|p| problems.push(p)).ok();
    match last_day {
        Some(day) if problems.is_empty() => Ok(day),
        _ => Err(problems),
    }
}

/// An ODS code's shape: 3 to 10 ASCII letters and numbers.
pub fn ods_code_is_valid(code: &str) -> bool {
    ODS_CODE_CHARS.contains(&code.chars().count()) && code.chars().all(|c| c.is_ascii_alphanumeric())
}

fn check_last_day(expires_on: &str, today: NaiveDate) -> Result<NaiveDate, RequestProblem> {
    let last_day = NaiveDate::parse_from_str(expires_on.trim(), "%Y-%m-%d")
        .map_err(|_| RequestProblem::invalid("expiresOn", "Enter a real date, for example 23 12 2026."))?;
    if last_day <= today {
        return Err(RequestProblem::invalid("expiresOn", "The date must be after today."));
    }
    if last_day > latest_last_day(today) {
        return Err(RequestProblem::invalid("expiresOn", "Choose a date no more than 2 years from today."));
    }
    Ok(last_day)
}
