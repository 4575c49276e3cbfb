//! Transport types for red-flag advice and for how a result compares with its normal range.
//! The rows, their words and their sources live in `phr_core::readings::red_flags`; the
//! urgency words are also in the vocabulary ([`crate::Vocabulary::urgencies`]).
//!
//! Where advice appears: every [`crate::Reading`] (lists, the newest of each kind, the result
//! of adding, editing or restoring one, a device file's sample), the error that asks to confirm
//! a reading before it is saved ([`crate::AppError::advice`]), chart points
//! ([`crate::ChartSeries::urgency`]), the blood pressure week ([`crate::BpWeek::flagged`]),
//! record results that are a kind of reading ([`crate::EntrySummary::advice`],
//! [`crate::EntryValue::advice`]) and the rows of a shared record
//! ([`crate::SharedRow::advice`], [`crate::SharedReadingRow::advice`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ErrorField;
use crate::mirror::mirror_enum;

mirror_enum! {
    /// How soon to act on a reading, least urgent first.
    #[serde(rename_all = "camelCase")]
    pub enum Urgency mirrors phr_core::readings::red_flags::Urgency {
        /// Outside the usual range, but nothing to do now. Not a red flag.
        #[serde(rename = "none")]
        NoAction,
        /// Not an emergency: follow the advice.
        Soon,
        /// Act today.
        Urgent,
        /// Call 999 now.
        Emergency,
    }
}

mirror_enum! {
    /// How a result compares with its normal range.
    #[serde(rename_all = "camelCase")]
    pub enum RangeCheck mirrors phr_core::record::RangeCheck {
        Inside,
        Outside,
        /// No interpretation, no range of its own, and no NHS or NICE level the app holds.
        CannotCheck,
    }
}

mirror_enum! {
    /// What a result's range check rests on.
    #[serde(rename_all = "camelCase")]
    pub enum RangeBasis mirrors phr_core::record::RangeBasis {
        /// The lab's or practice's own interpretation.
        Interpretation,
        /// The result's own reference range.
        ReferenceRange,
        /// No range of its own: the NHS and NICE levels.
        Guidance,
    }
}

/// Where advice comes from: an NHS website page or a NICE guideline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AdviceSource {
    pub title: String,
    pub url: String,
}

/// What to do instead if the person also has certain symptoms ("If you also have chest pain
/// ...: call 999 now").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AdviceIf {
    /// "chest pain, shortness of breath, ...": shown after "If you also have".
    pub symptoms: String,
    pub urgency: Urgency,
    pub headline: String,
    pub text: String,
}

/// The red-flag advice for one reading or result. Show `headline` and `text` prominently with
/// the urgency's words from the vocabulary (never colour alone), then each of `ifSymptoms`,
/// then the source as a link and when it was reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Advice {
    /// The table row's stable id ("bp-very-high").
    pub rule: String,
    pub urgency: Urgency,
    /// Anything but `none`: the reading asks for action.
    pub is_red_flag: bool,
    /// "Very high blood pressure".
    pub headline: String,
    /// What to do, in plain words.
    pub text: String,
    /// The row's condition: "systolic 180 mmHg or more, or diastolic 120 mmHg or more".
    pub condition: String,
    /// The field whose number met it (value, value2 or pulse), for the form to point at.
    pub field: Option<ErrorField>,
    /// More urgent advice if the person also has these symptoms.
    pub if_symptoms: Vec<AdviceIf>,
    pub source: AdviceSource,
    /// `YYYY-MM-DD`: when the row was last checked against its source.
    pub reviewed: String,
    /// When the reading or result is not from today: that the advice is for a reading like it
    /// taken now ("This result is from 3 Jun 2019. ...").
    pub stale: Option<String>,
}
