//! The two pages a person takes with them: the appointment summary ("For my appointment":
//! current medicines, their own included and marked, allergies, active problems, recent
//! readings with their averages and the NICE home blood pressure average, what matters to
//! them, communication needs and contacts) and the emergency card (allergies, current
//! medicines, key conditions, emergency contacts and communication needs). Each is dated "as
//! recorded on" the day it was made.
//!
//! Both are built from what the screens already show (`record_summary`, `reading_overview`,
//! `reading_stats`, `about_me`), so a medicine or an allergy is never judged current here by
//! a second rule: the summary's rules decide, and every allergy and current medicine it lists
//! is printed (hazard H-51). Lists are kept short enough for one page, except those two: a
//! long list of medicines or allergies runs onto a second page rather than leave one out.

use chrono::Days;
use phr_core::record::about_me::AboutPart;
use phr_pdf::Document;

use crate::App;
use crate::dto::{AppError, Person};
use crate::dto_about_me::AboutMe;
use crate::dto_medicines::Medicine;
use crate::dto_readings::ReadingStats;
use crate::dto_record::{EntrySummary, RecordSummary};
use crate::dto_vocabulary::ReadingKindOverview;
use crate::printable::{en_gb_date, printed, subject};
use crate::readings::local::local_today;

/// The appointment summary's title.
pub const APPOINTMENT_TITLE: &str = "For my appointment";
/// The emergency card's title.
pub const EMERGENCY_CARD_TITLE: &str = "Emergency information";
/// Readings over this many days are averaged on the appointment summary.
const READINGS_DAYS: u64 = 30;
/// At most this many active problems and kinds of reading: one page.
const PROBLEMS_MAX: usize = 8;
const READING_KINDS_MAX: usize = 5;

/// What the pages are built from, gathered once.
pub(crate) struct Gathered {
    pub person: Person,
    pub summary: RecordSummary,
    pub about: AboutMe,
    /// Each kind with readings: the newest and the last 30 days' statistics.
    pub readings: Vec<(ReadingKindOverview, ReadingStats)>,
    /// Each of the summary's allergies' reactions and risk, in its order: what a paramedic or
    /// a clinician needs beside the name ("Swollen lips", "High risk of a serious reaction").
    pub allergy_details: Vec<String>,
    pub today: chrono::NaiveDate,
}

/// "As recorded on 23 Nov 2026." and the NHS number when known (the name and date of birth
/// head every page).
fn recorded_on(person: &Person, today: chrono::NaiveDate) -> String {
    match &person.nhs_number {
        Some(nhs) => format!("As recorded on {}. NHS number: {nhs}.", printed(today)),
        None => format!("As recorded on {}.", printed(today)),
    }
}

/// The parts that are not empty, joined by a dot: "1 tablet · Added by you".
fn joined(parts: &[String]) -> String {
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
}

fn who_added(e: &EntrySummary) -> String {
    e.added_by.clone().unwrap_or_default()
}

/// The current medicines (the summary's own rule), each with who added it when the person or
/// their carer did; when none is current, the summary's sentence instead.
fn medicines(doc: &mut Document, summary: &RecordSummary) {
    doc.heading("Current medicines");
    let current: Vec<&Medicine> = summary.medicines.shown.iter().filter(|m| m.current).collect();
    if current.is_empty() {
        doc.paragraph(summary.medicines.statement.clone().unwrap_or_else(|| "No current medicines recorded.".into()));
        return;
    }
    // Label-value rows rather than a table: no header row, so the page holds more.
    doc.rows(current.iter().map(|m| {
        let who = m.added_by.clone().unwrap_or_else(|| m.course_text.clone());
        (m.name.clone(), joined(&[m.dose.clone().unwrap_or_default(), who]))
    }));
}

fn allergies(doc: &mut Document, summary: &RecordSummary, details: &[String]) {
    doc.heading("Allergies");
    if summary.allergies.is_empty() {
        doc.paragraph(if summary.no_known_allergies.is_empty() {
            "No allergies recorded. This does not mean there are none."
        } else {
            phr_core::record::words::NO_KNOWN_ALLERGIES
        });
        return;
    }
    doc.rows(summary.allergies.iter().enumerate().map(|(i, e)| {
        let detail = details.get(i).cloned().unwrap_or_default();
        let what = joined(&[e.value_text.clone().unwrap_or_default(), detail, who_added(e)]);
        (e.title.clone(), if what.is_empty() { "Allergy recorded".to_owned() } else { what })
    }));
}

