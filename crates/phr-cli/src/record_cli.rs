//! `phr import`, `phr record` and `phr export`: the clinical record from the command line.

use std::path::PathBuf;

use clap::Subcommand;
use phr_app::{App, AppError};
use phr_core::ErrorCode;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import FHIR R4 files (a Bundle or a single resource, JSON)
    File {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The person to import into (id from `phr person list`); needed when there are several
        #[arg(long)]
        person: Option<String>,
    },
    /// Sign in to your GP practice's online service and import your record
    Gp {
        /// The practice's FHIR base URL
        #[arg(long)]
        url: String,
        #[arg(long)]
        person: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Active problems, current medications, allergies, recent results, immunisations
    Summary {
        #[arg(long)]
        person: Option<String>,
    },
    /// Entries, newest first
    List {
        /// Only this kind (problem, medication, allergy, immunisation, result, ...)
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        person: Option<String>,
    },
    /// One entry in full: codes, dates, values, where it came from, the resource as it arrived
    Show {
        id: String,
        #[arg(long)]
        person: Option<String>,
    },
    /// Full-text search
    Search {
        text: String,
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
}

fn not_yet() -> AppError {
    AppError::new(ErrorCode::Internal, "This command is being built")
}

pub fn import(_app: &App, _c: ImportCommand, _json: bool) -> Result<(), AppError> {
    Err(not_yet())
}

pub fn record(_app: &App, _c: RecordCommand, _json: bool) -> Result<(), AppError> {
    Err(not_yet())
}

pub fn export(_app: &App, _c: ExportCommand, _json: bool) -> Result<(), AppError> {
    Err(not_yet())
}
