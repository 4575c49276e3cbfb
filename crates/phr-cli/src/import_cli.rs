//! `phr import history` and `phr import undo`: every import with its id, and undoing one as a
//! whole after a confirmation (a prompt on a terminal, else `--yes`).

use std::io::{BufRead, IsTerminal, Write};

use phr_app::{App, AppError, ImportKind, ImportRun, ImportUndo};
use phr_core::ErrorCode;

use crate::commands::resolve_person;
use crate::output::{self, emit};

/// What an import held, in words: "3 files", "a device file (Dexcom CLARITY export)".
fn what(r: &ImportRun) -> String {
    let files = match r.files.as_slice() {
        [] => String::new(),
        [one] => format!(" {one}"),
        many => format!(" {} files", many.len()),
    };
    format!("{}{files}", r.source.name)
}

fn counts(r: &ImportRun) -> String {
    match r.kind {
        ImportKind::Readings => {
            format!("{} readings added, {} already there, {} lines not read", r.added, r.unchanged, r.rejected)
        }
        ImportKind::Record => format!(
            "{} added, {} updated, {} unchanged, {} not imported",
            r.added + r.unmapped,
            r.updated,
            r.unchanged,
            r.rejected
        ),
    }
}

pub fn history(app: &App, person: Option<String>, json: bool) -> Result<(), AppError> {
    let person = resolve_person(app, person)?;
    let runs = app.import_history(&person)?;
    emit(json, &runs, |runs| {
        if runs.is_empty() {
            println!("Nothing has been imported yet.");
        }
        for r in runs {
            let undone = r.undone_at.as_deref().map(|t| format!("  UNDONE {}", output::instant(t))).unwrap_or_default();
            let owner = if r.owner_overridden { "  (named someone else; you confirmed it is yours)" } else { "" };
            println!(
                "{:>5}  {}  {}: {}{owner}{undone}",
                r.import_id,
                output::instant(&r.finished_at),
                what(r),
                counts(r)
            );
        }
    });
    Ok(())
}

/// What the undo does: "2,148 readings removed", "30 entries removed, 2 put back as they
/// were before it".
fn consequence(u: &ImportUndo) -> String {
    match u.import.kind {
        ImportKind::Readings => format!("{} removed", plural(u.readings_removed, "reading", "readings")),
        ImportKind::Record if u.entries_restored == 0 => {
            format!("{} removed", plural(u.entries_removed, "entry", "entries"))
        }
        ImportKind::Record => format!(
            "{} removed, {} put back as they were before it",
            plural(u.entries_removed, "entry", "entries"),
            u.entries_restored
        ),
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

pub fn undo(app: &App, id: &str, yes: bool, person: Option<String>, json: bool) -> Result<(), AppError> {
    let person = resolve_person(app, person)?;
    let plan = app.preview_undo_import(&person, id)?;
    if !yes {
        confirm(id, &plan)?;
    }
    let done = app.undo_import(&person, id)?;
    emit(json, &done, |d| {
        println!("Import {} undone: {}.", d.import.import_id, consequence(d));
    });
    Ok(())
}

fn confirm(id: &str, plan: &ImportUndo) -> Result<(), AppError> {
    let refuse =
        || AppError::new(ErrorCode::ConfirmationRequired, format!("Import {id} was not undone: confirm with --yes."));
    if !std::io::stdin().is_terminal() {
        return Err(refuse());
    }
    print!(
        "Undo import {id} ({}, {})? It will be taken out of the record: {}. [y/N] ",
        what(&plan.import),
        output::instant(&plan.import.finished_at),
        consequence(plan)
    );
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|_| refuse())?;
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") { Ok(()) } else { Err(refuse()) }
}
