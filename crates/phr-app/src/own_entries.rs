//! The person's own entries (add, list, edit, delete and put back) and their own notes and
//! hides on any entry, through [`App::record_person`] like every record command.
//!
//! A carer adds, changes and deletes entries for the person they care for under the same
//! permission as adding readings (`CarerPermission::Readings`, "Add readings"): both are the
//! carer writing into the record what the person would write themselves, so a person who has
//! not let their carer add readings has not let them add entries either, and no new box was
//! needed. Their entries are kept under the carer's source and shown as "Added by Sarah (carer)".

use chrono::NaiveDate;
use phr_core::ErrorCode;
use phr_core::audit::Actor;
use phr_core::carer_limits::CarerPermission;
use phr_core::person_role::RoleKind;
use phr_core::record::own_entry::{self as core, Author, OwnEntryInput, OwnKind, Written};
use phr_vault::own_entries as store;
use phr_vault::{PersonId, Vault};

use crate::App;
use crate::ErrorField;
use crate::convert::rfc3339;
use crate::dto::AppError;
use crate::dto_ids::EntryId;
use crate::dto_own_entries::*;
use crate::dto_record::EntrySummary;

fn entry_number(s: &str) -> Result<i64, AppError> {
    s.trim().parse::<i64>().map_err(|_| {
        AppError::new(ErrorCode::EntryNotFound, format!("There is no entry {s:?} in this record"))
            .on_field(ErrorField::Id)
    })
}

fn error_of(e: core::OwnEntryError) -> AppError {
    AppError::new(e.code, e.message).on_field_named(e.field)
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The form as the core's input, or the date's problem.
fn input_of(form: &OwnEntryForm) -> Result<OwnEntryInput, AppError> {
    let date = match trimmed(&form.date) {
        None => None,
        Some(d) => Some(NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
            AppError::new(ErrorCode::InvalidInput, format!("{d:?} is not a date: use YYYY-MM-DD"))
                .on_field(ErrorField::Date)
        })?),
    };
    Ok(OwnEntryInput {
        name: form.name.trim().to_owned(),
        date,
        status: form.status.map(Into::into).unwrap_or_default(),
        dose: trimmed(&form.dose),
        how_often: trimmed(&form.how_often),
        reason: trimmed(&form.reason),
        medicine_type: form.medicine_type.map(Into::into).unwrap_or_default(),
        reaction: trimmed(&form.reaction),
        country: trimmed(&form.country),
        text: trimmed(&form.text),
    })
}

fn form_of(kind: OwnKind, input: &OwnEntryInput) -> OwnEntryForm {
    let uses_status = matches!(kind, OwnKind::Condition | OwnKind::Medicine);
    OwnEntryForm {
        kind: Some(kind.into()),
        name: input.name.clone(),
        date: input.date.map(|d| d.format("%Y-%m-%d").to_string()),
        status: uses_status.then_some(input.status.into()),
        dose: input.dose.clone(),
        how_often: input.how_often.clone(),
        reason: input.reason.clone(),
        medicine_type: (kind == OwnKind::Medicine).then_some(input.medicine_type.into()),
        reaction: input.reaction.clone(),
        country: input.country.clone(),
        text: input.text.clone(),
    }
}

fn kind_of(form: &OwnEntryForm) -> Result<OwnKind, AppError> {
    form.kind.map(Into::into).ok_or_else(|| {
        AppError::new(ErrorCode::InvalidInput, "Choose what kind of entry this is").on_field(ErrorField::Kind)
    })
}

/// Every problem with the form, each on its field (empty when it can be saved).
fn problems(kind: OwnKind, form: &OwnEntryForm, today: NaiveDate) -> Vec<AppError> {
    match input_of(form) {
        Err(e) => {
            let mut out = vec![e];
            let undated = OwnEntryForm { date: None, ..form.clone() };
            if let Ok(input) = input_of(&undated) {
                out.extend(core::check(kind, &input, today).into_iter().map(error_of));
            }
            out
        }
        Ok(input) => core::check(kind, &input, today).into_iter().map(error_of).collect(),
    }
}

/// Who is writing, as the entry's tag and source say.
fn author(v: &Vault, id: &PersonId) -> Result<Author, AppError> {
    Ok(match v.actor_on(id)? {
        Actor::Carer { name } => Author::Carer { name },
        Actor::You | Actor::Owner { .. } => Author::Person,
    })
}

