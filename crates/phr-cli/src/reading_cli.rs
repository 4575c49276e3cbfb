//! `phr reading`: self-monitoring readings from the command line: add (with the same checks
//! and confirmation as the app), list, import a device file (with a preview), statistics with
//! the NICE home blood pressure average, and export as FHIR.

use std::path::PathBuf;

use chrono::DateTime;
use clap::{Args, Subcommand};
use phr_app::{App, AppError, DeviceFormat, ErrorField, ReadingInput, ReadingKind, ReadingQuery, ReadingSourceFilter};
use phr_core::ErrorCode;

use crate::advice_cli;
use crate::commands::resolve_person;
use crate::output::{self, emit};

#[derive(Debug, Args)]
pub struct PersonArg {
    /// Whose readings (from `phr person list`); may be left out when the vault holds one person
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReadingCommand {
    /// Add a reading: `phr reading add bp 128/82 --pulse 70`, `phr reading add glucose 110 --unit mg/dL`
    Add {
        /// What was measured: bp, heart-rate, weight, height, glucose, spo2, temperature,
        /// peak-flow, steps, sleep, pain, mood, symptom
        kind: String,
        /// The value (blood pressure as SYSTOLIC/DIASTOLIC; a symptom as its text)
        value: String,
        /// When it was taken: RFC 3339, or YYYY-MM-DDTHH:MM in this computer's time zone [default: now]
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// The unit the value is in (mg/dL, lb, degF, in...) [default: the kind's own]
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// Blood pressure: the pulse taken with it
        #[arg(long)]
        pulse: Option<f64>,
        /// Glucose: fasting, beforeMeal, afterMeal, bedtime or random
        #[arg(long)]
        context: Option<String>,
        /// Blood pressure: left or right
        #[arg(long)]
        arm: Option<String>,
        /// Blood pressure: sitting, standing or lying
        #[arg(long)]
        position: Option<String>,
        /// A note about the reading
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Keep a value that is unusual (very high or low) after checking it
        #[arg(long)]
        confirm: bool,
        #[command(flatten)]
        person: PersonArg,
    },
    /// List readings, newest first
    List {
        /// Only this kind
        #[arg(long)]
        kind: Option<String>,
        /// From this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// To this date, inclusive (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// At most this many (up to 1,000)
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Where they were taken: all (home and the GP record), home (typed and device
        /// readings only) or gp [default: all]
        #[arg(long, value_name = "SOURCE")]
        source: Option<String>,
        #[command(flatten)]
        person: PersonArg,
    },
    /// Import a device's export file (Dexcom CLARITY, LibreView, OMRON connect, iHealth, Open mHealth)
    Import {
        file: PathBuf,
        /// The file's format: dexcom, libreview, omron, ihealth, openmhealth [default: detect]
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Only show what would be imported; store nothing
        #[arg(long)]
        preview: bool,
        /// Import a file that names someone else (another name or date of birth) because it is yours
        #[arg(long)]
        confirm_owner: bool,
        #[command(flatten)]
        person: PersonArg,
    },
    /// Count, mean, lowest and highest; for blood pressure the NICE home average
    Stats {
        #[arg(long)]
        kind: String,
        /// From this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// To this date, inclusive (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[command(flatten)]
        person: PersonArg,
    },
    /// A report of a period: `phr reading report --kind glucose` gives time in range, average,
    /// GMI, variability and the glucose profile through the day (the last 14 days by default)
    Report {
        /// The kind of reading (only glucose has a report)
        #[arg(long)]
        kind: String,
        /// From this date (YYYY-MM-DD) [default: 14 days before --to]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// To this date, inclusive (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Also save the report as a PDF to print at FILE (not encrypted)
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        #[command(flatten)]
        person: PersonArg,
    },
    /// Write every reading to FILE as FHIR R4 Observations (a collection Bundle)
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        person: PersonArg,
    },
    /// Delete a reading (undo with `phr reading restore ID`)
    Delete {
        id: String,
        #[command(flatten)]
        person: PersonArg,
    },
    /// Bring back a deleted reading
    Restore {
        id: String,
        #[command(flatten)]
        person: PersonArg,
    },
}

pub fn run(app: &App, c: ReadingCommand, json: bool) -> Result<(), AppError> {
    match c {
        ReadingCommand::Add { kind, value, at, unit, pulse, context, arm, position, note, confirm, person } => {
            let kind = parse_kind(&kind)?;
            let mut input = ReadingInput {
                kind,
                at,
                value: None,
                value2: None,
                pulse,
                unit,
                context,
                arm,
                position,
                text: None,
                note,
                confirm,
            };
            fill_value(&mut input, &value)?;
            let id = resolve_person(app, person.person)?;
            let r = app.add_reading(&id, input).map_err(|e| needs_confirmation(e, json))?;
            emit(json, &r, |r| {
                println!(
                    "Added {}: {} on {} (id {}).",
                    r.kind.core().label().to_lowercase(),
                    r.display,
                    when(&r.at),
                    r.id
                );
                for u in &r.unusual {
                    println!("  Flagged: {u}");
                }
                if let Some(a) = &r.advice {
                    advice_cli::print(a, "  ");
                }
            });
        }
        ReadingCommand::List { kind, from, to, limit, source, person } => {
            let kind = kind.as_deref().map(parse_kind).transpose()?;
            let source = source.as_deref().map(parse_source).transpose()?;
            let id = resolve_person(app, person.person)?;
            let page =
                app.list_readings(&id, ReadingQuery { kind, from, to, limit: Some(limit), offset: None, source })?;
            emit(json, &page, |p| {
                if p.readings.is_empty() {
                    println!("No readings.");
                    return;
                }
                for r in &p.readings {
                    let mut flags = String::new();
                    if !r.unusual.is_empty() {
                        flags.push_str("  [unusual]");
                    }
                    if r.out_of_target {
                        flags.push_str("  [outside target]");
                    }
                    if let Some(a) = &r.advice {
                        flags.push_str(&format!("  {}", advice_cli::marker(a)));
                    }
                    println!(
                        "{:<20}  {:<18}  {:<14}  {}{flags}  (id {})",
                        when(&r.at),
                        r.kind.core().label(),
                        r.origin_label,
                        r.display,
                        r.id
                    );
                }
                if p.total > p.readings.len() as u64 {
                    println!("Showing {} of {} readings.", p.readings.len(), p.total);
                }
            });
        }
        ReadingCommand::Import { file, format, preview, confirm_owner, person } => {
            let format = format.as_deref().map(parse_format).transpose()?;
            let id = resolve_person(app, person.person)?;
            if preview {
                let p = app.preview_device_file(&id, &file, format, None)?;
                emit(json, &p, |p| {
                    println!("{}: {} readable rows, {} already stored.", p.format_label, p.rows_readable, p.duplicates);
                    for k in &p.kinds {
                        println!("  {}: {}", k.kind.core().label(), k.count);
                    }
                    if p.needs_mapping {
                        println!(
                            "The app does not recognise this spreadsheet; its columns are: {}",
                            p.columns.join(", ")
                        );
                    }
                    print_problems(&p.problems);
                    for r in p.sample.iter().take(5) {
                        println!("  {:<20}  {}", when(&r.at), r.display);
                    }
                    if let Some(question) = &p.other_person {
                        println!("{question} If it is, import it with --confirm-owner.");
                    }
                    println!("Nothing was stored. Run again without --preview to import.");
                });
            } else {
                let r = app.import_device_file(&id, &file, format, None, confirm_owner).map_err(owner_hint)?;
                emit(json, &r, |r| {
                    println!("Added {} readings ({} were already stored).", r.added, r.duplicates);
                    print_problems(&r.problems);
                    if let Some(import) = &r.import_id {
                        println!("To undo this import as a whole: phr import undo {import}");
                    }
                });
            }
        }
        ReadingCommand::Stats { kind, from, to, person } => {
            let kind = parse_kind(&kind)?;
            let id = resolve_person(app, person.person)?;
            let s = app.reading_stats(&id, kind, from.as_deref(), to.as_deref())?;
            emit(json, &s, |s| {
                let range = match (&from, &to) {
                    (Some(f), Some(t)) => format!(" from {} to {}", output::date(f), output::date(t)),
                    (Some(f), None) => format!(" from {}", output::date(f)),
                    (None, Some(t)) => format!(" up to {}", output::date(t)),
                    (None, None) => String::new(),
                };
                let unit = phr_core::readings::kind::unit_label(&s.unit);
                println!("{}: {} readings{range}.", s.kind.core().label(), s.count);
                let num = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"));
                if s.count > 0 {
                    if s.kind == ReadingKind::BloodPressure {
                        println!("  Mean {}/{} {unit}", num(s.mean), num(s.mean2));
                        println!("  Lowest systolic {}, highest {}", num(s.min), num(s.max));
                        println!("  Lowest diastolic {}, highest {}", num(s.min2), num(s.max2));
                    } else {
                        println!("  Mean {} {unit}; lowest {}; highest {}", num(s.mean), num(s.min), num(s.max));
                    }
                }
                if let Some(h) = &s.home_bp {
                    println!();
                    match (h.systolic, h.diastolic) {
                        (Some(sys), Some(dia)) => println!(
                            "NICE home blood pressure average: {sys:.0}/{dia:.0} mmHg (threshold {}){}",
                            h.threshold,
                            if h.enough { "" } else { " - not enough days yet" }
                        ),
                        _ => println!("NICE home blood pressure average: not enough readings yet."),
                    }
                    println!("{}", h.explanation);
                }
            });
        }
        ReadingCommand::Report { kind, from, to, pdf, person } => {
            let kind = parse_kind(&kind)?;
            let id = resolve_person(app, person.person)?;
            crate::glucose_report_cli::run(app, &id, kind, from.as_deref(), to.as_deref(), pdf.as_deref(), json)?;
        }
        ReadingCommand::Export { out, person } => {
            let id = resolve_person(app, person.person)?;
            let info = app.export_readings(&id, &out)?;
            emit(json, &info, |i| {
                println!(
                    "Wrote {} readings as FHIR Observations to {} ({}).",
                    i.resources,
                    i.path,
                    output::bytes(i.bytes)
                );
            });
        }
        ReadingCommand::Delete { id: reading, person } => {
            let id = resolve_person(app, person.person)?;
            app.delete_reading(&id, &reading)?;
            emit(json, &serde_json::json!({ "deleted": reading }), |_| {
                println!("Deleted reading {reading}. Undo with `phr reading restore {reading}`.");
            });
        }
        ReadingCommand::Restore { id: reading, person } => {
            let id = resolve_person(app, person.person)?;
            let r = app.restore_reading(&id, &reading)?;
            emit(json, &r, |r| println!("Restored {} on {}.", r.display, when(&r.at)));
        }
    }
    Ok(())
}

/// The kind as typed, or UNKNOWN_READING_KIND listing what is known.
fn parse_source(s: &str) -> Result<ReadingSourceFilter, AppError> {
    phr_core::readings::SourceFilter::parse(s).map(ReadingSourceFilter::from).ok_or_else(|| {
        let known: Vec<&str> = phr_core::readings::SourceFilter::ALL.iter().map(|f| f.as_str()).collect();
        AppError::new(
            ErrorCode::InvalidInput,
            format!("{s:?} is not a source of readings. Use one of: {}.", known.join(", ")),
        )
    })
}

fn parse_kind(s: &str) -> Result<ReadingKind, AppError> {
    phr_core::readings::ReadingKind::parse(s).map(ReadingKind::from).ok_or_else(|| {
        let known: Vec<&str> = phr_core::readings::ReadingKind::ALL.iter().map(|k| k.as_str()).collect();
        AppError::new(
            ErrorCode::UnknownReadingKind,
            format!("{s:?} is not a kind of reading. Use one of: {}.", known.join(", ")),
        )
        .on_field(ErrorField::Kind)
    })
}

fn parse_format(s: &str) -> Result<DeviceFormat, AppError> {
    phr_core::readings::DeviceFormat::parse(s).map(DeviceFormat::from).ok_or_else(|| {
        let known: Vec<&str> = phr_core::readings::DeviceFormat::ALL.iter().map(|f| f.as_str()).collect();
        AppError::new(
            ErrorCode::UnsupportedFormat,
            format!("{s:?} is not a device format. Use one of: {}.", known.join(", ")),
        )
    })
}

/// The VALUE argument: `120/80` for blood pressure, text for a symptom, else a number.
fn fill_value(input: &mut ReadingInput, value: &str) -> Result<(), AppError> {
    let number = |s: &str, field: ErrorField| {
        s.trim()
            .parse::<f64>()
            .map_err(|_| AppError::new(ErrorCode::InvalidInput, format!("{s:?} is not a number.")).on_field(field))
    };
    if input.kind.core().is_text() {
        input.text = Some(value.to_owned());
    } else if input.kind.core().has_second_value() {
        let (sys, dia) = value.split_once('/').ok_or_else(|| {
            AppError::new(ErrorCode::InvalidInput, "Give blood pressure as SYSTOLIC/DIASTOLIC, such as 128/82.")
                .on_field(ErrorField::Value)
        })?;
        input.value = Some(number(sys, ErrorField::Value)?);
        input.value2 = Some(number(dia, ErrorField::Value2)?);
    } else {
        input.value = Some(number(value, ErrorField::Value)?);
    }
    Ok(())
}

/// An unusual value: the advice first (on stdout, as JSON with `--json`: the error with its
/// advice), then the error says how to keep it.
fn needs_confirmation(mut e: AppError, json: bool) -> AppError {
    if e.code != ErrorCode::ReadingNeedsConfirmation {
        return e;
    }
    if json {
        emit(true, &e, |_| {});
    } else if let Some(a) = &e.advice {
        advice_cli::print(a, "");
    }
    e.message.push_str(" To save it, run the same command again with --confirm.");
    e
}

fn owner_hint(mut e: AppError) -> AppError {
    if e.code == ErrorCode::DeviceFileOtherPerson {
        e.message
            .push_str(" Nothing was imported. If the file is theirs, run the same command again with --confirm-owner.");
    }
    e
}

fn print_problems(problems: &[phr_app::RowProblem]) {
    if problems.is_empty() {
        return;
    }
    println!("{} lines could not be read:", problems.len());
    for p in problems.iter().take(20) {
        println!("  line {}: {}", p.line, p.reason);
    }
    if problems.len() > 20 {
        println!("  ... and {} more (see --json for all)", problems.len() - 20);
    }
}

/// A reading's time in en-GB form, in the offset it was taken in: `23 Nov 2026, 08:30`.
fn when(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map_or_else(|_| rfc3339.to_owned(), |t| t.format("%-d %b %Y, %H:%M").to_string())
}
