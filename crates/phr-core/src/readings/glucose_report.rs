//! The glucose report of the International Consensus on Time in Range: time in five glucose
//! bands, average, GMI, variability and the ambulatory glucose profile (each hour of the day's
//! median and 5th, 25th, 75th and 95th percentiles), worked out from a tally of readings by
//! hour of day and 0.1 mmol/L step, so a store can keep the tally per day and a report over
//! any period adds a few hundred days' tallies instead of reading every reading.
//!
//! Sources (checked, and followed where they differ from what was asked for):
//! - Battelino T, et al. Clinical Targets for Continuous Glucose Monitoring Data
//!   Interpretation: Recommendations From the International Consensus on Time in Range.
//!   Diabetes Care 2019;42(8):1593-1603,
//!   <https://diabetesjournals.org/care/article/42/8/1593/36184>. Its Table (as reprinted in
//!   Diabetes Spectrum, <https://spectrum.diabetesjournals.org>): in range 3.9-10.0 mmol/L
//!   more than 70 % of the time; below range level 1 3.0-3.8 mmol/L and level 2 below 3.0,
//!   less than 4 % below 3.9 in all and less than 1 % below 3.0; above range level 1
//!   10.1-13.9 and level 2 above 13.9, less than 25 % above 10.0 in all and less than 5 %
//!   above 13.9; 14 days of wear with the sensor active more than 70 % of the time; the
//!   coefficient of variation 36 % or less (the table prints "<36", the text "≤36 %": this
//!   report takes "36 % or less", as asked).
//! - Bergenstal RM, et al. Glucose Management Indicator (GMI). Diabetes Care
//!   2018;41(11):2275-2280; the formulas as the Jaeb Center gives them,
//!   <https://www.jaeb.org/gmi/>: GMI (%) = 3.31 + 0.02392 × mean glucose in mg/dL and
//!   GMI (mmol/mol) = 12.71 + 4.70587 × mean glucose in mmol/L. HbA1c in the UK is given in
//!   mmol/mol, so the report gives both.
//!
//! Two rules make the tally exact rather than an estimate:
//! - a reading counts at its value rounded to 0.1 mmol/L (as it is shown), so the bands'
//!   edges (3.0, 3.9, 10.0, 13.9) and the percentiles from the tally are those of the rounded
//!   readings themselves: a reading of 3.85 is shown as 3.9 and counts as in range;
//! - percentiles are by nearest rank (the smallest value with at least p % of the readings at
//!   or below it), which a tally answers exactly.
//!
//! "Time" in each band is the share of readings, as the consensus reports it for a sensor
//! that reads at a steady rate. How much of the period had readings is counted in
//! quarter-hours (a FreeStyle Libre reads every 15 minutes, a Dexcom every 5): a quarter-hour
//! with at least one reading is covered.

use super::reduce::Summary;
use super::units::GLUCOSE_MG_DL_PER_MMOL_L;

/// Tally steps: 0.0 to 50.0 mmol/L in 0.1 mmol/L (the checks refuse glucose above 50.0; a
/// higher value would count in the last step).
pub const STEPS: usize = 501;
/// Steps per mmol/L.
const STEPS_PER_MMOL: f64 = 10.0;
/// The hours of a day.
pub const HOURS: usize = 24;
/// A quarter of an hour in milliseconds: the unit the cover is counted in.
pub const QUARTER_HOUR_MS: i64 = 900_000;
/// A day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;
/// Quarter-hours in a day.
pub const QUARTERS_PER_DAY: u32 = 96;
/// The consensus's shortest period for a reliable report.
pub const MIN_DAYS: i64 = 14;
/// The consensus's least share of the time with readings for a reliable report, in percent.
pub const MIN_COVER_PERCENT: f64 = 70.0;
/// The consensus's variability target: the coefficient of variation at most this, in percent.
pub const CV_TARGET_PERCENT: f64 = 36.0;
/// The target range's lowest and highest levels in mmol/L, both in range (for drawing it).
pub const IN_RANGE_LOW: f64 = 3.9;
pub const IN_RANGE_HIGH: f64 = 10.0;
/// The percentiles of the ambulatory glucose profile.
pub const PERCENTILES: [u32; 5] = [5, 25, 50, 75, 95];

