//! Tampering of every kind is refused, none panics: flipped bytes across header and payload,
//! truncation, appended bytes, a manifest swapped in from another package, a manifest edited
//! without re-signing, files added, removed or disagreeing with a properly signed manifest.

use std::collections::BTreeSet;

use phr_core::ErrorCode;
use phr_share::{MANIFEST_FILE, RECORD_FILE, SIGNATURE_FILE, SUMMARY_FILE, Unlock};
use proptest::prelude::*;

use crate::support::*;

/// What a changed header byte may look like: its salt or wrapped key changed reads as a wrong
/// code (or key); its first line changed, as not a package; anything else, as tampering.
const HEADER_REASONS: [ErrorCode; 4] =
    [ErrorCode::ShareTampered, ErrorCode::ShareWrongCode, ErrorCode::ShareNotForYou, ErrorCode::ShareNotAPackage];

/// Offsets to flip: every 97th byte plus the first and last 64.
fn sample_offsets(len: usize) -> BTreeSet<usize> {
    (0..len).step_by(97).chain(0..64.min(len)).chain(len.saturating_sub(64)..len).collect()
}

fn check_flips(package: &[u8], unlock: &Unlock) {
    let payload = payload_start(package);
    for at in sample_offsets(package.len()) {
        let mut copy = package.to_vec();
        copy[at] ^= 0x01;
        let err = open(&copy, unlock).expect_err(&format!("a flip at byte {at} opened"));
        if at >= payload {
            assert_eq!(err.code, ErrorCode::ShareTampered, "flip at {at}: {}", err.message);
        } else {
            assert!(HEADER_REASONS.contains(&err.code), "flip at {at}: {:?} {}", err.code, err.message);
        }
    }
}

#[test]
fn every_sampled_flipped_byte_of_a_code_sealed_package_is_refused() {
    check_flips(&sealed_to_code(files()), &by_code());
}

#[test]
fn every_sampled_flipped_byte_of_a_key_sealed_package_is_refused() {
    // Big enough for several 64 KiB chunks.
    let (package, identity) = sealed_to_key(files_with(&"x".repeat(200_000)));
    check_flips(&package, &Unlock::Identity(identity.into()));
}

#[test]
fn a_truncated_package_is_refused_at_every_length() {
    let (package, identity) = sealed_to_key(files_with(&"y".repeat(140_000)));
    let unlock = Unlock::Identity(identity.into());
    let payload = payload_start(&package);
    let lengths: BTreeSet<usize> =
        (0..package.len()).step_by(211).chain(package.len().saturating_sub(80)..package.len()).collect();
    for len in lengths {
        let err = open(&package[..len], &unlock).expect_err(&format!("cut to {len} bytes it opened"));
        if len > payload {
            assert_eq!(err.code, ErrorCode::ShareTampered, "cut to {len}: {}", err.message);
        } else {
            assert!(HEADER_REASONS.contains(&err.code), "cut to {len}: {:?}", err.code);
        }
    }
    let cut = refused(open(&package[..package.len() - 1], &unlock), ErrorCode::ShareTampered);
    assert!(cut.contains("changed or damaged"), "{cut}");
}

#[test]
fn bytes_appended_to_a_package_are_refused() {
    let package = sealed_to_code(files());
    for extra in [&b"\n"[..], &[0u8; 16], &[0xAA; 65_552], b"age-encryption.org/v1\n"] {
        let mut longer = package.clone();
        longer.extend_from_slice(extra);
        refused(open(&longer, &by_code()), ErrorCode::ShareTampered);
    }
}

#[test]
fn bytes_appended_after_a_last_chunk_that_is_full_are_refused() {
    // Pad the summary until the archive is exactly one 64 KiB chunk, so age's last chunk is a full
    // one and a reader that stops early would not see what follows.
    let (identity, recipient) = professional();
    let unlock = Unlock::Identity(identity.into());
    let mut pad = 0usize;
    let package = loop {
        let mut f = files();
        f[1].bytes.extend(std::iter::repeat_n(b' ', pad));
        let package =
            phr_share::seal(&consent(), &subject(), f, &key().0, &phr_share::SealTo::RecipientKey(recipient.clone()))
                .unwrap();
        let plain_len = package.len() - payload_start(&package) - 16;
        if plain_len == 65_536 {
            break package;
        }
        assert!(plain_len < 65_536, "overshot: {plain_len}");
        pad += 65_536 - plain_len;
    };
    assert!(open(&package, &unlock).is_ok());
    for extra in [&b"x"[..], &[0u8; 17], &[0u8; 65_552]] {
        let mut longer = package.clone();
        longer.extend_from_slice(extra);
        refused(open(&longer, &unlock), ErrorCode::ShareTampered);
    }
}

#[test]
fn a_manifest_swapped_in_from_another_package_is_refused() {
    let ours = untar(&decrypt_code(&sealed_to_code(files())));
    let theirs = untar(&decrypt_code(&sealed_to_code(files_with("penicillin allergy!"))));
    let mut swapped = ours.clone();
    replace(&mut swapped, MANIFEST_FILE, member(&theirs, MANIFEST_FILE).to_vec());
    replace(&mut swapped, SIGNATURE_FILE, member(&theirs, SIGNATURE_FILE).to_vec());
    let message = refused(open(&encrypt_code(&retar(&swapped)), &by_code()), ErrorCode::ShareTampered);
    assert!(message.contains("record file does not match its signed"), "{message}");

    // Only the signature swapped: it signs another manifest.
    let mut sig_only = ours;
    replace(&mut sig_only, SIGNATURE_FILE, member(&theirs, SIGNATURE_FILE).to_vec());
    let message = refused(open(&encrypt_code(&retar(&sig_only)), &by_code()), ErrorCode::ShareTampered);
    assert!(message.contains("signature does not verify"), "{message}");
}

