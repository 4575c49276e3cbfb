//! The glucose report of a period of whole local days (the last 14 days when none is given):
//! worked out by the vault from its day tallies and rollups, worded here from the core's
//! words for every front end.

use chrono::{Days, NaiveDate};
use phr_core::ErrorCode;
use phr_core::numbers::thousands;
use phr_core::readings::glucose_report::{self as core, words};

use super::local::{local_offset, local_today, range_end, range_start};
use crate::ErrorField;
use crate::app::App;
use crate::dto::AppError;
use crate::dto_glucose::*;

/// The period a report covers when none is given: the consensus's shortest reliable one.
const DEFAULT_DAYS: u64 = 14;

impl App {
    /// The glucose report of the local days `from` to `to` (YYYY-MM-DD, both included); without
    /// `to`, up to today; without `from`, the 14 days ending at `to`.
    pub fn glucose_report(
        &self,
        person_id_str: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<GlucoseReport, AppError> {
        let id = self.record_person(person_id_str)?;
        let now = self.clock.now();
        let offset = local_offset(now);
        let day = |s: &str, field: ErrorField| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("{:?} is not a date. Use YYYY-MM-DD, such as 2026-11-23.", s.trim()),
                )
                .on_field(field)
            })
        };
        let last = to.map(|s| day(s, ErrorField::To)).transpose()?.unwrap_or_else(|| local_today(now));
        let first = match from {
            Some(s) => day(s, ErrorField::From)?,
            None => last.checked_sub_days(Days::new(DEFAULT_DAYS - 1)).unwrap_or(last),
        };
        if last < first {
            return Err(AppError::new(ErrorCode::InvalidInput, "The end of the period is before its start.")
                .on_field(ErrorField::To));
        }
        let (from_text, to_text) = (first.format("%Y-%m-%d").to_string(), last.format("%Y-%m-%d").to_string());
        let from_ms = range_start(&from_text, offset, ErrorField::From)?;
        let to_ms = range_end(&to_text, offset, ErrorField::To)?;
        let r = self.with_vault(|v| Ok(v.glucose_report(&id, from_ms, to_ms)?))?;
        Ok(report_dto(&r, first, last))
    }
}

/// "62%" from 10% up, "0.8%" below (the low bands' targets are 1% and 4%).
fn percent_text(p: f64) -> String {
    if p == 0.0 {
        "0%".to_owned()
    } else if p < 10.0 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// An hour of the day as the NHS writes times: midnight, 1am, midday, 1pm.
fn hour_label(h: u8) -> String {
    match h {
        0 => "midnight".to_owned(),
        12 => "midday".to_owned(),
        1..=11 => format!("{h}am"),
        _ => format!("{}pm", h - 12),
    }
}

/// A target met or not, in words.
fn status(meets: Option<bool>) -> Option<String> {
    meets.map(|m| if m { words::MEETS_TARGET } else { words::MISSES_TARGET }.to_owned())
}

const NOT_ENOUGH: &str = "Not enough readings";

fn en_gb(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub(crate) fn report_dto(r: &core::GlucoseReport, first: NaiveDate, last: NaiveDate) -> GlucoseReport {
    let days = u32::try_from((last - first).num_days() + 1).unwrap_or(0);
    let day_word = if days == 1 { "day" } else { "days" };
    let bands = r
        .bands
        .iter()
        .map(|s| GlucoseBand {
            key: s.band.key().to_owned(),
            label: s.band.label().to_owned(),
            levels: s.band.levels().to_owned(),
            meaning: s.band.meaning().to_owned(),
            percent: s.percent,
            percent_text: percent_text(s.percent),
            count: s.count,
            target: s.band.target().to_owned(),
            meets_target: r.meets_target(s.band),
            status_text: status(r.meets_target(s.band)),
        })
        .collect();
    let figure =
        |key: &str, label: &str, value_text: String, meaning: &str, target: Option<&str>, meets: Option<bool>| {
            GlucoseFigure {
                key: key.to_owned(),
                label: label.to_owned(),
                value_text,
                meaning: meaning.to_owned(),
                target: target.map(str::to_owned),
                meets_target: meets,
                status_text: status(meets),
            }
        };
    let or_not_enough = |v: Option<String>| v.unwrap_or_else(|| NOT_ENOUGH.to_owned());
    let figures = vec![
        figure(
            "average",
            words::AVERAGE_LABEL,
            or_not_enough(r.mean.map(|m| format!("{m:.1} mmol/L"))),
            words::AVERAGE_MEANING,
            None,
            None,
        ),
        figure(
            "gmi",
            words::GMI_LABEL,
            or_not_enough(r.gmi_mmol_mol.zip(r.gmi_percent).map(|(mm, p)| format!("{mm:.0} mmol/mol ({p:.1}%)"))),
            words::GMI_MEANING,
            None,
            None,
        ),
        figure(
            "cv",
            words::CV_LABEL,
            or_not_enough(r.cv_percent.map(|cv| format!("{cv:.1}%"))),
            words::CV_MEANING,
            Some(words::CV_TARGET),
            r.cv_meets_target(),
        ),
        figure(
            "cover",
            words::COVER_LABEL,
            format!("{} of the time", percent_text(r.cover_percent)),
            words::COVER_MEANING,
            Some(words::COVER_TARGET),
            Some(r.reliable()),
        ),
        figure("count", words::COUNT_LABEL, thousands(r.count), words::COUNT_MEANING, None, None),
    ];
    let profile = r
        .profile
        .iter()
        .map(|h| {
            let p = |i: usize| h.percentiles.and_then(|ps| ps.get(i).copied());
            GlucoseHour {
                hour: h.hour,
                label: hour_label(h.hour),
                count: h.count,
                p5: p(0),
                p25: p(1),
                median: p(2),
                p75: p(3),
                p95: p(4),
            }
        })
        .collect();
    GlucoseReport {
        title: words::TITLE.to_owned(),
        intro: words::INTRO.to_owned(),
        from: first.format("%Y-%m-%d").to_string(),
        to: last.format("%Y-%m-%d").to_string(),
        period_text: format!("{} to {} ({days} {day_word})", en_gb(first), en_gb(last)),
        days,
        count: r.count,
        reliable: r.reliable(),
        warning: core::reliability_warning(r),
        bands_heading: words::BANDS_HEADING.to_owned(),
        bands_meaning: words::BANDS_MEANING.to_owned(),
        bands,
        figures,
        profile_heading: words::PROFILE_HEADING.to_owned(),
        profile_meaning: words::PROFILE_MEANING.to_owned(),
        profile,
        range_low: core::IN_RANGE_LOW,
        range_high: core::IN_RANGE_HIGH,
        details_summary: words::DETAILS_SUMMARY.to_owned(),
        consensus: words::CONSENSUS.iter().map(|s| (*s).to_owned()).collect(),
        source_url: words::SOURCE_URL.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_hours_read_as_people_write_them() {
        assert_eq!(percent_text(0.0), "0%");
        assert_eq!(percent_text(0.84), "0.8%");
        assert_eq!(percent_text(62.4), "62%");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(hour_label(0), "midnight");
        assert_eq!(hour_label(9), "9am");
        assert_eq!(hour_label(12), "midday");
        assert_eq!(hour_label(23), "11pm");
    }
}
