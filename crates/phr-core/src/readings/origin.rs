//! Where a reading was taken, in the words the Readings screens and `phr reading list` show:
//! at home (typed in), from a device (a device file), or at the GP (an observation in the GP
//! record, read through the record and never copied into the readings), with the filter by
//! source and the rule that keeps GP values out of the NICE home average.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::kind::ReadingKind;
use super::reading::ReadingSource;

/// Where a reading was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    /// Typed in by the person or their carer.
    AtHome,
    /// Read from a device's export file (also taken at home).
    FromDevice,
    /// An observation in the GP record: taken at the surgery or a clinic.
    AtGp,
}

impl Origin {
    /// Every origin, in the order the filter offers them.
    pub const ALL: [Origin; 3] = [Origin::AtHome, Origin::FromDevice, Origin::AtGp];

    /// The words shown beside a reading ("at the GP").
    pub fn label(self) -> &'static str {
        match self {
            Origin::AtHome => "at home",
            Origin::FromDevice => "from a device",
            Origin::AtGp => "at the GP",
        }
    }

    /// Where a stored reading (typed or from a device file) was taken.
    pub fn of(source: ReadingSource) -> Origin {
        match source {
            ReadingSource::Typed | ReadingSource::Carer => Origin::AtHome,
            ReadingSource::DeviceFile => Origin::FromDevice,
        }
    }

    /// Whether a reading from here may count in the NICE home blood pressure average.
    ///
    /// NICE NG136 (1.2.4 to 1.2.6, home blood pressure monitoring) averages the person's own
    /// home measurements and compares them with the home threshold of 135/85 mmHg, which is
    /// 5 mmHg below the clinic one (140/90): a clinic value is higher for the same person
    /// ("white coat" effect), so a GP value in the average would bias it and mislead.
    pub fn counts_in_home_average(self) -> bool {
        !matches!(self, Origin::AtGp)
    }
}

/// Which readings a list or chart shows, by where they were taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SourceFilter {
    /// Home, device and GP readings together.
    #[default]
    All,
    /// Readings taken at home: typed ones and device files.
    Home,
    /// Only the GP record's observations.
    Gp,
}

impl SourceFilter {
    /// Every filter, in the order offered.
    pub const ALL: [SourceFilter; 3] = [SourceFilter::All, SourceFilter::Home, SourceFilter::Gp];

    /// The filter's words ("Taken at home").
    pub fn label(self) -> &'static str {
        match self {
            SourceFilter::All => "All readings",
            SourceFilter::Home => "Taken at home",
            SourceFilter::Gp => "Taken at the GP",
        }
    }

    /// The name scripts type (`--source home`).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFilter::All => "all",
            SourceFilter::Home => "home",
            SourceFilter::Gp => "gp",
        }
    }

    /// Reads a filter as typed: "all", "home" (or "device": device files are home readings),
    /// "gp" (or "record", "clinic"). Case and spaces are ignored.
    pub fn parse(text: &str) -> Option<SourceFilter> {
        match text.trim().to_lowercase().as_str() {
            "all" | "any" => Some(SourceFilter::All),
            "home" | "at home" | "device" | "self" => Some(SourceFilter::Home),
            "gp" | "at the gp" | "record" | "clinic" => Some(SourceFilter::Gp),
            _ => None,
        }
    }

    /// Whether readings from `origin` pass.
    pub fn admits(self, origin: Origin) -> bool {
        match self {
            SourceFilter::All => true,
            SourceFilter::Home => origin != Origin::AtGp,
            SourceFilter::Gp => origin == Origin::AtGp,
        }
    }
}

