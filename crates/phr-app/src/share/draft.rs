//! The share the citizen last previewed, kept in memory under an id until they create it: the
//! package is sealed from exactly that document, never one gathered again. With it, a mark of
//! the record's state when the preview was made ([`phr_vault::Vault::change_mark`]); if the
//! record has changed since (an import, a label, a reading), the draft is stale and the person
//! is shown the preview again.
//!
//! One draft at a time, for one person: a new preview replaces it, and locking (by hand or
//! when idle) forgets it, as it holds health data.

use std::fmt;
use std::sync::MutexGuard;

use phr_core::ErrorCode;
use phr_vault::PersonId;

use super::prepare::Prepared;
use super::request::new_uuid;
use crate::App;
use crate::ErrorField;
use crate::dto::AppError;

/// A previewed share waiting to be created.
#[derive(Clone)]
pub(crate) struct Draft {
    pub(crate) id: String,
    pub(crate) person: PersonId,
    /// The record's change mark when the preview was gathered.
    pub(crate) mark: (u64, [u8; 32]),
    pub(crate) prepared: Prepared,
}

/// Names the draft and whose it is; never its contents.
impl fmt::Debug for Draft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Draft").field("id", &self.id).field("person", &self.person).finish_non_exhaustive()
    }
}

impl Draft {
    pub(crate) fn new(person: PersonId, mark: (u64, [u8; 32]), prepared: Prepared) -> Self {
        Self { id: new_uuid(), person, mark, prepared }
    }
}

/// The refusal when a draft is missing, someone else's or out of date.
pub(crate) fn stale() -> AppError {
    AppError::new(
        ErrorCode::SharePreviewStale,
        "The record changed after this preview was made, so nothing was shared. Check the new preview, then create the package again.",
    )
    .on_field(ErrorField::Slice)
}

impl App {
    /// Keeps `draft` as the one waiting to be created, replacing any other.
    pub(crate) fn keep_share_draft(&self, draft: Draft) {
        *self.share_draft() = Some(draft);
    }

    /// A copy of the draft `draft_id` of `person`. SHARE_PREVIEW_STALE when there is none by
    /// that id (forgotten at a lock, replaced by a newer preview, or already sealed). The draft
    /// stays kept until [`App::forget_share_draft`]: a package that could not be written (a
    /// folder that cannot be written to) can be made again from the same preview.
    pub(crate) fn share_draft_for(&self, person: &PersonId, draft_id: &str) -> Result<Draft, AppError> {
        match self.share_draft().as_ref() {
            Some(d) if d.id == draft_id.trim() && d.person == *person => Ok(d.clone()),
            _ => Err(stale()),
        }
    }

    /// Forgets the draft, if any (locking, by hand or when idle).
    pub(crate) fn forget_share_draft(&self) {
        self.share_draft().take();
    }

    fn share_draft(&self) -> MutexGuard<'_, Option<Draft>> {
        // Every change is one assignment, so a poisoned lock still holds a whole value.
        self.share_draft.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
