//! Red-flag advice for readings and results, as the person's record shapes it: type 1
//! diabetes, heart failure and the best peak flow from the record, earlier weights for a weight
//! gain, and a note when the reading is not from today. The table and its judgement are
//! `phr_core::readings::red_flags`; this turns what it says into [`Advice`] DTOs.

use chrono::{DateTime, FixedOffset, NaiveDate};
use phr_core::readings::red_flags::{self as core, PersonContext, RedFlag, Setting, Taken};
use phr_core::readings::{CheckedReading, ReadingKind};
use phr_core::record::ObservedReading;
use phr_vault::{PersonId, ReadingFilter, Vault};

use crate::ErrorField;
use crate::dto::AppError;
use crate::dto_advice::{Advice, AdviceIf, AdviceSource};

/// What the red-flag table knows about one person, and today, for judging their readings.
pub(crate) struct Judge {
    person: PersonContext,
    today: NaiveDate,
}

impl Judge {
    /// The person's record as the table needs it (weights not yet added: see
    /// [`Judge::with_weights`]).
    pub(crate) fn of(v: &Vault, id: &PersonId, today: NaiveDate) -> Result<Judge, AppError> {
        Ok(Judge { person: v.advice_context(id)?, today })
    }

    /// Knowing nothing of the person: rows that need the record do not apply.
    pub(crate) fn alone(today: NaiveDate) -> Judge {
        Judge { person: PersonContext::default(), today }
    }

    /// Adds the weights from 3 days before the earliest of `times` to the latest, so a weight
    /// taken at any of them can be judged for a gain over days.
    pub(crate) fn with_weights(
        mut self,
        v: &Vault,
        id: &PersonId,
        times: impl IntoIterator<Item = DateTime<FixedOffset>>,
    ) -> Result<Judge, AppError> {
        let times: Vec<DateTime<FixedOffset>> = times.into_iter().collect();
        let (Some(from), Some(to)) = (times.iter().min(), times.iter().max()) else { return Ok(self) };
        let filter = ReadingFilter {
            kind: Some(ReadingKind::Weight),
            from_ms: Some((*from - chrono::Duration::days(3)).timestamp_millis()),
            to_ms: Some(to.timestamp_millis().saturating_add(1)),
            limit: None,
            offset: 0,
        };
        let (rows, _) = v.list_readings(id, &filter)?;
        self.person.weights = rows.iter().filter_map(|r| Some((r.reading.at, r.reading.value?))).collect();
        Ok(self)
    }

    /// What the table says of a reading the person took.
    pub(crate) fn advise(&self, r: &CheckedReading) -> Option<core::Advice> {
        core::advise_reading(r, Some(&self.person))
    }

    /// [`Judge::advise`] as the DTO, with the stale note when it is not from today.
    pub(crate) fn reading(&self, r: &CheckedReading) -> Option<Advice> {
        self.advise(r).map(|a| self.reading_dto(&a, r))
    }

    /// The DTO for what the table said of `r`.
    pub(crate) fn reading_dto(&self, a: &core::Advice, r: &CheckedReading) -> Advice {
        advice(a, Some(r.at.date_naive()), self.today, Taken::Reading)
    }

    /// The advice for numbers that are not a stored reading (a chart point), at home.
    pub(crate) fn values(
        &self,
        kind: ReadingKind,
        value: Option<f64>,
        value2: Option<f64>,
        at: Option<DateTime<FixedOffset>>,
    ) -> Option<core::Advice> {
        core::advise_values(kind, value, value2, None, at, None, Setting::Home, Some(&self.person))
    }

    /// The advice for a record result that is a kind of reading, taken in a clinic on `date`
    /// (the FHIR date as stored).
    pub(crate) fn result(&self, o: &ObservedReading, date: Option<&str>) -> Option<Advice> {
        let a = core::advise_values(
            o.kind,
            o.value,
            o.value2,
            o.pulse,
            None,
            o.context.as_deref(),
            Setting::Clinic,
            Some(&self.person),
        )?;
        Some(advice(&a, date.and_then(fhir_day), self.today, Taken::Result))
    }
}

/// A FHIR date or dateTime's day ("2019-03-28T10:30:00+00:00" -> 28 Mar 2019).
pub(crate) fn fhir_day(s: &str) -> Option<NaiveDate> {
    s.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The DTO for what the table said, with the stale note when `taken` is before yesterday.
pub(crate) fn advice(a: &core::Advice, taken: Option<NaiveDate>, today: NaiveDate, what: Taken) -> Advice {
    let mut out = rule_advice(a.rule);
    out.field = ErrorField::from_name(a.field);
    out.if_symptoms = a.if_symptoms.iter().map(|r| if_symptoms(r)).collect();
    out.stale = taken.and_then(|t| core::stale_note(t, today, what));
    out
}

/// The DTO for a row alone (a shared reading that names it, with no symptoms rows known).
pub(crate) fn rule_advice(rule: &RedFlag) -> Advice {
    Advice {
        rule: rule.id.to_owned(),
        urgency: rule.urgency.into(),
        is_red_flag: rule.urgency.is_red_flag(),
        headline: rule.headline.to_owned(),
        text: rule.advice.to_owned(),
        condition: rule.condition(),
        field: None,
        if_symptoms: Vec::new(),
        source: AdviceSource { title: rule.source.title.to_owned(), url: rule.source.url.to_owned() },
        reviewed: rule.reviewed.to_owned(),
        stale: None,
    }
}

/// The DTO for a row known only by its id (a shared or stored result names it), with the
/// symptoms rows the same numbers would raise.
pub(crate) fn advice_by_id(id: &str) -> Option<Advice> {
    let rule = core::rule(id)?;
    let mut out = rule_advice(rule);
    out.if_symptoms = core::RED_FLAGS
        .iter()
        .filter(|r| r.kind == rule.kind && r.any == rule.any && r.symptoms().is_some() && r.urgency > rule.urgency)
        .map(if_symptoms)
        .collect();
    Some(out)
}

fn if_symptoms(r: &RedFlag) -> AdviceIf {
    AdviceIf {
        symptoms: r.symptoms().unwrap_or_default().to_owned(),
        urgency: r.urgency.into(),
        headline: r.headline.to_owned(),
        text: r.advice.to_owned(),
    }
}

impl crate::App {
    /// Where a red-flag row's advice comes from, named by the row's id ("bp-very-high"). These
    /// are the only addresses the interface may ask the shell to open in the person's web
    /// browser, so a webview cannot open one of its own choosing.
    pub fn advice_source(&self, rule: &str) -> Result<AdviceSource, AppError> {
        let row = core::rule(rule).ok_or_else(|| {
            AppError::new(crate::ErrorCode::InvalidInput, format!("There is no advice called '{rule}'."))
        })?;
        Ok(AdviceSource { title: row.source.title.to_owned(), url: row.source.url.to_owned() })
    }

    /// Opens where the advice of the red-flag row `rule` comes from in the person's web
    /// browser, started without this app's secret variables (as the GP sign-in is).
    pub fn open_advice_source(&self, rule: &str) -> Result<(), AppError> {
        let source = self.advice_source(rule)?;
        phr_gp::open_page(&source.url).map_err(|e| {
            AppError::new(
                crate::ErrorCode::Io,
                format!("Your web browser could not be opened ({e}). The page's address is {}", source.url),
            )
        })
    }
}
