//! Which entries and readings a slice holds, and what it leaves out: the one rule the vault
//! (gathering), the preview and the tests all use.

use chrono::NaiveDate;

use super::model::{LeftOut, ShareSlice};
use crate::readings::ReadingKind;
use crate::record::{EntryKind, Sensitivity};

impl ShareSlice {
    /// Whether the record entry `entry_id` of `kind`, filed under `date`, labelled `s`, is in
    /// this slice.
    pub fn admits_entry(&self, entry_id: i64, kind: EntryKind, date: Option<NaiveDate>, s: Sensitivity) -> bool {
        let _ = (entry_id, kind, date, s);
        false
    }

    /// Whether a reading of `kind` taken on `day` is in this slice.
    pub fn admits_reading(&self, kind: ReadingKind, day: NaiveDate) -> bool {
        let _ = (kind, day);
        false
    }

    /// What the slice leaves out, from the slice alone.
    pub fn left_out(&self) -> LeftOut {
        LeftOut::default()
    }

    /// A slice that chooses no category and no reading kind shares nothing.
    pub fn is_empty(&self) -> bool {
        true
    }
}
