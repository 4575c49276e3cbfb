//! `phr about-me show|set|undo`: what matters to the person (up to three things), their
//! contacts, GP practice and communication needs. `set` replaces each part it is given and
//! leaves the others as they are. Every word printed is the backend's.

use clap::Subcommand;
use phr_app::ErrorCode;
use phr_app::{
    AboutMe, AboutMeWords, App, AppError, CommunicationNeedKind, ContactItem, ContactRelationship, ErrorField,
    NeedItem, PracticeItem, WhatMattersItem,
};

use crate::commands::resolve_person;
use crate::output::emit;

#[derive(Debug, Subcommand)]
pub enum AboutMeCommand {
    /// Show what matters to you, your contacts, GP practice and communication needs
    Show {
        #[arg(long)]
        person: Option<String>,
    },
    /// Change them: each part you give replaces what is there; the parts you leave out stay
    Set {
        /// Something that matters most to you (up to 3, most important first)
        #[arg(long = "matters", value_name = "TEXT")]
        matters: Vec<String>,
        /// Remove every "what matters" item
        #[arg(long)]
        clear_matters: bool,
        /// A contact as "NAME;RELATIONSHIP;PHONE;ROLES": RELATIONSHIP one of spouse, partner,
        /// parent, child, sibling, grandparent, grandchild, otherFamily, friend, neighbour,
        /// other; ROLES any of next-of-kin, carer, emergency joined by commas
        #[arg(long = "contact", value_name = "CONTACT")]
        contacts: Vec<String>,
        /// Remove every contact
        #[arg(long)]
        clear_contacts: bool,
        /// Your GP practice's name
        #[arg(long)]
        practice: Option<String>,
        /// Your GP practice's code (ODS code, like A81001)
        #[arg(long)]
        practice_code: Option<String>,
        /// Your GP practice's phone number
        #[arg(long)]
        practice_phone: Option<String>,
        /// A communication need as "KIND" or "KIND:DETAIL" (interpreter:Polish, largePrint,
        /// easyRead, braille, audio, electronic, bslInterpreter, lipspeaker,
        /// deafblindInterpreter, hearingLoop, advocate, contactByText, contactByEmail, other:TEXT)
        #[arg(long = "need", value_name = "NEED")]
        needs: Vec<String>,
        /// Remove every communication need
        #[arg(long)]
        clear_needs: bool,
        #[arg(long)]
        person: Option<String>,
    },
    /// Put back what a `set` removed, with the token it printed
    Undo {
        token: String,
        #[arg(long)]
        person: Option<String>,
    },
}

fn invalid(field: ErrorField, message: String) -> AppError {
    AppError { code: ErrorCode::InvalidInput, message, field: Some(field), advice: None }
}

fn code_of<T: serde::de::DeserializeOwned>(code: &str, field: ErrorField, what: &str) -> Result<T, AppError> {
    serde_json::from_value(serde_json::Value::String(code.trim().to_owned()))
        .map_err(|_| invalid(field, format!("{code:?} is not {what}: see `phr about-me set --help`")))
}

fn contact(text: &str) -> Result<ContactItem, AppError> {
    let mut parts = text.split(';').map(str::trim);
    let name = parts.next().unwrap_or_default().to_owned();
    let relationship = match parts.next().filter(|s| !s.is_empty()) {
        Some(r) => Some(code_of::<ContactRelationship>(r, ErrorField::Relationship, "a relationship")?),
        None => None,
    };
    let phone = parts.next().filter(|s| !s.is_empty()).map(str::to_owned);
    let mut c = ContactItem { name, relationship, phone, ..ContactItem::default() };
    for role in parts.next().unwrap_or_default().split(',').map(str::trim).filter(|r| !r.is_empty()) {
        match role {
            "next-of-kin" => c.next_of_kin = true,
            "carer" => c.carer = true,
            "emergency" => c.emergency = true,
            other => {
                return Err(invalid(
                    ErrorField::Contacts,
                    format!("{other:?} is not a role: use next-of-kin, carer or emergency"),
                ));
            }
        }
    }
    Ok(c)
}