/// The first name of the person whose record it is, when the holder cares for them: what
/// they added themselves is shown to their carer as "Added by Margaret", not "by you".
fn cared_for_name(v: &Vault, id: &PersonId) -> Result<Option<String>, AppError> {
    let p = v.person(id)?;
    let cared_for = p.role.as_ref().is_some_and(|r| r.kind == RoleKind::CaredFor);
    Ok(cared_for.then(|| phr_core::person_name::first_name(&p.details.name).to_owned()))
}

fn own_dto(o: &store::OwnEntry, person_name: Option<&str>) -> OwnEntry {
    let value: serde_json::Value = serde_json::from_str(&o.resource).unwrap_or_default();
    let input = core::input_of(o.kind, &value);
    OwnEntry {
        entry_id: o.entry_id.into(),
        kind: o.kind.into(),
        kind_text: o.kind.label().to_owned(),
        form: form_of(o.kind, &input),
        added_by: core::added_by_words(o.by_carer, &o.source_name, person_name),
        version: o.version,
        added_at: rfc3339(o.added_at),
        updated_at: rfc3339(o.updated_at),
    }
}

/// "Added by …" on every entry of `list` that the person or their carer added.
pub(crate) fn mark_added_by(v: &Vault, id: &PersonId, list: &mut [EntrySummary]) -> Result<(), AppError> {
    let ids: Vec<i64> = list.iter().filter_map(|e| e.id.as_str().parse().ok()).collect();
    let authors = v.entry_authors(id, &ids)?;
    if authors.is_empty() {
        return Ok(());
    }
    let name = cared_for_name(v, id)?;
    for e in list.iter_mut() {
        if let Some((_, by_carer, source)) = authors.iter().find(|(entry, _, _)| e.id.as_str() == entry.to_string()) {
            e.added_by = Some(core::added_by_words(*by_carer, source, name.as_deref()));
        }
    }
    Ok(())
}

/// "Added by …" on every medicine of `list` that holds an entry the person or their carer added.
pub(crate) fn mark_medicines(
    v: &Vault,
    id: &PersonId,
    list: &mut [crate::dto_medicines::Medicine],
) -> Result<(), AppError> {
    let ids: Vec<i64> =
        list.iter().flat_map(|m| m.issues.iter().filter_map(|i| i.entry_id.as_str().parse().ok())).collect();
    let authors = v.entry_authors(id, &ids)?;
    if authors.is_empty() {
        return Ok(());
    }
    let name = cared_for_name(v, id)?;
    for m in list.iter_mut() {
        let own =
            m.issues.iter().find_map(|i| authors.iter().find(|(entry, _, _)| i.entry_id.as_str() == entry.to_string()));
        if let Some((_, by_carer, source)) = own {
            m.added_by = Some(core::added_by_words(*by_carer, source, name.as_deref()));
        }
    }
    Ok(())
}

fn saved_message(kind: OwnKind, entry: Option<&OwnEntry>, what: &str) -> String {
    match entry {
        Some(_) => format!("{} {what}.", kind.noun()),
        None => format!(
            "{} {what}. It is private: only the person it is about can see it, with their own password.",
            kind.noun()
        ),
    }
}

impl App {
    /// Every problem with an own entry's form, each on its field, with nothing stored.
    pub fn check_own_entry(&self, form: &OwnEntryForm) -> Result<Vec<AppError>, AppError> {
        let today = crate::readings::local::local_today(self.clock.now());
        let kind = match kind_of(form) {
            Ok(k) => k,
            Err(e) => return Ok(vec![e]),
        };
        Ok(problems(kind, form, today))
    }

