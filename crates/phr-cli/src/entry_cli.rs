//! `phr entry ...`: the person's own entries (add, list, show, edit, delete and put back) and
//! their own notes and hides on any entry, documents kept in the record (`--file`, `save-copy`)
//! and the decisions the person has made. Every word printed is the backend's.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use phr_app::{
    App, AppError, DonationDecision, EntryId, MedicineType, OwnEntry, OwnEntryForm, OwnEntryKind, OwnEntryStatus,
};
use phr_core::ErrorCode;

use crate::commands::resolve_person;
use crate::output::{self, emit};

#[derive(Debug, Subcommand)]
pub enum EntryCommand {
    /// Add an entry of your own: condition, medicine, allergy, vaccination, procedure, note,
    /// document (a letter or photo, with --file), or a decision: organ-donation,
    /// advance-decision, respect-form, power-of-attorney
    Add {
        /// condition, medicine, allergy, vaccination, procedure, note, document, organ-donation,
        /// advance-decision, respect-form or power-of-attorney
        kind: String,
        /// Its name: the condition, medicine, what you are allergic to, vaccine, procedure, or a
        /// note's or document's title (or give --title)
        name: Option<String>,
        /// A note's, document's or decision's title (the same as giving the name)
        #[arg(long, conflicts_with = "name")]
        title: Option<String>,
        #[command(flatten)]
        fields: EntryFields,
        /// The person (id from `phr person list`); needed when there are several
        #[arg(long)]
        person: Option<String>,
    },
    /// List your own entries
    List {
        #[arg(long)]
        person: Option<String>,
    },
    /// Show one of your own entries
    Show {
        /// The entry's id (from `phr entry list`)
        id: String,
        #[arg(long)]
        person: Option<String>,
    },
    /// Change one of your own entries (what you give replaces what it says; the rest stays)
    Edit {
        /// The entry's id (from `phr entry list`)
        id: String,
        /// A new name
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: EntryFields,
        #[arg(long)]
        person: Option<String>,
    },
    /// Delete one of your own entries (prints the token that puts it back)
    Delete {
        /// The entry's id (from `phr entry list`)
        id: String,
        #[arg(long)]
        person: Option<String>,
    },
    /// Put back an entry you deleted, with the token `phr entry delete` printed
    Restore {
        token: String,
        #[arg(long)]
        person: Option<String>,
    },
    /// Write your own note on any entry, a GP's included (kept beside it; the entry is not changed)
    Note {
        /// The entry's id (from `phr record list`)
        id: String,
        /// Your note; leave it out with --remove
        text: Option<String>,
        /// Remove your note
        #[arg(long, conflicts_with = "text")]
        remove: bool,
        #[arg(long)]
        person: Option<String>,
    },
    /// Hide an entry from your timeline (it stays in your record and in exports)
    Hide {
        /// The entry's id (from `phr record list`)
        id: String,
        /// Show it on your timeline again
        #[arg(long)]
        unhide: bool,
        #[arg(long)]
        person: Option<String>,
    },
    /// List the entries you hid from your timeline
    Hidden {
        #[arg(long)]
        person: Option<String>,
    },
    /// Save a copy of the file kept with a document or decision (the copy is NOT encrypted)
    SaveCopy {
        /// The entry's id (from `phr entry list`)
        id: String,
        /// Where to save the copy
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        person: Option<String>,
    },
    /// List the decisions you have made (organ donation, advance decision, ReSPECT form,
    /// lasting power of attorney), the latest of each kind first
    Decisions {
        #[arg(long)]
        person: Option<String>,
    },
}

/// The fields an entry may have; which ones a kind uses is the backend's rule.
#[derive(Debug, Args, Default)]
pub struct EntryFields {
    /// When it started, since when, when it was given or done (YYYY-MM-DD)
    #[arg(long)]
    pub date: Option<String>,
    /// A condition or medicine: current or past
    #[arg(long)]
    pub status: Option<String>,
    /// A medicine's dose ("2 tablets")
    #[arg(long)]
    pub dose: Option<String>,
    /// How often a medicine is taken ("twice a day")
    #[arg(long)]
    pub how_often: Option<String>,
    /// Why a medicine is taken or a procedure was done
    #[arg(long)]
    pub why: Option<String>,
    /// A medicine: overTheCounter, supplement or prescribedElsewhere
    #[arg(long = "type")]
    pub medicine_type: Option<String>,
    /// An allergy's reaction ("rash")
    #[arg(long)]
    pub reaction: Option<String>,
    /// The country a vaccination was given in, when abroad
    #[arg(long)]
    pub country: Option<String>,
    /// A note's text, or a comment on another kind
    #[arg(long)]
    pub text: Option<String>,
    /// A document's or decision's file: a PDF, JPEG or PNG of up to 20 MB, kept inside the
    /// encrypted record
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// An organ donation decision: opt-in, opt-out or not-decided
    #[arg(long)]
    pub decision: Option<String>,
    /// The organ donation decision is registered on the NHS Organ Donor Register
    #[arg(long)]
    pub registered: bool,
    /// The entry (id from `phr entry list`) a document is about
    #[arg(long)]
    pub about: Option<String>,
}