/// The tally step of a glucose value in mmol/L: the value rounded to 0.1 mmol/L.
pub fn step_of(mmol_l: f64) -> u16 {
    let s = (mmol_l * STEPS_PER_MMOL).round();
    if s.is_nan() || s <= 0.0 {
        0
    } else if s >= (STEPS - 1) as f64 {
        (STEPS - 1) as u16
    } else {
        s as u16
    }
}

/// The value in mmol/L a tally step stands for.
pub fn step_value(step: u16) -> f64 {
    f64::from(step) / STEPS_PER_MMOL
}

/// The hour of the day (0-23) on the clock where a reading was taken: its time plus the UTC
/// offset it was taken in, so a reading at breakfast in summer counts at 8, not at 7.
pub fn local_hour(at_ms: i64, offset_minutes: i32) -> u8 {
    let local = at_ms.saturating_add(i64::from(offset_minutes) * 60_000);
    // rem_euclid(24) is 0..24, so the cast keeps it.
    local.div_euclid(3_600_000).rem_euclid(HOURS as i64) as u8
}

/// The consensus's five glucose bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    /// Below range, level 2: below 3.0 mmol/L.
    VeryLow,
    /// Below range, level 1: 3.0 to 3.8 mmol/L.
    Low,
    /// In range: 3.9 to 10.0 mmol/L.
    InRange,
    /// Above range, level 1: 10.1 to 13.9 mmol/L.
    High,
    /// Above range, level 2: above 13.9 mmol/L.
    VeryHigh,
}

impl Band {
    /// Lowest first.
    pub const ALL: [Band; 5] = [Band::VeryLow, Band::Low, Band::InRange, Band::High, Band::VeryHigh];

    /// The band of a tally step (a value rounded to 0.1 mmol/L).
    pub fn of_step(step: u16) -> Band {
        match step {
            0..=29 => Band::VeryLow,
            30..=38 => Band::Low,
            39..=100 => Band::InRange,
            101..=139 => Band::High,
            _ => Band::VeryHigh,
        }
    }

    /// The band of a glucose value in mmol/L, as it is shown (rounded to 0.1).
    pub fn of(mmol_l: f64) -> Band {
        Band::of_step(step_of(mmol_l))
    }

    /// A stable key for interfaces and files.
    pub fn key(self) -> &'static str {
        match self {
            Band::VeryLow => "very_low",
            Band::Low => "low",
            Band::InRange => "in_range",
            Band::High => "high",
            Band::VeryHigh => "very_high",
        }
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Band::VeryLow => "Very low",
            Band::Low => "Low",
            Band::InRange => "In range",
            Band::High => "High",
            Band::VeryHigh => "Very high",
        }
    }

    /// Its glucose levels in words.
    pub fn levels(self) -> &'static str {
        match self {
            Band::VeryLow => "below 3.0 mmol/L",
            Band::Low => "3.0 to 3.8 mmol/L",
            Band::InRange => "3.9 to 10.0 mmol/L",
            Band::High => "10.1 to 13.9 mmol/L",
            Band::VeryHigh => "above 13.9 mmol/L",
        }
    }

    /// What the band means, in plain words.
    pub fn meaning(self) -> &'static str {
        match self {
            Band::VeryLow => "Glucose this low is dangerous and needs treating straight away.",
            Band::Low => "Glucose is low. You may feel shaky, sweaty or confused.",
            Band::InRange => "Glucose is where it should be for most people with diabetes.",
            Band::High => "Glucose is higher than it should be.",
            Band::VeryHigh => "Glucose is much higher than it should be.",
        }
    }

    /// The consensus's target for most adults with type 1 or type 2 diabetes, in words.
    pub fn target(self) -> &'static str {
        match self {
            Band::VeryLow => "Less than 1% of the time",
            Band::Low => "Less than 4% of the time below 3.9 mmol/L (low and very low together)",
            Band::InRange => "More than 70% of the time",
            Band::High => "Less than 25% of the time above 10.0 mmol/L (high and very high together)",
            Band::VeryHigh => "Less than 5% of the time",
        }
    }
}

