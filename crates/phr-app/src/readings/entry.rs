//! Readings one at a time: the kinds a person can enter, adding with checks and confirmation,
//! editing, deleting with undo, and listing a page at a time.

use phr_core::ErrorCode;
use phr_core::local_time;
use phr_core::readings::{self as core, CheckedReading};
use phr_vault::{NewReading, PersonId, ReadingFilter, StoredReading, Vault};

use super::local::{local_offset, range_end, range_start};
use crate::ErrorField;
use crate::app::{App, person_id};
use crate::dto::AppError;
use crate::dto_readings::*;

/// Readings a list page holds by default, and at most.
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;

impl App {
    /// Every kind with what the quick-add form needs.
    pub fn reading_kinds(&self) -> Vec<ReadingKindInfo> {
        core::ReadingKind::ALL.iter().map(|k| kind_info(*k)).collect()
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
        let offset = local_offset(self.clock.now());
        let filter = ReadingFilter {
            kind: q.kind.map(Into::into),
            from_ms: q.from.as_deref().map(|s| range_start(s, offset, ErrorField::From)).transpose()?,
            to_ms: q.to.as_deref().map(|s| range_end(s, offset, ErrorField::To)).transpose()?,
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

    /// Checks a typed reading as of the app's clock; refuses impossible values and, unless
    /// confirmed, unusual ones.
    pub(crate) fn checked(&self, input: &ReadingInput) -> Result<CheckedReading, AppError> {
        let now = self.clock.now();
        let offset = local_offset(now);
        let at = match input.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => now.with_timezone(&offset),
            Some(s) => local_time::parse_instant(s, offset).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("The time {s:?} is not a date and time. Use a form like 2026-11-23T08:30."),
                )
                .on_field(ErrorField::At)
            })?,
        };
        let core_input = core::ReadingInput {
            kind: input.kind.into(),
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
            .map_err(|e| AppError::new(ErrorCode::ReadingImpossible, e.reason).on_field_named(&e.field))?;
        if let Some(first) = checked.unusual.first()
            && !input.confirm
        {
            let reasons: Vec<&str> = checked.unusual.iter().map(|u| u.reason.as_str()).collect();
            return Err(AppError::new(
                ErrorCode::ReadingNeedsConfirmation,
                format!("{} Check the reading; if it is right, confirm to save it.", reasons.join(" ")),
            )
            .on_field_named(&first.field));
        }
        Ok(checked)
    }
}

fn reading_id_of(s: &str) -> Result<i64, AppError> {
    s.trim().parse::<i64>().map_err(|_| {
        AppError::new(ErrorCode::ReadingNotFound, format!("There is no reading with the id {s:?}."))
            .on_field(ErrorField::Id)
    })
}

fn kind_info(k: core::ReadingKind) -> ReadingKindInfo {
    let opts = |c: &[core::Choice]| {
        c.iter().map(|c| ContextOption { value: c.value.to_owned(), label: c.label.to_owned() }).collect()
    };
    let hints = k.input_hints();
    ReadingKindInfo {
        kind: k.into(),
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
        id: s.id.into(),
        kind: r.kind.into(),
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
        source: r.source.into(),
        source_name: s.source_name.clone(),
        unusual: r.unusual.iter().map(|u| u.reason.clone()).collect(),
        out_of_target,
        display: r.display(),
    }
}
