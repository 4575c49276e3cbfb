//! Summary statistics of a series of readings: count, mean, minimum, maximum.

use serde::{Deserialize, Serialize};

/// Count, mean, min and max of the first value and (blood pressure) the second.
#[derive(Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Readings counted.
    pub count: u64,
    /// Mean of the values; `None` when there are none.
    pub mean: Option<f64>,
    /// Lowest value.
    pub min: Option<f64>,
    /// Highest value.
    pub max: Option<f64>,
    /// Mean of the second values (diastolic).
    pub mean2: Option<f64>,
    /// Lowest second value.
    pub min2: Option<f64>,
    /// Highest second value.
    pub max2: Option<f64>,
}
crate::redacted_debug!(Stats { count });

/// Running totals of one series.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    n: u64,
    sum: f64,
    min: Option<f64>,
    max: Option<f64>,
}

impl Acc {
    fn push(&mut self, v: f64) {
        self.n += 1;
        self.sum += v;
        self.min = Some(self.min.map_or(v, |m| m.min(v)));
        self.max = Some(self.max.map_or(v, |m| m.max(v)));
    }

    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

impl Stats {
    /// Stats of `(value, value2)` pairs; a missing value is left out of its own series only.
    /// `count` is the number of pairs.
    pub fn of<I: IntoIterator<Item = (Option<f64>, Option<f64>)>>(pairs: I) -> Stats {
        let (mut a, mut b, mut count) = (Acc::default(), Acc::default(), 0u64);
        for (v, v2) in pairs {
            count += 1;
            if let Some(v) = v.filter(|v| v.is_finite()) {
                a.push(v);
            }
            if let Some(v2) = v2.filter(|v| v.is_finite()) {
                b.push(v2);
            }
        }
        Stats { count, mean: a.mean(), min: a.min, max: a.max, mean2: b.mean(), min2: b.min, max2: b.max }
    }

    /// Stats of plain values.
    pub fn of_values(values: &[f64]) -> Stats {
        Stats::of(values.iter().map(|v| (Some(*v), None)))
    }

    /// Stats of checked readings (their canonical values).
    pub fn of_readings(readings: &[super::CheckedReading]) -> Stats {
        Stats::of(readings.iter().map(|r| (r.value, r.value2)))
    }
}
