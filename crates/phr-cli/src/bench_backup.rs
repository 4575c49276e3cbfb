//! `phr bench backup`: backup and restore of a vault of a chosen size (1 GiB unless told),
//! each measured in a fresh process for its time and for how far its resident memory rose
//! above what it held once unlocked (the target: at most 64 MiB, whatever the vault's size).

use std::path::{Path, PathBuf};
use std::time::Instant;

use phr_app::AppError;
use phr_core::ErrorCode;
use phr_vault::{BackupSecret, KdfChoice, KdfParams, Passphrase, Vault};

const PASSPHRASE: &str = "backup benchmark throwaway passphrase";
/// How far memory may rise during a backup or a restore, whatever the vault's size.
const TARGET_BYTES: u64 = 64 << 20;
const PEOPLE: u64 = 4;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The vault's size in MiB, spread over four people
    #[arg(long, default_value_t = 1024, value_name = "MIB")]
    size_mb: u64,
    /// Work in DIR (it needs about three times the vault's size free) instead of a temporary
    /// folder
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Measure one step on the vault already in DIR (the benchmark runs itself again with
    /// this, so each figure is that of a process that has done nothing else)
    #[arg(long, value_name = "STEP", hide = true, requires = "dir")]
    measure: Option<String>,
}

fn io(what: &str, e: std::io::Error) -> AppError {
    AppError::new(ErrorCode::Io, format!("The backup benchmark could not {what}: {e}"))
}

fn mib(b: u64) -> f64 {
    b as f64 / f64::from(1u32 << 20)
}

fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb * 1024)
}

/// Starts the peak (VmHWM) again from the memory held now (Linux: `5` in `clear_refs`), so
/// the key derivation's memory at unlock does not count as the backup's.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

pub fn backup(args: &BackupArgs, json: bool) -> Result<(), AppError> {
    if let (Some(step), Some(dir)) = (&args.measure, &args.dir) {
        return measure(step, dir, json);
    }
    let (dir, _scratch) = match &args.dir {
        Some(d) => (d.clone(), None),
        None => {
            let d = std::env::temp_dir().join(format!("phr-bench-backup-{}", std::process::id()));
            (d.clone(), Some(crate::bench_cli::RemoveOnDrop(d)))
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| io("make its folder", e))?;
    for leftover in ["vault", "restored", "vault.phrbackup"] {
        let p = dir.join(leftover);
        let _ = std::fs::remove_dir_all(&p);
        let _ = std::fs::remove_file(&p);
    }
    let t = Instant::now();
    {
        let clock = std::sync::Arc::new(phr_app::SystemClock);
        let pass = Passphrase::new(PASSPHRASE.into());
        let (mut vault, _) = Vault::create(&dir.join("vault"), &pass, KdfChoice::Fixed(KdfParams::FLOOR), clock)?;
        let each = args.size_mb.div_ceil(PEOPLE);
        for i in 0..PEOPLE {
            let id = vault
                .add_person(phr_core::person::PersonDetails {
                    name: format!("Bench Person {i}"),
                    date_of_birth: chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
                    nhs_number: None,
                })?
                .id;
            vault.bench_pad_person(&id, each)?;
        }
    }
    eprintln!("built: a {} MiB vault in {:.1} s", args.size_mb, t.elapsed().as_secs_f64());
    let exe = std::env::current_exe().map_err(|e| io("find its own program", e))?;
    for step in ["backup", "restore"] {
        let mut child = std::process::Command::new(&exe);
        child.args(["bench", "backup", "--dir"]).arg(&dir).args(["--measure", step]);
        if json {
            child.arg("--json");
        }
        let status = child.status().map_err(|e| io("start its measuring run", e))?;
        if !status.success() {
            return Err(AppError::new(
                ErrorCode::Internal,
                format!("The backup benchmark's {step} run failed ({status})"),
            ));
        }
    }
    Ok(())
}

fn measure(step: &str, dir: &Path, json: bool) -> Result<(), AppError> {
    let clock = std::sync::Arc::new(phr_app::SystemClock);
    let pass = Passphrase::new(PASSPHRASE.into());
    let backup = dir.join("vault.phrbackup");
    let vault_bytes = folder_bytes(&dir.join("vault").join("people"));
    let (base, ms) = match step {
        "backup" => {
            let mut vault = Vault::unlock(&dir.join("vault"), &pass, clock)?;
            let reset = reset_peak();
            let base = status_kb("VmRSS:").filter(|_| reset);
            let t = Instant::now();
            vault.create_backup(&backup)?;
            (base, t.elapsed().as_secs_f64() * 1000.0)
        }
        "restore" => {
            let reset = reset_peak();
            let base = status_kb("VmRSS:").filter(|_| reset);
            let t = Instant::now();
            let restored =
                Vault::restore_backup(&backup, &dir.join("restored"), BackupSecret::Passphrase(&pass), clock)?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            drop(restored);
            (base, ms)
        }
        other => {
            return Err(AppError::new(ErrorCode::InvalidInput, format!("No such step {other:?}: backup or restore")));
        }
    };
    let peak = status_kb("VmHWM:");
    let rise = base.zip(peak).map(|(b, p)| p.saturating_sub(b));
    if json {
        let out = serde_json::json!({
            "step": step, "vaultBytes": vault_bytes, "ms": ms,
            "baseRssBytes": base, "peakRssBytes": peak, "riseBytes": rise, "targetRiseBytes": TARGET_BYTES,
        });
        println!("{out}");
    } else {
        let rise_text = match rise {
            Some(r) => {
                let mark = if r <= TARGET_BYTES { "" } else { "  MISSED" };
                format!(
                    "memory rose {:.1} MiB above {:.1} MiB (target <= 64 MiB){mark}",
                    mib(r),
                    mib(base.unwrap_or(0))
                )
            }
            None => "memory not measured (needs Linux's /proc/self/clear_refs)".to_owned(),
        };
        println!("{step} of a {:.0} MiB vault: {:.1} s; {rise_text}", mib(vault_bytes), ms / 1000.0);
    }
    Ok(())
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
        })
        .unwrap_or(0)
}
