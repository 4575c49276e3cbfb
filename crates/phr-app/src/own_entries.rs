//! The person's own entries (add, list, edit, delete and put back) and their own notes and
//! hides on any entry, through [`App::record_person`] like every record command.
//!
//! A carer adds, changes and deletes entries for the person they care for under the same
//! permission as adding readings (`CarerPermission::Readings`, "Add readings"): both are the
//! carer writing into the record what the person would write themselves, so a person who has
//! not let their carer add readings has not let them add entries either, and no new box was
//! needed. Their entries are kept under the carer's source and shown as "Added by Sarah (carer)".
//!
//! A document or decision may keep a file (`attachments.rs` reads it, capped, from the dialog's
//! choice or the CLI's path); a change that chooses no new file keeps the one already kept.

use std::path::Path;

use chrono::NaiveDate;
use phr_core::ErrorCode;
use phr_core::audit::Actor;
use phr_core::carer_limits::CarerPermission;
use phr_core::person_role::RoleKind;
use phr_core::record::own_document;
use phr_core::record::own_entry::{self as core, Author, OwnEntryInput, OwnKind, Written};
use phr_vault::own_entries as store;
use phr_vault::{PersonId, Vault};

use crate::App;
use crate::ErrorField;
use crate::convert::rfc3339;
use crate::dto::AppError;
use crate::dto_ids::{AttachmentId, EntryId};
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
        attachment: None,
        decision: form.decision.map(Into::into),
        registered: form.registered.unwrap_or(false),
        about: None,
    })
}

fn form_of(kind: OwnKind, input: &OwnEntryInput, about: Option<EntryId>) -> OwnEntryForm {
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
        file: None,
        decision: (kind == OwnKind::OrganDonation).then(|| input.decision.map(Into::into)).flatten(),
        registered: (kind == OwnKind::OrganDonation).then_some(input.registered),
        about,
    }
}

fn kind_of(form: &OwnEntryForm) -> Result<OwnKind, AppError> {
    form.kind.map(Into::into).ok_or_else(|| {
        AppError::new(ErrorCode::InvalidInput, "Choose what kind of entry this is").on_field(ErrorField::Kind)
    })
}

/// Every problem with the form, each on its field (empty when it can be saved). `has_file`:
/// a file is chosen or already kept (the file itself is checked when it is read).
fn problems(kind: OwnKind, form: &OwnEntryForm, today: NaiveDate, has_file: bool) -> Vec<AppError> {
    let with_file = |mut input: OwnEntryInput| {
        if has_file || form.file.is_some() {
            input.attachment = Some(serde_json::Value::Null);
        }
        input
    };
    match input_of(form) {
        Err(e) => {
            let mut out = vec![e];
            let undated = OwnEntryForm { date: None, ..form.clone() };
            if let Ok(input) = input_of(&undated) {
                out.extend(
                    core::check(kind, &with_file(input), today).into_iter().filter(|p| p.field != "date").map(error_of),
                );
            }
            out
        }
        Ok(input) => core::check(kind, &with_file(input), today).into_iter().map(error_of).collect(),
    }
}

/// Who is writing, as the entry's tag and source say.
pub(crate) fn author(v: &Vault, id: &PersonId) -> Result<Author, AppError> {
    Ok(match v.actor_on(id)? {
        Actor::Carer { name } => Author::Carer { name },
        Actor::You | Actor::Owner { .. } => Author::Person,
    })
}

/// The first name of the person whose record it is, when the holder cares for them: what
/// they added themselves is shown to their carer as "Added by Margaret", not "by you".
pub(crate) fn cared_for_name(v: &Vault, id: &PersonId) -> Result<Option<String>, AppError> {
    let p = v.person(id)?;
    let cared_for = p.role.as_ref().is_some_and(|r| r.kind == RoleKind::CaredFor);
    Ok(cared_for.then(|| phr_core::person_name::first_name(&p.details.name).to_owned()))
}

