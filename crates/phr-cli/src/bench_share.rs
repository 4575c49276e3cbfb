//! `phr bench share`: making and opening a package of the largest shared Synthea record whole,
//! through the same `App` calls the desktop app makes, against issue 5's 1.5 s targets.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use phr_app::{
    App, AppError, AppOptions, KdfProfile, Passphrase, PersonInput, ShareRecipient, ShareRequest, ShareSlice,
    ShareUnlock, SystemClock,
};
use phr_core::ErrorCode;
use phr_core::readings::ReadingKind;
use phr_core::record::{EntryKind, Sensitivity};
use phr_vault::record_store::bench as rb;

const RUNS: usize = 3;
const TARGET_MS: f64 = 1500.0;

/// One measured figure.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ShareFigure {
    name: String,
    median_millis: f64,
    worst_millis: f64,
    target_millis: f64,
    met: bool,
}

#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ShareBench {
    record: String,
    entries: u32,
    package_bytes: u64,
    figures: Vec<ShareFigure>,
}

/// Removes the benchmark's folder however the benchmark ends.
#[derive(Debug)]
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn figure(name: &str, mut runs: Vec<f64>) -> ShareFigure {
    runs.sort_by(f64::total_cmp);
    let median = runs.get(runs.len() / 2).copied().unwrap_or(f64::NAN);
    let worst = runs.last().copied().unwrap_or(f64::NAN);
    ShareFigure {
        name: name.to_owned(),
        median_millis: median,
        worst_millis: worst,
        target_millis: TARGET_MS,
        met: median < TARGET_MS,
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

pub fn share(json: bool) -> Result<(), AppError> {
    let fixtures = std::env::var_os("PHR_FIXTURES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures"))
        .join("synthea-r4-smart");
    let bundle = rb::largest_json(&fixtures).ok_or_else(|| {
        AppError::new(ErrorCode::Io, format!("No Synthea bundle in {} (set PHR_FIXTURES_DIR)", fixtures.display()))
    })?;
    let text = std::fs::read_to_string(&bundle)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("Could not read {}: {e}", bundle.display())))?;
    let details = rb::person_matching(&text)
        .ok_or_else(|| AppError::new(ErrorCode::Internal, "the Synthea bundle has no Patient"))?;

    let scratch = Scratch(std::env::temp_dir().join(format!("phr-bench-share-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&scratch.0);
    std::fs::create_dir_all(&scratch.0)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("Could not make {}: {e}", scratch.0.display())))?;
    let citizen =
        App::with_options(scratch.0.join("citizen"), AppOptions::with_clock(Arc::new(SystemClock), KdfProfile::Floor));
    citizen.create_vault(Passphrase::new("benchmark throwaway passphrase".to_owned()))?;
    let person = citizen.add_person(PersonInput {
        name: details.name.clone(),
        date_of_birth: details.date_of_birth.format("%Y-%m-%d").to_string(),
        nhs_number: details.nhs_number.map(|n| n.to_string()),
        role: None,
    })?;
    citizen.import_files(&person.id, std::slice::from_ref(&bundle))?;

    // The whole record: every category, every label, every reading kind, no date limits.
    let request = ShareRequest {
        recipient: ShareRecipient {
            name: "Bench Mark".into(),
            role: Some("Consultant".into()),
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Benchmark".into(),
        slice: ShareSlice {
            categories: EntryKind::ALL.into_iter().filter(|k| *k != EntryKind::Patient).map(Into::into).collect(),
            readings: ReadingKind::ALL.into_iter().map(Into::into).collect(),
            include_sensitive: Sensitivity::ALL
                .into_iter()
                .filter(|s| *s != Sensitivity::General)
                .map(Into::into)
                .collect(),
            ..ShareSlice::default()
        },
        expires_on: (chrono::Utc::now().date_naive() + chrono::Days::new(30)).format("%Y-%m-%d").to_string(),
    };

    let mut creates = Vec::new();
    let mut packages = Vec::new();
    for i in 0..RUNS {
        let out = scratch.0.join(format!("share-{i}.age"));
        let t = Instant::now();
        // A share is made from its preview: both are timed, as the citizen waits for both.
        let preview = citizen.share_preview(&person.id, request.clone())?;
        let created = citizen.share_create(&person.id, &preview.draft_id, &out)?;
        creates.push(ms(t));
        packages.push((out, created));
    }
    let professional = App::with_options(
        scratch.0.join("professional"),
        AppOptions::with_clock(Arc::new(SystemClock), KdfProfile::Floor),
    );
    let mut opens = Vec::new();
    for (out, created) in &packages {
        let unlock = ShareUnlock { access_code: created.access_code.clone().map(Into::into), identity_path: None };
        let t = Instant::now();
        professional.share_open(out, unlock)?;
        opens.push(ms(t));
        professional.share_close_opened();
    }
    let Some((_, first)) = packages.first() else {
        return Err(AppError::new(ErrorCode::Internal, "The share benchmark made no package."));
    };
    let result = ShareBench {
        record: bundle.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        entries: first.share.entries,
        package_bytes: first.bytes,
        figures: vec![
            figure("make a package of the whole record", creates),
            figure("open it with the access code", opens),
        ],
    };
    crate::output::emit(json, &result, |r| {
        println!(
            "Sharing {} whole ({} entries; package {}), median and worst of {RUNS}:",
            r.record,
            r.entries,
            crate::output::bytes(r.package_bytes)
        );
        for f in &r.figures {
            let mark = if f.met { "ok" } else { "SLOWER THAN TARGET" };
            println!(
                "  {}: median {:.0} ms, worst {:.0} ms (target < {:.0} ms) {mark}",
                f.name, f.median_millis, f.worst_millis, f.target_millis
            );
        }
    });
    Ok(())
}
