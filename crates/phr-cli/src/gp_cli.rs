//! `phr gp status|update|disconnect`: the record's kept connection to the GP practice (made
//! by `phr import gp --stay-connected`). Every word printed is the backend's.

use clap::Subcommand;
use phr_app::{App, AppError};

use crate::commands::resolve_person;
use crate::output::emit;

#[derive(Debug, Subcommand)]
pub enum GpCommand {
    /// Whether the record stays connected to its GP practice, and when it was last checked
    Status {
        /// The person (id from `phr person list`); needed when there are several
        #[arg(long)]
        person: Option<String>,
    },
    /// Check the practice for updates without signing in, and import what changed
    Update {
        #[arg(long)]
        person: Option<String>,
    },
    /// Disconnect: the practice is asked to stop the app's access, and the app forgets it
    Disconnect {
        #[arg(long)]
        person: Option<String>,
    },
}

pub fn run(app: &App, command: GpCommand, json: bool) -> Result<(), AppError> {
    match command {
        GpCommand::Status { person } => {
            let person = resolve_person(app, person)?;
            let status = app.gp_connection_status(&person)?;
            emit(json, &status, |s| println!("{}", s.words));
        }
        GpCommand::Update { person } => {
            let person = resolve_person(app, person)?;
            let report = crate::record_cli::with_progress(|progress| app.update_from_gp(&person, progress))?;
            emit(json, &report, crate::record_cli::print_report);
        }
        GpCommand::Disconnect { person } => {
            let person = resolve_person(app, person)?;
            let done = app.disconnect_gp(&person)?;
            emit(json, &done, |d| println!("{}", d.words));
        }
    }
    Ok(())
}
