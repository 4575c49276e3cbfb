//! Readings: adding with checks and confirmation, listing, editing with undo, device imports,
//! statistics (the NICE home blood pressure average), chart series, targets and export.
//!
//! Times people type without an offset are read in this computer's local offset (the core
//! never reads a clock or a time zone; this crate does).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use phr_core::ErrorCode;
use phr_core::readings::{self as core, CheckedReading, ReadingKind};
use phr_vault::{NewReading, PersonId, ReadingFilter, StoredReading, Vault};

use crate::app::{App, person_id};
use crate::dto::AppError;
use crate::dto_readings::*;
use crate::dto_record::ExportInfo;

/// Readings a list page holds by default, and at most.
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;
/// Readings of a device file shown in its preview.
const SAMPLE_ROWS: usize = 20;

impl App {
    /// Every kind with what the quick-add form needs.
    pub fn reading_kinds(&self) -> Vec<ReadingKindInfo> {
        ReadingKind::ALL.iter().map(|k| kind_info(*k)).collect()
    }

    /// Checks and stores a reading. An impossible value is refused (READING_IMPOSSIBLE, with
    /// the field); an unusual one is refused until `confirm` is set
    /// (READING_NEEDS_CONFIRMATION, with the reasons and the field), then stored flagged.
    pub fn add_reading(&self, person_id_str: &str, input: ReadingInput) -> Result<Reading, AppError> {
        let id = person_id(person_id_str)?;
        let checked = self.checked(&input)?;
        self.with_vault(|v| {
            let stored = v.add_reading(&id, &NewReading { reading: checked, source_name: None, dedupe_key: None })?;
            to_dto(v, &id, &stored)
        })
    }

    /// Replaces a reading with `input`, checked as when adding.
    pub fn update_reading(
        &self,
        person_id_str: &str,
        reading_id: &str,
        input: ReadingInput,
    ) -> Result<Reading, AppError> {
        let id = person_id(person_id_str)?;
        let rid = reading_id_of(reading_id)?;
        let checked = self.checked(&input)?;
        self.with_vault(|v| {
            let stored = v.update_reading(&id, rid, &checked)?;
            to_dto(v, &id, &stored)
        })
    }

    /// Deletes a reading; [`App::restore_reading`] undoes it.
    pub fn delete_reading(&self, person_id_str: &str, reading_id: &str) -> Result<(), AppError> {
        let id = person_id(person_id_str)?;
        let rid = reading_id_of(reading_id)?;
        self.with_vault(|v| Ok(v.delete_reading(&id, rid)?))
    }

    /// Undoes a delete. NOTHING_TO_UNDO when the reading is not deleted.
    pub fn restore_reading(&self, person_id_str: &str, reading_id: &str) -> Result<Reading, AppError> {
        let id = person_id(person_id_str)?;
        let rid = reading_id_of(reading_id)?;
        self.with_vault(|v| {
            let stored = v.restore_reading(&id, rid)?;
            to_dto(v, &id, &stored)
        })
    }

