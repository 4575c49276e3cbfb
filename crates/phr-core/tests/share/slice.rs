//! The slice rule: each clause of admits_entry and admits_reading, what left_out says, and
//! when a slice is empty.

use phr_core::readings::ReadingKind;
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::ShareSlice;

use super::{day, slice_of};

const G: Sensitivity = Sensitivity::General;

#[test]
fn only_chosen_categories_are_admitted_and_never_the_patient() {
    let s = slice_of(&[EntryKind::Medication, EntryKind::Allergy, EntryKind::Patient]);
    assert!(s.admits_entry(1, EntryKind::Medication, Some(day(2026, 1, 1)), G));
    assert!(s.admits_entry(2, EntryKind::Allergy, None, G));
    assert!(!s.admits_entry(3, EntryKind::Problem, Some(day(2026, 1, 1)), G));
    // The Patient is the subject, not an entry, even when listed.
    assert!(!s.admits_entry(4, EntryKind::Patient, None, G));
}

#[test]
fn dates_are_inclusive_and_undated_entries_are_kept() {
    let s = ShareSlice { from: Some(day(2026, 1, 1)), to: Some(day(2026, 6, 30)), ..slice_of(&[EntryKind::Problem]) };
    assert!(s.admits_entry(1, EntryKind::Problem, Some(day(2026, 1, 1)), G));
    assert!(s.admits_entry(1, EntryKind::Problem, Some(day(2026, 6, 30)), G));
    assert!(!s.admits_entry(1, EntryKind::Problem, Some(day(2025, 12, 31)), G));
    assert!(!s.admits_entry(1, EntryKind::Problem, Some(day(2026, 7, 1)), G));
    assert!(s.admits_entry(1, EntryKind::Problem, None, G), "an undated entry of a chosen category is kept");
    let open_start = ShareSlice { to: Some(day(2026, 6, 30)), ..slice_of(&[EntryKind::Problem]) };
    assert!(open_start.admits_entry(1, EntryKind::Problem, Some(day(1950, 1, 1)), G));
    assert!(!open_start.admits_entry(1, EntryKind::Problem, Some(day(2027, 1, 1)), G));
}

#[test]
fn sensitive_entries_are_left_out_unless_their_label_is_ticked() {
    let plain = slice_of(&[EntryKind::Problem]);
    for label in [Sensitivity::MentalHealth, Sensitivity::SexualHealth, Sensitivity::SocialCare, Sensitivity::HeldBack]
    {
        assert!(!plain.admits_entry(1, EntryKind::Problem, None, label), "{label:?} shared without a tick");
        let ticked = ShareSlice { include_sensitive: vec![label], ..plain.clone() };
        assert!(ticked.admits_entry(1, EntryKind::Problem, None, label), "{label:?} ticked but left out");
        // Ticking one label shares no other.
        for other in Sensitivity::ALL.into_iter().filter(|o| *o != label && *o != G) {
            assert!(!ticked.admits_entry(1, EntryKind::Problem, None, other), "{other:?} shared by ticking {label:?}");
        }
    }
}

#[test]
fn held_back_is_shared_only_when_ticked_even_with_every_other_label() {
    let s = ShareSlice {
        include_sensitive: vec![Sensitivity::MentalHealth, Sensitivity::SexualHealth, Sensitivity::SocialCare],
        ..slice_of(&[EntryKind::Problem])
    };
    assert!(!s.admits_entry(1, EntryKind::Problem, None, Sensitivity::HeldBack));
}

#[test]
fn unticked_entries_are_left_out() {
    let s = ShareSlice { exclude_entries: vec![7], ..slice_of(&[EntryKind::Problem]) };
    assert!(!s.admits_entry(7, EntryKind::Problem, None, G));
    assert!(s.admits_entry(8, EntryKind::Problem, None, G));
}

#[test]
fn readings_by_kind_and_inclusive_range() {
    let s = ShareSlice {
        readings: vec![ReadingKind::BloodPressure],
        readings_from: Some(day(2026, 5, 1)),
        readings_to: Some(day(2026, 10, 31)),
        ..ShareSlice::default()
    };
    assert!(s.admits_reading(ReadingKind::BloodPressure, day(2026, 5, 1)));
    assert!(s.admits_reading(ReadingKind::BloodPressure, day(2026, 10, 31)));
    assert!(!s.admits_reading(ReadingKind::BloodPressure, day(2026, 4, 30)));
    assert!(!s.admits_reading(ReadingKind::BloodPressure, day(2026, 11, 1)));
    assert!(!s.admits_reading(ReadingKind::Weight, day(2026, 6, 1)));
    let open = ShareSlice { readings: vec![ReadingKind::Weight], ..ShareSlice::default() };
    assert!(open.admits_reading(ReadingKind::Weight, day(1990, 1, 1)));
}

#[test]
fn left_out_names_every_unchosen_category_label_and_reading_kind() {
    let s = ShareSlice {
        readings: vec![ReadingKind::BloodPressure],
        include_sensitive: vec![Sensitivity::SocialCare],
        ..slice_of(&[EntryKind::Medication, EntryKind::Allergy, EntryKind::Patient])
    };
    let l = s.left_out();
    assert!(!l.categories.contains(&EntryKind::Medication) && !l.categories.contains(&EntryKind::Allergy));
    assert!(!l.categories.contains(&EntryKind::Patient), "the Patient is never left out: it is the subject");
    assert!(l.categories.contains(&EntryKind::Problem) && l.categories.contains(&EntryKind::Other));
    assert_eq!(l.categories.len(), EntryKind::ALL.len() - 3);
    assert_eq!(l.labels, vec![Sensitivity::MentalHealth, Sensitivity::SexualHealth, Sensitivity::HeldBack]);
    assert!(!l.labels.contains(&Sensitivity::General));
    assert_eq!(l.readings.len(), ReadingKind::ALL.len() - 1);
    assert!(!l.readings.contains(&ReadingKind::BloodPressure));
}

#[test]
fn a_slice_with_no_category_or_reading_is_empty() {
    assert!(ShareSlice::default().is_empty());
    assert!(slice_of(&[EntryKind::Patient]).is_empty());
    let labels_only = ShareSlice { include_sensitive: vec![Sensitivity::MentalHealth], ..ShareSlice::default() };
    assert!(labels_only.is_empty());
    assert!(!slice_of(&[EntryKind::Goal]).is_empty());
    assert!(!ShareSlice { readings: vec![ReadingKind::Weight], ..ShareSlice::default() }.is_empty());
}
