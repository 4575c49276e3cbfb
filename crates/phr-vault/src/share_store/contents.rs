//! What a slice holds, gathered from the record and the readings: the input to the document
//! builder, and the counts of entries a sensitive label keeps out (for the citizen's preview).

use phr_core::record::Sensitivity;
use phr_core::share::{ShareSlice, SliceContents};

use crate::error::{Result, VaultError};
use crate::model::PersonId;
use crate::vault::Vault;

impl Vault {
    /// Everything `slice` admits from a person's record and readings.
    pub fn share_contents(&self, id: &PersonId, slice: &ShareSlice) -> Result<SliceContents> {
        let _ = (id, slice);
        Err(VaultError::internal("share_contents is not written yet"))
    }

    /// Entries in the chosen categories and dates that a label keeps out, by label.
    pub fn share_withheld_counts(&self, id: &PersonId, slice: &ShareSlice) -> Result<Vec<(Sensitivity, u32)>> {
        let _ = (id, slice);
        Err(VaultError::internal("share_withheld_counts is not written yet"))
    }
}