/// The DTOs of `all` (every own entry of the record, as `Vault::own_entries` gives them): each
/// resource read once, and each decision said to be replaced when a newer one of its kind is
/// in the record.
fn own_dtos(v: &Vault, id: &PersonId, all: &[store::OwnEntry]) -> Result<Vec<OwnEntry>, AppError> {
    let person_name = cared_for_name(v, id)?;
    let values: Vec<serde_json::Value> =
        all.iter().map(|o| serde_json::from_str(&o.resource).unwrap_or_default()).collect();
    let own: Vec<(i64, OwnKind, &serde_json::Value)> =
        all.iter().zip(&values).map(|(o, r)| (o.entry_id, o.kind, r)).collect();
    let decisions = own_document::decisions(&own);
    let mut out = Vec::with_capacity(all.len());
    for (o, value) in all.iter().zip(&values) {
        let input = core::input_of(o.kind, value);
        let about = input.about.as_deref().and_then(|reference| {
            all.iter().find(|other| reference == format!("{}/{}", other.kind.resource_type(), other.logical_id))
        });
        let decision = decisions.iter().find(|d| d.entry_id == o.entry_id);
        out.push(OwnEntry {
            entry_id: o.entry_id.into(),
            kind: o.kind.into(),
            kind_text: o.kind.label().to_owned(),
            form: form_of(o.kind, &input, about.map(|a| EntryId::from(a.entry_id))),
            added_by: core::added_by_words(o.by_carer, &o.source_name, person_name.as_deref()),
            version: o.version,
            added_at: rfc3339(o.added_at),
            updated_at: rfc3339(o.updated_at),
            file: if o.kind.takes_file() { kept_file(v, id, o.entry_id)? } else { None },
            page: page_of(o.kind),
            replaced: decision.filter(|d| !d.latest).map(|d| own_document::replaced_words(d.kind)),
            statement: decision.and_then(|d| d.statement.clone()),
        });
    }
    Ok(out)
}

/// One own entry's DTO.
fn own_dto_of(v: &Vault, id: &PersonId, entry_id: i64) -> Result<OwnEntry, AppError> {
    v.own_entry(id, entry_id)?;
    let all = v.own_entries(id)?;
    own_dtos(v, id, &all)?
        .into_iter()
        .find(|e| e.entry_id.as_str() == entry_id.to_string())
        .ok_or_else(|| AppError::new(ErrorCode::EntryNotFound, format!("There is no entry {entry_id} in this record")))
}

/// The file kept with entry `entry_id`, in words.
pub(crate) fn kept_file(v: &Vault, id: &PersonId, entry_id: i64) -> Result<Option<KeptFile>, AppError> {
    Ok(v.attachments_of(id, entry_id)?.into_iter().next().map(|a| {
        let file_type = own_document::FileType::of_content_type(&a.content_type);
        KeptFile {
            attachment_id: Some(AttachmentId::from(a.id.to_string())),
            file_name: a.title,
            type_text: file_type.map_or("a file", own_document::FileType::words).to_owned(),
            size_text: phr_core::sizes::size_words(a.bytes),
            is_image: file_type.is_some_and(own_document::FileType::is_image),
        }
    }))
}

fn page_of(kind: OwnKind) -> Option<PageLink> {
    own_document::decision_page(kind).map(|(url, text)| PageLink { url: url.to_owned(), text: text.to_owned() })
}