    /// Readings newest first, a page at a time.
    pub fn list_readings(&self, person_id_str: &str, q: ReadingQuery) -> Result<ReadingPage, AppError> {
        let id = person_id(person_id_str)?;
        let offset = self.local_offset();
        let filter = ReadingFilter {
            kind: q.kind,
            from_ms: q.from.as_deref().map(|s| range_start(s, offset, "from")).transpose()?,
            to_ms: q.to.as_deref().map(|s| range_end(s, offset, "to")).transpose()?,
            limit: Some(q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)),
            offset: q.offset.unwrap_or(0),
        };
        self.with_vault(|v| {
            let (rows, total) = v.list_readings(&id, &filter)?;
            let targets = v.reading_targets(&id)?;
            let readings = rows.iter().map(|r| to_dto_with(&targets, r)).collect();
            Ok(ReadingPage { readings, total })
        })
    }

    /// Count, mean, lowest and highest of a kind over a range (all time when open); for blood
    /// pressure also the NICE home average of the readings in the range.
    pub fn reading_stats(
        &self,
        person_id_str: &str,
        kind: ReadingKind,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<ReadingStats, AppError> {
        let id = person_id(person_id_str)?;
        let offset = self.local_offset();
        let from_ms = from.map(|s| range_start(s, offset, "from")).transpose()?.unwrap_or(i64::MIN);
        let to_ms = to.map(|s| range_end(s, offset, "to")).transpose()?.unwrap_or(i64::MAX);
        self.with_vault(|v| {
            let s = v.reading_stats(&id, kind, from_ms, to_ms)?;
            let home_bp = if kind == ReadingKind::BloodPressure {
                let bp = bp_readings(v, &id, from_ms, to_ms)?;
                Some(core::nice_home_bp_average(&bp))
            } else {
                None
            };
            let two = kind.has_second_value();
            Ok(ReadingStats {
                kind,
                unit: kind.unit().to_owned(),
                count: s.count,
                mean: s.mean,
                min: s.min,
                max: s.max,
                mean2: s.mean2.filter(|_| two),
                min2: s.min2.filter(|_| two),
                max2: s.max2.filter(|_| two),
                home_bp,
            })
        })
    }

    /// A series for a chart over `[from, to]` with at most `max_points` points (each bucket's
    /// lowest and highest reading kept), the person's target and guidance's thresholds.
    pub fn chart_series(
        &self,
        person_id_str: &str,
        kind: ReadingKind,
        from: &str,
        to: &str,
        max_points: u32,
    ) -> Result<ChartSeries, AppError> {
        let id = person_id(person_id_str)?;
        let offset = self.local_offset();
        let from_ms = range_start(from, offset, "from")?;
        let to_ms = range_end(to, offset, "to")?;
        if to_ms <= from_ms {
            return Err(
                AppError::new(ErrorCode::InvalidInput, "The end of the range is before its start.").on_field("to")
            );
        }
        self.with_vault(|v| {
            // Buckets are spread over the range asked for; an "all time" range from 1900 would
            // put every reading into the last few buckets. So the range shrinks to the
            // readings that exist, and the chart's resolution goes where the data is.
            let (from_ms, to_ms) = match v.reading_time_span(&id, kind)? {
                Some((first, last)) if first.max(from_ms) <= last.min(to_ms) => {
                    (first.max(from_ms), last.saturating_add(1).min(to_ms))
                }
                _ => (from_ms, to_ms),
            };
            let s = v.reading_series(&id, kind, from_ms, to_ms, max_points.clamp(8, 20_000))?;
            let two = kind.has_second_value();
            let target = v.reading_targets(&id)?.into_iter().find(|t| t.kind == kind);
            Ok(ChartSeries {
                kind,
            let (outside, outside2) = crate::readings_derived::chart_flags(target.as_ref(), &s.points, two);
                unit: kind.unit().to_owned(),
                from: from.to_owned(),
                to: to.to_owned(),
                times: s.points.iter().map(|p| p.at.div_euclid(1000)).collect(),
                values: s.points.iter().map(|p| p.value).collect(),
                values2: if two { s.points.iter().map(|p| p.value2.unwrap_or(f64::NAN)).collect() } else { Vec::new() },
                raw_count: s.raw_count,
                reduced: s.reduced,
                target: target.map(Into::into),
                thresholds: core::target::default_thresholds(kind).into_iter().map(Into::into).collect(),
                outside,
                outside2,
            })
        })
    }

    pub fn targets(&self, person_id_str: &str) -> Result<Vec<Target>, AppError> {
        let id = person_id(person_id_str)?;
        self.with_vault(|v| Ok(v.reading_targets(&id)?))
    }

    /// Sets the target for its kind (every bound open removes it); returns all targets.
    pub fn set_target(&self, person_id_str: &str, target: Target) -> Result<Vec<Target>, AppError> {
        let id = person_id(person_id_str)?;
        let target = crate::checks::target_problem(&target)?;
        self.with_vault(|v| Ok(v.set_reading_target(&id, &target)?.into_iter().map(Into::into).collect()))
    }

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
        let mut kinds: BTreeMap<ReadingKind, u32> = BTreeMap::new();
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
                    dto.id = String::new();
                    dto
                })
                .collect();
            Ok(DeviceImportPreview {
                format: parsed.format,
                format_label: label.to_owned(),
                columns: parsed.columns.clone(),
                needs_mapping: parsed.needs_mapping,
                rows_readable: count_u32(parsed.rows.len()),
                duplicates,
                problems: parsed.problems.clone(),
                sample,
                kinds: kinds.into_iter().map(|(kind, count)| ReadingKindCount { kind, count }).collect(),
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
            .on_field("mapping"));
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
            Ok(DeviceImportResult { added: counts.added, duplicates: counts.duplicates, problems: parsed.problems })
        })
    }

    /// The home blood pressure week: progress, what to do next, and the average so far.
    pub fn bp_week(&self, person_id_str: &str) -> Result<BpWeek, AppError> {
        let id = person_id(person_id_str)?;
        let now = self.clock.now();
        self.with_vault(|v| bp_week_of(v, &id, now))
    }

    /// Starts (or restarts) the home blood pressure week today.
    pub fn start_bp_week(&self, person_id_str: &str) -> Result<BpWeek, AppError> {
        let id = person_id(person_id_str)?;
        let now = self.clock.now();
        let local = now.with_timezone(&self.local_offset());
        self.with_vault(|v| {
            v.start_bp_week(&id, local)?;
            bp_week_of(v, &id, now)
        })
    }

    /// Writes every reading as a FHIR R4 collection Bundle of Observations to `path`
    /// atomically, inside the transaction that records the export in the audit log.
    pub fn export_readings(&self, person_id_str: &str, path: &Path) -> Result<ExportInfo, AppError> {
        let id = person_id(person_id_str)?;
        self.with_vault(|v| {
            let e = v.export_readings(&id, path).map_err(|e| {
                let io = e.code == ErrorCode::Io;
                let e = AppError::from(e);
                if io { e.on_field("path") } else { e }
            })?;
            Ok(ExportInfo { path: e.path.display().to_string(), resources: e.resources, bytes: e.bytes })
        })
    }

    /// Checks a typed reading as of the app's clock; refuses impossible values and, unless
    /// confirmed, unusual ones.
    pub(crate) fn checked(&self, input: &ReadingInput) -> Result<CheckedReading, AppError> {
        let now = self.clock.now();
        let offset = self.local_offset();
        let at = match input.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => now.with_timezone(&offset),
            Some(s) => parse_instant(s, offset).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("The time {s:?} is not a date and time. Use a form like 2026-11-23T08:30."),
                )
                .on_field("at")
            })?,
        };
        let core_input = core::ReadingInput {
            kind: input.kind,
            at,
            value: input.value,
            value2: input.value2,
            pulse: input.pulse,
            unit: input.unit.clone(),
            context: input.context.clone(),
            arm: input.arm.clone(),
            position: input.position.clone(),
            text: input.text.clone(),
            note: input.note.clone(),
            source: core::ReadingSource::Typed,
        };
        let checked = core::check(&core_input, now)
            .map_err(|e| AppError::new(ErrorCode::ReadingImpossible, e.reason).on_field(&e.field))?;
        if let Some(first) = checked.unusual.first()
            && !input.confirm
        {
            let reasons: Vec<&str> = checked.unusual.iter().map(|u| u.reason.as_str()).collect();
            return Err(AppError::new(
                ErrorCode::ReadingNeedsConfirmation,
                format!("{} Check the reading; if it is right, confirm to save it.", reasons.join(" ")),
            )
            .on_field(&first.field));
        }
        Ok(checked)
    }

    /// This computer's UTC offset now.
    fn local_offset(&self) -> FixedOffset {
        Local.offset_from_utc_datetime(&self.clock.now().naive_utc()).fix()
    }

    fn parse_device_file(
        &self,
        path: &Path,
        format: Option<DeviceFormat>,
        mapping: Option<&ColumnMapping>,
    ) -> Result<core::DeviceParse, AppError> {
        let bytes = std::fs::read(path).map_err(|e| {
            AppError::new(ErrorCode::Io, format!("Could not read the file {}: {e}", path.display())).on_field("path")
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        core::device::parse(text, format, mapping, self.local_offset(), self.clock.now())
            .map_err(|e| AppError::new(e.code, format!("{} ({})", e.message, file_name(path))).on_field("path"))
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

fn reading_id_of(s: &str) -> Result<i64, AppError> {
    s.trim().parse::<i64>().map_err(|_| {
        AppError::new(ErrorCode::ReadingNotFound, format!("There is no reading with the id {s:?}.")).on_field("id")
    })
}

fn kind_info(k: ReadingKind) -> ReadingKindInfo {
    let opts = |c: &[core::Choice]| {
        c.iter().map(|c| ContextOption { value: c.value.to_owned(), label: c.label.to_owned() }).collect()
    };
    let hints = k.input_hints();
    ReadingKindInfo {
        kind: k,
        label: k.label().to_owned(),
        unit: k.unit().to_owned(),
        unit_label: k.unit_label().to_owned(),
        units_accepted: k.units_accepted().iter().map(|u| (*u).to_owned()).collect(),
        loinc: k.loinc().unwrap_or_default().to_owned(),
        has_second_value: k.has_second_value(),
        has_pulse: k.has_pulse(),
        is_text: k.is_text(),
        contexts: opts(k.contexts()),
        arms: opts(k.arms()),
        positions: opts(k.positions()),
        min: hints.min,
        max: hints.max,
        step: hints.step,
    }
}

fn to_dto(v: &Vault, id: &PersonId, r: &StoredReading) -> Result<Reading, AppError> {
    Ok(to_dto_with(&v.reading_targets(id)?, r))
}

pub(crate) fn to_dto_with(targets: &[core::Target], s: &StoredReading) -> Reading {
    let r = &s.reading;
    let out_of_target =
        targets.iter().find(|t| t.kind == r.kind).is_some_and(|t| core::out_of_target(t, r.value, r.value2));
    Reading {
        id: s.id.to_string(),
        kind: r.kind,
        at: r.at.to_rfc3339(),
        value: r.value,
        value2: r.value2,
        pulse: r.pulse,
        unit: r.kind.unit().to_owned(),
        entered_value: r.entered_value,
        entered_unit: r.entered_unit.clone(),
        context: r.context.clone(),
        arm: r.arm.clone(),
        position: r.position.clone(),
        text: r.text.clone(),
        note: r.note.clone(),
        source: r.source,
        source_name: s.source_name.clone(),
        unusual: r.unusual.iter().map(|u| u.reason.clone()).collect(),
        out_of_target,
        display: r.display(),
    }
}

/// Blood pressures in `[from_ms, to_ms)`, oldest first, as (time, systolic, diastolic).
fn bp_readings(
    v: &Vault,
    id: &PersonId,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<(DateTime<FixedOffset>, f64, f64)>, AppError> {
    let filter = ReadingFilter {
        kind: Some(ReadingKind::BloodPressure),
        from_ms: Some(from_ms),
        to_ms: Some(to_ms),
        limit: None,
        offset: 0,
    };
    let (rows, _) = v.list_readings(id, &filter)?;
    let mut out: Vec<_> =
        rows.iter().filter_map(|r| Some((r.reading.at, r.reading.value?, r.reading.value2?))).collect();
    out.reverse();
    Ok(out)
}

fn bp_week_of(v: &Vault, id: &PersonId, now: DateTime<Utc>) -> Result<BpWeek, AppError> {
    let Some(start) = v.bp_week_start(id)? else {
        return Ok(BpWeek {
            active: false,
            started_at: None,
            days: Vec::new(),
            next_step: "Start a blood pressure week to get the average your GP asks for: two readings a \
                        minute apart, morning and evening, for 7 days."
                .to_owned(),
            complete: false,
            average: None,
        });
    };
    let first_day = start.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default();
    let from = start
        .offset()
        .from_local_datetime(&first_day)
        .single()
        .map_or(start.timestamp_millis(), |t| t.timestamp_millis());
    let to = from + 8 * 86_400_000;
    let readings = bp_readings(v, id, from, to)?;
    let status = core::bp_week_status(start, &readings, now);
    Ok(BpWeek {
        active: !status.complete,
        started_at: Some(start.to_rfc3339()),
        days: status
            .days
            .iter()
            .map(|d| BpWeekDay { date: d.date.format("%Y-%m-%d").to_string(), morning: d.morning, evening: d.evening })
            .collect(),
        next_step: status.next_step,
        complete: status.complete,
        average: status.average,
    })
}

/// An instant as typed: RFC 3339, or a local date and time without an offset
/// (`2026-11-23T08:30`, `2026-11-23 08:30:15`), read in `offset`.
pub(crate) fn parse_instant(s: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .and_then(|n| offset.from_local_datetime(&n).single())
}

fn bad_range(s: &str, field: &str) -> AppError {
    AppError::new(ErrorCode::InvalidInput, format!("{s:?} is not a date. Use YYYY-MM-DD, such as 2026-11-23."))
        .on_field(field)
}

/// The start of a range: a date means from its first moment (local), an instant as given.
pub(crate) fn range_start(s: &str, offset: FixedOffset, field: &str) -> Result<i64, AppError> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return local_midnight(d, offset).ok_or_else(|| bad_range(s, field));
    }
    parse_instant(s, offset).map(|t| t.timestamp_millis()).ok_or_else(|| bad_range(s, field))
}

/// The end of a range (exclusive): a date means to the end of that day (local).
pub(crate) fn range_end(s: &str, offset: FixedOffset, field: &str) -> Result<i64, AppError> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.succ_opt().and_then(|n| local_midnight(n, offset)).ok_or_else(|| bad_range(s, field));
    }
    parse_instant(s, offset).map(|t| t.timestamp_millis() + 1).ok_or_else(|| bad_range(s, field))
}

fn local_midnight(d: NaiveDate, offset: FixedOffset) -> Option<i64> {
    d.and_hms_opt(0, 0, 0).and_then(|n| offset.from_local_datetime(&n).single()).map(|t| t.timestamp_millis())
}
