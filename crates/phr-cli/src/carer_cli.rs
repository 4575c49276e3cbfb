//! `phr carer ...`: what a carer does for someone they care for. `phr carer activity` lists
//! who did what on a person's record, by who did it, in plain words, newest first.

use clap::Subcommand;
use phr_app::{App, AppError};

use crate::output::emit;

#[derive(Debug, Subcommand)]
pub enum CarerCommand {
    /// Who did what on a person's record (their carer, the person, you), newest first
    Activity {
        /// The person's id (from `phr person list`)
        #[arg(long)]
        person: String,
    },
    /// What the person keeps private from you and what you may do, set by them with their
    /// own password (--as-owner)
    Limits(crate::own_access_cli::LimitsArgs),
}

pub fn run(app: &App, command: CarerCommand, json: bool) -> Result<(), AppError> {
    match command {
        CarerCommand::Activity { person } => {
            let activity = app.carer_activity(&person)?;
            emit(json, &activity, |a| {
                println!("{}: {}", a.heading, a.person_name);
                for actor in &a.actors {
                    println!();
                    println!("{}", actor.who);
                    for e in &actor.entries {
                        println!("  {}  {} for {}", e.when, e.what, e.for_whom);
                    }
                }
            });
            Ok(())
        }
        CarerCommand::Limits(args) => crate::own_access_cli::limits(app, args, json),
    }
}
