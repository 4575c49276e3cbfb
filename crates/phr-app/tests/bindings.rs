//! House rule as a test: `ui/src/bindings/` is exactly what the Rust DTOs generate.
//!
//! Run with `UPDATE_BINDINGS=1` to rewrite the committed bindings after changing a DTO.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use phr_app::*;
use ts_rs::TS;

fn generate(into: &Path) {
    // Each call also writes the types the root refers to.
    VaultStatus::export_all_to(into).unwrap();
    About::export_all_to(into).unwrap();
    OpenedFile::export_all_to(into).unwrap();
    CreatedVault::export_all_to(into).unwrap();
    NewKeys::export_all_to(into).unwrap();
    PassphraseStrength::export_all_to(into).unwrap();
    Person::export_all_to(into).unwrap();
    PersonInput::export_all_to(into).unwrap();
    AuditEntry::export_all_to(into).unwrap();
    AuditReport::export_all_to(into).unwrap();
    CarerActivity::export_all_to(into).unwrap();
    // A cared-for person's own access and what they let their carer see and do.
    OwnAccessStatus::export_all_to(into).unwrap();
    OwnAccessCreated::export_all_to(into).unwrap();
    OwnLimits::export_all_to(into).unwrap();
    OwnLimitsInput::export_all_to(into).unwrap();
    OwnLimitsChanged::export_all_to(into).unwrap();
    BackupInfo::export_all_to(into).unwrap();
    Settings::export_all_to(into).unwrap();
    Preferences::export_all_to(into).unwrap();
    AppError::export_all_to(into).unwrap();
    ErrorCode::export_all_to(into).unwrap();
    // One type per id, used by every DTO that carries it.
    PersonId::export_all_to(into).unwrap();
    EntryId::export_all_to(into).unwrap();
    AttachmentId::export_all_to(into).unwrap();
    ImportId::export_all_to(into).unwrap();
    ReadingId::export_all_to(into).unwrap();
    ShareId::export_all_to(into).unwrap();
    ShareDraftId::export_all_to(into).unwrap();
    FileHandle::export_all_to(into).unwrap();
    FileChoice::export_all_to(into).unwrap();
    // record and GP import
    ExportInfo::export_all_to(into).unwrap();
    // staying connected to the GP practice
    GpConnectionStatus::export_all_to(into).unwrap();
    GpDisconnected::export_all_to(into).unwrap();
    // an International Patient Summary's subject, asked about before it is imported
    ImportSubjectQuestion::export_all_to(into).unwrap();
    SourceKind::export_all_to(into).unwrap();
    Source::export_all_to(into).unwrap();
    EntryKind::export_all_to(into).unwrap();
    Sensitivity::export_all_to(into).unwrap();
    EntrySummary::export_all_to(into).unwrap();
    Code::export_all_to(into).unwrap();
    EntryValue::export_all_to(into).unwrap();
    Fact::export_all_to(into).unwrap();
    Attachment::export_all_to(into).unwrap();
    EntryDetail::export_all_to(into).unwrap();
    // the person's own entries, and their notes and hides
    OwnEntryForm::export_all_to(into).unwrap();
    OwnEntry::export_all_to(into).unwrap();
    OwnEntrySaved::export_all_to(into).unwrap();
    OwnEntryDeleted::export_all_to(into).unwrap();
    EntryNote::export_all_to(into).unwrap();
    HiddenEntries::export_all_to(into).unwrap();
    AttachmentImage::export_all_to(into).unwrap();
    Decisions::export_all_to(into).unwrap();
    // reminders
    Reminders::export_all_to(into).unwrap();
    ReminderChanged::export_all_to(into).unwrap();
    ReminderForm::export_all_to(into).unwrap();
    ReminderWords::export_all_to(into).unwrap();
    // what matters to the person: the things that matter most, contacts, practice, needs
    AboutMe::export_all_to(into).unwrap();
    AboutMeSaved::export_all_to(into).unwrap();
    AboutMeProblem::export_all_to(into).unwrap();
    AboutMeWords::export_all_to(into).unwrap();
    KindCount::export_all_to(into).unwrap();
    RecordSummary::export_all_to(into).unwrap();
    TimelineQuery::export_all_to(into).unwrap();
    TimelinePage::export_all_to(into).unwrap();
    SearchHit::export_all_to(into).unwrap();
    SearchHelp::export_all_to(into).unwrap();
    SnippetPart::export_all_to(into).unwrap();
    ImportOutcome::export_all_to(into).unwrap();
    ImportItem::export_all_to(into).unwrap();
    ImportReport::export_all_to(into).unwrap();
    ImportRun::export_all_to(into).unwrap();
    ImportUndo::export_all_to(into).unwrap();
    ImportStage::export_all_to(into).unwrap();
    ImportProgress::export_all_to(into).unwrap();
    // the check for damage
    RecordCheck::export_all_to(into).unwrap();
    BackgroundCheck::export_all_to(into).unwrap();
    CheckProgress::export_all_to(into).unwrap();
    GpPractice::export_all_to(into).unwrap();
    DemoPatient::export_all_to(into).unwrap();
    PracticeListing::export_all_to(into).unwrap();
    PracticeSearch::export_all_to(into).unwrap();
    // medicines
    Medicines::export_all_to(into).unwrap();

    // readings
    ReadingKind::export_all_to(into).unwrap();
    ReadingSource::export_all_to(into).unwrap();
    ContextOption::export_all_to(into).unwrap();
    ReadingKindInfo::export_all_to(into).unwrap();
    ReadingInput::export_all_to(into).unwrap();
    Reading::export_all_to(into).unwrap();
    ReadingOrigin::export_all_to(into).unwrap();
    ReadingSourceFilter::export_all_to(into).unwrap();
    GpPoint::export_all_to(into).unwrap();
    ReadingQuery::export_all_to(into).unwrap();
    ReadingPage::export_all_to(into).unwrap();
    HomeBpAverage::export_all_to(into).unwrap();
    ReadingStats::export_all_to(into).unwrap();
    Target::export_all_to(into).unwrap();
    Threshold::export_all_to(into).unwrap();
    ChartSeries::export_all_to(into).unwrap();
    DeviceFormat::export_all_to(into).unwrap();
    ColumnMapping::export_all_to(into).unwrap();
    RowProblem::export_all_to(into).unwrap();
    ReadingKindCount::export_all_to(into).unwrap();
    DeviceImportPreview::export_all_to(into).unwrap();
    DeviceImportResult::export_all_to(into).unwrap();
    BpWeekDay::export_all_to(into).unwrap();
    BpWeek::export_all_to(into).unwrap();
    GlucoseReport::export_all_to(into).unwrap();

    // sharing
    ShareRecipient::export_all_to(into).unwrap();
    ShareSlice::export_all_to(into).unwrap();
    LeftOut::export_all_to(into).unwrap();
    ShareRequest::export_all_to(into).unwrap();
    SealedTo::export_all_to(into).unwrap();
    ShareStatus::export_all_to(into).unwrap();
    WithheldCount::export_all_to(into).unwrap();
    SharedDocument::export_all_to(into).unwrap();
    SharePreview::export_all_to(into).unwrap();
    ShareInfo::export_all_to(into).unwrap();
    ShareCreated::export_all_to(into).unwrap();
    KeyInfo::export_all_to(into).unwrap();
    ShareUnlock::export_all_to(into).unwrap();
    ShareSubject::export_all_to(into).unwrap();
    PackageFileInfo::export_all_to(into).unwrap();
    OpenedShare::export_all_to(into).unwrap();

    // The words, limits and dates the interface asks for, and the readings overview.
    Vocabulary::export_all_to(into).unwrap();
    Today::export_all_to(into).unwrap();
    HandoverCreated::export_all_to(into).unwrap();
    HandoverStatus::export_all_to(into).unwrap();
    HandoverReceipt::export_all_to(into).unwrap();
    HandoverReceived::export_all_to(into).unwrap();
    ReadingKindOverview::export_all_to(into).unwrap();
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ts"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn committed_bindings_match_the_rust_types() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path());
    let fresh = read_dir(tmp.path());
    assert!(fresh.len() >= 10, "generated only {fresh:?}");

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = fs::remove_dir_all(&committed_dir);
        fs::create_dir_all(&committed_dir).unwrap();
        for (name, text) in &fresh {
            fs::write(committed_dir.join(name), text).unwrap();
        }
        return;
    }

    let committed = read_dir(&committed_dir);
    let stale: Vec<_> =
        fresh.keys().chain(committed.keys()).filter(|name| fresh.get(*name) != committed.get(*name)).collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale for {stale:?}: run `UPDATE_BINDINGS=1 cargo test -p phr-app --test bindings` and commit the result"
    );
}
