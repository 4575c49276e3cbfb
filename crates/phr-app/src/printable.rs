//! The printable documents the app saves as PDF, built from the DTOs the screens already show:
//! the record summary, the home blood pressure week, the glucose report and the recovery key. Each is a
//! [`phr_pdf::Document`] (headings, paragraphs, rows, tables); `pdf_export` writes it out.
//!
//! The words on the paper live here, once, for the desktop and the CLI alike; the section
//! headings and "none recorded" sentences are the summary's own (`phr_core::record::words`).

use chrono::{DateTime, NaiveDate};
use phr_core::record::words;
use phr_pdf::{Document, Subject};

use crate::dto::Person;
use crate::dto_glucose::GlucoseReport;
use crate::dto_readings::BpWeek;
use crate::dto_record::{EntrySummary, RecordSummary};

/// The title of the record summary.
pub const SUMMARY_TITLE: &str = "Health record summary";
/// The title of the blood pressure week's summary.
pub const BP_WEEK_TITLE: &str = "Home blood pressure summary";
/// The title of the recovery key's page.
pub const RECOVERY_KEY_TITLE: &str = "Your recovery key";
/// The title of the handover code's page.
pub const HANDOVER_CODE_TITLE: &str = "Your handover code";

/// The button that saves a printable PDF.
pub(crate) const SAVE: &str = "Save as PDF";
/// Shown while the PDF is made and saved.
pub(crate) const SAVING: &str = "Saving the PDF…";
/// Before the saved file's name: "Saved as health-record-summary-2026-12-04.pdf".
pub(crate) const SAVED_AS: &str = "Saved as";
/// The button that opens the saved PDF in the computer's PDF viewer.
pub(crate) const OPEN: &str = "Open the PDF to print";
/// Said beside the save: the PDF of a record is a plain file.
pub(crate) const NOT_ENCRYPTED: &str =
    "The PDF is not encrypted: anyone who can open the file can read it. Keep it somewhere only you can reach.";
/// Said after saving the recovery key's page.
pub(crate) const RECOVERY_KEY_AFTER: &str = "Once you have printed it, delete the PDF file and empty the bin. \
                                             Anyone who finds the file could use the key.";

/// What the summary says at its end: where it comes from and what it may not hold.
const SUMMARY_NOTE: &str = "This summary comes from the health record you keep on your computer. It may not include \
                            everything your GP practice has. If something looks wrong, ask your GP practice.";

/// A date as people write it ("3 Feb 1950") from an ISO date or date-time; a year and month
/// alone ("2019-03") as "Mar 2019"; anything else as it is.
pub(crate) fn en_gb_date(iso: &str) -> String {
    if let Some(day) = iso.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        return day.format("%-d %b %Y").to_string();
    }
    if let Some(month) = iso.get(..7).and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()) {
        return month.format("%b %Y").to_string();
    }
    iso.to_owned()
}

/// A moment as people write it, in the offset it was taken in: "1 Dec 2026 at 8:05am".
fn en_gb_moment(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(at) => at.format("%-d %b %Y at %-I:%M%P").to_string(),
        Err(_) => en_gb_date(rfc3339),
    }
}

pub(crate) fn subject(person: &Person) -> Subject {
    Subject { name: person.name.clone(), date_of_birth: en_gb_date(&person.date_of_birth) }
}

pub(crate) fn printed(today: NaiveDate) -> String {
    today.format("%-d %b %Y").to_string()
}

fn section(code: &str) -> (&'static str, &'static str) {
    words::summary_section(code).map_or(("", ""), |s| (s.heading, s.none))
}

fn date_of(e: &EntrySummary) -> String {
    e.date.as_deref().map(en_gb_date).unwrap_or_default()
}

/// A list of entries as a table (title, then what `extra` gives, then the date), or the
/// section's "none" sentence when there are none.
fn entries_section(
    doc: &mut Document,
    code: &str,
    columns: &[&str],
    entries: &[EntrySummary],
    extra: fn(&EntrySummary) -> Vec<String>,
) {
    let (heading, none) = section(code);
    doc.heading(heading);
    if entries.is_empty() {
        doc.paragraph(none);
        return;
    }
    let rows = entries.iter().map(|e| {
        let mut row = vec![e.title.clone()];
        row.extend(extra(e));
        row.push(date_of(e));
        row
    });
    doc.table(columns.iter().copied(), rows);
}

