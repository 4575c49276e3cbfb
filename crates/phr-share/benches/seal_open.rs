//! Package speed (criterion): sealing and opening the largest shared Synthea record whole
//! (~4 MB) to an access code at the real scrypt work factor (target < 1.5 s each on 2 cores,
//! scrypt being most of it), and to a professional's key (no scrypt: the rest of the cost).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use age::secrecy::ExposeSecret;
use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use phr_core::share::{ShareConsent, ShareRecipient, ShareSlice};
use phr_share::{
    AccessCode, PackageFile, RECORD_FILE, RECORD_MEDIA_TYPE, SUMMARY_FILE, SUMMARY_MEDIA_TYPE, SealTo, ShareSubject,
    SigningKey, Unlock,
};

/// The largest JSON among the Synthea fixtures, or 4 MB of generated JSON when they are absent.
fn record() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/synthea-r4-smart");
    let largest = std::fs::read_dir(&dir).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .max_by_key(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
    });
    match largest {
        Some(entry) => {
            eprintln!("record: {}", entry.path().display());
            std::fs::read(entry.path()).unwrap()
        }
        None => {
            eprintln!("record: 4 MB generated (no Synthea fixtures at {})", dir.display());
            let mut out = b"{\"resourceType\":\"Bundle\",\"entry\":[".to_vec();
            let mut n = 0u64;
            while out.len() < 4_000_000 {
                out.extend_from_slice(
                    format!("{{\"id\":\"{n}\",\"value\":{}}},", n.wrapping_mul(2_654_435_761)).as_bytes(),
                );
                n += 1;
            }
            out.extend_from_slice(b"{}]}");
            out
        }
    }
}

fn inputs() -> (ShareConsent, ShareSubject, Vec<PackageFile>) {
    let consent = ShareConsent {
        share_id: "5b0c2f1e-8a7d-4c3b-9e21-0f6a4d2c9b17".into(),
        recipient: ShareRecipient {
            name: "Sam Physio".into(),
            role: None,
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: "Benchmark".into(),
        slice: ShareSlice::default(),
        created: Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(),
        not_after: Utc.with_ymd_and_hms(2026, 12, 23, 23, 59, 59).unwrap(),
        made_by: None,
    };
    let subject = ShareSubject {
        name: "Bench Mark".into(),
        birth_date: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
        nhs_number: None,
    };
    let record = record();
    // A summary about a tenth of the record's size, as the real one roughly is.
    let summary = format!("<!doctype html><p>{}</p>", "row ".repeat(record.len() / 40)).into_bytes();
    let files = vec![
        PackageFile { name: RECORD_FILE.into(), media_type: RECORD_MEDIA_TYPE.into(), bytes: record },
        PackageFile { name: SUMMARY_FILE.into(), media_type: SUMMARY_MEDIA_TYPE.into(), bytes: summary },
    ];
    (consent, subject, files)
}

fn seal_open(c: &mut Criterion) {
    let (consent, subject, files) = inputs();
    let (key, _) = SigningKey::generate().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let code = AccessCode::generate().unwrap();
    let to_code = SealTo::AccessCode(code.clone());
    let identity = age::x25519::Identity::generate();
    let to_key = SealTo::RecipientKey(identity.to_public().to_string());
    let unlock_key = Unlock::Identity(identity.to_string().expose_secret().to_owned().into());
    let unlock_code = Unlock::AccessCode(code.as_str().to_owned().into());

    let by_code = phr_share::seal(&consent, &subject, files.clone(), &key, &to_code).unwrap();
    let by_key = phr_share::seal(&consent, &subject, files.clone(), &key, &to_key).unwrap();
    eprintln!("package: {} bytes", by_code.len());

    let mut group = c.benchmark_group("package");
    // scrypt makes each iteration take most of a second: few samples, no long warm-up.
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(12));
    group.bench_function("seal to a code", |b| {
        b.iter(|| phr_share::seal(&consent, &subject, black_box(files.clone()), &key, &to_code).unwrap())
    });
    group.bench_function("open with a code", |b| {
        b.iter(|| phr_share::open(black_box(&by_code), &unlock_code, now).unwrap())
    });
    group.bench_function("seal to a key", |b| {
        b.iter(|| phr_share::seal(&consent, &subject, black_box(files.clone()), &key, &to_key).unwrap())
    });
    group.bench_function("open with a key", |b| {
        b.iter(|| phr_share::open(black_box(&by_key), &unlock_key, now).unwrap())
    });
    group.finish();
}

criterion_group!(benches, seal_open);
criterion_main!(benches);
