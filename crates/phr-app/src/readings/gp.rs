//! The GP record's readings on the Readings screens: read through the record
//! ([`phr_vault::Vault::gp_readings`]), the halves of a blood pressure joined, judged by the
//! red-flag table as taken in a clinic, and shown with where they were taken ("at the GP").
//! They are never stored as readings, so no home statistic or home average counts them.

use phr_core::readings::{self as core, GpReading};
use phr_core::record::ObservedReading;
use phr_vault::{PersonId, Vault};

use crate::advice::Judge;
use crate::dto::AppError;
use crate::dto_ids::{EntryId, ReadingId};
use crate::dto_readings::{GpPoint, Reading};

/// The GP readings of `kind` (every kind when `None`) in `[from_ms, to_ms)`, newest first.
pub(crate) fn gp_readings(
    v: &Vault,
    id: &PersonId,
    kind: Option<core::ReadingKind>,
    from_ms: Option<i64>,
    to_ms: Option<i64>,
) -> Result<Vec<GpReading>, AppError> {
    let rows = v.gp_readings(id, kind, from_ms.unwrap_or(i64::MIN), to_ms.unwrap_or(i64::MAX))?;
    let mut out = core::join_bp_halves(rows);
    out.reverse();
    Ok(out)
}

/// One page of `rows`.
pub(crate) fn page(rows: Vec<GpReading>, offset: u32, limit: Option<u32>) -> Vec<GpReading> {
    rows.into_iter().skip(offset as usize).take(limit.map_or(usize::MAX, |l| l as usize)).collect()
}

fn checked(g: &GpReading) -> core::CheckedReading {
    core::CheckedReading {
        kind: g.kind,
        at: g.at,
        value: g.value,
        value2: g.value2,
        pulse: g.pulse,
        entered_value: g.value,
        entered_unit: None,
        context: g.context.clone(),
        arm: None,
        position: None,
        text: None,
        note: None,
        source: core::ReadingSource::Typed,
        unusual: Vec::new(),
    }
}

fn observed(g: &GpReading) -> ObservedReading {
    ObservedReading { kind: g.kind, value: g.value, value2: g.value2, pulse: g.pulse, context: g.context.clone() }
}

/// A GP reading as a list's reading: its id names the entry (`gp-12`), not a stored reading.
pub(crate) fn to_dto(judge: &Judge, g: &GpReading) -> Reading {
    let r = checked(g);
    let at = g.at.to_rfc3339();
    Reading {
        id: ReadingId(format!("gp-{}", g.entry_id)),
        kind: g.kind.into(),
        at: at.clone(),
        value: g.value,
        value2: g.value2,
        pulse: g.pulse,
        unit: g.kind.unit().to_owned(),
        entered_value: g.value,
        entered_unit: None,
        context: g.context.clone(),
        arm: None,
        position: None,
        text: None,
        note: None,
        source: core::ReadingSource::Typed.into(),
        source_name: g.source_name.clone(),
        unusual: Vec::new(),
        // A person's own target is for their home readings.
        out_of_target: false,
        display: r.display(),
        advice: judge.result(&observed(g), Some(&at)),
        origin: core::Origin::AtGp.into(),
        origin_label: core::Origin::AtGp.label().to_owned(),
        entry_id: Some(EntryId::from(g.entry_id)),
    }
}

/// A GP reading as a chart point.
pub(crate) fn to_point(judge: &Judge, g: &GpReading) -> GpPoint {
    let at = g.at.to_rfc3339();
    GpPoint {
        at: g.at.timestamp(),
        when: at.clone(),
        value: g.value,
        value2: g.value2,
        display: checked(g).display(),
        origin_label: core::Origin::AtGp.label().to_owned(),
        source_name: g.source_name.clone(),
        entry_id: EntryId::from(g.entry_id),
        urgency: judge.result(&observed(g), Some(&at)).map(|a| a.urgency),
    }
}