/// Readings counted by the hour of the day they were taken and their value to 0.1 mmol/L,
/// and how many quarter-hours had a reading. Tallies of separate times add up to the tally of
/// them all.
#[derive(Clone, PartialEq)]
pub struct GlucoseTally {
    /// `HOURS * STEPS` counts, hour by hour.
    counts: Vec<u64>,
    /// Quarter-hours with at least one reading.
    pub covered_quarters: u64,
}
crate::redacted_debug!(GlucoseTally { covered_quarters });

impl Default for GlucoseTally {
    fn default() -> Self {
        GlucoseTally { counts: vec![0; HOURS * STEPS], covered_quarters: 0 }
    }
}

impl GlucoseTally {
    /// Counts `n` readings at `hour` (0-23) and tally step `step`.
    pub fn add(&mut self, hour: u8, step: u16, n: u64) {
        let i = usize::from(hour) * STEPS + usize::from(step).min(STEPS - 1);
        if let Some(c) = self.counts.get_mut(i) {
            *c += n;
        }
    }

    /// Adds another tally (of other times): the tally of both.
    pub fn merge(&mut self, other: &GlucoseTally) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.covered_quarters += other.covered_quarters;
    }

    /// The tally of readings given as (time in unix ms, UTC offset in minutes it was taken
    /// in, value in mmol/L), straight from the readings: what a stored tally must equal.
    pub fn of_readings(readings: impl IntoIterator<Item = (i64, i32, f64)>) -> GlucoseTally {
        let mut t = GlucoseTally::default();
        let mut quarters = std::collections::BTreeSet::new();
        for (at, offset, value) in readings {
            t.add(local_hour(at, offset), step_of(value), 1);
            quarters.insert(at.div_euclid(QUARTER_HOUR_MS));
        }
        t.covered_quarters = quarters.len() as u64;
        t
    }

    /// How many readings are counted.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }

    fn hour(&self, hour: usize) -> &[u64] {
        self.counts.get(hour * STEPS..(hour + 1) * STEPS).unwrap_or_default()
    }

    /// How many readings fall in each band, lowest band first.
    pub fn band_counts(&self) -> [u64; 5] {
        let mut out = [0u64; 5];
        for h in 0..HOURS {
            for (step, n) in self.hour(h).iter().enumerate() {
                let band = Band::of_step(u16::try_from(step).unwrap_or(u16::MAX)) as usize;
                if let Some(o) = out.get_mut(band) {
                    *o += n;
                }
            }
        }
        out
    }

    /// The profile of one hour of the day: how many readings and the [`PERCENTILES`] in
    /// mmol/L (by nearest rank), `None` for an hour without readings.
    pub fn hour_profile(&self, hour: usize) -> (u64, Option<[f64; 5]>) {
        let counts = self.hour(hour);
        let n: u64 = counts.iter().sum();
        if n == 0 {
            return (0, None);
        }
        let mut out = [0.0; 5];
        for (o, p) in out.iter_mut().zip(PERCENTILES) {
            *o = step_value(nearest_rank(counts, n, p));
        }
        (n, Some(out))
    }
}

/// The tally step of the `p`th percentile of `n` readings counted by step: the first step at
/// which the running count reaches rank ceil(p × n / 100) (at least 1).
fn nearest_rank(counts: &[u64], n: u64, p: u32) -> u16 {
    let rank = (u64::from(p) * n).div_ceil(100).max(1);
    let mut seen = 0u64;
    for (step, c) in counts.iter().enumerate() {
        seen += c;
        if seen >= rank {
            return u16::try_from(step).unwrap_or(u16::MAX);
        }
    }
    u16::try_from(STEPS - 1).unwrap_or(u16::MAX)
}

