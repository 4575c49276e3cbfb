//! Sealing and opening: by access code at the real work factor, by a professional's key; what
//! the manifest says; what the archive looks like inside.

use phr_share::{
    AccessCode, FORMAT, MANIFEST_FILE, RECORD_FILE, SEAL_WORK_FACTOR, SIGNATURE_FILE, SUMMARY_FILE, SealTo, Unlock,
};

use crate::support::*;

#[test]
fn a_package_sealed_to_a_code_at_the_real_work_factor_opens_with_that_code_as_typed() {
    let code = AccessCode::generate().unwrap();
    let package =
        phr_share::seal(&consent(), &subject(), files(), &key().0, &SealTo::AccessCode(code.clone())).unwrap();

    // The header names the work factor the app promises.
    let header = String::from_utf8_lossy(&package[..200]).into_owned();
    assert!(header.contains(&format!(" {SEAL_WORK_FACTOR}\n")), "{header}");

    // Typed in lower case without dashes, it still opens.
    let typed = code.as_str().replace('-', " ").to_lowercase();
    let opened = phr_share::open(&package, &Unlock::AccessCode(typed.into()), now()).unwrap();
    assert_eq!(opened.files, files());
    assert_eq!(opened.signer_fingerprint, key().0.fingerprint());
    assert_eq!(phr_core::share::ShareConsent::from(opened.manifest.consent.clone()), consent());
}

#[test]
fn a_package_sealed_to_a_key_opens_with_the_identity_file() {
    let (package, identity) = sealed_to_key(files());
    let opened = open(&package, &Unlock::Identity(identity.into())).unwrap();
    assert_eq!(opened.files, files());
    assert_eq!(opened.signer_fingerprint, key().0.fingerprint());
}

#[test]
fn the_manifest_says_who_what_for_whom_and_pins_every_file() {
    let opened = open(&sealed_to_code(files()), &by_code()).unwrap();
    let m = &opened.manifest;
    assert_eq!(m.format, FORMAT);
    assert_eq!(m.share_id, consent().share_id);
    assert_eq!(m.created, created());
    assert_eq!(m.not_after, not_after());
    assert_eq!(m.subject, subject());
    assert_eq!(phr_core::share::LeftOut::from(m.left_out.clone()), consent().slice.left_out());
    assert_eq!(m.signer.algorithm, "Ed25519");
    assert_eq!(m.signer.fingerprint, key().0.fingerprint());
    let names: Vec<&str> = m.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [RECORD_FILE, SUMMARY_FILE]);
    let record = &m.files[0];
    assert_eq!(record.size, files()[0].bytes.len() as u64);
    assert_eq!(record.sha256.len(), 64);
    assert_eq!(record.media_type, "application/fhir+json");
}

#[test]
fn the_archive_holds_exactly_four_files_in_order_with_fixed_headers() {
    let plain = decrypt_code(&sealed_to_code(files()));
    let names: Vec<String> = untar(&plain).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, [MANIFEST_FILE, SIGNATURE_FILE, RECORD_FILE, SUMMARY_FILE]);
    let mut tar = tar::Archive::new(&plain[..]);
    for entry in tar.entries().unwrap() {
        let entry = entry.unwrap();
        let h = entry.header();
        assert!(h.as_ustar().is_some());
        assert_eq!(h.mode().unwrap(), 0o644);
        assert_eq!(h.mtime().unwrap(), 0);
        assert_eq!(h.uid().unwrap(), 0);
    }
    // Same files, same archive (the manifest has no sealing-time data of its own).
    assert_eq!(plain, decrypt_code(&sealed_to_code(files())));
}

#[test]
fn sealing_refuses_a_bad_recipient_key_and_wrong_files() {
    let err =
        phr_share::seal(&consent(), &subject(), files(), &key().0, &SealTo::RecipientKey("age1notakey".to_owned()))
            .unwrap_err();
    assert_eq!(err.code, phr_core::ErrorCode::ShareRecipientKeyInvalid);

    let code = SealTo::AccessCode(AccessCode::parse(CODE).unwrap());
    let mut extra = files();
    extra.push(phr_share::PackageFile { name: "notes.txt".into(), media_type: "text/plain".into(), bytes: vec![] });
    assert!(phr_share::seal(&consent(), &subject(), extra, &key().0, &code).is_err());
    let only_record = vec![files().remove(0)];
    assert!(phr_share::seal(&consent(), &subject(), only_record, &key().0, &code).is_err());
    let mut twice = files();
    twice.push(files().remove(0));
    assert!(phr_share::seal(&consent(), &subject(), twice, &key().0, &code).is_err());
}

#[test]
fn an_opened_package_is_valid_until_the_last_second_of_not_after() {
    let package = sealed_to_code(files());
    assert!(phr_share::open(&package, &by_code(), not_after()).is_ok());
}

#[test]
fn an_opened_package_keeps_the_signed_manifest_bytes_for_saving() {
    let package = sealed_to_code(files());
    let opened = open(&package, &by_code()).unwrap();
    let members = untar(&decrypt_code(&package));
    assert_eq!(opened.manifest_json, member(&members, MANIFEST_FILE));
    assert_eq!(opened.manifest_sig, member(&members, SIGNATURE_FILE));
    let parsed: phr_share::Manifest = serde_json::from_slice(&opened.manifest_json).unwrap();
    assert_eq!(parsed, opened.manifest);
}
