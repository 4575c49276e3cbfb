//! No secret or health data in any `Debug` output: what unlocks a package (an access code, an
//! age identity), a package's files, an opened package with its manifest (the subject, the
//! recipient, the purpose) and an error are formatted with `{:?}` and `{:#?}`, and none of the
//! personal values or secrets in them may show.

use std::fmt::Debug;

use phr_core::ErrorCode;
use phr_share::Unlock;

use crate::support::*;

/// The personal values and secrets the support fixtures put in a package.
const MARKERS: [&str; 7] =
    ["Ada Example", "9434765919", "1970-03-14", "amoxicillin", "Sam Physio", "Physiotherapy for my knee", "K7QM"];

fn assert_hidden(type_name: &str, x: &impl Debug, extra: &[&str]) {
    for shown in [format!("{x:?}"), format!("{x:#?}")] {
        assert!(shown.starts_with(type_name), "{type_name}'s Debug should name the type: {shown}");
        for marker in MARKERS.iter().chain(extra) {
            assert!(!shown.contains(marker), "{type_name}'s Debug shows {marker:?}: {shown}");
        }
    }
}

#[test]
fn what_unlocks_a_package_is_not_in_debug() {
    assert_hidden("Unlock", &by_code(), &[CODE]);
    let (identity, _) = professional();
    assert_hidden("Unlock", &Unlock::Identity(identity.into()), &["AGE-SECRET-KEY"]);
}

#[test]
fn an_opened_package_and_its_manifest_are_not_in_debug() {
    for file in files() {
        assert_hidden("PackageFile", &file, &[]);
    }
    assert_hidden("ShareSubject", &subject(), &[]);
    let opened = open(&sealed_to_code(files()), &by_code()).unwrap();
    assert_eq!(opened.manifest.subject.name, "Ada Example", "the package opened with the marker subject");
    assert_hidden("OpenedPackage", &opened, &[]);
    assert_hidden("Manifest", &opened.manifest, &[]);
    assert_hidden("ManifestConsent", &opened.manifest.consent, &[]);
    assert_hidden("ManifestRecipient", &opened.manifest.consent.recipient, &[]);
}

#[test]
fn a_refusal_is_not_in_debug() {
    let wrong = open(&sealed_to_code(files()), &Unlock::AccessCode("K7QM-2XD9-4HRT-8WPB".to_owned().into()));
    let err = wrong.unwrap_err();
    assert!(matches!(err.code, ErrorCode::ShareWrongCode | ErrorCode::ShareAccessCodeMalformed), "{err}");
    assert_hidden("ShareError", &phr_share::ShareError { code: err.code, message: "Ada Example".into() }, &[]);
}