fn problems(doc: &mut Document, summary: &RecordSummary, heading: &str) {
    doc.heading(heading);
    if summary.active_problems.is_empty() {
        doc.paragraph("No current problems recorded.");
        return;
    }
    let shown = summary.active_problems.iter().take(PROBLEMS_MAX);
    // No date: an entry's date may be when it was written down rather than when it began.
    doc.rows(shown.map(|e| {
        let who = who_added(e);
        (e.title.clone(), if who.is_empty() { e.status.clone().unwrap_or_default() } else { who })
    }));
    let more = summary.active_problems.len().saturating_sub(PROBLEMS_MAX);
    if more > 0 {
        doc.paragraph(format!("And {more} more in the health record."));
    }
}

/// Each kind of reading: its newest, and its average over the last 30 days; for blood
/// pressure, the NICE home average when enough days were measured (`reading_stats`' own).
fn readings(doc: &mut Document, readings: &[(ReadingKindOverview, ReadingStats)]) {
    doc.heading("Recent readings");
    if readings.is_empty() {
        doc.paragraph("No readings recorded.");
        return;
    }
    doc.rows(readings.iter().take(READING_KINDS_MAX).map(|(o, s)| {
        let kind = phr_core::readings::ReadingKind::from(o.kind);
        let newest = o.latest.as_ref().map(|r| format!("{} ({})", r.display, en_gb_date(&r.at))).unwrap_or_default();
        let unit = kind.unit_label();
        let number = |v: f64| phr_core::readings::units::format_value(kind, v);
        let average = match (&s.home_bp, s.mean, s.mean2) {
            (Some(bp), _, _) if bp.enough => match (bp.systolic, bp.diastolic) {
                (Some(sys), Some(dia)) => {
                    format!("Home average {sys:.0}/{dia:.0} mmHg (NICE method, {} days)", bp.days_used)
                }
                _ => String::new(),
            },
            (_, Some(m), Some(m2)) => format!("{}/{} {unit} from {} readings", number(m), number(m2), s.count),
            (_, Some(m), None) => format!("{} {unit} from {} readings", number(m), s.count).replace("  ", " "),
            _ => "No readings in the last 30 days".to_owned(),
        };
        let average = match s.home_bp.as_ref().filter(|bp| bp.enough) {
            Some(_) => average,
            None if s.count > 0 => format!("Average over 30 days: {average}"),
            None => average,
        };
        (kind.label().to_owned(), format!("Newest {newest}\n{average}"))
    }));
}

fn what_matters_text(about: &AboutMe) -> String {
    if about.what_matters.is_empty() {
        return AboutPart::WhatMatters.none().to_owned();
    }
    let lines: Vec<String> =
        about.what_matters.iter().enumerate().map(|(i, w)| format!("{}. {}", i + 1, w.text)).collect();
    lines.join("\n")
}

fn needs_text(about: &AboutMe) -> String {
    if about.needs.is_empty() {
        return AboutPart::CommunicationNeed.none().to_owned();
    }
    about.needs.iter().map(|n| n.text.clone()).collect::<Vec<_>>().join("\n")
}

fn practice_text(about: &AboutMe) -> Option<String> {
    let p = about.gp_practice.as_ref()?;
    let mut line = p.name.clone();
    if let Some(phone) = &p.phone {
        line.push_str(&format!(", {phone}"));
    }
    if let Some(code) = &p.ods_code {
        line.push_str(&format!(" (practice code {code})"));
    }
    Some(line)
}

/// What matters, communication needs and the GP practice, as label-value rows under one heading.
fn about_rows(doc: &mut Document, about: &AboutMe) {
    doc.heading("About me");
    let mut rows = vec![
        (AboutPart::WhatMatters.heading().to_owned(), what_matters_text(about)),
        (AboutPart::CommunicationNeed.heading().to_owned(), needs_text(about)),
    ];
    if let Some(p) = practice_text(about) {
        rows.push((AboutPart::GpPractice.heading().to_owned(), p));
    }
    doc.rows(rows);
}