/// Where a document's file comes from: the Open dialog's choice, or a path the CLI was given.
#[derive(Clone, Copy)]
pub(crate) enum FileFrom<'a> {
    None,
    Path(&'a Path),
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
    /// Every problem with an own entry's form, each on its field, with nothing stored (a
    /// chosen file is checked when the entry is saved).
    pub fn check_own_entry(&self, form: &OwnEntryForm) -> Result<Vec<AppError>, AppError> {
        let today = crate::readings::local::local_today(self.clock.now());
        let kind = match kind_of(form) {
            Ok(k) => k,
            Err(e) => return Ok(vec![e]),
        };
        Ok(problems(kind, form, today, false))
    }

    /// Adds one of the person's own entries. Refused with the first problem (on its field) when
    /// the form has one; CARER_NOT_ALLOWED when a carer may not add readings and entries. A
    /// document's file is the one chosen in the Open dialog (`form.file`).
    pub fn add_own_entry(&self, person_id: &str, form: &OwnEntryForm) -> Result<OwnEntrySaved, AppError> {
        self.add_own_entry_from(person_id, form, FileFrom::None)
    }

    /// [`App::add_own_entry`] with a document's file at `file` (the CLI's `--file`).
    pub fn add_own_entry_with_file(
        &self,
        person_id: &str,
        form: &OwnEntryForm,
        file: Option<&Path>,
    ) -> Result<OwnEntrySaved, AppError> {
        self.add_own_entry_from(person_id, form, file.map_or(FileFrom::None, FileFrom::Path))
    }

    fn add_own_entry_from(
        &self,
        person_id: &str,
        form: &OwnEntryForm,
        file: FileFrom<'_>,
    ) -> Result<OwnEntrySaved, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let kind = kind_of(form)?;
        let now = self.clock.now();
        let today = crate::readings::local::local_today(now);
        let file_given = matches!(file, FileFrom::Path(_));
        if let Some(e) = problems(kind, form, today, file_given).into_iter().next() {
            return Err(e);
        }
        let mut input = input_of(form)?;
        input.attachment = self.attachment_for(person_id, kind, form, file)?;
        let logical_id = uuid::Uuid::new_v4().hyphenated().to_string();
        self.with_vault(|v| {
            input.about = about_reference(v, &id, kind, form.about.as_ref(), None)?;
            let who = author(v, &id)?;
            let patient = format!("Patient/{id}");
            let written = Written { id: &logical_id, version: 1, author: &who, patient: &patient, now };
            let resource = core::resource(kind, &input, &written).to_string();
            let stored = v.add_own_entry(&id, &who, kind, &resource)?;
            let entry = match stored {
                Some(entry_id) => Some(own_dto_of(v, &id, entry_id)?),
                None => None,
            };
            Ok(OwnEntrySaved { message: saved_message(kind, entry.as_ref(), "added"), entry })
        })
    }

    /// The person's own entries, newest added first.
    pub fn own_entries(&self, person_id: &str) -> Result<Vec<OwnEntry>, AppError> {
        let id = self.record_person(person_id)?;
        self.with_vault(|v| {
            let all = v.own_entries(&id)?;
            own_dtos(v, &id, &all)
        })
    }

    /// One own entry, with its form's values for an edit.
    pub fn own_entry(&self, person_id: &str, entry_id: &str) -> Result<OwnEntry, AppError> {
        let id = self.record_person(person_id)?;
        let entry = entry_number(entry_id)?;
        self.with_vault(|v| own_dto_of(v, &id, entry))
    }

    /// The decisions the person has made (organ donation, an advance decision to refuse
    /// treatment, a ReSPECT form, a lasting power of attorney for health and welfare): each
    /// kind's latest first, an older one marked as replaced. For "what matters to me" and a
    /// share to show them.
    pub fn decisions(&self, person_id: &str) -> Result<Decisions, AppError> {
        let id = self.record_person(person_id)?;
        self.with_vault(|v| {
            let all: Vec<store::OwnEntry> = v.own_entries(&id)?.into_iter().filter(|o| o.kind.is_decision()).collect();
            let person_name = cared_for_name(v, &id)?;
            let values: Vec<serde_json::Value> =
                all.iter().map(|o| serde_json::from_str(&o.resource).unwrap_or_default()).collect();
            let own: Vec<(i64, OwnKind, &serde_json::Value)> =
                all.iter().zip(&values).map(|(o, r)| (o.entry_id, o.kind, r)).collect();
            let mut items = Vec::new();
            for d in own_document::decisions(&own) {
                let Some(o) = all.iter().find(|o| o.entry_id == d.entry_id) else { continue };
                items.push(DecisionItem {
                    entry_id: d.entry_id.into(),
                    kind: d.kind.into(),
                    kind_text: d.kind.noun().to_owned(),
                    title: d.title.clone(),
                    date: d.date.map(|x| x.format("%Y-%m-%d").to_string()),
                    date_text: d.date.map(phr_core::en_gb::date),
                    statement: d.statement.clone(),
                    file: if d.kind.takes_file() { kept_file(v, &id, d.entry_id)? } else { None },
                    latest: d.latest,
                    replaced: (!d.latest).then(|| own_document::replaced_words(d.kind)),
                    page: page_of(d.kind),
                    added_by: core::added_by_words(o.by_carer, &o.source_name, person_name.as_deref()),
                });
            }
            Ok(Decisions { items })
        })
    }

    /// Changes an own entry; its earlier version is kept. Its kind cannot change (a form with
    /// another kind is refused on `kind`). A document keeps its file unless another is chosen.
    pub fn edit_own_entry(
        &self,
        person_id: &str,
        entry_id: &str,
        form: &OwnEntryForm,
    ) -> Result<OwnEntrySaved, AppError> {
        self.edit_own_entry_from(person_id, entry_id, form, FileFrom::None)
    }

    /// [`App::edit_own_entry`] with a new file for a document at `file` (the CLI's `--file`).
    pub fn edit_own_entry_with_file(
        &self,
        person_id: &str,
        entry_id: &str,
        form: &OwnEntryForm,
        file: Option<&Path>,
    ) -> Result<OwnEntrySaved, AppError> {
        self.edit_own_entry_from(person_id, entry_id, form, file.map_or(FileFrom::None, FileFrom::Path))
    }

    fn edit_own_entry_from(
        &self,
        person_id: &str,
        entry_id: &str,
        form: &OwnEntryForm,
        file: FileFrom<'_>,
    ) -> Result<OwnEntrySaved, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let entry = entry_number(entry_id)?;
        let now = self.clock.now();
        let today = crate::readings::local::local_today(now);
        let own = self.with_vault(|v| Ok(v.own_entry(&id, entry)?))?;
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
        let stored_value: serde_json::Value = serde_json::from_str(&own.resource).unwrap_or_default();
        let kept = own_document::stored_attachment(&stored_value).filter(|_| kind.takes_file());
        let has_file = kept.is_some() || matches!(file, FileFrom::Path(_));
        if let Some(e) = problems(kind, form, today, has_file).into_iter().next() {
            return Err(e);
        }
        let mut input = input_of(form)?;
        input.attachment = match self.attachment_for(person_id, kind, form, file)? {
            Some(new) => Some(new),
            None => kept,
        };
        self.with_vault(|v| {
            input.about = about_reference(v, &id, kind, form.about.as_ref(), Some(entry))?;
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
            let saved = match stored {
                Some(entry_id) => Some(own_dto_of(v, &id, entry_id)?),
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
            match stored {
                Some(entry_id) => {
                    let entry = own_dto_of(v, &id, entry_id)?;
                    let kind = OwnKind::from(entry.kind);
                    Ok(OwnEntrySaved { message: saved_message(kind, Some(&entry), "put back"), entry: Some(entry) })
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

/// The reference a document keeps to the own entry it is about (`about`), checked to be one of
/// the person's own entries and not the document itself (`this`); only a document has one.
fn about_reference(
    v: &Vault,
    id: &PersonId,
    kind: OwnKind,
    about: Option<&EntryId>,
    this: Option<i64>,
) -> Result<Option<String>, AppError> {
    let Some(about) = about.filter(|a| !a.trim().is_empty() && kind == OwnKind::Document) else { return Ok(None) };
    let number = entry_number(about).map_err(|e| e.on_field(ErrorField::About))?;
    let other = v.own_entry(id, number).ok().filter(|o| Some(o.entry_id) != this).ok_or_else(|| {
        AppError::new(ErrorCode::EntryNotFound, "Choose one of the entries you added, or none")
            .on_field(ErrorField::About)
    })?;
    Ok(Some(format!("{}/{}", other.kind.resource_type(), other.logical_id)))
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

/// What the person reads before saving a copy of a kept file out of the record.
pub(crate) const SAVE_COPY_WARNING: &str =
    "The copy you save will not be encrypted. Anyone who can open your files on this computer will be able to read it.";

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
            OwnKind::Document => vec![ErrorField::File, ErrorField::About, ErrorField::Text],
            OwnKind::OrganDonation => vec![ErrorField::Decision, ErrorField::Registered, ErrorField::Text],
            OwnKind::AdvanceDecision | OwnKind::Respect | OwnKind::PowerOfAttorney => {
                vec![ErrorField::File, ErrorField::Text]
            }
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
                date_required: k.date_required(),
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
        donation_decisions: own_document::DonationDecision::ALL
            .into_iter()
            .map(|d| Word { code: wire(DonationDecision::from(d)), text: d.label().to_owned() })
            .collect(),
        file_max_text: phr_core::sizes::size_words(own_document::MAX_DOCUMENT_BYTES),
        save_copy_warning: SAVE_COPY_WARNING.to_owned(),
    }
}
