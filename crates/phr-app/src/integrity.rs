//! The whole-file check of every person's database, on demand: unlock reads only the pages it
//! needs (SQLCipher checks each page's HMAC as it is read), so this is where damage in pages
//! nobody has read yet is found.

use serde::Serialize;

use crate::App;
use crate::dto::AppError;
use crate::dto_ids::PersonId;

/// What the whole-file check found in one person's database.
#[derive(Clone, PartialEq, Eq, Serialize)]
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
}