/// Contacts as rows: name and who they are, then phone and roles. `emergency_only` keeps the
/// emergency contacts and next of kin.
fn contacts(doc: &mut Document, about: &AboutMe, heading: &str, emergency_only: bool) {
    doc.heading(heading);
    let list: Vec<_> = about.contacts.iter().filter(|c| !emergency_only || c.emergency || c.next_of_kin).collect();
    if list.is_empty() {
        doc.paragraph(if emergency_only { "No emergency contacts added." } else { AboutPart::Contact.none() });
    } else {
        doc.rows(list.iter().map(|c| {
            let mut who = vec![c.relationship_text.clone()];
            who.extend(c.roles.iter().cloned());
            (c.name.clone(), joined(&[c.phone.clone().unwrap_or_default(), who.join(", ")]))
        }));
    }
}

/// The one-page appointment summary.
pub(crate) fn appointment_document(g: &Gathered) -> Document {
    let mut doc = Document::new(APPOINTMENT_TITLE, subject(&g.person), printed(g.today));
    doc.compact();
    doc.paragraph(recorded_on(&g.person, g.today));
    medicines(&mut doc, &g.summary);
    allergies(&mut doc, &g.summary, &g.allergy_details);
    problems(&mut doc, &g.summary, "Health problems");
    readings(&mut doc, &g.readings);
    about_rows(&mut doc, &g.about);
    contacts(&mut doc, &g.about, "Contacts", false);
    doc.paragraph(
        "This comes from the health record I keep myself. Entries marked \"Added by\" were written by me or my carer, \
         not by my GP practice.",
    );
    doc
}

/// The emergency card: what a paramedic or an emergency department needs first.
pub(crate) fn emergency_document(g: &Gathered) -> Document {
    let mut doc = Document::new(EMERGENCY_CARD_TITLE, subject(&g.person), printed(g.today));
    doc.compact();
    doc.paragraph(recorded_on(&g.person, g.today));
    allergies(&mut doc, &g.summary, &g.allergy_details);
    medicines(&mut doc, &g.summary);
    problems(&mut doc, &g.summary, "Key conditions");
    contacts(&mut doc, &g.about, "Emergency contacts", true);
    doc.heading(AboutPart::CommunicationNeed.heading());
    doc.paragraph(needs_text(&g.about));
    if let Some(p) = practice_text(&g.about) {
        doc.paragraph(format!("GP practice: {p}"));
    }
    doc.inset("Check with the person or their GP practice: this may have changed since the date above.");
    doc
}

impl App {
    /// What the appointment summary and the emergency card are built from, for `person_id`.
    pub(crate) fn gather_for_paper(&self, person_id: &str) -> Result<Gathered, AppError> {
        let person = self.person_by_id(person_id)?;
        let summary = self.record_summary(person_id)?;
        let about = self.about_me(person_id)?;
        let today = local_today(self.clock.now());
        let from = today.checked_sub_days(Days::new(READINGS_DAYS)).unwrap_or(today).format("%Y-%m-%d").to_string();
        let to = today.format("%Y-%m-%d").to_string();
        let mut readings = Vec::new();
        for o in self.reading_overview(person_id)?.into_iter().filter(|o| o.count > 0) {
            let stats = self.reading_stats(person_id, o.kind, Some(&from), Some(&to))?;
            readings.push((o, stats));
        }
        let mut allergy_details = Vec::new();
        for a in &summary.allergies {
            let detail = self.entry(person_id, a.id.as_str())?;
            let facts: Vec<&str> = detail
                .facts
                .iter()
                .filter(|f| f.label == "Reaction" || f.label == "Risk")
                .map(|f| f.text.as_str())
                .collect();
            allergy_details.push(facts.join("; "));
        }
        Ok(Gathered { person, summary, about, readings, allergy_details, today })
    }

    /// [`App::export_appointment_summary_pdf`] to the place chosen for `FilePurpose::SavePdf`,
    /// as [`App::export_summary_pdf_to`].
    pub fn export_appointment_summary_pdf_to(
        &self,
        person_id: &str,
        choice: &crate::FileHandle,
    ) -> Result<crate::FileChoice, AppError> {
        self.save_pdf_to(choice, |path| self.export_appointment_summary_pdf(person_id, path))
    }

    /// [`App::export_emergency_card_pdf`] to the place chosen for `FilePurpose::SavePdf`.
    pub fn export_emergency_card_pdf_to(
        &self,
        person_id: &str,
        choice: &crate::FileHandle,
    ) -> Result<crate::FileChoice, AppError> {
        self.save_pdf_to(choice, |path| self.export_emergency_card_pdf(person_id, path))
    }
}