/// The record at a glance, as the Summary screen shows it: who it is, allergies first, then
/// active problems, medicines, recent results and vaccinations, each with its "none" sentence
/// when empty, so a missing section is never mistaken for "nothing to know".
pub(crate) fn summary_document(person: &Person, summary: &RecordSummary, today: NaiveDate) -> Document {
    let mut doc = Document::new(SUMMARY_TITLE, subject(person), printed(today));
    let mut who = vec![("Name", person.name.clone()), ("Date of birth", en_gb_date(&person.date_of_birth))];
    if let Some(nhs) = &person.nhs_number {
        who.push(("NHS number", nhs.clone()));
    }
    doc.rows(who);

    let (heading, none) = section("allergies");
    doc.heading(heading);
    if !summary.allergies.is_empty() {
        let rows =
            summary.allergies.iter().map(|e| [e.title.clone(), e.status.clone().unwrap_or_default(), date_of(e)]);
        doc.table(["Allergy or reaction", "Status", "Recorded"], rows);
    } else if !summary.no_known_allergies.is_empty() {
        doc.paragraph(words::NO_KNOWN_ALLERGIES);
    } else {
        doc.paragraph(none);
    }

    entries_section(&mut doc, "problems", &["Problem", "Status", "Date"], &summary.active_problems, |e| {
        vec![e.status.clone().unwrap_or_default()]
    });

    let (heading, none) = section("medications");
    doc.heading(heading);
    let medicines = &summary.medicines;
    if let Some(statement) = &medicines.statement {
        doc.paragraph(statement.clone());
    }
    if !medicines.shown.is_empty() {
        let rows = medicines.shown.iter().map(|m| {
            [
                m.name.clone(),
                m.dose.clone().unwrap_or_default(),
                m.course_text.clone(),
                m.last_issued.as_deref().map(en_gb_date).unwrap_or_default(),
            ]
        });
        doc.table(["Medicine", "Dose", "Type", "Last issued"], rows);
    } else if medicines.statement.is_none() {
        doc.paragraph(none);
    }

    entries_section(&mut doc, "results", &["Test", "Result", "Date"], &summary.recent_results, |e| {
        let value = e.value_text.clone().unwrap_or_default();
        vec![match &e.flag {
            Some(flag) if !value.is_empty() => format!("{value} ({flag})"),
            Some(flag) => flag.clone(),
            None => value,
        }]
    });
    entries_section(&mut doc, "immunisations", &["Vaccination", "Date"], &summary.immunisations, |_| Vec::new());

    doc.heading("Everything in the record");
    doc.paragraph(match summary.total {
        1 => "1 entry in total.".to_owned(),
        n => format!("{n} entries in total."),
    });
    doc.inset(SUMMARY_NOTE);
    doc
}

/// The week's summary for the GP or nurse: the average and how it compares with the level
/// the guidance uses, the readings that need action (never hidden in the average), and the
/// week day by day. `None` while there is no average yet.
pub(crate) fn bp_week_document(person: &Person, week: &BpWeek, today: NaiveDate) -> Option<Document> {
    let average = week.average.as_ref()?;
    let mut doc = Document::new(BP_WEEK_TITLE, subject(person), printed(today));
    let from = week.started_at.as_deref().map(|s| format!(" from {}", en_gb_date(s))).unwrap_or_default();
    let days = match week.days.len() {
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    };
    doc.paragraph(format!("Measured at home over {days}{from}."));

    doc.heading("Your home blood pressure average");
    if let (true, Some(sys), Some(dia)) = (average.enough, average.systolic, average.diastolic) {
        doc.large(format!("{sys:.0}/{dia:.0} mmHg"));
        doc.paragraph(if average.above_threshold == Some(true) {
            format!(
                "This is above {}, the level at which the guidance says high blood pressure is confirmed at home.",
                average.threshold
            )
        } else {
            format!("This is not above {}, the level the guidance uses for home readings.", average.threshold)
        });
    }
    doc.paragraph(average.explanation.clone());
    let mut used =
        vec![("Readings used", format!("{} readings from {} days", average.readings_used, average.days_used))];
    if average.first_day_discarded {
        used.push(("First day", "Left out, as the guidance says".to_owned()));
    }
    doc.rows(used);

    if !week.flagged.is_empty() {
        doc.heading(if week.flagged.len() == 1 {
            "A reading this week needs action"
        } else {
            "Readings this week that need action"
        });
        let rows = week.flagged.iter().map(|r| {
            let advice = r.advice.as_ref().map(|a| format!("{}. {}", a.headline, a.text)).unwrap_or_default();
            [r.display.clone(), en_gb_moment(&r.at), advice]
        });
        doc.table(["Reading", "Taken", "What to do"], rows);
    }

    doc.heading("Your week");
    let count = |n: u32| match n {
        0 => "Not yet".to_owned(),
        1 => "1 of 2".to_owned(),
        n => format!("Done ({n})"),
    };
    let rows = week.days.iter().enumerate().map(|(i, d)| {
        let day = NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
            .map(|day| day.format("%a %-d %b %Y").to_string())
            .unwrap_or_else(|_| d.date.clone());
        let day = if i == 0 { format!("{day} (not counted)") } else { day };
        [day, count(d.morning), count(d.evening)]
    });
    doc.table(["Day", "Morning", "Evening"], rows);
    Some(doc)
}

