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
use crate::app::{App, person_id};
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
        let id = person_id(person_id_str)?;
        let parsed = self.parse_device_file(path, format, mapping.as_ref())?;
        let now = self.clock.now();
        let mut kinds: BTreeMap<core::ReadingKind, u32> = BTreeMap::new();
        for r in &parsed.rows {
            *kinds.entry(r.reading.kind).or_default() += 1;
        }
        let label = parsed.format.label();
        self.with_vault(|v| {
            let duplicates = v.count_stored_duplicates(&id, &to_batch(&parsed.rows, label))?;
            let targets = v.reading_targets(&id)?;
            let sample = parsed
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
                format: parsed.format.into(),
                format_label: label.to_owned(),
                columns: parsed.columns.clone(),
                needs_mapping: parsed.needs_mapping,
                rows_readable: count_u32(parsed.rows.len()),
                duplicates,
                problems: parsed.problems.iter().cloned().map(Into::into).collect(),
                sample,
                kinds: kinds.into_iter().map(|(kind, count)| ReadingKindCount { kind: kind.into(), count }).collect(),
            })
        })
    }

    /// Imports a device file: every readable row in one transaction, rows already stored
    /// counted as duplicates, unreadable rows returned with their line and reason.
    pub fn import_device_file(
        &self,
        person_id_str: &str,
        path: &Path,
        format: Option<DeviceFormat>,
        mapping: Option<ColumnMapping>,
    ) -> Result<DeviceImportResult, AppError> {
        let id = person_id(person_id_str)?;
        let parsed = self.parse_device_file(path, format, mapping.as_ref())?;
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
            let counts = if batch.is_empty() {
                phr_vault::ImportCounts::default()
            } else {
                v.import_readings(&id, &batch, &format!("a device file ({label})"))?
            };
            Ok(DeviceImportResult {
                added: counts.added,
                duplicates: counts.duplicates,
                problems: parsed.problems.into_iter().map(Into::into).collect(),
            })
        })
    }

    fn parse_device_file(
        &self,
        path: &Path,
        format: Option<DeviceFormat>,
        mapping: Option<&ColumnMapping>,
    ) -> Result<core::DeviceParse, AppError> {
        let now = self.clock.now();
        let bytes = std::fs::read(path).map_err(|e| {
            AppError::new(ErrorCode::Io, format!("Could not read the file {}: {e}", path.display()))
                .on_field(ErrorField::Path)
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mapping = mapping.cloned().map(core::ColumnMapping::from);
        core::device::parse(text, format.map(Into::into), mapping.as_ref(), local_offset(now), now).map_err(|e| {
            AppError::new(e.code, format!("{} ({})", e.message, file_name(path))).on_field(ErrorField::Path)
        })
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
