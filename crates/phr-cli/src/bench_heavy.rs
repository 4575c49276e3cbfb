//! `phr bench heavy`: a heavy record built the same way every time (ten years of five-minute
//! glucose readings, blood pressures and 100,000 FHIR resources), then unlocked in a fresh
//! process that times the KDF alone, the unlock, each screen's calls and its resident memory,
//! each figure beside its target.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use phr_app::{AppError, ReadingKind, ReadingQuery, TimelineQuery};
use phr_core::ErrorCode;

/// The throwaway vault's passphrase (generated data only).
const PASSPHRASE: &str = "heavy benchmark throwaway passphrase";
/// The record ends here (2026-12-01T00:00:00Z), so every run builds the same readings.
const END_MS: i64 = 1_796_083_200_000;
const SEED: u64 = 0x4845_4156_5931;
const DAY_MS: i64 = 86_400_000;

#[derive(Debug, clap::Args)]
pub struct HeavyArgs {
    /// Glucose readings, one every five minutes (1,000,000 is about ten years)
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    glucose: i64,
    /// Blood pressures, spread over the same years
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    blood_pressures: i64,
    /// FHIR resources in the generated record
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    resources: usize,
    /// Build the vault in DIR and keep it; a later run with the same DIR measures it again
    /// without building it
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Measure the vault in DIR only (the benchmark runs itself again with this, so the
    /// memory is that of a process that has only unlocked and read)
    #[arg(long, value_name = "DIR", hide = true)]
    measure: Option<PathBuf>,
}

fn io(what: &str, e: std::io::Error) -> AppError {
    AppError::new(ErrorCode::Io, format!("The heavy benchmark could not {what}: {e}"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn heavy(args: &HeavyArgs, json: bool) -> Result<(), AppError> {
    if let Some(dir) = &args.measure {
        return measure(dir, args, json);
    }
    let (dir, _scratch) = match &args.dir {
        Some(d) => (d.clone(), None),
        None => {
            let d = std::env::temp_dir().join(format!("phr-bench-heavy-{}", std::process::id()));
            (d.clone(), Some(crate::bench_cli::RemoveOnDrop(d)))
        }
    };
    if !phr_app::App::new(dir.join("vault")).status().exists {
        build(&dir.join("vault"), args)?;
    } else {
        eprintln!("Measuring the heavy record already built in {}", dir.display());
    }
    let exe = std::env::current_exe().map_err(|e| io("find its own program", e))?;
    let mut child = std::process::Command::new(exe);
    child.args(["bench", "heavy", "--measure"]).arg(&dir);
    child.args(["--glucose", &args.glucose.to_string(), "--blood-pressures", &args.blood_pressures.to_string()]);
    if json {
        child.arg("--json");
    }
    let status = child.status().map_err(|e| io("start its measuring run", e))?;
    if !status.success() {
        return Err(AppError::new(
            ErrorCode::Internal,
            format!("The heavy benchmark's measuring run failed ({status})"),
        ));
    }
    Ok(())
}

/// Builds the record: each part in one transaction (the readings' rollups built once, at the
/// end of their batch), printing how long each took.
fn build(vault_dir: &Path, args: &HeavyArgs) -> Result<(), AppError> {
    use phr_vault::record_store::bench as rb;
    use phr_vault::record_store::{ImportDocument, SourceInfo};
    use phr_vault::{KdfChoice, KdfParams, Passphrase, Vault};

    std::fs::create_dir_all(vault_dir.parent().unwrap_or(vault_dir)).map_err(|e| io("make its folder", e))?;
    let kdf = match std::env::var("PHR_KDF_PROFILE").as_deref() {
        Ok("floor") => KdfChoice::Fixed(KdfParams::FLOOR),
        _ => KdfChoice::Calibrate { target: Duration::from_millis(500) },
    };
    let started = Instant::now();
    let (mut vault, _) =
        Vault::create(vault_dir, &Passphrase::new(PASSPHRASE.into()), kdf, std::sync::Arc::new(phr_app::SystemClock))?;
    let id = vault.add_person(rb::bench_person())?.id;
    let mut rng = rb::Seeded::new(SEED);

    let t = Instant::now();
    let doc = [ImportDocument { name: "generated.json".into(), text: rb::synthetic_bundle(args.resources) }];
    vault.import_fhir(&id, &SourceInfo::files(), &doc)?;
    drop(doc);
    eprintln!("built: {} FHIR resources in {:.1} s", args.resources, t.elapsed().as_secs_f64());

    let t = Instant::now();
    let glucose = rb::glucose_readings(args.glucose, END_MS, &mut rng);
    let first = glucose.first().map_or(END_MS, |r| r.reading.at.timestamp_millis());
    vault.import_readings(&id, &glucose, "generated-glucose.csv")?;
    drop(glucose);
    eprintln!("built: {} glucose readings in {:.1} s", args.glucose, t.elapsed().as_secs_f64());

    let t = Instant::now();
    let bp = rb::blood_pressures(args.blood_pressures, first, END_MS, &mut rng);
    vault.import_readings(&id, &bp, "generated-blood-pressure.csv")?;
    drop(bp);
    // A home blood pressure week started in the record's last week.
    let week = chrono::DateTime::from_timestamp_millis(END_MS - 6 * DAY_MS).unwrap_or_default().fixed_offset();
    vault.start_bp_week(&id, week)?;
    eprintln!("built: {} blood pressures in {:.1} s", args.blood_pressures, t.elapsed().as_secs_f64());
    drop(vault);
    eprintln!("built the heavy record in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// One figure beside its target.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Figure {
    name: String,
    /// The median of the runs (for memory, megabytes).
    value: f64,
    /// The slowest run, the first (cold) one included.
    worst: f64,
    unit: &'static str,
    target: f64,
    met: bool,
}

fn figure(name: impl Into<String>, runs: &mut [f64], unit: &'static str, target: f64) -> Figure {
    runs.sort_by(f64::total_cmp);
    let value = runs.get(runs.len() / 2).copied().unwrap_or_default();
    let worst = runs.last().copied().unwrap_or_default();
    Figure { name: name.into(), value, worst, unit, target, met: value <= target }
}

/// Times `f` `n` times (the first from a cold cache, right after unlock).
fn timed<T>(n: usize, mut f: impl FnMut() -> Result<T, AppError>) -> Result<Vec<f64>, AppError> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f()?;
        out.push(ms(t.elapsed()));
    }
    Ok(out)
}

fn date(ms_: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms_).unwrap_or_default().format("%Y-%m-%d").to_string()
}

fn measure(dir: &Path, args: &HeavyArgs, json: bool) -> Result<(), AppError> {
    use phr_app::{App, AppOptions, KdfProfile, Passphrase};
    use phr_vault::record_store::bench as rb;

    const RUNS: usize = 7;
    const SCREEN_MS: f64 = 50.0;
    let vault_dir = dir.join("vault");
    let mut figures = Vec::new();

    let mut kdf = Vec::new();
    for _ in 0..3 {
        kdf.push(ms(rb::kdf_time(&vault_dir, &phr_vault::Passphrase::new(PASSPHRASE.into()))?));
    }
    let kdf_fig = figure("key derivation (Argon2id) alone", &mut kdf, "ms", f64::INFINITY);
    let kdf_ms = kdf_fig.value;

    let app = App::with_options(
        vault_dir.clone(),
        AppOptions::with_clock(std::sync::Arc::new(phr_app::SystemClock), KdfProfile::Floor),
    );
    // Unlock as `phr person list` does: the key, every database opened, the people listed.
    let mut unlock = Vec::new();
    let mut rss_at_rest = None;
    let mut person = None;
    for i in 0..3 {
        if i > 0 {
            app.lock();
        }
        let t = Instant::now();
        app.unlock(Passphrase::new(PASSPHRASE.into()))?;
        let people = app.list_people()?;
        unlock.push(ms(t.elapsed()));
        if i == 0 {
            rss_at_rest = rb::rss_bytes();
        }
        person = people.into_iter().next();
    }
    figures.push(kdf_fig);
    figures.push(figure("unlock (KDF + opening + people listed)", &mut unlock, "ms", kdf_ms + 100.0));
    let rss_mb = rss_at_rest.map_or(0.0, |b| b as f64 / (1024.0 * 1024.0));
    figures.push(figure("resident memory at rest after unlock (VmRSS)", &mut [rss_mb], "MB", 150.0));

    let id = person.ok_or_else(|| AppError::new(ErrorCode::Internal, "the heavy vault has no one in it"))?.id;
    let id = id.to_string();
    let id = id.as_str();
    let first_ms = END_MS - args.glucose * 300_000;
    let (first, last) = (date(first_ms), date(END_MS - 1));

    // Record: the summary (with its medicines), a timeline page, a search.
    let mut runs = timed(RUNS, || {
        app.record_summary(id)?;
        app.medicines(id)
    })?;
    figures.push(figure("summary screen (record_summary, medicines)", &mut runs, "ms", SCREEN_MS));
    let mut runs = timed(RUNS, || app.timeline(id, TimelineQuery { limit: Some(50), ..TimelineQuery::default() }))?;
    figures.push(figure("timeline, first page of 50", &mut runs, "ms", SCREEN_MS));
    let mut runs = timed(RUNS, || app.search_record(id, "asthm", Some(50)))?;
    figures.push(figure("search \"asthm\" (top 50)", &mut runs, "ms", SCREEN_MS));

    // Readings: the home screen's latest of each kind, a list page, the chart screen.
    let mut runs = timed(RUNS, || app.reading_overview(id))?;
    figures.push(figure("latest readings (reading_overview)", &mut runs, "ms", SCREEN_MS));
    let page = |kind: Option<ReadingKind>, offset: u32| ReadingQuery {
        kind,
        from: None,
        to: None,
        limit: Some(50),
        offset: Some(offset),
        source: None,
    };
    let mut runs = timed(RUNS, || app.list_readings(id, page(None, 0)))?;
    figures.push(figure("reading list, first page of 50, every kind", &mut runs, "ms", SCREEN_MS));
    let mut runs = timed(RUNS, || app.list_readings(id, page(Some(ReadingKind::BloodGlucose), 0)))?;
    figures.push(figure("reading list, first page of 50, glucose", &mut runs, "ms", SCREEN_MS));
    let mut runs = timed(RUNS, || app.list_readings(id, page(Some(ReadingKind::BloodGlucose), 5_000)))?;
    figures.push(figure("reading list, page 101 of glucose", &mut runs, "ms", SCREEN_MS));
    for (label, from) in
        [("all time", first.clone()), ("a year", date(END_MS - 365 * DAY_MS)), ("a week", date(END_MS - 7 * DAY_MS))]
    {
        // The chart screen asks for the series and the statistics of the range together.
        let mut runs = timed(RUNS, || {
            app.chart_series(id, ReadingKind::BloodGlucose, &from, &last, 2_000)?;
            app.reading_stats(id, ReadingKind::BloodGlucose, Some(&from), Some(&last))
        })?;
        figures.push(figure(
            format!("glucose chart screen, {label} (series + statistics)"),
            &mut runs,
            "ms",
            SCREEN_MS,
        ));
    }
    let mut runs = timed(RUNS, || app.chart_series(id, ReadingKind::BloodPressure, &first, &last, 2_000))?;
    figures.push(figure("blood pressure chart, all time (series)", &mut runs, "ms", SCREEN_MS));
    let mut runs = timed(RUNS, || app.bp_week(id))?;
    figures.push(figure("blood pressure week (bp_week)", &mut runs, "ms", SCREEN_MS));

    // Statistics over any range: all time, and ranges from a fixed seed, each kind (blood
    // pressure's with the NICE home average of the range).
    let mut rng = rb::Seeded::new(SEED ^ 1);
    for (kind, label) in [(ReadingKind::BloodGlucose, "glucose"), (ReadingKind::BloodPressure, "blood pressure")] {
        let mut runs = timed(RUNS, || app.reading_stats(id, kind, None, None))?;
        figures.push(figure(format!("statistics of {label}, all time"), &mut runs, "ms", 20.0));
        let mut runs = Vec::new();
        for _ in 0..20 {
            let span = END_MS - first_ms;
            // Two draws make 62 random bits: one alone would reach only the first 25 days.
            let mut draw = || ((rng.next_u64() << 31) ^ rng.next_u64()) % span as u64;
            let (a, b) = (first_ms + draw() as i64, first_ms + draw() as i64);
            let (from, to) = (date(a.min(b)), date(a.max(b)));
            runs.extend(timed(1, || app.reading_stats(id, kind, Some(&from), Some(&to)))?);
        }
        figures.push(figure(format!("statistics of {label}, 20 random ranges"), &mut runs, "ms", 20.0));
    }
    let rss_after = rb::rss_bytes().map_or(0.0, |b| b as f64 / (1024.0 * 1024.0));

    let result = serde_json::json!({
        "glucose": args.glucose,
        "bloodPressures": args.blood_pressures,
        "figures": figures,
        "rssAfterScreensMb": rss_after,
    });
    crate::output::emit(json, &result, |_| {
        println!(
            "Heavy record: {} glucose readings ({first} to {last}), {} blood pressures, the generated FHIR record",
            args.glucose, args.blood_pressures
        );
        println!("{:<62} {:>10} {:>10} {:>12}", "figure", "median", "worst", "target");
        for f in &figures {
            let target = if f.target.is_finite() { format!("<= {:.0} {}", f.target, f.unit) } else { String::new() };
            let mark = if f.met { "" } else { "  MISSED" };
            println!("{:<62} {:>7.1} {:<2} {:>7.1} {:<2} {target:>12}{mark}", f.name, f.value, f.unit, f.worst, f.unit);
        }
        println!("resident memory after every screen above: {rss_after:.0} MB (no target)");
    });
    Ok(())
}
