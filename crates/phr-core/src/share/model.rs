//! The plain values of a share: recipient, slice, consent, and the slice's contents as the vault
//! gathers them. The serialised (camelCase) shapes are part of the package format (the signed
//! manifest holds the consent), so fields are only ever added, never renamed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::readings::ReadingKind;
use crate::record::{EntryKind, Sensitivity};

/// Who a share is for, as the citizen names them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareRecipient {
    pub name: String,
    /// "Physiotherapist", "Consultant cardiologist".
    pub role: Option<String>,
    pub organisation: Option<String>,
    /// The organisation's ODS code, when the citizen knows it.
    pub ods_code: Option<String>,
    /// The professional's age X25519 public key (`age1...`): when given, the package is sealed
    /// to it instead of to an access code.
    pub public_key: Option<String>,
}
crate::redacted_debug!(ShareRecipient);

/// What a share holds. Dates are inclusive, in the citizen's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareSlice {
    /// The record categories included. The Patient (who the record is about) is always in a
    /// share as its subject; listing `patient` here changes nothing.
    pub categories: Vec<EntryKind>,
    /// Entries dated before this are left out. Undated entries (an allergy with no onset) are
    /// kept when their category is included.
    pub from: Option<NaiveDate>,
    /// Entries dated after this are left out.
    pub to: Option<NaiveDate>,
    /// The reading kinds included.
    pub readings: Vec<ReadingKind>,
    pub readings_from: Option<NaiveDate>,
    pub readings_to: Option<NaiveDate>,
    /// Sensitive labels the citizen ticked one by one. Entries with any other label than
    /// `general` are left out unless their label is here.
    pub include_sensitive: Vec<Sensitivity>,
    /// Entries the citizen unticked in the preview (record entry ids).
    pub exclude_entries: Vec<i64>,
    /// "What matters to me" (the things that matter most, contacts, GP practice,
    /// communication needs) and the decisions (organ donation, advance decision, ReSPECT form,
    /// lasting power of attorney), shared with this one tick and never through a category
    /// (`share::what_matters`). Absent in consents made before it existed, which shared none
    /// of them; left out when false so those consents read and write as they were.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub what_matters: bool,
    /// An International Patient Summary of exactly these contents (`ips::build_ips`) goes in
    /// the package beside the record, for the professional's computer system. It adds nothing
    /// the slice does not already hold. Absent in consents made before it existed (they had no
    /// summary); left out when false so those consents read and write as they were.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ips: bool,
}

/// A share as consented: the FHIR Consent in the record and the signed manifest both say this.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareConsent {
    /// A UUID, hyphenated.
    pub share_id: String,
    pub recipient: ShareRecipient,
    /// Why, in the citizen's words ("Physiotherapy for my knee").
    pub purpose: String,
    pub slice: ShareSlice,
    pub created: DateTime<Utc>,
    /// The package does not open after this.
    pub not_after: DateTime<Utc>,
    /// Who made the share. Absent in shares made before the app recorded it: those were made
    /// by the person themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_by: Option<ShareMaker>,
}
crate::redacted_debug!(ShareConsent { share_id, created, not_after });

/// Who made a share: the person it is about, or their carer acting for them.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareMaker {
    /// The person's full name, or the carer's first name (empty when the app does not know it).
    pub name: String,
    pub role: MakerRole,
}
crate::redacted_debug!(ShareMaker { role });

/// In what capacity a share's maker made it. Serialised as "self" and "carer" (a format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MakerRole {
    /// The person the record is about.
    #[serde(rename = "self")]
    Person,
    /// Their carer, acting on their behalf.
    #[serde(rename = "carer")]
    Carer,
}

impl ShareMaker {
    /// Who made a share, from who acts on the record as it is made: `about` is the full name of
    /// the person the record is about.
    pub fn from_actor(actor: &crate::audit::Actor, about: &str) -> Self {
        use crate::audit::Actor;
        match actor {
            Actor::Carer { name } => Self { name: name.clone().unwrap_or_default(), role: MakerRole::Carer },
            Actor::You | Actor::Owner { .. } => Self { name: about.to_owned(), role: MakerRole::Person },
        }
    }
}

