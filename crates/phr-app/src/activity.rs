//! The activity list: who did what on a person's record, from its audit log, by actor
//! ("Sarah (carer)", "Margaret", "You"), worded for whoever reads it (the carer, or the person
//! with their own access open), each entry in plain words with its time in the app's one en-GB form
//! ([`phr_core::en_gb::date_time`]: "4 Dec 2026, 15:39").

use phr_core::audit::{Actor, AuditRecord};
use phr_core::person_role::RoleKind;

use crate::App;
use crate::dto::AppError;
use crate::dto_care::{ActivityEntry, ActorActivity, CarerActivity};
use crate::readings::local::local_offset;

/// The heading of the list for someone cared for, when they read it (their own access open).
pub const CARER_ACTIVITY_HEADING: &str = "What your carer has done";
/// Who the carer is in the list when the carer reads it.
pub const YOU_AS_CARER: &str = "You (carer)";
/// Who the person is in the list when they read it themselves.
pub const YOU: &str = "You";
/// The heading for the holder's own record.
pub const ACTIVITY_HEADING: &str = "What has been done on this record";
/// Who acted, for entries written before the app kept it.
pub const ACTOR_NOT_RECORDED: &str = "Not recorded (before the app kept who did what)";

impl App {
    /// Everything done on a person's record, by who did it: the actor with the newest entry
    /// first, each one's entries newest first. Open while a carer's access is paused: it is
    /// part of the person's page.
    pub fn carer_activity(&self, person_id: &str) -> Result<CarerActivity, AppError> {
        let id = crate::app::person_id(person_id)?;
        self.with_vault(|v| {
            let person = v.person(&id)?;
            let log = v.audit_log(&id)?;
            let cared_for = person.role.as_ref().is_some_and(|r| r.kind == RoleKind::CaredFor);
            let reader = match (cared_for, self.own_access_open()) {
                (false, _) => Reader::Holder,
                (true, Some(open)) if open == id.to_string() => Reader::Person,
                (true, _) => Reader::Carer,
            };
            let first = person.details.name.split_whitespace().next().unwrap_or(&person.details.name);
            Ok(CarerActivity {
                person_id: id.to_string().into(),
                heading: reader.heading(first),
                actors: by_actor(&log, &person.details.name, reader),
                person_name: person.details.name,
            })
        })
    }
}

/// Who reads the list: its heading and names are written for them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The vault's holder, on their own record (or one whose role was never set).
    Holder,
    /// The holder, as the carer of the person whose record it is.
    Carer,
    /// The person cared for, with their own access open.
    Person,
}

impl Reader {
    /// "What your carer has done" for the person; "Activity in Margaret's record" for their
    /// carer (`first`: the person's first name).
    fn heading(self, first: &str) -> String {
        match self {
            Reader::Holder => ACTIVITY_HEADING.to_owned(),
            Reader::Carer => format!("Activity in {first}'s record"),
            Reader::Person => CARER_ACTIVITY_HEADING.to_owned(),
        }
    }

    /// Who acted, as this reader calls them: the reader is "You".
    fn who(self, actor: &Actor) -> String {
        match (self, actor) {
            (Reader::Carer, Actor::Carer { .. }) => YOU_AS_CARER.to_owned(),
            (Reader::Person, Actor::Owner { .. }) => YOU.to_owned(),
            _ => actor.words(),
        }
    }
}

fn by_actor(log: &[AuditRecord], for_whom: &str, reader: Reader) -> Vec<ActorActivity> {
    let mut groups: Vec<(Option<Actor>, Vec<&AuditRecord>)> = Vec::new();
    for r in log.iter().rev() {
        match groups.iter_mut().find(|(a, _)| *a == r.actor) {
            Some((_, entries)) => entries.push(r),
            None => groups.push((r.actor.clone(), vec![r])),
        }
    }
    groups
        .into_iter()
        .map(|(actor, entries)| ActorActivity {
            actor: actor.as_ref().map_or("unknown", Actor::code).to_owned(),
            who: actor.as_ref().map_or_else(|| ACTOR_NOT_RECORDED.to_owned(), |a| reader.who(a)),
            entries: entries.into_iter().map(|r| entry(r, for_whom)).collect(),
        })
        .collect()
}

fn entry(r: &AuditRecord, for_whom: &str) -> ActivityEntry {
    ActivityEntry {
        seq: r.seq,
        what: r.action.words().to_owned(),
        when: phr_core::en_gb::date_time(r.at, local_offset(r.at)),
        at: crate::convert::rfc3339(r.at),
        for_whom: for_whom.to_owned(),
        detail: r.detail.clone(),
    }
}