fn invalid(message: String, field: phr_app::ErrorField) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message).on_field(field)
}

fn kind_of(code: &str) -> Result<OwnEntryKind, AppError> {
    phr_core::record::own_entry::OwnKind::from_code(code).map(Into::into).ok_or_else(|| {
        let all: Vec<&str> = phr_core::record::own_entry::OwnKind::ALL.iter().map(|k| k.code()).collect();
        invalid(format!("{code:?} is not a kind of entry: use one of {}", all.join(", ")), phr_app::ErrorField::Kind)
    })
}

/// Lays the given fields over `form`; gives back the file to keep, when one was given.
fn apply(form: &mut OwnEntryForm, f: EntryFields) -> Result<Option<PathBuf>, AppError> {
    if let Some(d) = f.decision {
        let all: Vec<&str> = phr_core::record::own_document::DonationDecision::ALL.iter().map(|d| d.code()).collect();
        let found = phr_core::record::own_document::DonationDecision::from_code(&d).ok_or_else(|| {
            invalid(format!("{d:?} is not a decision: use one of {}", all.join(", ")), phr_app::ErrorField::Decision)
        })?;
        form.decision = Some(DonationDecision::from(found));
    }
    if f.registered {
        form.registered = Some(true);
    }
    if let Some(a) = f.about {
        form.about = Some(EntryId::from(a));
    }
    if let Some(s) = f.status {
        let status = phr_core::record::own_entry::OwnStatus::from_code(&s).ok_or_else(|| {
            invalid(format!("{s:?} is not a status: use current or past"), phr_app::ErrorField::Status)
        })?;
        form.status = Some(OwnEntryStatus::from(status));
    }
    if let Some(t) = f.medicine_type {
        let all: Vec<&str> = phr_core::record::own_entry::MedicineType::ALL.iter().map(|t| t.code()).collect();
        let found = phr_core::record::own_entry::MedicineType::from_code(&t).ok_or_else(|| {
            invalid(
                format!("{t:?} is not a type of medicine: use one of {}", all.join(", ")),
                phr_app::ErrorField::MedicineType,
            )
        })?;
        form.medicine_type = Some(MedicineType::from(found));
    }
    let set = |slot: &mut Option<String>, v: Option<String>| {
        if v.is_some() {
            *slot = v;
        }
    };
    set(&mut form.date, f.date);
    set(&mut form.dose, f.dose);
    set(&mut form.how_often, f.how_often);
    set(&mut form.reason, f.why);
    set(&mut form.reaction, f.reaction);
    set(&mut form.country, f.country);
    set(&mut form.text, f.text);
    Ok(f.file)
}

fn print_entry(e: &OwnEntry) {
    println!("{}  {}: {}  ({})", e.entry_id, e.kind_text, e.form.name, e.added_by);
    let f = &e.form;
    let line = |label: &str, v: &Option<String>| {
        if let Some(v) = v {
            println!("    {label}: {v}");
        }
    };
    line("Date", &f.date.as_deref().map(output::date));
    line("Dose", &f.dose);
    line("How often", &f.how_often);
    line("Why", &f.reason);
    line("Reaction", &f.reaction);
    line("Country", &f.country);
    line("Text", &f.text);
    line("Decision", &e.statement);
    if let Some(file) = &e.file {
        println!("    File: {} ({}, {})", file.file_name, file.type_text, file.size_text);
    }
    line("Note", &e.replaced);
    if let Some(page) = &e.page {
        println!("    More: {} ({})", page.text, page.url);
    }
}

