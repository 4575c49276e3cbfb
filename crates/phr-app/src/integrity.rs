//! The whole-file check of every person's database, on demand: unlock reads only the pages it
//! needs (SQLCipher checks each page's HMAC as it is read), so this is where damage in pages
//! nobody has read yet is found. A person runs it from Settings ("Check my record for
//! damage", [`App::check_record`]): it reports each person's record as it goes, says what it
//! found in plain words (and, for a damaged record, to restore from a backup), and records the
//! check in each person's audit log.

use serde::Serialize;
use ts_rs::TS;

use crate::App;
use crate::dto::AppError;
use crate::dto_ids::PersonId;

/// What the whole-file check found in one person's database.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseCheck {
    pub person_id: PersonId,
    pub person_name: String,
    pub ok: bool,
    /// What is wrong, in words, when it is not whole.
    pub problem: Option<String>,
}
phr_core::redacted_debug!(DatabaseCheck { person_id, ok });

impl App {
    /// Reads every page of every person's database and checks it (SQLCipher's HMAC of each
    /// page, then SQLite's structure). Takes about as long as reading the files; a backup runs
    /// the same check first.
    pub fn check_databases(&self) -> Result<Vec<DatabaseCheck>, AppError> {
        self.with_vault(|v| {
            v.people()?
                .iter()
                .map(|p| {
                    let problem = match v.check_database(&p.id) {
                        Ok(()) => None,
                        Err(e) if e.code == phr_core::ErrorCode::DatabaseDamaged => Some(e.message.clone()),
                        Err(e) => return Err(e.into()),
                    };
                    Ok(DatabaseCheck {
                        person_id: p.id.to_string().into(),
                        person_name: p.details.name.clone(),
                        ok: problem.is_none(),
                        problem,
                    })
                })
                .collect()
        })
    }

    /// The check a person runs from Settings: every person's database read whole and checked
    /// (as [`App::check_databases`]), `progress` told before each one, the check recorded in
    /// each person's audit log, and what it found said in plain words.
    pub fn check_record(&self, progress: &(dyn Fn(CheckProgress) + Send + Sync)) -> Result<RecordCheck, AppError> {
        self.touch()?;
        let people = self.with_vault(|v| Ok(v.people()?))?;
        let total = u32::try_from(people.len()).unwrap_or(u32::MAX);
        let mut checks = Vec::with_capacity(people.len());
        for (done, p) in (0u32..).zip(&people) {
            progress(CheckProgress { done, total });
            let problem = self.with_vault(|v| match v.check_database_for_person(&p.id) {
                Ok(()) => Ok(None),
                Err(e) if e.code == phr_core::ErrorCode::DatabaseDamaged => Ok(Some(e.message.clone())),
                Err(e) => Err(e.into()),
            })?;
            checks.push(DatabaseCheck {
                person_id: p.id.to_string().into(),
                person_name: p.details.name.clone(),
                ok: problem.is_none(),
                problem,
            });
        }
        progress(CheckProgress { done: total, total });
        Ok(RecordCheck::from_checks(checks))
    }
}

/// How far the check has got: `done` of `total` people's records checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckProgress {
    pub done: u32,
    pub total: u32,
}

/// What the check found, to show as it is.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordCheck {
    /// Whether every record is whole.
    pub ok: bool,
    /// What was found, in one sentence.
    pub summary: String,
    /// What to do, when a record is damaged.
    pub advice: Option<String>,
    /// Each person's record.
    pub people: Vec<DatabaseCheck>,
}
phr_core::redacted_debug!(RecordCheck { ok });

impl RecordCheck {
    pub(crate) fn from_checks(people: Vec<DatabaseCheck>) -> Self {
        let damaged: Vec<&str> = people.iter().filter(|c| !c.ok).map(|c| c.person_name.as_str()).collect();
        let (summary, advice) = match damaged.as_slice() {
            [] if people.is_empty() => ("There are no records to check yet.".to_owned(), None),
            [] => ("No damage found. Your record is whole.".to_owned(), None),
            names => (
                format!("Damage found in the record of {}.", names.join(", ")),
                Some(
                    "Restore your record from your latest backup. Anything added since that backup \
                     will need adding again. Until then, do not add to or change the damaged record."
                        .to_owned(),
                ),
            ),
        };
        Self { ok: damaged.is_empty(), summary, advice, people }
    }
}
