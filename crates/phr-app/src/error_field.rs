//! [`ErrorField`]: which input an [`crate::AppError`] belongs next to, as a closed set.
//!
//! The UI places an error by this enum (generated to TypeScript with the other bindings), so a
//! field the interface does not know how to place is a compile error there, not a silent miss.
//! The wire names are the strings the UI always received (`"recoveryKey"`, `"nhsNumber"`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An input field a person fills in, named as the UI's forms name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorField {
    // The vault: unlocking, recovering, changing the passphrase, settings.
    Passphrase,
    /// The current passphrase, when changing it.
    Current,
    NewPassphrase,
    RecoveryKey,
    AutoLockMinutes,
    /// The text size chosen in Settings.
    TextSize,
    /// The name typed to confirm deleting a person.
    ConfirmName,

    // A person's details.
    Name,
    DateOfBirth,
    NhsNumber,
    /// Whether the record is the holder's own or someone they care for, and why they may look after it.
    Role,
    Relationship,
    Basis,
    BasisDate,
    BasisRef,
    ReviewOn,

    // Files and folders picked for a backup, an import, an export or a share.
    Path,
    Paths,
    Dir,
    /// The GP practice's address.
    Url,
    /// How the columns of a device file map to a reading.
    Mapping,
    /// The id of a record item that was not found.
    Id,

    // Date ranges (the timeline, readings, charts).
    From,
    To,

    // A reading and a target range.
    Kind,
    At,
    Value,
    Value2,
    Pulse,
    Unit,
    Text,
    Context,
    Arm,
    Position,
    Low,
    High,
    Low2,
    High2,

    // A share request, and opening a package.
    RecipientName,
    RecipientOdsCode,
    RecipientKey,
    Purpose,
    /// What to share: no category or reading kind chosen.
    Slice,
    SliceTo,
    ReadingsTo,
    ExpiresOn,
    AccessCode,
    IdentityPath,

    // Handing a record over.
    /// The one-time handover code typed on the receiving side.
    HandoverCode,
    /// The receipt code typed back into the carer's app.
    Receipt,
    /// The handover package chosen (or where to save it).
    HandoverFile,

    // A cared-for person's own access.
    /// Their own password (to open their own access, or a new one).
    OwnPassword,
    /// Their recovery key, when they have forgotten their own password.
    OwnRecoveryKey,

    // The person's own entries (the name is `Name`, a note's or comment's text `Text`).
    /// When it started, since when, when it was given or done.
    Date,
    /// Still there (still taken) or in the past.
    Status,
    Dose,
    HowOften,
    /// Why a medicine is taken or a procedure was done.
    Reason,
    /// Bought without a prescription, a supplement, or prescribed somewhere else.
    MedicineType,
    Reaction,
    /// The country a vaccination was given in, when abroad.
    Country,

    // A reminder (what it is for is `Kind`, a medicine's name `Name`).
    /// Which kind of reading a daily reading reminder is for.
    ReadingKind,
    /// A reminder's times of day.
    Times,
    /// Weeks without a backup before its reminder.
    Weeks,
    /// Days before a review that its reminder fires.
    DaysBefore,

    // "What matters to me" (a contact's name is `Name`; which item, the problem's index).
    /// One of the things that matter most, or the list of them.
    WhatMatters,
    /// The list of contacts (too many).
    Contacts,
    /// A contact's phone number.
    Phone,
    /// A contact's note.
    Note,
    PracticeName,
    /// The practice's ODS code.
    OdsCode,
    PracticePhone,
    PracticeAddress,
    /// A communication need's detail: the language for an interpreter, or what is needed.
    Detail,

    // Documents and decisions the person keeps in their record.
    /// The file chosen to attach (a PDF, JPEG or PNG).
    File,
    /// An organ donation decision.
    Decision,
    /// Whether the organ donation decision is on the NHS Organ Donor Register.
    Registered,
    /// The own entry a document is about.
    About,
}

impl ErrorField {
    /// The field named `name` on the wire, for the lower layers' checks, which name their
    /// fields as text (they do not depend on this crate). `None` for a name that is not a
    /// field: `tests/error_fields.rs` keeps every name the lower layers use known here.
    pub fn from_name(name: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
    }

    /// The name on the wire (`"recoveryKey"`).
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_as_the_ui_always_received_them() {
        for (field, name) in [
            (ErrorField::RecoveryKey, "recoveryKey"),
            (ErrorField::NhsNumber, "nhsNumber"),
            (ErrorField::Low2, "low2"),
            (ErrorField::RecipientOdsCode, "recipientOdsCode"),
            (ErrorField::Url, "url"),
        ] {
            assert_eq!(field.name(), name);
            assert_eq!(ErrorField::from_name(name), Some(field));
        }
        assert_eq!(ErrorField::from_name("recipient.publicKey"), None);
        assert_eq!(ErrorField::from_name(""), None);
    }
}
