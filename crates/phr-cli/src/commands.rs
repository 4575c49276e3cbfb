//! Each command: read its secrets, call `phr-app`, print the result.

use std::path::Path;

use phr_app::dto_person::PersonRoleInput;
use phr_app::{App, AppError, AppOptions, KdfProfile, Passphrase, PersonInput};
use phr_core::ErrorCode;
use serde_json::json;

use crate::args::*;
use crate::output::{self, emit};
use crate::secrets;

/// Runs the command; `person` is the one it names with `--person`, whose own access
/// `--as-owner` opens.
pub fn run(cli: Cli, person: Option<String>) -> Result<(), AppError> {
    let Global { vault_dir, passphrase_file, json, as_owner, owner_passphrase_file } = cli.global;
    let dir = vault_dir.unwrap_or_else(phr_app::default_vault_dir);
    // The environment is read once, here, at start-up: the app itself reads none.
    let options = AppOptions { kdf: kdf_profile()?, ..AppOptions::from_vars(|name| std::env::var(name).ok()) };
    let app = App::with_options(dir, options);
    let pass_file = passphrase_file.as_deref();

    if as_owner && !on_a_record(&cli.command) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "--as-owner works only with a command on a person's record in an unlocked vault.",
        ));
    }
    match cli.command {
        Command::Init => init(&app, pass_file, json),
        #[cfg(feature = "bench")]
        Command::Bench(c) => crate::bench_cli::run(c, json),
        Command::Recover(args) => recover(&app, &args, json),
        // The directory is public NHS data, kept beside the vault: no passphrase needed.
        Command::Practices(PracticesCommand::Load { file }) => {
            let loaded = app.load_practice_file(&file)?;
            emit(json, &loaded, |n| {
                let practices = if *n == 1 { "practice" } else { "practices" };
                println!("Loaded {n} open GP {practices} into the practice directory.");
            });
            Ok(())
        }
        // A professional opens a package with no vault and no passphrase.
        Command::Share(crate::share_cli::ShareCommand::Open(args)) => {
            crate::share_cli::run(&app, crate::share_cli::ShareCommand::Open(args), json)
        }
        Command::Backup(BackupCommand::Restore { file, recovery_key_file }) => {
            restore(&app, &file, pass_file, recovery_key_file.as_deref(), json)
        }
        // Receiving a handover makes the vault: there is none to unlock yet.
        Command::Handover(crate::handover_cli::HandoverCommand::Accept { file, code }) => {
            crate::handover_cli::accept(&app, &file, code, pass_file, json)
        }
        other => {
            require_vault(&app)?;
            let passphrase = secrets::passphrase(pass_file)?;
            // `passphrase change` needs the current passphrase again; asking twice would be
            // odd, so keep a (zeroizing) copy of what was given.
            let current = Passphrase::new(passphrase.expose_secret().to_owned());
            app.unlock(passphrase)?;
            if !as_owner {
                return unlocked(&app, other, current, json).map_err(own_access_hint);
            }
            let person = resolve_person(&app, person)?;
            let password = secrets::owner_passphrase(owner_passphrase_file.as_deref())?;
            app.open_own_access(&person, password)?;
            let result = unlocked(&app, other, current, json);
            // Their own access was open for this one command only; closing it zeroizes
            // their key (locking at exit would too, but say so here, where it was opened).
            let _ = app.close_own_access();
            result
        }
    }
}

/// Whether a command works on a person's record in an unlocked vault, where `--as-owner` means
/// something: not the ones that run before any vault is unlocked.
fn on_a_record(command: &Command) -> bool {
    !matches!(
        command,
        Command::Init
            | Command::Recover(_)
            | Command::Practices(_)
            | Command::Share(crate::share_cli::ShareCommand::Open(_))
            | Command::Backup(BackupCommand::Restore { .. })
            | Command::Handover(crate::handover_cli::HandoverCommand::Accept { .. })
    )
}

