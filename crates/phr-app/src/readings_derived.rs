//! What the interface used to work out for itself from readings: how many of each kind a
//! person has, at home and in the GP record (with the newest, in one call), which chart points lie outside their target, and
//! which meet a row of the red-flag table.

use phr_core::readings::{self as core, Point};
use phr_vault::ReadingFilter;

use crate::App;
use crate::advice::Judge;
use crate::dto::AppError;
use crate::dto_advice::{Advice, Urgency};
use crate::dto_vocabulary::ReadingKindOverview;
use crate::readings::local::local_today;
use crate::readings::{to_dto_judged, weight_times};

impl App {
    /// For every kind, in the order the app offers them: how many readings the person has and
    /// the newest one. One call instead of one per kind.
    pub fn reading_overview(&self, person_id_str: &str) -> Result<Vec<ReadingKindOverview>, AppError> {
        let id = self.record_person(person_id_str)?;
        let today = local_today(self.clock.now());
        self.with_vault(|v| {
            let targets = v.reading_targets(&id)?;
            let mut judge = Judge::of(v, &id, today)?;
            // The GP record's readings count too, newest first (one read for every kind).
            let gp = crate::readings::gp::gp_readings(v, &id, None, None, None)?;
            core::ReadingKind::ALL
                .into_iter()
                .map(|kind| {
                    let newest =
                        ReadingFilter { kind: Some(kind), from_ms: None, to_ms: None, limit: Some(1), offset: 0 };
                    let (rows, count) = v.list_readings(&id, &newest)?;
                    if kind == core::ReadingKind::Weight {
                        judge = std::mem::replace(&mut judge, Judge::alone(today)).with_weights(
                            v,
                            &id,
                            weight_times(&rows),
                        )?;
                    }
                    let mut of_kind = gp.iter().filter(|g| g.kind == kind);
                    let newest_gp = of_kind.next();
                    let count = count + newest_gp.map_or(0, |_| 1 + of_kind.count() as u64);
                    let latest = match (rows.first(), newest_gp) {
                        (Some(r), Some(g)) if g.at > r.reading.at => Some(crate::readings::gp::to_dto(&judge, g)),
                        (None, Some(g)) => Some(crate::readings::gp::to_dto(&judge, g)),
                        (r, _) => r.map(|r| to_dto_judged(&targets, &judge, r)),
                    };
                    Ok(ReadingKindOverview { kind: kind.into(), count, latest })
                })
                .collect()
        })
    }
}

/// Per point, whether its first and its second value lie outside the target. The second list
/// is empty when the kind has one value; both are all `false` without a target.
pub(crate) fn chart_flags(target: Option<&core::Target>, points: &[Point], two: bool) -> (Vec<bool>, Vec<bool>) {
    let each = |p: &Point| match target {
        Some(t) => core::out_of_target_each(t, Some(p.value), p.value2),
        None => (false, false),
    };
    let first = points.iter().map(|p| each(p).0).collect();
    let second = if two { points.iter().map(|p| each(p).1).collect() } else { Vec::new() };
    (first, second)
}

/// Per point, the urgency of the red-flag row it meets; and each row met, once, most urgent
/// first, as advice for the chart's legend.
pub(crate) fn chart_advice(
    judge: &Judge,
    kind: core::ReadingKind,
    points: &[Point],
) -> (Vec<Option<Urgency>>, Vec<Advice>) {
    let mut rows: Vec<&'static core::RedFlag> = Vec::new();
    let urgency = points
        .iter()
        .map(|p| {
            let at = chrono::DateTime::from_timestamp_millis(p.at).map(|t| t.fixed_offset());
            let a = judge.values(kind, Some(p.value), p.value2, at)?;
            if !rows.iter().any(|r| r.id == a.rule.id) {
                rows.push(a.rule);
            }
            Some(a.urgency().into())
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.urgency));
    let advice = rows.iter().filter_map(|r| crate::advice::advice_by_id(r.id)).collect();
    (urgency, advice)
}
