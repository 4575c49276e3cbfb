//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// My Health Record: your encrypted health record, from the command line.
///
/// Secrets are never taken as plain arguments (they would show in the process list and shell
/// history): the passphrase comes from PHR_PASSPHRASE, --passphrase-file, or a prompt that
/// does not echo; new passphrases likewise from PHR_NEW_PASSPHRASE or --new-passphrase-file;
/// the recovery key from PHR_RECOVERY_KEY or --recovery-key-file.
#[derive(Debug, Parser)]
#[command(name = "phr", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The vault folder [default: the platform's data folder]
    #[arg(long, env = "PHR_VAULT_DIR", global = true, value_name = "DIR")]
    pub vault_dir: Option<PathBuf>,
    /// Read the passphrase from the first line of this file
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// Act as the person the command is about (its --person), with their own password from
    /// PHR_OWNER_PASSPHRASE, --owner-passphrase-file or a prompt: their own access is open for
    /// this one command, so it sees their private entries and may change their limits
    #[arg(long, global = true)]
    pub as_owner: bool,
    /// Read the person's own password (for --as-owner) from the first line of this file
    #[arg(long, global = true, value_name = "FILE", requires = "as_owner")]
    pub owner_passphrase_file: Option<PathBuf>,
}

/// The person a command names with `--person`, from however deep its subcommand is: whose own
/// access `--as-owner` opens.
pub fn person_of(matches: &clap::ArgMatches) -> Option<String> {
    let mut here = matches;
    while let Some((_, sub)) = here.subcommand() {
        here = sub;
    }
    here.try_get_one::<String>("person").ok().flatten().cloned()
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault and print its recovery key (shown once)
    Init,
    /// Add, list, rename or delete the people whose records the vault holds
    #[command(subcommand)]
    Person(PersonCommand),
    /// Change the vault's passphrase
    #[command(subcommand)]
    Passphrase(PassphraseCommand),
    /// Unlock with the recovery key and set a new passphrase
    Recover(RecoverArgs),
    /// Make or restore an encrypted backup of the whole vault
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Read or verify the audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the vault's files
    #[command(subcommand)]
    Vault(VaultCommand),
    /// Import FHIR files, or your record from your GP practice
    #[command(subcommand)]
    Import(crate::record_cli::ImportCommand),
    /// Stay connected to your GP practice: see the connection, check for updates without
    /// signing in, or disconnect
    #[command(subcommand)]
    Gp(crate::gp_cli::GpCommand),
    /// Read your record: the summary, lists, one entry, search
    #[command(subcommand)]
    Record(crate::record_cli::RecordCommand),
    /// Your own entries (conditions, medicines, allergies, vaccinations, procedures, notes),
    /// and your own notes on and hides of any entry
    #[command(subcommand)]
    Entry(crate::entry_cli::EntryCommand),
    /// What matters to you (up to three things), your contacts, GP practice and communication
    /// needs
    #[command(subcommand)]
    AboutMe(crate::about_me_cli::AboutMeCommand),
    /// Reminders: the blood pressure week's readings, a daily reading, a medicine, a backup, a
    /// carer's review; what is due now, missed, and when each fires next
    #[command(subcommand)]
    Reminder(crate::reminder_cli::ReminderCommand),
    /// Export the whole record
    #[command(subcommand)]
    Export(crate::record_cli::ExportCommand),
    /// Readings you take at home: blood pressure, glucose, weight and more
    #[command(subcommand)]
    Reading(crate::reading_cli::ReadingCommand),
    /// Measure the app's speed on generated data (makes its own throwaway vault); only in a
    /// `--features bench` build
    #[cfg(feature = "bench")]
    #[command(subcommand)]
    Bench(crate::bench_cli::BenchCommand),
    // sharing
    /// Share part of your record with a professional, or open a package shared with you
    #[command(subcommand)]
    Share(crate::share_cli::ShareCommand),
    /// The record's signing key (its fingerprint proves who made a package)
    #[command(subcommand)]
    Key(crate::share_cli::KeyCommand),
    /// The GP practice directory the Connect screen searches
    #[command(subcommand)]
    Practices(PracticesCommand),
    /// What a carer does for someone they care for: who did what on their record
    #[command(subcommand)]
    Carer(crate::carer_cli::CarerCommand),
    /// Hand a record over to its person (a child at 16, an adult taking it back): a package
    /// sealed to a one-time code, a new vault from it, and a receipt to finish
    #[command(subcommand)]
    Handover(crate::handover_cli::HandoverCommand),
}

