//! "What matters to me" (the things that matter most, contacts, the GP practice and
//! communication needs): read, checked, saved whole and put back after a removal, through
//! [`App::record_person`] like every record command.
//!
//! A screen sends back the whole of what it was given, edited: items with an `id` are changed
//! in place (their earlier version kept), items without one are added, and stored items the
//! form no longer holds are removed, kept aside so that the one undo token puts them all back.
//! A carer saves it under the "Add readings" permission, as own entries (`own_entries.rs`):
//! writing in what the person would write themselves.

use phr_core::ErrorCode;
use phr_core::carer_limits::CarerPermission;
use phr_core::record::about_me::{
    self as core, AboutPart, CommunicationNeed, Contact, ContactRole, GpPractice, NeedKind, Relationship, WhatMatters,
    Written,
};
use phr_core::record::own_entry::{OwnKind, added_by_words};
use phr_vault::about_me::{AboutMeResource, AboutMeWrite};
use phr_vault::{PersonId, Vault};

use crate::App;
use crate::ErrorField;
use crate::convert::rfc3339;
use crate::dto::AppError;
use crate::dto_about_me::*;
use crate::dto_ids::EntryId;
use crate::own_entries::{author, cared_for_name};

fn value(r: &AboutMeResource) -> serde_json::Value {
    serde_json::from_str(&r.resource).unwrap_or_default()
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn contact_of(c: &ContactItem) -> Contact {
    Contact {
        name: c.name.trim().to_owned(),
        relationship: c.relationship.map(Into::into).unwrap_or_default(),
        phone: trimmed(&c.phone),
        next_of_kin: c.next_of_kin,
        carer: c.carer,
        emergency: c.emergency,
        note: trimmed(&c.note),
    }
}

fn contact_item(id: Option<EntryId>, c: &Contact) -> ContactItem {
    ContactItem {
        id,
        name: c.name.clone(),
        relationship: Some(c.relationship.into()),
        phone: c.phone.clone(),
        next_of_kin: c.next_of_kin,
        carer: c.carer,
        emergency: c.emergency,
        note: c.note.clone(),
        relationship_text: c.relationship.label().to_owned(),
        roles: c.roles().into_iter().map(str::to_owned).collect(),
    }
}

fn practice_of(p: &PracticeItem) -> GpPractice {
    GpPractice {
        name: p.name.trim().to_owned(),
        ods_code: trimmed(&p.ods_code),
        phone: trimmed(&p.phone),
        address: trimmed(&p.address),
    }
}

fn need_of(n: &NeedItem) -> CommunicationNeed {
    let kind: NeedKind = n.kind.into();
    // A detail belongs only to the needs that ask for one.
    CommunicationNeed { kind, detail: kind.detail_label().and_then(|_| trimmed(&n.detail)) }
}

fn need_item(id: Option<EntryId>, n: &CommunicationNeed) -> NeedItem {
    NeedItem { id, kind: n.kind.into(), detail: n.detail.clone(), text: n.words() }
}

/// The stored resources as the DTO (the practice from the GP record when none is stored).
fn about_dto(
    stored: &[AboutMeResource],
    record_practice: Option<phr_vault::about_me::RecordPractice>,
    person_name: Option<&str>,
) -> AboutMe {
    let mut out = AboutMe::default();
    let mut ranked: Vec<(usize, i64, WhatMattersItem)> = Vec::new();
    for r in stored {
        let v = value(r);
        let id = Some(EntryId::from(r.entry_id));
        match r.part {
            AboutPart::WhatMatters => {
                let (rank, w) = core::what_matters_of(&v);
                ranked.push((rank, r.entry_id, WhatMattersItem { id, text: w.text }));
            }
            AboutPart::Contact => out.contacts.push(contact_item(id, &core::contact_of(&v))),
            AboutPart::GpPractice => {
                let p = core::practice_of(&v);
                out.gp_practice = Some(PracticeItem {
                    id,
                    name: p.name,
                    ods_code: p.ods_code,
                    phone: p.phone,
                    address: p.address,
                    from_gp_record: false,
                });
            }
            AboutPart::CommunicationNeed => out.needs.push(need_item(id, &core::need_of(&v))),
        }
    }
    ranked.sort_by_key(|(rank, entry, _)| (*rank, *entry));
    out.what_matters = ranked.into_iter().map(|(_, _, w)| w).collect();
    if out.gp_practice.is_none() {
        out.gp_practice = record_practice.map(|p| PracticeItem {
            name: p.name,
            ods_code: p.ods_code,
            from_gp_record: true,
            ..PracticeItem::default()
        });
    }
    if let Some(newest) = stored.iter().max_by_key(|r| r.updated_at) {
        out.updated_at = Some(rfc3339(newest.updated_at));
        out.updated_by = Some(added_by_words(newest.by_carer, &newest.source_name, person_name));
    }
    out
}

/// Every problem with the form, each with its part, item and field.
fn problems(form: &AboutMe) -> Vec<AboutMeProblem> {
    let what: Vec<WhatMatters> = form.what_matters.iter().map(|w| WhatMatters { text: w.text.clone() }).collect();
    let contacts: Vec<Contact> = form.contacts.iter().map(contact_of).collect();
    let practice = form.gp_practice.as_ref().map(practice_of);
    let needs: Vec<CommunicationNeed> = form.needs.iter().map(need_of).collect();
    core::check(&what, &contacts, practice.as_ref(), &needs)
        .into_iter()
        .map(|e| {
            let part = match e.field {
                "whatMatters" => AboutPart::WhatMatters,
                "practiceName" | "odsCode" | "practicePhone" | "practiceAddress" => AboutPart::GpPractice,
                "detail" => AboutPart::CommunicationNeed,
                _ => AboutPart::Contact,
            };
            AboutMeProblem {
                error: AppError::new(e.code, e.message).on_field_named(e.field),
                part: part.into(),
                index: e.index.and_then(|i| u32::try_from(i).ok()),
            }
        })
        .collect()
}

fn refusal(p: AboutMeProblem) -> AppError {
    match p.index {
        // The item is named in the words, since the error alone places only the field.
        Some(i) => AppError { message: format!("{} (item {})", p.error.message, i + 1), ..p.error },
        None => p.error,
    }
}

/// What one save does: the writes and the entries to remove.
struct Plan {
    writes: Vec<AboutMeWrite>,
    remove: Vec<i64>,
}

/// Compares the form with what is stored: what to write (new, or changed from the stored
/// one) and what to remove. An item whose content is unchanged is not written again.
fn plan(
    form: &AboutMe,
    stored: &[AboutMeResource],
    who: &phr_core::record::own_entry::Author,
    patient: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Plan, AppError> {
    let mut writes = Vec::new();
    let mut kept: Vec<i64> = Vec::new();
    // The stored resource an item names, or a refusal when it is not one of this part's.
    let find = |id: &Option<EntryId>, part: AboutPart| -> Result<Option<&AboutMeResource>, AppError> {
        let Some(id) = id else { return Ok(None) };
        let n = id.number()?;
        stored.iter().find(|r| r.entry_id == n && r.part == part).map(Some).ok_or_else(|| {
            AppError::new(
                ErrorCode::EntryNotFound,
                "Something you changed is no longer in the record. Go back and open \"What matters to me\" again.",
            )
            .on_field(ErrorField::Id)
        })
    };
    let mut write = |existing: Option<&AboutMeResource>,
                     make: &dyn Fn(&Written<'_>) -> serde_json::Value,
                     same: &dyn Fn(&serde_json::Value) -> bool| {
        let new_id = uuid::Uuid::new_v4().hyphenated().to_string();
        let (logical, version) = match existing {
            Some(r) => (r.logical_id.clone(), r.version + 1),
            None => (new_id, 1),
        };
        if let Some(r) = existing {
            kept.push(r.entry_id);
            if same(&value(r)) {
                return;
            }
        }
        let w = Written { id: &logical, version, author: who, patient, now };
        writes.push(AboutMeWrite { resource: make(&w).to_string(), replaces: existing.map(|r| r.entry_id) });
    };
    for (i, item) in form.what_matters.iter().enumerate() {
        let existing = find(&item.id, AboutPart::WhatMatters)?;
        let w = WhatMatters { text: item.text.trim().to_owned() };
        let rank = i + 1;
        write(existing, &|wr| core::what_matters_resource(&w, rank, wr), &|v| {
            core::what_matters_of(v) == (rank, w.clone())
        });
    }
    for item in &form.contacts {
        let existing = find(&item.id, AboutPart::Contact)?;
        let c = contact_of(item);
        write(existing, &|wr| core::contact_resource(&c, wr), &|v| core::contact_of(v) == c);
    }
    // The practice the GP record names is shown, not stored, until the person saves it as theirs.
    if let Some(item) = form.gp_practice.as_ref().filter(|p| !(p.from_gp_record && p.id.is_none())) {
        let existing = find(&item.id, AboutPart::GpPractice)?;
        let p = practice_of(item);
        write(existing, &|wr| core::practice_resource(&p, wr), &|v| core::practice_of(v) == p);
    }
    for item in &form.needs {
        let existing = find(&item.id, AboutPart::CommunicationNeed)?;
        let n = need_of(item);
        write(existing, &|wr| core::need_resource(&n, wr), &|v| core::need_of(v) == n);
    }
    let remove = stored.iter().map(|r| r.entry_id).filter(|e| !kept.contains(e)).collect();
    Ok(Plan { writes, remove })
}

fn message(plan: &Plan) -> String {
    match (plan.writes.is_empty(), plan.remove.is_empty()) {
        (true, true) => "Nothing has changed.".to_owned(),
        (_, true) => "Saved.".to_owned(),
        (true, false) => "Removed. You can undo this.".to_owned(),
        (false, false) => "Saved. What you removed can be put back with Undo.".to_owned(),
    }
}

impl App {
    /// The person's "What matters to me": what they (or their carer) recorded, and the
    /// practice their GP record came from when they have not named one.
    pub fn about_me(&self, person_id: &str) -> Result<AboutMe, AppError> {
        let id = self.record_person(person_id)?;
        self.with_vault(|v| about_of(v, &id))
    }

    /// Every problem with the form, each with its part, item and field, with nothing stored.
    pub fn check_about_me(&self, form: &AboutMe) -> Vec<AboutMeProblem> {
        problems(form)
    }

    /// Saves the whole of "What matters to me" as the form holds it (see the module's words).
    /// Refused with the first problem when the form has one; CARER_NOT_ALLOWED when a carer
    /// may not add readings and entries.
    pub fn set_about_me(&self, person_id: &str, form: &AboutMe) -> Result<AboutMeSaved, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        if let Some(p) = problems(form).into_iter().next() {
            return Err(refusal(p));
        }
        let now = self.clock.now();
        self.with_vault(|v| {
            let who = author(v, &id)?;
            let stored = v.about_me(&id)?;
            let patient = format!("Patient/{id}");
            let plan = plan(form, &stored, &who, &patient, now)?;
            if !plan.writes.is_empty() {
                v.save_about_me(&id, &who, &plan.writes)?;
            }
            let undo = v.remove_about_me(&id, &plan.remove)?;
            let undo_token = (!undo.is_empty()).then(|| undo.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
            Ok(AboutMeSaved { about_me: about_of(v, &id)?, message: message(&plan), undo_token })
        })
    }

    /// Puts back what a save removed (its undo token).
    pub fn restore_about_me(&self, person_id: &str, undo_token: &str) -> Result<AboutMeSaved, AppError> {
        let id = self.record_person(person_id)?;
        self.carer_may(&id, CarerPermission::Readings)?;
        let tokens: Vec<i64> =
            undo_token.split(',').map(|t| t.trim().parse::<i64>()).collect::<Result<_, _>>().map_err(|_| {
                AppError::new(ErrorCode::NothingToUndo, "That has already been put back, or was never removed")
                    .on_field(ErrorField::Id)
            })?;
        self.with_vault(|v| {
            for t in tokens {
                v.restore_own_entry(&id, t)?;
            }
            Ok(AboutMeSaved { about_me: about_of(v, &id)?, message: "Put back.".to_owned(), undo_token: None })
        })
    }
}

/// The DTO for person `id`, read from `v`.
pub(crate) fn about_of(v: &Vault, id: &PersonId) -> Result<AboutMe, AppError> {
    let stored = v.about_me(id)?;
    let practice = v.record_practice(id)?;
    let name = cared_for_name(v, id)?;
    Ok(about_dto(&stored, practice, name.as_deref()))
}

/// The words and limits of "What matters to me", for the vocabulary.
pub(crate) fn words() -> AboutMeWords {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    AboutMeWords {
        title: "What matters to me".to_owned(),
        intro: "Tell the people who care for you what matters most to you, who to contact, and how you \
                like to be given information. You can print it on your appointment summary and emergency card, \
                and share it."
            .to_owned(),
        parts: AboutPart::ALL
            .into_iter()
            .map(|p| AboutMePartWords { part: p.into(), heading: p.heading().to_owned(), none: p.none().to_owned() })
            .collect(),
        relationships: Relationship::ALL
            .into_iter()
            .map(|r| AboutMeChoice {
                code: r.code().to_owned(),
                label: r.label().to_owned(),
                group: String::new(),
                detail_label: None,
            })
            .collect(),
        needs: NeedKind::ALL
            .into_iter()
            .map(|k| AboutMeChoice {
                code: k.code().to_owned(),
                label: k.label().to_owned(),
                group: k.group().label().to_owned(),
                detail_label: k.detail_label().map(str::to_owned),
            })
            .collect(),
        what_matters_max: count(core::WHAT_MATTERS_MAX),
        contacts_max: count(core::CONTACTS_MAX),
        what_matters_text_max: count(core::WHAT_MATTERS_TEXT_MAX),
        short_max: count(core::SHORT_MAX),
        form: form_words(),
        roles: ContactRole::ALL
            .into_iter()
            .map(|r| AboutMeChoice {
                code: r.code().to_owned(),
                label: r.label().to_owned(),
                group: String::new(),
                detail_label: None,
            })
            .collect(),
        decisions: decision_words(),
        appointment_pdf: AboutMePdfWords {
            heading: "For my appointment".to_owned(),
            description: "One page for your doctor or nurse: your current medicines, allergies, health problems, \
                          recent readings, and what matters to you."
                .to_owned(),
            save: "Save the appointment page as a PDF".to_owned(),
        },
        emergency_card_pdf: AboutMePdfWords {
            heading: "Emergency card".to_owned(),
            description: "Your allergies, medicines, key conditions, emergency contacts and communication needs, \
                          to keep in a bag or wallet."
                .to_owned(),
            save: "Save the emergency card as a PDF".to_owned(),
        },
    }
}

/// The labels and hints of the form and the page.
fn form_words() -> AboutMeFormWords {
    const ORDINALS: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
    let s = str::to_owned;
    AboutMeFormWords {
        optional: s("(optional)"),
        what_matters_heading: s("What matters most"),
        what_matters_hint: format!(
            "Up to {}, the most important first. For example, \"Walking my dog every morning\" or \"Being at home \
             with my family\".",
            core::WHAT_MATTERS_MAX
        ),
        what_matters_items: (0..core::WHAT_MATTERS_MAX)
            .map(|i| match ORDINALS.get(i) {
                Some(o) => format!("The {o} thing that matters most"),
                None => format!("Thing that matters most number {}", i + 1),
            })
            .collect(),
        contacts_hint: s("Your next of kin, carers and who to call in an emergency."),
        contact_name: s("Name"),
        contact_relationship: s("Who they are to you"),
        contact_roles: s("What they do for you"),
        contact_roles_hint: s("Tick all that apply."),
        contact_phone: s("Phone number"),
        contact_phone_hint: s("For example, 07700 900123"),
        contact_note: s("Note"),
        contact_note_hint: s("For example, when to call them"),
        practice_name: s("Name of the practice"),
        practice_phone: s("Phone number"),
        practice_address: s("Address"),
        practice_code: s("Practice code"),
        practice_code_hint: s("Letters and numbers, like A81001. It is on letters from your practice."),
        practice_from_gp_record: s("From your GP record."),
        practice_from_gp_record_change: s("From your GP record. Change it if it is not right."),
        needs_hint: s("How you like to be given information, and any help you need to communicate."),
        need_item: s("Communication need"),
    }
}

/// "Decisions I have made": the kinds are the record's decisions ([`OwnKind::DECISIONS`]).
fn decision_words() -> DecisionWords {
    let lower_first = |t: &str| {
        let mut c = t.chars();
        c.next().map(|f| f.to_lowercase().chain(c).collect::<String>()).unwrap_or_default()
    };
    DecisionWords {
        heading: "Decisions I have made".to_owned(),
        intro: "Decisions about your care and treatment that the people looking after you may need to know \
                about. Each one you add is kept in your record."
            .to_owned(),
        none: "No decisions added.".to_owned(),
        latest: "Latest".to_owned(),
        date: "Date".to_owned(),
        no_date: "No date given".to_owned(),
        add_heading: "Add a decision".to_owned(),
        kinds: OwnKind::DECISIONS
            .into_iter()
            .map(|k| DecisionKindWords {
                kind: k.into(),
                name: k.noun().to_owned(),
                add: format!("Add {}", lower_first(k.label())),
            })
            .collect(),
    }
}
