//! `phr handover create|accept|confirm|receipt`: handing a record over to its person (a child at 16,
//! an adult taking their record back). `accept` needs no vault: it makes one.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use phr_app::{App, AppError, ErrorCode, ErrorField, SecretString};
use serde_json::json;

use crate::output::emit;
use crate::secrets;

#[derive(Debug, Subcommand)]
pub enum HandoverCommand {
    /// Write a handover package of a person's record and print the one-time code it is sealed
    /// to. Their record stays in this vault until the receipt code comes back. For someone with
    /// their own password, add --as-owner: only they can send their private part
    Create {
        /// The person's id (from `phr person list`)
        #[arg(long)]
        person: String,
        /// Where to write the package (a new file)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Receive a handover package into a new vault (an empty --vault-dir), with a new
    /// passphrase from PHR_PASSPHRASE or --passphrase-file; prints the recovery key and the
    /// receipt code to type into the carer's app
    Accept {
        /// The handover package
        file: PathBuf,
        /// The handover code that came with it (or set PHR_HANDOVER_CODE, or type it when
        /// asked: a code on the command line shows in the process list and shell history)
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
    },
    /// Finish a handover with the receipt code the new vault showed: the person is removed
    /// from this vault (their key first, then their files). A wrong receipt removes nothing
    Confirm {
        /// The person's id
        #[arg(long)]
        person: String,
        /// The receipt code, like 7KQM-2XD9
        #[arg(long)]
        receipt: String,
    },
    /// Print again the receipt code a handover gave this vault, kept until it was given back;
    /// with --given, say it was given, and it is no longer kept
    Receipt {
        /// The person's id
        #[arg(long)]
        person: String,
        /// The receipt code has been given back to the carer
        #[arg(long)]
        given: bool,
    },
}

/// `phr handover accept`: before any vault is unlocked (it makes one).
/// The handover code from `--code`, else PHR_HANDOVER_CODE, else asked for without echo.
fn handover_code(given: Option<String>) -> Result<SecretString, AppError> {
    if let Some(code) = given.or_else(|| std::env::var("PHR_HANDOVER_CODE").ok()) {
        return Ok(SecretString::from(code));
    }
    rpassword::prompt_password("Handover code: ").map(SecretString::from).map_err(|_| {
        AppError::new(ErrorCode::InvalidInput, "No terminal to ask on: use --code or PHR_HANDOVER_CODE")
            .on_field(ErrorField::HandoverCode)
    })
}

pub fn accept(
    app: &App,
    file: &Path,
    code: Option<String>,
    pass_file: Option<&Path>,
    json: bool,
) -> Result<(), AppError> {
    let password = secrets::new_passphrase("PHR_PASSPHRASE", pass_file, "--passphrase-file")?;
    let got = app.handover_accept(file, handover_code(code)?, password)?;
    emit(json, &got, |g| {
        println!("The record is now in its own vault in {}.", g.status.vault_dir);
        println!();
        println!("Your recovery key (shown only now; write it down and keep it somewhere safe):");
        println!();
        println!("    {}", g.recovery_key);
        println!();
        println!("Receipt code (type it into the app the record came from, to finish the handover):");
        println!();
        println!("    {}", g.receipt);
    });
    Ok(())
}

/// `phr handover create` and `confirm`, with the vault unlocked.
pub fn run(app: &App, command: HandoverCommand, json: bool) -> Result<(), AppError> {
    match command {
        HandoverCommand::Create { person, out } => {
            let made = app.handover_create(&person, &out)?;
            emit(json, &made, |m| {
                println!("Handover package written to {}.", m.path);
                println!();
                println!("Handover code (shown only now; give it to the person another way than the package):");
                println!();
                println!("    {}", m.code);
                println!();
                println!("Their record stays here until you type in the receipt code their new vault shows:");
                println!("    phr handover confirm --person {} --receipt CODE", m.person_id);
            });
        }
        HandoverCommand::Confirm { person, receipt } => {
            app.handover_confirm(&person, &receipt)?;
            emit(json, &json!({ "personId": person, "removed": true }), |_| {
                println!("Handover finished: the record has been removed from this vault.");
            });
        }
        HandoverCommand::Receipt { person, given: true } => {
            app.handover_receipt_given(&person)?;
            emit(json, &json!({ "personId": person, "given": true }), |_| {
                println!("The receipt code is no longer kept.");
            });
        }
        HandoverCommand::Receipt { person, given: false } => {
            let kept = app.handover_receipt(&person)?;
            emit(json, &json!({ "personId": person, "receipt": kept.as_ref().map(|k| &k.receipt) }), |_| match &kept {
                Some(k) => {
                    println!("{}", k.give);
                    println!("{}", k.what_it_does);
                    println!();
                    println!("When you have given it: phr handover receipt --person {person} --given");
                }
                None => println!(
                    "No receipt code is kept for this record: it was given, or the record did not come by handover."
                ),
            });
        }
        HandoverCommand::Accept { .. } => unreachable!("handled before unlocking"),
    }
    Ok(())
}
