//! Which entries and readings a slice holds, and what it leaves out: the one rule the vault
//! (gathering), the preview and the tests all use.

use chrono::NaiveDate;

use super::model::{LeftOut, ShareSlice};
use crate::readings::ReadingKind;
use crate::record::{EntryKind, Sensitivity};

impl ShareSlice {
    /// Whether the record entry `entry_id` of `kind`, filed under `date`, labelled `s`, is in
    /// this slice: its category is chosen (the Patient is the document's subject, never an
    /// entry of it), its date is in range or it has none, its label is general or was ticked
    /// (`HeldBack` included: only the citizen's tick shares it), and it was not unticked.
    pub fn admits_entry(&self, entry_id: i64, kind: EntryKind, date: Option<NaiveDate>, s: Sensitivity) -> bool {
        kind != EntryKind::Patient
            && self.categories.contains(&kind)
            && date.is_none_or(|d| in_range(d, self.from, self.to))
            && (s == Sensitivity::General || self.include_sensitive.contains(&s))
            && !self.exclude_entries.contains(&entry_id)
    }

    /// Whether a reading of `kind` taken on `day` (the citizen's calendar) is in this slice.
    pub fn admits_reading(&self, kind: ReadingKind, day: NaiveDate) -> bool {
        self.readings.contains(&kind) && in_range(day, self.readings_from, self.readings_to)
    }

    /// What the slice leaves out, from the slice alone: every category (but the Patient, who
    /// is always the subject), every sensitive label and every reading kind not chosen. Says
    /// nothing about what the record holds, so it can travel in the package.
    pub fn left_out(&self) -> LeftOut {
        LeftOut {
            categories: EntryKind::ALL
                .into_iter()
                .filter(|k| *k != EntryKind::Patient && !self.categories.contains(k))
                .collect(),
            labels: Sensitivity::ALL
                .into_iter()
                .filter(|s| *s != Sensitivity::General && !self.include_sensitive.contains(s))
                .collect(),
            readings: ReadingKind::ALL.into_iter().filter(|k| !self.readings.contains(k)).collect(),
        }
    }

    /// A slice that chooses no category (the Patient alone is not one), no reading kind and not
    /// "What matters to me" shares nothing.
    pub fn is_empty(&self) -> bool {
        self.categories.iter().all(|k| *k == EntryKind::Patient) && self.readings.is_empty() && !self.what_matters
    }
}

fn in_range(day: NaiveDate, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
}
