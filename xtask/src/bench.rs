//! `cargo xtask bench`: the speed and memory targets, measured in release builds.
//!
//! First `phr bench import`, `readings`, `share`, `heavy` (a ten-year record: unlock, every
//! screen, statistics over any range and memory) and `backup` (a 1 GiB vault backed up and
//! restored: time and how far memory rises), which print each figure beside its target
//! (and, for imports, beside the same rows in plain SQLite); then the criterion benchmarks for
//! a statistical view. Speed is checked here, never by timed tests.

use crate::cmd;

pub fn all(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    let mut build = cmd::cargo();
    // `phr bench` (and the plain-SQLite copy it compares with) exists only with this feature:
    // a release `phr` has neither.
    build.args(["build", "--release", "--locked", "-p", "phr-cli", "--features", "bench"]);
    cmd::run(&mut build)?;
    let phr = crate::target_dir().join("release/phr");
    for what in ["import", "readings", "share", "heavy", "backup"] {
        let mut bench = cmd::new(&phr);
        bench.args(["bench", what]).env("PHR_KDF_PROFILE", "floor");
        cmd::run(&mut bench)?;
    }
    if quick {
        return Ok(());
    }
    let mut criterion = cmd::cargo();
    criterion.args(["bench", "--locked", "-p", "phr-vault", "-p", "phr-share"]);
    cmd::run(&mut criterion)
}