/// What to do when a command needs the person's own access and it was not open: the app's
/// words, and how to open it from the command line.
fn own_access_hint(mut e: AppError) -> AppError {
    if e.code == ErrorCode::OwnAccessNeeded {
        e.message = format!(
            "{} From the command line, add --as-owner: they type their own password (or set \
             PHR_OWNER_PASSPHRASE, or use --owner-passphrase-file).",
            e.message
        );
    }
    e
}

/// `PHR_KDF_PROFILE=floor` makes new vaults with OWASP's minimum Argon2id cost instead of a
/// calibrated one: for test suites and scripted set-ups that create many vaults.
fn kdf_profile() -> Result<KdfProfile, AppError> {
    match std::env::var("PHR_KDF_PROFILE").as_deref() {
        Err(_) | Ok("calibrated") => Ok(KdfProfile::Calibrated),
        Ok("floor") => Ok(KdfProfile::Floor),
        Ok(other) => Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("PHR_KDF_PROFILE is {other:?}; use \"calibrated\" or \"floor\""),
        )),
    }
}

fn require_vault(app: &App) -> Result<(), AppError> {
    if app.status().exists {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::VaultNotFound,
        format!("There is no vault in {}. Create one with `phr init`.", app.vault_dir().display()),
    ))
}

fn init(app: &App, pass_file: Option<&Path>, json: bool) -> Result<(), AppError> {
    if app.status().exists {
        return Err(AppError::new(
            ErrorCode::VaultExists,
            format!("There is already a vault in {}", app.vault_dir().display()),
        ));
    }
    let passphrase = secrets::new_passphrase("PHR_PASSPHRASE", pass_file, "--passphrase-file")?;
    let created = app.create_vault(passphrase)?;
    emit(json, &created, |c| {
        println!("Your record is ready in {}.", c.status.vault_dir);
        println!();
        println!("Your recovery key (shown only now; write it down and keep it somewhere safe):");
        println!();
        println!("    {}", c.recovery_key);
        println!();
        println!("If you forget your passphrase, `phr recover` and this key let you back in.");
    });
    Ok(())
}

fn print_new_recovery_key(key: &str) {
    println!();
    println!("Your new recovery key (shown only now; write it down and keep it somewhere safe):");
    println!();
    println!("    {key}");
    println!();
    println!("The old recovery key no longer opens the vault.");
}

fn recover(app: &App, args: &RecoverArgs, json: bool) -> Result<(), AppError> {
    require_vault(app)?;
    let key = secrets::recovery_key(args.recovery_key_file.as_deref())?;
    let new = secrets::new_passphrase(
        "PHR_NEW_PASSPHRASE",
        args.new.new_passphrase_file.as_deref(),
        "--new-passphrase-file",
    )?;
    let status = app.recover(key, new)?;
    emit(json, &status, |_| println!("Recovered. Your vault now opens with the new passphrase."));
    Ok(())
}

fn restore(
    app: &App,
    file: &Path,
    pass_file: Option<&Path>,
    key_file: Option<&Path>,
    json: bool,
) -> Result<(), AppError> {
    let status = if secrets::recovery_key_given(key_file) {
        app.restore_backup_with_recovery_key(file, secrets::recovery_key(key_file)?)?
    } else {
        app.restore_backup(file, secrets::passphrase(pass_file)?)?
    };
    let people = app.list_people()?;
    emit(json, &json!({ "status": status, "people": people }), |_| {
        println!("Restored {} record(s) into {}.", people.len(), status.vault_dir);
    });
    Ok(())
}

