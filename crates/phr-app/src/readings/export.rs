//! Every reading as a FHIR R4 collection Bundle of Observations (the vault writes it with
//! core's Bundle writer, inside the transaction that audits it).

use std::path::Path;

use phr_core::ErrorCode;

use crate::ErrorField;
use crate::app::App;
use crate::dto::AppError;
use crate::dto_record::ExportInfo;

impl App {
    /// Writes every reading as a FHIR R4 collection Bundle of Observations to `path`
    /// atomically, inside the transaction that records the export in the audit log.
    pub fn export_readings(&self, person_id_str: &str, path: &Path) -> Result<ExportInfo, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Export)?;
        self.with_vault(|v| {
            let e = v.export_readings(&id, path).map_err(|e| {
                let io = e.code == ErrorCode::Io;
                let e = AppError::from(e);
                if io { e.on_field(ErrorField::Path) } else { e }
            })?;
            Ok(ExportInfo { path: e.path.display().to_string(), resources: e.resources, bytes: e.bytes })
        })
    }
}
