//! Whether a result is outside its normal range, said honestly: by its own interpretation or
//! reference range when it has one, else by the red-flag table's NHS and NICE levels for a kind
//! of reading; anything else "cannot be checked", and is counted rather than passed as normal.

use serde::{Deserialize, Serialize};

use super::EntryKind;
use crate::readings::ReadingKind;

/// How a result compares with its normal range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RangeCheck {
    Inside,
    Outside,
    /// No interpretation, no range of its own, and no level the app holds for it.
    CannotCheck,
}

impl RangeCheck {
    /// The number the record stores (a format: never renumbered).
    pub fn stored(self) -> i64 {
        match self {
            RangeCheck::Inside => 0,
            RangeCheck::Outside => 1,
            RangeCheck::CannotCheck => 2,
        }
    }

    /// The inverse of [`RangeCheck::stored`].
    pub fn from_stored(n: i64) -> Option<RangeCheck> {
        match n {
            0 => Some(RangeCheck::Inside),
            1 => Some(RangeCheck::Outside),
            2 => Some(RangeCheck::CannotCheck),
            _ => None,
        }
    }
}

/// What the judgement rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RangeBasis {
    /// The lab's or practice's own interpretation (High, Low, Abnormal, Normal).
    Interpretation,
    /// The result's own reference range.
    ReferenceRange,
    /// No range of its own: the NHS and NICE levels in the red-flag table.
    Guidance,
}

impl RangeBasis {
    /// What the judgement rests on, in a sentence for the entry's page.
    pub fn sentence(self) -> &'static str {
        match self {
            RangeBasis::Interpretation => "The lab or practice marked this result.",
            RangeBasis::ReferenceRange => "Compared with the normal range that came with the result.",
            RangeBasis::Guidance => {
                "This result came without a normal range, so it is compared with the levels the NHS and NICE use."
            }
        }
    }
}

/// The numbers of a result that is a kind of reading, in the kind's canonical unit, so the
/// red-flag table can judge it with what is known about the person.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedReading {
    pub kind: ReadingKind,
    /// The value (blood pressure: systolic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Blood pressure: diastolic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value2: Option<f64>,
    /// Blood pressure: the pulse taken with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pulse: Option<f64>,
    /// Glucose: "fasting" when the code says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}
crate::redacted_debug!(ObservedReading { kind });

/// "12 results have no range and cannot be checked", for the "outside the normal range"
/// filter; `None` when every result could be checked.
pub fn unchecked_sentence(n: u32) -> Option<String> {
    match n {
        0 => None,
        1 => Some("1 result has no range and cannot be checked.".to_string()),
        n => Some(format!("{n} results have no range and cannot be checked.")),
    }
}

/// Whether "outside the normal range" means something for entries of this kind: results, not
/// problems, medicines or letters. The filter is offered only for these.
pub fn offers_range_filter(kind: EntryKind) -> bool {
    kind == EntryKind::Result
}

/// The filter's own words, beside its box.
pub const FILTER_LABEL: &str = "Only results outside the normal range";
/// What the filter does, under its label.
pub const FILTER_HINT: &str = "Uses each result's own normal range. Results without one are compared with the \
                               NHS and NICE levels for blood pressure, pulse, oxygen, temperature and blood sugar.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_numbers_round_trip_and_the_count_reads_well() {
        for c in [RangeCheck::Inside, RangeCheck::Outside, RangeCheck::CannotCheck] {
            assert_eq!(RangeCheck::from_stored(c.stored()), Some(c));
        }
        assert_eq!(unchecked_sentence(0), None);
        assert_eq!(unchecked_sentence(1).as_deref(), Some("1 result has no range and cannot be checked."));
        assert_eq!(unchecked_sentence(12).as_deref(), Some("12 results have no range and cannot be checked."));
    }
}
