//! Undoing an import as a whole, from the import history: what it will do (the numbers the
//! confirmation states) and doing it. The vault does the work in one transaction with its
//! audit entry (`phr_vault`'s `import_undo`).

use phr_core::ErrorCode;
use phr_vault::record_store as rs;

use crate::App;
use crate::ErrorField;
use crate::dto::AppError;
use crate::dto_record::ImportUndo;
use crate::record::run;

fn import_id(s: &str) -> Result<i64, AppError> {
    s.trim().parse::<i64>().map_err(|_| {
        AppError::new(ErrorCode::ImportNotFound, format!("There is no import {s:?} in this record's import history."))
            .on_field(ErrorField::Id)
    })
}

fn undo(r: &rs::ImportRun, c: &rs::UndoCounts) -> ImportUndo {
    ImportUndo {
        import: run(r),
        entries_removed: c.entries_removed,
        entries_restored: c.entries_restored,
        readings_removed: c.readings_removed,
    }
}

impl App {
    /// What undoing an import would remove and put back, with nothing changed: the numbers
    /// the confirmation states. IMPORT_NOT_FOUND, NOTHING_TO_UNDO (undone already) or
    /// IMPORT_UNDO_BLOCKED (a later import changed what it brought: undo that first).
    pub fn preview_undo_import(&self, person_id_str: &str, import_id_str: &str) -> Result<ImportUndo, AppError> {
        let id = self.record_person(person_id_str)?;
        let import = import_id(import_id_str)?;
        self.with_vault(|v| {
            let (r, c) = v.preview_undo_import(&id, import)?;
            Ok(undo(&r, &c))
        })
    }

    /// Undoes an import as a whole: what it first brought goes, what it changed goes back
    /// to what it was, its readings go, all in one transaction with its audit entry. Ask the
    /// person first, with [`App::preview_undo_import`]'s numbers.
    pub fn undo_import(&self, person_id_str: &str, import_id_str: &str) -> Result<ImportUndo, AppError> {
        let id = self.record_person(person_id_str)?;
        let import = import_id(import_id_str)?;
        self.with_vault(|v| {
            let (r, c) = v.undo_import(&id, import)?;
            Ok(undo(&r, &c))
        })
    }
}