/// Who made a share, as a professional reads it after "Made by": "Sarah (carer) for Margaret
/// Evans", or "Margaret Evans". A share that does not say (made before the app recorded it) was
/// made by the person it is about.
pub fn made_by_words(made_by: Option<&ShareMaker>, about: &str) -> String {
    match made_by {
        Some(ShareMaker { name, role: MakerRole::Carer }) if !name.trim().is_empty() => {
            format!("{} (carer) for {about}", name.trim())
        }
        Some(ShareMaker { role: MakerRole::Carer, .. }) => format!("Their carer for {about}"),
        Some(ShareMaker { name, role: MakerRole::Person }) if !name.trim().is_empty() => name.trim().to_owned(),
        _ => about.to_owned(),
    }
}

/// [`made_by_words`] as a sentence: "Made by Sarah (carer) for Margaret Evans".
pub fn made_by_line(made_by: Option<&ShareMaker>, about: &str) -> String {
    let words = made_by_words(made_by, about);
    match words.strip_prefix("Their carer") {
        Some(rest) => format!("Made by their carer{rest}"),
        None => format!("Made by {words}"),
    }
}

/// What a share leaves out, said in a way that reveals nothing about the record: every
/// category not chosen and every sensitive label not ticked, whether or not the record has
/// any such entries. Derived from the slice alone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    pub categories: Vec<EntryKind>,
    pub labels: Vec<Sensitivity>,
    pub readings: Vec<ReadingKind>,
}

/// Who the shared record is about.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedPatient {
    pub name: String,
    pub birth_date: NaiveDate,
    pub nhs_number: Option<String>,
    /// The Patient resource as imported (R4 text), when the record has one; otherwise the
    /// document builds one from the details above.
    pub resource: Option<String>,
    /// Every string the shared resources may use to refer to the Patient ("Patient/123", the
    /// fullUrl it arrived with), as [`SharedEntry::aliases`]. "Patient/<id>" and
    /// "urn:uuid:<id>" of `resource` are recognised even when not listed.
    pub aliases: Vec<String>,
}
crate::redacted_debug!(SharedPatient);

/// One record entry in a slice, with its resource.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedEntry {
    pub entry_id: i64,
    pub kind: EntryKind,
    pub sensitivity: Sensitivity,
    /// ISO date (or date-time) the entry is filed under, if any.
    pub date: Option<String>,
    pub resource_type: String,
    /// The resource's R4 text (an STU3 resource's R4 mapping).
    pub resource: String,
    /// Every string another resource may use to refer to this one ("Condition/123", the
    /// fullUrl it arrived with), so references between shared resources can be rewritten.
    pub aliases: Vec<String>,
}
crate::redacted_debug!(SharedEntry { entry_id, kind, sensitivity });

/// A resource a shared entry refers to and needs to be read (a Medication a MedicationRequest
/// names), shared alongside it; never a clinical entry in its own right.
#[derive(Clone, PartialEq, Eq)]
pub struct SupportingResource {
    pub resource_type: String,
    pub resource: String,
    pub aliases: Vec<String>,
}
crate::redacted_debug!(SupportingResource);

/// One reading in a slice, as its FHIR Observation.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedReading {
    pub kind: ReadingKind,
    /// RFC 3339 with the offset it was taken at.
    pub at: String,
    /// The Observation's R4 text.
    pub resource: String,
}
crate::redacted_debug!(SharedReading { kind, at });

/// Everything a slice holds, as the vault gathered it: the input to the document builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliceContents {
    pub patient: SharedPatient,
    pub entries: Vec<SharedEntry>,
    pub supporting: Vec<SupportingResource>,
    pub readings: Vec<SharedReading>,
}