/// The glucose report as the screen shows it, for the diabetes team: the period, the warning
/// when it should not be relied on, time in each band against its target, the figures, and
/// the glucose profile through the day as a table. The consensus it follows goes at the end.
pub(crate) fn glucose_report_document(person: &Person, r: &GlucoseReport, today: NaiveDate) -> Document {
    let mut doc = Document::new(r.title.clone(), subject(person), printed(today));
    doc.paragraph(r.period_text.clone());
    if let Some(warning) = &r.warning {
        doc.inset(warning.clone());
    }
    doc.paragraph(r.intro.clone());

    doc.heading(r.bands_heading.clone());
    doc.paragraph(r.bands_meaning.clone());
    let bands = r.bands.iter().rev().map(|b| {
        [
            b.label.clone(),
            b.levels.clone(),
            b.percent_text.clone(),
            b.target.clone(),
            b.status_text.clone().unwrap_or_default(),
        ]
    });
    doc.table(["Band", "Levels", "Time", "Target", ""], bands);

    doc.heading("Figures");
    let figures = r.figures.iter().map(|f| {
        let target = match (&f.target, &f.status_text) {
            (Some(t), Some(s)) => format!("Target: {t}. {s}"),
            (Some(t), None) => format!("Target: {t}"),
            _ => String::new(),
        };
        [f.label.clone(), f.value_text.clone(), target]
    });
    doc.table(["Figure", "Value", "Target"], figures);

    doc.heading(r.profile_heading.clone());
    doc.paragraph(r.profile_meaning.clone());
    let num = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"));
    let hours =
        r.profile.iter().filter(|h| h.count > 0).map(|h| {
            [h.label.clone(), num(h.p5), num(h.p25), num(h.median), num(h.p75), num(h.p95), h.count.to_string()]
        });
    doc.table(["Hour", "5%", "25%", "Middle", "75%", "95%", "Readings"], hours);
    doc.paragraph("Glucose levels are in mmol/L.");

    doc.heading(r.details_summary.clone());
    for p in &r.consensus {
        doc.paragraph(p.clone());
    }
    doc.paragraph(r.source_url.clone());
    doc
}

/// The recovery key on paper, with what it is for and how to keep it. No one's name: the key
/// opens the whole record, whoever is in it, and a lost page should say as little as it can.
pub(crate) fn recovery_key_document(key: &str, today: NaiveDate) -> Document {
    let subject = Subject { name: "Health record recovery key".to_owned(), date_of_birth: String::new() };
    let mut doc = Document::new(RECOVERY_KEY_TITLE, subject, printed(today));
    doc.inset(
        "If you forget your password, this recovery key is the only way back into your health record. \
         Nobody else can unlock it for you.",
    )
    .large(key)
    .heading("Keep it safe")
    .paragraph("Keep this page somewhere safe, away from your computer, as you would a passport.")
    .paragraph("Anyone who has this key and your computer can open your record. Do not share it or take a photo of it.")
    .paragraph("Once you have printed this page, delete the PDF file from your computer and empty the bin.");
    doc
}

/// A handover code on paper, for the person a record is handed to. No one's name: with the
/// handover file, the code opens the record, and a lost page should say as little as it can.
pub(crate) fn handover_code_document(code: &str, today: NaiveDate) -> Document {
    let subject = Subject { name: "Health record handover code".to_owned(), date_of_birth: String::new() };
    let mut doc = Document::new(HANDOVER_CODE_TITLE, subject, printed(today));
    doc.inset("You need this handover code and the handover file to open your health record in your own app.")
        .large(code)
        .heading("What to do")
        .paragraph("In the app, choose \"I have been handed my record\", choose the handover file and type this code.")
        .paragraph("Keep this page apart from the file. Anyone who has both can open the record.")
        .paragraph(
            "Once the record is open, the app shows a receipt code: give it back to the person who handed it over.",
        )
        .paragraph("Once you have printed this page, delete the PDF file from your computer and empty the bin.");
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_people_write_them() {
        assert_eq!(en_gb_date("1950-02-03"), "3 Feb 1950");
        assert_eq!(en_gb_date("2019-03-01T10:00:00+00:00"), "1 Mar 2019");
        assert_eq!(en_gb_date("2019-03"), "Mar 2019");
        assert_eq!(en_gb_date("2019"), "2019");
        assert_eq!(en_gb_moment("2026-12-01T20:05:00+00:00"), "1 Dec 2026 at 8:05pm");
    }
}
