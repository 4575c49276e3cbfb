//! What the interface used to work out for itself from readings: how many of each kind a
//! person has (with the newest, in one call) and which chart points lie outside their target.

use phr_core::readings::{self as core, Point};
use phr_vault::ReadingFilter;

use crate::App;
use crate::app::person_id;
use crate::dto::AppError;
use crate::dto_vocabulary::ReadingKindOverview;
use crate::readings::to_dto_with;

impl App {
    /// For every kind, in the order the app offers them: how many readings the person has and
    /// the newest one. One call instead of one per kind.
    pub fn reading_overview(&self, person_id_str: &str) -> Result<Vec<ReadingKindOverview>, AppError> {
        let id = person_id(person_id_str)?;
        self.with_vault(|v| {
            let targets = v.reading_targets(&id)?;
            core::ReadingKind::ALL
                .into_iter()
                .map(|kind| {
                    let newest =
                        ReadingFilter { kind: Some(kind), from_ms: None, to_ms: None, limit: Some(1), offset: 0 };
                    let (rows, count) = v.list_readings(&id, &newest)?;
                    let latest = rows.first().map(|r| to_dto_with(&targets, r));
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