fn unlocked(app: &App, command: Command, current: Passphrase, json: bool) -> Result<(), AppError> {
    match command {
        Command::Person(c) => person(app, c, json),
        Command::Passphrase(PassphraseCommand::Change(args)) => {
            let new = secrets::new_passphrase(
                "PHR_NEW_PASSPHRASE",
                args.new.new_passphrase_file.as_deref(),
                "--new-passphrase-file",
            )?;
            if args.rotate {
                let keys = app.rotate_keys(current, new)?;
                emit(json, &keys, |k| {
                    println!("Passphrase changed, and every key that locks the record replaced.");
                    print_new_recovery_key(&k.recovery_key);
                    if !k.finished {
                        println!(
                            "Some records still use their old key; they change the next time the vault is unlocked."
                        );
                    }
                });
            } else {
                app.change_passphrase(current, new)?;
                emit(json, &json!({ "changed": true }), |_| println!("Passphrase changed."));
            }
            Ok(())
        }
        Command::Passphrase(PassphraseCommand::NewRecoveryKey) => {
            let keys = app.new_recovery_key(current)?;
            emit(json, &keys, |k| print_new_recovery_key(&k.recovery_key));
            Ok(())
        }
        Command::Backup(BackupCommand::Create { file }) => {
            let info = app.create_backup(&file)?;
            emit(json, &info, |i| {
                println!("Backup of {} record(s) written to {} ({}).", i.people, i.path, output::bytes(i.bytes));
                println!("It opens with the passphrase or the recovery key you have now.");
            });
            Ok(())
        }
        Command::Audit(c) => audit(app, c, json),
        Command::Carer(c) => crate::carer_cli::run(app, c, json),
        Command::Vault(VaultCommand::Check) => {
            let checks = app.check_databases()?;
            let damaged = checks.iter().filter(|c| !c.ok).count();
            emit(json, &checks, |checks| {
                for c in checks {
                    match &c.problem {
                        None => println!("ok       {}: every page checked", c.person_name),
                        Some(problem) => println!("DAMAGED  {}: {problem}", c.person_name),
                    }
                }
            });
            if damaged > 0 {
                return Err(AppError::new(
                    ErrorCode::DatabaseDamaged,
                    format!("{damaged} record file(s) are damaged. Restore the vault from a backup."),
                ));
            }
            Ok(())
        }
        Command::Import(c) => crate::record_cli::import(app, c, json),
        Command::Record(c) => crate::record_cli::record(app, c, json),
        Command::Export(c) => crate::record_cli::export(app, c, json),
        Command::Entry(c) => crate::entry_cli::run(app, c, json),
        Command::AboutMe(c) => crate::about_me_cli::run(app, c, json),
        Command::Reminder(c) => crate::reminder_cli::run(app, c, json),
        Command::Gp(c) => crate::gp_cli::run(app, c, json),
        Command::Reading(c) => crate::reading_cli::run(app, c, json),
        Command::Share(c) => crate::share_cli::run(app, c, json),
        Command::Key(c) => crate::share_cli::key(app, c, json),
        Command::Handover(c) => crate::handover_cli::run(app, c, json),
        Command::Init
        | Command::Recover(_)
        | Command::Practices(_)
        | Command::Backup(BackupCommand::Restore { .. }) => {
            unreachable!("handled before unlocking")
        }
        #[cfg(feature = "bench")]
        Command::Bench(_) => unreachable!("handled before unlocking"),
    }
}

