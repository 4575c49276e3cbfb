//! Saving the printable documents (`printable`) as PDF files the person can open and print
//! with their own viewer: the record summary, the appointment summary and the emergency card,
//! the blood pressure week, the glucose report, the recovery key.
//!
//! A PDF is written only where the person chose (a path typed at the CLI, or a Save dialog's
//! choice on the desktop), readable only by this user (0600), atomically: a temporary file
//! beside the chosen one, synced and renamed over it, removed if anything fails. Nothing is
//! written anywhere else, no temporary folder included, which matters most for the recovery
//! key: the one copy on disk is the one the person chose to make.
//!
//! A PDF of someone's record is an export: a carer whom the person does not let export is
//! refused each of them (CARER_NOT_ALLOWED), as for FHIR and IPS files (hazard H-44).

use std::path::Path;

use phr_core::ErrorCode;
use phr_core::recovery_key::RecoveryKey;
use phr_core::secret::SecretString;
use zeroize::Zeroizing;

use crate::App;
use crate::ErrorField;
use crate::dto::{AppError, Person};
use crate::printable;
use crate::readings::local::local_today;

/// Which printable document: for the name a Save dialog offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printable {
    Summary,
    BpWeek,
    GlucoseReport,
    RecoveryKey,
    /// The one-time code of a handover package, to give to the person it is handed to.
    HandoverCode,
    /// "For my appointment": the one-page summary to take to an appointment.
    AppointmentSummary,
    /// The emergency card.
    EmergencyCard,
}

/// A PDF written: where, and how big.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedPdf {
    pub path: String,
    pub bytes: u64,
}
phr_core::redacted_debug!(SavedPdf { bytes });

