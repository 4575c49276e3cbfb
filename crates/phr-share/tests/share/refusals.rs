//! Refusals with the right reason: wrong code, wrong key, code and key mixed up, expired, not a
//! package at all, a format from the future.

use chrono::Duration;
use phr_core::ErrorCode;
use phr_share::{AccessCode, MANIFEST_FILE, SIGNATURE_FILE, SealTo, Unlock};

use crate::support::*;

#[test]
fn a_wrong_code_is_refused_as_a_wrong_code_at_the_real_work_factor() {
    let code = AccessCode::generate().unwrap();
    let package = phr_share::seal(&consent(), &subject(), files(), &key().0, &SealTo::AccessCode(code)).unwrap();
    let message = refused(open(&package, &by_code()), ErrorCode::ShareWrongCode);
    assert!(message.contains("access code does not open"), "{message}");
}

#[test]
fn a_malformed_code_is_refused_as_malformed() {
    let package = sealed_to_code(files());
    refused(open(&package, &Unlock::AccessCode("K7QM-2XD9".to_owned().into())), ErrorCode::ShareAccessCodeMalformed);
}

#[test]
fn another_professionals_identity_is_not_for_them() {
    let (package, _) = sealed_to_key(files());
    let (someone_else, _) = professional();
    let message = refused(open(&package, &Unlock::Identity(someone_else.into())), ErrorCode::ShareNotForYou);
    assert!(message.contains("someone else's key"), "{message}");
}

#[test]
fn a_code_sealed_package_opened_with_an_identity_is_not_for_you_and_the_other_way_round() {
    let (identity, _) = professional();
    let message =
        refused(open(&sealed_to_code(files()), &Unlock::Identity(identity.into())), ErrorCode::ShareNotForYou);
    assert!(message.contains("sealed to an access code"), "{message}");

    let (package, _) = sealed_to_key(files());
    let message = refused(open(&package, &by_code()), ErrorCode::ShareNotForYou);
    assert!(message.contains("sealed to a professional's key"), "{message}");
}

#[test]
fn an_identity_file_that_is_not_one_is_refused_with_the_line() {
    let (package, _) = sealed_to_key(files());
    let err = open(&package, &Unlock::Identity("# just a comment\n".to_owned().into())).unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedFile);
    let err = open(&package, &Unlock::Identity("# key\nAGE-SECRET-KEY-1NOPE\n".to_owned().into())).unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedFile);
    assert!(err.message.contains("Line 2"), "{}", err.message);
}

#[test]
fn a_package_just_past_its_expiry_is_refused_saying_when() {
    let package = sealed_to_code(files());
    let message =
        refused(phr_share::open(&package, &by_code(), not_after() + Duration::seconds(1)), ErrorCode::ShareExpired);
    assert!(message.contains("23 Dec 2026"), "{message}");
    refused(phr_share::open(&package, &by_code(), not_after() + Duration::days(400)), ErrorCode::ShareExpired);
}

#[test]
fn files_that_are_not_packages_are_refused_as_such() {
    for junk in [
        &b""[..],
        b"hello",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n",
        &[0u8; 4096],
    ] {
        refused(open(junk, &by_code()), ErrorCode::ShareNotAPackage);
    }
}

#[test]
fn a_manifest_in_a_future_format_needs_a_newer_app() {
    let mut members = untar(&decrypt_code(&sealed_to_code(files())));
    let manifest = String::from_utf8(member(&members, MANIFEST_FILE).to_vec()).unwrap();
    let future = manifest.replace("\"phr-share/1\"", "\"phr-share/3\"").into_bytes();
    let sig = sign(&future);
    replace(&mut members, MANIFEST_FILE, future);
    replace(&mut members, SIGNATURE_FILE, sig);
    let message = refused(open(&encrypt_code(&retar(&members)), &by_code()), ErrorCode::UnsupportedVersion);
    assert!(message.contains("phr-share/3"), "{message}");
    assert!(message.contains("newer version of the app"), "{message}");
    assert!(!message.contains("damaged"), "{message}");
}

#[test]
fn an_age_file_for_this_key_that_holds_something_else_is_refused() {
    let (identity, recipient) = professional();
    let unlock = Unlock::Identity(identity.into());
    refused(open(&encrypt_key(b"just a note, not a package", &recipient), &unlock), ErrorCode::ShareTampered);
}