    /// Adds one of the person's own entries. Refused with the first problem (on its field) when
    /// the form has one; CARER_NOT_ALLOWED when a carer may not add readings and entries.
    pub fn add_own_entry(&self, person_id: &str, form: &OwnEntryForm) -> Result<OwnEntrySaved, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let kind = kind_of(form)?;
        let now = self.clock.now();
        let today = crate::readings::local::local_today(now);
        if let Some(e) = problems(kind, form, today).into_iter().next() {
            return Err(e);
        }
        let input = input_of(form)?;
        let logical_id = uuid::Uuid::new_v4().hyphenated().to_string();
        self.with_vault(|v| {
            let who = author(v, &id)?;
            let patient = format!("Patient/{id}");
            let written = Written { id: &logical_id, version: 1, author: &who, patient: &patient, now };
            let resource = core::resource(kind, &input, &written).to_string();
            let stored = v.add_own_entry(&id, &who, kind, &resource)?;
            let name = cared_for_name(v, &id)?;
            let entry = match stored {
                Some(entry_id) => Some(own_dto(&v.own_entry(&id, entry_id)?, name.as_deref())),
                None => None,
            };
            Ok(OwnEntrySaved { message: saved_message(kind, entry.as_ref(), "added"), entry })
        })
    }

    /// The person's own entries, newest added first.
    pub fn own_entries(&self, person_id: &str) -> Result<Vec<OwnEntry>, AppError> {
        let id = self.record_person(person_id)?;
        self.with_vault(|v| {
            let name = cared_for_name(v, &id)?;
            Ok(v.own_entries(&id)?.iter().map(|o| own_dto(o, name.as_deref())).collect())
        })
    }

    /// One own entry, with its form's values for an edit.
    pub fn own_entry(&self, person_id: &str, entry_id: &str) -> Result<OwnEntry, AppError> {
        let id = self.record_person(person_id)?;
        let entry = entry_number(entry_id)?;
        self.with_vault(|v| {
            let name = cared_for_name(v, &id)?;
            Ok(own_dto(&v.own_entry(&id, entry)?, name.as_deref()))
        })
    }

    /// Changes an own entry; its earlier version is kept. Its kind cannot change (a form with
    /// another kind is refused on `kind`).
    pub fn edit_own_entry(
        &self,
        person_id: &str,
        entry_id: &str,
        form: &OwnEntryForm,
    ) -> Result<OwnEntrySaved, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let entry = entry_number(entry_id)?;
        let now = self.clock.now();
        let today = crate::readings::local::local_today(now);
        self.with_vault(|v| {
            let own = v.own_entry(&id, entry)?;
            let kind = own.kind;
            if form.kind.is_some_and(|k| OwnKind::from(k) != kind) {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "This entry is {}: its kind cannot change. Delete it and add a new one instead.",
                        kind.label().to_lowercase()
                    ),
                )
                .on_field(ErrorField::Kind));
            }
            if let Some(e) = problems(kind, form, today).into_iter().next() {
                return Err(e);
            }
            let input = input_of(form)?;
            let who = if own.by_carer {
                let name = own.source_name.strip_suffix(" (carer)").map(str::to_owned);
                Author::Carer { name }
            } else {
                Author::Person
            };
            let patient = format!("Patient/{id}");
            let written =
                Written { id: &own.logical_id, version: own.version + 1, author: &who, patient: &patient, now };
            let resource = core::resource(kind, &input, &written).to_string();
            let stored = v.edit_own_entry(&id, entry, &resource)?;
            let name = cared_for_name(v, &id)?;
            let saved = match stored {
                Some(entry_id) => Some(own_dto(&v.own_entry(&id, entry_id)?, name.as_deref())),
                None => None,
            };
            Ok(OwnEntrySaved { message: saved_message(kind, saved.as_ref(), "changed"), entry: saved })
        })
    }

    /// Deletes an own entry, giving the token that puts it back ([`App::restore_own_entry`]).
    pub fn delete_own_entry(&self, person_id: &str, entry_id: &str) -> Result<OwnEntryDeleted, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let entry = entry_number(entry_id)?;
        self.with_vault(|v| {
            let gone = v.delete_own_entry(&id, entry)?;
            Ok(OwnEntryDeleted {
                undo_token: gone.undo_id.to_string(),
                message: format!("{} deleted. You can undo this.", gone.kind.noun()),
            })
        })
    }

    /// Puts back an own entry deleted with [`App::delete_own_entry`].
    pub fn restore_own_entry(&self, person_id: &str, undo_token: &str) -> Result<OwnEntrySaved, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let token = undo_token.trim().parse::<i64>().map_err(|_| {
            AppError::new(ErrorCode::NothingToUndo, "That entry has already been put back, or was never deleted")
                .on_field(ErrorField::Id)
        })?;
        self.with_vault(|v| {
            let stored = v.restore_own_entry(&id, token)?;
            let name = cared_for_name(v, &id)?;
            match stored {
                Some(entry_id) => {
                    let o = v.own_entry(&id, entry_id)?;
                    let entry = own_dto(&o, name.as_deref());
                    Ok(OwnEntrySaved { message: saved_message(o.kind, Some(&entry), "put back"), entry: Some(entry) })
                }
                None => Ok(OwnEntrySaved {
                    entry: None,
                    message:
                        "Put back. It is private: only the person it is about can see it, with their own password."
                            .into(),
                }),
            }
        })
    }

    /// The person's own note on any entry (a GP's included) and whether it is hidden.
    pub fn entry_note(&self, person_id: &str, entry_id: &str) -> Result<EntryNote, AppError> {
        let id = self.record_person(person_id)?;
        let entry = entry_number(entry_id)?;
        self.with_vault(|v| Ok(note_dto(entry, &v.annotation(&id, entry)?, String::new())))
    }

    /// Writes the person's own note on an entry, kept beside it (the entry itself is never
    /// changed); an empty or absent note removes it.
    pub fn set_entry_note(&self, person_id: &str, entry_id: &str, note: Option<&str>) -> Result<EntryNote, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let entry = entry_number(entry_id)?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(e) = note.and_then(core::check_annotation) {
            return Err(error_of(e));
        }
        self.with_vault(|v| {
            let a = v.set_entry_note(&id, entry, note)?;
            let message =
                if a.note.is_some() { "Your note is saved beside the entry." } else { "Your note is removed." };
            Ok(note_dto(entry, &a, message.into()))
        })
    }

    /// Hides an entry from the person's timeline, or shows it again. It stays in the record,
    /// in searches, the summary and every export.
    pub fn set_entry_hidden(&self, person_id: &str, entry_id: &str, hidden: bool) -> Result<EntryNote, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let entry = entry_number(entry_id)?;
        self.with_vault(|v| {
            let a = v.set_entry_hidden(&id, entry, hidden)?;
            let message = if hidden {
                "Hidden from your timeline. It is still in your record and in exports."
            } else {
                "Shown on your timeline again."
            };
            Ok(note_dto(entry, &a, message.into()))
        })
    }

    /// The entries the person hid from their timeline.
    pub fn hidden_entries(&self, person_id: &str) -> Result<HiddenEntries, AppError> {
        let id = self.record_person(person_id)?;
        self.with_vault(|v| {
            let mut entries: Vec<EntrySummary> = v.hidden_entries(&id)?.iter().map(crate::record::summary).collect();
            mark_added_by(v, &id, &mut entries)?;
            Ok(HiddenEntries { entries })
        })
    }
}

