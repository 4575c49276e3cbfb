//! A person's own targets per kind (guidance's thresholds come with each chart).

use crate::app::App;
use crate::dto::AppError;
use crate::dto_readings::*;

impl App {
    pub fn targets(&self, person_id_str: &str) -> Result<Vec<Target>, AppError> {
        let id = self.record_person(person_id_str)?;
        self.with_vault(|v| Ok(v.reading_targets(&id)?.into_iter().map(Into::into).collect()))
    }

    /// Sets the target for its kind (every bound open removes it); returns all targets.
    pub fn set_target(&self, person_id_str: &str, target: Target) -> Result<Vec<Target>, AppError> {
        let id = self.record_person(person_id_str)?;
        let target = crate::checks::target_problem(&target)?;
        self.with_vault(|v| Ok(v.set_reading_target(&id, &target)?.into_iter().map(Into::into).collect()))
    }
}
