//! Transport types for the record's medicines, each medicine once with its plans and issues
//! beneath and whether it is current (`phr_core::record::medicines`). Every sentence and label
//! in them is the backend's: the interface shows them as they are.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto_ids::EntryId;
use crate::dto_record::{Fact, Sensitivity};
use crate::mirror::mirror_enum;

mirror_enum! {
    /// How a medicine is prescribed.
    #[serde(rename_all = "camelCase")]
    pub enum MedicineCourse mirrors phr_core::record::medicines::Course {
        Acute,
        Repeat,
        RepeatDispensing,
        NotStated,
    }
}

mirror_enum! {
    /// What one record entry is to its medicine: a prescribing plan, an issue, a statement...
    #[serde(rename_all = "camelCase")]
    pub enum MedicineRole mirrors phr_core::record::medicines::Role {
        Authorisation,
        Issue,
        Statement,
        Dispense,
        Administration,
    }
}

/// One record entry beneath a medicine.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MedicineIssue {
    pub entry_id: EntryId,
    pub role: MedicineRole,
    /// "Prescription issued", "Prescribing plan", "Medicine summary"...
    pub role_text: String,
    pub title: String,
    /// The date it is listed by, as the record gives it (`2019-06-01`, or a dateTime).
    pub date: Option<String>,
    /// "1 Jun 2019".
    pub date_text: Option<String>,
    /// "Completed", "Active"...
    pub status_text: Option<String>,
    pub dose: Option<String>,
}
phr_core::redacted_debug!(MedicineIssue { entry_id, role });

/// A medicine, once, with everything the record holds about it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Medicine {
    /// What grouped its entries: `sct:<code>`, `rxnorm:<code>`, `name:<name>` or `entry:<id>`.
    pub key: String,
    pub name: String,
    pub course: MedicineCourse,
    /// "Repeat", "Acute (a one-off course)"...
    pub course_text: String,
    pub dose: Option<String>,
    /// `YYYY-MM-DD`.
    pub first_issued: Option<String>,
    /// `YYYY-MM-DD`.
    pub last_issued: Option<String>,
    /// `YYYY-MM-DD`: the newest date anything about it carries.
    pub last_recorded: Option<String>,
    /// The FHIR status of its newest plan or statement.
    pub status: Option<String>,
    pub current: bool,
    /// "Current" or "Not current".
    pub current_text: String,
    /// Why it is or is not current, in a sentence.
    pub reason: String,
    /// Set when it counts as current but nothing about it is newer than a year.
    pub caution: Option<String>,
    pub sensitivity: Sensitivity,
    /// Labelled details in the order to show them: acute or repeat, dose, first issued, last
    /// issued (with how long ago), status.
    pub details: Vec<Fact>,
    /// The heading over its entries: "Prescriptions and records (7)".
    pub issues_heading: String,
    /// Its entries, newest first.
    pub issues: Vec<MedicineIssue>,
    /// A medicine the person (or their carer) added themselves: "Added by you", so it is never
    /// taken for one the GP prescribed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub added_by: Option<String>,
}
phr_core::redacted_debug!(Medicine { sensitivity });

/// What the record summary says about medicines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MedicinesSummary {
    /// "No current medicines. Most recent: Citalopram 20mg tablets, last issued 1 Jun 2019 (7
    /// years ago)." when medicines were recorded but none is current; what to say when none
    /// were imported at all; absent when some are current.
    pub statement: Option<String>,
    /// The current medicines, or, when none is current, the most recent ones the statement names.
    pub shown: Vec<Medicine>,
    pub current_count: u32,
    /// How many medicines the record holds, each counted once.
    pub total: u32,
    /// The heading over the medicines not shown ("Other medicines in the record (8)"), if any.
    pub others_heading: Option<String>,
    /// What "current" means here, in a sentence.
    pub rule: String,
    /// How many days after its issue a one-off (acute) medicine counts as current.
    pub acute_current_days: u32,
}

/// The record's medicines, each once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Medicines {
    pub summary: MedicinesSummary,
    /// Every medicine: current first, then the most recently issued.
    pub medicines: Vec<Medicine>,
}
