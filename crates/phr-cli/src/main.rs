//! `phr`: the record's operations from the command line.
//!
//! `main` only turns `run`'s error into an exit code: 1 with `error[CODE]: message` on stderr
//! for a failed operation, 2 for a usage error (clap's own exit code).

// Tests may unwrap: a panic there is a failed test, which is what we want.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod advice_cli;
mod args;
#[cfg(feature = "bench")]
mod bench_cli;
#[cfg(feature = "bench")]
mod bench_heavy;
#[cfg(feature = "bench")]
mod bench_share;
mod commands;
mod import_cli;
mod medicines_cli;
mod output;
mod reading_cli;
mod record_cli;
mod secrets;
// sharing
mod share_cli;

use std::process::ExitCode;

// mimalloc: see the workspace Cargo.toml (the import's allocations from several threads).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!, which panics when the write fails: on a full disk or a failing
            // device even this line may be refused, and the exit code must still say 1.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "error[{}]: {}", e.code, e.message);
            ExitCode::from(1)
        }
    }
}