/// The `p`th percentile by nearest rank of values (each rounded to 0.1 mmol/L first), from
/// the values themselves: what [`GlucoseTally::hour_profile`] must equal.
pub fn percentile_of_values(values: &[f64], p: u32) -> Option<f64> {
    let mut steps: Vec<u16> = values.iter().map(|v| step_of(*v)).collect();
    steps.sort_unstable();
    let n = steps.len() as u64;
    if n == 0 {
        return None;
    }
    let rank = (u64::from(p) * n).div_ceil(100).max(1);
    let i = usize::try_from(rank - 1).ok()?;
    steps.get(i).map(|s| step_value(*s))
}

/// One day's tally as a store keeps it: for each (hour of the day, tally step) with readings,
/// how many, and which of the day's 96 quarter-hours (from its first UTC millisecond) had
/// one.
#[derive(Clone, Default, PartialEq)]
pub struct DayTally {
    /// (hour, step) -> count, in order.
    pub counts: std::collections::BTreeMap<(u8, u16), u32>,
    /// Bit `q` set: quarter-hour `q` of the day had a reading.
    pub quarters: u128,
}
crate::redacted_debug!(DayTally { quarters });

impl DayTally {
    /// Counts a reading of the day starting at `day_ms` (a multiple of [`DAY_MS`]).
    pub fn push(&mut self, day_ms: i64, at_ms: i64, offset_minutes: i32, mmol_l: f64) {
        let c = self.counts.entry((local_hour(at_ms, offset_minutes), step_of(mmol_l))).or_default();
        *c = c.saturating_add(1);
        let q = (at_ms - day_ms).div_euclid(QUARTER_HOUR_MS);
        if (0..i64::from(QUARTERS_PER_DAY)).contains(&q) {
            self.quarters |= 1u128 << q;
        }
    }

    /// Adds this day's counts and covered quarter-hours to `tally`.
    pub fn add_to(&self, tally: &mut GlucoseTally) {
        for (&(hour, step), &n) in &self.counts {
            tally.add(hour, step, u64::from(n));
        }
        tally.covered_quarters += u64::from(self.quarters.count_ones());
    }
}

/// One hour of the day in the ambulatory glucose profile.
#[derive(Clone, Copy, PartialEq)]
pub struct HourProfile {
    /// 0-23, on the clock where the readings were taken.
    pub hour: u8,
    pub count: u64,
    /// The 5th, 25th, 50th (median), 75th and 95th percentiles in mmol/L; `None` without
    /// readings.
    pub percentiles: Option<[f64; 5]>,
}
crate::redacted_debug!(HourProfile { hour, count });

/// A band's share of the readings.
#[derive(Clone, Copy, PartialEq)]
pub struct BandShare {
    pub band: Band,
    pub count: u64,
    /// Percent of all readings in the period (0 when there are none).
    pub percent: f64,
}
crate::redacted_debug!(BandShare { band, count });

/// The report of a period.
#[derive(Clone, PartialEq)]
pub struct GlucoseReport {
    /// The period, unix ms, `to` exclusive.
    pub from_ms: i64,
    pub to_ms: i64,
    /// Whole days in the period (a day that is an hour short or long at a clock change counts).
    pub days: i64,
    pub count: u64,
    /// Percent of the period's quarter-hours with at least one reading (0-100).
    pub cover_percent: f64,
    /// The period is at least [`MIN_DAYS`] long.
    pub enough_days: bool,
    /// Readings cover at least [`MIN_COVER_PERCENT`] of it.
    pub enough_cover: bool,
    /// Lowest band first.
    pub bands: [BandShare; 5],
    /// Percent of readings below 3.9 mmol/L and above 10.0 mmol/L (both levels together).
    pub below_percent: f64,
    pub above_percent: f64,
    pub mean: Option<f64>,
    /// Standard deviation of the readings, mmol/L.
    pub sd: Option<f64>,
    /// Coefficient of variation: SD / mean, in percent.
    pub cv_percent: Option<f64>,
    pub gmi_percent: Option<f64>,
    pub gmi_mmol_mol: Option<f64>,
    /// 24 hours, midnight first.
    pub profile: Vec<HourProfile>,
}
crate::redacted_debug!(GlucoseReport { from_ms, to_ms, days, count, enough_days, enough_cover });