#[derive(Debug, Subcommand)]
pub enum PracticesCommand {
    /// Load NHS England's ODS practice file (epraccur.csv) as the practice directory. It has
    /// no online addresses, so the app still asks for a practice's address when connecting
    Load {
        /// The epraccur.csv file (unzipped)
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person
    Add {
        /// Their full name
        #[arg(long)]
        name: String,
        /// Date of birth, YYYY-MM-DD
        #[arg(long, value_name = "YYYY-MM-DD")]
        dob: String,
        /// Their NHS number (10 digits; checked with the Modulus 11 rule)
        #[arg(long)]
        nhs_number: Option<String>,
        /// This is your own record
        #[arg(long, conflicts_with_all = ["relationship", "basis", "basis_ref", "review_on"])]
        me: bool,
        /// Someone you care for: who they are to you (mother, father, partner, son, daughter, friend, other, ...)
        #[arg(long, value_name = "R", requires = "basis")]
        relationship: Option<String>,
        /// What gives you the right to look after their record
        #[arg(long, value_parser = ["consent", "lpa", "parental", "deputy", "best-interests"], requires = "relationship")]
        basis: Option<String>,
        /// The reference on the registered lasting power of attorney (needed with --basis lpa)
        #[arg(long, value_name = "REF", requires = "basis")]
        basis_ref: Option<String>,
        /// When you are next asked to check, YYYY-MM-DD (default: a year from today)
        #[arg(long, value_name = "DATE", requires = "basis")]
        review_on: Option<String>,
    },
    /// List the people in the vault
    List,
    /// Change a person's name
    Rename {
        /// The person's id (from `phr person list`)
        id: String,
        /// The new name
        #[arg(long)]
        name: String,
    },
    /// A cared-for person's own password, which lets them keep entries private from you
    #[command(subcommand)]
    OwnAccess(crate::own_access_cli::OwnAccessCommand),
    /// Delete a person's whole record: this cannot be undone
    Delete {
        /// The person's id (from `phr person list`)
        id: String,
        /// Their name, typed again to confirm
        #[arg(long, value_name = "NAME")]
        confirm_name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Change the passphrase (the current one as usual, the new one from PHR_NEW_PASSPHRASE,
    /// --new-passphrase-file or a prompt)
    Change(ChangePassphraseArgs),
    /// Make a new recovery key and print it once; the old one stops working at once
    NewRecoveryKey,
}

#[derive(Debug, Args)]
pub struct ChangePassphraseArgs {
    #[command(flatten)]
    pub new: NewPassphraseArgs,
    /// Also change the keys that lock the record (slower: every record is copied once). Prints
    /// a new recovery key; the old one stops working
    #[arg(long)]
    pub rotate: bool,
}

#[derive(Debug, Args)]
pub struct NewPassphraseArgs {
    /// Read the new passphrase from the first line of this file
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// Read the recovery key from the first line of this file
    #[arg(long, value_name = "FILE")]
    pub recovery_key_file: Option<PathBuf>,
    #[command(flatten)]
    pub new: NewPassphraseArgs,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Write the whole vault, encrypted, to FILE
    Create { file: PathBuf },
    /// Restore FILE into the vault folder, which must be empty. Unlocks with the backup's
    /// passphrase, or with its recovery key when --recovery-key-file or PHR_RECOVERY_KEY is given
    Restore {
        file: PathBuf,
        /// Read the recovery key from the first line of this file
        #[arg(long, value_name = "FILE")]
        recovery_key_file: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Read every page of every person's record and check none was changed or damaged (unlock
    /// checks only the pages it reads; a backup runs this check first)
    Check,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Show the audit log (everyone's, or one person's)
    List {
        /// Only this person's log
        #[arg(long, value_name = "ID")]
        person: Option<String>,
    },
    /// Check that no audit entry was changed or removed
    Verify {
        /// Only this person's log
        #[arg(long, value_name = "ID")]
        person: Option<String>,
    },
}
