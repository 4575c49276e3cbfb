//! `phr reading report --kind glucose`: the glucose report of a period (time in range,
//! average, GMI, variability and the glucose profile through the day) as text, or the DTO as
//! JSON, and with `--pdf FILE` also as a PDF to print. Every sentence comes from the app
//! (`phr_app::GlucoseReport`), as on the screen and on the paper.

use std::path::Path;

use phr_app::{App, AppError, ErrorField, GlucoseReport, ReadingKind};
use phr_core::ErrorCode;

use crate::output::emit;

/// Prints the report of `from`..`to` (YYYY-MM-DD, both included; the last 14 days when left
/// out) for the person `id`, and saves it as a PDF at `pdf` when given (the JSON, when asked
/// for, stays the report alone). Only glucose has a report.
pub fn run(
    app: &App,
    id: &str,
    kind: ReadingKind,
    from: Option<&str>,
    to: Option<&str>,
    pdf: Option<&Path>,
    json: bool,
) -> Result<GlucoseReport, AppError> {
    if kind != ReadingKind::BloodGlucose {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "A report is made for glucose readings only. Use --kind glucose.",
        )
        .on_field(ErrorField::Kind));
    }
    let r = app.glucose_report(id, from, to)?;
    let saved = pdf.map(|path| app.export_glucose_report_pdf(id, from, to, path)).transpose()?;
    emit(json, &r, print);
    if let (Some(saved), false) = (saved, json) {
        println!();
        println!("Saved the glucose report ({}) to {}.", crate::output::bytes(saved.bytes), saved.path);
        println!("This file is NOT encrypted: anyone who can open it can read the report.");
    }
    Ok(r)
}

fn mark(meets: Option<bool>) -> &'static str {
    match meets {
        Some(true) => "meets the target",
        Some(false) => "does not meet the target",
        None => "",
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

fn print(r: &GlucoseReport) {
    println!("{}", r.title);
    println!("{}", r.period_text);
    println!();
    if let Some(w) = &r.warning {
        println!("{w}");
        println!();
    }
    println!("{}", r.bands_heading);
    for b in &r.bands {
        println!(
            "  {:<10} {:<20} {:>6}   Target: {}  {}",
            b.label,
            b.levels,
            b.percent_text,
            b.target,
            mark(b.meets_target)
        );
    }
    println!();
    for f in &r.figures {
        println!("{}: {}", f.label, f.value_text);
        if !f.meaning.is_empty() {
            println!("  {}", f.meaning);
        }
        if let Some(t) = &f.target {
            println!("  Target: {t}  {}", mark(f.meets_target));
        }
    }
    println!();
    println!("{} (mmol/L)", r.profile_heading);
    println!("  {}", r.profile_meaning);
    println!("  {:<10} {:>5} {:>5} {:>6} {:>5} {:>5} {:>9}", "Hour", "5%", "25%", "Middle", "75%", "95%", "Readings");
    for h in &r.profile {
        println!(
            "  {:<10} {:>5} {:>5} {:>6} {:>5} {:>5} {:>9}",
            h.label,
            num(h.p5),
            num(h.p25),
            num(h.median),
            num(h.p75),
            num(h.p95),
            h.count
        );
    }
    println!();
    println!("{}", r.details_summary);
    for p in &r.consensus {
        println!("  {p}");
    }
    println!("  {}", r.source_url);
}