fn note_dto(entry_id: i64, a: &store::Annotation, message: String) -> EntryNote {
    EntryNote {
        entry_id: EntryId::from(entry_id),
        note: a.note.clone(),
        note_at: a.note_at.map(rfc3339),
        hidden: a.hidden,
        message,
    }
}

/// A wire enum's serialised name ("overTheCounter"), the code the UI looks its words up by.
fn wire(v: impl serde::Serialize) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The words and limits the own-entry forms show (`vocabulary().ownEntries`).
pub(crate) fn words() -> OwnEntryWords {
    use crate::dto_vocabulary::Word;
    let fields = |k: OwnKind| -> Vec<ErrorField> {
        match k {
            OwnKind::Condition => vec![ErrorField::Status, ErrorField::Text],
            OwnKind::Medicine => vec![
                ErrorField::MedicineType,
                ErrorField::Dose,
                ErrorField::HowOften,
                ErrorField::Reason,
                ErrorField::Status,
                ErrorField::Text,
            ],
            OwnKind::Allergy => vec![ErrorField::Reaction, ErrorField::Text],
            OwnKind::Vaccination => vec![ErrorField::Country, ErrorField::Text],
            OwnKind::Procedure => vec![ErrorField::Reason, ErrorField::Text],
            OwnKind::Note => vec![ErrorField::Text],
        }
    };
    OwnEntryWords {
        kinds: OwnKind::ALL
            .into_iter()
            .map(|k| OwnEntryKindWords {
                kind: k.into(),
                label: k.label().to_owned(),
                noun: k.noun().to_owned(),
                name_label: k.name_label().to_owned(),
                date_label: k.date_label().to_owned(),
                fields: fields(k),
            })
            .collect(),
        medicine_types: core::MedicineType::ALL
            .into_iter()
            .map(|t| Word { code: wire(MedicineType::from(t)), text: t.label().to_owned() })
            .collect(),
        statuses: [core::OwnStatus::Current, core::OwnStatus::Past]
            .into_iter()
            .map(|s| Word { code: wire(OwnEntryStatus::from(s)), text: s.label().to_owned() })
            .collect(),
        name_max: u32::try_from(core::NAME_MAX).unwrap_or(u32::MAX),
        short_max: u32::try_from(core::SHORT_MAX).unwrap_or(u32::MAX),
        text_max: u32::try_from(core::TEXT_MAX).unwrap_or(u32::MAX),
    }
}