pub fn run(app: &App, command: EntryCommand, json: bool) -> Result<(), AppError> {
    match command {
        EntryCommand::Add { kind, name, title, fields, person } => {
            let person = resolve_person(app, person)?;
            let name = name.or(title).unwrap_or_default();
            let mut form = OwnEntryForm { kind: Some(kind_of(&kind)?), name, ..OwnEntryForm::default() };
            let file = apply(&mut form, fields)?;
            let saved = app.add_own_entry_with_file(&person, &form, file.as_deref())?;
            emit(json, &saved, |s| {
                println!("{}", s.message);
                if let Some(e) = &s.entry {
                    print_entry(e);
                }
            });
        }
        EntryCommand::List { person } => {
            let person = resolve_person(app, person)?;
            let list = app.own_entries(&person)?;
            emit(json, &list, |l| {
                if l.is_empty() {
                    println!("You have not added any entries of your own.");
                }
                l.iter().for_each(print_entry);
            });
        }
        EntryCommand::Show { id, person } => {
            let person = resolve_person(app, person)?;
            let e = app.own_entry(&person, &id)?;
            emit(json, &e, print_entry);
        }
        EntryCommand::Edit { id, name, fields, person } => {
            let person = resolve_person(app, person)?;
            let mut form = app.own_entry(&person, &id)?.form;
            if let Some(n) = name {
                form.name = n;
            }
            let file = apply(&mut form, fields)?;
            let saved = app.edit_own_entry_with_file(&person, &id, &form, file.as_deref())?;
            emit(json, &saved, |s| {
                println!("{}", s.message);
                if let Some(e) = &s.entry {
                    print_entry(e);
                }
            });
        }
        EntryCommand::Delete { id, person } => {
            let person = resolve_person(app, person)?;
            let gone = app.delete_own_entry(&person, &id)?;
            emit(json, &gone, |g| {
                println!("{}", g.message);
                println!("To put it back: phr entry restore {}", g.undo_token);
            });
        }
        EntryCommand::Restore { token, person } => {
            let person = resolve_person(app, person)?;
            let saved = app.restore_own_entry(&person, &token)?;
            emit(json, &saved, |s| {
                println!("{}", s.message);
                if let Some(e) = &s.entry {
                    print_entry(e);
                }
            });
        }
        EntryCommand::Note { id, text, remove, person } => {
            let person = resolve_person(app, person)?;
            if text.is_none() && !remove {
                return Err(invalid("Give your note, or --remove to remove it".into(), phr_app::ErrorField::Text));
            }
            let note = app.set_entry_note(&person, &id, text.as_deref())?;
            emit(json, &note, |n| println!("{}", n.message));
        }
        EntryCommand::Hide { id, unhide, person } => {
            let person = resolve_person(app, person)?;
            let note = app.set_entry_hidden(&person, &id, !unhide)?;
            emit(json, &note, |n| println!("{}", n.message));
        }
        EntryCommand::Hidden { person } => {
            let person = resolve_person(app, person)?;
            let hidden = app.hidden_entries(&person)?;
            emit(json, &hidden, |h| {
                for e in &h.entries {
                    println!("{}  {}  {}", e.id, e.date.as_deref().map(output::date).unwrap_or_default(), e.title);
                }
            });
        }
        EntryCommand::SaveCopy { id, out, person } => {
            let person = resolve_person(app, person)?;
            let entry = app.own_entry(&person, &id)?;
            let attachment = entry.file.and_then(|f| f.attachment_id).ok_or_else(|| {
                AppError::new(ErrorCode::EntryNotFound, format!("Entry {id} keeps no file to save a copy of"))
                    .on_field(phr_app::ErrorField::Id)
            })?;
            let saved = app.save_attachment(&person, &attachment, &out)?;
            emit(json, &saved, |s| println!("{}", s.message));
        }
        EntryCommand::Decisions { person } => {
            let person = resolve_person(app, person)?;
            let decisions = app.decisions(&person)?;
            emit(json, &decisions, |d| {
                if d.items.is_empty() {
                    println!("You have not recorded any decisions.");
                }
                for item in &d.items {
                    let date = item.date_text.as_deref().unwrap_or("no date");
                    println!("{}  {}: {} ({date}, {})", item.entry_id, item.kind_text, item.title, item.added_by);
                    if let Some(s) = &item.statement {
                        println!("    {s}");
                    }
                    if let Some(f) = &item.file {
                        println!("    File: {} ({}, {})", f.file_name, f.type_text, f.size_text);
                    }
                    if let Some(r) = &item.replaced {
                        println!("    {r}");
                    }
                }
            });
        }
    }
    Ok(())
}