fn person(app: &App, command: PersonCommand, json: bool) -> Result<(), AppError> {
    match command {
        PersonCommand::Add { name, dob, nhs_number, me, relationship, basis, basis_ref, review_on } => {
            let role = if me {
                Some(PersonRoleInput { kind: "me".into(), ..PersonRoleInput::default() })
            } else if relationship.is_some() || basis.is_some() {
                Some(PersonRoleInput {
                    kind: "caredFor".into(),
                    relationship,
                    basis,
                    basis_date: None,
                    basis_ref,
                    review_on,
                })
            } else {
                None
            };
            let p = app.add_person(PersonInput { name, date_of_birth: dob, nhs_number, role })?;
            emit(json, &p, |p| println!("Added {} ({}).", p.name, p.id));
        }
        PersonCommand::List => {
            let people = app.list_people()?;
            emit(json, &people, |people| {
                if people.is_empty() {
                    println!("No one yet. Add someone with `phr person add`.");
                }
                for p in people {
                    let nhs = p.nhs_number.as_deref().unwrap_or("no NHS number");
                    let due = if p.role.as_ref().is_some_and(|r| r.review_due) { "  (review due)" } else { "" };
                    println!(
                        "{}  {}  born {}  {}  {}{due}",
                        p.id,
                        p.name,
                        output::date(&p.date_of_birth),
                        nhs,
                        p.role_words
                    );
                }
            });
        }
        PersonCommand::Rename { id, name } => {
            let current = app.list_people()?.into_iter().find(|p| p.id == id).ok_or_else(|| {
                AppError::new(ErrorCode::PersonNotFound, format!("There is no person with the id {id} in this vault"))
            })?;
            let input =
                PersonInput { name, date_of_birth: current.date_of_birth, nhs_number: current.nhs_number, role: None };
            let p = app.update_person(&id, input)?;
            emit(json, &p, |p| println!("Renamed to {}.", p.name));
        }
        PersonCommand::Delete { id, confirm_name } => {
            app.delete_person(&id, &confirm_name)?;
            emit(json, &json!({ "deleted": id }), |_| println!("Deleted."));
        }
        PersonCommand::OwnAccess(c) => crate::own_access_cli::run(app, c, json)?,
    }
    Ok(())
}

fn audit(app: &App, command: AuditCommand, json: bool) -> Result<(), AppError> {
    match command {
        AuditCommand::List { person } => {
            let people = app.list_people()?;
            let mut logs = Vec::new();
            for p in people.iter().filter(|p| person.as_deref().is_none_or(|id| id == p.id)) {
                logs.push(json!({ "personId": p.id, "personName": p.name, "entries": app.audit_log(&p.id)? }));
            }
            if let Some(id) = &person
                && logs.is_empty()
            {
                return Err(AppError::new(
                    ErrorCode::PersonNotFound,
                    format!("There is no person with the id {id} in this vault"),
                ));
            }
            emit(json, &logs, |logs| {
                for log in logs {
                    println!(
                        "{} ({})",
                        log["personName"].as_str().unwrap_or(""),
                        log["personId"].as_str().unwrap_or("")
                    );
                    for e in log["entries"].as_array().into_iter().flatten() {
                        println!(
                            "  {:>4}  {}  {:<18}  {}",
                            e["seq"],
                            output::instant(e["at"].as_str().unwrap_or("")),
                            e["action"].as_str().unwrap_or(""),
                            e["detail"].as_str().unwrap_or("")
                        );
                    }
                }
            });
        }
        AuditCommand::Verify { person } => {
            let reports = app.verify_audit(person.as_deref())?;
            let broken = reports.iter().filter(|r| !r.ok).count();
            emit(json, &reports, |reports| {
                for r in reports {
                    match &r.problem {
                        None => println!("ok      {}: {} entries, chain intact", r.person_name, r.entries),
                        Some(problem) => println!("BROKEN  {}: {problem}", r.person_name),
                    }
                }
            });
            if broken > 0 {
                return Err(AppError::new(
                    ErrorCode::AuditChainBroken,
                    format!("{broken} audit log(s) failed verification: an entry was changed or removed"),
                ));
            }
        }
    }
    Ok(())
}

/// The person a command is about: the one given with `--person`, else the only person in the
/// vault. With several people and no `--person`, the error lists how to choose.
pub(crate) fn resolve_person(app: &App, given: Option<String>) -> Result<String, AppError> {
    if let Some(id) = given {
        return Ok(id);
    }
    let people = app.list_people()?;
    match people.as_slice() {
        [only] => Ok(only.id.to_string()),
        [] => Err(AppError::new(
            ErrorCode::PersonNotFound,
            "There is no one in the vault yet. Add someone with `phr person add`.",
        )),
        _ => Err(AppError::new(
            ErrorCode::InvalidInput,
            "The vault holds several people: choose one with --person ID (ids from `phr person list`).",
        )),
    }
}
