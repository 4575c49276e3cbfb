//! Device files (Dexcom, LibreView, OMRON, iHealth, Open mHealth, a mapped spreadsheet): a
//! preview of what importing would do, and the import itself, in one transaction.

use std::collections::BTreeMap;
use std::path::Path;

use phr_core::ErrorCode;
use phr_core::readings::{self as core};
use phr_vault::{NewReading, StoredReading};

use super::entry::to_dto_with;
use super::local::local_offset;
use crate::ErrorField;
use crate::app::App;
use crate::dto::AppError;
use crate::dto_readings::*;

/// Readings of a device file shown in its preview.
const SAMPLE_ROWS: usize = 20;

impl App {
    /// What importing a device file would do, without storing anything.
    pub fn preview_device_file(
        &self,
        person_id_str: &str,
        path: &Path,
        format: Option<DeviceFormat>,
        mapping: Option<ColumnMapping>,
    ) -> Result<DeviceImportPreview, AppError> {
        let id = self.record_person(person_id_str)?;
        let parsed = self.parse_device_file(path, format, mapping.as_ref())?;
        let now = self.clock.now();
        let mut kinds: BTreeMap<core::ReadingKind, u32> = BTreeMap::new();
        for r in &parsed.parse.rows {
            *kinds.entry(r.reading.kind).or_default() += 1;
        }
        let label = parsed.parse.format.label();
        self.with_vault(|v| {
            let other_person = other_person(&v.person(&id)?.details, &parsed.owner);
            let duplicates = v.count_stored_duplicates(&id, &to_batch(&parsed.parse.rows, label))?;
            let targets = v.reading_targets(&id)?;
            let sample = parsed
                .parse
                .rows
                .iter()
                .take(SAMPLE_ROWS)
                .map(|r| {
                    let stored = StoredReading {
                        id: 0,
                        reading: r.reading.clone(),
                        source_name: Some(label.to_owned()),
                        created_at: now,
                        deleted: false,
                    };
                    let mut dto = to_dto_with(&targets, &stored);
                    dto.id = crate::dto_ids::ReadingId::default();
                    dto
                })
                .collect();
            Ok(DeviceImportPreview {
                format: parsed.parse.format.into(),
                format_label: label.to_owned(),
                columns: parsed.parse.columns.clone(),
                needs_mapping: parsed.parse.needs_mapping,
                rows_readable: count_u32(parsed.parse.rows.len()),
                duplicates,
                problems: parsed.parse.problems.iter().cloned().map(Into::into).collect(),
                sample,
                kinds: kinds.into_iter().map(|(kind, count)| ReadingKindCount { kind: kind.into(), count }).collect(),
                other_person,
            })
        })
    }

    /// Imports a device file: every readable row in one transaction, rows already stored
    /// counted as duplicates, unreadable rows returned with their line and reason. The import
    /// goes into the import history, where it can be undone as a whole.
    ///
    /// A file that names someone else (its name or date of birth is not this person's) is
    /// refused with DEVICE_FILE_OTHER_PERSON and the question to ask, which names only this
    /// person, unless `confirm_owner`: the person said it is theirs, and the audit entry says
    /// the owner check was overridden (never whose the file seemed to be).
    pub fn import_device_file(
        &self,
        person_id_str: &str,
        path: &Path,
        format: Option<DeviceFormat>,
        mapping: Option<ColumnMapping>,
        confirm_owner: bool,
    ) -> Result<DeviceImportResult, AppError> {
        let id = self.record_person(person_id_str)?;
        // A device's file brings only readings, and the app offers it with the readings
        // ("Import readings from a device"): the person's "Add readings" box governs it, not
        // "Import from the GP or files", which brings entries of their record.
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Readings)?;
        let DeviceFile { parse: parsed, owner } = self.parse_device_file(path, format, mapping.as_ref())?;
        if parsed.needs_mapping {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} is a spreadsheet the app does not recognise. Choose which column holds the time and which the values.",
                    file_name(path)
                ),
            )
            .on_field(ErrorField::Mapping));
        }
        let label = parsed.format.label();
        let batch: Vec<NewReading> = parsed
            .rows
            .into_iter()
            .map(|r| NewReading {
                reading: r.reading,
                source_name: Some(label.to_owned()),
                dedupe_key: Some(r.dedupe_key),
            })
            .collect();
        self.with_vault(|v| {
            let question = other_person(&v.person(&id)?.details, &owner);
            if let (Some(question), false) = (&question, confirm_owner) {
                return Err(AppError::new(ErrorCode::DeviceFileOtherPerson, question.clone()));
            }
            let from = phr_vault::DeviceImport {
                label: label.to_owned(),
                file: file_name(path),
                unreadable: count_u32(parsed.problems.len()),
                owner_overridden: question.is_some(),
            };
            // A file with no reading in it stores nothing: no import to list or undo.
            let counts = if batch.is_empty() {
                phr_vault::ImportCounts::default()
            } else {
                v.import_device_readings(&id, &batch, &from)?
            };
            Ok(DeviceImportResult {
                added: counts.added,
                duplicates: counts.duplicates,
                problems: parsed.problems.into_iter().map(Into::into).collect(),
                import_id: (counts.import_id > 0).then(|| counts.import_id.to_string().into()),
            })
        })
    }

    fn parse_device_file(
        &self,
        path: &Path,
        format: Option<DeviceFormat>,
        mapping: Option<&ColumnMapping>,
    ) -> Result<DeviceFile, AppError> {
        let now = self.clock.now();
        let bytes = crate::file_caps::read_capped(
            path,
            crate::file_caps::MAX_DEVICE_FILE_BYTES,
            crate::file_caps::FileKind::Device,
            ErrorField::Path,
        )?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mapping = mapping.cloned().map(core::ColumnMapping::from);
        let parse = core::device::parse(text, format.map(Into::into), mapping.as_ref(), local_offset(now), now)
            .map_err(|e| {
                AppError::new(e.code, format!("{} ({})", e.message, file_name(path))).on_field(ErrorField::Path)
            })?;
        let owner = core::device::file_owner(text, parse.format);
        Ok(DeviceFile { parse, owner })
    }
}

/// A device file as read: its rows and problems, and whom it says it belongs to.
struct DeviceFile {
    parse: core::DeviceParse,
    owner: Option<core::device::FileOwner>,
}

/// The question to ask when the file names someone other than `person`; `None` when it
/// names no one, or them.
fn other_person(person: &phr_core::person::PersonDetails, owner: &Option<core::device::FileOwner>) -> Option<String> {
    match core::device::check_owner(owner.as_ref(), person) {
        core::device::OwnerCheck::Differs { name, date_of_birth } => {
            Some(core::device::other_person_question(&person.name, name, date_of_birth))
        }
        core::device::OwnerCheck::NotNamed | core::device::OwnerCheck::Matches => None,
    }
}

/// Device rows as they would be stored (the preview's duplicate check), cloned.
fn to_batch(rows: &[core::DeviceRow], label: &str) -> Vec<NewReading> {
    rows.iter()
        .map(|r| NewReading {
            reading: r.reading.clone(),
            source_name: Some(label.to_owned()),
            dedupe_key: Some(r.dedupe_key.clone()),
        })
        .collect()
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
