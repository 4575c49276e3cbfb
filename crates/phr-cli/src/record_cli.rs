//! `phr import`, `phr record` and `phr export`: the clinical record from the command line.

use std::path::PathBuf;

use clap::Subcommand;
use phr_app::{
    App, AppError, EntryDetail, EntryKind, EntrySummary, ErrorField, ImportOutcome, ImportReport, RecordSummary,
    TimelineQuery, TimelineShow,
};
use phr_core::ErrorCode;
use phr_core::record::words;

use crate::commands::resolve_person;
use crate::output::{self, emit};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import FHIR R4 files (a Bundle or a single resource, JSON)
    File {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The person to import into (id from `phr person list`); needed when there are several
        #[arg(long)]
        person: Option<String>,
        /// Import an International Patient Summary whose patient the app cannot match to this
        /// person, after checking it is about them (without it, the app shows who the document
        /// says it is about, and imports nothing)
        #[arg(long)]
        confirm_subject: bool,
    },
    /// Sign in to your GP practice's online service and import your record
    Gp {
        /// The practice's FHIR base URL
        #[arg(long)]
        url: String,
        #[arg(long)]
        person: Option<String>,
        /// Stay connected: keep, encrypted in the record, what lets `phr gp update` check for
        /// updates without signing in again (`phr gp disconnect` ends it)
        #[arg(long)]
        stay_connected: bool,
    },
    /// Every import (FHIR files, GP records, device files), newest first, each with its id
    History {
        #[arg(long)]
        person: Option<String>,
    },
    /// Undo an import as a whole: what it brought goes, what it changed goes back (asks first)
    Undo {
        /// The import's id (from `phr import history`)
        id: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        person: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Active problems, current medications, allergies, recent results, immunisations
    Summary {
        /// Also list the administrative entries (billing, insurance, staff and places)
        #[arg(long)]
        all: bool,
        #[arg(long)]
        person: Option<String>,
    },
    /// Entries of the health story, newest first
    List {
        /// Only this kind (problem, medication, allergy, immunisation, result, ...)
        #[arg(long)]
        kind: Option<String>,
        /// Only results outside the normal range (their own range, else the NHS and NICE
        /// levels); says how many results could not be checked
        #[arg(long)]
        abnormal: bool,
        /// Every entry: administrative ones (billing, insurance, staff and places) and results
        /// that say nothing on their own too
        #[arg(long)]
        all: bool,
        #[arg(long)]
        person: Option<String>,
    },
    /// One entry in full: codes, dates, values, where it came from, the resource as it arrived
    Show {
        id: String,
        #[arg(long)]
        person: Option<String>,
    },
    /// Your medicines, each once: whether it is current, acute or repeat, its first and last
    /// issue, and its prescriptions beneath
    Medicines {
        #[arg(long)]
        person: Option<String>,
    },
    /// Full-text search
    Search {
        text: String,
        #[arg(long)]
        person: Option<String>,
    },
    /// What the person keeps private from their carer, newest first; with an id, that one
    /// entry in full. Only with their own access (--as-owner)
    Private {
        /// One private entry's id (from this list), to show it in full
        id: Option<String>,
        #[arg(long)]
        person: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The whole record as a FHIR R4 Bundle: every resource as it arrived, plus your readings
    Fhir {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        person: Option<String>,
    },
    /// An International Patient Summary (IPS) for a health professional's system: a FHIR R4
    /// document with problems, allergies, medicines, vaccinations, results, procedures and
    /// readings
    Ips {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        person: Option<String>,
        /// Sensitive labels to leave out, comma-separated: mental_health, sexual_health,
        /// social_care, held_back (everything else is included)
        #[arg(long, value_name = "LABELS", value_delimiter = ',')]
        leave_out: Vec<String>,
    },
    /// The record summary (allergies, problems, medicines, recent results, vaccinations) as a
    /// PDF to print, each page naming the person
    Summary {
        #[arg(long, value_name = "FILE")]
        pdf: PathBuf,
        #[arg(long)]
        person: Option<String>,
    },
    /// The one-page summary to take to an appointment ("For my appointment": current medicines,
    /// yours marked, allergies, problems, recent readings with averages, what matters to you,
    /// communication needs and contacts) as a PDF
    AppointmentSummary {
        #[arg(long, value_name = "FILE")]
        pdf: PathBuf,
        #[arg(long)]
        person: Option<String>,
    },
    /// The emergency card (allergies, current medicines, key conditions, emergency contacts,
    /// communication needs) as a PDF
    EmergencyCard {
        #[arg(long, value_name = "FILE")]
        pdf: PathBuf,
        #[arg(long)]
        person: Option<String>,
    },
}

pub fn import(app: &App, c: ImportCommand, json: bool) -> Result<(), AppError> {
    match c {
        ImportCommand::File { paths, person, confirm_subject } => {
            let person = resolve_person(app, person)?;
            let report = match app.import_files_confirmed(&person, &paths, confirm_subject) {
                Err(e) if e.code == ErrorCode::ImportSubjectUnconfirmed && !json => {
                    if let Some(q) = app.import_subject_question(&person, &paths)? {
                        print_subject_question(&q);
                    }
                    return Err(e);
                }
                other => other?,
            };
            emit(json, &report, print_report);
            Ok(())
        }
        ImportCommand::Gp { url, person, stay_connected } => import_gp(app, &url, person, stay_connected, json),
        ImportCommand::History { person } => crate::import_cli::history(app, person, json),
        ImportCommand::Undo { id, yes, person } => crate::import_cli::undo(app, &id, yes, person, json),
    }
}

/// Who an International Patient Summary says it is about, and why the app could not match it.
fn print_subject_question(q: &phr_app::ImportSubjectQuestion) {
    eprintln!("{}", q.heading);
    for d in &q.documents {
        eprintln!("  {}{}", d.file, d.sender.as_deref().map(|s| format!(" (from {s})")).unwrap_or_default());
        for n in &d.names {
            eprintln!("    Name: {n}");
        }
        eprintln!("    Date of birth: {}", d.birth_date.as_deref().unwrap_or("not given"));
        for i in &d.identifiers {
            eprintln!("    {}: {}", i.label, i.value);
        }
        for r in &d.reasons {
            eprintln!("    {r}");
        }
    }
    eprintln!("{} If it is, run the import again with --confirm-subject.", q.question);
}

/// `phr import gp`: sign in through the browser, fetch, import; progress on stderr (one
/// line rewritten in place on a terminal, a line per new message otherwise), then the report.
fn import_gp(app: &App, url: &str, person: Option<String>, stay_connected: bool, json: bool) -> Result<(), AppError> {
    let person = resolve_person(app, person)?;
    let report = with_progress(|progress| app.import_from_gp(&person, url, stay_connected, progress))?;
    emit(json, &report, print_report);
    Ok(())
}

/// Runs a GP import or update with its progress on stderr (one line rewritten in place on a
/// terminal, a line per new message otherwise).
pub(crate) fn with_progress(
    run: impl FnOnce(&(dyn Fn(phr_app::ImportProgress) + Send + Sync)) -> Result<ImportReport, AppError>,
) -> Result<ImportReport, AppError> {
    use std::io::{IsTerminal, Write};
    let terminal = std::io::stderr().is_terminal();
    let last = std::sync::Mutex::new(String::new());
    let progress = |p: phr_app::ImportProgress| {
        let mut err = std::io::stderr().lock();
        if terminal {
            let _ = write!(err, "\r\x1b[2K{}", p.message);
            let _ = err.flush();
        } else if let Ok(mut last) = last.lock()
            && *last != p.message
        {
            let _ = writeln!(err, "{}", p.message);
            *last = p.message;
        }
    };
    let result = run(&progress);
    if terminal {
        eprintln!();
    }
    result
}

/// Counts first, then every resource that was not simply stored, with its place in the file.
pub(crate) fn print_report(r: &ImportReport) {
    println!(
        "Imported {} from {}: {} added, {} updated, {} unchanged, {} kept as they arrived, {} rejected.",
        plural(r.files.len(), "file"),
        r.source.name,
        r.added,
        r.updated,
        r.unchanged,
        r.unmapped,
        r.rejected
    );
    for (outcome, heading) in [
        (ImportOutcome::Rejected, "Rejected (not stored):"),
        (ImportOutcome::Unmapped, "Kept as they arrived (no category in the record; shown under Other):"),
    ] {
        let items: Vec<_> = r.items.iter().filter(|i| i.outcome == outcome).collect();
        if items.is_empty() {
            continue;
        }
        println!();
        println!("{heading}");
        for i in items {
            let id = i.resource_id.as_deref().map(|id| format!("/{id}")).unwrap_or_default();
            let reason = i.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
            println!("  {} {} {}{id}{reason}", i.file, i.location, i.resource_type);
        }
    }
    if let Some(connection) = &r.outcome.connection {
        println!();
        println!("{connection}");
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// A FHIR date or dateTime for people: `2019-03-01T10:00:00Z` as `1 Mar 2019`; a year or a
/// month alone as it is. An imported record may hold anything here: when the first ten bytes
/// are not whole characters, the text is shown as it came.
fn fhir_date(d: Option<&str>) -> String {
    match d {
        Some(d) => d.get(..10).map_or_else(|| d.to_string(), output::date),
        None => "no date".to_string(),
    }
}

/// `problem`, `carePlan`, `care_plan`, `care-plan`, `Medicines`, `allergies`, `test results`: the
/// kind's name or its category heading (today's or a former one), in any case.
pub(crate) fn parse_kind(s: &str) -> Result<EntryKind, AppError> {
    let norm = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let want = norm(s);
    let matches = |k: &phr_core::record::EntryKind| {
        let name = norm(k.as_str());
        name == want
            || name + "s" == want
            || norm(k.label()) == want
            || k.former_labels().iter().any(|f| norm(f) == want)
    };
    phr_core::record::EntryKind::ALL.into_iter().find(matches).map(EntryKind::from).ok_or_else(|| {
        let names: Vec<&str> = phr_core::record::EntryKind::ALL.iter().map(|k| k.as_str()).collect();
        AppError::new(ErrorCode::InvalidInput, format!("There is no kind {s:?}; use one of {}", names.join(", ")))
            .on_field(ErrorField::Kind)
    })
}

fn line(e: &EntrySummary) {
    let value = e.value_text.as_deref().map(|v| format!("  {v}")).unwrap_or_default();
    let flag = e.flag.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
    let advice = e.advice.as_ref().map(|a| format!("  {}", crate::advice_cli::marker(a))).unwrap_or_default();
    let by = e.added_by.as_deref().map(|b| format!("  ({b})")).unwrap_or_default();
    println!(
        "{:>6}  {:<12}  {:<12}  {}{value}{flag}{advice}{by}",
        e.id,
        fhir_date(e.date.as_deref()),
        e.kind.core().as_str(),
        e.title
    );
}

/// One summary section under its heading, or what the section says when it is empty.
fn section(code: &str, list: &[EntrySummary]) {
    let (heading, none) = words::summary_section(code).map_or((code, "none recorded"), |w| (w.heading, w.none));
    println!("{heading}");
    if list.is_empty() {
        println!("  {none}");
    }
    for e in list {
        line(e);
    }
    println!();
}

/// Every page of a timeline query, with the count and sentence of results not checked.
type Unchecked = (Option<u32>, Option<String>);
fn every_page(app: &App, person: &str, mut query: TimelineQuery) -> Result<(Vec<EntrySummary>, Unchecked), AppError> {
    query.limit = Some(200);
    let mut all = Vec::new();
    loop {
        let page = app.timeline(person, query.clone())?;
        all.extend(page.entries);
        match page.next_cursor {
            Some(c) => query.cursor = Some(c),
            None => return Ok((all, (page.unchecked, page.unchecked_text))),
        }
    }
}

fn print_summary(s: &RecordSummary) {
    if s.allergies.is_empty() && !s.no_known_allergies.is_empty() {
        println!("{}", words::summary_section("allergies").map_or("Allergies", |w| w.heading));
        println!("  {}", words::NO_KNOWN_ALLERGIES);
        s.no_known_allergies.iter().for_each(line);
        println!();
    } else {
        section("allergies", &s.allergies);
    }
    section("problems", &s.active_problems);
    let medicines = words::summary_section("medications").map_or("Medicines", |w| w.heading);
    crate::medicines_cli::print_summary_section(medicines, &s.medicines);
    section("results", &s.recent_results);
    section("immunisations", &s.immunisations);
    let counts: Vec<String> =
        s.counts.iter().map(|c| format!("{} {}", c.count, c.kind.core().label().to_lowercase())).collect();
    println!("{} entries: {}", s.total, if counts.is_empty() { "none yet".to_string() } else { counts.join(", ") });
    if s.administrative > 0 {
        println!(
            "Not counted: {} ({}; phr record summary --all lists them)",
            phr_core::record::place::ADMINISTRATIVE_HEADING,
            s.administrative
        );
    }
    if let Some(last) = &s.last_import {
        println!("Last import: {} from {}", output::instant(&last.finished_at), last.source.name);
    }
}

fn print_detail(d: &EntryDetail) {
    let e = &d.entry;
    println!("{} (entry {})", e.title, e.id);
    println!("  Kind: {}", e.kind.core().label());
    if let Some(by) = &e.added_by {
        println!("  {by}");
    }
    if let Some(note) = &d.your_note {
        println!("  Your note: {note}");
    }
    println!("  Date: {}", fhir_date(e.date.as_deref()));
    if let Some(s) = &e.status {
        println!("  Status: {s}");
    }
    if let Some(v) = &d.value {
        let range = v.range_text.as_deref().map(|r| format!(" (range {r})")).unwrap_or_default();
        let flag = v.flag.as_deref().map(|f| format!(", {f}")).unwrap_or_default();
        println!("  Value: {}{range}{flag}", v.text);
        if let Some(note) = &v.range_note {
            println!("  {note}");
        }
        if let Some(a) = &v.advice {
            crate::advice_cli::print(a, "  ");
        }
    }
    for f in d.components.iter().chain(&d.facts) {
        println!("  {}: {}", f.label, f.text);
    }
    for c in &d.codes {
        let display = c.display.as_deref().map(|x| format!(" {x}")).unwrap_or_default();
        println!("  Code: {} {}{display}", c.system, c.code);
    }
    let by_user = if d.sensitivity_set_by_user { " (chosen by you)" } else { "" };
    println!("  Label: {}{by_user}", e.sensitivity.core().label());
    println!("  Source: {}", d.source.name);
    println!("  Imported: {}", output::instant(&d.imported_at));
    println!("  FHIR: {} {}, {}", d.fhir_version, d.resource_type, plural(d.versions as usize, "version"));
    for a in &d.attachments {
        println!("  Attachment: {} ({}, {})", a.title, a.content_type, output::bytes(a.bytes));
    }
    if !d.related.is_empty() {
        println!();
        println!("Related entries");
        for r in &d.related {
            line(r);
        }
    }
    println!();
    println!("As it arrived:");
    println!("{}", d.raw_json);
}

pub fn record(app: &App, c: RecordCommand, json: bool) -> Result<(), AppError> {
    match c {
        RecordCommand::Summary { all, person } => {
            let person = resolve_person(app, person)?;
            let summary = app.record_summary(&person)?;
            if all {
                // The administrative entries travel with the summary, never mixed into it.
                let query = TimelineQuery { show: Some(TimelineShow::Administrative), ..TimelineQuery::default() };
                let (administrative, _) = every_page(app, &person, query)?;
                let out = serde_json::json!({ "summary": summary, "administrative": administrative });
                emit(json, &out, |_| {
                    print_summary(&summary);
                    println!();
                    println!("{}", phr_core::record::place::ADMINISTRATIVE_HEADING);
                    if administrative.is_empty() {
                        println!("  none");
                    }
                    administrative.iter().for_each(line);
                });
            } else {
                emit(json, &summary, print_summary);
            }
        }
        RecordCommand::List { kind, abnormal, all: everything, person } => {
            let kinds = kind.as_deref().map(parse_kind).transpose()?.into_iter().collect();
            let person = resolve_person(app, person)?;
            let show = everything.then_some(TimelineShow::Everything);
            let query = TimelineQuery { kinds, abnormal_only: abnormal, show, ..TimelineQuery::default() };
            let (all, unchecked) = every_page(app, &person, query)?;
            let print = |all: &Vec<EntrySummary>| {
                if all.is_empty() {
                    println!("No entries.");
                }
                all.iter().for_each(line);
            };
            if abnormal {
                // The count that could not be judged travels with the list, never apart from it.
                let (count, text) = unchecked;
                let out = serde_json::json!({ "entries": all, "unchecked": count, "uncheckedText": text });
                emit(json, &out, |_| {
                    print(&all);
                    if let Some(t) = &text {
                        println!("{t}");
                    }
                });
            } else {
                emit(json, &all, print);
            }
        }
        RecordCommand::Show { id, person } => {
            let person = resolve_person(app, person)?;
            emit(json, &app.entry(&person, &id)?, print_detail);
        }
        RecordCommand::Private { id: Some(id), person } => {
            let person = resolve_person(app, person)?;
            emit(json, &app.private_entry(&person, &id)?, print_detail);
        }
        RecordCommand::Private { id: None, person } => {
            let person = resolve_person(app, person)?;
            let mut all = Vec::new();
            let mut cursor = None;
            loop {
                let page = app.private_entries(&person, cursor)?;
                all.extend(page.entries);
                match page.next_cursor {
                    Some(c) => cursor = Some(c),
                    None => break,
                }
            }
            emit(json, &all, |all| {
                if all.is_empty() {
                    println!("Nothing is private.");
                }
                all.iter().for_each(line);
            });
        }
        RecordCommand::Medicines { person } => {
            let person = resolve_person(app, person)?;
            emit(json, &app.medicines(&person)?, crate::medicines_cli::print_medicines);
        }
        RecordCommand::Search { text, person } => {
            let person = resolve_person(app, person)?;
            let hits = app.search_record(&person, &text, Some(200))?;
            // JSON keeps to the hits, so scripts read the same shape; people also see what lay
            // words were searched as, and the record's nearest words when nothing matched.
            let help = if json { None } else { Some(app.search_help(&person, &text)?) };
            emit(json, &hits, |hits| {
                if let Some(help) = &help {
                    for u in &help.understood {
                        println!("{u}");
                    }
                }
                if hits.is_empty() {
                    println!("Nothing in the record matches {text:?}.");
                    if let Some(help) = help.as_ref().filter(|h| !h.suggestions.is_empty()) {
                        println!("Did you mean: {}", help.suggestions.join(", "));
                    }
                }
                for h in hits {
                    line(&h.entry);
                    // A terminal has no highlight: matches are shown between [ and ].
                    let shown: String = h
                        .snippet
                        .iter()
                        .map(|p| if p.is_match { format!("[{}]", p.text) } else { p.text.clone() })
                        .collect();
                    println!("        {shown}");
                }
            });
        }
    }
    Ok(())
}

pub fn export(app: &App, c: ExportCommand, json: bool) -> Result<(), AppError> {
    match c {
        ExportCommand::Fhir { out, person } => {
            let person = resolve_person(app, person)?;
            let info = app.export_fhir(&person, &out)?;
            emit(json, &info, |i| {
                println!(
                    "Wrote {} ({}) to {}.",
                    plural(i.resources as usize, "resource"),
                    output::bytes(i.bytes),
                    i.path
                );
                println!("This file is NOT encrypted: anyone who can open it can read the record.");
            });
        }
        ExportCommand::Ips { out, person, leave_out } => {
            let person = resolve_person(app, person)?;
            let leave_out: Vec<phr_app::Sensitivity> = leave_out
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| crate::share_cli::label(s))
                .collect::<Result<_, _>>()?;
            let info = app.export_ips(&person, &out, &leave_out)?;
            emit(json, &info, |i| {
                println!(
                    "Wrote an International Patient Summary ({}, {}) to {}.",
                    plural(i.resources as usize, "resource"),
                    output::bytes(i.bytes),
                    i.path
                );
                println!("This file is NOT encrypted: anyone who can open it can read the summary.");
            });
        }
        ExportCommand::Summary { pdf, person } => {
            let person = resolve_person(app, person)?;
            let saved = app.export_summary_pdf(&person, &pdf)?;
            emit(json, &saved, |s| {
                println!("Saved the record summary ({}) to {}.", output::bytes(s.bytes), s.path);
                println!("This file is NOT encrypted: anyone who can open it can read the summary.");
            });
        }
        ExportCommand::AppointmentSummary { pdf, person } => {
            let person = resolve_person(app, person)?;
            let saved = app.export_appointment_summary_pdf(&person, &pdf)?;
            emit(json, &saved, |s| {
                println!("Saved the summary for your appointment ({}) to {}.", output::bytes(s.bytes), s.path);
                println!("This file is NOT encrypted: anyone who can open it can read the summary.");
            });
        }
        ExportCommand::EmergencyCard { pdf, person } => {
            let person = resolve_person(app, person)?;
            let saved = app.export_emergency_card_pdf(&person, &pdf)?;
            emit(json, &saved, |s| {
                println!("Saved your emergency information ({}) to {}.", output::bytes(s.bytes), s.path);
                println!("This file is NOT encrypted: anyone who can open it can read it.");
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fhir_date;

    #[test]
    fn a_fhir_date_reads_as_a_date_and_a_multibyte_character_at_byte_ten_does_not_panic() {
        assert_eq!(fhir_date(Some("2019-03-01T10:00:00Z")), "1 Mar 2019");
        assert_eq!(fhir_date(Some("2019-03")), "2019-03");
        assert_eq!(fhir_date(None), "no date");
        // "é" takes bytes 9 and 10: slicing at byte 10 used to panic in `phr record list`.
        assert_eq!(fhir_date(Some("2019-03-0é1")), "2019-03-0é1");
        assert_eq!(fhir_date(Some("２０１９年３月")), "２０１９年３月");
    }
}
