//! A package with an International Patient Summary (`phr-share/2`): ips.json goes last, the
//! manifest pins it like the other files, and the opener refuses it changed, removed, added
//! to a package whose consent does not name it, or named by a consent the package lacks.

use phr_core::ErrorCode;
use phr_core::share::{ShareConsent, ShareSlice};
use phr_share::{
    AccessCode, FORMAT, FORMAT_WITH_IPS, IPS_FILE, IPS_MEDIA_TYPE, MANIFEST_FILE, PackageFile, RECORD_FILE,
    SIGNATURE_FILE, SUMMARY_FILE, SealTo, Unlock,
};

use crate::support::*;

fn ips_consent() -> ShareConsent {
    ShareConsent { slice: ShareSlice { ips: true, ..consent().slice }, ..consent() }
}

fn ips_file() -> PackageFile {
    PackageFile {
        name: IPS_FILE.to_owned(),
        media_type: IPS_MEDIA_TYPE.to_owned(),
        bytes: br#"{"resourceType":"Bundle","type":"document","note":"patient summary"}"#.to_vec(),
    }
}

fn files_with_ips() -> Vec<PackageFile> {
    let mut f = files();
    f.push(ips_file());
    f
}

fn code() -> SealTo {
    SealTo::AccessCode(AccessCode::parse(CODE).unwrap())
}

fn sealed_with_ips() -> Vec<u8> {
    phr_share::seal_with_work_factor(&ips_consent(), &subject(), files_with_ips(), &key().0, &code(), FAST).unwrap()
}

#[test]
fn a_package_with_a_summary_is_phr_share_2_and_opens_with_all_five_files() {
    let opened = open(&sealed_with_ips(), &by_code()).unwrap();
    assert_eq!(opened.files, files_with_ips());
    let m = &opened.manifest;
    assert_eq!(m.format, FORMAT_WITH_IPS);
    assert!(m.consent.slice.ips);
    assert_eq!(ShareConsent::from(m.consent.clone()), ips_consent());
    let names: Vec<&str> = m.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [RECORD_FILE, SUMMARY_FILE, IPS_FILE]);
    let ips = &m.files[2];
    assert_eq!(ips.media_type, "application/fhir+json");
    assert_eq!(ips.size, ips_file().bytes.len() as u64);
    assert_eq!(ips.sha256, phr_share::sha256_hex(&ips_file().bytes));

    let members = untar(&decrypt_code(&sealed_with_ips()));
    let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, [MANIFEST_FILE, SIGNATURE_FILE, RECORD_FILE, SUMMARY_FILE, IPS_FILE]);
    let manifest = String::from_utf8(member(&members, MANIFEST_FILE).to_vec()).unwrap();
    assert!(manifest.contains("\"ips\": true"), "{manifest}");
}

#[test]
fn a_key_sealed_package_with_a_summary_opens_with_the_identity_file() {
    let (identity, recipient) = professional();
    let package =
        phr_share::seal(&ips_consent(), &subject(), files_with_ips(), &key().0, &SealTo::RecipientKey(recipient))
            .unwrap();
    let opened = open(&package, &Unlock::Identity(identity.into())).unwrap();
    assert_eq!(opened.files, files_with_ips());
}

#[test]
fn without_a_summary_the_package_is_phr_share_1_as_before() {
    let members = untar(&decrypt_code(&sealed_to_code(files())));
    let manifest = String::from_utf8(member(&members, MANIFEST_FILE).to_vec()).unwrap();
    assert!(manifest.contains(&format!("\"{FORMAT}\"")), "{manifest}");
    assert!(!manifest.contains("ips"), "{manifest}");
    assert_eq!(members.len(), 4);
}

#[test]
fn sealing_refuses_a_summary_the_consent_does_not_name_and_the_reverse() {
    let err = phr_share::seal(&consent(), &subject(), files_with_ips(), &key().0, &code()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let err = phr_share::seal(&ips_consent(), &subject(), files(), &key().0, &code()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let mut twice = files_with_ips();
    twice.push(ips_file());
    assert!(phr_share::seal(&ips_consent(), &subject(), twice, &key().0, &code()).is_err());
}

#[test]
fn a_changed_summary_is_refused_as_not_matching_its_signed_hash() {
    let mut members = untar(&decrypt_code(&sealed_with_ips()));
    let mut changed = member(&members, IPS_FILE).to_vec();
    let at = changed.iter().position(|b| *b == b'p').unwrap();
    changed[at] = b'q';
    replace(&mut members, IPS_FILE, changed);
    let message = refused(open(&encrypt_code(&retar(&members)), &by_code()), ErrorCode::ShareTampered);
    assert!(message.contains("International Patient Summary does not match its signed hash"), "{message}");

    // The same size or not, a longer one is caught by its size.
    let mut members = untar(&decrypt_code(&sealed_with_ips()));
    let mut longer = member(&members, IPS_FILE).to_vec();
    longer.push(b' ');
    replace(&mut members, IPS_FILE, longer);
    let message = refused(open(&encrypt_code(&retar(&members)), &by_code()), ErrorCode::ShareTampered);
    assert!(message.contains("International Patient Summary is not the size"), "{message}");
}

#[test]
fn a_summary_removed_or_added_is_refused() {
    // Taken out of a phr-share/2 package: its signed manifest still lists it.
    let mut members = untar(&decrypt_code(&sealed_with_ips()));
    members.retain(|(n, _)| n != IPS_FILE);
    refused(open(&encrypt_code(&retar(&members)), &by_code()), ErrorCode::ShareTampered);

    // Added to a phr-share/1 package: its signed manifest does not list it.
    let mut members = untar(&decrypt_code(&sealed_to_code(files())));
    members.push((IPS_FILE.to_owned(), ips_file().bytes));
    refused(open(&encrypt_code(&retar(&members)), &by_code()), ErrorCode::ShareTampered);
}

#[test]
fn a_manifest_whose_format_and_consent_disagree_is_refused_even_when_signed() {
    // Re-signed (as whoever holds the code and their own key could), the format claims a
    // summary the consent does not name...
    let mut members = untar(&decrypt_code(&sealed_with_ips()));
    let manifest = String::from_utf8(member(&members, MANIFEST_FILE).to_vec()).unwrap();
    let forged = manifest.replace("\"ips\": true", "\"ips\": false").into_bytes();
    replace(&mut members, SIGNATURE_FILE, sign(&forged));
    replace(&mut members, MANIFEST_FILE, forged);
    let message = refused(open(&encrypt_code(&retar(&members)), &by_code()), ErrorCode::ShareTampered);
    assert!(message.contains("disagree"), "{message}");

    // ... or a phr-share/1 manifest whose consent names one.
    let mut members = untar(&decrypt_code(&sealed_with_ips()));
    let manifest = String::from_utf8(member(&members, MANIFEST_FILE).to_vec()).unwrap();
    let forged = manifest.replace(FORMAT_WITH_IPS, FORMAT).into_bytes();
    replace(&mut members, SIGNATURE_FILE, sign(&forged));
    replace(&mut members, MANIFEST_FILE, forged);
    refused(open(&encrypt_code(&retar(&members)), &by_code()), ErrorCode::ShareTampered);
}

#[test]
fn every_sampled_flipped_byte_of_a_package_with_a_summary_is_refused() {
    let package = sealed_with_ips();
    let start = payload_start(&package);
    for at in (start..package.len()).step_by(53) {
        let mut copy = package.clone();
        copy[at] ^= 0x01;
        refused(open(&copy, &by_code()), ErrorCode::ShareTampered);
    }
}
