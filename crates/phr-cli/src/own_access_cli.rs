//! A cared-for person's own access from the command line: `phr person own-access set`
//! (prints their recovery key once) and `phr carer limits --as-owner` (what they keep private
//! from their carer and what the carer may do). `--as-owner` is global (commands.rs opens
//! their own access for the one command): their own password comes from PHR_OWNER_PASSPHRASE
//! or --owner-passphrase-file (a new one from PHR_NEW_OWN_PASSPHRASE or --own-passphrase-file),
//! or a prompt that does not echo; never from a plain argument.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use phr_app::{App, AppError, CarerPermission, OwnLimitsInput, Sensitivity};
use phr_core::ErrorCode;
use serde_json::json;

use crate::output::emit;
use crate::secrets;

#[derive(Debug, Subcommand)]
pub enum OwnAccessCommand {
    /// Set up their own password (only for someone you care for) and print their recovery key
    /// once. The new password comes from PHR_NEW_OWN_PASSPHRASE, --own-passphrase-file, or a
    /// prompt (asked twice)
    Set {
        /// The person's id (from `phr person list`)
        #[arg(long)]
        person: String,
        /// Read their new own password from the first line of this file
        #[arg(long, value_name = "FILE")]
        own_passphrase_file: Option<PathBuf>,
    },
}

/// `phr carer limits`: what the person keeps from their carer, set by the person themselves.
#[derive(Debug, Args)]
pub struct LimitsArgs {
    /// The person's id (from `phr person list`)
    #[arg(long)]
    pub person: String,
    /// The labels to keep private, comma-separated: mental_health, sexual_health, social_care,
    /// held_back; `none` for none [default: as they are]
    #[arg(long, value_name = "LABELS")]
    pub hide: Option<String>,
    /// What the carer may do, comma-separated: readings, import, share, export (`read` is
    /// always allowed); `read` alone for nothing more [default: as it is]
    #[arg(long, value_name = "LIST")]
    pub allow: Option<String>,
    /// Let the carer see how many entries are private
    #[arg(long, conflicts_with = "hide_count")]
    pub show_count: bool,
    /// Do not let the carer see how many entries are private
    #[arg(long)]
    pub hide_count: bool,
    /// Keep this one entry private too, by itself (its id from `phr record list`); repeat for more
    #[arg(long = "hide-entry", value_name = "ID")]
    pub hide_entry: Vec<String>,
}

fn labels(list: &str) -> Result<Vec<Sensitivity>, AppError> {
    if list.trim() == "none" {
        return Ok(Vec::new());
    }
    list.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            let code = s.trim().replace('-', "_");
            match phr_core::record::Sensitivity::parse(&code) {
                Some(k) if phr_core::carer_limits::HIDEABLE.contains(&k) => Ok(k.into()),
                _ => Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "\"{}\" is not a label that can be kept private. Use mental_health, sexual_health, social_care or held_back.",
                        s.trim()
                    ),
                )),
            }
        })
        .collect()
}

fn permissions(list: &str) -> Result<Vec<CarerPermission>, AppError> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "read")
        .map(|s| {
            phr_core::carer_limits::CarerPermission::from_code(s).map(Into::into).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "\"{s}\" is not something a carer can be allowed. Use read, readings, import, share or export."
                    ),
                )
            })
        })
        .collect()
}

pub fn run(app: &App, command: OwnAccessCommand, json: bool) -> Result<(), AppError> {
    match command {
        OwnAccessCommand::Set { person, own_passphrase_file } => {
            let password = secrets::new_passphrase(
                "PHR_NEW_OWN_PASSPHRASE",
                own_passphrase_file.as_deref(),
                "--own-passphrase-file",
            )?;
            let made = app.set_own_access(&person, password)?;
            emit(json, &json!({ "recoveryKey": made.recovery_key, "status": made.status }), |_| {
                println!("Their own password is set. Their recovery key (shown once; give it to them to keep):");
                println!();
                println!("    {}", made.recovery_key);
                println!();
                println!("Nothing is private yet: they choose what to keep from you with their own password.");
            });
            Ok(())
        }
    }
}

/// `phr carer limits`, with the person's own access open by the global `--as-owner`. Without
/// it the change is refused in the app's words (only the person can change their limits), and
/// the app keeps the refusal in their log.
pub fn limits(app: &App, args: LimitsArgs, json: bool) -> Result<(), AppError> {
    if app.own_access_open().as_deref() != Some(args.person.as_str()) {
        let nothing = OwnLimitsInput { hidden: Vec::new(), allowed: Vec::new(), show_count: false };
        let refused = match app.set_own_limits(&args.person, nothing) {
            Err(e) => e,
            // Not reached: the app refuses a change without their own access open.
            Ok(_) => AppError::new(ErrorCode::OwnAccessNeeded, "Their own access is needed."),
        };
        // The command line's words on how to open it are added as for any command.
        return Err(AppError {
            message: format!("{} Only they can change what is kept private and what you may do.", refused.message),
            ..refused
        });
    }
    let result = (|| -> Result<phr_app::OwnLimitsChanged, AppError> {
        let now = app.own_limits(&args.person)?;
        let hidden = match &args.hide {
            Some(list) => labels(list)?,
            None => now.labels.iter().filter(|l| l.hidden).map(|l| l.sensitivity).collect(),
        };
        let allowed = match &args.allow {
            Some(list) => permissions(list)?,
            None => now.permissions.iter().filter(|p| p.allowed).map(|p| p.permission).collect(),
        };
        let show_count = if args.show_count {
            true
        } else if args.hide_count {
            false
        } else {
            now.show_count
        };
        let mut changed = app.set_own_limits(&args.person, OwnLimitsInput { hidden, allowed, show_count })?;
        let moved_any = |c: &phr_app::OwnLimitsChanged| c.to_private + c.to_record > 0;
        let mut said: Vec<String> = moved_any(&changed).then(|| changed.message.clone()).into_iter().collect();
        for entry in &args.hide_entry {
            let one = app.keep_entry_private(&args.person, entry)?;
            changed.to_private += one.to_private;
            changed.to_record += one.to_record;
            if moved_any(&one) {
                said.push(one.message);
            }
        }
        if !said.is_empty() {
            changed.message = said.join(" ");
        }
        Ok(changed)
    })();
    let changed = result?;
    emit(json, &changed, |c| println!("{}", c.message));
    Ok(())
}
