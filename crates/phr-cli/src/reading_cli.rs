//! `phr reading`: self-monitoring readings from the command line.

use clap::Subcommand;
use phr_app::{App, AppError};
use phr_core::ErrorCode;

#[derive(Debug, Subcommand)]
pub enum ReadingCommand {
    /// Placeholder while the readings commands are built
    #[command(hide = true)]
    Pending,
}

pub fn run(_app: &App, _c: ReadingCommand, _json: bool) -> Result<(), AppError> {
    Err(AppError::new(ErrorCode::Internal, "This command is being built"))
}