impl GlucoseReport {
    /// Long enough and covered enough for the consensus to call it reliable.
    pub fn reliable(&self) -> bool {
        self.enough_days && self.enough_cover
    }

    /// Whether a band's share meets its consensus target: the low bands' targets are on
    /// "below 3.9" as a whole (and very low on its own), the high ones' on "above 10.0" (and
    /// very high on its own). `None` without readings.
    pub fn meets_target(&self, band: Band) -> Option<bool> {
        if self.count == 0 {
            return None;
        }
        let share = |b: Band| self.bands.iter().find(|s| s.band == b).map_or(0.0, |s| s.percent);
        Some(match band {
            Band::VeryLow => share(Band::VeryLow) < 1.0,
            Band::Low => self.below_percent < 4.0,
            Band::InRange => share(Band::InRange) > 70.0,
            Band::High => self.above_percent < 25.0,
            Band::VeryHigh => share(Band::VeryHigh) < 5.0,
        })
    }

    /// Whether variability meets its target (36 % or less); `None` without readings.
    pub fn cv_meets_target(&self) -> Option<bool> {
        self.cv_percent.map(|cv| cv <= CV_TARGET_PERCENT)
    }
}

/// GMI in percent from a mean glucose in mmol/L (Bergenstal 2018, via mg/dL at the app's
/// 18.016 mg/dL per mmol/L).
pub fn gmi_percent(mean_mmol_l: f64) -> f64 {
    3.31 + 0.02392 * mean_mmol_l * GLUCOSE_MG_DL_PER_MMOL_L
}

/// GMI in mmol/mol (the UK's unit for HbA1c) from a mean glucose in mmol/L (Bergenstal 2018).
pub fn gmi_mmol_mol(mean_mmol_l: f64) -> f64 {
    12.71 + 4.70587 * mean_mmol_l
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 * 100.0 / whole as f64 }
}

/// The report of `[from_ms, to_ms)` from the tally of its readings and their summary (count,
/// mean and standard deviation of the unrounded values, as the store's rollups give them).
pub fn glucose_report(tally: &GlucoseTally, summary: &Summary, from_ms: i64, to_ms: i64) -> GlucoseReport {
    let span = to_ms.saturating_sub(from_ms).max(0);
    // Whole days, a clock change's 23- or 25-hour day counting as one.
    let days = (span + DAY_MS / 2) / DAY_MS;
    let quarters = span.div_euclid(QUARTER_HOUR_MS) + i64::from(span.rem_euclid(QUARTER_HOUR_MS) != 0);
    let cover_percent =
        if quarters <= 0 { 0.0 } else { (tally.covered_quarters as f64 * 100.0 / quarters as f64).min(100.0) };
    let count = tally.count();
    let counts = tally.band_counts();
    let mut bands = Band::ALL.map(|band| BandShare { band, count: 0, percent: 0.0 });
    for (share, n) in bands.iter_mut().zip(counts) {
        share.count = n;
        share.percent = percent(n, count);
    }
    let [very_low, low, _, high, very_high] = counts;
    let mean = summary.mean.filter(|_| count > 0);
    let sd = summary.sd.filter(|_| count > 0);
    let cv_percent = match (mean, sd) {
        (Some(m), Some(s)) if m > 0.0 => Some(s / m * 100.0),
        _ => None,
    };
    GlucoseReport {
        from_ms,
        to_ms,
        days,
        count,
        cover_percent,
        enough_days: days >= MIN_DAYS,
        enough_cover: cover_percent >= MIN_COVER_PERCENT,
        bands,
        below_percent: percent(very_low + low, count),
        above_percent: percent(high + very_high, count),
        mean,
        sd,
        cv_percent,
        gmi_percent: mean.map(gmi_percent),
        gmi_mmol_mol: mean.map(gmi_mmol_mol),
        profile: (0..HOURS)
            .map(|h| {
                let (count, percentiles) = tally.hour_profile(h);
                HourProfile { hour: u8::try_from(h).unwrap_or(0), count, percentiles }
            })
            .collect(),
    }
}

