//! The International Patient Summary through the facade: exporting one from the person's
//! record (the same slice a share gathers, every label but those the person leaves out), and
//! importing one from elsewhere, named after who sent it, with the question asked first when
//! it is about someone the app cannot match to the person.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use phr_core::ErrorCode;
use phr_core::ips::{self, IpsIds, SubjectCheck};
use phr_vault::record_store as rs;
use serde_json::Value;

use crate::App;
use crate::ErrorField;
use crate::dto::AppError;
use crate::dto_record::{
    DocumentSubjectView, ExportInfo, ImportReport, ImportSubjectQuestion, Sensitivity, SubjectIdentifierView,
};

/// The heading and question the import asks before an IPS about someone it cannot match.
pub const SUBJECT_HEADING: &str = "Check who this summary is about";
pub const SUBJECT_QUESTION: &str =
    "It may be about someone else. Add it only if it is about the person whose record this is.";

/// A new random UUID, hyphenated: the core draws none.
fn new_uuid() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// The longest sender name kept as a source's name.
const SENDER_MAX: usize = 200;

impl App {
    /// Writes an International Patient Summary of the person's record to `path`: a FHIR R4
    /// document Bundle for a professional's system, with every entry except those whose label
    /// is in `leave_out`. The file is NOT encrypted. Audited as an export.
    pub fn export_ips(
        &self,
        person_id_str: &str,
        path: &Path,
        leave_out: &[Sensitivity],
    ) -> Result<ExportInfo, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Export)?;
        let leave_out: Vec<phr_core::record::Sensitivity> = leave_out.iter().map(|s| (*s).into()).collect();
        let now = self.clock.now();
        self.with_vault(|v| {
            let contents = v.share_contents(&id, &ips::ips_slice(&leave_out))?;
            let ids = IpsIds { bundle: new_uuid(), composition: new_uuid(), patient: new_uuid() };
            let built = ips::build_ips(&contents, &ids, now)?;
            let resources = u32::try_from(built.resources).unwrap_or(u32::MAX);
            let detail = if leave_out.is_empty() {
                "an International Patient Summary exported".to_owned()
            } else {
                let labels: Vec<&str> = leave_out.iter().map(|s| s.label()).collect();
                format!("an International Patient Summary exported, leaving out {}", labels.join(", ").to_lowercase())
            };
            let e = v.export_document(&id, path, &built.json, resources, &detail).map_err(|e| {
                let io = e.code == ErrorCode::Io;
                let e = AppError::from(e);
                if io { e.on_field(ErrorField::Path) } else { e }
            })?;
            Ok(ExportInfo { path: e.path.display().to_string(), resources: e.resources, bytes: e.bytes })
        })
    }

    /// Imports FHIR files as [`App::import_files`] does. An International Patient Summary among
    /// them is named after who sent it (its custodian or author) when every file is one from
    /// the same sender. One whose single Patient the app cannot match to the person is refused
    /// with IMPORT_SUBJECT_UNCONFIRMED (ask with [`App::import_subject_question`]) unless
    /// `subject_confirmed`: the person said it is about them, and the audit entry says the
    /// check was overridden. A document with several Patients is never let through this way.
    pub fn import_files_confirmed(
        &self,
        person_id_str: &str,
        paths: &[PathBuf],
        subject_confirmed: bool,
    ) -> Result<ImportReport, AppError> {
        let docs = crate::record::read_fhir_files(paths)?;
        let found = incoming_ips(&docs);
        if found.is_empty() {
            return self.import_documents_from(person_id_str, rs::SourceInfo::files(), docs, false);
        }
        let id = self.record_person(person_id_str)?;
        let person = self.with_vault(|v| Ok(v.person(&id)?.details))?;
        let to_confirm =
            found.iter().any(|(_, b)| matches!(ips::check_subject(b, &person), SubjectCheck::ToConfirm { .. }));
        if to_confirm && !subject_confirmed {
            return Err(AppError::new(
                ErrorCode::ImportSubjectUnconfirmed,
                "This summary may be about someone else: the app cannot match who it is about to this record. \
                 Check who it is about before adding it. Nothing was imported.",
            )
            .on_field(ErrorField::Paths));
        }
        let senders: Vec<Option<String>> = found.iter().map(|(_, b)| ips::sender_name(b)).collect();
        let source = match senders.first() {
            Some(Some(name)) if found.len() == docs.len() && senders.iter().all(|s| s.as_deref() == Some(name)) => {
                let name: String = name.chars().take(SENDER_MAX).collect();
                rs::SourceInfo {
                    kind: rs::SourceKind::File,
                    key: format!("ips:{name}"),
                    name,
                    ods_code: None,
                    url: None,
                }
            }
            _ => rs::SourceInfo::files(),
        };
        self.import_documents_from(person_id_str, source, docs, to_confirm)
    }

    /// What the person is asked before importing `paths` when an International Patient Summary
    /// among them is about someone the app cannot match to them; `None` when there is nothing
    /// to ask. Holds only what each document says of its subject.
    pub fn import_subject_question(
        &self,
        person_id_str: &str,
        paths: &[PathBuf],
    ) -> Result<Option<ImportSubjectQuestion>, AppError> {
        let docs = crate::record::read_fhir_files(paths)?;
        let found = incoming_ips(&docs);
        if found.is_empty() {
            return Ok(None);
        }
        let id = self.record_person(person_id_str)?;
        let person = self.with_vault(|v| Ok(v.person(&id)?.details))?;
        let documents: Vec<DocumentSubjectView> = found
            .iter()
            .filter_map(|(i, b)| match ips::check_subject(b, &person) {
                SubjectCheck::ToConfirm { subject, reasons } => Some(DocumentSubjectView {
                    file: docs.get(*i).map(|(name, _)| name.clone()).unwrap_or_default(),
                    sender: ips::sender_name(b),
                    names: subject.names,
                    birth_date: subject.birth_date.map(|d| birth_date_words(&d)),
                    identifiers: subject
                        .identifiers
                        .into_iter()
                        .map(|x| SubjectIdentifierView { label: x.label, value: x.value })
                        .collect(),
                    reasons,
                }),
                SubjectCheck::Matches | SubjectCheck::Refused { .. } => None,
            })
            .collect();
        Ok((!documents.is_empty()).then(|| ImportSubjectQuestion {
            heading: SUBJECT_HEADING.to_owned(),
            question: SUBJECT_QUESTION.to_owned(),
            documents,
        }))
    }
}

/// The documents among `docs` (name, text) that are International Patient Summaries, by index,
/// parsed. Only a text that mentions the IPS's type code is parsed here.
fn incoming_ips(docs: &[(String, String)]) -> Vec<(usize, Value)> {
    docs.iter()
        .enumerate()
        .filter(|(_, (_, text))| text.contains(ips::IPS_TYPE_CODE) && text.contains("\"document\""))
        .filter_map(|(i, (_, text))| {
            let v: Value = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).ok()?;
            ips::is_ips(&v).then_some((i, v))
        })
        .collect()
}

/// "1 May 1972"; a partial date as written.
fn birth_date_words(d: &str) -> String {
    d.get(..10)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .map_or_else(|| d.to_owned(), phr_core::en_gb::date)
}
