//! `phr bench`: the speed targets, measured on generated data in a throwaway vault.

use clap::Subcommand;
use phr_app::AppError;
use phr_core::ErrorCode;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Importing FHIR: the largest shared Synthea bundle, and a generated 100,000-resource record
    Import,
    /// Readings: storing, importing and reducing a million glucose readings
    Readings,
}

pub fn run(_c: BenchCommand, _json: bool) -> Result<(), AppError> {
    Err(AppError::new(ErrorCode::Internal, "This benchmark is being built"))
}
