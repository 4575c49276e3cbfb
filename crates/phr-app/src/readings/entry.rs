//! Readings one at a time: the kinds a person can enter, adding with checks and confirmation,
//! editing, deleting with undo, and listing a page at a time.

use phr_core::ErrorCode;
use phr_core::local_time;
use phr_core::readings::{self as core, CheckedReading};
use phr_vault::{NewReading, ReadingFilter, StoredReading};

use super::local::{local_offset, local_today, range_end, range_start};
use crate::ErrorField;
use crate::advice::Judge;
use crate::app::App;
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
    /// the field); an unusual one, or one that meets a row of the red-flag table that asks to
    /// confirm (knowing the person's record), is refused until `confirm` is set
    /// (READING_NEEDS_CONFIRMATION, with the reasons, the field and the advice), then stored
    /// flagged. The reading returned carries its advice.
    pub fn add_reading(&self, person_id_str: &str, input: ReadingInput) -> Result<Reading, AppError> {
        let id = self.record_person(person_id_str)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Readings)?;
        let mut checked = self.checked_input(&input)?;
        let today = local_today(self.clock.now());
        self.with_vault(|v| {
            let judge = Judge::of(v, &id, today)?.with_weights(v, &id, [checked.at])?;
            confirmed(&input, &mut checked, &judge)?;
            let stored = v.add_reading(&id, &NewReading { reading: checked, source_name: None, dedupe_key: None })?;
            Ok(to_dto_judged(&v.reading_targets(&id)?, &judge, &stored))
        })
    }

    /// Replaces a reading with `input`, checked (and confirmed) as when adding.
    pub fn update_reading(
        &self,
        person_id_str: &str,
        reading_id: &str,
        input: ReadingInput,
    ) -> Result<Reading, AppError> {
        let id = self.record_person(person_id_str)?;
        let rid = reading_id_of(reading_id)?;
        let mut checked = self.checked_input(&input)?;
        let today = local_today(self.clock.now());
        self.with_vault(|v| {
            let judge = Judge::of(v, &id, today)?.with_weights(v, &id, [checked.at])?;
            confirmed(&input, &mut checked, &judge)?;
            let stored = v.update_reading(&id, rid, &checked)?;
            Ok(to_dto_judged(&v.reading_targets(&id)?, &judge, &stored))
        })
    }

    /// Deletes a reading; [`App::restore_reading`] undoes it.
    pub fn delete_reading(&self, person_id_str: &str, reading_id: &str) -> Result<(), AppError> {
        let id = self.record_person(person_id_str)?;
        let rid = reading_id_of(reading_id)?;
        self.with_vault(|v| Ok(v.delete_reading(&id, rid)?))
    }

    /// Undoes a delete. NOTHING_TO_UNDO when the reading is not deleted.
    pub fn restore_reading(&self, person_id_str: &str, reading_id: &str) -> Result<Reading, AppError> {
        let id = self.record_person(person_id_str)?;
        let rid = reading_id_of(reading_id)?;
        let today = local_today(self.clock.now());
        self.with_vault(|v| {
            let stored = v.restore_reading(&id, rid)?;
            let judge = Judge::of(v, &id, today)?.with_weights(v, &id, [stored.reading.at])?;
            Ok(to_dto_judged(&v.reading_targets(&id)?, &judge, &stored))
        })
    }

    /// Readings newest first, a page at a time.
    pub fn list_readings(&self, person_id_str: &str, q: ReadingQuery) -> Result<ReadingPage, AppError> {
        let id = self.record_person(person_id_str)?;
        let offset = local_offset(self.clock.now());
        let filter = ReadingFilter {
            kind: q.kind.map(Into::into),
            from_ms: q.from.as_deref().map(|s| range_start(s, offset, ErrorField::From)).transpose()?,
            to_ms: q.to.as_deref().map(|s| range_end(s, offset, ErrorField::To)).transpose()?,
            limit: Some(q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)),
            offset: q.offset.unwrap_or(0),
        };
        let today = local_today(self.clock.now());
        let source = q.source.map_or(core::SourceFilter::All, Into::into);
        self.with_vault(|v| {
            let targets = v.reading_targets(&id)?;
            let gp = if source.admits(core::Origin::AtGp) {
                super::gp::gp_readings(v, &id, filter.kind, filter.from_ms, filter.to_ms)?
            } else {
                Vec::new()
            };
            if !source.admits(core::Origin::AtHome) {
                let judge = Judge::of(v, &id, today)?;
                let total = gp.len() as u64;
                let readings = super::gp::page(gp, filter.offset, filter.limit)
                    .iter()
                    .map(|g| super::gp::to_dto(&judge, g))
                    .collect();
                return Ok(ReadingPage { readings, total });
            }
            // Home rows up to the end of the page, merged with the GP ones by time; the page is
            // cut from the merged list (as the vault does across kinds).
            let wanted = filter.limit.map(|l| l.saturating_add(filter.offset));
            let home_filter = if gp.is_empty() {
                filter.clone()
            } else {
                ReadingFilter { limit: wanted, offset: 0, ..filter.clone() }
            };
            let (rows, home_total) = v.list_readings(&id, &home_filter)?;
            let total = home_total + gp.len() as u64;
            // The page is cut by time from the home rows and the GP ones together, and only
            // its own readings are judged and turned into what the screen shows: a page deep
            // in a record of a million readings judges 50, not the thousands before it.
            let mut merged: Vec<(chrono::DateTime<chrono::FixedOffset>, Either<'_>)> = rows
                .iter()
                .map(|r| (r.reading.at, Either::Home(r)))
                .chain(gp.iter().map(|g| (g.at, Either::Gp(g))))
                .collect();
            if !gp.is_empty() {
                merged.sort_by_key(|m| std::cmp::Reverse(m.0));
                merged = merged
                    .into_iter()
                    .skip(filter.offset as usize)
                    .take(filter.limit.map_or(usize::MAX, |l| l as usize))
                    .collect();
            }
            let home: Vec<StoredReading> = merged
                .iter()
                .filter_map(|(_, item)| match item {
                    Either::Home(r) => Some((*r).clone()),
                    Either::Gp(_) => None,
                })
                .collect();
            let judge = Judge::of(v, &id, today)?.with_weights(v, &id, weight_times(&home))?;
            let readings = merged
                .into_iter()
                .map(|(_, item)| match item {
                    Either::Home(r) => to_dto_judged(&targets, &judge, r),
                    Either::Gp(g) => super::gp::to_dto(&judge, g),
                })
                .collect();
            Ok(ReadingPage { readings, total })
        })
    }

    /// Checks a typed reading as of the app's clock, knowing nothing of the person: refuses
    /// impossible values and, unless confirmed, unusual ones or ones that meet a row of the
    /// red-flag table asking to confirm ([`App::check_reading`]).
    pub(crate) fn checked(&self, input: &ReadingInput) -> Result<CheckedReading, AppError> {
        let mut checked = self.checked_input(input)?;
        let today = local_today(self.clock.now());
        confirmed(input, &mut checked, &Judge::alone(today))?;
        Ok(checked)
    }

    /// Checks a typed reading as of the app's clock: the impossible is refused; what is
    /// unusual is listed on the reading for [`confirmed`] to decide on.
    pub(crate) fn checked_input(&self, input: &ReadingInput) -> Result<CheckedReading, AppError> {
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
        core::check(&core_input, now)
            .map_err(|e| AppError::new(ErrorCode::ReadingImpossible, e.reason).on_field_named(&e.field))
    }
}

