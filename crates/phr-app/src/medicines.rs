//! [`App::medicines`]: the record's medicines, each once, with whether it is current on this
//! app's today; the record summary's medicines come from the same place.

use chrono::NaiveDate;
use phr_core::record::medicines::{self as core, ACUTE_CURRENT_DAYS, date_text, day_of};
use phr_vault::Vault;

use crate::App;
use crate::dto::AppError;
use crate::dto_medicines::*;
use crate::dto_record::Fact;
use crate::readings::local::local_today;

fn iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn medicine(m: &core::Medicine, today: NaiveDate) -> Medicine {
    Medicine {
        key: m.key.clone(),
        name: m.name.clone(),
        course: m.course.into(),
        course_text: m.course.label().to_owned(),
        dose: m.dose.clone(),
        first_issued: iso(m.first_issued),
        last_issued: iso(m.last_issued),
        last_recorded: iso(m.last_recorded),
        status: m.status.clone(),
        current: m.is_current(),
        current_text: m.currency.label().to_owned(),
        reason: m.currency.reason(),
        caution: m.caution(today),
        sensitivity: m.sensitivity.into(),
        details: m.details(today).into_iter().map(|f| Fact { label: f.label, text: f.text }).collect(),
        issues_heading: m.events_heading(),
        issues: m
            .events
            .iter()
            .map(|e| MedicineIssue {
                entry_id: e.entry_id.into(),
                role: e.role.into(),
                role_text: e.role.label().to_owned(),
                title: e.title.clone(),
                date: e.date.clone(),
                date_text: e.date.as_deref().map(|d| day_of(d).map_or_else(|| d.to_owned(), date_text)),
                status_text: e.status_text(),
                dose: e.dose.clone(),
            })
            .collect(),
        added_by: None,
    }
}

/// The summary's part: what it says and which medicines it shows.
pub(crate) fn summary_of(all: &core::Medicines) -> MedicinesSummary {
    MedicinesSummary {
        statement: all.statement(),
        shown: all.shown().into_iter().map(|m| medicine(m, all.today)).collect(),
        current_count: count(all.current_count()),
        total: count(all.list.len()),
        others_heading: all.others_heading(),
        rule: core::Medicines::rule_text(),
        acute_current_days: u32::try_from(ACUTE_CURRENT_DAYS).unwrap_or(u32::MAX),
    }
}

/// A person's medicines, grouped, as they stand on `today` (kept by the vault while the record
/// and the day are unchanged).
pub(crate) fn medicines_in(
    v: &Vault,
    id: &phr_vault::PersonId,
    today: NaiveDate,
) -> Result<std::sync::Arc<core::Medicines>, AppError> {
    Ok(v.medicines_on(id, today)?)
}

impl App {
    /// The record's medicines, each once (grouped by dm+d or SNOMED CT code, the plan an issue
    /// belongs to, else the name), with whether each is current by its source's rules on this
    /// app's today, its plans and issues beneath, and what the summary says.
    pub fn medicines(&self, person_id_str: &str) -> Result<Medicines, AppError> {
        let id = self.record_person(person_id_str)?;
        let today = local_today(self.clock.now());
        self.with_vault(|v| {
            let all = medicines_in(v, &id, today)?;
            let mut summary = summary_of(&all);
            let mut medicines: Vec<Medicine> = all.list.iter().map(|m| medicine(m, today)).collect();
            crate::own_entries::mark_medicines(v, &id, &mut summary.shown)?;
            crate::own_entries::mark_medicines(v, &id, &mut medicines)?;
            Ok(Medicines { summary, medicines })
        })
    }
}
