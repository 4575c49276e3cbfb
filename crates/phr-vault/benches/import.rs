//! Record import speed (criterion): the largest shared Synthea bundle into an encrypted vault
//! (target < 150 ms), a generated 100,000-resource record (< 3 s), and a timeline page and a
//! search on it (< 20 ms). `phr bench import` prints the same figures beside plain SQLite.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use phr_core::clock::FixedClock;
use phr_vault::record_store::bench::{largest_json, person_matching, synthetic_bundle};
use phr_vault::record_store::{ImportDocument, SourceInfo, TimelineFilter};
use phr_vault::{KdfChoice, KdfParams, Passphrase, PersonId, Vault};

/// A throwaway vault with one person matching `text`'s Patient.
fn vault_for(text: &str) -> (tempfile::TempDir, Vault, PersonId) {
    let tmp = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()));
    let (mut v, _) = Vault::create(
        &tmp.path().join("vault"),
        &Passphrase::new("benchmark throwaway passphrase".into()),
        KdfChoice::Fixed(KdfParams::FLOOR),
        clock,
    )
    .unwrap();
    let id = v.add_person(person_matching(text).unwrap()).unwrap().id;
    (tmp, v, id)
}

fn import(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/synthea-r4-smart");
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    if let Some(path) = largest_json(&dir) {
        let text = std::fs::read_to_string(path).unwrap();
        g.bench_function("synthea largest bundle", |b| {
            b.iter_batched(
                || (vault_for(&text), [ImportDocument { name: "synthea.json".into(), text: text.clone() }]),
                |((_tmp, mut v, id), docs)| black_box(v.import_fhir(&id, &SourceInfo::files(), &docs).unwrap()),
                BatchSize::PerIteration,
            );
        });
    }
    let big = synthetic_bundle(100_000);
    g.measurement_time(Duration::from_secs(40));
    g.bench_function("100,000 generated resources", |b| {
        b.iter_batched(
            || (vault_for(&big), [ImportDocument { name: "generated.json".into(), text: big.clone() }]),
            |((_tmp, mut v, id), docs)| black_box(v.import_fhir(&id, &SourceInfo::files(), &docs).unwrap()),
            BatchSize::PerIteration,
        );
    });
    g.finish();

    let (_tmp, mut v, id) = vault_for(&big);
    v.import_fhir(&id, &SourceInfo::files(), &[ImportDocument { name: "generated.json".into(), text: big }]).unwrap();
    let mut g = c.benchmark_group("read 100,000");
    let first = TimelineFilter { limit: 50, ..TimelineFilter::default() };
    g.bench_function("timeline first page", |b| b.iter(|| black_box(v.timeline(&id, &first).unwrap())));
    let mut deep = first.clone();
    for _ in 0..20 {
        deep.cursor = v.timeline(&id, &deep).unwrap().next_cursor;
    }
    g.bench_function("timeline 21st page", |b| b.iter(|| black_box(v.timeline(&id, &deep).unwrap())));
    g.bench_function("search", |b| b.iter(|| black_box(v.search_record(&id, "asthm", 50).unwrap())));
    g.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
