//! `phr gp status|update|disconnect`: the record's kept connection to the GP practice (made
//! by `phr import gp --stay-connected`); `phr gp nhs-login`: signing in with NHS login through
//! the broker, matched by NHS number. Every word printed is the backend's.

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
    /// Sign in with NHS login (through the deploying organisation's broker) and check it is
    /// the person: matched by NHS number, identity proved to P9
    NhsLogin {
        /// NHS login's issuer
        #[arg(long)]
        issuer: String,
        /// The client id NHS login knows the deploying organisation's service by
        #[arg(long)]
        client_id: String,
        /// The broker that signs the app's client assertion
        #[arg(long)]
        broker: String,
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
        GpCommand::NhsLogin { issuer, client_id, broker, person } => {
            let person = resolve_person(app, person)?;
            let checked = app.nhs_login(&person, &issuer, &client_id, &broker)?;
            emit(json, &checked, |c| println!("{}", c.words));
        }
        GpCommand::Disconnect { person } => {
            let person = resolve_person(app, person)?;
            let done = app.disconnect_gp(&person)?;
            emit(json, &done, |d| println!("{}", d.words));
        }
    }
    Ok(())
}
