//! No secret or health data in any `Debug` output: each public phr-vault type that holds a
//! reading, an entry's text, an imported document, a source's name, a share's Consent or an
//! error message is built with marker values and formatted with `{:?}` and `{:#?}`; none of
//! the markers may show.

#![allow(clippy::unwrap_used)]

use std::fmt::Debug;

use chrono::{FixedOffset, TimeZone, Utc};
use phr_core::readings::{CheckedReading, ReadingKind, ReadingSource};
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{ShareConsent, ShareRecipient, ShareSlice};
use phr_vault::record_store::{
    EntryRow, ImportDocument, ImportItem, ImportOutcome, SnippetPart, SourceInfo, SourceKind,
};
use phr_vault::share_store::{NewShare, SealedTo};
use phr_vault::{DeviceImport, ErrorCode, NewReading, Point, SeriesData, SeriesLevel, StoredReading, VaultError};

const NAME: &str = "Zebedee Quarrington";
const NHS: &str = "9434765919";
const NOTE: &str = "marker-note-text";
const TOKEN: &str = "marker-secret-token";

/// What must never show: the name (either part), the NHS number, the date of birth, the
/// reading's value, the note and the token.
const MARKERS: [&str; 8] = ["Zebedee", "Quarrington", NHS, "1931-02-17", "1931", "187.5", NOTE, TOKEN];

fn assert_hidden(type_name: &str, x: &impl Debug) {
    for shown in [format!("{x:?}"), format!("{x:#?}")] {
        assert!(shown.starts_with(type_name), "{type_name}'s Debug should name the type: {shown}");
        for marker in MARKERS {
            assert!(!shown.contains(marker), "{type_name}'s Debug shows {marker:?}: {shown}");
        }
    }
}

fn reading() -> CheckedReading {
    CheckedReading {
        kind: ReadingKind::Weight,
        at: FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2024, 5, 1, 8, 30, 0).unwrap(),
        value: Some(187.5),
        value2: None,
        pulse: None,
        entered_value: Some(187.5),
        entered_unit: None,
        context: Some(NOTE.into()),
        arm: None,
        position: None,
        text: Some(NOTE.into()),
        note: Some(NOTE.into()),
        source: ReadingSource::Typed,
        unusual: Vec::new(),
    }
}

#[test]
fn stored_readings_show_no_marker() {
    let new =
        NewReading { reading: reading(), source_name: Some(NAME.into()), dedupe_key: Some(format!("187.5|{NOTE}")) };
    assert_hidden("NewReading", &new);
    let stored = StoredReading {
        id: 1,
        reading: reading(),
        source_name: Some(NAME.into()),
        created_at: Utc.with_ymd_and_hms(2024, 5, 1, 8, 30, 0).unwrap(),
        deleted: false,
    };
    assert_hidden("StoredReading", &stored);
    let series = SeriesData {
        points: vec![Point { at: 1, value: 187.5, value2: None }],
        raw_count: 1,
        reduced: false,
        level: SeriesLevel::Raw,
        bucket_ms: 0,
    };
    assert_hidden("SeriesData", &series);
    let import = DeviceImport {
        label: "Generic CSV".into(),
        file: format!("{NAME}.csv"),
        unreadable: 0,
        owner_overridden: false,
    };
    assert_hidden("DeviceImport", &import);
}

#[test]
fn the_record_store_shows_no_marker() {
    let source = SourceInfo {
        kind: SourceKind::File,
        key: NAME.into(),
        name: NAME.into(),
        ods_code: None,
        url: Some(format!("https://example.org/{NOTE}")),
    };
    assert_hidden("SourceInfo", &source);
    let document = ImportDocument {
        name: format!("{NAME}.json"),
        text: format!(r#"{{"resourceType":"Patient","name":[{{"text":"{NAME}"}}],"birthDate":"1931-02-17"}}"#),
    };
    assert_hidden("ImportDocument", &document);
    let row = EntryRow {
        id: 1,
        kind: EntryKind::Result,
        title: NOTE.into(),
        plain_title: Some(NOTE.into()),
        status: None,
        date: None,
        value_text: Some("187.5 kg".into()),
        flag: None,
        abnormal: false,
        sensitivity: Sensitivity::General,
        source_name: NAME.into(),
    };
    assert_hidden("EntryRow", &row);
    assert_hidden("SnippetPart", &SnippetPart { text: NAME.into(), is_match: true });
    let item = ImportItem {
        file: format!("{NAME}.json"),
        location: "entry[0]".into(),
        resource_type: "Observation".into(),
        resource_id: Some(NOTE.into()),
        outcome: ImportOutcome::Added,
        reason: Some(NOTE.into()),
        entry_id: Some(1),
    };
    assert_hidden("ImportItem", &item);
}

#[test]
fn a_new_share_and_an_error_show_no_marker() {
    let recipient = ShareRecipient {
        name: NAME.into(),
        role: None,
        organisation: None,
        ods_code: None,
        public_key: Some(TOKEN.into()),
    };
    let at = Utc.with_ymd_and_hms(2024, 5, 1, 8, 30, 0).unwrap();
    let consent = ShareConsent {
        share_id: "s1".into(),
        recipient,
        purpose: NOTE.into(),
        slice: ShareSlice::default(),
        created: at,
        not_after: at,
        made_by: None,
    };
    let share = NewShare {
        consent,
        consent_resource: format!(r#"{{"resourceType":"Consent","note":"{NOTE}"}}"#),
        sealed_to: SealedTo::Code,
        package_sha256: "00".into(),
        entries: 1,
        readings: 1,
    };
    assert_hidden("NewShare", &share);
    let error = VaultError {
        code: ErrorCode::PatientMismatch,
        message: format!("{NAME}.json: {NOTE}"),
        path: None,
        field: None,
    };
    assert_hidden("VaultError", &error);
}

#[test]
fn written_files_show_no_path() {
    // A path under the person's home folder names them.
    let path = std::path::PathBuf::from(format!("/home/{NAME}/{NAME}.json"));
    let backup = phr_vault::BackupSummary {
        path: path.clone(),
        people: 1,
        bytes: 10,
        created_at: Utc.with_ymd_and_hms(2026, 12, 4, 8, 0, 0).unwrap(),
    };
    assert_hidden("BackupSummary", &backup);
    assert_hidden("RecordExport", &phr_vault::record_store::RecordExport { path, resources: 3, bytes: 10 });
}