/// A GP record observation that is a kind of reading, in the kind's canonical unit.
#[derive(Clone, PartialEq)]
pub struct GpReading {
    /// The record entry it is read from (one of them, for a blood pressure written as two).
    pub entry_id: i64,
    pub kind: ReadingKind,
    /// When it was taken, with the offset the record gave.
    pub at: DateTime<FixedOffset>,
    /// The value (blood pressure: systolic).
    pub value: Option<f64>,
    /// Blood pressure: diastolic.
    pub value2: Option<f64>,
    /// Blood pressure: the pulse taken with it.
    pub pulse: Option<f64>,
    /// Glucose: "fasting" when the code says so.
    pub context: Option<String>,
    /// The practice or file it came from.
    pub source_name: Option<String>,
}
crate::redacted_debug!(GpReading { entry_id, kind });

/// Joins the halves of blood pressures some GP systems write as two observations (a systolic
/// one and a diastolic one at the same moment) into one reading; a half with no partner stays
/// as it is. Other kinds pass unchanged. Order: as given, each joined pair where its first half
/// was.
pub fn join_bp_halves(readings: Vec<GpReading>) -> Vec<GpReading> {
    let mut out: Vec<GpReading> = Vec::with_capacity(readings.len());
    for r in readings {
        let half = r.kind == ReadingKind::BloodPressure && (r.value.is_none() != r.value2.is_none());
        let partner = half
            .then(|| {
                out.iter_mut().find(|o| {
                    o.kind == ReadingKind::BloodPressure
                        && o.at == r.at
                        && (o.value.is_none() && r.value.is_some() && r.value2.is_none()
                            || o.value2.is_none() && r.value2.is_some() && r.value.is_none())
                })
            })
            .flatten();
        match partner {
            Some(o) => {
                o.value = o.value.or(r.value);
                o.value2 = o.value2.or(r.value2);
                o.pulse = o.pulse.or(r.pulse);
            }
            None => out.push(r),
        }
    }
    out
}

/// The NICE NG136 home average of blood pressures from anywhere: only those whose origin
/// [`Origin::counts_in_home_average`] are averaged, so a GP value never is.
pub fn home_bp_average_of(readings: &[(Origin, DateTime<FixedOffset>, f64, f64)]) -> super::nice::HomeBpAverage {
    let home: Vec<(DateTime<FixedOffset>, f64, f64)> =
        readings.iter().filter(|(o, ..)| o.counts_in_home_average()).map(|(_, t, s, d)| (*t, *s, *d)).collect();
    super::nice::nice_home_bp_average(&home)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap_or_default()
    }

    fn gp(id: i64, t: &str, v: Option<f64>, v2: Option<f64>) -> GpReading {
        GpReading {
            entry_id: id,
            kind: ReadingKind::BloodPressure,
            at: at(t),
            value: v,
            value2: v2,
            pulse: None,
            context: None,
            source_name: None,
        }
    }

    #[test]
    fn halves_at_the_same_moment_join_and_others_stay() {
        let joined = join_bp_halves(vec![
            gp(1, "2019-03-28T10:30:00+00:00", Some(130.0), None),
            gp(2, "2019-03-28T10:30:00+00:00", None, Some(72.0)),
            gp(3, "2019-04-01T10:30:00+00:00", None, Some(80.0)),
            gp(4, "2019-05-01T10:30:00+00:00", Some(140.0), Some(90.0)),
        ]);
        let pairs: Vec<_> = joined.iter().map(|r| (r.entry_id, r.value, r.value2)).collect();
        assert_eq!(pairs, [(1, Some(130.0), Some(72.0)), (3, None, Some(80.0)), (4, Some(140.0), Some(90.0))]);
    }

    #[test]
    fn the_filter_admits_by_origin() {
        assert!(SourceFilter::Home.admits(Origin::FromDevice));
        assert!(!SourceFilter::Home.admits(Origin::AtGp));
        assert!(!SourceFilter::Gp.admits(Origin::AtHome));
        assert!(Origin::ALL.iter().all(|o| SourceFilter::All.admits(*o)));
        assert_eq!(SourceFilter::parse(" Home "), Some(SourceFilter::Home));
        assert_eq!(SourceFilter::parse("gp"), Some(SourceFilter::Gp));
        assert_eq!(SourceFilter::parse("hospital"), None);
    }
}