/// Refuses a reading that needs a second look until the person confirms it: anything the
/// checks flagged, or a red-flag row that asks to confirm (the rows that need the person's
/// record add their words to the reading's flags). The refusal carries the advice, for the
/// question before saving.
fn confirmed(input: &ReadingInput, checked: &mut CheckedReading, judge: &Judge) -> Result<(), AppError> {
    let advice = judge.advise(checked);
    if let Some(a) = advice.as_ref().filter(|a| a.rule.confirm)
        && !checked.unusual.iter().any(|u| u.field == a.field)
    {
        checked.unusual.push(core::Unusual { field: a.field.to_string(), reason: format!("{}.", a.rule.headline) });
    }
    let Some(first) = checked.unusual.first() else { return Ok(()) };
    if input.confirm {
        return Ok(());
    }
    let reasons: Vec<&str> = checked.unusual.iter().map(|u| u.reason.as_str()).collect();
    Err(AppError::new(
        ErrorCode::ReadingNeedsConfirmation,
        format!("{} Check the reading; if it is right, confirm to save it.", reasons.join(" ")),
    )
    .on_field_named(&first.field)
    .with_advice(advice.map(|a| judge.reading_dto(&a, checked))))
}

/// The times of the weights among `rows`, for [`Judge::with_weights`].
/// A reading of a list page before it is judged: one the person took at home, or one from
/// their GP record.
enum Either<'a> {
    Home(&'a StoredReading),
    Gp(&'a core::GpReading),
}

pub(crate) fn weight_times(rows: &[StoredReading]) -> Vec<chrono::DateTime<chrono::FixedOffset>> {
    rows.iter().filter(|r| r.reading.kind == core::ReadingKind::Weight).map(|r| r.reading.at).collect()
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

/// A stored reading as the DTO, with the advice the table gives knowing nothing of the person
/// (a device file's sample, before anything is stored).
pub(crate) fn to_dto_with(targets: &[core::Target], s: &StoredReading) -> Reading {
    let mut out = base_dto(targets, s);
    out.advice = core::red_flags::advise_reading(&s.reading, None)
        .map(|a| crate::advice::advice(&a, None, s.reading.at.date_naive(), core::red_flags::Taken::Reading));
    out
}

/// A stored reading as the DTO, with the advice for this person.
pub(crate) fn to_dto_judged(targets: &[core::Target], judge: &Judge, s: &StoredReading) -> Reading {
    let mut out = base_dto(targets, s);
    out.advice = judge.reading(&s.reading);
    out
}

fn base_dto(targets: &[core::Target], s: &StoredReading) -> Reading {
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
        advice: None,
        origin: core::Origin::of(r.source).into(),
        origin_label: core::Origin::of(r.source).label().to_owned(),
        entry_id: None,
    }
}