/// What each figure of the report means, in plain words (reading age 9 to 11), and the
/// consensus behind them: the words every front end shows.
pub mod words {
    pub const TITLE: &str = "Glucose report";
    pub const INTRO: &str = "This report shows how your glucose levels have been over a period of time. \
        It uses readings from a continuous glucose monitor (a sensor you wear).";
    pub const BANDS_HEADING: &str = "Time in each range";
    pub const BANDS_MEANING: &str = "How much of the time your glucose was low, in range or high. \
        It is worked out from the share of your readings in each range.";
    pub const AVERAGE_LABEL: &str = "Average glucose";
    pub const AVERAGE_MEANING: &str = "All your readings added up and divided by how many there are.";
    pub const GMI_LABEL: &str = "Glucose management indicator (GMI)";
    pub const GMI_MEANING: &str = "A guess at what your HbA1c blood test might show, worked out from your \
        average glucose. Your real HbA1c can be different.";
    pub const CV_LABEL: &str = "Glucose variability (CV)";
    pub const CV_MEANING: &str = "How much your glucose goes up and down. A lower number means steadier levels.";
    pub const CV_TARGET: &str = "36% or less";
    pub const COVER_LABEL: &str = "Time with readings";
    pub const COVER_MEANING: &str = "How much of this period your sensor was giving readings.";
    pub const COVER_TARGET: &str = "At least 70% of at least 14 days";
    pub const COUNT_LABEL: &str = "Number of readings";
    pub const COUNT_MEANING: &str = "How many glucose readings this report is made from.";
    pub const PROFILE_HEADING: &str = "Your glucose through the day";
    pub const PROFILE_MEANING: &str = "For each hour of the day, the line shows the middle reading. \
        The dark band shows where half of your readings were. The light band shows where most of them \
        (9 in 10) were. The times are clock times where you were.";
    pub const MEETS_TARGET: &str = "Meets the target";
    pub const MISSES_TARGET: &str = "Does not meet the target";
    pub const NO_READINGS: &str = "There are no glucose readings in this period.";
    pub const DETAILS_SUMMARY: &str = "Where these figures and targets come from";
    /// The consensus behind the report, a paragraph each.
    pub const CONSENSUS: [&str; 6] = [
        "These figures follow the International Consensus on Time in Range (Battelino and others, \
         Diabetes Care, 2019). Diabetes teams around the world use them.",
        "Targets for most adults with type 1 or type 2 diabetes: in range (3.9 to 10.0 mmol/L) more than \
         70% of the time; below 3.9 mmol/L less than 4% of the time; below 3.0 mmol/L less than 1%; above \
         10.0 mmol/L less than 25%; above 13.9 mmol/L less than 5%; variability (CV) 36% or less.",
        "Older people, people at high risk of low glucose, children and pregnant women can have different \
         targets. Your diabetes team may set targets that suit you.",
        "A report is only reliable with readings from at least 14 days, and readings for at least 70% of \
         that time.",
        "GMI is 12.71 + 4.70587 × average glucose in mmol/L, in mmol/mol like an HbA1c result \
         (Bergenstal and others, 2018). In percent it is 3.31 + 0.02392 × average glucose in mg/dL.",
        "Each reading counts in the range it is shown in, rounded to 0.1 mmol/L. Variability is the \
         standard deviation divided by the average.",
    ];
    pub const SOURCE_URL: &str = "https://diabetesjournals.org/care/article/42/8/1593/36184";
}

/// Why a report is not reliable, in plain words; `None` when it is. Names what is short.
pub fn reliability_warning(r: &GlucoseReport) -> Option<String> {
    if r.count == 0 {
        return Some(words::NO_READINGS.to_owned());
    }
    if r.reliable() {
        return None;
    }
    let cover = r.cover_percent.round();
    let days = r.days;
    let day_word = if days == 1 { "day" } else { "days" };
    let mut w = format!(
        "Do not rely on this report. It needs readings from at least 14 days, covering at least 70% of \
         the time. This period is {days} {day_word} long and has readings for {cover:.0}% of it."
    );
    if !r.enough_cover {
        w.push_str(" Finger-prick readings are not enough on their own: it needs a continuous glucose monitor.");
    }
    Some(w)
}