impl App {
    /// Refuses a PDF of `person_id`'s record to a carer they do not let export, before
    /// anything is gathered or written.
    fn may_export(&self, person_id: &str) -> Result<(), AppError> {
        let id = crate::app::person_id(person_id)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Export)
    }

    /// Saves the record summary of `person_id` (who they are, allergies, problems, medicines,
    /// recent results, vaccinations) as a PDF at `path`.
    pub fn export_summary_pdf(&self, person_id: &str, path: &Path) -> Result<SavedPdf, AppError> {
        self.may_export(person_id)?;
        let person = self.person_by_id(person_id)?;
        let summary = self.record_summary(person_id)?;
        let doc = printable::summary_document(&person, &summary, self.printed_day());
        write_pdf(&doc, path)
    }

    /// Saves the appointment summary of `person_id` ("For my appointment": current medicines
    /// with the person's own marked, allergies, problems, recent readings and their averages,
    /// what matters to them, communication needs and contacts) as a PDF at `path`.
    pub fn export_appointment_summary_pdf(&self, person_id: &str, path: &Path) -> Result<SavedPdf, AppError> {
        self.may_export(person_id)?;
        let doc = crate::appointment::appointment_document(&self.gather_for_paper(person_id)?);
        write_pdf(&doc, path)
    }

    /// Saves the emergency card of `person_id` (allergies, current medicines, key conditions,
    /// emergency contacts, communication needs) as a PDF at `path`.
    pub fn export_emergency_card_pdf(&self, person_id: &str, path: &Path) -> Result<SavedPdf, AppError> {
        self.may_export(person_id)?;
        let doc = crate::appointment::emergency_document(&self.gather_for_paper(person_id)?);
        write_pdf(&doc, path)
    }

    /// Saves the home blood pressure week's summary of `person_id` as a PDF at `path`. Refused
    /// (INVALID_INPUT) while the week has no average yet.
    pub fn export_bp_week_pdf(&self, person_id: &str, path: &Path) -> Result<SavedPdf, AppError> {
        self.may_export(person_id)?;
        let person = self.person_by_id(person_id)?;
        let week = self.bp_week(person_id)?;
        let doc = printable::bp_week_document(&person, &week, self.printed_day()).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "There is no average to print yet. Take readings for at least 4 days first.",
            )
        })?;
        write_pdf(&doc, path)
    }

    /// Saves the glucose report of `person_id` for `from`..`to` (as [`App::glucose_report`]
    /// takes them: YYYY-MM-DD, both included, the last 14 days when left out) as a PDF at
    /// `path`. A report with too few readings is still saved, with its warning on the page.
    pub fn export_glucose_report_pdf(
        &self,
        person_id: &str,
        from: Option<&str>,
        to: Option<&str>,
        path: &Path,
    ) -> Result<SavedPdf, AppError> {
        self.may_export(person_id)?;
        let person = self.person_by_id(person_id)?;
        let report = self.glucose_report(person_id, from, to)?;
        let doc = printable::glucose_report_document(&person, &report, self.printed_day());
        write_pdf(&doc, path)
    }

    /// Saves `recovery_key` (as the record's set-up or a new recovery key gave it) on a page to
    /// print, as a PDF at `path`. The vault must be unlocked; the key must be a recovery key
    /// (RECOVERY_KEY_MALFORMED otherwise), and is printed in its usual groups.
    pub fn save_recovery_key_pdf(&self, recovery_key: SecretString, path: &Path) -> Result<SavedPdf, AppError> {
        self.with_vault(|_| Ok(()))?;
        let key = RecoveryKey::parse(recovery_key.expose_secret()).map_err(|e| {
            AppError::new(e.code(), "That is not a recovery key. Nothing was saved.").on_field(ErrorField::RecoveryKey)
        })?;
        let shown = key.display();
        let doc = printable::recovery_key_document(&shown, self.printed_day());
        write_pdf(&doc, path)
    }

    /// Saves a handover code (as `handover_create` gave it) on a page to print, as a PDF at
    /// `path`: the code in its groups and what to do with it, no one's name. The vault must be
    /// unlocked; the text must be a handover code (HANDOVER_CODE_MALFORMED otherwise).
    pub fn save_handover_code_pdf(&self, code: SecretString, path: &Path) -> Result<SavedPdf, AppError> {
        self.with_vault(|_| Ok(()))?;
        let code = phr_vault::HandoverCode::parse(code.expose_secret()).map_err(|e| {
            AppError::new(e.code, "That is not a handover code. Nothing was saved.").on_field(ErrorField::HandoverCode)
        })?;
        let doc = printable::handover_code_document(code.as_str(), self.printed_day());
        write_pdf(&doc, path)
    }

    /// The file name a Save dialog offers for `doc`: what it is and today's date by the app's
    /// clock (`health-record-summary-2026-12-04.pdf`); no one's name, since the file may be
    /// left in a shared folder.
    pub fn pdf_file_name(&self, doc: Printable) -> String {
        let what = match doc {
            Printable::Summary => "health-record-summary",
            Printable::BpWeek => "blood-pressure-week",
            Printable::GlucoseReport => "glucose-report",
            Printable::RecoveryKey => "recovery-key",
            Printable::HandoverCode => "handover-code",
            Printable::AppointmentSummary => "for-my-appointment",
            Printable::EmergencyCard => "emergency-information",
        };
        format!("{what}-{}.pdf", self.printed_day().format("%Y-%m-%d"))
    }

    pub(crate) fn person_by_id(&self, person_id: &str) -> Result<Person, AppError> {
        self.list_people()?
            .into_iter()
            .find(|p| p.id.as_str() == person_id)
            .ok_or_else(|| AppError::new(ErrorCode::PersonNotFound, "That person is not in this record."))
    }

    fn printed_day(&self) -> chrono::NaiveDate {
        local_today(self.clock.now())
    }
}

/// Renders `doc` and writes it to `path` (0600, atomically). The bytes are wiped from memory
/// after: they may hold a recovery key.
fn write_pdf(doc: &phr_pdf::Document, path: &Path) -> Result<SavedPdf, AppError> {
    let bytes = Zeroizing::new(
        phr_pdf::render(doc)
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("The PDF could not be made: {e}")))?,
    );
    phr_vault::write_file_atomically(path, &bytes).map_err(|e| AppError::from(e).on_field(ErrorField::Path))?;
    Ok(SavedPdf { path: path.display().to_string(), bytes: u64::try_from(bytes.len()).unwrap_or(u64::MAX) })
}