fn need(text: &str) -> Result<NeedItem, AppError> {
    let (kind, detail) = match text.split_once(':') {
        Some((k, d)) => (k, Some(d.trim().to_owned())),
        None => (text, None),
    };
    let kind = code_of::<CommunicationNeedKind>(kind, ErrorField::Detail, "a communication need")?;
    Ok(NeedItem { id: None, kind, detail, text: String::new() })
}

fn print(words: &AboutMeWords, a: &AboutMe) {
    let heading = |i: usize| words.parts.get(i).map(|p| (p.heading.clone(), p.none.clone())).unwrap_or_default();
    let (h, none) = heading(0);
    println!("{h}");
    if a.what_matters.is_empty() {
        println!("  {none}");
    }
    for (i, w) in a.what_matters.iter().enumerate() {
        println!("  {}. {}", i + 1, w.text);
    }
    let (h, none) = heading(1);
    println!("{h}");
    if a.contacts.is_empty() {
        println!("  {none}");
    }
    for c in &a.contacts {
        let mut who = vec![c.relationship_text.clone()];
        who.extend(c.roles.iter().cloned());
        println!(
            "  {} ({}){}",
            c.name,
            who.join(", "),
            c.phone.as_deref().map(|p| format!(": {p}")).unwrap_or_default()
        );
    }
    let (h, none) = heading(2);
    println!("{h}");
    match &a.gp_practice {
        Some(p) => {
            let code = p.ods_code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
            let from = if p.from_gp_record { " (from your GP record)" } else { "" };
            println!("  {}{code}{from}", p.name);
        }
        None => println!("  {none}"),
    }
    let (h, none) = heading(3);
    println!("{h}");
    if a.needs.is_empty() {
        println!("  {none}");
    }
    for n in &a.needs {
        println!("  {}", n.text);
    }
}

pub fn run(app: &App, c: AboutMeCommand, json: bool) -> Result<(), AppError> {
    let words = app.vocabulary().about_me;
    match c {
        AboutMeCommand::Show { person } => {
            let person = resolve_person(app, person)?;
            let about = app.about_me(&person)?;
            emit(json, &about, |a| print(&words, a));
        }
        AboutMeCommand::Set {
            matters,
            clear_matters,
            contacts,
            clear_contacts,
            practice,
            practice_code,
            practice_phone,
            needs,
            clear_needs,
            person,
        } => {
            let person = resolve_person(app, person)?;
            let mut form = app.about_me(&person)?;
            if clear_matters || !matters.is_empty() {
                form.what_matters = matters.into_iter().map(|text| WhatMattersItem { id: None, text }).collect();
            }
            if clear_contacts || !contacts.is_empty() {
                form.contacts = contacts.iter().map(|c| contact(c)).collect::<Result<_, _>>()?;
            }
            if let Some(name) = practice {
                let id = form.gp_practice.as_ref().filter(|p| !p.from_gp_record).and_then(|p| p.id.clone());
                form.gp_practice = Some(PracticeItem {
                    id,
                    name,
                    ods_code: practice_code,
                    phone: practice_phone,
                    ..PracticeItem::default()
                });
            } else if form.gp_practice.as_ref().is_some_and(|p| p.from_gp_record) {
                // The GP record's practice is shown, not stored, until the person names one.
                form.gp_practice = None;
            }
            if clear_needs || !needs.is_empty() {
                form.needs = needs.iter().map(|n| need(n)).collect::<Result<_, _>>()?;
            }
            let saved = app.set_about_me(&person, &form)?;
            emit(json, &saved, |s| {
                println!("{}", s.message);
                if let Some(t) = &s.undo_token {
                    println!("To put back what was removed: phr about-me undo {t}");
                }
                print(&words, &s.about_me);
            });
        }
        AboutMeCommand::Undo { token, person } => {
            let person = resolve_person(app, person)?;
            let saved = app.restore_about_me(&person, &token)?;
            emit(json, &saved, |s| {
                println!("{}", s.message);
                print(&words, &s.about_me);
            });
        }
    }
    Ok(())
}