#[test]
fn a_manifest_edited_and_resealed_without_re_signing_is_refused() {
    let mut members = untar(&decrypt_code(&sealed_to_code(files())));
    let manifest = String::from_utf8(member(&members, MANIFEST_FILE).to_vec()).unwrap();
    let edited = manifest.replace("2026-12-23T23:59:59Z", "2036-12-23T23:59:59Z");
    assert_ne!(edited, manifest);
    replace(&mut members, MANIFEST_FILE, edited.into_bytes());
    let message = refused(open(&encrypt_code(&retar(&members)), &by_code()), ErrorCode::ShareTampered);
    assert!(message.contains("signature does not verify"), "{message}");
}

#[test]
fn a_record_or_summary_changed_under_a_valid_signature_is_refused_naming_the_file() {
    let members = untar(&decrypt_code(&sealed_to_code(files())));
    let mut record = members.clone();
    replace(&mut record, RECORD_FILE, member(&members, RECORD_FILE).to_ascii_uppercase());
    let message = refused(open(&encrypt_code(&retar(&record)), &by_code()), ErrorCode::ShareTampered);
    assert!(message.contains("the record file does not match its signed hash"), "{message}");

    let mut summary = members.clone();
    let mut longer = member(&members, SUMMARY_FILE).to_vec();
    longer.extend_from_slice(b"<p>added</p>");
    replace(&mut summary, SUMMARY_FILE, longer);
    let message = refused(open(&encrypt_code(&retar(&summary)), &by_code()), ErrorCode::ShareTampered);
    assert!(message.contains("summary page is not the size"), "{message}");
}

#[test]
fn files_added_removed_or_out_of_line_with_the_signed_list_are_refused() {
    let members = untar(&decrypt_code(&sealed_to_code(files())));
    let reseal = |m: &[(String, Vec<u8>)]| open(&encrypt_code(&retar(m)), &by_code());

    let mut extra = members.clone();
    extra.push(("notes.txt".into(), b"hi".to_vec()));
    assert!(refused(reseal(&extra), ErrorCode::ShareTampered).contains("unexpected file 'notes.txt'"));

    let mut twice = members.clone();
    twice.push(members[2].clone());
    assert!(refused(reseal(&twice), ErrorCode::ShareTampered).contains("twice"));

    let missing: Vec<_> = members.iter().filter(|(n, _)| n != SUMMARY_FILE).cloned().collect();
    assert!(refused(reseal(&missing), ErrorCode::ShareTampered).contains("no 'summary.html'"));

    let mut in_a_folder = members.clone();
    in_a_folder[2].0 = format!("x/{RECORD_FILE}");
    refused(reseal(&in_a_folder), ErrorCode::ShareTampered);

    let mut reordered = members.clone();
    reordered.swap(2, 3);
    assert!(refused(reseal(&reordered), ErrorCode::ShareTampered).contains("not in the form"));

    // A properly signed manifest listing a third file the archive does not hold.
    let mut listed = members.clone();
    let mut manifest: serde_json::Value = serde_json::from_slice(member(&members, MANIFEST_FILE)).unwrap();
    let extra_file = manifest["files"][1].clone();
    manifest["files"].as_array_mut().unwrap().push(extra_file);
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    replace(&mut listed, SIGNATURE_FILE, sign(&bytes));
    replace(&mut listed, MANIFEST_FILE, bytes);
    assert!(refused(reseal(&listed), ErrorCode::ShareTampered).contains("signed list of files"));

    // A properly signed manifest whose fingerprint is not its key's.
    let mut lying = members.clone();
    let mut manifest: serde_json::Value = serde_json::from_slice(member(&members, MANIFEST_FILE)).unwrap();
    manifest["signer"]["fingerprint"] = "0000 0000 0000 0000 0000 0000 0000 0000".into();
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    replace(&mut lying, SIGNATURE_FILE, sign(&bytes));
    replace(&mut lying, MANIFEST_FILE, bytes);
    assert!(refused(reseal(&lying), ErrorCode::ShareTampered).contains("fingerprint"));

    // The archive itself not a tar, or empty.
    refused(open(&encrypt_code(b"not a tar at all"), &by_code()), ErrorCode::ShareTampered);
    refused(open(&encrypt_code(b""), &by_code()), ErrorCode::ShareTampered);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::repo::cases(64), ..ProptestConfig::default() })]

    #[test]
    fn random_byte_flips_never_open_and_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4)
    ) {
        let (package, identity) = fixture();
        let mut copy = package.clone();
        for (at, mask) in &flips {
            let i = at.index(copy.len());
            copy[i] ^= mask;
        }
        prop_assume!(&copy != package);
        prop_assert!(open(&copy, &Unlock::Identity(identity.clone().into())).is_err());
    }
}

/// One key-sealed package for all proptest cases.
fn fixture() -> &'static (Vec<u8>, String) {
    static F: std::sync::OnceLock<(Vec<u8>, String)> = std::sync::OnceLock::new();
    F.get_or_init(|| sealed_to_key(files_with(&"z".repeat(70_000))))
}

#[test]
fn a_header_asking_for_absurd_scrypt_work_is_refused_without_doing_it() {
    let package = sealed_to_code(files());
    let at = package.windows(4).position(|w| w == b" 10\n").unwrap();
    for factor in [b"30", b"63", b"20"] {
        let mut greedy = package.clone();
        greedy[at + 1..at + 3].copy_from_slice(factor);
        let message = refused(open(&greedy, &by_code()), ErrorCode::ShareTampered);
        assert!(message.contains("far more work"), "{message}");
    }
}
