//! `phr`: the record's operations from the command line.
//!
//! `main` only turns `run`'s error into an exit code: 1 with `error[CODE]: message` on stderr
//! for a failed operation, 2 for a usage error (clap's own exit code).

// Tests may unwrap: a panic there is a failed test, which is what we want.
#![cfg_attr(test, allow(clippy::unwrap_used))]

// Printing that cannot panic. std's `println!` and friends panic when the write fails (a
// closed pipe, a full disk, a failing device); by then the command's work is done (or its
// error is being reported), and the exit code must still say which. These shadow std's for
// every module below; what could not be printed is lost, as it would be with the panic.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod about_me_cli;
mod advice_cli;
mod args;
#[cfg(feature = "bench")]
mod bench_backup;
#[cfg(feature = "bench")]
mod bench_cli;
#[cfg(feature = "bench")]
mod bench_heavy;
#[cfg(feature = "bench")]
mod bench_share;
mod carer_cli;
mod commands;
mod entry_cli;
mod glucose_report_cli;
mod gp_cli;
mod handover_cli;
mod import_cli;
mod medicines_cli;
mod output;
mod own_access_cli;
mod reading_cli;
mod record_cli;
mod reminder_cli;
mod secrets;
// sharing
mod share_cli;

use std::process::ExitCode;

// mimalloc: see the workspace Cargo.toml (the import's allocations from several threads).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    // `phr --version` names the formats this app reads and writes beside its own version
    // (phr_app::about), so a person can say which version they run and what it can open.
    // Made once per run, so leaking it for clap's `&'static str` costs nothing.
    let version: &'static str = phr_app::about().version_text().leak();
    let matches = args::Cli::command().version(version).get_matches();
    let cli = match args::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // Whose own access `--as-owner` opens: the command's --person, wherever clap found it.
    let person = args::person_of(&matches);
    match commands::run(cli, person) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One write of the whole line, and not eprintln!, which writes it in pieces and
            // panics when one fails: on a failing device the line is whole or absent, and the
            // exit code still says 1.
            use std::io::Write;
            let line = format!("error[{}]: {}\n", e.code, e.message);
            let _ = std::io::stderr().write_all(line.as_bytes());
            ExitCode::from(1)
        }
    }
}
