//! Readings summed up: count, mean and extremes over a range (with the NICE home blood
//! pressure average), and chart series reduced to a number of points that keeps every bucket's
//! lowest and highest reading.

use chrono::{DateTime, FixedOffset};
use phr_core::ErrorCode;
use phr_core::readings::{self as core};
use phr_vault::{PersonId, Vault};

use super::local::{local_offset, local_today, range_end, range_start};
use crate::ErrorField;
use crate::advice::Judge;
use crate::app::App;
use crate::dto::AppError;
use crate::dto_readings::*;

impl App {
    /// Count, mean, lowest and highest of a kind over a range (all time when open); for blood
    /// pressure also the NICE home average of the readings in the range.
    pub fn reading_stats(
        &self,
        person_id_str: &str,
        kind: ReadingKind,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<ReadingStats, AppError> {
        let id = self.record_person(person_id_str)?;
        let kind = core::ReadingKind::from(kind);
        let offset = local_offset(self.clock.now());
        let from_ms = from.map(|s| range_start(s, offset, ErrorField::From)).transpose()?.unwrap_or(i64::MIN);
        let to_ms = to.map(|s| range_end(s, offset, ErrorField::To)).transpose()?.unwrap_or(i64::MAX);
        self.with_vault(|v| {
            let s = v.reading_stats(&id, kind, from_ms, to_ms)?;
            let home_bp = if kind == core::ReadingKind::BloodPressure {
                let bp = bp_readings(v, &id, from_ms, to_ms)?;
                Some(core::nice_home_bp_average(&bp))
            } else {
                None
            };
            let two = kind.has_second_value();
            Ok(ReadingStats {
                kind: kind.into(),
                unit: kind.unit().to_owned(),
                count: s.count,
                mean: s.mean,
                min: s.min,
                max: s.max,
                mean2: s.mean2.filter(|_| two),
                min2: s.min2.filter(|_| two),
                max2: s.max2.filter(|_| two),
                home_bp: home_bp.map(Into::into),
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
        let id = self.record_person(person_id_str)?;
        let kind = core::ReadingKind::from(kind);
        let offset = local_offset(self.clock.now());
        let from_ms = range_start(from, offset, ErrorField::From)?;
        let to_ms = range_end(to, offset, ErrorField::To)?;
        if to_ms <= from_ms {
            return Err(AppError::new(ErrorCode::InvalidInput, "The end of the range is before its start.")
                .on_field(ErrorField::To));
        }
        self.with_vault(|v| {
            // Buckets are spread over the range asked for; an "all time" range from 1900 would
            // put every reading into the last few buckets. So the range shrinks to the
            // readings that exist, and the chart's resolution goes where the data is.
            let asked = (from_ms, to_ms);
            let gp = super::gp::gp_readings(v, &id, Some(kind), None, None)?;
            let gp_span = gp.last().zip(gp.first()).map(|(a, b)| (a.at.timestamp_millis(), b.at.timestamp_millis()));
            let span = match (v.reading_time_span(&id, kind)?, gp_span) {
                (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
                (h, g) => h.or(g),
            };
            let (from_ms, to_ms) = match span {
                Some((first, last)) if first.max(from_ms) <= last.min(to_ms) => {
                    (first.max(from_ms), last.saturating_add(1).min(to_ms))
                }
                _ => (from_ms, to_ms),
            };
            let day = |ms: i64| {
                chrono::DateTime::from_timestamp_millis(ms)
                    .map(|t| t.with_timezone(&offset).date_naive().format("%Y-%m-%d").to_string())
            };
            let s = v.reading_series(&id, kind, from_ms, to_ms, max_points.clamp(8, 20_000))?;
            let two = kind.has_second_value();
            let target = v.reading_targets(&id)?.into_iter().find(|t| t.kind == kind);
            let (outside, outside2) = crate::readings_derived::chart_flags(target.as_ref(), &s.points, two);
            let times = s.points.iter().filter_map(|p| chrono::DateTime::from_timestamp_millis(p.at));
            let judge = Judge::of(v, &id, local_today(self.clock.now()))?.with_weights(
                v,
                &id,
                times.map(|t| t.fixed_offset()).filter(|_| kind == core::ReadingKind::Weight),
            )?;
            let (urgency, advice) = crate::readings_derived::chart_advice(&judge, kind, &s.points);
            let mut gp_points: Vec<_> = gp
                .iter()
                .filter(|g| (asked.0..asked.1).contains(&g.at.timestamp_millis()))
                .map(|g| super::gp::to_point(&judge, g))
                .collect();
            gp_points.reverse();
            let applies = core::Applies {
                age_years: local_today(self.clock.now()).years_since(v.person(&id)?.details.date_of_birth),
                has_type1_diabetes: v.advice_context(&id)?.has_type1_diabetes,
            };
            Ok(ChartSeries {
                kind: kind.into(),
                unit: kind.unit().to_owned(),
                from: from.to_owned(),
                to: to.to_owned(),
                times: s.points.iter().map(|p| p.at.div_euclid(1000)).collect(),
                values: s.points.iter().map(|p| p.value).collect(),
                values2: if two { s.points.iter().map(|p| p.value2.unwrap_or(f64::NAN)).collect() } else { Vec::new() },
                raw_count: s.raw_count,
                reduced: s.reduced,
                target: target.map(Into::into),
                thresholds: core::guidance_lines(kind, applies).into_iter().map(Into::into).collect(),
                outside,
                outside2,
                urgency,
                advice,
                gp: gp_points,
                earliest: span.and_then(|(a, _)| day(a)),
                latest: span.and_then(|(_, b)| day(b)),
            })
        })
    }
}

/// Blood pressures in `[from_ms, to_ms)`, oldest first, as (time, systolic, diastolic).
pub(super) fn bp_readings(
    v: &Vault,
    id: &PersonId,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<(DateTime<FixedOffset>, f64, f64)>, AppError> {
    Ok(v.paired_values(id, core::ReadingKind::BloodPressure, from_ms, to_ms)?)
}
