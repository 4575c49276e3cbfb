//! The home blood pressure week (NICE NG136): starting it, what to do next, and the average
//! so far. Its days are local days in the offset the week started in.

use chrono::{DateTime, Utc};
use phr_core::local_time;
use phr_core::readings::{self as core};
use phr_vault::{PersonId, ReadingFilter, Vault};

use super::local::{local_offset, local_today};
use super::stats::bp_readings;
use super::to_dto_judged;
use crate::advice::Judge;
use crate::app::App;
use crate::dto::AppError;
use crate::dto_readings::*;

impl App {
    /// The home blood pressure week: progress, what to do next, and the average so far.
    pub fn bp_week(&self, person_id_str: &str) -> Result<BpWeek, AppError> {
        let id = self.record_person(person_id_str)?;
        let now = self.clock.now();
        self.with_vault(|v| bp_week_of(v, &id, now))
    }

    /// Starts (or restarts) the home blood pressure week today.
    pub fn start_bp_week(&self, person_id_str: &str) -> Result<BpWeek, AppError> {
        let id = self.record_person(person_id_str)?;
        let now = self.clock.now();
        let local = now.with_timezone(&local_offset(now));
        self.with_vault(|v| {
            v.start_bp_week(&id, local)?;
            bp_week_of(v, &id, now)
        })
    }
}

fn bp_week_of(v: &Vault, id: &PersonId, now: DateTime<Utc>) -> Result<BpWeek, AppError> {
    let Some(start) = v.bp_week_start(id)? else {
        return Ok(BpWeek {
            active: false,
            started_at: None,
            days: Vec::new(),
            next_step: "Start a blood pressure week to get the average your GP asks for: two readings a \
                        minute apart, morning and evening, for 7 days."
                .to_owned(),
            complete: false,
            average: None,
            flagged: Vec::new(),
        });
    };
    let (from, to) = local_time::bp_week_window_ms(start);
    let readings = bp_readings(v, id, from, to)?;
    let status = core::bp_week_status(start, &readings, now);
    // The week's red flags, with their advice, so the week never hides a dangerous reading.
    let week = ReadingFilter {
        kind: Some(core::ReadingKind::BloodPressure),
        from_ms: Some(from),
        to_ms: Some(to),
        limit: None,
        offset: 0,
    };
    let (rows, _) = v.list_readings(id, &week)?;
    let judge = Judge::of(v, id, local_today(now))?;
    let targets = v.reading_targets(id)?;
    let flagged = rows
        .iter()
        .map(|r| to_dto_judged(&targets, &judge, r))
        .filter(|r| r.advice.as_ref().is_some_and(|a| a.is_red_flag))
        .collect();
    Ok(BpWeek {
        active: !status.complete,
        started_at: Some(start.to_rfc3339()),
        days: status
            .days
            .iter()
            .map(|d| BpWeekDay { date: d.date.format("%Y-%m-%d").to_string(), morning: d.morning, evening: d.evening })
            .collect(),
        next_step: status.next_step,
        complete: status.complete,
        average: status.average.map(Into::into),
        flagged,
    })
}
